//! Segment-labelling parser for the body of a reference (what follows the authors and year).
//!
//! The body is scanned once by hand (no regex): it is cut into segments at strong punctuation
//! (a period that does not close an initial or abbreviation, `,`, `:`, `;`, brackets, quotes,
//! `In`) and around free-standing numbers. Each segment gets a few cheap features (position,
//! capitalisation, digits, year and page-range shapes, marker words such as `pp.`, `vol.`,
//! `Press`, `University`, journal-abbreviation shape), and a small Viterbi decoder assigns one
//! label per segment using hand-set, explainable weights: emission scores from the features
//! and transition scores for the usual orders (title → container → volume/issue/pages, title →
//! place: publisher, title → In editors (Eds.) container). Consecutive segments with the same
//! label form a field.

use super::names::parse_names;
use super::parse::{classify, is_abbrev_word, is_place_end, opt, pages_norm, split_trailing_place, tidy};
use crate::model::{EntryType, Reference};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
enum Delim {
    Space,
    Open,
    Close,
    Comma,
    Colon,
    Semi,
    Quote,
    Question,
    Period,
    Start,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Num {
    None,
    Year,
    Small,
    Range,
    Long,
}

/// Labels of body segments.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum L {
    Title,
    Container,
    Volume,
    Issue,
    Pages,
    Year,
    Publisher,
    Place,
    Editor,
    Note,
}
const LABELS: [L; 10] =
    [L::Title, L::Container, L::Volume, L::Issue, L::Pages, L::Year, L::Publisher, L::Place, L::Editor, L::Note];
const NL: usize = 10;

#[derive(Debug, Clone)]
struct Seg<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    before: Delim,
    after: Delim,
    paren: bool,
    quoted: bool,
    words: u32,
    caps: u32,
    lower_start: bool,
    num: Num,
    pub_word: bool,
    place_word: bool,
    journal: bool,
    ed_mark: bool,
    pp_mark: bool,
    vol_mark: bool,
    no_mark: bool,
    in_mark: bool,
    note_word: bool,
    month: bool,
    edition: bool,
    roman: bool,
    ed_by: bool,
    square: bool,
}

const PUB_WORDS: &[&str] = &[
    "press",
    "presses",
    "publisher",
    "publishers",
    "publishing",
    "publications",
    "publication",
    "verlag",
    "éditions",
    "editions",
    "edizioni",
    "editorial",
    "editora",
    "books",
    "springer",
    "elsevier",
    "wiley",
    "blackwell",
    "routledge",
    "sage",
    "pearson",
    "mcgraw-hill",
    "macmillan",
    "penguin",
    "norton",
    "kluwer",
    "pergamon",
    "academic",
    "university",
    "universidad",
    "universität",
    "université",
    "inc",
    "ltd",
    "co",
    "gmbh",
    "taylor",
    "francis",
    "harper",
    "prentice",
    "addison-wesley",
    "ashgate",
    "palgrave",
    "brill",
    "gruyter",
    "suhrkamp",
    "gallimard",
    "seuil",
    "puf",
    "karthala",
    "harmattan",
    "découverte",
    "institute",
    "institut",
    "foundation",
    "bureau",
    "office",
    "department",
    "ministry",
    "council",
    "agency",
    "organization",
    "organisation",
    "society",
    "association",
    "laboratory",
    "crc",
    "thieme",
    "mit",
    "ieee",
    "acm",
    "nber",
    "oecd",
    "bank",
    "imf",
    "verlags",
    "publ",
    "univ",
    "pub",
    "hall",
    "house",
    "sons",
    "group",
    "centre",
    "center",
    "corporation",
    "company",
    "college",
    "school",
    "commission",
    "service",
    "survey",
    "unesco",
    "who",
    "fao",
    "museum",
    "library",
    "dover",
    "knopf",
    "vintage",
    "basic",
    "free",
    "addison",
    "wesley",
    "mcgraw",
    "hill",
    "cup",
    "oup",
    "erlbaum",
    "guilford",
    "jossey-bass",
    "lippincott",
    "mosby",
    "saunders",
    "plenum",
];

const JOURNAL_WORDS: &[&str] = &[
    "journal",
    "j",
    "revue",
    "review",
    "rev",
    "zeitschrift",
    "annals",
    "annales",
    "ann",
    "bulletin",
    "bull",
    "letters",
    "lett",
    "quarterly",
    "transactions",
    "trans",
    "acta",
    "archives",
    "arch",
    "magazine",
    "gazette",
    "newsletter",
    "proceedings",
    "proc",
    "phys",
    "chem",
    "biol",
    "med",
    "sci",
    "soc",
    "res",
    "am",
    "int",
    "natl",
    "acad",
    "nature",
    "science",
    "cell",
    "physical",
    "studies",
    "research",
    "conference",
    "conf",
    "symposium",
    "workshop",
    "advances",
    "adv",
    "opt",
    "comput",
    "math",
    "eng",
    "appl",
    "lancet",
    "plos",
    "nucleic",
    "acids",
    "genet",
    "mol",
    "neurosci",
    "psychol",
    "econ",
    "stud",
    "theor",
    "mech",
    "anal",
    "geophys",
    "astrophys",
    "astron",
    "mnras",
    "apj",
    "nucl",
    "physica",
    "jama",
    "bmj",
    "pnas",
    "ecology",
    "proceeding",
    "zeitschr",
    "jahrbuch",
    "rivista",
    "cahiers",
    "quart",
    "methods",
    "reports",
    "rep",
    "series",
    "ser",
    "communications",
    "commun",
    "engineering",
    "medicine",
    "chemistry",
    "biology",
    "physics",
    "mathematics",
    "mathematical",
    "statistics",
    "statist",
    "economic",
    "economics",
];

const PLACES: &[&str] = &[
    "new york",
    "london",
    "paris",
    "berlin",
    "oxford",
    "cambridge",
    "boston",
    "chicago",
    "amsterdam",
    "tokyo",
    "washington",
    "philadelphia",
    "princeton",
    "berkeley",
    "los angeles",
    "san francisco",
    "toronto",
    "montreal",
    "sydney",
    "melbourne",
    "heidelberg",
    "leipzig",
    "münchen",
    "munich",
    "stuttgart",
    "frankfurt",
    "wien",
    "vienna",
    "zürich",
    "zurich",
    "basel",
    "bern",
    "genève",
    "geneva",
    "rome",
    "roma",
    "milano",
    "milan",
    "torino",
    "firenze",
    "madrid",
    "barcelona",
    "lisboa",
    "lisbon",
    "moscow",
    "moskva",
    "beijing",
    "shanghai",
    "new delhi",
    "delhi",
    "mumbai",
    "bombay",
    "calcutta",
    "kolkata",
    "chennai",
    "madras",
    "singapore",
    "hong kong",
    "dordrecht",
    "leiden",
    "utrecht",
    "groningen",
    "rotterdam",
    "den haag",
    "the hague",
    "brussels",
    "bruxelles",
    "copenhagen",
    "stockholm",
    "oslo",
    "helsinki",
    "edinburgh",
    "glasgow",
    "dublin",
    "manchester",
    "baltimore",
    "new haven",
    "ithaca",
    "ann arbor",
    "minneapolis",
    "seattle",
    "austin",
    "houston",
    "dallas",
    "atlanta",
    "new brunswick",
    "englewood cliffs",
    "upper saddle river",
    "reading",
    "menlo park",
    "redwood city",
    "thousand oaks",
    "newbury park",
    "beverly hills",
    "hillsdale",
    "mahwah",
    "hoboken",
    "chichester",
    "harlow",
    "basingstoke",
    "abingdon",
    "aldershot",
    "farnham",
    "norwood",
    "westport",
    "greenwich",
    "santa barbara",
    "santa monica",
    "durham",
    "chapel hill",
    "urbana",
    "champaign",
    "evanston",
    "madison",
    "bloomington",
    "columbus",
    "cleveland",
    "pittsburgh",
    "lincoln",
    "norman",
    "lanham",
    "totowa",
    "armonk",
    "cham",
    "singapur",
    "bologna",
    "napoli",
    "padova",
    "lyon",
    "marseille",
    "toulouse",
    "bordeaux",
    "lille",
    "strasbourg",
    "bonn",
    "köln",
    "hamburg",
    "göttingen",
    "tübingen",
    "freiburg",
    "dresden",
    "weinheim",
    "darmstadt",
    "mainz",
    "kyoto",
    "osaka",
    "seoul",
    "taipei",
    "cape town",
    "johannesburg",
    "nairobi",
    "cairo",
    "mexico",
    "buenos aires",
    "são paulo",
    "rio de janeiro",
    "santiago",
    "bogotá",
    "lima",
    "caracas",
    "montevideo",
    "warsaw",
    "warszawa",
    "prague",
    "praha",
    "budapest",
    "bucharest",
    "athens",
    "istanbul",
    "ankara",
    "jerusalem",
    "tel aviv",
    "tehran",
    "karachi",
    "lahore",
    "dhaka",
    "jakarta",
    "manila",
    "bangkok",
    "hanoi",
    "wellington",
    "auckland",
    "ottawa",
    "vancouver",
    "québec",
    "quebec",
    "st. louis",
    "st louis",
    "new orleans",
    "denver",
    "san diego",
    "palo alto",
    "stanford",
    "cambridge, ma",
    "amherst",
    "providence",
    "hanover",
    "albany",
    "buffalo",
    "rochester",
    "syracuse",
    "detroit",
    "milwaukee",
    "indianapolis",
    "cincinnati",
    "nashville",
    "knoxville",
    "lexington",
    "louisville",
    "richmond",
    "charlottesville",
    "tucson",
    "phoenix",
    "salt lake city",
    "portland",
    "sacramento",
    "oakland",
    "irvine",
    "la jolla",
    "pasadena",
    "honolulu",
    "bethesda",
    "arlington",
    "alexandria",
    "geneve",
    "nürnberg",
    "hannover",
    "kiel",
    "münster",
    "jena",
    "halle",
    "potsdam",
    "mannheim",
    "usa",
    "uk",
    "germany",
    "france",
    "italy",
    "spain",
    "japan",
    "china",
    "india",
    "canada",
    "australia",
    "switzerland",
    "austria",
    "netherlands",
    "the netherlands",
    "belgium",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "brazil",
    "new jersey",
    "massachusetts",
    "california",
    "texas",
    "illinois",
    "pennsylvania",
    "michigan",
    "ohio",
    "virginia",
    "maryland",
    "connecticut",
    "england",
    "scotland",
    "ireland",
    "russia",
    "new delhi",
    "pune",
    "bangalore",
    "hyderabad",
    "nj",
    "ny",
    "ca",
    "ma",
    "il",
    "pa",
    "ct",
    "md",
    "dc",
    "mi",
    "oh",
    "tx",
    "va",
    "wa",
    "wi",
    "mn",
    "nc",
    "fl",
    "ga",
    "co",
    "mo",
    "in",
    "ind",
    "ont",
    "calif",
    "mass",
    "conn",
    "ill",
    "wis",
    "minn",
    "mich",
    "bc",
    "qc",
    "on",
    "vic",
    "nsw",
    "qld",
];

