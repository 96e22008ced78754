//! Reading a repository and scanning each file under every candidate convention.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use regex::Regex;

use super::{HEADING_PRESETS, settings, settings_at_every_level};
use crate::config::ConfigError;
use crate::model::document::{Document, Form};
use crate::model::settings::ParseSettings;

/// The repository's markdown files as `(path relative to the root, text)`, found by the same
/// walker as `check`; files that cannot be read as text are left out.
pub(super) fn read(root: &Path) -> Vec<(String, Arc<str>)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (candidates, _errors) = crate::engine::walk::collect(&[root.to_path_buf()], threads);
    candidates
        .par_iter()
        .filter(|c| crate::engine::walk::is_markdown(&c.path))
        .filter_map(|c| {
            let bytes = std::fs::read(&c.path).ok()?;
            let text = crate::engine::decode(&bytes).ok()?;
            let rel = c.path.strip_prefix(root).unwrap_or(&c.path);
            Some((crate::engine::walk::display(rel), text))
        })
        .collect()
}

/// Scan every file under each candidate preset's profile.
pub(super) fn scan(
    root: &Path,
    files: &[(String, Arc<str>)],
) -> Result<Vec<FileScan>, ConfigError> {
    let heading_settings: Vec<ParseSettings> = HEADING_PRESETS
        .iter()
        .map(|p| settings_at_every_level(p, root))
        .collect::<Result<_, _>>()?;
    let details_settings = settings("questions: {preset: details}\n", root)?;
    let bold_settings = settings("questions: {preset: bold}\n", root)?;
    Ok(files
        .par_iter()
        .map(|(path, text)| {
            scan_file(
                path,
                text,
                &heading_settings,
                &details_settings,
                &bold_settings,
            )
        })
        .collect())
}

/// What one file holds under each candidate convention.
#[derive(Debug, Default)]
pub(super) struct FileScan {
    /// Per heading preset (as [`HEADING_PRESETS`]), questions per level (index 1..=6).
    pub heading: Vec<[usize; 7]>,
    /// Likewise, those whose title asks something ([`asks`]).
    pub heading_asking: Vec<[usize; 7]>,
    /// Titles of `<summary>` questions.
    pub details: Vec<String>,
    /// Those that open with a number and ask something after it (`1. Title?`).
    pub details_numbered: Vec<NumberLead>,
    /// Bold paragraphs, and how many hold a `?`.
    pub bold: usize,
    pub bold_questions: usize,
    /// Bold paragraphs that open with a number ([`number_lead`]: `**1. Title?**`,
    /// `**Q1. Title?**`) and ask something after it.
    pub bold_numbered: Vec<NumberLead>,
    /// The level and number of every `X12.` heading outside `<details>` (with a prefix).
    pub prefixed: Vec<(u8, NumberLead)>,
    /// Per level, unnumbered headings that ask something (a `?`, or a question word first).
    pub asking: [usize; 7],
    /// `(level, last words after the last ` - `)` of those headings (`Interview Question`).
    pub suffixes: Vec<(u8, String)>,
    /// Per level, all headings.
    pub headings: [usize; 7],
}

fn scan_file(
    path: &str,
    text: &Arc<str>,
    heading_settings: &[ParseSettings],
    details: &ParseSettings,
    bold: &ParseSettings,
) -> FileScan {
    let mut s = FileScan::default();
    for (i, p) in heading_settings.iter().enumerate() {
        let doc = Document::parse(path.to_string(), text.clone(), p);
        let (mut per_level, mut asking) = ([0usize; 7], [0usize; 7]);
        for q in &doc.questions {
            if q.form == Form::Ok
                && let Some(l) = q.level
            {
                per_level[l as usize] += 1;
                asking[l as usize] += usize::from(asks(&q.title));
            }
        }
        s.heading.push(per_level);
        s.heading_asking.push(asking);
        if i == 0 {
            scan_headings(&doc, &mut s);
        }
    }
    let doc = Document::parse(path.to_string(), text.clone(), details);
    s.details = doc.questions.iter().map(|q| q.title.clone()).collect();
    s.details_numbered = numbered_leads(&doc);
    let doc = Document::parse(path.to_string(), text.clone(), bold);
    s.bold = doc.questions.len();
    s.bold_questions = doc
        .questions
        .iter()
        .filter(|q| q.title.contains('?') || q.title.contains('？'))
        .count();
    s.bold_numbered = numbered_leads(&doc);
    s
}

/// The questions of `doc` that open with a number and ask something after it.
fn numbered_leads(doc: &Document) -> Vec<NumberLead> {
    doc.questions
        .iter()
        .filter_map(|q| number_lead(q.title.trim()))
        .filter(|l| l.asks)
        .collect()
}

/// How a title opens with a number: `1. `, `Q1. `, `Q.1 `, `#1 `, `Question 12 — `, `[12] `.
#[derive(Debug, PartialEq)]
pub(super) struct NumberLead {
    /// What is written before the number: empty, a word (`Q`, `Pregunta`), a letter and a dot
    /// (`Q.`), `#`, a word and `#` or `No.` (`Question #`, `Q No.`), or `[` (`[12] Title`, whose
    /// separator is the `]`).
    pub prefix: String,
    /// Whether a space separates the prefix from the number (`Question 12`, not `Q12`; never
    /// after `[`).
    pub spaced: bool,
    /// As [`separator`] gives it.
    pub separator: &'static str,
    /// Whether the rest of the title asks something ([`asks`]).
    pub asks: bool,
    /// The number (saturated when it does not fit).
    pub number: u64,
}

