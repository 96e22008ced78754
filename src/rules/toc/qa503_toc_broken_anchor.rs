//! `QA503 toc-broken-anchor`: a table-of-contents link to an anchor no heading has.
//!
//! **What it does.** Reports TOC entries whose fragment reaches no heading or explicit anchor
//! (anchors computed as GitHub does), entries with an empty target
//! (`[Q23: What is a transformer?]()`), and an entry that links to the heading an earlier
//! entry lists while a later heading of the same text (GitHub anchors it `-1`, `-2`, …) is
//! listed by none (numbering restarted per section: `#q1-…` written for the second `Q1`), and
//! an entry that links to a heading another entry lists while its text is exactly another
//! question's title that no entry lists (a copied line: `- [What is a view?](#q1-what-is-an-index)`
//! under the Q1 entry). QA303 leaves TOC links to this rule; QA501 counts a broken entry as
//! listing the question it was meant for, and QA502 compares it with that question, so one
//! defect is one finding.
//!
//! **Why.** A broken TOC link does nothing when clicked.
//!
//! **Example that fires:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q1-what-is-a-list)
//! - [Q2: What is a set?](#q2-what-is-a-bag)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Contents
//!
//! - [Q1: What is a list?](#q1-what-is-a-list)
//! - [Q2: What is a set?](#Q2-What-is-a-set)
//!
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None; the TOC is found by the config's `toc: {heading}` (`rules/defaults.yml`).
//!
//! **Fix.** Safe or unsafe, rewriting the fragment (or filling the empty target; in a TOC written
//! in HTML, the fragment of the `href` value, the entry's text read without its tags). Safe when
//! the fragment lacks only the `-` an emoji at the start or end of the heading leaves
//! (`#core-concepts` for `## 🎯 Core concepts`); when the entry's text is exactly one
//! question's title or heading (markup and case aside), a number of its own before the title
//! aside (`Q3: What is flexbox?` for `## Q4: What is flexbox?`: a stale number, which QA502
//! then mends); or, short of such a title, when the entry writes a question number as a number
//! of its own and exactly one question carries it. A number of its own is `Q18` or
//! `#18` anywhere, `18.`, `18:`, `18)` or `Question 18` at the start, an entry that is only a
//! number, or the number cell of the entry's table row; never digits inside a word or a version
//! (`I18n`, `Vue2.0`, `mp3`, `h264`). Otherwise, when one question's title is close to the
//! entry's text, point at that one (unsafe: a human should confirm; titles are searched for the
//! first 100 broken entries of a file). A repeated anchor gets the anchor of the heading of the
//! same text its place calls for (safe: the k-th entry repeating it, the k-th repeat); a copied
//! anchor, that of the question the entry's text names (safe). An entry
//! meant for no question (`[Introduction](#introductio)`) gets QA303's did-you-mean, the anchor
//! closest to its fragment, and no fix, as QA303 gives none. An entry linking to
//! `#custom-id` where a heading ends in `{#custom-id}`, a block GitHub shows as text (no site
//! generator that reads it was found; see QA303), gets the heading's GitHub anchor as an
//! unsafe fix: the repository may be published by a generator qalint does not recognise.

use super::each::EachToc;
use crate::base::diagnostic::Family;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use crate::model::toc;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA503",
    name: "toc-broken-anchor",
    family: Family::Toc,
    summary: "A TOC link to an anchor that matches no heading",
    default_severity: Severity::Error,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(EachToc {
        meta: &META,
        check: check_toc,
    }))
}

/// An entry's text as written, for the message: runs of whitespace as one space, and without
/// the backticks of code spans, which would end the message's own quote (`\text` and `L_1` in
/// a formula stay).
fn as_written(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "")
}

/// Broken entries per TOC that get a did-you-mean (as QA303 gives its links).
const MAX_SUGGESTIONS: usize = 100;

