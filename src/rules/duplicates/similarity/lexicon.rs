//! The words QA402 reads question titles with: English function words and question phrasing,
//! negations, the prepositions that give a word its role, and the function words of the other
//! languages the corpora are written in (with the nouns that offer answers, "option" and
//! "choice", which phrase the question there as in English). Every list is sorted (binary
//! search).

/// English words that say how something is asked, not what: never terms.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "actually", "an", "and", "any", "are", "as", "at", "basically", "be",
    "been", "being", "below", "between", "briefly", "by", "can", "certain", "choice", "compare",
    "comparing", "comparison", "correct", "could", "detail", "details", "did", "differ",
    "difference", "differences", "different", "differentiate", "do", "does", "doing",
    "effectively", "exactly", "following", "for", "from", "had", "has", "have", "having", "i",
    "if", "in", "into", "is", "it", "its", "let", "lets", "like", "main", "me", "need", "needed",
    "needs", "of", "on", "one", "option", "or", "please", "primary", "really", "regard", "regarding", "regards", "respect",
    "s", "several", "should", "shown", "simple", "simply", "so", "some", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "us", "various", "versus",
    "vs", "want", "wanted", "wants", "was", "we", "were", "whats", "whether", "will", "wish",
    "with", "would", "you", "your",
];

/// Words that only phrase the kind of question (`example`, `explain`, `how`, `advantages`): read
/// by [`super::facets`], never terms. Nouns that also name things (`type`, `part`, `role`,
/// `work`) stay terms.
#[rustfmt::skip]
pub const QUESTION_WORDS: &[&str] = &[
    "advantage", "advantages", "benefit", "benefits", "case", "cases", "concept", "cons",
    "consist", "consists", "define", "definition", "describe", "disadvantage", "disadvantages",
    "downside", "downsides", "drawback", "drawbacks", "example", "examples", "explain", "familiar",
    "how", "introduction", "know", "limitation", "limitations", "made", "mean", "meaning", "merit",
    "merits", "notion", "overview", "pitfall", "pitfalls", "pros", "purpose", "scenario",
    "scenarios", "steps", "strength", "strengths", "tell", "understand", "way", "ways", "weakness",
    "weaknesses", "what", "when", "where", "which", "who", "whom", "whose", "why",
];

/// Words that negate (English, and the common ones of other languages): their count's parity is
/// the title's polarity.
#[rustfmt::skip]
pub const NEGATIONS: &[&str] = &[
    "arent", "cannot", "cant", "couldnt", "didnt", "doesnt", "dont", "hasnt", "havent", "isnt",
    "kein", "keine", "keinen", "keiner", "keines", "neither", "never", "nicht", "no", "non",
    "none", "nor", "not", "nunca", "ohne", "pas", "senza", "shouldnt", "sin", "wasnt", "werent",
    "without", "wont", "wouldnt", "без", "не", "ні",
];

/// Prepositions that give the words after them a role (`convert X to Y`, `X in terms of Y`):
/// two titles that swap the roles of two words ask different things.
#[rustfmt::skip]
pub const CONNECTORS: &[&str] = &[
    "by", "from", "instead", "into", "of", "on", "onto", "over", "per", "rather", "than", "to",
    "towards", "with",
];

/// Prepositions that open a qualifying phrase (`in Python`, `for storage`): a word that only
/// occurs in one weighs half.
#[rustfmt::skip]
pub const QUALIFIERS: &[&str] = &[
    "across", "for", "from", "in", "inside", "under", "within",
];

/// Words that end a qualifying phrase.
#[rustfmt::skip]
pub const QUALIFIER_ENDS: &[&str] = &[
    "and", "by", "or", "than", "that", "to", "when", "where", "which", "who", "whose", "with",
];

/// Words after which `to` starts an infinitive (`how to`, `allows you to`), not a role.
#[rustfmt::skip]
pub const INFINITIVE_MARKERS: &[&str] = &[
    "able", "allow", "allowed", "allows", "are", "best", "better", "designed", "easiest", "enable",
    "enables", "fastest", "going", "good", "had", "has", "have", "help", "helps", "how", "i",
    "important", "is", "it", "like", "me", "meant", "necessary", "need", "needed", "needs", "one",
    "order", "possible", "quickest", "recommended", "required", "supposed", "them", "try",
    "trying", "us", "used", "want", "wanted", "wants", "was", "way", "ways", "we", "you",
];

/// Forms of `use`: phrasing (`used for`, `using X`), never terms.
#[rustfmt::skip]
pub const USE_WORDS: &[&str] = &[
    "us", "usage", "use", "used", "uses", "using",
];

