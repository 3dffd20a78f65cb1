//! Layout: lines → blocks → pages, headings, footnote bodies, page numbers, the reference
//! section, and logical paragraphs of running text.
//!
//! OCR and PDF text carry the page structure in blank lines and form feeds: a paragraph
//! may stop at the bottom of a page, give way to footnote bodies, and continue on the next
//! page. Layout recovers that structure so later stages see whole paragraphs of running
//! text, while footnote bodies and the reference list are kept apart.
//!
//! A reference list ends at a heading that names what follows a bibliography, or where
//! running prose resumes: documents put appendices, acknowledgements, legends or (in
//! concatenated files) the next article after their lists, often without a heading the
//! layout can see. Left in, such prose would make one giant "entry" of thousands of bytes.

use crate::model::Section;
use crate::source::{Source, Span};
use regex::Regex;
use std::sync::LazyLock;

mod blocks;
mod headings;
mod notes;
mod paragraphs;
mod references;
#[cfg(test)]
mod tests;

pub(crate) use blocks::*;
pub(crate) use headings::*;
pub(crate) use notes::*;
pub(crate) use paragraphs::*;
pub(crate) use references::*;

/// What a block of lines is.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// Running text.
    Body,
    /// A heading; the index into [`Layout::sections`].
    Heading(usize),
    /// A footnote body at the bottom of a page; index into [`Layout::footnotes`].
    Footnote(usize),
    /// A page number or running header.
    PageFurniture,
    /// Part of the reference list.
    Reference,
}

/// A run of non-blank lines.
#[derive(Debug, Clone)]
pub struct Block {
    /// Content spans of its lines (no terminators).
    pub lines: Vec<Span>,
    /// Page number, from 0.
    pub page: usize,
    /// What it is.
    pub kind: BlockKind,
}

/// A footnote body found at the bottom of a page.
#[derive(Debug, Clone)]
pub struct FootnoteBlock {
    /// Page it stands on.
    pub page: usize,
    /// The marker as written (`1`, `'2`, `®`).
    pub marker: String,
    /// Span of the marker.
    pub marker_span: Span,
    /// Its lines; the first includes the marker.
    pub lines: Vec<Span>,
    /// Offset where the body text after the marker starts.
    pub text_start: usize,
    /// An endnote: one of the numbered notes under a `Notes` heading, whose marker may stand
    /// on any page before it.
    pub endnote: bool,
}

/// A paragraph of running text, possibly continued across page breaks.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Content spans of its lines, in order.
    pub lines: Vec<Span>,
    /// Index into [`Layout::sections`] of the section it stands in.
    pub section: Option<usize>,
}

/// The recovered structure of a document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Byte span of each page.
    pub pages: Vec<Span>,
    /// Headings.
    pub sections: Vec<Section>,
    /// Footnote bodies in document order.
    pub footnotes: Vec<FootnoteBlock>,
    /// Logical paragraphs of running text.
    pub paragraphs: Vec<Paragraph>,
    /// Reference lists (after their headings), in order; theses have one per chapter.
    pub reference_regions: Vec<Span>,
}

static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{1,2}(?:\.\d{1,2}){0,3})\.?|([A-H])\.|([IVX]{1,4})\.)\s+(\S.*)$").expect("valid regex")
});
static CHAPTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:chapter|part|appendix|annex)\s+(?:\d{1,2}|[IVXLC]{1,6}|[A-Z])\b\s*[.:–—-]?\s*\S?.{0,80}$")
        .expect("valid regex")
});
static YEAR_IN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::lexicon::with_years(r"\({YEAR}[a-z]?\)|\b{YEAR}[a-z]?\.")).expect("valid regex")
});
static MARKDOWN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(\S.*?)\s*#*$").expect("valid regex"));
static FOOTNOTE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(\[\d{1,3}\]|\^\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|\d{1,3}|["'’‘“”?*°®>¥†‡§#]{1,3}\d{0,2})\s+(\S)"#)
        .expect("valid regex")
});
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s+of\s+\d{1,4})?$").expect("valid regex")
});
static REFERENCE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:references?(?:\s+and\s+notes)?|bibliography|works\s+cited|literature(?:\s+cited)?|cited\s+literature|sources|literatur(?:verzeichnis)?|reference\s+list|références|bibliografía|referencias)\s*:?$")
        .expect("valid regex")
});
static NOTES_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:notes|endnotes|end\s+notes|footnotes)\s*:?$").expect("valid regex"));
static AFTER_REFERENCES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:appendi(?:x|ces)|supplementary|supporting information|acknowledge?ments?|figures?|tables?|author contributions|funding|notes|endnotes)\b")
        .expect("valid regex")
});

/// Words that make a one-line block a sentence fragment rather than a title.
const NOT_TITLES: &[&str] =
    &["and", "but", "or", "so", "then", "thus", "however", "also", "yet", "nor", "for", "where", "whereas", "while"];

/// Recovers the layout of `src`.
#[cfg(any(test, feature = "internals"))]
pub fn analyze(src: &Source) -> Layout {
    analyze_with(src, false)
}

/// Recovers the layout of `src`; `native_paragraphs` says a blank line is always a paragraph
/// break, as in text converted from Markdown, LaTeX or Word, so the text is never read as
/// double-spaced (a converted file with one short paragraph per line would otherwise look
/// like a typescript and have its paragraphs joined).
pub fn analyze_with(src: &Source, native_paragraphs: bool) -> Layout {
    let raw = raw_blocks(src, native_paragraphs);
    let mut layout = Layout::default();
    // Pages.
    let blank_breaks = raw.iter().filter(|b| b.break_before == Break::BlankRun).count();
    // Runs of blank lines are page breaks when they are rarer than plain gaps, or when what
    // they separate is page-long (text with no blank line between paragraphs).
    let lines: usize = raw.iter().map(|b| b.lines.len()).sum();
    let trust_blank_runs = blank_breaks > 0 && (blank_breaks * 3 <= raw.len() || lines >= 25 * (blank_breaks + 1));
    let mut page = 0usize;
    let mut page_start = 0usize;
    for (i, rb) in raw.iter().enumerate() {
        let is_break =
            i > 0 && (rb.break_before == Break::FormFeed || (trust_blank_runs && rb.break_before == Break::BlankRun));
        if is_break {
            let start = rb.lines[0].start;
            layout.pages.push(Span::new(page_start, start));
            page_start = start;
            page += 1;
        }
        layout.blocks.push(Block { lines: rb.lines.clone(), page, kind: BlockKind::Body });
    }
    layout.pages.push(Span::new(page_start, src.text.len()));
    let multi_page = layout.pages.len() > 1;

    mark_furniture(src, &mut layout);
    split_glued_notes(src, &mut layout, multi_page);
    split_numbered_runs(src, &mut layout);
    mark_footnotes(src, &mut layout, multi_page);
    split_headings(src, &mut layout);
    mark_endnotes(src, &mut layout);
    mark_references(src, &mut layout);
    build_paragraphs(src, &mut layout);
    layout
}
