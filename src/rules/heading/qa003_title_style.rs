//! `QA003 title-style`: a question title that is empty, has stray whitespace, asks a question
//! without `?`, or ends with `:`.
//!
//! **What it does.** Checks each question's title: an empty title; trailing or doubled
//! whitespace; a title that opens with an interrogative word (`What`, `How`, `Is`, ...) but has
//! no `?`; a trailing `:`, unless the title introduces a block right below it: a list of
//! options, code, a table, a quote, a formula or an image (in Markdown or HTML), or a line that
//! is one code span (`Which of these is prime:` above its options is a house style). Under a
//! title that does not ask, one paragraph may come first (`True or False:`, the statement, then
//! the options). Imperative titles ("Explain ...", "Describe ...") are fine, and so is a
//! noun phrase such as "How to ..." (see `exempt-openings`). Trailing emoji shortcodes
//! (`Why use flags? :fire:`) are not the title's end: GitHub shows an emoji there, and a `?`
//! goes before them. A `<summary>` whose question goes on
//! after its first paragraph (a list or code follows) is only checked for whitespace.
//!
//! **Why.** Consistent titles read well in the TOC, make duplicates easier to spot and keep
//! GitHub anchors stable.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list
//!
//! ## Q2: Sets:
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: Explain sets
//!
//! ## Q3: How to sort a list
//! ```
//!
//! **Options.** `interrogatives` (words that open a question) and `exempt-openings` (default
//! `["how to "]`), under `rules: {options: {title-style: ...}}`; defaults in `rules/QA003.yml`.
//!
//! **Fix.** Safe or unsafe. Removing trailing whitespace and collapsing doubled spaces is safe
//! (a heading's anchor loses a `-`: `check --fix` points the links to it, in this file and in
//! the other files of the run, at the new anchor);
//! adding the missing `?`, or replacing/removing a trailing `:`, is unsafe (it rewords the
//! title). A `:` with a block right below the title, or below the one paragraph after it, is
//! never replaced nor removed (it may introduce that block, as in `What does this print:`, a
//! sentence, then the code): that finding has no fix.

use serde::Deserialize;

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::{Document, Question};
use crate::model::settings::QuestionKind;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA003",
    name: "title-style",
    family: Family::Heading,
    summary: "A question title is empty, has stray whitespace, lacks `?` or ends with `:`",
    default_severity: Severity::Warning,
};

const DEFAULTS_YAML: &str = include_str!("../../../rules/QA003.yml");

/// Options as written in config.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTitleStyleOptions {
    pub interrogatives: Option<Vec<String>>,
    pub exempt_openings: Option<Vec<String>>,
}

/// Resolved options.
#[derive(Debug, Clone)]
pub struct TitleStyleOptions {
    pub interrogatives: Vec<String>,
    pub exempt_openings: Vec<String>,
}

impl TitleStyleOptions {
    pub fn resolve(raw: Option<RawTitleStyleOptions>) -> Self {
        let defaults: RawTitleStyleOptions =
            serde_yaml::from_str(DEFAULTS_YAML).expect("embedded rules/QA003.yml is valid");
        let raw = raw.unwrap_or_default();
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        TitleStyleOptions {
            interrogatives: lower(
                raw.interrogatives
                    .or(defaults.interrogatives)
                    .unwrap_or_default(),
            ),
            exempt_openings: lower(
                raw.exempt_openings
                    .or(defaults.exempt_openings)
                    .unwrap_or_default(),
            ),
        }
    }

    /// Whether a title opens like a question (an interrogative first, not an exempt opening).
    pub fn asks(&self, title: &str) -> bool {
        let t = title
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if self
            .exempt_openings
            .iter()
            .any(|o| t.starts_with(o.as_str()))
        {
            return false;
        }
        let first: String = t
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
            .collect();
        let first = first.split(['\'', '’']).next().unwrap_or("");
        self.interrogatives.iter().any(|w| w == first)
    }
}

struct TitleStyle {
    opts: TitleStyleOptions,
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(TitleStyle {
        opts: TitleStyleOptions::resolve(opts.get(META.name)?),
    }))
}

impl Rule for TitleStyle {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for q in &doc.questions {
            self.check_question(doc, q, out);
        }
    }
}

