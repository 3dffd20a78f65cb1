//! Graphviz pictures of what a text rests on.
//!
//! Why these three views: a reader asks "which sources carry which part of the text"
//! (`sources`: sections → sources, edge width = number of citations), "which statements
//! stand on what" (`claims`: claims and footnotes → sources) and "which sources are used
//! together" (`cocitation`). The graph is built as a `dot_structures` tree (graphviz-rust)
//! and printed by its printer. graphviz-rust does not escape quoted ids, so every label
//! goes through [`quoted`], which escapes `\` and `"` and turns line breaks into `\n`.
//!
//! Layout choices, made by looking at the seed document's picture: left-to-right ranks
//! (text on the left, sources on the right), sections as clusters, labels cut to a few
//! short lines (the full text is in the tooltip), claims that neither cite nor need
//! support left out of the `claims` view, and a legend. Unsupported claims are red,
//! unresolved sources orange and dashed, so the gaps are the first thing one sees.
//! Documents the text names (`Resolution 130`) are pink tabs reached by dashed edges: a
//! source, but not a cited work.

use super::truncate;
use crate::error::{Error, ErrorKind};
use crate::graph::{Edge as GEdge, Graph, Node as GNode};
use crate::model::ClaimStatus;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// Which picture to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Documents and their sections → sources; edge label and width = number of citations.
    Sources,
    /// Claims (grouped by section) and footnotes → sources.
    Claims,
    /// Sources linked when cited in the same claim; edge width = number of such claims.
    Cocitation,
}

/// A Graphviz output format that needs the `dot` program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderFormat {
    /// Scalable vector graphics.
    Svg,
    /// Bitmap.
    Png,
    /// PDF.
    Pdf,
}

impl RenderFormat {
    /// The `-T` argument of `dot`.
    pub fn as_arg(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Pdf => "pdf",
        }
    }
}

const FONT: &str = "Helvetica";
/// Columns over which many sources are spread.
const STAGGER: usize = 3;
const UNSUPPORTED_FILL: &str = "#f4cccc";
const UNSUPPORTED_LINE: &str = "#cc0000";
const UNRESOLVED_FILL: &str = "#fce5cd";
const UNRESOLVED_LINE: &str = "#e69138";
const RESOLVED_FILL: &str = "#d9ead3";
const CLAIM_FILL: &str = "#ffffff";
const FOOTNOTE_FILL: &str = "#fff2cc";
const SECTION_FILL: &str = "#cfe2f3";
const NAMED_FILL: &str = "#ead1dc";
const NAMED_LINE: &str = "#a64d79";

/// Escapes a label for a quoted DOT id and wraps it in quotes: `\` → `\\`, `"` → `\"`,
/// line breaks → `\n` (a centred line break for Graphviz), other control characters → space.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn id(s: &str) -> Id {
    Id::Escaped(quoted(s))
}

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(plain(k), id(v))
}

fn node_id(n: NodeIndex) -> NodeId {
    NodeId(plain(&format!("n{}", n.index())), None)
}

fn node(name: &str, attrs: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(NodeId(plain(name), None), attrs))
}

fn edge(a: NodeId, b: NodeId, attrs: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge { ty: EdgeTy::Pair(Vertex::N(a), Vertex::N(b)), attributes: attrs })
}

/// Wraps `s` into at most `lines` lines of about `width` characters (cut with `…`).
fn wrap(s: &str, width: usize, lines: usize) -> String {
    let s = truncate(s, width * lines);
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            *last = format!("{}…", last.trim_end_matches('…'));
        }
    }
    out.join("\n")
}

/// The parent of `n` along a `Contains` edge.
fn container(g: &Graph, n: NodeIndex) -> Option<NodeIndex> {
    g.graph.edges_directed(n, Direction::Incoming).find(|e| matches!(e.weight(), GEdge::Contains)).map(|e| e.source())
}

/// The claim a footnote annotates.
fn annotated(g: &Graph, footnote: NodeIndex) -> Option<NodeIndex> {
    g.graph
        .edges_directed(footnote, Direction::Outgoing)
        .find(|e| matches!(e.weight(), GEdge::Annotates))
        .map(|e| e.target())
}

