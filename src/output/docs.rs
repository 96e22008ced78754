//! Rule documentation, written once: the module doc comment (`//!` lines) at the top of each
//! rule's source file. The sources are embedded with `include_str!` and the doc comment is read
//! back as markdown, for `qalint rules`, `qalint rule CODE` and `tests/docs.rs` (which checks
//! every doc's sections and runs its examples). Codes the engine produces itself, without a rule
//! file (QA900, QA901), keep their docs here in the same shape.
//!
//! The shape of a doc: a first line `` `CODE name`: summary ``, then the sections
//! [`SECTIONS`] (each a paragraph starting with the bold title), the two examples as fenced
//! blocks (`markdown` for rules with a check), an optional `**Config for the examples:**`
//! block (`yaml`), and a `**Fix.**` paragraph that starts with `None`, `Safe`, `Unsafe` or
//! `Safe or unsafe`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::base::diagnostic::Severity;
use crate::rules::{REGISTRY, RuleMeta};

/// The section titles every doc has, in order, as they appear in bold.
pub const SECTIONS: &[&str] = &[
    "What it does.",
    "Why.",
    "Example that fires:",
    "Example that does not fire:",
    "Options.",
    "Fix.",
];

/// Which fixes a rule offers, read from its doc's `**Fix.**` paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixable {
    /// No fix.
    No,
    /// Only safe fixes (`--fix`).
    Safe,
    /// Only unsafe fixes (`--unsafe-fixes`).
    Unsafe,
    /// Safe fixes in some cases, unsafe ones in others.
    SafeOrUnsafe,
}

impl Fixable {
    pub fn as_str(self) -> &'static str {
        match self {
            Fixable::No => "no",
            Fixable::Safe => "safe",
            Fixable::Unsafe => "unsafe",
            Fixable::SafeOrUnsafe => "safe+unsafe",
        }
    }
}

impl Serialize for Fixable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A fenced block of a doc: its language tag and its text (ending with a newline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub lang: String,
    pub text: String,
}

/// One registered rule and its documentation.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub meta: &'static RuleMeta,
    /// Whether the rule has a check (false for codes the engine reports itself).
    pub checked: bool,
    /// The doc as markdown; empty when the rule has none.
    pub markdown: String,
}

impl RuleDoc {
    fn new(meta: &'static RuleMeta, checked: bool) -> RuleDoc {
        RuleDoc {
            meta,
            checked,
            markdown: markdown(meta.code).unwrap_or_default(),
        }
    }

    /// The text from the bold `title` (e.g. `Fix.`) to the next bold section title.
    pub fn section(&self, title: &str) -> Option<&str> {
        let start = section_start(&self.markdown, title)?;
        let body = &self.markdown[start + title.len() + 4..];
        let end = next_section(body).unwrap_or(body.len());
        Some(body[..end].trim())
    }

    /// The section titles of [`SECTIONS`] this doc lacks, plus `first line` when its first line
    /// is not `` `CODE name`: summary ``.
    pub fn missing_sections(&self) -> Vec<&'static str> {
        let mut missing: Vec<&'static str> = SECTIONS
            .iter()
            .copied()
            .filter(|t| self.section(t).is_none_or(str::is_empty))
            .collect();
        let head = format!("`{} {}`: ", self.meta.code, self.meta.name);
        if !self.markdown.starts_with(&head) {
            missing.insert(0, "first line");
        }
        missing
    }

    /// The example that must fire.
    pub fn fires(&self) -> Option<Block> {
        self.section("Example that fires:").and_then(first_block)
    }

    /// The example that must not fire.
    pub fn does_not_fire(&self) -> Option<Block> {
        self.section("Example that does not fire:")
            .and_then(first_block)
    }

    /// The config (YAML) the examples are linted with, when they need one.
    pub fn config(&self) -> Option<Block> {
        self.section("Config for the examples:")
            .and_then(first_block)
    }

    /// The fixes the rule offers, from the first words of its `**Fix.**` paragraph.
    pub fn fixable(&self) -> Option<Fixable> {
        let fix = self.section("Fix.")?.to_ascii_lowercase();
        [
            ("none", Fixable::No),
            ("safe or unsafe", Fixable::SafeOrUnsafe),
            ("safe", Fixable::Safe),
            ("unsafe", Fixable::Unsafe),
        ]
        .into_iter()
        .find(|(word, _)| fix.starts_with(word))
        .map(|(_, f)| f)
    }
}

