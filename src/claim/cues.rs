//! The cue table: every named cue, sentence and context alike, with its code, its reason
//! and the literal words it needs.
//!
//! Why one table: a cue's code, its wording in `claims[].reasons`, the words that must be
//! present before its pattern can match and the pattern itself used to live in four places
//! that had to be kept in step by hand (a hand-packed anchor table among them). Here each
//! row says all of it, and the prefilter is derived from the rows: an Aho–Corasick automaton
//! over every declared word finds, in one pass over a sentence, which cues can fire at all,
//! so only those run their regular expressions. The weights are not here: they are learned
//! (see [`super::model`]); a row only says what the cue means.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::ops::Range;
use std::sync::LazyLock;

/// Every cue, in table order ([`TABLE`]`[c as usize].cue == c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Cue {
    // Sentence cues.
    EarlierWork,
    PreviousStudies,
    ReceivedKnowledge,
    StudiesShow,
    HasFound,
    AuthorWithoutYear,
    AttributedWords,
    Hearsay,
    Agreement,
    KnownThing,
    Tool,
    NamedTool,
    Quotation,
    BackgroundStatement,
    PriorKnowledge,
    GeneralStatement,
    Supplier,
    PanelLegend,
    InternalPointer,
    Causal,
    Percentage,
    Superlative,
    OwnWork,
    OwnFigure,
    Speculation,
    ThisStudy,
    PastTense,
    DoneBefore,
    Examples,
    // Context cues.
    RepeatedTool,
    FocalWork,
    ReportsFocalWork,
    Abstract,
    Caption,
    BackgroundParagraph,
    EarlierWorkParagraph,
    DiscussionUnmarked,
    MethodsUnmarked,
    Introduction,
    Results,
    Discussion,
    Methods,
    Conclusion,
    OtherPart,
    OpensParagraph,
    ClosesParagraph,
    LoneSentence,
    FirstParagraphOfSection,
    NeighbourEarlierWork,
    NeighbourOwnWork,
    FirstFifth,
    SecondFifth,
    MiddleFifth,
    FourthFifth,
    LastFifth,
    ShortSentence,
    LongSentence,
    StatesNumbers,
    // Verdicts that make a sentence no claim at all.
    Question,
    OwnVoice,
    Fragment,
}

/// What kind of evidence a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Read from the sentence's own words.
    Sentence,
    /// Read from the paragraph, the section or the neighbours.
    Context,
    /// Makes the sentence `no-claim` outright (score 0).
    NoClaim,
}

/// A hand-written scanner: the trigger's byte range in the sentence, if the cue fires.
pub type Scanner = fn(&str) -> Option<Range<usize>>;

/// How a sentence cue finds its trigger.
#[derive(Debug, Clone, Copy)]
pub enum Matcher {
    /// A regular expression (ASCII word boundaries), and an optional veto on the text right
    /// after a match (`as described` + ` below`).
    Regex(&'static str, Option<&'static str>),
    /// A hand-written scanner, for cues a pattern would make slow.
    Scan(Scanner),
    /// Not matched on the sentence (context cues and verdicts).
    None,
}

/// One row of the cue table.
#[derive(Debug, Clone, Copy)]
pub struct CueDef {
    /// The cue.
    pub cue: Cue,
    /// Stable kebab-case code, as in the model file and the audit (`earlier-work`).
    pub code: &'static str,
    /// What the cue means, in words, as `claims[].reasons` writes it.
    pub reason: &'static str,
    /// Sentence, context or verdict.
    pub kind: Kind,
    /// The literal words (ASCII, matched case-insensitively as whole words) one of which
    /// every match of the pattern contains; empty: the cue runs on every sentence.
    pub words: &'static [&'static str],
    /// How the cue is matched.
    pub matcher: Matcher,
    /// A strong sign of borrowed knowledge (counted for the paragraph and the neighbours).
    pub strong: bool,
    /// Points to a source by itself (a sentence with one is "marked": see the Discussion
    /// and Methods context cues).
    pub marks_source: bool,
}

const fn sentence(
    cue: Cue,
    code: &'static str,
    reason: &'static str,
    words: &'static [&'static str],
    matcher: Matcher,
    strong: bool,
    marks_source: bool,
) -> CueDef {
    CueDef { cue, code, reason, kind: Kind::Sentence, words, matcher, strong, marks_source }
}

const fn context(cue: Cue, code: &'static str, reason: &'static str) -> CueDef {
    CueDef {
        cue,
        code,
        reason,
        kind: Kind::Context,
        words: &[],
        matcher: Matcher::None,
        strong: false,
        marks_source: false,
    }
}

const fn verdict(cue: Cue, code: &'static str, reason: &'static str) -> CueDef {
    CueDef { kind: Kind::NoClaim, ..context(cue, code, reason) }
}

