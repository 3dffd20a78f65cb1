//! Input formats: Word, Markdown, LaTeX and PDF documents turned into a [`Source`] the
//! text pipeline reads, plus what the format states natively.
//!
//! Why this shape: the pipeline ([`crate::extract::extract`]) works on plain text with
//! byte spans into it, and its layout stage already understands pages, footnotes at page
//! bottoms, `#` headings and reference lists. So each reader produces *text* — and, where
//! the format knows better than any heuristic, a list of native facts:
//!
//! * footnotes with exact anchors (Word `footnotes.xml`, Markdown `[^1]`, LaTeX `\footnote`),
//! * headings (Word paragraph styles, Markdown headings, LaTeX `\section`),
//! * key-based citations (pandoc `[@key]`, LaTeX `\cite{key}`), which name a `.bib` entry
//!   instead of an author and year.
//!
//! [`extract_file`] hands the text and the native facts to the pipeline together
//! ([`crate::extract::extract_with`], [`crate::native`]): native footnotes and sections are
//! used instead of detected ones, key citations become ordinary
//! [`crate::model::Citation`]s (authors and year from the `.bib` entry, `reference` set,
//! `resolution: "key"`), and claims are linked and scored once, with the sections, exactly
//! as for plain text. The exact meaning of spans and lines per format is documented in
//! `docs/input.md`.

mod builder;
mod docx;
mod latex;
mod markdown;
mod pandoc;
mod pdf;
#[cfg(test)]
mod seed_tests;
pub(crate) mod walk;

pub(crate) use docx::entity_char;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, ErrorKind, Result};
use crate::extract::{Options, extract_with};
use crate::model::{Document, Section};
use crate::native::NativeFacts;
use crate::source::Source;
use std::path::{Path, PathBuf};

/// A document format citegraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (also OCR output and `pdftotext` output saved as `.txt`).
    Text,
    /// Markdown, CommonMark with pandoc citations and `[^1]` footnotes.
    Markdown,
    /// LaTeX source.
    Latex,
    /// Word 2007+ (`.docx`).
    Docx,
    /// PDF, through poppler's `pdftotext`.
    Pdf,
}

impl Format {
    /// Every format, in the order shown in help texts.
    pub const ALL: [Format; 5] = [Format::Text, Format::Markdown, Format::Latex, Format::Docx, Format::Pdf];

    /// The format named by a file extension (case-insensitive), if citegraph reads it.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "tex" | "latex" | "ltx" => Some(Format::Latex),
            "docx" | "docm" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format named on the command line (`text`, `markdown`/`md`, `latex`/`tex`, `docx`, `pdf`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "latex" | "tex" => Some(Format::Latex),
            "docx" | "word" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format of `path` by its extension; files without a known extension (and `-`) are text.
    pub fn detect(path: &str) -> Format {
        Path::new(path).extension().and_then(|e| e.to_str()).and_then(Format::from_extension).unwrap_or(Format::Text)
    }

    /// Lower-case name, as accepted by [`Format::from_name`].
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Latex => "latex",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

pub use crate::native::{KeyCitation, NativeNote};

/// A document converted to text, with what the format states natively.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The text the pipeline reads; spans everywhere refer to it.
    pub source: Source,
    /// The format it came from.
    pub format: Format,
    /// Native footnotes/endnotes; `None` when the format has none (plain text, PDF) and the
    /// layout stage must find them.
    pub notes: Option<Vec<NativeNote>>,
    /// Native headings; `None` when the layout stage must find them.
    pub sections: Option<Vec<Section>>,
    /// Key-based citations.
    pub key_citations: Vec<KeyCitation>,
    /// References the document carries itself (Zotero/Mendeley field data); key citations may name them.
    pub references: Vec<crate::model::Reference>,
    /// Bibliography files the document names (`bibliography:` front matter, `\bibliography{}`).
    pub bib_files: Vec<PathBuf>,
    /// Problems met while reading.
    pub diagnostics: Vec<Diagnostic>,
}

impl Converted {
    /// A plain-text conversion with nothing native.
    pub fn plain(source: Source, format: Format, diagnostics: Vec<Diagnostic>) -> Self {
        Converted {
            source,
            format,
            notes: None,
            sections: None,
            key_citations: Vec::new(),
            references: Vec::new(),
            bib_files: Vec::new(),
            diagnostics,
        }
    }
}

/// Reads `path` as `format` (by extension when `None`) and converts it to text, with the
/// reading options of `options` (see [`Options::includes_outside`]).
///
/// `-` reads standard input (as text or Markdown; other formats need a file).
pub fn convert_with(path: &str, format: Option<Format>, options: &Options) -> Result<Converted> {
    let format = format.unwrap_or_else(|| Format::detect(path));
    if !matches!(format, Format::Text | Format::Markdown) {
        crate::load::require_regular(path)?;
    }
    check_size(path, options.input_limit())?;
    match format {
        Format::Text => {
            let (src, diags) = crate::load::load_path(path)?;
            Ok(Converted::plain(src, Format::Text, diags))
        }
        Format::Markdown => {
            let (src, diags) = crate::load::load_path(path)?;
            Ok(markdown::convert(src, diags, base_dir(path)))
        }
        Format::Latex => latex::convert(path, options.includes_outside),
        Format::Docx => {
            let bytes = read_bytes(path)?;
            docx::convert(path, &bytes, options.input_limit())
        }
        Format::Pdf => pdf::convert(path),
    }
}

/// Converts bytes already in memory (used by tests and fuzzing); LaTeX `\input` and PDF
/// are not supported this way.
pub fn convert_bytes(path: &str, format: Format, bytes: Vec<u8>) -> Result<Converted> {
    match format {
        Format::Text => {
            let (src, diags) = crate::load::decode(path, bytes)?;
            Ok(Converted::plain(src, Format::Text, diags))
        }
        Format::Markdown => {
            let (src, diags) = crate::load::decode(path, bytes)?;
            Ok(markdown::convert(src, diags, base_dir(path)))
        }
        Format::Latex => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Ok(latex::convert_str(path, &text))
        }
        Format::Docx => docx::convert(path, &bytes, Options::default().input_limit()),
        Format::Pdf => Err(Error::new(
            ErrorKind::UnsupportedFormat,
            Some(path),
            "PDF is converted from a file on disk through pdftotext",
        )),
    }
}

