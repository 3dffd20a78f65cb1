//! Named sources: documents a sentence cites by their name instead of an author and year.
//!
//! Why: policy, legal and standards writing rests on documents that are cited by name —
//! `Resolution 130`, `Recommendation ITU-T X.1205`, `Article 34 of the ITRs`, `RFC 2119`,
//! `ISO/IEC 27001`, `Directive 2013/40/EU`, `Brown v. Board of Education`. A sentence that
//! names such a document tells the reader where to look: it is not an unsupported claim,
//! although the document may be missing from the reference list. The audit says exactly
//! that, at `info` level.
//!
//! How: a lexical layer, no grammar. [`RULES`] is a table of rules, each with a stable
//! name, the [`Kind`] it finds, the literal trigger words it needs and a documented
//! pattern around them. One Aho–Corasick automaton (leftmost-longest, a DFA with its
//! prefilter: about 20 instructions per byte of text) over all trigger words finds the
//! places worth looking at; each rule then reads a bounded window around its trigger (a few words
//! back, a few forward), so the cost is linear in the text. Overlapping finds keep the
//! earliest, longest one (`Recommendation ITU-T X.1205` over `ITU-T X.1205`).
//!
//! Precision comes first: a trigger word alone is never enough. Numbered things a paper
//! says about itself (`Figure 3`, `Table 2`, `Section 4`, `Chapter 2`, `Phase 2`,
//! `Equation 5`) have no rule; `Article`, `Section` and `Chapter` count only with a
//! named legal instrument after them (`Article 34 of the ITRs`, `Section 230 of the
//! Communications Decency Act`); a number followed by a unit is a measurement
//! (`resolution 300 dpi`); `S. 2105` is a bill only near words of legislation.

use crate::model::{Claim, ClaimStatus, Reference};
use crate::source::Span;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::LazyLock;

/// What kind of document a named source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A resolution of an assembly or council: `Resolution 130`, `Security Council resolution 1373`.
    Resolution,
    /// A recommendation of a standards body: `Recommendation ITU-T X.1205`, `ITU-T Y.2060`.
    Recommendation,
    /// A numbered part of a named legal instrument: `Article 34 of the ITRs`.
    Provision,
    /// An IETF document: `RFC 2119`, `BCP 14`.
    Rfc,
    /// A numbered standard: `ISO/IEC 27001`, `IEEE 802.11`, `NIST SP 800-53`.
    Standard,
    /// An EU legal act by number: `Directive 2013/40/EU`, `Regulation (EU) 2016/679`.
    EuLaw,
    /// A statute: `Public Law 107-347`, `18 U.S.C. § 1030`, `Clean Air Act of 1970`.
    Statute,
    /// A bill: `H.R. 624`, `S. 2105`.
    Bill,
    /// An executive order or presidential directive: `Executive Order 13636`, `PPD-21`.
    ExecutiveOrder,
    /// A treaty, convention, charter or covenant: `Budapest Convention`, `Convention on Cybercrime`.
    Treaty,
    /// A court case: `Brown v. Board of Education`.
    Case,
    /// A vulnerability record: `CVE-2014-0160`.
    Vulnerability,
}

impl Kind {
    /// The kebab-case name used in JSON and reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resolution => "resolution",
            Kind::Recommendation => "recommendation",
            Kind::Provision => "provision",
            Kind::Rfc => "rfc",
            Kind::Standard => "standard",
            Kind::EuLaw => "eu-law",
            Kind::Statute => "statute",
            Kind::Bill => "bill",
            Kind::ExecutiveOrder => "executive-order",
            Kind::Treaty => "treaty",
            Kind::Case => "case",
            Kind::Vulnerability => "vulnerability",
        }
    }
}

/// One named source in a document (`named_sources[]` of the JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedSource {
    /// What kind of document it is.
    pub kind: Kind,
    /// The name, whitespace collapsed (`Recommendation ITU-T X.1205`).
    pub name: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// Byte span in the original text.
    pub span: Span,
    /// The claim (sentence) that names it.
    pub claim: Option<String>,
    /// The reference entry whose text contains the name, when there is one.
    pub reference: Option<String>,
}

impl NamedSource {
    /// The key that identifies the document across mentions and documents: kind and
    /// lower-cased name (`resolution:resolution 130`).
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.name(), self.name.to_lowercase())
    }
}

/// A named source found in a text: where, what kind, and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the text searched.
    pub range: Range<usize>,
    /// What kind of document it is.
    pub kind: Kind,
    /// The name, whitespace collapsed.
    pub name: String,
}

/// One rule: a stable name, the kind it finds, its trigger words, and how it reads the
/// window around a trigger (`text`, trigger range) into the range of the whole name.
pub struct Rule {
    /// Stable rule name, as in the documentation.
    pub name: &'static str,
    /// The kind of document it finds.
    pub kind: Kind,
    /// Literal words (case-sensitive) that must occur for the rule to look.
    pub triggers: &'static [&'static str],
    /// What it accepts, in one line.
    pub doc: &'static str,
    read: fn(&str, Range<usize>) -> Option<Range<usize>>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("name", &self.name).field("kind", &self.kind).finish()
    }
}

