//! `QA303 broken-link`: a link or image to a file that does not exist, or to a fragment that no
//! heading or anchor of the target file has.
//!
//! **What it does.** Resolves every relative link and image (and links to the repository's own
//! GitHub page, from `repository: {url}` or the `origin` remote) against the file system, and
//! every fragment (`#anchor`, `other.md#anchor`) against the anchors GitHub gives the target's
//! headings (lowercase, punctuation dropped, spaces to `-`, `-1`/`-2` for repeats) and its
//! explicit `<a name=…>`/`id=…` anchors. Fragments into other files are checked in the repository
//! pass from each file's summary, so no file is read twice; a fragment into a file that is not
//! linted is not judged. A fragment that differs only in case (browsers fall back to that), or
//! only by the `-` an emoji at the start of a heading leaves, is accepted. The help suggests the
//! closest anchor. TOC links are QA503's.
//!
//! **Why.** A dead link is a dead end for the reader, and TOCs rot with every renamed heading.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection; see [the glossary](missing-glossary.md).
//!
//! ## Q2: What is a set?
//!
//! A list without order; compare [Q1](#q1-what-is-an-array).
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection.
//!
//! ## Q2: What is a set?
//!
//! A list without order; compare [Q1](#q1-what-is-a-list).
//! ```
//!
//! **Options.** None. The repository's URL is the config's `repository: {url}` (default: the
//! `origin` remote; see `rules/defaults.yml`).
//!
//! **Fix.** None: the help names the closest anchor (for the first 100 broken anchors of a
//! file; past that, the search over every anchor would make huge files slow).

use std::collections::HashMap;

use crate::model::anchors::AnchorSet;
use crate::model::settings::ParseSettings;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use crate::model::links::{self, Target};
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::model::summary::{CrossLink, FileSummary};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA303",
    name: "broken-link",
    family: Family::Answers,
    summary: "A link to a missing file or to an anchor no heading has",
    default_severity: Severity::Error,
};

struct BrokenLink;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(BrokenLink))
}

impl Rule for BrokenLink {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // TOC links to this file's anchors are QA503's.
        let mut in_toc = vec![false; doc.links.len()];
        for t in crate::model::toc::find_all(doc) {
            for e in &t.entries {
                in_toc[e.link] = true;
            }
        }
        let mut suggested = 0;
        for (li, link) in doc.links.iter().enumerate() {
            if in_toc[li] {
                continue;
            }
            let span = link.dest_span.clone().unwrap_or(link.range.clone());
            match &links::targets(doc)[li] {
                Target::SameFile { fragment } => {
                    if fragment.is_empty() || doc.resolve_fragment(fragment).is_some() {
                        continue;
                    }
                    let anchors = doc.anchors().iter().map(|(a, _)| a.as_str());
                    let suggest = suggested < MAX_SUGGESTIONS;
                    suggested += 1;
                    out.push(missing_anchor(span, fragment, None, anchors, suggest));
                }
                Target::File { path, .. } => {
                    if links::exists(path) {
                        continue;
                    }
                    let shown = link.dest.split('#').next().unwrap_or(&link.dest);
                    let what = if link.image { "image" } else { "link" };
                    out.push(
                        Diagnostic::new(
                            &META,
                            span,
                            format!("{what} to `{shown}`, which does not exist"),
                        )
                        .with_label("no such file")
                        .with_help("fix the path (it is relative to this file's directory), or remove the link"),
                    );
                }
                Target::External => {}
            }
        }
    }

    fn check_repository(
        &self,
        _settings: &ParseSettings,
        files: &[&FileSummary],
        out: &mut Vec<(usize, Diagnostic)>,
    ) {
        let by_path: HashMap<&std::path::Path, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.abs_path.as_path(), i))
            .collect();
        // Links grouped by target file, so that each target's anchors are indexed once and
        // dropped before the next (the summaries hold them as a plain list).
        let mut by_target: Vec<Vec<(usize, &CrossLink)>> = vec![Vec::new(); files.len()];
        for (fi, f) in files.iter().enumerate() {
            for l in &f.links {
                if let Some(&ti) = by_path.get(&*l.target) {
                    by_target[ti].push((fi, l));
                }
            }
        }
        for (ti, links) in by_target.iter().enumerate() {
            if links.is_empty() {
                continue;
            }
            let target = files[ti];
            let set = AnchorSet::new(target.anchors.clone());
            let mut suggested = 0;
            for &(fi, l) in links {
                if set.resolve(&l.fragment).is_none() {
                    let anchors = target.anchors.iter().map(String::as_str);
                    let suggest = suggested < MAX_SUGGESTIONS;
                    suggested += 1;
                    out.push((
                        fi,
                        missing_anchor(
                            l.span.clone(),
                            &l.fragment,
                            Some(&target.path),
                            anchors,
                            suggest,
                        ),
                    ));
                }
            }
        }
    }
}

/// Broken anchors per file (and per target file) that get a did-you-mean: each search scans
/// every anchor of the file, so a file with thousands of broken links would be quadratic.
const MAX_SUGGESTIONS: usize = 100;

fn missing_anchor<'a>(
    span: std::ops::Range<usize>,
    fragment: &str,
    file: Option<&str>,
    anchors: impl Iterator<Item = &'a str>,
    suggest: bool,
) -> Diagnostic {
    let place = match file {
        Some(f) => format!("in `{f}`"),
        None => "in this file".to_string(),
    };
    let d = Diagnostic::new(
        &META,
        span,
        format!("no heading or anchor `#{fragment}` {place}"),
    )
    .with_label("broken anchor");
    let best = if suggest {
        links::closest_anchor(fragment, anchors)
    } else {
        None
    };
    match best {
        Some(best) => d.with_help(format!("did you mean `#{best}`?")),
        None => d.with_help("link to an existing heading (its anchor is its text in lowercase, punctuation dropped, spaces as `-`)"),
    }
}
