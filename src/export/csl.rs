//! CSL-JSON of the cited works: the format pandoc, Zotero and citeproc read.
//!
//! Why a separate writer: CSL-JSON carries plain text, not TeX, so it is written from the
//! [`Reference`]'s plain fields through serde (which does all the escaping) rather than
//! converted from the BibLaTeX output. Works known only from citations carry what is
//! known, a `note` and the keyword `citegraph-incomplete`, as in the BibLaTeX output.

use super::biblatex::INCOMPLETE_KEYWORD;
use super::normalize::{from_bib, title_nocase};
use super::{Work, cited_works, one_line};
use crate::model::{Document, EntryType, Person, Reference};
use serde::Serialize;
use std::io::{self, Write};

/// A CSL date: `date-parts` when the year is known, else `literal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CslDate {
    /// `[[2013]]`.
    #[serde(rename = "date-parts", skip_serializing_if = "Option::is_none")]
    pub date_parts: Option<Vec<Vec<i32>>>,
    /// As written (`n.d.`, `in press`, an access date in prose).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
}

/// One CSL-JSON item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CslItem {
    /// Citation key.
    pub id: String,
    /// CSL item type (`article-journal`, `book`, ...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Authors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<Person>,
    /// Editors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editor: Vec<Person>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<CslDate>,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Journal or book title.
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    pub container_title: Option<String>,
    /// Volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Page range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Place of publication.
    #[serde(rename = "publisher-place", skip_serializing_if = "Option::is_none")]
    pub publisher_place: Option<String>,
    /// DOI.
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// URL.
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Access date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<CslDate>,
    /// Publication status (`in press`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Free-text note; says why an entry is incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `citegraph-incomplete` for works known only from citations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
}

/// Writes the CSL-JSON array of every work cited in `docs`, sorted by key.
///
/// ```
/// use citegraph::{extract, Options};
/// use citegraph::Source;
/// let doc = extract(&Source::new("t.txt", "Intro\n\nCats purr (Hill, 2013).\n".into()), &Options::default());
/// let mut out = Vec::new();
/// citegraph::export::write_csl_json(&[doc], &mut out).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v[0]["id"], "hill2013");
/// assert_eq!(v[0]["issued"]["date-parts"][0][0], 2013);
/// ```
pub fn write_csl_json(docs: &[Document], mut w: impl Write) -> io::Result<()> {
    let docs = &super::normalize::normalized(docs);
    let items: Vec<CslItem> = cited_works(docs).iter().map(csl_item).collect();
    serde_json::to_writer_pretty(&mut w, &items)?;
    writeln!(w)
}

fn date(year: &str) -> CslDate {
    let digits: String = year.trim().chars().take_while(|c| c.is_ascii_digit()).collect();
    match digits.parse::<i32>() {
        Ok(y) if digits.len() == 4 => CslDate { date_parts: Some(vec![vec![y]]), literal: None },
        _ => CslDate { date_parts: None, literal: Some(year.trim().to_string()) },
    }
}

