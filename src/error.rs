//! The library's error type, for problems that stop a whole input from being read.
//!
//! Problems *inside* a document are [`crate::Diagnostic`]s and never stop processing;
//! an [`Error`] means there is no document to process at all (unreadable file, binary data).
//!
//! An error caused by the operating system keeps that cause: [`std::error::Error::source`]
//! returns the [`std::io::Error`], and [`Error::report`] writes the message followed by its
//! causes, as the command line prints it.

use std::fmt;
use std::sync::Arc;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The input holds NUL bytes: it is binary, not text.
    Binary,
    /// The input is in a format this build cannot read.
    UnsupportedFormat,
    /// The format must be read from a file on disk, not from standard input (Word, PDF).
    NeedsFile,
    /// The input is larger than the limit set for one document (see
    /// [`crate::extract::Options::max_input_bytes`]).
    TooLarge,
}

/// An error that prevents a document from being processed.
#[derive(Debug, Clone)]
pub struct Error {
    /// The kind of error.
    pub kind: ErrorKind,
    /// The file concerned (`-` for standard input), if any.
    pub path: Option<String>,
    /// A human-readable explanation, without the cause (see [`Error::report`]).
    pub message: String,
    /// The underlying error (an [`std::io::Error`] for [`ErrorKind::Io`]), if any.
    cause: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// Builds an error with no underlying cause.
    pub fn new(kind: ErrorKind, path: Option<&str>, message: impl Into<String>) -> Self {
        Error { kind, path: path.map(str::to_string), message: message.into(), cause: None }
    }

    /// Builds an error of kind [`ErrorKind::Io`] caused by `cause`; `message` says what was
    /// being done (`cannot read file`).
    pub fn io(path: Option<&str>, message: impl Into<String>, cause: std::io::Error) -> Self {
        Self::caused(ErrorKind::Io, path, message, cause)
    }

    /// Builds an error of any kind caused by another error.
    pub fn caused(
        kind: ErrorKind,
        path: Option<&str>,
        message: impl Into<String>,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error { cause: Some(Arc::new(cause)), ..Self::new(kind, path, message) }
    }

    /// The message followed by every cause, joined with `: `
    /// (`paper.txt: cannot read file: No such file or directory (os error 2)`).
    pub fn report(&self) -> String {
        let mut out = self.to_string();
        out.push_str(&causes(self));
        out
    }

    /// The message followed by every cause, without the path (what [`Error::report`] writes
    /// after `path: `).
    pub fn message_with_causes(&self) -> String {
        let mut out = self.message.clone();
        out.push_str(&causes(self));
        out
    }
}

/// `: cause: cause of cause…` for every source of `e`.
fn causes(e: &Error) -> String {
    let mut out = String::new();
    let mut next = std::error::Error::source(e);
    while let Some(c) = next {
        out.push_str(": ");
        out.push_str(&c.to_string());
        next = c.source();
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{p}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref().map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// Shorthand result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The I/O error stays reachable through `source()`, and the report names it once.
    #[test]
    fn io_error_is_the_source() {
        let e = Error::io(Some("a.txt"), "cannot read file", std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(e.to_string(), "a.txt: cannot read file");
        let src = std::error::Error::source(&e).expect("a source");
        let io = src.downcast_ref::<std::io::Error>().expect("an io::Error");
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(e.report(), format!("a.txt: cannot read file: {io}"));
        assert_eq!(e.message_with_causes(), format!("cannot read file: {io}"));
    }
}
