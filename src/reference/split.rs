//! Cutting a reference section into entries, and spotting lines that start one.
//!
//! Entries arrive one per line (clean text), wrapped with hanging indents or plain continuation
//! lines (PDF extraction), numbered or not, and broken across pages with blank lines, form feeds
//! and running page numbers in between. The splitter first drops the page furniture, then picks
//! the strongest layout signal present — numbering, then hanging indentation, then "a line that
//! looks like an entry start after a line that looks finished" — instead of trusting one.

use super::ascii_b;
use super::names::is_initials;
use crate::source::{Source, Span};
use regex::Regex;
use std::sync::LazyLock;

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&ascii_b(r"^\s*(?:\[\s*(\d{1,4})\s*\]|\((\d{1,4})\)|(\d{1,4})\s*[.)](?:\s|$))")).expect("valid regex")
});
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&ascii_b(
        r"(?i)^\s*(?:(?:page|p\.|seite)?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]|[ivxlc]{1,6})\s*$",
    ))
    .expect("valid regex")
});
static NAME_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&ascii_b(
        r"^(?:(?:van|von|de|der|den|la|le|di|da|du|del|van der|van den|de la)\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?(?:,\s*(?:\p{Lu}\.|\p{Lu}[\p{Ll}]+|\p{Lu}{1,3}\b)|\s+\p{Lu}{1,3}(?:[,.]|\s+\d|$)|\s+\p{Lu}\.(?:\s*\p{Lu}\.)*[,\s])",
    ))
    .expect("valid regex")
});
static INITIALS_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&ascii_b(r"^\p{Lu}\.(?:\s?-?\p{Lu}\.)*\s?(?:(?:van|von|de|der|la|di|da)\s+)*\p{Lu}[\p{L}'’-]+"))
        .expect("valid regex")
});
static YEAR_EARLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&ascii_b(r"(?:\(\s*(?:1[6-9]|20)\d\d[a-z]?\s*[),]|[.,]\s(?:1[6-9]|20)\d\d[a-z]?[.,:;)]|\(n\.d\.\))"))
        .expect("valid regex")
});
static YEAR_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&ascii_b(r"\b(?:1[6-9]|20)\d\d[a-z]?\b")).expect("valid regex"));
static LOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&ascii_b(
        r"(?i)\d+\s*\(\d+\)\s*[:,]|\d+\s*:\s*\d+|\bpp?\.\s*\d|\bvol\.\s*\d|\bdoi\b|10\.\d{4,}/|https?://",
    ))
    .expect("valid regex")
});

/// How much a single line looks like the start of a reference entry (0..1).
pub fn entry_start_score(line: &str) -> f32 {
    let t = line.trim();
    if t.chars().count() < 8 {
        return 0.0;
    }
    let mut score: f32 = 0.0;
    let mut body = t;
    if let Some(m) = NUMBERED.find(t) {
        score += 0.45;
        body = t[m.end()..].trim_start();
    }
    let first = body.chars().next().unwrap_or(' ');
    if first.is_lowercase() && !body.starts_with("van ") && !body.starts_with("von ") && !body.starts_with("de ") {
        score -= 0.4;
    }
    if NAME_START.is_match(body) || INITIALS_START.is_match(body) {
        score += 0.4;
    } else if first.is_uppercase() {
        score += 0.1;
        // `WHO. 2019.` / `Baldwin PR` style where the first word is followed by initials.
        if body.split_whitespace().nth(1).is_some_and(is_initials) {
            score += 0.15;
        }
    } else if matches!(first, '"' | '“' | '‘') {
        score += 0.05;
    }
    let head: String = body.chars().take(160).collect();
    if YEAR_EARLY.is_match(&head) {
        score += 0.3;
    } else if YEAR_ANY.is_match(body) {
        score += 0.15;
    }
    if LOCATOR.is_match(body) {
        score += 0.15;
    }
    if t.chars().count() < 25 {
        score -= 0.2;
    }
    score.clamp(0.0, 1.0)
}

/// A line of the region with its byte span and indentation.
struct Line<'a> {
    span: Span,
    text: &'a str,
    indent: usize,
}

fn ends_finished(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with('.')
        || t.ends_with(')')
        || t.ends_with(']')
        || t.chars().last().is_some_and(|c| c.is_ascii_digit())
        || t.ends_with('/') && t.contains("://")
}

fn ends_open(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with('-') && !t.ends_with(" -")
        || t.ends_with(',')
        || t.ends_with('&')
        || t.ends_with(" and")
        || t.ends_with(':')
        || t.ends_with(';')
        || t.ends_with(" in")
        || t.ends_with(" of")
        || t.ends_with(" the")
}