/// The full ISO date of a `.bib` entry (`date = {2013-09-01}`, or the start of a range)
/// as `date-parts`, so that CSL-JSON keeps month and day.
fn bib_date(r: &Reference) -> Option<CslDate> {
    if !super::normalize::from_bib(r) {
        return None;
    }
    let bib = biblatex::RawBibliography::parse(&r.raw).ok()?;
    let entry = bib.entries.first()?;
    let pair = entry.v.fields.iter().find(|p| p.key.v.eq_ignore_ascii_case("date"))?;
    let mut value = String::new();
    for c in &pair.value.v {
        match c.v {
            biblatex::RawChunk::Normal(t) => value.push_str(t),
            biblatex::RawChunk::Abbreviation(_) => return None,
        }
    }
    let start = value.trim().split('/').next().unwrap_or("").trim();
    let parts: Vec<&str> = start.split('-').collect();
    let widths_ok = parts.len() <= 3
        && parts.first().is_some_and(|y| y.len() == 4)
        && parts.iter().skip(1).all(|p| p.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !widths_ok {
        return None;
    }
    let nums: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let valid = nums.get(1).is_none_or(|m| (1..=12).contains(m)) && nums.get(2).is_none_or(|d| (1..=31).contains(d));
    (valid && nums.len() > 1).then(|| CslDate { date_parts: Some(vec![nums]), literal: None })
}

fn status(year: &str) -> Option<String> {
    let y = year.trim().to_lowercase();
    matches!(y.as_str(), "in press" | "forthcoming" | "submitted").then_some(y)
}

fn csl_type(kind: EntryType) -> &'static str {
    match kind {
        EntryType::Article => "article-journal",
        EntryType::Book => "book",
        EntryType::Chapter => "chapter",
        EntryType::Proceedings => "paper-conference",
        EntryType::Report => "report",
        EntryType::Thesis => "thesis",
        EntryType::Webpage => "webpage",
        EntryType::Dataset => "dataset",
        EntryType::Legal => "legislation",
        EntryType::Misc => "document",
    }
}

fn from_reference(key: &str, r: &Reference) -> CslItem {
    let clean = |s: &Option<String>| s.as_deref().map(one_line).filter(|s| !s.is_empty());
    // CSL has no `et al.` marker of its own; a final literal name `others` is what pandoc's
    // citeproc reads as one (it renders "et al."), as BibTeX's `and others`.
    let mut author: Vec<Person> = r.authors.clone();
    if r.et_al && !author.is_empty() {
        author.push(Person::literal("others"));
    }
    CslItem {
        id: key.to_string(),
        kind: csl_type(r.kind),
        author,
        editor: r.editors.clone(),
        issued: bib_date(r).or_else(|| r.year.as_deref().map(date)),
        title: clean(&r.title).map(|t| if from_bib(r) { t } else { title_nocase(&t) }),
        container_title: clean(&r.container),
        volume: clean(&r.volume),
        issue: clean(&r.issue),
        page: clean(&r.pages),
        edition: clean(&r.edition),
        publisher: clean(&r.publisher),
        publisher_place: clean(&r.place),
        doi: clean(&r.doi),
        url: clean(&r.url),
        accessed: r.accessed.as_deref().map(|a| CslDate { date_parts: None, literal: Some(one_line(a)) }),
        status: r.year.as_deref().and_then(status),
        note: None,
        keyword: None,
    }
}

/// A name as a citation gives it: a corporate name (`World Bank`, `CBS News`) is a
/// `literal`, so that no style abbreviates it to initials; one word or a name with a
/// particle (`van der Berg`) is a family name.
fn cited_name(name: &str) -> Person {
    let first_lower = name.chars().next().is_some_and(char::is_lowercase);
    if name.contains(' ') && !first_lower { Person::literal(name) } else { Person::name(name, None) }
}

/// The CSL item of one work.
pub fn csl_item(w: &Work<'_>) -> CslItem {
    if let Some(r) = w.reference {
        return from_reference(&w.key, r);
    }
    let first = w.first();
    let mut author: Vec<Person> =
        first.map(|c| c.authors.iter().map(|a| cited_name(&one_line(a)))).into_iter().flatten().collect();
    if first.is_some_and(|c| c.et_al) && !author.is_empty() {
        author.push(Person::literal("others"));
    }
    let year = first.and_then(|c| c.year.as_deref());
    let note = w.incomplete_note();
    CslItem {
        id: w.key.clone(),
        kind: "document",
        author,
        editor: Vec::new(),
        issued: year.map(date),
        title: None,
        container_title: None,
        volume: None,
        issue: None,
        page: None,
        edition: None,
        publisher: None,
        publisher_place: None,
        doi: None,
        url: None,
        accessed: None,
        status: year.and_then(status),
        note,
        keyword: Some(INCOMPLETE_KEYWORD.to_string()),
    }
}
