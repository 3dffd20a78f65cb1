//! Claims: how much each sentence needs a source, whether it has one, and why.
//!
//! An editor has to trust the verdict, so the score is not a model but a sum of small,
//! named cues, each with a visible weight: appeals to earlier work ("as described
//! previously", "is thought to"), author names without a year, tools and published
//! methods, quotations, hearsay, figures and dates raise it; the author's own voice ("we
//! measured", "in the author's view"), references to the paper's own figures and figure
//! legends lower it. A few cues look at the paragraph around the sentence, because
//! sources cluster: a sentence among sentences that cite earlier work needs one more than
//! a sentence among descriptions of the paper's own results. Every cue that fired is
//! listed in [`Claim::reasons`](crate::model::Claim) with its weight, so every verdict can
//! be checked by hand. The weights were set on the cue families' measured precision on the
//! development corpus; they are constants here, not learned at run time.
//!
//! Support then decides the status (see `docs/audit.md` for the rules and their reasons):
//! a claim is supported by its own citations and footnotes, and support carries to
//! neighbours in three bounded cases: a quotation attributed in the sentence just before
//! or just after it, the rest of a paragraph that opens by reporting a cited author
//! ("Hill (2013b) describes…"), and the other sentences of a footnote that cites.

use crate::model::{Citation, Claim, ClaimStatus, Footnote, Form, Section};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Scores at or above this need a source; below it a sentence without one is `no-claim`.
pub const THRESHOLD: f32 = 0.5;

/// The score every sentence starts from before cues apply.
const BASE: f32 = 0.3;

/// One cue that moved a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Stable kebab-case name of the cue, such as `earlier-work`.
    pub code: &'static str,
    /// What the cue means, in words (`refers to earlier work`).
    pub reason: &'static str,
    /// How much it moved the score (negative lowers it).
    pub weight: f32,
    /// Byte range in the sentence text that triggered it; `None` for cues about the context.
    pub range: Option<Range<usize>>,
}

impl Hit {
    /// The reason as written into `claims[].reasons`: `+0.30 refers to earlier work: “as described”`.
    pub fn describe(&self, text: &str) -> String {
        let quoted = self.range.clone().and_then(|r| text.get(r));
        // Sign, digits, space and reason, then `: “…”` around at most 40 characters.
        let mut out = String::with_capacity(8 + self.reason.len() + quoted.map_or(0, |q| q.len().min(160) + 10));
        push_signed_weight(&mut out, self.weight);
        out.push(' ');
        out.push_str(self.reason);
        if let Some(q) = quoted {
            out.push_str(": “");
            push_shortened(&mut out, q, 40);
            out.push('”');
        }
        out
    }
}

/// A weight as `{:+.2}` writes it.
#[cfg(test)]
fn signed_weight(w: f32) -> String {
    let mut out = String::new();
    push_signed_weight(&mut out, w);
    out
}

/// Appends a weight as `{:+.2}` writes it. The cue weights are whole hundredths, which are
/// written from an integer (float formatting costs more than the rest of a reason); anything
/// else goes through the float formatter.
fn push_signed_weight(out: &mut String, w: f32) {
    let hundredths = w.abs() * 100.0;
    let k = hundredths.round();
    if (hundredths - k).abs() < 1e-3 && k < 1e6 {
        let k = k as u32;
        out.push(if w.is_sign_negative() { '-' } else { '+' });
        crate::model::push_decimal(out, (k / 100) as usize);
        out.push('.');
        out.push(char::from(b'0' + (k % 100 / 10) as u8));
        out.push(char::from(b'0' + (k % 10) as u8));
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{w:+.2}");
    }
}

/// A claim's need for support and the reasons behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// 0..1: how much the sentence needs a source.
    pub score: f32,
    /// Cues that raised or lowered the score, in the order applied, as sentences.
    pub reasons: Vec<String>,
    /// The same cues with their weights and the text that triggered them.
    pub hits: Vec<Hit>,
    /// True when the sentence makes no claim that needs a source at all
    /// (a question, the author's own argument or plan, a fragment).
    pub no_claim: bool,
}

impl Assessment {
    fn no_claim(reason: &'static str, code: &'static str) -> Self {
        Assessment {
            score: 0.0,
            reasons: vec![reason.to_string()],
            hits: vec![Hit { code, reason, weight: 0.0, range: None }],
            no_claim: true,
        }
    }
}

/// A sentence-level cue: a pattern, an optional veto on the text right after the match,
/// and a weight.
struct Cue {
    code: &'static str,
    reason: &'static str,
    weight: f32,
    pattern: Regex,
    /// When this matches the text right after a match, that match does not count
    /// (`as described` + ` below`).
    veto: Option<Regex>,
    /// The prefilter bit of the cue (see [`gates`]); 0 for cues that always run.
    gate: u64,
}

// Prefilter bits: a gated cue's pattern cannot match unless one of its anchor words (every
// alternative of the pattern contains one as a whole ASCII word) occurs in the sentence.
const G_EARLIER: u64 = 1;
const G_STUDIES: u64 = 1 << 1;
const G_RECEIVED: u64 = 1 << 2;
const G_HEARSAY: u64 = 1 << 3;
const G_AGREEMENT: u64 = 1 << 4;
const G_TOOL: u64 = 1 << 5;
const G_CAUSAL: u64 = 1 << 6;
const G_PERCENT: u64 = 1 << 7;
const G_SUPERLATIVE: u64 = 1 << 8;
const G_OWN: u64 = 1 << 9;
const G_SPECULATION: u64 = 1 << 10;
const G_THIS_STUDY: u64 = 1 << 11;
const G_AUTHOR: u64 = 1 << 12;
const G_STATEMENT: u64 = 1 << 13;
const G_STUDIES_SHOW: u64 = 1 << 14;
const G_HAS_FOUND: u64 = 1 << 15;
const G_KNOWN_THING: u64 = 1 << 16;
const G_PRIOR: u64 = 1 << 17;
const G_BEEN: u64 = 1 << 18;
const G_EXAMPLES: u64 = 1 << 19;
const G_QUOTE: u64 = 1 << 20;
const G_POINTER: u64 = 1 << 21;
const G_ATTRIBUTED: u64 = 1 << 22;
const G_PAREN: u64 = 1 << 23;
const G_FIGURE: u64 = 1 << 24;
const G_PAST: u64 = 1 << 25;
const G_NAMED_TOOL: u64 = 1 << 26;
const G_GENERAL: u64 = 1 << 27;
const G_LEGEND: u64 = 1 << 28;
// Bits that only [`gates`] reads: a word that opens a cue only together with something
// else in the sentence.
/// `using`, `with`, `in`, `by`, `from`: `named-tool` needs one before a word with two capitals.
const W_PREP: u64 = 1 << 40;
/// The present-tense verbs of `background-statement`, which also needs a capital first letter.
const W_VERB: u64 = 1 << 41;
/// `the`, which may stand between `named-tool`'s preposition and its name.
const W_THE: u64 = 1 << 42;
// Words that open a cue only beside another (see the end of [`gates`]).
/// The participles `author-without-year` takes before `by`, and `by`.
const W_BY_VERB: u64 = 1 << 43;
const W_BY: u64 = 1 << 44;
/// `et` and `al`.
const W_ET: u64 = 1 << 45;
const W_AL: u64 = 1 << 46;
/// `for` with `example` or `instance`, `such` with `as`.
const W_FOR: u64 = 1 << 47;
const W_EXAMPLE: u64 = 1 << 48;
const W_SUCH: u64 = 1 << 49;
const W_AS: u64 = 1 << 50;
/// `this` with a study word, `present` with `study` or `work`.
const W_THIS: u64 = 1 << 51;
const W_PRESENT: u64 = 1 << 52;
const W_STUDY_WORD: u64 = 1 << 53;
const W_STUDY_WORK: u64 = 1 << 54;
/// `could` with `have`, `one` with `can` or `could`.
const W_COULD: u64 = 1 << 55;
const W_ONE: u64 = 1 << 56;
const W_HAVE: u64 = 1 << 57;
const W_CAN: u64 = 1 << 58;
/// Every bit from `W_PREP` up: words, not cues.
const W_ALL: u64 = !(W_PREP - 1);

