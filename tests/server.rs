//! `qalint server` through an in-memory connection (`lsp_server::Connection::memory()`): every
//! method the server answers or listens to, with the documents and configs in temporary
//! directories; and the real binary over stdio for what only a byte stream can send (malformed
//! messages).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

mod common;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A response, as the tests read it.
struct Reply {
    result: Option<Value>,
    error: Option<lsp_server::ResponseError>,
}

/// A client talking to a server thread.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<bool>>,
    next: i32,
    /// Notifications and server requests not consumed yet.
    inbox: VecDeque<Message>,
    /// `workspace/applyEdit` requests the server sent.
    applied: Vec<Value>,
}

fn uri(p: &Path) -> String {
    let mut s = String::from("file://");
    for c in p.to_string_lossy().replace('\\', "/").chars() {
        match c {
            ' ' => s.push_str("%20"),
            '#' => s.push_str("%23"),
            c => s.push(c),
        }
    }
    if !s.starts_with("file:///") {
        s.insert(7, '/');
    }
    s
}

impl Client {
    fn start(options: qalint::cli::server::Options) -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || qalint::cli::server::serve(&server, options));
        Client {
            conn: client,
            server: Some(handle),
            next: 0,
            inbox: VecDeque::new(),
            applied: Vec::new(),
        }
    }

    /// Start, initialize with `root` as the workspace folder and `capabilities`.
    fn init(root: &Path, capabilities: Value) -> (Client, Value) {
        Client::init_with(root, capabilities, qalint::cli::server::Options::default())
    }

    fn init_with(
        root: &Path,
        capabilities: Value,
        options: qalint::cli::server::Options,
    ) -> (Client, Value) {
        let mut c = Client::start(options);
        let r = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "workspaceFolders": [{"uri": uri(root), "name": "root"}],
            }),
        );
        let result = r.result.expect("initialize succeeds");
        c.notify("initialized", json!({}));
        (c, result)
    }

    fn recv(&mut self) -> Message {
        let msg = self
            .conn
            .receiver
            .recv_timeout(TIMEOUT)
            .expect("the server answers in time");
        if let Message::Request(r) = &msg {
            // Answer the server's requests at once, as an editor does.
            if r.method == "workspace/applyEdit" {
                self.applied.push(r.params.clone());
            }
            let result = if r.method == "workspace/applyEdit" {
                json!({"applied": true})
            } else {
                Value::Null
            };
            self.conn
                .sender
                .send(Response::new_ok(r.id.clone(), result).into())
                .unwrap();
        }
        msg
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(
                Request {
                    id: id.clone(),
                    method: method.to_string(),
                    params,
                }
                .into(),
            )
            .unwrap();
        id
    }

    fn request(&mut self, method: &str, params: Value) -> Reply {
        let id = self.send_request(method, params);
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Ok(v) => Reply {
                            result: Some(v),
                            error: None,
                        },
                        Err(e) => Reply {
                            result: None,
                            error: Some(e),
                        },
                    };
                }
                other => self.inbox.push_back(other),
            }
        }
    }

    fn ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        r.result
            .unwrap_or_else(|| panic!("{method} failed: {:?}", r.error))
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(
                Notification {
                    method: method.to_string(),
                    params,
                }
                .into(),
            )
            .unwrap();
    }

    /// The next message that `pred` accepts (earlier ones stay in the inbox).
    fn wait(&mut self, what: &str, pred: impl Fn(&Message) -> bool) -> Message {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return self.inbox.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            let m = self.recv();
            if pred(&m) {
                return m;
            }
            self.inbox.push_back(m);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(&format!("diagnostics of {uri}"), |m| {
            matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri)
        });
        let Message::Notification(n) = m else {
            unreachable!()
        };
        n.params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The diagnostics of `uri` once they satisfy `pred` (published again as edits settle).
    fn diagnostics_until(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let d = self.diagnostics(uri);
            if pred(&d) {
                return d;
            }
            assert!(
                Instant::now() < deadline,
                "diagnostics never settled: {d:#?}"
            );
        }
    }

    fn open(&self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&self, path: &Path, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": changes}),
        );
    }

    fn shutdown(mut self) -> bool {
        self.ok("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn codes(ds: &[Value]) -> Vec<String> {
    ds.iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn with_code<'a>(ds: &'a [Value], code: &str) -> Vec<&'a Value> {
    ds.iter().filter(|d| d["code"] == code).collect()
}

