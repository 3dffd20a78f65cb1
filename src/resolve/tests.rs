//! Unit tests of the linking ladder and its checks.

use super::*;
use crate::keys::{assign_keys, letters};
use crate::model::Form;
use crate::source::Span;

/// A citation of `text`, found at its first occurrence in `doc` at or after `from`.
fn cit(doc: &str, from: usize, text: &str, authors: &[&str], et_al: bool, year: Option<&str>) -> Citation {
    let start = doc.get(from..).and_then(|d| d.find(text)).map(|p| p + from).unwrap_or(0);
    Citation {
        id: String::new(),
        text: text.to_string(),
        authors: authors.iter().map(|s| s.to_string()).collect(),
        et_al,
        year: year.map(str::to_string),
        locator: text.find("p.").and_then(|p| text.get(p..)).map(str::to_string),
        prefix: None,
        suffix: None,
        form: Form::Parenthetical,
        numbers: Vec::new(),
        line: 0,
        span: Span::new(start, start + text.len()),
        group: 0,
        claim: None,
        footnote: None,
        reference: None,
        resolution: None,
    }
}

/// Citations of `doc` given as (text, authors, et al., year), located in order.
fn cits(doc: &str, specs: &[(&str, &[&str], bool, Option<&str>)]) -> Vec<Citation> {
    let mut from = 0;
    let mut out = Vec::new();
    for (i, (text, authors, et_al, year)) in specs.iter().enumerate() {
        let mut c = cit(doc, from, text, authors, *et_al, *year);
        c.id = format!("c{}", i + 1);
        from = c.span.end;
        out.push(c);
    }
    out
}

fn reference(id: &str, families: &[&str], year: Option<&str>, title: &str) -> Reference {
    Reference {
        id: id.to_string(),
        authors: families.iter().map(|f| Person::name(*f, None)).collect(),
        year: year.map(str::to_string),
        title: Some(title.to_string()),
        ..Default::default()
    }
}

fn corporate(id: &str, name: &str, year: &str) -> Reference {
    Reference {
        id: id.to_string(),
        authors: vec![Person::literal(name)],
        year: Some(year.to_string()),
        title: Some(format!("{name} report")),
        ..Default::default()
    }
}

/// Resolves one citation against `refs` and returns (reference, rule, diagnostic codes).
fn one(
    authors: &[&str],
    et_al: bool,
    year: Option<&str>,
    refs: &[Reference],
) -> (Option<String>, Option<String>, Vec<Code>) {
    let doc = "Intro text (X).";
    let mut cs = vec![cit(doc, 0, "(X)", authors, et_al, year)];
    let diags = resolve(&mut cs, refs, &Source::new("t", doc.to_string()));
    let codes = diags.iter().filter(|d| d.code != Code::UncitedReference).map(|d| d.code).collect();
    let c = cs.remove(0);
    (c.reference, c.resolution, codes)
}

fn pair(r: Option<String>, rule: Option<String>) -> (Option<String>, Option<String>) {
    (r, rule)
}

fn some(r: &str, rule: &str) -> (Option<String>, Option<String>) {
    (Some(r.to_string()), Some(rule.to_string()))
}

#[test]
fn institution_split_into_levels_by_the_entry_parser() {
    // The entry parser may split `United Nations, Department of Health, Statistics Division`
    // into several authors; the citation names the institution whole.
    let raw = "United Nations, Department of Health, Statistics Division. 2013. World figures.";
    let entry = Reference {
        id: "r1".into(),
        authors: vec![
            Person::literal("United Nations"),
            Person::literal("Department of Health"),
            Person::name("Division", Some("Statistics".into())),
        ],
        year: Some("2013".into()),
        raw: raw.into(),
        ..Default::default()
    };
    let whole = ["United Nations, Department of Health, Statistics Division"];
    assert_eq!(one(&whole, false, Some("2013"), std::slice::from_ref(&entry)).0.as_deref(), Some("r1"));
    // Another year is not this work.
    assert_eq!(one(&whole, false, Some("2019"), std::slice::from_ref(&entry)).0, None);
}

