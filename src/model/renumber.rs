//! Renumbering: give every question of each numbering scope the numbers `start, start+1, ...` in
//! document order, and keep everything that points at those numbers in step: heading numbers,
//! the anchors GitHub derives from them, links to those anchors (in the same file and in other
//! files) and link texts (a TOC entry, a markdown link's or an HTML `<a>` element's) that
//! repeat the number as their label (a number in the title is the title's: `What are the 3
//! pillars?` keeps its 3), and a number a TOC entry writes outside its link (a table's number
//! column, Markdown or `<td>`, per link in a row of several; a label or list marker before the
//! link). A TOC entry that misses the question it was surely meant for (a broken anchor QA503
//! mends safely) follows that question when it is renumbered: it gets the new anchor and
//! number, as `check --fix` (QA503's fix, then renumbering) gives it.
//!
//! New numbers keep the width of the written ones: a sequence written zero-padded (`01.` …
//! `10.`) writes `03`, never `3`, and the anchors and TOC texts follow the heading as written.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::Edit;
use crate::model::anchors::{self, Slugger};
use crate::model::document::Document;
use crate::model::numbering;
use crate::model::settings::NumberingScope;

/// One question that gets a new number.
#[derive(Debug, Clone)]
struct Change {
    doc: usize,
    question: usize,
    old: u64,
    new: u64,
    /// The zero-padded width its sequence writes (`01.` … `12.`: 2), 0 when it pads none.
    width: usize,
}

impl Change {
    /// The new number as written: padded to the sequence's width, or like the old one.
    fn written(&self, old_text: &str) -> String {
        if self.width > 0 {
            format!("{:0width$}", self.new, width = self.width)
        } else {
            format_like(old_text, self.new)
        }
    }

    /// The new number as the heading writes it (what its TOC entries and anchor follow).
    fn in_heading(&self, doc: &Document) -> String {
        let q = &doc.questions[self.question];
        let old = q.number_span.clone().map_or("", |r| doc.slice(r));
        self.written(old)
    }
}

/// A renumbered question's heading: its old number, the new one as written, and the heading.
#[derive(Debug, Clone)]
struct Renumbered {
    old: u64,
    new: String,
    heading: usize,
}

/// A renamed anchor: the new anchor, and for a question's heading its numbers.
type Renamed = (String, Option<Renumbered>);

/// The edits that renumber `docs` (all linted under one profile, in path order), per document.
pub fn plan(docs: &[&Document]) -> Vec<Vec<Edit>> {
    plan_keeping(docs, |_| false)
}

