//! Linking citations to reference entries, and checking citations for consistency.
//!
//! Why this module exists: an author-year citation names its source only loosely. The
//! callout `(Hill, 2013b)` must be turned into a link to one entry of the reference list,
//! and real documents make that hard: names lose diacritics or gain OCR damage, `et al.`
//! stands for two or twenty co-authors, year suffixes (`2013b`) are dropped or invented,
//! and some citations give no year at all. A strict string match links too little; a loose
//! one links the wrong work. This module therefore tries an ordered ladder of rules, from
//! `exact` to increasingly tolerant ones, takes the first rung that yields exactly one
//! entry, and records which rung it was in [`Citation::resolution`] so that every tolerant
//! link stays visible and auditable.
//!
//! The rules, in the order they are tried (the name is what `resolution` holds):
//!
//! 1. `exact`: names and year equal as written, same author list shape.
//! 2. `folded`: names equal after folding (NFKD without combining marks, lowercase, letters
//!    only, `&` = `and`, name particles such as `van der` optional); years equal after
//!    normalising (`n.d.` = `nd` = no year).
//! 3. `et-al`: `X et al.` against an entry listing X and at least one co-author, or a full
//!    author list against an entry written `X et al.`.
//! 4. `missing-suffix`: cited `2013`, the only matching entry is `2013a`/`2013b`/....
//! 5. `extra-suffix`: cited `2013b`, the only matching entry is a plain `2013`.
//! 6. `first-author`: cited `Cao (2002)`, the entry is by Cao and co-authors (`et al.` omitted).
//! 7. `edit-distance`: a name differs by a bounded Damerau-Levenshtein distance (OCR damage,
//!    misspelling), bounded relative to the name's length; years must agree.
//! 8. `missing-year`: the citation gives no year and exactly one entry has that author.
//! 9. `year-off-by-one`: the years differ by one, the author has exactly one entry, and no
//!    other citation already links to it (judged safe only then; always reported as
//!    `year-mismatch`).
//! 10. `given-name`: a name written with given names in running text (`Kenneth Rogoff
//!     (2014)`, `I.J. Wright et al. 2007`) matches by its last word through rules 1-6, in an
//!     entry that opens with that family name and whose given name has the same initial; the
//!     citation's `authors` then hold the family names.
//!
//! What an entry is looked up by: its first author's folded name; the acronym it gives a
//! corporate author (`American Society of Civil Engineers (ASCE). (2010).` is cited `ASCE
//! 2010`); an author-year label that opens it (`[Bais 2010] “The Physics…”`, which then
//! stands for its names and year); and, for an institution the entry parser split into
//! levels (`United Nations, Department of …, Population Division`), the opening of the raw
//! entry, so the citation naming it whole still matches.
//!
//! Documents with a reference list per chapter (theses, edited books) list the same work
//! several times: copies are one duplicate group, indexed once, and a citation takes the
//! fitting entry of the first list after it (lists are told apart by the gaps between
//! entries).
//!
//! When the best rung yields several entries that are not duplicates of each other, the
//! citation stays unlinked and an `ambiguous-citation` diagnostic lists them, naming the
//! one its neighbourhood (the surrounding ±3 citations and its paragraph) favours.
//!
//! Each citation that stays unlinked gets exactly one diagnostic saying why:
//! `ambiguous-citation`, `year-mismatch` (the author has entries, but for other years) or
//! `unresolved-citation` (with the closest entry as suggestion). Tolerant links add one
//! explanatory diagnostic: `name-near-miss` (edit-distance), `suffix-problem`
//! (missing/extra suffix), `year-mismatch` (year-off-by-one).
//!
//! Lookup is by an index on the folded first-author name, so resolving N citations against
//! M references costs about O(N + M); only citations no cheaper rule resolves are compared
//! against every distinct first-author name for the edit-distance rule.

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{Citation, Person, Reference};
use crate::source::{Source, Span};
use std::collections::{HashMap, HashSet};

