//! Plain data passed between pipeline stages and written as JSON.
//!
//! These structs are the contract of `citegraph extract --format json`
//! (see `docs/json.md`); field names follow `../shared/contract.md` exactly.

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use serde::{Deserialize, Serialize};

/// Whether a citation stands in parentheses, names its author in the running text, or cites
/// by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// `(Hill, 2013b)`.
    Parenthetical,
    /// `Hill (2013b)`.
    Narrative,
    /// `[12]`, `(3–5)`, a superscript: the work is named by its number in the reference list.
    Numeric,
}

/// One author-year citation of one work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// Stable id, `c1`, `c2`, ... in document order.
    pub id: String,
    /// The citation as written (author through locator).
    pub text: String,
    /// Family or corporate names, in order, as written (line breaks joined).
    pub authors: Vec<String>,
    /// True when the author list ends in `et al.`.
    pub et_al: bool,
    /// Year with suffix (`2013b`), `n.d.`, `in press`, `forthcoming`; `None` when absent.
    pub year: Option<String>,
    /// Pinpoint such as `pp. 35-48`.
    pub locator: Option<String>,
    /// Text before the citation inside its group, such as `see` or `e.g.`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Text after the locator that belongs to the citation (`; and 59 and 63, respectively`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// Parenthetical, narrative or numeric.
    pub form: Form,
    /// For a numeric citation, the number it cites (one citation per number, ranges
    /// expanded: `[3–5]` gives three citations). Empty for author-year citations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<u32>,
    /// 1-based line of the first author (or of the first character).
    pub line: usize,
    /// Byte span in the original text.
    pub span: Span,
    /// Group number: citations in one parenthesis or one narrative year list share it.
    pub group: usize,
    /// The claim (sentence) the citation supports.
    pub claim: Option<String>,
    /// Footnote number when the citation stands in a footnote body.
    pub footnote: Option<u32>,
    /// The reference entry it resolves to.
    pub reference: Option<String>,
    /// How the reference was matched (`exact`, `tolerant-...`), when resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

/// A person or corporate body in a reference entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Person {
    /// Family name, including particles (`van der Berg`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Given names or initials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// `Jr.`, `III`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// A corporate or otherwise unsplittable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
}

impl Person {
    /// A person from family and optional given names.
    pub fn name(family: impl Into<String>, given: Option<String>) -> Self {
        Person { family: Some(family.into()), given, ..Default::default() }
    }
    /// A corporate author.
    pub fn literal(name: impl Into<String>) -> Self {
        Person { literal: Some(name.into()), ..Default::default() }
    }
    /// The name used to match citations: the family name, or the literal.
    pub fn sort_name(&self) -> &str {
        self.family.as_deref().or(self.literal.as_deref()).unwrap_or("")
    }
}

/// What kind of work a reference describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum EntryType {
    /// Journal or magazine article.
    Article,
    /// Whole book.
    Book,
    /// Chapter or part of an edited book.
    Chapter,
    /// Paper in conference proceedings.
    Proceedings,
    /// Report, working paper, white paper.
    Report,
    /// Thesis or dissertation.
    Thesis,
    /// Web page or online post.
    Webpage,
    /// Dataset or software.
    Dataset,
    /// Law, treaty, court decision, official document.
    Legal,
    /// Anything else.
    #[default]
    Misc,
}

