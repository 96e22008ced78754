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
    let mut roots: Vec<(PathBuf, &PathBuf)> = Vec::new();
    for path in paths {
        let Some(root) = detection_root(path) else {
            continue;
        };
        if !roots.iter().any(|(r, _)| *r == root) {
            roots.push((root, path));
        }
    }
    merge_in_work_trees(&mut roots);
    let inner = |r: &PathBuf| roots.iter().any(|(o, _)| o != r && r.starts_with(o));
    let detected: Vec<Detected> = roots
        .iter()
        .filter(|(r, _)| !inner(r))
        .filter_map(|(root, named)| detect_root(root, named, open.filter(|_| paths.len() == 1)))
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

/// Roots in one git work tree become their deepest common ancestor, which one detection
/// reads (as `qalint check .` would): the named paths are one repository, so the cross-file
/// rules see them together. Roots outside git stay apart.
fn merge_in_work_trees(roots: &mut Vec<(PathBuf, &PathBuf)>) {
    let tree = |root: &Path| {
        let top = crate::model::links::repo_root(&root.join("_"));
        top.join(".git").exists().then_some(top)
    };
    let mut i = 0;
    while i < roots.len() {
        if let Some(top) = tree(&roots[i].0) {
            let mut j = i + 1;
            while j < roots.len() {
                if tree(&roots[j].0).as_ref() == Some(&top) {
                    let (other, _) = roots.remove(j);
                    let common = roots[i]
                        .0
                        .ancestors()
                        .find(|a| other.starts_with(a))
                        .unwrap_or(&top)
                        .to_path_buf();
                    roots[i].0 = common;
                } else {
                    j += 1;
                }
            }
        }
        i += 1;
    }
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
