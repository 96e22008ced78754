//! The numbering family's shared analysis (QA101–QA104): findings for the breaks
//! [`analyze`] finds in each sequence, in one document or across files, with the fix that
//! renumbers the document.

use std::ops::Range;

use crate::base::diagnostic::{Diagnostic, Fix, Related, RuleMeta, RuleRef, excerpt};
use crate::model::document::Document;
use crate::model::numbering::{
    Break, MAX_LISTED, analyze_ranges, document_sequences, label, question_refs,
};
use crate::model::settings::{NumberingScope, QuestionSettings};
use crate::model::summary::{FileSummary, QuestionRef};
use crate::rules::{Repository, Rule};

fn list_ranges(cfg: &QuestionSettings, ranges: &[Range<u64>]) -> String {
    let parts: Vec<String> = ranges
        .iter()
        .take(MAX_LISTED)
        .map(|r| {
            if r.end - r.start == 1 {
                format!("`{}`", label(cfg, r.start))
            } else {
                format!("`{}`–`{}`", label(cfg, r.start), label(cfg, r.end - 1))
            }
        })
        .collect();
    let mut s = parts.join(", ");
    if ranges.len() > MAX_LISTED {
        s.push_str(", …");
    }
    s
}

/// One numbered question in a sequence: which file it is in and where.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub file: usize,
    pub path: &'a str,
    pub number: u64,
    pub q: &'a QuestionRef,
}

/// QA101–QA104: one rule each, all reading the same analysis and keeping the breaks of their
/// own kind.
pub struct SequenceRule(pub &'static RuleMeta);

impl Rule for SequenceRule {
    fn meta(&self) -> RuleRef {
        RuleRef::Builtin(self.0)
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        check_document(self.0, doc, out);
        if std::ptr::eq(self.0, &super::qa101_numbering_gap::META) {
            unreadable(self.0, doc, out);
        }
    }

    fn check_repository(&self, repo: &Repository, out: &mut Vec<(usize, Diagnostic)>) {
        let settings = repo.parse;
        for series in 0..settings.series_count() {
            check_repository(self.0, series, settings.series(series), repo.files, out);
        }
    }
}

/// Run the analysis for one rule over one document (file and section scopes).
pub fn check_document(meta: &'static RuleMeta, doc: &Document, out: &mut Vec<Diagnostic>) {
    let refs = question_refs(doc);
    for seq in document_sequences(doc) {
        let Some(&head) = seq.first() else { continue };
        let cfg = doc.convention_of(&doc.questions[head]);
        let items: Vec<Item> = seq
            .iter()
            .map(|&i| Item {
                file: 0,
                path: &doc.path,
                number: refs[i].number.unwrap_or(0),
                q: &refs[i],
            })
            .collect();
        // A sequence that starts far from `start` (`### 48.` after 47 questions written another
        // way, a file holding questions 96 on) may well continue elsewhere: report it, but the
        // renumbering fix is not offered on that ground alone. A question moved to the front
        // (`Q70` before `Q1`, `Q2`, …) is not such a start: the numbers after it do not go on
        // from it.
        let numbers: Vec<u64> = items.iter().map(|it| it.number).collect();
        let far_start = std::ptr::eq(meta, &super::qa104_numbering_start::META)
            && crate::model::numbering::starts_far(&numbers, cfg.start);
        for (_, d) in findings(meta, cfg, &items) {
            if far_start {
                out.push(d);
                continue;
            }
            let fix = doc
                .shared
                .renumber_fix
                .get_or_init(|| renumber_fix(doc).map(std::sync::Arc::new));
            out.push(match fix {
                Some(f) => d.with_shared_fix(f.clone()),
                None => d,
            });
        }
    }
}

/// QA101 for each question whose number is too large to read (over [`crate::model::document::MAX_NUMBER`]): it stands
/// outside every sequence, and renumbering leaves its series alone, so it is reported once
/// here, with no fix.
fn unreadable(meta: &'static RuleMeta, doc: &Document, out: &mut Vec<Diagnostic>) {
    for q in doc.questions.iter().filter(|q| q.unreadable) {
        let span = q.number_span.clone().unwrap_or(q.span.clone());
        let written = doc.slice(span.clone());
        out.push(
            Diagnostic::new(
                meta,
                span,
                format!(
                    "`{}` is too large to read as a question number",
                    excerpt(written, 30)
                ),
            )
            .with_label("too large to read")
            .with_help(
                "write the number this question was meant to have; until then it is out of the \
                 numbering, and renumbering leaves its sequence alone",
            ),
        );
    }
}

/// Renumbering this document (headings, and the TOC entries and links in it), as one fix.
fn renumber_fix(doc: &Document) -> Option<Fix> {
    let edits = crate::model::renumber::plan(&[doc]).pop()?;
    if edits.is_empty() {
        return None;
    }
    let n = crate::model::renumber::count(&[doc]);
    let title = format!(
        "Renumber {n} question{} (and the links to them)",
        if n == 1 { "" } else { "s" }
    );
    // A missing number written on a heading the convention does not read: not sure.
    Some(if crate::model::numbering::gap_number_hidden(doc) {
        Fix::unsafe_(title, edits)
    } else {
        Fix::safe(title, edits)
    })
}

/// Run the analysis for one rule across files (repository scope), in path order.
pub fn check_repository(
    meta: &'static RuleMeta,
    series: usize,
    cfg: &QuestionSettings,
    files: &[&FileSummary],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    if cfg.scope != NumberingScope::Repository || !cfg.numbered() {
        return;
    }
    // Files that each hold one question numbered as the file is named (`# Q4:` in
    // `004-….md`) hold no count.
    let numbers = files.iter().map(|f| {
        let n = f.questions.iter().filter(|q| q.series == series);
        (f.path.as_str(), n.filter_map(|q| q.number).collect())
    });
    if crate::model::numbering::all_named_by_file(numbers) {
        return;
    }
    let items: Vec<Item> = files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| {
            f.questions
                .iter()
                .filter(|q| q.series == series)
                .filter_map(move |q| {
                    q.number.map(|number| Item {
                        file: fi,
                        path: &f.path,
                        number,
                        q,
                    })
                })
        })
        .collect();
    let numbers: Vec<u64> = items.iter().map(|it| it.number).collect();
    if crate::model::numbering::identifiers(&numbers) {
        return;
    }
    out.extend(findings(meta, cfg, &items).into_iter().map(|(f, mut d)| {
        d.help = Some(format!(
            "{}; `qalint check --fix` or `qalint renumber` renumbers across files",
            d.help.unwrap_or_default()
        ));
        (f, d)
    }));
}

