//! Why two titles that share most of their terms still ask different things ([`difference`]):
//!
//! - **Polarity**: one is negated and the other not ("with" / "without JavaScript", "is" /
//!   "is not true").
//! - **Kind**: they ask different kinds of question ("What are styled components?" / "Give an
//!   example of styled components"; see [`super::facets`]).
//! - **Comparison**: one compares its subject with something the other does not mention ("What
//!   is continuous delivery?" / "Continuous delivery vs continuous deployment").
//! - **Order**: two terms swap roles ("Express the policy in terms of the reward" / "... the
//!   reward in terms of the policy", "convert X to Y" / "convert Y to X"), or subject and
//!   object swap around the same word ("Can an interface extend a class?" / "Can a class
//!   extend an interface?").
//! - **Substitution**: each says something the other does not ("What are the DOM methods?" /
//!   "... the DOM properties?", "before" / "after", `std::any` / `std::apply`, `100%` / `50%`):
//!   the object asked about differs. Inflections, typos and acronyms ("AD" / "Active
//!   Directory") are not substitutions. In languages QA402 has no function words for, only
//!   names, code, numbers and Han characters count. Two long titles in different files that
//!   differ in an ordinary word are copies reworded, not a substitution.

use std::collections::HashMap;

use super::facets::Facets;
use super::lexicon;
use super::reading::{Reading, Role};
use super::words::is_cjk;

/// Titles with at least this many terms each are *long*: across files, a reworded word in them
/// is not a substitution.
pub const LONG_TITLE: usize = 6;

/// Why two similar titles are not the same question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Polarity,
    Kind,
    Comparison,
    Order(String, String),
    Substitution(String, String),
    /// A third title shares their frame and fills it differently: they are template siblings
    /// ("add a custom form / button / link to the admin").
    Siblings,
}

/// The first reason why `a` and `b`, in `language`, ask different things, if there is one.
pub fn difference(a: &Reading, b: &Reading, language: &str, same_file: bool) -> Option<Difference> {
    if a.negated != b.negated && !negates_by_prefix(a, b) && !negates_by_prefix(b, a) {
        return Some(Difference::Polarity);
    }
    if !a.facets.compatible(b.facets) {
        return Some(Difference::Kind);
    }
    if compares_more(a, b) || compares_more(b, a) {
        return Some(Difference::Comparison);
    }
    if let Some((x, y)) = swapped(a, b) {
        return Some(Difference::Order(x, y));
    }
    substitution(a, b, language, same_file).map(|(x, y)| Difference::Substitution(x, y))
}

/// `b` says with a negating prefix what `a` negates with a word: "is not valid" / "is
/// invalid", "не є дійсним" / "є недійсним".
fn negates_by_prefix(a: &Reading, b: &Reading) -> bool {
    a.negated
        && !b.negated
        && b.terms
            .iter()
            .filter(|t| !a.has(t))
            .any(|t| a.terms.iter().any(|u| !b.has(u) && prefix_negates(u, t)))
}

/// `negated` is `word` with a negating prefix (`valid` / `invalid`).
fn prefix_negates(word: &str, negated: &str) -> bool {
    NEGATING_PREFIXES
        .iter()
        .filter_map(|p| negated.strip_prefix(p))
        .any(|rest| rest.chars().count() >= 4 && variant(rest, word))
}

/// `a` compares things and `b` does not: "the difference between `is` and `as`" / "the `?`
/// operator in Rust", "... between a process and a thread" / "a thread in a process". A title
/// that asks what the compared things are (or asks nothing in particular), names them side by
/// side, with the comparison's qualifiers ("in Python"), asks the same ("Explain lists and
/// tuples in Python"); not one that asks how they work.
fn compares_more(a: &Reading, b: &Reading) -> bool {
    let (context, compared): (Vec<&String>, Vec<&String>) =
        a.compared.iter().partition(|t| a.is_qualified(t));
    let explains_both = Facets::DEFINE.contains(b.facets)
        && context.iter().all(|t| b.has(t))
        && b.names_side_by_side(&compared);
    a.comparison && !b.comparison && !explains_both
}

