//! Question titles as the duplicate rules compare them: the normalised key two titles must share
//! to be duplicates, and the excerpt messages quote.

use unicode_normalization::UnicodeNormalization;

use crate::model::document::{Document, Question};

/// A question's title as the repository pass keeps it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TitleKey {
    /// [`normalize`]d title: equal keys (and equal `body`) are duplicate questions.
    pub norm: Box<str>,
    /// The title as written (trimmed): QA402 reads its clauses, code spans and quotes.
    pub text: Box<str>,
    /// A hash of the code block the question starts its body with (`What's the output?` above
    /// a snippet: the snippet is part of the question), or 0.
    pub body: u64,
    /// The terms the duplicate rules read from the title, when the file phase read them.
    pub words: Option<TitleWords>,
}

/// The terms QA401 and QA402 read from one title, kept compactly so that the file phase can
/// read them in parallel and the summary cache can keep them: a warm run then does not read
/// every title of the repository again. Each term is kept as a 62-bit hash ([`TitleWords::id`]),
/// which is all that counting and comparing terms needs: two of the hundred thousand terms of
/// a large repository share one with odds of about one in a billion. Three kinds of list:
/// the generic-title terms, then QA402's terms of the whole title, then those of each clause
/// (a title of several clauses); each QA402 term says whether it only qualifies the question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TitleWords(Box<[u64]>);

/// Kept as bytes (8 a term, little-endian): the cache decodes a title's words with one copy.
impl serde::Serialize for TitleWords {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = self.0.iter().flat_map(|e| e.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }
}

impl<'de> serde::Deserialize<'de> for TitleWords {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TitleWords, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = TitleWords;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("title words as bytes, 8 a term")
            }
            fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<TitleWords, E> {
                if b.len() % 8 != 0 {
                    return Err(E::invalid_length(b.len(), &self));
                }
                let words = b.chunks_exact(8);
                let words = words.map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")));
                Ok(TitleWords(words.collect()))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

/// Ends a list of [`TitleWords`] (no term's id is 0).
const LIST_END: u64 = 0;
/// The bit of a term's entry that says it only qualifies the question.
const QUALIFIED: u64 = 1;

impl TitleWords {
    /// The words of a title: its `generic` terms, its `whole` terms and each clause's terms,
    /// each with whether it only qualifies the question.
    pub fn new<'a>(
        generic: impl IntoIterator<Item = &'a str>,
        whole: impl IntoIterator<Item = (&'a str, bool)>,
        clauses: impl IntoIterator<Item = Vec<(&'a str, bool)>>,
    ) -> TitleWords {
        let mut v: Vec<u64> = generic.into_iter().map(TitleWords::id).collect();
        v.push(LIST_END);
        let list = |v: &mut Vec<u64>, terms: &mut dyn Iterator<Item = (&'a str, bool)>| {
            v.extend(terms.map(|(t, qualified)| TitleWords::id(t) | qualified as u64));
            v.push(LIST_END);
        };
        list(&mut v, &mut whole.into_iter());
        for c in clauses {
            list(&mut v, &mut c.into_iter());
        }
        TitleWords(v.into())
    }

    /// A term's id: a stable hash of it (64-bit FNV-1a, the same in every run and build, as
    /// the cache needs), even and never 0: 62 bits tell terms apart.
    pub fn id(term: &str) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in term.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        (h & !QUALIFIED) | 2
    }

    /// The lists: generic terms, whole-title terms, then one per clause.
    fn lists(&self) -> impl Iterator<Item = &[u64]> {
        // Every list ends with `LIST_END`: split what comes before the last one.
        let lists = self.0.split_last().map(|(_, lists)| lists);
        lists.into_iter().flat_map(|l| l.split(|&e| e == LIST_END))
    }

    /// The terms of a list, each with whether it only qualifies the question.
    fn terms(list: &[u64]) -> impl Iterator<Item = (u64, bool)> + '_ {
        list.iter().map(|&e| (e & !QUALIFIED, e & QUALIFIED != 0))
    }

    /// The ids of the distinct terms generic titles are found by.
    pub fn generic(&self) -> impl Iterator<Item = u64> + '_ {
        self.lists().next().into_iter().flatten().copied()
    }

    /// The ids of QA402's distinct terms of the whole title, each with whether it only
    /// qualifies it.
    pub fn whole(&self) -> impl Iterator<Item = (u64, bool)> + '_ {
        self.lists().nth(1).into_iter().flat_map(Self::terms)
    }

    /// QA402's terms of each clause, when the title has several.
    pub fn clauses(&self) -> impl Iterator<Item = impl Iterator<Item = (u64, bool)> + '_> {
        self.lists().skip(2).map(Self::terms)
    }
}

impl TitleKey {
    /// The title as written, cut to a short excerpt, for messages.
    pub fn shown(&self) -> String {
        crate::base::diagnostic::excerpt(&self.text, 60)
    }

    /// The key of a title alone.
    pub fn of_title(title: &str) -> TitleKey {
        TitleKey {
            norm: normalize(title).into(),
            text: title.trim().into(),
            body: 0,
            words: None,
        }
    }

