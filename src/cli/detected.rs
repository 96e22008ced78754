//! Zero-config runs: with no `.qalint.yml` for the paths given (and no `--config`), run `init`'s
//! detection in memory and lint with the config it proposes.

use std::path::PathBuf;

use crate::config::{self, ConfigFile};
use crate::detect;
use crate::engine::Fallback;

/// What a run without a config uses: the fallback config, and the line that says what was
/// detected (`None` when a config exists, so nothing was detected).
pub struct ZeroConfig {
    pub fallback: Option<Fallback>,
    /// The convention's headline, or `none`.
    pub convention: Option<String>,
    /// The note for people (stderr).
    pub note: Option<String>,
}

/// The rules that need questions, turned off when no convention was found.
const WITHOUT_QUESTIONS: &str = "rules:\n  ignore: [QA0, QA1, QA301, QA302, QA4, QA5]\n";

/// Detect the convention of what the first path names, unless a config decides: a directory is
/// read as given (`qalint check docs/`); for a file (pre-commit passes files), the git work tree
/// it is in, else its directory.
/// `open` is a document read from elsewhere than its path (stdin): detection reads its text.
pub fn detect_for(paths: &[PathBuf], config_given: bool, open: Option<&str>) -> ZeroConfig {
    let none = ZeroConfig {
        fallback: None,
        convention: None,
        note: None,
    };
    if config_given {
        return none;
    }
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let named_dir = first.is_dir();
    let dir = if named_dir {
        first.clone()
    } else {
        match first.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let abs = crate::base::paths::absolute(&dir);
    if config::discover(&abs).is_some() {
        return none;
    }
    let root = if named_dir {
        abs
    } else {
        // The git work tree the named file is in, else its directory.
        crate::model::links::repo_root(&crate::base::paths::absolute(&first))
    };
    let Ok(detection) = detect::detect_with(&root, open.map(|text| (first.as_path(), text))) else {
        return none;
    };
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
    match ConfigFile::parse(&path, &yaml) {
        Ok(file) => ZeroConfig {
            fallback: Some(Fallback { root, file }),
            convention: Some(convention),
            note: Some(note),
        },
        Err(_) => none,
    }
}
