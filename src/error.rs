//! The library's error type, for problems that stop a whole input from being read.
//!
//! Problems *inside* a document are [`crate::Diagnostic`]s and never stop processing;
//! an [`Error`] means there is no document to process at all (unreadable file, binary data).

use std::fmt;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The input holds NUL bytes: it is binary, not text.
    Binary,
    /// The input is in a format this build cannot read.
    UnsupportedFormat,
    /// A command-line value or option was wrong.
    Usage,
    /// The input is larger than the limit set for one document (see
    /// [`crate::extract::Options::max_input_bytes`]).
    TooLarge,
}

/// An error that prevents a document from being processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The kind of error.
    pub kind: ErrorKind,
    /// The file concerned (`-` for standard input), if any.
    pub path: Option<String>,
    /// A human-readable explanation.
    pub message: String,
}

impl Error {
    /// Builds an error.
    pub fn new(kind: ErrorKind, path: Option<&str>, message: impl Into<String>) -> Self {
        Error { kind, path: path.map(str::to_string), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{p}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand result type.
pub type Result<T> = std::result::Result<T, Error>;
