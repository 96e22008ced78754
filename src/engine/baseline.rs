//! Baselines: `--write-baseline FILE` records a run's findings, `--baseline FILE` (or `baseline:`
//! in `.qalint.yml`) hides them in later runs, so a repository with many old findings can block
//! only new ones.
//!
//! A finding is recorded by its path, its code and a fingerprint of what it flags, with a count
//! for repeats. The fingerprint hashes the text of the lines the finding's span covers and its
//! message, with whitespace runs collapsed and every run of digits replaced by `#`: it holds no
//! line number and no question number, so inserting lines above a finding or renumbering the
//! questions keeps it recorded, while editing the flagged line makes it new. Paths are relative
//! to the baseline file's directory (`/`-separated), so a baseline works from any working
//! directory.
//!
//! The file is JSON, sorted by path, code and fingerprint, one entry per line:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"path": "docs/ml.md", "code": "QA003", "fingerprint": "6c1f0e2a9b3d4e5f", "count": 2, "message": "…"}
//!   ]
//! }
//! ```
//!
//! `message` is the first such finding's message, for people reading the file; matching ignores
//! it. Applying a baseline hides, for each (path, code, fingerprint), up to the recorded count of
//! findings (the first ones in the file) and reports the rest; recorded findings that no longer
//! occur are counted as gone, but only in files this run linted and for rules it selected, so a
//! run over a few files does not call the rest of the baseline stale.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::diagnostic::{Diagnostic, RuleRef};
use crate::base::paths;
use crate::config::{self, ConfigFile, Overrides};
use crate::model::line_index::LineIndex;
use crate::rules::READ_ERROR;
use crate::rules::selection::{RuleSet, by_code_or_name};

use super::{FileReport, Outcome};

/// The baseline format this qalint reads and writes.
pub const VERSION: u32 = 1;

/// One recorded (path, code, fingerprint) with how many findings it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
    #[serde(default = "one")]
    pub count: usize,
    /// The first such finding's message (informative; not used for matching).
    #[serde(default)]
    pub message: String,
}

fn one() -> usize {
    1
}

#[derive(Debug, Deserialize)]
struct FileFormat {
    version: u32,
    findings: Vec<Entry>,
}

type Key = (String, String, String);

/// A loaded baseline.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The file, as named (for messages).
    pub path: PathBuf,
    /// The absolute directory paths in the file are relative to.
    dir: PathBuf,
    counts: HashMap<Key, usize>,
}

/// What applying a baseline did, for the summary (`summary.baseline` in JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The baseline file, as named.
    pub path: String,
    /// Findings hidden because the baseline records them.
    pub hidden: usize,
    /// Recorded findings that no longer occur (in the files linted, for the rules selected).
    pub gone: usize,
}

/// A baseline that cannot be read, parsed or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "baseline `{}`: {}",
            paths::display(&self.path),
            self.message
        )
    }
}

impl std::error::Error for BaselineError {}

impl Baseline {
    /// Read and check a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let err = |message: String| BaselineError {
            path: path.to_path_buf(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| {
            err(format!(
                "cannot read it: {}; create it with `--write-baseline {}`",
                paths::describe_io(&e),
                paths::display(path)
            ))
        })?;
        Baseline::parse(path, &bytes)
    }

    /// Parse a baseline's bytes as if read from `path`.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Baseline, BaselineError> {
        let err = |message: String| BaselineError {
            path: path.to_path_buf(),
            message,
        };
        // The version first, so a newer format says so rather than failing on its fields.
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| err(format!("not valid JSON ({e})")))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(err(format!(
                    "format version {v}, but this qalint reads version {VERSION}; write it again \
                     with `--write-baseline`"
                )));
            }
            None => {
                return Err(err(
                    "not a qalint baseline (no `version`); write one with `--write-baseline`"
                        .into(),
                ));
            }
        }
        let file: FileFormat = serde_json::from_value(value)
            .map_err(|e| err(format!("not a qalint baseline ({e})")))?;
        debug_assert_eq!(file.version, VERSION);
        let mut counts = HashMap::new();
        for e in file.findings {
            *counts.entry((e.path, e.code, e.fingerprint)).or_insert(0) += e.count;
        }
        Ok(Baseline {
            path: path.to_path_buf(),
            dir: dir_of(path),
            counts,
        })
    }

    /// The number of findings the baseline records.
    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    /// Whether the baseline records nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Hide the recorded findings from `outcome` and count the recorded ones that are gone.
    /// `overrides` is the run's `--select`/`--ignore`: entries of rules it leaves out are not
    /// called gone. QA900 (unreadable file) is never hidden.
    pub fn apply(&self, outcome: &mut Outcome, overrides: &Overrides) -> Applied {
        let mut left = self.counts.clone();
        let mut hidden = 0;
        let mut linted = HashSet::new();
        for report in &mut outcome.files {
            let rel = relative_key(&self.dir, &report.path);
            linted.insert(rel.clone());
            if report.diagnostics.is_empty() {
                continue;
            }
            let keys = keys_of(report, &rel);
            let mut keep = Vec::with_capacity(report.diagnostics.len());
            for (d, key) in std::mem::take(&mut report.diagnostics)
                .into_iter()
                .zip(keys)
            {
                match key.and_then(|k| left.get_mut(&k)).filter(|n| **n > 0) {
                    Some(n) => {
                        *n -= 1;
                        hidden += 1;
                    }
                    None => keep.push(d),
                }
            }
            report.diagnostics = keep;
        }
        let select = overrides.select.as_ref().map(RuleSet::of_all);
        let ignore = RuleSet::of_all(&overrides.ignore);
        let selected = |code: &str| {
            let rule = match code.strip_prefix("custom/") {
                Some(id) => Some((None, id)),
                None => by_code_or_name(code).map(|m| (Some(m), m.name)),
            };
            let Some((meta, name)) = rule else {
                // A rule this qalint does not know: it cannot occur any more.
                return true;
            };
            let has = |set: &RuleSet| match meta {
                Some(m) => set.has(m),
                None => set.has_custom(name),
            };
            select.as_ref().is_none_or(has) && !has(&ignore)
        };
        let gone = left
            .iter()
            .filter(|((path, code, _), _)| linted.contains(path) && selected(code))
            .map(|(_, n)| n)
            .sum();
        Applied {
            path: paths::display(&self.path),
            hidden,
            gone,
        }
    }
}

