//! The tables of contents of a file: the list (or table) of links (inline, or full reference
//! links `[text][label]`, whose text is their own) to the file's own anchors under
//! a heading matching `toc.heading`, or, without such a heading, before the first question; or
//! an HTML block there (a `<table>`, `<ul>`/`<ol>` or `<p>`) of `<a href="#…">` links, two or
//! more, that list the file's questions (see `drop_html_non_tocs`). An `<a href>` in a Markdown
//! list item or table row is an entry too (`html`). A
//! file may have several (a second one before an archive part): each covers the questions from
//! where it starts to where the next one starts. A section may have its own (a list of its
//! questions right under its heading, see `section_tocs`), which covers that section.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::model::document::Document;
use crate::model::links::{self, Target};
use crate::model::scan::lists;

/// One TOC link.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into `Document::links`.
    pub link: usize,
    /// Source span of the text the entry shows: the link's text, or the content of its HTML
    /// `<a>` element (up to `</a>`).
    pub text: Range<usize>,
    /// An HTML `<a href>` element in an HTML block: its text is HTML, not Markdown, and no fix
    /// writes an entry of that form.
    pub html: bool,
    pub fragment: String,
    /// The heading the fragment reaches, if any (`None`: broken, or an explicit anchor that
    /// is no heading's).
    pub heading: Option<usize>,
    /// Whether the fragment reaches any anchor at all (never for an empty target `()`).
    pub resolves: bool,
    /// For an entry that reaches nothing: the anchor it was most likely meant for.
    pub meant: Option<Meant>,
}

/// The anchor a broken TOC entry was meant for, and how sure that is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meant {
    pub anchor: String,
    /// The heading with that anchor, if it is a heading's.
    pub heading: Option<usize>,
    pub by: MeantBy,
}

/// How a broken entry's target was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeantBy {
    /// The fragment lacks only the `-` an emoji at an end of the heading leaves (sure).
    EmojiDash,
    /// The entry's text is a question's title, markup, case and a number of its own aside
    /// (sure: `Q3: What is flexbox?` for `## Q4: What is flexbox?`).
    SameTitle,
    /// The entry writes a number of its own that exactly one question carries (sure).
    Number,
    /// The entry reaches the heading an earlier entry reaches, and a later heading of the same
    /// text (GitHub's `-1`, `-2` anchor) is reached by none: numbering restarted per section,
    /// `#q1-…` written twice (sure).
    Repeat,
    /// The entry reaches a heading another entry reaches, and its text is exactly another
    /// question's title or heading, which no entry lists: a copied line whose anchor was not
    /// changed with its text (sure).
    Copied,
    /// One question's title is close to the entry's text (a guess).
    CloseTitle,
}

impl MeantBy {
    /// Whether a fix may act on it without a human looking.
    pub fn is_sure(self) -> bool {
        !matches!(self, MeantBy::CloseTitle)
    }
}

impl Entry {
    /// The heading this entry lists: the one it was meant for, else the one it reaches.
    pub fn listed_heading(&self) -> Option<usize> {
        self.meant.as_ref().and_then(|m| m.heading).or(self.heading)
    }

    /// The text the entry shows, normalised (see [`normalize`]); an HTML entry's without its
    /// tags, common character references decoded.
    pub fn shown(&self, doc: &Document) -> String {
        shown_text(doc, self.text.clone(), self.html)
    }
}

/// The text source span `text` shows, normalised; HTML (`html`) without its tags.
fn shown_text(doc: &Document, text: Range<usize>, html: bool) -> String {
    let src = doc.slice(text.clone());
    if html {
        normalize(&crate::model::scan::details::strip_tags(src, text.start).text)
    } else {
        normalize(src)
    }
}

/// The TOC of a file.
#[derive(Debug, Clone)]
pub struct Toc {
    pub region: Range<usize>,
    pub entries: Vec<Entry>,
    /// The part of the file whose questions this TOC lists: the whole file for a single TOC.
    pub covers: Range<usize>,
}

impl Toc {
    /// Whether this TOC lists questions (and not only sections).
    pub fn lists_questions(&self, doc: &Document) -> bool {
        self.entries.iter().any(|e| {
            e.heading
                .is_some_and(|h| doc.headings[h].question.is_some())
        })
    }

    /// The question an entry that reaches a heading lists, if any (for a repeated anchor, the
    /// one it was meant for).
    pub fn question(&self, doc: &Document, e: &Entry) -> Option<usize> {
        e.heading
            .and(e.listed_heading())
            .and_then(|h| doc.headings[h].question)
    }
}

/// The first TOC of `doc`, if it has one.
pub fn find(doc: &Document) -> Option<Toc> {
    find_all(doc).first().cloned()
}

/// Every TOC of `doc`, in order (computed once per document: six rules ask).
pub fn find_all<'d>(doc: &'d Document) -> &'d [Toc] {
    doc.toc_cache.get_or_init(|| compute_all(doc))
}

