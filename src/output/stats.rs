//! `qalint stats`: the counts as a table for people (human), a table for a README (markdown),
//! JSON (stable, documented in README.md) and CSV.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::pretty_json;
use crate::base::diagnostic::excerpt;
use crate::engine::stats::{Counts, FileStats, QuestionStats, SHORTEST, SectionStats, Stats};

/// The version of the JSON form; raised only when a key changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// How to render the counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatsStyle {
    /// One row per section (human, markdown, csv; JSON always has the sections).
    pub sections: bool,
    /// List the shortest answers (human, markdown; JSON always has them).
    pub verbose: bool,
}

/// `--format human`: an aligned table, a row per file (or per section), the total, and what
/// the table has no room for.
pub fn human(stats: &Stats, style: StatsStyle) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        [
            "file",
            "questions",
            "answered",
            "placeholders",
            "stubs",
            "formulas",
            "duplicates",
            "similar",
            "numbers",
            "missing",
            "words",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let cells = |name: String, c: &Counts| -> Vec<String> {
        vec![
            name,
            c.questions.to_string(),
            answered(c),
            c.placeholders.to_string(),
            c.stubs.to_string(),
            c.formulas.to_string(),
            c.duplicates.to_string(),
            c.similar.to_string(),
            c.numbers
                .map_or_else(|| "-".to_string(), |(a, b)| range(a, b)),
            if c.numbers.is_some() {
                c.missing.to_string()
            } else {
                "-".to_string()
            },
            median(c).unwrap_or_else(|| "-".to_string()),
        ]
    };
    for f in stats.with_questions() {
        rows.push(cells(f.path.clone(), &f.counts));
        if style.sections {
            for s in &f.sections {
                rows.push(cells(format!("  {}", section_name(s, 48)), &s.counts));
            }
        }
    }
    let files = stats.with_questions().count();
    rows.push(cells(
        format!("total ({})", plural(files, "file", "files")),
        &stats.total,
    ));
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (ri, r) in rows.iter().enumerate() {
        if ri + 1 == rows.len() && rows.len() > 2 {
            let w: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            let _ = writeln!(out, "{}", "-".repeat(w));
        }
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i > 0 {
                line.push_str("  ");
            }
            // Names and ranges read left to right; counts line up on the right.
            if i == 0 || i == 8 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
    for line in notes(stats) {
        let _ = writeln!(out, "{line}");
    }
    if style.verbose {
        let shortest = stats.shortest(SHORTEST);
        if !shortest.is_empty() {
            let _ = writeln!(out, "\nshortest answers:");
            let w = shortest
                .iter()
                .map(|(_, q)| q.words.to_string().len())
                .max()
                .unwrap_or(1);
            for (f, q) in shortest {
                let _ = writeln!(
                    out,
                    "  {:>w$} {}  {}:{}  {}",
                    q.words,
                    if q.words == 1 { "word " } else { "words" },
                    f.path,
                    q.line,
                    question_name(q, 60)
                );
            }
        }
    }
    out
}

/// The lines under the human table: where stubs point, the duplicate and similar groups, files
/// left out, what `words` means.
fn notes(stats: &Stats) -> Vec<String> {
    let mut out = Vec::new();
    let sites = stats.total.sites_by_count();
    if !sites.is_empty() {
        let list: Vec<String> = sites.iter().map(|(s, n)| format!("{s} ({n})")).collect();
        out.push(format!("stubs point to: {}", list.join(", ")));
    }
    if stats.duplicate_groups > 0 || stats.similar_groups > 0 {
        out.push(format!(
            "{} asked more than once, {} of similar questions",
            plural(stats.duplicate_groups, "title", "titles"),
            plural(stats.similar_groups, "group", "groups")
        ));
    }
    let empty = stats.files.len() - stats.with_questions().count();
    if empty > 0 {
        out.push(format!(
            "{} without questions not shown",
            plural(empty, "file", "files")
        ));
    }
    if !stats.total.words.is_empty() {
        out.push(
            "words: the median number of words of the answered questions (--verbose lists the shortest)"
                .to_string(),
        );
    }
    out
}

/// `--format markdown`: a GitHub-flavoured table for a README, a row per file (or per section,
/// linked to its heading) and the total.
pub fn markdown(stats: &Stats, style: StatsStyle) -> String {
    let mut out = String::new();
    let head = [
        "Questions",
        "Answered",
        "Placeholders",
        "Stubs",
        "With formulas",
        "Duplicates",
        "Similar",
        "Numbers",
        "Median words",
    ];
    let align = [
        "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---", "---:",
    ];
    let counts = |c: &Counts, bold: bool| -> String {
        let b = |s: String| if bold { format!("**{s}**") } else { s };
        let numbers = match c.numbers {
            Some((a, z)) if c.missing > 0 => format!("{}, {} missing", range(a, z), c.missing),
            Some((a, z)) => range(a, z),
            None => "–".to_string(),
        };
        [
            b(c.questions.to_string()),
            b(answered(c)),
            b(c.placeholders.to_string()),
            b(c.stubs.to_string()),
            b(c.formulas.to_string()),
            b(c.duplicates.to_string()),
            b(c.similar.to_string()),
            b(numbers),
            b(median(c).unwrap_or_else(|| "–".to_string())),
        ]
        .join(" | ")
    };
    if style.sections {
        let _ = writeln!(out, "| File | Section | {} |", head.join(" | "));
        let _ = writeln!(out, "|---|---|{}|", align.join("|"));
        for f in stats.with_questions() {
            for (i, s) in f.sections.iter().enumerate() {
                let file = if i == 0 {
                    file_link(&f.path)
                } else {
                    String::new()
                };
                let section = section_link(f, s);
                let _ = writeln!(out, "| {file} | {section} | {} |", counts(&s.counts, false));
            }
        }
        let _ = writeln!(out, "| **Total** | | {} |", counts(&stats.total, true));
    } else {
        let _ = writeln!(out, "| File | {} |", head.join(" | "));
        let _ = writeln!(out, "|---|{}|", align.join("|"));
        for f in stats.with_questions() {
            let _ = writeln!(
                out,
                "| {} | {} |",
                file_link(&f.path),
                counts(&f.counts, false)
            );
        }
        let _ = writeln!(out, "| **Total** | {} |", counts(&stats.total, true));
    }
    if style.verbose {
        let shortest = stats.shortest(SHORTEST);
        if !shortest.is_empty() {
            out.push_str("\nShortest answers:\n\n");
            for (f, q) in shortest {
                let _ = writeln!(
                    out,
                    "- {} ({}) `{}:{}`",
                    escape(&question_name(q, 80)),
                    plural(q.words as usize, "word", "words"),
                    f.path.replace('`', "'"),
                    q.line
                );
            }
        }
    }
    out
}

/// `--format csv`: a header and one row per file (or per section), then the total; `level`
/// says which. RFC 4180 quoting, LF line ends.
pub fn csv(stats: &Stats, style: StatsStyle) -> String {
    let mut out = String::from(
        "level,path,section,line,questions,answered,placeholders,stubs,formulas,duplicates,similar,first,last,missing,median_words\n",
    );
    let row = |out: &mut String, level: &str, path: &str, s: Option<&SectionStats>, c: &Counts| {
        let (first, last) = c.numbers.map_or((String::new(), String::new()), |(a, b)| {
            (a.to_string(), b.to_string())
        });
        let fields = [
            level.to_string(),
            path.to_string(),
            s.and_then(|s| s.title.clone()).unwrap_or_default(),
            s.and_then(|s| s.line)
                .map_or_else(String::new, |l| l.to_string()),
            c.questions.to_string(),
            c.answered.to_string(),
            c.placeholders.to_string(),
            c.stubs.to_string(),
            c.formulas.to_string(),
            c.duplicates.to_string(),
            c.similar.to_string(),
            first,
            last,
            if c.numbers.is_some() {
                c.missing.to_string()
            } else {
                String::new()
            },
            median(c).unwrap_or_default(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    };
    for f in &stats.files {
        if style.sections {
            for s in &f.sections {
                row(&mut out, "section", &f.path, Some(s), &s.counts);
            }
        } else {
            row(&mut out, "file", &f.path, None, &f.counts);
        }
    }
    row(&mut out, "total", "", None, &stats.total);
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The keys every level shares (total, file, section), in this order.
#[derive(Serialize)]
struct JsonCounts<'a> {
    questions: usize,
    answered: usize,
    placeholders: usize,
    stubs: usize,
    formulas: usize,
    duplicates: usize,
    similar: usize,
    numbers: Option<JsonNumbers>,
    words: Option<JsonWords>,
    sites: Vec<JsonSite<'a>>,
}

#[derive(Serialize)]
struct JsonNumbers {
    first: u64,
    last: u64,
    missing: u64,
}

#[derive(Serialize)]
struct JsonWords {
    median: Value,
    min: u32,
    max: u32,
}

#[derive(Serialize)]
struct JsonSite<'a> {
    site: &'a str,
    stubs: usize,
}

#[derive(Serialize)]
struct JsonTotal<'a> {
    files: usize,
    #[serde(flatten)]
    counts: JsonCounts<'a>,
    groups: JsonGroups,
}

#[derive(Serialize)]
struct JsonGroups {
    duplicate: usize,
    similar: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    #[serde(flatten)]
    counts: JsonCounts<'a>,
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    title: Option<&'a str>,
    line: Option<usize>,
    anchor: Option<&'a str>,
    #[serde(flatten)]
    counts: JsonCounts<'a>,
}

#[derive(Serialize)]
struct JsonQuestion<'a> {
    path: &'a str,
    line: usize,
    number: Option<u64>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<u32>,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    version: u32,
    total: JsonTotal<'a>,
    files: Vec<JsonFile<'a>>,
    unanswered: Vec<JsonQuestion<'a>>,
    shortest: Vec<JsonQuestion<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    convention: Option<&'a str>,
}

