//! Markdown: the text the pipeline reads is the file itself with its markup blanked out.
//!
//! Every byte that pulldown-cmark does not report as text (emphasis marks, link targets,
//! list and quote markers, code, HTML, math, front matter, footnote labels) is replaced by
//! a space, byte for byte, and line breaks are kept. So spans and lines of everything found
//! are exactly those of the `.md` file, and the layout stage sees plain paragraphs. ATX
//! heading marks (`#`) are kept because the layout stage reads them as headings.
//!
//! Native facts: headings (ATX and setext), `[^label]` footnotes (numbered by first
//! reference, as pandoc and GitHub do), pandoc citations (see [`super::pandoc`]), the
//! `bibliography:` field of YAML front matter (paths relative to the file) and pandoc's
//! inline bibliography, the metadata's `references:` (CSL-YAML, see
//! [`crate::reference::cslyaml`]).

use super::{Converted, Format, NativeNote, pandoc};
use crate::diagnostic::Diagnostic;
use crate::model::Section;
use crate::source::{Source, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Converts a loaded Markdown source; `base` is the folder bibliography paths are relative to.
pub(super) fn convert(src: Source, diagnostics: Vec<Diagnostic>, base: PathBuf) -> Converted {
    let text = &src.text;
    let mut keep = vec![false; text.len()];
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    opts.insert(Options::ENABLE_MATH);
    let mut in_code = 0usize;
    let mut in_meta = false;
    let mut meta = String::new();
    let mut heading: Option<(u8, usize, String)> = None;
    let mut sections: Vec<Section> = Vec::new();
    // label → (definition range) and references in order.
    let mut defs: HashMap<String, (usize, usize)> = HashMap::new();
    let mut refs: Vec<(String, Span)> = Vec::new();
    let mut def_stack: Vec<(String, usize)> = Vec::new();
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let range = range.start.min(text.len())..range.end.min(text.len());
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Start(Tag::Heading { level, .. }) => {
                let lvl = level as u8;
                let line = &text[range.clone()];
                let lead = line.len() - line.trim_start_matches(' ').len();
                if line[lead..].starts_with('#') {
                    let hashes = line[lead..].bytes().take_while(|&b| b == b'#').count();
                    for k in keep.iter_mut().skip(range.start).take(lead + hashes) {
                        *k = true;
                    }
                }
                heading = Some((lvl, range.start + lead, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, title)) = heading.take() {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    let end = text[start..].find('\n').map(|k| start + k).unwrap_or(text.len());
                    let span = Span::new(start, text[start..end].trim_end().len() + start);
                    if !title.is_empty() {
                        sections.push(Section { title, line: src.line_of(start), level, span });
                    }
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => def_stack.push((label.to_string(), range.start)),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, start)) = def_stack.pop() {
                    defs.entry(label).or_insert((start, range.end));
                }
            }
            Event::FootnoteReference(label) => refs.push((label.to_string(), Span::new(range.start, range.end))),
            Event::Text(t) => {
                if in_meta {
                    meta.push_str(&t);
                } else if in_code == 0 {
                    for k in &mut keep[range.clone()] {
                        *k = true;
                    }
                    if let Some(h) = heading.as_mut() {
                        h.2.push_str(&t);
                    }
                }
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&t);
                }
            }
            _ => {}
        }
    }
    let mut masked = text.as_bytes().to_vec();
    for (i, b) in masked.iter_mut().enumerate() {
        if !keep[i] && *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
    // Only whole characters were kept or blanked (event ranges fall on character
    // boundaries), so this is valid UTF-8; fall back to lossy rather than panic.
    let masked = String::from_utf8(masked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());

    // Notes numbered by first reference; unreferenced definitions after them.
    // Label → first reference, so that numbering does not search the notes once per note.
    let mut first_ref: HashMap<&str, Span> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (label, span) in &refs {
        if defs.contains_key(label) && !first_ref.contains_key(label.as_str()) {
            first_ref.insert(label.as_str(), *span);
            order.push(label.clone());
        }
    }
    let mut rest: Vec<(&String, &(usize, usize))> =
        defs.iter().filter(|(l, _)| !first_ref.contains_key(l.as_str())).collect();
    rest.sort_by_key(|(_, r)| r.0);
    order.extend(rest.into_iter().map(|(l, _)| l.clone()));
    let notes: Vec<NativeNote> = order
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let (s, e) = defs[label];
            let body = &masked[s..e];
            let lead = body.len() - body.trim_start().len();
            let anchor = first_ref.get(label.as_str()).copied();
            NativeNote {
                number: i as u32 + 1,
                anchor,
                marker: anchor.map(|a| text[a.start..a.end].to_string()),
                body: Span::new(s + lead, s + body.trim_end().len()),
            }
        })
        .collect();
    let key_citations = pandoc::find(&masked, 0);
    // pandoc's inline bibliography: `references:` in the metadata (CSL-YAML).
    let mut diagnostics = diagnostics;
    let references = if meta.contains("references") {
        let (mut refs, diags, _) = crate::reference::cslyaml::markdown_references(text, &src.path);
        diagnostics.extend(diags);
        for r in &mut refs {
            // The document's own entries: lines and spans are the document's.
            r.file = None;
        }
        refs
    } else {
        Vec::new()
    };
    let bib_files = front_matter_bibliography(&meta).into_iter().map(|p| resolve_path(&base, &p)).collect();
    let source = Source::new(src.path.clone(), masked);
    Converted {
        source,
        format: Format::Markdown,
        notes: Some(notes),
        sections: Some(sections),
        key_citations,
        references,
        bib_files,
        diagnostics,
    }
}

