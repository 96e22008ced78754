//! Where a link's text and destination are in the source, and link reference definitions.

use std::ops::Range;

use regex::Regex;

use crate::model::document::Link;

/// Where the text and destination of an inline link are in the source.
pub(crate) fn locate_link(
    text: &str,
    range: Range<usize>,
    dest: &str,
    image: bool,
    by_reference: bool,
) -> Link {
    let src = &text[range.clone()];
    let open = if image { 2 } else { 1 };
    let mut link = Link {
        range: range.clone(),
        dest: dest.to_string(),
        dest_span: None,
        text_span: None,
        image,
        by_reference,
    };
    if by_reference {
        // `[text][ref]`: the destination is written in the definition, a link of its own; the
        // text of a full reference link is its own.
        if let Some(i) = full_reference(src).filter(|&i| i >= open) {
            link.text_span = Some(range.start + open..range.start + i);
        }
        return link;
    }
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

/// In a full reference link `[text][label]`, where its `][` is. A collapsed `[label][]` or
/// shortcut `[label]` has none: its text is its label, and rewriting it would break the link.
fn full_reference(src: &str) -> Option<usize> {
    let inner = src.strip_suffix(']')?;
    let i = inner.rfind("][")?;
    let label = &inner[i + 2..];
    (!label.trim().is_empty() && !label.contains(['[', ']'])).then_some(i)
}

/// The links of raw HTML at `range`: `<a href="…">` (and `<area>`) and `<img src="…">`, with
/// the attribute's value as the destination (`&amp;` read as `&`). A tag may span lines; a link
/// inside an HTML comment (`<!-- <li><a href="#q3">…</a></li> -->`) is none.
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
    let comments = html_comments(html);
    re.captures_iter(html)
        .filter(|c| {
            c.get(0)
                .is_some_and(|m| !comments.iter().any(|r| r.contains(&m.start())))
        })
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
                by_reference: false,
            })
        })
        .collect()
}

/// The spans of the HTML comments in `html` (`<!--` to `-->`, or to the end when unclosed).
fn html_comments(html: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("<!--") {
        let open = from + i;
        let end = html[open + 4..]
            .find("-->")
            .map_or(html.len(), |j| open + 4 + j + 3);
        out.push(open..end);
        from = end;
    }
    out
}

/// The content of the HTML `<a …>` element whose tag opens at `tag.start` (its `href` value
/// ending at `tag.end`): from the end of the opening tag to its `</a>`, when that closes it in
/// the same block (no blank line, no other `<a` between).
pub(crate) fn html_anchor_text(text: &str, tag: Range<usize>) -> Option<Range<usize>> {
    let opening = text.get(tag.start..tag.start + 3)?.as_bytes();
    if !(opening[..2].eq_ignore_ascii_case(b"<a") && opening[2].is_ascii_whitespace()) {
        return None;
    }
    let start = tag.end + text[tag.end..].find('>')? + 1;
    let rest = &text[start..];
    let mut cut = rest.len().min(4096);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let lower = rest[..cut].to_ascii_lowercase();
    let close = lower.find("</a>")?;
    let inner = &lower[..close];
    let lines: Vec<&str> = inner.split('\n').collect();
    let blank = lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty());
    let nested = inner.match_indices("<a").any(|(i, _)| {
        inner[i + 2..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
    });
    (!blank && !nested).then_some(start..start + close)
}

/// The link reference definitions (`[ref]: dest "title"`) the parser took: those it resolves
/// reference links with, and only those. A line that merely looks like one (inside a paragraph,
/// which a definition cannot interrupt; a footnote definition `[^1]: …`; a repeated label,
/// of which the first wins) is text, not a link. The destination's span is found in the
/// source (`<…>` destinations may hold spaces); it is known when written verbatim.
pub(crate) fn link_definitions(text: &str, defs: &pulldown_cmark::RefDefs<'_>) -> Vec<Link> {
    defs.iter()
        .filter_map(|(_, def)| {
            let span = def.span.clone();
            let (raw, angled) = definition_dest(text, span.clone())?;
            let end = raw.end + usize::from(angled);
            Some(Link {
                range: span.start..end.max(span.start),
                dest: def.dest.to_string(),
                dest_span: (text.get(raw.clone()) == Some(&*def.dest)).then_some(raw),
                text_span: None,
                image: false,
                by_reference: false,
            })
        })
        .collect()
}

