//! Latency of `qalint server`: how long after a `didChange` the diagnostics of a 5,000-line
//! document are published (the issue's budget: 50 ms). Not a test: timings need `--release`.
//!
//! ```sh
//! cargo bench --bench server              # prints a markdown report
//! cargo bench --bench server -- --write   # and writes it to BENCHMARKS-server.md
//! ```
//!
//! The server runs on its own thread behind an in-memory connection, as in `tests/server.rs`;
//! the document is generated (numbered questions with paragraphs, lists, code, math, links and
//! a table of contents, a few defects), in a temporary workspace with a config and a second
//! file, so the repository pass runs too. Each round is one incremental edit (a character typed
//! in the middle of the document), a full-text change, or an edit that adds a duplicate
//! question; the time is from sending the notification to receiving the publication of that
//! version.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const LINES: usize = 5_000;
const ROUNDS: usize = 60;

/// A document of at least `lines` lines: numbered questions with varied answers, a TOC, and a
/// few defects (a gap, titles without `?`, broken links).
fn document(lines: usize) -> String {
    let mut s = String::from("# Interview questions\n\n## Contents\n\n");
    for i in 1..=40 {
        let _ = writeln!(s, "- [Q{i}](#q{i}-what-is-topic-{i})");
    }
    s.push('\n');
    let mut i: usize = 0;
    while s.lines().count() < lines {
        i += 1;
        // A gap from the middle on, a title without `?` now and then.
        let number = if i > 250 { i + 1 } else { i };
        let mark = if i % 97 == 0 { "" } else { "?" };
        let _ = writeln!(s, "## Q{number}: What is topic {i}{mark}\n");
        match i % 4 {
            0 => {
                let _ = writeln!(
                    s,
                    "Topic {i} is explained with $a_{i} + b^2 = c$ and a *short* note.\n\n- one\n- two\n"
                );
            }
            1 => {
                let _ = writeln!(s, "```python\nprint({i})\nx = {i}\n```\n\nSee above.\n");
            }
            2 => {
                let back = i.saturating_sub(1).max(1);
                let broken = if i % 10 == 2 {
                    "#nowhere"
                } else {
                    "#q1-what-is-topic-1"
                };
                let _ = writeln!(
                    s,
                    "Related to [the previous one](#q{back}-what-is-topic-{back}); also [this]({broken}).\n\nMore text here.\n"
                );
            }
            _ => {
                let _ = writeln!(s, "$$\n\\sum_{{k=1}}^{{{i}}} k\n$$\n\nDone.\n");
            }
        }
    }
    s
}

struct Client {
    conn: Connection,
    next: i32,
}

impl Client {
    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_string(), params).into())
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.to_string(), params).into())
            .unwrap();
        loop {
            if let Message::Response(r) = self.recv()
                && r.id == id
            {
                return r.response_result.unwrap_or(Value::Null);
            }
        }
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers")
    }

    /// Wait for the publication of `version` of `uri`; returns how many findings it has.
    fn published(&self, uri: &str, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.recv()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
                && n.params["version"] == version
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

struct Stats {
    name: &'static str,
    times: Vec<Duration>,
    findings: usize,
}

impl Stats {
    fn row(&mut self) -> String {
        self.times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let n = self.times.len();
        let p = |q: f64| self.times[((n as f64 - 1.0) * q).round() as usize];
        format!(
            "| {} | {n} | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
            self.name,
            ms(self.times[0]),
            ms(p(0.5)),
            ms(p(0.95)),
            ms(self.times[n - 1]),
            self.findings
        )
    }
}

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let dir = tempfile::tempdir().unwrap();
    let root = qalint::base::paths::absolute(dir.path());
    std::fs::write(root.join(".qalint.yml"), "questions:\n  preset: q-colon\n").unwrap();
    std::fs::write(
        root.join("other.md"),
        "## Q1: What is an unrelated question?\n\nYes.\n",
    )
    .unwrap();
    let text = document(LINES);
    let path = root.join("big.md");
    std::fs::write(&path, &text).unwrap();
    let line_count = text.lines().count();

    let (server, conn) = Connection::memory();
    let handle = std::thread::spawn(move || {
        qalint::cli::server::serve(&server, qalint::cli::server::Options::default())
    });
    let mut c = Client { conn, next: 0 };
    c.request(
        "initialize",
        json!({"capabilities": {}, "workspaceFolders": [{"uri": uri(&root), "name": "bench"}]}),
    );
    c.notify("initialized", json!({}));
    let u = uri(&path);
    let started = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let findings = c.published(&u, 1);
    let mut open = Stats {
        name: "didOpen",
        times: vec![started.elapsed()],
        findings,
    };

    let middle = line_count / 2;
    let mut version = 1;
    let mut typed = Stats {
        name: "didChange, incremental (one character)",
        times: Vec::new(),
        findings: 0,
    };
    let mut full = Stats {
        name: "didChange, full text",
        times: Vec::new(),
        findings: 0,
    };
    let mut dup = Stats {
        name: "didChange adding a duplicate question (cross-file)",
        times: Vec::new(),
        findings: 0,
    };
    let mut current = text.clone();
    for _ in 0..ROUNDS {
        version += 1;
        let started = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version},
                   "contentChanges": [{"range": {"start": {"line": middle, "character": 0}, "end": {"line": middle, "character": 0}}, "text": "x"}]}),
        );
        typed.findings = c.published(&u, version);
        typed.times.push(started.elapsed());
        let at = current
            .match_indices('\n')
            .nth(middle.saturating_sub(1))
            .map_or(0, |(i, _)| i + 1);
        current.insert(at, 'x');

        // A duplicate of the other file's question, added at the end (the repository pass
        // reports it), then the full text without it.
        version += 1;
        let started = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version},
                   "contentChanges": [{"range": {"start": {"line": line_count, "character": 0}, "end": {"line": line_count, "character": 0}},
                                       "text": "## Q9999: What is an unrelated question?\n"}]}),
        );
        dup.findings = c.published(&u, version);
        dup.times.push(started.elapsed());

        version += 1;
        let started = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version}, "contentChanges": [{"text": current}]}),
        );
        full.findings = c.published(&u, version);
        full.times.push(started.elapsed());
    }
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    let _ = handle.join();

    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let mut report = String::new();
    let _ = writeln!(report, "# `qalint server` latency\n");
    let _ = writeln!(
        report,
        "`cargo bench --bench server -- --write` ({profile} build, {} core(s)): a generated document of {line_count} lines ({} bytes) in a workspace with a config and one more file. Time from sending the notification to receiving the diagnostics of that version, in milliseconds. Budget: 50 ms after `didChange`.\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        text.len()
    );
    let _ = writeln!(
        report,
        "| edit | rounds | min | median | p95 | max | findings |\n|---|---|---|---|---|---|---|"
    );
    for s in [&mut open, &mut typed, &mut full, &mut dup] {
        let _ = writeln!(report, "{}", s.row());
    }
    print!("{report}");
    if write {
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS-server.md"),
            &report,
        )
        .unwrap();
        println!("written to BENCHMARKS-server.md");
    }
}
