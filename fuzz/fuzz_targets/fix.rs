//! Fix arbitrary text (safe, then unsafe) and check the fix engine's invariants:
//! the result re-lints without panic, fixing it again changes nothing, and the edits of one
//! pass, applied by `fix::apply`, keep every byte outside them.
#![no_main]

use std::ops::Range;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use qalint::base::diagnostic::{Applicability, Edit};
use qalint::engine::fix;
use qalint::engine::{check_document, fix_loop};
use qalint::model::document::Document;

#[path = "common.rs"]
mod common;
use common::profile;

/// One pass: every edit a rule offers is well formed; the fixes `fix::select` takes do not
/// overlap (but for stacking insertions at one point); and `fix::apply` keeps every byte
/// outside their edits.
fn one_pass_keeps_bytes(text: &Arc<str>, min: Applicability) {
    let p = profile();
    let doc = Document::parse("fuzz.md".into(), text.clone(), &p.parse);
    let diags = check_document(&doc, p);
    let fixes = fix::applicable(&diags, min);
    for f in &fixes {
        // A rule must never offer an edit outside the text or inside a character.
        for e in &f.edits {
            assert!(
                e.range.start <= e.range.end
                    && e.range.end <= text.len()
                    && text.is_char_boundary(e.range.start)
                    && text.is_char_boundary(e.range.end),
                "malformed edit {:?} in fix `{}` (text length {})",
                e.range,
                f.title,
                text.len()
            );
        }
    }
    let chosen = fix::select(text, &fixes);
    let Some((new, count)) = fix::apply(text, &fixes) else {
        return;
    };
    assert_eq!(
        count,
        chosen.len(),
        "apply applied other fixes than select chose"
    );
    let mut accepted: Vec<(&Edit, bool)> = chosen
        .iter()
        .flat_map(|f| f.edits.iter().map(|e| (e, f.stacks)))
        .collect();
    accepted.sort_by_key(|(e, _)| (e.range.start, e.range.end));
    for w in accepted.windows(2) {
        let ((a, a_stacks), (b, b_stacks)) = (w[0], w[1]);
        let stacked = a_stacks
            && b_stacks
            && a.range.is_empty()
            && b.range.is_empty()
            && a.range.start == b.range.start;
        assert!(
            stacked || !overlaps(&a.range, &b.range),
            "accepted edits overlap: {:?} and {:?}",
            a.range,
            b.range
        );
    }
    // Every unedited gap must appear, in order, in the output.
    let mut pos_in = 0;
    let mut pos_out = 0;
    for (e, _) in &accepted {
        let gap = &text[pos_in..e.range.start];
        assert_eq!(
            &new[pos_out..pos_out + gap.len()],
            gap,
            "bytes outside the edits changed"
        );
        pos_out += gap.len() + e.content.len();
        pos_in = e.range.end;
    }
    assert_eq!(
        &new[pos_out..],
        &text[pos_in..],
        "tail outside the edits changed"
    );
}

/// The fix engine's conflict rule: ranges intersect, or both insert at the same point.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let p = profile();
    let text: Arc<str> = Arc::from(text);
    for min in [Applicability::Safe, Applicability::Unsafe] {
        one_pass_keeps_bytes(&text, min);
        let first = fix_loop("fuzz.md", text.clone(), p, min);
        if first.refused.is_some() {
            // A refused run leaves the file as it was.
            assert_eq!(&*first.text, &*text, "a refused fix changed the text");
            assert_eq!(first.applied, 0, "a refused fix counted applied fixes");
        }
        let fixed = first.text;
        // Re-lints without panic.
        let doc = Document::parse("fuzz.md".into(), fixed.clone(), &p.parse);
        let _ = check_document(&doc, p);
        if first.converged && first.refused.is_none() {
            // Fixing again is a no-op.
            let again = fix_loop("fuzz.md", fixed.clone(), p, min);
            assert_eq!(again.applied, 0, "second fix run applied fixes");
            assert_eq!(&*again.text, &*fixed, "second fix run changed the text");
        }
    }
});
