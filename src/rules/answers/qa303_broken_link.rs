//! `QA303 broken-link`: a link or image to a file that does not exist, to a fragment that no
//! heading or anchor of the target file has, or to nothing at all.
//!
//! **What it does.** Resolves every relative link and image, Markdown or inline HTML
//! (`<a href>`, `<img src>`), and links to the repository's own GitHub page (from
//! `repository: {url}` or the `origin` remote; owner and name in any case, `http`/`www.`, a
//! `?query`, percent-encoded paths such as `Deep%20Learning%20Q%26A.md`, refs with slashes)
//! against the file system, and every fragment (`#anchor`, `other.md#anchor`) against the
//! anchors GitHub gives the target's headings (lowercase, punctuation dropped, spaces to `-`,
//! `-1`/`-2` for repeats) and its explicit `<a name=…>`/`id=…` anchors. Fragments into other
//! files are checked in the repository pass from each file's summary, so no file is read twice;
//! a fragment into a file that is not linted is not judged. A fragment that differs only in case
//! (GitHub's page script falls back to that), `#top` (browsers scroll to the top), `#readme` in
//! or into a README (the id of the box GitHub shows a repository's or folder's README in, unless
//! a heading has that anchor) and a browser text fragment (`#:~:text=…`) are fine, and so is a
//! line of GitHub's source view (`a.md?plain=1#L3`, `#L3-L4`). A reference
//! link (`[text][ref]`) is judged once, at its definition `[ref]: dest` (unused or not), where
//! its fix goes; only the definitions GitHub takes count (not `[^1]:` footnotes, nor a
//! `[key]: value` line inside a paragraph). A fragment that lacks only the `-` an emoji at the start or end of a
//! heading leaves (`#core-concepts` for `## 🎯 Core concepts`, whose anchor is
//! `-core-concepts`) does not reach it on GitHub: reported with the right anchor (on an MkDocs
//! site, an `mkdocs.yml` in its folder or above, it does, and is fine). On such a site a
//! site-absolute path (`/contact`, `/guide/`) names a page of its `docs_dir` by URL
//! (`contact.md`, `guide/index.md`); one no page matches is judged from the repository root,
//! as GitHub reads it. A heading ending in `{#custom-id}` is anchored `#custom-id` on a site
//! generator that reads the block (MkDocs with `attr_list`, Docusaurus, Jekyll's kramdown: see
//! `links::site_heading_ids`); elsewhere GitHub shows the block as text, so a link to
//! `#custom-id` is reported, its help giving the heading's GitHub anchor (the slug of its whole
//! text; no fix: the repository may be published by a generator not recognised). A relative path that
//! climbs above the root of the git work tree (`../other-repo/README.md` from the root) leaves
//! the repository: GitHub cannot resolve it, so it is reported even when a file is there beside
//! the checkout (where no `.git` is found above the file, the root is unknown and it is not
//! judged so). An empty target
//! `[text]()` goes nowhere: reported, except a stub sentence's link (QA302's); so does a URL
//! wrapped in a second pair of parentheses (`[text]((https://…))`). Link markup that GitHub
//! shows as text because it is no link is reported too: a space or line break between `]` and
//! `(` (`[Reference] (https://…)`; not after `[1]` or a task box), a space in the destination
//! (`(https://…/my page.html)`), a `(` in the URL that is never closed (the link's own `)` closes
//! it), a title whose quotes are never closed; images alike. Markup inside a link's text is that
//! link's (a TOC entry copied from a heading). Only where the parser gave the markup back as plain text: not in code, math, HTML blocks,
//! nor on an MkDocs site, whose Markdown reads some of these forms. Links in the
//! all-contributors table (a bot's, with anchors no page has by design) are left alone. The
//! help suggests the closest anchor, when it is alike where the two differ too (the words they
//! share and a number label aside: `#q6-what-is-a-heap` gets no `#q2-what-is-a-hash-map`). TOC
//! links are QA503's.
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
//! A list without order; compare [Q1](#q1-what-is-an-array) and [the tips](#tips).
//!
//! ## 💡 Tips
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
//! **Fix.** Safe, for a fragment that lacks an emoji heading's `-` (the right anchor), for a
//! URL in a second pair of parentheses (the parentheses go), for a space between `]` and `(`
//! before a destination with no space or `(` (the space goes), and for an empty target whose link text is the text of exactly one heading of the file (that
//! heading's anchor). Otherwise none: the help names the closest anchor (for the first 100
//! broken anchors of a file; past that, the search over every anchor would make huge files
//! slow).

