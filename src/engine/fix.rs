//! The fix engine: applying rule-provided byte edits in one sweep per pass.

use crate::base::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// The most passes a file gets before it is reported as not converging.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// Apply (or, with `diff`, only show) every fix at least this applicable.
    On { min: Applicability, diff: bool },
}

impl FixMode {
    pub fn min(self) -> Option<Applicability> {
        match self {
            FixMode::Off => None,
            FixMode::On { min, .. } => Some(min),
        }
    }

    pub fn is_diff(self) -> bool {
        matches!(self, FixMode::On { diff: true, .. })
    }
}

/// Fixes that may be applied under `min`, in the order they are tried.
pub fn applicable(diags: &[Diagnostic], min: Applicability) -> Vec<&Fix> {
    let mut fixes: Vec<&Fix> = diags
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .filter(|f| f.applicability >= min && f.applicability > Applicability::DisplayOnly)
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.range.start, e.range.end)));
    fixes
}

/// Apply `fixes` to `text` in one sweep: a fix whose edits overlap an accepted edit (or whose own
/// edits overlap) waits for the next pass. Returns the new text and how many fixes were applied,
/// or `None` when nothing changed.
pub fn apply(text: &str, fixes: &[&Fix]) -> Option<(String, usize)> {
    let chosen = select(text, fixes);
    let count = chosen.len();
    let mut accepted: Vec<&Edit> = chosen.iter().flat_map(|f| f.edits.iter()).collect();
    if accepted.is_empty() {
        return None;
    }
    accepted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for e in accepted {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.content);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    (out != text).then_some((out, count))
}

/// The fixes one sweep applies: in order, each well formed and not overlapping one taken before.
/// In a sweep with nothing but stacking fixes to apply, stacking insertions of different text
/// at one point do not overlap: they are applied in this order. Where other fixes are applied
/// too, only the first stacking insertion at a point goes in, and the others wait for a later
/// sweep, when the document has settled (a table entry mended in the same sweep can move where
/// the next entry goes).
pub fn select<'f>(text: &str, fixes: &[&'f Fix]) -> Vec<&'f Fix> {
    let taken = select_stacking(text, fixes, false);
    if taken.iter().all(|f| f.stacks) {
        return select_stacking(text, fixes, true);
    }
    taken
}

/// [`select`], with stacking insertions applied together or not.
fn select_stacking<'f>(text: &str, fixes: &[&'f Fix], stacking: bool) -> Vec<&'f Fix> {
    let mut taken: Vec<&Fix> = Vec::new();
    for fix in fixes {
        if !well_formed(text, fix) {
            continue;
        }
        let stack = |t: &Fix, a: &Edit, e: &Edit| {
            stacking
                && fix.stacks
                && t.stacks
                && a.range.is_empty()
                && e.range.is_empty()
                && a.range.start == e.range.start
                && a.content != e.content
        };
        let overlapping = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                t.edits
                    .iter()
                    .any(|a| overlaps(&a.range, &e.range) && !stack(t, a, e))
            })
        });
        if !overlapping {
            taken.push(fix);
        }
    }
    taken
}

/// Edits inside the text, on char boundaries, sorted and not overlapping each other.
fn well_formed(text: &str, fix: &Fix) -> bool {
    fix.edits.iter().all(|e| {
        e.range.start <= e.range.end
            && e.range.end <= text.len()
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end)
    }) && fix
        .edits
        .windows(2)
        .all(|w| !overlaps(&w[0].range, &w[1].range) && w[0].range.start <= w[1].range.start)
}

/// Two edits conflict when their ranges intersect, or both insert at the same point.
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: &[(std::ops::Range<usize>, &str)]) -> Fix {
        Fix::safe(
            "t",
            edits
                .iter()
                .map(|(r, c)| Edit::replace(r.clone(), *c))
                .collect(),
        )
    }

    #[test]
    fn applies_in_one_sweep_and_defers_overlaps() {
        let a = fix(&[(0..1, "X")]);
        let b = fix(&[(0..2, "YY")]);
        let c = fix(&[(3..4, "Z")]);
        let (out, n) = apply("abcd", &[&a, &b, &c]).unwrap();
        assert_eq!((out.as_str(), n), ("XbcZ", 2));
    }

    #[test]
    fn rejects_edits_off_char_boundaries_or_out_of_range() {
        let bad = fix(&[(1..2, "x")]);
        assert!(apply("é", &[&bad]).is_none());
        let far = fix(&[(5..9, "x")]);
        assert!(apply("abc", &[&far]).is_none());
    }

    #[test]
    fn no_change_is_none() {
        let same = fix(&[(0..1, "a")]);
        assert!(apply("abc", &[&same]).is_none());
    }

    #[test]
    fn insertions_at_one_point_conflict() {
        let a = fix(&[(1..1, "x")]);
        let b = fix(&[(1..1, "y")]);
        assert_eq!(apply("ab", &[&a, &b]).unwrap().0, "axb");
    }

    #[test]
    fn stacking_insertions_at_one_point_apply_in_order() {
        let a = fix(&[(1..1, "x")]).stacking();
        let b = fix(&[(1..1, "y")]).stacking();
        let again = fix(&[(1..1, "x")]).stacking();
        let plain = fix(&[(1..1, "z")]);
        let (out, n) = apply("ab", &[&a, &b, &again, &plain]).unwrap();
        assert_eq!((out.as_str(), n), ("axyb", 2));
        // A replacement at the point still waits.
        let over = fix(&[(1..2, "B")]).stacking();
        assert_eq!(apply("ab", &[&a, &over]).unwrap().0, "axb");
        // Where another fix applies in the sweep, one stacking insertion a point goes first.
        let elsewhere = fix(&[(0..1, "A")]);
        assert_eq!(
            apply("ab", &[&elsewhere, &a, &b]).unwrap(),
            ("Axb".to_string(), 2)
        );
    }
}