/// A link reference definition the parser read but did not take: its label repeats an earlier
/// definition's (case and inner spaces aside), and the first one wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadowedDefinition {
    /// From its `[` to the end of its destination.
    pub range: Range<usize>,
    /// Its label, as written.
    pub label: String,
    /// Its destination, as written (inside `<…>` when angled).
    pub dest: String,
    /// Where the first definition of the label starts.
    pub first: usize,
    /// The first definition's destination, which its label's links go to.
    pub first_dest: String,
}

/// The definitions a repeated label shadows whose destination differs from the first's (an
/// identical repeat changes nothing). The parser reads them and drops them without a trace:
/// they are the lines `[label]: dest` (after any `>`, list marker and indentation) that no
/// paragraph, heading, code, HTML block or table holds. Lines whose label appears once are
/// passed over before the file is parsed again, so only files that repeat a label pay.
pub(crate) fn shadowed_definitions(text: &str) -> Vec<ShadowedDefinition> {
    use std::collections::HashMap;
    // Front matter blanked, as the parser reads the file (the offsets stay).
    let (parse_text, _) = super::text_for_parser(text);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut candidates = Vec::new();
    let mut pos = 0;
    for line in parse_text.split_inclusive('\n') {
        if let Some((at, label)) = definition_label(line) {
            let n = seen.entry(normalize_label(label)).or_default();
            *n += 1;
            candidates.push((pos + at, label));
        }
        pos += line.len();
    }
    if seen.values().all(|&n| n < 2) {
        return Vec::new();
    }
    let events =
        pulldown_cmark::Parser::new_ext(&parse_text, super::parser_options()).into_offset_iter();
    let firsts: HashMap<String, (usize, String)> = events
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            (
                normalize_label(label),
                (def.span.start, def.dest.to_string()),
            )
        })
        .collect();
    // The leaf blocks, in order and apart: a definition is in none of them.
    let leaves: Vec<Range<usize>> = events
        .filter_map(|(e, r)| {
            use pulldown_cmark::{Event, Tag};
            matches!(
                e,
                Event::Start(
                    Tag::Paragraph
                        | Tag::Heading { .. }
                        | Tag::CodeBlock(_)
                        | Tag::HtmlBlock
                        | Tag::Table(_)
                        | Tag::MetadataBlock(_)
                )
            )
            .then_some(r)
        })
        .collect();
    let in_leaf = |at: usize| {
        let i = leaves.partition_point(|r| r.start <= at);
        i > 0 && leaves[i - 1].contains(&at)
    };
    candidates
        .into_iter()
        .filter_map(|(at, label)| {
            let key = normalize_label(label);
            if seen[&key] < 2 || in_leaf(at) {
                return None;
            }
            let (first, first_dest) = firsts.get(&key)?;
            if *first == at {
                return None;
            }
            // The destination may sit on the next line.
            let end = text[at..]
                .match_indices('\n')
                .nth(1)
                .map_or(text.len(), |(i, _)| at + i);
            let (raw, angled) = definition_dest(text, at..end)?;
            let dest = &text[raw.clone()];
            let first_raw = definition_dest(text, *first..text.len())
                .map(|(r, _)| &text[r])
                .unwrap_or_default();
            if dest.is_empty() || dest == first_dest || dest == first_raw {
                return None;
            }
            Some(ShadowedDefinition {
                range: at..raw.end + usize::from(angled),
                label: label.to_string(),
                dest: dest.to_string(),
                first: *first,
                first_dest: first_dest.clone(),
            })
        })
        .collect()
}

/// Where a line that looks like a link reference definition (`[label]:`, not a footnote's
/// `[^1]:`) has its `[`, after any block quote `>`, list marker and indentation, and its label.
fn definition_label(line: &str) -> Option<(usize, &str)> {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'>') {
            i += 1;
        }
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let marker = match b.get(i + digits) {
            Some(b'-' | b'*' | b'+') if digits == 0 => 1,
            Some(b'.' | b')') if digits > 0 => digits + 1,
            _ => 0,
        };
        if marker == 0 || !matches!(b.get(i + marker), Some(b' ' | b'\t')) {
            break;
        }
        i += marker;
    }
    let rest = line.get(i..)?.strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    let ok = rest[close + 1..].starts_with(':')
        && !label.starts_with('^')
        && !label.contains('[')
        && !label.trim().is_empty();
    ok.then_some((i, label))
}

