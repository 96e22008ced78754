//! Numbering sequences: which questions form a sequence under the numbering scope, and one pass
//! over a sequence of numbers that finds each break once, without a cascade.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::document::{Document, Question};
use crate::model::settings::{NumberingScope, QuestionSettings};
use crate::model::summary::QuestionRef;

/// Why a number breaks its sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The first number is not the configured start.
    Start { expected: u64 },
    /// Numbers between the previous one and this one appear nowhere in the sequence: the
    /// first few missing ranges, and how many numbers are missing in all.
    Gap {
        prev: usize,
        missing: Vec<Range<u64>>,
        count: u64,
    },
    /// The number was already used by item `first`.
    Duplicate { first: usize },
    /// The number is lower than its predecessor's and not a duplicate.
    Order { prev: usize },
}

impl Break {
    pub fn code(&self) -> &'static str {
        match self {
            Break::Gap { .. } => "QA101",
            Break::Duplicate { .. } => "QA102",
            Break::Order { .. } => "QA103",
            Break::Start { .. } => "QA104",
        }
    }
}

/// Breaks in `numbers`, as `(index, break)` (see [`analyze_ranges`]).
pub fn analyze(numbers: &[u64], start: u64) -> Vec<(usize, Break)> {
    let items: Vec<(u64, u64)> = numbers.iter().map(|&n| (n, n)).collect();
    analyze_ranges(&items, start)
}

/// Breaks in a sequence of `(first, last)` numbers (a range heading covers `first..=last`;
/// most items have `first == last`), as `(index, break)`.
///
/// Each item is compared with its predecessor's last number. A jump only counts as a gap when
/// the skipped numbers are used nowhere in the sequence, so a moved block is one order
/// finding, and a duplicate or an out-of-order number does not make the next one look wrong.
pub fn analyze_ranges(items: &[(u64, u64)], start: u64) -> Vec<(usize, Break)> {
    let mut all: Vec<u64> = items.iter().flat_map(|&(a, b)| a..=b.max(a)).collect();
    all.sort_unstable();
    all.dedup();
    let mut first_use: HashMap<u64, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, &(n, last)) in items.iter().enumerate() {
        if i == 0 {
            if n != start {
                out.push((0, Break::Start { expected: start }));
            }
        } else if let Some(&first) = first_use.get(&n) {
            out.push((i, Break::Duplicate { first }));
        } else {
            let prev = items[i - 1].1.max(items[i - 1].0);
            if n < prev {
                out.push((i, Break::Order { prev: i - 1 }));
            } else if n > prev.saturating_add(1) {
                let (missing, count) = missing_ranges(prev + 1..n, &all, MAX_LISTED);
                if count > 0 && !slip_before(items, &out, i) {
                    out.push((
                        i,
                        Break::Gap {
                            prev: i - 1,
                            missing,
                            count,
                        },
                    ));
                }
            }
        }
        for k in n..=last.max(n) {
            first_use.entry(k).or_insert(i);
        }
    }
    out
}

/// Whether the gap before item `i` is the place of the item before it, which broke the sequence
/// already (a repeated or lower number: `8`, `1`, `10`, where `1` stands for `9`): one slip,
/// reported once, at the item that is wrong.
fn slip_before(items: &[(u64, u64)], found: &[(usize, Break)], i: usize) -> bool {
    let outlier = found.last().is_some_and(|(k, b)| {
        *k + 1 == i && matches!(b, Break::Duplicate { .. } | Break::Order { .. })
    });
    outlier && i >= 2 && {
        let before = items[i - 2].1.max(items[i - 2].0);
        items[i].0 == before.saturating_add(2)
    }
}

/// Whether a sequence starts far from `start` on purpose (it may continue questions written
/// elsewhere, `Q96`, `Q97`, …): its first number is more than one away from `start` and the
/// next one goes on from it. A question moved to the front (`Q70`, `Q1`, `Q2`) does not.
pub fn starts_far(numbers: &[u64], start: u64) -> bool {
    match numbers {
        [first, rest @ ..] => {
            first.abs_diff(start) > 1 && rest.first().is_none_or(|&n| n == first.saturating_add(1))
        }
        [] => false,
    }
}

/// How many missing ranges a gap message lists.
pub const MAX_LISTED: usize = 5;

