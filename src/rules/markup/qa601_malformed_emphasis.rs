//! `QA601 malformed-emphasis`: Emphasis that does not render because of its spacing.
//!
//! **What it does.** Finds strong emphasis in prose whose delimiters the Markdown parser left as
//! literal text because of a space on the wrong side: `** bold**` (a space after the opening
//! `**`), `**bold **` (a space before the closing one), both at once, `**bold **word` (the space
//! belongs after the closing `**`), a closing `**` after punctuation glued to the next word
//! (`**Note:**text`, which flanks neither side) or its mirror (`text**:Note**`), and the same
//! with `__`. Two such pairs on a line whose outer
//! runs the parser pairs instead (`**Never ** use … It is ** shared**`, bold with literal `**`
//! inside) are both reported.
//! Code spans and blocks, HTML comments, formulas and link destinations are never looked at. A
//! textual pre-check finds candidates; only for those is the surrounding block parsed again, and
//! a finding is reported only when the delimiters really stayed text there *and* removing the
//! stray spaces makes the parser produce bold exactly between them (so `2 ** 3 ** 4` or
//! `x ** 2 + y**2` is left alone). A fill-in-the-blank quiz uses `**` as a blank: a clause
//! (five or more words, or a comma) between two runs that both have a space inside (`a ** and
//! the size of a char is **.`) is left alone, while `3. ** What is a feature flag?**`, with a
//! closing run that ends the text, is bold with one stray space. Bold glued to a list marker (`1.** X-ray**: text`) is one
//! defect with the marker, and QA602 owns it: the missing space after `1.` is what keeps the
//! line from being a list item, the larger change. When QA602 runs, it reports that line once
//! and its fix mends the bold too; this rule reports it only when QA602 is off. A Python name
//! spaced out so that its underscores show (`if __ name __ == "__ main __":`, one identifier
//! between spaced `__`) is left alone: the reader sees the underscores, as meant.
//!
//! **Why.** Readers see the asterisks or underscores instead of bold text.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a tensor?
//!
//! A ** multi-dimensional** array.
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a tensor?
//!
//! A **multi-dimensional** array; in Python, `2 ** 3` is 8 and so is 2 ** 3.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** Safe: it removes the spaces between the delimiters and the text (or moves the space
//! out, `**Underfitting** is`, or sets one beside a glued run, `**Note:** text`), which is what
//! the author meant to render; a space beside a glued run is offered only when it adds that
//! bold and no other. In the glued list case (when QA602 is off) it also inserts the space
//! after the marker (`1. **X-ray**`), declared as a change of structure: the line becomes a list
//! item.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use crate::model::scan::parser_options;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA601",
    name: "malformed-emphasis",
    family: Family::Markup,
    summary: "Emphasis that does not render because of its spacing",
    default_severity: Severity::Warning,
};

struct MalformedEmphasis {
    /// QA602 runs too: it reports a glued list marker, so this rule leaves that line alone.
    list_rule_active: bool,
}

pub fn build(opts: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(MalformedEmphasis {
        list_rule_active: opts.enabled(&super::qa602_malformed_list_number::META),
    }))
}

impl Rule for MalformedEmphasis {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text: &str = &doc.text;
        if !text.contains("**") && !text.contains("__") {
            return;
        }
        let list_rule_active = self.list_rule_active;
        for line in 0..doc.lines.line_count() {
            let lr = doc.lines.line_range(text, line);
            let s = &text[lr.clone()];
            if !s.contains("**") && !s.contains("__") {
                continue;
            }
            let all = candidates(doc, lr);
            for cand in &all {
                if let Some(d) = diagnose(doc, line, cand, &all, list_rule_active) {
                    out.push(d);
                }
            }
        }
    }
}

/// What is on one side of a delimiter run, on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Start or end of the line.
    Edge,
    Space,
    Punct,
    Word,
}

fn side(c: Option<char>) -> Side {
    match c {
        None => Side::Edge,
        Some(c) if c.is_whitespace() => Side::Space,
        Some(c) if c.is_alphanumeric() => Side::Word,
        Some(_) => Side::Punct,
    }
}

/// A run of exactly two `*` or `_` on a line.
#[derive(Debug, Clone, Copy)]
struct Run {
    pos: usize,
    ch: u8,
    before: Side,
    after: Side,
}

impl Run {
    fn loose(&self) -> bool {
        self.before == Side::Space && self.after == Side::Space
    }
}

