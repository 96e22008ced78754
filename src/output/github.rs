//! The GitHub format: one Actions workflow command (`::error file=...::message`) per finding.

use std::fmt::Write as _;

use super::with_findings;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::engine::{FileReport, Outcome};

/// Escapes workflow-command data (the message): `%`, CR and LF.
pub fn github_escape_data(s: &str) -> String {
    crate::base::percent::encode_command_data(s)
}

/// A workflow command's property value, escaped (`:` and `,` too).
pub fn github_escape_property(s: &str) -> String {
    crate::base::percent::encode_command_property(s)
}

/// One `::error file=...,line=...::message` line per finding; no summary (see
/// [`render_note`](super::render_note)).
pub(super) fn render(outcome: &Outcome) -> String {
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
