//! The compact per-file summary the repository pass reads (numbers, places, anchors, cross-file
//! links and title keys), never the whole text again.

use std::ops::Range;

use crate::model::document::Document;

/// A question as the repository pass sees it: no text, just numbers and places.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QuestionRef {
    pub number: Option<u64>,
    /// The last number of a range heading (see `Question::last`).
    pub last: Option<u64>,
    /// The convention's index (see `Question::series`).
    pub series: usize,
    pub span: Range<usize>,
    pub number_span: Option<Range<usize>>,
    /// 1-based line and column of `span.start`.
    pub line: usize,
    pub column: usize,
}

/// The compact per-file summary that cross-file rules read (kept in the summary cache between
/// runs, hence serde).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileSummary {
    pub path: String,
    pub questions: Vec<QuestionRef>,
    /// The file's normalized absolute path, to resolve links from other files.
    pub abs_path: std::path::PathBuf,
    /// Every anchor in the file (heading slugs and explicit anchors).
    pub anchors: Strings,
    /// Links from this file to a fragment of another file.
    pub links: Vec<CrossLink>,
    /// Each question's normalised title and a short excerpt (parallel to `questions`), for
    /// QA401 and QA402.
    #[serde(with = "crate::model::titles::packed")]
    pub titles: Vec<crate::model::titles::TitleKey>,
    /// The file's subject ([`crate::model::subjects`]): the words of its title, else its name.
    pub subject: Box<str>,
    /// How the titles' words ([`crate::model::titles::TitleWords`]) were read, when they
    /// were: the version of the reading and the language (a file read from another working
    /// directory may be named by a path that says another language).
    pub words_read: Option<Box<str>>,
    /// Read only as the repository context of the files named: its findings are not reported,
    /// so cross-file rules need not look for them (set by the engine, never cached).
    #[serde(skip)]
    pub context: bool,
}

/// A link to `target#fragment` in another file, checked in the repository pass.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CrossLink {
    /// The destination's span in this file.
    pub span: Range<usize>,
    /// Shared by the file's links to the same target.
    pub target: std::sync::Arc<std::path::Path>,
    pub fragment: String,
    /// Where the fragment is written, when verbatim (for a fix).
    pub fragment_span: Option<Range<usize>>,
}

impl FileSummary {
    /// The summary of a parsed document.
    pub fn of(doc: &Document) -> FileSummary {
        let mut interned: std::collections::HashMap<
            &std::path::Path,
            std::sync::Arc<std::path::Path>,
        > = std::collections::HashMap::new();
        let links = doc
            .links
            .iter()
            .zip(crate::model::links::targets(doc))
            // A reference link's destination is its definition's, a link of its own.
            .filter(|(l, _)| !l.by_reference)
            .filter_map(|(l, t)| match t {
                crate::model::links::Target::File {
                    path,
                    fragment: Some(fragment),
                } if !fragment.is_empty() => Some(CrossLink {
                    span: l.dest_span.clone().unwrap_or(l.range.clone()),
                    fragment_span: l
                        .dest_span
                        .as_ref()
                        .and_then(|d| crate::model::links::fragment_span(doc, d, fragment)),
                    target: interned
                        .entry(path.as_path())
                        .or_insert_with(|| std::sync::Arc::from(path.as_path()))
                        .clone(),
                    fragment: fragment.clone(),
                }),
                _ => None,
            })
            .collect();
        FileSummary {
            path: doc.path.clone(),
            subject: crate::model::subjects::of(doc),
            questions: crate::model::numbering::question_refs(doc).to_vec(),
            abs_path: crate::model::links::absolute(std::path::Path::new(&doc.path)),
            anchors: doc.anchors().iter().map(|(a, _)| a.as_str()).collect(),
            links,
            titles: doc
                .questions
                .iter()
                .map(|q| crate::model::titles::TitleKey::of(doc, q))
                .collect(),
            words_read: None,
            context: false,
        }
    }
}

/// A list of strings kept in one buffer (a file's anchors): decoding it from the cache takes
/// two allocations, not one a string.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "(String, Vec<usize>)", into = "(String, Vec<usize>)")]
pub struct Strings {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Strings {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The strings, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.text[s..e])
    }
}

impl<'a> FromIterator<&'a str> for Strings {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Strings {
        let mut out = Strings::default();
        for s in iter {
            out.text.push_str(s);
            out.ends.push(out.text.len());
        }
        out
    }
}

impl From<Strings> for (String, Vec<usize>) {
    fn from(s: Strings) -> (String, Vec<usize>) {
        (s.text, s.ends)
    }
}

impl TryFrom<(String, Vec<usize>)> for Strings {
    type Error = &'static str;
    /// Refuses ends that go back, past the text or into a character (a corrupt cache).
    fn try_from((text, ends): (String, Vec<usize>)) -> Result<Strings, &'static str> {
        let mut last = 0;
        for &e in &ends {
            if e < last || !text.is_char_boundary(e) {
                return Err("a string ends outside the list's text");
            }
            last = e;
        }
        Ok(Strings { text, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keep_their_order_and_refuse_bad_ends() {
        let s: Strings = ["a", "", "été"].into_iter().collect();
        assert_eq!(s.iter().collect::<Vec<_>>(), ["a", "", "été"]);
        assert_eq!(s.len(), 3);
        let bytes = postcard::to_stdvec(&s).unwrap();
        assert_eq!(postcard::from_bytes::<Strings>(&bytes), Ok(s));
        let bad = |text: &str, ends: &[usize]| {
            let bytes = postcard::to_stdvec(&(text, ends)).unwrap();
            postcard::from_bytes::<Strings>(&bytes).is_err()
        };
        assert!(!bad("ab", &[1, 2]));
        assert!(bad("ab", &[3]), "past the text");
        assert!(bad("ab", &[2, 1]), "going back");
        assert!(bad("é", &[1]), "inside a character");
        assert!(Strings::default().is_empty());
    }
}
