//! Bibliography output of reference-list entries: normalised fields (initials, page
//! ranges, editions, Roman volumes, entry types, split titles, protected acronyms) and the
//! document's own year letters surviving biblatex's `authoryear` style.
//!
//! The compile tests need `latexmk`, `biber` and `pdftotext`, the corpus tests `../shared`;
//! they show as ignored without them (build.rs; CI makes them mandatory).

use citegraph::export::{BibEntry, Flavour, entries, write_biblatex, write_csl_json};
use citegraph::{Document, Source};
use citegraph::{Options, extract};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bibout").join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    extract(&Source::new(name, text), &Options::default())
}

fn entry<'a>(es: &'a [BibEntry], key: &str) -> &'a BibEntry {
    es.iter().find(|e| e.key == key).unwrap_or_else(|| panic!("no entry {key}: {es:#?}"))
}

pub(crate) fn tempdir(name: &str) -> PathBuf {
    super::support::tempdir("bibout", name)
}

#[test]
fn reference_list_entries_are_normalised() {
    let doc = fixture("defects.txt");
    let es = entries(std::slice::from_ref(&doc), Flavour::Biblatex);
    // Run-together initials are spaced and dotted; the last author loses no period and
    // gains none twice.
    let b = entry(&es, "baldwin2007");
    assert_eq!(b.get("author"), Some("Baldwin, P. R. and Penczek, P. A."));
    // Abbreviated page ranges are expanded.
    assert_eq!(b.get("pages"), Some("250--261"));
    // Acronyms and mixed-case words are protected against re-casing.
    assert_eq!(b.get("title"), Some("The transform class in {SPARX} and {EMAN2}"));
    assert_eq!(
        entry(&es, "marsh2009").get("title"),
        Some("{PlasmoDB}: a functional genomic database for malaria parasites")
    );
    // A journal with volume and pages is an article, even when named "Proceedings".
    let c = entry(&es, "chen1995");
    assert_eq!(c.kind, "article");
    assert_eq!(c.get("pages"), Some("11666--11670"));
    // A title is not split at an inner comma when what follows is no container.
    let k = entry(&es, "kobayashi1995");
    assert_eq!(k.get("journaltitle"), Some("Tetrahedron"));
    assert!(k.get("title").is_some_and(|t| t.starts_with("Pyridomycins A and B, new {DNA} gyrase")), "{k:?}");
    // Edition as a number, the Roman volume kept, hyphenated initials dotted.
    let r = entry(&es, "rossmann1975");
    assert_eq!(r.kind, "incollection");
    assert_eq!(r.get("edition"), Some("3"));
    assert!(r.get("addendum").is_some_and(|a| a.contains("II")), "{r:?}");
    assert!(r.get("author").is_some_and(|a| a.contains("Branden, C.-I.") && a.contains("Liljas, A. and")), "{r:?}");

    let mut out = Vec::new();
    write_csl_json(std::slice::from_ref(&doc), &mut out).expect("csl");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let item = |id: &str| v.as_array().into_iter().flatten().find(|i| i["id"] == id).cloned().expect("item");
    assert_eq!(
        item("marsh2009")["title"],
        "<span class=\"nocase\">PlasmoDB</span>: a functional genomic database for malaria parasites"
    );
    assert_eq!(item("rossmann1975")["volume"], "II");
    assert_eq!(item("rossmann1975")["edition"], "3");
    assert_eq!(item("baldwin2007")["author"][0]["given"], "P. R.");
    assert_eq!(item("baldwin2007")["page"], "250-261");
    assert_eq!(item("chen1995")["type"], "article-journal");
}

#[test]
fn parsed_fields_stay_as_written() {
    // Normalisation is an export step: `refs` and `extract` keep the text's own fields.
    let doc = fixture("defects.txt");
    let b = doc.references.iter().find(|r| r.key == "baldwin2007").expect("entry");
    assert_eq!(b.pages.as_deref(), Some("250-61"));
    assert_eq!(b.authors[0].given.as_deref(), Some("PR"));
}

