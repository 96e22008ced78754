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

use crate::model::settings::ParseSettings;
use crate::model::summary::FileSummary;

/// The cache folder, at the repository root.
pub const DIR: &str = ".qalint-cache";
/// The cache file in it: an index of entries, each with its summary encoded by postcard (a
/// compact serde binary) as a block of its own, so a run decodes only the summaries it uses.
const FILE: &str = "summaries.bin";

/// One file's cached summary and what it was computed from.
struct Entry {
    content: u64,
    settings: u64,
    summary: FileSummary,
}

/// A loaded entry: its keys, and its summary still encoded (decoded only when its file is used,
/// and written back as it is).
struct Loaded {
    content: u64,
    settings: u64,
    /// Where its encoded summary lies in [`SummaryCache::bytes`].
    at: std::ops::Range<usize>,
}

/// The summary cache of one repository root, loaded once per run.
pub struct SummaryCache {
    dir: PathBuf,
    /// The cache file as read.
    bytes: Vec<u8>,
    loaded: HashMap<String, Loaded>,
    /// The files of this run: a computed entry, or `None` for a loaded one still valid (what
    /// is written back).
    current: Mutex<BTreeMap<String, Option<Entry>>>,
    /// Summaries that were computed because no valid entry existed.
    misses: Mutex<usize>,
    /// What went wrong reading it, if anything (a note, not an error).
    pub note: Option<String>,
}

/// The start of the cache file: a format mark, then qalint's version.
const MAGIC: &[u8] = b"qalint-summaries-7\n";

/// The entries of a cache file: `MAGIC`, the version, the entry count, then per entry its path,
/// content hash, settings hash and encoded summary (lengths and numbers little-endian). An
/// error says what is wrong; a file of another version has no entries.
fn read_entries(bytes: &[u8]) -> Result<HashMap<String, Loaded>, String> {
    let mut at = 0usize;
    let mut take = |n: usize| -> Result<std::ops::Range<usize>, String> {
        let end = at.checked_add(n).filter(|&e| e <= bytes.len());
        let end = end.ok_or_else(|| "truncated".to_string())?;
        let r = at..end;
        at = end;
        Ok(r)
    };
    if bytes.get(take(MAGIC.len())?) != Some(MAGIC) {
        return Err("not a summary cache".into());
    }
    let number = |take: &mut dyn FnMut(usize) -> Result<std::ops::Range<usize>, String>| {
        let r = take(8)?;
        Ok::<u64, String>(u64::from_le_bytes(bytes[r].try_into().expect("8 bytes")))
    };
    let mut loaded = HashMap::new();
    let len = number(&mut take)? as usize;
    let version = &bytes[take(len)?];
    if version != env!("CARGO_PKG_VERSION").as_bytes() {
        return Ok(loaded);
    }
    let count = number(&mut take)?;
    for _ in 0..count {
        let len = number(&mut take)? as usize;
        let path = std::str::from_utf8(&bytes[take(len)?]).map_err(|_| "a path is not UTF-8")?;
        let content = number(&mut take)?;
        let settings = number(&mut take)?;
        let len = number(&mut take)? as usize;
        let at = take(len)?;
        loaded.insert(
            path.to_string(),
            Loaded {
                content,
                settings,
                at,
            },
        );
    }
    Ok(loaded)
}

/// The key of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The key of the settings a summary depends on.
pub fn settings_hash(settings: &ParseSettings) -> u64 {
    settings.key()
}

impl SummaryCache {
    /// The cache of the repository at `root` (an empty one when there is none yet, or it cannot
    /// be read).
    pub fn open(root: &Path) -> SummaryCache {
        let dir = root.join(DIR);
        let mut note = None;
        let bytes = std::fs::read(dir.join(FILE)).unwrap_or_default();
        let loaded = if bytes.is_empty() {
            HashMap::new()
        } else {
            read_entries(&bytes).unwrap_or_else(|e| {
                note = Some(format!(
                    "summary cache `{}` is unreadable ({e}); it is rebuilt",
                    crate::base::paths::display(&dir.join(FILE))
                ));
                HashMap::new()
            })
        };
        SummaryCache {
            dir,
            bytes,
            loaded,
            current: Mutex::new(BTreeMap::new()),
            misses: Mutex::new(0),
            note,
        }
    }