/// Reads, converts and extracts one file: the text pipeline, then the native facts merged in.
///
/// Bibliographies the document names are loaded (relative to its folder) and used beside
/// `options.bib`; a named bibliography that cannot be read is a warning, not an error.
pub fn extract_file(path: &str, format: Option<Format>, options: &Options) -> Result<Document> {
    let conv = convert_with(path, format, options)?;
    Ok(extract_converted(conv, options))
}

/// Like [`extract_file`], also returning the text the spans refer to (what `audit` needs).
pub fn extract_with_source(path: &str, format: Option<Format>, options: &Options) -> Result<(Source, Document)> {
    let conv = convert_with(path, format, options)?;
    let source = conv.source.clone();
    Ok((source, extract_converted(conv, options)))
}

/// Like [`extract_with_source`], for a document already in memory: `path` only labels it
/// (and is the folder a Markdown document's bibliography is found relative to). LaTeX
/// `\input` is not followed, and PDF needs a file on disk (an error here).
pub fn extract_bytes(path: &str, format: Format, bytes: Vec<u8>, options: &Options) -> Result<(Source, Document)> {
    let conv = convert_bytes(path, format, bytes)?;
    let source = conv.source.clone();
    Ok((source, extract_converted(conv, options)))
}

/// Runs the pipeline on a [`Converted`] document, its native facts included.
pub fn extract_converted(mut conv: Converted, options: &Options) -> Document {
    let mut diagnostics = std::mem::take(&mut conv.diagnostics);
    let mut own;
    let options = if conv.bib_files.is_empty() {
        options
    } else {
        own = options.clone();
        for f in &conv.bib_files {
            let (refs, diags) = crate::reference::bib::load_bib_file(f);
            own.bib.extend(refs);
            diagnostics.extend(diags.into_iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).map(
                |mut d| {
                    d.severity = crate::diagnostic::Severity::Warning;
                    d
                },
            ));
        }
        &own
    };
    // Hyphens at line ends of a PDF we converted are the typesetter's.
    let typeset;
    let options = if conv.format == Format::Pdf && !options.typeset_hyphenation {
        typeset = Options { typeset_hyphenation: true, ..options.clone() };
        &typeset
    } else {
        options
    };
    if conv.source.text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::warning(Code::EmptyInput, "the document holds no text")
                .with_suggestion("check that the right file was given; a scanned PDF needs OCR first"),
        );
    }
    let native = NativeFacts {
        sections: conv.sections.take(),
        notes: conv.notes.take(),
        key_citations: std::mem::take(&mut conv.key_citations),
        references: std::mem::take(&mut conv.references),
        native_paragraphs: matches!(conv.format, Format::Markdown | Format::Latex | Format::Docx),
    };
    let mut doc = extract_with(&conv.source, options, &native);
    for d in &mut diagnostics {
        d.locate(&conv.source);
    }
    doc.diagnostics.splice(0..0, diagnostics);
    doc
}

/// Refuses a file larger than `limit` bytes before reading it (standard input is not checked).
fn check_size(path: &str, limit: u64) -> Result<()> {
    if path == "-" {
        return Ok(());
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() > limit => Err(Error::new(
            ErrorKind::TooLarge,
            Some(path),
            format!(
                "the file is {} MiB, above the limit of {} MiB for one document; raise it with \
                 CITEGRAPH_MAX_INPUT_MB=<MiB> (memory needed is about 10-30 times the file size)",
                m.len().div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
        )),
        _ => Ok(()),
    }
}

fn base_dir(path: &str) -> PathBuf {
    if path == "-" {
        return PathBuf::from(".");
    }
    Path::new(path).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn read_bytes(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        return Err(Error::new(
            ErrorKind::NeedsFile,
            Some(path),
            "this format must be read from a file, not standard input",
        ));
    }
    crate::load::read_file(Path::new(path))
}

/// An [`Error`] of kind `UnsupportedFormat` for a file whose content does not match its format.
fn corrupt(path: &str, what: &str, detail: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::UnsupportedFormat, Some(path), format!("not a readable {what} file: {detail}"))
}
