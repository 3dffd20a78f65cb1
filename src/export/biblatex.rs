//! BibLaTeX and BibTeX bibliographies of the cited works.
//!
//! Why this is hand-written rather than the `biblatex` crate's writer: that writer escapes
//! the TeX already present in a field (`\emph{x}` becomes `\\emph\{x\}`), and its output is
//! not what biber's data model expects. Here every value is built for biber:
//!
//! * Plain text (from a reference list, or a .bib field that had to be re-read) is escaped:
//!   `& % $ # _` get a backslash; `{ } \ ~ ^` become `\textbraceleft{}`,
//!   `\textbraceright{}`, `\textbackslash{}`, `\textasciitilde{}`, `\textasciicircum{}` —
//!   biber counts braces without regard to backslashes, so `\{` would unbalance the entry.
//!   Characters pdflatex cannot typeset (Greek, math, combining accents) become LaTeX
//!   commands by default ([`super::texsafe`]); other non-ASCII text stays UTF-8.
//! * An entry that came from a `--bib` database is written back whole, with its own type,
//!   key, fields and TeX ([`super::passthrough`]); in BibTeX output, a field is copied as
//!   written when it is a plain literal with balanced braces, else the escaped plain value.
//! * Reference-list entries are normalised first ([`super::normalize`]): initials, page
//!   ranges, editions, types, protected acronyms; a lettered year (`2004a`) leads
//!   `sorttitle`, so biblatex's own lettering keeps the document's letter.
//! * The entry type is chosen from the fields that are present so that biber's data-model
//!   validation finds every mandatory field, and only fields the type admits are written
//!   (`biber --tool --validate-datamodel` prints nothing for this output).
//! * Biber's data model requires a date on nearly every type; an undated work is written
//!   as `@software`, which has no such constraint and which the standard styles print with
//!   the `misc` driver, `n.d.` as its date.
//! * A work known only from in-text citations gets an `@misc` entry with its authors and
//!   year, the title `[Title unknown]`, a `note` that says so and
//!   `keywords = {citegraph-incomplete}`: the gap is printed, not hidden.
//! * Keys are the keys of the graph's source nodes, so they are unique and the same on
//!   every run.

use super::texsafe::{TexChars, latex_safe};
use super::{Work, cited_works, one_line};
use crate::model::{Document, EntryType, Person, Reference};
use std::io::{self, Write};

/// The keyword that marks entries known only from in-text citations.
pub const INCOMPLETE_KEYWORD: &str = "citegraph-incomplete";

/// The title written for works whose title is not known.
pub const UNKNOWN_TITLE: &str = "[Title unknown]";

/// Which dialect of `.bib` to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// BibLaTeX with biber's data model (`journaltitle`, `date`, `location`, `@online`...).
    Biblatex,
    /// Classic BibTeX (`journal`, `year`, `address`, `@techreport`...).
    Bibtex,
}

/// One entry ready to be written: values are TeX, without their outer braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BibEntry {
    /// Entry type without `@` (`article`).
    pub kind: &'static str,
    /// Citation key.
    pub key: String,
    /// Field names and TeX values, in writing order.
    pub fields: Vec<(&'static str, String)>,
}

