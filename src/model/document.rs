//! The parsed document: one pulldown-cmark pass per file, and the Q&A structure every rule reads.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::line_index::LineIndex;
use crate::model::scan::bold::{BoldParagraph, strip_trailing_decoration};
use crate::model::scan::details::{
    details_regions, explicit_anchor_re, find_ci, strip_tags, summary_answer_ends, summary_cut_re,
    summary_open_re,
};
use crate::model::scan::lists::rendered_list_numbers;
use crate::model::scan::math::dollar_runs;
use crate::model::scan::scan;
use crate::model::settings::{ParseSettings, QuestionKind, QuestionSettings};

/// Plain text built from inline events, with a map back to the source.
#[derive(Debug, Clone, Default)]
pub struct InlineText {
    pub text: String,
    /// `(offset in text, source range)` per piece, in order.
    pub(crate) segments: Vec<(usize, Range<usize>)>,
}

impl InlineText {
    pub(crate) fn push(&mut self, piece: &str, src: Range<usize>) {
        if piece.is_empty() {
            return;
        }
        self.segments.push((self.text.len(), src));
        self.text.push_str(piece);
    }

    /// Map a byte range of `text` to a byte range of the source (exact where the piece was
    /// copied verbatim, widened to the piece otherwise).
    pub fn source_range(&self, r: Range<usize>, source: &str) -> Range<usize> {
        let start = self.source_offset(r.start, source, false);
        let end = self.source_offset(r.end, source, true).max(start);
        start..end
    }

    fn source_offset(&self, off: usize, source: &str, is_end: bool) -> usize {
        let Some(idx) = self.segment_for(off, is_end) else {
            return self.segments.first().map_or(0, |s| s.1.start);
        };
        let (t_start, ref src) = self.segments[idx];
        let t_len = self.piece_len(idx);
        let within = off - t_start;
        let verbatim = src.len() == t_len
            && source.get(src.clone()) == self.text.get(t_start..t_start + t_len);
        if verbatim {
            src.start + within
        } else if within == 0 && !is_end {
            src.start
        } else if within >= t_len || is_end {
            src.end
        } else {
            src.start
        }
    }

    fn piece_len(&self, idx: usize) -> usize {
        let next = self.segments.get(idx + 1).map_or(self.text.len(), |s| s.0);
        next - self.segments[idx].0
    }

    fn segment_for(&self, off: usize, is_end: bool) -> Option<usize> {
        if self.segments.is_empty() {
            return None;
        }
        // For an end offset on a boundary, prefer the piece that ends there.
        let pos = self
            .segments
            .partition_point(|s| if is_end { s.0 < off } else { s.0 <= off });
        Some(pos.saturating_sub(1))
    }

    /// Keep the first `len` bytes of the text (then trimmed), keeping the map consistent.
    pub(crate) fn truncate(&mut self, len: usize) {
        let mut segs = Vec::with_capacity(self.segments.len());
        for (i, (t, src)) in self.segments.iter().enumerate() {
            if *t >= len {
                break;
            }
            let piece = self.piece_len(i);
            let mut src = src.clone();
            if *t + piece > len && src.len() == piece {
                src.end -= *t + piece - len;
            }
            segs.push((*t, src));
        }
        self.text.truncate(len);
        self.segments = segs;
        self.trim();
    }

    /// Trim surrounding whitespace, keeping the map consistent.
    pub(crate) fn trim(&mut self) {
        let lead = self.text.len() - self.text.trim_start().len();
        let keep = self.text.trim().len();
        if lead == 0 && keep == self.text.len() {
            return;
        }
        let mut segs = Vec::with_capacity(self.segments.len());
        for (i, (t, src)) in self.segments.iter().enumerate() {
            let len = self.piece_len(i);
            let (mut t0, mut t1) = (*t, *t + len);
            let (mut s0, mut s1) = (src.start, src.end);
            let verbatim = src.len() == len;
            if t1 <= lead || t0 >= lead + keep {
                continue;
            }
            if t0 < lead {
                if verbatim {
                    s0 += lead - t0;
                }
                t0 = lead;
            }
            if t1 > lead + keep {
                if verbatim {
                    s1 -= t1 - (lead + keep);
                }
                t1 = lead + keep;
            }
            let _ = t1;
            segs.push((t0 - lead, s0..s1));
        }
        self.text = self.text.trim().to_string();
        self.segments = segs;
    }
}

/// A heading, ATX or setext.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The whole heading in the source (both lines for setext).
    pub range: Range<usize>,
    pub text: InlineText,
    pub setext: bool,
    /// The ordered list item the heading opens, as `(list id, item index, written number)`.
    pub list_item: Option<(usize, usize, u64)>,
    /// Source span of the list item's written number, when the heading opens an ordered item.
    pub list_number_span: Option<Range<usize>>,
    /// Index into [`Document::questions`] when this heading is a question.
    pub question: Option<usize>,
    /// Inside a `<details>` block: part of an answer, never a section or an answer's end.
    pub in_details: bool,
    /// Inside a block quote (`> ## Q99: Your question?`, a template in a contributing note):
    /// quoted material, never a question, a section or an answer's end.
    pub in_quote: bool,
    /// An entry of an index of the questions (see [`Document::read_question_index`]): a
    /// heading that lists a question answered further down. Only an entry whose answer is
    /// missing is a question (marked [`Question::unanswered_entry`]).
    pub index_entry: bool,
    /// The id a site generator gives the heading from an attribute block it read off the
    /// end of its text (`## Title {#custom-id}`; see [`Document::read_heading_ids`]).
    pub id: Option<String>,
}

/// How well a question follows the configured format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Matches the question pattern.
    Ok,
    /// A heading the preset's `near-miss` pattern recognises (`## Q 5: x`).
    NearMiss,
    /// A paragraph line missing the space after its `#`s (`##Q5: x`): not a heading at all.
    MissingSpace,
}

/// How a question written as an ordered-list item (`list-heading`) is numbered on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListNumber {
    /// The number written before the item's marker.
    pub written: u64,
    /// The number a reader sees: CommonMark takes an ordered list's start from its first item
    /// only, so every item renders as that start plus its index in the list.
    pub rendered: u64,
    /// Where the nearest run of items before this one in its list that are not questions
    /// starts, when there is one: an answer's list that is not indented under its question (so
    /// this item continues it), or one indented too little to nest (its items are the
    /// questions' siblings).
    pub after_other_items: Option<usize>,
    /// Where the list's first item starts.
    pub list_start: usize,
}

