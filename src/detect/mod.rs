//! Layer 5, convention detection. Uses `engine`, `config`, `model` and `base`.
//!
//! `qalint init [PATH]`: read a repository, detect its question convention and write a commented
//! `.qalint.yml` that makes a first `qalint check` meaningful.
//!
//! Every markdown file (found by the same walker as `check`) is parsed once under each candidate
//! preset's profile; the presets are scored on what they find:
//!
//! - heading presets (`q-colon`, `number-dot`, `quiz`, `list-heading`) count the questions they
//!   find at each heading level; the level with the most wins for that preset;
//! - `details` counts `<summary>` questions whose title is not repeated all over the repository
//!   (`<summary>Answer</summary>` folds answers away: it is not a question);
//! - `bold` counts bold paragraphs that hold a `?`.
//!
//! `details` and `bold` match loosely, so a numbered preset that finds at least half as many
//! questions wins over them. Headings written `X12.` with prefixes other than `Q` (localised
//! quizzes: `P12.`, `Pregunta 12.`) give a custom `pattern` listing the prefixes seen. Without
//! any of these, a heading level where many headings end with `?` gives an unnumbered pattern.
//! Then, under the chosen convention: the numbering scope (`file`, `section` when numbers restart
//! under section headings, `repository` when they continue across files in path order), the
//! first number (0 or 1), tables of contents and formulas.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use rayon::prelude::*;
use regex::Regex;

use crate::config::{self, CONFIG_NAMES, ConfigFile, Overrides, Profile};
use crate::model::document::{Document, Form};

/// Arguments of `qalint init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to read; the config is written to `PATH/.qalint.yml`.
    #[arg(value_name = "PATH", default_value = ".")]
    pub path: PathBuf,

    /// Overwrite an existing config file.
    #[arg(long)]
    pub force: bool,

    /// Print the config on stdout (and the summary on stderr) instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

/// The heading presets scored level by level, in the order preferred on a tie.
const HEADING_PRESETS: &[&str] = &["quiz", "q-colon", "number-dot", "list-heading"];

/// Minimum number of questions for a convention to be taken seriously.
const MIN_QUESTIONS: usize = 3;

/// Run `qalint init` and return the exit code.
pub fn run(args: &InitArgs) -> i32 {
    let root = &args.path;
    if !root.is_dir() {
        eprintln!(
            "error: `{}` is not a directory",
            crate::engine::walk::display(root)
        );
        return 2;
    }
    let target = root.join(CONFIG_NAMES[0]);
    if !args.dry_run && !args.force {
        if let Some(existing) = CONFIG_NAMES
            .iter()
            .map(|n| root.join(n))
            .find(|p| p.exists())
        {
            eprintln!(
                "error: `{}` already exists; not overwriting it\n  help: pass --force to replace \
                 it, or --dry-run to print the detected config",
                crate::engine::walk::display(&existing)
            );
            return 2;
        }
    }
    let detection = match detect(root) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let yaml = detection.yaml();
    // What we write must load: a failure here is a bug in `init`, not the user's.
    if let Err(e) = validate(&yaml, &target) {
        eprintln!("error: the generated config does not load ({e}); please report this");
        return 2;
    }
    let summary = detection.summary();
    if args.dry_run {
        eprint!("{summary}");
        print!("{yaml}");
        return 0;
    }
    if let Err(e) = std::fs::write(&target, &yaml) {
        eprintln!(
            "error: cannot write `{}`: {}",
            crate::engine::walk::display(&target),
            crate::engine::walk::describe_io(&e)
        );
        return 2;
    }
    print!("{summary}");
    println!(
        "wrote {}; run `qalint check {}` next",
        crate::engine::walk::display(&target),
        crate::engine::walk::display(root)
    );
    0
}

/// Check that a generated config parses and resolves.
pub fn validate(yaml: &str, path: &Path) -> Result<(), config::ConfigError> {
    let file = ConfigFile::parse(path, yaml)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    config::resolve(Some(&file), &Overrides::default(), dir).map(|_| ())
}

/// A profile for one candidate convention, from in-memory config text.
fn profile(yaml: &str, root: &Path) -> Result<Profile, String> {
    let file =
        ConfigFile::parse(&root.join(".qalint-init.yml"), yaml).map_err(|e| e.to_string())?;
    config::resolve(Some(&file), &Overrides::default(), Path::new(".")).map_err(|e| e.to_string())
}

