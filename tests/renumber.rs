//! `qalint renumber` over fixture pairs: `fixtures/renumber/<case>/before/` renumbered in a
//! temporary copy must equal `after/` byte for byte, the diff is snapshotted, and renumbering the
//! result again changes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted, with its bytes (qalint's summary cache aside).
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.ends_with(".qalint-cache") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn qalint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("qalint")
        .unwrap()
        .current_dir(dir)
        .arg("renumber")
        .args(args)
        .output()
        .unwrap()
}

/// `qalint check --format json` in `dir` with extra arguments, as JSON.
fn check_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("qalint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The renumbering fixture pairs (`fixtures/renumber/<case>/{before,after}`), sorted.
fn renumber_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir("fixtures/renumber")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn renumber_fixture_pairs() {
    let cases = renumber_cases();
    assert!(cases.len() >= 12, "renumber fixtures missing");
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap().to_string();
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&case.join("before"), tmp.path());

        // --check and --diff write nothing; --check exits 1 when something would change.
        let check = qalint(tmp.path(), &["--check"]);
        assert_eq!(check.status.code(), Some(1), "{name}: --check");
        let diff = qalint(tmp.path(), &["--diff"]);
        assert_eq!(diff.status.code(), Some(1), "{name}: --diff");
        assert_eq!(
            tree(tmp.path()),
            tree(&case.join("before")),
            "{name}: --diff wrote"
        );
        insta::assert_snapshot!(
            format!("renumber_{name}"),
            String::from_utf8(diff.stdout).unwrap()
        );

        let run = qalint(tmp.path(), &["-q"]);
        assert_eq!(run.status.code(), Some(0), "{name}: {run:?}");
        assert_eq!(
            tree(tmp.path()),
            tree(&case.join("after")),
            "{name}: result"
        );

        // Idempotent, and nothing is left for the numbering rules.
        let again = qalint(tmp.path(), &["--check"]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{name}: second run would change {again:?}"
        );
        let lint = Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(["check", "--select", "QA1", "--format", "concise", "-q"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&lint.stdout),
            "",
            "{name}: QA1xx left"
        );
    }
}

/// `check --fix` (numbering and TOC rules) leaves every renumbering fixture as `renumber`
/// does: it lists new questions before renumbering, `renumber` after, and the entries come out
/// the same (an ordered TOC's markers, a number outside the link).
#[test]
fn check_fix_agrees_with_renumber_on_the_fixture_pairs() {
    let cases = renumber_cases();
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap().to_string();
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&case.join("before"), tmp.path());
        let run = Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(["check", "--fix", "--select", "QA1,QA5", "-q", "."])
            .output()
            .unwrap();
        assert!(run.status.code().is_some(), "{name}: {run:?}");
        assert_eq!(
            tree(tmp.path()),
            tree(&case.join("after")),
            "{name}: check --fix"
        );
    }
}

/// A gap before a range heading (`Q3-5`): renumbering would have to move the range's last
/// number as well, so the sequence is left alone and QA101 offers no fix.
#[test]
fn a_range_heading_that_would_move_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "# Questions\n\n## Q1: What is a process?\n\n## Q3-5: Scheduling questions\n\n## Q6: What is a thread?\n";
    fs::write(tmp.path().join("README.md"), text).unwrap();
    let check = qalint(tmp.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let json = check_json(tmp.path(), &["--select", "QA1"]);
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{json}");
    assert_eq!(diags[0]["code"], "QA101");
    assert!(diags[0]["fix"].is_null(), "{json}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("README.md")).unwrap(),
        text
    );
}

