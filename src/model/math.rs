//! TeX inside formulas: a small tokenizer and the checks QA202–QA204 share. Offsets are byte
//! offsets into the formula's TeX.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

/// One piece of TeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `\name` (letters only); `range` covers the backslash.
    Command {
        name: String,
        range: Range<usize>,
    },
    /// `\{`, `\\`, `\,`, … (a backslash and one other character).
    Symbol {
        range: Range<usize>,
    },
    Open(usize),
    Close(usize),
    /// A run of letters not part of a command name.
    Word {
        range: Range<usize>,
    },
    Space(Range<usize>),
    /// Anything else (digits, operators, `^`, `_`, `&`, …).
    Other(usize),
}

/// Tokenize TeX; `%` comments are skipped to the end of their line.
pub fn tokenize(tex: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = tex.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some((j, n)) if n.is_ascii_alphabetic() => {
                    let mut end = j;
                    while let Some(&(k, m)) = chars.peek() {
                        if m.is_ascii_alphabetic() {
                            end = k + m.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    out.push(Token::Command {
                        name: tex[i + 1..end].to_string(),
                        range: i..end,
                    });
                }
                Some((j, n)) => {
                    chars.next();
                    out.push(Token::Symbol {
                        range: i..j + n.len_utf8(),
                    });
                }
                None => out.push(Token::Other(i)),
            },
            '%' => {
                while let Some(&(_, m)) = chars.peek() {
                    if m == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            '{' => out.push(Token::Open(i)),
            '}' => out.push(Token::Close(i)),
            c if c.is_alphabetic() => {
                let mut end = i + c.len_utf8();
                while let Some(&(k, m)) = chars.peek() {
                    if m.is_alphabetic() {
                        end = k + m.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Word { range: i..end });
            }
            c if c.is_whitespace() => {
                let mut end = i + c.len_utf8();
                while let Some(&(k, m)) = chars.peek() {
                    if m.is_whitespace() {
                        end = k + m.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Space(i..end));
            }
            _ => out.push(Token::Other(i)),
        }
    }
    out
}

/// The text of a `{...}` argument that starts at token `at` (an `Open`), and the index after it.
fn brace_arg(tex: &str, toks: &[Token], at: usize) -> Option<(String, Range<usize>, usize)> {
    let Token::Open(start) = toks.get(at)? else {
        return None;
    };
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(at) {
        match t {
            Token::Open(_) => depth += 1,
            Token::Close(end) => {
                depth -= 1;
                if depth == 0 {
                    return Some((tex[start + 1..*end].to_string(), *start..end + 1, k + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Index of the next token that is not a space.
fn skip_space(toks: &[Token], mut i: usize) -> usize {
    while matches!(toks.get(i), Some(Token::Space(_))) {
        i += 1;
    }
    i
}

/// A structural problem in a formula: where, what, and the other end when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupIssue {
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub other: Option<(Range<usize>, String)>,
    pub help: String,
}

#[derive(Debug)]
enum Frame {
    Brace(usize),
    Left(Range<usize>),
    Begin(String, Range<usize>),
}

/// The first unbalanced `{`/`}`, `\left`/`\right` or `\begin`/`\end` in `tex` (one per formula:
/// after the first break the rest is not reliable).
pub fn check_groups(tex: &str) -> Option<GroupIssue> {
    let toks = tokenize(tex);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Token::Open(p) => stack.push(Frame::Brace(*p)),
            Token::Close(p) => match stack.pop() {
                Some(Frame::Brace(_)) => {}
                Some(frame) => return Some(unclosed_before(frame, *p, "`}`")),
                None => {
                    return Some(GroupIssue {
                        span: *p..p + 1,
                        message: "unbalanced `}`: no `{` opens it".into(),
                        label: "closes nothing".into(),
                        other: None,
                        help:
                            "remove the `}` or add the missing `{`; write `\\}` for a literal brace"
                                .into(),
                    });
                }
            },
            Token::Other(p) if tex[*p..].starts_with(['^', '_']) => {
                let next = toks.get(skip_space(&toks, i + 1));
                let missing = match next {
                    None | Some(Token::Close(_)) => true,
                    Some(Token::Other(q)) => tex[*q..].starts_with(['^', '_', '&']),
                    _ => false,
                };
                if missing {
                    let op = &tex[*p..p + 1];
                    let what = if op == "^" {
                        "superscript"
                    } else {
                        "subscript"
                    };
                    return Some(GroupIssue {
                        span: *p..p + 1,
                        message: format!("{what} `{op}` has no argument"),
                        label: "expects a group or a symbol after it".into(),
                        other: None,
                        help: format!("give it an argument, for example `x{op}{{2}}`"),
                    });
                }
            }
            Token::Command { name, range }
                if (name == "left" || name == "right") && no_delimiter(&toks, i) =>
            {
                let example = if name == "left" { "(" } else { ")" };
                return Some(GroupIssue {
                    span: range.clone(),
                    message: format!("`\\{name}` has no delimiter"),
                    label: "a delimiter must follow it".into(),
                    other: None,
                    help: format!(
                        "write `\\{name}{example}` or `\\{name}.` (an invisible delimiter)"
                    ),
                });
            }
            Token::Command { name, range } if name == "left" => {
                stack.push(Frame::Left(range.clone()));
                i = skip_space(&toks, i + 1);
            }
            Token::Command { name, range } if name == "right" => {
                match stack.pop() {
                    Some(Frame::Left(_)) => {}
                    Some(frame) => return Some(unclosed_before(frame, range.start, "`\\right`")),
                    None => {
                        return Some(GroupIssue {
                            span: range.clone(),
                            message: "`\\right` without a matching `\\left`".into(),
                            label: "no `\\left` before it".into(),
                            other: None,
                            help: "add the `\\left` delimiter, or remove `\\right`".into(),
                        });
                    }
                }
                i = skip_space(&toks, i + 1);
            }
            Token::Command { name, range } if name == "begin" || name == "end" => {
                let at = skip_space(&toks, i + 1);
                if let Some((env, arg, next)) = brace_arg(tex, &toks, at) {
                    let whole = range.start..arg.end;
                    if name == "begin" {
                        stack.push(Frame::Begin(env, whole));
                    } else {
                        match stack.pop() {
                            Some(Frame::Begin(open, _)) if open == env => {}
                            Some(Frame::Begin(open, open_span)) => {
                                return Some(GroupIssue {
                                    span: whole,
                                    message: format!(
                                        "`\\begin{{{open}}}` is closed by `\\end{{{env}}}`"
                                    ),
                                    label: format!("expected `\\end{{{open}}}`"),
                                    other: Some((open_span, "opened here".into())),
                                    help: format!(
                                        "write `\\end{{{open}}}`, or close `{env}` where it was opened"
                                    ),
                                });
                            }
                            Some(frame) => {
                                return Some(unclosed_before(
                                    frame,
                                    range.start,
                                    &format!("`\\end{{{env}}}`"),
                                ));
                            }
                            None => {
                                return Some(GroupIssue {
                                    span: whole,
                                    message: format!(
                                        "`\\end{{{env}}}` without a matching `\\begin{{{env}}}`"
                                    ),
                                    label: "nothing to close".into(),
                                    other: None,
                                    help: format!("add `\\begin{{{env}}}` before it, or remove it"),
                                });
                            }
                        }
                    }
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop().map(|frame| unclosed_at_end(frame, tex.len()))
}

/// Whether the `\left` or `\right` at token `i` has nothing after it that could be its
/// delimiter: the formula or its group ends, or a letter follows (`\right$$`, `\right}`).
fn no_delimiter(toks: &[Token], i: usize) -> bool {
    matches!(
        toks.get(skip_space(toks, i + 1)),
        None | Some(Token::Close(_) | Token::Word { .. })
    )
}

fn unclosed_before(frame: Frame, at: usize, what: &str) -> GroupIssue {
    let mut g = unclosed_at_end(frame, at);
    g.message = format!(
        "{} before {what}",
        g.message.trim_end_matches(" before the formula ends")
    );
    g
}

fn unclosed_at_end(frame: Frame, end: usize) -> GroupIssue {
    let _ = end;
    match frame {
        Frame::Brace(p) => GroupIssue {
            span: p..p + 1,
            message: "unbalanced `{`: not closed before the formula ends".into(),
            label: "never closed".into(),
            other: None,
            help: "add the missing `}`; write `\\{` for a literal brace".into(),
        },
        Frame::Left(r) => GroupIssue {
            span: r,
            message: "`\\left` without a matching `\\right` before the formula ends".into(),
            label: "never closed".into(),
            other: None,
            help: "add `\\right` with its delimiter (`\\right.` for none)".into(),
        },
        Frame::Begin(env, r) => GroupIssue {
            span: r,
            message: format!("`\\begin{{{env}}}` is not closed before the formula ends"),
            label: "never closed".into(),
            other: None,
            help: format!("add `\\end{{{env}}}`"),
        },
    }
}

/// Offsets of the `%` signs in `tex` that start a TeX comment (not written `\%`): the comment
/// hides the rest of its line.
pub fn comment_percents(tex: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut bytes = tex.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            b'\\' => {
                bytes.next();
            }
            b'%' => out.push(i),
            _ => {}
        }
    }
    out
}

/// Whether `s` contains a blank line (which ends a paragraph).
pub fn has_blank_line(s: &str) -> bool {
    let mut lines = s.split('\n');
    lines.next();
    let mut it = lines.peekable();
    while let Some(l) = it.next() {
        if l.trim().is_empty() && it.peek().is_some() {
            return true;
        }
    }
    false
}

/// Commands whose first argument is a name or a colour, not math (besides [`TEXT_MODE`]'s).
const NAME_ARGS: &[&str] = &[
    "mathrm",
    "mathit",
    "mathbf",
    "mathsf",
    "mathtt",
    "mathcal",
    "mathbb",
    "mathfrak",
    "mathscr",
    "operatorname",
    "operatornamewithlimits",
    "label",
    "tag",
    "ref",
    "eqref",
    "color",
    "textcolor",
    "colorbox",
    "href",
    "url",
    "begin",
    "end",
    "newcommand",
    "renewcommand",
    "DeclareMathOperator",
    "def",
    "htmlClass",
    "htmlId",
    "htmlStyle",
    "class",
    "style",
    "cssId",
    "unicode",
    "verb",
];

/// Prose punctuation that may stand between the words of a run: `e.g., quicksort; mergesort`.
fn is_run_punctuation(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?')
}

/// Characters that make one word of the two words they touch on both sides: `cross-entropy`,
/// `don't` (with a space on either side, `-` is a minus and `'` a prime).
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '\u{2019}')
}

/// One word of a run: where, how many letters, and whether whitespace separates it from the
/// word before.
struct RunWord {
    range: Range<usize>,
    letters: usize,
    spaced: bool,
}

/// The part of a run of words worth reporting: two or more words of two or more letters, one
/// of at least three (`dx dy`, `n log n`, `f(x, y)` and `a, b, c` are not); single letters at
/// either end set apart by whitespace are left out (`x` in `x in S`), those glued by
/// punctuation kept (`e.g.`).
fn reportable(run: &[RunWord]) -> Option<Range<usize>> {
    let long = run.iter().filter(|w| w.letters >= 2).count();
    if long < 2 || !run.iter().any(|w| w.letters >= 3) {
        return None;
    }
    let mut a = 0;
    while run[a].letters < 2 && run[a + 1].spaced {
        a += 1;
    }
    let mut b = run.len() - 1;
    while run[b].letters < 2 && run[b].spaced {
        b -= 1;
    }
    Some(run[a].range.start..run[b].range.end)
}

/// Runs of words in math mode, outside text arguments, separated by spaces or prose
/// punctuation (`,` `.` `;` `:` `!` `?`; a hyphen or apostrophe inside a word): they render as
/// italic letter soup. See `reportable` for which runs count.
pub fn bare_word_runs(tex: &str) -> Vec<Range<usize>> {
    let toks = tokenize(tex);
    let mut out = Vec::new();
    let mut run: Vec<RunWord> = Vec::new();
    // Whitespace since the last word, and whether the token before joined two words.
    let mut spaced = false;
    let mut joined = false;
    let flush = |run: &mut Vec<RunWord>, out: &mut Vec<Range<usize>>| {
        out.extend(reportable(run));
        run.clear();
    };
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Token::Command { name, .. }
                if TEXT_MODE.contains(&name.as_str()) || NAME_ARGS.contains(&name.as_str()) =>
            {
                flush(&mut run, &mut out);
                let mut at = skip_space(&toks, i + 1);
                if matches!(toks.get(at), Some(Token::Other(p)) if tex[*p..].starts_with('*')) {
                    at = skip_space(&toks, at + 1);
                }
                if let Some((_, _, next)) = brace_arg(tex, &toks, at) {
                    i = next;
                    continue;
                }
            }
            Token::Word { range } => {
                let letters = tex[range.clone()].chars().count();
                match run.last_mut() {
                    Some(last) if joined => {
                        last.range.end = range.end;
                        last.letters += letters;
                    }
                    _ => run.push(RunWord {
                        range: range.clone(),
                        letters,
                        spaced,
                    }),
                }
                spaced = false;
                joined = false;
            }
            Token::Space(_) => spaced = true,
            Token::Other(p) if !run.is_empty() => {
                let c = tex[*p..].chars().next().unwrap_or(' ');
                let glued = !spaced
                    && matches!(toks.get(i - 1), Some(Token::Word { .. }))
                    && matches!(toks.get(i + 1), Some(Token::Word { .. }));
                if is_joiner(c) && glued {
                    joined = true;
                } else if !is_run_punctuation(c) {
                    flush(&mut run, &mut out);
                }
            }
            _ => flush(&mut run, &mut out),
        }
        i += 1;
    }
    flush(&mut run, &mut out);
    out
}

/// Whether `tex` uses TeX notation: a command (`\frac`) or an escaped TeX character (`\{`,
/// `\,`, `\\`), a group, or a superscript or subscript with its argument (`x^2`, `x_{i}`). A
/// `\` before another character (`C:\>`), an escaped dollar (`\$`: Markdown's as much as
/// TeX's, and what escaping prose dollars leaves behind), a `^` with nothing after it (`/^`, a
/// regex anchor) and an `_` inside a name such as `MY_VAR` or `max_iter` (two or more letters
/// or digits on each side) are not TeX.
pub fn has_tex_markup(tex: &str) -> bool {
    let b = tex.as_bytes();
    let name = |s: &[u8]| s.iter().all(u8::is_ascii_alphanumeric);
    let argument = |i: usize| {
        b.get(i + 1)
            .is_some_and(|n| n.is_ascii_alphanumeric() || matches!(n, b'{' | b'\\'))
    };
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\\' => b
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || b"{},;:!\\|_%#& ".contains(n)),
        b'{' | b'}' => true,
        b'^' => argument(i),
        b'_' => {
            let snake = i >= 2 && name(&b[i - 2..i]) && b.get(i + 1..i + 3).is_some_and(name);
            argument(i) && !snake
        }
        _ => false,
    })
}

/// Whether the dollars of a formula (`range`, delimiters included, in `text`) are prose the
/// parser paired, not math delimiters: `this.$slots and this.$scopedSlots`, `$HOME/bin:$PATH`,
/// `costs 25 $. Then 5 $`, `"${user.name}" and "$count"`. The TeX has no TeX notation (a
/// template placeholder opening an inline pair, `{user.name}`, is no group) and two or more
/// words (of two or more letters, one of three; one of two letters is enough when a name
/// follows the closing `$` and the opening one is glued to a name or the TeX ends with a list's
/// comma: `vm.$el, vm.$options`, `$http,$q`), and a delimiter gives it away: the closing
/// `$` starts a name (a letter, digit, `_` or `{` right after it), the opening one is glued to
/// what comes before (`this.$x`, `&$x`, `C:\>$x`, `^$`), a dollar follows an amount (`25 $`),
/// or there is a space inside a delimiter (a non-breaking one, which the parser does not count
/// as a space). A display pair (`$$ … $$`) counts when it sits inside a line of prose and
/// holds only words and prose punctuation.
pub fn dollars_in_prose(text: &str, range: Range<usize>, tex: &str, display: bool) -> bool {
    let notation = if display { tex } else { after_template(tex) };
    if has_tex_markup(notation) || text.get(range.clone()).is_none() {
        return false;
    }
    let words: Vec<usize> = tokenize(tex)
        .iter()
        .filter_map(|t| match t {
            Token::Word { range } => Some(tex[range.clone()].chars().count()),
            _ => None,
        })
        .collect();
    let before = &text[..range.start];
    let after = &text[range.end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    let starts_name = next.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '{');
    let ends_name =
        prev.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '&' | '@' | '^' | '>'));
    // Both dollars glued to names (`vm.$el, vm.$options`), or a name right after a list's comma
    // (`$http,$q`): short words are enough.
    let listed = !display
        && starts_name
        && (ends_name || tex.ends_with([',', ';']))
        && tex.contains([',', ';', ' ']);
    let enough = if listed {
        words.iter().any(|&n| n >= 2)
    } else {
        words.iter().filter(|&&n| n >= 2).count() >= 2 && words.iter().any(|&n| n >= 3)
    };
    if !enough {
        return false;
    }
    if display {
        let words_only = tex
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || is_run_punctuation(c) || is_joiner(c));
        let line_before = before.rsplit('\n').next().unwrap_or("");
        let line_after = after.split('\n').next().unwrap_or("");
        let prose_before = !line_before
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+'))
            .is_empty();
        return words_only && prose_before && !line_after.trim().is_empty();
    }
    let after_amount = before
        .trim_end_matches(char::is_whitespace)
        .ends_with(|c: char| c.is_ascii_digit());
    let spaced_inside = tex.starts_with(char::is_whitespace) || tex.ends_with(char::is_whitespace);
    starts_name || ends_name || after_amount || spaced_inside
}

