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

impl Layout {
    /// The page holding byte `offset`.
    pub fn page_of(&self, offset: usize) -> usize {
        self.pages.partition_point(|p| p.end <= offset).min(self.pages.len().saturating_sub(1))
    }
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Break {
    None,
    Blank,
    BlankRun,
    FormFeed,
}

struct RawBlock {
    lines: Vec<Span>,
    break_before: Break,
}

/// Running headers and footers: a line next to a blank line whose letters (digits and
/// punctuation ignored, so page numbers don't matter) recur at least three times in such
/// places. Returns a flag per line (index = line - 1).
fn running_lines(src: &Source) -> Vec<bool> {
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    let n = src.line_count();
    // Blank and form-feed lines, worked out once: the edge tests below look at each line
    // several times.
    let is_blank: Vec<bool> = (0..=n).map(|l| l == 0 || src.slice(src.line_span(l)).trim().is_empty()).collect();
    let is_feed: Vec<bool> = (0..=n).map(|l| l >= 1 && src.slice(src.line_span(l)).contains('\x0c')).collect();
    let blank = |l: usize| is_blank.get(l).copied().unwrap_or(true);
    let feed = |l: usize| is_feed.get(l).copied().unwrap_or(false);
    // A page edge is the start or end of the file, a form feed, or a run of two or more blank lines.
    let edge_above = |l: usize| l <= 1 || feed(l) || feed(l - 1) || (blank(l - 1) && l >= 2 && blank(l - 2));
    let edge_below = |l: usize| l >= n || feed(l + 1) || (blank(l + 1) && blank(l + 2));
    let mut keys: HashMap<u64, u32> = HashMap::new();
    let mut line_keys: Vec<(usize, u64)> = Vec::new();
    for l in 1..=n {
        // Headers sit at most two lines from the top of a page, footers at most two from the bottom.
        let near_edge = edge_above(l)
            || (l >= 2 && !blank(l - 1) && edge_above(l - 1))
            || edge_below(l)
            || (l < n && !blank(l + 1) && edge_below(l + 1));
        if blank(l) || !near_edge {
            continue;
        }
        let text = src.slice(src.line_span(l));
        // A bare `References` heading is kept even when running heads repeat its word.
        if text.len() > 150 || REFERENCE_HEADING.is_match(bare_title(text.trim())) {
            continue;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut letters = 0;
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            c.to_lowercase().for_each(|x| x.hash(&mut h));
            letters += 1;
        }
        if letters < 12 {
            continue;
        }
        let k = h.finish();
        *keys.entry(k).or_default() += 1;
        line_keys.push((l, k));
    }
    let mut flags = vec![false; n];
    for (l, k) in line_keys {
        if keys.get(&k).is_some_and(|&c| c >= 3) {
            flags[l - 1] = true;
        }
    }
    flags
}

/// The measure (typical full line length, in characters) of double-spaced text: a blank line
/// after nearly every wrapped line, as text extraction leaves typescripts, theses and
/// manuscripts. `None` when the text is not double-spaced. Two conditions: gaps of one blank
/// line outnumber adjacent lines at least three to one, and the lines are wrapped (half of
/// them 100 bytes or shorter): a text with a paragraph per line and blank lines between
/// paragraphs (as converters write) is not double-spaced.
fn double_spacing_measure(src: &Source) -> Option<usize> {
    let (mut adjacent, mut one_blank, mut short) = (0usize, 0usize, 0usize);
    let mut lengths: Vec<usize> = Vec::new();
    let mut blanks: Option<usize> = None;
    for l in 1..=src.line_count() {
        let mut line = src.slice(src.line_span(l));
        if let Some(ff) = line.rfind('\x0c') {
            blanks = None;
            line = &line[ff + 1..];
        }
        if line.trim().is_empty() {
            blanks = blanks.map(|b| b + 1);
            continue;
        }
        short += usize::from(line.len() <= 100);
        lengths.push(line.trim_end().chars().count());
        match blanks {
            Some(0) => adjacent += 1,
            Some(1) => one_blank += 1,
            _ => {}
        }
        blanks = Some(0);
    }
    if one_blank < 12 || one_blank < 3 * adjacent || short * 2 < lengths.len() {
        return None;
    }
    // Most lines of running text run to the right margin: the 80th percentile is the measure.
    lengths.sort_unstable();
    lengths.get(lengths.len() * 4 / 5).copied()
}

/// In double-spaced text, whether the single blank line between `prev` and `next` also ends
/// a block: a line that stops short of the measure ends a paragraph (after a sentence) or is
/// a title (with no closing punctuation), and an indented line after a sentence starts a
/// paragraph. Everything else is line spacing inside a paragraph.
fn spaced_lines_part(prev: &str, next: &str, measure: usize) -> bool {
    let p = prev.trim_end();
    let indent = |s: &str| s.len() - s.trim_start().len();
    let short = p.chars().count() * 10 < measure * 7;
    if ends_sentence(p) {
        short || indent(next) > indent(prev) + 1
    } else {
        short && !p.ends_with(['-', ',', ';', '(', '&'])
    }
}

fn raw_blocks(src: &Source, native_paragraphs: bool) -> Vec<RawBlock> {
    let running = running_lines(src);
    // In double-spaced text every gap has one blank line more than it means.
    let measure = if native_paragraphs { None } else { double_spacing_measure(src) };
    let spacing = usize::from(measure.is_some());
    let mut blocks = Vec::new();
    let mut cur: Vec<Span> = Vec::new();
    let mut blanks = 0usize;
    let mut form_feed = false;
    let mut pending_break = Break::None;
    for l in 1..=src.line_count() {
        let mut sp = src.line_span(l);
        let text = src.slice(sp);
        if let Some(ff) = text.rfind('\x0c') {
            form_feed = true;
            sp.start += ff + 1;
        }
        // A running header or footer marks a page edge; drop the line itself.
        if running[l - 1] {
            if !cur.is_empty() {
                blocks.push(RawBlock { lines: std::mem::take(&mut cur), break_before: pending_break });
            }
            form_feed = true;
            blanks = 0;
            continue;
        }
        let content = src.slice(sp);
        if content.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
            blanks += 1;
            continue;
        }
        let parts = |cur: &[Span]| {
            measure.is_some_and(|m| cur.last().is_some_and(|&last| spaced_lines_part(src.slice(last), content, m)))
        };
        if !cur.is_empty() && (blanks > spacing || (blanks == spacing && spacing > 0 && parts(&cur))) {
            blocks.push(RawBlock { lines: std::mem::take(&mut cur), break_before: pending_break });
            // The part counts as a one-blank gap.
            blanks = blanks.max(spacing + 1);
        }
        if cur.is_empty() {
            let gap = blanks.saturating_sub(spacing);
            pending_break = if form_feed {
                Break::FormFeed
            } else if gap >= 2 {
                Break::BlankRun
            } else if gap == 1 {
                Break::Blank
            } else {
                Break::None
            };
            form_feed = false;
        } else if form_feed {
            // A form feed inside a block: close the block there.
            blocks.push(RawBlock { lines: std::mem::take(&mut cur), break_before: pending_break });
            pending_break = Break::FormFeed;
            form_feed = false;
        }
        blanks = 0;
        cur.push(sp);
    }
    if !cur.is_empty() {
        blocks.push(RawBlock { lines: cur, break_before: pending_break });
    }
    blocks
}