/// Two terms of both titles whose roles are swapped: by their prepositions ("convert X to Y" /
/// "convert Y to X"), or as subject and object around the same word ("Can an interface extend
/// a class?" / "Can a class extend an interface?").
fn swapped(a: &Reading, b: &Reading) -> Option<(String, String)> {
    by_prepositions(a, b).or_else(|| around_a_pivot(a, b))
}

/// The terms of `a`'s first clause that stand before and after a term both titles have once,
/// in the same place of the other reversed: `a` says `X … pivot … Y` where `b` says `Y … pivot
/// … X`. Only bare terms count (no preposition before any of them: those roles are
/// [`by_prepositions`]'), so "In Python, how to sort a list?" is no swap of "How to sort a
/// list in Python?". Returns the first term of each side.
fn around_a_pivot(a: &Reading, b: &Reading) -> Option<(String, String)> {
    let (sa, sb) = (bare_first_clause(a)?, bare_first_clause(b)?);
    let once = |s: &[String], t: &String| s.iter().filter(|x| *x == t).count() == 1;
    for (i, pivot) in sa.iter().enumerate() {
        if !once(&sa, pivot) || !once(&sb, pivot) {
            continue;
        }
        let j = sb.iter().position(|t| t == pivot)?;
        let (before_a, after_a) = sides(&sa, i);
        let (before_b, after_b) = sides(&sb, j);
        if !before_a.is_empty()
            && !after_a.is_empty()
            && before_a != after_a
            && before_a == after_b
            && after_a == before_b
        {
            return Some((sa[0].clone(), sa[i + 1].clone()));
        }
    }
    None
}

/// The distinct terms before and after `s[i]`, sorted.
fn sides(s: &[String], i: usize) -> (Vec<&String>, Vec<&String>) {
    (distinct(&s[..i]), distinct(&s[i + 1..]))
}

fn distinct(part: &[String]) -> Vec<&String> {
    let mut v: Vec<&String> = part.iter().collect();
    v.sort();
    v.dedup();
    v
}

/// The terms of `r`'s first clause in order, when no preposition stands before any of them.
fn bare_first_clause(r: &Reading) -> Option<Vec<String>> {
    let terms: Vec<&(String, Role, u8)> = r.sequence.iter().filter(|t| t.2 == 0).collect();
    terms
        .iter()
        .all(|t| t.1.is_none())
        .then(|| terms.iter().map(|t| t.0.clone()).collect())
}

/// Two terms of both titles whose prepositions are swapped.
fn by_prepositions(a: &Reading, b: &Reading) -> Option<(String, String)> {
    let (order_a, _) = first_roles(a);
    let (_, role_b) = first_roles(b);
    let shared: Vec<(&str, Role, Role)> = order_a
        .iter()
        .filter_map(|&(t, ra)| role_b.get(t).map(|&rb| (t, ra, rb)))
        .collect();
    for (i, &(x, xa, xb)) in shared.iter().enumerate() {
        for &(y, ya, yb) in &shared[i + 1..] {
            if xa != ya && xa == yb && ya == xb {
                return Some((x.to_string(), y.to_string()));
            }
        }
    }
    None
}

/// Each term's first role, in title order and by term.
fn first_roles(r: &Reading) -> (Vec<(&str, Role)>, HashMap<&str, Role>) {
    let mut first: Vec<(&str, Role)> = Vec::new();
    let mut seen: HashMap<&str, Role> = HashMap::new();
    for (t, role, _) in &r.sequence {
        if !seen.contains_key(t.as_str()) {
            seen.insert(t, *role);
            first.push((t, *role));
        }
    }
    (first, seen)
}