/// The findings of one table of contents.
fn check_toc(doc: &Document, t: &toc::Toc, out: &mut Vec<Diagnostic>) {
    let mut searched = 0;
    // A repeated anchor reaches a heading, but not the one meant.
    for e in t
        .entries
        .iter()
        .filter(|e| !e.resolves || e.meant.is_some())
    {
        let link = &doc.links[e.link];
        let Some(ds) = link.dest_span.clone() else {
            continue;
        };
        let text = match e.html {
            true => as_written(&e.shown(doc)),
            false => as_written(doc.slice(e.text.clone())),
        };
        let entry = excerpt(&text, 50);
        let (message, label) = if e.fragment.is_empty() {
            (
                format!("TOC entry `{entry}` has an empty link target"),
                "links nowhere",
            )
        } else if e.resolves
            && e.meant
                .as_ref()
                .is_some_and(|m| m.by == toc::MeantBy::Copied)
        {
            (
                format!(
                    "TOC entry `{entry}` links to `#{}`, the heading another entry lists, not to the question it names",
                    e.fragment
                ),
                "copied anchor",
            )
        } else if e.resolves {
            (
                format!(
                    "TOC entry `{entry}` links to `#{}`, the heading an earlier entry lists",
                    e.fragment
                ),
                "repeated anchor",
            )
        } else {
            (
                format!(
                    "TOC entry `{entry}` links to `#{}`, which no heading has",
                    e.fragment
                ),
                "broken anchor",
            )
        };
        let mut d = Diagnostic::new(&META, ds.clone(), message).with_label(label);
        let written = doc.slice(ds.clone());
        let unread = (!e.resolves && !e.fragment.is_empty())
            .then(|| doc.unread_heading_id(&e.fragment))
            .flatten();
        if let Some(hi) = unread {
            // Written for a site generator: GitHub's anchor is offered, never applied as sure.
            let anchor = &doc.anchors()[hi].0;
            d = d.with_help(crate::rules::answers::qa303_broken_link::unread_id_help(
                &e.fragment,
                anchor,
            ));
            if let Some(h) = written.find('#') {
                let edit = Edit::replace(ds.start + h + 1..ds.end, anchor.clone());
                d = d.with_fix(Fix::unsafe_(format!("Link to `#{anchor}`"), vec![edit]));
            }
            out.push(d);
            continue;
        }
        match &e.meant {
            Some(m) => {
                let anchor = &m.anchor;
                let help = match m.by {
                    toc::MeantBy::EmojiDash => format!(
                        "an emoji at the start or end of a heading leaves a `-` in its anchor: link to `#{anchor}`"
                    ),
                    toc::MeantBy::Repeat => format!(
                        "a heading's repeats are anchored with `-1`, `-2`, …: link to `#{anchor}`"
                    ),
                    toc::MeantBy::Copied => format!(
                        "the entry's text is the title of the question at `#{anchor}`, which no other entry lists: link to it"
                    ),
                    _ => format!("the heading is `#{anchor}`"),
                };
                d = d.with_help(help);
                // The fragment is rewritten in place (after a full URL too); an empty target
                // gets one.
                let edit = if written.is_empty() {
                    Some(Edit::replace(ds.clone(), format!("#{anchor}")))
                } else {
                    written
                        .find('#')
                        .map(|h| Edit::replace(ds.start + h + 1..ds.end, anchor.clone()))
                };
                if let Some(edit) = edit {
                    let title = format!("Link to `#{anchor}`");
                    d = d.with_fix(if m.by.is_sure() {
                        Fix::safe(title, vec![edit])
                    } else {
                        Fix::unsafe_(title, vec![edit])
                    });
                }
            }
            // Past the limit, no search: each scans every anchor of the file.
            None if !e.fragment.is_empty() && searched < MAX_SUGGESTIONS => {
                searched += 1;
                let anchors = doc.anchors().iter().map(|(a, _)| a.as_str());
                d = d.with_help(
                    match crate::model::links::closest_anchor(&e.fragment, anchors) {
                        Some(best) => format!("did you mean `#{best}`?"),
                        None => "link the entry to an existing heading, or remove it".to_string(),
                    },
                );
            }
            None => {
                d = d.with_help("link the entry to an existing heading, or remove it");
            }
        }
        out.push(d);
    }
}