fn trimmed(src: &Source, sp: Span) -> &str {
    src.slice(sp).trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn mark_furniture(src: &Source, layout: &mut Layout) {
    for b in &mut layout.blocks {
        if b.lines.len() == 1 && PAGE_FURNITURE.is_match(trimmed(src, b.lines[0])) {
            b.kind = BlockKind::PageFurniture;
        }
    }
}

/// The number of a clean footnote marker opening `line` (`¹`, `12`, `[3]`, `^4`), if any.
fn clean_marker_number(line: &str) -> Option<u32> {
    let t = line.trim_start();
    if !t.chars().next().is_some_and(could_open_marker) {
        return None;
    }
    let c = FOOTNOTE_START.captures(t)?;
    marker_number(c.get(1)?.as_str())
}

/// Whether `c` may open a note marker ([`FOOTNOTE_START`]): a cheap test that spares the
/// pattern the lines that open with a letter.
fn could_open_marker(c: char) -> bool {
    c.is_ascii_digit() || "[^¹²³⁴⁵⁶⁷⁸⁹⁰\"'’‘“”?*°®>¥†‡§#".contains(c)
}

/// The number a clean marker carries: `¹²` → 12, `[3]` → 3, `^4` → 4, `7` → 7.
pub(crate) fn marker_number(m: &str) -> Option<u32> {
    let sup: String = m
        .chars()
        .filter_map(|ch| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|s| s == ch))
        .map(|d| char::from(b'0' + d as u8))
        .collect();
    if !sup.is_empty() {
        return sup.parse().ok();
    }
    m.trim_matches(|ch| ch == '[' || ch == ']' || ch == '^').parse().ok()
}

/// Notes glued to the running text above them, with no blank line between (text extraction
/// often drops it): in the last block of a page, a line that opens with the next clean note
/// number (one more than the last block that opened with one) starts the page's notes. Only
/// clean numbers are trusted here; the sequence is what tells a note from a line of text that
/// happens to start with a number.
fn split_glued_notes(src: &Source, layout: &mut Layout, multi_page: bool) {
    let old = std::mem::take(&mut layout.blocks);
    // Whether only page furniture follows each block on its page, worked out backwards once.
    let mut last_on_page = vec![false; old.len()];
    let mut furniture_only = true;
    for i in (0..old.len()).rev() {
        if i + 1 == old.len() || old[i + 1].page != old[i].page {
            furniture_only = true;
        }
        last_on_page[i] = furniture_only;
        furniture_only &= old[i].kind == BlockKind::PageFurniture;
    }
    let mut expect = 1u32;
    for (i, b) in old.into_iter().enumerate() {
        // Past the notes of a run (`3 ...` / `4 ...`): the number after its last one.
        let past_run = |from: usize, mut expect: u32| {
            for &l in &b.lines[from..] {
                if clean_marker_number(src.slice(l)) == Some(expect) {
                    expect = expect.saturating_add(1);
                }
            }
            expect
        };
        if let Some(n) = b.lines.first().and_then(|&l| clean_marker_number(src.slice(l))) {
            expect = past_run(1, n.saturating_add(1));
            layout.blocks.push(b);
            continue;
        }
        let last_on_page = last_on_page[i];
        let split = (b.kind == BlockKind::Body && last_on_page)
            .then(|| {
                (1..b.lines.len()).find(|&k| {
                    let line = src.slice(b.lines[k]);
                    let before = src.slice(b.lines[k - 1]).trim_end();
                    let after_marker = FOOTNOTE_START
                        .captures(line.trim_start())
                        .and_then(|c| c.get(2))
                        .filter(|m| m.as_str().chars().all(char::is_alphabetic))
                        .map(|m| line.trim_start()[m.start()..].trim_end());
                    // Not a row of a numbered table or list: no columns, no number on the line above.
                    clean_marker_number(line) == Some(expect)
                        && after_marker.is_some_and(|t| !t.contains("   "))
                        && clean_marker_number(before).is_none()
                        && !before.ends_with(['-', '‐'])
                })
            })
            .flatten();
        if let Some(k) = split {
            expect = past_run(k + 1, expect.saturating_add(1));
            layout.blocks.push(Block { lines: b.lines[..k].to_vec(), page: b.page, kind: b.kind.clone() });
            layout.blocks.push(Block { lines: b.lines[k..].to_vec(), page: b.page, kind: b.kind.clone() });
            continue;
        }
        // OCR-damaged markers (`? For example`, `' See`) carry no number to check, but a
        // symbol, a space and a capital opening a line is no way to continue a sentence. Every
        // such line from the first to the page end opens a note of its own.
        let ocr_start = |k: usize| multi_page && ocr_note_start(src.slice(b.lines[k]), src.slice(b.lines[k - 1]));
        match (b.kind == BlockKind::Body && last_on_page).then(|| (1..b.lines.len()).find(|&k| ocr_start(k))).flatten()
        {
            Some(first) => {
                let mut from = 0;
                for k in (first..b.lines.len()).filter(|&k| k == first || ocr_start(k)) {
                    layout.blocks.push(Block { lines: b.lines[from..k].to_vec(), page: b.page, kind: b.kind.clone() });
                    from = k;
                }
                layout.blocks.push(Block { lines: b.lines[from..].to_vec(), page: b.page, kind: b.kind.clone() });
            }
            None => layout.blocks.push(b),
        }
    }
}

/// A line that opens a note with an OCR-damaged marker: a symbol marker (not a number), a
/// space, then a capital, a digit or a quotation mark; not a column of a table, not a bullet
/// (the next item of a list marked the same way, or a marker set off by a wide gap), and not
/// the end of a word hyphenated on `before`.
fn ocr_note_start(line: &str, before: &str) -> bool {
    let t = line.trim_start();
    if !t.chars().next().is_some_and(could_open_marker) {
        return false;
    }
    let Some(c) = FOOTNOTE_START.captures(t) else { return false };
    let (Some(marker), Some(next)) = (c.get(1), c.get(2)) else { return false };
    let m = marker.as_str();
    let symbol = m.chars().next().is_some_and(|ch| !(ch.is_ascii_digit() || "[^⁰¹²³⁴⁵⁶⁷⁸⁹".contains(ch)));
    let first = next.as_str().chars().next().unwrap_or(' ');
    let opens = first.is_uppercase() || first.is_ascii_digit() || "“\"(".contains(first);
    // A bullet is set off by a wide gap (`"    US 6,152,987`); a marker is followed by a space.
    let list = before.trim_start().starts_with(m) || next.start() - marker.end() > 2;
    symbol && opens && !list && !t[next.start()..].contains("   ") && !before.trim_end().ends_with(['-', '‐'])
}

