//! `QA101 numbering-gap`: A question number is skipped.
//!
//! **What it does.** Reports a question whose number jumps past numbers that no question in the
//! same scope carries (`Q4` then `Q6`, with no `Q5` anywhere).
//!
//! **Why.** A skipped number usually means a question was deleted or lost in a merge, and readers
//! citing "question 5" find nothing.
//!
//! One break gives one finding: after `Q4, Q6, Q7` only `Q6` is reported. A jump over numbers that
//! are used elsewhere in the scope is an ordering problem (QA103), not a gap.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
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
//! **Options.** None. Numbering follows `questions.numbering` (`start: 1`, `scope: auto`; see
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope to `start, start+1, ...` in document order, updating links
//! to the renamed anchors and TOC entries in the same write (also `qalint renumber`).

use crate::model::settings::ParseSettings;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use super::sequence;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::model::summary::{FileSummary};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA101",
    name: "numbering-gap",
    family: Family::Numbering,
    summary: "A question number is skipped",
    default_severity: Severity::Error,
};

struct NumberingGap;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(NumberingGap))
}

impl Rule for NumberingGap {
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
