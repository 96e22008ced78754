//! Between the engine and the protocol: byte offsets and UTF-16 positions, paths and `file:`
//! URIs, findings and LSP diagnostics, and a changed text as a few small edits.

use std::path::{Path, PathBuf};

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Uri,
};

use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::line_index::LineIndex;

/// A text with its line starts, as the protocol addresses it.
pub struct Text<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl Text<'_> {
    /// The position of byte `offset` (clamped to the text, snapped back to a char boundary);
    /// the character counts UTF-16 code units, as the protocol does.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).min(offset);
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The byte offset of `pos`, or `None` when its line is past the end of the text. A
    /// character past the end of its line means the end of the line (as the protocol says); one
    /// inside a surrogate pair, the start of that character.
    pub fn offset(&self, pos: Position) -> Option<usize> {
        let line = pos.line as usize;
        if line >= self.lines.line_count() {
            return None;
        }
        let range = self.lines.line_range(self.text, line);
        let mut units = 0usize;
        for (i, c) in self.text[range.clone()].char_indices() {
            units += c.len_utf16();
            if units > pos.character as usize {
                return Some(range.start + i);
            }
        }
        Some(range.end)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The local path a `file:` URI names (`None` for other schemes).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("file://"))
        .map(|_| &s[7..])?;
    // The authority (empty or `localhost`) ends at the path's first `/`.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = crate::base::percent::decode(path);
    // `/C:/dir/a.md` on Windows.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() >= 3 && bytes[2] == b':' && bytes[1].is_ascii_alphabetic() {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(crate::base::paths::normalize(Path::new(&decoded)))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Uri {
    let shown = crate::base::paths::display(path);
    let shown = if shown.starts_with('/') {
        shown
    } else {
        format!("/{shown}")
    };
    let text = format!("file://{}", crate::base::percent::encode_path(&shown));
    text.parse()
        .unwrap_or_else(|_| "file:///".parse().expect("`file:///` is a valid URI"))
}

/// The protocol's severity of a finding's.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Where a related location of another file is: its text when the server has it (an open
/// document), for exact UTF-16 columns.
pub trait Locate {
    fn locate(&self, path: &str, line: usize, column: usize) -> Option<Location>;
}

/// A finding as an LSP diagnostic: code and documentation link, severity, the exact range, the
/// help line after the message, related locations (secondary labels in the same file, other
/// files' places).
pub fn diagnostic(
    d: &Diagnostic,
    text: &Text,
    uri: &Uri,
    others: &dyn Locate,
) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(&l.span)),
            message: l.text.clone(),
        })
        .collect();
    related.extend(d.related.iter().filter_map(|r| {
        Some(DiagnosticRelatedInformation {
            location: others.locate(&r.path, r.line, r.column)?,
            message: r.message.clone(),
        })
    }));
    lsp_types::Diagnostic {
        range: text.range(&d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code().to_string())),
        code_description: crate::output::rule_help_uri(&d.rule)
            .and_then(|u| u.parse().ok())
            .map(|href| CodeDescription { href }),
        source: Some("qalint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The edits that turn `old` into `new`, line by line (a renumbered file changes a few numbers
/// here and there: a few small edits, not the whole text).
pub fn diff_edits(old: &Text, new: &str) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old.text, new);
    let offsets = |slices: &[&str]| {
        let mut at = Vec::with_capacity(slices.len() + 1);
        let mut n = 0;
        at.push(0);
        for s in slices {
            n += s.len();
            at.push(n);
        }
        at
    };
    let old_at = offsets(diff.old_slices());
    let new_slices = diff.new_slices();
    let mut edits = Vec::new();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let span = old_at[o.start]..old_at[o.end];
        edits.push(TextEdit {
            range: old.range(&span),
            new_text: new_slices[n].concat(),
        });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> (String, LineIndex) {
        (s.to_string(), LineIndex::new(s))
    }

    #[test]
    fn positions_count_utf16_units_both_ways() {
        let (s, lines) = text("a😀b\nxé\r\nz");
        let t = Text {
            text: &s,
            lines: &lines,
        };
        let b = s.find('b').unwrap();
        assert_eq!(t.position(b), Position::new(0, 3));
        assert_eq!(t.offset(Position::new(0, 3)), Some(b));
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(t.offset(Position::new(0, 2)), Some(1));
        // Past the end of the line: its end, before `\r\n`.
        assert_eq!(t.offset(Position::new(1, 99)), Some(s.find('\r').unwrap()));
        assert_eq!(t.position(s.len()), Position::new(2, 1));
        assert_eq!(t.offset(Position::new(3, 0)), None);
    }

    #[test]
    fn file_uris_round_trip_with_escapes() {
        let p = if cfg!(windows) {
            PathBuf::from("C:/dir/a b#1.md")
        } else {
            PathBuf::from("/dir/a b#1.md")
        };
        let uri = uri_of(&p);
        assert!(uri.as_str().contains("a%20b%231.md"), "{}", uri.as_str());
        assert_eq!(path_of(&uri), Some(p));
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of(&other), None);
    }

    #[test]
    fn a_changed_line_is_one_small_edit() {
        let (s, lines) = text("## Q1: a\n\nx\n\n## Q3: b\n\ny\n");
        let t = Text {
            text: &s,
            lines: &lines,
        };
        let edits = diff_edits(&t, "## Q1: a\n\nx\n\n## Q2: b\n\ny\n");
        assert_eq!(edits.len(), 1);
        assert_eq!(
            edits[0].range,
            Range::new(Position::new(4, 0), Position::new(5, 0))
        );
        assert_eq!(edits[0].new_text, "## Q2: b\n");
    }
}
