//! Question titles as the duplicate rules compare them: the normalised key two titles must share
//! to be duplicates, and the excerpt messages quote.

use std::ops::Range;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use crate::model::document::{Document, Question};

/// A question's title as the repository pass keeps it. The summary cache keeps a file's titles
/// [`packed`]: decoded, they share two buffers instead of owning three each.
#[derive(Debug, Clone, Default)]
pub struct TitleKey {
    /// The id ([`TitleWords::id`]) of the [`normalize`]d title, 0 when that is empty: equal
    /// keys (and equal `body`) are duplicate questions.
    pub norm: u64,
    /// The normalized title, while its file is read (its generic terms are read from it); a
    /// key decoded from the cache has none, and normalizes `text` again if it must.
    normalized: Option<Box<str>>,
    /// The title as written (trimmed): QA402 reads its clauses, code spans and quotes.
    pub text: SharedStr,
    /// A hash of the code block the question starts its body with (`What's the output?` above
    /// a snippet: the snippet is part of the question), or 0.
    pub body: u64,
    /// A hash of the first block of its body that says something ([`lead`]), or 0: a title
    /// that points at its body ("Explain the output of this command") asks about that block.
    pub lead: u64,
    /// The terms the duplicate rules read from the title, when the file phase read them.
    pub words: Option<TitleWords>,
}

/// Bytes that values decoded from the summary cache may share instead of copying: the
/// mapped cache file itself ([`decoding_from`]).
pub type Source = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Where a [`SharedStr`] or a [`TitleWords`] keeps its bytes: a buffer of its own (or of its
/// file's titles), or a range of the [`Source`] it was decoded from.
#[derive(Clone)]
enum Buffer {
    Own(Arc<[u8]>),
    Shared(Source),
}

impl Default for Buffer {
    fn default() -> Buffer {
        Buffer::Own(Arc::from(&[][..]))
    }
}

impl Buffer {
    fn bytes(&self) -> &[u8] {
        match self {
            Buffer::Own(b) => b,
            Buffer::Shared(s) => (**s).as_ref(),
        }
    }
}

/// A range of a [`Buffer`].
#[derive(Clone, Default)]
struct Slice {
    buffer: Buffer,
    at: Range<usize>,
}

impl Slice {
    fn own(bytes: Vec<u8>) -> Slice {
        Slice {
            at: 0..bytes.len(),
            buffer: Buffer::Own(bytes.into()),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.buffer.bytes().get(self.at.clone()).unwrap_or_default()
    }

    /// The part `at` of this slice (relative to it).
    fn part(&self, at: Range<usize>) -> Slice {
        Slice {
            buffer: self.buffer.clone(),
            at: self.at.start + at.start..self.at.start + at.end,
        }
    }

    /// `bytes` as a slice of the source being decoded from, when they lie in it; else a copy.
    fn decoded(bytes: &[u8]) -> Slice {
        let shared = SOURCE.with(|source| {
            let source = source.borrow();
            let source = source.as_ref()?;
            let all: &[u8] = (**source).as_ref();
            let start = (bytes.as_ptr() as usize).checked_sub(all.as_ptr() as usize)?;
            let end = start.checked_add(bytes.len()).filter(|&e| e <= all.len())?;
            Some(Slice {
                buffer: Buffer::Shared(source.clone()),
                at: start..end,
            })
        });
        shared.unwrap_or_else(|| Slice::own(bytes.to_vec()))
    }
}

thread_local! {
    /// The source this thread decodes from, while [`decoding_from`] runs.
    static SOURCE: std::cell::RefCell<Option<Source>> = const { std::cell::RefCell::new(None) };
}

/// Runs `decode` (a deserialization from bytes of `source`) so that the titles it decodes
/// share `source`'s bytes instead of copying them: a warm run over a large repository then
/// copies none of its titles' texts and words out of the mapped cache file.
pub fn decoding_from<R>(source: &Source, decode: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SOURCE.with(|s| s.borrow_mut().take());
        }
    }
    SOURCE.with(|s| *s.borrow_mut() = Some(source.clone()));
    let _reset = Reset;
    decode()
}