/// Every cue. The sentence cues run in this order, and their hits are listed in it.
pub const TABLE: &[CueDef] = &[
    sentence(
        Cue::EarlierWork,
        "earlier-work",
        "refers to earlier work",
        &[
            "described",
            "reported",
            "shown",
            "published",
            "established",
            "defined",
            "characterised",
            "characterized",
            "proposed",
            "suggested",
            "demonstrated",
            "implicated",
            "documented",
            "as before",
            "previously",
        ],
        Matcher::Regex(
            r"(?i)\b(as (previously |already |first )?(described|reported|shown|published|established|defined|characteri[sz]ed)|(were|was|have been|has been|had been) (previously |recently |first |already |also )?(described|reported|published|characteri[sz]ed|established|proposed|suggested|demonstrated|implicated|documented)|described (previously|before|elsewhere)|as before|(shown|demonstrated|reported) (previously|before|earlier)|previously (described|reported|shown|published|established|identified|characteri[sz]ed|undescribed))\b",
            Some(r"^ ?(below|above|here|in (the|this|our|Figure|Fig|Table|Methods|Materials|section)|by us)\b"),
        ),
        true,
        true,
    ),
    sentence(
        Cue::PreviousStudies,
        "previous-studies",
        "refers to earlier studies",
        &[
            "previous",
            "previously",
            "prior",
            "earlier",
            "recent",
            "recently",
            "published",
            "other",
            "several",
            "many",
            "numerous",
        ],
        Matcher::Regex(
            r"(?i)\b((previous(ly)?|prior|earlier|recent(ly)?|published|other|several|many|numerous) (work|works|studies|study|research|reports?|results|findings|data|analys[ie]s|observations|experiments|protocols?|publications?|(crystal )?structures?|groups|laboratories|labs|authors|researchers|investigators|literature)|(previous|prior|earlier) (finding|analysis|observation)|(previous|earlier|published) [a-z-]+ (study|report|finding|analysis|observation|structure))\b",
            None,
        ),
        true,
        true,
    ),
    sentence(
        Cue::ReceivedKnowledge,
        "received-knowledge",
        "appeals to what is known or believed",
        &[
            "known",
            "thought",
            "believed",
            "considered",
            "assumed",
            "accepted",
            "agreed",
            "recognised",
            "recognized",
            "hypothesised",
            "hypothesized",
            "predicted",
            "estimated",
            "know",
            "established",
        ],
        Matcher::Regex(
            r"(?i)\b((it |this )?(is|are|was|were|has been|have been|had been|long been) (widely |well |generally |commonly |previously |also |often |now |thus |therefore )?(known|thought|believed|considered|assumed|accepted|agreed|recogni[sz]ed|hypothesi[sz]ed|predicted|estimated)|we (now )?(know|have known)|it is (well )?(known|established)|is (well[- ])?established)\b",
            Some(r"^ (as|to be (a|an|the) [a-z]+ (of|in) (this|our))\b"),
        ),
        true,
        true,
    ),
    sentence(
        Cue::StudiesShow,
        "studies-show",
        "appeals to others' findings",
        &[
            "show",
            "shown",
            "showed",
            "suggest",
            "suggested",
            "demonstrate",
            "demonstrated",
            "indicate",
            "indicated",
            "reveal",
            "revealed",
            "found",
            "identified",
            "described",
            "argue",
            "argued",
        ],
        Matcher::Regex(
            r"(?i)\b(studies|work|research|evidence|experiments|reports|analyses|observations|structures|authors|others) (have |has )?(show|shown|showed|suggest|suggested|demonstrate|demonstrated|indicate|indicated|reveal|revealed|found|identified|described|argue|argued)\b",
            None,
        ),
        true,
        true,
    ),
    sentence(
        Cue::HasFound,
        "has-found",
        "reports a finding",
        &[
            "argued",
            "suggested",
            "proposed",
            "found",
            "shown",
            "reported",
            "noted",
            "demonstrated",
            "established",
            "described",
            "observed",
        ],
        Matcher::Regex(
            r"(?i)\b(has|have|had) (argued|suggested|proposed|found|shown|reported|noted|demonstrated|established|described|observed)\b",
            Some(r"^ (here|in this|above|below)\b"),
        ),
        false,
        true,
    ),
    sentence(
        Cue::AuthorWithoutYear,
        "author-without-year",
        "names authors without a year",
        &[
            "et al",
            "and colleagues",
            "and co-workers",
            "and coworkers",
            "described by",
            "reported by",
            "proposed by",
            "shown by",
            "suggested by",
            "developed by",
        ],
        Matcher::Regex(
            // The name is written once for `et al` and `and colleagues`: a name runs to the
            // space, so both alternatives start the same way (test
            // `one_name_for_two_alternatives_matches_as_two_do`), and its Unicode class is
            // compiled twice instead of three times.
            r"\b([A-Z][\p{L}'-]+ (et al\b\.?|and (colleagues|co-workers|coworkers)\b)|(described|reported|proposed|shown|suggested|developed) by [A-Z][\p{L}'-]+\b)",
            Some(r"^,? \(?\d{4}"),
        ),
        true,
        true,
    ),
    sentence(
        Cue::AttributedWords,
        "attributed-words",
        "attributes words or views to someone",
        &[
            "put",
            "puts",
            "says",
            "said",
            "notes",
            "noted",
            "argues",
            "argued",
            "writes",
            "wrote",
            "observes",
            "observed",
            "points out",
            "pointed out",
            "according to",
        ],
        Matcher::Regex(
            r"\b(as [A-Z][\p{L}'-]+( [A-Z][\p{L}'-]+)* (puts? it|puts the matter|says|said|notes|noted|argues|argued|writes|wrote|observes|observed|points out|pointed out)|according to [A-Z][\p{L}'-]+)",
            Some(r"^,? \(?\d{4}"),
        ),
        false,
        true,
    ),
    sentence(
        Cue::Hearsay,
        "hearsay",
        "reports what others say",
        &["reportedly", "allegedly", "it is reported", "is said to", "are said to", "it has been said", "according to"],
        Matcher::Regex(
            r"(?i)\b(reportedly|allegedly|it is reported|is said to|are said to|it has been said|according to (the literature|previous|earlier|published|some|many))\b",
            None,
        ),
        true,
        true,
    ),
    sentence(
        Cue::Agreement,
        "agreement",
        "compares with others' results",
        &[
            "in line with",
            "in agreement with",
            "in accordance with",
            "consistent with",
            "similar to",
            "in contrast to",
            "contrary to",
            "as expected from",
            "as predicted by",
            "confirm",
            "confirms",
            "confirming",
            "confirmed",
        ],
        Matcher::Regex(
            r"(?i)\b(in (line|agreement|accordance) with|consistent with|similar to|in contrast to|contrary to|as expected from|as predicted by|confirm(s|ing|ed)?) (the )?(previous|prior|earlier|published|recent|known|in vitro|in vivo|other|those of|findings|results|reports)",
            None,
        ),
        false,
        true,
    ),
    sentence(
        Cue::KnownThing,
        "known-thing",
        "relies on established knowledge",
        &[
            "known",
            "well-established",
            "studied",
            "characterised",
            "characterized",
            "documented",
            "understood",
            "long-standing",
            "classic",
            "classical",
            "textbook",
            "recently",
            "first",
        ],
        Matcher::Regex(
            r"(?i)\b(known|well-known|well-established|well[- ](studied|characteri[sz]ed|documented|understood)|long-standing|classic(al)? (explanation|model|view|example|picture)|textbook (example|case|view|model)|recently (published|reported|identified|described|discovered|shown)|first (described|reported|identified|shown))\b",
            None,
        ),
        false,
        true,
    ),
    sentence(
        Cue::Tool,
        "tool",
        "names software, a database or a published method",
        &[
            "software",
            "program",
            "package",
            "algorithm",
            "server",
            "database",
            "toolkit",
            "pipeline",
            "suite",
            "script",
            "method",
            "methods",
            "protocol",
            "protocols",
            "procedure",
            "procedures",
            "technique",
            "techniques",
            "criterion",
            "adapted from",
            "modified from",
        ],
        Matcher::Regex(
            r"(?i)\b(software|program|package|algorithm|server|database|toolkit|pipeline|suite|script|method (of|from|adapted|described|developed)|(standard|established|published|conventional) (method|protocol|procedure|technique)s?|standard [a-z-]+( [a-z-]+){0,2} (method|protocol|procedure|technique)s?|according to the [^ ]+( [^ ]+){0,3} (method|protocol|procedure|criterion)|adapted from|modified from)\b",
            Some(r"^ (was|were) (written|developed|designed|created) (by us|for this|in house|in-house)"),
        ),
        false,
        true,
    ),
    sentence(
        Cue::NamedTool,
        "named-tool",
        "uses a named tool",
        &[],
        Matcher::Scan(super::context::named_tool),
        false,
        true,
    ),
    sentence(
        Cue::Quotation,
        "quotation",
        "quotes someone",
        &["\"", "“"],
        Matcher::Regex(r#"[“"][^”"]{25,}[”"]?"#, None),
        false,
        true,
    ),
    sentence(
        Cue::BackgroundStatement,
        "background-statement",
        "states a specific fact in the present tense",
        &[
            "is",
            "are",
            "has",
            "have",
            "can",
            "contain",
            "contains",
            "regulate",
            "regulates",
            "consist",
            "consists",
            "play",
            "plays",
            "function",
            "functions",
            "require",
            "requires",
            "bind",
            "binds",
            "form",
            "forms",
            "interact",
            "interacts",
            "occur",
            "occurs",
            "remain",
            "remains",
            "depend",
            "depends",
        ],
        Matcher::Regex(
            r"^[A-Z][^.;:]*?\b(is|are|has|have|can|contain|contains|regulate|regulates|consist|consists|play|plays|function|functions|require|requires|bind|binds|form|forms|interact|interacts|occur|occurs|remain|remains|depend|depends)\b.*\b([A-Za-z]+[0-9][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]\. [a-z]{3,}|[0-9])\b",
            None,
        ),
        false,
        false,
    ),
    sentence(
        Cue::PriorKnowledge,
        "prior-knowledge",
        "states what earlier work has shown",
        &["known", "thought", "believed", "proposed", "predicted", "suggested", "reported", "shown", "been"],
        Matcher::Regex(
            r"(?i)\b((is|are|was|were) (well |widely |generally |also |often )?(known|thought|believed|proposed|predicted|suggested|reported|shown) to|(has|have|had) (also |previously |recently |repeatedly )?been (shown|demonstrated|reported|proposed|suggested|implicated|described|found|identified|observed|characteri[sz]ed))\b",
            None,
        ),
        false,
        true,
    ),
    sentence(
        Cue::GeneralStatement,
        "general-statement",
        "generalises about a class of things",
        &[
            "in many",
            "in most",
            "in all",
            "in some",
            "in other",
            "in nature",
            "many",
            "most",
            "some",
            "several",
            "numerous",
            "all",
        ],
        Matcher::Regex(r"^(In (many|most|all|some|other|nature)|Many|Most|Some|Several|Numerous|All)\b", None),
        false,
        false,
    ),
    sentence(
        Cue::Supplier,
        "supplier",
        "names a supplier's address, not a source",
        &[],
        Matcher::Scan(super::context::supplier),
        false,
        false,
    ),
    sentence(
        Cue::PanelLegend,
        "panel-legend",
        "opens with a figure panel label, as a legend does",
        &[],
        Matcher::Scan(super::context::panel_label),
        false,
        false,
    ),
    sentence(
        Cue::InternalPointer,
        "internal-pointer",
        "points elsewhere in this paper",
        &["below", "above", "earlier", "later", "section", "chapter", "noted"],
        Matcher::Regex(
            r"(?i)\b(as (discussed|noted|shown|described|mentioned|explained|outlined|argued|seen) (in some detail |in detail |further |already )?(below|above|earlier|later|in (section|chapter|the (next|previous|following) section))|as (already )?noted|see (below|above|section))\b",
            None,
        ),
        false,
        false,
    ),
    sentence(
        Cue::Causal,
        "causal",
        "makes a causal claim",
        &[
            "because",
            "cause",
            "caused",
            "lead",
            "leads",
            "result",
            "results",
            "due to",
            "regulate",
            "regulates",
            "control",
            "controls",
            "required for",
            "essential",
            "mediate",
            "mediates",
        ],
        Matcher::Regex(
            r"(?i)\b(because|caused?|leads? to|results? in|due to|regulates?|controls?|required for|essential (for|to)|mediates?)\b",
            None,
        ),
        false,
        false,
    ),
    sentence(
        Cue::Percentage,
        "percentage",
        "states a measured percentage",
        &["%", "percent", "percentage", "percentages", "per cent"],
        Matcher::Regex(r"\b\d+(\.\d+)?\s?(%|percent|per cent)", None),
        false,
        false,
    ),
    sentence(
        Cue::Superlative,
        "superlative",
        "uses a superlative or absolute",
        &["most", "largest", "smallest", "highest", "lowest", "best", "worst", "never", "always", "unprecedented"],
        // "best practice" names a kind of practice, not a ranking.
        Matcher::Regex(
            r"(?i)\b(most|largest|smallest|highest|lowest|best|worst|never|always|unprecedented)\b",
            Some(r"(?i)^[ -]practices?\b"),
        ),
        false,
        false,
    ),
    sentence(
        Cue::OwnWork,
        "own-work",
        "speaks of the authors' own work",
        &["we", "our", "us"],
        // `US` in capitals is the country, not "us".
        Matcher::Regex(r"\b([Ww][Ee]|[Oo][Uu][Rr]|[uU]s)\b", None),
        false,
        false,
    ),
    sentence(
        Cue::OwnFigure,
        "own-figure",
        "points to the paper's own figures or tables",
        &["figure", "figures", "fig", "table", "tables", "movie", "video", "supplementary"],
        Matcher::Regex(r"\((Figures?|Fig\.|Table|Movie|Video|Supplementary)[^)]*\)|\b(Figures?|Tables?) \d", None),
        false,
        false,
    ),
    sentence(
        Cue::Speculation,
        "speculation",
        "speculates or recommends in the writer's voice",
        &[
            "should",
            "must",
            "would",
            "might",
            "could have",
            "unless",
            "surely",
            "presumably",
            "perhaps",
            "one can",
            "one could",
        ],
        Matcher::Regex(
            r"(?i)\b(should|must|would|might|could have|unless|surely|presumably|perhaps|one can|one could)\b",
            None,
        ),
        false,
        false,
    ),
    sentence(
        Cue::ThisStudy,
        "this-study",
        "describes this study",
        &[
            "here",
            "in this study",
            "in this paper",
            "in this work",
            "in this article",
            "in this report",
            "the present study",
            "the present work",
        ],
        Matcher::Regex(r"(?i)\b(here|in this (study|paper|work|article|report)|the present (study|work))\b", None),
        false,
        false,
    ),
    sentence(
        Cue::PastTense,
        "past-tense",
        "reports an event in the past tense",
        &["was", "were"],
        Matcher::Regex(r"\b(was|were)\b", None),
        false,
        false,
    ),
    sentence(
        Cue::DoneBefore,
        "done-before",
        "says what has been done or found before",
        &["has been", "have been"],
        Matcher::Regex(r"(?i)\b(has|have) been\b", None),
        false,
        false,
    ),
    sentence(
        Cue::Examples,
        "examples",
        "gives examples, which are often taken from the literature",
        &["for example", "for instance", "such as", "including"],
        Matcher::Regex(r"(?i)\b(for example|for instance|such as|including)\b", None),
        false,
        false,
    ),
    context(
        Cue::RepeatedTool,
        "repeated-tool",
        "names a tool already named earlier in the document, where it is cited",
    ),
    context(Cue::FocalWork, "focal-work", "names the authors of the work this document discusses"),
    context(
        Cue::ReportsFocalWork,
        "reports-focal-work",
        "follows a mention of the work this document discusses, in the same paragraph",
    ),
    context(Cue::Abstract, "abstract", "belongs to the abstract, which the body supports"),
    context(Cue::Caption, "caption", "belongs to a figure or table legend"),
    context(
        Cue::BackgroundParagraph,
        "background-paragraph",
        "stands in a paragraph that never speaks of the paper's own work",
    ),
    context(Cue::EarlierWorkParagraph, "earlier-work-paragraph", "stands in a paragraph that reports earlier work"),
    context(
        Cue::DiscussionUnmarked,
        "discussion-unmarked",
        "stands in the Discussion and nothing in it points to a source",
    ),
    context(
        Cue::MethodsUnmarked,
        "methods-unmarked",
        "stands in the Methods and names no tool, method or earlier work",
    ),
    context(Cue::Introduction, "introduction", "stands in the Introduction, which sets out earlier work"),
    context(Cue::Results, "results", "stands in the Results, which report the paper's own findings"),
    context(Cue::Discussion, "discussion", "stands in the Discussion"),
    context(Cue::Methods, "methods", "stands in the Methods"),
    context(Cue::Conclusion, "conclusion", "stands in the Conclusion"),
    context(
        Cue::OtherPart,
        "other-part",
        "stands under another heading of a research article (Abstract, Related work, ...)",
    ),
    context(Cue::OpensParagraph, "opens-paragraph", "opens its paragraph"),
    context(Cue::ClosesParagraph, "closes-paragraph", "closes its paragraph"),
    context(Cue::LoneSentence, "lone-sentence", "stands alone as a one-sentence paragraph (a heading, title or note)"),
    context(Cue::FirstParagraphOfSection, "first-paragraph", "stands in the first paragraph of its section"),
    context(
        Cue::NeighbourEarlierWork,
        "neighbour-earlier-work",
        "the sentence before or after it refers to earlier work",
    ),
    context(
        Cue::NeighbourOwnWork,
        "neighbour-own-work",
        "the sentence before or after it speaks of the paper's own work",
    ),
    context(Cue::FirstFifth, "first-fifth", "stands in the first fifth of the document"),
    context(Cue::SecondFifth, "second-fifth", "stands in the second fifth of the document"),
    context(Cue::MiddleFifth, "middle-fifth", "stands in the middle fifth of the document"),
    context(Cue::FourthFifth, "fourth-fifth", "stands in the fourth fifth of the document"),
    context(Cue::LastFifth, "last-fifth", "stands in the last fifth of the document"),
    context(Cue::ShortSentence, "short-sentence", "is short (under 12 words)"),
    context(Cue::LongSentence, "long-sentence", "is long (over 35 words)"),
    context(Cue::StatesNumbers, "states-numbers", "states numbers"),
    verdict(Cue::Question, "question", "asks a question"),
    verdict(Cue::OwnVoice, "own-voice", "states the author's own argument or plan"),
    verdict(Cue::Fragment, "fragment", "too short to claim anything"),
];

impl Cue {
    /// The cue's row of [`TABLE`].
    pub fn def(self) -> &'static CueDef {
        &TABLE[self as usize]
    }

    /// The cue with this code.
    pub fn from_code(code: &str) -> Option<Cue> {
        TABLE.iter().find(|d| d.code == code).map(|d| d.cue)
    }
}

