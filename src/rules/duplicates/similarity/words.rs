//! A question title as QA402 reads it: clauses of words, each word plain, quoted or literal.
//!
//! - Clauses end at `?`, `.`, `;`, `!` (and their full-width forms), at a standalone dash, and
//!   before `and how` / `or why`-style joints: "What is NAT? How does it work?" is two clauses.
//! - A *literal* is a name the title does not phrase but names: code (`std::any`, `$()`,
//!   `get_context_data()`, `camelCase`), an all-capitals word (`HTTPS`, `NOT` is the one exception:
//!   emphasis), a Latin word in a Han or Cyrillic title, `+` and `#`, and a capitalised common
//!   word used as a name (`the All combinator`). Literals are never stop words and never stemmed.
//! - A single word in quotes or backticks (`"not"`, `` `examples` ``) is *quoted*: stemmed, but
//!   never a stop word. A quoted phrase of several words is kept whole as well ([`Words::phrases`]).

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::lexicon;

/// How a word is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary word: stop words and question words are dropped, the rest stemmed.
    Plain,
    /// A single word in quotes: stemmed, never dropped.
    Quoted,
    /// A name or code: compared as written (lower case).
    Literal,
    /// A comma or colon: ends a word's role.
    Pause,
}

/// One word of a title, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub kind: Kind,
}

/// The words of a title.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub clauses: Vec<Vec<Word>>,
    /// Quoted phrases of two words or more, lower case, single spaces.
    pub phrases: Vec<String>,
}

/// Han, kana and the other scripts compared by characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Hiragana: particles and endings, never content.
pub fn is_hiragana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x309F)
}

/// A chunk that is code: `::`, `()`, `$x`, `@x`, `a_b`, `np.select`, `camelCase`.
fn is_code(s: &str) -> bool {
    if s.chars().any(is_cjk) {
        return false;
    }
    // `str::contains` with a two-byte needle sets up a substring searcher: costly per word.
    if s.as_bytes().windows(2).any(|w| w == b"::" || w == b"()") {
        return true;
    }
    let word = |x: char| x.is_alphanumeric() || x == '_';
    let pairs = || s.chars().zip(s.chars().skip(1));
    let pair = pairs().any(|(a, b)| {
        (matches!(a, '$' | '@') && word(b)) || (a.is_ascii_lowercase() && b.is_ascii_uppercase())
    });
    let triple = pairs().zip(s.chars().skip(2)).any(|((a, m), b)| match m {
        '.' => a.is_ascii_alphanumeric() && b.is_ascii_alphabetic(),
        '_' => word(a) && word(b),
        _ => false,
    });
    pair || triple
}

/// Code as compared: lower case, without a trailing `()` or a leading `@` on a plain name
/// (`@property` is the `property` decorator; `$schema` is not `schema`).
fn canonical_code(s: &str) -> String {
    let mut w = s.to_lowercase();
    if w.ends_with("()") {
        w.truncate(w.len() - 2);
    }
    let w = w.trim_matches(['.', ':', ',', ';']).to_string();
    let mut chars = w.chars();
    match chars.next() {
        Some('@')
            if !chars.as_str().is_empty()
                && chars
                    .as_str()
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_') =>
        {
            chars.as_str().to_string()
        }
        _ => w,
    }
}

/// What the whole title says about its words.
struct Context {
    /// Mostly ASCII letters and no Han or kana: Latin words are words, not names.
    latin: bool,
    /// Most words start with a capital ("What Is The Purpose Of..."): capitals say nothing.
    title_case: bool,
}

impl Context {
    fn of(text: &str) -> Context {
        let (mut letters, mut ascii, mut cjk) = (0, 0, false);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            ascii += usize::from(c.is_ascii());
            cjk |= is_cjk(c);
        }
        let latin = ascii * 2 >= letters.max(1) && !cjk;
        let (mut long, mut capital) = (0, 0);
        for w in text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .skip(1)
            .filter(|w| w.len() > 2)
        {
            long += 1;
            capital += usize::from(w.starts_with(|c: char| c.is_ascii_uppercase()));
        }
        let title_case = long >= 2 && capital * 10 >= long * 7;
        Context { latin, title_case }
    }
}

