//! The repository context: the files named are reported, the repository they belong to is read
//! for cross-file rules (numbering across files, duplicates, anchors in other files), and the
//! summary cache keeps the other files' summaries between runs.

mod common;

use std::fs;
use std::path::Path;

use common::{qalint, repo};

const CONFIG: &str = "questions:\n  preset: q-colon\n  numbering: {scope: repository}\n";
const A: &str =
    "# A\n\n## Q1: What is a list?\n\nOrdered.\n\n## Q2: What is a set?\n\nUnordered.\n";
const B: &str = "# B\n\n## Q3: What is a map?\n\nKeys to values; compare [sets](a.md#q2-what-is-a-set) \
                 and [bags](a.md#q9-what-is-a-bag).\n\n## Q4: What is a list?\n\nAgain.\n";

/// A repository with a config: `a.md` holds Q1–Q2, `b.md` Q3–Q4.
fn sample() -> tempfile::TempDir {
    repo(&[(".qalint.yml", CONFIG), ("a.md", A), ("b.md", B)])
}

/// `(code, line)` of each finding of `qalint check ARGS` run in `dir`, and the exit code.
fn findings(dir: &Path, args: &[&str]) -> (Vec<(String, u64)>, i32) {
    let out = qalint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut got: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["path"], "b.md", "only the named file is reported: {d}");
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    (got, out.status.code().unwrap())
}

#[test]
fn one_named_file_is_linted_in_its_repository() {
    let dir = sample();
    let (got, code) = findings(dir.path(), &["b.md"]);
    // Q3 continues a.md's sequence (no QA104); Q4 repeats a.md's Q1 (QA401); the anchor into
    // the unnamed a.md is checked (QA303 on the broken one only).
    assert_eq!(
        got,
        vec![("QA303".to_string(), 5), ("QA401".to_string(), 7)]
    );
    assert_eq!(code, 1);
}

#[test]
fn no_context_reads_only_the_named_files() {
    let dir = sample();
    let (got, _) = findings(dir.path(), &["--no-context", "b.md"]);
    assert_eq!(got, vec![("QA104".to_string(), 3)]);
}

#[test]
fn a_git_work_tree_is_the_context_without_a_config() {
    let dir = repo(&[
        ("docs/a.md", A),
        ("docs/b.md", B),
        (".git/config", "[core]\n"),
    ]);
    let out = qalint()
        .current_dir(dir.path().join("docs"))
        .args(["check", "--format", "concise", "--select", "QA401", "b.md"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("b.md:7:1: QA401"), "{text}");
    assert!(text.contains("already asked as `Q1` in `a.md:3`"), "{text}");
}

#[test]
fn fixing_a_named_file_writes_only_that_file() {
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        ("a.md", A),
        // A gap after a.md's Q2: Q4 should be Q3.
        ("b.md", "# B\n\n## Q4: What is a map?\n\nKeys.\n"),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q", "b.md"])
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), A);
    assert!(
        fs::read_to_string(dir.path().join("b.md"))
            .unwrap()
            .contains("## Q3: What is a map?")
    );
}

