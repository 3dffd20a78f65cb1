//! `citegraph._citegraph`: the Rust half of the Python package.
//!
//! Every function here calls the same library functions the command line calls
//! (`src/cli/*.rs`), serialises the result with the same serde code, and hands Python a
//! JSON string; `python/citegraph/__init__.py` turns it into dictionaries. The GIL is
//! released while the library works, so Python threads (and Dask's threaded workers) run
//! on in parallel. Errors become `citegraph.CitegraphError` with `path`, `line` and `kind`.

use citegraph::audit::{self, Audit};
use citegraph::export::{
    Flavour, SortBy, TableFormat, TexChars, TextFormat, find_style, rows, write_bib_with, write_csl_json,
    write_formatted, write_table,
};
use citegraph::{Document, Error, ErrorKind, Format, Graph, Options, Severity, Source};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use rayon::prelude::*;

create_exception!(
    _citegraph,
    CitegraphError,
    PyException,
    "An input citegraph could not read: `path` names the file (None for text given directly), \
`line` the 1-based line when the problem has one, `kind` what went wrong (io, binary, usage, ...)."
);

/// A failure with the place it concerns, before it becomes a Python exception (built
/// without the GIL, raised with it).
struct Failure {
    kind: &'static str,
    path: Option<String>,
    line: Option<usize>,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure { kind: "usage", path: None, line: None, message: message.into() }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let kind = match e.kind {
            ErrorKind::Io => "io",
            ErrorKind::Binary => "binary",
            ErrorKind::UnsupportedFormat => "unsupported-format",
            ErrorKind::NeedsFile => "needs-file",
            ErrorKind::TooLarge => "too-large",
            _ => "error",
        };
        // The library keeps an I/O failure as the error's source: the message shows it too.
        let message = match std::error::Error::source(&e) {
            Some(cause) => format!("{}: {cause}", e.message),
            None => e.message.clone(),
        };
        Failure { kind, path: e.path, line: None, message }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure { kind: "io", path: None, line: None, message: e.to_string() }
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        let text = match (&f.path, f.line) {
            (Some(p), Some(l)) => format!("{p}:{l}: {}", f.message),
            (Some(p), None) => format!("{p}: {}", f.message),
            (None, Some(l)) => format!("line {l}: {}", f.message),
            (None, None) => f.message.clone(),
        };
        let err = CitegraphError::new_err(text);
        Python::attach(|py| {
            let value = err.value(py);
            // Setting attributes on a fresh exception object cannot fail in practice; if it
            // did, the message still carries the place.
            let _ = value.setattr("path", f.path);
            let _ = value.setattr("line", f.line);
            let _ = value.setattr("kind", f.kind);
        });
        err
    }
}

/// Extraction options as the CLI builds them (`load_bibs` in `src/cli/common.rs`): the
/// `--bib` databases loaded, an unreadable one an error carrying its file and line.
fn options(bibs: &[String]) -> Result<Options, Failure> {
    let mut options = Options {
        includes_outside: std::env::var_os("CITEGRAPH_ALLOW_OUTSIDE_INCLUDES").is_some(),
        ..Options::default()
    };
    for b in bibs {
        let (refs, diags) = citegraph::bib::load_bib_file(std::path::Path::new(b));
        if citegraph::bib::unreadable(&diags) {
            let d = diags.iter().find(|d| d.severity == Severity::Error);
            return Err(Failure {
                kind: "io",
                path: Some(d.and_then(|d| d.file.clone()).unwrap_or_else(|| b.clone())),
                line: d.and_then(|d| d.line),
                message: d.map(|d| d.message.clone()).unwrap_or_else(|| "cannot read the database".into()),
            });
        }
        options.bib.extend(refs);
    }
    Ok(options)
}

fn input_format(name: Option<&str>) -> Result<Option<Format>, Failure> {
    match name {
        None => Ok(None),
        Some(n) => Format::from_name(n)
            .map(Some)
            .ok_or_else(|| Failure::usage(format!("unknown input format `{n}` (text, markdown, latex, docx, pdf)"))),
    }
}

/// One document from a file, or from text in memory (`path` is then only its label).
fn extract_source(
    path: &str,
    text: Option<String>,
    format: Option<Format>,
    options: &Options,
) -> Result<(Source, Document), Failure> {
    match text {
        None => Ok(citegraph::extract_with_source(path, format, options)?),
        Some(t) => Ok(citegraph::extract_bytes(path, format.unwrap_or(Format::Text), t.into_bytes(), options)?),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::usage(e.to_string()))
}