/// Dotted numbering (`## 4. Concurrency` over `### 4.1 What is a thread pool?`): a heading whose
/// sub-headings carry its number is never renumbered away from them (QA101 reports the gap with
/// no fix); a heading whose sub-headings do not is renumbered as usual.
#[test]
fn a_heading_whose_sub_headings_carry_its_number_is_left_alone() {
    let dotted = "# Java\n\n## 1. Core Java\n\n### 1.1 What is the JVM?\n\nA machine.\n\n\
                  ## 2. Collections\n\n### 2.1 What is a HashMap?\n\nA map.\n\n\
                  ## 4. Concurrency\n\n### 4.1 What is a thread pool?\n\nWorkers.\n";
    let plain = "# Java\n\n## 1. Core Java\n\n### 1.1 What is the JVM?\n\nA machine.\n\n\
                 ## 3. What is a HashMap?\n\n### Example\n\nA map.\n";
    for (text, after) in [
        (dotted, dotted.to_string()),
        (plain, plain.replace("## 3. What", "## 2. What")),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(
            tmp.path().join(".qalint.yml"),
            "questions: {preset: number-dot, level: 2}\n",
        )
        .unwrap();
        fs::write(tmp.path().join("README.md"), text).unwrap();
        let json = check_json(tmp.path(), &["--select", "QA101"]);
        let diags = json["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), 1, "{json}");
        assert_eq!(diags[0]["fix"].is_null(), text == dotted, "{json}");
        for args in [&["renumber", "."][..], &["check", "--fix", "."]] {
            fs::write(tmp.path().join("README.md"), text).unwrap();
            Command::cargo_bin("qalint")
                .unwrap()
                .current_dir(tmp.path())
                .args(args)
                .output()
                .unwrap();
            assert_eq!(
                fs::read_to_string(tmp.path().join("README.md")).unwrap(),
                after,
                "{args:?}"
            );
        }
    }
}

/// One question per file, numbered as its file is named (`# Q4:` in `questions/004-grpc.md`),
/// under `scope: repository`: the numbers name the files' questions, so a missing file is no
/// gap and nothing is renumbered away from its file's name. A file that breaks the pattern
/// (`extra.md`) makes the numbers a count again.
#[test]
fn questions_numbered_as_their_files_are_names() {
    let files = [
        (
            "questions/001-rest.md",
            "# Q1: What is REST?\n\nAn architectural style.\n",
        ),
        (
            "questions/002-soap.md",
            "# Q2: What is SOAP?\n\nA protocol.\n",
        ),
        (
            "questions/004-grpc.md",
            "# Q4: What is gRPC?\n\nAn RPC framework.\n",
        ),
        (
            "questions/005-graphql.md",
            "# Q5: What is GraphQL?\n\nA query language.\n",
        ),
    ];
    let setup = |extra: bool| {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(
            tmp.path().join(".qalint.yml"),
            "questions: {preset: q-colon, level: 1, numbering: {scope: repository}}\n",
        )
        .unwrap();
        fs::create_dir(tmp.path().join("questions")).unwrap();
        for (path, text) in files {
            fs::write(tmp.path().join(path), text).unwrap();
        }
        if extra {
            fs::write(
                tmp.path().join("questions/extra.md"),
                "# Q6: What is SSE?\n\nEvents.\n",
            )
            .unwrap();
        }
        tmp
    };
    let grpc = |tmp: &tempfile::TempDir| {
        fs::read_to_string(tmp.path().join("questions/004-grpc.md")).unwrap()
    };
    for args in [&["renumber", "."][..], &["check", "--fix", "."]] {
        let tmp = setup(false);
        let json = check_json(tmp.path(), &["--select", "QA1"]);
        assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");
        Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(grpc(&tmp), files[2].1, "{args:?}");

        let tmp = setup(true);
        let json = check_json(tmp.path(), &["--select", "QA101"]);
        assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1, "{json}");
        Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(grpc(&tmp), files[2].1.replace("Q4", "Q3"), "{args:?}");
    }
}

/// A gap whose missing number a heading between its questions still writes, in a form the
/// convention does not read (`### 3 What is C?`), gets an unsafe renumbering: `check --fix`
/// leaves the numbers (it renumbered them, writing a second `3`), `--unsafe-fixes` and
/// `renumber`, asked for, renumber.
#[test]
fn an_unsafe_renumbering_waits_for_unsafe_fixes_or_renumber() {
    let text = "# Notes\n\n### 1. What is A?\n\nA.\n\n### 2. What is B?\n\nB.\n\n\
                ### 3 What is C?\n\nC.\n\n### 4. What is D?\n\nD.\n\n### 5. What is E?\n\nE.\n";
    let renumbered = text.replace("### 4.", "### 3.").replace("### 5.", "### 4.");
    let run = |args: &[&str]| {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("README.md"), text).unwrap();
        Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        fs::read_to_string(tmp.path().join("README.md")).unwrap()
    };
    assert_eq!(run(&["check", "--fix", "."]), text);
    assert_eq!(run(&["check", "--fix", "--unsafe-fixes", "."]), renumbered);
    assert_eq!(run(&["renumber", "."]), renumbered);
}

