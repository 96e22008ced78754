//! Runs qalint over the real repositories in `../shared/corpora` with the config that fits each
//! (`scripts/corpora/<name>.yml`). Skips cleanly when the corpora are absent (a user's clone).
//! Asserts what must hold on real data: no panic, no I/O or config error, and the question model
//! finds (about) every question the corpus is known to hold.

use std::path::Path;

use assert_cmd::Command;

/// (corpus folder, minimum number of questions the model must find)
const CORPORA: &[(&str, u64)] = &[
    ("alexeygrigorev__data-science-interviews", 160),
    ("lydiahallie__javascript-questions", 2500),
    ("bregman-arie__devops-exercises", 3400),
    ("Ebazhanov__linkedin-skill-assessments-quizzes", 20500),
    (
        "datascienceinterviews__datascienceinterviews.github.io",
        900,
    ),
];

#[test]
fn corpora_lint_without_errors_and_find_their_questions() {
    let root = Path::new("../shared/corpora");
    if !root.is_dir() {
        eprintln!("skipping: ../shared/corpora is absent");
        return;
    }
    for (name, min_questions) in CORPORA {
        let dir = root.join(name);
        if !dir.is_dir() {
            eprintln!("skipping {name}: absent");
            continue;
        }
        let config = format!("scripts/corpora/{name}.yml");
        let out = Command::cargo_bin("qalint")
            .unwrap()
            .args(["check", "--format", "json", "--config", &config])
            .arg(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: exit {:?}\n{stderr}",
            out.status.code()
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let questions = v["summary"]["questions"].as_u64().unwrap();
        assert!(
            questions >= *min_questions,
            "{name}: found {questions} questions, expected at least {min_questions}"
        );
    }
}
