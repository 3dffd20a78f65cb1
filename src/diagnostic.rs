//! Problems found in the input, collected rather than thrown.
//!
//! Parsers never stop at the first problem: each stage returns what it could build plus a
//! list of diagnostics, so one bad citation does not hide the other hundred.

use crate::source::Span;
use serde::Serialize;

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
        Diagnostic { severity, code, message: message.into(), line: None, span: None, suggestion: None }
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
