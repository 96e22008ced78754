//! Question-title similarity shared by QA401 (duplicate-question) and QA402 (similar-question).
//!
//! - [`normalize`]: the key two titles must share to be duplicates (NFKC, lower case, no number
//!   prefix, punctuation or markup characters, single spaces).
//! - [`terms`]: the words of a normalised title that carry meaning, as QA401 and QA402 use them
//!   to find generic titles ("What's the output?").
//! - [`Reading`] ([`reading`], over [`words`], [`facets`] and [`lexicon`]): what QA402 takes from
//!   a title to compare it: its terms (stop words and question phrasing dropped, stemmed; code,
//!   names and numbers as written; Han and kana as character bigrams), where each stands, its
//!   polarity, the kinds of question it asks and its clauses.
//! - [`Vocabulary`], [`Index::build`]: IDF weights over the titles being compared (a word in half
//!   of all titles says little), each title a unit vector of the weights of its terms, and the
//!   terms ordered rarest first.
//! - [`Index::pairs`]: every pair whose cosine similarity reaches a threshold, by an exact
//!   threshold join: each title is indexed under its *prefix*, the rarest terms it has up to the
//!   point where the weight left in the rest of the title (its norm) falls below the threshold.
//!   Two titles that share no prefix term cannot reach the threshold (Cauchy–Schwarz on the
//!   remaining weights), so only titles that share a prefix term are compared, and those are
//!   scored exactly. No pair is missed; [`Index::brute_force_pairs`] is the reference.
//! - [`Group`]: one language of a repository: the join finds the candidate pairs, and
//!   [`Group::judge`] says whether a pair asks the same question ([`Verdict::Similar`]) or
//!   different things ([`compare::difference`], template siblings).

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use rayon::prelude::*;

use crate::model::summary::FileSummary;
pub use crate::model::titles::{TitleKey, TitleWords, normalize};
pub use compare::Difference;
use facets::Facets;
use reading::Reading;
use std::borrow::Cow;
use words::is_cjk;

pub mod compare;
pub mod facets;
pub mod lexicon;
pub mod reading;
pub mod words;

/// Words that say how something is asked, not what: never terms.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "between",
    "by",
    "can",
    "could",
    "define",
    "definition",
    "describe",
    "do",
    "does",
    "explain",
    "for",
    "from",
    "give",
    "how",
    "i",
    "in",
    "into",
    "is",
    "it",
    "its",
    "me",
    "mean",
    "meaning",
    "meant",
    "of",
    "on",
    "or",
    "please",
    "should",
    "so",
    "tell",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "understand",
    "us",
    "was",
    "we",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "will",
    "with",
    "would",
    "you",
    "your",
    "concept",
    "notion",
    "term",
    "briefly",
    "example",
    "examples",
    "s",
];

fn is_stop(w: &str) -> bool {
    static STOP: LazyLock<rustc_hash::FxHashSet<&str>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    STOP.contains(w)
}

/// Simple English stemming of plural and verb endings, so that `networks`/`network`,
/// `studies`/`study`, `learning`/`learned`/`learn`, `uses`/`used`/`using`/`use` meet. Only ASCII
/// words longer than three letters.
pub fn stem(w: &str) -> String {
    if w.len() < 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return w.to_string();
    }
    let mut s = w.to_string();
    let cut = |s: &mut String, end: &str, add: &str| -> bool {
        let min = if matches!(end, "ing" | "ed") { 2 } else { 3 };
        if s.ends_with(end) && s.len() - end.len() >= min {
            s.truncate(s.len() - end.len());
            s.push_str(add);
            true
        } else {
            false
        }
    };
    if !(cut(&mut s, "ies", "y") || cut(&mut s, "sses", "ss")) {
        let ch = s.ends_with("ches") || s.ends_with("shes") || s.ends_with("xes");
        if ch {
            cut(&mut s, "es", "");
        } else if s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is")
        {
            cut(&mut s, "s", "");
        }
    }
    if cut(&mut s, "ing", "") || cut(&mut s, "ed", "") {
        // `stopped` → `stop`
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z') {
            s.pop();
        }
    }
    if s.len() >= 3 && s.ends_with('e') {
        s.pop();
    }
    s
}

/// The distinct terms of a [`normalize`]d title, sorted: how generic titles are found.
pub fn terms(norm: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in norm.split(' ').filter(|w| !w.is_empty()) {
        if word.chars().any(is_cjk) {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() == 1 {
                out.push(word.to_string());
            }
            for w in chars.windows(2) {
                out.push(w.iter().collect());
            }
            continue;
        }
        if is_stop(word) {
            continue;
        }
        out.push(stem(word));
    }
    out.sort();
    out.dedup();
    out
}

/// Terms by number, each with whether it only qualifies the question.
type NumberedTerms = Vec<(u32, bool)>;

/// The terms of every title of a group as numbers (in order of first appearance, as
/// [`Vocabulary::build`] numbers them), each with whether it only qualifies the question: what
/// weighing needs of a [`Reading`], a few bytes a term instead of a string.
struct TitleTerms {
    /// Each title's distinct terms.
    whole: Vec<NumberedTerms>,
    /// Each title's clauses (when it has several): their terms and kinds.
    clauses: Vec<Vec<(NumberedTerms, Facets)>>,
    /// How many distinct terms there are.
    count: usize,
}

impl TitleTerms {
    /// Numbers the terms of each title's words.
    fn read(words: &[Cow<TitleWords>]) -> TitleTerms {
        let mut ids: HashMap<u64, u32> =
            HashMap::with_capacity_and_hasher(words.len() * 2, Default::default());
        let mut out = TitleTerms {
            whole: Vec::with_capacity(words.len()),
            clauses: Vec::with_capacity(words.len()),
            count: 0,
        };
        for w in words {
            let mut numbered = |terms: &mut dyn Iterator<Item = (u64, bool)>| {
                terms
                    .map(|(t, qualified)| {
                        let next = ids.len() as u32;
                        (*ids.entry(t).or_insert(next), qualified)
                    })
                    .collect::<NumberedTerms>()
            };
            out.whole.push(numbered(&mut w.whole()));
            let clauses = w
                .clauses()
                .map(|mut c| (numbered(&mut c), Facets::default()))
                .collect();
            out.clauses.push(clauses);
        }
        out.count = ids.len();
        out
    }
}

