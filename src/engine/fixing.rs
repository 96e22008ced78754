//! Fixing and renumbering: the per-file fix loop, renumbering across files, and writing the
//! changed files.

use std::sync::Arc;

use rayon::prelude::*;

use super::lint::{Loaded, unreadable};
use super::repository::{finish, profile_groups};
use super::{
    Candidate, Change, FileReport, Outcome, Profile, Request, RunError, fix, guard, walk, write,
};
use super::{check_document, lint_text};
use crate::base::diagnostic::{Applicability, Diagnostic, Family};
use crate::model::document::Document;
use crate::model::renumber;
use crate::model::summary::FileSummary;
use crate::rules::{FIX_NOT_CONVERGED, READ_ERROR};

/// Read, fix (when asked), lint, and write or diff (when asked). Runs inside the thread pool.
/// Fix and/or renumber, then lint what results (and show or write the changed files).
pub(super) fn fix_and_lint(
    req: &Request,
    jobs: &[(Candidate, Arc<Profile>)],
    outcome: &mut Outcome,
    cache: Option<&super::cache::SummaryCache>,
) {
    let loaded: Vec<Loaded> = jobs.par_iter().map(|(c, _)| req.load(c, true)).collect();
    let mut st = FixState {
        current: loaded.iter().map(|l| l.text.clone()).collect(),
        not_converged: vec![false; jobs.len()],
        refused: vec![false; jobs.len()],
    };
    let path = |i: usize| walk::display(&jobs[i].0.path);

    if let Some(min) = req.fix.min() {
        let fixed: Vec<(usize, Fixed)> = jobs
            .par_iter()
            .enumerate()
            .filter(|(_, (c, _))| !c.context)
            .filter_map(|(i, (c, p))| {
                let t = st.current[i].clone()?;
                Some((i, fix_loop(&walk::display(&c.path), t, p, min)))
            })
            .collect();
        for (i, f) in fixed {
            st.settle(i, f, &loaded, path(i), outcome);
        }
    }
    if req.renumber || req.fix.min().is_some_and(|m| m <= Applicability::Safe) {
        let before = st.current.clone();
        let skip: Vec<bool> = (0..jobs.len())
            .map(|i| st.not_converged[i] || st.refused[i])
            .collect();
        let (n, stubs, stopped) = renumber_all(req, jobs, &mut st.current, &skip, outcome);
        outcome.renumbered += n;
        outcome.stubs_left += stubs;
        for (i, e) in stopped {
            st.refuse(i, e, path(i), outcome);
        }
        // `renumber` alone also lists new questions in their table of contents (QA501's fix),
        // so the repository is left consistent; with `--fix`, new numbers can make other fixes
        // applicable (a TOC entry now matching a question): one more per-file round on the
        // files renumbering changed.
        let toc_entry =
            |d: &Diagnostic| d.rule.is(&crate::rules::toc::qa501_toc_missing_entry::META);
        let any = |_: &Diagnostic| true;
        let (min, keep): (Applicability, &(dyn Fn(&Diagnostic) -> bool + Sync)) =
            match req.fix.min() {
                Some(min) => (min, &any),
                None => (Applicability::Safe, &toc_entry),
            };
        let again: Vec<(usize, Fixed)> = jobs
            .par_iter()
            .enumerate()
            .filter(|(i, (c, _))| {
                !c.context && !skip[*i] && (req.fix.min().is_none() || st.current[*i] != before[*i])
            })
            .filter_map(|(i, (c, p))| {
                let t = st.current[i].clone()?;
                Some((i, fix_loop_of(&walk::display(&c.path), t, p, min, keep)))
            })
            .collect();
        for (i, f) in again {
            st.settle(i, f, &loaded, path(i), outcome);
        }
    }
    let FixState {
        mut current,
        not_converged,
        refused,
    } = st;

    if let Some(pb) = &req.progress {
        pb.start(jobs.len());
    }
    let results: Vec<(FileReport, FileSummary)> = jobs
        .par_iter()
        .inspect(|_| {
            if let Some(pb) = &req.progress {
                pb.tick();
            }
        })
        .zip(loaded.par_iter())
        .zip(current.par_iter())
        .map(|(((c, p), l), text)| match (text, &l.error) {
            (t, _) if c.context => (
                super::lint::context_report(walk::display(&c.path)),
                super::context_summary(c, p, cache, t.clone()).unwrap_or_default(),
            ),
            (Some(t), _) => {
                let (report, summary) = lint_text(walk::display(&c.path), t.clone(), p);
                super::remember(cache, c, p, t, &summary);
                (report, summary)
            }
            (None, Some(e)) => unreadable(walk::display(&c.path), e.clone()),
            (None, None) => unreadable(
                walk::display(&c.path),
                Diagnostic::new(&READ_ERROR, 0..0, "cannot read the file"),
            ),
        })
        .collect();
    let (mut reports, mut summaries): (Vec<FileReport>, Vec<FileSummary>) =
        results.into_iter().unzip();
    let mut found = None;
    if let Some(min) = req.fix.min() {
        let skip: Vec<bool> = (0..jobs.len())
            .map(|i| jobs[i].0.context || not_converged[i] || refused[i])
            .collect();
        let mut texts = Texts {
            current: &mut current,
            reports: &mut reports,
            summaries: &mut summaries,
        };
        found = repository_fixes(jobs, &mut texts, &skip, min, outcome, cache);
    }
    for (i, mut report) in reports.into_iter().enumerate() {
        if not_converged[i] {
            report.diagnostics.push(
                Diagnostic::new(
                    &FIX_NOT_CONVERGED,
                    0..0,
                    format!(
                        "fixes for `{}` did not converge after {} passes; the file was not written",
                        report.path,
                        fix::MAX_PASSES
                    ),
                )
                .with_help("run `qalint check --fix` again, or fix the remaining findings by hand, and report the file to qalint's issue tracker"),
            );
        }
        outcome.files.push(report);
    }
    finish(jobs, summaries, found, &mut outcome.files);

    // Changed files: show or write. A file read only as context changes only under `renumber`,
    // when it merely links to renumbered questions ([`renumber_all`]).
    for (i, (c, _)) in jobs.iter().enumerate() {
        let (Some(old), Some(new)) = (&loaded[i].text, &current[i]) else {
            continue;
        };
        if c.context && !req.renumber {
            continue;
        }
        if old == new || not_converged[i] {
            continue;
        }
        let path = walk::display(&c.path);
        outcome.changes.push(Change {
            path: path.clone(),
            old: old.clone(),
            new: new.clone(),
        });
        if req.write && !req.is_stdin(c) {
            let bytes = write::encode(new, write::Encoding { bom: loaded[i].bom });
            let snapshot = loaded[i]
                .snapshot
                .clone()
                .unwrap_or_else(|| write::Snapshot::of(b""));
            if let Err(e) = write::replace(&c.path, &snapshot, &bytes, Some(&c.root)) {
                outcome.errors.push(RunError::Path {
                    path,
                    message: format!("not written: {e}"),
                });
            }
        }
    }
}

