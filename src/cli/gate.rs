//! The options of `qalint check` that decide which findings count, for pull requests and for
//! repositories adopting qalint: `--baseline`, `--write-baseline`, `--changed-since`; and
//! `--summary-markdown`, the table a CI job summary shows.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::config::Overrides;
use crate::engine::Outcome;
use crate::engine::baseline::{self, Baseline};
use crate::engine::changed::ChangedLines;

#[derive(Debug, Args, Default)]
pub struct GateArgs {
    /// Hide the findings recorded in this baseline file (see `--write-baseline`): only new ones
    /// are reported and count for the exit code. Default: `baseline:` in `.qalint.yml`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["diff", "no_baseline"])]
    pub baseline: Option<PathBuf>,

    /// Ignore `baseline:` in `.qalint.yml`: report every finding.
    #[arg(long)]
    pub no_baseline: bool,

    /// Record every current finding in FILE (JSON, sorted; by path, code and a fingerprint of
    /// the flagged lines, not line numbers), so that `--baseline FILE` hides them.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["diff", "baseline", "changed_since"])]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings on lines added or changed since the merge base of REF and HEAD
    /// (staged, unstaged and untracked changes included), and cross-file findings involving
    /// such a line. Needs git.
    #[arg(long, value_name = "REF", conflicts_with = "diff")]
    pub changed_since: Option<String>,

    /// Also write a markdown table of findings per code, with the summary, to FILE (for a CI
    /// job summary such as `$GITHUB_STEP_SUMMARY`).
    #[arg(long, value_name = "FILE", conflicts_with = "diff")]
    pub summary_markdown: Option<PathBuf>,
}

/// What the options asked for, with the baseline read and git asked before linting.
#[derive(Debug, Default)]
pub struct Gate {
    baseline: Option<Baseline>,
    write: Option<PathBuf>,
    changed: Option<ChangedLines>,
    summary: Option<PathBuf>,
}

impl Gate {
    /// Read the baseline (the option's, else the config's) and ask git what changed. The error
    /// is a message for the user (the run exits 2).
    pub fn prepare(
        args: &GateArgs,
        paths: &[PathBuf],
        config: Option<&Path>,
    ) -> Result<Gate, String> {
        let baseline_path = if args.no_baseline || args.write_baseline.is_some() {
            None
        } else {
            args.baseline
                .clone()
                .or_else(|| baseline::configured(paths, config))
        };
        let baseline = baseline_path
            .map(|p| Baseline::load(&p).map_err(|e| e.to_string()))
            .transpose()?;
        let changed = match &args.changed_since {
            Some(since) => {
                let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
                let dir = if first.is_dir() {
                    first
                } else {
                    first.parent().unwrap_or(Path::new("."))
                };
                Some(ChangedLines::from_git(dir, since)?)
            }
            None => None,
        };
        Ok(Gate {
            baseline,
            write: args.write_baseline.clone(),
            changed,
            summary: args.summary_markdown.clone(),
        })
    }

    /// After linting: write the baseline (then hide what it recorded), apply the baseline and
    /// the changed lines. `Ok` holds a note for stderr; `Err` a message (exit 2).
    pub fn apply(
        &self,
        outcome: &mut Outcome,
        overrides: &Overrides,
    ) -> Result<Option<String>, String> {
        let mut note = None;
        if let Some(path) = &self.write {
            if outcome.exit_code() == 2 {
                return Err(format!(
                    "not writing the baseline `{}`: the run had errors",
                    crate::base::paths::display(path)
                ));
            }
            let written = baseline::write(path, outcome).map_err(|e| e.to_string())?;
            note = Some(format!(
                "recorded {} ({} entries) in the baseline `{}`",
                plural(written.findings, "finding", "findings"),
                written.entries,
                crate::base::paths::display(path)
            ));
            let recorded = Baseline::load(path).map_err(|e| e.to_string())?;
            outcome.baseline = Some(recorded.apply(outcome, overrides));
        } else if let Some(b) = &self.baseline {
            outcome.baseline = Some(b.apply(outcome, overrides));
        }
        if let Some(c) = &self.changed {
            outcome.changed = Some(c.apply(outcome));
        }
        Ok(note)
    }

    /// Write the markdown summary when asked; `Err` is a message (exit 2).
    pub fn write_summary(&self, outcome: &Outcome) -> Result<(), String> {
        let Some(path) = &self.summary else {
            return Ok(());
        };
        std::fs::write(path, crate::output::render_summary_markdown(outcome)).map_err(|e| {
            format!(
                "cannot write `{}`: {}",
                crate::base::paths::display(path),
                crate::base::paths::describe_io(&e)
            )
        })
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
