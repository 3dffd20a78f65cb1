//! The bodies of the fuzz targets, as plain functions, so the same code runs under
//! `cargo fuzz run TARGET` (nightly, libFuzzer) and as ordinary tests / the `smoke`
//! example on a stable toolchain (see `fuzz/README.md`).
//!
//! Every function must return normally for every input: a panic is a bug in citegraph.
//! Beyond "no panic" they check the cheap invariants the rest of the program relies on
//! (spans inside the text and on character boundaries).

use citegraph::Source;

/// Bytes → text as the command line would read them (invalid UTF-8 replaced, NULs refused).
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn check_range(text: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what}: range {r:?} outside text of {} bytes", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{what}: range {r:?} splits a char");
}

/// `stages::decode` (bytes as the command line reads them) then the whole `extract` pipeline.
pub fn extract(data: &[u8]) {
    let Ok((src, _diags)) = citegraph::stages::decode("fuzz.txt", data.to_vec()) else { return };
    let doc = citegraph::extract(&src, &citegraph::Options::default());
    let n = src.text.len();
    for c in &doc.citations {
        assert!(c.span.start <= c.span.end && c.span.end <= n, "citation span {:?} outside text", c.span);
    }
    for c in &doc.claims {
        assert!(c.span.start <= c.span.end && c.span.end <= n, "claim span {:?} outside text", c.span);
    }
    // The JSON output must serialize as well.
    let _ = serde_json::to_string(&doc);
}

/// `cite::find_citations` on one paragraph.
pub fn find_citations(data: &[u8]) {
    let text = text_of(data);
    for c in citegraph::stages::find_citations(&text) {
        check_range(&text, &c.range, "citation");
        for r in &c.author_ranges {
            check_range(&text, r, "author");
        }
    }
}

/// `sentence::split_sentences`: ranges in order, non-overlapping, on char boundaries.
pub fn split_sentences(data: &[u8]) {
    let text = text_of(data);
    let mut prev = 0;
    for r in citegraph::stages::split_sentences(&text) {
        check_range(&text, &r, "sentence");
        assert!(r.start >= prev, "sentences overlap or go backwards at {r:?}");
        prev = r.end;
    }
}

/// `reference::parse_reference` on every line, and `parse_lines` on the whole input.
pub fn parse_reference(data: &[u8]) {
    let text = text_of(data);
    for line in text.lines().take(64) {
        let _ = citegraph::parse_reference(line);
    }
    let _ = citegraph::parse_references(&text);
}

/// `reference::bib::load_bib_str`.
pub fn load_bib_str(data: &[u8]) {
    let text = text_of(data);
    let _ = citegraph::bib::load_bib_str(&text, "fuzz.bib");
}

/// `layout::analyze`.
pub fn layout(data: &[u8]) {
    let src = Source::new("fuzz.txt", text_of(data));
    let l = citegraph::stages::layout(&src);
    let n = src.text.len();
    for p in &l.pages {
        assert!(p.end <= n, "page {p:?} outside text");
    }
    for f in &l.footnotes {
        assert!(f.marker_span.end <= n && f.text_start <= n, "footnote outside text");
    }
}

/// Checks the spans of a document extracted from `src`.
fn check_document(src: &Source, doc: &citegraph::Document) {
    let n = src.text.len();
    for c in &doc.citations {
        assert!(c.span.start <= c.span.end && c.span.end <= n, "citation span {:?} outside text", c.span);
    }
    for c in &doc.claims {
        assert!(c.span.start <= c.span.end && c.span.end <= n, "claim span {:?} outside text", c.span);
    }
    for f in &doc.footnotes {
        assert!(f.body_span.end <= n, "footnote body {:?} outside text", f.body_span);
    }
}

/// A reader then the pipeline with the native facts merged (`extract_bytes`).
fn read_and_extract(path: &str, format: citegraph::Format, data: Vec<u8>) {
    let Ok((src, doc)) = citegraph::extract_bytes(path, format, data, &citegraph::Options::default()) else { return };
    check_document(&src, &doc);
    let _ = serde_json::to_string(&doc);
}

/// The Markdown reader (pulldown-cmark, pandoc citations, `[^n]` notes) and the pipeline.
pub fn markdown(data: &[u8]) {
    read_and_extract("fuzz.md", citegraph::Format::Markdown, data.to_vec());
}

/// The LaTeX reader (commands, `\cite`, `\footnote`, environments) and the pipeline.
pub fn latex(data: &[u8]) {
    read_and_extract("fuzz.tex", citegraph::Format::Latex, data.to_vec());
}

/// The Word reader. Input starting with `PK` is read as the .docx itself (the zip
/// container); anything else becomes `word/document.xml` of a minimal package, so the
/// fuzzer reaches the XML reader without having to discover the zip format.
pub fn docx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") { data.to_vec() } else { docx_package(data) };
    read_and_extract("fuzz.docx", citegraph::Format::Docx, bytes);
}

/// A minimal .docx holding `document` as its main part (stored, not compressed).
pub fn docx_package(document: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let types =
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
        let ok = z.start_file("[Content_Types].xml", opts).is_ok()
            && z.write_all(types).is_ok()
            && z.start_file("word/document.xml", opts).is_ok()
            && z.write_all(document).is_ok();
        if !ok || z.finish().is_err() {
            return Vec::new();
        }
    }
    buf.into_inner()
}

/// The exporters: extract, write BibLaTeX, BibTeX, CSL-JSON and DOT (every view), then read
/// the output back: the .bib through citegraph's own loader (no `bib-syntax` error), the
/// CSL-JSON as JSON. Nothing may panic.
pub fn export(data: &[u8]) {
    use citegraph::export::{Flavour, View, dot_string, write_bib, write_csl_json};
    let Ok((src, _)) = citegraph::stages::decode("fuzz.txt", data.to_vec()) else { return };
    let doc = citegraph::extract(&src, &citegraph::Options::default());
    let docs = std::slice::from_ref(&doc);
    for flavour in [Flavour::Biblatex, Flavour::Bibtex] {
        let mut out = Vec::new();
        write_bib(docs, flavour, &mut out).expect("write to memory");
        let text = String::from_utf8(out).expect("the .bib output is UTF-8");
        let (refs, diags) = citegraph::bib::load_bib_str(&text, "export.bib");
        let syntax: Vec<&str> =
            diags.iter().filter(|d| d.code == citegraph::Code::BibSyntax).map(|d| d.message.as_str()).collect();
        assert!(syntax.is_empty(), "exported .bib does not read back: {syntax:?}\n{text}");
        assert!(refs.len() <= citegraph::export::entries(docs, flavour).len(), "more entries read back than written");
    }
    let mut out = Vec::new();
    write_csl_json(docs, &mut out).expect("write to memory");
    let _: serde_json::Value = serde_json::from_slice(&out).expect("CSL-JSON output parses");
    let g = citegraph::Graph::from_document(&doc);
    for view in [View::Sources, View::Claims, View::Cocitation] {
        let s = dot_string(&g, view);
        assert!(s.starts_with("digraph") || s.starts_with("graph") || s.contains('{'), "DOT output: {s}");
    }
}

/// A target: its name and its body.
pub type Target = (&'static str, fn(&[u8]));

/// All targets by name, for the smoke runner and the tests.
pub const TARGETS: &[Target] = &[
    ("extract", extract),
    ("find_citations", find_citations),
    ("split_sentences", split_sentences),
    ("parse_reference", parse_reference),
    ("load_bib_str", load_bib_str),
    ("layout", layout),
    ("markdown", markdown),
    ("latex", latex),
    ("docx", docx),
    ("export", export),
];
