//! `QA204 math-bare-words`: words written in math mode outside `\text{}`, and prose whose
//! dollars pair into a formula.
//!
//! **What it does.** Reports two things.
//!
//! - A run of words inside a formula but outside `\text{}`, `\mathrm{}`, `\operatorname{}` and
//!   the like: `{True Positives \over ...}`, `$e.g., quicksort, mergesort$`,
//!   `$cross-entropy loss$`. The words may be separated by spaces or prose punctuation (`,` `.`
//!   `;` `:` `!` `?`), and a hyphen or apostrophe between two letters joins one word. A run
//!   counts when it has two or more words of two or more letters, one of at least three:
//!   single-letter variables (`$f(x, y)$`, `$a, b, c$`, `$x_{i,j}$`), short names
//!   (`$dx\,dy$`, `$(lr, wd)$`) and runs broken by operators or commands (`$i = 1, \dots,
//!   n$`, `$O(n \log n)$`) are math.
//! - Prose caught in math: dollars that are not math but that GitHub pairs into a formula,
//!   such as framework or shell names (`this.$slots and this.$scopedSlots`, `$HOME/bin:$PATH`,
//!   `$total = sum($items)`) or amounts written after the number (`25 $. Then 5 $`, with
//!   non-breaking spaces). The formula has no TeX notation (no command, group, or
//!   superscript/subscript with an argument), two or more words, and a delimiter gives it away:
//!   the closing `$` runs into a name (`$scopedSlots`), the opening one is glued to the text
//!   before it (`this.$`, `&$`, `C:\>$`), a `$` follows an amount, or a (non-breaking) space
//!   lies inside a delimiter. `$$ … $$` inside a line of prose holding only words is the same
//!   (the shell's PID twice in a sentence). GitHub pairs `$` as the parser does here: the
//!   opening `$` must not be followed by a space, the closing one not preceded by a space nor
//!   followed by a digit, so `use $parent or $refs`, `$HOME and $PATH` and `costs $5 and $10`
//!   never pair and are not reported.
//!
//! **Why.** Math mode sets each letter as a separate italic variable: the words render as letter
//! soup with odd spacing. When the dollars were prose, they also disappear from the text.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is precision?
//!
//! $${True Positives \over \text{Predicted Positives}}$$
//!
//! Sorts such as $e.g., quicksort, mergesort$ divide and conquer. In Vue 2, this.$slots and
//! this.$scopedSlots hold the slots.
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is precision?
//!
//! $${\text{True Positives} \over \text{Predicted Positives}} = \frac{TP}{TP + FP}$$
//!
//! With $f(x, y)$ for $i = 1, \dots, n$ in $O(n \log n)$; in Vue 2, this.\$slots holds them.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** Unsafe. Words in math: wrap the run in `\text{...}` (the words become upright text;
//! whether they were meant as a product of variables is the author's call; none when the
//! formula holds a backtick, the sign of a code span broken by the pairing). Prose caught in
//! math: escape the two dollars (`\$`, all four for `$$ … $$`) so they stay text; only the
//! opening ones when the formula holds a backtick, as its closing dollar may sit in a code
//! span the pairing broke (`` $PATH is … `export PATH=$HOME` ``), and code is never edited;
//! unsafe because telling prose from math is a guess, and once these dollars are escaped
//! another `$` further on may pair anew. An escaped `\$` is not TeX notation here, so a pair
//! that an earlier escape lets form is read as prose again, not wrapped in `\text{}`.

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::{Document, Formula};
use crate::model::math;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA204",
    name: "math-bare-words",
    family: Family::Math,
    summary: "Words in math mode outside `\\text{}`, or prose whose dollars pair into a formula, render as italic letter soup",
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
        let text = &*doc.text;
        for f in &doc.formulas {
            if f.parsed
                && dollar_delimited(text, f)
                && math::dollars_in_prose(text, f.range.clone(), &f.tex, f.display)
            {
                out.push(prose_in_math(text, f));
                continue;
            }
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
                // A backtick in the TeX is most likely a code span the pairing broke: the
                // words may be code, and no fix edits code.
                if f.verbatim && !f.tex.contains('`') {
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

/// Whether the formula is delimited by plain dollars in the source (`$…$` or `$$…$$`, not a
/// ```` ```math ```` block or `` $`…`$ ``, which are math on purpose).
fn dollar_delimited(text: &str, f: &Formula) -> bool {
    let n = if f.display { 2 } else { 1 };
    let src = &text[f.range.clone()];
    src.len() > 2 * n
        && src.bytes().take(n).all(|b| b == b'$')
        && src.bytes().rev().take(n).all(|b| b == b'$')
        && !src[n..].starts_with('`')
}

/// A finding for dollars in prose that pair into a formula: escaping them keeps the text.
/// When the formula holds a backtick its closing dollars may be the author's code
/// (`` $PATH … `export PATH=$HOME` ``): only the opening ones are escaped, after which the code
/// span forms again, and nothing inside it is touched.
fn prose_in_math(text: &str, f: &Formula) -> Diagnostic {
    let n = if f.display { 2 } else { 1 };
    let r = f.range.clone();
    let quoted = excerpt(&text[r.clone()], 50);
    let closing = if f.tex.contains('`') {
        r.end..r.end
    } else {
        r.end - n..r.end
    };
    let edits: Vec<Edit> = (r.start..r.start + n)
        .chain(closing)
        .map(|at| Edit::replace(at..at, "\\"))
        .collect();
    Diagnostic::new(
        &META,
        r,
        format!("prose caught in math: the dollars of `{quoted}` pair into a formula"),
    )
    .with_label("italic letters, the dollars gone")
    .with_help("escape the dollars (`\\$`) so they stay text")
    .with_fix(Fix::unsafe_("Escape the dollars (`\\$`)", edits))
}
