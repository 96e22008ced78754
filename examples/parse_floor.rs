//! The floor `scripts/bench` measures qalint against: walk a directory as qalint does, read
//! every markdown file and parse it with pulldown-cmark (offsets on, qalint's options), on the
//! same number of threads, and do nothing else.
//!
//! ```sh
//! cargo run --release --example parse_floor -- DIR [--threads N]
//! ```
//!
//! Prints the files, bytes and events seen (so the work cannot be optimised away).

use std::path::PathBuf;

use pulldown_cmark::Parser;
use qalint::engine::walk;
use qalint::model::parser_options;
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    while let Some(a) = args.next() {
        if a == "--threads" {
            threads = args.next().and_then(|n| n.parse().ok()).unwrap_or(threads);
        } else {
            dir = Some(PathBuf::from(a));
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: parse_floor DIR [--threads N]");
        std::process::exit(2);
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let (files, bytes, events) = pool.install(|| {
        let (candidates, errors) = walk::collect(&[dir], threads);
        for e in &errors {
            eprintln!("parse_floor: {e:?}");
        }
        candidates
            .par_iter()
            .map(|c| match std::fs::read_to_string(&c.path) {
                Ok(text) => {
                    let events = Parser::new_ext(&text, parser_options())
                        .into_offset_iter()
                        .count();
                    (1, text.len(), events)
                }
                Err(_) => (0, 0, 0),
            })
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    println!("{files} files, {bytes} bytes, {events} events");
}
