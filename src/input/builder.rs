//! Rendering a structured document (Word, LaTeX) into the text the pipeline reads.
//!
//! One paragraph per line, paragraphs separated by a blank line, headings as Markdown `#`
//! lines (which the layout stage recognises), footnote anchors as superscript digits at
//! their exact place, and note bodies at the end under `# Notes` as `N body` lines (the
//! `Notes` heading also ends a reference list, so notes are never read as references).
//! Every native fact is recorded with its span in the rendered text as it is written.

use super::{KeyCitation, NativeNote};
use crate::model::{Form, Section};
use crate::source::{Source, Span};

/// Superscript digits `⁰`..`⁹`.
const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// Builds rendered text and the spans of what it holds.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    pub text: String,
    sections: Vec<(u8, String, Span)>,
    anchors: Vec<(u32, String, Span)>,
    keys: Vec<KeyCitation>,
    open: bool,
    /// Number of key-citation groups handed out.
    pub groups: usize,
}

/// A note body rendered separately, appended at the end by [`TextBuilder::finish`].
#[derive(Debug, Default)]
pub(crate) struct NoteBody {
    pub number: u32,
    pub body: TextBuilder,
}

impl TextBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn open_paragraph(&mut self) {
        self.open = true;
    }

    /// Appends running text, collapsing whitespace (line breaks included) to single spaces.
    pub fn text(&mut self, s: &str) {
        for ch in s.chars() {
            if ch.is_whitespace() || ch.is_control() {
                if self.open && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else {
                self.open_paragraph();
                self.text.push(ch);
            }
        }
    }

    /// True when nothing has been written to the current paragraph.
    pub fn paragraph_is_empty(&self) -> bool {
        !self.open
    }

    /// Ends the current paragraph (a blank line follows it).
    pub fn end_paragraph(&mut self) {
        if self.open {
            while self.text.ends_with(' ') {
                self.text.pop();
            }
            self.text.push_str("\n\n");
            self.open = false;
        }
    }

    /// Writes a heading on its own line as `#`s and the title.
    pub fn heading(&mut self, level: u8, title: &str) {
        self.end_paragraph();
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return;
        }
        let level = level.clamp(1, 6);
        let start = self.text.len();
        for _ in 0..level {
            self.text.push('#');
        }
        self.text.push(' ');
        self.text.push_str(&title);
        self.sections.push((level, title, Span::new(start, self.text.len())));
        self.text.push_str("\n\n");
    }

    /// Writes a footnote anchor as superscript digits and records it.
    pub fn anchor(&mut self, number: u32, marker: &str) {
        self.open_paragraph();
        let start = self.text.len();
        for d in number.to_string().bytes() {
            self.text.push(SUPERSCRIPTS[(d - b'0') as usize]);
        }
        self.anchors.push((number, marker.to_string(), Span::new(start, self.text.len())));
    }

    /// Writes `written` (the citation as the author wrote it) and records one key citation
    /// per key, all with the span of the whole written citation.
    pub fn key_citations(&mut self, written: &str, cites: Vec<KeyCitation>) {
        self.open_paragraph();
        let start = self.text.len();
        self.text(written);
        self.key_citations_since(start, cites);
    }

    /// Writes a citation command in pieces, one per key citation, and records each citation
    /// with the span of its own piece (spaces and a trailing comma trimmed). The first piece
    /// holds the command and its options, the last the closing brace; so a command with many
    /// keys costs its own length in spans and texts, not keys × length.
    pub fn key_citations_split(&mut self, pieces: &[&str], cites: Vec<KeyCitation>) {
        self.open_paragraph();
        for (piece, mut c) in pieces.iter().zip(cites) {
            let mut start = self.text.len();
            self.text(piece);
            while self.text[start..].starts_with(' ') {
                start += 1;
            }
            let end = self.text.trim_end_matches([' ', ',']).len().max(start);
            c.span = Span::new(start, end);
            c.text = self.text[start..end].to_string();
            self.keys.push(c);
        }
    }

    /// Records key citations whose written form is the text from `start` to the end.
    pub fn key_citations_since(&mut self, start: usize, mut cites: Vec<KeyCitation>) {
        let mut start = start.min(self.text.len());
        while self.text[start..].starts_with(' ') {
            start += 1;
        }
        let end = self.text.trim_end().len().max(start);
        let span = Span::new(start, end);
        // Several keys behind one shown text (`(Hill 2013; Lee 2001)`): each takes its own
        // `;`-separated part when the parts and the keys match in number; otherwise they
        // share the text while that stays small, and past that only the first carries it
        // (an empty span at its end for the others), so a field of n items never costs n
        // copies of a long text.
        let parts = split_parts(&self.text[start..end], start);
        if cites.len() > 1 && parts.len() == cites.len() {
            for (c, p) in cites.iter_mut().zip(parts) {
                c.span = p;
                c.text = self.text[p.start..p.end].to_string();
            }
        } else {
            let shown = &self.text[start..end];
            let share = shown.len().saturating_mul(cites.len()) <= 1 << 16;
            for (k, c) in cites.iter_mut().enumerate() {
                if k == 0 || share {
                    c.span = span;
                    c.text = shown.to_string();
                } else {
                    c.span = Span::new(end, end);
                }
            }
        }
        self.keys.extend(cites);
    }

    /// A fresh group number for the next citation command.
    pub fn next_group(&mut self) -> usize {
        self.groups += 1;
        self.groups
    }

    /// Ends the text: appends the note bodies and returns the source and the native facts.
    pub fn finish(
        mut self,
        path: &str,
        mut notes: Vec<NoteBody>,
    ) -> (Source, Vec<Section>, Vec<NativeNote>, Vec<KeyCitation>) {
        self.end_paragraph();
        let mut native = Vec::new();
        if !notes.is_empty() {
            self.text.push_str("# Notes\n\n");
            notes.sort_by_key(|n| n.number);
            for n in notes {
                let mut body = n.body;
                body.end_paragraph();
                let body_text = body.text.trim_end();
                let head = format!("{} ", n.number);
                let start = self.text.len() + head.len();
                self.text.push_str(&head);
                // A note body is one paragraph: its own paragraph breaks become spaces.
                let flat: String = body_text.replace("\n\n", " ");
                self.text.push_str(&flat);
                let end = self.text.len();
                self.text.push_str("\n\n");
                for mut k in body.keys {
                    k.span = Span::new(k.span.start + start, k.span.end + start);
                    k.group += self.groups;
                    self.keys.push(k);
                }
                self.groups += body.groups;
                let anchor = self.anchors.iter().find(|a| a.0 == n.number);
                native.push(NativeNote {
                    number: n.number,
                    anchor: anchor.map(|a| a.2),
                    marker: anchor.map(|a| a.1.clone()),
                    body: Span::new(start, end),
                });
            }
        }
        let source = Source::new(path, self.text);
        let sections = self
            .sections
            .into_iter()
            .map(|(level, title, span)| Section { title, line: source.line_of(span.start), level, span })
            .collect();
        (source, sections, native, self.keys)
    }
}

