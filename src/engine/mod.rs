//! Layer 4, the engine: walk, the per-file and repository passes, suppressions, the fix loop,
//! renumbering and atomic writes. Uses `config`, `rules`, `model` and `base`.
//!
//! The pipeline: resolve a profile per file, lint files in parallel (parse once, every rule on the
//! shared document), run the repository pass, and return sorted per-file reports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub mod fix;
pub mod suppress;
pub mod walk;
pub mod write;

use crate::base::diagnostic::{Applicability, Family};
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::config::{self, ConfigError, ConfigFile, Overrides, Profile};
use crate::model::document::Document;
use crate::model::line_index::LineIndex;
use crate::model::renumber;
use crate::model::summary::FileSummary;
use crate::rules::{FIX_NOT_CONVERGED, READ_ERROR};
use fix::FixMode;
use walk::Candidate;
use write::Snapshot;

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
    /// Files whose text changed (written unless showing a diff).
    pub changes: Vec<Change>,
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
        let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let found = self
            .by_dir
            .entry(abs.clone())
            .or_insert_with(|| config::discover(&abs))
            .clone();
        let (overrides, cwd) = (&self.overrides, &self.cwd);
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
) -> bool {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    for sel in req
        .overrides
        .select
        .iter()
        .flatten()
        .chain(&req.overrides.ignore)
    {
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
    let (candidates, walk_errors) = walk::collect(&paths, threads);
    outcome
        .errors
        .extend(walk_errors.into_iter().map(|e| RunError::Path {
            path: e.path,
            message: e.message,
        }));

    // Resolve each file's profile (sequential: discovery is cached per directory).
    let mut seen_config_errors: Vec<Option<PathBuf>> = Vec::new();
    // When fixing, one file reached through two names (a hard link, a symlink) is fixed once,
    // under its first name: a second write would find it changed and refuse.
    let writing = req.fix.min().is_some() || req.renumber;
    let mut seen_files = std::collections::HashSet::new();
    for c in candidates {
        if writing
            && let Some(id) = file_identity(&c.path)
            && !seen_files.insert(id)
        {
            continue;
        }
        match profiles.for_file(&c.path) {
            Ok(p) => {
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
    true
}

/// Run the whole pipeline.
pub fn run(req: &Request) -> Outcome {
    let mut outcome = Outcome::default();
    let mut jobs = Vec::new();
    if !collect_jobs(req, &mut outcome, &mut jobs) {
        return outcome;
    }
    let threads = req.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let mut work = || process(req, &jobs, &mut outcome);
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
    outcome
}

/// Every formula under `req.paths` as JSON lines (`path`, `line`, `column`, `display`, `tex`,
/// `codes`: the QA2xx findings inside it), for the math oracle; and the exit code.
pub fn formulas(req: &Request) -> (String, i32) {
    let mut outcome = Outcome::default();
    let mut jobs = Vec::new();
    collect_jobs(req, &mut outcome, &mut jobs);
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

/// A file as read: its text (None when unreadable), what to check before writing, its BOM.
struct Loaded {
    text: Option<Arc<str>>,
    error: Option<Diagnostic>,
    snapshot: Option<Snapshot>,
    bom: bool,
}

/// Read, fix (when asked), lint, and write or diff (when asked). Runs inside the thread pool.
fn process(req: &Request, jobs: &[(Candidate, Arc<Profile>)], outcome: &mut Outcome) {
    if req.fix.min().is_none() && !req.renumber {
        return check_only(req, jobs, outcome);
    }
    let loaded: Vec<Loaded> = jobs.par_iter().map(|(c, _)| load(&c.path, true)).collect();
    let mut current: Vec<Option<Arc<str>>> = loaded.iter().map(|l| l.text.clone()).collect();
    let mut not_converged = vec![false; jobs.len()];

    if let Some(min) = req.fix.min() {
        let fixed: Vec<(Option<Arc<str>>, usize, bool)> = jobs
            .par_iter()
            .zip(current.par_iter())
            .map(|((c, p), text)| match text {
                Some(t) => {
                    let (t, n, ok) = fix_loop(&walk::display(&c.path), t.clone(), p, min);
                    (Some(t), n, ok)
                }
                None => (None, 0, true),
            })
            .collect();
        for (i, (t, n, ok)) in fixed.into_iter().enumerate() {
            current[i] = t;
            outcome.fixed += n;
            not_converged[i] = !ok;
        }
    }
    if req.renumber || req.fix.min().is_some_and(|m| m <= Applicability::Safe) {
        let before = current.clone();
        outcome.renumbered += renumber_all(req, jobs, &mut current, &not_converged);
        // New numbers can make other fixes applicable (a TOC entry now matching a question):
        // one more per-file round on the files renumbering changed.
        if let Some(min) = req.fix.min() {
            let again: Vec<(usize, Fixed)> = jobs
                .par_iter()
                .enumerate()
                .filter(|(i, _)| current[*i] != before[*i])
                .filter_map(|(i, (c, p))| {
                    let t = current[i].clone()?;
                    Some((i, fix_loop(&walk::display(&c.path), t, p, min)))
                })
                .collect();
            for (i, (t, n, ok)) in again {
                current[i] = Some(t);
                outcome.fixed += n;
                not_converged[i] |= !ok;
            }
        }
    }

    if let Some(pb) = &req.progress {
        pb.start(jobs.len());
    }
    let results: Vec<(FileReport, FileSummary)> = jobs
        .par_iter()
        .inspect(|_| {
            if let Some(pb) = &req.progress {
                pb.tick();
            }
        })
        .zip(loaded.par_iter())
        .zip(current.par_iter())
        .map(|(((c, p), l), text)| match (text, &l.error) {
            (Some(t), _) => lint_text(walk::display(&c.path), t.clone(), p),
            (None, Some(e)) => unreadable(walk::display(&c.path), e.clone()),
            (None, None) => unreadable(
                walk::display(&c.path),
                Diagnostic::new(&READ_ERROR, 0..0, "cannot read the file"),
            ),
        })
        .collect();
    let mut summaries = Vec::with_capacity(results.len());
    for (i, (mut report, summary)) in results.into_iter().enumerate() {
        if not_converged[i] {
            report.diagnostics.push(
                Diagnostic::new(
                    &FIX_NOT_CONVERGED,
                    0..0,
                    format!(
                        "fixes for `{}` did not converge after {} passes; the file was not written",
                        report.path,
                        fix::MAX_PASSES
                    ),
                )
                .with_help("run `qalint check --fix` again, or fix the remaining findings by hand, and report the file to qalint's issue tracker"),
            );
        }
        outcome.files.push(report);
        summaries.push(summary);
    }
    repository_pass(jobs, &summaries, &mut outcome.files);
    for (report, (_, profile)) in outcome.files.iter_mut().zip(jobs) {
        crate::engine::suppress::apply(report, profile);
    }
    for f in &mut outcome.files {
        sort_diagnostics(&mut f.diagnostics);
    }

    // Changed files: show or write.
    for (i, (c, _)) in jobs.iter().enumerate() {
        let (Some(old), Some(new)) = (&loaded[i].text, &current[i]) else {
            continue;
        };
        if old == new || not_converged[i] {
            continue;
        }
        let path = walk::display(&c.path);
        outcome.changes.push(Change {
            path: path.clone(),
            old: old.clone(),
            new: new.clone(),
        });
        if req.write {
            let bytes = write::encode(new, write::Encoding { bom: loaded[i].bom });
            let snapshot = loaded[i]
                .snapshot
                .clone()
                .unwrap_or_else(|| write::Snapshot::of(b""));
            if let Err(e) = write::replace(&c.path, &snapshot, &bytes, Some(&c.root)) {
                outcome.errors.push(RunError::Path {
                    path,
                    message: format!("not written: {e}"),
                });
            }
        }
    }
}

/// Read and decode a file; `snapshot`: also hash it, to check before writing it back.
fn load(path: &Path, snapshot: bool) -> Loaded {
    let shown = walk::display(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Loaded {
                text: None,
                error: Some(read_error(&shown, ReadError::Io(walk::describe_io(&e)))),
                snapshot: None,
                bom: false,
            };
        }
    };
    if u32::try_from(bytes.len()).is_err() {
        return Loaded {
            text: None,
            error: Some(read_error(
                &shown,
                ReadError::Io("the file is larger than 4 GiB, the most qalint reads".into()),
            )),
            snapshot: None,
            bom: false,
        };
    }
    let snapshot = snapshot.then(|| Snapshot::of(&bytes));
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    match decode(&bytes) {
        Ok(t) => Loaded {
            text: Some(t),
            error: None,
            snapshot,
            bom,
        },
        Err(e) => Loaded {
            text: None,
            error: Some(read_error(&shown, e)),
            snapshot,
            bom,
        },
    }
}

/// A run that writes nothing: each file is read, linted and dropped in one go (its findings,
/// summary and line index stay), so memory holds one file per thread, not the repository.
fn check_only(req: &Request, jobs: &[(Candidate, Arc<Profile>)], outcome: &mut Outcome) {
    if let Some(pb) = &req.progress {
        pb.start(jobs.len());
    }
    let results: Vec<(FileReport, FileSummary)> = jobs
        .par_iter()
        .map(|(c, p)| {
            let loaded = load(&c.path, false);
            let shown = walk::display(&c.path);
            let result = match (loaded.text, loaded.error) {
                (Some(t), _) => {
                    let (mut report, summary) = lint_text(shown, t, p);
                    if req.drop_texts {
                        report.evict(&c.path);
                    }
                    (report, summary)
                }
                (None, Some(e)) => unreadable(shown, e),
                (None, None) => unreadable(
                    shown,
                    Diagnostic::new(&READ_ERROR, 0..0, "cannot read the file"),
                ),
            };
            if let Some(pb) = &req.progress {
                pb.tick();
            }
            result
        })
        .collect();
    let (files, summaries): (Vec<FileReport>, Vec<FileSummary>) = results.into_iter().unzip();
    outcome.files.extend(files);
    repository_pass(jobs, &summaries, &mut outcome.files);
    drop(summaries);
    for (report, (_, profile)) in outcome.files.iter_mut().zip(jobs) {
        crate::engine::suppress::apply(report, profile);
    }
    for f in &mut outcome.files {
        sort_diagnostics(&mut f.diagnostics);
    }
}

/// A fixed text, how many fixes were applied, and whether the fixes settled.
pub type Fixed = (Arc<str>, usize, bool);

/// Apply safe (or unsafe) per-file fixes until nothing changes; `false` when it did not converge.
/// Numbering is left to [`renumber_texts`].
pub fn fix_loop(
    path: &str,
    mut text: Arc<str>,
    profile: &Profile,
    min: Applicability,
) -> (Arc<str>, usize, bool) {
    let mut applied = 0;
    for _ in 0..fix::MAX_PASSES {
        let doc = Document::parse(path.to_string(), text.clone(), &profile.parse);
        let diags = per_file_fixable(check_document(&doc, profile));
        let diags = crate::engine::suppress::filter(&doc, profile, diags);
        let fixes = fix::applicable(&diags, min);
        match fix::apply(&text, &fixes) {
            Some((new, n)) => {
                applied += n;
                text = Arc::from(new);
            }
            None => return (text, applied, true),
        }
    }
    let doc = Document::parse(path.to_string(), text.clone(), &profile.parse);
    let converged = fix::applicable(
        &crate::engine::suppress::filter(
            &doc,
            profile,
            per_file_fixable(check_document(&doc, profile)),
        ),
        min,
    )
    .is_empty();
    (text, applied, converged)
}

/// Renumber documents that share `profile` (in path order), updating links between them.
/// Returns the new texts, in the same order.
pub fn renumber_texts(files: &[(String, Arc<str>)], profile: &Profile) -> Vec<Arc<str>> {
    let docs: Vec<Document> = files
        .iter()
        .map(|(p, t)| Document::parse(p.clone(), t.clone(), &profile.parse))
        .collect();
    let refs: Vec<&Document> = docs.iter().collect();
    renumber::plan(&refs)
        .into_iter()
        .zip(&docs)
        .map(|(edits, doc)| {
            let fix = crate::base::diagnostic::Fix::safe("renumber", edits);
            match fix::apply(&doc.text, &[&fix]) {
                Some((new, _)) => Arc::from(new),
                None => doc.text.clone(),
            }
        })
        .collect()
}

/// Findings whose fixes the per-file loop applies: numbering is left to the renumber step, which
/// also updates links in other files.
fn per_file_fixable(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.retain(|d| d.rule.family() != Family::Numbering);
    diags
}

/// Whether an active numbering rule reports anything in these documents.
fn numbering_broken(docs: &[Document], profile: &Profile) -> bool {
    let active: Vec<_> = profile
        .rules
        .iter()
        .filter(|r| r.rule.meta().family() == Family::Numbering)
        .collect();
    if active.is_empty() {
        return false;
    }
    let mut out = Vec::new();
    for d in docs {
        for r in &active {
            r.rule.check(d, &mut out);
        }
        // Suppressed numbering findings do not ask for renumbering.
        out = crate::engine::suppress::filter(d, profile, out);
        if !out.is_empty() {
            return true;
        }
    }
    let summaries: Vec<FileSummary> = docs.iter().map(FileSummary::of).collect();
    let refs: Vec<&FileSummary> = summaries.iter().collect();
    let mut repo = Vec::new();
    for r in &active {
        r.rule.check_repository(&profile.parse, &refs, &mut repo);
    }
    repo.into_iter()
        .any(|(i, d)| !crate::engine::suppress::filter(&docs[i], profile, vec![d]).is_empty())
}

/// Renumber every numbering scope, across files, updating links; returns questions renumbered.
fn renumber_all(
    req: &Request,
    jobs: &[(Candidate, Arc<Profile>)],
    current: &mut [Option<Arc<str>>],
    skip: &[bool],
) -> usize {
    let mut total = 0;
    for (profile, members) in profile_groups(jobs) {
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| current[i].is_some() && !skip[i])
            .collect();
        let docs: Vec<Document> = members
            .par_iter()
            .map(|&i| {
                let text = current[i].clone().unwrap_or_else(|| Arc::from(""));
                Document::parse(walk::display(&jobs[i].0.path), text, &profile.parse)
            })
            .collect();
        if !req.renumber && !numbering_broken(&docs, &profile) {
            continue;
        }
        let refs: Vec<&Document> = docs.iter().collect();
        let plan = renumber::plan(&refs);
        total += renumber::count(&refs);
        for (k, edits) in plan.into_iter().enumerate() {
            if edits.is_empty() {
                continue;
            }
            let i = members[k];
            let text = docs[k].text.clone();
            let fix = crate::base::diagnostic::Fix::safe("renumber", edits);
            if let Some((new, _)) = fix::apply(&text, &[&fix]) {
                current[i] = Some(Arc::from(new));
            }
        }
    }
    total
}

fn sort_diagnostics(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        (a.span.start, a.rule.code(), a.span.end, &a.message).cmp(&(
            b.span.start,
            b.rule.code(),
            b.span.end,
            &b.message,
        ))
    });
}

fn read_error(shown: &str, cause: ReadError) -> Diagnostic {
    let help = match cause {
        ReadError::NotUtf8 { .. } => {
            "qalint lints UTF-8 text; convert the file (for example with `iconv -t UTF-8`) or exclude it"
        }
        ReadError::Io(_) => "check that the file exists and is readable",
    };
    Diagnostic::new(&READ_ERROR, 0..0, format!("cannot read `{shown}`: {cause}")).with_help(help)
}

/// The report of a file that could not be read.
fn unreadable(path: String, d: Diagnostic) -> (FileReport, FileSummary) {
    let source: Arc<str> = Arc::from("");
    (
        FileReport {
            path: path.clone(),
            lines: Arc::new(LineIndex::new(&source)),
            source,
            questions: 0,
            diagnostics: vec![d],
            suppressions: Default::default(),
            evicted: None,
        },
        FileSummary {
            path,
            ..FileSummary::default()
        },
    )
}

/// Every active rule's per-file findings, at the profile's severities.
pub fn check_document(doc: &Document, profile: &Profile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for active in &profile.rules {
        let before = diagnostics.len();
        active.rule.check(doc, &mut diagnostics);
        for d in &mut diagnostics[before..] {
            d.severity = active.severity;
        }
    }
    diagnostics
}

/// Parse and lint text that has already been read.
pub fn lint_text(path: String, text: Arc<str>, profile: &Profile) -> (FileReport, FileSummary) {
    let doc = Document::parse(path.clone(), text, &profile.parse);
    let diagnostics = check_document(&doc, profile);
    let suppressions = crate::engine::suppress::Suppressions::parse(&doc);
    let summary = FileSummary::of(&doc);
    let questions = doc.questions.len();
    let Document { text, lines, .. } = doc;
    (
        FileReport {
            path,
            source: text,
            lines: Arc::new(lines),
            questions,
            diagnostics,
            suppressions,
            evicted: None,
        },
        summary,
    )
}

/// Files grouped by the profile they are linted under, in path order within each group.
fn profile_groups(jobs: &[(Candidate, Arc<Profile>)]) -> Vec<(Arc<Profile>, Vec<usize>)> {
    let mut groups: Vec<(Arc<Profile>, Vec<usize>)> = Vec::new();
    for (i, (_, p)) in jobs.iter().enumerate() {
        match groups.iter_mut().find(|(g, _)| Arc::ptr_eq(g, p)) {
            Some((_, v)) => v.push(i),
            None => groups.push((p.clone(), vec![i])),
        }
    }
    groups
}

/// Cross-file rules, once per profile over the files linted under it (in path order).
fn repository_pass(
    jobs: &[(Candidate, Arc<Profile>)],
    summaries: &[FileSummary],
    files: &mut [FileReport],
) {
    for (profile, members) in profile_groups(jobs) {
        let group: Vec<&FileSummary> = members.iter().map(|&i| &summaries[i]).collect();
        for active in &profile.rules {
            let mut out = Vec::new();
            active
                .rule
                .check_repository(&profile.parse, &group, &mut out);
            for (fi, mut d) in out {
                d.severity = active.severity;
                files[members[fi]].diagnostics.push(d);
            }
        }
    }
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(String),
    NotUtf8 { line: usize, column: usize },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(m) => f.write_str(m),
            ReadError::NotUtf8 { line, column } => write!(
                f,
                "not valid UTF-8 (first invalid byte at line {line}, byte column {column})"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decode file bytes as UTF-8 text, without a leading byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<Arc<str>, ReadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let valid = &body[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            Err(ReadError::NotUtf8 { line, column })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::{Edit, Fix};
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
                    .with_fix(Fix::safe("prepend", vec![Edit::replace(0..0, "x")])),
            );
        }
    }

    #[test]
    fn a_fix_that_never_settles_is_reported_not_converged() {
        let mut profile =
            config::resolve(None, &Overrides::default(), Path::new(".")).expect("defaults");
        profile.rules.push(ActiveRule {
            rule: Box::new(FlipFlop),
            severity: crate::base::diagnostic::Severity::Error,
        });
        let (text, applied, converged) = fix_loop(
            "t.md",
            Arc::from("## Q1: x?\n"),
            &profile,
            Applicability::Safe,
        );
        assert!(!converged);
        assert_eq!(applied, fix::MAX_PASSES);
        assert!(text.starts_with(&"x".repeat(fix::MAX_PASSES)));
    }
}
