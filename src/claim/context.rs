//! The cues a sentence gets from where it stands: its paragraph, its neighbours, the part
//! of the article, the work the document discusses; and the hand-written scanners of the
//! sentence cues that a pattern would make slow or wrong.
//!
//! Why: sources cluster. A sentence among sentences that appeal to earlier work needs one
//! more than a sentence among descriptions of the paper's own results, the Introduction
//! cites more than the Results, and a legend or the abstract is supported by the body.
//! Which of these matter how much is learned (see [`super::model`]); this module only says
//! which fired.

use super::cues::{self, Cue, Fired};
use crate::model::{Claim, Section};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The cues of one claim, or the verdict that makes it no claim at all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClaimCues {
    /// `Some` when the sentence makes no claim (a question, the author's own voice, a fragment).
    pub verdict: Option<Cue>,
    /// Sentence cues in table order, then context cues.
    pub fired: Vec<Fired>,
}

impl ClaimCues {
    fn has(&self, cue: Cue) -> bool {
        self.fired.iter().any(|f| f.cue == cue)
    }
    fn strong(&self) -> bool {
        self.fired.iter().any(|f| f.cue.def().strong)
    }
    fn own(&self) -> bool {
        self.has(Cue::OwnWork) || self.has(Cue::OwnFigure)
    }
    fn push(&mut self, cue: Cue) {
        self.fired.push(Fired { cue, range: None });
    }
}

/// Paragraph number of each claim, in claim order.
///
/// A new paragraph starts where the claims' `paragraph` changes, where the section changes,
/// where running text and footnote bodies alternate, or, inside a footnote body (which has
/// no layout paragraph of its own), where the gap between two sentences is two bytes or more.
///
/// Running text takes its paragraphs from the layout stage only: the byte gap between two
/// sentences of one paragraph says nothing there, as a converted format blanks its markup
/// (`[^1]`, `*`, `\\cite{…}`) to spaces in place, so the same paragraph would break after a
/// note marker in `.md` and not in `.txt`.
pub fn paragraphs(claims: &[Claim]) -> Vec<usize> {
    let mut out = Vec::with_capacity(claims.len());
    let mut para = 0;
    for (i, c) in claims.iter().enumerate() {
        if let Some(p) = i.checked_sub(1).map(|k| &claims[k]) {
            let gap = c.span.start.saturating_sub(p.span.end);
            let body_gap = c.paragraph.is_none() && p.paragraph.is_none() && gap >= 2;
            if body_gap || p.section != c.section || p.in_footnote != c.in_footnote || p.paragraph != c.paragraph {
                para += 1;
            }
        }
        out.push(para);
    }
    out
}

/// The part of a research article a section belongs to, from its heading or the nearest
/// recognised heading before it (subsection headings carry no such name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Introduction or Background.
    Introduction,
    /// Results.
    Results,
    /// Discussion.
    Discussion,
    /// Conclusion(s).
    Conclusion,
    /// Methods, Materials and methods, Experimental procedures.
    Methods,
    /// Any other recognised heading (Abstract, Results and discussion, Related work, ...).
    Other,
}

/// A heading that names a part, matched on [`cues::after_non_word`] of the title without the
/// pattern's `^\W*` (see [`cues::without_non_word_prefix`]: what follows it starts with a
/// digit or a letter).
static PART: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(&cues::without_non_word_prefix(PART_PATTERN, r"^\W*")).ok());

/// The part pattern as written, matched on the whole title.
const PART_PATTERN: &str = r"(?i)^\W*(\d+\.?\s*)?(abstract|introduction|background|results and discussion|results|discussion|conclusions?|materials and methods|methods|experimental procedures|related work|summary)\b";

