//! `QA304 shadowed-definition`: a link reference definition whose label repeats an earlier
//! one's with another destination; GitHub takes the first and drops it.
//!
//! **What it does.** Finds each `[label]: dest` line that the parser reads as a definition but
//! does not take because an earlier definition has the same label (labels match as GitHub
//! matches them: case and runs of white space aside), when its destination differs from the
//! first one's. An identical repeat changes nothing and is left alone; so is a line that only
//! looks like a definition (inside a paragraph, in code, a footnote's `[^1]:`). When no link
//! uses the label, the help says so: a definition shows nothing on the page, and
//! `[Source]: https://…` under each answer was most likely meant as a visible link.
//!
//! **Why.** Every `[text][label]` goes to the first definition's destination. A collection that
//! repeats `[ref]:` under each answer sends every answer's reference link to the first answer's
//! source, and the later sources are never shown.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection ([ref]).
//!
//! [ref]: https://example.com/list
//!
//! ## Q2: What is a set?
//!
//! A collection without repeats ([ref]).
//!
//! [ref]: https://example.com/set
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection ([ref-list]).
//!
//! [ref-list]: https://example.com/list
//!
//! ## Q2: What is a set?
//!
//! A collection without repeats ([ref-set]).
//!
//! [ref-set]: https://example.com/set
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: which label each link meant is the author's to say.

use crate::base::diagnostic::{Diagnostic, Family, RuleRef, Severity};
use crate::model::document::Document;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA304",
    name: "shadowed-definition",
    family: Family::Answers,
    summary: "A reference definition whose label an earlier definition already took",
    default_severity: Severity::Warning,
};

struct ShadowedDefinition;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(ShadowedDefinition))
}

impl Rule for ShadowedDefinition {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for d in doc.shadowed_definitions() {
            let line = doc.lines.line_of(d.first) + 1;
            // A reference link's destination is its definition's.
            let used = doc
                .links
                .iter()
                .any(|l| l.by_reference && l.dest == d.first_dest);
            let help = if used {
                "the first definition of a label wins: give this one a label of its own (and use it in the links meant for it), or remove it".to_string()
            } else {
                format!(
                    "the first definition of a label wins, and no link uses `[{}]`: a definition shows nothing on the page; to show the link, write it inline (`[{}](…)`), else remove it",
                    d.label, d.label
                )
            };
            out.push(
                Diagnostic::new(
                    &META,
                    d.range,
                    format!(
                        "definition `[{}]: {}` repeats the label of line {line}, whose `{}` its links go to",
                        d.label, d.dest, d.first_dest
                    ),
                )
                .with_label("never used")
                .with_help(help),
            );
        }
    }
}