/// What [`write`] recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Findings recorded.
    pub findings: usize,
    /// Entries (distinct path, code and fingerprint).
    pub entries: usize,
}

/// Record every finding of `outcome` (but QA900) in a baseline at `path`, replacing it.
pub fn write(path: &Path, outcome: &Outcome) -> Result<Written, BaselineError> {
    let text = render(&dir_of(path), outcome);
    let written = Written {
        findings: text.1,
        entries: text.2,
    };
    write_atomically(path, text.0.as_bytes()).map_err(|e| BaselineError {
        path: path.to_path_buf(),
        message: format!("cannot write it: {}", paths::describe_io(&e)),
    })?;
    Ok(written)
}

/// The baseline text for `outcome` with paths relative to `dir`, the number of findings and of
/// entries.
fn render(dir: &Path, outcome: &Outcome) -> (String, usize, usize) {
    let mut entries: BTreeMap<Key, Entry> = BTreeMap::new();
    for report in outcome.files.iter().filter(|f| !f.diagnostics.is_empty()) {
        let rel = relative_key(dir, &report.path);
        let keys = keys_of(report, &rel);
        for (d, key) in report.diagnostics.iter().zip(keys) {
            let Some(key) = key else { continue };
            entries
                .entry(key.clone())
                .or_insert_with(|| Entry {
                    path: key.0,
                    code: key.1,
                    fingerprint: key.2,
                    count: 0,
                    message: d.message.clone(),
                })
                .count += 1;
        }
    }
    let findings = entries.values().map(|e| e.count).sum();
    let mut out = format!("{{\n  \"version\": {VERSION},\n  \"findings\": [");
    for (i, e) in entries.values().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&serde_json::to_string(e).unwrap_or_default());
    }
    out.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    (out, findings, entries.len())
}

/// Write through a temporary file in the same directory, renamed over the target.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = dir_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".qalint-baseline-").suffix(".tmp");
    // A temporary file is private (0600); the baseline is a file to commit: keep the old file's
    // permissions, or give a new one the usual 0644.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        #[cfg(unix)]
        Err(_) => Some(std::os::unix::fs::PermissionsExt::from_mode(0o644)),
        #[cfg(not(unix))]
        Err(_) => None,
    };
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The key of each finding of a report (`None` for QA900, which a baseline never records).
fn keys_of(report: &FileReport, rel: &str) -> Vec<Option<Key>> {
    let loaded = report.loaded();
    report
        .diagnostics
        .iter()
        .map(|d| {
            (!d.rule.is(&READ_ERROR)).then(|| {
                (
                    rel.to_string(),
                    code_of(&d.rule),
                    fingerprint(&loaded.source, &loaded.lines, d),
                )
            })
        })
        .collect()
}

fn code_of(rule: &RuleRef) -> String {
    rule.code().to_string()
}