/// Splits the reference section `region` of `src` into entries; returns byte spans of `src.text`.
pub fn split_entries(src: &Source, region: Span) -> Vec<Span> {
    let text = &src.text;
    let region = Span::new(region.start.min(text.len()), region.end.min(text.len()));
    let mut lines: Vec<Line> = Vec::new();
    let mut pos = region.start;
    while pos < region.end {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[pos..region.end]).map(|i| pos + i).unwrap_or(region.end);
        let raw = text.get(pos..line_end).unwrap_or("");
        let raw_trim_end = raw.trim_end_matches(['\r', '\n']);
        // Form feeds and other blanks at the start.
        let lead = raw_trim_end.len() - raw_trim_end.trim_start().len();
        let indent = raw_trim_end[..lead]
            .chars()
            .filter(|c| *c == ' ' || *c == '\t')
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let content = raw_trim_end.trim();
        if !content.is_empty() && !PAGE_FURNITURE.is_match(content) {
            let start = pos + lead;
            let end = start + content.len();
            lines.push(Line { span: Span::new(start, end), text: content, indent });
        }
        pos = line_end + 1;
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let n = lines.len();
    let starts: Vec<bool> = {
        let numbered = lines.iter().filter(|l| NUMBERED.is_match(l.text)).count();
        let min_indent = lines.iter().map(|l| l.indent).min().unwrap_or(0);
        let indented = lines.iter().filter(|l| l.indent > min_indent).count();
        let scores: Vec<f32> = lines.iter().map(|l| entry_start_score(l.text)).collect();
        if numbered >= 2 && numbered * 2 >= count_entries_guess(&scores) {
            // Numbered list: a new entry at each number, following the sequence when it can.
            let mut expect: Option<u32> = None;
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let num = NUMBERED
                        .captures(l.text)
                        .and_then(|c| c.iter().skip(1).flatten().next().and_then(|m| m.as_str().parse::<u32>().ok()));
                    match num {
                        Some(k) if i == 0 || expect.is_none_or(|e| k == e || (k > e && k <= e + 3)) => {
                            expect = Some(k + 1);
                            true
                        }
                        _ => i == 0,
                    }
                })
                .collect()
        } else if indented * 5 >= n
            && indented < n
            && lines.iter().filter(|l| l.indent == min_indent).count() >= 2
            && hanging(&lines, min_indent)
        {
            lines.iter().enumerate().map(|(i, l)| i == 0 || l.indent == min_indent).collect()
        } else {
            let mut v = Vec::with_capacity(n);
            for i in 0..n {
                if i == 0 {
                    v.push(true);
                    continue;
                }
                let prev = lines[i - 1].text;
                let s = scores[i];
                let start = if ends_open(prev) {
                    false
                } else if ends_finished(prev) {
                    s >= 0.4
                } else {
                    s >= 0.7
                };
                v.push(start);
            }
            v
        }
    };
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    for (l, st) in lines.iter().zip(starts) {
        match cur {
            Some(c) if !st => cur = Some(Span::new(c.start, l.span.end)),
            Some(c) => {
                out.push(c);
                cur = Some(l.span);
            }
            None => cur = Some(l.span),
        }
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out
}

fn count_entries_guess(scores: &[f32]) -> usize {
    scores.iter().filter(|s| **s >= 0.5).count().max(1)
}

/// Hanging indent: the unindented lines look like entry starts more often than the indented ones.
fn hanging(lines: &[Line], min_indent: usize) -> bool {
    let (mut a, mut na, mut b, mut nb) = (0.0f32, 0usize, 0.0f32, 0usize);
    for l in lines {
        let s = entry_start_score(l.text);
        if l.indent == min_indent {
            a += s;
            na += 1;
        } else {
            b += s;
            nb += 1;
        }
    }
    na > 0 && nb > 0 && a / na as f32 > b / nb as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let src = Source::new("t", text.to_string());
        split_entries(&src, Span::new(0, text.len())).into_iter().map(|s| src.slice(s).to_string()).collect()
    }

    #[test]
    fn scores() {
        assert!(entry_start_score("Smith, J. A., & Lee, K. (2001). Title. Journal, 3(2), 1–10.") > 0.7);
        assert!(
            entry_start_score("Baldwin PR, Penczek PA. 2007. The Transform Class. J Struct Biol 157:250–61.") > 0.7
        );
        assert!(entry_start_score("and the results were consistent with earlier work on the topic") < 0.3);
    }

    #[test]
    fn one_per_line() {
        let v = split("Baldwin PR. 2007. A title. J Biol 1:2–3.\nBoyer LA. 2004. Another. Nat Rev 5:158–63.\n");
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn wrapped_and_paged() {
        let t = "Smith, J. (2001). A long title that wraps\n  onto a second line. Journal, 3, 1-10.\n\n\x0c12\n\nLee, K. (2002). Other. Journal, 4, 2-3.\n";
        let v = split(t);
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v[0].ends_with("1-10."));
    }

    #[test]
    fn numbered() {
        let t = "[1] A. Smith, Title one, J. Phys. 1 (2001) 2.\n[2] B. Jones, Title two that wraps\nover, Nature 3 (2002) 4.\n";
        let v = split(t);
        assert_eq!(v.len(), 2);
        assert!(v[1].contains("over"));
    }
}
