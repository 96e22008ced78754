//! `qalint init`: detection of each preset on generated repositories, the written config loads
//! and makes `qalint check` find the questions, refusing to overwrite, `--force`, `--dry-run`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use predicates::prelude::*;
use tempfile::TempDir;

mod common;
use common::qalint;

/// [`common::repo`] with owned names and texts (as the tests below build them).
fn repo(files: &[(String, String)]) -> TempDir {
    common::repo(files)
}

/// `count` questions per file, each made by `q(number)`, under a title and a section.
fn file(count: u64, q: impl Fn(u64) -> String) -> String {
    let mut s = String::from("# Interview questions\n\nSome introduction.\n\n## Basics\n\n");
    for i in 1..=count {
        let _ = write!(s, "{}\n\nThe answer to question {i}.\n\n", q(i));
    }
    s
}

/// Run `init` in `dir`, return the written config text.
fn init(dir: &Path) -> String {
    qalint()
        .args(["init"])
        .arg(dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote"));
    fs::read_to_string(dir.join(".qalint.yml")).unwrap()
}

/// `qalint check` in `dir` exits 0 or 1 (not 2) and finds `questions` questions.
fn check_finds(dir: &Path, questions: u64) {
    let out = qalint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {stderr}",
        out.status.code()
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["questions"].as_u64(), Some(questions), "{v}");
}

#[test]
fn q_colon_repo_is_detected() {
    let files: Vec<(String, String)> = ["ml.md", "stats.md"]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                file(5, |i| format!("## Q{i}: What is thing {i}?")),
            )
        })
        .collect();
    let dir = repo(&files);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: q-colon\n"), "{cfg}");
    assert!(cfg.contains("  level: 2\n"), "{cfg}");
    assert!(cfg.contains("    scope: auto\n"), "{cfg}");
    assert!(cfg.contains("    start: 1\n"), "{cfg}");
    check_finds(dir.path(), 10);
}

