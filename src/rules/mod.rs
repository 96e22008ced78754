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
mod qa601_malformed_emphasis;
mod qa602_malformed_list_number;

pub use qa003_title_style::TitleStyleOptions;

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
#[derive(Debug)]
pub struct FileSummary {
    pub path: String,
    pub questions: Vec<QuestionRef>,
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
}

impl RawRuleOptions {
    pub fn merge(mut self, over: RawRuleOptions) -> RawRuleOptions {
        if over.title_style.is_some() {
            self.title_style = over.title_style;
        }
        self
    }
}

/// Resolved options of every rule that has some, defaults filled in from `rules/<CODE>.yml`.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    pub title_style: TitleStyleOptions,
}

impl RuleOptions {
    pub fn resolve(raw: RawRuleOptions) -> Result<RuleOptions, ConfigError> {
        Ok(RuleOptions {
            title_style: TitleStyleOptions::resolve(raw.title_style),
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
