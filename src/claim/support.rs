//! Support: whether a claim has a source, its own or one it borrows from a neighbour.
//!
//! A claim is supported by its own citations and footnotes, and support carries to
//! neighbours in three bounded cases (rules in `docs/audit.md`): a quotation attributed in
//! the sentence just before or just after it, the rest of a paragraph that opens by
//! reporting a cited author, and the other sentences of a footnote that cites.
//!
//! Why the bounds: a quotation mark that never closes (an OCR'd footnote marker `'"°`, a
//! stray `“`) once carried one citation to the end of a paper. So a quotation run stays in
//! its paragraph (or goes on into the next only when that one opens with a quotation mark),
//! ends after [`MAX_QUOTE_RUN`] sentences, does not see the characters of a footnote
//! marker, and support never reaches past the paragraph next to its source.

use super::context::paragraphs;
use super::cues::{self, regex_ascii};
use crate::model::{Citation, Claim, Footnote, Form};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The most sentences one quotation run spans when its quotation mark does not close.
pub const MAX_QUOTE_RUN: usize = 6;

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
    /// The reason as written first into `claims[].reasons`; a borrowed support names the
    /// sentence it comes from.
    pub fn describe(&self, claims: &[Claim]) -> String {
        let id = |k: usize| claims.get(k).map(|c| c.id.as_str()).unwrap_or("?");
        match self {
            Support::Cites => "supported: cites a source".into(),
            Support::Footnote => "supported: carries a footnote".into(),
            Support::QuotationAttributed(k) => format!("supported: the quotation is attributed in {}", id(*k)),
            Support::ReportedAuthor(k) => format!("supported: continues the account of the author cited in {}", id(*k)),
            Support::FootnoteCites(k) => format!("supported: its footnote cites a source in {}", id(*k)),
        }
    }

    /// The claim the support comes from, when it is borrowed.
    #[cfg(test)]
    pub fn source(&self) -> Option<usize> {
        match self {
            Support::Cites | Support::Footnote => None,
            Support::QuotationAttributed(k) | Support::ReportedAuthor(k) | Support::FootnoteCites(k) => Some(*k),
        }
    }
}

/// Words that hand the paragraph back from the reported author to the writer. Matched on
/// [`cues::after_non_word`] of the text, without the pattern's `^\W*`
/// ([`cues::without_non_word_prefix`]).
static VOICE_CHANGE: LazyLock<Option<cues::ClaimRegex>> =
    LazyLock::new(|| regex_ascii(&cues::without_non_word_prefix(VOICE_CHANGE_PATTERN, r"^\W*")));

/// The voice-change pattern as written, matched on the whole sentence.
pub(crate) const VOICE_CHANGE_PATTERN: &str = r"(?i)^\W*(however|but|in contrast|by contrast|yet|nevertheless|in the author[’']s|in our|we|i|this paper|the present)\b|\b(we|our|i)\b";

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

/// The byte ranges of a claim's text that are footnote markers (`'"°`, `2015“`): their
/// characters are not quotation marks.
fn marker_ranges(claim: &Claim, footnotes: &[Footnote]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for &n in &claim.footnotes {
        // Footnotes are numbered from 1 in order; look the number up rather than scan them all.
        let at = (n as usize).checked_sub(1).and_then(|i| footnotes.get(i)).filter(|f| f.number == n);
        let Some(f) = at.or_else(|| footnotes.iter().find(|f| f.number == n)) else { continue };
        let (Some(anchor), Some(marker)) = (f.anchor_span, f.marker.as_deref()) else { continue };
        if anchor.start < claim.span.start || anchor.start > claim.span.end || marker.is_empty() {
            continue;
        }
        // The marker as the claim's text has it, nearest to where the anchor stands.
        let expected = anchor.start - claim.span.start;
        let best = claim.text.match_indices(marker).map(|(i, _)| i).min_by_key(|&i| i.abs_diff(expected));
        if let Some(i) = best {
            out.push(i..i + marker.len());
        }
    }
    out
}

/// Quotation marks of a text outside the masked ranges: (opening `“`, closing `”`, straight `"`).
fn quote_marks(text: &str, masked: &[Range<usize>]) -> (i32, i32, i32) {
    let mut counts = (0, 0, 0);
    let b = text.as_bytes();
    // `"` is one byte; `“` and `”` are E2 80 9C and E2 80 9D.
    for i in memchr::memchr2_iter(b'"', 0xE2, b) {
        let slot = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'"', _, _) => &mut counts.2,
            (_, Some(0x80), Some(0x9C)) => &mut counts.0,
            (_, Some(0x80), Some(0x9D)) => &mut counts.1,
            _ => continue,
        };
        if !masked.iter().any(|r| r.contains(&i)) {
            *slot += 1;
        }
    }
    counts
}

/// Whether a text opens with a quotation mark (after spaces).
fn opens_with_quote(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('“' | '"' | '‘' | '«'))
}