/// Notes set without blank lines between them (`¹ First.` / `² Second.`) form one block:
/// split it wherever a line opens with the next number of the same sequence.
fn split_numbered_runs(src: &Source, layout: &mut Layout) {
    let old = std::mem::take(&mut layout.blocks);
    for b in old {
        let Some(mut expect) = b.lines.first().and_then(|&l| clean_marker_number(src.slice(l))) else {
            layout.blocks.push(b);
            continue;
        };
        let mut cur = Vec::new();
        for &l in &b.lines {
            if !cur.is_empty() && clean_marker_number(src.slice(l)) == Some(expect + 1) {
                layout.blocks.push(Block { lines: std::mem::take(&mut cur), page: b.page, kind: b.kind.clone() });
                expect += 1;
            }
            cur.push(l);
        }
        layout.blocks.push(Block { lines: cur, page: b.page, kind: b.kind });
    }
}

/// Footnote bodies are the blocks at the bottom of a page that open with a marker.
fn mark_footnotes(src: &Source, layout: &mut Layout, multi_page: bool) {
    let n_pages = layout.pages.len();
    let mut found: Vec<(usize, String, Span, usize)> = Vec::new();
    // Body blocks of each page, gathered in one pass (blocks are in page order).
    let mut by_page: Vec<Vec<usize>> = vec![Vec::new(); n_pages];
    for (i, b) in layout.blocks.iter().enumerate() {
        if b.kind == BlockKind::Body && b.page < n_pages {
            by_page[b.page].push(i);
        }
    }
    // Block `i` as a note: its marker, the marker's span and where the text starts. Symbol
    // markers (`?`, `*`, `'`) need `symbols` (evidence of a page bottom) to count.
    let note_at = |i: usize, symbols: bool| -> Option<(String, Span, usize)> {
        let first = layout.blocks[i].lines[0];
        let line = src.slice(first);
        let lead = line.len() - line.trim_start().len();
        let t = &line[lead..];
        let c = FOOTNOTE_START.captures(t)?;
        let (m, next) = (c.get(1)?, c.get(2)?);
        let marker = m.as_str();
        let digits_only = marker.chars().all(|ch| ch.is_ascii_digit() || "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(ch));
        let next_char = next.as_str().chars().next().unwrap_or(' ');
        let words = layout.blocks[i].lines.iter().map(|&l| src.slice(l).split_whitespace().count()).sum::<usize>();
        let plausible = if digits_only || marker.starts_with('[') || marker.starts_with('^') {
            next_char.is_alphabetic() && words >= 3
        } else {
            symbols && (next_char.is_uppercase() || next_char.is_ascii_digit() || "“\"(".contains(next_char))
        };
        let lines = || layout.blocks[i].lines.iter().map(|&l| src.slice(l));
        if !plausible || tabular(lines(), lead + next.start()) || !reads_as_prose(lines(), lead + next.start()) {
            return None;
        }
        let start = first.start + lead;
        Some((marker.to_string(), Span::new(start, start + m.len()), start + next.start()))
    };
    for idx in by_page {
        let mut page_found = Vec::new();
        for &i in idx.iter().rev() {
            // A page needs running text above its footnotes.
            let Some((marker, span, text_start)) = note_at(i, multi_page).filter(|_| i != idx[0]) else { break };
            page_found.push((i, marker, span, text_start));
        }
        page_found.reverse();
        found.extend(page_found);
    }
    if !multi_page {
        // With no page breaks to go on, a page bottom still shows where its notes interrupt
        // a sentence: text that does not end one, then marker-led blocks, then more text.
        let taken: std::collections::HashSet<usize> = found.iter().map(|f| f.0).collect();
        let blocks = &layout.blocks;
        let mut i = 1;
        while i < blocks.len() {
            let before = &blocks[i - 1];
            if before.kind != BlockKind::Body || taken.contains(&(i - 1)) || block_ends_paragraph(src, before) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut run = Vec::new();
            while j < blocks.len() && blocks[j].kind == BlockKind::Body && !taken.contains(&j) {
                match note_at(j, true) {
                    Some((marker, span, text_start)) => run.push((j, marker, span, text_start)),
                    None => break,
                }
                j += 1;
            }
            let resumes = blocks.get(j).is_some_and(|b| b.kind == BlockKind::Body);
            if !run.is_empty() && resumes {
                found.extend(run);
                i = j;
            } else {
                i += 1;
            }
        }
        found.sort_by_key(|f| f.0);
    }
    // Digit markers must count up; drop a run of digit "footnotes" that does not.
    for (i, marker, marker_span, text_start) in found {
        let n = layout.footnotes.len();
        let number = marker_number(&marker).map(|n| n as usize);
        let is_plain_number = marker.chars().all(|c| c.is_ascii_digit() || "[]^⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c));
        if is_plain_number && !multi_page && number != Some(n + 1) {
            continue;
        }
        let page = layout.blocks[i].page;
        layout.blocks[i].kind = BlockKind::Footnote(n);
        layout.footnotes.push(FootnoteBlock {
            page,
            marker,
            marker_span,
            lines: layout.blocks[i].lines.clone(),
            text_start,
            endnote: false,
        });
    }
}

/// Endnotes: under a `Notes` (`Endnotes`, `Footnotes`) heading, the blocks that open with
/// the clean numbers 1, 2, 3, ... in sequence (notes set without blank lines between them were
/// split by [`split_numbered_runs`]). A block without a number inside the run (a note's
/// second paragraph, a page head) is passed over; the run ends at the next heading or where
/// the sequence breaks. Footnotes are then renumbered in document order.
fn mark_endnotes(src: &Source, layout: &mut Layout) {
    let mut added = false;
    let mut i = 0;
    while i < layout.blocks.len() {
        let BlockKind::Heading(h) = layout.blocks[i].kind else {
            i += 1;
            continue;
        };
        i += 1;
        if !NOTES_HEADING.is_match(bare_title(layout.sections[h].title.trim())) {
            continue;
        }
        let mut expect = 1u32;
        while i < layout.blocks.len() {
            let b = &layout.blocks[i];
            let first = b.lines[0];
            let line = src.slice(first);
            // Notes at the bottom of the notes' own page were taken for footnotes already.
            if let BlockKind::Footnote(k) = b.kind {
                if clean_marker_number(line) != Some(expect) {
                    break;
                }
                layout.footnotes[k].endnote = true;
                expect += 1;
                i += 1;
                continue;
            }
            if !matches!(b.kind, BlockKind::Body | BlockKind::PageFurniture) {
                break;
            }
            let number = if b.kind == BlockKind::Body { clean_marker_number(line) } else { None };
            match number {
                Some(n) if n == expect => {
                    let lead = line.len() - line.trim_start().len();
                    let t = &line[lead..];
                    let Some((m, next)) = FOOTNOTE_START.captures(t).and_then(|c| Some((c.get(1)?, c.get(2)?))) else {
                        break;
                    };
                    let start = first.start + lead;
                    let n_notes = layout.footnotes.len();
                    layout.footnotes.push(FootnoteBlock {
                        page: b.page,
                        marker: m.as_str().to_string(),
                        marker_span: Span::new(start, start + m.len()),
                        lines: b.lines.clone(),
                        text_start: start + next.start(),
                        endnote: true,
                    });
                    layout.blocks[i].kind = BlockKind::Footnote(n_notes);
                    added = true;
                    expect += 1;
                }
                Some(_) => break,
                None => {}
            }
            i += 1;
        }
    }
    if added {
        // Document order, with the blocks' indices moved along.
        let mut order: Vec<usize> = (0..layout.footnotes.len()).collect();
        order.sort_by_key(|&k| layout.footnotes[k].marker_span.start);
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut notes: Vec<Option<FootnoteBlock>> =
            std::mem::take(&mut layout.footnotes).into_iter().map(Some).collect();
        layout.footnotes = order.iter().filter_map(|&k| notes[k].take()).collect();
        for b in &mut layout.blocks {
            if let BlockKind::Footnote(n) = b.kind {
                b.kind = BlockKind::Footnote(new_index[n]);
            }
        }
    }
}

/// True for a numbered block that is a table or a table of contents, not a note: a dot leader
/// (`Introduction ……… 36`) on any line, or most lines split into columns by wide gaps
/// (`9   Cordeiro and Howe (2003)   Tanzania   Seed dispersal   12.8`), or more than 40 % of
/// it blank between the words (an equation's or a chart's scattered labels). `skip` bytes of the
/// first line (its marker and the gap after it) are not looked at.
fn tabular<'a>(lines: impl Iterator<Item = &'a str>, skip: usize) -> bool {
    let (mut n, mut columns, mut chars, mut spaces) = (0, 0, 0, 0);
    for (k, line) in lines.enumerate() {
        let body = if k == 0 { line.get(skip..).unwrap_or("") } else { line }.trim();
        if body.contains("……") || body.contains(".....") || body.contains(". . . .") {
            return true;
        }
        n += 1;
        chars += body.chars().count();
        spaces += body.chars().filter(|c| c.is_whitespace()).count();
        if body.matches("   ").count() >= 2 && body.split("   ").filter(|p| !p.trim().is_empty()).count() >= 3 {
            columns += 1;
        }
    }
    // Columns, or the scattered symbols of an equation or a chart: more gap than text.
    n > 0 && (columns * 2 > n || spaces * 5 > chars * 2)
}

/// True when a block reads as prose: some lower-case word of three letters or more, or a
/// closing period. Labels of a figure or a chart (`CO2 CH4 Qi [mL/min]`, `Natural Gas`) and
/// stray symbols of an equation do not, and are not notes.
fn reads_as_prose<'a>(lines: impl Iterator<Item = &'a str>, skip: usize) -> bool {
    let mut last = "";
    let found = lines.enumerate().any(|(k, line)| {
        let body = if k == 0 { line.get(skip..).unwrap_or("") } else { line };
        if !body.trim().is_empty() {
            last = body;
        }
        body.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphabetic());
            w.chars().count() >= 3 && w.chars().all(|c| c.is_lowercase())
        })
    });
    found || last.trim_end().ends_with('.')
}