/// One entry of a reference list or .bib database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reference {
    /// Stable id, `r1`, `r2`, ... in list order.
    pub id: String,
    /// 1-based line where the entry starts (input line for `citegraph refs`).
    pub line: usize,
    /// Byte span of the entry in the original text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Unique BibLaTeX key such as `hill2013b`.
    pub key: String,
    /// Entry type.
    #[serde(rename = "type")]
    pub kind: EntryType,
    /// Authors in order.
    pub authors: Vec<Person>,
    /// True when the author list was cut short with `et al.`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub et_al: bool,
    /// Year with suffix, or `n.d.`.
    pub year: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Journal, book or proceedings the work appears in.
    pub container: Option<String>,
    /// Volume.
    pub volume: Option<String>,
    /// Issue or number.
    pub issue: Option<String>,
    /// Page range with a plain hyphen, or an article number.
    pub pages: Option<String>,
    /// Edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Editors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<Person>,
    /// Publisher or institution.
    pub publisher: Option<String>,
    /// Place of publication.
    pub place: Option<String>,
    /// DOI without resolver prefix.
    pub doi: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Access date as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
    /// The entry as written, line breaks joined.
    pub raw: String,
    /// The `.bib` database the entry comes from, when it is not the document's own list
    /// (then `line` and `span` refer to that file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A footnote: its body, its number and where its marker stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// Number in document order, from 1.
    pub number: u32,
    /// Line of the marker in the running text, when found.
    pub anchor_line: Option<usize>,
    /// Span of the marker, when found.
    pub anchor_span: Option<Span>,
    /// The marker as written (OCR may have damaged it).
    pub marker: Option<String>,
    /// Line where the body starts.
    pub body_line: usize,
    /// Span of the body, including its leading marker.
    pub body_span: Span,
    /// Body text, line breaks joined, leading marker removed.
    pub text: String,
    /// The claim the footnote annotates.
    pub claim: Option<String>,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Heading text as written.
    pub title: String,
    /// 1-based line.
    pub line: usize,
    /// 1 for top-level, 2 for subsections, ...
    pub level: u8,
    /// Span of the heading line.
    pub span: Span,
}

/// Whether a claim has support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// Cites a source or carries a footnote that cites or explains.
    Supported,
    /// Needs support and has none.
    Unsupported,
    /// Needs no support (road-map, opinion, question...).
    NoClaim,
}

/// One sentence of running text or of a footnote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id, `s1`, `s2`, ...
    pub id: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// Byte span in the original text.
    pub span: Span,
    /// Sentence text, line breaks joined.
    pub text: String,
    /// Section index (into `sections`) it stands in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<usize>,
    /// Footnote number when the sentence is part of a footnote body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_footnote: Option<u32>,
    /// Index of the paragraph of running text it stands in (paragraphs continue across pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// Ids of the citations inside it.
    pub citations: Vec<String>,
    /// Numbers of the footnotes anchored in it.
    pub footnotes: Vec<u32>,
    /// Support status.
    pub status: ClaimStatus,
    /// How much it needs support, 0..1.
    pub score: f32,
    /// Why the score is what it is.
    pub reasons: Vec<String>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Path as given.
    pub path: String,
    /// Citations in document order.
    pub citations: Vec<Citation>,
    /// Footnotes in number order.
    pub footnotes: Vec<Footnote>,
    /// Headings in document order.
    pub sections: Vec<Section>,
    /// Sentences of running text and footnotes.
    pub claims: Vec<Claim>,
    /// Reference-list entries.
    pub references: Vec<Reference>,
    /// Spans of the reference lists (one per chapter in a thesis), headings excluded.
    pub reference_sections: Vec<Span>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Documents cited by name (`Resolution 130`, `RFC 2119`), see [`NamedSource`](crate::NamedSource).
    pub named_sources: Vec<crate::named::NamedSource>,
}

/// Appends `n` in decimal, as `write!(out, "{n}")` would, without the formatting machinery.
pub(crate) fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::Document;
    use crate::extract::{Options, extract};
    use crate::source::Source;

    /// A document read back from its JSON writes the same JSON (the Python package and
    /// distributed runs ship documents as JSON and merge them with the library).
    #[test]
    fn document_json_round_trip() {
        let text = "Intro\n\nCats purr loudly (Hill, 2013b, p. 4). Dogs bark (Lee, 2001).1\n\n\
                    1 See Hill (2013b).\n\nReferences\n\nHill, A. (2013b). Purring. Cats, 1(2), 1-2.\n";
        let doc = extract(&Source::new("t.txt", text.to_string()), &Options::default());
        assert!(!doc.diagnostics.is_empty() && !doc.citations.is_empty());
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        let bad = json.replacen("unresolved-citation", "no-such-code", 1);
        assert!(serde_json::from_str::<Document>(&bad).is_err());
    }
}
