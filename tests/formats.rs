//! The machine formats: GitHub Actions workflow commands, SARIF 2.1.0 (validated against the
//! official schema vendored in `tests/sarif/`), `--statistics` and `--output-file`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use qalint::output::{github_escape_data, github_escape_property, path_uri};
use qalint::rules::REGISTRY;
use serde_json::Value;

mod common;
use common::{qalint, repo};

/// `Q3` skips `Q2` (QA101, fixable), and `Q3`'s title lacks its `?` (QA003, a warning).
const GAP: &str = "## Q1: What is a tensor?\n\nAn array.\n\n## Q3: What is a graph\n\nNodes.\n";

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn sarif_of(dir: &Path, extra: &[&str], code: i32) -> Value {
    let text = stdout_of(
        qalint()
            .current_dir(dir)
            .args(["check", "--format", "sarif"])
            .args(extra),
        code,
    );
    serde_json::from_str(&text).expect("SARIF output is JSON")
}

// ---------------------------------------------------------------------------------------------
// github

#[test]
fn github_snapshot_of_the_showcase() {
    let assert = qalint()
        .args(["check", "--format", "github", "fixtures/showcase"])
        .assert()
        .code(1)
        .stderr("26 errors, 12 warnings in 5 files (47 questions)\n");
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    insta::assert_snapshot!("showcase_github", out);
}

#[test]
fn github_levels_and_quiet() {
    let dir = repo(&[("a.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "--quiet"])
        .assert()
        .code(1)
        .stderr("")
        .stdout(
            "::error file=a.md,line=5,col=5,endLine=5,endColumn=6,title=QA101 numbering-gap::\
             `Q3` follows `Q1`: `Q2` is missing\n\
             ::warning file=a.md,line=5,col=8,endLine=5,endColumn=23,title=QA003 title-style::\
             question title `What is a graph` does not end with `?`\n",
        );
    let cfg = "rules:\n  severity: {numbering-gap: info}\n";
    let dir = repo(&[("a.md", GAP), (".qalint.yml", cfg)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "--select", "QA101"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "::notice file=a.md,line=5,col=5,endLine=5,endColumn=6,title=QA101 numbering-gap::",
        ))
        .stderr("0 errors, 0 warnings, 1 info in 1 file (2 questions)\n");
}

#[test]
fn github_escaping_functions() {
    assert_eq!(github_escape_data("plain `text`"), "plain `text`");
    assert_eq!(
        github_escape_data("100% done\r\nnext: a, b"),
        "100%25 done%0D%0Anext: a, b"
    );
    assert_eq!(github_escape_data("%0A"), "%250A");
    assert_eq!(
        github_escape_property("docs/a,b:c%d\ne\r.md"),
        "docs/a%2Cb%3Ac%25d%0Ae%0D.md"
    );
    assert_eq!(
        github_escape_property("QA101 numbering-gap"),
        "QA101 numbering-gap"
    );
    assert_eq!(github_escape_property("docs/é 问.md"), "docs/é 问.md");
    assert_eq!(github_escape_data("café ☕ ’"), "café ☕ ’");
}

#[cfg(unix)]
#[test]
fn github_escapes_an_odd_file_name_and_a_percent_in_the_message() {
    // A config: a lone near-miss heading is no convention detection would find.
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: q-colon}\n"),
        ("we,ird:name%.md", "## Q 1: 100% sure?\n\nYes.\n"),
    ]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "--quiet"])
        .assert()
        .code(1)
        .stdout(
            "::error file=we%2Cird%3Aname%25.md,line=1,col=1,endLine=1,endColumn=19,\
             title=QA001 heading-format::heading `## Q 1: 100%25 sure?` looks like a question \
             but does not match the `q-colon` format\n",
        );
}

#[test]
fn github_writes_non_ascii_file_names_and_messages_as_they_are() {
    // The runner unescapes only `%25 %0D %0A %3A %2C`: `%E9%97%AE` would name no file.
    let dir = repo(&[(
        "问题.md",
        "# 问题\n\n## Q1: 什么是列表？\n\n列表是序列。\n\n## Q3: Qu’est-ce qu’un café ☕?\n\nTODO\n",
    )]);
    qalint()
        .current_dir(dir.path())
        .args([
            "check", "--format", "github", "--quiet", "--select", "QA301",
        ])
        .assert()
        .code(1)
        .stdout(
            "::error file=问题.md,line=7,col=1,endLine=7,endColumn=31,\
             title=QA301 placeholder-answer::the answer to `Q3: Qu’est-ce qu’un café ☕?` \
             is only a placeholder (`TODO`)\n",
        );
}

// ---------------------------------------------------------------------------------------------
// sarif

