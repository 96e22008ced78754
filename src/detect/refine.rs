//! Repository-wide refinements of a convention: localised prefixes, the question folder, a shared
//! title suffix.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::scan::FileScan;

/// Numbered `X12.` headings with localised prefixes.
pub(super) struct Prefixed {
    pub level: u8,
    /// `Q` first, then by how often each is used.
    pub prefixes: Vec<String>,
    /// Headings at `level` with one of the prefixes.
    pub count: usize,
    /// The separator most of those headings write after the number (`.` on a tie).
    pub separator: &'static str,
    /// Whether most of them write a space between the prefix and the number.
    pub spaced: bool,
    /// The weak form set aside beside the other (`[12] Title` files beside `12 - Title` ones:
    /// one pattern reads one of them), with how many headings write it.
    pub set_aside: Option<(String, usize)>,
}

/// Prefixes that number another kind of series than questions (`Step 1`, `Scenario 2`,
/// `Part 3`): headings written so belong in answers or outlines, not in the question pattern.
const OTHER_SERIES: &[&str] = &[
    "step", "steps", "phase", "part", "example", "gate", "scenario", "method", "approach",
    "solution", "option", "case", "chapter", "section", "lesson", "day", "week", "stage", "round",
    "level", "module", "unit", "lab", "note", "figure", "table", "appendix", "version",
];

/// Whether a heading prefix numbers something other than questions.
pub(super) fn other_series(prefix: &str) -> bool {
    OTHER_SERIES.contains(&prefix.to_lowercase().as_str())
}

