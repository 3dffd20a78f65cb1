//! The extraction pipeline: one document in, one [`Document`] out.
//!
//! load → layout → sentences → citations and footnotes → references → resolution → claims.
//! Each stage is a plain function of the previous stage's data; this module only wires
//! them together and turns joined-text ranges into original spans and lines.

use crate::cite::{self, FoundCitation};
use crate::claim;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::footnote;
use crate::layout::{self, Layout};
use crate::model::{Citation, Claim, Document, Footnote, Form, Reference, Section};
use crate::named::{self, NamedSource};
use crate::native::NativeFacts;
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
    /// The cite-worthiness model that scores claims (`--model`, written by `train-audit`);
    /// `None` uses the model shipped in `data/audit-model.json`. Claims are scored once, in
    /// the pipeline, so named sources and every other later stage see the final statuses.
    pub model: Option<std::sync::Arc<claim::Model>>,
}

/// The default of [`Options::max_input_bytes`]: 64 MiB, about 1.6 GB of memory at most.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

impl Options {
    /// The claim model in effect: [`Options::model`] or the shipped one.
    pub fn claim_model(&self) -> &claim::Model {
        self.model.as_deref().unwrap_or(claim::Model::shipped())
    }

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
    extract_with(src, options, &NativeFacts::default())
}

/// Runs the whole pipeline on a loaded source, with what its format states natively
/// (headings, notes, key citations, references; see [`crate::native`]) used in place of
/// the matching detection steps. Claims are linked and scored once, with the sections.
pub fn extract_with(src: &Source, options: &Options, native: &NativeFacts) -> Document {
    let layout = layout::analyze_with(src, native.native_paragraphs);
    let mut diagnostics = Vec::new();
    let sections: &[Section] = native.sections.as_deref().unwrap_or(&layout.sections);
    let sorted = sections.is_sorted_by_key(|s| s.span.start);
    let section_of = |at: usize| {
        if sorted {
            sections.partition_point(|s| s.span.start <= at).checked_sub(1)
        } else {
            sections.iter().rposition(|s| s.span.start <= at)
        }
    };
    let coverage = native.coverage();

    let mut units: Vec<Unit> = layout
        .paragraphs
        .iter()
        .filter(|p| native.is_empty() || !p.lines.first().is_some_and(|&l| coverage.covers(l)))
        .map(|p| {
            let section =
                if native.sections.is_some() { p.lines.first().and_then(|l| section_of(l.start)) } else { p.section };
            Unit { view: TextView::from_lines(src, &p.lines), footnote: None, section }
        })
        .collect();

    let mut footnotes: Vec<Footnote> = Vec::new();
    if let Some(notes) = &native.notes {
        for n in notes {
            let view = TextView::from_lines(src, &crate::native::line_spans(src, n.body));
            footnotes.push(Footnote {
                number: n.number,
                anchor_line: n.anchor.map(|a| src.line_of(a.start)),
                anchor_span: n.anchor,
                marker: n.marker.clone(),
                body_line: src.line_of(n.body.start),
                body_span: n.body,
                text: view.text.clone(),
                claim: None,
            });
            // A note belongs to the section of its anchor, where the reader meets it.
            let section = section_of(n.anchor.unwrap_or(n.body).start);
            units.push(Unit { view, footnote: Some(n.number), section });
        }
    } else {
        footnotes = detected_footnotes(src, &layout, &mut units, &mut diagnostics);
    }

    // References: the document's own list, then any --bib entries, then the format's own.
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
    native.add_references(&mut references);
    // Lower-case names of citations are read when the reference list vouches for them.
    let surnames = cite::recase::Surnames::from_references(&references);

    // Citations and sentences per unit.
    let mut citations: Vec<Citation> = Vec::new();
    let mut claims: Vec<Claim> = Vec::new();
    let mut named_sources: Vec<(NamedSource, Option<u32>)> = Vec::new();
    let mut group_base = 0usize;
    let mut numeric_groups: Vec<(usize, cite::numeric::Group)> = Vec::new();
    for (unit_index, unit) in units.iter().enumerate() {
        numeric_groups.extend(cite::numeric::find_groups(&unit.view.text).into_iter().map(|g| (unit_index, g)));
        for f in named::find(&unit.view.text) {
            let span = unit.view.span(f.range);
            let line = src.line_of(span.start);
            let n = NamedSource { kind: f.kind, name: f.name, line, span, claim: None, reference: None };
            named_sources.push((n, unit.footnote));
        }
        let found = cite::recase::find_citations_recased(&unit.view.text, &surnames);
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

    // Numeric citations, once the whole document and its reference list are known.
    let numeric_found = numeric_citations(src, &units, numeric_groups, &citations, &footnotes, &references, &layout);
    citations.extend(numeric_found);
    let by_key = native.add_key_citations(src, &mut citations, &references, &mut diagnostics);

    let mut order: Vec<usize> = (0..citations.len()).collect();
    order.sort_by_key(|&i| (citations[i].span.start, citations[i].span.end));
    let by_key: Vec<bool> = order.iter().map(|&i| by_key.get(i).copied().unwrap_or(false)).collect();
    let mut slots: Vec<Option<Citation>> = citations.into_iter().map(Some).collect();
    let mut citations: Vec<Citation> = order.iter().filter_map(|&i| slots[i].take()).collect();
    for (i, c) in citations.iter_mut().enumerate() {
        c.id = numbered_id('c', i + 1);
    }
    claims.sort_by_key(|c| c.span.start);
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = numbered_id('s', i + 1);
    }
    link_claims(&mut claims, &mut citations, &mut footnotes, sections, options.claim_model());

    // Numeric citations resolve by number; the name-and-year resolver then leaves them (and
    // key citations) as they are, and counts their entries as cited.
    for i in cite::numeric::link(&mut citations, &references, &layout.reference_regions) {
        let c = &citations[i];
        diagnostics.push(
            Diagnostic::warning(
                Code::UnresolvedCitation,
                format!("`{}` matches no entry of the reference list", c.text),
            )
            .with_span(c.span),
        );
    }
    let settled: Vec<bool> = citations.iter().zip(&by_key).map(|(c, &k)| k || c.form == Form::Numeric).collect();
    let mut resolved = resolve::resolve_with_keys(&mut citations, &references, src, &settled);
    // A --bib library's unused entries are not the document's problem.
    resolved.retain(|d| d.code != Code::UncitedReference || d.file.is_none());
    diagnostics.extend(resolved);
    // A sentence that names its source (`Resolution 130`) has support, if not a reference.
    named_sources.sort_by_key(|(n, _)| n.span.start);
    let mut named_sources: Vec<NamedSource> = named_sources
        .into_iter()
        .map(|(mut n, footnote)| {
            n.claim = claim_at(&claims, n.span.start, footnote).map(|k| claims[k].id.clone());
            n
        })
        .collect();
    named::apply(&mut claims, &mut named_sources, &references);
    for (c, _) in citations.iter().zip(&settled).filter(|(_, k)| !**k) {
        if c.year.is_none() {
            diagnostics.push(
                Diagnostic::warning(Code::CitationWithoutYear, format!("citation `{}` gives no year", c.text))
                    .with_span(c.span)
                    .with_suggestion("add the year of the cited work"),
            );
        }
    }
    for d in &mut diagnostics {
        d.locate(src);
    }
    diagnostics.sort_by_key(|d| (d.file.is_some(), d.line.unwrap_or(0)));
    Document {
        path: src.path.clone(),
        citations,
        footnotes,
        sections: sections.to_vec(),
        claims,
        references,
        reference_sections: layout.reference_regions.clone(),
        diagnostics,
        named_sources,
    }
}