/// The version of [`title_words`]: the summary cache keeps words between runs, so a change to
/// how titles are read (stop words, stemming, the lexicon, [`Reading::terms_of`]) must change
/// it, or a warm run would weigh old terms against new ones.
pub const WORDS_VERSION: u32 = 8;

/// What QA401 and QA402 read from a title's words, in `language`: the generic-title terms of
/// its key and QA402's terms ([`Reading::terms_of`]).
pub fn title_words(key: &TitleKey, language: &str) -> TitleWords {
    let generic = terms(&key.normalized());
    let r = Reading::terms_of(&key.text, language);
    fn listed<'a>(r: &Reading, ts: &'a [String]) -> Vec<(&'a str, bool)> {
        ts.iter().map(|t| (t.as_str(), r.is_qualified(t))).collect()
    }
    TitleWords::new(
        generic.iter().map(String::as_str),
        listed(&r, &r.terms),
        r.clauses.iter().map(|(ts, _)| listed(&r, ts)),
    )
}

/// Reads the words of every title of `summary` ([`title_words`]) in the language its path
/// says ([`language_of`]), unless they were read in that language already: the file phase
/// does it, in parallel, so that the repository pass (and a warm cache) need not; it must run
/// once the summary has the path it is reported under. Returns whether it read them.
pub fn read_words(summary: &mut FileSummary) -> bool {
    let language = language_of(&summary.path);
    let read = format!("{WORDS_VERSION} {language}");
    let done = summary.words_read.as_deref() == Some(read.as_str())
        && summary.titles.iter().all(|t| t.words.is_some());
    if done {
        return false;
    }
    for key in &mut summary.titles {
        key.words = Some(title_words(key, &language));
    }
    summary.words_read = Some(read.into());
    true
}

/// A title as a sparse unit vector: `(rank, weight)` sorted by rank (rarest term first).
pub type Vector = Vec<(u32, f32)>;

/// Sorts `vec` by rank, drops repeated ranks and scales it to length 1.
fn unit(vec: &mut Vector) {
    vec.sort_unstable_by_key(|e| e.0);
    vec.dedup_by_key(|e| e.0);
    let norm = vec.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in vec {
            e.1 /= norm;
        }
    }
}

/// Weighted title vectors ready for a threshold join.
#[derive(Debug, Default)]
pub struct Index {
    pub vectors: Vec<Vector>,
    /// Titles containing each term, by rank.
    pub df: Vec<u32>,
}

/// The terms of a collection of titles, ranked rarest first, with their IDF weights
/// `ln(1 + N / df)`.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    rank: Vec<u32>,
    idf: Vec<f32>,
    /// Titles containing each term, by rank.
    df_by_rank: Vec<u32>,
}

impl Vocabulary {
    /// The vocabulary of `titles` (each a list of terms), title `i` counted `counts[i]` times in
    /// `N` and `df` (a title that several questions share weighs as often as it is asked).
    pub fn build<S: AsRef<str>>(titles: &[Vec<S>], counts: &[u32]) -> Vocabulary {
        let mut ids: HashMap<String, u32> = HashMap::default();
        let mut df: Vec<u32> = Vec::new();
        for (ts, &count) in titles.iter().zip(counts) {
            let mut v: Vec<u32> = ts
                .iter()
                .map(|t| {
                    let next = ids.len() as u32;
                    match ids.get(t.as_ref()) {
                        Some(&id) => id,
                        None => {
                            ids.insert(t.as_ref().to_string(), next);
                            next
                        }
                    }
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            for &t in &v {
                if t as usize == df.len() {
                    df.push(0);
                }
                df[t as usize] += count;
            }
        }
        Vocabulary::ranked(ids, df, counts)
    }

    /// Ranks terms numbered by first appearance, given their document frequencies.
    fn ranked(ids: HashMap<String, u32>, df: Vec<u32>, counts: &[u32]) -> Vocabulary {
        // Rank: rarest first, ties by first appearance (deterministic).
        let mut order: Vec<u32> = (0..df.len() as u32).collect();
        order.sort_by_key(|&t| (df[t as usize], t));
        let mut rank = vec![0u32; df.len()];
        for (r, &t) in order.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        let n = counts.iter().map(|&c| c as f32).sum::<f32>().max(1.0);
        let idf = df.iter().map(|&d| (1.0 + n / d as f32).ln()).collect();
        let df_by_rank = order.iter().map(|&t| df[t as usize]).collect();
        Vocabulary {
            ids,
            rank,
            idf,
            df_by_rank,
        }
    }

    /// [`Vocabulary::build`] over titles whose terms are already numbers `0..count` (each
    /// title's distinct), numbered in order of first appearance.
    fn of_ids(titles: &[NumberedTerms], count: usize, counts: &[u32]) -> Vocabulary {
        let mut df = vec![0u32; count];
        for (ts, &c) in titles.iter().zip(counts) {
            for &(t, _) in ts {
                df[t as usize] += c;
            }
        }
        Vocabulary::ranked(HashMap::default(), df, counts)
    }

    /// The unit vector of terms given by number ([`Vocabulary::of_ids`]), each weighted by
    /// its IDF times its factor.
    fn vector_of_ids(&self, terms: impl IntoIterator<Item = (u32, f32)>) -> Vector {
        let mut vec: Vector = terms
            .into_iter()
            .map(|(id, factor)| (self.rank[id as usize], self.idf[id as usize] * factor))
            .collect();
        unit(&mut vec);
        vec
    }

    /// The unit vector of `terms`, each weighted by its IDF times its factor; terms outside the
    /// vocabulary are left out.
    pub fn vector<'a>(&self, terms: impl IntoIterator<Item = (&'a str, f32)>) -> Vector {
        let mut vec: Vector = terms
            .into_iter()
            .filter_map(|(t, factor)| {
                let id = *self.ids.get(t)? as usize;
                Some((self.rank[id], self.idf[id] * factor))
            })
            .collect();
        unit(&mut vec);
        vec
    }

    /// Titles containing each term, by rank.
    pub fn df(&self) -> &[u32] {
        &self.df_by_rank
    }
}

impl Index {
    /// Vectors of `titles` (each a list of terms) with IDF weights `ln(1 + N / df)`.
    pub fn build<S: AsRef<str> + Sync>(titles: &[Vec<S>]) -> Index {
        Index::build_counted(titles, &vec![1; titles.len()])
    }