/// The other numbered series seen (`Step N`, `Scenario N`), with how many headings each has,
/// most first: set aside, and said so in the summary.
pub(super) fn other_series_seen(scans: &[FileScan]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in scans {
        for (_, lead) in &s.prefixed {
            if other_series(&lead.prefix) {
                *counts.entry(lead.prefix.as_str()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(p, c)| (p.to_string(), c))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// `X12.` headings (`P12.`, `Pregunta 12.`, `Q.12`, `#12`, `[12]`, and `12 - Title` with no
/// prefix), when some prefix other than `Q` leads the numbered headings of at least one file.
///
/// The level is the one with the most prefixed headings. A prefix counts when, in some file, it
/// starts at least 3 headings at that level and at least a fifth of the file's prefixed headings
/// there (so a stray `Step 1` does not); in a file with none there, likewise at the level where
/// the file has the most (`## #1` in one file, `### Q.1` in another: each file is then read at
/// its own level).
pub(super) fn localised_prefixes(scans: &[FileScan]) -> Option<Prefixed> {
    let mut per_level = [0usize; 7];
    for s in scans {
        for (l, _) in &s.prefixed {
            per_level[*l as usize] += 1;
        }
    }
    let level = (1..=6u8).max_by_key(|&l| (per_level[l as usize], std::cmp::Reverse(l)))?;
    // Per file, the level its accepted prefixes are read at: `level`, or the file's own when
    // it writes none there (`## #1` in one file, `### Q.1` in another).
    let mut accepted: BTreeMap<String, usize> = BTreeMap::new();
    let mut read_at: Vec<u8> = Vec::with_capacity(scans.len());
    // The weak forms: the last number each wrote in the files before (numbering across files
    // continues it), and those some file writes without counting its questions.
    let mut last: BTreeMap<&str, u64> = BTreeMap::new();
    let mut refused: Vec<&str> = Vec::new();
    for s in scans {
        let mut at = accepted_in(s, level, &last, &mut refused).map(|ps| (level, ps));
        if at.is_none() {
            let own = (1..=6u8)
                .filter(|&l| l != level)
                .max_by_key(|&l| {
                    let c = s.prefixed.iter().filter(|(hl, _)| *hl == l).count();
                    (c, std::cmp::Reverse(l))
                })
                .filter(|&l| s.prefixed.iter().any(|(hl, _)| *hl == l));
            at = own.and_then(|l| accepted_in(s, l, &last, &mut refused).map(|ps| (l, ps)));
        }
        let at_level = at.as_ref().map_or(level, |(l, _)| *l);
        read_at.push(at_level);
        for (l, lead) in &s.prefixed {
            if *l == at_level && weak(&lead.prefix) {
                last.insert(lead.prefix.as_str(), lead.number);
            }
        }
        for p in at.map(|(_, ps)| ps).unwrap_or_default() {
            accepted.entry(p.to_string()).or_default();
        }
    }
    // A weak form that some file writes without counting (a newest-first list beside a quiz)
    // is no convention anywhere: its pattern would renumber that file too.
    accepted.retain(|p, _| !refused.contains(&p.as_str()));
    // A bare number before a dash (`12 - Title`) or in brackets (`[12] Title`) is read by a
    // pattern of its own: alone, never beside other prefixes. Beside each other, the form with
    // more headings is read and the other set aside ([`Prefixed::set_aside`]).
    if accepted.keys().any(|p| !weak(p)) {
        accepted.retain(|p, _| !weak(p));
    }
    let mut set_aside = None;
    if accepted.len() > 1 && accepted.keys().all(|p| weak(p)) {
        let count = |p: &str| {
            scans
                .iter()
                .flat_map(|s| &s.prefixed)
                .filter(|(_, l)| l.prefix == p)
                .count()
        };
        let keep = accepted
            .keys()
            .max_by_key(|p| (count(p), p.is_empty()))
            .cloned()
            .unwrap_or_default();
        set_aside = accepted
            .keys()
            .find(|p| **p != keep)
            .map(|p| (p.clone(), count(p)));
        accepted.retain(|p, _| *p == keep);
    }
    if !accepted.keys().any(|p| p != "Q") {
        return None;
    }
    // Count every heading read so whose prefix was accepted somewhere, and its separator.
    let mut separators: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut spaced, mut joined) = (0usize, 0usize);
    for (s, at) in scans.iter().zip(&read_at) {
        for (l, lead) in &s.prefixed {
            if *l == *at
                && let Some(c) = accepted.get_mut(&lead.prefix)
            {
                *c += 1;
                *separators.entry(lead.separator).or_default() += 1;
                if lead.spaced {
                    spaced += 1;
                } else {
                    joined += 1;
                }
            }
        }
    }
    let separator = separators
        .into_iter()
        .max_by_key(|&(s, c)| (c, s == "."))
        .map_or(".", |(s, _)| s);
    let mut list: Vec<(String, usize)> = accepted.into_iter().collect();
    // `Q` first, then by how often each is used.
    list.sort_by_key(|(p, c)| (p != "Q", std::cmp::Reverse(*c), p.clone()));
    let count = list.iter().map(|(_, c)| c).sum();
    Some(Prefixed {
        level,
        prefixes: list.into_iter().map(|(p, _)| p).collect(),
        count,
        separator,
        spaced: spaced > joined,
        set_aside,
    })
}

/// The prefixes one file numbers its headings at `level` with: each starts at least 3 of
/// them and at least a fifth of the file's prefixed headings there, and numbers questions, not
/// another series. `None` when there is none.
///
/// A weak form's numbers must also count the file's questions ([`counts_questions`], after
/// `last`, the number each weak form last wrote in the files before); a weak form that writes
/// 3 headings there without counting goes to `refused`.
fn accepted_in<'s>(
    s: &'s FileScan,
    level: u8,
    last: &BTreeMap<&str, u64>,
    refused: &mut Vec<&'s str>,
) -> Option<Vec<&'s str>> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (l, lead) in &s.prefixed {
        if *l == level {
            *counts.entry(lead.prefix.as_str()).or_default() += 1;
        }
    }
    let total: usize = counts.values().sum();
    let mut v: Vec<&str> = counts
        .into_iter()
        .filter(|&(p, c)| c >= 3 && c * 5 >= total && !other_series(p))
        .map(|(p, _)| p)
        .collect();
    v.retain(|&p| {
        if !weak(p) {
            return true;
        }
        let numbers: Vec<u64> = s
            .prefixed
            .iter()
            .filter(|(l, lead)| *l == level && lead.prefix == p)
            .map(|(_, lead)| lead.number)
            .collect();
        let counts = counts_questions(&numbers, last.get(p).copied());
        if !counts {
            refused.push(p);
        }
        counts
    });
    (!v.is_empty()).then_some(v)
}

