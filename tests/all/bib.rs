//! Loading .bib databases: fixtures with exact expectations, the shared corpus, garbage
//! input and a speed measurement.

use citegraph::Code;
use citegraph::bib::{has_errors, load_bib_file, load_bib_str};
use citegraph::{Diagnostic, EntryType, Person, Reference, Severity, Span};
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bib").join(rel)
}

fn load(rel: &str) -> (Vec<Reference>, Vec<Diagnostic>, String) {
    let path = fixture(rel);
    let (refs, diags) = load_bib_file(&path);
    (refs, diags, path.display().to_string())
}

fn person(family: &str, given: &str) -> Person {
    Person::name(family, Some(given.to_string()))
}

fn keys(refs: &[Reference]) -> Vec<&str> {
    refs.iter().map(|r| r.key.as_str()).collect()
}

fn codes(diags: &[Diagnostic]) -> Vec<(Severity, Code, Option<usize>)> {
    diags.iter().map(|d| (d.severity, d.code, d.line)).collect()
}

#[test]
fn accents_particles_suffixes_and_corporate_names() {
    let (refs, diags, _) = load("valid/names_accents.bib");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(keys(&refs), ["goedel1931", "berg2010", "wb2020", "others2019"]);
    let ids: Vec<&str> = refs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["b1", "b2", "b3", "b4"]);

    let g = &refs[0];
    assert_eq!(g.line, 2);
    assert_eq!(g.kind, EntryType::Article);
    assert_eq!(g.authors, [person("Gödel", "Kurt")]);
    assert_eq!(g.title.as_deref(), Some("Über formal unentscheidbare Sätze"));
    assert_eq!(g.container.as_deref(), Some("Monatshefte für Mathematik und Physik"));
    assert_eq!(g.volume.as_deref(), Some("38"));
    assert_eq!(g.issue.as_deref(), Some("1"));
    assert_eq!(g.pages.as_deref(), Some("173-198"));
    assert_eq!(g.year.as_deref(), Some("1931"));
    assert_eq!(g.doi.as_deref(), Some("10.1007/BF01700692"));
    assert!(g.raw.starts_with("@article{goedel1931,") && g.raw.ends_with('}'));
    let text = std::fs::read_to_string(fixture("valid/names_accents.bib")).unwrap();
    let sp = g.span.unwrap();
    assert_eq!(&text[sp.start..sp.end], g.raw);

    let b = &refs[1];
    assert_eq!(b.line, 13);
    assert_eq!(b.kind, EntryType::Book);
    assert_eq!(
        b.authors,
        [
            person("van der Berg", "Hans"),
            person("de la Fuente", "José"),
            Person { suffix: Some("Jr.".into()), ..person("Smith", "John") },
        ]
    );
    assert_eq!(b.title.as_deref(), Some("Ångström and Beyond"));
    assert_eq!(b.publisher.as_deref(), Some("Ørsted Press"));
    assert_eq!(b.place.as_deref(), Some("København"));
    assert_eq!(b.edition.as_deref(), Some("2"));
    assert_eq!(b.year.as_deref(), Some("2010"));

    let w = &refs[2];
    assert_eq!(w.kind, EntryType::Report);
    assert_eq!(w.authors, [Person::literal("World Bank")]);
    assert_eq!(w.authors[0].sort_name(), "World Bank");
    assert_eq!(w.publisher.as_deref(), Some("World Bank"));
    assert_eq!(w.place.as_deref(), Some("Washington, DC"));
    assert_eq!(w.url.as_deref(), Some("https://example.org/wdr"));
    assert_eq!(w.accessed.as_deref(), Some("2021-03-04"));

    let o = &refs[3];
    assert_eq!(o.kind, EntryType::Webpage);
    assert_eq!(o.authors, [person("Doe", "Jane")]);
    assert!(o.et_al);
    assert_eq!(o.year.as_deref(), Some("2019b"), "a suffix written in the file is kept");
}

