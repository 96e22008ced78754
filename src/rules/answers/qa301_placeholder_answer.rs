//! `QA301 placeholder-answer`: a question whose answer is empty, a placeholder, or only a stub
//! sentence.
//!
//! **What it does.** Looks at each answer without its markup (HTML tags such as `<br><b>`,
//! comments, rules, emphasis and link syntax, and the label of a `<details>` block's
//! `<summary>`, such as "Show answer"): nothing left means an empty answer; only
//! placeholder phrases (`TODO`, `TBD`, `WIP`, `Coming soon`, `Answer goes here`, `Lorem ipsum`,
//! `...`, and a few in Chinese, Japanese, Korean, Spanish, French, German, Portuguese and
//! Russian such as `待补充`, `準備中` or `À compléter`; matched case-insensitively, never inside
//! code), an answer label alone (`Answer:`, `**Answer**`, or `A:` where the answer opens; a label
//! before a placeholder, `A: TBD`, is a placeholder too), a stub sentence ("The rest of the
//! answer is here") or a pointer to another question (QA302's `pointers`: "See question 3",
//! `见第 1 题`, `同上`, `Ver questão 3`) means a placeholder. So does a note to self: a phrase written in capitals or of several words, then
//! `:` or a dash and a short note on one line (`TODO: add examples`, `TBD - will add soon`),
//! unless the title names the phrase. A GitHub alert's marker (`> [!NOTE]`) is no content
//! either: an alert holding only `TODO` is a placeholder. Code counts as content.
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
//! defaults in `rules/QA301.yml`. Stub sentences and pointers come from QA302's `phrases` and
//! `pointers`.
//!
//! **Fix.** None: only the author can write the answer.

use std::collections::HashSet;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Severity, excerpt};
use crate::model::document::{Document, Question};
use crate::rules::{OptionError, PhraseOptions, Rule, RuleMeta, RuleOptions};

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
    /// Every character of the phrases that a script without spaces writes (`待补充`, `见第 {n}
    /// 题`): such a text is one word, known when each of its characters is.
    unspaced: HashSet<char>,
}