/// A string that may share its buffer with others (the titles of a file, or the cache file
/// they were decoded from): it reads as the `str` it stands for.
#[derive(Clone, Default)]
pub struct SharedStr(Slice);

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        // Its bytes were checked when it was made (a `str`, or a decoded one cut at character
        // boundaries), so this never fails.
        std::str::from_utf8(self.0.bytes()).unwrap_or_default()
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Slice::own(s.as_bytes().to_vec()))
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// The terms QA401 and QA402 read from one title, kept compactly so that the file phase can
/// read them in parallel and the summary cache can keep them: a warm run then does not read
/// every title of the repository again. Each term is kept as a 62-bit hash ([`TitleWords::id`]),
/// which is all that counting and comparing terms needs: two of the hundred thousand terms of
/// a large repository share one with odds of about one in a billion. Three kinds of list:
/// the generic-title terms, then QA402's terms of the whole title, then those of each clause
/// (a title of several clauses); each QA402 term says whether it only qualifies the question.
/// Kept as bytes (8 a term, little-endian), as the cache keeps them: decoded titles share the
/// cache's.
#[derive(Clone, Default)]
pub struct TitleWords(Slice);

impl PartialEq for TitleWords {
    fn eq(&self, other: &TitleWords) -> bool {
        self.0.bytes() == other.0.bytes()
    }
}

impl std::fmt::Debug for TitleWords {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_list().entries(entries(self.0.bytes())).finish()
    }
}

/// The entries of a list of words' bytes.
fn entries(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let chunks = bytes.chunks_exact(8);
    chunks.map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
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
        TitleWords(Slice::own(v.iter().flat_map(|e| e.to_le_bytes()).collect()))
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

    /// The bytes of every entry: the lists, each ended by `LIST_END`.
    fn bytes(&self) -> &[u8] {
        self.0.bytes()
    }

    /// The lists (their bytes): generic terms, whole-title terms, then one per clause.
    fn lists(&self) -> impl Iterator<Item = &[u8]> {
        // Every list ends with `LIST_END`: split what comes before the last one.
        let bytes = self.bytes();
        let mut rest = bytes.len().checked_sub(8).map(|n| &bytes[..n]);
        std::iter::from_fn(move || {
            let r = rest?;
            match r.chunks_exact(8).position(|e| e == LIST_END.to_le_bytes()) {
                Some(i) => {
                    rest = Some(&r[i * 8 + 8..]);
                    Some(&r[..i * 8])
                }
                None => {
                    rest = None;
                    Some(r)
                }
            }
        })
    }

    /// The terms of a list, each with whether it only qualifies the question.
    fn terms(list: &[u8]) -> impl Iterator<Item = (u64, bool)> + '_ {
        entries(list).map(|e| (e & !QUALIFIED, e & QUALIFIED != 0))
    }

    /// The ids of the distinct terms generic titles are found by.
    pub fn generic(&self) -> impl Iterator<Item = u64> + '_ {
        self.lists().next().into_iter().flat_map(entries)
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

