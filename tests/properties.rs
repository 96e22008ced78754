//! Property tests over generated Q&A documents: the fix engine and renumbering keep every byte
//! they were not meant to change, converge, and never make things worse.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use qalint::base::diagnostic::Applicability;
use qalint::config::{self, ConfigFile, Overrides, Profile};
use qalint::engine;
use qalint::model::document::Document;

fn profile(yaml: &str) -> Profile {
    let file = ConfigFile::parse(Path::new("p.yml"), yaml).unwrap();
    config::resolve(Some(&file), &Overrides::default(), Path::new(".")).unwrap()
}

/// One line of a generated document.
fn line() -> impl Strategy<Value = String> {
    let n = 0u64..12;
    let title = prop::sample::select(vec![
        "What is a tensor?",
        "What  is a graph",
        "Explain dropout:",
        "What is `k`-means?",
        "Is ReLU linear",
        "Describe bagging.",
        "Qué es 😀 esto?",
        "",
    ]);
    prop_oneof![
        (n.clone(), title.clone()).prop_map(|(n, t)| format!("## Q{n}: {t}")),
        (n.clone(), title.clone()).prop_map(|(n, t)| format!("### Q{n}: {t}")),
        (n.clone(), title.clone()).prop_map(|(n, t)| format!("##Q{n}: {t}")),
        (n.clone(), title.clone()).prop_map(|(n, t)| format!("## Q {n} - {t}")),
        (n.clone(), title.clone()).prop_map(|(n, t)| format!("## q{n}: {t}   ")),
        n.clone()
            .prop_map(|n| format!("- [Q{n}: What is a tensor?](#q{n}-what-is-a-tensor)")),
        n.clone()
            .prop_map(|n| format!("See [here](other.md#q{n}-what-is-a-graph).")),
        Just("# Section".to_string()),
        Just("Some prose with `code` and $x^2$.".to_string()),
        Just("```".to_string()),
        Just("<!-- comment -->".to_string()),
        Just(String::new()),
        Just("1. item".to_string()),
        Just("> quoted ## Q3: x".to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..40),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, final_newline)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut s = lines.join(eol);
            if final_newline {
                s.push_str(eol);
            }
            s
        })
}

fn findings(text: &str, p: &Profile) -> usize {
    let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
    engine::check_document(&doc, p).len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// Renumbering is idempotent and only touches number tokens and link fragments.
    #[test]
    fn renumber_is_idempotent_and_minimal(text in document()) {
        let p = profile("{}");
        let files = vec![("t.md".to_string(), Arc::<str>::from(text.as_str()))];
        let once = engine::renumber_texts(&files, &p);
        let twice = engine::renumber_texts(&[("t.md".to_string(), once[0].clone())], &p);
        prop_assert_eq!(&*once[0], &*twice[0]);
        // Every changed run of characters is a number, or sits inside a link destination.
        let (a, b) = (text.as_str(), &*once[0]);
        prop_assert_eq!(a.lines().count(), b.lines().count());
        for (la, lb) in a.lines().zip(b.lines()) {
            if la == lb {
                continue;
            }
            let diff = similar::TextDiff::from_chars(la, lb);
            for op in diff.ops() {
                let (tag, old, new) = op.as_tag_tuple();
                if tag == similar::DiffTag::Equal {
                    continue;
                }
                let old_s: String = la.chars().skip(old.start).take(old.len()).collect();
                let new_s: String = lb.chars().skip(new.start).take(new.len()).collect();
                let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
                let byte_at = la.char_indices().nth(old.start).map_or(la.len(), |(i, _)| i);
                let in_dest = la[..byte_at].rfind("](").is_some_and(|i| !la[i..byte_at].contains(')'));
                prop_assert!(
                    (digits(&old_s) && digits(&new_s)) || in_dest,
                    "unexpected change {:?} -> {:?} in {:?}", old_s, new_s, la
                );
            }
        }
    }

    /// After fixing, no applicable fix remains, it took fewer than the pass limit, and there are
    /// never more findings than before.
    #[test]
    fn fixing_converges_and_never_makes_things_worse(text in document(), unsafe_ in any::<bool>()) {
        let p = profile("{}");
        let min = if unsafe_ { Applicability::Unsafe } else { Applicability::Safe };
        let f = engine::fix_loop("t.md", Arc::from(text.as_str()), &p, min);
        prop_assert!(f.converged);
        prop_assert!(f.refused.is_none(), "{:?}\n{}", f.refused, text);
        let fixed = f.text;
        let renumbered = engine::renumber_texts(&[("t.md".to_string(), fixed.clone())], &p);
        // As `check --fix` does: one more per-file round after renumbering.
        let f = engine::fix_loop("t.md", renumbered[0].clone(), &p, min);
        prop_assert!(f.converged);
        prop_assert!(f.refused.is_none(), "{:?}", f.refused);
        let refixed = f.text;
        let out = &*refixed;
        let doc = Document::parse("t.md".into(), Arc::from(out), &p.parse);
        let left: Vec<_> = engine::check_document(&doc, &p)
            .into_iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability >= min))
            .map(|d| (d.rule.code().to_string(), d.message))
            .collect();
        prop_assert!(left.is_empty(), "fixable findings left: {:?}\n{}", left, out);
        prop_assert!(findings(out, &p) <= findings(&text, &p));
        // Fixing the fixed text changes nothing.
        let again = engine::fix_loop("t.md", Arc::from(out), &p, min);
        prop_assert_eq!(again.applied, 0);
        prop_assert_eq!(&*again.text, out);
    }
}

/// A document with placeholder and stub answers among the generated lines.
fn document_with_answers() -> impl Strategy<Value = String> {
    let extra = prop_oneof![
        line(),
        Just("TODO".to_string()),
        Just("The rest of the answer is [here](https://example.com/#3).".to_string()),
        Just("Read more [here](docs/a.md).".to_string()),
        Just("The rest of the answer is here.".to_string()),
        Just("$$a = b$$".to_string()),
    ];
    prop::collection::vec(extra, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `qalint stats`: every question is answered, a placeholder or a stub; sections and files
    /// add up; QA301 reports no question counted as answered.
    #[test]
    fn stats_partition_every_question(text in document_with_answers()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.md"), &text).unwrap();
        std::fs::write(dir.path().join(".qalint.yml"), "questions: {preset: q-colon}\n").unwrap();
        let stats = engine::stats::run(&engine::Request {
            paths: vec![dir.path().to_path_buf()],
            threads: 1,
            ..engine::Request::default()
        });
        prop_assert!(stats.errors.is_empty());
        let t = &stats.total;
        prop_assert_eq!(t.answered + t.placeholders + t.stubs, t.questions);
        let f = &stats.files[0];
        let in_sections: usize = f.sections.iter().map(|s| s.counts.questions).sum();
        prop_assert_eq!(in_sections, f.counts.questions);
        let p = profile("questions: {preset: q-colon}\n");
        let doc = Document::parse("t.md".into(), Arc::from(text.as_str()), &p.parse);
        prop_assert_eq!(doc.questions.len(), t.questions);
        for d in engine::check_document(&doc, &p) {
            if d.rule.code() == "QA301" {
                let line = doc.lines.position(&doc.text, d.span.start).line;
                let q = f.questions.iter().find(|q| q.line == line);
                prop_assert!(
                    q.is_some_and(|q| q.kind != engine::stats::AnswerKind::Answered),
                    "QA301 at line {} on an answered question", line
                );
            }
        }
    }
}
