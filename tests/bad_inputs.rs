//! Bad inputs through the CLI: each gets a clear message naming the path and the cause, the
//! other files are still linted, and I/O and config errors exit with 2.
//!
//! A file deleted between the walk and the read cannot be timed reliably from outside the
//! process; `path_removed_before_read_is_an_io_error` simulates it with an explicit path that is
//! removed before the run (the read then fails the same way it would after a walk).

use std::fs;
use std::path::Path;

use predicates::prelude::*;

mod common;
use common::qalint;

/// [`common::repo`] with byte contents (the slices fix the element type for mixed literals).
fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    common::repo(files)
}

/// A clean file: one question with an answer; gives no finding.
const OK: &str = "## Q1: What is a set?\n\nA collection.\n";
/// A file with a finding the other tests look for, to prove other files are still linted.
const GAP: &str = "## Q1: What is a set?\n\nA collection.\n\n## Q3: What is a map?\n\nPairs.\n";

fn check(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    qalint()
        .current_dir(dir)
        .arg("check")
        .arg("--no-color")
        .args(args)
        .assert()
}

#[test]
fn not_utf8_is_qa900_naming_the_position_and_others_linted() {
    let dir = repo(&[
        ("bad.md", b"## Q1: What is \xff?\n"),
        ("other.md", GAP.as_bytes()),
    ]);
    check(dir.path(), &[])
        .code(2)
        .stdout(predicate::str::contains(
            "cannot read `bad.md`: not valid UTF-8 (first invalid byte at line 1, byte column 16)",
        ))
        .stdout(predicate::str::contains("QA101"))
        .stdout(predicate::str::contains("in 2 files"));
}

#[test]
fn binary_file_named_md_is_a_read_error() {
    let mut bytes = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    bytes.extend((0..=255u8).cycle().take(4096));
    let dir = repo(&[("tool.md", &bytes), ("ok.md", OK.as_bytes())]);
    check(dir.path(), &[])
        .code(2)
        .stdout(predicate::str::contains("QA900"))
        .stdout(predicate::str::contains(
            "cannot read `tool.md`: not valid UTF-8",
        ))
        .stdout(predicate::str::contains("in 2 files"));
}

#[test]
fn empty_file_is_clean() {
    let dir = repo(&[("empty.md", b"")]);
    check(dir.path(), &["empty.md"])
        .code(0)
        .stdout(predicate::str::contains(
            "0 errors, 0 warnings in 1 file (0 questions)",
        ));
}

#[test]
fn bom_only_file_is_clean() {
    let dir = repo(&[("bom.md", b"\xEF\xBB\xBF")]);
    check(dir.path(), &["bom.md"])
        .code(0)
        .stdout(predicate::str::contains(
            "0 errors, 0 warnings in 1 file (0 questions)",
        ));
}

#[test]
fn line_of_one_megabyte_lints() {
    let text = format!("{OK}\n{}\n", "a".repeat(1 << 20));
    let dir = repo(&[("long.md", text.as_bytes())]);
    check(dir.path(), &["long.md"])
        .code(0)
        .stdout(predicate::str::contains("in 1 file (1 question)"));
}

#[test]
fn ten_thousand_nested_blockquotes_lint() {
    let text = format!("{OK}\n{} deep\n", ">".repeat(10_000));
    let dir = repo(&[("quotes.md", text.as_bytes())]);
    check(dir.path(), &["quotes.md"])
        .code(0)
        .stdout(predicate::str::contains("in 1 file (1 question)"));
}

#[test]
fn ten_thousand_nested_list_levels_lint() {
    // `- - - … x`: each marker opens a list inside the previous item (20 KB, not the 100 MB
    // that indenting each level on its own line would take).
    let text = format!("{OK}\n{}x\n", "- ".repeat(10_000));
    let dir = repo(&[("lists.md", text.as_bytes())]);
    check(dir.path(), &["lists.md"])
        .code(0)
        .stdout(predicate::str::contains("in 1 file (1 question)"));
}

#[test]
fn crlf_line_endings_report_the_right_line() {
    let text = GAP.replace('\n', "\r\n");
    let dir = repo(&[("crlf.md", text.as_bytes())]);
    check(dir.path(), &["crlf.md", "--format", "concise"])
        .code(1)
        .stdout(predicate::str::contains("crlf.md:5:"))
        .stdout(predicate::str::contains("QA101"));
}

#[test]
fn mixed_line_endings_report_the_right_line_and_fix_keeps_them() {
    let text = "## Q1: What is a set?\r\n\nA collection.\r\n\n## Q3: What is a map?\r\n\nPairs.\n";
    let dir = repo(&[("mixed.md", text.as_bytes())]);
    check(dir.path(), &["mixed.md", "--format", "concise"])
        .code(1)
        .stdout(predicate::str::contains("mixed.md:5:"))
        .stdout(predicate::str::contains("QA101"));
    check(dir.path(), &["mixed.md", "--fix"]).code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("mixed.md")).unwrap(),
        text.replace("Q3", "Q2"),
        "only the number changes; every line ending is kept"
    );
}

