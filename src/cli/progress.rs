//! The progress bar of `qalint check` and `qalint stats`: the engine's [`Progress`] drawn with
//! indicatif on stderr.

use std::io::IsTerminal;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::Progress;

/// An indicatif bar, hidden until the run has lasted a second.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
    }

    fn tick(&self) {
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// A progress bar on stderr, shown only when stderr is a terminal, the format is for people,
/// and the run lasts more than a second.
pub fn bar(for_people: bool) -> Option<Arc<dyn Progress>> {
    bar_doing(for_people, "linting")
}

/// [`bar`], saying what is done to the files (`linting`, `counting`).
pub fn bar_doing(for_people: bool, doing: &str) -> Option<Arc<dyn Progress>> {
    if !for_people || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    pb.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {doing} {{pos}}/{{len}} files {{wide_bar}} {{elapsed}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let shown = pb.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !shown.is_finished() {
            shown.set_draw_target(ProgressDrawTarget::stderr());
        }
    });
    Some(Arc::new(Bar(pb)))
}
