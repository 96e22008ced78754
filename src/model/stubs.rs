//! Stub sentences ("The rest of the answer is [here](…)"), found case-insensitively and
//! tolerating link and emphasis markup; shared by QA301 and QA302. Pointers are stub sentences
//! that name the question they send the reader to ("See question 3", `见第 3 题`, `同上`): a
//! `{n}` in a phrase stands for a question number (`3`, `#3`, `№ 3`, full-width `３`). Between
//! two words of a phrase the text needs white space only where both sides are letters or digits
//! of a spaced script (`见第1题` is `见第 {n} 题`); a match never starts or ends inside a word.
//!
//! Most answers hold no stub sentence, so a cheap gate comes first: one distinctive word of each
//! phrase, searched with one Aho-Corasick automaton. A phrase's regex is compiled the first time
//! its word is seen and run only on text that holds the word.

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

/// The configured stub sentences, ready to search.
pub struct StubSentences {
    /// The stub sentences that need a link, then the pointers.
    phrases: Vec<String>,
    /// How many of `phrases` need a link (the rest are pointers).
    links: usize,
    /// Gate words (ASCII, matched ASCII-case-insensitively), one per gated phrase.
    gate: AhoCorasick,
    /// The phrase each gate pattern belongs to.
    gated: Vec<usize>,
    /// Phrases without an ASCII word: searched whenever one of them matches.
    always: Vec<usize>,
    /// Every phrase of `always` in one regex: one pass over a text says whether any matches.
    always_gate: OnceLock<Regex>,
    regexes: Vec<OnceLock<Regex>>,
}

impl StubSentences {
    /// The matcher for the stub sentences `links` (which need a link) and `pointers` (which
    /// name their target), built once per distinct pair of lists and shared.
    pub fn shared(links: &[String], pointers: &[String]) -> Arc<StubSentences> {
        static CACHE: Mutex<Vec<Arc<StubSentences>>> = Mutex::new(Vec::new());
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        let phrases: Vec<String> = links.iter().chain(pointers).cloned().collect();
        if let Some(s) = cache
            .iter()
            .find(|s| s.links == links.len() && s.phrases == phrases)
        {
            return Arc::clone(s);
        }
        let s = Arc::new(StubSentences::new(phrases, links.len()));
        cache.push(Arc::clone(&s));
        s
    }

    fn new(phrases: Vec<String>, links: usize) -> StubSentences {
        let mut words = Vec::new();
        let mut gated = Vec::new();
        let mut always = Vec::new();
        for (i, p) in phrases.iter().enumerate() {
            // The longest all-ASCII word (a number slot aside): it appears, in some ASCII
            // case, in every match.
            let word = p
                .split_whitespace()
                .filter(|w| w.is_ascii() && !w.contains(SLOT))
                .max_by_key(|w| w.len());
            match word {
                Some(w) => {
                    words.push(w.to_string());
                    gated.push(i);
                }
                None => always.push(i),
            }
        }
        let gate = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .expect("plain words build an automaton");
        StubSentences {
            regexes: phrases.iter().map(|_| OnceLock::new()).collect(),
            phrases,
            links,
            gate,
            gated,
            always,
            always_gate: OnceLock::new(),
        }
    }

    /// Every phrase: the stub sentences that need a link, then the pointers.
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    /// Stub sentences in `text`, as [`StubSentences::find_stubs`], without their kind.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.find_stubs(text).into_iter().map(|s| s.span).collect()
    }

    /// Stub sentences in `text`, in text order, without overlaps (an earlier phrase in the
    /// list wins over a later one that overlaps it).
    pub fn find_stubs(&self, text: &str) -> Vec<Stub> {
        // Where each phrase can match: near its gate word, or anywhere for ungated phrases.
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); self.phrases.len()];
        if !self.always.is_empty() {
            let gate = self.always_gate.get_or_init(|| {
                let all: Vec<String> = self
                    .always
                    .iter()
                    .map(|&i| format!("(?:{})", stub_pattern(&self.phrases[i])))
                    .collect();
                Regex::new(&all.join("|")).expect("escaped phrases are a regex")
            });
            if gate.is_match(text) {
                for &i in &self.always {
                    windows[i].push(0..text.len());
                }
            }
        }
        for m in self.gate.find_overlapping_iter(text) {
            let i = self.gated[m.pattern().as_usize()];
            let reach = reach(&self.phrases[i]);
            let w = floor_boundary(text, m.start().saturating_sub(reach))
                ..ceil_boundary(text, m.end() + reach);
            match windows[i].last_mut() {
                Some(last) if last.end >= w.start => last.end = last.end.max(w.end),
                _ => windows[i].push(w),
            }
        }
        let mut found: Vec<Stub> = Vec::new();
        for (i, spans) in windows.iter().enumerate() {
            if spans.is_empty() || self.phrases[i].split_whitespace().next().is_none() {
                continue;
            }
            let re = self.regexes[i].get_or_init(|| stub_regex(&self.phrases[i]));
            for w in spans {
                let hay = &text[..w.end];
                let mut at = w.start;
                while let Some(m) = re.find_at(hay, at) {
                    let free = !found
                        .iter()
                        .any(|s| s.span.start < m.end() && m.start() < s.span.end);
                    if free && whole_words(text, m.range()) {
                        found.push(Stub {
                            span: m.range(),
                            pointer: i >= self.links,
                        });
                    }
                    at = m.end().max(at + 1);
                    at = ceil_boundary(text, at);
                    if at >= w.end {
                        break;
                    }
                }
            }
        }
        found.sort_by_key(|s| s.span.start);
        found
    }
}

