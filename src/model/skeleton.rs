//! A document's block skeleton: the sequence of its blocks (headings with their levels, lists
//! and items, code blocks, HTML blocks, tables, quotes, paragraphs, rules, math blocks) with their
//! nesting. Fixes edit text inside blocks; comparing the skeletons before and after tells a fix
//! that changed the document's structure (an item's answer falling out of it, a paragraph
//! turned into indented code) from one that did not. Ordered items carry their numbers, as
//! written and as rendered, so a change that makes an item render as another number (a
//! paragraph turned into items that a later list then continues) is seen too.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::scan::lists::written_number;

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
    /// For an item of an ordered list: its numbers.
    pub number: Option<ItemNumber>,
}

/// An ordered list item's number as written before its marker and as a reader sees it
/// (CommonMark renders the list's start plus the item's index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemNumber {
    pub written: u64,
    pub rendered: u64,
    /// Every item of its list (two or more) writes the same number (`1.` on each): the author
    /// numbers the list lazily and means the numbers it renders.
    pub lazy: bool,
}

impl ItemNumber {
    /// Whether the item renders as its author meant: the number written before it, or any
    /// number in a lazily numbered list.
    pub fn as_written(self) -> bool {
        self.written == self.rendered || self.lazy
    }
}

/// An open list while the skeleton is read: an ordered one's start, and its items' blocks.
struct OpenList {
    first: Option<u64>,
    items: Vec<usize>,
}

/// The blocks of `text` in document order.
pub fn skeleton(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut depth: u16 = 0;
    // The paragraph being read, and whether it is only a display formula so far.
    let mut paragraph: Option<(usize, bool)> = None;
    let mut lists: Vec<OpenList> = Vec::new();
    for (event, range) in Parser::new_ext(text, super::scan::parser_options()).into_offset_iter() {
        let mut number = None;
        let kind = match &event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Heading { level, .. } => Some(BlockKind::Heading(*level as u8)),
                    Tag::List(first) => {
                        lists.push(OpenList {
                            first: *first,
                            items: Vec::new(),
                        });
                        Some(BlockKind::List(first.is_some()))
                    }
                    Tag::Item => {
                        if let Some(list) = lists.last_mut()
                            && let Some(first) = list.first
                        {
                            let index = list.items.len() as u64;
                            number =
                                written_number(&text[range.clone()]).map(|written| ItemNumber {
                                    written,
                                    rendered: first.saturating_add(index),
                                    lazy: false,
                                });
                            list.items.push(out.len());
                        }
                        Some(BlockKind::Item)
                    }
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
                if matches!(end, TagEnd::List(_))
                    && let Some(list) = lists.pop()
                {
                    mark_lazy(&mut out, &list.items);
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
                number,
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

/// Mark the items of one list lazily numbered when there are two or more and each writes the
/// same number.
fn mark_lazy(out: &mut [Block], items: &[usize]) {
    let written: Vec<Option<u64>> = items
        .iter()
        .map(|&i| out[i].number.map(|n| n.written))
        .collect();
    if written.len() < 2 || written[0].is_none() || written.iter().any(|w| *w != written[0]) {
        return;
    }
    for &i in items {
        if let Some(n) = out[i].number.as_mut() {
            n.lazy = true;
        }
    }
}

/// The first ordered item that renders as written before a change and, in the skeleton after
/// it, renders another number: the change renumbered a list it did not mean to (a paragraph
/// turned into items that the next list continues). `moved` says where a block of `before`
/// starts after the change; an item found nowhere there is the structure's concern, not this.
pub fn renumbered<'a>(
    before: &'a [Block],
    after: &'a [Block],
    moved: impl Fn(usize) -> usize,
) -> Option<(&'a Block, &'a Block)> {
    let items: std::collections::HashMap<usize, &Block> = after
        .iter()
        .filter(|a| a.number.is_some())
        .map(|a| (a.start, a))
        .collect();
    before.iter().find_map(|b| {
        let was = b.number.filter(|n| n.as_written())?;
        let a = items.get(&moved(b.start))?;
        let now = a.number?;
        (now.rendered != was.rendered && !now.as_written()).then_some((b, *a))
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
    fn ordered_items_carry_their_numbers() {
        let numbers = |text: &str| -> Vec<(u64, u64)> {
            skeleton(text)
                .iter()
                .filter_map(|b| b.number.map(|n| (n.written, n.rendered)))
                .collect()
        };
        assert_eq!(numbers("3. a\n5. b\n\n- c\n"), [(3, 3), (5, 4)]);
        let lazy: Vec<bool> = skeleton("1. a\n1. b\n\n- c\n\n2. d\n")
            .iter()
            .filter_map(|b| b.number.map(|n| n.lazy))
            .collect();
        assert_eq!(lazy, [true, true, false]);
        assert_eq!(
            numbers("> 2) a\n>    1. x\n> 9) b\n"),
            [(2, 2), (1, 1), (9, 3)]
        );
        let before = skeleton("Steps:\n1.Fetch.\n\n3. Push.\n");
        let after = skeleton("Steps:\n1. Fetch.\n\n3. Push.\n");
        let (b, a) = renumbered(&before, &after, |p| if p > 8 { p + 1 } else { p }).unwrap();
        assert_eq!(
            (b.number.unwrap().rendered, a.number.unwrap().rendered),
            (3, 2)
        );
    }

    #[test]
    fn text_edits_inside_blocks_are_no_difference() {
        let before = skeleton("## Q1: a\n\nText with `code`.\n");
        let after = skeleton("## Q2: a b c\n\nOther text.\n");
        assert!(first_difference(&before, &after, |_, _| false).is_none());
    }
}
