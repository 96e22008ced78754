//! Where a link points: this file, another file of the repository (with an optional fragment),
//! or outside. Links to the repository's own GitHub page count as local (`repository.url`, or
//! the `origin` remote in `.git/config`). Nothing goes to the network.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::model::anchors;
use crate::model::document::Document;

/// What a link destination names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#fragment` in the same file (empty fragment: the top of the page).
    SameFile { fragment: String },
    /// A file of the repository, by normalized absolute path, with an optional fragment.
    File {
        path: PathBuf,
        fragment: Option<String>,
    },
    /// A relative path that climbs out of the repository's work tree (`../other/README.md`
    /// from its root): on GitHub it cannot resolve, whatever lies beside the checkout. Only
    /// where the work tree is known (a `.git` above the file).
    Outside,
    /// A URL elsewhere, `mailto:`, or something this check does not judge.
    External,
}

/// Where `doc`'s links start from: the file, its repository root and the repository's URL.
struct Base {
    here: PathBuf,
    root: PathBuf,
    /// The file's directory below `root`, when `root` is a git work tree (else unknown: the
    /// file's own directory stands in for the root).
    below_root: Option<PathBuf>,
    url: Option<String>,
}

impl Base {
    fn of(doc: &Document) -> Base {
        let here = absolute(Path::new(&doc.path));
        let root = repo_root(&here);
        let below_root = exists(&root.join(".git"))
            .then(|| {
                here.parent()?
                    .strip_prefix(&root)
                    .ok()
                    .map(Path::to_path_buf)
            })
            .flatten();
        let url = doc
            .settings
            .repository_url
            .clone()
            .or_else(|| origin_url(&root))
            .or_else(|| inferred_url(doc, &root, &here));
        Base {
            here,
            root,
            below_root,
            url,
        }
    }

    /// Whether the path `decoded` (relative to the file, or to the root with a leading `/`)
    /// climbs above the root of a known work tree on its way, like `../r1/README.md` from the
    /// root (even one that comes back in by the checkout's folder name: GitHub's page has no
    /// such folder).
    fn climbs_out(&self, decoded: &str) -> bool {
        let Some(below) = &self.below_root else {
            return false;
        };
        let from_root = match decoded.strip_prefix('/') {
            Some(rel) => PathBuf::from(rel),
            None => below.join(decoded),
        };
        matches!(
            normalize(&from_root).components().next(),
            Some(std::path::Component::ParentDir)
        )
    }
}

/// Without a configured URL or an `origin` remote, the repository's GitHub page as the file's
/// own links show it: the `https://github.com/OWNER/REPO` that at least two links use to reach
/// an anchor of this file or a file that exists in the checkout.
fn inferred_url(doc: &Document, root: &Path, here: &Path) -> Option<String> {
    let mut votes: std::collections::BTreeMap<String, usize> = Default::default();
    for l in &doc.links {
        let Some(rest) = l.dest.trim().strip_prefix("https://github.com/") else {
            continue;
        };
        let end = rest.find(['/', '#', '?']).unwrap_or(rest.len());
        let owner = &rest[..end];
        let after = rest[end..].strip_prefix('/').unwrap_or("");
        let repo_end = after.find(['/', '#', '?']).unwrap_or(after.len());
        let repo = &after[..repo_end];
        if owner.is_empty() || repo.is_empty() {
            continue;
        }
        let url = format!("https://github.com/{owner}/{repo}");
        let base = Base {
            here: here.to_path_buf(),
            root: root.to_path_buf(),
            below_root: None,
            url: Some(url.clone()),
        };
        // An anchor of this very file, or a file named by path (`/blob/BRANCH/docs/x.md`): a
        // link to another repository's front page (`…/all-contributors#emoji-key`) proves
        // nothing, every checkout has a README.
        let named = l.dest.contains("/blob/") || l.dest.contains("/tree/");
        let reaches = match repository_path(&base, l.dest.trim()) {
            Some(Target::SameFile { fragment }) => {
                !fragment.is_empty() && doc.resolve_fragment(&fragment).is_some()
            }
            Some(Target::File { path, .. }) => named && exists(&path),
            _ => false,
        };
        if reaches {
            *votes.entry(url).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .filter(|(_, v)| *v >= 2)
        .max_by_key(|(_, v)| *v)
        .map(|(u, _)| u)
}

/// The target of each of `doc.links` (same order), classified once per document.
pub fn targets<'d>(doc: &'d Document) -> &'d [Target] {
    doc.shared.link_targets.get_or_init(|| {
        let base = Base::of(doc);
        doc.links
            .iter()
            .map(|l| classify_from(&base, &l.dest))
            .collect()
    })
}