/// The document node a claim or footnote belongs to: nodes of a document are added after
/// its document node and before the next one's.
fn document_of(g: &Graph, n: NodeIndex) -> Option<NodeIndex> {
    g.graph.node_indices().take_while(|&d| d <= n).filter(|&d| matches!(g.graph[d], GNode::Document { .. })).last()
}

/// Where a node is drawn: (document node, section node if any).
fn place(g: &Graph, n: NodeIndex) -> (Option<NodeIndex>, Option<NodeIndex>) {
    let mut cur = n;
    let mut section = None;
    for _ in 0..8 {
        match &g.graph[cur] {
            GNode::Section { .. } => section = section.or(Some(cur)),
            GNode::Footnote { .. } => {
                // A footnote stands where the claim it annotates stands.
                if let Some(c) = annotated(g, cur) {
                    cur = c;
                    continue;
                }
            }
            _ => {}
        }
        match container(g, cur) {
            Some(p) => cur = p,
            None => break,
        }
    }
    (document_of(g, n), section)
}

/// The node that cites, as drawn: a footnote sentence is drawn as its footnote.
fn citing_node(g: &Graph, n: NodeIndex) -> NodeIndex {
    match container(g, n) {
        Some(p) if matches!(g.graph[p], GNode::Footnote { .. }) => p,
        _ => n,
    }
}

/// Every `Cites` edge as (citing node, source).
fn citations(g: &Graph) -> Vec<(NodeIndex, NodeIndex)> {
    g.graph
        .edge_references()
        .filter(|e| matches!(e.weight(), GEdge::Cites { .. }))
        .map(|e| (e.source(), e.target()))
        .collect()
}

/// Every `Names` edge as (claim, named source).
fn namings(g: &Graph) -> Vec<(NodeIndex, NodeIndex)> {
    g.graph.edge_references().filter(|e| matches!(e.weight(), GEdge::Names)).map(|e| (e.source(), e.target())).collect()
}

/// A document cited by name: a tab-shaped node, its kind in the tooltip.
fn named_stmt(g: &Graph, s: NodeIndex) -> Stmt {
    let (name, kind, resolved) = match &g.graph[s] {
        GNode::NamedSource { name, kind, resolved, .. } => (name.as_str(), kind.name(), *resolved),
        _ => ("?", "?", false),
    };
    let tooltip = format!("{name} ({kind}, named in the text{})", if resolved { "" } else { ", no reference entry" });
    let style = if resolved { "filled" } else { "filled,dashed" };
    let a = vec![
        attr("label", &wrap(name, 24, 2)),
        attr("tooltip", &tooltip),
        attr("shape", "tab"),
        attr("fillcolor", NAMED_FILL),
        attr("color", NAMED_LINE),
        attr("style", style),
    ];
    Stmt::Node(Node::new(node_id(s), a))
}

/// The edge from a text node to a source it names.
fn naming_edge(from: NodeIndex, to: NodeIndex, n: usize) -> Stmt {
    counted_edge(node_id(from), node_id(to), n, vec![attr("style", "dashed"), attr("color", NAMED_LINE)])
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.into())
}

fn source_stmt(g: &Graph, s: NodeIndex) -> Stmt {
    let (label, key, resolved) = match &g.graph[s] {
        GNode::Source { label, key, resolved } => (label.as_str(), key.as_str(), *resolved),
        _ => ("?", "?", false),
    };
    let mut a = vec![
        attr("label", &wrap(label, 24, 2)),
        attr("tooltip", &format!("{label} [{key}]{}", if resolved { "" } else { " (unresolved)" })),
        attr("shape", "ellipse"),
    ];
    if resolved {
        a.push(attr("fillcolor", RESOLVED_FILL));
    } else {
        a.extend([
            attr("fillcolor", UNRESOLVED_FILL),
            attr("color", UNRESOLVED_LINE),
            attr("style", "filled,dashed,bold"),
        ]);
    }
    Stmt::Node(Node::new(node_id(s), a))
}

