//! Layer 5, convention detection. Uses `engine`, `config`, `model` and `base`.
//!
//! [`detect`] reads a repository, detects its question convention and proposes a commented
//! `.qalint.yml` ([`Detection::yaml`]) that makes a first `qalint check` meaningful; `qalint init`
//! (in `cli`) prints or writes it.
//!
//! Every markdown file (found by the same walker as `check`) is parsed once under each candidate
//! preset's profile (`scan`); the presets are scored on what they find (`choose`):
//!
//! - heading presets (`q-colon`, `number-dot`, `quiz`, `list-heading`) count the questions they
//!   find at each heading level; the level with the most wins for that preset;
//! - `details` counts `<summary>` questions whose title is not repeated all over the repository
//!   (`<summary>Answer</summary>` folds answers away: it is not a question);
//! - `bold` counts bold paragraphs that hold a `?`; when most of them open with a number
//!   (`**12. Title?**`, `**Q12. Title?**`) and ask something after it, a `pattern` reads it.
//!
//! `details` and `bold` match loosely, so a numbered preset that finds at least half as many
//! questions wins over them. Headings written `X12.` with prefixes other than `Q` (localised
//! quizzes: `P12.`, `Pregunta 12.`; also `Q.12`, `#12`) give a custom `pattern` listing the
//! prefixes seen; `12 - Title` and `[12] Title`, in a run of titles that ask, give one of their
//! own, with a `near-miss` of their own. These weak forms also need numbers that count
//! (`refine::counts_questions`: no newest-first list, countdown or bibliography), are read only
//! when no stronger numbered heading preset finds questions, and never both: the more common
//! one is read and the other set aside. Without
//! any of these, a heading level where at least half the headings (in the folder holding them)
//! ask something gives an unnumbered pattern (`refine`); fewer are topic sections, not
//! questions. Then, under the chosen convention (`analyse`): the numbering scope (`file`,
//! `section` when numbers restart under section headings, `repository` when they continue across
//! files in path order), the first number (0 or 1), tables of contents and formulas.

use std::path::{Path, PathBuf};

use crate::config::{self, ConfigError, ConfigFile, Overrides, Profile};
use crate::model::settings::ParseSettings;

mod analyse;
mod choose;
pub mod mirrors;
mod refine;
mod scan;
mod summary;
mod yaml;

/// The heading presets scored level by level, in the order preferred on a tie.
const HEADING_PRESETS: &[&str] = &["quiz", "q-colon", "number-dot", "list-heading"];

/// Minimum number of questions for a convention to be taken seriously.
const MIN_QUESTIONS: usize = 3;

/// Why a repository could not be read for detection.
#[derive(Debug, Clone)]
pub enum DetectError {
    /// The path to read is not a directory.
    NotADirectory(PathBuf),
    /// A candidate convention's config did not load (a bug in detection, not the user's).
    Candidate(ConfigError),
}

impl std::fmt::Display for DetectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DetectError::NotADirectory(path) if !path.exists() => write!(
                f,
                "`{}`: no such directory",
                crate::engine::walk::display(path)
            ),
            DetectError::NotADirectory(path) => write!(
                f,
                "`{}` is not a directory",
                crate::engine::walk::display(path)
            ),
            DetectError::Candidate(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DetectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DetectError::NotADirectory(_) => None,
            DetectError::Candidate(e) => Some(e),
        }
    }
}

impl From<ConfigError> for DetectError {
    fn from(e: ConfigError) -> Self {
        DetectError::Candidate(e)
    }
}

