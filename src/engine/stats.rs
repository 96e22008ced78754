//! `qalint stats`: what a collection holds, counted per file, per section and in total.
//!
//! The files are walked and matched to their profile as for `check` (no repository context:
//! what is named is what is counted). Each is parsed once, and every question gets one of three
//! kinds, so that `answered + placeholders + stubs = questions` holds by definition:
//!
//! - **stub**: its answer holds one of QA302's stub sentences ("The rest of the answer is
//!   here") and fewer than [`STUB_GIST_WORDS`] words besides: the answer lives elsewhere (a
//!   long answer that ends with "Read more here" is answered, the link is further reading);
//! - **placeholder**: otherwise, QA301 reports its answer (empty, a placeholder phrase, the
//!   title again, a label alone);
//! - **answered**: the rest.
//!
//! QA301 and QA302 are built from the profile's options whether the profile selects them or
//! not (the counts are facts about the collection, not findings), and suppression comments do
//! not hide anything. Duplicates and similar questions are QA401's and QA402's (the title
//! analysis of [`crate::rules::duplicates`], per profile, files in path order); missing numbers
//! are QA101's gaps in each numbering sequence.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use regex::Regex;

use super::{Outcome, Profile, Request, RunError, repository, walk};
use crate::config::ConfigError;
use crate::model::document::Document;
use crate::model::links::Target;
use crate::model::numbering::{Break, analyze_ranges, document_sequences, label, sequence_breaks};
use crate::model::settings::NumberingScope;
use crate::model::stubs::StubSentences;
use crate::model::summary::FileSummary;
use crate::rules::answers::{qa301_placeholder_answer, qa302_placeholder_link};
use crate::rules::duplicates::qa402_similar_question;
use crate::rules::duplicates::similarity::Settings;
use crate::rules::duplicates::similarity::words::is_cjk;
use crate::rules::{Rule, RuleOptions};

/// An answer with a stub sentence and at least this many words of its own is answered.
pub const STUB_GIST_WORDS: u32 = 20;

/// How many of the shortest answers [`Stats::shortest`] lists by default.
pub const SHORTEST: usize = 10;

/// The site of a stub whose sentence has no link (or an empty one).
pub const NO_LINK: &str = "no link";
/// The site of a stub that links to a file or heading of this repository.
pub const THIS_REPOSITORY: &str = "this repository";
/// The site of a stub whose link has no host (`mailto:`, a bare `www.` text).
pub const OTHER_SITE: &str = "other";

/// What a question's answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnswerKind {
    Answered,
    /// QA301 reports it: empty, a placeholder phrase, the title again.
    Placeholder,
    /// A stub sentence and little else: the answer lives elsewhere.
    Stub,
}

impl AnswerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::Answered => "answered",
            AnswerKind::Placeholder => "placeholder",
            AnswerKind::Stub => "stub",
        }
    }
}

/// One question, as the counts see it.
#[derive(Debug, Clone)]
pub struct QuestionStats {
    /// 1-based line of the question (its heading, summary or bold line).
    pub line: usize,
    pub number: Option<u64>,
    /// The last number of a range heading.
    pub last: Option<u64>,
    /// The number as the convention writes it (`Q5`), when numbered.
    pub label: Option<String>,
    pub title: String,
    /// Index into [`FileStats::sections`].
    pub section: usize,
    pub kind: AnswerKind,
    /// For a stub: the site its (first) stub sentence links to.
    pub site: Option<String>,
    /// A formula in the title or the answer.
    pub formula: bool,
    /// Words in the answer (see [`answer_words`]).
    pub words: u32,
    /// QA401: the title repeats an earlier question's.
    pub duplicate: bool,
    /// QA402: the title is close to an earlier question's.
    pub similar: bool,
    /// Numbers missing right before this one in its numbering sequence (QA101's gap).
    pub missing_before: u64,
    series: usize,
}

/// Counts over a set of questions (a section, a file, everything).
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub questions: usize,
    pub answered: usize,
    pub placeholders: usize,
    pub stubs: usize,
    /// Questions with a formula in their title or answer.
    pub formulas: usize,
    /// Questions whose title repeats an earlier one (QA401's findings).
    pub duplicates: usize,
    /// Questions close to an earlier one (QA402's findings).
    pub similar: usize,
    /// The lowest and the highest question number (a range heading's last number included).
    pub numbers: Option<(u64, u64)>,
    /// Numbers missing inside the numbering sequences (QA101's gaps), counted at the question
    /// after the gap.
    pub missing: u64,
    /// Words of each answered question, sorted (see [`Counts::median_words`]).
    pub words: Vec<u32>,
    /// Stubs by the site they point to.
    pub sites: BTreeMap<String, usize>,
}