/// Every file's text after fixing, and its report and summary as linted.
struct Texts<'a> {
    current: &'a mut [Option<Arc<str>>],
    reports: &'a mut [FileReport],
    summaries: &'a mut [FileSummary],
}

/// Apply the fixes of the repository pass (QA303's: a link's fragment into another file that
/// lacks an emoji heading's `-`), found on the summaries of the fixed texts. Each goes into the
/// linking file (not one read as context, nor one the fix loop gave up on or the guard
/// stopped), after its suppressions and through the structural guard; the file is linted
/// again. One round: such a fix changes only a fragment, which no other fix reads. Returns the
/// repository pass's findings when no file changed (they stand), so it need not run again.
fn repository_fixes(
    jobs: &[(Candidate, Arc<Profile>)],
    texts: &mut Texts,
    skip: &[bool],
    min: Applicability,
    outcome: &mut Outcome,
    cache: Option<&super::cache::SummaryCache>,
) -> Option<Vec<(usize, Diagnostic)>> {
    let found = super::repository::repository_findings(jobs, texts.summaries);
    let mut by_file: std::collections::BTreeMap<usize, Vec<Diagnostic>> = Default::default();
    for (i, d) in &found {
        if !skip[*i] && d.fix.is_some() {
            by_file.entry(*i).or_default().push(d.clone());
        }
    }
    let mut changed = false;
    for (i, diags) in by_file {
        let (c, profile) = &jobs[i];
        let Some(text) = texts.current[i].clone() else {
            continue;
        };
        let path = walk::display(&c.path);
        let doc = Document::parse(path.clone(), text.clone(), &profile.parse);
        let diags = crate::engine::suppress::filter(&doc, profile, diags);
        let chosen = fix::select(&text, &fix::applicable(&diags, min));
        let Some((new, n)) = fix::apply(&text, &chosen) else {
            continue;
        };
        if let Err(e) = guard::check_pass(&text, &chosen, &new) {
            outcome.errors.push(RunError::Path {
                path,
                message: format!(
                    "the fixes of links into other files would change the document's structure \
                     at line {}; they were not applied",
                    e.line
                ),
            });
            continue;
        }
        outcome.fixed += n;
        let new: Arc<str> = Arc::from(new);
        let (report, summary) = lint_text(path, new.clone(), profile);
        super::remember(cache, c, profile, &new, &summary);
        texts.current[i] = Some(new);
        texts.reports[i] = report;
        texts.summaries[i] = summary;
        changed = true;
    }
    (!changed).then_some(found)
}

