//! Numeric citation styles through the whole pipeline: bracketed, parenthesised and
//! superscript numbers found (and the numbers that are not citations left alone), linked to
//! numbered or unlabelled reference lists, and carried by every exporter and the audit.
//! Fixtures are in `tests/fixtures/numeric/` (invented documents, one per pattern).

use citegraph::Source;
use citegraph::extract::{Options, extract};
use citegraph::model::{ClaimStatus, Document, Form};
use std::path::Path;

fn run(name: &str) -> (String, Document) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/numeric").join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc = extract(&Source::new(name, text.clone()), &Options::default());
    (text, doc)
}

/// The cited numbers in document order.
fn numbers(doc: &Document) -> Vec<u32> {
    doc.citations.iter().filter(|c| c.form == Form::Numeric).map(|c| c.numbers[0]).collect()
}

/// Every numeric citation is linked to the entry whose label (or position) is its number.
fn assert_linked_by_number(doc: &Document, labelled: bool) {
    for c in doc.citations.iter().filter(|c| c.form == Form::Numeric) {
        let r = c.reference.as_ref().unwrap_or_else(|| panic!("`{}` ({:?}) unlinked", c.text, c.numbers));
        let pos = doc.references.iter().position(|x| &x.id == r).expect("reference exists");
        if labelled {
            let raw = doc.references[pos].raw.trim_start_matches('[');
            assert!(raw.starts_with(&format!("{}", c.numbers[0])), "{:?} linked to {raw}", c.numbers);
        } else {
            assert_eq!(pos + 1, c.numbers[0] as usize);
        }
        let entry = &doc.references[pos];
        assert_eq!(c.year, entry.year, "a linked citation takes its entry's year");
        let first = entry.authors.first().map(|p| p.sort_name().to_string());
        assert_eq!(c.authors.first().cloned(), first, "and its first author");
    }
}

#[test]
fn bracketed_lists_ranges_and_chains() {
    let (text, doc) = run("bracket");
    assert_eq!(numbers(&doc), [1, 2, 3, 3, 4, 5, 9, 6, 7, 8, 9, 10, 1, 3, 4]);
    assert!(doc.citations.iter().all(|c| c.form == Form::Numeric), "no author-year citation in a numeric paper");
    assert_linked_by_number(&doc, true);
    // Spans point at the written element; a range's numbers share its span.
    let range: Vec<&str> =
        doc.citations.iter().filter(|c| c.text == "3–5").map(|c| &text[c.span.start..c.span.end]).collect();
    assert_eq!(range, ["3–5", "3–5", "3–5"]);
    // One group per bracket chain.
    let g: Vec<usize> = doc.citations.iter().filter(|c| [6, 7].contains(&c.numbers[0])).map(|c| c.group).collect();
    assert_eq!(g[0], g[1]);
    assert!(doc.diagnostics.iter().all(|d| d.code != "citation-without-year" && d.code != "unresolved-citation"));
}

#[test]
fn superscripts_glued_and_spaced() {
    let (_, doc) = run("superscript");
    assert_eq!(numbers(&doc), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_linked_by_number(&doc, true);
}

#[test]
fn parenthesised_numbers_but_not_enumerations_or_equation_numbers() {
    let (_, doc) = run("paren");
    assert_eq!(numbers(&doc), [1, 2, 3, 4, 5, 6, 7]);
    assert_linked_by_number(&doc, true);
}

#[test]
fn unlabelled_list_links_by_position() {
    let (_, doc) = run("unlabelled");
    assert_eq!(numbers(&doc), [1, 2, 3]);
    assert_linked_by_number(&doc, false);
}

#[test]
fn author_year_papers_keep_no_numeric_citation() {
    let (_, doc) = run("author-year");
    assert!(doc.citations.iter().all(|c| c.form != Form::Numeric), "{:#?}", doc.citations);
    assert!(doc.citations.len() >= 5);
}

#[test]
fn claims_with_numeric_citations_are_supported() {
    for name in ["bracket", "superscript", "paren"] {
        let (_, doc) = run(name);
        for c in doc.citations.iter().filter(|c| c.form == Form::Numeric) {
            let claim = doc.claims.iter().find(|s| Some(&s.id) == c.claim.as_ref()).expect("claim");
            assert_eq!(claim.status, ClaimStatus::Supported, "{name}: {}", claim.text);
        }
    }
}

#[test]
fn json_carries_form_and_numbers() {
    let (_, doc) = run("bracket");
    let v = serde_json::to_value(&doc).expect("serialise");
    let c = &v["citations"][0];
    assert_eq!(c["form"], "numeric");
    assert_eq!(c["numbers"], serde_json::json!([1]));
    assert_eq!(c["reference"], "r1");
    let (_, ay) = run("author-year");
    let v = serde_json::to_value(&ay).expect("serialise");
    assert!(v["citations"][0].get("numbers").is_none(), "author-year citations have no `numbers`");
}

/// Runs the CLI on a fixture and returns its standard output.
fn cli(args: &[&str], name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/numeric").join(format!("{name}.txt"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .args(&args[..1])
        .arg(&path)
        .args(&args[1..])
        .output()
        .expect("run citegraph");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exporters_and_audit_show_the_resolved_works() {
    let sources = cli(&["sources", "--format", "csv"], "bracket");
    for name in ["Abend", "Corrin", "Dahl", "Mohr"] {
        assert!(sources.contains(name), "sources lacks {name}:\n{sources}");
    }
    let bib = cli(&["bib"], "bracket");
    assert_eq!(bib.matches("\n@").count() + usize::from(bib.starts_with('@')), 10, "{bib}");
    let graph = cli(&["graph"], "bracket");
    assert!(graph.contains("Abend") && graph.contains("Mohr"), "{graph}");
    let audit = cli(&["audit", "--format", "json"], "bracket");
    let v: serde_json::Value = serde_json::from_str(&audit).expect("audit json");
    assert!(audit.contains("\"unresolved\": 0") || v.to_string().contains("\"unresolved\":0"), "{audit}");
}