/// Level of a heading line, with its title, when the line is one.
fn heading_of(line: &str, standalone: bool, prev_ends_sentence: bool) -> Option<(u8, String)> {
    let t = line.trim();
    if t.is_empty() || t.len() > 100 {
        return None;
    }
    if let Some(c) = MARKDOWN_HEADING.captures(t) {
        let level = c.get(1).map(|m| m.len()).unwrap_or(1) as u8;
        return Some((level, c.get(2).map(|m| m.as_str()).unwrap_or(t).to_string()));
    }
    if !(standalone || prev_ends_sentence) {
        return None;
    }
    // A table row (`26   McConkey & Drake (2006)   Tonga   Seed dispersal   0.34`): columns
    // split by wide gaps are not a heading.
    if t.split("   ").filter(|p| !p.trim().is_empty()).count() >= 3 || toc_entry(t) {
        return None;
    }
    // A line with a link or a DOI (`DOI: http://dx.doi.org/10.7554/eLife.00005.003`, the
    // line under each figure of a journal article) labels something; no title holds one.
    if t.contains("://") || t.to_ascii_lowercase().contains("www.") || looks_like_doi(t) {
        return None;
    }
    let ends_badly = t.ends_with(['.', ',', ';']) && !t.ends_with("..");
    if CHAPTER_HEADING.is_match(t) && !ends_badly {
        return Some((1, t.to_string()));
    }
    if let Some(c) = NUMBERED_HEADING.captures(t) {
        let title = c.get(4).map(|m| m.as_str()).unwrap_or("");
        let words: Vec<&str> = title.split_whitespace().collect();
        let first = title.chars().next().unwrap_or(' ');
        if ends_badly
            || !first.is_uppercase()
            || words.len() > 14
            || title.chars().filter(|c| c.is_alphabetic()).count() < 3
            || dangles(&words)
            || reads_as_author_list(&words)
        {
            return None;
        }
        let long_words: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
        let capitalized = long_words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
        let title_like =
            long_words.is_empty() || capitalized * 2 >= long_words.len() || (words.len() <= 6 && standalone);
        if !title_like {
            return None;
        }
        let level = if let Some(num) = c.get(1) {
            num.as_str().split('.').filter(|s| !s.is_empty()).count() as u8
        } else if c.get(2).is_some() {
            2
        } else {
            1
        };
        return Some((level.max(1), t.to_string()));
    }
    if !standalone || ends_badly || t.len() > 80 {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let first = t.chars().next().unwrap_or(' ');
    let last_word = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    if words.is_empty()
        || words.len() > 10
        || !first.is_uppercase()
        || t.chars().filter(|c| c.is_alphabetic()).count() < 4
        || (words.len() == 1 && NOT_TITLES.contains(&last_word.as_str()))
        || t.matches(',').count() > 1
        || YEAR_IN_LINE.is_match(t)
        || dangles(&words)
    {
        return None;
    }
    Some((1, t.to_string()))
}

/// True when `t` holds a DOI: `10.` and four or more digits, then `/`, or a `doi:` label.
fn looks_like_doi(t: &str) -> bool {
    if t.to_ascii_lowercase().starts_with("doi") && t[3..].trim_start().starts_with(':') {
        return true;
    }
    let b = t.as_bytes();
    memchr::memmem::find_iter(b, b"10.").any(|i| {
        let digits = b[i + 3..].iter().take_while(|c| c.is_ascii_digit()).count();
        (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && digits >= 4 && b.get(i + 3 + digits) == Some(&b'/')
    })
}

/// A table-of-contents entry: a title, then a wide gap or a dot leader, then a page number
/// (`Limitations and Future Directions          68`, `Method ........ 14`, `Preface   xii`).
fn toc_entry(t: &str) -> bool {
    let Some((head, page)) = t.rsplit_once(|c: char| c.is_whitespace() || c == '.' || c == '…') else {
        return false;
    };
    let is_page = (1..=4).contains(&page.len()) && page.bytes().all(|b| b.is_ascii_digit())
        || (1..=6).contains(&page.len()) && page.bytes().all(|b| b"ivxlc".contains(&b));
    let gap = head.len() - head.trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '…').len() + 1;
    is_page && gap >= 3 && head.trim().chars().any(char::is_alphabetic)
}

/// A line that ends with a function word or a hyphen goes on in the next line: not a title.
fn dangles(words: &[&str]) -> bool {
    let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    ["of", "the", "and", "a", "an", "to", "in", "for", "with", "or"].contains(&last.as_str()) || last.ends_with('-')
}

/// `A. Miyagawa, M. Kobayashi, Y. Fujita, and`: two or more initials among the words of a
/// numbered-looking line make it the start of a reference entry.
fn reads_as_author_list(words: &[&str]) -> bool {
    let initial = |w: &&str| {
        let w = w.trim_end_matches(',');
        let mut parts = w.split('.').filter(|p| !p.is_empty()).peekable();
        parts.peek().is_some()
            && w.ends_with('.')
            && parts.all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
    };
    words.iter().filter(|w| initial(w)).count() >= 2
}

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(['.', '!', '?', ':', '”', '"']) || t.is_empty()
}

