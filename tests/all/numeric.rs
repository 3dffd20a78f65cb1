//! Numeric citation styles through the whole pipeline: bracketed, parenthesised and
//! superscript numbers found (and the numbers that are not citations left alone), linked to
//! numbered or unlabelled reference lists, and carried by every exporter and the audit.
//! Fixtures are in `tests/fixtures/numeric/` (invented documents, one per pattern).

use citegraph::Code;
use citegraph::Source;
use citegraph::{ClaimStatus, Document, Form};
use citegraph::{Options, extract};
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
    assert!(doc.diagnostics.iter().all(|d| d.code != Code::CitationWithoutYear && d.code != Code::UnresolvedCitation));
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

/// The numeric documents of `../shared/corpus/train` (training data, not validation),
/// sorted by name, without the held-out quarter (every 4th), the first `n` of them.
fn train_dev_docs(n: usize) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CITEGRAPH_SHARED_DIR")).join("corpus/train");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("read train dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".gold.json").map(str::to_string))
        .collect();
    names.sort();
    let numeric: Vec<_> = names
        .into_iter()
        .filter(|n| {
            let g: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{n}.gold.json"))).unwrap_or_default())
                    .unwrap_or_default();
            g["citation_style"] == "numeric"
        })
        .collect();
    numeric.iter().enumerate().filter(|(i, _)| i % 4 != 3).map(|(_, n)| dir.join(n)).take(n).collect()
}

/// Cited numbers found on a sample of the dev documents: each gold group counts one item per
/// number (ranges expanded); a numeric citation matches when its span overlaps the group.
/// The same measure as `examples/numeric_score.py`, on a fixed sample so it stays quick.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (corpus/train); CI runs it")]
fn train_sample_callouts() {
    let docs = train_dev_docs(24);
    let (mut gold, mut found, mut hits) = (0usize, 0usize, 0usize);
    for stem in docs {
        let path = |ext: &str| std::path::PathBuf::from(format!("{}.{ext}", stem.display()));
        let text = std::fs::read_to_string(path("txt")).expect("txt");
        let g: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path("gold.json")).expect("gold")).expect("gold json");
        // Code-point offsets of the gold to byte offsets.
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let doc = extract(&Source::new("x", text.clone()), &Options::default());
        let mut cites: Vec<(usize, usize, u32, bool)> = doc
            .citations
            .iter()
            .filter(|c| c.form == Form::Numeric)
            .map(|c| (c.span.start, c.span.end, c.numbers[0], false))
            .collect();
        found += cites.len();
        for grp in g["citation_groups"].as_array().into_iter().flatten().filter(|x| x["style"] == "numeric") {
            let at = |k: &str, alt: &str| grp[k].as_u64().or(grp[alt].as_u64()).unwrap_or(0) as usize;
            let (s, e) = (bytes[at("paren_start", "char_start")], bytes[at("paren_end", "char_end")]);
            for n in grp["numbers"].as_array().into_iter().flatten().filter_map(|n| n.as_u64()) {
                gold += 1;
                if let Some(c) = cites.iter_mut().find(|c| !c.3 && u64::from(c.2) == n && c.0 < e && s < c.1) {
                    c.3 = true;
                    hits += 1;
                }
            }
        }
    }
    let (p, r) = (hits as f64 / found.max(1) as f64, hits as f64 / gold.max(1) as f64);
    let f1 = 2.0 * p * r / (p + r).max(f64::EPSILON);
    eprintln!("numeric train sample: gold {gold} found {found} matched {hits} P {p:.3} R {r:.3} F1 {f1:.3}");
    assert!(f1 >= 0.93, "numeric callout F1 fell to {f1:.3} (P {p:.3} R {r:.3})");
}
