//! What a document format states natively, handed to the pipeline as input.
//!
//! Why: a Word file knows its footnotes and headings, a Markdown or LaTeX file its notes,
//! headings and key citations (`[@hill2013b]`, `\cite{hill2013b}`). Detecting those again
//! from the rendered text would only lose information, and patching the finished
//! [`crate::model::Document`] afterwards would mean linking and scoring claims twice, the
//! second time without what the first knew (the sections). So the facts go *into*
//! [`crate::extract::extract_with`], which uses them in place of the matching detection
//! step and then links and scores claims once, whatever the format:
//!
//! * [`NativeFacts::sections`] replace the detected headings; paragraphs are assigned to
//!   them by position, and a paragraph that is a native heading line is no running text;
//! * [`NativeFacts::notes`] replace footnote detection: each note body is one note unit
//!   (its section is that of its anchor), and running-text paragraphs inside a note body
//!   are dropped;
//! * [`NativeFacts::key_citations`] become citations resolved by key (`resolution:
//!   "key"`), replacing any author-year citation found inside their span;
//! * [`NativeFacts::references`] join the reference list (Zotero/Mendeley field data).
//!
//! Plain text and PDF have no native facts: [`NativeFacts::default`] leaves every
//! detection step as it is.

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{Citation, Form, Reference, Section};
use crate::source::{Coverage, Source, Span};

/// A footnote or endnote as the format states it, positioned in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct NativeNote {
    /// Number in document order, from 1.
    pub number: u32,
    /// Span of the anchor (marker) in the running text, when the note has one.
    pub anchor: Option<Span>,
    /// The marker as written in the original (`1`, `*`, `[^note]`).
    pub marker: Option<String>,
    /// Span of the body text (without the leading number).
    pub body: Span,
}

/// A key-based citation (`[@hill2013b, p. 54]`, `\citep[p.~54]{hill2013b}`): one key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCitation {
    /// The citation key.
    pub key: String,
    /// Span of this key's citation in the source (for one key of several: the key's part).
    pub span: Span,
    /// The text of the span.
    pub text: String,
    /// Text before the key inside the group (`see`).
    pub prefix: Option<String>,
    /// Pinpoint (`p. 54`).
    pub locator: Option<String>,
    /// Anything after the locator.
    pub suffix: Option<String>,
    /// Narrative (`@hill2013b says`, `\textcite`) or parenthetical.
    pub form: Form,
    /// Citations sharing one bracket or command share a group number (from 1, per document).
    pub group: usize,
}

/// Everything a format states natively about one document; the default states nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NativeFacts {
    /// Native headings; `None` when the layout stage must find them.
    pub sections: Option<Vec<Section>>,
    /// Native footnotes/endnotes; `None` when the layout stage must find them.
    pub notes: Option<Vec<NativeNote>>,
    /// Key-based citations.
    pub key_citations: Vec<KeyCitation>,
    /// References the document carries itself; key citations may name them.
    pub references: Vec<Reference>,
    /// The format marks paragraphs itself (Markdown, LaTeX, Word): a blank line in the
    /// converted text always ends a paragraph, and the text is never read as double-spaced.
    pub native_paragraphs: bool,
}

impl NativeFacts {
    /// True when the format stated nothing, so every detection step runs as for plain text.
    pub fn is_empty(&self) -> bool {
        self.sections.is_none() && self.notes.is_none() && self.key_citations.is_empty() && self.references.is_empty()
    }

    /// The number of the native note whose body holds `at` (an empty body holds its start).
    /// Notes do not nest, so the body is among the last few starting at or before `at`:
    /// a binary search, not a scan, keeps a document with tens of thousands of notes linear.
    pub fn note_at(&self, at: usize) -> Option<u32> {
        let notes = self.notes.as_deref()?;
        if notes.is_sorted_by_key(|n| n.body.start) {
            let i = notes.partition_point(|n| n.body.start <= at);
            notes[..i].iter().rev().take(8).find(|n| at < n.body.end.max(n.body.start + 1)).map(|n| n.number)
        } else {
            notes.iter().find(|n| n.body.start <= at && at < n.body.end.max(n.body.start + 1)).map(|n| n.number)
        }
    }

    /// The spans of the native note bodies and headings, indexed for [`Coverage::covers`].
    pub fn coverage(&self) -> Coverage {
        let notes = self.notes.iter().flatten().map(|n| n.body);
        let heads = self.sections.iter().flatten().map(|s| s.span);
        Coverage::new(notes.chain(heads).map(|s| (s.start, s.end.max(s.start + 1))).collect())
    }

    /// Does `line` (a line span of the source) overlap a native note body or a native heading?
    /// Such a line is not running text: the note is read as a note, the heading as a heading.
    /// For many lines, build [`NativeFacts::coverage`] once instead.
    #[cfg(test)]
    pub fn covers_line(&self, line: Span) -> bool {
        self.coverage().covers(line)
    }

    /// Adds the native references not already in `refs` (by key) with the next ids.
    pub fn add_references(&self, refs: &mut Vec<Reference>) {
        let mut keys: std::collections::HashSet<String> = refs.iter().map(|r| r.key.clone()).collect();
        for r in &self.references {
            if keys.insert(r.key.clone()) {
                let mut r = r.clone();
                r.id = format!("r{}", refs.len() + 1);
                refs.push(r);
            }
        }
    }

