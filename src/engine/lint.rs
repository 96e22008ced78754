//! Reading a file (decoding, read errors) and linting it: one parse, every active rule.

use std::path::Path;
use std::sync::Arc;

use super::{FileReport, Profile, walk};
use crate::base::diagnostic::Diagnostic;
use crate::engine::write::Snapshot;
use crate::model::document::Document;
use crate::model::line_index::LineIndex;
use crate::model::summary::FileSummary;
use crate::rules::READ_ERROR;

/// A file as read: its text (None when unreadable), what to check before writing, its BOM.
pub(super) struct Loaded {
    pub(super) text: Option<Arc<str>>,
    pub(super) error: Option<Diagnostic>,
    pub(super) snapshot: Option<Snapshot>,
    pub(super) bom: bool,
}

/// Read and decode a file; `snapshot`: also hash it, to check before writing it back.
pub(super) fn load(path: &Path, snapshot: bool) -> Loaded {
    let shown = walk::display(path);
    match std::fs::read(path) {
        Ok(bytes) => load_bytes(&shown, &bytes, snapshot),
        Err(e) => Loaded {
            text: None,
            error: Some(read_error(&shown, ReadError::Io(walk::describe_io(&e)))),
            snapshot: None,
            bom: false,
        },
    }
}

/// Decode a file's bytes (read from disk, or from standard input for `--stdin-filename`).
pub(super) fn load_bytes(shown: &str, bytes: &[u8], snapshot: bool) -> Loaded {
    let shown = shown.to_string();
    if u32::try_from(bytes.len()).is_err() {
        return Loaded {
            text: None,
            error: Some(read_error(
                &shown,
                ReadError::Io("the file is larger than 4 GiB, the most qalint reads".into()),
            )),
            snapshot: None,
            bom: false,
        };
    }
    let snapshot = snapshot.then(|| Snapshot::of(bytes));
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    match decode(bytes) {
        Ok(t) => Loaded {
            text: Some(t),
            error: None,
            snapshot,
            bom,
        },
        Err(e) => Loaded {
            text: None,
            error: Some(read_error(&shown, e)),
            snapshot,
            bom,
        },
    }
}

pub(super) fn read_error(shown: &str, cause: ReadError) -> Diagnostic {
    let help = match cause {
        ReadError::NotUtf8 { .. } => {
            "qalint lints UTF-8 text; convert the file (for example with `iconv -t UTF-8`) or exclude it"
        }
        ReadError::Io(_) => "check that the file exists and is readable",
    };
    Diagnostic::new(&READ_ERROR, 0..0, format!("cannot read `{shown}`: {cause}")).with_help(help)
}

/// The report of a file that could not be read.
/// The empty report of a file read only as context (dropped before the outcome is shown).
pub(super) fn context_report(path: String) -> FileReport {
    let source: Arc<str> = Arc::from("");
    FileReport {
        path,
        lines: Arc::new(LineIndex::new(&source)),
        source,
        questions: 0,
        diagnostics: Vec::new(),
        suppressions: Default::default(),
        evicted: None,
    }
}

pub(super) fn unreadable(path: String, d: Diagnostic) -> (FileReport, FileSummary) {
    let source: Arc<str> = Arc::from("");
    (
        FileReport {
            path: path.clone(),
            lines: Arc::new(LineIndex::new(&source)),
            source,
            questions: 0,
            diagnostics: vec![d],
            suppressions: Default::default(),
            evicted: None,
        },
        FileSummary {
            path,
            ..FileSummary::default()
        },
    )
}

/// Every active rule's per-file findings, at the profile's severities.
pub fn check_document(doc: &Document, profile: &Profile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for active in &profile.rules {
        let before = diagnostics.len();
        active.rule.check(doc, &mut diagnostics);
        for d in &mut diagnostics[before..] {
            d.severity = active.severity;
        }
    }
    diagnostics
}

/// Parse and lint text that has already been read.
pub fn lint_text(path: String, text: Arc<str>, profile: &Profile) -> (FileReport, FileSummary) {
    lint_with(path, text, profile, &mut |doc| check_document(doc, profile))
}

/// [`lint_text`] with the rules run by `check` (the language server isolates each rule).
pub(super) fn lint_with(
    path: String,
    text: Arc<str>,
    profile: &Profile,
    check: &mut dyn FnMut(&Document) -> Vec<Diagnostic>,
) -> (FileReport, FileSummary) {
    let doc = Document::parse(path.clone(), text, &profile.parse);
    let diagnostics = check(&doc);
    let suppressions = crate::engine::suppress::Suppressions::parse(&doc);
    let mut summary = FileSummary::of(&doc);
    if profile.reads_title_words() {
        crate::rules::duplicates::similarity::read_words(&mut summary);
    }
    // Outside `question-files` the headings are no questions to count.
    let questions = if profile.holds_questions(std::path::Path::new(&path)) {
        doc.questions.len()
    } else {
        0
    };
    let Document { text, lines, .. } = doc;
    (
        FileReport {
            path,
            source: text,
            lines: Arc::new(lines),
            questions,
            diagnostics,
            suppressions,
            evicted: None,
        },
        summary,
    )
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(String),
    NotUtf8 { line: usize, column: usize },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(m) => f.write_str(m),
            ReadError::NotUtf8 { line, column } => write!(
                f,
                "not valid UTF-8 (first invalid byte at line {line}, byte column {column})"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decode file bytes as UTF-8 text, without a leading byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<Arc<str>, ReadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let valid = &body[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            Err(ReadError::NotUtf8 { line, column })
        }
    }
}
