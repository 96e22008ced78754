//! `QA401 duplicate-question`: the same question is asked twice.
//!
//! **What it does.** Compares the titles of every question linted under one config, across
//! files, after normalising them (Unicode NFKC, lower case, without the number prefix,
//! punctuation, inline markup and surrounding whitespace). Each question whose title equals an
//! earlier one (in path, then line order) is reported, with the first one labelled (or given as a
//! related location in its file): a question asked three times gives two findings. Questions in
//! different languages (a `de-DE/` directory, a `-fr` file suffix) are not compared, and generic
//! titles are left alone: titles whose terms are all frequent in the repository and that say
//! their question is in the body: they point at it ("What does this code print?", "What is the
//! output of:"), are quiz prompts ("True or false?", "Find the bug"), have no term of their own,
//! or are asked `generic-count` times or more ("What's the output?" before each snippet). In a
//! language other than English (a tagged file, or a title with other letters or another
//! language's function words) frequency alone decides. A title made of the repository's topic
//! ("What is a Docker container?" in a Docker repository) is not generic: asked twice, it is
//! reported. A title over a code block is keyed with its code and never generic: the same
//! snippet under "What's the output?" twice is reported. Likewise a title that points at its
//! body ("Explain the output of this command", "Explain the following:") is keyed with the
//! first block of that body that says something (bullets and a quiz's ticks aside): over the
//! same block it is the same question, over another block a new one. See QA402's `generic-*`
//! options. A short title (eight words at most) in sibling files of five questions or more
//! about different subjects
//! (`java.md` / `python.md`, `python/quiz.md` / `c-sharp/quiz.md`: the words of each file's
//! title, else of its name, share nothing once `Interview Questions` and the like are left
//! out) asks about each subject ("What is garbage collection?"), unless it names one of them
//! ("What is the GIL in Python?" in the Java file is misplaced); QA402 judges such pairs
//! alike. A README above a topic's files is their overview, not a sibling, and sections of
//! one file are not read as subjects (they are as often parts of one subject).
//!
//! **Why.** Two pull requests add the same question; the reader gets two answers that drift
//! apart, and the count of questions lies.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is SQL?
//!
//! ## Q2: What is a join?
//!
//! ## Q3: What is **SQL**
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is SQL?
//!
//! ## Q2: What is a join?
//!
//! ## Q3: What is NoSQL?
//! ```
//!
//! **Options.** None of its own; `generic-share` and `generic-count` of `similar-question`
//! (`rules/QA402.yml`) decide which titles are generic.
//!
//! **Fix.** None: which copy to keep, and what to merge into it, is an editor's decision.

use super::qa402_similar_question::{analysis, finding, name, place};
use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use crate::rules::duplicates::similarity::Settings;
use crate::rules::{OptionError, Repository, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA401",
    name: "duplicate-question",
    family: Family::Duplicates,
    summary: "A question's title repeats an earlier question's",
    default_severity: Severity::Error,
};

struct DuplicateQuestion {
    settings: Settings,
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(DuplicateQuestion {
        settings: super::qa402_similar_question::options(opts)?.settings,
    }))
}

impl Rule for DuplicateQuestion {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, _: &Document, _: &mut Vec<Diagnostic>) {}

    fn check_repository(&self, repo: &Repository, out: &mut Vec<(usize, Diagnostic)>) {
        let (parse, files) = (repo.parse, repo.files);
        for &(at, first) in &analysis(repo, self.settings).duplicates {
            let d = finding(
                &META,
                files,
                at,
                first,
                format!(
                    "already asked as {} {}",
                    name(parse, files, first),
                    place(files, at, first)
                ),
                "first asked here",
            )
            .with_label("asked again")
            .with_help("remove this question, or merge its answer into the first one");
            out.push((at.0, d));
        }
    }
}
