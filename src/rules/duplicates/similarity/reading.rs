//! What QA402 takes from one question title to compare it with another ([`Reading::of`]): its
//! terms (the words that carry meaning, stemmed), where each term stands (the preposition
//! before it, and whether it only qualifies the question: `in Python`), its names and numbers,
//! its polarity, the kinds of question it asks, and its clauses.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use super::facets::{self, Facets};
use super::lexicon::{self, Class};
use super::words::{self, Kind, Word, is_cjk, is_hiragana};

/// The preposition before a term (an index into [`lexicon::CONNECTORS`]), if any.
pub type Role = Option<u8>;

/// One title, read.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Distinct terms, sorted.
    pub terms: Vec<String>,
    /// Every term in title order, with its role and its clause.
    pub sequence: Vec<(String, Role, u8)>,
    /// Terms that only occur in a qualifying phrase (`in Python`, `for storage`), sorted.
    pub qualified: Vec<String>,
    /// Terms that are names, code, quoted words or numbers, sorted.
    pub literals: Vec<String>,
    /// Quoted phrases of several words.
    pub phrases: Vec<String>,
    /// Han and kana characters that carry content, sorted.
    pub chars: Vec<char>,
    /// An odd number of negations.
    pub negated: bool,
    /// The kinds of question the title asks.
    pub facets: Facets,
    /// The title compares things ("difference between X and Y").
    pub comparison: bool,
    /// The terms of the clauses that compare (sorted; all the terms when the comparison spans
    /// clauses).
    pub compared: Vec<String>,
    /// The title points at its body ("the output of this script", a closing colon).
    pub deictic: bool,
    /// Each clause's terms (sorted) and kinds, when the title has two clauses with terms or more.
    pub clauses: Vec<(Vec<String>, Facets)>,
}

impl Reading {
    /// Reads `title`, written in `language` ([`super::language_of`]: `""` for English).
    pub fn of(title: &str, language: &str) -> Reading {
        Reading::read(title, language, true)
    }

    /// What [`Reading::of`] reads but the kinds of question (`facets`, also of each clause),
    /// `comparison` and `deictic`, which are left empty: all that weighing and joining titles
    /// needs. The kinds take regular expressions; only the titles a pair is judged on need them.
    pub fn terms_of(title: &str, language: &str) -> Reading {
        Reading::read(title, language, false)
    }

    fn read(title: &str, language: &str, want_kinds: bool) -> Reading {
        let parsed = words::words(title);
        let mut state = State {
            function_words: lexicon::language_bit(language),
            ..State::default()
        };
        let mut clauses = Vec::new();
        let mut plain_all = Vec::new();
        // The terms of the clauses that compare, and whether any does.
        let (mut compared, mut clause_compares) = (Vec::new(), false);
        for (i, clause) in parsed.clauses.iter().enumerate() {
            let mut kinds = Facets::default();
            let clause_start = plain_all.len();
            let segments = clause.split(|w| w.kind == Kind::Pause).enumerate();
            for (j, segment) in segments.filter(|_| want_kinds) {
                let plain: Vec<&str> = segment
                    .iter()
                    .filter(|w| w.kind == Kind::Plain)
                    .map(|w| w.text.as_str())
                    .collect();
                kinds = kinds.union(facets::of_clause(&plain.join(" "), i == 0 && j == 0));
                plain_all.extend(plain);
            }
            state.facets = state.facets.union(kinds);
            state.clause = i.min(u8::MAX as usize) as u8;
            let terms = state.clause(clause);
            if want_kinds && facets::is_comparison(&plain_all[clause_start..].join(" ")) {
                compared.extend(terms.iter().cloned());
                clause_compares = true;
            }
            if !terms.is_empty() {
                clauses.push((sorted(terms), kinds));
            }
        }
        if want_kinds && is_cloze(title) {
            // A sentence to complete asks for one of the given answers.
            state.facets = state.facets.union(Facets::WHICH);
        }
        let qualified: Vec<String> = state
            .qualified
            .iter()
            .filter(|t| !state.unqualified.contains(*t))
            .cloned()
            .collect();
        let mut terms: Vec<String> = state.sequence.iter().map(|t| t.0.clone()).collect();
        terms.sort();
        terms.dedup();
        let mut chars: Vec<char> = state.chars.into_iter().collect();
        chars.sort_unstable();
        let plain_all = plain_all.join(" ");
        // A comparison can also span clauses: then it compares all the terms.
        let comparison = clause_compares || (want_kinds && facets::is_comparison(&plain_all));
        if comparison && !clause_compares {
            compared = terms.clone();
        }
        Reading {
            terms,
            sequence: state.sequence,
            qualified: sorted(qualified),
            literals: sorted(state.literals.into_iter().collect()),
            phrases: parsed.phrases,
            chars,
            negated: state.negations % 2 == 1,
            facets: state.facets,
            comparison,
            compared: sorted(compared),
            deictic: want_kinds && points(title, &plain_all),
            clauses: if clauses.len() > 1 {
                clauses
            } else {
                Vec::new()
            },
        }
    }

