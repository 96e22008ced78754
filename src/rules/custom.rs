//! Custom rules written in YAML (`rules: {custom: [...]}` or files in `custom-rules: DIR`): a
//! pattern or a phrase list, matched in one part of the document, reported as `custom/<id>`.

use std::ops::Range;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::base::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::base::diagnostic::{OwnedMeta, RuleRef, SeverityLevel};
use crate::model::document::Document;
use crate::rules::OptionError;
use crate::rules::Rule;

/// A custom rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCustomRule {
    pub id: String,
    pub message: String,
    pub severity: Option<SeverityLevel>,
    pub pattern: Option<String>,
    pub phrases: Option<Vec<String>>,
    pub scope: Option<Scope>,
    pub replacement: Option<String>,
    pub safe: Option<bool>,
    pub ignore_case: Option<bool>,
    pub help: Option<String>,
}

/// Where a custom rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Question titles.
    Title,
    /// Answers (everything between a question and the next).
    Answer,
    /// Every heading's line.
    Heading,
    /// All prose: the whole file except code, comments and front matter.
    Text,
    /// The TeX of every formula.
    Math,
    /// The text of every link.
    LinkText,
}

/// How a custom rule matches.
enum Matcher {
    Pattern(Regex),
    Phrases(AhoCorasick),
}

/// A compiled custom rule.
pub struct CustomRule {
    meta: Arc<OwnedMeta>,
    matcher: Matcher,
    scope: Scope,
    replacement: Option<String>,
    applicability: Applicability,
    help: Option<String>,
}

impl CustomRule {
    /// Compile a rule (once per run); `origin` names where it was written, for errors.
    pub fn compile(raw: &RawCustomRule) -> Result<CustomRule, OptionError> {
        let err = |m: String, help: &str| OptionError {
            rule: format!("custom/{}", raw.id),
            message: m,
            help: Some(help.to_string()),
            token: Some(raw.id.clone()),
        };
        let id_ok = !raw.id.is_empty()
            && raw
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(err(
                format!("custom rule id `{}` is not kebab-case", raw.id),
                "use lowercase letters, digits and `-`, e.g. `no-click-here`",
            ));
        }
        let ignore_case = raw.ignore_case.unwrap_or(false);
        let matcher = match (&raw.pattern, &raw.phrases) {
            (Some(p), None) => {
                let src = if ignore_case {
                    format!("(?i){p}")
                } else {
                    p.clone()
                };
                let re = Regex::new(&src).map_err(|e| {
                    err(
                        format!(
                            "invalid regular expression in custom rule `{}`: {}",
                            raw.id,
                            e.to_string().lines().last().unwrap_or("").trim()
                        ),
                        "patterns use Rust `regex` syntax",
                    )
                })?;
                if let Some(r) = &raw.replacement
                    && let Some(bad) = missing_group(r, &re)
                {
                    return Err(err(
                        format!(
                            "the `replacement` of custom rule `{}` refers to group `{bad}`, \
                             which its pattern does not have",
                            raw.id
                        ),
                        &missing_group_help(bad, &re),
                    ));
                }
                Matcher::Pattern(re)
            }
            (None, Some(list)) if list.iter().any(String::is_empty) => {
                return Err(err(
                    format!("custom rule `{}` has an empty phrase", raw.id),
                    "remove the empty phrase: it would match everywhere",
                ));
            }
            (None, Some(list)) if !list.is_empty() => Matcher::Phrases(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(ignore_case)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(list)
                    .map_err(|e| {
                        err(
                            format!("custom rule `{}`: {e}", raw.id),
                            "check the phrases",
                        )
                    })?,
            ),
            _ => {
                return Err(err(
                    format!(
                        "custom rule `{}` needs exactly one of `pattern` or `phrases`",
                        raw.id
                    ),
                    "give a `pattern` (regex) or a non-empty `phrases` list",
                ));
            }
        };
        let severity = match raw.severity.unwrap_or(SeverityLevel::Warning) {
            SeverityLevel::Error => Severity::Error,
            SeverityLevel::Warning | SeverityLevel::Off => Severity::Warning,
            SeverityLevel::Info => Severity::Info,
        };
        let meta = Arc::new(OwnedMeta {
            code: format!("custom/{}", raw.id),
            name: raw.id.clone(),
            summary: raw.message.clone(),
            default_severity: severity,
        });
        Ok(CustomRule {
            meta,
            matcher,
            scope: raw.scope.unwrap_or(Scope::Text),
            replacement: raw.replacement.clone(),
            applicability: if raw.safe.unwrap_or(false) {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            help: raw.help.clone(),
        })
    }

