//! `qalint renumber`: renumber every numbering scope, or show (`--diff`) or test (`--check`) it.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::engine::{self, Request};
use crate::output::{self, Style};

#[derive(Debug, Args)]
pub struct RenumberArgs {
    /// Files or directories (default: the current directory).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Print a unified diff of what would change; write nothing.
    #[arg(long, conflicts_with = "check")]
    pub diff: bool,

    /// Write nothing; exit 1 when anything would change (for CI).
    #[arg(long)]
    pub check: bool,

    /// Use this config file instead of discovering `.qalint.yml` upward from each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Do not print the summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Also renumber the files of the repository that were not named (a sequence across
    /// files, `numbering: {scope: repository}`, runs through them). Without it their numbers
    /// are read and left as they are, and the run says which would change; a file that only
    /// links to renumbered questions has its links updated either way, so that none breaks.
    #[arg(long)]
    pub all: bool,

    /// Read only the named files: no repository context.
    #[arg(long)]
    pub no_context: bool,

    /// Do not read or write the summary cache (`.qalint-cache/`).
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(args: RenumberArgs) -> ExitStatus {
    let zero = super::detected::detect_for(&args.paths, args.config.is_some(), None);
    if let Some(note) = &zero.note
        && !args.quiet
    {
        eprintln!("{note}");
    }
    let req = Request {
        fallbacks: zero.fallbacks,
        paths: args.paths,
        config: args.config,
        threads: super::default_threads(args.threads),
        renumber: true,
        write: !args.diff && !args.check,
        context: !args.no_context,
        cache: !args.no_cache,
        all: args.all,
        ..Request::default()
    };
    let outcome = engine::run(&req);
    let style = Style {
        color: false,
        width: super::terminal_width(),
        quiet: args.quiet,
    };
    if !args.quiet {
        for warning in &outcome.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let errors = output::render_errors(&outcome, style);
    if !errors.is_empty() {
        let _ = std::io::stderr().write_all(errors.as_bytes());
    }
    // A file that cannot be read (not UTF-8, say) is not renumbered: say so, and fail.
    let unreadable: Vec<String> = outcome
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .filter(|d| d.rule.is(&crate::rules::READ_ERROR))
                .map(move |d| format!("error: {}: {}, left as it is\n", f.path, d.message))
        })
        .collect();
    let _ = std::io::stderr().write_all(unreadable.concat().as_bytes());
    let mut report = String::new();
    if args.diff {
        report.push_str(&output::render_diff(&outcome));
    }
    if args.check {
        for c in &outcome.changes {
            report.push_str(&format!("would renumber {}\n", c.path));
        }
    }
    if !args.quiet {
        let files = outcome.changes.len();
        let verb = if req.write {
            "renumbered"
        } else {
            "would renumber"
        };
        let msg = format!(
            "{verb} {} question{} in {} file{}\n",
            outcome.renumbered,
            if outcome.renumbered == 1 { "" } else { "s" },
            files,
            if files == 1 { "" } else { "s" }
        );
        let mut msg = msg;
        if outcome.stubs_left > 0 && outcome.renumbered > 0 {
            msg.push_str(&format!(
                "left {} stub link{} to external answers as {} (the links under other questions do \
                 not carry their numbers); `renumber: {{update-answer-links: true}}` moves them\n",
                outcome.stubs_left,
                if outcome.stubs_left == 1 { "" } else { "s" },
                if outcome.stubs_left == 1 {
                    "it was"
                } else {
                    "they were"
                }
            ));
        }
        if !outcome.context_left.is_empty() {
            msg.push_str(&context_left_note(&outcome.context_left));
        }
        for path in &outcome.index_left {
            msg.push_str(&format!(
                "left {path} as it is: it lists its questions in an index apart from the questions \
                 with their answers, and renumbering one list would leave the other behind \
                 (mend its numbers by hand)\n"
            ));
        }
        if args.diff {
            let _ = std::io::stderr().write_all(msg.as_bytes());
        } else {
            report.push_str(&msg);
        }
    }
    let _ = std::io::stdout().write_all(report.as_bytes());
    if !outcome.errors.is_empty() || !unreadable.is_empty() {
        ExitStatus::Error
    } else if (args.check || args.diff) && !outcome.changes.is_empty() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// What renumbering left in files it read but was not given: they continue a sequence across
/// files, so their numbers are now out of step until they are renumbered too.
pub fn context_left_note(left: &[String]) -> String {
    match left {
        [one] => format!(
            "left `{one}`, which continues the sequence, as it was: it was not named (name it, or pass `--all`)\n"
        ),
        many => format!(
            "left {} files that continue the sequence as they were: they were not named (name them, or pass `--all`): {}\n",
            many.len(),
            many.join(", ")
        ),
    }
}
