//! Generates a synthetic Q&A markdown repository for benchmarks (not a test).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --out DIR --files N --questions Q --seed S \
//!     [--preset q-colon|number-dot|quiz|details|bold|list-heading] [--defect-rate R]
//! ```
//!
//! Writes `DIR/.qalint.yml` (the preset) and `N` files under `DIR/docs/` of `Q` questions each.
//! Answers hold paragraphs, lists, fenced code, tables, inline and display math and links (to
//! questions of the same file, to other files, outside); heading presets get a table of contents.
//! Each defect the rules find (numbering gaps, duplicates and order, malformed headings, wrong
//! levels, title style, placeholder answers and links, broken links, unclosed math, unbalanced
//! groups, unknown TeX commands, bare words, duplicate and similar questions, TOC defects,
//! malformed emphasis, glued list numbers) is injected at `--defect-rate` per question (default
//! 0.004 for each kind). The output depends only on the arguments: same seed, same bytes.
//! Prints the files, questions and bytes written.

use std::fmt::Write as _;
use std::path::PathBuf;

use qalint::model::anchors::slug;

/// xorshift64*: small, fast, deterministic; good enough for text generation.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed so that nearby seeds diverge and 0 is allowed.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ADJ: &[&str] = &[
    "sparse",
    "dense",
    "recurrent",
    "convolutional",
    "linear",
    "logistic",
    "bayesian",
    "robust",
    "stochastic",
    "batch",
    "online",
    "federated",
    "distributed",
    "hierarchical",
    "contrastive",
    "generative",
    "discriminative",
    "adversarial",
    "variational",
    "residual",
    "causal",
    "masked",
    "weighted",
    "regularised",
    "quantised",
    "pruned",
    "ensemble",
    "incremental",
    "adaptive",
    "greedy",
    "hashed",
    "approximate",
    "exact",
    "kernel",
    "spectral",
    "graph",
    "temporal",
    "spatial",
    "multimodal",
    "semantic",
    "lexical",
    "probabilistic",
    "deterministic",
    "gradient",
    "iterative",
    "recursive",
    "parallel",
    "lazy",
];
const NOUN: &[&str] = &[
    "attention",
    "embedding",
    "pooling",
    "normalisation",
    "dropout",
    "regression",
    "clustering",
    "tokenisation",
    "sampling",
    "inference",
    "search",
    "indexing",
    "caching",
    "sharding",
    "replication",
    "scheduling",
    "compression",
    "encoding",
    "decoding",
    "segmentation",
    "detection",
    "classification",
    "ranking",
    "retrieval",
    "alignment",
    "augmentation",
    "calibration",
    "distillation",
    "optimisation",
    "initialisation",
    "interpolation",
    "smoothing",
    "filtering",
    "hashing",
    "partitioning",
    "routing",
    "matching",
    "tracking",
    "forecasting",
    "imputation",
    "aggregation",
    "projection",
    "factorisation",
    "estimation",
    "validation",
    "labelling",
    "annotation",
    "propagation",
    "convolution",
    "recurrence",
    "backtracking",
    "memoisation",
    "serialisation",
    "profiling",
    "benchmarking",
    "logging",
    "monitoring",
    "versioning",
    "deployment",
    "orchestration",
    "provisioning",
    "balancing",
    "throttling",
    "batching",
];
const DOMAIN: &[&str] = &[
    "computer vision",
    "speech recognition",
    "recommender systems",
    "time series",
    "databases",
    "compilers",
    "operating systems",
    "networking",
    "robotics",
    "genomics",
    "finance",
    "search engines",
    "web servers",
    "mobile apps",
    "game engines",
    "data pipelines",
    "stream processing",
    "cloud storage",
    "embedded systems",
    "natural language processing",
    "medical imaging",
    "fraud detection",
    "autonomous driving",
    "machine translation",
    "anomaly detection",
    "graph analytics",
    "edge devices",
    "microservices",
    "data warehouses",
    "signal processing",
    "cryptography",
    "information retrieval",
];
const TEMPLATES: &[&str] = &[
    "What is {t} in {d}?",
    "How does {t} work in {d}?",
    "Why is {t} used in {d}?",
    "When should you use {t} in {d}?",
    "What are the trade-offs of {t} in {d}?",
    "How do you evaluate {t} in {d}?",
];
const WORDS: &[&str] = &[
    "the",
    "model",
    "data",
    "a",
    "of",
    "is",
    "to",
    "and",
    "each",
    "value",
    "which",
    "input",
    "output",
    "layer",
    "when",
    "error",
    "loss",
    "step",
    "large",
    "small",
    "set",
    "with",
    "for",
    "every",
    "training",
    "test",
    "memory",
    "time",
    "cost",
    "query",
    "index",
    "table",
    "node",
    "edge",
    "batch",
    "request",
    "latency",
    "throughput",
    "result",
    "first",
    "then",
    "only",
    "usually",
    "often",
    "because",
    "this",
    "that",
    "can",
    "must",
    "should",
    "will",
    "by",
];
const INLINE_MATH: &[&str] = &[
    r"$\frac{TP}{TP+FP}$",
    r"$\alpha + \beta = 1$",
    r"$O(n \log n)$",
    r"$\sum_{i=1}^{n} x_i$",
    r"$\sqrt{\sigma^2 + \epsilon}$",
    r"$\mathbb{E}[X]$",
    r"$\nabla_\theta L(\theta)$",
    r"$x \in \mathbb{R}^d$",
    r"$\lambda \|w\|_2^2$",
    r"$p(y \mid x)$",
];
const DISPLAY_MATH: &[&str] = &[
    r"$$L = -\frac{1}{N} \sum_{i=1}^{N} y_i \log \hat{y}_i$$",
    r"$$\text{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$$",
    r"$$\theta_{t+1} = \theta_t - \eta \nabla_\theta L(\theta_t)$$",
    "$$\n\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}\n$$",
    r"$$\mathrm{Var}(X) = \mathbb{E}\left[(X - \mu)^2\right]$$",
];
const CODE: &[(&str, &str)] = &[
    (
        "python",
        "def train(model, data, epochs=10):\n    for epoch in range(epochs):\n        for x, y in data:\n            loss = model.step(x, y)\n    return model\n",
    ),
    (
        "sql",
        "SELECT user_id, COUNT(*) AS n\nFROM events\nWHERE ts > now() - interval '1 day'\nGROUP BY user_id\nORDER BY n DESC;\n",
    ),
    (
        "rust",
        "fn mean(xs: &[f64]) -> f64 {\n    xs.iter().sum::<f64>() / xs.len() as f64\n}\n",
    ),
    (
        "bash",
        "# not a heading: a comment in a code block\nkubectl get pods -n prod | grep -v Running\n",
    ),
    (
        "",
        "## Q1: not a question, only text in a code block\n$ not math\n",
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Preset {
    QColon,
    NumberDot,
    Quiz,
    Details,
    Bold,
    ListHeading,
}

impl Preset {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "q-colon" => Preset::QColon,
            "number-dot" => Preset::NumberDot,
            "quiz" => Preset::Quiz,
            "details" => Preset::Details,
            "bold" => Preset::Bold,
            "list-heading" => Preset::ListHeading,
            _ => return None,
        })
    }
    fn name(self) -> &'static str {
        match self {
            Preset::QColon => "q-colon",
            Preset::NumberDot => "number-dot",
            Preset::Quiz => "quiz",
            Preset::Details => "details",
            Preset::Bold => "bold",
            Preset::ListHeading => "list-heading",
        }
    }
    fn numbered(self) -> bool {
        matches!(
            self,
            Preset::QColon | Preset::NumberDot | Preset::Quiz | Preset::ListHeading
        )
    }
    fn has_toc(self) -> bool {
        matches!(
            self,
            Preset::QColon | Preset::NumberDot | Preset::Quiz | Preset::ListHeading
        )
    }
    fn level(self) -> usize {
        match self {
            Preset::QColon => 2,
            Preset::NumberDot | Preset::ListHeading => 3,
            Preset::Quiz => 4,
            Preset::Details | Preset::Bold => 0,
        }
    }
    /// The heading text of a question (what the TOC repeats and the anchor is made from).
    fn heading_text(self, n: usize, title: &str) -> String {
        match self {
            Preset::QColon => format!("Q{n}: {title}"),
            Preset::NumberDot => format!("{n}. {title}"),
            Preset::Quiz => format!("Q{n}. {title}"),
            _ => title.to_string(),
        }
    }
}