impl Counts {
    fn add(&mut self, q: &QuestionStats) {
        self.questions += 1;
        match q.kind {
            AnswerKind::Answered => {
                self.answered += 1;
                self.words.push(q.words);
            }
            AnswerKind::Placeholder => self.placeholders += 1,
            AnswerKind::Stub => {
                self.stubs += 1;
                let site = q.site.clone().unwrap_or_else(|| NO_LINK.to_string());
                *self.sites.entry(site).or_default() += 1;
            }
        }
        self.formulas += usize::from(q.formula);
        self.duplicates += usize::from(q.duplicate);
        self.similar += usize::from(q.similar);
        self.missing += q.missing_before;
        if let Some(n) = q.number {
            let last = q.last.unwrap_or(n).max(n);
            self.numbers = Some(match self.numbers {
                Some((a, b)) => (a.min(n), b.max(last)),
                None => (n, last),
            });
        }
    }

    fn merge(&mut self, o: &Counts) {
        self.questions += o.questions;
        self.answered += o.answered;
        self.placeholders += o.placeholders;
        self.stubs += o.stubs;
        self.formulas += o.formulas;
        self.duplicates += o.duplicates;
        self.similar += o.similar;
        self.missing += o.missing;
        self.numbers = match (self.numbers, o.numbers) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, None) => x,
            (None, y) => y,
        };
        self.words.extend_from_slice(&o.words);
        for (site, n) in &o.sites {
            *self.sites.entry(site.clone()).or_default() += n;
        }
    }

    fn finish(&mut self) {
        self.words.sort_unstable();
    }

    /// The median number of words of the answered questions (the mean of the two middle ones
    /// for an even count); `None` without answered questions.
    pub fn median_words(&self) -> Option<f64> {
        let w = &self.words;
        match w.len() {
            0 => None,
            n if n % 2 == 1 => Some(f64::from(w[n / 2])),
            n => Some((f64::from(w[n / 2 - 1]) + f64::from(w[n / 2])) / 2.0),
        }
    }

    /// The share of answered questions in percent, rounded down (100 only when every question
    /// is answered); `None` without questions.
    pub fn answered_percent(&self) -> Option<u64> {
        (self.questions > 0).then(|| (self.answered as u64 * 100) / self.questions as u64)
    }

    /// The sites stubs point to, most stubs first, then by name.
    pub fn sites_by_count(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self.sites.iter().map(|(s, &n)| (s.as_str(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// A section: the nearest heading above its questions that is not a question.
#[derive(Debug, Clone, Default)]
pub struct SectionStats {
    /// The heading's text; `None` for questions above every heading.
    pub title: Option<String>,
    /// 1-based line of the heading.
    pub line: Option<usize>,
    /// The heading's anchor (`#networking-questions` without `#`).
    pub anchor: Option<String>,
    pub counts: Counts,
}

/// One file.
#[derive(Debug, Clone, Default)]
pub struct FileStats {
    /// As given or walked (relative when the input was).
    pub path: String,
    pub counts: Counts,
    /// The sections that hold questions, in source order.
    pub sections: Vec<SectionStats>,
    pub questions: Vec<QuestionStats>,
}

/// Everything `qalint stats` counted.
#[derive(Debug, Default)]
pub struct Stats {
    /// Every file read, in path order (files without questions too).
    pub files: Vec<FileStats>,
    pub total: Counts,
    /// Titles asked more than once (each group counted once).
    pub duplicate_groups: usize,
    /// Groups of questions linked by QA402's similarity (each group counted once).
    pub similar_groups: usize,
    /// Bad paths, config errors, unreadable files (as `check` reports them).
    pub errors: Vec<RunError>,
    /// For a run without a config: the convention detection found, set by the caller.
    pub convention: Option<String>,
}

impl Stats {
    /// 2 when something could not be read or configured, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.errors.is_empty() { 0 } else { 2 }
    }

    /// The files that hold questions.
    pub fn with_questions(&self) -> impl Iterator<Item = &FileStats> {
        self.files.iter().filter(|f| f.counts.questions > 0)
    }

    /// The questions that are not answered (placeholders and stubs), with their file, in path
    /// and line order.
    pub fn unanswered(&self) -> impl Iterator<Item = (&FileStats, &QuestionStats)> {
        self.files.iter().flat_map(|f| {
            f.questions
                .iter()
                .filter(|q| q.kind != AnswerKind::Answered)
                .map(move |q| (f, q))
        })
    }

    /// The `n` answered questions with the fewest words (then by path and line).
    pub fn shortest(&self, n: usize) -> Vec<(&FileStats, &QuestionStats)> {
        let mut all: Vec<(&FileStats, &QuestionStats)> = self
            .files
            .iter()
            .flat_map(|f| {
                f.questions
                    .iter()
                    .filter(|q| q.kind == AnswerKind::Answered)
                    .map(move |q| (f, q))
            })
            .collect();
        all.sort_by(|a, b| (a.1.words, &a.0.path, a.1.line).cmp(&(b.1.words, &b.0.path, b.1.line)));
        all.truncate(n);
        all
    }
}

/// What the counts read from a profile's rule options: QA301's notion of a placeholder, QA302's
/// stub sentences, QA401/QA402's similarity settings.
struct Notions {
    placeholder: Box<dyn Rule>,
    stubs: Arc<StubSentences>,
    similarity: Settings,
}

impl Notions {
    fn of(profile: &Profile) -> Result<Notions, String> {
        let opts = RuleOptions::new(profile.options.clone(), []);
        let placeholder = qa301_placeholder_answer::build(&opts).map_err(|e| e.to_string())?;
        let stubs = qa302_placeholder_link::stubs(&opts).map_err(|e| e.to_string())?;
        let similarity = qa402_similar_question::options(&opts)
            .map_err(|e| e.to_string())?
            .settings;
        Ok(Notions {
            placeholder,
            stubs,
            similarity,
        })
    }
}

/// Count what `req.paths` hold (`req.context` is ignored: only what is named or walked counts).
pub fn run(req: &Request) -> Stats {
    let req = Request {
        context: false,
        cache: false,
        ..req.clone()
    };
    let mut outcome = Outcome::default();
    let mut jobs = Vec::new();
    let mut stats = Stats::default();
    if !super::collect_jobs(&req, &mut outcome, &mut jobs, &mut Default::default()) {
        stats.errors = outcome.errors;
        return stats;
    }
    stats.errors = outcome.errors;
    // One set of notions per profile (the rules compile their phrases once).
    let mut notions: Vec<(Arc<Profile>, Arc<Notions>)> = Vec::new();
    let mut per_job: Vec<Option<Arc<Notions>>> = Vec::with_capacity(jobs.len());
    for (_, p) in &jobs {
        if let Some((_, n)) = notions.iter().find(|(q, _)| Arc::ptr_eq(q, p)) {
            per_job.push(Some(n.clone()));
            continue;
        }
        match Notions::of(p) {
            Ok(n) => {
                let n = Arc::new(n);
                notions.push((p.clone(), n.clone()));
                per_job.push(Some(n));
            }
            Err(message) => {
                stats.errors.push(RunError::Config(ConfigError {
                    path: p.config_path.clone(),
                    text: None,
                    span: None,
                    message,
                    help: None,
                }));
                per_job.push(None);
            }
        }
    }
    if let Some(pb) = &req.progress {
        pb.start(jobs.len());
    }
    let threads = req.threads.max(1);
    let work = || {
        jobs.par_iter()
            .zip(&per_job)
            .map(|((c, p), n)| {
                let result = n.as_ref().map(|n| {
                    let loaded = req.load(c, false);
                    let shown = walk::display(&c.path);
                    match (loaded.text, loaded.error) {
                        (Some(text), _) => {
                            Ok(file_stats(&Document::parse(shown, text, &p.parse), n))
                        }
                        // The cause alone: the path is printed beside it.
                        (None, e) => Err(RunError::Path {
                            message: e.map_or_else(
                                || "cannot read the file".to_string(),
                                |d| {
                                    let prefix = format!("cannot read `{shown}`: ");
                                    d.message
                                        .strip_prefix(&prefix)
                                        .map_or_else(|| d.message.clone(), str::to_string)
                                },
                            ),
                            path: shown,
                        }),
                    }
                });
                if let Some(pb) = &req.progress {
                    pb.tick();
                }
                result
            })
            .collect::<Vec<_>>()
    };
    let results = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    // Files that could not be counted keep an empty place until the cross-file pass is over.
    let mut files = Vec::with_capacity(results.len());
    let mut summaries = Vec::with_capacity(results.len());
    let mut counted = Vec::with_capacity(results.len());
    for r in results {
        let (f, s) = match r {
            Some(Ok(pair)) => pair,
            Some(Err(e)) => {
                stats.errors.push(e);
                Default::default()
            }
            None => Default::default(),
        };
        counted.push(!f.path.is_empty());
        files.push(f);
        summaries.push(s);
    }
    // Across files, per profile: duplicates and similar titles, repository-scope numbering.
    for (profile, members) in repository::profile_groups(&jobs) {
        let Some(n) = notions
            .iter()
            .find(|(p, _)| Arc::ptr_eq(p, &profile))
            .map(|(_, n)| n.clone())
        else {
            continue;
        };
        let (dups, similar) = titles(&members, &summaries, &mut files, n.similarity);
        stats.duplicate_groups += dups;
        stats.similar_groups += similar;
        repository_numbering(&profile, &members, &mut files);
    }
    let mut kept: Vec<FileStats> = files
        .into_iter()
        .zip(counted)
        .filter_map(|(f, ok)| ok.then_some(f))
        .collect();
    for f in &mut kept {
        aggregate(f);
        stats.total.merge(&f.counts);
    }
    stats.total.finish();
    stats.files = kept;
    stats
}

/// The counts of one parsed document (duplicates, similar questions and repository-scope gaps
/// are filled in later), and the summary the title analysis reads.
fn file_stats(doc: &Document, n: &Notions) -> (FileStats, FileSummary) {
    let mut placeholder = vec![false; doc.questions.len()];
    let by_span: HashMap<usize, usize> = doc
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.span.start, i))
        .collect();
    let mut found = Vec::new();
    n.placeholder.check(doc, &mut found);
    for d in found {
        if let Some(&qi) = by_span.get(&d.span.start) {
            placeholder[qi] = true;
        }
    }
    let mut stub_spans: Vec<Vec<Range<usize>>> = vec![Vec::new(); doc.questions.len()];
    for (qi, stub) in qa302_placeholder_link::stub_sentences(doc, &n.stubs) {
        stub_spans[qi].push(stub.span);
    }
    let mut missing = vec![0u64; doc.questions.len()];
    for seq in document_sequences(doc) {
        for (idx, brk) in sequence_breaks(doc, &seq) {
            if let Break::Gap { count, .. } = brk {
                missing[seq[idx]] += count;
            }
        }
    }
    // Each heading's anchor, looked up once per section.
    let mut anchor_of: HashMap<usize, &str> = HashMap::new();
    for (a, h) in doc.anchors() {
        if let Some(h) = h {
            anchor_of.entry(*h).or_insert(a.as_str());
        }
    }
    let mut sections: Vec<SectionStats> = Vec::new();
    let mut section_of: HashMap<Option<usize>, usize> = HashMap::new();
    let mut questions = Vec::with_capacity(doc.questions.len());
    for (qi, q) in doc.questions.iter().enumerate() {
        let section = *section_of.entry(q.section).or_insert_with(|| {
            sections.push(match q.section {
                Some(hi) => {
                    let h = &doc.headings[hi];
                    SectionStats {
                        title: Some(h.text.text.trim().to_string()),
                        line: Some(doc.lines.position(&doc.text, h.range.start).line),
                        anchor: anchor_of.get(&hi).map(|a| a.to_string()),
                        counts: Counts::default(),
                    }
                }
                None => SectionStats::default(),
            });
            sections.len() - 1
        });
        let words = answer_words(doc, q.answer.clone(), &[]);
        let stubs = &stub_spans[qi];
        let kind =
            if !stubs.is_empty() && answer_words(doc, q.answer.clone(), stubs) < STUB_GIST_WORDS {
                AnswerKind::Stub
            } else if placeholder[qi] {
                AnswerKind::Placeholder
            } else {
                AnswerKind::Answered
            };
        let site = (kind == AnswerKind::Stub).then(|| stub_site(doc, &stubs[0]));
        let cfg = doc.settings.series(q.series);
        questions.push(QuestionStats {
            line: doc.lines.position(&doc.text, q.span.start).line,
            number: q.number,
            last: q.last,
            label: q.number.map(|n| label(cfg, n)),
            title: q.title.clone(),
            section,
            kind,
            site,
            formula: has_formula(doc, &q.span) || has_formula(doc, &q.answer),
            words,
            duplicate: false,
            similar: false,
            missing_before: missing[qi],
            series: q.series,
        });
    }
    let file = FileStats {
        path: doc.path.clone(),
        counts: Counts::default(),
        sections,
        questions,
    };
    (file, FileSummary::of(doc))
}

/// Whether a formula starts inside `r`.
fn has_formula(doc: &Document, r: &Range<usize>) -> bool {
    let i = doc.formulas.partition_point(|f| f.range.start < r.start);
    doc.formulas.get(i).is_some_and(|f| f.range.start < r.end)
}

/// Where the link of the stub sentence at `span` points: a host (`example.com`, without
/// `www.`), [`THIS_REPOSITORY`], [`NO_LINK`] or [`OTHER_SITE`].
fn stub_site(doc: &Document, span: &Range<usize>) -> String {
    let Some(link) = qa302_placeholder_link::stub_link(doc, span) else {
        return NO_LINK.to_string();
    };
    if link.dest.trim().is_empty() {
        return NO_LINK.to_string();
    }
    // The link's index: links are in source order, so a binary search finds it.
    let from = doc
        .links
        .partition_point(|l| l.range.start < link.range.start);
    let index = doc.links[from..]
        .iter()
        .take_while(|l| l.range.start == link.range.start)
        .position(|l| std::ptr::eq(l, link))
        .map(|i| from + i);
    let targets = crate::model::links::targets(doc);
    if let Some(Target::SameFile { .. } | Target::File { .. }) = index.and_then(|i| targets.get(i))
    {
        return THIS_REPOSITORY.to_string();
    }
    host(&link.dest).unwrap_or_else(|| {
        if link.dest.contains(':') {
            OTHER_SITE.to_string()
        } else {
            THIS_REPOSITORY.to_string()
        }
    })
}

/// The host of a URL (`https://www.Example.com:8080/a` → `example.com`), lower case, without
/// `www.`; `None` when there is no `//` authority.
pub fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i)
            if url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && i > 0 =>
        {
            &url[i + 3..]
        }
        _ => url.strip_prefix("//")?,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let hostname = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    let hostname = hostname.trim_end_matches('.').to_lowercase();
    let hostname = hostname
        .strip_prefix("www.")
        .unwrap_or(&hostname)
        .to_string();
    (!hostname.is_empty()).then_some(hostname)
}

