//! Under the chosen convention: question count, numbering start and scope, TOCs and formulas.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Detection, n, plural, profile};
use crate::config::{self, ConfigError};
use crate::model::document::{Document, Form, Question, next_peer_starts};
use crate::rules::heading::qa003_title_style::TitleStyleOptions;

/// What one file holds under the chosen convention.
struct Seen {
    /// `(number, section)` of each numbered question, in file order.
    numbers: Vec<(u64, Option<usize>)>,
    /// Numbered questions whose numbers name them (problem IDs): no sequence to number.
    named: bool,
    questions: usize,
    toc: bool,
    formulas: usize,
    /// Titles that open like a question (QA003's default interrogatives), and those of them
    /// that end with `?`.
    asking: usize,
    marked: usize,
}

/// Fill in the counts, and for a numbered convention the numbering start and scope.
pub(super) fn analyse(d: &mut Detection, files: &[(String, Arc<str>)]) -> Result<(), ConfigError> {
    let profile = profile(&d.config(), &d.root)?;
    let style = TitleStyleOptions::resolve(None);
    let seen: Vec<Seen> = files
        .par_iter()
        .filter(|(p, _)| {
            let path = d.root.join(p);
            profile.wants(&path) && profile.holds_questions(&path)
        })
        .map(|(path, text)| {
            let doc = Document::parse(path.clone(), text.clone(), &profile.parse);
            let at_level = |q: &&Question| {
                let levels = &doc.convention_of(q).levels;
                q.form == Form::Ok
                    && (levels.is_empty() || q.level.is_some_and(|l| levels.contains(&l)))
            };
            let (mut asking, mut marked) = (0, 0);
            for q in doc.questions.iter().filter(at_level) {
                let t = q.title.trim();
                if style.asks(t) {
                    asking += 1;
                    // As QA003 reads it: a `?` anywhere in the title will do.
                    marked += usize::from(t.contains(['?', '？', '؟']));
                }
            }
            let numbered = doc.questions.iter().any(|q| q.number.is_some());
            Seen {
                asking,
                marked,
                named: numbered && crate::model::numbering::document_sequences(&doc).is_empty(),
                // The first series decides the numbering; the others number the same way.
                numbers: doc
                    .questions
                    .iter()
                    .filter(at_level)
                    .filter(|q| q.series == 0)
                    .filter_map(|q| q.number.map(|n| (n, q.section)))
                    .collect(),
                questions: doc.questions.iter().filter(at_level).count(),
                toc: crate::model::toc::find(&doc).is_some_and(|t| t.entries.len() >= 2),
                formulas: doc.formulas.iter().filter(|f| f.parsed).count(),
            }
        })
        .collect();
    d.questions = seen.iter().map(|s| s.questions).sum();
    d.title_marks = (
        seen.iter().map(|s| s.asking).sum(),
        seen.iter().map(|s| s.marked).sum(),
    );
    d.toc_files = seen.iter().filter(|s| s.toc).count();
    d.formulas = seen.iter().map(|s| s.formulas).sum();
    d.formula_files = seen.iter().filter(|s| s.formulas > 0).count();
    if d.convention.numbered() {
        let numbered: Vec<&Vec<(u64, Option<usize>)>> = seen
            .iter()
            .map(|s| &s.numbers)
            .filter(|v| !v.is_empty())
            .collect();
        numbering(d, &numbered);
        let named: Vec<&Seen> = seen.iter().filter(|s| s.named).collect();
        if !named.is_empty() && named.len() * 2 > numbered.len() {
            let sample: Vec<String> = named
                .iter()
                .flat_map(|s| s.numbers.iter().map(|x| x.0.to_string()))
                .take(3)
                .collect();
            d.identifiers = Some(format!(
                "numbers look like identifiers ({}…): the numbering rules stay silent for them",
                sample.join(", ")
            ));
        }
    }
    Ok(())
}

