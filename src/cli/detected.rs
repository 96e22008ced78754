//! Zero-config runs: with no `.qalint.yml` for the paths given (and no `--config`), run `init`'s
//! detection in memory and lint with the config it proposes.

use std::path::{Path, PathBuf};

use crate::config::{self, ConfigFile};
use crate::detect;
use crate::engine::Fallback;

/// What a run without a config uses: the fallback configs, and the line that says what was
/// detected (`None` when a config exists, so nothing was detected).
pub struct ZeroConfig {
    /// One config per detection root, for the files under it that have no `.qalint.yml`.
    pub fallbacks: Vec<Fallback>,
    /// The convention's headline, or `none`; with several roots that differ, each root's.
    pub convention: Option<String>,
    /// The note for people (stderr).
    pub note: Option<String>,
}

/// The rules that need questions, turned off when no convention was found.
const WITHOUT_QUESTIONS: &str = "rules:\n  ignore: [QA0, QA1, QA301, QA302, QA4, QA5]\n";

/// One detection: its root, as named, and what it found.
struct Detected {
    shown: String,
    fallback: Fallback,
    convention: String,
    note: String,
}

/// Detect the convention of what each path names, unless a config decides: a directory is
/// read as given (`qalint check docs/`); for a file (pre-commit passes files), the git work tree
/// it is in, else its directory. Paths that share a root share one detection, and a root inside
/// another is read as part of it, so `qalint check a/ b/` treats each as `qalint check a/` and
/// `qalint check b/` would.
/// `open` is a document read from elsewhere than its path (stdin): detection reads its text.
pub fn detect_for(paths: &[PathBuf], config_given: bool, open: Option<&str>) -> ZeroConfig {
    let mut zero = ZeroConfig {
        fallbacks: Vec::new(),
        convention: None,
        note: None,
    };
    if config_given {
        return zero;
    }
    let dot = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &dot[..] } else { paths };
    // Each root once, with the git work tree it is in and the path that led to it; roots in one
    // work tree become their deepest common folder, which one detection reads (as `qalint check
    // .` would): the named paths are one repository, so the cross-file rules see them together.
    let mut roots: Vec<(PathBuf, Option<PathBuf>, &PathBuf)> = Vec::new();
    for path in paths {
        let Some(root) = detection_root(path) else {
            continue;
        };
        let tree = work_tree(&root);
        match roots
            .iter_mut()
            .find(|(r, t, _)| *r == root || (tree.is_some() && *t == tree))
        {
            Some((r, _, _)) => *r = common_folder(r, &root),
            None => roots.push((root, tree, path)),
        }
    }
    let inner = |r: &PathBuf| roots.iter().any(|(o, _, _)| o != r && r.starts_with(o));
    let detected: Vec<Detected> = roots
        .iter()
        .filter(|(r, _, _)| !inner(r))
        .filter_map(|(root, _, named)| detect_root(root, named, open.filter(|_| paths.len() == 1)))
        .collect();
    if detected.is_empty() {
        return zero;
    }
    let first = &detected[0];
    let alike = detected.iter().all(|d| d.convention == first.convention);
    if alike {
        zero.convention = Some(first.convention.clone());
        zero.note = Some(first.note.clone());
    } else {
        let each = |f: &dyn Fn(&Detected) -> &String, sep: &str| {
            detected
                .iter()
                .map(|d| format!("{}: {}", d.shown, f(d)))
                .collect::<Vec<_>>()
                .join(sep)
        };
        zero.convention = Some(each(&|d| &d.convention, "; "));
        zero.note = Some(each(&|d| &d.note, "\n"));
    }
    zero.fallbacks = detected.into_iter().map(|d| d.fallback).collect();
    zero
}

/// The git work tree `dir` is in, if any.
fn work_tree(dir: &Path) -> Option<PathBuf> {
    let top = crate::model::links::repo_root(&dir.join("_"));
    top.join(".git").exists().then_some(top)
}

/// The deepest folder holding both `a` and `b`.
fn common_folder(a: &Path, b: &Path) -> PathBuf {
    a.ancestors()
        .find(|x| b.starts_with(x))
        .unwrap_or(a)
        .to_path_buf()
}

/// Where detection reads for `path`, or `None` when a config decides there: a directory as
/// named; for a file, the git work tree it is in, else its directory.
fn detection_root(path: &Path) -> Option<PathBuf> {
    let named_dir = path.is_dir();
    let dir = if named_dir {
        path.to_path_buf()
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let abs = crate::base::paths::absolute(&dir);
    if config::discover(&abs).is_some() {
        return None;
    }
    Some(if named_dir {
        abs
    } else {
        crate::model::links::repo_root(&crate::base::paths::absolute(path))
    })
}

/// Runs detection under `root`, which `named` led to; `open` is `named`'s text when it comes
/// from stdin.
fn detect_root(root: &Path, named: &Path, open: Option<&str>) -> Option<Detected> {
    let detection = detect::detect_with(root, open.map(|text| (named, text))).ok()?;
    let path = root.join(config::CONFIG_NAMES[0]);
    let (yaml, convention, note) = if detection.found() {
        let headline = detection.headline();
        let style = detection
            .house_style()
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        let note =
            format!("convention: {headline} (detected; 'qalint init' writes it down){style}");
        (detection.yaml(), headline, note)
    } else {
        (
            WITHOUT_QUESTIONS.to_string(),
            "none".to_string(),
            "no question convention found: only links, math and markup are checked; \
             'qalint init' explains why"
                .to_string(),
        )
    };
    let file = ConfigFile::parse(&path, &yaml).ok()?;
    Some(Detected {
        shown: shown(root, named),
        fallback: Fallback {
            root: root.to_path_buf(),
            file,
        },
        convention,
        note,
    })
}

/// How a note names a detection root: as the user named it when that is the root, else
/// relative to the working directory when under it.
fn shown(root: &Path, named: &Path) -> String {
    if crate::base::paths::absolute(named) == root {
        return crate::base::paths::display(named);
    }
    let cwd = crate::base::paths::absolute(Path::new("."));
    match root.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => crate::base::paths::display(rel),
        Err(_) => crate::base::paths::display(root),
    }
}