/// [`plan`], with the numbers of the documents `kept` says left as they are: their headings
/// keep their anchors, so no link to them changes (a file `renumber` was not asked to change).
pub fn plan_keeping(docs: &[&Document], kept: impl Fn(usize) -> bool) -> Vec<Vec<Edit>> {
    let mut edits: Vec<Vec<Edit>> = vec![Vec::new(); docs.len()];
    let mut changes = changes(docs);
    changes.retain(|c| !kept(c.doc));
    if changes.is_empty() {
        return edits;
    }
    // Heading numbers; a list item's marker that gains or loses digits moves the item's
    // content column, so its continuation lines move with it.
    for c in &changes {
        let doc = docs[c.doc];
        let q = &doc.questions[c.question];
        if let Some(span) = &q.number_span {
            let old_text = doc.slice(span.clone());
            let new_text = c.written(old_text);
            let is_marker = q
                .heading
                .is_some_and(|hi| doc.headings[hi].list_number_span.as_ref() == Some(span));
            if is_marker && new_text.len() != old_text.len() {
                edits[c.doc].extend(reindent_item(
                    doc,
                    q,
                    new_text.len() as isize - old_text.len() as isize,
                ));
            }
            edits[c.doc].push(Edit::replace(span.clone(), new_text));
        }
    }
    // Anchors that change, per document: old anchor → (new anchor, and for a question's
    // heading its old number and the new one as written).
    let mut renamed: Vec<HashMap<String, Renamed>> = vec![HashMap::new(); docs.len()];
    // The same, keyed by the lowercased old anchor (the first heading that has it), for links
    // that spell the anchor in another case.
    let mut renamed_loose: Vec<HashMap<String, String>> = vec![HashMap::new(); docs.len()];
    for (di, doc) in docs.iter().enumerate() {
        let mine: HashMap<usize, &Change> = changes
            .iter()
            .filter(|c| c.doc == di)
            .map(|c| (c.question, c))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut old_slugs = Slugger::new();
        let mut new_slugs = Slugger::new();
        for (hi, h) in doc.headings.iter().enumerate() {
            let old_anchor = old_slugs.next(&h.text.text);
            let change = h.question.and_then(|qi| mine.get(&qi).map(|c| (qi, *c)));
            let new_text = match change {
                Some((qi, c)) => match &doc.questions[qi].number_in_text {
                    Some(r) => {
                        let mut t = h.text.text.clone();
                        t.replace_range(r.clone(), &c.in_heading(doc));
                        t
                    }
                    None => h.text.text.clone(),
                },
                None => h.text.text.clone(),
            };
            let new_anchor = new_slugs.next(&new_text);
            if new_anchor != old_anchor {
                let numbers = change.map(|(_, c)| Renumbered {
                    old: c.old,
                    new: c.in_heading(doc),
                    heading: hi,
                });
                renamed_loose[di]
                    .entry(old_anchor.to_lowercase())
                    .or_insert_with(|| old_anchor.clone());
                renamed[di].insert(old_anchor, (new_anchor, numbers));
            }
        }
    }
    // Links to renamed anchors, and link texts that repeat the old number.
    // Documents by absolute path, as link targets resolve (relative paths and full URLs of the
    // repository alike).
    let paths: HashMap<PathBuf, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (crate::model::links::absolute(Path::new(&d.path)), i))
        .collect();
    // Per document, the headings whose question gets a new number: a link to one keeps its
    // anchor when the number is not in it (`54. ### Title`), but its text and a table row's
    // number column still carry the number.
    let mut renumbered: Vec<HashMap<usize, Renumbered>> = vec![HashMap::new(); docs.len()];
    for c in &changes {
        if let Some(hi) = docs[c.doc].questions[c.question].heading {
            let numbers = Renumbered {
                old: c.old,
                new: c.in_heading(docs[c.doc]),
                heading: hi,
            };
            renumbered[c.doc].insert(hi, numbers);
        }
    }
    for (di, doc) in docs.iter().enumerate() {
        let targets = crate::model::links::targets(doc);
        let tocs = crate::model::toc::find_all(doc);
        let entries: std::collections::HashSet<usize> = tocs
            .iter()
            .flat_map(|t| t.entries.iter().map(|e| e.link))
            .collect();
        // TOC entries that miss the question they were surely meant for (QA503's safe fix),
        // when that question is renumbered: each is pointed at its new anchor and its number
        // follows, as `check --fix` does (QA503's fix, then renumbering). Left as they are,
        // the number they write would name another question afterwards.
        let meant: HashMap<usize, usize> = tocs
            .iter()
            .flat_map(|t| &t.entries)
            .filter_map(|e| {
                let m = e.meant.as_ref().filter(|m| m.by.is_sure())?;
                let mh = m.heading.filter(|&h| Some(h) != e.heading)?;
                renumbered[di].contains_key(&mh).then_some((e.link, mh))
            })
            .collect();
        for (li, (link, target)) in doc.links.iter().zip(targets).enumerate() {
            if let Some(&mh) = meant.get(&li) {
                edits[di].extend(repair_entry(doc, li, mh, &renamed[di], &renumbered[di]));
                continue;
            }
            // A reference link's destination is its definition's (a link of its own): only its
            // text is the link's to renumber.
            let dest_span = link.dest_span.as_ref();
            if dest_span.is_none() && link.text_span.is_none() {
                continue;
            }
            let Some((_, fragment)) = link.dest.split_once('#') else {
                continue;
            };
            let target = match target {
                crate::model::links::Target::SameFile { .. } => Some(di),
                crate::model::links::Target::File { path, .. } => paths.get(path).copied(),
                crate::model::links::Target::Outside | crate::model::links::Target::External => {
                    None
                }
            };
            let Some(ti) = target else { continue };
            let map = &renamed[ti];
            if map.is_empty() && renumbered[ti].is_empty() {
                continue;
            }
            let decoded = anchors::decode_fragment(fragment);
            let hit = map.get(&decoded).or_else(|| {
                let lower = decoded.to_lowercase();
                [Some(lower.as_str()), lower.strip_prefix("user-content-")]
                    .into_iter()
                    .flatten()
                    .find_map(|id| renamed_loose[ti].get(id))
                    .and_then(|old| map.get(old))
            });
            // A link that shows its destination (`[../a.md#q3-x](../a.md#q3-x)`): its text
            // follows the destination.
            let shown = link.shown_text(&doc.text);
            let shows_dest = shown
                .as_ref()
                .zip(dest_span)
                .filter(|(t, d)| doc.slice((*t).clone()) == doc.slice((*d).clone()))
                .map(|(t, _)| t.clone());
            let numbers = match hit {
                Some((new_anchor, numbers)) => {
                    for span in dest_span.into_iter().chain(&shows_dest) {
                        if let Some(hash) = doc.slice(span.clone()).find('#') {
                            let start = span.start + hash + 1;
                            edits[di].push(Edit::replace(start..span.end, new_anchor.clone()));
                        }
                    }
                    numbers.clone()
                }
                None => docs[ti]
                    .resolve_fragment(&decoded)
                    .and_then(|(_, h)| h.and_then(|h| renumbered[ti].get(&h).cloned())),
            };
            let Some(Renumbered {
                old: old_n,
                new: new_n,
                heading,
            }) = numbers
            else {
                continue;
            };
            // The text it shows (a markdown link's, or an HTML `<a>` element's), where it
            // writes the number as a label.
            if let Some(ts) = shown.as_ref().filter(|_| shows_dest.is_none())
                && let Some(r) = label_token(docs[ti], heading, doc.slice(ts.clone()), old_n)
            {
                let r = ts.start + r.start..ts.start + r.end;
                edits[di].push(Edit::replace(r, new_n.clone()));
            }
            // A number outside the link: a table's number column; for a TOC entry, also a
            // label or an ordered list's marker before it (`- Q3 — [Title](#q3-title)`).
            let outside = if entries.contains(&li) {
                crate::model::toc::outside_numbers(doc, li)
            } else {
                crate::model::toc::number_cell(doc, link.range.start)
                    .into_iter()
                    .collect()
            };
            for (_, r) in outside.into_iter().filter(|(n, _)| *n == old_n) {
                edits[di].push(Edit::replace(r, new_n.clone()));
            }
        }
    }
    // Stub links to an external answer site follow the numbers when configured, or when every
    // one of them carried its own question's number (they track the numbers).
    let tracking: Vec<Vec<String>> = docs.iter().map(|d| tracking_bases(d)).collect();
    let configured = docs[0].settings.update_answer_links;
    if configured || tracking.iter().any(|t| !t.is_empty()) {
        for c in &changes {
            let doc = docs[c.doc];
            let answer = doc.questions[c.question].answer.clone();
            // Links are in source order: those that start inside the answer.
            let first = doc.links.partition_point(|l| l.range.start < answer.start);
            let inside = doc.links[first..]
                .iter()
                .take_while(|l| l.range.start < answer.end);
            for link in inside {
                if link.dest.starts_with('#') {
                    continue;
                }
                let Some(span) = &link.dest_span else {
                    continue;
                };
                let url = doc.slice(span.clone());
                let Some(r) = trailing_number(url, c.old) else {
                    continue;
                };
                if configured || tracking[c.doc].iter().any(|b| b == &url[..r.start]) {
                    let r = span.start + r.start..span.start + r.end;
                    edits[c.doc].push(Edit::replace(r, c.new.to_string()));
                }
            }
        }
    }
    for e in &mut edits {
        e.sort_by_key(|e| (e.range.start, e.range.end));
        e.dedup();
    }
    edits
}