/// The placeholder phrases: `rules: {options: {placeholder-answer: {phrases: [...]}}}`.
pub fn phrases(opts: &RuleOptions) -> Result<Vec<String>, OptionError> {
    PhraseOptions::read(opts, META.name, include_str!("../../../rules/QA301.yml"))
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    let names = phrases(opts)?;
    let stubs = super::qa302_placeholder_link::stubs(opts)?;
    // Matched against the lowercased answer, so that `À compléter` matches `à compléter`.
    let lowered: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&lowered)
        .map_err(|e| OptionError {
            rule: META.name.to_string(),
            message: format!("the phrases do not compile: {e}"),
            help: Some("shorten or remove the longest phrases".to_string()),
            token: None,
        })?;
    let vocabulary = names
        .iter()
        .chain(stubs.phrases())
        .flat_map(|p| words(p))
        .map(str::to_lowercase)
        .collect();
    let unspaced = names
        .iter()
        .chain(stubs.phrases())
        .flat_map(|p| p.chars())
        .filter(|&c| crate::model::stubs::unspaced(c))
        .collect();
    Ok(Box::new(PlaceholderAnswer {
        phrases: automaton,
        names,
        stubs,
        vocabulary,
        unspaced,
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
    /// Only links that move around the page (`[⬆ Back to top](#table-of-contents)`).
    Navigation,
    /// Only the question's title again (`**What is a list?**`).
    Title,
    Placeholder(String),
    Stub,
    /// Only a sentence that sends the reader to another question (`See question 3`, `同上`).
    Pointer(String),
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
                Residue::Navigation => (
                    "is empty (only a link back up the page)".to_string(),
                    "write the answer above the link, or remove the question until it has one",
                ),
                Residue::Title => (
                    "only repeats the title".to_string(),
                    "write the answer in place of the repeated title",
                ),
                Residue::Placeholder(p) => (
                    format!("is only a placeholder (`{p}`)"),
                    "write the answer in place of the placeholder",
                ),
                Residue::Stub => (
                    "is only a stub sentence".to_string(),
                    "write the answer here, or at least its gist before the link",
                ),
                Residue::Pointer(p) => (
                    format!("only points at another question (`{p}`)"),
                    "write the answer here (at least its gist), or merge the two questions",
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
        // Code is content (replaced by a word); comments and navigation links are not
        // (dropped).
        let mut dropped: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
        let mut has_code = false;
        let first = doc.code.partition_point(|r| r.end <= a.start);
        for r in doc.code[first..].iter().take_while(|r| r.start < a.end) {
            let code = !doc.slice(r.clone()).starts_with("<!--");
            has_code |= code;
            dropped.push((r.clone(), if code { " code " } else { "" }));
        }
        let navigation = navigation_links(doc, q);
        let had_navigation = !navigation.is_empty();
        dropped.extend(navigation.into_iter().map(|r| (r, " ")));
        dropped.sort_by_key(|(r, _)| r.start);
        let mut text = String::with_capacity(a.len());
        let mut pos = a.start;
        for (r, with) in dropped {
            if r.start < pos {
                continue;
            }
            text.push_str(doc.slice(pos..r.start));
            text.push_str(with);
            pos = r.end.min(a.end);
        }
        if pos < a.end {
            text.push_str(doc.slice(pos..a.end));
        }
        // A `<summary>` in an answer labels what its `<details>` hides ("Answer", "Show
        // answer"): what is hidden is the answer.
        let text = summaries().replace_all(&text, " ");
        let text = tags().replace_all(&text, " ");
        let text = link_syntax().replace_all(&text, "$1");
        // A GitHub alert's marker (`> [!NOTE]`) says what kind of note follows, not what it is.
        let text = alert_markers().replace_all(&text, " ");
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
            return if had_navigation {
                Residue::Navigation
            } else {
                Residue::Empty
            };
        }
        // The title again, bare or with its number label as the heading writes it (`**Q1:
        // What is DHCP?**`).
        let labelled = doc
            .text
            .get(q.span.start..q.title_span.end)
            .unwrap_or_default();
        if repeats_title(&text, &q.title) || repeats_title(&text, labelled) {
            return Residue::Title;
        }
        // A label (`**Answer:**`, or `A:` opening the answer) is no content: alone, it is a
        // placeholder.
        let mut label = None;
        let text = short_label_re().replace(&text, |c: &regex::Captures| {
            label.get_or_insert_with(|| format!("{}:", &c[1]));
            " "
        });
        let text = label_re().replace_all(&text, |c: &regex::Captures| {
            label.get_or_insert_with(|| format!("{}:", &c[1]));
            " "
        });
        if label.is_some() && !has_alnum(&text) {
            return Residue::Placeholder(label.unwrap_or_default());
        }
        // A label word without its colon, alone (`Answer`), is one too.
        let mut all = words(&text);
        if let (Some(w), None) = (all.next(), all.next())
            && LABELS.contains(&w.to_ascii_lowercase().as_str())
        {
            return Residue::Placeholder(w.to_string());
        }
        // Only phrase words left can make a placeholder: any other word is content, unless
        // the answer is a note to self (`TODO: add examples`).
        if words(&text).any(|w| !self.known(w)) {
            return match self.note(&text, &q.title, has_code) {
                Some(p) => Residue::Placeholder(p),
                None => Residue::Content,
            };
        }
        let stubs = self.stubs.find_stubs(&text);
        let stub = !stubs.is_empty();
        let pointer = stubs.iter().find(|s| s.pointer).map(|s| {
            text[s.span.clone()]
                .trim_matches(['*', '_', '[', ']'])
                .to_string()
        });
        let mut rest = String::with_capacity(text.len());
        let mut pos = 0;
        for s in stubs {
            rest.push_str(&text[pos..s.span.start]);
            rest.push(' ');
            pos = s.span.end;
        }
        rest.push_str(&text[pos..]);
        let rest = rest.to_lowercase();
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
        match (first_phrase, pointer) {
            (Some(i), _) => Residue::Placeholder(self.names[i].clone()),
            (None, Some(p)) => Residue::Pointer(p),
            (None, None) => Residue::Stub,
        }
    }

    /// Whether `word` can be part of a placeholder: a word of the phrases, maybe with a
    /// pointer's number (`Q3`, `3번`), or a run of the phrases' characters of scripts without
    /// spaces and digits (`见第1题`).
    fn known(&self, word: &str) -> bool {
        let bare = word.trim_matches(char::is_numeric);
        bare.is_empty()
            || self.vocabulary.contains(&bare.to_lowercase())
            || word
                .chars()
                .all(|c| c.is_numeric() || self.unspaced.contains(&c))
    }

    /// The placeholder phrase that opens `text` when the answer is only a note to self: the
    /// phrase, `:` or a dash, and a short note on one line (`TODO: add examples`, `TBD - will
    /// add soon`). Only phrases of letters that are written in capitals (`TODO`, `WIP`) or hold
    /// several words (`To do`, `Coming soon`) open a note, so that `Pending: the first state`
    /// stays an answer; so does one to a question that names the phrase, and one with code.
    fn note(&self, text: &str, title: &str, has_code: bool) -> Option<String> {
        if has_code {
            return None;
        }
        let text = text.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | '>' | '-' | '[' | '(')
        });
        let lower = text.to_lowercase();
        let m = self.phrases.find(&lower).filter(|m| m.start() == 0)?;
        let name = &self.names[m.pattern().as_usize()];
        let marker = name.chars().all(|c| c.is_alphabetic() || c == ' ')
            && (name.contains(' ') || !name.chars().any(char::is_lowercase));
        if !marker || lower[m.end()..].starts_with(char::is_alphanumeric) {
            return None;
        }
        let after = lower[m.end()..].trim_start_matches(['*', '_', ']', ')', ' ', '\t']);
        let note = after.strip_prefix([':', '：', '-', '–', '—'])?.trim();
        let short = (1..=8).contains(&words(note).count());
        let named = title.to_lowercase().contains(&lower[..m.end()]);
        (short && !note.contains('\n') && !named).then(|| name.clone())
    }
}