impl BibEntry {
    /// The value of a field, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// Writes the BibLaTeX bibliography of every work cited in `docs`.
///
/// ```
/// use citegraph::{extract, Options};
/// use citegraph::Source;
/// let text = "Intro\n\nCats purr (Hill, 2013). Dogs bark.\n";
/// let doc = extract(&Source::new("t.txt", text.to_string()), &Options::default());
/// let mut out = Vec::new();
/// citegraph::export::write_biblatex(&[doc], &mut out).unwrap();
/// let bib = String::from_utf8(out).unwrap();
/// assert!(bib.contains("@misc{hill2013,"));
/// assert!(bib.contains("keywords     = {citegraph-incomplete}"));
/// ```
pub fn write_biblatex(docs: &[Document], w: impl Write) -> io::Result<()> {
    write_bib(docs, Flavour::Biblatex, w)
}

/// Writes the BibTeX bibliography of every work cited in `docs`.
pub fn write_bibtex(docs: &[Document], w: impl Write) -> io::Result<()> {
    write_bib(docs, Flavour::Bibtex, w)
}

/// Writes the bibliography of every work cited in `docs` in the given flavour, with
/// characters pdflatex cannot typeset written as LaTeX commands.
pub fn write_bib(docs: &[Document], flavour: Flavour, w: impl Write) -> io::Result<()> {
    write_bib_with(docs, flavour, TexChars::default(), w)
}

/// Writes the bibliography of every work cited in `docs` in the given flavour, non-ASCII
/// characters written as `chars` says.
pub fn write_bib_with(docs: &[Document], flavour: Flavour, chars: TexChars, mut w: impl Write) -> io::Result<()> {
    let entries = entries_with(docs, flavour, chars);
    let incomplete =
        entries.iter().filter(|e| e.get("keywords").is_some_and(|k| k.contains(INCOMPLETE_KEYWORD))).count();
    writeln!(
        w,
        "% {} bibliography of {} cited works, written by citegraph.",
        match flavour {
            Flavour::Biblatex => "BibLaTeX",
            Flavour::Bibtex => "BibTeX",
        },
        entries.len()
    )?;
    writeln!(w, "% {incomplete} entries are incomplete (keywords = {{{INCOMPLETE_KEYWORD}}}).")?;
    for e in &entries {
        writeln!(w)?;
        write_entry(e, &mut w)?;
    }
    Ok(())
}

/// Writes one entry.
pub fn write_entry(e: &BibEntry, mut w: impl Write) -> io::Result<()> {
    writeln!(w, "@{}{{{},", e.kind, e.key)?;
    for (name, value) in &e.fields {
        writeln!(w, "  {name:<12} = {{{value}}},")?;
    }
    writeln!(w, "}}")
}

/// The entries for every work cited in `docs`, sorted by key (pdflatex-safe characters).
pub fn entries(docs: &[Document], flavour: Flavour) -> Vec<BibEntry> {
    entries_with(docs, flavour, TexChars::default())
}

/// The entries for every work cited in `docs`, sorted by key, non-ASCII characters
/// written as `chars` says. A `.bib` entry's own TeX is never rewritten.
pub fn entries_with(docs: &[Document], flavour: Flavour, chars: TexChars) -> Vec<BibEntry> {
    let docs = &super::normalize::normalized(docs);
    cited_works(docs)
        .iter()
        .map(|w| {
            let mut e = biblatex_entry(w);
            // A user's own .bib entry is written back as it was (BibLaTeX only).
            if flavour == Flavour::Biblatex
                && let Some(r) = w.reference.filter(|r| super::normalize::from_bib(r))
                && let Some(p) = super::passthrough::passthrough_entry(&w.key, &r.raw, &e)
            {
                return p;
            }
            if chars == TexChars::LatexSafe && !w.reference.is_some_and(super::normalize::from_bib) {
                make_latex_safe(&mut e);
            }
            match flavour {
                Flavour::Biblatex => e,
                Flavour::Bibtex => to_bibtex(e),
            }
        })
        .collect()
}

/// Writes the characters of every field pdflatex cannot typeset as LaTeX commands
/// (URLs, DOIs and dates excepted: they are verbatim or ASCII).
pub fn make_latex_safe(e: &mut BibEntry) {
    for (name, value) in &mut e.fields {
        if !matches!(*name, "url" | "doi" | "eprint" | "date" | "urldate") {
            *value = latex_safe(value);
        }
    }
}

/// Escapes plain text for a braced BibLaTeX value (see the module documentation).
pub fn escape(s: &str) -> String {
    escape_with(s, false)
}

/// Like [`escape`], for one part of a name: biber and biblatex's name code stop on an empty
/// group inside a name (`Lorenzi-{}-Cioldi` gives `Extra }`), so a ligature is broken by
/// bracing the second character (`Lorenzi-{-}Cioldi`, printed as two hyphens) and commands
/// are written braced (`{\textasciitilde}`), the way BibTeX writes special characters.
pub fn escape_name(s: &str) -> String {
    escape_with(s, true)
}

/// True for characters TeX cannot take in a value and that carry nothing readable:
/// bidirectional embeddings, overrides, isolates and marks, zero-width characters and the
/// byte order mark (pdflatex stops on them; they only steer rendering).
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// True when `a` followed by `b` is a TeX ligature (`--` is a dash, `''` a quote, `<<` a
/// guillemet in T1).
fn ligature(a: char, b: char) -> bool {
    matches!((a, b), ('-', '-') | ('\'', '\'') | ('`', '`') | ('<', '<') | ('>', '>') | (',', ',') | ('!' | '?', '`'))
}

fn escape_with(s: &str, name: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = one_line(s).chars().filter(|&c| !invisible(c)).collect();
    let mut piece = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // Break TeX ligatures so the text reads back as written. In a name every character
        // of the ligature is braced: biber splits initials at a bare hyphen, so
        // `Lorenzi-{-}Cioldi` would give it an empty part; `Lorenzi{-}{-}Cioldi` does not.
        let prev = if i > 0 { chars[i - 1] } else { '\0' };
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        let ligature = if name { ligature(prev, c) || ligature(c, next) } else { ligature(prev, c) };
        piece.clear();
        let command = match c {
            '{' => Some("\\textbraceleft"),
            '}' => Some("\\textbraceright"),
            '\\' => Some("\\textbackslash"),
            '~' => Some("\\textasciitilde"),
            '^' => Some("\\textasciicircum"),
            _ => None,
        };
        match (command, c) {
            (Some(cmd), _) if name => {
                piece.push('{');
                piece.push_str(cmd);
                piece.push('}');
            }
            (Some(cmd), _) => {
                piece.push_str(cmd);
                piece.push_str("{}");
            }
            (None, '&' | '%' | '$' | '#' | '_') => {
                piece.push('\\');
                piece.push(c);
            }
            // NUL and every other control character: a space (TeX and biber refuse them).
            (None, c) if c.is_control() => piece.push(' '),
            (None, c) => piece.push(c),
        }
        match (ligature, name) {
            (true, true) if command.is_none() => {
                out.push('{');
                out.push_str(&piece);
                out.push('}');
            }
            (true, false) => {
                out.push_str("{}");
                out.push_str(&piece);
            }
            _ => out.push_str(&piece),
        }
    }
    out
}