/// Compiles `bib` with pdflatex + biber (biblatex `authoryear`), citing `keys` in the
/// text, and returns the PDF's text with whitespace collapsed.
pub(crate) fn compiled_text(bib: &str, keys: &[&str], name: &str) -> String {
    let dir = tempdir(name);
    std::fs::write(dir.join("refs.bib"), bib).expect("write bib");
    let cites: Vec<String> = keys.iter().map(|k| format!("CITE[\\cite{{{k}}}]")).collect();
    let tex = format!(
        "\\documentclass{{article}}\n\\usepackage[utf8]{{inputenc}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{lmodern}}\n\
         \\usepackage[style=authoryear,backend=biber]{{biblatex}}\n\\addbibresource{{refs.bib}}\n\
         \\begin{{document}}\n{}\n\\printbibliography\n\\end{{document}}\n",
        cites.join("\n\n")
    );
    std::fs::write(dir.join("doc.tex"), tex).expect("write tex");
    let o = super::support::latexmk(&dir);
    assert!(o.status.success(), "latexmk failed:\n{}", String::from_utf8_lossy(&o.stdout));
    let t = Command::new("pdftotext").args(["doc.pdf", "-"]).current_dir(&dir).output().expect("pdftotext");
    let text = String::from_utf8_lossy(&t.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = std::fs::remove_dir_all(&dir);
    text
}

#[test]
#[cfg_attr(not(all(has_latexmk, has_biber, has_pdftotext)), ignore = "needs latexmk, biber and pdftotext; CI runs it")]
fn document_letters_print_in_authoryear() {
    // The fixture's 2004a ("The role ...") sorts after its 2004b ("Silencing ...") by
    // title, so biblatex's own lettering would swap them.
    let doc = fixture("defects.txt");
    let mut out = Vec::new();
    write_biblatex(std::slice::from_ref(&doc), &mut out).expect("write");
    let bib = String::from_utf8(out).expect("utf8");
    let text = compiled_text(&bib, &["lund2004a", "lund2004b"], "letters");
    assert!(text.contains("CITE[Lund and Okafor 2004a]"), "{text}");
    assert!(text.contains("CITE[Lund and Okafor 2004b]"), "{text}");
    let a = text.find("(2004a)").unwrap_or_else(|| panic!("no 2004a in {text}"));
    let b = text.find("(2004b)").unwrap_or_else(|| panic!("no 2004b in {text}"));
    let role = text.find("The role of lysine").unwrap_or_else(|| panic!("no title in {text}"));
    let silencing = text.find("Silencing needs").unwrap_or_else(|| panic!("no title in {text}"));
    assert!(a < role && role < b && b < silencing, "{text}");

    // The whole fixture compiles with pdflatex and prints every entry.
    let keys: Vec<String> = doc.references.iter().map(|r| r.key.clone()).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let all = compiled_text(&bib, &keys, "all");
    assert!(all.contains("PlasmoDB") && all.contains("250–261") && all.contains("3rd ed."), "{all}");
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CITEGRAPH_SHARED_DIR"))
}

#[test]
#[cfg_attr(
    not(all(has_shared, has_latexmk, has_biber, has_pdftotext)),
    ignore = "needs ../shared, latexmk, biber and pdftotext; CI runs it"
)]
fn corpus_bib_compiles_with_the_standard_pdflatex_preamble() {
    // No font hack in the preamble: a character pdflatex cannot typeset is an error.
    let root = shared();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("corpus/articles"))
        .expect("articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.push(root.join("corpus/seed/000_4510d2f033457e83.txt"));
    for p in paths {
        let name = p.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&p).expect("read");
        let doc = extract(&Source::new(name.clone(), text), &Options::default());
        let mut out = Vec::new();
        write_biblatex(std::slice::from_ref(&doc), &mut out).expect("write");
        let bib = String::from_utf8(out).expect("utf8");
        let keys: Vec<&str> = bib
            .lines()
            .filter(|l| l.starts_with('@'))
            .filter_map(|l| l.split_once('{').map(|(_, k)| k.trim_end_matches(',')))
            .collect();
        let text = compiled_text(&bib, &keys, &format!("corpus-{name}"));
        assert!(text.contains("References"), "{name}: {text}");
    }
}

