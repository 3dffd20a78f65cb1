//! Unit tests.

use super::*;

fn lay(text: &str) -> (Source, Layout) {
    let src = Source::new("t", text.to_string());
    let l = analyze(&src);
    (src, l)
}

#[test]
fn numbered_and_damaged_headings() {
    let (_, l) = lay(
        "Some text ends here.\n 1. INTRODUCTION\n\nBody text.\n\n2. DiscUsSIONS AT WCIT\n\nA. Preparations for WCIT\n\nMore.\n",
    );
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["1. INTRODUCTION", "2. DiscUsSIONS AT WCIT", "A. Preparations for WCIT"]);
    assert_eq!(l.sections[2].level, 2);
    assert_eq!(l.sections[0].line, 2);
    // With no blank lines between them.
    let (_, l) = lay("Some text ends here.\n2. DiscUsSIONS AT WCIT\nA. Preparations for WCIT\nBody text.\n");
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["2. DiscUsSIONS AT WCIT", "A. Preparations for WCIT"]);
}

#[test]
fn notes_glued_to_the_text_above_them_are_split_off_by_their_numbers() {
    // Pages of distinct lines (recurring ones would be running heads).
    let page = |n: u32, word: &str| {
        format!(
            "Running text on the {word} page cites a study.{n} The text goes on\n{}for a {word} while and then ends.\n{n} A note about the study on the {word} page, with words.\n\n\n\n",
            (0..30).map(|k| format!("and on over line {} of the {word} page\n", "a".repeat(k))).collect::<String>()
        )
    };
    let (src, l) = lay(&format!("{}{}{}", page(1, "first"), page(2, "second"), page(3, "third")));
    assert_eq!(l.footnotes.len(), 3);
    assert!(src.slice(l.footnotes[1].lines[0]).starts_with("2 A note"));
    // OCR-damaged markers, one note after another, with no blank lines.
    let page = |marker: &str, word: &str| {
        format!(
            "Running text on the {word} page cites a study.{marker} The text goes on\n{}for a {word} while and\n{marker} A note about the study on the {word} page, with words.\n{marker}{marker} Another note on the {word} page.\n\n\n\n",
            (0..30).map(|k| format!("and on over line {} of the {word} page\n", "a".repeat(k))).collect::<String>()
        )
    };
    let (src, l) = lay(&format!("{}{}{}", page("?", "first"), page("*", "second"), page("'", "third")));
    assert_eq!(l.footnotes.len(), 6);
    assert_eq!(src.slice(l.footnotes[3].lines[0]), "** Another note on the second page.");
    // A bullet set off by a wide gap is not a note.
    assert!(!ocr_note_start("   \"    US 6,152,987 (2000)", "text above"));
    assert!(ocr_note_start("? For example, the text", "text above"));
    assert!(!ocr_note_start("* Second item", "* First item"));
    // A numbered table row at the bottom of a page is not a note.
    let (_, l) = lay(
        "Text of the page.\n1  Liquid glue       2.57   0.41\n2  Other glue        3.54   0.57\n\n\n\nMore text.\n",
    );
    assert!(l.footnotes.is_empty());
}

#[test]
fn double_spaced_text_keeps_paragraphs_and_titles() {
    let mut text = String::new();
    for p in 0..4 {
        text.push_str(&format!("A Title Line {p}\n\n"));
        for k in 0..5 {
            if k == 4 {
                text.push_str("the paragraph ends.\n\n");
            } else {
                text.push_str(&format!(
                    "     Paragraph {p} line {k} of double-spaced text where the sentence runs on\n\n"
                ));
            }
        }
    }
    let (src, l) = lay(&text);
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["A Title Line 0", "A Title Line 1", "A Title Line 2", "A Title Line 3"]);
    assert_eq!(l.paragraphs.len(), 4);
    assert_eq!(l.paragraphs[0].lines.len(), 5);
    assert_eq!(src.slice(l.paragraphs[3].lines[4]), "the paragraph ends.");
}

