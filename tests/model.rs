//! The question model on each preset and on the edge cases every rule depends on.

use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use qalint::config::{self, ConfigFile, Overrides, Profile};
use qalint::model::document::Document;

fn profile(yaml: &str) -> Profile {
    let file = ConfigFile::parse(Path::new("test.yml"), yaml).unwrap();
    config::resolve(Some(&file), &Overrides::default(), Path::new(".")).unwrap()
}

/// One line per question: number, level, title, section heading, first line of the answer.
fn model(yaml: &str, text: &str) -> String {
    let p = profile(yaml);
    let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
    let mut out = String::new();
    for q in &doc.questions {
        let section = q
            .section
            .map(|s| doc.headings[s].text.text.clone())
            .unwrap_or_default();
        let answer = doc.slice(q.answer.clone()).trim();
        let answer = answer.lines().next().unwrap_or("");
        let line = doc.lines.position(&doc.text, q.span.start).line;
        writeln!(
            out,
            "L{line} #{} lvl={} {:?} title=[{}] section=[{section}] answer=[{answer}]",
            q.number.map_or("-".into(), |n| n.to_string()),
            q.level.map_or("-".into(), |l| l.to_string()),
            q.form,
            q.title,
        )
        .unwrap();
    }
    out
}

#[test]
fn q_colon_with_setext_crlf_and_excluded_regions() {
    let text = "---\ntitle: x\n## Q9: in front matter\n---\n\n# Intro\r\n\r\n## Q1: What is A?\r\n\r\nAnswer A.\r\n\r\nQ2: What is B?\r\n--------------\r\n\r\nAnswer B.\r\n\r\n<!-- ## Q3: commented -->\r\n\r\n```\r\n## Q4: fenced\r\n```\r\n\r\n## Section\r\n\r\n## Q3: What is C?\r\n\r\n### Detail\r\n\r\nC.\r\n";
    insta::assert_snapshot!(model("{}", text), @r##"
    L8 #1 lvl=2 Ok title=[What is A?] section=[Intro] answer=[Answer A.]
    L12 #2 lvl=2 Ok title=[What is B?] section=[Intro] answer=[Answer B.]
    L25 #3 lvl=2 Ok title=[What is C?] section=[Intro] answer=[### Detail]
    "##);
}

#[test]
fn number_dot_with_inline_anchor_and_escapes() {
    let text = "###### <a name=20190629></a>64. What's the output?\n\nA.\n\n###### 65\\. Which one?\n\n###### 66) Which two?\n\n<details><summary>Answer</summary>\n\n#### Answer: D\n\n</details>\n\n###### 67. And now?\n\n#### A heading outside details ends the answer\n";
    insta::assert_snapshot!(model("questions: {preset: number-dot, level: 6}", text), @r##"
    L1 #64 lvl=6 Ok title=[What's the output?] section=[] answer=[A.]
    L5 #65 lvl=6 Ok title=[Which one?] section=[] answer=[]
    L7 #66 lvl=6 Ok title=[Which two?] section=[] answer=[<details><summary>Answer</summary>]
    L15 #67 lvl=6 Ok title=[And now?] section=[] answer=[]
    "##);
}

#[test]
fn list_heading_uses_item_numbers_and_closes_open_fences_with_the_item() {
    let text = "# Git\n\n1. ### What is Git?\n\n   ```\n   unclosed fence inside the item\n\n2. ### What is a commit?\n\n   A snapshot.\n";
    insta::assert_snapshot!(model("questions: {preset: list-heading}", text), @r##"
    L3 #1 lvl=3 Ok title=[What is Git?] section=[Git] answer=[```]
    L8 #2 lvl=3 Ok title=[What is a commit?] section=[Git] answer=[A snapshot.]
    "##);
}

/// Written and rendered numbers of list-item questions: an answer's list at the margin is
/// continued by the next question, one indented too little puts its items among the questions,
/// and only `list-heading` questions get them (a `q-colon` heading in a list item has its number
/// in its text).
#[test]
fn list_heading_records_rendered_numbers() {
    let text = "7. ### What is A?\n\nSteps:\n\n1. one\n2. two\n\n8. ### What is B?\n\n   B.\n\n9. ### What is C?\n\n   C.\n\n  1. under-indented\n\n10. ### What is D?\n\nEnd.\n\n20. ### What is E?\n\n1. ## Q1: What is F?\n";
    let show = |yaml: &str| {
        let p = profile(yaml);
        let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
        let mut out = String::new();
        for q in &doc.questions {
            let line = doc.lines.position(&doc.text, q.span.start).line;
            let n = q.list_number.as_ref().map_or("-".to_string(), |n| {
                let after = n.after_other_items.map_or("-".to_string(), |o| {
                    format!("L{}", doc.lines.position(&doc.text, o).line)
                });
                let first = doc.lines.position(&doc.text, n.list_start).line;
                format!("{}->{} after={after} list=L{first}", n.written, n.rendered)
            });
            writeln!(out, "L{line} {n}").unwrap();
        }
        out
    };
    insta::assert_snapshot!(show("questions: {preset: list-heading}"), @r"
    L1 7->7 after=- list=L1
    L8 8->3 after=L5 list=L5
    L12 9->4 after=L5 list=L5
    L18 10->6 after=L16 list=L5
    L22 20->20 after=- list=L22
    L24 1->21 after=- list=L22
    ");
    insta::assert_snapshot!(show("{}"), @"L24 -");
}

#[test]
fn quiz_and_near_misses() {
    let text = "## Quiz\n\n#### Q1. Which?\n\n- [x] a\n\n#### Q 2: Which?\n\n####Q3. Which?\n";
    insta::assert_snapshot!(model("questions: {preset: quiz}", text), @r##"
    L3 #1 lvl=4 Ok title=[Which?] section=[Quiz] answer=[- [x] a]
    L7 #2 lvl=4 NearMiss title=[Which?] section=[Quiz] answer=[]
    L9 #3 lvl=4 MissingSpace title=[Which?] section=[Quiz] answer=[]
    "##);
}

#[test]
fn details_answers_end_with_their_block() {
    let text = "## Net\n\n<details>\n<summary>What is <b>TCP</b>?</summary><br><b>\n\nA protocol.\n\n<details><summary>Nested</summary>inner</details>\n</b></details>\n\nAfter.\n\n<details><summary>Empty?</summary></details>\n";
    insta::assert_snapshot!(model("questions: {preset: details}", text), @r##"
    L4 #- lvl=- Ok title=[What is TCP?] section=[Net] answer=[<br><b>]
    L8 #- lvl=- Ok title=[Nested] section=[Net] answer=[inner]
    L13 #- lvl=- Ok title=[Empty?] section=[Net] answer=[]
    "##);
}

#[test]
fn bold_questions_allow_trailing_emoji_and_skip_labels() {
    let text = "## Basics\n\n**What is a p-value? 👶**\n\nA probability.\n\n**Note:**\n\nNot a question.\n\nSome **bold** text.\n\n## More\n\n**Precision-recall trade-off ‍⭐️**\n\nBalance.\n";
    insta::assert_snapshot!(model("questions: {preset: bold}", text), @r##"
    L3 #- lvl=- Ok title=[What is a p-value?] section=[Basics] answer=[A probability.]
    L15 #- lvl=- Ok title=[Precision-recall trade-off] section=[More] answer=[Balance.]
    "##);
}

#[test]
fn a_summary_may_start_with_a_blank_line() {
    let text =
        "<details>\n<summary>\n\n**What is a p-value?**\n\n</summary>\n\nAnswer.\n</details>\n";
    insta::assert_snapshot!(model("questions: {preset: details}", text), @"L2 #- lvl=- Ok title=[**What is a p-value?**] section=[] answer=[Answer.]");
}

#[test]
fn only_real_comments_hide_headings() {
    // An escaped `\<!--` and an unclosed inline `<!--` are text, not comments.
    let text = "Use \\<!-- to start.\n\ntext <!-- oops\n\n## Q1: What is A?\n\n## Q2: What is B?\n\n<!--\n## Q3: hidden\n-->\n\nSee <!-- an inline comment --> here.\n";
    insta::assert_snapshot!(model("{}", text), @r##"
    L5 #1 lvl=2 Ok title=[What is A?] section=[] answer=[]
    L7 #2 lvl=2 Ok title=[What is B?] section=[] answer=[<!--]
    "##);
}

#[test]
fn details_and_hash_lines_inside_comments_or_code_spans_are_ignored() {
    let p = profile("questions: {preset: details}");
    let text = "<!--\n<details><summary>What is x</summary>\n</details>\n-->\n";
    let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
    assert!(doc.questions.is_empty());
    let p = profile("{}");
    let text = "a <!-- b\n##Q5: x -->\n\n`a\n##Q6: y`\n";
    let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
    assert!(doc.questions.is_empty(), "{:?}", doc.questions);
}

#[test]
fn setext_headings_are_recognised_by_their_underline() {
    let p = profile("{}");
    let doc = Document::parse(
        "t.md".into(),
        Arc::from("#foo\n---\n\n## Q1: x?\n"),
        &p.parse,
    );
    assert!(doc.headings[0].setext);
    assert!(!doc.headings[1].setext);
}

#[test]
fn lone_cr_line_endings_give_the_right_lines() {
    let p = profile("{}");
    let text = "## Q1: What is A?\r## Q3: What is C?\r";
    let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
    let lines: Vec<usize> = doc
        .questions
        .iter()
        .map(|q| doc.lines.position(&doc.text, q.span.start).line)
        .collect();
    assert_eq!(lines, [1, 2]);
}

#[test]
fn pathological_inputs_stay_linear() {
    // These used to rescan the rest of the file for every tag: keep them in the suite so a
    // quadratic regression shows up as a test that does not finish.
    let p = profile("questions: {preset: details}");
    let unclosed = "<summary>\n".repeat(20_000);
    Document::parse("t.md".into(), Arc::from(unclosed.as_str()), &p.parse);
    let nested = "<details><summary>a</summary>\n".repeat(10_000);
    let doc = Document::parse("t.md".into(), Arc::from(nested.as_str()), &p.parse);
    assert_eq!(doc.questions.len(), 10_000);
    let amps = format!("<summary>{}</summary>", "&".repeat(500_000));
    Document::parse("t.md".into(), Arc::from(amps.as_str()), &p.parse);
    let p = profile("{}");
    // Pairs of consecutive numbers far apart: half the steps are `+1`, so they are a count
    // with huge gaps (sparser numbers would be identifiers, which no rule reads).
    let gaps: String = (0..3000)
        .map(|i| format!("## Q{}: x?\n", 1 + (i / 2) * 99_999 + i % 2))
        .collect();
    let doc = Document::parse("t.md".into(), Arc::from(gaps.as_str()), &p.parse);
    let mut out = Vec::new();
    qalint::rules::numbering::sequence::check_document(
        qalint::rules::by_code_or_name("QA101").unwrap(),
        &doc,
        &mut out,
    );
    assert_eq!(out.len(), 1499);
    let sections: String = (0..30_000).map(|i| format!("# Q{i}: x?\n")).collect();
    Document::parse("t.md".into(), Arc::from(sections.as_str()), &p.parse);
}

#[test]
fn formulas_follow_githubs_delimiter_rules() {
    let p = profile("{}");
    let text = "Inline $x^2$ and $`a+b`$, money $5 and $10, $a$5, escaped \\$x$ here.\n\n$$\nE = mc^2\n$$\n\n- item $\\alpha$\n\n| a | $\\beta$ |\n|---|---|\n\n`$code$`\n\n```math\n\\frac{1}{2}\n```\n\nBroken $\\frac{1}{n$ stays a formula to explain.\n";
    let doc = Document::parse("t.md".into(), Arc::from(text), &p.parse);
    let got: Vec<(String, bool, bool)> = doc
        .formulas
        .iter()
        .map(|f| (f.tex.clone(), f.display, f.parsed))
        .collect();
    let want: Vec<(String, bool, bool)> = [
        ("x^2", false, true),
        ("a+b", false, true),
        ("\nE = mc^2\n", true, true),
        ("\\alpha", false, true),
        ("\\beta", false, true),
        ("\\frac{1}{2}\n", true, true),
        ("\\frac{1}{n", false, false),
    ]
    .iter()
    .map(|(t, d, p)| (t.to_string(), *d, *p))
    .collect();
    assert_eq!(got, want);
    for f in &doc.formulas {
        assert!(f.verbatim, "{:?}", f.tex);
        assert_eq!(&doc.text[f.body_start..f.body_start + f.tex.len()], f.tex);
    }
}