/// The TeX after a template placeholder that opens it (`{user.name}` in `"${user.name}" and
/// "$count"`: Kotlin, JavaScript and shell templates): a group holding only a name or a dotted
/// path is program text, not a TeX group, so the notation is looked for after it.
fn after_template(tex: &str) -> &str {
    let Some((path, rest)) = tex.strip_prefix('{').and_then(|r| r.split_once('}')) else {
        return tex;
    };
    let name = path.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'));
    if name { rest } else { tex }
}

/// Every command used in `tex`, with its range.
pub fn commands(tex: &str) -> Vec<(String, Range<usize>)> {
    tokenize(tex)
        .into_iter()
        .filter_map(|t| match t {
            Token::Command { name, range } => Some((name, range)),
            _ => None,
        })
        .collect()
}

/// Environment names used with `\begin{...}`, with the range of the name.
pub fn environments(tex: &str) -> Vec<(String, Range<usize>)> {
    let toks = tokenize(tex);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Token::Command { name, .. } = t
            && name == "begin"
            && let Some((env, arg, _)) = brace_arg(tex, &toks, skip_space(&toks, i + 1))
        {
            out.push((env.trim().to_string(), arg.start + 1..arg.end - 1));
        }
    }
    out
}

/// Names a formula defines with `\newcommand`, `\renewcommand`, `\def`, `\let` or
/// `\DeclareMathOperator`.
pub fn defined_macros(tex: &str) -> Vec<String> {
    let toks = tokenize(tex);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Token::Command { name, .. } = t else {
            continue;
        };
        if !matches!(
            name.as_str(),
            "newcommand"
                | "renewcommand"
                | "providecommand"
                | "def"
                | "gdef"
                | "let"
                | "DeclareMathOperator"
        ) {
            continue;
        }
        let mut at = skip_space(&toks, i + 1);
        if matches!(toks.get(at), Some(Token::Other(p)) if tex[*p..].starts_with('*')) {
            at = skip_space(&toks, at + 1);
        }
        if matches!(toks.get(at), Some(Token::Open(_))) {
            at += 1;
        }
        if let Some(Token::Command { name, .. }) = toks.get(at) {
            out.push(name.clone());
        }
    }
    out
}

