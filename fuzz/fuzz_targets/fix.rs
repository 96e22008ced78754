//! Fix arbitrary text (safe, then unsafe) and check the fix engine's invariants:
//! the result re-lints without panic, fixing it again changes nothing, and the edits of one
//! pass, applied by `fix::apply`, keep every byte outside them.
#![no_main]

use std::ops::Range;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use qalint::base::diagnostic::{Applicability, Edit};
use qalint::model::document::Document;
use qalint::engine::{check_document, fix_loop};
use qalint::engine::fix;

#[path = "common.rs"]
mod common;
use common::profile;

/// One pass by hand: the accepted edits must not overlap, and the text between them is kept.
fn one_pass_keeps_bytes(text: &Arc<str>, min: Applicability) {
    let p = profile();
    let doc = Document::parse("fuzz.md".into(), text.clone(), &p.parse);
    let diags = check_document(&doc, p);
    let fixes = fix::applicable(&diags, min);
    let Some((new, _)) = fix::apply(text, &fixes) else {
        return;
    };
    // Recompute which edits `apply` accepted (same greedy rule) and check the bytes around them.
    let mut accepted: Vec<&Edit> = Vec::new();
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
        let self_ok = f
            .edits
            .windows(2)
            .all(|w| !overlaps(&w[0].range, &w[1].range) && w[0].range.start <= w[1].range.start);
        if !self_ok {
            continue;
        }
        let clash = f
            .edits
            .iter()
            .any(|e| accepted.iter().any(|a| overlaps(&a.range, &e.range)));
        if !clash {
            accepted.extend(f.edits.iter());
        }
    }
    accepted.sort_by_key(|e| (e.range.start, e.range.end));
    for w in accepted.windows(2) {
        assert!(
            w[0].range.end <= w[1].range.start,
            "accepted edits overlap: {:?} and {:?}",
            w[0].range,
            w[1].range
        );
    }
    // Every unedited gap must appear, in order, in the output.
    let mut pos_in = 0;
    let mut pos_out = 0;
    for e in &accepted {
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
        let (fixed, _, converged) = fix_loop("fuzz.md", text.clone(), p, min);
        // Re-lints without panic.
        let doc = Document::parse("fuzz.md".into(), fixed.clone(), &p.parse);
        let _ = check_document(&doc, p);
        if converged {
            // Fixing again is a no-op.
            let (again, n, _) = fix_loop("fuzz.md", fixed.clone(), p, min);
            assert_eq!(n, 0, "second fix run applied fixes");
            assert_eq!(&*again, &*fixed, "second fix run changed the text");
        }
    }
});