/// Where each file stands while it is fixed: its text, and whether its fixes settled or the
/// structural guard stopped them (then it is left as it was read).
struct FixState {
    current: Vec<Option<Arc<str>>>,
    not_converged: Vec<bool>,
    refused: Vec<bool>,
}

impl FixState {
    /// Take a fix loop's result for file `i`, or the file as read when the guard stopped it.
    fn settle(
        &mut self,
        i: usize,
        f: Fixed,
        loaded: &[Loaded],
        path: String,
        outcome: &mut Outcome,
    ) {
        match f.refused {
            Some(e) => {
                self.current[i] = loaded[i].text.clone();
                self.refuse(i, e, path, outcome);
            }
            // Not written: the file is reported as it stands, and nothing counts as fixed.
            None if !f.converged => {
                self.current[i] = loaded[i].text.clone();
                self.not_converged[i] = true;
            }
            None => {
                self.current[i] = Some(f.text);
                outcome.fixed += f.applied;
            }
        }
    }

    /// Mark file `i` as stopped by the guard, and say why.
    fn refuse(
        &mut self,
        i: usize,
        e: guard::StructureChanged,
        path: String,
        outcome: &mut Outcome,
    ) {
        self.refused[i] = true;
        outcome.errors.push(RunError::Path {
            path,
            message: e.message,
        });
    }
}

/// What the per-file fix loop made of a file.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text (the original when `refused`).
    pub text: Arc<str>,
    /// How many fixes were applied.
    pub applied: usize,
    /// Whether the fixes settled within [`fix::MAX_PASSES`].
    pub converged: bool,
    /// Set when a pass would have changed the document's structure: nothing was applied.
    pub refused: Option<guard::StructureChanged>,
}

/// Apply safe (or unsafe) per-file fixes until nothing changes. Each pass goes through the
/// structural guard: one that changes the structure beyond what its fixes declare leaves the
/// file as it was. Numbering is left to [`renumber_texts`].
pub fn fix_loop(path: &str, original: Arc<str>, profile: &Profile, min: Applicability) -> Fixed {
    fix_loop_of(path, original, profile, min, &|_| true)
}

