//! Deterministic synthetic inputs for the benchmarks.
//!
//! Everything here is generated from a fixed-seed PRNG and a small vocabulary written for
//! this file: no third-party text. The documents look like OCR'd or PDF-extracted papers:
//! wrapped lines, words hyphenated across line ends, numbered/Markdown/plain headings,
//! author-year citations of every form the extractor knows, footnote markers in the text
//! with their bodies at the bottom of the page, page numbers, form feeds and runs of blank
//! lines as page breaks, and a reference list at the end.

#![allow(dead_code)]

use std::fmt::Write as _;

/// SplitMix64: tiny, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// True with probability `p` percent.
    pub fn pct(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary (written for this benchmark).

const DET: &[&str] = &["the", "this", "a", "each", "every", "such a", "one", "that"];
const ADJ: &[&str] = &[
    "regional",
    "significant",
    "technical",
    "legal",
    "robust",
    "formal",
    "informal",
    "national",
    "digital",
    "public",
    "private",
    "strategic",
    "persistent",
    "measurable",
    "ambiguous",
    "critical",
    "modest",
    "broad",
    "narrow",
    "international",
    "systematic",
    "comparative",
    "marginal",
    "structural",
    "random",
    "stable",
    "novel",
    "common",
];
const NOUN: &[&str] = &[
    "network",
    "policy",
    "framework",
    "agreement",
    "community",
    "protocol",
    "analysis",
    "sample",
    "population",
    "mechanism",
    "treaty",
    "standard",
    "process",
    "outcome",
    "estimate",
    "model",
    "approach",
    "institution",
    "market",
    "region",
    "signal",
    "measure",
    "response",
    "decision",
    "system",
    "effect",
    "pattern",
    "resource",
    "strategy",
    "government",
    "organization",
    "infrastructure",
    "interpretation",
    "distribution",
    "cooperation",
    "experiment",
];
const VERB: &[&str] = &[
    "affects",
    "supports",
    "reduces",
    "shapes",
    "constrains",
    "predicts",
    "explains",
    "undermines",
    "reflects",
    "requires",
    "improves",
    "limits",
    "determines",
    "extends",
    "replaces",
    "complements",
    "challenges",
    "enables",
];
const ADV: &[&str] =
    &["often", "rarely", "consistently", "clearly", "partly", "largely", "substantially", "indirectly", "arguably"];
const PREP: &[&str] = &["of", "in", "for", "across", "within", "between", "under", "through", "against", "beyond"];
const OPENERS: &[&str] = &[
    "However,",
    "In particular,",
    "Moreover,",
    "By contrast,",
    "As a result,",
    "In practice,",
    "Nevertheless,",
    "For example,",
    "Indeed,",
    "Thus,",
    "Similarly,",
    "In 2012,",
];
const SURNAMES: &[&str] = &[
    "Smith",
    "Okafor",
    "Nakamura",
    "Müller",
    "Lindqvist",
    "Fernández",
    "Kowalski",
    "Haddad",
    "Nguyen",
    "Petrov",
    "Brennan",
    "Achebe",
    "Moreau",
    "Tanaka",
    "Oyelaran",
    "Castillo",
    "Hughes",
    "Novak",
    "Rahman",
    "Svensson",
    "van der Berg",
    "de Souza",
    "O'Connell",
    "McAllister",
    "Dubois",
    "Kim",
    "Li",
    "Wang",
    "Schreiber",
    "Haas",
    "Jablonsky",
    "Whitfield",
    "Abara",
    "Eriksen",
    "Gallagher",
    "Ivanova",
    "Jansen",
    "Kaur",
    "Lefebvre",
    "Mendes",
    "Nilsen",
    "Ortega",
    "Patel",
    "Quinn",
    "Rossi",
    "Sato",
    "Thornton",
    "Urquhart",
    "Vasquez",
    "Weber",
    "Yilmaz",
    "Zhou",
    "von Humboldt",
    "Al-Farsi",
    "Da Silva",
    "Le Roux",
    "St. Clair",
    "Ó Briain",
    "Çelik",
    "Łukasiewicz",
];
const CORPORATE: &[&str] = &[
    "World Health Organization",
    "United States of America",
    "High Commissioner for Human Rights",
    "Internet Architecture Board",
    "European Commission",
    "Seoul Conference",
    "French Senate",
    "OECD",
    "WGIG",
    "Tribune de Genéve",
];
const GIVEN: &[&str] =
    &["A.", "B.", "C.", "D.", "E. M.", "F.", "G.", "H. J.", "J.", "K.", "L.", "M.", "N. P.", "R.", "S.", "T.", "W."];
const GIVEN_FULL: &[&str] = &[
    "Anna", "Bjorn", "Chidi", "Daniela", "Emre", "Fatima", "Goran", "Hiroshi", "Ines", "Jonas", "Keiko", "Luis",
    "Maren", "Nadia", "Omar", "Priya", "Ragnar", "Sofia", "Tomasz", "Uma",
];
const JOURNALS: &[&str] = &[
    "Journal of Network Policy",
    "Telecommunications Review",
    "International Studies Quarterly",
    "Annals of Applied Measurement",
    "Review of Regional Institutions",
    "Computational Governance",
    "Ecology Letters",
    "Journal of Comparative Law",
];
const PUBLISHERS: &[(&str, &str)] = &[
    ("Northgate Press", "Cambridge, MA"),
    ("Harbour Academic", "London"),
    ("Lindenfeld Verlag", "Berlin"),
    ("Meridian University Press", "Oxford"),
    ("Westbrook", "New York"),
    ("Éditions du Lac", "Genève"),
];
const HEADINGS: &[&str] = &[
    "INTRODUCTION",
    "BACKGROUND",
    "Related Work",
    "Methods and Data",
    "RESULTS",
    "Discussion of the Findings",
    "Policy Implications",
    "DiscUsSIONS AT THE CONFERENCE",
    "Limitations",
    "Preparations for the Treaty",
];

// ---------------------------------------------------------------------------------------
// Works: the pool of cited sources shared by the text and the reference list.

#[derive(Clone)]
pub struct Work {
    /// Family names (or one corporate name).
    pub authors: Vec<String>,
    pub corporate: bool,
    /// `2013`, `2013b`, `n.d.`, `in press`, `forthcoming`.
    pub year: String,
}

const ONSET: &[&str] = &[
    "B", "D", "F", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "V", "W", "Z", "Br", "Ch", "Kr", "St", "Th", "Tr",
];
const NUCLEUS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ei", "ou", "ä", "ö", "é"];
const CODA: &[&str] = &["n", "r", "l", "s", "k", "m", "nd", "rt", "st", "vic", "ssen", "berg", "ton", "ley", "man"];

/// A family name: mostly synthetic (about 60,000 possible, so distinct works rarely share
/// name and year, as in a real reference list), sometimes one of [`SURNAMES`] (particles,
/// apostrophes, diacritics, hyphens).
pub fn surname(rng: &mut Rng) -> String {
    if rng.pct(25) {
        return rng.pick(SURNAMES).to_string();
    }
    let mut s = String::new();
    s.push_str(rng.pick(ONSET));
    s.push_str(rng.pick(NUCLEUS));
    if rng.pct(60) {
        s.push_str(&rng.pick(ONSET).to_lowercase());
        s.push_str(rng.pick(NUCLEUS));
    }
    s.push_str(rng.pick(CODA));
    s
}

/// Makes `n` distinct-ish works; some share author and year so suffixes appear.
pub fn make_works(rng: &mut Rng, n: usize) -> Vec<Work> {
    let mut works: Vec<Work> = Vec::with_capacity(n);
    while works.len() < n {
        let corporate = rng.pct(8);
        let authors: Vec<String> = if corporate {
            vec![rng.pick(CORPORATE).to_string()]
        } else {
            let k = match rng.below(10) {
                0..=3 => 1,
                4..=6 => 2,
                7..=8 => 3,
                _ => 4 + rng.below(4),
            };
            (0..k).map(|_| surname(rng)).collect()
        };
        let year = match rng.below(50) {
            0 => "n.d.".to_string(),
            1 => "in press".to_string(),
            2 => "forthcoming".to_string(),
            _ => (1950 + rng.below(75)).to_string(),
        };
        let base = Work { authors, corporate, year };
        works.push(base.clone());
        // Same authors, same year: a/b suffixes.
        if rng.pct(10) && base.year.len() == 4 && works.len() + 1 < n {
            let last = works.len() - 1;
            works[last].year.push('a');
            works.push(Work { year: format!("{}b", base.year), ..base });
        }
    }
    works.truncate(n);
    works
}

fn first_author(w: &Work) -> &str {
    &w.authors[0]
}

/// Author part of an in-text citation: `Smith`, `Smith and Jones`, `Smith & Jones`, `Smith et al.`,
/// `Smith, Jones, and Lee`.
fn cite_authors(rng: &mut Rng, w: &Work) -> String {
    match w.authors.len() {
        1 => w.authors[0].clone(),
        2 => {
            let amp = if rng.pct(25) { "&" } else { "and" };
            format!("{} {} {}", w.authors[0], amp, w.authors[1])
        }
        3 if rng.pct(30) => format!("{}, {}, and {}", w.authors[0], w.authors[1], w.authors[2]),
        _ => format!("{} et al.", first_author(w)),
    }
}

fn locator(rng: &mut Rng) -> String {
    let a = 1 + rng.below(400);
    match rng.below(9) {
        0 => format!("p. {a}"),
        1 => format!("pp. {a}-{}", a + 1 + rng.below(30)),
        2 => format!("pp. {a} and {}", a + 2 + rng.below(9)),
        3 => format!("para. {}", 1 + rng.below(40)),
        4 => format!("chap. {}", 1 + rng.below(12)),
        5 => format!("§ {}", 1 + rng.below(90)),
        6 => format!("footnote {}", 1 + rng.below(60)),
        7 => format!("p.{a}"),
        _ => format!("pp. {a}–{}", a + 3),
    }
}

/// One parenthetical item inside `( ... )`.
fn paren_item(rng: &mut Rng, works: &[Work]) -> String {
    let w = &works[rng.below(works.len())];
    let mut s = String::new();
    if rng.pct(12) {
        s.push_str(rng.pick(&["see ", "e.g., ", "cf. ", "see also ", "e.g. "]));
    }
    s.push_str(&cite_authors(rng, w));
    if rng.pct(15) {
        s.push(' ');
    } else {
        s.push_str(", ");
    }
    s.push_str(&w.year);
    // A year list for the same authors: `2013a, 2013b`.
    if w.year.ends_with('a') && rng.pct(50) {
        let _ = write!(s, ", {}b", &w.year[..w.year.len() - 1]);
    }
    if rng.pct(25) {
        s.push_str(", ");
        s.push_str(&locator(rng));
    }
    s
}

/// A citation in running text (with its brackets, for the parenthetical form).
pub fn citation(rng: &mut Rng, works: &[Work]) -> String {
    if rng.pct(1) {
        // No year: kept with a diagnostic.
        let w = &works[rng.below(works.len())];
        return format!("({}, p. {})", first_author(w), 1 + rng.below(200));
    }
    match rng.below(20) {
        // Narrative: `Smith (2001)`, `Smith et al. (2010, p. 4)`, `Smith (2001, 2003a)`.
        0..=6 => {
            let w = &works[rng.below(works.len())];
            let mut s = format!("{} ({}", cite_authors(rng, w), w.year);
            if w.year.ends_with('a') && rng.pct(50) {
                let _ = write!(s, ", {}b", &w.year[..w.year.len() - 1]);
            } else if rng.pct(25) {
                s.push_str(", ");
                s.push_str(&locator(rng));
            }
            s.push(')');
            s
        }
        // as cited in
        7 => {
            let a = &works[rng.below(works.len())];
            let b = &works[rng.below(works.len())];
            format!("({}, {}, as cited in {}, {})", first_author(a), a.year, cite_authors(rng, b), b.year)
        }
        // Group of several, separated by `;`, sometimes with continuation text.
        8..=11 => {
            let k = 2 + rng.below(4);
            let items: Vec<String> = (0..k).map(|_| paren_item(rng, works)).collect();
            let mut s = format!("({}", items.join("; "));
            if rng.pct(5) {
                s.push_str("; and 59 and 63, respectively");
            }
            s.push(')');
            s
        }
        _ => format!("({})", paren_item(rng, works)),
    }
}

/// Parentheticals that are not citations.
fn non_citation(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "(WCIT-12)".into(),
        1 => "(ITRs)".into(),
        2 => format!("in {}", 1950 + rng.below(70)),
        3 => format!("[{} versus {}]", 1980 + rng.below(20), 2000 + rng.below(20)),
        4 => format!("December {}", 1990 + rng.below(30)),
        5 => format!("(Figure {}A)", 1 + rng.below(9)),
        6 => format!("(n = {})", 100 + rng.below(3000)),
        _ => "HiSeq 2000".into(),
    }
}

