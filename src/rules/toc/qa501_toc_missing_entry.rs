//! `QA501 toc-missing-entry`: a question that the table of contents does not list.
//!
//! **What it does.** When a file has a table of contents that lists questions (a list or table of
//! links to the file's own anchors, under a heading matching `toc.heading` or before the first
//! question), reports each question heading no entry links to. A TOC that lists only sections is
//! left alone. With `toc: {required: true}`, a file with questions but no TOC reports them all.
//!
//! **Why.** Readers navigate long collections from the TOC; a question missing from it is hard
//! to find.
//!
//! **Example that fires:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q1-what-is-a-list)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q1-what-is-a-list)
//! - [Q2: What is a set?](#q2-what-is-a-set)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None under `rules`; the config's `toc: {heading, required}` (defaults
//! `'(?i)^(table of )?contents$'` and `false`, in `rules/defaults.yml`).
//!
//! **Fix.** None: add the entry where it belongs.

use crate::base::diagnostic::{Diagnostic, Severity, excerpt};
use crate::model::document::Document;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;
use crate::model::toc;

pub static META: RuleMeta = RuleMeta {
    code: "QA501",
    name: "toc-missing-entry",
    family: Family::Toc,
    summary: "A question the table of contents does not list",
    default_severity: Severity::Error,
};

struct TocMissingEntry;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(TocMissingEntry))
}

impl Rule for TocMissingEntry {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let tocs = toc::find_all(doc);
        if tocs.is_empty() && doc.settings.toc_required {
            for q in doc.questions.iter().filter(|q| q.heading.is_some()) {
                out.push(
                    Diagnostic::new(&META, q.span.clone(), "this file has no table of contents listing its questions")
                        .with_label("not listed")
                        .with_help("add a list of links to the questions before the first one (`toc: {required: true}` is set)"),
                );
            }
        }
        for t in tocs.iter().filter(|t| t.lists_questions(doc)) {
            check_toc(doc, t, out);
        }
    }
}

/// The questions a table of contents covers that it does not list.
fn check_toc(doc: &Document, t: &toc::Toc, out: &mut Vec<Diagnostic>) {
    let anchors = doc.anchors();
    let mut listed: Vec<usize> = t.entries.iter().filter_map(|e| e.heading).collect();
    // An entry with a broken anchor still lists the question its number names (QA503
    // reports the anchor).
    for e in t.entries.iter().filter(|e| !e.resolves) {
        let text = doc.links[e.link]
            .text_span
            .clone()
            .map(|r| doc.slice(r).to_string())
            .unwrap_or_default();
        if let Some(n) = toc::first_number(&text) {
            listed.extend(
                doc.questions
                    .iter()
                    .filter(|q| q.number == Some(n))
                    .filter_map(|q| q.heading),
            );
        }
    }
    let toc_line = doc.lines.position(&doc.text, t.region.start).line;
    for q in doc.questions.iter().filter(|q| t.covers.contains(&q.span.start)) {
        let Some(hi) = q.heading else { continue };
        if listed.contains(&hi) {
            continue;
        }
        let text = toc::heading_source(doc, hi);
        let anchor = anchors
            .iter()
            .find(|(_, h)| *h == Some(hi))
            .map_or(String::new(), |(a, _)| a.clone());
        out.push(
            Diagnostic::new(
                &META,
                q.span.clone(),
                format!("`{}` is not in the table of contents", excerpt(&text, 60)),
            )
            .with_label("not listed")
            .with_help(format!(
                "add `- [{}](#{anchor})` to the table of contents (line {toc_line})",
                excerpt(&text, 60)
            )),
        );
    }
}
