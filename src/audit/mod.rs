//! The audit of claim support and its reports.
//!
//! `citegraph audit` exists for the editor, reviewer or fact-checker who needs to know which
//! statements rest on nothing, which rest on a source missing from the bibliography, and
//! which citations are broken. Extraction already decided every claim's status
//! (the cite-worthiness [`Model`]) and collected the citation diagnostics; this module turns one
//! document into a list of [`Problem`]s with places, reasons and suggestions, a
//! [`Summary`] and the [`SourceUse`] table, and the writers put that as text (like a
//! compiler, [`write_text`]), Markdown (for a letter to authors, [`write_markdown`]), JSON
//! (for machines, [`write_json`]), one self-contained HTML page ([`write_html`]) or SARIF
//! for code scanning ([`write_sarif`]). [`FailOn`] turns the findings into an exit code for
//! CI gates.
//!
//! Every writer takes any [`std::io::Write`], so reports go to files, pipes or buffers alike.
//!
//! Which claims need a source is decided by a learned [`Model`]; [`train_model`] learns one
//! from documents whose citations are marked (what `citegraph train-audit` runs), and
//! [`Options::model`](crate::Options::model) or [`audit_with`] use it.

mod html;
mod json;
mod markdown;
mod sarif;
mod text;

pub use crate::claim::model::{FeatureConfig, Model, ModelFile};
pub use crate::claim::train::train as train_model;
pub use html::write as write_html;
pub use json::write as write_json;
pub use markdown::write as write_markdown;
pub use sarif::write as write_sarif;
pub use text::write as write_text;

use crate::claim::{self, Hit};
use crate::diagnostic::Code;
use crate::diagnostic::Severity;
use crate::graph;
use crate::model::{ClaimStatus, Document};
use crate::source::{Source, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// The code of the problem reported for a claim that needs a source and has none.
pub const UNSUPPORTED: Code = Code::UnsupportedClaim;

/// The code of the note given once for a document that cites but has no reference list
/// (and no `--bib`): its citations are then not counted as unresolved.
pub const NO_REFERENCE_LIST: Code = Code::NoReferenceList;

/// The code of the note for a claim that names its source (`Resolution 130`) but whose
/// source is in no reference entry.
pub const NAMED_WITHOUT_REFERENCE: Code = Code::NamedSourceWithoutReference;

/// One finding of the audit: an unsupported claim or an extraction diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// How serious it is.
    pub severity: Severity,
    /// Stable code, serialised as kebab-case: `unsupported-claim` or a diagnostic code such
    /// as `unresolved-citation`.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file `line` refers to when it is not the document (a `.bib` database).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Byte span in the original text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The claim concerned (`s12`), for claim problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// The sentence, line breaks joined, for claim problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Byte ranges of `text` that made the claim need a source (the part to underline).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub underline: Vec<Range<usize>>,
    /// Need-for-support score, for claim problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Why the score is what it is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Sentences examined.
    pub claims: usize,
    /// Claims with support of their own or carried to them.
    pub supported: usize,
    /// Claims that need a source and have none.
    pub unsupported: usize,
    /// Sentences that need no source.
    pub no_claim: usize,
    /// Citations found.
    pub citations: usize,
    /// Citations that match no reference entry (0 when the document has no reference list
    /// at all: see [`NO_REFERENCE_LIST`]).
    pub unresolved: usize,
    /// Citations that match several reference entries.
    pub ambiguous: usize,
    /// Footnotes found.
    pub footnotes: usize,
    /// Reference entries.
    pub references: usize,
    /// Problems of severity error.
    pub errors: usize,
    /// Problems of severity warning.
    pub warnings: usize,
}

impl Summary {
    /// Adds another document's counts.
    pub fn add(&mut self, o: &Summary) {
        self.claims += o.claims;
        self.supported += o.supported;
        self.unsupported += o.unsupported;
        self.no_claim += o.no_claim;
        self.citations += o.citations;
        self.unresolved += o.unresolved;
        self.ambiguous += o.ambiguous;
        self.footnotes += o.footnotes;
        self.references += o.references;
        self.errors += o.errors;
        self.warnings += o.warnings;
    }

    /// `192 claims, 77 supported, 12 unsupported, 107 citations, 3 unresolved, 14 footnotes`.
    pub fn line(&self) -> String {
        format!(
            "{} claims, {} supported, {} unsupported, {} citations, {} unresolved, {} footnotes",
            self.claims, self.supported, self.unsupported, self.citations, self.unresolved, self.footnotes
        )
    }
}

