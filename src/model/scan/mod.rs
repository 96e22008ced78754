//! The one pass over pulldown-cmark's events that collects what the model is built from:
//! headings (with their text and list items), code and comments, links, lists, formulas and
//! loose dollars, and bold paragraphs. Each concern is a method of [`Scanner`] in its own file.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::document::{Formula, Heading, Link};

pub(crate) mod bold;
pub(crate) mod details;
mod headings;
pub(crate) mod links;
pub(crate) mod lists;
pub(crate) mod math;

use bold::{BoldParagraph, BoldState};

/// What a single pass over the events collects.
#[derive(Default)]
pub(crate) struct Scan {
    pub headings: Vec<Heading>,
    pub hash_lines: Vec<Range<usize>>,
    pub code: Vec<Range<usize>>,
    pub comments: Vec<Range<usize>>,
    /// HTML blocks other than comments, in source order.
    pub html_blocks: Vec<Range<usize>>,
    pub bold: Vec<BoldParagraph>,
    pub links: Vec<Link>,
    pub list_starts: HashMap<usize, u64>,
    /// Where each item of each ordered list starts, by list id, in order.
    pub list_items: HashMap<usize, Vec<usize>>,
    pub formulas: Vec<Formula>,
    pub loose_dollars: Vec<usize>,
    /// Table rows (head and body) whose source holds a `$`.
    pub dollar_rows: Vec<Range<usize>>,
    /// The inline content of each block holding a loose dollar (see `math::DollarBlocks`).
    pub dollar_blocks: Vec<Range<usize>>,
    /// Escaped brackets paired as TeX delimiters (`\( x^2 \)`), in source order of the closer.
    pub tex_brackets: Vec<crate::model::document::TexBrackets>,
    /// Link markup the parser left as text (see `links::literal_links`), in source order.
    pub literal_links: Vec<links::LiteralLink>,
}

/// Parser options: GitHub-flavoured markdown with math and front matter.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
}

/// The front matter at the very start of a file (`---` … `---`/`...`, or `+++` … `+++`).
///
/// pulldown-cmark's metadata-block options also take a `---` line in the middle of a file
/// (a thematic break followed by text) as metadata, hiding the headings after it; GitHub only
/// honours front matter on the first line, so we find it ourselves.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let fence = ["---", "+++"].into_iter().find(|f| {
        text.strip_prefix(f)
            .is_some_and(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    })?;
    let mut pos = text.find('\n')? + 1;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            return Some(0..end);
        }
        pos = end;
    }
    None
}

/// The text to hand the parser: front matter blanked (same length, newlines kept, so offsets stay
/// those of `text`), and the front matter's range.
pub fn text_for_parser(text: &str) -> (std::borrow::Cow<'_, str>, Option<Range<usize>>) {
    match front_matter(text) {
        Some(r) => {
            let blanked: String = text[..r.end]
                .bytes()
                .map(|b| if b == b'\n' { '\n' } else { ' ' })
                .collect::<String>()
                + &text[r.end..];
            (std::borrow::Cow::Owned(blanked), Some(r))
        }
        None => (std::borrow::Cow::Borrowed(text), None),
    }
}

/// Lines of a paragraph that look like an ATX heading missing its space (`##Q5: x`).
pub(crate) fn scan_hash_lines(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut pos = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        if indent <= 3 && (1..=6).contains(&hashes) {
            let after = &rest[hashes..];
            if after.chars().next().is_some_and(|c| !c.is_whitespace()) {
                out.push(pos + indent..pos + body.len());
            }
        }
        pos += line.len();
    }
}

/// Whether a link of this type takes its destination from a reference definition.
fn by_reference(t: pulldown_cmark::LinkType) -> bool {
    use pulldown_cmark::LinkType as L;
    matches!(
        t,
        L::Reference
            | L::ReferenceUnknown
            | L::Collapsed
            | L::CollapsedUnknown
            | L::Shortcut
            | L::ShortcutUnknown
    )
}

