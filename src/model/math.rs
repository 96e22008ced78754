//! TeX inside formulas: a small tokenizer and the checks QA202–QA204 share. Offsets are byte
//! offsets into the formula's TeX.

use std::collections::HashSet;
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

/// Commands whose first argument is text, a name or a colour, not math.
const TEXT_ARGS: &[&str] = &[
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

/// Runs of two or more words (each of two or more letters, at least one of three) in math
/// mode, outside text arguments: they render as italic letter soup.
pub fn bare_word_runs(tex: &str) -> Vec<Range<usize>> {
    let toks = tokenize(tex);
    let mut skip_until: Option<usize> = None; // token index where a text argument ends
    let mut out = Vec::new();
    let mut run: Vec<Range<usize>> = Vec::new();
    let flush = |run: &mut Vec<Range<usize>>, out: &mut Vec<Range<usize>>| {
        let letters = |r: &Range<usize>| tex[r.clone()].chars().count();
        if run.len() >= 2
            && run.iter().all(|r| letters(r) >= 2)
            && run.iter().any(|r| letters(r) >= 3)
        {
            out.push(run[0].start..run[run.len() - 1].end);
        }
        run.clear();
    };
    let mut i = 0;
    while i < toks.len() {
        if skip_until.is_some_and(|end| i < end) {
            i += 1;
            continue;
        }
        match &toks[i] {
            Token::Command { name, .. } if TEXT_ARGS.contains(&name.as_str()) => {
                flush(&mut run, &mut out);
                let mut at = skip_space(&toks, i + 1);
                if matches!(toks.get(at), Some(Token::Other(p)) if tex[*p..].starts_with('*')) {
                    at = skip_space(&toks, at + 1);
                }
                if let Some((_, _, next)) = brace_arg(tex, &toks, at) {
                    skip_until = Some(next);
                    i = next;
                    continue;
                }
            }
            Token::Word { range } => run.push(range.clone()),
            Token::Space(_) => {}
            _ => flush(&mut run, &mut out),
        }
        i += 1;
    }
    flush(&mut run, &mut out);
    out
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

/// Commands KaTeX knows, plus those only GitHub's MathJax knows (see `rules/math/`).
pub fn known_commands() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s = list(include_str!("../../rules/math/commands.txt"));
        s.extend(list(include_str!("../../rules/math/mathjax-only.txt")));
        s
    })
}

/// Environments KaTeX knows (see `rules/math/environments.txt`).
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
    fn bare_words_outside_text() {
        let tex = r"\frac{True Positives}{TP + FP} = \text{true positive rate} \, dx dy";
        let runs: Vec<&str> = bare_word_runs(tex).into_iter().map(|r| &tex[r]).collect();
        assert_eq!(runs, ["True Positives"]);
        assert!(bare_word_runs(r"\operatorname{arg max} x").is_empty());
        assert!(bare_word_runs(r"\begin{pmatrix} a & b \end{pmatrix}").is_empty());
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
