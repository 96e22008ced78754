//! The human summary of a detection: what was detected and why.

use std::fmt::Write as _;

use super::{Convention, Detection, plural};

impl Detection {
    /// The human summary: what was detected and why.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}: {} in {}",
            crate::engine::walk::display(&self.root),
            self.convention.describe(),
            plural(self.questions, "question", "questions")
        );
        for w in &self.why {
            let _ = writeln!(s, "  why: {w}");
        }
        if let Some((_, why)) = &self.also {
            let _ = writeln!(s, "  also: {why}");
        }
        for o in &self.others {
            let _ = writeln!(s, "  not picked: {o}");
        }
        for m in &self.mirrors {
            let _ = writeln!(
                s,
                "  excluded: `{}/`, copies of files found elsewhere",
                m.folder
            );
        }
        for a in &self.aggregates {
            let _ = writeln!(
                s,
                "  excluded: `{}`, assembled from `{}/`",
                a.file, a.source
            );
        }
        if self.convention.numbered() {
            let _ = writeln!(
                s,
                "  numbering: start {} ({}), scope {} ({})",
                self.start,
                self.start_why,
                self.scope.as_str(),
                self.scope_why
            );
            if let Some(why) = &self.identifiers {
                let _ = writeln!(s, "  numbering: {why}");
            }
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

impl Detection {
    /// What the detected config turns off as the house style, for the line a run without a
    /// config prints (so that a missing finding has its reason in sight).
    pub fn house_style(&self) -> Option<String> {
        let (asking, marked) = self.title_marks;
        self.titles_without_mark().then(|| {
            format!(
                "titles without `?` are the house style (only {marked} of {asking} carry one): \
                 QA003 does not ask for `?`"
            )
        })
    }

    /// One line for a run without a config: the convention, its level and numbering
    /// (`'#### Q12. Title' at level 4, numbering per file`).
    pub fn headline(&self) -> String {
        let numbering = match self.scope {
            crate::config::NumberingScope::Auto | crate::config::NumberingScope::File => {
                "numbering per file"
            }
            crate::config::NumberingScope::Section => "numbering per section",
            crate::config::NumberingScope::Repository => "numbering across files",
        };
        let shape = |c: &Convention| {
            let level = match c {
                Convention::Heading { level, .. } => level,
                _ => return None,
            };
            Some(format!(
                "'{}' at level {level}",
                super::choose::series_shape(c)?
            ))
        };
        match &self.convention {
            Convention::Heading { .. } => {
                let also = self.also.as_ref().and_then(|(c, _)| shape(c));
                format!(
                    "{}{}, {numbering}",
                    shape(&self.convention).unwrap_or_default(),
                    also.map(|a| format!(" and {a}")).unwrap_or_default()
                )
            }
            Convention::Titles { level, folder, .. } => format!(
                "unnumbered '{} Title' headings at level {level}{}",
                "#".repeat(*level as usize),
                folder
                    .as_ref()
                    .map(|f| format!(" under `{f}/`"))
                    .unwrap_or_default()
            ),
            Convention::Details { numbered: None } => {
                "'<details><summary>Title</summary>' blocks".into()
            }
            Convention::Details { numbered: Some(b) } => {
                format!("'<details><summary>{}</summary>' blocks", b.shape())
            }
            Convention::Bold { numbered: None } => "bold '**Title**' paragraphs".into(),
            Convention::Bold { numbered: Some(b) } => {
                format!("bold '**{}**' paragraphs", b.shape())
            }
            Convention::Unknown => "none".into(),
        }
    }

    /// Whether a convention was found.
    pub fn found(&self) -> bool {
        self.convention != Convention::Unknown
    }
}

impl Convention {
    /// The convention in words (`preset `quiz` at level 3`).
    fn describe(&self) -> String {
        match self {
            Convention::Heading {
                preset,
                level,
                prefixes,
                ..
            } => {
                let mut w = format!("preset `{preset}` at level {level}");
                if let Some(form) = weak_form(prefixes) {
                    w.push_str(&format!(" with a custom pattern for {form} headings"));
                } else if !prefixes.is_empty() {
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
            Convention::Details { numbered: None } => "preset `details`".into(),
            Convention::Details { numbered: Some(b) } => {
                format!("preset `details` with a pattern for `{}`", b.shape())
            }
            Convention::Bold { numbered: None } => "preset `bold`".into(),
            Convention::Bold { numbered: Some(b) } => {
                format!("preset `bold` with a pattern for `{}`", b.shape())
            }
            Convention::Unknown => "nothing recognisable; defaults".into(),
        }
    }
}

/// The heading form a prefix list stands for when it is one of the forms with no prefix word:
/// `12 - Title` (the empty prefix) or `[12] Title` (`[`).
pub(crate) fn weak_form(prefixes: &[String]) -> Option<&'static str> {
    match prefixes {
        [p] if p.is_empty() => Some("`12 - Title`"),
        [p] if p == "[" => Some("`[12] Title`"),
        _ => None,
    }
}
