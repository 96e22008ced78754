//! `QA501 toc-missing-entry`: a question that the table of contents does not list.
//!
//! **What it does.** When a file has a table of contents that lists questions (a list or table of
//! links to the file's own anchors, under a heading matching `toc.heading` or before the first
//! question; or there an HTML `<table>`, `<ul>`/`<ol>` or `<p>` of `<a href="#…">` links, two or
//! more of them listing questions), reports each question heading no entry links to. A TOC that
//! lists only sections is left alone, and so are HTML blocks that list no questions (a
//! navigation bar, a badge or contributors' table) or few among other links, none named by its
//! text (a nav bar's `Start here`). An entry inside an HTML comment lists nothing; an
//! `<a href>` item in a Markdown list TOC is an entry. A list of a section's questions right under its heading (two of them at least,
//! its only one, and at least half, in a file with other questions) is that section's TOC: a
//! question of the section missing from it is reported, and the fix adds it there. A broken
//! entry (QA503) lists the question it was meant for (by its title, else by its number), so one
//! defect is one finding. With `toc: {required: true}`, a file with
//! questions but no TOC reports them all. The help shows the line the fix inserts (a table row,
//! an ordered item, in the neighbour's text style) and the line of the TOC's first entry.
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
//! `contents`, `table of contents`, common localised names and two of them joined by ` / `,
//! and `false`, in `rules/defaults.yml`).
//!
//! **Fix.** Safe: insert an entry in the style of its neighbour, right after (before) it. The
//! neighbour is the entry of the nearest listed question before it, else after it, and the one
//! after when only that one is in the question's section (a TOC with a sub-list per section); a
//! broken entry stands for the question it was meant for. The new entry has the same list
//! marker or table row and the same link form, full repository URLs included; the heading's
//! text (its title alone when the neighbour's text is its title alone) and anchor (its explicit
//! one when the neighbour links through one); a number written outside the link made the
//! question's (so that `check --fix`, which lists before renumbering, and `renumber`, which lists
//! after, agree); a table's other cells left empty (what they say is the neighbour's). A link in
//! the heading is written as its text (a link inside a link's text is none); its `[` and `]` and
//! a trailing `\` are escaped when, written as they are, the entry would not read back as one
//! link of the heading's text (`What does [ start?`). None when even so it would not (an image
//! beside an unbalanced bracket), or when the neighbour shares its line with other links or is
//! a reference link (`[text][label]`: a new
//! one would need a definition). `qalint renumber` applies it too, so new questions get listed.
//! Questions missing in a row are listed in one pass, in their order (once nothing else in the
//! file is being fixed), however many there are.
//! No fix while a question between the new entry and its neighbour is not a heading yet
//! (`##Q2: x`) and an entry of the TOC reaches nothing: `check --fix` lists the question once
//! QA001's fix has made that one a heading, so the entry goes in its place. No fix for a TOC
//! written in HTML: the help shows the `<a>` element to add (the heading's plain text, `&`, `<`
//! and `>` escaped) and the line of the TOC.

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::{Document, Form};
use crate::model::toc;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};
use std::ops::Range;

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

/// The entry whose style a new entry for heading `hi` copies, and whether it goes after it: the
/// entry listing the nearest question before it, else after it (a broken entry stands where the
/// question it was meant for is listed); the one after when only that one is in the question's
/// section.
fn neighbour<'t>(doc: &Document, t: &'t toc::Toc, hi: usize) -> Option<(&'t toc::Entry, bool)> {
    let question = |e: &toc::Entry| {
        e.listed_heading()
            .filter(|&h| doc.headings[h].question.is_some())
    };
    let before = t
        .entries
        .iter()
        .rfind(|e| question(e).is_some_and(|h| h < hi));
    let after = t
        .entries
        .iter()
        .find(|e| question(e).is_some_and(|h| h > hi));
    // A TOC split by section: the question's own section's entries, not the end of the
    // previous section's (its sub-list), when the previous listed question is in another one.
    let section = |h: usize| doc.headings[h].question.map(|qi| doc.questions[qi].section);
    let other_section = |e: &toc::Entry| question(e).map(section) != Some(section(hi));
    match (before, after) {
        (Some(b), Some(a)) if other_section(b) && !other_section(a) => Some((a, false)),
        (Some(b), _) => Some((b, true)),
        (None, Some(a)) => Some((a, false)),
        (None, None) => None,
    }
}

/// Whether the entry for heading `hi` waits: a question between it and its neighbour `model`
/// is not a heading yet (`##Q2: x`, which QA001's fix makes one) while an entry of the TOC
/// reaches nothing (it may be that question's). Placed now, the entry could go before that
/// one; once the question is a heading, its entry is a neighbour to place by.
fn waits(doc: &Document, t: &toc::Toc, model: &toc::Entry, hi: usize) -> bool {
    let Some(mh) = model.listed_heading() else {
        return false;
    };
    if t.entries.iter().all(|e| e.resolves) {
        return false;
    }
    let (a, b) = (doc.headings[mh].range.start, doc.headings[hi].range.start);
    let between = a.min(b)..a.max(b);
    doc.questions.iter().any(|q| {
        q.heading.is_none() && q.form == Form::MissingSpace && between.contains(&q.span.start)
    })
}