    /// The loaded summary of `key` when it was computed from `content` with `settings`.
    fn valid(&self, key: &str, content: u64, settings: u64) -> Option<&Loaded> {
        self.loaded
            .get(key)
            .filter(|e| e.content == content && e.settings == settings)
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
        let decoded = self
            .valid(&key, content, settings)
            .and_then(|e| postcard::from_bytes::<FileSummary>(&self.bytes[e.at.clone()]).ok());
        if let Some(summary) = decoded {
            lock(&self.current).insert(key, None);
            return summary;
        }
        let summary = compute();
        self.computed(key, content, settings, summary.clone());
        summary
    }

    /// Record a summary computed elsewhere (a file linted in full), for later runs.
    pub fn keep_summary(&self, abs: &Path, content: u64, settings: u64, summary: &FileSummary) {
        let key = crate::base::paths::display(abs);
        if self.valid(&key, content, settings).is_some() {
            lock(&self.current).insert(key, None);
        } else {
            self.computed(key, content, settings, summary.clone());
        }
    }

    /// Replace the entry of a file with a summary completed since it was loaded.
    pub fn store(&self, abs: &Path, content: u64, settings: u64, summary: &FileSummary) {
        let key = crate::base::paths::display(abs);
        self.computed(key, content, settings, summary.clone());
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
        let mut stored = Vec::with_capacity(self.bytes.len());
        let number = |out: &mut Vec<u8>, n: u64| out.extend_from_slice(&n.to_le_bytes());
        stored.extend_from_slice(MAGIC);
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        number(&mut stored, version.len() as u64);
        stored.extend_from_slice(version);
        let mut entries: Vec<(String, u64, u64, std::borrow::Cow<[u8]>)> = Vec::new();
        for (key, entry) in current {
            match entry {
                Some(e) => match postcard::to_stdvec(&e.summary) {
                    Ok(encoded) => entries.push((key, e.content, e.settings, encoded.into())),
                    Err(_) => continue,
                },
                None => {
                    if let Some(l) = self.loaded.get(&key) {
                        let encoded = &self.bytes[l.at.clone()];
                        entries.push((key, l.content, l.settings, encoded.into()));
                    }
                }
            }
        }
        number(&mut stored, entries.len() as u64);
        for (key, content, settings, encoded) in &entries {
            number(&mut stored, key.len() as u64);
            stored.extend_from_slice(key.as_bytes());
            number(&mut stored, *content);
            number(&mut stored, *settings);
            number(&mut stored, encoded.len() as u64);
            stored.extend_from_slice(encoded);
        }
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
fn write_atomic(dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "# Created by qalint: its summary cache.\n*\n")?;
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all().ok();
    tmp.persist(dir.join(FILE)).map_err(|e| e.error)?;
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(version: &str, entries: &[(&str, u64, u64, &[u8])]) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        let n = |b: &mut Vec<u8>, n: usize| b.extend_from_slice(&(n as u64).to_le_bytes());
        n(&mut b, version.len());
        b.extend_from_slice(version.as_bytes());
        n(&mut b, entries.len());
        for (path, content, settings, blob) in entries {
            n(&mut b, path.len());
            b.extend_from_slice(path.as_bytes());
            b.extend_from_slice(&content.to_le_bytes());
            b.extend_from_slice(&settings.to_le_bytes());
            n(&mut b, blob.len());
            b.extend_from_slice(blob);
        }
        b
    }

    #[test]
    fn entries_are_read_with_their_blocks_and_bad_files_are_refused() {
        let version = env!("CARGO_PKG_VERSION");
        let bytes = file(version, &[("/a.md", 1, 2, b"xyz"), ("/b.md", 3, 4, b"")]);
        let read = read_entries(&bytes).unwrap();
        assert_eq!(read.len(), 2);
        let a = &read["/a.md"];
        assert_eq!(
            (a.content, a.settings, &bytes[a.at.clone()]),
            (1, 2, &b"xyz"[..])
        );
        assert!(read["/b.md"].at.is_empty());
        // Another version's file has no entries; a cut or foreign file is an error.
        assert!(
            read_entries(&file("0.0.0-other", &[("/a.md", 1, 2, b"x")]))
                .unwrap()
                .is_empty()
        );
        for cut in [MAGIC.len() - 1, MAGIC.len() + 3, bytes.len() - 1] {
            assert!(read_entries(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(read_entries(b"{\"version\": 3}").is_err());
        let mut huge = file(version, &[]);
        let count_at = huge.len() - 8;
        huge[count_at..].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_entries(&huge).is_err(), "a count past the end");
    }
}
