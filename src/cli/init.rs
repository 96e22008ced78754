//! `qalint init`: detect the repository's convention and write (or print) a commented
//! `.qalint.yml`.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use crate::config::CONFIG_NAMES;
use crate::detect::{self, DetectError};
use crate::engine::walk::{describe_io, display};

/// Arguments of `qalint init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to read; the config is written to `PATH/.qalint.yml`.
    #[arg(value_name = "PATH", default_value = ".")]
    pub path: PathBuf,

    /// Overwrite an existing config file.
    #[arg(long)]
    pub force: bool,

    /// Print the config on stdout (and the summary on stderr) instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

/// Run `qalint init`.
pub fn run(args: &InitArgs) -> ExitStatus {
    let root = &args.path;
    if !root.is_dir() {
        return fail(&DetectError::NotADirectory(root.clone()));
    }
    let target = root.join(CONFIG_NAMES[0]);
    if !args.dry_run && !args.force {
        if let Some(existing) = CONFIG_NAMES
            .iter()
            .map(|n| root.join(n))
            .find(|p| p.exists())
        {
            eprintln!(
                "error: `{}` already exists; not overwriting it\n  help: pass --force to replace \
                 it, or --dry-run to print the detected config",
                display(&existing)
            );
            return ExitStatus::Error;
        }
    }
    let detection = match detect::detect(root) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let yaml = detection.yaml();
    // What we write must load: a failure here is a bug in `init`, not the user's.
    if let Err(e) = detect::validate(&yaml, &target) {
        eprintln!("error: the generated config does not load ({e}); please report this");
        return ExitStatus::Error;
    }
    let summary = detection.summary();
    if args.dry_run {
        eprint!("{summary}");
        print!("{yaml}");
        return ExitStatus::Clean;
    }
    if let Err(e) = std::fs::write(&target, &yaml) {
        eprintln!(
            "error: cannot write `{}`: {}",
            display(&target),
            describe_io(&e)
        );
        return ExitStatus::Error;
    }
    print!("{summary}");
    println!(
        "wrote {}; run `qalint check {}` next",
        display(&target),
        display(root)
    );
    ExitStatus::Clean
}

fn fail(e: &DetectError) -> ExitStatus {
    eprintln!("error: {e}");
    ExitStatus::Error
}
