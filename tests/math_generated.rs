//! QA201 over a generated document: display formulas opened with `$$` and never closed, in many
//! shapes (alone on a line, TeX on the same line, after prose, in list items and block quotes,
//! one to four TeX lines, followed by a blank line, a heading or more prose), next to lone `$$`
//! in prose (the shell's PID, prices, `$$` in sentences). Every unclosed formula must be
//! reported on its `$$` line, and no lone `$$` at all.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use qalint::config::{self, ConfigFile, Overrides};
use qalint::engine;
use qalint::model::document::Document;

/// Lines of TeX a display formula may hold (none starts like a Markdown block: no `-`, `+`,
/// `*`, `#`, `>` or `1.` at the start).
const TEX: &[&str] = &[
    r"\frac{a}{b} + c",
    r"x^2 + y^2 = z^2",
    r"\sum_{i=1}^{n} x_i",
    r"e^{-\lambda t}",
    r"a_{ij} b_{jk}",
    r"\int_0^1 f(x)\, dx",
    r"P(A) = \frac{|A|}{|\Omega|}",
    r"{n \choose k} p^k (1-p)^{n-k}",
    r"\mathbf{w}^T \mathbf{x} + b",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    r"\text{loss} = \sum_i y_i \log \hat{y}_i",
    r"\left( \sum_k a_k b_k \right)^2",
    r"\nabla_\theta J(\theta)",
    r"2^{n} = \binom{n}{0} + \binom{n}{1}",
];

/// Lines that may continue a formula after its first line (they may start with `=`).
const MORE: &[&str] = &[
    r"= \frac{1}{n} \sum_i (x_i - \mu)^2",
    r"\quad \text{for all } i",
    r"\le \|x\|_2^2",
    r"= \prod_{j} p_j^{k_j}",
];

/// Sentences with a lone `$$` (written `{}`); a `\n` continues the paragraph.
const PROSE: &[&str] = &[
    "The PID of the shell is in {}.",
    "Running the job costs {} to schedule.",
    "{} is the PID of the current shell.",
    "echo {} prints the process id.",
    "Temporary files such as /tmp/out.{} are removed at exit.",
    "The shell keeps it in {}\nand scripts read it from there.",
    "It is pricey ({}) but worth it.",
    "kill -9 {} ends the script itself.",
    "The log goes to log_{}.txt by default.",
    "Premium plans cost {}, basic ones less.",
    "In bash, {} expands to the PID, e.g. in my_var names.",
    "{}\nis the PID of the shell.",
    "Prices range from $ to {} in this guide.",
    "The PID ({}) and the parent PID differ.",
    "Write {} for the PID, or $BASHPID in a subshell.",
    "A dinner there is {} and a lunch is cheaper.",
    "The PID is {}\nx_1 = 5 in the log after that.",
];

/// How the lines of a block are prefixed: the first line, and the lines after it.
const CONTAINERS: &[(&str, &str)] = &[
    ("", ""),
    ("- ", "  "),
    ("> ", "> "),
    ("1. ", "   "),
    ("> - ", ">   "),
];

struct Gen {
    text: String,
    line: usize,
    unclosed: BTreeSet<usize>,
    lone: BTreeSet<usize>,
}

impl Gen {
    /// Append one line; returns its number.
    fn line(&mut self, s: &str) -> usize {
        self.line += 1;
        self.text.push_str(s);
        self.text.push('\n');
        self.line
    }

    /// Append the lines of a block inside a container.
    fn block(&mut self, (first, rest): (&str, &str), lines: &[String]) -> Vec<usize> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| self.line(&format!("{}{l}", if i == 0 { first } else { rest })))
            .collect()
    }

    /// What follows a block: the paragraph ends with a blank line, then prose or a heading.
    fn after(&mut self, i: usize) {
        self.line("");
        match i % 3 {
            0 => {
                self.line("Some prose follows the block.");
                self.line("");
            }
            1 => {
                self.line(&format!("## Section {i}"));
                self.line("");
            }
            _ => {}
        }
    }
}

