//! Formatted reference lists (APA, Chicago, IEEE, ...) as plain text, Markdown or HTML.
//!
//! Why this module exists: BibLaTeX and CSL-JSON need another program to become a reference
//! list a reader can use. This one renders it directly, through hayagriva's CSL processor
//! and the CSL styles compiled into it (its `archive` feature), so it works offline and the
//! result is the same on every machine. Each cited work becomes a [`hayagriva::Entry`];
//! the rendered tree is then written by this module, not hayagriva, so every format is
//! escaped the way it needs (hayagriva's own HTML does not escape text).
//!
//! Works known only from in-text citations keep their place: they are rendered with what
//! the citations tell (authors, year), the title `[Title unknown]`, and a trailing
//! `[incomplete: ...]` marker, as in the other bibliography exporters.
//!
//! Order: works are handed to the processor in the order of their first citation, so
//! numeric styles (IEEE, Vancouver) number them as the text does; author-date styles sort
//! them by their own rules. Keys are the ones of `citegraph bib` and `citegraph graph`
//! (the HTML `id`s are `ref-KEY`).

use super::biblatex::UNKNOWN_TITLE;
use super::{Work, cited_works, one_line};
use crate::model::{Document, EntryType, Person, Reference};
use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::{OtherTerm, Term};
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style, TermForm, TextDecoration,
    VerticalAlign,
};
use hayagriva::types::{
    Date, FormatString, MaybeTyped, Numeric, PageRanges, Person as HPerson, Publisher, QualifiedUrl, SerialNumber,
    StringChunk,
};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, Entry, Formatting};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::OnceLock;

/// Output format of a formatted reference list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// Plain text, one entry per line.
    Text,
    /// Markdown: one paragraph per entry, italics as `*...*`, bold as `**...**`.
    Markdown,
    /// An HTML fragment: one `<div class="csl-entry">` per entry inside `<div class="csl-bib-body">`.
    Html,
}