/// One cited work: how often and where the document cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceUse {
    /// The work's key (the reference's key, or one made from the citation).
    pub key: String,
    /// A short label such as `Hill 2013b`.
    pub label: String,
    /// The reference entry, when the citations resolve to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The reference entry as written, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// Number of citations.
    pub count: usize,
    /// Ids of the citations, in document order.
    pub citations: Vec<String>,
    /// Lines of the citations, in document order.
    pub lines: Vec<usize>,
}

/// The audit of one document.
#[derive(Debug, Clone)]
pub struct Audit<'a> {
    /// The extracted document.
    pub doc: &'a Document,
    /// Its text, for columns and for the HTML page.
    pub source: &'a Source,
    /// Problems in document order.
    pub problems: Vec<Problem>,
    /// Counts.
    pub summary: Summary,
    /// Cited works, most cited first.
    pub sources: Vec<SourceUse>,
}

/// Audits one extracted document.
pub fn audit<'a>(doc: &'a Document, source: &'a Source) -> Audit<'a> {
    audit_with(doc, source, claim::Model::shipped())
}

/// Audits one extracted document whose claims were scored with `model` (`--model`).
pub fn audit_with<'a>(doc: &'a Document, source: &'a Source, model: &claim::Model) -> Audit<'a> {
    let assessments = claim::assess_claims_with(&doc.claims, &doc.sections, model);
    let mut problems = Vec::new();
    for (c, a) in doc.claims.iter().zip(&assessments) {
        if c.status != ClaimStatus::Unsupported {
            continue;
        }
        let raised: Vec<&Hit> = a.hits.iter().filter(|h| h.weight > 0.0).collect();
        let mut underline: Vec<Range<usize>> = raised.iter().filter_map(|h| h.range.clone()).collect();
        underline.sort_by_key(|r| (r.start, r.end));
        underline.dedup();
        if underline.is_empty() {
            underline.push(0..c.text.len());
        }
        problems.push(Problem {
            severity: Severity::Warning,
            code: UNSUPPORTED,
            message: "this claim needs a source but cites none".into(),
            file: None,
            line: Some(c.line),
            column: Some(source.column_of(c.span.start)),
            span: Some(c.span),
            claim: Some(c.id.clone()),
            text: Some(c.text.clone()),
            underline,
            score: Some(c.score),
            reasons: c.reasons.clone(),
            suggestion: Some(suggest(&raised).into()),
        });
    }
    problems.extend(named_without_reference(doc, source));
    for d in &doc.diagnostics {
        problems.push(Problem {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            file: d.file.clone(),
            line: d.line.or_else(|| d.span.map(|s| source.line_of(s.start))),
            // Columns are counted in the document; a .bib problem has its line only.
            column: if d.file.is_some() { None } else { d.span.map(|s| source.column_of(s.start)) },
            span: d.span,
            claim: None,
            text: None,
            underline: Vec::new(),
            score: None,
            reasons: Vec::new(),
            suggestion: d.suggestion.clone(),
        });
    }
    // Without a reference list there is nothing to resolve against: say so once, instead of
    // counting every citation as unresolved.
    let no_list = doc.references.is_empty() && !doc.citations.is_empty();
    if no_list {
        problems.push(Problem {
            severity: Severity::Info,
            code: NO_REFERENCE_LIST,
            message: format!(
                "no reference list was found, so the {} citation(s) were not checked against one",
                doc.citations.len()
            ),
            file: None,
            line: None,
            column: None,
            span: None,
            claim: None,
            text: None,
            underline: Vec::new(),
            score: None,
            reasons: Vec::new(),
            suggestion: Some("add a reference list to the document, or pass the bibliography with --bib".into()),
        });
    }
    problems.sort_by_key(|p| (p.file.is_some(), p.line.unwrap_or(0), p.column.unwrap_or(0)));
    let count = |s: ClaimStatus| doc.claims.iter().filter(|c| c.status == s).count();
    let summary = Summary {
        claims: doc.claims.len(),
        supported: count(ClaimStatus::Supported),
        unsupported: count(ClaimStatus::Unsupported),
        no_claim: count(ClaimStatus::NoClaim),
        citations: doc.citations.len(),
        unresolved: if no_list { 0 } else { doc.citations.iter().filter(|c| c.reference.is_none()).count() },
        ambiguous: doc.diagnostics.iter().filter(|d| d.code == Code::AmbiguousCitation).count(),
        footnotes: doc.footnotes.len(),
        references: doc.references.len(),
        errors: problems.iter().filter(|p| p.severity == Severity::Error).count(),
        warnings: problems.iter().filter(|p| p.severity == Severity::Warning).count(),
    };
    Audit { doc, source, problems, summary, sources: source_uses(doc) }
}