/// Heading defects: at most one per question.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeadingDefect {
    None,
    Malformed,
    Level,
    TitleStyle,
}

struct Question {
    number: usize,
    title: String,
    heading: HeadingDefect,
}

struct Args {
    out: PathBuf,
    files: usize,
    questions: usize,
    seed: u64,
    preset: Preset,
    rate: f64,
}

fn parse_args() -> Args {
    let mut args = Args {
        out: PathBuf::from("corpus"),
        files: 100,
        questions: 60,
        seed: 1,
        preset: Preset::QColon,
        rate: 0.004,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    let usage = "usage: gen_corpus --out DIR --files N --questions Q --seed S [--preset P] [--defect-rate R]";
    while i < argv.len() {
        let value = argv.get(i + 1).cloned().unwrap_or_else(|| {
            eprintln!("{usage}");
            std::process::exit(2)
        });
        let bad = |what: &str| -> ! {
            eprintln!("gen_corpus: bad {what} `{value}`\n{usage}");
            std::process::exit(2)
        };
        match argv[i].as_str() {
            "--out" => args.out = PathBuf::from(&value),
            "--files" => args.files = value.parse().unwrap_or_else(|_| bad("--files")),
            "--questions" => args.questions = value.parse().unwrap_or_else(|_| bad("--questions")),
            "--seed" => args.seed = value.parse().unwrap_or_else(|_| bad("--seed")),
            "--preset" => args.preset = Preset::parse(&value).unwrap_or_else(|| bad("--preset")),
            "--defect-rate" => args.rate = value.parse().unwrap_or_else(|_| bad("--defect-rate")),
            _ => {
                eprintln!("{usage}");
                std::process::exit(2)
            }
        }
        i += 2;
    }
    args
}

/// The topic of the `g`-th question of the repository: a bijection of `g` onto the topic space
/// (while it lasts), so that ordinary questions never repeat or resemble one another.
fn topic(g: usize) -> String {
    let space = ADJ.len() * NOUN.len() * DOMAIN.len();
    // 7919 is prime and does not divide the space (48 * 64 * 32), so this is a permutation.
    let k = (g % space) * 7919 % space;
    let a = k % ADJ.len();
    let n = (k / ADJ.len()) % NOUN.len();
    let d = k / (ADJ.len() * NOUN.len());
    // Past the space (over ~98,000 questions), a made-up word of its own keeps each topic
    // distinct: a qualifier shared by a whole round ("secure …") would make every later title a
    // near-copy of an earlier one, which real repositories are not.
    let round = g / space;
    let qualifier = if round == 0 {
        String::new()
    } else {
        format!("{} ", made_up_word(g))
    };
    format!("{qualifier}{} {}|{}", ADJ[a], NOUN[n], DOMAIN[d])
}

/// A pronounceable word for `i`, distinct for distinct `i` (base-16 syllables).
fn made_up_word(i: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ne", "po", "ru", "sa", "ti", "vo", "ze", "ba", "de", "fi", "go", "hu",
        "ji",
    ];
    let mut s = String::new();
    let mut x = i;
    loop {
        s.push_str(SYL[x % SYL.len()]);
        x /= SYL.len();
        if x == 0 {
            break;
        }
    }
    s.push('n');
    s
}

