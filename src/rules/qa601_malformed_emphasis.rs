//! `QA601 malformed-emphasis`: Emphasis that does not render because of its spacing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA601",
    name: "malformed-emphasis",
    summary: "Emphasis that does not render because of its spacing",
    default_severity: Severity::Warning,
};

struct MalformedEmphasis;

pub fn build(_: &RuleOptions) -> Box<dyn Rule> {
    Box::new(MalformedEmphasis)
}

impl Rule for MalformedEmphasis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}
}
