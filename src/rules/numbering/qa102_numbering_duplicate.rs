//! `QA102 numbering-duplicate`: A question number is used twice.
//!
//! **What it does.** Reports a question whose number an earlier question in the same scope
//! already carries, and labels both.
//!
//! **Why.** Two PRs that each add "the next question" collide on one number; links and citations
//! by number become ambiguous.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//!
//! ## Q2: What is a map?
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
//! **Fix.** Safe: renumber the scope in document order (`Q1 Q2 Q2` becomes `Q1 Q2 Q3`), updating
//! links and TOC entries in the same write.

use crate::model::settings::ParseSettings;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use super::sequence;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::model::summary::{FileSummary};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA102",
    name: "numbering-duplicate",
    family: Family::Numbering,
    summary: "A question number is used twice",
    default_severity: Severity::Error,
};

struct NumberingDuplicate;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(NumberingDuplicate))
}

impl Rule for NumberingDuplicate {
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
