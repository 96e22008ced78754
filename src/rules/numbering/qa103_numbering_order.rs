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
//! **Options.** None. Numbering follows `questions.numbering` (`start: 1`, `scope: auto`; see
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope in document order (the questions stay where they are),
//! updating links and TOC entries in the same write.

use crate::model::settings::ParseSettings;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use super::sequence;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::model::summary::{FileSummary};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA103",
    name: "numbering-order",
    family: Family::Numbering,
    summary: "A question number is lower than the one before it",
    default_severity: Severity::Error,
};

struct NumberingOrder;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(NumberingOrder))
}

impl Rule for NumberingOrder {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        sequence::check_document(&META, doc, out);
    }

    fn check_repository(
        &self,
        settings: &ParseSettings,
        files: &[&FileSummary],
        out: &mut Vec<(usize, Diagnostic)>,
    ) {
        sequence::check_repository(&META, &settings.questions, files, out);
    }
}