/// The titles of a file as the summary cache keeps them (`#[serde(with = "packed")]`): every
/// text in one string, every title's words in one list of bytes (8 a term, little-endian),
/// every title's norm likewise (8 bytes a title), then each title's lengths in those and its
/// code's hash. Decoded, the titles share the texts' and the words' buffers (or, through
/// [`decoding_from`], the mapped cache file itself): no allocation a title, where there were
/// three, which was most of what a warm run over a large repository spent decoding.
pub mod packed {
    use super::*;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A title's place in the shared buffers, and its code block's hash (its `norm` is in a
    /// list of its own: a 62-bit id takes 9 bytes as a varint, and is read faster as 8).
    #[derive(Serialize, Deserialize)]
    struct Entry {
        text: usize,
        body: u64,
        lead: u64,
        /// The number of its words' entries, when it has words.
        words: Option<usize>,
    }

    /// Bytes, serialized as such (not as a sequence of numbers).
    struct Bytes<'a>(&'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    pub fn serialize<S: Serializer>(titles: &[TitleKey], s: S) -> Result<S::Ok, S::Error> {
        let mut texts = String::new();
        let mut words: Vec<u8> = Vec::new();
        let mut norms: Vec<u8> = Vec::with_capacity(titles.len() * 8);
        let mut entries = Vec::with_capacity(titles.len());
        for t in titles {
            texts.push_str(&t.text);
            let w = t.words.as_ref().map(TitleWords::bytes);
            words.extend_from_slice(w.unwrap_or_default());
            norms.extend_from_slice(&t.norm.to_le_bytes());
            entries.push(Entry {
                text: t.text.len(),
                body: t.body,
                lead: t.lead,
                words: w.map(|w| w.len() / 8),
            });
        }
        let texts = Bytes(texts.as_bytes());
        (texts, Bytes(&words), Bytes(&norms), entries).serialize(s)
    }

    /// Bytes as decoded: a slice of the source being decoded from ([`decoding_from`]) when
    /// they lie in it, else a copy.
    struct Decoded(Slice);

    impl<'de> Deserialize<'de> for Decoded {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decoded, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Decoded;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_borrowed_bytes<E>(self, b: &'de [u8]) -> Result<Decoded, E> {
                    Ok(Decoded(Slice::decoded(b)))
                }
                fn visit_bytes<E>(self, b: &[u8]) -> Result<Decoded, E> {
                    Ok(Decoded(Slice::own(b.to_vec())))
                }
            }
            d.deserialize_bytes(Visit)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TitleKey>, D::Error> {
        let (Decoded(texts), Decoded(terms), norms, entries) =
            <(Decoded, Decoded, &[u8], Vec<Entry>)>::deserialize(d)?;
        let text = std::str::from_utf8(texts.bytes())
            .map_err(|_| D::Error::custom("the titles' texts are not UTF-8"))?;
        if terms.bytes().len() % 8 != 0 {
            return Err(D::Error::custom("title words are not 8 bytes a term"));
        }
        if norms.len() != entries.len() * 8 {
            return Err(D::Error::custom("not one norm a title"));
        }
        let mut titles = Vec::with_capacity(entries.len());
        let (mut text_at, mut words_at) = (0usize, 0usize);
        for (e, norm) in entries.into_iter().zip(super::entries(norms)) {
            let at = text_at..text_at.saturating_add(e.text);
            if at.end > text.len() || !text.is_char_boundary(at.end) {
                return Err(D::Error::custom(
                    "a title's text lies outside the titles' texts",
                ));
            }
            text_at = at.end;
            let words = match e.words {
                Some(n) => {
                    let at = words_at..words_at.saturating_add(n.saturating_mul(8));
                    if at.end > terms.bytes().len() {
                        return Err(D::Error::custom("a title's words lie outside the terms"));
                    }
                    words_at = at.end;
                    Some(TitleWords(terms.part(at)))
                }
                None => None,
            };
            let text = SharedStr(texts.part(at));
            titles.push(TitleKey {
                norm,
                normalized: None,
                text,
                body: e.body,
                lead: e.lead,
                words,
            });
        }
        Ok(titles)
    }
}

impl TitleKey {
    /// The title as written, cut to a short excerpt, for messages.
    pub fn shown(&self) -> String {
        crate::base::diagnostic::excerpt(&self.text, 60)
    }

    /// The key of a title alone.
    pub fn of_title(title: &str) -> TitleKey {
        let normalized = normalize(title);
        TitleKey {
            norm: match normalized.is_empty() {
                true => 0,
                false => TitleWords::id(&normalized),
            },
            normalized: Some(normalized.into()),
            text: title.trim().into(),
            body: 0,
            lead: 0,
            words: None,
        }
    }

    /// The [`normalize`]d title.
    pub fn normalized(&self) -> std::borrow::Cow<'_, str> {
        match &self.normalized {
            Some(n) => std::borrow::Cow::Borrowed(n),
            None => std::borrow::Cow::Owned(normalize(&self.text)),
        }
    }

    /// Whether nothing is left of the title once normalized (no question to compare).
    pub fn is_blank(&self) -> bool {
        self.norm == 0
    }

