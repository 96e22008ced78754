//! The GitHub Action (`action.yml`) and `--summary-markdown`, the job summary's table: the
//! table's content, and the action's run step executed with bash as a runner would, with the
//! built qalint on `PATH`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
#[cfg(unix)]
use common::git;
use common::{qalint, repo};

const CONFIG: &str = "questions: {preset: q-colon, numbering: {scope: file}}\n";

/// Two QA003 warnings and one QA101 error.
const NOTES: &str = "\
## Q1: What is a list

An ordered collection.

## Q3: What is a set

An unordered collection.
";

#[test]
fn summary_markdown_has_a_row_per_code_and_the_summary() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    let out = qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "github",
            "--summary-markdown",
            "summary.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The annotations are still the report.
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("::")).count(),
        3,
        "{stdout}"
    );
    let table = fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert_eq!(
        table,
        "### qalint\n\n\
         | Code | Rule | Severity | Findings |\n\
         |---|---|---|---:|\n\
         | `QA003` | title-style | warning | 2 |\n\
         | `QA101` | numbering-gap | error | 1 |\n\
         | | **Total** | | **3** |\n\n\
         1 error, 2 warnings in 1 file (2 questions)\n\n"
    );
}

#[test]
fn summary_markdown_says_what_a_baseline_hid_and_when_nothing_is_left() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    let out = qalint()
        .current_dir(dir.path())
        .args([
            "check",
            "--write-baseline",
            "b.json",
            "--summary-markdown",
            "s.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = fs::read_to_string(dir.path().join("s.md")).unwrap();
    assert_eq!(
        table,
        "### qalint\n\nNo findings.\n\n\
         0 errors, 0 warnings in 1 file (2 questions)\n\n\
         3 findings hidden by the baseline `b.json`\n\n"
    );
    // A summary that cannot be written is an error.
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--summary-markdown", "no/such/dir/s.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot write `no/such/dir/s.md`"),
        "{stderr}"
    );
}

/// The action's `Run qalint` step: its `env` (as written, with `${{ }}` expressions) and its
/// bash script.
fn run_step() -> (BTreeMap<String, String>, String) {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let steps = yaml["runs"]["steps"].as_sequence().unwrap();
    let step = steps
        .iter()
        .find(|s| s["id"].as_str() == Some("qalint"))
        .expect("a step with id qalint");
    let env = step["env"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect();
    (env, step["run"].as_str().unwrap().to_string())
}

#[test]
fn the_action_declares_the_inputs_and_passes_them_on() {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    for input in [
        "paths",
        "config",
        "args",
        "only-changed",
        "baseline",
        "summary",
        "stats",
    ] {
        assert!(
            yaml["inputs"][input]["description"].is_string(),
            "input `{input}` is documented"
        );
    }
    let (env, _) = run_step();
    assert_eq!(env["QALINT_ONLY_CHANGED"], "${{ inputs.only-changed }}");
    assert_eq!(env["QALINT_BASELINE"], "${{ inputs.baseline }}");
    assert_eq!(env["QALINT_SUMMARY"], "${{ inputs.summary }}");
    assert_eq!(env["QALINT_STATS"], "${{ inputs.stats }}");
    assert_eq!(
        env["QALINT_BASE_SHA"],
        "${{ github.event.pull_request.base.sha }}"
    );
    assert_eq!(env["QALINT_BASE_REF"], "${{ github.base_ref }}");
}

#[cfg(unix)] // bash, `:` in PATH
/// Run the step's script in `dir` as a runner would, with `inputs` for the `QALINT_*` variables.
fn run_action(dir: &Path, inputs: &[(&str, &str)], summary: &Path) -> (i32, String, String) {
    let (env, script) = run_step();
    let bin = assert_cmd::cargo::cargo_bin("qalint");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let temp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("bash");
    cmd.current_dir(dir)
        .arg("-c")
        .arg(&script)
        .env("PATH", path)
        .env("RUNNER_TEMP", temp.path())
        .env("GITHUB_STEP_SUMMARY", summary)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("NO_COLOR");
    // Every variable the step sets, empty unless the test gives it.
    for k in env.keys() {
        cmd.env(k, "");
    }
    for (k, v) in inputs {
        assert!(env.contains_key(*k), "{k} is not in the step's env");
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        fs::read_dir(temp.path()).unwrap().next().is_none(),
        "the temporary summary is removed"
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[cfg(unix)] // bash, `:` in PATH
#[test]
fn the_action_reports_changed_lines_past_a_baseline_and_appends_the_table() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    git(dir.path(), &["init", "-q"]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", ".qalint-baseline.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "start"]);
    let base = git(dir.path(), &["rev-parse", "HEAD"]).trim().to_string();
    git(dir.path(), &["checkout", "-q", "-b", "topic"]);
    // The pull request: one new question without `?`, and an old finding fixed.
    let text = NOTES.replace("What is a list\n", "What is a list?\n")
        + "\n## Q4: What is a map\n\nPairs.\n";
    fs::write(dir.path().join("notes.md"), text).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "map"]);

    let summary = dir.path().join("step-summary.md");
    fs::write(&summary, "earlier step\n").unwrap();
    let inputs = [
        ("QALINT_PATHS", "."),
        ("QALINT_ONLY_CHANGED", "true"),
        ("QALINT_BASELINE", ".qalint-baseline.json"),
        ("QALINT_SUMMARY", "true"),
        ("QALINT_BASE_SHA", base.as_str()),
        ("QALINT_BASE_REF", "main"),
    ];
    let (code, stdout, stderr) = run_action(dir.path(), &inputs, &summary);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 1, "{stdout}");
    assert!(
        annotations[0].starts_with("::warning file=notes.md,line=9,"),
        "{stdout}"
    );
    let table = fs::read_to_string(&summary).unwrap();
    assert!(table.starts_with("earlier step\n### qalint\n"), "{table}");
    assert!(
        table.contains("| `QA003` | title-style | warning | 1 |"),
        "{table}"
    );
    assert!(
        table.contains("2 findings hidden by the baseline `.qalint-baseline.json`; 1 baseline entry no longer occurs"),
        "{table}"
    );
    assert!(table.contains(&format!("since `{base}`")), "{table}");

    // Outside a pull request: a warning, and every finding not in the baseline.
    let inputs = [
        ("QALINT_PATHS", "."),
        ("QALINT_ONLY_CHANGED", "true"),
        ("QALINT_SUMMARY", "false"),
    ];
    let (code, stdout, _) = run_action(dir.path(), &inputs, &summary);
    assert_eq!(code, 1, "the gap is an error: {stdout}");
    assert!(
        stdout.contains("::warning title=qalint::only-changed needs a pull request"),
        "{stdout}"
    );
    // The QA003 on Q3 and Q4, and Q3's gap (the baseline is not used here).
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::warning file="))
            .count(),
        2,
        "{stdout}"
    );
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        1,
        "{stdout}"
    );
}

