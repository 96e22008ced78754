//! Rule documentation: every registered rule has a doc with every section, each doc's examples
//! behave as it says (linted with only that rule selected), and the `rules` / `rule` commands.

use predicates::prelude::*;
use qalint::base::diagnostic::Applicability;
use qalint::config::Overrides;
use qalint::engine::{self, Outcome, Request};
use qalint::output::docs::{self, Fixable, RuleDoc};

mod common;
use common::qalint;

/// Lint `text` as the only file of a fresh directory, with the doc's example config (if any),
/// and only the doc's rule selected.
fn lint_example(doc: &RuleDoc, text: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("example.md");
    std::fs::write(&file, text).unwrap();
    let config = dir.path().join("config.yml");
    let yaml = doc.config().map(|b| b.text).unwrap_or_default();
    std::fs::write(&config, yaml).unwrap();
    let outcome = engine::run(&Request {
        paths: vec![file],
        config: Some(config),
        overrides: Overrides {
            select: Some(vec![doc.meta.code.to_string()]),
            ignore: vec![],
        },
        threads: 1,
        ..Request::default()
    });
    assert!(
        outcome.errors.is_empty(),
        "{}: {:?}",
        doc.meta.code,
        outcome.errors
    );
    outcome
}

fn findings<'a>(
    outcome: &'a Outcome,
    code: &'a str,
) -> impl Iterator<Item = &'a qalint::base::diagnostic::Diagnostic> {
    outcome
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(move |d| d.rule.code() == code)
}

#[test]
fn every_rule_has_every_section() {
    let mut problems = Vec::new();
    for doc in docs::all() {
        let missing = doc.missing_sections();
        if !missing.is_empty() {
            problems.push(format!("{}: missing {}", doc.meta.code, missing.join(", ")));
        }
        if doc.fixable().is_none() {
            problems.push(format!(
                "{}: `**Fix.**` must start with None, Safe, Unsafe or Safe or unsafe",
                doc.meta.code
            ));
        }
        if doc.fires().is_none() || doc.does_not_fire().is_none() {
            problems.push(format!("{}: an example has no fenced block", doc.meta.code));
        }
        if let Some(config) = doc.config() {
            if config.lang != "yaml" {
                problems.push(format!(
                    "{}: the example config is not `yaml`",
                    doc.meta.code
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_with_a_check_has_markdown_examples() {
    for doc in docs::all().into_iter().filter(|d| d.checked) {
        for block in [doc.fires(), doc.does_not_fire()] {
            let block = block.unwrap_or_else(|| panic!("{}: no example", doc.meta.code));
            assert_eq!(block.lang, "markdown", "{}", doc.meta.code);
        }
    }
}

#[test]
fn fires_examples_fire() {
    for doc in docs::all() {
        let Some(block) = doc.fires().filter(|b| b.lang == "markdown") else {
            continue;
        };
        let outcome = lint_example(&doc, &block.text);
        let found: Vec<_> = findings(&outcome, doc.meta.code).collect();
        assert!(
            !found.is_empty(),
            "{}: the 'fires' example does not fire:\n{}",
            doc.meta.code,
            block.text
        );
        // The fixes offered agree with the doc's `**Fix.**` line.
        let fixes: Vec<Applicability> = found
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.applicability))
            .collect();
        let code = doc.meta.code;
        match doc.fixable().unwrap() {
            Fixable::No => assert!(fixes.is_empty(), "{code}: documented without a fix"),
            Fixable::Safe => assert!(
                !fixes.is_empty() && fixes.iter().all(|a| *a == Applicability::Safe),
                "{code}: documented as safe, example fixes {fixes:?}"
            ),
            Fixable::Unsafe => assert!(
                !fixes.is_empty() && fixes.iter().all(|a| *a == Applicability::Unsafe),
                "{code}: documented as unsafe, example fixes {fixes:?}"
            ),
            Fixable::SafeOrUnsafe => assert!(!fixes.is_empty(), "{code}: no fix in the example"),
        }
    }
}

#[test]
fn does_not_fire_examples_do_not_fire() {
    for doc in docs::all() {
        let Some(block) = doc.does_not_fire().filter(|b| b.lang == "markdown") else {
            continue;
        };
        let outcome = lint_example(&doc, &block.text);
        let found: Vec<String> = findings(&outcome, doc.meta.code)
            .map(|d| d.message.clone())
            .collect();
        assert!(
            found.is_empty(),
            "{}: the 'does not fire' example fires: {found:?}\n{}",
            doc.meta.code,
            block.text
        );
    }
}

#[test]
fn cli_rules_lists_every_rule() {
    let out = qalint().arg("rules").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("code "), "{text}");
    for doc in docs::all() {
        let line = text
            .lines()
            .find(|l| l.starts_with(doc.meta.code))
            .unwrap_or_else(|| panic!("{} not listed:\n{text}", doc.meta.code));
        assert!(line.contains(doc.meta.name), "{line}");
        assert!(line.contains(doc.meta.summary), "{line}");
    }
    let qa101 = text.lines().find(|l| l.starts_with("QA101")).unwrap();
    assert!(
        qa101.contains(" error ") && qa101.contains(" safe "),
        "{qa101}"
    );
    let qa900 = text.lines().find(|l| l.starts_with("QA900")).unwrap();
    assert!(qa900.contains(" no "), "{qa900}");
}

#[test]
fn cli_rules_json() {
    let out = qalint()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), docs::all().len());
    let qa204 = rows.iter().find(|r| r["code"] == "QA204").unwrap();
    assert_eq!(qa204["name"], "math-bare-words");
    assert_eq!(qa204["default_severity"], "warning");
    assert_eq!(qa204["fixable"], "unsafe");
    assert!(qa204["summary"].as_str().is_some_and(|s| !s.is_empty()));
    for r in rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for k in ["code", "name", "default_severity", "fixable", "summary"] {
            assert!(keys.contains(&k), "{r}");
        }
    }
}

#[test]
fn cli_rule_by_code_prints_its_doc() {
    let expected = docs::find("QA101").unwrap().markdown;
    qalint()
        .args(["rule", "QA101"])
        .assert()
        .success()
        .stdout(expected)
        .stdout(predicate::str::contains("**Example that fires:**"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn cli_rule_by_name() {
    qalint()
        .args(["rule", "numbering-gap"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("`QA101 numbering-gap`:"));
    qalint()
        .args(["rule", "qa900"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("`QA900 read-error`:"));
}

#[test]
fn cli_unknown_rule_exits_2_with_suggestion() {
    qalint()
        .args(["rule", "numbering-gpa"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown rule `numbering-gpa`"))
        .stderr(predicate::str::contains("did you mean `numbering-gap`?"));
    qalint()
        .args(["rule", "QA999999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}
