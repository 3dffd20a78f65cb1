//! The extraction pipeline: one document in, one [`Document`] out.
//!
//! load → layout → sentences → citations and footnotes → references → resolution → claims.
//! Each stage is a plain function of the previous stage's data; this module only wires
//! them together and turns joined-text ranges into original spans and lines.

use crate::cite::{self, FoundCitation};
use crate::claim;
use crate::diagnostic::Diagnostic;
use crate::footnote;
use crate::layout::{self, Layout};
use crate::model::{Citation, Claim, Document, Footnote, Form, Reference, Section};
use crate::reference;
use crate::resolve;
use crate::sentence;
use crate::source::{Source, Span};
use crate::textview::TextView;

/// Options for [`extract`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Bibliography entries loaded from `--bib` files; used instead of, or beside, the document's own list.
    pub bib: Vec<Reference>,
    /// Line-end hyphens inside author names are the typesetter's, not the author's: true for
    /// text citegraph extracted from a PDF itself. Plain text is taken literally (a name split
    /// `Gre-`/`goretti` is reported as `Gre-goretti`, since `Chatr-`/`aryamontri` is real).
    pub typeset_hyphenation: bool,
}

/// A run of text to split into sentences: a paragraph or a footnote body.
struct Unit {
    view: TextView,
    footnote: Option<u32>,
    section: Option<usize>,
}

/// Runs the whole pipeline on a loaded source.
pub fn extract(src: &Source, options: &Options) -> Document {
    let layout = layout::analyze(src);
    let mut diagnostics = Vec::new();

    let mut units: Vec<Unit> = layout
        .paragraphs
        .iter()
        .map(|p| Unit { view: TextView::from_lines(src, &p.lines), footnote: None, section: p.section })
        .collect();

    // Footnote anchors, aligned page by page over the running text.
    let mut cands: Vec<footnote::MarkerCandidate> = units.iter().flat_map(|u| footnote::candidates(&u.view)).collect();
    cands.sort_by_key(|c| c.span.start);
    let anchors = footnote::align(&layout, &cands);
    let mut footnotes: Vec<Footnote> = Vec::new();
    for (i, fb) in layout.footnotes.iter().enumerate() {
        let mut lines = fb.lines.clone();
        if let Some(first) = lines.first_mut() {
            first.start = fb.text_start.min(first.end);
        }
        let view = TextView::from_lines(src, &lines);
        let number = i as u32 + 1;
        let anchor = anchors[i].map(|k| &cands[k]);
        if anchor.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    "footnote-without-anchor",
                    format!("footnote {number} has no marker in the running text of its page"),
                )
                .with_span(fb.marker_span),
            );
        }
        footnotes.push(Footnote {
            number,
            anchor_line: anchor.map(|a| src.line_of(a.span.start)),
            anchor_span: anchor.map(|a| a.span),
            marker: anchor.map(|a| a.text.clone()),
            body_line: src.line_of(fb.marker_span.start),
            body_span: Span::new(fb.marker_span.start, lines.last().map(|l| l.end).unwrap_or(fb.marker_span.end)),
            text: view.text.clone(),
            claim: None,
        });
        let section = section_at(&layout, fb.marker_span.start);
        units.push(Unit { view, footnote: Some(number), section });
    }

    // Citations and sentences per unit.
    let mut citations: Vec<Citation> = Vec::new();
    let mut claims: Vec<Claim> = Vec::new();
    let mut group_base = 0usize;
    let mut numeric_groups: Vec<(usize, cite::numeric::Group)> = Vec::new();
    for (unit_index, unit) in units.iter().enumerate() {
        numeric_groups.extend(cite::numeric::find_groups(&unit.view.text).into_iter().map(|g| (unit_index, g)));
        let found = cite::find_citations(&unit.view.text);
        let max_group = found.iter().map(|c| c.group).max().unwrap_or(0);
        for f in found {
            citations.push(to_citation(src, &unit.view, f, group_base, unit.footnote, options.typeset_hyphenation));
        }
        group_base += max_group;
        for r in sentence::split_sentences(&unit.view.text) {
            let span = unit.view.span(r.clone());
            claims.push(Claim {
                id: String::new(),
                line: src.line_of(span.start),
                span,
                text: unit.view.text[r].to_string(),
                section: unit.section,
                in_footnote: unit.footnote,
                paragraph: unit.footnote.is_none().then_some(unit_index),
                citations: Vec::new(),
                footnotes: Vec::new(),
                status: crate::model::ClaimStatus::NoClaim,
                score: 0.0,
                reasons: Vec::new(),
            });
        }
    }
    // References: the document's own list, then any --bib entries.
    let mut references = Vec::new();
    for &region in &layout.reference_regions {
        for entry in reference::split_entries(src, region) {
            let (mut r, diags) = reference::parse_reference(src.slice(entry));
            r.id = format!("r{}", references.len() + 1);
            r.line = src.line_of(entry.start);
            r.span = Some(entry);
            references.push(r);
            diagnostics.extend(diags.into_iter().map(|d| place(d, entry)));
        }
    }
    for b in &options.bib {
        references.push(b.clone());
    }
    // Numeric citations, once the whole document and its reference list are known.
    let numeric_found = numeric_citations(src, &units, numeric_groups, &citations, &footnotes, &references, &layout);
    citations.extend(numeric_found);
    citations.sort_by_key(|c| (c.span.start, c.span.end));
    for (i, c) in citations.iter_mut().enumerate() {
        c.id = numbered_id('c', i + 1);
    }
    claims.sort_by_key(|c| c.span.start);
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = numbered_id('s', i + 1);
    }
    link_claims(&mut claims, &mut citations, &mut footnotes, &layout.sections);

    resolve::assign_keys(&mut references);
    // Author-year citations resolve by name and year, numeric ones by number.
    let (mut numbered, mut named): (Vec<Citation>, Vec<Citation>) =
        citations.into_iter().partition(|c| c.form == Form::Numeric);
    diagnostics.extend(resolve::resolve(&mut named, &references, src));
    for i in cite::numeric::link(&mut numbered, &references, &layout.reference_regions) {
        let c = &numbered[i];
        diagnostics.push(
            Diagnostic::warning("unresolved-citation", format!("`{}` matches no entry of the reference list", c.text))
                .with_span(c.span),
        );
    }
    let mut citations = named;
    citations.extend(numbered);
    citations.sort_by_key(|c| (c.span.start, c.span.end));

    for c in citations.iter().filter(|c| c.form != Form::Numeric) {
        if c.year.is_none() {
            diagnostics.push(
                Diagnostic::warning("citation-without-year", format!("citation `{}` gives no year", c.text))
                    .with_span(c.span)
                    .with_suggestion("add the year of the cited work"),
            );
        }
    }
    for d in &mut diagnostics {
        d.locate(src);
    }
    diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
    Document {
        path: src.path.clone(),
        citations,
        footnotes,
        sections: layout.sections.clone(),
        claims,
        references,
        reference_sections: layout.reference_regions.clone(),
        diagnostics,
    }
}