/// The [`Part`] a claim's section belongs to, `None` outside any recognised part.
pub fn part_of(section: Option<usize>, sections: &[Section]) -> Option<Part> {
    let re = PART.as_ref()?;
    let last = section?.min(sections.len().checked_sub(1)?);
    sections[..=last].iter().rev().find_map(|s| {
        let title = cues::after_non_word(&s.title, usize::MAX)?;
        let name = re.captures(title)?.get(2)?.as_str().to_lowercase();
        Some(match name.as_str() {
            "introduction" | "background" => Part::Introduction,
            "results" => Part::Results,
            "discussion" => Part::Discussion,
            "conclusion" | "conclusions" => Part::Conclusion,
            "materials and methods" | "methods" | "experimental procedures" => Part::Methods,
            _ => Part::Other,
        })
    })
}

/// A figure or table caption starts with its label. Matched on [`cues::after_non_word`] of
/// the text (at most two), without the pattern's `^\W{0,2}` ([`cues::without_non_word_prefix`]).
static CAPTION: LazyLock<Option<cues::ClaimRegex>> =
    LazyLock::new(|| cues::regex_ascii(&cues::without_non_word_prefix(CAPTION_PATTERN, r"^\W{0,2}")));

/// The caption pattern as written, matched on the whole sentence.
pub(crate) const CAPTION_PATTERN: &str =
    r"^\W{0,2}(Figure|Fig\.|Table|Movie|Video|Box|Supplementary (file|figure|table)|Source data)\s*[0-9A-Z]";

/// An abstract opens with its label (matched as [`CAPTION`] is).
static ABSTRACT: LazyLock<Option<cues::ClaimRegex>> =
    LazyLock::new(|| cues::regex_ascii(&cues::without_non_word_prefix(ABSTRACT_PATTERN, r"^\W{0,2}")));

/// The abstract pattern as written, matched on the whole sentence.
pub(crate) const ABSTRACT_PATTERN: &str = r"^\W{0,2}(?i:abstract|summary)\b[.:]?";

/// Whether a sentence opens with a label ([`CAPTION`], [`ABSTRACT`]) after at most two
/// non-word characters.
fn opens_with(re: &LazyLock<Option<cues::ClaimRegex>>, text: &str) -> bool {
    cues::after_non_word(text, 2).is_some_and(|rest| cues::matches(re, rest))
}

/// `named-tool`: `using PhyML`, `with the BLASTP`, `in MrBayes`, `implemented in`, an
/// eponymous method (`the Holm-Bonferroni method`). After `in`, `by` and `from` a name in
/// capitals only (`in ITU`, `by the US`, `from NATO`) is an organisation or a place, not a
/// tool: there the name must mix cases or hold a digit (`in PHENIX2`, `from GenBank`).
pub fn named_tool(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    // The word ending right before `end` (exclusive), as a range.
    let word_before = |end: usize| {
        let mut s = end;
        while s > 0 && b[s - 1].is_ascii_alphabetic() {
            s -= 1;
        }
        s..end
    };
    let mut found: Option<Range<usize>> = None;
    // Names start after a space with a capital: few places, found with one byte search.
    for i in memchr::memchr_iter(b' ', b) {
        if !b.get(i + 1).is_some_and(u8::is_ascii_uppercase) || i == 0 {
            continue;
        }
        let mut prep = word_before(i);
        if &b[prep.clone()] == b"the" && prep.start >= 2 && b[prep.start - 1] == b' ' {
            prep = word_before(prep.start - 1);
        }
        let strict = match &b[prep.clone()] {
            b"using" | b"with" => false,
            b"in" | b"by" | b"from" => true,
            _ => continue,
        };
        // The name runs on over letters, digits and dots (`MrBayes-3.2` stops at the dash).
        let start = i + 1;
        let mut end = start;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'.') {
            end += 1;
        }
        while end > start && b[end - 1] == b'.' {
            end -= 1;
        }
        let n = &b[start..end];
        if n.len() < 2 || !n[1..].iter().any(u8::is_ascii_uppercase) {
            continue;
        }
        // A whole word: not followed by a letter outside ASCII.
        if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        if strict && n.iter().all(|c| c.is_ascii_uppercase() || *c == b'.') {
            continue;
        }
        found = Some(prep.start..end);
        break;
    }
    static IMPLEMENTED: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"implemented in"));
    if let Some(i) = IMPLEMENTED.find(b)
        && !letter(i.wrapping_sub(1))
        && !letter(i + 14)
        && found.as_ref().is_none_or(|f| i < f.start)
    {
        found = Some(i..i + 14);
    }
    found.or_else(|| eponymous_method(text))
}