/// A pair of runs whose spacing keeps them from rendering: `(opening, closing)`.
struct Candidate {
    open: Run,
    close: Run,
    /// Whitespace after the opening run / before the closing run, to remove.
    after_open: Option<Range<usize>>,
    before_close: Option<Range<usize>>,
    /// The closing run is glued to the next word (`**Underfitting **is`): the space before it
    /// moves after it.
    move_space: bool,
    /// A run that punctuation keeps from flanking its text (`**Note:**text`, `text**:Note**`):
    /// a space set between it and the word it is glued to.
    glued: Option<Glued>,
}

/// Which run of a pair is glued to a word across punctuation, and so stays text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glued {
    /// `**Note:**text`: a space goes after the closing run.
    Close,
    /// `text**:Note**`: a space goes before the opening run.
    Open,
}

/// Whether a file offset is prose the rule may look at.
fn is_prose(doc: &Document, pos: usize) -> bool {
    // Formulas and links are in source order: only those starting at or before `pos` (a few
    // nest, so look back a little) can hold it.
    let f = doc.formulas.partition_point(|f| f.range.start <= pos);
    let l = doc.links.partition_point(|l| l.range.start <= pos);
    !doc.in_code(pos)
        && !doc.formulas[..f]
            .iter()
            .rev()
            .take(8)
            .any(|f| f.range.contains(&pos))
        && !doc.links[..l].iter().rev().take(8).any(|l| {
            l.range.contains(&pos) && !l.text_span.as_ref().is_some_and(|t| t.contains(&pos))
        })
}

/// Pairs of delimiter runs on one line with a stray space inside (textual pre-check only).
fn candidates(doc: &Document, lr: Range<usize>) -> Vec<Candidate> {
    let text: &str = &doc.text;
    let line = &text[lr.clone()];
    let bytes = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'*' && b != b'_' {
            i += 1;
            continue;
        }
        let len = bytes[i..].iter().take_while(|&&c| c == b).count();
        let backslashes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        if len == 2 && backslashes % 2 == 0 && is_prose(doc, lr.start + i) {
            runs.push(Run {
                pos: lr.start + i,
                ch: b,
                before: side(line[..i].chars().next_back()),
                after: side(line[i + 2..].chars().next()),
            });
        }
        i += len;
    }
    let mut out = Vec::new();
    for ch in [b'*', b'_'] {
        let same: Vec<Run> = runs.iter().filter(|r| r.ch == ch).copied().collect();
        for pair in same.chunks_exact(2) {
            let (a, b) = (pair[0], pair[1]);
            // `x**2` glued to words is not a delimiter pair; a closing run with a space before
            // it and a word after it (`**Underfitting **is`) is one, with the space misplaced.
            let move_space = b.before == Side::Space && b.after == Side::Word;
            let glued = glued_run(a, b);
            if glued.is_none() && (a.before == Side::Word || (b.after == Side::Word && !move_space))
            {
                continue;
            }
            let inner = &text[a.pos + 2..b.pos];
            if !inner.chars().any(char::is_alphabetic) || inner.trim().is_empty() {
                continue;
            }
            // `__ name __` is a Python name spaced out so that its underscores show.
            if ch == b'_' && a.after == Side::Space && b.before == Side::Space && identifier(inner)
            {
                continue;
            }
            // `2 ** 3 ** 4`, `a ** b ** c`, `x ** y **z` are arithmetic; `is ** regularisation
            // ** and` is not.
            if (a.loose() && b.loose() || a.loose() && move_space || glued == Some(Glued::Open))
                && looks_like_arithmetic(inner)
            {
                continue;
            }
            // Fill-in-the-blank quizzes use `**` or `**\_` as the blank: `the size of a ** and
            // the size of a char is **.` is two blanks around a clause (a space inside both
            // runs), not bold; `3. ** What is a feature flag?**` is a title with one stray space.
            let words = inner.split_whitespace().count();
            let blank = inner.trim_start().starts_with(['_', '\\'])
                || inner.trim_end().ends_with(['_', '\\']);
            let clause = words > 4 || inner.contains([',', '，', '、', ';', '；']);
            let spaced_inside = a.after == Side::Space && b.before == Side::Space;
            if blank || (spaced_inside && (a.loose() || b.loose()) && clause) {
                continue;
            }
            let lead = inner.len() - inner.trim_start_matches([' ', '\t']).len();
            let trail = inner.len() - inner.trim_end_matches([' ', '\t']).len();
            let after_open =
                (a.after == Side::Space && lead > 0).then(|| a.pos + 2..a.pos + 2 + lead);
            let before_close = (b.before == Side::Space && trail > 0).then(|| b.pos - trail..b.pos);
            if after_open.is_none() && before_close.is_none() && glued.is_none() {
                continue;
            }
            out.push(Candidate {
                open: a,
                close: b,
                after_open,
                before_close,
                move_space,
                glued,
            });
        }
    }
    out
}