impl NumberLead {
    /// Whether a heading that opens so is a numbered heading of its own form (a prefixed one,
    /// not `number-dot`'s `12. Title`): a word or sign numbers it (`Q12.`, `Pregunta 12.`,
    /// `#12`); a bare number before a dash (`12 - Title`) or a number in brackets (`[12] Title`)
    /// only when the title asks something, as `### 2021 - Year in review`, `## 2 - 3 years of
    /// experience` and `### [1] Reference` do not, and the number is below 1000: `## 2021 -
    /// What changed?` numbers years, not questions.
    pub(super) fn numbers_a_heading(&self) -> bool {
        let weak = self.asks && self.number < 1000;
        match self.prefix.as_str() {
            "" => weak && self.separator.starts_with(' '),
            "[" => weak,
            _ => true,
        }
    }
}

/// The number a title opens with, and how it is written. A bare number needs a separator and
/// a space after it (`1. Title`, not `1.5 seconds` or `2023 plans`); after a prefix a space
/// will do (`Q.1 Title`, `#1 Title`). A number in brackets is closed (`[12] Title`), and only
/// a bracket closes.
pub(super) fn number_lead(t: &str) -> Option<NumberLead> {
    let c = lead_re().captures(t)?;
    let prefix = c.get(1).map_or("", |m| m.as_str());
    let written = &c[4];
    let rest = &t[c.get(0)?.end()..];
    if prefix.is_empty()
        && (written.trim().is_empty()
            || !(rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || written.ends_with(char::is_whitespace)
                || full_width(written)))
    {
        return None;
    }
    if (prefix == "[") != (written.trim() == "]") {
        return None;
    }
    Some(NumberLead {
        prefix: prefix.to_string(),
        // Brackets are written back closed up, whatever their inner spacing (`[ 12 ]`).
        spaced: prefix != "[" && c.get(2).is_some_and(|m| !m.is_empty()),
        separator: separator(written),
        asks: asks(rest.trim()),
        number: c[3].parse().unwrap_or(u64::MAX),
    })
}

/// A number, after an optional prefix (a short word, a letter and a dot, `#` or `[`; a word may
/// be followed by `#` or `No.`: `Question #12`, `Q No. 12`), then a separator (a dash between
/// spaces: `Question 1 — Title`; `]`) or a space.
fn lead_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:(\p{L}[\p{L}\p{M}]{0,11}?\.?(?:\s?#|\s(?i:no)\.)?|#|\[)(\s?))?([0-9]+)(\s*[.。:：)\]]|\s+[-–—](?:\s|$)|\s|$)",
        )
        .expect("static regex")
    })
}

/// Every heading outside `<details>` and block quotes: per level, prefixed (`X12.`) and asking
/// headings.
fn scan_headings(doc: &Document, s: &mut FileScan) {
    for h in doc.headings.iter().filter(|h| !h.in_details && !h.in_quote) {
        let l = h.level as usize;
        s.headings[l] += 1;
        let t = h.text.text.trim();
        if let Some(lead) = number_lead(t).filter(NumberLead::numbers_a_heading) {
            s.prefixed.push((h.level, lead));
        } else if !t.starts_with(|c: char| c.is_ascii_digit()) && asks(t) {
            s.asking[l] += 1;
            if let Some(tail) = suffix_of(t) {
                s.suffixes.push((h.level, tail));
            }
        }
    }
}

/// The separator after a heading's number as the canonical form writes it before ` {title}`:
/// `.`, `。`, `:`, `：`, `)`, `]`, a dash with the space before it (` —`), or nothing (a space
/// alone).
pub(super) fn separator(written: &str) -> &'static str {
    match written.trim() {
        "." => ".",
        "]" => "]",
        "。" => "。",
        "：" => "：",
        ":" => ":",
        ")" => ")",
        "—" => " —",
        "–" => " –",
        "-" => " -",
        _ => "",
    }
}

/// Whether a separator is a full-width one (`。`, `：`), which CJK titles follow without a space.
pub(super) fn full_width(separator: &str) -> bool {
    matches!(separator.trim(), "。" | "：")
}

/// Words that open a question written without a `?`.
const ASKING_WORDS: &[&str] = &[
    "what",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "explain",
    "describe",
    "define",
    "compare",
    "differentiate",
    "distinguish",
    "is",
    "are",
    "can",
    "could",
    "do",
    "does",
    "did",
    "should",
    "would",
    "will",
    "name",
    "list",
    "write",
    "implement",
    "give",
    "tell",
];

/// Whether an unnumbered heading reads as a question.
fn asks(t: &str) -> bool {
    if t.contains('?') || t.contains('？') {
        return true;
    }
    let first: String = t
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    ASKING_WORDS.contains(&first.as_str())
}

/// The last two words after the last ` - ` of a heading (`Google, Meta Interview Question`
/// gives `Interview Question`).
fn suffix_of(t: &str) -> Option<String> {
    let (_, tail) = t.rsplit_once(" - ")?;
    let words: Vec<&str> = tail.split_whitespace().collect();
    (words.len() >= 2).then(|| words[words.len() - 2..].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bare number before a dash or in brackets numbers a heading when the title asks
    /// something and the number counts.
    #[test]
    fn unprefixed_numbers_number_headings_that_ask() {
        let numbers = |t: &str| number_lead(t).is_some_and(|l| l.numbers_a_heading());
        for t in [
            "12 - What is X?",
            "3 – Explain Y",
            "4 — Why Z?",
            "[12] What is X?",
        ] {
            assert!(numbers(t), "{t}");
        }
        for t in [
            "2021 - Year in review",
            "2021 - What changed?",
            "2 - 3 years of experience",
            "1.2 - Release notes",
            "[1] Knuth, The Art of Computer Programming",
            "[2a] What is X?",
            "12 What is X?",
        ] {
            assert!(!numbers(t), "{t}");
        }
        assert!(number_lead("[3. What?").is_none() && number_lead("Q3] What?").is_none());
    }
}
