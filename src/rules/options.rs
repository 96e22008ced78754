//! Per-rule options: `rules: {options: {<rule-name>: {...}}}` is kept as YAML per rule name, and
//! each rule deserialises its own (with its defaults from `rules/<CODE>.yml`) when it is built.
//! Giving a rule an option touches that rule's file alone.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;

use crate::base::diagnostic::RuleMeta;

/// The options of every rule, as written, and which rules the profile enables.
#[derive(Debug, Default)]
pub struct RuleOptions {
    raw: BTreeMap<String, serde_yaml::Value>,
    /// Codes of the rules the profile runs (for rules that defer to another one).
    enabled: BTreeSet<&'static str>,
    /// The keys some rule read, to report the others.
    read: RefCell<BTreeSet<String>>,
}

/// A rule's options that do not fit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    /// The rule name the options are written under (`title-style`).
    pub rule: String,
    /// What is wrong: a serde message (`unknown field `x`, expected ...`) or a sentence.
    pub message: String,
    pub help: Option<String>,
    /// The key or value to point at in the config file, when known.
    pub token: Option<String>,
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rules.options.{}: {}", self.rule, self.message)
    }
}

impl std::error::Error for OptionError {}

impl RuleOptions {
    /// Options as written (`rule name → YAML`), for a profile that runs the rules `enabled`.
    pub fn new(
        raw: BTreeMap<String, serde_yaml::Value>,
        enabled: impl IntoIterator<Item = &'static RuleMeta>,
    ) -> Self {
        RuleOptions {
            raw,
            enabled: enabled.into_iter().map(|m| m.code).collect(),
            read: RefCell::default(),
        }
    }

    /// The options written under `rule` (a rule name), if any; the rule fills in its defaults.
    pub fn get<T: DeserializeOwned>(&self, rule: &str) -> Result<Option<T>, OptionError> {
        self.read.borrow_mut().insert(rule.to_string());
        match self.raw.get(rule) {
            None | Some(serde_yaml::Value::Null) => Ok(None),
            Some(v) => serde_yaml::from_value::<T>(v.clone())
                .map(Some)
                .map_err(|e| OptionError {
                    rule: rule.to_string(),
                    message: e.to_string(),
                    help: None,
                    token: None,
                }),
        }
    }

    /// Whether the profile runs `meta`.
    pub fn enabled(&self, meta: &RuleMeta) -> bool {
        self.enabled.contains(meta.code)
    }

    /// Option keys no rule read: a misspelt rule name, or a rule without options.
    pub fn unread(&self) -> Vec<String> {
        let read = self.read.borrow();
        self.raw
            .keys()
            .filter(|k| !read.contains(*k))
            .cloned()
            .collect()
    }

    /// The rule names some rule read options for (for did-you-mean).
    pub fn known(&self) -> Vec<String> {
        self.read.borrow().iter().cloned().collect()
    }
}