/// The chosen convention.
#[derive(Debug, Clone, PartialEq)]
pub enum Convention {
    /// A heading preset at a level, with an optional custom pattern (localised prefixes).
    Heading {
        preset: &'static str,
        level: u8,
        prefixes: Vec<String>,
        /// What most prefixed headings write between the number and the title, as the
        /// canonical form writes it: `.`, `:`, `)`, ` —` (`Question 1 — Title`), … (see
        /// `scan::separator`); `.` without prefixes.
        separator: &'static str,
        /// Whether most prefixed headings write a space between the prefix and the number
        /// (`Question 12`, not `Q12`, `Q.12`, `#12`).
        spaced: bool,
    },
    /// Unnumbered question headings at a level, optionally under one folder, optionally with a
    /// trailing ` - ... <suffix>` outside the title.
    Titles {
        level: u8,
        folder: Option<String>,
        suffix: Option<String>,
    },
    /// `<summary>` questions, numbered when most open with a number (`1. Title?`).
    Details { numbered: Option<NumberForm> },
    /// Bold paragraphs, numbered when most open with a number (`**1. Title?**`).
    Bold { numbered: Option<NumberForm> },
    /// Nothing recognisable: the defaults.
    Unknown,
}

/// How numbered bold or `<summary>` questions write their number: `**Q1. Title?**` has the
/// prefix `Q` and the separator `.`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberForm {
    /// Empty, a word (`Q`), a letter and a dot (`Q.`), or `#`.
    pub prefix: String,
    /// Whether most write a space between the prefix and the number (`Question 12`).
    pub spaced: bool,
    /// As `scan::separator` gives it.
    pub separator: &'static str,
    /// Questions written so.
    pub count: usize,
}

impl NumberForm {
    /// What such a question looks like (`Q12. Title`), between the stars or in the summary.
    pub(crate) fn shape(&self) -> String {
        format!(
            "{}{}12{} Title",
            self.prefix,
            if self.spaced { " " } else { "" },
            self.separator
        )
    }
}

impl Convention {
    fn numbered(&self) -> bool {
        matches!(
            self,
            Convention::Heading { .. }
                | Convention::Bold { numbered: Some(_) }
                | Convention::Details { numbered: Some(_) }
        )
    }
}

/// Everything detected, with the evidence for the comments and the summary.
#[derive(Debug)]
pub struct Detection {
    pub root: PathBuf,
    pub files: usize,
    pub convention: Convention,
    /// Why the convention was picked (one line each).
    pub why: Vec<String>,
    /// Other candidates and why they lost.
    pub others: Vec<String>,
    pub questions: usize,
    pub start: u64,
    pub start_why: String,
    /// Why the numbering rules stay silent: the numbers name the questions (problem IDs).
    pub identifiers: Option<String>,
    pub scope: config::NumberingScope,
    pub scope_why: String,
    pub toc_files: usize,
    pub formulas: usize,
    pub formula_files: usize,
    /// Folders of backup copies to exclude.
    pub mirrors: Vec<mirrors::Mirror>,
    /// Files assembled from a folder of one-question files, to exclude.
    pub aggregates: Vec<mirrors::Aggregate>,
    /// Why the config leaves `level` out, when files write their questions at different levels
    /// consistently (each file is then read at its own level).
    pub level_per_file: Option<String>,
    /// A second series of questions written another way (`## Question 12.` beside `### 1.`
    /// under topic sections), with why: `questions:` becomes a list.
    pub also: Option<(Convention, String)>,
    /// Titles that open like a question, and how many of them carry a `?`: where most carry
    /// none, the house style leaves the `?` out and QA003 does not ask for it.
    pub title_marks: (usize, usize),
}

/// Whether the config proposed leaves a file out (a backup copy, an assembled file).
fn excluded(mirrors: &[mirrors::Mirror], aggregates: &[mirrors::Aggregate], path: &str) -> bool {
    aggregates.iter().any(|a| a.file == path)
        || mirrors.iter().any(|m| {
            path.strip_prefix(&m.folder)
                .is_some_and(|r| r.starts_with('/'))
        })
}

/// Read the repository at `root` and detect its convention.
pub fn detect(root: &Path) -> Result<Detection, DetectError> {
    detect_with(root, None)
}