const NOTE_WORDS: &[&str] = &[
    "thesis",
    "dissertation",
    "diss",
    "doctoral",
    "phd",
    "ph.d",
    "master's",
    "masters",
    "mémoire",
    "thèse",
    "tesis",
    "tesi",
    "report",
    "retrieved",
    "available",
    "accessed",
    "unpublished",
    "manuscript",
    "preprint",
    "abstract",
    "poster",
    "paper",
    "presented",
    "submitted",
    "press",
    "forthcoming",
    "online",
    "working",
    "technical",
    "tech",
    "memorandum",
    "note",
    "notes",
    "pmid",
    "pmcid",
    "isbn",
    "issn",
    "translated",
    "trans",
    "reprinted",
    "reprint",
    "originally",
    "published",
    "edn",
    "edition",
    "ed",
    "series",
    "lecture",
    "chapter",
    "chap",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
];

const FUNCTION_WORDS: &[&str] = &[
    "of", "the", "and", "in", "on", "for", "a", "an", "to", "de", "la", "le", "des", "du", "der", "die", "das", "und",
    "für", "et", "y", "di", "del", "della", "at", "with", "by", "from", "&", "van", "von", "zur", "zum", "im", "en",
];

const W_PUB: u8 = 1;
const W_JOURNAL: u8 = 2;
const W_NOTE: u8 = 4;
const W_MONTH: u8 = 8;
const W_FUNCTION: u8 = 16;
const W_PLACE: u8 = 32;

/// Word classes of the known-word lists, built once.
static WORDS: std::sync::LazyLock<std::collections::HashMap<&'static str, u8>> = std::sync::LazyLock::new(|| {
    let mut m = std::collections::HashMap::new();
    for (list, bit) in [
        (PUB_WORDS, W_PUB),
        (JOURNAL_WORDS, W_JOURNAL),
        (NOTE_WORDS, W_NOTE),
        (MONTHS, W_MONTH),
        (FUNCTION_WORDS, W_FUNCTION),
        (PLACES, W_PLACE),
    ] {
        for w in list {
            *m.entry(*w).or_insert(0) |= bit;
        }
    }
    m
});

fn word_class(w: &str) -> u8 {
    WORDS.get(w).copied().unwrap_or(0)
}

fn is_year_str(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 || b.len() > 5 {
        return false;
    }
    if b.len() == 5 && !b[4].is_ascii_lowercase() {
        return false;
    }
    (b[0] == b'1' && (b'5'..=b'9').contains(&b[1])) || (b[0] == b'2' && b[1] == b'0')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// A number-like token: digits with at most one leading letter and one trailing letter (`e1234`, `12a`, `S5`).
fn numberish(t: &str) -> bool {
    let t = t.trim_end_matches(['.', ',']);
    // `H3`, `S4` inside a title are names; `e00048`, `B428` are numbers.
    if t.chars().next().is_some_and(|c| c.is_alphabetic())
        && t.chars().skip(1).take_while(|c| c.is_ascii_digit()).count() < 3
    {
        return false;
    }
    let mut cs = t.chars().peekable();
    if cs.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        cs.next();
    }
    let mut nd = 0;
    while cs.peek().is_some_and(|c| c.is_ascii_digit()) {
        cs.next();
        nd += 1;
    }
    if nd == 0 {
        return false;
    }
    if cs.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        cs.next();
    } else if cs.peek() == Some(&'.') {
        cs.next();
        if !cs.peek().is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        while cs.peek().is_some_and(|c| c.is_ascii_digit()) {
            cs.next();
        }
    }
    if cs.peek().is_some_and(|c| is_dash(*c)) {
        return true; // a range
    }
    cs.next().is_none()
}

/// `2010-2020`: a range whose ends are both years.
fn year_span(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['.', ',']);
    let mut parts = t.split(is_dash).map(str::trim).filter(|p| !p.is_empty());
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if is_year_str(a) && is_year_str(b))
}

/// `750-900`, `1088-1100`: a span that reads as years, also before 1500.
fn date_span(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['.', ',']);
    let mut parts = t.split(is_dash).map(str::trim).filter(|p| !p.is_empty());
    let num = |p: &str| (3..=4).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None) if num(a) && num(b) => {
            let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            (400..2100).contains(&a) && a < b && b <= 2100
        }
        _ => false,
    }
}

fn num_kind(t: &str) -> Num {
    let t = t.trim().trim_end_matches(['.', ',']);
    if t.is_empty() {
        return Num::None;
    }
    if is_year_str(t) {
        return Num::Year;
    }
    let mut parts = t.split(is_dash).filter(|p| !p.trim().is_empty());
    let a = parts.next().unwrap_or("").trim();
    let b = parts.next().map(str::trim);
    let simple = |p: &str| {
        let p = match p.split_once('.') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()) => a,
            _ => p,
        };
        let d =
            p.trim_start_matches(|c: char| c.is_ascii_alphabetic()).trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) && p.len() - d.len() <= 2
    };
    if !simple(a) {
        return Num::None;
    }
    match b {
        Some(b) if simple(b) && parts.next().is_none() => Num::Range,
        Some(_) => Num::None,
        None => {
            if a.chars().filter(|c| c.is_ascii_digit()).count() >= 5 {
                Num::Long
            } else {
                Num::Small
            }
        }
    }
}

fn lower_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '\'' && c != '-').to_lowercase()
}

fn features<'a>(body: &'a str, start: usize, end: usize, before: Delim, paren: bool, quoted: bool) -> Seg<'a> {
    let raw = &body[start..end];
    let text = raw.trim();
    let off = raw.len() - raw.trim_start().len();
    let (start, end) = (start + off, start + off + text.len());
    let mut s = Seg {
        text,
        start,
        end,
        before,
        after: Delim::Period,
        paren,
        quoted,
        words: 0,
        caps: 0,
        lower_start: text.split(' ').next().is_some_and(|w| {
            w.chars().next().is_some_and(|c| c.is_lowercase()) && !w.chars().any(|c| c.is_uppercase())
        }),
        num: Num::None,
        pub_word: false,
        place_word: false,
        journal: false,
        ed_mark: false,
        pp_mark: false,
        vol_mark: false,
        no_mark: false,
        in_mark: false,
        note_word: false,
        month: false,
        edition: false,
        ed_by: false,
        square: body[..start].trim_end().ends_with('[') && body[end..].trim_start().starts_with(']'),
        roman: !text.is_empty() && text.len() <= 5 && text.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')),
    };
    s.num = num_kind(text);
    if s.num != Num::None {
        return s;
    }
    let lt = text.to_lowercase();
    if word_class(lt.trim_end_matches('.')) & W_PLACE != 0 {
        s.place_word = true;
    }
    let mut first = true;
    let mut short_abbrev = 0;
    let mut prev_num = false;
    for w in text.split(' ') {
        let lw = lower_word(w);
        if lw.is_empty() {
            continue;
        }
        let is_alpha = lw.chars().next().is_some_and(|c| c.is_alphabetic());
        if first {
            // `pp.124-232`, `v.37`, `S.10`: a marker glued to its number.
            let mark = match lw.split_once('.') {
                Some((m, rest)) if rest.starts_with(|c: char| c.is_ascii_digit()) => m,
                _ => lw.as_str(),
            };
            match mark {
                "in" if text.len() > 3 => {
                    let second = text.split(' ').nth(1).map(lower_word).unwrap_or_default();
                    s.in_mark = !matches!(second.as_str(), "press" | "print" | "preparation" | "prep" | "review");
                }
                "pp" | "p" | "pages" | "page" | "pgs" | "s" | "ss" | "pág" | "págs" | "pag" => s.pp_mark = true,
                "vol" | "volume" | "vols" | "v" | "bd" | "band" | "t" | "tome" | "jg" => s.vol_mark = true,
                "no" | "nr" | "issue" | "iss" | "n" | "nos" | "núm" | "número" | "heft" | "h" | "num" | "fasc" => {
                    s.no_mark = true
                }
                // `n°54`, `nº 3`.
                m if m.starts_with("n°") || m.starts_with("nº") => s.no_mark = true,
                _ => {}
            }
            if word_class(lw.trim_end_matches('.')) & W_MONTH != 0 {
                s.month = true;
            }
        }
        if matches!(
            lw.as_str(),
            "ed" | "eds" | "editor" | "editors" | "hrsg" | "hrg" | "hg" | "éd" | "éds" | "dir" | "coord" | "edited"
        ) && (w.ends_with('.') || w.ends_with(')') || lw.len() > 3 || paren || text.len() == w.len())
        {
            s.ed_mark = true;
        }
        if lw.ends_with("ed") && prev_num || matches!(lw.as_str(), "edn" | "edition" | "auflage" | "aufl" | "édition")
        {
            s.edition = true;
        }
        prev_num = w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || matches!(lw.as_str(), "first" | "second" | "third" | "fourth" | "fifth" | "revised" | "rev" | "new");
        let wc = word_class(&lw);
        // `Springer-Verlag`, `Morgan-Kaufmann`: a hyphenated publisher name.
        if wc & W_PUB != 0 || lw.contains('-') && lw.split('-').any(|p| word_class(p) & W_PUB != 0) {
            s.pub_word = true;
        }
        if wc & W_JOURNAL != 0 {
            s.journal = true;
        }
        if wc & W_NOTE != 0 {
            s.note_word = true;
        }
        if is_alpha {
            if wc & W_FUNCTION == 0 {
                s.words += 1;
                if w.trim_start_matches(|c: char| !c.is_alphanumeric()).chars().take(2).any(|c| c.is_uppercase()) {
                    s.caps += 1;
                    if w.ends_with('.') && lw.chars().count() <= 6 {
                        short_abbrev += 1;
                    }
                }
            } else if first {
                s.words += 1;
                if w.chars().next().is_some_and(|c| c.is_uppercase()) {
                    s.caps += 1;
                }
            }
        }
        first = false;
    }
    // `edited by X`, `eds. Terry Caelli`: the editors follow the mark, so it does not close a
    // list of editors before it.
    let ed_first = s.ed_mark
        && matches!(
            lower_word(text.split(' ').next().unwrap_or("")).as_str(),
            "ed" | "eds" | "editor" | "editors" | "edited" | "hrsg" | "hg" | "éd" | "éds" | "dir"
        )
        && text
            .split(' ')
            .nth(1)
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && w != "by" && !w.starts_with('('));
    if s.ed_mark && (lt.starts_with("edited") || lt.contains(" by ") || ed_first) {
        s.ed_by = true;
    }
    if !text.bytes().any(|c| c.is_ascii_digit()) {
        s.pp_mark = false;
        s.vol_mark = false;
        s.no_mark = false;
    }
    if short_abbrev >= 2 || (short_abbrev >= 1 && s.words <= 3 && s.caps == s.words) {
        s.journal = true;
    }
    // `J Appl Phys`, `MNRAS`: short capitalised words without function words.
    if s.words >= 2 && s.caps == s.words && text.split(' ').all(|w| w.chars().count() <= 6) && !s.pub_word {
        s.journal = true;
    }
    if s.words == 1 && text.len() >= 3 && text.chars().all(|c| c.is_ascii_uppercase()) && !s.place_word {
        s.journal = true;
    }
    s
}