/// Words in the answer `r` without the ranges `skip`: whitespace-separated tokens with a letter
/// or digit, where HTML comments, tags, entities and link destinations are no words, a formula
/// is one word, and each CJK character (Han, kana) is a word of its own. Code counts.
pub fn answer_words(doc: &Document, r: Range<usize>, skip: &[Range<usize>]) -> u32 {
    let mut cut: Vec<(Range<usize>, &str)> = skip.iter().map(|s| (s.clone(), " ")).collect();
    let first = doc.comments.partition_point(|c| c.end <= r.start);
    for c in doc.comments[first..].iter().take_while(|c| c.start < r.end) {
        cut.push((c.clone(), " "));
    }
    let first = doc.links.partition_point(|l| l.range.start < r.start);
    for l in doc.links[first..]
        .iter()
        .take_while(|l| l.range.start < r.end)
    {
        if let Some(d) = &l.dest_span {
            cut.push((d.clone(), " "));
        }
    }
    let first = doc.formulas.partition_point(|f| f.range.start < r.start);
    for f in doc.formulas[first..]
        .iter()
        .take_while(|f| f.range.start < r.end)
    {
        cut.push((f.range.clone(), " formula "));
    }
    cut.sort_by_key(|(c, _)| c.start);
    let mut text = String::with_capacity(r.len());
    let mut pos = r.start;
    for (c, with) in cut {
        let start = c.start.max(pos);
        if start >= r.end {
            break;
        }
        if c.end <= pos {
            continue;
        }
        text.push_str(doc.slice(pos..start));
        text.push_str(with);
        pos = c.end.min(r.end);
    }
    if pos < r.end {
        text.push_str(doc.slice(pos..r.end));
    }
    let text = markup().replace_all(&text, " ");
    let mut words: u32 = 0;
    for token in text.split_whitespace() {
        let cjk = token.chars().filter(|&c| is_cjk(c)).count() as u32;
        let other = token.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
        words = words.saturating_add(cjk + u32::from(other));
    }
    words
}