#[test]
fn number_dot_level_6_is_detected_over_answer_details() {
    // Lydia Hallie's layout: `###### 1. Title`, the answer folded in `<details>`.
    let text = file(8, |i| {
        format!(
            "###### {i}. What does this print?\n\n```js\nconsole.log({i})\n```\n\n\
             <details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: A\n\nBecause.\n\n</p>\n</details>\n\n---"
        )
    });
    let dir = repo(&[("README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: number-dot\n"), "{cfg}");
    assert!(cfg.contains("  level: 6\n"), "{cfg}");
    assert!(!cfg.contains("pattern:"), "{cfg}");
    check_finds(dir.path(), 8);
}

#[test]
fn list_heading_is_detected() {
    let mut text = String::from("# Questions\n\n");
    for i in 1..=6 {
        let _ = write!(text, "{i}. ### What is concept {i}?\n\n   The answer.\n\n");
    }
    let dir = repo(&[("README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: list-heading\n"), "{cfg}");
    assert!(cfg.contains("  level: 3\n"), "{cfg}");
    check_finds(dir.path(), 6);
}

#[test]
fn quiz_with_localised_prefixes_gets_a_pattern() {
    let files = vec![
        (
            "git/git-quiz.md".to_string(),
            file(6, |i| format!("#### Q{i}. Which command does {i}?")),
        ),
        (
            "git/git-quiz-es.md".to_string(),
            file(5, |i| format!("#### P{i}. ¿Qué comando hace {i}?")),
        ),
        (
            "git/git-quiz-de.md".to_string(),
            file(4, |i| format!("#### F{i}. Welcher Befehl macht {i}?")),
        ),
        (
            "git/git-quiz-es2.md".to_string(),
            file(3, |i| format!("#### Pregunta {i}. ¿Qué hace {i}?")),
        ),
    ];
    let dir = repo(&files);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: quiz\n"), "{cfg}");
    assert!(cfg.contains("  level: 4\n"), "{cfg}");
    assert!(
        cfg.contains(r"  pattern: '^(?:Q|P|F|(?i:Pregunta))\s*(?P<number>[0-9]+)"),
        "{cfg}"
    );
    check_finds(dir.path(), 18);
}

/// A localised word prefix written in lower case once (`## вопрос 3:` among `## Вопрос N.`) is
/// still that question: its number is not "missing", and no renumbering gives two headings `3`.
#[test]
fn a_localised_prefix_matches_in_any_case() {
    let text = file(4, |i| {
        if i == 3 {
            format!("## вопрос {i}: Что такое {i}?")
        } else {
            format!("## Вопрос {i}. Что такое {i}?")
        }
    });
    let dir = repo(&[("README.md".to_string(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains(r"pattern: '^(?:(?i:Вопрос))\s*"), "{cfg}");
    check_finds(dir.path(), 4);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--select", "QA1"])
        .assert()
        .code(0);
}

/// `Question #12:` and `Q No. 12:` number their questions: the number is read (it was taken
/// for part of an unnumbered title, so a repeat or a gap went unseen).
#[test]
fn a_prefix_with_a_number_sign_or_no_is_read() {
    for (prefix, written) in [("Question #", r"Question \#"), ("Q No. ", r"Q No\.")] {
        let text = file(4, |i| {
            let n = if i == 4 { 5 } else { i };
            format!("## {prefix}{n}: What is {i}?")
        });
        let dir = repo(&[("README.md".to_string(), text)]);
        let cfg = init(dir.path());
        assert!(cfg.contains(&format!("(?i:{written})")), "{cfg}");
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "--select", "QA1"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("QA101"), "{prefix}: {stdout}");
    }
}

/// `### 12 - Title` (with a hyphen, an en dash or an em dash) and `### [12] Title` number their
/// questions: detected with and without a config (the first was not detected at all, the
/// second read as unnumbered titles), the number read, so a gap (QA101) and a repeat (QA102)
/// are found; the dash or the brackets stay out of the title (no QA001, no QA003).
#[test]
fn a_bare_number_before_a_dash_or_in_brackets_is_read() {
    for (written, shape, canonical) in [
        ("{n} - ", "'### 12 - Title'", "'{number} - {title}'"),
        ("{n} – ", "'### 12 – Title'", "'{number} – {title}'"),
        ("{n} — ", "'### 12 — Title'", "'{number} — {title}'"),
        ("[{n}] ", "'### [12] Title'", "'[{number}] {title}'"),
    ] {
        // 1, 2, 3, 5, 5, 6: `4` is missing and `5` is used twice.
        let text = file(6, |i| {
            let n = if i == 4 { 5 } else { i };
            let title = if i % 2 == 0 {
                format!("Explain topic {i}")
            } else {
                format!("What is object {i}?")
            };
            format!("### {}{title}", written.replace("{n}", &n.to_string()))
        });
        let dir = repo(&[("README.md".into(), text)]);
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--no-color"])
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(stderr.contains(&format!("{shape} at level 3")), "{stderr}");
        assert!(
            stdout.contains("QA101") && stdout.contains("QA102"),
            "{stdout}"
        );
        assert!(
            !stdout.contains("QA001") && !stdout.contains("QA003"),
            "{stdout}"
        );
        let cfg = init(dir.path());
        assert!(
            cfg.contains(&format!("  canonical: {canonical}\n")),
            "{cfg}"
        );
        // The comment names the form, not an empty or bracket "prefix".
        let form = if written.starts_with('[') {
            "`[12] Title`"
        } else {
            "`12 - Title`"
        };
        assert!(
            cfg.contains(&format!("numbered headings at level 3 written {form}")),
            "{cfg}"
        );
        assert!(!cfg.contains("prefix"), "{cfg}");
        check_finds(dir.path(), 6);
        let mut found = codes(dir.path());
        found.sort();
        assert_eq!(found, ["QA101", "QA102"], "{written}: {cfg}");
    }
}

/// Bold questions numbered the same ways (`**12 - Title?**`, `**[12] Title?**`) are read as
/// numbered too: the dash or the brackets stay out of the title, and a gap is found.
#[test]
fn bold_questions_with_a_dash_or_brackets_are_numbered() {
    for written in ["{n} - ", "[{n}] "] {
        let text = file(5, |i| {
            let n = if i >= 4 { i + 1 } else { i };
            format!(
                "**{}What is thing {i}?**",
                written.replace("{n}", &n.to_string())
            )
        });
        let dir = repo(&[("README.md".into(), text)]);
        let cfg = init(dir.path());
        assert!(cfg.contains("preset: bold\n  pattern: "), "{cfg}");
        let out = qalint()
            .current_dir(dir.path())
            .args(["stats", "--format", "json"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("\"What is thing 3?\""), "{stdout}");
        assert_eq!(codes(dir.path()), ["QA101"], "{written}: {cfg}");
    }
}

/// A bare number before a dash or in brackets numbers questions only in a run of headings that
/// ask something, with numbers that count: years, ranges of years of experience, version
/// numbers, a changelog's numbered items and a paper's references are no questions.
#[test]
fn dashes_and_brackets_that_do_not_number_questions_are_not_a_convention() {
    let docs = [
        "# Changelog\n\n## 2021 - Year in review\n\nA.\n\n## 2020 - Year in review\n\nB.\n\n\
         ## 2019 - Year in review\n\nC.\n\n### 1 - Added support for X\n\n### 2 - Fixed Y\n\n\
         ### 3 - Removed Z\n",
        "# News\n\n## 2019 - What changed?\n\nA.\n\n## 2020 - What changed?\n\nB.\n\n\
         ## 2021 - What changed?\n\nC.\n",
        "# Levels\n\n## 0 - 1 years of experience\n\nJunior.\n\n## 2 - 3 years of experience\n\n\
         Mid.\n\n## 4 - 6 years of experience\n\nSenior.\n\n### 1.2 - Release notes\n\n\
         ### 1.3 - Release notes\n\n### 1.4 - Release notes\n",
        "# A paper\n\nText [1] and [2].\n\n## References\n\n### [1] Knuth, The Art of Computer \
         Programming\n\n### [2] Dijkstra, Go To Statement Considered Harmful\n\n\
         ### [3] Hoare, Quicksort\n\n### [4] Turing, On Computable Numbers\n",
    ];
    for doc in docs {
        let dir = repo(&[("README.md".into(), doc.to_string())]);
        let cfg = init(dir.path());
        assert!(cfg.contains("no question convention found"), "{doc}\n{cfg}");
        check_finds(dir.path(), 0);
    }
}

/// The weak forms need numbers that count questions: a newest-first list of episodes, a
/// countdown and bibliography numbers are no convention, with or without a config, so nothing
/// is renumbered; a count from 1 with gaps, or one continuing the previous file's, is one.
#[test]
fn dashes_and_brackets_need_numbers_that_count() {
    let docs = [
        "# Episodes\n\nNewest first.\n\n## 153 - How do you run Postgres on Kubernetes?\n\nA.\n\n\
         ## 152 - What is platform engineering?\n\nB.\n\n## 150 - Is GraphQL worth it?\n\nC.\n\n\
         ## 149 - Why did we leave microservices?\n\nD.\n",
        "# Top 5\n\n## 5 - Why is Go simple?\n\nA.\n\n## 4 - Why is Zig fast?\n\nB.\n\n\
         ## 3 - What is Nim?\n\nC.\n\n## 2 - Why is Python loved?\n\nD.\n\n\
         ## 1 - Why is Rust loved?\n\nE.\n",
        "# Paper notes\n\nCited by their number in our bibliography.\n\n\
         ## [4] What Does BERT Look At?\n\nCompare with [7].\n\n## [7] Is Attention Explanation?\n\n\
         [9] argues the opposite.\n\n## [9] Attention is not not Explanation\n\nYes.\n\n\
         ## [12] What do Translation Models Learn about Morphology?\n\nMuch.\n",
    ];
    for doc in docs {
        let dir = repo(&[("README.md".into(), doc.to_string())]);
        qalint()
            .current_dir(dir.path())
            .args(["check", "--fix"])
            .assert()
            .code(0);
        assert_eq!(
            fs::read_to_string(dir.path().join("README.md")).unwrap(),
            doc
        );
        let cfg = init(dir.path());
        assert!(cfg.contains("no question convention found"), "{doc}\n{cfg}");
        check_finds(dir.path(), 0);
    }
    // Numbering across files: the second file continues the first's.
    let part = |from: u64| {
        file(4, |i| {
            let n = from + i - 1;
            format!("### {n} - What is thing {n}?")
        })
    };
    let dir = repo(&[("a.md".into(), part(1)), ("b.md".into(), part(5))]);
    let cfg = init(dir.path());
    assert!(cfg.contains("canonical: '{number} - {title}'"), "{cfg}");
    check_finds(dir.path(), 8);
}

/// A file of `### 12 - Title` questions never hides another file's `### 12.` questions: the
/// stronger form is read, its gap found, and the dash headings are near misses whose fix
/// (a restyle of the whole file) is unsafe, so `--fix` leaves them as they are.
#[test]
fn a_dash_file_does_not_hide_numbered_headings() {
    let js = file(5, |i| format!("### {i} - What is JS thing {i}?"));
    let py = file(3, |i| {
        let n = if i == 3 { 4 } else { i };
        format!("### {n}. What is Python thing {n}?")
    });
    let dir = repo(&[("js.md".into(), js.clone()), ("py.md".into(), py)]);
    let mut found = codes(dir.path());
    found.sort();
    found.dedup();
    assert_eq!(found, ["QA001", "QA101"]);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--fix"])
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(dir.path().join("js.md")).unwrap(), js);
    let cfg = init(dir.path());
    assert!(cfg.contains("preset: number-dot"), "{cfg}");
}

/// A file in the dash form beside one in the bracket form: one pattern reads one form, so
/// the more common one is read (its gap found) and init says the other was set aside.
#[test]
fn dash_and_bracket_files_read_the_more_common_form() {
    let js = file(4, |i| {
        let n = if i == 4 { 5 } else { i };
        format!("### {n} - What is JS thing {n}?")
    });
    let css = file(3, |i| format!("### [{i}] What is CSS thing {i}?"));
    let dir = repo(&[("js.md".into(), js), ("css.md".into(), css)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["init", "--dry-run"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`[12] Title` headings: 3, beside the more common `12 - Title`"),
        "{stderr}"
    );
    assert_eq!(codes(dir.path()), ["QA101"]);
}

/// Near misses of the weak forms (`3- Title?`, `5. Title?`, `[6]Title?`, `7] Title?`) are
/// QA001 findings with a safe fix, and their numbers are not called missing.
#[test]
fn near_misses_of_dashes_and_brackets_are_reported() {
    for written in [
        ["{n} - ", "{n}- ", "{n} -", "{n}. ", "{n} : "],
        ["[{n}] ", "[{n}]", "{n}] ", "[{n}) ", "[{n}]"],
    ] {
        let text = file(7, |i| {
            let form = if (3..=6).contains(&i) {
                written[i as usize - 2]
            } else {
                written[0]
            };
            format!(
                "### {}What is thing {i}?",
                form.replace("{n}", &i.to_string())
            )
        });
        let dir = repo(&[("README.md".into(), text)]);
        assert_eq!(codes(dir.path()), ["QA001"; 4], "{written:?}");
        qalint()
            .current_dir(dir.path())
            .args(["check", "--fix"])
            .assert()
            .code(0);
    }
}

/// Problem IDs (`### 1. Two Sum`, `### 15. 3Sum`), in one file or one per file named by its
/// number, are not a count: init says so, and no numbering finding or renumbering touches them.
#[test]
fn problem_ids_are_not_a_count() {
    let ids = "# LeetCode\n\n### 1. Two Sum\n\nHash map.\n\n### 15. 3Sum\n\nTwo pointers.\n\n\
               ### 56. Merge Intervals\n\nSort.\n";
    let per_file = |n: u64| {
        (
            format!("problems/{n:04}.md"),
            format!("# {n}. Problem {n}\n\n## Solution\n\nA map.\n"),
        )
    };
    for files in [
        vec![("README.md".to_string(), ids.to_string())],
        vec![per_file(1), per_file(20), per_file(146)],
    ] {
        let dir = repo(&files);
        let cfg = init(dir.path());
        assert!(
            cfg.contains("# numbers look like identifiers (1, "),
            "{cfg}"
        );
        qalint()
            .current_dir(dir.path())
            .args(["check", "--select", "QA1"])
            .assert()
            .code(0);
        qalint()
            .current_dir(dir.path())
            .args(["renumber", "--check"])
            .assert()
            .code(0);
    }
}

/// One prefix other than `Q` is written back as the headings write it: `P5`, not `P 5`, in the
/// canonical format (which QA101's messages use) and on the convention line.
#[test]
fn a_single_prefix_keeps_its_spacing() {
    let text = file(5, |i| {
        let n = if i == 4 { 5 } else { i };
        format!("#### P{n}. ¿Qué es {n}?")
    });
    let dir = repo(&[("README.md".to_string(), text)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stderr.contains("'#### P12. Title'"), "{stderr}");
    assert!(
        stdout.contains("`P5` follows `P3`: `P4` is missing"),
        "{stdout}"
    );
    let cfg = init(dir.path());
    assert!(cfg.contains("  canonical: 'P{number}. {title}'\n"), "{cfg}");
    let dir = repo(&[(
        "README.md".to_string(),
        file(4, |i| format!("#### P {i}. ¿Qué es {i}?")),
    )]);
    assert!(init(dir.path()).contains("  canonical: 'P {number}. {title}'\n"));
}

/// When detection finds titles without `?` to be the house style, the convention line says
/// that QA003 does not ask for one, so a missing finding has its reason in sight.
#[test]
fn the_convention_line_names_the_house_style_without_question_marks() {
    let text = file(12, |i| {
        if i <= 3 {
            format!("## Q{i}: What is {i}?")
        } else {
            format!("## Q{i}: What is {i}")
        }
    });
    let dir = repo(&[("a.md".to_string(), text)]);
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "titles without `?` are the house style (only 3 of 12 carry one): QA003 does not ask \
             for `?`"
        ),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("QA003"));
}

#[test]
fn prefix_with_a_dash_keeps_the_dash_out_of_the_title() {
    // `## Question 1 — Title`: the dash separates, as `.` or `:` would.
    let text = file(4, |i| format!("## Question {i} — What is object {i}"));
    let dir = repo(&[("README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(
        cfg.contains("  canonical: 'Question {number} — {title}'\n"),
        "{cfg}"
    );
    let out = qalint()
        .current_dir(dir.path())
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("What is object 3"), "{stdout}");
    assert!(!stdout.contains("— What is"), "{stdout}");
    // The run without a config describes the convention as written.
    let dir = repo(&[(
        "README.md".into(),
        file(4, |i| format!("## Question {i} — What is object {i}")),
    )]);
    qalint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .stderr(predicate::str::contains(
            "'## Question 12 — Title' at level 2",
        ));
}

#[test]
fn no_convention_found_does_not_call_the_default_preset_unnumbered() {
    // Questions written as HTML headings are not recognised: the defaults' `q-colon` (numbered)
    // is written, and its comment must not say the numbering rules stay silent.
    let text = "# Questions\n\n<h3 id=\"q1\">1. What is a pod?</h3>\n\nA unit.\n";
    let dir = repo(&[("README.md".into(), text.into())]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: q-colon\n"), "{cfg}");
    assert!(!cfg.contains("Unnumbered"), "{cfg}");
    assert!(cfg.contains("# Numbering: the defaults"), "{cfg}");
}

#[test]
fn details_repo_is_detected() {
    let text = file(7, |i| {
        format!(
            "<details>\n<summary>What is service {i}?</summary><br><b>\n\nAn answer.\n</b></details>"
        )
    });
    let dir = repo(&[("topics/aws/README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: details\n"), "{cfg}");
    assert!(!cfg.contains("numbering:"), "{cfg}");
    check_finds(dir.path(), 7);
}

#[test]
fn bold_repo_is_detected() {
    let text = file(9, |i| format!("**What is model {i}? 👶**"));
    let dir = repo(&[("theory.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: bold\n"), "{cfg}");
    check_finds(dir.path(), 9);
}

#[test]
fn numbers_continuing_across_files_give_repository_scope() {
    let files = vec![
        (
            "a.md".to_string(),
            file(4, |i| format!("## Q{i}: What is {i}?")),
        ),
        (
            "b.md".to_string(),
            file(4, |i| format!("## Q{}: What is {i}?", i + 4)),
        ),
        (
            "c.md".to_string(),
            file(4, |i| format!("## Q{}: What is {i}?", i + 8)),
        ),
    ];
    let dir = repo(&files);
    let cfg = init(dir.path());
    assert!(cfg.contains("    scope: repository\n"), "{cfg}");
    check_finds(dir.path(), 12);
}

#[test]
fn numbers_restarting_under_sections_give_auto_scope_and_start_0() {
    let mut text = String::from("# Questions\n\n");
    for sec in ["Basics", "Advanced", "Expert"] {
        let _ = write!(text, "## {sec}\n\n");
        for i in 0..4 {
            let _ = write!(text, "### {i}. What is {sec} {i}?\n\nIts answer.\n\n");
        }
    }
    let dir = repo(&[("README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: number-dot\n"), "{cfg}");
    // `auto`: a restart at a section heading begins a new sequence.
    assert!(cfg.contains("    scope: auto\n"), "{cfg}");
    assert!(cfg.contains("    start: 0\n"), "{cfg}");
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .assert()
        .code(0);
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = repo(&[("a.md".into(), file(3, |i| format!("## Q{i}: What is {i}?")))]);
    fs::write(dir.path().join(".qalint.yml"), "# mine\n").unwrap();
    qalint()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        fs::read_to_string(dir.path().join(".qalint.yml")).unwrap(),
        "# mine\n"
    );
    // Another config name counts too.
    fs::remove_file(dir.path().join(".qalint.yml")).unwrap();
    fs::write(dir.path().join("qalint.yml"), "# mine\n").unwrap();
    qalint().arg("init").arg(dir.path()).assert().code(2);
    fs::remove_file(dir.path().join("qalint.yml")).unwrap();

    fs::write(dir.path().join(".qalint.yml"), "# mine\n").unwrap();
    qalint()
        .args(["init", "--force"])
        .arg(dir.path())
        .assert()
        .code(0);
    let cfg = fs::read_to_string(dir.path().join(".qalint.yml")).unwrap();
    assert!(cfg.contains("preset: q-colon"), "{cfg}");
}

#[test]
fn dry_run_prints_the_config_and_writes_nothing() {
    let dir = repo(&[("a.md".into(), file(3, |i| format!("### {i}. What is {i}?")))]);
    fs::write(dir.path().join(".qalint.yml"), "# mine\n").unwrap();
    let out = qalint()
        .args(["init", "--dry-run"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert!(yaml.contains("  preset: number-dot\n"), "{yaml}");
    assert!(yaml.starts_with("# Written by `qalint init`"), "{yaml}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("why:"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join(".qalint.yml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn generated_configs_load() {
    // Each convention's config goes through the same loader as `check` (and `init` checks it).
    for text in [
        file(3, |i| format!("## Q{i}: What is {i}?")),
        file(3, |i| format!("**What is {i}?**")),
        file(3, |i| format!("### What is {i}?")),
        String::from("# Nothing here\n\nJust prose.\n"),
    ] {
        let dir = repo(&[("a.md".into(), text)]);
        let out = qalint()
            .args(["init", "--dry-run"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let yaml = String::from_utf8(out.stdout).unwrap();
        qalint::detect::validate(&yaml, &dir.path().join(".qalint.yml"))
            .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    }
}

#[test]
fn path_that_is_not_a_directory_is_an_error() {
    qalint()
        .args(["init", "/nonexistent/qalint-init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`/nonexistent/qalint-init`: no such directory",
        ));
    let file = tempfile::NamedTempFile::new().unwrap();
    qalint()
        .args(["init"])
        .arg(file.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory"));
}

/// A `_backup/` folder that mirrors the live files: `init` excludes it, so no live question is
/// reported as a duplicate of its own copy; a run without a config does the same.
#[test]
fn backup_copies_are_excluded() {
    let a = file(5, |i| format!("## Q{i}: What is alpha {i}?"));
    let b = file(5, |i| format!("## Q{i}: What is beta {i}?"));
    let files = vec![
        ("a.md".to_string(), a.clone()),
        ("b.md".to_string(), b.clone()),
        ("_backup/a.md".to_string(), a),
        ("_backup/b.md".to_string(), b),
        // A translation has the same file name but its own text: not a copy.
        (
            "fr/a.md".to_string(),
            file(5, |i| format!("## Q{i}: Qu'est-ce que alpha {i} ?")),
        ),
    ];
    let dir = repo(&files);
    let out = qalint()
        .args(["check", "--format", "concise", "--select", "QA401"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.stdout.starts_with(b"0 errors"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let cfg = init(dir.path());
    assert!(cfg.contains("exclude: ['_backup/**']"), "{cfg}");
    assert!(cfg.contains("`_backup/` holds copies"), "{cfg}");
    check_finds(dir.path(), 15);
    qalint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--select", "QA401"])
        .assert()
        .code(0)
        .stdout("0 errors, 0 warnings in 3 files (15 questions)\n");
}

/// `Step 1`, `Scenario 2` number other series than the questions: never in the question pattern.
#[test]
fn other_numbered_series_stay_out_of_the_pattern() {
    let mut text = String::from("# Quiz\n\n");
    for i in 1..=6 {
        let _ = write!(text, "#### Q{i}. What is thing {i}?\n\nAnswer.\n\n");
    }
    for i in 1..=4 {
        let _ = write!(text, "#### P{i}. Qu'est-ce que {i} ?\n\nRéponse.\n\n");
    }
    for i in 1..=5 {
        let _ = write!(text, "#### Step {i}. Install part {i}\n\nRun it.\n\n");
        let _ = write!(text, "#### Scenario {i}. Outage {i}\n\nRecover.\n\n");
    }
    let dir = repo(&[("README.md".to_string(), text)]);
    let cfg = init(dir.path());
    let pattern = cfg
        .lines()
        .find(|l| l.trim_start().starts_with("pattern:"))
        .unwrap_or("");
    assert!(pattern.contains("P|") || pattern.contains("|P"), "{cfg}");
    assert!(
        !pattern.contains("Step") && !pattern.contains("Scenario"),
        "{cfg}"
    );
}

/// The outline fixtures as repositories of their own: `init` writes a config under which
/// `check` gives exactly the heading and numbering findings the fixtures mark, and nothing else
/// of those families (sub-headings, restarts, per-file levels, number-only headings).
#[test]
fn init_on_each_outline_fixture_gives_exactly_its_findings() {
    for name in [
        "QA002-sub-headings",
        "QA102-sub-headings",
        "QA101-auto",
        "QA102-auto",
        "QA104-auto",
        "QA002-file-level",
        "QA003-number-only",
        "QA101-series",
        "QA003-house-style",
        "QA101-range",
        "QA002-section-level",
        "QA401-number-only",
        "QA502-number-only",
        "QA501-two-tocs",
        "QA301-number-only",
        "QA104-far-start",
    ] {
        let src = Path::new("fixtures").join(name);
        let mut files = Vec::new();
        for e in fs::read_dir(&src).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                files.push((n, fs::read_to_string(&p).unwrap()));
            }
        }
        let dir = repo(&files);
        init(dir.path());
        // Expected: `<!-- expect: CODE [@+N] -->` marks the next line (or N lines further), as
        // in tests/rules.rs.
        let mut want = std::collections::BTreeSet::new();
        for (n, text) in &files {
            for (i, line) in text.lines().enumerate() {
                if let Some(rest) = line.trim().strip_prefix("<!-- expect: ") {
                    let code = &rest[..5];
                    let ahead = rest[5..]
                        .trim_start()
                        .strip_prefix("@+")
                        .and_then(|r| r.split_whitespace().next())
                        .and_then(|k| k.parse::<usize>().ok())
                        .map_or(1, |k| k + 1);
                    want.insert((code.to_string(), n.clone(), i + 1 + ahead));
                }
            }
        }
        let out = qalint()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: std::collections::BTreeSet<(String, String, usize)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                // The heading and numbering families, and the fixture's own.
                let c = d["code"].as_str().unwrap();
                c.starts_with("QA0") || c.starts_with("QA1") || c.starts_with(&name[..3])
            })
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["path"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn numbered_sub_headings_that_outnumber_the_questions_are_not_taken_for_them() {
    // Four questions at level 3; two answers list their parts as numbered level-4 headings,
    // more of them than there are questions. Those do not ask: the questions are at level 3.
    let mut text = String::from("# Design questions\n\n");
    for (i, parts) in [(1, 5), (2, 0), (3, 7), (4, 0)] {
        let _ = write!(text, "### {i}. What is principle {i}?\n\nIt has parts.\n\n");
        for p in 1..=parts {
            let _ = write!(text, "#### {p}. Part {p}\n\nA part.\n\n");
        }
    }
    let dir = repo(&[("design.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: number-dot\n"), "{cfg}");
    assert!(cfg.contains("  level: 3\n"), "{cfg}");
    check_finds(dir.path(), 4);
    // Without a config too: the parts are never renumbered as questions.
    fs::remove_file(dir.path().join(".qalint.yml")).unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["check", "--no-cache"])
        .assert()
        .code(0);
}

#[test]
fn titles_that_are_not_questions_keep_the_level_with_the_most() {
    // Topic titles at level 3 (none asks), one numbered sub-question at level 4: level 3.
    let mut text = String::from("# Python\n\n");
    for i in 1..=6 {
        let _ = write!(text, "### {i}. Topic {i}\n\nNotes.\n\n");
    }
    text.push_str("#### 1. What does it capture?\n\nNames.\n\n");
    let dir = repo(&[("faq.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  level: 3\n"), "{cfg}");
}

/// The codes `check --format json` reports in `dir`, with the config found there (or none).
fn codes(dir: &Path) -> Vec<String> {
    let out = qalint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn numbered_bold_questions_get_a_pattern_that_reads_the_number() {
    // `**1. Title?**` with a gap (3 missing) and `**Q1. Title?**` with a duplicate: numbered,
    // with or without a config.
    for (q, want) in [
        (
            (|i: u64| format!("**{}. What is list {i}?**", [1, 2, 4, 5, 6][i as usize - 1]))
                as fn(u64) -> String,
            "QA101",
        ),
        (
            |i: u64| format!("**Q{}. What is set {i}?**", [1, 2, 2, 3, 4][i as usize - 1]),
            "QA102",
        ),
    ] {
        let dir = repo(&[("README.md".into(), file(5, q))]);
        assert_eq!(codes(dir.path()), [want], "zero-config");
        let cfg = init(dir.path());
        assert!(cfg.contains("  preset: bold\n"), "{cfg}");
        assert!(cfg.contains("(?P<number>[0-9]+)"), "{cfg}");
        assert!(!cfg.contains("Unnumbered"), "{cfg}");
        assert!(cfg.contains("    start: 1\n"), "{cfg}");
        assert_eq!(codes(dir.path()), [want], "{cfg}");
        check_finds(dir.path(), 5);
    }
}

#[test]
fn numbered_bold_steps_do_not_number_bold_questions() {
    // Unnumbered bold questions whose answers list numbered bold steps (more steps than
    // questions, none asking): the questions stay unnumbered bold paragraphs.
    let mut text = String::from("# Setup questions\n\n");
    for i in 1..=4 {
        let _ = write!(text, "**What is tool {i}?**\n\nA tool.\n\n");
        for s in 1..=3 {
            let _ = write!(text, "**{s}. Install part {s}**\n\nRun it.\n\n");
        }
    }
    // A few numbered questions among many unnumbered ones are not the convention either.
    let mut mixed = String::from("# Questions\n\n");
    for i in 1..=6 {
        let _ = write!(mixed, "**What is model {i}?**\n\nA model.\n\n");
    }
    for i in 1..=3 {
        let _ = write!(mixed, "**{i}. Why use model {i}?**\n\nBecause.\n\n");
    }
    for text in [text, mixed] {
        let dir = repo(&[("README.md".into(), text)]);
        let cfg = init(dir.path());
        assert!(cfg.contains("  preset: bold\n"), "{cfg}");
        assert!(!cfg.contains("pattern:"), "{cfg}");
        assert!(cfg.contains("Unnumbered"), "{cfg}");
    }
}

#[test]
fn q_dot_and_hash_headings_are_numbered_each_at_its_level() {
    // `### Q.1 Title` in one file (a gap), `## #1 Title` in another (a duplicate).
    let sql = file(4, |i| {
        format!("### Q.{} What is key {i}?", [1, 2, 4, 5][i as usize - 1])
    });
    let git = file(4, |i| {
        format!(
            "## #{} What does command {i} do?",
            [1, 2, 2, 3][i as usize - 1]
        )
    });
    let dir = repo(&[("sql.md".into(), sql), ("git.md".into(), git)]);
    let mut zero = codes(dir.path());
    zero.sort();
    assert_eq!(zero, ["QA101", "QA102"], "zero-config");
    let cfg = init(dir.path());
    assert!(
        cfg.contains(r"  pattern: '^(?:\#|Q\.)\s*(?P<number>"),
        "{cfg}"
    );
    assert!(!cfg.contains("  level: "), "{cfg}");
    let mut got = codes(dir.path());
    got.sort();
    assert_eq!(got, ["QA101", "QA102"], "{cfg}");
    check_finds(dir.path(), 8);
    // One form alone gets its canonical form, written as the headings write it.
    let dir = repo(&[(
        "git.md".into(),
        file(4, |i| format!("## #{i} What does command {i} do?")),
    )]);
    let cfg = init(dir.path());
    assert!(cfg.contains("  canonical: '#{number} {title}'\n"), "{cfg}");
    assert!(cfg.contains("  level: 2\n"), "{cfg}");
}

#[test]
fn a_cheat_sheet_with_a_few_asking_sections_has_no_question_convention() {
    // 3 of 13 sections ask something: topics, not unnumbered questions (no `Tries` "question"
    // with an empty answer).
    let mut text = String::from("# Big-O Cheat Sheet\n\n");
    for t in [
        "Why Big-O?",
        "What is amortized time?",
        "How to choose a data structure",
        "Arrays",
        "Sorting",
        "Graphs",
        "Heaps",
        "Hash Tables",
        "Strings",
        "Trees",
        "Further reading",
        "License",
    ] {
        let _ = write!(text, "## {t}\n\nNotes.\n\n");
    }
    text.push_str("## Tries\n\n");
    let dir = repo(&[("README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(cfg.contains("no question convention found"), "{cfg}");
    assert!(
        cfg.contains("3 at level 2 ask something, of 13: too few for a convention"),
        "{cfg}"
    );
    assert_eq!(codes(dir.path()), Vec::<String>::new());
}

#[test]
fn behavioural_headings_that_tell_or_ask_are_unnumbered_questions() {
    // "Tell me about a time…" asks as much as "Describe…"; section headings at another level.
    let text = "# Behavioral\n\n## Leadership\n\n### Tell me about a time you led a team.\n\nS.\n\n\
                ### Describe a conflict you solved\n\nS.\n\n## Failure\n\n\
                ### What is your biggest weakness?\n\nS.\n\n### Tell me about a failure.\n\nTBD\n";
    let dir = repo(&[("README.md".into(), text.into())]);
    let cfg = init(dir.path());
    assert!(
        cfg.contains("4 of 4 level-3 headings ask something"),
        "{cfg}"
    );
    assert_eq!(codes(dir.path()), vec!["QA301".to_string()]);
}

#[test]
fn numbered_sections_that_do_not_ask_are_said_to_be_sections() {
    let mut text = String::from("# Git\n\n");
    for (i, t) in ["Setup", "Basics", "Branches", "What is HEAD?"]
        .iter()
        .enumerate()
    {
        let _ = write!(text, "## {}. {t}\n\nNotes.\n\n", i + 1);
    }
    let dir = repo(&[("README.md".into(), text)]);
    let cfg = init(dir.path());
    assert!(
        cfg.contains("only 1 of them ask something: numbered sections more than questions"),
        "{cfg}"
    );
}

#[test]
fn one_question_per_file_keeps_the_index_linted_for_links() {
    // The questions live in `questions/`; the README index links to a missing one. Question
    // rules stay off in the README (its `# Questions` title is no question), links are checked.
    let q = |t: &str| format!("# {t}\n\nAn answer about {t}.\n");
    let dir = repo(&[
        (
            "README.md".into(),
            "# Questions\n\n- [What is a?](questions/what-is-a.md)\n- [What is d?](questions/what-is-d.md)\n"
                .into(),
        ),
        ("questions/what-is-a.md".into(), q("What is a?")),
        ("questions/what-is-b.md".into(), q("What is b?")),
        ("questions/what-is-c.md".into(), q("What is c?")),
    ]);
    let cfg = init(dir.path());
    assert!(
        cfg.contains("question-files: ['questions/**/*.md']\n"),
        "{cfg}"
    );
    assert!(!cfg.contains("include:"), "{cfg}");
    assert_eq!(codes(dir.path()), vec!["QA303".to_string()]);
    check_finds(dir.path(), 3);
}

/// A full-width colon (`Q1：`, `質問1：`) is a colon: CJK headings written so are numbered, with
/// and without a config, and init's canonical form writes it without a space.
#[test]
fn full_width_colons_number_cjk_headings() {
    for (q, want, canonical) in [
        (
            (|i: u64| {
                format!(
                    "### Q{}：Reactとは何ですか？{i}",
                    [1, 2, 4, 5, 6][i as usize - 1]
                )
            }) as fn(u64) -> String,
            "QA101",
            None,
        ),
        (
            |i: u64| {
                format!(
                    "### 質問{}：JSXとは何ですか？{i}",
                    [1, 2, 2, 3, 4][i as usize - 1]
                )
            },
            "QA102",
            Some("canonical: '質問{number}：{title}'"),
        ),
    ] {
        let dir = repo(&[("README.md".into(), file(5, q))]);
        assert_eq!(codes(dir.path()), [want], "zero-config");
        let cfg = init(dir.path());
        assert!(!cfg.contains("Unnumbered"), "{cfg}");
        if let Some(c) = canonical {
            assert!(cfg.contains(c), "{cfg}");
        }
        assert_eq!(codes(dir.path()), [want], "{cfg}");
        check_finds(dir.path(), 5);
    }
}

/// `<summary>1. Title?</summary>` (a gap) and `<summary><b>Q1. Title?</b></summary>` (a
/// duplicate): numbered summaries are numbered questions, with or without a config.
#[test]
fn numbered_summaries_get_a_pattern_that_reads_the_number() {
    for (q, want) in [
        (
            (|i: u64| {
                let n = [1, 2, 4, 5, 6][i as usize - 1];
                format!(
                    "<details>\n<summary>{n}. What is a pod {i}?</summary>\n\nA pod.\n\n</details>"
                )
            }) as fn(u64) -> String,
            "QA101",
        ),
        (
            |i: u64| {
                let n = [1, 2, 2, 3, 4][i as usize - 1];
                format!(
                    "<details>\n<summary><b>Q{n}. What is a node {i}?</b></summary>\n\nA node.\n\n</details>"
                )
            },
            "QA102",
        ),
    ] {
        let dir = repo(&[("README.md".into(), file(5, q))]);
        assert_eq!(codes(dir.path()), [want], "zero-config");
        let cfg = init(dir.path());
        assert!(cfg.contains("  preset: details\n"), "{cfg}");
        assert!(cfg.contains("(?P<number>[0-9]+)"), "{cfg}");
        assert!(!cfg.contains("Unnumbered"), "{cfg}");
        assert_eq!(codes(dir.path()), [want], "{cfg}");
        check_finds(dir.path(), 5);
    }
}

/// `**Q1:** Title?` then `**A:** answer`: a bold question label and the question after it are a
/// numbered bold question, with or without a config; an answer on the label's next line is
/// its answer, and `**Note:** …?` or `**1.** Install?` are no questions.
#[test]
fn bold_question_labels_are_numbered_questions() {
    let q = |i: u64| {
        let n = [1, 2, 2, 3, 4][i as usize - 1];
        if i == 3 {
            format!("**Q{n}:** What is a label {i}?\nIt is answered on the next line.")
        } else {
            format!(
                "**Q{n}:** What is a label {i}?\n\n**A:** An answer.\n\n**Note:** is it?\n\n**1.** Install it?"
            )
        }
    };
    let dir = repo(&[("README.md".into(), file(5, q))]);
    assert_eq!(codes(dir.path()), ["QA102"], "zero-config");
    let cfg = init(dir.path());
    assert!(cfg.contains("  preset: bold\n"), "{cfg}");
    assert!(cfg.contains("(?P<number>[0-9]+)"), "{cfg}");
    assert_eq!(codes(dir.path()), ["QA102"], "{cfg}");
    check_finds(dir.path(), 5);
}