/// Inside an abbreviated journal name: `Appl. Physiol.` (a short capitalised word before another abbreviation).
fn abbreviated_name(word: &str, next: &str) -> bool {
    let n = word.chars().count();
    if n > 6 || !word.chars().next().is_some_and(|c| c.is_uppercase()) || !word.chars().all(|c| c.is_alphabetic()) {
        return false;
    }
    if matches!(word, "Press" | "Cell" | "Books" | "Verlag" | "Inc" | "Ltd" | "Nature" | "Wiley" | "Sage" | "Brill") {
        return false;
    }
    let nw = next.split(' ').next().unwrap_or("").trim_end_matches([',', ';', ':']);
    // `Ph.D.`, `U.S.`: a word with inner periods is a degree or initialism, not a journal abbreviation.
    nw.ends_with('.')
        && nw.matches('.').count() == 1
        && nw.chars().count() <= 8
        && nw.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A genre or edition statement opens the segment (`Technical Report 12`, `PhD thesis`,
/// `Revised edition`): after a title it describes the work rather than continuing it.
fn genre_head(s: &Seg) -> bool {
    if s.edition {
        return true;
    }
    let mut it = s.text.split(' ').map(lower_word);
    let first = it.next().unwrap_or_default();
    let second = it.next().unwrap_or_default();
    let genre = |w: &str| {
        matches!(
            w,
            "thesis"
                | "dissertation"
                | "diss"
                | "report"
                | "memorandum"
                | "manuscript"
                | "preprint"
                | "thèse"
                | "tesis"
                | "tesi"
                | "mémoire"
        )
    };
    genre(&first)
        || (genre(&second)
            && matches!(
                first.trim_end_matches('.'),
                "technical"
                    | "tech"
                    | "phd"
                    | "ph.d"
                    | "doctoral"
                    | "master's"
                    | "masters"
                    | "msc"
                    | "ma"
                    | "unpublished"
                    | "research"
                    | "internal"
                    | "final"
                    | "annual"
            ))
}

/// `mitomycin C. American Journal`: a lone capital after a lower-case content word ends a
/// sentence rather than standing for an initial.
fn end_letter(body: &str, word_start: usize, word: &str) -> bool {
    if word.len() != 1 || !word.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let prev = body[..word_start].trim_end().rsplit(' ').next().unwrap_or("");
    prev.len() > 2
        && prev.chars().all(|c| c.is_lowercase() || c == '-')
        && word_class(&lower_word(prev)) & W_FUNCTION == 0
}

/// Words after which a number stays in the same segment (`pp. 12`, `ISBN 978...`).
const PREV_MARKERS: &[&str] = &[
    "pp", "p", "vol", "no", "nr", "v", "n", "issue", "volume", "s", "bd", "page", "pages", "art", "article", "heft",
    "t", "jg", "nos", "vols", "iss", "isbn", "issn", "pmid",
];

/// Words that keep a number before them (`2nd ed.`, `2 vols`).
const EDITION_WORDS: &[&str] = &["ed", "edn", "eds", "vols", "aufl", "éd", "edition", "auflage", "édition"];

/// Cuts `body` into segments.
fn segments(body: &str) -> Vec<Seg<'_>> {
    let mut segs: Vec<Seg> = Vec::new();
    let mut start = 0usize;
    let mut before = Delim::Start;
    let mut depth = 0i32;
    let mut quoted = false;
    let mut seg_paren = false;
    let mut glued = 0u32;
    let b = body.as_bytes();
    #[allow(clippy::too_many_arguments)]
    fn push<'a>(
        body: &'a str,
        segs: &mut Vec<Seg<'a>>,
        a: usize,
        e: usize,
        delim: Delim,
        before: &mut Delim,
        paren: bool,
        q: bool,
    ) {
        if body[a..e].trim().is_empty() {
            if delim > *before || *before == Delim::Space {
                *before = delim;
            }
            return;
        }
        if let Some(last) = segs.last_mut() {
            last.after = *before;
        }
        let s = features(body, a, e, *before, paren, q);
        segs.push(s);
        *before = delim;
    }
    let mut i = 0usize;
    while i < b.len() {
        let c = body[i..].chars().next().unwrap_or(' ');
        let cl = c.len_utf8();
        match c {
            ',' | ';' | ':' => {
                // `1,000` and `10:30` inside a number stay.
                let d = match c {
                    ',' => Delim::Comma,
                    ';' => Delim::Semi,
                    _ => Delim::Colon,
                };
                let next_digit = b.get(i + 1).is_some_and(|x| x.is_ascii_digit());
                let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
                let in_colon = c == ':' && matches!(body[start..i].trim(), "In" | "in" | "IN" | "Dans" | "dans");
                // `57,1` (volume, issue) splits; `1,000` (three digits after) stays one number.
                let thousands = next_digit
                    && b.get(i + 1..i + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && !b.get(i + 4).is_some_and(u8::is_ascii_digit);
                // `p. 1,3`: a list of pages stays together.
                let page_list = {
                    let h = body[start..i].trim_start().to_lowercase();
                    h.starts_with("p.") || h.starts_with("pp.") || h.starts_with("p ") || h.starts_with("pp ")
                };
                if (c == ',' && (thousands || (quoted || page_list) && next_digit) && prev_digit) || in_colon {
                    i += cl;
                    continue;
                }
                push(body, &mut segs, start, i, d, &mut before, seg_paren || depth > 0, quoted);
                seg_paren = depth > 0;
                start = i + cl;
            }
            '.' | '?' | '!' => {
                let j = i + cl;
                let rest = &body[j..];
                let rest_t = rest.trim_start_matches(['"', '\'', '”', '’', '»', '*', '_']);
                let at_end = rest_t.trim().is_empty();
                if at_end || rest_t.starts_with(' ') || rest_t.starts_with(['(', '[']) {
                    let word_start = body[..i].rfind([' ', '(', '[']).map(|p| p + 1).unwrap_or(0);
                    let word = &body[word_start..i];
                    let next_c = rest_t.trim_start().chars().next().unwrap_or(' ');
                    // `In Famulus Christi, ed. Gerald Bonner`: the mark opens the editors.
                    // `Title. Eds. Jeannette Mageo and Alan Howard`: so does a mark alone.
                    let mark_alone = matches!(before, Delim::Comma | Delim::Period) && body[start..i].trim() == word;
                    // `In: C. D. Darlington & K. R. Lewis, eds. Chromosomes today`: the mark
                    // closes the names before it.
                    let closes_names = segs
                        .last()
                        .is_some_and(|p| p.in_mark && p.text.split(' ').any(|w| w.len() == 2 && w.ends_with('.')));
                    // `2. ed. São Paulo`: an edition after its number.
                    let after_number =
                        body[..start].trim_end().trim_end_matches('.').ends_with(|c: char| c.is_ascii_digit());
                    let opens_editors = mark_alone && !closes_names && !after_number;
                    let boundary = if c != '.'
                        || at_end
                        || (matches!(word, "ed" | "edn" | "Ed" | "eds" | "Eds")
                            && next_c.is_uppercase()
                            && !opens_editors)
                        || ((end_letter(body, word_start, word) || (word.len() == 2 && is_place_end(word)))
                            && next_c.is_uppercase())
                    {
                        true
                    } else if is_abbrev_word(word) || abbreviated_name(word, rest_t.trim_start()) {
                        false
                    } else {
                        let nw = rest_t.trim_start().split(' ').next().unwrap_or("").to_lowercase();
                        let marker = matches!(
                            nw.as_str(),
                            "in" | "in:"
                                | "p."
                                | "pp."
                                | "vol."
                                | "no."
                                | "ed."
                                | "eds."
                                | "doi"
                                | "doi:"
                                | "available"
                                | "retrieved"
                                | "s."
                                | "n."
                        );
                        let mixed = nw.len() != rest_t.trim_start().split(' ').next().unwrap_or("").len()
                            || rest_t.trim_start().split(' ').next().unwrap_or("").chars().any(|c| c.is_uppercase());
                        !(next_c.is_lowercase() && !marker && !mixed)
                    };
                    if boundary {
                        let d = if c == '.' { Delim::Period } else { Delim::Question };
                        let e = if c == '.' { i } else { j };
                        push(body, &mut segs, start, e, d, &mut before, seg_paren, quoted);
                        seg_paren = depth > 0;
                        start = j;
                    }
                }
            }
            '(' | '['
                if i > 0
                    && body[..i].chars().next_back().is_some_and(|p| p.is_alphabetic())
                    && !body[i + 1..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                glued += 1;
            }
            ')' | ']' if glued > 0 => {
                glued -= 1;
            }
            '(' | '[' => {
                push(body, &mut segs, start, i, Delim::Open, &mut before, seg_paren, quoted);
                depth += 1;
                seg_paren = true;
                start = i + cl;
            }
            ')' | ']' => {
                push(body, &mut segs, start, i, Delim::Close, &mut before, true, quoted);
                depth = (depth - 1).max(0);
                seg_paren = depth > 0;
                start = i + cl;
            }
            '“' | '”' | '"' | '«' | '»' | '„' => {
                let closing = quoted && c != '“' && c != '«' && c != '„';
                let opening = !quoted && matches!(c, '“' | '"' | '«' | '„' | '»');
                if closing || opening {
                    push(body, &mut segs, start, i, Delim::Quote, &mut before, seg_paren, quoted);
                    quoted = opening;
                    start = i + cl;
                }
            }
            ' ' => {
                // Free-standing numbers (`J Struct Biol 157`) become segments of their own.
                let tok_start = body[..i].rfind(' ').map(|p| p + 1).unwrap_or(0).max(start);
                let prev_tok = &body[tok_start..i];
                let next_end = body[i + 1..]
                    .find([' ', ',', ';', ':', '(', ')', '[', ']'])
                    .map(|p| i + 1 + p)
                    .unwrap_or(body.len());
                let next_tok = body[i + 1..next_end].trim_end_matches('.');
                let any_ci = |t: &str, list: &[&str]| list.iter().any(|m| t.eq_ignore_ascii_case(m));
                let marker_next = any_ci(next_tok, &["vol", "volume", "pp", "p", "no"])
                    && body[next_end..].trim_start_matches(['.', ' ']).starts_with(|c: char| c.is_ascii_digit());
                // `43 - 102`: a dash set off by spaces keeps the range together.
                let dash_only = |t: &str| !t.is_empty() && t.chars().all(is_dash);
                let numbers = (numberish(next_tok) || (numberish(prev_tok) && !next_tok.is_empty()))
                    && !dash_only(next_tok)
                    && !dash_only(prev_tok);
                // Only when a number is involved: `pp. 12` and `2nd ed.` stay together.
                // `In 1992 International Conference`: `In` and its number open one segment.
                let head = body[start..i].trim();
                let in_head = head.eq_ignore_ascii_case("in")
                    || head.split_once(' ').is_some_and(|(a, b)| a.eq_ignore_ascii_case("in") && numberish(b));
                // `Proceedings of the 1992 ACM Conference`: a number after `the`/`of` and before a
                // capitalised word is part of a name.
                let before_prev = body[start..tok_start].trim_end().rsplit(' ').next().unwrap_or("");
                let of_the = |w: &str| matches!(w, "the" | "of");
                let in_name = (numberish(next_tok) && of_the(prev_tok))
                    || (numberish(prev_tok)
                        && of_the(before_prev)
                        && next_tok.chars().next().is_some_and(|c| c.is_uppercase()));
                // `368 pp.`: a page count stays one segment.
                // `262 p.`, `151 S.`: so does the page count of a book.
                let page_count = numberish(prev_tok)
                    && (next_tok.eq_ignore_ascii_case("pp")
                        || matches!(next_tok, "p" | "S" | "s" | "págs" | "pgs" | "pages" | "Seiten"))
                    && !body[next_end..].trim_start_matches(['.', ' ']).starts_with(|c: char| c.is_ascii_digit());
                let split = tok_start < i
                    && !in_head
                    && !in_name
                    && !page_count
                    && (marker_next
                        || (numbers
                            && !any_ci(prev_tok.trim_end_matches('.'), PREV_MARKERS)
                            && !any_ci(next_tok, EDITION_WORDS)))
                    && !body[start..i].trim().is_empty();
                if split {
                    push(body, &mut segs, start, i, Delim::Space, &mut before, seg_paren, quoted);
                    start = i + 1;
                }
            }
            _ => {}
        }
        i += cl;
    }
    push(body, &mut segs, start, body.len(), Delim::Period, &mut before, seg_paren, quoted);
    if let Some(last) = segs.last_mut() {
        last.after = Delim::Period;
    }
    segs
}

static DEBUG: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| std::env::var_os("SEG_DEBUG").is_some());