#[test]
fn notes_that_interrupt_a_sentence_in_text_without_pages() {
    let (src, l) = lay(
        "The first paragraph makes a point and runs on\n\n? A note about the point, with a few words.\n\ninto the next line after the note.\n\nA new paragraph ends here.\n\n* Not a note: the text above ends a sentence.\n\nMore text.\n",
    );
    assert_eq!(l.pages.len(), 1);
    assert_eq!(l.footnotes.len(), 1);
    assert_eq!(l.footnotes[0].marker, "?");
    let p = &l.paragraphs[0];
    assert_eq!(src.slice(*p.lines.last().unwrap()), "into the next line after the note.");
}

#[test]
fn table_of_contents_entries_are_not_headings() {
    let (_, l) = lay(
        "Text ends here.\n\nLimitations and Future Directions          68\n\nMethod ........ 14\n\nPreface   xii\n\n2. Methods\n\nBody.\n",
    );
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["2. Methods"]);
    assert!(!toc_entry("Study 2") && !toc_entry("Appendix 12") && toc_entry("Study 2     24"));
}

#[test]
fn table_rows_are_not_headings() {
    let (_, l) = lay(
        "Text ends here.\n\n26   McConkey & Drake (2006)      Tonga        Seed dispersal    0.34\n\n1.   Introduction\n\nBody.\n",
    );
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["1.   Introduction"]);
}

#[test]
fn tables_contents_and_chart_labels_are_not_footnotes() {
    let lead = "Running text of the page goes here.\n\n";
    for bottom in [
        "9    Cordeiro and Howe (2003)     Tanzania     Seed dispersal       12.8     3.0\n             10   Cramer et al. (2007)         Brazil       Seeds dispersed      48.0    16.0\n",
        "2   Reduced seed dispersal as a consequence of hunting\n    wood density in a forest ………………………… 35\n",
        "1                   CO2\n                    CH4\n Qi [mL/min]\n",
        "1 X 1 (a , b ) = argmin                       max{V - W , 0} K × T\n",
    ] {
        let (_, l) = lay(&format!("{lead}{bottom}"));
        assert!(l.footnotes.is_empty(), "{bottom}");
    }
    let (_, l) = lay(&format!("{lead}1   A real note, with a source   (Hill, 2013).\n"));
    assert_eq!(l.footnotes.len(), 1);
}

#[test]
fn footnotes_at_page_bottom_and_paragraph_continues() {
    let text = "Para one starts here\nand goes on.\n\nA second para that runs\nonto the next page\n\n* A footnote body here.\n\n\n\nand ends here.\n\nNext para.\n";
    let (src, l) = lay(text);
    assert_eq!(l.pages.len(), 2);
    assert_eq!(l.footnotes.len(), 1);
    assert_eq!(l.footnotes[0].marker, "*");
    assert_eq!(l.paragraphs.len(), 3);
    let last_line = *l.paragraphs[1].lines.last().unwrap();
    assert_eq!(src.slice(last_line), "and ends here.");
}

#[test]
fn numbered_list_after_a_reference_heading_is_not_footnotes() {
    let text = "Body text with a note.¹ It goes on\nfor a while.\n\n¹ A real note.\n\x0cMore body text here.\n\nReferences\n\n[1] A. Rahman, Thermal analysis, Proc. (2001), pp. 1-9.\n\x0c[2] J. Davis, Interconnect limits, Proc. IEEE (2001).\n\n[3] R. Patti, Three-dimensional circuits, Proc. IEEE (2006).\n";
    let (src, l) = lay(text);
    assert_eq!(l.footnotes.len(), 1, "{:?}", l.footnotes);
    assert_eq!(l.footnotes[0].marker, "¹");
    assert_eq!(l.reference_regions.len(), 1);
    assert!(src.slice(l.reference_regions[0]).contains("[3] R. Patti"));
    assert!(l.paragraphs.iter().all(|p| !src.slice(p.lines[0]).starts_with('[')));
}

