//! `--changed-since REF`: report only findings on lines changed since the merge base of `REF`
//! and `HEAD`, for pull requests.
//!
//! Git is run as a program (`git` on `PATH`), in the work tree of the first path linted:
//! `git merge-base REF HEAD` gives the base, `git diff -U0 BASE` the lines added or changed in
//! the working tree since then (staged and unstaged alike; renames are followed), and
//! `git ls-files` the tracked files: a linted file git does not track (untracked, or outside the
//! work tree) counts as wholly changed. A deletion marks the line after it as changed, so a
//! numbering gap left by a deleted question is reported.
//!
//! A finding is kept when its span, one of its secondary labels, or one of its related places
//! in another file (a duplicate question, a link target) touches a changed line.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::base::diagnostic::Diagnostic;
use crate::base::paths;

use super::{FileReport, Outcome};

/// The lines changed in the working tree since the merge base with a revision.
#[derive(Debug, Clone)]
pub struct ChangedLines {
    /// The revision as given.
    pub since: String,
    /// The merge base (a commit id).
    pub base: String,
    /// The work tree root, canonical.
    root: PathBuf,
    /// Changed lines (1-based, sorted, merged ranges) of each file with changes, relative to the
    /// root.
    changed: HashMap<PathBuf, Vec<Range<usize>>>,
    /// Files git tracks, relative to the root.
    tracked: HashSet<PathBuf>,
}

/// What the filter did, for the summary (`summary.changed` in JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The revision as given.
    pub since: String,
    /// Findings left out because they touch no changed line.
    pub hidden: usize,
}

/// Which lines of one file changed.
enum Lines<'a> {
    All,
    Some(&'a [Range<usize>]),
}

impl Lines<'_> {
    /// Whether any of the 1-based lines `first..=last` changed.
    fn touches(&self, first: usize, last: usize) -> bool {
        match self {
            Lines::All => true,
            Lines::Some(ranges) => {
                let i = ranges.partition_point(|r| r.end <= first);
                ranges.get(i).is_some_and(|r| r.start <= last)
            }
        }
    }
}

impl ChangedLines {
    /// Ask git, in the work tree holding `dir`, what changed since the merge base of `since`
    /// and `HEAD`. The error is a message for the user.
    pub fn from_git(dir: &Path, since: &str) -> Result<ChangedLines, String> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let top = git(dir, ["rev-parse", "--show-toplevel"]).map_err(|e| match e {
            GitError::Run(m) => m,
            GitError::Failed(m) => format!(
                "`--changed-since` needs a git repository, and `{}` is not in one ({m})",
                paths::display(dir)
            ),
        })?;
        let root = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let unknown = || {
            format!(
                "unknown git revision `{since}` (fetch it first; a shallow clone needs \
                 `fetch-depth: 0`)"
            )
        };
        if since.is_empty() || since.starts_with('-') {
            return Err(unknown());
        }
        let commit = format!("{since}^{{commit}}");
        let rev = git(&root, ["rev-parse", "--verify", "--quiet", commit.as_str()]).map_err(
            |e| match e {
                GitError::Run(m) => m,
                GitError::Failed(_) => unknown(),
            },
        )?;
        let rev = rev.trim().to_string();
        let base = git(&root, ["merge-base", rev.as_str(), "HEAD"]).map_err(|e| match e {
            GitError::Run(m) => m,
            GitError::Failed(m) => format!(
                "no merge base between `{since}` and `HEAD` ({m}; a shallow clone needs \
                 `fetch-depth: 0`)"
            ),
        })?;
        let base = base.trim().to_string();
        let diff = git(
            &root,
            [
                "-c",
                "core.quotePath=false",
                "diff",
                "-U0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--find-renames",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                base.as_str(),
                "--",
            ],
        )
        .map_err(|e| match e {
            GitError::Run(m) | GitError::Failed(m) => format!("`git diff {base}` failed: {m}"),
        })?;
        let listed = git(&root, ["ls-files", "-z", "--cached"]).map_err(|e| match e {
            GitError::Run(m) | GitError::Failed(m) => format!("`git ls-files` failed: {m}"),
        })?;
        Ok(ChangedLines {
            since: since.to_string(),
            base,
            root,
            changed: parse_diff(&diff),
            tracked: listed
                .split('\0')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect(),
        })
    }

    /// A path (as shown in reports) relative to the work tree root, or `None` outside it.
    fn in_tree(
        &self,
        shown: &str,
        cache: &mut HashMap<String, Option<PathBuf>>,
    ) -> Option<PathBuf> {
        cache
            .entry(shown.to_string())
            .or_insert_with(|| {
                let abs = paths::absolute(Path::new(shown));
                let real = std::fs::canonicalize(&abs).unwrap_or(abs);
                real.strip_prefix(&self.root).ok().map(Path::to_path_buf)
            })
            .clone()
    }

    /// Which lines of a file (as shown in reports) changed.
    fn lines_of(&self, shown: &str, cache: &mut HashMap<String, Option<PathBuf>>) -> Lines<'_> {
        match self.in_tree(shown, cache) {
            Some(rel) if self.tracked.contains(&rel) => match self.changed.get(&rel) {
                Some(r) => Lines::Some(r),
                None => Lines::Some(&[]),
            },
            // Untracked, or outside the work tree: new as far as this diff knows.
            _ => Lines::All,
        }
    }

    /// Drop the findings of `outcome` that touch no changed line.
    pub fn apply(&self, outcome: &mut Outcome) -> Applied {
        let mut cache = HashMap::new();
        let mut hidden = 0;
        for report in &mut outcome.files {
            if report.diagnostics.is_empty() {
                continue;
            }
            let diagnostics = std::mem::take(&mut report.diagnostics);
            let before = diagnostics.len();
            let kept: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(|d| self.touches(report, d, &mut cache))
                .collect();
            hidden += before - kept.len();
            report.diagnostics = kept;
        }
        Applied {
            since: self.since.clone(),
            hidden,
        }
    }

    /// Whether a finding touches a changed line: its span, a label, or a related place.
    fn touches(
        &self,
        report: &FileReport,
        d: &Diagnostic,
        cache: &mut HashMap<String, Option<PathBuf>>,
    ) -> bool {
        let own = self.lines_of(&report.path, cache);
        let span_lines = |r: &Range<usize>| {
            let first = report.lines.line_of(r.start) + 1;
            let last = report.lines.line_of(r.end.saturating_sub(1).max(r.start)) + 1;
            (first, last.max(first))
        };
        let (a, b) = span_lines(&d.span);
        if own.touches(a, b) {
            return true;
        }
        if d.labels.iter().any(|l| {
            let (a, b) = span_lines(&l.span);
            own.touches(a, b)
        }) {
            return true;
        }
        d.related.iter().any(|r| {
            let line = r.line.max(1);
            self.lines_of(&r.path, cache).touches(line, line)
        })
    }
}

