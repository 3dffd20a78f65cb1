//! The `citegraph` command line: a thin layer over the library.

use citegraph::diagnostic::Severity;
use citegraph::error::{Error, ErrorKind};
use citegraph::extract::{Options, extract};
use citegraph::load::load_path;
use citegraph::reference;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Build a graph of a document's claims and the sources they rest on.
///
/// citegraph reads plain or OCR'd text, finds author-year citations (`(Hill, 2013b, p. 8)`,
/// `Schreier (2015)`), footnotes, headings, sentences and the reference list, and links
/// every citation to its entry.
#[derive(Parser, Debug)]
#[command(name = "citegraph", version, about, long_about = None, after_help = "Examples:\n  citegraph extract data/example.txt --format json\n  citegraph refs references.txt --format json")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract citations, footnotes, sections, claims and references as JSON.
    ///
    /// With one FILE, `--format json` prints one document object; `--format jsonl` prints
    /// one compact object per line per file (the form to use for many files). `-` reads
    /// standard input. See docs/json.md for every field.
    Extract {
        /// Documents to read (`-` for standard input).
        #[arg(required = true)]
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
    },
    /// Parse reference strings, one per line, into structured fields.
    Refs {
        /// File of reference strings (`-` for standard input).
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RefsFormat::Json)]
        format: RefsFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<String>,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ExtractFormat {
    /// One pretty-printed JSON object (several files: an object with `documents`).
    Json,
    /// One compact JSON object per line per file.
    Jsonl,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum RefsFormat {
    /// A JSON array, one object per input line.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if e.kind == ErrorKind::Io && e.message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("citegraph: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn open_output(path: Option<&str>) -> Result<Box<dyn Write>, Error> {
    Ok(match path {
        None | Some("-") => Box::new(BufWriter::new(io::stdout().lock())),
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).map_err(|e| Error::new(ErrorKind::Io, Some(p), format!("cannot create output file: {e}")))?,
        )),
    })
}

fn io_err(e: io::Error) -> Error {
    Error::new(ErrorKind::Io, None, e.to_string())
}

fn report(diags: &[citegraph::Diagnostic], path: &str) {
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        let line = d.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!("citegraph: {path}{line}: {}: {}", d.code, d.message);
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Extract { files, bib, format, output } => {
            let mut options = Options::default();
            for b in &bib {
                let (refs, diags) = reference::bib::load_bib_file(std::path::Path::new(b));
                report(&diags, b);
                options.bib.extend(refs);
            }
            let mut out = open_output(output.as_deref())?;
            let mut failed = false;
            let many = files.len() > 1;
            if matches!(format, ExtractFormat::Json) && many {
                out.write_all(b"{\"documents\": [\n").map_err(io_err)?;
            }
            for (i, f) in files.iter().enumerate() {
                let (src, load_diags) = match load_path(f) {
                    Ok(x) => x,
                    Err(e) => {
                        eprintln!("citegraph: error: {e}");
                        failed = true;
                        continue;
                    }
                };
                let mut doc = extract(&src, &options);
                doc.diagnostics.splice(0..0, load_diags);
                match format {
                    ExtractFormat::Json => {
                        if many && i > 0 {
                            out.write_all(b",\n").map_err(io_err)?;
                        }
                        serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| Error::new(ErrorKind::Io, None, e.to_string()))?;
                        if !many {
                            out.write_all(b"\n").map_err(io_err)?;
                        }
                    }
                    ExtractFormat::Jsonl => {
                        serde_json::to_writer(&mut out, &doc).map_err(|e| Error::new(ErrorKind::Io, None, e.to_string()))?;
                        out.write_all(b"\n").map_err(io_err)?;
                    }
                }
            }
            if matches!(format, ExtractFormat::Json) && many {
                out.write_all(b"\n]}\n").map_err(io_err)?;
            }
            out.flush().map_err(io_err)?;
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Refs { file, format, output } => {
            let (src, _) = load_path(&file)?;
            let (refs, diags) = reference::parse_lines(&src.text);
            let mut out = open_output(output.as_deref())?;
            match format {
                RefsFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &refs).map_err(|e| Error::new(ErrorKind::Io, None, e.to_string()))?;
                    out.write_all(b"\n").map_err(io_err)?;
                }
            }
            out.flush().map_err(io_err)?;
            let _ = diags;
            Ok(ExitCode::SUCCESS)
        }
    }
}