/// The scan's state while it walks the events.
#[derive(Default)]
struct Scanner<'t> {
    text: &'t str,
    out: Scan,
    in_math_block: bool,
    in_code_block: bool,
    /// The heading being read.
    current: Option<Heading>,
    /// How many block quotes are open.
    quote_depth: usize,
    /// Inside an image within a heading.
    skip_inline_depth: usize,
    /// Open lists: (list id, items so far).
    lists: Vec<(usize, usize)>,
    list_count: usize,
    /// Open items: (list id, index, written number, start) when numbered.
    item_stack: Vec<Option<(usize, usize, u64, usize)>>,
    para: Option<BoldState>,
    para_depth: usize,
    /// The run of inline events being read, and whether it holds a loose dollar.
    inline_run: math::InlineRun,
    /// The stretch of plain text being read (text as written and line breaks): where link
    /// markup the parser did not take would be.
    text_run: Option<Range<usize>>,
}

/// Scan `text` once.
pub(crate) fn scan(text: &str) -> Scan {
    let mut sc = Scanner {
        text,
        ..Default::default()
    };
    let (parse_text, front) = text_for_parser(text);
    if let Some(r) = &front {
        sc.out.code.push(r.clone());
    }
    let parse_text = &*parse_text;
    let events = Parser::new_ext(parse_text, parser_options()).into_offset_iter();
    // The parser reads every definition before the first event.
    let definitions = links::link_definitions(text, events.reference_definitions());
    for (event, range) in events {
        sc.event(&event, range);
    }
    sc.end_inline_run();
    sc.end_text_run();
    let mut out = sc.out;
    out.links.extend(definitions);
    out.links.sort_by_key(|l| l.range.start);
    out
}

