//! Year tokens: `2013`, `2013b`, `n.d.`, `in press`, `forthcoming`.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A year-like token that may anchor a citation.
#[derive(Debug, Clone, PartialEq)]
pub struct YearToken {
    /// Range in the text.
    pub range: Range<usize>,
    /// The token as it should be reported (`2013b`, `n.d.`, `in press`).
    pub text: String,
    /// The four digits, empty for `n.d.` and the like.
    pub digits: String,
    /// Suffix letter, if any.
    pub suffix: Option<char>,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(1[5-9][0-9]{2}|20[0-9]{2})([a-z])?\b|(n\.\s?d\.?|in press|forthcoming|in preparation|submitted|s\.\s?d\.))")
        .expect("valid regex")
});

/// Finds year tokens, skipping digits that are part of identifiers, dates or numbers.
pub fn find_year_tokens(text: &str) -> Vec<YearToken> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for c in YEAR.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if let Some(word) = c.get(3) {
            out.push(YearToken {
                range: m.range(),
                text: normalise_word_year(word.as_str()),
                digits: String::new(),
                suffix: None,
            });
            continue;
        }
        let (s, e) = (m.start(), m.end());
        // Part of an identifier or a decimal: `WCIT-2012`, `10.1016/2013`, `1.2013`.
        if s >= 2 && matches!(b[s - 1], b'/' | b'.' | b':' | b'-' | b'_') && b[s - 2].is_ascii_alphanumeric() {
            continue;
        }
        if s >= 1 && matches!(b[s - 1], b'$' | b'#' | b'+' | b'=') {
            continue;
        }
        // A date or number continues: `2013-01-05`, `2012/13`, `2000.5`, `2,000`.
        let after = &b[e..];
        if after.first().is_some_and(|&x| x == b'/' || x == b'.' || x == b',' || x == b'-')
            && after.get(1).is_some_and(u8::is_ascii_digit)
        {
            continue;
        }
        let digits = c.get(1).map(|d| d.as_str().to_string()).unwrap_or_default();
        let suffix = c.get(2).and_then(|x| x.as_str().chars().next());
        // `1990s` is a decade, not a suffixed year.
        if suffix == Some('s') && digits.ends_with('0') {
            continue;
        }
        out.push(YearToken { range: m.range(), text: m.as_str().to_string(), digits, suffix });
    }
    out
}

fn normalise_word_year(s: &str) -> String {
    let l = s.to_lowercase();
    if l.starts_with('n') || l.starts_with('s') {
        if l.starts_with('s') { "s.d.".into() } else { "n.d.".into() }
    } else {
        l
    }
}