/// The edits that point TOC entry `link`, meant for heading `mh` whose question is renumbered,
/// at that heading's new anchor, and write the new number where its text writes the old one.
fn repair_entry(
    doc: &Document,
    link: usize,
    mh: usize,
    renamed: &HashMap<String, Renamed>,
    renumbered: &HashMap<usize, Renumbered>,
) -> Vec<Edit> {
    let mut out = Vec::new();
    let Some(Renumbered {
        old: old_n,
        new: new_n,
        ..
    }) = renumbered.get(&mh)
    else {
        return out;
    };
    let l = &doc.links[link];
    let Some(old) = doc.anchors().get(mh).filter(|(_, h)| *h == Some(mh)) else {
        return out;
    };
    let anchor = renamed.get(&old.0).map_or(&old.0, |(new, _)| new);
    if let Some(ds) = &l.dest_span {
        let written = doc.slice(ds.clone());
        match written.find('#') {
            Some(h) => out.push(Edit::replace(ds.start + h + 1..ds.end, anchor.clone())),
            None if written.is_empty() => out.push(Edit::replace(ds.clone(), format!("#{anchor}"))),
            None => {}
        }
    }
    if let Some(ts) = &l.shown_text(&doc.text)
        && let Some(r) = label_token(doc, mh, doc.slice(ts.clone()), *old_n)
    {
        out.push(Edit::replace(
            ts.start + r.start..ts.start + r.end,
            new_n.clone(),
        ));
    }
    for (_, r) in crate::model::toc::outside_numbers(doc, link)
        .into_iter()
        .filter(|(n, _)| n == old_n)
    {
        out.push(Edit::replace(r, new_n.clone()));
    }
    out
}

