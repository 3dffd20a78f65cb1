//! End-to-end tests of the input formats: Markdown, LaTeX, Word made by pandoc, PDF made
//! by pdflatex, folders, broken files; and the seed converted to .docx and PDF.
//!
//! Tests needing `pandoc`, `pdflatex` or `pdftotext`, or reading `../shared`, show as
//! ignored without them (build.rs; CI makes them mandatory).

use citegraph::Document;
use citegraph::Format;
use citegraph::Options;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/formats/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("citegraph-input-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn keys(doc: &Document) -> Vec<(String, String)> {
    doc.citations
        .iter()
        .map(|c| (c.authors.first().cloned().unwrap_or_default(), c.year.clone().unwrap_or_default()))
        .collect()
}

fn has(doc: &Document, author: &str, year: &str) -> bool {
    keys(doc).iter().any(|(a, y)| a == author && y == year)
}

#[test]
fn markdown_fixture() {
    let doc = citegraph::extract_file(&fixture("paper.md"), None, &Options::default()).unwrap();
    let hill = doc.citations.iter().find(|c| c.text.contains("hill2013b")).unwrap();
    assert_eq!(hill.authors, ["Hill"]);
    assert_eq!(hill.year.as_deref(), Some("2013"));
    assert_eq!((hill.prefix.as_deref(), hill.locator.as_deref()), (Some("see"), Some("p. 54")));
    assert_eq!(hill.resolution.as_deref(), Some("key"));
    let lee = doc.citations.iter().find(|c| c.text.starts_with("@lee2001")).unwrap();
    assert_eq!(lee.form, citegraph::Form::Narrative);
    assert!(has(&doc, "Talbot", "2006") && has(&doc, "Deibert", "2013") && has(&doc, "WGIG", "2005"));
    // Spans are offsets into the .md file itself.
    let raw = std::fs::read_to_string(fixture("paper.md")).unwrap();
    assert_eq!(&raw[lee.span.start..lee.span.end], "@lee2001 [p. 3]");
    assert_eq!(doc.footnotes.len(), 2);
    let f1 = &doc.footnotes[0];
    assert_eq!(f1.marker.as_deref(), Some("[^trust]"));
    assert_eq!(f1.text, "On trust see also Brunton (2013, p. 7).");
    let brunton = doc.citations.iter().find(|c| c.authors == ["Brunton"]).unwrap();
    assert_eq!(brunton.footnote, Some(1));
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Introduction", "Outcome"]);
    assert!(doc.claims.iter().all(|c| !c.text.contains("bibliography")));
}

#[test]
fn latex_fixture_follows_input_and_loads_bib() {
    let doc = citegraph::extract_file(&fixture("paper.tex"), None, &Options::default()).unwrap();
    assert!(!has(&doc, "Nobody", "1999"), "comments are ignored");
    assert!(has(&doc, "Hill", "2013") && has(&doc, "Lee", "2001") && has(&doc, "Talbot", "2006"));
    assert!(has(&doc, "Deibert", "2013"), "\\input{{section2}} is followed");
    let wgig = doc.citations.iter().find(|c| c.text == "\\cite{wgig2005}").unwrap();
    assert_eq!(wgig.footnote, Some(2));
    assert!(wgig.reference.is_some());
    assert_eq!(doc.footnotes.len(), 2);
    assert!(doc.footnotes.iter().all(|f| f.claim.is_some()));
    let titles: Vec<(&str, u8)> = doc.sections.iter().map(|s| (s.title.as_str(), s.level)).collect();
    assert_eq!(titles, [("Introduction", 1), ("Outcome", 2)]);
}

