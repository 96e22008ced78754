//! The command line: exit codes, formats, config discovery and config errors.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

mod common;
use common::{qalint, repo};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const CLEAN: &str =
    "# Title\n\n## Q1: What is a matrix?\n\nA grid.\n\n## Q2: What is a tree?\n\nA graph.\n";
const GAP: &str = "## Q1: What is a tensor?\nAn array.\n## Q3: What is a graph?\nNodes.\n";
const WARN_ONLY: &str = "## Q1: What is a tensor\nAn array.\n";

#[test]
fn clean_repo_exits_0_with_summary() {
    let dir = repo(&[("a.md", CLEAN)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .assert()
        .code(0)
        .stdout("0 errors, 0 warnings in 1 file (2 questions)\n");
}

#[test]
fn warnings_alone_exit_0_errors_exit_1() {
    let dir = repo(&[("w.md", WARN_ONLY)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("w.md:1:8: QA003 [warning]"));
    let dir = repo(&[("e.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "e.md:3:5: QA101 [error] `Q3` follows `Q1`: `Q2` is missing",
        ));
}

#[test]
fn quiet_drops_the_summary() {
    let dir = repo(&[("e.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--quiet"])
        .assert()
        .code(1)
        .stdout("e.md:3:5: QA101 [error] `Q3` follows `Q1`: `Q2` is missing\n");
}

#[test]
fn json_has_the_documented_shape() {
    let dir = repo(&[("docs/ml.md", GAP), ("docs/ok.md", CLEAN)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], 1);
    let d = &v["diagnostics"][0];
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "code",
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "fix",
    ] {
        assert!(keys.contains(&k), "missing {k}");
    }
    assert_eq!(d["code"], "QA101");
    assert_eq!(d["rule"], "numbering-gap");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "docs/ml.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(6))
    );
    let fix = &d["fix"];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(
        fix["description"],
        "Renumber 1 question (and the links to them)"
    );
    assert_eq!(
        fix["edits"],
        serde_json::json!([{"line": 3, "column": 5, "end_line": 3, "end_column": 6, "content": "2"}])
    );
    assert!(d["help"].is_string());
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 2, "questions": 4, "errors": 1, "warnings": 0, "infos": 0,
            "convention": "'## Q12: Title' at level 2, numbering per file"})
    );
}

#[test]
fn columns_count_characters() {
    let dir = repo(&[(
        "u.md",
        "## Q1: Qu'est-ce qu'un réseau ? é  x?\nUn graphe.\n",
    )]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["message"], "question title has doubled whitespace");
    assert_eq!(d["column"].as_u64(), Some(34));
}

