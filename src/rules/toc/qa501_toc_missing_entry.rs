//! `QA501 toc-missing-entry`: a question that the table of contents does not list.
//!
//! **What it does.** When a file has a table of contents that lists questions (a list or table of
//! links to the file's own anchors, under a heading matching `toc.heading` or before the first
//! question), reports each question heading no entry links to. A TOC that lists only sections is
//! left alone. A broken entry (QA503) lists the question it was meant for (by its title, else
//! by its number), so one defect is one finding. With `toc: {required: true}`, a file with
//! questions but no TOC reports them all.
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
//! **Fix.** Safe: insert an entry in the style of its neighbour (the entry of the nearest listed
//! question before it, else after it, a broken entry standing for the question it was meant
//! for: the same list marker or table row, the same link form, full repository URLs included,
//! with the heading's text, its anchor, and a number written outside the link changed), right
//! after (before) that entry. A link in the heading is written as its text (a link inside a
//! link's text is none). None when that entry shares its line with other links or is a
//! reference link (`[text][label]`: a new one would need a definition). `qalint
//! renumber` applies it too, so new questions get listed. Questions missing in a row are
//! listed in one pass, in their order (once nothing else in the file is being fixed), however
//! many there are.

use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
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

/// An entry for `q` in the style of its neighbour: the line of the entry listing the nearest
/// question before it (else after it), with the link text, the fragment and a number written
/// outside the link (a table's number column) changed; inserted after (else before) that line.
fn insert_entry(
    doc: &Document,
    t: &toc::Toc,
    q: &crate::model::document::Question,
    text: &str,
    anchor: &str,
) -> Option<Fix> {
    let hi = q.heading?;
    // A broken entry stands where the question it was meant for is listed.
    let question = |e: &toc::Entry| {
        e.listed_heading()
            .filter(|&h| doc.headings[h].question.is_some())
    };
    let before = t
        .entries
        .iter()
        .rfind(|e| question(e).is_some_and(|h| h < hi));
    let after = t.entries.iter().find(|e| question(e).is_some_and(|h| h > hi));
    let (model, insert_after) = match (before, after) {
        (Some(b), _) => (b, true),
        (None, Some(a)) => (a, false),
        (None, None) => return None,
    };
    let link = &doc.links[model.link];
    let (text_span, dest_span) = (link.text_span.clone()?, link.dest_span.clone()?);
    let line_no = doc.lines.line_of(link.range.start);
    let line = doc.lines.line_range(&doc.text, line_no);
    // One link per line: a list item or a table row of its own.
    let links_on_line = doc
        .links
        .iter()
        .filter(|l| line.contains(&l.range.start))
        .count();
    let dest = doc.slice(dest_span.clone());
    let hash = dest.find('#')?;
    if links_on_line != 1 || text_span.end > dest_span.start || !line.contains(&dest_span.end) {
        return None;
    }
    let model_q = doc.headings[question(model)?].question.map(|i| &doc.questions[i]);
    let renumber = |s: &str| -> String {
        match (model_q.and_then(|m| m.number), q.number) {
            (Some(old), Some(new)) => replace_number(s, old, new),
            _ => s.to_string(),
        }
    };
    let mut new_line = renumber(&doc.text[line.start..text_span.start]);
    new_line.push_str(text);
    new_line.push_str(&doc.text[text_span.end..dest_span.start]);
    new_line.push_str(&dest[..=hash]);
    new_line.push_str(anchor);
    new_line.push_str(&renumber(&doc.text[dest_span.end..line.end]));
    let eol = if doc.text[line.end..].starts_with("\r\n") { "\r\n" } else { "\n" };
    let edit = if insert_after {
        let at = (line.end + eol.len()).min(doc.text.len());
        let lead = if at == line.end { eol } else { "" };
        Edit::replace(at..at, format!("{lead}{new_line}{}", if lead.is_empty() { eol } else { "" }))
    } else {
        Edit::replace(line.start..line.start, format!("{new_line}{eol}"))
    };
    // A new list item or table row: a declared change of structure. Entries missing at one
    // point (several questions in a row) stack there in question order.
    let fix = Fix::safe(format!("Add `{}` to the table of contents", excerpt(text, 50)), vec![edit]);
    Some(fix.structural().stacking())
}

/// `s` with the whole number `old` (not digits inside a word) written as `new`.
fn replace_number(s: &str, old: u64, new: u64) -> String {
    let needle = old.to_string();
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find(&needle) {
        let (a, b) = (from + i, from + i + needle.len());
        let alone = (a == 0 || !bytes[a - 1].is_ascii_alphanumeric())
            && (b == bytes.len() || !bytes[b].is_ascii_alphanumeric());
        if alone {
            return format!("{}{new}{}", &s[..a], &s[b..]);
        }
        from = b;
    }
    s.to_string()
}

/// The questions a table of contents covers that it does not list.
fn check_toc(doc: &Document, t: &toc::Toc, out: &mut Vec<Diagnostic>) {
    let anchors = doc.anchors();
    // An entry with a broken, empty or repeated anchor still lists the question it was meant
    // for, else (broken) every question its number names: QA503 reports the entry, once.
    let mut listed: Vec<usize> = t.entries.iter().filter_map(|e| e.listed_heading()).collect();
    for e in t.entries.iter().filter(|e| !e.resolves && e.listed_heading().is_none()) {
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
        let text = toc::heading_link_text(doc, hi);
        let anchor = anchors
            .iter()
            .find(|(_, h)| *h == Some(hi))
            .map_or(String::new(), |(a, _)| a.clone());
        let mut d = Diagnostic::new(
            &META,
            q.span.clone(),
            format!("`{}` is not in the table of contents", excerpt(&text, 60)),
        )
        .with_label("not listed")
        .with_help(format!(
            "add `- [{}](#{anchor})` to the table of contents (line {toc_line})",
            excerpt(&text, 60)
        ));
        if let Some(fix) = insert_entry(doc, t, q, &text, &anchor) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}