/// The first `limit + 1` sub-ranges of `range` whose numbers are not in `used` (sorted,
/// distinct), and the count of all missing numbers. Binary searches only: a huge jump or a long
/// run of used numbers costs O(log n), not O(jump).
fn missing_ranges(range: Range<u64>, used: &[u64], limit: usize) -> (Vec<Range<u64>>, u64) {
    let lo = used.partition_point(|&u| u < range.start);
    let hi = used.partition_point(|&u| u < range.end);
    let count = (range.end - range.start) - (hi - lo) as u64;
    let mut out = Vec::new();
    let mut x = range.start;
    while x < range.end && out.len() <= limit && count > 0 {
        let idx = used.partition_point(|&u| u < x);
        if idx < used.len() && used[idx] == x {
            // Skip the run of consecutive used numbers starting at `x`.
            let (mut a, mut b) = (idx, used.len() - 1);
            while a < b {
                let mid = a + (b - a).div_ceil(2);
                if used[mid] - used[idx] == (mid - idx) as u64 {
                    a = mid;
                } else {
                    b = mid - 1;
                }
            }
            x = used[a] + 1;
            continue;
        }
        let next_used = used.get(idx).copied().unwrap_or(u64::MAX).min(range.end);
        out.push(x..next_used);
        x = next_used;
    }
    (out, count)
}

/// How a number is shown in messages: the canonical prefix (`Q5`, `[5]`), or the bare number
/// (`5` for `5. Title` and `5 - Title`).
pub fn label(cfg: &QuestionSettings, n: u64) -> String {
    match cfg.canonical_text(Some(&n.to_string()), "") {
        Some(t) => {
            let t = t.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '.' | '：' | '。' | '-' | '–' | '—')
            });
            if t.is_empty() {
                n.to_string()
            } else {
                t.to_string()
            }
        }
        None => n.to_string(),
    }
}

/// The sequences of numbered questions in one document under its scope, series by series
/// (none for `repository`, which the repository pass handles).
pub fn document_sequences(doc: &Document) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for series in 0..doc.settings.series_count() {
        let cfg = match series {
            0 => doc.convention(),
            i => doc.settings.series(i),
        };
        if !cfg.numbered() {
            continue;
        }
        // Lettered questions under one number (`17a`, `17b`) count once.
        let mut last_lettered: Option<u64> = None;
        let numbered = doc
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.number.is_some() && q.series == series && !q.unanswered_entry)
            .filter(move |(_, q)| {
                let again = q.lettered && last_lettered == q.number;
                last_lettered = if q.lettered { q.number } else { None };
                !again
            });
        out.extend(
            series_sequences(cfg, numbered)
                .into_iter()
                .filter(|seq| !names_questions(doc, seq)),
        );
    }
    out
}

/// Whether the numbers of a sequence name its questions rather than count them, so that no
/// numbering rule reads them and no renumbering touches them: sparse numbers
/// ([`identifiers`]: `1. Two Sum`, `15. 3Sum`, `56. Merge Intervals`), or a file's one question
/// numbered as the file name is (`# 146. LRU Cache` in `0146.md` or `146-lru-cache.md`).
fn names_questions(doc: &Document, seq: &[usize]) -> bool {
    let numbers: Vec<u64> = seq
        .iter()
        .map(|&i| doc.questions[i].number.unwrap_or(0))
        .collect();
    if numbers.len() == 1 {
        return named_by_file(&doc.path, &numbers)
            && doc.questions.iter().filter(|q| q.number.is_some()).count() == 1;
    }
    identifiers(&numbers)
}

/// Whether a file's numbers (of one series) are one question numbered as the file's name is
/// (`# Q4: What is gRPC?` in `questions/004-what-is-grpc.md`): the number names the file's
/// question, as the file name does, so no sequence across files counts it and no renumbering
/// moves it away from its file's name.
pub fn named_by_file(path: &str, numbers: &[u64]) -> bool {
    let [only] = numbers else {
        return false;
    };
    let stem = path.rsplit(['/', '\\']).next().unwrap_or("");
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    digits.parse() == Ok(*only)
}

/// Whether every file that holds numbers (its path and its numbers of one series) is
/// [`named_by_file`]: then the numbers name the files' questions and hold no count.
pub fn all_named_by_file<'a>(files: impl IntoIterator<Item = (&'a str, Vec<u64>)>) -> bool {
    files
        .into_iter()
        .filter(|(_, numbers)| !numbers.is_empty())
        .all(|(path, numbers)| named_by_file(path, &numbers))
}

/// Whether `numbers` look like identifiers (LeetCode problem numbers), not a count: at least
/// three, strictly increasing, fewer than half of the steps `+1`, and spanning more than three
/// times as many numbers as there are. A count with a few gaps (`1`–`40` missing `7` and `23`)
/// has mostly `+1` steps and stays a count.
pub fn identifiers(numbers: &[u64]) -> bool {
    let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else {
        return false;
    };
    let steps = numbers.len().saturating_sub(1) as u64;
    let increasing = numbers.windows(2).all(|w| w[0] < w[1]);
    let ones = numbers.windows(2).filter(|w| w[1] == w[0] + 1).count() as u64;
    numbers.len() >= 3
        && increasing
        && ones * 2 < steps
        && (last - first + 1) / 3 > numbers.len() as u64
}

