//! `citegraph extract` and `citegraph refs`.

use super::common::{CliError, expand_inputs, input_paths, load_bibs, report};
use super::output;
use citegraph::export::{TexChars, write_references_biblatex};
use citegraph::{Error, ErrorKind, Format as InputKind, load_path};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

/// Arguments of `citegraph extract`.
#[derive(Args, Debug)]
#[command(long_about = "Extract citations, footnotes, sections, claims and references as JSON.\n\n\
With one FILE, `--format json` prints one document object; with several it prints\n\
{\"documents\": [...]}. `--format jsonl` prints one compact object per line per file,\n\
which keeps memory flat over many files. `-` reads standard input. Every field is\n\
described in docs/json.md.\n\n\
FILE may be .txt, .md, .tex, .docx or .pdf (through poppler's pdftotext), chosen by\n\
extension or by --input-format; see docs/input.md. A FOLDER is walked (respecting\n\
.gitignore) and its documents are processed in parallel, output in path order; a file\n\
that fails is reported and the rest go on.", after_help = exit_codes!())]
pub struct ExtractArgs {
    /// Documents or folders to read (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Read every FILE as this format instead of choosing by extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    /// Bibliography database(s) to resolve citations against (repeatable): BibLaTeX/BibTeX, CSL-JSON, CSL-YAML, RIS or pandoc Markdown `references:`, by content and extension.
    #[arg(long = "bib", value_name = "DB.bib")]
    bib: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    format: ExtractFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Score claims with this audit model (written by `train-audit`) instead of the shipped one.
    #[arg(long, value_name = "MODEL.json")]
    model: Option<String>,
    /// Weights of the reference-body labeller: hand, learned or a model FILE (see `refs --help`).
    #[arg(long, value_name = "hand|learned|FILE")]
    refs_model: Option<String>,
}

/// `--input-format` values.
#[derive(Copy, Clone, Debug, ValueEnum)]
enum InputFormat {
    /// Plain text.
    Text,
    /// Markdown with pandoc citations.
    Markdown,
    /// LaTeX source.
    Latex,
    /// Word .docx.
    Docx,
    /// PDF through pdftotext.
    Pdf,
}

impl From<InputFormat> for InputKind {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Text => InputKind::Text,
            InputFormat::Markdown => InputKind::Markdown,
            InputFormat::Latex => InputKind::Latex,
            InputFormat::Docx => InputKind::Docx,
            InputFormat::Pdf => InputKind::Pdf,
        }
    }
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
#[command(after_help = exit_codes!())]
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
    /// Weights of the reference-body labeller: `hand` (the hand-set scores alone), `learned`
    /// (with the learned corrections of data/refs-model.json), or a model FILE written by
    /// `train-refs` (see docs/refs.md).
    #[arg(long, value_name = "hand|learned|FILE")]
    refs_model: Option<String>,
}

/// Applies `--refs-model` when given.
pub(super) fn apply_refs_model(m: Option<&str>) -> Result<(), CliError> {
    match m {
        None => {}
        Some("hand") => citegraph::refs::set_refs_model(citegraph::refs::RefsModel::Hand),
        Some("learned") => citegraph::refs::set_refs_model(citegraph::refs::RefsModel::Learned),
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .map_err(|e| CliError::usage(None, format!("--refs-model {path}: cannot read: {e}")))?;
            citegraph::refs::set_refs_model_json(&json)
                .map_err(|e| CliError::usage(None, format!("--refs-model {path}: not a refs model: {e}")))?;
        }
    }
    Ok(())
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum RefsFormat {
    /// A JSON array, one object per non-blank input line, in order.
    Json,
    /// One BibLaTeX entry per reference, with unique keys (`hill2013b`).
    Biblatex,
}

/// One document's JSON and the `.bib` files its references came from.
type Serialised = (Vec<u8>, Vec<String>);