fn split_headings(src: &Source, layout: &mut Layout) {
    let old = std::mem::take(&mut layout.blocks);
    let n = old.len();
    let mut out = Vec::with_capacity(n);
    for (bi, b) in old.into_iter().enumerate() {
        if b.kind != BlockKind::Body {
            out.push(b);
            continue;
        }
        if let Some((level, title)) = wrapped_chapter_title(src, &b.lines) {
            let first = b.lines[0];
            let line = src.slice(first);
            let lead = line.len() - line.trim_start().len();
            let end = b.lines.last().map(|l| l.end).unwrap_or(first.end);
            let span = Span::new(first.start + lead, end);
            layout.sections.push(Section { title, line: src.line_of(span.start), level, span });
            out.push(Block { lines: b.lines, page: b.page, kind: BlockKind::Heading(layout.sections.len() - 1) });
            continue;
        }
        let mut cur: Vec<Span> = Vec::new();
        let count = b.lines.len();
        let mut prev_heading = false;
        for (li, &sp) in b.lines.iter().enumerate() {
            let line = src.slice(sp);
            let standalone = count == 1 && bi + 1 < n;
            // A heading right under another (`2. DISCUSSIONS` / `A. Preparations`) also stands alone.
            let prev_ends = li > 0 && (prev_heading || ends_sentence(src.slice(b.lines[li - 1])));
            // A heading inside a block must stand on a line of its own: the next line, if any, starts a new sentence.
            let next_ok = li + 1 >= count
                || src.slice(b.lines[li + 1]).trim_start().chars().next().is_some_and(char::is_uppercase);
            let candidate = if count == 1 {
                heading_of(line, standalone, false)
            } else if next_ok && (li == 0 || prev_ends) {
                heading_of(line, false, true).filter(|_| {
                    let t = line.trim();
                    NUMBERED_HEADING.is_match(t) || MARKDOWN_HEADING.is_match(t) || CHAPTER_HEADING.is_match(t)
                })
            } else {
                None
            };
            let candidate = candidate.or_else(|| reference_heading_line(line));
            prev_heading = candidate.is_some();
            if let Some((level, title)) = candidate {
                if !cur.is_empty() {
                    out.push(Block { lines: std::mem::take(&mut cur), page: b.page, kind: BlockKind::Body });
                }
                let lead = line.len() - line.trim_start().len();
                let span = Span::new(sp.start + lead, sp.start + lead + line.trim().len());
                layout.sections.push(Section { title, line: src.line_of(span.start), level, span });
                out.push(Block { lines: vec![sp], page: b.page, kind: BlockKind::Heading(layout.sections.len() - 1) });
            } else {
                cur.push(sp);
            }
        }
        if !cur.is_empty() {
            out.push(Block { lines: cur, page: b.page, kind: BlockKind::Body });
        }
    }
    layout.blocks = out;
}

/// `Chapter 6 – Hydrogen permeation testing of a dense Pd foil` / `and Pd/PSS composite
/// membrane`: a chapter title wrapped over two or three lines that make up a whole block and
/// never end a sentence. Returns the level and the title with its lines joined.
fn wrapped_chapter_title(src: &Source, lines: &[Span]) -> Option<(u8, String)> {
    if !(2..=3).contains(&lines.len()) {
        return None;
    }
    let texts: Vec<&str> = lines.iter().map(|&l| src.slice(l).trim()).collect();
    let first = *texts.first()?;
    if !CHAPTER_HEADING.is_match(first)
        || texts.iter().any(|t| t.is_empty() || t.len() > 100 || t.ends_with(['.', ';', '!', '?']))
    {
        return None;
    }
    let (level, _) = heading_of(first, false, true)?;
    Some((level, texts.join(" ")))
}

/// A line that is nothing but a reference-list heading (`References`, `8 References`,
/// `BIBLIOGRAPHY`) is a heading wherever it stands, even glued to the first entry.
fn reference_heading_line(line: &str) -> Option<(u8, String)> {
    let t = line.trim();
    if t.len() > 40 || !REFERENCE_HEADING.is_match(bare_title(t)) {
        return None;
    }
    let level = NUMBERED_HEADING
        .captures(t)
        .and_then(|c| c.get(1))
        .map(|n| n.as_str().split('.').filter(|x| !x.is_empty()).count() as u8)
        .unwrap_or(1);
    Some((level.max(1), t.to_string()))
}

/// Title of a heading without its numbering.
fn bare_title(title: &str) -> &str {
    let t = title.trim().trim_start_matches('#').trim();
    match NUMBERED_HEADING.captures(t) {
        Some(c) => c.get(4).map(|m| m.as_str()).unwrap_or(t),
        None => t,
    }
}

/// Common function words, sorted: running prose is full of them; reference entries (names,
/// titles, journals, numbers) much less so.
const FUNCTION_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "both", "but", "by", "can", "for", "from", "has",
    "have", "in", "into", "is", "it", "its", "not", "of", "on", "or", "our", "than", "that", "the", "their", "these",
    "this", "to", "was", "we", "were", "which", "with",
];