    /// Like [`Index::build`], with title `i` counted `counts[i]` times in `N` and `df` (a title
    /// that several questions share is one vector but weighs as often as it is asked).
    pub fn build_counted<S: AsRef<str> + Sync>(titles: &[Vec<S>], counts: &[u32]) -> Index {
        let vocabulary = Vocabulary::build(titles, counts);
        let vectors = titles
            .par_iter()
            .map(|ts| vocabulary.vector(ts.iter().map(|t| (t.as_ref(), 1.0))))
            .collect();
        Index {
            vectors,
            df: vocabulary.df_by_rank,
        }
    }

    /// Every pair `(i, j, score)` with `i < j` and cosine similarity at least `threshold`
    /// (in `(0, 1]`), sorted. Exact: the same pairs as [`Index::brute_force_pairs`].
    pub fn pairs(&self, threshold: f32) -> Vec<(u32, u32, f32)> {
        let t = threshold.clamp(f32::MIN_POSITIVE, 1.0);
        let (prefix_len, lists) = self.prefix_lists(t);
        let n = self.vectors.len();
        let chunk = 4096;
        let mut out: Vec<(u32, u32, f32)> = (0..n.div_ceil(chunk))
            .into_par_iter()
            .flat_map_iter(|c| {
                // The probe's weights by term (zero elsewhere), and which probe last saw each
                // candidate: scoring a candidate is then one lookup per term, without sorting.
                let mut weight = vec![0f32; self.df.len()];
                let mut seen_by = vec![u32::MAX; n];
                let mut found = Vec::new();
                for j in c * chunk..((c + 1) * chunk).min(n) {
                    let v = &self.vectors[j];
                    for e in v {
                        weight[e.0 as usize] = e.1;
                    }
                    for e in &v[..prefix_len[j]] {
                        let list = &lists[e.0 as usize];
                        let end = list.partition_point(|&i| (i as usize) < j);
                        for &i in &list[..end] {
                            if seen_by[i as usize] == j as u32 {
                                continue;
                            }
                            seen_by[i as usize] = j as u32;
                            // The same products, added in the same (rank) order, as `dot`.
                            let s: f32 = self.vectors[i as usize]
                                .iter()
                                .map(|f| f.1 * weight[f.0 as usize])
                                .sum();
                            if s >= t {
                                found.push((i, j as u32, s));
                            }
                        }
                    }
                    for e in v {
                        weight[e.0 as usize] = 0.0;
                    }
                }
                found
            })
            .collect();
        out.sort_by_key(|a| (a.0, a.1));
        out
    }

    /// The pairs of [`Index::pairs`] with at least one vector that `probes` marks: each marked
    /// vector is compared with every vector that shares a prefix term with it, before or after
    /// it (the prefix bound holds both ways), and the others are not compared with each other.
    /// Exact, and cheap when few vectors are marked (one named file in a large repository).
    pub fn pairs_with(&self, threshold: f32, probes: &[bool]) -> Vec<(u32, u32, f32)> {
        if probes.iter().all(|&p| p) {
            return self.pairs(threshold);
        }
        let t = threshold.clamp(f32::MIN_POSITIVE, 1.0);
        let (prefix_len, lists) = self.prefix_lists(t);
        let probed: Vec<usize> = (0..self.vectors.len()).filter(|&j| probes[j]).collect();
        let mut out: Vec<(u32, u32, f32)> = probed
            .par_iter()
            .flat_map_iter(|&j| {
                let v = &self.vectors[j];
                let mut seen: Vec<u32> = v[..prefix_len[j]]
                    .iter()
                    .flat_map(|e| lists[e.0 as usize].iter().copied())
                    .filter(|&i| i as usize != j)
                    // A pair of two probes is found from its later one only.
                    .filter(|&i| !(probes[i as usize] && (i as usize) > j))
                    .collect();
                seen.sort_unstable();
                seen.dedup();
                seen.into_iter().filter_map(move |i| {
                    let (a, b) = (i.min(j as u32), i.max(j as u32));
                    // The products `pairs` adds, in its order (it also adds zeros).
                    let s = dot(&self.vectors[a as usize], &self.vectors[b as usize]);
                    (s >= t).then_some((a, b, s))
                })
            })
            .collect();
        out.sort_by_key(|a| (a.0, a.1));
        out
    }

    /// How many of each vector's rarest terms it is indexed under (its prefix: up to where the
    /// weight left falls below `t`, so that no pair at or above `t` is missed), and the
    /// inverted lists over those prefixes, by rank, in vector order.
    fn prefix_lists(&self, t: f32) -> (Vec<usize>, Vec<Vec<u32>>) {
        let prefix_len: Vec<usize> = self.vectors.iter().map(|v| prefix_len(v, t)).collect();
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); self.df.len()];
        for (i, v) in self.vectors.iter().enumerate() {
            for e in &v[..prefix_len[i]] {
                lists[e.0 as usize].push(i as u32);
            }
        }
        (prefix_len, lists)
    }

    /// Every pair at or above `threshold`, comparing all pairs: the reference for tests and
    /// the benchmark.
    pub fn brute_force_pairs(&self, threshold: f32) -> Vec<(u32, u32, f32)> {
        let t = threshold.clamp(f32::MIN_POSITIVE, 1.0);
        let n = self.vectors.len();
        let mut out: Vec<(u32, u32, f32)> = (1..n)
            .into_par_iter()
            .flat_map_iter(|j| {
                (0..j).filter_map(move |i| {
                    let s = dot(&self.vectors[i], &self.vectors[j]);
                    (s >= t).then_some((i as u32, j as u32, s))
                })
            })
            .collect();
        out.sort_by_key(|a| (a.0, a.1));
        out
    }
}

/// How many of a vector's rarest terms it is indexed under for a join at `threshold` (its
/// prefix): up to where the weight left falls below it, so that no pair at or above it is
/// missed (two vectors can reach it only by sharing a term of both prefixes).
fn prefix_len(v: &Vector, threshold: f32) -> usize {
    let t = threshold.clamp(f32::MIN_POSITIVE, 1.0);
    // A little slack so that rounding never shortens a prefix.
    let bound = (t * t) * (1.0 - 1e-5);
    let mut rest: f32 = v.iter().map(|e| e.1 * e.1).sum();
    let mut k = 0;
    while k < v.len() && rest >= bound {
        rest -= v[k].1 * v[k].1;
        k += 1;
    }
    k
}

/// Dot product of two vectors sorted by rank.
pub fn dot(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s.min(1.0)
}