fn compute_all(doc: &Document) -> Vec<Toc> {
    if doc.questions.is_empty() {
        return Vec::new();
    }
    let re = &doc.settings.toc_heading;
    let toc_headings: Vec<usize> = doc
        .headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.question.is_none() && !h.in_details && re.is_match(&h.text.text))
        .map(|(i, _)| i)
        .collect();
    let mut searches = 0;
    let sections = section_tocs(doc, &toc_headings, &mut searches);
    // A section's list is its own, not part of the file's TOC before the first question.
    let skip: Vec<Range<usize>> = sections.iter().map(|t| t.region.clone()).collect();
    let mut tocs: Vec<Toc> = Vec::new();
    match toc_headings.first() {
        None => tocs.extend(compute(doc, None, &skip, &mut searches)),
        Some(_) => {
            for &i in &toc_headings {
                // A later TOC heading needs a link to a question to count (a "Contents" heading
                // inside an answer is not a second TOC).
                if let Some(t) = compute(doc, Some(i), &skip, &mut searches)
                    && (tocs.is_empty() || t.lists_questions(doc))
                {
                    tocs.push(t);
                }
            }
        }
    }
    let starts: Vec<usize> = tocs.iter().map(|t| t.region.start).collect();
    let len = doc.text.len();
    for (k, t) in tocs.iter_mut().enumerate() {
        let start = if k == 0 { 0 } else { starts[k] };
        t.covers = start..starts.get(k + 1).copied().unwrap_or(len);
    }
    tocs.extend(sections);
    tocs
}

/// The TOC under heading `hi`, or (`None`) the links before the first question; links in
/// `skip` (sections' own lists) left out.
fn compute(
    doc: &Document,
    heading: Option<usize>,
    skip: &[Range<usize>],
    searches: &mut usize,
) -> Option<Toc> {
    let first_question = doc.questions.first().map(|q| q.span.start)?;
    let region = match heading {
        Some(i) => {
            let h = &doc.headings[i];
            // The TOC ends at the next heading of its level or higher, or at the first
            // question after it, whichever comes first (questions may sit right under
            // `## Contents`).
            let end = doc.headings[i + 1..]
                .iter()
                .find(|o| o.level <= h.level || o.question.is_some())
                .map_or(doc.text.len(), |o| o.range.start);
            h.range.end..end
        }
        None => 0..first_question,
    };
    // Without a TOC heading, links in a paragraph are prose, not a table of contents.
    let entries: Vec<Entry> = entries(doc, region.clone(), heading.is_none(), searches)
        .into_iter()
        .filter(|e| {
            !skip
                .iter()
                .any(|r| r.contains(&doc.links[e.link].range.start))
        })
        .collect();
    // Without a TOC heading, one stray link in an introduction is not a table of contents.
    let needed = if region.start == 0 { 2 } else { 1 };
    let covers = 0..doc.text.len();
    (entries.len() >= needed).then_some(Toc {
        region,
        entries,
        covers,
    })
}

/// The TOC entries in `region`: its links to this file's anchors (only those in a list or a
/// table when `listed`).
fn entries(doc: &Document, region: Range<usize>, listed: bool, searches: &mut usize) -> Vec<Entry> {
    let targets = links::targets(doc);
    let first = doc.links.partition_point(|l| l.range.start < region.start);
    let mut entries: Vec<Entry> = doc.links[first..]
        .iter()
        .take_while(|l| l.range.start < region.end)
        .enumerate()
        .map(|(k, l)| (first + k, l))
        .filter(|(_, l)| !l.image)
        .filter_map(|(i, l)| {
            let (text, html) = match &l.text_span {
                Some(t) if !listed || in_list_or_table(doc, l.range.start) => (t.clone(), false),
                Some(_) => return None,
                // An `<a href>` in an HTML table, list or paragraph (`<p>`), or in a Markdown
                // list item or table row (`- <a href="#q2">Q2: …</a>`).
                None if html_container(doc, l.range.start).is_some()
                    || (in_html_block(doc, l.range.start).is_none()
                        && in_list_or_table(doc, l.range.start)) =>
                {
                    (l.shown_text(&doc.text)?, true)
                }
                None => return None,
            };
            let fragment = match &targets[i] {
                Target::SameFile { fragment } if !fragment.is_empty() => fragment.clone(),
                // `[Q23: What is a transformer?]()`: an entry that goes nowhere.
                _ if l.dest.trim().is_empty() && l.dest_span.is_some() => String::new(),
                _ => return None,
            };
            let hit = (!fragment.is_empty())
                .then(|| doc.resolve_fragment(&fragment))
                .flatten();
            let meant = match hit {
                Some(_) => None,
                None => meant(
                    doc,
                    i,
                    &shown_text(doc, text.clone(), html),
                    &fragment,
                    searches,
                ),
            };
            Some(Entry {
                link: i,
                text,
                html,
                heading: hit.and_then(|(_, h)| *h),
                resolves: hit.is_some(),
                fragment,
                meant,
            })
        })
        .collect();
    drop_html_non_tocs(doc, &mut entries);
    repeated_anchors(doc, &mut entries);
    entries
}

