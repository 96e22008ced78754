//! Formulas from math events, runs of dollars the parser left as text, the blocks and table
//! rows those dollars sit in, and table rows read again as prose (where a `|` would not split
//! a formula).

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Scanner;
use crate::model::document::{Formula, TexBrackets};

/// The inline events read since the last block boundary: where they start and end, and
/// whether one of them is a loose dollar.
#[derive(Default)]
pub(super) struct InlineRun {
    range: Option<Range<usize>>,
    has_dollar: bool,
    /// Escaped brackets in its text (`\(`, `\)`, `\[`, `\]`): the backslash's offset and the
    /// bracket.
    escapes: Vec<(usize, u8)>,
}

/// Whether an event is inline content (text and spans) rather than a block boundary.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Html(_) | Event::Rule => false,
    }
}

impl Scanner<'_> {
    /// Table rows holding a `$`, and the extent of the inline content around loose dollars
    /// (a paragraph, heading, table cell or tight list item: where an unclosed `$$` could
    /// still find its partner).
    pub(super) fn dollar_context(&mut self, event: &Event, range: &Range<usize>) {
        if let Event::Start(Tag::TableHead | Tag::TableRow) = event
            && self
                .text
                .get(range.clone())
                .is_some_and(|r| r.contains('$'))
        {
            self.out.dollar_rows.push(range.clone());
        }
        if !is_inline(event) {
            self.end_inline_run();
            return;
        }
        let run = &mut self.inline_run;
        run.range = Some(match run.range.take() {
            Some(r) => r.start..range.end.max(r.end),
            None => range.clone(),
        });
        if let Event::Text(t) = event
            && !self.in_code_block
            && t.contains('$')
            && self.text.get(range.clone()) == Some(&**t)
        {
            run.has_dollar = true;
        }
        // An escape starts a text event at the escaped character.
        if let Event::Text(t) = event
            && !self.in_code_block
            && let Some(&b @ (b'(' | b')' | b'[' | b']')) = t.as_bytes().first()
            && self.text.as_bytes().get(range.start) == Some(&b)
        {
            let before = &self.text.as_bytes()[..range.start];
            let slashes = before.iter().rev().take_while(|&&c| c == b'\\').count();
            if slashes % 2 == 1 {
                run.escapes.push((range.start - 1, b));
            }
        }
    }

    /// Close the inline run being read (at a block boundary or the end of the text).
    pub(super) fn end_inline_run(&mut self) {
        let run = std::mem::take(&mut self.inline_run);
        if run.has_dollar
            && let Some(r) = run.range
        {
            self.out.dollar_blocks.push(r);
        }
        // Each opener pairs with the next closer of its kind.
        let mut open: [Option<usize>; 2] = [None, None];
        for (at, b) in run.escapes {
            let display = matches!(b, b'[' | b']');
            let slot = &mut open[usize::from(display)];
            match (b, *slot) {
                (b'(' | b'[', None) => *slot = Some(at),
                (b')' | b']', Some(start)) => {
                    self.out.tex_brackets.push(TexBrackets {
                        open: start,
                        close: at,
                        display,
                    });
                    *slot = None;
                }
                _ => {}
            }
        }
    }
}

/// A table row read as a paragraph, the way it would render if its `|` did not split cells:
/// its formulas (offsets into the row; pairs GitHub would not read as math, such as `$8 | ~$90`,
/// left out as in prose) and its code spans.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RowAsProse {
    /// Formulas: the whole `$...$` or `$$...$$` with delimiters, and whether it is display math.
    pub formulas: Vec<(Range<usize>, bool)>,
    pub code: Vec<Range<usize>>,
}

/// Read one table row (its source line, without container prefixes) as a paragraph.
pub fn row_as_prose(row: &str) -> RowAsProse {
    let mut out = RowAsProse::default();
    // Leading spaces would make an indented code block of the line.
    let lead = row.len() - row.trim_start().len();
    let line = &row[lead..];
    for (event, range) in Parser::new_ext(line, super::parser_options()).into_offset_iter() {
        let r = range.start + lead..range.end + lead;
        match event {
            Event::InlineMath(_) if !closes_before_digit(row, r.end) => {
                out.formulas.push((r, false));
            }
            Event::DisplayMath(_) => out.formulas.push((r, true)),
            Event::Code(_) => out.code.push(r),
            _ => {}
        }
    }
    out
}

/// The source range of every formula the parser finds in `text` (math events, as they are:
/// `$5 and $10` too): to compare a text before and after an edit that adds a formula.
pub fn formula_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, super::parser_options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::InlineMath(_) | Event::DisplayMath(_)))
        .map(|(_, r)| r)
        .collect()
}

/// Runs of adjacent loose dollars as `(start, length)`, escaped ones (`\$`) left out.
pub fn dollar_runs(text: &str, dollars: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &d in dollars {
        match out.last_mut() {
            Some((start, len)) if *start + *len == d => *len += 1,
            _ if text[..d].ends_with('\\') => {}
            _ => out.push((d, 1)),
        }
    }
    out
}

/// Whether the inline formula ending at `end` of `text` ends with a `$` followed by a digit,
/// which GitHub does not take as a closing `$` (`$5 and $10`).
fn closes_before_digit(text: &str, end: usize) -> bool {
    text[end..].starts_with(|c: char| c.is_ascii_digit())
}

/// A formula from a math event, or None where GitHub would not see math (a closing `$`
/// followed by a digit: `$5 and $10`).
pub(crate) fn formula(
    text: &str,
    range: Range<usize>,
    tex: &str,
    display: bool,
) -> Option<Formula> {
    let src = text.get(range.clone())?;
    let open = if display { 2 } else { 1 };
    if !display && closes_before_digit(text, range.end) {
        return None;
    }
    // `` $`...`$ `` (GitHub's code-style inline math): the backticks are delimiters too.
    let (open, tex) = match tex.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        Some(inner) if !display && src.starts_with("$`") => (2, inner),
        _ => (open, tex),
    };
    let body_start = range.start + open;
    let verbatim = text.get(body_start..body_start + tex.len()) == Some(tex);
    Some(Formula {
        range,
        tex: tex.to_string(),
        body_start,
        verbatim,
        display,
        parsed: true,
    })
}

/// Whether `row`, read as the body row of a table, holds a formula whose source is exactly
/// `formula` (delimiters included): no `|` cuts it any more.
pub fn row_holds_formula(row: &str, formula: &str) -> bool {
    let row = row.trim_start().trim_end_matches(['\n', '\r']);
    let cells = row.matches('|').count() + 1;
    let head = format!("{}|\n{}|\n", "| x ".repeat(cells), "|---".repeat(cells));
    let doc = format!("{head}{row}\n");
    Parser::new_ext(&doc, super::parser_options())
        .into_offset_iter()
        .any(|(event, range)| {
            matches!(event, Event::InlineMath(_) | Event::DisplayMath(_))
                && doc.get(range) == Some(formula)
        })
}
