//! `citegraph bib`, `citegraph graph` and `citegraph sources`: thin wrappers over
//! `citegraph::export`.

use super::common::{CliError, bib_files_read, expand_inputs, extract_all, input_paths, load_bibs};
use super::output;
use citegraph::Graph;
use citegraph::export::{
    Flavour, RenderFormat, SortBy, StyleError, TableFormat, TexChars, TextFormat, View, check_locale, dot_string,
    load_style, render, rows, style_help, write_bib_with, write_csl_json, write_formatted_with, write_table,
};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `citegraph bib`.
#[derive(Args, Debug)]
#[command(
    long_about = "Write a bibliography of every work the documents cite.\n\n\
Works resolved to a reference-list or --bib entry get all their fields; works known only\n\
from in-text citations get an entry with their authors and year, the title\n\
`[Title unknown]`, a note saying so and `keywords = {citegraph-incomplete}`, so the gap\n\
is visible (biblatex: `\\printbibliography[notkeyword=citegraph-incomplete]` hides them).\n\
Keys are stable across runs and the same as in `citegraph graph` and `sources`.\n\
TeX already present in a --bib field (`\\emph{x}`) is kept as written.\n\n\
With --style NAME it writes the formatted reference list instead, in one of the CSL\n\
styles built into citegraph (no network needed) or in a CSL style file (--style x.csl):\n\
--format text (default with --style), markdown or html; --locale de-DE changes the\n\
language. Style names: apa, chicago-author-date, chicago-notes, mla, ieee,\n\
harvard, vancouver, nature, ... (`--style help` lists all of them). Works known only from\n\
citations end in `[incomplete: known only from the in-text citation \"...\"]`.",
    after_help = concat!("Examples:\n  citegraph bib paper.txt -o paper.bib\n  citegraph bib paper.txt --bib library.bib -o cited.bib\n  citegraph bib chapters/*.txt --format csl-json -o cited.json\n  citegraph bib paper.txt --style apa\n  citegraph bib paper.txt --style chicago-author-date --format html -o refs.html\n  citegraph bib paper.txt --style ~/csl/nature.csl --locale en-GB\n  citegraph bib paper.txt --style help", "\n\n", exit_codes!())
)]
pub struct BibArgs {
    /// Documents to read (`-` for standard input).
    #[arg(required_unless_present = "style", value_name = "FILE")]
    files: Vec<String>,
    /// Bibliography database(s) to resolve citations against (repeatable): BibLaTeX/BibTeX, CSL-JSON, CSL-YAML, RIS or pandoc Markdown `references:`, by content and extension.
    #[arg(long = "bib", value_name = "DB.bib")]
    bib: Vec<String>,
    /// Output format [default: biblatex; text with --style]. text, markdown and html need --style.
    #[arg(long, value_enum)]
    format: Option<BibFormat>,
    /// Write a formatted reference list in this CSL style: a bundled name (`apa`, `mla`,
    /// `ieee`, ...; `help` lists them) or a style file (`path/to/style.csl`).
    #[arg(long, value_name = "NAME|FILE.csl")]
    style: Option<String>,
    /// Language of the formatted list's terms and dates (with --style): a CSL locale code
    /// (`en-GB`, `de-DE`, `fr`) or a CSL locale file (`locales-xx-XX.xml`) [default: the style's].
    #[arg(long, value_name = "CODE|FILE.xml", requires = "style")]
    locale: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Keep Greek, math symbols and combining accents as UTF-8 in BibLaTeX/BibTeX (for
    /// lualatex/xelatex); by default they are LaTeX commands so that pdflatex compiles.
    #[arg(long)]
    unicode: bool,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum BibFormat {
    /// BibLaTeX for biber (`journaltitle`, `date`, ...).
    Biblatex,
    /// Classic BibTeX (`journal`, `year`, ...).
    Bibtex,
    /// CSL-JSON, as read by pandoc and Zotero.
    CslJson,
    /// RIS, as read by EndNote, Zotero and Mendeley.
    Ris,
    /// Formatted reference list as plain text, one entry per line (with --style).
    Text,
    /// Formatted reference list as Markdown, one paragraph per entry (with --style).
    Markdown,
    /// Formatted reference list as an HTML fragment, one `<div class="csl-entry">` each (with --style).
    Html,
}

/// Arguments of `citegraph graph`.
#[derive(Args, Debug)]
#[command(
    long_about = "Draw what the text rests on as a Graphviz graph.\n\n\
Views: `sources` (sections → sources, edge label = number of citations), `claims`\n\
(claims and footnotes → sources; claims that neither cite nor need support are left out)\n\
and `cocitation` (sources linked when cited in the same claim). Unsupported claims are\n\
red, unresolved sources orange and dashed. `svg`, `png` and `pdf` run Graphviz's `dot`\n\
program (package `graphviz`; set CITEGRAPH_DOT to use another binary).",
    after_help = concat!("Examples:\n  citegraph graph paper.txt -o paper.dot\n  citegraph graph paper.txt --view claims --format svg -o claims.svg\n  citegraph graph paper.txt --view cocitation | dot -Tpng > cocitation.png", "\n\n", exit_codes!())
)]
pub struct GraphArgs {
    /// Documents to read (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Bibliography database(s) to resolve citations against (repeatable): BibLaTeX/BibTeX, CSL-JSON, CSL-YAML, RIS or pandoc Markdown `references:`, by content and extension.
    #[arg(long = "bib", value_name = "DB.bib")]
    bib: Vec<String>,
    /// What to draw.
    #[arg(long, value_enum, default_value_t = ViewArg::Sources)]
    view: ViewArg,
    /// Output format: DOT text, or a picture rendered by `dot`.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ViewArg {
    /// Documents and sections → sources.
    Sources,
    /// Claims and footnotes → sources.
    Claims,
    /// Sources cited in the same claim.
    Cocitation,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum GraphFormat {
    /// DOT text.
    Dot,
    /// SVG (needs Graphviz).
    Svg,
    /// PNG (needs Graphviz).
    Png,
    /// PDF (needs Graphviz).
    Pdf,
}

/// Arguments of `citegraph sources`.
#[derive(Args, Debug)]
#[command(
    long_about = "List the sources the argument rests on.\n\n\
For each source: its citations, the claims it supports, the claims that rest on it alone\n\
(remove it and they stand unsupported), the sections it reaches and the lines of its first\n\
and last citation. Sorted by dependence by default: the sources the text cannot lose come\n\
first. In text output `?` marks a source no reference entry describes.",
    after_help = concat!("Examples:\n  citegraph sources paper.txt\n  citegraph sources paper.txt --format markdown > sources.md\n  citegraph sources paper.txt --format csv --sort citations > sources.csv", "\n\n", exit_codes!())
)]
pub struct SourcesArgs {
    /// Documents to read (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Bibliography database(s) to resolve citations against (repeatable): BibLaTeX/BibTeX, CSL-JSON, CSL-YAML, RIS or pandoc Markdown `references:`, by content and extension.
    #[arg(long = "bib", value_name = "DB.bib")]
    bib: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Text)]
    format: SourcesFormat,
    /// Row order.
    #[arg(long, value_enum, default_value_t = SortArg::Dependence)]
    sort: SortArg,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum SourcesFormat {
    /// Aligned columns.
    Text,
    /// Markdown table.
    Markdown,
    /// CSV with a header row.
    Csv,
    /// JSON array of objects.
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum SortArg {
    /// Claims resting on the source alone, then citations.
    Dependence,
    /// Number of citations.
    Citations,
    /// Source key.
    Key,
    /// First citation in the text.
    First,
}

/// Walks folders, opens the output (refusing an input as output), loads `--bib`
/// databases and extracts every document. Returns the documents, whether any input failed,
/// and the output, which the caller commits.
fn read_all(
    files: &[String],
    bibs: &[String],
    output: Option<&str>,
) -> Result<(Vec<citegraph::Document>, bool, output::Output), CliError> {
    let (files, walk_failed) = expand_inputs(files);
    let out = output::create(output, &input_paths(&files, bibs))?;
    let (options, bib_failed) = load_bibs(bibs)?;
    let (docs, failed) = extract_all(&files, &options);
    let read = bib_files_read(&docs);
    out.refuse_read(&read.iter().map(String::as_str).collect::<Vec<_>>())?;
    Ok((docs, failed || walk_failed || bib_failed, out))
}

fn exit(failed: bool) -> ExitCode {
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Runs `bib`.
pub fn run_bib(a: BibArgs) -> Result<ExitCode, CliError> {
    let usage = |m: String| CliError::usage(None, m);
    let style_format = match (&a.style, a.format) {
        (Some(name), _) if name.trim().eq_ignore_ascii_case("help") => {
            let mut out = output::create(a.output.as_deref(), &input_paths(&a.files, &a.bib))?;
            out.write_all(style_help().as_bytes())?;
            out.commit()?;
            return Ok(ExitCode::SUCCESS);
        }
        (Some(_), None | Some(BibFormat::Text)) => Some(TextFormat::Text),
        (Some(_), Some(BibFormat::Markdown)) => Some(TextFormat::Markdown),
        (Some(_), Some(BibFormat::Html)) => Some(TextFormat::Html),
        (Some(_), Some(f @ (BibFormat::Biblatex | BibFormat::Bibtex | BibFormat::CslJson | BibFormat::Ris))) => {
            let f = f.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
            return Err(usage(format!("--style writes text, markdown or html, not {f}; drop --style for {f}")));
        }
        (None, Some(f @ (BibFormat::Text | BibFormat::Markdown | BibFormat::Html))) => {
            let f = f.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
            return Err(usage(format!("--format {f} needs --style NAME (for example --style apa)")));
        }
        (None, _) => None,
    };
    if a.files.is_empty() {
        return Err(usage("no FILE given".into()));
    }
    // Before reading anything: a typo in the style name or a broken style file should fail at once.
    let style = match &a.style {
        Some(spec) => Some(load_style(spec).map_err(|e| usage(e.to_string()))?),
        None => None,
    };
    if let (Some(style), Some(locale)) = (&style, &a.locale) {
        check_locale(locale, style).map_err(|e| usage(e.to_string()))?;
    }
    let (docs, failed, mut out) = read_all(&a.files, &a.bib, a.output.as_deref())?;
    if docs.is_empty() && failed {
        // Every input failed: the output file, if any, is left as it was.
        return Ok(exit(failed));
    }
    if let (Some(style), Some(format)) = (&style, style_format) {
        let mut buf = Vec::new();
        write_formatted_with(&docs, style, a.locale.as_deref(), format, &mut buf).map_err(|e| match e {
            StyleError::Io(io) => CliError::from(io),
            e => CliError::usage(None, e.to_string()),
        })?;
        if format == TextFormat::Text {
            // Titles and names come from untrusted files; a terminal must not act on them.
            let text = String::from_utf8_lossy(&buf);
            out.write_all(citegraph::escape_for_terminal(&text).as_bytes())?;
        } else {
            out.write_all(&buf)?;
        }
        out.commit()?;
        return Ok(exit(failed));
    }
    let chars = if a.unicode { TexChars::Unicode } else { TexChars::LatexSafe };
    match a.format.unwrap_or(BibFormat::Biblatex) {
        BibFormat::Biblatex => write_bib_with(&docs, Flavour::Biblatex, chars, &mut out)?,
        BibFormat::Bibtex => write_bib_with(&docs, Flavour::Bibtex, chars, &mut out)?,
        BibFormat::CslJson => write_csl_json(&docs, &mut out)?,
        BibFormat::Ris => citegraph::export::write_ris(&docs, &mut out)?,
        // Rejected above without --style.
        BibFormat::Text | BibFormat::Markdown | BibFormat::Html => {}
    }
    out.commit()?;
    Ok(exit(failed))
}

/// Runs `graph`.
pub fn run_graph(a: GraphArgs) -> Result<ExitCode, CliError> {
    let (docs, failed, out) = read_all(&a.files, &a.bib, a.output.as_deref())?;
    if docs.is_empty() && failed {
        return Ok(exit(failed));
    }
    let g = Graph::from_documents(&docs);
    let view = match a.view {
        ViewArg::Sources => View::Sources,
        ViewArg::Claims => View::Claims,
        ViewArg::Cocitation => View::Cocitation,
    };
    let dot = dot_string(&g, view);
    let format = match a.format {
        GraphFormat::Dot => None,
        GraphFormat::Svg => Some(RenderFormat::Svg),
        GraphFormat::Png => Some(RenderFormat::Png),
        GraphFormat::Pdf => Some(RenderFormat::Pdf),
    };
    // Rendered in full before anything is written, so a missing Graphviz writes nothing.
    let bytes = match format {
        None => {
            let mut d = dot.into_bytes();
            d.push(b'\n');
            d
        }
        Some(f) => {
            let r = render(&dot, f)?;
            for l in r.warnings.lines().filter(|l| !l.trim().is_empty()) {
                eprintln!("citegraph: dot: {}", citegraph::escape_for_terminal(l));
            }
            r.bytes
        }
    };
    let mut out = out;
    out.write_all(&bytes)?;
    out.commit()?;
    Ok(exit(failed))
}

/// Runs `sources`.
pub fn run_sources(a: SourcesArgs) -> Result<ExitCode, CliError> {
    let (docs, failed, mut out) = read_all(&a.files, &a.bib, a.output.as_deref())?;
    if docs.is_empty() && failed {
        return Ok(exit(failed));
    }
    let g = Graph::from_documents(&docs);
    let sort = match a.sort {
        SortArg::Dependence => SortBy::Dependence,
        SortArg::Citations => SortBy::Citations,
        SortArg::Key => SortBy::Key,
        SortArg::First => SortBy::First,
    };
    let format = match a.format {
        SourcesFormat::Text => TableFormat::Text,
        SourcesFormat::Markdown => TableFormat::Markdown,
        SourcesFormat::Csv => TableFormat::Csv,
        SourcesFormat::Json => TableFormat::Json,
    };
    let table = rows(&g, &docs, sort);
    if matches!(format, TableFormat::Text) {
        // Names and titles come from untrusted files; a terminal must not act on them.
        let mut buf = Vec::new();
        write_table(&table, format, docs.len() > 1, &mut buf)?;
        out.write_all(citegraph::escape_for_terminal(&String::from_utf8_lossy(&buf)).as_bytes())?;
    } else {
        write_table(&table, format, docs.len() > 1, &mut out)?;
    }
    out.commit()?;
    Ok(exit(failed))
}
