//! Rules: metadata, the registry (code ↔ name ↔ constructor) and per-rule options.

use std::ops::Range;

use serde::Deserialize;

use crate::config::{ConfigError, Profile};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

mod qa001_heading_format;
mod qa002_heading_level;
mod qa003_title_style;
mod qa101_numbering_gap;
mod qa102_numbering_duplicate;
mod qa103_numbering_order;
mod qa104_numbering_start;
mod qa201_math_delimiter;
mod qa202_math_group;
mod qa203_math_unknown_command;
mod qa204_math_bare_words;
mod qa301_placeholder_answer;
mod qa302_placeholder_link;
mod qa303_broken_link;
mod qa401_duplicate_question;
mod qa402_similar_question;
mod qa501_toc_missing_entry;
mod qa502_toc_stale_entry;
mod qa503_toc_broken_anchor;
mod qa504_toc_order;
mod qa601_malformed_emphasis;
mod qa602_malformed_list_number;
pub(crate) mod qa902_unused_suppression;

pub use qa003_title_style::TitleStyleOptions;
pub use qa402_similar_question::SimilarQuestionOptions;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub default_severity: Severity,
}

/// A question as the repository pass sees it: no text, just numbers and places.
#[derive(Debug, Clone)]
pub struct QuestionRef {
    pub number: Option<u64>,
    pub span: Range<usize>,
    pub number_span: Option<Range<usize>>,
    /// 1-based line and column of `span.start`.
    pub line: usize,
    pub column: usize,
}

/// The compact per-file summary that cross-file rules read.
#[derive(Debug, Default)]
pub struct FileSummary {
    pub path: String,
    pub questions: Vec<QuestionRef>,
    /// The file's normalized absolute path, to resolve links from other files.
    pub abs_path: std::path::PathBuf,
    /// Every anchor in the file (heading slugs and explicit anchors).
    pub anchors: Vec<String>,
    /// Links from this file to a fragment of another file.
    pub links: Vec<CrossLink>,
    /// Each question's normalised title and a short excerpt (parallel to `questions`), for
    /// QA401 and QA402.
    pub titles: Vec<crate::similarity::TitleKey>,
}

/// A link to `target#fragment` in another file, checked in the repository pass.
#[derive(Debug, Clone)]
pub struct CrossLink {
    /// The destination's span in this file.
    pub span: Range<usize>,
    /// Shared by the file's links to the same target.
    pub target: std::sync::Arc<std::path::Path>,
    pub fragment: String,
}

impl FileSummary {
    /// The summary of a parsed document.
    pub fn of(doc: &Document) -> FileSummary {
        let mut interned: std::collections::HashMap<
            &std::path::Path,
            std::sync::Arc<std::path::Path>,
        > = std::collections::HashMap::new();
        let links = doc
            .links
            .iter()
            .zip(crate::links::targets(doc))
            .filter_map(|(l, t)| match t {
                crate::links::Target::File {
                    path,
                    fragment: Some(fragment),
                } if !fragment.is_empty() => Some(CrossLink {
                    span: l.dest_span.clone().unwrap_or(l.range.clone()),
                    target: interned
                        .entry(path.as_path())
                        .or_insert_with(|| std::sync::Arc::from(path.as_path()))
                        .clone(),
                    fragment: fragment.clone(),
                }),
                _ => None,
            })
            .collect();
        FileSummary {
            path: doc.path.clone(),
            questions: crate::numbering::question_refs(doc).to_vec(),
            abs_path: crate::links::absolute(std::path::Path::new(&doc.path)),
            anchors: doc.anchors().iter().map(|(a, _)| a.clone()).collect(),
            links,
            titles: doc
                .questions
                .iter()
                .map(|q| crate::similarity::TitleKey::of(doc, q))
                .collect(),
        }
    }
}

/// A check over one document, and optionally over every file linted under the same profile.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Findings in one parsed document.
    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>);
    /// Findings that need every file; each is returned with the index of its file in `files`.
    fn check_repository(
        &self,
        _profile: &Profile,
        _files: &[&FileSummary],
        _out: &mut Vec<(usize, Diagnostic)>,
    ) {
    }
}

/// A rule enabled by a profile, at its resolved severity.
pub struct ActiveRule {
    pub rule: Box<dyn Rule>,
    pub severity: Severity,
}

