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
        let shown = self.text[start..end].to_string();
        for c in &mut cites {
            c.span = span;
            c.text = shown.clone();
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
