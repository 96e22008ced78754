//! The structural guard: a fix pass or a renumbering is kept only when the document's block
//! skeleton after it is the one its declared structural fixes give (a question heading moved to
//! its expected level, `##Q5:` given the space that makes it a heading, `2.Text` made a list
//! item). Anything else (an answer falling out of its list item, a paragraph turned into indented
//! code) stops the file: it is left as it was, and the run says where.

use crate::base::diagnostic::Fix;
use crate::engine::fix;
use crate::model::line_index::LineIndex;
use crate::model::skeleton;

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
        return Ok(());
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

/// Check one pass of fixes over `text`: the result of all the fixes `chosen` against the
/// result of their structural ones alone.
pub fn check_pass(text: &str, chosen: &[&Fix], new: &str) -> Result<(), StructureChanged> {
    let declared: Vec<&Fix> = chosen.iter().copied().filter(|f| f.structural).collect();
    let expected = match fix::apply(text, &declared) {
        Some((t, _)) => t,
        None => text.to_string(),
    };
    check(&expected, new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Edit;

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
}