#[test]
fn renumbering_one_file_leaves_the_others_and_says_so() {
    let files = [
        (".qalint.yml", CONFIG),
        // A question inserted in a.md: b.md's numbers must move too.
        (
            "a.md",
            "# A\n\n## Q1: What is a list?\n\nOrdered.\n\n## Q2: What is a tuple?\n\nFixed.\n\n## Q2: What is a set?\n\nUnordered.\n",
        ),
        ("b.md", "# B\n\n## Q3: What is a map?\n\nKeys.\n"),
    ];
    let dir = repo(&files);
    let out = qalint()
        .current_dir(dir.path())
        .args(["renumber", "a.md"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("renumbered 1 question in 1 file"), "{text}");
    assert!(
        text.contains("left `b.md`, which continues the sequence, as it was"),
        "{text}"
    );
    assert!(
        fs::read_to_string(dir.path().join("b.md"))
            .unwrap()
            .contains("## Q3:")
    );

    let dir = repo(&files);
    let out = qalint()
        .current_dir(dir.path())
        .args(["renumber", "--all", "a.md"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("renumbered 2 questions in 2 files"), "{text}");
    assert!(
        fs::read_to_string(dir.path().join("b.md"))
            .unwrap()
            .contains("## Q4: What is a map?")
    );
}

#[test]
fn the_cache_is_reused_and_a_corrupt_one_is_rebuilt() {
    let dir = sample();
    let cache = dir.path().join(".qalint-cache");
    let verbose = |dir: &Path| {
        let out = qalint()
            .current_dir(dir)
            .args(["check", "-v", "-q", "--format", "concise", "b.md"])
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (first, notes) = verbose(dir.path());
    assert!(
        notes.contains("1 reused") || notes.contains("0 reused"),
        "{notes}"
    );
    assert_eq!(
        fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    let (second, notes) = verbose(dir.path());
    assert!(notes.contains(": 2 reused"), "{notes}");
    assert_eq!(first, second);

    // A corrupt cache is ignored (same findings) and rewritten.
    fs::write(cache.join("summaries.bin"), b"{\"version\": 3, \"entr").unwrap();
    let (third, notes) = verbose(dir.path());
    assert_eq!(first, third);
    assert!(notes.contains("unreadable"), "{notes}");
    let rewritten = fs::read(cache.join("summaries.bin")).unwrap();
    assert!(!rewritten.starts_with(b"{\"version\": 3"));
    let (_, notes) = verbose(dir.path());
    assert!(notes.contains(": 2 reused"), "{notes}");

    // A changed context file is read again, not taken from the cache.
    fs::write(
        dir.path().join("a.md"),
        A.replace("What is a list?", "What is an array?"),
    )
    .unwrap();
    let (fourth, _) = verbose(dir.path());
    assert!(!fourth.contains("QA401"), "{fourth}");
}

#[cfg(unix)]
#[test]
fn a_settled_file_is_trusted_by_its_stamp_until_any_write() {
    let dir = sample();
    let concise = |dir: &Path| {
        let out = qalint()
            .current_dir(dir)
            .args(["check", "-v", "-q", "--format", "concise", "b.md"])
            .output()
            .unwrap();
        let notes = String::from_utf8_lossy(&out.stderr).into_owned();
        (String::from_utf8_lossy(&out.stdout).into_owned(), notes)
    };
    let (first, _) = concise(dir.path());
    assert!(
        first.contains("QA401"),
        "b.md's Q4 repeats a.md's Q1: {first}"
    );
    // Once the files have settled, a run records their stamps (and writes them back, unless
    // the first run came late enough to record them) ...
    std::thread::sleep(std::time::Duration::from_millis(3500));
    let (second, notes) = concise(dir.path());
    assert_eq!(first, second);
    assert!(notes.contains(": 2 reused"), "{notes}");
    // ... and the next run trusts them: nothing to write.
    let (third, notes) = concise(dir.path());
    assert_eq!(first, third);
    assert!(
        notes.contains(": 2 reused\n") || notes.ends_with(": 2 reused"),
        "{notes}"
    );
    // A write that keeps a.md's size moves its stamp: it is read again.
    let edited = A.replace("What is a list?", "What is a tree?");
    assert_eq!(edited.len(), A.len());
    fs::write(dir.path().join("a.md"), edited).unwrap();
    let (fourth, notes) = concise(dir.path());
    assert!(!fourth.contains("QA401"), "{fourth}");
    assert!(notes.contains("1 computed"), "{notes}");
}

#[test]
fn a_cache_that_cannot_be_written_is_no_error() {
    let dir = sample();
    // A file where the cache folder would go.
    fs::write(dir.path().join(".qalint-cache"), b"not a folder").unwrap();
    let (got, code) = findings(dir.path(), &["b.md"]);
    assert_eq!(got.len(), 2);
    assert_eq!(code, 1);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "-v", "-q", "b.md"])
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(notes.contains("not written"), "{notes}");

    let dir = sample();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "-q", "b.md"])
        .assert()
        .code(1);
    assert!(!dir.path().join(".qalint-cache").exists());
}

