//! Findings produced by rules, independent of how they are rendered.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use std::sync::Arc;

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

/// A severity as written in config, where `off` disables the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeverityLevel {
    Error,
    Warning,
    Info,
    Off,
}

impl SeverityLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            SeverityLevel::Error => Some(Severity::Error),
            SeverityLevel::Warning => Some(Severity::Warning),
            SeverityLevel::Info => Some(Severity::Info),
            SeverityLevel::Off => None,
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
    /// The fix changes the document's block structure on purpose (a heading's level, a line made
    /// a heading or a list item); any other fix must leave the structure as it is.
    pub structural: bool,
    /// Its insertions stack: where several such fixes insert different text at one point (the
    /// missing entries of a table of contents, each after the one before), one pass applies
    /// them all, in order, instead of one a pass.
    pub stacks: bool,
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
            structural: false,
            stacks: false,
        }
    }

    /// Declare that the fix's insertions stack with other stacking fixes' at the same point.
    pub fn stacking(mut self) -> Self {
        self.stacks = true;
        self
    }

    /// Declare that the fix changes the document's block structure on purpose.
    pub fn structural(mut self) -> Self {
        self.structural = true;
        self
    }
}

/// The family a rule belongs to: its code's hundreds digit, and its folder under `src/rules/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// QA0xx, `rules/heading/`: question headings.
    Heading,
    /// QA1xx, `rules/numbering/`: question numbers.
    Numbering,
    /// QA2xx, `rules/math/`: formulas.
    Math,
    /// QA3xx, `rules/answers/`: answers and links.
    Answers,
    /// QA4xx, `rules/duplicates/`: duplicate and similar questions.
    Duplicates,
    /// QA5xx, `rules/toc/`: tables of contents.
    Toc,
    /// QA6xx, `rules/markup/`: broken inline markup.
    Markup,
    /// QA9xx, `rules/system/`: reported by the engine itself.
    System,
    /// `custom/<id>`: rules written in the configuration.
    Custom,
}

/// What every built-in rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub summary: &'static str,
    pub default_severity: Severity,
}

/// The metadata of a rule defined at run time (a custom rule): owned, so resolving a config
/// again never leaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedMeta {
    pub code: String,
    pub name: String,
    pub summary: String,
    pub default_severity: Severity,
}

/// Which rule a finding belongs to: a built-in rule's static metadata, or a custom rule's.
#[derive(Debug, Clone)]
pub enum RuleRef {
    Builtin(&'static RuleMeta),
    Custom(Arc<OwnedMeta>),
}

impl RuleRef {
    pub fn code(&self) -> &str {
        match self {
            RuleRef::Builtin(m) => m.code,
            RuleRef::Custom(m) => &m.code,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            RuleRef::Builtin(m) => m.name,
            RuleRef::Custom(m) => &m.name,
        }
    }

    pub fn summary(&self) -> &str {
        match self {
            RuleRef::Builtin(m) => m.summary,
            RuleRef::Custom(m) => &m.summary,
        }
    }

    pub fn default_severity(&self) -> Severity {
        match self {
            RuleRef::Builtin(m) => m.default_severity,
            RuleRef::Custom(m) => m.default_severity,
        }
    }

    pub fn family(&self) -> Family {
        match self {
            RuleRef::Builtin(m) => m.family,
            RuleRef::Custom(_) => Family::Custom,
        }
    }

    /// The built-in rule's metadata, `None` for a custom rule.
    pub fn builtin(&self) -> Option<&'static RuleMeta> {
        match self {
            RuleRef::Builtin(m) => Some(m),
            RuleRef::Custom(_) => None,
        }
    }

    /// Whether this is the built-in rule `meta`.
    pub fn is(&self, meta: &'static RuleMeta) -> bool {
        self.builtin().is_some_and(|m| std::ptr::eq(m, meta))
    }
}

impl From<&'static RuleMeta> for RuleRef {
    fn from(m: &'static RuleMeta) -> Self {
        RuleRef::Builtin(m)
    }
}

/// One finding: a rule, a byte span in the file's text, and what to say about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: RuleRef,
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
    pub fn new(rule: impl Into<RuleRef>, span: Range<usize>, message: impl Into<String>) -> Self {
        let rule = rule.into();
        Diagnostic {
            severity: rule.default_severity(),
            rule,
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