#[test]
fn strings_concatenation_crossref_and_xdata() {
    let (refs, diags, _) = load("valid/strings_crossref.bib");
    assert!(diags.is_empty(), "{diags:#?}");
    // `@string`, `@preamble`, `@comment` and `@xdata` are not references.
    assert_eq!(keys(&refs), ["lee2001", "conf2005", "paper2005", "xbook"]);

    let l = &refs[0];
    assert_eq!(l.title.as_deref(), Some("On Strings"));
    assert_eq!(l.container.as_deref(), Some("Journal of Economics"));
    assert_eq!(l.year.as_deref(), Some("2001"));
    assert_eq!(l.pages.as_deref(), Some("1-10"));

    assert_eq!(refs[1].kind, EntryType::Book);
    assert_eq!(refs[1].editors, [person("Miller", "Tom")]);

    let p = &refs[2];
    assert_eq!(p.kind, EntryType::Proceedings);
    assert_eq!(p.line, 23);
    assert_eq!(p.container.as_deref(), Some("Proceedings of the Conference"));
    assert_eq!(p.year.as_deref(), Some("2005"));
    assert_eq!(p.publisher.as_deref(), Some("ACM"));
    assert_eq!(p.place.as_deref(), Some("Paris"));
    assert_eq!(p.pages.as_deref(), Some("5-9"));

    let x = &refs[3];
    assert_eq!(x.publisher.as_deref(), Some("Springer"));
    assert_eq!(x.place.as_deref(), Some("Berlin"));
}

#[test]
fn one_broken_entry_among_good_ones() {
    let (refs, diags, path) = load("invalid/one_broken.bib");
    assert_eq!(keys(&refs), ["good1", "good2", "good3"]);
    assert_eq!(refs.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 13, 19]);
    assert_eq!(codes(&diags), [(Severity::Error, Code::BibUnterminatedEntry, Some(7))]);
    assert_eq!(
        diags[0].message,
        format!(
            "{path}:7: unterminated entry `@article{{broken`: its closing `}}` is missing before the next entry at line 13"
        )
    );
    assert!(has_errors(&diags));
}

#[test]
fn syntax_error_points_at_its_line() {
    let (refs, diags, path) = load("invalid/missing_equals.bib");
    assert_eq!(keys(&refs), ["ok"]);
    assert_eq!(codes(&diags), [(Severity::Error, Code::BibSyntax, Some(8))]);
    assert_eq!(
        diags[0].message,
        format!("{path}:8: expected `=` after the field name in `@article{{bad` (line 6); the entry is ignored")
    );
}

#[test]
fn duplicate_keys_keep_the_first() {
    let (refs, diags, path) = load("invalid/duplicate_key.bib");
    assert_eq!(keys(&refs), ["same", "clash"]);
    assert_eq!(refs[1].title.as_deref(), Some("First"));
    assert_eq!(
        codes(&diags),
        [(Severity::Warning, Code::BibDuplicateKey, Some(7)), (Severity::Error, Code::BibDuplicateKey, Some(19)),]
    );
    assert_eq!(
        diags[1].message,
        format!(
            "{path}:19: duplicate key `clash`: already used by a different entry at line 13; this entry is ignored"
        )
    );
}

#[test]
fn undefined_macro_and_bad_date_are_errors_but_entries_load() {
    let (refs, diags, _) = load("invalid/bad_values.bib");
    assert_eq!(keys(&refs), ["undef", "baddate"]);
    assert_eq!(refs[0].container, None);
    assert_eq!(refs[1].year.as_deref(), Some("2012"));
    assert_eq!(
        codes(&diags),
        [(Severity::Error, Code::BibUndefinedString, Some(4)), (Severity::Error, Code::BibInvalidDate, Some(10)),]
    );
}

#[test]
fn parenthesised_entries_month_macros_subtitles_and_tex_logos_read() {
    // Parenthesised entry, month macro, subtitle, TeX commands and logos.
    let text = "@book(k, title = {\\emph{The} \\TeX: Book}, subtitle = {More},\n  year = 1984, month = feb)\n";
    let (refs, diags) = load_bib_str(text, "x.bib");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(refs[0].title.as_deref(), Some("The TeX: Book: More"));
    assert_eq!(refs[0].span, Some(Span::new(0, text.len() - 1)));

    // A missing closing brace at the end of the file.
    let (refs, diags) = load_bib_str("@misc{a, title={A}}\n\n@misc{b, title={B}\n", "y.bib");
    assert_eq!(keys(&refs), ["a"]);
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "y.bib:3: unterminated entry `@misc{b`: its closing `}` is missing before the end of the file"
    );

    // A crossref cycle is cut, not followed forever.
    let (refs, diags) =
        load_bib_str("@inbook{a, crossref = {b}, title = {A}}\n@book{b, crossref = {a}, title = {B}}", "z.bib");
    assert_eq!(keys(&refs), ["a", "b"]);
    assert!(diags.iter().any(|d| d.code == Code::BibCrossrefCycle));
}

