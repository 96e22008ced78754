//! The TOC family's shared shape: a rule that checks each table of contents of a file in turn.

use crate::base::diagnostic::{Diagnostic, RuleMeta, RuleRef};
use crate::model::document::Document;
use crate::model::toc::{self, Toc};
use crate::rules::Rule;

/// A rule whose findings come from one table of contents at a time (QA502–QA504).
pub struct EachToc {
    pub meta: &'static RuleMeta,
    pub check: fn(&Document, &Toc, &mut Vec<Diagnostic>),
}

impl Rule for EachToc {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(self.meta)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for t in toc::find_all(doc) {
            (self.check)(doc, t, out);
        }
    }
}