/// Splits `text` into its quoted spans and the text between them: `(span, quoted)`.
fn quoted_spans(text: &str) -> Vec<(&str, bool)> {
    const PAIRS: &[(char, char)] = &[
        ('`', '`'),
        ('"', '"'),
        ('“', '”'),
        ('«', '»'),
        ('„', '“'),
        ('「', '」'),
        ('‘', '’'),
    ];
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let body = i + c.len_utf8();
        // The quoted text's length and the closing mark's.
        let quote = if c == '\'' {
            single_quoted(text, i).map(|len| (len, 1))
        } else {
            PAIRS
                .iter()
                .find(|p| p.0 == c)
                .and_then(|&(_, close)| text[body..].find(close).map(|len| (len, close.len_utf8())))
        };
        if let Some((len, close)) = quote {
            if start < i {
                out.push((&text[start..i], false));
            }
            out.push((&text[body..body + len], true));
            i = body + len + close;
            start = i;
            continue;
        }
        i += c.len_utf8();
    }
    if start < text.len() {
        out.push((&text[start..], false));
    }
    out
}

/// The length of the body of `'quoted'` words whose opening `'` is at `at`: it opens a word
/// (after a space or a bracket) and its close ends one (before a space or punctuation), so
/// apostrophes (`don't`, `users' data`) are not quotes.
fn single_quoted(text: &str, at: usize) -> Option<usize> {
    let opens = text[..at]
        .chars()
        .next_back()
        .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '['));
    let body = &text[at + 1..];
    if !opens || !body.starts_with(|c: char| c.is_alphanumeric() || c == '.') {
        return None;
    }
    let mut from = 0;
    while let Some(k) = body[from..].find('\'') {
        let k = from + k;
        let after = body[k + 1..].chars().next();
        let before = body[..k].chars().next_back();
        if before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(|a| !a.is_alphanumeric())
        {
            // A quote closes within a few words; further on it is an apostrophe's.
            return (body[..k].split_whitespace().count() <= 4).then_some(k);
        }
        from = k + 1;
    }
    None
}

/// Letters and combining marks (Devanagari vowel signs are marks, not letters).
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

