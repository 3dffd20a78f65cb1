//! Lines into raw blocks: running lines, double spacing, blank-line and form-feed breaks,
//! and page furniture.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Break {
    None,
    Blank,
    BlankRun,
    FormFeed,
}

pub(crate) struct RawBlock {
    pub(crate) lines: Vec<Span>,
    pub(crate) break_before: Break,
}

/// Running headers and footers: a line next to a blank line whose letters (digits and
/// punctuation ignored, so page numbers don't matter) recur at least three times in such
/// places. Returns a flag per line (index = line - 1).
pub(crate) fn running_lines(src: &Source) -> Vec<bool> {
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
pub(crate) fn double_spacing_measure(src: &Source) -> Option<usize> {
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
pub(crate) fn spaced_lines_part(prev: &str, next: &str, measure: usize) -> bool {
    let p = prev.trim_end();
    let indent = |s: &str| s.len() - s.trim_start().len();
    let short = p.chars().count() * 10 < measure * 7;
    if ends_sentence(p) {
        short || indent(next) > indent(prev) + 1
    } else {
        short && !p.ends_with(['-', ',', ';', '(', '&'])
    }
}

pub(crate) fn raw_blocks(src: &Source, native_paragraphs: bool) -> Vec<RawBlock> {
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

pub(crate) fn trimmed(src: &Source, sp: Span) -> &str {
    src.slice(sp).trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

pub(crate) fn mark_furniture(src: &Source, layout: &mut Layout) {
    for b in &mut layout.blocks {
        if b.lines.len() == 1 && PAGE_FURNITURE.is_match(trimmed(src, b.lines[0])) {
            b.kind = BlockKind::PageFurniture;
        }
    }
}
