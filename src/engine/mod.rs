//! Layer 4, the engine: walk, the per-file and repository passes, suppressions, the fix loop,
//! renumbering and atomic writes. Uses `config`, `rules`, `model` and `base`.
//!
//! The pipeline: resolve a profile per file, lint files in parallel (parse once, every rule on the
//! shared document), run the repository pass, and return sorted per-file reports.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub mod baseline;
mod cache;
pub mod changed;
mod context;
pub mod fix;
mod fixing;
pub mod guard;
mod lint;
mod repository;
pub mod session;
pub mod stats;
pub mod suppress;
pub mod walk;
pub mod write;

pub use fixing::{Fixed, fix_loop, renumber_texts};
pub use lint::{ReadError, check_document, decode, lint_text};

use crate::base::diagnostic::{Diagnostic, Family, Severity};
use crate::config::{self, ConfigError, ConfigFile, Overrides, Profile};
use crate::model::document::Document;
use crate::model::line_index::LineIndex;
use crate::model::summary::FileSummary;
use crate::rules::READ_ERROR;
use crate::rules::duplicates::similarity::read_words;
use fix::FixMode;
use walk::Candidate;

/// What to lint and how.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    /// `--config`: one file for everything, no discovery.
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    pub threads: usize,
    /// Which fixes to apply (`check --fix`, `--unsafe-fixes`).
    pub fix: FixMode,
    /// Renumber every scope (`qalint renumber`).
    pub renumber: bool,
    /// Write changed files (false for `--diff`, `--check` and plain `check`).
    pub write: bool,
    /// Ticked once per linted file (the CLI shows it on a terminal for long runs).
    pub progress: Option<Arc<dyn Progress>>,
    /// A run that writes nothing drops each file's text once it is linted, to bound memory;
    /// reports then read it again when rendered ([`FileReport::loaded`]). Off: reports keep
    /// their text in [`FileReport::source`].
    pub drop_texts: bool,
    /// The configs for files under their roots that have no `.qalint.yml` of their own (a run
    /// without a config uses what detection proposes); the deepest root containing a file wins.
    pub fallbacks: Vec<Fallback>,
    /// Read the repository the named files belong to (the directory of their `.qalint.yml`,
    /// else the git work tree) for cross-file rules; only the named files are reported and
    /// written. Off (`--no-context`): the named files are the whole world.
    pub context: bool,
    /// Keep file summaries in `.qalint-cache/` at the repository root (`--no-cache`: off).
    pub cache: bool,
    /// Treat the whole repository context as named (`renumber --all`): written and reported.
    pub all: bool,
    /// `--stdin-filename`: one document read from standard input, linted as this path (in its
    /// repository's context); never written back.
    pub stdin: Option<Stdin>,
}

/// A document given on standard input, and the path it stands for.
#[derive(Debug, Clone)]
pub struct Stdin {
    pub path: PathBuf,
    pub bytes: Arc<[u8]>,
}

impl Request {
    /// Whether candidate `c` is the document given on standard input.
    fn is_stdin(&self, c: &Candidate) -> bool {
        self.stdin
            .as_ref()
            .is_some_and(|s| walk::clean(&s.path) == c.path)
    }

    /// Read candidate `c`: from standard input when it stands for it, else from disk.
    fn load(&self, c: &Candidate, snapshot: bool) -> lint::Loaded {
        match &self.stdin {
            Some(s) if self.is_stdin(c) => {
                lint::load_bytes(&walk::display(&c.path), &s.bytes, snapshot)
            }
            _ => lint::load(&c.path, snapshot),
        }
    }
}

/// A config that stands in for a missing `.qalint.yml` under `root`.
#[derive(Debug, Clone)]
pub struct Fallback {
    /// The directory the config applies to (its globs are relative to it).
    pub root: PathBuf,
    /// The config, in memory (its path is `root/.qalint.yml`, which need not exist).
    pub file: ConfigFile,
}