const CONFIG: &str = "questions:\n  preset: q-colon\n";

fn repo(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = common::repo(files);
    let root = qalint::base::paths::absolute(dir.path());
    (dir, root)
}

/// Apply LSP text edits (UTF-16 positions) to `text`.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let (line, ch) = (
            pos["line"].as_u64().unwrap() as usize,
            pos["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let rest = &text[start..];
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// The edits a workspace edit makes to `uri` (`changes` or `documentChanges`).
fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(e) = edit["changes"][uri].as_array() {
        return e.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["textDocument"]["uri"] == uri)
        .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Life cycle and protocol errors.

#[test]
fn initialize_announces_what_the_server_does_and_shutdown_exits_cleanly() {
    let (_dir, root) = repo(&[
        (".qalint.yml", CONFIG),
        ("a.md", "## Q1: What is a list?\n\nA.\n"),
    ]);
    let (mut c, result) = Client::init(&root, json!({}));
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["save"]["includeText"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["codeActionProvider"]["resolveProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"].to_string();
    assert!(
        kinds.contains("quickfix") && kinds.contains("source.fixAll.qalint"),
        "{kinds}"
    );
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["qalint.renumber"])
    );
    assert_eq!(result["serverInfo"]["name"], "qalint");
    let log = c.wait(
        "the workspace summary",
        |m| matches!(m, Message::Notification(n) if n.method == "window/logMessage"),
    );
    let Message::Notification(n) = log else {
        unreachable!()
    };
    assert!(
        n.params["message"]
            .as_str()
            .unwrap()
            .contains("1 file(s) summarised"),
        "{}",
        n.params
    );
    assert!(c.shutdown(), "shutdown then exit is a clean end");
}

#[test]
fn requests_out_of_turn_unknown_methods_and_bad_params_are_errors_not_crashes() {
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG)]);
    let mut c = Client::start(Default::default());
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32002, "not initialized yet");
    let r = c.request("initialize", json!({"capabilities": "not an object"}));
    assert_eq!(r.error.unwrap().code, -32602, "invalid params");
    let r = c.request(
        "initialize",
        json!({"capabilities": {}, "workspaceFolders": [{"uri": uri(&root), "name": "r"}]}),
    );
    assert!(r.result.is_some());
    let r = c.request("textDocument/definition", json!({}));
    assert_eq!(r.error.unwrap().code, -32601, "MethodNotFound");
    let r = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r.error.unwrap().code, -32602);
    // A notification with bad params is logged; the server goes on.
    c.notify("textDocument/didOpen", json!({"textDocument": "nope"}));
    c.notify("$/unknownNotification", json!({}));
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "qalint.nothing", "arguments": []}),
    );
    assert_eq!(r.error.unwrap().code, -32602);
    c.ok("shutdown", Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32600, "after shutdown");
    c.notify("exit", Value::Null);
    assert!(c.server.take().unwrap().join().unwrap());
}

#[test]
fn exit_without_shutdown_is_not_a_clean_end() {
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG)]);
    let (mut c, _) = Client::init(&root, json!({}));
    c.notify("exit", Value::Null);
    assert!(!c.server.take().unwrap().join().unwrap());
}

// ---------------------------------------------------------------------------------------------
// Diagnostics.

#[test]
fn did_open_publishes_codes_links_severities_and_utf16_ranges() {
    let text = "## Q1: What is a list?\n\nSee 😀 [it](#no-such-anchor) and $x.\n\n## Q2: What is a set\n\nB.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let a = root.join("a.md");
    c.open(&a, text);
    let ds = c.diagnostics(&uri(&a));
    let link = with_code(&ds, "QA303");
    assert_eq!(link.len(), 1, "{ds:#?}");
    let d = link[0];
    // The anchor starts after the emoji: two UTF-16 units, one char.
    let line = "See 😀 [it](#no-such-anchor) and $x.";
    let at = line.find("#no-such-anchor").unwrap();
    let start = line[..at].encode_utf16().count();
    assert_ne!(start, line[..at].chars().count());
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": start}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "qalint");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://github.com/qalint/qalint/blob/main/src/rules/answers/qa303_broken_link.rs"
    );
    assert!(d["message"].as_str().unwrap().contains("\nhelp: "), "{d}");
    // A warning: the title without `?`.
    let style = with_code(&ds, "QA003");
    assert_eq!(style.len(), 1, "{ds:#?}");
    assert_eq!(style[0]["severity"], 2);
    assert_eq!(style[0]["range"]["start"]["line"], 4);
    assert!(c.shutdown());
}