/// `--format json` (README.md, "qalint stats"): `version`, `total`, `files` (each with its
/// `sections`), `unanswered` and `shortest`; `convention` without a config.
pub fn json(stats: &Stats) -> String {
    fn question<'a>(f: &'a FileStats, q: &'a QuestionStats) -> JsonQuestion<'a> {
        JsonQuestion {
            path: &f.path,
            line: q.line,
            number: q.number,
            title: &q.title,
            kind: None,
            site: None,
            words: None,
        }
    }
    pretty_json(&JsonStats {
        version: JSON_VERSION,
        total: JsonTotal {
            files: stats.files.len(),
            counts: counts_json(&stats.total),
            groups: JsonGroups {
                duplicate: stats.duplicate_groups,
                similar: stats.similar_groups,
            },
        },
        files: stats
            .files
            .iter()
            .map(|f| JsonFile {
                path: &f.path,
                counts: counts_json(&f.counts),
                sections: f
                    .sections
                    .iter()
                    .map(|s| JsonSection {
                        title: s.title.as_deref(),
                        line: s.line,
                        anchor: s.anchor.as_deref(),
                        counts: counts_json(&s.counts),
                    })
                    .collect(),
            })
            .collect(),
        unanswered: stats
            .unanswered()
            .map(|(f, q)| JsonQuestion {
                kind: Some(q.kind.as_str()),
                site: q.site.as_deref(),
                ..question(f, q)
            })
            .collect(),
        shortest: stats
            .shortest(SHORTEST)
            .into_iter()
            .map(|(f, q)| JsonQuestion {
                words: Some(q.words),
                ..question(f, q)
            })
            .collect(),
        convention: stats.convention.as_deref(),
    })
}

