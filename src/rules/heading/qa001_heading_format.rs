//! `QA001 heading-format`: a heading, or a line meant to be one, looks like a question but does
//! not match the configured format.
//!
//! **What it does.** Reports headings that the preset's `near-miss` pattern recognises as
//! questions but its `pattern` rejects (`## Q 5: x`, `## q5: x`, `## Q5 - x`, `## Question 5: x`,
//! `## Q5、x`, `## Ｑ５：x` under `q-colon`, `#### Q5、x` under `quiz`; `### 3、x`, `### ３. x`,
//! `### 3 . x`, `### Q3. x` under `number-dot`; full-width digits read as their ASCII peers), and
//! paragraph lines that start with `#` but lack the space that makes them a heading
//! (`##Q5: x`). The help gives the canonical form.
//!
//! **Why.** A question in the wrong format is invisible to every other check (numbering, TOC,
//! duplicates) and renders inconsistently; `##Q5` is not even a heading on GitHub.
//!
//! Only headings at or below the configured question level are considered, so section headings
//! above the questions are never mistaken for questions.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q 2 - What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None. The format is the config's `questions` (`preset`, `pattern`, `near-miss`,
//! `canonical`); the presets live in `rules/presets/`, the default (`q-colon`) in
//! `rules/defaults.yml`.
//!
//! **Fix.** Safe or unsafe. Rewrites the line into the canonical form, keeping the title as
//! written. Safe when only spacing, the case of the prefix and the separator change (`## Q 5 - x` →
//! `## Q5: x`, `##Q5: x` → `## Q5: x`); unsafe when the prefix word changes (`Question 5` → `Q5`),
//! or when a bare number before a dash, a numbering form of its own, would take another
//! separator (`### 5 - x` → `### 5. x` under `number-dot`: often a whole file's style).
//! Setext headings get no fix. The heading's anchor changes with its prefix: the fix points this
//! file's links at the new one, and `check --fix` the links of the other files of the run too.

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::{Document, Form, Question};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA001",
    name: "heading-format",
    family: Family::Heading,
    summary: "A heading looks like a question but does not match the configured format",
    default_severity: Severity::Error,
};

struct HeadingFormat;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(HeadingFormat))
}

impl Rule for HeadingFormat {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for q in &doc.questions {
            let cfg = doc.convention_of(q);
            let preset = cfg.preset.as_deref().unwrap_or("configured");
            let raw = doc.slice(q.span.clone()).trim_end();
            let shown = excerpt(raw, 60);
            let number = q
                .number_span
                .clone()
                .map(|r| crate::model::document::ascii_digits(doc.slice(r)));
            let number = number.as_deref();
            let canon = cfg.canonical_heading(number, q.title.trim());
            let d = match q.form {
                Form::Ok => continue,
                Form::NearMiss => Diagnostic::new(
                    &META,
                    q.span.clone(),
                    format!(
                        "heading `{shown}` looks like a question but does not match the `{preset}` format"
                    ),
                ),
                Form::MissingSpace => {
                    let hashes = raw.len() - raw.trim_start_matches('#').len();
                    Diagnostic::new(
                        &META,
                        q.span.clone(),
                        format!(
                            "`{shown}` is not a heading: a space is missing after `{}`",
                            &raw[..hashes]
                        ),
                    )
                    .with_label("rendered as a paragraph")
                }
            };
            out.push(match canon {
                Some(c) => {
                    let d = if d.label.is_none() {
                        d.with_label(format!("expected `{c}`"))
                    } else {
                        d
                    };
                    let d = d.with_help(format!("write the question heading as `{c}`"));
                    match rewrite(doc, q) {
                        Some(fix) => d.with_fix(fix),
                        None => d,
                    }
                }
                None => d.with_help("write the heading in the configured question format"),
            });
        }
    }
}

/// Rewrite the heading line into the canonical form, keeping the title's source (markup and
/// all). Safe when only spacing, the prefix's case and the separator change; unsafe when the
/// prefix itself changes (`Question 5` → `Q5`) or `5 - x` would lose its dash.
fn rewrite(doc: &Document, q: &Question) -> Option<Fix> {
    let cfg = doc.convention_of(q);
    let h = q.heading.map(|hi| &doc.headings[hi]);
    if h.is_some_and(|h| h.setext) {
        return None;
    }
    let title_src = if q.title.is_empty() {
        ""
    } else {
        doc.slice(q.title_span.start..q.span.end.max(q.title_span.start))
            .trim_end()
    };
    let number = q
        .number_span
        .clone()
        .map(|r| crate::model::document::ascii_digits(doc.slice(r)));
    // A canonical form without `{number}` would drop the question's number.
    if number.is_some() && !cfg.canonical.as_ref()?.contains("{number}") {
        return None;
    }
    let new = cfg.canonical_heading(number.as_deref(), title_src)?;
    let old = doc.slice(q.span.clone());
    let old_prefix = &old[..q
        .title_span
        .start
        .saturating_sub(q.span.start)
        .min(old.len())];
    // A form without `{title}`, or with text after it, would drop or garble the title: no fix.
    let new_prefix = new.strip_suffix(title_src)?;
    let letters = |s: &str| -> String {
        crate::model::document::ascii_digits(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    // A bare number before a dash (`### 12 - Title`) is a numbering form of its own, often a
    // whole file's: rewriting it into another (`### 12. Title`) is a restyle, not a slip.
    let dash_form = |p: &str| {
        let p = p.trim_start_matches('#').trim();
        let digits = p.trim_start_matches(|c: char| c.is_ascii_digit());
        digits.len() < p.len()
            && digits.starts_with(char::is_whitespace)
            && matches!(digits.trim_start(), "-" | "–" | "—")
    };
    let keeps_dash = dash_form(new_prefix) || !dash_form(old_prefix);
    let applicability = if letters(old_prefix) == letters(new_prefix) && keeps_dash {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    let mut edits = vec![Edit::replace(q.span.clone(), new.clone())];
    // The heading's anchor follows its new prefix: the links to it in this file follow too.
    if let (Some(hi), Some(h)) = (q.heading, h) {
        let plain = |prefix: &str| prefix.trim_start_matches('#').trim_start().to_string();
        if let Some(title) = h.text.text.strip_prefix(plain(old_prefix).as_str()) {
            edits.extend(crate::model::renumber::relink(
                doc,
                hi,
                &format!("{}{title}", plain(new_prefix)),
            ));
        }
    }
    let fix = Fix::new(
        format!("Rewrite as `{}`", excerpt(&new, 60)),
        applicability,
        edits,
    );
    // A `##Q5:` line becomes a heading, and the canonical level may differ from the written one.
    let level = cfg.levels.first().copied().unwrap_or(2);
    Some(if q.form == Form::MissingSpace || q.level != Some(level) {
        fix.structural()
    } else {
        fix
    })
}
