//! Code actions and the renumber command: a quick fix per fixable finding (an unsafe one says
//! so in its title), `source.fixAll.qalint` (every safe fix, through the engine's fix loop),
//! and "Renumber questions" (`qalint.renumber`), which renumbers a collection across its files
//! with the engine's renumbering and sends the edits with `workspace/applyEdit`.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::ErrorCode;
use lsp_types::{
    ApplyWorkspaceEditParams, CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionResponse, Command, DocumentChanges, ExecuteCommandParams, MessageType, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{Value, json};

use super::convert::{self, Text};
use super::state::{COMMAND_RENUMBER, Doc, FIX_ALL, Failure, Server};
use crate::base::diagnostic::{Applicability, Diagnostic, Family};
use crate::engine::{decode, fix_loop, guard, renumber_texts};
use crate::model::line_index::LineIndex;

/// The kind of the code action that runs "Renumber questions".
const RENUMBER_KIND: &str = "source.renumber.qalint";

fn intersects(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether a code action of `kind` is asked for (`only` lists kinds or their parents).
fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        }),
    }
}

/// A safe fix the fix loop applies (numbering is renumbering's).
fn safe_fix(d: &Diagnostic) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
        && d.rule.family() != Family::Numbering
}

impl Server {
    /// One file's edits as a workspace edit (versioned when the client takes document changes).
    fn workspace_edit(&self, files: Vec<(Uri, Option<i32>, Vec<TextEdit>)>) -> WorkspaceEdit {
        if self.caps.document_changes {
            let edits = files
                .into_iter()
                .map(|(uri, version, edits)| TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                })
                .collect();
            return WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(edits)),
                ..WorkspaceEdit::default()
            };
        }
        // `Uri` caches its parts inside, which clippy takes for a mutable key; its hash and
        // equality read only its text.
        #[allow(clippy::mutable_key_type)]
        let changes: HashMap<Uri, Vec<TextEdit>> = files
            .into_iter()
            .map(|(uri, _, edits)| (uri, edits))
            .collect();
        WorkspaceEdit::new(changes)
    }

    fn doc_edit(&self, doc: &Doc, edits: Vec<TextEdit>) -> WorkspaceEdit {
        self.workspace_edit(vec![(doc.uri.clone(), Some(doc.version), edits)])
    }

    pub(super) fn code_actions(&mut self, p: CodeActionParams) -> Option<CodeActionResponse> {
        let abs = convert::path_of(&p.text_document.uri)?;
        let only = p.context.only;
        let mut out = Vec::new();
        let doc = self.docs.get(&abs)?;
        if wanted(&only, CodeActionKind::QUICKFIX.as_str()) {
            let mut seen = HashSet::new();
            for (d, l) in doc.findings.iter().zip(&doc.published) {
                let Some(fix) = &d.fix else { continue };
                if !intersects(&l.range, &p.range)
                    || fix.edits.is_empty()
                    || fix.applicability == Applicability::DisplayOnly
                    || !seen.insert(Arc::as_ptr(fix))
                {
                    continue;
                }
                let text = doc.text();
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: text.range(&e.range),
                        new_text: e.content.clone(),
                    })
                    .collect();
                let safe = fix.applicability == Applicability::Safe;
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: if safe {
                        fix.title.clone()
                    } else {
                        format!("{} (unsafe)", fix.title)
                    },
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![l.clone()]),
                    edit: Some(self.doc_edit(doc, edits)),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
        }
        if wanted(&only, FIX_ALL) && doc.findings.iter().any(safe_fix) {
            let mut action = CodeAction {
                title: "Fix all safe qalint findings".to_string(),
                kind: Some(CodeActionKind::from(FIX_ALL)),
                data: Some(json!({"uri": doc.uri.as_str(), "version": doc.version})),
                ..CodeAction::default()
            };
            if !self.caps.resolve_edit {
                action.edit = self.fix_all(&abs);
            }
            if self.caps.resolve_edit || action.edit.is_some() {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        let doc = self.docs.get(&abs)?;
        let numbering = doc
            .findings
            .iter()
            .any(|d| d.rule.family() == Family::Numbering);
        if wanted(&only, RENUMBER_KIND) && numbering {
            let command = Command {
                title: "Renumber questions".to_string(),
                command: COMMAND_RENUMBER.to_string(),
                arguments: Some(vec![Value::String(doc.uri.as_str().to_string())]),
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Renumber questions (and the TOC and links, in every file)".to_string(),
                kind: Some(CodeActionKind::from(RENUMBER_KIND)),
                command: Some(command),
                ..CodeAction::default()
            }));
        }
        Some(out)
    }

    /// Fill in the edit of `source.fixAll.qalint`.
    pub(super) fn resolve_action(&mut self, mut action: CodeAction) -> Result<CodeAction, Failure> {
        if action.kind.as_ref().map(CodeActionKind::as_str) != Some(FIX_ALL)
            || action.edit.is_some()
        {
            return Ok(action);
        }
        let data = action.data.clone().unwrap_or_default();
        let abs = data
            .get("uri")
            .and_then(Value::as_str)
            .and_then(|u| u.parse::<Uri>().ok())
            .and_then(|u| convert::path_of(&u))
            .ok_or((
                ErrorCode::InvalidParams,
                "the action names no document".to_string(),
            ))?;
        let version = data.get("version").and_then(Value::as_i64);
        let doc = self.docs.get(&abs).ok_or((
            ErrorCode::InvalidParams,
            "the document is not open".to_string(),
        ))?;
        if version != Some(i64::from(doc.version)) {
            return Err((
                ErrorCode::ContentModified,
                "the document changed since the action was offered".to_string(),
            ));
        }
        action.edit = Some(self.fix_all(&abs).unwrap_or_default());
        Ok(action)
    }

    /// Every safe fix of a document, as the engine's fix loop applies them (`None` when nothing
    /// changes, or the structural guard refuses).
    fn fix_all(&mut self, abs: &Path) -> Option<WorkspaceEdit> {
        let (shown, key) = self
            .files
            .get(abs)
            .map(|e| (e.shown.clone(), e.key.clone()))?;
        let profile = self.profile(&key);
        let doc = self.docs.get(abs)?;
        let original: Arc<str> = Arc::from(doc.text.as_str());
        let fixed = catch_unwind(AssertUnwindSafe(|| {
            fix_loop(&shown, original, &profile, Applicability::Safe)
        }))
        .ok()?;
        if fixed.refused.is_some() || *fixed.text == *doc.text {
            return None;
        }
        let edits = convert::diff_edits(&doc.text(), &fixed.text);
        Some(self.doc_edit(doc, edits))
    }

    /// `qalint.renumber [uri]`: renumber the collection the document belongs to (every
    /// collection without an argument), TOC and links in other files included.
    pub(super) fn execute_command(&mut self, p: ExecuteCommandParams) -> Result<Value, Failure> {
        if p.command != COMMAND_RENUMBER {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command `{}`", p.command),
            ));
        }
        let target: Option<PathBuf> = match p.arguments.first() {
            None => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(|s| s.parse::<Uri>().ok())
                    .and_then(|u| convert::path_of(&u))
                    .ok_or((
                        ErrorCode::InvalidParams,
                        "the argument is not a `file:` URI".to_string(),
                    ))?,
            ),
        };
        let mut keys: Vec<_> = match &target {
            Some(abs) => vec![self.files.get(abs).map(|e| e.key.clone()).ok_or((
                ErrorCode::InvalidParams,
                "qalint does not lint this file".to_string(),
            ))?],
            None => self.files.values().map(|e| e.key.clone()).collect(),
        };
        keys.sort();
        keys.dedup();
        let mut changes = Vec::new();
        let mut renumbered_files = 0;
        for key in keys {
            let profile = self.profile(&key);
            let members: Vec<(PathBuf, String)> = self
                .files
                .iter()
                .filter(|(_, e)| e.key == key)
                .map(|(p, e)| (p.clone(), e.shown.clone()))
                .collect();
            let mut texts = Vec::with_capacity(members.len());
            for (abs, shown) in &members {
                let text: Arc<str> = match self.docs.get(abs) {
                    Some(d) => Arc::from(d.text.as_str()),
                    None => std::fs::read(abs)
                        .ok()
                        .and_then(|b| decode(&b).ok())
                        .ok_or((
                            ErrorCode::RequestFailed,
                            format!("cannot read `{shown}`: nothing was renumbered"),
                        ))?,
                };
                texts.push((shown.clone(), text));
            }
            let new = catch_unwind(AssertUnwindSafe(|| renumber_texts(&texts, &profile))).map_err(
                |_| {
                    (
                        ErrorCode::InternalError,
                        "qalint crashed renumbering; nothing was renumbered".to_string(),
                    )
                },
            )?;
            for (((abs, shown), (_, old)), new) in members.iter().zip(&texts).zip(new) {
                if **old == *new {
                    continue;
                }
                if let Err(e) = guard::check(old, &new) {
                    let message = format!("`{shown}`: {}; nothing was renumbered", e.message);
                    self.show(MessageType::ERROR, format!("qalint: {message}"));
                    return Err((ErrorCode::RequestFailed, message));
                }
                let lines = LineIndex::new(old);
                let edits = convert::diff_edits(
                    &Text {
                        text: old,
                        lines: &lines,
                    },
                    &new,
                );
                let version = self.docs.get(abs).map(|d| d.version);
                changes.push((self.uri_of(abs), version, edits));
                renumbered_files += 1;
            }
        }
        if changes.is_empty() {
            self.show(
                MessageType::INFO,
                "qalint: the questions are numbered in order already".to_string(),
            );
            return Ok(Value::Null);
        }
        let edit = self.workspace_edit(changes);
        self.ask::<lsp_types::request::ApplyWorkspaceEdit>(ApplyWorkspaceEditParams {
            label: Some(format!("Renumber questions ({renumbered_files} file(s))")),
            edit,
        });
        Ok(Value::Null)
    }
}
