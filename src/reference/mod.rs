//! Reference-list entries: finding, splitting and parsing them into fields.
//!
//! A reference list is the only place where a document says exactly which works it rests on,
//! so every later stage (resolving citations, building the graph, exporting BibLaTeX) needs
//! its entries as fields rather than strings. Real lists mix styles, languages and OCR damage,
//! so the parser never fails: it fills what it can recognise, keeps the full string in `raw`,
//! and reports the rest as diagnostics.
//!
//! - [`parse_reference`] / [`parse_lines`]: one reference string → [`Reference`].
//! - [`split_entries`]: a reference section → one byte span per entry.
//! - [`entry_start_score`]: how much a line looks like the start of an entry, for finding
//!   reference lists that have no heading.

/// `re!(NAME, pattern)`: a lazily compiled regex of this module (see [`build_regex`]).
macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| crate::reference::build_regex($pat));
    };
}

pub mod bib;
mod body;
pub mod csljson;
pub mod cslyaml;
mod lexical;
mod names;
mod parse;
pub mod ris;
mod split;

use crate::diagnostic::Diagnostic;
use crate::model::Reference;
use crate::source::{Source, Span};

pub use body::train;
pub use body::{LEARNED_BY_DEFAULT, MODEL_FORMAT, ModelFile, SHIPPED_MODEL_JSON};
pub use split::{entry_start_score, split_entries};

/// Which weights label the body of a reference string (title, container, volume, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefsModel {
    /// The hand-set emission and transition scores alone.
    Hand,
    /// The hand-set scores with the learned corrections of `data/refs-model.json`.
    Learned,
}

/// Chooses the body labeller's weights for every later parse in this process (the default
/// is [`LEARNED_BY_DEFAULT`]).
pub fn set_refs_model(m: RefsModel) {
    body::set_learned(m == RefsModel::Learned);
}

/// Uses the corrections of a model file written by `citegraph train-refs` (its JSON text)
/// for every later parse in this process; `Err` says what is wrong with the file.
pub fn set_refs_model_json(json: &str) -> Result<(), String> {
    body::set_model_json(json)
}

/// Rewrites `\b` to an ASCII word boundary: Unicode `\b` makes the regex engine leave its
/// fast DFA on any non-ASCII text, which is most of a multilingual reference list.
pub(crate) fn ascii_b(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Compiles a pattern of this module: ASCII word boundaries (see [`ascii_b`]) and a lazy-DFA
/// cache large enough for the Unicode classes, so matching stays in the DFA instead of
/// rebuilding states for every string.
pub(crate) fn build_regex(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(&ascii_b(&crate::lexicon::with_years(pattern)))
        .dfa_size_limit(32 << 20)
        .size_limit(32 << 20)
        .build()
        .expect("valid regex")
}

/// Parses one reference string into fields; never fails (unplaced text stays in `raw`, with a diagnostic).
///
/// `id`, `line`, `span` and `key` are left empty for the caller to fill.
pub fn parse_reference(raw: &str) -> (Reference, Vec<Diagnostic>) {
    parse::parse(raw)
}

/// Parses one reference string per non-blank line of `text`; `line` is the 1-based input line, ids are `r1`, `r2`, ...
pub fn parse_lines(text: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
    let mut refs = Vec::new();
    let mut diags = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (mut r, ds) = parse_reference(line);
        r.line = i + 1;
        r.id = format!("r{}", refs.len() + 1);
        diags.extend(ds.into_iter().map(|d| d.with_line(i + 1)));
        refs.push(r);
    }
    (refs, diags)
}

/// Parses the entries of a reference section of `src` (spans from [`split_entries`]), filling ids, lines and spans.
#[allow(dead_code)] // Unused (issue 16); remove once the reference-splitting branches have landed.
pub fn parse_region(src: &Source, region: Span) -> (Vec<Reference>, Vec<Diagnostic>) {
    let mut refs = Vec::new();
    let mut diags = Vec::new();
    for sp in split_entries(src, region) {
        let (mut r, ds) = parse_reference(src.slice(sp));
        r.line = src.line_of(sp.start);
        r.span = Some(sp);
        r.id = format!("r{}", refs.len() + 1);
        diags.extend(ds.into_iter().map(|d| d.with_span(sp).with_line(src.line_of(sp.start))));
        refs.push(r);
    }
    (refs, diags)
}
