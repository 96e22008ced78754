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

impl Convention {
    /// The convention in words (`preset `quiz` at level 3`).
    fn describe(&self) -> String {
        match self {
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
        }
    }
}
