//! `QA503 toc-broken-anchor`: a table-of-contents link to an anchor no heading has.
//!
//! **What it does.** Reports TOC entries whose fragment reaches no heading or explicit anchor
//! (anchors computed as GitHub does). QA303 leaves TOC links to this rule.
//!
//! **Why.** A broken TOC link does nothing when clicked.
//!
//! **Example that fires:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q1-what-is-a-list)
//! - [Q2: What is a set?](#q2-what-is-a-bag)
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
//! - [Q2: What is a set?](#Q2-What-is-a-set)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None; the TOC is found by the config's `toc: {heading}` (`rules/defaults.yml`).
//!
//! **Fix.** Safe or unsafe. When exactly one question carries the number the entry's text starts
//! with, point the link at it (safe); otherwise, when one question's title is close to the entry's
//! text, point at that one (unsafe: a human should confirm; titles are searched for the first
//! 100 broken entries of a file).

use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use super::each::EachToc;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;
use crate::model::toc;

pub static META: RuleMeta = RuleMeta {
    code: "QA503",
    name: "toc-broken-anchor",
    family: Family::Toc,
    summary: "A TOC link to an anchor that matches no heading",
    default_severity: Severity::Error,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(EachToc {
        meta: &META,
        check: check_toc,
    }))
}

/// The findings of one table of contents.
fn check_toc(doc: &Document, t: &toc::Toc, out: &mut Vec<Diagnostic>) {
    // Question titles as entries are compared, computed once if any entry is broken.
    let titles = std::cell::OnceCell::new();
    let mut fuzzy = 0;
    for e in t.entries.iter().filter(|e| !e.resolves) {
        let link = &doc.links[e.link];
        let Some(ds) = link.dest_span.clone() else {
            continue;
        };
        let text = link
            .text_span
            .clone()
            .map(|r| toc::normalize(doc.slice(r)))
            .unwrap_or_default();
        let mut d = Diagnostic::new(
            &META,
            ds.clone(),
            format!(
                "TOC entry `{}` links to `#{}`, which no heading has",
                excerpt(&text, 50),
                e.fragment
            ),
        )
        .with_label("broken anchor");
        let titles = titles.get_or_init(|| {
            doc.questions
                .iter()
                .map(|q| toc::normalize(&q.title).to_lowercase())
                .collect::<Vec<String>>()
        });
        // The title search scans every question: done for the first entries only.
        let titles = (fuzzy < MAX_TITLE_SEARCHES).then_some(titles.as_slice());
        fuzzy += 1;
        match target(doc, titles, &text) {
            Some((hi, safe)) => {
                let anchor = doc
                    .anchors()
                    .iter()
                    .find(|(_, h)| *h == Some(hi))
                    .map(|(a, _)| a.clone())
                    .unwrap_or_default();
                let title = format!("Link to `#{anchor}`");
                let edit = vec![Edit::replace(ds.start + 1..ds.end, anchor.clone())];
                d = d
                    .with_help(format!("the heading is `#{anchor}`"))
                    .with_fix(if safe {
                        Fix::safe(title, edit)
                    } else {
                        Fix::unsafe_(title, edit)
                    });
            }
            None => {
                d = d.with_help("link the entry to an existing heading, or remove it");
            }
        }
        if doc.slice(ds).starts_with('#') {
            out.push(d);
        } else {
            out.push(Diagnostic { fix: None, ..d });
        }
    }
}

/// The question heading an entry most likely meant: by its number (safe) or a close title.
/// Broken entries per file whose target is also looked for by title (see `target`).
const MAX_TITLE_SEARCHES: usize = 100;

fn target(doc: &Document, titles: Option<&[String]>, entry: &str) -> Option<(usize, bool)> {
    if let Some(n) = toc::first_number(entry) {
        let mut hits = doc
            .questions
            .iter()
            .filter(|q| q.number == Some(n) && q.heading.is_some());
        if let (Some(q), None) = (hits.next(), hits.next()) {
            return Some((q.heading?, true));
        }
    }
    let titles = titles?;
    let entry = entry.to_lowercase();
    let with_heading: Vec<(usize, &str)> = doc
        .questions
        .iter()
        .zip(titles)
        .filter_map(|(q, t)| Some((q.heading?, t.as_str())))
        .collect();
    crate::base::suggest::most_similar(&entry, with_heading.iter().map(|(_, t)| *t), 0.85)
        .map(|(i, _)| (with_heading[i].0, false))
}