/// The prefilter bit of a cue, by its code; 0 when it always runs.
fn gate_of(code: &str) -> u64 {
    match code {
        "earlier-work" => G_EARLIER,
        "previous-studies" => G_STUDIES,
        "received-knowledge" => G_RECEIVED,
        "hearsay" => G_HEARSAY,
        "agreement" => G_AGREEMENT,
        "tool" => G_TOOL,
        "causal" => G_CAUSAL,
        "percentage" => G_PERCENT,
        "superlative" => G_SUPERLATIVE,
        "own-work" => G_OWN,
        "speculation" => G_SPECULATION,
        "this-study" => G_THIS_STUDY,
        "author-without-year" => G_AUTHOR,
        "background-statement" => G_STATEMENT,
        "studies-show" => G_STUDIES_SHOW,
        "has-found" => G_HAS_FOUND,
        "known-thing" => G_KNOWN_THING,
        "prior-knowledge" => G_PRIOR,
        "done-before" => G_BEEN,
        "examples" => G_EXAMPLES,
        "quotation" => G_QUOTE,
        "internal-pointer" => G_POINTER,
        "attributed-words" => G_ATTRIBUTED,
        "supplier" => G_PAREN,
        "own-figure" => G_FIGURE,
        "past-tense" => G_PAST,
        "named-tool" => G_NAMED_TOOL,
        "general-statement" => G_GENERAL,
        "panel-legend" => G_LEGEND,
        _ => 0,
    }
}

/// The anchor words (lowercase ASCII) and the cues each opens.
const ANCHORS: &[(&[&str], u64)] = &[
    (&["described"], G_EARLIER | W_BY_VERB | G_STUDIES_SHOW | G_HAS_FOUND | G_POINTER),
    (&["reported"], G_EARLIER | G_HEARSAY | W_BY_VERB | G_HAS_FOUND | G_PRIOR),
    (&["shown"], G_EARLIER | W_BY_VERB | G_STUDIES_SHOW | G_HAS_FOUND | G_PRIOR | G_POINTER),
    (&["published"], G_EARLIER | G_STUDIES | G_TOOL),
    (&["established"], G_EARLIER | G_RECEIVED | G_TOOL | G_HAS_FOUND),
    (&["proposed"], G_EARLIER | W_BY_VERB | G_HAS_FOUND | G_PRIOR),
    (&["suggested"], G_EARLIER | W_BY_VERB | G_STUDIES_SHOW | G_HAS_FOUND | G_PRIOR),
    (&["demonstrated"], G_EARLIER | G_STUDIES_SHOW | G_HAS_FOUND),
    (&["developed"], W_BY_VERB),
    (&["defined", "characterised", "characterized", "implicated", "documented", "before"], G_EARLIER),
    (&["previously"], G_EARLIER | G_STUDIES),
    (&["previous", "prior", "earlier", "recent", "other", "several", "many", "numerous"], G_STUDIES),
    (&["recently"], G_STUDIES | G_KNOWN_THING),
    (&["known"], G_RECEIVED | G_KNOWN_THING | G_PRIOR),
    (&["know"], G_RECEIVED),
    (&["thought", "believed"], G_RECEIVED | G_PRIOR),
    (&["considered", "assumed", "accepted", "agreed", "recognised", "recognized", "hypothesised"], G_RECEIVED),
    (&["hypothesized", "estimated"], G_RECEIVED),
    (&["predicted"], G_RECEIVED | G_AGREEMENT | G_PRIOR),
    (&["reportedly", "allegedly"], G_HEARSAY),
    (&["said"], G_HEARSAY | G_ATTRIBUTED),
    (&["according"], G_HEARSAY | G_ATTRIBUTED),
    (&["line", "agreement", "accordance", "consistent", "similar", "contrast", "contrary", "expected"], G_AGREEMENT),
    (&["confirm", "confirms", "confirming", "confirmed"], G_AGREEMENT),
    (&["software", "program", "package", "algorithm", "server", "database", "toolkit"], G_TOOL),
    (&["pipeline", "suite", "script", "standard", "conventional", "adapted", "modified"], G_TOOL),
    (&["protocol", "procedure", "technique"], G_TOOL | G_NAMED_TOOL),
    (&["method"], G_TOOL | G_NAMED_TOOL),
    (&["criterion"], G_TOOL),
    (&["because", "cause", "caused", "lead", "leads", "result", "results", "due", "control", "controls"], G_CAUSAL),
    (&["required", "essential", "mediate", "mediates"], G_CAUSAL),
    (&["regulate", "regulates"], G_CAUSAL | W_VERB),
    (&["most", "largest", "smallest", "highest", "lowest", "best", "worst", "never", "always"], G_SUPERLATIVE),
    (&["unprecedented"], G_SUPERLATIVE),
    (&["we", "our", "us"], G_OWN),
    (&["should", "must", "would", "might", "unless", "surely", "presumably", "perhaps"], G_SPECULATION),
    (&["could"], W_COULD),
    (&["one"], W_ONE),
    (&["here"], G_THIS_STUDY),
    (&["this"], W_THIS),
    (&["present"], W_PRESENT),
    (&["study", "work"], W_STUDY_WORD | W_STUDY_WORK),
    (&["paper", "article", "report"], W_STUDY_WORD),
    (&["colleagues", "co", "coworkers"], G_AUTHOR),
    (&["et"], W_ET),
    (&["al"], W_AL),
    (&["by"], W_BY | W_PREP),
    (&["show", "showed", "suggest", "indicate", "indicated", "reveal", "revealed", "identified"], G_STUDIES_SHOW),
    (&["demonstrate"], G_STUDIES_SHOW),
    (&["found"], G_STUDIES_SHOW | G_HAS_FOUND),
    (&["argue"], G_STUDIES_SHOW),
    (&["argued"], G_STUDIES_SHOW | G_HAS_FOUND | G_POINTER | G_ATTRIBUTED),
    (&["noted"], G_HAS_FOUND | G_POINTER | G_ATTRIBUTED),
    (&["observed"], G_HAS_FOUND | G_ATTRIBUTED),
    (&["well", "long", "first", "classic", "classical", "textbook"], G_KNOWN_THING),
    (&["been"], G_PRIOR | G_BEEN),
    (&["including"], G_EXAMPLES),
    (&["example", "instance"], W_EXAMPLE),
    (&["such"], W_SUCH),
    (&["for"], W_FOR),
    (&["as"], W_AS),
    (&["discussed", "mentioned", "explained", "outlined", "seen", "see"], G_POINTER),
    (&["put", "puts", "says", "notes", "argues", "writes", "wrote", "observes", "points", "pointed"], G_ATTRIBUTED),
    (&["figure", "figures", "fig", "table", "tables", "movie", "movies", "video", "videos", "supplementary"], G_FIGURE),
    (&["was", "were"], G_PAST),
    (&["implemented"], G_NAMED_TOOL),
    (&["using", "with", "in", "from"], W_PREP),
    (&["the"], W_THE),
    (&["have"], W_VERB | W_HAVE),
    (&["can"], W_VERB | W_CAN),
    (&["is", "are", "has", "contain", "contains", "consist", "consists", "play", "plays"], W_VERB),
    (&["function", "functions", "require", "requires", "bind", "binds", "form", "forms", "interact"], W_VERB),
    (&["interacts", "occur", "occurs", "remain", "remains", "depend", "depends"], W_VERB),
];

/// The longest anchor word, in bytes.
const ANCHOR_MAX: usize = 16;

/// [`ANCHORS`] as an open-addressing hash table keyed by the word packed into a `u128`
/// (bytes little-endian, zero-padded: anchor words have no zero byte, so the key is exact).
struct AnchorTable {
    /// `(key, bits)`; key 0 marks an empty slot.
    slots: Vec<(u128, u64)>,
}

/// Bits of the table's index (its size is `1 << ANCHOR_BITS`, over twice the word count).
const ANCHOR_BITS: u32 = 10;

impl AnchorTable {
    fn slot(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (folded.wrapping_mul(0x2545_F491_4F6C_DD1D) >> (64 - ANCHOR_BITS)) as usize
    }

    fn build() -> AnchorTable {
        let mask = (1usize << ANCHOR_BITS) - 1;
        let mut table = AnchorTable { slots: vec![(0, 0); mask + 1] };
        for (words, bits) in ANCHORS {
            for w in *words {
                let key = pack(w.as_bytes());
                let mut i = Self::slot(key);
                // The first entry of a word wins, as the first arm of a `match` would.
                while table.slots[i].0 != 0 && table.slots[i].0 != key {
                    i = (i + 1) & mask;
                }
                if table.slots[i].0 == 0 {
                    table.slots[i] = (key, *bits);
                }
            }
        }
        table
    }

