//! The similarity measure behind QA402 and its threshold join: exact against brute force, and
//! the template-sibling behaviour the default threshold relies on.

use qalint::rules::duplicates::similarity::{
    Index, Settings, TitleKey, analyze, analyze_reported, generate, normalize, terms, title_words,
};

fn index(titles: &[String]) -> Index {
    let t: Vec<Vec<String>> = titles.iter().map(|s| terms(&normalize(s))).collect();
    Index::build(&t)
}

#[test]
fn join_finds_the_same_pairs_as_brute_force() {
    let titles = generate::titles(3_000, 2_000, 7);
    let idx = index(&titles);
    for t in [0.5, 0.7, 0.85, 0.95, 1.0] {
        let fast = idx.pairs(t);
        let slow = idx.brute_force_pairs(t);
        assert!(!slow.is_empty(), "threshold {t}: the sample has pairs");
        let key = |v: &[(u32, u32, f32)]| v.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>();
        assert_eq!(key(&fast), key(&slow), "threshold {t}");
    }
}

#[test]
fn join_from_some_titles_finds_every_pair_they_are_in() {
    let titles = generate::titles(3_000, 2_000, 11);
    let idx = index(&titles);
    let mut rng = generate::Rng::new(5);
    let probes: Vec<bool> = (0..titles.len()).map(|_| rng.below(20) == 0).collect();
    for t in [0.5, 0.8, 0.85, 1.0] {
        let slow: Vec<(u32, u32)> = idx
            .brute_force_pairs(t)
            .into_iter()
            .filter(|p| probes[p.0 as usize] || probes[p.1 as usize])
            .map(|p| (p.0, p.1))
            .collect();
        let fast: Vec<(u32, u32)> = idx
            .pairs_with(t, &probes)
            .iter()
            .map(|p| (p.0, p.1))
            .collect();
        assert!(!slow.is_empty(), "threshold {t}: the sample has pairs");
        assert_eq!(fast, slow, "threshold {t}");
    }
}

/// Generated titles in 40 files, with exact copies across files, and QA402's settings.
fn generated_files() -> (Vec<(String, Vec<TitleKey>)>, Settings) {
    let titles = generate::titles(4_000, 1_500, 3);
    let mut rng = generate::Rng::new(9);
    let mut files: Vec<(String, Vec<TitleKey>)> = (0..40)
        .map(|i| (format!("docs/part-{i:02}.md"), Vec::new()))
        .collect();
    for (i, t) in titles.iter().enumerate() {
        let f = rng.below(files.len());
        files[f].1.push(TitleKey::of_title(t));
        if i % 50 == 0 {
            let g = rng.below(files.len());
            files[g].1.push(TitleKey::of_title(t));
        }
    }
    (files, settings())
}

#[test]
fn reporting_some_files_finds_what_reporting_all_finds_in_them() {
    let (files, settings) = generated_files();
    let refs: Vec<(&str, &[TitleKey])> = files.iter().map(|(p, k)| (p.as_str(), &k[..])).collect();
    let all = analyze(&refs, settings);
    assert!(
        all.similar.len() > 20 && all.duplicates.len() > 20,
        "the sample has findings"
    );
    for pick in [1, 7, 13] {
        let reported: Vec<bool> = (0..files.len()).map(|f| f % pick == 0).collect();
        let some = analyze_reported(&refs, settings, &reported);
        let similar = in_reported(&all.similar, |s| s.0, &reported);
        assert_eq!(some.similar, similar, "every {pick}th file reported");
        let duplicates = in_reported(&all.duplicates, |d| d.0, &reported);
        let dup = in_reported(&some.duplicates, |d| d.0, &reported);
        assert_eq!(dup, duplicates, "every {pick}th file reported");
    }
}

#[test]
fn words_read_in_the_file_phase_give_the_same_findings() {
    let (mut files, settings) = generated_files();
    let refs: Vec<(&str, &[TitleKey])> = files.iter().map(|(p, k)| (p.as_str(), &k[..])).collect();
    let fresh = analyze(&refs, settings);
    for (_, keys) in &mut files {
        for k in keys.iter_mut() {
            k.words = Some(title_words(k, ""));
        }
    }
    let refs: Vec<(&str, &[TitleKey])> = files.iter().map(|(p, k)| (p.as_str(), &k[..])).collect();
    let read = analyze(&refs, settings);
    assert_eq!(read.duplicates, fresh.duplicates);
    assert_eq!(read.similar, fresh.similar);
    assert!(!read.similar.is_empty());
}