/// True when a block reads as running prose, not as part of a reference list: 400 bytes or
/// more, at least a fifth of its words lower-case function words, and no line that scores
/// as an entry start. (A list whose entries are separated by blank lines has blocks that
/// are single entries: long ones have their names and year up front.)
fn reads_as_running_text(src: &Source, b: &Block) -> bool {
    let bytes: usize = b.lines.iter().map(|l| l.end.saturating_sub(l.start)).sum();
    if bytes < 400 {
        return false;
    }
    let (mut words, mut function) = (0usize, 0usize);
    for l in &b.lines {
        for w in src.slice(*l).split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
            words += 1;
            if FUNCTION_WORDS.binary_search(&w).is_ok() {
                function += 1;
            }
        }
    }
    function * 5 >= words
        && words > 0
        && b.lines.iter().all(|l| crate::reference::entry_start_score(src.slice(*l)) < 0.5)
}

/// A short title-like last line glued to the end of a list (`Introduction` right under the
/// last entry, with no blank line): a heading of what follows, not part of the entry.
fn glued_heading(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() <= 40
        && t.starts_with(|c: char| c.is_uppercase())
        && t.split_whitespace().count() <= 3
        && !t.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ';' | ':'))
}

fn mark_references(src: &Source, layout: &mut Layout) {
    let mut in_refs = false;
    let mut regions: Vec<Span> = Vec::new();
    // Footnote-looking blocks inside a list: (block, footnote, region).
    let mut noted: Vec<(usize, usize, usize)> = Vec::new();
    // Per region, the last block of the list proper.
    let mut last_entry: Vec<usize> = Vec::new();
    for bi in 0..layout.blocks.len() {
        // Prose resumes: this block and the next block of text (headings skipped) both read
        // as running text.
        if in_refs
            && layout.blocks[bi].kind == BlockKind::Body
            && reads_as_running_text(src, &layout.blocks[bi])
            && layout.blocks[bi + 1..]
                .iter()
                .find(|n| !matches!(n.kind, BlockKind::PageFurniture | BlockKind::Footnote(_) | BlockKind::Heading(_)))
                .is_some_and(|n| n.kind == BlockKind::Body && reads_as_running_text(src, n))
        {
            in_refs = false;
            // A heading glued under the last entry goes with the prose.
            if let (Some(r), Some(&l)) = (regions.last_mut(), last_entry.last())
                && let Some(lines) = layout.blocks.get(l).filter(|b| b.kind == BlockKind::Reference).map(|b| &b.lines)
                && lines.len() >= 2
                && let (Some(last), Some(prev)) = (lines.last(), lines.get(lines.len() - 2))
                && r.end == last.end
                && glued_heading(src.slice(*last))
            {
                r.end = prev.end;
            }
        }
        let Some(b) = layout.blocks.get_mut(bi) else { continue };
        match b.kind {
            BlockKind::Heading(s) => {
                let title = bare_title(&layout.sections[s].title);
                if REFERENCE_HEADING.is_match(title) {
                    in_refs = true;
                    let end = b.lines[0].end;
                    regions.push(Span::new(end, end));
                    last_entry.push(bi);
                } else if in_refs {
                    // Plain title-like lines occur inside long lists; only a numbered or marked-up
                    // heading, or one that names what follows a bibliography, ends it.
                    let full = layout.sections[s].title.trim();
                    // A wrapped title is judged by its first line.
                    let first_line = src.slice(src.line_span(layout.sections[s].line)).trim();
                    if AFTER_REFERENCES_HEADING.is_match(title)
                        || NUMBERED_HEADING.is_match(full)
                        || CHAPTER_HEADING.is_match(first_line)
                        || full.starts_with('#')
                    {
                        in_refs = false;
                    } else if let (Some(r), Some(last)) = (regions.last_mut(), b.lines.last()) {
                        r.end = last.end;
                    }
                }
            }
            BlockKind::Body if in_refs => {
                b.kind = BlockKind::Reference;
                if let (Some(r), Some(last)) = (regions.last_mut(), b.lines.last()) {
                    r.end = last.end;
                }
                if let Some(l) = last_entry.last_mut() {
                    *l = bi;
                }
            }
            BlockKind::Footnote(n) if in_refs => noted.push((bi, n, regions.len().saturating_sub(1))),
            _ => {}
        }
    }
    // A numbered list (`[10] A. Rahman, …`) at page bottoms looks like footnotes. Such a block
    // belongs to the list when its marker is a list number (`[10]`, `10.`) or the list goes on
    // after it; real notes under the end of a list stay notes.
    // A list of bare numbers (`1 E. Bruck, J. Phys. …`) right under its heading is all such
    // blocks: nothing else stands in its region, and they are many.
    let bare_list: Vec<bool> = (0..regions.len())
        .map(|region| {
            regions[region].start == regions[region].end && noted.iter().filter(|&&(_, _, r)| r == region).count() >= 3
        })
        .collect();
    let mut absorbed: Vec<usize> = Vec::new();
    for &(bi, n, region) in &noted {
        let marker = layout.footnotes.get(n).map(|f| f.marker.as_str()).unwrap_or("");
        let list_number =
            marker.starts_with('[') || marker.ends_with('.') || bare_list.get(region).copied().unwrap_or(false);
        if !(list_number || last_entry.get(region).is_some_and(|&l| l > bi)) {
            continue;
        }
        absorbed.push(n);
        let b = &mut layout.blocks[bi];
        b.kind = BlockKind::Reference;
        if let (Some(r), Some(last)) = (regions.get_mut(region), b.lines.last()) {
            r.end = r.end.max(last.end);
        }
    }
    regions.retain(|r| !src.slice(*r).trim().is_empty());
    layout.reference_regions = regions;
    if !absorbed.is_empty() {
        absorbed.sort_unstable();
        drop_footnotes(layout, &absorbed);
    }
}

/// Removes the footnotes at `indices` (ascending) and renumbers the blocks that point at the rest.
fn drop_footnotes(layout: &mut Layout, indices: &[usize]) {
    let mut new_index = Vec::with_capacity(layout.footnotes.len());
    let mut next = 0;
    for i in 0..layout.footnotes.len() {
        if indices.binary_search(&i).is_ok() {
            new_index.push(None);
        } else {
            new_index.push(Some(next));
            next += 1;
        }
    }
    let mut i = 0;
    layout.footnotes.retain(|_| {
        i += 1;
        new_index[i - 1].is_some()
    });
    for b in &mut layout.blocks {
        if let BlockKind::Footnote(n) = b.kind {
            b.kind = match new_index.get(n).copied().flatten() {
                Some(m) => BlockKind::Footnote(m),
                None => BlockKind::Reference,
            };
        }
    }
}