/// Edits that keep `doc`'s links to its own headings working when heading `heading`'s plain
/// text becomes `new_text`: its anchor changes, and so may the `-1` suffixes of the headings
/// that share a text with it before or after. Links from other files are left as they are (the
/// engine follows them, [`crate::model::relink`]).
pub fn relink(doc: &Document, heading: usize, new_text: &str) -> Vec<Edit> {
    let (mut old_slugs, mut new_slugs) = (Slugger::new(), Slugger::new());
    let mut renamed = crate::model::relink::Renames::default();
    for (i, h) in doc.headings.iter().enumerate() {
        let old = old_slugs.next(&h.text.text);
        let new = new_slugs.next(if i == heading { new_text } else { &h.text.text });
        renamed.insert(old, new);
    }
    crate::model::relink::follow(doc, Path::new(&doc.path), &renamed)
}

/// How the external links in the answers of one document that end with a number use it, per
/// base (the URL without its trailing number: `https://site/answers/#`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaseTally {
    /// Links of this base in the answers of numbered questions.
    pub links: usize,
    /// Those whose number is their question's.
    pub matching: usize,
}

impl BaseTally {
    /// Every link of the base carries its question's number, in at least two questions: links
    /// renumbering may rewrite.
    pub fn tracks(&self) -> bool {
        self.links >= 2 && self.matching == self.links
    }

    /// Most links of the base carry their question's number (at least two of them): the base
    /// follows the question numbers, and a link carrying another number is a slip. A site with
    /// its own numbering (`stackoverflow.com/questions/231767`, `peps.python.org/pep-0008`)
    /// does not.
    pub fn follows(&self) -> bool {
        self.matching >= 2 && 2 * self.matching > self.links
    }
}

/// The [`BaseTally`] of each base of `doc`'s external answer links ending with a number.
pub fn base_tallies(doc: &Document) -> HashMap<String, BaseTally> {
    let targets = crate::model::links::targets(doc);
    let mut bases: HashMap<String, BaseTally> = HashMap::new();
    for q in &doc.questions {
        let Some(n) = q.number else { continue };
        let first = doc
            .links
            .partition_point(|l| l.range.start < q.answer.start);
        for (i, link) in doc.links.iter().enumerate().skip(first) {
            if link.range.start >= q.answer.end {
                break;
            }
            if !matches!(targets[i], crate::model::links::Target::External) {
                continue;
            }
            let Some(span) = &link.dest_span else {
                continue;
            };
            let url = doc.slice(span.clone());
            let Some((r, v)) = trailing_number_of(url) else {
                continue;
            };
            let e = bases.entry(url[..r.start].to_string()).or_default();
            e.links += 1;
            e.matching += usize::from(v == n);
        }
    }
    bases
}