    /// The key of a question of `doc`.
    pub fn of(doc: &Document, q: &Question) -> TitleKey {
        let mut key = TitleKey::of_title(&q.title);
        if let Some(marked) = with_code_words(&key.text, doc.slice(q.title_span.clone())) {
            key.text = marked.as_str().into();
        }
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
        key.lead = lead(doc.slice(after..q.answer.end.max(after)));
        key
    }
}

/// Keywords of programming languages that QA402 reads as English function words (and drops):
/// in a code span ("the `with` statement") they name something, in prose they only phrase the
/// question. Sorted. Not `not`, `true` or `false`: in a title's code span they nearly always
/// stress the word ("Which is `not` valid?", "… is not `true`?").
pub const CODE_FUNCTION_WORDS: &[&str] = &[
    "and", "any", "as", "case", "do", "for", "from", "if", "in", "is", "let", "of", "or", "then",
    "this", "to", "when", "where", "with",
];

/// The plain title with the code spans of its `source` that hold one such keyword back in
/// backticks ("What is the `then` keyword?"), when it has any: the plain text drops the
/// backticks, and with them the sign that `then`, `with` or `this` names a keyword.
fn with_code_words(plain: &str, source: &str) -> Option<String> {
    // A title whose plain text keeps its backticks (in an HTML `<summary>`) is marked already.
    if !source.contains('`') || plain.contains('`') {
        return None;
    }
    // Where each such word starts in `plain`: its n-th whole-word occurrence there, when the
    // span is its n-th occurrence in the source.
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    for (i, piece) in source.split('`').enumerate() {
        let word = piece.trim();
        if i % 2 == 1 && CODE_FUNCTION_WORDS.binary_search(&word).is_ok() {
            let nth = whole_words(&source[..offset], word).count();
            if let Some(at) = whole_words(plain, word).nth(nth) {
                marks.push((at, word.len()));
            }
        }
        offset += piece.len() + 1;
    }
    if marks.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(plain.len() + 2 * marks.len());
    let mut at = 0;
    for (start, len) in marks {
        if start < at {
            continue;
        }
        out.push_str(&plain[at..start]);
        out.push('`');
        out.push_str(&plain[start..start + len]);
        out.push('`');
        at = start + len;
    }
    out.push_str(&plain[at..]);
    Some(out)
}