/// Makes a URL or DOI safe for a verbatim field: braces, backslashes, `%`-free whitespace
/// and quotes are percent-encoded (they cannot occur unencoded in a valid URL anyway).
pub fn escape_verbatim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            '"' => out.push_str("%22"),
            c if c.is_whitespace() || c.is_control() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// Page ranges with `--`: `35-48` and `35–48` become `35--48`.
pub fn tex_pages(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut in_dash = false;
    for c in s.chars() {
        if matches!(c, '-' | '–' | '—' | '‐' | '‑') {
            if !in_dash {
                out.push_str("--");
            }
            in_dash = true;
        } else {
            in_dash = false;
            out.push(c);
        }
    }
    out
}

/// One name in BibTeX name syntax (`van der Berg, Jr., Jan`; corporate names braced).
pub fn tex_person(p: &Person) -> String {
    if let Some(l) = p.literal.as_deref().filter(|l| !l.trim().is_empty()) {
        return format!("{{{}}}", escape_name(l));
    }
    let family = p.family.as_deref().map(escape_name).unwrap_or_default();
    let given = p.given.as_deref().map(escape_name).filter(|g| !g.is_empty());
    let suffix = p.suffix.as_deref().map(escape_name).filter(|s| !s.is_empty());
    // Braces keep a comma or an ` and ` inside one name, and keep a lone multi-word name
    // (no given name) from being split into first and last names.
    let needs_braces =
        family.contains(',') || has_and(&family) || (given.is_none() && family.contains(' ')) || family.is_empty();
    let family = if needs_braces { format!("{{{family}}}") } else { family };
    let guard = |s: String| if s.contains(',') || has_and(&s) { format!("{{{s}}}") } else { s };
    match (given, suffix) {
        (None, None) => family,
        (None, Some(s)) => format!("{family}, {}, ", guard(s)),
        (Some(g), None) => format!("{family}, {}", guard(g)),
        (Some(g), Some(s)) => format!("{family}, {}, {}", guard(s), guard(g)),
    }
}