#[test]
fn missing_path_is_an_io_error_and_others_linted() {
    let dir = repo(&[("other.md", GAP.as_bytes())]);
    check(dir.path(), &["nope.md", "other.md"])
        .code(2)
        .stderr(predicate::str::contains(
            "`nope.md`: no such file or directory",
        ))
        .stdout(predicate::str::contains("QA101"));
}

#[test]
fn path_removed_before_read_is_an_io_error() {
    // Simulates a file deleted between walk and read: the path was valid, then it is gone.
    let dir = repo(&[("gone.md", OK.as_bytes()), ("other.md", GAP.as_bytes())]);
    fs::remove_file(dir.path().join("gone.md")).unwrap();
    check(dir.path(), &["gone.md", "other.md"])
        .code(2)
        .stderr(predicate::str::contains(
            "`gone.md`: no such file or directory",
        ))
        .stdout(predicate::str::contains("QA101"));
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    /// After `chmod 000`, can this process still read `path`? (It can as root.)
    fn still_readable(path: &Path) -> bool {
        if path.is_dir() {
            fs::read_dir(path).is_ok()
        } else {
            fs::read(path).is_ok()
        }
    }

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn unreadable_file_is_an_io_error_and_others_linted() {
        let dir = repo(&[("secret.md", OK.as_bytes()), ("other.md", GAP.as_bytes())]);
        let secret = dir.path().join("secret.md");
        chmod(&secret, 0o000);
        if still_readable(&secret) {
            chmod(&secret, 0o644);
            eprintln!("note: running with permissions bypassed (root?); assertion skipped");
            return;
        }
        let out = check(dir.path(), &[]).code(2);
        out.stdout(predicate::str::contains("cannot read `secret.md`"))
            .stdout(predicate::str::contains("ermission denied"))
            .stdout(predicate::str::contains("QA101"));
        chmod(&secret, 0o644);
    }

    #[test]
    fn unreadable_directory_is_an_io_error_and_others_linted() {
        let dir = repo(&[("locked/a.md", OK.as_bytes()), ("other.md", GAP.as_bytes())]);
        let locked = dir.path().join("locked");
        chmod(&locked, 0o000);
        if still_readable(&locked) {
            chmod(&locked, 0o755);
            eprintln!("note: running with permissions bypassed (root?); assertion skipped");
            return;
        }
        let out = check(dir.path(), &[]).code(2);
        chmod(&locked, 0o755);
        out.stderr(predicate::str::contains("locked"))
            .stderr(predicate::str::contains("ermission denied"))
            .stdout(predicate::str::contains("QA101"));
    }

    #[test]
    fn symlink_loop_is_an_io_error_and_others_linted() {
        let dir = repo(&[("other.md", GAP.as_bytes())]);
        symlink("loop2.md", dir.path().join("loop1.md")).unwrap();
        symlink("loop1.md", dir.path().join("loop2.md")).unwrap();
        check(dir.path(), &[])
            .code(2)
            .stdout(predicate::str::contains(
                "too many levels of symbolic links",
            ))
            .stdout(predicate::str::contains("loop1.md"))
            .stdout(predicate::str::contains("QA101"));
        check(dir.path(), &["loop1.md", "other.md"])
            .code(2)
            .stderr(predicate::str::contains(
                "`loop1.md`: too many levels of symbolic links",
            ))
            .stdout(predicate::str::contains("QA101"));
    }

    #[test]
    fn symlink_outside_the_tree_is_linted_but_never_written_through() {
        let outside = repo(&[("target.md", b"## Q1: What is a set\n\nA set.\n")]);
        let tree = repo(&[("other.md", GAP.as_bytes())]);
        let target = outside.path().join("target.md");
        symlink(&target, tree.path().join("link.md")).unwrap();
        check(tree.path(), &["--format", "concise"])
            .code(1)
            .stdout(predicate::str::contains("link.md:1:"));
        check(tree.path(), &["--fix", "--unsafe-fixes"])
            .code(2)
            .stderr(predicate::str::contains(
                "`link.md`: not written: symlink points outside the linted tree",
            ));
        assert_eq!(
            fs::read_to_string(&target).unwrap(),
            "## Q1: What is a set\n\nA set.\n",
            "the file outside the tree is untouched"
        );
        assert_eq!(
            fs::read_to_string(tree.path().join("other.md")).unwrap(),
            GAP.replace("Q3", "Q2"),
            "the other file is still fixed"
        );
    }
}