/// Every rule, in the order they are documented (docs/json.md, `named_sources`).
pub const RULES: &[Rule] = &[
    Rule {
        name: "resolution",
        kind: Kind::Resolution,
        triggers: &["Resolution", "Resolutions", "resolution", "resolutions"],
        doc: "`Resolution` + number(s) or UN symbol (`A/RES/68/167`), optional `(2017)`; lower case, or a one-digit number, only after a body (`Security Council resolution 1373`, `UNGA Resolution 1`); not from 0, not before a unit (`300 dpi`) or a decimal",
        read: read_resolution,
    },
    Rule {
        name: "itu-recommendation",
        kind: Kind::Recommendation,
        triggers: &["ITU-T", "ITU-R", "ITU-D", "CCITT", "Recommendation", "Recommendations"],
        doc: "`[Recommendation] ITU-T [Recommendation] X.1205` or `Recommendation X.1205`: a series letter, a dot and a number",
        read: read_itu,
    },
    Rule {
        name: "eu-act",
        kind: Kind::EuLaw,
        triggers: &["Directive", "Directives", "Regulation", "Regulations", "Decision", "Recommendation"],
        doc: "`Directive|Regulation|Decision|Recommendation [(EU)] [No] 2013/40/EU`: an EU number `yyyy/n` or `n/yyyy`",
        read: read_eu_act,
    },
    Rule {
        name: "provision",
        kind: Kind::Provision,
        triggers: &[
            "Article",
            "Articles",
            "article",
            "articles",
            "Art.",
            "Section",
            "Sections",
            "section",
            "Chapter",
            "Title",
            "Paragraph",
            "paragraph",
        ],
        doc: "`Article 34 of the ITRs`, `Art. 5 GDPR`, `Section 230 of the Communications Decency Act`: a number, then a named legal instrument (a name holding Act, Code, Convention, Treaty, Charter, Constitution, Regulation(s), Directive, Protocol, Covenant, Statute, Rules or Law, an acronym such as ITRs, or `the treaty`)",
        read: read_provision,
    },
    Rule {
        name: "rfc",
        kind: Kind::Rfc,
        triggers: &["RFC", "RFCs", "BCP"],
        doc: "`RFC 2119`, `RFC2119`, `BCP 14`: three to five digits (`RFC2`, `RFC4` are genes)",
        read: read_rfc,
    },
    Rule {
        name: "standard",
        kind: Kind::Standard,
        triggers: &["ISO", "IEC", "IEEE", "ANSI", "NIST", "NISTIR", "FIPS", "ETSI", "ASTM", "BS", "DIN", "EN"],
        doc: "`ISO/IEC 27001[:2013]`, `IEEE 802.11`, `NIST SP 800-53`, `FIPS 140-2`, `ETSI EN 303 645`, `ASTM D6400`, `BS 7799`: a body and a standard number of three or more digits (not a year; not an ISO film speed)",
        read: read_standard,
    },
    Rule {
        name: "us-statute",
        kind: Kind::Statute,
        triggers: &["Public Law", "Pub. L.", "P.L.", "U.S.C.", "USC", "C.F.R.", "CFR"],
        doc: "`Public Law 107-347`, `Pub. L. No. 107-347`, `18 U.S.C. § 1030`, `45 C.F.R. § 164.502`",
        read: read_us_statute,
    },
    Rule {
        name: "named-act",
        kind: Kind::Statute,
        triggers: &["Act"],
        doc: "capitalised words ending in `Act`, optional `of 2015` (`Cybersecurity Information Sharing Act of 2015`, `the Patriot Act`); not `the Act` alone, not `Speech Act Theory`",
        read: read_named_act,
    },
    Rule {
        name: "bill",
        kind: Kind::Bill,
        triggers: &["H.R.", "H. R.", "H.Res.", "H. Res.", "S.Res.", "S. Res.", "S."],
        doc: "`H.R. 624`, `H. Res. 5`; `S. 2105` only near words of legislation (bill, Senate, Congress, Act, legislation, introduced, sponsored) and not a year",
        read: read_bill,
    },
    Rule {
        name: "executive-order",
        kind: Kind::ExecutiveOrder,
        triggers: &[
            "Executive Order",
            "Executive Orders",
            "E.O.",
            "EO",
            "Presidential Policy Directive",
            "Presidential Decision Directive",
            "Homeland Security Presidential Directive",
            "National Security Presidential Memorandum",
            "PPD-",
            "PDD-",
            "HSPD-",
            "NSPD-",
            "NSPM-",
        ],
        doc: "`Executive Order [No.] 13636`, `E.O. 13636` (five digits), `Presidential Policy Directive 21`, `PPD-21`, `HSPD-12`",
        read: read_executive,
    },
    Rule {
        name: "treaty",
        kind: Kind::Treaty,
        triggers: &[
            "Convention",
            "Conventions",
            "Treaty",
            "Charter",
            "Covenant",
            "Accord",
            "Accords",
            "Protocol",
            "Agreement",
        ],
        doc: "`Budapest Convention`, `ITU Convention`, `UN Charter` (a name before it), or `Convention on Cybercrime`, `Treaty of Lisbon`, `Protocol on …`, `Agreement on …` (a name after it); Protocol and Agreement only with a name after (`Internet Protocol` is not a treaty); not `Naming Convention`",
        read: read_treaty,
    },
    Rule {
        name: "court-case",
        kind: Kind::Case,
        triggers: &[" v. ", " v "],
        doc: "`Brown v. Board of Education`, `R v Jones`: capitalised party names on both sides of `v.`; not a version (`v. 3.8`) or single letters (`A v. B`)",
        read: read_case,
    },
    Rule {
        name: "cve",
        kind: Kind::Vulnerability,
        triggers: &["CVE-"],
        doc: "`CVE-2014-0160`: CVE, a year and a number of four or more digits",
        read: read_cve,
    },
];

/// All trigger words, and for each the rules that use it.
static TRIGGERS: LazyLock<Option<(AhoCorasick, Vec<Vec<usize>>)>> = LazyLock::new(|| {
    let mut words: Vec<&str> = Vec::new();
    let mut rules: Vec<Vec<usize>> = Vec::new();
    for (i, r) in RULES.iter().enumerate() {
        for &t in r.triggers {
            match words.iter().position(|w| *w == t) {
                Some(k) => rules[k].push(i),
                None => {
                    words.push(t);
                    rules.push(vec![i]);
                }
            }
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&words)
        .ok()?;
    Some((ac, rules))
});

/// Finds the named sources of a text (a paragraph or a sentence), in text order, without overlaps.
pub fn find(text: &str) -> Vec<Found> {
    let Some((ac, rules)) = TRIGGERS.as_ref() else { return Vec::new() };
    let mut found: Vec<Found> = Vec::new();
    // Leftmost-longest, not overlapping: `Resolutions` is read once, not also as
    // `Resolution`; a trigger inside a longer one (`Directive` in `Presidential Policy
    // Directive`, `S.` in `U.S.C.`) is the longer one's business.
    for m in ac.find_iter(text) {
        let trigger = m.start()..m.end();
        for &ri in &rules[m.pattern().as_usize()] {
            let rule = &RULES[ri];
            if let Some(range) = (rule.read)(text, trigger.clone()) {
                found.push(Found { name: normalise(&text[range.clone()]), range, kind: rule.kind });
            }
        }
    }
    // Earliest first, longest first among equals; drop what overlaps a kept find.
    found.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if out.last().is_some_and(|l| f.range.start < l.range.end) {
            continue;
        }
        out.push(f);
    }
    out
}

/// How the first reason of a claim supported by naming its source begins.
pub const REASON: &str = "names its source: ";

/// Marks every claim that names a source and has no support of its own as supported, with
/// a first reason naming the source; links each named source to its reference entry.
///
/// Call after the claims are scored. `named[].claim` must already be set.
pub fn apply(claims: &mut [Claim], named: &mut [NamedSource], references: &[Reference]) {
    let folded: Vec<String> = references.iter().map(|r| normalise(&r.raw).to_lowercase()).collect();
    for n in named.iter_mut() {
        let needle = n.name.to_lowercase();
        n.reference = folded.iter().position(|raw| raw.contains(&needle)).map(|i| references[i].id.clone());
    }
    let mut k = 0;
    while k < named.len() {
        let Some(id) = named[k].claim.clone() else {
            k += 1;
            continue;
        };
        let end = named[k..].iter().position(|n| n.claim.as_deref() != Some(&id)).map_or(named.len(), |e| k + e);
        if let Ok(ci) = claims.binary_search_by(|c| claim_number(&c.id).cmp(&claim_number(&id))) {
            let c = &mut claims[ci];
            if c.status != ClaimStatus::Supported {
                let names: Vec<String> = named[k..end]
                    .iter()
                    .map(|n| match &n.reference {
                        Some(r) => format!("{} (reference {r})", n.name),
                        None => format!("{} (no reference given)", n.name),
                    })
                    .collect();
                c.status = ClaimStatus::Supported;
                c.reasons.insert(0, format!("{REASON}{}", names.join("; ")));
            }
        }
        k = end;
    }
}

