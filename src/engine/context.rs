//! The repository context of the files named on the command line: what is *reported* is what
//! was named, what is *read* for cross-file rules is the repository those files belong to (the
//! directory of their `.qalint.yml`, else their git work tree, else nothing more). The other
//! files are summarised, never reported nor written; pre-commit, which names the staged files,
//! then sees the same numbering, duplicates and anchors as a run over the whole repository.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::SummaryCache;
use super::{Candidate, Outcome, Profile, Request, walk};
use crate::base::paths::absolute;

/// The summary cache of a run's repository context: opened on a thread of its own as soon as
/// the repository root is known, so that it loads while the repository is walked; used only
/// when the walk adds context files ([`add`]).
#[derive(Default)]
pub(super) struct CacheOpening {
    /// Whether the run uses a cache at all.
    wanted: bool,
    /// Whether it may use a thread of its own (not under `--threads 1`).
    threads: bool,
    /// The repository root, once context files were added: where the cache lives.
    pub root: Option<PathBuf>,
    loading: Option<std::thread::JoinHandle<SummaryCache>>,
}

impl CacheOpening {
    /// No cache yet; one will be opened when `wanted`, on a thread of its own when the run
    /// has more than one.
    pub fn new(wanted: bool, threads: usize) -> CacheOpening {
        CacheOpening {
            wanted,
            threads: threads > 1,
            ..CacheOpening::default()
        }
    }

    fn start(&mut self, root: &Path) {
        if self.wanted && self.threads {
            let at = root.to_path_buf();
            // Where no thread can be had, the cache is opened when it is needed.
            self.loading = std::thread::Builder::new()
                .spawn(move || SummaryCache::open(&at))
                .ok();
        }
    }

    /// The cache, once loaded; none when the walk added no context file (the loading thread,
    /// the only one ever left running, then reads the cache file for nothing and writes
    /// nothing).
    pub fn finish(self) -> Option<SummaryCache> {
        let root = self.root.filter(|_| self.wanted)?;
        let loaded = self.loading.and_then(|h| h.join().ok());
        loaded.or_else(|| Some(SummaryCache::open(&root)))
    }
}

/// Add the repository context of `jobs` to them (marked `context`), keeping the list in path
/// order, and start loading the summary cache of its root (`cache`), which keeps the root when
/// context files were added (a run over the whole repository reads every file anyway, and
/// leaves no cache behind).
pub(super) fn add(
    req: &Request,
    inputs: &[PathBuf],
    profile_of: &mut dyn FnMut(&Path) -> Option<Arc<Profile>>,
    jobs: &mut Vec<(Candidate, Arc<Profile>)>,
    outcome: &mut Outcome,
    cache: &mut CacheOpening,
) {
    let named_dirs: Vec<PathBuf> = inputs
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| absolute(p))
        .collect();
    let roots: BTreeSet<PathBuf> = jobs
        .iter()
        .filter_map(|(c, p)| root_of(req, p, &c.path))
        .collect();
    let cwd = std::env::current_dir().ok().map(|d| absolute(&d));
    let to_walk: Vec<PathBuf> = roots
        .iter()
        .filter(|r| !named_dirs.iter().any(|d| r.starts_with(d)))
        .map(|r| relative_to(r, cwd.as_deref()))
        .collect();
    if to_walk.is_empty() {
        return;
    }
    if let Some(root) = roots.first() {
        cache.start(root);
    }
    // Every job by its absolute path: what context files are told apart and sorted by.
    let mut by_path: Vec<(PathBuf, (Candidate, Arc<Profile>))> = std::mem::take(jobs)
        .into_iter()
        .map(|job| (absolute(&job.0.path), job))
        .collect();
    let mut known: HashSet<PathBuf> = by_path.iter().map(|(abs, _)| abs.clone()).collect();
    // A context file that is a named one under another name (a symlink) is not read again.
    let mut identities: HashSet<_> = by_path
        .iter()
        .filter_map(|(abs, _)| super::file_identity(abs))
        .collect();
    // A context file that cannot be walked is not the user's problem: it is simply not read.
    let (found, _) = walk::collect(&to_walk, req.threads.max(1));
    let mut added = 0;
    for mut c in found {
        let abs = absolute(&c.path);
        if !known.insert(abs.clone())
            || super::file_identity(&abs).is_some_and(|id| !identities.insert(id))
        {
            continue;
        }
        // The profile and the selection, asked with the absolute path (no working directory
        // to look up again).
        let Some(p) = profile_of(&abs).filter(|p| p.wants(&abs)) else {
            continue;
        };
        // As seen from here (`a.md`, not `../docs/a.md`), like the named files.
        c.path = relative_to(&abs, cwd.as_deref());
        c.context = !req.all;
        by_path.push((abs, (c, p)));
        added += 1;
    }
    let shown: Vec<String> = to_walk.iter().map(|r| walk::display(r)).collect();
    outcome.notes.push(format!(
        "repository context: {added} more file(s) under `{}` read for cross-file rules",
        shown.join("`, `")
    ));
    if added > 0 {
        by_path.sort_by(|a, b| a.0.cmp(&b.0));
        cache.root = roots.first().cloned();
    }
    jobs.extend(by_path.into_iter().map(|(_, job)| job));
}

/// The repository `file` belongs to: the directory of its config file (unless `--config`
/// names one for everything; its git work tree when the config lies above it), else its git
/// work tree; none outside both.
fn root_of(req: &Request, profile: &Profile, file: &Path) -> Option<PathBuf> {
    let root = crate::model::links::repo_root(&absolute(file));
    let git = root.join(".git").exists().then_some(root);
    // A config that exists (not the one detection proposes for a run without one), unless it
    // lies above the git work tree (a personal `~/.qalint.yml`): its folder holds other
    // projects, which are no context of this one.
    if req.config.is_none()
        && let Some(config) = profile.config_path.as_ref().filter(|c| c.is_file())
        && let Some(dir) = config.parent().map(absolute)
    {
        return match git {
            Some(g) if g != dir && g.starts_with(&dir) => Some(g),
            _ => Some(dir),
        };
    }
    git
}

/// `path` (absolute) as seen from the working directory `cwd` (absolute), so that messages
/// naming context files read like the named ones (`../docs/a.md`, not `/home/…/docs/a.md`).
fn relative_to(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let Some(cwd) = cwd else {
        return path.to_path_buf();
    };
    let mut up = PathBuf::new();
    for ancestor in cwd.ancestors() {
        if let Ok(rest) = path.strip_prefix(ancestor) {
            return match (up.as_os_str().is_empty(), rest.as_os_str().is_empty()) {
                (true, true) => PathBuf::from("."),
                (_, true) => up,
                _ => up.join(rest),
            };
        }
        up.push("..");
    }
    path.to_path_buf()
}
