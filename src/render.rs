//! Output formats: human (miette graphical reports), concise (one line each) and JSON.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;

use crate::config::ConfigError;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::engine::{FileReport, Outcome, RunError};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
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
        Format::Human => human(outcome, style),
        Format::Concise => concise(outcome, style),
        Format::Json => json(outcome),
    }
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

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1)
}

fn summary_line(outcome: &Outcome) -> String {
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
    format!(
        "{} in {} ({})\n",
        parts.join(", "),
        plural(outcome.files.len(), "file", "files"),
        plural(outcome.questions(), "question", "questions")
    )
}

fn human(outcome: &Outcome, style: Style) -> String {
    let handler = handler(style);
    let sources: HashMap<&str, &FileReport> =
        outcome.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let report = Report::new(d, f, &sources);
            if handler.render_report(&mut out, &report).is_err() {
                let _ = writeln!(out, "{}", concise_line(f, d));
            }
        }
    }
    if !style.quiet {
        out.push_str(&footer(outcome));
    }
    out
}

/// The legend for fix marks (when any finding is fixable), what was fixed, and the summary.
fn footer(outcome: &Outcome) -> String {
    let fixes = || {
        outcome
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter_map(|d| d.fix.as_ref())
    };
    let safe = fixes()
        .filter(|f| f.applicability == Applicability::Safe)
        .count();
    let unsafe_ = fixes()
        .filter(|f| f.applicability == Applicability::Unsafe)
        .count();
    let mut out = String::new();
    if outcome.fixed > 0 || outcome.renumbered > 0 {
        let files = outcome.changes.len();
        let _ = writeln!(
            out,
            "fixed {} finding{} and renumbered {} question{} in {} file{}",
            outcome.fixed,
            if outcome.fixed == 1 { "" } else { "s" },
            outcome.renumbered,
            if outcome.renumbered == 1 { "" } else { "s" },
            files,
            if files == 1 { "" } else { "s" }
        );
    }
    if safe > 0 || unsafe_ > 0 {
        let _ = writeln!(
            out,
            "[*] {safe} fixable with `qalint check --fix`; [~] {unsafe_} more with `--fix --unsafe-fixes`"
        );
    }
    out.push_str(&summary_line(outcome));
    out
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

fn concise_line(f: &FileReport, d: &Diagnostic) -> String {
    let p = f.lines.position(&f.source, d.span.start);
    format!(
        "{}:{}:{}: {} [{}] {}",
        f.path,
        p.line,
        p.column,
        d.rule.code,
        d.severity.as_str(),
        d.message
    )
}

fn concise(outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            out.push_str(&concise_line(f, d));
            out.push('\n');
        }
    }
    if !style.quiet {
        out.push_str(&footer(outcome));
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonFix {
    applicability: &'static str,
    description: String,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: String,
}

fn json_fix(f: &FileReport, fix: &Fix) -> JsonFix {
    JsonFix {
        applicability: fix.applicability.as_str(),
        description: fix.title.clone(),
        edits: fix
            .edits
            .iter()
            .map(|e| {
                let a = f.lines.position(&f.source, e.range.start);
                let b = f.lines.position(&f.source, e.range.end);
                JsonEdit {
                    line: a.line,
                    column: a.column,
                    end_line: b.line,
                    end_column: b.column,
                    content: e.content.clone(),
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    questions: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn json(outcome: &Outcome) -> String {
    let mut diagnostics = Vec::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let start = f.lines.position(&f.source, d.span.start);
            let end = f.lines.position(&f.source, d.span.end);
            diagnostics.push(JsonDiagnostic {
                code: d.rule.code,
                rule: d.rule.name,
                severity: d.severity.as_str(),
                path: &f.path,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                message: &d.message,
                help: d.help.as_deref(),
                fix: d.fix.as_ref().map(|fx| json_fix(f, fx)),
            });
        }
    }
    let report = JsonReport {
        version: 1,
        diagnostics,
        summary: JsonSummary {
            files: outcome.files.len(),
            questions: outcome.questions(),
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            infos: outcome.count(Severity::Info),
        },
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// miette adapters.

/// One finding as a miette diagnostic over its file's text.
#[derive(Debug)]
struct Report<'a> {
    d: &'a Diagnostic,
    help: Option<String>,
    code: String,
    source: Option<NamedSource<Arc<str>>>,
    /// `path:line:col`, said in the message when there is no snippet to show it.
    location: Option<String>,
    related: Vec<RelatedReport>,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, f: &FileReport, sources: &HashMap<&str, &FileReport>) -> Self {
        let related = d
            .related
            .iter()
            .map(|r| {
                let other = sources.get(r.path.as_str());
                let span = other.map(|o| {
                    let start = o.lines.line_start(r.line.saturating_sub(1));
                    let line = o.lines.line_range(&o.source, r.line.saturating_sub(1));
                    let end = line.end.max(start);
                    (start + col_offset(&o.source[start..end], r.column))..end
                });
                RelatedReport {
                    message: format!("{} at {}:{}:{}", r.message, r.path, r.line, r.column),
                    label: r.message.clone(),
                    source: other.map(|o| {
                        NamedSource::new(r.path.clone(), o.source.clone()).with_language("markdown")
                    }),
                    span,
                }
            })
            .collect();
        let has_snippet = (!f.source.is_empty() || d.span.end > 0) && snippet_fits(d, f);
        let help = match (&d.help, &d.fix) {
            (Some(h), Some(fx)) => Some(format!("{h}\nfix{}: {}", mark(fx), fx.title)),
            (None, Some(fx)) => Some(format!("fix{}: {}", mark(fx), fx.title)),
            (h, None) => h.clone(),
        };
        Report {
            d,
            help,
            code: match d.fix.as_ref().map(mark) {
                Some(m) if !m.is_empty() => format!("{} {}{m}", d.rule.code, d.rule.name),
                _ => format!("{} {}", d.rule.code, d.rule.name),
            },
            source: has_snippet.then(|| NamedSource::new(f.path.clone(), f.source.clone())),
            location: (!has_snippet && !f.source.is_empty()).then(|| {
                let p = f.lines.position(&f.source, d.span.start);
                format!("{}:{}:{}", f.path, p.line, p.column)
            }),
            related,
        }
    }
}

/// Whether every labelled line is short enough to draw: the graphical handler pads with
/// `{:width$}`, which cannot exceed 65535 columns (a tab counts as 4). Longer lines get no snippet.
fn snippet_fits(d: &Diagnostic, f: &FileReport) -> bool {
    const MAX_LINE_BYTES: usize = 16_000;
    std::iter::once(&d.span)
        .chain(d.labels.iter().map(|l| &l.span))
        .all(|span| {
            [span.start, span.end].iter().all(|&off| {
                let line = f.lines.line_of(off.min(f.source.len()));
                f.lines.line_range(&f.source, line).len() <= MAX_LINE_BYTES
            })
        })
}

/// ` [*]` for a safe fix, ` [~]` for an unsafe one.
fn mark(fix: &Fix) -> &'static str {
    match fix.applicability {
        Applicability::Safe => " [*]",
        Applicability::Unsafe => " [~]",
        Applicability::DisplayOnly => "",
    }
}

fn col_offset(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{} (at {loc})", self.d.message),
            None => f.write_str(&self.d.message),
        }
    }
}

impl std::error::Error for Report<'_> {}

fn span(r: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::new(r.start.into(), r.end.saturating_sub(r.start))
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(self.d.label.clone(), span(&self.d.span));
        let rest = self
            .d
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), span(&l.span)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// Another location a finding refers to, shown as an advice with its own snippet.
#[derive(Debug)]
struct RelatedReport {
    message: String,
    label: String,
    source: Option<NamedSource<Arc<str>>>,
    span: Option<std::ops::Range<usize>>,
}

impl std::fmt::Display for RelatedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedReport {}

impl miette::Diagnostic for RelatedReport {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.span.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            span(s),
        ))))
    }
}

