//! Word (.docx): the package is read directly (zip + XML), no converter needed.
//!
//! `word/document.xml` gives paragraphs; `word/styles.xml` says which paragraph styles are
//! headings (style name `heading N`, `Title`, or an outline level); `word/footnotes.xml` and
//! `word/endnotes.xml` give note bodies, anchored exactly where `w:footnoteReference` /
//! `w:endnoteReference` stand. Zotero and Mendeley citation fields (`ADDIN ZOTERO_ITEM
//! CSL_CITATION {json}`, `ADDIN CSL_CITATION {json}`) become key citations whose reference
//! is built from the field's CSL item data. The text is rendered by [`TextBuilder`].

use super::builder::{NoteBody, TextBuilder, pending};
use super::{Converted, Format, KeyCitation, corrupt};
use crate::diagnostic::Code;
use crate::error::Result;
use crate::model::{EntryType, Form, Person, Reference};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Largest XML part read from a package (guards against zip bombs: a .docx of a few hundred
/// KB can hold gigabytes of XML); the input size limit lowers it further.
const MAX_PART: u64 = 256 << 20;

/// Converts a .docx package; XML parts are read up to `limit` bytes (at most [`MAX_PART`]),
/// and a part cut there is reported, never dropped in silence.
pub(super) fn convert(path: &str, bytes: &[u8], limit: u64) -> Result<Converted> {
    let limit = limit.min(MAX_PART);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(path, "Word (.docx)", e))?;
    let mut diagnostics = Vec::new();
    let cut = |diagnostics: &mut Vec<crate::Diagnostic>, name: &str, (text, truncated): (String, bool)| {
        if truncated {
            diagnostics.push(
                crate::Diagnostic::warning(
                    Code::DocxPartTruncated,
                    format!(
                        "{name} is larger than {} MiB uncompressed; only the first {} MiB were read, so the rest of \
                         the document (its citations too) is missing",
                        limit / (1024 * 1024),
                        limit / (1024 * 1024)
                    ),
                )
                .with_suggestion("raise the limit with CITEGRAPH_MAX_INPUT_MB=<MiB> if the file is trusted"),
            );
        }
        (text, truncated)
    };
    let (document, document_cut) = cut(
        &mut diagnostics,
        "word/document.xml",
        read_part(&mut zip, "word/document.xml", limit)
            .map_err(|e| corrupt(path, "Word (.docx)", e))?
            .ok_or_else(|| corrupt(path, "Word (.docx)", "the package has no word/document.xml"))?,
    );
    let styles = match read_part(&mut zip, "word/styles.xml", limit) {
        Ok(Some(part)) => heading_styles(&cut(&mut diagnostics, "word/styles.xml", part).0),
        // Without a styles part the built-in heading style ids still name headings.
        _ => heading_styles(""),
    };
    let mut bodies: HashMap<(char, String), TextBuilder> = HashMap::new();
    let mut zotero = ZoteroRefs::default();
    for (kind, part) in [('f', "word/footnotes.xml"), ('e', "word/endnotes.xml")] {
        if let Ok(Some(xml)) = read_part(&mut zip, part, limit).map(|p| p.map(|p| cut(&mut diagnostics, part, p).0))
            && let Err(e) = read_notes(&xml, kind, &styles, &mut bodies, &mut zotero)
        {
            {
                diagnostics
                    .push(crate::Diagnostic::warning(Code::DocxNotes, format!("{part}: {e}; notes may be missing")));
            }
        }
    }
    let mut b = TextBuilder::new();
    let mut walker = Walker::new(&styles);
    match walker.walk(&document, &mut b, &mut zotero) {
        Ok(()) => {}
        // A part cut short ends in broken XML: keep what was read (the cut is reported).
        Err(_) if document_cut => {}
        Err(e) => return Err(corrupt(path, "Word (.docx)", e)),
    }
    let mut notes = Vec::new();
    for (number, key) in walker.anchors.iter().enumerate() {
        let body = bodies.remove(key).unwrap_or_default();
        notes.push(NoteBody { number: number as u32 + 1, body });
    }
    let (source, sections, native, keys) = b.finish(path, notes);
    Ok(Converted {
        source,
        format: Format::Docx,
        notes: Some(native),
        sections: Some(sections),
        key_citations: keys,
        references: zotero.refs,
        bib_files: Vec::new(),
        diagnostics,
    })
}