#[test]
fn author_year_labels_name_the_entry() {
    assert_eq!(alpha_label("[Bais 2010] “The Physics of Information”, F. Bais."), Some((vec!["Bais"], "2010")));
    assert_eq!(alpha_label("[Bar-Yam 2004a] “A Theory”, Y. Bar-Yam."), Some((vec!["Bar-Yam"], "2004a")));
    assert_eq!(alpha_label("[Smith and Jones, 1999] Title."), Some((vec!["Smith", "Jones"], "1999")));
    assert_eq!(alpha_label("[12] A. Rahman, Title, 2001."), None);
    assert_eq!(alpha_label("Hill, R. (2013). Title."), None);
    // The entry's own (wrong) parse does not matter: the label links it.
    let entry = Reference {
        id: "r1".into(),
        raw: "[Bais 2010] “The Physics of Information”, F. Alexander Bais and J. Doyne Farmer, SFI Working Paper."
            .into(),
        ..Default::default()
    };
    assert_eq!(one(&["Bais"], false, Some("2010"), std::slice::from_ref(&entry)).0.as_deref(), Some("r1"));
}

#[test]
fn corporate_acronyms_given_by_the_entry() {
    assert_eq!(author_acronym("American Society of Civil Engineers (ASCE). (2010). Minimum loads."), Some("ASCE"));
    assert_eq!(author_acronym("Smith, J. (2010). The role of DNA (DNA) in X."), None);
    assert_eq!(author_acronym("Smith, J. (Ed.). 2010. Title."), None);
    let entry = Reference {
        id: "r1".into(),
        authors: vec![Person::literal("American Society of Civil Engineers")],
        year: Some("2010".into()),
        raw: "American Society of Civil Engineers (ASCE). (2010). Minimum design loads.".into(),
        ..Default::default()
    };
    assert_eq!(one(&["ASCE"], false, Some("2010"), std::slice::from_ref(&entry)).0.as_deref(), Some("r1"));
    assert_eq!(one(&["ASCE"], false, Some("2012"), std::slice::from_ref(&entry)).0, None);
}

#[test]
fn chapter_lists_serve_the_citations_before_them() {
    // Chapter 1 text, its list, chapter 2 text, its list: the same work is in both lists,
    // and chapter 2 also lists another work by the same authors and year.
    let filler = "x".repeat(8000);
    let doc =
        format!("One (Tong et al. 2005).\nTong 2005a.\n{filler}\nTwo (Tong et al. 2005).\nTong 2005a.\nTong 2005b.\n");
    let at = |needle: &str, nth: usize| doc.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap();
    let entry = |id: &str, start: usize, title: &str| Reference {
        span: Some(Span::new(start, start + 11)),
        ..reference(id, &["Tong", "Matsumura", "Suda"], Some("2005"), title)
    };
    let refs = vec![
        entry("r1", at("Tong 2005a", 0), "Thin membranes"),
        entry("r2", at("Tong 2005a", 1), "Thin membranes"),
        entry("r3", at("Tong 2005b", 0), "Steam reforming"),
    ];
    let mut cs = cits(
        &doc,
        &[("Tong et al. 2005", &["Tong"], true, Some("2005")), ("Tong et al. 2005", &["Tong"], true, Some("2005"))],
    );
    resolve(&mut cs, &refs, &Source::new("t", doc.clone()));
    // Chapter 1: only one entry of its own list fits.
    assert_eq!(cs[0].reference.as_deref(), Some("r1"));
    // Chapter 2: its own list holds two works that fit, so it stays ambiguous.
    assert_eq!(cs[1].reference, None);
}

