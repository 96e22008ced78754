//! `QA002 heading-level`: a question heading at another level than the configured one.
//!
//! **What it does.** Reports a heading that matches the question pattern at a level outside
//! `questions.level` (`### Q5: x` when questions are `##`). A heading that has questions below it
//! is a section, not a misplaced question, and is left alone. Numbered sub-headings of an
//! answer are not questions; a deeper heading among them that breaks their list (`#### 1.`,
//! `#### 2.`, then `#### 2. How …?`) is one only when its number fits between the questions
//! around it. Where a section's questions are mostly (two or more, over half)
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
//! **Fix.** Safe: change the number of `#` to the configured level. Unsafe when the level is
//! the section's (read from its other questions), or when a deeper heading sits inside another
//! question's answer and its number does not follow on from the questions around it (`### Q2:
//! Follow-up` under `## Q4`: maybe a sub-question of that answer; the number right after the
//! question before does follow on where the next section restarts at 1), or sits among
//! that answer's numbered sub-headings (`#### 2. How …?` after `#### 1. First approach`,
//! `#### 2. Second approach`: its number breaks their list and fits the questions', so it is
//! read as a question, but that is a judgement). None when the answer holds
//! sub-headings the new level would take out of it (`### Example` under a `## 2.` that moves
//! to `###`: the help says to move them down too), and for setext headings.

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::document::{Document, Form, Question};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

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
        let around = sequence_around(doc);
        for (qi, q) in doc.questions.iter().enumerate() {
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
            let cut_off = sub_headings_cut_off(doc, q, hi, want);
            let aside = want < level && !fits_sequence(q, around[qi]) && inside_question(doc, hi);
            let among = want < level && q.among_sub_headings;
            let help = if !cut_off.is_empty() {
                format!(
                    "{help}; its sub-headings {} would then leave its answer: move them down \
                     one level too",
                    cut_off.join(", ")
                )
            } else if aside {
                format!(
                    "{help}, unless it is a sub-question of the answer above: it sits inside \
                     another question's answer and its number does not follow on from the \
                     questions around it"
                )
            } else if among {
                format!(
                    "{help}, unless it is a sub-heading of the answer above: it sits among that \
                     answer's numbered sub-headings, though its number breaks their list and \
                     follows on from the questions around it"
                )
            } else {
                help
            };
            let mut d = Diagnostic::new(
                &META,
                span.clone(),
                format!("question heading is level {level}, expected level {expected}"),
            )
            .with_label(format!("level {level}"))
            .with_help(help);
            // Changing the level alone would re-parent the answer's sub-headings: no fix.
            if !h.setext && cut_off.is_empty() {
                let title = format!("Change the heading to level {want} (`{marker}`)");
                let edits = vec![Edit::replace(span, marker.clone())];
                // A level read from the section's other questions, or a question that may be
                // a sub-question of the answer it sits in, is a judgement: unsafe.
                let fix = if levels.contains(&want) && !aside && !among {
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

/// How many sub-headings a fix names before it stops with `…`.
const NAMED_SUB_HEADINGS: usize = 3;

/// The headings inside the answer of question `q` (heading `hi`) that moving it to level `want`
/// would take out of the answer (`### Example` under a `## 2.` moved to `###`), as written
/// (`### Example`); at most [`NAMED_SUB_HEADINGS`], then `…`. Headings inside `<details>` never
/// end an answer and do not count.
fn sub_headings_cut_off(doc: &Document, q: &Question, hi: usize, want: u8) -> Vec<String> {
    let mut names = Vec::new();
    for h in doc.headings[hi + 1..]
        .iter()
        .take_while(|h| h.range.start < q.answer.end)
    {
        if h.in_details || h.level > want {
            continue;
        }
        if names.len() == NAMED_SUB_HEADINGS {
            names.push("…".to_string());
            break;
        }
        names.push(format!(
            "`{} {}`",
            "#".repeat(h.level as usize),
            h.text.text
        ));
    }
    names
}

/// Whether heading `hi` sits inside the answer to another question (its parent in the outline
/// is a question heading).
fn inside_question(doc: &Document, hi: usize) -> bool {
    doc.parent_heading(hi)
        .is_some_and(|p| doc.headings[p].question.is_some())
}

/// Whether a question's number goes on from the numbers around it (see [`sequence_around`]).
/// Where the numbering restarts after it (`after` not above `before`: the next section
/// starts again at 1), being the number right after `before` is enough.
fn fits_sequence(q: &Question, (before, after): (Option<u64>, Option<u64>)) -> bool {
    q.number.is_some_and(|n| match (before, after) {
        (Some(b), Some(a)) if a <= b => n == b.saturating_add(1),
        _ => before.is_none_or(|b| n > b) && after.is_none_or(|a| n < a),
    })
}

/// For each question, the numbers of the nearest questions of its series before and after it
/// that sit at their place's level: the main sequence an off-level question belongs to when
/// its number fits between them.
fn sequence_around(doc: &Document) -> Vec<(Option<u64>, Option<u64>)> {
    let qs = &doc.questions;
    let mut out = vec![(None, None); qs.len()];
    let at_place = |q: &Question| q.expected_level.is_none() && q.number.is_some();
    let mut last: Vec<Option<u64>> = Vec::new();
    for (qi, q) in qs.iter().enumerate() {
        if last.len() <= q.series {
            last.resize(q.series + 1, None);
        }
        out[qi].0 = last[q.series];
        if at_place(q) {
            last[q.series] = q.number;
        }
    }
    last.clear();
    for (qi, q) in qs.iter().enumerate().rev() {
        if last.len() <= q.series {
            last.resize(q.series + 1, None);
        }
        out[qi].1 = last[q.series];
        if at_place(q) {
            last[q.series] = q.number;
        }
    }
    out
}
