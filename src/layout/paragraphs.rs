//! Logical paragraphs of running text, across page breaks and footnote bodies.

use super::*;

/// Removes the footnotes at `indices` (ascending) and renumbers the blocks that point at the rest.
pub(crate) fn drop_footnotes(layout: &mut Layout, indices: &[usize]) {
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
pub(crate) fn block_ends_paragraph(src: &Source, b: &Block) -> bool {
    let last = b.lines.last().map(|&l| src.slice(l)).unwrap_or("");
    let t = last.trim_end().trim_end_matches(|c: char| "'’*°®¹²³⁴⁵⁶⁷⁸⁹⁰".contains(c));
    // `et al.` or `pp.` at a page end leaves the sentence open.
    let open_abbreviation = ["et al.", " al.", " pp.", " p.", " e.g.", " i.e.", " cf.", " vs.", " Fig.", " No."]
        .iter()
        .any(|a| t.ends_with(a));
    t.ends_with(['.', '!', '?', '”', '"', ':']) && !open_abbreviation
}

pub(crate) fn build_paragraphs(src: &Source, layout: &mut Layout) {
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
