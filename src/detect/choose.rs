//! Choosing the convention: a tally per preset family over the scans, then the decision.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::refine::{
    Prefixed, common_folder, common_suffix, localised_prefixes, other_series, weak,
};
use super::scan::{FileScan, NumberLead};
use super::{Convention, Detection, HEADING_PRESETS, MIN_QUESTIONS, NumberForm, n, plural};
use crate::config;

/// The best heading preset: questions at its best level, and at every level.
struct Headings {
    count: usize,
    preset: &'static str,
    level: u8,
    total: usize,
    /// Those of the `count` at `level` whose title asks something.
    asking: usize,
}

impl Headings {
    /// Whether a heading preset numbers questions: enough of them (`min_questions`), and, for
    /// `12.` headings, most of them ask (numbered steps inside answers do not). A weak form
    /// (`12 - Title`, `[12] Title`) is read only without one: it never hides them.
    fn number_questions(&self) -> bool {
        self.count >= min_questions(self.preset)
            && (matches!(self.preset, "q-colon" | "quiz") || self.asking * 2 >= self.count)
    }
}

/// How a weak form's heading looks, for messages (`12 - Title`, `[12] Title`).
fn weak_shape(prefix: &str) -> &'static str {
    if prefix == "[" {
        "[12] Title"
    } else {
        "12 - Title"
    }
}

/// `<summary>` questions: all of them, those with a distinct title, and the files holding those.
struct Details {
    summaries: usize,
    score: usize,
    files: usize,
    numbered: Option<NumberForm>,
}

/// Paragraphs that are one bold span, those that hold a `?`, and the number most of them open
/// with, if any.
struct Bold {
    all: usize,
    score: usize,
    numbered: Option<NumberForm>,
}

/// Unnumbered headings that ask something, at the level with the most.
struct Titles {
    level: u8,
    score: usize,
    /// Every heading at `level` (in `folder` when one holds the asking ones).
    all: usize,
    /// The folder holding nearly all of the asking headings, when it is not the root.
    folder: Option<String>,
}

impl Titles {
    /// Whether at least half the headings at the level ask something: a cheat sheet whose topic sections
    /// (`## Arrays`, `## License`) include a few that ask (`## Why Big-O?`) is no collection of
    /// unnumbered questions.
    fn mostly_ask(&self) -> bool {
        self.score * 2 >= self.all
    }
}

/// Pick the convention from the scans; the numbering and counts are left to `analyse`.
pub(super) fn choose(root: &Path, files: &[(String, Arc<str>)], scans: &[FileScan]) -> Detection {
    let mut others = Vec::new();
    let headings = headings(scans, &mut others);
    // Localised prefixes at the best level of prefixed headings.
    let prefixes = localised_prefixes(scans);
    let details = details(scans);
    let bold = bold(scans);
    let titles = titles(files, scans);

    let loose_best = details.score.max(bold.score).max(titles.score);
    let (convention, why) = if let Some(p) = prefixes.as_ref().filter(|p| {
        p.count >= MIN_QUESTIONS
            && p.count * 2 >= loose_best
            && p.count >= headings.count
            && !(p.prefixes.iter().all(|p| weak(p)) && headings.number_questions())
    }) {
        prefixed_heading(p, &headings)
    } else if headings.count >= min_questions(headings.preset) && headings.count * 2 >= loose_best {
        heading(&headings)
    } else if details.score >= MIN_QUESTIONS
        && details.score >= bold.score
        && details.score >= titles.score
    {
        let mut why = vec![format!(
            "{} of {} `<summary>` elements (in {}) hold distinct questions",
            n(details.score),
            n(details.summaries),
            plural(details.files, "file", "files")
        )];
        if let Some(b) = &details.numbered {
            why.push(format!(
                "{} of them open with a number, like `{}`, and ask something: a pattern reads \
                 the number",
                n(b.count),
                b.shape()
            ));
        }
        (
            Convention::Details {
                numbered: details.numbered.clone(),
            },
            why,
        )
    } else if bold.score >= MIN_QUESTIONS && bold.score >= titles.score {
        let mut why = vec![format!(
            "{} of {} paragraphs that are one bold span hold a `?`",
            n(bold.score),
            n(bold.all)
        )];
        if let Some(b) = &bold.numbered {
            why.push(format!(
                "{} of them open with a number, like `**{}**`, and ask something: a pattern \
                 reads the number",
                n(b.count),
                b.shape()
            ));
        }
        (
            Convention::Bold {
                numbered: bold.numbered.clone(),
            },
            why,
        )
    } else if titles.score >= MIN_QUESTIONS && titles.mostly_ask() {
        unnumbered(scans, &titles)
    } else {
        (
            Convention::Unknown,
            vec!["no question convention found; the defaults (`q-colon`, level 2) apply".into()],
        )
    };
    if let Some((prefix, count)) = prefixes.as_ref().and_then(|p| p.set_aside.as_ref()) {
        others.push(format!(
            "`{}` headings: {}, beside the more common `{}` (one pattern reads one form; \
             set aside)",
            weak_shape(prefix),
            n(*count),
            prefixes
                .as_ref()
                .and_then(|p| p.prefixes.first())
                .map_or("", |p| weak_shape(p))
        ));
    }
    for (prefix, count) in super::refine::other_series_seen(scans) {
        others.push(format!(
            "`{prefix} N` headings: {}, another series than the questions (set aside)",
            n(count)
        ));
    }
    not_picked(
        &convention,
        &headings,
        &details,
        &bold,
        &titles,
        &mut others,
    );

    let also = second_series(&convention, scans, prefixes.as_ref());
    Detection {
        also,
        title_marks: (0, 0),
        root: root.to_path_buf(),
        files: files.len(),
        convention,
        why,
        others,
        questions: 0,
        start: 1,
        start_why: String::new(),
        identifiers: None,
        scope: config::NumberingScope::Auto,
        scope_why: String::new(),
        toc_files: 0,
        formulas: 0,
        formula_files: 0,
        level_per_file: None,
        mirrors: Vec::new(),
        aggregates: Vec::new(),
    }
}