#[test]
fn incremental_and_full_changes_update_the_diagnostics_with_their_version() {
    let text = "## Q1: What is a list?\n\nA.\n\n## Q2: What is a set?\n\nB.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let a = root.join("a.md");
    c.open(&a, text);
    assert!(c.diagnostics(&uri(&a)).is_empty());
    // Incremental: `Q2` becomes `Q3` (a gap).
    c.change(
        &a,
        2,
        json!([{"range": {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 5}}, "text": "3"}]),
    );
    let m = c.wait("version 2", |m| {
        matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics" && n.params["version"] == 2)
    });
    let Message::Notification(n) = m else {
        unreachable!()
    };
    let ds = n.params["diagnostics"].as_array().unwrap().clone();
    assert_eq!(codes(&ds), ["QA101"], "{ds:#?}");
    assert_eq!(
        ds[0]["range"]["start"],
        json!({"line": 4, "character": 4}),
        "the number"
    );
    // Two changes in one notification, applied in order.
    c.change(
        &a,
        3,
        json!([
            {"range": {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 5}}, "text": "2"},
            {"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 2}}, "text": "TODO"},
        ]),
    );
    let ds = c.diagnostics_until(&uri(&a), |d| {
        !d.is_empty() && !codes(d).contains(&"QA101".to_string())
    });
    assert_eq!(codes(&ds), ["QA301"], "a placeholder answer: {ds:#?}");
    // Full sync: the whole text.
    c.change(&a, 4, json!([{"text": text}]));
    let ds = c.diagnostics_until(&uri(&a), |d| d.is_empty());
    assert!(ds.is_empty());
    assert!(c.shutdown());
}

#[test]
fn save_resyncs_and_close_clears() {
    let text = "## Q1: What is a list?\n\nA.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let a = root.join("a.md");
    c.open(&a, text);
    assert!(c.diagnostics(&uri(&a)).is_empty());
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&a)}, "text": "## Q2: What is a list?\n\nA.\n"}),
    );
    let ds = c.diagnostics(&uri(&a));
    assert_eq!(codes(&ds), ["QA104"], "the saved text counts: {ds:#?}");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&a)}}),
    );
    assert!(c.diagnostics(&uri(&a)).is_empty(), "closing clears");
    assert!(c.shutdown());
}

#[test]
fn an_edit_outside_the_document_rereads_it_and_the_server_goes_on() {
    let disk = "## Q1: What is a list\n\nTODO\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", disk)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let a = root.join("a.md");
    c.open(&a, "## Q1: What is a list?\n\nA.\n");
    assert!(c.diagnostics(&uri(&a)).is_empty());
    c.change(
        &a,
        2,
        json!([{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 41, "character": 0}}, "text": "x"}]),
    );
    let ds = c.diagnostics(&uri(&a));
    assert_eq!(
        codes(&ds),
        ["QA301", "QA003"],
        "read again from disk: {ds:#?}"
    );
    c.wait("a warning", |m| {
        matches!(m, Message::Notification(n) if n.method == "window/logMessage"
            && n.params["message"].as_str().unwrap_or("").contains("does not fit"))
    });
    // A character past a line's end means its end (the protocol's rule): no resync.
    c.change(
        &a,
        3,
        json!([{"range": {"start": {"line": 0, "character": 99}, "end": {"line": 0, "character": 99}}, "text": "?"}]),
    );
    assert_eq!(codes(&c.diagnostics(&uri(&a))), ["QA301"]);
    assert!(c.shutdown());
}

// ---------------------------------------------------------------------------------------------
// Cross-file findings.