use std::collections::HashMap;

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::anchors::{self, AnchorSet};
use crate::model::document::Document;
use crate::model::links::{self, Target};
use crate::model::summary::CrossLink;
use crate::rules::{OptionError, Repository, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA303",
    name: "broken-link",
    family: Family::Answers,
    summary: "A link to a missing file or to an anchor no heading has",
    default_severity: Severity::Error,
};

struct BrokenLink {
    /// QA302's stub sentences: their empty links are QA302's to report.
    stubs: std::sync::Arc<crate::model::stubs::StubSentences>,
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(BrokenLink {
        stubs: crate::rules::answers::qa302_placeholder_link::stubs(opts)?,
    }))
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
        // Empty targets that QA302 reports as a stub sentence's empty link.
        let stub_links = std::cell::OnceCell::new();
        let generated = generated_regions(doc);
        for (li, link) in doc.links.iter().enumerate() {
            // A reference link is judged once, at its definition (where its fix goes).
            if in_toc[li]
                || link.by_reference
                || generated.iter().any(|r| r.contains(&link.range.start))
            {
                continue;
            }
            let span = link.dest_span.clone().unwrap_or(link.range.clone());
            if let Some(d) = wrapped_url(doc, link) {
                out.push(d);
                continue;
            }
            if link.dest.trim().is_empty() {
                let Some(ds) = link.dest_span.clone() else {
                    continue;
                };
                let stubs = stub_links.get_or_init(|| {
                    crate::rules::answers::qa302_placeholder_link::stub_link_starts(
                        doc,
                        &self.stubs,
                    )
                });
                if !stubs.contains(&link.range.start) {
                    out.push(empty_target(doc, link, ds));
                }
                continue;
            }
            match &links::targets(doc)[li] {
                Target::SameFile { fragment } => {
                    if fragment.is_empty()
                        || anchors::is_page_anchor(fragment, std::path::Path::new(&doc.path))
                        || doc.resolve_fragment(fragment).is_some()
                    {
                        continue;
                    }
                    if let Some(hi) = doc.unread_heading_id(fragment) {
                        let anchor = &doc.anchors()[hi].0;
                        out.push(
                            missing_anchor(span, fragment, None, std::iter::empty(), false)
                                .with_help(unread_id_help(fragment, anchor)),
                        );
                        continue;
                    }
                    if let Some((anchor, _)) = doc.emoji_near_fragment(fragment) {
                        let at = link.dest_span.as_ref().and_then(|d| links::fragment_span(doc, d, fragment));
                        out.push(emoji_dash(span, at, fragment, anchor, None));
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
                    out.push(
                        unreachable_file(link, span, "does not exist")
                            .with_label("no such file")
                            .with_help(missing_file_help(&link.dest)),
                    );
                }
                Target::Outside => out.push(
                    unreachable_file(link, span, "leaves the repository")
                        .with_label("outside the repository")
                        .with_help("on GitHub a relative path cannot reach above the repository's root: link to the page's full URL, or to a file of this repository"),
                ),
                Target::External => {}
            }
        }
        if !doc.literal_links.is_empty() && !on_site(doc) {
            for l in &doc.literal_links {
                // Inside a link's text the markup is part of that link (a TOC entry copied
                // from a heading): the heading is where to mend it.
                let in_link = doc
                    .links
                    .iter()
                    .any(|k| k.range.start < l.range.start && l.range.start < k.range.end);
                if !in_link && !generated.iter().any(|r| r.contains(&l.range.start)) {
                    out.push(literal_link(doc, l));
                }
            }
        }
    }

    fn check_repository(&self, repo: &Repository, out: &mut Vec<(usize, Diagnostic)>) {
        let files = repo.files;
        let by_path: HashMap<&std::path::Path, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.abs_path.as_path(), i))
            .collect();
        // Links grouped by target file, so that each target's anchors are indexed once and
        // dropped before the next (the summaries hold them as a plain list).
        let mut by_target: Vec<Vec<(usize, &CrossLink)>> = vec![Vec::new(); files.len()];
        // Links from files read only as context are not reported: not checked either.
        for (fi, f) in files.iter().enumerate().filter(|(_, f)| !f.context) {
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
            let set = AnchorSet::new(target.anchors.iter().map(String::from).collect());
            let mut suggested = 0;
            for &(fi, l) in links {
                if anchors::is_page_anchor(&l.fragment, &target.abs_path)
                    || set.resolve(&l.fragment).is_some()
                {
                    continue;
                }
                if let Some(i) = set.emoji_near(&l.fragment) {
                    if links::site_strips_emoji(&target.abs_path) {
                        continue;
                    }
                    let anchor = &set.as_slice()[i];
                    let d = emoji_dash(
                        l.span.clone(),
                        l.fragment_span.clone(),
                        &l.fragment,
                        anchor,
                        Some(&target.path),
                    );
                    out.push((fi, d));
                    continue;
                }
                {
                    let anchors = target.anchors.iter();
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
        None if file.is_some() && crate::model::links::is_line_anchor(fragment) => d.with_help(
            "a rendered page has no line anchors: to point at a line, add `?plain=1` before the `#` (GitHub's source view)",
        ),
        None => d.with_help("link to an existing heading (its anchor is its text in lowercase, punctuation dropped, spaces as `-`)"),
    }
}

/// The help for a fragment that a heading's trailing `{#fragment}` sets on a site generator,
/// but not on GitHub, which anchors the heading `anchor` (the slug of its whole text). Shared
/// with QA503.
pub fn unread_id_help(fragment: &str, anchor: &str) -> String {
    format!(
        "the heading sets `{{#{fragment}}}`, which GitHub shows as text and does not read: its anchor there is `#{anchor}` (no site generator that reads it, MkDocs with `attr_list`, Docusaurus or Jekyll, was found for this file)"
    )
}

/// A link or image to a path that does not lead to a file: "link to `path`, which {why}".
/// How the path of a link to a missing file is read, for its help: from the repository's root
/// (`/img/a.png`, or the repository's own URL), or from the linking file's folder.
fn missing_file_help(dest: &str) -> &'static str {
    if dest.starts_with('/') {
        "fix the path (a leading `/` starts from the repository's root), or remove the link"
    } else if dest.contains("://") {
        "fix the path (this URL names a file of this repository), or remove the link"
    } else {
        "fix the path (it is relative to this file's directory), or remove the link"
    }
}

