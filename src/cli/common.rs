//! Helpers shared by the subcommands: output files, loading, error mapping.

use citegraph::diagnostic::Severity;
use citegraph::error::{Error, ErrorKind};
use citegraph::extract::Options;
use citegraph::input;
use citegraph::model::Document;
use citegraph::reference;
use std::io::{self, BufWriter, Write};

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// The reader of our output went away (`| head`): not an error.
    BrokenPipe,
    /// Anything else: printed, exit code 2.
    Fatal(Error),
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

/// Opens `path` for writing, or standard output for `None` / `-`.
pub fn open_output(path: Option<&str>) -> Result<Box<dyn Write>, CliError> {
    Ok(match path {
        None | Some("-") => Box::new(BufWriter::new(io::stdout().lock())),
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p)
                .map_err(|e| Error::new(ErrorKind::Io, Some(p), format!("cannot create output file: {e}")))?,
        )),
    })
}

/// Loads `--bib` databases, printing their errors as `file:line: message`.
pub fn load_bibs(paths: &[String]) -> Options {
    let mut options = Options::default();
    for b in paths {
        let (refs, diags) = reference::bib::load_bib_file(std::path::Path::new(b));
        for d in diags.iter().filter(|d| d.severity == Severity::Error) {
            eprintln!("citegraph: {}", d.message);
        }
        options.bib.extend(refs);
    }
    options
}

/// Loads and extracts each file (folders are walked, see [`expand_inputs`]), in parallel;
/// files that cannot be read are reported and skipped. Documents come back in input order.
/// Returns the documents and whether any file failed.
pub fn extract_all(files: &[String], options: &Options) -> (Vec<Document>, bool) {
    use rayon::prelude::*;
    let (files, mut failed) = expand_inputs(files);
    let results: Vec<Result<Document, Error>> = files.par_iter().map(|f| extract_one(f, options)).collect();
    let mut docs = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("citegraph: error: {e}");
                failed = true;
            }
        }
    }
    (docs, failed)
}

/// Expands folders among `args` into the documents they hold (respecting `.gitignore`);
/// problems walking a folder are printed. Returns the files and whether anything failed.
pub fn expand_inputs(args: &[String]) -> (Vec<String>, bool) {
    let (files, errors) = input::walk::expand(args);
    for e in &errors {
        eprintln!("citegraph: error: {e}");
    }
    (files, !errors.is_empty())
}

/// Loads and extracts one file, its format chosen by extension (see `citegraph::input`).
pub fn extract_one(path: &str, options: &Options) -> Result<Document, Error> {
    input::extract_file(path, None, options)
}

/// Loads `--model FILE` (a model written by `train-audit`); `None` without the option.
pub fn load_model(path: Option<&str>) -> Result<Option<citegraph::claim::Model>, CliError> {
    let Some(p) = path else { return Ok(None) };
    let text = std::fs::read_to_string(p)
        .map_err(|e| Error::new(ErrorKind::Io, Some(p), format!("cannot read model: {e}")))?;
    let model = citegraph::claim::Model::from_json(&text).map_err(|e| Error::new(ErrorKind::Usage, Some(p), e))?;
    Ok(Some(model))
}
