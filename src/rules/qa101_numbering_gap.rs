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

use crate::config::Profile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::numbering;
use crate::rules::{FileSummary, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA101",
    name: "numbering-gap",
    summary: "A question number is skipped",
    default_severity: Severity::Error,
};

struct NumberingGap;

pub fn build(_: &RuleOptions) -> Box<dyn Rule> {
    Box::new(NumberingGap)
}

impl Rule for NumberingGap {
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
