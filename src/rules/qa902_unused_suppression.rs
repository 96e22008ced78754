//! `QA902 unused-suppression`: A suppression comment suppresses nothing, or names what does not
//! exist.
//!
//! **What it does.** Reported by the engine after every other rule (the repository pass
//! included) has run and the suppression comments have been applied (see `src/suppress.rs` and
//! README.md, "Suppressions"). It reports, at the comment:
//!
//! - a rule named in `qalint-disable`, `qalint-disable-next-line` or `qalint-disable-file` that
//!   suppressed no finding on the lines the comment covers (one finding per rule, so a stale rule
//!   in a list is reported alone), and a directive without rules that suppressed nothing;
//! - a `qalint-enable` (or a rule in it) with no open `qalint-disable` to end;
//! - an unknown rule code or name, with the closest one, and an unknown `qalint-` keyword.
//!
//! **Why.** Suppressions outlive the problem they hid: once the gap is closed, a forgotten
//! `qalint-disable-next-line QA101` would hide the next real gap on that line. Reporting them keeps
//! suppressions from piling up, and a typo (`QA1O1`) would otherwise suppress nothing silently.
//!
//! A rule that is not enabled in the run (`--select QA1` while the comment names QA003, `ignore`,
//! severity `off`) is never reported as unused: nothing is known about its findings. A directive
//! for every rule is judged only when every rule is enabled. A finding hidden by
//! `per-file-ignores` does not use a directive. QA902 is always on, like QA900 and QA901; a
//! file can turn it off with `<!-- qalint-disable-file QA902 -->`, and `per-file-ignores` can
//! list it.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection.
//!
//! <!-- qalint-disable-next-line QA1O1 -->
//! ## Q2: What is a set?
//!
//! A collection without order.
//! <!-- qalint-enable -->
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection.
//!
//! <!-- qalint-disable-next-line QA101 -->
//! ## Q3: What is a set?
//!
//! A collection without order.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: remove the comment or the rule from it.

use std::ops::Range;

use crate::config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{REGISTRY, RuleMeta};
use crate::suppress::{Directive, Kind, Selector};

pub static META: RuleMeta = RuleMeta {
    code: "QA902",
    name: "unused-suppression",
    summary: "A suppression comment suppresses nothing, or names an unknown rule",
    default_severity: Severity::Warning,
};

/// `<!-- qalint-disabel -->`.
pub fn unknown_directive(keyword: &str, span: Range<usize>) -> Diagnostic {
    let known = Kind::ALL.map(Kind::keyword);
    let help = match config::closest(keyword, known) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "the directives are {}",
            known.map(|k| format!("`{k}`")).join(", ")
        ),
    };
    Diagnostic::new(&META, span, format!("unknown directive `{keyword}`"))
        .with_label("unknown directive")
        .with_help(help)
}

/// `<!-- qalint-disable QA1O1 -->`.
pub fn unknown_rule(kind: Kind, token: &str, span: Range<usize>) -> Diagnostic {
    let names = REGISTRY.iter().flat_map(|e| [e.meta.code, e.meta.name]);
    let help = match config::closest(token, names) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "name a rule by code (`QA101`) or name (`numbering-gap`); `qalint rules` or README.md lists them".to_string(),
    };
    Diagnostic::new(
        &META,
        span,
        format!("unknown rule `{token}` in `{}`", kind.keyword()),
    )
    .with_label("unknown rule")
    .with_help(help)
}

/// A directive, or one rule in it, that suppressed nothing.
pub fn unused(d: &Directive, sel: Option<&Selector>) -> Diagnostic {
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
        &META,
        span,
        format!("`{what}` suppresses nothing: no finding {place}"),
    )
    .with_label("unused suppression")
    .with_help(help)
}

/// A `qalint-enable` (or a rule in it) that ends no `qalint-disable`.
pub fn stray_enable(d: &Directive, sel: Option<&Selector>) -> Diagnostic {
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
    Diagnostic::new(&META, span, message)
        .with_label("nothing to enable")
        .with_help("remove the comment, or add the `qalint-disable` it was meant to end")
}
