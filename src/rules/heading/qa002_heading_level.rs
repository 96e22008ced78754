//! `QA002 heading-level`: a question heading at another level than the configured one.
//!
//! **What it does.** Reports a heading that matches the question pattern at a level outside
//! `questions.level` (`### Q5: x` when questions are `##`). A heading that has questions below it
//! is a section, not a misplaced question, and is left alone. Numbered sub-headings of an
//! answer are not questions. Where a section's questions are mostly (two or more, over half)
//! written at another level, that level is the section's: the others there are reported
//! against it (an `## Old Q&A` part written `####` throughout a `###` file is fine as it is).
//!
//! **Why.** Levels drive the outline, the TOC and where each answer ends; one question at the
//! wrong level swallows the next ones as its sub-sections.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ### Q2: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None. The level is `questions.level` (the preset's, `2` for the default `q-colon`;
//! see `rules/presets/`).
//!
//! **Fix.** Safe: change the number of `#` to the configured level; unsafe when the level is
//! the section's (read from its other questions). Setext headings get no fix.

use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::document::{Document, Form};
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA002",
    name: "heading-level",
    family: Family::Heading,
    summary: "A question heading is at another level than the configured one",
    default_severity: Severity::Error,
};

struct HeadingLevel;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(HeadingLevel))
}

impl Rule for HeadingLevel {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for q in &doc.questions {
            let (Some(level), Some(hi)) = (q.level, q.heading) else {
                continue;
            };
            let (Some(want), Form::Ok) = (q.expected_level, q.form) else {
                continue;
            };
            let h = &doc.headings[hi];
            // The convention's levels, or the level of the section's part.
            let levels = &doc.convention_of(q).levels;
            let expected = if levels.contains(&want) {
                levels
                    .iter()
                    .map(|l| format!("{l}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            } else {
                format!("{want} (the level of the other questions in this section)")
            };
            let marker = "#".repeat(want as usize);
            let (span, help) = if h.setext {
                (
                    q.span.clone(),
                    format!("rewrite it as an ATX heading starting with `{marker} `"),
                )
            } else {
                let line = doc.first_line(&h.range);
                let raw = doc.slice(line.clone());
                let lead = raw.len() - raw.trim_start().len();
                let hashes = raw[lead..].len() - raw[lead..].trim_start_matches('#').len();
                (
                    line.start + lead..line.start + lead + hashes,
                    format!("use `{marker}` for question headings"),
                )
            };
            let mut d = Diagnostic::new(
                &META,
                span.clone(),
                format!("question heading is level {level}, expected level {expected}"),
            )
            .with_label(format!("level {level}"))
            .with_help(help);
            if !h.setext {
                let title = format!("Change the heading to level {want} (`{marker}`)");
                let edits = vec![Edit::replace(span, marker.clone())];
                // A level read from the section's other questions is a judgement: unsafe.
                let fix = if levels.contains(&want) {
                    Fix::safe(title, edits)
                } else {
                    Fix::unsafe_(title, edits)
                };
                d = d.with_fix(fix.structural());
            }
            out.push(d);
        }
    }
}
