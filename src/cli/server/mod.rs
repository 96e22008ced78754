//! `qalint server`: the Language Server Protocol over stdio, so that editors show findings as
//! they are typed, offer their fixes, and renumber across files.
//!
//! One thread runs the loop below over an `lsp-server` connection; the engine does the linting
//! (`engine::session` for the per-file and repository passes, the fix loop, renumbering), so the
//! editor sees what `qalint check` would report for the text in its buffers. The state (open
//! documents, every file's summary, the configs) is in [`state`]; code actions and the renumber
//! command in [`actions`]; hover in [`hover`]; protocol conversions in [`convert`]; the stdio
//! framing, which answers malformed messages instead of stopping, in [`transport`].
//!
//! Edits are coalesced: notifications are applied as they come, and documents are linted and
//! their diagnostics published when no message is waiting (or before a request is answered).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use clap::Args;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};

use super::ExitStatus;
use crate::config::Profile;
use crate::engine::session::panic_message;

mod actions;
mod convert;
mod hover;
mod state;
pub mod transport;

pub use state::{COMMAND_RENUMBER, FIX_ALL};

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Accepted for editors that pass it: standard input and output are the transport.
    #[arg(long)]
    pub stdio: bool,
}

/// A change made to every profile the server resolves.
pub type ProfileHook = Arc<dyn Fn(&mut Profile) + Send + Sync>;

/// What the server may do besides serving (for tests).
#[derive(Clone, Default)]
pub struct Options {
    /// Make the first workspace folder the working directory, so that messages name files
    /// relative to it (`qalint server` does; tests, which share one process, do not).
    pub chdir: bool,
    /// Called on every profile the server resolves (tests add a rule that panics).
    pub profile_hook: Option<ProfileHook>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("chdir", &self.chdir)
            .finish()
    }
}

/// `qalint server`: serve on stdio until the client says `exit`.
pub fn run(_args: ServerArgs) -> ExitStatus {
    let (connection, io) = transport::stdio();
    let clean = serve(
        &connection,
        Options {
            chdir: true,
            ..Options::default()
        },
    );
    drop(connection);
    io.join();
    if clean {
        ExitStatus::Clean
    } else {
        ExitStatus::Error
    }
}

/// Where the session is in the protocol's life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

/// Serve `connection` until `exit` (or the client goes away). Returns whether the session
/// ended as the protocol asks: `shutdown`, then `exit`.
pub fn serve(connection: &Connection, options: Options) -> bool {
    let mut server = state::Server::new(connection.sender.clone(), options);
    let mut phase = Phase::Uninitialized;
    loop {
        let Ok(msg) = connection.receiver.recv() else {
            return false;
        };
        match msg {
            Message::Request(req) => match phase {
                Phase::Uninitialized if req.method == "initialize" => {
                    if server.initialize(req) {
                        phase = Phase::Running;
                    }
                }
                Phase::Uninitialized => server.reply(Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".to_string(),
                )),
                Phase::ShutDown => server.reply(Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shut down".to_string(),
                )),
                Phase::Running if req.method == "shutdown" => {
                    phase = Phase::ShutDown;
                    server.reply(Response::new_ok(req.id, ()));
                }
                Phase::Running => request(&mut server, req),
            },
            Message::Notification(n) if n.method == "exit" => {
                return phase == Phase::ShutDown;
            }
            Message::Notification(n) => {
                if phase == Phase::Running {
                    notification(&mut server, n);
                }
            }
            Message::Response(r) => server.response(r),
        }
        if phase == Phase::Running && connection.receiver.is_empty() {
            guarded(&mut server, "publishing diagnostics", |s| s.flush());
        }
    }
}

/// Run `f`; a panic is logged, not the end of the session.
fn guarded(server: &mut state::Server, what: &str, f: impl FnOnce(&mut state::Server)) -> bool {
    match catch_unwind(AssertUnwindSafe(|| f(server))) {
        Ok(()) => true,
        Err(payload) => {
            server.log_error(&format!(
                "qalint crashed while {what}: {}",
                panic_message(&*payload)
            ));
            false
        }
    }
}

fn request(server: &mut state::Server, req: Request) {
    let id = req.id.clone();
    let method = req.method.clone();
    let result = catch_unwind(AssertUnwindSafe(|| {
        server.flush();
        server.request(req)
    }));
    let response = match result {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
        Err(payload) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("qalint crashed on `{method}`: {}", panic_message(&*payload)),
        ),
    };
    server.reply(response);
}

fn notification(server: &mut state::Server, n: Notification) {
    let what = format!("handling `{}`", n.method);
    guarded(server, &what, |s| s.notification(n));
}