/// Whether a heading prefix is one of the weak forms: a bare number before a dash (`12 -
/// Title`, the empty prefix) or a number in brackets (`[12] Title`). Lists write numbers so
/// for many other things than questions, so they need [`counts_questions`].
pub(super) fn weak(prefix: &str) -> bool {
    matches!(prefix, "" | "[")
}

/// Whether the numbers a file writes in a weak form, in reading order, count its questions:
/// the run starts at 0 or 1, or right after `prev` (the last number of the file before, in
/// path order: numbering across files), and at least half of the steps between consecutive
/// numbers are `+1`. A count with a couple of gaps (`1`, `2`, `4`, `5`, `7`) does; a
/// newest-first list (`153`, `152`, `150`), a countdown (`10` … `1`) and bibliography numbers
/// (`[4]`, `[7]`, `[9]`, `[12]`) do not.
pub(super) fn counts_questions(numbers: &[u64], prev: Option<u64>) -> bool {
    let Some(&first) = numbers.first() else {
        return false;
    };
    let starts = first <= 1 || prev.is_some_and(|p| first == p.saturating_add(1));
    let steps = numbers.len().saturating_sub(1);
    let ones = numbers
        .windows(2)
        .filter(|w| w[1] == w[0].saturating_add(1))
        .count();
    starts && ones * 2 >= steps
}

/// The trailing words most question headings at `level` share after a ` - `, with how many
/// carry them, when at least half do.
pub(super) fn common_suffix(
    scans: &[FileScan],
    level: u8,
    questions: usize,
) -> Option<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in scans {
        for (l, t) in &s.suffixes {
            if *l == level {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let (sfx, c) = counts
        .into_iter()
        .max_by_key(|&(t, c)| (c, std::cmp::Reverse(t)))?;
    (c * 2 >= questions).then(|| (sfx.to_string(), c))
}

/// The folder (relative, `/`-separated) holding at least 90% of the question headings at
/// `level`, when it is not the root and other files hold many headings at that level too.
pub(super) fn common_folder(
    files: &[(String, Arc<str>)],
    scans: &[FileScan],
    level: u8,
) -> Option<String> {
    let l = level as usize;
    let total: usize = scans.iter().map(|s| s.asking[l]).sum();
    let mut best: Option<(String, usize)> = None;
    let mut dirs: BTreeMap<String, usize> = BTreeMap::new();
    for ((path, _), s) in files.iter().zip(scans) {
        let mut dir = String::new();
        for part in path.split('/').collect::<Vec<_>>().split_last()?.1 {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            *dirs.entry(dir.clone()).or_default() += s.asking[l];
        }
    }
    for (dir, c) in dirs {
        // The deepest folder that still holds 90%.
        if c * 10 >= total * 9 && best.as_ref().is_none_or(|b| dir.len() > b.0.len()) {
            best = Some((dir, c));
        }
    }
    let (dir, _) = best?;
    let prefix = format!("{dir}/");
    let outside: usize = files
        .iter()
        .zip(scans)
        .filter(|((p, _), _)| !p.starts_with(&prefix))
        .map(|(_, s)| s.headings[l])
        .sum();
    (outside * 10 >= total).then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::counts_questions;

    /// A count from 1 with a couple of gaps, or on from the previous file, counts questions; a
    /// newest-first list, a countdown and bibliography numbers do not.
    #[test]
    fn weak_numbers_must_count() {
        assert!(counts_questions(&[1, 2, 4, 5, 7], None));
        assert!(counts_questions(&[1, 2, 4], None));
        assert!(counts_questions(&[0, 1, 2], None));
        assert!(counts_questions(&[11, 12, 13], Some(10)));
        assert!(!counts_questions(&[11, 12, 13], None));
        assert!(!counts_questions(&[153, 152, 150, 149], None));
        assert!(!counts_questions(&[5, 4, 3, 2, 1], None));
        assert!(!counts_questions(&[4, 7, 9, 12], None));
        assert!(!counts_questions(&[1, 4, 7, 9], None));
    }
}