fn title_from(topic: &str, template: &str) -> String {
    let (t, d) = topic.split_once('|').unwrap();
    let s = template.replace("{t}", t).replace("{d}", d);
    let mut c = s.chars();
    let first = c.next().unwrap().to_uppercase().collect::<String>();
    first + c.as_str()
}

fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let words = rng.range(lo, hi);
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().unwrap().to_uppercase());
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

struct Ctx<'a> {
    preset: Preset,
    rate: f64,
    file_names: &'a [String],
    plans: &'a [Vec<Question>],
}

impl Ctx<'_> {
    fn anchor(&self, file: usize, q: usize) -> String {
        let question = &self.plans[file][q];
        slug(&self.preset.heading_text(question.number, &question.title))
    }
}

/// One paragraph of an answer, with inline markup, math and links, and maybe a defect.
fn paragraph(rng: &mut Rng, ctx: &Ctx, file: usize, q: usize, out: &mut String) {
    let mut p = sentence(rng, 8, 20);
    for _ in 0..rng.range(1, 3) {
        p.push(' ');
        match rng.below(6) {
            0 => {
                let _ = write!(p, "The ratio {} matters here.", rng.pick(INLINE_MATH));
            }
            1 => {
                let _ = write!(
                    p,
                    "Use **{}** and `{}` for this.",
                    rng.pick(WORDS),
                    rng.pick(WORDS)
                );
            }
            2 if ctx.preset.has_toc() && q > 0 => {
                let target = rng.below(q);
                let _ = write!(
                    p,
                    "See [the earlier question](#{}).",
                    ctx.anchor(file, target)
                );
            }
            3 if ctx.plans.len() > 1 => {
                let other = (file + 1 + rng.below(ctx.plans.len() - 1)) % ctx.plans.len();
                if ctx.preset.has_toc() {
                    let target = rng.below(ctx.plans[other].len());
                    let _ = write!(
                        p,
                        "Compare with [this answer]({}#{}).",
                        ctx.file_names[other],
                        ctx.anchor(other, target)
                    );
                } else {
                    let _ = write!(p, "Compare with [this file]({}).", ctx.file_names[other]);
                }
            }
            4 => {
                let _ = write!(
                    p,
                    "Read [the paper](https://example.org/papers/{}).",
                    rng.below(10_000)
                );
            }
            _ => p.push_str(&sentence(rng, 6, 14)),
        }
    }
    // Answer-level defects, each at the defect rate.
    let r = ctx.rate;
    if rng.chance(r) {
        p.push_str(r" Recall is $\frac{TP}{TP+FN} for the positive class."); // QA201
    }
    if rng.chance(r) {
        p.push_str(r" The mean is $\frac{1}{n \sum_i x_i$."); // QA202
    }
    if rng.chance(r) {
        let bad = rng.pick(&[r"$\fraq{a}{b}$", r"$\sqart{x}$", r"$\alpah + \beta$"]);
        let _ = write!(p, " The term {bad} appears."); // QA203
    }
    if rng.chance(r) {
        p.push_str(r" Precision is $\frac{True Positives}{TP + FP}$."); // QA204
    }
    if rng.chance(r) {
        let bad = rng.pick(&[
            "[notes](missing-notes.md)",
            "[the tree question](#q99999-what-is-a-tree)",
            "![diagram](img/missing.png)",
        ]);
        let _ = write!(p, " See {bad}."); // QA303
    }
    if rng.chance(r) {
        p.push_str(" A common cure is ** regularisation ** and more data."); // QA601
    }
    out.push_str(&p);
    out.push_str("\n\n");
}

