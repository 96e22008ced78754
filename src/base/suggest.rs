//! Did-you-mean, in one place. [`closest`] picks a name within a typo's reach of a short
//! misspelt one (config keys, rule codes, TeX commands) by the edits a typist makes ([`distance`]:
//! insert, delete, substitute, or swap two neighbours, so `\alhpa` finds `\alpha`).
//! [`most_similar`] picks the long text (an anchor, a title) most similar to another by
//! [`similarity`] (Levenshtein, without swaps: its q-gram bound prunes most candidates before
//! any distance is computed, which a swap would weaken).

/// The edit distance between `a` and `b`.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// How alike two long texts are, from 0 to 1: one minus the Levenshtein distance over the
/// longer length.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

/// How many edits a misspelling may have: a third of the longer name's length, at least one,
/// plus one.
fn typo_reach(got: &str, candidate: &str) -> usize {
    (candidate.len().max(got.len()) / 3).max(1) + 1
}

/// Whether letter case tells names apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Config keys, rule codes and names: `qa101` means `QA101`.
    Insensitive,
    /// TeX commands: `\Alpha` is not `\alpha`.
    Sensitive,
}

/// The candidate closest to `got` (case-insensitively), if within a typo's reach; among equals,
/// the first in alphabetical order, so the answer never depends on the candidates' order.
pub fn closest<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_in(got, candidates, Case::Insensitive)
}

/// [`closest`], with letter case counting or not.
pub fn closest_in<'a>(
    got: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    case: Case,
) -> Option<&'a str> {
    let fold = |s: &str| match case {
        Case::Insensitive => s.to_ascii_lowercase(),
        Case::Sensitive => s.to_string(),
    };
    let got_f = fold(got);
    let len = got_f.chars().count();
    candidates
        .into_iter()
        // The distance is at least the difference in length: skip the hopeless ones cheaply.
        .filter(|c| c.chars().count().abs_diff(len) <= typo_reach(got, c))
        .map(|c| (distance(&got_f, &fold(c)), c))
        .filter(|(d, c)| *d <= typo_reach(got, c))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// The index and score of the candidate most similar to `query` ([`similarity`] at least `min`;
/// among equals, the last): for long texts (anchors, titles). Candidates that cannot reach the best
/// so far are skipped by cheap bounds (length difference, shared character pairs) before the
/// distance is computed, so a long list costs little more than a scan.
pub fn most_similar<'a>(
    query: &str,
    candidates: impl Iterator<Item = &'a str>,
    min: f64,
) -> Option<(usize, f64)> {
    let qlen = query.chars().count();
    let qpairs = char_pairs(query);
    // Byte histogram of the query, for ASCII candidates (the common case: anchors).
    let mut qhist = [0i32; 128];
    let ascii_query = query.is_ascii();
    if ascii_query {
        for b in query.bytes() {
            qhist[b as usize] += 1;
        }
    }
    let mut scratch: Vec<(char, char)> = Vec::new();
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in candidates.enumerate() {
        let floor = best.map_or(min, |b| b.1);
        let clen = c.chars().count();
        let longest = qlen.max(clen);
        if longest > 0 {
            // The distance is at least the length difference...
            if 1.0 - (qlen.abs_diff(clen) as f64) / (longest as f64) < floor - 1e-9 {
                continue;
            }
            let most_edits = ((1.0 - floor) * longest as f64 + 1e-9).floor() as usize;
            // ... and at least the number of the candidate's characters the query lacks ...
            if ascii_query && c.is_ascii() && unmatched(&qhist, c) > most_edits {
                continue;
            }
            // ... and each edit breaks at most two character pairs (the q-gram lemma).
            if shared_pairs(&qpairs, c, &mut scratch) + 1 + 2 * most_edits < longest {
                continue;
            }
        }
        let score = similarity(query, c);
        if score >= floor {
            best = Some((i, score));
        }
    }
    best
}

/// How many of `c`'s bytes are left over once matched against the query's byte counts.
fn unmatched(qhist: &[i32; 128], c: &str) -> usize {
    let mut h = *qhist;
    let mut extra = 0;
    for b in c.bytes() {
        let slot = &mut h[b as usize];
        *slot -= 1;
        if *slot < 0 {
            extra += 1;
        }
    }
    extra
}

/// Adjacent character pairs of `s`, sorted.
fn char_pairs(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.sort_unstable();
    pairs
}

/// How many of `a`'s character pairs `sorted` holds (as multisets).
fn shared_pairs(sorted: &[(char, char)], a: &str, scratch: &mut Vec<(char, char)>) -> usize {
    scratch.clear();
    let mut prev = None;
    for c in a.chars() {
        if let Some(p) = prev {
            scratch.push((p, c));
        }
        prev = Some(c);
    }
    scratch.sort_unstable();
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < sorted.len() && j < scratch.len() {
        match sorted[i].cmp(&scratch[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_nothing_else() {
        let names = ["interrogatives", "exempt-openings"];
        assert_eq!(closest("interogatives", names), Some("interrogatives"));
        assert_eq!(closest("QA1O1", ["QA101", "QA102"]), Some("QA101"));
        assert_eq!(closest("fracc", ["frac", "dfrac"]), Some("frac"));
        assert_eq!(closest("xyz", names), None);
        // Ties go to the alphabetically first, whatever the order given.
        assert_eq!(closest("QA10", ["QA102", "QA101"]), Some("QA101"));
    }

    #[test]
    fn a_swap_is_one_typo() {
        assert_eq!(distance("teh", "the"), 1);
        assert_eq!(closest("tilte-style", ["title-style"]), Some("title-style"));
        assert!(similarity("q1-what-is-a-grpah", "q1-what-is-a-graph") > 0.85);
    }

    #[test]
    fn most_similar_agrees_with_the_plain_search() {
        let cands = [
            "q1-what-is-a-graph",
            "q2-what-is-a-tree",
            "q12-what-is-image-segmentation",
            "q2-what-is-a-graph",
            "abc",
            "",
        ];
        for q in [
            "q1-what-is-a-grpah",
            "q2-what-is-graph",
            "zzz",
            "q12-image-segmentation",
            "bca",
        ] {
            let plain = cands
                .iter()
                .enumerate()
                .map(|(i, c)| (i, similarity(q, c)))
                .filter(|(_, s)| *s >= 0.6)
                .fold(None::<(usize, f64)>, |best, (i, s)| match best {
                    Some(b) if s < b.1 => Some(b),
                    _ => Some((i, s)),
                });
            assert_eq!(most_similar(q, cands.iter().copied(), 0.6), plain, "{q}");
        }
    }
}
