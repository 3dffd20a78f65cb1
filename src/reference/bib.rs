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

// ---------------------------------------------------------------------------------------
// Splitting the text into top-level items.

/// What a top-level `@...` item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Entry,
    Strings,
    Preamble,
    Comment,
}

/// Why an item could not be delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Broken {
    /// `@` not followed by an entry type.
    NoType,
    /// `@type` not followed by `{` or `(`.
    NoBrace,
    /// The item is not closed before the next entry header (at this offset) or EOF.
    Unterminated(Option<usize>),
}

/// One top-level item: `[start, end)` covers `@` through the closing delimiter.
#[derive(Debug, Clone)]
struct Item {
    kind: ItemKind,
    start: usize,
    end: usize,
    /// Offset of the opening delimiter.
    open: usize,
    broken: Option<Broken>,
    /// Deepest brace nesting inside the item.
    depth: usize,
}

fn is_id_continue(c: char) -> bool {
    !matches!(c, '@' | '{' | '}' | '"' | '#' | '\'' | '(' | ')' | ',' | '=' | '%' | '\\' | '~')
        && !c.is_control()
        && !c.is_whitespace()
}

fn is_id_start(c: char) -> bool {
    !matches!(c, ':' | '<' | '-' | '>') && is_id_continue(c)
}

/// End (exclusive) of the identifier starting at `at`; `at` when there is none.
fn ident_end(text: &str, at: usize) -> usize {
    let mut end = at;
    for (k, c) in text[at..].char_indices() {
        let ok = if k == 0 { is_id_start(c) } else { is_id_continue(c) };
        if !ok {
            break;
        }
        end = at + k + c.len_utf8();
    }
    end
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// True when a line starting at `pos` holds an item header: `@type{key,` for entries,
/// `@string{`, `@preamble{` or `@comment{` (spaces allowed before the `@`). Used to stop
/// an unterminated entry from swallowing the next one.
fn header_at(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    let mut i = pos;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if i >= b.len() || b[i] != b'@' {
        return false;
    }
    let t = i + 1;
    let te = ident_end(text, t);
    if te == t {
        return false;
    }
    let j = skip_ws(b, te);
    if j >= b.len() || (b[j] != b'{' && b[j] != b'(') {
        return false;
    }
    let kind = &text[t..te];
    if ["string", "preamble", "comment"].iter().any(|k| kind.eq_ignore_ascii_case(k)) {
        return true;
    }
    // An entry header: a key (possibly empty) and a comma on the same line.
    let mut k = j + 1;
    while k < b.len() && b[k] != b',' && b[k] != b'\n' && b[k] != b'}' && b[k] != b'{' {
        k += 1;
    }
    k < b.len() && b[k] == b','
}

/// Splits `text` into top-level items in one pass.
///
/// Stray `@`s not followed by a type are kept up to [`MAX_SAME_DIAGNOSTICS`]; the rest are
/// only counted (the second value), so `@` repeated does not cost an item per byte.
fn split_items(text: &str) -> (Vec<Item>, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let mut items = Vec::new();
    let (mut stray, mut stray_left_out) = (0usize, 0usize);
    let mut i = 0;
    while i < n {
        match b[i] {
            // The crate treats `%` outside entries as a line comment.
            b'%' => i = memchr::memchr(b'\n', &b[i..]).map_or(n, |k| i + k + 1),
            b'@' => {
                // `name@example.org` in free text between entries is not an entry.
                if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.') {
                    i += 1;
                    continue;
                }
                let (item, next) = scan_item(text, i);
                if item.broken == Some(Broken::NoType) {
                    stray += 1;
                    if stray > MAX_SAME_DIAGNOSTICS {
                        stray_left_out += 1;
                        i = next.max(i + 1);
                        continue;
                    }
                }
                items.push(item);
                i = next.max(i + 1);
            }
            _ => i += 1,
        }
    }
    (items, stray_left_out)
}

