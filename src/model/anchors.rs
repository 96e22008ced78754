//! GitHub heading anchors: the `id="user-content-…"` that github.com gives a heading in a
//! rendered markdown file, and matching of `#fragment` links against them.
//!
//! The algorithm (the one github-slugger reproduces; its fixtures were scraped from pages that
//! github.com rendered):
//!
//! 1. lowercase the heading's plain text (full Unicode lowercasing);
//! 2. remove every character except letters (Unicode `Alphabetic`, which also covers letter
//!    numbers such as `Ⅻ` and a few symbols such as `Ⓐ`), marks (`M*`), decimal digits (`Nd`),
//!    letter numbers (`Nl`), connector punctuation (`Pc`, e.g. `_`), the ASCII space and `-`;
//! 3. turn each remaining ASCII space into `-` (no collapsing: `a  b` → `a--b`);
//! 4. make it unique in the document: `foo`, `foo-1`, `foo-2`, … (see [`Slugger`]).
//!
//! Decisions taken from that evidence:
//!
//! - Punctuation (`P*` other than `Pc`, including dashes other than `-`: `–` and `—` are
//!   removed), symbols (`S*`: emoji, `+`, `&`, `$`, `©`, …), other numbers (`No`: `²`, `½`, `①`),
//!   control and format characters (tab, newline, soft hyphen, zero-width space and joiner,
//!   BOM) are removed.
//! - Non-breaking space U+00A0 and every other Unicode space separator (U+2003, U+3000, …) are
//!   **removed**, not turned into `-`: github-slugger's GitHub-scraped `Space_Separator` fixture
//!   maps `a` + 17 ASCII spaces + the 16 non-ASCII `Zs` characters + `b` to `a` + 17 `-` + `b`.
//! - Variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF) are nonspacing marks and are **kept**,
//!   as on github.com: `## ⚠️ Warning` gets the id `️-warning` (U+FE0F, then `-warning`), linked
//!   as `#%EF%B8%8F-warning`. Seen in github-slugger's GitHub-scraped `Nonspacing_Mark` fixture
//!   and in reports of such links on github.com (remark-slug#2, idosal/git-mcp#150).
//! - Only ASCII whitespace around the text is trimmed, as CommonMark does for heading content;
//!   a leading U+3000 survives trimming (and is then removed, so `\u{3000} a` → `-a`).
//! - Characters are classified with the Unicode tables of the `regex` crate, which may be newer
//!   than GitHub's for characters assigned recently.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// Characters GitHub drops from a heading's text when making its anchor.
fn removed_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[^\p{Alphabetic}\p{M}\p{Nd}\p{Nl}\p{Pc} \-]+").expect("static regex")
    })
}

/// The GitHub anchor (without `#`) for a heading whose plain text is `text`
/// (inline markup already removed: `**bold**` → `bold`, `` `code` `` → `code`, links → their
/// text, inline HTML tags removed).
pub fn slug(text: &str) -> String {
    let text = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c'));
    if text.is_ascii() {
        // The same rules, on ASCII: letters, digits, `_` and `-` stay; a space becomes `-`.
        return text
            .bytes()
            .filter_map(|b| match b {
                b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => Some(b as char),
                b'A'..=b'Z' => Some(b.to_ascii_lowercase() as char),
                b' ' => Some('-'),
                _ => None,
            })
            .collect();
    }
    removed_re()
        .replace_all(&text.to_lowercase(), "")
        .replace(' ', "-")
}

/// Assigns unique anchors to headings in document order, GitHub-style: the first `foo` is `foo`,
/// then `foo-1`, `foo-2`, ... (also avoiding collisions with an explicit earlier `foo-1`). Use it
/// by calling `next(text)` for each heading in order.
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    /// Every anchor handed out so far, with (for a base slug) the last suffix tried for it.
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// A slugger that has handed out no anchors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The unique anchor for the next heading with this plain text.
    pub fn next(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut anchor = base.clone();
        while self.seen.contains_key(&anchor) {
            // `base` is in `seen`: either it is `anchor` or an earlier round found it there.
            let n = self.seen.entry(base.clone()).or_default();
            *n += 1;
            anchor = format!("{base}-{n}");
        }
        self.seen.insert(anchor.clone(), 0);
        anchor
    }
}

