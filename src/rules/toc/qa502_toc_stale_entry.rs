//! `QA502 toc-stale-entry`: a table-of-contents entry whose text or number differs from the
//! heading it links to.
//!
//! **What it does.** Compares each TOC entry that links to a question with that question's
//! heading; an entry may repeat the whole heading or only its title. Differences of case,
//! punctuation, typographic quotes (`’` for `'`, `“ ”` for `"`), spacing and markup (code spans,
//! emphasis, links, inline HTML) are not reported, nor is a number written another way
//! (`5. What is DICOM?` for `## Q5: What is DICOM?`), nor an entry that is only the number
//! (`Q5`, a compact grid of links). Reported: an entry that differs by its
//! question number alone (`Q4: What is DICOM?`), and one whose words differ. Under a
//! number-only heading (`## Question 2`, the title on the line below) an entry may also carry
//! the number and that title. In a TOC written as a table, a number column that differs from
//! the linked question's number (`| 4 | [Q3: …](#q3-…) |`, `<td>4</td><td><a href="#q3-…">`)
//! is stale too (safe fix: write the question's number); in a row of several questions each
//! link's number is the number cell right before it (`| 1 | [A](#a) | 2 | [B](#b) |`). An entry of a TOC written in HTML (`<a href="#…">…</a>`) is compared by
//! the element's text, tags and character references (`&amp;`) aside.
//!
//! **Why.** After an edit or a renumbering, a stale TOC shows questions that no longer exist in
//! that form.
//!
//! **Example that fires:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q2-what-is-a-list)
//! - [Q2: What is a bag?](#q3-what-is-a-set)
//!
//! ## Q2: What is a list?
//!
//! ## Q3: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: what is a `list`](#q1-what-is-a-list)
//! - [What is a set?](#q2-what-is-a-set)
//! - [3. Why isn’t a tuple a “list”?](#q3-why-isnt-a-tuple-a-list)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//!
//! ## Q3: Why isn't a tuple a "list"?
//! ```
//!
//! **Options.** None; the TOC is found by the config's `toc: {heading}` (`rules/defaults.yml`).
//!
//! **Fix.** Safe or unsafe. A stale number is replaced by the heading's, nothing else changes
//! (safe). A reworded entry is rewritten with the heading's source text (the title's alone when
//! the entry has no number), inline code, emphasis and inline math kept as written, and the
//! link gets the heading's anchor (unsafe: the wording may be deliberate); a `[`, `]` or trailing
//! `\` that would break the link is escaped (`What is F? \` is written `What is F? \\`). No fix
//! when that text cannot stand as the link's text (the heading holds a link or an image, runs
//! over several lines, or has a `|` and the entry sits in a table row; escaping would not leave
//! one link of the heading's text), nor under a number-only heading. In an HTML entry only the
//! number's digits change (safe), and the element's text is rewritten (unsafe) only when it is
//! plain text (no tag, no character reference) and so is the heading's (Markdown markup would
//! show as written inside HTML); the spaces around it stay.

use std::ops::Range;

use super::each::EachToc;
use crate::base::diagnostic::Family;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use crate::model::renumber::format_like;
use crate::model::toc;
use crate::model::toc::comparison_key as key;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

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
        let text_span = e.text.clone();
        let title_below = doc.questions[qi].title_span.start > doc.headings[hi].range.end;
        out.extend(match compare(doc, qi, hi, text_span.clone()) {
            Verdict::Same => None,
            _ if title_below => stale_title_below(doc, e, qi, hi),
            Verdict::Number(digits) => Some(stale_number(doc, e, qi, hi, digits)),
            Verdict::Reworded { numbered } => Some(reworded(doc, e, qi, numbered)),
        });
        out.extend(stale_number_cell(doc, e.link, qi));
    }
}

/// A table row whose number column (`| 4 | [Title](#title) |`) differs from the number of the
/// question its link reaches. Safe fix: write the question's number.
fn stale_number_cell(doc: &Document, link: usize, qi: usize) -> Option<Diagnostic> {
    let want = doc.questions[qi].number?;
    let (n, span) = toc::number_cell(doc, doc.links[link].range.start)?;
    (n != want).then(|| {
        let written = format_like(doc.slice(span.clone()), want);
        Diagnostic::new(
            &META,
            span.clone(),
            format!(
                "TOC number `{}` differs from its question's number `{written}`",
                doc.slice(span.clone())
            ),
        )
        .with_label("stale number")
        .with_help(format!(
            "write `{written}`, the number of the question the entry links to"
        ))
        .with_fix(Fix::safe(
            format!("Write `{written}`"),
            vec![Edit::replace(span, written)],
        ))
    })
}