/// Scans one item starting at the `@` at `at`; returns it and where scanning resumes.
fn scan_item(text: &str, at: usize) -> (Item, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let t = at + 1;
    let te = ident_end(text, t);
    let mut item = Item { kind: ItemKind::Entry, start: at, end: te, open: te, broken: None, depth: 0 };
    if te == t {
        item.broken = Some(Broken::NoType);
        return (item, t);
    }
    let kind = &text[t..te];
    item.kind = if kind.eq_ignore_ascii_case("string") {
        ItemKind::Strings
    } else if kind.eq_ignore_ascii_case("preamble") {
        ItemKind::Preamble
    } else if kind.eq_ignore_ascii_case("comment") {
        ItemKind::Comment
    } else {
        ItemKind::Entry
    };
    let j = skip_ws(b, te);
    if j >= n || (b[j] != b'{' && b[j] != b'(') {
        item.broken = Some(Broken::NoBrace);
        item.end = j.min(n);
        return (item, j);
    }
    item.open = j;
    let paren = b[j] == b'(';
    if item.kind == ItemKind::Comment {
        // Like the crate: a comment ends at the first closing delimiter.
        let close = if paren { b')' } else { b'}' };
        match memchr::memchr(close, &b[j + 1..]) {
            Some(k) => {
                item.end = j + 1 + k + 1;
                let next = item.end;
                return (item, next);
            }
            None => {
                item.broken = Some(Broken::Unterminated(None));
                item.end = n;
                return (item, n);
            }
        }
    }
    let mut depth = 0usize;
    let mut expect_value = false;
    let mut in_quote = false;
    let mut quote_depth = 0usize;
    let mut k = j + 1;
    while k < n {
        let c = b[k];
        if c == b'\n' {
            if header_at(text, k + 1) {
                let next = k + 1 + (skip_ws(b, k + 1) - (k + 1));
                item.broken = Some(Broken::Unterminated(Some(next)));
                item.end = k;
                return (item, next);
            }
            k += 1;
            continue;
        }
        if in_quote {
            // Braces nest inside a quoted value, and a `"` inside them is a character
            // (`"Journal {"}J{"}"`), as BibTeX and biber read it.
            match c {
                b'\\' => k += 2,
                b'{' => {
                    quote_depth += 1;
                    k += 1;
                }
                b'}' => {
                    quote_depth = quote_depth.saturating_sub(1);
                    k += 1;
                }
                b'"' if quote_depth == 0 => {
                    in_quote = false;
                    k += 1;
                }
                _ => k += 1,
            }
            continue;
        }
        match c {
            b'\\' => {
                // An escaped character never counts as a delimiter; keep newlines visible.
                k += if k + 1 < n && b[k + 1] == b'\n' { 1 } else { 2 };
                continue;
            }
            b'{' => {
                depth += 1;
                item.depth = item.depth.max(depth);
                expect_value = false;
            }
            b'}' => {
                if depth == 0 {
                    if !paren {
                        item.end = k + 1;
                        return (item, k + 1);
                    }
                } else {
                    depth -= 1;
                }
            }
            b')' if paren && depth == 0 => {
                item.end = k + 1;
                return (item, k + 1);
            }
            b'"' if depth == 0 && expect_value => {
                in_quote = true;
                quote_depth = 0;
            }
            b'%' if depth == 0 => {
                k = memchr::memchr(b'\n', &b[k..]).map_or(n, |m| k + m);
                continue;
            }
            b'=' | b'#' if depth == 0 => expect_value = true,
            c if c.is_ascii_whitespace() => {}
            _ if depth == 0 => expect_value = false,
            _ => {}
        }
        k += 1;
    }
    item.broken = Some(Broken::Unterminated(None));
    item.end = n;
    (item, n)
}

/// Stands in for a `$` that opens no math (see [`value_edits`]); same length, so offsets hold.
const LONE_DOLLAR: u8 = 0x1A;

/// Same-length edits that let the `biblatex` crate read what BibTeX and biber read:
///
/// * a quoted value becomes a braced one (`"Journal {"}J{"}"` → `{Journal {"}J{"}}`): the
///   crate ends a quoted value at the first `"`, even inside braces, and loses the rest of
///   the entry; braced and quoted values mean the same in BibTeX;
/// * in a value with an odd number of unescaped `$` (`{Price $5 only}`), each `$` becomes
///   [`LONE_DOLLAR`]: biber takes it as text, the crate would drop the field as unclosed
///   math. [`unmask_dollars`] turns them back into `$` in the loaded fields.
fn value_edits(text: &str, it: &Item) -> Vec<(usize, u8)> {
    let b = text.as_bytes();
    let end = it.end.min(b.len()).saturating_sub(1);
    let mut edits = Vec::new();
    let mut dollars: Vec<usize> = Vec::new();
    let flush = |dollars: &mut Vec<usize>, edits: &mut Vec<(usize, u8)>| {
        if !dollars.len().is_multiple_of(2) {
            edits.extend(dollars.iter().map(|&d| (d, LONE_DOLLAR)));
        }
        dollars.clear();
    };
    let (mut depth, mut quote_depth, mut in_quote) = (0usize, 0usize, false);
    let mut k = it.open + 1;
    while k < end {
        let c = b[k];
        if c == b'\\' {
            k += 2;
            continue;
        }
        if in_quote {
            match c {
                b'{' => quote_depth += 1,
                b'}' => quote_depth = quote_depth.saturating_sub(1),
                b'"' if quote_depth == 0 => {
                    in_quote = false;
                    edits.push((k, b'}'));
                }
                b'$' => dollars.push(k),
                _ => {}
            }
        } else {
            match c {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'"' if depth == 0 => {
                    in_quote = true;
                    quote_depth = 0;
                    edits.push((k, b'{'));
                }
                b',' if depth == 0 => flush(&mut dollars, &mut edits),
                b'%' if depth == 0 => {
                    k = memchr::memchr(b'\n', &b[k..end]).map_or(end, |m| k + m);
                    continue;
                }
                b'$' if depth > 0 => dollars.push(k),
                _ => {}
            }
        }
        k += 1;
    }
    if in_quote {
        // An unclosed quote: leave the item as written, the crate reports it.
        return Vec::new();
    }
    flush(&mut dollars, &mut edits);
    edits
}

