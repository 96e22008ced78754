//! `QA201 math-delimiter`: a `$$` or `$` that opens a formula and never closes, a `|` that
//! cuts a formula in a table row, or TeX between `\(` `\)` or `\[` `\]`.
//!
//! **What it does.** Reports four things.
//!
//! - A `$$` that opens display math left without a closing `$$` before the end of its paragraph
//!   (or list item, quote, heading or table cell): `$$` alone on its line with TeX on the lines
//!   below, `$$` followed by TeX on its own line, or `$$` at the end of a line of prose with the
//!   TeX below. The TeX must look like TeX (a command such as `\frac`, a group, `x^2`, `x_i`)
//!   and its first line must not read as a sentence. A `$$` inside a sentence with a space
//!   after it (`costs $$ to run`), or with nothing or prose after it (the shell's PID: `the PID
//!   is in $$`), is a word and stays silent.
//! - An inline `$` that opens a formula (followed by TeX) but never closes on its line, or
//!   closes with a space before the `$`, or opens with a space after it (`$ \sigma(x)$`):
//!   GitHub accepts neither.
//! - Every formula in a table row that holds a bare `|`: GitHub splits the row into cells at
//!   each `|` before it reads any math, so `| $P(y|x)$ |` becomes `$P(y` and `x)$` and renders
//!   as raw text. The formulas are those the row would have as a paragraph; `\|` is not a bare
//!   bar (GitHub's table reads it as an escaped `|` and hands the math a plain `|`, so it
//!   renders as `|` in a table and as `‖` elsewhere: `\vert` means `|` everywhere). A `|` in
//!   math outside tables, the column separators themselves and code spans in the row are fine.
//! - TeX between `\(` and `\)` or `\[` and `\]` (pasted from Jupyter, Typora or StackExchange):
//!   Markdown reads each as an escaped bracket, so the reader sees `( \log(1 + e^x) )`. Only
//!   what is surely TeX counts: a command, a group, `x^2` or `x_i`, every command one a renderer
//!   knows, no `$`. Brackets around plain words (`\[link\]`), a footnote mark (`\[^1\]`), a
//!   regex (`\(\d{3}\)`), brackets glued to a word (`a\[i\]`), an escaped backslash (`\\(`)
//!   and code stay silent.
//!
//! Dollars GitHub does not read as math stay silent: an escaped `\$`, currency (`$5 and $10`,
//! `US$20`), `$$$` used as a word, program variables written as prose (`${name}`,
//! `$initial)`, `$BUILD_URL`), jQuery calls (`$(function () { … })`, `$(el).on(`,
//! `$(() => …)`: a function, string, `this`, `document` or `window` inside, an arrow, or a
//! method call after), dollars in prose that pair across a table cell (`this.$a |
//! this.$b`, QA204's), prices in a row paired as in prose (`| ~$8 | ~$90 |`: no closing `$`
//! before a digit), a pair with a dollar in a code span of the row (`| $60 | `$HOME` |`), and
//! anything in code or HTML comments.
//!
//! **Why.** An unclosed delimiter shows the reader raw TeX, or swallows the text after it into
//! one broken formula; a formula cut by the table shows its two halves as text in two cells.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! It is $\frac{1}{n} \sum_i x_i for a sample of size n.
//!
//! Its variance is \( \sigma^2 / n \).
//!
//! $$
//! \bar{x} = \frac{1}{n} \sum_{i=1}^{n} x_i
//!
//! | term | formula |
//! |---|---|
//! | likelihood | $p(D|\theta)$ |
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is the mean?
//!
//! It is $\frac{1}{n} \sum_i x_i$; a ticket costs $5 and a meal $10, the PID is in $$.
//!
//! Its variance is $\sigma^2 / n$ \[see above\].
//!
//! $$
//! \bar{x} = \frac{1}{n} \sum_{i=1}^{n} x_i
//! $$
//!
//! | term | formula |
//! |---|---|
//! | likelihood | $p(D \vert \theta)$ |
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** Safe, for a `|` cutting a formula in a table row: it writes `\vert` for each bare
//! `|` of that formula (with a space when a letter follows), which TeX renders as the
//! same bar, so the formula gets its whole cell as the author meant; offered only when the row
//! so written is checked to hold the formula whole, and not when a bar is inside `\text{}` or
//! `\verb` (where `\vert` is not allowed). Safe, for `\( … \)` and `\[ … \]`: it writes `$…$`
//! (the spaces inside dropped) or `$$…$$`, offered only when the formula passes QA202's check,
//! holds no `%` and no unknown environment, no digit follows the closing `$`, and the file so
//! written, parsed again, holds that formula and no other new one. An unclosed `$$` or `$`:
//! none, add the missing delimiter where the formula ends.

