//! Paragraphs that are one bold span (the `bold` convention's questions).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::model::document::InlineText;

/// A paragraph that consists of one bold span (plus trailing decoration).
#[derive(Debug)]
pub(crate) struct BoldParagraph {
    pub range: Range<usize>,
    pub text: InlineText,
}

#[derive(Default)]
pub(crate) struct BoldState {
    pub start: usize,
    /// 0: nothing seen; 1: inside the leading strong; 2: after it; 3: not a bold paragraph.
    pub phase: u8,
    pub strong_depth: usize,
    pub image_depth: usize,
    pub text: InlineText,
}

/// Advance the bold-paragraph recogniser by one event.
pub(crate) fn bold_step(p: &mut BoldState, event: &Event, range: Range<usize>) {
    match (p.phase, event) {
        (3, _) => {}
        (_, Event::Start(Tag::Paragraph)) | (_, Event::End(TagEnd::Paragraph)) => {}
        (0, Event::Start(Tag::Strong)) => {
            p.phase = 1;
            p.strong_depth = 1;
        }
        (0, Event::Text(t)) if t.trim().is_empty() => {}
        (0, _) => p.phase = 3,
        (1, Event::Start(Tag::Strong)) => p.strong_depth += 1,
        (1, Event::End(TagEnd::Strong)) => {
            p.strong_depth -= 1;
            if p.strong_depth == 0 {
                p.phase = 2;
            }
        }
        (1, Event::Text(t)) | (1, Event::Code(t)) => p.text.push(t, range),
        (1, Event::InlineMath(t)) => p.text.push(&format!("${t}$"), range),
        (1, Event::DisplayMath(t)) => p.text.push(&format!("$${t}$$"), range),
        (1, Event::SoftBreak) | (1, Event::HardBreak) => p.text.push(" ", range),
        (1, _) => {}
        // After the bold span: only decoration (emoji, badges, line breaks, `<br>`).
        (2, Event::Start(Tag::Image { .. })) => p.image_depth += 1,
        (2, Event::End(TagEnd::Image)) => p.image_depth = p.image_depth.saturating_sub(1),
        (2, Event::Start(Tag::Link { .. })) | (2, Event::End(TagEnd::Link)) => {}
        (2, Event::Text(t)) if p.image_depth > 0 || is_decoration(t) => {}
        (2, Event::SoftBreak) | (2, Event::HardBreak) | (2, Event::InlineHtml(_)) => {}
        (2, _) => p.phase = 3,
        _ => p.phase = 3,
    }
}

/// Whitespace, emoji and symbols: what may trail a bold question.
pub(crate) fn is_decoration(t: &str) -> bool {
    t.chars().all(is_decoration_char)
}

pub(crate) fn is_decoration_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{FE0F}' | '\u{FE0E}' | '\u{20E3}'
        )
        || matches!(c as u32,
            0x2190..=0x21FF | 0x2300..=0x23FF | 0x2460..=0x24FF | 0x25A0..=0x27BF
            | 0x2900..=0x297F | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF | 0xE0020..=0xE007F)
}

/// Remove trailing emoji, badges' leftovers and whitespace from a title.
pub(crate) fn strip_trailing_decoration(t: &mut InlineText) {
    let trimmed = t.text.trim_end_matches(is_decoration_char).len();
    if trimmed < t.text.len() {
        t.text.truncate(trimmed);
        t.segments.retain(|s| s.0 < trimmed);
    }
    t.trim();
}