/// QA402's default settings.
fn settings() -> Settings {
    Settings {
        threshold: 0.85,
        generic_share: 0.02,
        generic_count: 5,
        subjects_apart: true,
    }
}

/// The findings of `found` whose later question (`at`) is in a reported file.
fn in_reported<T: Clone>(
    found: &[T],
    at: impl Fn(&T) -> (usize, usize),
    reported: &[bool],
) -> Vec<T> {
    found
        .iter()
        .filter(|f| reported[at(f).0])
        .cloned()
        .collect()
}

fn similarity(a: &str, b: &str, others: &[&str]) -> f32 {
    let mut titles: Vec<String> = vec![a.into(), b.into()];
    titles.extend(others.iter().map(|s| s.to_string()));
    let idx = index(&titles);
    qalint::rules::duplicates::similarity::dot(&idx.vectors[0], &idx.vectors[1])
}

const REPO: &[&str] = &[
    "What is the role of RNNs in medical imaging?",
    "What is the role of transformers in medical imaging?",
    "What is overfitting?",
    "How does dropout work?",
    "What is the difference between bagging and boosting?",
];

#[test]
fn template_siblings_stay_below_the_threshold() {
    let s = similarity(
        "What is the role of CNNs in medical imaging?",
        "What is the role of GANs in medical imaging?",
        REPO,
    );
    // The shared template words are in many titles (low IDF); the subjects are rare.
    assert!(s < 0.6, "{s}");
}

#[test]
fn rewording_reordering_and_plurals_score_high() {
    let s = similarity(
        "What is transfer learning?",
        "Explain the concept of transfer learning.",
        REPO,
    );
    assert!(s > 0.99, "{s}");
    let s = similarity(
        "How do decision trees handle missing values?",
        "Missing values: how does a decision tree handle them?",
        REPO,
    );
    assert!(s > 0.99, "{s}");
}

fn keys(titles: &[&str]) -> Vec<TitleKey> {
    titles.iter().map(|t| TitleKey::of_title(t)).collect()
}

#[test]
fn duplicates_point_at_the_first_and_languages_stay_apart() {
    let en = keys(&["What is SQL?", "What is a join?", "What is **SQL**"]);
    let en2 = keys(&["what is sql", "Explain the concept of joins."]);
    let fr = keys(&["What is SQL?"]);
    let files: Vec<(&str, &[TitleKey])> = vec![
        ("docs/a.md", &en),
        ("docs/b.md", &en2),
        ("docs/b-fr.md", &fr),
    ];
    let settings = settings();
    let a = analyze(&files, settings);
    assert_eq!(a.duplicates, vec![((0, 2), (0, 0)), ((1, 0), (0, 0))]);
    assert_eq!(a.similar.len(), 1);
    assert_eq!((a.similar[0].0, a.similar[0].1), ((1, 1), (0, 1)));
}

#[test]
fn generic_titles_are_left_alone() {
    let mut titles = vec!["What's the output?"; 12];
    titles.push("What is a closure?");
    titles.push("What is a closure?");
    let k = keys(&titles);
    let files: Vec<(&str, &[TitleKey])> = vec![("README.md", &k)];
    let settings = settings();
    let a = analyze(&files, settings);
    assert_eq!(a.duplicates, vec![((0, 13), (0, 12))]);
}