    /// The key of a question of `doc`.
    pub fn of(doc: &Document, q: &Question) -> TitleKey {
        let mut key = TitleKey::of_title(&q.title);
        let after = q.title_span.end;
        let i = doc.code.partition_point(|r| r.start < after);
        if let Some(r) = doc.code.get(i) {
            let gap = doc.slice(after..r.start);
            let block = doc.slice(r.clone());
            if r.start < q.answer.end
                && gap.len() < 200
                && !without_tags(gap).chars().any(char::is_alphanumeric)
                && (block.starts_with("```") || block.starts_with("~~~"))
            {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                for w in block.split_whitespace() {
                    w.hash(&mut h);
                }
                key.body = h.finish() | 1;
            }
        }
        key
    }
}

/// `s` without `<...>` tags (`</summary>`, `<br>`).
fn without_tags(s: &str) -> String {
    let mut out = String::new();
    let mut depth = false;
    for c in s.chars() {
        match c {
            '<' => depth = true,
            '>' if depth => depth = false,
            _ if !depth => out.push(c),
            _ => {}
        }
    }
    out
}

/// The comparison key of a title: NFKC, lower case, a leading question number (`Q3:`, `12.`)
/// dropped, apostrophes and markup characters removed, other punctuation turned into spaces,
/// whitespace collapsed and trimmed. `C++`, `C#` and `F#` keep their signs.
pub fn normalize(title: &str) -> String {
    // The quick check passes nearly every title (all ASCII ones), skipping the slow composer.
    let folded: String = match unicode_normalization::is_nfkc_quick(title.chars()) {
        unicode_normalization::IsNormalized::Yes => {
            title.chars().flat_map(char::to_lowercase).collect()
        }
        _ => title.nfkc().flat_map(char::to_lowercase).collect(),
    };
    let mut s = folded.trim();
    s = strip_number_prefix(s);
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c.is_alphanumeric()
            || (matches!(c, '+' | '#') && prev.is_some_and(|p| p.is_alphanumeric() || p == c))
        {
            out.push(c);
        } else if matches!(c, '\'' | '’' | '`' | '*' | '_' | '~') {
            // Dropped without a space: `what's` → `whats`, `**bold**` → `bold`.
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        prev = Some(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `q3: `, `12. `, `#4 `, `(5) ` at the start of a lower-cased title.
fn strip_number_prefix(s: &str) -> &str {
    let t = s
        .strip_prefix('q')
        .or_else(|| s.strip_prefix('#'))
        .unwrap_or(s);
    let t = t.strip_prefix('(').unwrap_or(t);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return s;
    }
    let rest = &t[digits..];
    let marked = t.len() != s.len();
    let (rest, sep) = match rest.strip_prefix(['.', ':', ')', '-']) {
        Some(r) => (r, true),
        None => (rest, false),
    };
    // A bare number needs a separator: `2024 trends` keeps its year.
    if (sep || marked) && (rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        rest.trim_start()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_words_keep_their_lists_apart() {
        let w = TitleWords::new(
            ["closur", "javascript"],
            [("closur", false), ("javascript", true)],
            [vec![("nat", false)], vec![], vec![("work", true)]],
        );
        let id = TitleWords::id;
        assert_eq!(
            w.generic().collect::<Vec<_>>(),
            [id("closur"), id("javascript")]
        );
        assert_eq!(
            w.whole().collect::<Vec<_>>(),
            [(id("closur"), false), (id("javascript"), true)]
        );
        let clauses: Vec<Vec<(u64, bool)>> = w.clauses().map(Iterator::collect).collect();
        assert_eq!(
            clauses,
            [vec![(id("nat"), false)], vec![], vec![(id("work"), true)]]
        );
    }

    #[test]
    fn title_words_survive_the_cache_encoding() {
        let w = TitleWords::new(["a"], [("b", true)], [vec![("c", false)]]);
        let bytes = postcard::to_stdvec(&w).unwrap();
        assert_eq!(postcard::from_bytes::<TitleWords>(&bytes).unwrap(), w);
        assert!(postcard::from_bytes::<TitleWords>(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn title_words_of_nothing() {
        let w = TitleWords::new([], [], []);
        assert_eq!(
            w.generic().count() + w.whole().count() + w.clauses().count(),
            0
        );
        let w = TitleWords::new([""], [("", false)], []);
        assert_eq!(w.generic().count(), 1);
        assert_eq!(w.whole().count(), 1);
    }

    #[test]
    fn term_ids_are_stable_and_tell_terms_apart() {
        // The summary cache keeps ids between runs: they must never change.
        assert_eq!(TitleWords::id("closure"), 0xeb2a_39e5_ed47_03c2);
        let words = ["a", "b", "ab", "ba", "network", "networks", "c++", "c#", ""];
        let ids: std::collections::HashSet<u64> = words.iter().map(|w| TitleWords::id(w)).collect();
        assert_eq!(ids.len(), words.len());
        assert!(ids.iter().all(|&i| i != 0 && i & 1 == 0));
    }
}