const NEG: f32 = -1e9;

fn li(l: L) -> usize {
    l as usize
}

/// Emission score of label `l` for segment `k`.
/// Context of a segment computed once per string.
struct Ctx {
    later_numbers: bool,
    last_text: usize,
    quoted_before: bool,
    in_after: bool,
    ed_ahead: bool,
    /// A span of years inside a title (`Society, 950-1100. Cambridge`).
    title_span: bool,
}

fn emit(segs: &[Seg], k: usize, l: L, cx: &Ctx) -> f32 {
    let (later_numbers, last_text) = (cx.later_numbers, cx.last_text);
    let s = &segs[k];
    let next = segs.get(k + 1);
    let prev = if k > 0 { segs.get(k - 1) } else { None };
    let numeric = s.num != Num::None;
    if numeric {
        return match (l, s.num) {
            (L::Year, Num::Year) => 3.0,
            (L::Year, _) => NEG,
            // `Cycling in Europe, 2010-2020. Journal, 41, 301-325`: a span of years with
            // numbers still to come belongs to the title, not the pages.
            (L::Pages, Num::Range) if cx.title_span => -1.0,
            (L::Pages, Num::Range) => 3.0,
            (L::Pages, Num::Long) => 1.5,
            (L::Pages, Num::Small) => {
                if s.before == Delim::Colon || prev.is_some_and(|p| p.pp_mark) {
                    2.5
                } else {
                    1.0
                }
            }
            (L::Pages, Num::Year) => {
                if s.before == Delim::Colon {
                    2.5
                } else {
                    -0.5
                }
            }
            (L::Volume, Num::Small) => {
                1.5 + if next.is_some_and(|n| n.paren && n.num != Num::None && n.num != Num::Year) { 1.0 } else { 0.0 }
            }
            (L::Volume, Num::Year) => {
                // `Papers 24 (1996): 197–214`: a bracketed year before the pages is the year.
                if !s.paren && next.is_some_and(|n| n.before == Delim::Colon && n.num != Num::None) {
                    3.5
                } else {
                    -1.0
                }
            }
            (L::Volume, Num::Long) => -1.0,
            // `American Anthropologist 57,1 (1955)`: an issue glued to its volume by a comma.
            (L::Issue, Num::Small | Num::Range)
                if s.before == Delim::Comma
                    && prev.is_some_and(|p| (p.num == Num::Small || p.vol_mark) && p.end + 1 == s.start) =>
            {
                3.5
            }
            (L::Issue, Num::Small) => {
                if s.paren {
                    2.5
                } else {
                    0.0
                }
            }
            (L::Issue, Num::Range) if s.paren => 1.5,
            // `Paris, EPEL, 2001 [1996]`: the year of the first edition after the year.
            (L::Note, Num::Year) if s.paren && prev.is_some_and(|p| p.num == Num::Year) => 2.0,
            (L::Note, _) => -1.0,
            (L::Title, Num::Range) if cx.title_span => 2.0,
            (L::Title | L::Container, _) => {
                let after_fw = s.before == Delim::Space
                    && prev.is_some_and(|p| {
                        word_class(&lower_word(p.text.rsplit(' ').next().unwrap_or(""))) & W_FUNCTION != 0
                    });
                if after_fw {
                    if l == L::Title { 1.5 } else { 1.0 }
                } else if s.before == Delim::Space
                    && next.is_some_and(|n| n.before == Delim::Space && n.num == Num::None)
                {
                    0.5
                } else {
                    -2.5
                }
            }
            _ => -3.0,
        };
    }
    let mut v = 0.0f32;
    let w = s.words as f32;
    let capr = if s.words > 0 { s.caps as f32 / w } else { 0.0 };
    match l {
        L::Title => {
            if k == 0 {
                v += 2.5;
                // `Nano Lett. 2010, 10, 1012`: no title, a journal followed by numbers.
                if s.journal && segs.len() <= 5 && next.is_some_and(|n| n.num != Num::None) {
                    v -= 5.0;
                }
                // `A&A, 416, 839`, `Phys. Rev. Lett. 83, 3370 (1999)`: a short name followed only
                // by numbers is the journal of an entry without a title.
                let numbers = segs[1..].iter().take_while(|n| n.num != Num::None).count();
                if numbers >= 2
                    && matches!(segs[1].num, Num::Small | Num::Range)
                    && (1..=5).contains(&s.words)
                    && s.caps == s.words
                    && !s.quoted
                    && segs[1 + numbers..].iter().all(|n| n.paren || n.square)
                {
                    v -= 5.0;
                }
            }
            if s.roman {
                v += 2.5;
            }
            // `Chaos: Making a New Science, New York: Penguin`: a colon after the first segment
            // opens a subtitle; `Place: Publisher` comes after a title, never first.
            if k == 1 && s.before == Delim::Colon && segs[0].num == Num::None && !segs[0].in_mark && !s.in_mark {
                v += 2.0;
            }
            if prev.is_some_and(|p| p.roman) && s.before == Delim::Period {
                v += 2.5;
            }
            if s.quoted {
                v += 2.0;
            } else if cx.quoted_before {
                v -= 3.0;
            }
            v += (1.0 - capr) * 0.8 + (w.min(8.0) / 8.0) * 0.5;
            if s.journal {
                v -= 0.4;
            }
            if s.in_mark || s.ed_mark || s.pp_mark || s.vol_mark || translator(s) {
                v -= 2.0;
            }
            if s.pub_word && k > 0 {
                v -= 0.5;
            }
        }
        L::Container => {
            if s.month && s.words <= 2 && !s.in_mark {
                v -= 3.0;
            }
            if s.in_mark {
                v += 2.0;
            }
            if s.journal && !s.roman {
                v += 1.2;
            }
            if s.roman {
                v -= 2.0;
            }
            v += (capr - 0.5) * 1.5;
            if later_numbers {
                v += 0.8;
            } else if !s.journal && !s.in_mark {
                v -= 0.5;
            }
            if next.is_some_and(|n| n.num == Num::Small || n.num == Num::Range || n.vol_mark)
                || next.is_some_and(|n| n.no_mark || n.pp_mark)
                    && !s.roman
                    && !s.text.chars().any(|c| c.is_ascii_digit() || c == '°')
            {
                v += 1.0;
            }
            if s.pub_word && !s.journal {
                v -= 0.8;
            }
            if s.place_word {
                v -= 1.0;
            }
            if s.ed_mark || s.pp_mark || s.vol_mark || s.no_mark {
                v -= 2.0;
            }
            if s.quoted {
                v -= 0.5;
            }
            if !s.in_mark && cx.in_after {
                v -= 1.5;
            }
            if cx.ed_ahead {
                v -= 2.0;
            }
        }
        L::Volume => {
            // `3 vols.`: the number of volumes of a book.
            let vols = s.text.split_once(' ').is_some_and(|(a, b)| {
                a.bytes().all(|c| c.is_ascii_digit()) && matches!(b.trim_end_matches('.'), "vols" | "Vols" | "volumes")
            });
            v = if s.vol_mark || vols { 3.0 } else { -3.0 };
        }
        L::Issue => {
            v = if s.no_mark { 3.0 } else { -3.0 };
        }
        L::Pages => {
            v = if s.pp_mark { 3.5 } else { -3.0 };
        }
        L::Year => {
            v = if s.month && s.words <= 3 { 1.5 } else { -3.0 };
        }
        L::Publisher => {
            if s.month && s.words <= 2 {
                v -= 3.0;
            }
            if s.pub_word {
                v += 2.0;
            }
            if s.before == Delim::Colon && prev.is_some_and(|p| p.num == Num::None && p.words <= 4) {
                v += if k + 1 >= last_text { 1.5 } else { 0.2 };
            }
            if s.journal {
                v -= 0.5;
            }
            if s.place_word {
                v -= 1.5;
            } else if next.is_some_and(|n| n.place_word && n.num == Num::None) {
                v += 1.0;
            }
            if s.words > 6 {
                v -= 1.0;
            }
            v += capr * 0.3 - (1.0 - capr) * 1.5;
            if s.lower_start {
                v -= 1.0;
            }
            if s.ed_mark || s.pp_mark || s.in_mark {
                v -= 2.0;
            }
        }
        L::Place => {
            if s.month && s.words <= 2 {
                v -= 3.0;
            }
            if s.place_word {
                v += 2.5;
            }
            if next.is_some_and(|n| n.before == Delim::Colon && n.num == Num::None && n.words <= 6) && s.words <= 3 {
                v += if k + 1 >= last_text { 1.5 } else { 0.3 };
            } else if let (Some(n), Some(nn)) = (next, segs.get(k + 2))
                && n.before == Delim::Comma
                && n.words <= 2
                && n.caps == n.words
                && nn.before == Delim::Colon
            {
                v += 1.5;
            }
            if s.words > 4 || s.caps < s.words || s.words == 0 {
                v -= 2.0;
            }
            if s.pub_word {
                v -= 1.0;
            }
            if s.ed_mark || s.pp_mark || s.in_mark || s.journal && !s.place_word {
                v -= 1.0;
            }
        }
        L::Editor => {
            if s.ed_mark {
                v += 2.5;
            }
            if s.in_mark && next.is_some_and(|n| n.ed_mark) {
                v += 3.0;
            }
            let ahead = cx.ed_ahead;
            if ahead && s.before != Delim::Period {
                v += 2.0;
            }
            if s.in_mark && ahead {
                v += 5.0;
            }
            if !s.ed_mark && !ahead {
                v -= 2.0;
            }
        }
        L::Note => {
            if translator(s) {
                v += 3.0;
            }
            if s.note_word {
                v += 0.5;
                let fw = lower_word(s.text.split(' ').next().unwrap_or(""));
                if word_class(&fw) & W_NOTE != 0 && fw != "press" && fw != "ed" && fw != "series" {
                    v += 1.0;
                }
                if s.words <= 3 && !s.pub_word {
                    v += 1.0;
                }
            }
            if s.edition {
                v += 2.5;
            }
            v -= 0.5;
        }
    }
    v
}