/// A file's anchors, indexed to resolve many fragments quickly (the same answers as
/// [`fragment_matches`], then the case-insensitive fallback of GitHub's page script, in anchor
/// order).
#[derive(Debug, Default, Clone)]
pub struct AnchorSet {
    anchors: Vec<String>,
    /// Anchor → its first index.
    exact: HashMap<String, usize>,
    /// Lowercased anchor → the first index that has it.
    loose: HashMap<String, usize>,
    /// Lowercased anchor without the leading or trailing `-` an emoji at either end of its
    /// heading leaves (`-core-concepts`) → the first index that has it.
    trimmed: HashMap<String, usize>,
}

impl AnchorSet {
    /// Index `anchors` (in document order).
    pub fn new(anchors: Vec<String>) -> AnchorSet {
        let mut exact = HashMap::with_capacity(anchors.len());
        let mut loose = HashMap::with_capacity(anchors.len());
        let mut trimmed = HashMap::new();
        for (i, a) in anchors.iter().enumerate() {
            exact.entry(a.clone()).or_insert(i);
            loose.entry(a.to_lowercase()).or_insert(i);
            let bare = emoji_trim(a);
            if bare.len() < a.len() && !bare.is_empty() {
                trimmed.entry(bare.to_lowercase()).or_insert(i);
            }
        }
        AnchorSet {
            anchors,
            exact,
            loose,
            trimmed,
        }
    }

    /// The anchors, in document order.
    pub fn as_slice(&self) -> &[String] {
        &self.anchors
    }

    /// The index of the anchor `fragment` names: exactly (as [`fragment_matches`]) if any
    /// does, else the first that names it case-insensitively (GitHub's page script falls back to
    /// that; browsers match ids exactly).
    pub fn resolve(&self, fragment: &str) -> Option<usize> {
        let id = decode_fragment(fragment);
        let first = |map: &HashMap<String, usize>, id: &str| {
            let bare = id.strip_prefix("user-content-");
            [Some(id), bare]
                .into_iter()
                .flatten()
                .filter_map(|k| map.get(k).copied())
                .min()
        };
        first(&self.exact, &id).or_else(|| first(&self.loose, &id.to_lowercase()))
    }

    /// The anchor a fragment that reaches nothing was meant for, when the only difference is
    /// the `-` an emoji at the start or end of the heading leaves: `#core-concepts` for
    /// `## 🎯 Core concepts` (anchor `-core-concepts`). GitHub does not forgive it.
    pub fn emoji_near(&self, fragment: &str) -> Option<usize> {
        if self.trimmed.is_empty() {
            return None;
        }
        let id = decode_fragment(fragment).to_lowercase();
        let bare = id.strip_prefix("user-content-").unwrap_or(&id);
        self.trimmed.get(emoji_trim(bare)).copied()
    }
}

/// An anchor without what an emoji at either end of its heading leaves: the `-` of the space
/// after it, and the variation selectors GitHub keeps (`🛠️ Tools` → `\u{fe0f}-tools`).
fn emoji_trim(anchor: &str) -> &str {
    anchor.trim_matches(|c: char| c == '-' || ('\u{fe00}'..='\u{fe0f}').contains(&c))
}

/// Whether a fragment is `#top` (any case), which browsers scroll to the top of the page even
/// An attribute block at the end of a heading's text (`Title {#custom-id}`), as a site
/// generator reads it: where it starts (the space before it included) and the id it sets.
/// `IdOnly` reads `{#id}` alone; `AttrList` also `{: #id}`, `.class` and `key=val` tokens
/// (`{.class}` sets no id), after a space. `None` when the text ends in no such block or the
/// block is all there is.
pub fn heading_attributes(
    text: &str,
    kind: crate::model::links::HeadingIds,
) -> Option<(usize, Option<&str>)> {
    use crate::model::links::HeadingIds;
    let body = text.strip_suffix('}')?;
    let open = body.rfind('{')?;
    let inner = &body[open + 1..];
    let before = &text[..open];
    let start = before.trim_end().len();
    if start == 0 {
        return None;
    }
    let ident = |s: &str| !s.is_empty() && !s.contains(['{', '}', '#', '=', '.']);
    match kind {
        HeadingIds::IdOnly => {
            let id = inner
                .strip_prefix('#')
                .filter(|id| ident(id) && !id.contains(' '))?;
            Some((start, Some(id)))
        }
        HeadingIds::AttrList => {
            if start == before.len() {
                return None;
            }
            let inner = inner.strip_prefix(':').unwrap_or(inner);
            let mut id = None;
            let mut tokens = 0;
            for token in inner.split_whitespace() {
                tokens += 1;
                if let Some(i) = token.strip_prefix('#') {
                    ident(i).then_some(())?;
                    id = Some(i);
                } else if let Some(class) = token.strip_prefix('.') {
                    ident(class).then_some(())?;
                } else {
                    let (key, value) = token.split_once('=')?;
                    (ident(key) && !value.contains(['{', '}'])).then_some(())?;
                }
            }
            (tokens > 0).then_some((start, id))
        }
    }
}

