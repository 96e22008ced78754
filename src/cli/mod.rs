//! Layer 6, the command line: clap definitions and the commands. The only layer that prints or
//! exits; uses every layer below it.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::base::diagnostic::Applicability;
use crate::config::Overrides;
use crate::engine::fix::FixMode;
use crate::engine::{self, Request};
use crate::output::{self, Format, Style};

/// Linter for Q&A markdown collections: numbering, headings, formulas, answers, links and TOC.
#[derive(Debug, Parser)]
#[command(name = "qalint", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint markdown files and directories (default: the current directory).
    Check(CheckArgs),
    /// Renumber the questions of every numbering scope and update the TOC and links to them.
    Renumber(RenumberArgs),
    /// List every rule: code, name, default severity, fixability and summary.
    Rules(RulesArgs),
    /// Print a rule's documentation: what it does, why, examples, options and fix safety.
    Rule(RuleArgs),
    /// Detect the repository's question convention and write a commented `.qalint.yml`.
    Init(crate::detect::InitArgs),
    /// Print every formula qalint finds, one JSON object per line, with the QA2xx codes reported
    /// inside it (the input of `scripts/math-oracle`).
    #[command(hide = true)]
    Formulas(FormulasArgs),
}

#[derive(Debug, Args)]
pub struct FormulasArgs {
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

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
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint. Directories are walked honouring .gitignore and .ignore;
    /// files named here are always linted.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Use this config file instead of discovering `.qalint.yml` upward from each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Only these rules: codes, names or code prefixes, comma-separated (e.g. `QA1,title-style`).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Skip these rules: codes, names or code prefixes, comma-separated.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Never use colour.
    #[arg(long, conflicts_with = "color")]
    pub no_color: bool,

    /// Always use colour, even when stdout is not a terminal.
    #[arg(long)]
    pub color: bool,

    /// Do not print the summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Apply every safe fix (renumbering included), then report what remains.
    #[arg(long)]
    pub fix: bool,

    /// With `--fix` or `--diff`: also apply unsafe fixes (rewording; review the result).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what `--fix` would write; write nothing. Exits 1 when there is
    /// something to fix.
    #[arg(long)]
    pub diff: bool,

    /// Print how many findings each code has instead of the findings (formats human, concise
    /// and json).
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,

    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

/// Parse arguments, run, print, and return the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Renumber(args) => renumber(args),
        Command::Rules(args) => rules_list(args),
        Command::Rule(args) => rule_doc(args),
        Command::Init(args) => crate::detect::run(&args),
        Command::Formulas(args) => formulas(args),
    }
}

fn formulas(args: FormulasArgs) -> i32 {
    let req = Request {
        paths: args.paths,
        config: args.config,
        threads: default_threads(None),
        ..Request::default()
    };
    let (lines, code) = engine::formulas(&req);
    let _ = std::io::stdout().write_all(lines.as_bytes());
    code
}

fn default_threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn renumber(args: RenumberArgs) -> i32 {
    let req = Request {
        paths: args.paths,
        config: args.config,
        threads: default_threads(args.threads),
        renumber: true,
        write: !args.diff && !args.check,
        ..Request::default()
    };
    let outcome = engine::run(&req);
    let style = Style {
        color: false,
        width: terminal_width(),
        quiet: args.quiet,
    };
    let errors = output::render_errors(&outcome, style);
    if !errors.is_empty() {
        let _ = std::io::stderr().write_all(errors.as_bytes());
    }
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
        if args.diff {
            let _ = std::io::stderr().write_all(msg.as_bytes());
        } else {
            report.push_str(&msg);
        }
    }
    let _ = std::io::stdout().write_all(report.as_bytes());
    if !outcome.errors.is_empty() {
        2
    } else if (args.check || args.diff) && !outcome.changes.is_empty() {
        1
    } else {
        0
    }
}