    /// The cues of the word packed as `key` (see [`pack`]); 0 for any other word.
    fn get(&self, key: u128) -> u64 {
        let mask = self.slots.len() - 1;
        let mut i = Self::slot(key);
        loop {
            match self.slots[i] {
                (0, _) => return 0,
                (k, bits) if k == key => return bits,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// A word of at most [`ANCHOR_MAX`] ASCII letters packed into a `u128`, lowercased, first
/// byte lowest.
fn pack(word: &[u8]) -> u128 {
    word.iter().rev().fold(0u128, |k, &b| (k << 8) | u128::from(b.to_ascii_lowercase()))
}

/// [`pack`]`(&bytes[start..start + len])` for a word of `len` ASCII letters, `len` at most
/// [`ANCHOR_MAX`], read as two 8-byte words instead of byte by byte.
fn packed(bytes: &[u8], start: usize, len: usize) -> u128 {
    let load = |at: usize| {
        let mut a = [0u8; 8];
        a.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(a)
    };
    // `n` bytes' worth of low bits, `n` in 1..=8.
    let low = |n: usize| u64::MAX >> (64 - 8 * n);
    let n_lo = len.min(8);
    let lo = if start + 8 <= bytes.len() {
        load(start)
    } else {
        bytes[start..start + n_lo].iter().rev().fold(0u64, |k, &b| (k << 8) | u64::from(b))
    } & low(n_lo);
    // Letters are lowercased by setting their 0x20 bit.
    let mut key = u128::from(lo | (0x2020_2020_2020_2020 & low(n_lo)));
    if len > 8 {
        // The last eight bytes of the word, shifted down to the bytes past the first eight.
        let hi = load(start + len - 8) >> (8 * (16 - len));
        key |= u128::from(hi | (0x2020_2020_2020_2020 & low(len - 8))) << 64;
    }
    key
}

static ANCHOR_TABLE: LazyLock<AnchorTable> = LazyLock::new(AnchorTable::build);

/// Supplier names that `supplier` accepts right after an opening parenthesis.
const SUPPLIERS: &[&str] = &[
    "Sigma",
    "Invitrogen",
    "Qiagen",
    "Thermo",
    "Roche",
    "Promega",
    "Agilent",
    "Millipore",
    "Bio-Rad",
    "NEB",
    "New England Biolabs",
];

/// Whether `supplier` can match: its first form ends in two capitals and `)` (`CA)`,
/// `USA)`), its second opens a parenthesis with a supplier's name.
fn supplier_gate(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b')', bytes)
        .any(|i| i >= 2 && bytes[i - 2].is_ascii_uppercase() && bytes[i - 1].is_ascii_uppercase())
        || memchr::memchr_iter(b'(', bytes).any(|i| SUPPLIERS.iter().any(|s| text[i + 1..].starts_with(s)))
}

/// Whether `percentage` can match: a `%` or `per` right after a digit, or after one
/// whitespace character that follows a digit (`\d` and `\s` are Unicode classes).
fn percent_gate(text: &str) -> bool {
    let bytes = text.as_bytes();
    let after_number = |i: usize| {
        let mut before = text[..i].chars().rev();
        match before.next() {
            Some(c) if c.is_numeric() => true,
            Some(c) if c.is_whitespace() => before.next().is_some_and(char::is_numeric),
            _ => false,
        }
    };
    memchr::memchr_iter(b'%', bytes).any(after_number) || memchr::memmem::find_iter(bytes, b"per").any(after_number)
}

/// The prefilter bits of a sentence: one pass over its ASCII words, lowercased on the
/// stack, plus the cheap byte checks (a `%` or `per` after a number, a quote mark, a
/// parenthesis with a supplier, a legend's panel label, a general statement's first
/// letter), and two pairings: a capital first letter with a present-tense verb
/// (`background-statement`), and a preposition (and `the`) right before a word of two
/// capitals (`named-tool`, besides its own words).
fn gates(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let table = &*ANCHOR_TABLE;
    let mut bits = 0;
    let capital_first = bytes.first().is_some_and(u8::is_ascii_uppercase);
    if matches!(bytes.first(), Some(b'I' | b'M' | b'S' | b'N' | b'A')) {
        bits |= G_GENERAL;
    }
    // A legend's label closes within its first dozen bytes (two non-word characters of up
    // to four bytes, a parenthesis, a letter).
    if memchr::memchr(b')', &bytes[..bytes.len().min(12)]).is_some() {
        bits |= G_LEGEND;
    }
    // "40 percentage" matches "40 percent", so look for the letters, not the word.
    if percent_gate(text) {
        bits |= G_PERCENT;
    }
    if memchr::memchr(b'"', bytes).is_some() || memchr::memmem::find(bytes, "“".as_bytes()).is_some() {
        bits |= G_QUOTE;
    }
    if supplier_gate(text) {
        bits |= G_PAREN;
    }
    // ASCII letters: `b | 0x20` maps a capital to its small letter and nothing else onto `a..=z`.
    let letter = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
    // The last two words as (start, end, a preposition `named-tool` takes, `the`).
    let mut last = (0usize, 0usize, false, false);
    let mut before_last = last;
    let mut i = 0;
    while i < bytes.len() {
        if !letter(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < bytes.len() && letter(bytes[i]) {
            i += 1;
        }
        let word = &bytes[start..i];
        let mut word_bits = 0;
        if word.len() <= ANCHOR_MAX {
            word_bits = table.get(packed(bytes, start, word.len()));
            bits |= word_bits;
        }
        // Among letters, the capitals are the bytes below `a`: `named-tool`'s name has a
        // capital first and another after it (`PhyML`, `BLAST`), and follows its
        // preposition, written in small letters, after one space (or after `the `).
        if word[0] < b'a' && word[1..].iter().any(|&c| c < b'a') && start >= 1 && bytes[start - 1] == b' ' {
            let spaced = |w: (usize, usize, bool, bool), next: usize| w.1 + 1 == next;
            if spaced(last, start)
                && (last.2
                    || last.3
                        && last.0 >= 1
                        && bytes[last.0 - 1] == b' '
                        && spaced(before_last, last.0)
                        && before_last.2)
            {
                bits |= G_NAMED_TOOL;
            }
        }
        let small = word_bits & (W_PREP | W_THE) != 0 && word.iter().all(|&c| c >= b'a');
        before_last = last;
        last = (start, i, small && word_bits & W_PREP != 0, small && word_bits & W_THE != 0);
    }
    if capital_first && bits & W_VERB != 0 {
        bits |= G_STATEMENT;
    }
    let words = bits;
    let both = |a: u64, b: u64| words & a != 0 && words & b != 0;
    // `author-without-year` is written in small letters as its pattern has it, so the pairs
    // stand as they are.
    if both(W_BY_VERB, W_BY) || both(W_ET, W_AL) {
        bits |= G_AUTHOR;
    }
    // The case-insensitive cues: their pairs, unless the sentence has a letter that Unicode
    // case folding equates with an ASCII one (`ſ`, the Kelvin sign), which the ASCII words
    // above do not see; then any one of the words opens the cue, as before.
    let mut paired = 0;
    if both(W_FOR, W_EXAMPLE) || both(W_SUCH, W_AS) {
        paired |= G_EXAMPLES;
    }
    if both(W_THIS, W_STUDY_WORD) || both(W_PRESENT, W_STUDY_WORK) {
        paired |= G_THIS_STUDY;
    }
    if both(W_COULD, W_HAVE) || both(W_ONE, W_CAN | W_COULD) {
        paired |= G_SPECULATION;
    }
    bits |= paired;
    let single = |any: u64, cue: u64| if words & any != 0 { cue } else { 0 };
    let loose = single(W_EXAMPLE | W_SUCH, G_EXAMPLES)
        | single(W_THIS | W_PRESENT, G_THIS_STUDY)
        | single(W_COULD | W_ONE, G_SPECULATION);
    if loose & !bits != 0 && folds_to_ascii(bytes) {
        bits |= loose;
    }
    bits & !W_ALL
}

/// Whether the text has `ſ` or the Kelvin sign, which case-insensitive patterns match as
/// `s` and `k`.
fn folds_to_ascii(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, "ſ".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "\u{212A}".as_bytes()).is_some()
}

fn cue(code: &'static str, weight: f32, reason: &'static str, pattern: &str, veto: Option<&str>) -> Option<Cue> {
    // A pattern that does not compile is a programming error caught by the tests; at run
    // time the cue is simply left out rather than panicking.
    // ASCII word boundaries keep the fast DFA engines usable on text with curly quotes and
    // dashes; the cue words themselves are ASCII.
    let pattern = Regex::new(&ascii_boundaries(pattern)).ok()?;
    let veto = match veto {
        Some(v) => Some(Regex::new(&ascii_boundaries(v)).ok()?),
        None => None,
    };
    Some(Cue { code, reason, weight, pattern, veto, gate: gate_of(code) })
}

/// Compiles a pattern with ASCII word boundaries (see [`ascii_boundaries`]).
fn regex_ascii(pattern: &str) -> Option<Regex> {
    Regex::new(&ascii_boundaries(pattern)).ok()
}

/// Rewrites `\b` as the ASCII word boundary `(?-u:\b)`.
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// The sentence-level cues, strongest first.
static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    [
        cue(
            "earlier-work",
            0.6,
            "refers to earlier work",
            r"(?i)\b(as (previously |already |first )?(described|reported|shown|published|established|defined|characteri[sz]ed)|(were|was|have been|has been|had been) (previously |recently |first |already |also )?(described|reported|published|characteri[sz]ed|established|proposed|suggested|demonstrated|implicated|documented)|described (previously|before|elsewhere)|as before|(shown|demonstrated|reported) (previously|before|earlier)|previously (described|reported|shown|published|established|identified|characteri[sz]ed|undescribed))\b",
            Some(r"^ ?(below|above|here|in (the|this|our|Figure|Fig|Table|Methods|Materials|section)|by us)\b"),
        ),
        cue(
            "previous-studies",
            0.45,
            "refers to earlier studies",
            r"(?i)\b((previous(ly)?|prior|earlier|recent(ly)?|published|other|several|many|numerous) (work|works|studies|study|research|reports?|results|findings|data|analys[ie]s|observations|experiments|protocols?|publications?|(crystal )?structures?|groups|laboratories|labs|authors|researchers|investigators|literature)|(previous|prior|earlier) (finding|analysis|observation)|(previous|earlier|published) [a-z-]+ (study|report|finding|analysis|observation|structure))\b",
            None,
        ),
        cue(
            "received-knowledge",
            0.3,
            "appeals to what is known or believed",
            r"(?i)\b((it |this )?(is|are|was|were|has been|have been|had been|long been) (widely |well |generally |commonly |previously |also |often |now |thus |therefore )?(known|thought|believed|considered|assumed|accepted|agreed|recogni[sz]ed|hypothesi[sz]ed|predicted|estimated)|we (now )?(know|have known)|it is (well )?(known|established)|is (well[- ])?established)\b",
            Some(r"^ (as|to be (a|an|the) [a-z]+ (of|in) (this|our))\b"),
        ),
        cue(
            "studies-show",
            0.05,
            "appeals to others' findings",
            r"(?i)\b(studies|work|research|evidence|experiments|reports|analyses|observations|structures|authors|others) (have |has )?(show|shown|showed|suggest|suggested|demonstrate|demonstrated|indicate|indicated|reveal|revealed|found|identified|described|argue|argued)\b",
            None,
        ),
        cue(
            "has-found",
            0.3,
            "reports a finding",
            r"(?i)\b(has|have|had) (argued|suggested|proposed|found|shown|reported|noted|demonstrated|established|described|observed)\b",
            Some(r"^ (here|in this|above|below)\b"),
        ),
        cue(
            "author-without-year",
            0.75,
            "names authors without a year",
            r"\b([A-Z][\p{L}'-]+ et al\b\.?|[A-Z][\p{L}'-]+ and (colleagues|co-workers|coworkers)\b|(described|reported|proposed|shown|suggested|developed) by [A-Z][\p{L}'-]+\b)",
            Some(r"^,? \(?\d{4}"),
        ),
        cue(
            "attributed-words",
            0.4,
            "attributes words or views to someone",
            r"\b(as [A-Z][\p{L}'-]+( [A-Z][\p{L}'-]+)* (puts? it|puts the matter|says|said|notes|noted|argues|argued|writes|wrote|observes|observed|points out|pointed out)|according to [A-Z][\p{L}'-]+)",
            Some(r"^,? \(?\d{4}"),
        ),
        cue(
            "hearsay",
            0.4,
            "reports what others say",
            r"(?i)\b(reportedly|allegedly|it is reported|is said to|are said to|it has been said|according to (the literature|previous|earlier|published|some|many))\b",
            None,
        ),
        cue(
            "agreement",
            0.4,
            "compares with others' results",
            r"(?i)\b(in (line|agreement|accordance) with|consistent with|similar to|in contrast to|contrary to|as expected from|as predicted by|confirm(s|ing|ed)?) (the )?(previous|prior|earlier|published|recent|known|in vitro|in vivo|other|those of|findings|results|reports)",
            None,
        ),
        cue(
            "known-thing",
            0.15,
            "relies on established knowledge",
            r"(?i)\b(known|well-known|well-established|well[- ](studied|characteri[sz]ed|documented|understood)|long-standing|classic(al)? (explanation|model|view|example|picture)|textbook (example|case|view|model)|recently (published|reported|identified|described|discovered|shown)|first (described|reported|identified|shown))\b",
            None,
        ),
        cue(
            "tool",
            0.7,
            "names software, a database or a published method",
            r"(?i)\b(software|program|package|algorithm|server|database|toolkit|pipeline|suite|script|method (of|from|adapted|described|developed)|(standard|established|published|conventional) (method|protocol|procedure|technique)s?|standard [a-z-]+( [a-z-]+){0,2} (method|protocol|procedure|technique)s?|according to the [^ ]+( [^ ]+){0,3} (method|protocol|procedure|criterion)|adapted from|modified from)\b",
            Some(r"^ (was|were) (written|developed|designed|created) (by us|for this|in house|in-house)"),
        ),
        cue(
            "named-tool",
            0.15,
            "uses a named tool",
            r"\b(implemented in|(using|with|in|by|from) (the )?[A-Z][A-Za-z]*[A-Z][A-Za-z0-9.]*|[Tt]he ([A-Z][\p{L}']*[-–])*[A-Z][\p{L}']+ (method|protocol|procedure|technique))\b",
            None,
        ),
        cue(
            "quotation",
            0.3,
            "quotes someone",
            r#"[“"][^”"]{25,}[”"]?"#,
            None,
        ),
        cue(
            "background-statement",
            0.1,
            "states a specific fact in the present tense",
            r"^[A-Z][^.;:]*?\b(is|are|has|have|can|contain|contains|regulate|regulates|consist|consists|play|plays|function|functions|require|requires|bind|binds|form|forms|interact|interacts|occur|occurs|remain|remains|depend|depends)\b.*\b([A-Za-z]+[0-9][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]\. [a-z]{3,}|[a-z]+(ases?|somes?|cytes?)|[0-9])\b",
            None,
        ),
        cue(
            "prior-knowledge",
            0.25,
            "states what earlier work has shown",
            r"(?i)\b((is|are|was|were) (well |widely |generally |also |often )?(known|thought|believed|proposed|predicted|suggested|reported|shown) to|(has|have|had) (also |previously |recently |repeatedly )?been (shown|demonstrated|reported|proposed|suggested|implicated|described|found|identified|observed|characteri[sz]ed))\b",
            None,
        ),
        cue(
            "general-statement",
            0.1,
            "generalises about a class of things",
            r"^(In (many|most|all|some|other|higher|animals|plants|bacteria|mammals|humans|eukaryotes|yeast|mice|vertebrates|insects|nature)|Many|Most|Some|Several|Numerous|All)\b",
            None,
        ),
        cue(
            "supplier",
            -0.2,
            "names a supplier, not a source",
            r"\([A-Z][\w&.,' -]*, [A-Z][\w .]+, ?[A-Z]{2}(, USA)?\)|\((Sigma|Invitrogen|Qiagen|Thermo|Roche|Promega|Agilent|Millipore|Bio-Rad|NEB|New England Biolabs)[^)]*\)",
            None,
        ),
        cue(
            "panel-legend",
            -0.4,
            "opens with a figure panel label, as a legend does",
            r"^\W{0,2}\(?[A-Ha-h]\)\s|^\(?[A-H](,|–|-)[A-H]\)",
            None,
        ),
        cue(
            "internal-pointer",
            -0.25,
            "points elsewhere in this paper",
            r"(?i)\b(as (discussed|noted|shown|described|mentioned|explained|outlined|argued|seen) (in some detail |in detail |further |already )?(below|above|earlier|later|in (section|chapter|the (next|previous|following) section))|as (already )?noted|see (below|above|section))\b",
            None,
        ),
        cue(
            "causal",
            0.05,
            "makes a causal claim",
            r"(?i)\b(because|caused?|leads? to|results? in|due to|regulates?|controls?|required for|essential (for|to)|mediates?)\b",
            None,
        ),
        cue("percentage", -0.5, "states a measured percentage", r"\b\d+(\.\d+)?\s?(%|percent|per cent)", None),
        cue(
            "superlative",
            0.15,
            "uses a superlative or absolute",
            r"(?i)\b(most|largest|smallest|highest|lowest|best|worst|never|always|unprecedented)\b",
            None,
        ),
        cue(
            "own-work",
            -0.05,
            "speaks of the authors' own work",
            r"(?i)\b(we|our|us)\b",
            None,
        ),
        cue(
            "own-figure",
            -0.05,
            "points to the paper's own figures or tables",
            r"\((Figures?|Fig\.|Table|Movie|Video|Supplementary)[^)]*\)|\b(Figures?|Tables?) \d",
            None,
        ),
        cue(
            "speculation",
            -0.4,
            "speculates or recommends in the writer's voice",
            r"(?i)\b(should|must|would|might|could have|unless|surely|presumably|perhaps|one can|one could)\b",
            None,
        ),
        cue("this-study", -0.25, "describes this study", r"(?i)\b(here|in this (study|paper|work|article|report)|the present (study|work))\b", None),
        cue("past-tense", -0.1, "reports an event in the past tense", r"\b(was|were)\b", None),
        cue(
            "done-before",
            0.3,
            "says what has been done or found before",
            r"(?i)\b(has|have) been\b",
            None,
        ),
        cue(
            "examples",
            0.05,
            "gives examples, which are often taken from the literature",
            r"(?i)\b(for example|for instance|such as|including)\b",
            None,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
});

/// Sentences in the author's own voice: the argument, the plan, the road-map.
static OWN_VOICE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    // ASCII word boundaries: a Unicode `\b` would force the slow engine on every sentence
    // with a curly quote or a dash.
    regex_ascii(
        r"(?i)(^\W*(this (paper|article|study|chapter|section|report)|in this (paper|article|study|section|chapter)|(here |below |in what follows,? )?we (will |shall )?(argue|propose|describe|present|focus|refer|discuss|turn|outline|begin|conclude)|i (argue|propose|will)|in what follows|the (next|following) section|section \d)|\b(in the author[’']s (view|opinion)|(this|the) (paper|article) argues|in our (view|opinion)|we (believe|argue|contend)|i (believe|argue|contend)|the author (believes|argues|contends)))",
    )
});

/// A figure or table caption starts with its label.
static CAPTION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^\W{0,2}(Figure|Fig\.|Table|Movie|Video|Box|Supplementary (file|figure|table)|Source data)\s*[0-9A-Z]")
        .ok()
});