/// Words that label an answer (`Answer:`); alone, even without the colon, they hold none.
const LABELS: &[&str] = &["answer", "ans", "solution", "explanation", "response"];

fn tags() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"</?[A-Za-z][^>]*>").expect("static regex"))
}

fn summaries() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?is)<summary\b[^>]*>.*?</summary\s*>").expect("static regex"))
}

fn link_syntax() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("static regex"))
}

/// Answer labels that introduce an answer and hold none: `Answer:`, `**Ans:**`, `Solution:`.
fn label_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(answer|ans|solution|explanation|response)\s*[:：]")
            .expect("static regex")
    })
}

/// The short answer label `A:` (`**A:**`, `**A**:`), only where the answer opens: elsewhere
/// `a:` is too common to be a label.
fn short_label_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[\s*_]*\b([Aa])[*_]*[ \t]*[:：]").expect("static regex"))
}

/// A GitHub alert's marker line: `> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]`,
/// `> [!CAUTION]`.
fn alert_markers() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?im)^[ \t]*(?:>[ \t]*)+\[!(?:note|tip|important|warning|caution)\][ \t]*$")
            .expect("static regex")
    })
}

/// Whether `text` says nothing but the question's title again (markup, case and punctuation
/// aside).
fn repeats_title(text: &str, title: &str) -> bool {
    // Word by word, stopping at the first difference: most answers differ at once.
    let same = |a: &str, b: &str| {
        if a.is_ascii() && b.is_ascii() {
            a.eq_ignore_ascii_case(b)
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    };
    let (mut text, mut title) = (words(text), words(title));
    let mut any = false;
    loop {
        match (text.next(), title.next()) {
            (None, None) => return any,
            (Some(a), Some(b)) if same(a, b) => any = true,
            _ => return false,
        }
    }
}

/// The links of `q`'s answer that move around the page rather than say something: links to
/// `#top`, to this file's TOC or a heading above the question, or whose text says so (`⬆ Back
/// to top`, `↑ Contents`, `Next question ➡`), Markdown or `<a href="#…">…</a>`.
fn navigation_links(doc: &Document, q: &Question) -> Vec<std::ops::Range<usize>> {
    let a = q.answer.clone();
    let mut out = Vec::new();
    let first = doc.links.partition_point(|l| l.range.start < a.start);
    let targets = crate::model::links::targets(doc);
    for (li, l) in doc.links.iter().enumerate().skip(first) {
        if l.range.start >= a.end {
            break;
        }
        let crate::model::links::Target::SameFile { fragment } = &targets[li] else {
            continue;
        };
        let (range, text) = match &l.text_span {
            Some(t) => (l.range.clone(), doc.slice(t.clone())),
            // Inline HTML: the element runs to its `</a>`.
            None => match doc.slice(l.range.end..a.end).find("</a>") {
                Some(close) => {
                    let inner = doc.slice(l.range.end..l.range.end + close);
                    let inner = inner.split_once('>').map_or(inner, |(_, t)| t);
                    (l.range.start..l.range.end + close + 4, inner)
                }
                None => continue,
            },
        };
        if l.image || !is_navigation(doc, q, fragment, text) {
            continue;
        }
        out.push(range);
    }
    out
}

/// Whether a link to `#fragment` with text `text` in `q`'s answer moves around the page.
fn is_navigation(doc: &Document, q: &Question, fragment: &str, text: &str) -> bool {
    static WORDS: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        Regex::new(r"(?i)\b(back|top|contents|toc|index|home|next|previous|prev)\b|[⬆↑↥⇧🔝⬅➡←→]")
            .expect("static regex")
    });
    let page = crate::model::anchors::is_page_anchor(fragment, std::path::Path::new(&doc.path));
    if fragment.is_empty() || page || words.is_match(text) {
        return true;
    }
    // A heading above the question that is no question: the TOC, a section, the page's title.
    let heading = doc.resolve_fragment(fragment).and_then(|(_, h)| *h);
    heading.is_some_and(|h| {
        doc.headings[h].question.is_none() && doc.headings[h].range.start < q.span.start
    })
}
