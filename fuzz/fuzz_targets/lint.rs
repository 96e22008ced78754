//! Parse and lint arbitrary text with every rule selected: nothing may panic.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use qalint::config::{Overrides, Profile, resolve};
use qalint::document::Document;
use qalint::engine::check_document;

fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let all = Overrides {
            select: Some(vec!["ALL".into()]),
            ignore: Vec::new(),
        };
        resolve(None, &all, Path::new(".")).expect("defaults resolve")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse("fuzz.md".into(), Arc::from(text), profile());
    let _ = check_document(&doc, profile());
});
