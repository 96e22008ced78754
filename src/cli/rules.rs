//! `qalint rules` (the rule table) and `qalint rule CODE` (one rule's documentation).

use std::io::{IsTerminal, Write};

use clap::Args;

use super::ExitStatus;
use crate::output::docs;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// How `qalint rules` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    /// An aligned table.
    Human,
    /// An array of `{code, name, default_severity, fixable, summary}`.
    Json,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's code (`QA101`) or name (`numbering-gap`).
    #[arg(value_name = "CODE_OR_NAME")]
    pub rule: String,
}

/// `qalint rules`.
pub fn list(args: RulesArgs) -> ExitStatus {
    let text = match args.format {
        RulesFormat::Human => docs::rules_table(),
        RulesFormat::Json => docs::rules_json(),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitStatus::Clean
}

/// `qalint rule CODE_OR_NAME`.
pub fn doc(args: RuleArgs) -> ExitStatus {
    let Some(doc) = docs::find(&args.rule) else {
        let hint = docs::suggest(&args.rule)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        eprintln!(
            "error: unknown rule `{}`{hint} (`qalint rules` lists them)",
            args.rule.trim()
        );
        return ExitStatus::Error;
    };
    let stdout = std::io::stdout();
    let text = if stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        docs::style_for_terminal(&doc.markdown)
    } else {
        doc.markdown
    };
    let _ = stdout.lock().write_all(text.as_bytes());
    ExitStatus::Clean
}