/// A cue that fired on a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// Which cue.
    pub cue: Cue,
    /// Byte range in the sentence that triggered it; `None` for context cues.
    pub range: Option<Range<usize>>,
}

/// A sentence cue made ready to run.
///
/// The patterns are compiled on first use, when the prefilter first opens the cue (and the
/// veto when the pattern first matches): a document that never uses a cue's words does not
/// pay for compiling its pattern.
struct Compiled {
    cue: Cue,
    pattern: Lazy,
    veto: Lazy,
    scan: Option<Scanner>,
    /// Runs on every sentence (declares no words).
    always: bool,
}

/// A claim pattern compiled on first use; `None` without a pattern (or when it does not
/// compile: see [`regex_ascii`]).
struct Lazy {
    source: Option<&'static str>,
    compiled: std::sync::OnceLock<Option<ClaimRegex>>,
}

impl Lazy {
    fn new(source: Option<&'static str>) -> Lazy {
        Lazy { source, compiled: std::sync::OnceLock::new() }
    }

    fn get(&self) -> Option<&ClaimRegex> {
        self.compiled.get_or_init(|| self.source.and_then(regex_ascii)).as_ref()
    }
}

/// The sentence cues, compiled, and the prefilter over their words.
struct Compiledset {
    cues: Vec<Compiled>,
    /// Every declared word once, lowercased; pattern `i` is `words[i]`.
    automaton: Option<AhoCorasick>,
    /// For each word of the automaton: the cues (bits by index into `cues`) it opens, and
    /// whether its first and last bytes are letters (then the match must be a whole word).
    opens: Vec<(u64, bool, bool)>,
}

