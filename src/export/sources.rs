//! The `sources` table: what the argument rests on.
//!
//! Why: a bibliography lists works alphabetically; a reader checking an argument wants to
//! know which works it cannot lose. For each source this table gives its citations, the
//! claims it supports, the claims that rest on it alone (remove it and they stand
//! unsupported, [`Graph::claims_resting_on`]), the sections it reaches and its first and
//! last citation. Rows are sorted by dependence (claims resting on the source alone), then
//! by citations, so the load-bearing sources come first. Documents the text names instead
//! of citing (`Resolution 130`, [`crate::named`]) are rows too, marked by `named` (their
//! kind; `§` in the text table), counting mentions.

use super::truncate;
use crate::graph::{Edge as GEdge, Graph, Node as GNode};
use crate::model::Document;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

/// Where a citation stands.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Document path as given.
    pub document: String,
    /// 1-based line.
    pub line: usize,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    /// Source key (`hill2013b`), as in `citegraph bib`.
    pub key: String,
    /// Short label (`Hill 2013b`).
    pub label: String,
    /// True when a reference entry describes the source.
    pub resolved: bool,
    /// Number of citations.
    pub citations: usize,
    /// Claims it supports (directly or through a footnote), as claim ids; with several
    /// documents, `path#id`.
    pub claims: Vec<String>,
    /// Claims that rest on it alone.
    pub resting: Vec<String>,
    /// Titles of the sections its citations stand in, in document order.
    pub sections: Vec<String>,
    /// First citation.
    pub first: Option<Location>,
    /// Last citation.
    pub last: Option<Location>,
    /// For a source the text names instead of citing (`Resolution 130`): its kind
    /// (`resolution`, `rfc`, ...); `citations` then counts the mentions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named: Option<String>,
}

/// How to order the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Claims resting on the source alone, then citations, then key (the default).
    #[default]
    Dependence,
    /// Citations, then key.
    Citations,
    /// Key.
    Key,
    /// First citation in the text.
    First,
}

/// Table output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Aligned columns for a terminal.
    Text,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// A JSON array of row objects.
    Json,
}

/// Builds the rows for `g`, which must have been built from `docs` in that order.
///
/// ```
/// use citegraph::{extract, Options};
/// use citegraph::Graph;
/// use citegraph::export::{rows, SortBy};
/// use citegraph::Source;
/// let text = "Intro\n\nCats purr loudly (Hill, 2013). Dogs bark at night (Hill, 2013; Lee, 2001).\n";
/// let doc = extract(&Source::new("t.txt", text.to_string()), &Options::default());
/// let g = Graph::from_document(&doc);
/// let table = rows(&g, std::slice::from_ref(&doc), SortBy::Dependence);
/// assert_eq!(table[0].key, "hill2013");
/// assert_eq!((table[0].citations, table[0].resting.len()), (2, 1));
/// ```
pub fn rows(g: &Graph, docs: &[Document], sort: SortBy) -> Vec<SourceRow> {
    let many = docs.len() > 1;
    // Document nodes in insertion order correspond to `docs`.
    let doc_nodes: Vec<NodeIndex> =
        g.graph.node_indices().filter(|&n| matches!(g.graph[n], GNode::Document { .. })).collect();
    // Nodes of a document are added after its document node and before the next one's.
    let doc_of_node = |n: NodeIndex| -> Option<usize> { doc_nodes.iter().rposition(|&d| d <= n) };
    let claim_name = |n: NodeIndex| -> String {
        let id = match &g.graph[n] {
            GNode::Claim { id, .. } => id.clone(),
            _ => format!("n{}", n.index()),
        };
        match doc_of_node(n).and_then(|i| docs.get(i)) {
            Some(d) if many => format!("{}#{id}", d.path),
            _ => id,
        }
    };
    let line_of: HashMap<(usize, &str), (usize, Option<usize>)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            d.citations.iter().map(move |c| {
                let section =
                    d.claims.iter().find(|cl| Some(cl.id.as_str()) == c.claim.as_deref()).and_then(|cl| cl.section);
                ((i, c.id.as_str()), (c.line, section))
            })
        })
        .collect();

    let mut out = Vec::new();
    for (key, &s) in &g.sources {
        let (label, resolved) = match &g.graph[s] {
            GNode::Source { label, resolved, .. } => (label.clone(), *resolved),
            _ => continue,
        };
        let mut claims: BTreeSet<NodeIndex> = BTreeSet::new();
        let mut locations: Vec<Location> = Vec::new();
        let mut sections: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut count = 0;
        for e in g.graph.edges_directed(s, Direction::Incoming) {
            let GEdge::Cites { citation, .. } = e.weight() else { continue };
            count += 1;
            let from = e.source();
            if matches!(g.graph[from], GNode::Claim { .. }) {
                claims.insert(from);
            }
            let Some(di) = doc_of_node(from) else { continue };
            if let Some(&(line, section)) = line_of.get(&(di, citation.as_str())) {
                locations.push(Location { document: docs[di].path.clone(), line });
                if let Some(sec) = section {
                    sections.insert((di, sec));
                }
            }
        }
        let resting = g.claims_resting_on(s);
        // A footnote sentence citing it supports the claim the footnote annotates, too.
        claims.extend(resting.iter().copied());
        locations.sort_by_key(|l| (docs.iter().position(|d| d.path == l.document), l.line));
        out.push(SourceRow {
            key: key.clone(),
            label,
            resolved,
            citations: count,
            claims: claims.iter().map(|&c| claim_name(c)).collect(),
            resting: resting.iter().map(|&c| claim_name(c)).collect(),
            sections: sections
                .iter()
                .filter_map(|&(d, s)| docs[d].sections.get(s).map(|x| super::one_line(&x.title)))
                .collect(),
            first: locations.first().cloned(),
            last: locations.last().cloned(),
            named: None,
        });
    }
    out.extend(named_rows(g, docs, &claim_name));
    match sort {
        SortBy::Dependence => out.sort_by(|a, b| {
            b.resting.len().cmp(&a.resting.len()).then(b.citations.cmp(&a.citations)).then(a.key.cmp(&b.key))
        }),
        SortBy::Citations => out.sort_by(|a, b| b.citations.cmp(&a.citations).then(a.key.cmp(&b.key))),
        SortBy::Key => out.sort_by(|a, b| a.key.cmp(&b.key)),
        SortBy::First => out.sort_by(|a, b| {
            let pos =
                |r: &SourceRow| r.first.as_ref().map(|l| (docs.iter().position(|d| d.path == l.document), l.line));
            pos(a).cmp(&pos(b)).then(a.key.cmp(&b.key))
        }),
    }
    out
}

