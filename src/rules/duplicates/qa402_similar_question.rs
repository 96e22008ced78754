//! `QA402 similar-question`: two questions ask the same thing in other words.
//!
//! **What it does.** Compares the titles of every question linted under one config, across
//! files, and reports a question whose title is close to an earlier one (in path, then line
//! order), with the similarity in the message and the earlier question labelled (or given as a
//! related location in its file). The measure is the cosine similarity of the titles' terms
//! weighted by how informative each term is in this repository (IDF: a word in half the titles
//! says little): stop words and question phrasing ("what is", "explain the concept of") are
//! dropped, plurals and verb forms are stemmed, code and names (`std::any`, `HTTPS`) are kept as
//! written, and a word that only qualifies the question ("in Python") weighs half. A title of
//! several clauses is also compared clause by clause ("What is NAT? How does it work?" asks
//! "What is NAT?" and more). Template siblings ("the role of CNNs / GANs in medical imaging")
//! differ in their rarest word, which carries most of the weight, so they stay below the
//! threshold. Titles that share their words but ask different things are not reported:
//! a negation or contrast on one side only ("with" / "without JavaScript", "is" / "is not
//! true"); another object or attribute ("DOM methods" / "DOM properties", "before" / "after",
//! `100%` / `50%`), within a file or when a title is short (long titles in different files that
//! differ in an ordinary word are copies reworded); another kind of question about the same
//! thing (a definition, how to do it, how it works, its types, an example, its parts, advantages,
//! drawbacks, when to use it, why, true or false, a design or implementation task, yes or no);
//! two terms whose roles are swapped ("express the policy in terms of the reward" / "the reward
//! in terms of the policy"); a comparison with something the other does not mention; and
//! template siblings, when a third title shares their frame and fills it differently ("add a
//! custom form / button / link"). Kinds of question and stop words are English; for Spanish,
//! French, Italian, German, Portuguese, Ukrainian and Russian the function words are known, and
//! in other languages only names, code, numbers and Han characters tell titles apart. Not
//! reported either: pairs that QA401 reports (equal titles), questions in different languages (a
//! `de-DE/` directory or a `-fr` file suffix), generic titles whose terms are all frequent and
//! whose question is in the body ("What's the output?", see QA401), and titles that point at
//! their body ("the output of this script") in different files. Each question is reported
//! once, against its closest earlier question.
//!
//! **Why.** A collection that grows by pull requests gets the same question twice in other words;
//! readers get two answers that drift apart.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is transfer learning?
//!
//! ## Q2: What is the role of CNNs in medical imaging?
//!
//! ## Q3: What is the role of GANs in medical imaging?
//!
//! ## Q4: Explain the concept of transfer learning
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is transfer learning?
//!
//! ## Q2: What is the role of CNNs in medical imaging?
//!
//! ## Q3: What is the role of GANs in medical imaging?
//!
//! ## Q4: How to validate a form without JavaScript?
//!
//! ## Q5: How to validate a form with JavaScript?
//!
//! ## Q6: What are styled components?
//!
//! ## Q7: Give an example of styled components
//! ```
//!
//! **Options.** `threshold` (the similarity, 0 to 1, from which a pair is reported),
//! `generic-share` and `generic-count` (a title whose terms are each used by at least that share
//! of the titles and that many titles is generic and never reported, when it also says its
//! question is in its body, as QA401 tells; outside English frequency alone decides; QA401
//! uses them too), under
//! `rules: {options: {similar-question: ...}}`; defaults in `rules/QA402.yml`.
//!
//! **Fix.** None: merging two questions is an editor's decision.

use serde::Deserialize;

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Related, Severity};
use crate::model::document::Document;
use crate::model::settings::ParseSettings;
use crate::model::summary::FileSummary;
use crate::rules::duplicates::similarity::{self, QuestionId, Settings, TitleKey};
use crate::rules::{OptionError, Repository, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA402",
    name: "similar-question",
    family: Family::Duplicates,
    summary: "A question asks the same as an earlier one in other words",
    default_severity: Severity::Warning,
};

const DEFAULTS_YAML: &str = include_str!("../../../rules/QA402.yml");

