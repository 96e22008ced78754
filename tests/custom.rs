//! Custom YAML rules: the examples under `rules/examples/` fire where they should, fix what
//! they promise, obey selection, and bad definitions are config errors.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn qalint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("qalint").unwrap();
    c.current_dir(dir).env("COLUMNS", "100");
    c
}

fn repo_with_examples(doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("custom")).unwrap();
    fs::copy(
        "rules/examples/style.yml",
        dir.path().join("custom/style.yml"),
    )
    .unwrap();
    fs::write(dir.path().join(".qalint.yml"), "custom-rules: custom\n").unwrap();
    fs::write(dir.path().join("a.md"), doc).unwrap();
    dir
}

const DOC: &str = "## Q1: What is Tensorflow ?\n\nSee [click here](https://example.com) and $$\\argmax_x f(x) + argmax$$.\n\n```\nTensorflow in code is fine\n```\n";

#[test]
fn example_rules_fire_in_their_scopes() {
    let dir = repo_with_examples(DOC);
    qalint(dir.path())
        .args(["check", "--format", "concise", "-q", "--select", "custom"])
        .assert()
        .code(0)
        .stdout(
            "a.md:1:16: custom/tensorflow-spelling [warning] the library is spelt `TensorFlow`\n\
             a.md:1:25: custom/title-question-mark-spacing [warning] no space before the question mark of a title\n\
             a.md:3:6: custom/no-click-here [warning] link text that says nothing about where it goes\n\
             a.md:3:62: custom/argmax-operator [warning] write `\\operatorname*{arg\\,max}` for argmax in formulas\n",
        );
}

#[test]
fn safe_replacements_are_applied_by_fix() {
    let dir = repo_with_examples(DOC);
    qalint(dir.path())
        .args(["check", "--fix", "-q", "--select", "custom"])
        .assert()
        .code(0);
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(fixed.starts_with("## Q1: What is TensorFlow?\n"), "{fixed}");
    assert!(
        fixed.contains("Tensorflow in code is fine"),
        "code is left alone"
    );
}

#[test]
fn custom_rules_obey_selection_and_severity() {
    let dir = repo_with_examples(DOC);
    qalint(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "-q",
            "--select",
            "custom/no-click-here",
        ])
        .assert()
        .stdout(
            predicate::str::contains("custom/no-click-here")
                .and(predicate::str::contains("tensorflow").not()),
        );
    fs::write(
        dir.path().join(".qalint.yml"),
        "custom-rules: custom\nrules:\n  severity: {custom/no-click-here: error, custom/argmax-operator: off}\n",
    )
    .unwrap();
    qalint(dir.path())
        .args(["check", "--format", "concise", "-q", "--select", "custom"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("custom/no-click-here [error]")
                .and(predicate::str::contains("argmax").not()),
        );
}

#[test]
fn replacements_that_name_existing_groups_load() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "## Q1: What is a map?\n\nA map.\n").unwrap();
    fs::write(
        dir.path().join(".qalint.yml"),
        "rules:\n  custom:\n    - {id: plural, message: m, scope: title, pattern: '(?P<w>ma)p', \
         replacement: '${1}ze-$w-${w}-$$5', safe: true}\n",
    )
    .unwrap();
    qalint(dir.path())
        .args(["check", "--fix", "-q"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "## Q1: What is a maze-ma-ma-$5?\n\nA map.\n"
    );
}