/// Turns [`LONE_DOLLAR`] back into `$` in every text field of a loaded reference.
fn unmask_dollars(r: &mut Reference) {
    let fix = |s: &mut String| {
        if s.contains(LONE_DOLLAR as char) {
            *s = s.replace(LONE_DOLLAR as char, "$");
        }
    };
    for f in [
        &mut r.title,
        &mut r.container,
        &mut r.volume,
        &mut r.issue,
        &mut r.pages,
        &mut r.edition,
        &mut r.publisher,
        &mut r.place,
        &mut r.year,
    ]
    .into_iter()
    .flatten()
    {
        fix(f);
    }
    for p in r.authors.iter_mut().chain(r.editors.iter_mut()) {
        for f in [&mut p.family, &mut p.given, &mut p.literal, &mut p.suffix].into_iter().flatten() {
            fix(f);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Loading.

/// One parsed entry, with spans absolute in the text.
struct Parsed<'s> {
    item: usize,
    key: &'s str,
    kind: String,
    raw: RawEntry<'s>,
}

struct Loader<'t> {
    text: &'t str,
    path: &'t str,
    line_starts: Vec<usize>,
    diags: Vec<Diagnostic>,
    /// (span start, code) of diagnostics already given, so shared ancestors report once.
    reported: HashSet<(usize, Code)>,
    /// Diagnostics given per code, and those left out beyond [`MAX_SAME_DIAGNOSTICS`]
    /// (count, highest severity).
    per_code: HashMap<Code, usize>,
    left_out: HashMap<Code, (usize, Severity)>,
    /// Chunks macro expansion may still produce (see [`MAX_EXPANSION_CHUNKS`]).
    expansion_budget: usize,
}

impl<'t> Loader<'t> {
    fn new(text: &'t str, path: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Loader {
            text,
            path,
            line_starts,
            diags: Vec::new(),
            reported: HashSet::new(),
            per_code: HashMap::new(),
            left_out: HashMap::new(),
            expansion_budget: MAX_EXPANSION_CHUNKS + text.len(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// Adds a diagnostic `path:line: message` at `at`, once per (`at`, `code`); beyond
    /// [`MAX_SAME_DIAGNOSTICS`] of one code they are only counted (see [`Loader::summarise`]),
    /// so a hostile file cannot print (or hold) one line per byte.
    fn report(&mut self, severity: Severity, code: Code, span: Span, message: String, suggestion: Option<&str>) {
        let given = self.per_code.entry(code).or_insert(0);
        if *given >= MAX_SAME_DIAGNOSTICS {
            if !self.reported.contains(&(span.start, code)) {
                let e = self.left_out.entry(code).or_insert((0, severity));
                e.0 += 1;
                e.1 = e.1.max(severity);
            }
            return;
        }
        if !self.reported.insert((span.start, code)) {
            return;
        }
        *given += 1;
        let line = self.line_of(span.start);
        let mut d = Diagnostic::new(severity, code, format!("{}:{}: {}", self.path, line, message))
            .with_file(self.path)
            .with_line(line)
            .with_span(span);
        if let Some(s) = suggestion {
            d = d.with_suggestion(s);
        }
        self.diags.push(d);
    }

    /// `@type{key` of the item, for messages.
    fn head(&self, item: &Item) -> String {
        let end = item.end.min(self.text.len());
        let s = &self.text[item.start..end];
        let cut = s.find([',', '\n']).unwrap_or(s.len()).min(60);
        let mut cut = cut;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s[..cut].trim_end().to_string()
    }

    fn run(mut self) -> (Vec<Reference>, Vec<Diagnostic>) {
        let (items, stray_left_out) = split_items(self.text);
        if stray_left_out > 0 {
            self.left_out.insert(Code::BibSyntax, (stray_left_out, Severity::Error));
        }
        // The crate only knows `{...}` items: turn `@type(...)` into `@type{...}`, which keeps
        // every byte offset.
        let mut norm_bytes: Option<Vec<u8>> = None;
        for it in &items {
            if it.broken.is_none() && it.kind != ItemKind::Comment && self.text.as_bytes().get(it.open) == Some(&b'(') {
                let nb = norm_bytes.get_or_insert_with(|| self.text.as_bytes().to_vec());
                nb[it.open] = b'{';
                nb[it.end - 1] = b'}';
            }
            if it.broken.is_none() && matches!(it.kind, ItemKind::Entry | ItemKind::Strings) {
                for (at, byte) in value_edits(self.text, it) {
                    norm_bytes.get_or_insert_with(|| self.text.as_bytes().to_vec())[at] = byte;
                }
            }
        }
        let norm_owned = norm_bytes.map(|v| String::from_utf8(v).unwrap_or_default());
        let norm: &str = match &norm_owned {
            Some(s) if s.len() == self.text.len() => s,
            _ => self.text,
        };

        let mut macros: HashMap<String, Field<'_>> = HashMap::new();
        let mut parsed: Vec<Parsed<'_>> = Vec::new();
        for (idx, it) in items.iter().enumerate() {
            if let Some(why) = it.broken {
                self.report_broken(it, why);
                continue;
            }
            match it.kind {
                ItemKind::Comment | ItemKind::Preamble => {}
                ItemKind::Strings => self.parse_strings(norm, it, &mut macros),
                ItemKind::Entry => {
                    if let Some(p) = self.parse_entry(norm, idx, it) {
                        parsed.push(p);
                    }
                }
            }
        }

        // Duplicate keys: keep the first.
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        let mut keep = vec![true; parsed.len()];
        for (i, p) in parsed.iter().enumerate() {
            if let Some(&first) = by_key.get(p.key) {
                keep[i] = false;
                let (a, b) = (&items[parsed[first].item], &items[p.item]);
                let first_line = self.line_of(a.start);
                let same = squash(&self.text[a.start..a.end]) == squash(&self.text[b.start..b.end]);
                let span = Span::new(b.start, b.end);
                if same {
                    self.report(
                        Severity::Warning,
                        Code::BibDuplicateKey,
                        span,
                        format!(
                            "entry `{}` repeats the identical entry at line {first_line}; the repeat is ignored",
                            p.key
                        ),
                        Some("delete the repeated entry"),
                    );
                } else {
                    self.report(
                        Severity::Error,
                        Code::BibDuplicateKey,
                        span,
                        format!(
                            "duplicate key `{}`: already used by a different entry at line {first_line}; this entry is ignored",
                            p.key
                        ),
                        Some("give one of the entries a different key"),
                    );
                }
            } else {
                by_key.insert(p.key, i);
            }
        }

        // Expand macros in every kept entry.
        for (i, p) in parsed.iter_mut().enumerate() {
            if !keep[i] {
                continue;
            }
            for pair in &mut p.raw.fields {
                let field = std::mem::take(&mut pair.value.v);
                pair.value.v = self.expand(field, &macros, true);
            }
        }

        let mut refs = Vec::new();
        for i in 0..parsed.len() {
            if !keep[i] {
                continue;
            }
            // `@xdata` entries only hold fields for others to inherit; they are not works.
            if parsed[i].kind == "xdata" {
                continue;
            }
            if let Some(mut r) = self.resolve(i, &parsed, &by_key, &items) {
                r.id = format!("b{}", refs.len() + 1);
                refs.push(r);
            }
        }
        self.diags.sort_by_key(|d| d.line.unwrap_or(0));
        self.summarise();
        (refs, self.diags)
    }

    /// One line per code whose diagnostics were left out: `and N more like this`.
    fn summarise(&mut self) {
        let mut left: Vec<(Code, (usize, Severity))> = self.left_out.drain().collect();
        left.sort_by_key(|&(code, _)| code);
        for (code, (n, severity)) in left {
            self.diags.push(Diagnostic::new(
                severity,
                code,
                format!(
                    "{}: and {n} more `{code}` problems like this (only the first {MAX_SAME_DIAGNOSTICS} are listed)",
                    self.path
                ),
            ));
        }
    }

    fn report_broken(&mut self, it: &Item, why: Broken) {
        let head = self.head(it);
        let span = Span::new(it.start, it.end);
        match why {
            Broken::NoType => self.report(
                Severity::Error,
                Code::BibSyntax,
                span,
                "`@` is not followed by an entry type".to_string(),
                Some("write `@type{key, ...}` or remove the `@`"),
            ),
            Broken::NoBrace => self.report(
                Severity::Error,
                Code::BibSyntax,
                span,
                format!("`{head}` is not followed by `{{`"),
                Some("write the entry as `@type{key, field = {value}}`"),
            ),
            Broken::Unterminated(next) => {
                let before = match next {
                    Some(n) => format!("before the next entry at line {}", self.line_of(n)),
                    None => "before the end of the file".to_string(),
                };
                self.report(
                    Severity::Error,
                    Code::BibUnterminatedEntry,
                    span,
                    format!("unterminated entry `{head}`: its closing `}}` is missing {before}"),
                    Some("balance the braces of this entry"),
                );
            }
        }
    }

    fn syntax_error(&mut self, it: &Item, at: usize, kind: &ParseErrorKind) {
        let head = self.head(it);
        let what = describe_parse_error(kind);
        let line = self.line_of(at);
        let start_line = self.line_of(it.start);
        let msg = if line == start_line {
            format!("{what} in `{head}`; the entry is ignored")
        } else {
            format!("{what} in `{head}` (line {start_line}); the entry is ignored")
        };
        self.report(
            Severity::Error,
            Code::BibSyntax,
            Span::new(at, at.max(it.start)),
            msg,
            Some("write fields as `name = {value},`"),
        );
    }

    /// True (after reporting it) when the item nests braces deeper than [`MAX_BRACE_DEPTH`].
    fn too_deep(&mut self, it: &Item) -> bool {
        if it.depth <= MAX_BRACE_DEPTH {
            return false;
        }
        let head = self.head(it);
        self.report(
            Severity::Error,
            Code::BibTooDeep,
            Span::new(it.start, it.end),
            format!(
                "`{head}` nests braces {} deep (at most {MAX_BRACE_DEPTH} are read); the entry is ignored",
                it.depth
            ),
            Some("remove the extra braces"),
        );
        true
    }

    fn parse_strings<'s>(&mut self, norm: &'s str, it: &Item, macros: &mut HashMap<String, Field<'s>>) {
        if self.too_deep(it) {
            return;
        }
        let slice = &norm[it.start..it.end];
        let raw = match catch_unwind(|| RawBibliography::parse(slice)) {
            Ok(Ok(raw)) => raw,
            Ok(Err(e)) => return self.syntax_error(it, it.start + e.span.start, &e.kind),
            Err(_) => return self.syntax_error(it, it.start, &ParseErrorKind::MalformedCommand),
        };
        for mut pair in raw.abbreviations {
            shift_field(&mut pair.value.v, it.start);
            let value = self.expand(pair.value.v, macros, false);
            macros.insert(pair.key.v.to_lowercase(), value);
        }
    }

    fn parse_entry<'s>(&mut self, norm: &'s str, idx: usize, it: &Item) -> Option<Parsed<'s>> {
        if self.too_deep(it) {
            return None;
        }
        let slice = &norm[it.start..it.end];
        let raw = match catch_unwind(|| RawBibliography::parse(slice)) {
            Ok(Ok(raw)) => raw,
            Ok(Err(e)) => {
                self.syntax_error(it, it.start + e.span.start, &e.kind);
                return None;
            }
            Err(_) => {
                self.syntax_error(it, it.start, &ParseErrorKind::MalformedCommand);
                return None;
            }
        };
        let mut entry = raw.entries.into_iter().next()?.v;
        if entry.key.v.trim().is_empty() {
            let head = self.head(it);
            self.report(
                Severity::Error,
                Code::BibMissingKey,
                Span::new(it.start, it.end),
                format!("entry `{head}` has no citation key; the entry is ignored"),
                Some("write `@type{key, ...}`"),
            );
            return None;
        }
        for pair in &mut entry.fields {
            pair.key.span.start += it.start;
            pair.key.span.end += it.start;
            pair.value.span.start += it.start;
            pair.value.span.end += it.start;
            shift_field(&mut pair.value.v, it.start);
        }
        Some(Parsed { item: idx, key: entry.key.v, kind: entry.kind.v.to_ascii_lowercase(), raw: entry })
    }

    /// Replaces macro references by their (already expanded) values. Month abbreviations
    /// the file does not define are left to the crate. Unknown macros become empty with an
    /// error.
    fn expand<'s>(&mut self, field: Field<'s>, macros: &HashMap<String, Field<'s>>, in_entry: bool) -> Field<'s> {
        if !field.iter().any(|c| matches!(c.v, RawChunk::Abbreviation(_))) {
            return field;
        }
        let mut out: Field<'s> = Vec::with_capacity(field.len());
        for c in field {
            let RawChunk::Abbreviation(name) = c.v else {
                out.push(c);
                continue;
            };
            if let Some(v) = macros.get(&name.to_lowercase()) {
                if out.len() + v.len() > MAX_MACRO_CHUNKS || v.len() > self.expansion_budget {
                    self.report(
                        Severity::Error,
                        Code::BibStringTooLarge,
                        Span::new(c.span.start, c.span.end),
                        format!("the expansion of string macro `{name}` is too large"),
                        None,
                    );
                    continue;
                }
                self.expansion_budget -= v.len();
                out.extend(v.iter().cloned());
            } else if is_month(name) {
                out.push(c);
            } else {
                let what = if in_entry { "entry field" } else { "@string definition" };
                self.report(
                    Severity::Error,
                    Code::BibUndefinedString,
                    Span::new(c.span.start, c.span.end),
                    format!("undefined string macro `{name}` in {what}; it is read as empty"),
                    Some("define it with `@string{name = {value}}` or put the value in braces"),
                );
                out.push(BSpanned::new(RawChunk::Normal(""), c.span));
            }
        }
        out
    }

    /// Builds the entry's family (itself plus crossref/xdata ancestors), resolves it with the
    /// crate and converts the result.
    fn resolve<'s>(
        &mut self,
        i: usize,
        parsed: &[Parsed<'s>],
        by_key: &HashMap<&str, usize>,
        items: &[Item],
    ) -> Option<Reference> {
        let mut family: Vec<(usize, RawEntry<'s>)> = vec![(i, parsed[i].raw.clone())];
        let mut path = vec![i];
        self.collect_ancestors(0, parsed, by_key, &mut family, &mut path);

        let it = &items[parsed[i].item];
        let entry = loop {
            let bib = RawBibliography {
                preamble: String::new(),
                entries: family
                    .iter()
                    .map(|(k, e)| {
                        let item = &items[parsed[*k].item];
                        BSpanned::new(e.clone(), item.start..item.end)
                    })
                    .collect(),
                abbreviations: Vec::new(),
            };
            match catch_unwind(AssertUnwindSafe(|| Bibliography::from_raw(bib))) {
                Ok(Ok(bib)) => break bib.into_vec().into_iter().next()?,
                Ok(Err(e)) => {
                    // Find the field the error is in and drop it.
                    let at = e.span.start;
                    let hit = family.iter().enumerate().find_map(|(m, (_, entry))| {
                        entry.fields.iter().position(|p| field_contains(p, at)).map(|f| (m, f))
                    });
                    let Some((m, f)) = hit else {
                        let head = self.head(it);
                        self.report(
                            Severity::Error,
                            Code::BibSyntax,
                            Span::new(it.start, it.end),
                            format!("{} in `{head}`; the entry is ignored", describe_parse_error(&e.kind)),
                            None,
                        );
                        return None;
                    };
                    let pair = family[m].1.fields.remove(f);
                    let owner = parsed[family[m].0].key;
                    self.report(
                        Severity::Error,
                        Code::BibBadField,
                        Span::new(at, e.span.end),
                        format!(
                            "field `{}` of `{owner}`: {}; the field is ignored",
                            pair.key.v.to_lowercase(),
                            describe_parse_error(&e.kind)
                        ),
                        Some("check braces, `$` and backslash commands in this field"),
                    );
                }
                Err(_) => {
                    // The crate panicked (it does on some malformed dates of parents):
                    // fall back to the entry without inheritance.
                    if family.len() > 1 {
                        family.truncate(1);
                        let own = &mut family[0].1;
                        own.fields.retain(|p| {
                            !p.key.v.eq_ignore_ascii_case("crossref") && !p.key.v.eq_ignore_ascii_case("xdata")
                        });
                        self.report(
                            Severity::Error,
                            Code::BibCrossref,
                            Span::new(it.start, it.end),
                            format!(
                                "`{}` could not inherit from its crossref/xdata parents; fields are taken from the entry alone",
                                parsed[i].key
                            ),
                            None,
                        );
                    } else {
                        let head = self.head(it);
                        self.report(
                            Severity::Error,
                            Code::BibSyntax,
                            Span::new(it.start, it.end),
                            format!("`{head}` could not be read; the entry is ignored"),
                            None,
                        );
                        return None;
                    }
                }
            }
        };
        let own = Span::new(it.start, it.end);
        self.check_fields(&entry, own);
        let mut r = self.convert(&entry, &parsed[i], it);
        unmask_dollars(&mut r);
        Some(r)
    }

    /// Depth-first walk over `crossref`/`xdata` parents of `family[node]`, cutting cycles and
    /// over-long families.
    fn collect_ancestors<'s>(
        &mut self,
        node: usize,
        parsed: &[Parsed<'s>],
        by_key: &HashMap<&str, usize>,
        family: &mut Vec<(usize, RawEntry<'s>)>,
        path: &mut Vec<usize>,
    ) {
        let me = family[node].0;
        let mut drop_fields: Vec<usize> = Vec::new();
        let links: Vec<(usize, String, Span)> = family[node]
            .1
            .fields
            .iter()
            .enumerate()
            .filter(|(_, p)| p.key.v.eq_ignore_ascii_case("crossref") || p.key.v.eq_ignore_ascii_case("xdata"))
            .flat_map(|(fi, p)| {
                let span = Span::new(p.value.span.start, p.value.span.end);
                let text: String = p
                    .value
                    .v
                    .iter()
                    .map(|c| match c.v {
                        RawChunk::Normal(s) | RawChunk::Abbreviation(s) => s,
                    })
                    .collect();
                text.split(',')
                    .map(|k| k.trim().trim_matches(['{', '}']).trim().to_string())
                    .filter(|k| !k.is_empty())
                    .map(|k| (fi, k, span))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (fi, key, span) in links {
            let Some(&parent) = by_key.get(key.as_str()) else {
                self.report(
                    Severity::Warning,
                    Code::BibCrossrefMissing,
                    span,
                    format!("`{}` inherits from `{key}`, which is not in the database", parsed[me].key),
                    Some("add the parent entry or remove the crossref/xdata field"),
                );
                continue;
            };
            if path.contains(&parent) {
                self.report(
                    Severity::Error,
                    Code::BibCrossrefCycle,
                    span,
                    format!(
                        "circular inheritance: `{}` inherits from `{key}`, which inherits back from it; the link is ignored",
                        parsed[me].key
                    ),
                    Some("remove one of the crossref/xdata fields of the cycle"),
                );
                drop_fields.push(fi);
                continue;
            }
            if family.iter().any(|(k, _)| *k == parent) {
                continue;
            }
            if family.len() >= MAX_FAMILY {
                self.report(
                    Severity::Error,
                    Code::BibCrossrefDepth,
                    span,
                    format!(
                        "inheritance of `{}` involves more than {MAX_FAMILY} entries; `{key}` is ignored",
                        parsed[me].key
                    ),
                    None,
                );
                drop_fields.push(fi);
                continue;
            }
            family.push((parent, parsed[parent].raw.clone()));
            let child = family.len() - 1;
            path.push(parent);
            self.collect_ancestors(child, parsed, by_key, family, path);
            path.pop();
        }
        if !drop_fields.is_empty() {
            let fields = &mut family[node].1.fields;
            let mut k = 0;
            fields.retain(|_| {
                let keep = !drop_fields.contains(&k);
                k += 1;
                keep
            });
        }
    }

    /// Checks values the crate accepts but that are wrong or suspicious.
    fn check_fields(&mut self, entry: &biblatex::Entry, own: Span) {
        for name in ["date", "urldate", "eventdate", "origdate"] {
            let Some(chunks) = entry.get(name) else {
                continue;
            };
            let sp = chunks.span();
            if !own.contains(Span::new(sp.start, sp.end)) {
                continue; // inherited: reported at the parent
            }
            let value = chunks.format_verbatim();
            let ok = !value.chars().any(|c| c.is_numeric() && !c.is_ascii_digit())
                && catch_unwind(|| Date::parse(chunks).is_ok()).unwrap_or(false);
            if !ok {
                self.report(
                    Severity::Error,
                    Code::BibInvalidDate,
                    Span::new(sp.start, sp.end),
                    format!("field `{name}` of `{}`: `{}` is not a valid date", entry.key, value.trim()),
                    Some("write dates as YYYY, YYYY-MM or YYYY-MM-DD (ranges as A/B)"),
                );
            }
        }
        for name in ["pagination", "bookpagination"] {
            let Some(chunks) = entry.get(name) else {
                continue;
            };
            let sp = chunks.span();
            let v = chunks.format_verbatim().trim().to_lowercase();
            let known = ["page", "column", "line", "verse", "section", "paragraph", "none", ""];
            if own.contains(Span::new(sp.start, sp.end)) && !known.contains(&v.as_str()) {
                self.report(
                    Severity::Warning,
                    Code::BibBadPagination,
                    Span::new(sp.start, sp.end),
                    format!("field `{name}` of `{}`: `{v}` is not a pagination scheme", entry.key),
                    Some("use page, column, line, verse, section, paragraph or none"),
                );
            }
        }
        if let Some(chunks) = entry.get("pages") {
            let sp = chunks.span();
            let v = chunks.format_verbatim();
            if own.contains(Span::new(sp.start, sp.end)) {
                for part in v.split([',', ';']) {
                    let ends: Vec<&str> = part.split(['-', '–', '—']).map(str::trim).collect();
                    if ends.len() == 2 && ends.iter().any(|e| !is_page_number(e)) {
                        self.report(
                            Severity::Warning,
                            Code::BibBadPages,
                            Span::new(sp.start, sp.end),
                            format!("field `pages` of `{}`: `{}` is not a page range", entry.key, part.trim()),
                            Some("write page ranges as `first--last`"),
                        );
                        break;
                    }
                }
            }
        }
    }

    fn convert(&self, e: &biblatex::Entry, p: &Parsed<'_>, it: &Item) -> Reference {
        let text = |name: &str| -> Option<String> {
            let s = clean(&e.get(name)?.format_verbatim());
            (!s.is_empty()).then_some(s)
        };
        let verb = |name: &str| -> Option<String> {
            let s = e.get(name)?.format_verbatim().trim().to_string();
            (!s.is_empty()).then_some(s)
        };
        let first = |names: &[&str]| names.iter().find_map(|n| text(n));

        let (authors, et_al) = e.get("author").map(names).unwrap_or_default();
        let (editors, _) = e.get("editor").map(names).unwrap_or_default();
        let mut title = text("title");
        if let (Some(t), Some(sub)) = (title.as_mut(), text("subtitle")) {
            if !t.ends_with(['?', '!', ':', '.']) {
                t.push(':');
            }
            t.push(' ');
            t.push_str(&sub);
        }
        let kind = entry_type(&p.kind);
        let container = first(&["journaltitle", "journal", "booktitle"]);
        let doi = verb("doi").map(|d| strip_doi(&d));
        Reference {
            id: String::new(),
            line: self.line_of(it.start),
            span: Some(Span::new(it.start, it.end)),
            key: p.key.to_string(),
            kind,
            authors,
            et_al,
            year: year_of(e),
            title,
            container,
            volume: text("volume"),
            issue: first(&["number", "issue"]),
            pages: text("pages").map(|s| plain_pages(&s)),
            edition: text("edition"),
            editors,
            publisher: first(&["publisher", "institution", "school", "organization"]),
            place: first(&["location", "address"]),
            doi,
            url: verb("url"),
            accessed: verb("urldate"),
            raw: self.text[it.start..it.end].to_string(),
            file: Some(self.path.to_string()),
        }
    }
}

/// Adds `off` to the spans of a field's chunks.
fn shift_field(field: &mut Field<'_>, off: usize) {
    for c in field {
        c.span.start += off;
        c.span.end += off;
    }
}

/// True when the error offset `at` lies in the value of `pair`.
fn field_contains(pair: &biblatex::Pair<'_>, at: usize) -> bool {
    (pair.value.span.start <= at && at <= pair.value.span.end)
        || pair.value.v.iter().any(|c| c.span.start <= at && at <= c.span.end)
}

fn is_month(name: &str) -> bool {
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .any(|m| name.eq_ignore_ascii_case(m))
}

/// Whitespace-insensitive form of an entry's text, to tell identical duplicates.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn describe_parse_error(kind: &ParseErrorKind) -> String {
    use biblatex::Token;
    match kind {
        ParseErrorKind::UnexpectedEof => "unexpected end of entry (unclosed brace, quote or `$`)".to_string(),
        ParseErrorKind::Expected(Token::Equals) => "expected `=` after the field name".to_string(),
        ParseErrorKind::Expected(Token::Comma) => "expected `,` between fields".to_string(),
        ParseErrorKind::Expected(Token::Identifier) => "expected a field name".to_string(),
        ParseErrorKind::Expected(t) => format!("expected {t}"),
        ParseErrorKind::Unexpected(t) => format!("unexpected {t}"),
        ParseErrorKind::MalformedCommand => "malformed TeX command".to_string(),
        ParseErrorKind::UnknownAbbreviation(s) => format!("undefined string macro `{s}`"),
        ParseErrorKind::DuplicateKey(s) => format!("duplicate key `{s}`"),
        ParseErrorKind::ResolutionError(k) => format!("cannot inherit field: {k}"),
        other => other.to_string(),
    }
}

fn entry_type(kind: &str) -> EntryType {
    match kind {
        "article" | "suppperiodical" => EntryType::Article,
        "book" | "mvbook" | "collection" | "mvcollection" | "booklet" | "reference" | "mvreference" | "proceedings"
        | "mvproceedings" | "manual" => EntryType::Book,
        "inbook" | "incollection" | "bookinbook" | "suppbook" | "suppcollection" | "inreference" => EntryType::Chapter,
        "inproceedings" | "conference" => EntryType::Proceedings,
        "report" | "techreport" => EntryType::Report,
        "thesis" | "phdthesis" | "mastersthesis" => EntryType::Thesis,
        "online" | "www" | "electronic" => EntryType::Webpage,
        "dataset" | "software" | "data" => EntryType::Dataset,
        "legislation" | "jurisdiction" | "legal" => EntryType::Legal,
        _ => EntryType::Misc,
    }
}

/// Authors or editors from a name list; the flag is true when the list ends in `others`.
fn names(chunks: &[BSpanned<Chunk>]) -> (Vec<Person>, bool) {
    let mut people = Vec::new();
    let mut et_al = false;
    for piece in split_names(chunks) {
        let piece: Vec<BSpanned<Chunk>> =
            piece.into_iter().filter(|c| !(matches!(c.v, Chunk::Normal(_)) && c.v.get().trim().is_empty())).collect();
        if piece.is_empty() {
            continue;
        }
        if let [one] = piece.as_slice() {
            match &one.v {
                Chunk::Verbatim(s) => {
                    let s = clean(s);
                    if !s.is_empty() {
                        people.push(Person::literal(s));
                    }
                    continue;
                }
                Chunk::Normal(s) if s.trim() == "others" => {
                    et_al = true;
                    continue;
                }
                _ => {}
            }
        }
        let p = catch_unwind(|| biblatex::Person::parse(&piece)).ok();
        let Some(p) = p else { continue };
        let family = clean(&format!("{} {}", p.prefix, p.name));
        let given = clean(&p.given_name);
        let suffix = clean(&p.suffix);
        let person = match (family.is_empty(), given.is_empty()) {
            (true, true) => continue,
            (true, false) => Person::name(given, None),
            (false, _) => Person::name(family, (!given.is_empty()).then_some(given)),
        };
        people.push(Person { suffix: (!suffix.is_empty()).then_some(suffix), ..person });
    }
    (people, et_al)
}

/// Splits a name list at ` and ` (any case) outside braces.
fn split_names(chunks: &[BSpanned<Chunk>]) -> Vec<Vec<BSpanned<Chunk>>> {
    let mut out = Vec::new();
    let mut cur: Vec<BSpanned<Chunk>> = Vec::new();
    for c in chunks {
        let Chunk::Normal(s) = &c.v else {
            cur.push(c.clone());
            continue;
        };
        let b = s.as_bytes();
        let mut seg = 0;
        let mut i = 1;
        while i + 4 <= b.len() {
            if b[i - 1].is_ascii_whitespace()
                && b[i..i + 3].eq_ignore_ascii_case(b"and")
                && b[i + 3].is_ascii_whitespace()
            {
                cur.push(BSpanned::new(Chunk::Normal(s[seg..i].to_string()), c.span.clone()));
                out.push(std::mem::take(&mut cur));
                seg = i + 3;
                i += 4;
            } else {
                i += 1;
            }
        }
        cur.push(BSpanned::new(Chunk::Normal(s[seg..].to_string()), c.span.clone()));
    }
    out.push(cur);
    out
}

/// Removes TeX left over after the crate's conversion: unknown commands (keeping their
/// arguments), grouping braces and `~`; collapses whitespace.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !name.is_empty() {
                    out.push_str(command_text(&name));
                    if chars.peek() == Some(&' ') {
                        chars.next();
                    }
                } else if let Some(n) = chars.next() {
                    // `\,`, `\;`, `\ ` and `\\` are spaces or line breaks.
                    out.push(if matches!(n, '\\' | ',' | ';' | ':' | '!' | ' ') { ' ' } else { n });
                }
            }
            '{' | '}' => {}
            '~' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an unknown command left by the crate stands for: logos keep their name, a few
/// spacing commands become text, anything else (`\\emph`, `\\relax`) disappears.
fn command_text(name: &str) -> &str {
    match name {
        "TeX" | "LaTeX" | "BibTeX" | "XeTeX" | "LuaTeX" | "pdfTeX" | "ConTeXt" | "METAFONT" | "MF" | "MP" => name,
        "LaTeXe" => "LaTeX2e",
        "hyphen" | "textendash" => "-",
        "slash" => "/",
        "space" | "quad" | "qquad" | "nobreakspace" | "enspace" | "thinspace" => " ",
        "textampersand" => "&",
        _ => "",
    }
}

/// Page range with plain hyphens: `192--219` → `192-219`.
fn plain_pages(s: &str) -> String {
    let s: String = s.chars().map(|c| if matches!(c, '–' | '—' | '‐' | '‑') { '-' } else { c }).collect();
    let mut s = s.replace("--", "-");
    while s.contains(" -") || s.contains("- ") {
        s = s.replace(" -", "-").replace("- ", "-");
    }
    s
}

fn is_page_number(s: &str) -> bool {
    !s.is_empty() && (s.chars().any(|c| c.is_ascii_digit()) || s.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)))
}