/// Documents given back by Python as the JSON of `extract`'s dictionaries.
fn documents(json: &str) -> Result<Vec<Document>, Failure> {
    serde_json::from_str(json).map_err(|e| Failure {
        kind: "usage",
        path: None,
        line: Some(e.line()),
        message: format!("not a list of citegraph documents (as `extract` returns): {e}"),
    })
}

/// Extracts one document; returns its JSON (the object of `citegraph extract --format json`).
#[pyfunction]
#[pyo3(signature = (path, text=None, format=None, bib=Vec::new()))]
fn extract_json(
    py: Python<'_>,
    path: String,
    text: Option<String>,
    format: Option<String>,
    bib: Vec<String>,
) -> PyResult<String> {
    py.detach(|| {
        let format = input_format(format.as_deref())?;
        let options = options(&bib)?;
        let (_, doc) = extract_source(&path, text, format, &options)?;
        to_json(&doc)
    })
    .map_err(PyErr::from)
}

/// Extracts several files in parallel on `threads` threads (0: one per core); returns, in
/// input order, each document's JSON or the `CitegraphError` of that file.
#[pyfunction]
#[pyo3(signature = (paths, threads=0, format=None, bib=Vec::new()))]
fn extract_batch(
    py: Python<'_>,
    paths: Vec<String>,
    threads: usize,
    format: Option<String>,
    bib: Vec<String>,
) -> PyResult<Vec<Py<PyAny>>> {
    let results: Result<Vec<Result<String, Failure>>, Failure> = py.detach(|| {
        let format = input_format(format.as_deref())?;
        let options = options(&bib)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Failure::usage(format!("cannot start worker threads: {e}")))?;
        Ok(pool.install(|| {
            paths
                .par_iter()
                .map(|p| {
                    let doc = citegraph::extract_file(p, format, &options)?;
                    to_json(&doc)
                })
                .collect()
        }))
    });
    // A failed file comes back as its exception object, raised by Python when its turn comes.
    results?
        .into_iter()
        .map(|r| match r {
            Ok(json) => Ok(json.into_pyobject(py)?.into_any().unbind()),
            Err(f) => Ok(PyErr::from(f).into_value(py).into_any()),
        })
        .collect()
}

/// The documents a list of files and folders stands for, as every CLI command walks them
/// (folders recursively, `.gitignore` respected, sorted by path).
#[pyfunction]
fn expand_paths(py: Python<'_>, paths: Vec<String>) -> PyResult<Vec<String>> {
    py.detach(|| {
        let (files, errors) = citegraph::expand_paths(&paths);
        match errors.into_iter().next() {
            Some(e) => Err(Failure::from(e)),
            None => Ok(files),
        }
    })
    .map_err(PyErr::from)
}

/// Parses reference strings (one reference each); returns the JSON of `citegraph refs`.
#[pyfunction]
fn parse_references_json(py: Python<'_>, lines: Vec<String>) -> PyResult<String> {
    py.detach(|| {
        let mut text = String::new();
        for (i, l) in lines.iter().enumerate() {
            let one = l.split_whitespace().collect::<Vec<_>>().join(" ");
            if one.is_empty() {
                return Err(Failure {
                    kind: "usage",
                    path: None,
                    line: Some(i + 1),
                    message: "empty reference string".into(),
                });
            }
            text.push_str(&one);
            text.push('\n');
        }
        let (mut refs, _diagnostics) = citegraph::parse_references(&text);
        citegraph::assign_keys(&mut refs);
        to_json(&refs)
    })
    .map_err(PyErr::from)
}

/// Audits documents (files, or one text); returns the JSON of `citegraph audit --format json`.
#[pyfunction]
#[pyo3(signature = (paths, text=None, format=None, bib=Vec::new()))]
fn audit_json(
    py: Python<'_>,
    paths: Vec<String>,
    text: Option<String>,
    format: Option<String>,
    bib: Vec<String>,
) -> PyResult<String> {
    py.detach(|| {
        let format = input_format(format.as_deref())?;
        let options = options(&bib)?;
        let inputs: Vec<(Source, Document)> = match text {
            Some(t) => vec![extract_source(paths.first().map_or("<text>", String::as_str), Some(t), format, &options)?],
            None => {
                let (files, errors) = citegraph::expand_paths(&paths);
                if let Some(e) = errors.into_iter().next() {
                    return Err(e.into());
                }
                files.iter().map(|f| extract_source(f, None, format, &options)).collect::<Result<_, _>>()?
            }
        };
        let audits: Vec<Audit> = inputs.iter().map(|(s, d)| audit::audit_with(d, s, options.claim_model())).collect();
        let mut out = Vec::new();
        audit::write_json(&mut out, &audits)?;
        String::from_utf8(out).map_err(|e| Failure::usage(e.to_string()))
    })
    .map_err(PyErr::from)
}

