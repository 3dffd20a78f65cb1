//! Each cited work as the [`hayagriva::Entry`] the CSL processor renders: its type,
//! people, date, numbers, container and publisher, or, for a work known only from
//! citations, its authors, year and the `[Title unknown]` placeholder.
//!
//! Why this is a module of its own: hayagriva renders only its own data model, and a few
//! of its readings differ from citeproc's (a chapter's volume printed twice, `Misc`
//! rendered as `(2015,)`, no "et al." of the source); the mapping and the choices that
//! make hayagriva print what citeproc prints are kept together here.

use super::casing::cased;
use crate::export::biblatex::UNKNOWN_TITLE;
use crate::export::{Work, one_line};
use crate::model::{EntryType, Person, Reference};
use hayagriva::Entry;
use hayagriva::types::{
    Date, FormatString, MaybeTyped, Numeric, PageRanges, Person as HPerson, Publisher, QualifiedUrl, SerialNumber,
    StringChunk,
};
use std::collections::BTreeMap;

fn fstr(s: &str) -> FormatString {
    FormatString::with_value(one_line(s))
}

/// The text of an optional field on one line; `None` when empty.
pub(super) fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref().map(one_line).filter(|s| !s.is_empty())
}

fn person(p: &Person) -> Option<HPerson> {
    let name = p.literal.as_deref().or(p.family.as_deref()).map(one_line).filter(|s| !s.is_empty())?;
    let given = if p.literal.is_some() { None } else { clean(&p.given) };
    Some(HPerson {
        name,
        given_name: given,
        prefix: None,
        suffix: if p.literal.is_some() { None } else { clean(&p.suffix) },
        comma_suffix: false,
        alias: None,
    })
}

fn people(ps: &[Person]) -> Option<Vec<HPerson>> {
    let v: Vec<HPerson> = ps.iter().filter_map(person).collect();
    (!v.is_empty()).then_some(v)
}

/// Stands, as the name of a last author, for the "et al." with which the source cut its
/// list short. hayagriva takes no such marker: the extra name makes a list that reaches
/// the style's `et-al-min` shorten as citeproc shortens it (the mark is never printed),
/// and a shorter list prints the mark, which [`et_al_marks`](super::tidy::et_al_marks) turns into "et al." (as
/// citeproc does with a final name `others`). A private-use character: never in text.
pub(super) const ET_AL_MARK: &str = "\u{E000}";

/// The authors of a list the source cut short with "et al.", [`ET_AL_MARK`] last.
fn people_et_al(ps: &[Person], et_al: bool) -> Option<Vec<HPerson>> {
    let mut v = people(ps)?;
    if et_al {
        v.push(HPerson {
            name: ET_AL_MARK.to_string(),
            given_name: None,
            prefix: None,
            suffix: None,
            comma_suffix: false,
            alias: None,
        });
    }
    Some(v)
}

/// A four-digit year (`2013b` -> 2013); `n.d.`, `in press` and the like give none.
fn year_date(year: &str) -> Option<Date> {
    let digits: String = year.trim().chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.len() == 4).then(|| digits.parse::<i32>().ok().map(Date::from_year)).flatten()
}

fn number(s: &str) -> MaybeTyped<Numeric> {
    match s.parse::<Numeric>() {
        Ok(n) => MaybeTyped::Typed(n),
        Err(_) => MaybeTyped::String(s.to_string()),
    }
}

fn pages(s: &str) -> MaybeTyped<PageRanges> {
    match s.parse::<PageRanges>() {
        Ok(p) => MaybeTyped::Typed(p),
        Err(_) => MaybeTyped::String(s.to_string()),
    }
}

fn publisher(r: &Reference) -> Option<Publisher> {
    let name = clean(&r.publisher).map(FormatString::from);
    let place = clean(&r.place).map(FormatString::from);
    (name.is_some() || place.is_some()).then(|| Publisher::new(name, place))
}

/// The hayagriva entry of one work.
pub(super) fn entry_of(w: &Work<'_>) -> Entry {
    match w.reference {
        Some(r) => from_reference(&w.key, r),
        None => from_citations(w),
    }
}

