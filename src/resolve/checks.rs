//! Checks of the reference list itself: duplicate entries and year-suffix problems.

use super::*;

pub(crate) fn place_ref(d: Diagnostic, r: &Reference, src: &Source) -> Diagnostic {
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
pub(crate) fn duplicate_references(refs: &[Reference], index: &RefIndex, src: &Source) -> Vec<Diagnostic> {
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
pub(crate) fn reference_suffix_problems(refs: &[Reference], index: &RefIndex, src: &Source) -> Vec<Diagnostic> {
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
