//! Cutting a reference section into entries, and spotting lines that start one.
//!
//! Entries arrive one per line (clean text), wrapped with hanging indents or plain continuation
//! lines (PDF extraction), numbered or not, and broken across pages with blank lines, form feeds
//! and running page numbers in between. The splitter first drops the page furniture, then picks
//! the strongest layout signal present — numbering, then hanging indentation, then "a line that
//! looks like an entry start after a line that looks finished" — instead of trusting one.

use super::names::is_initials;
use crate::source::{Source, Span};
use regex::Regex;
use std::sync::LazyLock;

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(r"^\s*(?:\[\s*(\d{1,4})\s*\]|\((\d{1,4})\)|(\d{1,4})\s*[.)](?:\s|$))")
});
/// A bare list number before a capitalised word: `1 E. Bruck, J. Phys. D …` (RSC and other
/// numbered styles as PDF text leaves them). Trusted only in sequence.
static NUMBERED_BARE: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"^\s*(\d{1,4})\s+\p{Lu}"));

/// The list number that opens `line`: `[12]`, `(12)`, `12.`, `12)`, or a bare `12 ` when
/// `bare` allows it.
fn list_number(line: &str, bare: bool) -> Option<u32> {
    let re: &Regex = if NUMBERED.is_match(line) {
        &NUMBERED
    } else if bare {
        &NUMBERED_BARE
    } else {
        return None;
    };
    re.captures(line).and_then(|c| c.iter().skip(1).flatten().next().and_then(|m| m.as_str().parse::<u32>().ok()))
}

/// Lines opening with a bare number that continues the running sequence (1, 2, 3, …; a few
/// may be skipped where a line was lost).
fn bare_sequence(lines: &[Line]) -> usize {
    let mut expect = 1u32;
    let mut n = 0;
    for l in lines {
        if NUMBERED.is_match(l.text) {
            continue;
        }
        if let Some(k) = list_number(l.text, true).filter(|&k| k >= expect && k <= expect + 3) {
            n += 1;
            expect = k + 1;
        }
    }
    n
}

/// `[Bais 2010]`, `[BAD10]`, `[DHR+ 11]`: an alphanumeric citation key in brackets at the start of the line.
static KEY_LABEL: LazyLock<Regex> =
    LazyLock::new(|| crate::reference::build_regex(r"^\s*\[[\p{L}][^\[\]]{0,38}\]\s*\S"));
/// A running header or footer: a heading word with a page number (`REFERENCES 482`, `482 Bibliography`).
static RUNNING_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(
        r"(?i)^\s*(?:\d{1,4}\s+)?(?:references?|bibliography|literature cited|works cited|literatur|bibliographie|r[ée]f[ée]rences)(?:\s+\d{1,4})?\s*$",
    )
});
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(
        r"(?i)^\s*(?:(?:page|p\.|seite)?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]|[ivxlc]{1,6})\s*$",
    )
});
static NAME_START: LazyLock<Regex> = LazyLock::new(|| {
    // Up to three particles may open the name (`van der`, `von zur`, `dei`): the shared lexicon.
    crate::reference::build_regex(&format!(
        r"^(?:(?:{})\s+){{0,3}}\p{{Lu}}[\p{{L}}'’-]+(?:\s+\p{{Lu}}[\p{{L}}'’-]+)?(?:,\s*(?:\p{{Lu}}\.|\p{{Lu}}[\p{{Ll}}]+|\p{{Lu}}{{1,3}}\b)|\s+\p{{Lu}}{{1,3}}(?:[,.]|\s+\d|$)|\s+\p{{Lu}}\.(?:\s*\p{{Lu}}\.)*[,\s])",
        crate::lexicon::particle_alternation()
    ))
});
static INITIALS_START: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(&format!(
        r"^\p{{Lu}}\.(?:\s?-?\p{{Lu}}\.)*\s?(?:(?:{})\s+){{0,3}}\p{{Lu}}[\p{{L}}'’-]+",
        crate::lexicon::particle_alternation()
    ))
});
static YEAR_EARLY: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(r"(?:\(\s*{YEAR}[a-z]?\s*[),]|[.,]\s{YEAR}[a-z]?[.,:;)]|\(n\.d\.\))")
});
/// Lines that only ever continue an entry: a DOI, a URL or an access note, or a journal's
/// volume and pages (`J Comput Chem 25:1605–12.`, `BMC Biology 9:47.`), which wrapped
/// entries push onto a line of their own.
static CONTINUATION_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(
        r"^(?:(?i:doi\s*:|https?://|www\.|url\b|available\s+(?:at|from)\b|retrieved\s+from\b|accessed\b|\[accessed|pmid\s*:|isbn\b)|\p{Lu}[\p{L}.&' -]{0,60}?\s\d{1,4}(?:\s?\([^()]{1,12}\))?\s?:\s?\p{Lu}?\d)",
    )
});
/// A line that opens with the year, as `Authors. Year. Title.` continues after a wrap.
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"^\(?{YEAR}[a-z]?\)?[.,:]"));
/// A line that ends with the names and the year of an entry (`Levitt M, Brenner SE. 2004.`,
/// `Smith, J. (2004).`): its title follows on the next line.
static NAMES_THEN_YEAR_END: LazyLock<Regex> =
    LazyLock::new(|| crate::reference::build_regex(r"(?:et al\.|\b\p{Lu}{1,3}\.?)\s+\(?{YEAR}[a-z]?\)?\.$"));