    /// Whether `term` is one of the title's terms.
    pub fn has(&self, term: &str) -> bool {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(term))
            .is_ok()
    }

    pub fn is_qualified(&self, term: &str) -> bool {
        self.qualified
            .binary_search_by(|t| t.as_str().cmp(term))
            .is_ok()
    }

    /// Whether the title only points at its body ("Explain the following code:"): deictic, and
    /// its only terms are what it points with. Its words say nothing to compare.
    pub fn only_points(&self) -> bool {
        self.deictic && self.terms.iter().all(|t| POINTING_STEMS.contains(t))
    }

    /// Whether the title names all of `terms`, two or more, side by side: each first in the
    /// same role, and qualifying the question or not alike ("Explain *args and **kwargs", not
    /// "a thread in a process").
    pub fn names_side_by_side(&self, terms: &[&String]) -> bool {
        let stand = |&t: &&String| {
            let first = self.sequence.iter().find(|s| &s.0 == t)?;
            Some((first.1, self.is_qualified(t)))
        };
        let stands: Option<Vec<(Role, bool)>> = terms.iter().map(stand).collect();
        stands.is_some_and(|s| s.len() >= 2 && s.iter().all(|&x| x == s[0]))
    }

    pub fn is_literal(&self, term: &str) -> bool {
        self.literals
            .binary_search_by(|t| t.as_str().cmp(term))
            .is_ok()
    }
}

/// A title with a blank to fill in (`Using .unwrap() will _.`, `... is called ____.`).
fn is_cloze(title: &str) -> bool {
    title.contains("___")
        || title.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| c.is_ascii_punctuation() && c != '_');
            !w.is_empty() && w.bytes().all(|b| b == b'_')
        })
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Stems of the longer stop words (`having` → `hav`), so that inflected forms are dropped too.
static STOP_STEMS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    lexicon::STOP_WORDS
        .iter()
        .filter(|w| w.len() > 3)
        .map(|w| super::stem(w))
        .collect()
});

/// Whether a title points at its body: its plain words say so ("this code", "the following
/// commands"), or it ends with a colon, its question going on below.
fn points(title: &str, plain: &str) -> bool {
    title.trim_end().ends_with([':', '：']) || facets::is_deictic(plain)
}

/// What a glance at a title tells, without the rest of a [`Reading`]: what generic titles are
/// told by.
pub struct Glance {
    /// It points at its body ([`Reading::deictic`]).
    pub points: bool,
    /// It reads as English as far as its letters and function words tell: no letter outside
    /// ASCII, and no function word of another language that is not an English one too ("Was
    /// gibt dieser Code aus?" has `dieser`).
    pub english: bool,
}

impl Glance {
    pub fn of(title: &str) -> Glance {
        let parsed = words::words(title);
        let all = || parsed.clauses.iter().flatten();
        let plain: Vec<&str> = all()
            .filter(|w| w.kind == Kind::Plain)
            .map(|w| w.text.as_str())
            .collect();
        Glance {
            points: points(title, &plain.join(" ")),
            english: !title.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
                && all().all(|w| !lexicon::is_foreign_function_word(&w.text)),
        }
    }
}

/// Stems of the nouns a title points at its body with ([`facets::POINTING_NOUNS`]).
static POINTING_STEMS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    facets::POINTING_NOUNS
        .iter()
        .map(|w| super::stem(w))
        .collect()
});

/// What reading a title gathers as it goes.
#[derive(Default)]
struct State {
    /// The [`lexicon::language_bit`] of the title's language.
    function_words: u16,
    sequence: Vec<(String, Role, u8)>,
    /// The clause being read.
    clause: u8,
    qualified: HashSet<String>,
    unqualified: HashSet<String>,
    literals: HashSet<String>,
    chars: HashSet<char>,
    negations: usize,
    facets: Facets,
}

