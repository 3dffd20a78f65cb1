//! Pandoc citation syntax: `[@hill2013b, p. 54]`, `[see @a; @b, ch. 2]`, `[-@a]`,
//! `@a [p. 3]` and bare `@a`.
//!
//! Pandoc's grammar in short: a bracketed group is a `;`-separated list of items that each
//! hold one `@key` (or `@{key}`), with free text before it (the prefix) and after a comma
//! (locator and suffix); `-@key` suppresses the author. Outside brackets, `@key` is a
//! narrative (author-in-text) citation, optionally followed by ` [locator]`. A key starts
//! with a letter, digit or `_` and may hold internal punctuation `:.#$%&-+?<>~/` but ends in
//! a letter, digit or `_`. An `@` right after a letter or digit (an e-mail address) is not
//! a citation.

use super::KeyCitation;
use super::builder::pending;
use crate::model::Form;
use crate::source::Span;

/// Every pandoc citation in `text`, spans relative to `text`; groups numbered from `group_base + 1`.
pub(crate) fn find(text: &str, group_base: usize) -> Vec<KeyCitation> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut group = group_base;
    let mut i = 0;
    let (mut next_close, mut next_open) = (NextByte::new(b']'), NextByte::new(b'['));
    while i < b.len() {
        if b[i] == b'[' {
            if let Some(close) = next_close.find(b, i + 1) {
                let inner = &text[i + 1..close];
                // Another `[` before the close is checked first and in constant time, so
                // the scans of `inner` below never overlap: linear however many `[` there are.
                if next_open.find(b, i + 1).is_none_or(|o| o > close)
                    && inner.contains('@')
                    && inner.matches('\n').count() <= 2
                    && let Some(items) = bracket(inner, i + 1, group + 1)
                {
                    group += 1;
                    out.extend(items);
                    i = close + 1;
                    continue;
                }
            }
        } else if b[i] == b'@'
            && (i == 0 || !prev_is_word(text, i))
            && let Some((key, kend)) = key_at(text, i + 1)
        {
            {
                group += 1;
                let mut c = pending(&key, group, Form::Narrative);
                let mut end = kend;
                // `@key [p. 3]`: a locator in brackets right after.
                let rest = &text[kend..];
                if let Some(r) = rest.strip_prefix(' ').or(Some(rest)).filter(|r| r.starts_with('['))
                    && let Some(close) = next_close.find(b, text.len() - r.len()).map(|c| c - (text.len() - r.len()))
                {
                    let inner = &r[1..close];
                    if !inner.contains('@') && !inner.contains('\n') && !inner.trim().is_empty() {
                        c.locator = Some(inner.trim().to_string());
                        end = kend + (rest.len() - r.len()) + close + 1;
                    }
                }
                c.span = Span::new(i, end);
                c.text = text[i..end].to_string();
                out.push(c);
                i = end;
                continue;
            }
        }
        i += text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    out
}

/// The next occurrence of one byte at or after a position, remembered: positions asked for
/// only grow, so each search resumes where the last answer still holds (one pass in all).
struct NextByte {
    byte: u8,
    /// Position the remembered answer was searched from, and the answer.
    from: usize,
    at: Option<usize>,
    searched: bool,
}

impl NextByte {
    fn new(byte: u8) -> Self {
        NextByte { byte, from: 0, at: None, searched: false }
    }

    fn find(&mut self, b: &[u8], from: usize) -> Option<usize> {
        let valid = self.searched && from >= self.from && self.at.is_none_or(|a| a >= from);
        if !valid {
            self.from = from;
            self.at = b.get(from..).and_then(|r| memchr::memchr(self.byte, r)).map(|k| from + k);
            self.searched = true;
        }
        self.at
    }
}

fn prev_is_word(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '\\')
}

/// A key starting at byte `at` (just after `@`): the key and the end of it.
fn key_at(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = &text[at..];
    if let Some(r) = rest.strip_prefix('{') {
        let close = r.find('}')?;
        let key = &r[..close];
        return (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| (key.to_string(), at + close + 2));
    }
    let first = rest.chars().next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = 0;
    let mut last_good = 0;
    for (k, c) in rest.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            end = k + c.len_utf8();
            last_good = end;
        } else if ":.#$%&-+?<>~/".contains(c) {
            end = k + c.len_utf8();
        } else {
            break;
        }
    }
    let _ = end;
    Some((rest[..last_good].to_string(), at + last_good))
}

