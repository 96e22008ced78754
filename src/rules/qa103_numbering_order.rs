//! `QA103 numbering-order`: A question number is lower than the one before it.
//!
//! **What it does.** Reports a question whose number is lower than its predecessor's (and is not
//! a duplicate): `Q5` followed by `Q3`.
//!
//! **Why.** Out-of-order numbers mean a block was moved or pasted in the wrong place.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q3: What is a map?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//!
//! ## Q3: What is a map?
//! ```
//!
//! **Options.** None. Numbering follows `questions.numbering` (`start: 1`, `scope: file`; see
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope in document order (the questions stay where they are),
//! updating links and TOC entries in the same write.

use crate::config::Profile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::numbering;
use crate::rules::{FileSummary, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA103",
    name: "numbering-order",
    summary: "A question number is lower than the one before it",
    default_severity: Severity::Error,
};

struct NumberingOrder;

pub fn build(_: &RuleOptions) -> Box<dyn Rule> {
    Box::new(NumberingOrder)
}

impl Rule for NumberingOrder {
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