/// One `info` note per claim whose support is the source it names (its first reason says
/// so), when no reference entry gives that source. Claims that also cite or carry a
/// footnote are left alone: their reader has somewhere to look.
fn named_without_reference(doc: &Document, source: &Source) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    let by_id: std::collections::HashMap<&str, &crate::model::Claim> =
        doc.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    for n in doc.named_sources.iter().filter(|n| n.reference.is_none()) {
        let Some(id) = n.claim.as_deref() else { continue };
        let by_name = |c: &crate::model::Claim| c.reasons.first().is_some_and(|r| r.starts_with(crate::named::REASON));
        let Some(&c) = by_id.get(id).filter(|c| by_name(c)) else { continue };
        // Several names in one sentence make one note.
        if let Some(p) = out.last_mut().filter(|p| p.claim.as_deref() == Some(id)) {
            p.message.push_str(&format!("; {}", n.name));
            continue;
        }
        // The name as it stands in the joined sentence, for underlining.
        let underline: Vec<Range<usize>> = c.text.find(&n.name).map(|k| k..k + n.name.len()).into_iter().collect();
        out.push(Problem {
            severity: Severity::Info,
            code: NAMED_WITHOUT_REFERENCE,
            message: format!("names its source but gives no reference: {}", n.name),
            file: None,
            line: Some(c.line),
            column: Some(source.column_of(c.span.start)),
            span: Some(c.span),
            claim: Some(c.id.clone()),
            text: Some(c.text.clone()),
            underline,
            score: Some(c.score),
            reasons: c.reasons.clone(),
            suggestion: Some(format!(
                "add {} to the reference list (issuing body, title, year, where to find it)",
                n.name
            )),
        });
    }
    out
}

/// The suggestion for an unsupported claim, from the strongest cue that raised its score.
fn suggest(raised: &[&Hit]) -> &'static str {
    let top = raised.iter().max_by(|a, b| a.weight.total_cmp(&b.weight)).map(|h| h.code);
    match top {
        Some("earlier-work" | "previous-studies" | "studies-show" | "has-found" | "agreement") => {
            "cite the earlier work it refers to"
        }
        Some("received-knowledge" | "known-thing") => "cite a source for what it presents as known",
        Some("author-without-year") => "give the year and add the work to the reference list",
        Some("attributed-words" | "quotation") => "attribute the quotation: cite where the words were said or written",
        Some("hearsay") => "cite who reported it",
        Some("tool" | "named-tool") => "cite the software, database or method used",
        _ => "add a citation, or make clear that this is the author's own argument",
    }
}

fn source_uses(doc: &Document) -> Vec<SourceUse> {
    let mut by_key: BTreeMap<String, SourceUse> = BTreeMap::new();
    for c in &doc.citations {
        let key = graph::source_key(c, &doc.references);
        let reference = c.reference.as_ref().and_then(|id| doc.references.iter().find(|r| &r.id == id));
        let e = by_key.entry(key.clone()).or_insert_with(|| SourceUse {
            key,
            label: graph::source_label(c),
            reference: reference.map(|r| r.id.clone()),
            raw: reference.map(|r| r.raw.clone()),
            count: 0,
            citations: Vec::new(),
            lines: Vec::new(),
        });
        e.count += 1;
        e.citations.push(c.id.clone());
        e.lines.push(c.line);
    }
    let mut out: Vec<SourceUse> = by_key.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// A condition that makes `citegraph audit` exit with status 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailOn {
    /// Any unsupported claim.
    Unsupported,
    /// Any citation that matches no entry of the document's reference list or a `--bib`
    /// database. A document with neither has nothing to resolve against: the condition does
    /// not hold for it, and the report says so once (`no-reference-list`).
    Unresolved,
    /// Any citation that matches several entries.
    Ambiguous,
    /// Any problem of severity warning or error.
    Warnings,
    /// Any problem of severity error.
    Errors,
    /// Any problem with this exact code (`name-near-miss`, `citation-without-year`, ...).
    Code(Code),
}

