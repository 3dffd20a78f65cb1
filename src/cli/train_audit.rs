//! `citegraph train-audit`: learn the audit model from a corpus of documents whose
//! citations are marked, so `audit --model` knows how a field cites.
//!
//! The learning itself is library code ([`citegraph::audit::train_model`]); this file reads the
//! arguments, reports progress on standard error and writes the model file.

use super::common::CliError;
use citegraph::audit::{FeatureConfig, train_model};
use citegraph::{Error, ErrorKind};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `citegraph train-audit`.
#[derive(Args, Debug)]
#[command(after_help = "Each DIR holds marked documents: NAME.txt with NAME.gold.json beside it (the shape of \
../shared/corpus/train: citation_groups with code-point offsets). Training is deterministic: the same \
documents always give the same file.\n\nExample:\n  citegraph train-audit corpus/ -o model.json\n  \
citegraph audit --model model.json paper.txt")]
pub struct TrainAuditArgs {
    /// Folders of marked documents.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Where to write the model (JSON).
    #[arg(short = 'o', long = "output", value_name = "MODEL.json", required = true)]
    output: String,
    /// Skip the search and use these features: UNIGRAMS,BIGRAMS,MIN_DOCS,L2,L2_CUES (e.g. `1000,300,3,0.001,0.00005`).
    #[arg(long, value_name = "U,B,MIN,L2,L2_CUES")]
    features: Option<String>,
}

/// Parses `U,B,MIN,L2`.
fn parse_features(s: &str) -> Option<FeatureConfig> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let [u, b, m, l, c] = parts.as_slice() else { return None };
    Some(FeatureConfig {
        unigrams: u.parse().ok()?,
        bigrams: b.parse().ok()?,
        min_docs: m.parse().ok()?,
        l2: l.parse().ok()?,
        l2_cues: c.parse().ok()?,
    })
}

/// Runs `train-audit`.
pub fn run_train_audit(a: TrainAuditArgs) -> Result<ExitCode, CliError> {
    let fixed = match a.features.as_deref() {
        Some(s) => Some(parse_features(s).ok_or_else(|| {
            CliError::usage(None, format!("--features wants UNIGRAMS,BIGRAMS,MIN_DOCS,L2,L2_CUES, not `{s}`"))
        })?),
        None => None,
    };
    for d in &a.dirs {
        if !d.is_dir() {
            return Err(Error::new(ErrorKind::Io, Some(&d.display().to_string()), "not a folder".to_string()).into());
        }
    }
    let file = train_model(&a.dirs, fixed, &mut |line| eprintln!("citegraph: {line}"))
        .map_err(|e| Error::new(ErrorKind::Io, None, e))?;
    // Written through a temporary file: a failed run keeps an earlier model as it was.
    let mut out = super::output::create(Some(&a.output), &[])?;
    serde_json::to_writer_pretty(&mut out, &file)?;
    out.write_all(b"\n")?;
    out.commit()?;
    eprintln!("citegraph: wrote {} (threshold {:.2}, {} weights)", a.output, file.threshold, file.weights.len());
    Ok(ExitCode::SUCCESS)
}