fn legend(items: &[(&str, &str, &str, &str)]) -> Stmt {
    // One node per entry in a cluster, chained invisibly so they stack in one column.
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("color", "#999999")),
        Stmt::Attribute(attr("fontname", FONT)),
    ];
    for (i, (label, shape, fill, style)) in items.iter().enumerate() {
        let mut a = vec![attr("label", label), attr("shape", shape), attr("fillcolor", fill)];
        if !style.is_empty() {
            a.push(attr("style", style));
        }
        if style.contains("dashed") {
            a.push(attr("color", UNRESOLVED_LINE));
        }
        if *fill == UNSUPPORTED_FILL {
            a.extend([attr("color", UNSUPPORTED_LINE), attr("penwidth", "2")]);
        }
        stmts.push(node(&format!("legend{i}"), a));
    }
    let mut rank = vec![Stmt::Attribute(attr("rank", "same"))];
    for i in 0..items.len() {
        rank.push(node(&format!("legend{i}"), vec![]));
    }
    stmts.push(Stmt::Subgraph(Subgraph { id: plain("legend_rank"), stmts: rank }));
    Stmt::Subgraph(Subgraph { id: plain("cluster_legend"), stmts })
}

fn header(title: &str, rankdir: &str) -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", title),
            attr("labelloc", "t"),
            attr("fontname", FONT),
            attr("fontsize", "16"),
            attr("rankdir", rankdir),
            attr("nodesep", "0.12"),
            attr("ranksep", "1.2"),
            attr("newrank", "true"),
            attr("charset", "UTF-8"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", FONT),
            attr("fontsize", "10"),
            attr("style", "filled"),
            attr("margin", "0.06,0.03"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("color", "#666666"), attr("arrowsize", "0.6")])),
    ]
}

fn counted_edge(a: NodeId, b: NodeId, n: usize, extra: Vec<Attribute>) -> Stmt {
    let width = format!("{:.1}", 1.0 + (n as f64).ln() * 1.5);
    let mut attrs = vec![attr("penwidth", &width), attr("weight", &n.to_string())];
    if n > 1 {
        attrs.push(attr("label", &n.to_string()));
        attrs.push(attr("fontsize", "9"));
        attrs.push(attr("fontname", FONT));
    }
    attrs.extend(extra);
    edge(a, b, attrs)
}

fn title(g: &Graph, what: &str) -> String {
    let docs: Vec<String> = g
        .graph
        .node_weights()
        .filter_map(|n| match n {
            GNode::Document { path } => Some(file_name(path)),
            _ => None,
        })
        .collect();
    let unresolved =
        g.sources.values().filter(|&&s| matches!(g.graph[s], GNode::Source { resolved: false, .. })).count();
    let cites = citations(g).len();
    format!(
        "{}: {what}\n{} sources ({unresolved} unresolved), {cites} citations",
        truncate(&docs.join(", "), 80),
        g.sources.len()
    )
}

/// Builds the DOT graph of one view.
pub fn to_dot(g: &Graph, view: View) -> DotGraph {
    match view {
        View::Sources => sources_view(g),
        View::Claims => claims_view(g),
        View::Cocitation => cocitation_view(g),
    }
}

/// Writes the DOT text of one view.
///
/// ```
/// use citegraph::{extract, Options};
/// use citegraph::Graph;
/// use citegraph::export::{write_dot, View};
/// use citegraph::Source;
/// let doc = extract(&Source::new("t.txt", "Intro\n\nCats purr (Hill, 2013).\n".into()), &Options::default());
/// let mut out = Vec::new();
/// write_dot(&Graph::from_document(&doc), View::Sources, &mut out).unwrap();
/// let dot = String::from_utf8(out).unwrap();
/// assert!(dot.starts_with("digraph citegraph {"));
/// assert!(graphviz_rust::parse(&dot).is_ok());
/// ```
pub fn write_dot(g: &Graph, view: View, mut w: impl Write) -> io::Result<()> {
    let text = to_dot(g, view).print(&mut PrinterContext::default());
    w.write_all(text.as_bytes())?;
    writeln!(w)
}

