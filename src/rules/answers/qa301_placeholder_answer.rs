//! `QA301 placeholder-answer`: a question whose answer is empty, a placeholder, or only a stub
//! sentence.
//!
//! **What it does.** Looks at each answer without its markup (HTML tags such as `<br><b>`,
//! comments, rules, emphasis and link syntax): nothing left means an empty answer; only
//! placeholder phrases (`TODO`, `TBD`, `WIP`, `Coming soon`, `Answer goes here`, `Lorem ipsum`,
//! `...`; matched case-insensitively, never inside code) or a stub sentence ("The rest of the
//! answer is here") means a placeholder. Code counts as content.
//!
//! **Why.** A reader who opens a question and finds nothing, or `TODO`, hits a dead end.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! TODO
//!
//! ## Q2: What is a set?
//!
//! A collection without order or repeats.
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection; TODO lists are one kind.
//!
//! ## Q2: What is a set?
//!
//! `set([1, 2])`
//! ```
//!
//! **Options.** `phrases`, under `rules: {options: {placeholder-answer: {phrases: [...]}}}`;
//! defaults in `rules/QA301.yml`. Stub sentences come from QA302's `phrases`.
//!
//! **Fix.** None: only the author can write the answer.

use std::collections::HashSet;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

use crate::base::diagnostic::{Diagnostic, Severity, excerpt};
use crate::model::document::{Document, Question};
use crate::base::diagnostic::RuleRef;
use crate::rules::{OptionError, PhraseOptions, Rule, RuleMeta, RuleOptions};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA301",
    name: "placeholder-answer",
    family: Family::Answers,
    summary: "An answer is empty, a placeholder, or only a stub sentence",
    default_severity: Severity::Error,
};

struct PlaceholderAnswer {
    phrases: AhoCorasick,
    names: Vec<String>,
    stubs: Arc<crate::model::stubs::StubSentences>,
    /// Every word (lowercase) of the phrases and stub sentences: an answer with any other word
    /// has content.
    vocabulary: HashSet<String>,
}

/// The placeholder phrases: `rules: {options: {placeholder-answer: {phrases: [...]}}}`.
pub fn phrases(opts: &RuleOptions) -> Result<Vec<String>, OptionError> {
    PhraseOptions::read(opts, META.name, include_str!("../../../rules/QA301.yml"))
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    let names = phrases(opts)?;
    let stub_phrases = super::qa302_placeholder_link::phrases(opts)?;
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&names)
        .map_err(|e| OptionError {
            rule: META.name.to_string(),
            message: format!("the phrases do not compile: {e}"),
            help: Some("shorten or remove the longest phrases".to_string()),
            token: None,
        })?;
    let vocabulary = names
        .iter()
        .chain(&stub_phrases)
        .flat_map(|p| words(p))
        .map(str::to_lowercase)
        .collect();
    Ok(Box::new(PlaceholderAnswer {
        phrases: automaton,
        names,
        stubs: crate::model::stubs::StubSentences::shared(&stub_phrases),
        vocabulary,
    }))
}

/// The words (runs of letters and digits) of `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// What an answer holds once markup is gone.
enum Residue {
    Empty,
    Placeholder(String),
    Stub,
    Content,
}

impl Rule for PlaceholderAnswer {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for q in &doc.questions {
            let (msg, help) = match self.residue(doc, q) {
                Residue::Content => continue,
                Residue::Empty => (
                    "is empty".to_string(),
                    "write the answer, or remove the question until it has one",
                ),
                Residue::Placeholder(p) => (
                    format!("is only a placeholder (`{p}`)"),
                    "write the answer in place of the placeholder",
                ),
                Residue::Stub => (
                    "is only a stub sentence".to_string(),
                    "write the answer here, or at least its gist before the link",
                ),
            };
            let name = match q.heading {
                Some(hi) => crate::model::toc::heading_source(doc, hi),
                None => q.title.clone(),
            };
            let name = excerpt(&name, 50);
            out.push(
                Diagnostic::new(
                    &META,
                    q.span.clone(),
                    format!("the answer to `{name}` {msg}"),
                )
                .with_label("no answer")
                .with_help(help),
            );
        }
    }
}

impl PlaceholderAnswer {
    fn residue(&self, doc: &Document, q: &Question) -> Residue {
        let a = q.answer.clone();
        // A placeholder or a stub sentence is short; a long answer has content, whatever it
        // holds (this keeps the rule cheap on big files).
        if a.len() > 2000 {
            return Residue::Content;
        }
        // Code is content (replaced by a word); comments are not (dropped).
        let mut text = String::with_capacity(a.len());
        let mut pos = a.start;
        let first = doc.code.partition_point(|r| r.end <= a.start);
        for r in doc.code[first..].iter().take_while(|r| r.start < a.end) {
            if r.start < pos {
                continue;
            }
            text.push_str(doc.slice(pos..r.start));
            if !doc.slice(r.clone()).starts_with("<!--") {
                text.push_str(" code ");
            }
            pos = r.end.min(a.end);
        }
        if pos < a.end {
            text.push_str(doc.slice(pos..a.end));
        }
        let text = tags().replace_all(&text, " ");
        let text = link_syntax().replace_all(&text, "$1");
        let has_alnum = |s: &str| s.chars().any(char::is_alphanumeric);
        // Nothing but whitespace and markup characters: empty (no string is built).
        let bare = text.chars().any(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '*' | '_' | '#' | '>' | '-' | '=' | '|' | '~' | '`' | '[' | ']' | '(' | ')'
                )
        });
        if !bare {
            return Residue::Empty;
        }
        // Only phrase words left can make a placeholder: any other word is content.
        if words(&text).any(|w| !self.vocabulary.contains(&w.to_lowercase())) {
            return Residue::Content;
        }
        let stubs = self.stubs.find(&text);
        let stub = !stubs.is_empty();
        let mut rest = String::with_capacity(text.len());
        let mut pos = 0;
        for r in stubs {
            rest.push_str(&text[pos..r.start]);
            rest.push(' ');
            pos = r.end;
        }
        rest.push_str(&text[pos..]);
        let mut first_phrase = None;
        let mut stripped = String::new();
        self.phrases
            .replace_all_with(&rest, &mut stripped, |m, _, dst| {
                first_phrase.get_or_insert(m.pattern().as_usize());
                dst.push(' ');
                true
            });
        if has_alnum(&stripped) || !(stub || first_phrase.is_some()) {
            return Residue::Content;
        }
        match first_phrase {
            Some(i) => Residue::Placeholder(self.names[i].clone()),
            None => Residue::Stub,
        }
    }
}

fn tags() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"</?[A-Za-z][^>]*>").expect("static regex"))
}

fn link_syntax() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("static regex"))
}