fn strip_doi(d: &str) -> String {
    let lower = d.to_ascii_lowercase();
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"] {
        if lower.starts_with(prefix) {
            return d[prefix.len()..].trim().to_string();
        }
    }
    d.to_string()
}

/// The year: from `date` (its first year), else `year` as written when it is a year
/// (a letter suffix written in the file is kept), else `n.d.`/`in press`/`forthcoming`.
fn year_of(e: &biblatex::Entry) -> Option<String> {
    if let Some(d) = e.get("date") {
        let s = d.format_verbatim();
        let t = s.trim_start();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == 4 {
            return Some(digits);
        }
    }
    if let Some(y) = e.get("year") {
        let s = clean(&y.format_verbatim());
        let b = s.as_bytes();
        if b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) {
            let rest = &s[4..];
            if rest.is_empty() || (rest.len() == 1 && rest.as_bytes()[0].is_ascii_lowercase()) {
                return Some(s);
            }
            return Some(s[..4].to_string());
        }
        match s.to_lowercase().as_str() {
            "n.d." | "n. d." | "nd" | "no date" | "s.d." => return Some("n.d.".to_string()),
            "in press" | "inpress" => return Some("in press".to_string()),
            "forthcoming" => return Some("forthcoming".to_string()),
            _ => {}
        }
        if let Some(k) = s.as_bytes().windows(4).position(|w| w.iter().all(u8::is_ascii_digit)) {
            return Some(s[k..k + 4].to_string());
        }
    }
    match e.get("pubstate").map(|p| p.format_verbatim().trim().to_lowercase()).as_deref() {
        Some("inpress") | Some("in press") => Some("in press".to_string()),
        Some("forthcoming") => Some("forthcoming".to_string()),
        _ => None,
    }
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