/// True when a block's text clearly ends a sentence, so the next page starts a new paragraph.
fn block_ends_paragraph(src: &Source, b: &Block) -> bool {
    let last = b.lines.last().map(|&l| src.slice(l)).unwrap_or("");
    let t = last.trim_end().trim_end_matches(|c: char| "'’*°®¹²³⁴⁵⁶⁷⁸⁹⁰".contains(c));
    // `et al.` or `pp.` at a page end leaves the sentence open.
    let open_abbreviation = ["et al.", " al.", " pp.", " p.", " e.g.", " i.e.", " cf.", " vs.", " Fig.", " No."]
        .iter()
        .any(|a| t.ends_with(a));
    t.ends_with(['.', '!', '?', '”', '"', ':']) && !open_abbreviation
}

fn build_paragraphs(src: &Source, layout: &mut Layout) {
    let mut section = None;
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut last_body: Option<usize> = None; // index of last body block
    for (i, b) in layout.blocks.iter().enumerate() {
        match b.kind {
            BlockKind::Heading(s) => {
                section = Some(s);
                last_body = None;
            }
            BlockKind::Body => {
                let continues = last_body.is_some_and(|j| {
                    let prev = &layout.blocks[j];
                    let next_first = src.slice(b.lines[0]).trim_start().chars().next().unwrap_or(' ');
                    // Across a page break, or across notes that interrupt the text.
                    let notes_between =
                        layout.blocks[j + 1..i].iter().any(|x| matches!(x.kind, BlockKind::Footnote(_)));
                    (prev.page != b.page || notes_between)
                        && (!block_ends_paragraph(src, prev) || next_first.is_lowercase())
                });
                if continues {
                    if let Some(p) = paragraphs.last_mut() {
                        p.lines.extend_from_slice(&b.lines);
                    }
                } else {
                    paragraphs.push(Paragraph { lines: b.lines.clone(), section });
                }
                last_body = Some(i);
            }
            BlockKind::Reference => last_body = None,
            BlockKind::Footnote(_) | BlockKind::PageFurniture => {}
        }
    }
    layout.paragraphs = paragraphs;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(text: &str) -> (Source, Layout) {
        let src = Source::new("t", text.to_string());
        let l = analyze(&src);
        (src, l)
    }

    #[test]
    fn numbered_and_damaged_headings() {
        let (_, l) = lay(
            "Some text ends here.\n 1. INTRODUCTION\n\nBody text.\n\n2. DiscUsSIONS AT WCIT\n\nA. Preparations for WCIT\n\nMore.\n",
        );
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["1. INTRODUCTION", "2. DiscUsSIONS AT WCIT", "A. Preparations for WCIT"]);
        assert_eq!(l.sections[2].level, 2);
        assert_eq!(l.sections[0].line, 2);
        // With no blank lines between them.
        let (_, l) = lay("Some text ends here.\n2. DiscUsSIONS AT WCIT\nA. Preparations for WCIT\nBody text.\n");
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["2. DiscUsSIONS AT WCIT", "A. Preparations for WCIT"]);
    }

    #[test]
    fn notes_glued_to_the_text_above_them_are_split_off_by_their_numbers() {
        // Pages of distinct lines (recurring ones would be running heads).
        let page = |n: u32, word: &str| {
            format!(
                "Running text on the {word} page cites a study.{n} The text goes on\n{}for a {word} while and then ends.\n{n} A note about the study on the {word} page, with words.\n\n\n\n",
                (0..30).map(|k| format!("and on over line {} of the {word} page\n", "a".repeat(k))).collect::<String>()
            )
        };
        let (src, l) = lay(&format!("{}{}{}", page(1, "first"), page(2, "second"), page(3, "third")));
        assert_eq!(l.footnotes.len(), 3);
        assert!(src.slice(l.footnotes[1].lines[0]).starts_with("2 A note"));
        // OCR-damaged markers, one note after another, with no blank lines.
        let page = |marker: &str, word: &str| {
            format!(
                "Running text on the {word} page cites a study.{marker} The text goes on\n{}for a {word} while and\n{marker} A note about the study on the {word} page, with words.\n{marker}{marker} Another note on the {word} page.\n\n\n\n",
                (0..30).map(|k| format!("and on over line {} of the {word} page\n", "a".repeat(k))).collect::<String>()
            )
        };
        let (src, l) = lay(&format!("{}{}{}", page("?", "first"), page("*", "second"), page("'", "third")));
        assert_eq!(l.footnotes.len(), 6);
        assert_eq!(src.slice(l.footnotes[3].lines[0]), "** Another note on the second page.");
        // A bullet set off by a wide gap is not a note.
        assert!(!ocr_note_start("   \"    US 6,152,987 (2000)", "text above"));
        assert!(ocr_note_start("? For example, the text", "text above"));
        assert!(!ocr_note_start("* Second item", "* First item"));
        // A numbered table row at the bottom of a page is not a note.
        let (_, l) = lay(
            "Text of the page.\n1  Liquid glue       2.57   0.41\n2  Other glue        3.54   0.57\n\n\n\nMore text.\n",
        );
        assert!(l.footnotes.is_empty());
    }

    #[test]
    fn double_spaced_text_keeps_paragraphs_and_titles() {
        let mut text = String::new();
        for p in 0..4 {
            text.push_str(&format!("A Title Line {p}\n\n"));
            for k in 0..5 {
                if k == 4 {
                    text.push_str("the paragraph ends.\n\n");
                } else {
                    text.push_str(&format!(
                        "     Paragraph {p} line {k} of double-spaced text where the sentence runs on\n\n"
                    ));
                }
            }
        }
        let (src, l) = lay(&text);
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["A Title Line 0", "A Title Line 1", "A Title Line 2", "A Title Line 3"]);
        assert_eq!(l.paragraphs.len(), 4);
        assert_eq!(l.paragraphs[0].lines.len(), 5);
        assert_eq!(src.slice(l.paragraphs[3].lines[4]), "the paragraph ends.");
    }

    #[test]
    fn notes_that_interrupt_a_sentence_in_text_without_pages() {
        let (src, l) = lay(
            "The first paragraph makes a point and runs on\n\n? A note about the point, with a few words.\n\ninto the next line after the note.\n\nA new paragraph ends here.\n\n* Not a note: the text above ends a sentence.\n\nMore text.\n",
        );
        assert_eq!(l.pages.len(), 1);
        assert_eq!(l.footnotes.len(), 1);
        assert_eq!(l.footnotes[0].marker, "?");
        let p = &l.paragraphs[0];
        assert_eq!(src.slice(*p.lines.last().unwrap()), "into the next line after the note.");
    }

    #[test]
    fn table_of_contents_entries_are_not_headings() {
        let (_, l) = lay(
            "Text ends here.\n\nLimitations and Future Directions          68\n\nMethod ........ 14\n\nPreface   xii\n\n2. Methods\n\nBody.\n",
        );
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["2. Methods"]);
        assert!(!toc_entry("Study 2") && !toc_entry("Appendix 12") && toc_entry("Study 2     24"));
    }

    #[test]
    fn table_rows_are_not_headings() {
        let (_, l) = lay(
            "Text ends here.\n\n26   McConkey & Drake (2006)      Tonga        Seed dispersal    0.34\n\n1.   Introduction\n\nBody.\n",
        );
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["1.   Introduction"]);
    }

    #[test]
    fn tables_contents_and_chart_labels_are_not_footnotes() {
        let lead = "Running text of the page goes here.\n\n";
        for bottom in [
            "9    Cordeiro and Howe (2003)     Tanzania     Seed dispersal       12.8     3.0\n             10   Cramer et al. (2007)         Brazil       Seeds dispersed      48.0    16.0\n",
            "2   Reduced seed dispersal as a consequence of hunting\n    wood density in a forest ………………………… 35\n",
            "1                   CO2\n                    CH4\n Qi [mL/min]\n",
            "1 X 1 (a , b ) = argmin                       max{V - W , 0} K × T\n",
        ] {
            let (_, l) = lay(&format!("{lead}{bottom}"));
            assert!(l.footnotes.is_empty(), "{bottom}");
        }
        let (_, l) = lay(&format!("{lead}1   A real note, with a source   (Hill, 2013).\n"));
        assert_eq!(l.footnotes.len(), 1);
    }

    #[test]
    fn footnotes_at_page_bottom_and_paragraph_continues() {
        let text = "Para one starts here\nand goes on.\n\nA second para that runs\nonto the next page\n\n* A footnote body here.\n\n\n\nand ends here.\n\nNext para.\n";
        let (src, l) = lay(text);
        assert_eq!(l.pages.len(), 2);
        assert_eq!(l.footnotes.len(), 1);
        assert_eq!(l.footnotes[0].marker, "*");
        assert_eq!(l.paragraphs.len(), 3);
        let last_line = *l.paragraphs[1].lines.last().unwrap();
        assert_eq!(src.slice(last_line), "and ends here.");
    }

    #[test]
    fn numbered_list_after_a_reference_heading_is_not_footnotes() {
        let text = "Body text with a note.¹ It goes on\nfor a while.\n\n¹ A real note.\n\x0cMore body text here.\n\nReferences\n\n[1] A. Rahman, Thermal analysis, Proc. (2001), pp. 1-9.\n\x0c[2] J. Davis, Interconnect limits, Proc. IEEE (2001).\n\n[3] R. Patti, Three-dimensional circuits, Proc. IEEE (2006).\n";
        let (src, l) = lay(text);
        assert_eq!(l.footnotes.len(), 1, "{:?}", l.footnotes);
        assert_eq!(l.footnotes[0].marker, "¹");
        assert_eq!(l.reference_regions.len(), 1);
        assert!(src.slice(l.reference_regions[0]).contains("[3] R. Patti"));
        assert!(l.paragraphs.iter().all(|p| !src.slice(p.lines[0]).starts_with('[')));
    }

    #[test]
    fn an_author_list_is_not_a_lettered_heading() {
        assert!(heading_of("A. Miyagawa, M. Kobayashi, Y. Fujita, O. Hamdy, K. Hirano, and", true, true).is_none());
        assert!(heading_of("B. Results of the survey and", true, true).is_none());
        assert!(heading_of("A. Preparations for WCIT", true, true).is_some());
        assert!(heading_of("2.1 Data, methods, and results", true, true).is_some());
    }

    #[test]
    fn chapter_title_over_two_lines_ends_a_reference_list() {
        let text = "Intro text.\n\nReferences\n\nTugnoli, A. (2008). Sustainability of hydrogen. Energy 33: 4345-4357.\n\nChapter 6 – Hydrogen permeation testing of a dense foil\nand composite membranes\n\nExperimental testing began with two membranes.\n";
        let (src, l) = lay(text);
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            ["References", "Chapter 6 – Hydrogen permeation testing of a dense foil and composite membranes"]
        );
        assert_eq!(l.reference_regions.len(), 1);
        assert!(!src.slice(l.reference_regions[0]).contains("Experimental"));
    }

    #[test]
    fn notes_without_blank_lines_between_them() {
        let (_, l) =
            lay("Text one.¹ More text.²\n\n¹ The first note.\n² The second note\nruns on.\n\n\n\nNext page.\n");
        assert_eq!(l.footnotes.len(), 2);
        assert_eq!(l.footnotes[1].lines.len(), 2);
    }

    #[test]
    fn running_headers_are_page_edges() {
        let mut text = String::new();
        for p in 1..=4 {
            let words = ["Alpha", "Beta", "Gamma", "Delta"][p - 1];
            text.push_str(&format!(
                "{words} text of this page\ngoes on.\n{p}0   CHAPTER 4: SEED PREDATION RATES\n\n\n"
            ));
        }
        let (_, l) = lay(&text);
        assert!(l.sections.is_empty(), "{:?}", l.sections);
        assert_eq!(l.pages.len(), 4);
        assert_eq!(l.paragraphs.len(), 4);
    }

    #[test]
    fn doi_and_link_lines_are_not_headings() {
        let (_, l) = lay(
            "Results\n\nCells divide here.\n\nDOI: http://dx.doi.org/10.7554/eLife.00005.003\n\nFigure 1. Cells.\n\nDOI 10.1371/journal.pone.0000001.g002\n\nSee Www.Example.Org/Data\n\nMore text.\n\nDiscussion\n\nEnd.\n",
        );
        let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Results", "Discussion"]);
        assert!(!looks_like_doi("Chapter 10. Methods"));
        assert!(!looks_like_doi("Doing things"));
    }

    #[test]
    fn single_word_line_is_not_a_heading() {
        let (_, l) = lay("Text here.\n\nAnd\n“7. Member States should.”\n\nMore text.\n");
        assert!(l.sections.is_empty());
    }

    #[test]
    fn reference_section() {
        let (src, l) = lay("Intro\n\nText (Smith, 2001).\n\nReferences\n\nSmith J. 2001. A title. J Biol 1:1-2.\n");
        let r = l.reference_regions[0];
        assert!(src.slice(r).contains("Smith J. 2001"));
        assert_eq!(l.paragraphs.len(), 1);
    }

    #[test]
    fn function_words_are_sorted() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_list_ends_where_prose_resumes() {
        let prose = "The complex is thought to act in the nucleus, where it binds to the chromatin of the cell and \
                     changes the expression of a number of genes that are needed for the development of the embryo. \
                     It has been studied in flies and in mice, and its parts are known from work on both of these \
                     animals; the way in which they fit together is not yet clear, and this is what we set out to \
                     find with the methods that are described in the next part of this paper.";
        let text = format!(
            "Text (Smith, 2001).\n\nReferences\n\nSmith J. 2001. A title. J Biol 1:1-2.\n\
             Jones K. 2002. Another title. Nat Rev 5:158-63.\nIntroduction\n\n{prose}\n\n{prose}\n"
        );
        let (src, l) = lay(&text);
        let r = l.reference_regions[0];
        assert!(src.slice(r).trim_end().ends_with("5:158-63."), "{:?}", src.slice(r));
        assert_eq!(l.paragraphs.len(), 3);
    }
}
