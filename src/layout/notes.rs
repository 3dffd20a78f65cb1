//! Footnote and endnote bodies: marker numbers, glued and numbered note runs, notes at the
//! foot of a page and endnote sections.

use super::*;

/// The number of a clean footnote marker opening `line` (`¹`, `12`, `[3]`, `^4`), if any.
pub(crate) fn clean_marker_number(line: &str) -> Option<u32> {
    let t = line.trim_start();
    if !t.chars().next().is_some_and(could_open_marker) {
        return None;
    }
    let c = FOOTNOTE_START.captures(t)?;
    marker_number(c.get(1)?.as_str())
}

/// Whether `c` may open a note marker ([`FOOTNOTE_START`]): a cheap test that spares the
/// pattern the lines that open with a letter.
pub(crate) fn could_open_marker(c: char) -> bool {
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
pub(crate) fn split_glued_notes(src: &Source, layout: &mut Layout, multi_page: bool) {
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
pub(crate) fn ocr_note_start(line: &str, before: &str) -> bool {
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
pub(crate) fn split_numbered_runs(src: &Source, layout: &mut Layout) {
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
pub(crate) fn mark_footnotes(src: &Source, layout: &mut Layout, multi_page: bool) {
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
pub(crate) fn mark_endnotes(src: &Source, layout: &mut Layout) {
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