/// What each title says that the other does not, when both say something.
fn substitution(
    a: &Reading,
    b: &Reading,
    language: &str,
    same_file: bool,
) -> Option<(String, String)> {
    let phrases_a: Vec<&String> = a
        .phrases
        .iter()
        .filter(|p| !b.phrases.contains(p))
        .collect();
    let phrases_b: Vec<&String> = b
        .phrases
        .iter()
        .filter(|p| !a.phrases.contains(p))
        .collect();
    let distinct = |from: &[&String], other: &[&String]| -> Option<String> {
        from.iter()
            .find(|p| !other.iter().any(|q| variant(p, q)))
            .map(|p| p.to_string())
    };
    if let (Some(x), Some(y)) = (
        distinct(&phrases_a, &phrases_b),
        distinct(&phrases_b, &phrases_a),
    ) {
        return Some((x, y));
    }
    let (extra_a, extra_b) = (extra(a, b), extra(b, a));
    let content = |t: &str| {
        !t.chars().any(is_cjk)
            && (language.is_empty()
                || a.is_literal(t)
                || b.is_literal(t)
                || lexicon::function_words(language).is_some())
    };
    // Titles of opposite polarity here negate by a prefix on one side ([`negates_by_prefix`]).
    let opposite = a.negated != b.negated;
    let same_word = |t: &str, u: &str| {
        variant(t, u) || (opposite && (prefix_negates(t, u) || prefix_negates(u, t)))
    };
    let said = |mine: &[&str], theirs: &[&str], other: &Reading| -> Vec<String> {
        mine.iter()
            .filter(|t| content(t))
            .filter(|t| !theirs.iter().any(|u| same_word(t, u)))
            .filter(|t| !is_acronym_of(t, other))
            .map(|t| t.to_string())
            .collect()
    };
    let mut said_a = said(&extra_a, &extra_b, b);
    let mut said_b = said(&extra_b, &extra_a, a);
    said_a.extend(
        a.chars
            .iter()
            .filter(|c| b.chars.binary_search(c).is_err())
            .map(|c| c.to_string()),
    );
    said_b.extend(
        b.chars
            .iter()
            .filter(|c| a.chars.binary_search(c).is_err())
            .map(|c| c.to_string()),
    );
    if said_a.is_empty() || said_b.is_empty() {
        return None;
    }
    let named = said_a
        .iter()
        .chain(&said_b)
        .any(|t| a.is_literal(t) || b.is_literal(t));
    let long = a.terms.len().min(b.terms.len()) >= LONG_TITLE;
    if !same_file && long && !named {
        return None;
    }
    Some((said_a.swap_remove(0), said_b.swap_remove(0)))
}

/// Terms `a` uses more often than `b` in one clause (a repeated word counts: "custom form ...
/// change form" / "custom button ... change form"; a subject named again in a second clause
/// does not).
fn extra<'a>(a: &'a Reading, b: &Reading) -> Vec<&'a str> {
    let count = |r: &Reading, t: &str| {
        let clauses = r
            .sequence
            .iter()
            .map(|s| s.2)
            .max()
            .map_or(0, |c| c as usize + 1);
        (0..clauses)
            .map(|c| {
                r.sequence
                    .iter()
                    .filter(|s| s.0 == t && s.2 as usize == c)
                    .count()
            })
            .max()
            .unwrap_or(0)
    };
    a.terms
        .iter()
        .filter(|t| count(a, t) > count(b, t))
        .map(String::as_str)
        .collect()
}

/// Prefixes that negate the word they start (`valid` / `invalid`, `sync` / `async`).
const NEGATING_PREFIXES: &[&str] = &[
    "a", "an", "anti", "counter", "de", "dis", "il", "im", "in", "ir", "mis", "non", "un", "не",
];