/// Files that write a heading convention's questions (those of its prefixes, with a custom
/// pattern) at another level than the chosen one,
/// consistently (none at the chosen level, nine in ten at their own): then the config leaves
/// `level` out and each file is read at its own level. The reason, for the config's comment.
pub(super) fn per_file_levels(
    files: &[(String, Arc<str>)],
    scans: &[FileScan],
    convention: &Convention,
) -> Option<String> {
    let Convention::Heading {
        preset,
        level,
        prefixes,
        ..
    } = convention
    else {
        return None;
    };
    let pi = HEADING_PRESETS.iter().position(|p| p == preset)?;
    let mut own: Vec<(&str, u8)> = Vec::new();
    for ((path, _), s) in files.iter().zip(scans) {
        // A custom pattern for prefixes reads the headings with one of them.
        let mut prefixed = [0usize; 7];
        for (l, lead) in &s.prefixed {
            prefixed[*l as usize] += usize::from(prefixes.contains(&lead.prefix));
        }
        let counts = if prefixes.is_empty() {
            &s.heading[pi]
        } else {
            &prefixed
        };
        let total: usize = counts.iter().sum();
        if total == 0 || counts[*level as usize] > 0 {
            continue;
        }
        let (l, c) = (1..=6u8)
            .map(|l| (l, counts[l as usize]))
            .max_by_key(|&(_, c)| c)
            .unwrap_or((*level, 0));
        if c * 10 >= total * 9 {
            own.push((path, l));
        }
    }
    let (first, l) = own.first()?;
    Some(format!(
        "{} {} questions at another level consistently (`{first}`: level {l}); without \
         `level`, each file is read at its own",
        plural(own.len(), "file", "files"),
        if own.len() == 1 {
            "writes its"
        } else {
            "write their"
        }
    ))
}

/// A second numbered series beside a numbered heading convention: another heading preset, or
/// prefixed headings (`Question 12.`), at another level, with at least a fifth as many
/// questions. `analyse::separate_series` then checks that the two do not nest (numbered
/// sub-headings inside answers, numbered sections around questions).
fn second_series(
    primary: &Convention,
    scans: &[FileScan],
    prefixes: Option<&Prefixed>,
) -> Option<(Convention, String)> {
    let Convention::Heading {
        preset: p_preset,
        level: p_level,
        prefixes: p_prefixes,
        ..
    } = primary
    else {
        return None;
    };
    let primary_count: usize = match HEADING_PRESETS.iter().position(|p| p == p_preset) {
        Some(pi) if p_prefixes.is_empty() => {
            scans.iter().map(|s| s.heading[pi][*p_level as usize]).sum()
        }
        _ => prefixes.map_or(0, |p| p.count),
    };
    let mut best: Option<(Convention, usize)> = None;
    let mut consider = |c: Convention, count: usize| {
        if count >= MIN_QUESTIONS
            && count * 5 >= primary_count
            && best.as_ref().is_none_or(|b| count > b.1)
        {
            best = Some((c, count));
        }
    };
    // A weak form (`12 - Title`, `[12] Title`) is never a series beside a stronger one.
    if let Some(p) = prefixes.filter(|p| {
        p.level != *p_level && p_prefixes.is_empty() && !p.prefixes.iter().all(|p| weak(p))
    }) {
        consider(
            Convention::Heading {
                preset: "quiz",
                level: p.level,
                prefixes: p.prefixes.clone(),
                separator: p.separator,
                spaced: p.spaced,
            },
            p.count,
        );
    }
    for (pi, preset) in HEADING_PRESETS.iter().enumerate() {
        if *preset == "list-heading" {
            continue;
        }
        for level in (1..=6u8).filter(|l| l != p_level) {
            let count: usize = scans.iter().map(|s| s.heading[pi][level as usize]).sum();
            consider(
                Convention::Heading {
                    preset,
                    level,
                    prefixes: Vec::new(),
                    separator: ".",
                    spaced: false,
                },
                count,
            );
        }
    }
    let (c, count) = best?;
    let why = format!(
        "{} like `{}` form a series of their own",
        plural(count, "question", "questions"),
        series_shape(&c)?
    );
    Some((c, why))
}

