//! Layer 2, the rules: the Rule trait, the registry (a macro table), per-rule options and
//! selectors, one folder per family. Uses only `model` and `base`.

// Each family's folder and its rule files. Declared here, not by `registry!`, so that
// `cargo fmt` reaches the rule files (it does not follow `mod` lines a macro writes); a test
// checks that every rule file is in the registry.
pub mod heading {
    pub mod qa001_heading_format;
    pub mod qa002_heading_level;
    pub mod qa003_title_style;
}
pub mod numbering {
    pub mod qa101_numbering_gap;
    pub mod qa102_numbering_duplicate;
    pub mod qa103_numbering_order;
    pub mod qa104_numbering_start;
    pub mod qa105_numbering_rendered;
    pub mod sequence;
}
pub mod math {
    pub mod qa201_math_delimiter;
    pub mod qa202_math_group;
    pub mod qa203_math_unknown_command;
    pub mod qa204_math_bare_words;
}
pub mod answers {
    pub mod qa301_placeholder_answer;
    pub mod qa302_placeholder_link;
    pub mod qa303_broken_link;
    pub mod qa304_shadowed_definition;
}
pub mod duplicates {
    pub mod qa401_duplicate_question;
    pub mod qa402_similar_question;
    pub mod similarity;
}
pub mod toc {
    pub mod each;
    pub mod qa501_toc_missing_entry;
    pub mod qa502_toc_stale_entry;
    pub mod qa503_toc_broken_anchor;
    pub mod qa504_toc_order;
}
pub mod markup {
    pub mod qa601_malformed_emphasis;
    pub mod qa602_malformed_list_number;
}
/// The codes the engine reports itself; they have no check.
pub mod system {
    pub mod qa900_read_error;
    pub mod qa901_fix_not_converged;
    pub mod qa902_unused_suppression;
}

/// [`REGISTRY`] from `family::rule` paths: each entry with the rule's source, whose `//!`
/// comment is its documentation. The `engine` rules (first here, last in the registry) have
/// no check.
macro_rules! registry {
    (
        engine $sys:ident { $($sys_rule:ident),* $(,)? }
        $( $family:ident { $($rule:ident),* $(,)? } )*
    ) => {
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

registry! {
    engine system { qa900_read_error, qa901_fix_not_converged, qa902_unused_suppression }
    heading { qa001_heading_format, qa002_heading_level, qa003_title_style }
    numbering {
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
    duplicates { qa401_duplicate_question, qa402_similar_question }
    toc { qa501_toc_missing_entry, qa502_toc_stale_entry, qa503_toc_broken_anchor, qa504_toc_order }
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

/// `{phrases: [...]}`: the options of QA301.
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

    /// Every `qaNNN_*.rs` file under `src/rules` is a rule of the registry.
    #[test]
    fn every_rule_file_is_registered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for family in std::fs::read_dir(root.join("src/rules")).unwrap() {
            let family = family.unwrap().path();
            if !family.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(&family).unwrap() {
                let f = f.unwrap().path();
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                if name.starts_with("qa") && name.ends_with(".rs") {
                    let path = f
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    assert!(
                        REGISTRY.iter().any(|e| e.path == path),
                        "{path} is not in the registry"
                    );
                }
            }
        }
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
