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
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How far back from a citation to look for the sentence that introduces its author.
const CONTEXT_WINDOW: usize = 400;
/// How many citations on either side count as the neighbourhood of a citation.
const NEIGHBOURHOOD: usize = 3;

/// A word that may be dropped from the front of a family name when names are compared: a
/// name particle (`van`, `dei`, `zur`; the shared lexicon) or an article (`the World Bank`).
fn droppable_particle(folded: &str) -> bool {
    folded == "the" || crate::lexicon::is_particle(folded)
}

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/// Assigns stable, unique BibLaTeX keys to references: first author's family name (or corporate name) folded to
/// ASCII lowercase letters/digits + year with suffix (`hill2013b`, `eastwestinstitute2012`, `nd` for no year);
/// clashes get `a`, `b`... appended deterministically in list order. Keeps an existing non-empty key (from .bib) unchanged
/// unless it clashes.
///
/// Existing keys are honoured first (the earliest holder of a key keeps it); then every entry
/// that needs a key gets its natural key if no earlier entry claimed it; the rest get the first
/// free `a`, `b`, ..., `z`, `aa`, ... appended to their natural (or clashing) key.
pub fn assign_keys(refs: &mut [Reference]) {
    let mut used: HashSet<String> = HashSet::new();
    let mut needs: Vec<(usize, String)> = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        if !r.key.trim().is_empty() && !used.contains(&r.key) {
            used.insert(r.key.clone());
        } else if r.key.trim().is_empty() {
            needs.push((i, natural_key(r)));
        } else {
            needs.push((i, r.key.clone()));
        }
    }
    let mut rest = Vec::new();
    for (i, base) in needs {
        if used.insert(base.clone()) {
            if let Some(r) = refs.get_mut(i) {
                r.key = base;
            }
        } else {
            rest.push((i, base));
        }
    }
    // Next suffix to try per base key, so many clashes on one base stay linear.
    let mut next: HashMap<String, usize> = HashMap::new();
    for (i, base) in rest {
        let n = next.entry(base.clone()).or_insert(0);
        let key = loop {
            let candidate = format!("{base}{}", letters(*n));
            *n += 1;
            if !used.contains(&candidate) {
                break candidate;
            }
        };
        used.insert(key.clone());
        if let Some(r) = refs.get_mut(i) {
            r.key = key;
        }
    }
}

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

// ---------------------------------------------------------------------------------------
// Folding names and years
// ---------------------------------------------------------------------------------------

/// Folds a name for comparison: NFKD, combining marks dropped, lowercase, `&` → `and`,
/// letters only (digits too when `digits`).
///
/// ASCII bytes are folded directly; only the runs of non-ASCII characters between them go
/// through NFKD. An ASCII character is a starter that decomposes to itself, and canonical
/// reordering never crosses a starter, so this is exactly NFKD of the whole string.
fn fold_with(s: &str, digits: bool) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s, digits);
    out
}

/// [`fold_with`] appending to `out`, so a caller folding many words can reuse one buffer.
fn fold_into(out: &mut String, s: &str, digits: bool) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            match b {
                b'&' => out.push_str("and"),
                b if b.is_ascii_alphabetic() => out.push(char::from(b.to_ascii_lowercase())),
                b if digits && b.is_ascii_digit() => out.push(char::from(b)),
                _ => {}
            }
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii()) {
            i += 1;
        }
        // Both ends sit next to ASCII bytes (or the string's ends): char boundaries.
        fold_unicode(out, s.get(start..i).unwrap_or_default(), digits);
    }
}

/// [`fold_with`] for a run of non-ASCII characters.
fn fold_unicode(out: &mut String, run: &str, digits: bool) {
    for ch in run.nfkd() {
        if is_combining_mark(ch) {
            continue;
        }
        match ch {
            '&' => out.push_str("and"),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c if c.is_alphabetic() => out.extend(c.to_lowercase()),
            c if digits && c.is_ascii_digit() => out.push(c),
            _ => {}
        }
    }
}

/// Folds a name to ASCII-ish lower-case letters for comparison and keys (`Genéve` → `geneve`).
pub fn fold(s: &str) -> String {
    fold_with(s, false)
}

/// The folded name without leading particles (`van der Berg` → `berg`, `The World Bank` →
/// `worldbank`, `d'Alembert` → `alembert`). Keeps at least one word.
fn core(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut start = 0;
    while start + 1 < words.len() && words.get(start).is_some_and(|w| droppable_particle(&fold(w))) {
        start += 1;
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate().skip(start) {
        let mut w = *w;
        if i == start {
            for p in ["d'", "d’", "l'", "l’", "D'", "D’", "L'", "L’"] {
                if let Some(rest) = w.strip_prefix(p)
                    && rest.chars().next().is_some_and(char::is_alphabetic)
                {
                    w = rest;
                    break;
                }
            }
        }
        out.push_str(&fold(w));
    }
    out
}

/// Folds a possibly OCR-damaged name: digits and bars that look like letters become letters.
fn ocr_fold(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '|' => 'l',
            '5' => 's',
            '8' => 'b',
            c => c,
        })
        .collect();
    fold(&mapped)
}

/// Whitespace-normalised name as written, for the `exact` rule.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All comparison forms of one name.
#[derive(Debug, Clone)]
struct NameForms {
    /// As written, whitespace normalised.
    raw: String,
    /// [`fold`].
    folded: String,
    /// [`core`].
    core: String,
    /// [`ocr_fold`].
    ocr: String,
}

impl NameForms {
    fn new(s: &str) -> Self {
        NameForms { raw: squash(s), folded: fold(s), core: core(s), ocr: ocr_fold(s) }
    }
}

/// How closely two names agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameLevel {
    Exact,
    Folded,
    /// Within the edit bound, at this distance.
    Edit(usize),
}

/// The largest edit distance tolerated between names of `len` folded letters.
fn edit_bound(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=15 => 2,
        _ => 3,
    }
}

/// Damerau-Levenshtein distance of `a` and `b` when it is within the bound for the shorter one.
fn bounded_distance(a: &str, b: &str) -> Option<usize> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let bound = edit_bound(la.min(lb));
    if la.abs_diff(lb) > bound {
        return None;
    }
    let d = strsim::damerau_levenshtein(a, b);
    (d <= bound).then_some(d)
}

/// Compares a cited name with a reference name.
fn name_level(c: &NameForms, r: &NameForms, allow_edit: bool) -> Option<NameLevel> {
    if c.folded.is_empty() && c.core.is_empty() {
        return None;
    }
    if !c.raw.is_empty() && c.raw == r.raw {
        return Some(NameLevel::Exact);
    }
    let eq = |a: &str, b: &str| !a.is_empty() && a == b;
    if eq(&c.folded, &r.folded) || eq(&c.core, &r.core) || eq(&c.core, &r.folded) || eq(&c.folded, &r.core) {
        return Some(NameLevel::Folded);
    }
    if !allow_edit {
        return None;
    }
    let d1 = bounded_distance(&c.ocr, &r.ocr);
    let d2 = bounded_distance(&c.core, &r.core);
    match (d1, d2) {
        (Some(a), Some(b)) => Some(NameLevel::Edit(a.min(b))),
        (Some(a), None) | (None, Some(a)) => Some(NameLevel::Edit(a)),
        (None, None) => None,
    }
}

/// A year normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum YearKey {
    /// Four-digit year and a letter suffix (possibly empty).
    Year(u32, String),
    /// `n.d.`, or no year in a reference.
    NoDate,
    /// `in press`, `forthcoming`, ...
    InPress,
    /// Anything else, folded.
    Other(String),
}

impl YearKey {
    fn parse(y: &str) -> YearKey {
        let t: String = y.chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect();
        match t.as_str() {
            "" | "nd" | "sd" | "nodate" | "undated" => return YearKey::NoDate,
            "inpress" | "forthcoming" | "inprep" | "inpreparation" | "submitted" | "accepted" => {
                return YearKey::InPress;
            }
            _ => {}
        }
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() == 4
            && let Ok(n) = digits.parse::<u32>()
        {
            let rest = t.get(4..).unwrap_or("");
            if rest.is_empty() || (rest.len() <= 2 && rest.chars().all(|c| c.is_ascii_lowercase())) {
                return YearKey::Year(n, rest.to_string());
            }
        }
        YearKey::Other(t)
    }
}

/// Sort order for years: numbered years first, chronologically, then the rest.
fn year_order(y: &YearKey) -> (u32, String) {
    match y {
        YearKey::Year(n, s) => (*n, s.clone()),
        YearKey::NoDate => (u32::MAX - 2, String::new()),
        YearKey::InPress => (u32::MAX - 1, String::new()),
        YearKey::Other(s) => (u32::MAX, s.clone()),
    }
}

/// How a cited year relates to an entry's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearMatch {
    Exact,
    Folded,
    MissingSuffix,
    ExtraSuffix,
    OffByOne,
}

fn year_match(c_raw: &str, c: &YearKey, r_raw: Option<&str>, r: &YearKey) -> Option<YearMatch> {
    if r_raw.is_some_and(|rr| rr.trim() == c_raw.trim()) {
        return Some(YearMatch::Exact);
    }
    if c == r {
        return Some(YearMatch::Folded);
    }
    match (c, r) {
        (YearKey::Year(a, sa), YearKey::Year(b, sb)) if a == b => {
            if sa.is_empty() && !sb.is_empty() {
                Some(YearMatch::MissingSuffix)
            } else if !sa.is_empty() && sb.is_empty() {
                Some(YearMatch::ExtraSuffix)
            } else {
                None
            }
        }
        (YearKey::Year(a, _), YearKey::Year(b, _)) if a.abs_diff(*b) == 1 => Some(YearMatch::OffByOne),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------

/// A resolution rule; the order is the order in which they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    /// Named by a citation key; set by the format, never by a rule here.
    Key,
    Exact,
    Folded,
    EtAl,
    MissingSuffix,
    ExtraSuffix,
    FirstAuthor,
    EditDistance,
    MissingYear,
    YearOffByOne,
    GivenName,
}

impl Rule {
    fn name(self) -> &'static str {
        match self {
            Rule::Key => "key",
            Rule::Exact => "exact",
            Rule::Folded => "folded",
            Rule::EtAl => "et-al",
            Rule::MissingSuffix => "missing-suffix",
            Rule::ExtraSuffix => "extra-suffix",
            Rule::FirstAuthor => "first-author",
            Rule::EditDistance => "edit-distance",
            Rule::MissingYear => "missing-year",
            Rule::YearOffByOne => "year-off-by-one",
            Rule::GivenName => "given-name",
        }
    }
}

/// How the author lists of a citation and an entry correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Same number of names (or a corporate first author).
    Same,
    /// `et al.` on one side covers the other side's co-authors.
    EtAl,
    /// The citation names fewer authors than the entry without `et al.`.
    FirstAuthor,
}

/// The shape and the number of leading names to compare.
fn shape(c_n: usize, c_etal: bool, r_n: usize, r_etal: bool, r_corporate: bool) -> Option<(Shape, usize)> {
    if c_n == 0 || r_n == 0 {
        return None;
    }
    if c_etal {
        if r_etal && r_n >= c_n {
            return Some((if r_n == c_n { Shape::Same } else { Shape::EtAl }, c_n));
        }
        if r_n > c_n {
            return Some((Shape::EtAl, c_n));
        }
        return None;
    }
    if r_etal {
        return if r_n <= c_n { Some((Shape::EtAl, r_n)) } else { Some((Shape::FirstAuthor, c_n)) };
    }
    if r_n == c_n {
        return Some((Shape::Same, c_n));
    }
    if r_n > c_n {
        if c_n == 1 && r_corporate {
            return Some((Shape::Same, 1));
        }
        return Some((Shape::FirstAuthor, c_n));
    }
    None
}

