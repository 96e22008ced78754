//! Layer 5, output: the report formats and the rule docs. Uses the engine's report types,
//! rule metadata and `base`; never `detect` or `cli`.
//!
//! Output formats: human (miette graphical reports), concise (one line each), JSON, GitHub
//! Actions workflow commands and SARIF 2.1.0; and `--statistics` (a count per code). `qalint
//! stats` renders in `stats` (human, markdown, JSON, CSV) and `badge` (SVG, shields.io JSON).

use std::fmt::Write as _;

use serde::Serialize;

use crate::base::diagnostic::Severity;
use crate::config::ConfigError;
use crate::engine::{FileReport, Outcome, RunError};

pub mod badge;
mod concise;
pub mod docs;
mod github;
mod human;
mod json;
mod markdown;
mod sarif;
mod statistics;
pub mod stats;

pub use github::{github_escape_data, github_escape_property};
pub use sarif::{help_uri as rule_help_uri, path_uri, rule_source_file};

/// A report format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    /// GitHub Actions workflow commands (`::error file=...::message`), one per finding.
    Github,
    /// SARIF 2.1.0 (one run), for code-scanning services.
    Sarif,
}

impl Format {
    /// Whether `--statistics` has a form in this format (human, concise and JSON do).
    pub fn supports_statistics(self) -> bool {
        matches!(self, Format::Human | Format::Concise | Format::Json)
    }
}

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    pub quiet: bool,
}

/// The report for stdout.
pub fn render(outcome: &Outcome, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(outcome, style),
        Format::Concise => concise::render(outcome, style),
        Format::Json => json::render(outcome),
        Format::Github => github::render(outcome),
        Format::Sarif => sarif::render(outcome),
    }
}

/// What goes to stderr beside the report: the summary line of a format that has no room for it
/// (`github`), unless `--quiet`. Empty for the other formats.
pub fn render_note(outcome: &Outcome, format: Format, style: Style) -> String {
    match format {
        Format::Github if !style.quiet => summary_line(outcome),
        _ => String::new(),
    }
}

/// `--summary-markdown`: a table of findings per code and the summary, in GitHub-flavoured
/// markdown (for a CI job summary such as `$GITHUB_STEP_SUMMARY`).
pub fn render_summary_markdown(outcome: &Outcome) -> String {
    markdown::render(outcome)
}

/// Errors that are not findings, for stderr.
pub fn render_errors(outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    for e in &outcome.errors {
        match e {
            RunError::Path { path, message } => {
                let _ = writeln!(out, "error: `{path}`: {message}");
            }
            RunError::Config(c) => out.push_str(&render_config_error(c, style)),
        }
    }
    out
}

/// The files that have findings, each with its text (read again if it was dropped; one at a
/// time, so a run never holds every text).
fn with_findings(outcome: &Outcome) -> impl Iterator<Item = std::borrow::Cow<'_, FileReport>> {
    outcome
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .map(|f| f.loaded())
}

fn summary_line(outcome: &Outcome) -> String {
    let mut out = summary_lines(outcome).join("\n");
    out.push('\n');
    out
}

/// The summary (`7 errors, 4 warnings in 3 files (29 questions)`), then a line for what a
/// baseline hid and one for what `--changed-since` left out, when they applied.
fn summary_lines(outcome: &Outcome) -> Vec<String> {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        plural(outcome.count(Severity::Error), "error", "errors"),
        plural(outcome.count(Severity::Warning), "warning", "warnings"),
    ];
    let infos = outcome.count(Severity::Info);
    if infos > 0 {
        parts.push(plural(infos, "info", "infos"));
    }
    let mut lines = vec![format!(
        "{} in {} ({})",
        parts.join(", "),
        plural(outcome.files.len(), "file", "files"),
        plural(outcome.questions(), "question", "questions")
    )];
    if let Some(b) = &outcome.baseline {
        let path = relative(std::path::Path::new(&b.path));
        let mut line = format!(
            "{} hidden by the baseline `{path}`",
            plural(b.hidden, "finding", "findings")
        );
        if b.gone > 0 {
            let _ = write!(
                line,
                "; {} no longer {}: refresh it with `--write-baseline {path}`",
                plural(b.gone, "baseline entry", "baseline entries"),
                if b.gone == 1 { "occurs" } else { "occur" }
            );
        }
        lines.push(line);
    }
    if let Some(c) = &outcome.changed {
        lines.push(format!(
            "{} on lines unchanged since `{}` not shown",
            plural(c.hidden, "finding", "findings"),
            c.since
        ));
    }
    lines
}

/// `fixed 3 findings and renumbered 1 question in 2 files` (or "would fix …" for `--diff`).
pub fn fix_summary(outcome: &Outcome, fixed: &str, renumbered: &str) -> String {
    let n =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    format!(
        "{fixed} {} and {renumbered} {} in {}",
        n(outcome.fixed, "finding"),
        n(outcome.renumbered, "question"),
        n(outcome.changes.len(), "file")
    )
}

/// Unified diffs of every changed file (`--diff`).
pub fn render_diff(outcome: &Outcome) -> String {
    let mut out = String::new();
    for c in &outcome.changes {
        let diff = similar::TextDiff::from_lines(&*c.old, &*c.new);
        let _ = write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&format!("a/{}", c.path), &format!("b/{}", c.path))
        );
    }
    out
}

/// Pretty-printed JSON with a final newline.
fn pretty_json(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// `--statistics`: a count per code instead of the findings (`  12  QA101  numbering-gap`) and
/// the summary line (human, concise), or `{"statistics": [...], "summary": {...}}` (JSON).
/// `None` for the formats that have no such form (github, sarif).
pub fn render_statistics(outcome: &Outcome, format: Format, style: Style) -> Option<String> {
    match format {
        Format::Human | Format::Concise => Some(statistics::table(outcome, style)),
        Format::Json => Some(statistics::json(outcome)),
        Format::Github | Format::Sarif => None,
    }
}

/// Render a config error for stderr.
pub fn render_config_error(e: &ConfigError, style: Style) -> String {
    human::config_error(e, style)
}

/// A path for messages: relative to the working directory when it is inside it.
fn relative(p: &std::path::Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(std::path::Path::to_path_buf));
    crate::engine::walk::display(rel.as_deref().unwrap_or(p))
}
