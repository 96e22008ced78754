//! What a long-running session (the language server) needs from the engine besides
//! [`lint_text`](super::lint_text) and the fix loop: a per-file lint that survives a panicking
//! rule, the repository pass over one profile's summaries, the suppressions and order of one
//! file's findings, and file summaries read through the summary cache when there is one.
//!
//! A run of `check` resolves, walks and lints in one go; a session keeps the summaries and
//! re-lints one document per edit, so it calls these pieces one at a time.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::SummaryCache;
use super::walk::Candidate;
use super::{FileReport, Profile};
use crate::base::diagnostic::{Diagnostic, RuleRef};
use crate::model::summary::FileSummary;

/// A rule that panicked: its findings are missing, and the session says so.
#[derive(Debug, Clone)]
pub struct RulePanic {
    pub rule: RuleRef,
    /// The panic's message.
    pub message: String,
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// What [`lint_text_isolated`] makes of one document.
pub struct Linted {
    pub report: FileReport,
    pub summary: FileSummary,
    /// The rules that panicked (their findings are lost, the others' kept).
    pub panics: Vec<RulePanic>,
    /// The document's numbering sequences (question indices), from the same parse.
    pub sequences: Vec<Vec<usize>>,
}

/// [`lint_text`](super::lint_text), each rule run on its own: a rule that panics loses its
/// findings, the others keep theirs, and the panic is returned.
pub fn lint_text_isolated(path: String, text: Arc<str>, profile: &Profile) -> Linted {
    let mut panics = Vec::new();
    let mut sequences = Vec::new();
    let (report, summary) = super::lint::lint_with(path, text, profile, &mut |doc| {
        sequences = crate::model::numbering::document_sequences(doc);
        let mut diagnostics = Vec::new();
        for active in &profile.rules {
            let mut found = Vec::new();
            match catch_unwind(AssertUnwindSafe(|| active.rule.check(doc, &mut found))) {
                Ok(()) => {
                    for d in &mut found {
                        d.severity = active.severity;
                    }
                    diagnostics.append(&mut found);
                }
                Err(payload) => panics.push(RulePanic {
                    rule: active.rule.meta(),
                    message: panic_message(&*payload),
                }),
            }
        }
        diagnostics
    });
    Linted {
        report,
        summary,
        panics,
        sequences,
    }
}

/// The cross-file findings of one profile's files (`summaries`, in path order), at the
/// profile's severities, each with the index of its file; a rule that panics is left out and
/// returned.
pub fn repository_findings(
    profile: &Profile,
    summaries: &[&FileSummary],
) -> (Vec<(usize, Diagnostic)>, Vec<RulePanic>) {
    let mut out = Vec::new();
    let mut panics = Vec::new();
    let view = profile.repository_view(summaries);
    let summaries: Vec<&FileSummary> = view.iter().map(|s| s.as_ref()).collect();
    let repo = crate::rules::Repository::new(&profile.parse, &summaries, &profile.rules);
    for active in &profile.rules {
        let mut found = Vec::new();
        let run = || active.rule.check_repository(&repo, &mut found);
        match catch_unwind(AssertUnwindSafe(run)) {
            Ok(()) => out.extend(found.into_iter().map(|(i, mut d)| {
                d.severity = active.severity;
                (i, d)
            })),
            Err(payload) => panics.push(RulePanic {
                rule: active.rule.meta(),
                message: panic_message(&*payload),
            }),
        }
    }
    (out, panics)
}

/// Apply one file's suppressions (which see its cross-file findings too, already added to
/// `report`) and put its findings in the order every output uses.
pub fn finish_file(report: &mut FileReport, profile: &Profile) {
    super::suppress::apply(report, profile);
    super::repository::sort_diagnostics(&mut report.diagnostics);
}

/// File summaries for a session, read through the summary cache of a repository root when it
/// has one (`.qalint-cache/`): read-only, the session never writes it.
pub struct Summaries {
    cache: Option<SummaryCache>,
}

impl Summaries {
    /// The summaries of files under `root`, through its cache when one exists.
    pub fn open(root: &Path) -> Summaries {
        let cache = root
            .join(super::cache::DIR)
            .is_dir()
            .then(|| SummaryCache::open(root));
        Summaries { cache }
    }

    /// Whether a cache is read.
    pub fn cached(&self) -> bool {
        self.cache.is_some()
    }

    /// The summary of the file at `path` (as messages name it; relative paths are relative to
    /// the working directory), from `text` when given (an editor's buffer), else from disk
    /// (through the cache). `None` when the file cannot be read as text.
    pub fn summary(
        &self,
        path: &Path,
        profile: &Profile,
        text: Option<Arc<str>>,
    ) -> Option<FileSummary> {
        let c = Candidate {
            path: path.to_path_buf(),
            explicit: false,
            root: path.parent().map(PathBuf::from).unwrap_or_default(),
            context: true,
        };
        let run = || super::context_summary(&c, profile, self.cache.as_ref(), text);
        catch_unwind(AssertUnwindSafe(run)).ok().flatten()
    }
}

/// A key of the parse settings a summary depends on: two profiles with equal keys read files
/// alike, so their summaries can be kept when a config changes other things.
pub fn settings_key(settings: &crate::model::settings::ParseSettings) -> u64 {
    super::cache::settings_hash(settings)
}
