//! `<details>`/`<summary>` regions, explicit anchors, and HTML tags stripped from text.

use std::ops::Range;

use regex::Regex;

use crate::model::document::InlineText;

/// `<a name="x">`, `<a id=x>` and any `id="x"` attribute: explicit anchors. Only an `<a>`'s
/// `name` is a fragment target (not `<input name>`), and an attribute ending in `id`
/// (`data-id`) is another attribute.
pub(crate) fn explicit_anchor_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?i)<(?:a\s(?:[^>]*?\s)?name|[a-z][a-z0-9]*\s(?:[^>]*?\s)?id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#,
        )
        .expect("static regex")
    })
}

/// A raw HTML heading, `<h2>Text</h2>` (GitHub gives it an anchor like a Markdown heading's).
pub(crate) fn html_heading_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?is)<h([1-6])(?:\s[^>]*)?>(.*?)</h[1-6]\s*>").expect("static regex")
    })
}

pub(crate) fn summary_open_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)<summary(?:\s[^>]*)?>").expect("static regex"))
}

pub(crate) fn summary_cut_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\n[ \t]*(?:\r?\n|```|~~~)").expect("static regex"))
}

pub(crate) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// For each summary (by its opening tag), where its `<details>` block closes: the start of the
/// matching `</details>`, or the end of the text. One pass over the tags, with a stack.
pub(crate) fn summary_answer_ends(
    text: &str,
    opens: &[Range<usize>],
    code: &[Range<usize>],
) -> Vec<usize> {
    let mut out = vec![text.len(); opens.len()];
    let in_code = |p: usize| {
        let i = code.partition_point(|r| r.start <= p);
        code[..i].iter().rev().take(8).any(|r| r.contains(&p))
    };
    let tags: Vec<(usize, bool)> = details_tag_re()
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            (!in_code(m.start())).then(|| (m.start(), !c[1].is_empty()))
        })
        .collect();
    let mut stack: Vec<Vec<usize>> = Vec::new();
    let (mut t, mut o) = (0, 0);
    while t < tags.len() || o < opens.len() {
        let summary_first = o < opens.len() && (t >= tags.len() || opens[o].start < tags[t].0);
        if summary_first {
            if let Some(top) = stack.last_mut() {
                top.push(o);
            }
            o += 1;
        } else {
            let (pos, close) = tags[t];
            if !close {
                stack.push(Vec::new());
            } else if let Some(waiting) = stack.pop() {
                for s in waiting {
                    out[s] = pos;
                }
            }
            t += 1;
        }
    }
    out
}

pub(crate) fn details_tag_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)<(/?)details(?-u:\b)[^>]*>").expect("static regex"))
}

/// Outermost `<details>` … `</details>` regions outside code, sorted (an unclosed one runs to
/// the end of the text).
pub(crate) fn details_regions(text: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let re = details_tag_re();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for c in re.captures_iter(text) {
        let m = c.get(0).expect("match");
        if code.iter().any(|r| r.contains(&m.start())) {
            continue;
        }
        if c[1].is_empty() {
            if depth == 0 {
                start = m.start();
            }
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                out.push(start..m.end());
            }
        }
    }
    if depth > 0 {
        out.push(start..text.len());
    }
    out
}

/// Text of an HTML fragment with its tags removed and common entities decoded.
pub(crate) fn strip_tags(s: &str, base: usize) -> InlineText {
    let mut out = InlineText::default();
    let mut i = 0;
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let flush = |out: &mut InlineText, from: usize, to: usize| {
        if to > from {
            out.push(&s[from..to], base + from..base + to);
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            // A tag starts with `<` and a letter, `/` or `!`; `a < b` is text.
            b'<' if bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!') =>
            {
                flush(&mut out, run_start, i);
                let end = s[i..].find('>').map_or(s.len(), |j| i + j + 1);
                i = end;
                run_start = i;
            }
            b'&' => {
                let end = bytes[i..bytes.len().min(i + 10)]
                    .iter()
                    .position(|&b| b == b';')
                    .map(|j| i + j + 1);
                let decoded = end.and_then(|e| match &s[i..e] {
                    "&amp;" => Some("&"),
                    "&lt;" => Some("<"),
                    "&gt;" => Some(">"),
                    "&quot;" => Some("\""),
                    "&#39;" | "&apos;" => Some("'"),
                    "&nbsp;" => Some(" "),
                    _ => None,
                });
                match (decoded, end) {
                    (Some(d), Some(e)) => {
                        flush(&mut out, run_start, i);
                        out.push(d, base + i..base + e);
                        i = e;
                        run_start = i;
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    flush(&mut out, run_start, bytes.len());
    // Collapse the newlines of a multi-line summary into spaces.
    if out.text.contains(['\n', '\r']) {
        out.text = out.text.replace(['\n', '\r'], " ");
    }
    out.trim();
    out
}