/// The DOT text of one view.
pub fn dot_string(g: &Graph, view: View) -> String {
    to_dot(g, view).print(&mut PrinterContext::default())
}

fn sources_view(g: &Graph) -> DotGraph {
    let mut stmts = header(&title(g, "sections → sources"), "LR");
    // (document, section or document) → source → count
    let mut counts: BTreeMap<(NodeIndex, NodeIndex), usize> = BTreeMap::new();
    let mut used: BTreeMap<NodeIndex, BTreeSet<NodeIndex>> = BTreeMap::new();
    for (from, s) in citations(g) {
        let (doc, section) = place(g, from);
        let Some(doc) = doc else { continue };
        let origin = section.unwrap_or(doc);
        *counts.entry((origin, s)).or_default() += 1;
        used.entry(doc).or_default().insert(origin);
    }
    let mut named_counts: BTreeMap<(NodeIndex, NodeIndex), usize> = BTreeMap::new();
    for (from, s) in namings(g) {
        let (doc, section) = place(g, from);
        let Some(doc) = doc else { continue };
        let origin = section.unwrap_or(doc);
        *named_counts.entry((origin, s)).or_default() += 1;
        used.entry(doc).or_default().insert(origin);
    }
    for (doc, origins) in &used {
        let path = match &g.graph[*doc] {
            GNode::Document { path } => file_name(path),
            _ => String::new(),
        };
        let mut inner = vec![
            Stmt::Attribute(attr("label", &truncate(&path, 60))),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("color", "#6d9eeb")),
            Stmt::Attribute(attr("fontname", FONT)),
        ];
        for &o in origins {
            let label = match &g.graph[o] {
                GNode::Section { title, line, .. } => format!("{} (line {line})", wrap(title, 28, 2)),
                _ => "(before the first heading)".to_string(),
            };
            inner.push(Stmt::Node(Node::new(
                node_id(o),
                vec![attr("label", &label), attr("shape", "box"), attr("fillcolor", SECTION_FILL)],
            )));
        }
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("cluster_doc{}", doc.index())), stmts: inner }));
    }
    // Sources in order of first citation, staggered over three columns (as `unflatten`
    // does) so that seventy sources make a block instead of one very tall column.
    let mut order: Vec<NodeIndex> = Vec::new();
    for (_, s) in citations(g) {
        if !order.contains(&s) {
            order.push(s);
        }
    }
    let stagger = if order.len() > 15 { STAGGER } else { 1 };
    let column: BTreeMap<NodeIndex, usize> = order.iter().enumerate().map(|(i, &s)| (s, 1 + i % stagger)).collect();
    for &s in &order {
        stmts.push(source_stmt(g, s));
    }
    for ((o, s), n) in &counts {
        let minlen = column.get(s).copied().unwrap_or(1).to_string();
        stmts.push(counted_edge(node_id(*o), node_id(*s), *n, vec![attr("minlen", &minlen)]));
    }
    let named: BTreeSet<NodeIndex> = named_counts.keys().map(|k| k.1).collect();
    for &s in &named {
        stmts.push(named_stmt(g, s));
    }
    for ((o, s), n) in &named_counts {
        stmts.push(naming_edge(*o, *s, *n));
    }
    let mut items = vec![
        ("section", "box", SECTION_FILL, "filled"),
        ("resolved source", "ellipse", RESOLVED_FILL, "filled"),
        ("unresolved source", "ellipse", UNRESOLVED_FILL, "filled,dashed,bold"),
    ];
    if !named.is_empty() {
        items.push(("source named in the text", "tab", NAMED_FILL, "filled,dashed"));
    }
    items.push(("edge label = citations", "plaintext", "#ffffff", "filled"));
    stmts.push(legend(&items));
    DotGraph::DiGraph { id: plain("citegraph"), strict: false, stmts }
}

