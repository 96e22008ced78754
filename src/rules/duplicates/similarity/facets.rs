//! The kind of question a clause asks: a definition ("What is X?", "Explain X"), how to do
//! something, how it works, its types, an example, its parts, advantages or drawbacks, when to
//! use it, why, a choice among given answers ("Which of the following...?", "Which service would
//! you use?"), a true/false
//! statement, a design or an
//! implementation task, a yes/no question. A clause is read segment by segment (a comma starts
//! one: "In JSON, what is ...").
//!
//! Two titles ask the same kind of question when their kinds are equal or one title's kinds
//! include the other's ("What is NAT? How does it work?" includes "What is NAT?"); picking one
//! answer and asking how to do it count as one kind. The *strong* kinds (design, implement,
//! true/false, yes/no) must be on both sides or neither. A title without any kind word
//! ("Active Learning", "List all namespaces") asks nothing in particular and goes with any
//! kind. Only English phrasing is recognised: other languages have no kinds.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// A set of question kinds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facets(u16);

impl Facets {
    pub const DEFINE: Facets = Facets(1);
    pub const HOW_TO: Facets = Facets(1 << 1);
    pub const WORKS: Facets = Facets(1 << 2);
    pub const TYPES: Facets = Facets(1 << 3);
    pub const EXAMPLE: Facets = Facets(1 << 4);
    pub const PARTS: Facets = Facets(1 << 5);
    pub const ADVANTAGES: Facets = Facets(1 << 6);
    pub const DRAWBACKS: Facets = Facets(1 << 7);
    pub const WHEN: Facets = Facets(1 << 8);
    pub const WHY: Facets = Facets(1 << 9);
    pub const TRUE_FALSE: Facets = Facets(1 << 10);
    pub const DESIGN: Facets = Facets(1 << 11);
    pub const IMPLEMENT: Facets = Facets(1 << 12);
    pub const YES_NO: Facets = Facets(1 << 13);
    pub const WHICH: Facets = Facets(1 << 14);
    /// Kinds that must be on both sides or neither.
    const STRONG: Facets =
        Facets(Self::TRUE_FALSE.0 | Self::DESIGN.0 | Self::IMPLEMENT.0 | Self::YES_NO.0);

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, other: Facets) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn union(self, other: Facets) -> Facets {
        Facets(self.0 | other.0)
    }

    /// Whether two titles (or a clause and a title) ask the same kind of question.
    pub fn compatible(self, other: Facets) -> bool {
        if self.0 & Self::STRONG.0 != other.0 & Self::STRONG.0 {
            return false;
        }
        let (a, b) = (self.widened(), other.widened());
        a.is_empty() || b.is_empty() || a.contains(b) || b.contains(a)
    }

    /// Picking the thing that does a task asks how to do it ("Which statement is used to
    /// create a procedure?" / "How can you create a procedure?"): a title that only picks, or
    /// only asks how, is read as asking both (not one that also asks for an advantage).
    fn widened(self) -> Facets {
        let pick = Facets(Self::WHICH.0 | Self::HOW_TO.0);
        if self == Self::WHICH || self == Self::HOW_TO {
            pick
        } else {
            self
        }
    }
}

