//! `QA504 toc-order`: table-of-contents entries in another order than the questions.
//!
//! **What it does.** Follows the TOC entries that link to questions and reports the first one
//! that goes back to a question that comes before the previous entry's (in a Markdown TOC or
//! one written in HTML). A second list in the same place (after a line of text such as
//! `**Most popular**`, or Markdown after HTML) is ordered on its own.
//!
//! **Why.** A TOC out of order makes readers hunt for questions and hides missing ones.
//!
//! **Example that fires:**
//! ```markdown
//! ## Contents
//!
//! - [Q2: What is a set?](#q2-what-is-a-set)
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
//! **Options.** None; the TOC is found by the config's `toc: {heading}` (`rules/defaults.yml`).
//!
//! **Fix.** None: move the entry (or regenerate the TOC).

use super::each::EachToc;
use crate::base::diagnostic::Family;
use crate::base::diagnostic::{Diagnostic, Severity, excerpt};
use crate::model::document::Document;
use crate::model::toc;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA504",
    name: "toc-order",
    family: Family::Toc,
    summary: "TOC entries in another order than the questions",
    default_severity: Severity::Warning,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(EachToc {
        meta: &META,
        check: check_toc,
    }))
}

/// The findings of one table of contents.
fn check_toc(doc: &Document, t: &toc::Toc, out: &mut Vec<Diagnostic>) {
    let mut prev: Option<(usize, usize)> = None; // (question, entry)
    for e in &t.entries {
        let Some(qi) = t.question(doc, e) else {
            continue;
        };
        // A second list in the TOC's place (a "Most popular" list under its own line, or a
        // Markdown list after an HTML table) orders its entries afresh.
        if let Some((_, pe)) = prev
            && another_list(doc, &t.entries[pe], e)
        {
            prev = None;
        }
        if let Some((pq, pe)) = prev
            && qi < pq
        {
            let span = e.text.clone();
            let here = excerpt(&e.shown(doc), 40);
            let before = doc.links[t.entries[pe].link].range.clone();
            out.push(
                Diagnostic::new(
                    &META,
                    span,
                    format!("TOC entry `{here}` comes after an entry for a later question"),
                )
                .with_label("out of order")
                .with_secondary(before, "this entry's question comes later")
                .with_help("order the entries as the questions appear in the file"),
            );
            return;
        }
        prev = Some((
            qi,
            t.entries.iter().position(|x| x.link == e.link).unwrap_or(0),
        ));
    }
}

/// Whether entry `e` starts another list than the one of entry `before`: one is HTML and the
/// other not, or a line between them is neither blank nor a list item, table row or tag.
fn another_list(doc: &Document, before: &toc::Entry, e: &toc::Entry) -> bool {
    if before.html != e.html {
        return true;
    }
    let from = doc.links[before.link].range.end;
    let to = doc.links[e.link].range.start;
    let Some(between) = doc.text.get(from..to) else {
        return false;
    };
    // The lines strictly between the two entries' lines.
    let mut lines = between.lines();
    lines.next();
    let inner: Vec<&str> = lines.collect();
    let inner = &inner[..inner.len().saturating_sub(1)];
    // An indented line continues an item; a line at the margin that is no item ends the list.
    inner.iter().any(|l| {
        let l = l.trim_start_matches('>');
        let l = l.strip_prefix(' ').unwrap_or(l);
        !(l.trim().is_empty()
            || l.starts_with([' ', '\t'])
            || ["- ", "* ", "+ ", "|", "<"]
                .iter()
                .any(|m| l.starts_with(m))
            || crate::model::scan::lists::written_number(l).is_some())
    })
}