#[test]
#[cfg_attr(not(has_pandoc), ignore = "needs pandoc; CI runs it")]
fn docx_made_by_pandoc() {
    let dir = tmp("docx");
    let out = dir.join("paper.docx");
    let st = Command::new("pandoc")
        .current_dir(fixture(""))
        .args(["paper.md", "--citeproc", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let doc = citegraph::extract_file(out.to_str().unwrap(), None, &Options::default()).unwrap();
    for (a, y) in [("Hill", "2013"), ("WGIG", "2005"), ("Talbot", "2006"), ("Lee", "2001"), ("Deibert", "2013")] {
        assert!(has(&doc, a, y), "{a} {y} in {:?}", keys(&doc));
    }
    assert_eq!(doc.footnotes.len(), 2);
    assert_eq!(doc.footnotes[1].text, "Counted from the ITU list of signatories.");
    assert!(doc.footnotes.iter().all(|f| f.anchor_span.is_some() && f.claim.is_some()));
    assert_eq!(doc.citations.iter().find(|c| c.authors == ["Brunton"]).unwrap().footnote, Some(1));
    assert!(doc.sections.iter().any(|s| s.title == "Outcome" && s.level == 2));
    // citeproc's bibliography stands under `References` and is read as the reference list.
    assert!(doc.references.len() >= 3, "{:?}", doc.references);
}

#[test]
#[cfg_attr(not(all(has_pdflatex, has_pdftotext)), ignore = "needs pdflatex and pdftotext; CI runs it")]
fn pdf_made_by_pdflatex() {
    let dir = tmp("pdf");
    std::fs::copy(fixture("paper_pdf.tex"), dir.join("paper_pdf.tex")).unwrap();
    let st = Command::new("pdflatex")
        .current_dir(&dir)
        .args(["-interaction=nonstopmode", "-halt-on-error", "paper_pdf.tex"])
        .output()
        .unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stdout));
    let doc = citegraph::extract_file(dir.join("paper_pdf.pdf").to_str().unwrap(), None, &Options::default()).unwrap();
    for (a, y) in [("Hill", "2013"), ("WGIG", "2005"), ("Talbot", "2006"), ("Lee", "2001"), ("Deibert", "2013")] {
        assert!(has(&doc, a, y), "{a} {y} in {:?}", keys(&doc));
    }
    assert_eq!(doc.footnotes.len(), 2, "{:?}", doc.footnotes);
    assert_eq!(doc.citations.iter().find(|c| c.authors == ["Brunton"]).unwrap().footnote, Some(1));
    assert!(doc.references.len() >= 3);
    assert!(doc.citations.iter().filter(|c| c.reference.is_some()).count() >= 3);
}

