//! `qalint check`: lint, optionally fix (`--fix`) or show the fixes (`--diff`), and report.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::base::diagnostic::Applicability;
use crate::config::Overrides;
use crate::engine::fix::FixMode;
use crate::engine::{self, Request};
use crate::output::{self, Style};

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
    /// something to fix. Not with `--format json`, `github` or `sarif` (the diff has one form).
    #[arg(long)]
    pub diff: bool,

    /// Print how many findings each code has instead of the findings (formats human, concise
    /// and json).
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,

    /// Write the report to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Read only the named files. By default the repository they belong to (the directory of
    /// their `.qalint.yml`, else the git work tree) is read for cross-file rules (numbering
    /// across files, duplicates, links into other files), and only the named files are
    /// reported and fixed.
    #[arg(long)]
    pub no_context: bool,

    /// Do not read or write the summary cache (`.qalint-cache/` at the repository root), which
    /// keeps the other files' summaries between runs.
    #[arg(long)]
    pub no_cache: bool,

    /// Say what the run did besides linting (repository context, summary cache) on stderr.
    #[arg(long, short)]
    pub verbose: bool,

    /// Read the document from standard input and lint it as PATH (which need not exist), in
    /// its repository's context. With `--fix`, the fixed text goes to stdout and the report
    /// to stderr; nothing is written. For editors and pipelines.
    #[arg(long, value_name = "PATH", conflicts_with = "paths")]
    pub stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    pub gate: super::gate::GateArgs,
}

/// `--format`: the report formats of [`output::Format`], as command-line values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    /// GitHub Actions workflow commands (`::error file=...::message`), one per finding.
    Github,
    /// SARIF 2.1.0 (one run), for code-scanning services.
    Sarif,
}

impl From<Format> for output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Human => output::Format::Human,
            Format::Concise => output::Format::Concise,
            Format::Json => output::Format::Json,
            Format::Github => output::Format::Github,
            Format::Sarif => output::Format::Sarif,
        }
    }
}

pub fn run(args: CheckArgs) -> ExitStatus {
    let format = output::Format::from(args.format);
    if args.statistics && !format.supports_statistics() {
        eprintln!("error: `--statistics` works with `--format human`, `concise` or `json`");
        return ExitStatus::Error;
    }
    // `--diff` prints a unified diff, whatever the format: a machine format's reader would get
    // something it cannot read.
    if args.diff && matches!(args.format, Format::Json | Format::Github | Format::Sarif) {
        eprintln!(
            "error: `--diff` prints a unified diff; `--format json`, `github` and `sarif` do not apply to it"
        );
        return ExitStatus::Error;
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") && !std::path::Path::new("-").exists() {
        eprintln!(
            "error: `-`: no such file or directory\n  help: to lint standard input, pass \
             `--stdin-filename PATH` (the path it is linted as)"
        );
        return ExitStatus::Error;
    }
    let threads = super::default_threads(args.threads);
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let stdin = match &args.stdin_filename {
        Some(path) => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
                eprintln!(
                    "error: cannot read standard input: {}",
                    crate::engine::walk::describe_io(&e)
                );
                return ExitStatus::Error;
            }
            Some(engine::Stdin {
                path: path.clone(),
                bytes: bytes.into(),
            })
        }
        None => None,
    };
    let named = match &args.stdin_filename {
        Some(p) => vec![p.clone()],
        None => args.paths.clone(),
    };
    // Detection reads the text being linted, not the file on disk (which may not exist).
    let open = stdin
        .as_ref()
        .and_then(|s| crate::engine::decode(&s.bytes).ok());
    let zero = super::detected::detect_for(&named, args.config.is_some(), open.as_deref());
    // `--diff` shows fixes, not findings: no baseline to read (the options conflict with it).
    let prepared = if args.diff {
        Ok(super::gate::Gate::default())
    } else {
        super::gate::Gate::prepare(&args.gate, &named, args.config.as_deref())
    };
    let gate = match prepared {
        Ok(g) => g,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::Error;
        }
    };
    let req = Request {
        fallbacks: zero.fallbacks,
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
        progress: super::progress::bar(matches!(
            format,
            output::Format::Human | output::Format::Concise
        )),
        drop_texts: true,
        context: !args.no_context,
        cache: !args.no_cache,
        all: false,
        stdin,
    };
    let mut outcome = engine::run(&req);
    if args.verbose {
        for note in &outcome.notes {
            eprintln!("note: {note}");
        }
    }
    if !args.quiet {
        for warning in &outcome.warnings {
            eprintln!("warning: {warning}");
        }
        for note in skipped_notes(&outcome, &req.paths) {
            eprintln!("{note}");
        }
    }
    if let Some(pb) = &req.progress {
        pb.finish();
    }
    outcome.convention = zero.convention;
    let gated = gate.apply(&mut outcome, &req.overrides);
    if let Some(note) = &zero.note
        && format == output::Format::Human
        && !args.quiet
    {
        eprintln!("{note}");
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
        width: super::terminal_width(),
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
    let mut status = ExitStatus::Clean;
    match &gated {
        Ok(Some(note)) if !args.quiet => eprintln!("{note}"),
        Ok(_) => {}
        Err(message) => {
            eprintln!("error: {message}");
            status = ExitStatus::Error;
        }
    }
    // The report goes to `--output-file` (a write error exits 2) or to stdout (a closed pipe,
    // `qalint check | head`, is not an error worth a panic).
    let emit = |text: &str| -> Result<(), ExitStatus> {
        match &args.output_file {
            Some(path) => std::fs::write(path, text).map_err(|e| {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    path.display(),
                    crate::engine::walk::describe_io(&e)
                );
                ExitStatus::Error
            }),
            None => {
                let mut lock = stdout.lock();
                lock.write_all(text.as_bytes())
                    .and_then(|_| lock.flush())
                    .map_err(|_| ExitStatus::of(&outcome).max(ExitStatus::Findings))
            }
        }
    };
    if args.diff {
        let diff = output::render_diff(&outcome);
        if let Err(status) = emit(&diff) {
            if args.output_file.is_some() {
                return status;
            }
        }
        if !args.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                output::fix_summary(&outcome, "would fix", "renumber")
            );
        }
        // A file whose fixes did not settle still has something to fix.
        let stuck = outcome.files.iter().any(|f| {
            f.diagnostics
                .iter()
                .any(|d| d.rule.is(&crate::rules::FIX_NOT_CONVERGED))
        });
        return if ExitStatus::of(&outcome) == ExitStatus::Error {
            ExitStatus::Error
        } else if outcome.changes.is_empty() && !stuck {
            ExitStatus::Clean
        } else {
            ExitStatus::Findings
        };
    }
    // `--stdin-filename` with `--fix`: the fixed document is the output, the report goes to
    // stderr.
    if let Some(input) = req.stdin.as_ref().filter(|_| args.fix && !args.diff) {
        let fixed = match outcome.changes.first() {
            Some(c) => c.new.as_bytes().to_vec(),
            None => input.bytes.to_vec(),
        };
        let mut out = stdout.lock();
        if out.write_all(&fixed).and_then(|_| out.flush()).is_err() {
            return ExitStatus::Error;
        }
        let report = output::render(&outcome, format, err_style);
        let _ = std::io::stderr().write_all(report.as_bytes());
        return ExitStatus::of(&outcome).max(status);
    }
    let rendering = std::time::Instant::now();
    let report = if args.statistics {
        output::render_statistics(&outcome, format, style).unwrap_or_default()
    } else {
        output::render(&outcome, format, style)
    };
    let note = output::render_note(&outcome, format, style);
    if !note.is_empty() {
        let _ = std::io::stderr().write_all(note.as_bytes());
    }
    if let Err(status) = emit(&report) {
        return status;
    }
    if args.verbose {
        outcome.timings.push(("report", rendering.elapsed()));
        if let Some(line) = outcome.timings_line() {
            eprintln!("note: timings: {line}");
        }
    }
    if let Err(message) = gate.write_summary(&outcome) {
        eprintln!("error: {message}");
        status = ExitStatus::Error;
    }
    status.max(ExitStatus::of(&outcome))
}