fn claims_view(g: &Graph) -> DotGraph {
    let mut stmts = header(&title(g, "claims → sources"), "LR");
    let mut counts: BTreeMap<(NodeIndex, NodeIndex), usize> = BTreeMap::new();
    for (from, s) in citations(g) {
        *counts.entry((citing_node(g, from), s)).or_default() += 1;
    }
    let citing: BTreeSet<NodeIndex> = counts.keys().map(|k| k.0).collect();
    let mut named_counts: BTreeMap<(NodeIndex, NodeIndex), usize> = BTreeMap::new();
    for (from, s) in namings(g) {
        *named_counts.entry((citing_node(g, from), s)).or_default() += 1;
    }
    let naming: BTreeSet<NodeIndex> = named_counts.keys().map(|k| k.0).collect();
    // Footnotes drawn: those that cite or annotate a drawn claim.
    let footnotes: Vec<NodeIndex> =
        g.graph.node_indices().filter(|&n| matches!(g.graph[n], GNode::Footnote { .. })).collect();
    let annotated_claims: BTreeSet<NodeIndex> = footnotes.iter().filter_map(|&f| annotated(g, f)).collect();
    let mut shown: Vec<NodeIndex> = Vec::new();
    for n in g.graph.node_indices() {
        match &g.graph[n] {
            GNode::Claim { status, .. } => {
                let in_footnote = container(g, n).is_some_and(|p| matches!(g.graph[p], GNode::Footnote { .. }));
                if !in_footnote
                    && (citing.contains(&n)
                        || naming.contains(&n)
                        || annotated_claims.contains(&n)
                        || *status == ClaimStatus::Unsupported)
                {
                    shown.push(n);
                }
            }
            GNode::Footnote { .. } => shown.push(n),
            _ => {}
        }
    }
    // Document order: claims by line, each footnote right after the claim it annotates
    // (the graph holds footnote nodes before claim nodes, so node order would put every
    // footnote first).
    // Claim ids (`s12`) number the claims in text order, also within one line.
    let claim_pos = |c: NodeIndex| match &g.graph[c] {
        GNode::Claim { id, line, .. } => Some((*line, id.trim_start_matches('s').parse::<usize>().unwrap_or(0))),
        _ => None,
    };
    let line_of = |n: NodeIndex| match &g.graph[n] {
        GNode::Claim { .. } => (claim_pos(n).unwrap_or((usize::MAX, 0)), 0),
        GNode::Footnote { .. } => (annotated(g, n).and_then(claim_pos).unwrap_or((usize::MAX, 0)), 1),
        _ => ((usize::MAX, 0), 2),
    };
    shown.sort_by_key(|&n| (document_of(g, n), line_of(n), n));
    // Group by (document, section), sections in document order (node order).
    let mut groups: BTreeMap<(Option<NodeIndex>, Option<NodeIndex>), Vec<NodeIndex>> = BTreeMap::new();
    for &n in &shown {
        groups.entry(place(g, n)).or_default().push(n);
    }
    let mut docs: BTreeMap<Option<NodeIndex>, Vec<Stmt>> = BTreeMap::new();
    for ((doc, section), nodes) in &groups {
        let mut inner = Vec::new();
        let label = match section.map(|s| &g.graph[s]) {
            Some(GNode::Section { title, .. }) => wrap(title, 40, 1),
            _ => "(before the first heading)".to_string(),
        };
        inner.extend([
            Stmt::Attribute(attr("label", &label)),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("color", "#6d9eeb")),
            Stmt::Attribute(attr("fontname", FONT)),
        ]);
        for &n in nodes {
            inner.push(claim_or_footnote(g, n));
        }
        let cluster = format!("cluster_s{}_{}", doc.map_or(0, |d| d.index()), section.map_or(0, |s| s.index()));
        docs.entry(*doc).or_default().push(Stmt::Subgraph(Subgraph { id: plain(&cluster), stmts: inner }));
    }
    let many = docs.len() > 1;
    for (doc, inner) in docs {
        if many {
            let path = match doc.map(|d| &g.graph[d]) {
                Some(GNode::Document { path }) => file_name(path),
                _ => String::new(),
            };
            let mut s = vec![Stmt::Attribute(attr("label", &truncate(&path, 60)))];
            s.extend(inner);
            stmts.push(Stmt::Subgraph(Subgraph {
                id: plain(&format!("cluster_doc{}", doc.map_or(0, |d| d.index()))),
                stmts: s,
            }));
        } else {
            stmts.extend(inner);
        }
    }
    for &s in g.sources.values() {
        stmts.push(source_stmt(g, s));
    }
    for ((c, s), n) in &counts {
        stmts.push(counted_edge(node_id(*c), node_id(*s), *n, vec![]));
    }
    let named: BTreeSet<NodeIndex> = named_counts.keys().map(|k| k.1).collect();
    for &s in &named {
        stmts.push(named_stmt(g, s));
    }
    for ((c, s), n) in &named_counts {
        stmts.push(naming_edge(*c, *s, *n));
    }
    for &f in &footnotes {
        if let Some(c) = annotated(g, f).filter(|c| shown.contains(c)) {
            stmts.push(edge(
                node_id(f),
                node_id(c),
                vec![
                    attr("style", "dashed"),
                    attr("arrowhead", "none"),
                    attr("color", "#b7a34a"),
                    attr("constraint", "false"),
                ],
            ));
        }
    }
    let mut items = vec![
        ("claim with a citation", "box", CLAIM_FILL, "filled,rounded"),
        ("unsupported claim", "box", UNSUPPORTED_FILL, "filled,rounded,bold"),
        ("footnote", "note", FOOTNOTE_FILL, "filled"),
        ("resolved source", "ellipse", RESOLVED_FILL, "filled"),
        ("unresolved source", "ellipse", UNRESOLVED_FILL, "filled,dashed,bold"),
    ];
    if !named.is_empty() {
        items.push(("source named in the text", "tab", NAMED_FILL, "filled,dashed"));
    }
    stmts.push(legend(&items));
    DotGraph::DiGraph { id: plain("citegraph"), strict: false, stmts }
}

