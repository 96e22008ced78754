//! `QA203 math-unknown-command`: a control sequence or environment the renderer does not know.
//!
//! **What it does.** Looks up every `\command` and `\begin{environment}` in every formula in the
//! tables under `rules/math/` (generated from KaTeX by `scripts/gen-math-tables`, plus the
//! commands only GitHub's MathJax renders), and suggests the closest known name (`\fraq` → did
//! you mean `\frac`?). Macros defined in the same file with `\newcommand`, `\renewcommand`,
//! `\def`, `\let` or `\DeclareMathOperator`, and names listed in `math: {macros: [...]}`, are
//! known.
//!
//! **Why.** An unknown command renders as a red error on GitHub.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $\fraq{1}{n} \sum_i x_i$
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $\frac{1}{n} \sum_i x_i$ for $x_i \in \RR$
//! ```
//!
//! **Config for the examples:**
//! ```yaml
//! math: {macros: [RR]}
//! ```
//!
//! **Options.** None under `rules`; the config's `math: {macros: [...]}` (default `[]`, in
//! `rules/defaults.yml`) names the commands your renderer defines.
//!
//! **Fix.** None: the suggestion is in the help, but a near name is not always the meant one.

use std::collections::HashSet;

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::suggest::{Case, closest_in};
use crate::model::document::Document;
use crate::model::math;
use crate::base::diagnostic::RuleRef;
use crate::rules::{Rule, RuleMeta, RuleOptions, OptionError};
use crate::base::diagnostic::Family;

pub static META: RuleMeta = RuleMeta {
    code: "QA203",
    name: "math-unknown-command",
    family: Family::Math,
    summary: "A TeX command or environment the renderer does not know",
    default_severity: Severity::Error,
};

struct MathUnknownCommand;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(MathUnknownCommand))
}

impl Rule for MathUnknownCommand {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if doc.formulas.is_empty() {
            return;
        }
        let known = math::known_commands();
        let mut defined: HashSet<String> = doc.settings.math_macros.iter().cloned().collect();
        for f in &doc.formulas {
            defined.extend(math::defined_macros(&f.tex));
        }
        for f in &doc.formulas {
            for (name, range) in math::commands(&f.tex) {
                if known.contains(name.as_str()) || defined.contains(&name) {
                    continue;
                }
                let mut d =
                    Diagnostic::new(&META, f.span(range), format!("unknown command `\\{name}`"))
                        .with_label("not known to KaTeX or MathJax");
                d = match closest_in(&name, known.iter().copied(), Case::Sensitive) {
                    Some(best) => d.with_help(format!("did you mean `\\{best}`?")),
                    None => d.with_help(
                        "define it with `\\newcommand` in this file, or list it in `math: {macros: [...]}`",
                    ),
                };
                out.push(d);
            }
            for (env, range) in math::environments(&f.tex) {
                if math::known_environments().contains(env.as_str()) {
                    continue;
                }
                let mut d =
                    Diagnostic::new(&META, f.span(range), format!("unknown environment `{env}`"))
                        .with_label("not known to KaTeX");
                if let Some(best) = closest_in(&env, math::known_environments().iter().copied(), Case::Sensitive) {
                    d = d.with_help(format!("did you mean `{best}`?"));
                } else {
                    d = d.with_help(
                        "use an environment KaTeX supports, such as `aligned` or `pmatrix`",
                    );
                }
                out.push(d);
            }
        }
    }
}