fn unreachable_file(
    link: &crate::model::document::Link,
    span: std::ops::Range<usize>,
    why: &str,
) -> Diagnostic {
    let shown = link.dest.split('#').next().unwrap_or(&link.dest);
    let what = if link.image { "image" } else { "link" };
    Diagnostic::new(&META, span, format!("{what} to `{shown}`, which {why}"))
}

/// A link whose fragment lacks only the `-` an emoji at an end of the heading leaves; the fix
/// rewrites the fragment at `fragment_span` (when it is known verbatim).
fn emoji_dash(
    span: std::ops::Range<usize>,
    fragment_span: Option<std::ops::Range<usize>>,
    fragment: &str,
    anchor: &str,
    file: Option<&str>,
) -> Diagnostic {
    let place = file.map_or("in this file".to_string(), |f| format!("in `{f}`"));
    let d = Diagnostic::new(
        &META,
        span,
        format!(
            "no heading or anchor `#{fragment}` {place}; the emoji heading it names is `#{anchor}`"
        ),
    )
    .with_label("broken anchor")
    .with_help(format!(
        "an emoji at the start or end of a heading leaves a `-` in its anchor: link to `#{anchor}`"
    ));
    match fragment_span {
        Some(at) => d.with_fix(Fix::safe(
            format!("Link to `#{anchor}`"),
            vec![Edit::replace(at, anchor.to_string())],
        )),
        None => d,
    }
}

