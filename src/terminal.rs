//! Text made safe for a terminal.
//!
//! Why: documents and `.bib` files are untrusted. A raw ESC in a title reaches the
//! terminal through `sources`, `bib --style text`, audit text and warnings, where it can
//! recolour, retitle or rewrite the screen; BEL rings; bidirectional overrides (U+202E)
//! make a line read backwards. [`escape`] writes each such character as a visible
//! `\u{..}` escape, keeping line breaks and tabs, and leaves every other character as it is.

use std::borrow::Cow;

/// True for characters a terminal would act on or that reorder the line: C0 and C1
/// controls other than newline and tab, DEL, and the bidirectional embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every character a terminal would act on or that reorders the line (C0 and C1
/// controls other than newline and tab, DEL, bidirectional embeddings, overrides and
/// isolates) written as `\u{1b}`; borrowed when nothing changes.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`escape`], for a single-line field: line breaks and tabs are escaped too.
pub fn escape_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) || c == '\n' || c == '\t' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_become_visible() {
        assert_eq!(escape("a\u{1b}[31mb\u{7}c\u{202e}d\u{85}e\nf\tg"), "a\\u{1b}[31mb\\u{7}c\\u{202e}d\\u{85}e\nf\tg");
        assert!(matches!(escape("Okafor – é"), Cow::Borrowed(_)));
        assert_eq!(escape_line("a\nb"), "a\\u{a}b");
    }
}
