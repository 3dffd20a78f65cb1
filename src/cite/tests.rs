use super::*;

fn cites(text: &str) -> Vec<(String, Option<String>, Option<String>, Form)> {
    find_citations(text).into_iter().map(|c| (c.authors.join(" & "), c.year, c.locator, c.form)).collect()
}

fn short(text: &str) -> Vec<String> {
    find_citations(text)
        .into_iter()
        .map(|c| {
            format!(
                "{}{} {}",
                c.authors.join("+"),
                if c.et_al { " et al." } else { "" },
                c.year.unwrap_or_else(|| "-".into())
            )
        })
        .collect()
}

#[test]
fn parenthetical_group_with_locators() {
    let t = "spam (Talbot, 2006; WGIG, 2005, para. 17-18; Deibert, 2013; Brunton, 2013; Hill, 2014).";
    let c = cites(t);
    assert_eq!(c.len(), 5);
    assert_eq!(c[1], ("WGIG".into(), Some("2005".into()), Some("para. 17-18".into()), Form::Parenthetical));
    let all = find_citations(t);
    assert_eq!(&t[all[0].range.clone()], "Talbot, 2006");
    assert!(all.iter().all(|c| c.group == all[0].group));
}

#[test]
fn narrative_with_locator() {
    let c = cites("As Schreier (2015, p. 14) puts the matter");
    assert_eq!(c, vec![("Schreier".into(), Some("2015".into()), Some("p. 14".into()), Form::Narrative)]);
}

#[test]
fn corporate_authors() {
    assert_eq!(short("noting (East West Institute, 2012): x"), ["East West Institute 2012"]);
    assert_eq!(
        short("paragraph 14 of High Commissioner for Human Rights (2014)"),
        ["High Commissioner for Human Rights 2014"]
    );
    assert_eq!(
        short("citizens (United States of America, 2014; Ball, 2015)"),
        ["United States of America 2014", "Ball 2015"]
    );
    assert_eq!(short("(Tribune de Genéve, 2015“)."), ["Tribune de Genéve 2015"]);
}

#[test]
fn multiple_authors_and_et_al() {
    assert_eq!(
        short("(Poitras, Rosenbach and Stark, 2013; Gellman and Miller, 2013)"),
        ["Poitras+Rosenbach+Stark 2013", "Gellman+Miller 2013"]
    );
    assert_eq!(short("worm (Eisneberg et al., 1989) was"), ["Eisneberg et al. 1989"]);
    assert_eq!(
        short("(Matthews & Sandage 1963; Smith & Hoffleit 1963)"),
        ["Matthews+Sandage 1963", "Smith+Hoffleit 1963"]
    );
    assert_eq!(short("(Murr et al, 1994)"), ["Murr et al. 1994"]);
}

#[test]
fn particles() {
    assert_eq!(short("(LOFAR; van Haarlem et al. 2013)"), ["van Haarlem et al. 2013"]);
    assert_eq!(short("as shown by van der Berg (2001)"), ["van der Berg 2001"]);
    assert_eq!(short("(de Souza, 1999)"), ["de Souza 1999"]);
}

#[test]
fn year_lists() {
    assert_eq!(short("Smith (2001, 2003a) argued"), ["Smith 2001", "Smith 2003a"]);
    assert_eq!(short("(Jones 1966, 1968)"), ["Jones 1966", "Jones 1968"]);
    assert_eq!(short("(Whitham et al., 2006, 2012)"), ["Whitham et al. 2006", "Whitham et al. 2012"]);
    assert_eq!(
        short("(Offringa et al. 2010, 2012a,b)"),
        ["Offringa et al. 2010", "Offringa et al. 2012a", "Offringa et al. 2012b"]
    );
    assert_eq!(short("(Arber et al., 1994 and 1996)"), ["Arber et al. 1994", "Arber et al. 1996"]);
    assert_eq!(
        short("(Kamin ´ski et al., 2014, 2013, 2011a, b; Obniska et al., 2013)"),
        [
            "Kamin ´ski et al. 2014",
            "Kamin ´ski et al. 2013",
            "Kamin ´ski et al. 2011a",
            "Kamin ´ski et al. 2011b",
            "Obniska et al. 2013"
        ]
    );
}

