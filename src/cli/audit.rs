//! `citegraph audit` (issue 5; being built).

use super::common::CliError;
use citegraph::error::{Error, ErrorKind};
use clap::Args;
use std::process::ExitCode;

/// Arguments of `citegraph audit`.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Documents to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

/// Runs `audit`.
pub fn run_audit(_a: AuditArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Fatal(Error::new(ErrorKind::Usage, None, "`citegraph audit` is not available in this build yet")))
}
