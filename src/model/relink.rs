//! Links that follow renamed heading anchors. GitHub derives a heading's anchor from its text:
//! a fix that rewrites the text (QA001's canonical form, QA003's single space, any fix inside a
//! heading) moves the anchor, and so may the `-1` suffixes of headings that share a text with
//! it. The links that reached the heading, in its file and in other files, are rewritten to the
//! new anchor, as renumbering does for new numbers.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::base::diagnostic::Edit;
use crate::model::anchors;
use crate::model::document::Document;
use crate::model::links::{self, Target};

/// Heading anchors of one file that changed: old anchor → new anchor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    exact: HashMap<String, String>,
    /// Lowercased old anchor → the old anchor (the first heading that has it), for links that
    /// spell the anchor in another case (GitHub's page script falls back to that).
    loose: HashMap<String, String>,
}

impl Renames {
    /// Record that `old` is now `new` (the first record of an anchor wins).
    pub fn insert(&mut self, old: String, new: String) {
        if old == new {
            return;
        }
        self.loose
            .entry(old.to_lowercase())
            .or_insert_with(|| old.clone());
        self.exact.entry(old).or_insert(new);
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    /// The old anchors.
    pub fn olds(&self) -> impl Iterator<Item = &str> {
        self.exact.keys().map(String::as_str)
    }

    /// The new anchor for a link's fragment (percent-encoded or not) that named a renamed one:
    /// exactly, with GitHub's `user-content-` prefix, then case-insensitively.
    pub fn get(&self, fragment: &str) -> Option<&str> {
        self.lookup(fragment).map(|(_, new)| new)
    }

    /// The old anchor a fragment named and its new anchor.
    fn lookup(&self, fragment: &str) -> Option<(&str, &str)> {
        let decoded = anchors::decode_fragment(fragment);
        let id = decoded.strip_prefix("user-content-").unwrap_or(&decoded);
        let key = if self.exact.contains_key(id) {
            id
        } else {
            self.loose.get(&id.to_lowercase())?.as_str()
        };
        self.exact
            .get_key_value(key)
            .map(|(old, new)| (old.as_str(), new.as_str()))
    }
}

/// The anchors of `old`'s headings that `new` names differently. Heading `i` of `old` is the
/// heading of `new` whose range holds `moved(i)` (its start, carried through the edits between
/// them); a heading that is gone renames nothing.
pub fn renamed(old: &Document, new: &Document, moved: impl Fn(usize) -> usize) -> Renames {
    let mut out = Renames::default();
    let (old_anchors, new_anchors) = (old.anchors(), new.anchors());
    // Markdown heading `i` has anchor `i` (see `Document::anchors`).
    for (i, (old_anchor, _)) in old_anchors.iter().take(old.headings.len()).enumerate() {
        let at = moved(i);
        let j = new.headings.partition_point(|h| h.range.end <= at);
        if new.headings.get(j).is_some_and(|h| h.range.start <= at) {
            out.insert(old_anchor.clone(), new_anchors[j].0.clone());
        }
    }
    out
}

/// Where position `p` of a text lands once `edits` (sorted, not overlapping) are applied: text
/// an edit replaces lands at the edit's start, an insertion at `p` goes before it.
pub fn moved_through(edits: &[&Edit], p: usize) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        if e.range.end <= p {
            shift += e.content.len() as isize - e.range.len() as isize;
        } else if e.range.start <= p {
            return (e.range.start as isize + shift) as usize;
        } else {
            break;
        }
    }
    (p as isize + shift) as usize
}

/// Edits that point `doc`'s links into `file` (`doc`'s own path for its own headings) at the
/// new anchors of `renames`. Only a link whose destination is written (a reference link follows
/// its definition) and whose fragment named a renamed anchor changes, and only its fragment.
pub fn follow(doc: &Document, file: &Path, renames: &Renames) -> Vec<Edit> {
    links_to(doc, file, renames)
        .into_iter()
        .map(|(r, _, new)| Edit::replace(r, new))
        .collect()
}

/// The old anchors of `renames` that `doc`'s links into `file` name (they would follow).
pub fn linked<'r>(doc: &Document, file: &Path, renames: &'r Renames) -> Vec<&'r str> {
    links_to(doc, file, renames)
        .into_iter()
        .map(|(_, old, _)| old)
        .collect()
}

/// [`follow`]'s links: each fragment's span, the old anchor it named and the new one.
fn links_to<'r>(
    doc: &Document,
    file: &Path,
    renames: &'r Renames,
) -> Vec<(Range<usize>, &'r str, &'r str)> {
    if renames.is_empty() {
        return Vec::new();
    }
    let own = links::absolute(Path::new(&doc.path)) == links::absolute(file);
    let file = links::absolute(file);
    let mut edits = Vec::new();
    for (link, target) in doc.links.iter().zip(links::targets(doc)) {
        let fragment = match target {
            Target::SameFile { fragment } if own => fragment,
            Target::File {
                path,
                fragment: Some(fragment),
            } if *path == file => fragment,
            _ => continue,
        };
        let (Some(dest), Some((old, new))) = (&link.dest_span, renames.lookup(fragment)) else {
            continue;
        };
        if let Some(r) = fragment_of(doc, dest) {
            edits.push((r, old, new));
        }
    }
    edits
}

/// The span of what follows the `#` of a written destination.
fn fragment_of(doc: &Document, dest: &Range<usize>) -> Option<Range<usize>> {
    let hash = doc.slice(dest.clone()).find('#')?;
    Some(dest.start + hash + 1..dest.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_move_through_edits() {
        let a = Edit::replace(2..4, "xyz");
        let b = Edit::replace(6..6, "ab");
        let edits = [&a, &b];
        assert_eq!(moved_through(&edits, 0), 0);
        assert_eq!(moved_through(&edits, 2), 2);
        assert_eq!(moved_through(&edits, 3), 2);
        assert_eq!(moved_through(&edits, 4), 5);
        assert_eq!(moved_through(&edits, 6), 9);
    }

    #[test]
    fn fragments_find_their_new_anchor() {
        let mut r = Renames::default();
        r.insert("q1-why--use-sets".into(), "q1-why-use-sets".into());
        r.insert("same".into(), "same".into());
        assert!(r.get("same").is_none());
        assert_eq!(r.get("q1-why--use-sets"), Some("q1-why-use-sets"));
        assert_eq!(r.get("Q1-Why--use-sets"), Some("q1-why-use-sets"));
        assert_eq!(
            r.get("user-content-q1-why--use-sets"),
            Some("q1-why-use-sets")
        );
    }
}