/// Classify a destination written in the file `base` describes.
fn classify_from(base: &Base, dest: &str) -> Target {
    let dest = dest.trim();
    if dest.is_empty() {
        return Target::External;
    }
    if let Some(frag) = dest.strip_prefix('#') {
        return Target::SameFile {
            fragment: page_fragment(frag),
        };
    }
    let here = &base.here;
    if let Some(rest) = repository_path(base, dest) {
        return rest;
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Target::External;
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, file_fragment(p, f)),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let decoded = anchors::decode_fragment(path_part);
    if base.climbs_out(&decoded) {
        return Target::Outside;
    }
    let target = if let Some(root_rel) = decoded.strip_prefix('/') {
        site_page(here, root_rel).unwrap_or_else(|| base.root.join(root_rel))
    } else {
        here.parent().unwrap_or(Path::new("/")).join(&decoded)
    };
    let target = normalize(&target);
    if target == *here {
        return Target::SameFile {
            fragment: fragment.unwrap_or_default(),
        };
    }
    Target::File {
        path: target,
        fragment,
    }
}

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`, `javascript:`, `data:`…).
fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// `https://github.com/OWNER/REPO[/blob|tree/REF/path][?query][#frag]` → a file of this
/// repository. The owner and repository compare case-insensitively (GitHub does), `http:` and
/// `www.` are the same page, and a ref may hold slashes (`blob/release/v2/a.md`: the first split
/// that names an existing file wins).
fn repository_path(base: &Base, dest: &str) -> Option<Target> {
    let (root, here) = (&base.root, &base.here);
    let url = base.url.as_deref()?;
    let rest = strip_page(dest, url)?;
    if !(rest.is_empty() || rest.starts_with(['/', '#', '?'])) {
        return None;
    }
    let (path_part, fragment) = match rest.split_once('#') {
        Some((p, f)) => (p, file_fragment(p, f)),
        None => (rest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let parts: Vec<&str> = path_part.trim_matches('/').split('/').collect();
    let file = match parts.as_slice() {
        [""] => root.join("README.md"),
        // Percent-encoded like any URL path (`docs/Machine%20Learning.md`).
        ["blob" | "tree", after_ref @ ..] if after_ref.len() >= 2 => {
            let path_at =
                |k: usize| root.join(crate::base::percent::decode(&after_ref[k..].join("/")));
            (1..after_ref.len())
                .map(path_at)
                .find(|p| exists(&normalize(p)))
                .unwrap_or_else(|| path_at(1))
        }
        _ => return Some(Target::External),
    };
    let file = normalize(&file);
    if file == *here {
        return Some(Target::SameFile {
            fragment: fragment.unwrap_or_default(),
        });
    }
    Some(Target::File {
        path: file,
        fragment,
    })
}

/// What follows the repository page `url` (`https://github.com/OWNER/REPO`) in `dest`, when
/// `dest` is on that page: scheme `http`/`https`, optional `www.`, owner and repository in any
/// case.
fn strip_page<'d>(dest: &'d str, url: &str) -> Option<&'d str> {
    let page = url.strip_prefix("https://github.com/")?;
    let rest = dest
        .strip_prefix("https://")
        .or_else(|| dest.strip_prefix("http://"))?;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.strip_prefix("github.com/")?;
    let head = rest.get(..page.len())?;
    head.eq_ignore_ascii_case(page).then(|| &rest[page.len()..])
}

/// The anchor `fragment` names in the file `path` (query included) names: none for a line of
/// GitHub's source view (`a.md?plain=1#L3`, `#L3-L4`), which has no heading anchors, only lines.
fn file_fragment(path: &str, fragment: &str) -> Option<String> {
    let source_view = path
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|kv| kv == "plain=1"));
    (!(source_view && is_line_anchor(fragment))).then(|| page_fragment(fragment))
}