#[test]
fn abbreviations_defined_in_a_citation_are_expanded_later() {
    let doc = "First (National Institute of Mental Health [NIMH], 2020). Later (NIMH, 2020).";
    let mut cs = cits(
        doc,
        &[
            (
                "National Institute of Mental Health [NIMH], 2020",
                &["National Institute of Mental Health"],
                false,
                Some("2020"),
            ),
            ("NIMH, 2020", &["NIMH"], false, Some("2020")),
        ],
    );
    let refs = vec![corporate("r1", "National Institute of Mental Health", "2020")];
    resolve(&mut cs, &refs, &Source::new("t", doc.to_string()));
    assert_eq!(cs[0].reference.as_deref(), Some("r1"));
    assert_eq!(cs[1].reference.as_deref(), Some("r1"));
}

#[test]
fn folding() {
    assert_eq!(fold("Müller-Lüdenscheidt"), "mullerludenscheidt");
    assert_eq!(fold("Powers & Jablonsky"), "powersandjablonsky");
    assert_eq!(fold("O’Carroll"), "ocarroll");
    assert_eq!(fold("Łukasz Ærø"), "lukaszaero");
    assert_eq!(core("van der Berg"), "berg");
    assert_eq!(core("The World Bank"), "worldbank");
    assert_eq!(core("d'Alembert"), "alembert");
    assert_eq!(core("Van"), "van");
    assert_eq!(ocr_fold("Hi1l"), "hill");
}

#[test]
fn years() {
    assert_eq!(YearKey::parse("2013b"), YearKey::Year(2013, "b".into()));
    assert_eq!(YearKey::parse(" 2013 "), YearKey::Year(2013, String::new()));
    assert_eq!(YearKey::parse("n.d."), YearKey::NoDate);
    assert_eq!(YearKey::parse("In press"), YearKey::InPress);
    assert!(matches!(YearKey::parse("2013/14"), YearKey::Other(_)));
    assert!(matches!(YearKey::parse("１２３４"), YearKey::Other(_)));
}

#[test]
fn keys_are_natural_unique_and_keep_existing() {
    let mut refs = vec![
        reference("r1", &["Hill"], Some("2013b"), "A"),
        corporate("r2", "East West Institute", "2012"),
        reference("r3", &["Hill"], Some("2013"), "B"),
        reference("r4", &["Hill"], Some("2013"), "C"),
        reference("r5", &["Hill"], Some("2013a"), "D"),
        reference("r6", &["Ñúñez"], None, "E"),
        Reference { key: "smith".into(), ..reference("r7", &["Smith"], Some("2001"), "F") },
        Reference { key: "smith".into(), ..reference("r8", &["Smith"], Some("2002"), "G") },
        reference("r9", &[], Some("in press"), "H"),
        reference("r10", &["李"], Some("2020"), "I"),
    ];
    assign_keys(&mut refs);
    let keys: Vec<&str> = refs.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "hill2013b",
            "eastwestinstitute2012",
            "hill2013",
            // hill2013a is the natural key of r5, so r4 gets the next free letter.
            "hill2013c",
            "hill2013a",
            "nuneznd",
            "smith",
            "smitha",
            "anoninpress",
            "anon2020"
        ]
    );
    // Deterministic: running again changes nothing.
    let before = refs.clone();
    assign_keys(&mut refs);
    assert_eq!(before, refs);
    assert_eq!(letters(0), "a");
    assert_eq!(letters(25), "z");
    assert_eq!(letters(26), "aa");
}

#[test]
fn exact_rule() {
    let refs = [reference("r1", &["Hill"], Some("2013b"), "A"), reference("r2", &["Hill"], Some("2013a"), "B")];
    let (r, rule, codes) = one(&["Hill"], false, Some("2013b"), &refs);
    assert_eq!(pair(r, rule), some("r1", "exact"));
    assert!(codes.is_empty(), "{codes:?}");
    let two = [reference("r1", &["Powers", "Jablonsky"], Some("2015"), "A")];
    assert_eq!(
        pair(one(&["Powers", "Jablonsky"], false, Some("2015"), &two).0, Some("exact".into())),
        some("r1", "exact")
    );
}