/// A line that opens with initials and a comma (`RM, Walter P. 2009.`).
static INITIALS_COMMA: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"^\p{Lu}{1,3}[,.]\s"));
static YEAR_ANY: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"\b{YEAR}[a-z]?\b"));
static LOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    crate::reference::build_regex(
        r"(?i)\d+\s*\(\d+\)\s*[:,]|\d+\s*:\s*\d+|\bpp?\.\s*\d|\bvol\.\s*\d|\bdoi\b|10\.\d{4,}/|https?://",
    )
});

/// How much a single line looks like the start of a reference entry (0..1).
pub fn entry_start_score(line: &str) -> f32 {
    let t = line.trim();
    if t.chars().count() < 8 {
        return 0.0;
    }
    if CONTINUATION_ONLY.is_match(t) {
        return 0.0;
    }
    let mut score: f32 = 0.0;
    let mut body = t;
    if let Some(m) = NUMBERED.find(t) {
        score += 0.45;
        body = t[m.end()..].trim_start();
    }
    let first = body.chars().next().unwrap_or(' ');
    if first.is_lowercase() && !crate::lexicon::starts_with_particle(body) {
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
    /// A blank line (or dropped page furniture) stands between this line and the previous one.
    after_blank: bool,
}

fn ends_finished(t: &str) -> bool {
    let t = t.trim_end();
    // A DOI or URL closes an entry whatever its last character.
    let last = t.rsplit(char::is_whitespace).next().unwrap_or("");
    if last.contains("://") || last.starts_with("doi:") || last.starts_with("10.") && last.contains('/') {
        return true;
    }
    t.ends_with('.')
        || t.ends_with(')')
        || t.ends_with(']')
        || t.chars().last().is_some_and(|c| c.is_ascii_digit())
        || t.ends_with('/') && t.contains("://")
}

/// Whether `line` goes on with the author list that `prev` ends: after `et al.` or an initial
/// (`Ron D.`) comes the year (`2004. Title`); after a bare family name (`Stroud`) come its
/// initials (`RM, Walter P.`). Entries wrapped in styles that put the year after the names.
fn continues_author_list(prev: &str, line: &str) -> bool {
    let prev = prev.trim_end();
    let last = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    let initial = {
        let w = last.trim_end_matches('.');
        !w.is_empty() && w.chars().count() <= 3 && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
    };
    if (prev.ends_with("et al.") || initial && last.ends_with('.')) && YEAR_FIRST.is_match(line) {
        return true;
    }
    let bare_name = last.chars().next().is_some_and(char::is_uppercase)
        && last.chars().count() >= 2
        && last.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && last.chars().skip(1).any(char::is_lowercase);
    bare_name && INITIALS_COMMA.is_match(line)
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
    let mut gap = false;
    // Running headers repeat on every page with only the page number changing.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut raw_lines: Vec<(usize, usize, &str)> = Vec::new();
    while pos < region.end {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[pos..region.end]).map(|i| pos + i).unwrap_or(region.end);
        let raw = text.get(pos..line_end).unwrap_or("");
        let raw_trim_end = raw.trim_end_matches(['\r', '\n']);
        raw_lines.push((pos, line_end, raw_trim_end));
        let t = raw_trim_end.trim();
        if !t.is_empty() && t.len() < 100 {
            *seen.entry(furniture_key(t)).or_default() += 1;
        }
        pos = line_end + 1;
    }
    for (pos, _, raw_trim_end) in raw_lines {
        // Form feeds and other blanks at the start.
        let lead = raw_trim_end.len() - raw_trim_end.trim_start().len();
        let indent = raw_trim_end[..lead]
            .chars()
            .filter(|c| *c == ' ' || *c == '\t')
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let content = raw_trim_end.trim();
        let repeated = content.len() < 100
            && content.split_whitespace().count() <= 16
            && content.split_whitespace().count() >= 2
            && seen.get(&furniture_key(content)).is_some_and(|&k| k >= 3)
            && {
                let key = furniture_key(content);
                let letters = key.chars().filter(|c| c.is_alphabetic()).count();
                letters >= 6 && letters * 10 >= key.chars().count() * 7
            };
        let blank = content.is_empty() || content.contains('\x0c') && content.trim_matches('\x0c').trim().is_empty();
        if blank || PAGE_FURNITURE.is_match(content) || RUNNING_HEAD.is_match(content) || repeated {
            gap = true;
        } else {
            let start = pos + lead;
            let end = start + content.len();
            lines.push(Line { span: Span::new(start, end), text: content, indent, after_blank: gap });
            gap = false;
        }
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let n = lines.len();
    let starts: Vec<bool> = {
        let numbered_marked = lines.iter().filter(|l| NUMBERED.is_match(l.text)).count();
        let bare_numbered = bare_sequence(&lines);
        // Bare numbers count when they, not marked ones, number the list.
        let bare = bare_numbered > numbered_marked;
        let numbered = if bare { bare_numbered } else { numbered_marked };
        let keyed = lines.iter().filter(|l| KEY_LABEL.is_match(l.text)).count();
        let min_indent = lines.iter().map(|l| l.indent).min().unwrap_or(0);
        let indented = lines.iter().filter(|l| l.indent > min_indent).count();
        let scores: Vec<f32> = lines.iter().map(|l| entry_start_score(l.text)).collect();
        let guess = count_entries_guess(&scores);
        if keyed >= 2 && keyed * 3 >= guess && keyed >= numbered {
            // `[Bais 2010] ...`, `[BAD10] ...`: every key starts an entry.
            lines.iter().enumerate().map(|(i, l)| i == 0 || KEY_LABEL.is_match(l.text)).collect()
        } else if numbered >= 2 && numbered * 2 >= guess {
            // Numbered list: a new entry at each number, following the sequence when it can.
            let mut expect: Option<u32> = None;
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let num = list_number(l.text, bare);
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
            && hanging(&lines, &scores, min_indent)
        {
            lines.iter().enumerate().map(|(i, l)| i == 0 || l.indent == min_indent).collect()
        } else if let Some(v) = blank_separated(&lines, &scores) {
            v
        } else {
            let mut v = Vec::with_capacity(n);
            // Whether the entry read so far has a year: `2013. Title` after a yearless entry
            // (`United Nations, Department of ..., Population Division.`) is its year.
            let mut has_year = false;
            for i in 0..n {
                if i == 0 {
                    v.push(true);
                    has_year = YEAR_ANY.is_match(lines[i].text);
                    continue;
                }
                let prev = lines[i - 1].text;
                let s = scores[i];
                let text = lines[i].text;
                let start = if ends_open(prev)
                    || continues_author_list(prev, text)
                    || NAMES_THEN_YEAR_END.is_match(prev.trim_end())
                    || (!has_year && YEAR_FIRST.is_match(text))
                {
                    false
                } else if ends_finished(prev) {
                    s >= 0.4
                } else {
                    s >= 0.7
                };
                has_year = (!start && has_year) || YEAR_ANY.is_match(text);
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
fn hanging(lines: &[Line], scores: &[f32], min_indent: usize) -> bool {
    let (mut a, mut na, mut b, mut nb) = (0.0f32, 0usize, 0.0f32, 0usize);
    for (l, s) in lines.iter().zip(scores) {
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

/// Flush-left entries with a blank line between them: each block is an entry, except a block
/// that continues the previous one across a page break (it starts in lower case or does not
/// look like an entry start while the previous block looks unfinished).
/// Returns `None` when the blank lines are not entry separators (double spacing, no blanks).
fn blank_separated(lines: &[Line], scores: &[f32]) -> Option<Vec<bool>> {
    let firsts: Vec<usize> = (0..lines.len()).filter(|&i| i == 0 || lines[i].after_blank).collect();
    if firsts.len() < 3 {
        return None;
    }
    let multi =
        firsts.iter().enumerate().filter(|&(k, &i)| firsts.get(k + 1).copied().unwrap_or(lines.len()) > i + 1).count();
    let good = firsts.iter().filter(|&&i| scores[i] >= 0.4).count();
    if multi * 10 < firsts.len() * 3 || good * 10 < firsts.len() * 7 {
        return None;
    }
    let mut v = vec![false; lines.len()];
    v[0] = true;
    for &i in &firsts[1..] {
        let t = lines[i].text;
        let lower = t.chars().next().is_some_and(|c| c.is_lowercase());
        let continues = lower
            || (scores[i] < 0.3 && !ends_finished(lines[i - 1].text))
            || ends_open(lines[i - 1].text) && scores[i] < 0.5;
        v[i] = !continues;
    }
    Some(v)
}

/// A line without a leading or trailing page number, to spot running headers that differ only
/// in the page number.
fn furniture_key(t: &str) -> String {
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
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
    fn wrapped_author_year_entries_without_indents() {
        // Invented entries in the `Authors. Year. Title. Journal Vol:Pages. DOI` style, wrapped
        // at the margin with no hanging indent.
        let t = "Aldane QR, Borrow T, Castel UV, Dunmore PL, et al.\n\
                 2004. Silent marks on wandering genes. Gene Rep 12:101–109.\n\
                 Eyre FM, Fallow J, Garrick HS, Holm RD, Ivers KM, Jarrow\n\
                 RM, Kell P. 2009. A second title that runs long.\n\
                 J Comput Chem 25:1605–12.\n\
                 Lorne A, Moss B, Nye SE. 2004.\n\
                 The Third Compendium in 2004. Nucleic Notes 32:D189–D192. DOI:\n\
                 https://doi.org/10.9999/nn/abc012\n\
                 Orrin Council, Department of Harbours, Statistics Division.\n\
                 2013. Harbour tables: the 2012 revision. Orrin: Council Press.\n\
                 Penrose T, Quill V. 2011. Fourth. Biol Lett 349(Pt 2):385–402.\n\
                 Rowe S. 2012. Fifth. Chem Rev 7:1–9. http://example.org/rowe#fifth\n\
                 Stone U, Tarn W. 2013. Sixth. Acta Fict 1:2–3.\n";
        let v = split(t);
        assert_eq!(v.len(), 7, "{v:#?}");
        assert!(v[1].ends_with("J Comput Chem 25:1605–12."), "{}", v[1]);
        assert!(v[4].starts_with("Penrose T") && v[4].ends_with("385–402."), "{}", v[4]);
        assert!(v[6].starts_with("Stone U"), "{}", v[6]);
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

    #[test]
    fn bare_numbers_in_sequence() {
        let t = "1 E. Abel, J. Phys. D: Appl. Phys., 2005, 38, R381.\n2 K. A. Baker, V. K. Cole and A. O. Dunn, Rep.\nProg. Phys., 2005, 68, 1479.\n3 B. G. Eyre, Adv. Mater., 2009, 21, 4545.\n";
        let v = split(t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v[1].ends_with("68, 1479."));
    }

    #[test]
    fn key_labels() {
        let t = "[Ames 2001] Ames, K. A title that runs on\n       over two lines. Journal 3, 2001.\n\n[BK99]  B. Bell and C. King. Another title.\n       Proc. Foo, 1999.\n[Cole] Cole, D. Third. Press, 2003.\n";
        let v = split(t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v[0].ends_with("Journal 3, 2001."));
    }

    #[test]
    fn running_headers_and_blank_separated_entries() {
        let t = "Abel, Q. and R. Stone (2010). \"A first made-up title.\" Journal of Tests\n12: 1-9.\n\nBrook, T., U. Vale and W. Marsh (2011). \"Second made-up title\nabout things.\" Journal of Tests 13(2): 4-8.\n\nREFERENCES                     41\n\nCrane, P. (2012). Third made-up title. Town, Press.\n\nDrake, L. and M. Heath (2013). Fourth title. Review of Tests\n14: 5-6.\n\nREFERENCES                     42\n\nEsk, N. (2014). Fifth title. Journal 2: 1-2.\n\nREFERENCES                     43\n";
        let v = split(t);
        assert_eq!(v.len(), 5, "{v:?}");
        assert!(v[1].starts_with("Brook") && v[1].ends_with("4-8."));
        assert!(v.iter().all(|e| !e.contains("REFERENCES")), "{v:?}");
    }

    #[test]
    fn hanging_indent_across_a_page_break() {
        let t = "Adams, J. 2001. A made-up title that is long enough to\n    wrap onto the next line. Journal 1: 2-3.\nBaker, K. 2002. Another made-up title that wraps and then\n\n\x0c                                          17\n\n    continues on the next page. Journal 2: 4-5.\nCarter, L. 2003. Short. Journal 3: 6-7.\n";
        let v = split(t);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v[1].ends_with("Journal 2: 4-5."));
    }
}