/// Why a formatted reference list could not be written.
#[derive(Debug)]
pub enum StyleError {
    /// No bundled style has this name.
    UnknownStyle {
        /// The name asked for.
        name: String,
        /// Close names, best first.
        suggestions: Vec<&'static str>,
    },
    /// A style file (`--style path/to/style.csl`) that cannot be read or is no usable CSL.
    StyleFile {
        /// The path given.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// No bundled locale has this code, and it is no locale file.
    UnknownLocale {
        /// The code asked for.
        code: String,
        /// The bundled codes.
        available: Vec<String>,
    },
    /// The style defines citations only, no reference list.
    NoBibliography(String),
    /// The CSL processor failed on this input.
    Render(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl fmt::Display for StyleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StyleError::UnknownStyle { name, suggestions } => {
                write!(f, "unknown style `{name}`")?;
                if !suggestions.is_empty() {
                    write!(f, " (did you mean `{}`?)", suggestions.join("`, `"))?;
                }
                write!(f, "; common styles: {}", COMMON.join(", "))?;
                write!(f, "; all styles: {}", primary_names().join(", "))?;
                f.write_str(" (`--style help` lists them with their full names)")
            }
            StyleError::StyleFile { path, message } => write!(f, "style file {path}: {message}"),
            StyleError::UnknownLocale { code, available } => {
                write!(f, "unknown locale `{code}`; bundled locales: {}", available.join(", "))?;
                f.write_str(" (or give a CSL locale file, locales-xx-XX.xml)")
            }
            StyleError::NoBibliography(name) => write!(f, "style `{name}` defines no reference list"),
            StyleError::Render(m) => write!(f, "cannot render the reference list: {m}"),
            StyleError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StyleError {}

impl From<io::Error> for StyleError {
    fn from(e: io::Error) -> Self {
        StyleError::Io(e)
    }
}

/// The names most people look for, shown first in errors.
const COMMON: &[&str] =
    &["apa", "chicago-author-date", "chicago-notes", "mla", "ieee", "harvard", "vancouver", "nature", "acm"];

/// Short names accepted besides hayagriva's own (`harvard` is not one of them). Checked
/// before hayagriva's names, so an entry here also overrides one of them.
const EXTRA_ALIASES: &[(&str, &str)] = &[
    // hayagriva maps `vancouver` to `nlm-citation-sequence`, whose bundled copy renders
    // most entries without their authors (hayagriva 0.10); Elsevier's Vancouver does not.
    ("vancouver", "elsevier-vancouver"),
    ("harvard", "harvard-cite-them-right"),
    ("chicago", "chicago-author-date"),
    ("turabian", "turabian-author-date"),
    ("acm", "association-for-computing-machinery"),
    ("acs", "american-chemical-society"),
    ("ama", "american-medical-association"),
    ("asa", "american-sociological-association"),
    ("apsa", "american-political-science-association"),
    ("cse", "cse-name-year"),
    ("lncs", "springer-lecture-notes-in-computer-science"),
    ("iso-690", "iso-690-author-date"),
];

/// One bundled style as listed by `--style help`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleName {
    /// The name to pass to `--style` (hayagriva's first name for it).
    pub name: &'static str,
    /// Other accepted names.
    pub aliases: Vec<&'static str>,
    /// Human-readable title (`APA Style 7th edition`).
    pub title: &'static str,
}

/// Every bundled style, sorted by name, with its aliases.
pub fn style_names() -> Vec<StyleName> {
    let mut v: Vec<StyleName> = ArchivedStyle::all()
        .iter()
        .filter_map(|s| {
            let names = s.names();
            let (&name, rest) = names.split_first()?;
            // An alias of ours that points elsewhere overrides hayagriva's.
            let mut aliases: Vec<&'static str> =
                rest.iter().copied().filter(|a| !EXTRA_ALIASES.iter().any(|(x, _)| x == a)).collect();
            aliases.extend(EXTRA_ALIASES.iter().filter(|(_, to)| names.contains(to)).map(|(a, _)| *a));
            // Short aliases (`apa`) first: they are what people type.
            aliases.sort_by_key(|a| (a.len(), *a));
            Some(StyleName { name, aliases, title: s.display_name() })
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(b.name));
    v
}

fn primary_names() -> Vec<&'static str> {
    style_names().into_iter().map(|s| s.name).collect()
}

/// Every accepted name (primary names and aliases), sorted.
pub fn all_style_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = ArchivedStyle::all().iter().flat_map(|s| s.names().iter().copied()).collect();
    v.extend(EXTRA_ALIASES.iter().map(|(a, _)| *a));
    v.sort_unstable();
    v.dedup();
    v
}

/// The text `--style help` prints: one line per bundled style, name, aliases and title.
pub fn style_help() -> String {
    let names = style_names();
    let width = names.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = String::from("Bundled citation styles (use the name or any alias with --style):\n");
    for s in &names {
        out.push_str(&format!("  {:width$}  {}", s.name, s.title));
        if !s.aliases.is_empty() {
            out.push_str(&format!(" (also: {})", s.aliases.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// Finds a bundled style by name or alias; case, spaces and `_` do not matter.
pub fn find_style(name: &str) -> Result<ArchivedStyle, StyleError> {
    let norm: String =
        name.trim().to_lowercase().chars().map(|c| if c == '_' || c.is_whitespace() { '-' } else { c }).collect();
    let target = EXTRA_ALIASES.iter().find(|(a, _)| *a == norm).map_or(norm.as_str(), |(_, to)| to);
    if let Some(s) = ArchivedStyle::by_name(target) {
        return Ok(s);
    }
    let mut close: Vec<(f64, &'static str)> = all_style_names()
        .into_iter()
        .map(|n| (strsim::jaro_winkler(&norm, n), n))
        .filter(|(score, n)| *score > 0.8 || (norm.len() >= 3 && n.starts_with(norm.as_str())))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    Err(StyleError::UnknownStyle {
        name: name.to_string(),
        suggestions: close.into_iter().take(3).map(|c| c.1).collect(),
    })
}

/// The bundled CSL locales (terms such as "edited by", "n.d."), decoded once per process.
fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

/// The independent CSL style behind a bundled style (dependent styles point to a parent).
fn independent(style: ArchivedStyle) -> Option<IndependentStyle> {
    match style.get() {
        Style::Independent(s) => Some(s),
        Style::Dependent(d) => match ArchivedStyle::by_id(&d.parent_link.href)?.get() {
            Style::Independent(s) => Some(s),
            Style::Dependent(_) => None,
        },
    }
}

/// Largest style or locale file read (the biggest CSL styles are about 200 KB).
const MAX_CSL_FILE: u64 = 8 << 20;

/// A CSL style ready to render: a bundled one or one read from a `.csl` file.
#[derive(Debug, Clone)]
pub struct CslStyle {
    /// What the user gave: a bundled name or a path.
    pub name: String,
    csl: IndependentStyle,
    /// The locale a dependent style asks for (its own `default-locale`).
    default_locale: Option<LocaleCode>,
}

impl CslStyle {
    /// The style's title (`APA Style 7th edition`).
    pub fn title(&self) -> &str {
        &self.csl.info.title.value
    }
}

/// True when `spec` names a file rather than a bundled style: it ends in `.csl` or `.xml`,
/// contains a path separator, or is an existing file that no bundled style is called.
fn is_style_path(spec: &str) -> bool {
    let lower = spec.trim().to_ascii_lowercase();
    lower.ends_with(".csl")
        || lower.ends_with(".xml")
        || spec.contains(['/', '\\'])
        || (find_style(spec).is_err() && std::path::Path::new(spec).is_file())
}

/// Reads a text file of at most [`MAX_CSL_FILE`] bytes.
fn read_small(path: &str) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err("not a regular file".into());
    }
    let mut text = String::new();
    file.take(MAX_CSL_FILE + 1).read_to_string(&mut text).map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_CSL_FILE {
        return Err(format!("larger than {} MB", MAX_CSL_FILE >> 20));
    }
    Ok(text)
}

/// The line of the first XML syntax error in `text`, when it is not well-formed XML.
fn xml_error_line(text: &str) -> Option<usize> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return None,
            Ok(_) => {}
            Err(_) => {
                let at = (reader.error_position() as usize).min(text.len());
                return Some(1 + text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count());
            }
        }
    }
}

/// A style by bundled name or alias ([`find_style`]) or from a CSL file (`path/to/x.csl`);
/// a dependent style file uses its bundled parent.
///
/// ```
/// let apa = citegraph::export::load_style("apa").unwrap();
/// assert!(apa.title().contains("APA"), "{}", apa.title());
/// assert!(citegraph::export::load_style("no/such/style.csl").is_err());
/// ```
pub fn load_style(spec: &str) -> Result<CslStyle, StyleError> {
    if !is_style_path(spec) {
        let archived = find_style(spec)?;
        let default_locale = match archived.get() {
            Style::Dependent(d) => d.default_locale,
            Style::Independent(_) => None,
        };
        let csl = independent(archived)
            .ok_or_else(|| StyleError::Render(format!("style `{spec}` has no independent parent style")))?;
        return Ok(CslStyle { name: spec.to_string(), csl, default_locale });
    }
    let bad = |message: String| StyleError::StyleFile { path: spec.to_string(), message };
    let text = read_small(spec).map_err(bad)?;
    let parsed = std::panic::catch_unwind(|| Style::from_xml(&text))
        .map_err(|_| bad("the CSL parser failed on this file".into()))?;
    match parsed {
        Ok(Style::Independent(csl)) => Ok(CslStyle { name: spec.to_string(), csl, default_locale: None }),
        Ok(Style::Dependent(d)) => {
            let parent = ArchivedStyle::by_id(&d.parent_link.href).and_then(|p| match p.get() {
                Style::Independent(s) => Some(s),
                Style::Dependent(_) => None,
            });
            match parent {
                Some(csl) => Ok(CslStyle { name: spec.to_string(), csl, default_locale: d.default_locale }),
                None => Err(bad(format!(
                    "a dependent style whose parent ({}) is not bundled; pass the parent style's .csl file",
                    d.parent_link.href
                ))),
            }
        }
        Err(e) => {
            let line = xml_error_line(&text).map(|l| format!("line {l}: ")).unwrap_or_default();
            Err(bad(format!("{line}not a valid CSL style: {e}")))
        }
    }
}

/// Checks a `--locale` value (a bundled code or a locale file) before any work is done.
pub fn check_locale(locale: &str, style: &CslStyle) -> Result<(), StyleError> {
    resolve_locale(Some(locale), style).map(|_| ())
}

/// The locale to render in and the locale files to take terms from: `locale` is a code
/// (`de-DE`, `fr`; a bundled locale of that language) or a CSL locale file
/// (`locales-de-DE.xml`, used before the bundled ones).
fn resolve_locale(
    locale: Option<&str>,
    style: &CslStyle,
) -> Result<(Option<LocaleCode>, std::borrow::Cow<'static, [Locale]>), StyleError> {
    use std::borrow::Cow;
    let bundled = locales();
    let Some(spec) = locale.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok((style.default_locale.clone(), Cow::Borrowed(bundled)));
    };
    if spec.to_ascii_lowercase().ends_with(".xml") || spec.contains(['/', '\\']) {
        let bad = |message: String| StyleError::StyleFile { path: spec.to_string(), message };
        let text = read_small(spec).map_err(bad)?;
        let file = std::panic::catch_unwind(|| hayagriva::citationberg::LocaleFile::from_xml(&text))
            .map_err(|_| bad("the CSL parser failed on this file".into()))?
            .map_err(|e| bad(format!("not a valid CSL locale: {e}")))?;
        let code = file.lang.clone();
        let mut all = vec![Locale::from(file)];
        all.extend(bundled.iter().cloned());
        return Ok((Some(code), Cow::Owned(all)));
    }
    let norm = spec.replace('_', "-");
    let codes: Vec<&LocaleCode> = bundled.iter().filter_map(|l| l.lang.as_ref()).collect();
    if let Some(c) = codes.iter().find(|c| c.0.eq_ignore_ascii_case(&norm)) {
        return Ok((Some((*c).clone()), Cow::Borrowed(bundled)));
    }
    // A language alone (`de`): the bundled locale of that language, its main dialect first
    // (`de-DE` before `de-AT`).
    let base = norm.split('-').next().unwrap_or_default().to_ascii_lowercase();
    let mut same: Vec<&&LocaleCode> =
        codes.iter().filter(|c| c.0.split('-').next().is_some_and(|b| b.eq_ignore_ascii_case(&base))).collect();
    same.sort_by_key(|c| {
        let region = c.0.split('-').nth(1).unwrap_or_default().to_ascii_lowercase();
        (region != base, c.0.clone())
    });
    match same.first() {
        Some(c) if !norm.contains('-') => Ok((Some((**c).clone()), Cow::Borrowed(bundled))),
        _ => {
            let mut available: Vec<String> = codes.iter().map(|c| c.0.clone()).collect();
            available.sort();
            Err(StyleError::UnknownLocale { code: spec.to_string(), available })
        }
    }
}

/// Writes the reference list of every work cited in `docs`, rendered in the bundled CSL
/// style `style` (a name or alias, see [`style_names`], or a `.csl` file), as `format`.
///
/// ```
/// use citegraph::export::{TextFormat, write_formatted};
/// use citegraph::{extract, Options};
/// use citegraph::Source;
/// let text = "Intro\n\nCats purr (Hill, 2013).\n\nReferences\n\nHill, R. (2013). Cats. London: Zed.\n";
/// let doc = extract(&Source::new("t.txt", text.into()), &Options::default());
/// let mut out = Vec::new();
/// write_formatted(&[doc], "apa", TextFormat::Markdown, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "Hill, R. (2013). *Cats*. Zed.\n");
/// ```
pub fn write_formatted(docs: &[Document], style: &str, format: TextFormat, out: impl Write) -> Result<(), StyleError> {
    write_formatted_with(docs, &load_style(style)?, None, format, out)
}

/// [`write_formatted`] with a loaded style ([`load_style`]) and a locale: a code such as
/// `de-DE` or `fr` (a bundled CSL locale), or a CSL locale file; `None` keeps the style's
/// default (US English for most).
pub fn write_formatted_with(
    docs: &[Document],
    style: &CslStyle,
    locale: Option<&str>,
    format: TextFormat,
    mut out: impl Write,
) -> Result<(), StyleError> {
    let csl = &style.csl;
    let (locale, locale_files) = resolve_locale(locale, style)?;
    // French typography spaces before `:`; others never do.
    let french = locale
        .as_ref()
        .or(style.csl.default_locale.as_ref())
        .is_some_and(|l| l.0.to_ascii_lowercase().starts_with("fr"));
    let docs = &super::normalize::normalized(docs);
    let mut works = in_citation_order(docs, cited_works(docs));
    // A sorted (author-date) list letters works of one author and year in the order they
    // are first cited (hayagriva), and sorts them by title: cite them in the document's
    // letter order, and list them so below, so that `2004a` is the document's `2004a` and
    // comes before `2004b`. Numbered lists keep the order of the text.
    let sorted = csl.bibliography.as_ref().is_some_and(|b| b.sort.is_some());
    if sorted {
        in_letter_order(&mut works, lettered);
    }
    let entries: Vec<Entry> = works.iter().map(entry_of).collect();
    let locales: &[Locale] = &locale_files;
    let all: Vec<&Entry> = entries.iter().collect();
    let rendered = render_list(&all, csl, locale.as_ref(), locales)?;
    let mut bib = rendered.bibliography.ok_or_else(|| StyleError::NoBibliography(style.name.clone()))?;
    let by_key: BTreeMap<&str, &Work<'_>> = works.iter().map(|w| (w.key.as_str(), w)).collect();
    let lang = locale.as_ref().or(style.default_locale.as_ref()).or(csl.default_locale.as_ref());
    let term_of = |t: OtherTerm, fallback: &str| term(csl, lang, locales, t).unwrap_or_else(|| fallback.to_string());
    let and_terms = ["&".to_string(), term_of(OtherTerm::And, "and")];
    let et_al = term_of(OtherTerm::EtAl, "et al.");
    let quote = |t: OtherTerm, fallback: char| term_of(t, "").chars().next().unwrap_or(fallback);
    let quotes = Quotes {
        open: quote(OtherTerm::OpenQuote, '“'),
        close: quote(OtherTerm::CloseQuote, '”'),
        inner_open: quote(OtherTerm::OpenInnerQuote, '‘'),
        inner_close: quote(OtherTerm::CloseInnerQuote, '’'),
    };
    if sorted && bib.items.iter().all(|i| i.first_field.is_none()) {
        in_letter_order(&mut bib.items, |item| by_key.get(item.key.as_str()).and_then(|w| lettered(w)));
        // hayagriva lets the citations' name disambiguation (names added, given names
        // dropped: `Hart, Clarke, Wigley, Chia, et al.`) change the list too, which CSL
        // keeps to citations: a work that shares its first author and year with another is
        // rendered alone as well, and that rendering is used unless the two differ only in
        // the year letter.
        let mut firsts: BTreeMap<String, usize> = BTreeMap::new();
        for w in &works {
            if let Some(k) = first_author_year(w) {
                *firsts.entry(k).or_default() += 1;
            }
        }
        for (w, e) in works.iter().zip(&entries) {
            if first_author_year(w).is_none_or(|k| firsts.get(&k).is_none_or(|&n| n <= 1)) {
                continue;
            }
            let Some(item) = bib.items.iter_mut().find(|i| i.key == w.key) else { continue };
            let alone = render_list(&[e], csl, locale.as_ref(), locales)?;
            let Some(single) = alone.bibliography.and_then(|b| b.items.into_iter().next()) else { continue };
            let text = |c: &hayagriva::ElemChildren| runs(&c.0).iter().map(|r| r.text.as_str()).collect::<String>();
            if without_year_letters(&text(&item.content)) != text(&single.content) {
                item.content = single.content;
            }
        }
    }
    if format == TextFormat::Html {
        writeln!(out, "<div class=\"csl-bib-body\">")?;
    }
    for (i, item) in bib.items.iter().enumerate() {
        let incomplete = by_key.get(item.key.as_str()).and_then(|w| incomplete_note(w));
        let first = item.first_field.as_ref().map(|f| runs(std::slice::from_ref(f)));
        let mut body = runs(&item.content.0);
        let url = by_key.get(item.key.as_str()).and_then(|w| w.reference).and_then(|r| clean(&r.url));
        urls_as_written(&mut body, url.as_deref());
        et_al_marks(&mut body, &and_terms, &et_al);
        quotes_as_citeproc(&mut body, &quotes);
        tidy_punctuation(&mut body, french);
        let line = match format {
            TextFormat::Text => text_entry(first.as_deref(), &body, incomplete.as_deref()),
            TextFormat::Markdown => markdown_entry(first.as_deref(), &body, incomplete.as_deref()),
            TextFormat::Html => html_entry(&item.key, first.as_deref(), &body, incomplete.as_deref()),
        };
        if format == TextFormat::Markdown && i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{line}")?;
    }
    if format == TextFormat::Html {
        writeln!(out, "</div>")?;
    }
    Ok(())
}

/// Sorts works by their first citation: document order, then position in the document.
fn in_citation_order<'a>(docs: &[Document], mut works: Vec<Work<'a>>) -> Vec<Work<'a>> {
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

