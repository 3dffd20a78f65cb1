//! Citation and footnote fixtures run through the library pipeline.
//!
//! Each case is `tests/fixtures/citations/NAME.txt` (the input document) and
//! `NAME.expected.json` (what `citegraph::extract` must find in it); the format is
//! described in `tests/fixtures/citations/README.md`. Every fixture file must be listed in
//! the `fixtures!` block below, so a new case cannot be silently skipped. Cases that show a
//! parser bug stay here, marked `#[ignore = "bug: ..."]`, until the parser is fixed.

use citegraph::Code;
use citegraph::Document;
use citegraph::Source;
use citegraph::{Options, extract};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citations")
}

/// The input text and expected JSON of fixture `name`.
fn load(name: &str) -> (String, Value) {
    let dir = fixture_dir();
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt")))
        .unwrap_or_else(|e| panic!("{name}.txt: cannot read: {e}"));
    let json = std::fs::read_to_string(dir.join(format!("{name}.expected.json")))
        .unwrap_or_else(|e| panic!("{name}.expected.json: cannot read: {e}"));
    let expected: Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}.expected.json: invalid JSON: {e}"));
    (text, expected)
}

/// Runs the pipeline exactly as the brief prescribes.
fn run(text: &str) -> Document {
    extract(&Source::new("x", text.to_string()), &Options::default())
}

/// The input bytes a span covers, or a marker when the span is not a valid slice.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.get(start..end).map(str::to_string).unwrap_or_else(|| format!("<invalid span {start}..{end}>"))
}

fn opt_str(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

/// Compares one document with the expectation, returning every difference found.
fn differences(text: &str, expected: &Value, doc: &Document) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut diff = |what: String| diffs.push(what);

    // Citations: same count, then field by field in document order.
    let exp_cites = expected["citations"].as_array().expect("`citations` is an array");
    if exp_cites.len() != doc.citations.len() {
        diff(format!("expected {} citation(s), found {}", exp_cites.len(), doc.citations.len()));
    }
    for (i, (e, c)) in exp_cites.iter().zip(&doc.citations).enumerate() {
        let n = i + 1;
        let span = slice(text, c.span.start, c.span.end);
        let mut field = |name: &str, want: String, got: String| {
            if want != got {
                diff(format!("citation {n} ({span:?}): {name}: expected {want}, found {got}"));
            }
        };
        field("span", format!("{:?}", e["span"].as_str().expect("`span` is a string")), format!("{span:?}"));
        let authors: Vec<String> = e["authors"]
            .as_array()
            .expect("`authors` is an array")
            .iter()
            .map(|a| a.as_str().expect("author is a string").to_string())
            .collect();
        field("authors", format!("{authors:?}"), format!("{:?}", c.authors));
        field("et_al", e["et_al"].as_bool().expect("`et_al` is a bool").to_string(), c.et_al.to_string());
        field("year", format!("{:?}", opt_str(e.get("year"))), format!("{:?}", c.year));
        field("locator", format!("{:?}", opt_str(e.get("locator"))), format!("{:?}", c.locator));
        let form = serde_json::to_value(c.form).expect("form serializes");
        field("form", e["form"].to_string(), form.to_string());
        field("prefix", format!("{:?}", opt_str(e.get("prefix"))), format!("{:?}", c.prefix));
        field("suffix", format!("{:?}", opt_str(e.get("suffix"))), format!("{:?}", c.suffix));
        let want_fn = e.get("footnote").and_then(Value::as_u64).map(|x| x as u32);
        field("footnote", format!("{want_fn:?}"), format!("{:?}", c.footnote));
        // Internal consistency: the line is the line of the span's first byte.
        let line = text[..c.span.start.min(text.len())].matches('\n').count() + 1;
        field("line", line.to_string(), c.line.to_string());
    }

    // A year-less citation is reported; citations with a year are not.
    let yearless = exp_cites.iter().filter(|e| e.get("year").is_none_or(Value::is_null)).count();
    let warned = doc.diagnostics.iter().filter(|d| d.code == Code::CitationWithoutYear).count();
    if yearless != warned {
        diff(format!("expected {yearless} `citation-without-year` diagnostic(s), found {warned}"));
    }
    if let Some(codes) = expected.get("diagnostics").and_then(Value::as_array) {
        for code in codes.iter().filter_map(Value::as_str) {
            let Some(want) = Code::from_name(code) else {
                diff(format!("the fixture names `{code}`, which is no diagnostic code"));
                continue;
            };
            if !doc.diagnostics.iter().any(|d| d.code == want) {
                diff(format!("expected a `{code}` diagnostic, found {:?}", codes_of(doc)));
            }
        }
    }

    // Footnotes: absent in the expectation means none.
    let empty = Vec::new();
    let exp_notes = expected.get("footnotes").and_then(Value::as_array).unwrap_or(&empty);
    if exp_notes.len() != doc.footnotes.len() {
        diff(format!(
            "expected {} footnote(s), found {}: {:?}",
            exp_notes.len(),
            doc.footnotes.len(),
            doc.footnotes.iter().map(|f| &f.text).collect::<Vec<_>>()
        ));
    }
    for (e, f) in exp_notes.iter().zip(&doc.footnotes) {
        let n = f.number;
        let mut field = |name: &str, want: String, got: String| {
            if want != got {
                diff(format!("footnote {n}: {name}: expected {want}, found {got}"));
            }
        };
        field("number", e["number"].to_string(), n.to_string());
        let anchor = f.anchor_span.map(|s| slice(text, s.start, s.end));
        field("anchor", format!("{:?}", opt_str(e.get("anchor"))), format!("{anchor:?}"));
        field("anchor_line", format!("{:?}", e["anchor_line"].as_u64()), format!("{:?}", f.anchor_line));
        field("body_line", e["body_line"].to_string(), f.body_line.to_string());
        field("text", e["text"].to_string(), format!("{:?}", f.text));
    }
    diffs
}

