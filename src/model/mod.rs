//! Layer 1, the model: one markdown file parsed once, and everything derived from it (headings
//! and questions, numbering sequences, formulas, links, anchors, tables of contents, stub
//! sentences, summaries for the repository pass). Uses only `base`.

pub mod anchors;
pub mod document;
pub mod line_index;
pub mod links;
pub mod math;
pub mod numbering;
pub mod relink;
pub mod renumber;
pub(crate) mod scan;
pub mod settings;
pub mod skeleton;
pub mod stubs;
pub mod subjects;
pub mod summary;
pub mod titles;
pub mod toc;

/// The parser options every document is read with (the floor `examples/parse_floor` uses them).
pub use scan::parser_options;