mod checks;
mod context;
mod index;
mod labels;
#[cfg(test)]
mod paper_tests;
mod rules;
#[cfg(test)]
mod tests;

use checks::*;
use context::*;
use index::*;
use labels::*;
pub(crate) use rules::*;

// Key generation lives in `crate::keys`, folding in `crate::text`; re-exported for existing callers.
pub use crate::text::fold;
pub(crate) use crate::text::*;

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/// Resolves every citation to at most one reference: sets `citation.reference = Some(ref.id)`
/// and `citation.resolution = Some(rule)`, where the rule names what matched: `exact`, `folded`
/// (diacritics, case, `&`/`and`, particles), `et-al` (`et al.` against a full author list, or a
/// full list against an entry written `X et al.`), `missing-suffix` (cited 2013, the only entry
/// is 2013x), `extra-suffix` (cited 2013b, the only entry is 2013), `first-author` (`et al.`
/// left out), `edit-distance` (OCR-damaged or misspelt names; bounded Damerau-Levenshtein
/// relative to name length), `missing-year` (no year, one entry by that author) and
/// `year-off-by-one` (only when safe; always reported as `year-mismatch`) and `given-name`
/// (`Kenneth Rogoff (2014)`; `authors` become the family names). Exact is tried
/// first, then the tolerant rules in that order; see the module documentation.
///
/// Returns diagnostics, each with code, severity, span and line of the citation (or of the
/// reference: its span when it has one, else its `line`), message and suggestion, sorted by
/// position: `unresolved-citation`, `ambiguous-citation`, `year-mismatch`, `name-near-miss`,
/// `suffix-problem`, `uncited-reference` (info; only when there are citations) and
/// `duplicate-reference`. Previous values of `reference` and `resolution` are cleared first,
/// so calling it twice gives the same result. With an empty `refs` it links nothing and
/// returns [`check_citations`] instead; with a list, the citation-only checks that the list
/// makes redundant (two spellings cited for one year, `2013` next to `2013b`) are not run.
#[cfg(test)]
pub fn resolve(citations: &mut [Citation], refs: &[Reference], src: &Source) -> Vec<Diagnostic> {
    resolve_with_keys(citations, refs, src, &[])
}

