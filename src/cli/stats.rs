//! `qalint stats`: what the collection holds (questions, answered, placeholders, stubs,
//! formulas, duplicates, numbering, words), per file, per section and in total; and badges.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::base::suggest::closest;
use crate::engine::{self, Request};
use crate::output::badge::{self, BadgeKind};
use crate::output::stats::{self as render, StatsStyle};
use crate::output::{self, Style};

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Files or directories to count. Directories are walked honouring .gitignore and .ignore,
    /// as `check` does; only what is named or walked is counted.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format: `markdown` is a table to paste into a README, `json` is stable (see the
    /// README), `csv` is a row per file (or section) and the total.
    #[arg(long, value_enum, default_value_t = StatsFormat::Human)]
    pub format: StatsFormat,

    /// One row per section (the nearest heading above the questions that is not a question)
    /// instead of one per file.
    #[arg(long)]
    pub sections: bool,

    /// Also list the shortest answers (human and markdown; JSON always has them).
    #[arg(long, short)]
    pub verbose: bool,

    /// Write a badge to FILE: an SVG, or a shields.io endpoint JSON when FILE ends in `.json`.
    /// `questions=FILE` (the default) shows the number of questions, `answered=FILE` the share
    /// answered. Repeat for several badges. A file whose name holds `=` is written `./a=b.svg`.
    #[arg(long, value_name = "[KIND=]FILE")]
    pub badge: Vec<String>,

    /// Use this config file instead of discovering `.qalint.yml` upward from each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// `--format` of `qalint stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Human,
    Markdown,
    Json,
    Csv,
}

/// A `--badge` argument: what to show, where, and in which form.
struct Badge {
    kind: BadgeKind,
    path: PathBuf,
    json: bool,
}

/// `KIND=FILE` or `FILE`. A word before `=` must be a kind (`answerd=a.svg` is a typo, not a
/// file name); a file whose name holds `=` is written with a directory (`./a=b.svg`).
fn parse_badge(arg: &str) -> Result<Badge, String> {
    let (kind, path) = match arg.split_once('=') {
        Some((name, path)) if !name.contains(['/', '\\']) => match BadgeKind::by_name(name) {
            Some(kind) => (kind, path),
            None => {
                let hint = match closest(name, BadgeKind::NAMES.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the kinds are {}", BadgeKind::NAMES.join(" and ")),
                };
                return Err(format!(
                    "`--badge {arg}`: unknown badge kind `{name}`; {hint} (write `./{arg}` for a \
                     file whose name holds `=`)"
                ));
            }
        },
        _ => (BadgeKind::Questions, arg),
    };
    if path.is_empty() {
        return Err(format!("`--badge {arg}` names no file"));
    }
    let path = PathBuf::from(path);
    let json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    Ok(Badge { kind, path, json })
}

pub fn run(args: StatsArgs) -> ExitStatus {
    let badges = match args
        .badge
        .iter()
        .map(|b| parse_badge(b))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(b) => b,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::Error;
        }
    };
    let zero = super::detected::detect_for(&args.paths, args.config.is_some(), None);
    let req = Request {
        fallbacks: zero.fallbacks,
        paths: args.paths,
        config: args.config,
        threads: super::default_threads(args.threads),
        progress: super::progress::bar_doing(
            matches!(args.format, StatsFormat::Human | StatsFormat::Markdown),
            "counting",
        ),
        ..Request::default()
    };
    let mut stats = engine::stats::run(&req);
    if let Some(pb) = &req.progress {
        pb.finish();
    }
    stats.convention = zero.convention;
    if let Some(note) = &zero.note
        && args.format == StatsFormat::Human
    {
        eprintln!("{note}");
    }
    let style = Style {
        color: false,
        width: super::terminal_width(),
        quiet: false,
    };
    let errors = output::render_errors(
        &engine::Outcome {
            errors: stats.errors.clone(),
            ..Default::default()
        },
        style,
    );
    if !errors.is_empty() {
        let _ = std::io::stderr().write_all(errors.as_bytes());
    }
    let how = StatsStyle {
        sections: args.sections,
        verbose: args.verbose,
    };
    let report = match args.format {
        StatsFormat::Human => render::human(&stats, how),
        StatsFormat::Markdown => render::markdown(&stats, how),
        StatsFormat::Json => render::json(&stats),
        StatsFormat::Csv => render::csv(&stats, how),
    };
    let mut status = ExitStatus::from_engine(stats.exit_code());
    let failed = status == ExitStatus::Error;
    if failed && !badges.is_empty() {
        // A badge from a partial count would replace a good one with a wrong number.
        eprintln!("error: not writing the badges: the run had errors");
    }
    for b in badges.iter().filter(|_| !failed) {
        let text = if b.json {
            badge::endpoint_json(&stats, b.kind)
        } else {
            badge::svg(&stats, b.kind)
        };
        if let Err(e) = std::fs::write(&b.path, text) {
            eprintln!(
                "error: cannot write `{}`: {}",
                crate::base::paths::display(&b.path),
                crate::base::paths::describe_io(&e)
            );
            status = ExitStatus::Error;
        }
    }
    // A closed pipe (`qalint stats | head`) is no error worth a panic.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(report.as_bytes()).and_then(|_| out.flush());
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_arguments() {
        let b = parse_badge("docs/q.svg").unwrap();
        assert_eq!((b.kind, b.json), (BadgeKind::Questions, false));
        let b = parse_badge("answered=badge.JSON").unwrap();
        assert_eq!((b.kind, b.json), (BadgeKind::Answered, true));
        assert_eq!(b.path, PathBuf::from("badge.JSON"));
        // A word before `=` must be a kind; a file name holding `=` has a folder.
        assert!(parse_badge("a=b.svg").is_err());
        let b = parse_badge("./a=b.svg").unwrap();
        assert_eq!(b.path, PathBuf::from("./a=b.svg"));
        let b = parse_badge("out/answered=b.svg").unwrap();
        assert_eq!(
            (b.kind, b.path),
            (BadgeKind::Questions, PathBuf::from("out/answered=b.svg"))
        );
        assert!(parse_badge("answered=").is_err());
    }
}
