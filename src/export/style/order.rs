//! The order of the list: works handed to the processor in the order of their first
//! citation, and works of one author and year kept in the document's letter order.
//!
//! Why this is a module of its own: numeric styles must number works as the text does,
//! and an author-date list must give `2004a` to the work the document calls 2004a and list
//! it before `2004b`; hayagriva letters works by citation order and sorts them by title,
//! so both the order handed to it and the order of what it returns are set here.

use crate::export::Work;
use crate::model::Document;
use std::collections::BTreeMap;

/// Sorts works by their first citation: document order, then position in the document.
pub(super) fn in_citation_order<'a>(docs: &[Document], mut works: Vec<Work<'a>>) -> Vec<Work<'a>> {
    let first = |w: &Work<'_>| {
        w.citations
            .iter()
            .map(|c| {
                let doc = docs.iter().position(|d| std::ptr::eq(d, c.document)).unwrap_or(usize::MAX);
                (doc, c.citation.span.start)
            })
            .min()
            .unwrap_or((usize::MAX, usize::MAX))
    };
    // Stable: equal positions keep the key order of `cited_works`.
    works.sort_by_cached_key(first);
    works
}

/// The first author's name (lower case) and the year's digits of a work: works that share
/// them may be told apart in citations by more names or given names.
pub(super) fn first_author_year(w: &Work<'_>) -> Option<String> {
    let (name, year) = match w.reference {
        Some(r) => (r.authors.first().and_then(|p| p.literal.as_deref().or(p.family.as_deref()))?, r.year.as_deref()?),
        None => {
            let c = w.first()?;
            (c.authors.first()?.as_str(), c.year.as_deref()?)
        }
    };
    let digits: String = year.trim().chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| format!("{}|{digits}", name.to_lowercase()))
}

/// `text` without the letter right after a four-digit year (`1987a` → `1987`).
pub(super) fn without_year_letters(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let after_year =
            i >= 4 && chars[i - 4..i].iter().all(char::is_ascii_digit) && (i < 5 || !chars[i - 5].is_alphanumeric());
        let ends = chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric());
        if c.is_ascii_lowercase() && after_year && ends {
            continue;
        }
        out.push(c);
    }
    out
}

/// The works one author-date label names (the same authors and year) and the document's
/// letter of this one: `("lund|okafor|2004", "a")` for Lund and Okafor 2004a. `None` for
/// a year without a letter.
pub(super) fn lettered(w: &Work<'_>) -> Option<(String, String)> {
    let (names, year): (Vec<String>, &str) = match w.reference {
        Some(r) => (
            r.authors
                .iter()
                .filter_map(|p| p.literal.as_deref().or(p.family.as_deref()))
                .map(str::to_lowercase)
                .collect(),
            r.year.as_deref()?,
        ),
        None => {
            let c = w.first()?;
            (c.authors.iter().map(|a| a.to_lowercase()).collect(), c.year.as_deref()?)
        }
    };
    let letter = crate::export::normalize::year_letter(year)?;
    let digits: String = year.trim().chars().take(4).collect();
    Some((format!("{}|{digits}", names.join("|")), letter))
}

/// Reorders `items` so that within each group of [`lettered`] items (same authors and
/// year) they follow their letters (`a` < `b` < ... < `z` < `aa`), each group taking the
/// places its items held; every other item stays where it is.
pub(super) fn in_letter_order<T>(items: &mut Vec<T>, label: impl Fn(&T) -> Option<(String, String)>) {
    let labels: Vec<Option<(String, String)>> = items.iter().map(label).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some((group, _)) = l {
            groups.entry(group.as_str()).or_default().push(i);
        }
    }
    let letter = |i: usize| labels[i].as_ref().map(|(_, l)| (l.len(), l.clone()));
    let mut order: Vec<usize> = (0..items.len()).collect();
    for places in groups.values().filter(|p| p.len() > 1) {
        let mut by_letter = places.clone();
        by_letter.sort_by_key(|&i| letter(i));
        for (&place, &from) in places.iter().zip(&by_letter) {
            order[place] = from;
        }
    }
    let mut taken: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.iter().filter_map(|&i| taken[i].take()));
}
