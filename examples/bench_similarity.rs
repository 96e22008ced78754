//! Benchmark of QA402's threshold join on generated titles (not a test: timings need `--release`).
//!
//! ```sh
//! cargo run --release --example bench_similarity -- 100000 [threshold] [--check]
//! ```
//!
//! Prints the time to normalise, index and join `N` titles, and the pairs found. `--check` also
//! runs the brute-force comparison and reports whether both found the same pairs (use it on
//! 20,000 titles or fewer: it is quadratic).

use std::time::Instant;

use qalint::rules::duplicates::similarity::{Index, generate, normalize, terms};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let threshold: f32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0.85);
    let check = args.iter().any(|a| a == "--check");
    let titles = generate::titles(n, (n / 2).max(1_000), 42);
    let start = Instant::now();
    // As the rules do: equal normalised titles are one vector (QA401's business).
    let mut seen = std::collections::HashSet::new();
    let t: Vec<Vec<String>> = titles
        .iter()
        .map(|s| normalize(s))
        .filter(|s| seen.insert(s.clone()))
        .map(|s| terms(&s))
        .collect();
    drop(seen);
    drop(titles);
    let idx = Index::build(&t);
    drop(t);
    let built = start.elapsed();
    let pairs = idx.pairs(threshold);
    let total = start.elapsed();
    println!(
        "n={n} distinct={} threshold={threshold} terms={} build={:.3}s join={:.3}s total={:.3}s pairs={}",
        idx.vectors.len(),
        idx.df.len(),
        built.as_secs_f64(),
        (total - built).as_secs_f64(),
        total.as_secs_f64(),
        pairs.len()
    );
    if check {
        let s = Instant::now();
        let brute = idx.brute_force_pairs(threshold);
        let key = |v: &[(u32, u32, f32)]| v.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>();
        let (fast, slow) = (key(&pairs), key(&brute));
        let same = fast == slow;
        let found = fast
            .iter()
            .filter(|p| slow.binary_search(p).is_ok())
            .count();
        println!(
            "brute force: {:.3}s pairs={} same={same} recall={:.4}",
            s.elapsed().as_secs_f64(),
            brute.len(),
            if brute.is_empty() {
                1.0
            } else {
                found as f64 / brute.len() as f64
            }
        );
    }
}
