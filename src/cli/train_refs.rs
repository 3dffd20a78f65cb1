//! `citegraph train-refs`: learn the corrections of the reference-body labeller from tagged
//! reference strings (see docs/refs.md).
//!
//! The learning is library code ([`citegraph::refs::train`]); this file reads the
//! arguments, reports progress on standard error and writes the model file.

use super::common::CliError;
use citegraph::refs::train;
use citegraph::{Error, ErrorKind};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `citegraph train-refs`.
#[derive(Args, Debug)]
#[command(after_help = "DIR is the tagged reference strings folder (../shared/corpus/refstrings): \
anystyle/core.xml and anystyle/good.xml and the GROBID citation files at even positions (names sorted \
bytewise) are trained on; anystyle/ugly.xml, anystyle/bad.xml and the GROBID files at odd positions are \
never read for training. Training is deterministic: the same files always give the same model.\n\n\
Example:\n  citegraph train-refs ../shared/corpus/refstrings -o data/refs-model.json\n  \
citegraph train-refs ../shared/corpus/refstrings --dump-grobid /tmp/g   # grobid-train.xml, grobid-heldout.xml")]
pub struct TrainRefsArgs {
    /// The tagged reference strings folder.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Where to write the model (JSON).
    #[arg(short = 'o', long = "output", value_name = "MODEL.json", required_unless_present = "dump_grobid")]
    output: Option<String>,
    /// Skip cross-validation and train with this rate, number of epochs and retired repairs
    /// (`RATE,EPOCHS[,RULE+RULE...]`).
    #[arg(long, value_name = "RATE,EPOCHS[,RULES]")]
    settings: Option<String>,
    /// Write the GROBID training and held-out parts as AnyStyle datasets into this folder
    /// (for scoring with score_refs.py) and train nothing.
    #[arg(long, value_name = "OUT_DIR")]
    dump_grobid: Option<PathBuf>,
}

/// Runs `train-refs`.
pub fn run_train_refs(a: TrainRefsArgs) -> Result<ExitCode, CliError> {
    if !a.dir.is_dir() {
        return Err(Error::new(ErrorKind::Io, Some(&a.dir.display().to_string()), "not a folder".to_string()).into());
    }
    if let Some(out) = &a.dump_grobid {
        let (t, h) = train::dump_grobid(&a.dir, out).map_err(|e| Error::new(ErrorKind::Io, None, e))?;
        eprintln!("citegraph: wrote {} training and {} held-out GROBID strings to {}", t, h, out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let fixed = match a.settings.as_deref() {
        Some(s) => {
            let parsed = train::Settings::parse(s);
            Some(
                parsed
                    .ok_or_else(|| CliError::usage(None, format!("--settings wants RATE,EPOCHS[,RULES], not `{s}`")))?,
            )
        }
        None => None,
    };
    let file = train::train(&a.dir, fixed, &mut |line| eprintln!("citegraph: {line}"))
        .map_err(|e| Error::new(ErrorKind::Io, None, e))?;
    let Some(output) = a.output.as_deref() else {
        return Ok(ExitCode::SUCCESS);
    };
    // Written through a temporary file: a failed run keeps an earlier model as it was.
    let mut out = super::output::create(Some(output), &[])?;
    out.write_all(train::model_json(&file).as_bytes())?;
    out.commit()?;
    eprintln!("citegraph: wrote {output} ({} emission features)", file.emissions.len());
    Ok(ExitCode::SUCCESS)
}