/// Stems that mean the same in questions (`delete` / `remove`, `benefit` / `advantage`).
#[rustfmt::skip]
pub const SYNONYMS: &[(&str, &str)] = &[
    ("alter", "chang"),
    ("benefit", "advantag"),
    ("con", "disadvantag"),
    ("delet", "remov"),
    ("display", "show"),
    ("downsid", "disadvantag"),
    ("drawback", "disadvantag"),
    ("edit", "chang"),
    ("employ", "us"),
    ("kind", "typ"),
    ("limitation", "disadvantag"),
    ("modify", "chang"),
    ("pro", "advantag"),
    ("usag", "us"),
    ("utilis", "us"),
    ("utiliz", "us"),
];

/// Han characters that are function words (`的`, `是`, `如何`): not content when titles are compared.
pub const CJK_FUNCTION_CHARS: &str = "一下与且並个中为么之也了于些什从以们何你個們其到又及吗呢和哪嗎在如它对将將對就并很從怎您我或所把於是最有样樣為由的給给而與被还这這還那都麼";

/// Negations written in Han or kana.
pub const CJK_NEGATIONS: &[&str] = &[
    "不是",
    "没有",
    "無法",
    "无法",
    "不能",
    "不会",
    "ない",
    "ません",
];

/// German function words.
#[rustfmt::skip]
pub const GERMAN: &[&str] = &[
    "als", "am", "an", "auf", "aus", "bei", "das", "dass", "dem", "den", "der", "des", "die", "du",
    "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "ich", "ihr", "ihre",
    "ihrem", "ihren", "ihres", "im", "in", "ist", "kann", "können", "man", "mit", "muss", "müssen",
    "nach", "oder", "option", "optionen", "sein", "sich", "sie", "sind", "soll", "sollte",
    "sollten", "um", "und", "unter", "vom", "von", "vor", "wann", "warum", "was", "welche",
    "welchen", "welcher", "welches", "wer", "werden", "wie", "wir", "wird", "wo", "wurde", "zu",
    "zum", "zur", "über",
];

/// Spanish function words.
#[rustfmt::skip]
pub const SPANISH: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra", "cual",
    "cuando", "cuál", "cuáles", "cuándo", "cómo", "de", "debe", "deberías", "debes", "del",
    "desde", "donde", "durante", "dónde", "e", "el", "ella", "ellas", "ellos", "en", "entre",
    "era", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estamos", "estar", "estas", "este",
    "esto", "estos", "estoy", "está", "están", "estás", "fue", "hace", "hacer", "haces", "hasta",
    "hay", "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muchos", "muy",
    "más", "mí", "nada", "ni", "nos", "nosotros", "o", "opciones", "opción", "os", "otra", "otras",
    "otro", "otros", "para", "pero", "poco", "podés", "por", "porque", "puede", "pueden", "puedes",
    "que", "quien", "quienes", "qué", "se", "sea", "ser", "sobre", "son", "su", "sus", "sí",
    "también", "tanto", "te", "ti", "todo", "todos", "tu", "tus", "tú", "un", "una", "uno", "unos",
    "usa", "usar", "usarías", "usas", "y", "ya", "yo", "él",
];

/// French function words.
#[rustfmt::skip]
pub const FRENCH: &[&str] = &[
    "a", "au", "aux", "avec", "avoir", "c", "ce", "ces", "cet", "cette", "choix", "comment", "d",
    "dans", "de", "des", "devez", "doit", "du", "elle", "elles", "en", "est", "et", "faut", "il",
    "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "m", "ma", "mes", "mon", "ne",
    "nos", "notre", "nous", "on", "ont", "option", "options", "ou", "où", "par", "peut", "plus",
    "pour", "pouvez", "qu", "que", "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa",
    "se", "ses", "son", "sont", "sur", "t", "tu", "un", "une", "vos", "votre", "vous", "y", "à",
    "être",
];

/// Italian function words.
#[rustfmt::skip]
pub const ITALIAN: &[&str] = &[
    "a", "agli", "ai", "al", "all", "alla", "alle", "allo", "avere", "c", "che", "chi", "ci",
    "come", "con", "cosa", "cui", "d", "da", "dagli", "dai", "dal", "dall", "dalla", "dalle",
    "dallo", "degli", "dei", "del", "dell", "della", "delle", "dello", "deve", "devi", "di",
    "dove", "dovresti", "e", "ed", "era", "erano", "essere", "fa", "fai", "faresti", "fra", "gli",
    "ha", "hai", "hanno", "ho", "i", "il", "in", "l", "la", "le", "lo", "mi", "mia", "mio",
    "negli", "nei", "nel", "nell", "nella", "nelle", "nello", "o", "opzione", "opzioni", "per",
    "perché", "possono", "potresti", "puoi", "può", "quale", "quali", "quando", "quella", "quelle",
    "quelli", "quello", "questa", "queste", "questi", "questo", "scelta", "scelte", "sei", "si",
    "siamo", "siete", "sono", "stata", "stati", "stato", "su", "sua", "sue", "sugli", "sui", "sul",
    "sull", "sulla", "sulle", "sullo", "suo", "suoi", "ti", "tra", "tua", "tue", "tuo", "tuoi",
    "un", "un'", "una", "uno", "vengono", "vi", "viene", "è",
];