/// Comparison data for every citation, with abbreviations the document defines in its
/// citations (`(National Institute of Mental Health [NIMH], 2020)`) expanded wherever a later
/// citation uses them alone (`(NIMH, 2021)`).
fn cit_infos(citations: &[Citation]) -> Vec<CitInfo> {
    let mut aliases: HashMap<String, String> = HashMap::new();
    for c in citations {
        if let [name] = c.authors.as_slice()
            && let Some(open) = c.text.find(&format!("{name} ["))
            && let Some(inner) = c.text[open + name.len() + 2..].split(']').next()
            && inner.len() >= 2
            && inner.chars().all(|ch| ch.is_uppercase() || ch == '&' || ch == '-')
        {
            aliases.entry(inner.to_string()).or_insert_with(|| name.clone());
        }
    }
    citations
        .iter()
        .map(|c| match (c.authors.as_slice(), aliases.is_empty()) {
            ([short], false) if aliases.contains_key(short) => {
                let full = Citation { authors: vec![aliases[short].clone()], ..c.clone() };
                CitInfo::new(&full)
            }
            _ => CitInfo::new(c),
        })
        .collect()
}

/// Precomputed comparison data for one citation.
#[derive(Debug, Clone)]
struct CitInfo {
    names: Vec<NameForms>,
    et_al: bool,
    /// Year as written (trimmed), when given.
    year_raw: String,
    year: Option<YearKey>,
}

impl CitInfo {
    fn new(c: &Citation) -> Self {
        let names: Vec<NameForms> =
            c.authors.iter().map(|a| NameForms::new(a)).filter(|n| !n.folded.is_empty() || !n.ocr.is_empty()).collect();
        let year_raw = c.year.as_deref().unwrap_or("").trim().to_string();
        let year = (!year_raw.is_empty()).then(|| YearKey::parse(&year_raw));
        CitInfo { names, et_al: c.et_al, year_raw, year }
    }
    /// Folded author list, for grouping works.
    fn authors_key(&self) -> String {
        let mut k = self.names.iter().map(|n| n.folded.as_str()).collect::<Vec<_>>().join("|");
        if self.et_al {
            k.push_str("|+");
        }
        k
    }
}

/// Precomputed comparison data for one reference.
#[derive(Debug, Clone)]
struct RefInfo {
    names: Vec<NameForms>,
    et_al: bool,
    corporate: bool,
    /// The folded opening of the raw entry when the first author is corporate: an institution
    /// named level by level (`United Nations, Department of …`) may have been split into
    /// several authors by the entry parser, while a citation names it whole.
    corporate_head: Option<String>,
    /// The folded acronym an entry gives its corporate author: `American Society of Civil
    /// Engineers (ASCE). (2010).` is cited as `ASCE 2010`.
    acronym: Option<String>,
    /// Year as written, trimmed.
    year_raw: Option<String>,
    year: YearKey,
}

impl RefInfo {
    fn new(r: &Reference) -> Self {
        if let Some((label_names, label_year)) = alpha_label(&r.raw) {
            // `[Bais 2010] “The Physics of Information”, …`: the text cites the label.
            let names = label_names.iter().map(|n| NameForms::new(n)).collect();
            return RefInfo {
                names,
                et_al: false,
                corporate: false,
                corporate_head: None,
                acronym: None,
                year: YearKey::parse(label_year),
                year_raw: Some(label_year.to_string()),
            };
        }
        let names: Vec<NameForms> = r.authors.iter().map(|p| NameForms::new(p.sort_name())).collect();
        let corporate = r.authors.first().is_some_and(|p| p.family.is_none() && p.literal.is_some());
        let year = r.year.as_deref().map(YearKey::parse).unwrap_or(YearKey::NoDate);
        let year_raw = r.year.as_deref().map(str::trim).map(str::to_string);
        let corporate_head = (corporate && names.len() > 1).then(|| {
            let mut end = r.raw.len().min(300);
            while !r.raw.is_char_boundary(end) {
                end -= 1;
            }
            fold(&r.raw[..end])
        });
        let acronym = author_acronym(&r.raw).map(fold);
        RefInfo { names, et_al: r.et_al, corporate, corporate_head, acronym, year_raw, year }
    }
    /// The authors as an author-year citation names them: one name, both of two, or the
    /// first and `et al.` for three or more.
    fn short_form(&self) -> String {
        let first = self.names.first().map(|n| n.folded.as_str()).unwrap_or("");
        match (self.names.len(), self.et_al) {
            (0 | 1, false) => first.to_string(),
            (2, false) => format!("{first}|{}", self.names[1].folded),
            _ => format!("{first}|+"),
        }
    }
    fn authors_key(&self) -> String {
        let mut k = self.names.iter().map(|n| n.folded.as_str()).collect::<Vec<_>>().join("|");
        if self.et_al {
            k.push_str("|+");
        }
        k
    }
}

/// The names and year of an author-year label opening an entry: `[Bais 2010]`,
/// `[Bar-Yam 2004a]`, `[Smith and Jones, 1999]`. `None` for numeric labels (`[12]`) and for
/// entries without one.
fn alpha_label(raw: &str) -> Option<(Vec<&str>, &str)> {
    let rest = raw.trim_start().strip_prefix('[')?;
    let label = rest.get(..rest.find(']')?)?.trim();
    let (names, year) = label.rsplit_once([' ', ','])?;
    let digits = year.trim_end_matches(|c: char| c.is_ascii_lowercase());
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || year.len() > 5 {
        return None;
    }
    let names: Vec<&str> = names
        .trim_end_matches([',', ' '])
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty() && n != &"et al." && n != &"et al")
        .collect();
    let named = !names.is_empty() && names.iter().all(|n| n.chars().next().is_some_and(char::is_uppercase));
    named.then_some((names, year))
}

/// Longest stretch between two entries of one list (running heads, page numbers, notes at a
/// page bottom); a longer gap is running text, so another list starts. Generous on purpose:
/// splitting one list in two could settle a truly ambiguous citation.
const LIST_GAP: usize = 5000;

/// For each entry read from the document, the start of the list it belongs to: entries
/// follow each other closely within a list, and lists (one per chapter) stand apart.
fn list_starts(refs: &[Reference]) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, Span)> = refs.iter().enumerate().filter_map(|(i, r)| r.span.map(|s| (i, s))).collect();
    order.sort_by_key(|&(_, s)| s.start);
    let mut out = vec![None; refs.len()];
    let mut current: Option<(usize, usize)> = None; // (list start, end of the previous entry)
    for (i, s) in order {
        let start = match current {
            Some((list, prev_end)) if s.start <= prev_end + LIST_GAP => list,
            _ => s.start,
        };
        current = Some((start, s.end.max(current.map_or(0, |c| c.1))));
        out[i] = Some(start);
    }
    out
}

/// An acronym in parentheses before an entry's first year: `(ASCE)`, `(NZNSEE)`, `(AT&T)`.
fn author_acronym(raw: &str) -> Option<&str> {
    let head = raw.get(..raw.len().min(250)).unwrap_or(raw);
    let year_at = head
        .as_bytes()
        .windows(4)
        .position(|w| w.iter().all(u8::is_ascii_digit) && matches!(w[0], b'1' | b'2'))
        .unwrap_or(head.len());
    let mut rest = &head[..year_at];
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let close = after.find(')')?;
        let inner = after[..close].trim();
        let capitals = inner.chars().filter(char::is_ascii_uppercase).count();
        if (2..=12).contains(&inner.len())
            && capitals >= 2
            && inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && inner.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&' || c == '-')
        {
            return Some(inner);
        }
        rest = &after[close..];
    }
    None
}

/// Whether the citation's one name is the whole institution whose levels the entry's parser
/// split into several authors: longer than the entry's first author, and the entry opens with it.
fn split_institution_matches(name: &NameForms, r: &RefInfo) -> bool {
    match (&r.corporate_head, r.names.first()) {
        (Some(head), Some(first)) => name.folded.len() > first.folded.len() && head.starts_with(&name.folded),
        _ => false,
    }
}

/// How well a citation's names match an entry's: the worst level over the compared names.
fn names_match(c: &CitInfo, r: &RefInfo, allow_edit: bool) -> Option<(Shape, NameLevel, usize)> {
    if let [cn] = c.names.as_slice()
        && !c.et_al
        && (split_institution_matches(cn, r) || r.acronym.as_ref().is_some_and(|a| *a == cn.folded))
    {
        return Some((Shape::Same, NameLevel::Folded, 0));
    }
    let (shape, n) = shape(c.names.len(), c.et_al, r.names.len(), r.et_al, r.corporate)?;
    let mut worst = NameLevel::Exact;
    let mut total = 0;
    for i in 0..n {
        let (cn, rn) = (c.names.get(i)?, r.names.get(i)?);
        let level = name_level(cn, rn, allow_edit)?;
        if let NameLevel::Edit(d) = level {
            total += d;
        }
        worst = worst.max(level);
    }
    Some((shape, worst, total))
}

/// The least tolerant rule that links citation `c` to entry `r`, with a tie-break cost
/// (total edit distance). `None` when no rule does (year-off-by-one is left to the caller).
fn classify(c: &CitInfo, r: &RefInfo, allow_edit: bool) -> Option<(Rule, usize)> {
    let (shape, level, mut cost) = names_match(c, r, allow_edit)?;
    // `X et al.` means three or more authors; an entry by exactly two is only tolerated, so
    // `Schuman et al., 2012` prefers Schuman, Kessler & Baldwin over Schuman & Baldwin.
    if c.et_al && !r.et_al && r.names.len() == c.names.len() + 1 {
        cost += 1;
    }
    let Some(cy) = &c.year else {
        return match level {
            NameLevel::Exact | NameLevel::Folded => Some((Rule::MissingYear, cost)),
            NameLevel::Edit(_) => None,
        };
    };
    let ym = year_match_info(c, cy, r)?;
    let edited = matches!(level, NameLevel::Edit(_));
    let rule = match ym {
        YearMatch::Exact | YearMatch::Folded => match (shape, level) {
            (_, NameLevel::Edit(_)) if shape != Shape::FirstAuthor => Rule::EditDistance,
            (_, NameLevel::Edit(_)) => return None,
            (Shape::Same, NameLevel::Exact) if ym == YearMatch::Exact => Rule::Exact,
            (Shape::Same, _) => Rule::Folded,
            (Shape::EtAl, _) => Rule::EtAl,
            (Shape::FirstAuthor, _) => Rule::FirstAuthor,
        },
        YearMatch::MissingSuffix if !edited && shape != Shape::FirstAuthor => Rule::MissingSuffix,
        YearMatch::ExtraSuffix if !edited && shape != Shape::FirstAuthor => Rule::ExtraSuffix,
        _ => return None,
    };
    Some((rule, cost))
}