#[test]
fn a_duplicate_across_open_documents_shows_in_both_and_goes_away_with_it() {
    let a_text = "## Q1: What is a list?\n\nA.\n";
    let b_text = "## Q1: What is a set?\n\nB.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", a_text), ("b.md", b_text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let (a, b) = (root.join("a.md"), root.join("b.md"));
    c.open(&a, a_text);
    assert!(c.diagnostics(&uri(&a)).is_empty());
    c.open(&b, b_text);
    assert!(c.diagnostics(&uri(&b)).is_empty());
    let dup = format!("{b_text}\n## Q2: What is a list?\n\nC.\n");
    c.change(&b, 2, json!([{"text": dup}]));
    let ds = c.diagnostics_until(&uri(&b), |d| !with_code(d, "QA401").is_empty());
    let d = with_code(&ds, "QA401")[0];
    assert_eq!(d["range"]["start"]["line"], 4);
    let rel = &d["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], uri(&a));
    assert_eq!(
        rel["location"]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    // The first occurrence's document shows it too, as a hint pointing back.
    let ds = c.diagnostics_until(&uri(&a), |d| !d.is_empty());
    let h = with_code(&ds, "QA401");
    assert_eq!(h.len(), 1, "{ds:#?}");
    assert_eq!(h[0]["severity"], 4, "a hint");
    assert_eq!(h[0]["relatedInformation"][0]["location"]["uri"], uri(&b));
    c.change(&b, 3, json!([{"text": b_text}]));
    assert!(c.diagnostics_until(&uri(&b), |d| d.is_empty()).is_empty());
    assert!(c.diagnostics_until(&uri(&a), |d| d.is_empty()).is_empty());
    assert!(c.shutdown());
}

#[test]
fn renaming_a_heading_updates_the_file_whose_links_point_at_it() {
    let toc = "# Contents\n\n- [Lists](b.md#q1-what-is-a-list)\n";
    let b_text = "## Q1: What is a list?\n\nA.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", toc), ("b.md", b_text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let (a, b) = (root.join("a.md"), root.join("b.md"));
    c.open(&a, toc);
    assert!(c.diagnostics(&uri(&a)).is_empty());
    c.open(&b, b_text);
    assert!(c.diagnostics(&uri(&b)).is_empty());
    c.change(
        &b,
        2,
        json!([{"range": {"start": {"line": 0, "character": 15}, "end": {"line": 0, "character": 19}}, "text": "queue"}]),
    );
    let ds = c.diagnostics_until(&uri(&a), |d| !d.is_empty());
    assert_eq!(codes(&ds), ["QA303"], "{ds:#?}");
    assert_eq!(ds[0]["range"]["start"]["line"], 2);
    assert!(c.shutdown());
}

#[test]
fn files_created_changed_and_deleted_on_disk_follow_watched_file_events() {
    let a_text = "## Q1: What is a list?\n\nA.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", a_text)]);
    let (mut c, _) = Client::init(
        &root,
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let reg = c.wait(
        "the watcher registration",
        |m| matches!(m, Message::Request(r) if r.method == "client/registerCapability"),
    );
    let Message::Request(reg) = reg else {
        unreachable!()
    };
    let globs = reg.params.to_string();
    assert!(
        globs.contains("**/*.md") && globs.contains(".qalint.yml"),
        "{globs}"
    );
    let a = root.join("a.md");
    c.open(&a, "## Q1: What is a set?\n\nA.\n");
    assert!(c.diagnostics(&uri(&a)).is_empty());
    let z = root.join("z.md");
    std::fs::write(&z, "## Q1: What is a set?\n\nZ.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&z), "type": 1}]}),
    );
    // a.md comes first in path order: z.md repeats it, and a.md shows a hint.
    let ds = c.diagnostics_until(&uri(&a), |d| !d.is_empty());
    assert_eq!(codes(&ds), ["QA401"], "{ds:#?}");
    std::fs::remove_file(&z).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&z), "type": 3}]}),
    );
    assert!(c.diagnostics_until(&uri(&a), |d| d.is_empty()).is_empty());
    assert!(c.shutdown());
}

// ---------------------------------------------------------------------------------------------
// Configs.

