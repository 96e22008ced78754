//! Backup copies: folders whose files mirror files elsewhere in the repository (`_backup/`,
//! `old/`, a copied `docs-v1/`). Linted, every live question would be a duplicate (QA401) of its
//! copy, so `init` proposes to exclude them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Folder names that say "a copy" when their files mirror others.
const COPY_WORDS: &[&str] = &[
    "backup",
    "backups",
    "bak",
    "old",
    "archive",
    "archived",
    "copy",
    "copies",
    "deprecated",
    "legacy",
    "previous",
    "outdated",
];

/// Share of a folder's markdown files that must have a twin outside it.
const MIRROR_SHARE: f64 = 0.8;

/// A folder's markdown files, how many have a twin outside it, and the first such pair.
type FolderCount = (usize, usize, Option<(String, String)>);

/// A folder to exclude, and why (for the config's comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// The folder, relative to the root, with `/` separators (`_backup`, `docs/old`).
    pub folder: String,
    pub files: usize,
    /// The live file the first copy mirrors, for the comment.
    pub example: (String, String),
}

/// Folders whose name says they hold copies (`backup`, `old`, `archive`, ...) and whose files are
/// copies of files outside them: at least four in five of the folder's markdown files have a
/// twin elsewhere (the same file name, and the same text or nearly the same headings). Copies in
/// a folder that does not say so (`v2/`) are left to a human.
pub fn find(files: &[(String, Arc<str>)]) -> Vec<Mirror> {
    let by_name = group_by_name(files);
    // For each folder (every ancestor of every file), its files and those with a twin outside.
    let mut folders: HashMap<String, FolderCount> = HashMap::new();
    for (i, (path, _)) in files.iter().enumerate() {
        for folder in ancestors(path) {
            let entry = folders.entry(folder.clone()).or_insert((0, 0, None));
            entry.0 += 1;
            let twin = by_name[name_of(path)].iter().copied().find(|&j| {
                j != i && !in_folder(&files[j].0, &folder) && twins(&files[i].1, &files[j].1)
            });
            if let Some(j) = twin {
                entry.1 += 1;
                entry
                    .2
                    .get_or_insert_with(|| (path.clone(), files[j].0.clone()));
            }
        }
    }
    let mirrored: HashSet<&String> = folders
        .iter()
        .filter(|(_, (all, twinned, _))| *all > 0 && *twinned as f64 >= MIRROR_SHARE * *all as f64)
        .map(|(f, _)| f)
        .collect();
    let mut out: Vec<Mirror> = Vec::new();
    for folder in &mirrored {
        let (all, _, example) = &folders[*folder];
        let Some((copy, live)) = example.clone() else {
            continue;
        };
        // Only a folder whose name says it holds copies, mirroring one whose name does not.
        if !says_copy(folder) || parent(&live).as_deref().is_some_and(says_copy) {
            continue;
        }
        // Only the outermost mirrored folder.
        if ancestors(&format!("{folder}/x"))
            .iter()
            .any(|a| a != *folder && mirrored.contains(a) && says_copy(a))
        {
            continue;
        }
        out.push(Mirror {
            folder: (*folder).clone(),
            files: *all,
            example: (copy, live),
        });
    }
    out.sort_by(|a, b| a.folder.cmp(&b.folder));
    out
}

fn group_by_name(files: &[(String, Arc<str>)]) -> HashMap<&str, Vec<usize>> {
    let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (path, _)) in files.iter().enumerate() {
        map.entry(name_of(path)).or_default().push(i);
    }
    map
}

fn name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn parent(path: &str) -> Option<String> {
    path.rsplit_once('/').map(|(p, _)| p.to_string())
}

/// Every folder a path lies in (`a/b/c.md` → `a`, `a/b`).
fn ancestors(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = path[at..].find('/') {
        out.push(path[..at + i].to_string());
        at += i + 1;
    }
    out
}

fn in_folder(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder)
        .is_some_and(|r| r.starts_with('/'))
}

/// Whether a folder's own name says it holds copies.
fn says_copy(folder: &str) -> bool {
    let name = folder.rsplit('/').next().unwrap_or(folder).to_lowercase();
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| COPY_WORDS.contains(w))
}

/// The same text, or nearly the same headings (four in five shared).
fn twins(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let heads = |t: &str| -> HashSet<String> {
        t.lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| l.trim().to_string())
            .collect()
    };
    let (ha, hb) = (heads(a), heads(b));
    if ha.len() < 3 || hb.len() < 3 {
        return false;
    }
    let shared = ha.intersection(&hb).count();
    shared * 5 >= ha.len().max(hb.len()) * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Arc<str>)> {
        list.iter()
            .map(|(p, t)| (p.to_string(), Arc::from(*t)))
            .collect()
    }

    const A: &str = "## Q1: a?\n\n## Q2: b?\n\n## Q3: c?\n";
    const B: &str = "## Q1: x?\n\n## Q2: y?\n\n## Q3: z?\n";

    #[test]
    fn a_backup_folder_of_copies_is_found() {
        let f = files(&[
            ("a.md", A),
            ("b.md", B),
            ("_backup/a.md", A),
            ("_backup/b.md", B),
        ]);
        let m = find(&f);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].folder, "_backup");
        assert_eq!(m[0].files, 2);
    }

    #[test]
    fn translations_and_unnamed_copies_are_not_mirrors() {
        // Same file names, other text: translations, not copies.
        let f = files(&[("en/a.md", A), ("fr/a.md", B)]);
        assert!(find(&f).is_empty());
        // Copies in a folder whose name does not say so: left to a human.
        let f = files(&[("a.md", A), ("v2/a.md", A)]);
        assert!(find(&f).is_empty());
    }
}
