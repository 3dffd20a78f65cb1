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

/// The year pattern with ASCII word boundaries, which keep it on the fast DFA engines
/// (Unicode boundaries make them give up on the first non-ASCII byte). Every match of the
/// Unicode-boundary pattern is a match of this one; [`unicode_boundaries`] drops the extra
/// ones, where a non-ASCII letter or digit touches the token (`é2013`, `2013ü`).
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::lexicon::with_years(
        r"(?-u:\b)(?:({YEAR})([a-z])?(?-u:\b)|(n\.\s?d\.?|in press|forthcoming|in preparation|submitted|s\.\s?d\.))",
    ))
    .expect("valid regex")
});

/// True when `c` is a word character by the regex crate's Unicode definition (`\w`).
fn is_word_char(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

/// True when the match `s..e` also has Unicode word boundaries where the pattern asks for
/// them: before the token, and after it for a numeric year (`digits`).
fn unicode_boundaries(text: &str, s: usize, e: usize, digits: bool) -> bool {
    let before = text.get(..s).and_then(|t| t.chars().next_back());
    if before.is_some_and(|c| !c.is_ascii() && is_word_char(c)) {
        return false;
    }
    let after = text.get(e..).and_then(|t| t.chars().next());
    !(digits && after.is_some_and(|c| !c.is_ascii() && is_word_char(c)))
}

/// Finds year tokens, skipping digits that are part of identifiers, dates or numbers.
pub fn find_year_tokens(text: &str) -> Vec<YearToken> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for c in YEAR.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if !unicode_boundaries(text, m.start(), m.end(), c.get(3).is_none()) {
            continue;
        }
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
        // APA's original and reprint years, `1887/2001`: one token, reported as the year of
        // the edition cited (the one a reference list gives), spanning both.
        if let Some(reprint) = reprint_year(text, e) {
            let digits = reprint.get(1).map(|d| d.as_str().to_string()).unwrap_or_default();
            let suffix = reprint.get(2).and_then(|x| x.as_str().chars().next());
            let end = reprint.get(0).map_or(e, |m| e + m.end());
            out.push(YearToken {
                range: s..end,
                text: text[end - digits.len() - suffix.map_or(0, char::len_utf8)..end].to_string(),
                digits,
                suffix,
            });
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

/// `/2001` (a reprint year) right after the year ending at `end`: the captures of the year,
/// with `/` before them.
fn reprint_year(text: &str, end: usize) -> Option<regex::Captures<'_>> {
    static REPRINT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&crate::lexicon::with_years(r"^/({YEAR})([a-z])?(?-u:\b)")).expect("valid regex"));
    let rest = text.get(end..)?;
    if !rest.starts_with('/') {
        return None;
    }
    let c = REPRINT.captures(rest)?;
    let m = c.get(0)?;
    // Not a date or number going on (`1887/2001/05`).
    let after = rest.as_bytes().get(m.end()).copied();
    (!matches!(after, Some(b'/' | b'-'))).then_some(c)
}

fn normalise_word_year(s: &str) -> String {
    let l = s.to_lowercase();
    if l.starts_with('n') || l.starts_with('s') {
        if l.starts_with('s') { "s.d.".into() } else { "n.d.".into() }
    } else {
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        find_year_tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn non_ascii_letters_touching_a_year_keep_it_out() {
        assert_eq!(texts("Müller 2013 and é2014 and 2015ü, 2016b; “2017” n.d."), ["2013", "2016b", "2017", "n.d."]);
        assert_eq!(texts("éin press, (in press)"), ["in press"]);
    }

    #[test]
    fn original_and_reprint_years_are_one_token_for_the_reprint() {
        let t = find_year_tokens("(Freud, 1900/1999a) and 2012/13 and 1887/2001/05");
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].text.as_str(), t[0].range.clone(), t[0].suffix), ("1999a", 8..18, Some('a')));
    }
}