/// An abstract opens with its label.
static ABSTRACT: LazyLock<Option<Regex>> = LazyLock::new(|| regex_ascii(r"^\W{0,2}(?i:abstract|summary)\b[.:]?"));

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(text))
}

/// Scores one sentence on its own, without its paragraph.
pub fn assess(text: &str) -> Assessment {
    match sentence_hits(text) {
        Ok(hits) => finish(text, hits),
        Err(no_claim) => no_claim,
    }
}

/// The cues of one sentence, or the no-claim verdict when it makes no claim at all.
fn sentence_hits(text: &str) -> Result<Vec<Hit>, Assessment> {
    let trimmed = text.trim();
    if trimmed.ends_with('?') || trimmed.ends_with("?”") || trimmed.ends_with("?\"") {
        return Err(Assessment::no_claim("asks a question", "question"));
    }
    if matches(&OWN_VOICE, trimmed) {
        return Err(Assessment::no_claim("states the author's own argument or plan", "own-voice"));
    }
    // Fewer than five words (without counting them all).
    if trimmed.split_whitespace().nth(4).is_none() {
        return Err(Assessment::no_claim("too short to claim anything", "fragment"));
    }
    Ok(cue_hits(text, gates(text)))
}

/// The sentence-level cues that fire on `text`, running only the cues whose prefilter bit
/// is in `open` (and every ungated cue).
fn cue_hits(text: &str, open: u64) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    for c in CUES.iter() {
        if c.gate != 0 && open & c.gate == 0 {
            continue;
        }
        // "has been shown" already counts as earlier work; "has been" adds nothing to it.
        if c.code == "done-before" && hits.iter().any(|h| h.code == "earlier-work" || h.code == "prior-knowledge") {
            continue;
        }
        let found = c.pattern.find_iter(text).find(|m| match &c.veto {
            Some(v) => !v.is_match(&text[m.end()..]),
            None => true,
        });
        if let Some(m) = found {
            hits.push(Hit { code: c.code, reason: c.reason, weight: c.weight, range: Some(m.range()) });
        }
    }
    hits
}

