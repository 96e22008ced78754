//! The summary cache: each file's [`FileSummary`] kept between runs in `.qalint-cache/` at the
//! repository root, so that linting one file in the context of its repository reads the other
//! files' summaries instead of parsing them.
//!
//! An entry is valid for the file's absolute path, a hash of its bytes and a hash of the parse
//! settings it was read with; the cache file names qalint's version, so another version starts
//! afresh. An entry also keeps the file's [`Stamp`] (size, times, inode) when the file was last
//! changed well before it was read: a file whose stamp has not moved since is not read again.
//! The cache file is replaced atomically (a temporary file renamed over it), never changed in
//! place, so concurrent runs never see half a file (on Unix a run maps it, and keeps reading the
//! version it mapped): the last writer wins, and a lost entry is computed again next time. A
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
    stamp: Stamp,
    summary: FileSummary,
}

/// A loaded entry: its keys, and its summary still encoded (decoded only when its file is used,
/// and written back as it is).
struct Loaded {
    content: u64,
    settings: u64,
    stamp: Stamp,
    /// Where its encoded summary lies in [`SummaryCache::bytes`].
    at: std::ops::Range<usize>,
}

/// What a file's metadata says about its bytes: a hash of its size, modification and change
/// times and inode, taken before the bytes were read. A file with the stamp its entry recorded
/// has not been written since, so its summary is used without reading it (as Git trusts an
/// unchanged stat). The stamp is recorded only for a file last changed [`SETTLED`] before it was
/// read: a write in the same tick of a coarse clock leaves the times as they were, so a file
/// changed just before it was read can change again without its stamp moving ("racy" in Git's
/// words); such a file is read and hashed until it settles. `Stamp::NONE` trusts nothing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stamp(u64);

/// How long before it is read a file must have last changed for its stamp to be trusted: more
/// than any file system's time granularity (FAT's 2 s).
const SETTLED: std::time::Duration = std::time::Duration::from_secs(3);

impl Stamp {
    pub const NONE: Stamp = Stamp(0);

    /// The stamp of a file with `meta` (read before its bytes, from the same open file), as of
    /// `now`; `NONE` when it changed too recently or its times are unknown. File times are
    /// taken to come from this machine's clock: a network file system whose clock runs
    /// [`SETTLED`] behind could make a fresh file look settled.
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        let time = |secs: i64, nanos: i64| {
            std::time::Duration::new(
                u64::try_from(secs).unwrap_or(0),
                u32::try_from(nanos).unwrap_or(0),
            )
        };
        let modified = time(meta.mtime(), meta.mtime_nsec());
        // The change time moves with every write and cannot be set back, unlike the
        // modification time (`touch -d`, `cp -p`, archives).
        let changed = time(meta.ctime(), meta.ctime_nsec());
        let mut h = std::hash::DefaultHasher::new();
        (meta.len(), modified, changed, meta.ino(), meta.dev()).hash(&mut h);
        let last = modified.max(changed);
        match now.duration_since(std::time::UNIX_EPOCH) {
            Ok(now) if last + SETTLED < now => Stamp(h.finish().max(1)),
            _ => Stamp::NONE,
        }
    }

    /// Elsewhere a file has no change time that cannot be set back, so nothing is trusted
    /// without reading it.
    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata, _now: std::time::SystemTime) -> Stamp {
        Stamp::NONE
    }
}

/// The summary cache of one repository root, loaded once per run.
pub struct SummaryCache {
    dir: PathBuf,
    /// The cache file as read.
    bytes: std::sync::Arc<Stored>,
    loaded: HashMap<String, Loaded>,
    /// The files of this run: what is written back.
    current: Mutex<BTreeMap<String, Current>>,
    /// Summaries that were computed because no valid entry existed.
    misses: Mutex<usize>,
    /// Valid entries whose file has a new stamp (copied, touched): written back with it.
    restamped: Mutex<usize>,
    /// What went wrong reading it, if anything (a note, not an error).
    pub note: Option<String>,
}