/// when no element has that id (the HTML standard's rule).
pub fn is_top(fragment: &str) -> bool {
    fragment.eq_ignore_ascii_case("top")
}

/// Whether `fragment` names an element GitHub's page holds whatever the file says: `#top`
/// ([`is_top`]), and in a README (`README.md`, `readme.markdown`, any case) `#readme`, the id of
/// the box GitHub renders a repository's or a folder's README in (`[Back to top](#readme)`).
pub fn is_page_anchor(fragment: &str, file: &std::path::Path) -> bool {
    is_top(fragment) || (decode_fragment(fragment) == "readme" && is_readme(file))
}

/// Whether `file` is a README GitHub shows under a listing (`README`, `README.md`,
/// `Readme.markdown`: the name before one extension, in any case; not `README.ru.md`).
fn is_readme(file: &std::path::Path) -> bool {
    file.file_stem()
        .and_then(|n| n.to_str())
        .is_some_and(|stem| stem.eq_ignore_ascii_case("readme"))
}

/// Whether `fragment` (the part after `#` in a link, percent-encoded or not) names `anchor`:
/// the decoded fragment equals the anchor, or equals `user-content-` + anchor (the heading's
/// literal id on github.com, which a link may also use). Case-sensitive.
pub fn fragment_matches(fragment: &str, anchor: &str) -> bool {
    names(&decode_fragment(fragment), anchor)
}

/// Like [`fragment_matches`], but case-insensitive (both sides lowercased), as GitHub's page
/// script falls back to (browsers match ids exactly).
pub fn fragment_matches_loose(fragment: &str, anchor: &str) -> bool {
    names(
        &decode_fragment(fragment).to_lowercase(),
        &anchor.to_lowercase(),
    )
}

/// Whether the decoded fragment `id` names `anchor`, with or without GitHub's id prefix.
fn names(id: &str, anchor: &str) -> bool {
    id == anchor || id.strip_prefix("user-content-") == Some(anchor)
}

