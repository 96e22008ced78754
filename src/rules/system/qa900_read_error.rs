//! `QA900 read-error`: a file could not be read or is not UTF-8.
//!
//! **What it does.** Reported by the engine, not by a check: a linted file that cannot be read
//! (permissions, removed during the run) or whose bytes are not UTF-8 gets one finding at its start,
//! with the cause, and the run exits with 2. The other files are still linted and reported.
//!
//! **Why.** A file qalint cannot read is a file nothing checks; staying silent would pass it as clean.
//!
//! **Example that fires:**
//! ```text
//! notes.md saved as Latin-1: the bytes of "café" end in 0xE9, which is not UTF-8
//! ```
//!
//! **Example that does not fire:**
//! ```text
//! the same file saved as UTF-8 (a UTF-8 BOM is fine too)
//! ```
//!
//! **Options.** None.
//!
//! **Fix.** None: convert the file to UTF-8 or fix its permissions.

use crate::base::diagnostic::{Family, RuleMeta, Severity};

/// Reported by the engine, not by a check.
pub static META: RuleMeta = RuleMeta {
    code: "QA900",
    name: "read-error",
    family: Family::System,
    summary: "A file could not be read or is not UTF-8",
    default_severity: Severity::Error,
};
