//! Suppression comments and `per-file-ignores`: findings a repository has decided to live with.
//!
//! Directives are HTML comments (they do not render) that start with a `qalint-` keyword:
//!
//! - `<!-- qalint-disable QA101, numbering-gap -->` … `<!-- qalint-enable -->`: the rules named
//!   are off from the line of `qalint-disable` to the line of `qalint-enable` (both included), or
//!   to the end of the file. `qalint-enable` without rules ends every open `qalint-disable`;
//!   with rules it re-enables just those (a `qalint-disable` of every rule stays open for the
//!   others).
//! - `<!-- qalint-disable-next-line QA301 -->`: the line right after the comment (the line after
//!   the one the comment ends on, blank or not: a blank line in between leaves the directive
//!   unused, and QA902 says so).
//! - `<!-- qalint-disable-file QA003 -->`: the whole file, wherever the comment is.
//!
//! Rules are codes (`QA101`), names (`numbering-gap`), code prefixes (`QA1`), `ALL`, or custom
//! rules (`custom/<id>`), separated by commas or spaces; no rule at all means every rule. A ` -- `
//! ends the list, so a reason can follow: `<!-- qalint-disable-next-line QA301 -- in the video -->`.
//! A finding is suppressed when the line its primary span starts on is covered. Comments inside
//! code blocks and code spans are text, not directives; so are comments inside a larger HTML block
//! (such as a `<details>` block without blank lines), which the parser does not see as comments.
//! QA900 and QA901 (the file could not be read or fixed) cannot be suppressed.
//!
//! `QA902 unused-suppression` reports unknown keywords and rules, and directives (or single rules
//! in them) that suppressed nothing. A rule not enabled in this run (`--select`, `ignore`,
//! severity `off`) is never reported as unused: nothing can be known about it; a directive for
//! every rule is judged only when every rule is enabled. A finding hidden by `per-file-ignores`
//! does not count as suppressed by a directive, so a directive made redundant by the config is
//! reported. QA902's own findings can be suppressed like any other (`qalint-disable-file QA902`),
//! but a directive never suppresses the report about itself.
//!
//! The directives are parsed once per file from the [`Document`] (its HTML comment ranges in
//! `doc.code`), kept in the file's report, and applied after the repository pass, so findings of
//! cross-file rules are suppressed too; the fix loop filters with the same rules, so a suppressed
//! finding's fix is never applied.

use std::ops::Range;
use std::path::Path;

use crate::base::diagnostic::{Diagnostic, RuleRef};
use crate::base::suggest::closest;
use crate::config::Profile;
use crate::engine::FileReport;
use crate::model::document::Document;
use crate::model::line_index::LineIndex;
use crate::rules::{FIX_NOT_CONVERGED, READ_ERROR, REGISTRY, RuleSet, UNUSED_SUPPRESSION};

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Disable,
    Enable,
    DisableNextLine,
    DisableFile,
}

impl Kind {
    /// Every directive, by keyword.
    pub const ALL: [Kind; 4] = [
        Kind::Disable,
        Kind::Enable,
        Kind::DisableNextLine,
        Kind::DisableFile,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Disable => "qalint-disable",
            Kind::Enable => "qalint-enable",
            Kind::DisableNextLine => "qalint-disable-next-line",
            Kind::DisableFile => "qalint-disable-file",
        }
    }
}

/// One rule selector as written in a directive.
#[derive(Debug, Clone)]
pub struct Selector {
    pub text: String,
    pub span: Range<usize>,
    /// The rules it names, resolved once.
    pub rules: RuleSet,
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: Kind,
    /// The whole comment, `<!--` to `-->`.
    pub comment: Range<usize>,
    /// The `qalint-…` keyword.
    pub keyword: Range<usize>,
    /// The known rules it names; empty means every rule (unless `named_unknown`).
    pub selectors: Vec<Selector>,
    /// Whether it named rules that do not exist (then it is not "every rule").
    pub named_unknown: bool,
}

/// What an entry suppresses, and who asked for it: a rule written in a directive, or the whole
/// directive when it names no rule.
#[derive(Debug, Clone)]
struct Origin {
    directive: usize,
    /// Index into the directive's selectors; `None` for every rule.
    selector: Option<usize>,
    used: bool,
}

