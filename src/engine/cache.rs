//! The summary cache: each file's [`FileSummary`] kept between runs in `.qalint-cache/` at the
//! repository root, so that linting one file in the context of its repository reads the other
//! files' summaries instead of parsing them.
//!
//! An entry is valid for the file's absolute path, a hash of its bytes and a hash of the parse
//! settings it was read with; the cache file names qalint's version, so another version starts
//! afresh. The file is replaced atomically (a temporary file renamed over it), so concurrent runs
//! never see half a file: the last writer wins, and a lost entry is computed again next time. A
//! corrupt or unreadable cache is ignored and rewritten; where it cannot be written (a read-only
//! tree) the run goes on without it and says so only in its notes (`--verbose`).

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::model::settings::ParseSettings;
use crate::model::summary::FileSummary;

/// The cache folder, at the repository root.
pub const DIR: &str = ".qalint-cache";
/// The cache file in it (postcard, a compact serde binary).
const FILE: &str = "summaries.bin";

/// One file's cached summary and what it was computed from.
#[derive(Serialize, Deserialize)]
struct Entry {
    content: u64,
    settings: u64,
    summary: FileSummary,
}

/// The cache file as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    version: String,
    /// By absolute path.
    entries: BTreeMap<String, Entry>,
}

/// The summary cache of one repository root, loaded once per run.
pub struct SummaryCache {
    dir: PathBuf,
    loaded: HashMap<String, Entry>,
    /// The files of this run: a computed entry, or `None` for a loaded one still valid (what
    /// is written back).
    current: Mutex<BTreeMap<String, Option<Entry>>>,
    /// Summaries that were computed because no valid entry existed.
    misses: Mutex<usize>,
    /// What went wrong reading it, if anything (a note, not an error).
    pub note: Option<String>,
}

/// The key of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The key of the settings a summary depends on.
pub fn settings_hash(settings: &ParseSettings) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    format!("{settings:?}").hash(&mut h);
    h.finish()
}

impl SummaryCache {
    /// The cache of the repository at `root` (an empty one when there is none yet, or it cannot
    /// be read).
    pub fn open(root: &Path) -> SummaryCache {
        let dir = root.join(DIR);
        let mut note = None;
        let loaded = match std::fs::read(dir.join(FILE)) {
            Ok(bytes) => match postcard::from_bytes::<Stored>(&bytes) {
                Ok(s) if s.version == env!("CARGO_PKG_VERSION") => s.entries.into_iter().collect(),
                Ok(_) => HashMap::new(),
                Err(e) => {
                    note = Some(format!(
                        "summary cache `{}` is unreadable ({e}); it is rebuilt",
                        crate::base::paths::display(&dir.join(FILE))
                    ));
                    HashMap::new()
                }
            },
            Err(_) => HashMap::new(),
        };
        SummaryCache {
            dir,
            loaded,
            current: Mutex::new(BTreeMap::new()),
            misses: Mutex::new(0),
            note,
        }
    }

    /// The summary of the file at `abs` with bytes hashing to `content`, read with settings
    /// hashing to `settings`: from the cache when it holds it, else `compute`d (and kept).
    pub fn summary(
        &self,
        abs: &Path,
        content: u64,
        settings: u64,
        compute: impl FnOnce() -> FileSummary,
    ) -> FileSummary {
        let key = crate::base::paths::display(abs);
        if let Some(e) = self.loaded.get(&key)
            && e.content == content
            && e.settings == settings
        {
            lock(&self.current).insert(key, None);
            return e.summary.clone();
        }
        let summary = compute();
        self.computed(key, content, settings, summary.clone());
        summary
    }

    /// Record a summary computed elsewhere (a file linted in full), for later runs.
    pub fn keep_summary(&self, abs: &Path, content: u64, settings: u64, summary: &FileSummary) {
        let key = crate::base::paths::display(abs);
        let fresh = self
            .loaded
            .get(&key)
            .is_some_and(|e| e.content == content && e.settings == settings);
        if fresh {
            lock(&self.current).insert(key, None);
        } else {
            self.computed(key, content, settings, summary.clone());
        }
    }

    fn computed(&self, key: String, content: u64, settings: u64, summary: FileSummary) {
        *lock(&self.misses) += 1;
        let entry = Entry {
            content,
            settings,
            summary,
        };
        lock(&self.current).insert(key, Some(entry));
    }

    /// Write the entries of this run back when any was computed or a file went away; a note
    /// says what happened (and why nothing was written, when so).
    pub fn save(self) -> String {
        let current = self.current.into_inner().unwrap_or_else(|p| p.into_inner());
        let misses = self.misses.into_inner().unwrap_or_else(|p| p.into_inner());
        let reused = current.len().saturating_sub(misses);
        let gone = self.loaded.keys().any(|k| !current.contains_key(k));
        let shown = crate::base::paths::display(&self.dir);
        let mut note = self.note.map(|n| format!("{n}\n")).unwrap_or_default();
        if misses == 0 && !gone {
            note.push_str(&format!("summary cache `{shown}`: {reused} reused"));
            return note;
        }
        let mut loaded = self.loaded;
        let entries = current
            .into_iter()
            .filter_map(|(k, e)| {
                let e = e.or_else(|| loaded.remove(&k))?;
                Some((k, e))
            })
            .collect();
        let stored = Stored {
            version: env!("CARGO_PKG_VERSION").to_string(),
            entries,
        };
        match write_atomic(&self.dir, &stored) {
            Ok(()) => note.push_str(&format!(
                "summary cache `{shown}`: {reused} reused, {misses} computed"
            )),
            Err(e) => note.push_str(&format!(
                "summary cache `{shown}` not written ({}); the run went on without it",
                crate::base::paths::describe_io(&e)
            )),
        }
        note
    }
}

/// Create the cache folder (with a `.gitignore` that ignores it all) and replace the cache file
/// by a complete new one.
fn write_atomic(dir: &Path, stored: &Stored) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# Created by qalint: its summary cache.\n*\n")?;
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let bytes = postcard::to_stdvec(stored).map_err(std::io::Error::other)?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all().ok();
    tmp.persist(dir.join(FILE)).map_err(|e| e.error)?;
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
