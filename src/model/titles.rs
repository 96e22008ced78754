//! Question titles as the duplicate rules compare them: the normalised key two titles must share
//! to be duplicates, and the excerpt messages quote.

use unicode_normalization::UnicodeNormalization;

use crate::model::document::{Document, Question};

/// A question's title as the repository pass keeps it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct TitleKey {
    /// [`normalize`]d title: equal keys (and equal `body`) are duplicate questions.
    pub norm: Box<str>,
    /// The title as written, cut to a short excerpt, for messages.
    pub shown: Box<str>,
    /// The title as written (trimmed): QA402 reads its clauses, code spans and quotes.
    pub text: Box<str>,
    /// A hash of the code block the question starts its body with (`What's the output?` above
    /// a snippet: the snippet is part of the question), or 0.
    pub body: u64,
    /// The terms the duplicate rules read from the title, when the file phase read them.
    #[serde(default)]
    pub words: Option<TitleWords>,
}

/// The terms QA401 and QA402 read from one title, kept compactly (one string) so that the
/// file phase can read them in parallel and the summary cache can keep them: a warm run then
/// does not read every title of the repository again. Three kinds of list, each a run of terms:
/// the generic-title terms, then QA402's terms of the whole title, then those of each clause
/// (a title of several clauses); each QA402 term says whether it only qualifies the question.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TitleWords(Box<str>);

/// Ends a list of [`TitleWords`].
const LIST_END: char = '\u{1e}';
/// Ends a term of [`TitleWords`].
const TERM_END: char = '\u{1f}';
/// Starts a term that only qualifies the question.
const QUALIFIED: char = '\u{1d}';

impl TitleWords {
    /// The words of a title: its `generic` terms, its `whole` terms and each clause's terms,
    /// each with whether it only qualifies the question. The three marker characters
    /// (`U+001D`..`U+001F`) are dropped from terms: no real term has them.
    pub fn new<'a>(
        generic: impl IntoIterator<Item = &'a str>,
        whole: impl IntoIterator<Item = (&'a str, bool)>,
        clauses: impl IntoIterator<Item = Vec<(&'a str, bool)>>,
    ) -> TitleWords {
        let mut s = String::new();
        let push = |s: &mut String, term: &str| {
            s.extend(
                term.chars()
                    .filter(|c| !matches!(*c, LIST_END | TERM_END | QUALIFIED)),
            );
            s.push(TERM_END);
        };
        for t in generic {
            push(&mut s, t);
        }
        s.push(LIST_END);
        let list = |s: &mut String, terms: &mut dyn Iterator<Item = (&'a str, bool)>| {
            for (t, qualified) in terms {
                if qualified {
                    s.push(QUALIFIED);
                }
                push(s, t);
            }
            s.push(LIST_END);
        };
        list(&mut s, &mut whole.into_iter());
        for c in clauses {
            list(&mut s, &mut c.into_iter());
        }
        TitleWords(s.into())
    }

    /// The lists: generic terms, whole-title terms, then one per clause.
    fn lists(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator(LIST_END)
    }

    /// The terms of a list, each with whether it only qualifies the question.
    fn terms(list: &str) -> impl Iterator<Item = (&str, bool)> {
        list.split_terminator(TERM_END)
            .map(|t| match t.strip_prefix(QUALIFIED) {
                Some(t) => (t, true),
                None => (t, false),
            })
    }

    /// The distinct terms generic titles are found by.
    pub fn generic(&self) -> impl Iterator<Item = &str> {
        self.lists()
            .next()
            .into_iter()
            .flat_map(Self::terms)
            .map(|(t, _)| t)
    }

    /// QA402's distinct terms of the whole title, each with whether it only qualifies it.
    pub fn whole(&self) -> impl Iterator<Item = (&str, bool)> {
        self.lists().nth(1).into_iter().flat_map(Self::terms)
    }

    /// QA402's terms of each clause, when the title has several.
    pub fn clauses(&self) -> impl Iterator<Item = impl Iterator<Item = (&str, bool)>> {
        self.lists().skip(2).map(Self::terms)
    }
}

impl TitleKey {
    /// The key of a title alone.
    pub fn of_title(title: &str) -> TitleKey {
        TitleKey {
            norm: normalize(title).into(),
            shown: crate::base::diagnostic::excerpt(title.trim(), 60).into(),
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
        assert_eq!(w.generic().collect::<Vec<_>>(), ["closur", "javascript"]);
        assert_eq!(
            w.whole().collect::<Vec<_>>(),
            [("closur", false), ("javascript", true)]
        );
        let clauses: Vec<Vec<(&str, bool)>> = w.clauses().map(Iterator::collect).collect();
        assert_eq!(clauses, [vec![("nat", false)], vec![], vec![("work", true)]]);
    }

    #[test]
    fn title_words_of_nothing_and_of_marker_characters() {
        let w = TitleWords::new([], [], []);
        assert_eq!(w.generic().count() + w.whole().count() + w.clauses().count(), 0);
        let w = TitleWords::new(["a\u{1e}b"], [("\u{1d}c\u{1f}", false)], []);
        assert_eq!(w.generic().collect::<Vec<_>>(), ["ab"]);
        assert_eq!(w.whole().collect::<Vec<_>>(), [("c", false)]);
    }
}
