//! Criterion benchmarks of the pipeline's phases, one group each, single-threaded (the engine
//! runs the per-file phases on a rayon pool; these figures are the work per core):
//!
//! - `read`: read each file and decode it as UTF-8 (what `engine::load` does);
//! - `parse`: `Document::parse` of each file (pulldown-cmark pass and question model);
//! - `rules`: the per-file rules of one family (`QA0` … `QA6`) on parsed documents, and every
//!   rule (`engine::check_document`) on freshly parsed ones (parsing is outside the timing);
//! - `repository`: `FileSummary::of` of each file, then the cross-file rules over the summaries;
//! - `render`: each output format, from the outcome of a real run;
//! - `pipeline`: `engine::run` on one thread, all of the above but rendering, for reference.
//!
//! Input: about 1 MB of markdown written at startup to a temporary directory by the
//! `gen_corpus` example (`--files 10 --questions 130 --seed 1`), looked for beside this bench's
//! binary (same target directory) and then under `target/release/examples/`. Without it, the
//! files of `fixtures/showcase/` are used (a few KB: figures then mean little).
//!
//! ```sh
//! cargo build --release --example gen_corpus   # once, for the 1 MB corpus
//! cargo bench --bench phases                   # every group (a few minutes on 2 cores)
//! cargo bench --bench phases -- parse          # one group (a filter on the bench names)
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkGroup, Criterion, Throughput, measurement::WallTime};
use qalint::config::{self, ConfigFile, Overrides, Profile};
use qalint::engine::walk;
use qalint::engine::write::Snapshot;
use qalint::engine::{self, Request};
use qalint::model::document::Document;
use qalint::model::summary::FileSummary;
use qalint::output::{self, Format, Style};
use qalint::rules::ActiveRule;

/// The rule families, by code prefix.
const FAMILIES: &[(&str, &str)] = &[
    ("QA0", "headings"),
    ("QA1", "numbering"),
    ("QA2", "math"),
    ("QA3", "answers-links"),
    ("QA4", "duplicates"),
    ("QA5", "toc"),
    ("QA6", "markdown"),
];

/// The families with cross-file rules (`Rule::check_repository`): numbering (QA101–QA104; only
/// under `numbering.scope: repository`, so nothing with the generated corpus' file scope),
/// broken links to other files (QA303), duplicate and similar questions (QA401, QA402).
const REPOSITORY_FAMILIES: &[(&str, &str)] = &[
    ("QA1", "numbering"),
    ("QA3", "answers-links"),
    ("QA4", "duplicates"),
];

/// The benchmark input: markdown files on disk and the profile the engine lints them under.
struct Corpus {
    /// Keeps the generated corpus alive until the end of the run.
    _dir: Option<tempfile::TempDir>,
    /// What `qalint check` is given.
    root: PathBuf,
    /// The files the engine lints, in walk order.
    files: Vec<PathBuf>,
    profile: Profile,
    /// Total size of `files`.
    bytes: u64,
}

impl Corpus {
    fn load() -> Corpus {
        let (dir, root) = match generate() {
            Some(dir) => {
                let root = dir.path().to_path_buf();
                (Some(dir), root)
            }
            None => {
                let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/showcase");
                eprintln!(
                    "phases: gen_corpus not built (`cargo build --release --example gen_corpus`); \
                     using {}",
                    root.display()
                );
                (None, root)
            }
        };
        // The engine resolves each file's profile from the config file found above it; the
        // generated corpus has one (`.qalint.yml`, the preset), the showcase none (defaults).
        let (candidates, errors) = walk::collect(std::slice::from_ref(&root), 1);
        assert!(errors.is_empty(), "walking {}: {errors:?}", root.display());
        let first = candidates.first().expect("markdown files to benchmark");
        let found = config::discover(&std::path::absolute(first.path.parent().unwrap()).unwrap());
        let file = found.map(|p| ConfigFile::load(&p).expect("the corpus config loads"));
        let cwd = std::env::current_dir().unwrap();
        let profile = config::resolve(file.as_ref(), &Overrides::default(), &cwd).expect("profile");
        let files: Vec<PathBuf> = candidates
            .into_iter()
            .filter(|c| c.explicit || profile.wants(&c.path))
            .map(|c| c.path)
            .collect();
        let bytes = files
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        eprintln!(
            "phases: {} files, {bytes} bytes under {}",
            files.len(),
            root.display()
        );
        Corpus {
            _dir: dir,
            root,
            files,
            profile,
            bytes,
        }
    }

