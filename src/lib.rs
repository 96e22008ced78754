//! qalint: a linter for Q&A markdown collections.
//!
//! The source is layered; each layer uses only the layers listed before it (`tests/architecture.rs`
//! keeps it so, and `CONTRIBUTING.md` draws the tree):
//!
//! 0. [`base`]: findings, fixes, rule metadata, small text helpers.
//! 1. [`model`]: one file parsed once, and its questions, links, math and TOC.
//! 2. [`rules`]: the checks, one file each, and their registry.
//! 3. [`config`]: `.qalint.yml`, presets, resolution into a profile.
//! 4. [`engine`]: walk, per-file and repository passes, suppressions, fixing, writing.
//! 5. [`output`] (report formats, rule docs) and [`detect`] (convention detection).
//! 6. [`cli`]: commands; the only layer that prints or exits.

pub mod base;
pub mod cli;
pub mod config;
pub mod detect;
pub mod engine;
pub mod model;
pub mod output;
pub mod rules;