#[test]
fn a_topic_s_own_words_do_not_make_a_title_generic() {
    // Every title of a topical repository names its topic: "docker" and "container" are as
    // frequent as "output" is in a quiz of snippets, but a title made of them asks something.
    let mut titles: Vec<String> = [
        "What is a Docker container?",
        "What is a Docker image?",
        "How do you stop a Docker container?",
        "How do you remove a Docker container?",
        "How do you list Docker containers?",
        "How do you build a Docker image?",
        "How do you tag a Docker image?",
        "What is a Docker container?",
    ]
    .map(String::from)
    .to_vec();
    // Titles that point at their body stay generic, however often they are asked.
    titles.extend(["What is the output of this Docker image?"; 2].map(String::from));
    titles.extend(["What is the output of:"; 2].map(String::from));
    titles.extend(["What's the output?"; 5].map(String::from));
    // So do quiz prompts, asked less often.
    titles.extend(["True or false?"; 2].map(String::from));
    titles.extend(["Which is true?"; 3].map(String::from));
    titles.extend(["Which is false?"; 3].map(String::from));
    // A curly apostrophe does not make a title foreign.
    titles.extend(["What’s a Docker image?"; 2].map(String::from));
    // The same snippet under the same prompt is the same question.
    titles.extend(["What's the output?"; 2].map(String::from));
    let mut k: Vec<TitleKey> = titles.iter().map(|t| TitleKey::of_title(t)).collect();
    let n = k.len();
    k[n - 2].body = 7;
    k[n - 1].body = 7;
    let files: Vec<(&str, &[TitleKey])> = vec![("README.md", &k)];
    let a = analyze(&files, settings());
    let (curly, snippet) = ((0, n - 3), (0, n - 1));
    assert_eq!(
        a.duplicates,
        vec![((0, 7), (0, 0)), (curly, (0, n - 4)), (snippet, (0, n - 2))]
    );
}

#[test]
fn the_code_keywords_a_title_key_marks_are_the_words_qa402_drops() {
    use qalint::model::titles::CODE_FUNCTION_WORDS;
    use qalint::rules::duplicates::similarity::reading::Reading;
    for w in CODE_FUNCTION_WORDS {
        let plain = Reading::of(&format!("What is the {w} keyword?"), "");
        let marked = Reading::of(&format!("What is the `{w}` keyword?"), "");
        assert_eq!(plain.terms, vec!["keyword"], "{w}");
        assert!(marked.terms.len() == 2, "{w}: {:?}", marked.terms);
    }
}

mod labelled_pairs {
    //! QA402's precision and recall over the labelled pairs of `tests/data/qa402-pairs.tsv` (the
    //! header says how they were built), at the default threshold of `rules/QA402.yml`, through
    //! the rule's own judgement ([`Group::judge`]). Each source and language is one group, as a
    //! repository's language is: its titles are the pairs' and the background's.
    //! `QA402_VERDICTS=/tmp/qa402.tsv` writes every verdict to `/tmp/qa402-committed.tsv` and
    //! `/tmp/qa402-corpora.tsv`, for `scripts/qa402-embedding-baseline.py`.

    use std::collections::BTreeMap;
    use std::io::Write;

    use qalint::rules::duplicates::qa402_similar_question::SimilarQuestionOptions;
    use qalint::rules::duplicates::similarity::{Group, Judgement, Settings, TitleKey, Verdict};

    struct Pair {
        same: bool,
        a: String,
        b: String,
        group: (String, String),
        same_file: bool,
    }

    fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect())
    }

    fn language(field: &str) -> String {
        if field == "-" {
            String::new()
        } else {
            field.to_string()
        }
    }

    fn pairs() -> Vec<Pair> {
        rows(include_str!("data/qa402-pairs.tsv"))
            .map(|r| {
                assert_eq!(r.len(), 6, "{r:?}");
                Pair {
                    same: r[0] == "1",
                    a: r[1].to_string(),
                    b: r[2].to_string(),
                    group: (r[3].to_string(), language(r[4])),
                    same_file: r[5] == "same",
                }
            })
            .collect()
    }

    /// QA402's verdicts on labelled pairs, counted.
    #[derive(Default)]
    struct Tally {
        tp: usize,
        fp: usize,
        fneg: usize,
        tn: usize,
        /// Where every verdict goes as a row when `QA402_VERDICTS` names a file: label, score,
        /// verdict, title a, title b, language (the input of
        /// `scripts/qa402-embedding-baseline.py`).
        verdicts: Option<std::io::BufWriter<std::fs::File>>,
    }

    impl Tally {
        /// A tally that also writes its verdicts to `$QA402_VERDICTS`, with `suffix` before
        /// the file's extension, when that variable is set.
        fn new(suffix: &str) -> Tally {
            let verdicts = std::env::var_os("QA402_VERDICTS").map(|path| {
                let path = std::path::PathBuf::from(path);
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                let ext = path
                    .extension()
                    .map(|e| format!(".{}", e.to_string_lossy()));
                let path =
                    path.with_file_name(format!("{stem}{suffix}{}", ext.unwrap_or_default()));
                let file = std::fs::File::create(&path).expect("QA402_VERDICTS is writable");
                std::io::BufWriter::new(file)
            });
            Tally {
                verdicts,
                ..Tally::default()
            }
        }

        /// Counts the judgement of `p`, and prints it when it is wrong.
        fn add(&mut self, p: &Pair, judgement: &Judgement) {
            let reported = judgement.verdict == Verdict::Similar;
            if let Some(out) = &mut self.verdicts {
                let row = [
                    u8::from(p.same).to_string(),
                    format!("{:.4}", judgement.score),
                    format!("{:?}", judgement.verdict),
                    p.a.clone(),
                    p.b.clone(),
                    p.group.1.clone(),
                ];
                writeln!(out, "{}", row.join("\t")).expect("QA402_VERDICTS is writable");
            }
            match (reported, p.same) {
                (true, true) => self.tp += 1,
                (true, false) => self.fp += 1,
                (false, true) => self.fneg += 1,
                (false, false) => self.tn += 1,
            }
            if reported != p.same {
                let kind = if reported {
                    "false positive"
                } else {
                    "false negative"
                };
                println!(
                    "{kind} {:.2} {:?}\n    {}\n    {}",
                    judgement.score, judgement.verdict, p.a, p.b
                );
            }
        }

        fn pairs(&self) -> usize {
            self.tp + self.fp + self.fneg + self.tn
        }

        /// Prints the table; returns precision and recall.
        fn print(&self) -> (f64, f64) {
            let (tp, fp, fneg, tn) = (self.tp, self.fp, self.fneg, self.tn);
            let precision = tp as f64 / (tp + fp).max(1) as f64;
            let recall = tp as f64 / (tp + fneg).max(1) as f64;
            println!("                 labelled same   labelled different");
            println!("reported         {tp:>13}   {fp:>18}");
            println!("not reported     {fneg:>13}   {tn:>18}");
            println!("precision {precision:.3}, recall {recall:.3}");
            (precision, recall)
        }
    }

    /// Each source and language's titles (sorted) and its group.
    fn groups(
        pairs: &[Pair],
        settings: Settings,
    ) -> BTreeMap<(String, String), (Vec<String>, Group)> {
        let mut titles: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for p in pairs {
            let t = titles.entry(p.group.clone()).or_default();
            t.push(p.a.clone());
            t.push(p.b.clone());
        }
        for r in rows(include_str!("data/qa402-background.tsv")) {
            titles
                .entry((r[0].to_string(), language(r[1])))
                .or_default()
                .push(r[2].to_string());
        }
        let mut out = BTreeMap::new();
        for (key, mut list) in titles {
            list.sort();
            list.dedup();
            let keys: Vec<TitleKey> = list.iter().map(|t| TitleKey::of_title(t)).collect();
            let refs: Vec<(usize, &TitleKey)> = keys.iter().enumerate().collect();
            let group = Group::new(&refs, &key.1, settings);
            out.insert(key, (list, group));
        }
        out
    }

    #[test]
    fn precision_and_recall_at_the_default_threshold() {
        let settings = SimilarQuestionOptions::resolve(None)
            .expect("defaults")
            .settings;
        let pairs = pairs();
        let groups = groups(&pairs, settings);
        let mut tally = Tally::new("-committed");
        for p in &pairs {
            let (list, group) = &groups[&p.group];
            let index =
                |t: &str| group.title_of(list.binary_search_by(|x| x.as_str().cmp(t)).unwrap());
            tally.add(p, &group.judge(index(&p.a), index(&p.b), p.same_file));
        }
        println!("threshold {}, {} pairs", settings.threshold, pairs.len());
        let (precision, recall) = tally.print();
        assert!(pairs.len() >= 300);
        // Measured 0.902 and 0.805 (BENCHMARKS-similarity.md); the target is 0.9 for both:
        // precision meets it, recall does not. The floors catch a regression; what is left is
        // listed there (paraphrases with other content words, a constraint one title adds).
        assert!(precision >= 0.9, "precision {precision:.3}");
        assert!(recall >= 0.80, "recall {recall:.3}");
    }

    /// The repository `source` names in `corpora` (`Ebazhanov` → `Ebazhanov__linkedin-…`).
    fn corpus(corpora: &std::path::Path, source: &str) -> Option<std::path::PathBuf> {
        std::fs::read_dir(corpora)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("{source}__")))
            })
    }

    /// Each language group of the repository at `root`, as QA402 builds it under its config:
    /// every question of every markdown file, keyed with the code under its title.
    fn corpus_groups(
        root: &std::path::Path,
        settings: Settings,
    ) -> BTreeMap<String, (Vec<TitleKey>, Group)> {
        use qalint::config::{self, Overrides};
        use qalint::model::document::Document;
        // The config that fits the repository (`scripts/corpora/<name>.yml`), as the corpus
        // tests use.
        let name = root
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let file =
            config::ConfigFile::load(std::path::Path::new(&format!("scripts/corpora/{name}.yml")))
                .ok();
        let profile = config::resolve(file.as_ref(), &Overrides::default(), root)
            .expect("the corpus's profile");
        let mut files: Vec<std::path::PathBuf> = ignore::WalkBuilder::new(root)
            .build()
            .flatten()
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        let mut keys: BTreeMap<String, Vec<(usize, TitleKey)>> = BTreeMap::new();
        for (i, path) in files.iter().enumerate() {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let rel = path
                .strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .into_owned();
            let doc = Document::parse(rel.clone(), text.into(), &profile.parse);
            let language = qalint::rules::duplicates::similarity::language_of(&rel);
            let list = keys.entry(language).or_default();
            list.extend(
                doc.questions
                    .iter()
                    .map(|q| (i, TitleKey::of(&doc, q)))
                    .filter(|k| !k.1.is_blank()),
            );
        }
        keys.into_iter()
            .map(|(language, list)| {
                let refs: Vec<(usize, &TitleKey)> = list.iter().map(|(f, k)| (*f, k)).collect();
                let group = Group::new(&refs, &language, settings);
                let keys = list.into_iter().map(|(_, k)| k).collect();
                (language, (keys, group))
            })
            .collect()
    }

    /// The same pairs judged in the repositories they come from, when `../shared/corpora` is
    /// there: the words are weighed over every title of the repository's language, and a title
    /// is generic or over code as it is there (the test above has only a sample of the
    /// repositories' titles, so its weights and generic titles are not quite the rule's).
    #[test]
    fn precision_and_recall_in_the_corpora() {
        let corpora = std::path::Path::new("../shared/corpora");
        if !corpora.is_dir() {
            eprintln!("skipping: ../shared/corpora is absent");
            return;
        }
        let settings = SimilarQuestionOptions::resolve(None)
            .expect("defaults")
            .settings;
        let pairs = pairs();
        let mut by_source: BTreeMap<String, BTreeMap<String, (Vec<TitleKey>, Group)>> =
            BTreeMap::new();
        let (mut tally, mut missing) = (Tally::new("-corpora"), 0);
        for p in &pairs {
            let (source, language) = &p.group;
            if !by_source.contains_key(source) {
                let Some(root) = corpus(corpora, source) else {
                    continue;
                };
                by_source.insert(source.clone(), corpus_groups(&root, settings));
            }
            let Some((keys, group)) = by_source[source].get(language) else {
                missing += 1;
                continue;
            };
            let find = |t: &str| {
                keys.iter()
                    .position(|k| &*k.text == t)
                    .map(|i| group.title_of(i))
            };
            let (Some(a), Some(b)) = (find(&p.a), find(&p.b)) else {
                missing += 1;
                continue;
            };
            tally.add(p, &group.judge(a, b, p.same_file));
        }
        println!(
            "in the corpora: {} pairs judged, {missing} not found",
            tally.pairs()
        );
        assert!(
            missing * 10 <= pairs.len(),
            "{missing} pairs not found in the corpora"
        );
        let (precision, recall) = tally.print();
        // Measured 0.881 and 0.828 (BENCHMARKS-similarity.md): floors against a regression.
        assert!(precision >= 0.87, "precision {precision:.3}");
        assert!(recall >= 0.81, "recall {recall:.3}");
    }
}

mod odd_titles {
    //! Reading any title never panics, whatever its quotes, marks and scripts.

    use proptest::prelude::*;
    use qalint::rules::duplicates::similarity::reading::Reading;

    proptest! {
        #[test]
        fn any_title_reads(title in r"[a-zC#+'’_`\x22 .,?:()\-é漢ä]{0,40}", language in "|es|ua|zh-cn|de") {
            let r = Reading::of(&title, &language);
            prop_assert!(r.terms.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