/// The support of each claim, `None` when it has none.
pub fn decide_support(claims: &[Claim], citations: &[Citation], footnotes: &[Footnote]) -> Vec<Option<Support>> {
    let paras = paragraphs(claims);
    let mut by_claim: HashMap<&str, Vec<&Citation>> = HashMap::new();
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
    let marks: Vec<(i32, i32, i32)> = claims
        .iter()
        .map(|c| {
            let masked = if c.footnotes.is_empty() { Vec::new() } else { marker_ranges(c, footnotes) };
            quote_marks(&c.text, &masked)
        })
        .collect();
    // Opening minus closing marks, straight ones counted by parity.
    let balance = |k: usize| marks[k].0 - marks[k].1 + marks[k].2 % 2;
    let has_quote = |k: usize| marks[k].0 + marks[k].1 + marks[k].2 > 0;

    // Rule 1: quotations. A run of sentences inside one quotation shares the support of
    // the sentence that introduces it (ends with a colon) or of one of its own sentences that
    // cites, or the one right after it in its paragraph.
    let mut k = 0;
    while k < claims.len() {
        let mut depth = balance(k);
        let mut end = k + 1;
        let mut crossed = false;
        while depth > 0 && end < claims.len() && end - k < MAX_QUOTE_RUN {
            let same = paras[end] == paras[end - 1];
            let into_next = !crossed && paras[end] == paras[end - 1] + 1 && opens_with_quote(&claims[end].text);
            if !same && !into_next {
                break;
            }
            crossed |= !same;
            depth += balance(end);
            end += 1;
        }
        let run = k..end;
        if run.clone().any(has_quote) {
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
                    if support[j].is_none() && paras[j].abs_diff(paras[src]) <= 1 {
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
                if own[j]
                    || cues::matches(&VOICE_CHANGE, cues::after_non_word(&claims[j].text, usize::MAX).unwrap_or(""))
                {
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
    let mut citing_sentence: HashMap<u32, usize> = HashMap::new();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimStatus;
    use crate::source::Span;

    /// Claims from paragraphs of sentences; a sentence ending in `[c]` cites.
    fn doc(paras: &[&[&str]]) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut at = 0;
        for (p, sentences) in paras.iter().enumerate() {
            for s in *sentences {
                let text = s.trim_end_matches("[c]").to_string();
                let n = out.len() + 1;
                out.push(Claim {
                    id: format!("s{n}"),
                    line: p + 1,
                    span: Span::new(at, at + text.len()),
                    citations: if s.ends_with("[c]") { vec![format!("c{n}")] } else { Vec::new() },
                    text,
                    section: None,
                    in_footnote: None,
                    paragraph: Some(p),
                    footnotes: Vec::new(),
                    status: ClaimStatus::NoClaim,
                    score: 0.0,
                    reasons: Vec::new(),
                });
                at = out.last().map_or(0, |c: &Claim| c.span.end) + 1;
            }
            at += 2;
        }
        out
    }

    fn sources(claims: &[Claim]) -> Vec<Option<usize>> {
        decide_support(claims, &[], &[]).iter().map(|s| s.as_ref().and_then(Support::source)).collect()
    }

    #[test]
    fn an_unclosed_quotation_stays_in_its_paragraph() {
        let claims = doc(&[
            &["He said “this opens a quotation that never closes here.", "It goes on for a while.[c]"],
            &["A new paragraph starts without any quotation mark.", "And goes on."],
        ]);
        assert_eq!(sources(&claims), vec![Some(1), None, None, None]);
    }

    #[test]
    fn a_quotation_goes_on_into_a_paragraph_that_opens_with_a_quotation_mark() {
        let claims = doc(&[
            &["As the report put it:[c]"],
            &["“The first paragraph of the quotation runs on.", "It has two sentences."],
            &["“The second paragraph continues it.", "It closes here.”"],
            &["A third paragraph of the writer's own."],
        ]);
        let s = sources(&claims);
        assert_eq!(&s[1..3], &[Some(0), Some(0)]);
        // Two paragraphs from the colon sentence: too far.
        assert_eq!(&s[3..], &[None, None, None]);
    }

    #[test]
    fn an_unclosed_quotation_ends_after_a_bounded_run() {
        let mut sentences = vec!["It begins “and never closes in this long paragraph.[c]"];
        sentences.extend(std::iter::repeat_n("Another sentence of the same paragraph.", 10));
        let claims = doc(&[&sentences]);
        let s = sources(&claims);
        assert!(s[1..MAX_QUOTE_RUN].iter().all(|x| *x == Some(0)), "{s:?}");
        assert!(s[MAX_QUOTE_RUN..].iter().all(Option::is_none), "{s:?}");
    }

    #[test]
    fn quote_marks_are_counted_bytewise() {
        assert_eq!(quote_marks("a “b” \"c\" – “d", &[]), (2, 1, 2));
        let marker = 1..3;
        assert_eq!(quote_marks("x'\"° y", std::slice::from_ref(&marker)), (0, 0, 0));
    }

    #[test]
    fn a_footnote_marker_is_not_a_quotation_mark() {
        let mut claims = doc(&[&[
            "The conference ended without agreement.'\"° Delegates left early.",
            "Then they met again in another city.",
            "A third sentence cites it.[c]",
        ]]);
        claims[0].footnotes = vec![10];
        let start = claims[0].span.start + claims[0].text.find('\'').unwrap_or(0);
        let f = Footnote {
            number: 10,
            anchor_line: Some(1),
            anchor_span: Some(Span::new(start, start + 4)),
            marker: Some("'\"°".into()),
            body_line: 9,
            body_span: Span::new(900, 950),
            text: "A note.".into(),
            claim: Some("s1".into()),
        };
        let support = decide_support(&claims, &[], &[f]);
        // The first sentence carries the footnote; the marker opens no quotation that would
        // reach the others.
        assert_eq!(support[0], Some(Support::Footnote));
        assert_eq!(support[1], None);
    }
}
