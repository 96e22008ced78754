//! The pre-commit hooks and the GitHub Action are well-formed and call qalint the way its CLI
//! accepts.

use assert_cmd::Command;

fn yaml(path: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn pre_commit_hooks_run_check_and_fix() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["qalint", "qalint-fix"]);
    for h in hooks {
        assert_eq!(h["language"].as_str(), Some("rust"));
        assert_eq!(h["types"][0].as_str(), Some("markdown"));
        // pre-commit appends file names to the entry: the CLI must accept that shape.
        let entry = h["entry"].as_str().unwrap();
        let mut words = entry.split_whitespace();
        assert_eq!(words.next(), Some("qalint"));
        let args: Vec<&str> = words.collect();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "## Q1: What is a tensor?\n\nAn array.\n",
        )
        .unwrap();
        Command::cargo_bin("qalint")
            .unwrap()
            .current_dir(dir.path())
            .args(&args)
            .arg("a.md")
            .assert()
            .code(0);
    }
}

#[test]
fn the_action_runs_check_with_github_annotations() {
    let action = yaml("action.yml");
    for input in ["paths", "config", "args"] {
        assert!(action["inputs"][input].is_mapping(), "input {input}");
    }
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo install --locked --path"))
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("qalint check --format github"))
    );
    assert!(
        steps
            .iter()
            .any(|s| s["uses"].as_str() == Some("actions/cache@v4"))
    );
    let wf = yaml(".github/workflows/qalint-action.yml");
    let uses: Vec<&str> = wf["jobs"]["showcase"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(uses.contains(&"./"));
}
