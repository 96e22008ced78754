//! Headings: their level, setext form, the list item they open (list-heading questions), and
//! their inline text mapped back to the source.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Scanner;
use crate::model::document::{Heading, InlineText};

impl Scanner<'_> {
    /// A heading starts or ends. Returns whether the event was one.
    pub(super) fn heading_bounds(&mut self, event: &Event, range: &Range<usize>) -> bool {
        let text = self.text;
        let range = range.clone();
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                // Setext headings end with an underline line of `=` or `-`.
                let setext = {
                    let body = text[range.clone()].trim_end();
                    body.contains('\n')
                        && body.rsplit('\n').next().is_some_and(|last| {
                            let l = last.trim();
                            !l.is_empty()
                                && (l.bytes().all(|b| b == b'=') || l.bytes().all(|b| b == b'-'))
                        })
                };
                let list_number_span = self.item_stack.last().and_then(|it| {
                    it.filter(|&(_, _, _, item_start)| {
                        !text[item_start..range.start].contains('\n')
                    })
                    .map(|(_, _, _, item_start)| {
                        let lead = text[item_start..].len() - text[item_start..].trim_start().len();
                        let digits = text[item_start + lead..]
                            .bytes()
                            .take_while(u8::is_ascii_digit)
                            .count();
                        item_start + lead..item_start + lead + digits
                    })
                });
                let list_item = self.item_stack.last().and_then(|it| {
                    it.filter(|&(_, _, _, item_start)| {
                        !text[item_start..range.start].contains('\n')
                    })
                    .map(|(l, i, n, _)| (l, i, n))
                });
                self.current = Some(Heading {
                    level: *level as u8,
                    range: range.clone(),
                    text: InlineText::default(),
                    setext,
                    list_item,
                    list_number_span,
                    question: None,
                    in_details: false,
                    in_quote: self.quote_depth > 0,
                    index_entry: false,
                    id: None,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = self.current.take() {
                    h.text.trim();
                    self.out.headings.push(h);
                }
            }
            _ => return false,
        }
        true
    }

    /// The text of the heading being read.
    pub(super) fn heading_text(&mut self, event: &Event, range: &Range<usize>) {
        let range = range.clone();
        if let Some(h) = self.current.as_mut() {
            match &event {
                Event::Start(Tag::Image { .. }) => self.skip_inline_depth += 1,
                Event::End(TagEnd::Image) => {
                    self.skip_inline_depth = self.skip_inline_depth.saturating_sub(1)
                }
                Event::Text(t) | Event::Code(t) if self.skip_inline_depth == 0 => {
                    h.text.push(t, range.clone())
                }
                // Math is rendered in the browser from its source, which stays in the
                // heading's text (and so in its anchor), `$$…$$` as much as `$…$`.
                Event::InlineMath(t) if self.skip_inline_depth == 0 => {
                    h.text.push(&format!("${t}$"), range.clone())
                }
                Event::DisplayMath(t) if self.skip_inline_depth == 0 => {
                    h.text.push(&format!("$${t}$$"), range.clone())
                }
                Event::SoftBreak | Event::HardBreak => h.text.push(" ", range.clone()),
                _ => {}
            }
        }
    }
}