/// Whether `fragment` names lines the way GitHub's source view does: `L3`, `L3-L4`.
pub fn is_line_anchor(fragment: &str) -> bool {
    let line = |f: &str| {
        f.strip_prefix('L')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    match fragment.split_once('-') {
        Some((a, b)) => line(a) && line(b),
        None => line(fragment),
    }
}

/// The anchor part of a fragment: a browser text fragment (`#:~:text=…`, `#anchor:~:text=…`)
/// scrolls to text, not to an anchor, so only what comes before its `:~:` names one.
fn page_fragment(fragment: &str) -> String {
    match fragment.find(":~:") {
        Some(i) => fragment[..i].to_string(),
        None => fragment.to_string(),
    }
}

/// Where `fragment` is written at the end of the destination span `dest` (after its `#`), when
/// it is there verbatim.
pub fn fragment_span(doc: &Document, dest: &Range<usize>, fragment: &str) -> Option<Range<usize>> {
    let written = doc.slice(dest.clone());
    let at = written.len().checked_sub(fragment.len())?;
    (written.ends_with(fragment) && written[..at].ends_with('#'))
        .then(|| dest.end - fragment.len()..dest.end)
}

/// Whether `file` belongs to a site built by MkDocs (an `mkdocs.yml` in its folder or above,
/// up to the repository root): its anchors drop the `-` an emoji at the start of a heading
/// leaves, where GitHub's keep it.
pub fn site_strips_emoji(file: &Path) -> bool {
    mkdocs_config(file).is_some()
}

/// The `mkdocs.yml` (or `.yaml`) of the MkDocs site `file` belongs to: in its folder or above,
/// up to the repository root.
fn mkdocs_config(file: &Path) -> Option<PathBuf> {
    nearest_above(absolute(file).parent()?, MKDOCS)
}

const MKDOCS: &[&str] = &["mkdocs.yml", "mkdocs.yaml"];

/// The first of `names` found in `dir` or the nearest folder above it that holds one, up to the
/// repository root.
fn nearest_above(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    for d in dir.ancestors() {
        if let Some(found) = names.iter().map(|n| d.join(n)).find(|p| exists(p)) {
            return Some(found);
        }
        if exists(&d.join(".git")) {
            break;
        }
    }
    None
}

/// How the site generator that builds a file reads an attribute block at the end of a heading
/// (`## Title {#custom-id}`): it gives the heading that id and does not show the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingIds {
    /// Docusaurus, Jekyll's kramdown (whose other attribute lists go on a line of their own):
    /// `{#id}` alone.
    IdOnly,
    /// MkDocs with `attr_list`: `{#id .class key=val}`, `{: #id}`, `{.class}`, after a space.
    AttrList,
}

/// Whether (and how) the site `file` belongs to reads heading ids: MkDocs whose governing
/// `mkdocs.yml` lists `attr_list` in `markdown_extensions`, Docusaurus (a
/// `docusaurus.config.{js,ts,mjs}`), or Jekyll with kramdown (a `_config.yml` whose `markdown:`
/// is `kramdown` or unset); the nearest config in the file's folder or above, up to the
/// repository root, decides. GitHub reads none (cached per folder).
pub fn site_heading_ids(file: &Path) -> Option<HeadingIds> {
    static SITES: PathMemo<Option<HeadingIds>> = PathMemo::new();
    let dir = absolute(file).parent()?.to_path_buf();
    SITES.get_or(&dir, || heading_ids_above(&dir))
}

/// The nearest site config at or above `dir` (up to the repository root), read for
/// [`site_heading_ids`].
fn heading_ids_above(dir: &Path) -> Option<HeadingIds> {
    const SITES: &[&str] = &[
        "mkdocs.yml",
        "mkdocs.yaml",
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
        "_config.yml",
    ];
    let config = nearest_above(dir, SITES)?;
    let name = config.file_name()?.to_str()?;
    let read = || std::fs::read_to_string(&config).unwrap_or_default();
    if MKDOCS.contains(&name) {
        lists_attr_list(&read()).then_some(HeadingIds::AttrList)
    } else if name.starts_with("docusaurus.config.") {
        Some(HeadingIds::IdOnly)
    } else {
        // Jekyll: kramdown unless `markdown:` names another engine.
        yaml_value(&read(), "markdown:")
            .is_none_or(|e| e.eq_ignore_ascii_case("kramdown"))
            .then_some(HeadingIds::IdOnly)
    }
}

/// Whether an `mkdocs.yml` lists `attr_list` in `markdown_extensions`, as an item (`- attr_list`)
/// or a mapping key (`- attr_list: {}`, `attr_list:`), with or without a `markdown.extensions.`
/// prefix.
fn lists_attr_list(config: &str) -> bool {
    let mut inside = false;
    for line in config.lines() {
        let code = line.split(" #").next().unwrap_or("").trim_end();
        if code.trim().is_empty() || code.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t', '-']) {
            inside = code.starts_with("markdown_extensions:");
            continue;
        }
        if inside {
            let item = code.trim().trim_start_matches('-').trim();
            let name = item.split(':').next().unwrap_or("").trim();
            let name = name.trim_matches(['\'', '"']);
            if matches!(name, "attr_list" | "markdown.extensions.attr_list") {
                return true;
            }
        }
    }
    false
}