/// The number of a claim id (`s12` → 12), for ordering.
fn claim_number(id: &str) -> usize {
    id.trim_start_matches(|c: char| !c.is_ascii_digit()).parse().unwrap_or(usize::MAX)
}

/// Whitespace collapsed to single spaces.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------
// Reading helpers: all bounded, all on byte offsets of ASCII structure.
// ---------------------------------------------------------------------------------------

/// How far any rule looks from its trigger, in bytes.
const WINDOW: usize = 160;

/// A character of a word: a letter or a digit, or `-` and `'` inside one.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'
}

/// Is there a word boundary before `at`?
fn boundary_before(t: &str, at: usize) -> bool {
    t[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// Is there a word boundary after `at` (the end of a match)?
fn boundary_after(t: &str, at: usize) -> bool {
    t[at.min(t.len())..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// Skips spaces (and no-break spaces) from `at`.
fn skip_space(t: &str, mut at: usize) -> usize {
    let b = t.as_bytes();
    loop {
        if at < b.len() && (b[at] == b' ' || b[at] == b'\t' || b[at] == b'\n') {
            at += 1;
        } else if t[at.min(t.len())..].starts_with('\u{a0}') {
            at += 2;
        } else {
            return at;
        }
    }
}

/// The end of a run of ASCII digits starting at `at` (`at` itself when there is none).
fn digits(t: &str, at: usize) -> usize {
    let b = t.as_bytes();
    let mut e = at;
    while e < b.len() && b[e].is_ascii_digit() && e - at < 12 {
        e += 1;
    }
    e
}

/// The word (letters and digits, `-` and `'` inside) starting at `at`, with its end.
fn word_at(t: &str, at: usize) -> Option<(&str, usize)> {
    let rest = t.get(at..)?;
    let mut e = at;
    for (n, c) in rest.chars().enumerate() {
        if n >= 40 || !word_char(c) {
            break;
        }
        e += c.len_utf8();
    }
    let w = t[at..e].trim_end_matches(['-', '\'', '’']);
    (!w.is_empty() && w.starts_with(char::is_alphanumeric)).then(|| (w, at + w.len()))
}

/// The word ending at `end` (skipping spaces before `end`), with its start.
fn word_before(t: &str, end: usize) -> Option<(&str, usize)> {
    let head = t.get(..end)?.trim_end_matches(' ');
    let e = head.len();
    let mut s = e;
    for (n, c) in head.chars().rev().enumerate() {
        if n >= 40 || !word_char(c) {
            break;
        }
        s -= c.len_utf8();
    }
    let w = t[s..e].trim_start_matches(['-', '\'', '’']);
    let s = e - w.len();
    (!w.is_empty()).then_some((w, s))
}

/// Abbreviations that end with a full stop inside party and company names.
const ABBREVIATIONS: &[&str] = &["Co", "Corp", "Inc", "Ltd", "Bros", "Dept", "Jr", "Sr", "Assn"];

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// An acronym such as `UN`, `ITU`, `ITRs`, `GDPR`, `TFEU`, `ITU-T`: two or more capitals,
/// at most a plural `s`, digits or hyphens.
fn acronym(w: &str) -> bool {
    let core = w.strip_suffix('s').unwrap_or(w);
    core.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && core.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Words that open a sentence or a phrase and are capitalised for that reason only.
const OPENERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Such",
    "A",
    "An",
    "Our",
    "Its",
    "Their",
    "His",
    "Her",
    "Each",
    "Any",
    "Every",
    "No",
    "Under",
    "In",
    "By",
    "For",
    "With",
    "From",
    "To",
    "As",
    "On",
    "At",
    "And",
    "Of",
    "Both",
    "Since",
    "After",
    "Before",
    "Unlike",
    "Like",
    "While",
    "Although",
    "Because",
    "If",
    "When",
    "Where",
    "Whereas",
    "Also",
    "See",
    "But",
    "Yet",
    "So",
    "Then",
    "Thus",
    "However",
    "Moreover",
    "Here",
    "There",
    "We",
    "It",
    "Is",
    "Was",
    "Compare",
    "Cf",
    "Contrast",
    "Following",
    "Per",
    "Citing",
    "Quoting",
];

/// Small words inside names (`Board of Education`, `Computer Fraud and Abuse Act`).
const CONNECTORS: &[&str] = &["of", "on", "the", "and", "for", "to", "in", "against", "&", "de", "du", "des"];

/// Units that turn a number into a measurement (`resolution 300 dpi`).
const UNITS: &[&str] = &[
    "dpi", "ppi", "px", "pixel", "pixels", "nm", "µm", "um", "mm", "cm", "m", "km", "Å", "A", "x", "×", "%", "bit",
    "bits", "MP", "K", "k", "p", "i", "lines", "arcsec", "arcmin", "deg", "degrees", "ms", "s", "Hz", "kHz", "MHz",
    "GHz", "dB", "fps", "kb", "Mb", "meters", "metres", "km²", "mas",
];

/// A plausible year (1800–2099).
fn is_year(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("18") || n.starts_with("19") || n.starts_with("20"))
}

/// After a number ending at `end`: not a decimal, a range, a thousands group or a measurement.
fn plain_number_end(t: &str, end: usize) -> bool {
    let rest = &t[end..];
    let b = rest.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'.' | b',' | b'-') && b[1].is_ascii_digit() {
        return false;
    }
    if rest.starts_with('–') && rest['–'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let after = skip_space(t, end);
    if let Some((w, _)) = word_at(t, after) {
        if UNITS.contains(&w) {
            return false;
        }
    } else if t[after..].starts_with(['%', '×', 'Å', 'µ']) {
        return false;
    }
    true
}

/// Extends `end` over a following `(2017)` (a year in parentheses).
fn year_in_parens(t: &str, end: usize) -> usize {
    let at = skip_space(t, end);
    let b = t.as_bytes();
    if at < b.len() && b[at] == b'(' {
        let d = digits(t, at + 1);
        if d == at + 5 && is_year(&t[at + 1..d]) && d < b.len() && b[d] == b')' {
            return d + 1;
        }
    }
    end
}

/// A list of numbers from `at`: `40`, `40 and 52`, `3, 4 and 5`, `2(4)`, `5bis`. Returns its end.
fn number_list(t: &str, at: usize, roman: bool) -> Option<usize> {
    let one = |at: usize| -> Option<usize> {
        let b = t.as_bytes();
        let mut e = digits(t, at);
        if e == at {
            if !roman {
                return None;
            }
            while e < b.len() && e - at < 6 && matches!(b[e], b'I' | b'V' | b'X' | b'L') {
                e += 1;
            }
            if e == at || !boundary_after(t, e) {
                return None;
            }
            return Some(e);
        }
        // Sub-paragraphs and letter suffixes: 2(4), 5bis, 17a.
        for _ in 0..3 {
            if e < b.len() && b[e] == b'(' {
                let close = t[e..].find(')').filter(|&k| k <= 5).map(|k| e + k);
                match close {
                    Some(c) if t[e + 1..c].bytes().all(|x| x.is_ascii_alphanumeric()) && c > e + 1 => e = c + 1,
                    _ => break,
                }
            } else {
                break;
            }
        }
        if t[e..].starts_with("bis") || t[e..].starts_with("ter") {
            e += 3;
        } else if e < b.len() && b[e].is_ascii_lowercase() && boundary_after(t, e + 1) {
            e += 1;
        }
        boundary_after(t, e).then_some(e)
    };
    let mut end = one(at)?;
    for _ in 0..6 {
        let rest = &t[end..];
        let next = ["and ", ", and ", ", ", " and ", "–", "-", " to "]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| end + s.len());
        match next.map(|n| skip_space(t, n)).and_then(|n| one(n).map(|e| (n, e))) {
            Some((_, e)) => end = e,
            None => break,
        }
    }
    Some(end)
}

/// Capitalised words (with connectors inside) from `at`, at most `max` words: the end of the
/// last capitalised word, and how many capitalised words there were.
fn name_after(t: &str, at: usize, max: usize) -> Option<(usize, usize)> {
    let mut pos = at;
    let mut end = None;
    let mut caps = 0;
    let mut after_connector = true;
    for _ in 0..max {
        let s = skip_space(t, pos);
        let Some((w, e)) = word_at(t, s) else { break };
        if capitalised(w) || acronym(w) {
            caps += 1;
            end = Some(e);
            after_connector = false;
        } else if CONNECTORS.contains(&w) && (w != "the" || after_connector) {
            after_connector = true;
        } else {
            break;
        }
        pos = e;
        // Abbreviations inside party names: `Corp.`, `Inc.`, `Co.`, `Ltd.`.
        if t[pos..].starts_with('.') && ABBREVIATIONS.contains(&w) {
            pos += 1;
            end = Some(pos);
        }
    }
    end.map(|e| (e, caps))
}

/// Capitalised words before `end` (connectors inside, openers dropped at the front), at most
/// `max` words: the start of the name and its capitalised words.
fn name_before(t: &str, end: usize, max: usize) -> Option<(usize, Vec<&str>)> {
    let mut words: Vec<(&str, usize)> = Vec::new();
    let mut pos = end;
    for _ in 0..max {
        let b = t.as_bytes();
        let mut p = pos;
        while p > 0 && b[p - 1] == b' ' {
            p -= 1;
        }
        // A name does not run across punctuation, except the full stop of an abbreviation.
        if p == 0 {
            break;
        }
        let stop = b[p - 1] == b'.';
        let Some((w, s)) = word_before(t, if stop { p - 1 } else { p }) else { break };
        if stop && !ABBREVIATIONS.contains(&w) || w == "the" || !(capitalised(w) || CONNECTORS.contains(&w)) {
            break;
        }
        words.push((w, s));
        pos = s;
    }
    // Drop connectors and openers at the front (the far end of the scan).
    while let Some(&(w, _)) = words.last() {
        if CONNECTORS.contains(&w) || OPENERS.contains(&w) {
            words.pop();
        } else {
            break;
        }
    }
    let start = words.last()?.1;
    let caps: Vec<&str> = words.iter().rev().map(|(w, _)| *w).filter(|w| capitalised(w)).collect();
    (!caps.is_empty()).then_some((start, caps))
}

/// Words of legislation, for the bill rule.
fn near_legislation(t: &str, at: usize) -> bool {
    let mut lo = at.saturating_sub(WINDOW);
    while !t.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (at + WINDOW).min(t.len());
    while !t.is_char_boundary(hi) {
        hi += 1;
    }
    let w = &t[lo..hi];
    ["bill", "Bill", "Senate", "Congress", " Act", "legislation", "introduced", "sponsored", "Senator"]
        .iter()
        .any(|k| w.contains(k))
}

// ---------------------------------------------------------------------------------------
// The rules.
// ---------------------------------------------------------------------------------------

/// Bodies whose resolutions are cited by number.
const BODY_WORDS: &[&str] = &[
    "United",
    "Nations",
    "General",
    "Assembly",
    "Security",
    "Council",
    "Human",
    "Rights",
    "Plenipotentiary",
    "Conference",
    "World",
    "Health",
    "Economic",
    "Social",
];

fn read_resolution(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    // The issuing body before it: acronyms and the words of UN bodies.
    let mut start = tr.start;
    let mut has_body = false;
    for _ in 0..5 {
        match word_before(t, start) {
            Some((w, s)) if (acronym(w) || BODY_WORDS.contains(&w)) && t[s + w.len()..start].trim().is_empty() => {
                start = s;
                has_body = true;
            }
            _ => break,
        }
    }
    if t[tr.clone()].starts_with('r') && !has_body {
        return None;
    }
    let at = skip_space(t, tr.end);
    let at = if t[at..].starts_with("No. ") { skip_space(t, at + 4) } else { at };
    // A UN symbol: A/RES/68/167, S/RES/1373, A/HRC/RES/20/8.
    let b = t.as_bytes();
    let mut e = at;
    while e < b.len() && e - at < 30 && (b[e].is_ascii_alphanumeric() || b[e] == b'/') {
        e += 1;
    }
    let symbol = &t[at..e];
    if symbol.contains("RES/") && symbol.ends_with(|c: char| c.is_ascii_digit()) {
        return Some(start..year_in_parens(t, e));
    }
    // Numbers: 130, 40 and 52, 68/167; without a body two or more digits, not from 0
    // (`Resolution 0`, `Resolution 2` are levels of a wavelet or a map).
    let d = digits(t, at);
    if d == at || t[at..].starts_with('0') || !has_body && d - at < 2 {
        return None;
    }
    let mut end = d;
    if t[d..].starts_with('/') && digits(t, d + 1) > d + 1 {
        end = digits(t, d + 1);
    } else {
        end = number_list(t, at, false).unwrap_or(end);
    }
    if !plain_number_end(t, end) {
        return None;
    }
    Some(start..year_in_parens(t, end))
}

/// An ITU-style series number from `at`: `X.1205`, `Y.2060`, `E.408`, `H.264`, `G.711.1`.
fn itu_number(t: &str, at: usize) -> Option<usize> {
    let b = t.as_bytes();
    if at + 2 >= b.len() || !b[at].is_ascii_uppercase() {
        return None;
    }
    let dot = if b[at + 1] == b'.' {
        at + 1
    } else if b[at + 1].is_ascii_uppercase() && b.get(at + 2) == Some(&b'.') {
        at + 2
    } else {
        return None;
    };
    let mut e = digits(t, dot + 1);
    if e == dot + 1 {
        return None;
    }
    while e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
        e = digits(t, e + 1);
    }
    boundary_after(t, e).then_some(e)
}

fn read_itu(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    let mut at = skip_space(t, tr.end);
    if word.starts_with("Recommendation") {
        if !boundary_after(t, tr.end) {
            return None;
        }
        for body in ["ITU-T", "ITU-R", "ITU-D", "CCITT"] {
            if t[at..].starts_with(body) {
                at = skip_space(t, at + body.len());
                break;
            }
        }
    } else {
        for rec in ["Recommendations", "Recommendation", "Rec."] {
            if t[at..].starts_with(rec) {
                at = skip_space(t, at + rec.len());
                break;
            }
        }
    }
    let end = itu_number(t, at)?;
    Some(tr.start..end)
}

/// An EU number from `at`: `2013/40/EU`, `95/46/EC`, `2016/679`, `1049/2001`, `2005/222/JHA`.
fn eu_number(t: &str, at: usize) -> Option<usize> {
    let a = digits(t, at);
    if a == at || a - at > 4 || !t[a..].starts_with('/') {
        return None;
    }
    let c = digits(t, a + 1);
    if c == a + 1 || c - a - 1 > 4 {
        return None;
    }
    // One side is a year (two or four digits).
    let (x, y) = (&t[at..a], &t[a + 1..c]);
    if !(is_year(x) || x.len() == 2 || is_year(y)) {
        return None;
    }
    let mut end = c;
    if t[c..].starts_with('/') {
        let b = t.as_bytes();
        let mut e = c + 1;
        while e < b.len() && e - c <= 6 && (b[e].is_ascii_uppercase() || b[e] == b'(') {
            e += 1;
        }
        if e > c + 2 {
            end = e;
        }
    }
    boundary_after(t, end).then_some(end)
}

fn read_eu_act(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    let mut start = tr.start;
    for _ in 0..2 {
        match word_before(t, start) {
            Some((w, s))
                if matches!(w, "Council" | "Commission" | "Framework" | "Implementing" | "Delegated")
                    && t[s + w.len()..start].trim().is_empty() =>
            {
                start = s
            }
            _ => break,
        }
    }
    let mut at = skip_space(t, tr.end);
    if t[at..].starts_with('(') {
        let close = t[at..].find(')').filter(|&k| k <= 16)? + at;
        let inner = &t[at + 1..close];
        if !inner
            .split([',', ' '])
            .filter(|w| !w.is_empty())
            .all(|w| matches!(w, "EU" | "EC" | "EEC" | "Euratom" | "CFSP"))
        {
            return None;
        }
        at = skip_space(t, close + 1);
    }
    for no in ["No. ", "No ", "Nr. "] {
        if t[at..].starts_with(no) {
            at = skip_space(t, at + no.len());
            break;
        }
    }
    Some(start..eu_number(t, at)?)
}

/// Words in a name that make it a legal instrument.
const INSTRUMENT_WORDS: &[&str] = &[
    "Act",
    "Acts",
    "Code",
    "Convention",
    "Conventions",
    "Treaty",
    "Charter",
    "Constitution",
    "Regulation",
    "Regulations",
    "Directive",
    "Protocol",
    "Covenant",
    "Statute",
    "Statutes",
    "Rules",
    "Law",
    "Agreement",
    "Declaration",
    "Decision",
    "Resolution",
    "Recommendation",
    "Ordinance",
    "Amendment",
];

/// Lower-case instrument nouns that refer back to a named instrument (`Article 1 of the treaty`).
const INSTRUMENT_NOUNS: &[&str] = &[
    "treaty",
    "convention",
    "constitution",
    "charter",
    "covenant",
    "directive",
    "regulation",
    "regulations",
    "statute",
];

fn read_provision(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || (!t[tr.clone()].ends_with('.') && !boundary_after(t, tr.end)) {
        return None;
    }
    let word = &t[tr.clone()];
    let roman = matches!(word, "Title" | "Chapter");
    let at = skip_space(t, tr.end);
    let at = if t[at..].starts_with("No. ") { skip_space(t, at + 4) } else { at };
    let num_end = number_list(t, at, roman)?;
    let after = skip_space(t, num_end);
    // `Art. 5 GDPR`, `Article 8 ECHR`: an acronym right after.
    if let Some((w, e)) = word_at(t, after)
        && acronym(w)
        && w.len() >= 3
    {
        return Some(tr.start..e);
    }
    let rest = &t[after..];
    let of = ["of the ", "of ", "in the "].iter().find(|p| rest.starts_with(**p))?;
    let name_at = skip_space(t, after + of.len());
    if let Some((w, e)) = word_at(t, name_at)
        && INSTRUMENT_NOUNS.contains(&w)
        && of.starts_with("of the")
    {
        return Some(tr.start..e);
    }
    let (end, _) = name_after(t, name_at, 10)?;
    let name = &t[name_at..end];
    let instrument = name.split([' ', '-']).any(|w| INSTRUMENT_WORDS.contains(&w))
        || name.split(' ').any(|w| acronym(w) && w.len() >= 3);
    instrument.then_some(tr.start..end)
}

fn read_rfc(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let at = if t[tr.end..].starts_with(|c: char| c.is_ascii_digit()) { tr.end } else { skip_space(t, tr.end) };
    if at == tr.end && !t[tr.end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = number_list(t, at, false)?;
    // RFCs cited today have three or more digits; `RFC2`, `RFC4` are genes.
    let first = digits(t, at);
    let fewest = if t[tr.clone()].starts_with("BCP") { 1 } else { 3 };
    ((fewest..=5).contains(&(first - at)) && plain_number_end(t, end)).then_some(tr.start..end)
}

/// ISO speeds a camera sets, which are not standards.
const FILM_SPEEDS: &[&str] = &["100", "200", "400", "800", "1600", "3200", "6400", "12800", "25600"];

fn read_standard(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    let b = t.as_bytes();
    // Joint bodies: ISO/IEC, ISO/IEC/IEEE, BS EN, ANSI/ISA.
    let mut e = tr.end;
    while e < b.len() && b[e] == b'/' {
        let mut k = e + 1;
        while k < b.len() && k - e <= 5 && b[k].is_ascii_uppercase() {
            k += 1;
        }
        if k == e + 1 {
            break;
        }
        e = k;
    }
    if !boundary_after(t, e) && !t[e..].starts_with('-') {
        return None;
    }
    let mut at = skip_space(t, e);
    if word == "IEC" && tr.start >= 4 && t[..tr.start].ends_with("ISO/") {
        return None; // read from ISO
    }
    // Document types and series between body and number.
    let series: &[&str] = match word {
        "NIST" => &["SP ", "Special Publication ", "IR ", "FIPS "],
        "ETSI" => &["EN ", "TS ", "TR ", "ES ", "EG ", "GS "],
        "FIPS" => &["PUB ", "Pub. ", "Publication "],
        "IEEE" => &["Std ", "Std. "],
        "ISO" | "IEC" => &["TR ", "TS ", "Guide "],
        "BS" => &["EN ", "ISO "],
        _ => &[],
    };
    let mut had_series = false;
    for s in series {
        if t[at..].starts_with(s) {
            at = skip_space(t, at + s.len());
            had_series = true;
            break;
        }
    }
    if word == "NIST" && !had_series {
        return None;
    }
    if word == "ASTM" {
        // A letter and digits: D6400, E84.
        if at < b.len() && b[at].is_ascii_uppercase() {
            let d = digits(t, at + 1);
            if d > at + 1 && boundary_after(t, d) {
                return Some(tr.start..d);
            }
        }
        return None;
    }
    if word == "ANSI" && at < b.len() && b[at].is_ascii_uppercase() {
        // ANSI X9.62
        let mut k = at + 1;
        while k < b.len() && b[k].is_ascii_uppercase() {
            k += 1;
        }
        at = k;
    }
    let d = digits(t, at);
    let n = &t[at..d];
    if n.len() < 3 || (is_year(n) && !t[d..].starts_with(['.', '-', ':'])) {
        return None;
    }
    if word == "ISO" && !had_series && FILM_SPEEDS.contains(&n) && !t[d..].starts_with(':') {
        return None;
    }
    let mut end = d;
    // Parts, editions, amendments: 27001:2013, 800-53, 802.11ac, 140-2, 303 645.
    for _ in 0..4 {
        let rest = &t[end..];
        if (rest.starts_with(':') || rest.starts_with('-') || rest.starts_with('.'))
            && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            end = digits(t, end + 1);
            while end < b.len() && b[end].is_ascii_lowercase() && end - d < 16 {
                end += 1;
            }
        } else if (word == "ETSI" || word == "EN" && n.len() == 3)
            && rest.starts_with(' ')
            && digits(t, end + 1) == end + 4
        {
            // Space-grouped numbers: 303 645.
            end += 4;
        } else {
            break;
        }
    }
    if matches!(word, "BS" | "DIN" | "EN") && !t[end..].starts_with(['.', ',', ';', ')', ' ']) && end < t.len() {
        return None;
    }
    (boundary_after(t, end) && plain_number_end(t, end)).then_some(tr.start..end)
}

fn read_us_statute(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    if matches!(word, "Public Law" | "Pub. L." | "P.L.") {
        let mut at = skip_space(t, tr.end);
        for no in ["No. ", "No "] {
            if t[at..].starts_with(no) {
                at = skip_space(t, at + no.len());
            }
        }
        let a = digits(t, at);
        if a == at || a - at > 3 || !t[a..].starts_with('-') {
            return None;
        }
        let c = digits(t, a + 1);
        return (c > a + 1 && boundary_after(t, c)).then_some(tr.start..c);
    }
    // `18 U.S.C. § 1030`, `45 CFR 164.502`: a title number before, a section after.
    if !t[tr.end..].starts_with(' ') && !t[tr.end..].starts_with('\u{a0}') && tr.end < t.len() {
        return None;
    }
    let (title, start) = word_before(t, tr.start)?;
    if !title.bytes().all(|c| c.is_ascii_digit()) || title.len() > 2 {
        return None;
    }
    let mut at = skip_space(t, tr.end);
    for s in ["§§", "§", "sec.", "part", "Part", "pt."] {
        if t[at..].starts_with(s) {
            at = skip_space(t, at + s.len());
            break;
        }
    }
    let mut end = digits(t, at);
    if end == at {
        return None;
    }
    let b = t.as_bytes();
    loop {
        if end + 1 < b.len() && matches!(b[end], b'.' | b'-') && b[end + 1].is_ascii_digit() {
            end = digits(t, end + 1);
        } else if end < b.len() && b[end] == b'(' {
            match t[end..].find(')').filter(|&k| (2..=5).contains(&k)) {
                Some(k) if t[end + 1..end + k].bytes().all(|x| x.is_ascii_alphanumeric()) => end += k + 1,
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(start..end)
}

/// Capitalised words before `Act` that make a phrase, not a statute.
const NOT_ACTS: &[&str] = &[
    "Speech",
    "Balancing",
    "Class",
    "Riot",
    "Juggling",
    "Disappearing",
    "Vanishing",
    "Final",
    "First",
    "Second",
    "Third",
    "Last",
    "Criminal",
    "Overt",
    "Single",
];

fn read_named_act(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    // `Act Theory`, `Act Now`: the name goes on, so `Act` is not its end.
    let after = skip_space(t, tr.end);
    if tr.end < t.len() && t.as_bytes()[tr.end] == b' ' && word_at(t, after).is_some_and(|(w, _)| capitalised(w)) {
        return None;
    }
    let (start, caps) = name_before(t, tr.start, 10)?;
    if caps.len() == 1 && NOT_ACTS.contains(&caps[0]) {
        return None;
    }
    let mut end = tr.end;
    if t[end..].starts_with(" of ") {
        let d = digits(t, end + 4);
        if d == end + 8 && is_year(&t[end + 4..d]) {
            end = d;
        }
    }
    Some(start..end)
}

fn read_bill(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let at = skip_space(t, tr.end);
    let d = digits(t, at);
    if d == at || d - at > 5 || !boundary_after(t, d) || !plain_number_end(t, d) {
        return None;
    }
    if &t[tr.clone()] == "S." {
        // `Jones, S. 2010` is an author and a year, `347 U.S. 483` a law report; a lone
        // `S.` needs the context of a bill.
        let lone = tr.start == 0 || matches!(t.as_bytes()[tr.start - 1], b' ' | b'(');
        if !lone || is_year(&t[at..d]) || !near_legislation(t, tr.start) || t[..tr.start].trim_end().ends_with(',') {
            return None;
        }
    }
    Some(tr.start..d)
}

fn read_executive(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    if word.ends_with('-') {
        let d = digits(t, tr.end);
        return (d > tr.end && d - tr.end <= 3 && boundary_after(t, d)).then_some(tr.start..d);
    }
    if !word.ends_with('.') && !boundary_after(t, tr.end) {
        return None;
    }
    let mut at = skip_space(t, tr.end);
    for no in ["No. ", "No ", "Number ", "#"] {
        if t[at..].starts_with(no) {
            at = skip_space(t, at + no.len());
            break;
        }
    }
    let d = digits(t, at);
    let n = d - at;
    let ok = match word {
        "E.O." | "EO" => n == 5,
        "Executive Order" | "Executive Orders" => (3..=5).contains(&n),
        _ => (1..=3).contains(&n),
    };
    (ok && boundary_after(t, d) && plain_number_end(t, d)).then_some(tr.start..d)
}

/// Capitalised words before `Convention` that make a custom or a meeting, not a treaty.
const NOT_TREATIES: &[&str] = &[
    "Naming",
    "Annual",
    "National",
    "Sign",
    "Notation",
    "Coding",
    "Style",
    "Calling",
    "Labeling",
    "Labelling",
    "Republican",
    "Democratic",
    "State",
    "Party",
    "Comic",
    "Honda",
    "Company",
    "Patients",
    "Patient",
];

fn read_treaty(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    let word = &t[tr.clone()];
    // A name after it: `Convention on Cybercrime`, `Treaty of Lisbon`, `Charter of the United Nations`.
    let rest = &t[tr.end..];
    let mut end = None;
    let needs_after = matches!(word, "Protocol" | "Agreement");
    for p in [" on ", " of ", " for ", " against ", " to ", " between ", " relating to ", " concerning "] {
        // `Protocol for Metadata Harvesting` is a technical protocol, `Agreement between`
        // a contract: treaties of these two kinds are `on`, `to`, `of` or `against` something.
        if needs_after && matches!(p, " for " | " between ") {
            continue;
        }
        if rest.starts_with(p) {
            let at = skip_space(t, tr.end + p.len());
            if let Some((e, caps)) = name_after(t, at, 12)
                && caps >= 1
            {
                end = Some(e);
            }
            break;
        }
    }
    // `the Convention Committee`: the name goes on, so this is another body.
    if end.is_none() && rest.starts_with(' ') && word_at(t, skip_space(t, tr.end)).is_some_and(|(w, _)| capitalised(w))
    {
        return None;
    }
    let before = name_before(t, tr.start, 6).filter(|(_, caps)| !(caps.len() == 1 && NOT_TREATIES.contains(&caps[0])));
    match (before, end) {
        (Some((s, _)), Some(e)) => Some(s..e),
        (None, Some(e)) => Some(tr.start..e),
        (Some((s, _)), None) if !needs_after => Some(s..tr.end),
        _ => None,
    }
}

/// Research nouns that make `A v. B` a comparison, not a case.
const NOT_PARTIES: &[&str] = &[
    "Model",
    "Group",
    "Condition",
    "Treatment",
    "Control",
    "Version",
    "Type",
    "Figure",
    "Table",
    "Panel",
    "Experiment",
    "Study",
    "Phase",
    "Wave",
    "Sample",
    "Baseline",
    "Day",
    "Week",
    "Year",
    "Trial",
    "Test",
];

fn read_case(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    // The trigger includes the spaces around `v.`.
    let v_start = tr.start + 1;
    let (start, left) = name_before(t, v_start, 6)?;
    let (end, _) = name_after(t, tr.end, 8)?;
    let right: Vec<&str> = t[tr.end..end].split(' ').filter(|w| capitalised(w)).collect();
    // Parties are names: no digits (`TPS10`), no lone two-letter codes (`WT`, `KO`), which
    // label the arms of a comparison.
    let party = |ws: &[&str]| -> bool {
        let Some(last) = ws.last() else { return false };
        let code = ws.len() == 1 && last.len() <= 2 && acronym(last);
        !code
            && !ws.iter().any(|w| NOT_PARTIES.contains(w) || w.contains(|c: char| c.is_ascii_digit()))
            && (last.len() > 1 || *last == "R")
    };
    let first_right = right.first().copied().unwrap_or("");
    if !party(&left) || !party(&right) || first_right.len() < 2 {
        return None;
    }
    if right.len() == 1 && left.len() == 1 && left[0].len() == 1 && left[0] != "R" {
        return None;
    }
    Some(start..end)
}

fn read_cve(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let y = digits(t, tr.end);
    if y != tr.end + 4 || !t[y..].starts_with('-') {
        return None;
    }
    let n = digits(t, y + 1);
    (n >= y + 5 && boundary_after(t, n)).then_some(tr.start..n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names found in `text`, with their kinds.
    fn names(text: &str) -> Vec<(Kind, String)> {
        find(text).into_iter().map(|f| (f.kind, f.name)).collect()
    }

    fn one(text: &str, kind: Kind, name: &str) {
        assert_eq!(names(text), [(kind, name.to_string())], "in {text:?}");
    }

    fn none(text: &str) {
        assert_eq!(names(text), [], "in {text:?}");
    }

    #[test]
    fn every_rule_has_triggers_and_a_doc() {
        for r in RULES {
            assert!(!r.triggers.is_empty() && !r.doc.is_empty(), "{}", r.name);
        }
        assert!(TRIGGERS.is_some());
    }

    #[test]
    fn resolutions() {
        one("The plenipotentiaries adopted Resolution 45 in Busan.", Kind::Resolution, "Resolution 45");
        one(
            "It recalls Security Council resolution 2341 (2017) on infrastructure.",
            Kind::Resolution,
            "Security Council resolution 2341 (2017)",
        );
        one(
            "See UN General Assembly Resolution A/RES/70/237 on norms.",
            Kind::Resolution,
            "UN General Assembly Resolution A/RES/70/237",
        );
        one("Delegates cited WHA Resolutions 58 and 61 repeatedly.", Kind::Resolution, "WHA Resolutions 58 and 61");
        none("The resolution 300 dpi scans were kept.");
        none("Resolution 2.5 was reached for the map.");
        none("A resolution of 3 Å was obtained.");
        none("Spatial resolution 10 m imagery covered the site.");
        none("The committee passed a resolution in 2012.");
        none("At the lowest resolution, i.e. Resolution 0 of the transform, and at Resolution 2 it changed.");
        one("Delegates recalled UNGA Resolution 1 often.", Kind::Resolution, "UNGA Resolution 1");
    }

    #[test]
    fn itu_recommendations() {
        one(
            "Trust is defined in Recommendation ITU-T Y.3052 for networks.",
            Kind::Recommendation,
            "Recommendation ITU-T Y.3052",
        );
        one("Codecs follow ITU-T G.711 in most gateways.", Kind::Recommendation, "ITU-T G.711");
        one(
            "Spectrum use follows ITU-R Recommendation M.2083 closely.",
            Kind::Recommendation,
            "ITU-R Recommendation M.2083",
        );
        none("The ITU-T study groups met twice.");
        none("Our Recommendation 3 is to fund libraries.");
    }

    #[test]
    fn eu_acts() {
        one("Member states transposed Directive 2016/1148 late.", Kind::EuLaw, "Directive 2016/1148");
        one("Data are protected under Regulation (EU) 2018/1725 too.", Kind::EuLaw, "Regulation (EU) 2018/1725");
        one("Access follows Regulation (EC) No 1049/2001 as amended.", Kind::EuLaw, "Regulation (EC) No 1049/2001");
        one(
            "It replaced Council Framework Decision 2005/222/JHA entirely.",
            Kind::EuLaw,
            "Council Framework Decision 2005/222/JHA",
        );
        one("It repealed Directive 95/46/EC.", Kind::EuLaw, "Directive 95/46/EC");
        none("The Directive was adopted after long debate.");
        none("Regulation of 3/4 of the genes changed.");
    }

    #[test]
    fn provisions_need_a_named_instrument() {
        one("Under Article 51 of the UN Charter, states may act.", Kind::Provision, "Article 51 of the UN Charter");
        one("This follows Art. 17 GDPR closely.", Kind::Provision, "Art. 17 GDPR");
        one(
            "Platforms rely on Section 230 of the Communications Decency Act daily.",
            Kind::Provision,
            "Section 230 of the Communications Decency Act",
        );
        one("Article 2(4) of the treaty forbids force.", Kind::Provision, "Article 2(4) of the treaty");
        one(
            "Articles 3 and 5 of the Radio Regulations apply.",
            Kind::Provision,
            "Articles 3 and 5 of the Radio Regulations",
        );
        one(
            "Chapter VII of the Charter of the United Nations was invoked.",
            Kind::Provision,
            "Chapter VII of the Charter of the United Nations",
        );
        none("As shown in Section 4, the model converges.");
        none("Section 4 of this paper discusses limits.");
        none("Chapter 2 of the thesis reviews the literature.");
        none("The article argues that trade grew.");
        none("Article 3 in this issue takes another view.");
        none("Section 2 of the Supplementary Information lists primers.");
    }

    #[test]
    fn rfcs_and_standards() {
        one("Keywords follow RFC 8174 throughout.", Kind::Rfc, "RFC 8174");
        one("See RFC7231 for methods.", Kind::Rfc, "RFC7231");
        one("Audits use ISO/IEC 27002:2022 controls.", Kind::Standard, "ISO/IEC 27002:2022");
        one("Dates are written per ISO 8601 here.", Kind::Standard, "ISO 8601");
        one("Links run IEEE 802.15.4 radios.", Kind::Standard, "IEEE 802.15.4");
        one("Controls map to NIST SP 800-171 requirements.", Kind::Standard, "NIST SP 800-171");
        one("Modules are validated under FIPS 140-3 today.", Kind::Standard, "FIPS 140-3");
        one("Devices must meet ETSI EN 303 645 baseline.", Kind::Standard, "ETSI EN 303 645");
        one("Bags pass ASTM D6400 tests.", Kind::Standard, "ASTM D6400");
        none("Photos were shot at ISO 400 in daylight.");
        none("It appeared in IEEE Transactions on Computers.");
        none("The IEEE 2019 meeting was in Paris.");
        none("The RFC process is open.");
        none("Sensitive genes such as CDC7, RFC2 and RFC4 were hit.");
        one("Language tags follow BCP 47.", Kind::Rfc, "BCP 47");
    }

    #[test]
    fn statutes_bills_and_orders() {
        one("It was enacted as Public Law 113-283 that year.", Kind::Statute, "Public Law 113-283");
        one("Prosecutors charge under 18 U.S.C. § 1030 often.", Kind::Statute, "18 U.S.C. § 1030");
        one("Privacy rules sit in 45 C.F.R. § 164.502(a) now.", Kind::Statute, "45 C.F.R. § 164.502(a)");
        one(
            "Congress passed the Federal Information Security Modernization Act of 2014 quickly.",
            Kind::Statute,
            "Federal Information Security Modernization Act of 2014",
        );
        one("Critics of the Patriot Act spoke.", Kind::Statute, "Patriot Act");
        one("The House passed H.R. 1560 in April.", Kind::Bill, "H.R. 1560");
        one("The Senate bill S. 754 stalled.", Kind::Bill, "S. 754");
        one("It builds on Executive Order 14028 directly.", Kind::ExecutiveOrder, "Executive Order 14028");
        one("Sectors were named in PPD-21 first.", Kind::ExecutiveOrder, "PPD-21");
        one("Identity cards follow HSPD-12.", Kind::ExecutiveOrder, "HSPD-12");
        none("The Act requires annual reports.");
        none("Speech Act Theory explains requests.");
        none("Jones, S. 2010 reported the same.");
        none("Staphylococcus (S. 1) grew in broth.");
        none("Earth observation EO 12 images were used.");
    }

    #[test]
    fn treaties() {
        one("Most states ratified the Tallinn Convention early.", Kind::Treaty, "Tallinn Convention");
        one("The Convention on Cybercrime has 68 parties.", Kind::Treaty, "Convention on Cybercrime");
        one("They invoked the Treaty of Lisbon.", Kind::Treaty, "Treaty of Lisbon");
        one("The European Convention on Human Rights applies.", Kind::Treaty, "European Convention on Human Rights");
        one(
            "States joined the International Covenant on Civil and Political Rights.",
            Kind::Treaty,
            "International Covenant on Civil and Political Rights",
        );
        one("The Protocol on Water and Health entered into force.", Kind::Treaty, "Protocol on Water and Health");
        none("We used the standard naming convention for genes.");
        none("Follow the Naming Convention of the lab.");
        none("Packets use the Internet Protocol by default.");
        none("The Convention Committee met in June.");
        none("Records are shared by the Open Archives Protocol for Metadata Harvesting.");
        none("Sites signed the Data Use Agreement between partners.");
        none("It was presented at the 2019 Annual Convention.");
    }

    #[test]
    fn court_cases() {
        one("The Court decided Marbury v. Madison in 1803.", Kind::Case, "Marbury v. Madison");
        one("In Roe v. Wade the Court held otherwise.", Kind::Case, "Roe v. Wade");
        one("Compare R v Dudley and Stephens on necessity.", Kind::Case, "R v Dudley and Stephens");
        one("See New York Times Co. v. Sullivan for libel.", Kind::Case, "New York Times Co. v. Sullivan");
        none("Model A v. Model B differed.");
        none("We used Python v. 3.8 and R.");
        none("Treatment v. Control showed no change.");
        none("Yields of KO v. WT plants and of WT v. Col0 differed.");
        one("The FCC v. Pacifica ruling stands.", Kind::Case, "FCC v. Pacifica");
    }

    #[test]
    fn vulnerabilities() {
        one("Servers were patched for CVE-2021-44228 within days.", Kind::Vulnerability, "CVE-2021-44228");
        none("The CVE-list is long.");
    }

    #[test]
    fn things_a_paper_says_about_itself_are_not_named_sources() {
        for s in [
            "Figure 3 shows the trend.",
            "Table 2 lists the sites.",
            "In Section 4 we relax this.",
            "Chapter 2 reviews theory.",
            "Equation 5 gives the rate.",
            "Eq. (3) holds for all x.",
            "Phase 2 enrolled 40 patients.",
            "Step 3 repeats the loop.",
            "Appendix A has the proofs.",
            "Box 1 summarises the terms.",
            "Study 2 replicated Study 1.",
        ] {
            none(s);
        }
    }

    #[test]
    fn names_cross_line_breaks_and_keep_spans() {
        let text = "found in Recommendation ITU-T\nX.1205 and elsewhere";
        let f = find(text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].name, "Recommendation ITU-T X.1205");
        assert_eq!(&text[f[0].range.clone()], "Recommendation ITU-T\nX.1205");
    }

    #[test]
    fn long_and_odd_input_is_safe() {
        let long = "Resolution Article v. Act Convention ISO ".repeat(5000);
        let _ = find(&long);
        for s in ["Resolution", "ISO", "CVE-", " v. ", "Article 3 of", "S. 1", "§", "Art.", "Act", "ISO/"] {
            let _ = find(s);
        }
        let _ = find("Resolution\u{a0}130 é Article 5 of the Τreaty ü");
    }
}