    /// Every file's path (as the engine shows it) and text.
    fn texts(&self) -> Vec<(String, Arc<str>)> {
        self.files
            .iter()
            .map(|p| {
                let bytes = std::fs::read(p).unwrap();
                (walk::display(p), engine::decode(&bytes).unwrap())
            })
            .collect()
    }
}

/// Writes about 1 MB of markdown with the `gen_corpus` example, if it is built.
fn generate() -> Option<tempfile::TempDir> {
    let exe = format!("gen_corpus{}", std::env::consts::EXE_SUFFIX);
    // This binary is `<target>/release/deps/phases-<hash>`; examples are built to
    // `<target>/release/examples/`.
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("examples").join(&exe)));
    let in_repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/release/examples")
        .join(&exe);
    let generator = beside.into_iter().chain([in_repo]).find(|p| p.is_file())?;
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(&generator)
        .arg("--out")
        .arg(dir.path())
        .args(["--files", "10", "--questions", "130", "--seed", "1"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("running {}: {e}", generator.display()));
    assert!(status.success(), "{} failed: {status}", generator.display());
    Some(dir)
}

/// Short runs: the whole bench should take a few minutes on a 2-core machine.
fn group<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g
}

fn bench_read(c: &mut Criterion, corpus: &Corpus) {
    let mut g = group(c, "read");
    g.throughput(Throughput::Bytes(corpus.bytes));
    g.bench_function("fs_read_decode", |b| {
        b.iter(|| {
            for path in &corpus.files {
                let bytes = std::fs::read(path).unwrap();
                black_box(Snapshot::of(&bytes));
                black_box(engine::decode(&bytes).unwrap());
            }
        })
    });
    g.finish();
}

fn bench_parse(c: &mut Criterion, corpus: &Corpus) {
    let texts = corpus.texts();
    let mut g = group(c, "parse");
    g.throughput(Throughput::Bytes(corpus.bytes));
    g.bench_function("document", |b| {
        b.iter(|| {
            for (path, text) in &texts {
                black_box(Document::parse(
                    path.clone(),
                    text.clone(),
                    &corpus.profile.parse,
                ));
            }
        })
    });
    g.finish();
}

/// The profile's active rules whose code starts with `prefix`.
fn family<'p>(profile: &'p Profile, prefix: &str) -> Vec<&'p ActiveRule> {
    profile
        .rules
        .iter()
        .filter(|r| r.rule.meta().code().starts_with(prefix))
        .collect()
}