impl Scanner<'_> {
    /// One event, offered to each concern in turn (the order matters: a heading's text is read
    /// after its start, a paragraph's bold state after its start).
    fn event(&mut self, event: &Event, range: Range<usize>) {
        // Each block-level event belongs to at most one of these; the first that takes it wins.
        if !self.heading_bounds(event, &range)
            && !self.code_and_math(event, &range)
            && !self.list_structure(event, &range)
        {
            self.paragraph_bounds(event, &range);
        }
        match event {
            Event::Code(_) => self.out.code.push(range.clone()),
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1)
            }
            _ => {}
        }
        self.comments_and_links(event, &range);
        self.text_runs(event, &range);
        self.dollar_context(event, &range);
        self.heading_text(event, &range);
        if let Some(p) = self.para.as_mut() {
            bold::bold_step(p, event, range);
        }
    }

    /// Stretches of plain text, joined across line breaks and the spaces between them: each is
    /// searched for link markup the parser did not take when the next other event ends it.
    fn text_runs(&mut self, event: &Event, range: &Range<usize>) {
        let text = self.text;
        let plain = match event {
            Event::Text(t) => !self.in_code_block && text.get(range.clone()) == Some(&**t),
            Event::SoftBreak => true,
            _ => false,
        };
        if !plain {
            self.end_text_run();
            return;
        }
        match &mut self.text_run {
            Some(run)
                if run.end <= range.start
                    && text[run.end..range.start]
                        .bytes()
                        .all(|b| matches!(b, b' ' | b'\t' | b'>')) =>
            {
                run.end = range.end
            }
            _ => {
                self.end_text_run();
                self.text_run = Some(range.clone());
            }
        }
    }

    fn end_text_run(&mut self) {
        if let Some(run) = self.text_run.take() {
            links::literal_links(self.text, run, &mut self.out.literal_links);
        }
    }

    /// Code blocks (`math` fences hold formulas), inline and display math, and dollars the
    /// parser left as text. Returns whether the event was one of these.
    fn code_and_math(&mut self, event: &Event, range: &Range<usize>) -> bool {
        let text = self.text;
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.out.code.push(range.clone());
                self.in_code_block = true;
                self.in_math_block = matches!(kind, pulldown_cmark::CodeBlockKind::Fenced(info)
                    if info.split_whitespace().next() == Some("math"));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_math_block = false;
                self.in_code_block = false;
            }
            Event::Text(t) if self.in_math_block => self.out.formulas.push(Formula {
                range: range.clone(),
                tex: t.to_string(),
                body_start: range.start,
                verbatim: text.get(range.clone()) == Some(&**t),
                display: true,
                parsed: true,
            }),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(f) = math::formula(
                    text,
                    range.clone(),
                    t,
                    matches!(event, Event::DisplayMath(_)),
                ) {
                    self.out.formulas.push(f);
                }
            }
            Event::Text(t)
                if !self.in_code_block
                    && t.contains('$')
                    && text.get(range.clone()) == Some(&**t) =>
            {
                self.out
                    .loose_dollars
                    .extend(t.match_indices('$').map(|(i, _)| range.start + i));
            }
            _ => return false,
        }
        true
    }

    /// Ordered lists and their items (list-heading questions take an item's number).
    fn list_structure(&mut self, event: &Event, range: &Range<usize>) -> bool {
        match event {
            Event::Start(Tag::List(start)) => {
                self.list_count += 1;
                self.lists.push((self.list_count, 0));
                if let Some(n) = start {
                    self.out.list_starts.insert(self.list_count, *n);
                }
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                let entry = match self.lists.last_mut() {
                    Some((id, n)) => {
                        let idx = *n;
                        *n += 1;
                        if self.out.list_starts.contains_key(id) {
                            self.out
                                .list_items
                                .entry(*id)
                                .or_default()
                                .push(range.start);
                        }
                        lists::written_number(&self.text[range.clone()])
                            .map(|num| (*id, idx, num, range.start))
                    }
                    None => None,
                };
                self.item_stack.push(entry);
            }
            Event::End(TagEnd::Item) => {
                self.item_stack.pop();
            }
            _ => return false,
        }
        true
    }

    /// Paragraphs: suspicious `#` lines in them, and whether one is a bold paragraph.
    fn paragraph_bounds(&mut self, event: &Event, range: &Range<usize>) -> bool {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.para_depth += 1;
                if self.para_depth == 1 {
                    self.para = Some(BoldState {
                        start: range.start,
                        ..Default::default()
                    });
                }
                // A quoted `##Q5: x` is quoted material, as a quoted heading is.
                if self.quote_depth == 0 {
                    scan_hash_lines(self.text, range.clone(), &mut self.out.hash_lines);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                self.para_depth = self.para_depth.saturating_sub(1);
                if self.para_depth == 0
                    && let Some(p) = self.para.take()
                    && p.is_question()
                {
                    self.out.bold.push(BoldParagraph {
                        range: p.start..p.end.unwrap_or(range.end),
                        text: p.text,
                    });
                }
            }
            _ => return false,
        }
        true
    }

    /// HTML comments as the parser sees them (an HTML block that opens with `<!--`, or an inline
    /// `<!-- ... -->`; an escaped or unclosed `<!--` in prose is just text), links and images.
    fn comments_and_links(&mut self, event: &Event, range: &Range<usize>) {
        let text = self.text;
        match event {
            Event::Start(Tag::HtmlBlock)
                if text[range.clone()].trim_start().starts_with("<!--") =>
            {
                self.out.comments.push(range.clone())
            }
            // The block whole, not line by line (its `Html` events): a tag may go on over a
            // line break (`<a\n  href="#q4">`).
            Event::Start(Tag::HtmlBlock) => {
                self.out.html_blocks.push(range.clone());
                self.out
                    .links
                    .extend(links::html_links(text, range.clone()))
            }
            Event::InlineHtml(t) if t.starts_with("<!--") => self.out.comments.push(range.clone()),
            Event::InlineHtml(_)
                if !self
                    .out
                    .comments
                    .last()
                    .is_some_and(|c| c.contains(&range.start)) =>
            {
                self.out
                    .links
                    .extend(links::html_links(text, range.clone()))
            }
            Event::Start(
                tag @ (Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                }),
            ) => self.out.links.push(links::locate_link(
                text,
                range.clone(),
                dest_url,
                matches!(tag, Tag::Image { .. }),
                by_reference(*link_type),
            )),
            _ => {}
        }
    }
}