/// The language a file is written in, from its path: a directory such as `de-DE` or `zh-CN`
/// (regional variants are kept apart: `zh-CN` and `zh-TW` are separate translations),
/// or a file-name suffix such as `-fr`, `_es` or `.ja` (`python-quiz-fr.md`). `""` for English
/// and untagged files. Questions are only compared within one language.
pub fn language_of(path: &str) -> String {
    const TAGS: &[&str] = crate::base::paths::LANGUAGE_TAGS;
    let norm = |t: &str| -> String {
        let t = t.to_ascii_lowercase();
        if t == "en" || t.starts_with("en-") {
            String::new()
        } else {
            t
        }
    };
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    let (file, dirs) = parts.split_last().unwrap_or((&"", &[]));
    for d in dirs.iter().rev() {
        let b = d.as_bytes();
        let region = b.len() == 5
            && b[..2].iter().all(u8::is_ascii_lowercase)
            && matches!(b[2], b'-' | b'_')
            && b[3..].iter().all(u8::is_ascii_alphabetic);
        if region && TAGS.contains(&&d[..2]) {
            return norm(&d.replace('_', "-"));
        }
        if TAGS.contains(d) && *d != "go" {
            return norm(d);
        }
    }
    let stem = file.rsplit_once('.').map_or(*file, |(s, _)| s);
    if let Some(at) = stem.rfind(['-', '_', '.']) {
        let tag = &stem[at + 1..];
        // `README-zh-CN`, `readme_pt_BR`
        if tag.len() == 2 && tag.bytes().all(|b| b.is_ascii_uppercase()) {
            let before = &stem[..at];
            if let Some(at2) = before.rfind(['-', '_', '.']) {
                let l = before[at2 + 1..].to_ascii_lowercase();
                if TAGS.contains(&l.as_str()) {
                    return norm(&format!("{l}-{}", tag.to_ascii_lowercase()));
                }
            }
        }
        let lower = tag.to_ascii_lowercase();
        if TAGS.contains(&lower.as_str()) {
            return norm(&lower);
        }
        // `quiz-ptbr`, `README-zhcn`: language and region run together. Only regions that
        // name a language variant, so that a word (`node`, `java`, `aria`) is no tag.
        const REGIONS: &[&str] = &["br", "cn", "gb", "hk", "mx", "pt", "tw", "us"];
        let (language, region) = lower.split_at(lower.len().min(2));
        if lower.len() == 4
            && lower.bytes().all(|b| b.is_ascii_lowercase())
            && TAGS.contains(&language)
            && REGIONS.contains(&region)
        {
            return norm(&format!("{language}-{region}"));
        }
    }
    String::new()
}

/// What QA401 and QA402 need to know to skip generic titles and to score pairs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// QA402's threshold on cosine similarity.
    pub threshold: f32,
    /// A term is *frequent* when at least this share of the titles (of one language) use it...
    pub generic_share: f32,
    /// ...and at least this many. A title whose terms are all frequent is generic.
    pub generic_count: u32,
    /// A short title in sibling files about different subjects asks about each subject: not a
    /// duplicate, nor similar (`subjects-apart`).
    pub subjects_apart: bool,
}

/// A question in the repository pass: file index and question index in that file.
pub type QuestionId = (usize, usize);

/// The findings of one repository pass, as `(later, earlier)` questions.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Equal normalised titles: every later question, with the first one.
    pub duplicates: Vec<(QuestionId, QuestionId)>,
    /// Similar titles (not duplicates): each later question once, with its best earlier match.
    pub similar: Vec<(QuestionId, QuestionId, f32)>,
}

/// Compare the questions of `files` (each a list of title keys, files in path order), language
/// by language ([`language_of`] each file's path).
pub fn analyze(files: &[(&str, &[TitleKey])], settings: Settings) -> Analysis {
    analyze_reported(files, settings, &vec![true; files.len()])
}

/// [`analyze`] where only the files `reported` marks get findings (the others are read as the
/// repository context of the named files): the titles of every file still weigh the words and
/// count as earlier questions, but only pairs whose later question is in a reported file are
/// judged.
pub fn analyze_reported(
    files: &[(&str, &[TitleKey])],
    settings: Settings,
    reported: &[bool],
) -> Analysis {
    let mut groups: std::collections::BTreeMap<String, Vec<QuestionId>> = Default::default();
    for (fi, (path, titles)) in files.iter().enumerate() {
        let lang = language_of(path);
        let group = groups.entry(lang).or_default();
        for (qi, t) in titles.iter().enumerate() {
            if !t.is_blank() {
                group.push((fi, qi));
            }
        }
    }
    // Language groups are independent: one large group and many small ones share the threads.
    // A group without a reported question has nothing to say.
    let reports = |ids: &[QuestionId]| {
        ids.iter()
            .any(|&(f, _)| reported.get(f).copied().unwrap_or(true))
    };
    let found: Vec<Analysis> = groups
        .par_iter()
        .filter(|(_, ids)| reports(ids))
        .map(|(language, ids)| {
            let mut out = Analysis::default();
            analyze_group(files, ids, language, settings, reported, &mut out);
            out
        })
        .collect();
    let mut out = Analysis::default();
    for found in found {
        out.duplicates.extend(found.duplicates);
        out.similar.extend(found.similar);
    }
    out.duplicates.sort();
    out.similar.sort_by_key(|a| (a.0, a.1));
    out
}

fn analyze_group(
    files: &[(&str, &[TitleKey])],
    ids: &[QuestionId],
    language: &str,
    settings: Settings,
    reported: &[bool],
    out: &mut Analysis,
) {
    let keys: Vec<(usize, &TitleKey)> = ids.iter().map(|&(f, q)| (f, &files[f].1[q])).collect();
    let is_reported = |f: usize| reported.get(f).copied().unwrap_or(true);
    let group = Group::reporting(&keys, language, settings, is_reported);
    for (title, questions) in group.titles.iter().enumerate() {
        if group.generic[title] {
            continue;
        }
        for &later in &questions[1..] {
            out.duplicates.push((ids[later], ids[questions[0]]));
        }
    }
    let judged: Vec<(usize, usize, Judgement)> = group
        .candidates
        .par_iter()
        .filter(|&&(_, b)| group.reported[b])
        .map(|&(a, b)| (a, b, group.judge(a, b, group.same_file(a, b))))
        .collect();
    let mut best: HashMap<usize, (usize, f32)> = HashMap::default();
    for (a, b, judgement) in judged {
        if judgement.verdict != Verdict::Similar {
            continue;
        }
        let e = best.entry(b).or_insert((a, judgement.score));
        if judgement.score > e.1 {
            *e = (a, judgement.score);
        }
    }
    for (b, (a, score)) in best {
        out.similar
            .push((ids[group.titles[b][0]], ids[group.titles[a][0]], score));
    }
}

