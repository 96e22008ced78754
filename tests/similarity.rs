//! The similarity measure behind QA402 and its threshold join: exact against brute force, and
//! the template-sibling behaviour the default threshold relies on.

use qalint::rules::duplicates::similarity::{
    Index, Settings, TitleKey, analyze, generate, normalize, terms,
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
    let settings = Settings {
        threshold: 0.85,
        generic_share: 0.02,
        generic_count: 5,
    };
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
    let settings = Settings {
        threshold: 0.85,
        generic_share: 0.02,
        generic_count: 5,
    };
    let a = analyze(&files, settings);
    assert_eq!(a.duplicates, vec![((0, 13), (0, 12))]);
}