fn list(rng: &mut Rng, ctx: &Ctx, out: &mut String) {
    let ordered = rng.chance(0.5);
    let n = rng.range(2, 6);
    let glued = rng.chance(ctx.rate); // QA602
    for i in 1..=n {
        if ordered {
            if glued && i == 1 {
                let _ = writeln!(out, "{i}.{}", sentence(rng, 4, 10));
            } else {
                let _ = writeln!(out, "{i}. {}", sentence(rng, 4, 10));
            }
        } else {
            let _ = writeln!(out, "- **{}**: {}", rng.pick(WORDS), sentence(rng, 4, 10));
        }
    }
    out.push('\n');
}

fn answer(rng: &mut Rng, ctx: &Ctx, file: usize, q: usize, out: &mut String) {
    if rng.chance(ctx.rate) {
        // QA301: a placeholder answer.
        out.push_str(rng.pick(&["TODO\n\n", "**Coming soon...**\n\n", "TBD\n\n"]));
        return;
    }
    if rng.chance(ctx.rate) {
        // A suppression: used (QA203 on the next line) or unused (QA902).
        if rng.chance(0.5) {
            out.push_str("<!-- qalint-disable-next-line QA203 -->\nThe macro $\\mycustom{x}$ is defined elsewhere.\n\n");
        } else {
            out.push_str("<!-- qalint-disable-next-line QA301 -->\n");
        }
    }
    paragraph(rng, ctx, file, q, out);
    for _ in 0..rng.range(1, 4) {
        match rng.below(8) {
            0 | 1 => list(rng, ctx, out),
            2 => {
                let (lang, code) = CODE[rng.below(CODE.len())];
                let _ = write!(out, "```{lang}\n{code}```\n\n");
            }
            3 => {
                out.push_str("| metric | value | note |\n|---|---:|---|\n");
                for _ in 0..rng.range(2, 5) {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        rng.pick(WORDS),
                        rng.below(1000),
                        rng.pick(WORDS)
                    );
                }
                out.push('\n');
            }
            4 => {
                out.push_str(rng.pick(DISPLAY_MATH));
                out.push_str("\n\n");
            }
            5 => {
                let _ = write!(out, "> **Note:** {}\n\n", sentence(rng, 6, 12));
            }
            _ => paragraph(rng, ctx, file, q, out),
        }
    }
    if rng.chance(ctx.rate) {
        out.push_str("The rest of the answer is here.\n\n"); // QA302
    }
}

