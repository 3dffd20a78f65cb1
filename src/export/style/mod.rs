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
//!
//! The parts, each for one job:
//!
//! - `catalogue`: the bundled styles by name and alias, `--style help`;
//! - `load`: styles and locales made ready to render (files, codes, terms);
//! - `entry`: each cited work as the hayagriva entry the processor renders;
//! - `casing`: titles prepared so the style's casing keeps acronyms and follows CSL;
//! - `order`: the order works are handed over in and listed in (citation order, letters);
//! - `tidy`: the rendered tree as runs of text, cleaned to read as citeproc prints it;
//! - `output`: runs written as plain text, Markdown or HTML, escaped for each.

mod casing;
mod catalogue;
mod entry;
mod load;
mod order;
mod output;
mod tidy;

pub use catalogue::{StyleName, find_style, style_help, style_names};
pub use load::{CslStyle, check_locale, load_style};

use super::{Work, cited_works};
use crate::model::Document;
use catalogue::{COMMON, primary_names};
use entry::{clean, entry_of};
use hayagriva::citationberg::taxonomy::OtherTerm;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry};
use load::{resolve_locale, term};
use order::{first_author_year, in_citation_order, in_letter_order, lettered, without_year_letters};
use output::{html_entry, incomplete_note, markdown_entry, text_entry};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use tidy::{Quotes, et_al_marks, quotes_as_citeproc, runs, tidy_punctuation, urls_as_written};

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