/// The patterns, over a clause's plain words joined by single spaces, and the kinds they mark.
const PATTERNS: &[(Facets, &str)] = &[
    (
        Facets::HOW_TO,
        r"\bhow (?:to|do (?:you|we|i|one)|can (?:you|we|i|one)|could (?:you|we|i)|would (?:you|we|i)|should (?:you|we|i)|does one|is it possible to)\b|\b(?:best|correct|right|easiest|proper|recommended|fastest|quickest|efficient|preferred|only) (?:way|ways|method) (?:to|of)\b|\bsteps to\b|\bways to\b|\bprocess of\b",
    ),
    (
        Facets::IMPLEMENT,
        r"^(?:how (?:to|do you|would you|can you|could you) )?(?:implement|code|program)\b|\bimplement(?:ing|ation of)?\b",
    ),
    (
        Facets::DESIGN,
        r"^design\b|\bdesign (?:a|an)\b|\bsystem design\b",
    ),
    (
        Facets::WORKS,
        r"\bhow (?:does |do |did |is |are )?(?:\S+ ){0,5}?(?:works?|working|functions?)\b|\bworking of\b|\binternals? of\b",
    ),
    (
        Facets::ADVANTAGES,
        r"\b(?:advantages?|benefits?|pros|merits?|strengths?)\b|\bhow does (?:\S+ ){0,5}?help\b",
    ),
    (
        Facets(Facets::ADVANTAGES.0 | Facets::WHY.0),
        r"\bwhy (?:would |do |should |to |does |did |might |could )?(?:you |we |one |i |people |someone )?(?:use|need|choose|prefer|want|pick)\b",
    ),
    (
        Facets::DRAWBACKS,
        r"\b(?:disadvantages?|drawbacks?|cons|limitations?|downsides?|weakness(?:es)?|pitfalls?)\b",
    ),
    (
        Facets::WHY,
        r"^why\b|\bwhy (?:is|are|do|does|did|would|should|can|cant)\b",
    ),
    (
        Facets::TYPES,
        r"\b(?:types?|kinds?|categories|sorts?) of\b|\bwhat (?:types?|kinds?) \b|\b(?:\S+ ){1,4}are there\b|\bare there any\b|\bfamiliar with\b|\bwhich (?:\S+ ){1,4}do you know\b",
    ),
    (
        Facets::PARTS,
        r"\b(?:components?|parts?|elements?) (?:of|in)\b|\b(?:its|their|\w+s) (?:components|parts|building blocks)$|\bconsists? of\b|\bwhats in an?\b|\bmade (?:up )?of\b",
    ),
    (
        Facets::WHEN,
        r"\bwhen (?:to|should|would|do|can|must|might|is it (?:better|best|appropriate) to)? ?(?:you |we |one |i )?(?:use|choose|prefer|need|apply|pick|employ)\b|\buse cases?\b|\b(?:in )?(?:which|what) (?:cases|scenarios|situations)\b|\bscenarios?\b",
    ),
    (
        Facets::WHICH,
        r"\bwhich (?:of the following|of these|choice|option|answer|one of)\b|^(?:which|what) (?:\S+ ){1,4}?(?:would|should|could|will|do|can) you (?:use|choose|run|apply|pick)\b|^(?:which|what) (?:\S+ ){1,4}?(?:is|are) used (?:for \w+ing|to \w+)\b",
    ),
    (
        Facets::TRUE_FALSE,
        r"\b(?:is|are|be) (?:not )?(?:true|false|correct|incorrect|wrong)\b|\btrue or false\b|\b(?:true|false) about\b",
    ),
];

/// "What is X?", "Explain X", "the purpose of X", "What is X used for?": a definition. Only
/// when the clause has no other kind.
const DEFINE: &str = r"\bpurpose\b|\brole of\b|\bused for$|\bthe use of\b|\bwhat (?:is|are) (?:\S+ ){1,6}for$|\bwhat does (?:\S+ ){1,6}do$|^what (?:does|do) \S+(?: \S+){0,3} (?:store|stores|return|returns|contain|contains|hold|holds|represent|represents|indicate|indicates|mean|means|specify|specifies|control|controls)$|\bwhat (?:\S+ ){1,6}does$|\bmeaning\b|^(?:what (?:is|are|was|were|s)|whats)\b|\bexplain\b|\bdescribe\b|\bdefine\b|\bdefinition\b|\btell (?:me |us )?about\b|\bwhat do you (?:know|understand|mean) (?:about|by)\b|\bconcept of\b|\bnotion of\b|\boverview of\b|\bintroduction to\b|\bwhat (?:do|does) (?:\S+ ){1,6}mean\b";

/// "Give an example of X" asks for one; "Explain X with examples" does not.
const EXAMPLE: &str = r"\bexamples?\b";
const EXAMPLE_MANNER: &str = r"\b(?:with|by|using) (?:an |some )?examples?\b";

