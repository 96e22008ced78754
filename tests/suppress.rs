//! Suppression comments, `per-file-ignores` and QA902, through the command line.

use std::fs;
use std::path::Path;

mod common;
use common::{qalint, repo};

/// Exit code and findings (`path:line: CODE`, sorted by path, line and code) of `qalint check`.
/// Duplicate-question rules are off: the test files repeat titles on purpose.
fn check(dir: &Path, extra: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec!["--ignore", "QA4"];
    args.extend_from_slice(extra);
    check_exactly(dir, &args)
}

/// [`check`] with exactly these arguments (every rule on unless they say otherwise).
fn check_exactly(dir: &Path, extra: &[&str]) -> (i32, Vec<String>) {
    let out = qalint()
        .current_dir(dir)
        .args(["check", "--format", "concise", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines = stdout
        .lines()
        .map(|l| {
            // `path:line:col: CODE [sev] message` → `path:line: CODE`
            let mut parts = l.splitn(4, ':');
            let (p, line, _col, rest) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let code = rest.split_whitespace().next().unwrap();
            format!("{p}:{line}: {code}")
        })
        .collect::<Vec<String>>();
    let mut lines = lines;
    lines.sort_by_key(|l| {
        let mut p = l.splitn(3, ':');
        let path = p.next().unwrap().to_string();
        let line: usize = p.next().unwrap().parse().unwrap();
        (path, line, l.clone())
    });
    (out.status.code().unwrap(), lines)
}

/// Concise output as is, for messages.
fn concise(dir: &Path, extra: &[&str]) -> String {
    let out = qalint()
        .current_dir(dir)
        .args(["check", "--format", "concise", "--quiet", "--ignore", "QA4"])
        .args(extra)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Four questions without `?` (QA003 on each, lines 1, 3, 5, 7) and a gap before the last.
const TITLES: &str = "## Q1: What is a tensor\nA.\n## Q2: What is a graph\nB.\n## Q3: What is a tree\nC.\n## Q5: What is a heap\nD.\n";

#[test]
fn without_comments_everything_is_reported() {
    let dir = repo(&[("a.md", TITLES)]);
    let (code, found) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "a.md:1: QA003",
            "a.md:3: QA003",
            "a.md:5: QA003",
            "a.md:7: QA003",
            "a.md:7: QA101"
        ]
    );
}

#[test]
fn disable_enable_range_covers_the_lines_between() {
    let text = "## Q1: What is a tensor\nA.\n<!-- qalint-disable QA003 -->\n## Q2: What is a graph\nB.\n## Q3: What is a tree\nC.\n<!-- qalint-enable QA003 -->\n## Q4: What is a heap\nD.\n";
    let dir = repo(&[("a.md", text)]);
    let (code, found) = check(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(found, ["a.md:1: QA003", "a.md:9: QA003"]);
}

#[test]
fn disable_without_enable_runs_to_the_end_and_names_work_like_codes() {
    let text = "## Q1: What is a tensor\nA.\n<!-- qalint-disable title-style -->\n## Q2: What is a graph\nB.\n## Q4: What is a tree\nC.\n";
    let dir = repo(&[("a.md", text)]);
    let (_, found) = check(dir.path(), &[]);
    assert_eq!(found, ["a.md:1: QA003", "a.md:6: QA101"]);
}

#[test]
fn disable_of_every_rule_and_enable_of_one_reenables_just_that_one() {
    let text = "<!-- qalint-disable -->\n## Q1: What is a tensor\nA.\n## Q3: What is a graph\n<!-- qalint-enable QA003 -->\n## Q4: What is a tree\nC.\n## Q6: What is a heap\n<!-- qalint-enable -->\n## Q8: What is a set\nE.\n";
    let dir = repo(&[("a.md", text)]);
    let (_, found) = check(dir.path(), &[]);
    // Lines 2 and 4: everything off. Lines 6 and 8: QA003 back, QA101 still off. Line 10: all on.
    assert_eq!(
        found,
        [
            "a.md:6: QA003",
            "a.md:8: QA003",
            "a.md:10: QA003",
            "a.md:10: QA101"
        ]
    );
}

#[test]
fn next_line_covers_only_the_line_right_after_the_comment() {
    let text = "<!-- qalint-disable-next-line QA003 -->\n## Q1: What is a tensor\nA.\n<!-- qalint-disable-next-line QA003 -->\n\n## Q2: What is a graph\nB.\n";
    let dir = repo(&[("a.md", text)]);
    let (_, found) = check(dir.path(), &[]);
    // The second comment has a blank line after it: it covers that line, and is unused.
    assert_eq!(found, ["a.md:4: QA902", "a.md:6: QA003"]);
    assert!(concise(dir.path(), &[]).contains(
        "`qalint-disable-next-line QA003` suppresses nothing: no finding on the next line"
    ));
}

#[test]
fn next_line_with_several_rules_and_a_reason() {
    let text = "## Q1: What is a tensor\nA.\n<!-- qalint-disable-next-line QA003, numbering-gap -- renamed in v2 -->\n## Q3: What is a graph\nB.\n";
    let dir = repo(&[("a.md", text)]);
    let (code, found) = check(dir.path(), &[]);
    assert_eq!(found, ["a.md:1: QA003"]);
    assert_eq!(code, 0);
}

#[test]
fn disable_file_covers_the_whole_file_wherever_it_is() {
    let text = format!("{TITLES}\n<!-- qalint-disable-file QA003 QA1 -->\n");
    let dir = repo(&[("a.md", text.as_str()), ("b.md", TITLES)]);
    let (_, found) = check(dir.path(), &[]);
    assert!(found.iter().all(|f| f.starts_with("b.md")), "{found:?}");
    assert_eq!(found.len(), 5);
}

#[test]
fn unused_suppressions_are_reported_one_rule_at_a_time() {
    let text = "<!-- qalint-disable-next-line QA003, QA101 -->\n## Q1: What is a tensor\nA.\n<!-- qalint-disable QA301 -->\n## Q2: What is a graph?\nB.\n<!-- qalint-enable -->\n";
    let dir = repo(&[("a.md", text)]);
    let out = concise(dir.path(), &[]);
    assert_eq!(
        out,
        "a.md:1:38: QA902 [warning] `qalint-disable-next-line QA101` suppresses nothing: no finding on the next line\n\
         a.md:4:21: QA902 [warning] `qalint-disable QA301` suppresses nothing: no finding in the lines it covers\n"
    );
}

#[test]
fn rules_not_enabled_in_the_run_are_not_judged() {
    let text = "<!-- qalint-disable-next-line QA003 -->\n## Q1: What is a tensor?\nA.\n<!-- qalint-disable-next-line QA101 -->\n## Q2: What is a graph?\nB.\n";
    let dir = repo(&[("a.md", text)]);
    // QA003 is not selected: its directive cannot be judged. QA101 is, and suppresses nothing.
    let (_, found) = check(dir.path(), &["--select", "QA1"]);
    assert_eq!(found, ["a.md:4: QA902"]);
    let (_, found) = check(dir.path(), &["--ignore", "QA101,QA003"]);
    assert!(found.is_empty(), "{found:?}");
    // A directive for every rule is judged only when every rule is enabled.
    let dir = repo(&[(
        "b.md",
        "<!-- qalint-disable -->\n## Q1: What is a tensor?\nA.\n",
    )]);
    let (_, found) = check_exactly(dir.path(), &[]);
    assert_eq!(found, ["b.md:1: QA902"]);
    let (_, found) = check_exactly(dir.path(), &["--ignore", "QA504"]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn unknown_rules_and_directives_are_reported_with_a_suggestion() {
    let text = "<!-- qalint-disable-next-line QA1O1 -->\n## Q1: What is a tensor?\n<!-- qalint-disable-nextline QA003 -->\n<!-- qalint-disable numbering-gapp -->\n";
    let dir = repo(&[("a.md", text)]);
    let out = concise(dir.path(), &[]);
    assert!(
        out.contains(
            "a.md:1:31: QA902 [warning] unknown rule `QA1O1` in `qalint-disable-next-line`"
        ),
        "{out}"
    );
    assert!(
        out.contains("a.md:3:6: QA902 [warning] unknown directive `qalint-disable-nextline`"),
        "{out}"
    );
    assert!(out.contains("unknown rule `numbering-gapp`"), "{out}");
    let human = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(human.contains("did you mean `QA101`?"), "{human}");
    assert!(
        human.contains("did you mean `qalint-disable-next-line`?"),
        "{human}"
    );
    assert!(human.contains("did you mean `numbering-gap`?"), "{human}");
}

#[test]
fn comments_in_code_are_not_directives() {
    let text = "## Q1: What is a tensor\n\n```md\n<!-- qalint-disable-file QA003 -->\n```\n\n`<!-- qalint-disable-file QA003 -->`\n";
    let dir = repo(&[("a.md", text)]);
    let (_, found) = check(dir.path(), &[]);
    assert_eq!(found, ["a.md:1: QA003"]);
}

#[test]
fn qa902_can_be_suppressed_for_a_file() {
    let text = "<!-- qalint-disable-file QA902 -->\n<!-- qalint-disable-next-line QA101 -->\n## Q1: What is a tensor?\nA.\n<!-- qalint-disable QA1O1 -->\n";
    let dir = repo(&[("a.md", text)]);
    let (code, found) = check(dir.path(), &[]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(code, 0);
}

#[test]
fn per_file_ignores_apply_by_glob_relative_to_the_config() {
    let dir = repo(&[
        // The defaults for `c.md` (without a config, detection would read these titles,
        // none with a `?`, as a house style).
        (".qalint.yml", "# defaults\n"),
        (
            "docs/.qalint.yml",
            "per-file-ignores:\n  \"drafts/**\": [QA003]\n  \"a.md\": [numbering-gap]\n",
        ),
        ("docs/a.md", TITLES),
        ("docs/drafts/b.md", TITLES),
        ("c.md", TITLES),
    ]);
    let (_, found) = check(dir.path(), &[]);
    assert_eq!(
        found,
        [
            "c.md:1: QA003",
            "c.md:3: QA003",
            "c.md:5: QA003",
            "c.md:7: QA003",
            "c.md:7: QA101",
            "docs/a.md:1: QA003",
            "docs/a.md:3: QA003",
            "docs/a.md:5: QA003",
            "docs/a.md:7: QA003",
            "docs/drafts/b.md:7: QA101",
        ]
    );
}

#[test]
fn per_file_ignores_make_a_directive_unused() {
    let dir = repo(&[
        (".qalint.yml", "per-file-ignores: {\"**\": [QA003]}\n"),
        (
            "a.md",
            "<!-- qalint-disable-next-line QA003 -->\n## Q1: What is a tensor\nA.\n",
        ),
    ]);
    let (_, found) = check(dir.path(), &[]);
    assert_eq!(found, ["a.md:1: QA902"]);
}

#[test]
fn per_file_ignores_with_an_unknown_rule_is_a_config_error() {
    let dir = repo(&[
        (
            ".qalint.yml",
            "per-file-ignores:\n  \"drafts/**\": [QA30l]\n",
        ),
        ("a.md", "## Q1: What is a tensor?\n"),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown rule code or name `QA30l`",
        ))
        .stderr(predicates::str::contains("did you mean `QA301`?"));
}

#[test]
fn repository_scope_findings_are_suppressed_in_their_file() {
    let config = "questions: {numbering: {scope: repository}}\n";
    let one = "## Q1: What is SQL?\n\nA.\n";
    let two = "<!-- qalint-disable-next-line QA101 -->\n## Q3: What is a join?\n\nB.\n";
    let dir = repo(&[(".qalint.yml", config), ("a.md", one), ("b.md", two)]);
    let (code, found) = check(dir.path(), &[]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(code, 0);
    // Without the comment, the gap is reported in b.md by the repository pass.
    let dir = repo(&[
        (".qalint.yml", config),
        ("a.md", one),
        ("b.md", "## Q3: What is a join?\n\nB.\n"),
    ]);
    let (_, found) = check(dir.path(), &[]);
    assert_eq!(found, ["b.md:1: QA101"]);
}

#[test]
fn fix_does_not_apply_a_suppressed_fix() {
    // QA003 removes doubled whitespace (a safe fix); the second heading's is suppressed.
    let text = "## Q1: What is  a tensor?\nA.\n<!-- qalint-disable-next-line QA003 -->\n## Q2: What is  a graph?\nB.\n";
    let dir = repo(&[("a.md", text)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--format", "concise", "--quiet"])
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        "## Q1: What is a tensor?\nA.\n<!-- qalint-disable-next-line QA003 -->\n## Q2: What is  a graph?\nB.\n"
    );
}

#[test]
fn fix_does_not_renumber_a_suppressed_gap() {
    let text = "## Q1: What is a tensor?\nA.\n<!-- qalint-disable-next-line QA101 -->\n## Q3: What is a graph?\nB.\n";
    let dir = repo(&[("a.md", text)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix", "--format", "concise", "--quiet"])
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), text);
}

#[test]
fn renumber_leaves_a_suppressed_gap_as_check_fix_does() {
    let text = "## Q1: What is a tensor?\nA.\n<!-- qalint-disable-next-line QA101 -- Q2 was removed -->\n## Q3: What is a graph?\nB.\n## Q4: What is a tree?\nC.\n";
    let dir = repo(&[("a.md", text)]);
    qalint()
        .current_dir(dir.path())
        .args(["renumber", "--check"])
        .assert()
        .code(0);
    qalint()
        .current_dir(dir.path())
        .args(["renumber"])
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), text);
    // The comment is still used.
    let (code, found) = check(dir.path(), &[]);
    assert_eq!((code, found), (0, Vec::<String>::new()));
}

#[test]
fn renumber_and_check_fix_both_renumber_when_another_break_is_not_suppressed() {
    let text = "## Q1: What is a tensor?\nA.\n<!-- qalint-disable-next-line QA101 -->\n## Q3: What is a graph?\nB.\n## Q3: What is a tree?\nC.\n";
    let want = "## Q1: What is a tensor?\nA.\n<!-- qalint-disable-next-line QA101 -->\n## Q2: What is a graph?\nB.\n## Q3: What is a tree?\nC.\n";
    for args in [&["renumber"][..], &["check", "--fix", "--quiet"][..]] {
        let dir = repo(&[("a.md", text)]);
        qalint()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.md")).unwrap(),
            want,
            "{args:?}"
        );
    }
}