/// A title pair whose whole-title similarity reaches this is close enough for either title to
/// show that a third title's siblings are siblings ([`Difference::Siblings`]).
pub const SIBLING_SIMILARITY: f32 = 0.8;

/// The weight of a term that only qualifies the question (`in Python`, `for storage`), relative
/// to its IDF weight: where a question is asked matters less than what it asks.
pub const QUALIFIER_WEIGHT: f32 = 0.5;

/// What QA402 says about two titles.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The cosine similarity of the weighted terms: of the whole titles, or of one clause of a
    /// title with the whole of the other ("What is NAT? How does it work?" / "What is NAT?").
    pub score: f32,
    pub verdict: Verdict,
}

/// Whether QA402 reports a pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Reported: the same question in other words.
    Similar,
    /// The similarity is below the threshold.
    Below,
    /// Similar terms, but a different question.
    Different(Difference),
    /// A generic title, a title over a code block, a title that says nothing but that it points
    /// at its body ("Explain the following code:"), or one that points at its body ("this
    /// script") with anything but another such title in its file: never compared.
    NotCompared,
}

/// One language group of a repository, ready to compare: its distinct titles, what each says
/// ([`Reading`]), their weighted vectors and the pairs the threshold join finds.
#[derive(Debug, Default)]
pub struct Group {
    /// Each distinct title's questions (indices into the keys [`Group::new`] was given), first
    /// question first. A title over a code block is that title *and* that code.
    pub titles: Vec<Vec<usize>>,
    /// Generic titles ("What's the output?"): never reported, by QA401 or QA402.
    pub generic: Vec<bool>,
    /// The file of each title's first question.
    files: Vec<usize>,
    /// Titles over a code block: compared by their code (QA401), not their words.
    coded: Vec<bool>,
    language: String,
    threshold: f32,
    /// The whole reading ([`Reading::of`]) of each title a pair is judged on
    /// ([`Group::read_kinds`]); the others were read for their terms and let go.
    readings: HashMap<usize, Reading>,
    /// Whether titles were read at all (a threshold below 1).
    read: bool,
    /// Each title's weighted unit vector.
    whole: Vec<Vector>,
    /// Each clause's vector and kinds, for titles of several clauses.
    clauses: Vec<Vec<(Vector, Facets)>>,
    /// Titles whose whole-title similarity reaches [`SIBLING_SIMILARITY`], sorted (complete for
    /// reported titles only).
    neighbours: Vec<Vec<u32>>,
    /// Whether each title's first question is in a reported file ([`Group::reporting`]).
    reported: Vec<bool>,
    /// Pairs `(earlier, later)` whose score may reach the threshold.
    pub candidates: Vec<(usize, usize)>,
}

impl Group {
    /// The distinct titles of `keys` (each with the index of its file), written in `language`.
    /// With a threshold of 1 only duplicates and generic titles are found (QA401).
    pub fn new(keys: &[(usize, &TitleKey)], language: &str, settings: Settings) -> Group {
        Group::reporting(keys, language, settings, |_| true)
    }

    /// [`Group::new`] for a run that reports the questions of some files only (`reported`, by
    /// file index; the others are the repository context of the files named): every title
    /// weighs the words, but only pairs with a reported title are found, so the titles of the
    /// context are neither joined with each other nor read for their kinds.
    pub fn reporting(
        keys: &[(usize, &TitleKey)],
        language: &str,
        settings: Settings,
        reported: impl Fn(usize) -> bool,
    ) -> Group {
        let bodies = bodies(keys);
        let mut seen: HashMap<(u64, u64), usize> =
            HashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let mut titles: Vec<Vec<usize>> = Vec::with_capacity(keys.len());
        for (k, ((_, key), &body)) in keys.iter().zip(&bodies).enumerate() {
            match seen.get(&(key.norm, body)) {
                Some(&t) => titles[t].push(k),
                None => {
                    seen.insert((key.norm, body), titles.len());
                    titles.push(vec![k]);
                }
            }
        }
        let first = |t: &Vec<usize>| keys[t[0]].1;
        let counts: Vec<u32> = titles.iter().map(|t| t.len() as u32).collect();
        let keyed: Vec<bool> = titles.iter().map(|t| bodies[t[0]] != 0).collect();
        let firsts: Vec<&TitleKey> = titles.iter().map(first).collect();
        // Each title's words, as the file phase read them; else read now (only the generic
        // terms when no similarity is asked for).
        let words: Vec<Cow<TitleWords>> = firsts
            .par_iter()
            .map(|key| match &key.words {
                Some(w) => Cow::Borrowed(w),
                None if settings.threshold < 1.0 => Cow::Owned(title_words(key, language)),
                None => Cow::Owned(TitleWords::new(
                    terms(&key.normalized()).iter().map(String::as_str),
                    [],
                    [],
                )),
            })
            .collect();
        // Generic titles and the numbered terms read the same words: in parallel.
        let similar = settings.threshold < 1.0;
        let (generic, terms) = rayon::join(
            || generic_titles(&words, &counts, settings, &firsts, &keyed, language),
            || similar.then(|| TitleTerms::read(&words)),
        );
        let files: Vec<usize> = titles.iter().map(|t| keys[t[0]].0).collect();
        let mut group = Group {
            reported: files.iter().map(|&f| reported(f)).collect(),
            files,
            coded: keyed,
            generic,
            language: language.to_string(),
            threshold: settings.threshold,
            ..Group::default()
        };
        // A threshold of 1 asks for duplicates only, which the grouping above already found.
        if let Some(terms) = terms {
            let df = group.weigh(&terms, &counts);
            drop(terms);
            group.join(df);
            group.read_kinds(|t| &firsts[t].text);
            group.read = true;
        }
        group.titles = titles;
        group
    }

