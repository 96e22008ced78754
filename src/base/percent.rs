//! Percent-encoding, in the few shapes qalint needs, over the `percent-encoding` crate.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but RFC 3986's unreserved and sub-delimiter characters, `/` and `@`: a path as a
/// URI reference (`:` is encoded, so `a:b.md` is not read as a scheme).
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'/')
    .remove(b'@');

/// A relative path's bytes, encoded for a URI.
pub fn encode_path(s: &str) -> String {
    utf8_percent_encode(s, PATH).to_string()
}

/// A GitHub workflow command's message: `%`, CR and LF escaped, nothing else. The runner
/// unescapes only these (and `:`, `,` in properties), so any other character, UTF-8 included,
/// is written as is; an escaped `é` would show as `%C3%A9`.
pub fn encode_command_data(s: &str) -> String {
    encode_command(s, false)
}

/// A workflow command's property value (a file name, a title): also `:` and `,`.
pub fn encode_command_property(s: &str) -> String {
    encode_command(s, true)
}

fn encode_command(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

/// `%XX` escapes decoded. Escapes that do not make valid UTF-8 stay as written, so a fragment
/// such as `%FF` is kept rather than turned into a replacement character.
pub fn decode(s: &str) -> String {
    match percent_decode_str(s).decode_utf8() {
        Ok(text) => text.into_owned(),
        Err(_) => decode_keeping_invalid(s),
    }
}

/// [`decode`] for the rare text whose escapes are not all UTF-8: each run of escapes is decoded
/// on its own, and the escapes of invalid bytes are copied as written.
fn decode_keeping_invalid(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while is_escape(bytes, i) {
            i += 3;
        }
        if i == start {
            let next = s[i + 1..].find('%').map_or(bytes.len(), |j| i + 1 + j);
            out.push_str(&s[i..next]);
            i = next;
            continue;
        }
        let run: Vec<u8> = percent_decode_str(&s[start..i]).collect();
        let mut at = start;
        for chunk in run.utf8_chunks() {
            out.push_str(chunk.valid());
            at += 3 * chunk.valid().len();
            let bad = 3 * chunk.invalid().len();
            out.push_str(&s[at..at + bad]);
            at += bad;
        }
    }
    out
}

fn is_escape(bytes: &[u8], i: usize) -> bool {
    matches!(bytes.get(i..i + 3), Some([b'%', h, l]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_their_safe_characters() {
        assert_eq!(encode_path("docs/a b:c.md"), "docs/a%20b%3Ac.md");
        assert_eq!(encode_path("Q&A (1).md"), "Q&A%20(1).md");
        assert_eq!(encode_path("é.md"), "%C3%A9.md");
    }

    #[test]
    fn workflow_commands_escape_what_github_reads() {
        assert_eq!(encode_command_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(encode_command_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(encode_command_property("问题 é.md"), "问题 é.md");
        assert_eq!(
            encode_command_data("Qu’est-ce ☕: a, b"),
            "Qu’est-ce ☕: a, b"
        );
    }

    #[test]
    fn decoding_keeps_invalid_escapes() {
        assert_eq!(decode("a%20b%2Dc"), "a b-c");
        assert_eq!(decode("%d0%bf%D1%80"), "пр");
        assert_eq!(decode("%FF%41x"), "%FFAx");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }
}