#[test]
fn stdin_is_linted_as_the_path_it_names_in_its_repository() {
    let dir = sample();
    // The text on stdin, not b.md's on disk, is linted (as b.md, next to a.md).
    let text = "# B\n\n## Q3: What is a map?\n\nKeys.\n\n##Q4: What is a list?\n\nAgain.\n";
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--stdin-filename", "b.md"])
        .write_stdin(text)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("b.md:7:1: QA001"), "{report}");
    assert!(report.contains("b.md:7:1: QA401"), "{report}");
    assert!(!report.contains("QA104"), "{report}");
    assert!(!report.contains("QA303"), "{report}");
    assert_eq!(out.status.code(), Some(1));

    // With --fix: the fixed text on stdout, the report on stderr, nothing written.
    let out = qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--fix",
            "--format",
            "concise",
            "--stdin-filename",
            "b.md",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        text.replace("##Q4", "## Q4")
    );
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("QA401"), "{report}");
    assert_eq!(fs::read_to_string(dir.path().join("b.md")).unwrap(), B);

    // A path that does not exist yet is fine; a clean text exits 0 and comes back unchanged.
    let clean = "# C\n\n## Q5: What is a graph?\n\nNodes.\n";
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q", "--stdin-filename", "new/c.md"])
        .write_stdin(clean)
        .assert()
        .code(0)
        .stdout(clean);
}

#[test]
fn check_fix_does_not_renumber_half_a_sequence() {
    // a.md has a gap (Q1, Q3) and b.md follows it (Q4): closing the gap would renumber both.
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        (
            "a.md",
            "# A\n\n## Q1: What is a list?\n\nA.\n\n## Q3: What is a set?\n\nB.\n",
        ),
        ("b.md", "# B\n\n## Q4: What is a map?\n\nC.\n"),
    ]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "b.md"])
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(notes.contains("renumbering skipped"), "{notes}");
    assert!(notes.contains("a.md"), "{notes}");
    assert!(
        fs::read_to_string(dir.path().join("b.md"))
            .unwrap()
            .contains("## Q4:")
    );
}

#[test]
fn without_a_config_or_git_only_the_named_files_are_read() {
    let dir = repo(&[("a.md", A), ("b.md", B)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "-v", "-q", "b.md"])
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(!notes.contains("repository context"), "{notes}");
    assert!(!dir.path().join(".qalint-cache").exists());
}

/// `--verbose` says where the time went: every phase, in order, with its share of the run.
#[test]
fn verbose_prints_the_phase_timings() {
    let dir = sample();
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "-v", "-q", "--no-cache", "b.md"])
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr);
    let line = notes
        .lines()
        .find(|l| l.starts_with("note: timings: "))
        .unwrap_or_else(|| panic!("no timings line in {notes}"));
    let phases: Vec<&str> = ["walk ", "files ", "repository pass ", "report "]
        .into_iter()
        .filter(|p| line.contains(p))
        .collect();
    assert_eq!(phases.len(), 4, "{line}");
    let at = |p: &str| line.find(p).unwrap();
    assert!(
        at("walk ") < at("files ") && at("files ") < at("repository pass "),
        "{line}"
    );
    assert!(line.contains("%)") && line.contains(" ms"), "{line}");
    let quiet = qalint()
        .current_dir(dir.path())
        .args(["check", "-q", "--no-cache", "b.md"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("timings"));
}

/// Renumbering a named file updates the links to its questions in a file that was not named
/// but only links to them (its own numbers do not change): no link breaks.
#[test]
fn renumbering_a_named_file_updates_the_links_to_it_from_the_others() {
    let files = [
        (
            ".qalint.yml",
            "questions: {preset: q-colon, level: 2, numbering: {scope: file}}\n",
        ),
        (
            "sql.md",
            "# SQL\n\n## Q1: What is a key?\n\nA column.\n\n## Q3: What is a foreign key?\n\nA link.\n",
        ),
        (
            "index.md",
            "# Index\n\nStart with [foreign keys](sql.md#q3-what-is-a-foreign-key).\n",
        ),
    ];
    let dir = repo(&files);
    qalint()
        .current_dir(dir.path())
        .args(["renumber", "--no-cache", "sql.md"])
        .assert()
        .code(0);
    let index = fs::read_to_string(dir.path().join("index.md")).unwrap();
    assert!(
        index.contains("(sql.md#q2-what-is-a-foreign-key)"),
        "{index}"
    );
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "."])
        .assert()
        .code(0);
}