/// How an entry's text compares with its question's heading.
enum Verdict {
    /// The same words (see `key`), with the same number if any.
    Same,
    /// The same words under another number: the source span of the entry's number.
    Number(Range<usize>),
    /// Other words; `numbered` when the entry opens with a number (it repeats the heading, not
    /// only the title).
    Reworded { numbered: bool },
}

/// Compares the entry at `span` with question `qi` and its heading `hi`.
fn compare(doc: &Document, qi: usize, hi: usize, span: Range<usize>) -> Verdict {
    let q = &doc.questions[qi];
    let entry = doc.slice(span.clone());
    let entry_key = key(entry);
    let title = key(doc.slice(q.title_span.clone()));
    if entry_key == key(&toc::heading_source(doc, hi)) || (!title.is_empty() && entry_key == title)
    {
        return Verdict::Same;
    }
    let (Some(number), Some(in_text)) = (q.number, q.number_in_text.clone()) else {
        return Verdict::Reworded { numbered: false };
    };
    let prefix = key(doc.headings[hi]
        .text
        .text
        .get(..in_text.start)
        .unwrap_or(""));
    match leading_number(entry, &prefix) {
        // The title, or nothing: a grid of number-only entries (`Q3`) abbreviates its questions.
        Some((n, digits)) if [title.as_str(), ""].contains(&key(&entry[digits.end..]).as_str()) => {
            if n == number {
                Verdict::Same
            } else {
                Verdict::Number(span.start + digits.start..span.start + digits.end)
            }
        }
        found => Verdict::Reworded {
            numbered: found.is_some(),
        },
    }
}

