//! Resolution against a small invented paper: `tests/fixtures/resolve/paper.txt` holds the
//! text and its reference list, `references.json` the parsed entries, `citations.json` the
//! citations (as a citation parser would report them) with the entry and rule each must
//! resolve to, and `expected_diagnostics.json` the diagnostics (code, line) with and without
//! the reference list.

use super::{check_citations, resolve};
use crate::keys::assign_keys;
use crate::{Citation, Code, Diagnostic, Form, Person, Reference, Severity, Source, Span};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "resolve", name].iter().collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn source() -> Source {
    Source::new("paper.txt", fixture("paper.txt"))
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn person(v: &Value) -> Person {
    match v.get("literal").and_then(Value::as_str) {
        Some(l) => Person::literal(l),
        None => Person::name(v["family"].as_str().unwrap_or(""), v.get("given").and_then(opt_str)),
    }
}

fn references(src: &Source) -> Vec<Reference> {
    json("references.json")
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            let line = r["line"].as_u64().expect("line") as usize;
            let span = src.line_span(line);
            Reference {
                id: r["id"].as_str().expect("id").to_string(),
                line,
                span: Some(span),
                authors: r["authors"].as_array().expect("authors").iter().map(person).collect(),
                year: opt_str(&r["year"]),
                title: opt_str(&r["title"]),
                raw: src.slice(span).to_string(),
                ..Default::default()
            }
        })
        .collect()
}

/// Citations located in document order, with the expected (reference, rule).
fn citations(src: &Source) -> (Vec<Citation>, Vec<Option<(String, String)>>) {
    let mut from = 0;
    let mut cits = Vec::new();
    let mut expected = Vec::new();
    for (i, c) in json("citations.json").as_array().expect("array").iter().enumerate() {
        let text = c["text"].as_str().expect("text");
        let start = from + src.text[from..].find(text).unwrap_or_else(|| panic!("{text:?} not found after {from}"));
        let span = Span::new(start, start + text.len());
        from = span.end;
        cits.push(Citation {
            id: format!("c{}", i + 1),
            text: text.to_string(),
            authors: c["authors"].as_array().expect("authors").iter().filter_map(opt_str).collect(),
            et_al: c["et_al"].as_bool().unwrap_or(false),
            year: opt_str(&c["year"]),
            locator: opt_str(&c["locator"]),
            prefix: None,
            suffix: None,
            form: if c["narrative"].as_bool().unwrap_or(false) { Form::Narrative } else { Form::Parenthetical },
            numbers: Vec::new(),
            line: src.line_of(start),
            span,
            group: i,
            claim: None,
            footnote: None,
            reference: None,
            resolution: None,
        });
        expected.push(
            c["expect"]
                .as_array()
                .map(|e| (e[0].as_str().unwrap_or("").to_string(), e[1].as_str().unwrap_or("").to_string())),
        );
    }
    (cits, expected)
}

fn codes_and_lines(diags: &[Diagnostic]) -> Vec<(String, usize)> {
    diags.iter().map(|d| (d.code.to_string(), d.line.unwrap_or(0))).collect()
}

fn expected_diagnostics(which: &str) -> Vec<(String, usize)> {
    json("expected_diagnostics.json")[which]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| (d[0].as_str().unwrap_or("").to_string(), d[1].as_u64().unwrap_or(0) as usize))
        .collect()
}

#[test]
fn each_citation_links_to_the_expected_entry_by_the_expected_rule() {
    let src = source();
    let refs = references(&src);
    let (mut cits, expected) = citations(&src);
    resolve(&mut cits, &refs, &src);
    for (c, want) in cits.iter().zip(&expected) {
        let got = c.reference.clone().zip(c.resolution.clone());
        assert_eq!(&got, want, "{} `{}` (line {})", c.id, c.text, c.line);
    }
}