/// A label as the parser matches labels: case folded, runs of white space as one space.
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where the destination of the definition at `span` is written (inside `<…>` when angled):
/// after the label's closing `]:`, spaces, and at most one line break with the next line's
/// container prefix (`>` of a block quote, indentation).
fn definition_dest(text: &str, span: Range<usize>) -> Option<(Range<usize>, bool)> {
    let src = text.get(span.clone())?;
    let b = src.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    // The label holds no unescaped bracket.
    let mut i = 1;
    while i < b.len() && b[i] != b']' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    if b.get(i + 1) != Some(&b':') {
        return None;
    }
    i += 2;
    let mut line_break = false;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => {}
            b'\r' | b'\n' => line_break = true,
            b'>' if line_break => {}
            _ => break,
        }
        i += 1;
    }
    if b.get(i) == Some(&b'<') {
        let mut j = i + 1;
        while j < b.len() && b[j] != b'>' && b[j] != b'\n' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        (b.get(j) == Some(&b'>')).then(|| (span.start + i + 1..span.start + j, true))
    } else {
        let len = src[i..]
            .find(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
            .unwrap_or(src.len() - i);
        Some((span.start + i..span.start + i + len, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definitions(text: &str) -> Vec<(String, Option<&str>)> {
        let parser = pulldown_cmark::Parser::new_ext(text, crate::model::scan::parser_options());
        let mut out: Vec<Link> = link_definitions(text, parser.reference_definitions());
        out.sort_by_key(|l| l.range.start);
        out.into_iter()
            .map(|l| (l.dest, l.dest_span.map(|r| &text[r])))
            .collect()
    }

    #[test]
    fn an_html_anchors_text_runs_to_its_closing_tag() {
        fn shown(text: &str) -> Option<&str> {
            let link = html_links(text, 0..text.len()).into_iter().next()?;
            html_anchor_text(text, link.range).map(|r| &text[r])
        }
        assert_eq!(shown("<a href=\"#q3\">Q3: What?</a>"), Some("Q3: What?"));
        assert_eq!(
            shown("<A HREF='#q3' title=x><b>Q3</b>\n</A>"),
            Some("<b>Q3</b>\n")
        );
        assert_eq!(shown("<a href=\"#q3\">Q3\n\nmore</a>"), None);
        assert_eq!(shown("<a href=\"#q3\">Q3 <a href=\"#q4\">Q4</a>"), None);
        assert_eq!(shown("<a href=\"#q3\">Q3: no end"), None);
        assert_eq!(shown("<area href=\"#q3\">Q3</a>"), None);
    }

    #[test]
    fn html_links_span_lines_and_skip_comments() {
        let text = "<ul>\n<li><a\n  href=\"#q4\">Q4</a></li>\n\
                    <!-- <li><a href=\"#q3\">Q3</a></li> -->\n<!-- open <a href=\"#q5\">";
        let dests: Vec<String> = html_links(text, 0..text.len())
            .into_iter()
            .map(|l| l.dest)
            .collect();
        assert_eq!(dests, ["#q4"]);
    }

    #[test]
    fn shadowed_definitions_are_the_repeats_the_parser_drops() {
        let text = "[a]: #one\n[A]: #two\n> [a]:\n> #three\n- [ a ]: #one\n\n\
                    A paragraph\n[a]: #text\n\n```\n[a]: #code\n```\n\n[b]: #b\n[^a]: note\n";
        let got: Vec<(String, String, usize)> = shadowed_definitions(text)
            .into_iter()
            .map(|d| (d.label, d.dest, d.first))
            .collect();
        assert_eq!(
            got,
            [
                ("A".to_string(), "#two".to_string(), 0),
                ("a".to_string(), "#three".to_string(), 0),
            ]
        );
        assert!(shadowed_definitions("[a]: x\n[b]: x\n").is_empty());
    }

    #[test]
    fn definitions_are_the_parsers() {
        let text = "[a]: <My Notes/x (draft).md> \"T\"\n> [b]:\n> #b\n[c]: c\\_d.md\n\n\
                    [^1]: See Knuth.\n\nA paragraph\n[k]: value\n\n[a]: #second\n";
        assert_eq!(
            definitions(text),
            [
                (
                    "My Notes/x (draft).md".to_string(),
                    Some("My Notes/x (draft).md")
                ),
                ("#b".to_string(), Some("#b")),
                ("c_d.md".to_string(), None),
            ]
        );
    }
}

/// Link markup the parser left as text, so GitHub shows it as written: `[text](dest …` or
/// `[text] (dest)` whose destination starts like a URL or a path. Why it is no link is in
/// [`LiteralLink::why`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralLink {
    /// From the `[` to the destination's end (its closing `)`, else the end of the line).
    pub range: Range<usize>,
    /// The whitespace between `]` and `(`, when there is some.
    pub gap: Option<Range<usize>>,
    /// `![alt](…)`: an image (its range starts at the `!`).
    pub image: bool,
    /// The destination, between the parentheses (to the end of the line when unclosed).
    pub dest: Range<usize>,
    pub why: LiteralWhy,
}

/// Why link markup is not a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralWhy {
    /// Whitespace between `]` and `(`.
    Gap,
    /// A `(` in the destination is never closed.
    Unclosed,
    /// The destination holds whitespace.
    Space,
    /// The title after the destination (`"…"`) is never closed.
    Title,
    /// Anything else the parser refused (a `<`, a line break in the title, …).
    Other,
}

/// The link markup in `run`, a stretch of the source that the parser gave back as plain text
/// (text and line breaks only, each as written): see [`LiteralLink`].
pub(crate) fn literal_links(text: &str, run: Range<usize>, out: &mut Vec<LiteralLink>) {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let src = &text[run.clone()];
    if !src.contains(']') || !src.contains('(') {
        return;
    }
    let re = RE.get_or_init(|| {
        // The text: one line, no brackets, not blank. The destination: a URL, a fragment or a
        // path (with a slash, or a file name with a Markdown or image extension).
        Regex::new(
            r"(?i)\[([^\[\]\n]*\S[^\[\]\n]*)\]([ \t]*(?:\r?\n[ \t>]*)?)\(((?:<?https?://|www\.|mailto:|#[\w-]|\.{1,2}/|/\w|[\w%.~-]+/|[\w%.~-]+\.(?:md|markdown|png|jpe?g|gif|svg|webp|pdf|html?)\b|[\w%.~-][^()\[\]\n]*?\.(?:md|markdown|png|jpe?g|gif|svg|webp|pdf|html?)\)))",
        )
        .expect("valid literal link pattern")
    });
    for c in re.captures_iter(src) {
        let (Some(all), Some(label), Some(gap), Some(dest)) =
            (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let at = run.start + all.start();
        // An escaped `[` is no markup (the parser would not give it back as written anyway).
        if text[..at].ends_with('\\') {
            continue;
        }
        let label = label.as_str().trim();
        // `[1] (https://…)` reads as a citation, `- [x] (…)` as a task box: not as a link.
        if !gap.is_empty()
            && (label.bytes().all(|b| b.is_ascii_digit()) || task_box(text, at, label))
        {
            continue;
        }
        let open = run.start + dest.start();
        let line_end = text[open..].find('\n').map_or(text.len(), |i| open + i);
        let line_end = text[..line_end].trim_end_matches('\r').len().max(open);
        let mut depth = 1usize;
        let mut close = None;
        for (i, ch) in text[open..line_end].char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let dest_end = close.unwrap_or(line_end);
        let inner = &text[open..dest_end];
        // The destination's own defect, if any; a gap is the reason only before a sound one.
        let title = inner
            .trim()
            .split_once(char::is_whitespace)
            .map(|(_, rest)| rest.trim_start());
        let why = if close.is_none() {
            LiteralWhy::Unclosed
        } else if title.is_some_and(|t| !t.starts_with(['"', '\''])) {
            LiteralWhy::Space
        } else if title.is_some_and(|t| {
            let q = t.chars().next().unwrap_or('"');
            t.len() < 2 || !t.ends_with(q)
        }) {
            LiteralWhy::Title
        } else if !gap.is_empty() {
            LiteralWhy::Gap
        } else {
            LiteralWhy::Other
        };
        let gap = (!gap.is_empty()).then(|| run.start + gap.start()..run.start + gap.end());
        let image = text[..at].ends_with('!') && !text[..at - 1].ends_with('\\');
        out.push(LiteralLink {
            range: at - usize::from(image)..close.map_or(line_end, |c| c + 1),
            gap,
            image,
            dest: open..dest_end,
            why,
        });
    }
}

/// Whether `[label]` at `at` is a task list's box: `x` or blank right after a list marker.
fn task_box(text: &str, at: usize, label: &str) -> bool {
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    let marker = line.trim();
    (label.is_empty() || label.eq_ignore_ascii_case("x"))
        && (matches!(marker, "-" | "*" | "+")
            || marker
                .strip_suffix(['.', ')'])
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}
