//! Exporters: snapshots of the example document, hostile field values, the shared corpus
//! through biber, LaTeX and Graphviz, a BibLaTeX round trip and the command line.
//!
//! Tests that need an external tool (biber, latexmk, dot) or the shared corpus show as
//! ignored without it (build.rs sets `has_biber`, `has_shared`, ...; CI makes them
//! mandatory). Tests that check more with a tool than without do the extra part only when
//! the tool was found.

use biblatex::ChunksExt;
use citegraph::Graph;
use citegraph::export::{
    Flavour, RenderFormat, SortBy, TableFormat, View, dot_string, render, rows, write_bib, write_biblatex,
    write_csl_json, write_table,
};
use citegraph::{Document, EntryType, Person, Reference, Source};
use citegraph::{Options, extract};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_doc() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/example.txt");
    let text = std::fs::read_to_string(path).expect("fixture");
    extract(&Source::new("example.txt", text), &Options::default())
}

fn bib_of(docs: &[Document], flavour: Flavour) -> String {
    let mut out = Vec::new();
    write_bib(docs, flavour, &mut out).expect("write");
    String::from_utf8(out).expect("utf8")
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CITEGRAPH_SHARED_DIR"))
}

pub(crate) fn tempdir(name: &str) -> PathBuf {
    super::support::tempdir("export", name)
}

/// Runs biber's data-model validation; returns its WARN/ERROR lines.
fn biber_problems(bib: &str, name: &str) -> Vec<String> {
    let dir = tempdir(&format!("biber-{name}"));
    std::fs::write(dir.join("out.bib"), bib).expect("write bib");
    let o = Command::new("biber")
        .args(["--tool", "--validate-datamodel", "--dieondatamodel", "out.bib"])
        .current_dir(&dir)
        .output()
        .expect("biber");
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let mut bad: Vec<String> =
        text.lines().filter(|l| l.starts_with("WARN") || l.starts_with("ERROR")).map(str::to_string).collect();
    if !o.status.success() && bad.is_empty() {
        bad.push(format!("biber failed: {}", o.status));
    }
    let _ = std::fs::remove_dir_all(&dir);
    bad
}

/// Compiles a document citing every key with latexmk + biber; returns problems found.
fn latex_problems(bib: &str, keys: &[String], name: &str) -> Vec<String> {
    let dir = tempdir(&format!("latex-{name}"));
    std::fs::write(dir.join("refs.bib"), bib).expect("write bib");
    let tex = format!(
        "\\documentclass{{article}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{lmodern}}\n\\makeatletter\n\
         % A character the font has no glyph for is a font matter, not a bibliography one.\n\
         \\def\\UTFviii@undefined@err#1{{\\@latex@warning{{no glyph for a character}}?}}\n\\makeatother\n\
         \\usepackage[style=authoryear,backend=biber]{{biblatex}}\n\\addbibresource{{refs.bib}}\n\
         \\begin{{document}}\n\\cite{{{}}}\n\\printbibliography\n\\end{{document}}\n",
        keys.join(",")
    );
    std::fs::write(dir.join("doc.tex"), tex).expect("write tex");
    let o = super::support::latexmk(&dir);
    let mut bad = Vec::new();
    if !o.status.success() {
        bad.push(format!(
            "latexmk failed: {}",
            String::from_utf8_lossy(&o.stdout).lines().rev().take(20).collect::<Vec<_>>().join("\n")
        ));
    }
    let log = std::fs::read_to_string(dir.join("doc.log")).unwrap_or_default();
    for l in log.lines() {
        if l.contains("undefined") && (l.contains("Citation") || l.contains("citation")) || l.starts_with('!') {
            bad.push(l.to_string());
        }
    }
    let blg = std::fs::read_to_string(dir.join("doc.blg")).unwrap_or_default();
    bad.extend(
        blg.lines().filter(|l| l.starts_with("[") && (l.contains("WARN") || l.contains("ERROR"))).map(str::to_string),
    );
    if !dir.join("doc.pdf").exists() {
        bad.push("no PDF".into());
    }
    if bad.is_empty() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    bad
}

fn keys_of(bib: &str) -> Vec<String> {
    bib.lines()
        .filter(|l| l.starts_with('@'))
        .filter_map(|l| l.split_once('{').map(|(_, k)| k.trim_end_matches(',').to_string()))
        .collect()
}

