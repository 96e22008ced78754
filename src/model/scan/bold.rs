//! Paragraphs that are one bold span (the `bold` convention's questions), or a bold question
//! label and the question after it on the same line (`**Q1:** What is X?`).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::model::document::InlineText;

/// A paragraph that consists of one bold span (plus trailing decoration), or a bold question
/// label and the line after it (`**Q1:** What is X?`: then `range` ends with that line, and the
/// rest of the paragraph is the answer).
#[derive(Debug)]
pub(crate) struct BoldParagraph {
    pub range: Range<usize>,
    pub text: InlineText,
}

#[derive(Default)]
pub(crate) struct BoldState {
    pub start: usize,
    /// 0: nothing seen; 1: inside the leading strong; 2: after it; 3: not a bold paragraph;
    /// 4: after a question label (`**Q1:**`), reading the question's line; 5: that line read.
    pub phase: u8,
    pub strong_depth: usize,
    pub image_depth: usize,
    pub text: InlineText,
    /// Where a labelled question's line ends, when the paragraph goes on after it.
    pub end: Option<usize>,
}

impl BoldState {
    /// Whether the paragraph so far is a bold question (its range then ends at `end`, if set).
    pub(crate) fn is_question(&self) -> bool {
        matches!(self.phase, 2 | 4 | 5)
    }
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
        // A question label (`**Q1:**`) and its question on the same line.
        (2, Event::Text(t) | Event::Code(t))
            if !is_decoration(t) && is_question_label(&p.text.text) =>
        {
            p.phase = 4;
            p.text.push(" ", range.start..range.start);
            p.text.push(t, range);
        }
        (4, Event::Text(t) | Event::Code(t)) => p.text.push(t, range),
        (4, Event::InlineMath(t)) => p.text.push(&format!("${t}$"), range),
        (4, Event::SoftBreak | Event::HardBreak) => {
            p.phase = 5;
            p.end = Some(range.start);
        }
        (4, Event::InlineHtml(h)) if h.trim_start().to_ascii_lowercase().starts_with("<br") => {
            p.phase = 5;
            p.end = Some(range.start);
        }
        (4 | 5, _) => {}
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

/// Whether a bold span is a question label that the question follows on its line: `Q:`,
/// `Q1:`, `Q1.`, `Question 1:`, `Q #1 -` (a number alone, `**1.**`, numbers steps as often).
fn is_question_label(bold: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?i)^\s*q(?:uestion|ues)?\.?\s*(?:#\s*)?[0-9]*\s*[:.)：\-–—]?\s*$")
            .expect("static regex")
    })
    .is_match(bold)
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
