//! Folding names and years for comparison: NFKD without combining marks, lowercase,
//! letters only, name particles optional.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A word that may be dropped from the front of a family name when names are compared: a
/// name particle (`van`, `dei`, `zur`; the shared lexicon) or an article (`the World Bank`).
pub(crate) fn droppable_particle(folded: &str) -> bool {
    folded == "the" || crate::lexicon::is_particle(folded)
}

/// Folds a name for comparison: NFKD, combining marks dropped, lowercase, `&` → `and`,
/// letters only (digits too when `digits`).
///
/// ASCII bytes are folded directly; only the runs of non-ASCII characters between them go
/// through NFKD. An ASCII character is a starter that decomposes to itself, and canonical
/// reordering never crosses a starter, so this is exactly NFKD of the whole string.
pub(crate) fn fold_with(s: &str, digits: bool) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s, digits);
    out
}

/// [`fold_with`] appending to `out`, so a caller folding many words can reuse one buffer.
pub(crate) fn fold_into(out: &mut String, s: &str, digits: bool) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            match b {
                b'&' => out.push_str("and"),
                b if b.is_ascii_alphabetic() => out.push(char::from(b.to_ascii_lowercase())),
                b if digits && b.is_ascii_digit() => out.push(char::from(b)),
                _ => {}
            }
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii()) {
            i += 1;
        }
        // Both ends sit next to ASCII bytes (or the string's ends): char boundaries.
        fold_unicode(out, s.get(start..i).unwrap_or_default(), digits);
    }
}

/// [`fold_with`] for a run of non-ASCII characters.
pub(crate) fn fold_unicode(out: &mut String, run: &str, digits: bool) {
    for ch in run.nfkd() {
        if is_combining_mark(ch) {
            continue;
        }
        match ch {
            '&' => out.push_str("and"),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c if c.is_alphabetic() => out.extend(c.to_lowercase()),
            c if digits && c.is_ascii_digit() => out.push(c),
            _ => {}
        }
    }
}

/// Folds a name to ASCII-ish lower-case letters for comparison and keys (`Genéve` → `geneve`).
pub fn fold(s: &str) -> String {
    fold_with(s, false)
}

/// The folded name without leading particles (`van der Berg` → `berg`, `The World Bank` →
/// `worldbank`, `d'Alembert` → `alembert`). Keeps at least one word.
pub(crate) fn core(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut start = 0;
    while start + 1 < words.len() && words.get(start).is_some_and(|w| droppable_particle(&fold(w))) {
        start += 1;
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate().skip(start) {
        let mut w = *w;
        if i == start {
            for p in ["d'", "d’", "l'", "l’", "D'", "D’", "L'", "L’"] {
                if let Some(rest) = w.strip_prefix(p)
                    && rest.chars().next().is_some_and(char::is_alphabetic)
                {
                    w = rest;
                    break;
                }
            }
        }
        out.push_str(&fold(w));
    }
    out
}

/// Folds a possibly OCR-damaged name: digits and bars that look like letters become letters.
pub(crate) fn ocr_fold(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '|' => 'l',
            '5' => 's',
            '8' => 'b',
            c => c,
        })
        .collect();
    fold(&mapped)
}

/// Whitespace-normalised name as written, for the `exact` rule.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
