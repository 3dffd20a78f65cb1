//! Loading RIS files (EndNote, Zotero, Mendeley, publishers' "download citation") as
//! [`Reference`]s.
//!
//! Why this exists: RIS is what most publisher sites and older reference managers export,
//! so `--bib` reads it beside BibTeX and CSL. Each record (`TY  - ` to `ER  - `) becomes a
//! CSL item and goes through the CSL-JSON reader ([`super::csljson`]), so fields mean the
//! same whichever format they came in, and the item's JSON is the reference's `raw` (the
//! user's data, not normalised on export). The key is the record's `ID`; a record without
//! one gets `family` + `year` of its first author (`hill2013`, then `hill2013-2`, ...).
//!
//! Bad input loses only itself: a tag line outside a record, or a line that is no tag and
//! does not continue one, is a `ris-invalid` error with its `file:line`, and the other
//! records are read. A record not closed by `ER` before the next `TY` or the end is kept
//! with a warning.

use super::csljson::{items_to_references, line_at};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Reference;
use crate::source::Span;
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// True when the first line of `text` that is not blank is a RIS `TY  - ` line.
pub fn is_ris(text: &str) -> bool {
    text.trim_start_matches('\u{FEFF}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(tag)
        .is_some_and(|(t, _)| t == "TY")
}

/// A tag line: two characters (a capital, then a capital or digit), up to two spaces, `-`,
/// then the value (`TY  - JOUR`, `ER  -`).
fn tag(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start_matches('\u{FEFF}');
    let b = line.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit()) {
        return None;
    }
    let rest = &line[2..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    let rest = &rest[spaces..];
    if spaces > 2 || !rest.starts_with('-') {
        return None;
    }
    let value = &rest[1..];
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((&line[..2], value.trim()))
}

/// One record being read: its tags in order, where it starts, its first line.
struct Record {
    start: usize,
    end: usize,
    tags: Vec<(String, String)>,
}

/// Reads a RIS text into references, ids `b1..`; `path` is used in messages.
///
/// ```
/// let ris = "TY  - JOUR\r\nAU  - Hill, Rosa\r\nPY  - 2013///\r\nTI  - Cats\r\nT2  - J Zool\r\nSP  - 1\r\nEP  - 9\r\nER  - \r\n";
/// let (refs, diags) = citegraph::bib::load_bib_str(ris, "lib.ris");
/// assert!(diags.is_empty(), "{diags:?}");
/// assert_eq!(refs[0].key, "hill2013");
/// assert_eq!(refs[0].pages.as_deref(), Some("1-9"));
/// assert_eq!(refs[0].container.as_deref(), Some("J Zool"));
/// ```
pub fn load_ris_str(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut records: Vec<Record> = Vec::new();
    let mut open: Option<Record> = None;
    let mut at = 0;
    let mut stray: Option<usize> = None;
    let unclosed = |r: &Record, diags: &mut Vec<Diagnostic>| {
        let line = line_at(text, r.start);
        diags.push(
            Diagnostic::warning(
                Code::RisInvalid,
                format!("{path}:{line}: record not closed by `ER  - `; read as it is"),
            )
            .with_line(line),
        );
    };
    for raw_line in text.split_inclusive('\n') {
        let line_start = at;
        at += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        match tag(line) {
            Some(("TY", v)) => {
                if let Some(r) = open.take() {
                    unclosed(&r, &mut diags);
                    records.push(r);
                }
                stray = None;
                open = Some(Record { start: line_start, end: at, tags: vec![("TY".into(), v.into())] });
            }
            Some(("ER", _)) => match open.take() {
                Some(mut r) => {
                    r.end = line_start + line.len();
                    records.push(r);
                }
                None => stray_line(&mut stray, text, line_start, path, &mut diags),
            },
            Some((t, v)) => match open.as_mut() {
                Some(r) => {
                    r.tags.push((t.to_string(), v.to_string()));
                    r.end = line_start + line.len();
                }
                None => stray_line(&mut stray, text, line_start, path, &mut diags),
            },
            None if line.trim().is_empty() => {}
            None => match open.as_mut().and_then(|r| r.tags.last_mut()) {
                // A wrapped value (some exporters break long abstracts and titles).
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                None => stray_line(&mut stray, text, line_start, path, &mut diags),
            },
        }
    }
    if let Some(r) = open.take() {
        unclosed(&r, &mut diags);
        records.push(r);
    }
    let mut used = HashSet::new();
    let mut refs = Vec::new();
    for r in &records {
        let item = item_of(&r.tags, &mut used);
        let (got, more) = items_to_references(&[&item], text, r.start, path);
        diags.extend(more);
        for mut g in got {
            g.id = format!("b{}", refs.len() + 1);
            g.span = Some(Span::new(r.start, r.end));
            g.line = line_at(text, r.start);
            refs.push(g);
        }
    }
    (refs, diags)
}

/// Reports text outside any record, once per run of such lines.
fn stray_line(stray: &mut Option<usize>, text: &str, at: usize, path: &str, diags: &mut Vec<Diagnostic>) {
    if stray.is_some() {
        return;
    }
    *stray = Some(at);
    let line = line_at(text, at);
    diags.push(
        Diagnostic::error(
            Code::RisInvalid,
            format!(
                "{path}:{line}: not RIS: text outside a record (a record opens with `TY  - ` and closes with `ER  - `)"
            ),
        )
        .with_line(line),
    );
}

/// The CSL type of a RIS type.
fn csl_type(ty: &str) -> &'static str {
    match ty {
        "JOUR" | "JFULL" | "EJOUR" | "ABST" | "INPR" => "article-journal",
        "MGZN" => "article-magazine",
        "NEWS" => "article-newspaper",
        "BOOK" | "EBOOK" | "EDBOOK" | "CLASSIC" => "book",
        "CHAP" | "ECHAP" => "chapter",
        "ENCYC" | "DICT" => "entry-encyclopedia",
        "CONF" | "CPAPER" => "paper-conference",
        "RPRT" | "GOVDOC" => "report",
        "THES" => "thesis",
        "ELEC" | "WEB" | "BLOG" => "webpage",
        "DATA" | "DBASE" => "dataset",
        "COMP" => "software",
        "STAT" | "BILL" | "LEGAL" => "legislation",
        "CASE" => "legal_case",
        "PAT" => "patent",
        "MAP" => "map",
        _ => "document",
    }
}