enum GitError {
    /// Git could not be started.
    Run(String),
    /// Git ran and failed: its first line of stderr.
    Failed(String),
}

/// Run git in `dir` and return its stdout.
fn git<I, S>(dir: &Path, args: I) -> Result<String, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| {
            GitError::Run(format!(
                "`--changed-since` needs git, which cannot be run: {}",
                paths::describe_io(&e)
            ))
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("git failed")
            .trim_start_matches("fatal: ")
            .to_string();
        return Err(GitError::Failed(first));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The added or changed lines of each file of a `git diff -U0` (new-side paths, without the
/// `b/` prefix), as sorted, merged 1-based ranges. A file without line changes (a mode change,
/// a pure rename) maps to no range; a binary file to its whole length.
fn parse_diff(diff: &str) -> HashMap<PathBuf, Vec<Range<usize>>> {
    let mut out: HashMap<PathBuf, Vec<Range<usize>>> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    // Lines of the current hunk still to skip: (old, new).
    let mut pending = (0usize, 0usize);
    for line in diff.split('\n') {
        if pending != (0, 0) {
            let step = match line.as_bytes().first() {
                Some(b'-') => Some((1, 0)),
                Some(b'+') => Some((0, 1)),
                Some(b' ') => Some((1, 1)),
                // "\ No newline at end of file"
                Some(b'\\') => Some((0, 0)),
                _ => None,
            };
            if let Some((o, n)) = step {
                pending = (pending.0.saturating_sub(o), pending.1.saturating_sub(n));
                continue;
            }
            // Not hunk content after all: read it as a header.
            pending = (0, 0);
        }
        if line.starts_with("diff --git ") {
            current = None;
        } else if let Some(name) = line.strip_prefix("+++ ") {
            current = new_side(name);
            if let Some(p) = &current {
                out.entry(p.clone()).or_default();
            }
        } else if line.starts_with("Binary files ") {
            if let Some(p) = binary_new_side(line) {
                out.insert(p, std::iter::once(1..usize::MAX).collect());
            }
        } else if let Some(rest) = line.strip_prefix("@@ ") {
            let Some((old, new)) = hunk_header(rest) else {
                continue;
            };
            pending = (old.1, new.1);
            if let Some(p) = &current {
                let range = if new.1 == 0 {
                    // A deletion: the line after it (the question after a deleted one).
                    new.0 + 1..new.0 + 2
                } else {
                    new.0..new.0 + new.1
                };
                out.entry(p.clone()).or_default().push(range);
            }
        }
    }
    for ranges in out.values_mut() {
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges.drain(..) {
            match merged.last_mut() {
                Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
                _ => merged.push(r),
            }
        }
        *ranges = merged;
    }
    out
}

/// `-a[,b] +c[,d] @@ …` → ((a, b), (c, d)); a missing count is 1.
fn hunk_header(rest: &str) -> Option<((usize, usize), (usize, usize))> {
    let mut parts = rest.split(' ');
    let side = |s: &str, sign: char| -> Option<(usize, usize)> {
        let s = s.strip_prefix(sign)?;
        match s.split_once(',') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => Some((s.parse().ok()?, 1)),
        }
    };
    let old = side(parts.next()?, '-')?;
    let new = side(parts.next()?, '+')?;
    Some((old, new))
}

/// The path of a `+++ ` line without its `b/` prefix; `None` for `/dev/null`.
fn new_side(name: &str) -> Option<PathBuf> {
    let name = if name.starts_with('"') {
        unquote(name)?
    } else {
        // Git ends a name holding a space with a tab.
        name.strip_suffix('\t').unwrap_or(name).to_string()
    };
    name.strip_prefix("b/").map(PathBuf::from)
}

/// `Binary files a/x and b/y differ` → `y` (unquoted names only; `None` when unsure).
fn binary_new_side(line: &str) -> Option<PathBuf> {
    let rest = line
        .strip_prefix("Binary files ")?
        .strip_suffix(" differ")?;
    let (_, new) = rest.rsplit_once(" and ")?;
    if new.starts_with('"') {
        return unquote(new).and_then(|n| n.strip_prefix("b/").map(PathBuf::from));
    }
    new.strip_prefix("b/").map(PathBuf::from)
}

/// A C-style quoted name as git writes it (`"a\"b\303\274"`), decoded as UTF-8.
fn unquote(s: &str) -> Option<String> {
    let inner = s
        .trim_end_matches('\t')
        .strip_prefix('"')?
        .strip_suffix('"')?;
    let mut bytes = Vec::with_capacity(inner.len());
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let e = it.next()?;
        match e {
            b'n' => bytes.push(b'\n'),
            b't' => bytes.push(b'\t'),
            b'r' => bytes.push(b'\r'),
            b'a' => bytes.push(7),
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'v' => bytes.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match it.peek() {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            it.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(u8::try_from(v).ok()?);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_gives_the_new_sides_lines() {
        let diff = "diff --git a/a.md b/a.md\n\
                    index 1..2 100644\n\
                    --- a/a.md\n\
                    +++ b/a.md\n\
                    @@ -2 +2,2 @@ x\n\
                    -b\n\
                    +B\n\
                    +++ c\n\
                    @@ -9,2 +10,0 @@\n\
                    -gone\n\
                    -gone\n\
                    diff --git \"a/q\\\"u.md\" \"b/q\\\"u.md\"\n\
                    --- \"a/q\\\"u.md\"\n\
                    +++ \"b/q\\\"u.md\"\n\
                    @@ -1,0 +2 @@ x\n\
                    +z\n\
                    diff --git a/sp ace.md b/sp ace.md\n\
                    --- a/sp ace.md\t\n\
                    +++ b/sp ace.md\t\n\
                    @@ -0,0 +1,3 @@\n\
                    +a\n\
                    +b\n\
                    +c\n\
                    diff --git a/gone.md b/gone.md\n\
                    --- a/gone.md\n\
                    +++ /dev/null\n\
                    @@ -1 +0,0 @@\n\
                    -x\n";
        let m = parse_diff(diff);
        assert_eq!(m[Path::new("a.md")], vec![2..4, 11..12]);
        assert_eq!(m[Path::new("q\"u.md")], vec![2..3]);
        assert_eq!(m[Path::new("sp ace.md")], vec![1..4]);
        assert_eq!(m.len(), 3, "{m:?}");
    }

    #[test]
    fn quoted_names_decode_octal_utf8() {
        assert_eq!(unquote("\"b/\\303\\274.md\"").as_deref(), Some("b/ü.md"));
        assert_eq!(unquote("\"b/a\\\\b\"").as_deref(), Some("b/a\\b"));
        assert_eq!(unquote("\"b/\\"), None);
    }

    #[test]
    fn touching_uses_sorted_ranges() {
        let r = [2..4, 10..11];
        let l = Lines::Some(&r);
        assert!(l.touches(3, 3));
        assert!(l.touches(1, 2));
        assert!(!l.touches(4, 9));
        assert!(l.touches(9, 12));
        assert!(!l.touches(11, 11));
        assert!(Lines::All.touches(5, 5));
    }
}
