//! The SARIF 2.1.0 format: one run with the rules' metadata and docs, findings, fixes and errors.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::{docs, pretty_json, relative, with_findings};
use crate::base::diagnostic::{Diagnostic, RuleRef, Severity};
use crate::engine::{FileReport, Outcome, RunError};
use crate::rules::{REGISTRY, RuleMeta};

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/qalint/qalint";
/// Rules link to their source file, whose top doc comment is their documentation.
const SOURCE_URI: &str = "https://github.com/qalint/qalint/blob/main/";

/// The registry entry of a built-in rule (`None` for a custom rule).
fn registered(meta: &RuleMeta) -> Option<&'static crate::rules::RegistryEntry> {
    REGISTRY.iter().find(|e| e.meta.code == meta.code)
}

/// The file that defines a registered rule, from the repository root
/// (`src/rules/numbering/qa101_numbering_gap.rs`); `None` for a custom rule.
pub fn rule_source_file(meta: &RuleMeta) -> Option<&'static str> {
    registered(meta).map(|e| e.path)
}

/// Where a rule's documentation is read on the web: its source file, whose top doc comment is
/// the documentation (`None` for a custom rule). SARIF's `helpUri`, the language server's
/// `codeDescription`.
pub fn help_uri(rule: &RuleRef) -> Option<String> {
    rule.builtin()
        .and_then(rule_source_file)
        .map(|f| format!("{SOURCE_URI}{f}"))
}

/// A rule's documentation: the `//!` comment at the top of its file, without the title line.
fn rule_doc(meta: &RuleMeta) -> String {
    let Some(entry) = registered(meta) else {
        return String::new();
    };
    let doc = docs::module_doc(entry.source);
    doc.trim_end()
        .split_once("\n\n")
        .map_or("", |(_, body)| body)
        .trim()
        .to_string()
}

/// The first paragraph of a rule's documentation on one line, without its `**What it does.**`.
fn first_paragraph(doc: &str) -> String {
    let para = doc.split("\n\n").next().unwrap_or("");
    let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
    para.strip_prefix("**What it does.** ")
        .unwrap_or(&para)
        .to_string()
}

/// A path as a URI reference. A relative path stays relative, with every byte outside RFC 3986's
/// unreserved and sub-delimiter characters, `/` and `@` percent-encoded (`:` too, so `a:b.md` is
/// not read as a scheme); an absolute path becomes a `file://` URI.
pub fn path_uri(path: &str) -> String {
    let encode = |out: &mut String, s: &str| out.push_str(&crate::base::percent::encode_path(s));
    let mut out = String::new();
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        out.push_str("file://");
        encode(&mut out, path);
    } else if cfg!(windows)
        && bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        out.push_str("file:///");
        out.push_str(&path[..2]);
        encode(&mut out, &path[2..]);
    } else {
        encode(&mut out, path);
    }
    out
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<SarifRun>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    tool: SarifTool,
    invocations: Vec<SarifInvocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDriver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<SarifRule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: String,
    name: String,
    short_description: SarifText,
    full_description: SarifText,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<SarifMarkdown>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: SarifConfiguration,
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

impl SarifText {
    fn new(text: impl Into<String>) -> Self {
        SarifText { text: text.into() }
    }
}

#[derive(Serialize)]
struct SarifMarkdown {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct SarifConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifInvocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<SarifNotification>,
}

#[derive(Serialize)]
struct SarifNotification {
    level: &'static str,
    message: SarifText,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: SarifText,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<SarifText>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysicalLocation {
    artifact_location: SarifArtifactLocation,
    region: SarifRegion,
}

#[derive(Serialize)]
struct SarifArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: SarifText,
    artifact_changes: Vec<SarifArtifactChange>,
    properties: SarifFixProperties,
}

