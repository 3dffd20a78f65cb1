//! Short human-readable labels of entries and citations for messages.

use super::*;

/// `Hill 2013b`, `Powers and Jablonsky 2015`, `Poitras et al. 2014`.
pub(crate) fn ref_label(r: &Reference) -> String {
    let names: Vec<&str> = r.authors.iter().map(Person::sort_name).map(str::trim).collect();
    let who = authors_label(&names, r.et_al);
    let year = r.year.as_deref().map(str::trim).filter(|y| !y.is_empty()).unwrap_or("n.d.");
    format!("{who} {year}")
}

/// `Hill`, `Powers and Jablonsky`, `Poitras et al.` for a citation.
pub(crate) fn cit_authors_label(c: &Citation) -> String {
    let names: Vec<&str> = c.authors.iter().map(|s| s.trim()).collect();
    authors_label(&names, c.et_al)
}

pub(crate) fn authors_label(names: &[&str], et_al: bool) -> String {
    match (names, et_al) {
        ([], _) => "Anonymous".to_string(),
        ([a], false) => a.to_string(),
        ([a, b], false) => format!("{a} and {b}"),
        ([a, ..], _) => format!("{a} et al."),
    }
}

pub(crate) fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.span.map(|s| s.start).unwrap_or(usize::MAX), d.code));
}