/// A RIS name (`Family, Given`, `Family, Given, Suffix`, or one corporate name) as a CSL name.
fn name(s: &str) -> Value {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [family, given, rest @ ..] if !family.is_empty() => {
            let mut m = Map::new();
            m.insert("family".into(), json!(family));
            if !given.is_empty() {
                m.insert("given".into(), json!(given));
            }
            if let Some(suffix) = rest.iter().find(|p| !p.is_empty()) {
                m.insert("suffix".into(), json!(suffix));
            }
            Value::Object(m)
        }
        _ => json!({"literal": s.trim()}),
    }
}

/// A RIS date (`2013`, `2013///`, `2013/09/01/`, `2013-09-01`) as CSL `date-parts`.
fn date(s: &str) -> Option<Value> {
    let parts: Vec<i64> =
        s.split(['/', '-']).map(str::trim).take_while(|p| !p.is_empty()).map_while(|p| p.parse().ok()).collect();
    match parts.first() {
        Some(y) if (1..=9999).contains(y) => {
            let valid = parts.get(1).is_none_or(|m| (1..=12).contains(m));
            let n = if valid { parts.len().min(3) } else { 1 };
            Some(json!({"date-parts": [parts[..n].to_vec()]}))
        }
        _ => {
            let s = s.trim().trim_end_matches('/');
            (!s.is_empty()).then(|| json!({"literal": s}))
        }
    }
}

