//! citegraph: read a document, find its claims and the sources they rest on.
//!
//! The library is a pipeline of small stages with plain data between them:
//! load → layout → sentences → citations / footnotes → references → resolution → graph.
//! Every stage reports positions as byte spans into the original input, so a citation
//! found in de-hyphenated, joined text still points at the right bytes of the file.
//!
//! ```
//! use citegraph::extract::{extract, Options};
//! use citegraph::graph::Graph;
//! use citegraph::Source;
//!
//! let text = "Marshes store carbon (Okafor and Lindqvist, 2019; Lee et al., 2020, p. 4).\n\n\
//!             References\n\n\
//!             Okafor, N., & Lindqvist, E. (2019). Blue carbon. Ecological Economics, 160, 1-12.\n";
//! let doc = extract(&Source::new("note.txt", text.to_string()), &Options::default());
//! assert_eq!(doc.citations.len(), 2);
//! assert_eq!(doc.citations[1].locator.as_deref(), Some("p. 4"));
//! // The first citation resolves to the reference list; the second stays unresolved.
//! assert_eq!(doc.citations[0].reference.as_deref(), Some("r1"));
//! assert!(doc.diagnostics.iter().any(|d| d.code == citegraph::Code::UnresolvedCitation));
//! let graph = Graph::from_document(&doc);
//! assert_eq!(graph.sources.len(), 2);
//! ```

#![deny(missing_docs)]

pub mod audit;
pub mod cite;
pub mod claim;
pub mod diagnostic;
pub mod error;
pub mod export;
pub mod extract;
pub mod footnote;
pub mod graph;
pub mod input;
pub mod keys;
pub mod layout;
pub mod lexicon;
pub mod load;
pub mod model;
pub mod named;
pub mod native;
pub mod reference;
pub mod resolve;
pub mod sentence;
pub mod source;
pub mod terminal;
mod text;
pub mod textview;

// The surface most users need, at the crate root (see docs/library.md). The modules stay
// public for now so existing callers keep compiling.
pub use audit::{Audit, Problem, Summary, audit, audit_with};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::{Error, ErrorKind};
pub use extract::{Options, extract};
pub use graph::Graph;
pub use input::{Format, extract_file, extract_with_source};
pub use model::*;
pub use source::{Source, Span};

/// The worked examples of `docs/library.md`, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
pub struct LibraryGuide;