impl State {
    /// Reads one clause; returns its terms.
    fn clause(&mut self, clause: &[Word]) -> Vec<String> {
        let mut terms = Vec::new();
        let mut role: Role = None;
        let mut previous = "";
        let mut qualifying = false;
        // A role holds for the phrase after its preposition: a function word other than an
        // article after a term of that phrase ends it ("to display only those that are ...").
        let mut role_taken = false;
        for w in clause {
            let text = w.text.as_str();
            let plain = w.kind == Kind::Plain;
            if w.kind == Kind::Pause || (plain && matches!(text, "and" | "or")) {
                role = None;
                qualifying = false;
                previous = text;
                continue;
            }
            // "the not keyword": after `the`, `not` names something.
            let named_not = plain && text == "not" && previous == "the";
            let class = if plain && !named_not {
                lexicon::class(text)
            } else {
                Class::default()
            };
            if plain && role_taken && class.is(Class::STOP) && !matches!(text, "a" | "an" | "the") {
                role = None;
                role_taken = false;
            }
            if plain {
                if class.is(Class::QUALIFIER_END) {
                    qualifying = false;
                }
                if class.is(Class::NEGATION) {
                    self.negations += 1;
                }
                if class.is(Class::QUALIFIER) {
                    qualifying = true;
                }
                let infinitive =
                    text == "to" && lexicon::class(previous).is(Class::INFINITIVE_MARKER);
                if let Some(i) = class.connector.filter(|_| !infinitive) {
                    role = Some(i);
                    role_taken = false;
                    previous = text;
                    continue;
                }
            }
            previous = text;
            if plain && self.is_phrasing(class) {
                continue;
            }
            if text.chars().any(is_cjk) {
                self.cjk(text, role, &mut terms);
                continue;
            }
            let Some(term) = self.term(w) else { continue };
            if !plain || named_not || term.chars().any(|c| c.is_ascii_digit()) {
                self.literals.insert(term.clone());
            }
            if qualifying {
                self.qualified.insert(term.clone());
            } else {
                self.unqualified.insert(term.clone());
            }
            role_taken |= role.is_some();
            self.sequence.push((term.clone(), role, self.clause));
            terms.push(term);
        }
        terms
    }

    /// Words that phrase the question rather than say what it is about.
    fn is_phrasing(&self, class: Class) -> bool {
        class.is(Class::STOP | Class::NEGATION | Class::QUESTION | Class::USE | Class::QUALIFIER)
            || class.is_function_word(self.function_words)
    }

    /// The term a (non-Han) word stands for, if it stands for one.
    fn term(&self, w: &Word) -> Option<String> {
        if w.kind == Kind::Literal {
            return Some(w.text.clone());
        }
        let stem = super::stem(&w.text);
        if w.kind == Kind::Quoted {
            // `'using'`, `"not"`: named, so a term even when the word is phrasing elsewhere.
            return Some(stem);
        }
        if STOP_STEMS.contains(&stem) {
            return None;
        }
        let term = lexicon::synonym(&stem).map_or(stem, str::to_string);
        (!lexicon::class(&term).is(Class::USE) && term != "us").then_some(term)
    }

