//! `QA202 math-group`: unbalanced `{`/`}`, `\left` without `\right` (or the reverse), a
//! `\left` or `\right` with no delimiter, or `\begin{env}` closed by another `\end` or not at
//! all.
//!
//! **What it does.** Checks the structure of every formula and labels the exact column inside
//! it, and the other end when there is one (`\begin{pmatrix}` … `\end{bmatrix}`). Escaped braces
//! (`\{`, `\}`) and `%` comments are understood. A `\left` or `\right` needs a delimiter
//! after it (`\right)`, `\right\rangle`, `\right.` for none): at the end of the formula or
//! its group, or before a letter, it has none. One finding per formula: after the first break
//! the rest cannot be trusted.
//!
//! **Why.** GitHub shows a red error or raw TeX instead of the formula.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $$\frac{1}{n \sum_i x_i$$
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $$\frac{1}{n} \sum_i x_i \quad \left( \{x_i\} \right)$$
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: the missing brace or `\end` could belong in several places.

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::document::Document;
use crate::model::math;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA202",
    name: "math-group",
    family: Family::Math,
    summary: "Unbalanced braces, `\\left`/`\\right` or `\\begin`/`\\end` in a formula",
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
            let Some(g) = math::check_groups(&f.tex) else {
                continue;
            };
            let mut d = Diagnostic::new(&META, f.span(g.span.clone()), g.message)
                .with_label(g.label)
                .with_help(g.help);
            if let Some((other, text)) = g.other {
                d = d.with_secondary(f.span(other), text);
            }
            out.push(d);
        }
    }
}