#[test]
fn human_output_snapshot_of_the_showcase() {
    let out = qalint()
        .args(["check", "--no-color", "fixtures/showcase"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("showcase_human", String::from_utf8(out).unwrap());
}

#[test]
fn json_snapshot_of_the_showcase() {
    let out = qalint()
        .args(["check", "--format", "json", "fixtures/showcase"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("showcase_json", String::from_utf8(out).unwrap());
}

#[test]
fn output_is_the_same_with_1_and_8_threads() {
    let run = |n: &str| {
        qalint()
            .args(["check", "--format", "json", "--threads", n, "fixtures"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("8"));
}

#[test]
fn select_and_ignore_accept_codes_names_and_prefixes() {
    let dir = repo(&[(
        "e.md",
        "## Q1: What is a tensor\nAn array.\n## Q3: What is a graph?\nNodes.\n",
    )]);
    let run = |args: &[&str]| {
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "-q"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&[]).contains("QA003") && run(&[]).contains("QA101"));
    assert!(!run(&["--select", "QA1"]).contains("QA003"));
    assert!(!run(&["--select", "title-style"]).contains("QA101"));
    assert!(!run(&["--ignore", "QA003,numbering-gap"]).contains("QA"));
}

#[test]
fn unknown_rule_on_command_line_exits_2_with_suggestion() {
    let dir = repo(&[("a.md", CLEAN)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--select", "numbering-gpa"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule code or name `numbering-gpa`",
        ))
        .stderr(predicate::str::contains("did you mean `numbering-gap`?"));
}

#[test]
fn usage_error_exits_2() {
    qalint().args(["check", "--format", "xml"]).assert().code(2);
    qalint().args(["frobnicate"]).assert().code(2);
}

#[test]
fn missing_path_exits_2_and_other_files_are_still_linted() {
    let dir = repo(&[("e.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "nope.md", "e.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: `nope.md`: no such file or directory",
        ))
        .stdout(predicate::str::contains("e.md:3:5: QA101"));
}

#[test]
fn non_utf8_file_is_qa900_and_exits_2() {
    let dir = repo(&[("e.md", GAP)]);
    fs::write(dir.path().join("latin1.md"), b"## Q1: caf\xe9?\n").unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "latin1.md:1:1: QA900 [error] cannot read `latin1.md`: not valid UTF-8 (first invalid byte at line 1, byte column 11)",
        ))
        .stdout(predicate::str::contains("e.md:3:5: QA101"));
}

#[test]
fn gitignored_hidden_and_non_markdown_files_are_skipped_unless_named() {
    let dir = repo(&[
        (".gitignore", "ignored/\n"),
        ("ignored/bad.md", GAP),
        (".hidden/bad.md", GAP),
        ("notes.txt", GAP),
        ("docs/good.markdown", CLEAN),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(0)
        .stdout("0 errors, 0 warnings in 1 file (2 questions)\n");
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "-q", "ignored/bad.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("ignored/bad.md:3:5: QA101"));
}

#[test]
fn config_is_discovered_upward_from_each_file() {
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: quiz}\n"),
        ("quiz/a.md", "#### Q1. Which?\nA.\n#### Q2. Which?\nB.\n"),
        ("docs/.qalint.yml", "questions: {preset: number-dot}\n"),
        (
            "docs/deep/b.md",
            "### 1. What?\nOne.\n### 3. What?\nThree.\n",
        ),
    ]);
    // From a subdirectory, the file's own config applies (not the working directory's).
    qalint()
        .current_dir(dir.path().join("quiz"))
        .args([
            "check",
            "--format",
            "concise",
            "-q",
            "../docs/deep/b.md",
            "a.md",
        ])
        .assert()
        .code(1)
        .stdout("../docs/deep/b.md:3:5: QA101 [error] `3` follows `1`: `2` is missing\n");
}

#[test]
fn explicit_config_overrides_discovery() {
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: quiz}\n"),
        ("a.md", GAP),
        ("other.yml", "rules: {ignore: [QA1]}\n"),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--config", "other.yml", "a.md"])
        .assert()
        .code(0);
}

#[test]
fn include_and_exclude_globs_apply_to_walked_files() {
    let dir = repo(&[
        (".qalint.yml", "exclude: [\"drafts/**\"]\n"),
        ("drafts/d.md", GAP),
        ("a.md", CLEAN),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(0);
    qalint()
        .current_dir(dir.path())
        .args(["check", "drafts/d.md"])
        .assert()
        .code(1);
}

#[test]
fn question_files_keep_question_rules_to_their_files() {
    // `notes.md` is outside `question-files`: its numbering gap is no finding, its broken link
    // is, and its heading is no question that `qs/a.md`'s Q1 would repeat (QA401).
    let dir = repo(&[
        (".qalint.yml", "question-files: [\"qs/**\"]\n"),
        ("qs/a.md", GAP),
        (
            "notes.md",
            "## Q1: What is a tensor?\nx\n## Q3: B\nSee [c](c.md).\n",
        ),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--no-cache"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("qs/a.md:3:5: QA101"))
        .stdout(predicate::str::contains("notes.md:4:9: QA303"))
        .stdout(predicate::str::contains("notes.md:3:5: QA101").not())
        .stdout(predicate::str::contains("QA401").not());
}

#[test]
fn severity_overrides_change_the_exit_code() {
    let dir = repo(&[
        (
            ".qalint.yml",
            "rules:\n  severity: {numbering-gap: warning}\n",
        ),
        ("a.md", GAP),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "-q"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("QA101 [warning]"));
    write(
        dir.path(),
        ".qalint.yml",
        "rules:\n  severity: {QA101: off}\n",
    );
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "-q"])
        .assert()
        .code(0)
        .stdout("");
}

/// Runs with a broken config and returns stderr; asserts exit code 2.
fn config_error(config: &str) -> String {
    let dir = repo(&[(".qalint.yml", config), ("a.md", CLEAN)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "config {config:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn config_errors_name_the_file_line_and_fix() {
    let e = config_error("questions:\n  preset: q-colon\n  numbring:\n    start: 0\n");
    assert!(e.contains("unknown key `numbring` in `questions`"), "{e}");
    assert!(e.contains("did you mean `numbering`?"), "{e}");
    assert!(e.contains(".qalint.yml:3:3"), "{e}");

    let e = config_error("questions:\n  pattern: '^Q(?P<number>\\d+):\\s+(?P<title>.+'\n");
    assert!(e.contains("invalid regular expression in `pattern`"), "{e}");
    assert!(e.contains(".qalint.yml:2:"), "{e}");

    let e = config_error("questions:\n  pattern: '^Q(?P<number>\\d+): .+$'\n");
    assert!(
        e.contains("the question pattern has no `title` group"),
        "{e}"
    );

    let e = config_error("rules:\n  severity:\n    QA999: off\n");
    assert!(e.contains("unknown rule code or name `QA999`"), "{e}");
    assert!(e.contains(".qalint.yml:3:5"), "{e}");

    let e = config_error("rules:\n  ignore: [numbering-gaps]\n");
    assert!(e.contains("did you mean `numbering-gap`?"), "{e}");

    let e = config_error("questions: [1, 2\n");
    assert!(e.contains("invalid configuration"), "{e}");
    assert!(e.contains(".qalint.yml"), "{e}");

    let e = config_error("questions:\n  numbering:\n    start: first\n");
    assert!(e.contains("invalid configuration"), "{e}");
    assert!(e.contains(".qalint.yml:3:"), "{e}");

    let e = config_error("questions:\n  numbering:\n    scope: files\n");
    assert!(e.contains("unknown value `files`"), "{e}");
    assert!(e.contains("did you mean `file`?"), "{e}");

    let e = config_error("questions: {preset: qcolon}\n");
    assert!(e.contains("unknown preset `qcolon`"), "{e}");
    assert!(e.contains("did you mean `q-colon`?"), "{e}");

    let e = config_error("rules:\n  options:\n    title-style:\n      interogatives: [what]\n");
    assert!(e.contains("did you mean `interrogatives`?"), "{e}");
}

#[test]
fn canonical_placeholders_are_checked() {
    // A typo would be written literally into headings by QA001's fix.
    let e = config_error("questions:\n  canonical: 'Q{numbr}: {title}'\n");
    assert!(
        e.contains("unknown placeholder `{numbr}` in `questions.canonical`"),
        "{e}"
    );
    assert!(e.contains("did you mean `{number}`?"), "{e}");
    assert!(e.contains(".qalint.yml:2:15"), "{e}");
    // Other braces are text.
    let dir = repo(&[
        (
            ".qalint.yml",
            "questions:\n  canonical: 'Q{number} {}: {title}'\n",
        ),
        ("a.md", "## Q1 {}: What is a set?\n\nA set.\n"),
    ]);
    // The config loads: the heading is reported (the pattern wants `Q1:`), not the config.
    qalint()
        .current_dir(dir.path())
        .args(["check", "-q", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("QA001"));
}

#[test]
fn a_canonical_form_that_would_drop_the_title_or_number_gets_no_fix_and_no_panic() {
    // `Q{number}` panicked; `{title}` dropped the number; `{title} ?` garbled the anchor.
    for canonical in ["Q{number}", "{title}", "Q{number}: {title} ?"] {
        let dir = repo(&[
            (
                ".qalint.yml",
                &*format!("questions:\n  canonical: '{canonical}'\n"),
            ),
            (
                "a.md",
                "## Q1: What is a map?\n\nA map.\n\n## Q2 - What is a set?\n\nA set.\n",
            ),
        ]);
        qalint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "-q"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("a.md:5:1: QA001"));
        qalint()
            .current_dir(dir.path())
            .args(["check", "-q", "--diff", "--unsafe-fixes"])
            .assert()
            .code(0)
            .stdout("");
    }
}

#[test]
fn a_broken_config_does_not_stop_other_files() {
    let dir = repo(&[
        ("bad/.qalint.yml", "nope: 1\n"),
        ("bad/a.md", CLEAN),
        ("good/b.md", GAP),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown key `nope`"))
        .stdout(predicate::str::contains("good/b.md:3:5: QA101"));
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let dir = repo(&[("e.md", GAP)]);
    let plain = qalint()
        .current_dir(dir.path())
        .args(["check"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    let colored = qalint()
        .current_dir(dir.path())
        .args(["check", "--color"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains('\x1b'));
}

#[test]
fn a_bom_does_not_hide_the_first_heading() {
    let dir = repo(&[(
        "bom.md",
        "\u{feff}## Q1: What is A?\nA.\n## Q3: What is C?\nC.\n",
    )]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "-q"])
        .assert()
        .code(1)
        .stdout("bom.md:3:5: QA101 [error] `Q3` follows `Q1`: `Q2` is missing\n");
}

// ---------------------------------------------------------------------------------------------
// Fixing.

const FIXABLE: &str = "# Fix me\r\n\r\n##Q1: What is a tensor?\r\nA.\r\n### Q2: What  is a graph?\r\nB.\r\n## Q4: What is a node\r\nC.\r\n";
const FIXED_SAFE: &str = "# Fix me\r\n\r\n## Q1: What is a tensor?\r\nA.\r\n## Q2: What is a graph?\r\nB.\r\n## Q3: What is a node\r\nC.\r\n";

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = repo(&[("a.md", FIXABLE)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--diff"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("--- a/a.md\n+++ b/a.md\n"))
        .stdout(predicate::str::contains("+## Q3: What is a node\r\n"))
        .stderr(predicate::str::contains(
            "would fix 3 findings and renumber 1 question in 1 file",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        FIXABLE
    );
    let clean = repo(&[("a.md", CLEAN)]);
    qalint()
        .current_dir(clean.path())
        .args(["check", "--diff"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn fix_applies_safe_fixes_keeps_crlf_and_reports_what_remains() {
    let dir = repo(&[("a.md", FIXABLE)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--format", "concise"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "a.md:7:8: QA003 [warning] question title `What is a node` does not end with `?`",
        ))
        .stdout(predicate::str::contains(
            "fixed 3 findings and renumbered 1 question in 1 file",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        FIXED_SAFE
    );
    // A second run has nothing left to fix.
    qalint()
        .current_dir(dir.path())
        .args(["check", "--diff"])
        .assert()
        .code(0);
    // Unsafe fixes only with --unsafe-fixes.
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "-q"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        FIXED_SAFE.replace("a node\r\n", "a node?\r\n")
    );
}

#[test]
fn fix_keeps_a_bom_and_a_missing_final_newline() {
    let dir = repo(&[(
        "a.md",
        "\u{feff}## Q1: What is A?\nA.\n##Q2: What is B?\nB.",
    )]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read(dir.path().join("a.md")).unwrap(),
        "\u{feff}## Q1: What is A?\nA.\n## Q2: What is B?\nB.".as_bytes()
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_an_error_and_the_others_are_still_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[("a.md", GAP), ("b.md", GAP)]);
    let ro = dir.path().join("a.md");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: `a.md`: not written: permission denied",
        ));
    assert_eq!(fs::read_to_string(&ro).unwrap(), GAP);
    assert!(
        fs::read_to_string(dir.path().join("b.md"))
            .unwrap()
            .contains("## Q2:")
    );
    assert_eq!(
        fs::metadata(&ro).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[cfg(unix)]
#[test]
fn fixing_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[("a.md", GAP)]);
    let p = dir.path().join("a.md");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q"])
        .assert()
        .code(0);
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_tree_is_never_written_through() {
    let outside = repo(&[("target.md", GAP)]);
    let dir = repo(&[("b.md", GAP)]);
    std::os::unix::fs::symlink(outside.path().join("target.md"), dir.path().join("link.md"))
        .unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("link.md"));
    assert_eq!(
        fs::read_to_string(outside.path().join("target.md")).unwrap(),
        GAP
    );
    assert!(
        fs::read_to_string(dir.path().join("b.md"))
            .unwrap()
            .contains("## Q2:")
    );
}

#[test]
fn an_interrupted_write_leaves_the_original_intact() {
    let dir = repo(&[("a.md", GAP)]);
    let out = qalint()
        .current_dir(dir.path())
        .env("QALINT_TEST_CRASH_AFTER_TEMP", "1")
        .args(["check", "--fix", "-q"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), GAP);
    // A leftover temporary file is hidden and not markdown: the next run does not lint it.
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q"])
        .assert()
        .code(0);
    assert!(
        fs::read_to_string(dir.path().join("a.md"))
            .unwrap()
            .contains("## Q2:")
    );
}

#[test]
fn renumber_check_and_diff_write_nothing() {
    let dir = repo(&[("a.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .args(["renumber", "--check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("would renumber a.md"));
    qalint()
        .current_dir(dir.path())
        .args(["renumber", "--diff"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+## Q2: What is a graph?"));
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), GAP);
    qalint()
        .current_dir(dir.path())
        .args(["renumber"])
        .assert()
        .code(0)
        .stdout("renumbered 1 question in 1 file\n");
}

#[test]
fn a_file_changed_after_reading_is_not_overwritten() {
    let dir = repo(&[("a.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .env("QALINT_TEST_TOUCH_BEFORE_RENAME", "1")
        .args(["check", "--fix", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: `a.md`: not written: the file changed since it was read",
        ));
    // What the other editor wrote is kept; our fix is not applied over it.
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        format!("{GAP}\n")
    );
}

#[test]
fn related_locations_appear_in_json_only_when_present() {
    let dir = repo(&[
        (
            ".qalint.yml",
            "questions: {numbering: {scope: repository}}\n",
        ),
        ("a.md", "## Q1: What is A?\nA.\n## Q2: What is B?\nB.\n"),
        ("b.md", "## Q2: What is C?\nC.\n"),
    ]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "QA102");
    assert_eq!(
        d["related"],
        serde_json::json!([{"path": "a.md", "line": 3, "column": 1, "message": "first used here"}])
    );
    let clean = repo(&[("a.md", CLEAN)]);
    let out = qalint()
        .current_dir(clean.path())
        .args(["check", "--format", "json", "--select", "QA003"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("related"));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let out = qalint()
        .args(["check", "--no-color", "fixtures/showcase"])
        .output()
        .unwrap();
    // Only the line saying what was detected (the showcase has no config): no bar, no `\r`.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().all(|l| l.starts_with("convention: ")) && !err.contains('\r'),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_reached_through_two_names_is_fixed_once() {
    let dir = repo(&[("a.md", GAP)]);
    fs::hard_link(dir.path().join("a.md"), dir.path().join("b.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("a.md"), dir.path().join("c.md")).unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "-q", "--ignore", "QA4"])
        .assert()
        .code(0)
        .stderr("");
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(fixed.contains("## Q2: What is a graph?"), "{fixed}");
    // The symlink still points at the fixed file.
    assert_eq!(fs::read_to_string(dir.path().join("c.md")).unwrap(), fixed);
}

/// Without a `.qalint.yml`, `check` reads the repository as `init` would and says so.
#[test]
fn without_a_config_the_convention_is_detected_and_named() {
    // `#### Q12. Title` at level 4: under the old fixed default (`## Q12:`) every question was
    // QA001; detected, only the real gap (Q2 → Q4) remains.
    let out = qalint()
        .args(["check", "--no-color", "fixtures/zero-config/quiz-level4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "convention: '#### Q12. Title' at level 4, numbering per file (detected; 'qalint init' \
         writes it down)\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("`Q4` follows `Q2`"), "{stdout}");
    assert!(
        stdout.ends_with("1 error, 0 warnings in 2 files (7 questions)\n"),
        "{stdout}"
    );

    // JSON keeps every field and adds the convention; machine formats print no note.
    let out = qalint()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/zero-config/quiz-level4",
        ])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 2, "questions": 7, "errors": 1, "warnings": 0, "infos": 0,
            "convention": "'#### Q12. Title' at level 4, numbering per file"})
    );
}

/// Two directories named together, each with its own convention: each is read as if named
/// alone (it was the first's convention for both, and the second's questions went unseen); in
/// one git work tree they are one repository, read as `qalint check .` reads it.
#[test]
fn without_a_config_each_named_directory_gets_its_convention() {
    const GAP_A: &str = "## Q1: What is a?\n\nA.\n\n## Q3: What is b?\n\nB.\n";
    const GAP_B: &str = "### 1. What is c?\n\nC.\n\n### 3. What is d?\n\nD.\n";
    const MORE_B: &str = "### 1. What is a?\n\nA.\n\n### 2. What is e?\n\nE.\n";
    let dir = repo(&[
        ("a/qa.md", GAP_A),
        ("b/qa.md", GAP_B),
        ("b/more.md", MORE_B),
    ]);
    let check = |args: &[&str]| {
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = check(&["a", "b"]);
    assert_eq!(v["summary"]["questions"], 6, "{v}");
    assert_eq!(
        v["summary"]["convention"],
        "a: '## Q12: Title' at level 2, numbering per file; \
         b: '### 12. Title' at level 3, numbering per file",
    );
    let gaps = |v: &serde_json::Value| {
        let mut paths: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "QA101")
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        paths.sort();
        paths
    };
    assert_eq!(gaps(&v), ["a/qa.md", "b/qa.md"], "{v}");
    // One directory alone: the same questions as named with the other.
    assert_eq!(check(&["b"])["summary"]["questions"], 4);
    // In one work tree the two are one repository, read as a run over it reads them (so
    // pre-commit, naming files, and CI, naming the tree, agree).
    common::git(dir.path(), &["init", "-q"]);
    assert_eq!(check(&["a", "b"]), check(&["."]));
}

#[test]
fn without_any_convention_only_links_math_and_markup_are_checked() {
    let out = qalint()
        .args([
            "check",
            "--no-color",
            "--format",
            "concise",
            "fixtures/zero-config/nothing",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Both broken links are still found; no heading is taken for a malformed question.
    assert_eq!(stdout.matches("QA303").count(), 2, "{stdout}");
    assert!(
        !stdout.contains("QA00") && !stdout.contains("QA50"),
        "{stdout}"
    );
    let out = qalint()
        .args(["check", "--no-color", "fixtures/zero-config/nothing"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "no question convention found: only links, math and markup are checked; 'qalint init' \
         explains why\n"
    );
}

#[test]
fn a_config_file_or_flag_turns_detection_off() {
    // A config of its own: no detection, no note, no `convention` in JSON.
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: quiz, level: 4}\n"),
        (
            "a.md",
            "#### Q1. What is a?\n\nA.\n\n#### Q2. What is b?\n\nB.\n",
        ),
    ]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["questions"], 2);
    assert!(v["summary"].get("convention").is_none());
    // `--config`: the same.
    let out = qalint()
        .args([
            "check",
            "--no-color",
            "--config",
            "fixtures/empty.yml",
            "fixtures/zero-config/quiz-level4",
        ])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The title, math and TOC fixes on their fixtures, unsafe ones included: the diff is
/// snapshotted (a `:` that introduces a block is left alone, a broken anchor is pointed at a
/// question by its number only when the entry writes it as one, a rewritten TOC entry keeps the
/// heading's inline code, a `|` cutting a formula in a table becomes `\vert` but not inside
/// `\text{}`, prose dollars are escaped, `%` in math becomes `\%`, `\( \)` becomes `$ $`, bold
/// loses its stray spaces), and once fixed, nothing is left to fix.
#[test]
fn fixes_on_their_fixtures() {
    let config = fs::canonicalize("fixtures/empty.yml").unwrap();
    let config = config.to_str().unwrap();
    for code in [
        "QA003", "QA201", "QA202", "QA204", "QA501", "QA502", "QA503", "QA601",
    ] {
        let bad: Vec<(String, String)> = fs::read_dir(format!("fixtures/{code}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("bad") && n.ends_with(".md"))
            .map(|n| {
                (
                    n.clone(),
                    fs::read_to_string(format!("fixtures/{code}/{n}")).unwrap(),
                )
            })
            .collect();
        let dir = repo(&bad);
        let run = |extra: &[&str]| {
            let mut args = vec![
                "check",
                "--unsafe-fixes",
                "--config",
                config,
                "--select",
                code,
            ];
            args.extend(extra);
            qalint()
                .current_dir(dir.path())
                .args(args)
                .output()
                .unwrap()
        };
        let diff = run(&["--diff"]);
        insta::assert_snapshot!(
            format!("fix_diff_{code}"),
            String::from_utf8(diff.stdout).unwrap()
        );
        run(&["--fix", "-q"]);
        let again = run(&["--diff"]);
        assert_eq!(String::from_utf8(again.stdout).unwrap(), "", "{code}");
    }
}

/// A TOC line copied and given the next question's text, its anchor left as it was, is one
/// finding (QA503, not QA502 and QA501 too), and `--fix` points the link at the question its
/// text names: no second entry is added, and no entry is rewritten into a duplicate.
#[test]
fn a_copied_toc_anchor_is_one_finding_and_one_fix() {
    let text = "# SQL\n\n## Contents\n\n- [What is an index?](#q1-what-is-an-index)\n- [What is a view?](#q1-what-is-an-index)\n\n## Q1: What is an index?\n\nA lookup structure.\n\n## Q2: What is a view?\n\nA stored query.\n";
    let dir = repo(&[("a.md", text)]);
    let run = |args: &[&str]| {
        qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "concise"])
            .args(args)
            .arg(".")
            .output()
            .unwrap()
    };
    let out = String::from_utf8(run(&[]).stdout).unwrap();
    let codes: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(codes, ["QA503"], "{out}");
    run(&["--fix", "--unsafe-fixes"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        text.replace(
            "[What is a view?](#q1-what-is-an-index)",
            "[What is a view?](#q2-what-is-a-view)"
        )
    );
}

/// A list of its questions under each section is that section's table of contents: `--fix`
/// lists a missing question in its own section's list (not in the first section's, which it
/// did when the first list was the file's TOC), and then nothing is left to fix.
#[test]
fn a_missing_question_goes_into_its_own_sections_list() {
    let read = |n: &str| fs::read_to_string(format!("fixtures/QA501-section-lists/{n}")).unwrap();
    let dir = repo(&[
        (".qalint.yml", read("config.yml")),
        ("a.md", read("bad.md")),
    ]);
    let run = |args: &[&str]| {
        qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache"])
            .args(args)
            .output()
            .unwrap()
    };
    run(&["--fix", "-q"]);
    let text = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(
        text.contains(
            "2. [What is the JIT?](#2-what-is-the-jit)\n\
             3. [What is the classpath?](#3-what-is-the-classpath)\n\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "2. [What is a TreeMap?](#2-what-is-a-treemap)\n\
             3. [What is an ArrayList?](#3-what-is-an-arraylist)\n\n"
        ),
        "{text}"
    );
    assert_eq!(
        text.matches("](#3-what-is-an-arraylist)").count(),
        1,
        "{text}"
    );
    assert!(run(&["--format", "concise"]).status.success(), "{text}");
}

/// Rewriting a heading into the configured format changes its anchor: the fix moves the
/// file's links to the new anchor with it, and a later run finds nothing left to fix.
#[test]
fn a_rewritten_heading_takes_the_links_to_it_along() {
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: q-colon, level: 2}\n"),
        (
            "a.md",
            "# Networking\n\n## Contents\n\n- [Q1: What is a subnet?](#q1-what-is-a-subnet)\n\
             - [Q2: What is ARP?](#q-2---what-is-arp)\n\n## Q1: What is a subnet?\n\nA range.\n\n\
             ## Q 2 - What is ARP?\n\nMaps IP to MAC; see [above](#q-2---what-is-arp).\n",
        ),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--no-cache"])
        .assert()
        .code(0);
    let text = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(text.contains("## Q2: What is ARP?\n"), "{text}");
    assert_eq!(text.matches("(#q2-what-is-arp)").count(), 2, "{text}");
}

/// A sequence starting far from `start` is reported (QA104) but `--fix` leaves it alone: it may
/// continue questions written elsewhere.
#[test]
fn a_far_start_is_reported_not_renumbered() {
    let text = std::fs::read_to_string("fixtures/QA104-far-start/bad.md").unwrap();
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: number-dot, level: 3}\n"),
        ("a.md", &text),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--diff", "--select", "QA1"])
        .assert()
        .code(0)
        .stdout("");
}

/// Renumbering a sequence that starts far from `start` mends its gaps but keeps its first number.
#[test]
fn renumbering_keeps_a_far_start() {
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: number-dot, level: 3}\n"),
        (
            "a.md",
            "### 48. What is a?\n\nA.\n\n### 49. What is b?\n\nB.\n\n### 51. What is c?\n\nC.\n",
        ),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--select", "QA1"])
        .assert()
        .code(1); // QA104 remains: reported, never renumbered away
    let text = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(text.contains("### 48. What is a?"), "{text}");
    assert!(text.contains("### 50. What is c?"), "{text}");
}

/// A README assembled from `questions/*.md` (the same question under two topics by design) is
/// left out without a config, as `init` proposes: only the real duplicate among the sources is
/// reported.
#[test]
fn without_a_config_an_assembled_readme_is_left_out() {
    let dir = "fixtures/zero-config/assembled";
    let out = qalint()
        .args(["check", "--format", "json", dir])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("QA401".to_string(), format!("{dir}/questions/q7.md"))]
    );
    let init = qalint().args(["init", "--dry-run", dir]).output().unwrap();
    let yaml = String::from_utf8_lossy(&init.stdout);
    assert!(yaml.contains("exclude: ['README.md']"), "{yaml}");
    assert!(
        yaml.contains("# `README.md` is assembled from `questions/`"),
        "{yaml}"
    );
}

/// Bold glued to a list marker (`1.** X-ray**`) is one defect: with QA601 and QA602 both on it
/// is reported once, by QA602, and its fix repairs both; each defect alone is still its own
/// rule's, and with either rule alone the line is fixed the same way. `1.**CT**` keeps its
/// marker: spaced, it would continue the list above it and make the `1. ** PET**` list after
/// it render as `4.`.
#[test]
fn glued_bold_after_a_list_marker_is_one_finding_and_one_fix() {
    let text = "## Q1: Which scans are there?\n\n1.** X-ray**: light.\n2.** MRI **: magnets.\n\n1.**CT**: slices.\n\n1. ** PET**: tracers.\n\n1.Use ** contrast** rarely.\n";
    let fixed = "## Q1: Which scans are there?\n\n1. **X-ray**: light.\n2. **MRI**: magnets.\n\n1.**CT**: slices.\n\n1. **PET**: tracers.\n\n1. Use **contrast** rarely.\n";
    let dir = repo(&[("a.md", text)]);
    let config = fs::canonicalize("fixtures/empty.yml").unwrap();
    let config = config.to_str().unwrap();
    let run = |select: &str, extra: &[&str]| {
        let mut args = vec!["check", "a.md", "--config", config, "--select", select];
        args.extend(extra);
        qalint()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run("QA601,QA602", &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64, u64)> = [
        ("QA602", 3, 1),
        ("QA602", 4, 1),
        ("QA602", 6, 1),
        ("QA601", 8, 4),
        ("QA602", 10, 1),
        ("QA601", 10, 7),
    ]
    .iter()
    .map(|(c, l, col)| (c.to_string(), *l, *col))
    .collect();
    assert_eq!(found, want);
    for select in ["QA601,QA602", "QA602,QA601", "QA601", "QA602"] {
        fs::write(dir.path().join("a.md"), text).unwrap();
        run(select, &["--fix", "-q"]);
        let now = fs::read_to_string(dir.path().join("a.md")).unwrap();
        match select {
            // Alone, each rule leaves the other's own defects.
            "QA601" => assert_eq!(now, fixed.replace("1. Use", "1.Use"), "{select}"),
            "QA602" => assert_eq!(
                now,
                fixed
                    .replace("1. **PET**", "1. ** PET**")
                    .replace("**contrast**", "** contrast**"),
                "{select}"
            ),
            _ => assert_eq!(now, fixed, "{select}"),
        }
    }
}

/// A glued step list between two `list-heading` questions: spaced, it would start a list that
/// the next question item continues (`3. ### …` rendering as `4.`). QA602 reports it without
/// the marker fix, so `--fix` leaves the questions' numbers (and the file) as they were; the
/// structural guard refuses such a fix too.
#[test]
fn a_list_number_fix_never_renumbers_the_questions_after_it() {
    let text = "# Git\n\n1. ### What is a rebase?\n\n   Replays commits.\n\n2. ### What are the steps of a merge?\n\nSteps:\n1.**Fetch**: get the branch.\n2.**Merge**: join the histories.\n3.**Push**: publish the result.\n\n3. ### What is a tag?\n\n   A named commit.\n\n4. ### What is a remote?\n\n   Another copy.\n";
    let config = "questions: {preset: list-heading}\n";
    let dir = repo(&[(".qalint.yml", config), ("a.md", text)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--fix", "--format", "concise", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), text);
    assert_eq!(stdout.matches("QA602").count(), 3, "{stdout}");
    assert!(!stdout.contains("QA105"), "{stdout}");
    assert!(!stderr.contains("structure"), "{stderr}");
    assert!(stdout.contains("0 errors"), "{stdout}");
}

/// Fixes that never settle leave the file as it was: the report is of that text (its lines),
/// nothing counts as fixed, and `--diff` exits 1, as the finding is still there.
#[test]
fn fixes_that_do_not_settle_report_the_file_as_it_stands() {
    let text = "# T\n\nx\n\n## Q1: What is a list?\n\nA.\n";
    let config = "rules:\n  custom:\n    - {id: grow, message: grows, pattern: 'x+', \
                  replacement: \"xx\\n\", safe: true, scope: text}\n";
    let dir = repo(&[(".qalint.yml", config), ("a.md", text)]);
    let run = |args: &[&str]| {
        qalint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"])
            .args(args)
            .output()
            .unwrap()
    };
    let diff = run(&["--diff"]);
    assert_eq!(diff.status.code(), Some(1));
    assert_eq!(String::from_utf8(diff.stdout).unwrap(), "");
    assert!(
        String::from_utf8(diff.stderr)
            .unwrap()
            .contains("would fix 0 findings")
    );
    let fixed = run(&["--fix"]);
    let out = String::from_utf8(fixed.stdout).unwrap();
    assert!(out.contains("a.md:1:1: QA901"), "{out}");
    assert!(out.contains("a.md:3:1: custom/grow"), "{out}");
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), text);
}

/// A heading fix that moves its anchor (QA003's single space: `#q1-why--use-sets` becomes
/// `#q1-why-use-sets`; QA001's canonical form: `#q2---what-is-b` becomes `#q2-what-is-b`, and
/// the unsafe `Question 3.` → `Q3:`) takes every link to the old anchor along: inline links,
/// reference definitions and `<a href>` in the same file and in the other files of the run.
/// No link breaks (no new QA303).
#[test]
fn heading_fixes_take_the_links_to_their_anchors_along() {
    let readme = "# Questions\n\n## Q1: Why  use sets?\n\nBecause. See [ref][r] and [inline](#q1-why--use-sets).\n\n[r]: #q1-why--use-sets\n\n## Q2 - What is B?\n\nBeta, see <a href=\"#q2---what-is-b\">here</a>.\n\n## Question 3. What is C?\n\nGamma.\n";
    let notes = "# Notes\n\nSee [sets](README.md#q1-why--use-sets), [B](README.md#q2---what-is-b) and <a href=\"README.md#question-3-what-is-c\">C</a>.\n";
    let dir = repo(&[
        (".qalint.yml", "questions:\n  preset: q-colon\n  level: 2\n"),
        ("README.md", readme),
        ("notes.md", notes),
    ]);
    let out = qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-cache",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("QA303"), "{report}");
    assert_eq!(out.status.code(), Some(0), "{report}");
    let readme = fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert_eq!(
        readme,
        "# Questions\n\n## Q1: Why use sets?\n\nBecause. See [ref][r] and [inline](#q1-why-use-sets).\n\n[r]: #q1-why-use-sets\n\n## Q2: What is B?\n\nBeta, see <a href=\"#q2-what-is-b\">here</a>.\n\n## Q3: What is C?\n\nGamma.\n"
    );
    let notes = fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert_eq!(
        notes,
        "# Notes\n\nSee [sets](README.md#q1-why-use-sets), [B](README.md#q2-what-is-b) and <a href=\"README.md#q3-what-is-c\">C</a>.\n"
    );
}

/// QA501 and QA001 in one `check --fix`: the missing Q3 entry is listed after Q2's, whose
/// question becomes a heading in the same run (`##Q2:` → `## Q2:`), not between Q1 and Q2.
#[test]
fn a_missing_toc_entry_waits_for_a_question_that_becomes_a_heading() {
    let text = "# Questions\n\n## Contents\n\n- [Q1: A?](#q1-a)\n- [Q2: B?](#q2-b)\n\n## Q1: A?\n\nAlpha.\n\n##Q2: B?\n\nBeta.\n\n## Q3: C?\n\nGamma.\n";
    let dir = repo(&[("README.md", text)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--fix", "--format", "concise"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("QA504"), "{report}");
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        text.replace(
            "- [Q2: B?](#q2-b)\n",
            "- [Q2: B?](#q2-b)\n- [Q3: C?](#q3-c)\n"
        )
        .replace("##Q2", "## Q2")
    );
}

/// MDX files (`.mdx`) are walked but left out by the default `include`; a config that names
/// them lints them, and `init`'s detection reads markdown only.
#[test]
fn mdx_files_are_linted_when_include_names_them() {
    let mdx = "import Tabs from '@theme/Tabs';\n\n## Q1: What is a hook?\n\nTODO\n";
    let dir = repo(&[("a.md", CLEAN), ("docs/b.mdx", mdx)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color", "--no-cache"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("in 1 file"));
    write(
        dir.path(),
        ".qalint.yml",
        "include: [\"**/*.md\", \"**/*.mdx\"]\n",
    );
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color", "--no-cache", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("docs/b.mdx:3:1: QA301"))
        .stdout(predicate::str::contains("in 2 files"));
}

/// A markdown file reached through a symlink too (`README.md -> docs/index.md`, as MkDocs sites
/// do) is linted once: its questions are not each other's duplicates, in a whole run or when
/// only the real file is named (as pre-commit does).
#[cfg(unix)]
#[test]
fn a_symlinked_file_is_linted_once() {
    let dir = repo(&[("docs/index.md", GAP)]);
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::os::unix::fs::symlink("docs/index.md", dir.path().join("README.md")).unwrap();
    for args in [&["."][..], &["docs/index.md"][..]] {
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("QA101"), "{args:?}: {stdout}");
        assert!(!stdout.contains("QA401"), "{args:?}: {stdout}");
        assert!(stdout.contains("in 1 file"), "{args:?}: {stdout}");
    }
}

/// Several config files in one folder: the first of `.qalint.yml`, `.qalint.yaml`, `qalint.yml`
/// is used, and the run names the ones it ignores (one silently won).
#[test]
fn config_files_beside_the_one_used_are_named_in_a_warning() {
    let dir = repo(&[
        ("a.md", GAP),
        (".qalint.yml", "rules: {select: [QA1]}\n"),
        (".qalint.yaml", "rules: {select: [QA3]}\n"),
        ("qalint.yml", "rules: {ignore: [QA101]}\n"),
    ]);
    let warning = "warning: `.qalint.yml` is used; `.qalint.yaml` and `qalint.yml` beside it are \
                   ignored (a folder's config is the first of `.qalint.yml`, `.qalint.yaml`, \
                   `qalint.yml`)";
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("QA101"))
        .stderr(predicate::str::contains(warning));
    qalint()
        .current_dir(dir.path())
        .args(["renumber", "--no-cache", "--check"])
        .assert()
        .stderr(predicate::str::contains(warning));
    fs::remove_file(dir.path().join("qalint.yml")).unwrap();
    fs::remove_file(dir.path().join(".qalint.yaml")).unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--format", "concise"])
        .assert()
        .stderr(predicate::str::contains("warning").not());
}

/// The `.gitignore` forms of a glob name what they say (`drafts/`, `./drafts/**`, `/drafts/**`
/// and `drafts` excluded nothing), and a glob that matches no walked file is a warning when the
/// whole config folder was walked (a `question-files` typo turned the question rules off in
/// silence).
#[test]
fn gitignore_glob_forms_work_and_globs_matching_nothing_are_named() {
    const TODO: &str = "## Q1: What is x?\n\nTODO\n";
    for form in ["drafts/", "./drafts/**", "/drafts/**", "drafts", "./drafts"] {
        let dir = repo(&[
            ("drafts/d.md", TODO),
            ("questions/q.md", TODO),
            (".qalint.yml", &format!("exclude: ['{form}']\n")),
        ]);
        qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "concise"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("questions/q.md:1:1: QA301"))
            .stdout(predicate::str::contains("drafts/d.md").not())
            .stderr(predicate::str::contains("warning").not());
    }
    let dir = repo(&[
        ("drafts/d.md", TODO),
        ("questions/q.md", TODO),
        (
            ".qalint.yml",
            "include: ['**/*.md', 'docs/**']\nexclude: [drafts/]\nquestion-files: ['question/**']\n",
        ),
    ]);
    let run = |cwd: &Path, args: &[&str]| {
        let out = qalint()
            .current_dir(cwd)
            .args(["check", "--no-cache", "--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let err = run(dir.path(), &[]);
    assert_eq!(
        err,
        "warning: `include` glob `docs/**` in `.qalint.yml` matches none of the 2 markdown files walked\n\
         warning: `question-files` glob `question/**` in `.qalint.yml` matches none of the 2 markdown files walked\n",
    );
    // Walking a subfolder, naming files or `-q`: nothing to say.
    assert_eq!(run(&dir.path().join("questions"), &[]), "");
    assert_eq!(run(dir.path(), &["questions/q.md"]), "");
    assert_eq!(run(dir.path(), &["-q"]), "");
}

/// Messages that pointed nowhere or spoke serde: each now says what to write.
#[test]
fn config_and_argument_messages_say_what_to_write() {
    let dir = repo(&[("a.md", CLEAN)]);
    for (yaml, says) in [
        (
            "questions: {level: two}\n",
            "`level` expects a heading level 1 to 6, or a list of them",
        ),
        (
            "rules: {options: {QA402: {threshold: 0.9}}}\n",
            "options are keyed by rule name: write `similar-question`",
        ),
        (
            "rules: {select: [zzzzzzzz]}\n",
            "`qalint rules` lists every rule",
        ),
    ] {
        fs::write(dir.path().join(".qalint.yml"), yaml).unwrap();
        qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--no-color"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    fs::remove_file(dir.path().join(".qalint.yml")).unwrap();
    for (args, says) in [
        (&["check", "-"][..], "pass `--stdin-filename PATH`"),
        (
            &["check", "--diff", "--format", "json", "a.md"][..],
            "`--format json`, `github` and `sarif` do not apply",
        ),
        (
            &["init", "no/such/dir"][..],
            "`no/such/dir`: no such directory",
        ),
    ] {
        qalint()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

/// `level: []` read as no `level` at all, and a key written twice in a map kept the last: both
/// are config errors now, like `questions: []` and a duplicate top-level key, pointing at the
/// line (the second of two keys).
#[test]
fn an_empty_level_list_and_a_key_written_twice_are_config_errors() {
    let twice = "a key is written once in a mapping: keep one of the two";
    for (yaml, message, at, help) in [
        (
            "questions: {level: []}\n",
            "invalid configuration: questions: invalid length 0, expected at least one heading level",
            ".qalint.yml:1:12",
            None,
        ),
        (
            "questions:\n  - preset: number-dot\n  - preset: quiz\n    level: []\n",
            "invalid configuration: questions[1]: invalid length 0, expected at least one heading level",
            ".qalint.yml:3:5",
            None,
        ),
        (
            "exclude: [a]\nexclude: [b]\n",
            "duplicate key `exclude`",
            ".qalint.yml:2:1",
            Some(twice),
        ),
        (
            "rules: {severity: {QA101: warning, QA101: error}}\n",
            "duplicate key `QA101` in `rules.severity`",
            ".qalint.yml:1:36",
            Some(twice),
        ),
        (
            "per-file-ignores:\n  a.md: [QA101]\n  a.md: [QA102]\n",
            "duplicate key `a.md` in `per-file-ignores`",
            ".qalint.yml:3:3",
            Some(twice),
        ),
        (
            "rules:\n  options:\n    title-style: {interrogatives: [what]}\n    title-style: {}\n",
            "duplicate key `title-style` in `rules.options`",
            ".qalint.yml:4:5",
            Some(twice),
        ),
        (
            "rules:\n  options:\n    title-style: {interrogatives: [what], interrogatives: []}\n",
            "duplicate key `interrogatives` in `rules.options.title-style`",
            ".qalint.yml:3:43",
            Some(twice),
        ),
        (
            "rules:\n  custom:\n    - {id: x, message: m, pattern: a, id: y}\n",
            "duplicate key `id` in `rules.custom[0]`",
            ".qalint.yml:3:39",
            Some(twice),
        ),
    ] {
        let e = config_error(yaml);
        assert!(e.contains(&format!("× {message}\n")), "{yaml:?}: {e}");
        assert!(e.contains(&format!("[{at}]")), "{yaml:?}: {e}");
        match help {
            Some(h) => assert!(e.contains(&format!("help: {h}")), "{yaml:?}: {e}"),
            None => assert!(!e.contains("help:"), "{yaml:?}: {e}"),
        }
    }
}

/// The system rules (QA900–QA902) are reported whatever `ignore`, `severity` and `--ignore` say,
/// and QA900 and QA901 whatever `per-file-ignores` says: naming them there is a warning that it
/// changes nothing, and the run goes on. A `select` that leaves them out, and QA902 in
/// `per-file-ignores` (which hides it), say nothing.
#[test]
fn a_system_rule_ignored_or_graded_is_a_warning_that_it_changes_nothing() {
    let dir = repo(&[
        ("a.md", CLEAN),
        (
            ".qalint.yml",
            "rules:\n  ignore: [QA101, QA900]\n  severity: {read-error: off, QA9: error, QA1: warning}\n\
             per-file-ignores:\n  '*.md': [QA901, QA902, QA9]\n",
        ),
    ]);
    let run = |args: &[&str]| {
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let qa902 =
        "; `per-file-ignores` or `<!-- qalint-disable-file QA902 -->` turns QA902 off in files";
    assert_eq!(
        run(&["--ignore", "QA901,QA1"]),
        format!(
            "warning: `QA900` in `rules.ignore` (`.qalint.yml:2:19`) has no effect: QA900 is always reported\n\
             warning: `read-error` in `rules.severity` (`.qalint.yml:3:14`) has no effect: QA900 is always reported at its own severity\n\
             warning: `QA9` in `rules.severity` (`.qalint.yml:3:31`) has no effect: QA900, QA901 and QA902 are always reported at their own severities{qa902}\n\
             warning: `QA901` in `per-file-ignores` (`.qalint.yml:5:12`) has no effect: QA901 is always reported\n\
             warning: `--ignore QA901` has no effect: QA901 is always reported\n",
        )
    );
    assert_eq!(run(&["-q"]), "");
    fs::write(
        dir.path().join(".qalint.yml"),
        "rules: {select: [QA1]}\nper-file-ignores: {'*.md': [QA902, QA9]}\n",
    )
    .unwrap();
    assert_eq!(run(&[]), "");
    assert_eq!(
        run(&["--ignore", "QA90"]),
        format!(
            "warning: `--ignore QA90` has no effect: QA900, QA901 and QA902 are always reported{qa902}\n"
        )
    );
}

/// Sibling files about different subjects: a short title asks about each subject, unless
/// `subjects-apart: false` compares them as any two files.
#[test]
fn sibling_files_about_other_subjects_ask_their_own_questions() {
    let file = |subject: &str| {
        let mut text = format!("# {subject} Interview Questions\n");
        for (n, title) in [
            "What is garbage collection?",
            "What is a lambda?",
            "What is a thread?",
            "What is a module?",
            "What is a package?",
        ]
        .iter()
        .enumerate()
        {
            text.push_str(&format!(
                "\n## Q{}: {title}\n\nIn {subject}, an answer.\n",
                n + 1
            ));
        }
        text
    };
    let dir = repo(&[("java.md", file("Java")), ("python.md", file("Python"))]);
    let duplicates = |config: &str| {
        fs::write(dir.path().join(".qalint.yml"), config).unwrap();
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "json", "--select", "QA4"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["diagnostics"].as_array().unwrap().len()
    };
    assert_eq!(duplicates("questions: {preset: q-colon}\n"), 0);
    assert_eq!(
        duplicates(
            "questions: {preset: q-colon}\nrules: {options: {similar-question: {subjects-apart: false}}}\n"
        ),
        5
    );
}

/// A `select` of system rules alone checks nothing: a warning says so (config and CLI). Two
/// severities for one rule by code and by name are a config error; a prefix and a code are not
/// (the narrower decides).
#[test]
fn a_select_of_system_rules_warns_and_one_rule_graded_twice_is_an_error() {
    let gap = "# T\n\n## Q1: What is a?\n\nA.\n\n## Q3: What is c?\n\nC.\n";
    let dir = repo(&[
        ("a.md", gap),
        (".qalint.yml", "rules:\n  select: [QA900]\n"),
    ]);
    let run = |args: &[&str]| {
        qalint()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "concise"])
            .args(args)
            .output()
            .unwrap()
    };
    let only = "it selects only system rules, which are always reported: no rule is checked (select codes, prefixes such as `QA1`, names, or `ALL`)";
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("warning: `QA900` in `rules.select` (`.qalint.yml:2:12`) has no effect: {only}\n")
    );
    // A selection on the command line replaces the file's: no word about the file's.
    let out = run(&["--select", "QA101"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = run(&["--select", "QA9"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("warning: `--select QA9` has no effect: {only}\n")
    );

    fs::write(
        dir.path().join(".qalint.yml"),
        "rules:\n  severity: {QA101: warning, numbering-gap: off}\n",
    )
    .unwrap();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`QA101` and `numbering-gap` in `rules.severity` give QA101 two severities"),
        "{err}"
    );
    assert!(err.contains(".qalint.yml:2:30"), "{err}");

    // The same level twice, and a prefix under a code, are fine: the code decides.
    for (cfg, gap_found) in [
        ("{QA101: warning, numbering-gap: warning}", "warning"),
        ("{QA1: off, QA101: warning}", "warning"),
        ("{QA101: off, QA1: error}", ""),
    ] {
        fs::write(
            dir.path().join(".qalint.yml"),
            format!("rules:\n  severity: {cfg}\n"),
        )
        .unwrap();
        let out = run(&[]);
        let report = String::from_utf8_lossy(&out.stdout);
        let line = report.lines().find(|l| l.contains("QA101")).unwrap_or("");
        assert!(line.contains(gap_found), "{cfg}: {report}");
        assert_eq!(line.is_empty(), gap_found.is_empty(), "{cfg}: {report}");
    }
}