/// Builds a rule from the resolved options.
pub type BuildRule = fn(&RuleOptions) -> Box<dyn Rule>;

/// One row of the registry. Rules without a constructor are reported by the engine itself.
pub struct RegistryEntry {
    pub meta: &'static RuleMeta,
    pub build: Option<BuildRule>,
}

/// Unreadable or non-UTF-8 file; produced by the engine, not by a check.
pub static READ_ERROR: RuleMeta = RuleMeta {
    code: "QA900",
    name: "read-error",
    summary: "A file could not be read or is not UTF-8",
    default_severity: Severity::Error,
};

/// A file whose fixes keep changing it; produced by the fix engine.
pub static FIX_NOT_CONVERGED: RuleMeta = RuleMeta {
    code: "QA901",
    name: "fix-not-converged",
    summary: "Fixes did not converge within the pass limit; the file was not written",
    default_severity: Severity::Error,
};

/// A suppression comment that suppresses nothing; produced by the engine (`src/suppress.rs`).
pub use qa902_unused_suppression::META as UNUSED_SUPPRESSION;

/// Every rule, in code order.
pub static REGISTRY: &[RegistryEntry] = &[
    RegistryEntry {
        meta: &qa001_heading_format::META,
        build: Some(qa001_heading_format::build),
    },
    RegistryEntry {
        meta: &qa002_heading_level::META,
        build: Some(qa002_heading_level::build),
    },
    RegistryEntry {
        meta: &qa003_title_style::META,
        build: Some(qa003_title_style::build),
    },
    RegistryEntry {
        meta: &qa101_numbering_gap::META,
        build: Some(qa101_numbering_gap::build),
    },
    RegistryEntry {
        meta: &qa102_numbering_duplicate::META,
        build: Some(qa102_numbering_duplicate::build),
    },
    RegistryEntry {
        meta: &qa103_numbering_order::META,
        build: Some(qa103_numbering_order::build),
    },
    RegistryEntry {
        meta: &qa104_numbering_start::META,
        build: Some(qa104_numbering_start::build),
    },
    RegistryEntry {
        meta: &qa201_math_delimiter::META,
        build: Some(qa201_math_delimiter::build),
    },
    RegistryEntry {
        meta: &qa202_math_group::META,
        build: Some(qa202_math_group::build),
    },
    RegistryEntry {
        meta: &qa203_math_unknown_command::META,
        build: Some(qa203_math_unknown_command::build),
    },
    RegistryEntry {
        meta: &qa204_math_bare_words::META,
        build: Some(qa204_math_bare_words::build),
    },
    RegistryEntry {
        meta: &qa301_placeholder_answer::META,
        build: Some(qa301_placeholder_answer::build),
    },
    RegistryEntry {
        meta: &qa302_placeholder_link::META,
        build: Some(qa302_placeholder_link::build),
    },
    RegistryEntry {
        meta: &qa303_broken_link::META,
        build: Some(qa303_broken_link::build),
    },
    RegistryEntry {
        meta: &qa401_duplicate_question::META,
        build: Some(qa401_duplicate_question::build),
    },
    RegistryEntry {
        meta: &qa402_similar_question::META,
        build: Some(qa402_similar_question::build),
    },
    RegistryEntry {
        meta: &qa501_toc_missing_entry::META,
        build: Some(qa501_toc_missing_entry::build),
    },
    RegistryEntry {
        meta: &qa502_toc_stale_entry::META,
        build: Some(qa502_toc_stale_entry::build),
    },
    RegistryEntry {
        meta: &qa503_toc_broken_anchor::META,
        build: Some(qa503_toc_broken_anchor::build),
    },
    RegistryEntry {
        meta: &qa504_toc_order::META,
        build: Some(qa504_toc_order::build),
    },
    RegistryEntry {
        meta: &qa601_malformed_emphasis::META,
        build: Some(qa601_malformed_emphasis::build),
    },
    RegistryEntry {
        meta: &qa602_malformed_list_number::META,
        build: Some(qa602_malformed_list_number::build),
    },
    RegistryEntry {
        meta: &READ_ERROR,
        build: None,
    },
    RegistryEntry {
        meta: &FIX_NOT_CONVERGED,
        build: None,
    },
    RegistryEntry {
        meta: &UNUSED_SUPPRESSION,
        build: None,
    },
];

