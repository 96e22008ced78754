//! `QA102 numbering-duplicate`: A question number is used twice.
//!
//! **What it does.** Reports a question whose number an earlier question in the same scope
//! already carries, and labels both.
//!
//! **Why.** Two PRs that each add "the next question" collide on one number; links and citations
//! by number become ambiguous.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! ## Q2: What is a set?
//!
//! ## Q2: What is a map?
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
//! **Fix.** Safe: renumber the scope in document order (`Q1 Q2 Q2` becomes `Q1 Q2 Q3`), updating
//! links and TOC entries in the same write.

use super::sequence::SequenceRule;
use crate::base::diagnostic::{Family, Severity};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA102",
    name: "numbering-duplicate",
    family: Family::Numbering,
    summary: "A question number is used twice",
    default_severity: Severity::Error,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(SequenceRule(&META)))
}