/// [`resolve`] for a list in which some citations were made by citation key (a format's
/// `[@key]` or `\cite{key}`): where `by_key[i]` is true, citation `i` keeps the `reference`
/// and `resolution` it has (the entry its key names, or none for an unknown key), is not
/// resolved again and gets no diagnostic from here, and its entry counts as cited (so it is
/// not reported as `uncited-reference`). Missing flags are false.
pub fn resolve_with_keys(
    citations: &mut [Citation],
    refs: &[Reference],
    src: &Source,
    by_key: &[bool],
) -> Vec<Diagnostic> {
    let keyed = |i: usize| by_key.get(i).copied().unwrap_or(false);
    for (i, c) in citations.iter_mut().enumerate() {
        if !keyed(i) {
            c.reference = None;
            c.resolution = None;
        }
    }
    if refs.is_empty() {
        if by_key.iter().any(|&k| k) {
            let plain: Vec<Citation> =
                citations.iter().enumerate().filter(|(i, _)| !keyed(*i)).map(|(_, c)| c.clone()).collect();
            return check_citations(&plain, src);
        }
        return check_citations(citations, src);
    }
    let index = RefIndex::new(refs);
    let mut cits = cit_infos(citations);

    // Pass A: every rule except year-off-by-one (key citations keep the entry of their key).
    let mut outcomes: Vec<Outcome> = cits
        .iter()
        .zip(citations.iter())
        .enumerate()
        .map(|(i, (ci, c))| {
            if !keyed(i) {
                return index.resolve_one(ci, c.span.start);
            }
            match c.reference.as_ref().and_then(|id| refs.iter().position(|r| &r.id == id)) {
                Some(r) => Outcome::Resolved { r, rule: Rule::Key },
                None => Outcome::ByUnknownKey,
            }
        })
        .collect();

    // Pass B: year-off-by-one, only for works nobody else links to.
    let cited: HashSet<usize> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Resolved { r, .. } => Some(*r),
            _ => None,
        })
        .collect();
    for (ci, c) in cits.iter().enumerate() {
        if matches!(outcomes.get(ci), Some(Outcome::Unresolved))
            && let Some(r) = index.off_by_one(c, &cited)
        {
            outcomes[ci] = Outcome::Resolved { r, rule: Rule::YearOffByOne };
        }
    }

    // Pass C: names written with given names in running text (`Kenneth Rogoff (2014)`).
    for (ci, c) in citations.iter_mut().enumerate() {
        if !matches!(outcomes.get(ci), Some(Outcome::Unresolved)) {
            continue;
        }
        if let Some((families, r)) = given_name_match(c, &index, refs) {
            c.authors = families;
            cits[ci] = CitInfo::new(c);
            outcomes[ci] = Outcome::Resolved { r, rule: Rule::GivenName };
        }
    }

    for (c, outcome) in citations.iter_mut().zip(&outcomes) {
        if let Outcome::Resolved { r, rule } = outcome
            && let Some(reference) = refs.get(*r)
        {
            c.reference = Some(reference.id.clone());
            c.resolution = Some(rule.name().to_string());
        }
    }

    let work_of: Vec<Option<usize>> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Resolved { r, .. } => Some(*r),
            _ => None,
        })
        .collect();
    let ctx = Neighbourhood::new(citations, src, &work_of);

    let mut diags = Vec::new();
    for (ci, outcome) in outcomes.iter().enumerate() {
        let (Some(c), Some(info)) = (citations.get(ci), cits.get(ci)) else {
            continue;
        };
        let place = |d: Diagnostic| d.with_span(c.span).with_line(src.line_of(c.span.start));
        match outcome {
            Outcome::Resolved { r, rule } => {
                let Some(reference) = refs.get(*r) else {
                    continue;
                };
                if let Some(d) = explain_tolerant(c, info, reference, &index.refs[*r], *rule) {
                    diags.push(place(d));
                }
            }
            Outcome::Ambiguous { candidates } => {
                let fav = ctx.favoured(ci, candidates);
                let mut labels: Vec<String> = candidates
                    .iter()
                    .take(MAX_LISTED_CANDIDATES)
                    .filter_map(|&r| refs.get(r))
                    .map(|r| format!("{} ({})", ref_label(r), r.id))
                    .collect();
                if candidates.len() > MAX_LISTED_CANDIDATES {
                    labels.push(format!("and {} more", candidates.len() - MAX_LISTED_CANDIDATES));
                }
                let (msg, mut sugg) = if info.year.is_none() {
                    (
                        format!(
                            "`{}` gives no year and {} has several entries: {}",
                            c.text.trim(),
                            cit_authors_label(c),
                            labels.join(", ")
                        ),
                        "add the year".to_string(),
                    )
                } else {
                    (
                        format!("`{}` matches several entries: {}", c.text.trim(), labels.join(", ")),
                        "make the citation specific (add or correct the year suffix)".to_string(),
                    )
                };
                if let Some(f) = fav.and_then(|f| refs.get(f)) {
                    sugg.push_str(&format!("; the surrounding citations favour {} ({})", ref_label(f), f.id));
                }
                diags.push(place(Diagnostic::warning(Code::AmbiguousCitation, msg).with_suggestion(sugg)));
            }
            Outcome::Unresolved => diags.push(place(index.explain_unresolved(c, info))),
            Outcome::ByUnknownKey => {}
        }
    }

    // Reference-list checks.
    let cited: HashSet<usize> = work_of.iter().flatten().copied().collect();
    if !citations.is_empty() {
        for (ri, r) in refs.iter().enumerate() {
            // A duplicate cited through its first copy counts as cited (and is reported as a duplicate).
            let rep = index.dup_of.get(ri).copied().unwrap_or(ri);
            if !cited.contains(&ri) && !cited.contains(&rep) {
                diags.push(place_ref(
                    Diagnostic::info(
                        Code::UncitedReference,
                        format!("{} ({}) is not cited in the text", ref_label(r), r.id),
                    )
                    .with_suggestion("cite it where it is used, or remove it from the list"),
                    r,
                    src,
                ));
            }
        }
    }
    diags.extend(duplicate_references(refs, &index, src));
    diags.extend(reference_suffix_problems(refs, &index, src));
    let mut known: HashSet<String> = cits.iter().flat_map(|c| c.names.iter().map(|n| n.folded.clone())).collect();
    known.extend(index.refs.iter().flat_map(|r| r.names.iter().map(|n| n.folded.clone())));
    diags.extend(context_near_misses(citations, &known, src));
    sort_diagnostics(&mut diags);
    diags
}