/// A config error, with the config file's snippet when there is one.
#[derive(Debug)]
struct ConfigReport<'a> {
    e: &'a ConfigError,
    source: Option<NamedSource<Arc<str>>>,
}

impl std::fmt::Display for ConfigReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.e.path {
            Some(p) if self.source.is_none() => {
                write!(f, "{} (in `{}`)", self.e.message, relative(p))
            }
            _ => f.write_str(&self.e.message),
        }
    }
}

impl std::error::Error for ConfigReport<'_> {}

impl miette::Diagnostic for ConfigReport<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new("config"))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.e
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let s = self.e.span.clone().unwrap_or(0..0);
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), span(&s)),
        )))
    }
}

/// Render a config error for stderr.
pub fn render_config_error(e: &ConfigError, style: Style) -> String {
    let source = match (&e.path, &e.text, &e.span) {
        (Some(p), Some(t), Some(_)) => Some(NamedSource::new(relative(p), t.clone())),
        _ => None,
    };
    let report = ConfigReport { e, source };
    let mut out = String::new();
    if handler(style).render_report(&mut out, &report).is_err() {
        let _ = writeln!(out, "error: {report}");
    }
    out
}

/// A path for messages: relative to the working directory when it is inside it.
fn relative(p: &std::path::Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(std::path::Path::to_path_buf));
    crate::walk::display(rel.as_deref().unwrap_or(p))
}