/// The cache file's bytes, as loaded: mapped into memory on Unix, where a warm run then copies
/// none of them (only the summaries it decodes), read elsewhere; empty when there is no file.
enum Stored {
    #[cfg(unix)]
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Stored {
    fn load(path: &Path) -> Stored {
        #[cfg(unix)]
        if let Ok(file) = std::fs::File::open(path) {
            // SAFETY: a map is valid while its file's bytes are not changed in place, and
            // qalint never does that: a cache file is only ever replaced whole, by renaming a
            // new one over it, which leaves this map reading the old one. (Elsewhere a mapped
            // file cannot be renamed over, which would keep other runs from saving.) Another
            // program cutting the file short during the run could end the run; the file is in
            // qalint's own folder, which nothing else writes.
            if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
                return Stored::Mapped(map);
            }
        }
        Stored::Read(std::fs::read(path).unwrap_or_default())
    }
}

impl AsRef<[u8]> for Stored {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::ops::Deref for Stored {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            #[cfg(unix)]
            Stored::Mapped(map) => map,
            Stored::Read(bytes) => bytes,
        }
    }
}

/// A file of this run in the cache.
enum Current {
    /// Its loaded entry is valid, and is written back as it was, with this stamp.
    Kept(Stamp),
    /// Its summary was computed (or completed) in this run.
    Computed(Box<Entry>),
}

/// The start of the cache file: a format mark, then qalint's version.
const MAGIC: &[u8] = b"qalint-summaries-18\n";