/// The run of a pair that punctuation keeps from flanking the text between them, the pair
/// otherwise well formed: a closing run after punctuation and before a word (`**Note:**text`),
/// or an opening run after a word and before punctuation (`text**:Note**`).
fn glued_run(a: Run, b: Run) -> Option<Glued> {
    let open_fits =
        matches!(a.before, Side::Edge | Side::Space | Side::Punct) && a.after != Side::Space;
    let close_fits =
        matches!(b.after, Side::Edge | Side::Space | Side::Punct) && b.before != Side::Space;
    if open_fits && b.before == Side::Punct && b.after == Side::Word {
        Some(Glued::Close)
    } else if close_fits && a.before == Side::Word && a.after == Side::Punct {
        Some(Glued::Open)
    } else {
        None
    }
}

/// Whether `inner`, trimmed, is one identifier (`name`, `init_db`), as in a spaced-out Python
/// name (`__ main __`).
fn identifier(inner: &str) -> bool {
    let w = inner.trim();
    w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Text between two spaced `**` that reads as an expression: digits, operators or only short
/// names (`a ** b ** c`, `x ** n`).
fn looks_like_arithmetic(inner: &str) -> bool {
    inner
        .chars()
        .any(|c| c.is_ascii_digit() || "=+-/^<>()%".contains(c))
        || !inner
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.chars().count() >= 3)
}

/// The ordered-list marker glued before the opening run (`1.` in `1.** X-ray**`), if the run
/// directly follows one at the start of the line (after a block quote and up to 3 spaces).
fn glued_marker(doc: &Document, line: usize, open: usize) -> Option<Range<usize>> {
    let start = doc.lines.line_start(line);
    let prefix = &doc.text[start..open];
    let body = start + quote_prefix_len(prefix);
    let rest = &doc.text[body..open];
    let indent = rest.len() - rest.trim_start_matches(' ').len();
    let marker = &rest[indent..];
    let digits = marker.bytes().take_while(u8::is_ascii_digit).count();
    (indent <= 3
        && (1..=9).contains(&digits)
        && marker.len() == digits + 1
        && marker.ends_with(['.', ')']))
    .then(|| body + indent..open)
}

/// The edits that repair a candidate (the stray spaces removed or moved out, and a space
/// inserted after a glued list marker when `marker` is given), when the delimiters are literal
/// text in their block now and the parser makes them bold exactly between them once the edits
/// are applied. Two broken pairs on a line whose outer runs the parser pairs instead (`**Never
/// ** use … is ** shared**`: bold with literal `**` inside) count as literal text too: `others`
/// are the line's other candidates.
fn repair(
    doc: &Document,
    line: usize,
    c: &Candidate,
    marker: Option<&Range<usize>>,
    others: &[Candidate],
) -> Option<Vec<Edit>> {
    let block = Block::around(doc, line);
    let (a, b) = (block.local(c.open.pos)?, block.local(c.close.pos)?);
    let before = parse(&block.text);
    let literal = before.is_text(a..a + 2) && before.is_text(b..b + 2);
    let crossed = || {
        others.iter().any(|o| {
            let (oa, ob) = (block.local(o.open.pos), block.local(o.close.pos));
            let outer = match (oa, ob) {
                (_, Some(ob)) if ob > b => a..ob + 2,
                (Some(oa), _) if oa < a => oa..b + 2,
                _ => return false,
            };
            before.strong.contains(&outer)
        })
    };
    if !literal && !crossed() {
        return None;
    }
    let mut edits: Vec<Edit> = Vec::new();
    if let Some(m) = marker {
        edits.push(Edit::replace(m.end..m.end, " "));
    }
    edits.extend(c.after_open.clone().map(|r| Edit::replace(r, "")));
    edits.extend(c.before_close.clone().map(|r| Edit::replace(r, "")));
    if c.glued == Some(Glued::Open) {
        edits.insert(0, Edit::replace(c.open.pos..c.open.pos, " "));
    }
    if c.move_space || c.glued == Some(Glued::Close) {
        let end = c.close.pos + 2;
        edits.push(Edit::replace(end..end, " "));
    }
    let local: Vec<(Range<usize>, &str)> = edits
        .iter()
        .map(|e| {
            let s = block.local(e.range.start)?;
            Some((s..s + e.range.len(), e.content.as_str()))
        })
        .collect::<Option<_>>()?;
    let after = parse(&apply_local(&block.text, &local));
    let strong = shifted(a, &local)..shifted(b, &local) + 2;
    // A space set beside a glued run may free other runs on the line: it must add this bold only.
    let only_this = c.glued.is_none() || after.strong.len() == before.strong.len() + 1;
    (after.strong.contains(&strong) && only_this).then_some(edits)
}

