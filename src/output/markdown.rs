//! `--summary-markdown FILE`: findings per code as a markdown table, then the summary, for a CI
//! job summary (the GitHub Action appends it to `$GITHUB_STEP_SUMMARY`). Written beside the
//! report of any format, so one run gives both the annotations and the table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::summary_lines;
use crate::base::diagnostic::Severity;
use crate::engine::Outcome;

/// One row: a code, its rule, its highest severity and its count.
struct Row<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    count: usize,
}

pub(super) fn render(outcome: &Outcome) -> String {
    let mut by_code: BTreeMap<&str, Row> = BTreeMap::new();
    for d in outcome.files.iter().flat_map(|f| &f.diagnostics) {
        let row = by_code.entry(d.rule.code()).or_insert_with(|| Row {
            code: d.rule.code(),
            rule: d.rule.name(),
            severity: d.severity,
            count: 0,
        });
        row.count += 1;
        row.severity = row.severity.max(d.severity);
    }
    let mut rows: Vec<Row> = by_code.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(b.code)));
    let mut out = String::from("### qalint\n\n");
    if rows.is_empty() {
        out.push_str("No findings.\n\n");
    } else {
        out.push_str("| Code | Rule | Severity | Findings |\n|---|---|---|---:|\n");
        for r in &rows {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                cell(r.code),
                cell(r.rule),
                r.severity.as_str(),
                r.count
            );
        }
        let total: usize = rows.iter().map(|r| r.count).sum();
        let _ = writeln!(out, "| | **Total** | | **{total}** |\n");
    }
    for line in summary_lines(outcome) {
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

/// A table cell: `|` escaped and line breaks made spaces.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
