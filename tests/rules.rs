//! Each rule alone over its fixtures: `fixtures/<CODE>[-variant]/bad*.md` must fire exactly on
//! the lines marked `<!-- expect: CODE ... -->` (the marker is on the line before, or N lines
//! before the finding with `<!-- expect: CODE @+N ... -->`), `good*.md`
//! must not fire at all, and the rendered findings are snapshotted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use qalint::config::Overrides;
use qalint::engine::{self, Outcome, Request};
use qalint::output::{self, Format, Style};

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("QA"))
        })
        .collect();
    dirs.sort();
    dirs
}

fn files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".md"))
        })
        .collect();
    v.sort();
    v
}

fn lint(dir: &Path, code: &str, paths: Vec<PathBuf>) -> Outcome {
    let config = dir.join("config.yml");
    let config = if config.exists() {
        config
    } else {
        PathBuf::from("fixtures/empty.yml")
    };
    engine::run(&Request {
        paths,
        config: Some(config),
        overrides: Overrides {
            select: Some(vec![code.to_string()]),
            ignore: vec![],
        },
        threads: 2,
        ..Request::default()
    })
}

/// `(path, line)` of each `<!-- expect: CODE -->` marker's following line.
fn expected(paths: &[PathBuf], code: &str) -> BTreeSet<(String, usize)> {
    let mut out = BTreeSet::new();
    for p in paths {
        let text = std::fs::read_to_string(p).unwrap();
        for (i, line) in text.lines().enumerate() {
            let marker = format!("<!-- expect: {code}");
            if let Some(at) = line.find(&marker) {
                // `<!-- expect: CODE @+N ...` puts the finding N lines further down.
                let rest = line[at + marker.len()..].trim_start();
                let offset = rest
                    .strip_prefix("@+")
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
                out.insert((p.to_string_lossy().replace('\\', "/"), i + 2 + offset));
            }
        }
    }
    out
}

fn found(outcome: &Outcome) -> BTreeSet<(String, usize)> {
    let mut out = BTreeSet::new();
    for f in &outcome.files {
        for d in &f.diagnostics {
            let pos = f.lines.position(&f.source, d.span.start);
            out.insert((f.path.clone(), pos.line));
        }
    }
    out
}

#[test]
fn every_rule_fires_on_bad_and_not_on_good() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 7, "fixtures missing");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let code = &name[..5];
        let bad = files(dir, "bad");
        let good = files(dir, "good");
        assert!(
            !bad.is_empty() && !good.is_empty(),
            "{name}: needs bad*.md and good*.md"
        );

        let out = lint(dir, code, bad.clone());
        assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
        let want = expected(&bad, code);
        assert!(!want.is_empty(), "{name}: bad files have no expect markers");
        let got = found(&out);
        if want != got {
            failures.push(format!("{name} bad: expected {want:?}\n got {got:?}"));
        }

        let out = lint(dir, code, good.clone());
        let got = found(&out);
        if !got.is_empty() {
            let text = output::render(&out, Format::Concise, style());
            failures.push(format!("{name} good: false positives\n{text}"));
        }

        let out = lint(dir, code, bad);
        insta::assert_snapshot!(name.clone(), output::render(&out, Format::Human, style()));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn style() -> Style {
    Style {
        color: false,
        width: 100,
        quiet: false,
    }
}

#[test]
fn every_registered_rule_has_fixtures() {
    let dirs: Vec<String> = fixture_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_str().unwrap()[..5].to_string())
        .collect();
    for entry in qalint::rules::REGISTRY {
        if entry.build.is_none() {
            continue;
        }
        assert!(
            dirs.iter().any(|d| d == entry.meta.code),
            "{} has no fixtures/{}/",
            entry.meta.code,
            entry.meta.code
        );
    }
}
