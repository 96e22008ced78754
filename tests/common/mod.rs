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
