//! `QA901 fix-not-converged`: fixes did not settle within the pass limit; the file was
//! not written.
//!
//! **What it does.** Reported by the fix engine under `--fix` or `--diff`: fixes are applied in
//! passes (the file is re-parsed and re-linted after each one), and a file that still changes after
//! 10 passes gets this finding and is left as it was.
//!
//! **Why.** Fixes that keep undoing or extending each other would write a file nobody reviewed into
//! a state no rule agrees with; leaving it alone is the safe choice. It is a bug in qalint: please
//! report it with the file.
//!
//! **Example that fires:**
//! ```text
//! two fixes that rewrite the same text back and forth, pass after pass
//! ```
//!
//! **Example that does not fire:**
//! ```text
//! any file whose fixes settle: the usual case
//! ```
//!
//! **Options.** None; the limit (10 passes) is fixed.
//!
//! **Fix.** None: apply the remaining fixes by hand, or select fewer rules with `--select`.

use crate::base::diagnostic::{Family, RuleMeta, Severity};

/// Reported by the engine, not by a check.
pub static META: RuleMeta = RuleMeta {
    code: "QA901",
    name: "fix-not-converged",
    family: Family::System,
    summary: "Fixes did not converge within the pass limit; the file was not written",
    default_severity: Severity::Error,
};
