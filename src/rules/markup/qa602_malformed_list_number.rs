//! `QA602 malformed-list-number`: An ordered-list marker glued to its text renders as a paragraph.
//!
//! **What it does.** Finds paragraph lines that start (after a block quote and up to 3 spaces)
//! with an ordered-list marker and no space after it: `2.Text`, `3)Text`, `10.What`,
//! `1.**Bold**`. The character after the marker must be a letter, `*`, `_`, `[`, `` ` `` or `(`,
//! so decimals, versions, dates and times (`2.5 m`, `1.0.3`, `12.05.2024`, `10:30`), a lone `1.`
//! and abbreviations (`e.g.`) are left alone, and so are file names and version ranges such as
//! `1.txt`, `3.x` or `2.X`, and a quiz's answer key on one line (`1.A  2.C  3.B`: two or more
//! answers, each a number and one letter). Code, comments, table rows and headings are never
//! looked at: the block around a candidate is parsed again to make sure the line really is
//! paragraph text. Bold with a stray space right after the marker (`1.** X-ray**: text`) is
//! the same defect, and this rule owns it: the glued marker is what keeps the line from being
//! a list item, the larger change, and the bold is mended in the same edit. The line is
//! reported once, here, naming both; QA601 (malformed emphasis) leaves it alone while this
//! rule runs.
//!
//! **Why.** Without the space the line is not a list item: it runs into the paragraph before it,
//! and the numbers are not rendered as a list.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What are the steps?
//!
//! 1.Collect the data
//! 2.Train the model
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What are the steps?
//!
//! 1. Collect the data
//! 2. Train the model
//!
//! Use version 1.0.3 or 2.x, at 10:30 on 12.05.2024.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** Safe: it inserts one space after the marker (and, before glued bold, removes the
//! spaces inside the bold: `1. **X-ray**: text`), and is only offered when the block, parsed
//! again with the spaces inserted, turns the line into a list item. A line that continues a
//! paragraph and does not start at 1 cannot start a list (CommonMark lets only a list starting
//! at 1 interrupt a paragraph): when the line before introduces a list (ends with `:`), is
//! itself reported or is a numbered step (`- [ ] 1.Draw`), it is reported without a fix for
//! the marker, only the glued bold mended; otherwise it is a sentence wrapped before a number
//! (`dropped Python` / `2.A long ago`) and stays silent. Nor is the marker fixed when the new
//! list would make a later ordered list render other numbers (`Steps:` / `1.Fetch` / `2.Merge`,
//! then the question item `5. ### …` after a blank line, which would continue the new list as
//! `3.`): the help says to indent the steps under their item or end the list.

use std::collections::HashMap;
use std::ops::Range;

use super::qa601_malformed_emphasis::{
    Block, Parsed, apply_local, glued_emphasis, parse, quote_prefix_len, shifted,
};
use crate::base::diagnostic::Family;
use crate::base::diagnostic::RuleRef;
use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity, excerpt};
use crate::model::document::Document;
use crate::model::skeleton;
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA602",
    name: "malformed-list-number",
    family: Family::Markup,
    summary: "An ordered-list marker glued to its text renders as a paragraph",
    default_severity: Severity::Warning,
};

struct MalformedListNumber;

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(MalformedListNumber))
}

/// A line that starts with a glued marker: where the marker is (`2.`), by file offsets.
struct Candidate {
    line: usize,
    marker: Range<usize>,
}

impl Rule for MalformedListNumber {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(&META)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let cands: Vec<Candidate> = (0..doc.lines.line_count())
            .filter_map(|line| candidate(doc, line))
            .collect();
        if cands.is_empty() {
            return;
        }
        // Candidates grouped by the block they are in, so that a whole glued list is fixed
        // together (`1.A` / `2.B`: only with both spaces inserted is `2. B` a list item).
        let mut blocks: HashMap<usize, (Block, Vec<Candidate>)> = HashMap::new();
        let mut order = Vec::new();
        for c in cands {
            let block = Block::around(doc, c.line);
            // The file offset of the block's first character identifies it.
            let key = block.file_start();
            match blocks.get_mut(&key) {
                Some((_, v)) => v.push(c),
                None => {
                    order.push(key);
                    blocks.insert(key, (block, vec![c]));
                }
            }
        }
        // The spaces of the blocks fixed so far: a block's fix is offered only when, with
        // them, it renumbers no later list.
        let mut spaced = Spaced::default();
        for key in order {
            let (block, cands) = &blocks[&key];
            let mut selected = select(doc, block, cands);
            let renumbers = spaced.add(doc, &selected);
            for s in &mut selected {
                s.renumbers = renumbers;
            }
            check_block(doc, selected, out);
        }
    }
}

