//! `citegraph bib`, `citegraph graph` and `citegraph sources` (issue 4; being built).

use super::common::CliError;
use citegraph::error::{Error, ErrorKind};
use clap::Args;
use std::process::ExitCode;

/// Arguments of `citegraph bib`.
#[derive(Args, Debug)]
pub struct BibArgs {
    /// Documents to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

/// Arguments of `citegraph graph`.
#[derive(Args, Debug)]
pub struct GraphArgs {
    /// Documents to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

/// Arguments of `citegraph sources`.
#[derive(Args, Debug)]
pub struct SourcesArgs {
    /// Documents to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

fn unavailable(what: &str) -> CliError {
    CliError::Fatal(Error::new(
        ErrorKind::Usage,
        None,
        format!("`citegraph {what}` is not available in this build yet"),
    ))
}

/// Runs `bib`.
pub fn run_bib(_a: BibArgs) -> Result<ExitCode, CliError> {
    Err(unavailable("bib"))
}

/// Runs `graph`.
pub fn run_graph(_a: GraphArgs) -> Result<ExitCode, CliError> {
    Err(unavailable("graph"))
}

/// Runs `sources`.
pub fn run_sources(_a: SourcesArgs) -> Result<ExitCode, CliError> {
    Err(unavailable("sources"))
}