/// A list file under `rules/math/`: one name per line, `#` comments and blank lines skipped.
fn list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or(l))
        .collect()
}

/// Commands GitHub renders: those KaTeX knows but not those only KaTeX knows, plus those only
/// GitHub's MathJax knows (see `rules/math/`).
pub fn known_commands() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s = list(include_str!("../../rules/math/commands.txt"));
        s.retain(|n| !katex_only_commands().contains_key(n));
        s.extend(list(include_str!("../../rules/math/mathjax-only.txt")));
        s
    })
}

/// A command KaTeX renders but GitHub's MathJax rejects in math mode (a line of
/// `rules/math/katex-only.txt`).
#[derive(Debug)]
pub struct KatexOnly {
    /// What MathJax renders instead, when there is an obvious equivalent.
    pub replacement: Option<&'static str>,
    /// MathJax accepts it inside `\text{...}` (`\emph`).
    pub in_text: bool,
}

/// The KaTeX-only commands by name (`rules/math/katex-only.txt`: name, replacement or `-`, and
/// `text` when MathJax takes it in text mode).
pub fn katex_only_commands() -> &'static HashMap<&'static str, KatexOnly> {
    static MAP: OnceLock<HashMap<&'static str, KatexOnly>> = OnceLock::new();
    MAP.get_or_init(|| {
        let text = include_str!("../../rules/math/katex-only.txt");
        let lines = text.lines().map(str::trim);
        lines
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split_whitespace();
                let name = cols.next()?;
                let replacement = cols.next().filter(|r| *r != "-");
                let in_text = cols.next() == Some("text");
                Some((
                    name,
                    KatexOnly {
                        replacement,
                        in_text,
                    },
                ))
            })
            .collect()
    })
}

