//! The claim–source graph and the questions asked of it.
//!
//! A petgraph graph holds documents, sections, claims, footnotes, sources and named sources
//! (documents the text cites by name, `Resolution 130`: their own node kind, reached by
//! `Names` edges, kept out of [`Graph::sources`] so bibliographies stay those of cited
//! works). Sources are
//! distinct cited works: one node per work however often, and in however many documents, it
//! is cited, so a folder of documents merges into one graph. Across documents a work is
//! recognised by what describes it, not by its key alone ([`WorkIndex`]): reference-list
//! keys are made per document, so the same work may carry different keys in two documents
//! and two different works the same key.
//! Unresolved and ambiguous citations keep their source node (marked unresolved): the audit
//! lives on them.

use crate::model::{Citation, ClaimStatus, Document, Reference};
use crate::named::Kind as NamedKind;
use crate::text::fold;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A node of the graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One input document.
    Document {
        /// Its path.
        path: String,
    },
    /// A heading and what follows it.
    Section {
        /// Heading text.
        title: String,
        /// Heading level.
        level: u8,
        /// Line of the heading.
        line: usize,
    },
    /// A sentence.
    Claim {
        /// Claim id within its document (`s12`).
        id: String,
        /// Sentence text.
        text: String,
        /// Line where it starts.
        line: usize,
        /// Support status.
        status: ClaimStatus,
    },
    /// A footnote.
    Footnote {
        /// Footnote number.
        number: u32,
        /// Body text.
        text: String,
    },
    /// A cited work.
    Source {
        /// Stable key (`hill2013b`).
        key: String,
        /// Short label (`Hill 2013b`).
        label: String,
        /// True when a reference entry backs it.
        resolved: bool,
    },
    /// A document cited by name (`Resolution 130`, `RFC 2119`), see [`NamedSource`](crate::NamedSource).
    NamedSource {
        /// Stable key: kind and lower-cased name (`resolution:resolution 130`).
        key: String,
        /// The name as written, whitespace collapsed.
        name: String,
        /// What kind of document it is.
        kind: NamedKind,
        /// True when a reference entry contains the name.
        resolved: bool,
    },
}

/// An edge of the graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Edge {
    /// Document → section → claim, footnote → its own sentences.
    Contains,
    /// Claim (or footnote) → source.
    Cites {
        /// Citation id (`c7`).
        citation: String,
        /// Pinpoint, if any.
        locator: Option<String>,
    },
    /// Footnote → the claim it annotates.
    Annotates,
    /// Claim → a source it names (`Resolution 130`) without an author-year citation.
    Names,
}

/// The claim–source graph of one or more documents.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The graph itself.
    pub graph: DiGraph<Node, Edge>,
    /// Source nodes by key.
    pub sources: BTreeMap<String, NodeIndex>,
    /// Which work each citation cites, over every document added.
    works: WorkIndex,
    /// Named-source nodes by key ([`crate::named::NamedSource::key`]), kept apart from
    /// `sources` so that bibliographies and citation counts stay those of cited works.
    pub named: BTreeMap<String, NodeIndex>,
}