fn claim_or_footnote(g: &Graph, n: NodeIndex) -> Stmt {
    match &g.graph[n] {
        GNode::Claim { id: cid, text, line, status } => {
            let label = format!("{cid} · line {line}\n{}", wrap(text, 32, 3));
            let mut a = vec![attr("label", &label), attr("tooltip", &truncate(text, 600)), attr("shape", "box")];
            if *status == ClaimStatus::Unsupported {
                a.extend([
                    attr("fillcolor", UNSUPPORTED_FILL),
                    attr("color", UNSUPPORTED_LINE),
                    attr("penwidth", "2"),
                    attr("style", "filled,rounded,bold"),
                ]);
            } else {
                a.extend([attr("fillcolor", CLAIM_FILL), attr("style", "filled,rounded")]);
            }
            Stmt::Node(Node::new(node_id(n), a))
        }
        GNode::Footnote { number, text } => Stmt::Node(Node::new(
            node_id(n),
            vec![
                attr("label", &format!("footnote {number}\n{}", wrap(text, 32, 2))),
                attr("tooltip", &truncate(text, 600)),
                attr("shape", "note"),
                attr("fillcolor", FOOTNOTE_FILL),
            ],
        )),
        _ => Stmt::Node(Node::new(node_id(n), vec![])),
    }
}