/// Commands whose argument is typeset in text mode.
const TEXT_MODE: &[&str] = &[
    "text",
    "textrm",
    "textit",
    "textbf",
    "textsf",
    "texttt",
    "textnormal",
    "textup",
    "textmd",
    "emph",
    "mbox",
    "hbox",
];

/// The ranges of `tex` inside text-mode arguments (`\text{...}`, braces included).
pub fn text_mode_ranges(tex: &str) -> Vec<Range<usize>> {
    let toks = tokenize(tex);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Token::Command { name, .. } = t
            && TEXT_MODE.contains(&name.as_str())
            && let Some((_, arg, _)) = brace_arg(tex, &toks, skip_space(&toks, i + 1))
        {
            out.push(arg);
        }
    }
    out
}

/// Environments GitHub's MathJax knows (see `rules/math/environments.txt`).
pub fn known_environments() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| list(include_str!("../../rules/math/environments.txt")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_balance() {
        assert_eq!(
            check_groups(r"\frac{a}{b} + \left( x \right) \begin{matrix} 1 \end{matrix}"),
            None
        );
        assert_eq!(check_groups(r"\{ x \}"), None);
        let g = check_groups(r"\frac{a}{b").unwrap();
        assert_eq!(g.span, 8..9);
        let g = check_groups(r"a}").unwrap();
        assert_eq!(g.span, 1..2);
        let g = check_groups(r"\left( x").unwrap();
        assert_eq!(g.span, 0..5);
        let g = check_groups(r"x \right)").unwrap();
        assert_eq!(g.span, 2..8);
        let g = check_groups(r"\begin{pmatrix} 1 \end{bmatrix}").unwrap();
        assert_eq!(g.other.unwrap().0, 0..15);
        assert!(g.message.contains("closed by `\\end{bmatrix}`"));
        assert_eq!(check_groups("x^").unwrap().span, 1..2);
        assert_eq!(check_groups("{x_}").unwrap().span, 2..3);
        assert_eq!(check_groups("x^{2} + a_i^2"), None);
        let g = check_groups(r"{ \left( x }").unwrap();
        assert!(g.message.contains("before `}`"), "{}", g.message);
    }

    #[test]
    fn katex_only_commands_are_not_known() {
        let katex = list(include_str!("../../rules/math/commands.txt"));
        let only = katex_only_commands();
        assert!(only.len() > 100);
        for (name, k) in only {
            assert!(katex.contains(name), "{name} is not a KaTeX command");
            assert!(!known_commands().contains(name), "{name} is KaTeX-only");
            assert!(k.replacement.is_none_or(|r| r != "-"));
        }
        assert_eq!(only["argmax"].replacement, Some(r"\operatorname*{argmax}"));
        assert!(only["emph"].in_text && !only["bm"].in_text);
        let envs = known_environments();
        assert!(envs.contains("multline") && envs.contains("aligned") && !envs.contains("darray"));
    }

    #[test]
    fn text_mode_arguments() {
        let tex = r"\emph{a} + \text{b \emph{c}} + \mathrm{d}";
        let ranges: Vec<&str> = text_mode_ranges(tex).into_iter().map(|r| &tex[r]).collect();
        assert_eq!(ranges, ["{a}", r"{b \emph{c}}", "{c}"]);
    }

    #[test]
    fn bare_words_outside_text() {
        let tex = r"\frac{True Positives}{TP + FP} = \text{true positive rate} \, dx dy";
        let runs: Vec<&str> = bare_word_runs(tex).into_iter().map(|r| &tex[r]).collect();
        assert_eq!(runs, ["True Positives"]);
        assert!(bare_word_runs(r"\operatorname{arg max} x").is_empty());
        assert!(bare_word_runs(r"\begin{pmatrix} a & b \end{pmatrix}").is_empty());
    }

    fn runs(tex: &str) -> Vec<&str> {
        bare_word_runs(tex).into_iter().map(|r| &tex[r]).collect()
    }

    #[test]
    fn bare_words_across_punctuation() {
        assert_eq!(
            runs("e.g., quicksort, mergesort"),
            ["e.g., quicksort, mergesort"]
        );
        assert_eq!(runs("cross-entropy loss"), ["cross-entropy loss"]);
        assert_eq!(runs("don't do it"), ["don't do it"]);
        assert_eq!(runs("x in S and y in T"), ["in S and y in"]);
        assert_eq!(runs("low; high: mid"), ["low; high: mid"]);
        assert_eq!(runs(r"x_{train, test}"), ["train, test"]);
        // Real math: single letters, short names, operators and commands in between.
        for tex in [
            "f(x, y)",
            "a, b, c",
            r"i = 1, \dots, n",
            "x_{i,j}",
            r"O(n \log n)",
            "O(n log n)",
            "dx dy",
            "lr, wd",
            "total - discount",
            "f'(x) = g'(x)",
            "a-b, c-d",
            r"\text{if } x, \mathrm{max}, y",
            "3.5, 4.5",
        ] {
            assert!(runs(tex).is_empty(), "{tex}: {:?}", runs(tex));
        }
    }

    #[test]
    fn tex_markup() {
        for tex in [
            r"\frac{a}{b}",
            "x^2",
            "x_i",
            "x_{ij}",
            "{a}",
            "a_bc",
            r"a\,b",
            r"\{x\}",
        ] {
            assert!(has_tex_markup(tex), "{tex}");
        }
        for tex in [
            "HOME/bin:",
            "MY_VAR and",
            "max_iter = 10",
            "a + b = c",
            r"PS C:\>",
            "/^",
            "a^ b",
            r"PATH is \$HOME and",
        ] {
            assert!(!has_tex_markup(tex), "{tex}");
        }
    }

    /// `dollars_in_prose` on the first formula of `text` (`$…$`, or `$$…$$` when `display`).
    fn prose(text: &str, display: bool) -> bool {
        let d = if display { "$$" } else { "$" };
        let open = text.find(d).unwrap();
        let close = open + d.len() + text[open + d.len()..].find(d).unwrap();
        let tex = &text[open + d.len()..close];
        dollars_in_prose(text, open..close + d.len(), tex, display)
    }

    #[test]
    fn prose_dollars() {
        assert!(prose("this.$slots and this.$scopedSlots", false));
        assert!(prose("see $HOME/bin:$PATH now", false));
        assert!(prose("x = $initial + other; y = $next", false));
        assert!(prose("costs 25\u{a0}$. Then it costs 5\u{a0}$ more", false));
        assert!(prose("x $B]] is true whereas [[$a holds", false));
        assert!(prose(
            "PS C:\\>$cred = Get-Item -Force PS C:\\>$next",
            false
        ));
        assert!(prose("the PID $$ and the parent $$PPID", true));
        assert!(prose("The PID is in $$. It costs $$ to run.", true));
        // Real math, or too little to tell.
        assert!(!prose("where $accuracy = correct / total$ holds", false));
        assert!(!prose(r"so $\frac{True Positives}{all}$x", false));
        assert!(!prose("the $i$th element", false));
        assert!(!prose("a.$slots$b", false));
        assert!(!prose("so $sin x cos y$ holds", false));
        assert!(!prose("$$\nif and only if\n$$", true));
        assert!(!prose("costs $$ x^2 + y^2 $$ here", true));
    }

    #[test]
    fn macros_defined_in_formulas() {
        assert_eq!(
            defined_macros(
                r"\newcommand{\R}{\mathbb{R}} \def\eps{\epsilon} \DeclareMathOperator*{\argmax}{arg\,max}"
            ),
            ["R", "eps", "argmax"]
        );
    }

    #[test]
    fn comments_and_symbols() {
        let toks = tokenize("a % \\fraq\n\\\\ \\{");
        assert!(!toks.iter().any(|t| matches!(t, Token::Command { .. })));
    }
}
