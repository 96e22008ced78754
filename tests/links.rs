//! Links in a checkout with an `origin` remote: `fixtures/repository-url` is copied to a
//! temporary directory with a `.git/config`, and QA303 must fire exactly on the marked lines.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Copy the files of `from` (no folders) into `to`.
fn copy_files(from: &Path, to: &Path) {
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn repository_urls_resolve_in_the_checkout() {
    let dir = tempfile::tempdir().unwrap();
    copy_files(Path::new("fixtures/repository-url"), dir.path());
    fs::create_dir(dir.path().join(".git")).unwrap();
    fs::write(
        dir.path().join(".git/config"),
        "[remote \"origin\"]\n\turl = git@github.com:Qalint-Example/Interview-Notes.git\n",
    )
    .unwrap();
    let json = broken_links(dir.path());
    let got = places(&json);
    let readme = fs::read_to_string("fixtures/repository-url/README.md").unwrap();
    let want: BTreeSet<(String, u64)> = readme
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("<!-- expect: QA303"))
        .map(|(i, _)| ("README.md".to_string(), i as u64 + 2))
        .collect();
    assert_eq!(got, want, "{json:#}");
    // The emoji heading's link gets the right anchor in its help.
    let emoji = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("#basics"))
        .expect("the emoji finding");
    assert!(
        emoji["message"].as_str().unwrap().contains("#-basics"),
        "{emoji:#}"
    );
}

#[test]
fn an_mkdocs_site_reaches_emoji_headings_without_their_dash() {
    let files = [
        ("mkdocs.yml", "site_name: Notes\n"),
        (
            "docs/guide/index.md",
            "# Notes\n\n- [Python](#python)\n- [Basics](other.md#basics)\n\n## 🐍 Python\n\nText.\n",
        ),
        ("docs/guide/other.md", "# Other\n\n## 🧠 Basics\n\nText.\n"),
    ];
    for mkdocs in [true, false] {
        let dir = common::repo(&files[usize::from(!mkdocs)..]);
        fs::create_dir(dir.path().join(".git")).unwrap();
        let out = common::qalint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--select", "QA303,QA503", "."])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let n = json["diagnostics"].as_array().unwrap().len();
        assert_eq!(n, if mkdocs { 0 } else { 2 }, "mkdocs={mkdocs}: {json:#}");
    }
}

/// On an MkDocs site a site-absolute link names a page of `docs_dir` by its URL (`/contact`,
/// `/guide/`, `/img/a.png`); one that no page matches, and the same links outside a site, are
/// judged from the repository root, as GitHub reads them.
#[test]
fn an_mkdocs_site_resolves_site_absolute_links_from_its_docs_dir() {
    let page = "# Notes\n\nSee [contact](/contact), [the guide](/guide/), \
                [basics](/guide/#basics), ![logo](/img/logo.png) and [gone](/nowhere).\n";
    let files = [
        (
            "mkdocs.yml",
            "site_name: Notes\ndocs_dir: 'site'  # the pages\n",
        ),
        ("site/index.md", page),
        ("site/contact.md", "# Contact\n"),
        ("site/guide/index.md", "# Guide\n\n## Basics\n"),
        ("site/img/logo.png", ""),
    ];
    for mkdocs in [true, false] {
        let dir = common::repo(&files[usize::from(!mkdocs)..]);
        fs::create_dir(dir.path().join(".git")).unwrap();
        let json = broken_links(dir.path());
        let messages: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        if mkdocs {
            assert_eq!(messages.len(), 1, "{json:#}");
            assert!(messages[0].contains("/nowhere"), "{json:#}");
        } else {
            assert_eq!(messages.len(), 5, "{json:#}");
        }
    }
}

#[test]
fn readme_is_an_anchor_of_a_readme_only() {
    // GitHub shows a repository's (and a folder's) README in a box with the id `readme`.
    let back = "# Notes\n\n## Q1: What is a list?\n\nA sequence.\n\n[Back to top](#readme)\n";
    let dir = common::repo(&[
        ("README.md", back),
        ("docs/readme.markdown", back),
        ("docs/chapter.md", back),
        (
            "docs/links.md",
            "# Links\n\n[Home](../README.md#readme), [here](chapter.md#readme).\n",
        ),
    ]);
    fs::create_dir(dir.path().join(".git")).unwrap();
    let json = broken_links(dir.path());
    let got = places(&json);
    let want: BTreeSet<(String, u64)> = [
        ("docs/chapter.md".to_string(), 7),
        ("docs/links.md".to_string(), 3),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want, "{json:#}");
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 2, "{json:#}");
}