/// `prefix` followed by `n` in decimal (`c12`), as `format!("{prefix}{n}")` writes it
/// without the formatting machinery.
fn numbered_id(prefix: char, n: usize) -> String {
    let mut id = String::with_capacity(8);
    id.push(prefix);
    crate::model::push_decimal(&mut id, n);
    id
}

/// Gives a diagnostic from a sub-parser the span of the entry it came from, when it has none.
fn place(mut d: Diagnostic, entry: Span) -> Diagnostic {
    if d.span.is_none() {
        d.span = Some(entry);
    }
    d
}

fn section_at(layout: &Layout, offset: usize) -> Option<usize> {
    layout.sections.iter().rposition(|s| s.span.start <= offset)
}

fn to_citation(
    src: &Source,
    view: &TextView,
    f: FoundCitation,
    group_base: usize,
    footnote: Option<u32>,
    typeset_hyphenation: bool,
) -> Citation {
    // Names exactly as the document writes them, hyphens of split lines included (unless a
    // typesetter put them there).
    let authors = if typeset_hyphenation { f.authors.clone() } else { written_names(view, &f) };
    let span = view.span(f.range.clone());
    Citation {
        id: String::new(),
        text: view.text[f.range].to_string(),
        authors,
        et_al: f.et_al,
        year: f.year,
        locator: f.locator,
        prefix: f.prefix,
        suffix: f.suffix,
        form: f.form,
        numbers: Vec::new(),
        line: src.line_of(span.start),
        span,
        group: group_base + f.group,
        claim: None,
        footnote,
        reference: None,
        resolution: None,
    }
}

/// Author names with the line-end hyphens that joining removed put back.
fn written_names(view: &TextView, f: &FoundCitation) -> Vec<String> {
    f.author_ranges
        .iter()
        .zip(&f.authors)
        .map(|(r, a)| {
            let written = view.as_written(r.clone());
            let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
            if written.replace('-', "") == a.replace('-', "") { written } else { a.clone() }
        })
        .collect()
}