/// [`fix_loop`] over the findings `keep` accepts.
fn fix_loop_of(
    path: &str,
    original: Arc<str>,
    profile: &Profile,
    min: Applicability,
    keep: &(dyn Fn(&Diagnostic) -> bool + Sync),
) -> Fixed {
    let mut text = original.clone();
    let mut applied = 0;
    for _ in 0..fix::MAX_PASSES {
        let mut diags = fixable_findings(path, &text, profile);
        diags.retain(|d| keep(d));
        let chosen = fix::select(&text, &fix::applicable(&diags, min));
        let Some((new, n)) = fix::apply(&text, &chosen) else {
            return Fixed {
                text,
                applied,
                converged: true,
                refused: None,
            };
        };
        if let Err(e) = guard::check_pass(&text, &chosen, &new) {
            return Fixed {
                text: original,
                applied: 0,
                converged: true,
                refused: Some(e),
            };
        }
        applied += n;
        text = Arc::from(new);
    }
    let mut left = fixable_findings(path, &text, profile);
    left.retain(|d| keep(d));
    let converged = fix::applicable(&left, min).is_empty();
    Fixed {
        text,
        applied,
        converged,
        refused: None,
    }
}

/// One step of the fix loop: parse `text`, lint it, and keep the unsuppressed findings whose
/// fixes the per-file loop applies.
pub(super) fn fixable_findings(path: &str, text: &Arc<str>, profile: &Profile) -> Vec<Diagnostic> {
    let doc = Document::parse(path.to_string(), text.clone(), &profile.parse);
    let diags = per_file_fixable(check_document(&doc, profile));
    crate::engine::suppress::filter(&doc, profile, diags)
}

/// Renumber documents that share `profile` (in path order), updating links between them, as
/// `renumber` does (numbers whose findings are all suppressed stay). Returns the new texts, in
/// the same order.
pub fn renumber_texts(files: &[(String, Arc<str>)], profile: &Profile) -> Vec<Arc<str>> {
    let docs: Vec<Document> = files
        .iter()
        .map(|(p, t)| Document::parse(p.clone(), t.clone(), &profile.parse))
        .collect();
    if !numbering_state(&docs, profile, Applicability::Unsafe).renumber(true) {
        return files.iter().map(|(_, t)| t.clone()).collect();
    }
    let refs: Vec<&Document> = docs.iter().collect();
    renumber::plan(&refs)
        .into_iter()
        .zip(&docs)
        .map(|(edits, doc)| {
            let fix = crate::base::diagnostic::Fix::safe("renumber", edits);
            match fix::apply(&doc.text, &[&fix]) {
                Some((new, _)) => Arc::from(new),
                None => doc.text.clone(),
            }
        })
        .collect()
}

/// Findings whose fixes the per-file loop applies: numbering is left to the renumber step, which
/// also updates links in other files.
pub(super) fn per_file_fixable(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.retain(|d| d.rule.family() != Family::Numbering);
    diags
}

/// What the active numbering rules say about documents renumbered together: the one decision
/// `check --fix` and `renumber` share on whether to renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Numbering {
    /// A finding with a fix that no comment suppresses: renumber.
    Broken,
    /// Every finding with a fix is suppressed (a deliberate gap): leave the numbers alone,
    /// under `renumber` too, so that it agrees with `check --fix` and the comment stays used.
    Suppressed,
    /// No finding with a fix (or no numbering rule active): `check --fix` has nothing to do,
    /// `renumber` (asked for) renumbers.
    Clean,
}

impl Numbering {
    /// Whether to renumber: always when broken, never when suppressed, when asked otherwise.
    pub(super) fn renumber(self, asked: bool) -> bool {
        match self {
            Numbering::Broken => true,
            Numbering::Suppressed => false,
            Numbering::Clean => asked,
        }
    }
}