/// Year comparison between a citation and an entry.
fn year_match_info(c: &CitInfo, cy: &YearKey, r: &RefInfo) -> Option<YearMatch> {
    year_match(&c.year_raw, cy, r.year_raw.as_deref(), &r.year)
}

/// The outcome of resolving one citation.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Resolved {
        r: usize,
        rule: Rule,
    },
    Ambiguous {
        candidates: Vec<usize>,
    },
    Unresolved,
    /// Cited by a key that no entry has: reported where the key citation was made.
    ByUnknownKey,
}

/// References indexed by folded first-author name.
struct RefIndex<'a> {
    refs: Vec<RefInfo>,
    originals: &'a [Reference],
    /// Folded (and particle-free) first-author name → entries, in list order.
    by_first: HashMap<String, Vec<usize>>,
    /// Distinct keys of `by_first`, in first-seen order (for the edit-distance scan).
    keys: Vec<String>,
    /// Entry → index of its first duplicate group representative.
    dup_of: Vec<usize>,
    /// Representative → every entry of its duplicate group (empty for the others).
    members: Vec<Vec<usize>>,
    /// Entries with a corporate first author among several (see [`RefInfo::corporate_head`]).
    split_institutions: Vec<usize>,
    /// Entry → start offset of the reference list it stands in (entries from the document only).
    list_start: Vec<Option<usize>>,
}

impl<'a> RefIndex<'a> {
    fn new(originals: &'a [Reference]) -> Self {
        let refs: Vec<RefInfo> = originals.iter().map(RefInfo::new).collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut keys = Vec::new();
        // Duplicates (the same work in several chapter lists) are indexed once, under their
        // first entry, so lookups do not grow with the number of copies.
        let mut first_with: HashMap<String, usize> = HashMap::new();
        let dup_of: Vec<usize> = originals
            .iter()
            .zip(&refs)
            .enumerate()
            .map(|(i, (o, r))| *first_with.entry(dup_key(o, r)).or_insert(i))
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); refs.len()];
        for (i, &rep) in dup_of.iter().enumerate() {
            members[rep].push(i);
        }
        let mut add = |k: String, i: usize| {
            let v = by_first.entry(k.clone()).or_insert_with(|| {
                keys.push(k);
                Vec::new()
            });
            if v.last() != Some(&i) {
                v.push(i);
            }
        };
        for (i, r) in refs.iter().enumerate().filter(|&(i, _)| dup_of[i] == i) {
            if let Some(first) = r.names.first() {
                let mut ks = vec![first.folded.clone(), first.core.clone(), first.ocr.clone()];
                ks.sort();
                ks.dedup();
                for k in ks.into_iter().filter(|k| !k.is_empty()) {
                    add(k, i);
                }
            }
            if let Some(a) = r.acronym.as_ref().filter(|a| !a.is_empty()) {
                add(a.clone(), i);
            }
        }
        let split_institutions = (0..refs.len()).filter(|&i| refs[i].corporate_head.is_some()).collect();
        let list_start = list_starts(originals);
        RefIndex { refs, originals, by_first, keys, dup_of, members, split_institutions, list_start }
    }

    /// Entries whose first author folds like the citation's first author.
    fn candidates(&self, c: &CitInfo) -> Vec<usize> {
        let Some(first) = c.names.first() else {
            return Vec::new();
        };
        let mut out: Vec<usize> = Vec::new();
        for k in [&first.folded, &first.core, &first.ocr] {
            if let Some(v) = self.by_first.get(k.as_str()) {
                out.extend(v);
            }
        }
        if c.names.len() == 1 {
            out.extend(self.split_institutions.iter().filter(|&&i| split_institution_matches(first, &self.refs[i])));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Pass A: the best rule short of year-off-by-one.
    fn resolve_one(&self, c: &CitInfo, at: usize) -> Outcome {
        if c.names.is_empty() {
            return Outcome::Unresolved;
        }
        let mut scored: Vec<(Rule, usize, usize)> = self
            .candidates(c)
            .into_iter()
            .filter_map(|r| self.refs.get(r).and_then(|ri| classify(c, ri, true)).map(|(rule, cost)| (rule, cost, r)))
            .collect();
        let best_cheap = scored.iter().map(|s| s.0).min();
        if best_cheap.is_none_or(|b| b >= Rule::EditDistance) && c.year.is_some() {
            // Edit-distance fallback: scan distinct first-author names.
            let Some(first) = c.names.first() else {
                return Outcome::Unresolved;
            };
            let mut seen: HashSet<usize> = scored.iter().map(|s| s.2).collect();
            for k in &self.keys {
                if bounded_distance(&first.ocr, k).is_none() && bounded_distance(&first.core, k).is_none() {
                    continue;
                }
                for &r in self.by_first.get(k).map(Vec::as_slice).unwrap_or(&[]) {
                    if !seen.insert(r) {
                        continue;
                    }
                    if let Some((rule, cost)) = self.refs.get(r).and_then(|ri| classify(c, ri, true)) {
                        scored.push((rule, cost, r));
                    }
                }
            }
        }
        let Some(best) = scored.iter().map(|s| (s.0, s.1)).min() else {
            return Outcome::Unresolved;
        };
        let winners: Vec<usize> = scored.iter().filter(|s| (s.0, s.1) == best).map(|s| s.2).collect();
        let copies: usize = winners.iter().map(|&w| self.members.get(w).map_or(1, |m| m.len().max(1))).sum();
        let winners = if copies <= MAX_EXPANDED_COPIES {
            let mut winners: Vec<usize> = winners
                .iter()
                .flat_map(|&w| self.members.get(w).filter(|m| !m.is_empty()).cloned().unwrap_or(vec![w]))
                .collect();
            winners.sort_unstable();
            winners.dedup();
            self.keep_nearest_list(&mut winners, at);
            winners
        } else {
            self.nearest_copies(&winners, at)
        };
        let Some(&first) = winners.first() else {
            return Outcome::Unresolved;
        };
        let rep = |r: usize| self.dup_of.get(r).copied().unwrap_or(r);
        if winners.iter().all(|&w| rep(w) == rep(first)) {
            Outcome::Resolved { r: first, rule: best.0 }
        } else {
            Outcome::Ambiguous { candidates: winners }
        }
    }

    /// [`Self::keep_nearest_list`] for works with many copies (a document repeated, with its
    /// list, hundreds of times), without listing every copy: each work's copies are in list
    /// order, so the copy in the first list at or after `at` is found by binary search. When
    /// no list follows, one copy (the first) stands for each work.
    fn nearest_copies(&self, reps: &[usize], at: usize) -> Vec<usize> {
        let start = |r: usize| self.list_start.get(r).copied().flatten();
        let copies = |w: usize| -> &[usize] {
            match self.members.get(w).filter(|m| !m.is_empty()) {
                Some(m) => m,
                None => std::slice::from_ref(&reps[reps.iter().position(|&x| x == w).unwrap_or(0)]),
            }
        };
        let after: Vec<(usize, &[usize])> = reps
            .iter()
            .map(|&w| {
                let m = copies(w);
                (m.partition_point(|&r| start(r).is_some_and(|s| s < at)), m)
            })
            .collect();
        let nearest = after.iter().filter_map(|&(k, m)| m.get(k).and_then(|&r| start(r))).filter(|&s| s >= at).min();
        let mut out: Vec<usize> = match nearest {
            Some(list) => after
                .iter()
                .flat_map(|&(k, m)| m[k.min(m.len())..].iter().copied().take_while(move |&r| start(r) == Some(list)))
                .collect(),
            None => after.iter().filter_map(|&(_, m)| m.first().copied()).collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// With a reference list per chapter, a citation means the entry in the first list after
    /// it: keeps only the winners of that list, when it holds any.
    fn keep_nearest_list(&self, winners: &mut Vec<usize>, at: usize) {
        if winners.len() < 2 {
            return;
        }
        let nearest =
            winners.iter().filter_map(|&w| self.list_start.get(w).copied().flatten()).filter(|&s| s >= at).min();
        if let Some(start) = nearest {
            winners.retain(|&w| self.list_start.get(w).copied().flatten() == Some(start));
        }
    }

    /// Pass B: year-off-by-one, when safe.
    fn off_by_one(&self, c: &CitInfo, cited: &HashSet<usize>) -> Option<usize> {
        let cy = c.year.as_ref()?;
        let mut by_author = Vec::new();
        for r in self.candidates(c) {
            let ri = self.refs.get(r)?;
            if let Some((shape, NameLevel::Exact | NameLevel::Folded, _)) = names_match(c, ri, false)
                && shape != Shape::FirstAuthor
            {
                by_author.push(r);
            }
        }
        let [only] = by_author.as_slice() else {
            return None;
        };
        let ri = self.refs.get(*only)?;
        (!cited.contains(only) && year_match_info(c, cy, ri) == Some(YearMatch::OffByOne)).then_some(*only)
    }

    /// The single diagnostic for a citation that stays unlinked.
    fn explain_unresolved(&self, c: &Citation, info: &CitInfo) -> Diagnostic {
        let text = c.text.trim();
        if info.names.is_empty() {
            return Diagnostic::warning(
                Code::UnresolvedCitation,
                format!("`{text}` names no author, so it cannot be linked to the reference list"),
            )
            .with_suggestion("name the author in the citation or next to it");
        }
        // Same author, other years?
        let same_author: Vec<usize> = self
            .candidates(info)
            .into_iter()
            .filter(|&r| self.refs.get(r).and_then(|ri| names_match(info, ri, false)).is_some())
            .collect();
        if info.year.is_some() && !same_author.is_empty() {
            let cited_year = info.year_raw.as_str();
            let labels: Vec<String> = same_author
                .iter()
                .filter_map(|&r| self.originals.get(r))
                .map(|r| format!("{} ({})", ref_label(r), r.id))
                .collect();
            let closest = self.closest_year(info, &same_author);
            let mut d = Diagnostic::warning(
                Code::YearMismatch,
                format!(
                    "`{text}` is not linked: the list has no {} {cited_year}, only {}",
                    cit_authors_label(c),
                    labels.join(", ")
                ),
            );
            if let Some(r) = closest.and_then(|r| self.originals.get(r)) {
                d = d.with_suggestion(format!("check the year; the closest entry is {} ({})", ref_label(r), r.id));
            }
            return d;
        }
        let mut d =
            Diagnostic::warning(Code::UnresolvedCitation, format!("`{text}` matches no entry of the reference list"));
        d = match self.closest(info).and_then(|r| self.originals.get(r)) {
            Some(r) => d.with_suggestion(format!("closest entry: {} ({})", ref_label(r), r.id)),
            None => d.with_suggestion(format!("add an entry for {} to the reference list", cit_authors_label(c))),
        };
        d
    }

    /// Among `rs`, the entry whose year is nearest the cited one.
    fn closest_year(&self, info: &CitInfo, rs: &[usize]) -> Option<usize> {
        let cited = match &info.year {
            Some(YearKey::Year(n, _)) => Some(*n),
            _ => None,
        };
        rs.iter().copied().min_by_key(|&r| match (cited, self.refs.get(r).map(|ri| &ri.year)) {
            (Some(a), Some(YearKey::Year(b, _))) => a.abs_diff(*b),
            _ => u32::MAX,
        })
    }

    /// The entry most similar to an unlinked citation: by first-author similarity, then year.
    fn closest(&self, info: &CitInfo) -> Option<usize> {
        let first = info.names.first()?;
        let mut best: Option<(f64, &String)> = None;
        for k in &self.keys {
            let s = strsim::normalized_damerau_levenshtein(&first.ocr, k);
            if s >= 0.6 && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, k));
            }
        }
        let (_, k) = best?;
        let rs = self.by_first.get(k)?;
        self.closest_year(info, rs)
    }
}