fn generate() -> Gen {
    let mut g = Gen {
        text: String::new(),
        line: 0,
        unclosed: BTreeSet::new(),
        lone: BTreeSet::new(),
    };
    g.line("# Generated formulas");
    g.line("");
    for i in 0..160 {
        let container = CONTAINERS[i % CONTAINERS.len()];
        let n = 1 + (i / CONTAINERS.len()) % 4;
        let mut tex: Vec<String> = (0..n)
            .map(|k| {
                if k > 0 && (i + k) % 3 == 0 {
                    MORE[(i + k) % MORE.len()].to_string()
                } else {
                    TEX[(i * 7 + k * 3) % TEX.len()].to_string()
                }
            })
            .collect();
        // Where the `$$` goes: alone on its line, glued to the TeX, before it with a space, at
        // the end of a line of prose, or glued to the TeX after prose.
        let lines: Vec<String> = match (i / 20) % 5 {
            0 => std::iter::once("$$".to_string()).chain(tex).collect(),
            1 => {
                tex[0] = format!("$${}", tex[0]);
                tex
            }
            2 => {
                tex[0] = format!("$$ {}", tex[0]);
                tex
            }
            3 => std::iter::once("The formula reads $$".to_string())
                .chain(tex)
                .collect(),
            _ => {
                tex[0] = format!("so that $${}", tex[0]);
                tex
            }
        };
        let mut lines = lines;
        if i % 4 == 3 {
            lines.push("which the text then explains.".to_string());
        }
        let at = g.block(container, &lines)[0];
        g.unclosed.insert(at);
        g.after(i);
    }
    for i in 0..(PROSE.len() * CONTAINERS.len() * 2) {
        let sentence = PROSE[i % PROSE.len()];
        let container = CONTAINERS[(i / PROSE.len()) % CONTAINERS.len()];
        let lines: Vec<String> = sentence
            .replace("{}", "$$")
            .split('\n')
            .map(str::to_string)
            .collect();
        let at = g.block(container, &lines);
        let with_dollars = sentence.split('\n').position(|l| l.contains("{}")).unwrap();
        g.lone.insert(at[with_dollars]);
        g.after(i);
    }
    g
}

#[test]
fn unclosed_display_math_found_and_lone_dollars_left_alone() {
    let g = generate();
    assert!(g.unclosed.len() >= 100, "{} unclosed", g.unclosed.len());
    assert!(g.lone.len() >= 100, "{} lone", g.lone.len());

    let file = ConfigFile::parse(Path::new("c.yml"), "{}").unwrap();
    let overrides = Overrides {
        select: Some(vec!["QA201".into()]),
        ignore: vec![],
    };
    let profile = config::resolve(Some(&file), &overrides, Path::new(".")).unwrap();
    let text: Arc<str> = Arc::from(g.text.as_str());
    let doc = Document::parse("generated.md".into(), text.clone(), &profile.parse);
    let found: Vec<(usize, String)> = engine::check_document(&doc, &profile)
        .into_iter()
        .map(|d| {
            let line = text[..d.span.start].matches('\n').count() + 1;
            assert_eq!(&text[d.span.clone()], "$$", "line {line}: {}", d.message);
            (line, d.message)
        })
        .collect();
    let lines: BTreeSet<usize> = found.iter().map(|(l, _)| *l).collect();
    let line_text = |l: usize| text.lines().nth(l - 1).unwrap_or("").to_string();

    let missed: Vec<String> = g
        .unclosed
        .difference(&lines)
        .map(|&l| format!("{l}: {}", line_text(l)))
        .collect();
    assert!(
        missed.is_empty(),
        "unclosed formulas not found:\n{}",
        missed.join("\n")
    );
    let extra: Vec<String> = lines
        .difference(&g.unclosed)
        .map(|&l| format!("{l}: {}", line_text(l)))
        .collect();
    assert!(
        extra.is_empty(),
        "reported but not unclosed formulas:\n{}",
        extra.join("\n")
    );
    assert!(g.lone.is_disjoint(&lines));
    // One finding per formula.
    assert_eq!(found.len(), g.unclosed.len());
}