/// One stub sentence found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    pub span: Range<usize>,
    /// A pointer: it names the question it sends the reader to, and needs no link.
    pub pointer: bool,
}

/// The number slot of a phrase: `See question {n}`.
const SLOT: &str = "{n}";

/// Whether `span` of `text` neither starts nor ends inside a word (`同上` is no stub in
/// `如同上面`).
fn whole_words(text: &str, span: Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether `c` belongs to a script written without spaces between words.
pub fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' // Han
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{ff00}'..='\u{ffef}') // full-width forms
}

/// How far from its gate word a match of `phrase` can reach: the phrase's length four times
/// over, for markup and line breaks between its words, plus a margin.
fn reach(phrase: &str) -> usize {
    4 * phrase.len() + 64
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A stub sentence as a case-insensitive regex that tolerates link and emphasis markup
/// around each word, with a question number for each `{n}`. A phrase that starts with an ASCII
/// letter or digit must start a word; the boundary is the ASCII one, which keeps the regex on
/// the fast DFA engine.
fn stub_regex(phrase: &str) -> Regex {
    Regex::new(&stub_pattern(phrase)).expect("escaped phrase is a regex")
}

/// The source of [`stub_regex`].
fn stub_pattern(phrase: &str) -> String {
    const NUMBER: &str = r"(?:#|№\s*)?(?:[0-9]+|[０-９]+)";
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let mut re = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            // White space is needed only between two letters or digits of a spaced script.
            let left = words[i - 1].chars().next_back();
            let right = w.chars().next();
            let spaced = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !unspaced(c));
            let slot = words[i - 1].ends_with(SLOT) || w.starts_with(SLOT);
            re.push_str(if spaced(left) && spaced(right) && !slot {
                r"\s+"
            } else {
                r"\s*"
            });
        }
        let body: Vec<String> = w.split(SLOT).map(regex::escape).collect();
        re.push_str(&format!(r"[\[*_]*{}[\]*_]*", body.join(NUMBER)));
    }
    let boundary = match phrase.trim_start().chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => r"(?-u:\b)",
        _ => "",
    };
    format!(r"(?i){boundary}{re}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stubs(p: &[&str]) -> Arc<StubSentences> {
        StubSentences::shared(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &[])
    }

    #[test]
    fn finds_phrases_with_markup_and_any_case() {
        let s = stubs(&["The rest of the answer is here", "Read more here"]);
        let t = "Intro. THE REST of the **answer** is [here](x). Also read more [here](y).";
        let found: Vec<&str> = s.find(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            found,
            ["THE REST of the **answer** is [here]", "read more [here]"]
        );
    }

    #[test]
    fn text_without_the_gate_word_has_no_stub() {
        let s = stubs(&["Read more here"]);
        assert!(s.find("Nothing to see; more here.").is_empty());
    }

    #[test]
    fn phrase_without_ascii_word_is_always_searched() {
        let s = stubs(&["Ответ здесь"]);
        let t = "Полный ОТВЕТ здесь.";
        assert_eq!(s.find(t).len(), 1);
    }

    #[test]
    fn a_match_far_from_the_start_of_a_long_text_is_found() {
        let s = stubs(&["The rest of the answer is here"]);
        let t = format!(
            "{}é The rest of the\n**answer** is [here](x).",
            "word ".repeat(5000)
        );
        let found = s.find(&t);
        assert_eq!(found.len(), 1);
        assert!(t[found[0].clone()].starts_with("The rest"));
    }

    #[test]
    fn a_pointer_reads_a_number_and_cjk_needs_no_spaces() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let s = StubSentences::shared(
            &p(&["Read more here"]),
            &p(&[
                "See question {n}",
                "见第 {n} 题",
                "Answered in Q{n}",
                "同上",
            ]),
        );
        for (t, want) in [
            ("See question 12.", "See question 12"),
            ("see **question #3**", "see **question #3**"),
            ("见第1题。", "见第1题"),
            ("见第 ３ 题", "见第 ３ 题"),
            ("Answered in Q7", "Answered in Q7"),
            ("同上", "同上"),
        ] {
            let found = s.find_stubs(t);
            assert_eq!(found.len(), 1, "{t}");
            assert_eq!(&t[found[0].span.clone()], want);
            assert!(found[0].pointer);
        }
        assert!(!s.find_stubs("Read more here")[0].pointer);
        // Never inside a word, nor without its number.
        for t in [
            "如同上面所述",
            "See question three",
            "见第一题",
            "Unanswered in Q7",
        ] {
            assert!(s.find(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn overlapping_matches_keep_the_earlier_phrase() {
        let s = stubs(&["answer is here", "the answer is here"]);
        let t = "See: the answer is here.";
        let found: Vec<&str> = s.find(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, ["answer is here"]);
    }
}