fn resolve_path(base: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() { p.to_path_buf() } else { base.join(p) }
}

/// The `bibliography:` value(s) of YAML front matter: a scalar, a flow list or a block list.
fn front_matter_bibliography(yaml: &str) -> Vec<String> {
    let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_string();
    let mut out = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(v) = line.strip_prefix("bibliography:") else { continue };
        let v = v.trim();
        if let Some(list) = v.strip_prefix('[') {
            out.extend(list.trim_end_matches(']').split(',').map(unquote).filter(|s| !s.is_empty()));
        } else if !v.is_empty() {
            out.push(unquote(v));
        } else {
            while let Some(item) = lines.peek().and_then(|l| l.trim_start().strip_prefix("- ")) {
                out.push(unquote(item));
                lines.next();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(md: &str) -> Converted {
        convert(Source::new("t.md", md.to_string()), Vec::new(), PathBuf::from("."))
    }

    #[test]
    fn masks_markup_and_keeps_offsets() {
        let md = "---\ntitle: X\nbibliography: refs.bib\n---\n\n# Intro\n\nSome *claim* holds[^n] [see @hill2013b, p. 54].\n\n[^n]: A note (Lee, 2001).\n";
        let c = conv(md);
        assert_eq!(c.source.text.len(), md.len());
        assert!(c.source.text.contains("# Intro"));
        assert!(c.source.text.contains("Some  claim  holds"));
        assert!(!c.source.text.contains("title"));
        assert_eq!(c.bib_files, vec![PathBuf::from("./refs.bib")]);
        let notes = c.notes.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(c.source.slice(notes[0].body), "A note (Lee, 2001).");
        assert_eq!(&md[notes[0].anchor.unwrap().start..notes[0].anchor.unwrap().end], "[^n]");
        assert_eq!(c.key_citations.len(), 1);
        assert_eq!(c.key_citations[0].locator.as_deref(), Some("p. 54"));
        assert_eq!(c.sections.unwrap()[0].title, "Intro");
    }

    #[test]
    fn inline_references_are_the_documents_own() {
        let md = "---\ntitle: X\nreferences:\n- id: hill2013\n  type: article-journal\n  author:\n  - family: Hill\n    given: Rosa\n  issued:\n    date-parts: [[2013]]\n  title: Cats\n---\n\n# Intro\n\nCats purr [@hill2013]. Cats sleep (Hill, 2013).\n";
        let c = conv(md);
        assert_eq!(c.references.len(), 1);
        assert_eq!(
            (c.references[0].key.as_str(), c.references[0].line, c.references[0].file.as_deref()),
            ("hill2013", 4, None)
        );
        let doc = crate::input::extract_converted(c, &crate::extract::Options::default());
        assert_eq!(doc.citations.len(), 2, "{:?}", doc.citations);
        assert!(doc.citations.iter().all(|c| c.reference.is_some()), "{:?}", doc.citations);
    }

    #[test]
    fn front_matter_lists() {
        assert_eq!(front_matter_bibliography("bibliography: [a.bib, 'b.bib']"), ["a.bib", "b.bib"]);
        assert_eq!(front_matter_bibliography("bibliography:\n  - a.bib\n  - b.bib\n"), ["a.bib", "b.bib"]);
    }
}
