//! The YAML a detection proposes: the commented `.qalint.yml`, and each candidate's config text.

use std::fmt::Write as _;

use super::{Convention, Detection, plural};

impl Convention {
    /// The `questions:` keys (without the numbering), as YAML lines indented by two spaces.
    fn question_keys(&self) -> Vec<String> {
        match self {
            Convention::Heading {
                preset,
                level,
                prefixes,
                separator,
                spaced,
            } => {
                let mut v = vec![format!("preset: {preset}")];
                if !prefixes.is_empty() {
                    v.push(format!("pattern: {}", quote(&custom_pattern(prefixes))));
                }
                if let [only] = prefixes.as_slice()
                    && let Some(n) = unprefixed_near_miss(only)
                {
                    v.push(format!("near-miss: {}", quote(&n)));
                }
                // The preset's canonical form is `Q{number}: {title}`; another prefix or
                // separator writes its own (a full-width one without a space: `Q{number}：{title}`).
                if let [only] = prefixes.as_slice()
                    && (only != "Q" || *separator != ":")
                {
                    v.push(format!(
                        "canonical: {}",
                        quote(&format!(
                            "{only}{}{{number}}{separator}{}{{title}}",
                            if *spaced { " " } else { "" },
                            if super::scan::full_width(separator) {
                                ""
                            } else {
                                " "
                            }
                        ))
                    ));
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
            Convention::Details { numbered: None } => vec!["preset: details".into()],
            Convention::Details { numbered: Some(b) } => vec![
                "preset: details".into(),
                format!("pattern: {}", quote(&numbered_pattern(&b.prefix, false))),
            ],
            Convention::Bold { numbered: None } => vec!["preset: bold".into()],
            Convention::Bold { numbered: Some(b) } => vec![
                "preset: bold".into(),
                format!("pattern: {}", quote(&numbered_pattern(&b.prefix, true))),
            ],
            Convention::Unknown => vec!["preset: q-colon".into()],
        }
    }

    fn question_files(&self) -> Option<String> {
        match self {
            Convention::Titles {
                folder: Some(f), ..
            } => Some(format!("{f}/**/*.md")),
            _ => None,
        }
    }
}

impl Detection {
    /// Config text for the detected conventions, to parse files under: levels pinned, except
    /// where files write their questions at a level of their own (as the proposed config).
    pub(super) fn config(&self) -> String {
        let primary: Vec<String> = self
            .convention
            .question_keys()
            .into_iter()
            .filter(|k| self.level_per_file.is_none() || !k.starts_with("level: "))
            .collect();
        let Some((also, _)) = &self.also else {
            let mut s = String::new();
            if let Some(inc) = self.convention.question_files() {
                let _ = writeln!(s, "question-files: [{}]", quote(&inc));
            }
            s.push_str("questions:\n");
            for k in primary {
                let _ = writeln!(s, "  {k}");
            }
            return s;
        };
        // Heading conventions have no `include`: the list is the whole config.
        let mut s = String::from("questions:\n");
        for keys in [primary, also.question_keys()] {
            for (i, k) in keys.iter().enumerate() {
                let _ = writeln!(s, "{}{k}", if i == 0 { "  - " } else { "    " });
            }
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

/// The pattern for `X12.` headings with these prefixes, `Q` first: after the number (or a
/// range `12-14`), a separator (`.`, `:`, `)`, or a dash between spaces: `Question 1 — Title`)
/// stays out of the title.
///
/// A word prefix matches in any case (`вопрос 3:` under `Вопрос N.`): the `quiz` and `q-colon`
/// near misses only know `Q`, so a lower-case word would otherwise hide its number and the
/// numbering would call it missing. A one-letter prefix (`Q`, `P`, `Q.`) keeps its case: those
/// near misses report `q3`.
///
/// A bare number before a dash and a number in brackets are read alone ([`unprefixed`]).
fn custom_pattern(prefixes: &[String]) -> String {
    if let [only] = prefixes
        && let Some(p) = unprefixed(only, r"(?:\s+(?P<title>.*))?$")
    {
        return p;
    }
    let alts: Vec<String> = prefixes
        .iter()
        .map(|p| {
            if p.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                regex::escape(p)
            } else {
                format!("(?i:{})", regex::escape(p))
            }
        })
        .collect();
    format!(
        r"^(?:{})\s*(?P<number>[0-9]+)(?:\s*[-–]\s*(?P<last>[0-9]+))?(?:\s*[.。:：)]|\s+[-–—](?:\s|$))?(?:\s*(?P<title>.*))?$",
        alts.join("|")
    )
}

/// The pattern for a number that no word or sign leads, with `title` after it: a bare number
/// before a dash (`12 - Title`, the empty prefix; without the dash, `### 2021 changes` is no
/// question) or a number in brackets (`[12] Title`, the `[` prefix; without the `]`, `[12a]`
/// is no number). `None` for other prefixes.
fn unprefixed(prefix: &str, title: &str) -> Option<String> {
    match prefix {
        "" => Some(format!(r"^(?P<number>[0-9]+)\s+[-–—]{title}")),
        "[" => Some(format!(
            r"^\[\s*(?P<number>[0-9]+)(?:\s*[-–]\s*(?P<last>[0-9]+))?\s*\]{title}"
        )),
        _ => None,
    }
}

/// The near miss of a weak form, for QA001 (and so that the numbering does not call its
/// number missing): a slip of the separator (`3- Title?`, `4 -Title?`, `5. Title?`, `8 :
/// Title?`) or of a bracket (`[6]Title?`, `7] Title?`), in a title that ends with a question
/// mark, as the titles the form is detected from mostly do: a numbered step inside an answer
/// (`#### 1. Install`) is no near miss. `None` for other prefixes (the preset's own apply).
fn unprefixed_near_miss(prefix: &str) -> Option<String> {
    const TITLE: &str = r"(?P<title>\p{L}.*[?？])$";
    match prefix {
        "" => Some(format!(r"^(?P<number>[0-9]+)\s*[-–—.:：。、．)]\s*{TITLE}")),
        "[" => Some(format!(
            r"^(?:\[\s*)?(?P<number>[0-9]+)\s*[\])]\s*[-–—.:]?\s*{TITLE}"
        )),
        _ => None,
    }
}

/// The pattern for bold or `<summary>` questions that open with a number after `prefix` (`Q`,
/// `Q.`, `#`, `[` closed by `]`, or none: then a separator and a space must follow the number,
/// so `**2023 plans**` is no question). In bold (`bold`), as the `bold` preset's, a title
/// ending in `:` is a label, not a question.
fn numbered_pattern(prefix: &str, bold: bool) -> String {
    const NUMBER: &str = r"(?P<number>[0-9]+)(?:\s*[-–]\s*(?P<last>[0-9]+))?";
    let title = if bold {
        r"(?P<title>.*[^:])$"
    } else {
        r"(?P<title>.*)$"
    };
    match prefix {
        "" => format!(r"^{NUMBER}(?:\s*[.:)]\s+|[。：]\s*|\s+[-–—]\s+){title}"),
        "[" => unprefixed(prefix, &format!(r"\s*{title}")).unwrap_or_default(),
        _ => format!(
            r"^{}\s*{NUMBER}(?:\s*[.。:：)]|\s+[-–—](?:\s|$))?\s*{title}",
            regex::escape(prefix)
        ),
    }
}

/// A YAML single-quoted scalar.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
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
        if let Some(inc) = self.convention.question_files() {
            s.push('\n');
            let _ = writeln!(
                s,
                "# Only this folder holds questions; the other files (an index, notes) are \
                 linted for links, math and markup."
            );
            let _ = writeln!(s, "question-files: [{}]", quote(&inc));
        }
        if !self.mirrors.is_empty() || !self.aggregates.is_empty() {
            s.push('\n');
            for m in &self.mirrors {
                let _ = writeln!(
                    s,
                    "# `{}/` holds copies of files found elsewhere ({} of them; `{}` mirrors `{}`): \
                     linted, each live question would be its own duplicate.",
                    m.folder, m.files, m.example.0, m.example.1
                );
            }
            for a in &self.aggregates {
                let _ = writeln!(
                    s,
                    "# `{}` is assembled from `{}/` (the questions of {} of its {} files are in it): \
                     linted, each question would be a duplicate of its source.",
                    a.file, a.source, a.found, a.sources
                );
            }
            let globs: Vec<String> = self
                .mirrors
                .iter()
                .map(|m| quote(&format!("{}/**", m.folder)))
                .chain(self.aggregates.iter().map(|a| quote(&a.file)))
                .collect();
            let _ = writeln!(s, "exclude: [{}]", globs.join(", "));
        }
        self.questions_section(&mut s);
        self.rules_section(&mut s);
        self.toc_section(&mut s);
        self.math_section(&mut s);
        s
    }

    fn questions_section(&self, s: &mut String) {
        s.push_str("\nquestions:\n");
        for line in &self.why {
            let _ = writeln!(s, "  # {line}");
        }
        for o in &self.others {
            let _ = writeln!(s, "  # not picked: {o}");
        }
        // With a second series, `questions:` is a list: `- ` opens each convention.
        let listed = self.also.is_some();
        let ind = if listed { "    " } else { "  " };
        for (i, k) in self.convention.question_keys().iter().enumerate() {
            let lead = if listed && i == 0 { "  - " } else { ind };
            match &self.level_per_file {
                Some(why) if k.starts_with("level: ") => {
                    let _ = writeln!(s, "{ind}# {why}; most use {}", &k["level: ".len()..]);
                }
                _ => {
                    let _ = writeln!(s, "{lead}{k}");
                }
            }
        }
        if self.convention.numbered() {
            if let Some(why) = &self.identifiers {
                let _ = writeln!(s, "{ind}# {why}");
            }
            let _ = writeln!(s, "{ind}numbering:");
            let _ = writeln!(s, "{ind}  # {}", self.start_why);
            let _ = writeln!(s, "{ind}  start: {}", self.start);
            let _ = writeln!(s, "{ind}  # {}", self.scope_why);
            let _ = writeln!(s, "{ind}  scope: {}", self.scope.as_str());
        } else if self.convention == Convention::Unknown {
            // The defaults' `q-colon` is numbered: its numbering is the defaults' too.
            let _ = writeln!(
                s,
                "{ind}# Numbering: the defaults (`start: 1`, `scope: auto`) for `Q12:` headings, \
                 once there are some."
            );
        } else {
            let _ = writeln!(
                s,
                "{ind}# Unnumbered: the numbering rules (QA101-QA104) stay silent."
            );
        }
        if let Some((also, why)) = &self.also {
            let _ = writeln!(s, "  # {why}; numbered like the first");
            for (i, k) in also.question_keys().iter().enumerate() {
                let _ = writeln!(s, "{}{k}", if i == 0 { "  - " } else { "    " });
            }
        }
    }

    /// Whether the titles leave the `?` out as a house style: most of those that open like a
    /// question carry none, among enough of them to call it a style. Where most carry one, the
    /// style is `?` and the titles without are the slips QA003 is for.
    pub(super) fn titles_without_mark(&self) -> bool {
        /// Fewer titles than this are a few slips, not a style.
        const STYLE_EVIDENCE: usize = 10;
        let (asking, marked) = self.title_marks;
        asking >= STYLE_EVIDENCE && marked * 2 < asking
    }

    fn rules_section(&self, s: &mut String) {
        if !self.titles_without_mark() {
            return;
        }
        let (asking, marked) = self.title_marks;
        s.push_str("\nrules:\n  options:\n");
        let _ = writeln!(
            s,
            "    # {} of {} titles that open with a question word carry a `?`: the house style \
             leaves it out, so QA003 does not ask for one (whitespace and empty titles are still \
             checked).",
            marked, asking
        );
        s.push_str("    title-style: {interrogatives: []}\n");
    }

    fn toc_section(&self, s: &mut String) {
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
    }

    fn math_section(&self, s: &mut String) {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

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
        assert!(re.is_match("pregunta 3: z"));
        assert!(!re.is_match("q1. x") && !re.is_match("p12. y"));
    }

    #[test]
    fn a_bare_number_needs_its_dash_and_a_bracketed_one_its_bracket() {
        let dash = Regex::new(&custom_pattern(&["".into()])).unwrap();
        for (t, title) in [
            ("12 - What?", "What?"),
            ("3 – Why?", "Why?"),
            ("4 — How?", "How?"),
        ] {
            let c = dash.captures(t).unwrap();
            assert_eq!(&c["title"], title);
        }
        for t in ["2021 changes", "12. Title", "1.2 - Notes", "12-Title"] {
            assert!(!dash.is_match(t), "{t}");
        }
        let bracket = Regex::new(&custom_pattern(&["[".into()])).unwrap();
        let c = bracket.captures("[12] What is a set?").unwrap();
        assert_eq!((&c["number"], &c["title"]), ("12", "What is a set?"));
        assert_eq!(&bracket.captures("[3-5] Sets").unwrap()["last"], "5");
        for t in ["[2a] What?", "[12 What?", "12] What?"] {
            assert!(!bracket.is_match(t), "{t}");
        }
        let near = Regex::new(&unprefixed_near_miss("").unwrap()).unwrap();
        for t in ["3- What?", "4 -What?", "5. What?", "8 : What?"] {
            assert_eq!(&near.captures(t).unwrap()["title"], "What?", "{t}");
        }
        for t in ["1. Install", "2021 changes?", "2 - 3 years?"] {
            assert!(!near.is_match(t), "{t}");
        }
        let near = Regex::new(&unprefixed_near_miss("[").unwrap()).unwrap();
        for t in ["[6]What?", "7] What?", "[8) What?"] {
            assert_eq!(&near.captures(t).unwrap()["title"], "What?", "{t}");
        }
        assert!(!near.is_match("[5a] What?") && !near.is_match("12 What?"));
        let bold = Regex::new(&numbered_pattern("[", true)).unwrap();
        assert_eq!(&bold.captures("[7] Why?").unwrap()["title"], "Why?");
    }

    #[test]
    fn bold_pattern_reads_the_number() {
        let bare = Regex::new(&numbered_pattern("", true)).unwrap();
        let c = bare.captures("12. What is a set?").unwrap();
        assert_eq!((&c["number"], &c["title"]), ("12", "What is a set?"));
        for t in ["2023 plans?", "1.5 seconds?", "1. Note:"] {
            assert!(!bare.is_match(t), "{t}");
        }
        let q = Regex::new(&numbered_pattern("Q.", true)).unwrap();
        let c = q.captures("Q.3 What is a key?").unwrap();
        assert_eq!((&c["number"], &c["title"]), ("3", "What is a key?"));
        let q = Regex::new(&numbered_pattern("Q", true)).unwrap();
        assert_eq!(&q.captures("Q7: Why?").unwrap()["title"], "Why?");
    }
}