/// A compiled claim pattern: the meta engine of `regex-automata` (the engine behind
/// `regex::Regex`) built without literal prefilters.
///
/// Why not `regex::Regex`: these patterns are long alternations of words (`(?i)` lists of
/// verbs, hedges, field terms), and most of their compile time went into extracting literal
/// sets for prefilters (about 100M of the 128M instructions the claim patterns cost at
/// start-up, callgrind, docs/performance.md). The cue prefilter, an Aho–Corasick automaton
/// over the words each cue declares, already decides which patterns run on a sentence, and
/// a sentence is short, so the lazy DFA alone searches it about as fast.
pub(crate) type ClaimRegex = regex_automata::meta::Regex;

/// Compiles a pattern with ASCII word boundaries and no literal prefilter; `None` when it
/// does not compile (a programming error the tests catch; at run time the cue is simply
/// left out).
///
/// The pattern is compiled with Unicode mode off and [`unicode_islands`] around every part
/// that needs it, so what matches is what full Unicode mode matches (`\p{L}`, `\s`, `.`,
/// negated classes, curly quotes keep their Unicode meaning). The one difference is case
/// folding of ASCII letters under `(?i)`: Unicode mode also folds `k` to the Kelvin sign and
/// `s` to the long s `ſ`, which turns every such letter of a word list into a multi-byte
/// alternation. Without it the 37 claim patterns compile in about half the instructions.
pub(crate) fn regex_ascii(pattern: &str) -> Option<ClaimRegex> {
    regex_automata::meta::Builder::new()
        .syntax(regex_automata::util::syntax::Config::new().unicode(false))
        .configure(
            regex_automata::meta::Config::new()
                .auto_prefilter(false)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
        )
        .build(&unicode_islands(pattern))
        .ok()
}