/// Plans every file's questions: numbers (with gaps, duplicates, swaps), titles (with
/// duplicates and rewordings of earlier questions) and heading defects.
fn plan(rng: &mut Rng, args: &Args) -> Vec<Vec<Question>> {
    let mut plans: Vec<Vec<Question>> = Vec::with_capacity(args.files);
    let mut g = 0usize;
    let mut earlier: Vec<String> = Vec::new(); // topics so far
    for _ in 0..args.files {
        let mut qs = Vec::with_capacity(args.questions);
        // QA104: a file that starts at 2.
        let mut n = if rng.chance(args.rate * args.questions as f64 / 4.0) {
            2
        } else {
            1
        };
        for _ in 0..args.questions {
            let r = args.rate;
            if args.preset.numbered() && rng.chance(r) {
                n += 1; // QA101: a gap
            }
            if args.preset.numbered() && n > 1 && rng.chance(r) {
                n -= 1; // QA102: a duplicate
            }
            let mut t = topic(g);
            let mut template = TEMPLATES[rng.below(TEMPLATES.len())];
            if !earlier.is_empty() && rng.chance(r) {
                // QA401: the same question again.
                let k = rng.below(earlier.len());
                t = earlier[k].clone();
                template = TEMPLATES[k % TEMPLATES.len()];
            } else if !earlier.is_empty() && rng.chance(r) {
                // QA402: an earlier topic, asked another way.
                t = earlier[rng.below(earlier.len())].clone();
            }
            let mut title = title_from(&t, template);
            if earlier.len() <= g {
                earlier.push(topic(g));
            }
            let heading = match rng.below(1_000_000) as f64 / 1e6 {
                x if x < r => HeadingDefect::Malformed,
                x if x < 2.0 * r => HeadingDefect::Level,
                x if x < 3.0 * r => HeadingDefect::TitleStyle,
                _ => HeadingDefect::None,
            };
            if heading == HeadingDefect::TitleStyle {
                title = match rng.below(3) {
                    0 => title.trim_end_matches('?').to_string(),
                    1 => title.replacen(' ', "  ", 1),
                    _ => format!("{title}   "),
                };
            }
            qs.push(Question {
                number: n,
                title,
                heading,
            });
            n += 1;
            g += 1;
        }
        // QA103: two neighbours swapped.
        if args.preset.numbered()
            && qs.len() > 2
            && rng.chance(args.rate * args.questions as f64 / 4.0)
        {
            let i = rng.below(qs.len() - 1);
            let (a, b) = (qs[i].number, qs[i + 1].number);
            qs[i].number = b;
            qs[i + 1].number = a;
        }
        plans.push(qs);
    }
    plans
}