/// A link with an empty target `[text]()`: it goes nowhere. When its text is the title of one
/// heading of this file, the fix links it there.
fn empty_target(
    doc: &Document,
    link: &crate::model::document::Link,
    ds: std::ops::Range<usize>,
) -> Diagnostic {
    let text = link
        .text_span
        .clone()
        .map(|r| crate::model::toc::normalize(doc.slice(r)).to_lowercase())
        .unwrap_or_default();
    let what = if link.image { "image" } else { "link" };
    let d = Diagnostic::new(
        &META,
        link.range.clone(),
        format!("{what} with an empty target `()`"),
    )
    .with_label("links nowhere");
    let mut same = doc.headings.iter().enumerate().filter(|(_, h)| {
        !text.is_empty() && crate::model::toc::normalize(&h.text.text).to_lowercase() == text
    });
    let hit = match (same.next(), same.next()) {
        (Some((hi, _)), None) => doc.anchors().get(hi).filter(|(_, h)| *h == Some(hi)),
        _ => None,
    };
    match hit {
        Some((anchor, _)) => d
            .with_help(format!("the heading with this text is `#{anchor}`"))
            .with_fix(Fix::safe(
                format!("Link to `#{anchor}`"),
                vec![Edit::replace(ds, format!("#{anchor}"))],
            )),
        None => d.with_help("put the destination between the parentheses, or remove the link"),
    }
}

/// Regions a bot writes and rewrites, whose links are its business: the all-contributors table
/// (`<!-- ALL-CONTRIBUTORS-LIST:START -->` … `END`), whose emoji links (`#content-USER`) name
/// anchors no page has, by that project's convention.
fn generated_regions(doc: &Document) -> Vec<std::ops::Range<usize>> {
    const START: &str = "<!-- ALL-CONTRIBUTORS-LIST:START";
    const END: &str = "<!-- ALL-CONTRIBUTORS-LIST:END";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = doc.text[from..].find(START) {
        let start = from + i;
        let Some(j) = doc.text[start..].find(END) else {
            break;
        };
        let end = start + j + END.len();
        out.push(start..end);
        from = end;
    }
    out
}

/// A URL wrapped in a second pair of parentheses, `[text]((https://…))`: the parentheses
/// belong to the destination, which becomes a relative path that does not exist.
fn wrapped_url(doc: &Document, link: &crate::model::document::Link) -> Option<Diagnostic> {
    let inner = link.dest.strip_prefix('(')?.strip_suffix(')')?;
    if !(inner.contains("://") || inner.starts_with("mailto:")) {
        return None;
    }
    let ds = link.dest_span.clone()?;
    let d = Diagnostic::new(
        &META,
        ds.clone(),
        format!(
            "link to `{}`: the URL is wrapped in a second pair of parentheses",
            link.dest
        ),
    )
    .with_label("not a URL")
    .with_help(format!(
        "keep one pair of parentheses around the URL: `]({inner})`"
    ));
    Some(if doc.slice(ds.clone()) == link.dest {
        d.with_fix(Fix::safe(
            "Remove the extra parentheses",
            vec![Edit::replace(ds, inner.to_string())],
        ))
    } else {
        d
    })
}

/// Whether the file belongs to an MkDocs site: its Markdown (Python-Markdown) takes some link
/// markup that GitHub's does not, and its pages are read on the site, so such markup is not
/// judged there. Docusaurus reads links as GitHub does; a Jekyll site is a second view of a
/// repository read on GitHub.
fn on_site(doc: &Document) -> bool {
    links::site_strips_emoji(std::path::Path::new(&doc.path))
}

