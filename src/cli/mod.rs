//! Layer 6, the command line: clap definitions and the commands. The only layer that prints or
//! exits; uses every layer below it. Each command lives in its own file and returns an
//! [`ExitStatus`]; [`main`] turns it into the process exit code.

use clap::{Parser, Subcommand};

pub mod check;
mod detected;
pub mod exit;
pub mod formulas;
pub mod gate;
pub mod init;
mod progress;
pub mod renumber;
pub mod rules;
pub mod server;
pub mod stats;

pub use exit::ExitStatus;

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
    Check(Box<check::CheckArgs>),
    /// Renumber the questions of every numbering scope and update the TOC and links to them.
    Renumber(renumber::RenumberArgs),
    /// List every rule: code, name, default severity, fixability and summary.
    Rules(rules::RulesArgs),
    /// Print a rule's documentation: what it does, why, examples, options and fix safety.
    Rule(rules::RuleArgs),
    /// Count what the collection holds: questions, answered, placeholders, stubs, formulas,
    /// duplicates, numbering and words per answer, per file or section; and write badges.
    Stats(stats::StatsArgs),
    /// Detect the repository's question convention and write a commented `.qalint.yml`.
    Init(init::InitArgs),
    /// Serve the Language Server Protocol on stdin/stdout, for editors: findings as you type,
    /// quick fixes, fix-all, renumbering across files, hover.
    Server(server::ServerArgs),
    /// Print every formula qalint finds, one JSON object per line, with the QA2xx codes reported
    /// inside it (the input of `scripts/math-oracle`).
    #[command(hide = true)]
    Formulas(formulas::FormulasArgs),
}

/// Parse arguments, run, print, and return the process exit code.
pub fn main() -> i32 {
    run().code()
}

fn run() -> ExitStatus {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Clean
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Renumber(args) => renumber::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Rule(args) => rules::doc(args),
        Command::Stats(args) => stats::run(args),
        Command::Init(args) => init::run(&args),
        Command::Server(args) => server::run(args),
        Command::Formulas(args) => formulas::run(args),
    }
}

fn default_threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Width for graphical reports: `COLUMNS` when set, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