/// Footnotes found by the layout stage, their anchors aligned page by page over the running
/// text; each body becomes a unit of its own.
fn detected_footnotes(
    src: &Source,
    layout: &Layout,
    units: &mut Vec<Unit>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Footnote> {
    let mut cands: Vec<footnote::MarkerCandidate> = units.iter().flat_map(|u| footnote::candidates(&u.view)).collect();
    cands.sort_by_key(|c| c.span.start);
    let anchors = footnote::align(layout, &cands);
    let mut footnotes: Vec<Footnote> = Vec::new();
    for (i, fb) in layout.footnotes.iter().enumerate() {
        let mut lines = fb.lines.clone();
        if let Some(first) = lines.first_mut() {
            first.start = fb.text_start.min(first.end);
        }
        let view = TextView::from_lines(src, &lines);
        let number = i as u32 + 1;
        let anchor = anchors.get(i).copied().flatten().and_then(|k| cands.get(k));
        if anchor.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::FootnoteWithoutAnchor,
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
        // A note belongs to the section of its anchor, where the reader meets it.
        let section = section_at(layout, anchor.map_or(fb.marker_span.start, |a| a.span.start));
        units.push(Unit { view, footnote: Some(number), section });
    }
    footnotes
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
    // Headings are found in document order.
    layout.sections.partition_point(|s| s.span.start <= offset).checked_sub(1)
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

/// The sentence holding `at` in the same footnote (or in the running text): a sentence
/// broken by a page's footnotes spans them, so look back past the footnote sentences.
fn claim_at(claims: &[Claim], at: usize, footnote: Option<u32>) -> Option<usize> {
    let i = claims.partition_point(|c| c.span.start <= at);
    (0..i).rev().take(32).find(|&k| claims[k].span.end >= at && claims[k].in_footnote == footnote)
}

/// Connects citations and footnote anchors to the sentence that holds them, then scores claims.
fn link_claims(
    claims: &mut [Claim],
    citations: &mut [Citation],
    footnotes: &mut [Footnote],
    sections: &[Section],
    model: &claim::Model,
) {
    let find = claim_at;
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
    claim::apply_support_with(claims, citations, footnotes, sections, model);
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
    let taken: Vec<Span> =
        author_year.iter().map(|c| c.span).chain(footnotes.iter().filter_map(|f| f.anchor_span)).collect();
    let taken = crate::source::Coverage::new(taken.iter().map(|t| (t.start, t.end)).collect());
    let overlaps = |s: Span| taken.overlaps(s.start, s.end);
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
