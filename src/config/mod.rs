//! Layer 3, configuration. Uses `rules` (metadata and options), `model` (the settings types it
//! fills in) and `base`; never the engine.
//!
//! Configuration: the embedded defaults under `rules/`, a discovered or given `.qalint.yml`, and
//! command-line overrides, resolved once into a [`Profile`] that every file linted under it shares.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;

use crate::base::diagnostic::{Severity, SeverityLevel};
use crate::base::suggest::closest;

mod custom_rules;
pub use crate::model::settings::{NumberingScope, ParseSettings, QuestionKind, QuestionSettings};
use crate::rules::{self, ActiveRule, RuleOptions, RuleSet};

/// File names searched for, in this order, in each directory from a linted file upward.
pub const CONFIG_NAMES: &[&str] = &[".qalint.yml", ".qalint.yaml", "qalint.yml"];

const DEFAULTS_YAML: &str = include_str!("../../rules/defaults.yml");

/// The presets shipped under `rules/presets/`, by name.
pub const PRESETS: &[(&str, &str)] = &[
    ("q-colon", include_str!("../../rules/presets/q-colon.yml")),
    (
        "number-dot",
        include_str!("../../rules/presets/number-dot.yml"),
    ),
    (
        "list-heading",
        include_str!("../../rules/presets/list-heading.yml"),
    ),
    ("quiz", include_str!("../../rules/presets/quiz.yml")),
    ("details", include_str!("../../rules/presets/details.yml")),
    ("bold", include_str!("../../rules/presets/bold.yml")),
];

// ---------------------------------------------------------------------------------------------
// Raw, as written in YAML: every field optional so layers can be merged.

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub questions: Option<RawQuestionList>,
    pub rules: Option<RawRules>,
    pub renumber: Option<RawRenumber>,
    pub math: Option<RawMath>,
    /// A directory (relative to the config file) of YAML files holding custom rules.
    pub custom_rules: Option<String>,
    pub toc: Option<RawToc>,
    pub repository: Option<RawRepository>,
    /// Globs (relative to the config file's directory) → rules not reported in matching files.
    #[serde(default, deserialize_with = "unique_keys")]
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Globs (relative to the config file's directory) of the files that hold questions; the
    /// other linted files keep only the rules that do not read questions ([`QUESTION_RULES`]).
    pub question_files: Option<Vec<String>>,
    /// A baseline file (relative to the config file's directory) whose findings are hidden
    /// (`--baseline`); read by the engine's `baseline` module, not by rules.
    pub baseline: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawToc {
    /// A heading whose text matches this regex introduces the table of contents.
    pub heading: Option<String>,
    /// Report every question when a file has no table of contents.
    pub required: Option<bool>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRepository {
    /// The repository's GitHub page (`https://github.com/OWNER/REPO`): links to it are local.
    pub url: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMath {
    /// Macro names (without backslash) the renderer is given, known to QA203.
    pub macros: Option<Vec<String>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRenumber {
    /// Also renumber stub links whose trailing number is the question's old number.
    pub update_answer_links: Option<bool>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawQuestions {
    pub preset: Option<String>,
    pub kind: Option<QuestionKind>,
    pub pattern: Option<String>,
    #[serde(default, deserialize_with = "written_levels")]
    pub level: Option<Levels>,
    pub near_miss: Option<String>,
    pub canonical: Option<String>,
    pub numbering: Option<RawNumbering>,
}

/// `questions:` as written: one convention (a mapping), or several (a list of mappings), each
/// a series of its own.
#[derive(Debug, Default, Clone)]
pub struct RawQuestionList(pub Vec<RawQuestions>);

impl<'de> Deserialize<'de> for RawQuestionList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OneOrMany;
        impl<'de> serde::de::Visitor<'de> for OneOrMany {
            type Value = RawQuestionList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a convention (a mapping) or a list of conventions")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                let one =
                    RawQuestions::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawQuestionList(vec![one]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                let many = Vec::<RawQuestions>::deserialize(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )?;
                if many.is_empty() {
                    return Err(serde::de::Error::invalid_length(
                        0,
                        &"at least one convention",
                    ));
                }
                Ok(RawQuestionList(many))
            }
        }
        d.deserialize_any(OneOrMany)
    }
}

impl RawQuestions {
    /// This layer with `over` on top: a new preset resets what the preset provides, unless
    /// `over` sets it too.
    fn merge(mut self, q: RawQuestions) -> RawQuestions {
        if q.preset.is_some() {
            self.kind = None;
            self.pattern = None;
            self.level = None;
            self.near_miss = None;
            self.canonical = None;
            self.preset = q.preset;
        }
        macro_rules! take {
            ($($f:ident),*) => { $( if q.$f.is_some() { self.$f = q.$f; } )* };
        }
        take!(kind, pattern, level, near_miss, canonical);
        if let Some(n) = q.numbering {
            let mut bn = self.numbering.take().unwrap_or_default();
            if n.start.is_some() {
                bn.start = n.start;
            }
            if n.scope.is_some() {
                bn.scope = n.scope;
            }
            self.numbering = Some(bn);
        }
        self
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawNumbering {
    pub start: Option<u64>,
    pub scope: Option<NumberingScope>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRules {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub severity: Option<BTreeMap<String, SeverityLevel>>,
    /// Per-rule options by rule name; each rule reads its own (see `rules::options`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub options: Option<BTreeMap<String, serde_yaml::Value>>,
    /// Rules written in YAML, reported as `custom/<id>`.
    pub custom: Option<Vec<crate::rules::custom::RawCustomRule>>,
}

/// A mapping whose keys are each written once. Serde fills a map with the last of two equal
/// keys, silently, where a struct's duplicate field is an error; this makes both an error.
/// (The options' own mappings are YAML values, which refuse a duplicate key already.)
fn unique_keys<'de, D, V>(d: D) -> Result<Option<BTreeMap<String, V>>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = Option<BTreeMap<String, V>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(Some(out))
        }
    }
    d.deserialize_option(Unique(std::marker::PhantomData))
}

/// A preset file under `rules/presets/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Preset {
    kind: QuestionKind,
    pattern: String,
    level: Option<Levels>,
    near_miss: Option<String>,
    canonical: Option<String>,
}

/// `level: 2` or `level: [2, 3]`. An empty list is built only in code (detection reads a
/// candidate preset at every level); written in a file, `level: []` is an error, since it would
/// read as no `level` at all.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "`level` expects a heading level 1 to 6, or a list of them"
)]
pub enum Levels {
    One(u8),
    Many(Vec<u8>),
}