/// The number an entry opens with and its span: its first digits, with only markup, a `Q` or
/// the heading's own prefix (`Question`: `prefix` as a `key`) before them, and no letter or
/// decimal part after (`5a`, `5.1`).
fn leading_number(entry: &str, prefix: &str) -> Option<(u64, Range<usize>)> {
    let start = entry.find(|c: char| c.is_ascii_digit())?;
    let len = entry[start..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let before = key(&entry[..start]);
    if !matches!(before.as_str(), "" | "q") && before != prefix {
        return None;
    }
    let after = &entry[start + len..];
    let decimal =
        after.starts_with(['.', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
    if decimal || after.starts_with(char::is_alphanumeric) {
        return None;
    }
    Some((entry[start..start + len].parse().ok()?, start..start + len))
}

/// An entry that differs from its heading by the number alone: the number is replaced.
fn stale_number(
    doc: &Document,
    e: &toc::Entry,
    qi: usize,
    hi: usize,
    digits: Range<usize>,
) -> Diagnostic {
    // Written like the entry's own number, so a zero-padded TOC stays padded (`05` → `03`).
    let number = format_like(
        doc.slice(digits.clone()),
        doc.questions[qi].number.unwrap_or_default(),
    );
    Diagnostic::new(
        &META,
        e.text.clone(),
        format!(
            "TOC entry `{}` has the number {} where its heading `{}` has {number}",
            excerpt(&e.shown(doc), 50),
            doc.slice(digits.clone()),
            excerpt(&doc.headings[hi].text.text, 50),
        ),
    )
    .with_label("stale number")
    .with_help(format!("change the entry's number to {number}"))
    .with_fix(Fix::safe(
        format!("Change the number to {number}"),
        vec![Edit::replace(digits, number.clone())],
    ))
}

/// An entry whose words differ from its heading: rewritten from the heading (from its title
/// alone when the entry has no number), when that text can be written there.
fn reworded(doc: &Document, e: &toc::Entry, qi: usize, numbered: bool) -> Diagnostic {
    let hi = doc.questions[qi].heading.unwrap_or(0);
    let text_span = e.text.clone();
    let d = Diagnostic::new(
        &META,
        text_span.clone(),
        format!(
            "TOC entry `{}` differs from its heading `{}`",
            excerpt(&e.shown(doc), 50),
            excerpt(&toc::normalize(&doc.headings[hi].text.text), 50)
        ),
    )
    .with_label("stale text")
    .with_help("make the entry repeat the heading");
    let written = match e.html {
        true => html_entry_text(doc, qi, numbered, text_span.clone()),
        false => entry_text(doc, qi, numbered, in_table_row(doc, text_span.start))
            .map(|t| (text_span, t)),
    };
    let Some((span, new_text)) = written else {
        return d;
    };
    let mut edits = vec![Edit::replace(span, new_text.clone())];
    edits.extend(anchor_edit(doc, e.link, hi));
    d.with_fix(Fix::unsafe_(
        format!("Rewrite the entry as `{}`", excerpt(&new_text, 50)),
        edits,
    ))
}

/// The source text of question `qi`'s heading (or of its title alone), to write as a link's
/// text, escaped as [`toc::link_text`] says: none when it would not read the same there (a link
/// or an image in the heading, a heading over several lines, a `|` in a table row, brackets
/// no escaping keeps one link).
fn entry_text(doc: &Document, qi: usize, numbered: bool, in_table: bool) -> Option<String> {
    let q = &doc.questions[qi];
    let hi = q.heading?;
    let h = &doc.headings[hi];
    let lines = doc.slice(h.range.clone()).trim_end().lines().count();
    let i = doc.links.partition_point(|l| l.range.start < h.range.start);
    let has_link = doc
        .links
        .get(i)
        .is_some_and(|l| l.range.start < h.range.end);
    let text = if numbered {
        toc::heading_source(doc, hi)
    } else {
        toc::without_tags(doc.slice(q.title_span.clone()))
            .trim()
            .to_string()
    };
    let fits = lines == 1 + usize::from(h.setext) && !has_link && !(in_table && text.contains('|'));
    // Written so that it reads back as one link of that text (`[` and a trailing `\` escaped).
    fits.then(|| toc::link_text(&text)).flatten()
}

/// For an HTML entry whose `<a>` element holds plain text at `content` (no tag, no character
/// reference): the span of that text (the spaces around it kept) and question `qi`'s heading
/// (or title alone; inline tags dropped, as for a Markdown entry) to write there, when that is
/// plain text too, on one line (Markdown markup would show as written inside HTML).
fn html_entry_text(
    doc: &Document,
    qi: usize,
    numbered: bool,
    content: Range<usize>,
) -> Option<(Range<usize>, String)> {
    let q = &doc.questions[qi];
    let h = &doc.headings[q.heading?];
    let written = doc.slice(content.clone());
    let source = if numbered {
        toc::heading_source(doc, q.heading?)
    } else {
        toc::without_tags(doc.slice(q.title_span.clone()))
            .trim()
            .to_string()
    };
    let markup =
        |s: &str| s.contains(['<', '>', '&', '`', '*', '_', '\\', '[', ']', '$', '~', '\n']);
    let one_line =
        doc.slice(h.range.clone()).trim_end().lines().count() == 1 + usize::from(h.setext);
    if markup(written) || markup(&source) || source.is_empty() || !one_line {
        return None;
    }
    let lead = written.len() - written.trim_start().len();
    let start = content.start + lead;
    Some((start..start + written.trim().len(), source))
}

/// Whether the line holding `at` is a table row.
fn in_table_row(doc: &Document, at: usize) -> bool {
    let line = doc.lines.line_range(&doc.text[..], doc.lines.line_of(at));
    doc.slice(line).trim_start().starts_with('|')
}

/// The edit pointing the link at the heading's anchor, when it points elsewhere.
fn anchor_edit(doc: &Document, link: usize, hi: usize) -> Option<Edit> {
    let ds = doc.links[link].dest_span.clone()?;
    // Heading `hi`'s anchor is the `hi`th.
    let (anchor, _) = doc.anchors().get(hi).filter(|(_, h)| *h == Some(hi))?;
    let dest = doc.slice(ds.clone());
    (dest.starts_with('#') && dest != format!("#{anchor}"))
        .then(|| Edit::replace(ds.start + 1..ds.end, anchor.clone()))
}

/// Under a number-only heading (`## Question 2`, the title below), an entry may carry both
/// (`Question 2: What is a residual connection?`). Its text is the author's to write, so a
/// stale one gets no fix.
fn stale_title_below(doc: &Document, e: &toc::Entry, qi: usize, hi: usize) -> Option<Diagnostic> {
    let text_span = e.text.clone();
    let entry = e.shown(doc);
    let heading = toc::normalize(&doc.headings[hi].text.text);
    let title = toc::normalize(&doc.questions[qi].title);
    let rest = entry
        .strip_prefix(heading.as_str())
        .map(|r| r.trim_start_matches(|c: char| c.is_whitespace() || ":.-–—|".contains(c)));
    if rest == Some(title.as_str()) {
        return None;
    }
    Some(
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
    )
}