/// The work a citation points to: the key of its reference, or one made from its authors and year.
pub fn source_key(c: &Citation, refs: &[Reference]) -> String {
    if let Some(r) = c.reference.as_ref().and_then(|id| refs.iter().find(|r| &r.id == id)) {
        return r.key.clone();
    }
    let first = c.authors.first().map(|a| fold(a)).unwrap_or_default();
    let year = c
        .year
        .as_deref()
        .map(|y| y.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .unwrap_or_else(|| "nd".into());
    format!(
        "{}{}{}",
        if first.is_empty() { "anon" } else { &first },
        if c.et_al || c.authors.len() > 2 { "etal" } else { "" },
        year
    )
}

/// Gives each cited work one key over several documents.
///
/// A citation resolved to a reference entry is identified by the entry's first author, the
/// year's digits and its title, all folded (case, accents, punctuation): the same work in two
/// documents' reference lists is one work whatever key each list gave it, and a year suffix
/// that differs between lists (`2013a` here, `2013` there) does not split it. An entry
/// without a title is identified by its whole text, folded. A citation that resolves to
/// nothing is identified by its first author and year, and joins a work with the same author
/// and year that was seen before (resolved or not). A work gets the key [`source_key`] gives
/// its first citation, with `-2`, `-3`, ... when a different work already holds it.
///
/// Within one document, two distinct entries of its list or database are never one work,
/// however alike they are (`@article{baez/article}` and `@online{baez/online}` share
/// authors, year and title; a `related` reprint shares its original's title): a work is
/// taken by at most one entry per document. Call [`WorkIndex::next_document`] before the
/// citations of each document.
#[derive(Debug, Clone, Default)]
pub struct WorkIndex {
    /// Works by description, in the order they were made.
    by_description: HashMap<String, Vec<String>>,
    by_author_year: HashMap<String, String>,
    described: HashSet<String>,
    used: HashSet<String>,
    /// The number of the current document (starting at 1 after the first `next_document`).
    document: usize,
    /// For each described work, the document that last used it and the entry it used.
    taken: HashMap<String, (usize, String)>,
    /// The works the entries of the current document stand for, by entry id.
    this_document: HashMap<String, String>,
}

impl WorkIndex {
    /// Starts the citations of another document: entry ids (`b1`, ...) are per document.
    pub fn next_document(&mut self) {
        self.document += 1;
        self.this_document.clear();
    }

    /// The key of the work `c` cites; `refs` is its document's reference list.
    pub fn key(&mut self, c: &Citation, refs: &[Reference]) -> String {
        let base = source_key(c, refs);
        let reference = c.reference.as_ref().and_then(|id| refs.iter().find(|r| &r.id == id));
        let Some(r) = reference else {
            let author = c.authors.first().map(|a| fold(a)).unwrap_or_default();
            let year = c.year.as_deref().map(fold_year).unwrap_or_default();
            let ay = format!("{author}|{year}");
            if let Some(k) = self.by_author_year.get(&ay) {
                return k.clone();
            }
            let k = self.fresh(base);
            self.by_author_year.insert(ay, k.clone());
            return k;
        };
        let author = r
            .authors
            .first()
            .map(|p| fold(p.literal.as_deref().or(p.family.as_deref()).unwrap_or_default()))
            .unwrap_or_default();
        let year = r.year.as_deref().map(fold_year).unwrap_or_default();
        let digits: String = year.chars().filter(char::is_ascii_digit).collect();
        let description = match r.title.as_deref().map(fold).filter(|t| !t.is_empty()) {
            Some(t) => format!("{author}|{digits}|{t}"),
            None => format!("raw|{}", fold(&r.raw)),
        };
        if let Some(k) = self.this_document.get(&r.id) {
            return k.clone();
        }
        // The first work so described that no other entry of this document has taken.
        let document = self.document;
        let seen = self.by_description.get(&description).and_then(|ks| {
            ks.iter().find(|k| self.taken.get(*k).is_none_or(|(d, id)| *d != document || id == &r.id)).cloned()
        });
        let k = match seen {
            Some(k) => k,
            None => {
                let ay = format!("{author}|{year}");
                // A work seen so far only through citations with this author and year is this one.
                let k = match self.by_author_year.get(&ay) {
                    Some(k) if !self.described.contains(k) => k.clone(),
                    _ => self.fresh(base),
                };
                self.described.insert(k.clone());
                self.by_description.entry(description).or_default().push(k.clone());
                self.by_author_year.entry(ay).or_insert_with(|| k.clone());
                k
            }
        };
        self.taken.insert(k.clone(), (document, r.id.clone()));
        self.this_document.insert(r.id.clone(), k.clone());
        k
    }

    /// `base`, or `base-2`, `base-3`, ... when another work holds it.
    fn fresh(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = 2;
        loop {
            let k = format!("{base}-{n}");
            if self.used.insert(k.clone()) {
                return k;
            }
            n += 1;
        }
    }
}

/// A year folded for comparison: its ASCII digits and lower-cased letters (`2013b`,
/// `In press` → `inpress`). [`fold`] keeps letters only, which would make every year alike.
fn fold_year(y: &str) -> String {
    y.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// A short human label for a citation's work: `Hill 2013b`, `Powers and Jablonsky 2015`, `Cao et al. 2002`.
pub fn source_label(c: &Citation) -> String {
    let names = match (c.authors.len(), c.et_al) {
        (0, _) => "Anonymous".to_string(),
        (1, false) => c.authors[0].clone(),
        (2, false) => format!("{} and {}", c.authors[0], c.authors[1]),
        _ => format!("{} et al.", c.authors[0]),
    };
    format!("{names} {}", c.year.as_deref().unwrap_or("n.d."))
}

impl Graph {
    /// Builds the graph of one document.
    pub fn from_document(doc: &Document) -> Graph {
        let mut g = Graph::default();
        g.add_document(doc);
        g
    }

    /// Builds one merged graph of several documents; a work cited by several is one node.
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Graph {
        let mut g = Graph::default();
        for d in docs {
            g.add_document(d);
        }
        g
    }

    /// Adds a document's nodes and edges.
    pub fn add_document(&mut self, doc: &Document) {
        let gr = &mut self.graph;
        let d = gr.add_node(Node::Document { path: doc.path.clone() });
        let sections: Vec<NodeIndex> = doc
            .sections
            .iter()
            .map(|s| {
                let n = gr.add_node(Node::Section { title: s.title.clone(), level: s.level, line: s.line });
                gr.add_edge(d, n, Edge::Contains);
                n
            })
            .collect();
        let footnotes: HashMap<u32, NodeIndex> = doc
            .footnotes
            .iter()
            .map(|f| {
                let n = gr.add_node(Node::Footnote { number: f.number, text: f.text.clone() });
                (f.number, n)
            })
            .collect();
        let mut claim_nodes: HashMap<&str, NodeIndex> = HashMap::new();
        for c in &doc.claims {
            let n = gr.add_node(Node::Claim { id: c.id.clone(), text: c.text.clone(), line: c.line, status: c.status });
            let parent = match (c.in_footnote, c.section) {
                (Some(f), _) => footnotes.get(&f).copied().unwrap_or(d),
                (None, Some(s)) => sections.get(s).copied().unwrap_or(d),
                (None, None) => d,
            };
            gr.add_edge(parent, n, Edge::Contains);
            claim_nodes.insert(c.id.as_str(), n);
        }
        for f in &doc.footnotes {
            if let (Some(claim), Some(&fnode)) = (f.claim.as_deref(), footnotes.get(&f.number))
                && let Some(&cn) = claim_nodes.get(claim)
            {
                gr.add_edge(fnode, cn, Edge::Annotates);
            }
        }
        self.works.next_document();
        for c in &doc.citations {
            let key = self.works.key(c, &doc.references);
            let resolved = c.reference.is_some();
            let s = *self
                .sources
                .entry(key.clone())
                .or_insert_with(|| gr.add_node(Node::Source { key, label: source_label(c), resolved }));
            if resolved && let Some(Node::Source { resolved: r, .. }) = gr.node_weight_mut(s) {
                *r = true;
            }
            let from = c.claim.as_deref().and_then(|id| claim_nodes.get(id).copied()).unwrap_or(d);
            gr.add_edge(from, s, Edge::Cites { citation: c.id.clone(), locator: c.locator.clone() });
        }
        for n in &doc.named_sources {
            let key = n.key();
            let resolved = n.reference.is_some();
            let s = *self.named.entry(key.clone()).or_insert_with(|| {
                gr.add_node(Node::NamedSource { key, name: n.name.clone(), kind: n.kind, resolved })
            });
            if resolved && let Some(Node::NamedSource { resolved: r, .. }) = gr.node_weight_mut(s) {
                *r = true;
            }
            let from = n.claim.as_deref().and_then(|id| claim_nodes.get(id).copied()).unwrap_or(d);
            gr.add_edge(from, s, Edge::Names);
        }
    }

    /// Claims that name `named` (a named-source node), in node order.
    pub fn claims_naming(&self, named: NodeIndex) -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = self
            .graph
            .edges_directed(named, Direction::Incoming)
            .filter(|e| matches!(e.weight(), Edge::Names) && matches!(self.graph[e.source()], Node::Claim { .. }))
            .map(|e| e.source())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Number of citations of each source, most cited first.
    pub fn citation_counts(&self) -> Vec<(NodeIndex, usize)> {
        let mut v: Vec<(NodeIndex, usize)> = self
            .sources
            .values()
            .map(|&s| {
                (
                    s,
                    self.graph
                        .edges_directed(s, Direction::Incoming)
                        .filter(|e| matches!(e.weight(), Edge::Cites { .. }))
                        .count(),
                )
            })
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Sources that support `claim` directly or through a footnote that annotates it.
    pub fn support_of(&self, claim: NodeIndex) -> BTreeSet<NodeIndex> {
        let mut out = BTreeSet::new();
        for e in self.graph.edges_directed(claim, Direction::Outgoing) {
            if matches!(e.weight(), Edge::Cites { .. }) {
                out.insert(e.target());
            }
        }
        for e in self.graph.edges_directed(claim, Direction::Incoming) {
            if matches!(e.weight(), Edge::Annotates) {
                // Citations in the footnote's own sentences.
                for inner in self.graph.edges_directed(e.source(), Direction::Outgoing) {
                    if matches!(inner.weight(), Edge::Contains) {
                        for c in self.graph.edges_directed(inner.target(), Direction::Outgoing) {
                            if matches!(c.weight(), Edge::Cites { .. }) {
                                out.insert(c.target());
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Claims whose only cited support is `source`: remove the source and they stand unsupported.
    ///
    /// ```
    /// use citegraph::{extract, Options};
    /// use citegraph::{Graph, Node};
    /// use citegraph::Source;
    /// let text = "Intro\n\nCats purr loudly (Hill, 2013). Dogs bark at night (Hill, 2013; Lee, 2001).\n";
    /// let doc = extract(&Source::new("t.txt", text.to_string()), &Options::default());
    /// let g = Graph::from_document(&doc);
    /// // Only the first claim rests on Hill alone: the second also cites Lee.
    /// let resting = g.claims_resting_on(g.sources["hill2013"]);
    /// assert_eq!(resting.len(), 1);
    /// assert!(matches!(&g.graph[resting[0]], Node::Claim { text, .. } if text.starts_with("Cats")));
    /// assert!(g.claims_resting_on(g.sources["lee2001"]).is_empty());
    /// ```
    pub fn claims_resting_on(&self, source: NodeIndex) -> Vec<NodeIndex> {
        let mut claims: BTreeSet<NodeIndex> = BTreeSet::new();
        for e in self.graph.edges_directed(source, Direction::Incoming) {
            if matches!(e.weight(), Edge::Cites { .. }) {
                let from = e.source();
                if let Node::Claim { .. } = self.graph[from] {
                    claims.insert(from);
                    // A footnote sentence citing it supports the claim the footnote annotates.
                    for up in self.graph.edges_directed(from, Direction::Incoming) {
                        if let (Edge::Contains, Node::Footnote { .. }) = (up.weight(), &self.graph[up.source()]) {
                            for a in self.graph.edges_directed(up.source(), Direction::Outgoing) {
                                if matches!(a.weight(), Edge::Annotates) {
                                    claims.insert(a.target());
                                }
                            }
                        }
                    }
                }
            }
        }
        claims.into_iter().filter(|&c| self.support_of(c).iter().all(|&s| s == source)).collect()
    }

    /// Every source with the number of claims resting on it alone, most depended-on first.
    ///
    /// ```
    /// use citegraph::{extract, Options};
    /// use citegraph::Graph;
    /// use citegraph::Source;
    /// let text = "Intro\n\nCats purr loudly (Hill, 2013). Dogs bark at night (Hill, 2013; Lee, 2001).\n";
    /// let doc = extract(&Source::new("t.txt", text.to_string()), &Options::default());
    /// let g = Graph::from_document(&doc);
    /// let ranked: Vec<(&str, usize)> =
    ///     g.dependence().into_iter().filter_map(|(s, n)| Some((g.key_of(s)?, n))).collect();
    /// assert_eq!(ranked, [("hill2013", 1), ("lee2001", 0)]);
    /// ```
    pub fn dependence(&self) -> Vec<(NodeIndex, usize)> {
        let mut v: Vec<(NodeIndex, usize)> =
            self.sources.values().map(|&s| (s, self.claims_resting_on(s).len())).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// The key of a source node.
    pub fn key_of(&self, n: NodeIndex) -> Option<&str> {
        match &self.graph[n] {
            Node::Source { key, .. } | Node::NamedSource { key, .. } => Some(key),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Options, extract};
    use crate::source::Source;

    #[test]
    fn merges_sources_and_finds_dependence() {
        let text = "Intro\n\nCats purr loudly (Hill, 2013b). Dogs bark at night (Hill, 2013b; Lee, 2001). Birds sing every day.\n";
        let doc = extract(&Source::new("t", text.to_string()), &Options::default());
        let g = Graph::from_document(&doc);
        assert_eq!(g.sources.len(), 2);
        let hill = g.sources["hill2013b"];
        assert_eq!(g.citation_counts()[0], (hill, 2));
        let resting = g.claims_resting_on(hill);
        assert_eq!(resting.len(), 1);
        assert!(matches!(&g.graph[resting[0]], Node::Claim { text, .. } if text.starts_with("Cats")));
        assert_eq!(g.dependence()[0].0, hill);
        let two = Graph::from_documents([&doc, &doc]);
        assert_eq!(two.sources.len(), 2);
    }

    #[test]
    fn distinct_entries_of_one_document_stay_distinct_works() {
        let bib = "@article{baez/article, author = {Baez, John}, title = {Higher Algebra}, date = {2004}}\n\
                   @online{baez/online, author = {Baez, John}, title = {Higher Algebra}, date = {2004-10-27}}\n";
        let (refs, diags) = crate::reference::bib::load_bib_str(bib, "x.bib");
        assert!(diags.is_empty(), "{diags:?}");
        let text =
            "\\documentclass{article}\\begin{document}\nText \\cite{baez/article,baez/online}.\n\\end{document}\n";
        let conv = crate::input::convert_bytes("t.tex", crate::input::Format::Latex, text.as_bytes().to_vec());
        let doc = crate::input::extract_converted(conv.expect("latex"), &Options { bib: refs, ..Options::default() });
        assert_eq!(doc.citations.len(), 2, "{:?}", doc.citations);
        let g = Graph::from_document(&doc);
        assert_eq!(g.sources.keys().collect::<Vec<_>>(), ["baez/article", "baez/online"]);
        // The same document twice: each entry is the same work as before, not a new one.
        let two = Graph::from_documents([&doc, &doc]);
        assert_eq!(two.sources.len(), 2);
    }

    #[test]
    fn years_keep_their_digits() {
        // An entry without author is not the unresolved `\cite` of another key that has
        // neither author nor year: their years differ.
        let bib = "@periodical{polecon, title = {Journal of Political Economy}, date = {2007-12}}\n";
        let (refs, _) = crate::reference::bib::load_bib_str(bib, "x.bib");
        let text = "\\documentclass{article}\\begin{document}\nText \\cite{nosuchkey,polecon}.\n\\end{document}\n";
        let conv = crate::input::convert_bytes("t.tex", crate::input::Format::Latex, text.as_bytes().to_vec());
        let doc = crate::input::extract_converted(conv.expect("latex"), &Options { bib: refs, ..Options::default() });
        let g = Graph::from_document(&doc);
        assert_eq!(g.sources.len(), 2, "{:?}", g.sources.keys().collect::<Vec<_>>());
        assert!(g.sources.contains_key("polecon"));
        assert_eq!(fold_year("2013b"), "2013b");
        assert_ne!(fold_year("2004"), fold_year("1999"));
    }

    #[test]
    fn named_sources_are_their_own_nodes() {
        let text = "Intro\n\nStates must cooperate under Resolution 130 of the ITU. Keywords follow RFC 2119 and RFC 2119 again (Hill, 2013).\n";
        let doc = extract(&Source::new("t", text.to_string()), &Options::default());
        let g = Graph::from_document(&doc);
        assert_eq!(g.sources.len(), 1, "named sources are not cited works");
        assert_eq!(g.named.len(), 2);
        let rfc = g.named["rfc:rfc 2119"];
        assert!(matches!(&g.graph[rfc], Node::NamedSource { kind: NamedKind::Rfc, resolved: false, .. }));
        assert_eq!(g.claims_naming(rfc).len(), 1);
        assert_eq!(g.key_of(g.named["resolution:resolution 130"]), Some("resolution:resolution 130"));
    }
}