/// The official SARIF 2.1.0 schema, compiled twice: under the draft it declares (draft 4), and
/// under draft 7, which also checks the `uri-reference` format draft 4 does not know.
struct SarifValidator {
    declared: jsonschema::Validator,
    draft7: jsonschema::Validator,
}

impl SarifValidator {
    fn is_valid(&self, log: &Value) -> bool {
        self.declared.is_valid(log) && self.draft7.is_valid(log)
    }
}

fn sarif_validator() -> SarifValidator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let build = |draft: Option<jsonschema::Draft>| {
        let options = jsonschema::options().should_validate_formats(true);
        match draft {
            Some(d) => options.with_draft(d),
            None => options,
        }
        .build(&schema)
        .expect("the vendored SARIF schema compiles")
    };
    SarifValidator {
        declared: build(None),
        draft7: build(Some(jsonschema::Draft::Draft7)),
    }
}

fn assert_valid_sarif(validator: &SarifValidator, log: &Value) {
    let errors: Vec<String> = [&validator.declared, &validator.draft7]
        .iter()
        .flat_map(|v| v.iter_errors(log))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_of_the_showcase_is_valid_and_complete() {
    let validator = sarif_validator();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let log = sarif_of(root, &["fixtures/showcase"], 1);
    assert_valid_sarif(&validator, &log);

    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "qalint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // Every registered rule, in registry order, with a help URI to a file that exists.
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), REGISTRY.len());
    for (rule, entry) in rules.iter().zip(REGISTRY) {
        assert_eq!(rule["id"], entry.meta.code);
        assert_eq!(rule["name"], entry.meta.name);
        assert_eq!(rule["shortDescription"]["text"], entry.meta.summary);
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        let level = match entry.meta.default_severity {
            qalint::base::diagnostic::Severity::Error => "error",
            qalint::base::diagnostic::Severity::Warning => "warning",
            qalint::base::diagnostic::Severity::Info => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        let uri = rule["helpUri"].as_str().unwrap();
        let file = uri
            .strip_prefix("https://github.com/qalint/qalint/blob/main/")
            .unwrap_or_else(|| panic!("unexpected helpUri {uri}"));
        assert!(root.join(file).is_file(), "{uri} names no file");
        // Every rule, the engine's codes included, carries its documentation.
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|m| m.contains("**What it does.**")),
            "{} has no help text",
            entry.meta.code
        );
    }
    assert_eq!(
        rules[3]["helpUri"],
        "https://github.com/qalint/qalint/blob/main/src/rules/numbering/qa101_numbering_gap.rs"
    );
    // Descriptions come from the rule's doc comment.
    assert!(
        rules[3]["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Reports a question whose number jumps"),
        "{}",
        rules[3]["fullDescription"]
    );
    assert!(
        rules[3]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("**Why.**")
    );

    // The results are the JSON report's diagnostics, one for one, at the same places.
    let json: Value = serde_json::from_str(&stdout_of(
        qalint().args(["check", "--format", "json", "fixtures/showcase"]),
        1,
    ))
    .unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    let mut fixes = 0;
    for (r, d) in results.iter().zip(diags) {
        assert_eq!(r["ruleId"], d["code"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let level = match d["severity"].as_str().unwrap() {
            "info" => "note",
            s => s,
        };
        assert_eq!(r["level"], level);
        assert_eq!(r["message"]["text"], d["message"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], d["path"]);
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        if d["fix"].is_null() {
            assert!(r.get("fixes").is_none());
            continue;
        }
        fixes += 1;
        let fix = &r["fixes"][0];
        assert_eq!(fix["description"]["text"], d["fix"]["description"]);
        assert_eq!(
            fix["properties"]["applicability"],
            d["fix"]["applicability"]
        );
        let change = &fix["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], d["path"]);
        let edits = d["fix"]["edits"].as_array().unwrap();
        let replacements = change["replacements"].as_array().unwrap();
        assert_eq!(replacements.len(), edits.len());
        for (rep, e) in replacements.iter().zip(edits) {
            let del = &rep["deletedRegion"];
            assert_eq!(del["startLine"], e["line"]);
            assert_eq!(del["startColumn"], e["column"]);
            assert_eq!(del["endLine"], e["end_line"]);
            assert_eq!(del["endColumn"], e["end_column"]);
            let inserted = rep["insertedContent"]["text"].as_str().unwrap_or("");
            assert_eq!(inserted, e["content"].as_str().unwrap());
        }
    }
    assert!(fixes > 5, "the showcase has fixable findings");
}

#[test]
fn sarif_related_locations_odd_paths_and_an_empty_run_are_valid() {
    let validator = sarif_validator();
    // A duplicate across files (repository scope) points at the other file.
    let cfg = "questions:\n  numbering:\n    scope: repository\n";
    let dir = repo(&[
        (".qalint.yml", cfg),
        (
            "a.md",
            "## Q1: What is a?\n\nA.\n\n## Q2: What is b?\n\nB.\n",
        ),
        (
            "b.md",
            "## Q2: What is c?\n\nC.\n\n## Q3: What is d?\n\nD.\n",
        ),
    ]);
    let log = sarif_of(dir.path(), &[], 1);
    assert_valid_sarif(&validator, &log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "QA102");
    let related = &result["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "a.md"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 5);
    assert_eq!(related["message"]["text"], "first used here");

    // A duplicate in one file: the first place is a related location in the same file.
    let dir = repo(&[(
        "a.md",
        "## Q1: What is a?\n\nA.\n\n## Q1: What is b?\n\nB.\n",
    )]);
    let log = sarif_of(dir.path(), &[], 1);
    assert_valid_sarif(&validator, &log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "QA102");
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a.md"
    );

    // Nothing to report: still a valid log with every rule.
    let dir = repo(&[("a.md", "## Q1: What is a?\n\nA.\n")]);
    let log = sarif_of(dir.path(), &[], 0);
    assert_valid_sarif(&validator, &log);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));

    // A file name that is not a plain URI path.
    #[cfg(unix)]
    {
        let dir = repo(&[
            (".qalint.yml", "questions: {preset: q-colon}\n"),
            ("sub dir/we,ird:name%é.md", "## Q 1: 100% sure?\n\nYes.\n"),
        ]);
        let log = sarif_of(dir.path(), &[], 1);
        assert_valid_sarif(&validator, &log);
        let loc = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "sub%20dir/we,ird%3Aname%25%C3%A9.md"
        );
        assert_eq!(
            log["runs"][0]["results"][0]["message"]["text"],
            "heading `## Q 1: 100% sure?` looks like a question but does not match the \
             `q-colon` format"
        );
    }

    // A bad config is a notification, and the run is not successful.
    let dir = repo(&[("a.md", GAP), (".qalint.yml", "rules:\n  selcet: [ALL]\n")]);
    let log = sarif_of(dir.path(), &[], 2);
    assert_valid_sarif(&validator, &log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "error"
    );
}