fn config_error(config: &str, message: &str) {
    let dir = repo(&[(".qalint.yml", config.as_bytes()), ("a.md", OK.as_bytes())]);
    // The message names the path and the cause, wherever it is printed.
    let out = qalint()
        .current_dir(dir.path())
        .args(["check", "--no-color"])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains(message), "missing `{message}` in:\n{all}");
    assert!(
        all.contains(".qalint.yml"),
        "the config path is named in:\n{all}"
    );
}

#[test]
fn config_not_yaml() {
    config_error(
        ": : [\n",
        "invalid configuration: did not find expected key",
    );
}

#[test]
fn config_wrong_type() {
    config_error(
        "questions: 5\n",
        "invalid configuration: questions: invalid type: integer `5`, expected a convention",
    );
}

#[test]
fn config_unknown_key() {
    config_error("bogus: 1\n", "unknown key `bogus`");
}

#[test]
fn config_bad_regex() {
    config_error(
        "questions: {pattern: \"((\"}\n",
        "invalid regular expression in `pattern`",
    );
}

#[test]
fn config_unknown_rule_code() {
    config_error(
        "rules: {select: [QA999]}\n",
        "unknown rule code or name `QA999`",
    );
}

/// 50 MB of questions: too slow for CI. Run by hand (`cargo test --release --test bad_inputs --
/// --ignored fifty`), or generate the file and measure with `/usr/bin/time -v qalint check big.md`.
#[test]
#[ignore = "slow: 50 MB input; run by hand to measure time and peak RSS"]
fn fifty_megabyte_file_lints() {
    let mut text = String::with_capacity(52 << 20);
    let mut n = 1;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "## Q{n}: What is item {n}?\n\nIt is the answer to item {n}, with `code` and $x^2$.\n\n"
        ));
        n += 1;
    }
    let dir = repo(&[("big.md", text.as_bytes())]);
    check(dir.path(), &["big.md"])
        .code(0)
        .stdout(predicate::str::contains(format!("({} questions)", n - 1)));
}

/// A check run drops each file's text once linted and reads it again to render. A file that
/// changed in between (here: shorter, different lines; or removed) renders without snippets, in
/// every format, and without a panic; an unchanged one renders as if never dropped.
#[test]
fn file_changed_between_lint_and_render_renders_without_panic() {
    use qalint::engine::{self, Request};
    use qalint::output::{self, Format, Style};
    let dir = repo(&[
        (
            "a.md",
            "## Q1: What is a set?\n\nA collection.\n\n## Q3: What is a map?\n\nPairs é.\n"
                .as_bytes(),
        ),
        ("b.md", GAP.as_bytes()),
        ("c.md", GAP.as_bytes()),
    ]);
    let outcome = engine::run(&Request {
        paths: vec![dir.path().to_path_buf()],
        threads: 1,
        drop_texts: true,
        ..Request::default()
    });
    assert!(
        outcome.files.iter().all(|f| f.source.is_empty()),
        "texts were dropped"
    );
    let style = Style {
        color: false,
        width: 100,
        quiet: false,
    };
    let before = output::render(&outcome, Format::Human, style);
    assert!(
        before.contains("Q3: What is a map?"),
        "snippet read again:\n{before}"
    );
    fs::write(dir.path().join("a.md"), "x\n").unwrap();
    fs::write(dir.path().join("b.md"), GAP.replace("set", "sét")).unwrap();
    fs::remove_file(dir.path().join("c.md")).unwrap();
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Github,
        Format::Sarif,
    ] {
        let out = output::render(&outcome, format, style);
        assert!(
            out.contains("a.md") && out.contains("b.md") && out.contains("c.md"),
            "{out}"
        );
    }
}

/// A file with very many broken anchors stays linear: the first 100 get a did-you-mean (a scan
/// of every anchor), the rest the generic help; every one is still reported.
#[test]
fn did_you_mean_is_bounded_per_file() {
    use qalint::config::Overrides;
    use qalint::engine::{self, Request};
    let mut text = String::new();
    for n in 1..=120 {
        text.push_str(&format!(
            "## Q{n}: What is item {n}?\n\nSee [it](#q{n}-what-is-item-{n}x).\n\n"
        ));
    }
    let dir = repo(&[("a.md", text.as_bytes())]);
    let outcome = engine::run(&Request {
        paths: vec![dir.path().to_path_buf()],
        threads: 1,
        overrides: Overrides {
            select: Some(vec!["QA303".into()]),
            ignore: vec![],
        },
        ..Request::default()
    });
    let helps: Vec<&str> = outcome.files[0]
        .diagnostics
        .iter()
        .map(|d| d.help.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(helps.len(), 120);
    assert!(
        helps[..100]
            .iter()
            .all(|h| h.starts_with("did you mean `#q")),
        "{helps:?}"
    );
    assert!(
        helps[100..].iter().all(|h| !h.starts_with("did you mean")),
        "{helps:?}"
    );
}
