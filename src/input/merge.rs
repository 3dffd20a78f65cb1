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
    // Every lookup below goes through an index or a sorted list: a document with tens of
    // thousands of notes, keys or references must not cost their product.
    let mut keys: std::collections::HashSet<String> = doc.references.iter().map(|r| r.key.clone()).collect();
    for r in &conv.references {
        if keys.insert(r.key.clone()) {
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
    // Note bodies by start, for [`note_at`].
    let mut by_start: Vec<(usize, usize, u32)> =
        conv.notes.iter().flatten().map(|n| (n.body.start, n.body.end, n.number)).collect();
    by_start.sort_unstable();
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
        let note_at = |at: usize| note_at(&by_start, at);
        for c in &mut doc.claims {
            c.in_footnote = note_at(c.span.start);
        }
        for c in &mut doc.citations {
            c.footnote = note_at(c.span.start);
        }
        doc.diagnostics.retain(|d| d.code != "footnote-without-anchor");
    }

    // Key citations.
    let keyed = &conv.key_citations;
    // Key spans by start, with the furthest end so far: a citation overlaps one of the spans
    // starting before its end exactly when the furthest of their ends passes its start.
    let mut spans: Vec<(usize, usize)> = keyed.iter().map(|k| (k.span.start, k.span.end)).collect();
    spans.sort_unstable();
    let mut furthest = Vec::with_capacity(spans.len());
    let mut far = 0;
    for &(_, e) in &spans {
        far = far.max(e);
        furthest.push(far);
    }
    doc.citations.retain(|c| {
        let n = spans.partition_point(|&(s, _)| s < c.span.end);
        n == 0 || furthest[n - 1] <= c.span.start
    });
    let by_key: std::collections::HashMap<&str, usize> =
        doc.references.iter().enumerate().rev().map(|(i, r)| (r.key.as_str(), i)).collect();
    let group_base = doc.citations.iter().map(|c| c.group).max().unwrap_or(0);
    let mut new_diags = Vec::new();
    for k in keyed {
        let r = by_key.get(k.key.as_str()).map(|&i| &doc.references[i]);
        if r.is_none() {
            new_diags.push(
                Diagnostic::warning("unknown-citation-key", format!("citation key `{}` is in no bibliography", k.key))
                    .with_span(k.span)
                    .with_suggestion("add the entry to the .bib file, or pass the database with --bib"),
            );
        }
        let people = r.map(|r| if r.authors.is_empty() { &r.editors } else { &r.authors });
        let footnote = note_at_strict(&by_start, k.span.start);
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
    let cited: std::collections::HashSet<&str> = doc.citations.iter().filter_map(|c| c.reference.as_deref()).collect();
    let uncited_id = |m: &str| {
        let end = m.find(") is not cited")?;
        m[..end].rfind('(').map(|s| m[s + 1..end].to_string())
    };
    let keep: Vec<bool> = doc
        .diagnostics
        .iter()
        .map(|d| d.code != "uncited-reference" || uncited_id(&d.message).is_none_or(|id| !cited.contains(id.as_str())))
        .collect();
    let mut keep = keep.into_iter();
    doc.diagnostics.retain(|_| keep.next().unwrap_or(true));
    for d in &mut new_diags {
        d.locate(src);
    }
    doc.diagnostics.extend(new_diags);
    doc.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));

    doc.citations.sort_by_key(|c| (c.span.start, c.span.end));
    for (i, c) in doc.citations.iter_mut().enumerate() {
        c.id = format!("c{}", i + 1);
    }
    relink(&mut doc.claims, &mut doc.citations, &mut doc.footnotes);
}

/// The note whose body holds `at` (an empty body holds its start), from note bodies sorted
/// by start as `(start, end, number)`.
fn note_at(by_start: &[(usize, usize, u32)], at: usize) -> Option<u32> {
    let i = by_start.partition_point(|n| n.0 <= at);
    (0..i).rev().take(8).find(|&k| at < by_start[k].1.max(by_start[k].0 + 1)).map(|k| by_start[k].2)
}

/// Like [`note_at`], for a position strictly inside a body.
fn note_at_strict(by_start: &[(usize, usize, u32)], at: usize) -> Option<u32> {
    let i = by_start.partition_point(|n| n.0 <= at);
    (0..i).rev().take(8).find(|&k| at < by_start[k].1).map(|k| by_start[k].2)
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
