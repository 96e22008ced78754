//! `QA105 numbering-rendered`: A list-item question renders with another number than written.
//!
//! **What it does.** In a `list-heading` file (`460. ### What is X?`), reports a question whose
//! item continues an ordered list that holds other items before it, when the number a reader
//! sees is not the one written. CommonMark takes an ordered list's start from its first item
//! only and numbers every later item by its place, so a question written right after an answer
//! whose own ordered list is not indented under its question joins that list and renders as
//! its next number (`4.`, not `460.`). The same happens after an answer list indented too
//! little to belong to its question (its items become the questions' siblings). Left alone: a
//! question that starts its own list (after a paragraph, a comment, a heading or a list with
//! the other delimiter), or that renders with its written number anyway; questions that only
//! share a list with other questions (answers indented under them), where written and rendered
//! numbers part only at a gap, a repeat or a swap that QA101–QA103 report and renumbering
//! mends; and a lazily numbered list (`1.` on every question), which is read by its rendered
//! numbers. Other conventions number questions in their heading text and are never looked at.
//!
//! **Why.** The reader sees another number than the source has: the sequence on the page breaks
//! (`459.`, then `4.`) while the file looks fine, and "see question 460" points nowhere.
//!
//! **Example that fires:**
//! ```markdown
//! 459. ### What is a tensor?
//!
//! Its steps:
//!
//! 1. Pick a basis.
//! 2. Write the components.
//!
//! 460. ### What is a graph?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! 459. ### What is a tensor?
//!
//!      Its steps:
//!
//!      1. Pick a basis.
//!      2. Write the components.
//!
//! 460. ### What is a graph?
//! ```
//!
//! **Config for the examples:**
//! ```yaml
//! questions: {preset: list-heading}
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: indenting an answer under its question or ending its list first are both
//! edits of the answer the author has to choose between.

use crate::base::diagnostic::{Diagnostic, Family, RuleRef, Severity};
use crate::model::document::Document;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA105",
    name: "numbering-rendered",
    family: Family::Numbering,
    summary: "A list-item question renders with another number than written",
    default_severity: Severity::Error,
};

struct NumberingRendered;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(NumberingRendered))
}

impl Rule for NumberingRendered {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for q in &doc.questions {
            let Some(n) = &q.list_number else { continue };
            let Some(other) = n.after_other_items else {
                continue;
            };
            if n.rendered == n.written {
                continue;
            }
            let span = q
                .heading
                .and_then(|hi| doc.headings[hi].list_number_span.clone())
                .unwrap_or_else(|| q.span.clone());
            // The marker as written: its digits and the `.` or `)` after them.
            let delim = match doc.slice(span.end..span.end + 1) {
                ")" => ")",
                _ => ".",
            };
            let written = format!("{}{delim}", n.written);
            // A browser numbers an `<ol>` with dots whatever the source's delimiter.
            let rendered = format!("{}.", n.rendered);
            let line = doc.lines.position(&doc.text, other).line;
            // The other items open the list (an answer's list this question continues), or follow
            // a question in it (an answer's list indented too little to nest under it).
            let (message, secondary, help) = if other == n.list_start {
                (
                    format!(
                        "question `{written}` renders as `{rendered}`: its item continues the ordered list at line {line}"
                    ),
                    "the list this question continues",
                    format!(
                        "the list at line {line} is not indented under its question, so this item continues it: indent that list under its question's text, or end it with a `<!-- -->` line before this question"
                    ),
                )
            } else {
                (
                    format!(
                        "question `{written}` renders as `{rendered}`: the items from line {line} are numbered in the questions' list"
                    ),
                    "not indented enough to belong to the answer",
                    format!(
                        "the list at line {line} is indented too little to nest under its question, so its items count among the questions: indent it as far as its question's text"
                    ),
                )
            };
            out.push(
                Diagnostic::new(&META, span, message)
                    .with_label(format!("renders as `{rendered}`"))
                    .with_secondary(marker_at(doc, other), secondary)
                    .with_help(help),
            );
        }
    }
}

/// The marker of the list item starting at `start` (its indentation skipped), for a label.
fn marker_at(doc: &Document, start: usize) -> std::ops::Range<usize> {
    let rest = doc.slice(start..doc.text.len());
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let body = &rest[lead..];
    let len = body
        .find(|c: char| !c.is_ascii_digit())
        .map_or(body.len(), |i| {
            i + usize::from(body[i..].starts_with(['.', ')']))
        });
    start + lead..start + lead + len.max(usize::from(!body.is_empty()))
}
