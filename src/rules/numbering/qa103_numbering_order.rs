//! `QA103 numbering-order`: A question number is lower than the one before it.
//!
//! **What it does.** Reports a question whose number is lower than its predecessor's (and is not
//! a duplicate): `Q5` followed by `Q3`.
//!
//! **Why.** Out-of-order numbers mean a block was moved or pasted in the wrong place.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q3: What is a map?
//!
//! ## Q2: What is a set?
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//!
//! ## Q3: What is a map?
//! ```
//!
//! **Options.** None. Numbering follows `questions.numbering` (`start: 1`, `scope: auto`; see
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope in document order (the questions stay where they are),
//! updating links and TOC entries in the same write.

use super::sequence::SequenceRule;
use crate::base::diagnostic::{Family, Severity};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA103",
    name: "numbering-order",
    family: Family::Numbering,
    summary: "A question number is lower than the one before it",
    default_severity: Severity::Error,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(SequenceRule(&META)))
}