fn counts_json(c: &Counts) -> JsonCounts<'_> {
    JsonCounts {
        questions: c.questions,
        answered: c.answered,
        placeholders: c.placeholders,
        stubs: c.stubs,
        formulas: c.formulas,
        duplicates: c.duplicates,
        similar: c.similar,
        numbers: c.numbers.map(|(first, last)| JsonNumbers {
            first,
            last,
            missing: c.missing,
        }),
        words: c.median_words().map(|m| JsonWords {
            median: number(m),
            min: c.words.first().copied().unwrap_or(0),
            max: c.words.last().copied().unwrap_or(0),
        }),
        sites: c
            .sites_by_count()
            .into_iter()
            .map(|(site, stubs)| JsonSite { site, stubs })
            .collect(),
    }
}

/// A whole number as a JSON integer, else as a float (a median may be `12.5`).
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && (0.0..9.0e15).contains(&x) {
        Value::from(x as u64)
    } else {
        Value::from(x)
    }
}

fn answered(c: &Counts) -> String {
    match c.answered_percent() {
        Some(p) => format!("{} ({p}%)", c.answered),
        None => c.answered.to_string(),
    }
}

fn median(c: &Counts) -> Option<String> {
    c.median_words().map(|m| {
        if m.fract() == 0.0 {
            format!("{m:.0}")
        } else {
            format!("{m:.1}")
        }
    })
}

fn range(a: u64, b: u64) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn section_name(s: &SectionStats, max: usize) -> String {
    match &s.title {
        Some(t) if !t.is_empty() => excerpt(t, max),
        Some(_) => "(untitled heading)".to_string(),
        None => "(before any heading)".to_string(),
    }
}

/// `Q5 What is DNS?`, or the title alone for an unnumbered question.
fn question_name(q: &QuestionStats, max: usize) -> String {
    let name = match (&q.label, q.title.trim()) {
        (Some(l), "") => l.clone(),
        (Some(l), t) => format!("{l} {t}"),
        (None, t) => t.to_string(),
    };
    excerpt(&name, max)
}

/// A markdown table cell: `|` escaped, brackets escaped (it may be link text), one line.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '[' | ']' | '\\' | '<' | '>' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Where a README beside the working directory reaches `path`: relative paths inside it only.
fn link_target(path: &str) -> Option<String> {
    let p = std::path::Path::new(path);
    let inside = p.is_relative()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    inside.then(|| crate::base::percent::encode_path(&path.replace('\\', "/")))
}

fn file_link(path: &str) -> String {
    match link_target(path) {
        Some(t) => format!("[{}]({t})", escape(path)),
        None => escape(path),
    }
}

fn section_link(f: &FileStats, s: &SectionStats) -> String {
    let name = escape(&section_name(s, 80));
    match (link_target(&f.path), &s.anchor) {
        (Some(t), Some(a)) => format!("[{name}]({t}#{})", crate::base::percent::encode_path(a)),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("a"), "a");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn links_stay_inside_the_working_directory() {
        assert_eq!(link_target("docs/a b.md").as_deref(), Some("docs/a%20b.md"));
        assert_eq!(link_target("../a.md"), None);
        assert_eq!(link_target("/abs/a.md"), None);
    }

    #[test]
    fn cells_escape_table_and_link_syntax() {
        assert_eq!(escape("a|b [c]\nd"), "a\\|b \\[c\\] d");
    }
}