/// Renders the reference list of `entries`, each cited once in this order. hayagriva is a
/// large third-party engine: a panic inside it on unusual data must not take the whole
/// command down.
fn render_list(
    entries: &[&Entry],
    csl: &IndependentStyle,
    locale: Option<&LocaleCode>,
    locales: &[Locale],
) -> Result<hayagriva::Rendered, StyleError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut driver: BibliographyDriver<'_, Entry> = BibliographyDriver::new();
        for e in entries {
            driver.citation(CitationRequest::new(
                vec![CitationItem::with_entry(e)],
                csl,
                locale.cloned(),
                locales,
                None,
            ));
        }
        driver.finish(BibliographyRequest::new(csl, locale.cloned(), locales))
    }))
    .map_err(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the CSL processor panicked".into());
        StyleError::Render(why)
    })
}

/// The first author's name (lower case) and the year's digits of a work: works that share
/// them may be told apart in citations by more names or given names.
fn first_author_year(w: &Work<'_>) -> Option<String> {
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
fn without_year_letters(text: &str) -> String {
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
fn lettered(w: &Work<'_>) -> Option<(String, String)> {
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
    let letter = super::normalize::year_letter(year)?;
    let digits: String = year.trim().chars().take(4).collect();
    Some((format!("{}|{digits}", names.join("|")), letter))
}

/// Reorders `items` so that within each group of [`lettered`] items (same authors and
/// year) they follow their letters (`a` < `b` < ... < `z` < `aa`), each group taking the
/// places its items held; every other item stays where it is.
fn in_letter_order<T>(items: &mut Vec<T>, label: impl Fn(&T) -> Option<(String, String)>) {
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

/// The marker text of a work no reference entry describes.
fn incomplete_note(w: &Work<'_>) -> Option<String> {
    if w.reference.is_some() {
        return None;
    }
    Some(match w.first() {
        Some(c) => format!("[incomplete: known only from the in-text citation \"{}\"]", one_line(&c.text)),
        None => "[incomplete: no reference entry describes it]".to_string(),
    })
}

// ---------------------------------------------------------------------------------------
// Work -> hayagriva entry.

fn fstr(s: &str) -> FormatString {
    FormatString::with_value(one_line(s))
}

/// The words CSL title case leaves in lower case (CSL 1.0.2, "Title case conversion").
const TITLE_STOP_WORDS: [&str; 26] = [
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of", "on", "onto", "or",
    "over", "so", "the", "till", "to", "up", "via", "with", "yet",
];

/// Prepositions hayagriva's title case lowercases that CSL's does not (they are no CSL stop
/// word: citeproc prints `Interactions Between Insect Herbivores`).
const NOT_CSL_STOP_WORDS: [&str; 20] = [
    "above",
    "across",
    "against",
    "among",
    "around",
    "behind",
    "below",
    "beneath",
    "beside",
    "between",
    "during",
    "front",
    "inside",
    "near",
    "since",
    "toward",
    "under",
    "underneath",
    "until",
    "within",
];

/// [`NOT_CSL_STOP_WORDS`] (`between`, `Between`) get an invisible [`START_MARK`] after their
/// third letter, which keeps hayagriva from finding them in its list of words never
/// capitalised (it looks up the letters before the mark): title case then capitalises
/// them as CSL says, and other casings leave them as written. [`runs`] removes the mark.
fn csl_stop_words_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let len = from.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(from.len());
        let (word, after) = from.split_at(len);
        let starts_word = !out.chars().last().is_some_and(char::is_alphanumeric);
        let listed = word.len() > 3
            && word[1..].bytes().all(|b| b.is_ascii_lowercase())
            && NOT_CSL_STOP_WORDS.contains(&word.to_ascii_lowercase().as_str());
        if starts_word && !after.starts_with(|c: char| c.is_alphanumeric()) && listed {
            out.push_str(&word[..3]);
            out.push_str(START_MARK);
            out.push_str(&word[3..]);
        } else {
            out.push_str(word);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Opens a text whose first word is kept verbatim (see [`cased`]); never written out.
const START_MARK: &str = "\u{2060}";

/// A title or container whose acronyms and mixed-case words (`PlasmoDB`, `EZH2`, `eLife`;
/// [`super::normalize::protected_words`]) keep their case under the style's title or
/// sentence casing, as `<span class="nocase">` keeps them in citeproc. In a container (a
/// journal name, often abbreviated: `Proc Natl Acad Sci U S A`) every word written in
/// capitals is kept too, single letters included.
fn cased(s: &str, container: bool) -> FormatString {
    let s = one_line(s);
    let mut spans = super::normalize::protected_words(&s);
    // CSL title case keeps a lowercase stop word lowercase after a comma or semicolon
    // (`Good, the Bad, and the Ugly`); hayagriva capitalises it (`, And`): keep it as is.
    let mut pos = 0;
    let mut after_comma = false;
    for word in s.split(' ') {
        let start = pos;
        pos += word.len() + 1;
        let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if after_comma && lead == 0 && TITLE_STOP_WORDS.contains(&core) {
            spans.push((start, start + core.len()));
        }
        // A capital letter that names something (`the N terminus`, `Sulfobacins A and B`,
        // `N-acyl`): hayagriva lowercases `A`, `M`, `N`, `S`, `T` inside a title. Only the
        // letter is kept, so that title case still capitalises `N-Acyl`, `X-Ray`.
        let mut letters = core.chars();
        let first = letters.next();
        let letter = first.is_some_and(|c| c.is_ascii_uppercase()) && matches!(letters.next(), None | Some('-'));
        if start > 0 && letter {
            spans.push((start + lead, start + lead + 1));
        }
        after_comma = word.ends_with([',', ';']);
    }
    spans.sort_unstable();
    spans.dedup();
    if container {
        let mut pos = 0;
        for word in s.split(' ') {
            let start = pos;
            pos += word.len() + 1;
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            let capitals = core.chars().any(char::is_alphabetic)
                && core.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphanumeric());
            if capitals {
                spans.push((start + lead, start + lead + core.len()));
            }
        }
        spans.sort_unstable();
        spans.dedup();
    }
    let mut out = hayagriva::types::ChunkedString::new();
    let mut at = 0;
    for (a, b) in spans {
        if a < at {
            continue;
        }
        if a > at {
            out.push_str(&csl_stop_words_only(&s[at..a]), hayagriva::types::ChunkKind::Normal);
        }
        if a == 0 {
            // hayagriva's casing trims the leading space of the chunk after a verbatim one
            // that opens the text (`SUZ12Is required`): an invisible non-space first marks
            // the start as passed. [`runs`] removes it again.
            out.push_str(START_MARK, hayagriva::types::ChunkKind::Normal);
        }
        out.push_str(&s[a..b], hayagriva::types::ChunkKind::Verbatim);
        at = b;
    }
    if at < s.len() {
        out.push_str(&csl_stop_words_only(&s[at..]), hayagriva::types::ChunkKind::Normal);
    }
    FormatString { value: out, short: None }
}

fn clean(s: &Option<String>) -> Option<String> {
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
/// and a shorter list prints the mark, which [`et_al_marks`] turns into "et al." (as
/// citeproc does with a final name `others`). A private-use character: never in text.
const ET_AL_MARK: &str = "\u{E000}";

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
fn entry_of(w: &Work<'_>) -> Entry {
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

// ---------------------------------------------------------------------------------------
// Rendered tree -> text, Markdown, HTML.

/// A stretch of text with one formatting, or a link.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    formatting: Formatting,
    url: Option<String>,
}

/// Flattens the rendered tree into runs, merging neighbours with the same formatting.
fn runs(children: &[ElemChild]) -> Vec<Run> {
    fn walk(children: &[ElemChild], out: &mut Vec<Run>) {
        for c in children {
            let (text, formatting, url) = match c {
                ElemChild::Text(t) => (t.text.as_str(), t.formatting, None),
                ElemChild::Markup(m) => (m.as_str(), Formatting::default(), None),
                ElemChild::Link { text, url } => (text.text.as_str(), text.formatting, Some(url.clone())),
                ElemChild::Elem(e) => {
                    walk(&e.children.0, out);
                    continue;
                }
                ElemChild::Transparent { .. } => continue,
            };
            let text = text.replace(['\n', '\r'], " ").replace(START_MARK, "");
            match out.last_mut() {
                Some(last) if url.is_none() && last.url.is_none() && last.formatting == formatting => {
                    last.text.push_str(&text)
                }
                _ => out.push(Run { text, formatting, url }),
            }
        }
    }
    let mut out = Vec::new();
    walk(children, &mut out);
    out.retain(|r| !r.text.is_empty());
    out
}

/// A term of the locale `lang` (long form, singular): the style's own `<locale>`
/// elements first, then the locale files and bundled locales, whose language matches.
fn term(csl: &IndependentStyle, lang: Option<&LocaleCode>, locales: &[Locale], name: OtherTerm) -> Option<String> {
    let code = lang.map(|l| l.0.to_ascii_lowercase()).unwrap_or_else(|| "en-us".into());
    let base = code.split('-').next().unwrap_or_default().to_string();
    let fits = |l: &Locale, exact: bool| match &l.lang {
        None => true,
        Some(c) if exact => c.0.eq_ignore_ascii_case(&code),
        Some(c) => c.0.split('-').next().is_some_and(|b| b.eq_ignore_ascii_case(&base)),
    };
    let find = |l: &Locale| {
        l.terms
            .as_ref()?
            .terms
            .iter()
            .find(|t| t.name == Term::Other(name) && t.form == TermForm::Long)?
            .single()
            .map(str::to_string)
    };
    let own = csl.locale.iter().filter(|l| fits(l, false)).find_map(find);
    own.or_else(|| locales.iter().filter(|l| fits(l, true)).find_map(find))
        .or_else(|| locales.iter().filter(|l| fits(l, false)).find_map(find))
}

/// Turns each printed [`ET_AL_MARK`] and the "and" before it into `et_al`, after the
/// delimiter the names already have: `Ford, F., & <mark>` → `Ford, F., et al.`,
/// `Okafor, and <mark>` → `Okafor, et al.`, `Hill and <mark>` → `Hill et al.`.
fn et_al_marks(runs: &mut [Run], and_terms: &[String], et_al: &str) {
    if !runs.iter().any(|r| r.text.contains(ET_AL_MARK)) {
        return;
    }
    let mark = ET_AL_MARK.chars().next().unwrap_or_default();
    let mut chars: Vec<(usize, char)> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        for c in r.text.chars() {
            if c != mark {
                chars.push((i, c));
                continue;
            }
            while chars.last().is_some_and(|x| x.1.is_whitespace()) {
                chars.pop();
            }
            let token_start = chars.iter().rposition(|x| x.1.is_whitespace()).map_or(0, |p| p + 1);
            let token: String = chars[token_start..].iter().map(|x| x.1).collect();
            if and_terms.contains(&token) {
                chars.truncate(token_start);
                while chars.last().is_some_and(|x| x.1.is_whitespace()) {
                    chars.pop();
                }
            }
            if !chars.is_empty() {
                chars.push((i, ' '));
            }
            chars.extend(et_al.chars().map(|c| (i, c)));
        }
    }
    for r in runs.iter_mut() {
        r.text.clear();
    }
    for (i, c) in chars {
        runs[i].text.push(c);
    }
}

/// Shows a work's URL as its data writes it: hayagriva prints the parsed form, with the
/// host in lower case and a `/` added (`http://CRAN.R-project.org` →
/// `http://cran.r-project.org/`). The link target stays the parsed URL.
fn urls_as_written(runs: &mut [Run], written: Option<&str>) {
    let Some(written) = written else { return };
    let Ok(parsed) = written.parse::<QualifiedUrl>() else { return };
    for r in runs.iter_mut().filter(|r| r.url.is_some()) {
        if r.text == parsed.value.as_str() {
            r.text = written.to_string();
        }
    }
}

/// The quotation marks of a locale: outer (`“ ”` in English) and inner (`‘ ’`).
struct Quotes {
    open: char,
    close: char,
    inner_open: char,
    inner_close: char,
}

/// Quotation marks and apostrophes as citeproc prints them (outside links):
///
/// - an apostrophe in a word is typographic: `O'Carroll`, `plant's` → `O’Carroll`, `plant’s`;
/// - quotes in the data take the locale's marks by depth: single quotes (`'x'`, `‘x’`)
///   not inside other quotes become outer quotes (`“x”`), inside them inner ones
///   (`“… ‘Talking Trees’ …”`), as a style that quotes a title expects.
fn quotes_as_citeproc(runs: &mut [Run], q: &Quotes) {
    let chars: Vec<(usize, char)> = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.url.is_none())
        .flat_map(|(i, r)| r.text.chars().map(move |c| (i, c)))
        .collect();
    if !chars.iter().any(|&(_, c)| matches!(c, '\'' | '‘' | '’') || c == q.inner_open || c == q.inner_close) {
        return;
    }
    let letter = |k: Option<&(usize, char)>| k.is_some_and(|x| x.1.is_alphanumeric());
    let mut out: Vec<(usize, char)> = Vec::with_capacity(chars.len());
    let mut depth = 0usize;
    // One entry per open single quote: whether it became an outer quote.
    let mut singles: Vec<bool> = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).and_then(|p| chars.get(p));
        let after = chars.get(k + 1);
        let single = matches!(c, '\'' | '‘' | '’') || c == q.inner_open || c == q.inner_close;
        let c = if c == q.open {
            depth += 1;
            c
        } else if c == q.close {
            depth = depth.saturating_sub(1);
            c
        } else if !single {
            c
        } else if letter(before) && letter(after) {
            '’'
        } else if !letter(before) && (letter(after) || after.is_some_and(|a| a.1.is_ascii_punctuation())) && c != '’'
        {
            let outer = depth == 0;
            singles.push(outer);
            if outer {
                depth += 1;
                q.open
            } else {
                q.inner_open
            }
        } else if let Some(outer) = singles.pop() {
            if outer {
                depth = depth.saturating_sub(1);
                q.close
            } else {
                q.inner_close
            }
        } else {
            '’'
        };
        out.push((i, c));
    }
    for r in runs.iter_mut().filter(|r| r.url.is_none()) {
        r.text.clear();
    }
    for (i, c) in out {
        runs[i].text.push(c);
    }
}