/// The fingerprint of a finding: a hash of the lines its span covers and of its message, with
/// digits and spacing normalised (see the module docs), as 16 hex digits.
pub fn fingerprint(text: &str, lines: &LineIndex, d: &Diagnostic) -> String {
    let start = d.span.start.min(text.len());
    let last = d.span.end.saturating_sub(1).max(start).min(text.len());
    let first_line = lines.line_of(start);
    let last_line = lines.line_of(last).max(first_line);
    let from = lines.line_start(first_line).min(text.len());
    let to = lines.line_range(text, last_line).end.max(from);
    let content = text.get(from..to).unwrap_or("");
    let mut key = normalise(content);
    key.push('\n');
    key.push_str(&normalise(&d.message));
    format!("{:016x}", super::write::fnv1a64(key.as_bytes()))
}

/// Whitespace runs become one space (trimmed at both ends) and digit runs one `#`.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // What the last character pushed was: a space, a digit run's `#`, or something else.
    let (mut space, mut digits) = (true, false);
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            (space, digits) = (true, false);
        } else if c.is_numeric() {
            if !digits {
                out.push('#');
            }
            (space, digits) = (false, true);
        } else {
            out.push(c);
            (space, digits) = (false, false);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The absolute directory of a file path (`.` for a bare name).
fn dir_of(path: &Path) -> PathBuf {
    let abs = paths::absolute(path);
    abs.parent().map_or(abs.clone(), Path::to_path_buf)
}

/// A report's path relative to `dir`, `/`-separated (`../x.md` when outside it; the absolute
/// path when there is no relative one, as across Windows drives).
fn relative_key(dir: &Path, shown: &str) -> String {
    let abs = paths::absolute(Path::new(shown));
    match relative_to(&abs, dir) {
        Some(rel) => paths::display(&rel),
        None => paths::display(&abs),
    }
}

/// `path` relative to `base`, both absolute and normalised.
fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    if p.first() != b.first() {
        return None;
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

/// The baseline `.qalint.yml` names (`baseline: FILE`, relative to the config file's directory):
/// the config given with `--config`, else the one found upward from the first path (or the
/// working directory). `None` when there is none, or the config cannot be read (the run reports
/// that itself).
pub fn configured(paths_given: &[PathBuf], config_given: Option<&Path>) -> Option<PathBuf> {
    let config_path = match config_given {
        Some(p) => p.to_path_buf(),
        None => {
            let first = paths_given
                .first()
                .map_or_else(|| PathBuf::from("."), Clone::clone);
            let abs = paths::absolute(&first);
            let dir = if abs.is_dir() {
                abs
            } else {
                abs.parent().map_or(abs.clone(), Path::to_path_buf)
            };
            config::discover(&dir)?
        }
    };
    let file = ConfigFile::load(&config_path).ok()?;
    let name = file.raw.baseline?;
    Some(dir_of(&config_path).join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_numbers_and_spacing() {
        assert_eq!(normalise("## Q12:  What is\tX?  "), "## Q#: What is X?");
        assert_eq!(
            normalise("`Q6` follows `Q4` at line 120"),
            "`Q#` follows `Q#` at line #"
        );
        assert_eq!(normalise("  "), "");
        assert_eq!(normalise("### 1.5 ## x"), "### #.# ## x");
    }

    #[test]
    fn relative_paths_climb_out_of_the_base() {
        let r =
            |p: &str, b: &str| relative_to(Path::new(p), Path::new(b)).map(|p| paths::display(&p));
        assert_eq!(r("/r/docs/a.md", "/r").as_deref(), Some("docs/a.md"));
        assert_eq!(r("/r/a.md", "/r/ci").as_deref(), Some("../a.md"));
        assert_eq!(r("/a.md", "/").as_deref(), Some("a.md"));
    }

    #[test]
    fn a_bad_baseline_says_what_is_wrong() {
        let p = Path::new("b.json");
        let e = Baseline::parse(p, b"{").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("baseline `b.json`: not valid JSON"),
            "{e}"
        );
        let e = Baseline::parse(p, br#"{"findings": []}"#).unwrap_err();
        assert!(e.message.contains("no `version`"), "{e}");
        let e = Baseline::parse(p, br#"{"version": 9, "findings": []}"#).unwrap_err();
        assert!(e.message.contains("version 9"), "{e}");
        let e = Baseline::parse(p, br#"{"version": 1, "findings": [{"path": 1}]}"#).unwrap_err();
        assert!(e.message.starts_with("not a qalint baseline"), "{e}");
        let b = Baseline::parse(
            p,
            br#"{"version": 1, "findings": [{"path": "a.md", "code": "QA003", "fingerprint": "x"}]}"#,
        )
        .unwrap();
        assert_eq!(b.len(), 1);
    }
}
