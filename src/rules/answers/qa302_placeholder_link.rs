//! `QA302 placeholder-link`: a stub sentence ("The rest of the answer is here") without its link,
//! with an empty link, or with a link to another question's number.
//!
//! **What it does.** Finds the configured stub sentences in each answer (case-insensitive,
//! tolerating link and emphasis markup, never inside code) and checks the link that goes with
//! them: there must be one, its target must not be empty, and a question number in it must be
//! the question's; the message names both numbers. A bare URL right after the sentence
//! (`… is here: https://example.com/12`, `www.…`) is a link: GitHub links it. A question anchor in the fragment (`#12`,
//! `#q12`, `#q12-what-is-a-list`, `#question-12`) is a question number; a trailing number
//! elsewhere (`/12`, `/12/`, `?q=12`) is one only when the file's other answer links to the
//! same base (the URL up to the number) mostly carry their own question's number, or when
//! `renumber: {update-answer-links: true}` says they all do. A site's own numbers
//! (`stackoverflow.com/questions/231767`, `peps.python.org/pep-0008/`, `…/Status/404`) are left
//! alone. Pointers ("See question 3", `见第 3 题`, `同上`, `См. вопрос 3`, `Siehe Frage 3`)
//! are stub sentences that name the question they send the reader to: they need no link, and
//! a number in their link is the other question's; only an empty link target is reported.
//!
//! **Why.** Stub answers send the reader elsewhere; a lost or wrong link is a dead end or the
//! wrong answer.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q12: What is image segmentation?
//!
//! Labelling every pixel. The rest of the answer is [here](https://example.com/#11).
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q12: What is image segmentation?
//!
//! Labelling every pixel. The rest of the answer is [here](https://example.com/#12).
//! ```
//!
//! **Options.** `phrases` (the stub sentences that need a link) and `pointers` (those that
//! name their target; `{n}` stands for a question number), under
//! `rules: {options: {placeholder-link: {phrases: [...], pointers: [...]}}}`; defaults in
//! `rules/QA302.yml`.
//!
//! **Fix.** Unsafe (the external site may number differently): put the question's number in the
//! link.

use std::sync::Arc;

use crate::model::stubs::{Stub, StubSentences};

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::document::Document;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA302",
    name: "placeholder-link",
    family: Family::Answers,
    summary: "A stub sentence without its link, with an empty link, or linking another number",
    default_severity: Severity::Error,
};

struct PlaceholderLink {
    stubs: Arc<StubSentences>,
}

/// `{phrases, pointers}`: the stub sentences that need a link, and those that name their
/// target.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StubOptions {
    phrases: Option<Vec<String>>,
    pointers: Option<Vec<String>>,
}

/// The stub sentences: `rules: {options: {placeholder-link: {phrases: [...], pointers:
/// [...]}}}`, each list defaulting to `rules/QA302.yml`'s.
pub fn stubs(opts: &RuleOptions) -> Result<Arc<StubSentences>, OptionError> {
    let set = opts.get::<StubOptions>(META.name)?.unwrap_or_default();
    let defaults: StubOptions =
        serde_yaml::from_str(include_str!("../../../rules/QA302.yml")).unwrap_or_default();
    let phrases = set.phrases.or(defaults.phrases).unwrap_or_default();
    let pointers = set.pointers.or(defaults.pointers).unwrap_or_default();
    Ok(StubSentences::shared(&phrases, &pointers))
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(PlaceholderLink {
        stubs: stubs(opts)?,
    }))
}

impl Rule for PlaceholderLink {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let stubs = stub_sentences(doc, &self.stubs);
        if stubs.is_empty() {
            return;
        }
        let numbering = Numbering {
            configured: doc.settings.update_answer_links,
            bases: crate::model::renumber::base_tallies(doc),
        };
        for (qi, stub) in stubs {
            if let Some(d) = judge(doc, doc.questions[qi].number, stub, &numbering) {
                out.push(d);
            }
        }
    }
}

/// Which links' numbers are question numbers: `renumber: {update-answer-links}` says all are;
/// otherwise those of the bases whose links mostly carry their own question's number.
struct Numbering {
    configured: bool,
    bases: std::collections::HashMap<String, crate::model::renumber::BaseTally>,
}

impl Numbering {
    /// The question number `url` (a link's destination as written) carries, and its span: a
    /// question anchor (`#12`, `#q12-…`) always; a trailing number (`/12`, `?q=12`) when the
    /// link's base follows the question numbers (a site's own numbers, as in
    /// `stackoverflow.com/questions/231767` or `pep-0008`, are not the question's).
    fn of(&self, url: &str) -> Option<(std::ops::Range<usize>, u64)> {
        use crate::model::renumber::{fragment_number_of, trailing_number_of};
        if let Some(found) = fragment_number_of(url) {
            return Some(found);
        }
        let (r, n) = trailing_number_of(url)?;
        let follows =
            self.configured || self.bases.get(&url[..r.start]).is_some_and(|t| t.follows());
        follows.then_some((r, n))
    }
}

