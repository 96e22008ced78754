//! Helpers shared by the CLI test files (each test file is its own crate and uses a part).
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

/// The `qalint` binary, with colour decided by the test and a fixed terminal width.
pub fn qalint() -> Command {
    let mut c = Command::cargo_bin("qalint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

/// A temporary directory holding `files` (relative path, contents).
pub fn repo<P: AsRef<Path>, B: AsRef<[u8]>>(files: &[(P, B)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in files {
        let p = dir.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

/// Git in `dir` with no user or system config and a fixed identity (branch `main`, no
/// signing); panics when git fails. Returns what git printed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A `qalint check --format json` run, read.
pub struct JsonRun {
    pub code: i32,
    /// `path:line: CODE`, in report order.
    pub findings: Vec<String>,
    pub summary: serde_json::Value,
    pub stderr: String,
}

impl JsonRun {
    /// Reads the output of a `--format json` run (no findings and a null summary when stdout
    /// holds no JSON: a run that stopped on an error).
    pub fn of(out: std::process::Output) -> JsonRun {
        let stderr = String::from_utf8(out.stderr).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| serde_json::json!({"diagnostics": [], "summary": null}));
        let findings = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d["path"].as_str().unwrap(),
                    d["line"],
                    d["code"].as_str().unwrap()
                )
            })
            .collect();
        JsonRun {
            code: out.status.code().unwrap(),
            findings,
            summary: json["summary"].clone(),
            stderr,
        }
    }
}