#[test]
fn words_instead_of_years() {
    assert_eq!(
        short("(Smith, n.d.; Lee, in press; Roe, forthcoming)"),
        ["Smith n.d.", "Lee in press", "Roe forthcoming"]
    );
}

#[test]
fn continuation_and_prefix() {
    let c = find_citations("etc. (Hill, 2013b, pp. 35-48 and 65-66; and 59 and 63, respectively). Next");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].locator.as_deref(), Some("pp. 35-48 and 65-66; and 59 and 63, respectively"));
    let c = find_citations("(see Margueron and Reinberg, 2010 for a recent review)");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].prefix.as_deref(), Some("see"));
    assert_eq!(c[0].suffix.as_deref(), Some("for a recent review"));
    let c = find_citations("(e.g., Smith 2001; see also Lee 2002)");
    assert_eq!(c[0].prefix.as_deref(), Some("e.g."));
    assert_eq!(c[1].prefix.as_deref(), Some("see also"));
}

#[test]
fn locators() {
    let c = find_citations("(Hill, 2013b, p. 70, footnote 5) and (Hill 2013b, pp.86-89) and (Lewis, 2010, § 4)");
    let l: Vec<_> = c.iter().map(|c| c.locator.clone().unwrap_or_default()).collect();
    assert_eq!(l, ["p. 70, footnote 5", "pp.86-89", "§ 4"]);
}

#[test]
fn citation_without_year() {
    let c = find_citations("not for the USA — (Hill, p. 54) but");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].year, None);
    assert_eq!(c[0].locator.as_deref(), Some("p. 54"));
}

#[test]
fn nested_brackets() {
    assert_eq!(short("(indeed it was never discussed (Hill, 2013b, pp. 60-62))"), ["Hill 2013b"]);
}

#[test]
fn not_citations() {
    for t in [
        "Telecommunications (WCIT-12). WCIT-12 was convened",
        "Regulations (ITRs), a treaty which had been agreed in 1988 and",
        "the two treaties [1988 versus 2012], as well",
        "convened in December 2012 at the",
        "reads (Figure 1A) and (n = 2012) on a HiSeq 2000 run",
        "sequenced on an Illumina HiSeq 2000 (Illumina)",
        "in the 1990s and (since 2009) and August 3, 2012, which",
        "the 2012 ITU WCIT and the 1865 treaty",
        "doi:10.1016/2013.05.001 and 2013-01-05",
        "Strictly speaking (Table 2012) and (Fig. 2001)",
    ] {
        assert!(find_citations(t).is_empty(), "{t}: {:?}", short(t));
    }
}

#[test]
fn possessive_and_sentence_openers() {
    assert_eq!(short("In Smith’s (2001) view"), ["Smith 2001"]);
    assert_eq!(short("Smith et al.'s (2001) model fails"), ["Smith et al. 2001"]);
    assert_eq!(short("Later Smith and Jones (2011) agree."), ["Smith+Jones 2011"]);
    // OCR's period for a comma, and abbreviations that lost their period.
    assert_eq!(short("as shown (Hill. 2013; see Deibert. 2013)"), ["Hill 2013", "Deibert 2013"]);
    assert!(short("published as Yan, and Leonidas Guibas. 2012. Acquiring 3D").is_empty());
    assert_eq!(cites("(Hill 2013b pp 35–48)")[0].2.as_deref(), Some("pp 35–48"));
    assert_eq!(cites("(Hill, 2013, para 4)")[0].2.as_deref(), Some("para 4"));
    assert_eq!(short("Previously van Dijk (2011) said"), ["van Dijk 2011"]);
    assert_eq!(short("(el-Sayed, 2010; d'Alembert 1750)"), ["el-Sayed 2010", "d'Alembert 1750"]);
    assert_eq!(short("Smith and colleagues (2001) disagree"), ["Smith et al. 2001"]);
    assert_eq!(short("as shown before (Lee and co-workers, 1999)"), ["Lee et al. 1999"]);
    // A possessive before a bare year qualifies a noun: not a citation.
    assert!(short("(e.g., the scene from Frank Capra’s 1946 film, It’s a Wonderful Life)").is_empty());
    assert_eq!(short("(see Capra's 1946 film; Smith, 2001)"), ["Smith 2001"]);
    assert_eq!(short("See Headrick (1991)."), ["Headrick 1991"]);
    assert_eq!(short("Similarly, Raymond and Smith (2013) say"), ["Raymond+Smith 2013"]);
}