/// Wraps in `(?u:…)` every part of a pattern whose meaning depends on Unicode mode: a
/// bracketed class that is negated or holds a Unicode class or a non-ASCII character; a
/// Perl or Unicode class (`\d`, `\s`, `\w`, `\p{L}`, their negations) or `.` outside
/// brackets; a non-ASCII literal. `\b` stays the ASCII word
/// boundary, so the fast DFA engines stay usable on text with curly quotes and dashes.
/// Only for the patterns of this crate: a bracket that a class cannot close is left as is
/// (the pattern then fails to compile, which the tests catch).
pub(crate) fn unicode_islands(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let e = chars[i + 1];
                if matches!(e, 'p' | 'P') {
                    // `\pL` or `\p{Name}`.
                    let end = if chars.get(i + 2) == Some(&'{') {
                        chars[i..].iter().position(|&x| x == '}').map_or(chars.len(), |k| i + k + 1)
                    } else {
                        (i + 3).min(chars.len())
                    };
                    out.push_str("(?u:");
                    out.extend(&chars[i..end]);
                    out.push(')');
                    i = end;
                } else if matches!(e, 'd' | 's' | 'w' | 'D' | 'S' | 'W') {
                    out.push_str("(?u:\\");
                    out.push(e);
                    out.push(')');
                    i += 2;
                } else {
                    out.push(c);
                    out.push(e);
                    i += 2;
                }
            }
            '[' => {
                let Some(end) = class_end(&chars, i) else {
                    out.extend(&chars[i..]);
                    break;
                };
                let class = &chars[i..end];
                let needs_unicode = class.get(1) == Some(&'^')
                    || class.iter().any(|c| !c.is_ascii())
                    || class.windows(2).any(|w| w[0] == '\\' && "pPdswDSW".contains(w[1]));
                if needs_unicode {
                    out.push_str("(?u:");
                    out.extend(class);
                    out.push(')');
                } else {
                    out.extend(class);
                }
                i = end;
            }
            '.' => {
                out.push_str("(?u:.)");
                i += 1;
            }
            c if !c.is_ascii() => {
                out.push_str("(?u:");
                out.push(c);
                out.push(')');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The index just past the `]` that closes the bracketed class opening at `start`: a `]`
/// first in the class (after an optional `^`) is a literal, escapes are skipped and nested
/// classes counted.
fn class_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    let mut depth = 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

static COMPILED: LazyLock<Compiledset> = LazyLock::new(|| {
    let mut cues = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut opens: Vec<(u64, bool, bool)> = Vec::new();
    for def in TABLE.iter().filter(|d| d.kind == Kind::Sentence) {
        let bit = 1u64 << cues.len();
        let (pattern, veto, scan) = match def.matcher {
            Matcher::Regex(p, v) => (Some(p), v, None),
            Matcher::Scan(f) => (None, None, Some(f)),
            Matcher::None => (None, None, None),
        };
        if pattern.is_none() && scan.is_none() {
            continue;
        }
        let (pattern, veto) = (Lazy::new(pattern), Lazy::new(veto));
        for w in def.words {
            let w = w.to_ascii_lowercase();
            match words.iter().position(|x| *x == w) {
                Some(i) => opens[i].0 |= bit,
                None => {
                    let b = w.as_bytes();
                    let letter = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphabetic);
                    opens.push((bit, letter(b.first()), letter(b.last())));
                    words.push(w);
                }
            }
        }
        cues.push(Compiled { cue: def.cue, pattern, veto, scan, always: def.words.is_empty() });
    }
    let automaton = AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&words)
        .ok();
    Compiledset { cues, automaton, opens }
});