fn clause(rng: &mut Rng, out: &mut String) {
    let _ = write!(
        out,
        "{} {} {} {} {} {} {} {}",
        rng.pick(DET),
        rng.pick(ADJ),
        rng.pick(NOUN),
        rng.pick(VERB),
        rng.pick(DET),
        rng.pick(NOUN),
        rng.pick(PREP),
        rng.pick(NOUN)
    );
}

fn capitalize(s: &mut str) {
    if let Some(f) = s.get_mut(0..1) {
        f.make_ascii_uppercase();
    }
}

/// One sentence; `footnote` receives the footnote number placed at its end, if any.
fn sentence(rng: &mut Rng, works: &[Work], next_footnote: &mut u32, placed: &mut Vec<u32>) -> String {
    let mut s = String::new();
    if rng.pct(20) {
        s.push_str(rng.pick(OPENERS));
        s.push(' ');
    }
    let start = s.len();
    clause(rng, &mut s);
    if s[start..].starts_with(|c: char| c.is_ascii_lowercase()) && start == 0 {
        capitalize(&mut s);
    }
    if rng.pct(30) {
        let _ = write!(s, " {} {}", rng.pick(ADV), rng.pick(VERB));
        let _ = write!(s, " {} {}", rng.pick(ADJ), rng.pick(NOUN));
    }
    if rng.pct(8) {
        s.push(' ');
        s.push_str(&non_citation(rng));
    }
    if rng.pct(12) {
        let _ = write!(s, ", as shown in Fig. {} and Table {}", 1 + rng.below(8), 1 + rng.below(5));
    }
    if rng.pct(6) {
        s.push_str(", e.g. in the U.S. and the EU, i.e. in 3.5 per cent of cases");
    }
    // Narrative citations usually open the sentence; parenthetical ones close it.
    if rng.pct(45) {
        let c = citation(rng, works);
        if c.starts_with('(') {
            s.push(' ');
            s.push_str(&c);
        } else {
            let mut t = format!("As {c} argues, ");
            if let Some(f) = s.get_mut(0..1) {
                f.make_ascii_lowercase();
            }
            t.push_str(&s);
            s = t;
        }
    }
    if rng.pct(4) {
        s.push_str(", “as the report puts it”");
    }
    s.push(if rng.pct(3) { '?' } else { '.' });
    if rng.pct(6) {
        // Footnote marker glued to the period.
        let n = *next_footnote;
        *next_footnote += 1;
        placed.push(n);
        // A sentinel the page writer strips: it records on which page the marker lands.
        let _ = write!(s, "\x01{n}\x02");
        if rng.pct(30) {
            for d in n.to_string().chars() {
                s.push(['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][d as usize - '0' as usize]);
            }
        } else {
            let _ = write!(s, "{n}");
        }
    }
    s
}

fn paragraph(rng: &mut Rng, works: &[Work], next_footnote: &mut u32, placed: &mut Vec<u32>) -> String {
    let k = 3 + rng.below(6);
    let mut p = String::new();
    for i in 0..k {
        if i > 0 {
            p.push(' ');
        }
        p.push_str(&sentence(rng, works, next_footnote, placed));
    }
    p
}

fn footnote_body(rng: &mut Rng, works: &[Work], n: u32) -> String {
    let mut s = format!("{n} ");
    let k = 1 + rng.below(3);
    let mut dummy_n = 0;
    let mut dummy = Vec::new();
    for i in 0..k {
        if i > 0 {
            s.push(' ');
        }
        if i == 0 && rng.pct(40) {
            s.push_str("See ");
            let c = citation(rng, works);
            match c.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
                Some(inner) => s.push_str(inner),
                None => s.push_str(&c),
            }
            s.push('.');
        } else {
            let mut t = sentence(rng, works, &mut dummy_n, &mut dummy);
            // No markers inside footnotes.
            if let Some(a) = t.find('\x01') {
                t.truncate(a);
            }
            s.push_str(&t);
        }
    }
    s
}

/// Wraps `text` at about `width` columns; sometimes hyphenates a long word across the line end.
fn wrap(rng: &mut Rng, text: &str, width: usize, indent: &str, out: &mut Vec<String>) {
    let mut line = String::new();
    for word in text.split(' ') {
        let wlen = word.chars().count();
        let cur = line.chars().count();
        if cur > 0 && cur + 1 + wlen > width {
            if wlen >= 9 && word.is_ascii() && word.bytes().all(|b| b.is_ascii_lowercase()) && rng.pct(25) {
                let cut = wlen / 2;
                let _ = write!(line, " {}-", &word[..cut]);
                out.push(std::mem::take(&mut line));
                line.push_str(indent);
                line.push_str(&word[cut..]);
                continue;
            }
            out.push(std::mem::take(&mut line));
            line.push_str(indent);
        } else if cur > 0 {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        out.push(line);
    }
}

// ---------------------------------------------------------------------------------------
// Reference strings in several styles.

fn initials(rng: &mut Rng) -> &'static str {
    rng.pick(GIVEN)
}

fn title(rng: &mut Rng) -> String {
    let mut t = format!("{} {} {} {} {}", rng.pick(ADJ), rng.pick(NOUN), rng.pick(PREP), rng.pick(ADJ), rng.pick(NOUN));
    capitalize(&mut t);
    if rng.pct(30) {
        let _ = write!(t, ": {} {} and {}", rng.pick(ADJ), rng.pick(NOUN), rng.pick(NOUN));
    }
    t
}

/// A reference string for `w` in one of several styles (APA, Harvard, Chicago author-date,
/// eLife/Vancouver-like, MLA) and types (article, book, chapter, report, web page).
pub fn reference(rng: &mut Rng, w: &Work) -> String {
    let style = rng.below(5);
    let kind = rng.below(5);
    let names: Vec<String> = if w.corporate {
        vec![w.authors[0].clone()]
    } else {
        w.authors
            .iter()
            .enumerate()
            .map(|(i, a)| match style {
                0 | 1 => format!("{a}, {}", initials(rng)),
                2 => {
                    if i == 0 {
                        format!("{a}, {}", rng.pick(GIVEN_FULL))
                    } else {
                        format!("{} {a}", rng.pick(GIVEN_FULL))
                    }
                }
                3 => format!("{a} {}", initials(rng).replace(['.', ' '], "")),
                _ => format!("{a}, {}", rng.pick(GIVEN_FULL)),
            })
            .collect()
    };
    let authors = match (style, names.len()) {
        (_, 1) => names[0].clone(),
        (0, _) => format!("{}, & {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
        (3, _) => names.join(", "),
        (4, n) if n > 2 => format!("{}, et al", names[0]),
        _ => format!("{} and {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
    };
    let t = title(rng);
    let j = rng.pick(JOURNALS);
    let vol = 1 + rng.below(80);
    let iss = 1 + rng.below(12);
    let p1 = 1 + rng.below(900);
    let p2 = p1 + 3 + rng.below(40);
    let (publ, place) = rng.pick(PUBLISHERS);
    let doi = format!("10.{}/{}.{}", 1000 + rng.below(9000), rng.pick(NOUN), rng.below(100_000));
    let y = &w.year;
    let body = match kind {
        0 => match style {
            0 => format!("({y}). {t}. {j}, {vol}({iss}), {p1}–{p2}. https://doi.org/{doi}"),
            1 => format!("{y}. {t}. {j}, {vol}({iss}), pp. {p1}-{p2}."),
            2 => format!("{y}. “{t}.” {j} {vol} ({iss}): {p1}–{p2}. doi:{doi}."),
            3 => format!("{y}. {t}. {j} {vol}:{p1}–{p2}. doi: {doi}"),
            _ => format!("“{t}.” {j}, vol. {vol}, no. {iss}, {y}, pp. {p1}-{p2}."),
        },
        1 => match style {
            0 => format!("({y}). {t} ({}nd ed.). {publ}.", 2 + rng.below(3)),
            2 => format!("{y}. {t}. {place}: {publ}."),
            4 => format!("{t}. {publ}, {y}."),
            _ => format!("{y}. {t}. {place}: {publ}."),
        },
        2 => {
            let ed = format!("{} {}", rng.pick(GIVEN), surname(rng));
            format!("({y}). {t}. In {ed} (Ed.), {} (pp. {p1}–{p2}). {publ}.", title(rng))
        }
        3 => format!(
            "({y}). {t} (Report No. {}). {}. Retrieved from https://www.example.org/reports/{}",
            rng.below(999),
            rng.pick(CORPORATE),
            rng.below(100_000)
        ),
        _ => format!(
            "({y}). {t}. Retrieved {} {}, {} from http://www.example.net/{}/{}.html",
            ["March", "June", "October"][rng.below(3)],
            1 + rng.below(28),
            2010 + rng.below(14),
            rng.pick(NOUN),
            rng.below(10_000)
        ),
    };
    let sep = if body.starts_with('(') || body.starts_with('“') { " " } else { ". " };
    let authors = authors.trim_end_matches('.');
    format!("{authors}{sep}{body}")
}

/// `n` reference strings, cycling through styles.
pub fn reference_strings(seed: u64, n: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let works = make_works(&mut rng, n.clamp(1, 5000));
    (0..n).map(|i| reference(&mut rng, &works[i % works.len()])).collect()
}

// ---------------------------------------------------------------------------------------
// Whole documents.

/// A document of about `target` bytes (running text with footnotes and page breaks, then a
/// reference list of about one entry per 2 KB of text, as in a typical article).
pub fn document(seed: u64, target: usize) -> String {
    let mut rng = Rng::new(seed);
    let n_works = (target / 2000).max(30);
    let works = make_works(&mut rng, n_works);
    let refs_bytes_estimate = n_works * 150;
    let body_target = target.saturating_sub(refs_bytes_estimate).max(target / 2);

    let mut out = String::with_capacity(target + target / 8);
    let mut page_lines: Vec<String> = Vec::new();
    let mut pending: Vec<u32> = Vec::new(); // footnotes whose marker is on this page
    let mut page_no = 1usize;
    let mut next_footnote = 1u32;
    let mut heading_no = 0usize;
    let mut paras_since_heading = 99usize;
    const PAGE_LINES: usize = 46;

    // Title block.
    out.push_str("A Synthetic Study of Regional Network Policy\n\n");
    out.push_str("Abstract: This generated paper exists only to exercise the extractor.\n\n");

    let flush_page = |rng: &mut Rng,
                      out: &mut String,
                      page_lines: &mut Vec<String>,
                      pending: &mut Vec<u32>,
                      page_no: &mut usize,
                      works: &[Work]| {
        for l in page_lines.drain(..) {
            out.push_str(&l);
            out.push('\n');
        }
        for n in pending.drain(..) {
            out.push('\n');
            let mut lines = Vec::new();
            let body = footnote_body(rng, works, n);
            wrap(rng, &body, 86, "", &mut lines);
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
        }
        // Page break: a page number then a form feed, or a run of blank lines.
        if rng.pct(50) {
            let _ = write!(out, "\n{page_no}\n\x0c");
        } else {
            let _ = write!(out, "\n\n\n\n");
        }
        *page_no += 1;
    };

    while out.len() < body_target {
        if paras_since_heading >= 6 + rng.below(6) {
            heading_no += 1;
            paras_since_heading = 0;
            let h = rng.pick(HEADINGS);
            let line = match rng.below(4) {
                0 => format!("## {h}"),
                1 => format!("{heading_no}.{} {h}", 1 + rng.below(4)),
                2 => format!("{}. {}", ["A", "B", "C", "D"][rng.below(4)], h),
                _ => format!("{heading_no}. {}", h.to_uppercase()),
            };
            if page_lines.len() + 3 > PAGE_LINES {
                flush_page(&mut rng, &mut out, &mut page_lines, &mut pending, &mut page_no, &works);
            }
            if !page_lines.is_empty() {
                page_lines.push(String::new());
            }
            page_lines.push(line);
            page_lines.push(String::new());
        }
        let mut placed = Vec::new();
        let p = paragraph(&mut rng, &works, &mut next_footnote, &mut placed);
        let _ = placed;
        let mut lines = Vec::new();
        wrap(&mut rng, &p, 84, "", &mut lines);
        if !page_lines.is_empty() && !page_lines.last().is_some_and(|l| l.is_empty()) {
            page_lines.push(String::new());
        }
        // Markers are attributed to the page on which their line lands.
        for mut l in lines {
            if page_lines.len() >= PAGE_LINES {
                flush_page(&mut rng, &mut out, &mut page_lines, &mut pending, &mut page_no, &works);
            }
            while let Some(a) = l.find('\x01') {
                let b = l[a..].find('\x02').map_or(l.len(), |b| a + b);
                if let Ok(n) = l[a + 1..b].parse() {
                    pending.push(n);
                }
                l.replace_range(a..(b + 1).min(l.len()), "");
            }
            page_lines.push(l);
        }
        paras_since_heading += 1;
    }
    flush_page(&mut rng, &mut out, &mut page_lines, &mut pending, &mut page_no, &works);

    // Reference list.
    out.push_str("References\n\n");
    for w in &works {
        let r = reference(&mut rng, w);
        if rng.pct(30) {
            let mut lines = Vec::new();
            wrap(&mut rng, &r, 90, "    ", &mut lines);
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
        } else {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// Running-text paragraphs only (for `find_citations` / `split_sentences`), joined by blank lines.
pub fn paragraphs(seed: u64, n: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let works = make_works(&mut rng, 200);
    let mut f = 1;
    let mut placed = Vec::new();
    (0..n).map(|_| strip_sentinels(&paragraph(&mut rng, &works, &mut f, &mut placed))).collect()
}

fn strip_sentinels(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut skip = false;
    for c in p.chars() {
        match c {
            '\x01' => skip = true,
            '\x02' => skip = false,
            _ if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// .bib databases.

fn tex_name(rng: &mut Rng, family: &str) -> String {
    let fam = family
        .replace('ü', "{\\\"u}")
        .replace('á', "{\\'a}")
        .replace('é', "{\\'e}")
        .replace('Ó', "{\\'O}")
        .replace('Ç', "{\\c C}")
        .replace('Ł', "{\\L}");
    format!("{fam}, {}", rng.pick(GIVEN_FULL))
}

/// A .bib database with `n` entries: `@string` macros, articles, books, proceedings with
/// `crossref`, TeX accents, corporate `{{names}}`.
pub fn bib(seed: u64, n: usize) -> String {
    let mut rng = Rng::new(seed);
    let works = make_works(&mut rng, n.max(1));
    let mut s = String::with_capacity(n * 400);
    s.push_str("% Generated for the citegraph benchmarks.\n");
    s.push_str("@string{jnp = \"Journal of Network Policy\"}\n");
    s.push_str("@string{tr = {Telecommunications Review}}\n\n");
    s.push_str("@proceedings{conf2019,\n  title = {Proceedings of the Regional Network Conference},\n  year = {2019},\n  publisher = {Northgate Press},\n  address = {Oxford}\n}\n\n");
    for (i, w) in works.iter().enumerate() {
        let author = if w.corporate {
            format!("{{{}}}", w.authors[0])
        } else {
            w.authors.iter().map(|a| tex_name(&mut rng, a)).collect::<Vec<_>>().join(" and ")
        };
        let year: String = w.year.chars().filter(char::is_ascii_digit).collect();
        let year = if year.is_empty() { "2020".to_string() } else { year };
        let stem: String = w.authors[0].to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
        let key = format!("{stem}{year}{i}");
        let t = title(&mut rng);
        match rng.below(4) {
            0 => {
                let _ = write!(
                    s,
                    "@article{{{key},\n  author = {{{author}}},\n  title = {{{t}}},\n  journal = {},\n  year = {year},\n  volume = {{{}}},\n  number = {{{}}},\n  pages = {{{}--{}}},\n  doi = {{10.1000/{}}}\n}}\n\n",
                    if rng.pct(50) { "jnp" } else { "tr" },
                    1 + rng.below(60),
                    1 + rng.below(12),
                    10 + i % 300,
                    20 + i % 300,
                    i
                );
            }
            1 => {
                let (p, place) = rng.pick(PUBLISHERS);
                let _ = write!(
                    s,
                    "@book{{{key},\n  author = {{{author}}},\n  title = {{{t}}},\n  publisher = {{{p}}},\n  address = {{{place}}},\n  date = {{{year}-0{}}},\n  edition = {{{}}}\n}}\n\n",
                    1 + rng.below(9),
                    1 + rng.below(4)
                );
            }
            2 => {
                let _ = write!(
                    s,
                    "@inproceedings{{{key},\n  author = {{{author}}},\n  title = \"{t}\",\n  crossref = {{conf2019}},\n  pages = {{{}--{}}}\n}}\n\n",
                    1 + i % 200,
                    5 + i % 200
                );
            }
            _ => {
                let _ = write!(
                    s,
                    "@online{{{key},\n  author = {{{author}}},\n  title = {{{t} \\emph{{online}}}},\n  url = {{https://example.org/{i}}},\n  urldate = {{2021-03-0{}}},\n  year = {{{year}}},\n  note = \"Accessed \" # jnp\n}}\n\n",
                    1 + rng.below(9)
                );
            }
        }
    }
    s
}