#[test]
fn pdflatex_safe_by_default_utf8_on_request() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bibout/defects.txt");
    let run = |extra: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_citegraph"))
            .arg("bib")
            .arg(&path)
            .args(extra)
            .output()
            .expect("citegraph");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).expect("utf8")
    };
    let safe = run(&[]);
    assert!(safe.contains(r"gyrase \ensuremath{\alpha} inhibitors"), "{safe}");
    assert!(!safe.contains('α'));
    let utf8 = run(&["--unicode"]);
    assert!(utf8.contains("gyrase α inhibitors"), "{utf8}");
    // CSL-JSON is plain text: never TeX.
    let csl = run(&["--format", "csl-json"]);
    assert!(csl.contains("gyrase α inhibitors"), "{csl}");
}

#[test]
fn csl_json_keeps_et_al_full_dates_and_corporate_names() {
    let dir = tempdir("csl");
    let doc = "Intro\n\nTransforms differ (Tang et al., 2007). Banks lend (World Bank, 2019). \
               Horizons matter (Okafor, 2013).\n\nReferences\n\n\
               Tang G, Peng L, Baldwin PR, et al. 2007. EMAN2: an extensible image processing suite. J Struct Biol 157:38-46.\n";
    std::fs::write(dir.join("doc.txt"), doc).expect("write");
    std::fs::write(
        dir.join("lib.bib"),
        "@report{okafor2013, author = {Okafor, Ngozi}, title = {Horizons}, type = {Horizon Working Paper}, \
         institution = {Inst}, date = {2013-09-01}}\n",
    )
    .expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .args(["bib", "doc.txt", "--bib", "lib.bib", "--format", "csl-json"])
        .current_dir(&dir)
        .output()
        .expect("citegraph");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let item = |id: &str| {
        v.as_array().into_iter().flatten().find(|i| i["id"] == id).cloned().unwrap_or_else(|| panic!("{id}: {v:#}"))
    };
    // "et al." as pandoc's citeproc reads it: a final literal name `others`.
    let tang = item("tang2007");
    let authors = tang["author"].as_array().expect("authors");
    assert_eq!(authors.len(), 4, "{tang:#}");
    assert_eq!(authors[3]["literal"], "others");
    assert_eq!(authors[2]["given"], "P. R.");
    // A full date from the .bib stays a full date.
    assert_eq!(item("okafor2013")["issued"]["date-parts"], serde_json::json!([[2013, 9, 1]]), "{v:#}");
    // A corporate author known only from a citation is a literal name.
    assert_eq!(item("worldbank2019")["author"][0]["literal"], "World Bank", "{v:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Cites every key of `bib_path` from a LaTeX file and returns `citegraph bib --bib`'s output.
fn exported(bib_path: &Path, keys: &[String], name: &str) -> String {
    let dir = tempdir(&format!("rt-{name}"));
    let tex = format!(
        "\\documentclass{{article}}\\begin{{document}}\nText \\cite{{{}}}.\n\\end{{document}}\n",
        keys.join(",")
    );
    std::fs::write(dir.join("doc.tex"), tex).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .arg("bib")
        .arg("doc.tex")
        .arg("--bib")
        .arg(bib_path)
        .current_dir(&dir)
        .output()
        .expect("citegraph");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf8")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (corpus/bib); CI runs it")]
fn user_bib_entries_round_trip_losslessly() {
    let root = shared();
    let bib_dir = root.join("corpus/bib");
    let mut files = vec![bib_dir.join("biblatex-examples.bib")];
    let mut valid: Vec<PathBuf> = std::fs::read_dir(bib_dir.join("valid"))
        .expect("valid/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bib"))
        .collect();
    valid.sort();
    files.extend(valid);
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("read");
        let original = biblatex::Bibliography::parse(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let keys: Vec<String> = original.iter().map(|e| e.key.clone()).collect();
        // Fields written with `@string` macros: the macro definitions stay in the user's
        // file, so these are written with the value citegraph resolved, whose TeX ties
        // (`~`) are spaces. Compared without ties.
        let raw = biblatex::RawBibliography::parse(&text).expect("raw parse");
        let macro_fields: std::collections::HashSet<(String, String)> = raw
            .entries
            .iter()
            .flat_map(|e| {
                e.v.fields
                    .iter()
                    .filter(|p| p.value.v.iter().any(|c| matches!(c.v, biblatex::RawChunk::Abbreviation(_))))
                    .map(|p| (e.v.key.v.to_string(), p.key.v.to_ascii_lowercase()))
                    .collect::<Vec<_>>()
            })
            .collect();
        // The fields each entry writes itself (inherited ones are checked in the parent).
        let own: std::collections::HashSet<(String, String)> = raw
            .entries
            .iter()
            .flat_map(|e| {
                e.v.fields.iter().map(|p| (e.v.key.v.to_string(), p.key.v.to_ascii_lowercase())).collect::<Vec<_>>()
            })
            .collect();
        let out = exported(&path, &keys, &name);
        let back = biblatex::Bibliography::parse(&out).unwrap_or_else(|e| panic!("{name}: {e:?}\n{out}"));
        let mut problems = Vec::new();
        for e in original.iter().filter(|e| !e.entry_type.to_string().eq_ignore_ascii_case("xdata")) {
            let Some(b) = back.get(&e.key) else {
                problems.push(format!("{}: missing", e.key));
                continue;
            };
            if b.entry_type != e.entry_type {
                problems.push(format!("{}: type {} became {}", e.key, e.entry_type, b.entry_type));
            }
            for (field, chunks) in &e.fields {
                // Links to other entries are resolved into the entry (their fields are
                // compared instead); `month = oct` is written as biber's `10`.
                if !own.contains(&(e.key.clone(), field.to_ascii_lowercase()))
                    || !citegraph::export::biber_knows_field(field)
                    || matches!(field.as_str(), "crossref" | "xdata" | "xref" | "month")
                {
                    continue;
                }
                let ties = macro_fields.contains(&(e.key.clone(), field.to_ascii_lowercase()));
                let norm = |s: String| squash(&if ties { s.replace('~', " ") } else { s });
                let want = norm(biblatex::ChunksExt::format_verbatim(chunks.as_slice()));
                let got = b.fields.get(field).map(|c| norm(biblatex::ChunksExt::format_verbatim(c.as_slice())));
                // An empty field carries nothing and is not written.
                if !want.is_empty() && got.as_deref() != Some(want.as_str()) {
                    problems.push(format!("{}.{field}: {want:?} became {got:?}", e.key));
                }
            }
        }
        assert!(problems.is_empty(), "{name}: {} problems:\n{}", problems.len(), problems.join("\n"));
    }
}