/// The cues (bits by index into the compiled cues) whose words occur in `text` as whole
/// words (ASCII case-insensitive, as the patterns are: see [`regex_ascii`]).
fn open_cues(text: &str) -> u64 {
    let set = &*COMPILED;
    let bytes = text.as_bytes();
    let Some(ac) = set.automaton.as_ref() else { return u64::MAX };
    let mut bits = 0u64;
    for m in ac.find_overlapping_iter(text) {
        let (cues, letter_first, letter_last) = set.opens[m.pattern().as_usize()];
        if bits & cues == cues {
            continue;
        }
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(m.end()).copied();
        if letter_first && before.is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        if letter_last && after.is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        bits |= cues;
    }
    bits
}

/// Sentences in the author's own voice: the argument, the plan, the road-map. Matched on the
/// text after its leading non-word characters ([`after_non_word`]): the pattern as written is
/// `(?i)(^\W*(…)|\b(…))`, [`OWN_VOICE_PATTERN`].
static OWN_VOICE: LazyLock<Option<ClaimRegex>> =
    LazyLock::new(|| regex_ascii(&without_non_word_prefix(OWN_VOICE_PATTERN, r"^\W*")));

/// The own-voice pattern as written, matched on the whole sentence.
pub(crate) const OWN_VOICE_PATTERN: &str = r"(?i)(^\W*(this (paper|article|study|chapter|section|report)|in this (paper|article|study|section|chapter)|(here |below |in what follows,? )?we (will |shall )?(argue|propose|describe|present|focus|refer|discuss|turn|outline|begin|conclude)|i (argue|propose|will)|in what follows|the (next|following) section|section \d)|\b(in the author[’']s (view|opinion)|(this|the) (paper|article) argues|in our (view|opinion)|we (believe|argue|contend)|i (believe|argue|contend)|the author (believes|argues|contends)))";

/// A pattern with its leading non-word prefix (`^\W*`, `^\W{0,2}`) taken out, to be matched on
/// [`after_non_word`] of the text.
///
/// Why: `\W` is the complement of Unicode `\w`, a class of hundreds of ranges, and compiling
/// it forward and reversed was most of the compile cost of the four patterns that open with
/// it (about 4M instructions each, callgrind). Where what follows the prefix can only start
/// with a word character (a letter or a digit), `^\W*` takes exactly the run of non-word
/// characters a sentence opens with, so skipping that run by hand matches the same sentences
/// (test `non_word_prefix_skipped_by_hand_matches_as_the_pattern_does`). `^` then matches at
/// the start of the rest, and an ASCII `\b` there holds as it did after a non-word character.
pub(crate) fn without_non_word_prefix(pattern: &str, prefix: &str) -> String {
    pattern.replacen(prefix, "^", 1)
}

/// `text` after the non-word characters it opens with (`\W` in Unicode mode), or `None` when
/// there are more than `max` of them.
pub(crate) fn after_non_word(text: &str, max: usize) -> Option<&str> {
    for (n, (i, c)) in text.char_indices().enumerate() {
        if regex_syntax::is_word_character(c) {
            return Some(&text[i..]);
        }
        if n >= max {
            return None;
        }
    }
    Some("")
}

/// Whether a lazily compiled pattern matches.
pub(crate) fn matches(re: &LazyLock<Option<ClaimRegex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(text))
}

/// The verdict that makes a sentence no claim at all (a question, the author's own voice,
/// a fragment), if any.
pub fn verdict_of(text: &str) -> Option<Cue> {
    let trimmed = text.trim();
    if trimmed.ends_with('?') || trimmed.ends_with("?”") || trimmed.ends_with("?\"") {
        return Some(Cue::Question);
    }
    if matches(&OWN_VOICE, after_non_word(trimmed, usize::MAX).unwrap_or("")) {
        return Some(Cue::OwnVoice);
    }
    // Fewer than five words (without counting them all).
    if trimmed.split_whitespace().nth(4).is_none() {
        return Some(Cue::Fragment);
    }
    None
}

/// The sentence cues that fire on `text`, in table order.
pub fn sentence_cues(text: &str) -> Vec<Fired> {
    cues_with(text, open_cues(text))
}

