//! Reading helpers for the rules: all bounded, all on byte offsets of ASCII structure.

/// How far any rule looks from its trigger, in bytes.
pub(crate) const WINDOW: usize = 160;

/// A character of a word: a letter or a digit, or `-` and `'` inside one.
pub(crate) fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'
}

/// Is there a word boundary before `at`?
pub(crate) fn boundary_before(t: &str, at: usize) -> bool {
    t[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// Is there a word boundary after `at` (the end of a match)?
pub(crate) fn boundary_after(t: &str, at: usize) -> bool {
    t[at.min(t.len())..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// Skips spaces (and no-break spaces) from `at`.
pub(crate) fn skip_space(t: &str, mut at: usize) -> usize {
    let b = t.as_bytes();
    loop {
        if at < b.len() && (b[at] == b' ' || b[at] == b'\t' || b[at] == b'\n') {
            at += 1;
        } else if t[at.min(t.len())..].starts_with('\u{a0}') {
            at += 2;
        } else {
            return at;
        }
    }
}

/// The end of a run of ASCII digits starting at `at` (`at` itself when there is none).
pub(crate) fn digits(t: &str, at: usize) -> usize {
    let b = t.as_bytes();
    let mut e = at;
    while e < b.len() && b[e].is_ascii_digit() && e - at < 12 {
        e += 1;
    }
    e
}

/// The word (letters and digits, `-` and `'` inside) starting at `at`, with its end.
pub(crate) fn word_at(t: &str, at: usize) -> Option<(&str, usize)> {
    let rest = t.get(at..)?;
    let mut e = at;
    for (n, c) in rest.chars().enumerate() {
        if n >= 40 || !word_char(c) {
            break;
        }
        e += c.len_utf8();
    }
    let w = t[at..e].trim_end_matches(['-', '\'', '’']);
    (!w.is_empty() && w.starts_with(char::is_alphanumeric)).then(|| (w, at + w.len()))
}

/// The word ending at `end` (skipping spaces before `end`), with its start.
pub(crate) fn word_before(t: &str, end: usize) -> Option<(&str, usize)> {
    let head = t.get(..end)?.trim_end_matches(' ');
    let e = head.len();
    let mut s = e;
    for (n, c) in head.chars().rev().enumerate() {
        if n >= 40 || !word_char(c) {
            break;
        }
        s -= c.len_utf8();
    }
    let w = t[s..e].trim_start_matches(['-', '\'', '’']);
    let s = e - w.len();
    (!w.is_empty()).then_some((w, s))
}

/// Abbreviations that end with a full stop inside party and company names.
pub(crate) const ABBREVIATIONS: &[&str] = &["Co", "Corp", "Inc", "Ltd", "Bros", "Dept", "Jr", "Sr", "Assn"];

pub(crate) fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// An acronym such as `UN`, `ITU`, `ITRs`, `GDPR`, `TFEU`, `ITU-T`: two or more capitals,
/// at most a plural `s`, digits or hyphens.
pub(crate) fn acronym(w: &str) -> bool {
    let core = w.strip_suffix('s').unwrap_or(w);
    core.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && core.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Words that open a sentence or a phrase and are capitalised for that reason only.
pub(crate) const OPENERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Such",
    "A",
    "An",
    "Our",
    "Its",
    "Their",
    "His",
    "Her",
    "Each",
    "Any",
    "Every",
    "No",
    "Under",
    "In",
    "By",
    "For",
    "With",
    "From",
    "To",
    "As",
    "On",
    "At",
    "And",
    "Of",
    "Both",
    "Since",
    "After",
    "Before",
    "Unlike",
    "Like",
    "While",
    "Although",
    "Because",
    "If",
    "When",
    "Where",
    "Whereas",
    "Also",
    "See",
    "But",
    "Yet",
    "So",
    "Then",
    "Thus",
    "However",
    "Moreover",
    "Here",
    "There",
    "We",
    "It",
    "Is",
    "Was",
    "Compare",
    "Cf",
    "Contrast",
    "Following",
    "Per",
    "Citing",
    "Quoting",
];

/// Small words inside names (`Board of Education`, `Computer Fraud and Abuse Act`).
pub(crate) use crate::lexicon::ENTITY_NAME_WORDS as CONNECTORS;

/// Units that turn a number into a measurement (`resolution 300 dpi`).
pub(crate) const UNITS: &[&str] = &[
    "dpi", "ppi", "px", "pixel", "pixels", "nm", "µm", "um", "mm", "cm", "m", "km", "Å", "A", "x", "×", "%", "bit",
    "bits", "MP", "K", "k", "p", "i", "lines", "arcsec", "arcmin", "deg", "degrees", "ms", "s", "Hz", "kHz", "MHz",
    "GHz", "dB", "fps", "kb", "Mb", "meters", "metres", "km²", "mas",
];

/// A plausible year (1800–2099).
pub(crate) fn is_year(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("18") || n.starts_with("19") || n.starts_with("20"))
}

/// After a number ending at `end`: not a decimal, a range, a thousands group or a measurement.
pub(crate) fn plain_number_end(t: &str, end: usize) -> bool {
    let rest = &t[end..];
    let b = rest.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'.' | b',' | b'-') && b[1].is_ascii_digit() {
        return false;
    }
    if rest.starts_with('–') && rest['–'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let after = skip_space(t, end);
    if let Some((w, _)) = word_at(t, after) {
        if UNITS.contains(&w) {
            return false;
        }
    } else if t[after..].starts_with(['%', '×', 'Å', 'µ']) {
        return false;
    }
    true
}

/// Extends `end` over a following `(2017)` (a year in parentheses).
pub(crate) fn year_in_parens(t: &str, end: usize) -> usize {
    let at = skip_space(t, end);
    let b = t.as_bytes();
    if at < b.len() && b[at] == b'(' {
        let d = digits(t, at + 1);
        if d == at + 5 && is_year(&t[at + 1..d]) && d < b.len() && b[d] == b')' {
            return d + 1;
        }
    }
    end
}

/// A list of numbers from `at`: `40`, `40 and 52`, `3, 4 and 5`, `2(4)`, `5bis`. Returns its end.
pub(crate) fn number_list(t: &str, at: usize, roman: bool) -> Option<usize> {
    let one = |at: usize| -> Option<usize> {
        let b = t.as_bytes();
        let mut e = digits(t, at);
        if e == at {
            if !roman {
                return None;
            }
            while e < b.len() && e - at < 6 && matches!(b[e], b'I' | b'V' | b'X' | b'L') {
                e += 1;
            }
            if e == at || !boundary_after(t, e) {
                return None;
            }
            return Some(e);
        }
        // Sub-paragraphs and letter suffixes: 2(4), 5bis, 17a.
        for _ in 0..3 {
            if e < b.len() && b[e] == b'(' {
                let close = t[e..].find(')').filter(|&k| k <= 5).map(|k| e + k);
                match close {
                    Some(c) if t[e + 1..c].bytes().all(|x| x.is_ascii_alphanumeric()) && c > e + 1 => e = c + 1,
                    _ => break,
                }
            } else {
                break;
            }
        }
        if t[e..].starts_with("bis") || t[e..].starts_with("ter") {
            e += 3;
        } else if e < b.len() && b[e].is_ascii_lowercase() && boundary_after(t, e + 1) {
            e += 1;
        }
        boundary_after(t, e).then_some(e)
    };
    let mut end = one(at)?;
    for _ in 0..6 {
        let rest = &t[end..];
        let next = ["and ", ", and ", ", ", " and ", "–", "-", " to "]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| end + s.len());
        match next.map(|n| skip_space(t, n)).and_then(|n| one(n).map(|e| (n, e))) {
            Some((_, e)) => end = e,
            None => break,
        }
    }
    Some(end)
}

/// Capitalised words (with connectors inside) from `at`, at most `max` words: the end of the
/// last capitalised word, and how many capitalised words there were.
pub(crate) fn name_after(t: &str, at: usize, max: usize) -> Option<(usize, usize)> {
    let mut pos = at;
    let mut end = None;
    let mut caps = 0;
    let mut after_connector = true;
    for _ in 0..max {
        let s = skip_space(t, pos);
        let Some((w, e)) = word_at(t, s) else { break };
        if capitalised(w) || acronym(w) {
            caps += 1;
            end = Some(e);
            after_connector = false;
        } else if CONNECTORS.contains(w) && (w != "the" || after_connector) {
            after_connector = true;
        } else {
            break;
        }
        pos = e;
        // Abbreviations inside party names: `Corp.`, `Inc.`, `Co.`, `Ltd.`.
        if t[pos..].starts_with('.') && ABBREVIATIONS.contains(&w) {
            pos += 1;
            end = Some(pos);
        }
    }
    end.map(|e| (e, caps))
}

/// Capitalised words before `end` (connectors inside, openers dropped at the front), at most
/// `max` words: the start of the name and its capitalised words.
pub(crate) fn name_before(t: &str, end: usize, max: usize) -> Option<(usize, Vec<&str>)> {
    let mut words: Vec<(&str, usize)> = Vec::new();
    let mut pos = end;
    for _ in 0..max {
        let b = t.as_bytes();
        let mut p = pos;
        while p > 0 && b[p - 1] == b' ' {
            p -= 1;
        }
        // A name does not run across punctuation, except the full stop of an abbreviation.
        if p == 0 {
            break;
        }
        let stop = b[p - 1] == b'.';
        let Some((w, s)) = word_before(t, if stop { p - 1 } else { p }) else { break };
        if stop && !ABBREVIATIONS.contains(&w) || w == "the" || !(capitalised(w) || CONNECTORS.contains(w)) {
            break;
        }
        words.push((w, s));
        pos = s;
    }
    // Drop connectors and openers at the front (the far end of the scan).
    while let Some(&(w, _)) = words.last() {
        if CONNECTORS.contains(w) || OPENERS.contains(&w) {
            words.pop();
        } else {
            break;
        }
    }
    let start = words.last()?.1;
    let caps: Vec<&str> = words.iter().rev().map(|(w, _)| *w).filter(|w| capitalised(w)).collect();
    (!caps.is_empty()).then_some((start, caps))
}

/// Words of legislation, for the bill rule.
pub(crate) fn near_legislation(t: &str, at: usize) -> bool {
    let mut lo = at.saturating_sub(WINDOW);
    while !t.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (at + WINDOW).min(t.len());
    while !t.is_char_boundary(hi) {
        hi += 1;
    }
    let w = &t[lo..hi];
    ["bill", "Bill", "Senate", "Congress", " Act", "legislation", "introduced", "sponsored", "Senator"]
        .iter()
        .any(|k| w.contains(k))
}
