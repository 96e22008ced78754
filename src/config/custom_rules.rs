//! `custom-rules: DIR`: the YAML files of custom rules in a directory, read in name order.

use std::path::Path;

use crate::base::paths::describe_io;
use crate::config::ConfigError;
use crate::rules::custom::RawCustomRule;

/// by file name.
pub fn load_dir(dir: &Path) -> Result<Vec<RawCustomRule>, ConfigError> {
    let plain = |m: String| ConfigError {
        path: Some(dir.to_path_buf()),
        text: None,
        span: None,
        message: m,
        help: None,
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| {
            plain(format!(
                "cannot read custom rules directory `{}`: {}",
                dir.display(),
                describe_io(&e)
            ))
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| {
            plain(format!(
                "cannot read `{}`: {}",
                f.display(),
                describe_io(&e)
            ))
        })?;
        let parsed: Result<Vec<RawCustomRule>, _> = serde_yaml::from_str(&text)
            .or_else(|_| serde_yaml::from_str::<RawCustomRule>(&text).map(|r| vec![r]));
        let rules = parsed.map_err(|e| ConfigError {
            path: Some(f.clone()),
            text: Some(std::sync::Arc::from(text.as_str())),
            span: e.location().map(|l| l.index()..l.index()),
            message: format!(
                "invalid custom rule: {}",
                e.to_string().split(" at line ").next().unwrap_or("")
            ),
            help: Some(
                "each file holds a list of rules with `id`, `message` and `pattern` or `phrases`"
                    .into(),
            ),
        })?;
        out.extend(rules);
    }
    Ok(out)
}