fn has_and(s: &str) -> bool {
    s.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"))
}

/// A name list (`A and B and others`).
fn tex_names(people: &[Person], et_al: bool) -> Option<String> {
    let mut names: Vec<String> = people.iter().map(tex_person).filter(|n| n != "{}").collect();
    if names.is_empty() {
        return None;
    }
    if et_al {
        names.push("others".into());
    }
    Some(names.join(" and "))
}

/// Values gathered for one work, before the entry type is chosen. All TeX.
#[derive(Debug, Default)]
struct Fields {
    author: Option<String>,
    editor: Option<String>,
    title: Option<String>,
    subtitle: Option<String>,
    container: Option<String>,
    volume: Option<String>,
    number: Option<String>,
    pages: Option<String>,
    edition: Option<String>,
    series: Option<String>,
    publisher: Option<String>,
    location: Option<String>,
    kind_note: Option<String>,
    howpublished: Option<String>,
    date: Option<String>,
    pubstate: Option<String>,
    isbn: Option<String>,
    doi: Option<String>,
    url: Option<String>,
    urldate: Option<String>,
    eprint: Option<String>,
    eprinttype: Option<String>,
    addendum: Option<String>,
    notes: Vec<String>,
    incomplete: bool,
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// `2013b` → `2013`; `n.d.` and unknown years → `None`.
fn iso_year(year: &str) -> Option<String> {
    let digits: String = year.trim().chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.len() == 4).then_some(digits)
}

fn pubstate_of(year: &str) -> Option<&'static str> {
    match year.trim().to_lowercase().as_str() {
        "in press" | "inpress" => Some("inpress"),
        "forthcoming" => Some("forthcoming"),
        "submitted" => Some("submitted"),
        _ => None,
    }
}

/// An ISO date (`2020-03-01`, `2020-03`, `2020`) as biber reads it.
fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let ok_len = [4, 2, 2];
    !parts.is_empty()
        && parts.len() <= 3
        && parts.iter().zip(ok_len).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))
}

fn from_reference(r: &Reference) -> Fields {
    let esc = |s: Option<&str>| nonempty(s).map(escape);
    let mut f = Fields {
        author: tex_names(&r.authors, r.et_al),
        editor: tex_names(&r.editors, false),
        title: nonempty(r.title.as_deref())
            .map(|t| if super::normalize::from_bib(r) { escape(t) } else { super::normalize::title_tex(t, escape) }),
        container: esc(r.container.as_deref()),
        volume: esc(r.volume.as_deref()),
        number: esc(r.issue.as_deref()),
        pages: esc(r.pages.as_deref()).map(|p| tex_pages(&p)),
        edition: esc(r.edition.as_deref()),
        publisher: esc(r.publisher.as_deref()),
        location: esc(r.place.as_deref()),
        doi: nonempty(r.doi.as_deref()).map(escape_verbatim),
        url: nonempty(r.url.as_deref()).map(escape_verbatim),
        ..Fields::default()
    };
    if let Some(y) = nonempty(r.year.as_deref()) {
        f.date = iso_year(y);
        f.pubstate = pubstate_of(y).map(str::to_string);
    }
    if let Some(a) = nonempty(r.accessed.as_deref()) {
        if is_iso_date(a) {
            f.urldate = Some(a.to_string());
        } else {
            f.notes.push(format!("Accessed {}", escape(a)));
        }
    }
    if r.raw.trim_start().starts_with('@') {
        overlay_raw(&mut f, &r.raw);
    }
    f
}

