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
use crate::model::{Citation, Claim, Document, Footnote, Reference, Section};
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
    /// LaTeX `\input`/`\include` may read files outside the main document's folder tree.
    /// Off by default: a document must not pull `/etc/…` or a neighbour's files into the
    /// output; a refused include is a `latex-input-outside` warning.
    pub includes_outside: bool,
    /// Largest document read, in bytes; `None` means [`DEFAULT_MAX_INPUT_BYTES`], or the
    /// `CITEGRAPH_MAX_INPUT_MB` environment variable when it is set. Memory while a document
    /// is processed is about 10–30 times its size (the whole [`Document`] is held until it is
    /// written), so a larger file is refused with a clear message instead of exhausting the
    /// machine.
    pub max_input_bytes: Option<u64>,
}

/// The default of [`Options::max_input_bytes`]: 64 MiB, about 1.6 GB of memory at most.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

impl Options {
    /// The input size limit in effect (see [`Options::max_input_bytes`]).
    pub fn input_limit(&self) -> u64 {
        self.max_input_bytes.unwrap_or_else(|| {
            std::env::var("CITEGRAPH_MAX_INPUT_MB")
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(DEFAULT_MAX_INPUT_BYTES, |mb| mb.saturating_mul(1024 * 1024))
        })
    }
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
    for (unit_index, unit) in units.iter().enumerate() {
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
    citations.sort_by_key(|c| (c.span.start, c.span.end));
    for (i, c) in citations.iter_mut().enumerate() {
        c.id = numbered_id('c', i + 1);
    }
    claims.sort_by_key(|c| c.span.start);
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = numbered_id('s', i + 1);
    }
    link_claims(&mut claims, &mut citations, &mut footnotes, &layout.sections);

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
    resolve::assign_keys(&mut references);
    diagnostics.extend(resolve::resolve(&mut citations, &references, src));

    for c in &citations {
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
        if let Some(k) = find(claims, c.span.start, c.footnote) {
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
