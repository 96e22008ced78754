//! `qalint stats`: every format on the showcase (snapshots), the counts checked against
//! `check --format json` on the same tree, the badge parsed as XML, and the definitions
//! (answered, placeholder, stub, sections, numbering, words) on small repositories.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{qalint, repo};

fn showcase() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/showcase")
}

/// `qalint ARGS` in `dir`: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = qalint().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `qalint stats --format json ARGS` in `dir`, parsed; the run must succeed.
fn stats_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["stats", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(dir, &all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

#[test]
fn every_format_on_the_showcase() {
    let dir = showcase();
    for (name, args) in [
        ("stats_human", &["stats"][..]),
        (
            "stats_human_sections_verbose",
            &["stats", "--sections", "--verbose"],
        ),
        ("stats_markdown", &["stats", "--format", "markdown"]),
        (
            "stats_markdown_sections",
            &["stats", "--format", "markdown", "--sections"],
        ),
        ("stats_json", &["stats", "--format", "json"]),
        ("stats_csv", &["stats", "--format", "csv"]),
        (
            "stats_csv_sections",
            &["stats", "--format", "csv", "--sections"],
        ),
    ] {
        let (code, stdout, stderr) = run(&dir, args);
        assert_eq!(code, 0, "{name}: {stderr}");
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn the_counts_agree_with_check_on_the_showcase() {
    let dir = showcase();
    let stats = stats_json(&dir, &[]);
    let (_, stdout, _) = run(&dir, &["check", "--format", "json"]);
    let check: Value = serde_json::from_str(&stdout).unwrap();
    let total = &stats["total"];
    assert_eq!(total["questions"], check["summary"]["questions"]);
    assert_eq!(total["files"], check["summary"]["files"]);
    // Every level adds up, by definition.
    let adds_up = |v: &Value, what: &str| {
        assert_eq!(
            n(&v["answered"]) + n(&v["placeholders"]) + n(&v["stubs"]),
            n(&v["questions"]),
            "{what}: {v}"
        );
    };
    adds_up(total, "total");
    let files = stats["files"].as_array().unwrap();
    for key in [
        "questions",
        "answered",
        "placeholders",
        "stubs",
        "duplicates",
        "similar",
    ] {
        let sum: u64 = files.iter().map(|f| n(&f[key])).sum();
        assert_eq!(sum, n(&total[key]), "files add up to the total's `{key}`");
    }
    for f in files {
        adds_up(f, f["path"].as_str().unwrap());
        let sections = f["sections"].as_array().unwrap();
        for s in sections {
            adds_up(s, s["title"].as_str().unwrap_or("(none)"));
        }
        let sum: u64 = sections.iter().map(|s| n(&s["questions"])).sum();
        assert_eq!(sum, n(&f["questions"]));
    }
    // Findings by code and path, and their lines.
    let mut by_code: BTreeMap<(&str, &str), Vec<u64>> = BTreeMap::new();
    for d in check["diagnostics"].as_array().unwrap() {
        by_code
            .entry((d["code"].as_str().unwrap(), d["path"].as_str().unwrap()))
            .or_default()
            .push(n(&d["line"]));
    }
    let lines = |code: &str, path: &str| by_code.get(&(code, path)).cloned().unwrap_or_default();
    // QA301 reports exactly the placeholders, and no more than the stubs besides.
    let unanswered = stats["unanswered"].as_array().unwrap();
    let kinds: BTreeMap<(&str, u64), &str> = unanswered
        .iter()
        .map(|q| {
            (
                (q["path"].as_str().unwrap(), n(&q["line"])),
                q["kind"].as_str().unwrap(),
            )
        })
        .collect();
    let qa301: BTreeSet<(&str, u64)> = by_code
        .iter()
        .filter(|((code, _), _)| *code == "QA301")
        .flat_map(|((_, path), ls)| ls.iter().map(move |&l| (*path, l)))
        .collect();
    assert!(!qa301.is_empty(), "the showcase has placeholder answers");
    for at in &qa301 {
        assert!(kinds.contains_key(at), "QA301 at {at:?} is not counted");
    }
    for (at, kind) in &kinds {
        if *kind == "placeholder" {
            assert!(qa301.contains(at), "placeholder {at:?} has no QA301");
        }
    }
    assert!(kinds.values().any(|k| *k == "stub"), "{kinds:?}");
    // QA401 and QA402 per file; a gap in the numbers where QA101 reports one.
    for f in files {
        let path = f["path"].as_str().unwrap();
        assert_eq!(
            n(&f["duplicates"]),
            lines("QA401", path).len() as u64,
            "{path}"
        );
        assert_eq!(
            n(&f["similar"]),
            lines("QA402", path).len() as u64,
            "{path}"
        );
        let missing = f["numbers"]["missing"].as_u64().unwrap_or(0);
        assert_eq!(missing > 0, !lines("QA101", path).is_empty(), "{path}");
    }
}

#[test]
fn the_badge_is_valid_svg_and_the_endpoint_json_is_shields() {
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("questions.svg");
    let a = dir.path().join("answered.svg");
    let e = dir.path().join("answered.json");
    let args = [
        "stats".to_string(),
        showcase().display().to_string(),
        "--badge".into(),
        q.display().to_string(),
        "--badge".into(),
        format!("answered={}", a.display()),
        "--badge".into(),
        format!("answered={}", e.display()),
    ];
    let out = qalint().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let total = stats_json(&showcase(), &[])["total"].clone();
    let percent = n(&total["answered"]) * 100 / n(&total["questions"]);
    for (path, label, message) in [
        (&q, "questions", total["questions"].to_string()),
        (&a, "answered", format!("{percent}%")),
    ] {
        let text = fs::read_to_string(path).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("the badge is well-formed XML");
        let svg = doc.root_element();
        assert_eq!(svg.tag_name().name(), "svg");
        assert_eq!(
            svg.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let width: f64 = svg.attribute("width").unwrap().parse().unwrap();
        assert!(width > 40.0, "{width}");
        assert_eq!(svg.attribute("height"), Some("20"));
        let title = svg
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some(format!("{label}: {message}").as_str()));
        let texts: BTreeSet<&str> = svg
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts, BTreeSet::from([label, message.as_str()]));
        // The value's box starts where the label's ends and the two fill the badge.
        let rects: Vec<roxmltree::Node> = svg
            .descendants()
            .filter(|n| {
                n.has_tag_name("rect") && n.attribute("fill").is_some_and(|f| f.starts_with('#'))
            })
            .skip(1)
            .collect();
        let w = |n: &roxmltree::Node| -> f64 { n.attribute("width").unwrap().parse().unwrap() };
        let x: f64 = rects[1].attribute("x").unwrap().parse().unwrap();
        assert_eq!(x, w(&rects[0]));
        assert_eq!(w(&rects[0]) + w(&rects[1]), width);
    }
    let endpoint: Value = serde_json::from_str(&fs::read_to_string(&e).unwrap()).unwrap();
    assert_eq!(endpoint["schemaVersion"], 1);
    assert_eq!(endpoint["label"], "answered");
    assert_eq!(endpoint["message"], format!("{percent}%"));
    assert!(endpoint["color"].is_string());
    insta::assert_snapshot!("stats_badge_svg", fs::read_to_string(&q).unwrap());
    insta::assert_snapshot!("stats_badge_endpoint", fs::read_to_string(&e).unwrap());
}

#[test]
fn badge_text_is_escaped_and_colour_follows_the_share() {
    // No questions: `n/a` on grey; every question answered: bright green.
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        ("notes.md", "# Notes\n\nNo questions here.\n"),
    ]);
    let (code, _, stderr) = run(dir.path(), &["stats", "--badge", "answered=a.json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("a.json")).unwrap()).unwrap();
    assert_eq!(
        (v["message"].as_str(), v["color"].as_str()),
        (Some("n/a"), Some("lightgrey"))
    );
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        (
            "qa.md",
            "## Q1: What is a list?\n\nAn ordered collection.\n",
        ),
    ]);
    let (code, _, _) = run(
        dir.path(),
        &[
            "stats",
            "--badge",
            "answered=a.svg",
            "--badge",
            "answered=a.json",
        ],
    );
    assert_eq!(code, 0);
    let v: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("a.json")).unwrap()).unwrap();
    assert_eq!(
        (v["message"].as_str(), v["color"].as_str()),
        (Some("100%"), Some("brightgreen"))
    );
    let svg = fs::read_to_string(dir.path().join("a.svg")).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("fill=\"#4c1\""), "{svg}");
}