/// `questions.level` as a file writes it: at least one level.
fn written_levels<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Levels>, D::Error> {
    match Option::<Levels>::deserialize(d)? {
        Some(Levels::Many(v)) if v.is_empty() => Err(serde::de::Error::invalid_length(
            0,
            &"at least one heading level",
        )),
        l => Ok(l),
    }
}

impl Levels {
    fn to_vec(&self) -> Vec<u8> {
        match self {
            Levels::One(l) => vec![*l],
            Levels::Many(v) => v.clone(),
        }
    }
}

impl RawConfig {
    /// Layer `over` on top of `self`: every field `over` sets wins.
    fn merge(mut self, over: RawConfig) -> RawConfig {
        if over.include.is_some() {
            self.include = over.include;
        }
        if over.exclude.is_some() {
            self.exclude = over.exclude;
        }
        if let Some(t) = over.toc {
            let base = self.toc.get_or_insert_with(RawToc::default);
            if t.heading.is_some() {
                base.heading = t.heading;
            }
            if t.required.is_some() {
                base.required = t.required;
            }
        }
        if over.repository.is_some() {
            self.repository = over.repository;
        }
        if over.per_file_ignores.is_some() {
            self.per_file_ignores = over.per_file_ignores;
        }
        if over.question_files.is_some() {
            self.question_files = over.question_files;
        }
        if over.custom_rules.is_some() {
            self.custom_rules = over.custom_rules;
        }
        if over.baseline.is_some() {
            self.baseline = over.baseline;
        }
        if let Some(m) = over.math {
            let base = self.math.get_or_insert_with(RawMath::default);
            if m.macros.is_some() {
                base.macros = m.macros;
            }
        }
        if let Some(r) = over.renumber {
            let base = self.renumber.get_or_insert_with(RawRenumber::default);
            if r.update_answer_links.is_some() {
                base.update_answer_links = r.update_answer_links;
            }
        }
        if let Some(over_q) = over.questions {
            // The first convention merges onto the first; a list replaces the others.
            let mut base = self.questions.take().unwrap_or_default().0;
            let mut layers = over_q.0.into_iter();
            if let Some(first) = layers.next() {
                let merged = base.first().cloned().unwrap_or_default().merge(first);
                match base.first_mut() {
                    Some(b) => *b = merged,
                    None => base.push(merged),
                }
            }
            let rest: Vec<RawQuestions> = layers.collect();
            if !rest.is_empty() {
                base.truncate(1);
                base.extend(rest);
            }
            self.questions = Some(RawQuestionList(base));
        }
        if let Some(r) = over.rules {
            let mut base = self.rules.take().unwrap_or_default();
            if r.select.is_some() {
                base.select = r.select;
            }
            if r.ignore.is_some() {
                base.ignore = r.ignore;
            }
            if let Some(sev) = r.severity {
                base.severity.get_or_insert_with(BTreeMap::new).extend(sev);
            }
            if r.custom.is_some() {
                base.custom = r.custom;
            }
            if let Some(opts) = r.options {
                // A rule's options replace the defaults' for that rule as a whole.
                base.options.get_or_insert_with(BTreeMap::new).extend(opts);
            }
            self.rules = Some(base);
        }
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Resolved settings.

/// The rules about questions (their headings, numbering, answers, duplicates and tables of
/// contents): off outside `question-files`, where links (QA303), math and markup are still
/// checked.
pub const QUESTION_RULES: &[&str] = &["QA0", "QA1", "QA301", "QA302", "QA4", "QA5"];

/// Everything needed to lint a file: settings, compiled patterns and the active rules.
pub struct Profile {
    /// The config file this profile came from, if any.
    pub config_path: Option<PathBuf>,
    /// Directory that include/exclude globs are relative to.
    pub root: PathBuf,
    pub include: GlobSet,
    pub exclude: GlobSet,
    /// What the model reads documents with.
    pub parse: ParseSettings,
    /// [`ParseSettings::key`] of `parse`, computed once: the summary cache asks for it per file.
    pub parse_key: u64,
    pub rules: Vec<ActiveRule>,
    /// The id of every custom rule the config defines, enabled or not: what `custom/<id>` may
    /// name in a suppression comment or on the command line.
    pub custom_ids: Vec<String>,
    /// The `include`, `exclude` and `question-files` globs the config file writes.
    pub written_globs: Vec<WrittenGlob>,
    /// `per-file-ignores`: each glob with the rule selectors ignored in the files it matches.
    pub per_file_ignores: Vec<(GlobSet, RuleSet)>,
    /// `question-files`: outside them, the [`QUESTION_RULES`] are not reported.
    pub question_files: Option<GlobSet>,
    /// Every rule's options as written (`rules.options`, already checked), enabled or not: for
    /// what reads a rule's notion outside linting (`qalint stats` counts placeholders and stubs
    /// as QA301 and QA302 see them, whatever the selection).
    pub options: BTreeMap<String, serde_yaml::Value>,
    /// What the config file writes that changes nothing (see [`without_effect`]).
    pub no_effect: Vec<NoEffect>,
}

/// A rule selector a config file writes under a key where it changes nothing: a warning, since
/// the run is the same with or without it.
#[derive(Debug, Clone)]
pub struct NoEffect {
    /// The selector as written.
    pub selector: String,
    /// The key it is under (`rules.ignore`, `rules.severity`, `per-file-ignores`).
    pub key: &'static str,
    /// Where it is written, when found.
    pub at: Option<crate::model::line_index::Position>,
    /// Why it changes nothing ([`without_effect`]).
    pub why: String,
}

impl NoEffect {
    /// The warning, naming the config file as `shown`.
    pub fn message(&self, shown: &str) -> String {
        let at = self
            .at
            .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
        format!(
            "`{}` in `{}` (`{shown}{at}`) has no effect: {}",
            self.selector, self.key, self.why
        )
    }
}

/// Why `sel` changes nothing under `key` (`rules.ignore`, `rules.severity`, `per-file-ignores`
/// or `--ignore`), or `None` when it does. The system rules (QA900–QA902) report what keeps a
/// file from being checked or a suppression from working, whatever the selection, ignores and
/// severities say; only QA902 can be turned off in files (`per-file-ignores`, a
/// `qalint-disable-file` comment). Like ruff's syntax errors, they are left out of a `select`
/// without a word: a selection lists the rules wanted, not the ones left out.
pub fn without_effect(sel: &str, key: &str) -> Option<String> {
    let per_file = key == "per-file-ignores";
    let metas = rules::matching(sel);
    let unaffected = |m: &&rules::RuleMeta| {
        m.family == crate::base::diagnostic::Family::System
            && !(per_file && m.code == rules::UNUSED_SUPPRESSION.code)
    };
    if metas.is_empty() || !metas.iter().all(unaffected) {
        return None;
    }
    let codes: Vec<&str> = metas.iter().map(|m| m.code).collect();
    let (init, last) = codes.split_at(codes.len() - 1);
    let listed = if init.is_empty() {
        last[0].to_string()
    } else {
        format!("{} and {}", init.join(", "), last[0])
    };
    let one = codes.len() == 1;
    let mut why = format!(
        "{listed} {} always reported",
        if one { "is" } else { "are" }
    );
    if key == "rules.severity" {
        why.push_str(if one {
            " at its own severity"
        } else {
            " at their own severities"
        });
    }
    if !per_file && codes.contains(&rules::UNUSED_SUPPRESSION.code) {
        why.push_str(
            "; `per-file-ignores` or `<!-- qalint-disable-file QA902 -->` turns QA902 off in files",
        );
    }
    Some(why)
}

/// Why a selection of system rules alone checks nothing.
pub const ONLY_SYSTEM: &str = "it selects only system rules, which are always reported: no rule is checked (select codes, prefixes such as `QA1`, names, or `ALL`)";

/// Whether `selectors` (a `select`) name system rules and nothing else.
pub fn selects_only_system(selectors: &[String]) -> bool {
    !selectors.is_empty()
        && selectors.iter().all(|sel| {
            let metas = rules::matching(sel);
            !metas.is_empty()
                && metas
                    .iter()
                    .all(|m| m.family == crate::base::diagnostic::Family::System)
        })
}

/// One `include`, `exclude` or `question-files` glob as a config file writes it.
pub struct WrittenGlob {
    /// The key it is under.
    pub key: &'static str,
    /// The glob as written.
    pub glob: String,
    set: GlobSet,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("config_path", &self.config_path)
            .field("questions", &self.parse.questions)
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl Profile {
    /// Whether QA402 runs: the file phase then reads the words of each file's titles for it.
    pub fn reads_title_words(&self) -> bool {
        crate::rules::Repository::runs_similar(&self.rules)
    }

    /// The rules `per-file-ignores` hides in `path`, and the [`QUESTION_RULES`] when `path`
    /// is outside `question-files`.
    pub fn ignored_rules(&self, path: &Path) -> RuleSet {
        let mut out = RuleSet::default();
        for (_, rules) in self
            .per_file_ignores
            .iter()
            .filter(|(set, _)| self.matches(set, path))
        {
            out.extend(rules);
        }
        if !self.holds_questions(path) {
            let all: Vec<String> = QUESTION_RULES.iter().map(|s| s.to_string()).collect();
            out.extend(&RuleSet::of_all(&all));
        }
        out
    }

    /// Whether `path` may hold questions: it matches `question-files`, or none is set.
    pub fn holds_questions(&self, path: &Path) -> bool {
        self.question_files
            .as_ref()
            .is_none_or(|set| self.matches(set, path))
    }

    /// The summaries the repository pass reads (QA401, QA402, repository numbering): a file
    /// outside `question-files` takes part with its anchors and links, not its headings.
    pub fn repository_view<'a>(
        &self,
        summaries: &[&'a crate::model::summary::FileSummary],
    ) -> Vec<std::borrow::Cow<'a, crate::model::summary::FileSummary>> {
        use std::borrow::Cow;
        summaries
            .iter()
            .map(|&s| {
                if s.questions.is_empty() || self.holds_questions(&s.abs_path) {
                    Cow::Borrowed(s)
                } else {
                    let mut s = s.clone();
                    s.questions.clear();
                    s.titles.clear();
                    Cow::Owned(s)
                }
            })
            .collect()
    }

    /// The written globs that match none of `walked` (the files a walk of the config's whole
    /// folder found under this profile): a typo, or a form that names nothing, is otherwise
    /// silent (a `question-files` typo turns every question rule off).
    pub fn unmatched_globs(&self, walked: &[&Path]) -> Vec<&WrittenGlob> {
        self.written_globs
            .iter()
            .filter(|g| !walked.iter().any(|p| self.matches(&g.set, p)))
            .collect()
    }

    /// Whether `set` matches `path`, relative to the config file's directory or, for a file
    /// outside it, by any trailing part of its path (as [`Self::wants`] reads globs).
    fn matches(&self, set: &GlobSet, path: &Path) -> bool {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if let Ok(rel) = abs.strip_prefix(&self.root) {
            return set.is_match(rel);
        }
        let parts: Vec<_> = abs.components().collect();
        (0..parts.len()).any(|i| set.is_match(parts[i..].iter().collect::<PathBuf>()))
    }

    /// Whether a walked file (not one named on the command line) is linted under this profile.
    ///
    /// Globs match the path relative to the config file's directory; a file outside that
    /// directory (a config given with `--config` from elsewhere) matches when any trailing part
    /// of its path does.
    pub fn wants(&self, path: &Path) -> bool {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if let Ok(rel) = abs.strip_prefix(&self.root) {
            return self.include.is_match(rel) && !self.exclude.is_match(rel);
        }
        let parts: Vec<_> = abs.components().collect();
        let suffixes = || (0..parts.len()).map(|i| parts[i..].iter().collect::<PathBuf>());
        suffixes().any(|p| self.include.is_match(&p))
            && !suffixes().any(|p| self.exclude.is_match(&p))
    }
}

/// Selection given on the command line, applied over every config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

impl Overrides {
    /// Every rule selector given, `--select`'s then `--ignore`'s.
    pub fn selectors(&self) -> impl Iterator<Item = &String> {
        self.select.iter().flatten().chain(&self.ignore)
    }
}

/// A loaded config file: its path, its text (for error snippets) and what it says.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub raw: RawConfig,
}

impl ConfigFile {
    /// Read and parse a config file.
    pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            text: None,
            span: None,
            message: format!("cannot read config file `{}`: {e}", path.display()),
            help: None,
        })?;
        ConfigFile::parse(path, &text)
    }

    /// Parse config text as if read from `path` (errors point into `text`).
    pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
        let text: Arc<str> = Arc::from(text);
        let raw = parse_yaml(&text).map_err(|e| e.in_file(path, &text))?;
        Ok(ConfigFile {
            path: path.to_path_buf(),
            text,
            raw,
        })
    }
}