/// Numbered `X12.` headings: a word prefix, a number, then a separator or a space.
fn prefix_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\p{L}[\p{L}\p{M}]{0,11}?)\s?([0-9]+)\s*(?:[.。:)]|\s|$)")
            .expect("static regex")
    })
}

/// What one file holds under each candidate convention.
#[derive(Debug, Default)]
struct FileScan {
    /// Per heading preset (as [`HEADING_PRESETS`]), questions per level (index 1..=6).
    heading: Vec<[usize; 7]>,
    /// Titles of `<summary>` questions.
    details: Vec<String>,
    /// Bold paragraphs, and how many hold a `?`.
    bold: usize,
    bold_questions: usize,
    /// `(level, prefix)` of every `X12.` heading outside `<details>`.
    prefixed: Vec<(u8, String)>,
    /// Per level, unnumbered headings that ask something (a `?`, or a question word first).
    asking: [usize; 7],
    /// `(level, last words after the last ` - `)` of those headings (`Interview Question`).
    suffixes: Vec<(u8, String)>,
    /// Per level, all headings.
    headings: [usize; 7],
}

/// The chosen convention.
#[derive(Debug, Clone, PartialEq)]
pub enum Convention {
    /// A heading preset at a level, with an optional custom pattern (localised prefixes).
    Heading {
        preset: &'static str,
        level: u8,
        prefixes: Vec<String>,
    },
    /// Unnumbered question headings at a level, optionally under one folder, optionally with a
    /// trailing ` - ... <suffix>` outside the title.
    Titles {
        level: u8,
        folder: Option<String>,
        suffix: Option<String>,
    },
    Details,
    Bold,
    /// Nothing recognisable: the defaults.
    Unknown,
}

impl Convention {
    /// The `questions:` keys (without the numbering), as YAML lines indented by two spaces.
    fn question_keys(&self) -> Vec<String> {
        match self {
            Convention::Heading {
                preset,
                level,
                prefixes,
            } => {
                let mut v = vec![format!("preset: {preset}")];
                if !prefixes.is_empty() {
                    v.push(format!("pattern: {}", quote(&custom_pattern(prefixes))));
                }
                v.push(format!("level: {level}"));
                v
            }
            Convention::Titles { level, suffix, .. } => vec![
                format!("pattern: {}", quote(&title_pattern(suffix.as_deref()))),
                format!("level: {level}"),
                "near-miss: ''".to_string(),
                "canonical: '{title}'".to_string(),
            ],
            Convention::Details => vec!["preset: details".into()],
            Convention::Bold => vec!["preset: bold".into()],
            Convention::Unknown => vec!["preset: q-colon".into()],
        }
    }

    fn include(&self) -> Option<String> {
        match self {
            Convention::Titles {
                folder: Some(f), ..
            } => Some(format!("{f}/**/*.md")),
            _ => None,
        }
    }

    fn numbered(&self) -> bool {
        matches!(self, Convention::Heading { .. })
    }

    /// Config text for this convention alone (level pinned), to parse files under.
    fn config(&self) -> String {
        let mut s = String::new();
        if let Some(inc) = self.include() {
            let _ = writeln!(s, "include: [{}]", quote(&inc));
        }
        s.push_str("questions:\n");
        for k in self.question_keys() {
            let _ = writeln!(s, "  {k}");
        }
        s
    }
}

const TITLE_PATTERN: &str = r"^(?P<title>.+)$";

/// The unnumbered title pattern, with a trailing ` - ... <suffix>` kept out of the title.
fn title_pattern(suffix: Option<&str>) -> String {
    match suffix {
        Some(sfx) => format!(r"^(?P<title>.+?)(?:\s+-\s+[^-]*{})?$", regex::escape(sfx)),
        None => TITLE_PATTERN.to_string(),
    }
}

/// Words that open a question written without a `?`.
const ASKING_WORDS: &[&str] = &[
    "what",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "explain",
    "describe",
    "define",
    "compare",
    "differentiate",
    "distinguish",
    "is",
    "are",
    "can",
    "could",
    "do",
    "does",
    "did",
    "should",
    "would",
    "will",
    "name",
    "list",
    "write",
    "implement",
    "give",
];

