//! What the model needs to read a document: the question convention, the numbering settings
//! and the few repository facts links depend on. Config fills these in; the model never sees
//! the YAML.

use regex::Regex;
use serde::Deserialize;

/// How questions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// A heading whose text matches the pattern.
    Heading,
    /// A heading inside an ordered list item; the item's number is the question's.
    ListHeading,
    /// A `<details>` block whose `<summary>` is the question.
    Details,
    /// A paragraph that is one bold span.
    Bold,
}

/// Where question numbering restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberingScope {
    /// Per file, and a sequence restarts where a question numbered `start` follows a section
    /// heading after a run of questions (an archive part, per-topic numbering); numbers that go
    /// on across a section heading stay one sequence, and so does a `start` whose next numbers
    /// go on from the run before (`8`, then `1`, `10`, `11`: `9` written `1`), when reading it
    /// so needs fewer changes than a restart.
    Auto,
    /// One sequence per file.
    File,
    /// A new sequence under each section heading.
    Section,
    /// One sequence across all files, in path order.
    Repository,
}

impl NumberingScope {
    /// The scope as written in a config.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberingScope::Auto => "auto",
            NumberingScope::File => "file",
            NumberingScope::Section => "section",
            NumberingScope::Repository => "repository",
        }
    }
}

/// How to find questions in a document.
#[derive(Debug, Clone)]
pub struct QuestionSettings {
    pub preset: Option<String>,
    pub kind: QuestionKind,
    pub pattern: Regex,
    /// Configured heading levels (empty for kinds that are not headings).
    pub levels: Vec<u8>,
    /// Whether the config wrote `level` (it then holds in every file); otherwise `levels` is
    /// the preset's default and a file whose numbered questions all sit at another level is
    /// read at that level.
    pub levels_forced: bool,
    pub near_miss: Option<Regex>,
    /// Canonical form with `{number}` and `{title}` placeholders.
    pub canonical: Option<String>,
    pub start: u64,
    pub scope: NumberingScope,
}

impl QuestionSettings {
    /// Whether the pattern can capture a number (numbering rules are silent otherwise).
    pub fn numbered(&self) -> bool {
        self.kind == QuestionKind::ListHeading
            || self.pattern.capture_names().any(|n| n == Some("number"))
    }

    /// The canonical heading text for a question, if the convention has one.
    pub fn canonical_text(&self, number: Option<&str>, title: &str) -> Option<String> {
        let template = self.canonical.as_ref()?;
        let number = number.unwrap_or_default();
        Some(
            template
                .replace("{number}", number)
                .replace("{title}", title)
                .trim_end()
                .to_string(),
        )
    }

    /// The canonical heading line (`## Q5: Title`), if the convention has one.
    pub fn canonical_heading(&self, number: Option<&str>, title: &str) -> Option<String> {
        let text = self.canonical_text(number, title)?;
        let level = self.levels.first().copied().unwrap_or(2) as usize;
        Some(format!("{} {}", "#".repeat(level), text))
    }
}

/// Everything [`Document::parse`](crate::model::document::Document::parse) and the views
/// derived from a document read: small, shared by every file linted under one profile.
#[derive(Debug, Clone)]
pub struct ParseSettings {
    /// The question convention (the first one when `questions:` is a list).
    pub questions: QuestionSettings,
    /// Further conventions (`questions:` as a list): each forms a series of its own, numbered
    /// apart from the others (`## Question 12.` and `### 1.` under topic sections).
    pub more_questions: Vec<QuestionSettings>,
    /// `toc: {heading}`: what a table-of-contents heading looks like.
    pub toc_heading: Regex,
    /// `toc: {required}`: a file without a table of contents misses every entry.
    pub toc_required: bool,
    /// `repository: {url}` (without a trailing `/`), when configured.
    pub repository_url: Option<String>,
    /// `math: {macros}`: extra command names formulas may use.
    pub math_macros: Vec<String>,
    /// `renumber: {update-answer-links}`: renumber stub links that carry the old number.
    pub update_answer_links: bool,
}

impl ParseSettings {
    /// A hash of everything in the settings: two equal keys read files alike.
    pub fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        format!("{self:?}").hash(&mut h);
        h.finish()
    }

    /// The convention of series `i` (0 is `questions`).
    pub fn series(&self, i: usize) -> &QuestionSettings {
        match i {
            0 => &self.questions,
            _ => self.more_questions.get(i - 1).unwrap_or(&self.questions),
        }
    }

    /// How many series the conventions define.
    pub fn series_count(&self) -> usize {
        1 + self.more_questions.len()
    }
}
