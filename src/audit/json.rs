//! The JSON report: everything the audit knows, for machines.
//!
//! One object with the totals and a `documents` array; each document object carries the
//! whole extraction (the fields of `extract --format json`, so tools that read those read
//! this too) plus `summary`, `problems` and `sources`.

use super::{Audit, Problem, SourceUse, Summary};
use crate::model::Document;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Report<'a> {
    tool: &'static str,
    version: &'static str,
    summary: Summary,
    documents: Vec<DocReport<'a>>,
}

#[derive(Serialize)]
struct DocReport<'a> {
    #[serde(flatten)]
    document: &'a Document,
    summary: &'a Summary,
    problems: &'a [Problem],
    sources: &'a [SourceUse],
}

/// Writes the JSON report of several audits, pretty-printed, ending in a newline.
pub fn write(out: &mut impl Write, audits: &[Audit]) -> io::Result<()> {
    let report = Report {
        tool: "citegraph",
        version: env!("CARGO_PKG_VERSION"),
        summary: super::total(audits),
        documents: audits
            .iter()
            .map(|a| DocReport { document: a.doc, summary: &a.summary, problems: &a.problems, sources: &a.sources })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    writeln!(out)
}
