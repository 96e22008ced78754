//! `QA104 numbering-start`: The first question does not carry the start number.
//!
//! **What it does.** Reports the first numbered question of a scope when its number is not
//! `questions.numbering.start` (1 by default).
//!
//! **Why.** A collection that starts at `Q2` lost its first question, or counts from 0 without
//! saying so in its config.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q2: What is a list?
//!
//! ## Q3: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None. The start is `questions.numbering.start` (default `1`, in
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope from `start`, updating links and TOC entries in the same
//! write.

use crate::config::Profile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::numbering;
use crate::rules::{FileSummary, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA104",
    name: "numbering-start",
    summary: "The first question does not carry the start number",
    default_severity: Severity::Error,
};

struct NumberingStart;

pub fn build(_: &RuleOptions) -> Box<dyn Rule> {
    Box::new(NumberingStart)
}

impl Rule for NumberingStart {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        numbering::check_document(&META, doc, out);
    }

    fn check_repository(
        &self,
        profile: &Profile,
        files: &[&FileSummary],
        out: &mut Vec<(usize, Diagnostic)>,
    ) {
        numbering::check_repository(&META, &profile.questions, files, out);
    }
}