fn finish(text: &str, hits: Vec<Hit>) -> Assessment {
    let score = (BASE + hits.iter().map(|h| h.weight).sum::<f32>()).clamp(0.0, 1.0);
    let reasons = hits.iter().map(|h| h.describe(text)).collect();
    Assessment { score: (score * 100.0).round() / 100.0, reasons, hits, no_claim: false }
}

/// Paragraph number of each claim, in claim order.
///
/// Claims carry no paragraph, so it is recovered from their spans: a new paragraph starts
/// where the gap between two sentences is two bytes or more (a blank line), where the
/// section changes, or where running text and footnote bodies alternate.
pub fn paragraphs(claims: &[Claim]) -> Vec<usize> {
    let mut out = Vec::with_capacity(claims.len());
    let mut para = 0;
    for (i, c) in claims.iter().enumerate() {
        if let Some(p) = i.checked_sub(1).map(|k| &claims[k]) {
            let gap = c.span.start.saturating_sub(p.span.end);
            if gap >= 2 || p.section != c.section || p.in_footnote != c.in_footnote {
                para += 1;
            }
        }
        out.push(para);
    }
    out
}

/// Cues that count as a strong sign of borrowed knowledge, used for the paragraph cue.
const STRONG: &[&str] =
    &["earlier-work", "previous-studies", "received-knowledge", "studies-show", "author-without-year", "hearsay"];

/// The part of a research article a section belongs to, from its heading or the nearest
/// recognised heading before it (subsection headings carry no such name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Introduction or Background.
    Introduction,
    /// Results.
    Results,
    /// Discussion.
    Discussion,
    /// Conclusion(s).
    Conclusion,
    /// Methods, Materials and methods, Experimental procedures.
    Methods,
    /// Any other recognised heading (Abstract, Results and discussion, Related work, ...).
    Other,
}

static PART: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(\d+\.?\s*)?(abstract|introduction|background|results and discussion|results|discussion|conclusions?|materials and methods|methods|experimental procedures|related work|summary)\b").ok()
});

/// The [`Part`] a claim's section belongs to, `None` outside any recognised part.
pub fn part_of(section: Option<usize>, sections: &[Section]) -> Option<Part> {
    let re = PART.as_ref()?;
    let last = section?.min(sections.len().checked_sub(1)?);
    sections[..=last].iter().rev().find_map(|s| {
        let name = re.captures(&s.title)?.get(2)?.as_str().to_lowercase();
        Some(match name.as_str() {
            "introduction" | "background" => Part::Introduction,
            "results" => Part::Results,
            "discussion" => Part::Discussion,
            "conclusion" | "conclusions" => Part::Conclusion,
            "materials and methods" | "methods" | "experimental procedures" => Part::Methods,
            _ => Part::Other,
        })
    })
}

/// A name such as `BLASTP`, `PhyML` or `EMAN2`: ASCII letters and digits, a capital first
/// and another capital or a digit after it.
fn is_technical_name(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_uppercase()
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b[1..].iter().any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The technical names of a sentence (see [`is_technical_name`]).
fn technical_names(text: &str) -> impl Iterator<Item = &str> {
    // The words between characters that are not alphanumeric, found bytewise: a name is
    // ASCII, so only runs of ASCII letters and digits can be one, unless a non-ASCII letter
    // or digit on either side makes the run part of a longer word.
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let joined = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && c.is_alphanumeric());
            let word = &text[start..i];
            if is_technical_name(word)
                && !joined(text[..start].chars().next_back())
                && !joined(text[i..].chars().next())
            {
                return Some(word);
            }
        }
        None
    })
}

