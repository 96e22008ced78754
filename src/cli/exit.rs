//! The exit status every command returns; [`super::main`] turns it into the process exit code.

use crate::engine::Outcome;

/// How a command ended, as documented in the README ("Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// No finding of error severity (warnings and infos allowed); nothing to do.
    Clean = 0,
    /// At least one finding of error severity; with `--diff` or `renumber --check`, something
    /// would change.
    Findings = 1,
    /// A usage, config or I/O error, including a file that cannot be read or is not UTF-8
    /// (`QA900`).
    Error = 2,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The status of a run, from the engine's code ([`Outcome::exit_code`]).
    pub fn of(outcome: &Outcome) -> Self {
        Self::from_engine(outcome.exit_code())
    }

    /// A code from the engine (0, 1 or 2) as a status; anything else is an error.
    pub fn from_engine(code: i32) -> Self {
        match code {
            0 => ExitStatus::Clean,
            1 => ExitStatus::Findings,
            _ => ExitStatus::Error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        assert_eq!(ExitStatus::Clean.code(), 0);
        assert_eq!(ExitStatus::Findings.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
        for c in 0..=2 {
            assert_eq!(ExitStatus::from_engine(c).code(), c);
        }
    }
}