fn check(args: CheckArgs) -> i32 {
    if args.statistics && !args.format.supports_statistics() {
        eprintln!("error: `--statistics` works with `--format human`, `concise` or `json`");
        return 2;
    }
    let threads = default_threads(args.threads);
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let req = Request {
        paths: args.paths,
        config: args.config,
        overrides: Overrides {
            select: args.select.map(|v| clean_list(&v)),
            ignore: clean_list(&args.ignore),
        },
        threads,
        fix: if args.fix || args.diff {
            FixMode::On {
                min,
                diff: args.diff,
            }
        } else {
            FixMode::Off
        },
        renumber: false,
        write: args.fix && !args.diff,
        progress: progress_bar(matches!(args.format, Format::Human | Format::Concise)),
        drop_texts: true,
    };
    let outcome = engine::run(&req);
    if let Some(pb) = &req.progress {
        pb.finish_and_clear();
    }
    let stdout = std::io::stdout();
    let color = if args.color {
        true
    } else if args.no_color {
        false
    } else {
        args.output_file.is_none() && stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none()
    };
    let style = Style {
        color,
        width: terminal_width(),
        quiet: args.quiet,
    };
    let err_style = Style {
        color: color && std::io::stderr().is_terminal(),
        ..style
    };
    let errors = output::render_errors(&outcome, err_style);
    if !errors.is_empty() {
        let _ = std::io::stderr().write_all(errors.as_bytes());
    }
    // The report goes to `--output-file` (a write error exits 2) or to stdout (a closed pipe,
    // `qalint check | head`, is not an error worth a panic).
    let emit = |text: &str| -> Result<(), i32> {
        match &args.output_file {
            Some(path) => std::fs::write(path, text).map_err(|e| {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    path.display(),
                    crate::engine::walk::describe_io(&e)
                );
                2
            }),
            None => {
                let mut lock = stdout.lock();
                lock.write_all(text.as_bytes())
                    .and_then(|_| lock.flush())
                    .map_err(|_| outcome.exit_code().max(1))
            }
        }
    };
    if args.diff {
        let diff = output::render_diff(&outcome);
        if let Err(code) = emit(&diff) {
            if args.output_file.is_some() {
                return code;
            }
        }
        if !args.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                output::fix_summary(&outcome, "would fix", "renumber")
            );
        }
        return if outcome.exit_code() == 2 {
            2
        } else if outcome.changes.is_empty() {
            0
        } else {
            1
        };
    }
    let report = if args.statistics {
        output::render_statistics(&outcome, args.format, style).unwrap_or_default()
    } else {
        output::render(&outcome, args.format, style)
    };
    let note = output::render_note(&outcome, args.format, style);
    if !note.is_empty() {
        let _ = std::io::stderr().write_all(note.as_bytes());
    }
    if let Err(code) = emit(&report) {
        return code;
    }
    outcome.exit_code()
}

fn clean_list(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Width for graphical reports: `COLUMNS` when set, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// How `qalint rules` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Human,
    /// An array of `{code, name, default_severity, fixable, summary}`.
    Json,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's code (`QA101`) or name (`numbering-gap`).
    #[arg(value_name = "CODE_OR_NAME")]
    pub rule: String,
}

fn rules_list(args: RulesArgs) -> i32 {
    let text = match args.format {
        RulesFormat::Human => crate::output::docs::rules_table(),
        RulesFormat::Json => crate::output::docs::rules_json(),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    0
}

fn rule_doc(args: RuleArgs) -> i32 {
    let Some(doc) = crate::output::docs::find(&args.rule) else {
        let hint = crate::output::docs::suggest(&args.rule)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        eprintln!(
            "error: unknown rule `{}`{hint} (`qalint rules` lists them)",
            args.rule.trim()
        );
        return 2;
    };
    let stdout = std::io::stdout();
    let text = if stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        crate::output::docs::style_for_terminal(&doc.markdown)
    } else {
        doc.markdown
    };
    let _ = stdout.lock().write_all(text.as_bytes());
    0
}

/// A progress bar on stderr, shown only when stderr is a terminal, the format is for people,
/// and the run lasts more than a second.
fn progress_bar(for_people: bool) -> Option<indicatif::ProgressBar> {
    if !for_people || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} linting {pos}/{len} files {wide_bar} {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let shown = pb.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    });
    Some(pb)
}
