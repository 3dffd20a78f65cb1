//! Footnote anchors: which mark in the running text each footnote body belongs to.
//!
//! OCR turns superscript footnote numbers into `'`, `?`, `’`, `*`, `°`, `®`, `”`, `“` or
//! `'2`, most of which are also ordinary punctuation. No single pattern can tell them apart,
//! but the page tells us how many bodies there are and in which order; so every mark gets a
//! score for how marker-like it is, and the bodies of a page are aligned with the marks of
//! the same page by dynamic programming (an order-preserving assignment with the highest
//! total score), much as one aligns two sequences.

use crate::layout::{BlockKind, FootnoteBlock, Layout, marker_number};
use crate::source::Span;
use crate::textview::TextView;

/// A place in the running text that may be a footnote marker.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerCandidate {
    /// Span in the original text.
    pub span: Span,
    /// The marker as written.
    pub text: String,
    /// How marker-like it is on its own, 0..1.
    pub score: f32,
    /// The number it carries, if any.
    pub number: Option<u32>,
}

const JUNK_STRONG: &[char] = &['°', '®', '¥', '†', '‡', '*', '§', '¤', '¢'];
const JUNK: &[char] = &['\'', '’', '"', '”', '“', '?', '°', '®', '¥', '†', '‡', '*', '§', '¤', '¢'];
const SUPERSCRIPTS: &[char] = &['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_value(c: char) -> Option<u32> {
    SUPERSCRIPTS.iter().position(|&s| s == c).map(|d| d as u32)
}