impl TitleStyle {
    fn check_question(&self, doc: &Document, q: &Question, out: &mut Vec<Diagnostic>) {
        if q.title.trim().is_empty() {
            out.push(
                Diagnostic::new(&META, q.span.clone(), "question has an empty title")
                    .with_label("no title")
                    .with_help("write the question after the number"),
            );
            return;
        }
        if let Some(ws) = trailing_whitespace(doc, q) {
            out.push(
                Diagnostic::new(&META, ws.clone(), "question title has trailing whitespace")
                    .with_label("trailing whitespace")
                    .with_help("remove the whitespace after the title")
                    .with_fix(Fix::safe(
                        "Remove the trailing whitespace",
                        vec![Edit::replace(ws, "")],
                    )),
            );
        }
        if let Some(run) = doubled_whitespace(doc, q) {
            out.push(
                Diagnostic::new(&META, run.clone(), "question title has doubled whitespace")
                    .with_label("more than one space")
                    .with_help("use a single space between words")
                    .with_fix(Fix::safe(
                        "Use a single space",
                        vec![Edit::replace(run, " ")],
                    )),
            );
        }
        // A trailing emoji shortcode (`:fire:`) is not the title's end: `?` goes before it.
        let title = without_shortcodes(q.title.trim());
        let core = title.trim_end_matches(|c: char| {
            matches!(c, ')' | ']' | '}' | '"' | '\'' | '`' | '”' | '’' | '»') || c.is_whitespace()
        });
        let end = end_of_title(doc, q);
        if q.continued || q.last.is_some() {
            // The question goes on after the title (a list or code in the summary), or the
            // heading names a group of questions (`## Q16-22: Advanced topics`).
            return;
        }
        if core.ends_with(':') && introduces_block(doc, q, !self.asks(title)) {
            // The house style: the `:` introduces the options or code below.
        } else if core.ends_with(':') {
            let asks = self.asks(title);
            let msg = if asks {
                "question title ends with `:` instead of `?`"
            } else {
                "question title ends with `:`"
            };
            let help = if asks {
                "replace the `:` with `?`; put code or options that follow in the answer"
            } else {
                "remove the trailing `:`"
            };
            let mut d = Diagnostic::new(&META, end.clone(), msg)
                .with_label("trailing `:`")
                .with_help(help);
            // A `:` that introduces something below (after a paragraph, too) stays: turning it
            // into `?` or dropping it would cut the question from what it introduces.
            if doc.slice(end.clone()) == ":" && !introduces_block(doc, q, true) {
                d = d.with_fix(if asks {
                    Fix::unsafe_("Replace `:` with `?`", vec![Edit::replace(end, "?")])
                } else {
                    Fix::unsafe_("Remove the trailing `:`", vec![Edit::replace(end, "")])
                });
            }
            out.push(d);
        } else if self.asks(title) && !title.contains(['?', '？', '؟']) && !has_blank(title) {
            out.push(
                Diagnostic::new(
                    &META,
                    q.title_span.clone(),
                    format!(
                        "question title `{}` does not end with `?`",
                        excerpt(title, 60)
                    ),
                )
                .with_label("asks a question")
                .with_help(
                    "end the title with `?`, or phrase it as an instruction (\"Explain ...\")",
                )
                .with_fix(Fix::unsafe_(
                    "Add `?` at the end of the title",
                    vec![Edit::replace(end.end..end.end, "?")],
                )),
            );
        }
    }

    /// Whether the title opens with an interrogative word (and not an exempt opening).
    fn asks(&self, title: &str) -> bool {
        self.opts.asks(title)
    }
}

/// A fill-in-the-blank title (`The keyword ___ declares ...`) is not expected to end with `?`.
fn has_blank(title: &str) -> bool {
    let chars: Vec<char> = title.chars().collect();
    let lone_underscore = chars.iter().enumerate().any(|(i, &c)| {
        c == '_'
            && !(i > 0 && chars[i - 1].is_alphanumeric())
            && !chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
    });
    lone_underscore || title.contains("...") || title.contains('…')
}