/// Reads one part, at most `limit` bytes; the flag says it was cut there.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> std::result::Result<Option<(String, bool)>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut buf = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut buf).map_err(|e| format!("{name}: {e}"))?;
    let truncated = buf.len() as u64 > limit;
    if truncated {
        buf.truncate(limit as usize);
        // Cut after the last complete element, so the XML reader stops there cleanly.
        let end = memchr::memrchr(b'>', &buf).map_or(0, |k| k + 1);
        buf.truncate(end);
    }
    let text = String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(Some((text, truncated)))
}

/// The character of an XML entity or character reference (`&amp;`, `&#233;`), if known.
pub(crate) fn entity_char(r: &quick_xml::events::BytesRef) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match r.as_ref() {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        },
    }
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Heading level of each paragraph style id.
fn heading_styles(xml: &str) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut cur: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "style" => cur = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (cur.as_ref(), attr(&e, "val"))
                        && let Some(level) = level_of_style_name(&name)
                    {
                        {
                            out.insert(id.clone(), level);
                        }
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(v)) = (cur.as_ref(), attr(&e, "val").and_then(|v| v.parse::<u8>().ok()))
                        && v < 9
                    {
                        {
                            out.entry(id.clone()).or_insert(v + 1);
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    for id in ["Title", "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6"] {
        if let Some(level) = level_of_style_name(id) {
            out.entry(id.to_string()).or_insert(level);
        }
    }
    out
}

fn level_of_style_name(name: &str) -> Option<u8> {
    let n = name.to_ascii_lowercase().replace(' ', "");
    if n == "title" {
        return Some(1);
    }
    n.strip_prefix("heading").and_then(|d| d.parse::<u8>().ok()).filter(|&l| (1..=9).contains(&l))
}

fn read_notes(
    xml: &str,
    kind: char,
    styles: &HashMap<String, u8>,
    bodies: &mut HashMap<(char, String), TextBuilder>,
    zotero: &mut ZoteroRefs,
) -> std::result::Result<(), String> {
    // Each note is a separate small document: cut the part at note elements.
    let tag = if kind == 'f' { "footnote" } else { "endnote" };
    let mut reader = Reader::from_str(xml);
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == tag => {
                let id = attr(&e, "id").unwrap_or_default();
                let special = attr(&e, "type").is_some_and(|t| t != "normal");
                reader.read_to_end(e.name()).map_err(|e| e.to_string())?;
                let end = reader.buffer_position() as usize;
                if special {
                    continue;
                }
                let mut b = TextBuilder::new();
                let mut w = Walker::new(styles);
                w.in_note = true;
                w.walk(xml.get(start..end).unwrap_or(""), &mut b, zotero)?;
                bodies.insert((kind, id), b);
            }
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(e.to_string()),
            _ => {}
        }
    }
}

/// One complex field being read (`w:fldChar` begin … separate … end).
struct Field {
    instr: String,
    in_result: bool,
    /// Where the field's result starts in the text, for citation fields.
    cite: Option<(usize, String)>,
}

struct Walker<'a> {
    styles: &'a HashMap<String, u8>,
    /// Note anchors in order: (kind, id).
    anchors: Vec<(char, String)>,
    in_note: bool,
    fields: Vec<Field>,
    /// Paragraph state: heading level and buffered heading text.
    level: Option<u8>,
    heading_text: String,
    in_text: bool,
    in_instr: bool,
    skip_depth: usize,
}

impl<'a> Walker<'a> {
    fn new(styles: &'a HashMap<String, u8>) -> Self {
        Walker {
            styles,
            anchors: Vec::new(),
            in_note: false,
            fields: Vec::new(),
            level: None,
            heading_text: String::new(),
            in_text: false,
            in_instr: false,
            skip_depth: 0,
        }
    }

    fn put(&mut self, b: &mut TextBuilder, s: &str) {
        if self.fields.last().is_some_and(|f| !f.in_result) {
            return; // field instructions are not text
        }
        if self.level.is_some() {
            self.heading_text.push_str(s);
        } else {
            b.text(s);
        }
    }

