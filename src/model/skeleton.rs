//! A document's block skeleton: the sequence of its blocks (headings with their levels, lists
//! and items, code blocks, HTML blocks, tables, quotes, paragraphs, rules, math blocks) with their
//! nesting. Fixes edit text inside blocks; comparing the skeletons before and after tells a fix
//! that changed the document's structure (an item's answer falling out of it, a paragraph
//! turned into indented code) from one that did not.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The kind of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    /// A list: ordered or not.
    List(bool),
    Item,
    /// A fenced code block (`true`) or an indented one.
    Code(bool),
    Html,
    Table,
    Quote,
    Paragraph,
    Rule,
    /// A paragraph that is one display formula (`$$ … $$`).
    Math,
    Footnote,
}

impl BlockKind {
    /// The kind in words, for messages.
    pub fn describe(self) -> String {
        match self {
            BlockKind::Heading(l) => format!("a level-{l} heading"),
            BlockKind::List(true) => "an ordered list".into(),
            BlockKind::List(false) => "a bullet list".into(),
            BlockKind::Item => "a list item".into(),
            BlockKind::Code(true) => "a fenced code block".into(),
            BlockKind::Code(false) => "an indented code block".into(),
            BlockKind::Html => "an HTML block".into(),
            BlockKind::Table => "a table".into(),
            BlockKind::Quote => "a block quote".into(),
            BlockKind::Paragraph => "a paragraph".into(),
            BlockKind::Rule => "a horizontal rule".into(),
            BlockKind::Math => "a display formula".into(),
            BlockKind::Footnote => "a footnote".into(),
        }
    }
}

/// One block: its kind, how deep it is nested, and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub depth: u16,
    pub start: usize,
}

/// The blocks of `text` in document order.
pub fn skeleton(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut depth: u16 = 0;
    // The paragraph being read, and whether it is only a display formula so far.
    let mut paragraph: Option<(usize, bool)> = None;
    for (event, range) in Parser::new_ext(text, super::scan::parser_options()).into_offset_iter() {
        let kind = match &event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Heading { level, .. } => Some(BlockKind::Heading(*level as u8)),
                    Tag::List(first) => Some(BlockKind::List(first.is_some())),
                    Tag::Item => Some(BlockKind::Item),
                    Tag::CodeBlock(k) => {
                        Some(BlockKind::Code(matches!(k, CodeBlockKind::Fenced(_))))
                    }
                    Tag::HtmlBlock => Some(BlockKind::Html),
                    Tag::Table(_) => Some(BlockKind::Table),
                    Tag::BlockQuote(_) => Some(BlockKind::Quote),
                    Tag::FootnoteDefinition(_) => Some(BlockKind::Footnote),
                    Tag::Paragraph => {
                        paragraph = Some((out.len(), true));
                        Some(BlockKind::Paragraph)
                    }
                    _ => None,
                };
                if kind.is_some() {
                    depth += 1;
                }
                kind.map(|k| (k, depth - 1))
            }
            Event::End(end) => {
                let closes = matches!(
                    end,
                    TagEnd::Heading(_)
                        | TagEnd::List(_)
                        | TagEnd::Item
                        | TagEnd::CodeBlock
                        | TagEnd::HtmlBlock
                        | TagEnd::Table
                        | TagEnd::BlockQuote(_)
                        | TagEnd::FootnoteDefinition
                        | TagEnd::Paragraph
                );
                if *end == TagEnd::Paragraph
                    && let Some((at, true)) = paragraph.take()
                    && let Some(b) = out.get_mut(at)
                {
                    b.kind = BlockKind::Math;
                }
                if closes {
                    depth = depth.saturating_sub(1);
                }
                None
            }
            Event::Rule => Some((BlockKind::Rule, depth)),
            Event::DisplayMath(_) => None,
            Event::SoftBreak | Event::HardBreak => None,
            _ => {
                if let Some((_, only_math)) = paragraph.as_mut() {
                    *only_math = false;
                }
                None
            }
        };
        if let Some((kind, depth)) = kind {
            out.push(Block {
                kind,
                depth,
                start: range.start,
            });
        }
    }
    out
}

/// The first place two skeletons differ, as `(index, before, after)`; `allowed` says whether a
/// pair of blocks at the same place may differ (a heading whose level a fix changed on purpose).
pub fn first_difference<'a>(
    before: &'a [Block],
    after: &'a [Block],
    allowed: impl Fn(&Block, &Block) -> bool,
) -> Option<(usize, Option<&'a Block>, Option<&'a Block>)> {
    let n = before.len().max(after.len());
    (0..n).find_map(|i| {
        let (b, a) = (before.get(i), after.get(i));
        match (b, a) {
            (Some(x), Some(y)) if x.kind == y.kind && x.depth == y.depth => None,
            (Some(x), Some(y)) if x.depth == y.depth && allowed(x, y) => None,
            _ => Some((i, b, a)),
        }
    })
}

/// The byte range of a block's first line in `text`, for messages.
pub fn first_line(text: &str, block: &Block) -> Range<usize> {
    let end = text[block.start..]
        .find('\n')
        .map_or(text.len(), |i| block.start + i);
    block.start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, u16)> {
        skeleton(text)
            .into_iter()
            .map(|b| (b.kind, b.depth))
            .collect()
    }

    #[test]
    fn blocks_and_nesting() {
        let k = kinds("# T\n\n1. ### Q\n\n   Answer.\n\n   ```\n   code\n   ```\n\n$$x$$\n");
        assert_eq!(
            k,
            [
                (BlockKind::Heading(1), 0),
                (BlockKind::List(true), 0),
                (BlockKind::Item, 1),
                (BlockKind::Heading(3), 2),
                (BlockKind::Paragraph, 2),
                (BlockKind::Code(true), 2),
                (BlockKind::Math, 0),
            ]
        );
    }

    #[test]
    fn a_wider_marker_that_drops_the_answer_out_of_its_item_is_a_difference() {
        let before = skeleton("1. ### Q\n\n   Answer.\n");
        let after = skeleton("10. ### Q\n\n   Answer.\n");
        let d = first_difference(&before, &after, |_, _| false);
        assert!(d.is_some(), "{before:?} {after:?}");
        let same = skeleton("10. ### Q\n\n    Answer.\n");
        assert!(first_difference(&before, &same, |_, _| false).is_none());
    }

    #[test]
    fn text_edits_inside_blocks_are_no_difference() {
        let before = skeleton("## Q1: a\n\nText with `code`.\n");
        let after = skeleton("## Q2: a b c\n\nOther text.\n");
        assert!(first_difference(&before, &after, |_, _| false).is_none());
    }
}