/// Renders with `dot -Tsvg`; returns the warnings.
fn dot_warnings(dot: &str) -> String {
    let r = render(dot, RenderFormat::Svg).expect("dot runs");
    assert!(String::from_utf8_lossy(&r.bytes).contains("<svg"), "no SVG");
    r.warnings
}

// ---------------------------------------------------------------------------------------
// Snapshots of the example.

#[test]
fn snapshot_biblatex() {
    insta::assert_snapshot!("example_biblatex", bib_of(&[fixture_doc()], Flavour::Biblatex));
}

#[test]
fn snapshot_bibtex_and_csl() {
    let doc = fixture_doc();
    insta::assert_snapshot!("example_bibtex", bib_of(std::slice::from_ref(&doc), Flavour::Bibtex));
    let mut out = Vec::new();
    write_csl_json(std::slice::from_ref(&doc), &mut out).expect("csl");
    insta::assert_snapshot!("example_csl", String::from_utf8(out).expect("utf8"));
}

#[test]
fn snapshot_dot() {
    let doc = fixture_doc();
    let g = Graph::from_document(&doc);
    for (name, view) in [("sources", View::Sources), ("claims", View::Claims), ("cocitation", View::Cocitation)] {
        let dot = dot_string(&g, view);
        graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{name} does not re-parse: {e}"));
        insta::assert_snapshot!(format!("example_dot_{name}"), dot);
    }
}

#[test]
fn snapshot_sources_table() {
    let doc = fixture_doc();
    let g = Graph::from_document(&doc);
    let t = rows(&g, std::slice::from_ref(&doc), SortBy::Dependence);
    let mut out = Vec::new();
    write_table(&t, TableFormat::Text, false, &mut out).expect("table");
    insta::assert_snapshot!("example_sources_text", String::from_utf8(out).expect("utf8"));
    // Hill & Okafor is cited three times (one claim twice over), Lee rests one claim alone.
    let hill = t.iter().find(|r| r.key == "hill2013").expect("hill");
    assert_eq!(hill.citations, 2);
    assert_eq!(hill.first.as_ref().map(|l| l.line), Some(5));
    let lee = t.iter().find(|r| r.key == "lee2015").expect("lee");
    assert!(!lee.resolved);
    assert_eq!(lee.resting.len(), 1);
}

#[test]
fn example_incomplete_entries_are_marked() {
    let bib = bib_of(&[fixture_doc()], Flavour::Biblatex);
    assert!(bib.contains("@misc{lee2015,"));
    assert!(bib.contains("@misc{tanaka2016,"));
    assert!(bib.contains("author       = {{World Health Organization}}"));
    assert!(bib.contains("pages        = {35--48}"));
    assert_eq!(bib.matches("keywords     = {citegraph-incomplete}").count(), 2);
}

#[test]
#[cfg_attr(not(has_biber), ignore = "needs biber; CI runs it")]
fn example_validates_with_biber() {
    let bib = bib_of(&[fixture_doc()], Flavour::Biblatex);
    assert_eq!(biber_problems(&bib, "example"), Vec::<String>::new());
}

#[test]
#[cfg_attr(not(all(has_latexmk, has_biber)), ignore = "needs latexmk and biber; CI runs it")]
fn example_compiles_with_latex() {
    let bib = bib_of(&[fixture_doc()], Flavour::Biblatex);
    assert_eq!(latex_problems(&bib, &keys_of(&bib), "example"), Vec::<String>::new());
}

#[test]
#[cfg_attr(not(has_dot), ignore = "needs Graphviz dot; CI runs it")]
fn example_graphs_render_without_dot_warnings() {
    let g = Graph::from_document(&fixture_doc());
    for view in [View::Sources, View::Claims, View::Cocitation] {
        assert_eq!(dot_warnings(&dot_string(&g, view)), "");
    }
}

// ---------------------------------------------------------------------------------------
// .bib fields keep their TeX.