/// `trans. Gerald M. Browne`, `tr. W. Rehg`, `translated by X`: a translator statement, not
/// part of a title (`Trans. Amer. Math. Soc.` stays a journal: its words are journal words).
fn translator(s: &Seg) -> bool {
    let mut ws = s.text.split(' ');
    let first = lower_word(ws.next().unwrap_or(""));
    if !matches!(first.as_str(), "trans" | "tr" | "transl" | "translated" | "übers" | "trad") {
        return false;
    }
    let Some(second) = ws.next() else {
        return false;
    };
    if second == "by" {
        return true;
    }
    let initial = {
        let mut cs = second.chars();
        matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    };
    let name = second.chars().next().is_some_and(|c| c.is_uppercase()) && !second.ends_with('.');
    (initial || name) && s.text.split(' ').skip(1).all(|w| word_class(&lower_word(w)) & W_JOURNAL == 0)
}

/// An editor mark (`(Eds.)`, `eds.`) follows within a few name-like segments.
fn ed_ahead(segs: &[Seg], k: usize) -> bool {
    for s in segs.iter().take((k + 10).min(segs.len())).skip(k + 1) {
        if s.ed_mark {
            return !s.ed_by;
        }
        // `et al.` and initials (`R. N. Goldman & M. S. Warner`) stay inside a list of editors.
        if s.text.starts_with("et al") {
            continue;
        }
        let initials = s.text.split(' ').filter(|w| w.len() <= 3 && w.ends_with('.')).count() as u32;
        if s.before == Delim::Period || s.num != Num::None || s.words > 5 + initials.min(4) || s.caps + 1 < s.words {
            return false;
        }
    }
    false
}

/// Transition score from `a` to `b` across delimiter `d` (the one before the new segment).
fn trans(a: Option<L>, b: L, d: Delim, s: &Seg, k: usize) -> f32 {
    use L::*;
    let Some(a) = a else {
        return match b {
            Title => 2.0,
            Container | Editor if s.in_mark => 0.0,
            Year => 0.0,
            Container | Editor | Note => -1.5,
            _ => -3.0,
        };
    };
    let period = matches!(d, Delim::Period | Delim::Question);
    match (a, b) {
        (Title, Title) => match d {
            Delim::Period => {
                if s.lower_start {
                    1.0
                } else {
                    -2.0
                }
            }
            Delim::Question => 0.3,
            Delim::Quote => -1.5,
            // `..., IEEE Transactions on Graphics, 5 (3)`: a capitalised journal-like segment
            // after a comma more often starts the container.
            Delim::Comma if s.journal && s.caps == s.words && s.words >= 2 => 0.5,
            // `..., Ph.D. thesis, Rice University`, `..., MIT Press.`: not more title.
            Delim::Comma if genre_head(s) => -1.5,
            Delim::Comma if (s.pub_word || s.note_word) && s.words <= 4 && !s.lower_start => 0.0,
            Delim::Comma => 1.5,
            Delim::Colon | Delim::Space => 2.0,
            Delim::Open | Delim::Close => 0.5,
            _ => 0.0,
        },
        (Year, Title) if k == 1 => 1.0,
        (_, Title) => NEG,
        (Title, Container) => {
            if period || d == Delim::Quote {
                1.0
            } else if d == Delim::Comma {
                if s.journal && s.caps == s.words && s.words >= 2 { 0.0 } else { -0.5 }
            } else {
                -1.5
            }
        }
        (Container, Container) => match d {
            Delim::Space | Delim::Colon => 0.5,
            Delim::Comma => -0.8,
            Delim::Period => -3.0,
            _ => -1.0,
        },
        (Editor, Editor) => {
            if period {
                -2.0
            } else {
                0.5
            }
        }
        (Editor, Container) => 1.0,
        (Editor, Place | Publisher | Note) => -1.5,
        (Container, Volume) | (Container, Pages) => 1.0,
        // `..., pages 1939–1946. IEEE, 2013`: what follows the pages is a publisher or a note.
        (Pages, Container) => -1.5,
        (Container, Year) => 0.5,
        (Volume, Issue) => 1.2,
        (Volume, Pages) | (Issue, Pages) => 1.0,
        (Year, Volume) => 0.3,
        (Place, Publisher) => match d {
            Delim::Colon => 2.0,
            Delim::Comma => 0.8,
            _ => 0.0,
        },
        (Publisher, Place) if d == Delim::Comma => 0.5,
        (Publisher, Year) | (Place, Year) => 0.5,
        (Publisher | Place, Container | Editor) => -1.5,
        // `In X (Eds.), Well-Being: The Foundations of ...`: a colon inside a container opens its
        // subtitle; a publisher or place is not introduced by a colon after a container.
        (Container, Publisher | Place) if d == Delim::Colon => -1.5,
        (x, y) if x == y => match x {
            Publisher | Place => {
                if d == Delim::Comma || d == Delim::Space {
                    -0.5
                } else {
                    -1.5
                }
            }
            Note => 0.0,
            _ => -3.0,
        },
        // `..., Oral Literature: Seven Essays, New York 1975`: a known city ends a book title.
        (Title, Place) if d == Delim::Comma && s.place_word && s.words <= 2 && s.caps == s.words => -0.5,
        (Title, Place | Publisher) if !period && d != Delim::Quote && !s.paren => -2.5,
        (Title, _) => {
            if period || d == Delim::Quote {
                0.0
            } else {
                -1.0
            }
        }
        _ => 0.0,
    }
}

/// Decodes the best label sequence.
fn decode(segs: &[Seg]) -> Vec<L> {
    let n = segs.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[NEG; NL]; n];
    let mut back = vec![[0usize; NL]; n];
    let mut later_numbers = vec![false; n + 1];
    let last_text = segs.iter().rposition(|s| s.num == Num::None && !s.note_word).unwrap_or(0);
    for k in (0..n).rev() {
        later_numbers[k] = later_numbers[k + 1] || matches!(segs[k].num, Num::Small | Num::Range);
    }
    let mut later_year = vec![false; n + 1];
    for k in (0..n).rev() {
        later_year[k] = later_year[k + 1] || segs[k].num == Num::Year;
    }
    let mut in_after = vec![false; n + 1];
    for k in (0..n).rev() {
        in_after[k] = in_after[k + 1] || segs[k].in_mark;
    }
    let mut quoted_before = false;
    for k in 0..n {
        let cx = Ctx {
            later_numbers: later_numbers[k + 1],
            last_text,
            quoted_before,
            in_after: in_after[k + 1],
            ed_ahead: ed_ahead(segs, k),
            title_span: (later_numbers[k + 1] || later_year[k + 1])
                && (year_span(segs[k].text)
                    || date_span(segs[k].text)
                        && segs[k].before == Delim::Comma
                        && !segs[..k].iter().any(|p| p.num != Num::None)),
        };
        quoted_before |= segs[k].quoted;
        for &l in &LABELS {
            let e = emit(segs, k, l, &cx);
            if e <= NEG / 2.0 {
                continue;
            }
            if k == 0 {
                score[k][li(l)] = e + trans(None, l, segs[k].before, &segs[k], k);
                continue;
            }
            let mut best = NEG;
            let mut arg = 0;
            for &p in &LABELS {
                let ps = score[k - 1][li(p)];
                if ps <= NEG / 2.0 {
                    continue;
                }
                let t = trans(Some(p), l, segs[k].before, &segs[k], k);
                if ps + t > best {
                    best = ps + t;
                    arg = li(p);
                }
            }
            if best > NEG / 2.0 {
                score[k][li(l)] = best + e;
                back[k][li(l)] = arg;
            }
        }
    }
    let mut cur = (0..NL).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b])).unwrap_or(0);
    let mut out = vec![L::Note; n];
    for k in (0..n).rev() {
        out[k] = LABELS[cur];
        cur = back[k][cur];
    }
    out
}