/// Whether an unnumbered heading reads as a question.
fn asks(t: &str) -> bool {
    if t.contains('?') || t.contains('？') {
        return true;
    }
    let first: String = t
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    ASKING_WORDS.contains(&first.as_str())
}

/// The last two words after the last ` - ` of a heading (`Google, Meta Interview Question`
/// gives `Interview Question`).
fn suffix_of(t: &str) -> Option<String> {
    let (_, tail) = t.rsplit_once(" - ")?;
    let words: Vec<&str> = tail.split_whitespace().collect();
    (words.len() >= 2).then(|| words[words.len() - 2..].join(" "))
}

/// The pattern for `X12.` headings with these prefixes, `Q` first.
fn custom_pattern(prefixes: &[String]) -> String {
    let alts: Vec<String> = prefixes.iter().map(|p| regex::escape(p)).collect();
    format!(
        r"^(?:{})\s*(?P<number>[0-9]+)\s*[.。:]?(?:\s*(?P<title>.*))?$",
        alts.join("|")
    )
}

/// A YAML single-quoted scalar.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Everything detected, with the evidence for the comments and the summary.
#[derive(Debug)]
pub struct Detection {
    pub root: PathBuf,
    pub files: usize,
    pub convention: Convention,
    /// Why the convention was picked (one line each).
    pub why: Vec<String>,
    /// Other candidates and why they lost.
    pub others: Vec<String>,
    pub questions: usize,
    pub start: u64,
    pub start_why: String,
    pub scope: config::NumberingScope,
    pub scope_why: String,
    pub toc_files: usize,
    pub formulas: usize,
    pub formula_files: usize,
}

/// Read the repository at `root` and detect its convention.
pub fn detect(root: &Path) -> Result<Detection, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (candidates, _errors) = crate::engine::walk::collect(&[root.to_path_buf()], threads);
    let files: Vec<(String, Arc<str>)> = candidates
        .par_iter()
        .filter_map(|c| {
            let bytes = std::fs::read(&c.path).ok()?;
            let text = crate::engine::decode(&bytes).ok()?;
            let rel = c.path.strip_prefix(root).unwrap_or(&c.path);
            Some((crate::engine::walk::display(rel), text))
        })
        .collect();

    let heading_profiles: Vec<Profile> = HEADING_PRESETS
        .iter()
        .map(|p| profile(&format!("questions: {{preset: {p}, level: []}}\n"), root))
        .collect::<Result<_, _>>()?;
    let details_profile = profile("questions: {preset: details}\n", root)?;
    let bold_profile = profile("questions: {preset: bold}\n", root)?;

    let scans: Vec<FileScan> = files
        .par_iter()
        .map(|(path, text)| {
            scan_file(
                path,
                text,
                &heading_profiles,
                &details_profile,
                &bold_profile,
            )
        })
        .collect();

    let mut d = choose(root, &files, &scans);
    analyse(&mut d, &files)?;
    Ok(d)
}

fn scan_file(
    path: &str,
    text: &Arc<str>,
    heading_profiles: &[Profile],
    details: &Profile,
    bold: &Profile,
) -> FileScan {
    let mut s = FileScan::default();
    for (i, p) in heading_profiles.iter().enumerate() {
        let doc = Document::parse(path.to_string(), text.clone(), &p.parse);
        let mut per_level = [0usize; 7];
        for q in &doc.questions {
            if q.form == Form::Ok
                && let Some(l) = q.level
            {
                per_level[l as usize] += 1;
            }
        }
        s.heading.push(per_level);
        if i == 0 {
            for h in doc.headings.iter().filter(|h| !h.in_details) {
                let l = h.level as usize;
                s.headings[l] += 1;
                let t = h.text.text.trim();
                if let Some(c) = prefix_re().captures(t) {
                    s.prefixed.push((h.level, c[1].to_string()));
                } else if !t.starts_with(|c: char| c.is_ascii_digit()) && asks(t) {
                    s.asking[l] += 1;
                    if let Some(tail) = suffix_of(t) {
                        s.suffixes.push((h.level, tail));
                    }
                }
            }
        }
    }
    let doc = Document::parse(path.to_string(), text.clone(), &details.parse);
    s.details = doc.questions.iter().map(|q| q.title.clone()).collect();
    let doc = Document::parse(path.to_string(), text.clone(), &bold.parse);
    s.bold = doc.questions.len();
    s.bold_questions = doc
        .questions
        .iter()
        .filter(|q| q.title.contains('?') || q.title.contains('？'))
        .count();
    s
}