/// The items of a bracketed group, or `None` when it is not a citation group.
fn bracket(inner: &str, offset: usize, group: usize) -> Option<Vec<KeyCitation>> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in inner.split(';') {
        let pstart = start;
        start += part.len() + 1;
        let at = part.char_indices().find(|&(k, c)| c == '@' && (k == 0 || !prev_is_word(part, k))).map(|(k, _)| k)?;
        let (key, kend) = key_at(part, at + 1)?;
        let before = &part[..at];
        let suppress = before.ends_with('-');
        let prefix = before.trim_end_matches('-').trim();
        let after = part[kend..].trim_start_matches([',', ' ']).trim();
        let mut c = pending(&key, group, Form::Parenthetical);
        c.prefix = (!prefix.is_empty()).then(|| prefix.to_string());
        if !after.is_empty() {
            if starts_like_locator(after) {
                let (loc, suf) = split_locator(after);
                c.locator = Some(loc.to_string());
                c.suffix = suf.map(str::to_string);
            } else {
                c.suffix = Some(after.to_string());
            }
        }
        let _ = suppress;
        let lead = part.len() - part.trim_start().len();
        let s = offset + pstart + lead;
        let e = offset + pstart + part.trim_end().len();
        c.span = Span::new(s, e);
        c.text = inner[pstart + lead..pstart + part.trim_end().len()].to_string();
        out.push(c);
    }
    Some(out)
}

const LOCATOR_TERMS: &[&str] = &[
    "p.", "pp.", "page", "pages", "ch.", "chap.", "chapter", "sec.", "section", "§", "para.", "paras.", "¶", "vol.",
    "fig.", "n.", "nn.", "l.", "ll.", "art.", "col.", "no.", "pt.", "bk.", "v.", "vv.",
];

fn starts_like_locator(s: &str) -> bool {
    let lower = s.to_lowercase();
    s.starts_with(|c: char| c.is_ascii_digit())
        || LOCATOR_TERMS.iter().any(|t| {
            lower.starts_with(t)
                && lower[t.len()..].starts_with([' ', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '\u{a0}'])
        })
}

/// A locator runs while it looks like terms, numbers, ranges and separators; the rest is the suffix.
fn split_locator(s: &str) -> (&str, Option<&str>) {
    let mut end = 0;
    for (k, w) in s.split_inclusive(' ').scan(0, |pos, w| {
        let k = *pos;
        *pos += w.len();
        Some((k, w))
    }) {
        let t = w.trim().trim_end_matches([',']);
        let lower = t.to_lowercase();
        let ok = LOCATOR_TERMS.contains(&lower.as_str())
            || t.chars().all(|c| c.is_ascii_digit() || "-–—,.ivxlcdmIVXLCDM".contains(c)) && !t.is_empty();
        if !ok {
            break;
        }
        end = k + w.trim_end().len();
    }
    let loc = s[..end].trim_end_matches([',', ' ']);
    let rest = s[end..].trim_start_matches([',', ' ']).trim();
    if loc.is_empty() {
        return (s, None);
    }
    (loc, (!rest.is_empty()).then_some(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let t = "As @hill2013b [p. 3] says, it holds [see @a; -@b, pp. 33-35, and passim]. Mail x@y.org.";
        let cs = find(t, 0);
        assert_eq!(cs.len(), 3);
        assert_eq!(cs[0].key, "hill2013b");
        assert_eq!(cs[0].form, Form::Narrative);
        assert_eq!(cs[0].locator.as_deref(), Some("p. 3"));
        assert_eq!(&t[cs[0].span.start..cs[0].span.end], "@hill2013b [p. 3]");
        assert_eq!(cs[1].prefix.as_deref(), Some("see"));
        assert_eq!(cs[2].key, "b");
        assert_eq!(cs[2].locator.as_deref(), Some("pp. 33-35"));
        assert_eq!(cs[2].suffix.as_deref(), Some("and passim"));
        assert_eq!(cs[1].group, cs[2].group);
        assert_eq!(&t[cs[2].span.start..cs[2].span.end], "-@b, pp. 33-35, and passim");
    }

    #[test]
    fn not_citations() {
        assert!(find("[a link] and [x](y) and a@b.c and @ alone and [@]", 0).is_empty());
        assert_eq!(find("@{odd key}", 0).len(), 0);
        assert_eq!(find("@{odd:key}.", 0)[0].key, "odd:key");
        assert_eq!(find("end @smith.", 0)[0].key, "smith");
    }
}
