//! RIS of the cited works: the tagged format EndNote, Zotero, Mendeley and most databases
//! import.
//!
//! Why a separate writer: RIS is plain text, one `TAG  - value` line per field, so it is
//! written from the normalised [`Reference`] fields like CSL-JSON, not converted from TeX.
//! Works known only from citations are `TY  - GEN` with what the citation tells, a note
//! and the keyword `citegraph-incomplete`, as in the other bibliographies.

use super::biblatex::{INCOMPLETE_KEYWORD, UNKNOWN_TITLE};
use super::{Work, cited_works, one_line};
use crate::model::{Document, EntryType, Person, Reference};
use std::io::{self, Write};

/// Writes the RIS records of every work cited in `docs`, sorted by key.
///
/// ```
/// use citegraph::{extract, Options};
/// use citegraph::Source;
/// let text = "Intro\n\nCats purr (Hill, 2013).\n\nReferences\n\nHill R. 2013. Cats. J Zool 5:1-9.\n";
/// let doc = extract(&Source::new("t.txt", text.into()), &Options::default());
/// let mut out = Vec::new();
/// citegraph::export::write_ris(&[doc], &mut out).unwrap();
/// let ris = String::from_utf8(out).unwrap();
/// assert!(ris.starts_with("TY  - JOUR\r\nID  - hill2013\r\nAU  - Hill, R.\r\n"));
/// assert!(ris.contains("SP  - 1\r\nEP  - 9\r\n"));
/// assert!(ris.ends_with("ER  - \r\n"));
/// ```
pub fn write_ris(docs: &[Document], mut w: impl Write) -> io::Result<()> {
    let docs = &super::normalize::normalized(docs);
    for (i, work) in cited_works(docs).iter().enumerate() {
        if i > 0 {
            w.write_all(b"\r\n")?;
        }
        for (tag, value) in record(work) {
            write!(w, "{tag}  - {value}\r\n")?;
        }
        w.write_all(b"ER  - \r\n")?;
    }
    Ok(())
}

/// The RIS type of an entry type.
fn ris_type(kind: EntryType) -> &'static str {
    match kind {
        EntryType::Article => "JOUR",
        EntryType::Book => "BOOK",
        EntryType::Chapter => "CHAP",
        EntryType::Proceedings => "CPAPER",
        EntryType::Report => "RPRT",
        EntryType::Thesis => "THES",
        EntryType::Webpage => "ELEC",
        EntryType::Dataset => "DATA",
        EntryType::Legal => "STAT",
        EntryType::Misc => "GEN",
    }
}

/// `Family, Given, Suffix`, or the literal name.
fn ris_name(p: &Person) -> Option<String> {
    if let Some(l) = p.literal.as_deref().map(one_line).filter(|l| !l.is_empty()) {
        return Some(l);
    }
    let family = p.family.as_deref().map(one_line).filter(|f| !f.is_empty())?;
    let mut s = family;
    if let Some(g) = p.given.as_deref().map(one_line).filter(|g| !g.is_empty()) {
        s.push_str(", ");
        s.push_str(&g);
    }
    if let Some(x) = p.suffix.as_deref().map(one_line).filter(|x| !x.is_empty()) {
        s.push_str(", ");
        s.push_str(&x);
    }
    Some(s)
}

/// RIS's `PY`: the four-digit year of `2013b`.
fn ris_year(year: &str) -> Option<String> {
    let digits: String = year.trim().chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then_some(digits)
}

/// The tagged fields of one work, in writing order (without `ER`).
pub fn record(w: &Work<'_>) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut push = |tag: &'static str, v: Option<&str>| {
        if let Some(v) = v.map(one_line).filter(|v| !v.is_empty()) {
            out.push((tag, v));
        }
    };
    match w.reference {
        Some(r) => reference_record(&w.key, r, &mut push),
        None => {
            let first = w.first();
            push("TY", Some("GEN"));
            push("ID", Some(&w.key));
            for a in first.map(|c| c.authors.as_slice()).unwrap_or_default() {
                push("AU", Some(a));
            }
            push("PY", first.and_then(|c| c.year.as_deref()).and_then(ris_year).as_deref());
            push("TI", Some(UNKNOWN_TITLE));
            let note = w.incomplete_note();
            push("N1", note.as_deref());
            push("KW", Some(INCOMPLETE_KEYWORD));
        }
    }
    out
}

fn reference_record(key: &str, r: &Reference, push: &mut impl FnMut(&'static str, Option<&str>)) {
    push("TY", Some(ris_type(r.kind)));
    push("ID", Some(key));
    for a in &r.authors {
        push("AU", ris_name(a).as_deref());
    }
    for e in &r.editors {
        push("ED", ris_name(e).as_deref());
    }
    push("PY", r.year.as_deref().and_then(ris_year).as_deref());
    push("TI", r.title.as_deref());
    push("T2", r.container.as_deref());
    push("VL", r.volume.as_deref());
    push("IS", r.issue.as_deref());
    if let Some(p) = r.pages.as_deref() {
        match p.split_once(['-', '–']) {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                push("SP", Some(a.trim()));
                push("EP", Some(b.trim_start_matches(['-', '–']).trim()));
            }
            _ => push("SP", Some(p)),
        }
    }
    push("ET", r.edition.as_deref());
    push("PB", r.publisher.as_deref());
    push("CY", r.place.as_deref());
    push("DO", r.doi.as_deref());
    push("UR", r.url.as_deref());
    push("Y2", r.accessed.as_deref());
    if r.et_al {
        push("N1", Some("Author list shortened with et al. in the source"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_years() {
        assert_eq!(ris_name(&Person::name("Hill", Some("R.".into()))).as_deref(), Some("Hill, R."));
        assert_eq!(ris_name(&Person::literal("World Bank")).as_deref(), Some("World Bank"));
        assert_eq!(ris_name(&Person::default()), None);
        assert_eq!(ris_year("2013b").as_deref(), Some("2013"));
        assert_eq!(ris_year("n.d."), None);
    }
}