/// The pieces of a chunk: runs of letters (split where Han or kana meets other letters), numbers
/// with what follows them (`100%`, `2.0`), and runs of `+` / `#`.
fn pieces(chunk: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut iter = chunk.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let mut end = i + c.len_utf8();
        if c.is_numeric() {
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphanumeric() || matches!(d, '.' | '%' | '+' | '_') {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        } else if matches!(c, '+' | '#') {
            while let Some(&(j, d)) = iter.peek() {
                if matches!(d, '+' | '#') {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        } else if is_word_char(c) {
            let cjk = is_cjk(c);
            while let Some(&(j, d)) = iter.peek() {
                let apostrophe = matches!(d, '\'' | '’')
                    && !cjk
                    && chunk[j + d.len_utf8()..].starts_with(|e: char| e.is_alphabetic());
                if (is_word_char(d) && is_cjk(d) == cjk) || apostrophe {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            // A language's name: a single letter and its `#` or `++` (`C#`, `F#`, `C++`).
            if end == i + c.len_utf8() && c.is_ascii_alphabetic() {
                let rest = &chunk[end..];
                let marks = rest.len() - rest.trim_start_matches(['+', '#']).len();
                if marks > 0 && !rest[marks..].starts_with(|e: char| e.is_alphanumeric()) {
                    end += marks;
                    while iter.peek().is_some_and(|&(j, _)| j < end) {
                        iter.next();
                    }
                }
            }
        } else {
            continue;
        }
        out.push(&chunk[i..end]);
    }
    out
}

/// Elided articles and prepositions (`l'oggetto`, `d'image`, `n'est`): separate words.
const ELISIONS: &[&str] = &[
    "all", "c", "d", "dall", "dell", "j", "l", "n", "nell", "qu", "s", "sull", "un",
];

/// Reads the words of one chunk (a quoted word, or a whitespace-separated chunk outside quotes).
struct Reader<'a> {
    context: &'a Context,
    /// Whether the previous word was `the` (before a capitalised name).
    after_the: bool,
}

impl Reader<'_> {
    fn chunk(&mut self, core: &str, quoted: bool, next_lower: bool, out: &mut Vec<Word>) {
        if core.is_empty() {
            return;
        }
        if is_code(core) {
            let text = canonical_code(core);
            if !text.is_empty() {
                out.push(Word {
                    text,
                    kind: Kind::Literal,
                });
            }
            return;
        }
        for piece in pieces(core) {
            if piece.starts_with(['+', '#']) || piece.ends_with(['+', '#']) {
                out.push(Word {
                    text: piece.to_ascii_lowercase(),
                    kind: Kind::Literal,
                });
                continue;
            }
            for part in split_elision(piece) {
                let word = self.word(part, quoted, next_lower, out.is_empty());
                self.after_the = word.text == "the";
                out.push(word);
            }
        }
    }

    /// One word; `first` when it opens its clause.
    fn word(&self, raw: &str, quoted: bool, next_lower: bool, first: bool) -> Word {
        let lower = if raw.is_ascii() {
            raw.to_ascii_lowercase()
        } else {
            raw.to_lowercase()
        };
        let lower = if lower.contains(['\'', '’']) {
            lower.replace(['\'', '’'], "")
        } else {
            lower
        };
        let literal = |text: String| Word {
            text,
            kind: Kind::Literal,
        };
        let upper = raw.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
        if raw.chars().count() >= 2 && upper && !lexicon::class(&lower).is(lexicon::Class::NEGATION)
        {
            return literal(lower);
        }
        // A capital letter alone, past its clause's first word, names something (`in C`,
        // `plan B`); not `I` nor `A`.
        if upper && !first && raw.len() == 1 && !matches!(raw, "I" | "A") {
            return literal(lower);
        }
        // `APIs`, `CPUs`: the plural of an acronym.
        let stem: &str = raw.strip_suffix('s').unwrap_or("");
        if stem.chars().count() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()) {
            return literal(stem.to_lowercase());
        }
        if !self.context.latin && lower.chars().all(|c| c.is_ascii_lowercase()) {
            return literal(lower);
        }
        let capital = raw.starts_with(|c: char| c.is_uppercase());
        if !quoted
            && !self.context.title_case
            && capital
            && next_lower
            && self.after_the
            && lower.len() > 2
            && lexicon::class(&lower).is(lexicon::Class::STOP)
        {
            return literal(lower);
        }
        let kind = if quoted { Kind::Quoted } else { Kind::Plain };
        Word { text: lower, kind }
    }
}

/// `dell'immagine` → `dell`, `immagine`; `Django's` stays one word.
fn split_elision(piece: &str) -> impl Iterator<Item = &str> {
    if let Some(at) = piece.find(['\'', '’']) {
        let head = &piece[..at];
        let rest = &piece[at..];
        let tail = rest.trim_start_matches(['\'', '’']);
        if lexicon::contains(ELISIONS, &head.to_lowercase()) && tail.chars().count() >= 3 {
            return std::iter::once(head).chain(Some(tail));
        }
    }
    std::iter::once(piece).chain(None)
}

/// Characters trimmed from a chunk: punctuation, brackets, quotes, emphasis.
const TRIM: &[char] = &[
    '?', '!', '.', ',', ';', ':', '[', ']', '{', '}', '"', '\'', '“', '”', '‘', '’', '。', '？',
    '！', '，', '、', '*', '_', '<', '>',
];

/// The chunk without its punctuation and unbalanced brackets.
fn core(chunk: &str) -> &str {
    let mut s = chunk.trim_matches(TRIM);
    if !s.contains(['(', ')']) {
        return s;
    }
    if s.matches('(').count() > s.matches(')').count() {
        s = s.trim_start_matches('(').trim_matches(TRIM);
    }
    if s.matches(')').count() > s.matches('(').count() {
        s = s.trim_end_matches(')').trim_matches(TRIM);
    }
    s
}

/// A chunk that is an operator (`.*`, `===`, `->`, `&&`): a literal.
fn operator(chunk: &str) -> Option<String> {
    let s = chunk.trim_end_matches(['?', ',', '!', ';']);
    let symbols = s.chars().count() >= 2 && !s.chars().any(char::is_alphanumeric);
    let operator = s.chars().any(|c| "=<>*&|~^%+/:!-".contains(c));
    let filler = s.chars().all(|c| matches!(c, '-' | '.' | '_' | '–' | '—'));
    (symbols && operator && !filler).then(|| s.to_string())
}

/// Whether a chunk ends its sentence.
fn ends_clause(chunk: &str) -> bool {
    let abbreviation = ["e.g.", "i.e.", "etc.", "vs.", "(e.g.", "(i.e."]
        .iter()
        .any(|a| chunk.eq_ignore_ascii_case(a));
    let end = chunk.trim_end_matches([')', '"', '”', '’', '\'', '*', '_']);
    // `Work".` after a quote ends a sentence; `..` in "the Kotlin .. operator" does not.
    let worded = chunk.chars().any(char::is_alphanumeric) || chunk.chars().count() == 1;
    !abbreviation && worded && end.ends_with(['?', ';', '!', '.', '。', '？', '！'])
}

/// `Q3: `, `12. `, `#4 ` before a title.
fn without_number(text: &str) -> &str {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?i)(q|#)?\(?\d+[.:)\-]?\s+").expect("valid regex"));
    NUMBER.find(text).map_or(text, |m| &text[m.end()..])
}

/// `non-destructive` is one word (`nondestructive`), not a negation.
fn join_non(text: &str) -> String {
    static NON: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(non)-(\w)").expect("valid regex"));
    NON.replace_all(text, "$1$2").into_owned()
}

/// Words that start a new clause after `and` / `or`.
const CLAUSE_STARTS: &[&str] = &[
    "are", "can", "do", "does", "how", "is", "what", "when", "where", "which", "who", "why",
];

/// The clauses and quoted phrases of `title`.
pub fn words(title: &str) -> Words {
    // Most titles are already in NFKC (every ASCII one is): the quick check skips the copy.
    let folded: std::borrow::Cow<str> = match unicode_normalization::is_nfkc_quick(title.chars()) {
        unicode_normalization::IsNormalized::Yes => title.into(),
        _ => title.nfkc().collect::<String>().into(),
    };
    let text = join_non(without_number(folded.trim()));
    let context = Context::of(&text);
    let mut reader = Reader {
        context: &context,
        after_the: false,
    };
    let mut out = Words::default();
    let mut clauses: Vec<Vec<Word>> = vec![Vec::new()];
    for (span, quoted) in quoted_spans(&text) {
        if quoted {
            let inner: Vec<&str> = span.split_whitespace().collect();
            if inner.len() >= 2 {
                out.phrases.push(inner.join(" ").to_lowercase());
            }
            let last = clauses.last_mut().expect("one clause");
            for w in &inner {
                reader.chunk(core(w), inner.len() == 1, false, last);
            }
            continue;
        }
        let chunks: Vec<&str> = span.split_whitespace().collect();
        for (i, chunk) in chunks.iter().enumerate() {
            if matches!(*chunk, "-" | "–" | "—" | "|") {
                clauses.push(Vec::new());
                continue;
            }
            let next_lower = chunks
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_lowercase()));
            let last = clauses.last_mut().expect("one clause");
            if let Some(operator) = operator(chunk) {
                last.push(Word {
                    text: operator,
                    kind: Kind::Literal,
                });
                continue;
            }
            reader.chunk(core(chunk), false, next_lower, last);
            if chunk.ends_with([',', '，', '、', ':']) {
                last.push(Word {
                    text: ",".into(),
                    kind: Kind::Pause,
                });
            }
            if ends_clause(chunk) {
                clauses.push(Vec::new());
            }
        }
    }
    out.clauses = clauses.into_iter().flat_map(split_at_joints).collect();
    out
}