/// Malformed emphasis opening right after a glued list marker (`1.** X-ray**`), for QA602,
/// which reports that line once for both defects.
pub(super) struct GluedEmphasis {
    /// The edits inside the emphasis (stray spaces removed).
    pub edits: Vec<Edit>,
    /// The emphasis as written (`** X-ray**`) and as it should be (`**X-ray**`).
    pub written: Range<usize>,
    pub fixed: String,
    /// The delimiter runs with a stray space next to them, and where the space is.
    pub labels: Vec<(Range<usize>, &'static str)>,
}

/// The malformed emphasis whose opening run directly follows the glued marker `marker` on
/// `line`, verified as QA601 verifies its own findings (with the space after the marker
/// inserted too when `with_marker_space`).
pub(super) fn glued_emphasis(
    doc: &Document,
    line: usize,
    marker: &Range<usize>,
    with_marker_space: bool,
) -> Option<GluedEmphasis> {
    let lr = doc.lines.line_range(&doc.text, line);
    let c = candidates(doc, lr)
        .into_iter()
        .find(|c| c.open.pos == marker.end && c.glued.is_none())?;
    let edits = repair(doc, line, &c, with_marker_space.then_some(marker), &[])?;
    let edits = edits
        .into_iter()
        .filter(|e| e.range.start != marker.end || !e.range.is_empty())
        .collect();
    let delim = if c.open.ch == b'*' { "**" } else { "__" };
    let inner = doc.slice(c.open.pos + 2..c.close.pos).trim();
    let mut labels = Vec::new();
    if c.after_open.is_some() {
        labels.push((c.open.pos..c.open.pos + 2, "followed by a space"));
    }
    if c.before_close.is_some() {
        labels.push((c.close.pos..c.close.pos + 2, "preceded by a space"));
    }
    Some(GluedEmphasis {
        edits,
        written: c.open.pos..c.close.pos + 2,
        fixed: format!("{delim}{inner}{delim}"),
        labels,
    })
}

fn diagnose(
    doc: &Document,
    line: usize,
    c: &Candidate,
    others: &[Candidate],
    list_rule_active: bool,
) -> Option<Diagnostic> {
    let marker = glued_marker(doc, line, c.open.pos);
    // The glued list case is QA602's when it runs and reports the marker: one finding and one
    // fix for both defects.
    if list_rule_active
        && let Some(m) = &marker
        && super::qa602_malformed_list_number::reported_marker(doc, line).as_ref() == Some(m)
    {
        return None;
    }
    let insert_space = marker.as_ref().filter(|_| !list_rule_active);
    let edits = repair(doc, line, c, insert_space, others)?;

    let delim = if c.open.ch == b'*' { "**" } else { "__" };
    let written = doc.slice(marker.as_ref().map_or(c.open.pos, |m| m.start)..c.close.pos + 2);
    let inner = doc.slice(c.open.pos + 2..c.close.pos).trim();
    // The word the closing run is glued to, which the moved space sets apart.
    let next_word = if c.move_space || c.glued == Some(Glued::Close) {
        let rest = doc.slice(c.close.pos + 2..doc.text.len());
        let n = rest
            .find(|ch: char| !ch.is_alphanumeric())
            .unwrap_or(rest.len());
        format!(" {}", &rest[..n])
    } else {
        String::new()
    };
    // The word the opening run is glued to (`text**:Note**`), set apart the same way.
    let prev_word = if c.glued == Some(Glued::Open) {
        let back = doc.slice(doc.lines.line_start(line)..c.open.pos);
        let n = back.rfind(|ch: char| !ch.is_alphanumeric()).map_or(0, |i| {
            i + back[i..].chars().next().map_or(1, char::len_utf8)
        });
        format!("{} ", &back[n..])
    } else {
        String::new()
    };
    let fixed = match &marker {
        Some(m) => format!("{} {delim}{inner}{delim}{next_word}", doc.slice(m.clone())),
        None => format!("{prev_word}{delim}{inner}{delim}{next_word}"),
    };
    let quoted = match c.glued {
        Some(Glued::Close) => excerpt(&format!("{written}{}", next_word.trim_start()), 50),
        Some(Glued::Open) => excerpt(&format!("{}{written}", prev_word.trim_end()), 50),
        None => excerpt(written, 50),
    };
    let (span, msg, label) = match (&c.after_open, &c.before_close) {
        _ if c.glued == Some(Glued::Close) => (
            c.close.pos..c.close.pos + 2,
            format!(
                "`{quoted}` does not render as bold: a closing `{delim}` after punctuation needs a \
                 space or punctuation after it"
            ),
            "glued to the next word",
        ),
        _ if c.glued == Some(Glued::Open) => (
            c.open.pos..c.open.pos + 2,
            format!(
                "`{quoted}` does not render as bold: an opening `{delim}` before punctuation needs a \
                 space or punctuation before it"
            ),
            "glued to the word before",
        ),
        (Some(_), None) => (
            c.open.pos..c.open.pos + 2,
            format!(
                "`{quoted}` does not render as bold: no space may follow the opening `{delim}`"
            ),
            "followed by a space",
        ),
        (None, Some(_)) => (
            c.close.pos..c.close.pos + 2,
            format!(
                "`{quoted}` does not render as bold: no space may precede the closing `{delim}`"
            ),
            "preceded by a space",
        ),
        _ => (
            c.open.pos..c.open.pos + 2,
            format!(
                "`{quoted}` does not render as bold: no space may follow the opening `{delim}` or precede the closing one"
            ),
            "followed by a space",
        ),
    };
    let mut d = Diagnostic::new(&META, span, msg)
        .with_label(label)
        .with_help(format!("write `{}`", excerpt(&fixed, 60)));
    if c.after_open.is_some() && c.before_close.is_some() {
        d = d.with_secondary(c.close.pos..c.close.pos + 2, "preceded by a space");
    }
    let fix = match insert_space {
        // The space after the marker may make the line the list item it was meant to be: a
        // declared structure change.
        Some(m) => Fix::safe(
            format!(
                "Remove the spaces inside the emphasis and insert one after `{}`",
                doc.slice(m.clone())
            ),
            edits,
        )
        .structural(),
        None if c.move_space => Fix::safe("Move the space out of the emphasis", edits),
        None if c.glued == Some(Glued::Close) => {
            Fix::safe("Insert a space after the emphasis", edits)
        }
        None if c.glued == Some(Glued::Open) => {
            Fix::safe("Insert a space before the emphasis", edits)
        }
        None => Fix::safe("Remove the spaces inside the emphasis", edits),
    };
    Some(d.with_fix(fix))
}

/// Length of the block-quote markers (`> `, `>> `) opening a line.
pub(super) fn quote_prefix_len(line: &str) -> usize {
    let mut pos = 0;
    loop {
        let rest = &line[pos..];
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if indent > 3 || !rest[indent..].starts_with('>') {
            return pos;
        }
        pos += indent + 1;
        if line[pos..].starts_with([' ', '\t']) {
            pos += 1;
        }
    }
}

/// The contiguous non-blank lines around a line, block-quote markers and their common
/// indentation removed, to be parsed again on their own; with a map back to the file.
pub(super) struct Block {
    pub text: String,
    /// Per line: `(offset in text, offset in the file, length)`.
    lines: Vec<(usize, usize, usize)>,
}

impl Block {
    pub(super) fn around(doc: &Document, line: usize) -> Block {
        let text: &str = &doc.text;
        let is_break = |l: usize| {
            let r = doc.lines.line_range(text, l);
            let s = &text[r.clone()];
            let body = s.trim();
            if body.is_empty() {
                return true;
            }
            // A line wholly inside code or a comment (a fence, a comment line) ends the block.
            let first = r.start + (s.len() - s.trim_start().len());
            let last = r.start + s.trim_end().len() - 1;
            doc.in_code(first) && doc.in_code(last)
        };
        let mut first = line;
        while first > 0 && !is_break(first - 1) {
            first -= 1;
        }
        let mut last = line;
        while last + 1 < doc.lines.line_count() && !is_break(last + 1) {
            last += 1;
        }
        let parts: Vec<(usize, &str)> = (first..=last)
            .map(|l| {
                let r = doc.lines.line_range(text, l);
                let s = &text[r.clone()];
                let q = quote_prefix_len(s);
                (r.start + q, &s[q..])
            })
            .collect();
        let common = parts
            .iter()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(_, s)| s.len() - s.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let mut out = Block {
            text: String::new(),
            lines: Vec::new(),
        };
        for (start, s) in parts {
            let cut = common.min(s.len() - s.trim_start_matches(' ').len());
            out.lines.push((out.text.len(), start + cut, s.len() - cut));
            out.text.push_str(&s[cut..]);
            out.text.push('\n');
        }
        out
    }