/// The stub sentences of every answer (never in code), with the index of their question in
/// `doc.questions`, in source order; spans are the document's.
pub fn stub_sentences(doc: &Document, stubs: &StubSentences) -> Vec<(usize, Stub)> {
    let mut out = Vec::new();
    for (qi, q) in doc.questions.iter().enumerate() {
        let answer = doc.slice(q.answer.clone());
        for m in stubs.find_stubs(answer) {
            let span = q.answer.start + m.span.start..q.answer.start + m.span.end;
            if !doc.in_code(span.start) {
                out.push((qi, Stub { span, ..m }));
            }
        }
    }
    out
}

/// The link that goes with the stub sentence at `span`: one that overlaps it or starts right
/// after it. Only the links of the answer holding `span` are looked at (a link cannot reach
/// into an answer from outside it), so that a file of many stubs is not scanned once per stub.
pub fn stub_link<'d>(
    doc: &'d Document,
    span: &std::ops::Range<usize>,
) -> Option<&'d crate::model::document::Link> {
    let holder = doc
        .questions
        .partition_point(|q| q.answer.start <= span.start)
        .checked_sub(1)
        .map(|i| &doc.questions[i].answer)
        .filter(|a| a.contains(&span.start));
    let from = holder.map_or(0, |a| {
        doc.links.partition_point(|l| l.range.start < a.start)
    });
    doc.links[from..]
        .iter()
        .take_while(|l| l.range.start <= span.end + 2)
        .find(|l| l.range.end > span.start)
}

/// Where the links of stub sentences start (QA303 leaves their empty targets to this rule).
pub fn stub_link_starts(doc: &Document, stubs: &StubSentences) -> Vec<usize> {
    stub_sentences(doc, stubs)
        .iter()
        .filter_map(|(_, stub)| stub_link(doc, &stub.span).map(|l| l.range.start))
        .collect()
}

/// The finding for one stub sentence, if its link is missing, empty or wrongly numbered. A
/// pointer names its target: it needs no link, and a link's number is the other question's.
fn judge(
    doc: &Document,
    number: Option<u64>,
    stub: Stub,
    numbering: &Numbering,
) -> Option<Diagnostic> {
    let span = stub.span;
    let Some(link) = stub_link(doc, &span) else {
        if stub.pointer {
            return None;
        }
        if let Some(url) = bare_url_after(doc, &span) {
            return wrong_number(doc, number?, url, numbering);
        }
        return Some(
            Diagnostic::new(&META, span, "stub sentence without a link")
                .with_label("links to nothing")
                .with_help(
                    "link the sentence to the full answer, e.g. `[here](https://example.com/#12)`",
                ),
        );
    };
    if link.dest.trim().is_empty() {
        return Some(
            Diagnostic::new(&META, link.range.clone(), "stub link with an empty target")
                .with_label("empty `()`")
                .with_help("put the address of the full answer between the parentheses"),
        );
    }
    if stub.pointer {
        return None;
    }
    wrong_number(doc, number?, link.dest_span.clone()?, numbering)
}

/// A URL that GitHub links without markup (`https://…`, `http://…`, `www.…`: GFM's extended
/// autolinks) written right after the stub sentence at `span`, on its line, with only spaces and
/// punctuation between (`… is here: https://example.com/12`); its span.
fn bare_url_after(doc: &Document, span: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let text = &doc.text[span.end..];
    let line = &text[..text.find('\n').unwrap_or(text.len())];
    let start =
        line.find(|c: char| !matches!(c, ' ' | '\t' | ':' | '-' | '–' | '—' | '(' | '*' | '_'))?;
    let rest = &line[start..];
    let host = ["https://", "http://", "www."].iter().find_map(|p| {
        rest.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &rest[p.len()..])
    })?;
    // A domain follows: GitHub links `www.example.com`, not a lone `www.`.
    if !host.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~', ')']);
    let at = span.end + start;
    (!doc.in_code(at)).then_some(at..at + url.len())
}

/// The finding for a stub link whose target (at `dest_span`) carries another question's number
/// than `n`, if it does.
fn wrong_number(
    doc: &Document,
    n: u64,
    dest_span: std::ops::Range<usize>,
    numbering: &Numbering,
) -> Option<Diagnostic> {
    let written = doc.slice(dest_span.clone());
    let (r, got) = numbering.of(written)?;
    if got == n {
        return None;
    }
    let digits = dest_span.start + r.start..dest_span.start + r.end;
    Some(
        Diagnostic::new(
            &META,
            digits.clone(),
            format!("stub link points at `{got}`, but this is question `{n}`"),
        )
        .with_label(format!("expected `{n}`"))
        .with_help(format!("link to the answer of question {n}"))
        .with_fix(Fix::unsafe_(
            format!("Link to `{n}` instead of `{got}`"),
            vec![Edit::replace(digits, n.to_string())],
        )),
    )
}