/// One series' sequences under its convention's scope.
fn series_sequences<'q>(
    cfg: &QuestionSettings,
    numbered: impl Iterator<Item = (usize, &'q Question)>,
) -> Vec<Vec<usize>> {
    match cfg.scope {
        NumberingScope::Repository => Vec::new(),
        NumberingScope::File => {
            let all: Vec<usize> = numbered.map(|(i, _)| i).collect();
            if all.is_empty() {
                Vec::new()
            } else {
                vec![all]
            }
        }
        NumberingScope::Auto => {
            let numbered: Vec<(usize, &Question)> = numbered.collect();
            let mut out: Vec<Vec<usize>> = Vec::new();
            let mut last: Option<(Option<usize>, u64)> = None;
            for (k, &(i, q)) in numbered.iter().enumerate() {
                let n = q.number.unwrap_or(0);
                let restarts = last.is_some_and(|(section, prev)| {
                    q.section != section
                        && n == cfg.start
                        && prev.saturating_add(1) != n
                        && !continues_instead(cfg, &numbered[k..], prev)
                });
                if out.is_empty() || restarts {
                    out.push(Vec::new());
                }
                out.last_mut().expect("pushed").push(i);
                last = Some((q.section, q.last.unwrap_or(n).max(n)));
            }
            out
        }
        NumberingScope::Section => {
            let mut out: Vec<Vec<usize>> = Vec::new();
            let mut last_section = None;
            for (i, q) in numbered {
                if out.is_empty() || q.section != last_section {
                    out.push(Vec::new());
                    last_section = q.section;
                }
                out.last_mut().expect("pushed").push(i);
            }
            out
        }
    }
}

/// Whether a question numbered `start` after a section heading (the first of `run`) is a slip
/// in a run that goes on from `prev`, not a restart: read either way up to the next such
/// restart candidate, continuing needs fewer changes. `1`, `10`, `11`, `12` after `8` is `9`
/// written `1` (one change), not a restart whose `10`… should read `2`… (three); `1`, `2`, `3`
/// after `8` restarts (no change), and so does a lone `1` (one change either way).
fn continues_instead(cfg: &QuestionSettings, run: &[(usize, &Question)], prev: u64) -> bool {
    let Some(((_, head), rest)) = run.split_first() else {
        return false;
    };
    // Up to the next question that could restart the numbering in turn.
    let mut section = head.section;
    let end = rest
        .iter()
        .position(|(_, q)| {
            let candidate = q.section != section && q.number == Some(cfg.start);
            section = q.section;
            candidate
        })
        .map_or(run.len(), |p| p + 1);
    let changes = |from: u64| {
        let mut next = from;
        let mut count = 0usize;
        for (_, q) in &run[..end] {
            let n = q.number.unwrap_or(0);
            count += usize::from(n != next);
            next = next.saturating_add(1 + q.last.map_or(0, |l| l.saturating_sub(n)));
        }
        count
    };
    changes(prev.saturating_add(1)) < changes(cfg.start)
}

/// The breaks of one of [`document_sequences`] (question indices into `doc.questions`), from
/// its convention's `start`: `(position in seq, break)`.
pub fn sequence_breaks(doc: &Document, seq: &[usize]) -> Vec<(usize, Break)> {
    let Some(&head) = seq.first() else {
        return Vec::new();
    };
    let start = doc.convention_of(&doc.questions[head]).start;
    let numbers: Vec<(u64, u64)> = seq
        .iter()
        .map(|&i| {
            let q = &doc.questions[i];
            let n = q.number.unwrap_or(0);
            (n, q.last.unwrap_or(n))
        })
        .collect();
    analyze_ranges(&numbers, start)
}

/// Whether a gap's missing number is written on a heading between its two questions, at one of
/// their levels, that is not read as a question (`### 3、…` or `## вопрос 3:` between the
/// questions numbered 2 and 4): the number is there in a form the convention does not read, so
/// renumbering over it is a guess (it would give two headings the number 3).
pub fn gap_number_hidden(doc: &Document) -> bool {
    document_sequences(doc).iter().any(|seq| {
        sequence_breaks(doc, seq).into_iter().any(|(i, brk)| {
            let Break::Gap { prev, missing, .. } = brk else {
                return false;
            };
            let (a, b) = (&doc.questions[seq[prev]], &doc.questions[seq[i]]);
            doc.headings.iter().any(|h| {
                h.question.is_none()
                    && h.range.start > a.span.start
                    && h.range.start < b.span.start
                    && (a.level == Some(h.level) || b.level == Some(h.level))
                    && first_number(&h.text.text)
                        .is_some_and(|n| missing.iter().any(|r| r.contains(&n)))
            })
        })
    })
}