#[test]
fn folded_rule() {
    let refs = [
        reference("r1", &["Müller"], Some("2002"), "A"),
        reference("r2", &["van der Berg"], Some("2010"), "B"),
        corporate("r3", "Johnson & Johnson", "2011"),
        reference("r4", &["Baker"], None, "C"),
    ];
    let r = |a: &[&str], y: Option<&str>| {
        let (r, rule, _) = one(a, false, y, &refs);
        pair(r, rule)
    };
    assert_eq!(r(&["Muller"], Some("2002")), some("r1", "folded"));
    assert_eq!(r(&["MÜLLER"], Some("2002")), some("r1", "folded"));
    assert_eq!(r(&["Berg"], Some("2010")), some("r2", "folded"));
    assert_eq!(r(&["Van der  Berg"], Some("2010")), some("r2", "folded"));
    assert_eq!(r(&["Johnson and Johnson"], Some("2011")), some("r3", "folded"));
    assert_eq!(r(&["Baker"], Some("n.d.")), some("r4", "folded"));
}

#[test]
fn et_al_rule() {
    let refs = [
        reference("r1", &["Ketel", "Andersen", "Vargas"], Some("2005"), "A"),
        reference("r2", &["Ogura", "Iwasaki"], Some("2003"), "B"),
        reference("r3", &["Solo"], Some("2003"), "C"),
        Reference { et_al: true, ..reference("r4", &["Tang"], Some("2007"), "D") },
    ];
    let r = |a: &[&str], et: bool, y: &str| {
        let (r, rule, _) = one(a, et, Some(y), &refs);
        pair(r, rule)
    };
    assert_eq!(r(&["Ketel"], true, "2005"), some("r1", "et-al"));
    assert_eq!(r(&["Ogura"], true, "2003"), some("r2", "et-al"));
    assert_eq!(r(&["Solo"], true, "2003"), (None, None));
    assert_eq!(r(&["Tang", "Peng", "Baldwin"], false, "2007"), some("r4", "et-al"));
    assert_eq!(r(&["Tang"], true, "2007"), some("r4", "exact"));
}

#[test]
fn first_author_rule() {
    let refs = [reference("r1", &["Cao", "Wang", "Xia"], Some("2002"), "A")];
    let (r, rule, codes) = one(&["Cao"], false, Some("2002"), &refs);
    assert_eq!(pair(r, rule), some("r1", "first-author"));
    assert!(codes.is_empty());
    // Two cited names against a different second author: no link.
    let (r, _, _) = one(&["Cao", "Zhang"], false, Some("2002"), &refs);
    assert_eq!(r, None);
}

#[test]
fn missing_suffix_rule() {
    let refs = [reference("r1", &["Hill"], Some("2013b"), "A"), reference("r2", &["Hill"], Some("2014"), "B")];
    let (r, rule, codes) = one(&["Hill"], false, Some("2013"), &refs);
    assert_eq!(pair(r, rule), some("r1", "missing-suffix"));
    assert!(codes.contains(&Code::SuffixProblem));
    // Two lettered works: ambiguous, not guessed.
    let refs = [reference("r1", &["Hill"], Some("2013a"), "A"), reference("r2", &["Hill"], Some("2013b"), "B")];
    let (r, _, codes) = one(&["Hill"], false, Some("2013"), &refs);
    assert_eq!(r, None);
    assert_eq!(codes, [Code::AmbiguousCitation]);
}

#[test]
fn extra_suffix_rule() {
    let refs = [reference("r1", &["Hill"], Some("2013"), "A")];
    let (r, rule, codes) = one(&["Hill"], false, Some("2013c"), &refs);
    assert_eq!(pair(r, rule), some("r1", "extra-suffix"));
    assert_eq!(codes, [Code::SuffixProblem]);
    // A wrong letter is not an extra suffix.
    let refs = [reference("r1", &["Hill"], Some("2013a"), "A")];
    let (r, _, codes) = one(&["Hill"], false, Some("2013c"), &refs);
    assert_eq!(r, None);
    assert_eq!(codes, [Code::YearMismatch, Code::SuffixProblem]);
}

