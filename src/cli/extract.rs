//! `citegraph extract` and `citegraph refs`.

use super::common::{CliError, extract_one, load_bibs, open_output};
use citegraph::load::load_path;
use citegraph::reference;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `citegraph extract`.
#[derive(Args, Debug)]
#[command(long_about = "Extract citations, footnotes, sections, claims and references as JSON.\n\n\
With one FILE, `--format json` prints one document object; with several it prints\n\
{\"documents\": [...]}. `--format jsonl` prints one compact object per line per file,\n\
which keeps memory flat over many files. `-` reads standard input. Every field is\n\
described in docs/json.md.")]
pub struct ExtractArgs {
    /// Documents to read (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// BibLaTeX/BibTeX database(s) to resolve citations against (repeatable).
    #[arg(long = "bib", value_name = "DB.bib")]
    bib: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    format: ExtractFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ExtractFormat {
    /// One pretty-printed JSON object (several files: an object with `documents`).
    Json,
    /// One compact JSON object per line per file.
    Jsonl,
}

/// Arguments of `citegraph refs`.
#[derive(Args, Debug)]
pub struct RefsArgs {
    /// File of reference strings, one per line (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RefsFormat::Json)]
    format: RefsFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum RefsFormat {
    /// A JSON array, one object per non-blank input line, in order.
    Json,
}

/// Runs `extract`.
pub fn run_extract(a: ExtractArgs) -> Result<ExitCode, CliError> {
    let options = load_bibs(&a.bib);
    let mut out = open_output(a.output.as_deref())?;
    let many = a.files.len() > 1;
    let mut failed = false;
    let mut written = 0usize;
    if matches!(a.format, ExtractFormat::Json) && many {
        out.write_all(b"{\"documents\": [\n")?;
    }
    for f in &a.files {
        let doc = match extract_one(f, &options) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("citegraph: error: {e}");
                failed = true;
                continue;
            }
        };
        match a.format {
            ExtractFormat::Json => {
                if many && written > 0 {
                    out.write_all(b",\n")?;
                }
                serde_json::to_writer_pretty(&mut out, &doc)?;
                if !many {
                    out.write_all(b"\n")?;
                }
            }
            ExtractFormat::Jsonl => {
                serde_json::to_writer(&mut out, &doc)?;
                out.write_all(b"\n")?;
            }
        }
        written += 1;
    }
    if matches!(a.format, ExtractFormat::Json) && many {
        out.write_all(b"\n]}\n")?;
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Runs `refs`.
pub fn run_refs(a: RefsArgs) -> Result<ExitCode, CliError> {
    let (src, _) = load_path(&a.file)?;
    let (refs, _diags) = reference::parse_lines(&src.text);
    let mut out = open_output(a.output.as_deref())?;
    match a.format {
        RefsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &refs)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