/// Finds marker candidates in one joined paragraph.
pub fn candidates(view: &TextView) -> Vec<MarkerCandidate> {
    let text = view.text.as_str();
    let bytes = text.as_bytes();
    // The character at byte offset `p` (a character boundary), `None` at the end.
    let at = |p: usize| text.get(p..).and_then(|s| s.chars().next());
    let mut out = Vec::new();
    // The word before a run of digits, as (end, chars, all letters) of the last word read;
    // a later run in the same word reads only the characters since (a long token with many
    // digits, such as a base64 blob, would otherwise be read back to its start at every run).
    let mut word_memo: Option<(usize, usize, bool)> = None;
    let mut open_curly = 0i32; // “ minus ” seen so far
    let mut straight = 0u32; // count of " seen so far
    // Byte offset of the current character.
    let mut i = 0;
    while i < bytes.len() {
        // Every branch below starts at a non-ASCII character or at one of these: skip the
        // rest of the ASCII text a byte at a time, without decoding it.
        if bytes[i].is_ascii() && !matches!(bytes[i], b'[' | b'^' | b'\'' | b'"' | b'?' | b'*' | b'0'..=b'9') {
            i += 1;
            continue;
        }
        let Some(c) = at(i) else { break };
        let pos = i;
        let prev = text[..i].chars().next_back();
        let attached = prev.is_some_and(|p| !p.is_whitespace() && p != '(' && p != '[');
        // Superscript digits.
        if superscript_value(c).is_some() && attached {
            let mut j = i;
            let mut n = 0u32;
            while let Some(ch) = at(j) {
                match superscript_value(ch) {
                    Some(d) => n = n.saturating_mul(10).saturating_add(d),
                    None => break,
                }
                j += ch.len_utf8();
            }
            out.push(MarkerCandidate {
                span: view.span(pos..j),
                text: text[pos..j].to_string(),
                score: 1.0,
                number: Some(n),
            });
            i = j;
            continue;
        }
        // `[12]` and `^12` (ASCII throughout, so byte counts are character counts).
        if (c == '[' || c == '^') && attached {
            let mut j = i + 1;
            let mut n = 0u32;
            while j < bytes.len() && bytes[j].is_ascii_digit() && j - i <= 3 {
                n = n * 10 + u32::from(bytes[j] - b'0');
                j += 1;
            }
            let closed = c == '^' || bytes.get(j) == Some(&b']');
            if j > i + 1 && closed {
                let end = if c == '[' { j + 1 } else { j };
                out.push(MarkerCandidate {
                    span: view.span(pos..end),
                    text: text[pos..end].to_string(),
                    score: 0.9,
                    number: Some(n),
                });
                i = end;
                continue;
            }
        }
        if JUNK.contains(&c) && attached {
            // A run of marker-like characters (at most four), optionally with one or two digits.
            let mut j = i;
            let mut count = 0;
            while let Some(ch) = at(j) {
                if count >= 4 || !JUNK.contains(&ch) {
                    break;
                }
                j += ch.len_utf8();
                count += 1;
            }
            let digits_start = j;
            while j < bytes.len() && bytes[j].is_ascii_digit() && j - digits_start < 2 {
                j += 1;
            }
            let digits = &text[digits_start..j];
            let next = at(j);
            let next2 = next.and_then(|n| at(j + n.len_utf8()));
            let free_after = next.is_none_or(|n| n.is_whitespace() || ",.;:)—–-".contains(n));
            let run = &text[pos..j];
            let mut score: f32 = 0.0;
            if free_after {
                for (k, ch) in run.chars().enumerate() {
                    let s = match ch {
                        _ if JUNK_STRONG.contains(&ch) => 0.9,
                        '?' => match next {
                            Some(',' | ';' | ')') => 0.8,
                            Some(w) if w.is_whitespace() && next2.is_some_and(|x| x.is_lowercase()) => 0.6,
                            _ => 0.05,
                        },
                        '“' => 0.8,
                        '”' => {
                            if open_curly > 0 {
                                0.05
                            } else {
                                0.7
                            }
                        }
                        '"' => {
                            if straight % 2 == 1 {
                                0.05
                            } else {
                                0.6
                            }
                        }
                        '\'' | '’' => {
                            let before = if k == 0 { prev } else { run.chars().nth(k - 1) };
                            if before.is_some_and(|b| ".,;:)".contains(b)) {
                                0.6
                            } else if before.is_some_and(char::is_alphabetic) {
                                0.45
                            } else {
                                0.3
                            }
                        }
                        _ => 0.0,
                    };
                    score = score.max(s);
                }
                if !digits.is_empty() {
                    score = score.max(0.85);
                }
                // Several marker characters in a row are rarely punctuation.
                if run.chars().nth(1).is_some() {
                    score = (score + 0.15).min(0.95);
                }
            }
            for ch in run.chars() {
                match ch {
                    '“' => open_curly += 1,
                    '”' => open_curly -= 1,
                    '"' => straight += 1,
                    _ => {}
                }
            }
            if score >= 0.3 {
                out.push(MarkerCandidate {
                    span: view.span(pos..j),
                    text: run.to_string(),
                    score,
                    number: digits.parse().ok(),
                });
            }
            i = j.max(i + c.len_utf8());
            continue;
        }
        match c {
            '“' => open_curly += 1,
            '”' => open_curly -= 1,
            '"' => straight += 1,
            _ => {}
        }
        // Plain digits glued to the end of a word or sentence: `encryption12.`, `conflict.12 The`.
        if c.is_ascii_digit() && prev.is_some_and(|p| p.is_lowercase() || ".,)".contains(p)) {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < 3 {
                j += 1;
            }
            let next = at(j);
            // The characters of the word before the digits, and whether all are letters
            // (or `.,)`).
            let mut word_start = 0usize;
            let mut word_is_letters = true;
            let mut reached_memo = false;
            let memo_end = word_memo.map_or(0, |m| m.0);
            for (k, ch) in text[..i].char_indices().rev() {
                if ch.is_whitespace() {
                    break;
                }
                if k < memo_end {
                    reached_memo = true;
                    break;
                }
                word_start += 1;
                word_is_letters &= ch.is_alphabetic() || ".,)".contains(ch);
            }
            if let Some((_, chars, letters)) = word_memo.filter(|_| reached_memo) {
                word_start += chars;
                word_is_letters &= letters;
            }
            word_memo = Some((i, word_start, word_is_letters));
            // After closing punctuation (`2006).1`), but not inside a decimal (`10.5`); the
            // punctuation is one byte, so the character before it ends at `i - 1`.
            let after_punct = prev.is_some_and(|p| ".,)".contains(p))
                && text[..i - 1].chars().next_back().is_some_and(|b| !b.is_ascii_digit() && b != '.');
            if next.is_none_or(|n| n.is_whitespace() || ",.;:)".contains(n))
                && word_start >= 3
                && (word_is_letters || after_punct)
                && j - i <= 3
            {
                out.push(MarkerCandidate {
                    span: view.span(pos..j),
                    text: text[pos..j].to_string(),
                    score: if after_punct { 0.7 } else { 0.4 },
                    number: text[pos..j].parse().ok(),
                });
            }
            i = j.max(i + 1);
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// How well candidate `c` fits footnote `number` whose body opens with `body_marker`.
fn fit(c: &MarkerCandidate, number: u32, body_marker: &str) -> f32 {
    let mut s = c.score;
    if let Some(n) = c.number {
        if n == number {
            s += 0.3;
        } else if number.to_string().ends_with(&n.to_string()) {
            s += 0.05;
        } else {
            s -= 0.5;
        }
    }
    if c.text == body_marker {
        s += 0.1;
    }
    s
}

/// Assigns anchors: for each footnote (in order), the index of its candidate in `cands`.
///
/// `cands` must be sorted by position. Footnotes are aligned with candidates on their own
/// page first; a footnote left without one may take a strong candidate from the page before.
pub fn align(layout: &Layout, cands: &[MarkerCandidate]) -> Vec<Option<usize>> {
    let mut result = vec![None; layout.footnotes.len()];
    let n_pages = layout.pages.len();
    let mut by_page: Vec<Vec<usize>> = vec![Vec::new(); n_pages];
    for (f, note) in layout.footnotes.iter().enumerate() {
        if note.page < n_pages && !note.endnote {
            by_page[note.page].push(f);
        }
    }
    // Notes that stand together (nothing but notes and page furniture between their blocks)
    // share the running text above them; a page usually has one such cluster at its bottom,
    // a text without page breaks one wherever notes interrupt it.
    let mut cluster = vec![0usize; layout.footnotes.len()];
    let mut current = 0;
    let mut text_since = true;
    for b in &layout.blocks {
        match b.kind {
            BlockKind::Footnote(k) => {
                if text_since {
                    current += 1;
                    text_since = false;
                }
                if let Some(c) = cluster.get_mut(k) {
                    *c = current;
                }
            }
            BlockKind::PageFurniture => {}
            _ => text_since = true,
        }
    }
    for (page, bodies) in by_page.into_iter().enumerate() {
        let page_span = layout.pages[page];
        let mut from = page_span.start;
        for group in bodies.chunk_by(|&a, &b| cluster[a] == cluster[b]) {
            let first_body = layout.footnotes[group[0]].marker_span.start;
            // Candidates are sorted by position: the text above the notes is one range.
            let lo = cands.partition_point(|c| c.span.start < from);
            let hi = cands.partition_point(|c| c.span.start < first_body.min(page_span.end));
            let on_page: Vec<usize> = (lo..hi.max(lo)).collect();
            let expected: Vec<u32> = group.iter().map(|&b| b as u32 + 1).collect();
            let assigned = dp_align(group, &expected, &on_page, cands, &layout.footnotes);
            for (b, c) in group.iter().zip(assigned) {
                result[*b] = c;
            }
            from = group.last().map_or(from, |&k| layout.footnotes[k].lines.last().map_or(from, |l| l.end));
        }
    }
    align_endnotes(layout, cands, &mut result);
    result
}

/// Endnotes are aligned with the marks of all the running text between the previous run of
/// endnotes (or the start) and their own run; a run starts again at note 1 (chapters that
/// number their notes afresh), and each note expects its own printed number.
fn align_endnotes(layout: &Layout, cands: &[MarkerCandidate], result: &mut [Option<usize>]) {
    let notes = &layout.footnotes;
    // Every endnote opens with a clean number (`12`, `¹²`, `[12]`).
    let number = |k: usize| marker_number(&notes[k].marker).unwrap_or(0);
    let mut from = 0usize;
    let mut f = 0;
    while f < notes.len() {
        if !notes[f].endnote {
            f += 1;
            continue;
        }
        let mut run = vec![f];
        let mut last = number(f);
        f += 1;
        while f < notes.len() && notes[f].endnote {
            let n = number(f);
            if n <= last {
                break;
            }
            run.push(f);
            last = n;
            f += 1;
        }
        let first_body = notes[run[0]].marker_span.start;
        let lo = cands.partition_point(|c| c.span.start < from);
        let hi = cands.partition_point(|c| c.span.start < first_body);
        let window: Vec<usize> = (lo..hi.max(lo)).collect();
        let expected: Vec<u32> = run.iter().map(|&k| number(k)).collect();
        // The alignment table grows with notes × marks; past a few million cells (hundreds of
        // notes over a book's worth of text) take each note's number in order instead.
        let assigned = if run.len().saturating_mul(window.len()) <= 2_000_000 {
            dp_align(&run, &expected, &window, cands, notes)
        } else {
            let mut next = 0;
            expected
                .iter()
                .map(|&n| {
                    let found = window[next..].iter().position(|&c| cands[c].number == Some(n))?;
                    next += found + 1;
                    Some(window[next - 1])
                })
                .collect()
        };
        for (b, c) in run.iter().zip(assigned) {
            result[*b] = c;
        }
        from = notes[*run.last().unwrap_or(&run[0])].marker_span.end;
    }
}

/// Aligns `bodies` (indices into `notes`, expecting the numbers `expected`) with the
/// candidates `on_page` (indices into `cands`), keeping both in order.
fn dp_align(
    bodies: &[usize],
    expected: &[u32],
    on_page: &[usize],
    cands: &[MarkerCandidate],
    notes: &[FootnoteBlock],
) -> Vec<Option<usize>> {
    const THRESHOLD: f32 = 0.3;
    let (nb, nc) = (bodies.len(), on_page.len());
    // f[i][j]: best total for the first i bodies and first j candidates.
    let mut f = vec![vec![0f32; nc + 1]; nb + 1];
    for i in 1..=nb {
        for j in 0..=nc {
            let mut best = f[i - 1][j];
            if j > 0 {
                best = best.max(f[i][j - 1]);
                let b = &notes[bodies[i - 1]];
                let s = fit(&cands[on_page[j - 1]], expected[i - 1], &b.marker);
                if s >= THRESHOLD {
                    best = best.max(f[i - 1][j - 1] + s);
                }
            }
            f[i][j] = best;
        }
    }
    let mut out = vec![None; nb];
    let (mut i, mut j) = (nb, nc);
    while i > 0 {
        if j > 0 && f[i][j] == f[i][j - 1] {
            j -= 1;
        } else if f[i][j] == f[i - 1][j] {
            i -= 1;
        } else if j > 0 {
            out[i - 1] = Some(on_page[j - 1]);
            i -= 1;
            j -= 1;
        } else {
            i -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::{Options, extract};
    use crate::source::Source;

    /// A text with `n` marked sentences and their `n` endnotes under a `Notes` heading.
    fn with_endnotes(n: usize) -> String {
        let mut t = String::from("1. Introduction\n\n");
        for k in 1..=n {
            t.push_str(&format!("Sentence {} makes a claim about ‘something’ and ‘more’.{k} ", "x".repeat(k % 7 + 1)));
            if k % 5 == 0 {
                t.push_str("\n\n");
            }
        }
        t.push_str("\n\nNotes\n\n");
        for k in 1..=n {
            t.push_str(&format!("{k} The source of claim {k} is given here.\n"));
        }
        t
    }

    #[test]
    fn endnotes_find_their_numbered_marks_small_and_large() {
        // 40 notes go through the alignment table; 990 (about 3 million cells with the quotes'
        // marks) by number in order.
        for n in [40, 990] {
            let doc = extract(&Source::new("t", with_endnotes(n)), &Options::default());
            assert_eq!(doc.footnotes.len(), n);
            let anchored = doc.footnotes.iter().filter(|f| f.marker.as_deref() == Some(&f.number.to_string())).count();
            assert_eq!(anchored, n, "{n} endnotes");
        }
    }
}
