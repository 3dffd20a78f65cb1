//! Loading BibLaTeX/BibTeX databases (`.bib` files) as [`Reference`]s.
//!
//! Why this module exists and is shaped like this:
//!
//! * The `biblatex` crate does the real work (field syntax, `@string` macros, `#`
//!   concatenation, TeX accents, name splitting, `crossref`/`xdata` inheritance), but it
//!   stops at the first problem in a file and reports only a byte offset. A user with one
//!   typo in a 2 000-entry database should get every other entry plus one precise message,
//!   so this module cuts the text into top-level `@type{...}` items itself and hands the
//!   crate one entry at a time. Problems become [`Diagnostic`]s with `file:line`.
//! * The splitter is a single linear pass: brace depth, quoted values and `%` comments
//!   are tracked the way the crate reads them, and a line that starts a new
//!   `@type{key,` header while an entry is still open ends the open entry (it is
//!   reported as unterminated), so one missing `}` cannot swallow the rest of the file.
//! * `@string` macros are expanded when they are defined (BibTeX semantics), so a macro
//!   can never refer to itself and expansion cannot recurse forever; entries then see
//!   every macro of the file.
//! * Inheritance is resolved per entry on a small bibliography made of the entry and its
//!   `crossref`/`xdata` ancestors. Cycles and over-long chains are cut before the crate
//!   sees them (its resolver would recurse without end), and a field the crate cannot
//!   read is dropped with a diagnostic instead of losing the entry.
//! * `@xdata` entries are inherited from but not returned: they describe no work.
//! * Dates that cannot be read are errors (an author-year citation cannot be matched
//!   without a year); suspicious but harmless values (page ranges, pagination) are
//!   warnings. A duplicate key is an error when the two entries differ (citations by that
//!   key would be ambiguous) and a warning when they are the same entry twice.

use crate::diagnostic::Code;
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use biblatex::{
    Bibliography, Chunk, ChunksExt, Date, Field, ParseErrorKind, RawBibliography, RawChunk, RawEntry,
    Spanned as BSpanned,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{EntryType, Person, Reference};
use crate::source::Span;

mod fields;
mod loader;
mod split;
use fields::*;
use loader::*;
use split::*;

/// Most entries (the entry itself included) that one inheritance tree may hold.
const MAX_FAMILY: usize = 12;
/// Most chunks one expanded `@string` macro may hold.
const MAX_MACRO_CHUNKS: usize = 10_000;
/// Most chunks all macro expansions of one file may produce beyond the file's own length:
/// a chain `s_i = s_{i-1} # "y"` would otherwise hold i chunks per macro, n² in all.
const MAX_EXPANSION_CHUNKS: usize = 250_000;
/// Deepest brace nesting of an item handed to the `biblatex` crate, whose parser slows down
/// quadratically (and recurses) on deep nesting; no real entry comes near it.
const MAX_BRACE_DEPTH: usize = 64;
/// Diagnostics of one code listed per file; the rest are counted in one summary line.
const MAX_SAME_DIAGNOSTICS: usize = 100;

/// Loads a .bib database from text; `path` is used in messages.
///
/// Never fails as a whole: a broken entry gives an error diagnostic with `file:line`
/// (message like `DB.bib:12: unterminated entry ...`) and the other entries still load.
/// Returns references with `id` = `b1..`, `key` = the citation key from the file,
/// `line` = the 1-based line of the `@type{` of the entry, `span` = byte span of the
/// entry in the .bib text, `raw` = the entry's source text.
///
/// Other formats are read by their own readers, chosen by [`detect_format`], so every place
/// that reads a `.bib` reads them all: CSL-JSON ([`super::csljson`]), CSL-YAML and pandoc
/// Markdown's `references:` ([`super::cslyaml`]) and RIS ([`super::ris`]). A text that is
/// none of them and holds no `@` entry at all is one `bib-unknown-format` error.
pub fn load_bib_str(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
    match detect_format(text, path) {
        BibFormat::CslJson => super::csljson::load_csl_json_str(text, path),
        BibFormat::CslYaml => super::cslyaml::load_csl_yaml_str(text, path),
        BibFormat::Markdown => super::cslyaml::load_markdown_str(text, path),
        BibFormat::Ris => super::ris::load_ris_str(text, path),
        BibFormat::Bibtex => {
            let (refs, mut diags) = Loader::new(text, path).run();
            let content = text.lines().any(|l| {
                let l = l.trim().trim_start_matches('\u{FEFF}');
                !l.is_empty() && !l.starts_with('%')
            });
            if refs.is_empty() && content && !text.contains('@') {
                let line = text.lines().position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1);
                diags.push(
                    Diagnostic::error(
                        Code::BibUnknownFormat,
                        format!(
                            "{path}:{line}: not a bibliography: no BibTeX/BibLaTeX entry (`@type{{key, ...}}`), \
                             CSL-JSON, CSL-YAML, RIS record or Markdown `references:` found"
                        ),
                    )
                    .with_line(line)
                    .with_suggestion("pass a .bib, .json (CSL-JSON), .yaml (CSL-YAML), .ris or .md file"),
                );
            }
            (refs, diags)
        }
    }
}