#[test]
fn bib_fields_keep_tex() {
    let bib = "@article{knuth1984,\n  author = {Knuth, Donald E. and {\\\"O}zt{\\\"u}rk, A.},\n  \
               title = {Literate \\emph{Programming}},\n  journal = {The Computer Journal},\n  \
               volume = {27},\n  number = {2},\n  pages = {97-111},\n  year = {1984},\n  doi = {10.1093/comjnl/27.2.97}\n}\n";
    let (refs, diags) = citegraph::bib::load_bib_str(bib, "db.bib");
    assert!(!citegraph::bib::has_errors(&diags), "{diags:?}");
    let text = "Intro\n\nPrograms are literature (Knuth & Öztürk, 1984).\n";
    let doc = extract(&Source::new("t.txt", text.into()), &Options { bib: refs, ..Default::default() });
    let out = bib_of(std::slice::from_ref(&doc), Flavour::Biblatex);
    assert!(out.contains("title        = {Literate \\emph{Programming}},"), "{out}");
    assert!(out.contains("author       = {Knuth, Donald E. and {\\\"O}zt{\\\"u}rk, A.},"), "{out}");
    // A user's own entry is written back as written (biber maps `journal` itself).
    assert!(out.contains("journal      = {The Computer Journal},"), "{out}");
    assert!(out.contains("pages        = {97-111},"), "{out}");
    assert!(!out.contains("\\\\emph"), "{out}");
    if cfg!(has_biber) {
        assert_eq!(biber_problems(&out, "tex"), Vec::<String>::new());
    }
}

// ---------------------------------------------------------------------------------------
// Hostile values survive every exporter.

const HOSTILE: &str =
    "Say \"hi\" {unbalanced \\ back\\slash} </script><b>x</b> 100% & $5 #1 a_b ~ ^\nnew line | pipe, comma";

fn hostile_doc() -> Document {
    let text = "Intro\n\nCats purr loudly (Hill, 2013). Dogs bark at night (Lee, 2001; Hill, 2013).\n\nRefs\n\n";
    let mut doc = extract(&Source::new("t.txt", text.into()), &Options::default());
    doc.path = format!("dir/{HOSTILE}.txt");
    for s in &mut doc.sections {
        s.title = HOSTILE.into();
    }
    for c in &mut doc.claims {
        c.text = HOSTILE.into();
    }
    for c in &mut doc.citations {
        c.text = HOSTILE.into();
    }
    doc.references.push(Reference {
        id: "r1".into(),
        key: "hill2013".into(),
        kind: EntryType::Article,
        authors: vec![Person::name(HOSTILE, Some(HOSTILE.into())), Person::literal(HOSTILE)],
        year: Some("2013".into()),
        title: Some(HOSTILE.into()),
        container: Some(HOSTILE.into()),
        volume: Some(HOSTILE.into()),
        pages: Some("1-2".into()),
        publisher: Some(HOSTILE.into()),
        url: Some("https://example.org/a b{c}\\\"".into()),
        raw: HOSTILE.into(),
        ..Reference::default()
    });
    for c in doc.citations.iter_mut().filter(|c| c.authors == ["Hill"]) {
        c.reference = Some("r1".into());
    }
    doc
}

#[test]
fn hostile_values_survive_bib_exporters() {
    let doc = hostile_doc();
    for flavour in [Flavour::Biblatex, Flavour::Bibtex] {
        let out = bib_of(std::slice::from_ref(&doc), flavour);
        let parsed = biblatex::Bibliography::parse(&out).unwrap_or_else(|e| panic!("{flavour:?}: {e:?}\n{out}"));
        assert_eq!(parsed.len(), 2, "{out}");
        let e = parsed.get("hill2013").expect("entry");
        let title = e.get("title").map(|f| f.format_verbatim()).unwrap_or_default();
        assert_eq!(title.split_whitespace().collect::<Vec<_>>(), HOSTILE.split_whitespace().collect::<Vec<_>>());
        if flavour == Flavour::Biblatex && cfg!(has_biber) {
            assert_eq!(biber_problems(&out, "hostile"), Vec::<String>::new(), "{out}");
        }
    }
    let mut out = Vec::new();
    write_csl_json(std::slice::from_ref(&doc), &mut out).expect("csl");
    let v: serde_json::Value = serde_json::from_slice(&out).expect("csl json parses");
    assert_eq!(v[0]["title"], citegraph_one_line(HOSTILE));
}

fn citegraph_one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn hostile_values_survive_dot() {
    let doc = hostile_doc();
    let g = Graph::from_document(&doc);
    let tools = cfg!(has_dot);
    for view in [View::Sources, View::Claims, View::Cocitation] {
        let dot = dot_string(&g, view);
        graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{view:?} does not re-parse: {e}\n{dot}"));
        assert!(!dot.contains("</script>\"") || dot.contains("\\\"hi\\\""));
        if tools {
            assert_eq!(dot_warnings(&dot), "", "{dot}");
        }
    }
}

