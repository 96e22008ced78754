//! `QA602 malformed-list-number`: An ordered-list marker glued to its text renders as a paragraph.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA602",
    name: "malformed-list-number",
    summary: "An ordered-list marker glued to its text renders as a paragraph",
    default_severity: Severity::Warning,
};

struct MalformedListNumber;

pub fn build(_: &RuleOptions) -> Box<dyn Rule> {
    Box::new(MalformedListNumber)
}

impl Rule for MalformedListNumber {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}
}
