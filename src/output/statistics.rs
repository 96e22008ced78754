//! `--statistics`: a count per code instead of the findings, as a table (human, concise) or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::json::{JsonStat, JsonStatistics, json_summary};
use super::{Style, pretty_json, summary_line};
use crate::engine::Outcome;

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

/// The table: `  12  QA101  numbering-gap` per code, then the summary line unless `--quiet`.
pub(super) fn table(outcome: &Outcome, style: Style) -> String {
    let rows = statistics_rows(outcome);
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
    out
}

/// `{"statistics": [...], "summary": {...}}`.
pub(super) fn json(outcome: &Outcome) -> String {
    let rows = statistics_rows(outcome);
    pretty_json(&JsonStatistics {
        statistics: rows
            .iter()
            .map(|r| JsonStat {
                code: r.code.clone(),
                rule: r.rule.clone(),
                count: r.count,
            })
            .collect(),
        summary: json_summary(outcome),
    })
}