/// Where the bold `title` starts a paragraph of `md`.
fn section_start(md: &str, title: &str) -> Option<usize> {
    let marker = format!("**{title}**");
    let mut at = 0;
    while let Some(i) = md[at..].find(&marker) {
        let i = at + i;
        if i == 0 || md[..i].ends_with("\n\n") {
            return Some(i);
        }
        at = i + marker.len();
    }
    None
}

/// The offset of the next paragraph that starts with a bold title, outside fenced blocks.
fn next_section(body: &str) -> Option<usize> {
    let mut fenced = false;
    let mut offset = 0;
    let mut prev_blank = false;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && prev_blank && line.starts_with("**") {
            return Some(offset);
        }
        prev_blank = line.trim().is_empty();
        offset += line.len();
    }
    None
}

/// The first fenced block of a section.
fn first_block(section: &str) -> Option<Block> {
    let mut lines = section.lines();
    let lang = lines
        .by_ref()
        .find_map(|l| l.trim_start().strip_prefix("```"))?
        .trim()
        .to_string();
    let mut text = String::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            return Some(Block { lang, text });
        }
        text.push_str(line);
        text.push('\n');
    }
    None
}

/// The `//!` lines at the top of a source file, as markdown.
pub fn module_doc(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("//!") else {
            break;
        };
        out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        out.push('\n');
    }
    out
}

/// The markdown doc of a code, from its rule file.
pub fn markdown(code: &str) -> Option<String> {
    REGISTRY
        .iter()
        .find(|e| e.meta.code == code)
        .map(|e| module_doc(e.source))
}

/// Every registered rule with its doc, in code order.
pub fn all() -> Vec<RuleDoc> {
    REGISTRY
        .iter()
        .map(|e| RuleDoc::new(e.meta, e.build.is_some()))
        .collect()
}

/// The doc of the rule with this code or name (any case).
pub fn find(code_or_name: &str) -> Option<RuleDoc> {
    let s = code_or_name.trim();
    REGISTRY
        .iter()
        .find(|e| e.meta.code.eq_ignore_ascii_case(s) || e.meta.name.eq_ignore_ascii_case(s))
        .map(|e| RuleDoc::new(e.meta, e.build.is_some()))
}

/// The registered code or name closest to a misspelt one.
pub fn suggest(code_or_name: &str) -> Option<&'static str> {
    crate::base::suggest::closest(
        code_or_name.trim(),
        REGISTRY.iter().flat_map(|e| [e.meta.code, e.meta.name]),
    )
}

/// One row of `qalint rules`.
#[derive(Debug, Serialize)]
pub struct RuleRow {
    pub code: &'static str,
    pub name: &'static str,
    pub default_severity: Severity,
    pub fixable: Fixable,
    pub summary: &'static str,
}

/// The rows of `qalint rules`, in code order.
pub fn rows() -> Vec<RuleRow> {
    all()
        .into_iter()
        .map(|d| RuleRow {
            code: d.meta.code,
            name: d.meta.name,
            default_severity: d.meta.default_severity,
            fixable: d.fixable().unwrap_or(Fixable::No),
            summary: d.meta.summary,
        })
        .collect()
}

/// `qalint rules` as an aligned table, one rule a line.
pub fn rules_table() -> String {
    let rows = rows();
    let name_w = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<5}  {:<name_w$}  {:<8}  {:<11}  summary",
        "code", "name", "severity", "fixable"
    );
    for r in &rows {
        let _ = writeln!(
            out,
            "{:<5}  {:<name_w$}  {:<8}  {:<11}  {}",
            r.code,
            r.name,
            r.default_severity.as_str(),
            r.fixable.as_str(),
            r.summary
        );
    }
    out
}

/// `qalint rules --format json`: an array of `{code, name, default_severity, fixable, summary}`.
pub fn rules_json() -> String {
    let mut s = serde_json::to_string_pretty(&rows()).expect("rows serialize");
    s.push('\n');
    s
}