    /// Reads the kinds of question ([`Reading::of`]) of the titles a pair is judged on: both
    /// titles of every candidate pair with a reported later title, and that title's neighbours
    /// (which can make the two siblings). The others keep only their terms, which is all the
    /// join needed.
    fn read_kinds<'a>(&mut self, text: impl Fn(usize) -> &'a str + Sync) {
        let mut judged = vec![false; self.whole.len()];
        for &(a, b) in self.candidates.iter().filter(|&&(_, b)| self.reported[b]) {
            judged[a] = true;
            judged[b] = true;
            for &c in &self.neighbours[b] {
                judged[c as usize] = true;
            }
        }
        let full: Vec<(usize, Reading)> = judged
            .par_iter()
            .enumerate()
            .filter(|(_, judged)| **judged)
            .map(|(t, _)| (t, Reading::of(text(t), &self.language)))
            .collect();
        for (t, reading) in full {
            for (clause, read) in self.clauses[t].iter_mut().zip(&reading.clauses) {
                clause.1 = read.1;
            }
            self.readings.insert(t, reading);
        }
    }

    /// Title `t`'s whole reading (an empty one for a title no pair is judged on).
    fn reading(&self, t: usize) -> &Reading {
        static NONE: LazyLock<Reading> = LazyLock::new(Reading::default);
        self.readings.get(&t).unwrap_or(&NONE)
    }

    /// The title of key `k`.
    pub fn title_of(&self, k: usize) -> usize {
        self.titles
            .iter()
            .position(|t| t.contains(&k))
            .unwrap_or(usize::MAX)
    }

    /// Whether two titles' first questions are in the same file.
    pub fn same_file(&self, a: usize, b: usize) -> bool {
        self.files[a] == self.files[b]
    }

    /// The IDF-weighted vectors of every title and clause; returns the document frequencies
    /// by rank (the join's inverted lists).
    fn weigh(&mut self, terms: &TitleTerms, counts: &[u32]) -> Vec<u32> {
        let vocabulary = Vocabulary::of_ids(&terms.whole, terms.count, counts);
        let weighted = |ts: &[(u32, bool)]| {
            let factor = |qualified: bool| if qualified { QUALIFIER_WEIGHT } else { 1.0 };
            vocabulary.vector_of_ids(ts.iter().map(|&(t, q)| (t, factor(q))))
        };
        let needed = self.paired_with_reported(terms, &vocabulary, &weighted);
        // A title no pair can be found with keeps empty vectors.
        let vector = |needed: bool, ts: &[(u32, bool)]| match needed {
            true => weighted(ts),
            false => Vector::new(),
        };
        self.whole = (terms.whole.par_iter().zip(&needed))
            .map(|(ts, &needed)| vector(needed, ts))
            .collect();
        self.clauses = (terms.clauses.par_iter().zip(&needed))
            .map(|(cs, &needed)| cs.iter().map(|(ts, f)| (vector(needed, ts), *f)).collect())
            .collect();
        vocabulary.df().to_vec()
    }

    /// The titles that can be in a pair the join finds: every title when all are reported;
    /// else the reported ones and those that share a term with the prefix of a reported
    /// title's vector ([`prefix_len`]), which every pair with a reported title does. The
    /// others' vectors are never read, and are not computed (most of a large repository,
    /// in a run that names one file).
    fn paired_with_reported(
        &self,
        terms: &TitleTerms,
        vocabulary: &Vocabulary,
        weighted: &impl Fn(&[(u32, bool)]) -> Vector,
    ) -> Vec<bool> {
        if self.reported.iter().all(|&r| r) {
            return vec![true; terms.whole.len()];
        }
        let threshold = self.threshold.min(SIBLING_SIMILARITY);
        let mut shared = vec![false; vocabulary.df().len()];
        for t in (0..terms.whole.len()).filter(|&t| self.reported[t]) {
            let first_clause = terms.clauses[t].first().map(|c| &c.0[..]);
            for ts in std::iter::once(&terms.whole[t][..]).chain(first_clause) {
                let v = weighted(ts);
                for e in &v[..prefix_len(&v, threshold)] {
                    shared[e.0 as usize] = true;
                }
            }
        }
        let has_shared = |ts: &NumberedTerms| {
            ts.iter()
                .any(|&(id, _)| shared[vocabulary.rank[id as usize] as usize])
        };
        (0..terms.whole.len())
            .map(|t| {
                self.reported[t]
                    || has_shared(&terms.whole[t])
                    || terms.clauses[t].iter().any(|(ts, _)| has_shared(ts))
            })
            .collect()
    }

    /// Finds the candidate pairs and each title's neighbours with one exact threshold join over
    /// the whole titles and the clauses: every pair whose score can reach the threshold shares
    /// an entry pair above it.
    fn join(&mut self, df: Vec<u32>) {
        let mut owner: Vec<(usize, bool)> = Vec::new();
        let mut vectors: Vec<Vector> = Vec::new();
        for t in 0..self.whole.len() {
            if self.generic[t] || self.coded[t] {
                continue;
            }
            owner.push((t, false));
            vectors.push(self.whole[t].clone());
            if let Some((v, _)) = self.clauses[t].first() {
                owner.push((t, true));
                vectors.push(v.clone());
            }
        }
        let index = Index { vectors, df };
        let probes: Vec<bool> = owner.iter().map(|&(t, _)| self.reported[t]).collect();
        let mut neighbours = vec![Vec::new(); self.whole.len()];
        let mut candidates = Vec::new();
        for (e, f, score) in index.pairs_with(self.threshold.min(SIBLING_SIMILARITY), &probes) {
            let ((a, clause_a), (b, clause_b)) = (owner[e as usize], owner[f as usize]);
            if a == b || (clause_a && clause_b) {
                continue;
            }
            if !clause_a && !clause_b && score >= SIBLING_SIMILARITY {
                neighbours[a].push(b as u32);
                neighbours[b].push(a as u32);
            }
            if score >= self.threshold {
                candidates.push((a.min(b), a.max(b)));
            }
        }
        for n in &mut neighbours {
            n.sort_unstable();
            n.dedup();
        }
        candidates.sort_unstable();
        candidates.dedup();
        self.neighbours = neighbours;
        self.candidates = candidates;
    }

    /// The score of two titles: their whole-title similarity, or that of the first clause of
    /// one with the whole of the other, when the other has one clause and asks nothing the
    /// first clause does not ("What is NAT? How does it work?" / "What is NAT?").
    fn score(&self, a: usize, b: usize) -> f32 {
        let mut score = dot(&self.whole[a], &self.whole[b]);
        for (x, y) in [(a, b), (b, a)] {
            let asks = self.reading(y).facets;
            if !self.clauses[y].is_empty() {
                continue;
            }
            let Some((v, facets)) = self.clauses[x].first() else {
                continue;
            };
            if facets.contains(asks) && facets.compatible(asks) {
                score = score.max(dot(v, &self.whole[y]));
            }
        }
        score
    }

    /// What QA402 says about titles `a` and `b` (in one file or not).
    pub fn judge(&self, a: usize, b: usize, same_file: bool) -> Judgement {
        if !self.read || a == b {
            return Judgement {
                score: 0.0,
                verdict: Verdict::Below,
            };
        }
        if self.generic[a] || self.generic[b] || self.coded[a] || self.coded[b] {
            return Judgement {
                score: 0.0,
                verdict: Verdict::NotCompared,
            };
        }
        // Only candidate pairs can reach the threshold (the join is exact), and only their
        // titles were read whole ([`Group::read_kinds`]).
        if self
            .candidates
            .binary_search(&(a.min(b), a.max(b)))
            .is_err()
        {
            let score = dot(&self.whole[a], &self.whole[b]);
            return Judgement {
                score,
                verdict: Verdict::Below,
            };
        }
        let (ra, rb) = (self.reading(a), self.reading(b));
        // A title that says nothing but that it points at its body ("Explain the following
        // code:") has no words to compare.
        if ra.only_points() || rb.only_points() {
            return Judgement {
                score: 0.0,
                verdict: Verdict::NotCompared,
            };
        }
        // A title that points at its body ("this script") asks about that body: only another
        // such title in the same file can ask the same.
        if (ra.deictic || rb.deictic) && !(ra.deictic && rb.deictic && same_file) {
            return Judgement {
                score: 0.0,
                verdict: Verdict::NotCompared,
            };
        }
        let score = self.score(a, b);
        let verdict = if score < self.threshold {
            Verdict::Below
        } else if let Some(d) = compare::difference(ra, rb, &self.language, same_file) {
            Verdict::Different(d)
        } else if self.siblings(a, b) {
            Verdict::Different(Difference::Siblings)
        } else {
            Verdict::Similar
        };
        Judgement { score, verdict }
    }

    /// Whether a third title, close to both, shares their frame but fills it differently: it
    /// says something neither says, and lacks something that sets `a` and `b` apart ("custom
    /// form" / "custom button" / "custom link"). A third title that only adds to both ("... in
    /// MySQL") is the same question again.
    fn siblings(&self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.reading(a), self.reading(b));
        let (sa, sb) = (said(ra), said(rb));
        // A phrase one title quotes and the other writes unquoted ("'Data source'" / "data
        // source"), or an acronym and its words ("AD" / "Active Directory"), do not set them
        // apart.
        let mut same: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (x, y) in [(ra, rb), (rb, ra)] {
            for t in &x.terms {
                if let Some(words) = compare::expansion(t, y).filter(|_| !y.has(t)) {
                    same.insert(t);
                    same.extend(words.iter().map(|w| w.0.as_str()));
                }
            }
        }
        let apart: Vec<&str> = sa
            .difference(&sb)
            .filter(|t| !says_phrase(rb, ra, t))
            .chain(sb.difference(&sa).filter(|t| !says_phrase(ra, rb, t)))
            .filter(|t| !same.contains(*t))
            .copied()
            .collect();
        // The titles close to both: the neighbours of a reported one (complete) that are close
        // to the other (the same sum of products as the join's).
        let (x, y) = if self.reported[b] { (a, b) } else { (b, a) };
        self.neighbours[y]
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| c != x && dot(&self.whole[x], &self.whole[c]) >= SIBLING_SIMILARITY)
            .map(|c| self.reading(c))
            .any(|rc| {
                let sc = said(rc);
                rc.negated == ra.negated
                    && rc.facets.compatible(ra.facets)
                    && rc.facets.compatible(rb.facets)
                    && sc.iter().any(|t| !sa.contains(t) && !sb.contains(t))
                    && apart.iter().any(|t| !sc.contains(t))
            })
    }
}