#[test]
fn broken_files_are_errors_not_panics() {
    for bytes in [
        &b""[..],
        b"PK\x03\x04",
        b"hello",
        &[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ] {
        assert!(citegraph::extract_bytes("x.docx", Format::Docx, bytes.to_vec(), &Options::default()).is_err());
    }
    for t in ["\\footnote{", "}}}{{{", "\\begin{thebibliography}", "\\input{/nonexistent/x}"] {
        let _ = citegraph::extract_bytes("x.tex", Format::Latex, t.as_bytes().to_vec(), &Options::default()).unwrap();
    }
    for t in ["[^", "[@", "---\nbibliography:\n", "@", "[^a]: [^a]", "<!--", "```\n@x"] {
        let _ = citegraph::extract_bytes("x.md", Format::Markdown, t.as_bytes().to_vec(), &Options::default()).unwrap();
    }
}

#[test]
fn cli_walks_folders_and_reports_failures() {
    let dir = tmp("walk");
    std::fs::write(dir.join("a.txt"), "Text (Hill, 2013).\n").unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(fixture("paper.md"), dir.join("sub/b.md")).unwrap();
    std::fs::copy(fixture("refs.bib"), dir.join("sub/refs.bib")).unwrap();
    std::fs::write(dir.join("broken.docx"), "not a zip").unwrap();
    std::fs::write(dir.join("skipped.txt"), "Ignored (Nobody, 1999).\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "skipped.txt\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .args(["extract", "--format", "jsonl", "-j", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.docx"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains("a.txt") && lines[1].contains("b.md"));
    assert!(!stdout.contains("Nobody"));
}

#[test]
fn missing_pdftotext_names_poppler() {
    let out = Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .env("CITEGRAPH_PDFTOTEXT", "/nonexistent/pdftotext")
        .args(["extract", "--input-format", "pdf", &fixture("paper.md")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("poppler-utils"));
}

// ---------------------------------------------------------------------------------------
// One text, three formats: the same statuses and scores.
// ---------------------------------------------------------------------------------------

/// A short article: headings, paragraphs (a `None` piece is the anchor of the one note),
/// a note, a reference list.
struct Article {
    blocks: Vec<(Option<&'static str>, Vec<Option<&'static str>>)>,
    note: &'static str,
    references: Vec<&'static str>,
}

fn article() -> Article {
    Article {
        blocks: vec![
            (Some("1. Introduction"), vec![]),
            (
                None,
                vec![
                    Some(
                        "Marine reserves are known to increase fish biomass (Halpern, 2003). Earlier studies have reported that spillover benefits nearby fisheries. It is well known that reserves need enforcement.",
                    ),
                    None,
                    Some(" Several groups have described how poaching undoes these gains."),
                ],
            ),
            (
                None,
                vec![Some(
                    "Most reserves are small. The largest were created after 2000 and have been studied by several teams.",
                )],
            ),
            (Some("2. Methods"), vec![]),
            (
                None,
                vec![Some(
                    "We counted fish on transects in 2019 and 2020. Counts were made by two divers who followed the standard protocol.",
                )],
            ),
            (Some("3. Results"), vec![]),
            (
                None,
                vec![Some(
                    "Biomass was higher inside the reserves than outside them. Previous work has shown the same pattern in other seas.",
                )],
            ),
            (Some("4. Discussion"), vec![]),
            (
                None,
                vec![Some(
                    "These results agree with earlier findings (Lester et al., 2009). Reserves should be enlarged where enforcement is strong. Catch limits are set under Article 61 of the Convention on the Law of the Sea.",
                )],
            ),
        ],
        note: "Enforcement is costly (Halpern, 2003).",
        references: vec![
            "Halpern, B. S. (2003). The impact of marine reserves. Ecological Applications, 13, 117-137.",
            "Lester, S. E., Halpern, B. S., & Grorud-Colvert, K. (2009). Biological effects within no-take marine reserves. Marine Ecology Progress Series, 384, 33-46.",
        ],
    }
}

/// The article as plain text or Markdown: `heading` before each heading, `anchor` for the
/// note's marker, `notes` between the body and the reference list.
fn article_text(a: &Article, heading: &str, anchor: &str, notes: &str) -> String {
    let mut t = String::new();
    for (h, pieces) in &a.blocks {
        match h {
            Some(h) => t.push_str(&format!("{heading}{h}\n\n")),
            None => {
                t.extend(pieces.iter().map(|p| p.unwrap_or(anchor)));
                t.push_str("\n\n");
            }
        }
    }
    t.push_str(notes);
    t.push_str(&format!("{heading}References\n\n"));
    for r in &a.references {
        t.push_str(&format!("{r}\n\n"));
    }
    t
}

/// Plain text: headings on their own lines, the note at the bottom of its page (a form feed ends the page).
fn article_txt(a: &Article) -> String {
    article_text(a, "", "¹", &format!("1 {}\n\u{c}\n", a.note))
}

/// Markdown: `#` headings, a `[^n]` note.
fn article_md(a: &Article) -> String {
    article_text(a, "# ", "[^n]", &format!("[^n]: {}\n\n", a.note))
}

/// A Word package written here (stored zip entries, minimal WordprocessingML): headings in
/// `Heading1` style, the note in `word/footnotes.xml` anchored by `w:footnoteReference`.
fn article_docx(a: &Article) -> Vec<u8> {
    use std::io::Write;
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let run = |s: &str| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(s));
    let mut body = String::new();
    for (heading, pieces) in &a.blocks {
        match heading {
            Some(h) => body.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", run(h))),
            None => {
                body.push_str("<w:p>");
                for p in pieces {
                    match p {
                        Some(s) => body.push_str(&run(s)),
                        None => body.push_str("<w:r><w:footnoteReference w:id=\"1\"/></w:r>"),
                    }
                }
                body.push_str("</w:p>");
            }
        }
    }
    body.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", run("References")));
    for r in &a.references {
        body.push_str(&format!("<w:p>{}</w:p>", run(r)));
    }
    let document = format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{body}</w:body></w:document>");
    let footnotes = format!(
        "<?xml version=\"1.0\"?><w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"0\"><w:p/></w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote></w:footnotes>",
        run(&format!(" {}", a.note))
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in [("word/document.xml", document), ("word/footnotes.xml", footnotes)] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Each claim as (text without note markers and extra spaces, status, score).
fn verdicts(doc: &Document) -> Vec<(String, String, String)> {
    doc.claims
        .iter()
        .map(|c| {
            let text: String = c.text.chars().filter(|ch| !"¹[^]".contains(*ch)).collect();
            let text = text.replace(" n ", " ").split_whitespace().collect::<Vec<_>>().join(" ");
            (text, format!("{:?}", c.status), format!("{:.3}", c.score))
        })
        .collect()
}

#[test]

fn same_text_same_verdicts_in_txt_md_and_docx() {
    let a = article();
    let dir = tmp("same");
    let mut docs = Vec::new();
    for (name, bytes) in
        [("a.txt", article_txt(&a).into_bytes()), ("a.md", article_md(&a).into_bytes()), ("a.docx", article_docx(&a))]
    {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        docs.push((name, citegraph::extract_file(path.to_str().unwrap(), None, &Options::default()).unwrap()));
    }
    let (_, txt) = &docs[0];
    // The text pipeline found what the other formats state natively.
    let titles: Vec<&str> = txt.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["1. Introduction", "2. Methods", "3. Results", "4. Discussion", "References"]);
    assert_eq!(txt.footnotes.len(), 1);
    assert_eq!(txt.named_sources.len(), 1);
    assert!(txt.claims.iter().any(|c| c.status == citegraph::ClaimStatus::Unsupported));
    let expected = verdicts(txt);
    for (name, doc) in &docs[1..] {
        assert_eq!(doc.footnotes.len(), 1, "{name}");
        assert!(doc.footnotes[0].claim.is_some(), "{name}");
        let got = verdicts(doc);
        assert_eq!(got, expected, "{name} differs from .txt");
        let names = |d: &Document| d.named_sources.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(doc), names(txt), "{name}");
        let sections: Vec<Option<usize>> = doc.claims.iter().map(|c| c.section).collect();
        assert_eq!(sections, txt.claims.iter().map(|c| c.section).collect::<Vec<_>>(), "{name}");
    }
}

/// Markdown written a paragraph per line, with short paragraphs, has the shape of a
/// double-spaced typescript (a blank line after every short line). Its blank lines are
/// paragraph breaks all the same: each paragraph stays its own.
#[test]
fn markdown_paragraph_per_line_is_not_double_spaced() {
    let dir = tmp("per-line");
    let mut md = String::from("# Notes\n\n");
    for i in 1..=16 {
        md.push_str(&format!("Point {i} is short. It ends here.\n\n"));
    }
    let path = dir.join("p.md");
    std::fs::write(&path, &md).unwrap();
    let doc = citegraph::extract_file(path.to_str().unwrap(), None, &Options::default()).unwrap();
    let paragraphs: Vec<Option<usize>> = doc.claims.iter().map(|c| c.paragraph).collect();
    assert_eq!(paragraphs.len(), 32);
    let mut distinct = paragraphs.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 16, "one paragraph per line: {paragraphs:?}");
    // The same text as plain text has no such statement and is read as double-spaced:
    // its lines run on as one paragraph.
    let txt = dir.join("p.txt");
    std::fs::write(&txt, md.replace("# Notes", "Notes")).unwrap();
    let plain = citegraph::extract_file(txt.to_str().unwrap(), None, &Options::default()).unwrap();
    let mut joined: Vec<Option<usize>> = plain.claims.iter().map(|c| c.paragraph).collect();
    joined.dedup();
    assert!(joined.len() < 16, "plain text is read as double-spaced: {joined:?}");
}