/// Lines `first..=last` (0-based) where the origin's rules are off, except `except`.
#[derive(Debug, Clone)]
struct Entry {
    first: usize,
    last: usize,
    origin: usize,
    /// Rules re-enabled inside a disable-everything range.
    except: RuleSet,
}

/// An open `qalint-disable`.
#[derive(Debug, Clone)]
struct Open {
    first: usize,
    origin: usize,
    except: Vec<String>,
}

/// A file's directives, ready to filter its findings.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
    entries: Vec<Entry>,
    origins: Vec<Origin>,
    /// QA902 findings known from the comments alone: unknown keywords and rules, stray enables.
    problems: Vec<Diagnostic>,
}

/// Findings about the file itself, which no comment or config can hide.
fn unsuppressible(d: &Diagnostic) -> bool {
    d.rule.is(&READ_ERROR) || d.rule.is(&FIX_NOT_CONVERGED)
}

impl Suppressions {
    /// The directives of a parsed document.
    pub fn parse(doc: &Document) -> Suppressions {
        Suppressions::from_parts(&doc.text, &doc.lines, &doc.comments)
    }

    /// The directives in `text`, whose HTML comments (as the parser found them) are `comments`.
    pub fn from_parts(text: &str, lines: &LineIndex, comments: &[Range<usize>]) -> Suppressions {
        let mut s = Suppressions::default();
        let mut open: Vec<Open> = Vec::new();
        for comment in split_comments(text, comments) {
            let Some(d) = parse_directive(text, comment, &mut s.problems) else {
                continue;
            };
            let di = s.directives.len();
            let first = lines.line_of(d.comment.start);
            let last_line = lines.line_of(d.comment.end.saturating_sub(1).max(d.comment.start));
            if d.selectors.is_empty() && d.named_unknown {
                // Only unknown rules: reported already; it suppresses nothing.
                s.directives.push(d);
                continue;
            }
            if d.kind == Kind::Enable {
                s.enable(&d, first, &mut open);
                s.directives.push(d);
                continue;
            }
            let origins: Vec<usize> = if d.selectors.is_empty() {
                vec![s.origin(di, None)]
            } else {
                (0..d.selectors.len())
                    .map(|k| s.origin(di, Some(k)))
                    .collect()
            };
            match d.kind {
                Kind::DisableFile => {
                    for o in origins {
                        s.entries.push(Entry {
                            first: 0,
                            last: usize::MAX,
                            origin: o,
                            except: RuleSet::default(),
                        });
                    }
                }
                Kind::DisableNextLine => {
                    for o in origins {
                        s.entries.push(Entry {
                            first: last_line + 1,
                            last: last_line + 1,
                            origin: o,
                            except: RuleSet::default(),
                        });
                    }
                }
                Kind::Disable | Kind::Enable => open.extend(origins.into_iter().map(|o| Open {
                    first,
                    origin: o,
                    except: Vec::new(),
                })),
            }
            s.directives.push(d);
        }
        for o in open {
            s.entries.push(Entry {
                first: o.first,
                last: usize::MAX,
                origin: o.origin,
                except: RuleSet::of_all(&o.except),
            });
        }
        s
    }

    fn origin(&mut self, directive: usize, selector: Option<usize>) -> usize {
        self.origins.push(Origin {
            directive,
            selector,
            used: false,
        });
        self.origins.len() - 1
    }

    /// An origin's selector (`None`: every rule).
    fn selector(&self, origin: usize) -> Option<&Selector> {
        let o = &self.origins[origin];
        o.selector
            .map(|k| &self.directives[o.directive].selectors[k])
    }