#[test]
fn inline_custom_rules_and_bad_definitions() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "## Q1: What is a TODO list?\n\nA list.\n",
    )
    .unwrap();
    let cfg = |yaml: &str| fs::write(dir.path().join(".qalint.yml"), yaml).unwrap();
    cfg(
        "rules:\n  custom:\n    - {id: no-todo, message: no TODO in titles, scope: title, phrases: [todo], ignore-case: true, severity: error}\n",
    );
    qalint(dir.path())
        .args(["check", "--format", "concise", "-q"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "a.md:1:18: custom/no-todo [error] no TODO in titles",
        ));
    for (yaml, msg) in [
        (
            "rules:\n  custom:\n    - {id: Bad_Id, message: m, pattern: x}\n",
            "is not kebab-case",
        ),
        (
            "rules:\n  custom:\n    - {id: both, message: m, pattern: x, phrases: [y]}\n",
            "exactly one of `pattern` or `phrases`",
        ),
        (
            "rules:\n  custom:\n    - {id: regex, message: m, pattern: '(x'}\n",
            "invalid regular expression in custom rule `regex`",
        ),
        (
            "rules:\n  custom:\n    - {id: scope, message: m, pattern: x, scope: body}\n",
            "unknown value `body`",
        ),
        // Two rules under one id cannot be told apart; an empty phrase matches everywhere.
        (
            "rules:\n  custom:\n    - {id: house, message: m, pattern: x}\n    - {id: house, message: n, pattern: y}\n",
            "two custom rules have the id `house`",
        ),
        (
            "rules:\n  custom:\n    - {id: empty, message: m, phrases: [a, '']}\n",
            "custom rule `empty` has an empty phrase",
        ),
        // `$1s` is the group named `1s`, `$5` a group the pattern lacks: both expanded to
        // nothing, so the (safe) fix deleted the match.
        (
            "rules:\n  custom:\n    - {id: plural, message: m, pattern: '(map)', replacement: '$1s', safe: true}\n",
            "the `replacement` of custom rule `plural` refers to group `1s`",
        ),
        (
            "rules:\n  custom:\n    - {id: plural, message: m, pattern: '(map)', replacement: '$1s'}\n",
            "write `${1}s` for group 1 followed by `s`",
        ),
        (
            "rules:\n  custom:\n    - {id: five, message: m, pattern: '(map)', replacement: 'x$5'}\n",
            "refers to group `5`",
        ),
        (
            "rules:\n  custom:\n    - {id: named, message: m, pattern: '(?P<w>map)', replacement: '${word}'}\n",
            "the pattern's groups are `$0`, `$1`, `$w`",
        ),
        (
            "custom-rules: nowhere\n",
            "cannot read custom rules directory",
        ),
    ] {
        cfg(yaml);
        qalint(dir.path())
            .args(["check", "--no-color"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(msg));
    }
}

/// `custom/<id>` must name a custom rule the config defines, wherever a rule is named: a typo
/// selected, ignored or graded nothing, silently (`--select custom/typo` passed with nothing
/// checked).
#[test]
fn undefined_custom_ids_are_errors_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "## Q1: What is Tensorflow?\n\nA library.\n",
    )
    .unwrap();
    let rule = "  custom:\n    - {id: tensorflow-spelling, message: m, pattern: Tensorflow}\n";
    let cfg = |yaml: &str| fs::write(dir.path().join(".qalint.yml"), yaml).unwrap();
    for yaml in [
        format!("rules:\n  severity: {{custom/tensorflow-speling: error}}\n{rule}"),
        format!("rules:\n  ignore: [custom/tensorflow-speling]\n{rule}"),
        format!("rules:\n  select: [QA1, custom/tensorflow-speling]\n{rule}"),
        format!("per-file-ignores: {{'*.md': [custom/tensorflow-speling]}}\nrules:\n{rule}"),
    ] {
        cfg(&yaml);
        qalint(dir.path())
            .args(["check", "--no-color", "--no-cache"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "unknown custom rule `custom/tensorflow-speling`",
            ))
            .stderr(predicate::str::contains(
                "did you mean `custom/tensorflow-spelling`?",
            ))
            .stderr(predicate::str::contains(".qalint.yml:"));
    }
    cfg(&format!("rules:\n{rule}"));
    for flag in ["--select", "--ignore"] {
        qalint(dir.path())
            .args(["check", "--no-cache", flag, "custom/tensorflow-speling"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "did you mean `custom/tensorflow-spelling`?",
            ));
    }
    qalint(dir.path())
        .args([
            "check",
            "--no-cache",
            "--format",
            "concise",
            "--select",
            "custom",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("custom/tensorflow-spelling"));
    // A suppression comment naming an undefined custom rule is QA902's unknown rule.
    fs::write(
        dir.path().join("a.md"),
        "<!-- qalint-disable-next-line custom/tensorflow-speling -->\n## Q1: What is Tensorflow?\n\nA library.\n",
    )
    .unwrap();
    qalint(dir.path())
        .args(["check", "--no-cache", "--format", "concise"])
        .assert()
        .stdout(predicate::str::contains(
            "a.md:1:31: QA902 [warning] unknown rule `custom/tensorflow-speling` in `qalint-disable-next-line`",
        ))
        .stdout(predicate::str::contains("a.md:2:16: custom/tensorflow-spelling"));
    // `custom` when no custom rule is defined names nothing, as a built-in prefix that matches
    // no rule.
    cfg("rules:\n  select: [ALL]\n");
    fs::write(
        dir.path().join("a.md"),
        "<!-- qalint-disable-file custom -->\n## Q1: What is Tensorflow?\n\nA library.\n",
    )
    .unwrap();
    qalint(dir.path())
        .args(["check", "--no-cache", "--select", "custom"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`custom` names no rule: no custom rules are defined",
        ));
    qalint(dir.path())
        .args(["check", "--no-cache", "--format", "concise"])
        .assert()
        .stdout(predicate::str::contains(
            "a.md:1:26: QA902 [warning] unknown rule `custom` in `qalint-disable-file`",
        ));
}