/// Percent-decode a URL fragment (invalid sequences are kept as-is): `%XX` escapes are decoded
/// as UTF-8; a `%` not followed by two hex digits, and escapes whose bytes are not valid UTF-8,
/// stay in the text unchanged. `+` is not a space in a fragment.
pub fn decode_fragment(fragment: &str) -> String {
    crate::base::percent::decode(fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The linear definition `AnchorSet::resolve` must agree with.
    fn resolve_linear(anchors: &[String], fragment: &str) -> Option<usize> {
        anchors
            .iter()
            .position(|a| fragment_matches(fragment, a))
            .or_else(|| {
                anchors
                    .iter()
                    .position(|a| fragment_matches_loose(fragment, a))
            })
    }

    #[test]
    fn anchor_set_agrees_with_the_linear_definition() {
        let anchors: Vec<String> = [
            "intro",
            "Intro",
            "q1-what",
            "-python",
            "sql-",
            "ünïcode",
            "a-1",
            "user-content-x",
            "intro",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let set = AnchorSet::new(anchors.clone());
        for f in [
            "intro",
            "INTRO",
            "Intro",
            "q1-what",
            "Q1-WHAT",
            "python",
            "-python",
            "sql",
            "SQL-",
            "%C3%BCn%C3%AFcode",
            "ÜNÏCODE",
            "user-content-intro",
            "user-content-Q1-what",
            "user-content-x",
            "x",
            "a-1",
            "missing",
            "",
            "%zz",
            "user-content-",
        ] {
            assert_eq!(
                set.resolve(f),
                resolve_linear(&anchors, f),
                "fragment {f:?}"
            );
        }
    }

    #[test]
    fn emoji_dashes_are_near_misses_not_matches() {
        let set = AnchorSet::new(vec![
            "-core-concepts".into(),
            "tips-".into(),
            "plain".into(),
        ]);
        assert_eq!(set.resolve("core-concepts"), None);
        assert_eq!(set.resolve("-core-concepts"), Some(0));
        assert_eq!(set.emoji_near("core-concepts"), Some(0));
        assert_eq!(set.emoji_near("Core-Concepts"), Some(0));
        assert_eq!(set.emoji_near("tips"), Some(1));
        assert_eq!(set.emoji_near("plain"), None);
        assert_eq!(set.emoji_near("missing"), None);
        let selector = AnchorSet::new(vec![slug("🛠️ Tools")]);
        assert_eq!(selector.emoji_near("tools"), Some(0));
    }

    #[test]
    fn ascii_fast_path_matches_the_unicode_rules() {
        for t in [
            "Q12: What is image segmentation?",
            "  a  b  ",
            "C++ & C#",
            "snake_case-ok",
            "Tabs\tand\x0bother",
            "100% (really)!",
            "",
        ] {
            let general = removed_re()
                .replace_all(
                    &t.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c'))
                        .to_lowercase(),
                    "",
                )
                .replace(' ', "-");
            assert_eq!(slug(t), general, "text {t:?}");
        }
    }

    fn slugs(texts: &[&str]) -> Vec<String> {
        let mut slugger = Slugger::new();
        texts.iter().map(|t| slugger.next(t)).collect()
    }

    #[test]
    fn question_with_colon_and_question_mark() {
        assert_eq!(
            slug("Q12: What is image segmentation?"),
            "q12-what-is-image-segmentation"
        );
    }

    #[test]
    fn numbered_title_with_apostrophe() {
        assert_eq!(slug("12. What's the output?"), "12-whats-the-output");
        assert_eq!(slug("What’s new"), "whats-new");
    }

    #[test]
    fn code_span_text() {
        assert_eq!(slug("What is useState?"), "what-is-usestate");
    }

    #[test]
    fn plain_words() {
        assert_eq!(
            slug("Supervised machine learning"),
            "supervised-machine-learning"
        );
        assert_eq!(slug("bravoCharlieDelta"), "bravocharliedelta");
    }

    #[test]
    fn punctuation_is_removed() {
        assert_eq!(slug("C++ & C#"), "c--c");
        assert_eq!(slug("a?b.c:d(e)f'g’h&i/j`k"), "abcdefghijk");
        assert_eq!(
            slug("heading with a period.txt"),
            "heading-with-a-periodtxt"
        );
        assert_eq!(
            slug("exchange.bind_headers(exchange, routing [, bindCallback])"),
            "exchangebind_headersexchange-routing--bindcallback"
        );
        assert_eq!(slug("50% off, $5 «quoted» §3 !"), "50-off-5-quoted-3-");
    }

    #[test]
    fn hyphen_and_underscore_are_kept_other_dashes_removed() {
        assert_eq!(slug("heading with a - dash"), "heading-with-a---dash");
        assert_eq!(
            slug("heading with an _ underscore"),
            "heading-with-an-_-underscore"
        );
        assert_eq!(slug("-a-"), "-a-");
        assert_eq!(slug("en–dash em—dash"), "endash-emdash");
        // Other connector punctuation is kept like `_`.
        assert_eq!(slug("a‿b"), "a‿b");
    }

    #[test]
    fn unicode_letters_are_kept_and_lowercased() {
        assert_eq!(slug("Привет мир"), "привет-мир");
        assert_eq!(slug("Привет non-latin 你好"), "привет-non-latin-你好");
        assert_eq!(slug("Café Ünïcödé"), "café-ünïcödé");
        assert_eq!(slug("Straße ǅ ΑΒΓ"), "straße-ǆ-αβγ");
        assert_eq!(slug("日本語の見出し"), "日本語の見出し");
        assert_eq!(slug("ʰ々ー"), "ʰ々ー");
    }

    #[test]
    fn marks_are_kept() {
        assert_eq!(slug("e\u{301}te\u{301}"), "e\u{301}te\u{301}");
        assert_eq!(slug("हिन्दी"), "हिन्दी");
        // `İ` lowercases to `i` + U+0307 (a mark, kept).
        assert_eq!(slug("İ"), "i\u{307}");
    }

    #[test]
    fn numbers() {
        // Decimal digits of any script and letter numbers stay; other numbers go.
        assert_eq!(slug("2024 ١٢ ０"), "2024-١٢-０");
        assert_eq!(slug("Chapter Ⅻ"), "chapter-ⅻ");
        assert_eq!(slug("x² ½ ① y"), "x---y");
    }

    #[test]
    fn alphabetic_symbols_are_kept() {
        // Circled and squared letters are `So` but `Alphabetic`.
        assert_eq!(slug("Ⓐ 🄺"), "ⓐ-🄺");
    }

    #[test]
    fn emoji_are_removed() {
        assert_eq!(slug("Hello 👋 World"), "hello--world");
        assert_eq!(slug("😄 unicode emoji"), "-unicode-emoji");
        assert_eq!(slug("😄-😄 unicode emoji"), "--unicode-emoji");
        assert_eq!(slug("😄_😄 unicode emoji"), "_-unicode-emoji");
        assert_eq!(slug("I ♥ unicode"), "i--unicode");
        assert_eq!(slug("a😄b"), "ab");
        // Skin tone modifiers are symbols too.
        assert_eq!(slug("👍🏽 ok"), "-ok");
    }

    #[test]
    fn zero_width_joiner_and_format_characters_are_removed() {
        assert_eq!(slug("👨\u{200d}💻 Developer"), "-developer");
        assert_eq!(slug("a\u{200b}b\u{ad}c\u{feff}d\u{200c}e"), "abcde");
    }

    #[test]
    fn variation_selectors_are_kept_like_github() {
        assert_eq!(slug("⚠️ Warning"), "\u{fe0f}-warning");
        assert_eq!(slug("🗃\u{fe0f} File Cabinet"), "\u{fe0f}-file-cabinet");
        assert_eq!(slug("a\u{fe0e}"), "a\u{fe0e}");
    }

    #[test]
    fn gemoji_shortcodes_are_text() {
        assert_eq!(slug(":ok_hand: Single"), "ok_hand-single");
        assert_eq!(slug(":smile: - a gemoji"), "smile---a-gemoji");
    }

    #[test]
    fn each_space_becomes_a_hyphen() {
        assert_eq!(slug("a  b"), "a--b");
        assert_eq!(slug("a - b"), "a---b");
        // Removal happens before spaces turn into hyphens.
        assert_eq!(slug("a ? b"), "a--b");
    }

    #[test]
    fn non_breaking_and_other_unicode_spaces_are_removed() {
        assert_eq!(slug("a\u{a0}b"), "ab");
        assert_eq!(slug("a \u{a0} b"), "a--b");
        assert_eq!(slug("a\u{2003}b\u{3000}c\u{202f}d"), "abcd");
        assert_eq!(slug("a\u{2028}b\u{2029}c"), "abc");
    }

    #[test]
    fn github_space_separator_fixture() {
        // github-slugger's `Space_Separator` case, scraped from github.com: every `Zs` character,
        // joined by ASCII spaces. Only the 17 ASCII spaces survive, as hyphens.
        let zs = [
            '\u{20}', '\u{a0}', '\u{1680}', '\u{202f}', '\u{205f}', '\u{3000}',
        ];
        let all: Vec<String> = zs
            .into_iter()
            .chain('\u{2000}'..='\u{200a}')
            .map(String::from)
            .collect();
        let text = format!("a{}b", all.join(" "));
        assert_eq!(slug(&text), format!("a{}b", "-".repeat(17)));
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(slug("a\tb"), "ab");
        assert_eq!(slug("line one\nline two"), "line-oneline-two");
    }

    #[test]
    fn leading_and_trailing_whitespace_is_trimmed() {
        assert_eq!(slug("  Hello World  "), "hello-world");
        assert_eq!(slug("\tTabbed\t"), "tabbed");
        assert_eq!(slug("\n Multi \n"), "multi");
        // Removed characters do not trigger a second trim.
        assert_eq!(slug("? Why ?"), "-why-");
        // Only ASCII whitespace is trimmed, as CommonMark does.
        assert_eq!(slug("\u{3000} a"), "-a");
    }

    #[test]
    fn empty_and_blank_text() {
        assert_eq!(slug(""), "");
        assert_eq!(slug("   "), "");
        assert_eq!(slug("?!"), "");
        assert_eq!(slug("🎉"), "");
    }

    #[test]
    fn repeated_headings_get_suffixes() {
        assert_eq!(slugs(&["FAQ", "FAQ", "FAQ"]), ["faq", "faq-1", "faq-2"]);
        assert_eq!(slugs(&["FAQ", "faq", "Faq?"]), ["faq", "faq-1", "faq-2"]);
    }

    #[test]
    fn explicit_suffix_collisions_are_avoided() {
        assert_eq!(slugs(&["a", "a-1", "a"]), ["a", "a-1", "a-2"]);
        assert_eq!(
            slugs(&["foxtrot-1", "foxtrot", "foxtrot"]),
            ["foxtrot-1", "foxtrot", "foxtrot-2"]
        );
    }

    #[test]
    fn suffixed_slugs_are_bases_too() {
        // github-slugger's fixture, scraped from github.com.
        assert_eq!(
            slugs(&["echo", "echo", "echo 1", "echo-1", "echo"]),
            ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"]
        );
        assert_eq!(slugs(&[" a ", "-a-"]), ["a", "-a-"]);
    }

    #[test]
    fn empty_headings_repeat_as_bare_suffixes() {
        assert_eq!(slugs(&["", "", ""]), ["", "-1", "-2"]);
        assert_eq!(slugs(&["🎉", "?", " "]), ["", "-1", "-2"]);
    }

    #[test]
    fn slugger_is_independent_per_instance() {
        let mut first = Slugger::new();
        assert_eq!(first.next("Intro"), "intro");
        let mut copy = first.clone();
        assert_eq!(first.next("Intro"), "intro-1");
        assert_eq!(copy.next("Intro"), "intro-1");
        assert_eq!(Slugger::default().next("Intro"), "intro");
    }

    #[test]
    fn decode_plain_and_percent_encoded() {
        assert_eq!(decode_fragment("plain-text"), "plain-text");
        assert_eq!(decode_fragment("%D0%BF%D1%80"), "пр");
        assert_eq!(decode_fragment("%d0%bf%d1%80"), "пр");
        assert_eq!(decode_fragment("a%20b%2Dc"), "a b-c");
        assert_eq!(decode_fragment("%EF%B8%8F-warning"), "\u{fe0f}-warning");
        assert_eq!(decode_fragment("a+b"), "a+b");
        assert_eq!(decode_fragment("%25"), "%");
        assert_eq!(decode_fragment(""), "");
    }

    #[test]
    fn decode_keeps_invalid_sequences() {
        assert_eq!(decode_fragment("100%"), "100%");
        assert_eq!(decode_fragment("%zz%4"), "%zz%4");
        assert_eq!(decode_fragment("%%41"), "%A");
        assert_eq!(decode_fragment("a%ffb"), "a%ffb");
        // A truncated UTF-8 sequence stays encoded; the valid part around it is decoded.
        assert_eq!(decode_fragment("%41%D0%D1%80x"), "A%D0рx");
        assert_eq!(decode_fragment("привет%"), "привет%");
    }

    #[test]
    fn fragments_match_anchors() {
        assert!(fragment_matches("%D0%BF%D1%80", "пр"));
        assert!(fragment_matches("пр", "пр"));
        assert!(fragment_matches(
            "%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82-%D0%BC%D0%B8%D1%80",
            &slug("Привет мир")
        ));
        assert!(fragment_matches("faq-1", "faq-1"));
        assert!(fragment_matches("%EF%B8%8F-warning", &slug("⚠️ Warning")));
        assert!(!fragment_matches("-warning", &slug("⚠️ Warning")));
        assert!(fragment_matches("", ""));
        assert!(!fragment_matches("faq", "faq-1"));
    }

    #[test]
    fn fragments_may_carry_the_user_content_prefix() {
        assert!(fragment_matches("user-content-faq", "faq"));
        assert!(fragment_matches("user-content-%D0%BF", "п"));
        assert!(fragment_matches("user-content-faq", "user-content-faq"));
        assert!(!fragment_matches("user-content-faq", "faq-1"));
    }

    #[test]
    fn strict_matching_is_case_sensitive_loose_is_not() {
        assert!(!fragment_matches("FAQ", "faq"));
        assert!(!fragment_matches("%D0%9F", "п"));
        assert!(fragment_matches_loose("FAQ", "faq"));
        assert!(fragment_matches_loose("faq", "FAQ"));
        assert!(fragment_matches_loose("%D0%9F%D0%A0", "пр"));
        assert!(fragment_matches_loose("User-Content-FAQ", "faq"));
        assert!(!fragment_matches_loose("faq-2", "faq-1"));
    }

    #[test]
    fn loose_matching_does_not_decode_twice() {
        // `%2541` decodes to `%41` once; it must not become `A`.
        assert!(!fragment_matches_loose("%2541", "a"));
        assert!(!fragment_matches("%2541", "A"));
        assert!(fragment_matches("%2541", "%41"));
    }
}
