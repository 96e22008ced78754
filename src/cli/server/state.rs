//! The server's state and its notifications: the workspace's files (each with its summary and
//! config), the open documents (text, findings, what was published), the configs (the last good
//! profile of each, and its error), and the passes that keep diagnostics current.
//!
//! Files are grouped by the config they are linted under, as `check` groups them; an edit
//! re-lints its document, then runs the repository pass of its group and publishes the
//! documents of the group whose diagnostics changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crossbeam_channel::Sender;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    ExecuteCommandOptions, FileChangeType, FileSystemWatcher, GlobPattern, HoverProviderCapability,
    InitializeParams, InitializeResult, Location, LogMessageParams, MessageType, OneOf, Position,
    PublishDiagnosticsParams, Range, Registration, RegistrationParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use rayon::prelude::*;
use serde_json::Value;

use super::Options;
use super::convert::{self, Locate, Text};
use crate::base::diagnostic::{Diagnostic, Family};
use crate::config::{self, ConfigError, ConfigFile, Overrides, Profile};
use crate::engine::session::{self, RulePanic, Summaries};
use crate::engine::{Fallback, FileReport, decode, walk};
use crate::model::line_index::LineIndex;
use crate::model::summary::FileSummary;

/// The command that renumbers the questions of a document's collection, across its files.
pub const COMMAND_RENUMBER: &str = "qalint.renumber";
/// The code action kind that applies every safe fix of a document.
pub const FIX_ALL: &str = "source.fixAll.qalint";

/// An error response: its code and message.
pub(super) type Failure = (ErrorCode, String);

/// The config a file is linted under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum ConfigKey {
    /// A `.qalint.yml` found upward from the file.
    File(PathBuf),
    /// What detection proposes for a workspace folder without a config (by folder).
    Fallback(PathBuf),
    /// Neither: the defaults.
    Defaults,
}

/// A config's profile (the last one that resolved) and its current error, if any.
struct ConfigState {
    profile: Arc<Profile>,
    error: Option<ConfigError>,
}

/// A markdown file of the workspace.
pub(super) struct FileEntry {
    /// The path as messages name it (relative to the working directory).
    pub(super) shown: String,
    pub(super) key: ConfigKey,
    pub(super) summary: FileSummary,
    /// The settings key its summary was read with, and the file's modification time then.
    settings: u64,
    modified: Option<SystemTime>,
}

/// An open markdown document.
pub(super) struct Doc {
    pub(super) uri: Uri,
    pub(super) version: i32,
    pub(super) text: String,
    pub(super) lines: LineIndex,
    /// The text changed since it was last linted.
    dirty: bool,
    /// Its per-file report (`None` when the config does not lint it, or linting crashed).
    report: Option<FileReport>,
    panics: Vec<RulePanic>,
    /// Its numbering sequences as of that report (question indices): what hover shows.
    pub(super) sequences: Vec<Vec<usize>>,
    crash: Option<String>,
    /// Findings of the repository pass, and its rules that panicked.
    cross: Vec<Diagnostic>,
    cross_panics: Vec<RulePanic>,
    /// Hints for cross-file findings in other files that point here (the first occurrence of a
    /// duplicate): the finding shows in both documents.
    echoes: Vec<lsp_types::Diagnostic>,
    /// What is published: the findings (suppressed, sorted) and their LSP form, in step.
    pub(super) findings: Vec<Diagnostic>,
    pub(super) published: Vec<lsp_types::Diagnostic>,
    /// Compose and publish at the next flush; `force`: even when unchanged (a new version).
    compose: bool,
    force: bool,
}

impl Doc {
    pub(super) fn text(&self) -> Text<'_> {
        Text {
            text: &self.text,
            lines: &self.lines,
        }
    }

    fn set_text(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.text = text;
        self.dirty = true;
    }
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Caps {
    /// `codeAction/resolve` may fill in an action's edit.
    pub(super) resolve_edit: bool,
    /// Workspace edits may be versioned document changes.
    pub(super) document_changes: bool,
    /// File watchers can be registered.
    watch: bool,
}

pub struct Server {
    out: Sender<Message>,
    options: Options,
    /// The working directory: shown paths are relative to it.
    pub(super) base: PathBuf,
    roots: Vec<PathBuf>,
    fallbacks: Vec<Fallback>,
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    configs: HashMap<ConfigKey, ConfigState>,
    /// The configs before the last scan: the last good profile of a config that broke.
    previous: HashMap<ConfigKey, ConfigState>,
    /// Config files with an error published, and what was published.
    config_errors: HashMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    pub(super) files: BTreeMap<PathBuf, FileEntry>,
    pub(super) docs: HashMap<PathBuf, Doc>,
    /// Open config files: their URI and text.
    config_docs: HashMap<PathBuf, (Uri, String)>,
    dirty_groups: BTreeSet<ConfigKey>,
    /// The duplicates family's findings of each group's last repository pass (for hover), with
    /// the file each is in.
    pub(super) duplicates: HashMap<ConfigKey, Vec<(PathBuf, Diagnostic)>>,
    pub(super) caps: Caps,
    caches: HashMap<PathBuf, Arc<Summaries>>,
    next_id: i32,
}

