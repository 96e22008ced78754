//! The structural guard: a fix pass or a renumbering is kept only when the document's block
//! skeleton after it is the one its declared structural fixes give (a question heading moved to
//! its expected level, `##Q5:` given the space that makes it a heading, `2.Text` made a list
//! item). Anything else (an answer falling out of its list item, a paragraph turned into indented
//! code) stops the file: it is left as it was, and the run says where. So does a change that
//! makes an ordered item that rendered its written number render another, declared or not:
//! `Steps:` / `1.Fetch` spaced into a list that the question item `3. ### …` after it then
//! continues, rendering as `4.`.

use crate::base::diagnostic::{Edit, Fix};
use crate::engine::fix;
use crate::model::line_index::LineIndex;
use crate::model::relink;
use crate::model::skeleton::{self, Block};

/// Why a fixed text was refused: the first block that changed, described for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructureChanged {
    /// 1-based line, in the text before the change, of the first block that changed.
    pub line: usize,
    pub message: String,
}

/// Check that `new` has the block structure of `expected` (the text before the change, with
/// only its declared structural fixes applied).
pub fn check(expected: &str, new: &str) -> Result<(), StructureChanged> {
    let before = skeleton::skeleton(expected);
    let after = skeleton::skeleton(new);
    let Some((_, b, a)) = skeleton::first_difference(&before, &after, |_, _| false) else {
        // The same blocks in the same order: each block is the one at its index.
        let moved: std::collections::HashMap<usize, usize> = before
            .iter()
            .zip(&after)
            .map(|(b, a)| (b.start, a.start))
            .collect();
        return numbers_kept(expected, &before, &after, |p| {
            moved.get(&p).copied().unwrap_or(usize::MAX)
        });
    };
    let at = b.map_or(expected.len(), |b| b.start);
    let line = LineIndex::new(expected).position(expected, at).line;
    let (was, now) = match (b, a) {
        (Some(b), Some(a)) if b.kind == a.kind => (
            format!("{} nested {} deep", b.kind.describe(), b.depth),
            format!(
                "nested {} deep (out of or into a list item or quote)",
                a.depth
            ),
        ),
        _ => (
            b.map_or("the end of the file".to_string(), |b| b.kind.describe()),
            a.map_or("nothing (the block is gone)".to_string(), |a| {
                a.kind.describe()
            }),
        ),
    };
    Err(StructureChanged {
        line,
        message: format!(
            "the fixes would change the document's structure at line {line}: {was} would become \
             {now}; the file was not written"
        ),
    })
}

/// Check that every ordered item of `before` (the skeleton of `text`) that rendered its
/// written number still does in `after`, or renders what it did; `moved` maps a block's start.
fn numbers_kept(
    text: &str,
    before: &[Block],
    after: &[Block],
    moved: impl Fn(usize) -> usize,
) -> Result<(), StructureChanged> {
    let Some((b, a)) = skeleton::renumbered(before, after, moved) else {
        return Ok(());
    };
    let (Some(was), Some(now)) = (b.number, a.number) else {
        return Ok(());
    };
    let line = LineIndex::new(text).position(text, b.start).line;
    Err(StructureChanged {
        line,
        message: format!(
            "the fixes would change the document's structure at line {line}: the list item \
             numbered `{}.` would render as `{}.` (it would continue another list); the file was \
             not written",
            was.written, now.rendered
        ),
    })
}

/// Check one pass of fixes over `text`: the result of all the fixes `chosen` against the
/// result of their structural ones alone, and the structural ones against `text` for the
/// numbers its ordered items render.
pub fn check_pass(text: &str, chosen: &[&Fix], new: &str) -> Result<(), StructureChanged> {
    let declared: Vec<&Fix> = chosen.iter().copied().filter(|f| f.structural).collect();
    let expected = match fix::apply(text, &declared) {
        Some((t, _)) => t,
        None => text.to_string(),
    };
    if !declared.is_empty() {
        let mut edits: Vec<&Edit> = declared.iter().flat_map(|f| &f.edits).collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let before = skeleton::skeleton(text);
        let after = skeleton::skeleton(&expected);
        numbers_kept(text, &before, &after, |p| relink::moved_through(&edits, p))?;
    }
    check(&expected, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_edits_pass_and_broken_items_do_not() {
        assert!(
            check(
                "## Q1: a\n\nText.\n\n## Q3: b\n",
                "## Q1: a\n\nText.\n\n## Q2: b\n"
            )
            .is_ok()
        );
        let e = check("1. ### a\n\n   Answer.\n", "10. ### a\n\n   Answer.\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("line 3"), "{}", e.message);
    }

    #[test]
    fn declared_structural_fixes_pass_and_others_do_not() {
        let text = "## Q1: a\n\n### Q2: b\n";
        let level = Fix::safe("level", vec![Edit::replace(10..13, "##")]);
        let new = "## Q1: a\n\n## Q2: b\n";
        assert!(check_pass(text, &[&level], new).is_err());
        let level = level.structural();
        assert!(check_pass(text, &[&level], new).is_ok());
        // A declared fix does not cover another one's damage.
        let indent = Fix::safe("indent", vec![Edit::replace(0..0, "    ")]);
        let both = "    ## Q1: a\n\n## Q2: b\n";
        assert!(check_pass(text, &[&level, &indent], both).is_err());
    }

    #[test]
    fn a_declared_fix_that_renumbers_a_later_list_does_not_pass() {
        // Spaced, `1.Fetch` starts a list that `3. Push` continues: it would render as `2.`.
        let text = "Steps:\n1.Fetch.\n\n3. Push.\n";
        let space = Fix::safe("space", vec![Edit::replace(9..9, " ")]).structural();
        let new = "Steps:\n1. Fetch.\n\n3. Push.\n";
        let e = check_pass(text, &[&space], new).unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(
            e.message.contains("`3.` would render as `2.`"),
            "{}",
            e.message
        );
        // Rendering as written after the fix is no renumbering.
        let text = "Steps:\n1.Fetch.\n\n2. Push.\n";
        let new = "Steps:\n1. Fetch.\n\n2. Push.\n";
        assert!(check_pass(text, &[&space], new).is_ok());
        // Nor is a change of an item that rendered another number already.
        assert!(check("1. a\n3. b\n", "2. a\n3. b\n").is_ok());
        // Nor a lazily numbered list (`1.` on each item) that a fix extends.
        let text = "Steps:\n1.Fetch.\n\n1. Push.\n";
        let new = "Steps:\n1. Fetch.\n\n1. Push.\n";
        assert!(check_pass(text, &[&space], new).is_ok());
        // A text fix that changes a list's start renumbers the items after it.
        assert!(check("1. a\n2. b\n", "3. a\n2. b\n").is_err());
    }
}