/// Progress of a run, reported once per linted file; the CLI draws it as a bar on a terminal.
pub trait Progress: Send + Sync {
    /// The run is about to lint `total` files.
    fn start(&self, total: usize);
    /// One more file is linted.
    fn tick(&self);
    /// The run is over; called by whoever shows the progress, not by the engine.
    fn finish(&self);
}

impl std::fmt::Debug for dyn Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// One linted file: its text (for snippets), its findings and its question count.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    /// The text, empty once [evicted](FileReport::evict) (see [`FileReport::loaded`]).
    pub source: Arc<str>,
    pub lines: Arc<LineIndex>,
    pub questions: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The file's suppression comments, parsed in the per-file pass and applied after the
    /// repository pass ([`crate::engine::suppress::apply`]).
    pub suppressions: crate::engine::suppress::Suppressions,
    /// Where to read the text again after it was dropped to save memory.
    pub evicted: Option<Evicted>,
}

/// A dropped text's file, and what it looked like when it was linted.
#[derive(Debug, Clone)]
pub struct Evicted {
    path: PathBuf,
    len: usize,
}

impl FileReport {
    /// Drop the text (the line index and findings stay): a check run keeps only what rendering
    /// needs, and reads a file with findings again when it draws them.
    pub fn evict(&mut self, path: &Path) {
        if self.evicted.is_some() {
            return;
        }
        self.evicted = Some(Evicted {
            path: path.to_path_buf(),
            len: self.source.len(),
        });
        self.source = Arc::from("");
    }

    /// The text, read again if it was evicted. A file that can no longer be read as it was
    /// (deleted, or changed in length or line ends) gives an empty text: it renders without
    /// snippets.
    pub fn text(&self) -> Arc<str> {
        let Some(e) = &self.evicted else {
            return self.source.clone();
        };
        std::fs::read(&e.path)
            .ok()
            .and_then(|b| decode(&b).ok())
            .filter(|t| t.len() == e.len && LineIndex::new(t) == *self.lines)
            .unwrap_or_else(|| Arc::from(""))
    }

    /// This report with its text (see [`FileReport::text`]).
    pub fn loaded(&self) -> std::borrow::Cow<'_, FileReport> {
        if self.evicted.is_none() {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(FileReport {
            source: self.text(),
            evicted: None,
            ..self.clone()
        })
    }
}

/// A problem that is not a finding: a missing path, an unwalkable directory, a bad config.
#[derive(Debug, Clone)]
pub enum RunError {
    Path { path: String, message: String },
    Config(ConfigError),
}

/// Everything a run produced, ready to render.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<FileReport>,
    pub errors: Vec<RunError>,
    /// Fixes applied by the per-file fix loop.
    pub fixed: usize,
    /// Questions that got a new number.
    pub renumbered: usize,
    /// Stub links to external answers renumbering left as they were (they did not track the
    /// question numbers).
    pub stubs_left: usize,
    /// Files whose text changed (written unless showing a diff).
    pub changes: Vec<Change>,
    /// For a run without a config: the convention detection found (`none` when nothing), set by
    /// the caller that ran the detection.
    pub convention: Option<String>,
    /// Files of the repository context (not named) whose numbers renumbering would change: left
    /// as they were.
    pub context_left: Vec<String>,
    /// Files of the repository context (not named) whose numbers stay but that link to
    /// questions renumbering would renumber: `renumber` updates their links, `check --fix`
    /// (which writes only the named files) declines the renumbering.
    pub context_linking: Vec<String>,
    /// Named files whose numbers break but that `renumber` left as they were: they list their
    /// questions in an index before asking them again with their answers, and renumbering
    /// one half would leave the other behind.
    pub index_left: Vec<String>,
    /// Files of the repository context (not named) that link to heading anchors a fix would
    /// rename: those fixes were declined, so that the links keep working.
    pub anchors_kept: Vec<String>,
    /// What the run did besides linting (the repository context, the summary cache), for
    /// `--verbose`.
    pub notes: Vec<String>,
    /// Doubts about the configuration that do not stop the run (a config file beside the one
    /// used), said on stderr as `warning: …`.
    pub warnings: Vec<String>,
    /// `--baseline`: what the baseline hid and what it records that is gone, set by the caller
    /// that applied it ([`baseline::Baseline::apply`]).
    pub baseline: Option<baseline::Applied>,
    /// `--changed-since`: what the filter left out ([`changed::ChangedLines::apply`]).
    pub changed: Option<changed::Applied>,
    /// Wall time of each phase of the run, in order (for `--verbose` and `scripts/bench`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Outcome {
    /// The phase timings as one line: `files 120 ms, repository pass 30 ms (20% of 150 ms)`.
    pub fn timings_line(&self) -> Option<String> {
        let total: std::time::Duration = self.timings.iter().map(|t| t.1).sum();
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let share = |d: std::time::Duration| 100.0 * ms(d) / ms(total).max(1e-9);
        let parts: Vec<String> = self
            .timings
            .iter()
            .map(|(name, d)| format!("{name} {:.1} ms ({:.0}%)", ms(*d), share(*d)))
            .collect();
        (!parts.is_empty()).then(|| format!("{} of {:.1} ms", parts.join(", "), ms(total)))
    }
}