/// The value of a top-level `key:` line of a YAML file, unquoted, without a comment (`None`
/// when the key is missing or empty).
fn yaml_value<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|v| {
            v.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['\'', '"'])
        })
        .filter(|v| !v.is_empty())
}

/// The page a site-absolute path (`/contact`, `/Introduction/`, `/img/a.png`, without its
/// leading `/`) names when `file` is a page of an MkDocs site: the site's root is its
/// `docs_dir` (`docs` unless the config says otherwise), and a page's URL drops `.md`
/// (`/contact` and `/contact/` are `contact.md`, or `contact/index.md`). `None` when `file` is
/// no such page or nothing there matches (the path is then judged from the repository root,
/// as GitHub reads it).
fn site_page(file: &Path, path: &str) -> Option<PathBuf> {
    let docs = docs_dir(&mkdocs_config(file)?)?;
    if !absolute(file).starts_with(&docs) {
        return None;
    }
    let page = path.trim_end_matches('/');
    let candidates = [
        docs.join(path),
        docs.join(format!("{page}.md")),
        docs.join(page).join("index.md"),
        docs.join(page).join("README.md"),
    ];
    candidates.into_iter().find(|c| exists(c))
}

/// The pages' folder of the MkDocs site `config` sets up: its `docs_dir`, `docs` by default
/// (read once per config: every site-absolute link of the site asks).
fn docs_dir(config: &Path) -> Option<PathBuf> {
    static DOCS: PathMemo<Option<PathBuf>> = PathMemo::new();
    DOCS.get_or(config, || {
        let text = std::fs::read_to_string(config).unwrap_or_default();
        let dir = yaml_value(&text, "docs_dir:").unwrap_or("docs");
        Some(normalize(&config.parent()?.join(dir)))
    })
}

/// A memo by path, shared by a run's threads: what the file system says is asked again and
/// again (by every link, every file of a folder) and does not change during a run.
struct PathMemo<V>(std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<PathBuf, V>>>);

impl<V: Clone> PathMemo<V> {
    const fn new() -> Self {
        PathMemo(std::sync::OnceLock::new())
    }

    /// The value for `key`, computed once.
    fn get_or(&self, key: &Path, compute: impl FnOnce() -> V) -> V {
        let map = self.0.get_or_init(Default::default);
        if let Some(hit) = map.lock().ok().and_then(|m| m.get(key).cloned()) {
            return hit;
        }
        let value = compute();
        if let Ok(mut m) = map.lock() {
            m.insert(key.to_path_buf(), value.clone());
        }
        value
    }

    fn clear(&self) {
        if let Some(Ok(mut m)) = self.0.get().map(|m| m.lock()) {
            m.clear();
        }
    }
}

/// What [`exists`] found, by path (many links name the same file).
static EXISTING: PathMemo<bool> = PathMemo::new();

/// Whether `path` exists (cached: many links name the same file).
pub fn exists(path: &Path) -> bool {
    EXISTING.get_or(path, || path.exists())
}

/// Forget what [`exists`] found: a long-running session (the language server) calls it when
/// files are created or deleted.
pub fn forget_existence() {
    EXISTING.clear();
}

/// The nearest ancestor holding `.git`, or the file's directory (cached per directory: every
/// link of every file asks).
pub fn repo_root(file: &Path) -> PathBuf {
    static ROOTS: PathMemo<PathBuf> = PathMemo::new();
    let start = file.parent().unwrap_or(Path::new("/"));
    ROOTS.get_or(start, || {
        start
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(start)
            .to_path_buf()
    })
}

/// `https://github.com/OWNER/REPO` from `[remote "origin"]` in `.git/config`, if any (cached
/// per repository root).
fn origin_url(root: &Path) -> Option<String> {
    static ORIGINS: PathMemo<Option<String>> = PathMemo::new();
    ORIGINS.get_or(root, || read_origin_url(root))
}

