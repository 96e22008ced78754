//! Writing fixed files back: the careful writer behind `--fix` and `renumber`, and the helpers that
//! keep a file's byte-order mark and line endings the way they were.
//!
//! [`replace`] never leaves a half-written file: the new content goes to a temporary file in the
//! same directory as the real target, is synced, and is then renamed over the target in one step.
//! It refuses to write when the file changed since it was read ([`Snapshot`]), when a symlink
//! leads out of the linted tree, and when the file is read-only.
//!
//! Test hook: when the environment variable `QALINT_TEST_CRASH_AFTER_TEMP` is set (to anything),
//! [`replace`] calls [`std::process::abort`] right after the temporary file is fully written,
//! given the original's permissions and synced, but before the rename. A test can then check that
//! the original is intact. The temporary file is left behind, as after a real crash: it is named
//! `.qalint-XXXXXX.tmp` (hidden and not markdown, so a later walk does not lint it).

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::engine::walk;

/// The environment variable that makes [`replace`] abort before its rename (see the module docs).
pub const CRASH_AFTER_TEMP_VAR: &str = "QALINT_TEST_CRASH_AFTER_TEMP";

/// Test hook: when set, `replace` appends a newline to the target just before its last check,
/// as a concurrent editor would; the check must then refuse to write.
pub const TOUCH_BEFORE_RENAME_VAR: &str = "QALINT_TEST_TOUCH_BEFORE_RENAME";

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the file held when it was read: used to refuse writing over a file changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    len: u64,
    hash: u64,
}

impl Snapshot {
    /// The snapshot of a file's full bytes (BOM included), as read from disk.
    pub fn of(bytes: &[u8]) -> Snapshot {
        Snapshot {
            len: bytes.len() as u64,
            hash: fnv1a64(bytes),
        }
    }
}

/// FNV-1a, 64 bits: stable across runs and Rust versions, and enough to tell a changed file
/// (and to fingerprint a baseline entry).
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Why [`replace`] did not write.
#[derive(Debug)]
pub enum WriteError {
    /// The file's content is no longer what was read.
    Changed,
    /// The path is a symlink whose target is outside `root` (we never write through it).
    OutsideTree {
        target: PathBuf,
    },
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => f.write_str("the file changed since it was read"),
            WriteError::OutsideTree { target } => write!(
                f,
                "symlink points outside the linted tree (`{}`)",
                target.display()
            ),
            WriteError::Io(e) => f.write_str(&walk::describe_io(e)),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Atomically replace `path` with `contents` if the file still matches `expected`.
///
/// Steps: resolve symlinks (the real target must lie under the canonicalized `root`, when one is
/// given, else [`WriteError::OutsideTree`]; a plain file outside `root` is refused the same way, so
/// pass `None` or a suitable root for files named outside the tree); re-read the real target and
/// compare with `expected` ([`WriteError::Changed`]); refuse a read-only file, or one this
/// process may not open for writing (`permission denied`, even as root, for a file with no write
/// bit); write a temporary file in the target's own directory, give it the original's permissions
/// (and, on Unix, best effort, its owner and group), fsync it; compare the target once more
/// (narrowing the window for a concurrent edit); rename the temporary file over the target and
/// fsync the directory (best effort).
///
/// A symlink stays a symlink: its target is what is replaced. A file with several hard links is
/// replaced under this name only (the rename gives it a new inode). On any error the original is
/// untouched and the temporary file is removed.
pub fn replace(
    path: &Path,
    expected: &Snapshot,
    contents: &[u8],
    root: Option<&Path>,
) -> Result<(), WriteError> {
    let real = fs::canonicalize(path)?;
    if let Some(root) = root {
        let root = fs::canonicalize(root)?;
        if !real.starts_with(&root) {
            return Err(WriteError::OutsideTree { target: real });
        }
    }
    check_unchanged(&real, expected)?;

    let meta = fs::metadata(&real)?;
    if meta.permissions().readonly() {
        return Err(io::Error::from(io::ErrorKind::PermissionDenied).into());
    }
    // Would an ordinary write be allowed? (Not truncated, nothing written.) Without this, a file
    // owned by someone else in a directory we may write to would be silently replaced by ours.
    OpenOptions::new().write(true).open(&real)?;

    let dir = real
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent directory"))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".qalint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.flush()?;
    temp.as_file().set_permissions(meta.permissions())?;
    copy_owner(temp.as_file(), &meta);
    temp.as_file().sync_all()?;

    if std::env::var_os(CRASH_AFTER_TEMP_VAR).is_some() {
        std::process::abort();
    }
    if std::env::var_os(TOUCH_BEFORE_RENAME_VAR).is_some() {
        // Test hook: someone edits the file while we were fixing it.
        OpenOptions::new()
            .append(true)
            .open(&real)?
            .write_all(b"\n")?;
    }

    check_unchanged(&real, expected)?;
    temp.persist(&real).map_err(|e| WriteError::Io(e.error))?;
    sync_dir(dir);
    Ok(())
}

fn check_unchanged(real: &Path, expected: &Snapshot) -> Result<(), WriteError> {
    let now = fs::read(real)?;
    if Snapshot::of(&now) == *expected {
        Ok(())
    } else {
        Err(WriteError::Changed)
    }
}

/// Give the temporary file the original's owner and group where allowed; failures (not root, not
/// a member of the group) are ignored: the file then belongs to whoever runs the fix.
#[cfg(unix)]
fn copy_owner(file: &File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(now) = file.metadata() else { return };
    if now.uid() != original.uid() || now.gid() != original.gid() {
        let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
    }
}

#[cfg(not(unix))]
fn copy_owner(_file: &File, _original: &fs::Metadata) {}

/// Make the rename itself durable (Unix; elsewhere, and on failure, nothing more is done).
fn sync_dir(dir: &Path) {
    if cfg!(unix)
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// How a file's text was stored, to write it back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Encoding {
    pub bom: bool,
}

impl Encoding {
    /// The encoding of a file's bytes as read from disk (whether it starts with a UTF-8 BOM).
    pub fn of(bytes: &[u8]) -> Encoding {
        Encoding {
            bom: bytes.starts_with(BOM),
        }
    }
}

/// Bytes to write: `text` (which never contains the BOM) with the BOM restored when the original
/// had one.
pub fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    debug_assert!(!text.starts_with('\u{FEFF}'), "text must not carry the BOM");
    let mut out = Vec::with_capacity(text.len() + if enc.bom { BOM.len() } else { 0 });
    if enc.bom {
        out.extend_from_slice(BOM);
    }
    out.extend_from_slice(text.as_bytes());
    out
}

