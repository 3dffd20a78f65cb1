//! Command-line parsing and dispatch. Each subcommand's arguments and runner live in
//! their own file; this one only names them.

/// The exit-code line every subcommand's `--help` ends with (a macro, so `concat!` can join
/// it to the examples).
macro_rules! exit_codes {
    () => {
        "Exit codes: 0 success; 1 an input (a document or a --bib database) could not be read, or a \
--fail-on condition held; 2 usage or fatal error (including -o naming an input and a missing --bib file)."
    };
}

mod audit;
mod common;
mod export;
mod extract;
mod output;
mod train_audit;
mod train_refs;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Build a graph of a document's claims and the sources they rest on.
///
/// citegraph reads plain or OCR'd text, finds author-year citations (`(Hill, 2013b, p. 8)`,
/// `Schreier (2015)`), footnotes, headings, sentences and the reference list, links every
/// citation to its entry, and writes JSON, BibLaTeX, Graphviz pictures and audits.
#[derive(Parser, Debug)]
#[command(
    name = "citegraph",
    version,
    about,
    after_help = "Examples:\n  citegraph extract data/example.txt --format json\n  citegraph refs references.txt --format json\n\nExit codes (every command): 0 success, 1 some input (a document or a --bib database) failed or a \
--fail-on condition held, 2 usage or fatal error (including -o naming an input and a missing --bib file).\n\n-o never overwrites an \
input, and replaces its target only when the run succeeded."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract citations, footnotes, sections, claims and references as JSON.
    Extract(extract::ExtractArgs),
    /// Parse reference strings, one per line, into structured fields.
    Refs(extract::RefsArgs),
    /// Write a bibliography of the cited works: BibLaTeX, BibTeX, CSL-JSON, or formatted with --style.
    Bib(export::BibArgs),
    /// Draw what the text rests on as a Graphviz graph (DOT or rendered).
    Graph(export::GraphArgs),
    /// List the sources the argument rests on, most depended-on first.
    Sources(export::SourcesArgs),
    /// Report claims without support and broken citations.
    Audit(audit::AuditArgs),
    /// Learn the audit model from documents whose citations are marked (NAME.txt + NAME.gold.json).
    TrainAudit(train_audit::TrainAuditArgs),
    /// Learn the reference-string labeller's corrections from tagged reference strings.
    TrainRefs(train_refs::TrainRefsArgs),
}

/// Parses arguments, runs the command, maps errors to exit codes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => extract::run_extract(a),
        Command::Refs(a) => extract::run_refs(a),
        Command::Bib(a) => export::run_bib(a),
        Command::Graph(a) => export::run_graph(a),
        Command::Sources(a) => export::run_sources(a),
        Command::Audit(a) => audit::run_audit(a),
        Command::TrainAudit(a) => train_audit::run_train_audit(a),
        Command::TrainRefs(a) => train_refs::run_train_refs(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => match e.describe() {
            None => ExitCode::SUCCESS,
            Some(line) => {
                eprintln!("citegraph: error: {}", citegraph::escape_for_terminal(&line));
                ExitCode::from(2)
            }
        },
    }
}