/// What a heading convention's question looks like (`## Question 12. Title`, `## Question 12 —
/// Title`, `## #12 Title`).
pub(super) fn series_shape(c: &Convention) -> Option<String> {
    let Convention::Heading {
        preset,
        level,
        prefixes,
        separator,
        spaced,
    } = c
    else {
        return None;
    };
    Some(match prefixes.as_slice() {
        [only] if only != "Q" => format!(
            "{} {only}{}12{separator}{}Title",
            "#".repeat(*level as usize),
            if *spaced { " " } else { "" },
            if super::scan::full_width(separator) {
                ""
            } else {
                " "
            }
        ),
        _ => heading_shape(preset, *level),
    })
}

/// What a heading preset's questions look like, for messages.
fn shape(preset: &str, level: u8) -> String {
    format!("`{}`", heading_shape(preset, level))
}

/// What a heading preset's question looks like at a level (`#### Q12. Title`).
pub(super) fn heading_shape(preset: &str, level: u8) -> String {
    let hashes = "#".repeat(level as usize);
    match preset {
        "q-colon" => format!("{hashes} Q12: Title"),
        "number-dot" => format!("{hashes} 12. Title"),
        "quiz" => format!("{hashes} Q12. Title"),
        _ => format!("1. {hashes} Title"),
    }
}

/// How many questions a heading preset needs to be taken seriously: one heading written
/// `Q12:`/`Q12.` is a question already; `12.` headings are also how documents number sections,
/// so they need a few.
fn min_questions(preset: &str) -> usize {
    match preset {
        "q-colon" | "quiz" => 1,
        _ => MIN_QUESTIONS,
    }
}

/// Heading presets: the best level of each, then the best preset; the presets that lose go to
/// `others`.
fn headings(scans: &[FileScan], others: &mut Vec<String>) -> Headings {
    let mut best: Option<Headings> = None;
    for (pi, preset) in HEADING_PRESETS.iter().enumerate() {
        let (mut per_level, mut asking) = ([0usize; 7], [0usize; 7]);
        for s in scans {
            for l in 1..=6 {
                per_level[l] += s.heading[pi][l];
                asking[l] += s.heading_asking[pi][l];
            }
        }
        let total: usize = per_level.iter().sum();
        let level = question_level(&per_level, &asking);
        let count = per_level[level as usize];
        if best.as_ref().is_none_or(|b| count > b.count) {
            if let Some(b) = &best
                && b.count > 0
            {
                others.push(format!(
                    "`{}`: {} like {}",
                    b.preset,
                    plural(b.count, "heading", "headings"),
                    shape(b.preset, b.level)
                ));
            }
            best = Some(Headings {
                count,
                preset,
                level,
                total,
                asking: asking[level as usize],
            });
        } else if count > 0 {
            others.push(format!(
                "`{preset}`: {} like {}",
                plural(count, "heading", "headings"),
                shape(preset, level)
            ));
        }
    }
    best.unwrap_or(Headings {
        count: 0,
        preset: "q-colon",
        level: 2,
        total: 0,
        asking: 0,
    })
}

