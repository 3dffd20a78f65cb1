//! Problems found in the input, collected rather than thrown.
//!
//! Parsers never stop at the first problem: each stage returns what it could build plus a
//! list of diagnostics, so one bad citation does not hide the other hundred.

use crate::source::Span;
use serde::{Deserialize, Deserializer, Serialize};

/// Defines [`Code`] from `Variant = "kebab-case-string"` pairs, with the string as its
/// serialised form and [`Code::as_str`], and [`Code::ALL`] in the order given.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $s:literal,)*) => {
        /// The stable code of a [`Diagnostic`] (or of an audit problem), serialised as its
        /// kebab-case string (`unresolved-citation`). `docs/diagnostics.md` lists every code
        /// with an example.
        ///
        /// Variants are declared in the order of their strings, so sorting by `Code` sorts
        /// by the string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* #[serde(rename = $s)] $name,)*
        }

        impl Code {
            /// Every code, sorted by its string.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The kebab-case string (`citation-without-year`), as written in the JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $s,)*
                }
            }
        }
    };
}

codes! {
    /// A citation matches several reference entries equally well; it is linked to none.
    AmbiguousCitation = "ambiguous-citation",
    /// A field of a `.bib` entry cannot be read (bad value or TeX in a typed field).
    BibBadField = "bib-bad-field",
    /// The `pages` field of a `.bib` entry is not a page range.
    BibBadPages = "bib-bad-pages",
    /// A `pagination` field of a `.bib` entry names no known pagination scheme.
    BibBadPagination = "bib-bad-pagination",
    /// A file given as a `.bib` database holds binary content; nothing was read.
    BibBinary = "bib-binary",
    /// A `crossref` or `xdata` field of a `.bib` entry cannot be followed.
    BibCrossref = "bib-crossref",
    /// `.bib` entries inherit from each other in a cycle.
    BibCrossrefCycle = "bib-crossref-cycle",
    /// A chain of `crossref` inheritance in a `.bib` database is too deep to follow.
    BibCrossrefDepth = "bib-crossref-depth",
    /// A `.bib` entry inherits from an entry the database does not hold.
    BibCrossrefMissing = "bib-crossref-missing",
    /// Two `.bib` entries share a citation key; the later one is ignored.
    BibDuplicateKey = "bib-duplicate-key",
    /// A `.bib` database is not valid UTF-8; invalid bytes were replaced.
    BibEncoding = "bib-encoding",
    /// A date field of a `.bib` entry is not a valid date.
    BibInvalidDate = "bib-invalid-date",
    /// A `.bib` database could not be read (missing, a folder, unreadable).
    BibIo = "bib-io",
    /// A `.bib` entry has no citation key and is ignored.
    BibMissingKey = "bib-missing-key",
    /// A `@string` macro of a `.bib` database expands to too much text.
    BibStringTooLarge = "bib-string-too-large",
    /// A `.bib` database has a syntax error (stray text, a missing brace, comma or `=`).
    BibSyntax = "bib-syntax",
    /// Braces in a `.bib` entry are nested too deeply; the entry is skipped.
    BibTooDeep = "bib-too-deep",
    /// A `.bib` entry uses a `@string` macro that is not defined; it is read as empty.
    BibUndefinedString = "bib-undefined-string",
    /// A file given with `--bib` is in no format citegraph reads (BibTeX/BibLaTeX, CSL-JSON,
    /// CSL-YAML, RIS, pandoc Markdown `references:`); nothing was read from it.
    BibUnknownFormat = "bib-unknown-format",
    /// A `.bib` entry's closing brace is missing.
    BibUnterminatedEntry = "bib-unterminated-entry",
    /// An author-year citation gives no year.
    CitationWithoutYear = "citation-without-year",
    /// A CSL-JSON bibliography is not valid JSON of the expected shape.
    CslJsonInvalid = "csl-json-invalid",
    /// An item of a CSL-JSON bibliography has no `id` and is skipped.
    CslJsonNoId = "csl-json-no-id",
    /// An item of a CSL-YAML bibliography (or of pandoc's inline `references:`) cannot be
    /// read and is skipped; the other items are read.
    CslYamlInvalid = "csl-yaml-invalid",
    /// The footnotes or endnotes part of a Word file cannot be read; notes may be missing.
    DocxNotes = "docx-notes",
    /// A part of a Word file is larger than the input limit; only its start was read.
    DocxPartTruncated = "docx-part-truncated",
    /// A reference entry repeats another (same authors, year and title).
    DuplicateReference = "duplicate-reference",
    /// The document holds no text.
    EmptyInput = "empty-input",
    /// A footnote body has no marker in the running text.
    FootnoteWithoutAnchor = "footnote-without-anchor",
    /// The input is not valid UTF-8; the invalid bytes were replaced one for one.
    InvalidUtf8 = "invalid-utf8",
    /// A LaTeX `\input` was not followed because it would include a file twice.
    LatexInputCycle = "latex-input-cycle",
    /// A LaTeX `\input` was not followed because the document reached the limit on included files or bytes.
    LatexInputLimit = "latex-input-limit",
    /// A file named by LaTeX `\input` or `\include` cannot be read.
    LatexInputMissing = "latex-input-missing",
    /// A LaTeX `\input` was not followed because it leaves the document's folder.
    LatexInputOutside = "latex-input-outside",
    /// LaTeX arguments are nested too deeply; the deeper ones are skipped.
    LatexNestingLimit = "latex-nesting-limit",
    /// A cited name is spelled differently from the reference entry it is linked to.
    NameNearMiss = "name-near-miss",
    /// A claim names its source (`Resolution 130`), but no reference entry describes it (audit).
    NamedSourceWithoutReference = "named-source-without-reference",
    /// The document cites but has no reference list (and no `--bib`) to check against (audit).
    NoReferenceList = "no-reference-list",
    /// A reference string is empty.
    ReferenceEmpty = "reference-empty",
    /// No authors or title were found in a reference string.
    ReferenceUnparsed = "reference-unparsed",
    /// No year was found in a reference string.
    ReferenceWithoutYear = "reference-without-year",
    /// A record of an RIS file cannot be read (a line outside any record, a record without
    /// `ER`); the other records are read.
    RisInvalid = "ris-invalid",
    /// Year suffixes (2013a, 2013b) are missing, inconsistent or unused.
    SuffixProblem = "suffix-problem",
    /// A reference entry is not cited in the text.
    UncitedReference = "uncited-reference",
    /// A citation key of a LaTeX, Markdown or Word document is in no bibliography.
    UnknownCitationKey = "unknown-citation-key",
    /// A citation matches no entry of the reference list.
    UnresolvedCitation = "unresolved-citation",
    /// A claim that needs a source cites none (audit).
    UnsupportedClaim = "unsupported-claim",
    /// The input was UTF-16 and was decoded; spans are offsets into the UTF-8 text.
    Utf16Input = "utf16-input",
    /// A citation's author matches an entry, but its year does not.
    YearMismatch = "year-mismatch",
}

