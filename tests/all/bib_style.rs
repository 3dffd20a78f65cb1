//! Bibliographies formatted with a CSL style and written as BibLaTeX: the document's own
//! year letters survive (`2004a` prints as `2004a`, listed before `2004b`) whatever the
//! order of citation and of titles.

use citegraph::export::{TextFormat, write_biblatex, write_formatted};
use citegraph::{Document, Options, Source, extract};
use std::path::Path;

fn fixture(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bibout").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    extract(&Source::new(name, text), &Options::default())
}

fn render(doc: &Document, style: &str) -> Vec<String> {
    let mut out = Vec::new();
    write_formatted(std::slice::from_ref(doc), style, TextFormat::Text, &mut out).expect("render");
    String::from_utf8(out).expect("utf8").lines().map(str::to_string).collect()
}

/// The index of the one line that holds both `a` and `b` (case ignored: styles re-case titles).
fn line_with(lines: &[String], a: &str, b: &str) -> usize {
    let has = |i: usize, s: &str| lines[i].to_lowercase().contains(&s.to_lowercase());
    let found: Vec<usize> = (0..lines.len()).filter(|&i| has(i, a) && has(i, b)).collect();
    assert_eq!(found.len(), 1, "one line with {a:?} and {b:?} in {lines:#?}");
    found[0]
}

#[test]
fn formatted_lists_print_the_documents_letters_in_letter_order() {
    // 2004b is cited first and its title sorts first; 2010c is cited before 2010a and
    // 2010b, and the titles sort b, c, a. The letters printed are the document's, and the
    // list runs a, b(, c) within each author and year.
    let doc = fixture("letters.txt");
    for style in ["apa", "chicago-author-date", "harvard-cite-them-right"] {
        let lines = render(&doc, style);
        let a = line_with(&lines, "2004a", "inc fingers");
        let b = line_with(&lines, "2004b", "cetylation");
        assert!(a < b, "{style}: {lines:#?}");
        let a = line_with(&lines, "2010a", "east grows");
        let b = line_with(&lines, "2010b", "odels of growth");
        let c = line_with(&lines, "2010c", "acteria grow");
        assert!(a < b && b < c, "{style}: {lines:#?}");
        let noor = line_with(&lines, "Noor", "1999");
        assert!(!lines[noor].contains("1999a"), "{style}: {lines:#?}");
    }
}

#[test]
fn numbered_lists_keep_the_order_of_first_citation() {
    let doc = fixture("letters.txt");
    let lines = render(&doc, "ieee");
    let b = line_with(&lines, "Lund", "cetylation");
    let a = line_with(&lines, "Lund", "inc fingers");
    assert!(b < a, "{lines:#?}");
}

#[test]
#[cfg_attr(not(all(has_latexmk, has_biber, has_pdftotext)), ignore = "needs latexmk, biber and pdftotext; CI runs it")]
fn compiled_authoryear_bibliography_shows_the_documents_own_suffix_letters() {
    // Cited out of letter order, titles sorting against the letters: biblatex's own
    // lettering (by its sort: name, year, title) would give other letters.
    let doc = fixture("letters.txt");
    let mut out = Vec::new();
    write_biblatex(std::slice::from_ref(&doc), &mut out).expect("write");
    let bib = String::from_utf8(out).expect("utf8");
    let keys = ["lund2004b", "lund2004a", "park2010c", "park2010a", "park2010b", "noor1999"];
    let text = super::bibout::compiled_text(&bib, &keys, "letters");
    for cite in [
        "CITE[Lund and Okafor 2004b]",
        "CITE[Lund and Okafor 2004a]",
        "CITE[Park 2010c]",
        "CITE[Park 2010a]",
        "CITE[Park 2010b]",
        "CITE[Noor 1999]",
    ] {
        assert!(text.contains(cite), "{cite} in {text}");
    }
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("no {s:?} in {text}"));
    // The bibliography: each letter with its own title, in letter order.
    let bib_part = &text[at("References")..];
    let pos = |s: &str| bib_part.find(s).unwrap_or_else(|| panic!("no {s:?} in {bib_part}"));
    assert!(pos("(2004a)") < pos("Zinc fingers") && pos("Zinc fingers") < pos("(2004b)"), "{bib_part}");
    assert!(pos("(2004b)") < pos("Acetylation"), "{bib_part}");
    assert!(pos("(2010a)") < pos("Yeast grows") && pos("Yeast grows") < pos("(2010b)"), "{bib_part}");
    assert!(pos("(2010b)") < pos("Models of growth") && pos("Models of growth") < pos("(2010c)"), "{bib_part}");
    assert!(pos("(2010c)") < pos("Bacteria grow"), "{bib_part}");
}

