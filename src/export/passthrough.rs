//! Entries of a user's `.bib` database written back as they were.
//!
//! Why this exists: an entry the user wrote (or exported from Zotero) is the best data
//! there is about that work. Rebuilding it from the fields citegraph understands dropped
//! `langid`, `shortjournal`, `issn`, `abstract`, `file`, `shorttitle`, replaced
//! `type = {Horizon Working Paper}` by `{Report}` and changed entry types. Here the entry
//! type, every field and the TeX of every value are copied; only what cannot be copied on
//! its own is rewritten: a value built from `@string` macros (whose definitions are
//! elsewhere in the user's file) takes the resolved value citegraph read, and a month macro
//! (`jan`) becomes its number.
//!
//! The names are checked against biber's default data model (entry types and fields of
//! `blx-dm.def`) and the classic BibTeX aliases biber maps itself (`journal`, `address`,
//! `@phdthesis`, ...), so a name is always one biber knows.

use super::biblatex::BibEntry;

/// Entry types of biber's default data model, and the BibTeX aliases biber maps.
const TYPES: &[&str] = &[
    "article",
    "artwork",
    "audio",
    "bibnote",
    "book",
    "bookinbook",
    "booklet",
    "collection",
    "commentary",
    "conference",
    "customa",
    "customb",
    "customc",
    "customd",
    "custome",
    "customf",
    "dataset",
    "electronic",
    "image",
    "inbook",
    "incollection",
    "inproceedings",
    "inreference",
    "jurisdiction",
    "legal",
    "legislation",
    "letter",
    "manual",
    "mastersthesis",
    "misc",
    "movie",
    "music",
    "mvbook",
    "mvcollection",
    "mvproceedings",
    "mvreference",
    "online",
    "patent",
    "performance",
    "periodical",
    "phdthesis",
    "proceedings",
    "reference",
    "report",
    "review",
    "set",
    "software",
    "standard",
    "suppbook",
    "suppcollection",
    "suppperiodical",
    "techreport",
    "thesis",
    "unpublished",
    "video",
    "www",
    "xdata",
];

/// Fields of biber's default data model, and the BibTeX aliases biber maps.
const FIELDS: &[&str] = &[
    "abstract",
    "addendum",
    "address",
    "afterword",
    "annotation",
    "annotator",
    "annote",
    "archiveprefix",
    "author",
    "authortype",
    "bookauthor",
    "bookpagination",
    "booksubtitle",
    "booktitle",
    "booktitleaddon",
    "chapter",
    "commentator",
    "crossref",
    "date",
    "day",
    "doi",
    "edition",
    "editor",
    "editora",
    "editoratype",
    "editorb",
    "editorbtype",
    "editorc",
    "editorctype",
    "editortype",
    "eid",
    "endyear",
    "entryset",
    "entrysubtype",
    "eprint",
    "eprintclass",
    "eprinttype",
    "eventdate",
    "eventtitle",
    "eventtitleaddon",
    "execute",
    "file",
    "foreword",
    "gender",
    "holder",
    "howpublished",
    "hyphenation",
    "ids",
    "indexsorttitle",
    "indextitle",
    "institution",
    "introduction",
    "isan",
    "isbn",
    "ismn",
    "isrn",
    "issn",
    "issue",
    "issuesubtitle",
    "issuetitle",
    "issuetitleaddon",
    "iswc",
    "journal",
    "journalsubtitle",
    "journaltitle",
    "journaltitleaddon",
    "key",
    "keywords",
    "label",
    "langid",
    "langidopts",
    "language",
    "library",
    "lista",
    "listb",
    "listc",
    "listd",
    "liste",
    "listf",
    "location",
    "mainsubtitle",
    "maintitle",
    "maintitleaddon",
    "month",
    "namea",
    "nameaddon",
    "nameatype",
    "nameb",
    "namebtype",
    "namec",
    "namectype",
    "note",
    "number",
    "options",
    "organization",
    "origdate",
    "origlanguage",
    "origlocation",
    "origpublisher",
    "origtitle",
    "pages",
    "pagetotal",
    "pagination",
    "part",
    "pdf",
    "presort",
    "primaryclass",
    "publisher",
    "pubstate",
    "related",
    "relatedoptions",
    "relatedstring",
    "relatedtype",
    "reprinttitle",
    "school",
    "series",
    "shortauthor",
    "shorteditor",
    "shorthand",
    "shorthandintro",
    "shortjournal",
    "shortseries",
    "shorttitle",
    "sortkey",
    "sortname",
    "sortshorthand",
    "sorttitle",
    "sortyear",
    "subtitle",
    "title",
    "titleaddon",
    "translator",
    "type",
    "url",
    "urldate",
    "usera",
    "userb",
    "userc",
    "userd",
    "usere",
    "userf",
    "venue",
    "verba",
    "verbb",
    "verbc",
    "version",
    "volume",
    "volumes",
    "xdata",
    "xref",
    "year",
];