/// A doc for a terminal: bold for `**…**`, cyan for code spans and fenced blocks (fences dimmed).
pub fn style_for_terminal(md: &str) -> String {
    const BOLD: &str = "\x1b[1m";
    const CODE: &str = "\x1b[36m";
    const DIM: &str = "\x1b[2m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::new();
    let mut fenced = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            let _ = writeln!(out, "{DIM}{line}{RESET}");
        } else if fenced {
            let _ = writeln!(out, "{CODE}{line}{RESET}");
        } else {
            let mut bold = false;
            let mut rest = line;
            while !rest.is_empty() {
                let ticks = rest.len() - rest.trim_start_matches('`').len();
                if rest.starts_with("**") {
                    bold = !bold;
                    out.push_str(if bold { BOLD } else { RESET });
                    rest = &rest[2..];
                } else if let Some(len) = (ticks > 0)
                    .then(|| code_span_len(&rest[ticks..], ticks))
                    .flatten()
                {
                    // A code span: the same run of backticks closes it; one space each side of
                    // the text is padding (`` ` `` is a backtick).
                    let text = &rest[ticks..ticks + len];
                    let text = match text.strip_prefix(' ').and_then(|t| t.strip_suffix(' ')) {
                        Some(t) if !t.trim().is_empty() => t,
                        _ => text,
                    };
                    let _ = write!(out, "{CODE}{text}{RESET}{}", if bold { BOLD } else { "" });
                    rest = &rest[ticks + len + ticks..];
                } else {
                    let n = rest.chars().next().map_or(1, char::len_utf8).max(ticks);
                    out.push_str(&rest[..n]);
                    rest = &rest[n..];
                }
            }
            if bold {
                out.push_str(RESET);
            }
            out.push('\n');
        }
    }
    out
}

/// The length of a code span's text in `rest` (just after its opening run of `ticks` backticks):
/// up to the next run of exactly `ticks` backticks on the line.
fn code_span_len(rest: &str, ticks: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = rest[at..].find('`') {
        let start = at + i;
        let run = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        if run == ticks {
            return Some(start);
        }
        at = start + run;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_doc_stops_at_the_first_code_line() {
        let src = "//! `QA999 x`: y.\n//!\n//! **Why.** z\n\nuse a;\n//! not this\n";
        assert_eq!(module_doc(src), "`QA999 x`: y.\n\n**Why.** z\n");
    }

    #[test]
    fn sections_and_blocks() {
        let doc = RuleDoc {
            meta: &crate::rules::READ_ERROR,
            checked: false,
            markdown: "`QA900 read-error`: x.\n\n**Why.** Because\nof it.\n\n**Example that \
                       fires:**\n```markdown\n## Q1: a\n\n**bold**\n```\n\n**Fix.** Safe or \
                       unsafe: y.\n"
                .into(),
        };
        assert_eq!(doc.section("Why."), Some("Because\nof it."));
        let fires = doc.fires().unwrap();
        assert_eq!(fires.lang, "markdown");
        assert_eq!(fires.text, "## Q1: a\n\n**bold**\n");
        assert_eq!(doc.fixable(), Some(Fixable::SafeOrUnsafe));
        assert!(doc.missing_sections().contains(&"What it does."));
        assert!(!doc.missing_sections().contains(&"first line"));
    }

    #[test]
    fn terminal_style() {
        let styled = style_for_terminal("**Fix.** add `?`; `` ` `` and ` alone\n```md\n# x\n```\n");
        assert_eq!(
            styled,
            "\x1b[1mFix.\x1b[0m add \x1b[36m?\x1b[0m; \x1b[36m`\x1b[0m and ` alone\n\
             \x1b[2m```md\x1b[0m\n\x1b[36m# x\x1b[0m\n\x1b[2m```\x1b[0m\n"
        );
    }

    #[test]
    fn every_rule_file_documents_its_own_code() {
        for e in REGISTRY {
            let code = e.meta.code;
            assert!(
                module_doc(e.source).starts_with(&format!("`{code} ")),
                "{code}"
            );
        }
    }
}