    /// Whether the rule is turned off in its own definition.
    pub fn off(raw: &RawCustomRule) -> bool {
        raw.severity == Some(SeverityLevel::Off)
    }

    /// The byte ranges this rule searches in `doc`.
    fn regions(&self, doc: &Document) -> Vec<Range<usize>> {
        match self.scope {
            Scope::Title => doc.questions.iter().map(|q| q.title_span.clone()).collect(),
            Scope::Answer => doc.questions.iter().map(|q| q.answer.clone()).collect(),
            Scope::Heading => doc
                .headings
                .iter()
                .map(|h| doc.first_line(&h.range))
                .collect(),
            Scope::Text => std::iter::once(0..doc.text.len()).collect(),
            Scope::Math => doc
                .formulas
                .iter()
                .filter(|f| f.verbatim)
                .map(|f| f.body_start..f.body_start + f.tex.len())
                .collect(),
            Scope::LinkText => doc
                .links
                .iter()
                .filter_map(|l| l.text_span.clone())
                .collect(),
        }
    }

    fn matches(&self, hay: &str) -> Vec<(Range<usize>, String)> {
        match &self.matcher {
            Matcher::Pattern(re) => re
                .captures_iter(hay)
                .filter_map(|c| {
                    let m = c.get(0)?;
                    let replaced = self.replacement.as_ref().map(|r| {
                        let mut dst = String::new();
                        c.expand(r, &mut dst);
                        dst
                    });
                    Some((m.range(), replaced.unwrap_or_default()))
                })
                .filter(|(r, _)| !r.is_empty())
                .collect(),
            Matcher::Phrases(ac) => ac
                .find_iter(hay)
                .map(|m| (m.range(), self.replacement.clone().unwrap_or_default()))
                .collect(),
        }
    }
}

/// The first group a replacement refers to (`$1`, `$name`, `${name}`) that `re` does not have:
/// the `regex` crate expands it to nothing, so the fix would delete text. A name runs as long as
/// letters, digits and `_` do, so `$1s` is the group named `1s`; `$$` is a literal `$`.
fn missing_group<'a>(replacement: &'a str, re: &Regex) -> Option<&'a str> {
    let mut rest = replacement;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            rest = after;
            continue;
        }
        let (name, after) = match rest.strip_prefix('{') {
            Some(inner) => match inner.find('}') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => continue,
            },
            None => {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        rest = after;
        let known = match name.parse::<usize>() {
            Ok(i) => i < re.captures_len(),
            Err(_) => re.capture_names().any(|n| n == Some(name)),
        };
        if !name.is_empty() && !known {
            return Some(name);
        }
    }
    None
}

/// How to write what a [`missing_group`] reference likely meant.
fn missing_group_help(bad: &str, re: &Regex) -> String {
    let digits = bad.len() - bad.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits < bad.len() {
        let (n, tail) = bad.split_at(digits);
        return format!(
            "`${bad}` reads as the group named `{bad}`: write `${{{n}}}{tail}` for group {n} \
             followed by `{tail}`"
        );
    }
    let names: Vec<String> = (0..re.captures_len())
        .map(|i| format!("`${i}`"))
        .chain(re.capture_names().flatten().map(|n| format!("`${n}`")))
        .collect();
    format!(
        "the pattern's groups are {}; write `$$` for a literal `$`",
        names.join(", ")
    )
}

impl Rule for CustomRule {
    fn meta(&self) -> RuleRef {
        RuleRef::Custom(self.meta.clone())
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut seen = std::collections::HashSet::new();
        for region in self.regions(doc) {
            let Some(hay) = doc.text.get(region.clone()) else {
                continue;
            };
            for (r, replacement) in self.matches(hay) {
                let span = region.start + r.start..region.start + r.end;
                if (self.scope != Scope::Math && doc.in_code(span.start))
                    || !seen.insert(span.start)
                {
                    continue;
                }
                let found = crate::base::diagnostic::excerpt(doc.slice(span.clone()), 40);
                let mut d = Diagnostic::new(self.meta(), span.clone(), self.meta.summary.clone())
                    .with_label(format!("`{found}`"));
                if let Some(h) = &self.help {
                    d = d.with_help(h.clone());
                }
                if self.replacement.is_some() {
                    d = d.with_fix(Fix::new(
                        format!(
                            "Replace with `{}`",
                            crate::base::diagnostic::excerpt(&replacement, 40)
                        ),
                        self.applicability,
                        vec![Edit::replace(span, replacement)],
                    ));
                }
                out.push(d);
            }
        }
    }
}