/// The HTML block holding `at`, when it is a table, a list or a paragraph (it opens a
/// `<table>`, `<ul>`, `<ol>` or `<p>`, or a part of one: `<tr>`, `<td>`, `<li>`, …).
fn html_container(doc: &Document, at: usize) -> Option<Range<usize>> {
    static CONTAINER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = CONTAINER.get_or_init(|| {
        regex::Regex::new(r"(?i)<(?:table|thead|tbody|tr|td|th|ul|ol|li|p)[\s/>]")
            .expect("static regex")
    });
    let block = in_html_block(doc, at)?;
    re.is_match(doc.slice(block.clone())).then_some(block)
}

/// The HTML block holding `at`, if any.
fn in_html_block(doc: &Document, at: usize) -> Option<Range<usize>> {
    let i = doc.html_blocks.partition_point(|b| b.start <= at);
    doc.html_blocks[..i]
        .last()
        .filter(|b| b.contains(&at))
        .cloned()
}

/// Drops the HTML entries of each block that is no TOC. A block's entries are a TOC's when
/// they are two or more, at least half of the block's `<a href>` links (a table of links
/// elsewhere with a `#top` is none), and two of them (the file's one question, if it has one)
/// list questions: a navigation bar of links to sections, a badge table or a contributors'
/// table (`#ideas-…`) lists none. Those listing questions are also at least half of its
/// entries, or two of them (its one) name the question they list, by title or number: a nav
/// bar whose `Start here` and `Most asked` go to questions among links to sections is none.
fn drop_html_non_tocs(doc: &Document, entries: &mut Vec<Entry>) {
    let questions = doc.questions.iter().filter(|q| q.heading.is_some()).count();
    // Each HTML entry's block, found once.
    let block_of: Vec<Option<Range<usize>>> = entries
        .iter()
        .map(|e| {
            e.html
                .then(|| html_container(doc, doc.links[e.link].range.start))?
        })
        .collect();
    let mut blocks: Vec<BlockTally> = Vec::new();
    for (k, e) in entries.iter().enumerate() {
        let Some(block) = block_of[k].clone() else {
            continue;
        };
        if blocks.last().is_none_or(|t| t.block != block) {
            blocks.push(BlockTally {
                block,
                ..Default::default()
            });
        }
        if let Some(t) = blocks.last_mut() {
            t.entries += 1;
            if let Some(q) = e.listed_heading().and_then(|h| doc.headings[h].question) {
                t.listing.push((k, q));
            }
        }
    }
    let wanted = questions.clamp(1, 2);
    // Titles are compared (a search over every question) only where the count leaves it open.
    let named = |t: &BlockTally| {
        t.listing
            .iter()
            .filter(|&&(k, q)| names_question(doc, &entries[k], q))
            .take(wanted)
            .count()
    };
    let tocs: std::collections::HashSet<usize> = blocks
        .iter()
        .filter(|t| {
            let first = doc.links.partition_point(|l| l.range.start < t.block.start);
            let anchors = doc.links[first..]
                .iter()
                .take_while(|l| l.range.start < t.block.end)
                .filter(|l| !l.image && l.text_span.is_none() && l.shown_text(&doc.text).is_some())
                .count();
            t.entries >= 2
                && t.entries * 2 >= anchors
                && t.listing.len() >= wanted
                && (t.listing.len() * 2 >= t.entries || named(t) >= wanted)
        })
        .map(|t| t.block.start)
        .collect();
    // An `<a>` in a Markdown list or table is in no HTML block: its list decides, as for
    // `[…](#…)` items.
    let mut k = 0;
    entries.retain(|_| {
        k += 1;
        block_of[k - 1]
            .as_ref()
            .is_none_or(|b| tocs.contains(&b.start))
    });
}

/// The HTML entries of one block, counted for [`drop_html_non_tocs`].
#[derive(Default)]
struct BlockTally {
    block: Range<usize>,
    entries: usize,
    /// The entries that list a question: (entry, question).
    listing: Vec<(usize, usize)>,
}

/// Whether entry `e`'s text names question `qi`: its title (a number of its own aside), or its
/// number (`Q3`).
fn names_question(doc: &Document, e: &Entry, qi: usize) -> bool {
    let q = &doc.questions[qi];
    let shown = e.shown(doc);
    named_question(doc, &shown) == q.heading
        || q.number.is_some_and(|n| number_token(&shown) == Some(n))
}