/// The level of a heading preset's questions, from its headings per level (`count`) and those
/// of them that ask something (`asking`): the level with the most, unless most of those do not
/// ask and another level, with at least a fifth as many, mostly does. Numbered sub-headings
/// inside answers (`#### 1. Single responsibility` under `### 1. What are the SOLID
/// principles?`) can outnumber the questions, but they do not ask.
fn question_level(count: &[usize; 7], asking: &[usize; 7]) -> u8 {
    let most = (1..=6u8)
        .max_by_key(|&l| (count[l as usize], std::cmp::Reverse(l)))
        .unwrap_or(1);
    let mostly_asks = |l: u8| asking[l as usize] * 2 > count[l as usize];
    if mostly_asks(most) {
        return most;
    }
    (1..=6u8)
        .filter(|&l| {
            mostly_asks(l)
                && count[l as usize] * 5 >= count[most as usize]
                && count[l as usize] >= MIN_QUESTIONS.min(count[most as usize])
        })
        .max_by_key(|&l| (asking[l as usize], std::cmp::Reverse(l)))
        .unwrap_or(most)
}

/// `details`: summaries whose title is not repeated all over (`Answer`, `Solution`).
fn details(scans: &[FileScan]) -> Details {
    let mut title_counts: HashMap<&str, usize> = HashMap::new();
    for s in scans {
        for t in &s.details {
            *title_counts.entry(t.trim()).or_default() += 1;
        }
    }
    let summaries: usize = title_counts.values().sum();
    let score: usize = title_counts.values().filter(|&&c| c <= 2).sum();
    let files = scans
        .iter()
        .filter(|s| {
            s.details
                .iter()
                .any(|t| title_counts.get(t.trim()).is_some_and(|&c| c <= 2))
        })
        .count();
    Details {
        summaries,
        score,
        files,
        numbered: number_form(scans, |s| &s.details_numbered, summaries),
    }
}

fn bold(scans: &[FileScan]) -> Bold {
    let all = scans.iter().map(|s| s.bold).sum();
    Bold {
        all,
        score: scans.iter().map(|s| s.bold_questions).sum(),
        numbered: number_form(scans, |s| &s.bold_numbered, all),
    }
}

/// The number bold or `<summary>` questions open with (`**1. Title?**`, `**Q1. Title?**`; `leads`
/// gives a file's), when most of `all` such paragraphs or summaries open with it and ask
/// something after it: a prefix (none, `Q`, `Q.`, `#`, a word
/// that does not number another series) and the separator most of them write. Numbered steps
/// inside answers (`**1. Install**`) do not ask, and a few numbered questions among unnumbered
/// ones are not the majority: neither makes the convention numbered.
fn number_form(
    scans: &[FileScan],
    leads: impl Fn(&FileScan) -> &[NumberLead],
    all: usize,
) -> Option<NumberForm> {
    let mut prefixes: BTreeMap<&str, usize> = BTreeMap::new();
    for s in scans {
        for lead in leads(s) {
            if !other_series(&lead.prefix) {
                *prefixes.entry(lead.prefix.as_str()).or_default() += 1;
            }
        }
    }
    let (prefix, count) = prefixes
        .into_iter()
        .max_by_key(|&(p, c)| (c, std::cmp::Reverse(p)))?;
    if count < MIN_QUESTIONS || count * 2 <= all {
        return None;
    }
    let mut separators: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut spaced = 0usize;
    for s in scans {
        for lead in leads(s).iter().filter(|l| l.prefix == prefix) {
            *separators.entry(lead.separator).or_default() += 1;
            spaced += usize::from(lead.spaced);
        }
    }
    let separator = separators
        .into_iter()
        .max_by_key(|&(s, c)| (c, s == "."))
        .map_or(".", |(s, _)| s);
    Some(NumberForm {
        prefix: prefix.to_string(),
        spaced: spaced * 2 > count,
        separator,
        count,
    })
}

/// Unnumbered question headings: the level with the most headings that ask something, and the
/// folder holding them; the headings counted against them are those in that folder.
fn titles(files: &[(String, Arc<str>)], scans: &[FileScan]) -> Titles {
    let (level, score) = (1..=6u8)
        .map(|l| (l, scans.iter().map(|s| s.asking[l as usize]).sum::<usize>()))
        .max_by_key(|&(l, c)| (c, std::cmp::Reverse(l)))
        .unwrap_or((3, 0));
    let folder = common_folder(files, scans, level);
    let prefix = folder.as_ref().map(|f| format!("{f}/"));
    let all = files
        .iter()
        .zip(scans)
        .filter(|((p, _), _)| prefix.as_ref().is_none_or(|f| p.starts_with(f)))
        .map(|(_, s)| s.headings[level as usize])
        .sum();
    Titles {
        level,
        score,
        all,
        folder,
    }
}

