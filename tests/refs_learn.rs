//! Reference-string parsing: regression fixtures written for issue 12 (name particles that
//! open with an apostrophe).

use citegraph::Source;
use citegraph::extract::{Options, extract};
use citegraph::reference::parse_reference;

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