    fn walk(&mut self, xml: &str, b: &mut TextBuilder, zotero: &mut ZoteroRefs) -> std::result::Result<(), String> {
        let mut reader = Reader::from_str(xml);
        loop {
            let ev = reader.read_event().map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
            let empty = matches!(ev, Event::Empty(_));
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    let name = name.as_ref();
                    if self.skip_depth > 0 {
                        if !empty {
                            self.skip_depth += 1;
                        }
                        continue;
                    }
                    match name {
                        // Alternate renderings duplicate content; deleted text is gone.
                        "Fallback" | "delText" | "rPr" | "footnoteRef" | "endnoteRef" if !empty => self.skip_depth = 1,
                        "p" if !empty => {
                            if !self.in_note {
                                b.end_paragraph();
                            } else if !b.paragraph_is_empty() {
                                b.text(" ");
                            }
                            self.level = None;
                            self.heading_text.clear();
                        }
                        "pStyle" if !self.in_note => {
                            self.level = attr(&e, "val").and_then(|v| self.styles.get(&v).copied());
                        }
                        "outlineLvl" if !self.in_note => {
                            if let Some(v) = attr(&e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|&v| v < 9) {
                                self.level = Some(v + 1);
                            }
                        }
                        "t" if !empty => self.in_text = true,
                        "instrText" if !empty => self.in_instr = true,
                        "tab" | "br" | "cr" => self.put(b, " "),
                        "noBreakHyphen" => self.put(b, "-"),
                        "footnoteReference" | "endnoteReference" if !self.in_note => {
                            let kind = if name.starts_with('f') { 'f' } else { 'e' };
                            let id = attr(&e, "id").unwrap_or_default();
                            self.anchors.push((kind, id.clone()));
                            let n = self.anchors.len() as u32;
                            if self.level.is_none() {
                                b.anchor(n, &n.to_string());
                            }
                        }
                        "fldChar" => match attr(&e, "fldCharType").as_deref() {
                            Some("begin") => {
                                self.fields.push(Field { instr: String::new(), in_result: false, cite: None })
                            }
                            Some("separate") => {
                                let at = b.text.len();
                                if let Some(f) = self.fields.last_mut() {
                                    f.in_result = true;
                                    f.cite = citation_json(&f.instr).map(|j| (at, j));
                                }
                            }
                            Some("end") => {
                                if let Some(f) = self.fields.pop()
                                    && let Some((start, json)) = f.cite
                                {
                                    {
                                        let cites = zotero.citations(&json, b);
                                        b.key_citations_since(start, cites);
                                    }
                                }
                            }
                            _ => {}
                        },
                        "fldSimple" if !empty => {
                            let instr = attr(&e, "instr").unwrap_or_default();
                            let at = b.text.len();
                            let cite = citation_json(&instr).map(|j| (at, j));
                            self.fields.push(Field { instr, in_result: true, cite });
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if self.skip_depth > 0 {
                        self.skip_depth -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        "t" => self.in_text = false,
                        "instrText" => self.in_instr = false,
                        "fldSimple" => {
                            if let Some(f) = self.fields.pop()
                                && let Some((start, json)) = f.cite
                            {
                                {
                                    let cites = zotero.citations(&json, b);
                                    b.key_citations_since(start, cites);
                                }
                            }
                        }
                        "p" if !self.in_note => {
                            if let Some(level) = self.level.take() {
                                let title = std::mem::take(&mut self.heading_text);
                                b.heading(level, &title);
                            } else {
                                b.end_paragraph();
                            }
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if self.skip_depth == 0 && (self.in_text || self.in_instr) => {
                    let s = t.html_content();
                    self.text_piece(b, &s);
                }
                Event::GeneralRef(r) if self.skip_depth == 0 && (self.in_text || self.in_instr) => {
                    if let Some(c) = entity_char(&r) {
                        self.text_piece(b, c.encode_utf8(&mut [0u8; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(level) = self.level.take() {
            let title = std::mem::take(&mut self.heading_text);
            b.heading(level, &title);
        }
        Ok(())
    }

    fn text_piece(&mut self, b: &mut TextBuilder, s: &str) {
        if self.in_instr {
            if let Some(f) = self.fields.last_mut() {
                f.instr.push_str(s);
            }
        } else {
            self.put(b, s);
        }
    }
}

/// The CSL JSON of a Zotero or Mendeley citation field instruction.
fn citation_json(instr: &str) -> Option<String> {
    let t = instr.trim_start();
    let rest = t.strip_prefix("ADDIN")?.trim_start();
    let rest = rest.strip_prefix("ZOTERO_ITEM").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("CSL_CITATION")?;
    let start = rest.find('{')?;
    let end = rest.rfind('}')?;
    (end > start).then(|| rest[start..=end].to_string())
}

/// References built from citation fields' item data, deduplicated by item id.
#[derive(Default)]
struct ZoteroRefs {
    refs: Vec<Reference>,
    by_id: HashMap<String, String>,
    /// Keys of `refs`, so a new key is checked in constant time.
    keys: std::collections::HashSet<String>,
}

impl ZoteroRefs {
    /// Key citations of one field; references are added for new items.
    fn citations(&mut self, json: &str, b: &mut TextBuilder) -> Vec<KeyCitation> {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else { return Vec::new() };
        let Some(items) = v.get("citationItems").and_then(|i| i.as_array()) else { return Vec::new() };
        let group = b.next_group();
        let mut out = Vec::new();
        for item in items {
            let data = item.get("itemData").unwrap_or(&serde_json::Value::Null);
            let id = item
                .get("id")
                .or_else(|| data.get("id"))
                .map(|v| v.to_string())
                .unwrap_or_else(|| format!("item{}", self.refs.len() + 1));
            let key = match self.by_id.get(&id) {
                Some(k) => k.clone(),
                None => {
                    let mut r = csl_reference(data);
                    let base = natural_key(&r);
                    let mut key = base.clone();
                    let mut n = 0u8;
                    while self.keys.contains(&key) && n < 26 {
                        key = format!("{base}{}", (b'a' + n) as char);
                        n += 1;
                    }
                    r.key = key.clone();
                    self.keys.insert(key.clone());
                    r.id = format!("z{}", self.refs.len() + 1);
                    self.refs.push(r);
                    self.by_id.insert(id, key.clone());
                    key
                }
            };
            let mut c = pending(&key, group, Form::Parenthetical);
            let s = |k: &str| item.get(k).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
            c.prefix = s("prefix").map(str::to_string);
            c.suffix = s("suffix").map(str::to_string);
            c.locator = s("locator").map(|l| match s("label").unwrap_or("page") {
                "page" => {
                    if l.contains(['-', '–', ',']) {
                        format!("pp. {l}")
                    } else {
                        format!("p. {l}")
                    }
                }
                label => format!("{label} {l}"),
            });
            out.push(c);
        }
        out
    }
}

fn natural_key(r: &Reference) -> String {
    let name = r.authors.first().map(|a| a.sort_name().to_string()).unwrap_or_else(|| "anon".into());
    let name = crate::text::fold(&name).chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    let year = r.year.as_deref().unwrap_or("nd").chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    format!("{}{}", if name.is_empty() { "anon" } else { &name }, year)
}

/// A reference from CSL-JSON item data.
fn csl_reference(d: &serde_json::Value) -> Reference {
    let s = |k: &str| d.get(k).and_then(|v| v.as_str()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let persons = |k: &str| -> Vec<Person> {
        d.get(k)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|p| {
                        let f = p.get("family").and_then(|v| v.as_str());
                        let g = p.get("given").and_then(|v| v.as_str()).map(str::to_string);
                        let l = p.get("literal").and_then(|v| v.as_str());
                        match (f, l) {
                            (Some(f), _) => Some(Person::name(f, g)),
                            (None, Some(l)) => Some(Person::literal(l)),
                            _ => None,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let issued = d.get("issued");
    let year = issued
        .and_then(|i| i.get("date-parts"))
        .and_then(|p| p.get(0))
        .and_then(|p| p.get(0))
        .map(|y| y.as_str().map(str::to_string).unwrap_or_else(|| y.to_string()))
        .or_else(|| {
            issued
                .and_then(|i| i.get("raw").or_else(|| i.get("literal")))
                .and_then(|v| v.as_str())
                .and_then(|raw| raw.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 4).map(str::to_string))
        });
    let kind = match s("type").as_deref() {
        Some("article-journal" | "article-magazine" | "article-newspaper" | "article") => EntryType::Article,
        Some("book") => EntryType::Book,
        Some("chapter") => EntryType::Chapter,
        Some("paper-conference") => EntryType::Proceedings,
        Some("report") => EntryType::Report,
        Some("thesis") => EntryType::Thesis,
        Some("webpage" | "post-weblog" | "post") => EntryType::Webpage,
        Some("dataset" | "software") => EntryType::Dataset,
        Some("legislation" | "legal_case" | "bill" | "treaty") => EntryType::Legal,
        _ => EntryType::Misc,
    };
    let authors = persons("author");
    let title = s("title");
    Reference {
        kind,
        raw: title.clone().unwrap_or_default(),
        authors,
        editors: persons("editor"),
        year,
        title,
        container: s("container-title"),
        volume: s("volume"),
        issue: s("issue"),
        pages: s("page"),
        publisher: s("publisher"),
        place: s("publisher-place"),
        doi: s("DOI"),
        url: s("URL"),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(convert("x.docx", b"not a zip", MAX_PART).is_err());
        assert!(convert("x.docx", b"PK\x03\x04garbage", MAX_PART).is_err());
    }

    #[test]
    fn zotero_instruction() {
        let j = citation_json(r#" ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems":[]} "#);
        assert_eq!(j.as_deref(), Some(r#"{"citationItems":[]}"#));
        assert!(citation_json(" PAGE ").is_none());
    }
}