/// Cleans the punctuation hayagriva leaves where citeproc does not, across run boundaries:
///
/// - a `.` or `,` right after a `?` or `!` (closing quotes between them allowed) goes:
///   `module?.` → `module?`, `“module?,”` → `“module?”`;
/// - a doubled `.` that is no ellipsis becomes one;
/// - a `,` right before a `.`, `)` or `]` goes (`Microbiol,.` → `Microbiol.`, `(2012,)` →
///   `(2012)`: an empty field), and so does a `.` after a quoted `.` (`Computing.”.`);
/// - outside French, a space between a digit and a `:` goes: `157 : 250–61` → `157: 250–61`
///   (hayagriva's delimiter of an empty issue).
fn tidy_punctuation(runs: &mut Vec<Run>, french: bool) {
    let chars: Vec<(usize, char)> =
        runs.iter().enumerate().flat_map(|(i, r)| r.text.chars().map(move |c| (i, c))).collect();
    let is_quote = |c: char| matches!(c, '”' | '’' | '"' | '\'' | '»');
    let mut keep = vec![true; chars.len()];
    for i in 0..chars.len() {
        let c = chars[i].1;
        let prev = |k: usize| (k > 0).then(|| chars[k - 1].1);
        match c {
            '.' | ',' => {
                let mut k = i;
                while k > 0 && is_quote(chars[k - 1].1) {
                    k -= 1;
                }
                let before = prev(k);
                let next = chars.get(i + 1).map(|x| x.1);
                let after_mark = matches!(before, Some('?' | '!'));
                let doubled = c == '.'
                    && k == i
                    && before == Some('.')
                    && prev(i - 1) != Some('.')
                    && next != Some('.')
                    && keep[i - 1];
                // A period after a quoted title that already ends in one: `Computing.”.`
                let quoted_period = c == '.'
                    && k < i
                    && before == Some('.')
                    && k >= 2
                    && prev(k - 1) != Some('.')
                    && next != Some('.')
                    && keep[k - 1];
                if after_mark || doubled || quoted_period {
                    keep[i] = false;
                } else if c == '.' && k == i && before == Some(',') && next != Some('.') && keep[i - 1] {
                    // An empty field after a comma: `Microbiol,.` → `Microbiol.`
                    keep[i - 1] = false;
                } else if c == ',' && matches!(next, Some(')' | ']')) && runs[chars[i].0].url.is_none() {
                    // An empty field before a closing bracket: `(2012,)` → `(2012)`
                    keep[i] = false;
                }
            }
            ' ' if !french => {
                let next = chars.get(i + 1).map(|x| x.1);
                if next == Some(':') && prev(i).is_some_and(|p| p.is_ascii_digit()) {
                    keep[i] = false;
                }
            }
            _ => {}
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    for r in runs.iter_mut() {
        r.text.clear();
    }
    for ((i, c), k) in chars.into_iter().zip(keep) {
        if k {
            runs[i].text.push(c);
        }
    }
    runs.retain(|r| !r.text.is_empty());
}

fn join_parts(first: Option<String>, body: String, incomplete: Option<String>) -> String {
    let mut s = String::new();
    if let Some(f) = first.filter(|f| !f.trim().is_empty()) {
        s.push_str(f.trim_end());
        s.push(' ');
    }
    s.push_str(body.trim());
    if let Some(i) = incomplete {
        s.push(' ');
        s.push_str(&i);
    }
    s
}

fn text_entry(first: Option<&[Run]>, body: &[Run], incomplete: Option<&str>) -> String {
    let plain = |rs: &[Run]| rs.iter().map(|r| r.text.as_str()).collect::<String>();
    join_parts(first.map(plain), plain(body), incomplete.map(str::to_string))
}

/// Escapes Markdown's inline syntax (CommonMark backslash escapes).
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let entity_start = c == '&' && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric() || *n == '#');
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '|') || entity_start {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_runs(rs: &[Run]) -> String {
    let mut out = String::new();
    for r in rs {
        let marker = match (r.formatting.font_style == FontStyle::Italic, r.formatting.font_weight == FontWeight::Bold)
        {
            (true, true) => "***",
            (true, false) => "*",
            (false, true) => "**",
            (false, false) => "",
        };
        let inner = match &r.url {
            Some(u) if safe_url(u) && r.text == *u && !u.contains(['<', '>', ' ']) => format!("<{u}>"),
            Some(u) if safe_url(u) => {
                format!("[{}]({})", md_escape(&r.text), u.replace('(', "%28").replace(')', "%29"))
            }
            _ => md_escape(&r.text),
        };
        // Emphasis markers must touch text: keep the surrounding spaces outside them.
        let trimmed = inner.trim();
        if marker.is_empty() || trimmed.is_empty() {
            out.push_str(&inner);
            continue;
        }
        let lead = &inner[..inner.len() - inner.trim_start().len()];
        let trail = &inner[inner.trim_end().len()..];
        out.push_str(lead);
        out.push_str(marker);
        out.push_str(trimmed);
        out.push_str(marker);
        out.push_str(trail);
    }
    out
}

fn markdown_entry(first: Option<&[Run]>, body: &[Run], incomplete: Option<&str>) -> String {
    let mut s = join_parts(first.map(md_runs), md_runs(body), incomplete.map(md_escape));
    // Keep an entry from starting a heading, list or thematic break.
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(s[digits..].chars().next(), Some('.' | ')')) {
        s.insert(digits, '\\');
    } else if s.starts_with(['#', '-', '+', '=']) {
        s.insert(0, '\\');
    }
    s
}

/// Escapes text for HTML content and attribute values.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Only web links become `href`s (never `javascript:` or `data:`).
fn safe_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

fn html_runs(rs: &[Run]) -> String {
    let mut out = String::new();
    for r in rs {
        let f = r.formatting;
        let mut open = String::new();
        let mut close = Vec::new();
        let mut tag = |o: &str, c: &'static str| {
            open.push_str(o);
            close.push(c);
        };
        if let Some(u) = r.url.as_deref().filter(|u| safe_url(u)) {
            tag(&format!("<a href=\"{}\">", html_escape(u)), "</a>");
        }
        if f.font_style == FontStyle::Italic {
            tag("<em>", "</em>");
        }
        match f.font_weight {
            FontWeight::Bold => tag("<strong>", "</strong>"),
            FontWeight::Light => tag("<span style=\"font-weight:lighter\">", "</span>"),
            FontWeight::Normal => {}
        }
        if f.font_variant == FontVariant::SmallCaps {
            tag("<span style=\"font-variant:small-caps\">", "</span>");
        }
        if f.text_decoration == TextDecoration::Underline {
            tag("<span style=\"text-decoration:underline\">", "</span>");
        }
        match f.vertical_align {
            VerticalAlign::Sup => tag("<sup>", "</sup>"),
            VerticalAlign::Sub => tag("<sub>", "</sub>"),
            VerticalAlign::None | VerticalAlign::Baseline => {}
        }
        out.push_str(&open);
        out.push_str(&html_escape(&r.text));
        for c in close.iter().rev() {
            out.push_str(c);
        }
    }
    out
}

