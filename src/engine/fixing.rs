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
use crate::base::diagnostic::Edit;
use crate::base::diagnostic::{Applicability, Diagnostic, Family};
use crate::model::document::Document;
use crate::model::relink::{self, Renames};
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
        kept: vec![Kept::new(); jobs.len()],
    };
    let path = |i: usize| walk::display(&jobs[i].0.path);
    let mut renumber_declined = Vec::new();

    if let Some(min) = req.fix.min() {
        let all = |_: &Diagnostic| true;
        fix_round(jobs, &loaded, &mut st, min, &all, &|_| true, outcome);
    }
    if req.renumber || req.fix.min().is_some_and(|m| m <= Applicability::Safe) {
        let before = st.current.clone();
        let skip: Vec<bool> = (0..jobs.len())
            .map(|i| st.not_converged[i] || st.refused[i])
            .collect();
        let (n, stubs, stopped) = renumber_all(
            req,
            jobs,
            &mut st.current,
            &skip,
            outcome,
            &mut renumber_declined,
        );
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
        let which = |i: usize| !skip[i] && (req.fix.min().is_none() || st.current[i] != before[i]);
        let which: Vec<bool> = (0..jobs.len()).map(which).collect();
        fix_round(jobs, &loaded, &mut st, min, keep, &|i| which[i], outcome);
    }
    let FixState {
        mut current,
        not_converged,
        refused,
        kept,
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
    for &i in &renumber_declined {
        decline(&mut outcome.files[i], |d| {
            d.rule.family() == Family::Numbering
        });
    }
    for (i, kept) in kept.iter().enumerate() {
        if let (false, Some(text), Some(min)) = (kept.is_empty(), &current[i], req.fix.min()) {
            let (c, p) = &jobs[i];
            let doc = Document::parse(walk::display(&c.path), text.clone(), &p.parse);
            let (_, declined) = choose(&doc, p, min, &|_| true, kept);
            decline(&mut outcome.files[i], |d| {
                declined
                    .iter()
                    .any(|x| x.span == d.span && x.rule.code() == d.rule.code())
            });
        }
    }

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

/// One round of per-file fixes on the named files `which` accepts, then the heading anchors
/// the fixes renamed are followed by the links of the other named files. A file the run may
/// not write (read as context) that links to a renamed anchor keeps it: the fixes that would
/// rename it are declined (the file is fixed again without them), as renumbering is declined
/// when such a file would have to follow, and the run names the file.
fn fix_round(
    jobs: &[(Candidate, Arc<Profile>)],
    loaded: &[Loaded],
    st: &mut FixState,
    min: Applicability,
    keep: &(dyn Fn(&Diagnostic) -> bool + Sync),
    which: &(dyn Fn(usize) -> bool + Sync),
    outcome: &mut Outcome,
) {
    let named = |i: usize| !jobs[i].0.context && which(i);
    let run = |i: usize, kept: &Kept, st: &FixState| {
        let (c, p) = &jobs[i];
        let t = st.current[i].clone()?;
        Some((
            i,
            fix_loop_of(&walk::display(&c.path), t, p, min, keep, kept),
        ))
    };
    let mut fixed: Vec<(usize, Fixed)> = (0..jobs.len())
        .into_par_iter()
        .filter(|&i| named(i))
        .filter_map(|i| run(i, &Kept::new(), st))
        .collect();
    // Files read as context that link to renamed anchors: those anchors are kept.
    let mut kept_of = Vec::new();
    if fixed.iter().any(|(_, f)| !f.renamed.is_empty()) && jobs.iter().any(|(c, _)| c.context) {
        let context: Vec<Document> = (0..jobs.len())
            .into_par_iter()
            .filter(|&i| jobs[i].0.context)
            .filter_map(|i| {
                let t = st.current[i].clone()?;
                Some(Document::parse(
                    walk::display(&jobs[i].0.path),
                    t,
                    &jobs[i].1.parse,
                ))
            })
            .collect();
        for (i, f) in &mut fixed {
            let file = walk::display(&jobs[*i].0.path);
            let mut kept = Kept::new();
            for doc in &context {
                let olds = relink::linked(doc, std::path::Path::new(&file), &f.renamed);
                if !olds.is_empty() && !outcome.anchors_kept.contains(&doc.path) {
                    outcome.anchors_kept.push(doc.path.clone());
                }
                kept.extend(olds.into_iter().map(str::to_string));
            }
            if !kept.is_empty()
                && let Some((_, again)) = run(*i, &kept, st)
            {
                *f = again;
                kept_of.push((*i, kept));
            }
        }
    }
    for (i, k) in kept_of {
        st.kept[i].extend(k);
    }
    let renamed: Vec<(String, Renames)> = fixed
        .iter()
        .filter(|(_, f)| f.refused.is_none() && f.converged && !f.renamed.is_empty())
        .map(|(i, f)| (walk::display(&jobs[*i].0.path), f.renamed.clone()))
        .collect();
    for (i, f) in fixed {
        st.settle(i, f, loaded, walk::display(&jobs[i].0.path), outcome);
    }
    if renamed.is_empty() {
        return;
    }
    // The other named files' links follow (each file's own links followed in its fix loop).
    let follows: Vec<(usize, Arc<str>)> = (0..jobs.len())
        .into_par_iter()
        .filter(|&i| !jobs[i].0.context && !st.not_converged[i] && !st.refused[i])
        .filter_map(|i| {
            let (c, p) = &jobs[i];
            let text = st.current[i].clone()?;
            let here = walk::display(&c.path);
            let doc = Document::parse(here.clone(), text.clone(), &p.parse);
            let mut edits: Vec<Edit> = renamed
                .iter()
                .filter(|(file, _)| *file != here)
                .flat_map(|(file, r)| relink::follow(&doc, std::path::Path::new(file), r))
                .collect();
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            let fix = crate::base::diagnostic::Fix::safe("follow the renamed anchors", edits);
            let (new, _) = fix::apply(&text, &[&fix])?;
            guard::check(&text, &new).ok()?;
            Some((i, Arc::from(new)))
        })
        .collect();
    for (i, t) in follows {
        st.current[i] = Some(t);
    }
}

/// Mark the fixes of the findings `declined` accepts as shown only: the run declined them, so
/// they are not counted as fixable by it (`[*]`).
fn decline(report: &mut FileReport, declined: impl Fn(&Diagnostic) -> bool) {
    for d in &mut report.diagnostics {
        if let Some(f) = &d.fix
            && f.applicability > Applicability::DisplayOnly
            && declined(d)
        {
            let mut f = (**f).clone();
            f.applicability = Applicability::DisplayOnly;
            d.fix = Some(Arc::new(f));
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
    /// Per file, the anchors its fixes must not rename ([`Kept`]).
    kept: Vec<Kept>,
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
    /// The heading anchors the fixes renamed (anchor in the text read → anchor in `text`):
    /// the links of the file followed them already, those of other files are to follow.
    pub renamed: Renames,
}

/// Apply safe (or unsafe) per-file fixes until nothing changes. Each pass goes through the
/// structural guard: one that changes the structure beyond what its fixes declare leaves the
/// file as it was. Numbering is left to [`renumber_texts`].
pub fn fix_loop(path: &str, original: Arc<str>, profile: &Profile, min: Applicability) -> Fixed {
    fix_loop_of(path, original, profile, min, &|_| true, &Kept::new())
}

/// Anchors of a file that its fixes must not rename: files the run may not write (read as
/// context) link to them.
pub(super) type Kept = std::collections::HashSet<String>;

/// [`fix_loop`] over the findings `keep` accepts, declining fixes that would rename an anchor
/// of `kept`. A pass whose fixes rename heading anchors also points the file's own links at
/// the new anchors ([`crate::model::relink`]), in the same sweep.
fn fix_loop_of(
    path: &str,
    original: Arc<str>,
    profile: &Profile,
    min: Applicability,
    keep: &(dyn Fn(&Diagnostic) -> bool + Sync),
    kept: &Kept,
) -> Fixed {
    let first = Document::parse(path.to_string(), original.clone(), &profile.parse);
    // Where each heading of the text read is now: its start, carried through every pass.
    let mut starts: Vec<usize> = first.headings.iter().map(|h| h.range.start).collect();
    let mut renamed_any = false;
    let mut applied = 0;
    let mut later: Option<Document> = None;
    let mut passes = 0;
    loop {
        let doc = later.as_ref().unwrap_or(&first);
        let (chosen, _) = choose(doc, profile, min, keep, kept);
        let fixes: Vec<&crate::base::diagnostic::Fix> = chosen
            .iter()
            .map(|d| d.fix.as_deref().expect("fixable"))
            .collect();
        let fixes = fix::select(&doc.text, &fixes);
        let done = |text: Arc<str>, renamed_any: bool, converged: bool| Fixed {
            renamed: if renamed_any {
                let end = Document::parse(path.to_string(), text.clone(), &profile.parse);
                relink::renamed(&first, &end, |i| starts[i])
            } else {
                Renames::default()
            },
            text,
            applied,
            converged,
            refused: None,
        };
        if passes == fix::MAX_PASSES || fixes.is_empty() {
            let converged = fixes.is_empty();
            return done(doc.text.clone(), renamed_any, converged);
        }
        let Some((new, n)) = fix::apply(&doc.text, &fixes) else {
            return done(doc.text.clone(), renamed_any, true);
        };
        let (new, edits) = follow_own_links(doc, &fixes, new, profile);
        if let Err(e) = guard::check_pass(&doc.text, &fixes, &new) {
            return Fixed {
                text: original,
                applied: 0,
                converged: true,
                refused: Some(e),
                renamed: Renames::default(),
            };
        }
        renamed_any |= edits.renamed;
        let all: Vec<&Edit> = {
            let mut v: Vec<&Edit> = fixes.iter().flat_map(|f| &f.edits).collect();
            v.extend(edits.links.iter());
            v.sort_by_key(|e| (e.range.start, e.range.end));
            v
        };
        for s in &mut starts {
            *s = relink::moved_through(&all, *s);
        }
        applied += n;
        passes += 1;
        later = Some(Document::parse(
            path.to_string(),
            Arc::from(new),
            &profile.parse,
        ));
    }
}

/// What a pass did to the file's own links.
struct OwnLinks {
    /// Whether the pass renamed a heading anchor.
    renamed: bool,
    /// The edits that point the file's links at the new anchors.
    links: Vec<Edit>,
}

/// When `fixes` (applied to `doc`, giving `new`) rename heading anchors, point `doc`'s links to
/// them at the new anchors: the edits go into the same sweep (those a fix already made, as
/// QA001's does, are left to it). Returns the text with them, and the pass's link edits.
fn follow_own_links(
    doc: &Document,
    fixes: &[&crate::base::diagnostic::Fix],
    new: String,
    profile: &Profile,
) -> (String, OwnLinks) {
    let none = |new| {
        (
            new,
            OwnLinks {
                renamed: false,
                links: Vec::new(),
            },
        )
    };
    if !fixes.iter().any(|f| touches_heading(doc, f)) {
        return none(new);
    }
    let edits: Vec<&Edit> = {
        let mut v: Vec<&Edit> = fixes.iter().flat_map(|f| &f.edits).collect();
        v.sort_by_key(|e| (e.range.start, e.range.end));
        v
    };
    let after = Document::parse(doc.path.clone(), Arc::from(new.as_str()), &profile.parse);
    let renames = relink::renamed(doc, &after, |i| {
        relink::moved_through(&edits, doc.headings[i].range.start)
    });
    if renames.is_empty() {
        return none(new);
    }
    let links: Vec<Edit> = relink::follow(doc, std::path::Path::new(&doc.path), &renames)
        .into_iter()
        .filter(|l| {
            !edits
                .iter()
                .any(|e| e.range.start < l.range.end && l.range.start < e.range.end)
        })
        .collect();
    if links.is_empty() {
        return (
            new,
            OwnLinks {
                renamed: true,
                links,
            },
        );
    }
    let follow = crate::base::diagnostic::Fix::safe("follow the renamed anchors", links.clone());
    let mut all = fixes.to_vec();
    all.push(&follow);
    let new = fix::apply(&doc.text, &all).map_or(new, |(t, _)| t);
    (
        new,
        OwnLinks {
            renamed: true,
            links,
        },
    )
}

/// Whether a fix edits a heading's line or changes the structure (then it may make or unmake
/// headings): only such a fix can rename an anchor.
fn touches_heading(doc: &Document, fix: &crate::base::diagnostic::Fix) -> bool {
    fix.structural
        || fix.edits.iter().any(|e| {
            let h = doc
                .headings
                .partition_point(|h| h.range.end < e.range.start);
            doc.headings
                .get(h)
                .is_some_and(|h| h.range.start <= e.range.end)
        })
}

/// The findings of one pass whose fixes apply, and those declined: a fix that would rename an
/// anchor of `kept` (tried alone on the text).
fn choose(
    doc: &Document,
    profile: &Profile,
    min: Applicability,
    keep: &(dyn Fn(&Diagnostic) -> bool + Sync),
    kept: &Kept,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut diags = per_file_fixable(check_document(doc, profile));
    diags = crate::engine::suppress::filter(doc, profile, diags);
    diags.retain(|d| {
        keep(d)
            && d.fix.as_ref().is_some_and(|f| {
                f.applicability >= min
                    && f.applicability > Applicability::DisplayOnly
                    && !f.edits.is_empty()
            })
    });
    diags.sort_by_key(|d| {
        d.fix
            .as_ref()
            .and_then(|f| f.edits.first())
            .map(|e| (e.range.start, e.range.end))
    });
    if kept.is_empty() {
        return (diags, Vec::new());
    }
    diags.into_iter().partition(|d| {
        let f = d.fix.as_deref().expect("fixable");
        !(touches_heading(doc, f) && renames_kept(doc, f, kept, profile))
    })
}

/// Whether `fix`, applied alone to `doc`, renames an anchor of `kept`.
fn renames_kept(
    doc: &Document,
    fix: &crate::base::diagnostic::Fix,
    kept: &Kept,
    profile: &Profile,
) -> bool {
    let Some((new, _)) = fix::apply(&doc.text, &[fix]) else {
        return false;
    };
    let after = Document::parse(doc.path.clone(), Arc::from(new), &profile.parse);
    let edits: Vec<&Edit> = fix.edits.iter().collect();
    relink::renamed(doc, &after, |i| {
        relink::moved_through(&edits, doc.headings[i].range.start)
    })
    .olds()
    .any(|o| kept.contains(o))
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

/// Whether `doc` holds an index of its questions and a break in its numbering: renumbering
/// leaves it as it is, though its numbers break.
fn index_breaks(doc: &Document) -> bool {
    use crate::model::numbering::{document_sequences, sequence_breaks};
    doc.has_question_index()
        && document_sequences(doc)
            .iter()
            .any(|seq| !sequence_breaks(doc, seq).is_empty())
}

/// Renumber every numbering scope, across files, updating links; returns the questions
/// renumbered, the stub links left as they were, and the files the structural guard stopped
/// (left as they were). The named files whose renumbering `check --fix` declined (a file not
/// named would have to change) are added to `declined`.
pub(super) fn renumber_all(
    req: &Request,
    jobs: &[(Candidate, Arc<Profile>)],
    current: &mut [Option<Arc<str>>],
    skip: &[bool],
    outcome: &mut Outcome,
    declined: &mut Vec<usize>,
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
        // A named file that lists its questions in an index before asking them again is left
        // as it is (see `Document::has_question_index`); `renumber` says so when its numbers
        // break.
        if req.renumber {
            outcome.index_left.extend(
                (0..docs.len())
                    .filter(|&k| !jobs[members[k]].0.context && index_breaks(&docs[k]))
                    .map(|k| walk::display(&jobs[members[k]].0.path)),
            );
        }
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
        for &k in &left {
            let path = walk::display(&jobs[members[k]].0.path);
            match renumbers[k] {
                true => outcome.context_left.push(path),
                false => outcome.context_linking.push(path),
            }
        }
        if !left.is_empty() && !req.renumber {
            // Declined: the numbering findings of the named files are not fixable by this run.
            declined.extend(members.iter().filter(|&&i| !jobs[i].0.context));
            continue;
        }
        // The files left keep their anchors: links to them, in files that follow, stay too.
        let plan = match left.iter().any(|&k| renumbers[k]) {
            true => {
                let mut kept = vec![false; plan.len()];
                left.iter().for_each(|&k| kept[k] = true);
                renumber::plan_keeping(&refs, |k| kept[k])
            }
            false => plan,
        };
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