/// The same word written differently: an inflection (`повернути` / `повернуть`), a typo
/// (`lever` / `level`), a compound (`Zweck` / `Hauptzweck`); not a negating prefix.
pub fn variant(x: &str, y: &str) -> bool {
    let (short, long) = if x.chars().count() <= y.chars().count() {
        (x, y)
    } else {
        (y, x)
    };
    let (ns, nl) = (short.chars().count(), long.chars().count());
    if ns >= 4 && long.starts_with(short) {
        return true;
    }
    if ns >= 4 && long.ends_with(short) {
        // A short first part (`Haupt-zweck`), not another name (`ManyToMany-Field`).
        let prefix = &long[..long.len() - short.len()];
        return prefix.chars().count() <= 5 && !NEGATING_PREFIXES.contains(&prefix);
    }
    if ns >= 5 && one_edit(short, long) {
        return true;
    }
    let common = short
        .chars()
        .zip(long.chars())
        .take_while(|(p, q)| p == q)
        .count();
    common >= 5 && common + 3 >= nl
}

/// One insertion, deletion, substitution or swap of neighbours apart.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return match diff.as_slice() {
            [] | [_] => true,
            [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        };
    }
    let (short, long) = if a.len() < b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() != short.len() + 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(p, q)| p == q)
        .count();
    short[prefix..] == long[prefix + 1..]
}

/// `ad` for "Active Directory": the initials of consecutive terms of `other`.
fn is_acronym_of(term: &str, other: &Reading) -> bool {
    expansion(term, other).is_some()
}