/// A bibliography format `--bib` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BibFormat {
    /// BibTeX or BibLaTeX (`.bib`).
    Bibtex,
    /// CSL-JSON (`.json`).
    CslJson,
    /// CSL-YAML (`.yaml`, `.yml`).
    CslYaml,
    /// RIS (`.ris`).
    Ris,
    /// pandoc Markdown, its YAML metadata's `references:` (`.md`).
    Markdown,
}

/// The format of a bibliography: by content when it is unmistakable (a JSON text, a first
/// line `TY  - `, a first entry `@type{`), else by the extension of `path`, else by what
/// YAML looks like; BibTeX otherwise (BibTeX reads anything outside entries as comments).
pub fn detect_format(text: &str, path: &str) -> BibFormat {
    let ext =
        std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let markdown = matches!(ext.as_str(), "md" | "markdown" | "mdown" | "mkd" | "pandoc" | "rmd" | "qmd");
    if super::csljson::is_csl_json(text) {
        return BibFormat::CslJson;
    }
    if super::ris::is_ris(text) {
        return BibFormat::Ris;
    }
    let first =
        text.trim_start_matches('\u{FEFF}').lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('%'));
    if first.is_some_and(|l| l.starts_with('@')) && !markdown {
        return BibFormat::Bibtex;
    }
    match ext.as_str() {
        "json" => return BibFormat::CslJson,
        "yaml" | "yml" => return BibFormat::CslYaml,
        "ris" => return BibFormat::Ris,
        "bib" | "bibtex" | "biblatex" => return BibFormat::Bibtex,
        _ if markdown => return BibFormat::Markdown,
        _ => {}
    }
    if super::cslyaml::looks_like_yaml(text) { BibFormat::CslYaml } else { BibFormat::Bibtex }
}

/// Reads a file and calls [`load_bib_str`]; I/O errors become one error diagnostic.
///
/// Bytes that are not UTF-8 are replaced (with a warning) rather than refused.
pub fn load_bib_file(path: &Path) -> (Vec<Reference>, Vec<Diagnostic>) {
    let shown = path.display().to_string();
    match crate::load::read_file(path).map_err(|e| e.message_with_causes()) {
        // A UTF-16 database (with a byte order mark) is decoded, as documents are.
        Ok(bytes) if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) => {
            match crate::load::decode(&shown, bytes) {
                Ok((src, _)) => load_bib_str(&src.text, &shown),
                Err(e) => {
                    (Vec::new(), vec![Diagnostic::error(Code::BibIo, format!("{shown}: {}", e.message_with_causes()))])
                }
            }
        }
        Ok(bytes) if looks_binary(&bytes) => (
            Vec::new(),
            vec![
                Diagnostic::error(
                    Code::BibBinary,
                    format!("{shown}: not a .bib database (binary content); nothing was read"),
                )
                .with_suggestion("pass a BibLaTeX or BibTeX text file"),
            ],
        ),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => load_bib_str(&text, &shown),
            Err(e) => {
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let (refs, mut diags) = load_bib_str(&text, &shown);
                diags.insert(
                    0,
                    Diagnostic::warning(
                        Code::BibEncoding,
                        format!("{shown}: file is not valid UTF-8; invalid bytes were replaced"),
                    )
                    .with_suggestion("save the database as UTF-8"),
                );
                (refs, diags)
            }
        },
        Err(e) => (Vec::new(), vec![Diagnostic::error(Code::BibIo, format!("{shown}: {e}"))]),
    }
}

/// True when the database could not be read at all: missing, not a regular file, or
/// binary (the diagnostics [`load_bib_file`] gives for those).
pub fn unreadable(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| matches!(d.code, Code::BibIo | Code::BibBinary))
}

/// True for bytes that are no text database: a NUL byte in the first 8 KiB (as git
/// decides) before any `@`, or among more than 1% control bytes (and more than 16). One
/// stray NUL inside an entry of a real database does not make it binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let Some(nul) = memchr::memchr(0, head) else { return false };
    if memchr::memchr(b'@', &head[..nul]).is_none() {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls > 16.max(head.len() / 100)
}