/// The question lists of sections: a list or table of links right under a section heading
/// (`## Core Java`, then `1. [What is the JVM?](#1-what-is-the-jvm)` before its first question)
/// whose links all stay in the section and list two of its questions (its only one) and at
/// least half, in a file with questions elsewhere too (else the list is the file's TOC). Each
/// covers its section: up to the next heading of its level or higher, or the next section.
fn section_tocs(doc: &Document, toc_headings: &[usize], searches: &mut usize) -> Vec<Toc> {
    let mut members: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for q in &doc.questions {
        if let (Some(s), Some(hi)) = (q.section, q.heading) {
            members.entry(s).or_default().push(hi);
        }
    }
    let total = doc.questions.iter().filter(|q| q.heading.is_some()).count();
    let len = doc.text.len();
    let mut out = Vec::new();
    let mut sections: Vec<usize> = members.keys().copied().collect();
    sections.sort_unstable();
    for s in sections {
        let (h, listable) = (&doc.headings[s], &members[&s]);
        if h.in_details || toc_headings.contains(&s) || listable.len() == total {
            continue;
        }
        // Right under the heading: up to the next heading or question.
        let next_heading = doc.headings.get(s + 1).map_or(len, |o| o.range.start);
        let next_question = doc
            .questions
            .get(
                doc.questions
                    .partition_point(|q| q.span.start < h.range.end),
            )
            .map_or(len, |q| q.span.start);
        let region = h.range.end..next_heading.min(next_question);
        let end = doc.headings[s + 1..]
            .iter()
            .enumerate()
            .find(|(k, o)| o.level <= h.level || members.contains_key(&(s + 1 + k)))
            .map_or(len, |(_, o)| o.range.start);
        let covers = h.range.start..end;
        let entries = entries(doc, region.clone(), true, searches);
        let inside = |hi: usize| covers.contains(&doc.headings[hi].range.start);
        if entries
            .iter()
            .any(|e| e.heading.is_some_and(|hi| !inside(hi)))
        {
            continue;
        }
        let mut listed: Vec<usize> = entries
            .iter()
            .filter_map(|e| e.heading)
            .filter(|hi| listable.binary_search(hi).is_ok())
            .collect();
        listed.sort_unstable();
        listed.dedup();
        if listed.len() >= listable.len().min(2) && listed.len() * 2 >= listable.len() {
            out.push(Toc {
                region,
                entries,
                covers,
            });
        }
    }
    out
}

/// Whether the line holding `at` is a list item's (its marker before `at`) or a table row.
fn in_list_or_table(doc: &Document, at: usize) -> bool {
    let line = doc.lines.line_range(&doc.text, doc.lines.line_of(at));
    let before = doc
        .slice(line.start..at)
        .trim_start_matches([' ', '\t', '>']);
    let bullet = before.starts_with(['-', '*', '+']) && before[1..].starts_with([' ', '\t']);
    let marker = bullet || lists::written_number(before).is_some();
    marker || in_table(doc, line)
}

/// Whether `line` is a row of a pipe table: it holds a `|` and so does every line up to a
/// delimiter row (`|---|:--:|`) above it or right below it. A paragraph of links joined by ` | `
/// (a language switch) is prose.
fn in_table(doc: &Document, line: std::ops::Range<usize>) -> bool {
    let delimiter = |l: &str| {
        let t = l.trim().trim_matches('|');
        !t.is_empty()
            && t.contains('-')
            && t.split('|').all(|c| {
                c.trim().trim_matches(':').chars().all(|ch| ch == '-') && !c.trim().is_empty()
            })
    };
    if !doc.slice(line.clone()).contains('|') {
        return false;
    }
    let below = doc.text[line.end..]
        .trim_start_matches(['\r', '\n'])
        .lines()
        .next()
        .unwrap_or("");
    if delimiter(below) {
        return true;
    }
    for l in doc.text[..line.start].lines().rev() {
        if !l.contains('|') {
            return false;
        }
        if delimiter(l) {
            return true;
        }
    }
    false
}

/// Broken entries per file whose target is also looked for by a close title: each search scans
/// every question.
const MAX_TITLE_SEARCHES: usize = 100;

/// Entries that reach the heading an earlier entry reaches: the k-th of them was meant for the
/// k-th later heading of the same text (anchored `-k` by GitHub), when no entry reaches that.
fn repeated_anchors(doc: &Document, entries: &mut [Entry]) {
    let reached: std::collections::HashSet<usize> =
        entries.iter().filter_map(|e| e.heading).collect();
    let mut times: std::collections::HashMap<usize, usize> = Default::default();
    for e in entries.iter_mut() {
        let Some(h) = e.heading else { continue };
        let k = times.entry(h).or_default();
        *k += 1;
        if *k == 1 {
            continue;
        }
        let text = &doc.headings[h].text.text;
        let repeat = doc.headings[h + 1..]
            .iter()
            .enumerate()
            .filter(|(_, o)| o.text.text == *text)
            .nth(*k - 2)
            .map(|(i, _)| h + 1 + i);
        if let Some(r) = repeat.filter(|r| !reached.contains(r)) {
            e.meant = of_heading(doc, r, MeantBy::Repeat);
        }
    }
    copied_anchors(doc, entries, &reached);
}