/// The glued marker opening `line`, when it is outside code and formulas (textual check only).
fn candidate(doc: &Document, line: usize) -> Option<Candidate> {
    let lr = doc.lines.line_range(&doc.text, line);
    let marker = glued_marker(&doc.text[lr.clone()])?;
    let marker = lr.start + marker.start..lr.start + marker.end;
    (!doc.in_code(marker.start) && !doc.formulas.iter().any(|f| f.range.contains(&marker.start)))
        .then_some(Candidate { line, marker })
}

/// Where the marker is inside the block, when the parser really took it as paragraph text.
fn in_paragraph(block: &Block, before: &Parsed, marker: &Range<usize>) -> Option<usize> {
    let l = block.local(marker.start)?;
    before
        .text
        .iter()
        .any(|(t, para)| *para && t.start <= l && l + marker.len() <= t.end)
        .then_some(l)
}

/// The glued marker this rule reports on `line`, if any: QA601 leaves the glued list case
/// (`1.** X-ray**`) to this rule when it runs.
pub(super) fn reported_marker(doc: &Document, line: usize) -> Option<Range<usize>> {
    let c = candidate(doc, line)?;
    let block = Block::around(doc, line);
    let cands: Vec<Candidate> = (0..doc.lines.line_count())
        .filter_map(|l| candidate(doc, l))
        .filter(|c| block.local(c.marker.start).is_some())
        .collect();
    select(doc, &block, &cands)
        .iter()
        .any(|s| s.candidate.line == line)
        .then_some(c.marker)
}

/// A candidate this rule reports, and whether the fix makes it the list item it was meant to be.
struct Selected<'c> {
    candidate: &'c Candidate,
    becomes_item: bool,
    /// The later item the new list would renumber: no marker fix then.
    renumbers: Option<Renumbered>,
}

/// The candidates of a block that are reported: those the parser really took as paragraph
/// text, less the lines that only continue a sentence (see `announced`).
fn select<'c>(doc: &Document, block: &Block, cands: &'c [Candidate]) -> Vec<Selected<'c>> {
    let before = parse(&block.text);
    // Keep the lines the parser really took as paragraph text.
    let real: Vec<(&Candidate, usize)> = cands
        .iter()
        .filter_map(|c| in_paragraph(block, &before, &c.marker).map(|l| (c, l)))
        .collect();
    if real.is_empty() {
        return Vec::new();
    }
    let edits: Vec<(Range<usize>, &str)> = real
        .iter()
        .map(|(c, l)| (l + c.marker.len()..l + c.marker.len(), " "))
        .collect();
    let after = parse(&apply_local(&block.text, &edits));
    let mut out: Vec<Selected> = Vec::new();
    for (candidate, local) in real {
        let becomes_item = after.items.contains(&shifted(local, &edits));
        let reported = |l: usize| out.iter().any(|s| s.candidate.line == l);
        if becomes_item || announced(doc, candidate.line, reported) {
            out.push(Selected {
                candidate,
                becomes_item,
                renumbers: None,
            });
        }
    }
    out
}

/// An item after a block that the block's fix would make render another number.
#[derive(Clone, Copy)]
struct Renumbered {
    /// 1-based line of the item.
    line: usize,
    written: u64,
    rendered: u64,
}