#[test]
fn config_changes_apply_and_a_broken_config_is_reported_and_the_last_good_one_kept() {
    let text = "## Q1: What is a list\n\nA.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let a = root.join("a.md");
    let cfg = root.join(".qalint.yml");
    c.open(&a, text);
    assert_eq!(codes(&c.diagnostics(&uri(&a))), ["QA003"]);
    // Changed on disk, announced by a watcher: QA003 off.
    std::fs::write(&cfg, format!("{CONFIG}rules:\n  ignore: [QA003]\n")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&cfg), "type": 2}]}),
    );
    assert!(c.diagnostics_until(&uri(&a), |d| d.is_empty()).is_empty());
    // Broken in the editor: reported on the config as it is typed, applied on save (which
    // keeps the last good config).
    let broken = format!("{CONFIG}rulez:\n  ignore: [QA003]\n");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&cfg), "languageId": "yaml", "version": 1, "text": format!("{CONFIG}rules:\n  ignore: [QA003]\n")}}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&cfg), "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let ds = c.diagnostics(&uri(&cfg));
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let msg = ds[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("rulez") && msg.contains("did you mean `rules`"),
        "{msg}"
    );
    assert_eq!(ds[0]["range"]["start"]["line"], 2);
    std::fs::write(&cfg, &broken).unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&cfg)}, "text": broken}),
    );
    // The document is linted again under the last good config: still no QA003.
    let ds = c.diagnostics(&uri(&a));
    assert!(ds.is_empty(), "{ds:#?}");
    // Repaired: the error goes away, the new config applies.
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&cfg)}, "text": CONFIG}),
    );
    assert!(c.diagnostics_until(&uri(&cfg), |d| d.is_empty()).is_empty());
    assert_eq!(
        codes(&c.diagnostics_until(&uri(&a), |d| !d.is_empty())),
        ["QA003"]
    );
    assert!(c.shutdown());
}

// ---------------------------------------------------------------------------------------------
// Code actions, the renumber command, hover.

#[test]
fn quick_fixes_say_when_they_are_unsafe_and_apply_to_the_finding() {
    let text = "## Q1: What is a list\n\nA.\n\n## Q2: What is a set?  \n\nB.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let a = root.join("a.md");
    c.open(&a, text);
    let ds = c.diagnostics(&uri(&a));
    assert_eq!(codes(&ds), ["QA003", "QA003"], "{ds:#?}");
    let actions = |c: &mut Client, line: u32| {
        c.ok(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri(&a)},
                "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 99}},
                "context": {"diagnostics": []},
            }),
        )
    };
    let first = actions(&mut c, 0);
    let quick: Vec<&Value> = first
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "quickfix")
        .collect();
    assert_eq!(quick.len(), 1, "{first:#}");
    let title = quick[0]["title"].as_str().unwrap();
    assert!(title.ends_with("(unsafe)"), "{title}");
    assert_eq!(quick[0]["isPreferred"], false);
    assert_eq!(quick[0]["diagnostics"][0]["code"], "QA003");
    let fixed = apply_edits(text, &edits_for(&quick[0]["edit"], &uri(&a)));
    assert!(fixed.starts_with("## Q1: What is a list?\n"), "{fixed}");
    let second = actions(&mut c, 4);
    let quick: Vec<&Value> = second
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "quickfix")
        .collect();
    assert_eq!(quick.len(), 1, "{second:#}");
    assert!(!quick[0]["title"].as_str().unwrap().contains("unsafe"));
    assert_eq!(quick[0]["isPreferred"], true);
    // Only source actions asked for: no quick fix.
    let only = c.ok(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&a)},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source"]},
        }),
    );
    assert!(
        only.as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] != "quickfix"),
        "{only:#}"
    );
    assert!(c.shutdown());
}