/// `title` without its trailing whitespace and the emoji shortcodes that end it (`Docker
/// basics :whale:` → `Docker basics`), each set apart by a space: GitHub shows an emoji, not
/// punctuation.
fn without_shortcodes(title: &str) -> &str {
    let mut t = title.trim_end();
    while let Some(body) = t.strip_suffix(':')
        && let Some(colon) = body.rfind(':')
        && !body[colon + 1..].is_empty()
        && body[colon + 1..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_+-".contains(&b))
        && (colon == 0 || body[..colon].ends_with(char::is_whitespace))
    {
        t = body[..colon].trim_end();
    }
    t
}

/// The last character of the title, to label.
fn end_of_title(doc: &Document, q: &Question) -> std::ops::Range<usize> {
    let raw = without_shortcodes(doc.slice(q.title_span.clone()));
    let end = q.title_span.start + raw.len();
    let last = raw.chars().last().map_or(0, char::len_utf8);
    end - last..end
}

/// Whether the title's line is followed (after blank lines, and one paragraph when
/// `paragraph_first`) by a block it may introduce (see `block_start`). `Which of these is
/// prime:` above a list is the house style of many quizzes, not a stray `:`.
fn introduces_block(doc: &Document, q: &Question, paragraph_first: bool) -> bool {
    let line = doc.lines.line_of(q.title_span.end);
    let text: &str = &doc.text;
    // Under a title that does not ask, one paragraph may come first: the question goes on in
    // it (`True or False:` above the statement, then the options). Under one that asks, a
    // paragraph is the answer, and the `:` stood for a `?`.
    let mut paragraphs = 0;
    let mut in_paragraph = false;
    for next in line + 1..doc.lines.line_count() {
        let l = doc.slice(doc.lines.line_range(text, next));
        let t = l.trim_start();
        if t.is_empty() {
            in_paragraph = false;
            continue;
        }
        // The next heading ends the search.
        let at = doc.lines.line_range(text, next).start;
        let h = doc.headings.partition_point(|h| h.range.end <= at);
        if doc.headings.get(h).is_some_and(|h| h.range.start <= at) {
            return false;
        }
        if block_start(t, l.len() - t.len()) || table_header(doc, next) {
            return true;
        }
        if !in_paragraph {
            paragraphs += 1;
            in_paragraph = true;
            if paragraphs > usize::from(paragraph_first) {
                return false;
            }
        }
    }
    false
}

/// Whether a line opens a block a `:` can introduce: a list, code (a block, or a line that is
/// one code span), a table, a quote, a formula or an image, in Markdown or HTML. A table
/// without outer pipes is found by `table_header`.
fn block_start(t: &str, indent: usize) -> bool {
    let ordered = t.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty()
            && n.len() <= 9
            && n.bytes().all(|b| b.is_ascii_digit())
            && (rest.is_empty() || rest.starts_with([' ', '\t']))
    });
    indent >= 4
        || ordered
        || t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t'])
        || t.starts_with("```")
        || t.starts_with("~~~")
        || t.starts_with('|')
        || t.starts_with('>')
        || t.starts_with("$$")
        || t.starts_with("![")
        || html_block(t)
        || is_code_span_line(t)
}

/// A line opening an HTML list, code, table, quote or image (`<ol>`, `<pre>`, `<img src=x>`).
fn html_block(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    ["ul", "ol", "pre", "table", "blockquote", "img"]
        .iter()
        .any(|tag| {
            rest.get(..tag.len())
                .is_some_and(|name| name.eq_ignore_ascii_case(tag))
                && rest[tag.len()..].starts_with(['>', ' ', '\t', '/'])
        })
}

/// Whether line `n` is the header of a table written without outer pipes (`a | b` above
/// `--- | ---`).
fn table_header(doc: &Document, n: usize) -> bool {
    let text: &str = &doc.text;
    let line = |i| doc.slice(doc.lines.line_range(text, i));
    let delimiter = |l: &str| {
        let l = l.trim();
        l.contains('|')
            && l.contains('-')
            && l.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
    };
    n + 1 < doc.lines.line_count() && line(n).contains('|') && delimiter(line(n + 1))
}

/// A line that is one code span (`` `title=models.CharField(...)` ``): code set inline.
fn is_code_span_line(t: &str) -> bool {
    let t = t.trim_end();
    t.len() > 2 && t.starts_with('`') && t.ends_with('`') && !t[1..t.len() - 1].contains('`')
}

/// Whitespace between the title and the end of its line or `</summary>`.
fn trailing_whitespace(doc: &Document, q: &Question) -> Option<std::ops::Range<usize>> {
    let cfg = doc.convention_of(q);
    let after_start = q.title_span.end;
    let limit = match cfg.kind {
        QuestionKind::Heading | QuestionKind::ListHeading => {
            let h = &doc.headings[q.heading?];
            if h.setext {
                doc.first_line(&h.range).end
            } else {
                let line = doc.first_line(&h.range);
                // A closing `#` sequence makes the space before it syntax.
                let body = doc.slice(line.clone()).trim_end();
                let before_hashes = body.trim_end_matches('#');
                if before_hashes.len() < body.len()
                    && (before_hashes.ends_with([' ', '\t']) || before_hashes.is_empty())
                {
                    return None;
                }
                line.end
            }
        }
        QuestionKind::Details => {
            let rest = doc.slice(after_start..q.span.end);
            after_start + rest.find('<')?
        }
        QuestionKind::Bold => return None,
    };
    if limit <= after_start {
        return None;
    }
    let tail = doc.slice(after_start..limit);
    (!tail.is_empty() && tail.chars().all(|c| c == ' ' || c == '\t')).then_some(after_start..limit)
}

/// The first run of two or more spaces inside the title, outside code spans.
fn doubled_whitespace(doc: &Document, q: &Question) -> Option<std::ops::Range<usize>> {
    let raw = doc.slice(q.title_span.clone());
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let after_newline = i > 0 && bytes[i - 1] == b'\n';
        if matches!(bytes[i], b' ' | b'\t')
            && matches!(bytes[i + 1], b' ' | b'\t')
            && !after_newline
        {
            let start = q.title_span.start + i;
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
            if j < bytes.len() && !doc.in_code(start) {
                return Some(start..q.title_span.start + j);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}