/// The words an eponymous method ends with, as byte searchers built once.
static METHOD_WORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    [&b"method"[..], b"protocol", b"procedure", b"technique"].iter().map(|w| memchr::memmem::Finder::new(*w)).collect()
});

/// `the Holm–Bonferroni method`, `The Bradford protocol`.
fn eponymous_method(text: &str) -> Option<Range<usize>> {
    static EPONYM: LazyLock<Option<cues::ClaimRegex>> = LazyLock::new(|| {
        cues::regex_ascii(r"\b[Tt]he ([A-Z][\p{L}']*[-–])*[A-Z][\p{L}']+ (method|protocol|procedure|technique)\b")
    });
    let b = text.as_bytes();
    let any = METHOD_WORDS.iter().any(|f| f.find(b).is_some());
    if !any {
        return None;
    }
    EPONYM.as_ref()?.find(text).map(|m| m.range())
}

/// The number of whitespace-separated words, as `split_whitespace().count()` gives it
/// (bytewise for ASCII text).
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let mut n = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let w = !space(b);
        n += usize::from(w && !in_word);
        in_word = w;
    }
    n
}

/// `supplier`: a supplier's address in parentheses, `(Invitrogen, Carlsbad, CA)`, `(Bio-Rad,
/// Hercules, CA, USA)`: a name, a town and a two-letter region. No list of firms: any field
/// names its suppliers this way.
pub fn supplier(text: &str) -> Option<Range<usize>> {
    static ADDRESS: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\([A-Z][\w&.,' -]*, [A-Z][\w .]+, ?[A-Z]{2}(, USA)?\)").ok());
    let b = text.as_bytes();
    let possible =
        memchr::memchr_iter(b')', b).any(|i| i >= 2 && b[i - 2].is_ascii_uppercase() && b[i - 1].is_ascii_uppercase());
    if !possible {
        return None;
    }
    ADDRESS.as_ref()?.find(text).map(|m| m.range())
}

/// `panel-legend`: the sentence opens with a panel label, `(D) Wild-type cells…`, `A–C)`.
pub fn panel_label(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    memchr::memchr(b')', &b[..b.len().min(12)])?;
    label_letter(text).or_else(|| label_range(text))
}

/// The label pattern, [`LABEL_PATTERN`], is matched by hand: compiling its `\W` (the
/// complement of Unicode `\w`, hundreds of ranges) cost more than all the searches
/// (test `panel_labels_match_as_the_pattern_does`).
#[cfg(test)]
const LABEL_PATTERN: &str = r"^\W{0,2}\(?[A-Ha-h]\)\s|^\(?[A-H](,|–|-)[A-H]\)";

/// `^\W{0,2}\(?[A-Ha-h]\)\s`: the letter is the first word character, after at most two
/// non-word characters, or three of which the last is `(`.
fn label_letter(text: &str) -> Option<Range<usize>> {
    let mut chars = text.char_indices();
    let mut prev = None;
    for n in 0..=3 {
        let (_, c) = chars.next()?;
        if regex_syntax::is_word_character(c) {
            if (n == 3 && prev != Some('(')) || !matches!(c, 'A'..='H' | 'a'..='h') {
                return None;
            }
            if chars.next()?.1 != ')' {
                return None;
            }
            let (j, s) = chars.next()?;
            return s.is_whitespace().then(|| 0..j + s.len_utf8());
        }
        prev = Some(c);
    }
    None
}

/// `^\(?[A-H](,|–|-)[A-H]\)`.
fn label_range(text: &str) -> Option<Range<usize>> {
    let rest = text.strip_prefix('(').unwrap_or(text);
    let mut chars = rest.chars();
    let from = chars.next()?;
    let sep = chars.next()?;
    let to = chars.next()?;
    let ok = ('A'..='H').contains(&from)
        && matches!(sep, ',' | '–' | '-')
        && ('A'..='H').contains(&to)
        && chars.next()? == ')';
    ok.then(|| 0..text.len() - rest.len() + 3 + sep.len_utf8())
}

/// A name such as `BLASTP`, `PhyML` or `EMAN2`: ASCII letters and digits, a capital first
/// and another capital or a digit after it.
fn is_technical_name(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_uppercase()
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b[1..].iter().any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The technical names of a sentence (see [`is_technical_name`]).
fn technical_names(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let joined = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && c.is_alphanumeric());
            let word = &text[start..i];
            if is_technical_name(word)
                && !joined(text[..start].chars().next_back())
                && !joined(text[i..].chars().next())
            {
                return Some(word);
            }
        }
        None
    })
}

