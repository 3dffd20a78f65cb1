//! The bodies of the fuzz targets, as plain functions, so the same code runs under
//! `cargo fuzz run TARGET` (nightly, libFuzzer) and as ordinary tests / the `smoke`
//! example on a stable toolchain (see `fuzz/README.md`).
//!
//! Every function must return normally for every input: a panic is a bug in citegraph.
//! Beyond "no panic" they check the cheap invariants the rest of the program relies on
//! (spans inside the text and on character boundaries).

use citegraph::source::Source;

/// Bytes → text as the command line would read them (invalid UTF-8 replaced, NULs refused).
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn check_range(text: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(r.start <= r.end && r.end <= text.len(), "{what}: range {r:?} outside text of {} bytes", text.len());
    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{what}: range {r:?} splits a char");
}

/// `load::decode` then the whole `extract` pipeline.
pub fn extract(data: &[u8]) {
    let Ok((src, _diags)) = citegraph::load::decode("fuzz.txt", data.to_vec()) else { return };
    let doc = citegraph::extract::extract(&src, &citegraph::extract::Options::default());
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
    for c in citegraph::cite::find_citations(&text) {
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
    for r in citegraph::sentence::split_sentences(&text) {
        check_range(&text, &r, "sentence");
        assert!(r.start >= prev, "sentences overlap or go backwards at {r:?}");
        prev = r.end;
    }
}

/// `reference::parse_reference` on every line, and `parse_lines` on the whole input.
pub fn parse_reference(data: &[u8]) {
    let text = text_of(data);
    for line in text.lines().take(64) {
        let _ = citegraph::reference::parse_reference(line);
    }
    let _ = citegraph::reference::parse_lines(&text);
}

/// `reference::bib::load_bib_str`.
pub fn load_bib_str(data: &[u8]) {
    let text = text_of(data);
    let _ = citegraph::reference::bib::load_bib_str(&text, "fuzz.bib");
}

/// `layout::analyze`.
pub fn layout(data: &[u8]) {
    let src = Source::new("fuzz.txt", text_of(data));
    let l = citegraph::layout::analyze(&src);
    let n = src.text.len();
    for p in &l.pages {
        assert!(p.end <= n, "page {p:?} outside text");
    }
    for f in &l.footnotes {
        assert!(f.marker_span.end <= n && f.text_start <= n, "footnote outside text");
    }
}

/// All targets by name, for the smoke runner and the tests.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("extract", extract),
    ("find_citations", find_citations),
    ("split_sentences", split_sentences),
    ("parse_reference", parse_reference),
    ("load_bib_str", load_bib_str),
    ("layout", layout),
];