use std::ops::Range;

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::{Document, TexBrackets};
use crate::model::math::{self, Token};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA201",
    name: "math-delimiter",
    family: Family::Math,
    summary: "A `$$` or `$` opens a formula that never closes, or a `|` cuts a formula in a table row",
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
        // Dollars that belong to a formula a table row cuts at a `|`, or to a code span the
        // row cuts: reported (or not) as a whole, never as loose dollars.
        let mut settled: Vec<Range<usize>> = Vec::new();
        for row in &doc.dollar_rows {
            table_row(doc, row.clone(), out, &mut settled);
        }
        for b in &doc.tex_brackets {
            tex_brackets(doc, b, out);
        }
        settled.sort_by_key(|r| r.start);
        for (start, len) in crate::model::scan::math::dollar_runs(text, &doc.loose_dollars) {
            if len >= 3 || inside(&settled, start) {
                continue;
            }
            let line_end = text[start..]
                .find(['\n', '\r'])
                .map_or(text.len(), |e| start + e);
            let after = &text[start + len..line_end];
            if len == 2 {
                let block_end = block_end(&doc.dollar_blocks, start).unwrap_or(line_end);
                if opens_display(text, start, block_end) {
                    out.push(
                        Diagnostic::new(&META, start..start + 2, "`$$` opens display math that is never closed")
                            .with_label("opened here")
                            .with_help("close the formula with `$$` in the same paragraph, or write `\\$\\$` for literal dollars"),
                    );
                }
                continue;
            }
            // An inline `$`: currency and prose dollars are not formulas.
            let before = text[..start].chars().next_back();
            let next = after.chars().next();
            if !before.is_some_and(char::is_alphanumeric)
                && next.is_some_and(|c| c == ' ' || c == '\t')
                && opens_after_space(after)
            {
                out.push(
                    Diagnostic::new(
                        &META,
                        start..start + 1,
                        "inline `$` formula is not opened: a space follows the opening `$`",
                    )
                    .with_label("opened here")
                    .with_help(
                        "remove the space after the opening `$` (GitHub needs `$x$`, not `$ x$`)",
                    ),
                );
                continue;
            }
            if before.is_some_and(char::is_alphanumeric)
                || next.is_none_or(|c| c.is_whitespace() || c.is_ascii_digit())
            {
                continue;
            }
            let body = after.split('$').next().unwrap_or("");
            if !looks_like_tex(body) || is_program_variable(after) || is_program_call(after) {
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

/// `\( … \)` or `\[ … \]` around TeX: Markdown reads each delimiter as an escaped bracket, so
/// the reader sees `( \log(1 + e^x) )`. Only TeX that is surely TeX counts (see
/// `clearly_tex`), and not brackets glued to a word (`a\[i\]`, an index).
fn tex_brackets(doc: &Document, b: &TexBrackets, out: &mut Vec<Diagnostic>) {
    let text = &*doc.text;
    let Some(body) = text.get(b.open + 2..b.close) else {
        return;
    };
    let glued = text[..b.open]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    if glued || !clearly_tex(doc, body) {
        return;
    }
    let (open, close, dollars) = if b.display {
        ("\\[", "\\]", "$$")
    } else {
        ("\\(", "\\)", "$")
    };
    let mut d = Diagnostic::new(
        &META,
        b.open..b.open + 2,
        format!("`{open}` … `{close}` is not math on GitHub: Markdown reads `{open}` as an escaped bracket"),
    )
    .with_label("shows as a bracket, the TeX as text")
    .with_secondary(b.close..b.close + 2, "this one too")
    .with_help(format!("write `{dollars}…{dollars}` around the formula"));
    if let Some(fix) = dollar_fix(doc, b, body) {
        d = d.with_fix(fix);
    }
    out.push(d);
}

/// Whether the text between escaped brackets is surely TeX: TeX notation (a command, a group,
/// `x^2`, `x_i`; see `math::has_tex_markup`) with a base for its first `^` or `_` (`\[^1\]` is a
/// footnote mark), every command one a renderer knows (`\(\d+\)` is a regex), no `$` and no
/// blank line.
fn clearly_tex(doc: &Document, body: &str) -> bool {
    let known = math::known_commands();
    let defined = math::defined_macros(body);
    !body.contains('$')
        && !math::has_blank_line(body)
        && !body.trim_start().starts_with(['^', '_'])
        && math::has_tex_markup(body)
        && math::commands(body).iter().all(|(name, _)| {
            known.contains(name.as_str())
                || math::katex_only_commands().contains_key(name.as_str())
                || doc.settings.math_macros.contains(name)
                || defined.contains(name)
        })
}

/// The fix that writes `$…$` (the spaces inside dropped, as GitHub needs) or `$$…$$` for a pair
/// of escaped brackets: only when the formula has no structural error (QA202's check), no `%`
/// comment and no environment GitHub does not know, no digit follows a closing `$`, and the
/// file so written, parsed again, holds that formula and no other new one.
fn dollar_fix(doc: &Document, b: &TexBrackets, body: &str) -> Option<Fix> {
    let text = &*doc.text;
    let (open_end, close_start, dollars) = if b.display {
        (b.open + 2, b.close, "$$")
    } else {
        let lead = body.len() - body.trim_start().len();
        let trail = body.len() - body.trim_end().len();
        (b.open + 2 + lead, b.close - trail, "$")
    };
    let tex = text.get(open_end..close_start)?;
    let environments_known = math::environments(tex)
        .iter()
        .all(|(env, _)| math::known_environments().contains(env.as_str()));
    if tex.trim().is_empty()
        || tex.contains('%')
        || !environments_known
        || math::check_groups(tex).is_some()
        || (!b.display && text[b.close + 2..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let edits = vec![
        Edit::replace(b.open..open_end, dollars),
        Edit::replace(close_start..b.close + 2, dollars),
    ];
    let fixed = format!(
        "{}{dollars}{tex}{dollars}{}",
        &text[..b.open],
        &text[b.close + 2..]
    );
    let formula = b.open..b.open + tex.len() + 2 * dollars.len();
    let before = crate::model::scan::math::formula_ranges(text);
    let after = crate::model::scan::math::formula_ranges(&fixed);
    if after.len() != before.len() + 1 || !after.contains(&formula) {
        return None;
    }
    let fix = Fix::safe(format!("Write `{dollars}` for the escaped brackets"), edits);
    // A paragraph that is only `\[ … \]` becomes a display formula: a block of its own kind.
    Some(if b.display { fix.structural() } else { fix })
}

/// Whether the text after a `$` and a space is a formula but for that space (`$ \sigma(x)$`):
/// TeX up to a `$` on the same line that would close it (no space before it, no digit after
/// it). With spaces at both ends (`$ 5 $`) it is not taken for one.
fn opens_after_space(after: &str) -> bool {
    let Some(end) = after.find('$') else {
        return false;
    };
    let body = after[..end].trim_start();
    let closer = &after[end + 1..];
    !body.ends_with(char::is_whitespace)
        && !closer.starts_with(|c: char| c.is_ascii_digit() || c == '$')
        && looks_like_tex(body)
        && !is_program_variable(body)
}

/// Whether `pos` falls in one of the sorted, non-overlapping `ranges`.
fn inside(ranges: &[Range<usize>], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= pos);
    i > 0 && ranges[i - 1].contains(&pos)
}

/// The end of the inline content (paragraph, heading, table cell, tight list item) holding
/// `pos`.
fn block_end(blocks: &[Range<usize>], pos: usize) -> Option<usize> {
    let i = blocks.partition_point(|r| r.start <= pos);
    (i > 0 && blocks[i - 1].contains(&pos)).then(|| blocks[i - 1].end)
}

/// One table row holding a `$`: every formula that a bare `|` cuts (GitHub splits the row into
/// cells at each `|` not written `\|` before it reads any math, so `| $P(y|x)$ |` becomes
/// `$P(y` and `x)$`). The formulas are those of the row read as a paragraph, paired as in
/// prose (no closing `$` before a digit); prose dollars (`a.$x | b.$y`) and code spans are
/// left alone, and their dollars are settled too. A pair with a dollar in a code span of the
/// row as the table reads it (`| $60 | `$HOME` |`) was never a formula.
fn table_row(
    doc: &Document,
    row: Range<usize>,
    out: &mut Vec<Diagnostic>,
    settled: &mut Vec<Range<usize>>,
) {
    let text = &*doc.text;
    let Some(line) = text.get(row.clone()) else {
        return;
    };
    if !line.contains('|') {
        return;
    }
    let prose = crate::model::scan::math::row_as_prose(line);
    for code in &prose.code {
        settled.push(row.start + code.start..row.start + code.end);
    }
    for (r, display) in prose.formulas {
        let src = &line[r.clone()];
        let pipes = bare_pipes(src);
        let file = row.start + r.start..row.start + r.end;
        if pipes.is_empty() || doc.in_code(file.start) || doc.in_code(file.end - 1) {
            continue;
        }
        settled.push(file.clone());
        let n = if display { 2 } else { 1 };
        let Some(tex) = src.get(n..src.len().saturating_sub(n)) else {
            continue;
        };
        if math::dollars_in_prose(text, file.clone(), tex, display) {
            continue;
        }
        let first = file.start + pipes[0];
        let mut d = Diagnostic::new(
            &META,
            first..first + 1,
            format!(
                "`|` in formula `{}` splits the table cell: GitHub reads it as a column separator",
                excerpt(src, 50)
            ),
        )
        .with_label("the cell ends here")
        .with_help("write `\\vert` or `\\mid` instead of `|`");
        if let Some(words) = vert_words(line, r.clone(), &pipes) {
            let edits = pipes
                .iter()
                .zip(words)
                .map(|(&p, word)| Edit::replace(file.start + p..file.start + p + 1, word))
                .collect();
            d = d.with_fix(Fix::safe("Write `\\vert` for `|` in the formula", edits));
        }
        out.push(d);
    }
}

/// Offsets of the `|` in a formula's source not written `\|`.
fn bare_pipes(src: &str) -> Vec<usize> {
    src.match_indices('|')
        .map(|(i, _)| i)
        .filter(|&i| !src[..i].ends_with('\\'))
        .collect()
}

/// What replaces each bare `|` of the formula at `r` of a table row: `\vert` (with a space
/// when a letter follows, so the command name ends). None unless that surely gives the formula
/// its whole cell: no `|` in a text argument (where `\vert` is not allowed) or in `\verb`, and
/// the row so written, read again as a table row, holds the formula whole.
fn vert_words(line: &str, r: Range<usize>, pipes: &[usize]) -> Option<Vec<&'static str>> {
    let src = &line[r.clone()];
    if src.contains("\\verb") || pipes.iter().any(|&p| in_text_argument(src, p)) {
        return None;
    }
    let words: Vec<&'static str> = pipes
        .iter()
        .map(|&p| {
            let next = src[p + 1..].chars().next();
            if next.is_some_and(|c| c.is_ascii_alphabetic()) {
                "\\vert "
            } else {
                "\\vert"
            }
        })
        .collect();
    let mut fixed_src = String::with_capacity(src.len() + 6 * pipes.len());
    let mut last = 0;
    for (&p, word) in pipes.iter().zip(&words) {
        fixed_src.push_str(&src[last..p]);
        fixed_src.push_str(word);
        last = p + 1;
    }
    fixed_src.push_str(&src[last..]);
    let fixed_row = format!("{}{}{}", &line[..r.start], fixed_src, &line[r.end..]);
    crate::model::scan::math::row_holds_formula(&fixed_row, &fixed_src).then_some(words)
}

/// Whether offset `p` of a formula's source sits inside the argument of a text-mode command
/// (`\text{a|b}`).
fn in_text_argument(src: &str, p: usize) -> bool {
    crate::model::math::text_mode_ranges(src)
        .iter()
        .any(|r| r.contains(&p))
}

/// Whether the `$$` at `start` opens display math its block (ending at `block_end`) never
/// closes: TeX follows it, on its line or the lines after, and not prose. A `$$` inside a
/// sentence with a space after it (`costs $$ to run`), or with nothing or prose after it (the
/// shell's PID), is a word.
fn opens_display(text: &str, start: usize, block_end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let at_line_start = container_prefix_len(&text[line_start..start]) == start - line_start;
    let rest = text.get(start + 2..block_end).unwrap_or("");
    // Only the text up to the next `$` counts (and is read: no block is scanned twice).
    let rest = &rest[..rest.find('$').unwrap_or(rest.len())];
    let same_line = rest.split('\n').next().unwrap_or("");
    let glued = same_line.starts_with(|c: char| !c.is_whitespace());
    if !at_line_start && !glued && !same_line.trim().is_empty() {
        return false;
    }
    // The text after it, block-quote markers and indentation dropped.
    let mut body = String::with_capacity(rest.len());
    for (i, line) in rest.split('\n').enumerate() {
        if i > 0 {
            body.push('\n');
            body.push_str(line.trim_start_matches(|c: char| c == '>' || c.is_whitespace()));
        } else {
            body.push_str(line);
        }
    }
    let body = body.trim_start();
    let first_line = body.lines().next().unwrap_or("");
    let starts = body
        .chars()
        .next()
        .is_some_and(|c| starts_like_math(c) || c == '{' || (!glued && c.is_ascii_digit()));
    starts && tex_marker(body) && !reads_as_prose(first_line)
}

/// Length of the container markers opening a line: indentation, block-quote `>`, list markers
/// (`-`, `*`, `+`, `1.`, `1)`) each followed by a space.
fn container_prefix_len(line: &str) -> usize {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let marker = if trimmed.starts_with(['-', '*', '+']) {
            1
        } else if (1..=9).contains(&digits) && trimmed[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        let after = &trimmed[marker..];
        if marker > 0 && (after.is_empty() || after.starts_with(char::is_whitespace)) {
            rest = after;
        } else {
            rest = trimmed;
            break;
        }
    }
    line.len() - rest.len()
}

/// Whether a line reads as a sentence rather than TeX: no command, and three words in a row
/// separated by single spaces, two of them of two or more letters (`is the PID`).
fn reads_as_prose(line: &str) -> bool {
    let toks = math::tokenize(line);
    if toks.iter().any(|t| matches!(t, Token::Command { .. })) {
        return false;
    }
    let mut words = 0;
    let mut long = 0;
    for t in &toks {
        match t {
            Token::Word { range } => {
                words += 1;
                if line[range.clone()].chars().count() >= 2 {
                    long += 1;
                }
                if words >= 3 && long >= 2 {
                    return true;
                }
            }
            Token::Space(r) if line[r.clone()] == *" " => {}
            _ => {
                words = 0;
                long = 0;
            }
        }
    }
    false
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

/// `$(…)` as jQuery (or a shell's command substitution) writes it in prose: the parentheses
/// open on a function, a string, `this`, `document` or `window`, hold an arrow (`=>`), or are
/// followed by a method call (`$(el).on(`). TeX does not start a formula that way.
fn is_program_call(after: &str) -> bool {
    let Some(inner) = after.strip_prefix('(') else {
        return false;
    };
    let line = inner.split(['\n', '\r']).next().unwrap_or("");
    let mut depth = 1usize;
    let close = line.char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(i)
    });
    let args = &line[..close.unwrap_or(line.len())];
    let head = args.trim_start();
    let opens_code = head.starts_with(['\'', '"', '`'])
        || ["function", "this", "document", "window"].iter().any(|w| {
            head.strip_prefix(w)
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        });
    let method = close.is_some_and(|i| {
        let rest = &line[i + 1..];
        rest.strip_prefix('.').is_some_and(|r| {
            let name = r
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            name >= 2 && r[name..].starts_with('(')
        })
    });
    opens_code || args.contains("=>") || method
}

/// Whether a formula could start with `c`: a letter, a command, a bracket, a bar or a minus.
fn starts_like_math(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\\' | '(' | '[' | '|' | '-')
}

/// Whether text after a `$` reads as TeX rather than prose, a regex or a shell variable
/// (`$MY_VAR`): it starts like math and holds TeX notation (see `tex_marker`).
fn looks_like_tex(s: &str) -> bool {
    s.chars().next().is_some_and(starts_like_math) && tex_marker(s)
}

/// Whether `s` holds TeX notation: a command (`\frac`), a group, or a super/subscript attached
/// to its argument (`x^2`, `x_i`, `e^{-x}`; a `^` standing alone is a regex anchor).
fn tex_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
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