#[test]
fn ris_records_of_the_cited_works() {
    let doc = fixture("defects.txt");
    let mut out = Vec::new();
    citegraph::export::write_ris(std::slice::from_ref(&doc), &mut out).expect("ris");
    let ris = String::from_utf8(out).expect("utf8");
    let records: Vec<&str> = ris.split("ER  - \r\n").filter(|r| !r.trim().is_empty()).collect();
    assert_eq!(records.len(), 7, "{ris}");
    for r in &records {
        assert!(r.trim_start().starts_with("TY  - "), "{r}");
        assert!(r.lines().all(|l| l.is_empty() || (l.len() >= 6 && &l[2..6] == "  - ")), "{r}");
    }
    let rossmann = records.iter().find(|r| r.contains("ID  - rossmann1975")).expect("rossmann");
    for line in
        ["TY  - CHAP", "AU  - Branden, C.-I.", "ED  - Boyer, P. D.", "ET  - 3", "VL  - II", "SP  - 61", "EP  - 102"]
    {
        assert!(rossmann.contains(&format!("{line}\r\n")), "{line} in {rossmann}");
    }
    assert!(records.iter().any(|r| r.contains("TY  - JOUR\r\nID  - chen1995")), "{ris}");
}

#[test]
fn csl_json_links_the_same_citations_as_the_equivalent_bib() {
    let bib = "@article{hill2013, author = {Hill, Rosa and Okafor, Ngozi}, title = {Street design}, \
               journaltitle = {J Safety}, volume = {44}, pages = {35--48}, date = {2013}}\n\
               @book{worldbank2019, author = {{World Bank}}, title = {Debt}, publisher = {WB}, date = {2019-05}}\n\
               @article{tang2007, author = {Tang, G. and Peng, L. and Baldwin, P. R. and others}, title = {EMAN2}, \
               journaltitle = {J Struct Biol}, date = {2007}}\n";
    let json = r#"[
  {"id": "hill2013", "type": "article-journal", "author": [{"family": "Hill", "given": "Rosa"}, {"family": "Okafor", "given": "Ngozi"}],
   "title": "Street design", "container-title": "J Safety", "volume": "44", "page": "35-48", "issued": {"date-parts": [[2013]]}},
  {"id": "worldbank2019", "type": "book", "author": [{"literal": "World Bank"}], "title": "Debt", "publisher": "WB",
   "issued": {"date-parts": [[2019, 5]]}},
  {"id": "tang2007", "type": "article-journal", "author": [{"family": "Tang", "given": "G."}, {"family": "Peng", "given": "L."},
   {"family": "Baldwin", "given": "P. R."}, {"literal": "others"}], "title": "EMAN2", "container-title": "J Struct Biol",
   "issued": {"date-parts": [[2007]]}}
]"#;
    let text = "Intro\n\nStreets matter (Hill and Okafor, 2013). Debt grows (World Bank, 2019). \
                Images are processed (Tang et al., 2007). Unknown (Zed, 1999).\n";
    let links = |db: &str, name: &str| {
        let (refs, diags) = citegraph::bib::load_bib_str(db, name);
        assert!(!citegraph::bib::has_errors(&diags), "{name}: {diags:?}");
        let doc = extract(&Source::new("t.txt", text.into()), &Options { bib: refs.clone(), ..Default::default() });
        doc.citations
            .iter()
            .map(|c| {
                let key = c.reference.as_ref().and_then(|id| {
                    doc.references.iter().chain(refs.iter()).find(|r| &r.id == id).map(|r| r.key.clone())
                });
                (c.text.clone(), key)
            })
            .collect::<Vec<_>>()
    };
    let yaml = "---\nreferences:\n- id: hill2013\n  type: article-journal\n  author:\n  - family: Hill\n    given: Rosa\n  - family: Okafor\n    given: Ngozi\n  title: Street design\n  container-title: J Safety\n  volume: 44\n  page: 35-48\n  issued: 2013\n\
- id: worldbank2019\n  type: book\n  author:\n  - literal: World Bank\n  title: Debt\n  publisher: WB\n  issued: 2019-05\n\
- id: tang2007\n  type: article-journal\n  author: [{family: Tang, given: G.}, {family: Peng, given: L.}, {family: Baldwin, given: P. R.}, {literal: others}]\n  title: EMAN2\n  container-title: J Struct Biol\n  issued:\n    date-parts: [[2007]]\n...\n";
    let ris = "TY  - JOUR\r\nID  - hill2013\r\nAU  - Hill, Rosa\r\nAU  - Okafor, Ngozi\r\nPY  - 2013\r\nTI  - Street design\r\nT2  - J Safety\r\nVL  - 44\r\nSP  - 35\r\nEP  - 48\r\nER  - \r\n\
TY  - BOOK\r\nID  - worldbank2019\r\nAU  - World Bank\r\nPY  - 2019/05\r\nTI  - Debt\r\nPB  - WB\r\nER  - \r\n\
TY  - JOUR\r\nID  - tang2007\r\nAU  - Tang, G.\r\nAU  - Peng, L.\r\nAU  - Baldwin, P. R.\r\nPY  - 2007\r\nTI  - EMAN2\r\nT2  - J Struct Biol\r\nER  - \r\n";
    let markdown = format!("{}\n# A paper\n\nText.\n", yaml.replace("...\n", "---\n"));
    let from_bib = links(bib, "lib.bib");
    assert_eq!(from_bib.iter().filter(|(_, k)| k.is_some()).count(), 3, "{from_bib:?}");
    assert_eq!(from_bib, links(json, "lib.json"), "CSL-JSON");
    assert_eq!(from_bib, links(yaml, "lib.yaml"), "CSL-YAML");
    assert_eq!(from_bib, links(ris, "lib.ris"), "RIS");
    assert_eq!(from_bib, links(&markdown, "lib.md"), "pandoc Markdown references:");
    // Detected by content whatever the extension.
    assert_eq!(from_bib, links(ris, "lib.txt"), "RIS as .txt");
    assert_eq!(from_bib, links(yaml, "lib"), "CSL-YAML without extension");
}