#[test]
fn fix_all_applies_every_safe_fix_with_or_without_resolve() {
    let text = "## Q1: What is a list?  \n\nSee [x](#q2-what-is-a-set-x).\n\n## Q2: What is a set?\n\nA  *b *.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    for resolve in [false, true] {
        let caps = if resolve {
            json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}},
                   "workspace": {"workspaceEdit": {"documentChanges": true}}})
        } else {
            json!({})
        };
        let (mut c, _) = Client::init(&root, caps);
        let a = root.join("a.md");
        c.open(&a, text);
        let ds = c.diagnostics(&uri(&a));
        assert!(ds.len() >= 2, "{ds:#?}");
        let list = c.ok(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri(&a)},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]},
            }),
        );
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 1, "{list:#?}");
        assert_eq!(list[0]["kind"], "source.fixAll.qalint");
        let action = if resolve {
            assert!(list[0]["edit"].is_null(), "left to codeAction/resolve");
            c.ok("codeAction/resolve", list[0].clone())
        } else {
            list[0].clone()
        };
        let edits = edits_for(&action["edit"], &uri(&a));
        assert!(!edits.is_empty(), "{action:#}");
        if resolve {
            assert_eq!(
                action["edit"]["documentChanges"][0]["textDocument"]["version"],
                1
            );
        }
        let fixed = apply_edits(text, &edits);
        c.change(&a, 2, json!([{"text": fixed}]));
        let after = c.diagnostics(&uri(&a));
        // What remains has no safe fix.
        let quick = c.ok(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri(&a)},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}},
                "context": {"diagnostics": []},
            }),
        );
        let safe: Vec<&Value> = quick
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["isPreferred"] == true)
            .collect();
        assert!(safe.is_empty(), "{fixed}\n{after:#?}\n{safe:#?}");
        assert!(c.shutdown());
    }
}

#[test]
fn renumber_command_edits_every_file_of_the_collection_links_included() {
    let config = "questions:\n  preset: q-colon\n  numbering:\n    scope: repository\n";
    let a_text = "# Contents\n\n- [Sets](b.md#q4-what-is-a-set)\n\n## Q1: What is a list?\n\nA.\n";
    let b_text = "## Q4: What is a set?\n\nB.\n";
    let (_dir, root) = repo(&[(".qalint.yml", config), ("a.md", a_text), ("b.md", b_text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let (a, b) = (root.join("a.md"), root.join("b.md"));
    c.open(&b, b_text);
    let ds = c.diagnostics(&uri(&b));
    assert_eq!(codes(&ds), ["QA101"], "{ds:#?}");
    // The action that runs the command.
    let list = c.ok(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&b)},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source"]},
        }),
    );
    let cmd = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["command"]["command"] == "qalint.renumber")
        .unwrap_or_else(|| panic!("{list:#}"))["command"]
        .clone();
    let r = c.ok(
        "workspace/executeCommand",
        json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
    );
    assert!(r.is_null());
    let edit = c.applied.pop().or_else(|| {
        c.wait(
            "applyEdit",
            |m| matches!(m, Message::Request(r) if r.method == "workspace/applyEdit"),
        );
        c.applied.pop()
    });
    let edit = edit.expect("workspace/applyEdit")["edit"].clone();
    let new_b = apply_edits(b_text, &edits_for(&edit, &uri(&b)));
    let new_a = apply_edits(a_text, &edits_for(&edit, &uri(&a)));
    assert_eq!(new_b, "## Q2: What is a set?\n\nB.\n");
    assert!(new_a.contains("(b.md#q2-what-is-a-set)"), "{new_a}");
    // Nothing to do: a message, no edit.
    c.change(&b, 2, json!([{"text": new_b}]));
    assert!(c.diagnostics(&uri(&b)).is_empty());
    std::fs::write(&a, &new_a).unwrap();
    c.ok(
        "workspace/executeCommand",
        json!({"command": "qalint.renumber", "arguments": []}),
    );
    let shown = c.wait(
        "a message",
        |m| matches!(m, Message::Notification(n) if n.method == "window/showMessage"),
    );
    let Message::Notification(n) = shown else {
        unreachable!()
    };
    assert!(
        n.params["message"]
            .as_str()
            .unwrap()
            .contains("in order already")
    );
    assert!(c.shutdown());
}