fn from_reference(key: &str, r: &Reference) -> Entry {
    use hayagriva::types::EntryType as T;
    let container = clean(&r.container);
    let (kind, parent_kind) = match r.kind {
        EntryType::Article => (T::Article, Some(T::Periodical)),
        EntryType::Book => (T::Book, None),
        EntryType::Chapter if container.is_some() => (T::Chapter, Some(T::Book)),
        EntryType::Chapter => (T::Misc, None),
        EntryType::Proceedings => (T::Article, Some(T::Proceedings)),
        EntryType::Report => (T::Report, None),
        EntryType::Thesis => (T::Thesis, None),
        EntryType::Webpage => (T::Web, Some(T::Web)),
        EntryType::Legal => (T::Legislation, None),
        // hayagriva's `Misc` (CSL `document`) renders as `(2015,)` in APA.
        EntryType::Dataset | EntryType::Misc => (T::Book, None),
    };
    let mut e = Entry::new(key, kind);
    if let Some(a) = people_et_al(&r.authors, r.et_al) {
        e.set_authors(a);
    }
    if let Some(d) = r.year.as_deref().and_then(year_date) {
        e.set_date(d);
    }
    if let Some(t) = clean(&r.title) {
        e.set_title(cased(&t, false));
    }
    // The volume of a chapter is its book's: on the chapter itself hayagriva reads it as
    // the CSL `part-number` too and prints it twice (`The Enzymes: II, II`).
    let volume = clean(&r.volume).map(|v| number(&v));
    let book_volume = parent_kind == Some(T::Book) && container.is_some();
    if let Some(v) = volume.clone().filter(|_| !book_volume) {
        e.set_volume(v);
    }
    if let Some(v) = clean(&r.issue) {
        e.set_issue(number(&v));
    }
    if let Some(v) = clean(&r.pages) {
        e.set_page_range(pages(&v));
    }
    if let Some(v) = clean(&r.edition) {
        e.set_edition(number(&v));
    }
    if let Some(doi) = clean(&r.doi) {
        e.set_serial_number(SerialNumber(BTreeMap::from([("doi".to_string(), doi)])));
    }
    if let Some(u) = clean(&r.url).and_then(|u| u.parse::<QualifiedUrl>().ok()) {
        let visited = r.accessed.as_deref().and_then(|a| a.trim().parse::<Date>().ok());
        e.set_url(QualifiedUrl::new(u.value, visited));
    }
    let editors = people(&r.editors);
    match (parent_kind, container) {
        (Some(pk), Some(c)) => {
            let mut p = Entry::new(key, pk);
            p.set_title(cased(&c, true));
            if let Some(v) = volume.filter(|_| book_volume) {
                p.set_volume(v);
            }
            if let Some(ed) = editors {
                p.set_editors(ed);
            }
            if let Some(pb) = publisher(r) {
                p.set_publisher(pb);
            }
            e.set_parents(vec![p]);
        }
        (_, c) => {
            if let Some(ed) = editors {
                e.set_editors(ed);
            }
            if let Some(pb) = publisher(r) {
                e.set_publisher(pb);
            }
            if let Some(c) = c {
                // No parent this type can have: keep the container where it still shows.
                e.set_note(fstr(&c));
            }
        }
    }
    e
}

fn from_citations(w: &Work<'_>) -> Entry {
    // A book renders cleanest in every style tried (APA, Chicago, IEEE, MLA, Harvard,
    // Vancouver, Nature): author, year, title, no stray punctuation.
    let mut e = Entry::new(&w.key, hayagriva::types::EntryType::Book);
    let first = w.first();
    let authors: Vec<Person> =
        first.map(|c| c.authors.iter().map(|a| Person::literal(a.as_str())).collect()).unwrap_or_default();
    if let Some(a) = people_et_al(&authors, first.is_some_and(|c| c.et_al)) {
        e.set_authors(a);
    }
    if let Some(d) = first.and_then(|c| c.year.as_deref()).and_then(year_date) {
        e.set_date(d);
    }
    // Verbatim: no style may change the case of the placeholder.
    e.set_title(FormatString::from(StringChunk::verbatim(UNKNOWN_TITLE)));
    e
}