#[test]
fn edit_distance_rule() {
    let refs = [
        reference("r1", &["Haass"], Some("2010"), "A"),
        reference("r2", &["Schmitges", "Prusty"], Some("2011"), "B"),
        reference("r3", &["He"], Some("1999"), "C"),
        reference("r4", &["Hill"], Some("2013"), "D"),
    ];
    let r = |a: &[&str], y: &str| {
        let (r, rule, codes) = one(a, false, Some(y), &refs);
        (r, rule, codes)
    };
    let (re, rule, codes) = r(&["Haas"], "2010");
    assert_eq!(pair(re, rule), some("r1", "edit-distance"));
    assert_eq!(codes, [Code::NameNearMiss]);
    let (re, rule, _) = r(&["Schmitqes", "Prustv"], "2011");
    assert_eq!(pair(re, rule), some("r2", "edit-distance"));
    // OCR digits for letters.
    let (re, rule, _) = r(&["Hi1l"], "2013");
    assert_eq!(pair(re, rule), some("r4", "edit-distance"));
    // Too short to tolerate an edit.
    let (re, _, codes) = r(&["Ho"], "1999");
    assert_eq!(re, None);
    assert_eq!(codes, [Code::UnresolvedCitation]);
    // An edit and a year change together are too much.
    let (re, _, _) = r(&["Haas"], "2011");
    assert_eq!(re, None);
}

#[test]
fn year_off_by_one_only_when_safe() {
    let refs = [reference("r1", &["Rudmin"], Some("2006"), "A")];
    let (r, rule, codes) = one(&["Rudmin"], false, Some("2007"), &refs);
    assert_eq!(pair(r, rule), some("r1", "year-off-by-one"));
    assert_eq!(codes, [Code::YearMismatch]);
    // Two entries by the author: no guess.
    let refs = [reference("r1", &["Rudmin"], Some("2006"), "A"), reference("r2", &["Rudmin"], Some("2009"), "B")];
    let (r, _, codes) = one(&["Rudmin"], false, Some("2007"), &refs);
    assert_eq!(r, None);
    assert_eq!(codes, [Code::YearMismatch]);
    // The entry is already cited with its own year: the other year is another work.
    let doc = "A (Rudmin, 2006). B (Rudmin, 2007).";
    let mut cs = cits(
        doc,
        &[("(Rudmin, 2006)", &["Rudmin"], false, Some("2006")), ("(Rudmin, 2007)", &["Rudmin"], false, Some("2007"))],
    );
    let refs = [reference("r1", &["Rudmin"], Some("2006"), "A")];
    let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
    assert_eq!(cs[0].reference.as_deref(), Some("r1"));
    assert_eq!(cs[1].reference, None);
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::YearMismatch]);
    // Two years apart: no guess.
    let refs = [reference("r1", &["Rudmin"], Some("2006"), "A")];
    assert_eq!(one(&["Rudmin"], false, Some("2008"), &refs).0, None);
}

#[test]
fn missing_year_rule_and_ambiguity_with_context() {
    let refs = [reference("r1", &["Solo"], Some("2001"), "A")];
    let (r, rule, codes) = one(&["Solo"], false, None, &refs);
    assert_eq!(pair(r, rule), some("r1", "missing-year"));
    assert!(codes.is_empty());

    let doc = "One (Hill, 2013). Two (Hill, 2013b, p. 54).\n\nThree (Hill, 2013b, p. 8). Four (Hill, p. 54). Five (Hill, 2013b, p. 9).";
    let mut cs = cits(
        doc,
        &[
            ("(Hill, 2013)", &["Hill"], false, Some("2013")),
            ("(Hill, 2013b, p. 54)", &["Hill"], false, Some("2013b")),
            ("(Hill, 2013b, p. 8)", &["Hill"], false, Some("2013b")),
            ("(Hill, p. 54)", &["Hill"], false, None),
            ("(Hill, 2013b, p. 9)", &["Hill"], false, Some("2013b")),
        ],
    );
    let refs = [reference("r1", &["Hill"], Some("2013"), "A"), reference("r2", &["Hill"], Some("2013b"), "B")];
    let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
    assert_eq!(cs[3].reference, None);
    let amb: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == Code::AmbiguousCitation).collect();
    assert_eq!(amb.len(), 1);
    assert_eq!(amb[0].line, Some(3));
    let sugg = amb[0].suggestion.as_deref().unwrap_or("");
    assert!(sugg.contains("favour Hill 2013b (r2)"), "{sugg}");
    assert!(amb[0].message.contains("Hill 2013 (r1)"));
    // The same ref list reports its own suffix inconsistency.
    assert!(diags.iter().any(|d| d.code == Code::SuffixProblem));
}