/// Whether a second series stands apart from the first: nine in ten of its questions are
/// neither inside an answer of the first (numbered sub-headings) nor around its questions
/// (numbered sections).
pub(super) fn separate_series(
    d: &Detection,
    files: &[(String, Arc<str>)],
) -> Result<bool, ConfigError> {
    let profile = profile(&d.config(), &d.root)?;
    let (apart, nested) = files
        .par_iter()
        .filter(|(p, _)| {
            let path = d.root.join(p);
            profile.wants(&path) && profile.holds_questions(&path)
        })
        .map(|(path, text)| {
            let doc = Document::parse(path.clone(), text.clone(), &profile.parse);
            let peers = next_peer_starts(&doc.headings, doc.text.len());
            let firsts: Vec<&Question> = doc.questions.iter().filter(|q| q.series == 0).collect();
            let (mut apart, mut nested) = (0usize, 0usize);
            for q in doc
                .questions
                .iter()
                .filter(|q| q.series == 1 && q.form == Form::Ok)
            {
                let Some(hi) = q.heading else { continue };
                let at = q.span.start;
                // Questions are in source order: only the one before can hold it, only the one
                // after can be inside it.
                let i = firsts.partition_point(|f| f.span.start <= at);
                let inside = i > 0 && firsts[i - 1].answer.contains(&at);
                let around = firsts.get(i).is_some_and(|f| f.span.start < peers[hi]);
                if inside || around {
                    nested += 1;
                } else {
                    apart += 1;
                }
            }
            (apart, nested)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Ok(apart >= super::MIN_QUESTIONS && nested * 10 <= apart + nested)
}

/// The numbering scope and first number, from the numbers of each file that has some.
fn numbering(d: &mut Detection, numbered: &[&Vec<(u64, Option<usize>)>]) {
    // Section restarts: the number drops back to 0 or 1 where the section changes.
    let (mut sec_resets, mut sec_continues, mut other_resets) = (0usize, 0usize, 0usize);
    for v in numbered {
        for w in v.windows(2) {
            let ((a, sa), (b, sb)) = (w[0], w[1]);
            let reset = b <= 1 && b < a;
            if sa != sb {
                if reset {
                    sec_resets += 1;
                } else if b == a + 1 {
                    sec_continues += 1;
                }
            } else if reset {
                other_resets += 1;
            }
        }
    }
    // Repository sequence: each file goes on from the previous one's last number.
    let (mut file_continues, mut file_restarts) = (0usize, 0usize);
    for w in numbered.windows(2) {
        let last = w[0].last().map(|x| x.0).unwrap_or(0);
        let first = w[1][0].0;
        if first == last + 1 && first > 1 {
            file_continues += 1;
        } else if first <= 1 {
            file_restarts += 1;
        }
    }
    let transitions = numbered.len().saturating_sub(1);
    let mut firsts: Vec<u64> = Vec::new();
    if transitions > 0 && file_continues > file_restarts && file_continues * 2 >= transitions {
        d.scope = config::NumberingScope::Repository;
        d.scope_why = format!(
            "in {} of {} files (in path order) the numbers go on from the previous file's last",
            n(file_continues),
            n(numbered.len())
        );
        firsts.extend(numbered.first().map(|v| v[0].0));
    } else if sec_resets >= 2 && sec_resets > sec_continues {
        // `auto` restarts a sequence at a section heading where the numbers do, and keeps one
        // going where they go on.
        d.scope = config::NumberingScope::Auto;
        d.scope_why = format!(
            "numbering restarts {} under a new section heading ({} continue across one{})",
            plural(sec_resets, "time", "times"),
            n(sec_continues),
            if other_resets > 0 {
                format!(", {} restart elsewhere", n(other_resets))
            } else {
                String::new()
            }
        );
        for v in numbered {
            firsts.push(v[0].0);
            for w in v.windows(2) {
                if w[0].1 != w[1].1 && w[1].0 <= 1 && w[1].0 < w[0].0 {
                    firsts.push(w[1].0);
                }
            }
        }
    } else {
        d.scope = config::NumberingScope::Auto;
        d.scope_why = format!(
            "{} of {} files with numbered questions start their own sequence",
            n(file_restarts + usize::from(!numbered.is_empty())),
            n(numbered.len())
        );
        firsts.extend(numbered.iter().map(|v| v[0].0));
    }
    let zeros = firsts.iter().filter(|&&f| f == 0).count();
    let ones = firsts.iter().filter(|&&f| f == 1).count();
    d.start = if zeros > ones { 0 } else { 1 };
    d.start_why = format!(
        "{} of {} numbering scopes start at {}",
        n(zeros.max(ones)),
        n(firsts.len()),
        d.start
    );
}
