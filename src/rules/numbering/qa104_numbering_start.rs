//! `QA104 numbering-start`: The first question does not carry the start number.
//!
//! **What it does.** Reports the first numbered question of a scope when its number is not
//! `questions.numbering.start` (1 by default).
//!
//! **Why.** A collection that starts at `Q2` lost its first question, or counts from 0 without
//! saying so in its config.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q2: What is a list?
//!
//! ## Q3: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Options.** None. The start is `questions.numbering.start` (default `1`, in
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope from `start`, updating links and TOC entries in the same
//! write.

use super::sequence::SequenceRule;
use crate::base::diagnostic::{Family, Severity};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA104",
    name: "numbering-start",
    family: Family::Numbering,
    summary: "The first question does not carry the start number",
    default_severity: Severity::Error,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(SequenceRule(&META)))
}