/// The spaces the fixes of a file's blocks insert so far, and the file's skeleton before them.
#[derive(Default)]
struct Spaced {
    edits: Vec<(Range<usize>, &'static str)>,
    before: Option<Vec<skeleton::Block>>,
}

impl Spaced {
    /// Add the spaces of a block's items (blocks come in file order), unless with them the new
    /// items would start a list that a later ordered list continues: then the later item that
    /// would render another number (`Steps:` / `1.Fetch` spaced, and the question item
    /// `3. ### …` after a blank line renders as `4.`).
    fn add(&mut self, doc: &Document, selected: &[Selected]) -> Option<Renumbered> {
        let mut edits = self.edits.clone();
        edits.extend(
            selected
                .iter()
                .filter(|s| s.becomes_item)
                .map(|s| (s.candidate.marker.end..s.candidate.marker.end, " ")),
        );
        if edits.len() == self.edits.len() {
            return None;
        }
        let before = self
            .before
            .get_or_insert_with(|| skeleton::skeleton(&doc.text));
        let after = skeleton::skeleton(&apply_local(&doc.text, &edits));
        match skeleton::renumbered(before, &after, |p| shifted(p, &edits)) {
            Some((b, a)) => Some(Renumbered {
                line: doc.lines.position(&doc.text, b.start).line,
                written: b.number?.written,
                rendered: a.number?.rendered,
            }),
            None => {
                self.edits = edits;
                None
            }
        }
    }
}

fn check_block(doc: &Document, selected: Vec<Selected>, out: &mut Vec<Diagnostic>) {
    for Selected {
        candidate: c,
        becomes_item,
        renumbers,
    } in selected
    {
        let marker = doc.slice(c.marker.clone());
        let lr = doc.lines.line_range(&doc.text, c.line);
        // Malformed bold glued to the marker (`1.** X-ray**`) is the same defect: reported here
        // once, and repaired with the marker.
        // A fix that would renumber a later list leaves the marker as it is.
        let spaced = becomes_item && renumbers.is_none();
        let emphasis = glued_emphasis(doc, c.line, &c.marker, spaced);
        let rest = doc.slice(c.marker.end..lr.end).trim_end();
        let written = excerpt(&format!("{marker}{rest}"), 40);
        let fixed_rest = match &emphasis {
            Some(e) => format!("{}{}", e.fixed, doc.slice(e.written.end..lr.end).trim_end()),
            None => rest.to_string(),
        };
        let fixed = excerpt(&format!("{marker} {fixed_rest}"), 41);
        let message = match &emphasis {
            Some(e) => format!(
                "`{written}` is not a list item and does not render bold: the marker `{marker}` needs a space after it and `{}` none inside",
                excerpt(doc.slice(e.written.clone()), 30)
            ),
            None => format!(
                "`{written}` is not a list item: the marker `{marker}` needs a space after it"
            ),
        };
        let mut d = Diagnostic::new(&META, c.marker.clone(), message)
            .with_label("no space after the marker");
        for (span, text) in emphasis.iter().flat_map(|e| e.labels.iter()) {
            d = d.with_secondary(span.clone(), *text);
        }
        let space = Edit::replace(c.marker.end..c.marker.end, " ");
        if let (false, Some(r)) = (spaced, renumbers.filter(|_| becomes_item)) {
            d = d.with_help(format!(
                "write `{fixed}` indented under the item it belongs to, or end the list before the next one: spaced here, it would start a list that the item `{}.` at line {} continues, rendering as `{}.`",
                r.written, r.line, r.rendered
            ));
            if let Some(e) = emphasis {
                d = d.with_fix(Fix::safe("Remove the spaces inside the emphasis", e.edits));
            }
        } else if spaced {
            // The line becomes the list item it was meant to be: a declared structure change.
            let (title, edits) = match emphasis {
                Some(e) => (
                    format!(
                        "Insert a space after `{marker}` and remove the spaces inside the emphasis"
                    ),
                    std::iter::once(space).chain(e.edits).collect(),
                ),
                None => (format!("Insert a space after `{marker}`"), vec![space]),
            };
            d = d
                .with_help(format!("write `{fixed}`"))
                .with_fix(Fix::safe(title, edits).structural());
        } else {
            d = d.with_help(format!(
                "write `{fixed}` and leave a blank line before it: a list that interrupts a paragraph must start at 1"
            ));
            // The bold can still be mended where it is; the marker cannot.
            if let Some(e) = emphasis {
                d = d.with_fix(Fix::safe("Remove the spaces inside the emphasis", e.edits));
            }
        }
        out.push(d);
    }
}

/// Whether a line that continues a paragraph (a glued marker that, spaced, would still not
/// start a list) was meant as a list item: the line before introduces a list (ends with `:`),
/// is one this rule reports, or is itself a numbered step (`- [ ] 1.Draw`, `1. Draw`; a line
/// opening with a glued marker only when reported).
/// Otherwise it is a sentence wrapped before a number (`dropped Python` / `2.A long ago`).
fn announced(doc: &Document, line: usize, reported: impl Fn(usize) -> bool) -> bool {
    let Some(prev) = line.checked_sub(1) else {
        return false;
    };
    let text = doc.slice(doc.lines.line_range(&doc.text, prev)).trim_end();
    // A glued marker before counts only when reported: else it is wrapped prose too.
    reported(prev) || text.ends_with(':') || (numbered_step(text) && glued_marker(text).is_none())
}

/// Whether a line opens, after block-quote, bullet and task-list markers, with an ordered-list
/// marker, spaced or glued (`- [ ] 1.Draw`).
fn numbered_step(line: &str) -> bool {
    let mut rest = line[quote_prefix_len(line)..].trim_start();
    for prefix in ["- ", "* ", "+ ", "[ ]", "[x]", "[X]"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=9).contains(&digits)
        && rest[digits..].starts_with(['.', ')'])
        && rest[digits + 1..].starts_with(|c: char| c.is_alphabetic() || c.is_whitespace())
}

/// The glued ordered-list marker opening a line (`2.` in `2.Text`), as a range of the line.
fn glued_marker(line: &str) -> Option<Range<usize>> {
    let q = quote_prefix_len(line);
    let rest = &line[q..];
    let indent = rest.len() - rest.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let body = &rest[indent..];
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let delim = *body.as_bytes().get(digits)?;
    if delim != b'.' && delim != b')' {
        return None;
    }
    let after = &body[digits + 1..];
    let next = after.chars().next()?;
    if !(next.is_alphabetic() || matches!(next, '*' | '_' | '[' | '`' | '(')) {
        return None;
    }
    if delim == b'.' && looks_like_name(after) || answer_key(body) {
        return None;
    }
    let start = q + indent;
    Some(start..start + digits + 1)
}

/// A quiz's answer key on one line (`1.A  2.C  3.B`, `1)b, 2)d`): two or more tokens, each a
/// number, `.` or `)` and one letter. Spaced, its first token would make the line one list
/// item (`B  2.B`), worse than the compact key the author wrote.
fn answer_key(line: &str) -> bool {
    let mut tokens = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .filter(|t| !t.is_empty());
    let answer = |t: &str| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let rest = t[digits..].strip_prefix(['.', ')']).unwrap_or("");
        let mut letters = rest.chars();
        (1..=3).contains(&digits)
            && letters.next().is_some_and(|c| c.is_ascii_alphabetic())
            && letters.as_str().is_empty()
    };
    let mut n = 0;
    tokens.all(|t| {
        n += 1;
        answer(t)
    }) && n >= 2
}