/// Link markup that GitHub shows as written: why it is no link, how to mend it, and for a space
/// between `]` and `(` before a destination that is fine, the fix that removes the space.
fn literal_link(doc: &Document, l: &crate::model::scan::links::LiteralLink) -> Diagnostic {
    use crate::model::scan::links::LiteralWhy;
    let src = doc.slice(l.range.clone());
    let label = src[1 + usize::from(l.image)..]
        .split(']')
        .next()
        .unwrap_or("")
        .trim();
    let label = crate::base::diagnostic::excerpt(label, 40);
    let broken_line = l
        .gap
        .as_ref()
        .is_some_and(|g| doc.slice(g.clone()).contains('\n'));
    let (why, help) = match l.why {
        LiteralWhy::Gap if broken_line => (
            "a line break separates `]` from `(`",
            "join them: `[text](destination)`",
        ),
        LiteralWhy::Gap => (
            "there is a space between `]` and `(`",
            "remove the space: `[text](destination)`",
        ),
        LiteralWhy::Unclosed => (
            "a `(` in its destination is never closed",
            "write a `(` that is part of the URL as `%28` (and its `)` as `%29`)",
        ),
        LiteralWhy::Space => (
            "its destination holds a space",
            "write the spaces of the URL as `%20` (or wrap a path in `<…>`), or remove the words that got into it",
        ),
        LiteralWhy::Title => (
            "the title after its destination is never closed",
            "close the title's quotes, or remove the title: `[text](destination \"title\")`",
        ),
        LiteralWhy::Other => (
            "GitHub does not read it as a link",
            "write it as `[text](destination)`, the destination without spaces",
        ),
    };
    let dest = doc.slice(l.dest.clone());
    // `www.example.com/x`: GitHub autolinks it in the text; as a destination it is a path.
    let bare_host = l.why == LiteralWhy::Gap
        && dest
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("www."));
    // `(#part)` that no heading here has: joined, it would link nowhere.
    let nowhere = dest.strip_prefix('#').is_some_and(|f| {
        doc.resolve_fragment(&crate::model::anchors::decode_fragment(f))
            .is_none()
    });
    let help = if bare_host {
        "remove the space, and write the URL in full: `[text](https://www.…)`".to_string()
    } else if nowhere && l.why == LiteralWhy::Gap {
        format!("remove the space, and link to a heading of this file: none has `{dest}`")
    } else {
        help.to_string()
    };
    let d = Diagnostic::new(
        &META,
        l.range.clone(),
        format!(
            "`{bang}[{label}]` is shown as text, not as {what}: {why}{and_gap}",
            bang = if l.image { "!" } else { "" },
            what = if l.image { "an image" } else { "a link" },
            and_gap = match (&l.gap, l.why) {
                (Some(_), w) if w != LiteralWhy::Gap => " (and a space separates `]` from `(`)",
                _ => "",
            },
        ),
    )
    .with_label("not a link")
    .with_help(help);
    // Joined, only a full URL or a fragment of this file is sure to lead somewhere: a bare
    // `www.…` that GitHub autolinks as text would become a relative path. A heading's anchor
    // would change with its text: mended by hand.
    let sure = ["http://", "https://", "mailto:", "#"].iter().any(|p| {
        dest.get(..p.len())
            .is_some_and(|d| d.eq_ignore_ascii_case(p))
    }) && !dest.contains(char::is_whitespace)
        && !dest.contains('(')
        && !doc
            .headings
            .iter()
            .any(|h| h.range.contains(&l.range.start))
        && !nowhere;
    match &l.gap {
        Some(gap) if src.ends_with(')') && sure => d.with_fix(Fix::safe(
            if broken_line {
                "Join `]` and `(`"
            } else {
                "Remove the space between `]` and `(`"
            },
            vec![Edit::replace(gap.clone(), String::new())],
        )),
        _ => d,
    }
}