fn params<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, Failure> {
    serde_json::from_value(v)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))
}

/// Whether `path` is named like a config file.
fn is_config(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| config::CONFIG_NAMES.contains(&n))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Server {
    pub(super) fn new(out: Sender<Message>, options: Options) -> Server {
        Server {
            out,
            options,
            base: std::env::current_dir()
                .map(|d| crate::base::paths::absolute(&d))
                .unwrap_or_default(),
            roots: Vec::new(),
            fallbacks: Vec::new(),
            discovered: HashMap::new(),
            configs: HashMap::new(),
            previous: HashMap::new(),
            config_errors: HashMap::new(),
            files: BTreeMap::new(),
            docs: HashMap::new(),
            config_docs: HashMap::new(),
            dirty_groups: BTreeSet::new(),
            duplicates: HashMap::new(),
            caps: Caps::default(),
            caches: HashMap::new(),
            next_id: 0,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Messages out.

    pub(super) fn reply(&self, r: Response) {
        let _ = self.out.send(r.into());
    }

    pub(super) fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let _ = self
            .out
            .send(Notification::new(N::METHOD.to_string(), params).into());
    }

    /// Send a request to the client (its answer comes to [`Server::response`]).
    pub(super) fn ask<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let id = RequestId::from(format!("qalint-{}", self.next_id));
        let _ = self
            .out
            .send(Request::new(id, R::METHOD.to_string(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<lsp_types::notification::LogMessage>(LogMessageParams { typ, message });
    }

    pub(super) fn log_error(&self, message: &str) {
        self.log(MessageType::ERROR, message.to_string());
    }

    pub(super) fn show(&self, typ: MessageType, message: String) {
        self.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams {
            typ,
            message,
        });
    }

    /// The client's answer to a request of ours: only a refused edit is worth a word.
    pub(super) fn response(&self, r: Response) {
        match r.response_result {
            Ok(v) if v.get("applied") == Some(&Value::Bool(false)) => self.log(
                MessageType::WARNING,
                format!(
                    "the editor did not apply qalint's edit: {}",
                    v.get("failureReason")
                        .and_then(Value::as_str)
                        .unwrap_or("no reason given")
                ),
            ),
            Ok(_) => {}
            Err(e) => self.log(
                MessageType::WARNING,
                format!("the editor answered: {}", e.message),
            ),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Life cycle.

    /// Answer `initialize` and summarise the workspace; false when its params are invalid (the
    /// session stays uninitialized).
    pub(super) fn initialize(&mut self, req: Request) -> bool {
        let p: InitializeParams = match params(req.params) {
            Ok(p) => p,
            Err((code, message)) => {
                self.reply(Response::new_err(req.id, code as i32, message));
                return false;
            }
        };
        self.caps = caps(&p.capabilities);
        let mut roots: Vec<PathBuf> = p
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::path_of(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = p.root_uri.as_ref().and_then(convert::path_of)
        {
            roots.push(root);
        }
        if self.options.chdir
            && let Some(first) = roots.first()
            && std::env::set_current_dir(first).is_ok()
        {
            self.base = first.clone();
        }
        self.roots = roots;
        let result = InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "qalint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        self.reply(Response::new_ok(req.id, result));
        self.scan();
        true
    }

    /// Ask the client to report changes to markdown and config files.
    fn register_watchers(&mut self) {
        if !self.caps.watch {
            return;
        }
        let glob = |g: &str| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        };
        let mut watchers = vec![glob("**/*.md"), glob("**/*.markdown")];
        watchers.extend(
            config::CONFIG_NAMES
                .iter()
                .map(|n| glob(&format!("**/{n}"))),
        );
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        self.ask::<lsp_types::request::RegisterCapability>(RegistrationParams {
            registrations: vec![Registration {
                id: "qalint-watch".to_string(),
                method: lsp_types::notification::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        });
    }

    // -----------------------------------------------------------------------------------------
    // Dispatch.

    pub(super) fn request(&mut self, req: Request) -> Result<Value, Failure> {
        fn json<T: serde::Serialize>(v: Result<T, Failure>) -> Result<Value, Failure> {
            v.map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
        }
        match req.method.as_str() {
            "textDocument/codeAction" => json(params(req.params).map(|p| self.code_actions(p))),
            "codeAction/resolve" => json(params(req.params).and_then(|p| self.resolve_action(p))),
            "textDocument/hover" => json(params(req.params).map(|p| self.hover(p))),
            "workspace/executeCommand" => {
                json(params(req.params).and_then(|p| self.execute_command(p)))
            }
            m => Err((ErrorCode::MethodNotFound, format!("unknown method `{m}`"))),
        }
    }

    pub(super) fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let result = match method.as_str() {
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => params(n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => params(n.params).map(|p| self.did_change(p)),
            "textDocument/didSave" => params(n.params).map(|p| self.did_save(p)),
            "textDocument/didClose" => params(n.params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => params(n.params).map(|p| self.watched(p)),
            "workspace/didChangeWorkspaceFolders" => params(n.params).map(|p| self.folders(p)),
            // Other notifications (`$/cancelRequest`, `$/setTrace`, configuration) are
            // ignored, as the protocol allows.
            _ => Ok(()),
        };
        if let Err((_, message)) = result {
            self.log_error(&format!("`{method}`: {message}"));
        }
    }

    // -----------------------------------------------------------------------------------------
    // Paths and configs.

    /// `abs` as messages name it: relative to the working directory.
    pub(super) fn shown(&self, abs: &Path) -> String {
        let mut up = PathBuf::new();
        for ancestor in self.base.ancestors() {
            if let Ok(rest) = abs.strip_prefix(ancestor) {
                let rel = if rest.as_os_str().is_empty() {
                    up
                } else {
                    up.join(rest)
                };
                return walk::display(&rel);
            }
            up.push("..");
        }
        walk::display(abs)
    }

    /// The absolute path of a path as shown.
    pub(super) fn absolute(&self, shown: &str) -> PathBuf {
        crate::base::paths::normalize(&self.base.join(shown))
    }

    pub(super) fn key_of(&mut self, abs: &Path) -> ConfigKey {
        let dir = abs.parent().unwrap_or(abs).to_path_buf();
        let found = self
            .discovered
            .entry(dir.clone())
            .or_insert_with(|| config::discover(&dir))
            .clone();
        match found {
            Some(p) => ConfigKey::File(p),
            None => match self.fallbacks.iter().find(|f| abs.starts_with(&f.root)) {
                Some(f) => ConfigKey::Fallback(f.root.clone()),
                None => ConfigKey::Defaults,
            },
        }
    }

    pub(super) fn profile(&mut self, key: &ConfigKey) -> Arc<Profile> {
        if !self.configs.contains_key(key) {
            self.load(key);
        }
        match self.configs.get(key) {
            Some(s) => s.profile.clone(),
            None => self.defaults(),
        }
    }

    fn defaults(&self) -> Arc<Profile> {
        let mut p = config::resolve(None, &Overrides::default(), &self.base)
            .expect("the embedded defaults resolve");
        if let Some(hook) = &self.options.profile_hook {
            hook(&mut p);
        }
        Arc::new(p)
    }

    /// The config file `path` as the server sees it: the open buffer's text, else the disk's.
    fn config_file(&self, path: &Path) -> Result<ConfigFile, ConfigError> {
        match self.config_docs.get(path) {
            Some((_, text)) => ConfigFile::parse(path, text),
            None => ConfigFile::load(path),
        }
    }

    fn resolve(&self, key: &ConfigKey) -> Result<Profile, ConfigError> {
        let overrides = Overrides::default();
        match key {
            ConfigKey::File(p) => {
                config::resolve(Some(&self.config_file(p)?), &overrides, &self.base)
            }
            ConfigKey::Fallback(root) => {
                let file = self
                    .fallbacks
                    .iter()
                    .find(|f| &f.root == root)
                    .map(|f| &f.file);
                config::resolve(file, &overrides, &self.base)
            }
            ConfigKey::Defaults => config::resolve(None, &overrides, &self.base),
        }
    }

    /// Resolve a config; a broken one keeps its last good profile (the defaults when it never
    /// had one) and its error is published on the config file.
    fn load(&mut self, key: &ConfigKey) {
        let state = match self.resolve(key) {
            Ok(mut p) => {
                if let Some(hook) = &self.options.profile_hook {
                    hook(&mut p);
                }
                ConfigState {
                    profile: Arc::new(p),
                    error: None,
                }
            }
            Err(e) => ConfigState {
                profile: self
                    .configs
                    .get(key)
                    .or_else(|| self.previous.get(key))
                    .map(|s| s.profile.clone())
                    .unwrap_or_else(|| self.defaults()),
                error: Some(e),
            },
        };
        self.configs.insert(key.clone(), state);
    }

    /// Check an open config's text without applying it (it applies when saved): its error, or
    /// none, is what gets published.
    fn validate_config(&mut self, path: &Path) {
        let key = ConfigKey::File(path.to_path_buf());
        let error = self.resolve(&key).err();
        match self.configs.get_mut(&key) {
            Some(s) => s.error = error,
            None => self.load(&key),
        }
    }

    fn cache_for(&mut self, key: &ConfigKey, abs: &Path) -> Arc<Summaries> {
        let root = match key {
            ConfigKey::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            _ => crate::model::links::repo_root(abs),
        };
        self.caches
            .entry(root.clone())
            .or_insert_with(|| Arc::new(Summaries::open(&root)))
            .clone()
    }

    // -----------------------------------------------------------------------------------------
    // The workspace.

    /// Summarise every markdown file of the workspace folders (and the open documents), with
    /// the configs read again: on `initialize` and when a config or the folders change. A file
    /// whose config still reads files alike and that did not change on disk keeps its summary.
    pub(super) fn scan(&mut self) {
        let started = std::time::Instant::now();
        self.discovered.clear();
        crate::model::links::forget_existence();
        self.fallbacks = self
            .roots
            .iter()
            .flat_map(|r| {
                super::super::detected::detect_for(std::slice::from_ref(r), false, None).fallbacks
            })
            .map(|mut f| {
                f.root = crate::base::paths::absolute(&f.root);
                f
            })
            .collect();
        self.previous = std::mem::take(&mut self.configs);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (found, _) = walk::collect(&self.roots, threads);
        let mut paths: BTreeSet<PathBuf> = found
            .iter()
            .map(|c| crate::base::paths::absolute(&c.path))
            .collect();
        paths.extend(self.docs.keys().cloned());
        struct Job {
            abs: PathBuf,
            shown: String,
            key: ConfigKey,
            profile: Arc<Profile>,
            cache: Arc<Summaries>,
            settings: u64,
        }
        let mut jobs = Vec::new();
        for abs in paths {
            let key = self.key_of(&abs);
            let profile = self.profile(&key);
            if !profile.wants(&abs) {
                continue;
            }
            let cache = self.cache_for(&key, &abs);
            jobs.push(Job {
                shown: self.shown(&abs),
                settings: session::settings_key(&profile.parse),
                abs,
                key,
                profile,
                cache,
            });
        }
        let mut old = std::mem::take(&mut self.files);
        let docs = &self.docs;
        let cached = jobs.iter().any(|j| j.cache.cached());
        let entries: Vec<(PathBuf, FileEntry)> = jobs
            .into_par_iter()
            .filter_map(|j| {
                let stamp = modified(&j.abs);
                let open = docs.get(&j.abs);
                let kept =
                    old_summary(&old, &j.abs, &j.key, j.settings, stamp).filter(|_| open.is_none());
                let summary = match kept {
                    Some(s) => s,
                    None => {
                        let text = open.map(|d| Arc::from(d.text.as_str()));
                        j.cache.summary(Path::new(&j.shown), &j.profile, text)?
                    }
                };
                Some((
                    j.abs,
                    FileEntry {
                        shown: j.shown,
                        key: j.key,
                        summary,
                        settings: j.settings,
                        modified: stamp,
                    },
                ))
            })
            .collect();
        old.clear();
        self.files = entries.into_iter().collect();
        self.previous.clear();
        for d in self.docs.values_mut() {
            d.dirty = true;
        }
        self.dirty_groups = self.files.values().map(|e| e.key.clone()).collect();
        self.log(
            MessageType::INFO,
            format!(
                "qalint: {} file(s) summarised in {} ms{}",
                self.files.len(),
                started.elapsed().as_millis(),
                if cached { " (summary cache read)" } else { "" }
            ),
        );
    }

    /// Read a closed file's summary again (created or changed on disk), or drop it (deleted,
    /// or no longer linted).
    fn refresh_file(&mut self, abs: &Path) {
        let in_roots = self.roots.iter().any(|r| abs.starts_with(r));
        let key = self.key_of(abs);
        let profile = self.profile(&key);
        if let Some(old) = self.files.remove(abs) {
            self.dirty_groups.insert(old.key);
        }
        if !in_roots || !abs.is_file() || !profile.wants(abs) {
            return;
        }
        let shown = self.shown(abs);
        let cache = self.cache_for(&key, abs);
        let Some(summary) = cache.summary(Path::new(&shown), &profile, None) else {
            return;
        };
        self.dirty_groups.insert(key.clone());
        self.files.insert(
            abs.to_path_buf(),
            FileEntry {
                shown,
                key,
                summary,
                settings: session::settings_key(&profile.parse),
                modified: modified(abs),
            },
        );
    }

    // -----------------------------------------------------------------------------------------
    // Notifications.

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let item = p.text_document;
        let Some(abs) = convert::path_of(&item.uri) else {
            return;
        };
        if is_config(&abs) {
            self.config_docs.insert(abs.clone(), (item.uri, item.text));
            self.validate_config(&abs);
            return;
        }
        if !walk::is_markdown(&abs) && item.language_id != "markdown" {
            return;
        }
        self.docs.insert(
            abs.clone(),
            Doc {
                uri: item.uri,
                version: item.version,
                lines: LineIndex::new(&item.text),
                text: item.text,
                dirty: true,
                report: None,
                panics: Vec::new(),
                sequences: Vec::new(),
                crash: None,
                cross: Vec::new(),
                cross_panics: Vec::new(),
                echoes: Vec::new(),
                findings: Vec::new(),
                published: Vec::new(),
                compose: true,
                force: true,
            },
        );
        if self.files.contains_key(&abs) {
            return;
        }
        // Outside the workspace folders: read its repository too (the directory of its config,
        // else its git work tree), as `check` does for a file it is given.
        if !self.roots.iter().any(|r| abs.starts_with(r)) {
            let root = match self.key_of(&abs) {
                ConfigKey::File(p) => p.parent().map(Path::to_path_buf),
                _ => {
                    let root = crate::model::links::repo_root(&abs);
                    root.join(".git").exists().then_some(root)
                }
            };
            if let Some(root) = root {
                self.roots.push(root);
                self.scan();
                return;
            }
        }
        let key = self.key_of(&abs);
        let profile = self.profile(&key);
        if profile.wants(&abs) {
            self.files.insert(
                abs.clone(),
                FileEntry {
                    shown: self.shown(&abs),
                    key,
                    summary: FileSummary::default(),
                    settings: session::settings_key(&profile.parse),
                    modified: modified(&abs),
                },
            );
        }
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let Some(abs) = convert::path_of(&p.text_document.uri) else {
            return;
        };
        if let Some((_, text)) = self.config_docs.get_mut(&abs) {
            let mut lines = LineIndex::new(text);
            for change in p.content_changes {
                if apply_change(text, &mut lines, change).is_err() {
                    if let Ok(disk) = std::fs::read_to_string(&abs) {
                        *text = disk;
                    }
                    break;
                }
            }
            self.validate_config(&abs);
            return;
        }
        let Some(doc) = self.docs.get_mut(&abs) else {
            return;
        };
        doc.version = p.text_document.version;
        doc.dirty = true;
        for change in p.content_changes {
            if let Err(why) = apply_change(&mut doc.text, &mut doc.lines, change) {
                let uri = doc.uri.as_str().to_string();
                let reread = std::fs::read(&abs).ok().and_then(|b| decode(&b).ok());
                if let Some(text) = &reread {
                    doc.set_text(text.to_string());
                }
                self.log(
                    MessageType::WARNING,
                    format!(
                        "qalint: an edit of `{uri}` does not fit the document ({why}); {}",
                        if reread.is_some() {
                            "it was read again from disk until the editor sends its text (on save)"
                        } else {
                            "its text is kept as it was until the editor sends it (on save)"
                        }
                    ),
                );
                break;
            }
        }
    }

    fn did_save(&mut self, p: DidSaveTextDocumentParams) {
        let Some(abs) = convert::path_of(&p.text_document.uri) else {
            return;
        };
        if let Some((_, text)) = self.config_docs.get_mut(&abs) {
            if let Some(saved) = p.text {
                *text = saved;
            }
            self.scan();
            return;
        }
        if is_config(&abs) {
            self.scan();
            return;
        }
        if let Some(doc) = self.docs.get_mut(&abs)
            && let Some(saved) = p.text
            && saved != doc.text
        {
            doc.set_text(saved);
        }
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(abs) = convert::path_of(&uri) else {
            return;
        };
        if let Some((_, text)) = self.config_docs.remove(&abs) {
            if std::fs::read_to_string(&abs).ok().as_deref() != Some(text.as_str()) {
                self.scan();
            }
            return;
        }
        if self.docs.remove(&abs).is_none() {
            return;
        }
        self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics: Vec::new(),
            version: None,
        });
        // What is on disk counts again (the buffer may have been dropped unsaved).
        self.refresh_file(&abs);
    }

    fn watched(&mut self, p: DidChangeWatchedFilesParams) {
        crate::model::links::forget_existence();
        let mut rescan = false;
        let mut created_or_deleted = false;
        for change in p.changes {
            let Some(abs) = convert::path_of(&change.uri) else {
                continue;
            };
            if is_config(&abs) {
                rescan = true;
                continue;
            }
            created_or_deleted |= change.typ != FileChangeType::CHANGED;
            if self.docs.contains_key(&abs) || !walk::is_markdown(&abs) {
                continue;
            }
            self.refresh_file(&abs);
        }
        if rescan {
            self.scan();
        } else if created_or_deleted {
            // Links to a file that appeared or went away (QA303) are checked per document.
            for d in self.docs.values_mut() {
                d.dirty = true;
            }
        }
    }

    fn folders(&mut self, p: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = p
            .event
            .removed
            .iter()
            .filter_map(|f| convert::path_of(&f.uri))
            .collect();
        self.roots.retain(|r| !removed.contains(r));
        for f in &p.event.added {
            if let Some(path) = convert::path_of(&f.uri)
                && !self.roots.contains(&path)
            {
                self.roots.push(path);
            }
        }
        self.scan();
    }

    // -----------------------------------------------------------------------------------------
    // Linting and publishing.

    /// Lint what changed, run the repository pass of the groups it is in, and publish what
    /// changed.
    pub(super) fn flush(&mut self) {
        for abs in self.docs_where(|d| d.dirty) {
            self.lint_doc(&abs);
        }
        let groups = std::mem::take(&mut self.dirty_groups);
        for key in groups {
            self.group_pass(&key);
        }
        for abs in self.docs_where(|d| d.compose) {
            self.publish(&abs);
        }
        self.publish_config_errors();
    }

    /// The open documents `f` holds for.
    fn docs_where(&self, f: impl Fn(&Doc) -> bool) -> Vec<PathBuf> {
        self.docs
            .iter()
            .filter(|(_, d)| f(d))
            .map(|(p, _)| p.clone())
            .collect()
    }

    fn lint_doc(&mut self, abs: &Path) {
        let entry = self
            .files
            .get(abs)
            .map(|e| (e.shown.clone(), e.key.clone()));
        let Some((shown, key)) = entry else {
            if let Some(doc) = self.docs.get_mut(abs) {
                doc.report = None;
                doc.dirty = false;
                doc.compose = true;
                doc.force = true;
            }
            return;
        };
        let profile = self.profile(&key);
        let Some(doc) = self.docs.get_mut(abs) else {
            return;
        };
        let text: Arc<str> = Arc::from(doc.text.as_str());
        let linted = catch_unwind(AssertUnwindSafe(|| {
            session::lint_text_isolated(shown, text, &profile)
        }));
        doc.dirty = false;
        doc.compose = true;
        doc.force = true;
        match linted {
            Ok(linted) => {
                doc.report = Some(linted.report);
                doc.panics = linted.panics;
                doc.sequences = linted.sequences;
                doc.crash = None;
                if let Some(e) = self.files.get_mut(abs) {
                    e.summary = linted.summary;
                }
            }
            Err(payload) => {
                doc.report = None;
                doc.panics = Vec::new();
                doc.crash = Some(session::panic_message(&*payload));
            }
        }
        self.dirty_groups.insert(key);
    }

    fn group_pass(&mut self, key: &ConfigKey) {
        let profile = self.profile(key);
        let members: Vec<&PathBuf> = self
            .files
            .iter()
            .filter(|(_, e)| &e.key == key)
            .map(|(p, _)| p)
            .collect();
        let summaries: Vec<&FileSummary> =
            members.iter().map(|p| &self.files[*p].summary).collect();
        let (found, panics) = catch_unwind(AssertUnwindSafe(|| {
            session::repository_findings(&profile, &summaries)
        }))
        .unwrap_or_else(|payload| {
            self.log_error(&format!(
                "qalint crashed in the repository pass: {}",
                session::panic_message(&*payload)
            ));
            (Vec::new(), Vec::new())
        });
        let mut cross: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        let mut echoes: HashMap<PathBuf, Vec<lsp_types::Diagnostic>> = HashMap::new();
        let mut duplicates = Vec::new();
        for (i, d) in found {
            let Some(abs) = members.get(i) else { continue };
            for r in &d.related {
                let target = self.absolute(&r.path);
                if target != **abs && self.docs.contains_key(&target) {
                    echoes
                        .entry(target)
                        .or_default()
                        .push(self.echo(abs, &d, r));
                }
            }
            if d.rule.family() == Family::Duplicates {
                duplicates.push(((*abs).clone(), d.clone()));
            }
            if self.docs.contains_key(*abs) {
                cross.entry((*abs).clone()).or_default().push(d);
            }
        }
        let members: Vec<PathBuf> = members.into_iter().cloned().collect();
        self.duplicates.insert(key.clone(), duplicates);
        for abs in members {
            if let Some(doc) = self.docs.get_mut(&abs) {
                doc.cross = cross.remove(&abs).unwrap_or_default();
                doc.echoes = echoes.remove(&abs).unwrap_or_default();
                doc.cross_panics = panics.clone();
                doc.compose = true;
            }
        }
    }

    /// The hint shown where a cross-file finding of `from` points (`r`, in an open document):
    /// at the question there, pointing back at the finding.
    fn echo(
        &self,
        from: &Path,
        d: &Diagnostic,
        r: &crate::base::diagnostic::Related,
    ) -> lsp_types::Diagnostic {
        let target = self.absolute(&r.path);
        let here = self.locate(&r.path, r.line, r.column).map(|l| l.range);
        let range = self
            .files
            .get(&target)
            .and_then(|e| e.summary.questions.iter().find(|q| q.line == r.line))
            .zip(self.docs.get(&target))
            .map(|(q, doc)| doc.text().range(&q.span))
            .or(here)
            .unwrap_or_default();
        let entry = self.files.get(from);
        let there = match self.docs.get(from) {
            Some(doc) => doc.text().range(&d.span),
            None => entry
                .and_then(|e| e.summary.questions.iter().find(|q| q.span == d.span))
                .map(|q| {
                    let p = Position::new(
                        u32::try_from(q.line.saturating_sub(1)).unwrap_or(u32::MAX),
                        u32::try_from(q.column.saturating_sub(1)).unwrap_or(u32::MAX),
                    );
                    Range::new(p, p)
                })
                .unwrap_or_default(),
        };
        let shown = entry.map_or_else(|| self.shown(from), |e| e.shown.clone());
        lsp_types::Diagnostic {
            range,
            severity: Some(lsp_types::DiagnosticSeverity::HINT),
            code: Some(lsp_types::NumberOrString::String(d.rule.code().to_string())),
            code_description: crate::output::rule_help_uri(&d.rule)
                .and_then(|u| u.parse().ok())
                .map(|href| lsp_types::CodeDescription { href }),
            source: Some("qalint".to_string()),
            message: format!(
                "{} (`{shown}:{}`: {})",
                r.message,
                there.start.line + 1,
                d.message
            ),
            related_information: Some(vec![lsp_types::DiagnosticRelatedInformation {
                location: Location::new(self.uri_of(from), there),
                message: d.message.clone(),
            }]),
            ..Default::default()
        }
    }

    /// Compose a document's findings (per-file and cross-file, suppressed and sorted) and
    /// publish them when they changed.
    fn publish(&mut self, abs: &Path) {
        let key = self.files.get(abs).map(|e| e.key.clone());
        let profile = key.as_ref().map(|k| self.profile(k));
        let Some(doc) = self.docs.get(abs) else {
            return;
        };
        let mut findings = Vec::new();
        if let (Some(report), Some(profile)) = (&doc.report, &profile) {
            let mut report = report.clone();
            report.diagnostics.extend(doc.cross.iter().cloned());
            session::finish_file(&mut report, profile);
            findings = report.diagnostics;
        }
        let text = doc.text();
        let mut lsp: Vec<lsp_types::Diagnostic> = findings
            .iter()
            .map(|d| convert::diagnostic(d, &text, &doc.uri, self))
            .collect();
        lsp.extend(doc.echoes.iter().cloned());
        let start = Range::new(Position::new(0, 0), Position::new(0, 0));
        let crashed = |message: String, code: Option<String>| lsp_types::Diagnostic {
            range: start,
            severity: Some(lsp_types::DiagnosticSeverity::ERROR),
            code: code.map(lsp_types::NumberOrString::String),
            source: Some("qalint".to_string()),
            message,
            ..Default::default()
        };
        for p in doc.panics.iter().chain(&doc.cross_panics) {
            lsp.push(crashed(
                format!(
                    "rule `{} {}` crashed on this document ({}); its findings are missing\nhelp: report this to qalint's issue tracker with the document",
                    p.rule.code(),
                    p.rule.name(),
                    p.message
                ),
                Some(p.rule.code().to_string()),
            ));
        }
        if let Some(m) = &doc.crash {
            lsp.push(crashed(
                format!("qalint crashed reading this document ({m}); nothing is checked\nhelp: report this to qalint's issue tracker with the document"),
                None,
            ));
        }
        let changed = doc.force || lsp != doc.published;
        let (uri, version) = (doc.uri.clone(), doc.version);
        if changed {
            self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
                uri,
                diagnostics: lsp.clone(),
                version: Some(version),
            });
        }
        if let Some(doc) = self.docs.get_mut(abs) {
            doc.findings = findings;
            doc.published = lsp;
            doc.compose = false;
            doc.force = false;
        }
    }

    /// Publish each config file's error, and clear the ones fixed.
    fn publish_config_errors(&mut self) {
        let mut now: HashMap<PathBuf, Vec<lsp_types::Diagnostic>> = HashMap::new();
        for (key, state) in &self.configs {
            let (ConfigKey::File(path), Some(e)) = (key, &state.error) else {
                continue;
            };
            let file = e.path.clone().unwrap_or_else(|| path.clone());
            let range = match (&e.text, &e.span) {
                (Some(text), Some(span)) => {
                    let lines = LineIndex::new(text);
                    Text {
                        text,
                        lines: &lines,
                    }
                    .range(span)
                }
                _ => Range::default(),
            };
            let mut message = e.message.clone();
            if let Some(help) = &e.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            message.push_str("\nqalint goes on with the last config that worked");
            now.entry(file).or_default().push(lsp_types::Diagnostic {
                range,
                severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                source: Some("qalint".to_string()),
                message,
                ..Default::default()
            });
        }
        let fixed: Vec<PathBuf> = self
            .config_errors
            .keys()
            .filter(|p| !now.contains_key(*p))
            .cloned()
            .collect();
        for path in fixed {
            self.config_errors.remove(&path);
            self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
                uri: self.uri_of(&path),
                diagnostics: Vec::new(),
                version: None,
            });
        }
        for (path, diagnostics) in now {
            if self.config_errors.get(&path) == Some(&diagnostics) {
                continue;
            }
            self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
                uri: self.uri_of(&path),
                diagnostics: diagnostics.clone(),
                version: None,
            });
            self.config_errors.insert(path, diagnostics);
        }
    }

    /// The URI of a file: the editor's own when it has the file open.
    pub(super) fn uri_of(&self, abs: &Path) -> Uri {
        if let Some(d) = self.docs.get(abs) {
            return d.uri.clone();
        }
        if let Some((uri, _)) = self.config_docs.get(abs) {
            return uri.clone();
        }
        convert::uri_of(abs)
    }
}