/// The link text for heading `hi` in the style of entry `model`: the heading's text, or its title
/// alone when the model lists its question by the title alone (its number, if any, outside).
fn entry_text(doc: &Document, model: Option<&toc::Entry>, hi: usize) -> String {
    let text = toc::heading_link_text(doc, hi);
    let Some((model, model_hi)) = model.and_then(|m| Some((m, m.listed_heading()?))) else {
        return text;
    };
    let key = |s: &str| toc::normalize(s).to_lowercase();
    let model_text = model.shown(doc).to_lowercase();
    let model_heading = key(&toc::heading_link_text(doc, model_hi));
    let title_only =
        model_text != model_heading && model_text == toc::without_number(&model_heading);
    if title_only {
        toc::without_number(&text).to_string()
    } else {
        text
    }
}

/// An `<a>` element listing heading `hi` at `anchor`, for an HTML TOC (no fix writes one): the
/// heading's plain text, or its title alone when `text` (the entry in its neighbour's style)
/// is the title alone; `&`, `<` and `>` written as character references.
fn html_entry(doc: &Document, text: &str, hi: usize, anchor: &str) -> String {
    let plain = doc.headings[hi].text.text.trim();
    let shown = if text == toc::heading_link_text(doc, hi) {
        plain
    } else {
        toc::without_number(plain)
    };
    let escaped = shown
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<a href=\"#{anchor}\">{escaped}</a>")
}

