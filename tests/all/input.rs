//! End-to-end tests of the input formats: Markdown, LaTeX, Word made by pandoc, PDF made
//! by pdflatex, folders, broken files; and the seed converted to .docx and PDF.
//!
//! Tests needing `pandoc`, `pdflatex` or `pdftotext`, or reading `../shared`, show as
//! ignored without them (build.rs; CI makes them mandatory).

use citegraph::extract::{Options, extract};
use citegraph::input::{self, Format};
use citegraph::model::Document;
use citegraph::{Source, layout, reference};
use std::path::{Path, PathBuf};
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

/// The seed document and its gold file in `../shared`.
fn seed() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CITEGRAPH_SHARED_DIR")).join("corpus/seed");
    (dir.join("000_4510d2f033457e83.txt"), dir.join("gold.json"))
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
    let doc = input::extract_file(&fixture("paper.md"), None, &Options::default()).unwrap();
    let hill = doc.citations.iter().find(|c| c.text.contains("hill2013b")).unwrap();
    assert_eq!(hill.authors, ["Hill"]);
    assert_eq!(hill.year.as_deref(), Some("2013"));
    assert_eq!((hill.prefix.as_deref(), hill.locator.as_deref()), (Some("see"), Some("p. 54")));
    assert_eq!(hill.resolution.as_deref(), Some("key"));
    let lee = doc.citations.iter().find(|c| c.text.starts_with("@lee2001")).unwrap();
    assert_eq!(lee.form, citegraph::model::Form::Narrative);
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
    let doc = input::extract_file(&fixture("paper.tex"), None, &Options::default()).unwrap();
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
    let doc = input::extract_file(out.to_str().unwrap(), None, &Options::default()).unwrap();
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
    let doc = input::extract_file(dir.join("paper_pdf.pdf").to_str().unwrap(), None, &Options::default()).unwrap();
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
        assert!(input::convert_bytes("x.docx", Format::Docx, bytes.to_vec()).is_err());
    }
    for t in ["\\footnote{", "}}}{{{", "\\begin{thebibliography}", "\\input{/nonexistent/x}"] {
        let _ = input::convert_bytes("x.tex", Format::Latex, t.as_bytes().to_vec()).unwrap();
    }
    for t in ["[^", "[@", "---\nbibliography:\n", "@", "[^a]: [^a]", "<!--", "```\n@x"] {
        let c = input::convert_bytes("x.md", Format::Markdown, t.as_bytes().to_vec()).unwrap();
        let _ = input::extract_converted(c, &Options::default());
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
// The seed, converted to Word and PDF, against its gold citations.
// ---------------------------------------------------------------------------------------

/// The seed's structure (headings, logical paragraphs, footnotes with their anchors, the
/// reference list) as found by the text pipeline, for writing it in another format.
struct Parts {
    /// (offset, kind) in document order: heading text, paragraph (lines, with `[anchor]`
    /// replaced by a note number), or reference entry.
    items: Vec<Item>,
    notes: Vec<String>,
}

enum Item {
    Heading(String),
    Para(Vec<Piece>),
    Reference(String),
}

enum Piece {
    Text(String),
    Note(usize),
}

fn seed_parts(text: &str) -> Parts {
    let src = Source::new("seed.txt", text.to_string());
    let lay = layout::analyze(&src);
    let doc = extract(&src, &Options::default());
    let mut anchors: Vec<(usize, usize, usize)> =
        doc.footnotes.iter().filter_map(|f| f.anchor_span.map(|a| (a.start, a.end, f.number as usize))).collect();
    anchors.sort();
    let mut items: Vec<(usize, Item)> = Vec::new();
    for s in &lay.sections {
        items.push((s.span.start, Item::Heading(s.title.clone())));
    }
    for p in &lay.paragraphs {
        let mut pieces = Vec::new();
        let mut joined = String::new();
        for (k, l) in p.lines.iter().enumerate() {
            // The line cut at the note anchors on it.
            let mut segs: Vec<(String, Option<usize>)> = Vec::new();
            let mut at = l.start;
            for &(s, e, n) in anchors.iter().filter(|a| a.0 >= l.start && a.1 <= l.end) {
                segs.push((text[at..s].to_string(), Some(n)));
                at = e;
            }
            segs.push((text[at..l.end].to_string(), None));
            for (i, (seg, note)) in segs.into_iter().enumerate() {
                let seg = if i == 0 { seg.trim().to_string() } else { seg.trim_end().to_string() };
                if i == 0 && k > 0 && !joined.is_empty() {
                    // Join with the previous line, removing the hyphen of a split word.
                    let split_word = joined.ends_with('-')
                        && joined[..joined.len() - 1].chars().last().is_some_and(char::is_lowercase)
                        && seg.chars().next().is_some_and(char::is_lowercase);
                    if split_word {
                        joined.pop();
                    } else {
                        joined.push(' ');
                    }
                }
                joined.push_str(&seg);
                if let Some(n) = note {
                    pieces.push(Piece::Text(std::mem::take(&mut joined)));
                    pieces.push(Piece::Note(n));
                }
            }
        }
        pieces.push(Piece::Text(joined));
        items.push((p.lines[0].start, Item::Para(pieces)));
    }
    for &region in &lay.reference_regions {
        for e in reference::split_entries(&src, region) {
            let t = src.slice(e).split_whitespace().collect::<Vec<_>>().join(" ");
            items.push((e.start, Item::Reference(t)));
        }
    }
    items.sort_by_key(|i| i.0);
    let notes = doc.footnotes.iter().map(|f| f.text.clone()).collect();
    Parts { items: items.into_iter().map(|i| i.1).collect(), notes }
}

fn md_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\`*_{}[]<>#@$^~|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    // A paragraph must not open as a list item.
    let t = out.trim_start();
    let list = t.split_once(['.', ')']).is_some_and(|(n, _)| {
        !n.is_empty() && n.len() <= 3 && (n.chars().all(|c| c.is_ascii_digit()) || n.chars().all(char::is_alphabetic))
    });
    if (list || t.starts_with(['-', '+']))
        && let Some(k) = out.find(['.', ')', '-', '+'])
    {
        out.insert(k, '\\');
    }
    out
}

fn tex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '#' | '_' | '%' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '\u{1a}' => out.push('?'),
            _ => out.push(c),
        }
    }
    out
}

fn seed_markdown(p: &Parts) -> String {
    let mut md = String::new();
    for it in &p.items {
        match it {
            Item::Heading(t) => md.push_str(&format!("# {}\n\n", md_escape(t))),
            Item::Reference(t) => md.push_str(&format!("{}\n\n", md_escape(t))),
            Item::Para(pieces) => {
                for pc in pieces {
                    match pc {
                        Piece::Text(t) => md.push_str(&md_escape(t)),
                        Piece::Note(n) => md.push_str(&format!("[^{n}]")),
                    }
                }
                md.push_str("\n\n");
            }
        }
    }
    for (i, n) in p.notes.iter().enumerate() {
        md.push_str(&format!("[^{}]: {}\n\n", i + 1, md_escape(n)));
    }
    md
}

fn seed_latex(p: &Parts) -> String {
    let mut t = String::from(
        "\\documentclass[11pt]{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n\\usepackage{textcomp}\n\\usepackage{lmodern}\n\\begin{document}\n",
    );
    for it in &p.items {
        match it {
            Item::Heading(h) => t.push_str(&format!("\\section*{{{}}}\n\n", tex_escape(h))),
            Item::Reference(r) => t.push_str(&format!("\\noindent {}\n\n", tex_escape(r))),
            Item::Para(pieces) => {
                for pc in pieces {
                    match pc {
                        Piece::Text(x) => t.push_str(&tex_escape(x)),
                        Piece::Note(n) => t.push_str(&format!(
                            "\\footnote{{{}}}",
                            tex_escape(p.notes.get(n - 1).map(String::as_str).unwrap_or(""))
                        )),
                    }
                }
                t.push_str("\n\n");
            }
        }
    }
    t.push_str("\\end{document}\n");
    t
}

/// Gold citations of the seed as (first author's first word, year), in line order.
fn gold_keys(gold: &Path) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
    let mut cs: Vec<(u64, String, String)> = v["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let a = c["authors"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| c["authors"][0].as_str().unwrap_or("").to_string());
            (c["line"].as_u64().unwrap_or(0), first_word(&a), c["year"].as_str().unwrap_or("").to_lowercase())
        })
        .collect();
    cs.sort_by_key(|c| c.0);
    cs.into_iter().map(|c| (c.1, c.2)).collect()
}

/// First word of a name, lower-cased. A hyphen is dropped first: TeX hyphenates names at
/// line ends (`Har-`/`ris`) and the pipeline reports names with such hyphens as written, so
/// `Har-ris` is `harris` here (score.py would read `har`; see docs/input.md).
fn first_word(s: &str) -> String {
    let lower = s.to_lowercase().replace('-', "");
    lower.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("").to_string()
}

fn doc_keys(doc: &Document) -> Vec<(String, String)> {
    doc.citations
        .iter()
        .map(|c| {
            (
                first_word(c.authors.first().map(String::as_str).unwrap_or("")),
                c.year.clone().unwrap_or_default().to_lowercase(),
            )
        })
        .collect()
}

/// F1 of found against gold citations, matched one to one by (first author, year).
/// Lines cannot be compared (Word and PDF re-flow the text), so the match ignores position.
fn f1(gold: &[(String, String)], found: &[(String, String)]) -> f64 {
    use std::collections::HashMap;
    let mut g: HashMap<&(String, String), i64> = HashMap::new();
    for k in gold {
        *g.entry(k).or_default() += 1;
    }
    let mut hits = 0i64;
    for k in found {
        if let Some(n) = g.get_mut(k)
            && *n > 0
        {
            *n -= 1;
            hits += 1;
        }
    }
    2.0 * hits as f64 / (gold.len() + found.len()) as f64
}

fn seed_check(doc: &Document, gold: &Path, what: &str) {
    let g = gold_keys(gold);
    let found = doc_keys(doc);
    let score = f1(&g, &found);
    eprintln!("seed as {what}: {} citations, gold {}, F1 {score:.3}", found.len(), g.len());
    assert!(score >= 0.97, "seed as {what}: F1 {score:.3} < 0.97");
}

/// The seed read as plain text, checked against its gold file; with its split into parts.
fn plain_seed() -> (Document, PathBuf, Parts) {
    let (txt, gold) = seed();
    let text = std::fs::read_to_string(&txt).unwrap();
    let plain = input::extract_file(txt.to_str().unwrap(), None, &Options::default()).unwrap();
    seed_check(&plain, &gold, "text");
    (plain, gold, seed_parts(&text))
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (the seed); CI runs it")]
fn seed_as_text() {
    plain_seed();
}

#[test]
#[cfg_attr(not(all(has_shared, has_pandoc)), ignore = "needs ../shared and pandoc; CI runs it")]
fn seed_as_docx() {
    let (plain, gold, parts) = plain_seed();
    let dir = tmp("seed-docx");
    std::fs::write(dir.join("seed.md"), seed_markdown(&parts)).unwrap();
    let st = Command::new("pandoc")
        .current_dir(&dir)
        .args(["-f", "markdown-smart-citations", "seed.md", "-o", "seed.docx"])
        .status()
        .unwrap();
    assert!(st.success());
    let doc = input::extract_file(dir.join("seed.docx").to_str().unwrap(), None, &Options::default()).unwrap();
    assert_eq!(doc.footnotes.len(), plain.footnotes.len());
    assert!(doc.footnotes.iter().all(|f| f.anchor_span.is_some()));
    seed_check(&doc, &gold, "docx");
}

#[test]
#[cfg_attr(
    not(all(has_shared, has_pdflatex, has_pdftotext)),
    ignore = "needs ../shared, pdflatex and pdftotext; CI runs it"
)]
fn seed_as_pdf() {
    let (_, gold, parts) = plain_seed();
    let dir = tmp("seed-pdf");
    std::fs::write(dir.join("seed.tex"), seed_latex(&parts)).unwrap();
    let out = Command::new("pdflatex")
        .current_dir(&dir)
        .args(["-interaction=nonstopmode", "-halt-on-error", "seed.tex"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let doc = input::extract_file(dir.join("seed.pdf").to_str().unwrap(), None, &Options::default()).unwrap();
    seed_check(&doc, &gold, "pdf");
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
        docs.push((name, input::extract_file(path.to_str().unwrap(), None, &Options::default()).unwrap()));
    }
    let (_, txt) = &docs[0];
    // The text pipeline found what the other formats state natively.
    let titles: Vec<&str> = txt.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["1. Introduction", "2. Methods", "3. Results", "4. Discussion", "References"]);
    assert_eq!(txt.footnotes.len(), 1);
    assert_eq!(txt.named_sources.len(), 1);
    assert!(txt.claims.iter().any(|c| c.status == citegraph::model::ClaimStatus::Unsupported));
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
    let doc = input::extract_file(path.to_str().unwrap(), None, &Options::default()).unwrap();
    let paragraphs: Vec<Option<usize>> = doc.claims.iter().map(|c| c.paragraph).collect();
    assert_eq!(paragraphs.len(), 32);
    let mut distinct = paragraphs.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 16, "one paragraph per line: {paragraphs:?}");
    // The same text as plain text has no such statement and is read as double-spaced:
    // its lines run on as one paragraph.
    let txt = dir.join("p.txt");
    std::fs::write(&txt, md.replace("# Notes", "Notes")).unwrap();
    let plain = input::extract_file(txt.to_str().unwrap(), None, &Options::default()).unwrap();
    let mut joined: Vec<Option<usize>> = plain.claims.iter().map(|c| c.paragraph).collect();
    joined.dedup();
    assert!(joined.len() < 16, "plain text is read as double-spaced: {joined:?}");
}