/// A question and its answer.
#[derive(Debug, Clone)]
pub struct Question {
    pub form: Form,
    pub number: Option<u64>,
    /// The number is written in digits but is larger than [`MAX_NUMBER`]: `number` is `None`,
    /// QA101 reports it, and renumbering leaves its series alone.
    pub unreadable: bool,
    /// The last number a range heading covers (`## Question 16-22: Advanced topics`).
    pub last: Option<u64>,
    /// The number has a letter right after it (`Question 17a.`, `17b.`): one of several
    /// questions the author numbered under one number on purpose.
    pub lettered: bool,
    /// Source span of the number (in the heading text, or the list item's marker).
    pub number_span: Option<Range<usize>>,
    /// Byte range of the number inside the heading's plain text (what its anchor is made of).
    pub number_in_text: Option<Range<usize>>,
    pub title: String,
    /// Source span of the title (empty, at the end of the heading, when the title is empty).
    pub title_span: Range<usize>,
    /// The span to label: the heading's first line, the `<summary>` element or the bold paragraph.
    pub span: Range<usize>,
    /// Heading level (None for `details` and `bold` questions).
    pub level: Option<u8>,
    /// Everything up to the next question or the next heading of the same or a higher level.
    pub answer: Range<usize>,
    /// Index into [`Document::headings`] of the nearest non-question heading above.
    pub section: Option<usize>,
    /// Index into [`Document::headings`] when the question is a heading.
    pub heading: Option<usize>,
    /// The question text goes on after the title (a `<summary>` with a code block after it).
    pub continued: bool,
    /// For a heading question at a level its place does not expect (QA002), the level it
    /// does expect: the convention's, or that of a section written at another level
    /// throughout.
    pub expected_level: Option<u8>,
    /// Which convention found it (0 for `questions`, then `more_questions` in order): each is a
    /// series numbered on its own.
    pub series: usize,
    /// For a `list-heading` question: its item's written and rendered numbers.
    pub list_number: Option<ListNumber>,
    /// A heading deeper than the questions, among an answer's numbered sub-headings
    /// (`#### 1. First approach`, `#### 2. Second approach`), whose number breaks their list
    /// but fits the questions' (`#### 2. How do you detect a cycle?` between `### 1.` and
    /// `### 3.`): read as a question written a level too deep, but a judgement, so fixes that
    /// would restructure around it are not safe.
    pub among_sub_headings: bool,
    /// Headings in its answer carry its number as a dotted prefix (`## 4. Concurrency` over
    /// `### 4.1 What is a thread pool?`): its number is part of theirs, so renumbering leaves
    /// its sequence alone.
    pub prefixes_sub_headings: bool,
    /// An entry of an index of the questions whose answer heading is missing further down
    /// (see [`Document::read_question_index`]): a question whose answer is empty, but no part
    /// of a numbering sequence (numbering reads the answered questions).
    pub unanswered_entry: bool,
}

/// A link or image destination in the source, with where its parts are.
#[derive(Debug, Clone)]
pub struct Link {
    /// The whole link (`[text](dest)`, or the definition line `[ref]: dest`).
    pub range: Range<usize>,
    /// The destination as written (escapes resolved by the parser).
    pub dest: String,
    /// Source span of the destination, when it could be located verbatim.
    pub dest_span: Option<Range<usize>>,
    /// Source span of the link text (None for definitions, autolinks and collapsed or shortcut
    /// reference links, whose text is their label).
    pub text_span: Option<Range<usize>>,
    pub image: bool,
    /// A reference link or image (`[text][ref]`, `[text][]`, `[ref]`): its destination is its
    /// definition's, which is a link of its own (where the destination is written, and fixed).
    pub by_reference: bool,
}

impl Link {
    /// The source span of the text the link shows: its `text_span`, or for an HTML `<a href>`
    /// the element's content up to its `</a>` (in the same block, no other `<a` between).
    pub fn shown_text(&self, text: &str) -> Option<Range<usize>> {
        self.text_span
            .clone()
            .or_else(|| crate::model::scan::links::html_anchor_text(text, self.range.clone()))
    }
}

/// A formula: inline `$...$` or `` $`...`$ ``, display `$$...$$`, or a ```` ```math ```` block.
#[derive(Debug, Clone)]
pub struct Formula {
    /// The whole formula, delimiters included.
    pub range: Range<usize>,
    /// The TeX source, without delimiters.
    pub tex: String,
    /// Where `tex` starts in the file; offsets inside `tex` map to the file exactly when
    /// `verbatim` (a formula inside a list item or block quote may have had prefixes removed).
    pub body_start: usize,
    pub verbatim: bool,
    pub display: bool,
    /// False for a pair of dollars the parser did not take as math because the TeX between them
    /// has unbalanced braces: what the author meant as a formula, and QA202's to explain.
    pub parsed: bool,
}

impl Formula {
    /// File span of a byte range of `tex` (the formula's start when not verbatim).
    pub fn span(&self, r: Range<usize>) -> Range<usize> {
        if self.verbatim {
            self.body_start + r.start..self.body_start + r.end
        } else {
            self.range.start..self.range.start + 1
        }
    }
}

/// A pair of escaped brackets in one block's inline content, `\( … \)` or `\[ … \]`: TeX's
/// delimiters, which Markdown reads as escapes (the reader sees `( x^2 )`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TexBrackets {
    /// Offset of the opening backslash.
    pub open: usize,
    /// Offset of the closing backslash.
    pub close: usize,
    /// `\[ … \]` (display) rather than `\( … \)`.
    pub display: bool,
}

/// One file, parsed once, shared by every rule.
pub struct Document<'p> {
    pub path: String,
    pub text: Arc<str>,
    pub lines: LineIndex,
    /// The convention and repository facts the document is read with.
    pub settings: &'p ParseSettings,
    /// The convention at this file's own question level, when it differs from the configured
    /// one (see `file_level`); `convention()` returns it.
    file_convention: Option<QuestionSettings>,
    pub headings: Vec<Heading>,
    /// For each heading, the nearest heading above it with a lower level (computed once).
    parents: Vec<Option<usize>>,
    pub questions: Vec<Question>,
    /// Paragraph lines that start like an ATX heading but are not one (`##Q5: x`).
    pub hash_lines: Vec<Range<usize>>,
    /// Code blocks, code spans, HTML comments and front matter, sorted: never prose.
    pub code: Vec<Range<usize>>,
    /// HTML comments as the parser found them (block or inline), in source order; also in `code`.
    pub comments: Vec<Range<usize>>,
    /// HTML blocks other than comments, in source order (a `<table>` of links may be a TOC).
    pub html_blocks: Vec<Range<usize>>,
    /// Inline links, images and link reference definitions, in source order.
    pub links: Vec<Link>,
    /// Every formula, in source order.
    pub formulas: Vec<Formula>,
    /// `$` characters the parser left as text (not escaped, not in code): unmatched delimiters
    /// or currency, for QA201 to judge.
    pub loose_dollars: Vec<usize>,
    /// Table rows (head and body, each one line) whose source holds a `$`, in source order.
    pub dollar_rows: Vec<Range<usize>>,
    /// The inline content (a paragraph, heading, table cell or tight list item) of each block
    /// holding a loose dollar, in source order: how far an unclosed `$$` reaches.
    pub dollar_blocks: Vec<Range<usize>>,
    /// TeX's other delimiters, `\( … \)` and `\[ … \]`, as escaped brackets paired in one
    /// block: Markdown drops the backslashes, so they are no math on GitHub.
    pub tex_brackets: Vec<TexBrackets>,
    /// Link markup GitHub shows as text (`[text] (https://…)`, a destination with a space or an
    /// unclosed `(`), in source order.
    pub literal_links: Vec<crate::model::scan::links::LiteralLink>,
    /// The start number of each ordered list, by list id.
    list_starts: HashMap<usize, u64>,
    /// Where each item of each ordered list starts, by list id.
    list_items: HashMap<usize, Vec<usize>>,
    anchors: std::sync::OnceLock<Vec<(String, Option<usize>)>>,
    /// The table of contents, found once (see `toc::find`).
    pub(crate) toc_cache: std::sync::OnceLock<Vec<crate::model::toc::Toc>>,
    /// Views several rules share, computed on first use.
    pub(crate) shared: Shared,
}

/// Per-document results that more than one rule needs, each computed once.
#[derive(Default)]
pub(crate) struct Shared {
    /// The questions as numbering sees them (see `numbering::question_refs`).
    pub question_refs: std::sync::OnceLock<Vec<crate::model::summary::QuestionRef>>,
    /// The fix that renumbers this document (see `numbering::check_document`).
    pub renumber_fix: std::sync::OnceLock<Option<std::sync::Arc<crate::base::diagnostic::Fix>>>,
    /// The anchors, indexed (see `resolve_fragment`).
    pub anchor_set: std::sync::OnceLock<crate::model::anchors::AnchorSet>,
    /// Where each link points (see `links::targets`).
    pub link_targets: std::sync::OnceLock<Vec<crate::model::links::Target>>,
}