/// Key under which two entries count as duplicates: authors, year, title (or the raw entry).
fn dup_key(o: &Reference, r: &RefInfo) -> String {
    let title = o.title.as_deref().map(fold).filter(|t| !t.is_empty()).unwrap_or_else(|| fold_with(&o.raw, true));
    format!("{}#{:?}#{}", r.authors_key(), r.year, title)
}

/// Explanation for a link made by a tolerant rule, when it deserves one.
fn explain_tolerant(c: &Citation, info: &CitInfo, r: &Reference, ri: &RefInfo, rule: Rule) -> Option<Diagnostic> {
    let text = c.text.trim();
    match rule {
        Rule::EditDistance => {
            let pairs: Vec<String> = info
                .names
                .iter()
                .zip(&ri.names)
                .filter(|(cn, rn)| name_level(cn, rn, false).is_none())
                .map(|(cn, rn)| format!("`{}` vs `{}`", cn.raw, rn.raw))
                .collect();
            Some(
                Diagnostic::warning(
                    Code::NameNearMiss,
                    format!(
                        "`{text}` was linked to {} ({}) although the names differ: {}",
                        ref_label(r),
                        r.id,
                        pairs.join(", ")
                    ),
                )
                .with_suggestion("use the same spelling in the citation and the reference list"),
            )
        }
        Rule::MissingSuffix => Some(
            Diagnostic::warning(
                Code::SuffixProblem,
                format!("`{text}` has no year suffix but the only matching entry is {} ({})", ref_label(r), r.id),
            )
            .with_suggestion(format!("write {}", r.year.as_deref().unwrap_or("").trim())),
        ),
        Rule::ExtraSuffix => Some(
            Diagnostic::warning(
                Code::SuffixProblem,
                format!(
                    "`{text}` has a year suffix but the list has a single {} work of that year: {} ({})",
                    cit_authors_label(c),
                    ref_label(r),
                    r.id
                ),
            )
            .with_suggestion(format!(
                "drop the suffix (write {}), or add the missing entry",
                r.year.as_deref().unwrap_or("").trim()
            )),
        ),
        Rule::YearOffByOne => Some(
            Diagnostic::warning(
                Code::YearMismatch,
                format!(
                    "`{text}` was linked to {} ({}), the author's only entry, although the years differ by one",
                    ref_label(r),
                    r.id
                ),
            )
            .with_suggestion(format!(
                "use one year in both places (the entry says {})",
                r.year.as_deref().unwrap_or("n.d.").trim()
            )),
        ),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Reference-list checks
// ---------------------------------------------------------------------------------------

fn place_ref(d: Diagnostic, r: &Reference, src: &Source) -> Diagnostic {
    if let Some(file) = &r.file {
        // An entry of a .bib database: its line and span are in that file, not the document.
        let d = d.with_file(file.clone()).with_line(r.line);
        return match r.span {
            Some(sp) => d.with_span(sp),
            None => d,
        };
    }
    match r.span {
        Some(sp) => d.with_span(sp).with_line(src.line_of(sp.start)),
        None if r.line > 0 => d.with_line(r.line),
        None => d,
    }
}

/// Entries that repeat an earlier entry of the same reference list.
///
/// Copies in different lists (one list per chapter of a thesis) are not duplicates: each list
/// is complete on its own. A copy is reported against the first copy of its own list.
fn duplicate_references(refs: &[Reference], index: &RefIndex, src: &Source) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut first_in_list: HashMap<(usize, Option<usize>), usize> = HashMap::new();
    for (i, r) in refs.iter().enumerate() {
        let rep = index.dup_of.get(i).copied().unwrap_or(i);
        let list = index.list_start.get(i).copied().flatten();
        let earlier = *first_in_list.entry((rep, list)).or_insert(i);
        let Some(first) = refs.get(earlier) else { continue };
        if earlier != i && !(r.authors.is_empty() && r.title.is_none() && r.raw.trim().is_empty()) {
            out.push(place_ref(
                Diagnostic::warning(
                    Code::DuplicateReference,
                    format!(
                        "{} ({}) repeats {} ({}): same authors, year and title",
                        ref_label(r),
                        r.id,
                        ref_label(first),
                        first.id
                    ),
                )
                .with_suggestion(format!("remove {} and keep {}", r.id, first.id)),
                r,
                src,
            ));
        }
    }
    out
}

/// `X 2013` next to `X 2013b` in the list, or a lone `X 2013b`.
fn reference_suffix_problems(refs: &[Reference], index: &RefIndex, src: &Source) -> Vec<Diagnostic> {
    let mut groups: HashMap<(String, u32), Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, ri) in index.refs.iter().enumerate() {
        if let YearKey::Year(n, _) = &ri.year
            && !ri.names.is_empty()
        {
            let key = (ri.authors_key(), *n);
            groups
                .entry(key.clone())
                .or_insert_with(|| {
                    order.push(key);
                    Vec::new()
                })
                .push(i);
        }
    }
    let mut out = Vec::new();
    for key in &order {
        let Some(members) = groups.get(key) else {
            continue;
        };
        // Duplicates are reported separately.
        let distinct: Vec<usize> =
            members.iter().copied().filter(|&i| index.dup_of.get(i).copied().unwrap_or(i) == i).collect();
        let suffix = |i: usize| match index.refs.get(i).map(|r| &r.year) {
            Some(YearKey::Year(_, s)) => s.clone(),
            _ => String::new(),
        };
        let bare: Vec<usize> = distinct.iter().copied().filter(|&i| suffix(i).is_empty()).collect();
        let lettered: Vec<usize> = distinct.iter().copied().filter(|&i| !suffix(i).is_empty()).collect();
        if let (Some(&b), false) = (bare.first(), lettered.is_empty()) {
            let Some(r) = refs.get(b) else { continue };
            let others: Vec<String> =
                lettered.iter().filter_map(|&i| refs.get(i)).map(|o| format!("{} ({})", ref_label(o), o.id)).collect();
            out.push(place_ref(
                Diagnostic::warning(
                    Code::SuffixProblem,
                    format!(
                        "{} ({}) has no year suffix but the list also has {}",
                        ref_label(r),
                        r.id,
                        others.join(", ")
                    ),
                )
                .with_suggestion("letter every work of that author and year (a, b, ...)"),
                r,
                src,
            ));
        } else if let ([only], true) = (lettered.as_slice(), bare.is_empty()) {
            let Some(r) = refs.get(*only) else { continue };
            // Works with different co-authors that shorten to the same citation
            // (`Hart et al., 1987`) need their letters to be told apart.
            let shares_short_form = index.refs.iter().enumerate().any(|(j, other)| {
                j != *only
                    && index.dup_of.get(j).copied().unwrap_or(j) == j
                    && matches!((&other.year, &index.refs[*only].year), (YearKey::Year(a, _), YearKey::Year(b, _)) if a == b)
                    && other.short_form() == index.refs[*only].short_form()
            });
            if shares_short_form {
                continue;
            }
            out.push(place_ref(
                Diagnostic::warning(
                    Code::SuffixProblem,
                    format!(
                        "{} ({}) has a year suffix but is the only work of that author and year",
                        ref_label(r),
                        r.id
                    ),
                )
                .with_suggestion("drop the suffix here and in its citations"),
                r,
                src,
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Context: neighbourhoods, sentences, spellings
// ---------------------------------------------------------------------------------------

/// Where each citation stands relative to the others, and the work each one cites.
///
/// A citation's neighbours are the few citations around it and those of its paragraph;
/// both are contiguous in document order, so [`Neighbourhood::favoured`] visits only them
/// and takes the document-wide part of its score (citations of the same work with the same
/// locator) from counts made once, instead of scanning every citation for every target.
struct Neighbourhood {
    /// Position of each citation in document order.
    pos: Vec<usize>,
    /// Citation at each position in document order (the inverse of `pos`).
    order: Vec<usize>,
    /// Paragraph number (blank lines before it) of each citation.
    para: Vec<usize>,
    /// The work each citation cites, if known.
    work_of: Vec<Option<usize>>,
    /// Normalised locator of each citation (see [`norm_locator`]).
    locs: Vec<Option<String>>,
    /// Number of citations of each work with each normalised locator.
    loc_counts: HashMap<(usize, String), u32>,
}

impl Neighbourhood {
    fn new(citations: &[Citation], src: &Source, work_of: &[Option<usize>]) -> Self {
        let mut order: Vec<usize> = (0..citations.len()).collect();
        order.sort_by_key(|&i| citations.get(i).map(|c| (c.span.start, i)).unwrap_or((usize::MAX, i)));
        let mut pos = vec![0; citations.len()];
        for (p, &i) in order.iter().enumerate() {
            if let Some(slot) = pos.get_mut(i) {
                *slot = p;
            }
        }
        let breaks = blank_lines(&src.text);
        let para = citations.iter().map(|c| breaks.partition_point(|&b| b <= c.span.start)).collect();
        let locs: Vec<Option<String>> = citations.iter().map(norm_locator).collect();
        let mut loc_counts: HashMap<(usize, String), u32> = HashMap::new();
        for (w, l) in work_of.iter().zip(&locs) {
            if let (Some(w), Some(l)) = (w, l) {
                *loc_counts.entry((*w, l.clone())).or_insert(0) += 1;
            }
        }
        Neighbourhood { pos, order, para, work_of: work_of.to_vec(), locs, loc_counts }
    }

    /// The candidate work the citations around `target` point to most, if one stands out.
    ///
    /// Every other citation of a candidate work scores: 2 when within [`NEIGHBOURHOOD`]
    /// places, 1 in the same paragraph, 1 more when near (or in the same paragraph) and both
    /// carry a locator, and 3 anywhere in the document when both carry the same locator.
    fn favoured(&self, target: usize, candidates: &[usize]) -> Option<usize> {
        let my_loc = self.locs.get(target)?.as_deref();
        let (my_pos, my_para) = (*self.pos.get(target)?, *self.para.get(target)?);
        let para_of = |p: usize| self.order.get(p).and_then(|&j| self.para.get(j)).copied();
        // The positions that can be near or in the same paragraph: one contiguous range.
        let mut lo = my_pos.saturating_sub(NEIGHBOURHOOD);
        while lo > 0 && para_of(lo - 1) == Some(my_para) {
            lo -= 1;
        }
        let mut hi = my_pos.saturating_add(NEIGHBOURHOOD).min(self.order.len().saturating_sub(1));
        while para_of(hi + 1) == Some(my_para) {
            hi += 1;
        }
        let mut score: HashMap<usize, u32> = HashMap::new();
        // The document-wide same-locator part, from the counts (without the target itself).
        if let Some(l) = my_loc {
            for &w in candidates {
                if score.contains_key(&w) {
                    continue;
                }
                let mut n = self.loc_counts.get(&(w, l.to_string())).copied().unwrap_or(0);
                if self.work_of.get(target).copied().flatten() == Some(w) {
                    n = n.saturating_sub(1);
                }
                score.insert(w, 3 * n);
            }
        }
        // The local part of the neighbours' scores.
        for p in lo..=hi {
            let Some(&j) = self.order.get(p) else { continue };
            let Some(Some(w)) = self.work_of.get(j).copied() else { continue };
            if j == target || !candidates.contains(&w) {
                continue;
            }
            let (Some(&p), Some(&para), Some(other_loc)) = (self.pos.get(j), self.para.get(j), self.locs.get(j)) else {
                continue;
            };
            let near = p.abs_diff(my_pos) <= NEIGHBOURHOOD;
            let same_para = para == my_para;
            if !near && !same_para {
                continue;
            }
            let mut s = 0;
            if near {
                s += 2;
            }
            if same_para {
                s += 1;
            }
            if my_loc.is_some() && other_loc.is_some() {
                s += 1;
            }
            *score.entry(w).or_insert(0) += s;
        }
        let mut ranked: Vec<(u32, usize)> = score.into_iter().map(|(w, s)| (s, w)).filter(|&(s, _)| s > 0).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        match ranked.as_slice() {
            [(_, w)] => Some(*w),
            [(a, w), (b, _), ..] if a > b => Some(*w),
            _ => None,
        }
    }
}

fn norm_locator(c: &Citation) -> Option<String> {
    c.locator
        .as_deref()
        .map(|l| l.chars().filter(|ch| !ch.is_whitespace()).flat_map(char::to_lowercase).collect::<String>())
        .filter(|l| !l.is_empty())
}

/// Byte offsets just after each blank line.
fn blank_lines(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in memchr::memchr_iter(b'\n', b) {
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < b.len() && b[j] == b'\n' {
            out.push(j + 1);
        }
    }
    out.dedup();
    out
}

/// A cited work identified by its folded authors and year, for documents without a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct WorkKey {
    authors: String,
    first: String,
    n: usize,
    et_al: bool,
    year: YearKey,
}

impl WorkKey {
    fn of(c: &CitInfo) -> Option<WorkKey> {
        let year = c.year.clone()?;
        let first = c.names.first()?.folded.clone();
        Some(WorkKey { authors: c.authors_key(), first, n: c.names.len(), et_al: c.et_al, year })
    }
    /// True when a year-less citation names the same authors as this work.
    fn same_authors(&self, c: &CitInfo) -> bool {
        self.authors == c.authors_key() && self.n == c.names.len() && self.et_al == c.et_al && !self.first.is_empty()
    }
}

/// Offset where the sentence holding the end of `w` starts.
///
/// The start a later break gives wins, so the scan runs backwards from the end and stops at
/// the first break (the tests look only forwards from the break).
fn sentence_start(w: &str) -> usize {
    let b = w.as_bytes();
    for i in (0..b.len()).rev() {
        match b[i] {
            b'.' | b'?' | b'!' => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b')' | b'"' | b'\'') {
                    j += 1;
                }
                let ws = j;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j > ws && w.get(j..).and_then(|s| s.chars().next()).is_some_and(char::is_uppercase) {
                    return j;
                }
            }
            b'\n' => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < b.len() && b[j] == b'\n' {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    0
}

/// Capitalised words of `s` (letters with inner apostrophes or hyphens, `'s` dropped),
/// appended to `out`. One pass over the bytes; only non-ASCII characters are decoded.
fn capitalised_words<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    let b = s.as_bytes();
    // The character at byte `i` and its length.
    let char_at = |i: usize| -> Option<(char, usize)> {
        let &x = b.get(i)?;
        if x.is_ascii() {
            return Some((char::from(x), 1));
        }
        let c = s.get(i..)?.chars().next()?;
        Some((c, c.len_utf8()))
    };
    let is_alpha = |c: char| if c.is_ascii() { c.is_ascii_alphabetic() } else { c.is_alphabetic() };
    let mut push = |word: &'a str| {
        let w = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
        if w.chars().next().is_some_and(char::is_uppercase) {
            out.push(w);
        }
    };
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some((ch, len)) = char_at(i) {
        let alpha = is_alpha(ch);
        let inner = !alpha
            && start.is_some()
            && matches!(ch, '\'' | '’' | '-')
            && char_at(i + len).is_some_and(|(n, _)| is_alpha(n));
        if !(alpha || inner)
            && let Some(st) = start.take()
            && let Some(word) = s.get(st..i)
        {
            push(word);
        } else if (alpha || inner) && start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start
        && let Some(word) = s.get(st..)
    {
        push(word);
    }
}

/// `Richard Haass, President ..., suggests (Haas, 2010)`: a cited name that differs slightly
/// from a capitalised name earlier in the same sentence. Names in `known` (cited or listed
/// elsewhere) are other authors, not misspellings.
fn context_near_misses(citations: &[Citation], known: &HashSet<String>, src: &Source) -> Vec<Diagnostic> {
    let text = src.text.as_str();
    let mut out = Vec::new();
    // Reused for every citation: the sentence's capitalised words, their folded forms one
    // after another in `folded_buf`, and the single-word names folded.
    let mut words: Vec<&str> = Vec::new();
    let mut folded_buf = String::new();
    let mut folded: Vec<(usize, usize, usize)> = Vec::new();
    let mut names: Vec<(usize, String, usize)> = Vec::new();
    for c in citations {
        if !c.authors.iter().any(|name| name.split_whitespace().count() == 1) {
            continue;
        }
        let end = c.span.start.min(text.len());
        let mut start = end.saturating_sub(CONTEXT_WINDOW);
        while start < end && !text.is_char_boundary(start) {
            start += 1;
        }
        let Some(window) = text.get(start..end) else {
            continue;
        };
        let Some(sentence) = window.get(sentence_start(window)..) else {
            continue;
        };
        words.clear();
        capitalised_words(sentence, &mut words);
        if words.is_empty() {
            continue;
        }
        names.clear();
        for (k, name) in c.authors.iter().enumerate() {
            if name.split_whitespace().count() == 1 {
                let nf = fold(name);
                let n = nf.chars().count();
                names.push((k, nf, n));
            }
        }
        // Each word folded once, for all the citation's names, with its length in chars.
        folded_buf.clear();
        folded.clear();
        for w in &words {
            let from = folded_buf.len();
            fold_into(&mut folded_buf, w, false);
            let to = folded_buf.len();
            let n = folded_buf.get(from..to).map_or(0, |f| f.chars().count());
            folded.push((from, to, n));
        }
        'names: for (k, nf, ln) in &names {
            let Some(name) = c.authors.get(*k) else { continue };
            for (w, &(from, to, lw)) in words.iter().zip(&folded) {
                // A length gap over the bound rules the pair out before any lookup
                // (`bounded_distance` would say no); known names are other authors.
                if *ln == 0 || lw == 0 || ln.abs_diff(lw) > edit_bound(lw.min(*ln)) {
                    continue;
                }
                let Some(wf) = folded_buf.get(from..to) else { continue };
                if known.contains(wf) || wf == nf.as_str() {
                    continue;
                }
                if let Some(d) = bounded_distance(nf, wf).filter(|&d| (1..=2).contains(&d)) {
                    out.push(
                        Diagnostic::warning(
                            Code::NameNearMiss,
                            format!(
                                "`{}` cites `{}` but the sentence names `{}` (edit distance {d})",
                                c.text.trim(),
                                name.trim(),
                                w
                            ),
                        )
                        .with_span(c.span)
                        .with_line(src.line_of(c.span.start))
                        .with_suggestion(format!("check the spelling: `{w}` or `{}`", name.trim())),
                    );
                    break 'names;
                }
            }
        }
    }
    out
}

/// Two spellings of a first author cited with the same year (`Schreier 2015`, `Schrier 2015`):
/// reported at the first citation of the rarer spelling.
fn citation_spelling_near_misses(citations: &[Citation], cits: &[CitInfo], src: &Source) -> Vec<Diagnostic> {
    // year → spelling → (count, first citation)
    let mut by_year: HashMap<&YearKey, Vec<(&str, usize, usize)>> = HashMap::new();
    let mut slot: HashMap<(&YearKey, &str), usize> = HashMap::new();
    for (ci, info) in cits.iter().enumerate() {
        let (Some(y), Some(first)) = (&info.year, info.names.first()) else {
            continue;
        };
        let v = by_year.entry(y).or_default();
        match slot.get(&(y, first.ocr.as_str())) {
            Some(&k) => v[k].1 += 1,
            None => {
                slot.insert((y, first.ocr.as_str()), v.len());
                v.push((first.ocr.as_str(), 1, ci));
            }
        }
    }
    let mut out = Vec::new();
    for spellings in by_year.values() {
        let names: Vec<&str> = spellings.iter().map(|s| s.0).collect();
        for (a, b) in spelling_pairs(&names) {
            let (x, y) = (&spellings[a], &spellings[b]);
            {
                if bounded_distance(x.0, y.0).is_none_or(|d| d == 0) {
                    continue;
                }
                // Rarer spelling; on a tie, the later one.
                let (rare, common) = if x.1 < y.1 || (x.1 == y.1 && x.2 > y.2) { (x, y) } else { (y, x) };
                let (Some(c), Some(other)) = (citations.get(rare.2), citations.get(common.2)) else {
                    continue;
                };
                let (rn, cn) = (
                    c.authors.first().map(|s| s.trim()).unwrap_or(""),
                    other.authors.first().map(|s| s.trim()).unwrap_or(""),
                );
                out.push(
                    Diagnostic::warning(
                        Code::NameNearMiss,
                        format!(
                            "`{}` spells the author `{rn}`, but `{}` at line {} spells it `{cn}`",
                            c.text.trim(),
                            other.text.trim(),
                            src.line_of(other.span.start)
                        ),
                    )
                    .with_span(c.span)
                    .with_line(src.line_of(c.span.start))
                    .with_suggestion(format!(
                        "probably the same work: use one spelling (`{cn}` is used {} times)",
                        common.1
                    )),
                );
            }
        }
    }
    out
}

/// Copies of the winning works a citation expands to one by one; beyond it, see
/// [`RefIndex::nearest_copies`].
const MAX_EXPANDED_COPIES: usize = 64;
/// Candidate entries an `ambiguous-citation` message names; the rest are counted.
const MAX_LISTED_CANDIDATES: usize = 12;

/// Years with at most this many spellings of first authors compare every pair.
const PAIRWISE_SPELLINGS: usize = 64;
/// A one-deletion variant shared by more spellings than this is no sign of a slip (`Aaaab`,
/// `Aaaac`, ...) and is not compared.
const SPELLING_BUCKET_MAX: usize = 32;

/// Pairs `(a, b)`, `a < b`, of spellings to compare. Few spellings: every pair. Many (a
/// document, or a hostile input, with thousands of authors cited with one year): only pairs
/// that share a one-deletion variant, i.e. within one edit (substitution, insertion,
/// deletion or transposition), so the cost grows with the spellings, not their square.
/// Pairs two or three edits apart are then not compared.
fn spelling_pairs(names: &[&str]) -> Vec<(usize, usize)> {
    if names.len() <= PAIRWISE_SPELLINGS {
        return (0..names.len()).flat_map(|a| (a + 1..names.len()).map(move |b| (a, b))).collect();
    }
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if n.len() > 64 {
            continue;
        }
        buckets.entry((*n).to_string()).or_default().push(i);
        for (k, c) in n.char_indices() {
            let mut v = String::with_capacity(n.len());
            v.push_str(&n[..k]);
            v.push_str(&n[k + c.len_utf8()..]);
            let b = buckets.entry(v).or_default();
            if b.last() != Some(&i) {
                b.push(i);
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for v in buckets.values().filter(|v| (2..=SPELLING_BUCKET_MAX).contains(&v.len())) {
        for (k, &a) in v.iter().enumerate() {
            pairs.extend(v[k + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

// ---------------------------------------------------------------------------------------
// Labels and keys
// ---------------------------------------------------------------------------------------

/// `Hill 2013b`, `Powers and Jablonsky 2015`, `Poitras et al. 2014`.
fn ref_label(r: &Reference) -> String {
    let names: Vec<&str> = r.authors.iter().map(Person::sort_name).map(str::trim).collect();
    let who = authors_label(&names, r.et_al);
    let year = r.year.as_deref().map(str::trim).filter(|y| !y.is_empty()).unwrap_or("n.d.");
    format!("{who} {year}")
}

/// `Hill`, `Powers and Jablonsky`, `Poitras et al.` for a citation.
fn cit_authors_label(c: &Citation) -> String {
    let names: Vec<&str> = c.authors.iter().map(|s| s.trim()).collect();
    authors_label(&names, c.et_al)
}

fn authors_label(names: &[&str], et_al: bool) -> String {
    match (names, et_al) {
        ([], _) => "Anonymous".to_string(),
        ([a], false) => a.to_string(),
        ([a, b], false) => format!("{a} and {b}"),
        ([a, ..], _) => format!("{a} et al."),
    }
}

/// `hill2013b`: folded first-author name + year (a corporate name loses a leading `The`).
fn natural_key(r: &Reference) -> String {
    let name: String = r
        .authors
        .first()
        .map(|p| {
            let n = p.sort_name().trim();
            let n = match (&p.family, n.get(..4)) {
                (None, Some(the)) if the.eq_ignore_ascii_case("the ") => n.get(4..).unwrap_or(n),
                _ => n,
            };
            fold_with(n, true)
        })
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let name = if name.is_empty() { "anon".to_string() } else { name };
    let year = match r.year.as_deref().map(YearKey::parse) {
        None | Some(YearKey::NoDate) => "nd".to_string(),
        Some(YearKey::Year(n, s)) => format!("{n}{s}"),
        Some(_) => {
            let y: String = r
                .year
                .as_deref()
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .flat_map(|c| c.to_lowercase())
                .collect();
            if y.is_empty() { "nd".to_string() } else { y }
        }
    };
    format!("{name}{year}")
}

/// `a`, `b`, ..., `z`, `aa`, `ab`, ... for n = 0, 1, ...
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.span.map(|s| s.start).unwrap_or(usize::MAX), d.code));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Form;
    use crate::source::Span;

    /// A citation of `text`, found at its first occurrence in `doc` at or after `from`.
    fn cit(doc: &str, from: usize, text: &str, authors: &[&str], et_al: bool, year: Option<&str>) -> Citation {
        let start = doc.get(from..).and_then(|d| d.find(text)).map(|p| p + from).unwrap_or(0);
        Citation {
            id: String::new(),
            text: text.to_string(),
            authors: authors.iter().map(|s| s.to_string()).collect(),
            et_al,
            year: year.map(str::to_string),
            locator: text.find("p.").and_then(|p| text.get(p..)).map(str::to_string),
            prefix: None,
            suffix: None,
            form: Form::Parenthetical,
            numbers: Vec::new(),
            line: 0,
            span: Span::new(start, start + text.len()),
            group: 0,
            claim: None,
            footnote: None,
            reference: None,
            resolution: None,
        }
    }

    /// Citations of `doc` given as (text, authors, et al., year), located in order.
    fn cits(doc: &str, specs: &[(&str, &[&str], bool, Option<&str>)]) -> Vec<Citation> {
        let mut from = 0;
        let mut out = Vec::new();
        for (i, (text, authors, et_al, year)) in specs.iter().enumerate() {
            let mut c = cit(doc, from, text, authors, *et_al, *year);
            c.id = format!("c{}", i + 1);
            from = c.span.end;
            out.push(c);
        }
        out
    }

    fn reference(id: &str, families: &[&str], year: Option<&str>, title: &str) -> Reference {
        Reference {
            id: id.to_string(),
            authors: families.iter().map(|f| Person::name(*f, None)).collect(),
            year: year.map(str::to_string),
            title: Some(title.to_string()),
            ..Default::default()
        }
    }

    fn corporate(id: &str, name: &str, year: &str) -> Reference {
        Reference {
            id: id.to_string(),
            authors: vec![Person::literal(name)],
            year: Some(year.to_string()),
            title: Some(format!("{name} report")),
            ..Default::default()
        }
    }

    /// Resolves one citation against `refs` and returns (reference, rule, diagnostic codes).
    fn one(
        authors: &[&str],
        et_al: bool,
        year: Option<&str>,
        refs: &[Reference],
    ) -> (Option<String>, Option<String>, Vec<Code>) {
        let doc = "Intro text (X).";
        let mut cs = vec![cit(doc, 0, "(X)", authors, et_al, year)];
        let diags = resolve(&mut cs, refs, &Source::new("t", doc.to_string()));
        let codes = diags.iter().filter(|d| d.code != Code::UncitedReference).map(|d| d.code).collect();
        let c = cs.remove(0);
        (c.reference, c.resolution, codes)
    }

    fn pair(r: Option<String>, rule: Option<String>) -> (Option<String>, Option<String>) {
        (r, rule)
    }

    fn some(r: &str, rule: &str) -> (Option<String>, Option<String>) {
        (Some(r.to_string()), Some(rule.to_string()))
    }

    #[test]
    fn institution_split_into_levels_by_the_entry_parser() {
        // The entry parser may split `United Nations, Department of Health, Statistics Division`
        // into several authors; the citation names the institution whole.
        let raw = "United Nations, Department of Health, Statistics Division. 2013. World figures.";
        let entry = Reference {
            id: "r1".into(),
            authors: vec![
                Person::literal("United Nations"),
                Person::literal("Department of Health"),
                Person::name("Division", Some("Statistics".into())),
            ],
            year: Some("2013".into()),
            raw: raw.into(),
            ..Default::default()
        };
        let whole = ["United Nations, Department of Health, Statistics Division"];
        assert_eq!(one(&whole, false, Some("2013"), std::slice::from_ref(&entry)).0.as_deref(), Some("r1"));
        // Another year is not this work.
        assert_eq!(one(&whole, false, Some("2019"), std::slice::from_ref(&entry)).0, None);
    }

    #[test]
    fn author_year_labels_name_the_entry() {
        assert_eq!(alpha_label("[Bais 2010] “The Physics of Information”, F. Bais."), Some((vec!["Bais"], "2010")));
        assert_eq!(alpha_label("[Bar-Yam 2004a] “A Theory”, Y. Bar-Yam."), Some((vec!["Bar-Yam"], "2004a")));
        assert_eq!(alpha_label("[Smith and Jones, 1999] Title."), Some((vec!["Smith", "Jones"], "1999")));
        assert_eq!(alpha_label("[12] A. Rahman, Title, 2001."), None);
        assert_eq!(alpha_label("Hill, R. (2013). Title."), None);
        // The entry's own (wrong) parse does not matter: the label links it.
        let entry = Reference {
            id: "r1".into(),
            raw: "[Bais 2010] “The Physics of Information”, F. Alexander Bais and J. Doyne Farmer, SFI Working Paper."
                .into(),
            ..Default::default()
        };
        assert_eq!(one(&["Bais"], false, Some("2010"), std::slice::from_ref(&entry)).0.as_deref(), Some("r1"));
    }

    #[test]
    fn corporate_acronyms_given_by_the_entry() {
        assert_eq!(author_acronym("American Society of Civil Engineers (ASCE). (2010). Minimum loads."), Some("ASCE"));
        assert_eq!(author_acronym("Smith, J. (2010). The role of DNA (DNA) in X."), None);
        assert_eq!(author_acronym("Smith, J. (Ed.). 2010. Title."), None);
        let entry = Reference {
            id: "r1".into(),
            authors: vec![Person::literal("American Society of Civil Engineers")],
            year: Some("2010".into()),
            raw: "American Society of Civil Engineers (ASCE). (2010). Minimum design loads.".into(),
            ..Default::default()
        };
        assert_eq!(one(&["ASCE"], false, Some("2010"), std::slice::from_ref(&entry)).0.as_deref(), Some("r1"));
        assert_eq!(one(&["ASCE"], false, Some("2012"), std::slice::from_ref(&entry)).0, None);
    }

    #[test]
    fn chapter_lists_serve_the_citations_before_them() {
        // Chapter 1 text, its list, chapter 2 text, its list: the same work is in both lists,
        // and chapter 2 also lists another work by the same authors and year.
        let filler = "x".repeat(8000);
        let doc = format!(
            "One (Tong et al. 2005).\nTong 2005a.\n{filler}\nTwo (Tong et al. 2005).\nTong 2005a.\nTong 2005b.\n"
        );
        let at = |needle: &str, nth: usize| doc.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap();
        let entry = |id: &str, start: usize, title: &str| Reference {
            span: Some(Span::new(start, start + 11)),
            ..reference(id, &["Tong", "Matsumura", "Suda"], Some("2005"), title)
        };
        let refs = vec![
            entry("r1", at("Tong 2005a", 0), "Thin membranes"),
            entry("r2", at("Tong 2005a", 1), "Thin membranes"),
            entry("r3", at("Tong 2005b", 0), "Steam reforming"),
        ];
        let mut cs = cits(
            &doc,
            &[("Tong et al. 2005", &["Tong"], true, Some("2005")), ("Tong et al. 2005", &["Tong"], true, Some("2005"))],
        );
        resolve(&mut cs, &refs, &Source::new("t", doc.clone()));
        // Chapter 1: only one entry of its own list fits.
        assert_eq!(cs[0].reference.as_deref(), Some("r1"));
        // Chapter 2: its own list holds two works that fit, so it stays ambiguous.
        assert_eq!(cs[1].reference, None);
    }

    #[test]
    fn abbreviations_defined_in_a_citation_are_expanded_later() {
        let doc = "First (National Institute of Mental Health [NIMH], 2020). Later (NIMH, 2020).";
        let mut cs = cits(
            doc,
            &[
                (
                    "National Institute of Mental Health [NIMH], 2020",
                    &["National Institute of Mental Health"],
                    false,
                    Some("2020"),
                ),
                ("NIMH, 2020", &["NIMH"], false, Some("2020")),
            ],
        );
        let refs = vec![corporate("r1", "National Institute of Mental Health", "2020")];
        resolve(&mut cs, &refs, &Source::new("t", doc.to_string()));
        assert_eq!(cs[0].reference.as_deref(), Some("r1"));
        assert_eq!(cs[1].reference.as_deref(), Some("r1"));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Müller-Lüdenscheidt"), "mullerludenscheidt");
        assert_eq!(fold("Powers & Jablonsky"), "powersandjablonsky");
        assert_eq!(fold("O’Carroll"), "ocarroll");
        assert_eq!(fold("Łukasz Ærø"), "lukaszaero");
        assert_eq!(core("van der Berg"), "berg");
        assert_eq!(core("The World Bank"), "worldbank");
        assert_eq!(core("d'Alembert"), "alembert");
        assert_eq!(core("Van"), "van");
        assert_eq!(ocr_fold("Hi1l"), "hill");
    }

    #[test]
    fn years() {
        assert_eq!(YearKey::parse("2013b"), YearKey::Year(2013, "b".into()));
        assert_eq!(YearKey::parse(" 2013 "), YearKey::Year(2013, String::new()));
        assert_eq!(YearKey::parse("n.d."), YearKey::NoDate);
        assert_eq!(YearKey::parse("In press"), YearKey::InPress);
        assert!(matches!(YearKey::parse("2013/14"), YearKey::Other(_)));
        assert!(matches!(YearKey::parse("１２３４"), YearKey::Other(_)));
    }

    #[test]
    fn keys_are_natural_unique_and_keep_existing() {
        let mut refs = vec![
            reference("r1", &["Hill"], Some("2013b"), "A"),
            corporate("r2", "East West Institute", "2012"),
            reference("r3", &["Hill"], Some("2013"), "B"),
            reference("r4", &["Hill"], Some("2013"), "C"),
            reference("r5", &["Hill"], Some("2013a"), "D"),
            reference("r6", &["Ñúñez"], None, "E"),
            Reference { key: "smith".into(), ..reference("r7", &["Smith"], Some("2001"), "F") },
            Reference { key: "smith".into(), ..reference("r8", &["Smith"], Some("2002"), "G") },
            reference("r9", &[], Some("in press"), "H"),
            reference("r10", &["李"], Some("2020"), "I"),
        ];
        assign_keys(&mut refs);
        let keys: Vec<&str> = refs.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "hill2013b",
                "eastwestinstitute2012",
                "hill2013",
                // hill2013a is the natural key of r5, so r4 gets the next free letter.
                "hill2013c",
                "hill2013a",
                "nuneznd",
                "smith",
                "smitha",
                "anoninpress",
                "anon2020"
            ]
        );
        // Deterministic: running again changes nothing.
        let before = refs.clone();
        assign_keys(&mut refs);
        assert_eq!(before, refs);
        assert_eq!(letters(0), "a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
    }

    #[test]
    fn exact_rule() {
        let refs = [reference("r1", &["Hill"], Some("2013b"), "A"), reference("r2", &["Hill"], Some("2013a"), "B")];
        let (r, rule, codes) = one(&["Hill"], false, Some("2013b"), &refs);
        assert_eq!(pair(r, rule), some("r1", "exact"));
        assert!(codes.is_empty(), "{codes:?}");
        let two = [reference("r1", &["Powers", "Jablonsky"], Some("2015"), "A")];
        assert_eq!(
            pair(one(&["Powers", "Jablonsky"], false, Some("2015"), &two).0, Some("exact".into())),
            some("r1", "exact")
        );
    }

    #[test]
    fn folded_rule() {
        let refs = [
            reference("r1", &["Müller"], Some("2002"), "A"),
            reference("r2", &["van der Berg"], Some("2010"), "B"),
            corporate("r3", "Johnson & Johnson", "2011"),
            reference("r4", &["Baker"], None, "C"),
        ];
        let r = |a: &[&str], y: Option<&str>| {
            let (r, rule, _) = one(a, false, y, &refs);
            pair(r, rule)
        };
        assert_eq!(r(&["Muller"], Some("2002")), some("r1", "folded"));
        assert_eq!(r(&["MÜLLER"], Some("2002")), some("r1", "folded"));
        assert_eq!(r(&["Berg"], Some("2010")), some("r2", "folded"));
        assert_eq!(r(&["Van der  Berg"], Some("2010")), some("r2", "folded"));
        assert_eq!(r(&["Johnson and Johnson"], Some("2011")), some("r3", "folded"));
        assert_eq!(r(&["Baker"], Some("n.d.")), some("r4", "folded"));
    }

    #[test]
    fn et_al_rule() {
        let refs = [
            reference("r1", &["Ketel", "Andersen", "Vargas"], Some("2005"), "A"),
            reference("r2", &["Ogura", "Iwasaki"], Some("2003"), "B"),
            reference("r3", &["Solo"], Some("2003"), "C"),
            Reference { et_al: true, ..reference("r4", &["Tang"], Some("2007"), "D") },
        ];
        let r = |a: &[&str], et: bool, y: &str| {
            let (r, rule, _) = one(a, et, Some(y), &refs);
            pair(r, rule)
        };
        assert_eq!(r(&["Ketel"], true, "2005"), some("r1", "et-al"));
        assert_eq!(r(&["Ogura"], true, "2003"), some("r2", "et-al"));
        assert_eq!(r(&["Solo"], true, "2003"), (None, None));
        assert_eq!(r(&["Tang", "Peng", "Baldwin"], false, "2007"), some("r4", "et-al"));
        assert_eq!(r(&["Tang"], true, "2007"), some("r4", "exact"));
    }

    #[test]
    fn first_author_rule() {
        let refs = [reference("r1", &["Cao", "Wang", "Xia"], Some("2002"), "A")];
        let (r, rule, codes) = one(&["Cao"], false, Some("2002"), &refs);
        assert_eq!(pair(r, rule), some("r1", "first-author"));
        assert!(codes.is_empty());
        // Two cited names against a different second author: no link.
        let (r, _, _) = one(&["Cao", "Zhang"], false, Some("2002"), &refs);
        assert_eq!(r, None);
    }

    #[test]
    fn missing_suffix_rule() {
        let refs = [reference("r1", &["Hill"], Some("2013b"), "A"), reference("r2", &["Hill"], Some("2014"), "B")];
        let (r, rule, codes) = one(&["Hill"], false, Some("2013"), &refs);
        assert_eq!(pair(r, rule), some("r1", "missing-suffix"));
        assert!(codes.contains(&Code::SuffixProblem));
        // Two lettered works: ambiguous, not guessed.
        let refs = [reference("r1", &["Hill"], Some("2013a"), "A"), reference("r2", &["Hill"], Some("2013b"), "B")];
        let (r, _, codes) = one(&["Hill"], false, Some("2013"), &refs);
        assert_eq!(r, None);
        assert_eq!(codes, [Code::AmbiguousCitation]);
    }

    #[test]
    fn extra_suffix_rule() {
        let refs = [reference("r1", &["Hill"], Some("2013"), "A")];
        let (r, rule, codes) = one(&["Hill"], false, Some("2013c"), &refs);
        assert_eq!(pair(r, rule), some("r1", "extra-suffix"));
        assert_eq!(codes, [Code::SuffixProblem]);
        // A wrong letter is not an extra suffix.
        let refs = [reference("r1", &["Hill"], Some("2013a"), "A")];
        let (r, _, codes) = one(&["Hill"], false, Some("2013c"), &refs);
        assert_eq!(r, None);
        assert_eq!(codes, [Code::YearMismatch, Code::SuffixProblem]);
    }

    #[test]
    fn edit_distance_rule() {
        let refs = [
            reference("r1", &["Haass"], Some("2010"), "A"),
            reference("r2", &["Schmitges", "Prusty"], Some("2011"), "B"),
            reference("r3", &["He"], Some("1999"), "C"),
            reference("r4", &["Hill"], Some("2013"), "D"),
        ];
        let r = |a: &[&str], y: &str| {
            let (r, rule, codes) = one(a, false, Some(y), &refs);
            (r, rule, codes)
        };
        let (re, rule, codes) = r(&["Haas"], "2010");
        assert_eq!(pair(re, rule), some("r1", "edit-distance"));
        assert_eq!(codes, [Code::NameNearMiss]);
        let (re, rule, _) = r(&["Schmitqes", "Prustv"], "2011");
        assert_eq!(pair(re, rule), some("r2", "edit-distance"));
        // OCR digits for letters.
        let (re, rule, _) = r(&["Hi1l"], "2013");
        assert_eq!(pair(re, rule), some("r4", "edit-distance"));
        // Too short to tolerate an edit.
        let (re, _, codes) = r(&["Ho"], "1999");
        assert_eq!(re, None);
        assert_eq!(codes, [Code::UnresolvedCitation]);
        // An edit and a year change together are too much.
        let (re, _, _) = r(&["Haas"], "2011");
        assert_eq!(re, None);
    }

    #[test]
    fn year_off_by_one_only_when_safe() {
        let refs = [reference("r1", &["Rudmin"], Some("2006"), "A")];
        let (r, rule, codes) = one(&["Rudmin"], false, Some("2007"), &refs);
        assert_eq!(pair(r, rule), some("r1", "year-off-by-one"));
        assert_eq!(codes, [Code::YearMismatch]);
        // Two entries by the author: no guess.
        let refs = [reference("r1", &["Rudmin"], Some("2006"), "A"), reference("r2", &["Rudmin"], Some("2009"), "B")];
        let (r, _, codes) = one(&["Rudmin"], false, Some("2007"), &refs);
        assert_eq!(r, None);
        assert_eq!(codes, [Code::YearMismatch]);
        // The entry is already cited with its own year: the other year is another work.
        let doc = "A (Rudmin, 2006). B (Rudmin, 2007).";
        let mut cs = cits(
            doc,
            &[
                ("(Rudmin, 2006)", &["Rudmin"], false, Some("2006")),
                ("(Rudmin, 2007)", &["Rudmin"], false, Some("2007")),
            ],
        );
        let refs = [reference("r1", &["Rudmin"], Some("2006"), "A")];
        let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
        assert_eq!(cs[0].reference.as_deref(), Some("r1"));
        assert_eq!(cs[1].reference, None);
        assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::YearMismatch]);
        // Two years apart: no guess.
        let refs = [reference("r1", &["Rudmin"], Some("2006"), "A")];
        assert_eq!(one(&["Rudmin"], false, Some("2008"), &refs).0, None);
    }

    #[test]
    fn missing_year_rule_and_ambiguity_with_context() {
        let refs = [reference("r1", &["Solo"], Some("2001"), "A")];
        let (r, rule, codes) = one(&["Solo"], false, None, &refs);
        assert_eq!(pair(r, rule), some("r1", "missing-year"));
        assert!(codes.is_empty());

        let doc = "One (Hill, 2013). Two (Hill, 2013b, p. 54).\n\nThree (Hill, 2013b, p. 8). Four (Hill, p. 54). Five (Hill, 2013b, p. 9).";
        let mut cs = cits(
            doc,
            &[
                ("(Hill, 2013)", &["Hill"], false, Some("2013")),
                ("(Hill, 2013b, p. 54)", &["Hill"], false, Some("2013b")),
                ("(Hill, 2013b, p. 8)", &["Hill"], false, Some("2013b")),
                ("(Hill, p. 54)", &["Hill"], false, None),
                ("(Hill, 2013b, p. 9)", &["Hill"], false, Some("2013b")),
            ],
        );
        let refs = [reference("r1", &["Hill"], Some("2013"), "A"), reference("r2", &["Hill"], Some("2013b"), "B")];
        let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
        assert_eq!(cs[3].reference, None);
        let amb: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == Code::AmbiguousCitation).collect();
        assert_eq!(amb.len(), 1);
        assert_eq!(amb[0].line, Some(3));
        let sugg = amb[0].suggestion.as_deref().unwrap_or("");
        assert!(sugg.contains("favour Hill 2013b (r2)"), "{sugg}");
        assert!(amb[0].message.contains("Hill 2013 (r1)"));
        // The same ref list reports its own suffix inconsistency.
        assert!(diags.iter().any(|d| d.code == Code::SuffixProblem));
    }

    #[test]
    fn unresolved_citation_names_closest_entry() {
        let refs = [reference("r1", &["Eichensehr"], Some("2014"), "A"), reference("r2", &["Zed"], Some("2000"), "B")];
        let doc = "See (Eichenser, 2015) and (Nobody, 2001).";
        let mut cs = cits(
            doc,
            &[
                ("(Eichenser, 2015)", &["Eichenser"], false, Some("2015")),
                ("(Nobody, 2001)", &["Nobody"], false, Some("2001")),
            ],
        );
        let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
        let unresolved: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == Code::UnresolvedCitation).collect();
        assert_eq!(unresolved.len(), 2);
        assert_eq!(unresolved[0].suggestion.as_deref(), Some("closest entry: Eichensehr 2014 (r1)"));
        assert!(unresolved[1].suggestion.as_deref().unwrap_or("").contains("add an entry for Nobody"));
        assert_eq!(diags.iter().filter(|d| d.code == Code::UncitedReference).count(), 2);
    }

    #[test]
    fn uncited_and_duplicate_references() {
        let doc = "Text (Alpha, 2001).\nAlpha, A. (2001). Title.\nAlpha, A. (2001). Title.\nBeta, B. (2002). Other.\n";
        let mut refs = vec![
            reference("r1", &["Alpha"], Some("2001"), "Title"),
            reference("r2", &["Alpha"], Some("2001"), "Title."),
            reference("r3", &["Beta"], Some("2002"), "Other"),
        ];
        for (i, r) in refs.iter_mut().enumerate() {
            let line_start = doc.split_inclusive('\n').take(i + 1).map(str::len).sum::<usize>();
            r.span = Some(Span::new(line_start, line_start + 10));
        }
        let mut cs = cits(doc, &[("(Alpha, 2001)", &["Alpha"], false, Some("2001"))]);
        let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
        assert_eq!(pair(cs[0].reference.clone(), cs[0].resolution.clone()), some("r1", "exact"));
        let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(got, [(Code::DuplicateReference, Some(3)), (Code::UncitedReference, Some(4))]);
    }

    #[test]
    fn given_names_in_running_text() {
        let with_given = |id: &str, family: &str, given: &str, raw: &str| Reference {
            authors: vec![Person::name(family, Some(given.to_string()))],
            raw: raw.to_string(),
            ..reference(id, &[], Some("2014"), "T")
        };
        let refs = [
            with_given("r1", "Rogoff", "Ken", "Rogoff, Ken. 2014. T."),
            // An entry parser that split a corporate name: the citation names it whole.
            with_given("r2", "General", "Inspector", "Inspector General, Office of. 2014. T."),
        ];
        let doc = "Intro text (X).";
        let mut cs = vec![cit(doc, 0, "(X)", &["Kenneth Rogoff"], false, Some("2014"))];
        resolve(&mut cs, &refs, &Source::new("t", doc.to_string()));
        assert_eq!(pair(cs[0].reference.clone(), cs[0].resolution.clone()), some("r1", "given-name"));
        assert_eq!(cs[0].authors, ["Rogoff"]);
        // The initial must agree with the entry's given name.
        assert_eq!(one(&["Martin Rogoff"], false, Some("2014"), &refs).0, None);
        assert_eq!(one(&["Inspector General"], false, Some("2014"), &refs).0, None);
    }

    #[test]
    fn copies_in_other_chapter_lists_are_not_duplicates() {
        // Two chapter lists far apart, each with the same entry; the second list repeats it once more.
        let gap = " ".repeat(LIST_GAP + 10);
        let doc = format!(
            "(Alpha, 2001)\nAlpha, A. (2001). Title.\n{gap}\nAlpha, A. (2001). Title.\nAlpha, A. (2001). Title.\n"
        );
        let starts: Vec<usize> = doc.match_indices("Alpha, A.").map(|(i, _)| i).collect();
        let mut refs: Vec<Reference> =
            (1..=3).map(|i| reference(&format!("r{i}"), &["Alpha"], Some("2001"), "Title")).collect();
        for (r, &at) in refs.iter_mut().zip(&starts) {
            r.span = Some(Span::new(at, at + 10));
        }
        let mut cs = cits(&doc, &[("(Alpha, 2001)", &["Alpha"], false, Some("2001"))]);
        let diags = resolve(&mut cs, &refs, &Source::new("t", doc.clone()));
        let dups: Vec<&str> =
            diags.iter().filter(|d| d.code == Code::DuplicateReference).map(|d| d.message.as_str()).collect();
        assert_eq!(dups.len(), 1, "{dups:?}");
        assert!(dups[0].contains("(r3) repeats") && dups[0].contains("(r2)"), "{dups:?}");
    }

    #[test]
    fn reference_list_suffix_problems() {
        let refs = [
            reference("r1", &["Hill"], Some("2013"), "A"),
            reference("r2", &["Hill"], Some("2013b"), "B"),
            reference("r3", &["Lone"], Some("2001c"), "C"),
        ];
        let diags = resolve(&mut [], &refs, &Source::new("t", String::new()));
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::SuffixProblem, Code::SuffixProblem], "no uncited-reference without citations");
        let (_, _, codes) = one(&["Zzz"], false, Some("1990"), &refs);
        assert_eq!(codes, [Code::UnresolvedCitation, Code::SuffixProblem, Code::SuffixProblem]);
    }

    #[test]
    fn letters_kept_when_works_share_their_short_form() {
        // Different co-authors, but both are cited as `Hart et al., 1987`: the letters
        // tell them apart and must stay.
        let refs = [
            reference("r1", &["Hart", "Clarke", "Wigley"], Some("1987a"), "A"),
            reference("r2", &["Hart", "Clarke", "Waldman", "Chia"], Some("1987b"), "B"),
            // Two authors shorten to both names: `Ng and Li, 1990c` is alone.
            reference("r3", &["Ng", "Li"], Some("1990c"), "C"),
            reference("r4", &["Ng", "Wu"], Some("1990"), "D"),
        ];
        let diags = resolve(&mut [], &refs, &Source::new("t", String::new()));
        let msgs: Vec<&str> =
            diags.iter().filter(|d| d.code == Code::SuffixProblem).map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("(r3)"), "{msgs:?}");
    }

    #[test]
    fn check_citations_without_list() {
        let doc = "Indeed the Seoul meeting agreed (Seoul Conference, 2013). Richard Haass, a president,\n\
                   suggests (Haas, 2010) that rules matter. Later (Hill, 2013) and (Hill, 2013b, p. 54).\n\n\
                   More (Hill, 2013b, p. 8) then (Hill, p. 54) and (Hill, 2014). Also (Schreier, 2015), (Schreier, 2015)\n\
                   and (Schrier, 2015).";
        let mut cs = cits(
            doc,
            &[
                ("(Seoul Conference, 2013)", &["Seoul Conference"], false, Some("2013")),
                ("(Haas, 2010)", &["Haas"], false, Some("2010")),
                ("(Hill, 2013)", &["Hill"], false, Some("2013")),
                ("(Hill, 2013b, p. 54)", &["Hill"], false, Some("2013b")),
                ("(Hill, 2013b, p. 8)", &["Hill"], false, Some("2013b")),
                ("(Hill, p. 54)", &["Hill"], false, None),
                ("(Hill, 2014)", &["Hill"], false, Some("2014")),
                ("(Schreier, 2015)", &["Schreier"], false, Some("2015")),
                ("(Schreier, 2015)", &["Schreier"], false, Some("2015")),
                ("(Schrier, 2015)", &["Schrier"], false, Some("2015")),
            ],
        );
        let src = Source::new("t", doc.to_string());
        let diags = resolve(&mut cs, &[], &src);
        assert!(cs.iter().all(|c| c.reference.is_none()));
        let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            [
                (Code::NameNearMiss, Some(2)),
                (Code::SuffixProblem, Some(2)),
                (Code::AmbiguousCitation, Some(4)),
                (Code::NameNearMiss, Some(5)),
            ]
        );
        assert!(diags[0].message.contains("`Haass`"));
        assert!(diags[1].suggestion.as_deref().unwrap_or("").contains("Hill 2013a"));
        assert!(diags[2].message.contains("Hill 2013, Hill 2013b, Hill 2014"), "{}", diags[2].message);
        assert!(diags[2].suggestion.as_deref().unwrap_or("").contains("favour Hill 2013b"));
        assert!(diags[3].message.contains("`Schrier`"));
        assert_eq!(check_citations(&cs, &src), diags);
    }

    #[test]
    fn context_near_miss_ignores_other_known_authors_and_far_sentences() {
        let doc = "Hall wrote much. Hall and others disagree (Hall, 2001; Hill, 2002).";
        let cs = cits(
            doc,
            &[("(Hall, 2001", &["Hall"], false, Some("2001")), ("Hill, 2002)", &["Hill"], false, Some("2002"))],
        );
        let diags = check_citations(&cs, &Source::new("t", doc.into()));
        assert!(diags.is_empty(), "{diags:?}");
        let doc = "Richard Haass spoke.\n\nLater work (Haas, 2010).";
        let cs = cits(doc, &[("(Haas, 2010)", &["Haas"], false, Some("2010"))]);
        assert!(check_citations(&cs, &Source::new("t", doc.into())).is_empty());
    }

    #[test]
    fn no_panics_on_odd_input() {
        let doc = "ééé (—, ) 漢字 (Hill, 2013)";
        let mut cs = vec![
            cit(doc, 0, "zzz", &[], false, Some("2013")),
            cit(doc, 0, "x", &["", "  "], true, Some("")),
            cit(doc, 0, "y", &["Ĥíll"], false, Some("٢٠١٣")),
            cit(doc, 0, "w", &["漢字"], true, None),
        ];
        cs[0].span = Span::new(1, 2); // splits a character
        cs[1].span = Span::new(10_000, 20_000);
        cs[2].span = Span { start: 5, end: 1 };
        let refs = [
            Reference::default(),
            reference("r1", &["", "Hill"], Some(""), ""),
            corporate("r2", "漢字", "n.d."),
            Reference { et_al: true, ..Reference::default() },
        ];
        let src = Source::new("t", doc.to_string());
        let _ = resolve(&mut cs, &refs, &src);
        let _ = resolve(&mut cs, &[], &src);
        let _ = check_citations(&cs, &src);
        let mut refs = refs.to_vec();
        assign_keys(&mut refs);
        let keys: HashSet<&str> = refs.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys.len(), refs.len());
    }

    #[test]
    fn index_scales_linearly_in_the_common_case() {
        // 3000 distinct authors, each cited once: finishes quickly because lookups are by index.
        let refs: Vec<Reference> = (0..3000)
            .map(|i| reference(&format!("r{i}"), &[&format!("Author{}", letters(i))], Some("2000"), "T"))
            .collect();
        let doc = "x".to_string();
        let mut cs: Vec<Citation> = (0..3000)
            .map(|i| {
                let mut c = cit(&doc, 0, "x", &[], false, Some("2000"));
                c.authors = vec![format!("Author{}", letters(i))];
                c
            })
            .collect();
        let diags = resolve(&mut cs, &refs, &Source::new("t", doc));
        assert!(cs.iter().all(|c| c.resolution.as_deref() == Some("exact")));
        assert!(diags.is_empty());
    }
}
