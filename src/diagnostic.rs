//! Findings produced by rules, independent of how they are rendered.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rules::RuleMeta;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary span with its own text, shown beside the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub text: String,
}

/// A location in another file that helps explain a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Whether a fix may be applied: ordered, so a fix applies when it is at least what is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Shown, never applied.
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: a human should look (rewording, meaning may change).
    Unsafe,
    /// Applied with `--fix`: meaning and rendering are kept.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
        }
    }
}

/// A titled set of non-overlapping edits that repairs one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Unsafe, edits)
    }

    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }
}

/// One finding: a rule, a byte span in the file's text, and what to say about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    /// Byte range of the primary label in the file's text.
    pub span: Range<usize>,
    /// Text of the primary label (defaults to nothing).
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub related: Vec<Related>,
    pub help: Option<String>,
    /// Shared: one fix can answer many findings (renumbering a file answers each of its
    /// numbering findings), and copying it into each would be quadratic.
    pub fix: Option<std::sync::Arc<Fix>>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: &'static RuleMeta, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(std::sync::Arc::new(fix));
        self
    }

    /// Attach a fix shared with other findings.
    pub fn with_shared_fix(mut self, fix: std::sync::Arc<Fix>) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_secondary(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }
}

/// `s` cut to at most `max` characters (with `…`), for quoting user text in messages.
/// Line breaks become spaces, so a message stays on one line.
pub fn excerpt(s: &str, max: usize) -> String {
    let s = s.replace("\r\n", " ").replace(['\n', '\r'], " ");
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
