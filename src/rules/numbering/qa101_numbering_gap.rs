//! `QA101 numbering-gap`: A question number is skipped.
//!
//! **What it does.** Reports a question whose number jumps past numbers that no question in the
//! same scope carries (`Q4` then `Q6`, with no `Q5` anywhere).
//!
//! **Why.** A skipped number usually means a question was deleted or lost in a merge, and readers
//! citing "question 5" find nothing.
//!
//! One break gives one finding: after `Q4, Q6, Q7` only `Q6` is reported. A jump over numbers that
//! are used elsewhere in the scope is an ordering problem (QA103), not a gap. A repeated or lower
//! number standing where the missing one belongs (`8`, `1`, `10`: `1` written for `9`) is one
//! slip, reported once by QA102 or QA103, not as a gap too.
//!
//! Numbers that name the questions rather than count them are no sequence: sparse numbers (at
//! least three, increasing, fewer than half of the steps `+1`, spanning more than three times
//! their count: LeetCode's `1. Two Sum`, `15. 3Sum`, `56. Merge Intervals`), and a file's one
//! question numbered as the file is named (`# 146. LRU Cache` in `0146.md`). No numbering rule
//! (QA101–QA104) reads them and renumbering leaves them alone; `init` says so.
//!
//! A number too large to read (over 10^15: `Q99999999999999999999`, a slip of the keyboard) is
//! a jump out of any sequence: it is reported here once, with no fix, and the question is left
//! out of the numbering. Renumbering leaves the sequences of its series alone until the number
//! is written by hand, rather than renumber the questions around it into a wrong sequence.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
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
//! **Options.** None. Numbering follows `questions.numbering` (`start: 1`, `scope: auto`; see
//! `rules/defaults.yml`).
//!
//! **Fix.** Safe: renumber the scope to `start, start+1, ...` in document order, updating links
//! to the renamed anchors and TOC entries in the same write (also `qalint renumber`). None for
//! a number too large to read, nor for the gaps of its series. Unsafe when a missing number is
//! written on a heading between the two questions, at their level, that the convention does
//! not read (`### 3 What is C?` between `### 2.` and `### 4.`): renumbering would give two
//! headings that number. `check --fix` then leaves the numbers alone; `--unsafe-fixes`, and
//! `qalint renumber` (renumbering asked for), renumber.

use super::sequence::SequenceRule;
use crate::base::diagnostic::{Family, Severity};
use crate::rules::{OptionError, Rule, RuleMeta, RuleOptions};

pub static META: RuleMeta = RuleMeta {
    code: "QA101",
    name: "numbering-gap",
    family: Family::Numbering,
    summary: "A question number is skipped",
    default_severity: Severity::Error,
};

pub fn build(_: &RuleOptions) -> Result<Box<dyn Rule>, OptionError> {
    Ok(Box::new(SequenceRule(&META)))
}