/// A citation whose names carry given names (`Kenneth Rogoff (2014)`, `I.J. Wright et al.
/// 2007`) resolved through the family names alone: each multi-word name is cut to its last
/// word, the shortened citation must resolve without edit distance, the entry must open with
/// the first family name, and the word before each family name must share its initial with
/// that author's given name in the entry. Returns the family names and the entry.
fn given_name_match(c: &Citation, index: &RefIndex, refs: &[Reference]) -> Option<(Vec<String>, usize)> {
    let personal = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '-' | '\'' | '’'))
    };
    let mut families = Vec::with_capacity(c.authors.len());
    let mut givens = Vec::with_capacity(c.authors.len());
    for a in &c.authors {
        let words: Vec<&str> = a.split_whitespace().collect();
        match words.as_slice() {
            [.., given, family] if words.len() <= 4 && words.iter().all(|w| personal(w)) => {
                families.push(family.to_string());
                givens.push(Some(*given));
            }
            _ => {
                families.push(a.clone());
                givens.push(None);
            }
        }
    }
    if givens.iter().all(Option::is_none) {
        return None;
    }
    let short = Citation { authors: families.clone(), ..c.clone() };
    let Outcome::Resolved { r, rule } = index.resolve_one(&CitInfo::new(&short), c.span.start) else {
        return None;
    };
    if rule >= Rule::EditDistance {
        return None;
    }
    let entry = refs.get(r)?;
    // The entry must write the first family name first (`Rogoff, Ken. 2014.`): an entry that
    // opens with the whole name (`Inspector General, Office of.`, `Franklin Associates.`) is
    // a name the citation gives whole, however the entry parser split it.
    if givens.first().is_some_and(Option::is_some) {
        let opening = entry.raw.trim_start().split([',', ' ', '.']).next().unwrap_or("");
        if opening.to_lowercase() != families[0].to_lowercase() {
            return None;
        }
    }
    let initial = |s: &str| s.chars().next().map(|ch| ch.to_lowercase().collect::<String>());
    let all_agree = givens.iter().enumerate().all(|(k, g)| match g {
        None => true,
        Some(g) => entry.authors.get(k).and_then(|p| p.given.as_deref()).is_some_and(|eg| initial(eg) == initial(g)),
    });
    all_agree.then_some((families, r))
}

