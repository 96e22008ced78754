//! `QA502 toc-stale-entry`: a table-of-contents entry whose text or number differs from the
//! heading it links to.
//!
//! **What it does.** Compares each TOC entry that links to a question with that question's
//! heading (markup and spacing ignored); an entry may repeat the whole heading or only its title.
//!
//! **Why.** After an edit or a renumbering, a stale TOC shows questions that no longer exist in
//! that form.
//!
//! **Example that fires:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q1-what-is-a-list)
//! - [Q2: What is a bag?](#q2-what-is-a-set)
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
//! - [What is a set?](#q2-what-is-a-set)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None; the TOC is found by the config's `toc: {heading}` (`rules/defaults.yml`).
//!
//! **Fix.** Safe: rewrite the entry's text (and anchor) from the heading.

use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use super::each::EachToc;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;
use crate::model::toc;

pub static META: RuleMeta = RuleMeta {
    code: "QA502",
    name: "toc-stale-entry",
    family: Family::Toc,
    summary: "A TOC entry whose text or number differs from its heading",
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
    for e in &t.entries {
        let Some(qi) = t.question(doc, e) else {
            continue;
        };
        let hi = doc.questions[qi].heading.unwrap_or(0);
        let link = &doc.links[e.link];
        let Some(text_span) = link.text_span.clone() else {
            continue;
        };
        let entry = toc::normalize(doc.slice(text_span.clone()));
        let heading = toc::normalize(&doc.headings[hi].text.text);
        let title = toc::normalize(&doc.questions[qi].title);
        if entry == heading || (!title.is_empty() && entry == title) {
            continue;
        }
        // A number-only heading (`## Question 2`) with its title below: an entry may carry
        // both (`Question 2: What is a residual connection?`). Its text is the author's to
        // write, so a stale one gets no fix.
        let title_below = doc.questions[qi].title_span.start > doc.headings[hi].range.end;
        if title_below {
            let rest = entry.strip_prefix(heading.as_str()).map(|r| {
                r.trim_start_matches(|c: char| c.is_whitespace() || ":.-–—|".contains(c))
            });
            if rest == Some(title.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    text_span,
                    format!(
                        "TOC entry `{}` differs from its question `{}: {}`",
                        excerpt(&entry, 50),
                        excerpt(&heading, 30),
                        excerpt(&title, 50)
                    ),
                )
                .with_label("stale text")
                .with_help("make the entry repeat the question's number and title"),
            );
            continue;
        }
        let new_text = toc::heading_source(doc, hi);
        let anchor = doc
            .anchors()
            .iter()
            .find(|(_, h)| *h == Some(hi))
            .map(|(a, _)| a.clone());
        let mut edits = vec![Edit::replace(text_span.clone(), new_text.clone())];
        if let (Some(a), Some(ds)) = (anchor, link.dest_span.clone())
            && doc.slice(ds.clone()) != format!("#{a}")
            && doc.slice(ds.clone()).starts_with('#')
        {
            edits.push(Edit::replace(ds.start + 1..ds.end, a));
        }
        out.push(
            Diagnostic::new(
                &META,
                text_span,
                format!(
                    "TOC entry `{}` differs from its heading `{}`",
                    excerpt(&entry, 50),
                    excerpt(&heading, 50)
                ),
            )
            .with_label("stale text")
            .with_help("make the entry repeat the heading")
            .with_fix(Fix::safe(
                format!("Rewrite the entry as `{}`", excerpt(&new_text, 50)),
                edits,
            )),
        );
    }
}
