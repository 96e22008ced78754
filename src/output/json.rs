//! The JSON format: findings with their fixes and the summary; the shape of `--statistics` JSON.

use serde::Serialize;

use super::pretty_json;
use crate::base::diagnostic::{Fix, Severity};
use crate::engine::{FileReport, Outcome};

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
pub(super) struct JsonSummary {
    files: usize,
    questions: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Without a config: the convention detected (`none` when nothing was found).
    #[serde(skip_serializing_if = "Option::is_none")]
    convention: Option<String>,
    /// With a baseline: what it hid and how many recorded findings are gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<JsonBaseline>,
    /// With `--changed-since`: the revision and how many findings were left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<JsonChanged>,
}

#[derive(Serialize)]
struct JsonBaseline {
    path: String,
    hidden: usize,
    gone: usize,
}

#[derive(Serialize)]
struct JsonChanged {
    since: String,
    hidden: usize,
}

pub(super) fn render(outcome: &Outcome) -> String {
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

pub(super) fn json_summary(outcome: &Outcome) -> JsonSummary {
    JsonSummary {
        files: outcome.files.len(),
        questions: outcome.questions(),
        errors: outcome.count(Severity::Error),
        warnings: outcome.count(Severity::Warning),
        infos: outcome.count(Severity::Info),
        convention: outcome.convention.clone(),
        baseline: outcome.baseline.as_ref().map(|b| JsonBaseline {
            path: super::relative(std::path::Path::new(&b.path)),
            hidden: b.hidden,
            gone: b.gone,
        }),
        changed: outcome.changed.as_ref().map(|c| JsonChanged {
            since: c.since.clone(),
            hidden: c.hidden,
        }),
    }
}

/// `--statistics --format json` (built in `statistics.rs`).
#[derive(Serialize)]
pub(super) struct JsonStatistics {
    pub(super) statistics: Vec<JsonStat>,
    pub(super) summary: JsonSummary,
}

/// One row of [`JsonStatistics`].
#[derive(Serialize)]
pub(super) struct JsonStat {
    pub(super) code: String,
    pub(super) rule: String,
    pub(super) count: usize,
}