fn question_block(rng: &mut Rng, ctx: &Ctx, file: usize, q: usize, out: &mut String) {
    let question = &ctx.plans[file][q];
    let (n, title) = (question.number, question.title.as_str());
    let mut level = ctx.preset.level();
    if question.heading == HeadingDefect::Level {
        level += 1;
    }
    let hashes = "#".repeat(level.max(1));
    let malformed = question.heading == HeadingDefect::Malformed;
    match ctx.preset {
        Preset::QColon | Preset::NumberDot | Preset::Quiz => {
            let text = if malformed {
                match (ctx.preset, rng.below(3)) {
                    (Preset::NumberDot, _) => format!("{hashes} {n}.{title}"),
                    (_, 0) => format!("{hashes}{}", ctx.preset.heading_text(n, title)),
                    (_, 1) => format!("{hashes} Q {n}: {title}"),
                    _ => format!("{hashes} q{n}: {title}"),
                }
            } else {
                format!("{hashes} {}", ctx.preset.heading_text(n, title))
            };
            let _ = write!(out, "{text}\n\n");
            answer(rng, ctx, file, q, out);
        }
        Preset::ListHeading => {
            let _ = write!(out, "{n}. {hashes} {title}\n\n");
            let mut body = String::new();
            answer(rng, ctx, file, q, &mut body);
            for line in body.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "   {line}");
                }
            }
        }
        Preset::Details => {
            let _ = write!(out, "<details><summary>{title}</summary><br><b>\n\n");
            answer(rng, ctx, file, q, out);
            out.push_str("</b></details>\n\n");
        }
        Preset::Bold => {
            let _ = write!(out, "**{title}**\n\n");
            answer(rng, ctx, file, q, out);
        }
    }
}

fn render_file(rng: &mut Rng, ctx: &Ctx, file: usize) -> String {
    let mut out = String::new();
    let _ = write!(out, "# Interview questions, part {}\n\n", file + 1);
    out.push_str(&sentence(rng, 18, 18));
    out.push_str(" Contributions welcome: open a pull request.\n\n");
    let qs = &ctx.plans[file];
    if ctx.preset.has_toc() {
        out.push_str("## Contents\n\n");
        let mut entries: Vec<String> = Vec::new();
        for (i, q) in qs.iter().enumerate() {
            if rng.chance(ctx.rate) {
                continue; // QA501: missing entry
            }
            let text = ctx.preset.heading_text(q.number, q.title.trim_end());
            let mut anchor = ctx.anchor(file, i);
            if rng.chance(ctx.rate) {
                anchor.push_str("-old"); // QA503: broken anchor
            }
            entries.push(format!("- [{text}](#{anchor})"));
        }
        if rng.chance(ctx.rate * qs.len() as f64 / 4.0) {
            // QA502: an entry for a question that is gone.
            let text = ctx.preset.heading_text(9_999, "What was removed?");
            entries.push(format!("- [{text}](#{})", slug(&text)));
        }
        if entries.len() > 3 && rng.chance(ctx.rate * qs.len() as f64 / 4.0) {
            let i = rng.below(entries.len() - 1);
            entries.swap(i, i + 1); // QA504: out of order
        }
        for e in entries {
            out.push_str(&e);
            out.push('\n');
        }
        out.push('\n');
    }
    if ctx.preset.level() != 2 {
        // Questions deeper than the TOC heading need a section of their own (else they would sit
        // inside the TOC's section).
        out.push_str("## Questions\n\n");
    }
    for q in 0..qs.len() {
        question_block(rng, ctx, file, q, &mut out);
    }
    out
}

fn main() {
    let args = parse_args();
    let mut rng = Rng::new(args.seed);
    let plans = plan(&mut rng, &args);
    let docs = args.out.join("docs");
    std::fs::create_dir_all(&docs).expect("create the output directory");
    std::fs::write(
        args.out.join(".qalint.yml"),
        format!("questions: {{preset: {}}}\n", args.preset.name()),
    )
    .expect("write .qalint.yml");
    let file_names: Vec<String> = (0..args.files)
        .map(|i| format!("questions-{i:05}.md"))
        .collect();
    let ctx = Ctx {
        preset: args.preset,
        rate: args.rate,
        file_names: &file_names,
        plans: &plans,
    };
    let mut bytes = 0usize;
    for (file, name) in file_names.iter().enumerate() {
        // One generator per file, derived from the seed: files do not depend on each other's text.
        let mut frng = Rng::new(args.seed ^ (file as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = render_file(&mut frng, &ctx, file);
        bytes += text.len();
        std::fs::write(docs.join(name), text).expect("write a file");
    }
    println!(
        "{} files, {} questions, {} bytes ({:.1} MB), preset {}",
        args.files,
        args.files * args.questions,
        bytes,
        bytes as f64 / 1e6,
        args.preset.name()
    );
}