fn clean_list(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// What `check --fix` declined because a file it was not given would have had to change (it
/// writes only the named files), and the command that does it: naming the file, or `renumber`
/// over the same paths (`--all` when the sequence runs through the file, since its own numbers
/// change then).
fn skipped_notes(outcome: &engine::Outcome, named: &[std::path::PathBuf]) -> Vec<String> {
    let named: Vec<String> = named.iter().map(|p| p.display().to_string()).collect();
    let renumber = |all: bool| {
        let mut cmd = vec!["qalint renumber".to_string()];
        if all {
            cmd.push("--all".into());
        }
        cmd.extend(named.iter().cloned());
        cmd.join(" ")
    };
    let files = |v: &[String]| {
        let n = v.len();
        (
            if n == 1 { "a file" } else { "files" },
            if n == 1 { "was" } else { "were" },
            v.join(", "),
            if n == 1 { "it" } else { "them" },
        )
    };
    let mut out = Vec::new();
    if !outcome.context_left.is_empty() {
        let (what, was, list, it) = files(&outcome.context_left);
        out.push(format!(
            "renumbering skipped: the sequence runs through {what} that {was} not named ({list}); \
             name {it} too, or run `{}`",
            renumber(true)
        ));
    } else if !outcome.context_linking.is_empty() {
        let (what, was, list, it) = files(&outcome.context_linking);
        out.push(format!(
            "renumbering skipped: {what} that {was} not named ({list}) link{} to questions whose \
             numbers would change, and `check --fix` writes only the named files; name {it} too, or \
             run `{}`, which updates those links",
            if outcome.context_linking.len() == 1 { "s" } else { "" },
            renumber(false)
        ));
    }
    if !outcome.anchors_kept.is_empty() {
        let (what, _, list, it) = files(&outcome.anchors_kept);
        let links = if outcome.anchors_kept.len() == 1 {
            "links"
        } else {
            "link"
        };
        out.push(format!(
            "left the fixes that would rename heading anchors that {what} not named {links} to \
             ({list}); name {it} too, and the links follow",
        ));
    }
    out
}