#[test]
fn diagnostics_have_the_expected_codes_and_lines() {
    let src = source();
    let refs = references(&src);
    let (mut cits, _) = citations(&src);
    let diags = resolve(&mut cits, &refs, &src);
    assert_eq!(codes_and_lines(&diags), expected_diagnostics("with_references"), "{diags:#?}");
    for d in &diags {
        assert!(d.span.is_some(), "every diagnostic has a span here: {d:?}");
        assert_eq!(d.line, d.span.map(|s| src.line_of(s.start)));
        assert!(d.suggestion.is_some(), "every diagnostic here has a suggestion: {d:?}");
        let want = if d.code == Code::UncitedReference { Severity::Info } else { Severity::Warning };
        assert_eq!(d.severity, want, "{d:?}");
    }
}

#[test]
fn diagnostics_explain_themselves() {
    let src = source();
    let refs = references(&src);
    let (mut cits, _) = citations(&src);
    let diags = resolve(&mut cits, &refs, &src);
    let find = |code: Code, line: usize| {
        diags.iter().find(|d| d.code == code && d.line == Some(line)).unwrap_or_else(|| panic!("no {code} at {line}"))
    };
    let yearless = find(Code::AmbiguousCitation, 18);
    assert!(yearless.message.contains("gives no year"), "{}", yearless.message);
    for r in ["Brennan 2017a (r7)", "Brennan 2017b (r8)", "Brennan 2014 (r9)"] {
        assert!(yearless.message.contains(r), "{}", yearless.message);
    }
    let sollvik = find(Code::NameNearMiss, 15);
    assert!(sollvik.message.contains("Sollvik"), "{}", sollvik.message);
    let lopez = diags.iter().find(|d| d.message.contains("Ferreira-Lopez")).expect("Ferreira-Lopez");
    assert_eq!(lopez.code, Code::NameNearMiss);
    assert!(lopez.message.contains("`Ferreira-Lopez` vs `Ferreira-Lopes`"), "{}", lopez.message);
    let whitcombe = find(Code::YearMismatch, 16);
    assert_eq!(whitcombe.suggestion.as_deref(), Some("check the year; the closest entry is Whitcombe 2010 (r12)"));
    let ibsen = find(Code::SuffixProblem, 19);
    assert_eq!(ibsen.suggestion.as_deref(), Some("write 2006b"));
    let dup = find(Code::DuplicateReference, 40);
    assert!(dup.message.contains("repeats Marchetti 2018 (r1)"), "{}", dup.message);
}

#[test]
fn without_a_reference_list_only_citation_checks_run() {
    let src = source();
    let (mut cits, _) = citations(&src);
    let diags = resolve(&mut cits, &[], &src);
    assert!(cits.iter().all(|c| c.reference.is_none() && c.resolution.is_none()));
    assert_eq!(codes_and_lines(&diags), expected_diagnostics("without_references"), "{diags:#?}");
    assert_eq!(diags, check_citations(&cits, &src));
    let yearless = &diags[2];
    assert!(yearless.message.contains("Brennan 2014c, Brennan 2017, Brennan 2017a"), "{}", yearless.message);
}

#[test]
fn resolving_twice_gives_the_same_result() {
    let src = source();
    let refs = references(&src);
    let (mut cits, _) = citations(&src);
    let first = resolve(&mut cits, &refs, &src);
    let snapshot = cits.clone();
    let second = resolve(&mut cits, &refs, &src);
    assert_eq!(first, second);
    assert_eq!(snapshot, cits);
}

#[test]
fn keys_for_the_fixture_list() {
    let src = source();
    let mut refs = references(&src);
    assign_keys(&mut refs);
    let keys: Vec<&str> = refs.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "marchetti2018",
            "ostergaard2016",
            "pacificfogcouncil2011",
            "quenneville2019",
            "tanaka2020",
            "vandijk2015",
            "brennan2017a",
            "brennan2017b",
            "brennan2014",
            "adeyemi2012",
            "solvik2013",
            "whitcombe2010",
            "nakamura2020",
            "ferreiralopes2003",
            "lindqvist2019",
            "ibsen2006b",
            "ulloa1998",
            "marchetti2018a",
        ]
    );
}