fn read_origin_url(root: &Path) -> Option<String> {
    let config = std::fs::read_to_string(root.join(".git").join("config")).ok()?;
    let mut in_origin = false;
    for line in config.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_origin = l == "[remote \"origin\"]";
        } else if in_origin && let Some(url) = l.strip_prefix("url").map(str::trim_start) {
            let url = url.trim_start_matches('=').trim();
            return github_page(url);
        }
    }
    None
}

/// The web page of a GitHub remote (`git@github.com:o/r.git`, `https://github.com/o/r.git`).
fn github_page(remote: &str) -> Option<String> {
    let path = remote
        .strip_prefix("git@github.com:")
        .or_else(|| remote.strip_prefix("https://github.com/"))
        .or_else(|| remote.strip_prefix("ssh://git@github.com/"))?;
    Some(format!(
        "https://github.com/{}",
        path.trim_end_matches('/').trim_end_matches(".git")
    ))
}

pub use crate::base::paths::{absolute, normalize};
use crate::base::suggest::most_similar;

/// The anchor closest to `fragment`, for a did-you-mean (normalised Levenshtein similarity of
/// at least 0.6; among equals, the last) whose distinctive part is alike too
/// ([`distinct_alike`]): of the best five, the first that is.
pub fn closest_anchor<'a>(
    fragment: &str,
    anchors: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let frag = anchors::decode_fragment(fragment).to_lowercase();
    let mut anchors: Vec<&str> = anchors.filter(|a| !a.is_empty()).collect();
    for _ in 0..5 {
        let (i, _) = most_similar(&frag, anchors.iter().copied(), 0.6)?;
        if distinct_alike(&frag, anchors[i]) {
            return Some(anchors[i]);
        }
        anchors.remove(i);
    }
    None
}

