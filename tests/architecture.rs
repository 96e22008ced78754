//! The source tree is layered (see CONTRIBUTING.md, "Layers"): a module may use its own layer
//! and the layers below it, never one above, nor a peer on its own level. This test reads every
//! file under `src/` and names each `crate::` path that breaks the rule.

use std::path::{Path, PathBuf};

/// Each top-level module of `src/` with its level; equal levels are peers that must not use each
/// other.
const LAYERS: &[(&str, u8)] = &[
    ("base", 0),
    ("model", 1),
    ("rules", 2),
    ("config", 3),
    ("engine", 4),
    ("output", 5),
    ("detect", 5),
    ("cli", 6),
];

fn level(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a line names through `crate::` (`crate::model::…`, `crate::{a, b}`).
fn crate_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
        rest = after;
    }
    out
}

/// Every `crate::` use that points upward or sideways, as `file:line: text`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        let top = rel.components().next().expect("a component");
        let top = top.as_os_str().to_string_lossy();
        let own = top.trim_end_matches(".rs");
        // lib.rs and main.rs sit above every layer.
        let Some(own_level) = level(own) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for used in crate_modules(line) {
                if used == own {
                    continue;
                }
                let ok = level(&used).is_some_and(|l| l < own_level);
                if !ok {
                    out.push(format!(
                        "src/{}:{}: `{own}` (level {own_level}) uses `{used}`: {}",
                        rel.display(),
                        n + 1,
                        code
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn layers_only_use_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = violations(&src);
    assert!(
        bad.is_empty(),
        "{} upward or sideways dependencies:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_top_level_module_is_a_known_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let module = name.trim_end_matches(".rs");
        assert!(
            module == "lib" || module == "main" || level(module).is_some(),
            "src/{name} is in no layer: add it to LAYERS and CONTRIBUTING.md"
        );
    }
}

#[test]
fn the_scan_sees_grouped_and_nested_paths() {
    assert_eq!(
        crate_modules("use crate::model::document::Document;"),
        ["model"]
    );
    assert_eq!(
        crate_modules("use crate::{config, engine::walk};"),
        ["config", "engine"]
    );
    assert_eq!(
        crate_modules("let x = crate::rules::matching(s); crate::cli::main()"),
        ["rules", "cli"]
    );
}
