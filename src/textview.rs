//! A joined, de-hyphenated view of several lines that maps back to original offsets.
//!
//! Citations and sentences cross line ends (`(Eisneberg et\nal., 1989)`) and page breaks,
//! and PDF text hyphenates words at line ends (`Ge-\nnomics`). Parsers work on the joined
//! text; every position they report goes through [`TextView::span`], so spans still point
//! into the original bytes. The map is a list of copied runs (one per line), not a table per
//! byte, so it costs a few words per line.

use crate::source::{Source, Span};
use std::ops::Range;

/// One run of bytes copied verbatim from the original.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Offset in the joined text.
    joined: usize,
    /// Offset in the original text.
    orig: usize,
    /// Length in bytes.
    len: usize,
}

/// Joined text plus the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct TextView {
    /// The joined text: lines separated by one space, line-end hyphens of split words removed.
    pub text: String,
    runs: Vec<Run>,
    /// Joined offsets where a line-end hyphen was removed.
    removed_hyphens: Vec<usize>,
}

impl TextView {
    /// Joins the given line spans (content only, no terminators) of `src`.
    ///
    /// Leading and trailing whitespace of each line is dropped. A line ending in
    /// `letter-` followed by a line starting with a lower-case letter is joined without the
    /// hyphen (`Ge-`/`nomics`); other line-end hyphens are kept and joined without a space
    /// (`Abdel-`/`Aziza`, `5-`/`year`).
    pub fn from_lines(src: &Source, lines: &[Span]) -> TextView {
        let mut view = TextView {
            text: String::with_capacity(lines.iter().map(|l| l.len() + 1).sum()),
            runs: Vec::with_capacity(lines.len()),
            removed_hyphens: Vec::new(),
        };
        let mut pending_join = Join::None;
        for &line in lines {
            let raw = src.slice(line);
            let trimmed_start = raw.trim_start_matches(is_space);
            let lead = raw.len() - trimmed_start.len();
            let content = trimmed_start.trim_end_matches(is_space);
            if content.is_empty() {
                continue;
            }
            let mut orig = line.start + lead;
            let mut content = content;
            match pending_join {
                Join::None => {}
                Join::Space => view.text.push(' '),
                Join::Hyphen { after_letter } => {
                    let starts_lower = content.chars().next().is_some_and(|c| c.is_lowercase());
                    if after_letter && starts_lower {
                        // Remove the hyphen that ended the previous run.
                        if let Some(last) = view.runs.last_mut() {
                            last.len -= 1;
                        }
                        view.text.pop();
                        view.removed_hyphens.push(view.text.len());
                    }
                }
            }
            // Drop a leading BOM so it never reaches a parser.
            if let Some(rest) = content.strip_prefix('\u{feff}') {
                orig += 3;
                content = rest;
            }
            // A soft hyphen ending the line marks where a word was broken: join it up.
            let soft_break = content.ends_with(SOFT_HYPHEN);
            view.push_visible(content, orig);
            pending_join = if soft_break {
                Join::None
            } else {
                split_hyphen(content).map(|after_letter| Join::Hyphen { after_letter }).unwrap_or(Join::Space)
            };
        }
        view
    }

    /// Appends `content` (at original offset `orig`) without the invisible characters that
    /// PDF text carries inside words and groups (soft hyphens, zero-width spaces, word
    /// joiners, stray BOMs): `Schrei\u{ad}ner`, `(Liu,\u{200b} 2021)`. Each removal starts a
    /// new run, so offsets still map back.
    fn push_visible(&mut self, content: &str, orig: usize) {
        let maybe = content.bytes().any(|b| b == 0xC2 || b == 0xE2 || b == 0xEF);
        if !maybe || !content.contains(is_invisible) {
            self.runs.push(Run { joined: self.text.len(), orig, len: content.len() });
            self.text.push_str(content);
            return;
        }
        let mut from = 0;
        for (i, c) in content.char_indices().filter(|&(_, c)| is_invisible(c)).chain([(content.len(), ' ')]) {
            if i > from {
                self.runs.push(Run { joined: self.text.len(), orig: orig + from, len: i - from });
                self.text.push_str(&content[from..i]);
            }
            from = i + c.len_utf8();
        }
    }

    /// The original offset of joined offset `at` (a start position).
    pub fn orig_start(&self, at: usize) -> usize {
        let i = self.runs.partition_point(|r| r.joined <= at);
        if i == 0 {
            return self.runs.first().map(|r| r.orig).unwrap_or(0);
        }
        let r = self.runs[i - 1];
        if at < r.joined + r.len {
            r.orig + (at - r.joined)
        } else if let Some(next) = self.runs.get(i) {
            next.orig
        } else {
            r.orig + r.len
        }
    }

