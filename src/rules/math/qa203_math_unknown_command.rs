//! `QA203 math-unknown-command`: a control sequence or environment the renderer does not know.
//!
//! **What it does.** Looks up every `\command` and `\begin{environment}` in every formula in the
//! tables under `rules/math/` (generated from KaTeX and MathJax by `scripts/gen-math-tables`):
//! a command is known when GitHub's MathJax renders it, that is when KaTeX knows it and it is
//! not KaTeX-only, or when it is one of the commands only MathJax renders. An unknown command
//! gets the closest known name (`\fraq` → did you mean `\frac`?). A KaTeX-only command
//! (`\argmax`, `\R`, `\bm`, `\emph` outside `\text{}`, ...: KaTeX renders it, MathJax does
//! not) is reported as such, with what MathJax renders instead where there is an obvious
//! equivalent (`\operatorname*{argmax}`, `\mathbb{R}`, `\boldsymbol`). Environments are those
//! MathJax renders (`multline` and `eqnarray` are, KaTeX's `darray` is not). `\of` is known after a
//! plain-TeX `\root 3 \of x`. Macros defined in the same file with `\newcommand`,
//! `\renewcommand`, `\def`, `\let` or `\DeclareMathOperator`, and names listed in
//! `math: {macros: [...]}`, are known.
//!
//! **Why.** An unknown command renders as a red error on GitHub, which renders math with
//! MathJax: a formula previewed with KaTeX (VS Code, many static-site generators) can look right
//! and still fail there.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! $\fraq{1}{n} \sum_i x_i$ for $x_i \in \R$
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
use std::ops::Range;

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::suggest::{Case, closest_in};
use crate::model::document::Document;
use crate::model::math;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

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
            let text_mode = math::text_mode_ranges(&f.tex);
            // `\root 3 \of x`: `\of` ends the index of a plain-TeX root, and means nothing alone.
            let mut in_root = false;
            for (name, range) in math::commands(&f.tex) {
                if name == "root" {
                    in_root = true;
                } else if name == "of" && in_root {
                    in_root = false;
                    continue;
                }
                if known.contains(name.as_str()) || defined.contains(&name) {
                    continue;
                }
                if let Some(k) = math::katex_only_commands().get(name.as_str()) {
                    let in_text = text_mode.iter().any(|t| t.contains(&range.start));
                    if !(k.in_text && in_text) {
                        out.push(katex_only(f.span(range), &name, k));
                    }
                    continue;
                }
                let mut d =
                    Diagnostic::new(&META, f.span(range), format!("unknown command `\\{name}`"))
                        .with_label("not known to KaTeX or MathJax");
                // A KaTeX-only near name stands for its replacement (`\\NN` → `\\mathbb{N}`).
                let katex_only = math::katex_only_commands().iter();
                let stand_ins: Vec<(&str, String)> = known
                    .iter()
                    .map(|n| (*n, format!("\\{n}")))
                    .chain(katex_only.filter_map(|(n, k)| Some((*n, k.replacement?.to_string()))))
                    .collect();
                let best = closest_in(&name, stand_ins.iter().map(|s| s.0), Case::Sensitive)
                    .and_then(|b| stand_ins.iter().find(|s| s.0 == b));
                d = match best {
                    Some((_, best)) => d.with_help(format!("did you mean `{best}`?")),
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
                        .with_label("not known to GitHub's MathJax");
                if let Some(best) = closest_in(
                    &env,
                    math::known_environments().iter().copied(),
                    Case::Sensitive,
                ) {
                    d = d.with_help(format!("did you mean `{best}`?"));
                } else {
                    d = d.with_help(
                        "use an environment MathJax supports, such as `aligned` or `pmatrix`",
                    );
                }
                out.push(d);
            }
        }
    }
}

/// A command KaTeX renders but GitHub's MathJax shows as an undefined control sequence.
fn katex_only(span: Range<usize>, name: &str, k: &math::KatexOnly) -> Diagnostic {
    let d = Diagnostic::new(&META, span, format!("`\\{name}` is KaTeX-only"))
        .with_label("GitHub's MathJax does not know it");
    match k.replacement {
        Some(r) => d.with_help(format!("write `{r}` instead, which MathJax renders")),
        None => d.with_help(
            "use a standard LaTeX command, or define it with `\\newcommand` in this file",
        ),
    }
}
