//! Reference-string parsing: regression fixtures written for issue 12 (name particles that
//! open with an apostrophe).

use citegraph::{Options, Source, extract, parse_reference};

fn families(raw: &str) -> Vec<String> {
    let (r, _) = parse_reference(raw);
    r.authors.iter().map(|p| p.family.clone().or_else(|| p.literal.clone()).unwrap_or_default()).collect()
}

/// `'t` in `van 't Hoff` is a name particle, not an opening quotation mark: the author list
/// used to stop at it, leaving `van` as the author and `'t Hoff` as the title.
#[test]
fn apostrophe_particle_is_part_of_the_name() {
    assert_eq!(families("van 't Hoff, J. H. (1884). Studies of reaction speed. Amsterdam: Muller."), ["van 't Hoff"]);
    let (r, _) = parse_reference("van 't Hoff, J. H. (1884). Studies of reaction speed. Amsterdam: Muller.");
    assert_eq!(r.title.as_deref(), Some("Studies of reaction speed"));
    assert_eq!(
        families("Grant, P. and van ’t Riet, K. 1999. On stirred vessels. Journal of Mixing 3: 1-9."),
        ["Grant", "van ’t Riet"]
    );
    assert_eq!(families("A. van 't Hoff. Lectures on solutions. London: Arnold, 1899."), ["van 't Hoff"]);
    // A real quotation after the names still ends them.
    let (r, _) = parse_reference("Grant, P. (1999). 'Stirred vessels', Journal of Mixing 3: 1-9.");
    assert_eq!(families(&r.raw), ["Grant"]);
    assert!(r.title.as_deref().is_some_and(|t| t.contains("Stirred vessels")), "{:?}", r.title);
}

/// A citation of `van 't Hoff` links to its list entry.
#[test]
fn apostrophe_particle_citation_links() {
    let text = "Osmotic pressure obeys the gas law (van 't Hoff, 1887).\n\nReferences\n\n\
                van 't Hoff, J. H. (1887). The part of osmotic pressure in the analogy between solutions and gases. \
                Journal of Solutions, 1, 481-508.\n";
    let doc = extract(&Source::new("x", text.to_string()), &Options::default());
    assert_eq!(doc.citations.len(), 1);
    assert_eq!(doc.citations[0].authors, ["van 't Hoff"]);
    assert!(doc.citations[0].reference.is_some(), "not linked");
}

/// Text from a tokeniser, PDF extraction or OCR sets periods and commas off by spaces; the
/// fields come out as from the same reference written plainly.
#[test]
fn tokenised_reference_reads_like_the_plain_one() {
    let plain = "Birch, A. (2003). Frost on the pane. Annals of Cold Glass, 7(2), 11-19.";
    let tokenised = "Birch , A . ( 2003 ) . Frost on the pane . Annals of Cold Glass , 7 ( 2 ) , 11 - 19 .";
    let (p, _) = parse_reference(plain);
    let (t, _) = parse_reference(tokenised);
    assert_eq!(p.title.as_deref(), Some("Frost on the pane"));
    assert_eq!(t.title, p.title);
    assert_eq!(t.container, p.container);
    assert_eq!(t.volume, p.volume);
    assert_eq!(t.year, p.year);
    let (b, _) = parse_reference("Dale , C . 1999 . Ice and light . Northfield : Lantern Press .");
    assert_eq!(b.title.as_deref(), Some("Ice and light"));
    assert_eq!(b.publisher.as_deref(), Some("Lantern Press"));
}

/// The tagged reference strings of `../shared` (the tests that read them are ignored
/// without it; see `build.rs`).
fn refstrings() -> std::path::PathBuf {
    std::path::Path::new(env!("CITEGRAPH_SHARED_DIR")).join("corpus/refstrings")
}

/// `data/refs-model.json` is what `citegraph train-refs` produces from the training part.
/// The settings the cross-validation chose (recorded in the file) are reused, so the test
/// trains once instead of over the whole grid; the weights and the file text must match.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (corpus); CI runs it")]
fn shipped_refs_model_is_reproducible() {
    use citegraph::refs::{ModelFile, SHIPPED_MODEL_JSON, train};
    let dir = refstrings();
    let shipped: ModelFile = serde_json::from_str(SHIPPED_MODEL_JSON).expect("data/refs-model.json is a model");
    let settings = train::Settings::of_model(&shipped).expect("the file records its settings");
    let mut trained = train::train(&dir, Some(settings), &mut |_| {}).expect("training runs");
    // The cross-validation figures are not recomputed with fixed settings.
    trained.about = shipped.about.clone();
    assert!(
        train::model_json(&trained) == SHIPPED_MODEL_JSON,
        "data/refs-model.json differs from a fresh training: run \
         `citegraph train-refs ../shared/corpus/refstrings -o data/refs-model.json`"
    );
}

/// Training never reads the held-out strings: the GROBID split alternates files sorted by
/// name, and the training strings are core, good and the even files only.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (corpus); CI runs it")]
fn training_split_is_fixed_and_disjoint() {
    use citegraph::refs::train;
    let dir = refstrings();
    let (tr, held) = train::grobid_files(&dir).expect("GROBID files");
    assert!(!tr.is_empty() && !held.is_empty());
    assert!(tr.iter().all(|f| !held.contains(f)));
    let names = |v: &[std::path::PathBuf]| v.iter().map(|p| p.file_name().map(|n| n.to_owned())).collect::<Vec<_>>();
    let mut all = [names(&tr), names(&held)].concat();
    all.sort();
    let n = all.len();
    assert_eq!(names(&tr), all.iter().step_by(2).cloned().collect::<Vec<_>>());
    assert_eq!(tr.len() + held.len(), n);
}

/// A model file read at run time must be one: wrong format, unknown labels or rules are
/// refused with a message.
#[test]
fn bad_model_files_are_refused() {
    for bad in [
        "{}",
        r#"{"format":"x","about":null,"transitions":{},"transitions_by_delim":{},"emissions":{}}"#,
        r#"{"format":"citegraph-refs-model/1","about":null,"transitions":{"Title>Nope":1},"transitions_by_delim":{},"emissions":{}}"#,
        r#"{"format":"citegraph-refs-model/1","about":null,"transitions":{},"transitions_by_delim":{},"emissions":{},"retired_rules":["nope"]}"#,
    ] {
        assert!(citegraph::refs::set_refs_model_json(bad).is_err(), "{bad}");
    }
}
