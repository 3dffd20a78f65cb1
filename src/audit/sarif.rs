//! The SARIF 2.1.0 report, for code scanning.
//!
//! Why: a manuscript under version control (LaTeX, Markdown) can be checked in CI like
//! code. GitHub and GitLab code scanning read SARIF (the OASIS Static Analysis Results
//! Interchange Format, version 2.1.0) and show each result on its line in the pull request.
//! So every [`Problem`] becomes one `result`: `ruleId` = the problem code, `level` from the
//! severity (info → `note`), `message.text`, and a `physicalLocation` with the file's URI
//! and `region.startLine`/`startColumn` when the problem has a place. Columns count
//! characters, which the run states (`columnKind: unicodeCodePoints`). A problem in a
//! `.bib` database points at that file. Each code used becomes one rule of the driver, with
//! a short description; results refer to it by `ruleIndex` too.

use super::{Audit, Problem};
use crate::diagnostic::{Code, Severity};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The `$schema` URI a SARIF 2.1.0 log names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes one SARIF log (one run) for several audits, pretty-printed, ending in a newline.
pub fn write(out: &mut impl Write, audits: &[Audit]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(audits)).map_err(io::Error::other)?;
    writeln!(out)
}

/// The SARIF log as a JSON value.
pub fn log(audits: &[Audit]) -> Value {
    // Rules in order of code, so indices are stable whatever the document order.
    let mut rules: BTreeMap<Code, usize> = BTreeMap::new();
    for a in audits {
        for p in &a.problems {
            rules.insert(p.code, 0);
        }
    }
    for (i, v) in rules.values_mut().enumerate() {
        *v = i;
    }
    let rule_list: Vec<Value> = rules
        .keys()
        .map(|code| {
            json!({
                "id": code,
                "name": rule_name(code.as_str()),
                "shortDescription": {"text": describe(*code)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for a in audits {
        for p in &a.problems {
            results.push(result(p, &a.doc.path, rules.get(&p.code).copied().unwrap_or(0)));
        }
    }
    json!({
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [{
            "tool": {"driver": {
                "name": "citegraph",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_list,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// One result.
fn result(p: &Problem, doc_path: &str, rule_index: usize) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": uri(p.file.as_deref().unwrap_or(doc_path))}});
    if let Some(line) = p.line.filter(|&l| l > 0) {
        let mut region = json!({"startLine": line});
        if let Some(col) = p.column.filter(|&c| c > 0) {
            region["startColumn"] = json!(col);
        }
        physical["region"] = region;
    }
    let mut message = p.message.clone();
    if let Some(s) = &p.suggestion {
        message.push_str(&format!(" ({s})"));
    }
    json!({
        "ruleId": p.code,
        "ruleIndex": rule_index,
        "level": level(p.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
    })
}

/// SARIF's level for a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `unresolved-citation` → `UnresolvedCitation`, SARIF's rule name style.
fn rule_name(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// A one-line description of a problem code.
fn describe(code: Code) -> String {
    let known = match code {
        Code::UnsupportedClaim => "A claim that needs a source cites none",
        Code::NoReferenceList => "The document cites but has no reference list to check against",
        Code::UnresolvedCitation => "A citation matches no entry of the reference list",
        Code::AmbiguousCitation => "A citation matches several reference entries",
        Code::YearMismatch => "A citation's year differs from the entry's",
        Code::NameNearMiss => "A cited name is spelled differently from the reference entry",
        Code::SuffixProblem => "Year suffixes (2013a, 2013b) are missing or inconsistent",
        Code::CitationWithoutYear => "A citation gives no year",
        Code::UncitedReference => "A reference entry is not cited in the text",
        Code::DuplicateReference => "A reference entry repeats another",
        Code::FootnoteWithoutAnchor => "A footnote has no marker in the text",
        Code::EmptyInput => "The document holds no text",
        _ => "",
    };
    if known.is_empty() { format!("citegraph problem `{code}` (see docs/audit.md)") } else { known.to_string() }
}

/// A relative URI reference for a path: `/` separators, and every byte outside the URI's
/// unreserved and path characters percent-encoded. An absolute path becomes a `file://` URI.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("./paper dir/ch 1#2.md"), "paper%20dir/ch%201%232.md");
        assert_eq!(uri("/tmp/é.tex"), "file:///tmp/%C3%A9.tex");
        assert_eq!(rule_name(Code::UnresolvedCitation.as_str()), "UnresolvedCitation");
    }
}