/// Runs `extract`.
///
/// Files are extracted in parallel in batches of a few per thread and written in input
/// order, so memory holds one batch of documents at a time, whatever the corpus size.
pub fn run_extract(a: ExtractArgs) -> Result<ExitCode, CliError> {
    apply_refs_model(a.refs_model.as_deref())?;
    let model = super::common::load_model(a.model.as_deref())?.map(std::sync::Arc::new);
    let walked = a.files.iter().any(|f| f != "-" && std::path::Path::new(f).is_dir());
    let (files, mut failed) = expand_inputs(&a.files);
    let mut out = output::create(a.output.as_deref(), &input_paths(&files, &a.bib))?;
    let (mut options, bib_failed) = load_bibs(&a.bib)?;
    options.model = model;
    failed |= bib_failed;
    let format = a.input_format.map(InputKind::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs.unwrap_or(0))
        .build()
        .map_err(|e| CliError::usage(None, format!("cannot start worker threads: {e}")))?;
    let many = files.len() > 1 || walked;
    let progress = if files.len() > 1 && std::io::stderr().is_terminal() {
        let pb = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} (eta {eta})") {
            pb.set_style(style);
        }
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let [only] = files.as_slice()
        && !many
    {
        // One document: serialise straight into the output, so no second copy of the JSON
        // (several times the input's size) is held in memory. A large file on a terminal
        // gets a spinner with the elapsed time (a few MB/s: 200 MB take about a minute).
        let size = std::fs::metadata(only).map(|m| m.len()).unwrap_or(0);
        let spinner = if size >= 5_000_000 && std::io::stderr().is_terminal() {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_message(format!("extracting {only} ({:.0} MB)", size as f64 / 1e6));
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                pb.set_style(style);
            }
            pb.enable_steady_tick(std::time::Duration::from_millis(200));
            pb
        } else {
            indicatif::ProgressBar::hidden()
        };
        let doc = citegraph::extract_file(only, format, &options);
        spinner.finish_and_clear();
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                // Nothing to write: the output file, if any, is left as it was.
                report(&e);
                return Ok(ExitCode::from(1));
            }
        };
        let read = super::common::bib_files_read(std::slice::from_ref(&doc));
        out.refuse_read(&read.iter().map(String::as_str).collect::<Vec<_>>())?;
        // A buffer of our own in front of the boxed writer: serde_json writes a document in
        // many small pieces, and each would otherwise be a dynamic call.
        let mut buffered = BufWriter::with_capacity(1 << 16, &mut out);
        let written = match a.format {
            ExtractFormat::Json => serde_json::to_writer_pretty(&mut buffered, &doc),
            ExtractFormat::Jsonl => serde_json::to_writer(&mut buffered, &doc),
        };
        written?;
        buffered.flush()?;
        drop(buffered);
        out.write_all(b"\n")?;
        out.commit()?;
        return Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    let mut written = 0usize;
    if matches!(a.format, ExtractFormat::Json) && many {
        out.write_all(b"{\"documents\": [\n")?;
    }
    let batch = pool.current_num_threads().max(1) * 4;
    for chunk in files.chunks(batch) {
        let results: Vec<Result<Serialised, Error>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|f| {
                    let doc = citegraph::extract_file(f, format, &options);
                    progress.inc(1);
                    let doc = doc?;
                    let bytes = match a.format {
                        ExtractFormat::Json => serde_json::to_vec_pretty(&doc),
                        ExtractFormat::Jsonl => serde_json::to_vec(&doc),
                    };
                    let read = super::common::bib_files_read(std::slice::from_ref(&doc));
                    bytes.map(|b| (b, read)).map_err(|e| Error::new(ErrorKind::Io, Some(f), e.to_string()))
                })
                .collect()
        });
        for r in results {
            let bytes = match r {
                Ok((b, read)) => {
                    out.refuse_read(&read.iter().map(String::as_str).collect::<Vec<_>>())?;
                    b
                }
                Err(e) => {
                    progress.suspend(|| report(&e));
                    failed = true;
                    continue;
                }
            };
            match a.format {
                ExtractFormat::Json => {
                    if many && written > 0 {
                        out.write_all(b",\n")?;
                    }
                    out.write_all(&bytes)?;
                    if !many {
                        out.write_all(b"\n")?;
                    }
                }
                ExtractFormat::Jsonl => {
                    out.write_all(&bytes)?;
                    out.write_all(b"\n")?;
                }
            }
            written += 1;
        }
    }
    progress.finish_and_clear();
    if matches!(a.format, ExtractFormat::Json) && many {
        out.write_all(b"\n]}\n")?;
    }
    if failed && written == 0 && !files.is_empty() {
        // Every input failed: keep whatever the output file held.
        return Ok(ExitCode::from(1));
    }
    out.commit()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Runs `refs`.
pub fn run_refs(a: RefsArgs) -> Result<ExitCode, CliError> {
    apply_refs_model(a.refs_model.as_deref())?;
    let mut out = output::create(a.output.as_deref(), &[a.file.as_str()])?;
    let src = match load_path(&a.file) {
        Ok((src, _)) => src,
        Err(e) => {
            // An unreadable input exits 1, as in every other command.
            report(&e);
            return Ok(ExitCode::from(1));
        }
    };
    let (mut refs, _diags) = citegraph::parse_references(&src.text);
    citegraph::assign_keys(&mut refs);
    match a.format {
        RefsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &refs)?;
            out.write_all(b"\n")?;
        }
        RefsFormat::Biblatex => write_references_biblatex(&refs, TexChars::LatexSafe, &mut out)?,
    }
    out.commit()?;
    Ok(ExitCode::SUCCESS)
}