    /// Close (or narrow) the open ranges an enable directive on line `line` ends.
    fn enable(&mut self, d: &Directive, line: usize, open: &mut Vec<Open>) {
        let mut still = Vec::new();
        let mut matched = vec![false; d.selectors.len()];
        let any_open = !open.is_empty();
        for mut o in open.drain(..) {
            let sel = self.selector(o.origin).map(|s| s.text.clone());
            let hits: Vec<usize> = if d.selectors.is_empty() {
                Vec::new()
            } else {
                (0..d.selectors.len())
                    .filter(|&k| match &sel {
                        // A named range ends when its rule (or a family including it) is enabled.
                        Some(s) => same_or_wider(&d.selectors[k].text, s),
                        // A disable-everything range ends for the rules enabled.
                        None => !o.except.contains(&d.selectors[k].text),
                    })
                    .collect()
            };
            let close_all = d.selectors.is_empty() || (sel.is_some() && !hits.is_empty());
            for &k in &hits {
                matched[k] = true;
            }
            if close_all || !hits.is_empty() {
                self.entries.push(Entry {
                    first: o.first,
                    last: line,
                    origin: o.origin,
                    except: RuleSet::of_all(&o.except),
                });
            }
            if close_all {
                continue;
            }
            if !hits.is_empty() {
                o.first = line + 1;
                o.except
                    .extend(hits.iter().map(|&k| d.selectors[k].text.clone()));
            }
            still.push(o);
        }
        *open = still;
        let stray: Vec<Option<&Selector>> = if d.selectors.is_empty() {
            if any_open { Vec::new() } else { vec![None] }
        } else {
            d.selectors
                .iter()
                .zip(&matched)
                .filter(|(_, m)| !**m)
                .map(|(s, _)| Some(s))
                .collect()
        };
        for s in stray {
            self.problems.push(stray_enable(d, s));
        }
    }

    /// Whether a directive suppresses `d` (marking every directive that covers it as used).
    /// `skip` is an origin that must not suppress it (the directive a QA902 finding is about).
    fn suppress(&mut self, d: &Diagnostic, lines: &LineIndex, skip: Option<usize>) -> bool {
        if unsuppressible(d) {
            return false;
        }
        let line = lines.line_of(d.span.start);
        let mut hit = false;
        for e in 0..self.entries.len() {
            let entry = &self.entries[e];
            if line < entry.first || line > entry.last || Some(entry.origin) == skip {
                continue;
            }
            if entry.except.contains(&d.rule) {
                continue;
            }
            let covers = match self.selector(entry.origin) {
                Some(sel) => sel.rules.contains(&d.rule),
                None => true,
            };
            if covers {
                let o = entry.origin;
                self.origins[o].used = true;
                hit = true;
            }
        }
        hit
    }

    /// QA902 findings for origins that suppressed nothing, judged only for rules enabled in
    /// `profile`; with the origin each is about.
    fn unused(&self, profile: &Profile) -> Vec<(Diagnostic, Option<usize>)> {
        let active: Vec<RuleRef> = profile.rules.iter().map(|r| r.rule.meta()).collect();
        let everything = REGISTRY
            .iter()
            .filter(|e| e.build.is_some())
            .all(|e| active.iter().any(|a| a.is(e.meta)));
        let mut out = Vec::new();
        for (i, o) in self.origins.iter().enumerate() {
            if o.used {
                continue;
            }
            let judged = match self.selector(i) {
                Some(sel) => active.iter().any(|m| sel.rules.contains(m)),
                None => everything,
            };
            if !judged {
                continue;
            }
            let d = &self.directives[o.directive];
            let sel = o.selector.map(|k| &d.selectors[k]);
            out.push((unused_finding(d, sel), Some(i)));
        }
        out
    }
}

impl Suppressions {
    /// QA902 findings for `custom` and `custom/<id>` in directives that name no custom rule
    /// the config defines (`ids`): the comments alone cannot know them.
    fn undefined_custom(&self, ids: &[String]) -> Vec<Diagnostic> {
        self.directives
            .iter()
            .flat_map(|d| d.selectors.iter().map(move |s| (d.kind, s)))
            .filter_map(|(kind, s)| {
                let e = crate::config::check_custom_selector(&s.text, ids).err()?;
                Some(unknown_rule_with(kind, &s.text, s.span.clone(), e.help?))
            })
            .collect()
    }
}

/// Whether enabling `enabled` ends a range disabling `disabled` (the same rule, or a family or
/// `ALL` that includes every rule it names).
fn same_or_wider(enabled: &str, disabled: &str) -> bool {
    if enabled.eq_ignore_ascii_case(disabled) {
        return true;
    }
    if disabled.starts_with("custom") {
        return enabled.eq_ignore_ascii_case("ALL")
            || (enabled == "custom" && disabled.starts_with("custom/"));
    }
    let named = crate::rules::matching(disabled);
    let enabled = RuleSet::of(enabled);
    !named.is_empty() && named.iter().all(|m| enabled.has(m))
}