/// The other config files in the folder of `config` (found by [`discover`]), which it shadows.
pub fn beside(config: &Path) -> Vec<PathBuf> {
    let Some(dir) = config.parent() else {
        return Vec::new();
    };
    CONFIG_NAMES
        .iter()
        .map(|n| dir.join(n))
        .filter(|c| c != config && c.is_file())
        .collect()
}

/// Find the config file for `dir`: the first of [`CONFIG_NAMES`] in `dir` or an ancestor.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    discover_with(dir, &mut HashMap::new())
}

/// [`discover`], remembering the answer for `dir` and each ancestor it looked in (`known`), so
/// that the files of a whole tree look in each directory once.
pub fn discover_with(dir: &Path, known: &mut HashMap<PathBuf, Option<PathBuf>>) -> Option<PathBuf> {
    let mut looked: Vec<&Path> = Vec::new();
    let mut found = None;
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if let Some(k) = known.get(d) {
            found = k.clone();
            break;
        }
        looked.push(d);
        if let Some(config) = CONFIG_NAMES.iter().map(|n| d.join(n)).find(|c| c.is_file()) {
            found = Some(config);
            break;
        }
        cur = d.parent();
    }
    for d in looked {
        known.insert(d.to_path_buf(), found.clone());
    }
    found
}

