//! `QA902 unused-suppression`: A suppression comment suppresses nothing, or names what does not
//! exist.
//!
//! **What it does.** Reported by the engine after every other rule (the repository pass
//! included) has run and the suppression comments have been applied (see `src/engine/suppress.rs` and
//! README.md, "Suppressions"). It reports, at the comment:
//!
//! - a rule named in `qalint-disable`, `qalint-disable-next-line` or `qalint-disable-file` that
//!   suppressed no finding on the lines the comment covers (one finding per rule, so a stale rule
//!   in a list is reported alone), and a directive without rules that suppressed nothing;
//! - a `qalint-enable` (or a rule in it) with no open `qalint-disable` to end;
//! - an unknown rule code or name, with the closest one, and an unknown `qalint-` keyword.
//!
//! **Why.** Suppressions outlive the problem they hid: once the gap is closed, a forgotten
//! `qalint-disable-next-line QA101` would hide the next real gap on that line. Reporting them keeps
//! suppressions from piling up, and a typo (`QA1O1`) would otherwise suppress nothing silently.
//!
//! A rule that is not enabled in the run (`--select QA1` while the comment names QA003, `ignore`,
//! severity `off`) is never reported as unused: nothing is known about its findings. A directive
//! for every rule is judged only when every rule is enabled. A finding hidden by
//! `per-file-ignores` does not use a directive. QA902 is always on, like QA900 and QA901; a
//! file can turn it off with `<!-- qalint-disable-file QA902 -->`, and `per-file-ignores` can
//! list it.
//!
//! **Example that fires:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection.
//!
//! <!-- qalint-disable-next-line QA1O1 -->
//! ## Q2: What is a set?
//!
//! A collection without order.
//! <!-- qalint-enable -->
//! ```
//!
//! **Example that does not fire:**
//! ```markdown
//! ## Q1: What is a list?
//!
//! An ordered collection.
//!
//! <!-- qalint-disable-next-line QA101 -->
//! ## Q3: What is a set?
//!
//! A collection without order.
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: remove the comment or the rule from it.

use crate::base::diagnostic::{Family, RuleMeta, Severity};

/// Reported by the engine (`src/engine/suppress.rs` owns the suppression logic and these
/// findings).
pub static META: RuleMeta = RuleMeta {
    code: "QA902",
    name: "unused-suppression",
    family: Family::System,
    summary: "A suppression comment suppresses nothing, or names an unknown rule",
    default_severity: Severity::Warning,
};