const CONFIG: &str = "questions: {preset: q-colon, numbering: {scope: file}}\n";

/// One question of each kind, with what makes it so.
const KINDS: &str = "\
# Networking

## Q1: What is TCP?

A connection-oriented transport protocol with ordered, reliable delivery.

## Q2: What is UDP?

TODO

## Q3: What is DNS?

## Q4: What is HTTP?

A request-response protocol. The rest of the answer is [here](https://www.Example.com/http#4).

## Q5: What is TLS?

Full answer [here](docs/tls.md).

## Q6: What is QUIC?

The rest of the answer is here.

## Q7: What is a socket?

An endpoint of a connection between two programs on a network, named by an address and a port
number; a server listens on one and a client connects to it, and both then read and write
bytes. [Read more here](https://sockets.example.org/intro).

## Q8: What is ARP?

**What is ARP?**
";

#[test]
fn each_question_is_answered_a_placeholder_or_a_stub() {
    let dir = repo(&[(".qalint.yml", CONFIG), ("net.md", KINDS)]);
    let v = stats_json(dir.path(), &[]);
    let t = &v["total"];
    assert_eq!(
        (
            n(&t["questions"]),
            n(&t["answered"]),
            n(&t["placeholders"]),
            n(&t["stubs"])
        ),
        (8, 2, 3, 3),
        "{t}"
    );
    let kinds: Vec<(u64, &str, Option<&str>)> = v["unanswered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                n(&q["number"]),
                q["kind"].as_str().unwrap(),
                q["site"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (2, "placeholder", None),
            (3, "placeholder", None),
            (4, "stub", Some("example.com")),
            (5, "stub", Some("this repository")),
            (6, "stub", Some("no link")),
            (8, "placeholder", None),
        ]
    );
    let sites: Vec<(&str, u64)> = t["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["site"].as_str().unwrap(), n(&s["stubs"])))
        .collect();
    assert_eq!(
        sites,
        [("example.com", 1), ("no link", 1), ("this repository", 1)]
    );
}

#[test]
fn the_notions_hold_whatever_the_selection_and_follow_the_options() {
    // QA3 off: placeholders and stubs are still counted.
    let config = format!("{CONFIG}rules: {{ignore: [QA3, QA4]}}\n");
    let dir = repo(&[(".qalint.yml", config.as_str()), ("net.md", KINDS)]);
    let t = stats_json(dir.path(), &[])["total"].clone();
    assert_eq!((n(&t["placeholders"]), n(&t["stubs"])), (3, 3));
    // Other stub sentences and placeholder phrases: the counts follow them.
    let config = format!(
        "{CONFIG}rules:\n  options:\n    placeholder-link: {{phrases: [Answer lives here]}}\n    placeholder-answer: {{phrases: [Nothing yet]}}\n"
    );
    let text = "## Q1: What is a list?\n\nNothing yet\n\n## Q2: What is a set?\n\nAnswer lives [here](https://sets.example.net/).\n\n## Q3: What is a map?\n\nTODO\n";
    let dir = repo(&[(".qalint.yml", config.as_str()), ("qa.md", text)]);
    let t = stats_json(dir.path(), &[])["total"].clone();
    assert_eq!(
        (n(&t["answered"]), n(&t["placeholders"]), n(&t["stubs"])),
        (1, 1, 1),
        "`TODO` is no longer a placeholder phrase: {t}"
    );
    assert_eq!(t["sites"][0]["site"], "sets.example.net");
}

#[test]
fn sections_numbering_and_formulas() {
    let text = "\
Intro question before any heading:

## Q1: What is a vector?

An ordered list of numbers, such as $v = (1, 2)$.

# Algebra

## Q2: What is a matrix?

A rectangular array of numbers.

## Q5: What is a determinant?

A number computed from a square matrix: $$\\det A = ad - bc$$

# Calculus

## Q6: What is a derivative?

The rate of change of a function.

## Q6: What is an integral?

The area under a curve.
";
    let dir = repo(&[(".qalint.yml", CONFIG), ("math.md", text)]);
    let v = stats_json(dir.path(), &[]);
    let f = &v["files"][0];
    assert_eq!(n(&f["formulas"]), 2);
    assert_eq!(
        f["numbers"],
        serde_json::json!({"first": 1, "last": 6, "missing": 2})
    );
    let sections: Vec<(Option<&str>, u64, u64, u64)> = f["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str(),
                n(&s["questions"]),
                n(&s["formulas"]),
                s["numbers"]["missing"].as_u64().unwrap(),
            )
        })
        .collect();
    // The gap (Q3, Q4) is counted where it shows: at Q5, in Algebra.
    assert_eq!(
        sections,
        [
            (None, 1, 1, 0),
            (Some("Algebra"), 2, 1, 2),
            (Some("Calculus"), 2, 0, 0)
        ]
    );
    assert_eq!(f["sections"][1]["anchor"], "algebra");
    assert_eq!(f["sections"][1]["line"], 7);
    // CSV with one row per section, and the markdown table linking each section.
    let (_, csv, _) = run(dir.path(), &["stats", "--format", "csv", "--sections"]);
    assert!(csv.contains("\nsection,math.md,Algebra,7,2,"), "{csv}");
    let (_, md, _) = run(dir.path(), &["stats", "--format", "markdown", "--sections"]);
    assert!(md.contains("| [Algebra](math.md#algebra) |"), "{md}");
}

#[test]
fn numbers_missing_across_files_with_repository_numbering() {
    let config = "questions: {preset: q-colon, numbering: {scope: repository}}\n";
    let dir = repo(&[
        (".qalint.yml", config),
        (
            "a.md",
            "## Q1: What is a?\n\nA letter.\n\n## Q2: What is b?\n\nAnother letter.\n",
        ),
        ("b.md", "## Q4: What is d?\n\nA fourth letter.\n"),
    ]);
    let v = stats_json(dir.path(), &[]);
    assert_eq!(v["files"][0]["numbers"]["missing"], 0);
    assert_eq!(v["files"][1]["numbers"]["missing"], 1);
    assert_eq!(
        v["total"]["numbers"],
        serde_json::json!({"first": 1, "last": 4, "missing": 1})
    );
}

#[test]
fn words_leave_out_markup_and_count_each_cjk_character() {
    let text = "\
## Q1: What is a formula?

One <b>short</b> answer with a [link](https://example.com/a/very/long/path) and $x^2 + y^2$.
<!-- a comment with many words that are not counted -->

## Q2: 什么是列表?

有序的集合
";
    let dir = repo(&[(".qalint.yml", CONFIG), ("w.md", text)]);
    let v = stats_json(dir.path(), &[]);
    let words: Vec<(u64, u64)> = v["shortest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (n(&q["number"]), n(&q["words"])))
        .collect();
    // One short answer with a link and (formula): 8; 有序的集合: 5.
    assert_eq!(words, [(2, 5), (1, 8)]);
    assert_eq!(
        v["total"]["words"],
        serde_json::json!({"median": 6.5, "min": 5, "max": 8})
    );
}

#[test]
fn duplicate_and_similar_groups() {
    let text = "\
## Q1: What is SQL?

A query language.

## Q2: What is transfer learning?

Reusing a trained model.

## Q3: What is SQL?

Again.

## Q4: Explain the concept of transfer learning

Again, in other words.

## Q5: What is **SQL**

A third time.
";
    let dir = repo(&[(".qalint.yml", CONFIG), ("d.md", text)]);
    let t = stats_json(dir.path(), &[])["total"].clone();
    assert_eq!((n(&t["duplicates"]), n(&t["similar"])), (2, 1));
    assert_eq!(
        t["groups"],
        serde_json::json!({"duplicate": 1, "similar": 1})
    );
}

#[test]
fn errors_exit_2_and_leave_the_badge_alone() {
    let dir = repo(&[
        (".qalint.yml", CONFIG.as_bytes()),
        (
            "good.md",
            b"## Q1: What is a list?\n\nAn ordered collection.\n".as_slice(),
        ),
        ("bad.md", b"## Q1: caf\xe9?\n".as_slice()),
    ]);
    let (code, stdout, stderr) = run(
        dir.path(),
        &["stats", "--format", "json", "--badge", "b.svg"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: `bad.md`: not valid UTF-8 (first invalid byte at line 1"),
        "{stderr}"
    );
    assert!(stderr.contains("not writing the badges"), "{stderr}");
    assert!(!dir.path().join("b.svg").exists());
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["total"]["questions"], 1, "the readable file is counted");
    assert_eq!(v["files"].as_array().unwrap().len(), 1);

    let (code, _, stderr) = run(dir.path(), &["stats", "no-such-dir"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-dir"), "{stderr}");

    let dir = repo(&[
        (".qalint.yml", CONFIG),
        (
            "good.md",
            "## Q1: What is a list?\n\nAn ordered collection.\n",
        ),
    ]);
    let (code, _, stderr) = run(dir.path(), &["stats", "--badge", "no/such/dir/b.svg"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot write `no/such/dir/b.svg`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), &["stats", "--badge", "answered="]);
    assert_eq!(code, 2);
    assert!(stderr.contains("names no file"), "{stderr}");
}

#[test]
fn without_a_convention_nothing_is_counted_and_files_without_questions_are_noted() {
    let dir = repo(&[("guide.md", "# Guide\n\nSome prose, no questions.\n")]);
    let (code, stdout, stderr) = run(dir.path(), &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("no question convention found"), "{stderr}");
    assert!(stdout.contains("total (0 files)"), "{stdout}");
    assert!(
        stdout.contains("1 file without questions not shown"),
        "{stdout}"
    );
    let v = stats_json(dir.path(), &[]);
    assert_eq!(v["convention"], "none");
    assert_eq!(v["total"]["questions"], 0);
    assert!(v["total"]["words"].is_null() && v["total"]["numbers"].is_null());
}

#[test]
fn markdown_cells_and_links_are_escaped() {
    let dir = repo(&[
        (".qalint.yml", CONFIG),
        (
            "my notes|draft.md",
            "# A | B\n\n## Q1: What is a pipe?\n\nA `|` character.\n",
        ),
    ]);
    let (code, md, _) = run(dir.path(), &["stats", "--format", "markdown", "--sections"]);
    assert_eq!(code, 0);
    assert!(
        md.contains("| [my notes\\|draft.md](my%20notes%7Cdraft.md) | [A \\| B](my%20notes%7Cdraft.md#a--b) |"),
        "{md}"
    );
    // Every row has as many cells as the header.
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let lines: Vec<&str> = md.lines().collect();
    assert!(lines.iter().all(|l| cells(l) == cells(lines[0])), "{md}");
}

#[test]
fn the_readme_example_is_what_stats_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("### Counting: `qalint stats`").unwrap()..];
    let start = section.find("| File | Questions").unwrap();
    let end = start + section[start..].find("\n\n").unwrap() + 1;
    let (code, stdout, _) = run(
        root,
        &["stats", "--format", "markdown", "fixtures/showcase"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        &section[start..end],
        stdout,
        "refresh the README's example table"
    );
}

/// The JSON keys README.md documents: adding one is fine, changing these is not.
#[test]
fn the_json_keys_are_the_documented_ones() {
    let v = stats_json(&showcase(), &[]);
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let set = |k: &[&str]| -> BTreeSet<String> { k.iter().map(|s| s.to_string()).collect() };
    let counts = [
        "questions",
        "answered",
        "placeholders",
        "stubs",
        "formulas",
        "duplicates",
        "similar",
        "numbers",
        "words",
        "sites",
    ];
    let with = |before: &[&str], after: &[&str]| -> BTreeSet<String> {
        before
            .iter()
            .chain(&counts)
            .chain(after)
            .map(|s| s.to_string())
            .collect()
    };
    assert_eq!(
        keys(&v),
        set(&[
            "version",
            "total",
            "files",
            "unanswered",
            "shortest",
            "convention"
        ])
    );
    assert_eq!(v["version"], 1);
    assert_eq!(keys(&v["total"]), with(&["files"], &["groups"]));
    assert_eq!(
        keys(&v["total"]["numbers"]),
        set(&["first", "last", "missing"])
    );
    assert_eq!(keys(&v["total"]["words"]), set(&["median", "min", "max"]));
    assert_eq!(keys(&v["total"]["sites"][0]), set(&["site", "stubs"]));
    assert_eq!(keys(&v["total"]["groups"]), set(&["duplicate", "similar"]));
    assert_eq!(keys(&v["files"][0]), with(&["path"], &["sections"]));
    assert_eq!(
        keys(&v["files"][0]["sections"][0]),
        with(&["title", "line", "anchor"], &[])
    );
    assert_eq!(
        keys(&v["unanswered"][0]),
        set(&["path", "line", "number", "title", "kind", "site"])
    );
    assert_eq!(
        keys(&v["shortest"][0]),
        set(&["path", "line", "number", "title", "words"])
    );
}

/// A word before `=` that is no badge kind is a typo, not a file name: `answerd=a.svg` wrote a
/// questions badge to a file named `answerd=a.svg`. A name holding `=` is written `./a=b.svg`.
#[test]
fn an_unknown_badge_kind_is_an_error_and_dot_slash_names_a_file_with_an_equals_sign() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("qa.md"), "## Q1: What is x?\n\nAn x.\n").unwrap();
    qalint()
        .current_dir(dir.path())
        .args(["stats", "--badge", "answerd=a.svg", "qa.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown badge kind `answerd`; did you mean `answered`?",
        ));
    assert!(!dir.path().join("answerd=a.svg").exists());
    qalint()
        .current_dir(dir.path())
        .args(["stats", "--badge", "./answerd=a.svg", "qa.md"])
        .assert()
        .code(0);
    let svg = fs::read_to_string(dir.path().join("answerd=a.svg")).unwrap();
    assert!(svg.contains("questions"), "{svg}");
}