/// `1234567` as `1,234,567`.
fn n(v: usize) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn plural(v: usize, one: &str, many: &str) -> String {
    format!("{} {}", n(v), if v == 1 { one } else { many })
}

/// What a heading preset's questions look like, for messages.
fn shape(preset: &str, level: u8) -> String {
    let hashes = "#".repeat(level as usize);
    match preset {
        "q-colon" => format!("`{hashes} Q12: Title`"),
        "number-dot" => format!("`{hashes} 12. Title`"),
        "quiz" => format!("`{hashes} Q12. Title`"),
        _ => format!("`1. {hashes} Title`"),
    }
}

fn choose(root: &Path, files: &[(String, Arc<str>)], scans: &[FileScan]) -> Detection {
    let mut why = Vec::new();
    let mut others = Vec::new();

    // Heading presets: the best level of each, then the best preset.
    let mut best: Option<(usize, &'static str, u8, usize)> = None; // (count, preset, level, total)
    for (pi, preset) in HEADING_PRESETS.iter().enumerate() {
        let mut per_level = [0usize; 7];
        for s in scans {
            for (l, c) in s.heading[pi].iter().enumerate() {
                per_level[l] += c;
            }
        }
        let total: usize = per_level.iter().sum();
        let (level, count) = (1..=6u8)
            .map(|l| (l, per_level[l as usize]))
            .max_by_key(|&(l, c)| (c, std::cmp::Reverse(l)))
            .unwrap_or((1, 0));
        if best.is_none_or(|b| count > b.0) {
            if let Some((c, p, l, _)) = best
                && c > 0
            {
                others.push(format!(
                    "`{p}`: {} like {}",
                    plural(c, "heading", "headings"),
                    shape(p, l)
                ));
            }
            best = Some((count, preset, level, total));
        } else if count > 0 {
            others.push(format!(
                "`{preset}`: {} like {}",
                plural(count, "heading", "headings"),
                shape(preset, level)
            ));
        }
    }
    let (heading_count, heading_preset, heading_level, heading_total) =
        best.unwrap_or((0, "q-colon", 2, 0));

    // Localised prefixes at the best level of prefixed headings.
    let prefixes = localised_prefixes(scans);

    // details: summaries whose title is not repeated all over (`Answer`, `Solution`).
    let mut title_counts: HashMap<&str, usize> = HashMap::new();
    for s in scans {
        for t in &s.details {
            *title_counts.entry(t.trim()).or_default() += 1;
        }
    }
    let summaries: usize = title_counts.values().sum();
    let details_score: usize = title_counts.values().filter(|&&c| c <= 2).sum();
    let details_files = scans
        .iter()
        .filter(|s| {
            s.details
                .iter()
                .any(|t| title_counts.get(t.trim()).is_some_and(|&c| c <= 2))
        })
        .count();
    let bold_all: usize = scans.iter().map(|s| s.bold).sum();
    let bold_score: usize = scans.iter().map(|s| s.bold_questions).sum();

    // Unnumbered question headings: the level with the most headings that ask something.
    let (title_level, title_score) = (1..=6u8)
        .map(|l| (l, scans.iter().map(|s| s.asking[l as usize]).sum::<usize>()))
        .max_by_key(|&(l, c)| (c, std::cmp::Reverse(l)))
        .unwrap_or((3, 0));

    let loose_best = details_score.max(bold_score).max(title_score);
    let convention;
    if let Some((level, prefix_list, prefixed_count)) = prefixes
        .as_ref()
        .filter(|p| p.2 >= MIN_QUESTIONS && p.2 * 2 >= loose_best && p.2 >= heading_count)
    {
        let preset = if heading_preset == "q-colon" && heading_level == *level {
            "q-colon"
        } else {
            "quiz"
        };
        why.push(format!(
            "{} are numbered headings at level {level} with a prefix: {}",
            plural(*prefixed_count, "question", "questions"),
            prefix_list
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        why.push(format!(
            "preset `{preset}` with a pattern that accepts every prefix seen (localised quizzes)"
        ));
        convention = Convention::Heading {
            preset,
            level: *level,
            prefixes: prefix_list.clone(),
        };
    } else if heading_count >= MIN_QUESTIONS && heading_count * 2 >= loose_best {
        why.push(format!(
            "{} of {} `{heading_preset}` questions are {} headings at level {heading_level}",
            n(heading_count),
            n(heading_total),
            shape(heading_preset, heading_level)
        ));
        if heading_total > heading_count {
            why.push(format!(
                "the other {} are at other levels: QA002 reports them",
                n(heading_total - heading_count)
            ));
        }
        convention = Convention::Heading {
            preset: heading_preset,
            level: heading_level,
            prefixes: Vec::new(),
        };
    } else if details_score >= MIN_QUESTIONS
        && details_score >= bold_score
        && details_score >= title_score
    {
        why.push(format!(
            "{} of {} `<summary>` elements (in {}) hold distinct questions",
            n(details_score),
            n(summaries),
            plural(details_files, "file", "files")
        ));
        convention = Convention::Details;
    } else if bold_score >= MIN_QUESTIONS && bold_score >= title_score {
        why.push(format!(
            "{} of {} paragraphs that are one bold span hold a `?`",
            n(bold_score),
            n(bold_all)
        ));
        convention = Convention::Bold;
    } else if title_score >= MIN_QUESTIONS {
        let folder = common_folder(files, scans, title_level);
        let all: usize = scans.iter().map(|s| s.headings[title_level as usize]).sum();
        why.push(format!(
            "{} of {} level-{title_level} headings ask something (a `?` or a question word \
             first) and carry no number: unnumbered question headings",
            n(title_score),
            n(all)
        ));
        if let Some(f) = &folder {
            why.push(format!(
                "most of them are under `{f}/`, so only that folder is linted"
            ));
        }
        let suffix = common_suffix(scans, title_level, title_score);
        if let Some((sfx, c)) = &suffix {
            why.push(format!(
                "{} end with ` - ... {sfx}`, which the pattern keeps out of the title",
                n(*c)
            ));
        }
        convention = Convention::Titles {
            level: title_level,
            folder,
            suffix: suffix.map(|s| s.0),
        };
    } else {
        why.push("no question convention found; the defaults (`q-colon`, level 2) apply".into());
        convention = Convention::Unknown;
    }

    if heading_count > 0 && !matches!(convention, Convention::Heading { .. }) {
        others.push(format!(
            "`{heading_preset}`: {} like {}",
            plural(heading_count, "heading", "headings"),
            shape(heading_preset, heading_level)
        ));
    }
    if summaries > 0 && convention != Convention::Details {
        others.push(format!(
            "`details`: {} `<summary>` elements, {} with a distinct question{}",
            n(summaries),
            n(details_score),
            if summaries > details_score {
                " (the rest repeat a label such as `Answer`)"
            } else {
                ""
            }
        ));
    }
    if bold_all > 0 && convention != Convention::Bold {
        others.push(format!(
            "`bold`: {} bold paragraphs, {} with a `?`",
            n(bold_all),
            n(bold_score)
        ));
    }
    if title_score > 0 && !matches!(convention, Convention::Titles { .. }) {
        others.push(format!(
            "unnumbered headings: {} at level {title_level} ask something",
            n(title_score)
        ));
    }

    Detection {
        root: root.to_path_buf(),
        files: files.len(),
        convention,
        why,
        others,
        questions: 0,
        start: 1,
        start_why: String::new(),
        scope: config::NumberingScope::File,
        scope_why: String::new(),
        toc_files: 0,
        formulas: 0,
        formula_files: 0,
    }
}

/// `X12.` headings with more than one prefix: `(level, prefixes, headings)` when some prefix
/// other than `Q` leads the numbered headings of at least one file.
///
/// A prefix counts when, in some file, it starts at least 3 headings at that level and at least
/// a fifth of the file's prefixed headings there (so a stray `Step 1` does not).
fn localised_prefixes(scans: &[FileScan]) -> Option<(u8, Vec<String>, usize)> {
    let mut per_level = [0usize; 7];
    for s in scans {
        for (l, _) in &s.prefixed {
            per_level[*l as usize] += 1;
        }
    }
    let level = (1..=6u8).max_by_key(|&l| (per_level[l as usize], std::cmp::Reverse(l)))?;
    let mut accepted: BTreeMap<String, usize> = BTreeMap::new();
    for s in scans {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (l, p) in &s.prefixed {
            if *l == level {
                *counts.entry(p.as_str()).or_default() += 1;
            }
        }
        let total: usize = counts.values().sum();
        for (p, c) in counts {
            if c >= 3 && c * 5 >= total {
                *accepted.entry(p.to_string()).or_default() += 0;
            }
        }
    }
    if !accepted.keys().any(|p| p != "Q") {
        return None;
    }
    // Count every heading at the level whose prefix was accepted somewhere.
    for s in scans {
        for (l, p) in &s.prefixed {
            if *l == level
                && let Some(c) = accepted.get_mut(p)
            {
                *c += 1;
            }
        }
    }
    let mut list: Vec<(String, usize)> = accepted.into_iter().collect();
    // `Q` first, then by how often each is used.
    list.sort_by_key(|(p, c)| (p != "Q", std::cmp::Reverse(*c), p.clone()));
    let total = list.iter().map(|(_, c)| c).sum();
    Some((level, list.into_iter().map(|(p, _)| p).collect(), total))
}

/// The trailing words most question headings at `level` share after a ` - `, with how many
/// carry them, when at least half do.
fn common_suffix(scans: &[FileScan], level: u8, questions: usize) -> Option<(String, usize)> {
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
fn common_folder(files: &[(String, Arc<str>)], scans: &[FileScan], level: u8) -> Option<String> {
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

/// Under the chosen convention: question count, numbering start and scope, TOCs and formulas.
fn analyse(d: &mut Detection, files: &[(String, Arc<str>)]) -> Result<(), String> {
    let profile = profile(&d.convention.config(), &d.root)?;
    struct Seen {
        numbers: Vec<(u64, Option<usize>)>,
        questions: usize,
        toc: bool,
        formulas: usize,
    }
    let seen: Vec<Seen> = files
        .par_iter()
        .filter(|(p, _)| profile.wants(&d.root.join(p)))
        .map(|(path, text)| {
            let doc = Document::parse(path.clone(), text.clone(), &profile.parse);
            let level = profile.parse.questions.levels.first().copied();
            let at_level = |q: &&crate::model::document::Question| {
                q.form == Form::Ok && (level.is_none() || q.level == level)
            };
            Seen {
                numbers: doc
                    .questions
                    .iter()
                    .filter(at_level)
                    .filter_map(|q| q.number.map(|n| (n, q.section)))
                    .collect(),
                questions: doc.questions.iter().filter(at_level).count(),
                toc: crate::model::toc::find(&doc).is_some_and(|t| t.entries.len() >= 2),
                formulas: doc.formulas.iter().filter(|f| f.parsed).count(),
            }
        })
        .collect();
    d.questions = seen.iter().map(|s| s.questions).sum();
    d.toc_files = seen.iter().filter(|s| s.toc).count();
    d.formulas = seen.iter().map(|s| s.formulas).sum();
    d.formula_files = seen.iter().filter(|s| s.formulas > 0).count();
    if !d.convention.numbered() {
        return Ok(());
    }
    let numbered: Vec<&Vec<(u64, Option<usize>)>> = seen
        .iter()
        .map(|s| &s.numbers)
        .filter(|v| !v.is_empty())
        .collect();

    // Section restarts: the number drops back to 0 or 1 where the section changes.
    let (mut sec_resets, mut sec_continues, mut other_resets) = (0usize, 0usize, 0usize);
    for v in &numbered {
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
        d.scope = config::NumberingScope::Section;
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
        for v in &numbered {
            firsts.push(v[0].0);
            for w in v.windows(2) {
                if w[0].1 != w[1].1 && w[1].0 <= 1 && w[1].0 < w[0].0 {
                    firsts.push(w[1].0);
                }
            }
        }
    } else {
        d.scope = config::NumberingScope::File;
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
    Ok(())
}

impl Detection {
    /// The commented `.qalint.yml`.
    pub fn yaml(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Written by `qalint init` from {} ({}). Review it, then run `qalint check`.",
            plural(self.files, "markdown file", "markdown files"),
            plural(self.questions, "question", "questions")
        );
        let _ = writeln!(
            s,
            "# Every key is documented in README.md; the defaults are in rules/defaults.yml."
        );
        if let Some(inc) = self.convention.include() {
            s.push('\n');
            let _ = writeln!(
                s,
                "# Only this folder holds questions; the other files would be noise."
            );
            let _ = writeln!(s, "include: [{}]", quote(&inc));
        }
        s.push_str("\nquestions:\n");
        for line in &self.why {
            let _ = writeln!(s, "  # {line}");
        }
        for o in &self.others {
            let _ = writeln!(s, "  # not picked: {o}");
        }
        for k in self.convention.question_keys() {
            let _ = writeln!(s, "  {k}");
        }
        if self.convention.numbered() {
            s.push_str("  numbering:\n");
            let _ = writeln!(s, "    # {}", self.start_why);
            let _ = writeln!(s, "    start: {}", self.start);
            let _ = writeln!(s, "    # {}", self.scope_why);
            let scope = match self.scope {
                config::NumberingScope::File => "file",
                config::NumberingScope::Section => "section",
                config::NumberingScope::Repository => "repository",
            };
            let _ = writeln!(s, "    scope: {scope}");
        } else {
            let _ = writeln!(
                s,
                "  # Unnumbered: the numbering rules (QA101-QA104) stay silent."
            );
        }
        s.push_str("\ntoc:\n");
        if self.toc_files > 0 {
            let _ = writeln!(
                s,
                "  # {} a table of contents; QA501-QA504 keep them in step with the questions.",
                plural(self.toc_files, "file has", "files have")
            );
        } else {
            let _ = writeln!(s, "  # No file has a table of contents.");
        }
        let _ = writeln!(
            s,
            "  # Set `required: true` to ask every file with questions for one."
        );
        s.push_str("  required: false\n");
        s.push_str("\nmath:\n");
        if self.formulas > 0 {
            let _ = writeln!(
                s,
                "  # {} in {}: QA201-QA204 check them. List the macros your renderer defines here.",
                plural(self.formulas, "formula", "formulas"),
                plural(self.formula_files, "file", "files")
            );
        } else {
            let _ = writeln!(
                s,
                "  # No formulas found; QA201-QA204 stay quiet unless some are added."
            );
        }
        s.push_str("  macros: []\n");
        s
    }

    /// The human summary: what was detected and why.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let what = match &self.convention {
            Convention::Heading {
                preset,
                level,
                prefixes,
            } => {
                let mut w = format!("preset `{preset}` at level {level}");
                if !prefixes.is_empty() {
                    w.push_str(&format!(
                        " with a custom pattern for prefixes {}",
                        prefixes.join(", ")
                    ));
                }
                w
            }
            Convention::Titles { level, folder, .. } => format!(
                "unnumbered question headings at level {level}{}",
                folder
                    .as_ref()
                    .map(|f| format!(" under `{f}/`"))
                    .unwrap_or_default()
            ),
            Convention::Details => "preset `details`".into(),
            Convention::Bold => "preset `bold`".into(),
            Convention::Unknown => "nothing recognisable; defaults".into(),
        };
        let _ = writeln!(
            s,
            "{}: {} in {}",
            crate::engine::walk::display(&self.root),
            what,
            plural(self.questions, "question", "questions")
        );
        for w in &self.why {
            let _ = writeln!(s, "  why: {w}");
        }
        for o in &self.others {
            let _ = writeln!(s, "  not picked: {o}");
        }
        if self.convention.numbered() {
            let _ = writeln!(
                s,
                "  numbering: start {} ({}), scope {:?} ({})",
                self.start, self.start_why, self.scope, self.scope_why
            );
        }
        let _ = writeln!(
            s,
            "  toc: {}; math: {}",
            plural(self.toc_files, "file", "files"),
            plural(self.formulas, "formula", "formulas")
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(n(0), "0");
        assert_eq!(n(999), "999");
        assert_eq!(n(2510), "2,510");
        assert_eq!(n(1234567), "1,234,567");
    }

    #[test]
    fn custom_pattern_matches_each_prefix() {
        let re = Regex::new(&custom_pattern(&[
            "Q".into(),
            "P".into(),
            "Pregunta".into(),
        ]))
        .unwrap();
        for t in ["Q1. x", "P12. y", "Pregunta 3. z"] {
            assert!(re.is_match(t), "{t}");
        }
        assert!(!re.is_match("Step 1. x"));
    }
}