    /// Replaces the text citations inside key citations by the key citations themselves.
    ///
    /// Each key citation takes its authors and year from the entry its key names
    /// (`resolution: "key"`); a key no entry has gives an `unknown-citation-key` warning.
    /// Group numbers follow those of `citations`. Returns a flag per citation of the new
    /// list saying whether it was cited by key (for [`crate::resolve::resolve_with_keys`]).
    pub fn add_key_citations(
        &self,
        src: &Source,
        citations: &mut Vec<Citation>,
        refs: &[Reference],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<bool> {
        let keyed = &self.key_citations;
        let inside = Coverage::new(keyed.iter().map(|k| (k.span.start, k.span.end)).collect());
        citations.retain(|c| !inside.overlaps(c.span.start, c.span.end));
        // The first entry with a key, as a scan would find it.
        let by_key: std::collections::HashMap<&str, &Reference> =
            refs.iter().rev().map(|r| (r.key.as_str(), r)).collect();
        let group_base = citations.iter().map(|c| c.group).max().unwrap_or(0);
        let mut flags = vec![false; citations.len()];
        for k in keyed {
            let r = by_key.get(k.key.as_str()).copied();
            if r.is_none() {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::UnknownCitationKey,
                        format!("citation key `{}` is in no bibliography", k.key),
                    )
                    .with_span(k.span)
                    .with_suggestion("add the entry to the .bib file, or pass the database with --bib"),
                );
            }
            let people = r.map(|r| if r.authors.is_empty() { &r.editors } else { &r.authors });
            citations.push(Citation {
                id: String::new(),
                text: k.text.clone(),
                authors: people.map(|p| p.iter().map(|p| p.sort_name().to_string()).collect()).unwrap_or_default(),
                et_al: r.is_some_and(|r| r.et_al),
                year: r.and_then(|r| r.year.clone()),
                locator: k.locator.clone(),
                prefix: k.prefix.clone(),
                suffix: k.suffix.clone(),
                form: k.form,
                numbers: Vec::new(),
                line: src.line_of(k.span.start),
                span: k.span,
                group: group_base + k.group,
                claim: None,
                footnote: self.note_at(k.span.start),
                reference: r.map(|r| r.id.clone()),
                resolution: r.map(|_| "key".to_string()),
            });
            flags.push(true);
        }
        flags
    }
}

/// The line spans (content only, no terminators) of `src` that `span` covers, cut to it.
pub fn line_spans(src: &Source, span: Span) -> Vec<Span> {
    let end = span.end.min(src.text.len());
    let mut out = Vec::new();
    let base = span.start.min(end);
    let mut start = base;
    for (k, b) in src.text.as_bytes()[base..end].iter().enumerate() {
        if *b == b'\n' {
            let stop = base + k;
            let content = if stop > start && src.text.as_bytes()[stop - 1] == b'\r' { stop - 1 } else { stop };
            out.push(Span::new(start, content));
            start = stop + 1;
        }
    }
    if start < end {
        out.push(Span::new(start, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(number: u32, body: (usize, usize)) -> NativeNote {
        NativeNote { number, anchor: None, marker: None, body: Span::new(body.0, body.1) }
    }

    #[test]
    fn notes_and_headings_cover_their_lines() {
        let facts = NativeFacts {
            notes: Some(vec![note(1, (50, 80)), note(2, (90, 90))]),
            sections: Some(vec![Section { title: "Intro".into(), line: 1, level: 1, span: Span::new(0, 7) }]),
            ..Default::default()
        };
        assert!(!facts.is_empty() && NativeFacts::default().is_empty());
        assert_eq!((facts.note_at(60), facts.note_at(90), facts.note_at(85)), (Some(1), Some(2), None));
        assert!(facts.covers_line(Span::new(0, 7)) && facts.covers_line(Span::new(50, 80)));
        assert!(!facts.covers_line(Span::new(8, 40)));
    }

    #[test]
    fn line_spans_cut_at_line_ends() {
        let src = Source::new("t", "ab\r\ncd\nef".to_string());
        assert_eq!(line_spans(&src, Span::new(1, 8)), [Span::new(1, 2), Span::new(4, 6), Span::new(7, 8)]);
        assert!(line_spans(&src, Span::new(5, 5)).is_empty());
    }

    #[test]
    fn key_citations_replace_text_citations_and_name_unknown_keys() {
        let src = Source::new("t.md", "Cats purr [@hill2013; @nobody].\n".to_string());
        let refs = vec![Reference {
            id: "r1".into(),
            key: "hill2013".into(),
            year: Some("2013".into()),
            authors: vec![crate::model::Person::name("Hill", None)],
            ..Default::default()
        }];
        let k = |key: &str| KeyCitation {
            key: key.into(),
            span: Span::new(10, 30),
            text: "[@hill2013; @nobody]".into(),
            prefix: None,
            locator: None,
            suffix: None,
            form: Form::Parenthetical,
            group: 1,
        };
        let facts = NativeFacts { key_citations: vec![k("hill2013"), k("nobody")], ..Default::default() };
        let text_cite = Citation {
            id: String::new(),
            text: "hill2013".into(),
            authors: vec!["hill".into()],
            et_al: false,
            year: Some("2013".into()),
            locator: None,
            prefix: None,
            suffix: None,
            form: Form::Narrative,
            numbers: Vec::new(),
            line: 1,
            span: Span::new(12, 20),
            group: 3,
            claim: None,
            footnote: None,
            reference: None,
            resolution: None,
        };
        let mut cites = vec![text_cite];
        let mut diags = Vec::new();
        let flags = facts.add_key_citations(&src, &mut cites, &refs, &mut diags);
        assert_eq!(flags, [true, true]);
        assert_eq!(cites[0].authors, ["Hill"]);
        assert_eq!((cites[0].reference.as_deref(), cites[0].resolution.as_deref()), (Some("r1"), Some("key")));
        assert_eq!(cites[1].reference, None);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::UnknownCitationKey);
    }
}