#[test]
fn unresolved_citation_names_closest_entry() {
    let refs = [reference("r1", &["Eichensehr"], Some("2014"), "A"), reference("r2", &["Zed"], Some("2000"), "B")];
    let doc = "See (Eichenser, 2015) and (Nobody, 2001).";
    let mut cs = cits(
        doc,
        &[
            ("(Eichenser, 2015)", &["Eichenser"], false, Some("2015")),
            ("(Nobody, 2001)", &["Nobody"], false, Some("2001")),
        ],
    );
    let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
    let unresolved: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == Code::UnresolvedCitation).collect();
    assert_eq!(unresolved.len(), 2);
    assert_eq!(unresolved[0].suggestion.as_deref(), Some("closest entry: Eichensehr 2014 (r1)"));
    assert!(unresolved[1].suggestion.as_deref().unwrap_or("").contains("add an entry for Nobody"));
    assert_eq!(diags.iter().filter(|d| d.code == Code::UncitedReference).count(), 2);
}

#[test]
fn uncited_and_duplicate_references() {
    let doc = "Text (Alpha, 2001).\nAlpha, A. (2001). Title.\nAlpha, A. (2001). Title.\nBeta, B. (2002). Other.\n";
    let mut refs = vec![
        reference("r1", &["Alpha"], Some("2001"), "Title"),
        reference("r2", &["Alpha"], Some("2001"), "Title."),
        reference("r3", &["Beta"], Some("2002"), "Other"),
    ];
    for (i, r) in refs.iter_mut().enumerate() {
        let line_start = doc.split_inclusive('\n').take(i + 1).map(str::len).sum::<usize>();
        r.span = Some(Span::new(line_start, line_start + 10));
    }
    let mut cs = cits(doc, &[("(Alpha, 2001)", &["Alpha"], false, Some("2001"))]);
    let diags = resolve(&mut cs, &refs, &Source::new("t", doc.into()));
    assert_eq!(pair(cs[0].reference.clone(), cs[0].resolution.clone()), some("r1", "exact"));
    let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(got, [(Code::DuplicateReference, Some(3)), (Code::UncitedReference, Some(4))]);
}

#[test]
fn given_names_in_running_text() {
    let with_given = |id: &str, family: &str, given: &str, raw: &str| Reference {
        authors: vec![Person::name(family, Some(given.to_string()))],
        raw: raw.to_string(),
        ..reference(id, &[], Some("2014"), "T")
    };
    let refs = [
        with_given("r1", "Rogoff", "Ken", "Rogoff, Ken. 2014. T."),
        // An entry parser that split a corporate name: the citation names it whole.
        with_given("r2", "General", "Inspector", "Inspector General, Office of. 2014. T."),
    ];
    let doc = "Intro text (X).";
    let mut cs = vec![cit(doc, 0, "(X)", &["Kenneth Rogoff"], false, Some("2014"))];
    resolve(&mut cs, &refs, &Source::new("t", doc.to_string()));
    assert_eq!(pair(cs[0].reference.clone(), cs[0].resolution.clone()), some("r1", "given-name"));
    assert_eq!(cs[0].authors, ["Rogoff"]);
    // The initial must agree with the entry's given name.
    assert_eq!(one(&["Martin Rogoff"], false, Some("2014"), &refs).0, None);
    assert_eq!(one(&["Inspector General"], false, Some("2014"), &refs).0, None);
}

