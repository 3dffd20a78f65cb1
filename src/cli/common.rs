//! Helpers shared by the subcommands: loading, error mapping (output files: `output.rs`).

use citegraph::{Document, Error, ErrorKind, Options, Severity, bib};
use std::io;

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// The reader of our output went away (`| head`): not an error.
    BrokenPipe,
    /// A command-line value or option was wrong: printed, exit code 2.
    Usage {
        /// The file the option named, if any.
        path: Option<String>,
        /// What is wrong with it.
        message: String,
    },
    /// Anything else: printed with its causes, exit code 2.
    Fatal(Error),
}

impl CliError {
    /// A usage error about `path` (or about no file).
    pub fn usage(path: Option<&str>, message: impl Into<String>) -> Self {
        CliError::Usage { path: path.map(str::to_string), message: message.into() }
    }

    /// The line printed after `citegraph: error: `; `None` for a broken pipe.
    pub fn describe(&self) -> Option<String> {
        match self {
            CliError::BrokenPipe => None,
            CliError::Usage { path: Some(p), message } => Some(format!("{p}: {message}")),
            CliError::Usage { path: None, message } => Some(message.clone()),
            CliError::Fatal(e) => Some(e.report()),
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Fatal(e)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Fatal(Error::new(ErrorKind::Io, None, e.to_string()))
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
            CliError::BrokenPipe
        } else {
            CliError::Fatal(Error::new(ErrorKind::Io, None, e.to_string()))
        }
    }
}

/// Loads `--bib` databases, printing their errors as `file:line: message`. A `--bib` file
/// that does not exist is a usage error (exit status 2, nothing is read): a mistyped path
/// must not pass for a library without matches. Otherwise returns the options and whether
/// a database could not be read at all (a folder, binary, unreadable): the run goes on
/// without it and exits with status 1.
pub fn load_bibs(paths: &[String]) -> Result<(Options, bool), CliError> {
    if let Some(missing) = paths.iter().find(|b| !std::path::Path::new(b.as_str()).exists()) {
        return Err(CliError::usage(Some(missing), "no such --bib file"));
    }
    let mut options = Options {
        includes_outside: std::env::var_os("CITEGRAPH_ALLOW_OUTSIDE_INCLUDES").is_some(),
        ..Options::default()
    };
    let mut failed = false;
    for b in paths {
        let (refs, diags) = bib::load_bib_file(std::path::Path::new(b));
        for d in diags.iter().filter(|d| d.severity == Severity::Error) {
            eprintln!("citegraph: {}", citegraph::escape_for_terminal(&d.message));
        }
        failed |= bib::unreadable(&diags);
        options.bib.extend(refs);
    }
    Ok((options, failed))
}

/// The files a command reads, for [`super::output::create`] to refuse as output: the
/// documents (folders walked) and the `--bib` databases.
pub fn input_paths<'a>(files: &'a [String], bibs: &'a [String]) -> Vec<&'a str> {
    files.iter().chain(bibs).map(String::as_str).collect()
}

/// Loads and extracts each file (folders already expanded by [`expand_inputs`]), in
/// parallel; files that cannot be read are reported and skipped. Documents come back in
/// input order. Returns the documents and whether any file failed.
pub fn extract_all(files: &[String], options: &Options) -> (Vec<Document>, bool) {
    use rayon::prelude::*;
    let results: Vec<Result<Document, Error>> = files.par_iter().map(|f| extract_one(f, options)).collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut failed = false;
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => {
                report(&e);
                failed = true;
            }
        }
    }
    (docs, failed)
}

/// Prints an error on standard error, control characters made visible.
pub fn report(e: &Error) {
    eprintln!("citegraph: error: {}", citegraph::escape_for_terminal(&e.report()));
}

/// Expands folders among `args` into the documents they hold (respecting `.gitignore`);
/// problems walking a folder are printed. Returns the files and whether anything failed.
pub fn expand_inputs(args: &[String]) -> (Vec<String>, bool) {
    let (files, errors) = citegraph::expand_paths(args);
    for e in &errors {
        report(e);
    }
    (files, !errors.is_empty())
}

/// Loads and extracts one file, its format chosen by extension (see `citegraph::Format`).
pub fn extract_one(path: &str, options: &Options) -> Result<Document, Error> {
    citegraph::extract_file(path, None, options)
}

/// Loads `--model FILE` (a model written by `train-audit`); `None` without the option.
pub fn load_model(path: Option<&str>) -> Result<Option<citegraph::audit::Model>, CliError> {
    let Some(p) = path else { return Ok(None) };
    let text = std::fs::read_to_string(p).map_err(|e| Error::io(Some(p), "cannot read model", e))?;
    let model = citegraph::audit::Model::from_json(&text).map_err(|e| CliError::usage(Some(p), e))?;
    Ok(Some(model))
}

/// The `.bib` databases the documents' references came from (`--bib` and those the
/// documents name), for [`super::output::Output::refuse_read`].
pub fn bib_files_read(docs: &[Document]) -> Vec<String> {
    let mut files: Vec<String> = docs.iter().flat_map(|d| d.references.iter().filter_map(|r| r.file.clone())).collect();
    files.sort();
    files.dedup();
    files
}