    /// A run of Han or kana: character bigrams as terms, its content characters, its negations.
    fn cjk(&mut self, text: &str, role: Role, terms: &mut Vec<String>) {
        let chars: Vec<char> = text.chars().collect();
        for &c in &chars {
            if !is_hiragana(c) && !lexicon::CJK_FUNCTION_CHARS.contains(c) {
                self.chars.insert(c);
            }
        }
        for n in lexicon::CJK_NEGATIONS {
            self.negations += text.matches(n).count();
        }
        let grams: Vec<String> = if chars.len() == 1 {
            vec![text.to_string()]
        } else {
            chars.windows(2).map(|w| w.iter().collect()).collect()
        };
        for g in grams {
            self.unqualified.insert(g.clone());
            self.sequence.push((g.clone(), role, self.clause));
            terms.push(g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_roles_and_qualifiers() {
        let r = Reading::of("What are Metaclasses in Python?", "");
        assert_eq!(r.terms, vec!["metaclass", "python"]);
        assert_eq!(r.qualified, vec!["python"]);
        assert_eq!(r.facets, Facets::DEFINE);
        let r = Reading::of("Express the policy in terms of the reward", "");
        let of = lexicon::CONNECTORS
            .binary_search(&"of")
            .ok()
            .map(|i| i as u8);
        assert!(r.sequence.contains(&("reward".into(), of, 0)));
        assert!(r.sequence.contains(&("policy".into(), None, 0)));
    }

    #[test]
    fn polarity_names_and_clauses() {
        assert!(Reading::of("How to validate a form without JavaScript?", "").negated);
        let r = Reading::of("What is the not keyword in JSON Schema?", "");
        assert!(!r.negated && r.has("not") && r.is_literal("not"));
        assert!(Reading::of("Which is not the keyword?", "").negated);
        assert!(!Reading::of("Which is NOT true about X? Which is not false?", "").negated);
        let r = Reading::of("What is HTTPS?", "");
        assert_eq!(r.terms, vec!["https"]);
        assert_eq!(r.literals, vec!["https"]);
        let r = Reading::of("What is NAT? How does it work?", "");
        assert_eq!(r.clauses.len(), 2);
        assert_eq!(r.clauses[1].0, vec!["work"]);
        let r = Reading::of("What is NAT? How does it do that?", "");
        assert!(r.clauses.is_empty(), "the second clause has no terms");
        let r = Reading::of("What is a proxy? Why do we need proxies in networks?", "");
        assert_eq!(r.clauses.len(), 2);
        assert!(r.facets.contains(Facets::DEFINE) && r.facets.contains(Facets::WHY));
    }

    #[test]
    fn pointing_titles_and_blanks() {
        assert!(Reading::of("Explain the following code:", "").only_points());
        assert!(
            !Reading::of("What methods does this Pointcut expression reference?", "").only_points()
        );
        assert!(
            Reading::of("Using .unwrap() will _.", "")
                .facets
                .contains(Facets::WHICH)
        );
        assert!(
            Reading::of("It is called ____.", "")
                .facets
                .contains(Facets::WHICH)
        );
        assert!(
            !Reading::of("What is __init__?", "")
                .facets
                .contains(Facets::WHICH)
        );
    }

    #[test]
    fn other_languages() {
        let r = Reading::of(
            "¿Cómo puedes agregar un botón personalizado al formulario?",
            "es",
        );
        assert_eq!(
            r.terms,
            vec!["agregar", "botón", "formulario", "personalizado"]
        );
        let r = Reading::of("什么是 DHCP？它是如何工作的？", "zh-cn");
        assert!(r.literals.contains(&"dhcp".to_string()));
        assert!(r.chars.contains(&'工'));
        assert!(!r.chars.contains(&'的'));
        // The nouns that offer the answers phrase the question in every case they take.
        for (title, language) in [
            ("Яким варіантом можна оголосити змінну?", "ua"),
            ("У якому варіанті оголошено змінну?", "ua"),
            ("Каким вариантом можно объявить переменную?", "ru"),
        ] {
            let r = Reading::of(title, language);
            assert!(
                r.terms.iter().all(|t| !t.starts_with("вар")),
                "{title}: {:?}",
                r.terms
            );
        }
    }
}

#[cfg(test)]
mod odd_titles {
    use super::*;

    #[test]
    fn odd_titles_read_without_panicking() {
        let long = "word ".repeat(2_000);
        let odd = [
            "",
            "?",
            "...",
            "`",
            "\"unclosed quote",
            "「」",
            "‘’",
            "(((",
            "))) ((( .* === -> && ||",
            "non-",
            "l'",
            "’s",
            "Q1:",
            "12.",
            "APIs APIS A s",
            "नमस्ते दुनिया क्या है?",
            "مرحبا ما هو؟",
            "🙂 what is 🙂?",
            "'",
            "''",
            "' '",
            "a 'b",
            "'é' 'x''y' (''",
            "C# C++#+ c#x +# Ω#",
            "_ ___ __init__ _x_",
            "What is e.g. i.e. etc. vs. this?",
            "the The THE the Any any",
            "$ @ $x @y __ a_b ::",
            &long,
        ];
        for title in odd {
            for language in ["", "es", "zh-cn", "ua", "xx"] {
                let r = Reading::of(title, language);
                assert!(r.terms.windows(2).all(|w| w[0] < w[1]), "{title:?}");
            }
        }
    }
}