#[test]
fn garbage_never_panics() {
    let fixed: &[&[u8]] = &[
        b"",
        b"@",
        b"@@@@",
        b"@article{",
        b"@article{,}",
        b"@article{k,",
        b"@article{k, title = {",
        b"@article{k, title = \"",
        b"@article{k, title = {}}}}}",
        b"}}}}{{{{",
        b"@string{a = a # a}@misc{k, title = a}",
        b"@string{a = b}@string{b = a}@misc{k, title = a # b}",
        b"@misc{k, title = {\\}}",
        b"@misc{k, title = {$x}}",
        b"@misc{k, title = {\\\"}}",
        b"@misc{k, author = { and and others and }}",
        b"@misc{k, date = {\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa0}}",
        b"@misc{k, year = 2000, month = 0, crossref = k}",
        b"@book{p, month = 0, year = 1}\n@inbook{c, crossref = p}",
        b"@misc(k, title = {a)})",
        b"@comment{",
        b"@preamble{\"",
        b"% @misc{k}\n@misc{j, title = x # }",
        b"\x00\x01\xff\xfe@\x80misc{\xc3}",
    ];
    let mut inputs: Vec<String> = fixed.iter().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    // Deterministic pseudo-random strings over a BibTeX-heavy alphabet.
    let alphabet: Vec<char> = "@{}()\"\\,=#%$~ \n\tabkeyt0123456789-énd".chars().collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut s = String::from("@article{k,");
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let len = (seed >> 33) % 60;
        for _ in 0..len {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push(alphabet[((seed >> 33) as usize) % alphabet.len()]);
        }
        inputs.push(s);
    }
    for text in &inputs {
        let (refs, diags) = load_bib_str(text, "g.bib");
        for r in &refs {
            let sp = r.span.expect("span");
            assert!(sp.end <= text.len() && text.is_char_boundary(sp.start), "{text:?}");
            assert!(r.line >= 1);
        }
        for d in &diags {
            assert!(d.line.is_some(), "{text:?}: {d:?}");
            assert!(d.message.starts_with("g.bib:"), "{d:?}");
        }
    }
}

#[test]
fn missing_file_is_one_error() {
    let (refs, diags) = load_bib_file(Path::new("/nonexistent/db.bib"));
    assert!(refs.is_empty());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::BibIo);
    assert!(has_errors(&diags));
}

/// Entries the file declares: `@type` at the start of a line, without the non-work items.
fn declared_entries(text: &str) -> usize {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix('@'))
        .map(|rest| rest.split(|c: char| c == '{' || c == '(' || c.is_whitespace()).next().unwrap_or(""))
        .filter(|t| !["string", "preamble", "comment", "xdata"].contains(&t.to_ascii_lowercase().as_str()))
        .count()
}

fn shared_corpus() -> PathBuf {
    Path::new(env!("CITEGRAPH_SHARED_DIR")).join("corpus/bib")
}

fn bib_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "bib"));
    v.sort();
    v
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (corpus/bib); CI runs it")]
fn shared_corpus_loads() {
    let dir = shared_corpus();
    let mut valid = bib_files(&dir.join("valid"));
    valid.extend(bib_files(&dir.join("biber-tdata")));
    valid.extend(bib_files(&dir));
    assert!(valid.len() >= 15, "expected the corpus files, found {valid:?}");
    for path in &valid {
        let text = std::fs::read_to_string(path).unwrap();
        let (refs, diags) = load_bib_file(path);
        let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        assert_eq!(refs.len(), declared_entries(&text), "{}", path.display());
    }
    let invalid = bib_files(&dir.join("invalid"));
    assert!(invalid.len() >= 3);
    for path in &invalid {
        let (_, diags) = load_bib_file(path);
        assert!(has_errors(&diags), "{} was not refused", path.display());
        let shown = path.display().to_string();
        for d in diags.iter().filter(|d| d.severity == Severity::Error) {
            let line = d.line.expect("line");
            assert!(d.message.starts_with(&format!("{shown}:{line}: ")), "{d:?}");
        }
    }
}

/// Speed: `cargo test --release --test all bib::speed -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check; needs ../shared"]
fn speed_on_biblatex_examples() {
    let dir = shared_corpus();
    let text = std::fs::read_to_string(dir.join("biblatex-examples.bib")).unwrap();
    let rounds = 200;
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += load_bib_str(&text, "biblatex-examples.bib").0.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "loaded {n} entries in {secs:.3} s: {:.0} entries/s, {:.1} MB/s",
        n as f64 / secs,
        (text.len() * rounds) as f64 / secs / 1e6
    );
}