/// Numbered headings with localised prefixes: `quiz` (or `q-colon` when it won at that level)
/// with a pattern for every prefix.
fn prefixed_heading(p: &Prefixed, headings: &Headings) -> (Convention, Vec<String>) {
    let preset = if headings.preset == "q-colon" && headings.level == p.level {
        "q-colon"
    } else {
        "quiz"
    };
    let written = match crate::detect::summary::weak_form(&p.prefixes) {
        Some(form) => format!("written {form}"),
        None => format!(
            "with a prefix: {}",
            p.prefixes
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let why = vec![
        format!(
            "{} are numbered headings at level {} {written}",
            plural(p.count, "question", "questions"),
            p.level,
        ),
        format!(
            "preset `{preset}` with a pattern that accepts {}{}",
            if crate::detect::summary::weak_form(&p.prefixes).is_some() {
                "that form only"
            } else {
                "every prefix seen"
            },
            if p.prefixes
                .iter()
                .any(|x| x != "Q" && x.ends_with(char::is_alphabetic))
            {
                " (localised quizzes)"
            } else {
                ""
            }
        ),
    ];
    let convention = Convention::Heading {
        preset,
        level: p.level,
        prefixes: p.prefixes.clone(),
        separator: p.separator,
        spaced: p.spaced,
    };
    (convention, why)
}

/// The best heading preset at its best level.
fn heading(h: &Headings) -> (Convention, Vec<String>) {
    let mut why = vec![format!(
        "{} of {} `{}` questions are {} headings at level {}",
        n(h.count),
        n(h.total),
        h.preset,
        shape(h.preset, h.level),
        h.level
    )];
    if h.asking * 2 <= h.count {
        why.push(format!(
            "only {} of them ask something: numbered sections more than questions; the rules \
             still read each as a question (numbering, table of contents, answers)",
            n(h.asking)
        ));
    }
    if h.total > h.count {
        why.push(format!(
            "the other {} are at other levels: QA002 reports those that are questions, not \
             numbered sub-headings inside answers",
            n(h.total - h.count)
        ));
    }
    let convention = Convention::Heading {
        preset: h.preset,
        level: h.level,
        prefixes: Vec::new(),
        separator: ".",
        spaced: false,
    };
    (convention, why)
}

/// Unnumbered question headings, with the folder that holds them and a shared title suffix.
fn unnumbered(scans: &[FileScan], t: &Titles) -> (Convention, Vec<String>) {
    let level = t.level;
    let folder = t.folder.clone();
    let mut why = vec![format!(
        "{} of {} level-{level} headings{} ask something (a `?` or a question word first) and \
         carry no number: unnumbered question headings",
        n(t.score),
        n(t.all),
        folder
            .as_ref()
            .map_or(String::new(), |f| format!(" under `{f}/`"))
    )];
    if let Some(f) = &folder {
        why.push(format!(
            "most of them are under `{f}/`: the question rules apply there, and the other \
             files are linted for links, math and markup"
        ));
    }
    let suffix = common_suffix(scans, level, t.score);
    if let Some((sfx, c)) = &suffix {
        why.push(format!(
            "{} end with ` - ... {sfx}`, which the pattern keeps out of the title",
            n(*c)
        ));
    }
    let convention = Convention::Titles {
        level,
        folder,
        suffix: suffix.map(|s| s.0),
    };
    (convention, why)
}

/// The families that found something but lost, for the comments and the summary.
fn not_picked(
    convention: &Convention,
    h: &Headings,
    d: &Details,
    b: &Bold,
    t: &Titles,
    others: &mut Vec<String>,
) {
    if h.count > 0 && !matches!(convention, Convention::Heading { .. }) {
        others.push(format!(
            "`{}`: {} like {}",
            h.preset,
            plural(h.count, "heading", "headings"),
            shape(h.preset, h.level)
        ));
    }
    if d.summaries > 0 && !matches!(convention, Convention::Details { .. }) {
        others.push(format!(
            "`details`: {} `<summary>` elements, {} with a distinct question{}",
            n(d.summaries),
            n(d.score),
            if d.summaries > d.score {
                " (the rest repeat a label such as `Answer`)"
            } else {
                ""
            }
        ));
    }
    if b.all > 0 && !matches!(convention, Convention::Bold { .. }) {
        others.push(format!(
            "`bold`: {} bold paragraphs, {} with a `?`",
            n(b.all),
            n(b.score)
        ));
    }
    if t.score > 0 && !matches!(convention, Convention::Titles { .. }) {
        others.push(format!(
            "unnumbered headings: {} at level {} ask something{}",
            n(t.score),
            t.level,
            if t.score >= MIN_QUESTIONS && !t.mostly_ask() {
                format!(
                    ", of {}: too few for a convention (half must ask)",
                    n(t.all)
                )
            } else {
                String::new()
            }
        ));
    }
}
