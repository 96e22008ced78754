//! `QA202 math-group`: unbalanced `{`/`}`, `\left` without `\right` (or the reverse), a
//! `\left` or `\right` with no delimiter, or `\begin{env}` closed by another `\end` or not at
//! all; a `%` that cuts a formula.
//!
//! **What it does.** Checks the structure of every formula and labels the exact column inside
//! it, and the other end when there is one (`\begin{pmatrix}` … `\end{bmatrix}`). Escaped braces
//! (`\{`, `\}`) and `%` comments are understood. A `\left` or `\right` needs a delimiter
//! after it (`\right)`, `\right\rangle`, `\right.` for none): at the end of the formula or
//! its group, or before a letter, it has none. One finding per formula: after the first break
//! the rest cannot be trusted.
//!
//! A `%` starts a TeX comment, which hides it and the rest of its line: reported after a number
//! (`$95%$`, `30 %`) in any formula, and anywhere in an inline formula (`$i % 2$`) or before
//! the closing `$$` on its line, where no comment is meant; a comment line in a display formula
//! or a ```` ```math ```` block is TeX's habit and stays, and so does a remark at the end of
//! one of its lines, even after a number (`(y_i - \hat y_i)^2 % squared error`, the formula
//! going on below): a space, then words. `\%` is a percent sign. A formula with such
//! a `%` is not checked for groups until it is mended (the comment hides its braces).
//!
//! When the broken formula is template syntax caught in math (`${a}_${b}` pairs into `{a}_`:
//! a `{` right after the closing `$`, or a formula opening with `{` whose closing `$` starts a
//! name), the help says to escape the dollars (`\$`) rather than to mend the TeX.
//!
//! **Why.** GitHub shows a red error or raw TeX instead of the formula; after a stray `%` it
//! silently drops the rest of the line.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $$\frac{1}{n \sum_i x_i$$
//!
//! It reached $95%$ on the test set.
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $$\frac{1}{n} \sum_i x_i \quad \left( \{x_i\} \right)$$
//!
//! It reached $95\%$ on the test set.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** Safe, for a `%`: it writes `\%` (when the formula's source maps to the file byte for
//! byte). None for the rest: the missing brace or `\end` could belong in several places.

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::model::document::{Document, Formula};
use crate::model::math;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA202",
    name: "math-group",
    family: Family::Math,
    summary: "Unbalanced braces, `\\left`/`\\right` or `\\begin`/`\\end`, or a stray `%` in a formula",
    default_severity: Severity::Error,
};

struct MathGroup;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(MathGroup))
}

impl Rule for MathGroup {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for f in &doc.formulas {
            let percents = cutting_percents(doc, f);
            for &p in &percents {
                let mut d = Diagnostic::new(
                    &META,
                    f.span(p..p + 1),
                    "`%` starts a TeX comment: it and the rest of the formula's line are hidden",
                )
                .with_label("hides what follows")
                .with_help("write `\\%` for a percent sign");
                if f.verbatim {
                    let at = f.body_start + p;
                    d = d.with_fix(Fix::safe(
                        "Write `\\%`",
                        vec![Edit::replace(at..at + 1, "\\%")],
                    ));
                }
                out.push(d);
            }
            // The comment hides braces and `\end`s: the rest is read once the `%` is mended.
            if !percents.is_empty() {
                continue;
            }
            let Some(g) = math::check_groups(&f.tex) else {
                continue;
            };
            let help = if template_dollars(&doc.text, f) {
                "these dollars look like template syntax (`${name}`), not math: escape them \
                 (`\\$`) so they stay text"
                    .to_string()
            } else {
                g.help
            };
            let mut d = Diagnostic::new(&META, f.span(g.span.clone()), g.message)
                .with_label(g.label)
                .with_help(help);
            if let Some((other, text)) = g.other {
                d = d.with_secondary(f.span(other), text);
            }
            out.push(d);
        }
    }
}

/// The `%` signs of `f` that cut it by mistake: a percent after a number (`95%`, `30 %`)
/// anywhere, and any comment in an inline `$…$` or one that runs into the closing `$$`, where
/// no comment is meant. A comment line in a display formula over several lines or a
/// ```` ```math ```` block is TeX's own habit and stays; so do dollars in prose (QA204's).
fn cutting_percents(doc: &Document, f: &Formula) -> Vec<usize> {
    let percents = math::comment_percents(&f.tex);
    if percents.is_empty() || math::dollars_in_prose(&doc.text, f.range.clone(), &f.tex, f.display)
    {
        return Vec::new();
    }
    let dollars = doc.text.get(f.range.clone()).unwrap_or("").starts_with('$');
    percents
        .into_iter()
        .filter(|&p| {
            // A comment that runs into the closing `$$` (no line break after it) is no comment line.
            let to_the_end = !f.tex[p..].contains('\n');
            if f.display && !to_the_end && end_of_line_comment(&f.tex[p + 1..]) {
                return false;
            }
            let number = f.tex[..p]
                .trim_end_matches([' ', '\t'])
                .ends_with(|c: char| c.is_ascii_digit());
            number || (dollars && (!f.display || to_the_end))
        })
        .collect()
}

/// Whether what follows a `%` on its line reads as a remark: a space, then words
/// (`^2 % squared error`). In a display formula that goes on past the line, that is a
/// comment as LaTeX writes them, not a percent sign (`= 95%` ends its line bare).
fn end_of_line_comment(after: &str) -> bool {
    let line = after.split('\n').next().unwrap_or("");
    line.starts_with([' ', '\t']) && line.chars().any(char::is_alphabetic)
}

/// Whether an inline formula's dollars are template or shell syntax caught in math
/// (`${a}_${b}` pairs into `{a}_`): a `{` right after the closing `$`, or a formula that
/// opens with `{` and whose closing `$` starts a name. TeX written as math is followed by
/// neither.
fn template_dollars(text: &str, f: &Formula) -> bool {
    let after = text.get(f.range.end..).unwrap_or("");
    let src = text.get(f.range.clone()).unwrap_or("");
    let starts_name = after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
    !f.display
        && src.starts_with('$')
        && (after.starts_with('{') || (f.tex.starts_with('{') && starts_name))
}
