//! Exporters: BibLaTeX, BibTeX and CSL-JSON bibliographies, Graphviz pictures and source
//! tables, each writing to any `impl Write`.
//!
//! Why this module exists: extraction answers "what does this text cite and where"; the
//! exporters turn that answer into the artefacts people already use — a bibliography their
//! LaTeX or reference manager reads, a picture of what the argument rests on, and a table
//! of the sources the document cannot lose. They only read [`Document`]s and the
//! [`Graph`](crate::graph::Graph) built from them, so every output agrees with
//! `citegraph extract`: the same keys, the same resolution, the same gaps.
//!
//! Works that no reference entry describes are never dropped: they are written with what
//! the citations tell (authors, year) and marked incomplete, so the gap stays visible.

mod biblatex;
mod csl;
mod dot;
pub(crate) mod normalize;
mod passthrough;
mod ris;
#[cfg(test)]
mod roundtrip_tests;
mod sources;
mod style;
mod texsafe;

pub use biblatex::{BibEntry, Flavour, entries, entries_with, write_bib, write_bib_with, write_biblatex, write_bibtex};
pub use csl::write_csl_json;
pub use dot::{RenderFormat, Rendered, View, dot_string, render, write_dot};
pub use passthrough::known_field as biber_knows_field;
pub use ris::write_ris;
pub use sources::{Location, SortBy, SourceRow, TableFormat, rows, write_table};
pub use style::{
    CslStyle, StyleError, StyleName, TextFormat, check_locale, find_style, load_style, style_help, style_names,
    write_formatted, write_formatted_with,
};
pub use texsafe::TexChars;

use crate::model::{Citation, Document, Reference};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Writes parsed reference entries (from [`parse_references`](crate::parse_references) or
/// a bibliography) as BibLaTeX, one entry each in the order given, blank-line separated:
/// normalised as the bibliography exporters normalise reference-list entries, keyed by
/// their `key` (see [`assign_keys`](crate::assign_keys)), with `chars` deciding how
/// non-ASCII characters are written. What `citegraph refs --format biblatex` prints.
pub fn write_references_biblatex(refs: &[Reference], chars: TexChars, mut w: impl Write) -> io::Result<()> {
    for (i, r) in refs.iter().enumerate() {
        if i > 0 {
            w.write_all(b"\n")?;
        }
        let r = &normalize::normalize_reference(r);
        let work = Work { key: r.key.clone(), reference: Some(r), citations: Vec::new() };
        let mut e = biblatex::biblatex_entry(&work);
        if chars == TexChars::LatexSafe {
            biblatex::make_latex_safe(&mut e);
        }
        biblatex::write_entry(&e, &mut w)?;
    }
    Ok(())
}

/// One citation of a work, with the document it stands in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CitedAt<'a> {
    /// The document.
    pub document: &'a Document,
    /// The citation.
    pub citation: &'a Citation,
}

/// A distinct cited work: what the bibliography exporters write one entry for.
///
/// Works are keyed exactly as the graph keys its source nodes ([`crate::graph::source_key`]): the key of
/// the resolved reference entry, or one made from the citation's first author and year.
#[derive(Debug, Clone)]
pub(crate) struct Work<'a> {
    /// Unique, stable key (`hill2013b`).
    pub key: String,
    /// The reference entry that describes it; `None` when it is known only from citations.
    pub reference: Option<&'a Reference>,
    /// Every citation of it, in document order (documents in the order given).
    pub citations: Vec<CitedAt<'a>>,
}

impl Work<'_> {
    /// The first citation (every work has at least one).
    pub fn first(&self) -> Option<&Citation> {
        self.citations.first().map(|c| c.citation)
    }

    /// The plain-text note of a work known only from citations (CSL-JSON, RIS).
    pub fn incomplete_note(&self) -> Option<String> {
        self.first().map(|c| {
            format!(
                "Incomplete: known only from in-text citation \"{}\" (cited {} time{}); no reference entry describes it",
                one_line(&c.text),
                self.citations.len(),
                if self.citations.len() == 1 { "" } else { "s" }
            )
        })
    }
}

/// Every cited work of `docs`, sorted by key; each key appears once.
///
/// Works of several documents are merged as in the graph ([`crate::graph::WorkIndex`]: by
/// author, year and title, not by key alone); the first reference entry found describes it.
pub(crate) fn cited_works(docs: &[Document]) -> Vec<Work<'_>> {
    let mut works: BTreeMap<String, Work<'_>> = BTreeMap::new();
    let mut index = crate::graph::WorkIndex::default();
    for doc in docs {
        index.next_document();
        for c in &doc.citations {
            let key = index.key(c, &doc.references);
            let reference = c.reference.as_ref().and_then(|id| doc.references.iter().find(|r| &r.id == id));
            let w = works.entry(key.clone()).or_insert_with(|| Work { key, reference: None, citations: Vec::new() });
            if w.reference.is_none() {
                w.reference = reference;
            }
            w.citations.push(CitedAt { document: doc, citation: c });
        }
    }
    works.into_values().collect()
}

/// Collapses every run of whitespace (newlines included) to one space and trims.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Shortens `s` to at most `max` characters, ending in `…` when cut (at a word boundary
/// when one is near).
pub(crate) fn truncate(s: &str, max: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i >= cut.len() / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three four five", 12), "one two…");
        assert_eq!(truncate("abcdefghijklmnop", 5), "abcd…");
        assert_eq!(truncate("a\nb", 5), "a b");
    }
}
