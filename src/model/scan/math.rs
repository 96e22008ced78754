//! Formulas from math events, and runs of dollars the parser left as text.

use std::ops::Range;

use crate::model::document::Formula;

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
    if !display && text[range.end..].starts_with(|c: char| c.is_ascii_digit()) {
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