/// Replaces values by the TeX written in the .bib entry `raw`, where it can be kept as is.
fn overlay_raw(f: &mut Fields, raw: &str) {
    let Ok(bib) = biblatex::RawBibliography::parse(raw) else { return };
    let Some(entry) = bib.entries.first() else { return };
    let mut container_rank = usize::MAX;
    let mut publisher_rank = usize::MAX;
    let mut had_title = false;
    for pair in &entry.v.fields {
        let name = pair.key.v.to_ascii_lowercase();
        let Some(v) = verbatim_value(&pair.value.v) else { continue };
        match name.as_str() {
            "author" => f.author = Some(v),
            "editor" => f.editor = Some(v),
            "title" => {
                f.title = Some(v);
                had_title = true;
            }
            "subtitle" => f.subtitle = Some(v),
            "journaltitle" | "journal" | "booktitle" => {
                let rank = ["journaltitle", "journal", "booktitle"].iter().position(|n| *n == name).unwrap_or(9);
                if rank < container_rank {
                    container_rank = rank;
                    f.container = Some(v);
                }
            }
            "publisher" | "institution" | "school" | "organization" => {
                let rank =
                    ["publisher", "institution", "school", "organization"].iter().position(|n| *n == name).unwrap_or(9);
                if rank < publisher_rank {
                    publisher_rank = rank;
                    f.publisher = Some(v);
                }
            }
            "volume" => f.volume = Some(v),
            "number" | "issue" => f.number = Some(v),
            "pages" => f.pages = Some(tex_pages(&v)),
            "edition" => f.edition = Some(v),
            "series" => f.series = Some(v),
            "location" | "address" => f.location = Some(v),
            "howpublished" => f.howpublished = Some(v),
            "note" => f.notes.insert(0, v),
            "addendum" => f.addendum = Some(v),
            "isbn" => f.isbn = Some(v),
            "eprint" => f.eprint = Some(v),
            "eprinttype" | "archiveprefix" => f.eprinttype = Some(v),
            "date" if is_iso_date(v.trim()) => f.date = Some(v.trim().to_string()),
            "urldate" if is_iso_date(v.trim()) => f.urldate = Some(v.trim().to_string()),
            _ => {}
        }
    }
    // The loader merged `subtitle` into `title`; with the raw title, keep them apart again.
    if !had_title {
        f.subtitle = None;
    }
}

