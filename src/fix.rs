//! The fix engine: applying rule-provided byte edits, pass after pass, until the file converges.