fn cocitation_view(g: &Graph) -> DotGraph {
    let mut stmts = header(&title(g, "sources cited in the same claim"), "LR");
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("layout", "neato"),
        attr("overlap", "false"),
        attr("sep", "+6"),
        attr("splines", "true"),
    ])));
    let mut per_claim: BTreeMap<NodeIndex, BTreeSet<NodeIndex>> = BTreeMap::new();
    for (from, s) in citations(g) {
        per_claim.entry(from).or_default().insert(s);
    }
    let mut pairs: BTreeMap<(NodeIndex, NodeIndex), usize> = BTreeMap::new();
    for set in per_claim.values() {
        let v: Vec<NodeIndex> = set.iter().copied().collect();
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                *pairs.entry((v[i], v[j])).or_default() += 1;
            }
        }
    }
    let linked: BTreeSet<NodeIndex> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    for &s in g.sources.values() {
        if linked.contains(&s) {
            stmts.push(source_stmt(g, s));
        }
    }
    let alone = g.sources.len() - linked.len();
    for ((a, b), n) in &pairs {
        stmts.push(counted_edge(node_id(*a), node_id(*b), *n, vec![attr("color", "#3d85c6")]));
    }
    stmts.push(node(
        "legend",
        vec![
            attr(
                "label",
                &format!(
                    "Legend\nlinked: cited together in one claim\n(label = number of claims)\ngreen: resolved; orange dashed: unresolved\n{alone} sources never co-cited are not drawn"
                ),
            ),
            attr("shape", "box"),
            attr("fillcolor", "#ffffff"),
            attr("color", "#999999"),
        ],
    ));
    DotGraph::Graph { id: plain("citegraph"), strict: false, stmts }
}

/// What `dot` produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The picture.
    pub bytes: Vec<u8>,
    /// Whatever `dot` printed on standard error (warnings); empty when all is well.
    pub warnings: String,
}

/// The `dot` program to run: `$CITEGRAPH_DOT` or `dot`.
pub fn dot_program() -> String {
    std::env::var("CITEGRAPH_DOT").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| "dot".into())
}

/// Renders DOT text with the Graphviz `dot` program.
///
/// A missing program gives an error that names the package to install; a failing one
/// gives its own message.
pub fn render(dot: &str, format: RenderFormat) -> Result<Rendered, Error> {
    let program = dot_program();
    let mut child = Command::new(&program)
        .arg(format!("-T{}", format.as_arg()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                Error::new(
                    ErrorKind::UnsupportedFormat,
                    None,
                    format!(
                        "cannot run `{program}`: Graphviz is not installed. Install the `graphviz` package \
                     (Debian/Ubuntu: `apt-get install graphviz`, Fedora: `dnf install graphviz`, macOS: \
                     `brew install graphviz`), or write DOT with `--format dot`"
                    ),
                )
            } else {
                Error::caused(ErrorKind::UnsupportedFormat, None, format!("cannot run `{program}`"), e)
            }
        })?;
    let io_err = |e: io::Error| Error::io(None, format!("while running `{program}`"), e);
    // Feed stdin from a thread so a large picture on stdout cannot dead-lock the pipe.
    let mut stdin = child.stdin.take().ok_or_else(|| io_err(io::Error::other("no stdin")))?;
    let input = dot.as_bytes().to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let mut stderr = child.stderr.take().ok_or_else(|| io_err(io::Error::other("no stderr")))?;
    let errs = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut bytes = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut bytes).map_err(io_err)?;
    }
    let status = child.wait().map_err(io_err)?;
    let fed = feeder.join().unwrap_or_else(|_| Err(io::Error::other("writer thread failed")));
    let warnings = errs.join().unwrap_or_default();
    if !status.success() {
        return Err(Error::new(ErrorKind::Io, None, format!("`{program}` failed ({status}): {}", warnings.trim())));
    }
    fed.map_err(io_err)?;
    Ok(Rendered { bytes, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_cuts() {
        assert_eq!(wrap("one two three four", 9, 2), "one two\nthree…");
        assert_eq!(wrap("short", 10, 2), "short");
    }

    #[test]
    fn quotes_hostile_text() {
        assert_eq!(quoted("a\"b\\c\nd\u{7}"), "\"a\\\"b\\\\c\\nd \"");
    }
}

#[cfg(test)]
mod doc_examples {
    use super::*;

    /// `quoted` on the cases its documentation showed (a unit test: it is private).
    #[test]
    fn quoted_example() {
        assert_eq!(quoted("say \"hi\"\\\nnow"), "\"say \\\"hi\\\"\\\\\\nnow\"");
    }
}
