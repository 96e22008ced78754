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
//! **Fix.** Safe or unsafe. When the entry writes a question number as a number of its own
//! and exactly one question carries it, point the link at that question (safe). A number of its
//! own is `Q18` or `#18` anywhere, `18.`, `18:`, `18)` or `Question 18` at the start, an entry
//! that is only a number, or the number cell of the entry's table row; never digits inside a
//! word or a version (`I18n`, `Vue2.0`, `mp3`, `h264`). Otherwise, when one question's title is
//! close to the entry's text, point at that one (unsafe: a human should confirm; titles are
//! searched for the first 100 broken entries of a file).

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
        let number = number_token(&text).or_else(|| row_number(doc, e.link));
        match target(doc, titles, number, &text) {
            Some((hi, safe)) => {
                // Heading `hi`'s anchor is the `hi`th.
                let anchor = doc
                    .anchors()
                    .get(hi)
                    .filter(|(_, h)| *h == Some(hi))
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

/// Broken entries per file whose target is also looked for by title (see `target`).
const MAX_TITLE_SEARCHES: usize = 100;

/// The question heading an entry most likely meant: the one question with the entry's number
/// (safe), or the one with a close title (unsafe).
fn target(
    doc: &Document,
    titles: Option<&[String]>,
    number: Option<u64>,
    entry: &str,
) -> Option<(usize, bool)> {
    if let Some(n) = number {
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

/// The question number an entry's text writes as a number of its own: `18.`, `18:`, `18)` or
/// `Question 18` at the start, `Q18` or `#18` anywhere, or a text that is only a number. Digits
/// inside a word or a version (`I18n`, `Vue2.0`, `mp3`) are none.
fn number_token(text: &str) -> Option<u64> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let first = tokens.first()?.trim_start_matches(['(', '[']);
    let digits = first.trim_end_matches(['.', ':', ')', ']']);
    if tokens.len() == 1 || digits.len() < first.len() {
        if let Some(n) = plain_number(digits) {
            return Some(n);
        }
    }
    if first.eq_ignore_ascii_case("question")
        && let Some(n) = tokens
            .get(1)
            .and_then(|t| plain_number(t.trim_end_matches(['.', ':', ')'])))
    {
        return Some(n);
    }
    tokens.iter().find_map(|t| marked_number(t))
}

/// A token that is digits and nothing else, as a number.
fn plain_number(token: &str) -> Option<u64> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// `Q18` or `#18`, punctuation around it aside.
fn marked_number(token: &str) -> Option<u64> {
    let t = token
        .trim_start_matches(['(', '['])
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    plain_number(t.strip_prefix(['Q', 'q', '#'])?)
}

/// The number in the number cell of the entry's table row (`| 18 | [Title](#x) |`), when the
/// row holds no other link and one cell only is a number.
fn row_number(doc: &Document, link: usize) -> Option<u64> {
    let at = doc.links[link].range.start;
    let line = doc.lines.line_range(&doc.text[..], doc.lines.line_of(at));
    let row = doc.slice(line.clone());
    let first = doc.links.partition_point(|l| l.range.start < line.start);
    let other_link = doc.links[first..]
        .iter()
        .take_while(|l| l.range.start < line.end)
        .any(|l| l.range.start != at);
    if !row.trim_start().starts_with('|') || other_link {
        return None;
    }
    let mut numbers = row
        .split('|')
        .map(toc::normalize)
        .filter(|cell| cell.split_whitespace().count() == 1)
        .filter_map(|cell| number_token(&cell));
    match (numbers.next(), numbers.next()) {
        (Some(n), None) => Some(n),
        _ => None,
    }
}
