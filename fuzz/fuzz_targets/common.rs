//! What the fuzz targets share: the profile with every rule selected, resolved once.

use std::path::Path;
use std::sync::OnceLock;

use qalint::config::{Overrides, Profile, resolve};

pub fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let all = Overrides {
            select: Some(vec!["ALL".into()]),
            ignore: Vec::new(),
        };
        resolve(None, &all, Path::new(".")).expect("defaults resolve")
    })
}