/// The sentence cues that fire on `text`, running only the cues whose bit is in `open`
/// (and every cue without words).
fn cues_with(text: &str, open: u64) -> Vec<Fired> {
    let mut hits: Vec<Fired> = Vec::new();
    for (i, c) in COMPILED.cues.iter().enumerate() {
        if !c.always && open & (1u64 << i) == 0 {
            continue;
        }
        // "has been shown" already counts as earlier work; "has been" adds nothing to it.
        if c.cue == Cue::DoneBefore && hits.iter().any(|h| matches!(h.cue, Cue::EarlierWork | Cue::PriorKnowledge)) {
            continue;
        }
        let range = if let Some(scan) = c.scan {
            scan(text)
        } else if let Some(p) = c.pattern.get() {
            p.find_iter(text)
                .find(|m| match c.veto.get() {
                    Some(v) => !v.is_match(&text[m.end()..]),
                    None => true,
                })
                .map(|m| m.range())
        } else {
            None
        };
        if let Some(range) = range {
            hits.push(Fired { cue: c.cue, range: Some(range) });
        }
    }
    hits
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn fires(text: &str, cue: Cue) -> bool {
        sentence_cues(text).iter().any(|h| h.cue == cue)
    }

    #[test]
    fn the_table_is_in_enum_order_and_codes_are_unique() {
        let mut codes = std::collections::HashSet::new();
        for (i, d) in TABLE.iter().enumerate() {
            assert_eq!(d.cue as usize, i, "{}", d.code);
            assert!(codes.insert(d.code), "{} twice", d.code);
            assert_eq!(Cue::from_code(d.code), Some(d.cue));
            assert!(d.words.iter().all(|w| w.is_ascii() || *w == "“"), "{}", d.code);
        }
        assert_eq!(TABLE.len(), Cue::Fragment as usize + 1);
    }

    #[test]
    fn every_sentence_cue_compiles() {
        let n = TABLE.iter().filter(|d| d.kind == Kind::Sentence).count();
        assert_eq!(COMPILED.cues.len(), n);
        assert!(COMPILED.cues.len() <= 64);
        for c in &COMPILED.cues {
            assert!(c.scan.is_some() || c.pattern.get().is_some(), "{:?}", c.cue);
            assert!(c.veto.source.is_none() || c.veto.get().is_some(), "{:?}", c.cue);
        }
        assert!(COMPILED.automaton.is_some() && OWN_VOICE.is_some());
    }

    #[test]
    fn the_prefilter_never_hides_a_cue() {
        let sentences = [
            "As described previously, seeds were sown; as before, they were kept (as shown earlier).",
            "Previous studies and several groups have shown that it is well-established and known to be so.",
            "Reportedly, X is said to work; according to the literature, it is widely believed and predicted.",
            "In line with, consistent with and similar to the previous results, as predicted by theory, confirming it.",
            "The software package and the method of Smith, a standard protocol adapted from and modified from it.",
            "Because it caused leads to results in damage due to stress, it regulates and controls growth.",
            "About 40 percentage points, 12 per cent and 3% of the largest, never and always unprecedented.",
            "We should, our data must, it would, could have, unless perhaps one could see it here in this study.",
            "Smith et al. and Jones and co-workers, as described by Hill, developed by Kuhn, and Müller et al.",
            "ATP binds PKA in mammals; the present work is about E. coli enzymes with 3 sites.",
            "It is well known that the cost is low, and we now know it has been shown before.",
            "Studies have shown, work suggests, evidence indicated and reports revealed what others found.",
            "Hill has argued, they had noted, we have observed; it is known to be, was thought to be so.",
            "A well-known, long-standing effect, first described and recently published, has been seen.",
            "For example, such as X, including Y, for instance Z; as discussed below, see section 2.",
            "As Hill puts it, as Smith notes, according to Jones, “a quotation that runs long enough here”.",
            "Cells (Invitrogen, Carlsbad, CA) were seen (Figure 2B) and in Table 3, implemented in PhyML.",
            "We used the method (Sigma) with BLASTP from NCBI by PAUP, \"quoted words long enough to count\".",
            "Previous crystallographic analysis and our earlier finding, by standard dilution-plating technique.",
            "Lipids were extracted according to the Bligh–Dyer method, and RNA by the Trizol protocol.",
            "In the classic explanation, a well-studied textbook example, data met the CC(1/2) criterion.",
            "Many cells (A) grew; (B) shows 12\u{a0}per cent, ٣% and 5 percent (Bio-Rad, Hercules, CA) in the GenBank.",
            "A–C) Most of the roots, 40percent, (New England Biolabs) and (Smith, 2006; Kuhn, USA).",
            "All of this (Fig. 2) came from the the PhyML tree, as in theBLAST and in the\tMrBayes run.",
            "This is one thing we could do for a while, such that the present state of this work holds.",
            "This is it, one might say; the preſent ſtudy, ſuch aſ that, and for inſtance, such things.",
            "The \u{212A}ey ſtudy of thiſ paper, for example, one can argue, as in Smith et al.",
            "As shown by Smith et al, studies for instances and such, et alia, We Could Have; this report.",
            "In most cases, Most WE did, OUR US, best-practice and best practices, previously-described ones.",
        ];
        for s in sentences {
            assert_eq!(cues_with(s, open_cues(s)), cues_with(s, u64::MAX), "{s}");
        }
    }

    /// Every line of the repository's own fixture texts, and a few lines of non-ASCII text.
    pub(crate) fn fixture_lines() -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
        lines.extend(
            [
                "Müller et al. showed it; as Ørsted says, according to Łukasiewicz, “quoted words of some length here”.",
                "A\u{a0}line with no-break spaces, ٣ digits (Fig.\u{a0}2) and [bracketed] parts… (Table S1).",
                "The Gram–Schmidt method, the Ångström procedure and the Þorn-Ægir technique were used.",
            ]
            .map(str::to_string),
        );
        lines
    }

    /// The four patterns that open with `^\W*` or `^\W{0,2}`, matched without that prefix on
    /// the text after its leading non-word characters, match the same fixture lines as the
    /// patterns as written (and the same lines with non-word characters put in front).
    #[test]
    fn non_word_prefix_skipped_by_hand_matches_as_the_pattern_does() {
        let mut lines = fixture_lines();
        let openers = ["", " ", "— ", "“", "(", "((", "(((", "1. ", "‘’’", "\u{a0}\u{2003}", "é", "_", "…\t"];
        let samples = [
            "We argue that x.",
            "Here we describe it.",
            "In the author's view it is so.",
            "However, it is.",
            "Figure 2 shows it.",
            "Fig. 3A: cells.",
            "Abstract: what we did.",
            "summary.",
            "Supplementary table 1",
            "I will show it.",
            "Section 4 shows.",
        ];
        for o in openers {
            for t in samples {
                lines.push(format!("{o}{t}"));
            }
        }
        let cases = [
            (OWN_VOICE_PATTERN, r"^\W*", usize::MAX),
            (super::super::support::VOICE_CHANGE_PATTERN, r"^\W*", usize::MAX),
            (super::super::context::CAPTION_PATTERN, r"^\W{0,2}", 2),
            (super::super::context::ABSTRACT_PATTERN, r"^\W{0,2}", 2),
        ];
        for (pat, prefix, max) in cases {
            assert!(pat.contains(prefix));
            let whole = regex_ascii(pat).expect(pat);
            let rest = regex_ascii(&without_non_word_prefix(pat, prefix)).expect(pat);
            let mut hits = 0;
            for l in &lines {
                let a = whole.is_match(l.as_str());
                let b = after_non_word(l, max).is_some_and(|r| rest.is_match(r));
                assert_eq!(a, b, "{pat} on {l}");
                hits += usize::from(a);
            }
            assert!(hits >= 10, "{pat}: {hits} lines matched");
        }
    }

    /// The `author-without-year` pattern with its name written once finds the same matches
    /// as with the name written in each alternative.
    #[test]
    fn one_name_for_two_alternatives_matches_as_two_do() {
        let before = r"\b([A-Z][\p{L}'-]+ et al\b\.?|[A-Z][\p{L}'-]+ and (colleagues|co-workers|coworkers)\b|(described|reported|proposed|shown|suggested|developed) by [A-Z][\p{L}'-]+\b)";
        let Matcher::Regex(now, _) = Cue::AuthorWithoutYear.def().matcher else { panic!("a pattern") };
        let (a, b) = (regex_ascii(before).unwrap(), regex_ascii(now).unwrap());
        let mut lines = fixture_lines();
        lines.extend(
            [
                "Smith et al. and Jones and colleagues, Ørsted and co-workers; O'Brien-Łukasz et al, Ng et alia",
                "as described by Müller, and Smith and Jones et al. and Lee and coworkers et al.",
                "X et al Y and colleagues Z and co-workers, shown by A, developed by Émile",
            ]
            .map(str::to_string),
        );
        let mut n = 0;
        for l in &lines {
            let x: Vec<_> = a.find_iter(l.as_str()).map(|m| m.range()).collect();
            let y: Vec<_> = b.find_iter(l.as_str()).map(|m| m.range()).collect();
            assert_eq!(x, y, "{l}");
            n += x.len();
        }
        assert!(n > 20, "{n}");
    }

    /// Compiling with Unicode islands matches what full Unicode mode matches, on every
    /// pattern of the table and every fixture line (the Kelvin sign and the long s, which
    /// only full Unicode folding maps to `k` and `s`, are the documented difference and are
    /// left out).
    #[test]
    fn unicode_islands_match_as_full_unicode_does() {
        let mut lines = fixture_lines();
        lines.retain(|l| !l.contains('ſ') && !l.contains('\u{212A}'));
        assert!(lines.len() > 500, "fixture lines: {}", lines.len());
        let full = |p: &str| {
            regex_automata::meta::Builder::new()
                .configure(regex_automata::meta::Config::new().auto_prefilter(false))
                .build(&p.replace(r"\b", r"(?-u:\b)"))
                .unwrap()
        };
        let mut checked = 0;
        for def in TABLE {
            let Matcher::Regex(p, veto) = def.matcher else { continue };
            for pat in std::iter::once(p).chain(veto) {
                let (a, b) = (full(pat), regex_ascii(pat).expect(pat));
                for l in &lines {
                    let x: Vec<_> = a.find_iter(l.as_str()).map(|m| m.range()).collect();
                    let y: Vec<_> = b.find_iter(l.as_str()).map(|m| m.range()).collect();
                    assert_eq!(x, y, "{} on {l}", def.code);
                    checked += x.len();
                }
            }
        }
        assert!(checked > 100, "matches compared: {checked}");
    }

    #[test]
    fn islands_wrap_what_needs_unicode() {
        assert_eq!(unicode_islands(r"\b[A-Z][\p{L}'-]+ et al\b"), r"\b[A-Z](?u:[\p{L}'-])+ et al\b");
        assert_eq!(unicode_islands(r"(?i)a.b\s[^)]x“"), r"(?i)a(?u:.)b(?u:\s)(?u:[^)])x(?u:“)");
        assert_eq!(unicode_islands(r"[a-z\]]+\.\pL"), r"[a-z\]]+\.(?u:\pL)");
    }

    #[test]
    fn capital_us_is_the_country() {
        assert!(!fires("The US government intercepted the shipments of network hardware.", Cue::OwnWork));
        assert!(!fires("Agencies of the US and the UK have long cooperated on this.", Cue::OwnWork));
        assert!(fires("This leaves us with two options for the network hardware.", Cue::OwnWork));
        assert!(fires("We measured the growth of the plants in the second season.", Cue::OwnWork));
        assert!(fires("WE MEASURED THE GROWTH OF THE PLANTS IN THE SECOND SEASON.", Cue::OwnWork));
    }

    #[test]
    fn best_practice_is_not_a_superlative() {
        assert!(!fires("Member states should share best practices in incident response.", Cue::Superlative));
        assert!(!fires("The guide collects best-practice advice for operators.", Cue::Superlative));
        assert!(fires("This is the best estimate available for the region.", Cue::Superlative));
        assert!(fires("Cooperation has never been stronger between the agencies.", Cue::Superlative));
    }

    #[test]
    fn general_cues_carry_no_field_vocabulary() {
        // Organisms and a lab supplier's bare name are not general signs of a claim.
        assert!(!fires("In mice the gene is expressed at low levels throughout life.", Cue::GeneralStatement));
        assert!(fires("In many species the gene is expressed at low levels throughout life.", Cue::GeneralStatement));
        assert!(!fires("Kinases phosphorylate ribosomes in lymphocytes under stress.", Cue::BackgroundStatement));
        assert!(!fires("Antibodies were bought (Sigma) and diluted in buffer for an hour.", Cue::Supplier));
        assert!(fires("Antibodies were bought (Invitrogen, Carlsbad, CA) and diluted.", Cue::Supplier));
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict_of("How many military forces are capable of this?"), Some(Cue::Question));
        assert_eq!(verdict_of("In what follows, we will focus only on the provisions."), Some(Cue::OwnVoice));
        assert_eq!(verdict_of("Results and discussion"), Some(Cue::Fragment));
        assert_eq!(verdict_of("The cost of entry is low for new firms in the market."), None);
    }
}