    /// The file offset where the block's text starts.
    pub(super) fn file_start(&self) -> usize {
        self.lines.first().map_or(0, |l| l.1)
    }

    /// The block offset of a file offset, when it is inside the block's text.
    pub(super) fn local(&self, off: usize) -> Option<usize> {
        self.lines
            .iter()
            .find(|(_, f, len)| (*f..=*f + *len).contains(&off))
            .map(|(t, f, _)| t + off - f)
    }
}

/// What a second parse of a block found.
#[derive(Default)]
pub(super) struct Parsed {
    /// Text events outside code blocks and image descriptions, with whether they are paragraph
    /// text (in a paragraph or a tight list item, not in a heading or a table cell).
    pub text: Vec<(Range<usize>, bool)>,
    pub strong: Vec<Range<usize>>,
    pub items: Vec<usize>,
}

impl Parsed {
    /// Whether every byte of `r` is inside a text event (the parser splits literal delimiter
    /// runs into one event per character).
    pub fn is_text(&self, r: Range<usize>) -> bool {
        r.into_iter()
            .all(|p| self.text.iter().any(|(t, _)| t.contains(&p)))
    }
}

pub(super) fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let (mut code, mut image, mut other) = (0usize, 0usize, 0usize);
    for (event, range) in Parser::new_ext(text, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::Start(Tag::Heading { .. } | Tag::TableCell) => other += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::TableCell) => other = other.saturating_sub(1),
            Event::Start(Tag::Strong) => out.strong.push(range),
            Event::Start(Tag::Item) => out.items.push(range.start),
            Event::Text(_) if code == 0 && image == 0 => {
                out.text.push((range, other == 0));
            }
            _ => {}
        }
    }
    out
}