impl Locate for Server {
    fn locate(&self, path: &str, line: usize, column: usize) -> Option<Location> {
        let abs = self.absolute(path);
        let line0 = line.saturating_sub(1);
        let position = match self.docs.get(&abs) {
            Some(d) => {
                let start = d.lines.line_start(line0).min(d.text.len());
                let rest = &d.text[start..];
                let offset = start
                    + rest
                        .char_indices()
                        .nth(column.saturating_sub(1))
                        .map_or(rest.len(), |(i, _)| i);
                d.text().position(offset)
            }
            None => Position::new(
                u32::try_from(line0).unwrap_or(u32::MAX),
                u32::try_from(column.saturating_sub(1)).unwrap_or(u32::MAX),
            ),
        };
        Some(Location::new(
            self.uri_of(&abs),
            Range::new(position, position),
        ))
    }
}

/// A summary kept from before a scan: same config, same settings, same file on disk.
fn old_summary(
    old: &BTreeMap<PathBuf, FileEntry>,
    abs: &Path,
    key: &ConfigKey,
    settings: u64,
    stamp: Option<SystemTime>,
) -> Option<FileSummary> {
    let e = old.get(abs)?;
    (e.key == *key && e.settings == settings && stamp.is_some() && e.modified == stamp)
        .then(|| e.summary.clone())
}

/// Apply one change to a document's text (a full text, or a range's replacement). An edit
/// whose range does not fit the text is refused, and the text left as it was.
fn apply_change(
    text: &mut String,
    lines: &mut LineIndex,
    change: lsp_types::TextDocumentContentChangeEvent,
) -> Result<(), String> {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let t = Text { text, lines };
            let (Some(start), Some(end)) = (t.offset(range.start), t.offset(range.end)) else {
                return Err(format!(
                    "line {} is past its {} line(s)",
                    range.end.line.max(range.start.line) + 1,
                    lines.line_count()
                ));
            };
            if start > end {
                return Err("the range ends before it starts".to_string());
            }
            text.replace_range(start..end, &change.text);
        }
    }
    *lines = LineIndex::new(text);
    Ok(())
}

fn caps(c: &ClientCapabilities) -> Caps {
    let resolve_edit = c
        .text_document
        .as_ref()
        .and_then(|t| t.code_action.as_ref())
        .and_then(|a| a.resolve_support.as_ref())
        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
    let workspace = c.workspace.as_ref();
    Caps {
        resolve_edit,
        document_changes: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        watch: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(true),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
                CodeActionKind::SOURCE,
            ]),
            resolve_provider: Some(true),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![COMMAND_RENUMBER.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}
