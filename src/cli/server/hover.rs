//! Hover: on a finding, its rule (summary, what the fix does); on a question heading, its
//! number, the sequence it is in (where, its neighbours) and where its duplicates are.

use std::path::{Path, PathBuf};

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Range};

use super::convert;
use super::state::Server;
use crate::base::diagnostic::{Applicability, Diagnostic};
use crate::model::numbering::label;
use crate::model::settings::{NumberingScope, QuestionSettings};
use crate::model::summary::QuestionRef;

fn contains(r: &Range, p: lsp_types::Position) -> bool {
    r.start <= p && p <= r.end
}

/// A finding: its rule and message, its help, what the rule's fix does, and the fix offered.
fn finding(d: &Diagnostic) -> String {
    let mut s = format!(
        "**{} `{}`** ({}): {}\n\n{}",
        d.rule.code(),
        d.rule.name(),
        d.severity.as_str(),
        d.rule.summary(),
        d.message
    );
    if let Some(help) = &d.help {
        s.push_str(&format!("\n\n*help:* {help}"));
    }
    if let Some(fix) = crate::output::docs::find(d.rule.code())
        .as_ref()
        .and_then(|doc| {
            doc.section("Fix.")
                .map(|f| f.split_whitespace().collect::<Vec<_>>().join(" "))
        })
    {
        s.push_str(&format!("\n\n**Fix.** {fix}"));
    }
    if let Some(fix) = &d.fix
        && fix.applicability > Applicability::DisplayOnly
    {
        s.push_str(&format!(
            "\n\nQuick fix: {} ({})",
            fix.title,
            fix.applicability.as_str()
        ));
    }
    s
}

/// How a question's number is shown: `Q7`, or `Q16–22` for a range heading.
fn shown_number(cfg: &QuestionSettings, q: &QuestionRef) -> Option<String> {
    let n = q.number?;
    Some(match q.last {
        Some(last) => format!("{}–{last}", label(cfg, n)),
        None => label(cfg, n),
    })
}

impl Server {
    pub(super) fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        let at = p.text_document_position_params;
        let abs = convert::path_of(&at.text_document.uri)?;
        let doc = self.docs.get(&abs)?;
        let offset = doc.text().offset(at.position)?;
        let mut parts = Vec::new();
        let mut range = None;
        for (d, l) in doc.findings.iter().zip(&doc.published) {
            if contains(&l.range, at.position) {
                parts.push(finding(d));
                range.get_or_insert(l.range);
            }
        }
        if let Some((text, r)) = self.question(&abs, offset) {
            parts.push(text);
            range.get_or_insert(r);
        }
        if parts.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    /// The question heading at `offset`: its number, sequence and duplicates.
    fn question(&mut self, abs: &Path, offset: usize) -> Option<(String, Range)> {
        let key = self.files.get(abs)?.key.clone();
        let profile = self.profile(&key);
        let entry = self.files.get(abs)?;
        let doc = self.docs.get(abs)?;
        let (qi, q) = entry
            .summary
            .questions
            .iter()
            .enumerate()
            .find(|(_, q)| q.span.start <= offset && offset <= q.span.end)?;
        let cfg = profile.parse.series(q.series);
        let title = entry
            .summary
            .titles
            .get(qi)
            .map(|t| t.shown())
            .unwrap_or_default();
        let mut s = match shown_number(cfg, q) {
            Some(n) => format!("**Question `{n}`**: {title}"),
            None => format!("**Question** (unnumbered): {title}"),
        };

        // The sequence: numbered questions of its series, across the collection's files
        // (`repository` scope) or in this document's sequences.
        let place = |path: &Path, r: &QuestionRef| {
            if path == abs {
                format!("line {}", r.line)
            } else {
                let shown = self.files.get(path).map_or("?", |e| e.shown.as_str());
                format!("`{shown}:{}`", r.line)
            }
        };
        if q.number.is_some() && cfg.numbered() {
            let items: Vec<(PathBuf, &QuestionRef)> = if cfg.scope == NumberingScope::Repository {
                self.files
                    .iter()
                    .filter(|(_, e)| e.key == key)
                    .flat_map(|(p, e)| {
                        e.summary
                            .questions
                            .iter()
                            .filter(|r| r.series == q.series && r.number.is_some())
                            .map(move |r| (p.clone(), r))
                    })
                    .collect()
            } else {
                doc.sequences
                    .iter()
                    .find(|seq| seq.contains(&qi))
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|j| entry.summary.questions.get(j))
                    .map(|r| (abs.to_path_buf(), r))
                    .collect()
            };
            let at = items.iter().position(|(p, r)| p == abs && r.span == q.span);
            if let Some(i) = at {
                let files = {
                    let mut f: Vec<&PathBuf> = items.iter().map(|(p, _)| p).collect();
                    f.dedup();
                    f.len()
                };
                let within = if files > 1 {
                    format!("across {files} files")
                } else {
                    "in this file".to_string()
                };
                let name = |r: &QuestionRef| shown_number(cfg, r).unwrap_or_default();
                s.push_str(&format!(
                    "\n\nSequence: question {} of {} {within} (numbering scope `{}`), `{}` to `{}`",
                    i + 1,
                    items.len(),
                    cfg.scope.as_str(),
                    name(items[0].1),
                    name(items[items.len() - 1].1),
                ));
                if i > 0 {
                    let (p, r) = &items[i - 1];
                    s.push_str(&format!("; previous `{}` at {}", name(r), place(p, r)));
                }
                if let Some((p, r)) = items.get(i + 1) {
                    s.push_str(&format!("; next `{}` at {}", name(r), place(p, r)));
                }
            }
        } else {
            s.push_str("\n\nSequence: none (the question has no number)");
        }

        // Duplicates, both ways: this question repeats another, or another repeats it.
        let mut dups = Vec::new();
        for (file, d) in self.duplicates.get(&key).into_iter().flatten() {
            if file == abs && d.span == q.span {
                dups.push(format!("- {} {}", d.rule.code(), d.message));
                continue;
            }
            let points_here = (file == abs && d.labels.iter().any(|l| l.span == q.span))
                || d.related
                    .iter()
                    .any(|r| self.absolute(&r.path) == abs && r.line == q.line);
            if points_here
                && let Some(e) = self.files.get(file)
                && let Some(other) = e.summary.questions.iter().find(|r| r.span == d.span)
            {
                let what = if d.rule.code() == "QA401" {
                    "asked again"
                } else {
                    "a similar question"
                };
                dups.push(format!(
                    "- {} {what} at {}",
                    d.rule.code(),
                    place(file, other)
                ));
            }
        }
        if dups.is_empty() {
            s.push_str("\n\nDuplicates: none");
        } else {
            s.push_str("\n\nDuplicates:\n");
            s.push_str(&dups.join("\n"));
        }
        Some((s, doc.text().range(&q.span)))
    }
}