/// One row per source the documents name (`Resolution 130`, `RFC 2119`): its mentions,
/// the claims that name it, and those resting on it alone (they cite nothing and name no
/// other source).
fn named_rows(g: &Graph, docs: &[Document], claim_name: &dyn Fn(NodeIndex) -> String) -> Vec<SourceRow> {
    let mut out = Vec::new();
    for (key, &s) in &g.named {
        let (name, kind, resolved) = match &g.graph[s] {
            GNode::NamedSource { name, kind, resolved, .. } => (name.clone(), kind.name(), *resolved),
            _ => continue,
        };
        let claims = g.claims_naming(s);
        let resting: Vec<NodeIndex> = claims
            .iter()
            .copied()
            .filter(|&c| {
                g.support_of(c).is_empty()
                    && g.graph
                        .edges_directed(c, Direction::Outgoing)
                        .all(|e| !matches!(e.weight(), GEdge::Names) || e.target() == s)
            })
            .collect();
        let mut locations: Vec<Location> = Vec::new();
        let mut sections: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (di, d) in docs.iter().enumerate() {
            for n in d.named_sources.iter().filter(|n| &n.key() == key) {
                locations.push(Location { document: d.path.clone(), line: n.line });
                let section =
                    d.claims.iter().find(|c| Some(c.id.as_str()) == n.claim.as_deref()).and_then(|c| c.section);
                if let Some(sec) = section {
                    sections.insert((di, sec));
                }
            }
        }
        out.push(SourceRow {
            key: key.clone(),
            label: name,
            resolved,
            citations: locations.len(),
            claims: claims.iter().map(|&c| claim_name(c)).collect(),
            resting: resting.iter().map(|&c| claim_name(c)).collect(),
            sections: sections
                .iter()
                .filter_map(|&(d, s)| docs[d].sections.get(s).map(|x| super::one_line(&x.title)))
                .collect(),
            first: locations.first().cloned(),
            last: locations.last().cloned(),
            named: Some(kind.to_string()),
        });
    }
    out
}

fn loc(l: &Option<Location>, many: bool) -> String {
    match l {
        Some(l) if many => format!("{}:{}", l.document, l.line),
        Some(l) => l.line.to_string(),
        None => String::new(),
    }
}

