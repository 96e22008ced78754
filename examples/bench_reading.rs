//! Benchmark of QA402's title reading (`Reading::of`), the largest part of the repository pass
//! (not a test: timings need `--release`).
//!
//! ```sh
//! grep -rh '^#' ../shared/corpora --include='*.md' | sed 's/^#* *//' > /tmp/titles.txt
//! cargo run --release --example bench_reading -- /tmp/titles.txt [language]
//! ```
//!
//! Reads every line of the file as a title, five times, and prints the best time per title and
//! a digest of the readings: an optimisation must leave the digest unchanged.

use std::hash::{Hash, Hasher};
use std::time::Instant;

use qalint::rules::duplicates::similarity::reading::Reading;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_reading TITLES_FILE [LANGUAGE]");
        std::process::exit(2);
    };
    let language = args.next().unwrap_or_default();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("bench_reading: {path}: {e}");
            std::process::exit(2);
        }
    };
    let titles: Vec<&str> = text.lines().collect();
    let mut best = f64::MAX;
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    for round in 0..5 {
        let start = Instant::now();
        let readings: Vec<Reading> = titles.iter().map(|t| Reading::of(t, &language)).collect();
        best = best.min(start.elapsed().as_secs_f64());
        if round == 0 {
            for r in &readings {
                format!("{r:?}").hash(&mut digest);
            }
        }
    }
    println!(
        "{} titles: best of 5 {:.1} ms, {:.2} us per title, digest {:016x}",
        titles.len(),
        best * 1e3,
        best * 1e6 / titles.len().max(1) as f64,
        digest.finish()
    );
}