/// Where `word` occurs in `text` as a whole word.
fn whole_words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(word).map(|m| m.0).filter(move |&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `s` without `<...>` tags (`</summary>`, `<br>`).
/// A hash of the words of the first block of `body` (a question's text after its title, the
/// rest of the title's line first) that says something, or 0 when none does. Blocks are
/// separated by blank lines; one without a letter or digit (`<details>`), or a lone label
/// (`**Answer:**`, `<summary>Answer</summary>`), says nothing about the question; which boxes
/// of a task list are ticked is the answer, not the question.
fn lead(body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let body = body.split_once('\n').map_or("", |(_, rest)| rest);
    let mut block = String::new();
    for line in body.lines().chain(std::iter::once("")) {
        if !line.trim().is_empty() {
            block.push_str(line);
            block.push('\n');
            continue;
        }
        let text = without_tags(&block);
        // Bullets are markup (`*` or `-` alike), and a task list's ticks are a quiz's answer,
        // not its question.
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric) && !matches!(*w, "[x]" | "[X]"))
            .collect();
        let label = words.len() <= 3
            && (block.contains("<summary")
                || text.trim_end_matches(['*', '_', ' ', '\n']).ends_with(':'));
        if !words.is_empty() && !label {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            words.hash(&mut h);
            return h.finish() | 1;
        }
        block.clear();
    }
    0
}

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
    fn code_spans_that_hold_a_function_word_keep_their_backticks() {
        let plain = "What is the purpose of the then keyword in JSON Schema?";
        let source = "What is the purpose of the `then` keyword in JSON Schema?";
        assert_eq!(with_code_words(plain, source).as_deref(), Some(source));
        // Each span marks its own occurrence, in order; `this` in prose stays prose.
        let marked = with_code_words(
            "Is this the this keyword or the with statement?",
            "Is this the `this` keyword or the `with` statement?",
        );
        assert_eq!(
            marked.as_deref(),
            Some("Is this the `this` keyword or the `with` statement?")
        );
        // Names, negations and stresses stay as they were; so does a title already marked.
        for (plain, source) in [
            (
                "What is the null parameter?",
                "What is the `null` parameter?",
            ),
            ("Which is not valid?", "Which is `not` valid?"),
            ("Which is not true?", "Which is not `true`?"),
            (
                "What does `with` do?",
                "<summary>What does `with` do?</summary>",
            ),
            ("What is a closure?", "What is a closure?"),
        ] {
            assert_eq!(with_code_words(plain, source), None, "{source}");
        }
    }

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
    fn titles_survive_the_cache_encoding_sharing_their_buffers() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct File(#[serde(with = "packed")] Vec<TitleKey>);
        let mut titles: Vec<TitleKey> = ["Q1: What is a closure?", "", "Ünïcode — title?"]
            .iter()
            .map(|t| TitleKey::of_title(t))
            .collect();
        titles[0].words = Some(TitleWords::new(["a"], [("b", true)], [vec![("c", false)]]));
        titles[2].words = Some(TitleWords::new([], [], []));
        titles[2].body = 9;
        titles[1].lead = 7;
        let bytes = postcard::to_stdvec(&File(titles.clone())).unwrap();
        let File(back) = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.len(), 3);
        for (a, b) in titles.iter().zip(&back) {
            assert_eq!(
                (&*a.text, a.norm, a.body, a.lead, &a.words),
                (&*b.text, b.norm, b.body, b.lead, &b.words)
            );
            assert_eq!(a.normalized(), b.normalized());
        }
        assert!(back[1].is_blank() && !back[0].is_blank());
        let buffer = |t: &TitleKey| t.text.0.buffer.bytes().as_ptr();
        assert!(buffer(&back[0]) == buffer(&back[2]), "one buffer");
        // Decoded from a source, the titles share its bytes (none copied); not otherwise.
        let source: Source = Arc::new(bytes.clone());
        let File(shared) = decoding_from(&source, || {
            postcard::from_bytes::<File>((*source).as_ref()).unwrap()
        });
        let in_source = |t: &TitleKey| matches!(t.text.0.buffer, Buffer::Shared(_));
        assert!(shared.iter().all(in_source));
        assert!(matches!(
            shared[0].words.as_ref().unwrap().0.buffer,
            Buffer::Shared(_)
        ));
        assert!(!back.iter().any(in_source));
        for (a, b) in titles.iter().zip(&shared) {
            assert_eq!((&*a.text, a.norm, &a.words), (&*b.text, b.norm, &b.words));
        }
        // Cut or inconsistent bytes are an error, never a panic.
        for cut in 0..bytes.len() {
            assert!(
                postcard::from_bytes::<File>(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        // Lengths that do not fit the buffers: an error too. (The encoding is positional, so
        // a tuple writes what `packed` reads.)
        type Entries<'a> = &'a [(usize, u64, u64, Option<usize>)];
        let decode = |texts: &str, terms: &[u8], entries: Entries| {
            let norms = vec![1u8; entries.len() * 8];
            let bytes = postcard::to_stdvec(&(texts, terms, norms, entries)).unwrap();
            postcard::from_bytes::<File>(&bytes).map(|f| f.0.len())
        };
        assert_eq!(decode("ab", &[0; 8], &[(2, 0, 0, Some(1))]), Ok(1));
        assert!(
            decode("ab", &[], &[(3, 0, 0, None)]).is_err(),
            "past the texts"
        );
        assert!(
            decode("é", &[], &[(1, 0, 0, None)]).is_err(),
            "inside a character"
        );
        assert!(
            decode("", &[0; 8], &[(0, 0, 0, Some(2))]).is_err(),
            "past the terms"
        );
        assert!(
            decode("", &[0; 7], &[(0, 0, 0, Some(0))]).is_err(),
            "not 8 a term"
        );
        let entries: Entries = &[(0, 0, 0, None)];
        let bytes = postcard::to_stdvec(&("", &[0u8; 0], &[1u8; 9], entries)).unwrap();
        assert!(
            postcard::from_bytes::<File>(&bytes).is_err(),
            "9 bytes of norms"
        );
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