/// The `;`-separated parts of `s` (which starts at `at`) as spans, spaces trimmed; the first
/// keeps an opening bracket and the last a closing one.
fn split_parts(s: &str, at: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    for piece in s.split(';') {
        let lead = piece.len() - piece.trim_start().len();
        let body = piece.trim();
        out.push(Span::new(at + from + lead, at + from + lead + body.len()));
        from += piece.len() + 1;
    }
    out
}

/// A key citation with its span still to be set by [`TextBuilder::key_citations`].
pub(crate) fn pending(key: &str, group: usize, form: Form) -> KeyCitation {
    KeyCitation {
        key: key.to_string(),
        span: Span::default(),
        text: String::new(),
        prefix: None,
        locator: None,
        suffix: None,
        form,
        group,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize) -> Vec<KeyCitation> {
        (0..n).map(|i| pending(&format!("k{i}"), 1, Form::Parenthetical)).collect()
    }

    #[test]
    fn a_shown_field_is_split_per_key_when_the_parts_match() {
        let mut b = TextBuilder::new();
        b.text("See ");
        let start = b.text.len();
        b.text("(Hill 2013; Lee 2001)");
        b.key_citations_since(start, keys(2));
        let texts: Vec<&str> = b.keys.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(texts, ["(Hill 2013", "Lee 2001)"]);
        assert_eq!(&b.text[b.keys[1].span.start..b.keys[1].span.end], "Lee 2001)");
    }

    #[test]
    fn many_keys_behind_a_long_text_are_not_copied_for_each() {
        let mut b = TextBuilder::new();
        let shown = "x".repeat(10_000);
        b.text(&shown);
        b.key_citations_since(0, keys(100));
        assert_eq!(b.keys[0].text.len(), 10_000);
        assert!(b.keys[1..].iter().all(|k| k.text.is_empty() && k.span.start == k.span.end));
        let mut small = TextBuilder::new();
        small.text("(Hill and Lee)");
        small.key_citations_since(0, keys(2));
        assert!(small.keys.iter().all(|k| k.text == "(Hill and Lee)"));
    }

    #[test]
    fn each_key_of_a_command_spans_its_own_part() {
        let mut b = TextBuilder::new();
        b.key_citations_split(&["\\cite{a, ", "b,", "c}"], keys(3));
        let texts: Vec<&str> = b.keys.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(texts, ["\\cite{a", "b", "c}"]);
    }
}