impl<'p> Document<'p> {
    /// Parse `text` once and build the question model under `settings`.
    pub fn parse(path: String, text: Arc<str>, settings: &'p ParseSettings) -> Self {
        let lines = LineIndex::new(&text);
        let scan = scan(&text);
        let mut doc = Document {
            path,
            text,
            lines,
            settings,
            file_convention: None,
            headings: scan.headings,
            parents: Vec::new(),
            questions: Vec::new(),
            hash_lines: scan.hash_lines,
            code: scan.code,
            comments: Vec::new(),
            html_blocks: scan.html_blocks,
            links: scan.links,
            formulas: scan.formulas,
            loose_dollars: scan.loose_dollars,
            dollar_rows: scan.dollar_rows,
            dollar_blocks: scan.dollar_blocks,
            tex_brackets: scan.tex_brackets,
            literal_links: scan.literal_links,
            list_starts: scan.list_starts,
            list_items: scan.list_items,
            anchors: std::sync::OnceLock::new(),
            toc_cache: std::sync::OnceLock::new(),
            shared: Shared::default(),
        };
        doc.code.extend(scan.comments.iter().cloned());
        doc.comments = scan.comments;
        doc.code.sort_by_key(|r| (r.start, r.end));
        doc.read_heading_ids();
        let hash_lines = std::mem::take(&mut doc.hash_lines);
        doc.hash_lines = hash_lines
            .into_iter()
            .filter(|l| !doc.in_code(l.start))
            .collect();
        doc.pair_broken_formulas();
        doc.mark_details_headings();
        doc.parents = doc.heading_parents();
        if let Some(level) = doc.file_level(&settings.questions) {
            doc.file_convention = Some(QuestionSettings {
                levels: vec![level],
                ..settings.questions.clone()
            });
        }
        let claims = doc.heading_claims();
        let mut bold = Some(scan.bold);
        for series in 0..settings.series_count() {
            let first = doc.questions.len();
            let cfg = match series {
                0 => doc.file_convention.clone(),
                _ => None,
            };
            let cfg = cfg.as_ref().unwrap_or(settings.series(series));
            match cfg.kind {
                QuestionKind::Heading | QuestionKind::ListHeading => {
                    doc.heading_questions(cfg, series, &claims)
                }
                QuestionKind::Bold => doc.bold_questions(cfg, bold.take().unwrap_or_default()),
                QuestionKind::Details => doc.details_questions(cfg),
            }
            for q in &mut doc.questions[first..] {
                q.series = series;
            }
        }
        if settings.series_count() > 1 {
            doc.order_questions();
        }
        doc.list_numbers();
        doc.assign_sections_and_answers();
        if doc.read_question_index() {
            doc.assign_sections_and_answers();
        }
        doc.mark_dotted_prefixes();
        doc
    }

    /// Mark each heading question whose answer holds a deeper heading numbered under its own
    /// number (`4.1`, `4.2` under `4.`): see [`Question::prefixes_sub_headings`].
    fn mark_dotted_prefixes(&mut self) {
        for qi in 0..self.questions.len() {
            let q = &self.questions[qi];
            let (Some(hi), Some(n)) = (q.heading, q.number) else {
                continue;
            };
            let level = self.headings[hi].level;
            let prefix = format!("{n}.");
            let found = self.headings[hi + 1..]
                .iter()
                .take_while(|h| h.range.start < q.answer.end)
                .any(|h| {
                    h.level > level
                        && h.text
                            .text
                            .strip_prefix(&prefix)
                            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                });
            self.questions[qi].prefixes_sub_headings = found;
        }
    }