#[derive(Serialize)]
struct SarifFixProperties {
    /// `safe` (applied by `--fix`), `unsafe` (`--unsafe-fixes`) or `display-only`.
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifArtifactChange {
    artifact_location: SarifArtifactLocation,
    replacements: Vec<SarifReplacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifReplacement {
    deleted_region: SarifRegion,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<SarifText>,
}

/// The rules of the run: the registry in code order, then any other rule a finding names
/// (custom rules), by code.
fn sarif_rule_metas(outcome: &Outcome) -> Vec<RuleRef> {
    let mut metas: Vec<RuleRef> = REGISTRY.iter().map(|e| RuleRef::Builtin(e.meta)).collect();
    let mut extra: BTreeMap<String, RuleRef> = BTreeMap::new();
    for d in outcome.files.iter().flat_map(|f| &f.diagnostics) {
        if !metas.iter().any(|m| m.code() == d.rule.code()) {
            extra
                .entry(d.rule.code().to_string())
                .or_insert_with(|| d.rule.clone());
        }
    }
    metas.extend(extra.into_values());
    metas
}

fn sarif_rule(rule: &RuleRef) -> SarifRule {
    let doc = rule.builtin().map(rule_doc).unwrap_or_default();
    let full = first_paragraph(&doc);
    SarifRule {
        id: rule.code().to_string(),
        name: rule.name().to_string(),
        short_description: SarifText::new(rule.summary()),
        full_description: SarifText::new(if full.is_empty() {
            rule.summary().to_string()
        } else {
            full
        }),
        help: (!doc.is_empty()).then(|| SarifMarkdown {
            text: doc.clone(),
            markdown: doc,
        }),
        help_uri: help_uri(rule),
        default_configuration: SarifConfiguration {
            level: sarif_level(rule.default_severity()),
        },
    }
}

fn sarif_region(f: &FileReport, span: &Range<usize>) -> SarifRegion {
    let a = f.lines.position(&f.source, span.start);
    let b = f.lines.position(&f.source, span.end.max(span.start));
    SarifRegion {
        start_line: a.line,
        start_column: a.column,
        end_line: Some(b.line),
        end_column: Some(b.column),
    }
}

fn sarif_location(uri: &str, region: SarifRegion, message: Option<&str>) -> SarifLocation {
    SarifLocation {
        physical_location: SarifPhysicalLocation {
            artifact_location: SarifArtifactLocation {
                uri: uri.to_string(),
            },
            region,
        },
        message: message.map(SarifText::new),
    }
}

fn sarif_result(f: &FileReport, uri: &str, d: &Diagnostic, rule_index: usize) -> SarifResult {
    let mut related: Vec<SarifLocation> = d
        .labels
        .iter()
        .map(|l| sarif_location(uri, sarif_region(f, &l.span), Some(&l.text)))
        .collect();
    related.extend(d.related.iter().map(|r| {
        let region = SarifRegion {
            start_line: r.line.max(1),
            start_column: r.column.max(1),
            end_line: None,
            end_column: None,
        };
        sarif_location(&path_uri(&r.path), region, Some(&r.message))
    }));
    let fixes = d
        .fix
        .iter()
        .filter(|fx| !fx.edits.is_empty())
        .map(|fx| SarifFix {
            description: SarifText::new(fx.title.clone()),
            artifact_changes: vec![SarifArtifactChange {
                artifact_location: SarifArtifactLocation {
                    uri: uri.to_string(),
                },
                replacements: fx
                    .edits
                    .iter()
                    .map(|e| SarifReplacement {
                        deleted_region: sarif_region(f, &e.range),
                        inserted_content: (!e.content.is_empty())
                            .then(|| SarifText::new(e.content.clone())),
                    })
                    .collect(),
            }],
            properties: SarifFixProperties {
                applicability: fx.applicability.as_str(),
            },
        })
        .collect();
    SarifResult {
        rule_id: d.rule.code().to_string(),
        rule_index,
        level: sarif_level(d.severity),
        message: SarifText::new(d.message.clone()),
        locations: vec![sarif_location(
            uri,
            sarif_region(f, &d.span),
            d.label.as_deref(),
        )],
        related_locations: related,
        fixes,
    }
}

pub(super) fn render(outcome: &Outcome) -> String {
    let metas = sarif_rule_metas(outcome);
    let index: HashMap<&str, usize> = metas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.code(), i))
        .collect();
    let mut results = Vec::new();
    for f in with_findings(outcome) {
        let f = &*f;
        let uri = path_uri(&f.path);
        for d in &f.diagnostics {
            results.push(sarif_result(f, &uri, d, index[d.rule.code()]));
        }
    }
    let mut notifications: Vec<String> = outcome
        .errors
        .iter()
        .map(|e| match e {
            RunError::Path { path, message } => format!("`{path}`: {message}"),
            RunError::Config(c) => match &c.path {
                Some(p) => format!("{} (in `{}`)", c.message, relative(p)),
                None => c.message.clone(),
            },
        })
        .collect();
    notifications.sort();
    let log = SarifLog {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: vec![SarifRun {
            tool: SarifTool {
                driver: SarifDriver {
                    name: "qalint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: metas.iter().map(sarif_rule).collect(),
                },
            },
            invocations: vec![SarifInvocation {
                execution_successful: outcome.errors.is_empty(),
                tool_execution_notifications: notifications
                    .into_iter()
                    .map(|text| SarifNotification {
                        level: "error",
                        message: SarifText::new(text),
                    })
                    .collect(),
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    pretty_json(&log)
}
