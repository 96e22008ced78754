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

/// A file assembled from a folder of one-question files (a README generated from
/// `questions/*.md`): linted, each question would be a duplicate of its source, and questions
/// listed under two topics by design would be duplicates of themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregate {
    /// The assembled file, relative to the root.
    pub file: String,
    /// The folder its questions come from.
    pub source: String,
    /// Files in that folder, and how many of them have their first heading in `file`.
    pub sources: usize,
    pub found: usize,
}

/// Fewest files a source folder needs before a file can be said to be assembled from it.
const MIN_SOURCES: usize = 5;

/// Files outside a folder of at least five markdown files that hold the first heading of four
/// in five of them (and at least as many headings): assembled from that folder.
pub fn aggregates(files: &[(String, Arc<str>)]) -> Vec<Aggregate> {
    // Heading text → files that hold it (only files with enough headings to hold a folder).
    let headings: Vec<HashSet<&str>> = files.iter().map(|(_, t)| heading_texts(t)).collect();
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, hs) in headings.iter().enumerate() {
        if hs.len() >= MIN_SOURCES {
            for h in hs {
                holders.entry(h).or_default().push(i);
            }
        }
    }
    // Each folder's direct files.
    let mut folders: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (path, _)) in files.iter().enumerate() {
        if let Some(p) = parent(path) {
            folders.entry(p).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (folder, members) in &folders {
        if members.len() < MIN_SOURCES {
            continue;
        }
        let mut found: HashMap<usize, usize> = HashMap::new();
        for &g in members {
            let first = files[g].1.lines().find_map(heading_text);
            for &a in first.and_then(|h| holders.get(h)).into_iter().flatten() {
                if !in_folder(&files[a].0, folder) {
                    *found.entry(a).or_default() += 1;
                }
            }
        }
        for (a, n) in found {
            if n * 5 >= members.len() * 4 {
                out.push(Aggregate {
                    file: files[a].0.clone(),
                    source: folder.clone(),
                    sources: members.len(),
                    found: n,
                });
            }
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out.dedup_by(|a, b| a.file == b.file);
    out
}

/// An ATX heading's text (`### What is ARIA?` → `What is ARIA?`).
fn heading_text(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches('#');
    let hashes = line.len() - rest.len();
    ((1..=6).contains(&hashes) && rest.starts_with([' ', '\t']))
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

fn heading_texts(text: &str) -> HashSet<&str> {
    text.lines().filter_map(heading_text).collect()
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
    fn a_file_assembled_from_a_folder_is_found() {
        let mut list: Vec<(String, String)> = (0..6)
            .map(|i| {
                (
                    format!("questions/q{i}.md"),
                    format!("### What is {i}?\n\nAnswer.\n"),
                )
            })
            .collect();
        let readme: String = (0..6)
            .map(|i| format!("## Topic\n\n### What is {i}?\n\n"))
            .collect();
        list.push(("README.md".into(), readme));
        let f: Vec<(String, Arc<str>)> = list
            .iter()
            .map(|(p, t)| (p.clone(), Arc::from(t.as_str())))
            .collect();
        let a = aggregates(&f);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(
            (a[0].file.as_str(), a[0].source.as_str()),
            ("README.md", "questions")
        );
        assert_eq!((a[0].found, a[0].sources), (6, 6));
        // A README that links to a few of the files is not assembled from them.
        let f: Vec<(String, Arc<str>)> = f
            .into_iter()
            .map(|(p, t)| {
                if p == "README.md" {
                    (p, Arc::from("## Topic\n\n### What is 0?\n\n### What is 1?\n\n### Other\n\n### More\n\n### Last\n"))
                } else {
                    (p, t)
                }
            })
            .collect();
        assert!(aggregates(&f).is_empty());
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