#[test]
fn check_fix_mends_an_emoji_dash_in_a_link_to_another_file() {
    let readme = "# Index\n\n## 🚀 Start\n\nSee [the concepts](chapter.md#core-concepts).\n\n\
                  <!-- qalint-disable-next-line QA303 -->\nKept: [concepts](chapter.md#core-concepts).\n";
    let chapter = "# Chapter\n\n## 🎯 Core Concepts\n\nBack to [the start](README.md#start).\n";
    let fixed = readme.replacen("chapter.md#core", "chapter.md#-core", 1);
    let files = [("README.md", readme), ("chapter.md", chapter)];
    let dir = common::repo(&files);
    fs::create_dir(dir.path().join(".git")).unwrap();
    let run = |args: &[&str]| {
        common::qalint()
            .current_dir(dir.path())
            .args(["check", "--select", "QA303"])
            .args(args)
            .output()
            .unwrap()
    };
    let diff = run(&["--diff", "README.md"]);
    let err = String::from_utf8_lossy(&diff.stderr);
    assert!(err.contains("would fix 1 finding"), "{err}");
    // Named alone, README.md is fixed; chapter.md, read as context, is not written.
    run(&["--fix", "README.md"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        fixed
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("chapter.md")).unwrap(),
        chapter
    );
    let out = run(&["--fix", "."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("chapter.md")).unwrap(),
        chapter.replace("#start", "#-start")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        fixed
    );
}

#[test]
fn a_relative_path_out_of_the_repository_is_broken_even_when_the_file_is_there() {
    let dir = common::repo(&[
        (
            "repo/README.md",
            "# Notes\n\n[Out](../outside/README.md), [docs](docs/a.md), [root](/docs/a.md).\n",
        ),
        (
            "repo/docs/a.md",
            "# A\n\n[Home](../README.md), [out](../../outside/README.md).\n\n\
             [Back in](../../repo/README.md), ![up](/../outside/pic.png).\n",
        ),
        (
            "outside/README.md",
            "# Outside\n\n[Notes](../repo/README.md).\n",
        ),
        ("outside/pic.png", ""),
    ]);
    let repo = dir.path().join("repo");
    fs::create_dir(repo.join(".git")).unwrap();
    let json = broken_links(&repo);
    let got = places(&json);
    let want: BTreeSet<(String, u64)> = [("README.md", 3), ("docs/a.md", 3), ("docs/a.md", 5)]
        .into_iter()
        .map(|(p, l)| (p.to_string(), l))
        .collect();
    assert_eq!(got, want, "{json:#}");
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 4, "{json:#}");
    for d in diags {
        let m = d["message"].as_str().unwrap();
        assert!(m.ends_with("which leaves the repository"), "{m}");
    }
    // Outside any work tree the root is unknown: a path to a file that is there is fine.
    let json = broken_links(&dir.path().join("outside"));
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json:#}");
}