/// "What is X and how does it work": two clauses.
fn split_at_joints(clause: Vec<Word>) -> Vec<Vec<Word>> {
    let joints: Vec<usize> = (0..clause.len())
        .filter(|&i| is_joint(&clause, i))
        .collect();
    let mut out = Vec::new();
    let mut current = Vec::new();
    for (i, w) in clause.into_iter().enumerate() {
        if joints.binary_search(&i).is_ok() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        current.push(w);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether word `i` of `clause` is an `and` / `or` that starts a new clause (`and how`).
fn is_joint(clause: &[Word], i: usize) -> bool {
    let plain = |w: &Word| w.kind == Kind::Plain;
    plain(&clause[i])
        && matches!(clause[i].text.as_str(), "and" | "or")
        && clause
            .get(i + 1)
            .is_some_and(|n| plain(n) && lexicon::contains(CLAUSE_STARTS, &n.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(title: &str) -> Vec<Vec<(String, Kind)>> {
        words(title)
            .clauses
            .into_iter()
            .map(|c| c.into_iter().map(|w| (w.text, w.kind)).collect())
            .collect()
    }

    #[test]
    fn clauses_and_kinds() {
        let w = texts("Q3: What is NAT? How does it work?");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0][2], ("nat".into(), Kind::Literal));
        let w = texts("What is the `not` keyword and how is std::any used?");
        assert_eq!(w.len(), 2);
        assert!(w[0].contains(&("not".into(), Kind::Quoted)));
        assert!(w[1].contains(&("std::any".into(), Kind::Literal)));
        let w = texts("What is the purpose of the Any combinator?");
        assert!(w[0].contains(&("any".into(), Kind::Literal)));
        let w = texts("What Is The Purpose Of The Any Combinator?");
        assert!(w[0].contains(&("any".into(), Kind::Plain)));
    }

    #[test]
    fn elisions_negations_and_acronyms() {
        let w = texts("Quel réglage d’image n’est pas disponible ?");
        assert!(w[0].contains(&("image".into(), Kind::Plain)));
        assert!(w[0].contains(&("n".into(), Kind::Plain)));
        let w = texts("Which is NOT a valid APIs call, non-destructively?");
        assert!(w[0].contains(&("not".into(), Kind::Plain)));
        assert!(w[0].contains(&("api".into(), Kind::Literal)));
        assert!(w[0].contains(&("nondestructively".into(), Kind::Plain)));
        let w = texts("AWS Secrets Manager的主要用途是什么?");
        assert!(w[0].contains(&("secrets".into(), Kind::Literal)));
        assert!(w[0].contains(&("的主要用途是什么".into(), Kind::Plain)));
    }

    #[test]
    fn quoted_phrases() {
        let w = words("You then change the task type to \"Fixed Work\". What happens?");
        assert_eq!(w.phrases, vec!["fixed work".to_string()]);
        assert_eq!(w.clauses.len(), 2);
        let w = words("Explain what a 'Data source' is");
        assert_eq!(w.phrases, vec!["data source".to_string()]);
    }

    fn kinds(title: &str) -> Vec<(String, Kind)> {
        words(title)
            .clauses
            .concat()
            .into_iter()
            .map(|w| (w.text, w.kind))
            .collect()
    }

    #[test]
    fn single_quotes_and_apostrophes() {
        assert!(kinds("En C# 'using' es un?").contains(&("using".into(), Kind::Quoted)));
        // Apostrophes are not quotes: a possessive, an elision, a plural's.
        let k = kinds("Don't mix the users' data with Django's 'var' keyword");
        assert!(k.contains(&("var".into(), Kind::Quoted)));
        assert!(k.contains(&("dont".into(), Kind::Plain)));
        assert!(k.contains(&("users".into(), Kind::Plain)), "{k:?}");
        // A quote left open is an apostrophe.
        assert!(
            kinds("What is 'rock n roll?")
                .iter()
                .all(|w| w.1 != Kind::Quoted)
        );
    }

    #[test]
    fn language_names_and_capital_letters() {
        let k = kinds("What is C# and how does it differ from C++ and C?");
        for name in ["c#", "c++", "c"] {
            assert!(k.contains(&(name.into(), Kind::Literal)), "{name}: {k:?}");
        }
        // `I` and a first word are not names.
        let k = kinds("A question I ask");
        assert!(
            k.contains(&("a".into(), Kind::Plain)) && k.contains(&("i".into(), Kind::Plain)),
            "{k:?}"
        );
    }
}