/// Whether the file uses CRLF line endings, decided by its first line ending (`false` when it has
/// none).
pub fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// `content` with every lone `\n` turned into `\r\n` when `crlf`; unchanged otherwise. Existing
/// `\r\n` pairs are kept as they are.
pub fn match_line_endings(content: &str, crlf: bool) -> String {
    if !crlf {
        return content.to_owned();
    }
    let mut out = String::with_capacity(content.len() + content.len() / 16);
    let mut prev_cr = false;
    for c in content.chars() {
        if c == '\n' && !prev_cr {
            out.push('\r');
        }
        out.push(c);
        prev_cr = c == '\r';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_file(path: &Path, bytes: &[u8]) -> Snapshot {
        fs::write(path, bytes).unwrap();
        Snapshot::of(bytes)
    }

    /// Whether nothing but the named files is left in `dir` (no stray temporary file).
    fn only_files(dir: &Path, names: &[&str]) -> bool {
        let mut found: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        found.sort();
        let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        want.sort();
        found == want
    }

    #[test]
    fn snapshot_tells_content_and_length() {
        assert_eq!(Snapshot::of(b"abc"), Snapshot::of(b"abc"));
        assert_ne!(Snapshot::of(b"abc"), Snapshot::of(b"abd"));
        assert_ne!(Snapshot::of(b""), Snapshot::of(b"\0"));
        // Known FNV-1a 64 values.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn replace_writes_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("q.md");
        let snap = write_file(&file, b"# Old\n");
        replace(&file, &snap, b"# New\n", Some(dir.path())).unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"# New\n");
        assert!(only_files(dir.path(), &["q.md"]));
    }

    #[test]
    fn replace_without_root_writes_anywhere() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("q.md");
        let snap = write_file(&file, b"old");
        replace(&file, &snap, b"new", None).unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn replace_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("q.md");
        let snap = write_file(&file, b"old");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        replace(&file, &snap, b"new", Some(dir.path())).unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"new");
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o640);
    }

    #[test]
    fn changed_file_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("q.md");
        let snap = write_file(&file, b"as read");
        fs::write(&file, b"edited meanwhile").unwrap();
        let err = replace(&file, &snap, b"fixed", Some(dir.path())).unwrap_err();
        assert!(matches!(err, WriteError::Changed), "{err:?}");
        assert_eq!(err.to_string(), "the file changed since it was read");
        assert_eq!(fs::read(&file).unwrap(), b"edited meanwhile");
        assert!(only_files(dir.path(), &["q.md"]));
    }

    #[test]
    fn same_length_edit_is_still_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("q.md");
        let snap = write_file(&file, b"1. one");
        fs::write(&file, b"2. one").unwrap();
        let err = replace(&file, &snap, b"fixed", None).unwrap_err();
        assert!(matches!(err, WriteError::Changed), "{err:?}");
        assert_eq!(fs::read(&file).unwrap(), b"2. one");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gone.md");
        let err = replace(&file, &Snapshot::of(b""), b"x", None).unwrap_err();
        assert!(matches!(err, WriteError::Io(_)), "{err:?}");
        assert_eq!(err.to_string(), "no such file or directory");
        assert!(!file.exists());
    }

    #[cfg(unix)]
    #[test]
    fn read_only_file_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("q.md");
        let snap = write_file(&file, b"keep me");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
        // Refused even as root: the missing write bit is checked, not only what the OS allows.
        let err = replace(&file, &snap, b"fixed", Some(dir.path())).unwrap_err();
        match &err {
            WriteError::Io(e) => assert_eq!(e.kind(), io::ErrorKind::PermissionDenied),
            other => panic!("expected an I/O error, got {other:?}"),
        }
        assert_eq!(err.to_string(), "permission denied");
        assert_eq!(fs::read(&file).unwrap(), b"keep me");
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o444
        );
        assert!(only_files(dir.path(), &["q.md"]));
    }

    #[cfg(unix)]
    #[test]
    fn read_only_directory_is_an_io_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("locked");
        fs::create_dir(&sub).unwrap();
        let file = sub.join("q.md");
        let snap = write_file(&file, b"keep me");
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();

        // As root (common in CI containers) the directory's mode is not enforced: find out.
        let probe = sub.join("probe");
        let privileged = File::create(&probe).is_ok();
        let _ = fs::remove_file(&probe);

        let result = replace(&file, &snap, b"fixed", Some(dir.path()));
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        if privileged {
            eprintln!("skipped: a read-only directory is writable for this user (root?)");
            return;
        }
        let err = result.unwrap_err();
        assert!(matches!(err, WriteError::Io(_)), "{err:?}");
        assert_eq!(err.to_string(), "permission denied");
        assert_eq!(fs::read(&file).unwrap(), b"keep me");
        assert!(only_files(&sub, &["q.md"]));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_inside_the_tree_updates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        let snap = write_file(&target, b"old");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        replace(&link, &snap, b"new", Some(dir.path())).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink());
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.md"));
        assert!(only_files(dir.path(), &["link.md", "real.md"]));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_into_another_directory_of_the_tree_writes_there() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        let target = b.join("real.md");
        let link = a.join("link.md");
        let snap = write_file(&target, b"old");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace(&link, &snap, b"new", Some(dir.path())).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // The temporary file went beside the real target, and is gone.
        assert!(only_files(&a, &["link.md"]));
        assert!(only_files(&b, &["real.md"]));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_outside_the_tree_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        let tree = tempfile::tempdir().unwrap();
        let target = outside.path().join("secret.md");
        let link = tree.path().join("link.md");
        let snap = write_file(&target, b"not yours");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = replace(&link, &snap, b"overwritten", Some(tree.path())).unwrap_err();
        let real = fs::canonicalize(&target).unwrap();
        match &err {
            WriteError::OutsideTree { target } => assert_eq!(target, &real),
            other => panic!("expected OutsideTree, got {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            format!(
                "symlink points outside the linted tree (`{}`)",
                real.display()
            )
        );
        assert_eq!(fs::read(&target).unwrap(), b"not yours");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(only_files(outside.path(), &["secret.md"]));
        assert!(only_files(tree.path(), &["link.md"]));
    }

    #[test]
    fn io_error_text_has_no_os_error_code() {
        let e = WriteError::Io(io::Error::from_raw_os_error(28));
        let text = e.to_string();
        assert!(!text.contains("os error"), "{text}");
        assert_eq!(text, text.to_lowercase());
    }

    #[test]
    fn encode_keeps_or_restores_the_bom() {
        assert_eq!(encode("# Q\n", Encoding { bom: false }), b"# Q\n");
        assert_eq!(encode("# Q\n", Encoding::default()), b"# Q\n");
        assert_eq!(
            encode("# Q\n", Encoding { bom: true }),
            b"\xEF\xBB\xBF# Q\n"
        );
        assert_eq!(encode("", Encoding { bom: true }), b"\xEF\xBB\xBF");
        let original = b"\xEF\xBB\xBF# Q\n";
        let enc = Encoding::of(original);
        assert!(enc.bom);
        assert_eq!(encode("# Q\n", enc), original);
        assert!(!Encoding::of(b"# Q\n").bom);
    }

    #[test]
    fn crlf_is_decided_by_the_first_line_ending() {
        assert!(uses_crlf("a\r\nb\r\n"));
        assert!(uses_crlf("a\r\nb\nc\n"));
        assert!(!uses_crlf("a\nb\r\n"));
        assert!(!uses_crlf("a\nb\n"));
        assert!(!uses_crlf("no newline"));
        assert!(!uses_crlf("lone\rcr"));
        assert!(!uses_crlf(""));
        assert!(uses_crlf("\r\n"));
    }

    #[test]
    fn line_endings_follow_the_file() {
        assert_eq!(match_line_endings("a\nb\n", true), "a\r\nb\r\n");
        assert_eq!(match_line_endings("a\r\nb\n", true), "a\r\nb\r\n");
        assert_eq!(match_line_endings("\n\n", true), "\r\n\r\n");
        assert_eq!(match_line_endings("x\r\ry\n", true), "x\r\ry\r\n");
        assert_eq!(match_line_endings("é\nü", true), "é\r\nü");
        assert_eq!(match_line_endings("no newline", true), "no newline");
        assert_eq!(match_line_endings("a\nb\r\n", false), "a\nb\r\n");
        assert_eq!(match_line_endings("", true), "");
    }
}
