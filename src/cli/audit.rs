//! `citegraph audit`: report unsupported claims and broken citations, and gate on them.
//!
//! Reads each document, audits it ([`citegraph::audit()`]), writes one report in the chosen
//! format, and turns `--fail-on` / `--max-unsupported` into the exit code so the audit can
//! stop a CI pipeline or a submission system.

use super::common::{CliError, expand_inputs, input_paths, load_bibs, report};
use super::output;
use citegraph::audit::{self, Audit, FailOn};
use citegraph::export::{RenderFormat, View, dot_string, render};
use citegraph::{Document, Graph, Source};
use clap::{Args, ValueEnum};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Compiler-like diagnostics.
    Text,
    /// A review to paste into an issue or a letter.
    Markdown,
    /// Everything, machine-readable.
    Json,
    /// One self-contained page.
    Html,
    /// SARIF 2.1.0, for GitHub and GitLab code scanning.
    Sarif,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    /// Only when writing text to a terminal (and `NO_COLOR` is unset).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `citegraph audit`.
#[derive(Args, Debug)]
#[command(after_help = "Exit codes: 0 the audit passed (every --fail-on condition is false); 1 a --fail-on \
condition held, more than --max-unsupported claims are unsupported, or an input or --bib database could \
not be read; 2 usage (an unknown --fail-on word, -o naming an input) or fatal error.\n\n--fail-on takes a \
comma-separated list of: unsupported, unresolved, ambiguous, warnings, errors, or any problem code \
(name-near-miss, suffix-problem, citation-without-year, no-reference-list, ...). `unresolved` counts \
citations that match no entry of the reference list or --bib; a document with neither gets one \
no-reference-list note instead.\n\n--format sarif writes SARIF 2.1.0 for GitHub/GitLab code scanning \
(docs/audit.md).")]
pub struct AuditArgs {
    /// Documents or folders to read (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Colour in text reports.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Exit with status 1 when any of these holds (comma-separated; repeatable).
    #[arg(long, value_name = "WHAT")]
    fail_on: Vec<String>,
    /// Exit with status 1 when more than N claims are unsupported (over all files).
    #[arg(long, value_name = "N")]
    max_unsupported: Option<usize>,
    /// Bibliography databases to resolve citations against, besides the document's own list: BibLaTeX/BibTeX, CSL-JSON, CSL-YAML, RIS or pandoc Markdown `references:`.
    #[arg(long, value_name = "DB.bib")]
    bib: Vec<String>,
    /// Write the report here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<String>,
    /// Score claims with this audit model (written by `train-audit`) instead of the shipped one.
    #[arg(long, value_name = "MODEL.json")]
    model: Option<String>,
}

/// Runs `audit`.
pub fn run_audit(a: AuditArgs) -> Result<ExitCode, CliError> {
    let mut fail_on = Vec::new();
    for f in &a.fail_on {
        fail_on.extend(FailOn::parse_list(f).map_err(|e| CliError::usage(None, e))?);
    }
    // Folders are walked as in every other command.
    let (files, mut failed) = expand_inputs(&a.files);
    let mut out = output::create(a.output.as_deref(), &input_paths(&files, &a.bib))?;
    let (mut options, bib_failed) = load_bibs(&a.bib)?;
    failed |= bib_failed;
    options.model = super::common::load_model(a.model.as_deref())?.map(std::sync::Arc::new);
    let mut inputs: Vec<(Source, Document)> = Vec::new();
    for f in &files {
        // Every input format (text, Markdown, LaTeX, Word, PDF) goes through the input layer.
        match citegraph::extract_with_source(f, None, &options) {
            Ok((src, doc)) => inputs.push((src, doc)),
            Err(e) => {
                report(&e);
                failed = true;
            }
        }
    }
    if inputs.is_empty() && failed {
        // Nothing was read: the output file, if any, is left as it was.
        return Ok(ExitCode::from(1));
    }
    let read: Vec<String> =
        inputs.iter().flat_map(|(_, d)| d.references.iter().filter_map(|r| r.file.clone())).collect();
    out.refuse_read(&read.iter().map(String::as_str).collect::<Vec<_>>())?;
    let audits: Vec<Audit> = inputs.iter().map(|(s, d)| audit::audit_with(d, s, options.claim_model())).collect();
    let to_terminal = matches!(a.output.as_deref(), None | Some("-")) && std::io::stdout().is_terminal();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    match a.format {
        Format::Text => audit::write_text(&mut out, &audits, color)?,
        Format::Markdown => audit::write_markdown(&mut out, &audits)?,
        Format::Json => audit::write_json(&mut out, &audits)?,
        Format::Sarif => audit::write_sarif(&mut out, &audits)?,
        Format::Html => {
            let pictures: Vec<Option<String>> = audits.iter().map(|x| picture(x.doc)).collect();
            audit::write_html(&mut out, &audits, &pictures)?
        }
    }
    out.commit()?;
    let failures = audit::failures(&audits, &fail_on, a.max_unsupported);
    if !failures.is_empty() {
        eprintln!("citegraph: audit failed: {}", failures.join(", "));
    }
    Ok(if failed || !failures.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The sources graph of a document as SVG, when Graphviz can draw it; `None` otherwise
/// (the page then has no picture).
fn picture(doc: &Document) -> Option<String> {
    if doc.citations.is_empty() {
        return None;
    }
    let g = Graph::from_document(doc);
    let text = dot_string(&g, View::Sources);
    let rendered = render(&text, RenderFormat::Svg).ok()?;
    String::from_utf8(rendered.bytes).ok()
}