/// The key made for a record without `ID`: folded first author and year (`hill2013`).
fn made_key(item: &Value, used: &mut HashSet<String>) -> String {
    let first = item.get("author").or_else(|| item.get("editor")).and_then(|a| a.get(0));
    let who =
        first.and_then(|p| p.get("family").or_else(|| p.get("literal"))).and_then(Value::as_str).unwrap_or("anon");
    let mut base: String = crate::resolve::fold(who).chars().take(24).collect();
    if base.is_empty() {
        base = "anon".into();
    }
    let year = item
        .get("issued")
        .and_then(|d| d.get("date-parts"))
        .and_then(|p| p.get(0))
        .and_then(|p| p.get(0))
        .and_then(Value::as_i64)
        .map_or_else(|| "nd".to_string(), |y| y.to_string());
    let base = format!("{base}{year}");
    let mut key = base.clone();
    let mut n = 2;
    while !used.insert(key.clone()) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// The CSL item of one record's tags.
fn item_of(tags: &[(String, String)], used: &mut HashSet<String>) -> Value {
    let mut m = Map::new();
    let get = |names: &[&str]| {
        names.iter().find_map(|n| tags.iter().find(|(t, v)| t == n && !v.is_empty()).map(|(_, v)| v.clone()))
    };
    let all = |names: &[&str]| -> Vec<String> {
        tags.iter().filter(|(t, v)| names.contains(&t.as_str()) && !v.is_empty()).map(|(_, v)| v.clone()).collect()
    };
    let ty = get(&["TY"]).unwrap_or_default();
    m.insert("type".into(), json!(csl_type(&ty)));
    let authors = all(&["AU", "A1"]);
    if !authors.is_empty() {
        m.insert("author".into(), Value::Array(authors.iter().map(|a| name(a)).collect()));
    }
    let editors = all(&["ED", "A2"]);
    if !editors.is_empty() {
        m.insert("editor".into(), Value::Array(editors.iter().map(|a| name(a)).collect()));
    }
    if let Some(d) = get(&["PY", "Y1", "DA"]).and_then(|d| date(&d)) {
        m.insert("issued".into(), d);
    }
    if let Some(d) = get(&["Y2"]).and_then(|d| date(&d)) {
        m.insert("accessed".into(), d);
    }
    let text_fields: &[(&[&str], &str)] = &[
        (&["TI", "T1", "CT"], "title"),
        (&["T2", "JF", "JO", "BT", "T3"], "container-title"),
        (&["JA", "J2"], "container-title-short"),
        (&["VL"], "volume"),
        (&["IS", "CP"], "issue"),
        (&["ET"], "edition"),
        (&["PB"], "publisher"),
        (&["CY", "PP"], "publisher-place"),
        (&["SN"], "ISSN"),
        (&["AB", "N2"], "abstract"),
        (&["N1"], "note"),
        (&["LA"], "language"),
        (&["ST"], "title-short"),
    ];
    for (tags_, field) in text_fields {
        if let Some(v) = get(tags_) {
            m.insert((*field).into(), json!(v));
        }
    }
    // A book's T2 is its series, not a container.
    if ty == "BOOK"
        && let Some(series) = m.remove("container-title")
    {
        m.insert("collection-title".into(), series);
    }
    match (get(&["SP"]), get(&["EP"])) {
        (Some(s), Some(e)) if !s.contains(['-', '–']) => m.insert("page".into(), json!(format!("{s}-{e}"))),
        (Some(s), _) => m.insert("page".into(), json!(s)),
        (None, Some(e)) => m.insert("page".into(), json!(e)),
        (None, None) => None,
    };
    if let Some(d) = get(&["DO"]) {
        let d = d.trim();
        let bare = ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
            .iter()
            .find_map(|p| d.strip_prefix(p))
            .unwrap_or(d);
        m.insert("DOI".into(), json!(bare.trim()));
    }
    if let Some(u) = get(&["UR", "L2"]) {
        m.insert("URL".into(), json!(u));
    }
    let keywords = all(&["KW"]);
    if !keywords.is_empty() {
        m.insert("keyword".into(), json!(keywords.join(", ")));
    }
    let mut item = Value::Object(m);
    let id = get(&["ID"]).filter(|id| used.insert(id.clone())).unwrap_or_else(|| made_key(&item, used));
    if let Value::Object(m) = &mut item {
        m.insert("id".into(), json!(id));
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_references() {
        let ris = "TY  - CHAP\nAU  - Brändén, C.-I.\nA2  - Boyer, P. D.\nPY  - 1975/01/01/\nTI  - Alcohol\n  dehydrogenases\nT2  - The Enzymes\nVL  - II\nSP  - 61\nEP  - 102\nPB  - Academic Press\nER  - \n\nTY  - RPRT\nID  - wb19\nAU  - World Bank\nPY  - 2019\nTI  - Debt\nDO  - https://doi.org/10.1/x\nER  -\n";
        let (refs, diags) = load_ris_str(ris, "x.ris");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(refs.len(), 2);
        let c = &refs[0];
        assert_eq!(c.key, "branden1975");
        assert_eq!(c.title.as_deref(), Some("Alcohol dehydrogenases"));
        assert_eq!(c.editors[0].family.as_deref(), Some("Boyer"));
        assert_eq!((c.volume.as_deref(), c.pages.as_deref()), (Some("II"), Some("61-102")));
        assert_eq!((c.line, refs[1].line), (1, 14));
        assert_eq!(refs[1].key, "wb19");
        assert_eq!(refs[1].authors[0].literal.as_deref(), Some("World Bank"));
        assert_eq!(refs[1].doi.as_deref(), Some("10.1/x"));
        assert!(crate::export::normalize::from_bib(&refs[1]), "the user's data");
    }

    #[test]
    fn bad_lines_lose_only_themselves() {
        let ris = "TY  - JOUR\nAU  - Hill, R.\nPY  - 2013\nER  - \nthis is not RIS\nnor this\nAU  - Lee, K.\nTY  - JOUR\nAU  - Lee, K.\nPY  - 2001\n";
        let (refs, diags) = load_ris_str(ris, "x.ris");
        assert_eq!(refs.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["hill2013", "lee2001"]);
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(codes, [(Code::RisInvalid, Some(5)), (Code::RisInvalid, Some(8))], "{diags:?}");
        assert!(diags[0].message.starts_with("x.ris:5: "));
        assert!(is_ris("\n\nTY  - BOOK\n") && !is_ris("@book{x,"));
    }
}
