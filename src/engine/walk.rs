//! Finding the markdown files to lint: explicit files always, directories walked in parallel with
//! `.gitignore`/`.ignore` honoured and hidden files skipped; the result is sorted.

pub use crate::base::paths::{describe_io, display};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

/// A file to lint, and whether it was named on the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
    /// The walked directory (or, for a file named explicitly, its directory): fixes never
    /// write through a symlink that leaves it.
    pub root: PathBuf,
    /// Read only as the repository context of the files named: summarised for cross-file
    /// rules, never reported nor written.
    pub context: bool,
}

/// A path that could not be walked.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Whether a file name has a markdown extension (`.md`, `.markdown`, any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Whether a walked file may be linted: markdown, or MDX (`.mdx`), which the default `include`
/// leaves out (its JSX and imports are not markdown) but a config may name.
pub fn is_walked(path: &Path) -> bool {
    is_markdown(path)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
}

/// Collect candidate files under `inputs`, sorted by path and without duplicates.
pub fn collect(inputs: &[PathBuf], threads: usize) -> (Vec<Candidate>, Vec<WalkError>) {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                lock(&errors).push(WalkError {
                    path: display(input),
                    message: describe_io(&e),
                });
                continue;
            }
        };
        if !meta.is_dir() {
            lock(&found).push(Candidate {
                path: clean(input),
                explicit: true,
                root: input
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf(),
                context: false,
            });
            continue;
        }
        let walker = WalkBuilder::new(input)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .ignore(true)
            .parents(true)
            .require_git(false)
            .follow_links(false)
            .threads(threads)
            .build_parallel();
        walker.run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file() || t.is_symlink())
                            && is_walked(e.path())
                            && e.depth() > 0
                        {
                            lock(&found).push(Candidate {
                                path: clean(e.path()),
                                explicit: false,
                                root: input.clone(),
                                context: false,
                            });
                        }
                    }
                    Err(err) => lock(&errors).push(walk_error(&err)),
                }
                WalkState::Continue
            })
        });
    }
    let mut found = found.into_inner().unwrap_or_else(|p| p.into_inner());
    found.sort();
    // Keep one entry per path; an explicit mention wins.
    found.dedup_by(|b, a| {
        if a.path == b.path {
            a.explicit |= b.explicit;
            true
        } else {
            false
        }
    });
    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    (found, errors)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Drop a leading `./` so walked paths read as the user would write them.
pub fn clean(p: &Path) -> PathBuf {
    p.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

fn walk_error(err: &ignore::Error) -> WalkError {
    fn inner(err: &ignore::Error, path: Option<&Path>) -> WalkError {
        match err {
            ignore::Error::WithPath { path, err } => inner(err, Some(path)),
            ignore::Error::WithDepth { err, .. } => inner(err, path),
            ignore::Error::WithLineNumber { err, .. } => inner(err, path),
            ignore::Error::Loop { child, ancestor } => WalkError {
                path: display(child),
                message: format!("symlink loop back to `{}`", display(ancestor)),
            },
            ignore::Error::Io(e) => WalkError {
                path: path.map(display).unwrap_or_default(),
                message: describe_io(e),
            },
            other => WalkError {
                path: path.map(display).unwrap_or_default(),
                message: other.to_string(),
            },
        }
    }
    inner(err, None)
}