/// [`detect`], reading `open` (a path and the text being linted, which need not be on disk:
/// `check --stdin-filename`) in place of that file's text on disk.
pub fn detect_with(root: &Path, open: Option<(&Path, &str)>) -> Result<Detection, DetectError> {
    if !root.is_dir() {
        return Err(DetectError::NotADirectory(root.to_path_buf()));
    }
    let mut all = scan::read(root);
    if let Some((path, text)) = open {
        let abs = crate::base::paths::absolute(path);
        let root_abs = crate::base::paths::absolute(root);
        let rel = crate::engine::walk::display(abs.strip_prefix(&root_abs).unwrap_or(&abs));
        all.retain(|(p, _)| *p != rel);
        all.push((rel, std::sync::Arc::from(text)));
        all.sort_by(|a, b| a.0.cmp(&b.0));
    }
    // Backup copies and assembled files are left out of everything that follows.
    let found_mirrors = mirrors::find(&all);
    let found_aggregates = mirrors::aggregates(&all);
    let total = all.len();
    let files: Vec<(String, std::sync::Arc<str>)> = all
        .into_iter()
        .filter(|(p, _)| !excluded(&found_mirrors, &found_aggregates, p))
        .collect();
    let scans = scan::scan(root, &files)?;
    let mut d = choose::choose(root, &files, &scans);
    d.files = total;
    d.level_per_file = choose::per_file_levels(&files, &scans, &d.convention);
    d.mirrors = found_mirrors;
    d.aggregates = found_aggregates;
    if d.also.is_some() && !analyse::separate_series(&d, &files)? {
        d.also = None;
    }
    analyse::analyse(&mut d, &files)?;
    Ok(d)
}

/// Check that a generated config parses and resolves.
pub fn validate(yaml: &str, path: &Path) -> Result<(), ConfigError> {
    let file = ConfigFile::parse(path, yaml)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    config::resolve(Some(&file), &Overrides::default(), dir).map(|_| ())
}

/// The profile of the chosen convention, from in-memory config text.
fn profile(yaml: &str, root: &Path) -> Result<Profile, ConfigError> {
    let file = ConfigFile::parse(&root.join(".qalint-init.yml"), yaml)?;
    config::resolve(Some(&file), &Overrides::default(), Path::new("."))
}

/// The model's settings for one candidate convention, from in-memory config text (no rule is
/// built).
fn settings(yaml: &str, root: &Path) -> Result<ParseSettings, ConfigError> {
    let file = ConfigFile::parse(&root.join(".qalint-init.yml"), yaml)?;
    config::parse_settings(Some(&file))
}

/// The model's settings for a heading preset read at every level (`level: []`, which a config
/// file may not write: there it would read as no `level`).
fn settings_at_every_level(preset: &str, root: &Path) -> Result<ParseSettings, ConfigError> {
    let questions = config::RawQuestions {
        preset: Some(preset.to_string()),
        level: Some(config::Levels::Many(Vec::new())),
        ..Default::default()
    };
    let file = ConfigFile {
        path: root.join(".qalint-init.yml"),
        text: std::sync::Arc::from(""),
        raw: config::RawConfig {
            questions: Some(config::RawQuestionList(vec![questions])),
            ..Default::default()
        },
    };
    config::parse_settings(Some(&file))
}

/// `1234567` as `1,234,567`.
fn n(v: usize) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn plural(v: usize, one: &str, many: &str) -> String {
    format!("{} {}", n(v), if v == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(n(0), "0");
        assert_eq!(n(999), "999");
        assert_eq!(n(2510), "2,510");
        assert_eq!(n(1234567), "1,234,567");
    }

    #[test]
    fn not_a_directory_is_a_typed_error() {
        let e = detect(Path::new("/nonexistent/qalint-detect")).unwrap_err();
        assert!(matches!(e, DetectError::NotADirectory(_)));
        assert_eq!(
            e.to_string(),
            "`/nonexistent/qalint-detect`: no such directory"
        );
    }
}