/// The external link bases whose links in answers carry, every one of them, the number of the
/// question they are under, in at least two questions: stub links that track the numbers.
fn tracking_bases(doc: &Document) -> Vec<String> {
    base_tallies(doc)
        .into_iter()
        .filter(|(_, t)| t.tracks())
        .map(|(b, _)| b)
        .collect()
}

/// A link's number as a question's anchor on the page it names: the whole fragment (`#12`), or
/// a question anchor (`#q12`, `#q12-what-is-a-list`, `#question-12`), with its span in `url`.
pub fn fragment_number_of(url: &str) -> Option<(Range<usize>, u64)> {
    let hash = url.find('#')?;
    let fragment = &url[hash + 1..];
    let lower = fragment.to_ascii_lowercase();
    let skip = ["question-", "question", "q-", "q"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| p.len());
    let digits = fragment[skip..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let rest = &fragment[skip + digits..];
    // A bare number is the whole fragment; after `q`/`question` a title may follow.
    let whole = rest.is_empty() || rest == "/";
    if !(whole || (skip > 0 && rest.starts_with(['-', '_']))) {
        return None;
    }
    let start = hash + 1 + skip;
    let value = fragment[skip..skip + digits].parse().ok()?;
    Some((start..start + digits, value))
}

/// The span of a URL's trailing number (`#12`, `/12`, `/12/`, `?q=12`) when it is `n`.
fn trailing_number(url: &str, n: u64) -> Option<Range<usize>> {
    trailing_number_of(url).and_then(|(r, v)| (v == n).then_some(r))
}

/// A URL's trailing number (`#12`, `/12`, `/12/`, `?q=12`, `#q-12`) and its span.
pub fn trailing_number_of(url: &str) -> Option<(Range<usize>, u64)> {
    let body = url.trim_end_matches('/');
    let digits = body.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let start = body.len() - digits;
    let before = body[..start].chars().last()?;
    if !matches!(before, '#' | '/' | '=' | '-') {
        return None;
    }
    Some((start..body.len(), body[start..].parse().ok()?))
}

/// Stub links to an external answer site that `plan` leaves as they are: links under a
/// renumbered question whose URL ends with the question's old number, on a site whose links do
/// not all carry their question's number (and `update-answer-links` is off).
pub fn stubs_left(docs: &[&Document]) -> usize {
    stubs_left_in(docs, &|_| true)
}

fn stubs_left_in(docs: &[&Document], counted: &dyn Fn(usize) -> bool) -> usize {
    let Some(first) = docs.first() else { return 0 };
    if first.settings.update_answer_links {
        return 0;
    }
    let changes = changes(docs);
    let mut left = 0;
    for (di, doc) in docs.iter().enumerate().filter(|(di, _)| counted(*di)) {
        let tracking = tracking_bases(doc);
        for c in changes.iter().filter(|c| c.doc == di) {
            let answer = doc.questions[c.question].answer.clone();
            let from = doc.links.partition_point(|l| l.range.start < answer.start);
            for link in doc.links[from..]
                .iter()
                .take_while(|l| l.range.start < answer.end)
            {
                let Some(span) = &link.dest_span else {
                    continue;
                };
                let url = doc.slice(span.clone());
                if link.dest.starts_with('#') || !url.contains("://") {
                    continue;
                }
                if let Some(r) = trailing_number(url, c.old)
                    && !tracking.iter().any(|b| b == &url[..r.start])
                {
                    left += 1;
                }
            }
        }
    }
    left
}

/// How many questions `plan` renumbers.
pub fn count(docs: &[&Document]) -> usize {
    changes(docs).len()
}

/// Which of `docs` have a question whose number changes.
pub fn renumbered_docs(docs: &[&Document]) -> Vec<bool> {
    let mut out = vec![false; docs.len()];
    for c in changes(docs) {
        out[c.doc] = true;
    }
    out
}

/// [`count`] and [`stubs_left`] for the documents `counted` keeps (the files named in a run
/// that reads others as context), the sequences still computed over all of `docs`.
pub fn count_in(docs: &[&Document], counted: impl Fn(usize) -> bool) -> (usize, usize) {
    let renumbered = changes(docs).iter().filter(|c| counted(c.doc)).count();
    (renumbered, stubs_left_in(docs, &counted))
}

/// Every question whose number changes, per scope, in document order.
fn changes(docs: &[&Document]) -> Vec<Change> {
    let Some(first) = docs.first() else {
        return Vec::new();
    };
    // A number too large to read (`Q99999999999999999999`) may stand anywhere in its series:
    // no sequence of that series is renumbered where one is (in the file; across files for
    // `repository` scope), rather than one renumbered around it. So is a series across files
    // one of which holds an index of its questions (`Document::has_question_index`).
    let unreadable = |d: &Document, series: usize| {
        d.questions
            .iter()
            .any(|q| q.unreadable && q.series == series)
    };
    let mut sequences: Vec<Vec<(usize, usize)>> = Vec::new();
    for series in 0..first.settings.series_count() {
        let cfg = first.settings.series(series);
        if cfg.scope != NumberingScope::Repository
            || !cfg.numbered()
            || docs
                .iter()
                .any(|d| unreadable(d, series) || d.has_question_index())
        {
            continue;
        }
        // Files that each hold one question numbered as the file is named (`# Q4:` in
        // `004-….md`) hold no count.
        let numbers = docs.iter().map(|d| {
            let n = d.questions.iter().filter(|q| q.series == series);
            (d.path.as_str(), n.filter_map(|q| q.number).collect())
        });
        if numbering::all_named_by_file(numbers) {
            continue;
        }
        sequences.push(
            docs.iter()
                .enumerate()
                .flat_map(|(di, d)| {
                    d.questions
                        .iter()
                        .enumerate()
                        .filter(move |(_, q)| q.number.is_some() && q.series == series)
                        .map(move |(qi, _)| (di, qi))
                })
                .collect(),
        );
    }
    // A file that lists its questions in an index before asking them again with their answers
    // would have one half renumbered and the other not: it is left as it is.
    for (di, d) in docs
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.has_question_index())
    {
        for seq in numbering::document_sequences(d) {
            if seq
                .first()
                .is_some_and(|&qi| unreadable(d, d.questions[qi].series))
            {
                continue;
            }
            sequences.push(seq.into_iter().map(|qi| (di, qi)).collect());
        }
    }
    let mut out = Vec::new();
    for seq in sequences {
        let Some(&(d0, q0)) = seq.first() else {
            continue;
        };
        let cfg = docs[d0].convention_of(&docs[d0].questions[q0]);
        // A sequence that starts far from `start` may continue questions written elsewhere:
        // it keeps its first number (gaps and repeats after it are still mended).
        let numbers: Vec<u64> = seq
            .iter()
            .map(|&(di, qi)| docs[di].questions[qi].number.unwrap_or(0))
            .collect();
        // Identifiers (problem numbers) across files are not a count (as for one file's,
        // which `document_sequences` leaves out).
        if numbering::identifiers(&numbers) {
            continue;
        }
        let base = if numbering::starts_far(&numbers, cfg.start) {
            numbers[0]
        } else {
            cfg.start
        };
        // A range heading (`Q16-22`) takes as many numbers as it covers. Its own number is
        // never rewritten (its last number would have to move too): a sequence that would
        // renumber one is left as it is, as is one that would renumber a heading whose
        // sub-headings carry its number (`## 4.` over `### 4.1`). Lettered questions (`17a`, `17b`) move together and
        // keep their letters.
        let width = padded_width(docs, &seq);
        let mut next = base;
        let mut planned = Vec::new();
        let mut moves_a_range = false;
        for (di, qi) in seq {
            let q = &docs[di].questions[qi];
            let old = q.number.unwrap_or(0);
            let new = next;
            next = new.saturating_add(1 + q.last.map_or(0, |l| l - old));
            if old != new {
                moves_a_range |= q.last.is_some() || q.prefixes_sub_headings;
                planned.push(Change {
                    doc: di,
                    question: qi,
                    old,
                    new,
                    width,
                });
                // The lettered questions right after it that share its number.
                let doc = docs[di];
                for (k, other) in doc.questions.iter().enumerate().skip(qi + 1) {
                    if !(q.lettered && other.lettered && other.number == q.number) {
                        break;
                    }
                    if other.series == q.series {
                        planned.push(Change {
                            doc: di,
                            question: k,
                            old,
                            new,
                            width,
                        });
                    }
                }
            }
        }
        if !moves_a_range {
            out.extend(planned);
        }
    }
    out
}

