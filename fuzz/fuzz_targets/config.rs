//! Parse arbitrary text as a `.qalint.yml` and resolve it: errors are fine, panics are not.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qalint::config::{ConfigFile, resolve};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz/.qalint.yml");
    if let Ok(file) = ConfigFile::parse(path, text) {
        let _ = resolve(Some(&file), &Default::default(), Path::new("."));
    }
});