/// A file's text before and after fixing.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub old: Arc<str>,
    pub new: Arc<str>,
}

impl Outcome {
    pub fn count(&self, sev: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == sev)
            .count()
    }

    pub fn questions(&self) -> usize {
        self.files.iter().map(|f| f.questions).sum()
    }

    /// 2 on an I/O or config error (QA900 included), 1 on an error finding, else 0.
    pub fn exit_code(&self) -> i32 {
        let read_error = self
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.rule.is(&READ_ERROR));
        if !self.errors.is_empty() || read_error {
            2
        } else if self.count(Severity::Error) > 0 {
            1
        } else {
            0
        }
    }
}

/// Resolves and caches one profile per config file.
struct Profiles {
    overrides: Overrides,
    cwd: PathBuf,
    fixed: Option<Result<Arc<Profile>, ConfigError>>,
    fallbacks: Vec<Fallback>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_config: HashMap<Option<PathBuf>, Result<Arc<Profile>, ConfigError>>,
}

impl Profiles {
    fn for_file(&mut self, file: &Path) -> Result<Arc<Profile>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let dir = file.parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        // Normalised, so that `../docs/a.md` and `a.md` find one profile, not two.
        let abs = crate::base::paths::absolute(dir);
        let found = config::discover_with(&abs, &mut self.by_dir);
        let (overrides, cwd) = (&self.overrides, &self.cwd);
        let fallback = self
            .fallbacks
            .iter()
            .filter(|fb| abs.starts_with(&fb.root))
            .max_by_key(|fb| fb.root.components().count());
        if found.is_none()
            && let Some(fb) = fallback
        {
            return self
                .by_config
                .entry(Some(fb.file.path.clone()))
                .or_insert_with(|| config::resolve(Some(&fb.file), overrides, cwd).map(Arc::new))
                .clone();
        }
        self.by_config
            .entry(found.clone())
            .or_insert_with(|| load_profile(found.as_deref(), overrides, cwd))
            .clone()
    }
}

fn load_profile(
    path: Option<&Path>,
    overrides: &Overrides,
    cwd: &Path,
) -> Result<Arc<Profile>, ConfigError> {
    let file = path.map(ConfigFile::load).transpose()?;
    config::resolve(file.as_ref(), overrides, cwd).map(Arc::new)
}

