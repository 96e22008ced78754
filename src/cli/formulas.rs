//! `qalint formulas` (hidden): every formula as a JSON line, the input of `scripts/math-oracle`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::engine::{self, Request};

#[derive(Debug, Args)]
pub struct FormulasArgs {
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(args: FormulasArgs) -> ExitStatus {
    let req = Request {
        paths: args.paths,
        config: args.config,
        threads: super::default_threads(None),
        ..Request::default()
    };
    let (lines, code) = engine::formulas(&req);
    let _ = std::io::stdout().write_all(lines.as_bytes());
    ExitStatus::from_engine(code)
}
