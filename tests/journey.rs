//! Maintainer journeys on the real repositories in `../shared/corpora` (skipped when absent): on
//! a temporary copy with the repository's GitHub URL as `origin`, its own fixable findings
//! fixed first (the state a maintainer keeps), insert a question in the
//! middle of the file with the most numbered questions, delete one, or move one before the
//! first question written like it,
//! then `qalint check --fix`. Afterwards: no finding that was not there before the edit (by
//! code, path and message, numbers aside), the edited file's block skeleton is the one the edit
//! gave it and every other file's is untouched, and a second `--fix` changes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::Command;
use qalint::config::{self, ConfigFile, Overrides};
use qalint::model::document::Document;
use qalint::model::skeleton::{self, BlockKind};

/// The edits a maintainer makes.
#[derive(Debug, Clone, Copy)]
enum Edit {
    Insert,
    Delete,
    Move,
}

/// A writable copy (the corpora are read-only).
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    writable(to);
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
            writable(&target);
        }
    }
}

#[allow(clippy::permissions_set_readonly_false)]
fn writable(p: &Path) {
    let mut perm = fs::metadata(p).unwrap().permissions();
    perm.set_readonly(false);
    fs::set_permissions(p, perm).unwrap();
}

/// Every markdown file under `dir`, relative, with its text.
fn markdown(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != ".git") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "md") {
                let text = fs::read_to_string(&p).unwrap_or_default();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), text);
            }
        }
    }
    out
}

/// Findings as `(code, path, message with numbers blanked)`, counted.
fn findings(dir: &Path) -> BTreeMap<(String, String, String), usize> {
    let out = Command::cargo_bin("qalint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let digits = regex::Regex::new("[0-9]+").unwrap();
    let mut counts = BTreeMap::new();
    for d in v["diagnostics"].as_array().unwrap() {
        let key = (
            d["code"].as_str().unwrap().to_string(),
            d["path"].as_str().unwrap().to_string(),
            digits
                .replace_all(d["message"].as_str().unwrap(), "#")
                .into_owned(),
        );
        *counts.entry(key).or_default() += 1;
    }
    counts
}

fn fix(dir: &Path) -> std::process::Output {
    Command::cargo_bin("qalint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--fix", "-q", "."])
        .output()
        .unwrap()
}

fn kinds(text: &str) -> Vec<(BlockKind, u16)> {
    skeleton::skeleton(text)
        .into_iter()
        .map(|b| (b.kind, b.depth))
        .collect()
}

/// The file with the most numbered question headings (at least five), and the text an edit
/// makes of it.
fn edit(root: &Path, files: &BTreeMap<PathBuf, String>, e: Edit) -> Option<(PathBuf, String)> {
    let config = root.join(".qalint.yml");
    let file = ConfigFile::load(&config).ok();
    let profile = config::resolve(file.as_ref(), &Overrides::default(), root).ok()?;
    let mut best: Option<(usize, &PathBuf)> = None;
    for (path, text) in files {
        let doc = Document::parse(
            path.display().to_string(),
            Arc::from(text.as_str()),
            &profile.parse,
        );
        let n = doc
            .questions
            .iter()
            .filter(|q| q.number.is_some() && q.heading.is_some() && q.expected_level.is_none())
            .count();
        if n >= 5 && best.is_none_or(|b| n > b.0) {
            best = Some((n, path));
        }
    }
    let path = best?.1;
    let text = &files[path];
    let doc = Document::parse(
        path.display().to_string(),
        Arc::from(text.as_str()),
        &profile.parse,
    );
    let numbered: Vec<_> = doc
        .questions
        .iter()
        .filter(|q| q.number.is_some() && q.heading.is_some() && q.expected_level.is_none())
        .collect();
    let mid = numbered[numbered.len() / 2];
    // A question's block: its heading line to the end of its answer (whole lines).
    let start = doc
        .lines
        .line_range(text, doc.lines.line_of(mid.span.start))
        .start;
    let end = mid.answer.end.max(mid.span.end);
    let block = &text[start..end];
    let new = match e {
        Edit::Insert => {
            let title = mid.title.clone();
            let copy = block.replacen(&title, "What does the journey test insert here?", 1);
            format!("{}{copy}{}", &text[..start], &text[start..])
        }
        Edit::Delete => format!("{}{}", &text[..start], &text[end..]),
        Edit::Move => {
            // Before the first question written like it (same level and convention).
            let first = numbered
                .iter()
                .find(|q| q.level == mid.level && q.series == mid.series)?;
            let at = doc
                .lines
                .line_range(text, doc.lines.line_of(first.span.start))
                .start;
            if at >= start {
                return None;
            }
            format!("{}{block}{}{}", &text[..at], &text[at..start], &text[end..])
        }
    };
    Some((path.clone(), new))
}

#[test]
fn maintainer_journeys_on_every_corpus() {
    let corpora = Path::new("../shared/corpora");
    if !corpora.is_dir() {
        eprintln!("skipping: ../shared/corpora is absent");
        return;
    }
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpora)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut table = Vec::new();
    for corpus in dirs {
        let name = corpus.file_name().unwrap().to_string_lossy().into_owned();
        let config = Path::new("scripts/corpora").join(format!("{name}.yml"));
        let url = fs::read_to_string(corpus.join("SOURCE.txt"))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("url: ").map(str::to_string));
        for e in [Edit::Insert, Edit::Delete, Edit::Move] {
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(&corpus, tmp.path());
            fs::create_dir_all(tmp.path().join(".git")).unwrap();
            if let Some(url) = &url {
                fs::write(
                    tmp.path().join(".git/config"),
                    format!("[remote \"origin\"]\n\turl = {url}.git\n"),
                )
                .unwrap();
            }
            if config.is_file() {
                fs::copy(&config, tmp.path().join(".qalint.yml")).unwrap();
            }
            // The repository as a maintainer keeps it: its own fixable findings fixed first.
            fix(tmp.path());
            let before = findings(tmp.path());
            let files = markdown(tmp.path());
            let Some((edited, text)) = edit(tmp.path(), &files, e) else {
                table.push(format!("{name} {e:?}: no numbered file"));
                continue;
            };
            fs::write(tmp.path().join(&edited), &text).unwrap();
            let out = fix(tmp.path());
            assert!(
                out.status.code() != Some(2),
                "{name} {e:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let after = findings(tmp.path());
            let new: Vec<_> = after
                .iter()
                .filter(|(k, n)| before.get(*k).is_none_or(|b| b < *n))
                .collect();
            let fixed = markdown(tmp.path());
            let changed: Vec<&PathBuf> = fixed
                .iter()
                .filter(|(p, t)| {
                    let want = if **p == edited { &text } else { &files[*p] };
                    kinds(t) != kinds(want)
                })
                .map(|(p, _)| p)
                .collect();
            table.push(format!(
                "{name} {e:?} {}: findings {} -> {}, skeletons changed {}",
                edited.display(),
                before.values().sum::<usize>(),
                after.values().sum::<usize>(),
                changed.len()
            ));
            assert!(new.is_empty(), "{name} {e:?}: new findings {new:#?}");
            assert!(
                changed.is_empty(),
                "{name} {e:?}: skeleton changed in {changed:?}"
            );
            let again = fix(tmp.path());
            assert_ne!(again.status.code(), Some(2), "{name} {e:?}: second --fix");
            assert_eq!(
                markdown(tmp.path()),
                fixed,
                "{name} {e:?}: a second --fix changed files"
            );
        }
    }
    eprintln!("{}", table.join("\n"));
}