/// A tool is cited where it is first named: a later sentence naming it again gets
/// `repeated-tool`.
fn repeated_tools(claims: &[Claim], out: &mut [ClaimCues]) {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (c, a) in claims.iter().zip(out.iter_mut()) {
        let tool = a.fired.iter().find(|h| h.cue == Cue::NamedTool).and_then(|h| h.range.clone());
        let name = tool.clone().and_then(|r| c.text.get(r)).and_then(|m| m.split_whitespace().last());
        if name.is_some_and(|n| seen.contains(n)) {
            a.fired.push(Fired { cue: Cue::RepeatedTool, range: tool });
        }
        seen.extend(technical_names(&c.text));
    }
}

/// Surnames of the work a document is about, when its first paragraph names it like a
/// reference (`Related research article Schuman M, Barthel K, Baldwin I. 2012.`), as a
/// commentary, an insight or a book review does.
fn focal_authors(claims: &[Claim], paras: &[usize]) -> Vec<String> {
    static NAMED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\b(\p{Lu}[\p{L}'-]+) \p{Lu}{1,3}\b[,.]").ok());
    static YEAR: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(&crate::lexicon::with_years(r"\b{YEAR}\b")).ok());
    let Some(year) = YEAR.as_ref() else { return Vec::new() };
    let Some(&first) = paras.first() else { return Vec::new() };
    let head: Vec<&str> =
        claims.iter().zip(paras).take_while(|(_, p)| **p == first).map(|(c, _)| c.text.as_str()).collect();
    let head = head.join(" ");
    // The name pattern (Unicode letters) is compiled only for a head that holds a year.
    if !year.is_match(&head) {
        return Vec::new();
    }
    let Some(named) = NAMED.as_ref() else { return Vec::new() };
    named.captures_iter(&head).filter_map(|c| c.get(1)).map(|m| m.as_str().to_string()).collect()
}

/// Marks the claims of caption paragraphs: a paragraph that opens with `Figure 3` (and,
/// when that paragraph is only a title, the legend paragraph right after it in the same section).
fn caption_paragraphs(claims: &[Claim], paras: &[usize]) -> Vec<bool> {
    let mut out = vec![false; claims.len()];
    let mut k = 0;
    while k < claims.len() {
        let end = (k..claims.len()).find(|&j| paras[j] != paras[k]).unwrap_or(claims.len());
        if opens_with(&CAPTION, &claims[k].text) {
            out[k..end].iter_mut().for_each(|x| *x = true);
            if end - k <= 2 && end < claims.len() && claims[end].section == claims[k].section {
                let next_end = (end..claims.len()).find(|&j| paras[j] != paras[end]).unwrap_or(claims.len());
                out[end..next_end].iter_mut().for_each(|x| *x = true);
            }
        }
        k = end;
    }
    out
}

/// Marks the claims of a paragraph that opens with `Abstract`.
fn abstract_paragraphs(claims: &[Claim], paras: &[usize]) -> Vec<bool> {
    let opens: Vec<usize> =
        claims.iter().zip(paras).filter(|(c, _)| opens_with(&ABSTRACT, &c.text)).map(|(_, &p)| p).collect();
    paras.iter().map(|p| opens.binary_search(p).is_ok()).collect()
}

/// The cues of every claim of a document: its sentence cues, then the cues of its
/// paragraph, its neighbours and its part of the article (`sections` are the document's
/// headings, which the claims' `section` index).
pub fn claim_cues(claims: &[Claim], sections: &[Section]) -> Vec<ClaimCues> {
    let paras = paragraphs(claims);
    let mut out: Vec<ClaimCues> = claims
        .iter()
        .map(|c| match cues::verdict_of(&c.text) {
            Some(v) => ClaimCues { verdict: Some(v), fired: Vec::new() },
            None => ClaimCues { verdict: None, fired: cues::sentence_cues(&c.text) },
        })
        .collect();
    for a in &mut out {
        a.fired.reserve(12);
    }
    repeated_tools(claims, &mut out);
    focal_work(claims, &paras, &mut out);
    // The parts only mean something in a research article laid out as Introduction, Methods,
    // Results and Discussion; in an essay "Introduction" may head the whole argument.
    let parts: Vec<Option<Part>> = (0..sections.len()).map(|i| part_of(Some(i), sections)).collect();
    let imrad = parts.contains(&Some(Part::Introduction))
        && (parts.contains(&Some(Part::Results)) || parts.contains(&Some(Part::Methods)));
    let is_caption = caption_paragraphs(claims, &paras);
    let is_abstract = abstract_paragraphs(claims, &paras);
    // Sentence-cue facts, read before context cues are added.
    let strong: Vec<bool> = out.iter().map(ClaimCues::strong).collect();
    let own: Vec<bool> = out.iter().map(ClaimCues::own).collect();
    // Rank of each claim among the running-text claims.
    let mut rank = vec![0usize; claims.len()];
    let mut running = 0usize;
    for (k, c) in claims.iter().enumerate() {
        rank[k] = running;
        if c.in_footnote.is_none() {
            running += 1;
        }
    }
    let mut start = 0;
    let mut last_section_para: Option<(Option<usize>, usize)> = None;
    while start < claims.len() {
        let end = (start..claims.len()).find(|&k| paras[k] != paras[start]).unwrap_or(claims.len());
        let n = end - start;
        let own_count = (start..end).filter(|&k| own[k]).count();
        let strong_count = (start..end).filter(|&k| strong[k]).count();
        let section = claims[start].section;
        let first_paragraph =
            claims[start].in_footnote.is_none() && last_section_para.is_none_or(|(s, _)| s != section);
        if claims[start].in_footnote.is_none() {
            last_section_para = Some((section, paras[start]));
        }
        for k in start..end {
            if out[k].verdict.is_some() {
                continue;
            }
            let a = &mut out[k];
            if is_abstract[k] {
                a.push(Cue::Abstract);
            }
            if is_caption[k] {
                a.push(Cue::Caption);
            }
            if n >= 2 && own_count == 0 {
                a.push(Cue::BackgroundParagraph);
            }
            if strong_count > usize::from(strong[k]) {
                a.push(Cue::EarlierWorkParagraph);
            }
            let part = if imrad {
                claims[k].section.and_then(|i| parts.get(i.min(parts.len().saturating_sub(1))).copied().flatten())
            } else {
                None
            };
            let marked = a.fired.iter().any(|f| f.range.is_some() && f.cue.def().marks_source);
            match part {
                Some(Part::Introduction) => a.push(Cue::Introduction),
                Some(Part::Results) => a.push(Cue::Results),
                Some(Part::Discussion) => {
                    a.push(Cue::Discussion);
                    if !marked {
                        a.push(Cue::DiscussionUnmarked);
                    }
                }
                Some(Part::Methods) => {
                    a.push(Cue::Methods);
                    if !marked {
                        a.push(Cue::MethodsUnmarked);
                    }
                }
                Some(Part::Conclusion) => a.push(Cue::Conclusion),
                Some(Part::Other) => a.push(Cue::OtherPart),
                None => {}
            }
            if n == 1 {
                a.push(Cue::LoneSentence);
            } else if k == start {
                a.push(Cue::OpensParagraph);
            } else if k + 1 == end {
                a.push(Cue::ClosesParagraph);
            }
            if first_paragraph {
                a.push(Cue::FirstParagraphOfSection);
            }
            // Where in the document (running text only), in fifths.
            let fifth = (rank[k] * 5).checked_div(running).unwrap_or(2);
            a.push(
                [Cue::FirstFifth, Cue::SecondFifth, Cue::MiddleFifth, Cue::FourthFifth, Cue::LastFifth][fifth.min(4)],
            );
            let words = word_count(&claims[k].text);
            if words < 12 {
                a.push(Cue::ShortSentence);
            } else if words > 35 {
                a.push(Cue::LongSentence);
            }
            if claims[k].text.bytes().any(|b| b.is_ascii_digit()) {
                a.push(Cue::StatesNumbers);
            }
            let neighbours = [k.checked_sub(1).filter(|&j| j >= start), Some(k + 1).filter(|&j| j < end)];
            if neighbours.iter().flatten().any(|&j| strong[j]) {
                a.push(Cue::NeighbourEarlierWork);
            }
            if neighbours.iter().flatten().any(|&j| own[j]) {
                a.push(Cue::NeighbourOwnWork);
            }
        }
        start = end;
    }
    out
}

/// When the document's first paragraph names the work it discusses, a later "Schuman and
/// co-workers" refers back to it (`focal-work` instead of `author-without-year`), and the
/// rest of that paragraph goes on reporting it (`reports-focal-work`).
fn focal_work(claims: &[Claim], paras: &[usize], out: &mut [ClaimCues]) {
    let focal = focal_authors(claims, paras);
    if focal.is_empty() {
        return;
    }
    for (c, a) in claims.iter().zip(out.iter_mut()) {
        let Some(i) = a.fired.iter().position(|h| h.cue == Cue::AuthorWithoutYear) else { continue };
        let words = a.fired[i].range.clone().and_then(|r| c.text.get(r)).unwrap_or("");
        if words.split(|ch: char| !ch.is_alphabetic() && ch != '\'' && ch != '-').any(|w| focal.iter().any(|f| f == w))
        {
            a.fired[i].cue = Cue::FocalWork;
        }
    }
    let mut reporting = None;
    for k in 0..claims.len() {
        if reporting.is_some_and(|p| p == paras[k]) && out[k].verdict.is_none() {
            out[k].push(Cue::ReportsFocalWork);
        } else if reporting.is_some_and(|p| p != paras[k]) {
            reporting = None;
        }
        if out[k].has(Cue::FocalWork) {
            reporting = Some(paras[k]);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The hand-written panel-label matcher finds what the pattern finds, with the same
    /// range, on every fixture line and on labels after assorted opening characters.
    #[test]
    fn panel_labels_match_as_the_pattern_does() {
        let re = regex::Regex::new(super::LABEL_PATTERN).unwrap();
        let mut lines = crate::claim::cues::tests::fixture_lines();
        let openers = ["", "(", "((", "(((", "((((", " (", "  (", "   (", "—(", "“(", "*", "é(", "\u{a0}(", "1("];
        let labels =
            ["A) x", "a)\tx", "H)\u{2003}x", "I) x", "A)x", "A–C) x", "B,D) x", "A-B)", "A–I)", "b-c)", "A)", "A"];
        for o in openers {
            for l in labels {
                lines.push(format!("{o}{l}"));
            }
        }
        let mut n = 0;
        for l in &lines {
            let a = re.find(l).map(|m| m.range());
            let b = super::label_letter(l).or_else(|| super::label_range(l));
            assert_eq!(a, b, "{l}");
            n += usize::from(a.is_some());
        }
        assert!(n > 30, "{n}");
    }

    /// The part pattern without its `^\W*`, on the title after its leading non-word
    /// characters, names the same part as the pattern as written on the whole title.
    #[test]
    fn part_headings_match_without_the_non_word_prefix() {
        let whole = regex::Regex::new(super::PART_PATTERN).unwrap();
        let rest = super::PART.as_ref().unwrap();
        let mut n = 0;
        for o in ["", " ", "1. ", "— ", "“", "IV. ", "٣ ", "(", "‘’’", "é "] {
            for t in [
                "Introduction",
                "2 Methods",
                "3.Results and discussion",
                "Materials and methods",
                "Summary",
                "Related work.",
                "Results",
            ] {
                let title = format!("{o}{t}");
                let a = whole.captures(&title).and_then(|c| c.get(2)).map(|m| m.as_str());
                let b = crate::claim::cues::after_non_word(&title, usize::MAX)
                    .and_then(|r| rest.captures(r))
                    .and_then(|c| c.get(2))
                    .map(|m| m.as_str());
                assert_eq!(a, b, "{title}");
                n += usize::from(a.is_some());
            }
        }
        assert!(n > 30, "{n}");
    }

    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_does() {
        for t in ["", "  a  b\tc\n", "one", "a\x0bb\x0cc\rd", "é x  y", "a\u{a0}b c"] {
            assert_eq!(word_count(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    #[test]
    fn technical_names_are_whole_words() {
        let text = "PhyML and BLAST2 (EMAN2), éPAUP, RAxMLé, X, Ab, MrBayes-3.2, ClustalW’s NCBI’ş";
        let split: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| is_technical_name(w)).collect();
        assert_eq!(technical_names(text).collect::<Vec<_>>(), split);
    }

    #[test]
    fn an_organisation_in_capitals_is_not_a_tool() {
        let tool = |t: &str| named_tool(t).map(|r| t[r].to_string());
        assert_eq!(tool("The question was discussed in ITU for many years."), None);
        assert_eq!(tool("The treaty was signed by the US and adopted in WCIT."), None);
        assert_eq!(tool("Trees were built using PhyML and then drawn."), Some("using PhyML".into()));
        assert_eq!(tool("Alignments were made with BLAST in the end."), Some("with BLAST".into()));
        assert_eq!(tool("The model was refined in PHENIX2 and checked."), Some("in PHENIX2".into()));
        assert_eq!(tool("Sequences were taken from GenBank for the study."), Some("from GenBank".into()));
        assert_eq!(tool("The estimator is implemented in R."), Some("implemented in".into()));
        assert_eq!(tool("P values used the Holm-Bonferroni method here."), Some("the Holm-Bonferroni method".into()));
        assert_eq!(tool("Nothing here: in Europe, by Smith, from A to B."), None);
    }

    #[test]
    fn parts_come_from_the_nearest_known_heading() {
        let sec = |t: &str| Section { title: t.into(), line: 1, level: 1, span: crate::source::Span::new(0, 1) };
        let secs = [sec("Introduction"), sec("Results"), sec("Ancestral kinetics are robust"), sec("Discussion")];
        assert_eq!(part_of(Some(0), &secs), Some(Part::Introduction));
        assert_eq!(part_of(Some(2), &secs), Some(Part::Results));
        assert_eq!(part_of(Some(3), &secs), Some(Part::Discussion));
        assert_eq!(part_of(None, &secs), None);
        assert_eq!(part_of(Some(0), &[sec("2. DiscUsSIONS AT WCIT")]), None);
    }
}