/// `similar-question` options as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSimilarQuestionOptions {
    pub threshold: Option<f32>,
    pub generic_share: Option<f32>,
    pub generic_count: Option<u32>,
    pub subjects_apart: Option<bool>,
}

/// Resolved options (shared with QA401).
#[derive(Debug, Clone, Copy)]
pub struct SimilarQuestionOptions {
    pub settings: Settings,
}

impl SimilarQuestionOptions {
    pub fn resolve(raw: Option<RawSimilarQuestionOptions>) -> Result<Self, OptionError> {
        let defaults: RawSimilarQuestionOptions =
            serde_yaml::from_str(DEFAULTS_YAML).expect("embedded rules/QA402.yml is valid");
        let raw = raw.unwrap_or_default();
        let settings = Settings {
            threshold: raw.threshold.or(defaults.threshold).unwrap_or(0.85),
            generic_share: raw.generic_share.or(defaults.generic_share).unwrap_or(0.02),
            generic_count: raw.generic_count.or(defaults.generic_count).unwrap_or(5),
            subjects_apart: raw
                .subjects_apart
                .or(defaults.subjects_apart)
                .unwrap_or(true),
        };
        let bad = |key: &str, v: f32| OptionError {
            rule: META.name.to_string(),
            token: None,
            message: format!("`similar-question: {{{key}: {v}}}` must be between 0 and 1"),
            help: Some(format!("set `{key}` to a number such as 0.8")),
        };
        if !(settings.threshold > 0.0 && settings.threshold <= 1.0) {
            return Err(bad("threshold", settings.threshold));
        }
        if !(0.0..=1.0).contains(&settings.generic_share) {
            return Err(bad("generic-share", settings.generic_share));
        }
        Ok(SimilarQuestionOptions { settings })
    }
}

struct SimilarQuestion {
    settings: Settings,
}

/// QA402's options (its threshold, and the generic-title settings QA401 shares).
pub fn options(opts: &RuleOptions) -> Result<SimilarQuestionOptions, OptionError> {
    SimilarQuestionOptions::resolve(opts.get(META.name)?)
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(SimilarQuestion {
        settings: options(opts)?.settings,
    }))
}

/// The repository-pass view that QA401 and QA402 share.
pub(crate) fn analyze(files: &[&FileSummary], settings: Settings) -> similarity::Analysis {
    let keys: Vec<(&str, &[TitleKey])> = files
        .iter()
        .map(|f| (f.path.as_str(), f.titles.as_slice()))
        .collect();
    let reported: Vec<bool> = files.iter().map(|f| !f.context).collect();
    let mut found = similarity::analyze_reported(&keys, settings, &reported);
    if settings.subjects_apart {
        apart_by_subject(files, &mut found);
    }
    found
}

/// Titles of at most this many words are short: they take their subject from where they sit.
const SHORT_TITLE: usize = 8;

/// A file with at least this many questions is about a subject (its name or title says which).
const SUBJECT_FILE: usize = 5;

/// Whether questions `x` and `y` are in sibling files about different subjects and their short
/// titles name neither: "What is garbage collection?" in `java.md` and `python.md` (or
/// `python/quiz.md` and `c-sharp/quiz.md`) asks about each subject, not twice the same thing. A
/// README above a topic's file is an overview of it, not a sibling
/// ([`crate::model::subjects::sibling_files`]). A long title, or one that names a subject ("How
/// do you size an AWS instance?" in an Azure quiz), is the same question misplaced.
fn apart(files: &[&FileSummary], x: QuestionId, y: QuestionId) -> bool {
    use crate::model::subjects::{differ, sibling_files, subject_words};
    let (fx, fy) = (files[x.0], files[y.0]);
    let (sx, sy) = (&*fx.subject, &*fy.subject);
    // A file of a few questions is named after them (`questions/q7.md`, `012-closures.md`),
    // not after a subject.
    let about_a_subject = |f: &FileSummary| f.questions.len() >= SUBJECT_FILE;
    if x.0 == y.0
        || !about_a_subject(fx)
        || !about_a_subject(fy)
        || !sibling_files(&fx.abs_path, &fy.abs_path)
        || !differ(sx, sy)
    {
        return false;
    }
    [x, y].iter().all(|&(f, q)| {
        let title = &*files[f].titles[q].text;
        title.split_whitespace().count() <= SHORT_TITLE
            && subject_words(title)
                .iter()
                .all(|w| !sx.split(' ').chain(sy.split(' ')).any(|s| s == w))
    })
}