fn bench_rules(c: &mut Criterion, corpus: &Corpus) {
    let texts = corpus.texts();
    let profile = &corpus.profile;
    let parse = || -> Vec<Document<'_>> {
        texts
            .iter()
            .map(|(path, text)| Document::parse(path.clone(), text.clone(), &profile.parse))
            .collect()
    };
    // A document computes the views several rules share (question numbers, link targets,
    // anchors, the TOC) on first use and keeps them. The families run on documents whose views
    // are already built (one pass of every rule first), so each figure is the family's own work.
    // The views are in `all` (freshly parsed documents each iteration, as in the engine), and
    // `all` minus `all_warm` is what building them costs. (Fresh documents per family would
    // cost a parse per iteration: hours for a family that takes microseconds.)
    let warm = parse();
    for doc in &warm {
        black_box(engine::check_document(doc, profile));
    }
    let mut g = group(c, "rules");
    g.throughput(Throughput::Bytes(corpus.bytes));
    for &(prefix, name) in FAMILIES {
        let rules = family(profile, prefix);
        g.bench_function(format!("{prefix}-{name}"), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                for doc in &warm {
                    for active in &rules {
                        active.rule.check(doc, &mut out);
                    }
                }
                out
            })
        });
    }
    // Every active rule at its severity, custom rules included: `engine::check_document`.
    g.bench_function("all", |b| {
        b.iter_batched_ref(
            parse,
            |docs| {
                docs.iter()
                    .map(|doc| engine::check_document(doc, profile))
                    .collect::<Vec<_>>()
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("all_warm", |b| {
        b.iter(|| {
            warm.iter()
                .map(|doc| engine::check_document(doc, profile))
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

fn bench_repository(c: &mut Criterion, corpus: &Corpus) {
    let texts = corpus.texts();
    let profile = &corpus.profile;
    // As in `engine::lint_text`: every per-file rule has run (warming the documents' shared
    // views) before the summary is taken.
    let docs: Vec<Document<'_>> = texts
        .iter()
        .map(|(path, text)| {
            let doc = Document::parse(path.clone(), text.clone(), &profile.parse);
            black_box(engine::check_document(&doc, profile));
            doc
        })
        .collect();
    let summaries: Vec<FileSummary> = docs.iter().map(FileSummary::of).collect();
    let refs: Vec<&FileSummary> = summaries.iter().collect();
    let check = |rules: &[&ActiveRule]| {
        let mut out = Vec::new();
        let repo = qalint::rules::Repository::new(&profile.parse, &refs, rules.iter().copied());
        for active in rules {
            active.rule.check_repository(&repo, &mut out);
        }
        out
    };

    let mut g = group(c, "repository");
    g.throughput(Throughput::Bytes(corpus.bytes));
    g.bench_function("summaries", |b| {
        b.iter(|| docs.iter().map(FileSummary::of).collect::<Vec<_>>())
    });
    for &(prefix, name) in REPOSITORY_FAMILIES {
        let rules = family(profile, prefix);
        g.bench_function(format!("{prefix}-{name}"), |b| b.iter(|| check(&rules)));
    }
    let all: Vec<&ActiveRule> = profile.rules.iter().collect();
    g.bench_function("all", |b| b.iter(|| check(&all)));
    g.finish();
}

fn bench_render(c: &mut Criterion, corpus: &Corpus) {
    let outcome = engine::run(&Request {
        paths: vec![corpus.root.clone()],
        threads: 1,
        ..Request::default()
    });
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let findings: usize = outcome.files.iter().map(|f| f.diagnostics.len()).sum();
    eprintln!(
        "phases: {} questions, {findings} findings to render",
        outcome.questions()
    );
    let style = Style {
        color: false,
        width: 100,
        quiet: false,
    };
    let mut g = group(c, "render");
    // Rendering costs per finding (and its snippet), not per input byte.
    g.throughput(Throughput::Elements(findings as u64));
    for (name, format) in [
        ("human", Format::Human),
        ("concise", Format::Concise),
        ("json", Format::Json),
        ("github", Format::Github),
        ("sarif", Format::Sarif),
    ] {
        g.bench_function(name, |b| b.iter(|| output::render(&outcome, format, style)));
    }
    g.finish();
}

/// The whole `qalint check` pipeline on one thread (walk, config, every phase above, suppressions,
/// sorting; no rendering): a check that the phases add up.
fn bench_pipeline(c: &mut Criterion, corpus: &Corpus) {
    let req = Request {
        paths: vec![corpus.root.clone()],
        threads: 1,
        ..Request::default()
    };
    let mut g = group(c, "pipeline");
    // About 70 ms a run: 55 runs (10 samples) need more than the default 3 s.
    g.measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(corpus.bytes));
    g.bench_function("engine_run_1_thread", |b| b.iter(|| engine::run(&req)));
    g.finish();
}

fn main() {
    let corpus = Corpus::load();
    let mut c = Criterion::default().configure_from_args();
    bench_read(&mut c, &corpus);
    bench_parse(&mut c, &corpus);
    bench_rules(&mut c, &corpus);
    bench_repository(&mut c, &corpus);
    bench_render(&mut c, &corpus);
    bench_pipeline(&mut c, &corpus);
    c.final_summary();
}