#[test]
fn copies_in_other_chapter_lists_are_not_duplicates() {
    // Two chapter lists far apart, each with the same entry; the second list repeats it once more.
    let gap = " ".repeat(LIST_GAP + 10);
    let doc =
        format!("(Alpha, 2001)\nAlpha, A. (2001). Title.\n{gap}\nAlpha, A. (2001). Title.\nAlpha, A. (2001). Title.\n");
    let starts: Vec<usize> = doc.match_indices("Alpha, A.").map(|(i, _)| i).collect();
    let mut refs: Vec<Reference> =
        (1..=3).map(|i| reference(&format!("r{i}"), &["Alpha"], Some("2001"), "Title")).collect();
    for (r, &at) in refs.iter_mut().zip(&starts) {
        r.span = Some(Span::new(at, at + 10));
    }
    let mut cs = cits(&doc, &[("(Alpha, 2001)", &["Alpha"], false, Some("2001"))]);
    let diags = resolve(&mut cs, &refs, &Source::new("t", doc.clone()));
    let dups: Vec<&str> =
        diags.iter().filter(|d| d.code == Code::DuplicateReference).map(|d| d.message.as_str()).collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert!(dups[0].contains("(r3) repeats") && dups[0].contains("(r2)"), "{dups:?}");
}

#[test]
fn reference_list_suffix_problems() {
    let refs = [
        reference("r1", &["Hill"], Some("2013"), "A"),
        reference("r2", &["Hill"], Some("2013b"), "B"),
        reference("r3", &["Lone"], Some("2001c"), "C"),
    ];
    let diags = resolve(&mut [], &refs, &Source::new("t", String::new()));
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::SuffixProblem, Code::SuffixProblem], "no uncited-reference without citations");
    let (_, _, codes) = one(&["Zzz"], false, Some("1990"), &refs);
    assert_eq!(codes, [Code::UnresolvedCitation, Code::SuffixProblem, Code::SuffixProblem]);
}

#[test]
fn letters_kept_when_works_share_their_short_form() {
    // Different co-authors, but both are cited as `Hart et al., 1987`: the letters
    // tell them apart and must stay.
    let refs = [
        reference("r1", &["Hart", "Clarke", "Wigley"], Some("1987a"), "A"),
        reference("r2", &["Hart", "Clarke", "Waldman", "Chia"], Some("1987b"), "B"),
        // Two authors shorten to both names: `Ng and Li, 1990c` is alone.
        reference("r3", &["Ng", "Li"], Some("1990c"), "C"),
        reference("r4", &["Ng", "Wu"], Some("1990"), "D"),
    ];
    let diags = resolve(&mut [], &refs, &Source::new("t", String::new()));
    let msgs: Vec<&str> = diags.iter().filter(|d| d.code == Code::SuffixProblem).map(|d| d.message.as_str()).collect();
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].contains("(r3)"), "{msgs:?}");
}

#[test]
fn check_citations_without_list() {
    let doc = "Indeed the Seoul meeting agreed (Seoul Conference, 2013). Richard Haass, a president,\n\
               suggests (Haas, 2010) that rules matter. Later (Hill, 2013) and (Hill, 2013b, p. 54).\n\n\
               More (Hill, 2013b, p. 8) then (Hill, p. 54) and (Hill, 2014). Also (Schreier, 2015), (Schreier, 2015)\n\
               and (Schrier, 2015).";
    let mut cs = cits(
        doc,
        &[
            ("(Seoul Conference, 2013)", &["Seoul Conference"], false, Some("2013")),
            ("(Haas, 2010)", &["Haas"], false, Some("2010")),
            ("(Hill, 2013)", &["Hill"], false, Some("2013")),
            ("(Hill, 2013b, p. 54)", &["Hill"], false, Some("2013b")),
            ("(Hill, 2013b, p. 8)", &["Hill"], false, Some("2013b")),
            ("(Hill, p. 54)", &["Hill"], false, None),
            ("(Hill, 2014)", &["Hill"], false, Some("2014")),
            ("(Schreier, 2015)", &["Schreier"], false, Some("2015")),
            ("(Schreier, 2015)", &["Schreier"], false, Some("2015")),
            ("(Schrier, 2015)", &["Schrier"], false, Some("2015")),
        ],
    );
    let src = Source::new("t", doc.to_string());
    let diags = resolve(&mut cs, &[], &src);
    assert!(cs.iter().all(|c| c.reference.is_none()));
    let got: Vec<(Code, Option<usize>)> = diags.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        got,
        [
            (Code::NameNearMiss, Some(2)),
            (Code::SuffixProblem, Some(2)),
            (Code::AmbiguousCitation, Some(4)),
            (Code::NameNearMiss, Some(5)),
        ]
    );
    assert!(diags[0].message.contains("`Haass`"));
    assert!(diags[1].suggestion.as_deref().unwrap_or("").contains("Hill 2013a"));
    assert!(diags[2].message.contains("Hill 2013, Hill 2013b, Hill 2014"), "{}", diags[2].message);
    assert!(diags[2].suggestion.as_deref().unwrap_or("").contains("favour Hill 2013b"));
    assert!(diags[3].message.contains("`Schrier`"));
    assert_eq!(check_citations(&cs, &src), diags);
}