/// The HTML comments the parser found, in order: the non-prose ranges that start with `<!--` and
/// lie inside no other one (a code block holding a comment is one range starting with a fence).
/// Each comment on its own: an HTML block may hold several on its line.
fn split_comments(text: &str, comments: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for r in comments {
        let Some(s) = text.get(r.clone()) else {
            continue;
        };
        let mut at = r.start + (s.len() - s.trim_start().len());
        while text[at..r.end].starts_with("<!--") {
            let end = text[at + 4..r.end]
                .find("-->")
                .map_or(r.end, |k| at + 4 + k + 3);
            out.push(at..end);
            let rest = &text[end..r.end];
            at = end + (rest.len() - rest.trim_start().len());
        }
    }
    out
}

/// A comment as a directive, when it starts with `qalint-`; unknown keywords and rules are
/// reported into `problems`.
fn parse_directive(
    text: &str,
    comment: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Directive> {
    let body_start = comment.start + 4;
    let body_end = if text[body_start.min(comment.end)..comment.end].ends_with("-->")
        && comment.end >= body_start + 3
    {
        comment.end - 3
    } else {
        comment.end
    };
    let body = text.get(body_start..body_end)?;
    let lead = body.len() - body.trim_start().len();
    let rest = &body[lead..];
    if !rest.starts_with("qalint-") {
        return None;
    }
    let kw_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let kw_text = &rest[..kw_len];
    let keyword = body_start + lead..body_start + lead + kw_len;
    let Some(kind) = Kind::ALL.into_iter().find(|k| k.keyword() == kw_text) else {
        problems.push(unknown_directive(kw_text, keyword));
        return None;
    };
    let mut selectors = Vec::new();
    let mut named_unknown = false;
    let list_start = keyword.end;
    let list = &text[list_start..body_end];
    let mut pos = 0;
    for token in list.split(|c: char| c == ',' || c.is_whitespace()) {
        let span = list_start + pos..list_start + pos + token.len();
        pos += token.len() + 1;
        if token.is_empty() {
            continue;
        }
        if token == "--" {
            break;
        }
        if !crate::rules::is_known(token) {
            named_unknown = true;
            problems.push(unknown_rule(kind, token, span));
            continue;
        }
        selectors.push(Selector {
            text: token.to_string(),
            span,
            rules: RuleSet::of(token),
        });
    }
    Some(Directive {
        kind,
        comment,
        keyword,
        selectors,
        named_unknown,
    })
}

/// Whether `per-file-ignores` hides `d` in this file.
fn ignored(rules: &RuleSet, d: &Diagnostic) -> bool {
    !unsuppressible(d) && rules.contains(&d.rule)
}

/// Drop the findings suppressed in `doc` (by its directives or by `per-file-ignores`): what the
/// fix loop and the numbering check use, so a suppressed finding's fix is never applied.
pub fn filter(doc: &Document, profile: &Profile, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diags.is_empty() {
        return diags;
    }
    let ignores = profile.ignored_rules(Path::new(&doc.path));
    let mut s = Suppressions::parse(doc);
    diags.retain(|d| !(ignored(&ignores, d) || s.suppress(d, &doc.lines, None)));
    diags
}

/// Apply a file's directives and `per-file-ignores` to its findings (per-file and repository
/// ones), and add the QA902 findings. Runs once per file, after the repository pass.
pub fn apply(report: &mut FileReport, profile: &Profile) {
    let ignores = profile.ignored_rules(Path::new(&report.path));
    let mut s = std::mem::take(&mut report.suppressions);
    let lines = &report.lines;
    report
        .diagnostics
        .retain(|d| !(ignored(&ignores, d) || s.suppress(d, lines, None)));
    let mut extra: Vec<(Diagnostic, Option<usize>)> =
        s.problems.iter().cloned().map(|d| (d, None)).collect();
    extra.extend(
        s.undefined_custom(&profile.custom_ids)
            .into_iter()
            .map(|d| (d, None)),
    );
    extra.extend(s.unused(profile));
    for (d, about) in extra {
        if !(ignored(&ignores, &d) || s.suppress(&d, lines, about)) {
            report.diagnostics.push(d);
        }
    }
    report.suppressions = s;
}

// QA902 findings.

/// `<!-- qalint-disabel -->`.
fn unknown_directive(keyword: &str, span: Range<usize>) -> Diagnostic {
    let known = Kind::ALL.map(Kind::keyword);
    let help = match closest(keyword, known) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "the directives are {}",
            known.map(|k| format!("`{k}`")).join(", ")
        ),
    };
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        span,
        format!("unknown directive `{keyword}`"),
    )
    .with_label("unknown directive")
    .with_help(help)
}