#[test]
fn sarif_lists_custom_rules_after_the_registry() {
    let cfg = "rules:\n  custom:\n    - id: tensorflow-spelling\n      \
               message: the library is spelt `TensorFlow`\n      scope: text\n      \
               pattern: 'Tensorflow'\n      replacement: TensorFlow\n";
    let dir = repo(&[
        (".qalint.yml", cfg),
        ("a.md", "## Q1: What is Tensorflow?\n\nA library.\n"),
    ]);
    let log = sarif_of(dir.path(), &[], 0);
    assert_valid_sarif(&sarif_validator(), &log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), REGISTRY.len() + 1);
    let custom = &rules[REGISTRY.len()];
    assert_eq!(custom["id"], "custom/tensorflow-spelling");
    assert!(custom.get("helpUri").is_none());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "custom/tensorflow-spelling")
        .expect("the custom rule fires");
    assert_eq!(r["ruleIndex"], REGISTRY.len());
}

#[test]
fn sarif_rejects_what_the_schema_rejects() {
    // The validator really checks: a result without a message is invalid.
    let validator = sarif_validator();
    let dir = repo(&[("a.md", GAP)]);
    let mut log = sarif_of(dir.path(), &[], 1);
    assert_valid_sarif(&validator, &log);
    let mut bad_uri = log.clone();
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("a b.md");
    assert!(!validator.is_valid(&bad_uri), "formats are checked");
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_results_snapshot() {
    let dir = repo(&[("a.md", GAP)]);
    let log = sarif_of(dir.path(), &[], 1);
    insta::assert_snapshot!(
        "small_sarif_results",
        serde_json::to_string_pretty(&log["runs"][0]["results"]).unwrap()
    );
}

#[test]
fn path_uris() {
    assert_eq!(path_uri("docs/ml.md"), "docs/ml.md");
    assert_eq!(path_uri("./a-b_c~d.md"), "./a-b_c~d.md");
    assert_eq!(path_uri("a b/c:d%e#f?g.md"), "a%20b/c%3Ad%25e%23f%3Fg.md");
    assert_eq!(path_uri("é.md"), "%C3%A9.md");
    assert_eq!(path_uri("/abs/dir/x y.md"), "file:///abs/dir/x%20y.md");
}

// ---------------------------------------------------------------------------------------------
// determinism

#[test]
fn github_and_sarif_are_the_same_with_1_and_8_threads() {
    for format in ["github", "sarif"] {
        let run = |n: &str| {
            qalint()
                .args(["check", "--format", format, "--threads", n, "fixtures"])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty(), "{format}");
        assert_eq!(one, run("8"), "{format}");
    }
}

// ---------------------------------------------------------------------------------------------
// --statistics

const MANY: &str = "## Q1: What is a tensor\n\nAn array.\n\n## Q3: What is a graph\n\nNodes.\n\n\
                    ## Q5: What is a tree\n\nA graph.\n";

#[test]
fn statistics_human_and_concise() {
    // The two files share titles on purpose; duplicates (QA4xx) are not what this tests.
    let dir = repo(&[("a.md", MANY), ("b.md", GAP)]);
    for format in ["human", "concise"] {
        qalint()
            .current_dir(dir.path())
            .args([
                "check",
                "--statistics",
                "--no-color",
                "--ignore",
                "QA4",
                "--format",
                format,
            ])
            .assert()
            .code(1)
            .stdout(
                "   4  QA003  title-style\n   3  QA101  numbering-gap\n\
                 3 errors, 4 warnings in 2 files (5 questions)\n",
            );
    }
    qalint()
        .current_dir(dir.path())
        .args(["check", "--statistics", "--quiet", "--ignore", "QA4"])
        .assert()
        .code(1)
        .stdout("   4  QA003  title-style\n   3  QA101  numbering-gap\n");
}

#[test]
fn statistics_sort_by_count_then_code() {
    // One QA101 and one QA003: equal counts sort by code.
    let dir = repo(&[("a.md", GAP)]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--statistics", "--quiet"])
        .assert()
        .code(1)
        .stdout("   1  QA003  title-style\n   1  QA101  numbering-gap\n");
    // Nothing found: only the summary.
    let dir = repo(&[("a.md", "## Q1: What is a?\n\nA.\n")]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--statistics"])
        .assert()
        .code(0)
        .stdout("0 errors, 0 warnings in 1 file (1 question)\n");
}

#[test]
fn statistics_json() {
    let dir = repo(&[("a.md", MANY), ("b.md", GAP)]);
    let out = stdout_of(
        qalint().current_dir(dir.path()).args([
            "check",
            "--statistics",
            "--ignore",
            "QA4",
            "--format",
            "json",
        ]),
        1,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "statistics": [
                {"code": "QA003", "rule": "title-style", "count": 4},
                {"code": "QA101", "rule": "numbering-gap", "count": 3},
            ],
            "summary": {"files": 2, "questions": 5, "errors": 3, "warnings": 4, "infos": 0,
                "convention": "'## Q12: Title' at level 2, numbering per file"},
        })
    );
}

#[test]
fn statistics_are_refused_for_github_and_sarif() {
    for format in ["github", "sarif"] {
        qalint()
            .args([
                "check",
                "--statistics",
                "--format",
                format,
                "fixtures/showcase",
            ])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("--statistics"));
    }
    qalint()
        .args(["check", "--statistics", "--diff", "fixtures/showcase"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------------------------
// --output-file

#[test]
fn output_file_takes_the_report_and_stdout_stays_empty() {
    let dir = repo(&[("a.md", GAP)]);
    for format in ["human", "concise", "json", "github", "sarif"] {
        let expected = stdout_of(
            qalint().current_dir(dir.path()).args([
                "check",
                "--no-color",
                "--format",
                format,
                "a.md",
            ]),
            1,
        );
        let target = dir.path().join(format!("report.{format}"));
        qalint()
            .current_dir(dir.path())
            .args(["check", "--format", format, "a.md", "--output-file"])
            .arg(&target)
            .assert()
            .code(1)
            .stdout("");
        assert_eq!(fs::read_to_string(&target).unwrap(), expected, "{format}");
    }
    // Statistics too, and an existing file is replaced.
    let target = dir.path().join("report.human");
    qalint()
        .current_dir(dir.path())
        .args(["check", "--statistics", "--quiet", "a.md", "--output-file"])
        .arg(&target)
        .assert()
        .code(1)
        .stdout("");
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "   1  QA003  title-style\n   1  QA101  numbering-gap\n"
    );
}

#[test]
fn output_file_that_cannot_be_written_exits_2() {
    let dir = repo(&[("a.md", "## Q1: What is a?\n\nA.\n")]);
    qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "sarif",
            "a.md",
            "--output-file",
            "no/such/dir/out.sarif",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot write `no/such/dir/out.sarif`",
        ));
}

#[test]
fn output_file_takes_the_diff() {
    let dir = repo(&[("a.md", GAP)]);
    let target = dir.path().join("fix.diff");
    qalint()
        .current_dir(dir.path())
        .args(["check", "--diff", "--quiet", "a.md", "--output-file"])
        .arg(&target)
        .assert()
        .code(1)
        .stdout("");
    let diff = fs::read_to_string(&target).unwrap();
    assert!(diff.contains("+## Q2: What is a graph"), "{diff}");
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), GAP);
}
