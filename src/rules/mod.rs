//! Layer 2, the rules: the Rule trait, the registry (one macro table), per-rule options and
//! selectors, one folder per family. Uses only `model` and `base`.

/// The one list of rules: each family's folder and its rule files, in code order. It generates
/// the `mod` lines and [`REGISTRY`] (with each rule's source, whose `//!` comment is its
/// documentation), so nothing else has to be kept in step. Modules in parentheses after a
/// family are its shared helpers; the `engine` family's codes (first here, last in the registry) are reported by the
/// engine itself and have no check.
macro_rules! rule_table {
    (
        engine $sys:ident { $($sys_rule:ident),* $(,)? }
        $( $family:ident $( ( $($helper:ident),* ) )? { $($rule:ident),* $(,)? } )*
    ) => {
        $( pub mod $family {
            $( pub mod $rule; )*
            $( $( pub mod $helper; )* )?
        } )*
        pub mod $sys {
            $( pub mod $sys_rule; )*
        }

        /// Every rule, in code order.
        pub static REGISTRY: &[RegistryEntry] = &[
            $( $( RegistryEntry {
                meta: &$family::$rule::META,
                build: Some($family::$rule::build),
                source: include_str!(concat!(stringify!($family), "/", stringify!($rule), ".rs")),
                path: concat!("src/rules/", stringify!($family), "/", stringify!($rule), ".rs"),
            }, )* )*
            $( RegistryEntry {
                meta: &$sys::$sys_rule::META,
                build: None,
                source: include_str!(concat!(stringify!($sys), "/", stringify!($sys_rule), ".rs")),
                path: concat!("src/rules/", stringify!($sys), "/", stringify!($sys_rule), ".rs"),
            }, )*
        ];
    };
}

rule_table! {
    engine system { qa900_read_error, qa901_fix_not_converged, qa902_unused_suppression }
    heading { qa001_heading_format, qa002_heading_level, qa003_title_style }
    numbering(sequence) {
        qa101_numbering_gap,
        qa102_numbering_duplicate,
        qa103_numbering_order,
        qa104_numbering_start,
        qa105_numbering_rendered,
    }
    math {
        qa201_math_delimiter,
        qa202_math_group,
        qa203_math_unknown_command,
        qa204_math_bare_words,
    }
    answers {
        qa301_placeholder_answer,
        qa302_placeholder_link,
        qa303_broken_link,
        qa304_shadowed_definition,
    }
    duplicates(similarity) { qa401_duplicate_question, qa402_similar_question }
    toc(each) { qa501_toc_missing_entry, qa502_toc_stale_entry, qa503_toc_broken_anchor, qa504_toc_order }
    markup { qa601_malformed_emphasis, qa602_malformed_list_number }
}

pub mod custom;
pub mod options;
pub mod selection;

pub use crate::base::diagnostic::RuleMeta;
use crate::base::diagnostic::{Diagnostic, RuleRef, Severity};
use crate::model::document::Document;
use crate::model::settings::ParseSettings;
use crate::model::summary::FileSummary;
pub use options::{OptionError, RuleOptions};
pub use selection::{RuleSet, by_code_or_name, is_known, matching, selector_matches};

/// A check over one document, and optionally over every file linted under the same profile.
pub trait Rule: Send + Sync {
    fn meta(&self) -> RuleRef;
    /// Findings in one parsed document.
    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>);
    /// Findings that need every file; each is returned with the index of its file in
    /// `repo.files`.
    fn check_repository(&self, _repo: &Repository, _out: &mut Vec<(usize, Diagnostic)>) {}
}

/// What cross-file rules read: the summaries of the files linted under one profile (in path
/// order), its parse settings, and what several rules share, computed once.
pub struct Repository<'a> {
    pub parse: &'a ParseSettings,
    pub files: &'a [&'a FileSummary],
    /// Whether QA402 runs: QA401 then takes the duplicates its analysis finds anyway.
    pub(crate) similar: bool,
    /// The duplicate rules' analysis, once computed.
    pub(crate) similarity: std::sync::OnceLock<duplicates::similarity::Analysis>,
}

impl<'a> Repository<'a> {
    /// The repository view of `files`, for cross-file `rules` (the active rules of a profile).
    pub fn new<'r>(
        parse: &'a ParseSettings,
        files: &'a [&'a FileSummary],
        rules: impl IntoIterator<Item = &'r ActiveRule>,
    ) -> Repository<'a> {
        Repository {
            parse,
            files,
            similar: Repository::runs_similar(rules),
            similarity: std::sync::OnceLock::new(),
        }
    }

    /// Whether QA402 is among `rules`.
    pub fn runs_similar<'r>(rules: impl IntoIterator<Item = &'r ActiveRule>) -> bool {
        let code = duplicates::qa402_similar_question::META.code;
        rules.into_iter().any(|r| r.rule.meta().code() == code)
    }
}

/// A rule enabled by a profile, at its resolved severity.
pub struct ActiveRule {
    pub rule: Box<dyn Rule>,
    pub severity: Severity,
}

/// Builds a rule from the options written for it (each rule reads and checks its own).
pub type BuildRule = fn(&RuleOptions) -> Result<Box<dyn Rule>, OptionError>;

/// One row of the registry. Rules without a constructor are reported by the engine itself.
pub struct RegistryEntry {
    pub meta: &'static RuleMeta,
    pub build: Option<BuildRule>,
    /// The rule file's source: its `//!` comment is the rule's documentation.
    pub source: &'static str,
    /// The rule file, from the repository root (`src/rules/numbering/qa101_numbering_gap.rs`).
    pub path: &'static str,
}

/// Unreadable or non-UTF-8 file; produced by the engine, not by a check.
pub use system::qa900_read_error::META as READ_ERROR;
/// A file whose fixes keep changing it; produced by the fix engine.
pub use system::qa901_fix_not_converged::META as FIX_NOT_CONVERGED;
/// A suppression comment that suppresses nothing; produced by the engine.
pub use system::qa902_unused_suppression::META as UNUSED_SUPPRESSION;

/// `{phrases: [...]}`: the options of QA301 and QA302.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhraseOptions {
    pub phrases: Option<Vec<String>>,
}

impl PhraseOptions {
    /// The phrases written under `rule`, or the defaults from its `rules/<CODE>.yml` file.
    pub fn read(
        opts: &RuleOptions,
        rule: &str,
        defaults_yaml: &str,
    ) -> Result<Vec<String>, OptionError> {
        Ok(opts
            .get::<PhraseOptions>(rule)?
            .and_then(|r| r.phrases)
            .unwrap_or_else(|| {
                serde_yaml::from_str::<PhraseOptions>(defaults_yaml)
                    .ok()
                    .and_then(|d| d.phrases)
                    .unwrap_or_default()
            }))
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
        assert_eq!(fam, ["QA101", "QA102", "QA103", "QA104", "QA105"]);
        assert_eq!(matching("numbering-gap")[0].code, "QA101");
        assert!(matching("QA9999").is_empty());
        assert!(matching("Q").is_empty());
    }
}