/// `text` with sorted, non-overlapping `edits` applied.
pub(super) fn apply_local(text: &str, edits: &[(Range<usize>, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut pos = 0;
    for (r, s) in edits {
        out.push_str(&text[pos..r.start]);
        out.push_str(s);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Where `pos` moves to once `edits` are applied (edits ending at or before it shift it).
pub(super) fn shifted(pos: usize, edits: &[(Range<usize>, &str)]) -> usize {
    edits
        .iter()
        .filter(|(r, _)| r.end <= pos)
        .fold(pos as isize, |p, (r, s)| {
            p + s.len() as isize - r.len() as isize
        }) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_sees_literal_and_strong() {
        let p = parse("** bold** and **real**\n");
        assert!(p.is_text(0..2));
        assert_eq!(p.strong, vec![14..22]);
        let p = parse("1. item\n2. next\n");
        assert_eq!(p.items, vec![0, 8]);
    }

    #[test]
    fn quote_prefix() {
        assert_eq!(quote_prefix_len("> a"), 2);
        assert_eq!(quote_prefix_len(" >> a"), 4);
        assert_eq!(quote_prefix_len("a > b"), 0);
    }

    #[test]
    fn shifting() {
        let edits = [(2..3, ""), (5..5, " ")];
        assert_eq!(shifted(1, &edits), 1);
        assert_eq!(shifted(4, &edits), 3);
        assert_eq!(shifted(6, &edits), 6);
        assert_eq!(apply_local("ab cdef", &edits), "abcd ef");
    }
}