#[cfg(unix)] // bash, `:` in PATH
#[test]
fn the_action_appends_the_stats_table_when_asked() {
    let notes = "# Lists\n\n## Q1: What is a list?\n\nAn ordered collection.\n\n## Q2: What is a set?\n\nTODO\n";
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", notes)]);
    let summary = dir.path().join("step-summary.md");
    // Off by default: only the findings' table.
    let (code, _, _) = run_action(
        dir.path(),
        &[("QALINT_PATHS", "."), ("QALINT_SUMMARY", "true")],
        &summary,
    );
    assert_eq!(code, 1, "QA301 is an error");
    let table = fs::read_to_string(&summary).unwrap();
    assert!(!table.contains("qalint stats"), "{table}");

    fs::write(&summary, "").unwrap();
    let inputs = [
        ("QALINT_PATHS", "."),
        ("QALINT_SUMMARY", "false"),
        ("QALINT_STATS", "true"),
    ];
    let (code, stdout, stderr) = run_action(dir.path(), &inputs, &summary);
    assert_eq!(code, 1, "the exit status is check's: {stdout}{stderr}");
    let table = fs::read_to_string(&summary).unwrap();
    assert!(
        table.starts_with("### qalint stats\n\n| File | Questions |"),
        "{table}"
    );
    assert!(
        table.contains("| [notes.md](notes.md) | 2 | 1 (50%) | 1 | 0 |"),
        "{table}"
    );

    fs::write(&summary, "").unwrap();
    let inputs = [("QALINT_PATHS", "."), ("QALINT_STATS", "sections")];
    let (_, _, _) = run_action(dir.path(), &inputs, &summary);
    let table = fs::read_to_string(&summary).unwrap();
    assert!(
        table.contains("| [notes.md](notes.md) | [Lists](notes.md#lists) | 2 |"),
        "{table}"
    );

    // A failing table is a warning; the status stays check's.
    fs::write(&summary, "").unwrap();
    let inputs = [("QALINT_PATHS", "no-such-dir"), ("QALINT_STATS", "true")];
    let (code, stdout, _) = run_action(dir.path(), &inputs, &summary);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("::warning title=qalint::qalint stats failed"),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&summary).unwrap(), "");
}