/// Connects citations and footnote anchors to the sentence that holds them, then scores claims.
fn link_claims(claims: &mut [Claim], citations: &mut [Citation], footnotes: &mut [Footnote], sections: &[Section]) {
    // The sentence holding `at` in the same footnote (or in the running text): a sentence
    // broken by a page's footnotes spans them, so look back past the footnote sentences.
    let find = |claims: &[Claim], at: usize, footnote: Option<u32>| -> Option<usize> {
        let i = claims.partition_point(|c| c.span.start <= at);
        (0..i).rev().take(32).find(|&k| claims[k].span.end >= at && claims[k].in_footnote == footnote)
    };
    for c in citations.iter_mut() {
        let mut found = find(claims, c.span.start, c.footnote);
        // A superscript after a sentence's final period (`… prognosis. 2-7 MELK is …`)
        // belongs to the sentence it ends, not to the one the splitter starts with it.
        if c.form == Form::Numeric
            && let Some(k) = found.filter(|&k| k > 0 && opens_with_numbers(&claims[k].text))
            && claims[k - 1].in_footnote == c.footnote
        {
            found = Some(k - 1);
        }
        if let Some(k) = found {
            c.claim = Some(claims[k].id.clone());
            claims[k].citations.push(c.id.clone());
        }
    }
    for f in footnotes.iter_mut() {
        let Some(a) = f.anchor_span else { continue };
        // A marker right after a sentence's final period belongs to that sentence.
        let k = find(claims, a.start, None).or_else(|| find(claims, a.start.saturating_sub(1), None));
        if let Some(k) = k {
            f.claim = Some(claims[k].id.clone());
            claims[k].footnotes.push(f.number);
        }
    }
    claim::apply_support_in(claims, citations, footnotes, sections);
}

/// The numeric citations of the document: candidate groups of every paragraph, judged
/// together against the document's author-year citations and reference list (see
/// [`cite::numeric`]). Footnote markers and author-year citations are never numeric ones.
fn numeric_citations(
    src: &Source,
    units: &[Unit],
    groups: Vec<(usize, cite::numeric::Group)>,
    author_year: &[Citation],
    footnotes: &[Footnote],
    references: &[Reference],
    layout: &Layout,
) -> Vec<Citation> {
    let own: Vec<Reference> = references.iter().filter(|r| r.span.is_some()).cloned().collect();
    let evidence = cite::numeric::Evidence {
        author_year: author_year.iter().filter(|c| c.year.is_some()).count(),
        references: own.len(),
        max_label: cite::numeric::max_label(&own, &layout.reference_regions),
    };
    let mut taken: Vec<Span> =
        author_year.iter().map(|c| c.span).chain(footnotes.iter().filter_map(|f| f.anchor_span)).collect();
    taken.sort_by_key(|t| t.start);
    // The furthest end among the spans that start at or before each one: a span overlaps
    // `s` exactly when one starting before `s.end` ends after `s.start`.
    let reach: Vec<usize> = taken
        .iter()
        .scan(0usize, |m, t| {
            *m = (*m).max(t.end);
            Some(*m)
        })
        .collect();
    let overlaps = |s: Span| {
        let k = taken.partition_point(|t| t.start < s.end);
        k > 0 && reach[k - 1] > s.start
    };
    let (units_of, groups): (Vec<usize>, Vec<cite::numeric::Group>) =
        groups.into_iter().filter(|(u, g)| !overlaps(units[*u].view.span(g.range.clone()))).unzip();
    let keep = cite::numeric::select(&groups, &evidence);
    let mut out = Vec::new();
    let group_base = author_year.iter().map(|c| c.group).max().unwrap_or(0);
    for (k, ((u, g), keep)) in units_of.iter().zip(&groups).zip(keep).enumerate() {
        if !keep {
            continue;
        }
        let unit = &units[*u];
        for e in &g.elements {
            let span = unit.view.span(e.range.clone());
            for &n in &e.numbers {
                out.push(Citation {
                    id: String::new(),
                    text: unit.view.text[e.range.clone()].to_string(),
                    authors: Vec::new(),
                    et_al: false,
                    year: None,
                    locator: None,
                    prefix: None,
                    suffix: None,
                    form: Form::Numeric,
                    numbers: vec![n],
                    line: src.line_of(span.start),
                    span,
                    group: group_base + k + 1,
                    claim: None,
                    footnote: unit.footnote,
                    reference: None,
                    resolution: None,
                });
            }
        }
    }
    out
}

/// Does a sentence open with citation numbers (`2-7 MELK is …`, `1,2 The …`)?
fn opens_with_numbers(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .take_while(|c| !c.is_alphabetic())
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–' | '—' | '‐' | '−'))
}
