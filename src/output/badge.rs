//! `qalint stats --badge FILE`: a flat SVG badge (`questions | 412`, `answered | 97%`), or with
//! a `.json` file a shields.io endpoint (`https://img.shields.io/endpoint?url=...`).

use crate::engine::stats::Stats;

/// What a badge shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeKind {
    /// `questions | 412`.
    Questions,
    /// `answered | 97%` (rounded down), coloured from red to green.
    Answered,
}

impl BadgeKind {
    /// The names `--badge KIND=FILE` knows.
    pub const NAMES: &[&str] = &["questions", "answered"];

    /// The kinds by the name `--badge KIND=FILE` uses.
    pub fn by_name(name: &str) -> Option<BadgeKind> {
        match name {
            "questions" => Some(BadgeKind::Questions),
            "answered" => Some(BadgeKind::Answered),
            _ => None,
        }
    }
}

/// Label, message, and colour (a shields.io name and its hex value).
fn content(stats: &Stats, kind: BadgeKind) -> (&'static str, String, (&'static str, &'static str)) {
    const BLUE: (&str, &str) = ("blue", "#007ec6");
    const GREY: (&str, &str) = ("lightgrey", "#9f9f9f");
    match kind {
        BadgeKind::Questions => ("questions", stats.total.questions.to_string(), BLUE),
        BadgeKind::Answered => match stats.total.answered_percent() {
            None => ("answered", "n/a".to_string(), GREY),
            Some(p) => {
                let colour = match p {
                    95.. => ("brightgreen", "#4c1"),
                    80.. => ("green", "#97ca00"),
                    60.. => ("yellow", "#dfb317"),
                    40.. => ("orange", "#fe7d37"),
                    _ => ("red", "#e05d44"),
                };
                ("answered", format!("{p}%"), colour)
            }
        },
    }
}

/// The shields.io endpoint JSON (`schemaVersion`, `label`, `message`, `color`).
pub fn endpoint_json(stats: &Stats, kind: BadgeKind) -> String {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Endpoint<'a> {
        schema_version: u32,
        label: &'a str,
        message: String,
        color: &'a str,
    }
    let (label, message, (color, _)) = content(stats, kind);
    super::pretty_json(&Endpoint {
        schema_version: 1,
        label,
        message,
        color,
    })
}

/// The badge as a flat SVG (shields.io's look: grey label, coloured value, 20 px high).
pub fn svg(stats: &Stats, kind: BadgeKind) -> String {
    let (label, message, (_, colour)) = content(stats, kind);
    let lw = text_width(label) + 10;
    let mw = text_width(&message) + 10;
    let w = lw + mw;
    let (lx, mx) = (lw * 10 / 2, (lw * 10) + (mw * 10 / 2));
    let (label, message) = (xml_escape(label), xml_escape(&message));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{label}: {message}">
  <title>{label}: {message}</title>
  <linearGradient id="s" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="r">
    <rect width="{w}" height="20" rx="3" fill="#fff"/>
  </clipPath>
  <g clip-path="url(#r)">
    <rect width="{lw}" height="20" fill="#555"/>
    <rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>
    <rect width="{w}" height="20" fill="url(#s)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110" transform="scale(.1)">
    <text x="{lx}" y="150" fill="#010101" fill-opacity=".3">{label}</text>
    <text x="{lx}" y="140">{label}</text>
    <text x="{mx}" y="150" fill="#010101" fill-opacity=".3">{message}</text>
    <text x="{mx}" y="140">{message}</text>
  </g>
</svg>
"##
    )
}

/// The width of `s` in Verdana 11 px, near enough for a badge (narrow and wide letters apart).
fn text_width(s: &str) -> u32 {
    s.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' => 3,
            'f' | 't' | 'r' | 'I' | ' ' | '(' | ')' | '/' => 5,
            'm' | 'w' | 'M' | 'W' => 10,
            '%' => 12,
            _ => 7,
        })
        .sum()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
