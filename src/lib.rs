//! citegraph: read a document, find its claims and the sources they rest on.
//!
//! The library is a pipeline of small stages with plain data between them:
//! load → layout → sentences → citations / footnotes → references → resolution → graph.
//! Every stage reports positions as byte spans into the original input, so a citation
//! found in de-hyphenated, joined text still points at the right bytes of the file.
//!
//! ```
//! use citegraph::{Graph, Options, Source, extract};
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

// The public surface: the two modules below, `bib`, and the re-exports after them.
// Everything else is private, so the stages can change without breaking users (see
// docs/library.md).
pub mod audit;
pub mod export;

mod cite;
mod claim;
mod diagnostic;
mod error;
mod extract;
mod footnote;
mod graph;
mod input;
mod keys;
mod layout;
mod lexicon;
mod load;
mod model;
mod named;
mod native;
mod reference;
mod resolve;
mod sentence;
mod source;
mod terminal;
mod text;
mod textview;

pub use audit::{Audit, Problem, Summary, audit, audit_with};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::{Error, ErrorKind, Result};
pub use extract::{DEFAULT_MAX_INPUT_BYTES, Options, extract};
pub use graph::{Edge, Graph, Node};
pub use input::walk::expand as expand_paths;
pub use input::{Format, extract_bytes, extract_file, extract_with_source};
pub use keys::assign_keys;
pub use load::load_path;
pub use model::{Citation, Claim, ClaimStatus, Document, EntryType, Footnote, Form, Person, Reference, Section};
pub use named::{Kind as NamedKind, NamedSource};
pub use reference::{parse_lines as parse_references, parse_reference};
pub use source::{Source, Span};
pub use terminal::escape as escape_for_terminal;

/// Bibliography databases (`--bib`): BibLaTeX / BibTeX, CSL-JSON, CSL-YAML, RIS and
/// pandoc's Markdown `references:`, read into [`Reference`]s with diagnostics.
pub mod bib {
    use crate::{Diagnostic, Reference};
    use std::path::Path;

    /// Reads a bibliography database from `text`; `path` names it in messages and, with the
    /// content, decides the format (BibLaTeX / BibTeX, CSL-JSON, CSL-YAML or pandoc
    /// `references:`, RIS). Entries carry their key, 1-based `line`, `span` in `text` and
    /// `raw` source; problems are diagnostics (an unreadable entry is skipped, the others
    /// are read).
    pub fn load_bib_str(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
        crate::reference::bib::load_bib_str(text, path)
    }

    /// Reads the database at `path` as [`load_bib_str`] does; an I/O failure is one error
    /// diagnostic, and bytes that are not UTF-8 are replaced (with a warning).
    pub fn load_bib_file(path: &Path) -> (Vec<Reference>, Vec<Diagnostic>) {
        crate::reference::bib::load_bib_file(path)
    }

    /// True when the database could not be read at all (missing, not a regular file, or
    /// binary), judged from the diagnostics [`load_bib_file`] gave.
    pub fn unreadable(diags: &[Diagnostic]) -> bool {
        crate::reference::bib::unreadable(diags)
    }

    /// True when the diagnostics hold any error the user must fix.
    pub fn has_errors(diags: &[Diagnostic]) -> bool {
        crate::reference::bib::has_errors(diags)
    }
}

/// The labeller of reference strings: which weights label the body of a string (the
/// hand-set scores, the default, or the learned corrections of `data/refs-model.json`), and
/// their training (`citegraph train-refs`; docs/refs.md).
pub mod refs {
    pub use crate::reference::{
        LEARNED_BY_DEFAULT, MODEL_FORMAT, ModelFile, RefsModel, SHIPPED_MODEL_JSON, set_refs_model,
        set_refs_model_json, train,
    };
}

/// The pipeline's stages, for the fuzz targets and benchmarks (feature `internals`). Not a
/// stable interface: the stages change as the pipeline does.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod stages {
    pub use crate::cite::find_citations;
    pub use crate::layout::analyze as layout;
    pub use crate::load::decode;
    pub use crate::sentence::split_sentences;
    pub use crate::textview::TextView;
}

/// The worked examples of `docs/library.md`, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
pub struct LibraryGuide;