/// A yes/no question starts with a verb ("Can JSON represent infinity?"), unless it politely
/// asks for an explanation ("Can you explain...?").
const YES_NO: &str = r"^(?:is|are|can|could|does|do|should|will|would|has|have|was|were|did)\b";
const POLITE: &str =
    r"^\w+ you (?:explain|describe|give|tell|list|name|think|know|define|compare|mention)\b";

/// "difference between", "vs", "compare", "different from": a comparison ("the different
/// formats" lists them).
const COMPARISON: &str = r"\bdifferen(?:ce|ces|tiate)\b|\bdifferent (?:from|than|to)\b|\b(?:are|is) (?:\S+ ){1,4}different\b|\bdiffer\b|\bvs\b|\bversus\b|\bcompare\b|\bcomparison\b";

/// The nouns a title points at its body with ("this *script*", "the *image* below").
pub const POINTING_NOUNS: &[&str] = &[
    "class",
    "code",
    "command",
    "diagram",
    "drawing",
    "example",
    "expression",
    "expressions",
    "figure",
    "function",
    "image",
    "line",
    "lines",
    "output",
    "picture",
    "program",
    "query",
    "sample",
    "screenshot",
    "script",
    "snippet",
    "statement",
    "statements",
    "table",
];

/// The words a quiz prompt is made of when its question is in its body ("What's the output?",
/// "True or false?", "Find the bug", "What will be logged?"): a title with no other term says
/// so as clearly as one that points.
pub const PROMPT_WORDS: &[&str] = &[
    "bug", "error", "false", "find", "fix", "guess", "happen", "log", "output", "predict", "print",
    "result", "return", "true", "wrong",
];

/// "this script", "the following code", "the image below", "Explain the following:": the title
/// points at its body. Plural nouns only after a plural or neutral determiner ("these
/// commands", not "this inside arrow functions").
fn deictic_pattern() -> String {
    let nouns = POINTING_NOUNS.join("|");
    format!(
        r"\bthis\s+(?:\w+\s+){{0,2}}?(?:{nouns})\b|\b(?:these|the following|following|the above|the given)\s+(?:\w+\s+){{0,2}}?(?:{nouns})(?:e?s)?\b|\b(?:explain|describe|define|list)\s+(?:what\s+)?(?:each of\s+|all of\s+)?the following\b|\b(?:{nouns})(?:e?s)?\s+(?:\w+\s+)?(?:below|above|shown)\b"
    )
}

struct Matchers {
    kinds: RegexSet,
    define: Regex,
    example: Regex,
    example_manner: Regex,
    yes_no: Regex,
    polite: Regex,
    comparison: Regex,
    deictic: Regex,
}

static MATCHERS: LazyLock<Matchers> = LazyLock::new(|| {
    // A lazy DFA cache large enough to keep every state these patterns reach over a corpus's
    // titles: with the default one, the set rebuilt its states over and over.
    const CACHE: usize = 16 << 20;
    let re = |p: &str| {
        RegexBuilder::new(&ascii_boundaries(p))
            .dfa_size_limit(CACHE)
            .build()
            .expect("valid facet pattern")
    };
    Matchers {
        kinds: RegexSetBuilder::new(PATTERNS.iter().map(|p| ascii_boundaries(p.1)))
            .dfa_size_limit(CACHE)
            .build()
            .expect("valid facet patterns"),
        define: re(DEFINE),
        example: re(EXAMPLE),
        example_manner: re(EXAMPLE_MANNER),
        yes_no: re(YES_NO),
        polite: re(POLITE),
        comparison: re(COMPARISON),
        deictic: re(&deictic_pattern()),
    }
});