/// True when loading produced any error diagnostic the user must fix (used to refuse
/// invalid files).
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_items_and_cuts_unterminated() {
        let t = "@article{a,\n title = {X}\n@book{b, title={Y}}\n";
        let items = split_items(t).0;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].broken, Some(Broken::Unterminated(Some(25))));
        assert_eq!(items[1].broken, None);
        assert_eq!(&t[items[1].start..items[1].end], "@book{b, title={Y}}");
    }

    #[test]
    fn binary_and_utf16_databases() {
        let dir = std::env::temp_dir().join(format!("citegraph-bib-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let text = "@book{k, author = {Okafor, Ada}, title = {Marsh}, year = {2019}}\n";
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        std::fs::write(dir.join("u.bib"), utf16).expect("write");
        let (refs, diags) = load_bib_file(&dir.join("u.bib"));
        assert_eq!((refs.len(), diags.len()), (1, 0), "{diags:?}");
        assert_eq!(refs[0].file.as_deref(), Some(dir.join("u.bib").display().to_string().as_str()));
        std::fs::write(dir.join("b.bib"), b"\x7fELF\x02\x01\x01\0\0\0@\0\0").expect("write");
        let (refs, diags) = load_bib_file(&dir.join("b.bib"));
        assert!(refs.is_empty() && unreadable(&diags) && diags.len() == 1, "{diags:?}");
        // One stray NUL inside an entry of a text database is not binary.
        assert!(!looks_binary(b"@book{k, title = {a\0b}}\n@book{j, title = {c}}\n"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn quoted_values_and_lone_dollars_read_as_biber_reads_them() {
        let (refs, diags) = load_bib_str(
            "@article{a, journal = \"Journal {\"}J{\"}\", title = {Price $5 only}, note = {$x$}, year = {2019}}\n",
            "t.bib",
        );
        assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:?}");
        assert_eq!(refs[0].container.as_deref(), Some("Journal \"J\""));
        assert_eq!(refs[0].title.as_deref(), Some("Price $5 only"));
        assert_eq!(refs[0].year.as_deref(), Some("2019"));
        assert!(refs[0].raw.contains("\"Journal {\"}J{\"}\""), "raw stays as written");
    }

    #[test]
    fn repeated_problems_are_summarised_and_deep_braces_refused() {
        let (_, diags) = load_bib_str(&"@".repeat(500), "x.bib");
        assert_eq!(diags.len(), MAX_SAME_DIAGNOSTICS + 1);
        assert!(diags.last().is_some_and(|d| d.message.contains("and 400 more `bib-syntax` problems")));
        let deep = format!("@article{{k, title = {{{}x{}}}, year = 2001}}", "{".repeat(100), "}".repeat(100));
        let (refs, diags) = load_bib_str(&deep, "x.bib");
        assert!(refs.is_empty() && diags.iter().any(|d| d.code == Code::BibTooDeep));
        let (refs, _) = load_bib_str("@article{k, title = {{{Deep}} enough}, year = 2001}", "x.bib");
        assert_eq!(refs.len(), 1);
    }

    #[test]
    fn comment_ends_at_first_brace() {
        let items = split_items("@comment{x, y={}, z}\n@misc{k, title={T}}").0;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].kind, ItemKind::Comment);
        assert_eq!(items[1].kind, ItemKind::Entry);
    }

    #[test]
    fn cleans_tex() {
        assert_eq!(clean(r"\emph{Foo}~bar  {Baz}"), "Foo bar Baz");
        assert_eq!(plain_pages("192–219"), "192-219");
        assert_eq!(plain_pages("775 – 784 vol.2"), "775-784 vol.2");
        assert_eq!(strip_doi("https://doi.org/10.1/x"), "10.1/x");
    }

    #[test]
    fn parenthesised_entry() {
        let (refs, diags) = load_bib_str("@book(k, title = {T (2nd)}, year = 2001)", "t.bib");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(refs[0].title.as_deref(), Some("T (2nd)"));
        assert_eq!(refs[0].year.as_deref(), Some("2001"));
    }

    #[test]
    fn string_redefinition_does_not_recurse() {
        let t = "@string{a = {x}}\n@string{a = a # {y}}\n@misc{k, title = a}";
        let (refs, diags) = load_bib_str(t, "t.bib");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(refs[0].title.as_deref(), Some("xy"));
    }

    #[test]
    fn crossref_cycle_is_cut() {
        let t = "@inbook{a, crossref = {b}, title = {A}}\n@book{b, crossref = {a}, title = {B}}";
        let (refs, diags) = load_bib_str(t, "t.bib");
        assert_eq!(refs.len(), 2);
        assert!(diags.iter().any(|d| d.code == Code::BibCrossrefCycle), "{diags:?}");
    }
}
