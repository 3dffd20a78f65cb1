//! Headings: numbered, chapter, Markdown and bare-title headings, told from tables, prose
//! and author lists.

use super::*;

/// True for a numbered block that is a table or a table of contents, not a note: a dot leader
/// (`Introduction ……… 36`) on any line, or most lines split into columns by wide gaps
/// (`9   Cordeiro and Howe (2003)   Tanzania   Seed dispersal   12.8`), or more than 40 % of
/// it blank between the words (an equation's or a chart's scattered labels). `skip` bytes of the
/// first line (its marker and the gap after it) are not looked at.
pub(crate) fn tabular<'a>(lines: impl Iterator<Item = &'a str>, skip: usize) -> bool {
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
pub(crate) fn reads_as_prose<'a>(lines: impl Iterator<Item = &'a str>, skip: usize) -> bool {
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
pub(crate) fn heading_of(line: &str, standalone: bool, prev_ends_sentence: bool) -> Option<(u8, String)> {
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
pub(crate) fn looks_like_doi(t: &str) -> bool {
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
pub(crate) fn toc_entry(t: &str) -> bool {
    let Some((head, page)) = t.rsplit_once(|c: char| c.is_whitespace() || c == '.' || c == '…') else {
        return false;
    };
    let is_page = (1..=4).contains(&page.len()) && page.bytes().all(|b| b.is_ascii_digit())
        || (1..=6).contains(&page.len()) && page.bytes().all(|b| b"ivxlc".contains(&b));
    let gap = head.len() - head.trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '…').len() + 1;
    is_page && gap >= 3 && head.trim().chars().any(char::is_alphabetic)
}

/// A line that ends with a function word or a hyphen goes on in the next line: not a title.
pub(crate) fn dangles(words: &[&str]) -> bool {
    let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
    ["of", "the", "and", "a", "an", "to", "in", "for", "with", "or"].contains(&last.as_str()) || last.ends_with('-')
}

/// `A. Miyagawa, M. Kobayashi, Y. Fujita, and`: two or more initials among the words of a
/// numbered-looking line make it the start of a reference entry.
pub(crate) fn reads_as_author_list(words: &[&str]) -> bool {
    let initial = |w: &&str| {
        let w = w.trim_end_matches(',');
        let mut parts = w.split('.').filter(|p| !p.is_empty()).peekable();
        parts.peek().is_some()
            && w.ends_with('.')
            && parts.all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
    };
    words.iter().filter(|w| initial(w)).count() >= 2
}

pub(crate) fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(['.', '!', '?', ':', '”', '"']) || t.is_empty()
}

pub(crate) fn split_headings(src: &Source, layout: &mut Layout) {
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
pub(crate) fn wrapped_chapter_title(src: &Source, lines: &[Span]) -> Option<(u8, String)> {
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
pub(crate) fn reference_heading_line(line: &str) -> Option<(u8, String)> {
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
pub(crate) fn bare_title(title: &str) -> &str {
    let t = title.trim().trim_start_matches('#').trim();
    match NUMBERED_HEADING.captures(t) {
        Some(c) => c.get(4).map(|m| m.as_str()).unwrap_or(t),
        None => t,
    }
}

/// True when a block reads as running prose, not as part of a reference list: 400 bytes or
/// more, at least a fifth of its words lower-case function words
/// ([`crate::lexicon::PROSE_FUNCTION_WORDS`]), and no line that scores
/// as an entry start. (A list whose entries are separated by blank lines has blocks that
/// are single entries: long ones have their names and year up front.)
pub(crate) fn reads_as_running_text(src: &Source, b: &Block) -> bool {
    let bytes: usize = b.lines.iter().map(|l| l.end.saturating_sub(l.start)).sum();
    if bytes < 400 {
        return false;
    }
    let (mut words, mut function) = (0usize, 0usize);
    for l in &b.lines {
        for w in src.slice(*l).split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
            words += 1;
            if crate::lexicon::PROSE_FUNCTION_WORDS.contains(w) {
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
pub(crate) fn glued_heading(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() <= 40
        && t.starts_with(|c: char| c.is_uppercase())
        && t.split_whitespace().count() <= 3
        && !t.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ';' | ':'))
}