#[test]
fn context_near_miss_ignores_other_known_authors_and_far_sentences() {
    let doc = "Hall wrote much. Hall and others disagree (Hall, 2001; Hill, 2002).";
    let cs =
        cits(doc, &[("(Hall, 2001", &["Hall"], false, Some("2001")), ("Hill, 2002)", &["Hill"], false, Some("2002"))]);
    let diags = check_citations(&cs, &Source::new("t", doc.into()));
    assert!(diags.is_empty(), "{diags:?}");
    let doc = "Richard Haass spoke.\n\nLater work (Haas, 2010).";
    let cs = cits(doc, &[("(Haas, 2010)", &["Haas"], false, Some("2010"))]);
    assert!(check_citations(&cs, &Source::new("t", doc.into())).is_empty());
}

#[test]
fn no_panics_on_odd_input() {
    let doc = "ééé (—, ) 漢字 (Hill, 2013)";
    let mut cs = vec![
        cit(doc, 0, "zzz", &[], false, Some("2013")),
        cit(doc, 0, "x", &["", "  "], true, Some("")),
        cit(doc, 0, "y", &["Ĥíll"], false, Some("٢٠١٣")),
        cit(doc, 0, "w", &["漢字"], true, None),
    ];
    cs[0].span = Span::new(1, 2); // splits a character
    cs[1].span = Span::new(10_000, 20_000);
    cs[2].span = Span { start: 5, end: 1 };
    let refs = [
        Reference::default(),
        reference("r1", &["", "Hill"], Some(""), ""),
        corporate("r2", "漢字", "n.d."),
        Reference { et_al: true, ..Reference::default() },
    ];
    let src = Source::new("t", doc.to_string());
    let _ = resolve(&mut cs, &refs, &src);
    let _ = resolve(&mut cs, &[], &src);
    let _ = check_citations(&cs, &src);
    let mut refs = refs.to_vec();
    assign_keys(&mut refs);
    let keys: HashSet<&str> = refs.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys.len(), refs.len());
}

#[test]
fn index_scales_linearly_in_the_common_case() {
    // 3000 distinct authors, each cited once: finishes quickly because lookups are by index.
    let refs: Vec<Reference> = (0..3000)
        .map(|i| reference(&format!("r{i}"), &[&format!("Author{}", letters(i))], Some("2000"), "T"))
        .collect();
    let doc = "x".to_string();
    let mut cs: Vec<Citation> = (0..3000)
        .map(|i| {
            let mut c = cit(&doc, 0, "x", &[], false, Some("2000"));
            c.authors = vec![format!("Author{}", letters(i))];
            c
        })
        .collect();
    let diags = resolve(&mut cs, &refs, &Source::new("t", doc));
    assert!(cs.iter().all(|c| c.resolution.as_deref() == Some("exact")));
    assert!(diags.is_empty());
}