fn parse_yaml(text: &str) -> Result<RawConfig, ConfigError> {
    if text.trim().is_empty() {
        return Ok(RawConfig::default());
    }
    serde_yaml::from_str::<RawConfig>(text).map_err(|e| {
        let msg = e.to_string();
        let index = e.location().map(|l| l.index());
        let (message, help, token) = explain_serde_error(&msg);
        let span = index.map(|i| {
            let i = i.min(text.len());
            // serde places a duplicate at the start of its mapping: point at the second one.
            if message.starts_with("duplicate key")
                && let Some(t) = token.as_deref()
                && let Some(first) = find_token(&text[i..], t)
                && let Some(second) = find_token(&text[i + first.end..], t)
            {
                let at = i + first.end;
                return at + second.start..at + second.end;
            }
            let len = token
                .as_deref()
                .filter(|t| text[i..].starts_with(t))
                .map_or(0, str::len);
            i..i + len
        });
        ConfigError {
            path: None,
            text: None,
            span,
            message,
            help,
        }
    })
}

/// Turn a serde error message into ours, with a did-you-mean for a misspelt key or value.
fn explain_serde_error(msg: &str) -> (String, Option<String>, Option<String>) {
    // serde_yaml appends " at line L column C"; the snippet shows that, so drop it.
    let base = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    let re = Regex::new(r"unknown (field|variant) `([^`]*)`, expected (?:one of )?(.*)$")
        .expect("static regex");
    if let Some(c) = re.captures(base) {
        let what = if &c[1] == "field" { "key" } else { "value" };
        let got = c[2].to_string();
        let expected: Vec<&str> = c[3]
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let prefix = base[..c.get(0).map_or(0, |m| m.start())].trim_end_matches(": ");
        let location = if prefix.is_empty() {
            String::new()
        } else {
            format!(" in `{prefix}`")
        };
        let message = format!("unknown {what} `{got}`{location}");
        let help = match closest(&got, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("expected one of {}", list_codes(&expected)),
        };
        return (message, Some(help), Some(got));
    }
    // A struct's duplicate field (serde), a map's duplicate key (`unique_keys`), a YAML value's
    // duplicate entry (an option's mapping): one message.
    static DUP: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"duplicate (?:field|key) `([^`]*)`$|duplicate entry with key "([^"]*)"$"#)
            .expect("static regex")
    });
    if let Some(c) = DUP.captures(base) {
        let key = c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).to_string();
        let prefix = base[..c.get(0).map_or(0, |m| m.start())].trim_end_matches(": ");
        let location = if prefix.is_empty() {
            String::new()
        } else {
            format!(" in `{prefix}`")
        };
        return (
            format!("duplicate key `{key}`{location}"),
            Some("a key is written once in a mapping: keep one of the two".to_string()),
            Some(key),
        );
    }
    let base = Regex::new(r"expected struct \w+")
        .expect("static regex")
        .replace_all(base, "expected a mapping");
    (format!("invalid configuration: {base}"), None, None)
}