/// The TeX of a raw field value when it can be copied: only literal parts (no `@string`
/// macros) and braces balanced the way biber counts them (backslashes do not escape).
fn verbatim_value(chunks: &[biblatex::Spanned<biblatex::RawChunk<'_>>]) -> Option<String> {
    let mut s = String::new();
    for c in chunks {
        match c.v {
            biblatex::RawChunk::Normal(t) => s.push_str(t),
            biblatex::RawChunk::Abbreviation(_) => return None,
        }
    }
    let mut depth = 0i64;
    let mut dollars = 0usize;
    let mut escaped = false;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            // A `$` that opens math nobody closes stops LaTeX (`Missing $`): then the
            // value is written escaped from its text instead.
            '$' if !escaped => dollars += 1,
            // Characters TeX cannot take: the escaped text drops or replaces them.
            c if c.is_control() && !c.is_whitespace() => return None,
            c if invisible(c) => return None,
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    let s = one_line(&s);
    (depth == 0 && dollars.is_multiple_of(2) && !s.is_empty()).then_some(s)
}

fn from_citations(w: &Work<'_>) -> Fields {
    let mut f = Fields::default();
    let Some(c) = w.first() else { return f };
    let mut names: Vec<String> = c
        .authors
        .iter()
        .map(|a| one_line(a))
        .filter(|a| !a.is_empty())
        .map(|a| format!("{{{}}}", escape(&a)))
        .collect();
    if !names.is_empty() && c.et_al {
        names.push("others".into());
    }
    f.author = (!names.is_empty()).then(|| names.join(" and "));
    if let Some(y) = nonempty(c.year.as_deref()) {
        f.date = iso_year(y);
        f.pubstate = pubstate_of(y).map(str::to_string);
    }
    let first = &w.citations[0];
    let file = std::path::Path::new(&first.document.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| first.document.path.clone());
    let times = match w.citations.len() {
        1 => "once".to_string(),
        n => format!("{n} times"),
    };
    f.notes.push(format!(
        "Incomplete: known only from in-text citation ``{}'' (cited {times}, first at line {} of {}); no reference entry describes it",
        escape(&c.text),
        c.line,
        escape(&file)
    ));
    f.incomplete = true;
    f
}

/// Chooses the entry type whose mandatory fields are all present.
fn choose_kind(kind: EntryType, f: &Fields) -> &'static str {
    let a = f.author.is_some();
    let c = f.container.is_some();
    match kind {
        EntryType::Article if a && c => "article",
        EntryType::Book if a => "book",
        EntryType::Book if f.editor.is_some() => "collection",
        EntryType::Chapter if a && c && f.editor.is_some() => "incollection",
        EntryType::Chapter if a && c => "inbook",
        EntryType::Proceedings if a && c => "inproceedings",
        EntryType::Report if a && f.publisher.is_some() => "report",
        EntryType::Thesis if a && f.publisher.is_some() => "thesis",
        EntryType::Webpage if f.url.is_some() || f.doi.is_some() => "online",
        EntryType::Dataset => "dataset",
        _ => "misc",
    }
}

/// The fields each type admits in biber's default data model (checked with
/// `biber --tool --validate-datamodel`), in writing order.
fn admitted(kind: &str, field: &str) -> bool {
    let common = [
        "author",
        "title",
        "subtitle",
        "date",
        "pubstate",
        "doi",
        "url",
        "urldate",
        "eprint",
        "eprinttype",
        "note",
        "addendum",
        "keywords",
        "sorttitle",
    ];
    if common.contains(&field) {
        return kind != "collection" || field != "author";
    }
    let extra: &[&str] = match kind {
        "article" => &["editor", "journaltitle", "volume", "number", "pages", "series"],
        "book" | "collection" => {
            &["editor", "volume", "number", "pages", "edition", "publisher", "location", "isbn", "series"]
        }
        "inbook" | "incollection" => {
            &["editor", "booktitle", "volume", "number", "pages", "edition", "publisher", "location", "isbn", "series"]
        }
        "inproceedings" => &[
            "editor",
            "booktitle",
            "volume",
            "number",
            "pages",
            "publisher",
            "organization",
            "location",
            "isbn",
            "series",
        ],
        "report" => &["number", "pages", "institution", "location", "type"],
        "thesis" => &["pages", "institution", "location", "type"],
        "online" => &["editor", "organization"],
        "software" => &["editor", "organization", "location", "howpublished"],
        "dataset" => &["editor", "number", "edition", "publisher", "organization", "location", "type", "series"],
        _ => &["editor", "organization", "location", "type", "howpublished"],
    };
    extra.contains(&field)
}

