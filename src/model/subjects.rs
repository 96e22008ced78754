//! What a file's questions are about beyond their titles: the words of its title or of its name
//! (`# Java Interview Questions`, `python-quiz.md`, `topics/aws/README.md`), without the words
//! every collection uses (`Interview Questions`, `Basics`, `Part 2`, a language tag). The
//! duplicate rules read them: "What is garbage collection?" in `java.md` and in `python.md`
//! asks about two subjects. Sections are not read: in one file they are as often parts of one
//! subject (`## Core`, `## Premium questions`) as subjects of their own.

use std::path::Path;

use crate::model::document::Document;

/// Words that name no subject: how collections call themselves and divide their material.
#[rustfmt::skip]
const GENERIC: &[&str] = &[
    "a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "about", "from", "by", "vs",
    "interview", "interviews", "question", "questions", "answer", "answers", "qa", "faq", "faqs",
    "quiz", "quizzes", "test", "tests", "exam", "assessment", "assessments", "skill", "skills",
    "exercise", "exercises", "practice", "problem", "problems", "challenge", "challenges",
    "cheatsheet", "cheat", "sheet", "notes", "guide", "list", "collection", "readme", "index",
    "top", "most", "common", "commonly", "frequently", "asked", "popular", "important", "best",
    "basic", "basics", "beginner", "beginners", "intermediate", "advanced", "expert", "junior",
    "middle", "senior", "easy", "medium", "hard", "level", "general", "misc", "miscellaneous",
    "other", "others", "more", "extra", "bonus", "part", "chapter", "section", "day", "week",
    "set", "round", "lesson", "module", "unit", "topic", "topics", "contents", "table",
    "introduction", "intro", "overview", "fundamentals", "concepts", "core", "essential",
    "essentials", "prep", "preparation", "linkedin", "docs", "doc", "src", "content", "pages",
];

/// The subject of `doc`: the words of its title (a level-1 heading above its first question),
/// else of its name.
pub fn of(doc: &Document) -> Box<str> {
    let first = doc.questions.first().map_or(usize::MAX, |q| q.span.start);
    let title = doc
        .headings
        .iter()
        .find(|h| h.level == 1 && h.question.is_none() && h.range.start < first)
        .map(|h| subject_words(&h.text.text))
        .filter(|w| !w.is_empty());
    joined(title.unwrap_or_else(|| file_words(&doc.path)))
}

/// Words sorted and de-duplicated, space-separated.
fn joined(mut words: Vec<String>) -> Box<str> {
    words.sort();
    words.dedup();
    words.join(" ").into()
}

/// Whether two files (absolute, normalised paths) are siblings, each about its own subject: in
/// one folder (`java.md`, `python.md`), or in sibling folders (`python/quiz.md`,
/// `c-sharp/quiz.md`). A README above other files is their overview, not a sibling.
pub fn sibling_files(a: &Path, b: &Path) -> bool {
    let (da, db) = (a.parent(), b.parent());
    da == db
        || (da.and_then(Path::parent).is_some()
            && da.and_then(Path::parent) == db.and_then(Path::parent))
}

/// The subject words of a file's name: its stem, or its folder's name for a README or index.
fn file_words(path: &str) -> Vec<String> {
    let mut parts = path.rsplit(['/', '\\']);
    let name = parts.next().unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let words = subject_words(stem);
    if words.is_empty() {
        parts
            .find(|p| !p.is_empty() && *p != "." && *p != "..")
            .map(subject_words)
            .unwrap_or_default()
    } else {
        words
    }
}

/// The words of `text` that may name a subject: lower case, `+` and `#` kept (`C++`, `C#`),
/// without numbers, language tags and [`GENERIC`] words.
pub fn subject_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().any(char::is_alphabetic)
                && !GENERIC.contains(&w.as_str())
                && !crate::base::paths::LANGUAGE_TAGS.contains(&w.as_str())
        })
        .collect()
}

/// Whether two subjects are about different things: each names something and they share no
/// word ("java" / "python"; not "aws ec2" / "aws cloud practitioner", nor "" / "java").
pub fn differ(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && !a.split(' ').any(|w| b.split(' ').any(|v| v == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_leave_out_what_every_collection_says() {
        assert_eq!(subject_words("Java Interview Questions"), ["java"]);
        assert_eq!(subject_words("C# and C++: Part 2"), ["c#", "c++"]);
        assert!(subject_words("Basics").is_empty());
        assert_eq!(file_words("docs/python-quiz-fr.md"), ["python"]);
        assert_eq!(file_words("topics/aws/README.md"), ["aws"]);
        let sib = |a: &str, b: &str| sibling_files(Path::new(a), Path::new(b));
        assert!(sib("/r/java.md", "/r/python.md"));
        assert!(sib("/r/python/quiz.md", "/r/c-sharp/quiz.md"));
        assert!(!sib("/r/README.md", "/r/topics/aws/README.md"));
        assert!(differ("java", "python"));
        assert!(!differ("aws ec2", "aws cloud practitioner"));
        assert!(!differ("", "java"));
    }
}