#[test]
fn an_author_list_is_not_a_lettered_heading() {
    assert!(heading_of("A. Miyagawa, M. Kobayashi, Y. Fujita, O. Hamdy, K. Hirano, and", true, true).is_none());
    assert!(heading_of("B. Results of the survey and", true, true).is_none());
    assert!(heading_of("A. Preparations for WCIT", true, true).is_some());
    assert!(heading_of("2.1 Data, methods, and results", true, true).is_some());
}

#[test]
fn chapter_title_over_two_lines_ends_a_reference_list() {
    let text = "Intro text.\n\nReferences\n\nTugnoli, A. (2008). Sustainability of hydrogen. Energy 33: 4345-4357.\n\nChapter 6 – Hydrogen permeation testing of a dense foil\nand composite membranes\n\nExperimental testing began with two membranes.\n";
    let (src, l) = lay(text);
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["References", "Chapter 6 – Hydrogen permeation testing of a dense foil and composite membranes"]
    );
    assert_eq!(l.reference_regions.len(), 1);
    assert!(!src.slice(l.reference_regions[0]).contains("Experimental"));
}

#[test]
fn notes_without_blank_lines_between_them() {
    let (_, l) = lay("Text one.¹ More text.²\n\n¹ The first note.\n² The second note\nruns on.\n\n\n\nNext page.\n");
    assert_eq!(l.footnotes.len(), 2);
    assert_eq!(l.footnotes[1].lines.len(), 2);
}

#[test]
fn running_headers_are_page_edges() {
    let mut text = String::new();
    for p in 1..=4 {
        let words = ["Alpha", "Beta", "Gamma", "Delta"][p - 1];
        text.push_str(&format!("{words} text of this page\ngoes on.\n{p}0   CHAPTER 4: SEED PREDATION RATES\n\n\n"));
    }
    let (_, l) = lay(&text);
    assert!(l.sections.is_empty(), "{:?}", l.sections);
    assert_eq!(l.pages.len(), 4);
    assert_eq!(l.paragraphs.len(), 4);
}

#[test]
fn doi_and_link_lines_are_not_headings() {
    let (_, l) = lay(
        "Results\n\nCells divide here.\n\nDOI: http://dx.doi.org/10.7554/eLife.00005.003\n\nFigure 1. Cells.\n\nDOI 10.1371/journal.pone.0000001.g002\n\nSee Www.Example.Org/Data\n\nMore text.\n\nDiscussion\n\nEnd.\n",
    );
    let titles: Vec<&str> = l.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Results", "Discussion"]);
    assert!(!looks_like_doi("Chapter 10. Methods"));
    assert!(!looks_like_doi("Doing things"));
}

#[test]
fn single_word_line_is_not_a_heading() {
    let (_, l) = lay("Text here.\n\nAnd\n“7. Member States should.”\n\nMore text.\n");
    assert!(l.sections.is_empty());
}

#[test]
fn reference_section() {
    let (src, l) = lay("Intro\n\nText (Smith, 2001).\n\nReferences\n\nSmith J. 2001. A title. J Biol 1:1-2.\n");
    let r = l.reference_regions[0];
    assert!(src.slice(r).contains("Smith J. 2001"));
    assert_eq!(l.paragraphs.len(), 1);
}

#[test]
fn a_list_ends_where_prose_resumes() {
    let prose = "The complex is thought to act in the nucleus, where it binds to the chromatin of the cell and \
                 changes the expression of a number of genes that are needed for the development of the embryo. \
                 It has been studied in flies and in mice, and its parts are known from work on both of these \
                 animals; the way in which they fit together is not yet clear, and this is what we set out to \
                 find with the methods that are described in the next part of this paper.";
    let text = format!(
        "Text (Smith, 2001).\n\nReferences\n\nSmith J. 2001. A title. J Biol 1:1-2.\n\
         Jones K. 2002. Another title. Nat Rev 5:158-63.\nIntroduction\n\n{prose}\n\n{prose}\n"
    );
    let (src, l) = lay(&text);
    let r = l.reference_regions[0];
    assert!(src.slice(r).trim_end().ends_with("5:158-63."), "{:?}", src.slice(r));
    assert_eq!(l.paragraphs.len(), 3);
}
