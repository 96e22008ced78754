//! `--changed-since REF` on temporary git repositories: findings on lines changed since the
//! merge base are reported, the others are not; no git repository or an unknown revision is an
//! error (exit 2).

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::{JsonRun as Run, git, qalint, repo};

const CONFIG: &str = "questions: {preset: q-colon, numbering: {scope: file}}\n";

/// Q2's title lacks its `?` (QA003).
const OLD: &str = "\
## Q1: What is a list?

An ordered collection.

## Q2: What is a set

An unordered collection.
";

/// A repository with `files` committed on `main`.
fn committed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = repo(files);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "start"]);
    dir
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let out = qalint()
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    Run::of(out)
}

fn append(dir: &Path, file: &str, text: &str) {
    let p = dir.join(file);
    let old = fs::read_to_string(&p).unwrap_or_default();
    fs::write(p, format!("{old}{text}")).unwrap();
}

#[test]
fn only_findings_on_changed_lines_are_reported() {
    let dir = committed(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    append(
        dir.path(),
        "notes.md",
        "\n## Q3: What is a map\n\nKeys and values.\n",
    );
    let all = check(dir.path(), &[]);
    assert_eq!(all.findings, ["notes.md:5: QA003", "notes.md:9: QA003"]);
    let run = check(dir.path(), &["--changed-since", "HEAD"]);
    assert_eq!(run.findings, ["notes.md:9: QA003"], "{}", run.stderr);
    assert_eq!(run.summary["changed"]["since"], "HEAD");
    assert_eq!(run.summary["changed"]["hidden"], 1);
    // Staged changes count too.
    git(dir.path(), &["add", "notes.md"]);
    let run = check(dir.path(), &["--changed-since", "HEAD"]);
    assert_eq!(run.findings, ["notes.md:9: QA003"]);
    // Nothing changed since HEAD once committed.
    git(dir.path(), &["commit", "-q", "-m", "map"]);
    let run = check(dir.path(), &["--changed-since", "HEAD"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["changed"]["hidden"], 2);
    let human = qalint()
        .current_dir(dir.path())
        .args(["check", "--changed-since", "HEAD"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(human.stdout).unwrap();
    assert!(
        stdout.contains("2 findings on lines unchanged since `HEAD` not shown"),
        "{stdout}"
    );
}

#[test]
fn a_branch_is_compared_with_its_merge_base() {
    let dir = committed(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    git(dir.path(), &["checkout", "-q", "-b", "topic"]);
    append(dir.path(), "notes.md", "\n## Q3: What is a map\n\nPairs.\n");
    git(dir.path(), &["commit", "-q", "-am", "topic: map"]);
    // `main` moves on with a finding of its own after the branch point.
    git(dir.path(), &["checkout", "-q", "main"]);
    fs::write(dir.path().join("main.md"), "## Q1: What is main\n\nMain.\n").unwrap();
    git(dir.path(), &["add", "main.md"]);
    git(dir.path(), &["commit", "-q", "-m", "main: more"]);
    git(dir.path(), &["checkout", "-q", "topic"]);
    let run = check(dir.path(), &["--changed-since", "main"]);
    assert_eq!(run.findings, ["notes.md:9: QA003"], "{}", run.stderr);
    assert_eq!(run.code, 0);
}

#[test]
fn untracked_files_are_wholly_changed() {
    let dir = committed(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    fs::write(
        dir.path().join("new.md"),
        "## Q1: What is new\n\nNew.\n\n## Q3: What is old?\n\nOld.\n",
    )
    .unwrap();
    let run = check(dir.path(), &["--changed-since", "HEAD"]);
    assert_eq!(run.findings, ["new.md:1: QA003", "new.md:5: QA101"]);
    // An error among them sets the exit code.
    assert_eq!(run.code, 1);
    // Named on the command line, the same.
    let run = check(dir.path(), &["new.md", "--changed-since", "HEAD"]);
    assert_eq!(run.findings, ["new.md:1: QA003", "new.md:5: QA101"]);
}

#[test]
fn a_deleted_question_reports_the_gap_it_leaves() {
    let text = "## Q1: What is a?\n\nA.\n\n## Q2: What is b?\n\nB.\n\n## Q3: What is c?\n\nC.\n";
    let dir = committed(&[(".qalint.yml", CONFIG), ("abc.md", text)]);
    fs::write(
        dir.path().join("abc.md"),
        text.replace("## Q2: What is b?\n\nB.\n\n", ""),
    )
    .unwrap();
    let run = check(dir.path(), &["--changed-since", "HEAD"]);
    assert_eq!(run.findings, ["abc.md:5: QA101"], "{}", run.stderr);
}

#[test]
fn a_new_question_that_duplicates_an_old_one_is_reported() {
    // b.md holds the old question; the new one goes into a.md, earlier in path order, so the
    // duplicate is reported on the old question with the new one as its related place.
    let dir = committed(&[
        (".qalint.yml", CONFIG),
        ("a.md", "## Q1: What is a list?\n\nA.\n"),
        (
            "b.md",
            "## Q1: What is a tuple?\n\nT.\n\n## Q2: What is a vector?\n\nV.\n",
        ),
    ]);
    let run = check(dir.path(), &["--changed-since", "HEAD"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    append(
        dir.path(),
        "a.md",
        "\n## Q2: What is a vector?\n\nV again.\n",
    );
    let run = check(
        dir.path(),
        &["--changed-since", "HEAD", "--select", "QA401"],
    );
    assert_eq!(run.findings, ["b.md:5: QA401"], "{}", run.stderr);
    // And the other way round: the new question is the later one.
    git(dir.path(), &["checkout", "-q", "--", "a.md"]);
    append(dir.path(), "b.md", "\n## Q3: What is a list?\n\nL.\n");
    let run = check(
        dir.path(),
        &["--changed-since", "HEAD", "--select", "QA401"],
    );
    assert_eq!(run.findings, ["b.md:9: QA401"], "{}", run.stderr);
}

#[test]
fn an_unknown_revision_is_an_error() {
    let dir = committed(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    for rev in ["no-such-branch", "--output=x"] {
        let run = check(dir.path(), &[&format!("--changed-since={rev}")]);
        assert_eq!(run.code, 2, "{rev}");
        assert!(
            run.stderr
                .contains(&format!("error: unknown git revision `{rev}`")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn outside_a_git_repository_it_is_an_error() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    // A work tree above the temporary directory would be found; make sure there is none.
    let out = Command::new("git")
        .current_dir(dir.path())
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .unwrap();
    if out.status.success() {
        eprintln!("skipped: the temporary directory is inside a git work tree");
        return;
    }
    let run = check(dir.path(), &["--changed-since", "main"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: `--changed-since` needs a git repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_git_it_is_an_error() {
    let dir = committed(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    let empty = tempfile::tempdir().unwrap();
    let out = qalint()
        .current_dir(dir.path())
        .env("PATH", empty.path())
        .args(["check", "--changed-since", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: `--changed-since` needs git, which cannot be run"),
        "{stderr}"
    );
}

#[test]
fn baseline_and_changed_lines_combine() {
    let dir = committed(&[(".qalint.yml", CONFIG), ("notes.md", OLD)]);
    let run = check(dir.path(), &["--write-baseline", "b.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    append(
        dir.path(),
        "notes.md",
        "\n## Q4: What is a map?\n\nPairs.\n",
    );
    let run = check(
        dir.path(),
        &["--baseline", "b.json", "--changed-since", "HEAD"],
    );
    assert_eq!(run.findings, ["notes.md:9: QA101"]);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["changed"]["hidden"], 0);
}