fn html_entry(key: &str, first: Option<&[Run]>, body: &[Run], incomplete: Option<&str>) -> String {
    let class = if incomplete.is_some() { "csl-entry citegraph-incomplete" } else { "csl-entry" };
    let mut s = format!("  <div class=\"{class}\" id=\"ref-{}\">", html_escape(key));
    let first = first.map(html_runs).filter(|f| !f.trim().is_empty());
    if let Some(f) = &first {
        s.push_str(&format!("<div class=\"csl-left-margin\">{}</div><div class=\"csl-right-inline\">", f.trim()));
    }
    s.push_str(html_runs(body).trim());
    if let Some(i) = incomplete {
        s.push_str(&format!(" <span class=\"citegraph-incomplete\">{}</span>", html_escape(i)));
    }
    if first.is_some() {
        s.push_str("</div>");
    }
    s.push_str("</div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_styles_and_aliases() {
        assert_eq!(find_style("apa").ok(), Some(ArchivedStyle::AmericanPsychologicalAssociation));
        assert_eq!(find_style(" APA ").ok(), Some(ArchivedStyle::AmericanPsychologicalAssociation));
        assert_eq!(find_style("harvard").ok(), Some(ArchivedStyle::HarvardCiteThemRight));
        assert_eq!(find_style("vancouver").ok(), Some(ArchivedStyle::ElsevierVancouver));
        let listed = style_names();
        assert_eq!(listed.iter().filter(|s| s.aliases.contains(&"vancouver")).count(), 1);
        assert_eq!(find_style("chicago_author_date").ok(), Some(ArchivedStyle::ChicagoAuthorDate));
        match find_style("chicago-autor-date") {
            Err(StyleError::UnknownStyle { suggestions, .. }) => assert_eq!(suggestions[0], "chicago-author-date"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_alias_resolves() {
        for (a, _) in EXTRA_ALIASES {
            assert!(find_style(a).is_ok(), "{a}");
        }
        for s in style_names() {
            assert!(find_style(s.name).is_ok(), "{}", s.name);
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(md_escape("a*b_c [x] <y> & &amp; \\"), "a\\*b\\_c \\[x\\] \\<y\\> & \\&amp; \\\\");
        assert_eq!(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert!(!safe_url("javascript:alert(1)"));
        assert!(safe_url("https://doi.org/10.1/x"));
    }

    #[test]
    fn punctuation_is_tidied() {
        let run = |t: &str, italic: bool| Run {
            text: t.into(),
            formatting: Formatting {
                font_style: if italic { FontStyle::Italic } else { FontStyle::Normal },
                ..Formatting::default()
            },
            url: None,
        };
        let tidy = |rs: Vec<Run>, french: bool| {
            let mut rs = rs;
            tidy_punctuation(&mut rs, french);
            rs.iter().map(|r| r.text.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            tidy(vec![run("A module?", false), run(". ", false), run("Cell", true)], false),
            ["A module?", " ", "Cell"]
        );
        assert_eq!(tidy(vec![run("“Why not?,” In", false)], false), ["“Why not?” In"]);
        assert_eq!(tidy(vec![run("“Why not!.” J", false)], false), ["“Why not!” J"]);
        assert_eq!(tidy(vec![run("Inc.. Wait... x.", false)], false), ["Inc. Wait... x."]);
        assert_eq!(tidy(vec![run("Biol 157 : 250–61.", false)], false), ["Biol 157: 250–61."]);
        assert_eq!(tidy(vec![run("Biol 157 : 250–61.", false)], true), ["Biol 157 : 250–61."]);
        assert_eq!(tidy(vec![run("Title: sub", false)], false), ["Title: sub"]);
        assert_eq!(
            tidy(vec![run("Microbiol", true), run(",. Next, x...", false)], false),
            ["Microbiol", ". Next, x..."]
        );
        assert_eq!(tidy(vec![run("“Computing.”. http", false)], false), ["“Computing.” http"]);
        assert_eq!(tidy(vec![run("“Wait...”. (2012,). [a,]", false)], false), ["“Wait...”. (2012). [a]"]);
    }

    #[test]
    fn quotes_and_apostrophes_as_citeproc() {
        let q = Quotes { open: '“', close: '”', inner_open: '‘', inner_close: '’' };
        let fix = |t: &str| {
            let mut rs = vec![Run { text: t.into(), formatting: Formatting::default(), url: None }];
            quotes_as_citeproc(&mut rs, &q);
            rs[0].text.clone()
        };
        assert_eq!(fix("O'Carroll, D. Nicotine's role"), "O’Carroll, D. Nicotine’s role");
        assert_eq!(fix("Signals: ‘talking trees’ in plants."), "Signals: “talking trees” in plants.");
        assert_eq!(fix("Signals: 'talking trees' in plants."), "Signals: “talking trees” in plants.");
        assert_eq!(fix("“Signals: ‘Talking Trees’ in Plants.”"), "“Signals: ‘Talking Trees’ in Plants.”");
        assert_eq!(fix("the parents' house, ’90s"), "the parents’ house, ’90s");
        let mut link =
            vec![Run { text: "https://x.org/a'b".into(), formatting: Formatting::default(), url: Some("u".into()) }];
        quotes_as_citeproc(&mut link, &q);
        assert_eq!(link[0].text, "https://x.org/a'b");
    }

    /// The text list of the works `text` (a document with a reference list) cites, in `style`.
    fn rendered(text: &str, style: &str) -> String {
        let doc =
            crate::extract::extract(&crate::Source::new("t.txt", text.into()), &crate::extract::Options::default());
        let mut out = Vec::new();
        write_formatted(&[doc], style, TextFormat::Text, &mut out).expect("render");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn stop_words_after_a_comma_stay_lowercase() {
        let out = rendered(
            "Intro\n\nAs shown (Wexler, 2007).\n\nReferences\n\nWexler HM. 2007. Bacteroides: the good, the bad, and the nitty-gritty; or, the rest. Clin Microbiol Rev 20:593–621.\n",
            "chicago-author-date",
        );
        assert!(out.contains("“Bacteroides: The Good, the Bad, and the Nitty-Gritty; or, the Rest.”"), "{out}");
    }

    #[test]
    fn prepositions_are_capitalised_as_csl_says() {
        let mark = |t: &str| csl_stop_words_only(t).replace(START_MARK, "|");
        assert_eq!(mark("links between (among) them, within-group"), "links bet|ween (amo|ng) them, wit|hin-group");
        assert_eq!(mark("Between BETWEEN betweenness inbetween"), "Bet|ween BETWEEN betweenness inbetween");
        let text = "Intro\n\nAs shown (Price, 1980).\n\nReferences\n\nPrice PW. 1980. Interactions among three trophic levels: influence of plants on interactions between insect herbivores and natural enemies. Annu Rev Ecol Syst 11:41–65.\n";
        for (style, want) in [
            (
                "chicago-author-date",
                "“Interactions Among Three Trophic Levels: Influence of Plants on Interactions Between Insect Herbivores and Natural Enemies.”",
            ),
            (
                "apa",
                "Interactions among three trophic levels: influence of plants on interactions between insect herbivores and natural enemies.",
            ),
        ] {
            let out = rendered(text, style);
            assert!(out.contains(want), "{style}: {out}");
            assert!(!out.contains(START_MARK), "{out:?}");
        }
    }

    #[test]
    fn capital_letters_that_name_things_keep_their_case() {
        let text = "Intro\n\nAs shown (Tie, 2007; Kamiyama, 1995).\n\nReferences\n\nKamiyama T. 1995. Sulfobacins A and B, new antagonists of the N-acylaminosulfonates. J Antibiot 48:929–936.\nTie F. 2007. The N terminus of ESC binds histone H3. Mol Cell Biol 27:2014–2026.\n";
        for (style, want) in [
            (
                "chicago-author-date",
                [
                    "“Sulfobacins A and B, New Antagonists of the N-Acylaminosulfonates.”",
                    "“The N Terminus of ESC Binds Histone H3.”",
                ],
            ),
            (
                "apa",
                [
                    "Sulfobacins A and B, new antagonists of the N-acylaminosulfonates.",
                    "The N terminus of ESC binds histone H3.",
                ],
            ),
        ] {
            let out = rendered(text, style);
            for w in want {
                assert!(out.contains(w), "{style}: {w} in {out}");
            }
        }
    }

    #[test]
    fn et_al_marks_become_the_term() {
        let m = ET_AL_MARK;
        let and = ["&".to_string(), "and".to_string()];
        let mark = |t: &str| {
            let mut rs = vec![Run { text: t.into(), formatting: Formatting::default(), url: None }];
            et_al_marks(&mut rs, &and, "et al.");
            rs[0].text.clone()
        };
        assert_eq!(mark(&format!("Ford, F., & {m}. (2010)")), "Ford, F., et al.. (2010)");
        assert_eq!(mark(&format!("Ford, and {m}. 2010")), "Ford, et al.. 2010");
        assert_eq!(mark(&format!("Hill and {m} (2010)")), "Hill et al. (2010)");
        assert_eq!(mark(&format!("Hill, {m}")), "Hill, et al.");
        assert_eq!(mark("Ford and Anderson"), "Ford and Anderson");
    }

    #[test]
    fn kept_words_keep_their_case_and_spaces() {
        let text = |f: FormatString| f.value.0.iter().map(|c| c.value.clone()).collect::<String>();
        let kinds = |f: &FormatString| f.value.0.iter().map(|c| c.kind).collect::<Vec<_>>();
        let t = cased("SUZ12 is required for EZH2", false);
        assert_eq!(text(t.clone()), format!("{START_MARK}SUZ12 is required for EZH2"));
        use hayagriva::types::ChunkKind::{Normal, Verbatim};
        assert_eq!(kinds(&t), [Normal, Verbatim, Normal, Verbatim]);
        assert_eq!(kinds(&cased("Cats and dogs", false)), [Normal]);
        let c = cased("Proc Natl Acad Sci U S A", true);
        assert_eq!(text(c.clone()), "Proc Natl Acad Sci U S A");
        assert_eq!(c.value.0.iter().filter(|c| c.kind == Verbatim).count(), 3);
    }

    #[test]
    fn markdown_entries_do_not_start_blocks() {
        let run = |t: &str| vec![Run { text: t.into(), formatting: Formatting::default(), url: None }];
        assert_eq!(markdown_entry(None, &run("1. Hill"), None), "1\\. Hill");
        assert_eq!(markdown_entry(None, &run("# x"), None), "\\# x");
    }
}
