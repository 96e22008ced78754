//! Layer 5, output: the report formats and the rule docs. Uses the engine's report types,
//! rule metadata and `base`; never `detect` or `cli`.
//!
//! Output formats: human (miette graphical reports), concise (one line each), JSON, GitHub
//! Actions workflow commands and SARIF 2.1.0; and `--statistics` (a count per code).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;

use crate::base::diagnostic::{Applicability, Diagnostic, Fix, RuleRef, Severity};
use crate::config::ConfigError;
use crate::engine::{FileReport, Outcome, RunError};
use crate::rules::{REGISTRY, RuleMeta};

pub mod docs;

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
        Format::Human => human(outcome, style),
        Format::Concise => concise(outcome, style),
        Format::Json => json(outcome),
        Format::Github => github(outcome),
        Format::Sarif => sarif(outcome),
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

fn concise_line(f: &FileReport, d: &Diagnostic) -> String {
    let p = f.lines.position(&f.source, d.span.start);
    format!(
        "{}:{}:{}: {} [{}] {}",
        f.path,
        p.line,
        p.column,
        d.rule.code(),
        d.severity.as_str(),
        d.message
    )
}

fn concise(outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    for f in with_findings(outcome) {
        let f = &*f;
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
    code: &'a str,
    rule: &'a str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix>,
    /// Other places the finding refers to (another file's question); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
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
    for report in outcome.files.iter().filter(|f| !f.diagnostics.is_empty()) {
        let f = &*report.loaded();
        for d in &report.diagnostics {
            let start = f.lines.position(&f.source, d.span.start);
            let end = f.lines.position(&f.source, d.span.end);
            diagnostics.push(JsonDiagnostic {
                code: d.rule.code(),
                rule: d.rule.name(),
                severity: d.severity.as_str(),
                path: &report.path,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                message: &d.message,
                help: d.help.as_deref(),
                fix: d.fix.as_ref().map(|fx| json_fix(f, fx)),
                related: d
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        path: &r.path,
                        line: r.line,
                        column: r.column,
                        message: &r.message,
                    })
                    .collect(),
            });
        }
    }
    let report = JsonReport {
        version: 1,
        diagnostics,
        summary: json_summary(outcome),
    };
    pretty_json(&report)
}

fn json_summary(outcome: &Outcome) -> JsonSummary {
    JsonSummary {
        files: outcome.files.len(),
        questions: outcome.questions(),
        errors: outcome.count(Severity::Error),
        warnings: outcome.count(Severity::Warning),
        infos: outcome.count(Severity::Info),
    }
}