/// A heading fix that renames an anchor a file not named links to is declined under
/// `check --fix FILE` (it writes only the named files), and the run says which file to name;
/// named too, the link follows. The declined finding is not counted as fixable.
#[test]
fn check_fix_keeps_an_anchor_a_file_not_named_links_to() {
    let files = [
        (
            "README.md",
            "# Questions\n\n## Q1: Why  use sets?\n\nBecause.\n",
        ),
        (".qalint.yml", "questions: {preset: q-colon, level: 2}\n"),
        (
            "notes.md",
            "# Notes\n\nSee [sets](README.md#q1-why--use-sets).\n",
        ),
    ];
    let dir = repo(&files);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--fix", "README.md"])
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(
        notes.contains("left the fixes that would rename heading anchors")
            && notes.contains("(notes.md)"),
        "{notes}"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("fixable with"), "{report}");
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        files[0].1
    );
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--fix", "README.md", "notes.md"])
        .assert()
        .code(0);
    let notes = fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert!(notes.contains("(README.md#q1-why-use-sets)"), "{notes}");
}

/// `check --fix FILE` declines renumbering that a file not named would have to follow (a link
/// to a renumbered question), counts its finding as not fixable by the run, and names the
/// command that does it: `renumber FILE`, which updates that link.
#[test]
fn check_fix_names_the_renumber_command_that_updates_a_linking_file() {
    let files = [
        (
            "qa.md",
            "# QA\n\n## Q1: Alpha?\n\nA.\n\n## Q3: Gamma?\n\nG.\n",
        ),
        ("other.md", "# Other\n\n[g](qa.md#q3-gamma)\n"),
        (".qalint.yml", "questions: {preset: q-colon, level: 2}\n"),
    ];
    let dir = repo(&files);
    let out = qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-cache",
            "--fix",
            "--format",
            "concise",
            "qa.md",
        ])
        .output()
        .unwrap();
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(
        notes.contains("(other.md) links to questions")
            && notes.contains("`qalint renumber qa.md`"),
        "{notes}"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("QA101"), "{report}");
    assert!(!report.contains("fixable with"), "{report}");
    qalint()
        .current_dir(dir.path())
        .args(["renumber", "--no-cache", "qa.md"])
        .assert()
        .code(0);
    let other = fs::read_to_string(dir.path().join("other.md")).unwrap();
    assert!(other.contains("(qa.md#q2-gamma)"), "{other}");
}

/// Without a config, the convention is detected from the text on stdin too: a document named
/// by a path that does not exist yet, in a folder with no markdown, is read as what it is.
#[test]
fn stdin_text_is_read_by_the_detection() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# T\n\n## Q1: What is a list?\n\nA sequence.\n\n## Q3: What is a set?\n\nA bag.\n\n## Q4: What is a map?\n\nKeys.\n";
    qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-cache",
            "--format",
            "concise",
            "--stdin-filename",
            "qa.md",
        ])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("qa.md:7:5: QA101"));
}

/// A config above the git work tree (a personal `~/.qalint.yml`) applies, but its folder's
/// other projects are no context: the repository is the work tree.
#[test]
fn a_config_above_the_work_tree_does_not_widen_the_context() {
    let q = "# Q\n\n## Q1: What is a monad?\n\nA pattern.\n";
    let dir = repo(&[
        (".qalint.yml", "rules: {select: [ALL]}\n"),
        ("proj/qa.md", q),
        ("other/notes.md", q),
    ]);
    fs::create_dir_all(dir.path().join("proj/.git")).unwrap();
    qalint()
        .current_dir(dir.path().join("proj"))
        .args(["check", "--no-cache", "--format", "concise", "."])
        .assert()
        .code(0)
        .stdout("0 errors, 0 warnings in 1 file (1 question)\n");
}
