//! Merging what a format states natively into the [`Document`] the text pipeline built.
//!
//! Native facts win over detection: native headings replace detected ones, native notes
//! replace detected footnotes (claims and citations inside a note body get its number),
//! and key citations are added as [`Citation`]s resolved by key (`resolution: "key"`);
//! a text citation the parser found inside a key citation's span is dropped. Citation
//! ids are renumbered in document order and every claim link is rebuilt, then claims are
//! re-scored with [`crate::claim::apply_support`].

use super::Converted;
use crate::diagnostic::Diagnostic;
use crate::model::{Citation, Claim, Document, Footnote};

/// Merges `conv`'s native facts into `doc` (which must come from `conv.source`).
pub fn merge(doc: &mut Document, conv: &Converted) {
    let src = &conv.source;
    let has_native = conv.notes.is_some() || conv.sections.is_some() || !conv.key_citations.is_empty();
    if !has_native {
        return;
    }
    for r in &conv.references {
        if !doc.references.iter().any(|x| x.key == r.key) {
            let mut r = r.clone();
            r.id = format!("r{}", doc.references.len() + 1);
            doc.references.push(r);
        }
    }
    if let Some(sections) = &conv.sections {
        doc.sections = sections.clone();
        for c in &mut doc.claims {
            c.section = sections.iter().rposition(|s| s.span.start <= c.span.start);
        }
    }
    if let Some(notes) = &conv.notes {
        doc.footnotes = notes
            .iter()
            .map(|n| Footnote {
                number: n.number,
                anchor_line: n.anchor.map(|a| src.line_of(a.start)),
                anchor_span: n.anchor,
                marker: n.marker.clone(),
                body_line: src.line_of(n.body.start),
                body_span: n.body,
                text: src.slice(n.body).split_whitespace().collect::<Vec<_>>().join(" "),
                claim: None,
            })
            .collect();
        let note_at = |at: usize| notes.iter().find(|n| n.body.start <= at && at < n.body.end.max(n.body.start + 1));
        for c in &mut doc.claims {
            c.in_footnote = note_at(c.span.start).map(|n| n.number);
        }
        for c in &mut doc.citations {
            c.footnote = note_at(c.span.start).map(|n| n.number);
        }
        doc.diagnostics.retain(|d| d.code != "footnote-without-anchor");
    }

    // Key citations.
    let keyed = &conv.key_citations;
    doc.citations.retain(|c| !keyed.iter().any(|k| k.span.start < c.span.end && c.span.start < k.span.end));
    let group_base = doc.citations.iter().map(|c| c.group).max().unwrap_or(0);
    let mut new_diags = Vec::new();
    for k in keyed {
        let r = doc.references.iter().find(|r| r.key == k.key);
        if r.is_none() {
            new_diags.push(
                Diagnostic::warning("unknown-citation-key", format!("citation key `{}` is in no bibliography", k.key))
                    .with_span(k.span)
                    .with_suggestion("add the entry to the .bib file, or pass the database with --bib"),
            );
        }
        let people = r.map(|r| if r.authors.is_empty() { &r.editors } else { &r.authors });
        let footnote = conv.notes.as_ref().and_then(|ns| {
            ns.iter().find(|n| n.body.start <= k.span.start && k.span.start < n.body.end).map(|n| n.number)
        });
        doc.citations.push(Citation {
            id: String::new(),
            text: k.text.clone(),
            authors: people.map(|p| p.iter().map(|p| p.sort_name().to_string()).collect()).unwrap_or_default(),
            et_al: r.is_some_and(|r| r.et_al),
            year: r.and_then(|r| r.year.clone()),
            locator: k.locator.clone(),
            prefix: k.prefix.clone(),
            suffix: k.suffix.clone(),
            form: k.form,
            numbers: Vec::new(),
            line: src.line_of(k.span.start),
            span: k.span,
            group: group_base + k.group,
            claim: None,
            footnote,
            reference: r.map(|r| r.id.clone()),
            resolution: r.map(|_| "key".to_string()),
        });
    }
    // Key-cited entries are cited, whatever the text-citation resolver said.
    let cited: Vec<String> = doc.citations.iter().filter_map(|c| c.reference.clone()).collect();
    doc.diagnostics.retain(|d| {
        d.code != "uncited-reference" || !cited.iter().any(|id| d.message.contains(&format!("({id}) is not cited")))
    });
    for d in &mut new_diags {
        d.locate(src);
    }
    doc.diagnostics.extend(new_diags);
    doc.diagnostics.sort_by_key(|d| (d.file.is_some(), d.line.unwrap_or(0)));

    doc.citations.sort_by_key(|c| (c.span.start, c.span.end));
    for (i, c) in doc.citations.iter_mut().enumerate() {
        c.id = format!("c{}", i + 1);
    }
    relink(&mut doc.claims, &mut doc.citations, &mut doc.footnotes);
}

/// Rebuilds citation → claim and footnote → claim links, then re-scores the claims.
fn relink(claims: &mut [Claim], citations: &mut [Citation], footnotes: &mut [Footnote]) {
    for c in claims.iter_mut() {
        c.citations.clear();
        c.footnotes.clear();
    }
    let find = |claims: &[Claim], at: usize, footnote: Option<u32>| -> Option<usize> {
        let i = claims.partition_point(|c| c.span.start <= at);
        (0..i).rev().take(32).find(|&k| claims[k].span.end >= at && claims[k].in_footnote == footnote)
    };
    for c in citations.iter_mut() {
        c.claim = None;
        if let Some(k) = find(claims, c.span.start, c.footnote) {
            c.claim = Some(claims[k].id.clone());
            claims[k].citations.push(c.id.clone());
        }
    }
    for f in footnotes.iter_mut() {
        f.claim = None;
        let Some(a) = f.anchor_span else { continue };
        let k = find(claims, a.start, None).or_else(|| find(claims, a.start.saturating_sub(1), None));
        if let Some(k) = k {
            f.claim = Some(claims[k].id.clone());
            claims[k].footnotes.push(f.number);
        }
    }
    crate::claim::apply_support(claims, citations, footnotes);
}