/// HTML tags and character references: no words.
fn markup() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"</?[A-Za-z][^<>]*>|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
            .expect("static regex")
    })
}

/// QA401/QA402 over the files of one profile: marks the later question of each pair, and
/// returns the number of duplicate groups and of similar groups.
fn titles(
    members: &[usize],
    summaries: &[FileSummary],
    files: &mut [FileStats],
    settings: Settings,
) -> (usize, usize) {
    let group: Vec<&FileSummary> = members.iter().map(|&i| &summaries[i]).collect();
    let analysis = qa402_similar_question::analyze(&group, settings);
    let mut firsts = std::collections::BTreeSet::new();
    for &((f, q), first) in &analysis.duplicates {
        if let Some(s) = files[members[f]].questions.get_mut(q) {
            s.duplicate = true;
        }
        firsts.insert(first);
    }
    // Similar groups: the connected parts of the similarity pairs (union-find).
    let mut ids: HashMap<(usize, usize), usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut id = |x: (usize, usize), parent: &mut Vec<usize>| {
        *ids.entry(x).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &((f, q), other, _) in &analysis.similar {
        if let Some(s) = files[members[f]].questions.get_mut(q) {
            s.similar = true;
        }
        let (a, b) = (id((f, q), &mut parent), id(other, &mut parent));
        let (a, b) = (root(&mut parent, a), root(&mut parent, b));
        parent[a] = b;
    }
    let groups = (0..parent.len()).filter(|&i| parent[i] == i).count();
    (firsts.len(), groups)
}

/// QA101's gaps in the sequences that run across files (`numbering: {scope: repository}`).
fn repository_numbering(profile: &Profile, members: &[usize], files: &mut [FileStats]) {
    let settings = &profile.parse;
    for series in 0..settings.series_count() {
        let cfg = settings.series(series);
        if cfg.scope != NumberingScope::Repository || !cfg.numbered() {
            continue;
        }
        let mut at: Vec<(usize, usize)> = Vec::new();
        let mut items: Vec<(u64, u64)> = Vec::new();
        for &fi in members {
            for (qi, q) in files[fi].questions.iter().enumerate() {
                if q.series != series {
                    continue;
                }
                if let Some(n) = q.number {
                    at.push((fi, qi));
                    items.push((n, q.last.unwrap_or(n)));
                }
            }
        }
        for (idx, brk) in analyze_ranges(&items, cfg.start) {
            if let Break::Gap { count, .. } = brk {
                let (fi, qi) = at[idx];
                files[fi].questions[qi].missing_before += count;
            }
        }
    }
}

/// Fill in the counts of a file and its sections from its questions.
fn aggregate(f: &mut FileStats) {
    for q in &f.questions {
        f.counts.add(q);
        if let Some(s) = f.sections.get_mut(q.section) {
            s.counts.add(q);
        }
    }
    f.counts.finish();
    for s in &mut f.sections {
        s.counts.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://www.Example.com:8080/a?b#c").as_deref(),
            Some("example.com")
        );
        assert_eq!(host("http://user@docs.rs/x").as_deref(), Some("docs.rs"));
        assert_eq!(
            host("//cdn.example.org/x").as_deref(),
            Some("cdn.example.org")
        );
        assert_eq!(host("http://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(host("docs/a.md"), None);
        assert_eq!(host("mailto:a@b.c"), None);
        assert_eq!(host("https://"), None);
    }

    #[test]
    fn median_and_percent() {
        let mut c = Counts {
            questions: 3,
            answered: 2,
            words: vec![9, 3],
            ..Counts::default()
        };
        c.finish();
        assert_eq!(c.median_words(), Some(6.0));
        assert_eq!(c.answered_percent(), Some(66));
        c.words = vec![1, 2, 30];
        assert_eq!(c.median_words(), Some(2.0));
        assert_eq!(Counts::default().median_words(), None);
        assert_eq!(Counts::default().answered_percent(), None);
    }
}