/// Writes the bibliography of documents given as `extract` JSON: `biblatex`, `bibtex`,
/// `csl-json`, `ris`, or a bundled CSL style name (formatted as `style_format`: text,
/// markdown or html), exactly as `citegraph bib` does.
#[pyfunction]
#[pyo3(signature = (docs_json, format="biblatex".to_string(), style_format="text".to_string(), unicode=false))]
fn bibliography_text(
    py: Python<'_>,
    docs_json: String,
    format: String,
    style_format: String,
    unicode: bool,
) -> PyResult<String> {
    py.detach(|| {
        let docs = documents(&docs_json)?;
        let chars = if unicode { TexChars::Unicode } else { TexChars::LatexSafe };
        let mut out = Vec::new();
        match format.as_str() {
            "biblatex" => write_bib_with(&docs, Flavour::Biblatex, chars, &mut out)?,
            "bibtex" => write_bib_with(&docs, Flavour::Bibtex, chars, &mut out)?,
            "csl-json" => write_csl_json(&docs, &mut out)?,
            "ris" => citegraph::export::write_ris(&docs, &mut out)?,
            style => {
                find_style(style).map_err(|e| Failure::usage(e.to_string()))?;
                let tf = match style_format.as_str() {
                    "text" => TextFormat::Text,
                    "markdown" => TextFormat::Markdown,
                    "html" => TextFormat::Html,
                    f => return Err(Failure::usage(format!("style_format is text, markdown or html, not `{f}`"))),
                };
                write_formatted(&docs, style, tf, &mut out).map_err(|e| Failure::usage(e.to_string()))?;
            }
        }
        String::from_utf8(out).map_err(|e| Failure::usage(e.to_string()))
    })
    .map_err(PyErr::from)
}

/// The sources table of documents given as `extract` JSON, as `citegraph sources` writes it
/// (`csv`, `json`, `markdown` or `text`; sorted by `dependence`, `citations`, `key` or `first`).
#[pyfunction]
#[pyo3(signature = (docs_json, format="csv".to_string(), sort="dependence".to_string()))]
fn sources_text(py: Python<'_>, docs_json: String, format: String, sort: String) -> PyResult<String> {
    py.detach(|| {
        let docs = documents(&docs_json)?;
        let format = match format.as_str() {
            "csv" => TableFormat::Csv,
            "json" => TableFormat::Json,
            "markdown" => TableFormat::Markdown,
            "text" => TableFormat::Text,
            f => return Err(Failure::usage(format!("format is csv, json, markdown or text, not `{f}`"))),
        };
        let sort = match sort.as_str() {
            "dependence" => SortBy::Dependence,
            "citations" => SortBy::Citations,
            "key" => SortBy::Key,
            "first" => SortBy::First,
            s => return Err(Failure::usage(format!("sort is dependence, citations, key or first, not `{s}`"))),
        };
        let g = Graph::from_documents(&docs);
        let table = rows(&g, &docs, sort);
        let mut out = Vec::new();
        write_table(&table, format, docs.len() > 1, &mut out)?;
        String::from_utf8(out).map_err(|e| Failure::usage(e.to_string()))
    })
    .map_err(PyErr::from)
}

/// The extension module.
#[pymodule]
fn _citegraph(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CitegraphError", m.py().get_type::<CitegraphError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_batch, m)?)?;
    m.add_function(wrap_pyfunction!(expand_paths, m)?)?;
    m.add_function(wrap_pyfunction!(parse_references_json, m)?)?;
    m.add_function(wrap_pyfunction!(audit_json, m)?)?;
    m.add_function(wrap_pyfunction!(bibliography_text, m)?)?;
    m.add_function(wrap_pyfunction!(sources_text, m)?)?;
    Ok(())
}