/// The BibLaTeX entry of one work.
pub fn biblatex_entry(w: &Work<'_>) -> BibEntry {
    let (mut f, kind) = match w.reference {
        Some(r) => (from_reference(r), r.kind),
        None => (from_citations(w), EntryType::Misc),
    };
    if f.title.is_none() {
        f.title = Some(format!("{{{UNKNOWN_TITLE}}}"));
        if !f.incomplete {
            f.notes.push("Incomplete: the reference entry gives no title".into());
            f.incomplete = true;
        }
    }
    let kind = match choose_kind(kind, &f) {
        // Biber's data model requires a date on every type but a few; an undated `@misc`
        // becomes `@software`, which the standard styles print with the `misc` driver
        // (and `n.d.` as its date) and which admits the same fields.
        "misc" | "online" | "report" | "thesis" | "article" | "book" | "collection" | "inbook" | "incollection"
        | "inproceedings"
            if f.date.is_none() =>
        {
            "software"
        }
        k => k,
    };
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    let mut push = |name: &'static str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            fields.push((name, v));
        }
    };
    let container_field = match kind {
        "article" => "journaltitle",
        "inbook" | "incollection" | "inproceedings" => "booktitle",
        "online" | "dataset" => "organization",
        _ => "howpublished",
    };
    let (institution, publisher, organization) = match kind {
        "report" | "thesis" => (f.publisher.clone(), None, None),
        "online" | "misc" | "software" => (None, None, f.publisher.clone()),
        _ => (None, f.publisher.clone(), None),
    };
    // A type that cannot hold them keeps volume, number and pages in `howpublished`.
    let mut container = f.container.clone();
    if kind == "misc" || kind == "software" {
        let mut parts: Vec<String> = container.into_iter().collect();
        parts.extend(f.volume.as_ref().map(|v| format!("vol.~{v}")));
        parts.extend(f.number.as_ref().map(|v| format!("no.~{v}")));
        parts.extend(f.pages.as_ref().map(|v| format!("pp.~{v}")));
        parts.extend(f.howpublished.clone());
        container = (!parts.is_empty()).then(|| parts.join(", "));
    }
    let type_value = match kind {
        "report" => Some("Report".to_string()),
        "thesis" => Some("Thesis".to_string()),
        _ => f.kind_note.clone(),
    };
    let date = f.date.clone();
    // Biber reads `volume` as an integer; any other volume is kept in `addendum`.
    if f.volume.as_ref().is_some_and(|v| !v.bytes().all(|b| b.is_ascii_digit())) && kind != "misc" && kind != "software"
    {
        let v = f.volume.take().unwrap_or_default();
        f.addendum = Some(match f.addendum.take() {
            Some(a) => format!("{a}. Vol.~{v}"),
            None => format!("Vol.~{v}"),
        });
    }
    let notes = &f.notes;
    let keywords = f.incomplete.then(|| INCOMPLETE_KEYWORD.to_string());
    push("author", f.author.clone());
    push("editor", f.editor.clone());
    push("title", f.title.clone());
    // The document's own year letter (`2004a`) leads the sort title, so biber, which
    // letters works of one author and year in sort order, prints the same letter.
    let year = w.reference.and_then(|r| r.year.as_deref()).or_else(|| w.first().and_then(|c| c.year.as_deref()));
    push(
        "sorttitle",
        year.and_then(super::normalize::year_letter).map(|l| format!("{l} {}", f.title.clone().unwrap_or_default())),
    );
    push("subtitle", f.subtitle.clone());
    if container_field != "organization" {
        push(container_field, container.clone());
    }
    push("edition", f.edition.clone());
    push("series", f.series.clone());
    push("volume", f.volume.clone());
    push("number", f.number.clone());
    push("pages", f.pages.clone());
    push("type", type_value);
    push("institution", institution);
    push("publisher", publisher);
    push("organization", organization.or(if container_field == "organization" { container } else { None }));
    push("location", f.location.clone());
    push("date", date);
    push("pubstate", f.pubstate.clone());
    push("isbn", f.isbn.clone());
    push("doi", f.doi.clone());
    push("eprint", f.eprint.clone());
    push("eprinttype", f.eprinttype.clone());
    push("url", f.url.clone());
    push("urldate", f.urldate.clone());
    push("note", (!notes.is_empty()).then(|| notes.join(". ")));
    push("addendum", f.addendum.clone());
    push("keywords", keywords);
    fields.retain(|(name, _)| admitted(kind, name));
    BibEntry { kind, key: w.key.clone(), fields }
}

