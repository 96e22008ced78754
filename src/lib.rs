//! qalint: a linter for Q&A markdown collections.
//!
//! The pipeline (see `CONTRIBUTING.md`): [`config`] → [`walk`] → per file, in parallel:
//! read → [`document::Document::parse`] once → every [`rules::Rule`] → repository pass →
//! sort → [`render`].

pub mod anchors;
pub mod cli;
pub mod config;
pub mod custom;
pub mod diagnostic;
pub mod docs;
pub mod document;
pub mod engine;
pub mod fix;
pub mod init;
pub mod line_index;
pub mod links;
pub mod math;
pub mod numbering;
pub mod render;
pub mod renumber;
pub mod rules;
pub mod similarity;
pub mod stubs;
pub mod suppress;
pub mod toc;
pub mod walk;
pub mod write;