/// The entries of a cache file: `MAGIC`, the version, the entry count, then per entry its path,
/// content hash, settings hash, stamp and encoded summary (lengths and numbers little-endian). An
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
        let stamp = Stamp(number(&mut take)?);
        let len = number(&mut take)? as usize;
        let at = take(len)?;
        loaded.insert(
            path.to_string(),
            Loaded {
                content,
                settings,
                stamp,
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
        let bytes = std::sync::Arc::new(Stored::load(&dir.join(FILE)));
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
            restamped: Mutex::new(0),
            note,
        }
    }

    /// The loaded summary of `key` when it was computed from `content` with `settings`.
    fn valid(&self, key: &str, content: u64, settings: u64) -> Option<&Loaded> {
        self.loaded
            .get(key)
            .filter(|e| e.content == content && e.settings == settings)
    }

    /// The summary of a loaded entry: its titles share the cache file's bytes, not copies.
    fn decode(&self, entry: &Loaded) -> Option<FileSummary> {
        let source: crate::model::titles::Source = self.bytes.clone();
        crate::model::titles::decoding_from(&source, || {
            postcard::from_bytes::<FileSummary>(&self.bytes[entry.at.clone()]).ok()
        })
    }

    /// The summary of the file at `abs`, read with settings hashing to `settings`, when its
    /// entry has the file's current `stamp` (so the file need not be read); with the hash of
    /// the bytes it was computed from.
    pub fn unchanged(&self, abs: &Path, stamp: Stamp, settings: u64) -> Option<(FileSummary, u64)> {
        if stamp == Stamp::NONE {
            return None;
        }
        let key = crate::base::paths::display(abs);
        let entry = self
            .loaded
            .get(&key)
            .filter(|e| e.stamp == stamp && e.settings == settings)?;
        let summary = self.decode(entry)?;
        lock(&self.current).insert(key, Current::Kept(stamp));
        Some((summary, entry.content))
    }

    /// The summary of the file at `abs` with bytes hashing to `content` (and `stamp`, taken
    /// before they were read), read with settings hashing to `settings`: from the cache when it
    /// holds it, else `compute`d (and kept).
    pub fn summary(
        &self,
        abs: &Path,
        content: u64,
        settings: u64,
        stamp: Stamp,
        compute: impl FnOnce() -> FileSummary,
    ) -> FileSummary {
        let key = crate::base::paths::display(abs);
        if let Some(entry) = self.valid(&key, content, settings) {
            if let Some(summary) = self.decode(entry) {
                // A recorded stamp stays true of the bytes it was taken with (any write moves
                // it), so an unknown one keeps it.
                let kept = if stamp == Stamp::NONE {
                    entry.stamp
                } else {
                    stamp
                };
                if kept != entry.stamp {
                    *lock(&self.restamped) += 1;
                }
                lock(&self.current).insert(key, Current::Kept(kept));
                return summary;
            }
        }
        let summary = compute();
        self.computed(key, content, settings, stamp, summary.clone());
        summary
    }

    /// Record a summary computed elsewhere (a file linted in full), for later runs.
    pub fn keep_summary(&self, abs: &Path, content: u64, settings: u64, summary: &FileSummary) {
        let key = crate::base::paths::display(abs);
        match self.valid(&key, content, settings) {
            Some(entry) => {
                lock(&self.current).insert(key, Current::Kept(entry.stamp));
            }
            None => self.computed(key, content, settings, Stamp::NONE, summary.clone()),
        }
    }

    /// Replace the entry of a file with a summary completed since it was loaded.
    pub fn store(
        &self,
        abs: &Path,
        content: u64,
        settings: u64,
        stamp: Stamp,
        summary: &FileSummary,
    ) {
        let key = crate::base::paths::display(abs);
        self.computed(key, content, settings, stamp, summary.clone());
    }

    fn computed(
        &self,
        key: String,
        content: u64,
        settings: u64,
        stamp: Stamp,
        summary: FileSummary,
    ) {
        *lock(&self.misses) += 1;
        let entry = Entry {
            content,
            settings,
            stamp,
            summary,
        };
        lock(&self.current).insert(key, Current::Computed(Box::new(entry)));
    }

    /// Write the entries of this run back when any was computed or a file went away; a note
    /// says what happened (and why nothing was written, when so).
    pub fn save(self) -> String {
        let current = self.current.into_inner().unwrap_or_else(|p| p.into_inner());
        let misses = self.misses.into_inner().unwrap_or_else(|p| p.into_inner());
        let restamped = self
            .restamped
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let reused = current.len().saturating_sub(misses);
        let gone = self.loaded.keys().any(|k| !current.contains_key(k));
        let shown = crate::base::paths::display(&self.dir);
        let mut note = self.note.map(|n| format!("{n}\n")).unwrap_or_default();
        if misses == 0 && restamped == 0 && !gone {
            note.push_str(&format!("summary cache `{shown}`: {reused} reused"));
            return note;
        }
        let mut stored = Vec::with_capacity(self.bytes.len());
        let number = |out: &mut Vec<u8>, n: u64| out.extend_from_slice(&n.to_le_bytes());
        stored.extend_from_slice(MAGIC);
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        number(&mut stored, version.len() as u64);
        stored.extend_from_slice(version);
        // Each entry's keys and encoded summary: a loaded one as it was read.
        let mut entries: Vec<(String, Entry, std::borrow::Cow<[u8]>)> = Vec::new();
        for (key, entry) in current {
            match entry {
                Current::Computed(e) => {
                    if let Ok(encoded) = postcard::to_stdvec(&e.summary) {
                        entries.push((key, *e, encoded.into()));
                    }
                }
                Current::Kept(stamp) => {
                    if let Some(l) = self.loaded.get(&key) {
                        let encoded = &self.bytes[l.at.clone()];
                        let e = Entry {
                            content: l.content,
                            settings: l.settings,
                            stamp,
                            summary: FileSummary::default(),
                        };
                        entries.push((key, e, encoded.into()));
                    }
                }
            }
        }
        number(&mut stored, entries.len() as u64);
        for (key, e, encoded) in &entries {
            number(&mut stored, key.len() as u64);
            stored.extend_from_slice(key.as_bytes());
            number(&mut stored, e.content);
            number(&mut stored, e.settings);
            number(&mut stored, e.stamp.0);
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
            b.extend_from_slice(&7u64.to_le_bytes());
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
            (a.content, a.settings, a.stamp, &bytes[a.at.clone()]),
            (1, 2, Stamp(7), &b"xyz"[..])
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

    #[cfg(unix)]
    #[test]
    fn a_stamp_is_trusted_once_the_file_settles_and_moves_with_any_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let meta = || std::fs::metadata(&path).unwrap();
        // Writes `text` and sets the modification time back an hour, as `touch -d` or an
        // archive would.
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let write = |text: &str| {
            std::fs::write(&path, text).unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        };
        write("# A\n");
        // The change time is fresh (it cannot be set back): not settled, nothing to trust.
        assert_eq!(
            Stamp::of(&meta(), std::time::SystemTime::now()),
            Stamp::NONE
        );
        let later = std::time::SystemTime::now() + SETTLED * 2;
        let first = Stamp::of(&meta(), later);
        assert_ne!(first, Stamp::NONE);
        assert_eq!(
            Stamp::of(&meta(), later),
            first,
            "the same file, the same stamp"
        );

        // The same size and modification time after another write (past any clock tick):
        // the change time moved, and so did the stamp.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        write("# B\n");
        assert_eq!(meta().modified().unwrap(), old);
        let later = std::time::SystemTime::now() + SETTLED * 2;
        let second = Stamp::of(&meta(), later);
        assert_ne!(second, first);

        // A file replaced by another of the same size and times is another file.
        let other = dir.path().join("b.md");
        std::fs::write(&other, "# C\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&other)
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::fs::rename(&other, &path).unwrap();
        let later = std::time::SystemTime::now() + SETTLED * 2;
        assert!(![first, second].contains(&Stamp::of(&meta(), later)));
    }

    #[test]
    fn an_entry_is_found_by_its_stamp_only_when_stamp_and_settings_match() {
        let dir = tempfile::tempdir().unwrap();
        let abs = dir.path().join("a.md");
        let summary = FileSummary {
            path: "a.md".into(),
            ..FileSummary::default()
        };
        let (stamp, other) = (Stamp(11), Stamp(12));
        let cache = SummaryCache::open(dir.path());
        let got = cache.summary(&abs, 5, 6, stamp, || summary.clone());
        assert_eq!(got.path, summary.path);
        assert!(cache.save().contains("1 computed"));

        let cache = SummaryCache::open(dir.path());
        let (found, content) = cache.unchanged(&abs, stamp, 6).expect("by its stamp");
        assert_eq!((found.path.as_str(), content), ("a.md", 5));
        assert!(cache.unchanged(&abs, other, 6).is_none(), "another stamp");
        assert!(cache.unchanged(&abs, stamp, 7).is_none(), "other settings");
        assert!(cache.unchanged(&abs, Stamp::NONE, 6).is_none(), "no stamp");
        // Found by its bytes under a new stamp: kept, and written back with the new stamp.
        let again = cache.summary(&abs, 5, 6, other, || unreachable!("cached"));
        assert_eq!(again.path, summary.path);
        assert!(cache.save().contains("0 computed"));
        let cache = SummaryCache::open(dir.path());
        assert!(cache.unchanged(&abs, other, 6).is_some());
        assert!(cache.unchanged(&abs, stamp, 6).is_none());

        // An unknown stamp (a buffer, a file changed just now) and a fully linted file keep the
        // recorded one: it is still true of the bytes it was taken with. A third file, new,
        // makes the run write its entries back.
        let (b, c) = (dir.path().join("b.md"), dir.path().join("c.md"));
        let b_stamp = Stamp(21);
        cache.summary(&b, 8, 6, b_stamp, FileSummary::default);
        let cache = save_and_open(cache, dir.path());
        assert!(cache.unchanged(&b, b_stamp, 6).is_some());
        cache.summary(&abs, 5, 6, Stamp::NONE, || unreachable!("cached"));
        cache.keep_summary(&b, 8, 6, &FileSummary::default());
        cache.summary(&c, 3, 6, Stamp(31), FileSummary::default);
        assert!(cache.save().contains("2 reused, 1 computed"));
        let cache = SummaryCache::open(dir.path());
        assert!(cache.unchanged(&abs, other, 6).is_some());
        assert!(cache.unchanged(&b, b_stamp, 6).is_some());
        // Other bytes: computed again (unstamped), and never found by the old stamp.
        cache.summary(&abs, 9, 6, Stamp::NONE, FileSummary::default);
        let cache = save_and_open(cache, dir.path());
        assert!(cache.unchanged(&abs, other, 6).is_none());
    }

    fn save_and_open(cache: SummaryCache, dir: &Path) -> SummaryCache {
        cache.save();
        SummaryCache::open(dir)
    }
}