/// Pretty-printed JSON with a final newline.
fn pretty_json(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// --statistics.

/// One row of `--statistics`.
struct Stat {
    code: String,
    rule: String,
    count: usize,
}

/// A count per code, by count (descending) then code.
fn statistics_rows(outcome: &Outcome) -> Vec<Stat> {
    let mut by_code: BTreeMap<&str, Stat> = BTreeMap::new();
    for d in outcome.files.iter().flat_map(|f| &f.diagnostics) {
        by_code
            .entry(d.rule.code())
            .or_insert_with(|| Stat {
                code: d.rule.code().to_string(),
                rule: d.rule.name().to_string(),
                count: 0,
            })
            .count += 1;
    }
    let mut rows: Vec<Stat> = by_code.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    rows
}

#[derive(Serialize)]
struct JsonStatistics {
    statistics: Vec<JsonStat>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonStat {
    code: String,
    rule: String,
    count: usize,
}

/// `--statistics`: a count per code instead of the findings (`  12  QA101  numbering-gap`) and
/// the summary line (human, concise), or `{"statistics": [...], "summary": {...}}` (JSON).
/// `None` for the formats that have no such form (github, sarif).
pub fn render_statistics(outcome: &Outcome, format: Format, style: Style) -> Option<String> {
    let rows = statistics_rows(outcome);
    match format {
        Format::Human | Format::Concise => {
            let count_w = rows
                .iter()
                .map(|r| r.count.to_string().len())
                .max()
                .unwrap_or(0)
                .max(4);
            let code_w = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
            let mut out = String::new();
            for r in &rows {
                let _ = writeln!(
                    out,
                    "{:>count_w$}  {:<code_w$}  {}",
                    r.count, r.code, r.rule
                );
            }
            if !style.quiet {
                out.push_str(&summary_line(outcome));
            }
            Some(out)
        }
        Format::Json => Some(pretty_json(&JsonStatistics {
            statistics: rows
                .iter()
                .map(|r| JsonStat {
                    code: r.code.clone(),
                    rule: r.rule.clone(),
                    count: r.count,
                })
                .collect(),
            summary: json_summary(outcome),
        })),
        Format::Github | Format::Sarif => None,
    }
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions workflow commands.

/// Escapes workflow-command data (the message): `%`, CR and LF.
pub fn github_escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow-command property value: as data, and `:` and `,` too.
pub fn github_escape_property(s: &str) -> String {
    github_escape_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// One `::error file=...,line=...::message` line per finding; no summary (see [`render_note`]).
fn github(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in with_findings(outcome) {
        let f = &*f;
        for d in &f.diagnostics {
            out.push_str(&github_line(f, d));
            out.push('\n');
        }
    }
    out
}

fn github_line(f: &FileReport, d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let start = f.lines.position(&f.source, d.span.start);
    let end_offset = d.span.end.max(d.span.start);
    let mut end = f.lines.position(&f.source, end_offset);
    if end.line > start.line && end.column == 1 {
        // A span that takes its line's newline ends on that line, not at the next one's start.
        end = f.lines.position(&f.source, end_offset - 1);
    }
    let mut props = format!(
        "file={},line={}",
        github_escape_property(&f.path),
        start.line
    );
    if start.line == end.line {
        // GitHub accepts columns only for a single-line annotation.
        let _ = write!(
            props,
            ",col={},endLine={},endColumn={}",
            start.column, end.line, end.column
        );
    } else {
        let _ = write!(props, ",endLine={}", end.line);
    }
    let title = format!("{} {}", d.rule.code(), d.rule.name());
    let _ = write!(props, ",title={}", github_escape_property(&title));
    format!("::{command} {props}::{}", github_escape_data(&d.message))
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0.

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/qalint/qalint";
/// Rules link to their source file, whose top doc comment is their documentation.
const SOURCE_URI: &str = "https://github.com/qalint/qalint/blob/main/";

/// The registry entry of a built-in rule (`None` for a custom rule).
fn registered(meta: &RuleMeta) -> Option<&'static crate::rules::RegistryEntry> {
    REGISTRY.iter().find(|e| e.meta.code == meta.code)
}

/// The file that defines a registered rule, from the repository root
/// (`src/rules/numbering/qa101_numbering_gap.rs`); `None` for a custom rule.
pub fn rule_source_file(meta: &RuleMeta) -> Option<&'static str> {
    registered(meta).map(|e| e.path)
}

/// A rule's documentation: the `//!` comment at the top of its file, without the title line.
fn rule_doc(meta: &RuleMeta) -> String {
    let Some(entry) = registered(meta) else {
        return String::new();
    };
    let doc = docs::module_doc(entry.source);
    doc.trim_end()
        .split_once("\n\n")
        .map_or("", |(_, body)| body)
        .trim()
        .to_string()
}

/// The first paragraph of a rule's documentation on one line, without its `**What it does.**`.
fn first_paragraph(doc: &str) -> String {
    let para = doc.split("\n\n").next().unwrap_or("");
    let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
    para.strip_prefix("**What it does.** ")
        .unwrap_or(&para)
        .to_string()
}

/// A path as a URI reference. A relative path stays relative, with every byte outside RFC 3986's
/// unreserved and sub-delimiter characters, `/` and `@` percent-encoded (`:` too, so `a:b.md` is
/// not read as a scheme); an absolute path becomes a `file://` URI.
pub fn path_uri(path: &str) -> String {
    fn encode(out: &mut String, s: &str) {
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=/@".contains(&b) {
                out.push(b as char);
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    let mut out = String::new();
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        out.push_str("file://");
        encode(&mut out, path);
    } else if cfg!(windows)
        && bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        out.push_str("file:///");
        out.push_str(&path[..2]);
        encode(&mut out, &path[2..]);
    } else {
        encode(&mut out, path);
    }
    out
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<SarifRun>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    tool: SarifTool,
    invocations: Vec<SarifInvocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDriver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<SarifRule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: String,
    name: String,
    short_description: SarifText,
    full_description: SarifText,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<SarifMarkdown>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: SarifConfiguration,
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

impl SarifText {
    fn new(text: impl Into<String>) -> Self {
        SarifText { text: text.into() }
    }
}

#[derive(Serialize)]
struct SarifMarkdown {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct SarifConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifInvocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<SarifNotification>,
}

#[derive(Serialize)]
struct SarifNotification {
    level: &'static str,
    message: SarifText,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: SarifText,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<SarifText>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysicalLocation {
    artifact_location: SarifArtifactLocation,
    region: SarifRegion,
}

#[derive(Serialize)]
struct SarifArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: SarifText,
    artifact_changes: Vec<SarifArtifactChange>,
    properties: SarifFixProperties,
}

#[derive(Serialize)]
struct SarifFixProperties {
    /// `safe` (applied by `--fix`), `unsafe` (`--unsafe-fixes`) or `display-only`.
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifArtifactChange {
    artifact_location: SarifArtifactLocation,
    replacements: Vec<SarifReplacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifReplacement {
    deleted_region: SarifRegion,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<SarifText>,
}

/// The rules of the run: the registry in code order, then any other rule a finding names
/// (custom rules), by code.
fn sarif_rule_metas(outcome: &Outcome) -> Vec<RuleRef> {
    let mut metas: Vec<RuleRef> = REGISTRY.iter().map(|e| RuleRef::Builtin(e.meta)).collect();
    let mut extra: BTreeMap<String, RuleRef> = BTreeMap::new();
    for d in outcome.files.iter().flat_map(|f| &f.diagnostics) {
        if !metas.iter().any(|m| m.code() == d.rule.code()) {
            extra
                .entry(d.rule.code().to_string())
                .or_insert_with(|| d.rule.clone());
        }
    }
    metas.extend(extra.into_values());
    metas
}

fn sarif_rule(rule: &RuleRef) -> SarifRule {
    let doc = rule.builtin().map(rule_doc).unwrap_or_default();
    let full = first_paragraph(&doc);
    SarifRule {
        id: rule.code().to_string(),
        name: rule.name().to_string(),
        short_description: SarifText::new(rule.summary()),
        full_description: SarifText::new(if full.is_empty() {
            rule.summary().to_string()
        } else {
            full
        }),
        help: (!doc.is_empty()).then(|| SarifMarkdown {
            text: doc.clone(),
            markdown: doc,
        }),
        help_uri: rule
            .builtin()
            .and_then(rule_source_file)
            .map(|f| format!("{SOURCE_URI}{f}")),
        default_configuration: SarifConfiguration {
            level: sarif_level(rule.default_severity()),
        },
    }
}

fn sarif_region(f: &FileReport, span: &Range<usize>) -> SarifRegion {
    let a = f.lines.position(&f.source, span.start);
    let b = f.lines.position(&f.source, span.end.max(span.start));
    SarifRegion {
        start_line: a.line,
        start_column: a.column,
        end_line: Some(b.line),
        end_column: Some(b.column),
    }
}

fn sarif_location(uri: &str, region: SarifRegion, message: Option<&str>) -> SarifLocation {
    SarifLocation {
        physical_location: SarifPhysicalLocation {
            artifact_location: SarifArtifactLocation {
                uri: uri.to_string(),
            },
            region,
        },
        message: message.map(SarifText::new),
    }
}

fn sarif_result(f: &FileReport, uri: &str, d: &Diagnostic, rule_index: usize) -> SarifResult {
    let mut related: Vec<SarifLocation> = d
        .labels
        .iter()
        .map(|l| sarif_location(uri, sarif_region(f, &l.span), Some(&l.text)))
        .collect();
    related.extend(d.related.iter().map(|r| {
        let region = SarifRegion {
            start_line: r.line.max(1),
            start_column: r.column.max(1),
            end_line: None,
            end_column: None,
        };
        sarif_location(&path_uri(&r.path), region, Some(&r.message))
    }));
    let fixes = d
        .fix
        .iter()
        .filter(|fx| !fx.edits.is_empty())
        .map(|fx| SarifFix {
            description: SarifText::new(fx.title.clone()),
            artifact_changes: vec![SarifArtifactChange {
                artifact_location: SarifArtifactLocation {
                    uri: uri.to_string(),
                },
                replacements: fx
                    .edits
                    .iter()
                    .map(|e| SarifReplacement {
                        deleted_region: sarif_region(f, &e.range),
                        inserted_content: (!e.content.is_empty())
                            .then(|| SarifText::new(e.content.clone())),
                    })
                    .collect(),
            }],
            properties: SarifFixProperties {
                applicability: fx.applicability.as_str(),
            },
        })
        .collect();
    SarifResult {
        rule_id: d.rule.code().to_string(),
        rule_index,
        level: sarif_level(d.severity),
        message: SarifText::new(d.message.clone()),
        locations: vec![sarif_location(
            uri,
            sarif_region(f, &d.span),
            d.label.as_deref(),
        )],
        related_locations: related,
        fixes,
    }
}

fn sarif(outcome: &Outcome) -> String {
    let metas = sarif_rule_metas(outcome);
    let index: HashMap<&str, usize> = metas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.code(), i))
        .collect();
    let mut results = Vec::new();
    for f in with_findings(outcome) {
        let f = &*f;
        let uri = path_uri(&f.path);
        for d in &f.diagnostics {
            results.push(sarif_result(f, &uri, d, index[d.rule.code()]));
        }
    }
    let mut notifications: Vec<String> = outcome
        .errors
        .iter()
        .map(|e| match e {
            RunError::Path { path, message } => format!("`{path}`: {message}"),
            RunError::Config(c) => match &c.path {
                Some(p) => format!("{} (in `{}`)", c.message, relative(p)),
                None => c.message.clone(),
            },
        })
        .collect();
    notifications.sort();
    let log = SarifLog {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: vec![SarifRun {
            tool: SarifTool {
                driver: SarifDriver {
                    name: "qalint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: metas.iter().map(sarif_rule).collect(),
                },
            },
            invocations: vec![SarifInvocation {
                execution_successful: outcome.errors.is_empty(),
                tool_execution_notifications: notifications
                    .into_iter()
                    .map(|text| SarifNotification {
                        level: "error",
                        message: SarifText::new(text),
                    })
                    .collect(),
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    pretty_json(&log)
}

// ---------------------------------------------------------------------------------------------
// miette adapters.

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
    crate::engine::walk::display(rel.as_deref().unwrap_or(p))
}