/// The consecutive terms of `other` whose initials spell `term` (`active`, `directory` for
/// `ad`), if `term` is an acronym of them.
pub fn expansion<'a>(term: &str, other: &'a Reading) -> Option<&'a [(String, Role, u8)]> {
    let n = term.chars().count();
    if !(2..=6).contains(&n) || !term.chars().all(char::is_alphabetic) {
        return None;
    }
    let target: Vec<char> = term.chars().collect();
    other
        .sequence
        .windows(n)
        .find(|w| w.iter().zip(&target).all(|(t, c)| t.0.starts_with(*c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(a: &str, b: &str) -> Option<Difference> {
        difference(&Reading::of(a, ""), &Reading::of(b, ""), "", true)
    }

    #[test]
    fn each_class() {
        let d = diff(
            "How to validate a form without JavaScript?",
            "How to validate a form with JavaScript?",
        );
        assert_eq!(d, Some(Difference::Polarity));
        let d = diff(
            "What are styled components?",
            "Give an example of styled components",
        );
        assert_eq!(d, Some(Difference::Kind));
        let d = diff("What are the DOM methods?", "What are the DOM properties?");
        assert!(matches!(d, Some(Difference::Substitution(..))), "{d:?}");
        let d = diff(
            "Express the policy in terms of the reward",
            "Express the reward in terms of the policy",
        );
        assert!(matches!(d, Some(Difference::Order(..))), "{d:?}");
        // Subject and object swapped around the same verb.
        for (x, y) in [
            (
                "Can a static method call a non-static method?",
                "Can a non-static method call a static method?",
            ),
            (
                "Can an interface extend a class?",
                "Can a class extend an interface?",
            ),
            ("Can a tuple contain a list?", "Can a list contain a tuple?"),
        ] {
            let d = diff(x, y);
            assert!(matches!(d, Some(Difference::Order(..))), "{x} / {y}: {d:?}");
        }
        let d = diff(
            "What is continuous delivery?",
            "What is the difference between continuous delivery and continuous deployment?",
        );
        assert_eq!(d, Some(Difference::Comparison));
    }

    #[test]
    fn the_same_question() {
        assert_eq!(
            diff(
                "What is transfer learning?",
                "Explain the concept of transfer learning."
            ),
            None
        );
        assert_eq!(diff("What is NAT?", "What is NAT? How does it work?"), None);
        // Moved whole, not swapped around a word.
        assert_eq!(
            diff(
                "In Python, how do you reverse a list?",
                "How do you reverse a list in Python?"
            ),
            None
        );
        assert_eq!(
            diff(
                "Docker containers: how do they share the kernel?",
                "How do Docker containers share the kernel?"
            ),
            None
        );
        assert_eq!(
            diff(
                "Remove the deployment `depdep`",
                "Delete the deployment `depdep`"
            ),
            None
        );
        assert_eq!(
            diff("What is Azure AD?", "What is Azure Active Directory?"),
            None
        );
        assert_eq!(
            diff(
                "Explain Threading vs Multiprocessing",
                "Explain Multiprocessing vs Threading"
            ),
            None
        );
        // Conditions joined by `and` in either order; a negation by a prefix.
        assert_eq!(
            diff(
                "How can you show only the tasks that are assigned to a resource and are currently in progress?",
                "How can you show only the tasks that are currently in progress and are assigned to a resource?"
            ),
            None
        );
        assert_eq!(
            diff(
                "Which is not a valid JSON number?",
                "Which is an invalid JSON number?"
            ),
            None
        );
        // "The different formats" lists them; it compares nothing.
        assert_eq!(
            diff(
                "Explain the different formats of data",
                "What are the various formats of data?"
            ),
            None
        );
        // A comparison against a title that explains both compared things, side by side.
        assert_eq!(
            diff(
                "What is the difference between *args and **kwargs?",
                "Explain *args and **kwargs"
            ),
            None
        );
        assert_eq!(
            diff(
                "Differentiate between *args and **kwargs",
                "Explain *args and **kwargs"
            ),
            None
        );
        assert_eq!(
            diff(
                "What is the difference between lists and tuples in Python?",
                "Explain lists and tuples in Python"
            ),
            None
        );
        // Picking the thing that does a task asks how to do it.
        assert_eq!(
            diff(
                "How can you create a stored procedure in MySQL?",
                "Which MySQL statement is used to create a stored procedure?"
            ),
            None
        );
    }

    #[test]
    fn more_classes() {
        assert!(
            diff(
                "Which is a valid JSON number?",
                "Which is an invalid JSON number?"
            )
            .is_some()
        );
        use Difference::{Comparison, Kind};
        let cases = [
            // A comparison and a title that names something else without comparing.
            (
                "What is the difference between the is and as operators?",
                "What is the purpose of the ? operator in Rust?",
                Comparison,
            ),
            // A sentence to complete asks for one of the answers, not what a thing is for.
            (
                "Using .unwrap() will _.",
                "What is the purpose of the unwrap() method in Rust?",
                Kind,
            ),
            // Which keyword does a task, against what a named keyword does.
            (
                "Which JSON Schema keyword is used to specify that a property is required?",
                "In JSON Schema, what does the \"required\" keyword specify?",
                Kind,
            ),
            // Explaining how two things work is not comparing them; nor is naming them apart.
            (
                "Fine-Tuning vs Transfer Learning",
                "How Does Transfer Learning and Fine-Tuning Work in Keras?",
                Comparison,
            ),
            (
                "What is the difference between a process and a thread?",
                "What is a thread in a process?",
                Comparison,
            ),
            // Picking one and asking how are one kind; not when the pick asks for more.
            (
                "Which of these is an advantage of React hooks?",
                "How do you use React hooks?",
                Kind,
            ),
            // Which one to use, against which ones there are.
            (
                "What EBS volume types are there?",
                "If you need an EBS volume for high throughput, which volume type would you use?",
                Kind,
            ),
        ];
        for (a, b, want) in cases {
            assert_eq!(diff(a, b), Some(want), "{a} / {b}");
        }
        let d = diff(
            "What is an enumeration in C?",
            "What is an enumeration type?",
        );
        assert!(matches!(d, Some(Difference::Substitution(..))), "{d:?}");
    }

    #[test]
    fn variants() {
        assert!(variant("level", "lever"));
        assert!(variant("zweck", "hauptzweck"));
        assert!(!variant("valid", "invalid"));
        assert!(!variant("synchronous", "asynchronous"));
        assert!(variant("повернути", "повернуть"));
    }
}