/// The JSON report of a QA303-only run over `dir`.
fn broken_links(dir: &Path) -> serde_json::Value {
    let out = common::qalint()
        .current_dir(dir)
        .args(["check", "--format", "json", "--select", "QA303", "."])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `(path, line)` of each finding of a JSON report.
fn places(json: &serde_json::Value) -> BTreeSet<(String, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A site generator that reads a heading's trailing `{#custom-id}` (MkDocs with `attr_list`,
/// Docusaurus, Jekyll's kramdown) anchors the heading by that id and does not show the block:
/// links to the id reach it, and the title the rules see ends before it.
/// Blocks in a code span or mid-heading are text everywhere; `{.class}` and `{: #id}` are read
/// by `attr_list` only; MkDocs without `attr_list` and Jekyll on another engine read none.
#[test]
fn site_generators_read_heading_ids() {
    let page = "# Notes\n\n\
                - [Install](#install)\n\
                - [Run](#run)\n\
                - [Styled](#styled)\n\
                - [Test](#test)\n\
                - [List](#list)\n\n\
                ## Installing the tools {: #install .wide}\n\n\
                ## Running `{#run}`\n\n\
                ## Styled {.wide}\n\n\
                ## Testing {#test} twice\n\n\
                ## Q1: Lists: {#list}\n";
    // The fragments each site leaves broken (QA303/QA503); where `#list` reaches its heading,
    // QA003 sees the title `Lists:` end in `:`.
    let sites: [(&str, &str, &[&str]); 6] = [
        (
            "mkdocs.yml",
            "site_name: N\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  - attr_list\n",
            &["run", "test"],
        ),
        (
            "mkdocs.yml",
            "site_name: N\nmarkdown_extensions:\n  - toc\n",
            &["install", "run", "styled", "test", "list"],
        ),
        (
            "docusaurus.config.ts",
            "export default {};\n",
            &["install", "run", "styled", "test"],
        ),
        (
            "_config.yml",
            "title: N\nmarkdown: kramdown\n",
            &["install", "run", "styled", "test"],
        ),
        (
            "_config.yml",
            "title: N\nmarkdown: CommonMarkGhPages\n",
            &["install", "run", "styled", "test", "list"],
        ),
        (
            "other.yml",
            "\n",
            &["install", "run", "styled", "test", "list"],
        ),
    ];
    for (config, text, broken) in sites {
        let dir = common::repo(&[(config, text), ("docs/notes.md", page)]);
        fs::create_dir(dir.path().join(".git")).unwrap();
        let out = common::qalint()
            .current_dir(dir.path())
            .args([
                "check",
                "--format",
                "json",
                "--select",
                "QA303,QA503,QA003",
                ".",
            ])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let diags = json["diagnostics"].as_array().unwrap();
        let mut got: Vec<String> = diags
            .iter()
            .filter(|d| d["code"] != "QA003")
            .map(|d| {
                let m = d["message"].as_str().unwrap();
                let start = m.find("`#").unwrap() + 2;
                m[start..].split('`').next().unwrap().to_string()
            })
            .collect();
        got.sort();
        let mut want: Vec<String> = broken.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{config}: {text}: {json:#}");
        let reads_list = !broken.contains(&"list");
        let qa003 = diags.iter().any(|d| d["code"] == "QA003");
        assert_eq!(qa003, reads_list, "{config}: {text}: {json:#}");
    }
}

/// Link markup GitHub shows as text is reported; `--fix` joins `]` and `(` where only the gap
/// keeps it from being a link, and touches nothing else. On an MkDocs site (Python-Markdown
/// reads more forms) none of it is judged.
#[test]
fn link_markup_shown_as_text_is_reported_and_a_gap_fixed() {
    let page = "# Notes\n\nSee [the reference] (https://example.com/ref) and\n\
                [the notes](https://example.com/my notes.html), [more](https://e.com/a%20(b).\n";
    for mkdocs in [false, true] {
        let files = [("mkdocs.yml", "site_name: Notes\n"), ("docs/page.md", page)];
        let dir = common::repo(&files[usize::from(!mkdocs)..]);
        fs::create_dir(dir.path().join(".git")).unwrap();
        let json = broken_links(dir.path());
        let n = json["diagnostics"].as_array().unwrap().len();
        assert_eq!(n, if mkdocs { 0 } else { 3 }, "{json:#}");
        let found = places(&json);
        let want: BTreeSet<(String, u64)> = if mkdocs {
            BTreeSet::new()
        } else {
            [3, 4, 4].map(|l| ("docs/page.md".to_string(), l)).into()
        };
        assert_eq!(found, want, "mkdocs={mkdocs}");
        if mkdocs {
            continue;
        }
        let out = common::qalint()
            .current_dir(dir.path())
            .args(["check", "--select", "QA303", "--fix", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "two are left: no fix is sure");
        assert_eq!(
            fs::read_to_string(dir.path().join("docs/page.md")).unwrap(),
            page.replacen("] (https", "](https", 1)
        );
    }
}