impl FailOn {
    /// Parses a comma-separated list such as `unsupported,unresolved,name-near-miss`.
    pub fn parse_list(s: &str) -> Result<Vec<FailOn>, String> {
        s.split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(|w| match w {
                "unsupported" => Ok(FailOn::Unsupported),
                "unresolved" => Ok(FailOn::Unresolved),
                "ambiguous" => Ok(FailOn::Ambiguous),
                "warning" | "warnings" => Ok(FailOn::Warnings),
                "error" | "errors" => Ok(FailOn::Errors),
                other => match Code::from_name(other) {
                    Some(Code::UnsupportedClaim) => Ok(FailOn::Unsupported),
                    Some(Code::UnresolvedCitation) => Ok(FailOn::Unresolved),
                    Some(Code::AmbiguousCitation) => Ok(FailOn::Ambiguous),
                    Some(code) => Ok(FailOn::Code(code)),
                    None => Err(unknown_condition(other)),
                },
            })
            .collect()
    }

    /// Does the condition hold for this audit?
    pub fn holds(&self, a: &Audit) -> bool {
        match self {
            FailOn::Unsupported => a.summary.unsupported > 0,
            FailOn::Unresolved => a.summary.unresolved > 0,
            FailOn::Ambiguous => a.summary.ambiguous > 0,
            FailOn::Warnings => a.problems.iter().any(|p| p.severity >= Severity::Warning),
            FailOn::Errors => a.problems.iter().any(|p| p.severity == Severity::Error),
            FailOn::Code(c) => a.problems.iter().any(|p| p.code == *c),
        }
    }
}

/// The words `--fail-on` takes besides problem codes.
const FAIL_ON_WORDS: [&str; 5] = ["unsupported", "unresolved", "ambiguous", "warnings", "errors"];

/// The message for a `--fail-on` word that is neither a condition nor a problem code, with
/// the closest word or code when one is near (`unsuported` → `unsupported`).
fn unknown_condition(word: &str) -> String {
    let near = FAIL_ON_WORDS
        .iter()
        .copied()
        .chain(Code::ALL.iter().map(|c| c.as_str()))
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 5))
        .min();
    let mut m = format!(
        "unknown --fail-on condition `{word}`; use {} or a problem code (`citegraph audit --help`)",
        FAIL_ON_WORDS.join(", ")
    );
    if let Some((_, c)) = near {
        m.push_str(&format!("; did you mean `{c}`?"));
    }
    m
}

/// The conditions that failed, as words for a message; empty when the audit passes.
pub fn failures(audits: &[Audit], fail_on: &[FailOn], max_unsupported: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    for f in fail_on {
        if audits.iter().any(|a| f.holds(a)) {
            out.push(match f {
                FailOn::Unsupported => "unsupported claims".to_string(),
                FailOn::Unresolved => "unresolved citations".to_string(),
                FailOn::Ambiguous => "ambiguous citations".to_string(),
                FailOn::Warnings => "warnings".to_string(),
                FailOn::Errors => "errors".to_string(),
                FailOn::Code(c) => format!("`{c}` problems"),
            });
        }
    }
    if let Some(max) = max_unsupported {
        let n: usize = audits.iter().map(|a| a.summary.unsupported).sum();
        if n > max {
            out.push(format!("{n} unsupported claims (more than {max})"));
        }
    }
    out
}

/// The totals over several audits.
pub fn total(audits: &[Audit]) -> Summary {
    let mut s = Summary::default();
    for a in audits {
        s.add(&a.summary);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_parses_words_and_codes() {
        let f = FailOn::parse_list("unsupported, unresolved,ambiguous,name-near-miss").unwrap_or_default();
        assert_eq!(
            f,
            vec![FailOn::Unsupported, FailOn::Unresolved, FailOn::Ambiguous, FailOn::Code(Code::NameNearMiss)]
        );
        assert!(FailOn::parse_list("Unsupported!").is_err());
        let typo = FailOn::parse_list("unsuported").unwrap_err();
        assert!(typo.contains("did you mean `unsupported`"), "{typo}");
        assert!(FailOn::parse_list("no-such-code").is_err());
    }

    #[test]
    fn summary_line_names_every_count() {
        let s = Summary { claims: 3, supported: 1, unsupported: 1, citations: 2, unresolved: 1, ..Default::default() };
        assert_eq!(s.line(), "3 claims, 1 supported, 1 unsupported, 2 citations, 1 unresolved, 0 footnotes");
    }
}