/// Portuguese function words.
#[rustfmt::skip]
pub const PORTUGUESE: &[&str] = &[
    "a", "ao", "aos", "as", "até", "com", "como", "da", "das", "de", "dela", "dele", "depois",
    "do", "dos", "e", "ela", "elas", "ele", "eles", "em", "entre", "essa", "essas", "esse",
    "esses", "esta", "estamos", "estas", "este", "estes", "estou", "está", "estão", "isso", "isto",
    "já", "lhe", "mais", "mas", "me", "mesmo", "meu", "minha", "muito", "na", "nas", "nem", "no",
    "nos", "nossa", "nosso", "num", "numa", "nós", "o", "onde", "opção", "opções", "os", "ou",
    "para", "pela", "pelas", "pelo", "pelos", "por", "quais", "qual", "quando", "que", "quem",
    "se", "ser", "seu", "seus", "sua", "suas", "são", "só", "também", "te", "teu", "tu", "tua",
    "um", "uma", "você", "vocês", "à", "às", "é",
];

/// Russian function words.
#[rustfmt::skip]
pub const RUSSIAN: &[&str] = &[
    "а", "больше", "будет", "бы", "был", "была", "были", "было", "быть", "в", "вариант", "варианта",
    "вариантами", "вариантах", "варианте", "вариантов", "вариантом", "варианту", "варианты", "вас",
    "во", "вот", "все", "всего", "всех", "вы", "где", "да", "для", "до", "другой", "его", "ее",
    "ей", "ему", "если", "есть", "еще", "ж", "же", "за", "зачем", "здесь", "и", "из", "или", "их",
    "к", "как", "какая", "какие", "каким", "какой", "когда", "кто", "куда", "ли", "между", "меня",
    "мне", "много", "может", "можно", "мой", "мы", "на", "над", "надо", "нас", "него", "нее", "ней",
    "ним", "них", "но", "о", "об", "один", "он", "она", "они", "от", "по", "после", "потом",
    "потому", "при", "про", "с", "сам", "себя", "со", "так", "там", "тебя", "тем", "то", "тогда",
    "того", "только", "тот", "тут", "ты", "у", "уже", "чем", "через", "что", "чтоб", "чтобы", "эти",
    "этого", "этом", "этот", "я",
];

/// Ukrainian function words.
#[rustfmt::skip]
pub const UKRAINIAN: &[&str] = &[
    "а", "або", "але", "був", "була", "були", "було", "бути", "в", "варіант", "варіанта",
    "варіантами", "варіантах", "варіанти", "варіантом", "варіанту", "варіанті", "варіантів", "ваш",
    "ваша", "ваше", "ваші", "ви", "вона", "вони", "воно", "від", "він", "де", "для", "до", "ж",
    "же", "з", "за", "й", "його", "коли", "ми", "може", "можна", "між", "на", "над", "перед", "по",
    "при", "про", "під", "після", "своя", "своє", "свої", "свій", "слід", "та", "те", "той", "ті",
    "у", "хто", "це", "цей", "цих", "цього", "ця", "ці", "через", "чи", "чим", "чому", "що", "як",
    "яка", "яке", "який", "яким", "якими", "якого", "якому", "які", "якій", "є", "і", "із", "їх",
    "її",
];

/// The function words of a language group ([`super::language_of`]), when QA402 knows them.
pub fn function_words(language: &str) -> Option<&'static [&'static str]> {
    language_index(language).map(|i| LANGUAGES[i])
}

/// The place in [`LANGUAGES`] of a language group's function words.
fn language_index(language: &str) -> Option<usize> {
    let primary = language.split('-').next().unwrap_or(language);
    Some(match primary {
        "de" => 0,
        "es" => 1,
        "fr" => 2,
        "it" => 3,
        "pt" => 4,
        "ru" => 5,
        "ua" | "uk" => 6,
        _ => return None,
    })
}

/// Whether `word` is in the sorted list `list`.
pub fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// The lists a word is on, found with one hash lookup ([`class`]): reading a title looks each
/// word up in a dozen lists, and binary searches over them were a tenth of QA402's time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Class {
    bits: u16,
    /// The word's index in [`CONNECTORS`], if it is one.
    pub connector: Option<u8>,
}