/// What the active numbering rules report in these documents (see [`Numbering`]). Findings
/// that offer no fix (a sequence starting far from `start`), or one below `min` (an unsafe
/// renumbering under `check --fix`), do not ask for renumbering.
pub(super) fn numbering_state(
    docs: &[Document],
    profile: &Profile,
    min: Applicability,
) -> Numbering {
    let active: Vec<_> = profile
        .rules
        .iter()
        .filter(|r| r.rule.meta().family() == Family::Numbering)
        .collect();
    if active.is_empty() {
        return Numbering::Clean;
    }
    let mut suppressed = false;
    for d in docs {
        let mut out = Vec::new();
        for r in &active {
            r.rule.check(d, &mut out);
        }
        out.retain(|f| f.fix.as_ref().is_some_and(|x| x.applicability >= min));
        let found = !out.is_empty();
        if !crate::engine::suppress::filter(d, profile, out).is_empty() {
            return Numbering::Broken;
        }
        suppressed |= found;
    }
    let summaries: Vec<FileSummary> = docs.iter().map(FileSummary::of).collect();
    let refs: Vec<&FileSummary> = summaries.iter().collect();
    let view = profile.repository_view(&refs);
    let refs: Vec<&FileSummary> = view.iter().map(|s| s.as_ref()).collect();
    let mut found = Vec::new();
    let repo = crate::rules::Repository::new(&profile.parse, &refs, active.iter().copied());
    for r in &active {
        r.rule.check_repository(&repo, &mut found);
    }
    suppressed |= !found.is_empty();
    if found
        .into_iter()
        .any(|(i, d)| !crate::engine::suppress::filter(&docs[i], profile, vec![d]).is_empty())
    {
        Numbering::Broken
    } else if suppressed {
        Numbering::Suppressed
    } else {
        Numbering::Clean
    }
}

/// Renumber every numbering scope, across files, updating links; returns the questions
/// renumbered, the stub links left as they were, and the files the structural guard stopped
/// (left as they were).
pub(super) fn renumber_all(
    req: &Request,
    jobs: &[(Candidate, Arc<Profile>)],
    current: &mut [Option<Arc<str>>],
    skip: &[bool],
    outcome: &mut Outcome,
) -> (usize, usize, Vec<(usize, guard::StructureChanged)>) {
    let mut total = 0;
    let mut stubs_left = 0;
    let mut stopped = Vec::new();
    // `renumber` was asked for: it renumbers where the model is not sure too (an unsafe
    // renumbering), as `--unsafe-fixes` does; `check --fix` only where it is.
    let min = match req.fix.min() {
        Some(m) if !req.renumber => m,
        _ => Applicability::Unsafe,
    };
    for (profile, members) in profile_groups(jobs) {
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| current[i].is_some() && !skip[i])
            .collect();
        let docs: Vec<Document> = members
            .par_iter()
            .map(|&i| {
                let text = current[i].clone().unwrap_or_else(|| Arc::from(""));
                Document::parse(walk::display(&jobs[i].0.path), text, &profile.parse)
            })
            .collect();
        if !numbering_state(&docs, &profile, min).renumber(req.renumber) {
            continue;
        }
        let refs: Vec<&Document> = docs.iter().collect();
        let plan = renumber::plan(&refs);
        // The sequence runs through files that were not named: their numbers are left as they
        // are, and the run says so. `renumber` was asked for and renumbers the named files;
        // `check --fix` (pre-commit's hook) renumbers nothing then, rather than leave numbers
        // that repeat across files.
        // A file of the context whose own numbers stay and that only links to renumbered
        // questions follows them under `renumber`: its links are updated, so none breaks.
        let renumbers = renumber::renumbered_docs(&refs);
        let follows = |k: usize| req.renumber && !renumbers[k];
        let left: Vec<usize> = (0..plan.len())
            .filter(|&k| !plan[k].is_empty() && jobs[members[k]].0.context && !follows(k))
            .collect();
        outcome.context_left.extend(
            left.iter()
                .map(|&k| walk::display(&jobs[members[k]].0.path)),
        );
        if !left.is_empty() && !req.renumber {
            continue;
        }
        let (n, stubs) = renumber::count_in(&refs, |k| !jobs[members[k]].0.context);
        total += n;
        stubs_left += stubs;
        for (k, edits) in plan.into_iter().enumerate() {
            let i = members[k];
            if edits.is_empty() || (jobs[i].0.context && !follows(k)) {
                continue;
            }
            let text = docs[k].text.clone();
            let fix = crate::base::diagnostic::Fix::safe("renumber", edits);
            if let Some((new, _)) = fix::apply(&text, &[&fix]) {
                match guard::check(&text, &new) {
                    Ok(()) => current[i] = Some(Arc::from(new)),
                    Err(e) => stopped.push((i, e)),
                }
            }
        }
    }
    (total, stubs_left, stopped)
}