#[test]
fn hover_explains_a_finding_and_a_question_heading() {
    let a_text = "## Q1: What is a list?\n\nA.\n\n## Q2: What is a set?\n\nB.\n\n## Q3: What is a map?\n\nC.\n";
    let b_text = "## Q1: What is a set?\n\nD.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", a_text), ("b.md", b_text)]);
    let (mut c, _) = Client::init(&root, json!({}));
    let (a, b) = (root.join("a.md"), root.join("b.md"));
    c.open(&a, a_text);
    c.diagnostics(&uri(&a));
    c.open(&b, b_text);
    let ds = c.diagnostics(&uri(&b));
    assert_eq!(codes(&ds), ["QA401"]);
    let hover = |c: &mut Client, p: &Path, line: u32, ch: u32| {
        c.ok(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(p)}, "position": {"line": line, "character": ch}}),
        )
    };
    let h = hover(&mut c, &b, 0, 8);
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("**QA401 `duplicate-question`**"), "{v}");
    assert!(v.contains("already asked as"), "{v}");
    assert!(v.contains("**Fix.** None"), "{v}");
    let h = hover(&mut c, &a, 4, 10);
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("**Question `Q2`**: What is a set?"), "{v}");
    assert!(v.contains("question 2 of 3 in this file"), "{v}");
    assert!(
        v.contains("previous `Q1` at line 1; next `Q3` at line 9"),
        "{v}"
    );
    assert!(
        v.contains("QA401 asked again at `") && v.contains("b.md:1`"),
        "{v}"
    );
    assert_eq!(h["range"]["start"], json!({"line": 4, "character": 0}));
    // Nothing to say on a plain line.
    assert!(hover(&mut c, &a, 2, 0).is_null());
    assert!(c.shutdown());
}

// ---------------------------------------------------------------------------------------------
// Robustness.

/// A rule whose check panics on every document.
struct Panicking;

static PANICKING: qalint::rules::RuleMeta = qalint::rules::RuleMeta {
    code: "QA999",
    name: "always-panics",
    family: qalint::base::diagnostic::Family::Markup,
    summary: "test rule that panics",
    default_severity: qalint::base::diagnostic::Severity::Error,
};

impl qalint::rules::Rule for Panicking {
    fn meta(&self) -> qalint::base::diagnostic::RuleRef {
        (&PANICKING).into()
    }
    fn check(
        &self,
        _: &qalint::model::document::Document,
        _: &mut Vec<qalint::base::diagnostic::Diagnostic>,
    ) {
        panic!("boom in a rule");
    }
}

#[test]
fn a_panicking_rule_is_a_diagnostic_and_the_other_rules_still_report() {
    let text = "## Q1: What is a list\n\nA.\n";
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG), ("a.md", text)]);
    let options = qalint::cli::server::Options {
        profile_hook: Some(Arc::new(|p: &mut qalint::config::Profile| {
            p.rules.push(qalint::rules::ActiveRule {
                rule: Box::new(Panicking),
                severity: qalint::base::diagnostic::Severity::Error,
            });
        })),
        ..Default::default()
    };
    let (mut c, _) = Client::init_with(&root, json!({}), options);
    let a = root.join("a.md");
    c.open(&a, text);
    let ds = c.diagnostics(&uri(&a));
    assert_eq!(codes(&ds), ["QA003", "QA999"], "{ds:#?}");
    let m = ds[1]["message"].as_str().unwrap();
    assert!(m.contains("crashed") && m.contains("boom in a rule"), "{m}");
    // And the server still answers.
    c.change(&a, 2, json!([{"text": "## Q1: What is a list?\n\nA.\n"}]));
    assert_eq!(codes(&c.diagnostics(&uri(&a))), ["QA999"]);
    assert!(c.shutdown());
}

/// Read one framed message from the server's stdout.
fn read_message(out: &mut impl BufRead) -> Value {
    let mut len = 0;
    loop {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the server closed its output"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    out.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn the_binary_answers_malformed_messages_over_stdio_and_goes_on() {
    let (_dir, root) = repo(&[(".qalint.yml", CONFIG)]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qalint"))
        .args(["server", "--stdio"])
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "workspaceFolders": [{"uri": uri(&root), "name": "r"}]}});
    let input = [
        frame("{this is not json"),
        frame(r#"{"jsonrpc":"2.0","id":9,"params":{}}"#),
        frame(&init.to_string()),
    ]
    .concat();
    stdin.write_all(input.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let first = read_message(&mut stdout);
    assert_eq!(first["error"]["code"], -32700, "{first}");
    assert_eq!(first["id"], Value::Null);
    let second = read_message(&mut stdout);
    assert_eq!(second["error"]["code"], -32600, "{second}");
    assert_eq!(second["id"], 9);
    let third = read_message(&mut stdout);
    assert_eq!(third["id"], 1);
    assert!(third["result"]["capabilities"].is_object(), "{third}");
    let rest = [
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    stdin.write_all(rest.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}
