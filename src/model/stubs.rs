//! Stub sentences ("The rest of the answer is [here](…)"), found case-insensitively and
//! tolerating link and emphasis markup; shared by QA301 and QA302.
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
    phrases: Vec<String>,
    /// Gate words (ASCII, matched ASCII-case-insensitively), one per gated phrase.
    gate: AhoCorasick,
    /// The phrase each gate pattern belongs to.
    gated: Vec<usize>,
    /// Phrases without an ASCII word: always searched.
    always: Vec<usize>,
    regexes: Vec<OnceLock<Regex>>,
}

impl StubSentences {
    /// The matcher for `phrases`, built once per distinct list and shared.
    pub fn shared(phrases: &[String]) -> Arc<StubSentences> {
        static CACHE: Mutex<Vec<Arc<StubSentences>>> = Mutex::new(Vec::new());
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cache.iter().find(|s| s.phrases == phrases) {
            return Arc::clone(s);
        }
        let s = Arc::new(StubSentences::new(phrases));
        cache.push(Arc::clone(&s));
        s
    }

    fn new(phrases: &[String]) -> StubSentences {
        let mut words = Vec::new();
        let mut gated = Vec::new();
        let mut always = Vec::new();
        for (i, p) in phrases.iter().enumerate() {
            // The longest all-ASCII word: it appears, in some ASCII case, in every match.
            let word = p
                .split_whitespace()
                .filter(|w| w.is_ascii())
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
            phrases: phrases.to_vec(),
            gate,
            gated,
            always,
            regexes: phrases.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Stub sentences in `text`, in text order, without overlaps (an earlier phrase in the
    /// list wins over a later one that overlaps it).
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        // Where each phrase can match: near its gate word, or anywhere for ungated phrases.
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); self.phrases.len()];
        for &i in &self.always {
            windows[i].push(0..text.len());
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
        let mut found: Vec<Range<usize>> = Vec::new();
        for (i, spans) in windows.iter().enumerate() {
            if spans.is_empty() || self.phrases[i].split_whitespace().next().is_none() {
                continue;
            }
            let re = self.regexes[i].get_or_init(|| stub_regex(&self.phrases[i]));
            for w in spans {
                let hay = &text[..w.end];
                let mut at = w.start;
                while let Some(m) = re.find_at(hay, at) {
                    if !found.iter().any(|s| s.start < m.end() && m.start() < s.end) {
                        found.push(m.range());
                    }
                    at = m.end().max(at + 1);
                    at = ceil_boundary(text, at);
                    if at >= w.end {
                        break;
                    }
                }
            }
        }
        found.sort_by_key(|r| r.start);
        found
    }
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
/// around each word. A phrase that starts with an ASCII letter or digit must start a word; the
/// boundary is the ASCII one, which keeps the regex on the fast DFA engine.
fn stub_regex(phrase: &str) -> Regex {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| format!(r"[\[*_]*{}[\]*_]*", regex::escape(w)))
        .collect();
    let boundary = match phrase.trim_start().chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => r"(?-u:\b)",
        _ => "",
    };
    Regex::new(&format!(r"(?i){boundary}{}", words.join(r"\s+")))
        .expect("escaped phrase is a regex")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stubs(p: &[&str]) -> Arc<StubSentences> {
        StubSentences::shared(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
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
    fn overlapping_matches_keep_the_earlier_phrase() {
        let s = stubs(&["answer is here", "the answer is here"]);
        let t = "See: the answer is here.";
        let found: Vec<&str> = s.find(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, ["answer is here"]);
    }
}
