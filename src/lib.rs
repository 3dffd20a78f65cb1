//! citegraph: read a document, find its claims and the sources they rest on.
//!
//! The library is a pipeline of small stages with plain data between them:
//! load → layout → sentences → citations / footnotes → references → resolution → graph.
//! Every stage reports positions as byte spans into the original input.

pub mod audit;
pub mod cite;
pub mod claim;
pub mod diagnostic;
pub mod error;
pub mod export;
pub mod extract;
pub mod footnote;
pub mod graph;
pub mod layout;
pub mod load;
pub mod model;
pub mod reference;
pub mod resolve;
pub mod sentence;
pub mod source;
pub mod textview;

pub use diagnostic::{Diagnostic, Severity};
pub use model::*;
pub use source::{Source, Span};