/// Check the selection, load configs, walk the paths and pair each file with its profile.
/// Returns false when the run cannot go on (a bad selector or `--config`).
fn collect_jobs(
    req: &Request,
    outcome: &mut Outcome,
    jobs: &mut Vec<(Candidate, Arc<Profile>)>,
    cache: &mut context::CacheOpening,
) -> bool {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    for sel in req.overrides.selectors() {
        if let Err(e) = config::check_selector(sel) {
            outcome.errors.push(RunError::Config(e));
            return false;
        }
    }
    let mut profiles = Profiles {
        overrides: req.overrides.clone(),
        cwd: cwd.clone(),
        fixed: req
            .config
            .as_ref()
            .map(|p| load_profile(Some(p), &req.overrides, &cwd)),
        fallbacks: req
            .fallbacks
            .iter()
            .cloned()
            .map(|mut fb| {
                fb.root = crate::base::paths::absolute(&fb.root);
                fb
            })
            .collect(),
        by_dir: HashMap::new(),
        by_config: HashMap::new(),
    };
    if let Some(Err(e)) = &profiles.fixed {
        outcome.errors.push(RunError::Config(e.clone()));
        return false;
    }
    let threads = req.threads.max(1);
    let paths = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    let (candidates, walk_errors) = match &req.stdin {
        // The document comes from standard input: its path need not exist.
        Some(s) => {
            let path = walk::clean(&s.path);
            let root = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let c = Candidate {
                path,
                explicit: true,
                root,
                context: false,
            };
            (vec![c], Vec::new())
        }
        None => walk::collect(&paths, threads),
    };
    outcome
        .errors
        .extend(walk_errors.into_iter().map(|e| RunError::Path {
            path: e.path,
            message: e.message,
        }));

    // Resolve each file's profile (sequential: discovery is cached per directory).
    let mut seen_config_errors: Vec<Option<PathBuf>> = Vec::new();
    // One file reached through two names (a hard link, a symlink: `README.md -> docs/index.md`)
    // is linted and fixed once, under its first name: twice, each of its questions would be
    // the other's duplicate, and a second write would find it changed and refuse.
    let mut seen_files = std::collections::HashSet::new();
    // The walked files (not named), with the folder walked and their profile.
    let mut walked: Vec<(PathBuf, PathBuf, Arc<Profile>)> = Vec::new();
    for c in candidates {
        if let Some(id) = file_identity(&c.path)
            && !seen_files.insert(id)
        {
            continue;
        }
        match profiles.for_file(&c.path) {
            Ok(p) => {
                if !c.explicit {
                    walked.push((c.path.clone(), c.root.clone(), p.clone()));
                }
                if c.explicit || p.wants(&c.path) {
                    jobs.push((c, p));
                }
            }
            Err(e) => {
                if !seen_config_errors.contains(&e.path) {
                    seen_config_errors.push(e.path.clone());
                    outcome.errors.push(RunError::Config(e));
                }
            }
        }
    }
    outcome
        .warnings
        .extend(unmatched_glob_warnings(&walked, &cwd));
    // Two config files in one folder: one is used, and the run says which are not.
    let mut used: Vec<&PathBuf> = profiles.by_config.keys().flatten().collect();
    used.sort();
    for config in used {
        let others = config::beside(config);
        if !others.is_empty() {
            let shown = |p: &Path| walk::display(p.strip_prefix(&cwd).unwrap_or(p));
            outcome.warnings.push(format!(
                "`{}` is used; {} beside it {} ignored (a folder's config is the first of `{}`)",
                shown(config),
                others
                    .iter()
                    .filter_map(|o| o.file_name())
                    .map(|o| format!("`{}`", o.to_string_lossy()))
                    .collect::<Vec<_>>()
                    .join(" and "),
                if others.len() == 1 { "is" } else { "are" },
                config::CONFIG_NAMES.join("`, `"),
            ));
        }
    }
    // `custom/<id>` on the command line must name a custom rule one of the configs defines.
    let loaded: Vec<&Arc<Profile>> = profiles
        .fixed
        .iter()
        .chain(profiles.by_config.values())
        .filter_map(|p| p.as_ref().ok())
        .collect();
    // What a config file or `--ignore` writes that changes nothing (a system rule ignored).
    let mut written: Vec<(&PathBuf, &Arc<Profile>)> = loaded
        .iter()
        .filter_map(|p| Some((p.config_path.as_ref()?, *p)))
        .collect();
    written.sort_by(|a, b| a.0.cmp(b.0));
    written.dedup_by(|a, b| a.0 == b.0);
    for (config, profile) in written {
        let shown = walk::display(config.strip_prefix(&cwd).unwrap_or(config));
        outcome
            .warnings
            .extend(profile.no_effect.iter().map(|n| n.message(&shown)));
    }
    if let Some(sel) = req
        .overrides
        .select
        .as_ref()
        .filter(|s| config::selects_only_system(s))
    {
        outcome.warnings.push(format!(
            "`--select {}` has no effect: {}",
            sel.join(","),
            config::ONLY_SYSTEM
        ));
    }
    for sel in &req.overrides.ignore {
        if let Some(why) = config::without_effect(sel, "--ignore") {
            outcome
                .warnings
                .push(format!("`--ignore {sel}` has no effect: {why}"));
        }
    }
    if !loaded.is_empty() {
        let mut ids: Vec<String> = loaded
            .iter()
            .flat_map(|p| p.custom_ids.iter().cloned())
            .collect();
        ids.sort();
        ids.dedup();
        for sel in req.overrides.selectors() {
            if let Err(e) = config::check_custom_selector(sel, &ids) {
                outcome.errors.push(RunError::Config(e));
                return false;
            }
        }
    }
    if req.context {
        let named = match &req.stdin {
            Some(s) => vec![s.path.clone()],
            None => paths,
        };
        context::add(
            req,
            &named,
            &mut |p| profiles.for_file(p).ok(),
            jobs,
            outcome,
            cache,
        );
    }
    true
}

