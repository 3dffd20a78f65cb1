//! The integration tests: one binary with a module per subject (as ripgrep does), so the
//! crate is linked once. Modules that run the `citegraph` binary need the `cli` feature.
//!
//! Run one subject with `cargo test --test all export::`, one test by its path
//! (`cargo test --test all audit::seed_report_leaves_author_opinion_out`). Tests that need
//! `../shared` or an external program are `ignored` with the reason when it is missing
//! (see `build.rs`).

#[cfg(feature = "cli")]
mod audit;
#[cfg(feature = "cli")]
mod audit_model;
mod bib;
#[cfg(feature = "cli")]
mod bib_style;
#[cfg(feature = "cli")]
mod bibout;
mod citations;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod corpus;
#[cfg(feature = "cli")]
mod dos;
#[cfg(feature = "cli")]
mod export;
#[cfg(feature = "cli")]
mod input;
#[cfg(feature = "cli")]
mod numeric;
mod refs_learn;
mod refstrings;
#[cfg(feature = "cli")]
mod style;
#[cfg(feature = "cli")]
mod support;