/// A tool is cited where it is first named: "uses a named tool" on a name that an earlier
/// sentence of the document already used is lowered again.
fn repeated_tools(claims: &[Claim], out: &mut [Assessment]) {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (c, a) in claims.iter().zip(out.iter_mut()) {
        let tool = a.hits.iter().find(|h| h.code == "named-tool").and_then(|h| h.range.clone());
        let name = tool.clone().and_then(|r| c.text.get(r)).and_then(|m| m.split_whitespace().last());
        if name.is_some_and(|n| seen.contains(n)) {
            a.hits.push(Hit {
                code: "repeated-tool",
                reason: "names a tool already named earlier in the document, where it is cited",
                weight: -0.1,
                range: tool,
            });
        }
        seen.extend(technical_names(&c.text));
    }
}

/// Surnames of the work a document is about, when its first paragraph names it like a
/// reference (`Related research article Schuman M, Barthel K, Baldwin I. 2012.`), as a
/// commentary, an insight or a book review does: later mentions ("Schuman and co-workers")
/// refer back to that work and need no further source.
fn focal_authors(claims: &[Claim], paras: &[usize]) -> Vec<String> {
    static NAMED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\b(\p{Lu}[\p{L}'-]+) \p{Lu}{1,3}\b[,.]").ok());
    static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\b(19|20)\d\d\b").ok());
    let (Some(named), Some(year)) = (NAMED.as_ref(), YEAR.as_ref()) else { return Vec::new() };
    let Some(&first) = paras.first() else { return Vec::new() };
    let head: Vec<&str> =
        claims.iter().zip(paras).take_while(|(_, p)| **p == first).map(|(c, _)| c.text.as_str()).collect();
    let head = head.join(" ");
    if !year.is_match(&head) {
        return Vec::new();
    }
    named.captures_iter(&head).filter_map(|c| c.get(1)).map(|m| m.as_str().to_string()).collect()
}

/// Scores every claim of a document, sentence cues plus the cues of its paragraph (without
/// section names: see [`assess_claims_in`]).
pub fn assess_claims(claims: &[Claim]) -> Vec<Assessment> {
    assess_claims_in(claims, &[])
}

/// Scores every claim of a document: sentence cues, the cues of its paragraph, and the
/// part of the article it stands in (`sections` are the document's headings, which the
/// claims' `section` index).
pub fn assess_claims_in(claims: &[Claim], sections: &[Section]) -> Vec<Assessment> {
    let paras = paragraphs(claims);
    // Sentence cues first; the reasons are written once, after the context cues.
    let mut out: Vec<Assessment> = claims
        .iter()
        .map(|c| match sentence_hits(&c.text) {
            Ok(hits) => Assessment { score: 0.0, reasons: Vec::new(), hits, no_claim: false },
            Err(no_claim) => no_claim,
        })
        .collect();
    repeated_tools(claims, &mut out);
    let focal = focal_authors(claims, &paras);
    if !focal.is_empty() {
        for (c, a) in claims.iter().zip(out.iter_mut()) {
            let Some(i) = a.hits.iter().position(|h| h.code == "author-without-year") else { continue };
            let range = a.hits[i].range.clone();
            let words = range.and_then(|r| c.text.get(r)).unwrap_or("");
            if words
                .split(|ch: char| !ch.is_alphabetic() && ch != '\'' && ch != '-')
                .any(|w| focal.iter().any(|f| f == w))
            {
                let range = a.hits[i].range.clone();
                a.hits[i] = Hit {
                    code: "focal-work",
                    reason: "names the authors of the work this document discusses",
                    weight: -0.1,
                    range,
                };
            }
        }
        // The rest of a paragraph that has named that work goes on reporting it ("Schuman
        // and co-workers performed a field trial. The herbivore was…"): the document's own
        // header cites it, as a narrative citation supports its paragraph.
        let mut reporting = None;
        for k in 0..claims.len() {
            if reporting.is_some_and(|p| p == paras[k]) && !out[k].no_claim {
                out[k].hits.push(Hit {
                    code: "reports-focal-work",
                    reason: "follows a mention of the work this document discusses, in the same paragraph",
                    weight: -0.15,
                    range: None,
                });
            } else if reporting.is_some_and(|p| p != paras[k]) {
                reporting = None;
            }
            if out[k].hits.iter().any(|h| h.code == "focal-work") {
                reporting = Some(paras[k]);
            }
        }
    }
    // The parts only mean something in a research article laid out as Introduction, Methods,
    // Results and Discussion; in an essay "Introduction" may head the whole argument.
    let parts: Vec<Option<Part>> = (0..sections.len()).map(|i| part_of(Some(i), sections)).collect();
    let imrad = parts.contains(&Some(Part::Introduction))
        && (parts.contains(&Some(Part::Results)) || parts.contains(&Some(Part::Methods)));
    // Position in the running-text paragraph (paragraphs continue across page breaks).
    let mut first_of_para = vec![false; claims.len()];
    let mut para_len = vec![0usize; claims.len()];
    let mut sizes: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for c in claims {
        if let Some(p) = c.paragraph {
            *sizes.entry(p).or_default() += 1;
        }
    }
    let mut last_para = None;
    for (k, c) in claims.iter().enumerate() {
        let Some(p) = c.paragraph else { continue };
        first_of_para[k] = last_para != Some(p);
        last_para = Some(p);
        para_len[k] = sizes.get(&p).copied().unwrap_or(0);
    }
    let is_caption: Vec<bool> = caption_paragraphs(claims, &paras);
    let is_abstract: Vec<bool> = abstract_paragraphs(claims, &paras);
    let mut start = 0;
    while start < claims.len() {
        let end = (start..claims.len()).find(|&k| paras[k] != paras[start]).unwrap_or(claims.len());
        let members = start..end;
        let n = members.len();
        let own = members
            .clone()
            .filter(|&k| out[k].hits.iter().any(|h| h.code == "own-work" || h.code == "own-figure"))
            .count();
        // Only neighbours without a source of their own: a cited neighbour does not make
        // this sentence borrowed knowledge.
        let unsupported = |k: usize| claims[k].citations.is_empty() && claims[k].footnotes.is_empty();
        let strong =
            members.clone().filter(|&k| unsupported(k) && out[k].hits.iter().any(|h| STRONG.contains(&h.code))).count();
        for k in members {
            if out[k].no_claim {
                continue;
            }
            let mut hits = std::mem::take(&mut out[k].hits);
            if is_abstract[k] {
                hits.push(Hit {
                    code: "abstract",
                    reason: "belongs to the abstract, which the body supports",
                    weight: -0.35,
                    range: None,
                });
            }
            if is_caption[k] {
                hits.push(Hit {
                    code: "caption",
                    reason: "belongs to a figure or table legend",
                    weight: -0.4,
                    range: None,
                });
            }
            if n >= 2 && own == 0 {
                hits.push(Hit {
                    code: "background-paragraph",
                    reason: "stands in a paragraph that never speaks of the paper's own work",
                    weight: 0.15,
                    range: None,
                });
            }
            // `part_of` of a section index, looked up (`parts[i]` is `part_of(Some(i))`).
            let part = if imrad {
                claims[k].section.and_then(|i| parts.get(i.min(parts.len().saturating_sub(1))).copied().flatten())
            } else {
                None
            };
            // In the Discussion the paper's own interpretation alternates with earlier work
            // sentence by sentence, so a neighbour's appeal to earlier work says little; in the
            // Methods one "as described previously" names the protocol and the rest of the
            // paragraph is the authors carrying it out.
            let mine = usize::from(unsupported(k) && hits.iter().any(|h| STRONG.contains(&h.code)));
            if strong > mine && !matches!(part, Some(Part::Discussion | Part::Methods)) {
                hits.push(Hit {
                    code: "earlier-work-paragraph",
                    reason: "stands in a paragraph that reports earlier work",
                    weight: 0.2,
                    range: None,
                });
            }
            // A cue in the sentence that points to a source (the tense of "has been" and
            // giving examples are too weak to count here).
            let marked = hits
                .iter()
                .any(|h| h.range.is_some() && h.weight > 0.0 && h.code != "done-before" && h.code != "examples");
            match part {
                Some(Part::Discussion) if !marked => hits.push(Hit {
                    code: "discussion-unmarked",
                    reason: "stands in the Discussion and nothing in it points to a source",
                    weight: -0.3,
                    range: None,
                }),
                Some(Part::Methods) if !marked => hits.push(Hit {
                    code: "methods-unmarked",
                    reason: "stands in the Methods and names no tool, method or earlier work",
                    weight: -0.05,
                    range: None,
                }),
                _ => {}
            }
            match part {
                Some(Part::Introduction) => hits.push(Hit {
                    code: "introduction",
                    reason: "stands in the Introduction, which sets out earlier work",
                    weight: 0.15,
                    range: None,
                }),
                Some(Part::Results) => hits.push(Hit {
                    code: "results",
                    reason: "stands in the Results, which report the paper's own findings",
                    weight: -0.2,
                    range: None,
                }),
                _ => {}
            }
            if first_of_para[k] && matches!(part, Some(Part::Introduction | Part::Discussion | Part::Conclusion)) {
                hits.push(Hit {
                    code: "opens-paragraph",
                    reason: "opens a paragraph of the Introduction or Discussion, where background is set out",
                    weight: 0.1,
                    range: None,
                });
            }
            if para_len[k] == 1 {
                hits.push(Hit {
                    code: "lone-sentence",
                    reason: "stands alone as a one-sentence paragraph (a heading, title or note)",
                    weight: -0.1,
                    range: None,
                });
            }
            out[k] = finish(&claims[k].text, hits);
        }
        start = end;
    }
    out
}

/// Marks the claims of caption paragraphs: a paragraph that opens with `Figure 3` (and,
/// when that paragraph is only a title, the legend paragraph right after it in the same section).
fn caption_paragraphs(claims: &[Claim], paras: &[usize]) -> Vec<bool> {
    let mut out = vec![false; claims.len()];
    let mut k = 0;
    while k < claims.len() {
        let end = (k..claims.len()).find(|&j| paras[j] != paras[k]).unwrap_or(claims.len());
        if matches(&CAPTION, &claims[k].text) {
            out[k..end].iter_mut().for_each(|x| *x = true);
            if end - k <= 2 && end < claims.len() && claims[end].section == claims[k].section {
                let next_end = (end..claims.len()).find(|&j| paras[j] != paras[end]).unwrap_or(claims.len());
                out[end..next_end].iter_mut().for_each(|x| *x = true);
            }
        }
        k = end;
    }
    out
}

/// Marks the claims of a paragraph that opens with `Abstract`.
fn abstract_paragraphs(claims: &[Claim], paras: &[usize]) -> Vec<bool> {
    let opens: Vec<usize> =
        claims.iter().zip(paras).filter(|(c, _)| matches(&ABSTRACT, &c.text)).map(|(_, &p)| p).collect();
    // Paragraph numbers rise with the claims, so `opens` is sorted.
    paras.iter().map(|p| opens.binary_search(p).is_ok()).collect()
}

/// The status of a claim given its support and its assessment.
pub fn status(supported: bool, a: &Assessment) -> ClaimStatus {
    if supported {
        ClaimStatus::Supported
    } else if a.no_claim || a.score < THRESHOLD {
        ClaimStatus::NoClaim
    } else {
        ClaimStatus::Unsupported
    }
}

/// Why a claim counts as supported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    /// It cites a source itself.
    Cites,
    /// It carries a footnote.
    Footnote,
    /// A quotation whose attribution stands in the neighbouring claim (by index).
    QuotationAttributed(usize),
    /// It continues a paragraph that opened by reporting a cited author (claim index).
    ReportedAuthor(usize),
    /// It stands in a footnote whose other sentences cite (claim index).
    FootnoteCites(usize),
}

impl Support {
    fn describe(&self, claims: &[Claim]) -> String {
        let id = |k: usize| claims.get(k).map(|c| c.id.as_str()).unwrap_or("?");
        match self {
            Support::Cites => "supported: cites a source".into(),
            Support::Footnote => "supported: carries a footnote".into(),
            Support::QuotationAttributed(k) => format!("supported: the quotation is attributed in {}", id(*k)),
            Support::ReportedAuthor(k) => format!("supported: continues the account of the author cited in {}", id(*k)),
            Support::FootnoteCites(k) => format!("supported: its footnote cites a source in {}", id(*k)),
        }
    }
}

/// Words that hand the paragraph back from the reported author to the writer.
static VOICE_CHANGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex_ascii(
        r"(?i)^\W*(however|but|in contrast|by contrast|yet|nevertheless|in the author[’']s|in our|we|i|this paper|the present)\b|\b(we|our|i)\b",
    )
});