#[test]
fn lists_cut_with_et_al_print_et_al() {
    // The reference list cut the names with "et al."; every style says so, after its own
    // delimiter, and a list that with the cut reaches the style's `et-al-min` is
    // shortened by the style (Chicago: 7 names or more -> 3 and "et al.").
    let doc = fixture("etal.txt");
    let apa = render(&doc, "apa");
    assert!(apa.iter().any(|l| l.starts_with("Jones, A., Brown, B., Clark, C., et al. (2010).")), "{apa:#?}");
    assert!(
        apa.iter().any(|l| l.starts_with("Abel, A., Baker, B., Cole, C., Dent, D., Eyre, E., Fry, F., et al. (2012).")),
        "{apa:#?}"
    );
    assert!(apa.iter().any(|l| l.starts_with("Hill, R., & Okafor, N. (2013).")), "{apa:#?}");
    let chicago = render(&doc, "chicago-author-date");
    assert!(chicago.iter().any(|l| l.starts_with("Jones, A., B. Brown, C. Clark, et al. 2010.")), "{chicago:#?}");
    assert!(chicago.iter().any(|l| l.starts_with("Abel, A., B. Baker, C. Cole, et al. 2012.")), "{chicago:#?}");
    let harvard = render(&doc, "harvard-cite-them-right");
    assert!(harvard.iter().any(|l| l.starts_with("Jones, A. et al. (2010)")), "{harvard:#?}");
    for lines in [&apa, &chicago, &harvard] {
        assert!(lines.iter().all(|l| !l.contains('\u{E000}') && !l.contains("others")), "{lines:#?}");
    }
}

#[test]
fn a_chapters_volume_prints_once_and_urls_as_written() {
    let doc = fixture("chapter_url.txt");
    for style in ["apa", "chicago-author-date", "mla", "ieee"] {
        let lines = render(&doc, style);
        let chapter = &lines[line_with(&lines, "Rossmann", "Enzymes")];
        assert_eq!(chapter.matches("II").count(), 1, "{style}: {chapter}");
        let r = &lines[line_with(&lines, "R Core Team", "statistical computing")];
        assert!(r.contains("http://www.R-project.org") && !r.contains("r-project.org/"), "{style}: {r}");
    }
}

#[test]
fn works_sharing_first_authors_keep_their_given_names() {
    // hayagriva lets citation disambiguation drop given names in the list
    // (`Hart, Clarke, Wigley, Chia, et al. (1987)`); every entry keeps its initials.
    let doc = fixture("shared_names.txt");
    for style in ["apa", "chicago-author-date", "harvard-cite-them-right"] {
        let lines = render(&doc, style);
        for l in &lines {
            assert!(l.starts_with("Hart, K. W.") || l.starts_with("Hart, K.W."), "{style}: {lines:#?}");
            assert!(l.contains("Clarke, A.") || l.contains("A. R. Clarke") || l.contains("et al."), "{style}: {l}");
        }
    }
    let apa = render(&doc, "apa");
    assert!(
        apa.iter().any(|l| l.starts_with("Hart, K. W., Clarke, A. R., Wigley, D. B., Waldman, A. D., Chia, W. N.,")),
        "{apa:#?}"
    );
}
