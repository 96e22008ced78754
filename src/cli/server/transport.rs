//! The stdio transport: `Content-Length` framed JSON-RPC on standard input and output.
//!
//! `lsp-server`'s own stdio reader stops at the first malformed message, which would end the
//! session; this one answers it instead (a parse error, or an invalid request with the id when
//! it can be read) and goes on with the next frame.

use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{Value, json};

/// One frame read from the input.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// Not a message: the error response to send back (JSON-RPC, with `id` null when the id
    /// could not be read).
    Malformed(Value),
}

/// Read the next frame; `Ok(None)` at the end of the input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    let mut any_header = false;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if any_header {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        any_header = true;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("Content-Length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("invalid Content-Length `{}`", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(why)) => {
            return Ok(Some(Frame::Malformed(error(
                None,
                ErrorCode::ParseError,
                &why,
            ))));
        }
        None => {
            return Ok(Some(Frame::Malformed(error(
                None,
                ErrorCode::ParseError,
                "a message without a Content-Length header",
            ))));
        }
    };
    // A frame larger than this is not an editor's document (the most qalint reads is 4 GiB).
    if u32::try_from(length).is_err() {
        return Ok(Some(Frame::Malformed(error(
            None,
            ErrorCode::ParseError,
            "Content-Length is too large",
        ))));
    }
    let mut body = vec![0; length];
    if let Err(e) = input.read_exact(&mut body) {
        return if e.kind() == io::ErrorKind::UnexpectedEof {
            Ok(None)
        } else {
            Err(e)
        };
    }
    Ok(Some(parse(&body)))
}

/// A frame's body as a message, or the error that answers it.
pub fn parse(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Frame::Malformed(error(
                None,
                ErrorCode::ParseError,
                &format!("the message is not JSON: {e}"),
            ));
        }
    };
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Frame::Message(m),
        Err(e) => Frame::Malformed(error(
            id,
            ErrorCode::InvalidRequest,
            &format!("not a JSON-RPC request, response or notification: {e}"),
        )),
    }
}

fn error(id: Option<Value>, code: ErrorCode, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": {"code": code as i32, "message": message},
    })
}

fn write_raw(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let text = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

/// The threads that move messages between stdio and the connection.
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl IoThreads {
    /// Wait for the writer to flush everything (the reader ends with the input, or is left
    /// blocked on it when the client keeps it open after `exit`).
    pub fn join(self) {
        let _ = self.writer.join();
        if self.reader.is_finished() {
            let _ = self.reader.join();
        }
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let stdout = Arc::new(Mutex::new(io::stdout()));
    let (to_client, outgoing): (Sender<Message>, Receiver<Message>) = unbounded();
    let (incoming, from_client): (Sender<Message>, Receiver<Message>) = unbounded();
    let out = stdout.clone();
    let writer = thread::spawn(move || {
        for msg in outgoing {
            let mut lock = out.lock().unwrap_or_else(|p| p.into_inner());
            if msg.write(&mut *lock).is_err() {
                break;
            }
        }
    });
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        loop {
            match read_frame(&mut input) {
                Ok(Some(Frame::Message(m))) => {
                    let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                    if incoming.send(m).is_err() || exit {
                        break;
                    }
                }
                Ok(Some(Frame::Malformed(answer))) => {
                    let mut lock = stdout.lock().unwrap_or_else(|p| p.into_inner());
                    if write_raw(&mut *lock, &answer).is_err() {
                        break;
                    }
                }
                Ok(None) | Err(_) => break,
            }
        }
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { reader, writer },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut r = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Some(f) = read_frame(&mut r).unwrap() {
            out.push(f);
        }
        out
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_frames_are_answered_and_reading_goes_on() {
        let input = [
            framed("{not json"),
            framed(r#"{"jsonrpc":"2.0","id":7}"#),
            framed(r#"[1,2]"#),
            "Content-Length: x\r\n\r\n".to_string(),
            framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
        ]
        .concat();
        let got = frames(&input);
        assert_eq!(got.len(), 5, "{got:?}");
        let code = |f: &Frame| match f {
            Frame::Malformed(v) => (v["error"]["code"].as_i64(), v["id"].clone()),
            Frame::Message(_) => (None, Value::Null),
        };
        assert_eq!(code(&got[0]), (Some(-32700), Value::Null));
        assert_eq!(code(&got[1]), (Some(-32600), json!(7)));
        assert_eq!(code(&got[2]), (Some(-32600), Value::Null));
        assert_eq!(code(&got[3]), (Some(-32700), Value::Null));
        assert!(matches!(&got[4], Frame::Message(Message::Request(r)) if r.method == "shutdown"));
    }

    #[test]
    fn a_truncated_body_ends_the_input() {
        assert!(frames("Content-Length: 50\r\n\r\n{}").is_empty());
    }
}