/// Whether two anchors are alike where they differ: without a number label (`q6-`, `12-`) and
/// the words they share (`what`, `is`, `a`), what is left is one edit apart or similar (at least
/// 0.6, a swap of two letters one edit), or is one short word on one side only
/// (`q2-what-is-graph`). Shared words make `#q6-what-is-a-heap` look like
/// `#q2-what-is-a-hash-map`; `heap` and `hash-map` are not alike.
fn distinct_alike(a: &str, b: &str) -> bool {
    let words = |s: &'_ str| -> Vec<String> {
        let mut w: Vec<String> = s
            .split('-')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let label = w.first().is_some_and(|f| {
            let letters = f.trim_end_matches(|c: char| c.is_ascii_digit());
            letters.len() < f.len() && letters.chars().all(char::is_alphabetic)
        });
        if label && w.len() > 1 {
            w.remove(0);
        }
        w
    };
    let (mut ra, mut rb) = (words(a), words(b));
    ra.retain(|w| match rb.iter().position(|x| x == w) {
        Some(i) => {
            rb.remove(i);
            false
        }
        None => true,
    });
    let (ra, rb) = (ra.join("-"), rb.join("-"));
    let (la, lb) = (ra.chars().count(), rb.chars().count());
    // A short word dropped or added is a typo too.
    if la == 0 || lb == 0 {
        return la.max(lb) <= 3;
    }
    let edits = crate::base::suggest::distance(&ra, &rb);
    edits <= 1 || 1.0 - edits as f64 / la.max(lb) as f64 >= 0.6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_anchor_agrees_with_the_plain_search() {
        let plain = |f: &str, a: &[&'static str]| -> Option<&'static str> {
            let frag = anchors::decode_fragment(f).to_lowercase();
            a.iter()
                .copied()
                .filter(|a| !a.is_empty())
                .map(|a| (strsim::normalized_levenshtein(&frag, a), a))
                .filter(|(s, _)| *s >= 0.6)
                // The best five, among equals the last first; the first alike where they
                // differ.
                .rev()
                .fold(Vec::new(), |mut v: Vec<(f64, &'static str)>, x| {
                    v.push(x);
                    v.sort_by(|x, y| y.0.total_cmp(&x.0));
                    v
                })
                .into_iter()
                .take(5)
                .find(|(_, a)| distinct_alike(&frag, a))
                .map(|(_, a)| a)
        };
        let a = [
            "q1-what-is-a-graph",
            "q2-what-is-a-tree",
            "q12-what-is-image-segmentation",
            "",
            "q2-what-is-a-trie",
            "install",
            "installation",
            "a",
            "ab",
            "ba",
            "été",
            "q21-x",
        ];
        for f in [
            "q2-what-is-a-tre",
            "Q12-what-is-image-segmentatio",
            "instal",
            "instalation",
            "b",
            "ab",
            "ete",
            "%C3%A9t%C3%A9",
            "q21-y",
            "zzzz",
            "",
            "q1-what-is-a-graph",
            "q6-what-is-a-heap",
            "q3-what-is-a-tree",
            "q7-what-is-a-tries",
        ] {
            assert_eq!(
                closest_anchor(f, a.iter().copied()),
                plain(f, &a),
                "fragment {f:?}"
            );
        }
    }

    #[test]
    fn paths_that_climb_above_a_known_root_leave_the_repository() {
        let base = |below: Option<&str>| Base {
            here: PathBuf::from("/r/docs/a.md"),
            root: PathBuf::from("/r"),
            below_root: below.map(PathBuf::from),
            url: None,
        };
        let known = base(Some("docs"));
        for out in [
            "../../x/README.md",
            "../../r/README.md",
            "/../x.md",
            "../a/../../b.md",
        ] {
            assert!(known.climbs_out(out), "{out}");
        }
        for inside in [
            "../README.md",
            "b.md",
            "./c/../b.md",
            "/docs/a.md",
            "c/../../x.md",
        ] {
            assert!(!known.climbs_out(inside), "{inside}");
        }
        assert!(!base(None).climbs_out("../../x/README.md"));
    }

    #[test]
    fn a_suggestion_is_alike_where_the_anchors_differ() {
        let a = [
            "q2-what-is-a-hash-map",
            "q4-what-is-https",
            "q1-what-is-a-heap",
        ];
        let best = |f: &str| closest_anchor(f, a.iter().copied());
        assert_eq!(best("q6-what-is-a-heap"), Some("q1-what-is-a-heap"));
        assert_eq!(best("q6-what-is-a-hash-map"), Some("q2-what-is-a-hash-map"));
        assert_eq!(best("q4-what-is-http"), Some("q4-what-is-https"));
        assert_eq!(best("q2-what-is-a-hashmap"), Some("q2-what-is-a-hash-map"));
        assert_eq!(
            closest_anchor("q6-what-is-a-heap", ["q2-what-is-a-hash-map"].into_iter()),
            None
        );
        assert_eq!(
            closest_anchor("introductio", ["introduction"].into_iter()),
            Some("introduction")
        );
        // Shared words are no likeness: the one differing word is compared.
        let k = [
            "js-관련-질문",
            "성능-관련-질문들",
            "css-관련-질문",
            "코딩-질문",
        ];
        assert_eq!(
            closest_anchor("코딩-관련-질문", k.into_iter()),
            Some("코딩-질문")
        );
        let n = ["namespaces---commands"];
        assert_eq!(closest_anchor("namespaces-use-cases", n.into_iter()), None);
        let g = ["q1-what-is-a-graph"];
        assert_eq!(
            closest_anchor("q1-waht-is-a-graph", g.into_iter()),
            Some("q1-what-is-a-graph")
        );
    }

    #[test]
    fn repository_urls_name_local_files_percent_decoded() {
        let base = Base {
            here: PathBuf::from("/r/README.md"),
            root: PathBuf::from("/r"),
            below_root: None,
            url: Some("https://github.com/o/r".into()),
        };
        let t = repository_path(
            &base,
            "https://github.com/o/r/blob/main/docs/Machine%20Learning.md#q1",
        );
        assert_eq!(
            t,
            Some(Target::File {
                path: PathBuf::from("/r/docs/Machine Learning.md"),
                fragment: Some("q1".into()),
            })
        );
        for same in [
            "https://github.com/o/r#q1",
            "https://github.com/o/r/#q1",
            "https://github.com/o/r/blob/main/README.md#q1",
        ] {
            assert_eq!(
                repository_path(&base, same),
                Some(Target::SameFile {
                    fragment: "q1".into()
                }),
                "{same}"
            );
        }
    }

    #[test]
    fn github_remotes() {
        assert_eq!(
            github_page("git@github.com:owner/repo.git").as_deref(),
            Some("https://github.com/owner/repo")
        );
        assert_eq!(
            github_page("https://github.com/owner/repo").as_deref(),
            Some("https://github.com/owner/repo")
        );
        assert_eq!(github_page("https://gitlab.com/o/r"), None);
    }

    #[test]
    fn closest() {
        let a = ["q1-what-is-a-tensor", "q2-what-is-a-graph"];
        assert_eq!(
            closest_anchor("q2-what-is-graph", a.iter().copied()),
            Some("q2-what-is-a-graph")
        );
        assert_eq!(closest_anchor("zzz", a.iter().copied()), None);
    }
}