/// `pattern` with ASCII word boundaries: the patterns are English words, and a Unicode `\b`
/// keeps the regex engine off its fast DFA (it made reading 21,000 titles take a second).
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// The kinds asked by a segment of a clause, given its plain words joined by spaces; `first`
/// for the title's first segment (the only one that can be a yes/no question).
pub fn of_clause(plain: &str, first: bool) -> Facets {
    let m = &*MATCHERS;
    let mut out = Facets::default();
    for i in m.kinds.matches(plain).iter() {
        out = out.union(PATTERNS[i].0);
    }
    if m.example.is_match(plain) && !m.example_manner.is_match(plain) {
        out = out.union(Facets::EXAMPLE);
    }
    if first && m.yes_no.is_match(plain) && !m.polite.is_match(plain) {
        out = out.union(Facets::YES_NO);
    }
    if out.is_empty() && m.define.is_match(plain) {
        out = Facets::DEFINE;
    }
    out
}

/// Compile the patterns now, on a thread of their own, so that a run that will compare titles
/// (QA402) does not wait for them when it gets there.
pub fn prepare_in_background() {
    // Where no thread can be had, they compile when first used.
    let _ = std::thread::Builder::new().spawn(|| LazyLock::force(&MATCHERS));
}

/// Whether the title points at its body ("What is the output of this script?"): its words
/// say little, and a title in another file points at another body.
pub fn is_deictic(plain: &str) -> bool {
    MATCHERS.deictic.is_match(plain)
}

/// Whether the title compares things ("difference between X and Y", "X vs Y").
pub fn is_comparison(plain: &str) -> bool {
    MATCHERS.comparison.is_match(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointing_at_the_body() {
        for plain in [
            "what is the output of this code",
            "explain what each of the following commands does",
            "what do these commands do",
            "what do the following functions return",
            "what do the statements below print",
        ] {
            assert!(is_deictic(plain), "{plain}");
        }
        // A plural after `this` is not what `this` points at.
        assert!(!is_deictic("what is this inside arrow functions"));
    }

    #[test]
    fn kinds() {
        assert_eq!(of_clause("what is nat", true), Facets::DEFINE);
        assert_eq!(of_clause("explain nat", true), Facets::DEFINE);
        assert_eq!(of_clause("what is kafka used for", true), Facets::DEFINE);
        assert_eq!(of_clause("how does it work", false), Facets::WORKS);
        assert_eq!(
            of_clause("what types of hypervisors are there", true),
            Facets::TYPES
        );
        assert_eq!(
            of_clause("give an example of styled components", true),
            Facets::EXAMPLE
        );
        assert_eq!(
            of_clause("explain type i errors with examples", true),
            Facets::DEFINE
        );
        assert_eq!(of_clause("how to use configmaps", true), Facets::HOW_TO);
        assert_eq!(
            of_clause("can json represent infinity", true),
            Facets::YES_NO
        );
        assert_eq!(
            of_clause("can you explain how it works", true),
            Facets::WORKS
        );
        assert!(of_clause("what are the advantages of x", true).contains(Facets::ADVANTAGES));
        assert!(of_clause("active learning", true).is_empty());
        assert_eq!(
            of_clause("which volume type would you use", true),
            Facets::WHICH
        );
        assert_eq!(
            of_clause("describe cinders components", true),
            Facets::PARTS
        );
        assert_eq!(of_clause("what does refs store", true), Facets::DEFINE);
        assert_eq!(
            of_clause("what system call is used for listing files", true),
            Facets::WHICH
        );
        assert_eq!(of_clause("what kafka is used for", true), Facets::DEFINE);
        assert!(is_comparison("how are annotations different from labels"));
        assert!(!is_comparison("explain the different formats of data"));
    }

    #[test]
    fn compatibility() {
        let define = Facets::DEFINE;
        let both = Facets::DEFINE.union(Facets::WORKS);
        assert!(define.compatible(both));
        assert!(!define.compatible(Facets::WORKS));
        assert!(Facets::default().compatible(Facets::HOW_TO));
        assert!(!Facets::default().compatible(Facets::DESIGN));
        assert!(!Facets::ADVANTAGES.compatible(Facets::DRAWBACKS));
    }
}