/// Entries that reach a heading another entry reaches too, whose text is exactly another
/// question's title or heading that no entry lists: a copied line whose text was changed and
/// its anchor not (`- [What is a view?](#q1-what-is-an-index)` under the Q1 entry). Each was
/// meant for the question its text names.
fn copied_anchors(
    doc: &Document,
    entries: &mut [Entry],
    reached: &std::collections::HashSet<usize>,
) {
    let mut times: std::collections::HashMap<usize, usize> = Default::default();
    for h in entries.iter().filter_map(|e| e.heading) {
        *times.entry(h).or_default() += 1;
    }
    let mut claimed: std::collections::HashSet<usize> = entries
        .iter()
        .filter_map(|e| e.meant.as_ref()?.heading)
        .collect();
    for e in entries.iter_mut() {
        let Some(h) = e.heading.filter(|h| times[h] > 1) else {
            continue;
        };
        if e.meant.is_some() {
            continue;
        }
        let Some(named) = named_question(doc, &e.shown(doc)) else {
            continue;
        };
        if named != h && !reached.contains(&named) && claimed.insert(named) {
            e.meant = of_heading(doc, named, MeantBy::Copied);
        }
    }
}

/// Heading `hi`'s anchor, as what an entry was meant for.
fn of_heading(doc: &Document, hi: usize, by: MeantBy) -> Option<Meant> {
    // Heading `hi`'s anchor is the `hi`th.
    let anchor = doc.anchors().get(hi).filter(|(_, h)| *h == Some(hi))?;
    Some(Meant {
        anchor: anchor.0.clone(),
        heading: Some(hi),
        by,
    })
}

/// The heading of the one question whose title or heading an entry's (normalised) text is,
/// case and a number of its own aside.
fn named_question(doc: &Document, text: &str) -> Option<usize> {
    let entry = text.to_lowercase();
    let unnumbered = without_number(&entry);
    let same = doc.questions.iter().filter_map(|q| {
        let hi = q.heading?;
        let title = normalize(&q.title).to_lowercase();
        let heading = normalize(&doc.headings[hi].text.text).to_lowercase();
        (title == entry || heading == entry || (!title.is_empty() && title == unnumbered))
            .then_some(hi)
    });
    match same.take(2).collect::<Vec<_>>()[..] {
        [hi] => Some(hi),
        _ => None,
    }
}

/// The anchor the broken TOC link `link` (showing `text`, normalised; fragment `fragment`, maybe
/// empty) was meant for.
fn meant(
    doc: &Document,
    link: usize,
    text: &str,
    fragment: &str,
    searches: &mut usize,
) -> Option<Meant> {
    let of_heading = |hi: usize, by| of_heading(doc, hi, by);
    if !fragment.is_empty()
        && let Some((anchor, heading)) = doc.emoji_near_fragment(fragment)
    {
        return Some(Meant {
            anchor: anchor.clone(),
            heading: *heading,
            by: MeantBy::EmojiDash,
        });
    }
    // A title names its question more surely than a number: a stale number is what a gap or a
    // renumbering leaves, and it may name another question.
    if let Some(hi) = named_question(doc, text) {
        return of_heading(hi, MeantBy::SameTitle);
    }
    let entry = text.to_lowercase();
    let number = number_token(text).or_else(|| row_number(doc, link));
    if let Some(n) = number {
        let mut hits = doc
            .questions
            .iter()
            .filter(|q| q.number == Some(n) && q.heading.is_some());
        if let (Some(q), None) = (hits.next(), hits.next()) {
            return of_heading(q.heading?, MeantBy::Number);
        }
    }
    if *searches >= MAX_TITLE_SEARCHES {
        return None;
    }
    *searches += 1;
    let with_heading: Vec<(usize, String)> = doc
        .questions
        .iter()
        .filter_map(|q| Some((q.heading?, normalize(&q.title).to_lowercase())))
        .collect();
    let (i, _) = crate::base::suggest::most_similar(
        &entry,
        with_heading.iter().map(|(_, t)| t.as_str()),
        0.85,
    )?;
    of_heading(with_heading[i].0, MeantBy::CloseTitle)
}

