//! Problems found in the input, collected rather than thrown.
//!
//! Parsers never stop at the first problem: each stage returns what it could build plus a
//! list of diagnostics, so one bad citation does not hide the other hundred.

use crate::source::Span;
use serde::Serialize;

/// Every diagnostic code citegraph gives (and `unsupported-claim`, the audit's own), sorted.
/// `audit --fail-on CODE` accepts these, so a typo is an error instead of a condition that
/// can never hold. A test keeps the list complete: it reads every code out of the sources.
pub const CODES: &[&str] = &[
    "ambiguous-citation",
    "bib-bad-field",
    "bib-bad-pages",
    "bib-bad-pagination",
    "bib-binary",
    "bib-crossref",
    "bib-crossref-cycle",
    "bib-crossref-depth",
    "bib-crossref-missing",
    "bib-duplicate-key",
    "bib-encoding",
    "bib-invalid-date",
    "bib-io",
    "bib-missing-key",
    "bib-string-too-large",
    "bib-syntax",
    "bib-too-deep",
    "bib-undefined-string",
    "bib-unknown-format",
    "bib-unterminated-entry",
    "citation-without-year",
    "csl-json-invalid",
    "csl-json-no-id",
    "csl-yaml-invalid",
    "docx-notes",
    "docx-part-truncated",
    "duplicate-reference",
    "empty-input",
    "footnote-without-anchor",
    "invalid-utf8",
    "latex-input-cycle",
    "latex-input-limit",
    "latex-input-missing",
    "latex-input-outside",
    "latex-nesting-limit",
    "name-near-miss",
    "named-source-without-reference",
    "no-reference-list",
    "reference-empty",
    "reference-unparsed",
    "reference-without-year",
    "ris-invalid",
    "suffix-problem",
    "uncited-reference",
    "unknown-citation-key",
    "unresolved-citation",
    "unsupported-claim",
    "utf16-input",
    "year-mismatch",
];

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    /// A stable kebab-case code such as `citation-without-year`.
    pub code: &'static str,
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

impl Diagnostic {
    /// A diagnostic with no place yet.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), file: None, line: None, span: None, suggestion: None }
    }
    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    /// An informational note.
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
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
    use super::CODES;

    /// Every code given anywhere in `src/` is in [`CODES`], and the list is sorted.
    #[test]
    fn codes_list_is_complete() {
        let pattern = regex::Regex::new(
            r#"(?:Diagnostic::(?:warning|error|info|new)|\.report)\(\s*(?:Severity::\w+,\s*)?"([a-z0-9-]+)""#,
        )
        .expect("pattern");
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src").flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&p).expect("read source");
                    for c in pattern.captures_iter(&text) {
                        seen += 1;
                        assert!(CODES.contains(&&c[1]), "code `{}` of {} is missing from CODES", &c[1], p.display());
                    }
                }
            }
        }
        assert!(seen > 20, "the scan found the codes ({seen})");
        assert!(CODES.windows(2).all(|w| w[0] < w[1]), "CODES is sorted and has no repeats");
    }
}