/// Does a sentence open by reporting a cited author: `Hill (2013b) describes…`,
/// `As Schreier (2015, p. 14) puts the matter…`, `According to Hill (2013b)…`?
fn opens_with_author(claim: &Claim, cites: &[&Citation]) -> bool {
    cites.iter().any(|c| {
        c.form == Form::Narrative
            && c.year.is_some()
            && c.span.start.saturating_sub(claim.span.start) <= 20
            && claim.text.len() > c.text.len()
    })
}

/// Does the text open a quotation that it does not close?
fn quote_balance(text: &str) -> i32 {
    let open = text.matches('“').count() as i32;
    let close = text.matches('”').count() as i32;
    let straight = (text.matches('"').count() % 2) as i32;
    open - close + straight
}

/// Decides support for every claim (own citations and footnotes, then the propagation
/// rules of `docs/audit.md`), scores every claim, and writes status, score and reasons.
pub fn apply_support(claims: &mut [Claim], citations: &[Citation], footnotes: &[Footnote]) {
    apply_support_in(claims, citations, footnotes, &[]);
}

/// [`apply_support`] with the document's headings, so that the part of the article a claim
/// stands in (Introduction, Results, ...) counts among its cues.
pub fn apply_support_in(claims: &mut [Claim], citations: &[Citation], footnotes: &[Footnote], sections: &[Section]) {
    let assessments = assess_claims_in(claims, sections);
    let support = decide_support(claims, citations, footnotes);
    for (k, (a, s)) in assessments.into_iter().zip(support).enumerate() {
        let mut reasons = Vec::with_capacity(a.reasons.len() + 1);
        if let Some(s) = &s {
            reasons.push(s.describe(claims));
        }
        reasons.extend(a.reasons.iter().cloned());
        let c = &mut claims[k];
        c.status = status(s.is_some(), &a);
        c.score = a.score;
        c.reasons = reasons;
    }
}

/// The support of each claim, `None` when it has none.
pub fn decide_support(claims: &[Claim], citations: &[Citation], footnotes: &[Footnote]) -> Vec<Option<Support>> {
    let _ = footnotes;
    let paras = paragraphs(claims);
    let mut by_claim: std::collections::HashMap<&str, Vec<&Citation>> = std::collections::HashMap::new();
    for c in citations {
        if let Some(id) = c.claim.as_deref() {
            by_claim.entry(id).or_default().push(c);
        }
    }
    let cites_of = |k: usize| -> Vec<&Citation> { by_claim.get(claims[k].id.as_str()).cloned().unwrap_or_default() };
    let mut support: Vec<Option<Support>> = claims
        .iter()
        .map(|c| {
            if !c.citations.is_empty() {
                Some(Support::Cites)
            } else if !c.footnotes.is_empty() {
                Some(Support::Footnote)
            } else {
                None
            }
        })
        .collect();
    let own: Vec<bool> = support.iter().map(Option::is_some).collect();

    // Rule 1: quotations. A run of sentences inside one quotation shares the support of
    // the sentence that introduces it (ends with a colon or opens the quote) or the one
    // that closes it; a quotation with no citation of its own is supported by a citation
    // in the sentence right before it (ending with a colon) or right after it in its paragraph.
    let mut k = 0;
    while k < claims.len() {
        let mut depth = quote_balance(&claims[k].text);
        let mut end = k + 1;
        while depth > 0 && end < claims.len() && paras[end].abs_diff(paras[end - 1]) <= 1 {
            depth += quote_balance(&claims[end].text);
            end += 1;
        }
        let run = k..end;
        let quoted = run.clone().any(|j| has_quote(&claims[j].text));
        if quoted {
            let source = run
                .clone()
                .find(|&j| own[j])
                .or_else(|| {
                    let prev = k.checked_sub(1)?;
                    (own[prev] && claims[prev].text.trim_end().ends_with(':')).then_some(prev)
                })
                .or_else(|| (end < claims.len() && own[end] && paras[end] == paras[end - 1]).then_some(end));
            if let Some(src) = source {
                for j in run.clone() {
                    if support[j].is_none() {
                        support[j] = Some(Support::QuotationAttributed(src));
                    }
                }
            }
        }
        k = end;
    }

    // Rule 2: a paragraph that opens by reporting a cited author carries that support to
    // the following sentences of the paragraph, until one cites something else or the
    // writer's own voice returns.
    let mut k = 0;
    while k < claims.len() {
        let end = (k..claims.len()).find(|&j| paras[j] != paras[k]).unwrap_or(claims.len());
        if claims[k].in_footnote.is_none() && opens_with_author(&claims[k], &cites_of(k)) {
            for j in k + 1..end {
                if own[j] || matches(&VOICE_CHANGE, &claims[j].text) {
                    break;
                }
                if support[j].is_none() {
                    support[j] = Some(Support::ReportedAuthor(k));
                }
            }
        }
        k = end;
    }

    // Rule 3: a footnote is one annotation; a citation anywhere in it supports all of it.
    let mut citing_sentence: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        if let (Some(n), true) = (c.in_footnote, own[i]) {
            citing_sentence.entry(n).or_insert(i);
        }
    }
    for j in 0..claims.len() {
        let Some(n) = claims[j].in_footnote else { continue };
        if support[j].is_some() {
            continue;
        }
        if let Some(&src) = citing_sentence.get(&n) {
            support[j] = Some(Support::FootnoteCites(src));
        }
    }
    support
}