/// A number too large to read (`Q99999999999999999999999`, `Q18446744073709551615`, the
/// integer type's maximum): QA101 reports it once, with no fix, and renumbering leaves the
/// file alone (renumbering around it made `Q1`, `Q999…`, `Q2`; twice the maximum was a
/// duplicate with no fix while `renumber` said 0).
#[test]
fn a_number_too_large_to_read_is_reported_and_its_series_left_alone() {
    for (text, unreadable) in [
        (
            "## Q1: First?\n\nA.\n\n## Q99999999999999999999999: Second?\n\nB.\n\n## Q3: Third?\n\nC.\n",
            1,
        ),
        (
            "## Q18446744073709551615: a?\n\nx\n\n## Q18446744073709551615: b?\n\ny\n",
            2,
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("README.md"), text).unwrap();
        let check = qalint(tmp.path(), &["--check"]);
        assert_eq!(check.status.code(), Some(0), "{check:?}");
        let json = check_json(tmp.path(), &["--select", "QA1"]);
        let diags = json["diagnostics"].as_array().unwrap();
        let too_large: Vec<_> = diags
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains("too large to read"))
            .collect();
        assert_eq!(too_large.len(), unreadable, "{json}");
        assert!(too_large.iter().all(|d| d["code"] == "QA101"), "{json}");
        assert!(diags.iter().all(|d| d["fix"].is_null()), "{json}");
        assert!(!diags.iter().any(|d| d["code"] == "QA102"), "{json}");
        let out = Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(["check", "--fix"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_eq!(
            fs::read_to_string(tmp.path().join("README.md")).unwrap(),
            text
        );
    }
}

/// Example 1 of the fixing issue: a README whose TOC is written as full URLs of the repository
/// and whose stubs carry each question's number. A contributor inserts a question; `renumber`
/// renumbers, updates the TOC's anchors, lists the new question and moves the stubs: `check`
/// has nothing left to say, with the repository's URL from `origin` or read from the links.
#[test]
fn inserting_a_question_in_a_full_url_toc_repository_leaves_nothing_to_fix() {
    for origin in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let text = fs::read_to_string("fixtures/full-url-toc/README.md").unwrap();
        fs::create_dir_all(tmp.path().join(".git")).unwrap();
        if origin {
            fs::write(
                tmp.path().join(".git/config"),
                "[remote \"origin\"]\n\turl = https://github.com/acme/mlqa.git\n",
            )
            .unwrap();
        }
        let inserted = text.replacen(
            "## Q2: What is a PACS?",
            "## Q2: What is a modality?\n\nA device that makes images. The rest of the answer is [here](https://site.example/answers/#2).\n\n## Q2: What is a PACS?",
            1,
        );
        fs::write(tmp.path().join("README.md"), &inserted).unwrap();
        let run = qalint(tmp.path(), &["-q"]);
        assert_eq!(run.status.code(), Some(0), "origin {origin}: {run:?}");
        let after = fs::read_to_string(tmp.path().join("README.md")).unwrap();
        for want in [
            "- [Q2: What is a modality?](https://github.com/acme/mlqa/#q2-what-is-a-modality)\n",
            "- [Q3: What is a PACS?](https://github.com/acme/mlqa#q3-what-is-a-pacs)\n",
            "(https://github.com/acme/mlqa/blob/main/README.md#q4-what-is-hl7)",
            "An archive. The rest of the answer is [here](https://site.example/answers/#3).",
            "## Q4: What is HL7?",
        ] {
            assert!(
                after.contains(want),
                "origin {origin}: missing {want:?} in\n{after}"
            );
        }
        let json = check_json(tmp.path(), &[]);
        assert_eq!(
            json["diagnostics"],
            serde_json::json!([]),
            "origin {origin}: {json}"
        );
    }
}

/// `Question 17a.` and `17b.`: two questions the author numbered under one number. They are
/// no repeat, and when renumbering moves them they move together, keeping their letters.
#[test]
fn lettered_questions_share_their_number() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join(".qalint.yml"),
        "questions:\n  preset: number-dot\n  pattern: '^Question\\s+(?P<number>[0-9]+)[a-z]?\\.\\s+(?P<title>.*)$'\n  level: 2\n",
    )
    .unwrap();
    let text = "# JS\n\n## Question 1. What is a closure?\n\n## Question 2a. What is hoisting?\n\n## Question 2b. What is the TDZ?\n\n## Question 3. What is a promise?\n";
    fs::write(tmp.path().join("README.md"), text).unwrap();
    let check = qalint(tmp.path(), &["--check"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let json = check_json(tmp.path(), &["--select", "QA1"]);
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json}");
    // A question inserted before them: both move to 3, letters kept.
    let inserted = text.replacen(
        "## Question 2a.",
        "## Question 2. What is scope?\n\n## Question 2a.",
        1,
    );
    fs::write(tmp.path().join("README.md"), &inserted).unwrap();
    let run = qalint(tmp.path(), &["-q"]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let after = fs::read_to_string(tmp.path().join("README.md")).unwrap();
    for want in [
        "## Question 3a. What is hoisting?",
        "## Question 3b. What is the TDZ?",
        "## Question 4. What is a promise?",
    ] {
        assert!(after.contains(want), "missing {want:?} in\n{after}");
    }
}

/// Stub links that do not all carry their question's number are left, and `renumber` says so.
#[test]
fn stub_links_that_do_not_track_the_numbers_are_left_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "# Q\n\n## Q1: What is a tensor?\n\nMore [here](https://site.example/a/#1).\n\n## Q3: What is a graph?\n\nMore [here](https://site.example/a/#3).\n\n## Q4: What is a node?\n\nMore [here](https://site.example/a/#9).\n";
    fs::write(tmp.path().join("README.md"), text).unwrap();
    let run = qalint(tmp.path(), &[]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("left 1 stub link to external answers as it was"),
        "{stdout}"
    );
    let after = fs::read_to_string(tmp.path().join("README.md")).unwrap();
    assert!(
        after.contains("## Q2: What is a graph?\n\nMore [here](https://site.example/a/#3)."),
        "{after}"
    );
}