    /// Read an index of the questions: a part that lists question headings with nothing under
    /// them (`## Questions`, then `### Q1: What is a mutex?`, `### Q2: …`), each asked again
    /// further down with its answer (`## Answers`, the same headings with their answers). The
    /// later headings are the questions; the listed ones are their index, as a TOC is, and no
    /// question asked twice or left unanswered. A listed question whose heading is not asked
    /// again stays a question (its answer is missing) marked [`Question::unanswered_entry`].
    ///
    /// Read only when unambiguous: a run of at least two consecutive question headings with
    /// empty bodies (one series, one section), more than half of which (and at least two) are
    /// asked again after the run (or, for an index at the end, before it), in any order, with
    /// the same number and normalised title, and an answer; a run that pairs two only under a
    /// heading of its own. A single empty question asked again later is an ordinary repeat, and
    /// so are two stray copies. Returns whether an index was found (the questions changed).
    fn read_question_index(&mut self) -> bool {
        let qs = &self.questions;
        let listed: Vec<bool> = qs
            .iter()
            .map(|q| {
                q.heading.is_some()
                    && q.form == Form::Ok
                    && q.number.is_some()
                    && self.blank(q.answer.clone())
            })
            .collect();
        // Runs of empty question headings: (first, end) in `qs`.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < qs.len() {
            let same = |k: usize| {
                listed[k] && qs[k].series == qs[i].series && qs[k].section == qs[i].section
            };
            let mut j = i;
            while j < qs.len() && same(j) {
                j += 1;
            }
            if j >= i + 2 {
                runs.push((i, j));
            }
            i = j.max(i + 1);
        }
        if runs.is_empty() {
            return false;
        }
        type Key = (usize, Option<u64>, String);
        let key = |q: &Question| -> Key {
            (
                q.series,
                q.number,
                crate::model::titles::normalize(&q.title),
            )
        };
        // Each heading question by its key, in source order.
        let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
        for (k, q) in qs.iter().enumerate() {
            if q.heading.is_some() && q.number.is_some() {
                by_key.entry(key(q)).or_default().push(k);
            }
        }
        let mut entries: Vec<usize> = Vec::new();
        let mut unanswered: Vec<usize> = Vec::new();
        // Pair each listed heading of `first..end` with an answered question of the same key in
        // `within`, each used once, in any order (an index may list them by topic):
        // (paired, not paired).
        let pair = |first: usize, end: usize, within: Range<usize>| {
            let mut used: Vec<usize> = Vec::new();
            let (mut paired, mut alone) = (Vec::new(), Vec::new());
            for (e, q) in qs.iter().enumerate().take(end).skip(first) {
                let found = by_key.get(&key(q)).and_then(|ks| {
                    ks.iter()
                        .copied()
                        .find(|k| within.contains(k) && !listed[*k] && !used.contains(k))
                });
                match found {
                    Some(k) => {
                        used.push(k);
                        paired.push(e);
                    }
                    None => alone.push(e),
                }
            }
            (paired, alone)
        };
        for (first, end) in runs {
            // The questions are asked after the index, or (an index at the end) before it. An
            // index pairs most of its headings; one of two is an index only under a heading of
            // its own (`## Questions`): two stray copies of answered headings are repeats.
            let own_section = self.heading_section_of(first, end);
            for within in [end..qs.len(), 0..first] {
                let (paired, alone) = pair(first, end, within);
                let n = paired.len();
                if n >= 2 && n * 2 > end - first && (n >= 3 || own_section) {
                    entries.extend(paired);
                    unanswered.extend(alone);
                    break;
                }
            }
        }
        entries.sort_unstable();
        unanswered.sort_unstable();
        if entries.is_empty() {
            return false;
        }
        for &qi in entries.iter().chain(&unanswered) {
            if let Some(hi) = self.questions[qi].heading {
                self.headings[hi].index_entry = true;
            }
        }
        for &qi in &unanswered {
            self.questions[qi].unanswered_entry = true;
        }
        // The listed headings that are asked again are headings, not questions.
        let mut qi = 0;
        self.questions.retain(|_| {
            qi += 1;
            entries.binary_search(&(qi - 1)).is_err()
        });
        for h in &mut self.headings {
            h.question = None;
        }
        for (qi, q) in self.questions.iter().enumerate() {
            if let Some(hi) = q.heading {
                self.headings[hi].question = Some(qi);
            }
        }
        true
    }

    /// Whether the question headings `first..end` (one run) are all a section holds: a
    /// non-question heading of a lower level right before them, and after them the end or such
    /// a heading.
    fn heading_section_of(&self, first: usize, end: usize) -> bool {
        let (Some(a), Some(b)) = (
            self.questions[first].heading,
            self.questions[end - 1].heading,
        ) else {
            return false;
        };
        let level = self.headings[a].level;
        let opens = |h: &Heading| h.question.is_none() && h.level < level;
        a.checked_sub(1).is_some_and(|p| opens(&self.headings[p]))
            && self.headings.get(b + 1).is_none_or(opens)
    }

    /// Whether `r` holds nothing but whitespace and HTML comments.
    fn blank(&self, r: Range<usize>) -> bool {
        let mut at = r.start;
        let from = self.comments.partition_point(|c| c.end <= r.start);
        for c in self.comments[from..].iter().take_while(|c| c.start < r.end) {
            if !self.slice(at..c.start.max(at)).trim().is_empty() {
                return false;
            }
            at = at.max(c.end);
        }
        self.slice(at..r.end.max(at)).trim().is_empty()
    }

    /// Whether the file lists its questions in an index before asking them again with their
    /// answers (see [`Document::read_question_index`]): renumbering one half would leave the
    /// other behind, so no fix renumbers the file.
    pub fn has_question_index(&self) -> bool {
        self.headings.iter().any(|h| h.index_entry)
    }

    /// On a site that reads heading attribute blocks (see `links::site_heading_ids`), cut a
    /// trailing `{#custom-id}` (or `{.class}`, …) written as plain text from each heading's
    /// text, and keep the id it sets: the rules see the title the site shows, and links reach
    /// the heading by that id.
    fn read_heading_ids(&mut self) {
        if !self.text.contains('{') {
            return;
        }
        let Some(kind) = crate::model::links::site_heading_ids(std::path::Path::new(&self.path))
        else {
            return;
        };
        for hi in 0..self.headings.len() {
            let Some((cut, id)) = self.trailing_attributes(hi, kind) else {
                continue;
            };
            let id = id.map(str::to_string);
            let h = &mut self.headings[hi];
            h.text.truncate(cut);
            h.id = id;
        }
    }

    /// Heading `hi`'s trailing attribute block (see `anchors::heading_attributes`) when it is
    /// written as plain text (not in a code span, not escaped) and ends the heading's line
    /// (a closing `#` sequence aside): where it starts in the text, and the id it sets.
    fn trailing_attributes(
        &self,
        hi: usize,
        kind: crate::model::links::HeadingIds,
    ) -> Option<(usize, Option<&str>)> {
        let h = &self.headings[hi];
        let text = &h.text.text;
        let (cut, id) = crate::model::anchors::heading_attributes(text, kind)?;
        let block = text[cut..].trim_start();
        let at = text.len() - block.len();
        let src = h.text.source_range(at..text.len(), &self.text);
        let rest = self.text[src.end..].lines().next().unwrap_or("").trim();
        (self.text.get(src.clone()) == Some(block)
            && !self.in_code(src.start)
            && rest.bytes().all(|b| b == b'#'))
        .then_some((cut, id))
    }

    /// The heading whose text ends in the attribute block `{#fragment}` that GitHub does not
    /// read (it shows it, and anchors the heading by its whole text): a link to `#fragment`
    /// was written for a site generator. `None` on a site that reads such blocks.
    pub fn unread_heading_id(&self, fragment: &str) -> Option<usize> {
        use crate::model::links::{HeadingIds, site_heading_ids};
        if !self.text.contains('{') || site_heading_ids(std::path::Path::new(&self.path)).is_some()
        {
            return None;
        }
        (0..self.headings.len()).find(|&hi| {
            self.trailing_attributes(hi, HeadingIds::AttrList)
                .or_else(|| self.trailing_attributes(hi, HeadingIds::IdOnly))
                .is_some_and(|(_, id)| id == Some(fragment))
        })
    }

    /// The written and rendered number of each `list-heading` question, and the items before it
    /// in its list that are not questions (one pass over each list holding a question).
    fn list_numbers(&mut self) {
        let mut by_list: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for (qi, q) in self.questions.iter().enumerate() {
            if self.settings.series(q.series).kind != QuestionKind::ListHeading {
                continue;
            }
            if let Some((list, idx, _)) = q.heading.and_then(|hi| self.headings[hi].list_item) {
                by_list.entry(list).or_default().push((idx, qi));
            }
        }
        for (list, mut items) in by_list {
            items.sort_unstable();
            let starts = self.list_items.get(&list).map_or(&[][..], Vec::as_slice);
            let mut run: Option<usize> = None;
            let mut in_run = false;
            let mut next = items.iter().peekable();
            for (idx, &start) in starts.iter().enumerate() {
                let Some(&&(qidx, qi)) = next.peek() else {
                    break;
                };
                if qidx != idx {
                    if !in_run {
                        run = Some(start);
                        in_run = true;
                    }
                    continue;
                }
                next.next();
                in_run = false;
                let Some(hi) = self.questions[qi].heading else {
                    continue;
                };
                let Some((_, _, written)) = self.headings[hi].list_item else {
                    continue;
                };
                let first = self.list_starts.get(&list).copied().unwrap_or(written);
                self.questions[qi].list_number = Some(ListNumber {
                    written,
                    rendered: first.saturating_add(idx as u64),
                    after_other_items: run,
                    list_start: starts[0],
                });
            }
        }
    }

    /// With several conventions, which one's pattern each heading matches first: a heading
    /// written in one convention is never another's near miss.
    fn heading_claims(&self) -> Vec<Option<usize>> {
        if self.settings.series_count() < 2 {
            return Vec::new();
        }
        self.headings
            .iter()
            .map(|h| {
                (0..self.settings.series_count())
                    .find(|&i| self.settings.series(i).pattern.is_match(&h.text.text))
            })
            .collect()
    }

    /// Questions of several series in source order, with the headings' indices to match (a
    /// bold paragraph or `<details>` question can share a start with nothing else).
    fn order_questions(&mut self) {
        let mut qs = std::mem::take(&mut self.questions);
        qs.sort_by_key(|q| q.span.start);
        qs.dedup_by_key(|q| q.span.start);
        for h in &mut self.headings {
            h.question = None;
        }
        for (qi, q) in qs.iter().enumerate() {
            if let Some(hi) = q.heading {
                self.headings[hi].question = Some(qi);
            }
        }
        self.questions = qs;
    }

    /// The nearest heading above heading `hi` with a lower level: its parent in the outline.
    pub fn parent_heading(&self, hi: usize) -> Option<usize> {
        self.parents.get(hi).copied().flatten()
    }

    /// The convention a question was found under (its file's level for the first).
    pub fn convention_of(&self, q: &Question) -> &QuestionSettings {
        match q.series {
            0 => self.convention(),
            i => self.settings.series(i),
        }
    }

    /// Every anchor a link can target in this file, as GitHub makes them: heading slugs (with
    /// `-1`, `-2` for repeats; a heading's `{#id}` on a site that reads it), then explicit `<a name=…>` / `id=…` anchors; with the heading
    /// index when the anchor is a heading's (an explicit one in a heading or right above it
    /// counts as that heading's).
    pub fn anchors(&self) -> &[(String, Option<usize>)] {
        self.anchors.get_or_init(|| {
            // Markdown and raw HTML headings take their slugs in document order (repeats get
            // `-1`, `-2`); the Markdown ones come first in the list, heading `i` at `i`.
            let html = self.html_headings();
            let mut slugs = crate::model::anchors::Slugger::new();
            let mut out: Vec<(String, Option<usize>)> = Vec::with_capacity(self.headings.len());
            let mut html_slugs = Vec::with_capacity(html.len());
            let mut next_html = html.iter().peekable();
            for (i, h) in self.headings.iter().enumerate() {
                while let Some((_, text)) = next_html.next_if(|(at, _)| *at < h.range.start) {
                    html_slugs.push(slugs.next(text));
                }
                let anchor = match &h.id {
                    Some(id) => id.clone(),
                    None => slugs.next(&h.text.text),
                };
                out.push((anchor, Some(i)));
            }
            html_slugs.extend(next_html.map(|(_, text)| slugs.next(text)));
            out.extend(html_slugs.into_iter().map(|a| (a, None)));
            for c in explicit_anchor_re().captures_iter(&self.text) {
                let m = c.get(0).expect("match");
                if self.in_code(m.start()) {
                    continue;
                }
                if let Some(id) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) {
                    out.push((id.as_str().to_string(), self.anchored_heading(m.start())));
                }
            }
            out
        })
    }

    /// The heading an explicit anchor at `at` names: the one it sits in (`## <a id="x"></a>Title`),
    /// or the one right below its line when nothing but tags is on the way (blank lines and
    /// one-line comments aside): `<a name="x"></a>` on the line before `## Title`. A link to it
    /// reaches that heading.
    fn anchored_heading(&self, at: usize) -> Option<usize> {
        let i = self.headings.partition_point(|h| h.range.start <= at);
        if i > 0 && self.headings[i - 1].range.contains(&at) {
            return Some(i - 1);
        }
        let next = self.headings.get(i)?;
        let line = self.lines.line_range(&self.text, self.lines.line_of(at));
        let heading_line = self.lines.line_of(next.range.start);
        let heading_start = self.lines.line_range(&self.text, heading_line).start;
        let between = self.text.get(line.start..heading_start)?;
        let only_tags = between.lines().all(|l| {
            let t = crate::model::toc::without_tags(l);
            let t = t.trim();
            t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
        });
        only_tags.then_some(i)
    }

    /// Raw HTML headings outside code (`<h3>General questions:</h3>`): where each starts and
    /// its text without tags.
    fn html_headings(&self) -> Vec<(usize, String)> {
        if !self.text.contains("<h") && !self.text.contains("<H") {
            return Vec::new();
        }
        crate::model::scan::details::html_heading_re()
            .captures_iter(&self.text)
            .filter_map(|c| {
                let m = c.get(0)?;
                (!self.in_code(m.start())).then(|| {
                    (
                        m.start(),
                        crate::model::toc::without_tags(&c[2]).trim().to_string(),
                    )
                })
            })
            .collect()
    }

    /// The anchor a fragment names, if any (exact, then case-insensitive: browsers match ids
    /// exactly, but GitHub's page script falls back to that).
    pub fn resolve_fragment(&self, fragment: &str) -> Option<&(String, Option<usize>)> {
        let set = self.anchor_set();
        set.resolve(fragment)
            .or_else(|| {
                // A site generator's slugs drop what an emoji leaves (`#python` reaches
                // `## 🐍 Python` on an MkDocs site).
                crate::model::links::site_strips_emoji(std::path::Path::new(&self.path))
                    .then(|| set.emoji_near(fragment))
                    .flatten()
            })
            .map(|i| &self.anchors()[i])
    }

    /// The anchor a fragment that reaches nothing was meant for when it only lacks the `-` an
    /// emoji at the start or end of a heading leaves (see `AnchorSet::emoji_near`).
    pub fn emoji_near_fragment(&self, fragment: &str) -> Option<&(String, Option<usize>)> {
        self.anchor_set()
            .emoji_near(fragment)
            .map(|i| &self.anchors()[i])
    }

    fn anchor_set(&self) -> &crate::model::anchors::AnchorSet {
        self.shared.anchor_set.get_or_init(|| {
            crate::model::anchors::AnchorSet::new(
                self.anchors().iter().map(|(a, _)| a.clone()).collect(),
            )
        })
    }

    /// The question convention, with this file's question level when it has its own.
    pub fn convention(&self) -> &QuestionSettings {
        self.file_convention
            .as_ref()
            .unwrap_or(&self.settings.questions)
    }

    /// The link reference definitions whose label repeats an earlier one's with another
    /// destination: GitHub takes the first and drops these (computed on each call).
    pub fn shadowed_definitions(&self) -> Vec<crate::model::scan::links::ShadowedDefinition> {
        crate::model::scan::links::shadowed_definitions(&self.text)
    }

    /// Whether `offset` falls inside code, an HTML comment or front matter.
    pub fn in_code(&self, offset: usize) -> bool {
        let i = self.code.partition_point(|r| r.start <= offset);
        self.code[..i]
            .iter()
            .rev()
            .take(8)
            .any(|r| r.contains(&offset))
    }

    /// Source text of a byte range.
    pub fn slice(&self, r: Range<usize>) -> &str {
        self.text.get(r).unwrap_or("")
    }

    /// The first line of a span (without its line ending).
    pub fn first_line(&self, r: &Range<usize>) -> Range<usize> {
        let line = self.lines.line_of(r.start);
        let lr = self.lines.line_range(&self.text, line);
        r.start..lr.end.min(r.end).max(r.start)
    }

    /// Pair loose dollars that enclose TeX with unbalanced braces (`$\frac{1}{n$`): the parser
    /// leaves them as text, but the author meant a formula. Paired dollars leave `loose_dollars`.
    fn pair_broken_formulas(&mut self) {
        let text = self.text.clone();
        let runs = dollar_runs(&text, &self.loose_dollars);
        let mut used = vec![false; runs.len()];
        for a in 0..runs.len() {
            let (p, len) = runs[a];
            if used[a] || len > 2 {
                continue;
            }
            let Some(b) = (a + 1..runs.len()).find(|&b| !used[b] && runs[b].1 == len) else {
                continue;
            };
            let q = runs[b].0;
            let inner = &text[p + len..q];
            let same_block = if len == 1 {
                !inner.contains(['\n', '\r'])
                    && !inner.starts_with(char::is_whitespace)
                    && !inner.ends_with(char::is_whitespace)
            } else {
                !crate::model::math::has_blank_line(inner)
            };
            if !same_block || inner.is_empty() || crate::model::math::check_groups(inner).is_none()
            {
                continue;
            }
            used[a] = true;
            used[b] = true;
            self.formulas.push(Formula {
                range: p..q + len,
                tex: inner.to_string(),
                body_start: p + len,
                verbatim: true,
                display: len == 2,
                parsed: false,
            });
        }
        if used.iter().any(|u| *u) {
            let consumed: std::collections::HashSet<usize> = runs
                .iter()
                .zip(&used)
                .filter(|(_, u)| **u)
                .flat_map(|(&(p, len), _)| p..p + len)
                .collect();
            self.loose_dollars.retain(|d| !consumed.contains(d));
            self.formulas.sort_by_key(|f| f.range.start);
        }
    }

    fn mark_details_headings(&mut self) {
        if !self.text.contains("<details") && !self.text.contains("<DETAILS") {
            return;
        }
        let regions = details_regions(&self.text, &self.code);
        for h in &mut self.headings {
            let i = regions.partition_point(|r| r.start <= h.range.start);
            h.in_details = i > 0 && regions[i - 1].contains(&h.range.start);
        }
    }

    fn heading_questions(
        &mut self,
        cfg: &QuestionSettings,
        series: usize,
        claims: &[Option<usize>],
    ) {
        let numbered = cfg.pattern.capture_names().any(|n| n == Some("number"));
        let list_kind = cfg.kind == QuestionKind::ListHeading;

        let renumbered = rendered_list_numbers(&self.headings, &self.list_starts);
        let min_level = cfg.levels.iter().copied().min().unwrap_or(1);
        let mut candidates: Vec<(Option<usize>, bool, Question)> = Vec::new();
        for (hi, h) in self.headings.iter().enumerate() {
            if list_kind && h.list_item.is_none() || h.in_quote {
                continue;
            }
            // Taken by an earlier convention, or written in another one.
            if h.question.is_some()
                || claims
                    .get(hi)
                    .is_some_and(|c| c.is_some_and(|c| c != series))
            {
                continue;
            }
            let at_level = cfg.levels.is_empty() || cfg.levels.contains(&h.level);
            let (caps, form) = match cfg.pattern.captures(&h.text.text) {
                Some(c) => (c, Form::Ok),
                None => match cfg
                    .near_miss
                    .as_ref()
                    .and_then(|n| n.captures(&h.text.text))
                {
                    Some(c) if h.level >= min_level && !list_kind => (c, Form::NearMiss),
                    _ => continue,
                },
            };
            // Off-level headings are questions (for QA002) only when the pattern is specific.
            let specific = numbered && caps.name("number").is_some() || list_kind;
            if !at_level && !specific && form == Form::Ok {
                continue;
            }
            let mut q = self.question_from(&caps, &h.text, form, self.heading_label_span(h));
            if list_kind {
                q.number = renumbered.get(&hi).copied().or(h.list_item.map(|l| l.2));
                // Lazily numbered lists render their numbers; only written numbers can be edited.
                q.number_span = h
                    .list_number_span
                    .clone()
                    .filter(|_| !renumbered.contains_key(&hi));
                q.number_in_text = None;
            }
            if q.title.is_empty() {
                match self.title_below(h) {
                    Some((title, span)) => {
                        q.title = title;
                        q.title_span = span;
                    }
                    None => {
                        let end = self.first_line(&h.range).end;
                        q.title_span = end..end;
                    }
                }
            }
            q.level = Some(h.level);
            q.heading = Some(hi);
            candidates.push((Some(hi), at_level, q));
        }
        if !list_kind {
            for line in self.hash_lines.clone() {
                let raw = &self.text[line.clone()];
                let hashes = raw.len() - raw.trim_start_matches('#').len();
                let rest_start = line.start + hashes;
                let rest = InlineText {
                    text: raw[hashes..].trim_end().to_string(),
                    segments: vec![(0, rest_start..rest_start + raw[hashes..].trim_end().len())],
                };
                let caps = cfg
                    .pattern
                    .captures(&rest.text)
                    .or_else(|| cfg.near_miss.as_ref().and_then(|n| n.captures(&rest.text)));
                let Some(caps) = caps else { continue };
                let mut q = self.question_from(&caps, &rest, Form::MissingSpace, line.clone());
                q.level = Some(hashes as u8);
                candidates.push((None, true, q));
            }
        }
        candidates.sort_by_key(|c| c.2.span.start);
        // An off-level "question" that has questions below it is a section heading. Linear:
        // the next heading of the same or a higher level comes from a monotonic stack, and the
        // at-level neighbours from two sweeps.
        let next_peer = next_peer_starts(&self.headings, self.text.len());
        let at_level_starts: Vec<usize> = candidates
            .iter()
            .filter(|c| c.1)
            .map(|c| c.2.span.start)
            .collect();
        let mut prev_num = vec![None; candidates.len()];
        let mut last = None;
        for (ci, c) in candidates.iter().enumerate() {
            prev_num[ci] = last;
            if c.1 {
                last = c.2.number;
            }
        }
        let mut next_num = vec![None; candidates.len()];
        let mut last = None;
        for (ci, c) in candidates.iter().enumerate().rev() {
            next_num[ci] = last;
            if c.1 {
                last = c.2.number;
            }
        }
        let sub_headings = self.answer_sub_headings(&candidates, &next_peer, cfg);
        let keep: Vec<bool> = candidates
            .iter()
            .enumerate()
            .map(|(ci, (hi, at_level, q))| {
                let Some(hi) = *hi else { return true };
                if *at_level {
                    return true;
                }
                // A misplaced question still fits the numbering around it; a section does not.
                let fits = q.number.is_some_and(|n| {
                    prev_num[ci].is_none_or(|p| n > p) && next_num[ci].is_none_or(|x| n < x)
                });
                match sub_headings[ci] {
                    SubHeading::Listed => return false,
                    // Among an answer's sub-headings, only a number that fits makes a question.
                    SubHeading::Breaks => return fits,
                    SubHeading::No => {}
                }
                if q.form != Form::Ok || self.headings[hi].level >= min_level {
                    return true;
                }
                let start = q.span.start;
                let end = next_peer[hi];
                let first_after = at_level_starts.partition_point(|&s| s <= start);
                let holds_questions = at_level_starts.get(first_after).is_some_and(|&s| s < end);
                !holds_questions || fits
            })
            .collect();
        let expected = self.expected_levels(&candidates, &keep, &next_peer, cfg);
        for (ci, ((hi, at_level, mut q), keep)) in candidates.into_iter().zip(keep).enumerate() {
            if keep {
                q.among_sub_headings = sub_headings[ci] == SubHeading::Breaks;
                if let Some(hi) = hi {
                    self.headings[hi].question = Some(self.questions.len());
                }
                q.expected_level = match expected[ci] {
                    Some(l) if !cfg.levels.contains(&l) => (q.level != Some(l)).then_some(l),
                    _ => (!at_level).then_some(expected[ci]).flatten(),
                };
                self.questions.push(q);
            }
        }
    }

    /// The level each question's place expects: the convention's, or, where the questions of
    /// one section (the nearest heading above that is not a question, not inside an answer)
    /// are mostly written at another level (at least two, more than half), that level: an
    /// `## Old Q&A` part written `####` throughout a `###` file. A question one level off inside
    /// a run (`#### 154.` between `### 153.` and `### 155.`) is outvoted by its neighbours.
    fn expected_levels(
        &self,
        candidates: &[(Option<usize>, bool, Question)],
        keep: &[bool],
        next_peer: &[usize],
        cfg: &QuestionSettings,
    ) -> Vec<Option<u8>> {
        let configured = cfg.levels.first().copied();
        let mut out = vec![configured; candidates.len()];
        if candidates.iter().all(|c| c.1) {
            return out;
        }
        let parent = &self.parents;
        let mut is_question = vec![false; self.headings.len()];
        for (ci, c) in candidates.iter().enumerate() {
            if let (Some(hi), true) = (c.0, keep[ci]) {
                is_question[hi] = true;
            }
        }
        // At-level questions in source order, with their headings.
        let at_level_heads: Vec<(usize, Option<usize>)> = candidates
            .iter()
            .filter(|c| c.1)
            .map(|c| (c.2.span.start, c.0))
            .collect();
        // Per section heading: the questions under it and their levels.
        let mut sections: HashMap<usize, Vec<usize>> = HashMap::new();
        for (ci, (hi, _, q)) in candidates.iter().enumerate() {
            let (Some(hi), true, Form::Ok) = (*hi, keep[ci], q.form) else {
                continue;
            };
            let mut p = parent[hi];
            while let Some(h) = p.filter(|&h| is_question[h]) {
                p = parent[h];
            }
            if let Some(p) = p {
                sections.entry(p).or_default().push(ci);
            }
        }
        for (p, members) in sections {
            let mut per_level = [0usize; 7];
            for &ci in &members {
                per_level[candidates[ci].2.level.unwrap_or(0).min(6) as usize] += 1;
            }
            let Some(major) = (1..=6u8).find(|&l| {
                let c = per_level[l as usize];
                c >= 2 && c * 2 > members.len()
            }) else {
                continue;
            };
            if cfg.levels.contains(&major) {
                continue;
            }
            // A heading inside an answer (`### Examples` under a question) is no section.
            let at = self.headings[p].range.start;
            let before = at_level_heads.partition_point(|&(s, _)| s < at);
            let inside_answer = before > 0
                && at_level_heads[before - 1]
                    .1
                    .is_some_and(|qh| next_peer[qh] > at);
            if !inside_answer {
                for ci in members {
                    out[ci] = Some(major);
                }
            }
        }
        out
    }

    /// For each heading, the nearest heading above it with a lower level (a monotonic stack).
    fn heading_parents(&self) -> Vec<Option<usize>> {
        let mut parent = vec![None; self.headings.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (hi, h) in self.headings.iter().enumerate() {
            while stack
                .last()
                .is_some_and(|&top| self.headings[top].level >= h.level)
            {
                stack.pop();
            }
            parent[hi] = stack.last().copied();
            stack.push(hi);
        }
        parent
    }

    /// The level this file writes its questions at, when the config did not fix one and none of
    /// its numbered question headings sits at the preset's level: the level with the most numbered
    /// question headings that are not nested under another one (numbered sub-headings inside
    /// answers do not count), the shallowest on a tie. Counting structure, not numbers, keeps the choice the same after
    /// renumbering. One file may use `###` and another `####` consistently; neither is
    /// off-level, while a `####` inside a run of `###` questions still is.
    fn file_level(&self, cfg: &QuestionSettings) -> Option<u8> {
        let numbered = cfg.kind == QuestionKind::Heading
            && cfg.pattern.capture_names().any(|n| n == Some("number"));
        if cfg.levels_forced || !numbered || cfg.levels.is_empty() {
            return None;
        }
        let parent = &self.parents;
        let mut per_level = [0usize; 7];
        let mut at_configured = false;
        // Per heading: is it a numbered question heading, and is one of its ancestors?
        let mut numbered_here: Vec<bool> = Vec::with_capacity(self.headings.len());
        let mut under_numbered: Vec<bool> = Vec::with_capacity(self.headings.len());
        for (hi, h) in self.headings.iter().enumerate() {
            let nested = parent[hi].is_some_and(|p| numbered_here[p] || under_numbered[p]);
            // `is_match`, not captures: cheap, and the presets' number is not optional.
            let numbered = !h.in_quote && cfg.pattern.is_match(&h.text.text);
            if numbered && !nested {
                per_level[h.level.min(6) as usize] += 1;
            }
            at_configured |= numbered && cfg.levels.contains(&h.level);
            numbered_here.push(numbered);
            under_numbered.push(nested);
        }
        // A file with numbered headings at the configured level is read at it (a numbered
        // section heading above its questions must not pull the file to its own level).
        if at_configured {
            return None;
        }
        let best = (1..=6u8)
            .filter(|&l| per_level[l as usize] > 0)
            .max_by_key(|&l| {
                (
                    per_level[l as usize],
                    cfg.levels.contains(&l),
                    std::cmp::Reverse(l),
                )
            })?;
        (!cfg.levels.contains(&best)).then_some(best)
    }

    /// Which candidates are numbered sub-headings of an answer, not questions: inside one
    /// question's answer (before its next heading of the same or a higher level), deeper than
    /// the questions, and numbered as a list of their own: under each parent heading, the
    /// numbers at one level run from the start (`### 1. Dynamic arrays`, `### 2. Binary search`
    /// under `## 4. Give examples`; `#### 1.` again under each of them). A deeper heading whose
    /// number goes on from the questions' (`#### 154.` between `### 153.` and `### 155.`) is a
    /// question one level off. Deciding from the sub-list's own numbers keeps the decision the
    /// same after the questions around it are renumbered. A heading among them that breaks
    /// their list is [`SubHeading::Breaks`] (see [`own_lists`]).
    fn answer_sub_headings(
        &self,
        candidates: &[(Option<usize>, bool, Question)],
        next_peer: &[usize],
        cfg: &QuestionSettings,
    ) -> Vec<SubHeading> {
        let max_level = cfg.levels.iter().copied().max().unwrap_or(6);
        let parent = &self.parents;
        // Deeper numbered candidates inside an answer, grouped by (parent heading, level).
        let mut groups: HashMap<(Option<usize>, u8), Vec<usize>> = HashMap::new();
        let mut answer_end: Option<usize> = None;
        for (ci, (hi, at_level, q)) in candidates.iter().enumerate() {
            let Some(hi) = *hi else { continue };
            if *at_level {
                answer_end = Some(next_peer[hi]);
                continue;
            }
            if answer_end.is_none_or(|end| q.span.start >= end) {
                answer_end = None;
                continue;
            }
            let level = self.headings[hi].level;
            if level > max_level && q.form == Form::Ok {
                groups.entry((parent[hi], level)).or_default().push(ci);
            }
        }
        let mut out = vec![SubHeading::No; candidates.len()];
        for group in groups.values() {
            let listed = own_lists(group, |ci| candidates[ci].2.number, cfg.start);
            if !listed.iter().any(|&l| l) {
                continue;
            }
            for (&ci, l) in group.iter().zip(listed) {
                out[ci] = if l {
                    SubHeading::Listed
                } else {
                    SubHeading::Breaks
                };
            }
        }
        out
    }

    /// The title of a number-only heading (`## Question 73`), written on the first line below
    /// it: a bold line (`**What are deep kernel machines?**`), or a plain line that asks (ends
    /// with `?`). The title and its span, without the `**`.
    fn title_below(&self, h: &Heading) -> Option<(String, Range<usize>)> {
        let text: &str = &self.text;
        let mut line = self
            .lines
            .line_of(h.range.end.saturating_sub(1).max(h.range.start))
            + 1;
        while line < self.lines.line_count() {
            let r = self.lines.line_range(text, line);
            let l = &text[r.clone()];
            if l.trim().is_empty() {
                line += 1;
                continue;
            }
            if self.in_code(r.start) || l.starts_with([' ', '\t']) {
                return None;
            }
            let t = l.trim_end();
            let (inner, start) = match t.strip_prefix("**").and_then(|s| s.strip_suffix("**")) {
                Some(inner) => (inner, r.start + 2),
                None if t.ends_with('?') && t.starts_with(char::is_alphanumeric) => (t, r.start),
                None => return None,
            };
            let inner = inner.trim();
            if inner.is_empty() || inner.contains("**") {
                return None;
            }
            let offset = l.find(inner).map_or(start, |i| r.start + i);
            return Some((inner.to_string(), offset..offset + inner.len()));
        }
        None
    }

    /// A question from a pattern match over some inline text.
    fn question_from(
        &self,
        caps: &regex::Captures,
        text: &InlineText,
        form: Form,
        span: Range<usize>,
    ) -> Question {
        let (number, number_span) = match caps.name("number") {
            Some(m) => (
                ascii_digits(m.as_str())
                    .parse()
                    .ok()
                    .filter(|&n| n <= MAX_NUMBER),
                Some(text.source_range(m.range(), &self.text)),
            ),
            None => (None, None),
        };
        // Digits, but too many to read.
        let unreadable = number.is_none()
            && caps.name("number").is_some_and(|m| {
                !m.as_str().is_empty() && m.as_str().bytes().all(|b| b.is_ascii_digit())
            });
        let number_in_text = caps.name("number").map(|m| m.range());
        // A range covers its numbers when it runs forward, and not absurdly far.
        let last = caps
            .name("last")
            .and_then(|m| m.as_str().parse::<u64>().ok())
            .filter(|&l| number.is_some_and(|n: u64| l > n && l - n <= MAX_RANGE));
        let (title, title_span) = match caps.name("title") {
            Some(m) if !m.as_str().trim().is_empty() => (
                m.as_str().to_string(),
                text.source_range(m.range(), &self.text),
            ),
            _ => (String::new(), span.end..span.end),
        };
        let lettered = caps.name("number").is_some_and(|m| {
            text.text[m.end()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
        });
        Question {
            form,
            number,
            unreadable,
            last,
            lettered,
            number_span,
            number_in_text,
            title,
            title_span,
            span,
            level: None,
            answer: 0..0,
            section: None,
            heading: None,
            continued: false,
            expected_level: None,
            series: 0,
            list_number: None,
            among_sub_headings: false,
            prefixes_sub_headings: false,
            unanswered_entry: false,
        }
    }

    fn heading_label_span(&self, h: &Heading) -> Range<usize> {
        if h.setext {
            let r = self.first_line(&h.range);
            let text = &self.text[r.clone()];
            let lead = text.len() - text.trim_start().len();
            r.start + lead..r.end
        } else {
            let r = self.first_line(&h.range);
            let text = &self.text[r.clone()];
            let lead = text.len() - text.trim_start().len();
            let trimmed = text.trim_end();
            r.start + lead..r.start + trimmed.len().max(lead)
        }
    }

    fn bold_questions(&mut self, cfg: &QuestionSettings, bold: Vec<BoldParagraph>) {
        for b in bold {
            let mut text = b.text;
            strip_trailing_decoration(&mut text);
            let Some(caps) = cfg.pattern.captures(&text.text) else {
                continue;
            };
            let span = self.first_line(&b.range);
            let mut q = self.question_from(&caps, &text, Form::Ok, span);
            q.answer = b.range.end..b.range.end;
            self.questions.push(q);
        }
    }

    fn details_questions(&mut self, cfg: &QuestionSettings) {
        let text = self.text.clone();
        let opens: Vec<Range<usize>> = summary_open_re()
            .find_iter(&text)
            .map(|m| m.range())
            .filter(|r| !self.in_code(r.start))
            .collect();
        let ends = summary_answer_ends(&text, &opens, &self.code);
        for (k, open) in opens.iter().enumerate() {
            // A `</summary>` belongs to this summary only if it comes before the next one.
            let window_end = opens.get(k + 1).map_or(text.len(), |n| n.start);
            let inner_start = open.end;
            let Some(rel) = find_ci(&text[inner_start..window_end], "</summary") else {
                continue;
            };
            let close_start = inner_start + rel;
            let after_tag = close_start + "</summary".len();
            let close_end = match text[after_tag..window_end].find('>') {
                Some(i) if text[after_tag..after_tag + i].trim().is_empty() => after_tag + i + 1,
                _ => after_tag,
            };
            // The title is the summary's first paragraph: leading blank lines skipped, then up
            // to a blank line or a code fence.
            let inner = &text[inner_start..close_start];
            let title_start = inner_start + (inner.len() - inner.trim_start().len());
            let cut = summary_cut_re()
                .find(&text[title_start..close_start])
                .map(|m| title_start + m.start());
            let title_end = cut.unwrap_or(close_start);
            let mut title = strip_tags(&text[title_start..title_end], title_start);
            strip_trailing_decoration(&mut title);
            let Some(caps) = cfg.pattern.captures(&title.text) else {
                continue;
            };
            let mut q = self.question_from(&caps, &title, Form::Ok, open.start..close_end);
            q.continued = cut.is_some();
            if q.title.is_empty() {
                q.title_span = title_start..title_start;
            }
            let end = ends[k].min(window_end);
            q.answer = close_end..end.max(close_end);
            self.questions.push(q);
        }
    }

    fn assign_sections_and_answers(&mut self) {
        let len = self.text.len();
        let starts: Vec<usize> = self.questions.iter().map(|q| q.span.start).collect();
        // Sweep headings and questions together, remembering the last section heading per level.
        let mut last_at_level: [Option<usize>; 8] = [None; 8];
        let mut next_heading = 0;
        for qi in 0..self.questions.len() {
            let pos = self.questions[qi].span.start;
            while next_heading < self.headings.len()
                && self.headings[next_heading].range.start < pos
            {
                let h = &self.headings[next_heading];
                if h.question.is_none() && !h.in_details && !h.in_quote {
                    let l = h.level as usize;
                    last_at_level[l] = Some(next_heading);
                    // A heading closes every deeper section.
                    for deeper in last_at_level.iter_mut().skip(l + 1) {
                        *deeper = None;
                    }
                }
                next_heading += 1;
            }
            let q = &self.questions[qi];
            let level = q.level.unwrap_or(7) as usize;
            let section = last_at_level[..level.min(8)]
                .iter()
                .flatten()
                .max()
                .copied();
            let start = match q.heading {
                // A title written below a number-only heading is not part of the answer.
                Some(hi) if q.title_span.start > self.headings[hi].range.end => {
                    self.first_line(&q.title_span).end.max(q.title_span.end)
                }
                Some(hi) => self.headings[hi].range.end,
                None => q.answer.start.max(q.span.end),
            };
            let mut end = starts.get(qi + 1).copied().unwrap_or(len).max(start);
            // The next heading of the same or a higher level ends the answer.
            let from = self.headings.partition_point(|h| h.range.start < start);
            if let Some(h) = self.headings[from..]
                .iter()
                .take_while(|h| h.range.start < end)
                .find(|h| {
                    h.level as usize <= level
                        && (!h.in_details && !h.in_quote || h.question.is_some())
                })
            {
                end = end.min(h.range.start.max(start));
            }
            let details = self.settings.series(q.series).kind == QuestionKind::Details;
            let q = &mut self.questions[qi];
            q.section = section;
            if !details {
                q.answer = start..end;
            }
        }
    }
}

/// The most numbers one range heading covers (`Q1-1000000` is a typo, not a range).
pub const MAX_RANGE: u64 = 1000;

/// The largest question number the model reads (10^15). A larger one (`Q99999999999999999999`,
/// beyond the integer type or near its end) is a slip, not a place in a sequence: the question
/// is left numberless and marked [`Question::unreadable`], so no sequence counts past it and
/// no renumbering adds to it.
pub const MAX_NUMBER: u64 = 1_000_000_000_000_000;

/// A number as ASCII digits: full-width digits (`３`, which CJK text writes) read as their
/// ASCII peers, so a near miss written `３.` carries its number and QA001's canonical form
/// writes `3.`.
pub fn ascii_digits(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// What a numbered heading deeper than the questions is to the answer it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubHeading {
    /// Not among an answer's numbered sub-headings.
    No,
    /// One of a list of sub-headings numbered on their own: no question.
    Listed,
    /// Among such sub-headings, but breaking their list: a question only when its number fits
    /// the questions'.
    Breaks,
}

/// For each member of `group` (sibling headings in source order), whether it belongs to a
/// list of their own: runs numbered `start`, `start + 1`, … (each `start` opens a new run). A
/// heading that breaks a run (`#### 2. How do you detect a cycle?` after `#### 1. First
/// approach`, `#### 2. Second approach`) does not, nor does anything after it up to the next
/// `start`: one question written a level too deep does not make its neighbours questions.
fn own_lists(group: &[usize], number: impl Fn(usize) -> Option<u64>, start: u64) -> Vec<bool> {
    let mut next: Option<u64> = None;
    group
        .iter()
        .map(|&ci| {
            let n = number(ci);
            if n == Some(start) {
                next = Some(start.saturating_add(1));
            } else if n.is_some() && n == next {
                next = next.map(|x| x.saturating_add(1));
            } else {
                next = None;
                return false;
            }
            true
        })
        .collect()
}

/// For each heading, where the next heading of the same or a higher level starts (or `end`).
pub fn next_peer_starts(headings: &[Heading], end: usize) -> Vec<usize> {
    let mut out = vec![end; headings.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while let Some(&top) = open.last() {
            if headings[top].level >= h.level {
                out[top] = h.range.start;
                open.pop();
            } else {
                break;
            }
        }
        open.push(i);
    }
    out
}