/// Edits that move the continuation lines of a list-heading question's item by `delta` columns
/// (its marker gained or lost digits): every non-blank line of the answer indented at least to
/// the item's old content column. Lines indented less (lazy continuations, text after the list)
/// are not the item's own and stay.
fn reindent_item(doc: &Document, q: &crate::model::document::Question, delta: isize) -> Vec<Edit> {
    let text: &str = &doc.text;
    let first = doc.lines.line_of(q.span.start);
    let head = &text[doc.lines.line_range(text, first)];
    // The content column: leading spaces, the marker, and the spaces after it.
    let lead = head.len() - head.trim_start().len();
    let after_marker = head[lead..].find(['.', ')']).map_or(lead, |i| lead + i + 1);
    let spaces = head[after_marker..].len() - head[after_marker..].trim_start_matches(' ').len();
    let column = after_marker + spaces.clamp(1, 4);
    let last = doc
        .lines
        .line_of(q.answer.end.saturating_sub(1).max(q.span.start));
    let mut out = Vec::new();
    for line in first + 1..=last {
        let r = doc.lines.line_range(text, line);
        let l = &text[r.clone()];
        let (bytes, indent) = leading_columns(l);
        if l.trim().is_empty() || indent < column {
            continue;
        }
        if l[..bytes].contains('\t') {
            // A tab's width depends on the column it starts at: the indentation is written
            // again in spaces, `delta` wider or narrower.
            let width = indent.saturating_add_signed(delta);
            out.push(Edit::replace(r.start..r.start + bytes, " ".repeat(width)));
        } else if delta > 0 {
            out.push(Edit::replace(r.start..r.start, " ".repeat(delta as usize)));
        } else {
            let cut = (delta.unsigned_abs()).min(indent);
            out.push(Edit::replace(r.start..r.start + cut, ""));
        }
    }
    out
}

