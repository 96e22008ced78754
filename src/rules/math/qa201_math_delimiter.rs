//! `QA201 math-delimiter`: a `$$` or `$` that opens a formula and never closes.
//!
//! **What it does.** Reports a `$$` left without a closing `$$` before the end of its paragraph or
//! block, and an inline `$` that opens a formula (followed by TeX such as `\frac`, `^`, `_` or `{`)
//! but never closes on its line, or closes with a space before the `$` (which GitHub does not
//! accept). Dollars GitHub does not read as math stay silent: an escaped `\$`, currency
//! (`$5 and $10`, `US$20`), `$$$` used as a word, a `$$` with no TeX after it (the shell's PID),
//! program variables written as prose (`${name}`, `$initial)`, `$BUILD_URL`), and anything in
//! code or HTML comments.
//!
//! **Why.** An unclosed delimiter shows the reader raw TeX, or swallows the text after it into
//! one broken formula.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! It is $\frac{1}{n} \sum_i x_i for a sample of size n.
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! It is $\frac{1}{n} \sum_i x_i$; a ticket costs $5 and a meal $10.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: add the missing delimiter where the formula ends.

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA201",
    name: "math-delimiter",
    family: Family::Math,
    summary: "A `$$` or `$` opens a formula that never closes",
    default_severity: Severity::Error,
};

struct MathDelimiter;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(MathDelimiter))
}

impl Rule for MathDelimiter {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = &*doc.text;
        for (start, len) in crate::model::scan::math::dollar_runs(text, &doc.loose_dollars) {
            if len >= 3 {
                continue;
            }
            let line_end = text[start..]
                .find(['\n', '\r'])
                .map_or(text.len(), |e| start + e);
            let after = &text[start + len..line_end];
            if len == 2 {
                // `$$` as a word (the shell's PID) is prose; a real formula follows with TeX.
                let para_end = paragraph_end(text, start + 2);
                if !looks_like_tex(&text[start + 2..para_end]) {
                    continue;
                }
                out.push(
                    Diagnostic::new(&META, start..start + 2, "`$$` opens display math that is never closed")
                        .with_label("opened here")
                        .with_help("close the formula with `$$` in the same paragraph, or write `\\$\\$` for literal dollars"),
                );
                continue;
            }
            // An inline `$`: currency and prose dollars are not formulas.
            let before = text[..start].chars().next_back();
            let next = after.chars().next();
            if before.is_some_and(char::is_alphanumeric)
                || next.is_none_or(|c| c.is_whitespace() || c.is_ascii_digit())
            {
                continue;
            }
            let body = after.split('$').next().unwrap_or("");
            if !looks_like_tex(body) || is_program_variable(after) {
                continue;
            }
            let closes_with_space = after.contains('$');
            let (msg, help) = if closes_with_space {
                (
                    "inline `$` formula is not closed: the closing `$` follows a space",
                    "remove the space before the closing `$` (GitHub needs `$x$`, not `$x $`)",
                )
            } else {
                (
                    "inline `$` opens a formula that is not closed on its line",
                    "close the formula with `$` on the same line, or write `\\$` for a literal dollar",
                )
            };
            out.push(
                Diagnostic::new(&META, start..start + 1, msg)
                    .with_label("opened here")
                    .with_help(help),
            );
        }
    }
}

/// End of the paragraph that contains `from` (a blank line or the end of the text).
fn paragraph_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if pos > 0 && line.trim().is_empty() {
            return from + pos;
        }
        pos += line.len();
    }
    text.len()
}

/// `${name}` (shell, templates) or `$name` used as a variable in code written as prose
/// (`$initial){`, `$BUILD_URL`): an identifier of two or more characters not followed by `^`,
/// `_` or `{` as TeX would be.
fn is_program_variable(after: &str) -> bool {
    if after.starts_with('{') {
        return true;
    }
    let ident = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    ident >= 2 && !after[ident..].starts_with(['^', '{']) && !after[..ident].contains('_')
        || ident >= 2
            && after[..ident]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
}

/// Whether text after a `$` reads as TeX rather than prose, a regex or a shell variable
/// (`$MY_VAR`): a command (`\frac`), a group, or a super/subscript attached to its argument
/// (`x^2`, `x_i`, `e^{-x}`; a `^` standing alone is a regex anchor).
fn looks_like_tex(s: &str) -> bool {
    let b = s.as_bytes();
    let starts_like_math = s
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || matches!(c, '\\' | '(' | '[' | '|' | '-'));
    starts_like_math
        && b.iter().enumerate().any(|(i, &c)| match c {
            b'{' => true,
            b'\\' => b.get(i + 1).is_some_and(u8::is_ascii_alphabetic),
            b'^' => b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || matches!(n, b'{' | b'\\')),
            b'_' => {
                b.get(i + 1).is_some_and(|n| matches!(n, b'{' | b'\\'))
                    || (b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
                        && !b
                            .get(i + 2)
                            .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'_'))
            }
            _ => false,
        })
}