fn has_quote(text: &str) -> bool {
    text.contains('“') || text.contains('”') || text.matches('"').count() >= 1
}

/// No whitespace but single spaces: no `"  "` and no other whitespace character (one pass).
fn single_spaced(s: &str) -> bool {
    let mut after_space = false;
    for c in s.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    true
}

/// Appends `s` with its whitespace runs folded to one space, cut to `max` characters
/// (with `…` when cut).
fn push_shortened(out: &mut String, s: &str, max: usize) {
    // Runs of whitespace become one space; most triggers have none to fold.
    let plain = !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace) && single_spaced(s);
    let folded;
    let s = if plain {
        s
    } else {
        folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
        folded.as_str()
    };
    // Fewer bytes than `max` means fewer characters too.
    let cut = if s.len() <= max { None } else { s.char_indices().nth(max).map(|(cut, _)| cut) };
    match cut {
        None => out.push_str(s),
        Some(cut) => {
            out.push_str(&s[..cut]);
            out.push('…');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_written_as_the_float_formatter_does() {
        for k in -200..=200 {
            let w = k as f32 / 100.0;
            assert_eq!(signed_weight(w), format!("{w:+.2}"), "{w}");
        }
        for w in [-0.0f32, 0.125, -0.004, 0.3333, 1e9, f32::NAN, f32::INFINITY, -0.15, 0.05] {
            assert_eq!(signed_weight(w), format!("{w:+.2}"), "{w}");
        }
    }

    #[test]
    fn the_anchor_table_holds_every_word_once() {
        let mut seen = std::collections::HashSet::new();
        for (words, bits) in ANCHORS {
            for w in *words {
                assert!(seen.insert(*w), "{w} listed twice");
                assert!(w.len() <= ANCHOR_MAX);
                assert_eq!(ANCHOR_TABLE.get(pack(w.as_bytes())), *bits, "{w}");
                assert_eq!(ANCHOR_TABLE.get(pack(w.to_uppercase().as_bytes())), *bits, "{w}");
            }
        }
        assert_eq!(ANCHOR_TABLE.get(pack(b"unlisted")), 0);
    }

    #[test]
    fn technical_names_are_whole_words() {
        let text = "PhyML and BLAST2 (EMAN2), éPAUP, RAxMLé, X, Ab, MrBayes-3.2, ClustalW’s NCBI’ş";
        let split: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| is_technical_name(w)).collect();
        assert_eq!(technical_names(text).collect::<Vec<_>>(), split);
    }

    #[test]
    fn words_are_packed_as_pack_does() {
        let text = b"a Bb previously CHARACTERISED x unprecedentedly abcdefghijklmnop xyzABCDEFGHIJ q";
        let mut i = 0;
        while i < text.len() {
            let start = i;
            while i < text.len() && text[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i > start && i - start <= ANCHOR_MAX {
                assert_eq!(packed(text, start, i - start), pack(&text[start..i]), "{start}");
            }
            i += 1;
        }
    }

    #[test]
    fn every_cue_compiles() {
        assert_eq!(CUES.len(), 29);
        assert!(
            OWN_VOICE.is_some() && CAPTION.is_some() && VOICE_CHANGE.is_some() && ABSTRACT.is_some() && PART.is_some()
        );
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
            "(A) Seeds were sown with the Model in SMART, by NCBI, Using PAUP, within BLAST, from  PhyML.",
            "A–C) Most of the roots, 40percent, (New England Biolabs) and (Smith, 2006; Kuhn, USA).",
            "All of this (Fig. 2) came from the the PhyML tree, as in theBLAST and in the\tMrBayes run.",
            "Smith et al. reported, it was developed by Kuhn, described by  Hill, Jones and co-workers.",
            "This is one thing we could do for a while, such that the present state of this work holds.",
            "In this study, for example, one can see it; such as these, the present work, one could have.",
            "This is it, one might say; the preſent ſtudy, ſuch aſ that, and for inſtance, such things.",
            "The \u{212A}ey ſtudy of thiſ paper, for example, one can argue, as in Smith et al.",
            "As shown by Smith et al, studies for instances and such, et alia, We Could Have; this report.",
        ];
        for s in sentences {
            assert_eq!(cue_hits(s, gates(s)), cue_hits(s, u64::MAX), "{s}");
        }
    }

    #[test]
    fn opinion_is_no_claim() {
        assert!(assess("This paper argues that the positions taken could have consequences.").no_claim);
        assert!(assess("In the author’s view, the real motivation appears to be a desire.").no_claim);
        assert!(assess("How many military forces are capable of this?").no_claim);
        assert!(assess("In what follows, we will focus only on the provisions regarding security.").no_claim);
    }

    #[test]
    fn appeals_raise_the_score() {
        let a = assess("It is well known that the cost of entry is low and 40% of firms agree.");
        assert!(a.reasons.iter().any(|r| r.contains("percentage")));
        assert!(assess("It is well known that the cost of entry is low for new firms.").score >= THRESHOLD);
        assert!(a.reasons.iter().any(|r| r.contains("“is well known”") || r.contains("“It is well known”")), "{a:?}");
    }

    #[test]
    fn earlier_work_counts_but_not_a_pointer_inside_the_paper() {
        assert!(assess("Seed germination and growth conditions have been described previously.").score >= THRESHOLD);
        let a = assess("Sequences were curated based on character length (as described below).");
        assert!(!a.hits.iter().any(|h| h.code == "earlier-work"), "{a:?}");
    }

    #[test]
    fn own_results_lower_the_score() {
        let a = assess("We measured the growth of the plants in the second season (Figure 3B).");
        assert!(a.score < THRESHOLD, "{a:?}");
        assert!(a.hits.iter().any(|h| h.code == "own-work" && h.weight < 0.0));
    }

    #[test]
    fn names_without_year_need_a_source() {
        let a = assess("Damage was calculated as described in Schuman et al. by counting the leaves.");
        assert!(a.score >= THRESHOLD, "{a:?}");
        assert!(a.hits.iter().any(|h| h.code == "author-without-year"));
    }

    #[test]
    fn parts_come_from_the_nearest_known_heading() {
        let sec = |t: &str| Section { title: t.into(), line: 1, level: 1, span: crate::source::Span::new(0, 1) };
        let secs = [sec("Introduction"), sec("Results"), sec("Ancestral kinetics are robust"), sec("Discussion")];
        assert_eq!(part_of(Some(0), &secs), Some(Part::Introduction));
        assert_eq!(part_of(Some(2), &secs), Some(Part::Results));
        assert_eq!(part_of(Some(3), &secs), Some(Part::Discussion));
        assert_eq!(part_of(None, &secs), None);
        assert_eq!(part_of(Some(0), &[sec("2. DiscUsSIONS AT WCIT")]), None);
    }

    #[test]
    fn reasons_quote_their_trigger() {
        let a = assess("Reportedly, several states intercept shipments of hardware to modify it.");
        let r = a.reasons.iter().find(|r| r.contains("reports what others say")).cloned().unwrap_or_default();
        assert!(r.starts_with("+0.40") && r.contains("“Reportedly”"), "{r}");
    }
}