/// The leading spaces and tabs of a line: their length in bytes, and the column they reach
/// (a tab goes to the next multiple of 4, as CommonMark reads it).
fn leading_columns(line: &str) -> (usize, usize) {
    let mut column = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => column += 1,
            '\t' => column += 4 - column % 4,
            _ => return (i, column),
        }
    }
    (line.len(), column)
}

/// The zero-padded width a sequence writes its numbers in: the widest zero-padded number
/// (`01`), when at least half of the numbers are written that wide (`01.` … `10.`), so `10`
/// renumbered to 3 is written `03`; 0 otherwise (each number then keeps its own padding).
fn padded_width(docs: &[&Document], seq: &[(usize, usize)]) -> usize {
    let written: Vec<&str> = seq
        .iter()
        .filter_map(|&(di, qi)| {
            let d = docs[di];
            d.questions[qi].number_span.clone().map(|r| d.slice(r))
        })
        .collect();
    let width = written
        .iter()
        .filter(|w| w.len() > 1 && w.starts_with('0'))
        .map(|w| w.len())
        .max()
        .unwrap_or(0);
    let wide = written.iter().filter(|w| w.len() == width).count();
    if width > 0 && wide * 2 >= written.len() {
        width
    } else {
        0
    }
}

/// `new` written like `old` (keeping zero padding: `007` → `008`).
pub fn format_like(old: &str, new: u64) -> String {
    if old.len() > 1 && old.starts_with('0') {
        format!("{new:0width$}", width = old.len())
    } else {
        new.to_string()
    }
}

/// The first whole number in `text` (not part of a longer one) whose value is `n`, zero
/// padding and all (`03` for 3), outside HTML tags (`<img width="3">`).
fn number_token(text: &str, n: u64) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut s = 0;
    while s < bytes.len() {
        let tag = bytes[s] == b'<'
            && bytes
                .get(s + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/');
        if tag && let Some(close) = text[s..].find('>') {
            s += close + 1;
            continue;
        }
        if !bytes[s].is_ascii_digit() {
            s += 1;
            continue;
        }
        let e = s + bytes[s..].iter().take_while(|b| b.is_ascii_digit()).count();
        if text[s..e].parse::<u64>() == Ok(n) {
            return Some(s..e);
        }
        s = e;
    }
    None
}

