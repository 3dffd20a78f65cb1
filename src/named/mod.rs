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

mod readers;
mod reading;
#[cfg(test)]
mod tests;

pub(crate) use readers::*;
pub(crate) use reading::*;

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
    /// A numbered document of a conference or an organisation: `WIPO document SCCR/24/8`,
    /// `UN Doc. A/HRC/27/37`.
    OfficialDocument,
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
            Kind::OfficialDocument => "official-document",
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
    /// What it accepts, in one line (documentation, checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
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
    Rule {
        name: "official-document",
        kind: Kind::OfficialDocument,
        triggers: &["document", "Document", "documents", "Documents", "Doc.", "doc.", "Docs.", "Doc"],
        doc: "a numbered document of a body: `WIPO document SCCR/24/8`, `UN Doc. A/HRC/27/37`, `Council document 5442/14`, `ITU-T documents 12 and 14`: an issuing body before it (an acronym or a word such as Council, Assembly) and a number or symbol, optional `No.`; without a body only a symbol of three or more parts (`document A/68/98`); not a year, a file format (`PDF document 2`) or `Supplementary Document 1`",
        read: read_official_document,
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