/// Parses the text after the author list and head year into `r`.
pub(super) fn parse_body(body: &str, r: &mut Reference, _comma_style: bool) {
    let segs = segments(body);
    let mut labels = decode(&segs);
    relabel(&segs, &mut labels);
    numbers_closing_title(&segs, &mut labels);
    if *DEBUG {
        for (s, l) in segs.iter().zip(&labels) {
            eprintln!("  {:?} {:?} [{}]", l, s.before, s.text);
        }
    }
    // First run of each label.
    let mut runs: [Option<(usize, usize)>; NL] = [None; NL];
    let mut done = [false; NL];
    let mut k = 0;
    while k < segs.len() {
        let l = labels[k];
        let mut e = k;
        while e + 1 < segs.len() && labels[e + 1] == l {
            e += 1;
        }
        // Publisher and place stand near the end: the last run wins, unless only an earlier one
        // has a publisher or place word; other fields take the first.
        let marked = |(a, b): (usize, usize)| {
            segs[a..=b].iter().any(|s| if l == L::Publisher { s.pub_word } else { s.place_word })
        };
        // `New York: Henry Holt, 1996. Print.`: a publisher after its place and a colon stays.
        let imprint = |(a, b): (usize, usize)| {
            if l == L::Publisher {
                a > 0 && segs[a].before == Delim::Colon && labels[a - 1] == L::Place
            } else {
                b + 1 < segs.len() && segs[b + 1].before == Delim::Colon && labels[b + 1] == L::Publisher
            }
        };
        let later_wins = matches!(l, L::Publisher | L::Place)
            && runs[li(l)].is_none_or(|prev| (marked((k, e)) || !marked(prev)) && (!imprint(prev) || imprint((k, e))));
        if !done[li(l)] || later_wins {
            runs[li(l)] = Some((k, e));
            done[li(l)] = true;
        }
        k = e + 1;
    }
    let span = |l: L| {
        runs[li(l)].map(|(a, e)| {
            let mut end = segs[e].end;
            let t = &body[segs[a].start..end];
            if t.matches('(').count() > t.matches(')').count() && body[end..].starts_with(')') {
                end += 1;
            }
            &body[segs[a].start..end]
        })
    };
    let in_mode = labels.iter().zip(&segs).any(|(l, s)| s.in_mark && matches!(l, L::Container | L::Editor));
    if let Some(t) = span(L::Title) {
        let t = t.trim_matches(['“', '”', '"', '«', '»', '‘', '’', ' ', '*', '_']);
        r.title = opt(tidy(t).trim_matches(['“', '”', '"', '«', '»', '‘', '’']).trim().to_string());
    }
    if let Some(mut c) = span(L::Container) {
        // `Biochem J. 2004;380`: the period before the numbers closes the container, not an abbreviation.
        if let Some((_, e)) = runs[li(L::Container)]
            && segs.get(e + 1).is_some_and(|n| n.num != Num::None)
        {
            c = c.strip_suffix('.').unwrap_or(c);
        }
        let c = strip_in(c);
        let (c, place) = split_trailing_place(&tidy(c));
        r.container = opt(c);
        if r.place.is_none() {
            r.place = place;
        }
    }
    if let Some(ed) = span(L::Editor) {
        let ed = strip_in(ed);
        let names: String = ed
            .split(' ')
            .filter(|w| {
                !matches!(
                    lower_word(w).as_str(),
                    "ed" | "eds"
                        | "editor"
                        | "editors"
                        | "hrsg"
                        | "hg"
                        | "éd"
                        | "éds"
                        | "dir"
                        | "coord"
                        | "by"
                        | "edited"
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let (people, _) = parse_names(names.trim_matches(|c: char| c == '(' || c == ')' || c == ',' || c == ' '));
        if !people.is_empty() {
            r.editors = people;
        }
    }
    if let Some(v) = span(L::Volume) {
        let v = strip_marker(v);
        r.volume = opt(tidy(v));
    }
    if let Some(v) = span(L::Issue) {
        r.issue = opt(tidy(strip_marker(v)));
    }
    if let Some(v) = span(L::Pages) {
        r.pages = opt(pages_norm(strip_marker(v).trim_end_matches(['.', ','])));
    }
    if let Some(c) = r.container.take() {
        let c = container_volume(c, r);
        if r.title.is_none()
            && r.editors.is_empty()
            && let Some((title, journal)) = title_into_journal(&c)
        {
            r.title = opt(tidy(title));
            r.container = opt(journal.to_string());
        } else if let Some(title) = r.title.as_deref()
            && let Some(head) = title.strip_suffix(" J")
            && head.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_lowercase))
            && c.split(' ')
                .next()
                .is_some_and(|w| w.len() >= 3 && w.ends_with('.') && w.starts_with(char::is_uppercase))
        {
            // `... in shallow basins J. Coast. Res.`: `J.` (Journal) opens the abbreviated name.
            r.container = Some(format!("J. {c}"));
            r.title = Some(head.to_string());
        } else {
            r.container = opt(c);
        }
    }
    if r.year.is_none()
        && let Some(y) = span(L::Year)
        && let Some(y) = y.split(|c: char| !c.is_alphanumeric()).find(|w| is_year_str(w))
    {
        r.year = Some(y.to_string());
    }
    if let Some(p) = span(L::Publisher) {
        r.publisher = opt(tidy(p));
    }
    if let Some(p) = span(L::Place) {
        r.place = opt(tidy(p));
    }
    if r.place.is_none()
        && let Some((p, place)) = r.publisher.as_deref().and_then(publisher_city)
    {
        r.publisher = Some(p);
        r.place = Some(place);
    }
    for (s, l) in segs.iter().zip(&labels) {
        if *l == L::Note && s.edition && r.edition.is_none() {
            r.edition = opt(tidy(s.text));
        }
    }
    r.kind = classify(r, in_mode, body);
    let _ = EntryType::Misc;
}

/// `Tensor flow in thin films Phys. Rev. B`: a container that runs from a sentence (a
/// lower-case word among at least three) into an abbreviated journal name, two or more dotted
/// abbreviations with only capitalised words among them, holds the title before that name.
fn title_into_journal(c: &str) -> Option<(&str, &str)> {
    let ws: Vec<(usize, &str)> = c.match_indices(|ch: char| !ch.is_whitespace()).fold(Vec::new(), |mut v, (i, _)| {
        if i == 0 || c[..i].ends_with(char::is_whitespace) {
            let len = c[i..].find(char::is_whitespace).unwrap_or(c.len() - i);
            v.push((i, &c[i..i + len]));
        }
        v
    });
    let dotted = |w: &str| {
        w.contains('.')
            && w.chars().count() <= 14
            && w.chars().any(char::is_alphabetic)
            && w.split('.').filter(|p| !p.is_empty()).all(|p| p.starts_with(|ch: char| ch.is_uppercase()))
    };
    let capital = |w: &str| w.starts_with(|ch: char| ch.is_uppercase()) && w.chars().all(char::is_alphabetic);
    let mut k = ws.len();
    while k > 0 && (dotted(ws[k - 1].1) || capital(ws[k - 1].1)) {
        k -= 1;
    }
    while k < ws.len() && !dotted(ws[k].1) {
        k += 1;
    }
    let abbreviations = ws[k..].iter().filter(|w| dotted(w.1)).count();
    let head = &ws[..k];
    if abbreviations < 2 || head.len() < 3 || !head.iter().any(|w| w.1.starts_with(char::is_lowercase)) {
        return None;
    }
    Some((c[..ws[k].0].trim_end(), &c[ws[k].0..]))
}

/// Moves a volume written at the end of a container into `volume`: a roman numeral after a
/// volume word (`Econometrica, Vol. XV`, `Science, v. XXIII`) or a series letter glued to the
/// number of an abbreviated journal (`J. Opt. Soc. Am. A27`). A number already taken as the
/// volume then is the page.
fn container_volume(c: String, r: &mut Reference) -> String {
    static ROMAN_VOL: LazyLock<Regex> =
        LazyLock::new(|| crate::reference::build_regex(r"^(.*?\S),\s+(?:[Vv]ol\.?|[Vv]\.)\s*([IVXLC]{1,7})\.?$"));
    static SERIES_VOL: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"^(.*\S)\s+([A-E]\d{1,3})$"));
    if let Some(m) = ROMAN_VOL.captures(&c) {
        let head = m[1].trim_end_matches([',', '.', ' ']).to_string();
        if r.volume.is_none() && head.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            r.volume = Some(m[2].to_string());
            return head;
        }
        return c;
    }
    if let Some(m) = SERIES_VOL.captures(&c) {
        let head = m[1].to_string();
        // Only abbreviated journal names: a full title may end in a code (`... Society B39`).
        let abbreviated = head.split(' ').filter(|w| w.ends_with('.')).count() >= 2;
        if abbreviated && head.split(' ').count() >= 2 && (r.volume.is_none() || r.pages.is_none()) {
            if let Some(v) = r.volume.take() {
                r.pages = Some(v);
            }
            r.volume = Some(m[2].to_string());
            return head;
        }
    }
    c
}

/// `Springer Berlin`, `Prentice Hall PTR New Jersey`: a publisher followed by a known city or
/// state with no comma between; returns (publisher, place).
fn publisher_city(p: &str) -> Option<(String, String)> {
    let ws: Vec<&str> = p.split(' ').collect();
    for k in (1..=3).rev() {
        if ws.len() <= k {
            continue;
        }
        let tail = &ws[ws.len() - k..];
        let head = &ws[..ws.len() - k];
        let place = tail.join(" ");
        if place.chars().count() < 4
            || !tail.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            || place.contains(['.', ',', ':', '(', ')'])
        {
            continue;
        }
        // University names hold their city (`University of California San Francisco`).
        let institution = head.iter().any(|w| {
            let l = lower_word(w);
            l.starts_with("univ") || l.starts_with("institut") || l.starts_with("college") || l.starts_with("école")
        });
        let known = !institution && (word_class(&place.to_lowercase()) & W_PLACE != 0 || is_place_end(&place));
        let last_head = head.last().map(|w| lower_word(w)).unwrap_or_default();
        if known
            && !(word_class(&last_head) & W_FUNCTION != 0 || matches!(last_head.as_str(), "of" | "de" | "für" | "the"))
        {
            return Some((head.join(" ").trim_end_matches(',').to_string(), place));
        }
    }
    None
}