/// The question number an entry's text writes as a number of its own: `18.`, `18:`, `18)` or
/// `Question 18` at the start, `Q18` or `#18` anywhere, or a text that is only a number. Digits
/// inside a word or a version (`I18n`, `Vue2.0`, `mp3`) are none.
pub fn number_token(text: &str) -> Option<u64> {
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

/// `text` without a number label at its start and the separator after it (`Q3: `, `3. `, `#3 `,
/// `P3. `, `Question 3 - `: a word or `#`, then the number; a word's letters may carry combining
/// marks, as `प्रश्न 3: ` does); `text` itself when it opens with none.
pub fn without_number(text: &str) -> &str {
    static LABEL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let label = LABEL.get_or_init(|| {
        regex::Regex::new(r"^(?:[\p{L}\p{M}]+\s*|#)?[0-9]+(?:[.:)]|\s*[-–—|])?\s+")
            .expect("static regex")
    });
    label.find(text).map_or(text, |m| &text[m.end()..])
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
        .map(normalize)
        .filter(|cell| cell.split_whitespace().count() == 1)
        .filter_map(|cell| number_token(&cell));
    match (numbers.next(), numbers.next()) {
        (Some(n), None) => Some(n),
        _ => None,
    }
}

/// What TOC entries and headings are compared by: inline tags, images, link destinations and
/// references, and character references (`&amp;`) dropped, NFKC, lower case, apostrophes (`'`,
/// `’`) and markup characters removed, any other run of punctuation or whitespace one space.
/// `C++` and `C#` keep their signs.
pub fn comparison_key(s: &str) -> String {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| {
        regex::Regex::new(
            r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\]\[[^\]]*\]|&(?:[A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);",
        )
        .expect("static regex")
    });
    let text = without_tags(s);
    let text = link.replace_all(&text, " ");
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    // Most entries are already in NFKC: the quick check skips the slow composer.
    let folded: Box<dyn Iterator<Item = char>> =
        match unicode_normalization::is_nfkc_quick(text.chars()) {
            unicode_normalization::IsNormalized::Yes => Box::new(text.chars()),
            _ => Box::new(text.nfkc()),
        };
    for c in folded.flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || (matches!(c, '+' | '#') && (prev.is_alphanumeric() || prev == c))
        {
            out.push(c);
        } else if matches!(c, '\'' | '’' | '‘' | '`' | '*' | '_' | '~' | '\\') {
            // Dropped without a space: `isn't` → `isnt`, `**bold**` → `bold`.
            continue;
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        prev = c;
    }
    out.truncate(out.trim_end().len());
    out
}

/// Text for comparing an entry with a heading: markup characters dropped, spaces collapsed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '*' | '_' | '`' | '\\') {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// The first whole number in `s`.
pub fn first_number(s: &str) -> Option<u64> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The heading's source text after its `#` marker (inline markup kept), for rewriting entries.
pub fn heading_source(doc: &Document, hi: usize) -> String {
    let h = &doc.headings[hi];
    let line = doc.slice(doc.first_line(&h.range));
    let t = if h.setext {
        line.trim()
    } else {
        let t = line.trim().trim_start_matches('#').trim();
        // A closing `#` sequence needs a space before it (`C#` keeps its `#`).
        let stripped = t.trim_end_matches('#');
        if stripped.len() < t.len() && (stripped.is_empty() || stripped.ends_with([' ', '\t'])) {
            stripped.trim_end()
        } else {
            t
        }
    };
    // Inline HTML (`<a name=x></a>`) is not part of the text a TOC repeats.
    without_tags(t).trim().to_string()
}

/// [`heading_source`] as a link's text: a link in the heading written as its text (a link
/// inside a link text is no link: `[What is a [transformer](url)?](#q2)` would list nothing).
pub fn heading_link_text(doc: &Document, hi: usize) -> String {
    let mut text = heading_source(doc, hi);
    let line = doc.first_line(&doc.headings[hi].range);
    let first = doc.links.partition_point(|l| l.range.start < line.start);
    for l in doc.links[first..]
        .iter()
        .take_while(|l| l.range.start < line.end)
        .filter(|l| !l.image)
    {
        let inner = match &l.text_span {
            Some(t) => doc.slice(t.clone()),
            None => l.dest.as_str(),
        };
        text = text.replacen(doc.slice(l.range.clone()), inner, 1);
    }
    text
}

/// Inline source `text` written as a TOC link's text: as it is when `[text](#x)` reads as one
/// link showing the same text, else with its `[` and `]` outside code spans and a trailing `\\`
/// escaped (`What does [ start?`, `What is F? \\`: written as they are, the first makes a link
/// of `[ start?](#x)` alone, the second escapes the link's `]`). `None` when neither reads so
/// (an image beside an unbalanced bracket): no entry is better than a broken one.
pub fn link_text(text: &str) -> Option<String> {
    // Read after a word, so that no block opens (`1. ` a list, `# ` a heading).
    let shown = inline_text(&format!("x {text}"));
    let want = shown.strip_prefix("x ")?;
    let reads = |t: &str| link_text_read(&format!("[{t}](#x)")).is_some_and(|s| s == want);
    if reads(text) {
        return Some(text.to_string());
    }
    let escaped = escape_brackets(text);
    reads(&escaped).then_some(escaped)
}

