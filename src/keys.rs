//! BibLaTeX key generation: stable, unique keys for reference entries (`hill2013b`), which
//! the exporters and the command line use.

use crate::model::Reference;
use crate::resolve::YearKey;
use crate::text::fold_with;
use std::collections::{HashMap, HashSet};

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

/// `hill2013b`: folded first-author name + year (a corporate name loses a leading `The`).
pub(crate) fn natural_key(r: &Reference) -> String {
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
pub(crate) fn letters(mut n: usize) -> String {
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