impl Code {
    /// The code whose string is `s`, if any (`--fail-on` reads codes this way).
    pub fn from_name(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::from_name(s).ok_or_else(|| format!("unknown diagnostic code `{s}`"))
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Probably a problem in the document.
    Warning,
    /// Definitely a problem; some input was not understood.
    Error,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Its stable code, serialised as kebab-case (`citation-without-year`).
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file `line` and `span` refer to, when it is not the document itself (a `.bib`
    /// database: its entries' problems are placed in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line, when the problem has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Byte span into the original text, when the problem has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// A diagnostic as read back from JSON, its code still owned; [`Diagnostic`] takes the
/// code from [`Code::from_name`], and an unknown code is an error.
#[derive(Deserialize)]
struct DiagnosticJson {
    severity: Severity,
    code: String,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    span: Option<Span>,
    suggestion: Option<String>,
}

/// Reads the JSON [`Serialize`] writes (a document read back from `extract`'s output).
impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let d = DiagnosticJson::deserialize(de)?;
        let code = Code::from_name(&d.code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code `{}`", d.code)))?;
        Ok(Diagnostic {
            severity: d.severity,
            code,
            message: d.message,
            file: d.file,
            line: d.line,
            span: d.span,
            suggestion: d.suggestion,
        })
    }
}

impl Diagnostic {
    /// A diagnostic with no place yet.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), file: None, line: None, span: None, suggestion: None }
    }
    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    /// An informational note.
    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    /// Attaches a span; the line is filled in later by [`Diagnostic::locate`].
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Attaches a line.
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
    /// Places the diagnostic in another file than the document (see [`Diagnostic::file`]).
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
    /// Attaches a suggestion.
    pub fn with_suggestion(mut self, s: impl Into<String>) -> Self {
        self.suggestion = Some(s.into());
        self
    }
    /// Fills in `line` from `span` when only the span is known.
    pub fn locate(&mut self, source: &crate::source::Source) {
        if self.line.is_none()
            && let Some(sp) = self.span
        {
            self.line = Some(source.line_of(sp.start));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// The codes are sorted and distinct, and each serialises as its string.
    #[test]
    fn codes_are_sorted_and_serialise_as_their_strings() {
        assert!(Code::ALL.windows(2).all(|w| w[0].as_str() < w[1].as_str() && w[0] < w[1]));
        for c in Code::ALL {
            assert_eq!(serde_json::to_string(c).expect("serialise"), format!("\"{}\"", c.as_str()));
            assert_eq!(Code::from_name(c.as_str()), Some(*c));
        }
    }

    /// `docs/diagnostics.md` documents every code.
    #[test]
    fn every_code_is_documented() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
            .expect("read docs/diagnostics.md");
        for c in Code::ALL {
            assert!(doc.contains(&format!("### `{}`", c.as_str())), "docs/diagnostics.md lacks `{c}`");
        }
    }
}