/// Where link text `text` to heading `hi` of `target` writes the number `n` as its label: its
/// first whole number outside HTML tags, at its start (only markup, one word such as `Q` or
/// `Question`, a `#`, or what the heading writes before its own number, before it), with no
/// ASCII letter or decimal part after it (`3NF`, `3.5`). A number that is the title's is none:
/// the text is the heading's title alone (`[3 pillars of OOP](#q3-3-pillars-of-oop)` under
/// `## Q3: 3 pillars of OOP`), or opens as the title does, while its rest is not the title.
/// A number further on (`What are the 3 pillars?`) is never a label.
fn label_token(target: &Document, hi: usize, text: &str, n: u64) -> Option<Range<usize>> {
    use crate::model::toc::comparison_key as key;
    let r = number_token(text, n)?;
    let before = key(&text[..r.start]);
    let after = &text[r.end..];
    let question = target.headings[hi].question.map(|qi| &target.questions[qi]);
    let prefix = question
        .and_then(|q| q.number_in_text.clone())
        .and_then(|r| target.headings[hi].text.text.get(..r.start))
        .map(key);
    let word = !before.contains(' ') && before.chars().all(char::is_alphabetic);
    let decimal =
        after.starts_with(['.', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
    if !(word || prefix.as_deref() == Some(before.as_str()))
        || decimal
        || after.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let title = question.map_or(String::new(), |q| key(target.slice(q.title_span.clone())));
    if title.is_empty() || key(after) == title {
        return Some(r);
    }
    let lead = key(&text[..r.end]);
    let opens_as_title = title == lead || title.starts_with(&format!("{lead} "));
    (key(text) != title && !opens_as_title).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_tokens_are_whole_numbers() {
        assert_eq!(number_token("Q12: x", 12), Some(1..3));
        assert_eq!(number_token("Q112 and Q12", 12), Some(10..12));
        assert_eq!(number_token("Q123", 12), None);
        assert_eq!(number_token("03. What", 3), Some(0..2));
        assert_eq!(number_token("<img width=\"3\"> Q3", 3), Some(17..18));
    }

    #[test]
    fn trailing_numbers_of_stub_links() {
        assert_eq!(trailing_number("https://site/#12", 12), Some(14..16));
        assert_eq!(trailing_number("https://site/q/12/", 12), Some(15..17));
        assert_eq!(trailing_number("https://site/?q=12", 12), Some(16..18));
        assert_eq!(trailing_number("https://site/#112", 12), None);
        assert_eq!(trailing_number("https://site/v12", 12), None);
    }

    #[test]
    fn question_anchors_in_fragments() {
        fn f(u: &str) -> Option<(&str, u64)> {
            fragment_number_of(u).map(|(r, n)| (&u[r], n))
        }
        assert_eq!(f("https://site/#12"), Some(("12", 12)));
        assert_eq!(f("https://site/a#q12"), Some(("12", 12)));
        assert_eq!(f("https://site/a#Q12-what-is-a-list"), Some(("12", 12)));
        assert_eq!(f("https://site/a#question-7"), Some(("7", 7)));
        assert_eq!(f("https://site/a#q-7_title"), Some(("7", 7)));
        assert_eq!(f("https://site/a#12-what-is-a-list"), None);
        assert_eq!(f("https://site/a#section-3"), None);
        assert_eq!(f("https://site/a#q12abc"), None);
        assert_eq!(f("https://site/questions/12"), None);
        assert_eq!(f("https://site/#"), None);
    }

    #[test]
    fn a_base_follows_the_numbers_when_most_links_carry_theirs() {
        let t = |links, matching| BaseTally { links, matching };
        assert!(t(3, 2).follows());
        assert!(!t(4, 2).follows());
        assert!(!t(1, 1).follows());
        assert!(!t(5, 0).follows());
        assert!(t(2, 2).tracks() && !t(3, 2).tracks());
    }

    #[test]
    fn padding_is_kept() {
        assert_eq!(format_like("007", 8), "008");
        assert_eq!(format_like("7", 8), "8");
        assert_eq!(format_like("0", 1), "1");
    }
}
