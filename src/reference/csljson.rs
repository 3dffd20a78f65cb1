//! Loading CSL-JSON bibliographies (Zotero's and pandoc's other format) as [`Reference`]s.
//!
//! Why this exists: `--bib` used to read only BibTeX/BibLaTeX, so a CSL-JSON export was
//! parsed as BibTeX and failed with a misleading message. CSL-JSON is detected by content
//! (the text opens with `[` or `{`, which no `.bib` file does), so `--bib library.json`
//! and a document's own bibliography work whatever the extension. Each item becomes a
//! reference with its `id` as key, `line`/`span` pointing at its `"id"` in the file, and
//! the item's JSON as `raw` (which marks it, like a `.bib` entry, as the user's own data
//! that exporters do not normalise). A final author `{"literal": "others"}` is BibTeX's
//! `and others`: it sets `et_al`.

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{EntryType, Person, Reference};
use crate::source::Span;
use serde_json::Value;

/// True when `text` is JSON rather than BibTeX: its first non-blank character is `[` or
/// `{` (a `.bib` file starts with `@`, `%` or free text).
pub fn is_csl_json(text: &str) -> bool {
    matches!(text.trim_start_matches('\u{FEFF}').trim_start().chars().next(), Some('[' | '{'))
}

/// Reads a CSL-JSON array (or a single item) into references, ids `b1..`.
///
/// ```
/// let json = r#"[{"id": "hill2013", "type": "article-journal", "author": [{"family": "Hill", "given": "R."}],
///   "issued": {"date-parts": [[2013, 9, 1]]}, "title": "Cats", "container-title": "J Zool", "page": "1-9"}]"#;
/// let (refs, diags) = citegraph::bib::load_bib_str(json, "lib.json");
/// assert!(diags.is_empty());
/// assert_eq!(refs[0].key, "hill2013");
/// assert_eq!(refs[0].year.as_deref(), Some("2013"));
/// assert_eq!(refs[0].authors[0].family.as_deref(), Some("Hill"));
/// ```
pub fn load_csl_json_str(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let value: Value = match serde_json::from_str(text.trim_start_matches('\u{FEFF}')) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diagnostic::error(Code::CslJsonInvalid, format!("{path}:{}: not valid CSL-JSON: {e}", e.line()))
                    .with_line(e.line()),
            );
            return (Vec::new(), diags);
        }
    };
    let items: Vec<&Value> = match &value {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) => vec![&value],
        _ => Vec::new(),
    };
    let (refs, more) = items_to_references(&items, text, 0, path);
    diags.extend(more);
    (refs, diags)
}

/// Turns CSL items (from JSON, YAML or RIS records) into references, ids `b1..`, each
/// placed at its `id` value in `text`, searched in order from byte `from`. Items without an
/// `id` are skipped with a `csl-json-no-id` warning.
pub(crate) fn items_to_references(
    items: &[&Value],
    text: &str,
    from: usize,
    path: &str,
) -> (Vec<Reference>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut search_from = from;
    let mut refs = Vec::new();
    for item in items {
        let Some(id) = item.get("id").and_then(id_string) else {
            diags.push(Diagnostic::warning(Code::CslJsonNoId, format!("{path}: an item has no `id`; skipped")));
            continue;
        };
        let at = find_id(text, search_from, &id);
        if let Some((_, b)) = at {
            search_from = b;
        }
        let mut r = reference_of(item);
        r.id = format!("b{}", refs.len() + 1);
        r.key = id;
        r.file = Some(path.to_string());
        if let Some((a, b)) = at {
            r.span = Some(Span::new(a, b));
            r.line = line_at(text, a);
        }
        refs.push(r);
    }
    (refs, diags)
}

/// The 1-based line of byte `at` of `text`.
pub(crate) fn line_at(text: &str, at: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at.min(text.len())]).count()
}

/// Where the value `id` of an item's `id` field stands, at or after byte `from`: the id
/// written after `id` and a colon (`"id": "hill2013"`, `id: hill2013`, `id: 'hill2013'`).
fn find_id(text: &str, from: usize, id: &str) -> Option<(usize, usize)> {
    let rest = text.get(from..)?;
    for (i, _) in rest.match_indices(id) {
        let start = from + i;
        let end = start + id.len();
        // The whole value: a quote, space or delimiter right after it, `id:` before it.
        let before = text[..start].trim_end_matches(['"', '\'']).trim_end();
        let whole =
            text[end..].chars().next().is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '}' | ']'));
        let key = before.strip_suffix("\"id\":").or_else(|| before.strip_suffix("id:"));
        if whole && key.is_some_and(|k| !k.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')) {
            return Some((start, end));
        }
    }
    None
}

fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn text_of(item: &Value, field: &str) -> Option<String> {
    match item.get(field)? {
        Value::String(s) => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn people(item: &Value, field: &str) -> (Vec<Person>, bool) {
    let mut out = Vec::new();
    let mut et_al = false;
    for p in item.get(field).and_then(Value::as_array).into_iter().flatten() {
        let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        if let Some(l) = s("literal") {
            if l == "others" {
                et_al = true;
            } else {
                out.push(Person::literal(l));
            }
            continue;
        }
        let Some(family) = s("family") else {
            if let Some(g) = s("given") {
                out.push(Person::literal(g));
            }
            continue;
        };
        let particle = s("non-dropping-particle").map(|p| format!("{p} ")).unwrap_or_default();
        let mut given = s("given").map(str::to_string);
        if let Some(d) = s("dropping-particle") {
            given = Some(format!("{} {d}", given.unwrap_or_default()).trim().to_string());
        }
        out.push(Person {
            family: Some(format!("{particle}{family}")),
            given,
            suffix: s("suffix").map(str::to_string),
            literal: None,
        });
    }
    (out, et_al)
}

/// The year of a CSL date: `date-parts`, else the digits of `literal` or `raw` (or of the
/// date written as a plain string or number, as CSL-YAML allows: `issued: 2013-09-01`), else
/// pandoc's older `[{year: 2013}]`.
fn year_of(item: &Value, field: &str) -> Option<String> {
    let d = item.get(field)?;
    if let Some(y) = d.get("date-parts").and_then(|p| p.get(0)).and_then(|p| p.get(0)) {
        return match y {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.trim().to_string()),
            _ => None,
        };
    }
    if let Value::Number(n) = d {
        return Some(n.to_string());
    }
    if let Some(y) = d.get(0).and_then(|p| p.get("year")) {
        return match y {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            _ => None,
        };
    }
    let s = d.get("literal").or_else(|| d.get("raw")).and_then(Value::as_str).or_else(|| d.as_str())?;
    let digits: String = s.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then_some(digits).or_else(|| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
}

fn kind_of(t: &str) -> EntryType {
    match t {
        "article-journal" | "article-magazine" | "article-newspaper" | "article" | "review" | "review-book" => {
            EntryType::Article
        }
        "book" | "collection" => EntryType::Book,
        "chapter" | "entry-encyclopedia" | "entry-dictionary" | "entry" => EntryType::Chapter,
        "paper-conference" => EntryType::Proceedings,
        "report" => EntryType::Report,
        "thesis" => EntryType::Thesis,
        "webpage" | "post" | "post-weblog" => EntryType::Webpage,
        "dataset" | "software" => EntryType::Dataset,
        "legislation" | "legal_case" | "bill" | "treaty" | "regulation" => EntryType::Legal,
        _ => EntryType::Misc,
    }
}

fn reference_of(item: &Value) -> Reference {
    let (authors, et_al) = people(item, "author");
    let (editors, _) = people(item, "editor");
    Reference {
        kind: item.get("type").and_then(Value::as_str).map(kind_of).unwrap_or_default(),
        authors,
        et_al,
        editors,
        year: year_of(item, "issued"),
        title: text_of(item, "title"),
        container: text_of(item, "container-title"),
        volume: text_of(item, "volume"),
        issue: text_of(item, "issue"),
        pages: text_of(item, "page"),
        edition: text_of(item, "edition"),
        publisher: text_of(item, "publisher"),
        place: text_of(item, "publisher-place"),
        doi: text_of(item, "DOI"),
        url: text_of(item, "URL"),
        accessed: year_of(item, "accessed").filter(|_| item.get("accessed").is_some()),
        raw: serde_json::to_string(item).unwrap_or_default(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_become_references() {
        let json = "[\n {\"id\": \"a1\", \"type\": \"report\", \"author\": [{\"literal\": \"World Bank\"}],\n  \"issued\": {\"literal\": \"2019\"}, \"title\": \"Debt\"},\n {\"id\": \"b2\", \"type\": \"chapter\", \"author\": [{\"family\": \"Berg\", \"given\": \"Jan\", \"non-dropping-particle\": \"van der\"}, {\"literal\": \"others\"}], \"issued\": {\"date-parts\": [[\"2004\"]]}},\n {\"type\": \"book\"}\n]";
        let (refs, diags) = load_csl_json_str(json, "x.json");
        assert_eq!(refs.len(), 2);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(refs[0].authors[0].literal.as_deref(), Some("World Bank"));
        assert_eq!(refs[0].kind, EntryType::Report);
        assert_eq!(refs[0].year.as_deref(), Some("2019"));
        assert_eq!(refs[0].line, 2);
        assert_eq!(refs[1].authors[0].family.as_deref(), Some("van der Berg"));
        assert!(refs[1].et_al);
        assert_eq!(refs[1].year.as_deref(), Some("2004"));
        assert_eq!(refs[1].line, 4);
        let (none, bad) = load_csl_json_str("[{\"id\": ", "bad.json");
        assert!(none.is_empty() && bad[0].code == Code::CslJsonInvalid);
        assert!(is_csl_json("\n [") && !is_csl_json("@article{"));
    }
}