/// Whether a selector (`ALL`, a code, a code prefix such as `QA1`, or a rule name) names `meta`.
pub fn selector_matches(sel: &str, meta: &RuleMeta) -> bool {
    let sel = sel.trim();
    sel.eq_ignore_ascii_case("ALL")
        || sel.eq_ignore_ascii_case(meta.name)
        || (sel.len() >= 2
            && meta.code.len() >= sel.len()
            && meta.code[..sel.len()].eq_ignore_ascii_case(sel))
}

/// Every rule a selector names.
pub fn matching(sel: &str) -> Vec<&'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|e| e.meta)
        .filter(|m| selector_matches(sel, m))
        .collect()
}

/// Look up a rule by code or name.
pub fn by_code_or_name(s: &str) -> Option<&'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|e| e.meta)
        .find(|m| m.code.eq_ignore_ascii_case(s) || m.name.eq_ignore_ascii_case(s))
}

/// `rules: {options: ...}` as written: one optional entry per rule that has options.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRuleOptions {
    pub title_style: Option<qa003_title_style::RawTitleStyleOptions>,
    pub placeholder_answer: Option<PhraseOptions>,
    pub placeholder_link: Option<PhraseOptions>,
    pub similar_question: Option<qa402_similar_question::RawSimilarQuestionOptions>,
}

/// `{phrases: [...]}`: the options of QA301 and QA302.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhraseOptions {
    pub phrases: Option<Vec<String>>,
}

impl PhraseOptions {
    /// The configured phrases, or the defaults from a `rules/<CODE>.yml` file.
    fn resolve(raw: Option<PhraseOptions>, defaults_yaml: &str) -> Vec<String> {
        raw.and_then(|r| r.phrases).unwrap_or_else(|| {
            serde_yaml::from_str::<PhraseOptions>(defaults_yaml)
                .expect("embedded phrase defaults are valid")
                .phrases
                .unwrap_or_default()
        })
    }
}

impl RawRuleOptions {
    pub fn merge(mut self, over: RawRuleOptions) -> RawRuleOptions {
        if over.title_style.is_some() {
            self.title_style = over.title_style;
        }
        if over.placeholder_answer.is_some() {
            self.placeholder_answer = over.placeholder_answer;
        }
        if over.placeholder_link.is_some() {
            self.placeholder_link = over.placeholder_link;
        }
        if over.similar_question.is_some() {
            self.similar_question = over.similar_question;
        }
        self
    }
}

/// Resolved options of every rule that has some, defaults filled in from `rules/<CODE>.yml`.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    pub title_style: TitleStyleOptions,
    /// QA301's placeholder phrases.
    pub placeholder_answer: Vec<String>,
    /// QA302's stub sentences.
    pub placeholder_link: Vec<String>,
    /// QA402's threshold and QA401/QA402's generic-title settings.
    pub similar_question: SimilarQuestionOptions,
}

impl RuleOptions {
    pub fn resolve(raw: RawRuleOptions) -> Result<RuleOptions, ConfigError> {
        Ok(RuleOptions {
            title_style: TitleStyleOptions::resolve(raw.title_style),
            placeholder_answer: PhraseOptions::resolve(
                raw.placeholder_answer,
                include_str!("../../rules/QA301.yml"),
            ),
            placeholder_link: PhraseOptions::resolve(
                raw.placeholder_link,
                include_str!("../../rules/QA302.yml"),
            ),
            similar_question: SimilarQuestionOptions::resolve(raw.similar_question)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let codes: Vec<_> = REGISTRY.iter().map(|e| e.meta.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        let mut names: Vec<_> = REGISTRY.iter().map(|e| e.meta.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), codes.len());
    }

    #[test]
    fn prefix_selects_family() {
        let fam: Vec<_> = matching("QA1").iter().map(|m| m.code).collect();
        assert_eq!(fam, ["QA101", "QA102", "QA103", "QA104"]);
        assert_eq!(matching("numbering-gap")[0].code, "QA101");
        assert!(matching("QA9999").is_empty());
        assert!(matching("Q").is_empty());
    }
}