fn list_codes(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A configuration problem; rendered with the config file's text when there is one.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub text: Option<Arc<str>>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

impl ConfigError {
    fn in_file(mut self, path: &Path, text: &Arc<str>) -> Self {
        self.path = Some(path.to_path_buf());
        self.text = Some(text.clone());
        self
    }

    fn plain(message: String, help: Option<String>) -> Self {
        ConfigError {
            path: None,
            text: None,
            span: None,
            message,
            help,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

// ---------------------------------------------------------------------------------------------
// Resolution.

/// Resolve the defaults, an optional config file and the command-line overrides into a profile.
pub fn resolve(
    file: Option<&ConfigFile>,
    overrides: &Overrides,
    cwd: &Path,
) -> Result<Profile, ConfigError> {
    let defaults: RawConfig =
        serde_yaml::from_str(DEFAULTS_YAML).expect("embedded rules/defaults.yml is valid");
    let raw = match file {
        Some(f) => defaults.merge(f.raw.clone()),
        None => defaults,
    };
    let in_file = |e: ConfigError| match file {
        Some(f) => e.in_file(&f.path, &f.text),
        None => e,
    };
    let locate = |needle: &str| file.and_then(|f| find_token(&f.text, needle));

    let root = file
        .and_then(|f| f.path.parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| cwd.to_path_buf());
    let root = std::path::absolute(&root).unwrap_or(root);
    let include = build_globs(raw.include.as_deref().unwrap_or(&[]), &locate).map_err(in_file)?;
    let exclude = build_globs(raw.exclude.as_deref().unwrap_or(&[]), &locate).map_err(in_file)?;
    // Custom rules (from the config and from `custom-rules: DIR`) are read first: their ids are
    // what `custom/<id>` may name in the selection, severities and per-file ignores.
    let rules_raw = raw.rules.clone().unwrap_or_default();
    let mut custom_raw = rules_raw.custom.clone().unwrap_or_default();
    if let Some(dir) = &raw.custom_rules {
        custom_raw.extend(custom_rules::load_dir(&root.join(dir))?);
    }
    let custom_ids: Vec<String> = custom_raw.iter().map(|c| c.id.clone()).collect();
    let check = |sel: &str| {
        check_selector(sel)
            .and_then(|()| check_custom_selector(sel, &custom_ids))
            .map_err(|e| in_file(with_span(e, locate(sel))))
    };
    let mut per_file_ignores = Vec::new();
    for (glob, sels) in raw.per_file_ignores.iter().flatten() {
        let set = build_globs(std::slice::from_ref(glob), &locate).map_err(in_file)?;
        for sel in sels {
            check(sel)?;
        }
        per_file_ignores.push((set, RuleSet::of_all(sels)));
    }

    // The globs the file itself writes (not the defaults'), each on its own, so that one that
    // matches no walked file can be named.
    let mut written_globs = Vec::new();
    if let Some(f) = file {
        for (key, globs) in [
            ("include", &f.raw.include),
            ("exclude", &f.raw.exclude),
            ("question-files", &f.raw.question_files),
        ] {
            for g in globs.iter().flatten() {
                written_globs.push(WrittenGlob {
                    key,
                    glob: g.clone(),
                    set: build_globs(std::slice::from_ref(g), &locate).map_err(in_file)?,
                });
            }
        }
    }

    let question_files = raw
        .question_files
        .as_deref()
        .map(|g| build_globs(g, &locate))
        .transpose()
        .map_err(in_file)?;

    let parse = parse_settings_of(&raw, &locate).map_err(in_file)?;

    let select_cfg = rules_raw
        .select
        .clone()
        .unwrap_or_else(|| vec!["ALL".into()]);
    let ignore_cfg = rules_raw.ignore.clone().unwrap_or_default();
    for sel in select_cfg.iter().chain(&ignore_cfg) {
        check(sel)?;
    }
    // Severities by code: built-in rules through their selectors, custom rules by `custom/<id>`.
    // Where two selectors reach a rule, the narrower one decides (`QA101` over `QA1`); two as
    // narrow (a code and its name) must agree.
    let mut severities: BTreeMap<String, SeverityLevel> = BTreeMap::new();
    let mut set_by: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (key, level) in rules_raw.severity.clone().unwrap_or_default() {
        if key.starts_with("custom/") {
            check(&key)?;
            severities.insert(key, level);
            continue;
        }
        let metas = rules::matching(&key);
        if metas.is_empty() {
            return Err(in_file(with_span(unknown_rule(&key), locate(&key))));
        }
        let reach = metas.len();
        for m in metas {
            let code = m.code.to_string();
            match set_by.get(&code) {
                Some((r, _)) if *r < reach => continue,
                Some((r, other)) if *r == reach && severities.get(&code) != Some(&level) => {
                    return Err(in_file(with_span(
                        ConfigError::plain(
                            format!(
                                "`{other}` and `{key}` in `rules.severity` give {code} two severities"
                            ),
                            Some("they name the same rule: keep one of the two".to_string()),
                        ),
                        locate(&key),
                    )));
                }
                _ => {}
            }
            set_by.insert(code.clone(), (reach, key.clone()));
            severities.insert(code, level);
        }
    }
    for sel in overrides.select.iter().flatten().chain(&overrides.ignore) {
        check_selector(sel)?;
    }
    let mut no_effect = Vec::new();
    if let Some(f) = file {
        let lines = crate::model::line_index::LineIndex::new(&f.text);
        let rules_written = f.raw.rules.clone().unwrap_or_default();
        let written = rules_written
            .ignore
            .iter()
            .flatten()
            .map(|s| ("rules.ignore", s))
            .chain(
                rules_written
                    .severity
                    .iter()
                    .flat_map(|m| m.keys())
                    .map(|s| ("rules.severity", s)),
            )
            .chain(
                f.raw
                    .per_file_ignores
                    .iter()
                    .flat_map(|m| m.values().flatten())
                    .map(|s| ("per-file-ignores", s)),
            );
        for (key, sel) in written {
            if let Some(why) = without_effect(sel, key) {
                no_effect.push(NoEffect {
                    selector: sel.clone(),
                    key,
                    at: locate(sel).map(|r| lines.position(&f.text, r.start)),
                    why,
                });
            }
        }
        let select_written = rules_written.select.unwrap_or_default();
        if overrides.select.is_none() && selects_only_system(&select_written) {
            for sel in &select_written {
                no_effect.push(NoEffect {
                    selector: sel.clone(),
                    key: "rules.select",
                    at: locate(sel).map(|r| lines.position(&f.text, r.start)),
                    why: ONLY_SYSTEM.to_string(),
                });
            }
        }
        no_effect.sort_by_key(|n| n.at);
    }
    let select = RuleSet::of_all(overrides.select.as_ref().unwrap_or(&select_cfg));
    let ignore = RuleSet::of_all(ignore_cfg.iter().chain(&overrides.ignore));

    // The configured level of a rule, or its default; `None` when it is turned off.
    let severity_of = |code: &str, default: Severity| match severities.get(code) {
        Some(level) => level.severity(),
        None => Some(default),
    };
    let enabled: Vec<(&rules::RegistryEntry, Severity)> = rules::REGISTRY
        .iter()
        .filter(|e| e.build.is_some() && select.has(e.meta) && !ignore.has(e.meta))
        .filter_map(|e| Some((e, severity_of(e.meta.code, e.meta.default_severity)?)))
        .collect();
    let options = RuleOptions::new(
        rules_raw.options.clone().unwrap_or_default(),
        enabled.iter().map(|(e, _)| e.meta),
    );
    let mut active = Vec::new();
    // Every rule reads its options, enabled or not, so a mistake in them is never silent.
    for entry in rules::REGISTRY {
        let Some(build) = entry.build else { continue };
        let rule = build(&options).map_err(|e| in_file(option_error(e, &locate)))?;
        if let Some((_, severity)) = enabled.iter().find(|(e, _)| std::ptr::eq(*e, entry)) {
            active.push(ActiveRule {
                rule,
                severity: *severity,
            });
        }
    }
    if let Some(key) = options.unread().into_iter().next() {
        let known = options.known();
        let by_code = rules::by_code_or_name(&key).filter(|m| m.code.eq_ignore_ascii_case(&key));
        let help = match closest(&key, known.iter().map(String::as_str)) {
            _ if by_code.is_some() => format!(
                "options are keyed by rule name: write `{}`",
                by_code.map_or("", |m| m.name)
            ),
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "rules with options: {}",
                list_codes(&known.iter().map(String::as_str).collect::<Vec<_>>())
            ),
        };
        return Err(in_file(ConfigError {
            path: None,
            text: None,
            span: locate(&key),
            message: format!("unknown key `{key}` in `rules.options`"),
            help: Some(help),
        }));
    }

    // Custom rules, compiled once.
    let mut ids: HashSet<&str> = HashSet::new();
    for c in &custom_raw {
        // Two rules under one id could not be told apart by `severity`, `ignore` or a comment.
        if !ids.insert(c.id.as_str()) {
            return Err(in_file(ConfigError {
                path: None,
                text: None,
                span: locate(&c.id),
                message: format!("two custom rules have the id `{}`", c.id),
                help: Some("give each custom rule its own `id`".to_string()),
            }));
        }
        let rule = crate::rules::custom::CustomRule::compile(c).map_err(|e| {
            in_file(ConfigError {
                path: None,
                text: None,
                span: locate(&c.id),
                message: e.message,
                help: e.help,
            })
        })?;
        let m = crate::rules::Rule::meta(&rule);
        if !select.has_custom(m.name())
            || ignore.has_custom(m.name())
            || crate::rules::custom::CustomRule::off(c)
        {
            continue;
        }
        let Some(severity) = severity_of(m.code(), m.default_severity()) else {
            continue;
        };
        active.push(ActiveRule {
            rule: Box::new(rule),
            severity,
        });
    }

    Ok(Profile {
        config_path: file.map(|f| f.path.clone()),
        per_file_ignores,
        question_files,
        root,
        include,
        exclude,
        parse_key: parse.key(),
        parse,
        rules: active,
        custom_ids,
        written_globs,
        options: rules_raw.options.clone().unwrap_or_default(),
        no_effect,
    })
}

/// The model's settings from a merged config: the convention (resolved already), the TOC
/// heading, the repository URL, math macros and renumbering options.
fn parse_settings_of(
    raw: &RawConfig,
    locate: &dyn Fn(&str) -> Option<Range<usize>>,
) -> Result<ParseSettings, ConfigError> {
    let list = raw.questions.clone().unwrap_or_default().0;
    let first = list.first().cloned().unwrap_or_default();
    let questions = resolve_questions(first.clone(), locate)?;
    // Further conventions number like the first unless they say otherwise.
    let more_questions = list
        .into_iter()
        .skip(1)
        .map(|q| {
            let numbering = first.numbering.clone().unwrap_or_default();
            resolve_questions(
                RawQuestions {
                    numbering: Some(numbering),
                    ..Default::default()
                }
                .merge(q),
                locate,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let toc = raw.toc.clone().unwrap_or_default();
    let toc_heading = compile(
        toc.heading
            .as_deref()
            .expect("rules/defaults.yml sets toc.heading"),
        "toc.heading",
        locate,
    )?;
    Ok(ParseSettings {
        questions,
        more_questions,
        toc_heading,
        toc_required: toc.required.unwrap_or(false),
        repository_url: raw
            .repository
            .as_ref()
            .and_then(|r| r.url.as_ref())
            .map(|u| u.trim_end_matches('/').to_string()),
        math_macros: raw
            .math
            .as_ref()
            .and_then(|m| m.macros.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.trim_start_matches('\\').to_string())
            .collect(),
        update_answer_links: raw
            .renumber
            .as_ref()
            .and_then(|r| r.update_answer_links)
            .unwrap_or(false),
    })
}

/// Only what the model needs from a config (defaults ← `file`), without building any rule: for
/// reading documents under a candidate convention (`init`'s detection).
pub fn parse_settings(file: Option<&ConfigFile>) -> Result<ParseSettings, ConfigError> {
    let defaults: RawConfig =
        serde_yaml::from_str(DEFAULTS_YAML).expect("embedded rules/defaults.yml is valid");
    let raw = match file {
        Some(f) => defaults.merge(f.raw.clone()),
        None => defaults,
    };
    let in_file = |e: ConfigError| match file {
        Some(f) => e.in_file(&f.path, &f.text),
        None => e,
    };
    let locate = |needle: &str| file.and_then(|f| find_token(&f.text, needle));
    parse_settings_of(&raw, &locate).map_err(in_file)
}

/// A rule's option error as a config error, pointing at the offending key when it can.
fn option_error(
    e: rules::OptionError,
    locate: &dyn Fn(&str) -> Option<Range<usize>>,
) -> ConfigError {
    let (message, help, token) = if e.help.is_some() {
        (e.message.clone(), e.help.clone(), e.token.clone())
    } else {
        let (m, h, t) = explain_serde_error(&format!("rules.options.{}: {}", e.rule, e.message));
        (m, h, t)
    };
    ConfigError {
        path: None,
        text: None,
        span: token
            .as_deref()
            .and_then(locate)
            .or_else(|| locate(&e.rule)),
        message,
        help,
    }
}

fn with_span(mut e: ConfigError, span: Option<Range<usize>>) -> ConfigError {
    if e.span.is_none() {
        e.span = span;
    }
    e
}

fn unknown_rule(sel: &str) -> ConfigError {
    let names = rules::REGISTRY
        .iter()
        .flat_map(|e| [e.meta.code, e.meta.name]);
    let help = match closest(sel, names) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "`qalint rules` lists every rule, as does README.md".to_string(),
    };
    ConfigError::plain(format!("unknown rule code or name `{sel}`"), Some(help))
}

/// A selector must name at least one rule (`ALL`, a code, a code prefix or a rule name).
pub fn check_selector(sel: &str) -> Result<(), ConfigError> {
    if rules::is_known(sel) {
        Ok(())
    } else {
        Err(unknown_rule(sel))
    }
}

/// `custom` and `custom/<id>` must name a custom rule the config defines (`ids`): a typo would
/// select, ignore or grade nothing, silently. Other selectors pass.
pub fn check_custom_selector(sel: &str, ids: &[String]) -> Result<(), ConfigError> {
    let sel = sel.trim();
    if sel == "custom" && ids.is_empty() {
        return Err(ConfigError::plain(
            "`custom` names no rule: no custom rules are defined".to_string(),
            Some(custom_rule_help("", ids)),
        ));
    }
    match sel.strip_prefix("custom/") {
        Some(id) if !ids.iter().any(|i| i == id) => Err(ConfigError::plain(
            if ids.is_empty() {
                format!("unknown custom rule `{sel}`: no custom rules are defined")
            } else {
                format!("unknown custom rule `{sel}`")
            },
            Some(custom_rule_help(id, ids)),
        )),
        _ => Ok(()),
    }
}

/// The help for a custom id that is not defined: the closest defined one, or the list.
pub fn custom_rule_help(id: &str, ids: &[String]) -> String {
    match closest(id, ids.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `custom/{best}`?"),
        None if ids.is_empty() => {
            "custom rules are written under `rules.custom` or in a `custom-rules` directory"
                .to_string()
        }
        None => format!(
            "the custom rules are {}",
            ids.iter()
                .map(|i| format!("`custom/{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn resolve_questions(
    q: RawQuestions,
    locate: &dyn Fn(&str) -> Option<Range<usize>>,
) -> Result<QuestionSettings, ConfigError> {
    let preset_name = q.preset.clone().unwrap_or_else(|| "q-colon".to_string());
    let preset_yaml = PRESETS
        .iter()
        .find(|(n, _)| *n == preset_name)
        .map(|(_, y)| *y)
        .ok_or_else(|| {
            let names = PRESETS.iter().map(|(n, _)| *n);
            let help = match closest(&preset_name, names) {
                Some(b) => format!("did you mean `{b}`?"),
                None => format!(
                    "available presets: {}",
                    list_codes(&PRESETS.iter().map(|(n, _)| *n).collect::<Vec<_>>())
                ),
            };
            with_span(
                ConfigError::plain(format!("unknown preset `{preset_name}`"), Some(help)),
                locate(&preset_name),
            )
        })?;
    let preset: Preset = serde_yaml::from_str(preset_yaml).expect("embedded preset is valid");

    let kind = q.kind.unwrap_or(preset.kind);
    let pattern_src = q.pattern.clone().unwrap_or(preset.pattern);
    let pattern = compile(&pattern_src, "pattern", locate)?;
    if !pattern.capture_names().any(|n| n == Some("title")) {
        return Err(with_span(
            ConfigError::plain(
                "the question pattern has no `title` group".to_string(),
                Some("name the group that captures the title: `(?P<title>...)`".to_string()),
            ),
            locate(&pattern_src),
        ));
    }
    // The preset's near-miss pattern stays with a custom `pattern`; `near-miss: ''` turns it off.
    let near_miss_src = q.near_miss.or(preset.near_miss);
    let near_miss = near_miss_src
        .filter(|s| !s.is_empty())
        .map(|s| compile(&s, "near-miss", locate))
        .transpose()?;
    let canonical = q.canonical.or(preset.canonical);
    if let Some(c) = &canonical {
        check_canonical(c).map_err(|e| with_span(e, locate(c)))?;
    }
    let levels_forced = q.level.is_some();
    let levels = q
        .level
        .or(preset.level)
        .map(|l| l.to_vec())
        .unwrap_or_default();
    if let Some(bad) = levels.iter().find(|l| !(1..=6).contains(*l)) {
        return Err(with_span(
            ConfigError::plain(
                format!("heading level {bad} is out of range"),
                Some("a heading level is 1 to 6".into()),
            ),
            locate("level"),
        ));
    }
    let numbering = q.numbering.unwrap_or_default();
    Ok(QuestionSettings {
        levels_forced,
        preset: Some(preset_name),
        kind,
        pattern,
        levels,
        near_miss,
        canonical,
        start: numbering.start.unwrap_or(1),
        scope: numbering.scope.unwrap_or(NumberingScope::Auto),
    })
}

/// The placeholders `questions.canonical` knows.
const CANONICAL_PLACEHOLDERS: &[&str] = &["number", "title"];

/// `questions.canonical` names only known placeholders (a typo would be written into headings).
/// Either may be left out (`Question {number}` for number-only headings): QA001's fix then leaves
/// a heading alone rather than drop its title or number.
fn check_canonical(canonical: &str) -> Result<(), ConfigError> {
    for name in placeholders(canonical) {
        if !CANONICAL_PLACEHOLDERS.contains(&name) {
            let help = match closest(name, CANONICAL_PLACEHOLDERS.iter().copied()) {
                Some(b) => format!("did you mean `{{{b}}}`?"),
                None => "`canonical` knows `{number}` and `{title}`".to_string(),
            };
            return Err(ConfigError::plain(
                format!("unknown placeholder `{{{name}}}` in `questions.canonical`"),
                Some(help),
            ));
        }
    }
    Ok(())
}

/// The names of a template's `{name}` placeholders (letters, digits, `_`, `-`); other braces are
/// literal text.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| {
        let name = &rest[..rest.find('}')?];
        (!name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
        .then_some(name)
    })
}

fn compile(
    src: &str,
    key: &str,
    locate: &dyn Fn(&str) -> Option<Range<usize>>,
) -> Result<Regex, ConfigError> {
    Regex::new(src).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim().to_string();
        with_span(
            ConfigError::plain(
                format!("invalid regular expression in `{key}`: {last}"),
                Some("patterns use Rust `regex` syntax; named groups are `(?P<name>...)`".into()),
            ),
            locate(src),
        )
    })
}

/// The globs a config glob stands for, read as `.gitignore` reads its forms: a leading `./`
/// or `/` is the config's folder (`./drafts/**`, `/drafts/**` are `drafts/**`), and a glob
/// that matches a folder matches everything under it too (`drafts`, `drafts/` add
/// `drafts/**`).
fn glob_forms(written: &str) -> Vec<String> {
    let mut g = written;
    while let Some(rest) = g.strip_prefix("./").or_else(|| g.strip_prefix('/')) {
        g = rest;
    }
    let g = g.trim_end_matches('/');
    if g.is_empty() || g == "." {
        return vec!["**".to_string()];
    }
    if g == "**" || g.ends_with("/**") {
        vec![g.to_string()]
    } else {
        vec![g.to_string(), format!("{g}/**")]
    }
}

fn build_globs(
    globs: &[String],
    locate: &dyn Fn(&str) -> Option<Range<usize>>,
) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        for form in glob_forms(g) {
            let glob = Glob::new(&form).map_err(|e| {
                with_span(
                    ConfigError::plain(format!("invalid glob `{g}`: {}", e.kind()), None),
                    locate(g),
                )
            })?;
            b.add(glob);
        }
    }
    b.build()
        .map_err(|e| ConfigError::plain(format!("invalid globs: {e}"), None))
}

/// Byte span of the first occurrence of `needle` as a YAML token in `text`.
fn find_token(text: &str, needle: &str) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    // Prefer the quoted or bare occurrence that is a whole token.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before_ok = start == 0 || !is_word(bytes[start - 1]);
        let after_ok = end >= bytes.len() || !is_word(bytes[end]);
        if before_ok && after_ok {
            return Some(start..end);
        }
        from = end;
    }
    None
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_presets_parse() {
        let p = resolve(None, &Overrides::default(), Path::new(".")).unwrap();
        assert_eq!(p.parse.questions.levels, vec![2]);
        for (name, _) in PRESETS {
            let raw = RawConfig {
                questions: Some(RawQuestionList(vec![RawQuestions {
                    preset: Some(name.to_string()),
                    ..Default::default()
                }])),
                ..Default::default()
            };
            let f = ConfigFile {
                path: PathBuf::from("x.yml"),
                text: Arc::from(""),
                raw,
            };
            resolve(Some(&f), &Overrides::default(), Path::new(".")).unwrap();
        }
    }

    #[test]
    fn a_list_of_conventions_gives_series_numbered_like_the_first() {
        let text = "questions:\n  - preset: number-dot\n    numbering: {start: 0, scope: section}\n  - preset: quiz\n    level: 2\n";
        let f = ConfigFile {
            path: PathBuf::from("x.yml"),
            text: Arc::from(text),
            raw: parse_yaml(text).unwrap(),
        };
        let p = resolve(Some(&f), &Overrides::default(), Path::new(".")).unwrap();
        assert_eq!(p.parse.questions.preset.as_deref(), Some("number-dot"));
        assert_eq!(p.parse.series_count(), 2);
        let second = p.parse.series(1);
        assert_eq!(second.preset.as_deref(), Some("quiz"));
        assert_eq!(second.levels, vec![2]);
        assert!(second.levels_forced);
        assert_eq!(second.start, 0);
        assert_eq!(second.scope, NumberingScope::Section);
    }

    #[test]
    fn unknown_key_suggests_closest() {
        let e = parse_yaml("questions:\n  numbring:\n    start: 0\n").unwrap_err();
        assert_eq!(e.message, "unknown key `numbring` in `questions`");
        assert_eq!(e.help.as_deref(), Some("did you mean `numbering`?"));
        assert_eq!(e.span, Some(13..21));
    }
}