/// Converts a BibLaTeX entry to classic BibTeX types and field names.
pub fn to_bibtex(e: BibEntry) -> BibEntry {
    let kind = match e.kind {
        "article" => "article",
        "book" | "collection" => "book",
        "inbook" | "incollection" => "incollection",
        "inproceedings" => "inproceedings",
        "report" => "techreport",
        "thesis" => "phdthesis",
        _ => "misc",
    };
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for (name, value) in e.fields {
        let name: &'static str = match (name, kind) {
            ("journaltitle", _) => "journal",
            ("location", _) => "address",
            ("institution", "phdthesis") => "school",
            ("organization", "misc") if e.kind == "online" => "howpublished",
            ("type", "techreport" | "phdthesis") => continue,
            ("date", _) => {
                if let Some(y) = iso_year(&value) {
                    fields.push(("year", y));
                }
                continue;
            }
            ("pubstate", _) => {
                notes.push(match value.as_str() {
                    "inpress" => "In press".into(),
                    other => other.to_string(),
                });
                continue;
            }
            ("note", _) => {
                notes.insert(0, value);
                continue;
            }
            ("eprinttype", _) => "archiveprefix",
            ("sorttitle", _) => continue,
            (other, _) => other,
        };
        fields.push((name, value));
    }
    if !notes.is_empty() {
        fields.push(("note", notes.join(". ")));
    }
    BibEntry { kind, key: e.key, fields }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_specials_and_keeps_unicode() {
        assert_eq!(escape("a_b#c$d~e^f"), r"a\_b\#c\$d\textasciitilde{}e\textasciicircum{}f");
        assert_eq!(escape("Ελληνικά “x”"), "Ελληνικά “x”");
    }

    #[test]
    fn names_brace_ligatures_and_commands() {
        assert_eq!(escape_name("Lorenzi--Cioldi"), "Lorenzi{-}{-}Cioldi");
        assert_eq!(escape_name("Jean-Paul"), "Jean-Paul");
        assert_eq!(escape_name("Tilde~Name"), "Tilde{\\textasciitilde}Name");
        assert_eq!(escape("a--b"), "a-{}-b");
        assert_eq!(escape("Right \u{202e}to\u{202c} left\u{0}\u{1b}"), "Right to left  ");
    }

    #[test]
    fn pages_get_double_dashes() {
        assert_eq!(tex_pages("35-48"), "35--48");
        assert_eq!(tex_pages("35–48"), "35--48");
        assert_eq!(tex_pages("35--48"), "35--48");
        assert_eq!(tex_pages("e1002"), "e1002");
    }

    #[test]
    fn names() {
        assert_eq!(tex_person(&Person::literal("World Bank")), "{World Bank}");
        assert_eq!(tex_person(&Person::name("van der Berg", Some("Jan".into()))), "van der Berg, Jan");
        assert_eq!(tex_person(&Person::name("Smith and Sons", None)), "{Smith and Sons}");
        let jr = Person { suffix: Some("Jr.".into()), ..Person::name("King", Some("M. L.".into())) };
        assert_eq!(tex_person(&jr), "King, Jr., M. L.");
    }

    #[test]
    fn raw_fields_keep_their_tex() {
        let mut f = Fields::default();
        overlay_raw(&mut f, "@article{k, title = {The \\emph{Real} Thing}, journal = jgr, pages = {1-2}}");
        assert_eq!(f.title.as_deref(), Some("The \\emph{Real} Thing"));
        assert_eq!(f.container, None);
        assert_eq!(f.pages.as_deref(), Some("1--2"));
        let mut g = Fields::default();
        overlay_raw(&mut g, "@article{k, title = {a \\{ b}}");
        assert_eq!(g.title, None);
    }
}

#[cfg(test)]
mod doc_examples {
    use super::*;

    /// `escape` on the cases its documentation showed (a unit test: it is private).
    #[test]
    fn escape_example() {
        assert_eq!(escape("R&D {x} 5% \\"), r"R\&D \textbraceleft{}x\textbraceright{} 5\% \textbackslash{}");
        assert_eq!(escape("Gödel\nand  Co."), "Gödel and Co.");
    }
}