    /// The original offset of joined offset `at` used as an exclusive end.
    pub fn orig_end(&self, at: usize) -> usize {
        let i = self.runs.partition_point(|r| r.joined < at);
        if i == 0 {
            return self.runs.first().map(|r| r.orig).unwrap_or(0);
        }
        let r = self.runs[i - 1];
        r.orig + (at - r.joined).min(r.len)
    }

    /// The original span of a joined range.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.orig_start(range.start);
        Span::new(start, self.orig_end(range.end).max(start))
    }

    /// The text of a joined range as the document writes it: line-end hyphens that joining
    /// removed are put back (`Gre-goretti`), since joining cannot tell `Gre-`/`goretti` from
    /// `Chatr-`/`aryamontri`. Use it for names, which must match the document.
    pub fn as_written(&self, range: Range<usize>) -> String {
        let mut out = String::with_capacity(range.len() + 2);
        let mut at = range.start;
        let first = self.removed_hyphens.partition_point(|&h| h <= range.start);
        for &h in &self.removed_hyphens[first..] {
            if h >= range.end {
                break;
            }
            out.push_str(&self.text[at..h]);
            out.push('-');
            at = h;
        }
        out.push_str(&self.text[at..range.end]);
        out
    }
}

#[derive(Clone, Copy)]
enum Join {
    None,
    Space,
    Hyphen { after_letter: bool },
}

const SOFT_HYPHEN: char = '\u{ad}';

/// Characters that print nothing and join nothing in running text.
fn is_invisible(c: char) -> bool {
    matches!(c, SOFT_HYPHEN | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// For a line ending in a hyphen attached to a word, whether the character before it is a letter.
fn split_hyphen(s: &str) -> Option<bool> {
    let mut it = s.chars().rev();
    if it.next() != Some('-') {
        return None;
    }
    it.next().filter(|c| !c.is_whitespace()).map(|c| c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_hyphens_and_zero_width_characters_are_dropped_with_offsets_kept() {
        let (src, v) = view("made by Schrei\u{ad}\nner (2015) and (Liu,\u{200b} 2021)\n");
        assert_eq!(v.text, "made by Schreiner (2015) and (Liu, 2021)");
        let at = v.text.find("Schreiner").unwrap();
        let sp = v.span(at..at + "Schreiner".len());
        assert_eq!(src.slice(sp), "Schrei\u{ad}\nner");
        let liu = v.text.find("Liu, 2021").unwrap();
        assert_eq!(src.slice(v.span(liu..liu + "Liu, 2021".len())), "Liu,\u{200b} 2021");
        assert_eq!(v.as_written(at..at + 9), "Schreiner");
    }

    fn view(text: &str) -> (Source, TextView) {
        let src = Source::new("t", text.to_string());
        let lines: Vec<Span> = (1..=src.line_count()).map(|l| src.line_span(l)).collect();
        let v = TextView::from_lines(&src, &lines);
        (src, v)
    }

    #[test]
    fn joins_and_maps_back() {
        let (src, v) = view("(Eisneberg et\n al., 1989) was");
        assert_eq!(v.text, "(Eisneberg et al., 1989) was");
        let at = v.text.find("al.").unwrap();
        let sp = v.span(at..at + 3);
        assert_eq!(src.slice(sp), "al.");
        let sp = v.span(1..v.text.find(')').unwrap());
        assert_eq!(src.slice(sp), "Eisneberg et\n al., 1989");
    }

    #[test]
    fn dehyphenates_lower_case_continuations_only() {
        let (src, v) = view("the Ge-\nnomics track, Abdel-\nAziza and 5-\nyear");
        assert_eq!(v.text, "the Genomics track, Abdel-Aziza and 5-year");
        let at = v.text.find("Genomics").unwrap();
        assert_eq!(src.slice(v.span(at..at + 8)), "Ge-\nnomics");
        assert_eq!(v.as_written(at..at + 8), "Ge-nomics");
        assert_eq!(v.as_written(0..3), "the");
    }

    #[test]
    fn multibyte_ends() {
        let (src, v) = view("Genéve\nZürich");
        let at = v.text.find("Zürich").unwrap();
        assert_eq!(src.slice(v.span(at..v.text.len())), "Zürich");
        assert_eq!(src.slice(v.span(0..7)), "Genéve");
    }
}
