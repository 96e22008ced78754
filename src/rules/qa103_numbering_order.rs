//! `QA103 numbering-order`: A question number is lower than the one before it.
//!
//! **What it does.** Reports a question whose number is lower than its predecessor's (and is not
//! a duplicate): `Q5` followed by `Q3`.
//!
//! **Why.** Out-of-order numbers mean a block was moved or pasted in the wrong place.

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