/// `<!-- qalint-disable QA1O1 -->`.
fn unknown_rule(kind: Kind, token: &str, span: Range<usize>) -> Diagnostic {
    let names = REGISTRY.iter().flat_map(|e| [e.meta.code, e.meta.name]);
    let help = match closest(token, names) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "name a rule by code (`QA101`) or name (`numbering-gap`); `qalint rules` or README.md lists them".to_string(),
    };
    unknown_rule_with(kind, token, span, help)
}

/// An unknown rule in a directive, with its help.
fn unknown_rule_with(kind: Kind, token: &str, span: Range<usize>, help: String) -> Diagnostic {
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        span,
        format!("unknown rule `{token}` in `{}`", kind.keyword()),
    )
    .with_label("unknown rule")
    .with_help(help)
}

/// A directive, or one rule in it, that suppressed nothing.
fn unused_finding(d: &Directive, sel: Option<&Selector>) -> Diagnostic {
    let (span, what) = match sel {
        Some(s) => (s.span.clone(), format!("{} {}", d.kind.keyword(), s.text)),
        None => (d.keyword.clone(), d.kind.keyword().to_string()),
    };
    let place = match d.kind {
        Kind::DisableNextLine => "on the next line",
        Kind::DisableFile => "in this file",
        _ => "in the lines it covers",
    };
    let help = match sel {
        Some(s) if d.selectors.len() > 1 => format!("remove `{}` from the comment", s.text),
        _ => "remove the comment".to_string(),
    };
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        span,
        format!("`{what}` suppresses nothing: no finding {place}"),
    )
    .with_label("unused suppression")
    .with_help(help)
}

/// A `qalint-enable` (or a rule in it) that ends no `qalint-disable`.
fn stray_enable(d: &Directive, sel: Option<&Selector>) -> Diagnostic {
    let (span, message) = match sel {
        Some(s) => (
            s.span.clone(),
            format!(
                "`qalint-enable {}` ends nothing: `{}` is not disabled here",
                s.text, s.text
            ),
        ),
        None => (
            d.keyword.clone(),
            "`qalint-enable` ends nothing: no `qalint-disable` is open here".to_string(),
        ),
    };
    Diagnostic::new(&UNUSED_SUPPRESSION, span, message)
        .with_label("nothing to enable")
        .with_help("remove the comment, or add the `qalint-disable` it was meant to end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Suppressions {
        let profile =
            crate::config::resolve(None, &crate::config::Overrides::default(), Path::new("."))
                .expect("defaults");
        let doc = Document::parse("t.md".into(), std::sync::Arc::from(text), &profile.parse);
        Suppressions::parse(&doc)
    }

    #[test]
    fn comments_in_code_are_not_directives() {
        let s = parse(
            "```\n<!-- qalint-disable -->\n```\n\n`<!-- qalint-disable-file -->`\n\n    <!-- qalint-disable QA101 -->\n",
        );
        assert!(s.directives.is_empty(), "{:?}", s.directives);
        // Indented inside a list item, it is a comment.
        let s = parse("- item\n\n    <!-- qalint-disable QA101 -->\n");
        assert_eq!(s.directives.len(), 1);
    }

    #[test]
    fn directives_parse_with_selectors_and_reason() {
        let s = parse(
            "<!-- qalint-disable QA101,numbering-gap  QA3 -- a reason, QA999 -->\n\ntext <!-- qalint-enable --> <!-- qalint-disable-file -->\n",
        );
        assert_eq!(s.directives.len(), 3);
        let names: Vec<&str> = s.directives[0]
            .selectors
            .iter()
            .map(|x| x.text.as_str())
            .collect();
        assert_eq!(names, ["QA101", "numbering-gap", "QA3"]);
        assert_eq!(s.directives[1].kind, Kind::Enable);
        assert_eq!(s.directives[2].kind, Kind::DisableFile);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn unknown_keyword_and_rule_are_problems() {
        let s = parse("<!-- qalint-disabel QA101 -->\n\n<!-- qalint-disable QA1O1 -->\n");
        assert_eq!(s.problems.len(), 2);
        assert!(s.problems[0].message.contains("qalint-disabel"));
        assert!(s.problems[1].message.contains("QA1O1"));
    }
}