/// `txt` in `1.txt`, `x` in `3.x`, `X` in `2.X`: a short lowercase word (or a capital `X`)
/// glued after a dot is a file extension or a version range, not the text of a list item.
fn looks_like_name(after: &str) -> bool {
    let word: &str = &after[..after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len())];
    let end = after[word.len()..].chars().next();
    let lowercase = word.len() <= 4
        && word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (lowercase || word == "X")
        && end.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        for yes in ["- [ ]     1.Draw an arc", "1. Draw", "> 3)Draw"] {
            assert!(numbered_step(yes), "{yes}");
        }
        for no in [
            "Most libraries dropped Python",
            "1.5 million users",
            "- item",
            "2024",
        ] {
            assert!(!numbered_step(no), "{no}");
        }
    }

    #[test]
    fn markers() {
        assert_eq!(glued_marker("2.Text"), Some(0..2));
        assert_eq!(glued_marker("  10)What"), Some(2..5));
        assert_eq!(glued_marker("> 1.**Bold**"), Some(2..4));
        // One answer alone, or an answer key with a word in it, is a glued item.
        assert_eq!(glued_marker("1.B"), Some(0..2));
        assert_eq!(glued_marker("1.A 2.C Done"), Some(0..2));
        for no in [
            "2.5 m",
            "1.0.3",
            "3.14",
            "12.05.2024",
            "10:30",
            "1.",
            "1. Item",
            "e.g. this",
            "    2.Code",
            "1.txt is a file",
            "Python 3.x",
            "3.x and later",
            "2.X and 4.X are unsupported",
            "2.X.",
            "2.X, 3.X",
            "1.B  2.B",
            "1.A  2.C  3.B  4.D",
            "> 1)a, 2)d; 3)c",
        ] {
            assert_eq!(glued_marker(no), None, "{no}");
        }
    }
}