/// `text` with its unescaped `[` and `]` outside code spans escaped, and a backslash at its end
/// (which would escape what follows) doubled.
fn escape_brackets(text: &str) -> String {
    let code = code_spans(text);
    let mut out = String::with_capacity(text.len() + 4);
    let mut backslashes = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '[' | ']') && backslashes % 2 == 0 && !code.iter().any(|r| r.contains(&i)) {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    if backslashes % 2 == 1 {
        out.push('\\');
    }
    out
}

/// The text `link` (one line, `[…](#x)`) shows, when it parses as one link and nothing else.
fn link_text_read(link: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut links = 0;
    for (event, range) in
        Parser::new_ext(link, crate::model::scan::parser_options()).into_offset_iter()
    {
        if let Event::Start(Tag::Link { .. }) = event {
            links += 1;
            if range != (0..link.len()) {
                return None;
            }
        }
    }
    (links == 1).then(|| inline_text(link))
}

/// The text inline source `s` shows, images left out: what a heading's text is made of
/// (`scan::headings`).
fn inline_text(s: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut image = 0usize;
    for event in Parser::new_ext(s, crate::model::scan::parser_options()) {
        match event {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image == 0 => out.push_str(&t),
            Event::InlineMath(t) if image == 0 => out.push_str(&format!("${t}$")),
            Event::DisplayMath(t) if image == 0 => out.push_str(&format!("$${t}$$")),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// `s` without its inline HTML tags; a tag-like text inside a code span (`` `<Trans>` ``) is
/// code and stays.
pub fn without_tags(s: &str) -> String {
    let code = code_spans(s);
    tag_re()
        .replace_all(s, |c: &regex::Captures| {
            let at = c.get(0).map_or(0, |m| m.start());
            if code.iter().any(|r| r.contains(&at)) {
                c[0].to_string()
            } else {
                String::new()
            }
        })
        .into_owned()
}

/// The code spans of inline text `s`, backticks included: a run of backticks up to the next
/// run of the same length (a backslash-escaped backtick opens none).
pub fn code_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let run = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let open = run(i);
                let mut j = i + open;
                let mut end = None;
                while j < b.len() {
                    if b[j] != b'`' {
                        j += 1;
                        continue;
                    }
                    let n = run(j);
                    if n == open {
                        end = Some(j + n);
                        break;
                    }
                    j += n;
                }
                match end {
                    Some(e) => {
                        out.push(i..e);
                        i = e;
                    }
                    None => i += open,
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The numbers a TOC entry's line writes outside its link: in a table row (Markdown or HTML),
/// the number cell of its link ([`number_cell`]); in a list item or a line of its own, each
/// whole number before the link (the item's marker `3.`, a label `Q3 —`, `#3`, `(3)`), with the
/// spans to rewrite. None outside a table when the line holds another link: which number is
/// whose is then unclear.
pub fn outside_numbers(doc: &Document, link: usize) -> Vec<(u64, Range<usize>)> {
    let at = doc.links[link].range.start;
    let line = doc.lines.line_range(&doc.text, doc.lines.line_of(at));
    if doc.slice(line.clone()).trim_start().starts_with('|') {
        return number_cell(doc, at).into_iter().collect();
    }
    let first = doc.links.partition_point(|l| l.range.start < line.start);
    let alone = doc.links[first..]
        .iter()
        .take_while(|l| l.range.start < line.end)
        .all(|l| l.range.start == at);
    if !alone {
        return number_cell(doc, at).into_iter().collect();
    }
    // Before an HTML `<a>`, numbers in tags (`<td width="3">`) are no labels.
    let before = &doc.text[line.start..at];
    let before = if doc.text[at..].starts_with('<') {
        blank_tags(before)
    } else {
        before.to_string()
    };
    label_numbers(&before)
        .into_iter()
        .map(|(n, r)| (n, line.start + r.start..line.start + r.end))
        .collect()
}

/// `s` with each HTML tag in it written as spaces (offsets kept).
fn blank_tags(s: &str) -> String {
    tag_re()
        .replace_all(s, |c: &regex::Captures| " ".repeat(c[0].len()))
        .into_owned()
}

/// An HTML tag, opening or closing.
fn tag_re() -> &'static regex::Regex {
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    TAG.get_or_init(|| regex::Regex::new(r"</?[A-Za-z][^>]*>").expect("static regex"))
}

/// The whole numbers of `s` that stand alone or as a label's (`3`, `Q3`, `#3`: one letter or `#`
/// right before), not digits inside a word (`mp3`, `I18n`), with their spans.
pub fn label_numbers(s: &str) -> Vec<(u64, Range<usize>)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let word = |k: usize| b[k].is_ascii_alphanumeric();
        let opens =
            i == 0 || !word(i - 1) || (b[i - 1].is_ascii_alphabetic() && (i == 1 || !word(i - 2)));
        let closes = end == b.len() || !word(end);
        if opens && closes && end - i <= 9 {
            out.extend(s[i..end].parse().ok().map(|n| (n, i..end)));
        }
        i = end;
    }
    out
}

/// In a table row, the number cell of the link starting at `at`: the nearest cell before the
/// link's own that holds a number alone (`| 54 | [Title](#t) |`, `<td>54</td><td><a …>`), or a
/// number opening the link's own cell (`| 54. [Title](#t) |`); the number and its span. In a
/// row of several questions (`| 1 | [A](#a) | 2 | [B](#b) |`) each link has its own: the search
/// stops at a cell holding another link to an anchor, and a row whose first such link has no
/// number before it writes its numbers elsewhere (after the links), so it has none. `None`
/// outside tables or without such a cell.
pub fn number_cell(doc: &Document, at: usize) -> Option<(u64, Range<usize>)> {
    let line = doc.lines.line_range(&doc.text, doc.lines.line_of(at));
    let cells = row_cells(doc, line.clone());
    // The first link to an anchor in cell `c`.
    let anchored = |c: &Range<usize>| {
        let i = doc.links.partition_point(|l| l.range.start < c.start);
        doc.links[i..]
            .iter()
            .take_while(|l| l.range.start < c.end)
            .find(|l| !l.image && l.dest.contains('#'))
            .map(|l| l.range.start)
    };
    let first_link = cells.iter().find_map(anchored);
    let of = |at: usize| {
        let k = cells.iter().position(|c| c.contains(&at))?;
        if let Some(n) = cell_number(doc, cells[k].start..at) {
            return Some(n);
        }
        for c in cells[..k].iter().rev() {
            if let Some(n) = cell_number(doc, c.clone()) {
                return Some(n);
            }
            if anchored(c).is_some() {
                return None;
            }
        }
        None
    };
    if first_link.is_some_and(|f| f != at && of(f).is_none()) {
        return None;
    }
    of(at)
}

/// The cells of table row `line`, their content spans: a Markdown row's between its `|`s (an
/// escaped `\|` is text), an HTML row's `<td>`/`<th>` elements' (one line). None when the line
/// is no row.
fn row_cells(doc: &Document, line: Range<usize>) -> Vec<Range<usize>> {
    static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let text = doc.slice(line.clone());
    let mut out = Vec::new();
    if text.trim_start().starts_with('|') {
        let b = text.as_bytes();
        let mut start = 0;
        for i in 0..b.len() {
            if b[i] == b'|' && (i == 0 || b[i - 1] != b'\\') {
                out.push(line.start + start..line.start + i);
                start = i + 1;
            }
        }
        out.push(line.start + start..line.end);
        return out;
    }
    if html_container(doc, line.start).is_none() {
        return out;
    }
    let cell = CELL.get_or_init(|| {
        regex::Regex::new(r"(?i)<t[dh](?:\s[^>]*)?>|</t[dh]\s*>").expect("static regex")
    });
    let mut open: Option<usize> = None;
    for m in cell.find_iter(text) {
        if let Some(s) = open.take() {
            out.push(line.start + s..line.start + m.start());
        }
        if !m.as_str().starts_with("</") {
            open = Some(m.end());
        }
    }
    if let Some(s) = open {
        out.push(line.start + s..line.end);
    }
    out
}

/// The number that cell content `span` holds alone (`54`, `54.`; tags aside), and its span.
fn cell_number(doc: &Document, span: Range<usize>) -> Option<(u64, Range<usize>)> {
    let blanked = blank_tags(doc.slice(span.clone()));
    let t = blanked.trim().trim_end_matches('.');
    if t.is_empty() || t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let lead = blanked.len() - blanked.trim_start().len();
    let start = span.start + lead;
    Some((t.parse().ok()?, start..start + t.len()))
}

#[cfg(test)]
mod tests {
    use super::link_text;

    #[test]
    fn link_text_escapes_only_what_breaks_the_link() {
        let cases = [
            ("What is A?", Some("What is A?")),
            ("What does [x] mean?", Some("What does [x] mean?")),
            ("What is `a[0`?", Some("What is `a[0`?")),
            ("What does [ start?", Some(r"What does \[ start?")),
            ("What does ] end?", Some(r"What does \] end?")),
            (r"What is F? \", Some(r"What is F? \\")),
            (r"Is \[ escaped?", Some(r"Is \[ escaped?")),
            ("What is [a](#b) [ here?", None),
            ("![logo](l.png) What [ is it?", None),
        ];
        for (text, want) in cases {
            assert_eq!(link_text(text).as_deref(), want, "{text}");
        }
    }
}