/// Drops the pairs of `found` whose questions are [`apart`]: a repeat is then a duplicate of
/// the first earlier copy under its own subject, if there is one.
fn apart_by_subject(files: &[&FileSummary], found: &mut similarity::Analysis) {
    found.similar.retain(|&(b, a, _)| !apart(files, a, b));
    let mut copies: std::collections::BTreeMap<QuestionId, Vec<QuestionId>> = Default::default();
    for &(later, first) in &found.duplicates {
        copies
            .entry(first)
            .or_insert_with(|| vec![first])
            .push(later);
    }
    let mut duplicates = Vec::with_capacity(found.duplicates.len());
    for mut all in copies.into_values() {
        all.sort();
        for (i, &later) in all.iter().enumerate().skip(1) {
            if let Some(&earlier) = all[..i].iter().find(|&&e| !apart(files, e, later)) {
                duplicates.push((later, earlier));
            }
        }
    }
    duplicates.sort();
    found.duplicates = duplicates;
}

/// The analysis QA401 and QA402 share, computed once per repository pass: without QA402 only
/// duplicates are looked for (no similarity join).
pub(crate) fn analysis<'r>(repo: &'r Repository, settings: Settings) -> &'r similarity::Analysis {
    repo.similarity.get_or_init(|| {
        let threshold = if repo.similar {
            settings.threshold
        } else {
            1.0
        };
        analyze(
            repo.files,
            Settings {
                threshold,
                ..settings
            },
        )
    })
}

/// How a question is named in a message: its number label (`Q3`) or its title.
pub(crate) fn name(settings: &ParseSettings, files: &[&FileSummary], (f, q): QuestionId) -> String {
    let question = &files[f].questions[q];
    match question.number {
        Some(n) => format!(
            "`{}`",
            crate::model::numbering::label(settings.series(question.series), n)
        ),
        None => format!("`{}`", files[f].titles[q].shown()),
    }
}

/// Where the other question is, seen from `at`: `line 14` or `` `docs/ml.md:14` ``.
pub(crate) fn place(files: &[&FileSummary], at: QuestionId, other: QuestionId) -> String {
    let line = files[other.0].questions[other.1].line;
    if at.0 == other.0 {
        format!("at line {line}")
    } else {
        format!("in `{}:{line}`", files[other.0].path)
    }
}

/// A finding at `at` that points at `other`: a second label in the same file, a related
/// location otherwise.
pub(crate) fn finding(
    meta: &'static RuleMeta,
    files: &[&FileSummary],
    at: QuestionId,
    other: QuestionId,
    message: String,
    other_text: &str,
) -> Diagnostic {
    let here = &files[at.0].questions[at.1];
    let there = &files[other.0].questions[other.1];
    let d = Diagnostic::new(meta, here.span.clone(), message);
    if at.0 == other.0 {
        d.with_secondary(there.span.clone(), other_text)
    } else {
        d.with_related(Related {
            path: files[other.0].path.clone(),
            line: there.line,
            column: there.column,
            message: other_text.to_string(),
        })
    }
}

impl Rule for SimilarQuestion {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, _: &Document, _: &mut Vec<Diagnostic>) {}

    fn check_repository(&self, repo: &Repository, out: &mut Vec<(usize, Diagnostic)>) {
        let (parse, files) = (repo.parse, repo.files);
        for &(at, other, score) in &analysis(repo, self.settings).similar {
            let mut who = name(parse, files, other);
            if files[other.0].questions[other.1].number.is_some() {
                who = format!("{who} (`{}`)", files[other.0].titles[other.1].shown());
            }
            let d = finding(
                &META,
                files,
                at,
                other,
                format!(
                    "similar to {who} {} (similarity {score:.2})",
                    place(files, at, other)
                ),
                "similar question",
            )
            .with_label("asks much the same")
            .with_help(
                "merge the two questions, or reword this one to say what sets it apart; \
                 `rules: {options: {similar-question: {threshold: ...}}}` sets how close counts",
            );
            out.push((at.0, d));
        }
    }
}