/// The terms and quoted phrases ("Fixed Work") a title says.
fn said(r: &Reading) -> std::collections::HashSet<&str> {
    r.terms
        .iter()
        .chain(&r.phrases)
        .map(String::as_str)
        .collect()
}

/// Whether `r` says `phrase`, quoted by `owner`, in words: it has every term of the phrase.
fn says_phrase(r: &Reading, owner: &Reading, phrase: &str) -> bool {
    owner.phrases.iter().any(|p| p == phrase)
        && phrase
            .split(' ')
            .map(stem)
            .filter(|t| owner.has(t))
            .all(|t| r.has(&t))
}

/// What each title of `keys` is keyed with besides its words: the code block under it
/// ([`TitleKey::body`]), else, for a title asked more than once that points at its body
/// ("Explain the output of this command"), the first block of that body ([`TitleKey::lead`]);
/// else 0. Asked again over the same code or block, it is the same question; over another, a
/// new one.
fn bodies(keys: &[(usize, &TitleKey)]) -> Vec<u64> {
    let mut asked: HashMap<u64, u32> = HashMap::default();
    for (_, key) in keys {
        *asked.entry(key.norm).or_default() += 1;
    }
    keys.par_iter()
        .map(|(_, key)| match key.body {
            0 if key.lead != 0 && asked[&key.norm] > 1 && reading::Glance::of(&key.text).points => {
                key.lead
            }
            body => body,
        })
        .collect()
}

