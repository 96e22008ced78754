//! Paths for messages, lexical normalisation, and I/O errors as short causes.

use std::path::{Component, Path, PathBuf};

/// A path for messages, with `/` separators.
pub fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

/// An I/O error as a short lowercase cause ("no such file or directory").
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// Resolve `.` and `..` without touching the file system, so two spellings of one path compare
/// equal. A `..` above the start stays in a relative path (`../a.md`) and is dropped at the
/// root of an absolute one (`/..` is `/`).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_parent =
                    matches!(out.components().next_back(), Some(Component::ParentDir));
                if (last_is_parent || !out.pop()) && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// An absolute, lexically normalized path.
pub fn absolute(p: &Path) -> PathBuf {
    normalize(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// Language codes that tag a file or folder as a translation (`de-DE/`, `README-fr.md`).
pub const LANGUAGE_TAGS: &[&str] = &[
    "ar", "bg", "bn", "bs", "ca", "ch", "cn", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi",
    "fr", "he", "hi", "hr", "hu", "id", "it", "ja", "jp", "ka", "kk", "ko", "kr", "lt", "lv", "ms",
    "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "th", "tr", "tw",
    "ua", "uk", "ur", "uz", "vi", "zh",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_keeps_leading_parents_of_relative_paths_only() {
        assert_eq!(normalize(Path::new("a/./b/../c.md")), Path::new("a/c.md"));
        assert_eq!(normalize(Path::new("../a.md")), Path::new("../a.md"));
        assert_eq!(normalize(Path::new("../../a.md")), Path::new("../../a.md"));
        assert_eq!(normalize(Path::new("a/../../b.md")), Path::new("../b.md"));
        assert_eq!(normalize(Path::new("/../a.md")), Path::new("/a.md"));
    }
}