fn codes_of(doc: &Document) -> Vec<&'static str> {
    doc.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Runs fixture `name` and fails with every difference at once.
fn check(name: &str) {
    let (text, expected) = load(name);
    let doc = run(&text);
    let diffs = differences(&text, &expected, &doc);
    assert!(
        diffs.is_empty(),
        "fixture `{name}` ({}):\n  {}\nfound citations: {:#?}",
        expected["description"].as_str().unwrap_or(""),
        diffs.join("\n  "),
        doc.citations
            .iter()
            .map(|c| (slice(&text, c.span.start, c.span.end), &c.authors, &c.year, &c.locator, c.form))
            .collect::<Vec<_>>()
    );
}

macro_rules! fixtures {
    ($( $(#[$meta:meta])* $name:ident ),* $(,)?) => {
        /// Every fixture with a test below.
        const ALL: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            $(#[$meta])*
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

fixtures! {
    small_caps_lower_case_names,
    name_particles_shared_lexicon,
    paren_single,
    paren_no_comma,
    narrative_single,
    narrative_possessive,
    narrative_sentence_opener,
    two_authors_and,
    two_authors_ampersand,
    three_authors,
    three_authors_narrative,
    four_authors_ampersand,
    et_al_paren,
    endnotes_under_a_notes_heading,
    et_al_after_comma_list,
    et_al_narrative,
    et_al_no_period,
    group_semicolons,
    group_mixed_with_locators,
    accented_names,
    hyphenated_and_apostrophe_names,
    corporate_paren,
    corporate_narrative,
    corporate_with_for,
    corporate_of_the,
    corporate_for_the,
    corporate_hierarchy,
    corporate_letter,
    corporate_abbreviation_bracket,
    corporate_dotted_country,
    run_in_heading_gap,
    soft_hyphen_and_zero_width,
    corporate_country_and_acronym,
    particles_paren,
    particles_narrative,
    particle_capitalised_opening,
    year_suffix,
    nd_in_press_forthcoming_paren,
    nd_in_press_forthcoming_narrative,
    year_list_narrative,
    year_list_paren,
    year_list_semicolon,
    year_list_et_al,
    year_list_bare_suffixes,
    year_list_in_group,
    locator_p_pp,
    locator_colon,
    locator_para_chap_section,
    locator_footnote,
    locator_and,
    locator_en_dash_range,
    locator_narrative,
    locator_continuation,
    locator_no_space,
    prefixes,
    suffix_comment,
    as_cited_in,
    as_cited_in_narrative,
    no_year_locator,
    no_year_pp,
    broken_across_lines_paren,
    broken_across_lines_narrative,
    broken_hyphenated_name,
    broken_across_pages,
    broken_across_pages_form_feed,
    broken_across_pages_after_et_al,
    citation_in_footnote,
    not_acronym_with_number,
    not_acronym,
    not_in_year,
    not_year_versus,
    not_month_year,
    not_figure_reference,
    not_sample_size,
    not_instrument_model,
    not_dates_and_decades,
    not_reference_list,
    not_reference_list_numbered_heading,
    not_capitalised_phrase_year,
    mixed_real_and_fake,
    repeated_lines_are_running_text,
    reprint_years_and_anonymous,
    footnotes_superscript,
    footnotes_superscript_pages,
    footnotes_brackets,
    footnotes_brackets_consecutive,
    footnotes_caret,
    footnote_body_with_citation_and_marker_cite,
    ocr_marker_apostrophe,
    ocr_marker_right_single_quote,
    ocr_marker_asterisk,
    ocr_marker_degree,
    ocr_marker_registered,
    ocr_marker_right_double_quote,
    ocr_marker_left_double_quote,
    ocr_marker_question,
    ocr_marker_quote_digit,
    ocr_markers_two_on_one_page,
}

/// Every `.txt` in the fixture folder has an expectation and a test, and vice versa.
#[test]
fn every_fixture_is_listed() {
    let mut txt = BTreeSet::new();
    let mut json = BTreeSet::new();
    for entry in std::fs::read_dir(fixture_dir()).expect("fixture folder exists") {
        let name = entry.expect("readable entry").file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".expected.json") {
            json.insert(stem.to_string());
        } else if let Some(stem) = name.strip_suffix(".txt") {
            txt.insert(stem.to_string());
        }
    }
    assert_eq!(txt, json, "every NAME.txt needs a NAME.expected.json and vice versa");
    let listed: BTreeSet<String> = ALL.iter().map(|s| s.to_string()).collect();
    assert_eq!(listed.len(), ALL.len(), "a fixture is listed twice");
    assert_eq!(txt, listed, "fixture files and the `fixtures!` list differ");
    assert!(ALL.len() >= 60, "the brief asks for at least 60 cases, there are {}", ALL.len());
}

/// Structural invariants that hold for every fixture, whatever its expectation says.
#[test]
fn output_invariants_hold_on_every_fixture() {
    for name in ALL {
        let (text, _) = load(name);
        let doc = run(&text);
        for (i, c) in doc.citations.iter().enumerate() {
            assert_eq!(c.id, format!("c{}", i + 1), "{name}: citation ids are sequential");
            assert!(c.span.start < c.span.end && c.span.end <= text.len(), "{name}: {c:?} has a bad span");
            assert!(text.get(c.span.start..c.span.end).is_some(), "{name}: span splits a character");
            assert!(!c.authors.is_empty(), "{name}: citation {} has no author", c.id);
            if let Some(claim) = &c.claim {
                let cl = doc.claims.iter().find(|s| &s.id == claim).expect("claim id exists");
                assert!(cl.citations.contains(&c.id), "{name}: claim {claim} does not list {}", c.id);
            }
        }
        assert!(
            doc.citations.windows(2).all(|w| w[0].span.start <= w[1].span.start),
            "{name}: citations are in document order"
        );
        for (i, f) in doc.footnotes.iter().enumerate() {
            assert_eq!(f.number as usize, i + 1, "{name}: footnotes are numbered in order");
            assert!(f.body_span.end <= text.len());
            // A footnote body is not running text: no claim outside the footnote overlaps it.
            for s in doc.claims.iter().filter(|s| s.in_footnote.is_none()) {
                assert!(
                    s.span.end <= f.body_span.start || s.span.start >= f.body_span.end || s.span.contains(f.body_span),
                    "{name}: running-text claim {:?} overlaps footnote {}",
                    s.text,
                    f.number
                );
            }
        }
    }
}

/// Every particle-led citation of `name_particles_shared_lexicon` finds its own list entry:
/// with a particle missing from one stage's list, the entry was glued to the one above it
/// (`dei Medici, L. (1999).` after another entry) or the citation lost its particles, and
/// the citation stayed unresolved.
#[test]
fn particle_led_names_link_to_their_entries() {
    let (text, _) = load("name_particles_shared_lexicon");
    let doc = run(&text);
    assert_eq!(doc.references.len(), 5, "one entry per line of the list");
    for c in &doc.citations {
        assert!(c.reference.is_some(), "{:?} {:?} is not linked", c.authors, c.year);
    }
}