/// The first number written in `text` (ASCII or full-width digits).
fn first_number(text: &str) -> Option<u64> {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let start = text.find(digit)?;
    let run: String = text[start..].chars().take_while(|&c| digit(c)).collect();
    crate::model::document::ascii_digits(&run).parse().ok()
}

/// The summary view of a document's questions (computed once per document).
pub fn question_refs<'d>(doc: &'d Document) -> &'d [QuestionRef] {
    doc.shared
        .question_refs
        .get_or_init(|| compute_question_refs(doc))
}

fn compute_question_refs(doc: &Document) -> Vec<QuestionRef> {
    doc.questions
        .iter()
        .map(|q| {
            let pos = doc.lines.position(&doc.text, q.span.start);
            QuestionRef {
                // An index entry whose answer is missing is no part of a sequence.
                number: q.number.filter(|_| !q.unanswered_entry),
                last: q.last,
                series: q.series,
                span: q.span.clone(),
                number_span: q.number_span.clone(),
                line: pos.line,
                column: pos.column,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(ns: &[u64]) -> Vec<(usize, &'static str)> {
        analyze(ns, 1)
            .into_iter()
            .map(|(i, b)| (i, b.code()))
            .collect()
    }

    #[test]
    fn one_finding_per_break() {
        assert_eq!(codes(&[1, 2, 3, 4, 6, 7]), [(4, "QA101")]);
        assert_eq!(codes(&[1, 2, 3, 3, 4]), [(3, "QA102")]);
        assert_eq!(codes(&[1, 2, 4, 3, 5]), [(3, "QA103")]);
        assert_eq!(codes(&[1, 2, 5, 6, 3, 4, 7]), [(4, "QA103")]);
        assert_eq!(codes(&[1, 2, 3, 2, 4]), [(3, "QA102")]);
        assert_eq!(codes(&[0, 1, 2]), [(0, "QA104")]);
        assert!(codes(&[1, 2, 3]).is_empty());
        assert!(codes(&[]).is_empty());
    }

    #[test]
    fn a_wrong_number_in_the_place_of_a_missing_one_is_one_break() {
        // `1` written for `9`: the repeat is the finding, not the gap it leaves.
        assert_eq!(codes(&[1, 2, 3, 1, 5, 6]), [(3, "QA102")]);
        assert_eq!(codes(&[1, 2, 3, 2, 5]), [(3, "QA102")]);
        assert_eq!(codes(&[3, 4, 5, 1, 7]), [(0, "QA104"), (3, "QA103")]);
        // A repeat that does not stand in the gap's place leaves the gap reported.
        assert_eq!(codes(&[1, 2, 3, 3, 6]), [(3, "QA102"), (4, "QA101")]);
    }

    #[test]
    fn gap_lists_only_truly_missing_numbers() {
        let r = analyze(&[1, 2, 6, 4], 1);
        assert_eq!(
            r[0].1,
            Break::Gap {
                prev: 1,
                missing: vec![3..4, 5..6],
                count: 2
            }
        );
    }

    #[test]
    fn missing_ranges_skip_long_runs_of_used_numbers() {
        let used: Vec<u64> = (1..=1000).chain([2000, 2002]).collect();
        let (r, count) = missing_ranges(1..3000, &used, 5);
        assert_eq!(r, vec![1001..2000, 2001..2002, 2003..3000]);
        assert_eq!(count, 999 + 1 + 997);
    }

    #[test]
    fn a_range_covers_its_numbers() {
        let codes = |items: &[(u64, u64)]| -> Vec<(usize, &'static str)> {
            analyze_ranges(items, 1)
                .into_iter()
                .map(|(i, b)| (i, b.code()))
                .collect()
        };
        assert!(codes(&[(1, 1), (2, 8), (9, 9)]).is_empty());
        assert_eq!(codes(&[(1, 1), (2, 8), (10, 10)]), [(2, "QA101")]);
        assert_eq!(codes(&[(1, 1), (2, 8), (5, 5)]), [(2, "QA102")]);
        assert_eq!(codes(&[(1, 1), (3, 8), (9, 9)]), [(1, "QA101")]);
    }

    #[test]
    fn sparse_numbers_are_identifiers() {
        assert!(identifiers(&[1, 15, 56]));
        assert!(identifiers(&[1, 2, 20, 146, 200, 300]));
        // A count with gaps, a short or unordered run, a dense jump.
        assert!(!identifiers(&[1, 2, 3, 5, 6, 9, 10]));
        assert!(!identifiers(&[1, 56]));
        assert!(!identifiers(&[1, 56, 15]));
        assert!(!identifiers(&[1, 3, 5, 7]));
    }

    #[test]
    fn huge_jump_is_bounded() {
        let r = analyze(&[1, u64::MAX], 1);
        assert!(matches!(r[0].1, Break::Gap { .. }));
    }
}