/// `Shell Shocks in France: 1914-1918. London: ...`, `Studies of Genesis 1 and Revelation 12.
/// Leiden: ...`: in an entry without a container, a number closing the first title's sentence
/// belongs to the title: a span of years after any mark, a bare number after one of its words.
fn numbers_closing_title(segs: &[Seg], labels: &mut [L]) {
    if labels.contains(&L::Container) {
        return;
    }
    let Some(first) = labels.iter().position(|l| *l == L::Title) else {
        return;
    };
    for k in first + 1..segs.len() {
        let s = &segs[k];
        if labels[k - 1] != L::Title {
            return;
        }
        if !matches!(labels[k], L::Volume | L::Issue | L::Pages) || s.pp_mark || s.vol_mark || s.no_mark {
            continue;
        }
        let next = segs.get(k + 1);
        let sentence_end = next.is_none_or(|n| matches!(n.before, Delim::Period | Delim::Quote));
        // A quoted title is closed; page spans in brackets may follow it (`‘Title’ (714-733)`).
        if segs[k - 1].quoted {
            return;
        }
        let years = year_span(s.text) && s.paren || date_span(s.text) && sentence_end;
        let glued =
            s.before == Delim::Space && matches!(s.num, Num::Small | Num::Year) && sentence_end && next.is_some();
        if years || glued {
            labels[k] = L::Title;
        }
    }
}

/// Local repairs of the decoded labels that the first-order decoder cannot see.
fn relabel(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    for k in 1..n {
        // `Proceedings of ... Systems (ASPLOS-VI)`: an acronym in brackets after a container.
        let s = &segs[k];
        if labels[k - 1] == L::Container
            && s.before == Delim::Open
            && s.paren
            && (1..=2).contains(&s.words)
            && s.caps == s.words
            && s.text.chars().filter(|c| c.is_uppercase()).count() >= 2
            && !s.ed_mark
            // `(New York: Norton, 1995)`: a place before a publisher, not an acronym.
            && !s.place_word
            && segs.get(k + 1).is_none_or(|n| n.before != Delim::Colon)
        {
            labels[k] = L::Container;
        }
    }
    for k in 1..n.saturating_sub(1) {
        // `Proceedings of the 1990 ACM Conference`: a number inside a run of words.
        let (p, q) = (labels[k - 1], labels[k + 1]);
        if segs[k].num != Num::None
            && segs[k].before == Delim::Space
            && segs[k + 1].before == Delim::Space
            && p == q
            && matches!(p, L::Title | L::Container | L::Publisher)
        {
            labels[k] = p;
        }
    }
    // `Title [Motion picture]`, `Title [DVD]`: a short bracketed description closes the title.
    for k in 1..n {
        let s = &segs[k];
        if labels[k] == L::Title
            && labels[k - 1] == L::Title
            && s.square
            && s.num == Num::None
            && (1..=3).contains(&s.words)
            && labels.get(k + 1).is_none_or(|l| *l != L::Title)
        {
            labels[k] = L::Note;
        }
    }
    // `Title (Unpublished doctoral dissertation).`, `Title (Policy Brief 2012-01)`: a bracketed
    // description closing the title.
    for k in 1..n {
        let s = &segs[k];
        let lt = s.text.to_lowercase();
        if labels[k] == L::Title
            && labels[k - 1] == L::Title
            && s.before == Delim::Open
            && s.paren
            && !s.square
            && labels.get(k + 1).is_none_or(|l| *l != L::Title)
            && (genre_head(s)
                || lt.starts_with("unpublished")
                || ["dissertation", "thesis"].iter().any(|w| lt.split(' ').any(|x| x == *w))
                || s.text.chars().any(|c| c.is_ascii_digit())
                    && ["report", "brief", "paper", "no.", "series"].iter().any(|w| lt.split(' ').any(|x| x == *w)))
        {
            labels[k] = L::Note;
        }
    }
    // A book: `Title. Subtitle. Place: Publisher` with no numbers and no `In`; the second
    // sentence is the rest of the title, not a container.
    let bookish = labels.iter().any(|l| matches!(l, L::Publisher | L::Place))
        && !labels.iter().any(|l| matches!(l, L::Volume | L::Issue | L::Pages | L::Editor))
        && !segs.iter().zip(labels.iter()).any(|(s, l)| s.in_mark || (s.journal && !matches!(l, L::Place)));
    if bookish && let Some(t) = labels.iter().rposition(|l| *l == L::Title) {
        let mut k = t + 1;
        while k < n && labels[k] == L::Container && segs[k].num == Num::None && !segs[k].quoted && !genre_head(&segs[k])
        {
            labels[k] = L::Title;
            k += 1;
        }
    }
    // `Easter Island, Earth Island. New York: Thames`: a comma part after a title, closed by
    // the place or publisher of a book, is the rest of the title.
    if !segs.iter().any(|s| s.in_mark)
        && !labels.iter().any(|l| matches!(l, L::Volume | L::Issue | L::Pages | L::Editor))
    {
        for k in 1..n {
            if labels[k] != L::Container || labels[k - 1] != L::Title || segs[k].before != Delim::Comma {
                continue;
            }
            let mut e = k;
            while e < n && labels[e] == L::Container && segs[e].num == Num::None && !segs[e].quoted {
                e += 1;
            }
            if e < n && e > k && matches!(labels[e], L::Place | L::Publisher) && segs[e].before == Delim::Period {
                labels[k..e].fill(L::Title);
            }
            break;
        }
    }
    // `In Proceedings IEEE System, Man, and Cybernetics Conf`: a comma list closed by `and`
    // inside a container stays in it.
    for k in 2..n {
        let t = segs[k].text;
        if segs[k].before != Delim::Comma
            || !(t.starts_with("and ") || t.starts_with("& "))
            || !t.split(' ').nth(1).is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        {
            continue;
        }
        let mut j = k - 1;
        while j > 0
            && segs[j].before == Delim::Comma
            && segs[j].num == Num::None
            && segs[j].words <= 3
            && segs[j].caps == segs[j].words
        {
            j -= 1;
        }
        let l = labels[j];
        if l == L::Container && segs[j + 1..=k].iter().all(|s| s.num == Num::None && !s.ed_mark) {
            labels[j..=k].fill(l);
        }
    }
    // `Pouvoirs, 1979, n°9`, `Crafts no. 211`: a journal numbered by issue only.
    if !labels.contains(&L::Volume) {
        let issues: Vec<usize> = (0..n).filter(|&k| labels[k] == L::Issue).collect();
        if let [k] = issues[..]
            && segs[k].no_mark
            && !segs[k].paren
            && k > 0
            && labels[..k].contains(&L::Container)
        {
            labels[k] = L::Volume;
        }
    }
    container_tail(segs, labels);
    book_publisher(segs, labels);
    comma_imprint(segs, labels);
    genre_institution(segs, labels);
    // `New York: Longmans, Green, and Co., 1912`: names after the publisher up to the date are
    // more publishers.
    for k in 1..n {
        if labels[k] == L::Publisher && labels[k - 1] == L::Place && segs[k].before == Delim::Colon {
            let mut j = k + 1;
            while j < n
                && segs[j].before == Delim::Comma
                && segs[j].num == Num::None
                && (1..=4).contains(&segs[j].words)
                && segs[j].text.split(' ').find(|w| !matches!(*w, "and" | "&")).is_some_and(|w| {
                    w.chars().next().is_some_and(|c| c.is_uppercase()) || w.eq_ignore_ascii_case("co.")
                })
                && !segs[j].place_word
                && !is_place_end(segs[j].text.trim_end_matches('.'))
                && !segs[j].month
                && !segs[j].pp_mark
                && !segs[j].edition
                && !segs[j].text.bytes().any(|c| c.is_ascii_digit())
                && segs.get(j + 1).is_none_or(|s| s.num != Num::None || s.before == Delim::Comma)
            {
                j += 1;
            }
            if j > k + 1 && (j == n || segs[j].num != Num::None) {
                labels[k + 1..j].fill(L::Publisher);
            }
            break;
        }
    }
    in_container_commas(segs, labels);
    for k in 0..n {
        if labels[k] != L::Place {
            continue;
        }
        // `Providence, RI`: a state or country after a place belongs to it.
        if let Some(nx) = segs.get(k + 1)
            && nx.before == Delim::Comma
            && labels[k + 1] != L::Place
            && nx.num == Num::None
            && is_place_end(nx.text.trim_end_matches('.'))
        {
            labels[k + 1] = L::Place;
        }
        // `Murray Hill, NJ`: a short capitalised name before a state code is the city.
        if k > 0
            && segs[k].before == Delim::Comma
            && labels[k - 1] != L::Place
            && is_place_end(segs[k].text.trim_end_matches('.'))
        {
            let pv = &segs[k - 1];
            // `The Everyday Writing Center. Logan, UT: Press`: a new sentence after the title.
            let after_title = labels[k - 1] == L::Title
                && pv.before == Delim::Period
                && k >= 2
                && labels[k - 2] == L::Title
                && segs.get(k + 1).is_none_or(|n| matches!(n.before, Delim::Colon | Delim::Comma));
            if pv.num == Num::None
                // `Marcel Dekker, New York`: a city name, not a state after a city.
                && !(segs[k].place_word && segs[k].words >= 2 && !pv.place_word)
                && (1..=3).contains(&pv.words)
                && pv.caps == pv.words
                && !pv.pub_word
                && (!pv.journal || pv.text.split(' ').all(|w| !w.ends_with('.')))
                && !pv.quoted
                && !pv.in_mark
                && (matches!(labels[k - 1], L::Publisher | L::Note | L::Container) || after_title)
                && (k < 2
                    || labels[k - 2] != labels[k - 1]
                    || after_title
                    // `Society of Automotive Engineers, Warrendale, PA`: the publisher stays.
                    || labels[k - 1] == L::Publisher && segs[k - 2].pub_word && segs[k - 1].before == Delim::Comma)
            {
                labels[k - 1] = L::Place;
            }
        }
    }
}