/// Consistency checks that need no reference list (also run by `resolve` when refs is empty): diagnostics over the citations alone.
///
/// Produces `ambiguous-citation` for a year-less citation whose author has several works
/// cited elsewhere (naming the one the context favours), `suffix-problem` when `X 2013` and
/// `X 2013b` are both cited but `X 2013a` never is, and `name-near-miss` for two spellings of
/// one author with the same year, or for a cited name that differs slightly from a
/// capitalised name earlier in the same sentence (`Richard Haass ... (Haas, 2010)`).
pub fn check_citations(citations: &[Citation], src: &Source) -> Vec<Diagnostic> {
    let cits = cit_infos(citations);
    let mut diags = Vec::new();

    // Distinct works cited with a year.
    let mut works: Vec<WorkKey> = Vec::new();
    let mut work_index: HashMap<WorkKey, usize> = HashMap::new();
    let mut work_label: Vec<String> = Vec::new();
    let mut work_of: Vec<Option<usize>> = Vec::with_capacity(cits.len());
    for (c, info) in citations.iter().zip(&cits) {
        let Some(key) = WorkKey::of(info) else {
            work_of.push(None);
            continue;
        };
        let id = *work_index.entry(key.clone()).or_insert_with(|| {
            works.push(key);
            work_label.push(format!("{} {}", cit_authors_label(c), c.year.as_deref().unwrap_or("").trim()));
            works.len() - 1
        });
        work_of.push(Some(id));
    }

    // Year-less citations: which works could they mean?
    let ctx = Neighbourhood::new(citations, src, &work_of);
    for (ci, (c, info)) in citations.iter().zip(&cits).enumerate() {
        if info.year.is_some() || info.names.is_empty() {
            continue;
        }
        let mut candidates: Vec<usize> =
            works.iter().enumerate().filter(|(_, w)| w.same_authors(info)).map(|(i, _)| i).collect();
        candidates.sort_by_key(|&w| works.get(w).map(|k| year_order(&k.year)));
        if candidates.len() < 2 {
            continue;
        }
        let labels: Vec<&str> = candidates.iter().filter_map(|&w| work_label.get(w).map(String::as_str)).collect();
        let mut sugg = "add the year".to_string();
        if let Some(f) = ctx.favoured(ci, &candidates).and_then(|f| work_label.get(f)) {
            sugg.push_str(&format!("; the surrounding citations favour {f}"));
        }
        diags.push(
            Diagnostic::warning(
                Code::AmbiguousCitation,
                format!(
                    "`{}` gives no year and {} works by {} are cited: {}",
                    c.text.trim(),
                    candidates.len(),
                    cit_authors_label(c),
                    labels.join(", ")
                ),
            )
            .with_span(c.span)
            .with_line(src.line_of(c.span.start))
            .with_suggestion(sugg),
        );
    }

    // Suffixes: `2013` and `2013b` cited, but never `2013a`.
    let mut groups: HashMap<(String, u32), Vec<(String, usize)>> = HashMap::new();
    let mut group_order: Vec<(String, u32)> = Vec::new();
    for (ci, info) in cits.iter().enumerate() {
        if let Some(YearKey::Year(base, suffix)) = &info.year {
            let key = (info.authors_key(), *base);
            let g = groups.entry(key.clone()).or_insert_with(|| {
                group_order.push(key);
                Vec::new()
            });
            if !g.iter().any(|(s, _)| s == suffix) {
                g.push((suffix.clone(), ci));
            }
        }
    }
    for key in &group_order {
        let Some(g) = groups.get(key) else { continue };
        let bare = g.iter().find(|(s, _)| s.is_empty());
        let lettered: Vec<&str> = g.iter().filter(|(s, _)| !s.is_empty()).map(|(s, _)| s.as_str()).collect();
        if let Some(&(_, ci)) = bare
            && !lettered.is_empty()
            && !lettered.contains(&"a")
            && let Some(c) = citations.get(ci)
        {
            let who = cit_authors_label(c);
            let year = key.1;
            let others: Vec<String> = lettered.iter().map(|s| format!("{who} {year}{s}")).collect();
            diags.push(
                Diagnostic::warning(
                    Code::SuffixProblem,
                    format!("{who} {year} is cited alongside {}, but {who} {year}a never is", others.join(", ")),
                )
                .with_span(c.span)
                .with_line(src.line_of(c.span.start))
                .with_suggestion(format!(
                    "`{who} {year}` probably means {who} {year}a; letter all works of {year} alike"
                )),
            );
        }
    }

    // Two spellings of one author for the same year.
    diags.extend(citation_spelling_near_misses(citations, &cits, src));

    let known: HashSet<String> = cits.iter().flat_map(|c| c.names.iter().map(|n| n.folded.clone())).collect();
    diags.extend(context_near_misses(citations, &known, src));
    sort_diagnostics(&mut diags);
    diags
}
