//! The reference section: where it starts and where running prose resumes after it.

use super::*;

pub(crate) fn mark_references(src: &Source, layout: &mut Layout) {
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
