//! `--write-baseline` and `--baseline` (and `baseline:` in `.qalint.yml`), through the command
//! line: recorded findings stay hidden when lines are inserted above them or the questions are
//! renumbered; new ones are reported; fixed ones are counted as gone.

use std::fs;
use std::path::Path;

mod common;
use common::{JsonRun as Run, qalint, repo};

const CONFIG: &str = "questions: {preset: q-colon, numbering: {scope: file}}\n";

/// Q3's title lacks its `?` (QA003, a warning); everything else is clean.
const NOTES: &str = "\
## Q1: What is a list?

An ordered collection.

## Q2: What is a set?

An unordered collection.

## Q3: What is a map

Keys and values.
";

/// `qalint check --format json` in `dir` with `args`.
fn check(dir: &Path, args: &[&str]) -> Run {
    let out = qalint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let run = Run::of(out);
    assert!(run.summary.is_object(), "no JSON report: {}", run.stderr);
    run
}

fn write_baseline(dir: &Path, file: &str) -> Run {
    let run = check(dir, &["--write-baseline", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn edit(dir: &Path, file: &str, f: impl FnOnce(&str) -> String) {
    let p = dir.join(file);
    let text = fs::read_to_string(&p).unwrap();
    fs::write(&p, f(&text)).unwrap();
}

#[test]
fn writing_records_every_finding_and_hides_them() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    let before = check(dir.path(), &[]);
    assert_eq!(before.findings, ["notes.md:9: QA003"]);
    let run = write_baseline(dir.path(), "qalint-baseline.json");
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert!(
        run.stderr
            .contains("recorded 1 finding (1 entries) in the baseline `qalint-baseline.json`"),
        "{}",
        run.stderr
    );
    let text = fs::read_to_string(dir.path().join("qalint-baseline.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 1);
    let entry = &json["findings"][0];
    assert_eq!(entry["path"], "notes.md");
    assert_eq!(entry["code"], "QA003");
    assert_eq!(entry["count"], 1);
    assert_eq!(entry["fingerprint"].as_str().unwrap().len(), 16);
    assert!(!text.contains("\"line\""), "no line numbers: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join("qalint-baseline.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "a file to commit, not a private temporary file"
        );
    }

    let after = check(dir.path(), &["--baseline", "qalint-baseline.json"]);
    assert_eq!(after.code, 0);
    assert!(after.findings.is_empty());
    assert_eq!(after.summary["baseline"]["hidden"], 1);
    assert_eq!(after.summary["baseline"]["gone"], 0);
    assert_eq!(after.summary["baseline"]["path"], "qalint-baseline.json");
}

#[test]
fn inserting_lines_above_a_recorded_finding_keeps_it_hidden() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    write_baseline(dir.path(), "b.json");
    edit(dir.path(), "notes.md", |t| {
        format!("# Notes\n\nSome words\nabout the 3 questions below.\n\n{t}")
    });
    let run = check(dir.path(), &["--baseline", "b.json"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["baseline"]["gone"], 0);
    // Without the baseline it is there, five lines lower.
    let all = check(dir.path(), &["--no-baseline"]);
    assert_eq!(all.findings, ["notes.md:14: QA003"]);
}

#[test]
fn renumbering_keeps_a_recorded_finding_hidden() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    write_baseline(dir.path(), "b.json");
    // A new first question, numbered by `qalint renumber`: Q3 becomes Q4.
    edit(dir.path(), "notes.md", |t| {
        format!("## Q1: What is a tuple?\n\nA fixed-size collection.\n\n{t}")
    });
    let out = qalint()
        .current_dir(dir.path())
        .args(["renumber", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert!(text.contains("## Q4: What is a map\n"), "{text}");
    let run = check(dir.path(), &["--baseline", "b.json"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["baseline"]["gone"], 0);

    // Numbers edited by hand, across digit counts: still the same finding.
    edit(dir.path(), "notes.md", |t| {
        t.replace("## Q1:", "## Q10:")
            .replace("## Q2:", "## Q11:")
            .replace("## Q3:", "## Q12:")
            .replace("## Q4:", "## Q13:")
    });
    let config = "questions: {preset: q-colon, numbering: {scope: file, start: 10}}\n";
    fs::write(dir.path().join(".qalint.yml"), config).unwrap();
    let run = check(dir.path(), &["--baseline", "b.json"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
}

#[test]
fn a_new_finding_is_reported_and_sets_the_exit_code() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    write_baseline(dir.path(), "b.json");
    // A gap (QA101, an error) and a second title without `?` (QA003).
    edit(dir.path(), "notes.md", |t| {
        format!("{t}\n## Q5: What is a queue\n\nFirst in, first out.\n")
    });
    let run = check(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.findings, ["notes.md:13: QA101", "notes.md:13: QA003"]);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["errors"], 1);
}

#[test]
fn a_fixed_finding_counts_as_gone() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("notes.md", NOTES)]);
    write_baseline(dir.path(), "b.json");
    edit(dir.path(), "notes.md", |t| {
        t.replace("What is a map\n", "What is a map?\n")
    });
    let run = check(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(run.code, 0);
    assert!(run.findings.is_empty());
    assert_eq!(run.summary["baseline"]["hidden"], 0);
    assert_eq!(run.summary["baseline"]["gone"], 1);
    let human = qalint()
        .current_dir(dir.path())
        .args(["check", "--baseline", "b.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(human.stdout).unwrap();
    assert!(
        stdout.contains(
            "0 findings hidden by the baseline `b.json`; 1 baseline entry no longer occurs: \
             refresh it with `--write-baseline b.json`"
        ),
        "{stdout}"
    );
    // Refreshed, nothing is gone any more.
    write_baseline(dir.path(), "b.json");
    let run = check(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(run.summary["baseline"]["gone"], 0);
}

#[test]
fn repeats_are_counted() {
    // Two titles without `?` whose lines differ only in their numbers: one entry, count 2.
    let text = "## Q1: What is x\n\nA.\n\n## Q2: What is x\n\nB.\n";
    let dir = repo(&[(".qalint.yml", CONFIG), ("x.md", text)]);
    let args = ["--select", "QA003"];
    let run = check(
        dir.path(),
        &[&args[..], &["--write-baseline", "b.json"]].concat(),
    );
    assert_eq!(run.summary["baseline"]["hidden"], 2);
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
    assert_eq!(json["findings"][0]["count"], 2);

    // A third one is new; the first two stay hidden.
    edit(dir.path(), "x.md", |t| {
        format!("{t}\n## Q3: What is x\n\nC.\n")
    });
    let run = check(dir.path(), &[&args[..], &["--baseline", "b.json"]].concat());
    assert_eq!(run.findings, ["x.md:9: QA003"]);
    assert_eq!(run.summary["baseline"]["hidden"], 2);

    // Two of the three fixed: one hidden, nothing new, nothing gone.
    edit(dir.path(), "x.md", |t| {
        t.replacen("What is x\n", "What is x?\n", 2)
    });
    let run = check(dir.path(), &[&args[..], &["--baseline", "b.json"]].concat());
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["baseline"]["gone"], 1);
}

#[test]
fn the_file_is_sorted_stable_and_the_same_from_another_directory() {
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        (
            "b/two.md",
            "## Q1: What is b\n\nB.\n\n## Q3: What is c?\n\nC.\n",
        ),
        ("a/one.md", "## Q1: What is a\n\nA.\n"),
    ]);
    write_baseline(dir.path(), "base.json");
    let first = fs::read_to_string(dir.path().join("base.json")).unwrap();
    write_baseline(dir.path(), "base.json");
    assert_eq!(
        first,
        fs::read_to_string(dir.path().join("base.json")).unwrap()
    );
    // One entry per line, sorted by path then code.
    let lines: Vec<&str> = first.lines().filter(|l| l.contains("\"path\"")).collect();
    assert_eq!(lines.len(), 3, "{first}");
    assert!(lines[0].contains("\"a/one.md\""), "{first}");
    assert!(
        lines[1].contains("\"b/two.md\"") && lines[1].contains("QA003"),
        "{first}"
    );
    assert!(
        lines[2].contains("\"b/two.md\"") && lines[2].contains("QA101"),
        "{first}"
    );

    // From a subdirectory, naming the repository as `..` and the file through it: same bytes.
    let out = qalint()
        .current_dir(dir.path().join("a"))
        .args(["check", "..", "--write-baseline", "../base.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        first,
        fs::read_to_string(dir.path().join("base.json")).unwrap()
    );
    let out = qalint()
        .current_dir(dir.path().join("a"))
        .args([
            "check",
            "..",
            "--format",
            "concise",
            "--baseline",
            "../base.json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("3 findings hidden by the baseline `../base.json`"),
        "{stdout}"
    );
}

#[test]
fn the_config_names_the_baseline_relative_to_itself() {
    let dir = repo(&[
        (
            ".qalint.yml",
            format!("{CONFIG}baseline: ci/baseline.json\n"),
        ),
        ("notes.md", NOTES.to_string()),
        ("ci/.keep", String::new()),
    ]);
    // Configured but missing: a clear error.
    let out = qalint()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("baseline.json`: cannot read it: no such file or directory"),
        "{stderr}"
    );
    // `--write-baseline` does not read the configured one.
    write_baseline(dir.path(), "ci/baseline.json");
    let run = check(dir.path(), &[]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    // From a subdirectory, on one file.
    let run = check(&dir.path().join("ci"), &["../notes.md"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    // `--diff` reads no baseline (even a missing one would not matter).
    fs::remove_file(dir.path().join("ci/baseline.json")).unwrap();
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--diff"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    write_baseline(dir.path(), "ci/baseline.json");
    // `--no-baseline` shows everything.
    let run = check(dir.path(), &["--no-baseline"]);
    assert_eq!(run.findings, ["notes.md:9: QA003"]);
    assert!(run.summary.get("baseline").is_none());
}

#[test]
fn a_misspelt_baseline_key_gets_a_suggestion() {
    let dir = repo(&[(".qalint.yml", "baselin: b.json\n"), ("notes.md", NOTES)]);
    let out = qalint()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("unknown key `baselin`"), "{stderr}");
    assert!(stderr.contains("did you mean `baseline`?"), "{stderr}");
}

#[test]
fn a_corrupt_or_missing_baseline_is_an_error_naming_the_file() {
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        ("notes.md", NOTES),
        ("bad.json", "{\"version\": 1, \"findings\": [{\"path\": "),
        ("old.json", "{\"version\": 7, \"findings\": []}"),
    ]);
    for (file, says) in [
        ("bad.json", "error: baseline `bad.json`: not valid JSON"),
        ("old.json", "error: baseline `old.json`: format version 7"),
        ("none.json", "error: baseline `none.json`: cannot read it"),
    ] {
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--baseline", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty(), "{file}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(says), "{file}: {stderr}");
    }
}

#[test]
fn entries_of_rules_left_out_of_the_run_or_files_not_linted_are_not_gone() {
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        ("notes.md", NOTES),
        (
            "more.md",
            "## Q1: What is more\n\nMore.\n\n## Q3: What is less?\n\nLess.\n",
        ),
    ]);
    write_baseline(dir.path(), "b.json");
    // Only QA1 rules: the QA003 entries are not stale.
    let run = check(dir.path(), &["--select", "QA1", "--baseline", "b.json"]);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["baseline"]["gone"], 0);
    // One file named: the other file's entries are not stale.
    let run = check(dir.path(), &["notes.md", "--baseline", "b.json"]);
    assert_eq!(run.summary["baseline"]["hidden"], 1);
    assert_eq!(run.summary["baseline"]["gone"], 0);
}

#[test]
fn no_baseline_is_written_when_the_run_fails() {
    let dir = repo(&[
        (".qalint.yml", "questions: {preset: nope}\n"),
        ("notes.md", NOTES),
    ]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "b.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("not writing the baseline `b.json`"),
        "{stderr}"
    );
    assert!(!dir.path().join("b.json").exists());
}