#[test]
fn bad_bibliographies_give_file_and_line_and_the_rest_is_read() {
    let dir = tempdir("bad-formats");
    std::fs::write(
        dir.join("doc.txt"),
        "Intro\n\nStreets matter (Hill and Okafor, 2013). Debt grows (World Bank, 2019).\n",
    )
    .expect("write");
    let cases = [
        (
            "lib.yaml",
            "references:\n- id: hill2013\n  author:\n  - family: Hill\n  - family: Okafor\n  issued: 2013\n  title: Streets\n- id: broken\n  title: [oops\n  issued: 2001\n- id: worldbank2019\n  author:\n  - literal: World Bank\n  issued: 2019\n  title: Debt\n",
            "csl-yaml",
        ),
        (
            "lib.ris",
            "TY  - JOUR\nID  - hill2013\nAU  - Hill, R.\nAU  - Okafor, N.\nPY  - 2013\nTI  - Streets\nER  - \nstray words here\nTY  - BOOK\nID  - worldbank2019\nAU  - World Bank\nPY  - 2019\nTI  - Debt\nER  - \n",
            "ris",
        ),
    ];
    for (name, text, what) in cases {
        std::fs::write(dir.join(name), text).expect("write");
        let o = Command::new(env!("CARGO_BIN_EXE_citegraph"))
            .args(["bib", "doc.txt", "--bib", name])
            .current_dir(&dir)
            .output()
            .expect("citegraph");
        let err = String::from_utf8_lossy(&o.stderr);
        let out = String::from_utf8_lossy(&o.stdout);
        // The RIS stray line; the YAML item opened on line 8 and the parser stops on line 10.
        let lines = if what == "ris" { 8..=8 } else { 8..=10 };
        assert!(lines.clone().any(|l| err.contains(&format!("{name}:{l}: "))), "{what}: {err}");
        assert!(out.contains("{hill2013,") && out.contains("{worldbank2019,"), "{what}: the rest is read: {out}");
    }
    // A file that is no bibliography at all.
    std::fs::write(dir.join("notes.txt"), "Some notes about the paper.\nNothing else.\n").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .args(["bib", "doc.txt", "--bib", "notes.txt"])
        .current_dir(&dir)
        .output()
        .expect("citegraph");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("notes.txt:1: not a bibliography"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