impl Class {
    pub const STOP: u16 = 1;
    pub const QUESTION: u16 = 1 << 1;
    pub const NEGATION: u16 = 1 << 2;
    pub const QUALIFIER: u16 = 1 << 3;
    pub const QUALIFIER_END: u16 = 1 << 4;
    pub const INFINITIVE_MARKER: u16 = 1 << 5;
    pub const USE: u16 = 1 << 6;
    /// The first of the language bits, in [`LANGUAGES`] order.
    const LANGUAGE: u16 = 1 << 7;

    /// Whether the word is on the list `flag` names.
    pub fn is(self, flag: u16) -> bool {
        self.bits & flag != 0
    }

    /// Whether the word is a function word of the language group `language` names (its
    /// [`language_bit`]).
    pub fn is_function_word(self, language: u16) -> bool {
        self.bits & language != 0
    }
}

/// Whether `word` is a function word of one of the other languages QA402 knows and on none of
/// the English lists (`dieser`, `quel`, not `a`, `do` or `no`).
pub fn is_foreign_function_word(word: &str) -> bool {
    let bits = class(word).bits;
    bits >= Class::LANGUAGE && bits & (Class::LANGUAGE - 1) == 0
}

/// The languages whose function words QA402 knows, with their lists.
const LANGUAGES: &[&[&str]] = &[
    GERMAN, SPANISH, FRENCH, ITALIAN, PORTUGUESE, RUSSIAN, UKRAINIAN,
];

/// The bit of [`Class`] that marks the function words of `language` (0 when QA402 knows none).
pub fn language_bit(language: &str) -> u16 {
    language_index(language).map_or(0, |i| Class::LANGUAGE << i)
}

/// The English lists, each with its bit of [`Class`].
const FLAGGED: [(&[&str], u16); 7] = [
    (STOP_WORDS, Class::STOP),
    (QUESTION_WORDS, Class::QUESTION),
    (NEGATIONS, Class::NEGATION),
    (QUALIFIERS, Class::QUALIFIER),
    (QUALIFIER_ENDS, Class::QUALIFIER_END),
    (INFINITIVE_MARKERS, Class::INFINITIVE_MARKER),
    (USE_WORDS, Class::USE),
];

static CLASSES: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, Class>> =
    std::sync::LazyLock::new(|| {
        let mut map: rustc_hash::FxHashMap<&'static str, Class> = Default::default();
        for (list, bit) in FLAGGED {
            for w in list {
                map.entry(w).or_default().bits |= bit;
            }
        }
        for (i, list) in LANGUAGES.iter().enumerate() {
            for w in *list {
                map.entry(w).or_default().bits |= Class::LANGUAGE << i;
            }
        }
        for (i, w) in CONNECTORS.iter().enumerate() {
            map.entry(w).or_default().connector = Some(i as u8);
        }
        map
    });

/// The lists `word` is on.
pub fn class(word: &str) -> Class {
    CLASSES.get(word).copied().unwrap_or_default()
}

/// The synonym a stem stands for (`delet` → `remov`), if any.
pub fn synonym(stem: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|s| s.0 == stem).map(|s| s.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        for list in [
            STOP_WORDS,
            QUESTION_WORDS,
            NEGATIONS,
            CONNECTORS,
            QUALIFIERS,
            QUALIFIER_ENDS,
        ]
        .into_iter()
        .chain([INFINITIVE_MARKERS, USE_WORDS])
        .chain(LANGUAGES.iter().copied())
        {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", &list[..3]);
        }
    }

    /// One lookup says what a binary search of every list says, for every word on any list and
    /// for words on none.
    #[test]
    fn class_agrees_with_the_lists() {
        let lists = FLAGGED;
        let mut words: Vec<&str> = lists.iter().flat_map(|l| l.0.iter().copied()).collect();
        words.extend(LANGUAGES.iter().flat_map(|l| l.iter().copied()));
        words.extend(CONNECTORS);
        words.extend(["network", "", "Not", "übung"]);
        for w in words {
            let c = class(w);
            for (list, bit) in lists {
                assert_eq!(c.is(bit), contains(list, w), "{w:?} {bit}");
            }
            assert_eq!(
                c.connector,
                CONNECTORS.binary_search(&w).ok().map(|i| i as u8),
                "{w:?}"
            );
            for lang in ["de", "es", "fr", "it", "pt", "ru", "ua", "uk", "", "zh-cn"] {
                let expected = function_words(lang).is_some_and(|f| contains(f, w));
                assert_eq!(
                    c.is_function_word(language_bit(lang)),
                    expected,
                    "{w:?} {lang}"
                );
            }
        }
    }
}