/// An entry for `q` in the style of `model`, its neighbour: the model's line with the link text,
/// the fragment and a number written outside the link changed; in a table row, the other cells
/// left empty (what they say is the model's question's); inserted after (else before) the
/// model's line.
fn insert_entry(
    doc: &Document,
    (model, insert_after): (&toc::Entry, bool),
    q: &crate::model::document::Question,
    text: &str,
    anchor: &str,
) -> Option<Fix> {
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
    let model_q = doc.headings[model.listed_heading()?]
        .question
        .map(|i| &doc.questions[i]);
    // The spans outside the link to rewrite: the model's number, and a table's other cells.
    let mut rewrites: Vec<(Range<usize>, String)> = Vec::new();
    // The model's number outside the link: its only one, else those that are its question's
    // number. A stale one too becomes the new question's number, which renumbering then keeps
    // in step, as it does the model's: `check --fix` and `renumber` write the same.
    if let Some(new) = q.number {
        let outside = toc::outside_numbers(doc, model.link);
        let alone = outside.len() == 1;
        let old = model_q.and_then(|m| m.number);
        rewrites.extend(
            outside
                .into_iter()
                .filter(|(n, _)| alone || Some(*n) == old)
                .map(|(_, r)| (r, new.to_string())),
        );
    }
    if doc.slice(line.clone()).trim_start().starts_with('|') {
        let cells: Vec<Range<usize>> = other_cells(doc, line.clone(), link.range.clone())
            .into_iter()
            .filter(|c| !rewrites.iter().any(|(r, _)| c.contains(&r.start)))
            .collect();
        rewrites.extend(cells.into_iter().map(|c| (c, String::new())));
    }
    rewrites.sort_by_key(|(r, _)| r.start);
    let copy = |from: usize, to: usize| {
        let mut s = String::new();
        let mut at = from;
        for (r, with) in rewrites
            .iter()
            .filter(|(r, _)| from <= r.start && r.end <= to)
        {
            s.push_str(&doc.text[at..r.start]);
            s.push_str(with);
            at = r.end;
        }
        s.push_str(&doc.text[at..to]);
        s
    };
    let mut new_line = copy(line.start, text_span.start);
    new_line.push_str(text);
    new_line.push_str(&doc.text[text_span.end..dest_span.start]);
    new_line.push_str(&dest[..=hash]);
    new_line.push_str(anchor);
    new_line.push_str(&copy(dest_span.end, line.end));
    let eol = if doc.text[line.end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let edit = if insert_after {
        let at = (line.end + eol.len()).min(doc.text.len());
        let lead = if at == line.end { eol } else { "" };
        Edit::replace(
            at..at,
            format!("{lead}{new_line}{}", if lead.is_empty() { eol } else { "" }),
        )
    } else {
        Edit::replace(line.start..line.start, format!("{new_line}{eol}"))
    };
    // A new list item or table row: a declared change of structure. Entries missing at one
    // point (several questions in a row) stack there in question order.
    let fix = Fix::safe(
        format!("Add `{}` to the table of contents", excerpt(text, 50)),
        vec![edit],
    );
    Some(fix.structural().stacking())
}

/// The contents of table row `line`'s cells other than the one holding `link`, each without
/// the spaces around it (empty cells left out). An escaped `\|` separates no cells.
fn other_cells(doc: &Document, line: Range<usize>, link: Range<usize>) -> Vec<Range<usize>> {
    let b = doc.text.as_bytes();
    let mut bounds = vec![line.start];
    let mut i = line.start;
    while i < line.end {
        match b[i] {
            b'\\' => i += 1,
            b'|' if !link.contains(&i) => bounds.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    bounds.push(line.end + 1);
    bounds
        .windows(2)
        .filter_map(|w| {
            let (start, end) = (w[0], w[1] - 1);
            let cell = &doc.text[start..end];
            let lead = cell.len() - cell.trim_start().len();
            let content = start + lead..start + lead + cell.trim().len();
            let holds_link = start <= link.start && link.start < end;
            (!content.is_empty() && !holds_link).then_some(content)
        })
        .collect()
}

/// Heading `hi`'s anchor for a new entry: its slug, or its explicit anchor (`<a name="x">` in
/// or right above it) when it has one and the entry `model` links through one.
fn anchor_for(doc: &Document, model: Option<&toc::Entry>, hi: usize) -> String {
    let anchors = doc.anchors();
    let slug = |h: usize| {
        anchors
            .get(h)
            .filter(|(_, of)| *of == Some(h))
            .map(|(a, _)| a)
    };
    let explicit = model.is_some_and(|m| {
        m.heading.is_some_and(|mh| {
            doc.resolve_fragment(&m.fragment)
                .is_some_and(|(a, _)| Some(a) != slug(mh))
        })
    });
    let own = anchors[doc.headings.len().min(anchors.len())..]
        .iter()
        .find(|(_, h)| *h == Some(hi))
        .map(|(a, _)| a);
    match (explicit, own) {
        (true, Some(a)) => a.clone(),
        _ => slug(hi).cloned().unwrap_or_default(),
    }
}

/// The questions a table of contents covers that it does not list.
fn check_toc(doc: &Document, t: &toc::Toc, out: &mut Vec<Diagnostic>) {
    // An entry with a broken, empty or repeated anchor still lists the question it was meant
    // for, else (broken) every question its number names: QA503 reports the entry, once.
    let mut listed: Vec<usize> = t
        .entries
        .iter()
        .filter_map(|e| e.listed_heading())
        .collect();
    for e in t
        .entries
        .iter()
        .filter(|e| !e.resolves && e.listed_heading().is_none())
    {
        if let Some(n) = toc::first_number(&e.shown(doc)) {
            listed.extend(
                doc.questions
                    .iter()
                    .filter(|q| q.number == Some(n))
                    .filter_map(|q| q.heading),
            );
        }
    }
    // Where the TOC is: its first entry (the region may open on the blank line after its heading,
    // or on the document's first line when the heading is not recognised).
    let toc_line = t
        .entries
        .first()
        .map_or(t.region.start, |e| doc.links[e.link].range.start);
    let toc_line = doc.lines.position(&doc.text, toc_line).line;
    for q in doc
        .questions
        .iter()
        .filter(|q| t.covers.contains(&q.span.start))
    {
        let Some(hi) = q.heading else { continue };
        if listed.contains(&hi) {
            continue;
        }
        let model = neighbour(doc, t, hi);
        let text = entry_text(doc, model.map(|(m, _)| m), hi);
        let anchor = anchor_for(doc, model.map(|(m, _)| m), hi);
        let mut d = Diagnostic::new(
            &META,
            q.span.clone(),
            format!("`{}` is not in the table of contents", excerpt(&text, 60)),
        )
        .with_label("not listed");
        // Written so that it reads back as one link of that text (`[` and a trailing `\`
        // escaped); none when it cannot be.
        let written = toc::link_text(&text);
        // A near-miss heading (QA001) changes its text and anchor when it is mended: an entry
        // written now would point at the anchor it loses.
        let near_miss = q.form == Form::NearMiss;
        let fix = model
            .filter(|(m, _)| !waits(doc, t, m, hi) && !near_miss)
            .zip(written.as_deref())
            .and_then(|(m, w)| insert_entry(doc, m, q, w, &anchor));
        // The help shows the line the fix inserts (a table row, an ordered item, the
        // neighbour's text style); without a fix, a bullet, or in an HTML TOC (which no fix
        // writes to) an `<a>` element.
        let html = model.is_some_and(|(m, _)| m.html);
        let line = fix
            .as_ref()
            .and_then(|f| f.edits.first())
            .map(|e| {
                e.content
                    .trim_matches(['\r', '\n'])
                    .trim_start()
                    .to_string()
            })
            .filter(|l| !l.is_empty() && !l.contains('\n'))
            .unwrap_or_else(|| match html {
                true => html_entry(doc, &text, hi, &anchor),
                false => format!("- [{}](#{anchor})", written.as_deref().unwrap_or(&text)),
            });
        let toc = if html {
            "HTML table of contents"
        } else {
            "table of contents"
        };
        d = d.with_help(match near_miss {
            true => format!(
                "mend the heading's form first (QA001), then add its entry to the {toc} (line {toc_line})"
            ),
            false => format!("add `{line}` to the {toc} (line {toc_line})"),
        });
        if let Some(fix) = fix {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}