/// A warning for each `include`, `exclude` or `question-files` glob of a config file that
/// matches none of the files walked under it, judged only when a walked folder holds the
/// config's whole folder (a walk of `docs/` says nothing of `drafts/**`).
fn unmatched_glob_warnings(walked: &[(PathBuf, PathBuf, Arc<Profile>)], cwd: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut done: Vec<&Arc<Profile>> = Vec::new();
    for (_, _, profile) in walked {
        if done.iter().any(|p| Arc::ptr_eq(p, profile)) {
            continue;
        }
        done.push(profile);
        // A config in memory (detected for a run without one) was not written by anyone.
        let Some(config) = profile.config_path.as_ref().filter(|c| c.is_file()) else {
            continue;
        };
        let mine = walked.iter().filter(|(_, _, p)| Arc::ptr_eq(p, profile));
        if !mine
            .clone()
            .any(|(_, root, _)| profile.root.starts_with(crate::base::paths::absolute(root)))
        {
            continue;
        }
        let files: Vec<&Path> = mine.map(|(path, _, _)| path.as_path()).collect();
        let shown = walk::display(config.strip_prefix(cwd).unwrap_or(config));
        for g in profile.unmatched_globs(&files) {
            out.push(format!(
                "`{}` glob `{}` in `{shown}` matches none of the {} markdown file{} walked",
                g.key,
                g.glob,
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

/// Run the whole pipeline.
pub fn run(req: &Request) -> Outcome {
    let mut outcome = Outcome::default();
    let mut jobs = Vec::new();
    let mut opening = context::CacheOpening::new(req.cache, req.threads);
    let start = std::time::Instant::now();
    if !collect_jobs(req, &mut outcome, &mut jobs, &mut opening) {
        return outcome;
    }
    outcome.timings.push(("walk", start.elapsed()));
    // In a run with repository context, QA402's patterns (a few milliseconds to compile) are
    // all but sure to be needed: they compile while the cache loads and the files are read.
    let with_context = opening.root.is_some();
    if req.threads > 1 && with_context && jobs.iter().any(|(_, p)| p.reads_title_words()) {
        crate::rules::duplicates::similarity::facets::prepare_in_background();
    }
    let loading = std::time::Instant::now();
    let cache = opening.finish();
    if cache.is_some() {
        outcome.timings.push(("cache load", loading.elapsed()));
    }
    let threads = req.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let mut work = || {
        if req.fix.min().is_none() && !req.renumber {
            check_only(req, &jobs, &mut outcome, cache.as_ref())
        } else {
            fixing::fix_and_lint(req, &jobs, &mut outcome, cache.as_ref())
        }
    };
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
    // A run that promises to write nothing (`--diff`, `renumber --check`) leaves the cache be.
    let writes_nothing = (req.fix.min().is_some() || req.renumber) && !req.write;
    if let Some(cache) = cache.filter(|_| !writes_nothing) {
        outcome.notes.push(cache.save());
    }
    // The context was read for the cross-file rules; only what was named is reported.
    let context: HashSet<String> = jobs
        .iter()
        .filter(|(c, _)| c.context)
        .map(|(c, _)| walk::display(&c.path))
        .collect();
    if !context.is_empty() {
        outcome.files.retain(|f| !context.contains(&f.path));
    }
    outcome
}

/// The summary of a context file (read for cross-file rules only): from the cache when it
/// holds it, else parsed. `None` when the file cannot be read (it is then simply not part of
/// the context).
pub(super) fn context_summary(
    c: &Candidate,
    profile: &Profile,
    cache: Option<&cache::SummaryCache>,
    text: Option<Arc<str>>,
) -> Option<FileSummary> {
    let shown = walk::display(&c.path);
    let words = profile.reads_title_words();
    let parse = |text: Arc<str>| {
        let mut summary = FileSummary::of(&Document::parse(shown.clone(), text, &profile.parse));
        if words {
            read_words(&mut summary);
        }
        summary
    };
    let settings = profile.parse_key;
    // The summary, and the cache key it was found or stored under.
    let (mut summary, key) = match (cache, text) {
        // A file whose stamp has not moved since its summary was cached is not read at all;
        // else hashing its bytes is enough to find the summary: the text is decoded only when
        // the file must be parsed.
        (Some(cache), None) => {
            let abs = crate::base::paths::absolute(&c.path);
            let now = std::time::SystemTime::now();
            let mut file = std::fs::File::open(&c.path).ok()?;
            // The stamp is taken before the bytes are read: a write in between moves it.
            let stamp = file
                .metadata()
                .map_or(cache::Stamp::NONE, |m| cache::Stamp::of(&m, now));
            if let Some((summary, content)) = cache.unchanged(&abs, stamp, settings) {
                (summary, Some((cache, abs, content, stamp)))
            } else {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
                let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                let content = cache::content_hash(body);
                let mut unreadable = false;
                let summary =
                    cache.summary(&abs, content, settings, stamp, || match decode(&bytes) {
                        Ok(text) => parse(text),
                        Err(_) => {
                            unreadable = true;
                            FileSummary::default()
                        }
                    });
                if unreadable {
                    return None;
                }
                (summary, Some((cache, abs, content, stamp)))
            }
        }
        (Some(cache), Some(text)) => {
            let abs = crate::base::paths::absolute(&c.path);
            let content = cache::content_hash(text.as_bytes());
            let stamp = cache::Stamp::NONE;
            let summary = cache.summary(&abs, content, settings, stamp, || parse(text.clone()));
            (summary, Some((cache, abs, content, stamp)))
        }
        (None, Some(text)) => (parse(text), None),
        (None, None) => (parse(decode(&std::fs::read(&c.path).ok()?).ok()?), None),
    };
    summary.path = shown;
    // A cached summary read without QA402, or under a path of another language, gets its
    // titles' words now, and keeps them for the next run.
    if words && read_words(&mut summary) {
        if let Some((cache, abs, content, stamp)) = key {
            cache.store(&abs, content, settings, stamp, &summary);
        }
    }
    summary.context = true;
    Some(summary)
}

/// Keep a fully linted file's summary in the cache, for later runs' context.
pub(super) fn remember(
    cache: Option<&cache::SummaryCache>,
    c: &Candidate,
    profile: &Profile,
    text: &str,
    summary: &FileSummary,
) {
    if let Some(cache) = cache {
        cache.keep_summary(
            &crate::base::paths::absolute(&c.path),
            cache::content_hash(text.as_bytes()),
            profile.parse_key,
            summary,
        );
    }
}

/// Every formula under `req.paths` as JSON lines (`path`, `line`, `column`, `display`, `tex`,
/// `codes`: the QA2xx findings inside it), for the math oracle; and the exit code.
pub fn formulas(req: &Request) -> (String, i32) {
    let mut outcome = Outcome::default();
    let mut jobs = Vec::new();
    collect_jobs(req, &mut outcome, &mut jobs, &mut Default::default());
    let lines: Vec<String> = jobs
        .par_iter()
        .map(|(c, profile)| {
            let Ok(text) = std::fs::read(&c.path)
                .map_err(|_| ())
                .and_then(|b| decode(&b).map_err(|_| ()))
            else {
                return String::new();
            };
            let path = walk::display(&c.path);
            let doc = Document::parse(path.clone(), text, &profile.parse);
            let diags: Vec<Diagnostic> = check_document(&doc, profile)
                .into_iter()
                .filter(|d| d.rule.family() == Family::Math)
                .collect();
            let mut out = String::new();
            for f in &doc.formulas {
                let pos = doc.lines.position(&doc.text, f.range.start);
                let codes: Vec<&str> = diags
                    .iter()
                    .filter(|d| f.range.contains(&d.span.start))
                    .map(|d| d.rule.code())
                    .collect();
                let v = serde_json::json!({
                    "path": path, "line": pos.line, "column": pos.column,
                    "display": f.display, "tex": f.tex, "codes": codes,
                });
                out.push_str(&v.to_string());
                out.push('\n');
            }
            out
        })
        .collect();
    let code = if outcome.errors.is_empty() { 0 } else { 2 };
    (lines.concat(), code)
}

/// What identifies a file whatever its name: device and inode on Unix, the canonical path
/// elsewhere.
fn file_identity(path: &Path) -> Option<(u64, u64, PathBuf)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some((m.dev(), m.ino(), PathBuf::new()))
    }
    #[cfg(not(unix))]
    {
        Some((0, 0, std::fs::canonicalize(path).ok()?))
    }
}

/// A run that writes nothing: each file is read, linted and dropped in one go (its findings,
/// summary and line index stay), so memory holds one file per thread, not the repository.
fn check_only(
    req: &Request,
    jobs: &[(Candidate, Arc<Profile>)],
    outcome: &mut Outcome,
    cache: Option<&cache::SummaryCache>,
) {
    if let Some(pb) = &req.progress {
        pb.start(jobs.iter().filter(|(c, _)| !c.context).count());
    }
    let start = std::time::Instant::now();
    let job = |(c, p): &(Candidate, Arc<Profile>)| {
        if c.context {
            let summary = context_summary(c, p, cache, None).unwrap_or_default();
            return (lint::context_report(walk::display(&c.path)), summary);
        }
        let loaded = req.load(c, false);
        let shown = walk::display(&c.path);
        let result = match (loaded.text, loaded.error) {
            (Some(t), _) => {
                let (mut report, summary) = lint_text(shown, t.clone(), p);
                remember(cache, c, p, &t, &summary);
                if req.drop_texts && !req.is_stdin(c) {
                    report.evict(&c.path);
                }
                (report, summary)
            }
            (None, Some(e)) => lint::unreadable(shown, e),
            (None, None) => lint::unreadable(
                shown,
                Diagnostic::new(&READ_ERROR, 0..0, "cannot read the file"),
            ),
        };
        if let Some(pb) = &req.progress {
            pb.tick();
        }
        result
    };
    // The files named first: each is linted in full, while a context file only has its
    // summary decoded, so a thread that came upon a named file late (after its share of the
    // context) would keep the run waiting while the other threads idle.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| jobs[i].0.context);
    let mut results: Vec<(usize, (FileReport, FileSummary))> =
        order.par_iter().map(|&i| (i, job(&jobs[i]))).collect();
    results.sort_unstable_by_key(|r| r.0);
    let (files, summaries): (Vec<FileReport>, Vec<FileSummary>) =
        results.into_iter().map(|r| r.1).unzip();
    outcome.files.extend(files);
    outcome.timings.push(("files", start.elapsed()));
    let start = std::time::Instant::now();
    repository::finish(jobs, summaries, None, &mut outcome.files);
    outcome.timings.push(("repository pass", start.elapsed()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::{Applicability, Edit, Fix};
    use crate::rules::{ActiveRule, Rule, RuleMeta};

    static FLIP: RuleMeta = RuleMeta {
        code: "QA999",
        name: "flip-flop",
        family: Family::Markup,
        summary: "test rule whose fix never settles",
        default_severity: crate::base::diagnostic::Severity::Error,
    };

    /// Always asks to prepend one more `x`: the fix loop must give up and say so.
    struct FlipFlop;

    impl Rule for FlipFlop {
        fn meta(&self) -> crate::base::diagnostic::RuleRef {
            (&FLIP).into()
        }
        fn check(&self, _: &Document, out: &mut Vec<Diagnostic>) {
            out.push(
                Diagnostic::new(&FLIP, 0..0, "again")
                    .with_fix(Fix::safe("grow the title", vec![Edit::replace(7..7, "x")])),
            );
        }
    }

    /// Indents the first heading by four spaces: it would become indented code.
    struct Indenter;

    impl Rule for Indenter {
        fn meta(&self) -> crate::base::diagnostic::RuleRef {
            (&FLIP).into()
        }
        fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
            if doc.text.starts_with('#') {
                out.push(
                    Diagnostic::new(&FLIP, 0..0, "indent")
                        .with_fix(Fix::safe("indent", vec![Edit::replace(0..0, "    ")])),
                );
            }
        }
    }

    #[test]
    fn a_fix_that_changes_the_structure_is_refused_and_nothing_is_applied() {
        let mut profile =
            config::resolve(None, &Overrides::default(), Path::new(".")).expect("defaults");
        profile.rules.push(ActiveRule {
            rule: Box::new(Indenter),
            severity: crate::base::diagnostic::Severity::Error,
        });
        let text = "## Q1: x?\n\n### Q2: y?\n";
        let f = fix_loop("t.md", Arc::from(text), &profile, Applicability::Safe);
        let refused = f.refused.expect("refused");
        assert_eq!(refused.line, 1);
        assert!(
            refused
                .message
                .contains("a level-2 heading would become an indented code block"),
            "{}",
            refused.message
        );
        assert_eq!(&*f.text, text);
        assert_eq!(f.applied, 0);
    }

    #[test]
    fn a_fix_that_never_settles_is_reported_not_converged() {
        let mut profile =
            config::resolve(None, &Overrides::default(), Path::new(".")).expect("defaults");
        profile.rules.push(ActiveRule {
            rule: Box::new(FlipFlop),
            severity: crate::base::diagnostic::Severity::Error,
        });
        let f = fix_loop(
            "t.md",
            Arc::from("## Q1: x?\n"),
            &profile,
            Applicability::Safe,
        );
        assert!(!f.converged);
        assert_eq!(f.applied, fix::MAX_PASSES);
        assert!(
            f.text
                .starts_with(&format!("## Q1: {}", "x".repeat(fix::MAX_PASSES))),
            "{}",
            f.text
        );
    }
}