#[test]
fn hostile_values_survive_tables() {
    let doc = hostile_doc();
    let g = Graph::from_document(&doc);
    let t = rows(&g, std::slice::from_ref(&doc), SortBy::Dependence);
    let table = |f| {
        let mut out = Vec::new();
        write_table(&t, f, false, &mut out).expect("table");
        String::from_utf8(out).expect("utf8")
    };
    let json: serde_json::Value = serde_json::from_str(&table(TableFormat::Json)).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(t.len()));
    let csv = table(TableFormat::Csv);
    let records = parse_csv(&csv);
    assert_eq!(records.len(), t.len() + 1);
    assert!(records.iter().all(|r| r.len() == records[0].len()), "{records:?}");
    let md = table(TableFormat::Markdown);
    assert!(!md.contains("</script>"));
    for line in md.lines() {
        let pipes = line.matches('|').count() - line.matches("\\|").count();
        assert_eq!(pipes, 9, "{line}");
    }
    let text = table(TableFormat::Text);
    assert_eq!(text.lines().filter(|l| !l.is_empty()).count(), t.len() + 2);
}

/// A small RFC 4180 reader for the test.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------
// The shared corpus.

fn corpus_docs(root: &Path) -> Vec<(String, Document)> {
    let mut files = vec![root.join("corpus/seed/000_4510d2f033457e83.txt")];
    let mut articles: Vec<PathBuf> = std::fs::read_dir(root.join("corpus/articles"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    articles.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    articles.sort();
    files.extend(articles);
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read corpus file");
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let doc = extract(&Source::new(name.clone(), text), &Options::default());
            (name, doc)
        })
        .collect()
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (the corpus); CI runs it")]
fn corpus_bib_validates_and_compiles() {
    let root = shared();
    let biber = cfg!(has_biber);
    let latex = biber && cfg!(has_latexmk);
    for (name, doc) in corpus_docs(&root) {
        let mut out = Vec::new();
        write_biblatex(std::slice::from_ref(&doc), &mut out).expect("write");
        let bib = String::from_utf8(out).expect("utf8");
        let parsed = biblatex::Bibliography::parse(&bib).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let keys = keys_of(&bib);
        assert_eq!(parsed.len(), keys.len(), "{name}");
        if biber {
            assert_eq!(biber_problems(&bib, &name), Vec::<String>::new(), "{name}");
        }
        if latex {
            assert_eq!(latex_problems(&bib, &keys, &name), Vec::<String>::new(), "{name}");
        }
    }
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (the corpus); CI runs it")]
fn corpus_graphs_reparse_and_render_without_warnings() {
    let root = shared();
    let tools = cfg!(has_dot);
    for (name, doc) in corpus_docs(&root) {
        let g = Graph::from_document(&doc);
        for view in [View::Sources, View::Claims, View::Cocitation] {
            let dot = dot_string(&g, view);
            graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{name} {view:?}: {e}"));
            if tools {
                assert_eq!(dot_warnings(&dot), "", "{name} {view:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Command line.

fn citegraph(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_citegraph"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run citegraph")
}

#[test]
fn bib_graph_and_sources_commands_write_every_format() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/example.txt");
    let f = f.to_str().expect("path");
    for fmt in ["biblatex", "bibtex", "csl-json"] {
        let o = citegraph(&["bib", f, "--format", fmt], &[]);
        assert!(o.status.success(), "{fmt}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("garcia2021"), "{fmt}");
    }
    for view in ["sources", "claims", "cocitation"] {
        let o = citegraph(&["graph", f, "--view", view], &[]);
        assert!(o.status.success());
        assert!(graphviz_rust::parse(&String::from_utf8_lossy(&o.stdout)).is_ok());
    }
    for fmt in ["text", "markdown", "csv", "json"] {
        let o = citegraph(&["sources", f, "--format", fmt], &[]);
        assert!(o.status.success(), "{fmt}");
        assert!(String::from_utf8_lossy(&o.stdout).contains("hill2013"), "{fmt}");
    }
    let o = citegraph(&["graph", f, "--format", "svg"], &[("CITEGRAPH_DOT", "/nonexistent/dot")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("graphviz"), "{}", String::from_utf8_lossy(&o.stderr));
    if cfg!(has_dot) {
        for fmt in ["svg", "png", "pdf"] {
            let o = citegraph(&["graph", f, "--format", fmt], &[]);
            assert!(o.status.success(), "{fmt}");
            assert!(o.stderr.is_empty(), "{fmt}: {}", String::from_utf8_lossy(&o.stderr));
            assert!(!o.stdout.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Values made safe for TeX (issue 15): what biber reads, biber and LaTeX take back.

/// A .bib with what broke biber or LaTeX: a NUL byte, ESC and BEL, bidirectional overrides,
/// a lone `$`, `--` and `~` in family names, and a quoted value with a `"` in braces.
const HOSTILE_BIB: &str = "@article{nul, author = {Okafor, Ada}, title = {Null\0byte, bell\u{7} and esc\u{1b}[31m red}, journaltitle = {J}, date = {2019}}\n\
@article{bidi, author = {Rtl, Ann}, title = {Right \u{202e}to\u{202c} left \u{2066}iso\u{2069}}, journaltitle = {J}, date = {2019}}\n\
@article{dollar, author = {Price, Pat}, title = {Price $5 only}, journaltitle = {Costs $ and $x$}, date = {2019}}\n\
@article{dash, author = {Lorenzi--Cioldi, Fabio and Tilde~Name, A.}, title = {T}, journaltitle = {J}, date = {2001}}\n\
@article{quote, author = {Q, R.}, title = {Quote}, journal = \"Journal {\"}J{\"}\", year = {2019}}\n";

/// Reference strings with the same values, for the path that escapes parsed text.
const HOSTILE_LINES: &str = "Lorenzi--Cioldi, F. (2001). Price $5 only, bell\u{7} esc\u{1b}[31m \u{202e}rtl\u{202c}. Journal of Tests, 3, 1-2.\n\
Hat^Name, B., & Tilde~Name, A. (2002). Braces {open and back\\slash. Journal of Tests, 4, 5-6.\n";

fn hostile_entries() -> (Vec<Reference>, String) {
    let (mut refs, diags) = citegraph::bib::load_bib_str(HOSTILE_BIB, "hostile.bib");
    assert!(
        diags.iter().all(|d| d.severity != citegraph::Severity::Error),
        "biber reads all of it, so must we: {diags:?}"
    );
    let (lines, _) = citegraph::parse_references(HOSTILE_LINES);
    refs.extend(lines);
    citegraph::assign_keys(&mut refs);
    let mut out = Vec::new();
    // What `refs --format biblatex` writes, without the pdflatex-safe rewriting, so that
    // the entries' own escaping is what biber and LaTeX see.
    citegraph::export::write_references_biblatex(&refs, citegraph::export::TexChars::Unicode, &mut out).expect("write");
    (refs, String::from_utf8(out).expect("utf-8"))
}

#[test]
fn hostile_bib_values_are_read_as_biber_reads_them() {
    let (refs, _) = hostile_entries();
    let by_key = |k: &str| refs.iter().find(|r| r.key == k).unwrap_or_else(|| panic!("entry {k}"));
    let quote = by_key("quote");
    assert_eq!(quote.container.as_deref(), Some("Journal \"J\""), "the quoted value is read whole");
    assert_eq!(quote.year.as_deref(), Some("2019"), "and the entry is not cut short");
    assert_eq!(by_key("dollar").title.as_deref(), Some("Price $5 only"), "a lone `$` is text");
    assert_eq!(by_key("dash").authors[0].family.as_deref(), Some("Lorenzi–Cioldi"), "`--` is TeX for an en dash");
}

#[test]
fn hostile_bib_values_compile_with_biber_and_latex() {
    let (refs, bib) = hostile_entries();
    for bad in ['\0', '\u{7}', '\u{1b}', '\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}'] {
        assert!(!bib.contains(bad), "{:?} reaches the output:\n{bib}", bad);
    }
    assert!(!bib.contains("-{}-"), "no empty group in a name:\n{bib}");
    assert!(bib.contains("Price \\$5 only"), "{bib}");
    let parsed = biblatex::Bibliography::parse(&bib).unwrap_or_else(|e| panic!("{e:?}\n{bib}"));
    assert_eq!(parsed.len(), refs.len(), "{bib}");
    if cfg!(has_biber) {
        assert_eq!(biber_problems(&bib, "hostile-values"), Vec::<String>::new(), "{bib}");
    }
    if cfg!(has_latexmk) && cfg!(has_biber) {
        let keys: Vec<String> = refs.iter().map(|r| r.key.clone()).collect();
        assert_eq!(latex_problems(&bib, &keys, "hostile-values"), Vec::<String>::new(), "{bib}");
    }
}
