//! The concise format: one `path:line:col: CODE [severity] message` line per finding.

use super::human::footer;
use super::{Style, with_findings};
use crate::base::diagnostic::Diagnostic;
use crate::engine::{FileReport, Outcome};

pub(super) fn concise_line(f: &FileReport, d: &Diagnostic) -> String {
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

pub(super) fn render(outcome: &Outcome, style: Style) -> String {
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
