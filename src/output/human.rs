//! The human format: miette graphical reports with snippets, the footer, and config errors.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::concise::concise_line;
use super::{Style, fix_summary, relative, summary_line, with_findings};
use crate::base::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::config::ConfigError;
use crate::engine::{FileReport, Outcome};

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

pub(super) fn render(outcome: &Outcome, style: Style) -> String {
    let handler = handler(style);
    let mut sources = TextCache {
        files: outcome.files.iter().map(|f| (f.path.as_str(), f)).collect(),
        texts: HashMap::new(),
        bytes: 0,
    };
    let mut out = String::new();
    for f in with_findings(outcome) {
        let f = &*f;
        for d in &f.diagnostics {
            let report = Report::new(d, f, &mut sources);
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
pub(super) fn footer(outcome: &Outcome) -> String {
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
        let _ = writeln!(out, "{}", fix_summary(outcome, "fixed", "renumbered"));
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

/// One finding as a miette diagnostic over its file's text.
#[derive(Debug)]
struct Report<'a> {
    d: &'a Diagnostic,
    /// Secondary labels close enough to share the primary's snippet.
    near: Vec<crate::base::diagnostic::Label>,
    help: Option<String>,
    code: String,
    source: Option<IndexedSource>,
    /// `path:line:col`, said in the message when there is no snippet to show it.
    location: Option<String>,
    related: Vec<RelatedReport>,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, f: &FileReport, sources: &mut TextCache) -> Self {
        // A secondary label far from the primary one gets its own snippet: one snippet over
        // hundreds of lines helps nobody (and is slow to draw).
        let primary_line = f.lines.line_of(d.span.start.min(f.source.len()));
        let (near, far): (Vec<_>, Vec<_>) = d.labels.iter().partition(|l| {
            f.lines
                .line_of(l.span.start.min(f.source.len()))
                .abs_diff(primary_line)
                <= MAX_LABEL_DISTANCE
        });
        let far_reports = far.into_iter().map(|l| {
            let p = f.lines.position(&f.source, l.span.start);
            RelatedReport {
                message: format!("{} at {}:{}:{}", l.text, f.path, p.line, p.column),
                label: l.text.clone(),
                source: Some(indexed(f)),
                span: Some(l.span.clone()),
            }
        });
        let related = d
            .related
            .iter()
            .map(|r| {
                let other = sources.get(r.path.as_str());
                let span = other.as_ref().map(|o| {
                    let start = o.lines.line_start(r.line.saturating_sub(1));
                    let line = o.lines.line_range(&o.text, r.line.saturating_sub(1));
                    let end = line.end.max(start);
                    (start + col_offset(&o.text[start..end], r.column))..end
                });
                RelatedReport {
                    message: format!("{} at {}:{}:{}", r.message, r.path, r.line, r.column),
                    label: r.message.clone(),
                    source: other,
                    span,
                }
            })
            .chain(far_reports)
            .collect();
        let has_snippet = (!f.source.is_empty() || d.span.end > 0) && snippet_fits(d, f);
        let help = match (&d.help, &d.fix) {
            (Some(h), Some(fx)) => Some(format!("{h}\nfix{}: {}", mark(fx), fx.title)),
            (None, Some(fx)) => Some(format!("fix{}: {}", mark(fx), fx.title)),
            (h, None) => h.clone(),
        };
        Report {
            d,
            near: near.into_iter().cloned().collect(),
            help,
            code: match d.fix.as_deref().map(mark) {
                Some(m) if !m.is_empty() => format!("{} {}{m}", d.rule.code(), d.rule.name()),
                _ => format!("{} {}", d.rule.code(), d.rule.name()),
            },
            source: has_snippet.then(|| indexed(f)),
            location: (!has_snippet && !f.source.is_empty()).then(|| {
                let p = f.lines.position(&f.source, d.span.start);
                format!("{}:{}:{}", f.path, p.line, p.column)
            }),
            related,
        }
    }
}

/// A file's text for miette, with our line index: miette's own `str` source scans the text from
/// its start for every label (quadratic on files with many findings); this one hands it only the
/// lines around the span.
#[derive(Debug, Clone)]
struct IndexedSource {
    name: String,
    text: Arc<str>,
    lines: Arc<crate::model::line_index::LineIndex>,
}

impl miette::SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let len = self.text.len();
        let start = span.offset().min(len);
        let end = (span.offset() + span.len()).min(len);
        let first = self.lines.line_of(start).saturating_sub(before + 1);
        let last = (self.lines.line_of(end) + after + 2).min(self.lines.line_count());
        // Clamped: a text read again for rendering may be empty (the file changed since).
        let to = if last >= self.lines.line_count() {
            len
        } else {
            self.lines.line_start(last).min(len)
        };
        let from = self.lines.line_start(first).min(to);
        let window = &self.text.as_bytes()[from..to];
        let local = SourceSpan::new((start - from).into(), end - start);
        let inner = <[u8] as miette::SourceCode>::read_span(window, &local, before, after)?;
        let shifted = SourceSpan::new((inner.span().offset() + from).into(), inner.span().len());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            shifted,
            inner.line() + first,
            inner.column(),
            inner.line_count(),
        )))
    }
}

fn indexed(f: &FileReport) -> IndexedSource {
    IndexedSource {
        name: f.path.clone(),
        text: f.source.clone(),
        lines: f.lines.clone(),
    }
}

/// The texts of the files that related locations point into, each read once while the total
/// stays under a budget (then the cache starts over): a check run has dropped them.
struct TextCache<'a> {
    files: HashMap<&'a str, &'a FileReport>,
    texts: HashMap<&'a str, IndexedSource>,
    bytes: usize,
}

impl<'a> TextCache<'a> {
    const BUDGET: usize = 32 << 20;

    fn get(&mut self, path: &str) -> Option<IndexedSource> {
        let (&key, &f) = self.files.get_key_value(path)?;
        if let Some(s) = self.texts.get(key) {
            return Some(s.clone());
        }
        let text = f.text();
        if text.is_empty() && f.lines.line_count() > 1 {
            return None; // changed or gone since it was linted
        }
        if self.bytes + text.len() > Self::BUDGET {
            self.texts.clear();
            self.bytes = 0;
        }
        self.bytes += text.len();
        let s = IndexedSource {
            name: f.path.clone(),
            text,
            lines: f.lines.clone(),
        };
        self.texts.insert(key, s.clone());
        Some(s)
    }
}

/// How many lines a secondary label may be from the primary one and share its snippet.
const MAX_LABEL_DISTANCE: usize = 12;

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
            .near
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
    source: Option<IndexedSource>,
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

/// A config error for stderr.
pub(super) fn config_error(e: &ConfigError, style: Style) -> String {
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
