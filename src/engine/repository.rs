//! The tail every run shares once each file is linted: the repository pass (cross-file rules,
//! once per profile), suppressions, and sorting.

use std::sync::Arc;

use super::{Candidate, FileReport, Profile};
use crate::base::diagnostic::Diagnostic;
use crate::model::summary::FileSummary;

/// The tail every run shares once each file is linted: the repository pass over the summaries
/// (unless its findings on these summaries are `found` already), suppressions (which see
/// cross-file findings too), and sorting.
pub(super) fn finish(
    jobs: &[(Candidate, Arc<Profile>)],
    summaries: Vec<FileSummary>,
    found: Option<Vec<(usize, Diagnostic)>>,
    files: &mut [FileReport],
) {
    let found = found.unwrap_or_else(|| repository_findings(jobs, &summaries));
    for (i, d) in found {
        files[i].diagnostics.push(d);
    }
    // Freeing every summary's strings takes a few milliseconds that the report need not wait for.
    rayon::spawn(move || drop(summaries));
    for (report, (_, profile)) in files.iter_mut().zip(jobs) {
        crate::engine::suppress::apply(report, profile);
    }
    for f in files.iter_mut() {
        sort_diagnostics(&mut f.diagnostics);
    }
}

pub(super) fn sort_diagnostics(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        (a.span.start, a.rule.code(), a.span.end, &a.message).cmp(&(
            b.span.start,
            b.rule.code(),
            b.span.end,
            &b.message,
        ))
    });
}

/// Files grouped by the profile they are linted under, in path order within each group.
pub(super) fn profile_groups(
    jobs: &[(Candidate, Arc<Profile>)],
) -> Vec<(Arc<Profile>, Vec<usize>)> {
    let mut groups: Vec<(Arc<Profile>, Vec<usize>)> = Vec::new();
    for (i, (_, p)) in jobs.iter().enumerate() {
        match groups.iter_mut().find(|(g, _)| Arc::ptr_eq(g, p)) {
            Some((_, v)) => v.push(i),
            None => groups.push((p.clone(), vec![i])),
        }
    }
    groups
}

/// The cross-file rules' findings, once per profile over the files linted under it (in path
/// order), at the profile's severities, each with the index of its file in `jobs` (not yet
/// suppressed).
pub(super) fn repository_findings(
    jobs: &[(Candidate, Arc<Profile>)],
    summaries: &[FileSummary],
) -> Vec<(usize, Diagnostic)> {
    let mut found = Vec::new();
    for (profile, members) in profile_groups(jobs) {
        let group: Vec<&FileSummary> = members.iter().map(|&i| &summaries[i]).collect();
        let view = profile.repository_view(&group);
        let group: Vec<&FileSummary> = view.iter().map(|s| s.as_ref()).collect();
        let repo = crate::rules::Repository::new(&profile.parse, &group, &profile.rules);
        for active in &profile.rules {
            let mut out = Vec::new();
            active.rule.check_repository(&repo, &mut out);
            found.extend(out.into_iter().map(|(fi, mut d)| {
                d.severity = active.severity;
                (members[fi], d)
            }));
        }
    }
    found
}