/// Generic titles, whose question is in their body ("What's the output?", "What does this code
/// do?"): every term is used by at least `generic-share` of the questions and by at least
/// `generic-count` of them, and the title says that its question is in its body. The terms of
/// a repository's topic are as frequent ("Docker" and "container" in a Docker repository), so
/// frequency alone would hide "What is a Docker container?" asked twice. An English title says
/// it when it points at its body ("this code", "the following commands", a closing colon), is
/// made of quiz-prompt words only ("True or false?", "Find the bug"), has no term, or is asked
/// `generic-count` times or more. A title over a code block is never generic: it is keyed with
/// its code, and the same snippet asked twice is a duplicate. In other languages, whose ways of
/// pointing QA402 does not read (a tagged language group; a title with letters outside ASCII
/// or with another language's function words), frequency alone decides.
fn generic_titles(
    titles: &[Cow<TitleWords>],
    counts: &[u32],
    settings: Settings,
    keys: &[&TitleKey],
    keyed: &[bool],
    language: &str,
) -> Vec<bool> {
    static PROMPT: LazyLock<rustc_hash::FxHashSet<u64>> = LazyLock::new(|| {
        facets::PROMPT_WORDS
            .iter()
            .map(|w| TitleWords::id(&stem(w)))
            .collect()
    });
    let mut df: HashMap<u64, u32> =
        HashMap::with_capacity_and_hasher(titles.len() * 2, Default::default());
    let mut asked: HashMap<u64, u32> = HashMap::default();
    for ((ts, &c), key) in titles.iter().zip(counts).zip(keys) {
        for t in ts.generic() {
            *df.entry(t).or_default() += c;
        }
        *asked.entry(key.norm).or_default() += c;
    }
    let n = counts.iter().sum::<u32>() as f32;
    let frequent = (settings.generic_count as f32).max(settings.generic_share * n);
    let says_body_holds_it = |i: usize| {
        let key = keys[i];
        let mut terms = titles[i].generic().peekable();
        terms.peek().is_none()
            || !language.is_empty()
            || asked[&key.norm] >= settings.generic_count
            || terms.all(|t| PROMPT.contains(&t))
            || {
                let glance = reading::Glance::of(&key.text);
                glance.points || !glance.english
            }
    };
    // A title over a code block is keyed with its code: asked again over the same code, it is
    // the same question, however generic its words.
    (0..titles.len())
        .into_par_iter()
        .map(|i| {
            !keyed[i]
                && titles[i].generic().all(|t| df[&t] as f32 >= frequent)
                && says_body_holds_it(i)
        })
        .collect()
}

/// Generated question titles for the benchmark and the exactness test: templates over a
/// Zipf-like vocabulary, with some titles reworded, reordered or pluralised from an earlier one.
pub mod generate {
    /// A small deterministic generator (xorshift64*), so runs are reproducible.
    pub struct Rng(u64);

    impl Rng {
        pub fn new(seed: u64) -> Rng {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }
        pub fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        pub fn below(&mut self, n: usize) -> usize {
            (self.next_u64() % n as u64) as usize
        }
        /// Zipf-like index in `0..n`: small indices much more often.
        pub fn zipf(&mut self, n: usize) -> usize {
            let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            ((n as f64).powf(u) - 1.0) as usize % n
        }
    }

    const TEMPLATES: &[&str] = &[
        "What is {0}?",
        "Explain the concept of {0}.",
        "What is the role of {0} in {1}?",
        "What is the difference between {0} and {1}?",
        "How does {0} work?",
        "Why use {0} for {1}?",
        "How do you choose {0} when {1} and {2} matter?",
        "What are the advantages of {0} over {1}?",
        "When should {0} be preferred to {1} in {2}?",
        "How can {0} improve {1}?",
    ];

    fn word(i: usize) -> String {
        // Pronounceable distinct words: base-20 syllables.
        const SYL: &[&str] = &[
            "ka", "lo", "mi", "ne", "po", "ru", "sa", "ti", "vo", "ze", "ba", "de", "fi", "go",
            "hu", "ji", "ku", "la", "me", "no",
        ];
        let mut s = String::new();
        let mut x = i + 20;
        while x > 0 {
            s.push_str(SYL[x % 20]);
            x /= 20;
        }
        s.push('x');
        s
    }

    /// `n` titles from `seed` over a vocabulary of `vocab` words.
    pub fn titles(n: usize, vocab: usize, seed: u64) -> Vec<String> {
        let mut rng = Rng::new(seed);
        let mut out: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            if !out.is_empty() && rng.below(20) == 0 {
                // A reworded, reordered or pluralised copy of an earlier title.
                let prev = &out[rng.below(out.len())];
                let t = match rng.below(3) {
                    0 => format!("Explain {}", prev.trim_end_matches(['?', '.'])),
                    1 => {
                        let mut w: Vec<&str> = prev.split(' ').collect();
                        w.reverse();
                        w.join(" ")
                    }
                    _ => prev.replace('?', "s?"),
                };
                out.push(t);
                continue;
            }
            let tpl = TEMPLATES[rng.below(TEMPLATES.len())];
            let mut t = tpl.to_string();
            for slot in ["{0}", "{1}", "{2}"] {
                if t.contains(slot) {
                    let k = 1 + rng.below(2);
                    let words: Vec<String> = (0..k).map(|_| word(rng.zipf(vocab))).collect();
                    t = t.replace(slot, &words.join(" "));
                }
            }
            out.push(t);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_numbers_punctuation_and_case() {
        assert_eq!(normalize("Q3: What is **SQL**?"), "what is sql");
        assert_eq!(
            normalize("  12. What's  the   output? "),
            "whats the output"
        );
        assert_eq!(normalize("Ｗｈａｔ is C++?"), "what is c++");
        assert_eq!(normalize("What is C#, F#?"), "what is c# f#");
        assert_eq!(normalize("2024 trends"), "2024 trends");
    }

    #[test]
    fn stems() {
        assert_eq!(stem("networks"), "network");
        assert_eq!(stem("learning"), "learn");
        assert_eq!(stem("studies"), stem("study"));
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("classes"), "class");
        assert_eq!(stem("used"), stem("use"));
        assert_eq!(stem("using"), stem("uses"));
        assert_eq!(stem("stopped"), "stop");
        assert_eq!(stem("matches"), "match");
    }

    #[test]
    fn languages() {
        assert_eq!(language_of("de-DE/README.md"), "de-de");
        assert_eq!(language_of("zh-TW/README_zh-TW.md"), "zh-tw");
        assert_eq!(language_of("README.md"), "");
        assert_eq!(language_of("python/python-quiz-fr.md"), "fr");
        assert_eq!(language_of("git/git_quiz_fr.md"), "fr");
        assert_eq!(language_of("python/python-quiz.ja.md"), "ja");
        assert_eq!(language_of("python/python-quiz.md"), "");
        assert_eq!(language_of("go/go-quiz.md"), "");
        assert_eq!(language_of("docs/README-zh-CN.md"), "zh-cn");
        assert_eq!(language_of("javascript/javascript-quiz-ptbr.md"), "pt-br");
        assert_eq!(language_of("docs/README_zhCN.md"), "zh-cn");
        assert_eq!(language_of("docs/setup-enus.md"), "");
        for word in ["node", "java", "aria", "quiz", "args"] {
            assert_eq!(language_of(&format!("notes/intro-{word}.md")), "", "{word}");
        }
    }
}
