//! Parse and lint arbitrary text with every rule selected: nothing may panic.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use qalint::engine::check_document;
use qalint::model::document::Document;

#[path = "common.rs"]
mod common;
use common::profile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse("fuzz.md".into(), Arc::from(text), &profile().parse);
    let _ = check_document(&doc, profile());
});