/// Diagnostics of kind `meta` for a sequence.
fn findings(
    meta: &'static RuleMeta,
    cfg: &QuestionSettings,
    items: &[Item],
) -> Vec<(usize, Diagnostic)> {
    let numbers: Vec<(u64, u64)> = items
        .iter()
        .map(|i| (i.number, i.q.last.unwrap_or(i.number)))
        .collect();
    let mut out = Vec::new();
    for (idx, brk) in analyze_ranges(&numbers, cfg.start) {
        if brk.code() != meta.code {
            continue;
        }
        let it = &items[idx];
        let span = it.q.number_span.clone().unwrap_or(it.q.span.clone());
        let this = label(cfg, it.number);
        let d = match &brk {
            Break::Start { expected } => {
                let exp = label(cfg, *expected);
                Diagnostic::new(
                    meta,
                    span,
                    format!("first question is `{this}`, expected `{exp}`"),
                )
                .with_label(format!("expected `{exp}`"))
                .with_help(format!(
                    "number the first question `{exp}`, or set `questions: {{numbering: {{start: {}}}}}` if this collection starts at {}",
                    it.number, it.number
                ))
            }
            Break::Gap {
                prev,
                missing,
                count,
            } => {
                let (list, count) = (list_ranges(cfg, missing), *count);
                let p = &items[*prev];
                let verb = if count == 1 { "is" } else { "are" };
                let d = Diagnostic::new(
                    meta,
                    span,
                    format!(
                        "`{this}` follows `{}`: {list} {verb} missing",
                        shown(cfg, p)
                    ),
                )
                .with_label(format!("skips {list}"))
                .with_help(format!(
                    "renumber from here (`{this}` becomes `{}`), or add the missing question{}",
                    label(cfg, missing[0].start),
                    if count == 1 { "" } else { "s" }
                ));
                relate(d, it, p, "previous question")
            }
            Break::Duplicate { first } => {
                let f = &items[*first];
                let d = Diagnostic::new(
                    meta,
                    span,
                    format!(
                        "`{this}` is used twice (first at {})",
                        where_is(it, f)
                    ),
                )
                .with_label("duplicate number")
                .with_help("give each question its own number: renumber this one and the questions after it");
                relate(d, it, f, "first used here")
            }
            Break::Order { prev } => {
                let p = &items[*prev];
                let d = Diagnostic::new(
                    meta,
                    span,
                    format!("`{this}` comes after `{}`", shown(cfg, p)),
                )
                .with_label("lower than the previous number")
                .with_help("move the question where its number belongs, or renumber the sequence");
                relate(d, it, p, "previous question")
            }
        };
        out.push((it.file, d));
    }
    out
}

/// An item's number as messages show it: `Q7`, or `Q16`–`22` for a range heading.
fn shown(cfg: &QuestionSettings, it: &Item) -> String {
    match it.q.last {
        Some(last) => format!("{}–{last}", label(cfg, it.number)),
        None => label(cfg, it.number),
    }
}

fn where_is(from: &Item, other: &Item) -> String {
    if from.file == other.file {
        format!("line {}", other.q.line)
    } else {
        format!("{}:{}", other.path, other.q.line)
    }
}

/// Point at another item: a second label in the same file, a related location otherwise.
fn relate(d: Diagnostic, it: &Item, other: &Item, text: &str) -> Diagnostic {
    if it.file == other.file {
        d.with_secondary(other.q.span.clone(), text)
    } else {
        d.with_related(Related {
            path: other.path.to_string(),
            line: other.q.line,
            column: other.q.column,
            message: text.to_string(),
        })
    }
}