/// Extends a container over what belongs to its name: `In A (Eds.), Book. Subtitle. Place:
/// Publisher` (a sentence between an edited container and the place) and `In Advances in
/// Neural Information Processing Systems 6. Publisher` (a bare number closing a book container).
fn container_tail(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    // `In A, B, and C (Eds.), Handbook: Theory. London: Sage`: what follows the editors is the
    // container when a place and publisher come after it anyway.
    for k in 1..n {
        if labels[k - 1] == L::Editor && labels[k] == L::Place && segs[k].num == Num::None && !segs[k].place_word {
            let mut j = k + 1;
            while j < n && labels[j] == L::Publisher && segs[j].num == Num::None && !segs[j].pub_word {
                j += 1;
            }
            if j > k + 1 && j < n && labels[j] == L::Place && labels[j + 1..].contains(&L::Publisher) {
                labels[k..j].fill(L::Container);
            }
        }
    }
    let mut k = 1;
    while k < n {
        if labels[k] != L::Container || labels[k - 1] == L::Container {
            k += 1;
            continue;
        }
        let start = k;
        let edited = labels[k - 1] == L::Editor;
        let in_mark = segs[k].in_mark;
        while k < n && labels[k] == L::Container {
            k += 1;
        }
        // A subtitle sentence after an edited container, up to the place; `Breakthroughs in
        // statistics volume 1. Foundations and basic theory. New York`: also after the volume of
        // the book it names.
        let book_volume = edited
            && k + 1 < n
            && labels[k] == L::Volume
            && segs[k].vol_mark
            && segs[k].before == Delim::Space
            && segs[k + 1].before == Delim::Space
            && segs[k].text.ends_with('.');
        if edited && k < n && (segs[k].before == Delim::Period || book_volume) {
            let first = if book_volume { k + 1 } else { k };
            let mut j = first;
            while j < n
                && matches!(labels[j], L::Publisher | L::Note | L::Container)
                && segs[j].num == Num::None
                && (!segs[j].pub_word || segs[j].lower_start)
                && !segs[j].place_word
                && !segs[j].ed_mark
                && !segs[j].pp_mark
                && !segs[j].vol_mark
                && !segs[j].edition
                && (j == first || matches!(segs[j].before, Delim::Comma | Delim::Period))
            {
                j += 1;
            }
            if j > first && j < n && labels[j] == L::Place {
                labels[k..j].fill(L::Container);
                k = j;
                continue;
            }
        }
        // A bare number closing a book container, with no pages or issue after it.
        if (edited || segs[start].in_mark || in_mark)
            && k < n
            && labels[k] == L::Volume
            && segs[k].num == Num::Small
            && !segs[k].vol_mark
            && matches!(segs[k].before, Delim::Space | Delim::Comma)
            // `CCSL 29`, `LNCS 649`: a series abbreviation with its volume number.
            && segs[k - 1].words >= 3
            && labels[k + 1..].iter().all(|l| matches!(l, L::Publisher | L::Place | L::Year | L::Note))
            && segs.get(k + 1).is_none_or(|s| s.before == Delim::Period)
        {
            labels[k] = L::Container;
        }
    }
}

/// `Title. Morgan Kaufmann.`, `Title. Praeger, 2005.`: a short capitalised name closing an
/// entry with no numbers, editors or `In` is the publisher of a book, not a container.
fn book_publisher(segs: &[Seg], labels: &mut [L]) {
    if labels.iter().any(|l| matches!(l, L::Volume | L::Issue | L::Pages | L::Editor | L::Publisher))
        || segs.iter().any(|s| s.in_mark)
    {
        return;
    }
    let Some(k) = labels.iter().position(|l| *l == L::Container) else {
        return;
    };
    let s = &segs[k];
    let run_end = labels[k..].iter().position(|l| *l != L::Container).map_or(labels.len(), |e| k + e);
    if run_end != k + 1
        || k == 0
        || labels[k - 1] != L::Title
        || s.before != Delim::Period
        || s.num != Num::None
        || s.quoted
        || s.paren
        || !(1..=4).contains(&s.words)
        || s.caps != s.words
        || s.journal && !s.pub_word
        || s.month
        || s.note_word && !s.pub_word
        || !labels[k + 1..]
            .iter()
            .zip(&segs[k + 1..])
            .all(|(l, s)| matches!(l, L::Year | L::Place) || *l == L::Note && s.edition)
    {
        return;
    }
    // `“Title.” Voluntas. 2011`, `Title. ArXiv.`: a quoted title marks an article, and
    // preprint or data repositories are containers; a name without a publisher word must end
    // the entry.
    let lt = s.text.to_lowercase();
    if ["arxiv", "rxiv", "repository", "preprint"].iter().any(|w| lt.contains(w))
        || segs.iter().any(|s| s.quoted)
        || !s.pub_word && k + 1 != segs.len()
    {
        return;
    }
    labels[k] = L::Publisher;
}

/// `in Literary Criticism: Essays on Literature, American Writers (New York: ...)`, `In Myth,
/// Rulership, Church and Charters, ed. Julia Barrow`: a book title after `In` runs over its
/// commas up to the bracketed imprint or the editors.
fn in_container_commas(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    let Some(a) = (0..n).find(|&k| segs[k].in_mark && labels[k] == L::Container) else {
        return;
    };
    let mut e = a + 1;
    while e < n && labels[e] == L::Container {
        e += 1;
    }
    let mut j = e;
    while j < n
        && (segs[j].before == Delim::Comma || j > e && segs[j].before == Delim::Colon)
        && (segs[j].num == Num::None || year_span(segs[j].text))
        && !segs[j].ed_mark
        && !segs[j].place_word
        && !segs[j].pub_word
        && !segs[j].pp_mark
        && !segs[j].vol_mark
        && !segs[j].no_mark
        && !segs[j].quoted
        && !segs[j].paren
        && !segs[j].month
        && !segs[j].edition
        && !translator(&segs[j])
    {
        j += 1;
    }
    if j > e && j < n && (segs[j].before == Delim::Open || segs[j].ed_mark && segs[j].before == Delim::Comma) {
        labels[e..j].fill(L::Container);
    }
}

/// `Ph.D. dissertation, TU Delft, 2004`, `Technical report, NHTSA, July 2007`: the names after
/// a thesis or report statement are the institution that issued it.
fn genre_institution(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    let Some(g) = (1..n).find(|&k| genre_head(&segs[k]) && !segs[k].edition && matches!(labels[k], L::Note | L::Title))
    else {
        return;
    };
    if segs.iter().any(|s| s.in_mark) {
        return;
    }
    // `PhD thesis, Department of Computer Science, University of Waterloo`: every part up to
    // the place or the date.
    let mut k = g + 1;
    while k < n
        && matches!(labels[k], L::Container | L::Note | L::Title | L::Publisher)
        && segs[k].before == Delim::Comma
        && segs[k].num == Num::None
        && !segs[k].place_word
        && !segs[k].month
        && !segs[k].quoted
        && segs[k].text.chars().next().is_some_and(|c| c.is_uppercase())
    {
        labels[k] = L::Publisher;
        k += 1;
    }
}

/// `Titre, Paris, Gallimard, 2001` and `Title, Edilig, Paris, 1988`: a known city and a short
/// name between commas, with only numbers after them, are the place and publisher of a book.
fn comma_imprint(segs: &[Seg], labels: &mut [L]) {
    let n = segs.len();
    let name = |s: &Seg| {
        s.num == Num::None
            && s.before == Delim::Comma
            && (1..=4).contains(&s.words)
            && s.text.chars().next().is_some_and(|c| c.is_uppercase())
            && !s.quoted
            && !s.paren
            && !s.ed_mark
            && !s.pp_mark
            && !s.vol_mark
            && !s.in_mark
            && !s.month
            && !s.edition
            && !s.note_word
    };
    let tail = |from: usize| segs[from..].iter().all(|s| s.num != Num::None || s.pp_mark || s.paren);
    // `Trans. D. W. Robertson, Jr. Indianapolis, 1958.`: a known city alone before the date.
    for k in 1..n {
        let s = &segs[k];
        if s.place_word
            && s.num == Num::None
            && (1..=3).contains(&s.words)
            && s.caps == s.words
            && matches!(s.before, Delim::Comma | Delim::Period)
            && !s.quoted
            && !s.paren
            && !labels.contains(&L::Place)
            && labels[..k].contains(&L::Title)
            && segs[k + 1..].iter().all(|s| s.num != Num::None)
            && segs[k + 1..].iter().any(|s| s.num == Num::Year)
        {
            labels[k] = L::Place;
            return;
        }
    }
    for k in 2..n {
        let s = &segs[k];
        if !s.place_word || !name(s) || s.words > 3 || s.caps != s.words {
            continue;
        }
        if !matches!(labels[k - 1], L::Title | L::Container) {
            continue;
        }
        // City, then the publisher.
        if k + 1 < n && name(&segs[k + 1]) && !segs[k + 1].place_word && tail(k + 2) {
            labels[k] = L::Place;
            labels[k + 1] = L::Publisher;
            return;
        }
        // Publisher, then the city.
        let pv = &segs[k - 1];
        if labels[k - 2] == L::Title && name(pv) && !pv.place_word && pv.caps == pv.words && tail(k + 1) {
            labels[k - 1] = L::Publisher;
            labels[k] = L::Place;
            return;
        }
    }
}

fn strip_in(s: &str) -> &str {
    let t = s.trim_start();
    for p in ["In: ", "in: ", "In:", "IN: ", "In ", "in ", "IN "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim_start();
        }
    }
    t
}

fn strip_marker(s: &str) -> &str {
    let t = s.trim();
    // `n°12`, `Nº 3`.
    for p in ["n°", "N°", "nº", "Nº"] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim_start_matches(['.', ' ']);
        }
    }
    let first = t.split(' ').next().unwrap_or("");
    let lw = first.trim_end_matches('.').to_lowercase();
    if lw.chars().all(|c| c.is_alphabetic()) && !lw.is_empty() && t.len() > first.len() {
        return t[first.len()..].trim();
    }
    if let Some(p) = t.find(|c: char| c.is_ascii_digit())
        && p > 0
        && t[..p].trim_end().ends_with('.')
    {
        return &t[p..];
    }
    t
}
