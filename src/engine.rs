//! The pipeline: resolve a profile per file, lint files in parallel (parse once, every rule on the
//! shared document), run the repository pass, and return sorted per-file reports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, ConfigError, ConfigFile, Overrides, Profile};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::line_index::LineIndex;
use crate::numbering;
use crate::rules::{FileSummary, READ_ERROR};
use crate::walk::{self, Candidate};

/// What to lint and how.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    /// `--config`: one file for everything, no discovery.
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    pub threads: usize,
}

/// One linted file: its text (for snippets), its findings and its question count.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    pub source: Arc<str>,
    pub lines: LineIndex,
    pub questions: usize,
    pub diagnostics: Vec<Diagnostic>,
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
            .any(|d| std::ptr::eq(d.rule, &READ_ERROR));
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

/// Run the whole pipeline.
pub fn run(req: &Request) -> Outcome {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut outcome = Outcome::default();
    for sel in req
        .overrides
        .select
        .iter()
        .flatten()
        .chain(&req.overrides.ignore)
    {
        if let Err(e) = config::check_selector(sel) {
            outcome.errors.push(RunError::Config(e));
            return outcome;
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
        return outcome;
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
    let mut jobs: Vec<(Candidate, Arc<Profile>)> = Vec::new();
    let mut seen_config_errors: Vec<Option<PathBuf>> = Vec::new();
    for c in candidates {
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

    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let lint_all = || {
        jobs.par_iter()
            .map(|(c, p)| lint_file(&c.path, p))
            .collect::<Vec<_>>()
    };
    let results = match pool {
        Ok(pool) => pool.install(lint_all),
        Err(_) => lint_all(),
    };

    let mut summaries = Vec::with_capacity(results.len());
    for (report, summary) in results {
        outcome.files.push(report);
        summaries.push(summary);
    }
    repository_pass(&jobs, &summaries, &mut outcome.files);
    for f in &mut outcome.files {
        sort_diagnostics(&mut f.diagnostics);
    }
    outcome
}

fn sort_diagnostics(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        (a.span.start, a.rule.code, a.span.end, &a.message).cmp(&(
            b.span.start,
            b.rule.code,
            b.span.end,
            &b.message,
        ))
    });
}

/// Read, parse and lint one file.
pub fn lint_file(path: &Path, profile: &Profile) -> (FileReport, FileSummary) {
    let shown = walk::display(path);
    let text = match read_text(path) {
        Ok(t) => t,
        Err(cause) => {
            let d = Diagnostic::new(&READ_ERROR, 0..0, format!("cannot read `{shown}`: {cause}"))
                .with_help(match cause {
                    ReadError::NotUtf8 { .. } => {
                        "qalint lints UTF-8 text; convert the file (for example with `iconv -t UTF-8`) or exclude it"
                    }
                    ReadError::Io(_) => "check that the file exists and is readable",
                });
            let source: Arc<str> = Arc::from("");
            return (
                FileReport {
                    path: shown.clone(),
                    lines: LineIndex::new(&source),
                    source,
                    questions: 0,
                    diagnostics: vec![d],
                },
                FileSummary {
                    path: shown,
                    questions: Vec::new(),
                },
            );
        }
    };
    lint_text(shown, text, profile)
}

/// Parse and lint text that has already been read.
pub fn lint_text(path: String, text: Arc<str>, profile: &Profile) -> (FileReport, FileSummary) {
    let doc = Document::parse(path.clone(), text, profile);
    let mut diagnostics = Vec::new();
    for active in &profile.rules {
        let before = diagnostics.len();
        active.rule.check(&doc, &mut diagnostics);
        for d in &mut diagnostics[before..] {
            d.severity = active.severity;
        }
    }
    let summary = FileSummary {
        path: path.clone(),
        questions: numbering::question_refs(&doc),
    };
    let questions = doc.questions.len();
    let Document { text, lines, .. } = doc;
    (
        FileReport {
            path,
            source: text,
            lines,
            questions,
            diagnostics,
        },
        summary,
    )
}

/// Cross-file rules, once per profile over the files linted under it (in path order).
fn repository_pass(
    jobs: &[(Candidate, Arc<Profile>)],
    summaries: &[FileSummary],
    files: &mut [FileReport],
) {
    let mut groups: Vec<(Arc<Profile>, Vec<usize>)> = Vec::new();
    for (i, (_, p)) in jobs.iter().enumerate() {
        match groups.iter_mut().find(|(g, _)| Arc::ptr_eq(g, p)) {
            Some((_, v)) => v.push(i),
            None => groups.push((p.clone(), vec![i])),
        }
    }
    for (profile, members) in groups {
        let group: Vec<&FileSummary> = members.iter().map(|&i| &summaries[i]).collect();
        for active in &profile.rules {
            let mut out = Vec::new();
            active.rule.check_repository(&profile, &group, &mut out);
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

/// Read a file as UTF-8 text, without a leading byte-order mark.
pub fn read_text(path: &Path) -> Result<Arc<str>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(walk::describe_io(&e)))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
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