#[test]
fn loose_citations_need_strong_evidence() {
    assert_eq!(short("For example, also see Frail et al. 2012 for more"), ["Frail et al. 2012"]);
    assert!(short("the Smith 2001 data").is_empty());
}

#[test]
fn common_words_as_names_and_camel_case() {
    assert_eq!(short("(An et al. 2011; Winter et al., 2003)"), ["An et al. 2011", "Winter et al. 2003"]);
    assert_eq!(short("(UniProt Consortium, 2013)"), ["UniProt Consortium 2013"]);
    assert_eq!(short("in Figure 7C of Schuman et al. (2012)"), ["Schuman et al. 2012"]);
    assert_eq!(
        short("as described by Kessler and Baldwin, 2001 and Steppuhn et al. (2008)"),
        ["Kessler+Baldwin 2001", "Steppuhn et al. 2008"]
    );
}

#[test]
fn fixture_bug_reports() {
    assert_eq!(short("(Lowe, Ashby, Carrick, & Denholm, 2009)"), ["Lowe+Ashby+Carrick+Denholm 2009"]);
    assert_eq!(
        short("(Royal Society for the Protection of Lakes, 2018)"),
        ["Royal Society for the Protection of Lakes 2018"]
    );
    let t = "(Danforth 2010, 2012a, b)";
    let c = find_citations(t);
    let spans: Vec<&str> = c.iter().map(|c| &t[c.range.clone()]).collect();
    assert_eq!(spans, ["Danforth 2010", "2012a", "b"]);
    let t = "(Hill, 2013b, pp. 35-48 and 65-66; and 59 and 63, respectively).";
    let c = find_citations(t);
    assert_eq!(&t[c[0].range.clone()], "Hill, 2013b, pp. 35-48 and 65-66; and 59 and 63, respectively");
}

#[test]
fn hostile_input_does_not_panic() {
    let deep = "(".repeat(10_000) + "Smith, 2001" + &")".repeat(10_000);
    let c = find_citations(&deep);
    assert_eq!(c.len(), 1);
    let junk = "(((( ;;; , , and & et al. 2001 ) ] [ (´ 1999a, b, c";
    let _ = find_citations(junk);
    let long = "Smith, 2001; ".repeat(50_000);
    let _ = find_citations(&format!("({long})"));
}

#[test]
fn regression_unclosed_bracket_ends_inside_a_character() {
    // Found by the fuzzer: an unclosed `(` closed 400 bytes later, inside `ä`.
    for bytes in [
        &include_bytes!("../../fuzz/regressions/panic-char-boundary-cite-269-min.txt")[..],
        &include_bytes!("../../fuzz/regressions/panic-char-boundary-cite-269-a.txt")[..],
        &include_bytes!("../../fuzz/regressions/panic-char-boundary-cite-269-b.txt")[..],
    ] {
        let (src, _) = crate::load::decode("fuzz", bytes.to_vec()).expect("text input");
        let _ = crate::extract::extract(&src, &Default::default());
        let _ = find_citations(&src.text);
    }
    let text = format!("({}{}", "x".repeat(399), "ä (Smith, 2001) more text ".repeat(20));
    let _ = find_citations(&text);
}