/// Writes the table.
pub fn write_table(rows: &[SourceRow], format: TableFormat, many_documents: bool, mut w: impl Write) -> io::Result<()> {
    match format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut w, rows)?;
            writeln!(w)
        }
        TableFormat::Csv => {
            writeln!(
                w,
                "key,label,resolved,citations,claims,resting_alone,sections,first_line,last_line,claim_ids,resting_ids"
            )?;
            for r in rows {
                let cells = [
                    r.key.clone(),
                    r.label.clone(),
                    r.resolved.to_string(),
                    r.citations.to_string(),
                    r.claims.len().to_string(),
                    r.resting.len().to_string(),
                    r.sections.join("; "),
                    loc(&r.first, many_documents),
                    loc(&r.last, many_documents),
                    r.claims.join(" "),
                    r.resting.join(" "),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                writeln!(w, "{}", line.join(","))?;
            }
            Ok(())
        }
        TableFormat::Markdown => {
            writeln!(w, "| Source | Key | Citations | Claims | Resting on it alone | Sections | First | Last |")?;
            writeln!(w, "| --- | --- | ---: | ---: | --- | --- | ---: | ---: |")?;
            for r in rows {
                let mut source = md_cell(&r.label);
                if let Some(kind) = &r.named {
                    source.push_str(&format!(" (named {kind})"));
                }
                if !r.resolved {
                    source.push_str(" (unresolved)");
                }
                writeln!(
                    w,
                    "| {source} | `{}` | {} | {} | {} | {} | {} | {} |",
                    r.key.replace('`', "'"),
                    r.citations,
                    r.claims.len(),
                    if r.resting.is_empty() {
                        "0".to_string()
                    } else {
                        format!("{} ({})", r.resting.len(), md_cell(&r.resting.join(", ")))
                    },
                    md_cell(&r.sections.join("; ")),
                    md_cell(&loc(&r.first, many_documents)),
                    md_cell(&loc(&r.last, many_documents)),
                )?;
            }
            Ok(())
        }
        TableFormat::Text => {
            let header = ["SOURCE", "KEY", "CITES", "CLAIMS", "ALONE", "FIRST", "LAST", "SECTIONS"];
            let body: Vec<[String; 8]> = rows
                .iter()
                .map(|r| {
                    [
                        format!(
                            "{}{}{}",
                            truncate(&r.label, 36),
                            if r.named.is_some() { " §" } else { "" },
                            if r.resolved { "" } else { " ?" }
                        ),
                        truncate(&r.key, 28),
                        r.citations.to_string(),
                        r.claims.len().to_string(),
                        r.resting.len().to_string(),
                        loc(&r.first, many_documents),
                        loc(&r.last, many_documents),
                        truncate(&r.sections.join("; "), 60),
                    ]
                })
                .collect();
            let mut widths = header.map(|h| h.chars().count());
            for row in &body {
                for (i, c) in row.iter().enumerate() {
                    widths[i] = widths[i].max(c.chars().count());
                }
            }
            let numeric = [false, false, true, true, true, true, true, false];
            let line = |cells: &[String]| -> String {
                let mut s = String::new();
                for (i, c) in cells.iter().enumerate() {
                    let pad = widths[i].saturating_sub(c.chars().count());
                    if i + 1 == cells.len() {
                        s.push_str(c);
                    } else if numeric[i] {
                        s.push_str(&" ".repeat(pad));
                        s.push_str(c);
                        s.push_str("  ");
                    } else {
                        s.push_str(c);
                        s.push_str(&" ".repeat(pad + 2));
                    }
                }
                s.trim_end().to_string()
            };
            writeln!(w, "{}", line(&header.map(String::from)))?;
            for row in &body {
                writeln!(w, "{}", line(row))?;
            }
            if rows.iter().any(|r| !r.resolved) {
                writeln!(w, "\n? = no reference entry describes this source (known only from citations)")?;
            }
            if rows.iter().any(|r| r.named.is_some()) {
                writeln!(
                    w,
                    "§ = a document the text names (a resolution, standard, law, case); CITES counts mentions"
                )?;
            }
            Ok(())
        }
    }
}

/// One CSV cell, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Text safe inside a Markdown table cell: no line breaks, `|` and Markdown punctuation
/// escaped, `<` `>` `&` as entities so no HTML gets through.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::one_line(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped() {
        assert_eq!(csv_cell("a,\"b\"\nc"), "\"a,\"\"b\"\"\nc\"");
        assert_eq!(md_cell("a|b</script>\nc"), "a\\|b&lt;/script&gt; c");
    }
}
