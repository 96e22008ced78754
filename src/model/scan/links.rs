//! Where a link's text and destination are in the source, and link reference definitions.

use std::ops::Range;

use regex::Regex;

use crate::model::document::Link;

/// Where the text and destination of an inline link are in the source.
pub(crate) fn locate_link(text: &str, range: Range<usize>, dest: &str, image: bool) -> Link {
    let src = &text[range.clone()];
    let open = if image { 2 } else { 1 };
    let mut link = Link {
        range: range.clone(),
        dest: dest.to_string(),
        dest_span: None,
        text_span: None,
        image,
    };
    // Inline form: `[text](dest ...)`. The text ends at the last `](` whose rest holds the dest.
    if src.ends_with(')') {
        let mut from = src.len();
        while let Some(i) = src[..from].rfind("](") {
            let rest = &src[i + 2..src.len() - 1];
            let lead = rest.len() - rest.trim_start().len();
            let rest_t = rest.trim_start();
            let (off, inner) = match rest_t.strip_prefix('<') {
                Some(r) => (1, r),
                None => (0, rest_t),
            };
            if inner.starts_with(dest) {
                let start = range.start + i + 2 + lead + off;
                if !dest.is_empty() || inner.starts_with(')') || inner.is_empty() || off == 1 {
                    link.dest_span = Some(start..start + dest.len());
                }
                if src.len() >= open && i >= open {
                    link.text_span = Some(range.start + open..range.start + i);
                }
                break;
            }
            if i == 0 {
                break;
            }
            from = i;
        }
    } else if src.starts_with('<') && src.ends_with('>') && src.len() >= 2 {
        // Autolink `<https://...>`.
        if &src[1..src.len() - 1] == dest {
            link.dest_span = Some(range.start + 1..range.end - 1);
        }
    }
    link
}

/// The links of raw HTML at `range`: `<a href="…">` (and `<area>`) and `<img src="…">`, with
/// the attribute's value as the destination (`&amp;` read as `&`).
pub(crate) fn html_links(text: &str, range: Range<usize>) -> Vec<Link> {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let html = &text[range.clone()];
    if !html.contains('=') {
        return Vec::new();
    }
    let re = RE.get_or_init(|| {
        Regex::new(
            r#"(?i)<(a|area|img)(?-u:\b)[^>]*?\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#,
        )
        .expect("static regex")
    });
    re.captures_iter(html)
        .filter_map(|c| {
            let tag = c.get(1)?.as_str().to_ascii_lowercase();
            let attr = c.get(2)?.as_str().to_ascii_lowercase();
            let image = tag == "img";
            if image != (attr == "src") {
                return None;
            }
            let value = c.get(3).or_else(|| c.get(4)).or_else(|| c.get(5))?;
            let whole = c.get(0)?;
            let at = range.start;
            Some(Link {
                range: at + whole.start()..at + value.end(),
                dest: value.as_str().trim().replace("&amp;", "&"),
                dest_span: Some(at + value.start()..at + value.end()),
                text_span: None,
                image,
            })
        })
        .collect()
}

/// Link reference definitions (`[ref]: dest`), which the parser resolves but does not report.
pub(crate) fn link_definitions(
    text: &str,
    code: &[Range<usize>],
    comments: &[Range<usize>],
) -> Vec<Link> {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?").expect("static regex")
    });
    if !text.contains("]:") {
        return Vec::new();
    }
    re.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let d = c.get(1)?;
            let inside = |rs: &[Range<usize>]| rs.iter().any(|r| r.contains(&m.start()));
            (!inside(code) && !inside(comments)).then(|| Link {
                range: m.range(),
                dest: d.as_str().to_string(),
                dest_span: Some(d.range()),
                text_span: None,
                image: false,
            })
        })
        .collect()
}
