//! `QA204 math-bare-words`: words written in math mode outside `\text{}`.
//!
//! **What it does.** Reports a run of two or more words (each of two or more letters, one of at
//! least three) inside a formula but outside `\text{}`, `\mathrm{}`, `\operatorname{}` and the
//! like: `{True Positives \over ...}`.
//!
//! **Why.** Math mode sets each letter as a separate italic variable: the words render as letter
//! soup with odd spacing.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is precision?
//!
//! $${True Positives \over \text{Predicted Positives}}$$
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is precision?
//!
//! $${\text{True Positives} \over \text{Predicted Positives}} = \frac{TP}{TP + FP}$$
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** Unsafe: wrap the run in `\text{...}`.

use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use crate::model::math;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA204",
    name: "math-bare-words",
    family: Family::Math,
    summary: "Words in math mode outside `\\text{}` render as italic letter soup",
    default_severity: Severity::Warning,
};

struct MathBareWords;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(MathBareWords))
}

impl Rule for MathBareWords {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for f in &doc.formulas {
            for run in math::bare_word_runs(&f.tex) {
                let words = &f.tex[run.clone()];
                let span = f.span(run);
                let mut d = Diagnostic::new(
                    &META,
                    span.clone(),
                    format!(
                        "words `{}` in math mode render as italic letters",
                        excerpt(words, 40)
                    ),
                )
                .with_label("math italic")
                .with_help("wrap the words in `\\text{...}`; if these dollars are not math (currency, code), escape them as `\\$`");
                if f.verbatim {
                    d = d.with_fix(Fix::unsafe_(
                        format!("Wrap in `\\text{{{}}}`", excerpt(words, 40)),
                        vec![Edit::replace(span, format!("\\text{{{words}}}"))],
                    ));
                }
                out.push(d);
            }
        }
    }
}