/// True for a field name biber knows (its default data model or a BibTeX alias it maps).
pub fn known_field(name: &str) -> bool {
    FIELDS.contains(&name.to_ascii_lowercase().as_str())
}

/// Fields whose value is a path, URL or identifier: copied byte for byte, line breaks too.
const VERBATIM: &[&str] = &["url", "doi", "file", "eprint", "pdf", "verba", "verbb", "verbc"];

/// The `.bib` entry `raw` written back under `key` with its own type, fields and TeX.
/// `resolved` is the entry citegraph built from what it read; it supplies the values of
/// fields written with `@string` macros. `None` when `raw` is not one entry of a type biber
/// knows (the caller then writes `resolved`).
pub fn passthrough_entry(key: &str, raw: &str, resolved: &BibEntry) -> Option<BibEntry> {
    let parsed = std::panic::catch_unwind(|| biblatex::RawBibliography::parse(raw)).ok()?.ok()?;
    let entry = parsed.entries.into_iter().next()?.v;
    let kind = entry.kind.v.to_ascii_lowercase();
    let kind: &'static str = TYPES.iter().find(|t| **t == kind)?;
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    let mut inherits = false;
    for pair in &entry.fields {
        let name = pair.key.v.to_ascii_lowercase();
        // The entries these name are not written unless cited: their fields are inherited
        // below instead, so that the entry stands on its own.
        if matches!(name.as_str(), "crossref" | "xdata" | "xref") {
            inherits = true;
            continue;
        }
        let Some(name) = FIELDS.iter().find(|f| **f == name).copied() else { continue };
        if fields.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let mut text = String::new();
        let mut macros = 0;
        for c in &pair.value.v {
            match c.v {
                biblatex::RawChunk::Normal(t) => text.push_str(t),
                biblatex::RawChunk::Abbreviation(a) => {
                    macros += 1;
                    match crate::lexicon::month_of_stem(a) {
                        Some(n) if pair.value.v.len() == 1 => text.push_str(&n.to_string()),
                        _ => text.push_str(a),
                    }
                }
            }
        }
        let month_only = macros == 1 && pair.value.v.len() == 1 && text.bytes().all(|b| b.is_ascii_digit());
        let value = if (macros > 0 && !month_only) || !balanced(&text) {
            match resolved.get(name) {
                Some(v) => v.to_string(),
                None => continue,
            }
        } else if VERBATIM.contains(&name) {
            text
        } else {
            super::one_line(&text)
        };
        if !value.trim().is_empty() {
            fields.push((name, value));
        }
    }
    if inherits {
        let alias = |n: &'static str| -> &'static str {
            match n {
                "journaltitle" => "journal",
                "location" => "address",
                "institution" => "school",
                "date" => "year",
                other => other,
            }
        };
        for (n, v) in &resolved.fields {
            if !fields.iter().any(|(f, _)| f == n || *f == alias(n)) {
                fields.push((n, v.clone()));
            }
        }
    }
    Some(BibEntry { kind, key: key.to_string(), fields })
}

/// Braces balanced the way biber counts them (backslashes do not escape).
fn balanced(s: &str) -> bool {
    let mut depth = 0i64;
    for b in s.bytes() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_type_and_tex_is_kept() {
        let raw = "@Report{hor13,\n  author = {Okafor, Ngozi},\n  title = {The \\emph{Real}\n    Horizon},\n  type = {Horizon Working Paper},\n  institution = inst,\n  langid = {english}, month = sep, date = {2013-09-01},\n  file = {a  b.pdf}, mendeley-tags = {x},\n}";
        let resolved =
            BibEntry { kind: "report", key: "hor13".into(), fields: vec![("institution", "Inst of X".into())] };
        let e = passthrough_entry("hor13", raw, &resolved).expect("entry");
        assert_eq!(e.kind, "report");
        assert_eq!(e.key, "hor13");
        assert_eq!(e.get("title"), Some("The \\emph{Real} Horizon"));
        assert_eq!(e.get("type"), Some("Horizon Working Paper"));
        assert_eq!(e.get("institution"), Some("Inst of X"));
        assert_eq!(e.get("langid"), Some("english"));
        assert_eq!(e.get("month"), Some("9"));
        assert_eq!(e.get("date"), Some("2013-09-01"));
        assert_eq!(e.get("file"), Some("a  b.pdf"));
        assert_eq!(e.get("mendeley-tags"), None);
        assert!(passthrough_entry("k", "@weird{k, title = {x}}", &resolved).is_none());
        assert!(passthrough_entry("k", "not bib", &resolved).is_none());
    }
}