/// A file that is not UTF-8 is named on stderr and fails the run (exit 2), as `check` does;
/// the readable files are still renumbered.
#[test]
fn an_unreadable_file_is_named_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(".qalint.yml"),
        "questions: {preset: q-colon, level: 2}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("latin1.md"),
        b"## Q1: Qu'est-ce qu'un caf\xe9?\n\nUn lieu.\n\n## Q3: Et un th\xe9?\n\nUne boisson.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("ok.md"),
        "## Q1: What is a?\n\nA.\n\n## Q3: What is b?\n\nB.\n",
    )
    .unwrap();
    let out = qalint(dir.path(), &["--no-cache", "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("latin1.md"), "{stderr}");
    let ok = fs::read_to_string(dir.path().join("ok.md")).unwrap();
    assert!(ok.contains("## Q2: What is b?"), "{ok}");
}

/// A file that lists its questions (`## Questions`, headings with nothing under them), then asks
/// them again with their answers (`## Answers`): the answered headings are the questions, the
/// listed ones their index. No answer is empty and none is asked twice; a listed question whose
/// answer is missing is QA301's, and since renumbering one half would leave the other behind,
/// neither `renumber` nor `check --fix` renumbers the file (QA101 has no fix), and `renumber`
/// says why.
#[test]
fn a_file_that_lists_its_questions_before_answering_them_is_not_renumbered() {
    let heads = [
        "Q1: What is a race condition?",
        "Q2: What is a mutex?",
        "Q3: What is a semaphore?",
        "Q4: What is a deadlock?",
        "Q5: What is livelock?",
    ];
    let listed: String = heads.iter().map(|h| format!("### {h}\n\n")).collect();
    let answer = |skip: &str| -> String {
        heads
            .iter()
            .filter(|h| !h.starts_with(skip))
            .map(|h| format!("### {h}\n\nThe answer.\n\n"))
            .collect()
    };
    let doc = |skip: &str| {
        format!(
            "# Concurrency\n\n## Questions\n\n{listed}## Answers\n\n{}",
            answer(skip)
        )
    };
    let codes = |dir: &Path| -> Vec<(String, u64, bool)> {
        let json = check_json(dir, &["--select", "QA1,QA3,QA4"]);
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap_or(0),
                    d["fix"].is_null(),
                )
            })
            .collect()
    };
    // Complete: nothing to report.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("README.md"), doc("-")).unwrap();
    assert_eq!(codes(tmp.path()), []);
    // Q4's answer is missing: QA301 on the listed Q4, the answers' gap with no fix.
    let text = doc("Q4");
    fs::write(tmp.path().join("README.md"), &text).unwrap();
    let found = codes(tmp.path());
    assert_eq!(
        found
            .iter()
            .map(|(c, line, fix)| (c.as_str(), *line, *fix))
            .collect::<Vec<_>>(),
        [("QA301", 11, true), ("QA101", 29, true)],
        "{found:?}"
    );
    for args in [&["renumber", "."][..], &["check", "--fix", "."]] {
        let run = Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            fs::read_to_string(tmp.path().join("README.md")).unwrap(),
            text,
            "{args:?}"
        );
        if args[0] == "renumber" {
            let said = String::from_utf8_lossy(&run.stdout);
            assert!(said.contains("left README.md as it is"), "{said}");
        }
    }
}

/// `renumber` in a folder leaves a file of the context that continues the sequence as it is,
/// and so the links to it: a file that links to that file keeps its anchors (it was rewritten
/// to the numbers the left file would have had, and every such link broke).
#[test]
fn links_to_a_file_left_unrenumbered_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/renumber");
    for case in ["cross-file", "toc-html-inline"] {
        copy_dir(&root.join(case).join("before"), &tmp.path().join(case));
    }
    fs::create_dir(tmp.path().join(".git")).unwrap();
    let before = tree(tmp.path());
    let out = qalint(&tmp.path().join("toc-html-inline"), &["."]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("cross-file/README.md"), "{said}");
    let after = tree(tmp.path());
    let changed: Vec<&PathBuf> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| &a.0)
        .collect();
    assert!(!changed.is_empty());
    assert!(
        changed.iter().all(|p| p.starts_with("toc-html-inline")),
        "{changed:?}"
    );
}
