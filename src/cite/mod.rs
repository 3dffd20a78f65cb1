//! Author-year citations in running text.
//!
//! The parser is year-driven: it finds year tokens (`2013b`, `n.d.`, `in press`), decides
//! from the surrounding brackets whether each is part of a parenthetical group
//! (`(Hill, 2013b, pp. 35-48; Deibert, 2013)`) or a narrative citation (`Schreier (2015,
//! p. 7)`), and reads the authors by scanning *backwards* from the year over name-shaped
//! words. Backward scanning is what keeps prefixes (`see`, `e.g.`), corporate names
//! (`High Commissioner for Human Rights`) and sentence openers (`As Schreier`) apart without
//! a grammar of the whole sentence. Everything works on a joined paragraph
//! ([`crate::textview::TextView`]) and reports ranges into it.

mod names;
pub(crate) mod numeric;
pub(crate) mod recase;
mod years;

pub use names::{NameList, scan_bracket_names_backward, scan_group_names_backward, scan_names_backward};
pub use years::{YearToken, find_year_tokens};

use crate::model::Form;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A citation found in a joined paragraph; ranges are into that paragraph's text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundCitation {
    /// From the first author (or first character) to the end of the locator or year.
    pub range: Range<usize>,
    /// Author names as written.
    pub authors: Vec<String>,
    /// Range of each author name.
    pub author_ranges: Vec<Range<usize>>,
    /// `et al.` present.
    pub et_al: bool,
    /// Year with suffix; `None` for a citation without a year.
    pub year: Option<String>,
    /// Pinpoint locator.
    pub locator: Option<String>,
    /// Prefix such as `see`.
    pub prefix: Option<String>,
    /// Text after the citation that belongs to it.
    pub suffix: Option<String>,
    /// Parenthetical or narrative.
    pub form: Form,
    /// Citations from one bracket group or one narrative year list share a group number.
    pub group: usize,
}

static LOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    let num = r"(?:[0-9]+[a-z]?|[ivxlcdm]+)\b(?:\s*[-–—‐]\s*(?:[0-9]+[a-z]?|[ivxlcdm]+))?";
    let list = format!(r"{num}(?:\s*(?:,|and|&)\s*{num})*");
    // The period of an abbreviation is often lost in OCR'd text: `pp 35-48`, `para 4`.
    let kw = r"(?i:pp?\.?|pages?|paras?\.?|paragraphs?|chaps?\.?|chapters?|ch\.|§§?|sect?s?\.|sections?|footnotes?|fns?\.|nn?\.|notes?|vols?\.|volumes?|cols?\.|ll?\.|lines?|art\.|arts\.|articles?|figs?\.|figures?|tables?|at|loc\.)";
    Regex::new(&format!(r"^\s*,?\s*((?:{kw}\s*{list})(?:\s*,\s*{kw}\s*{list})*)")).expect("valid regex")
});

static COLON_PAGES: LazyLock<Regex> = LazyLock::new(|| {
    let num = r"[0-9]+[a-z]?(?:\s*[-–—‐]\s*[0-9]+[a-z]?)?";
    Regex::new(&format!(r"^\s*:\s*({num}(?:\s*,\s*{num})*)")).expect("valid regex")
});

static YEARLESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*,\s*(pp?\.|paras?\.|chap\.)\s*[0-9]").expect("valid regex"));

/// Finds all author-year citations in `text` (one joined paragraph).
pub fn find_citations(text: &str) -> Vec<FoundCitation> {
    let years = find_year_tokens(text);
    let groups = bracket_groups(text);
    let mut out: Vec<FoundCitation> = Vec::new();
    let mut group_no = 0usize;
    // Years per innermost group; `None` for years outside brackets.
    let mut by_group: Vec<(Option<usize>, Vec<YearToken>)> = Vec::new();
    for y in years {
        let g = innermost(&groups, y.range.start);
        match by_group.last_mut() {
            Some((lg, v)) if *lg == g && g.is_some() => v.push(y),
            _ => by_group.push((g, vec![y])),
        }
    }
    let mut groups_with_years = vec![false; groups.len()];
    for (g, ys) in &by_group {
        match g {
            Some(gi) => {
                groups_with_years[*gi] = true;
                group_no += 1;
                parse_group(text, groups[*gi].clone(), ys, group_no, &mut out);
            }
            None => {
                for y in ys {
                    group_no += 1;
                    parse_loose(text, y, group_no, &mut out);
                }
            }
        }
    }
    // Bracket groups without a year may still be a citation that lacks one: `(Hill, p. 54)`.
    for (gi, g) in groups.iter().enumerate() {
        if groups_with_years[gi] || g.len() > 200 {
            continue;
        }
        group_no += 1;
        parse_yearless(text, g.clone(), group_no, &mut out);
    }
    out.sort_by_key(|c| (c.range.start, c.range.end));
    out.dedup_by(|a, b| a.range == b.range && a.year == b.year);
    out
}

/// Bracket groups: ranges of the *content* between matched `(`/`)` or `[`/`]`.
/// Depth is capped so hostile input cannot blow up; unclosed brackets close at 400 bytes.
fn bracket_groups(text: &str) -> Vec<Range<usize>> {
    const MAX_DEPTH: usize = 32;
    let b = text.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' | b'[' => {
                // Forget openers that were never closed within reach.
                while stack.first().is_some_and(|&(_, s)| i - s > 400) {
                    let (_, s) = stack.remove(0);
                    let mut end = (s + 400).min(i);
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    out.push(s + 1..end.max(s + 1));
                }
                if stack.len() < MAX_DEPTH {
                    stack.push((c, i));
                }
            }
            b')' | b']' => {
                let open = if c == b')' { b'(' } else { b'[' };
                if let Some(pos) = stack.iter().rposition(|&(o, _)| o == open) {
                    let (_, s) = stack[pos];
                    stack.truncate(pos);
                    out.push(s + 1..i);
                }
            }
            _ => {}
        }
    }
    for (_, s) in stack {
        let mut end = (s + 400).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push(s + 1..end);
    }
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out
}

/// Index of the innermost group containing `pos`.
fn innermost(groups: &[Range<usize>], pos: usize) -> Option<usize> {
    let upto = groups.partition_point(|g| g.start <= pos);
    (0..upto).rev().take(64).find(|&i| groups[i].contains(&pos))
}

/// Locator right after `at`, returning (locator, end).
fn locator_at(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = text.get(at..)?;
    if let Some(c) = LOCATOR.captures(rest) {
        let m = c.get(1)?;
        return Some((m.as_str().split_whitespace().collect::<Vec<_>>().join(" "), at + m.end()));
    }
    // `2015: 23`, `2001:45-47` (Harvard, ASA): pages after a colon, closing the citation.
    let m = COLON_PAGES.captures(rest)?.get(1)?;
    let closes = rest[m.end()..].trim_start().chars().next().is_none_or(|c| matches!(c, ';' | ',' | ')' | ']'));
    closes.then(|| (m.as_str().split_whitespace().collect::<Vec<_>>().join(" "), at + m.end()))
}

fn clean(s: &str) -> Option<String> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
    if t.is_empty() { None } else { Some(t.split_whitespace().collect::<Vec<_>>().join(" ")) }
}

/// Extends a citation's year with the bare suffix letters of `2011a, b`; returns the extra years and end.
fn bare_suffixes(text: &str, y: &YearToken) -> (Vec<(String, Range<usize>)>, usize) {
    static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*,\s*([a-z])\b").expect("valid regex"));
    let mut out = Vec::new();
    let mut end = y.range.end;
    if y.suffix.is_none() {
        return (out, end);
    }
    while let Some(c) = text.get(end..).and_then(|r| BARE.captures(r)) {
        let (Some(all), Some(letter)) = (c.get(0), c.get(1)) else { break };
        // A single letter followed by a period and a space is an initial, not a suffix.
        let after = &text[end + all.end()..];
        if after.starts_with('.') && !after.starts_with(".,") {
            break;
        }
        out.push((format!("{}{}", y.digits, letter.as_str()), end + letter.start()..end + letter.end()));
        end += all.end();
    }
    (out, end)
}

/// True when a bare year follows a possessive (`Capra's 1946 film`): the year qualifies a
/// noun there; a possessive citation puts its year in brackets (`Whitcombe's (1987)`).
fn possessive_before(s: &str) -> bool {
    let s = s.trim_end();
    s.ends_with("'s") || s.ends_with("’s") || s.ends_with("s'") || s.ends_with("s’")
}

fn separators_only(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == ',').all(|w| w.is_empty() || w == "and" || w == "&")
}

struct Pending {
    names: NameList,
    form: Form,
}

/// Parses a bracket group holding year tokens.
fn parse_group(text: &str, content: Range<usize>, years: &[YearToken], group: usize, out: &mut Vec<FoundCitation>) {
    let mut boundary = content.start;
    let mut cur: Option<Pending> = None;
    let mut last_idx: Option<usize> = None; // index in `out` of the latest citation of this group
    let first_idx = out.len(); // index in `out` of the first citation of this group
    for y in years {
        if y.range.start < boundary {
            continue;
        }
        let between = &text[boundary..y.range.start];
        // `2014, 2013, 2011a`, `1994 and 1996` or `2009; 2011`: another year of the same authors.
        let same_authors = (separators_only(between) && !between.contains(';'))
            || between.chars().all(|c| c.is_whitespace() || c == ';' || c == ',');
        let (p, reused) = if let Some(c) = cur.take().filter(|_| same_authors) {
            (c, true)
        } else if let Some(names) = scan_bracket_names_backward(text, boundary, y.range.start)
            .or_else(|| {
                // `(Hill. 2013)`: only as the first thing of the group or after a semicolon.
                scan_group_names_backward(text, boundary, y.range.start).filter(|n| {
                    let pre = &text[boundary..n.range.start];
                    is_prefix_phrase(pre.rsplit(';').next().unwrap_or(pre))
                })
            })
            .filter(|_| !possessive_before(&text[boundary..y.range.start]))
        {
            // Text before the names: the tail of the previous citation, then this one's prefix.
            let pre = &text[boundary..names.range.start];
            let (tail, prefix) = match pre.rfind(';') {
                Some(i) => (&pre[..i], &pre[i + 1..]),
                None if last_idx.is_some() && !is_prefix_phrase(pre) => (pre, ""),
                None => ("", pre),
            };
            attach_tail(out, last_idx, tail, boundary);
            (Pending { names: NameList { prefix: clean(prefix), ..names }, form: Form::Parenthetical }, false)
        } else if last_idx.is_none() && is_prefix_phrase(&text[content.start..y.range.start]) {
            // `Schreier (2015, p. 7)`: the authors stand before the bracket.
            let open = content.start.saturating_sub(1);
            match scan_names_backward(text, open.saturating_sub(300), open) {
                Some(names) => (Pending { names, form: Form::Narrative }, false),
                None => {
                    boundary = y.range.end;
                    continue;
                }
            }
        } else {
            boundary = y.range.end;
            continue;
        };
        let (extra, mut end) = bare_suffixes(text, y);
        let mut locator = None;
        if let Some((loc, e)) = locator_at(text, end) {
            locator = Some(loc);
            end = e;
        }
        let first_start = if reused { y.range.start } else { p.names.range.start };
        let mut emitted = vec![(y.text.clone(), first_start..y.range.end)];
        emitted.extend(extra);
        let n = emitted.len();
        for (k, (year, r)) in emitted.into_iter().enumerate() {
            out.push(FoundCitation {
                range: r.start..if k + 1 == n { end } else { r.end },
                authors: p.names.authors.clone(),
                author_ranges: p.names.author_ranges.clone(),
                et_al: p.names.et_al,
                year: Some(year),
                locator: if k + 1 == n { locator.clone() } else { None },
                prefix: if k == 0 && !reused { p.names.prefix.clone() } else { None },
                suffix: None,
                form: p.form,
                group,
            });
        }
        last_idx = Some(out.len() - 1);
        boundary = end;
        cur = Some(p);
    }
    // A narrative citation's text runs to its closing bracket: `Schreier (2015, p. 7)`. In a
    // year list (`Gray (2001, 2002, 2003a)`) the first citation, which carries the author,
    // spans the whole list, the last runs to the bracket, and the others keep their own year:
    // so the spans (and the texts copied from them) of a list of n years add up to about
    // twice its length, not n times it. The group number ties the list together.
    if let Some(i) = last_idx.filter(|&i| out[i].form == Form::Narrative)
        && text[out[i].range.end..content.end].trim().is_empty()
        && text[content.end..].starts_with([')', ']'])
    {
        let close = content.end + 1;
        out[first_idx].range.end = close;
        out[i].range.end = close;
        boundary = close;
    }
    // The rest of the group belongs to the last citation (`; and 59 and 63, respectively`).
    if last_idx.is_some() && boundary < content.end {
        attach_tail(out, last_idx, &text[boundary..content.end], boundary);
    }
}

/// Attaches trailing text (starting at `at`) to the citation at `idx`: numbers continue its
/// locator (and its span), words are its suffix.
fn attach_tail(out: &mut [FoundCitation], idx: Option<usize>, tail: &str, at: usize) {
    let Some(i) = idx else { return };
    let Some(t) = clean(tail) else { return };
    if t.chars().all(|c| !c.is_alphanumeric()) {
        return;
    }
    let c = &mut out[i];
    let continues_locator =
        c.locator.is_some() && t.chars().any(|ch| ch.is_ascii_digit()) && t.split_whitespace().count() <= 8;
    if continues_locator {
        let sep = if tail.trim_start().starts_with(';') { "; " } else { ", " };
        c.locator = Some(format!("{}{}{}", c.locator.as_deref().unwrap_or(""), sep, t));
        let trimmed_end = tail.trim_end_matches(|ch: char| ch.is_whitespace() || ch == ',' || ch == ';').len();
        c.range.end = c.range.end.max(at + trimmed_end);
    } else {
        c.suffix = Some(t);
    }
}

fn is_prefix_phrase(s: &str) -> bool {
    let t = s.trim().trim_start_matches([',', ';']).trim().to_lowercase();
    t.is_empty()
        || [
            "see",
            "see also",
            "e.g.",
            "e.g.,",
            "cf.",
            "i.e.",
            "also",
            "and",
            "or",
            "but see",
            "see, e.g.,",
            "for example,",
            "for review, see",
            "reviewed in",
            "as cited in",
            "cited in",
            "see for example",
        ]
        .iter()
        .any(|p| t == *p || t.ends_with(&format!(" {p}")))
}

/// A year outside brackets: `see Frail et al. 2012` in running text.
fn parse_loose(text: &str, y: &YearToken, group: usize, out: &mut Vec<FoundCitation>) {
    let from = y.range.start.saturating_sub(200);
    let Some(names) = scan_names_backward(text, from, y.range.start) else { return };
    let after = text[y.range.end..].trim_start();
    let gap = text[names.range.end..y.range.start].trim();
    let direct = gap.is_empty() || (gap == "," && (names.et_al || names.authors.len() > 1));
    let closes = after.starts_with([')', ';', ']']);
    // Without brackets the evidence must be strong: `et al.` or several authors, or a closing bracket right after.
    if !(direct && (names.et_al || names.authors.len() > 1 || closes)) {
        return;
    }
    if y.digits.is_empty() {
        return;
    }
    let (extra, mut end) = bare_suffixes(text, y);
    let mut locator = None;
    if let Some((loc, e)) = locator_at(text, end) {
        locator = Some(loc);
        end = e;
    }
    let n = 1 + extra.len();
    let mut years = vec![y.text.clone()];
    years.extend(extra.into_iter().map(|(t, _)| t));
    for (k, year) in years.into_iter().enumerate() {
        out.push(FoundCitation {
            range: if k == 0 { names.range.start..end } else { y.range.start..end },
            authors: names.authors.clone(),
            author_ranges: names.author_ranges.clone(),
            et_al: names.et_al,
            year: Some(year),
            locator: if k + 1 == n { locator.clone() } else { None },
            prefix: None,
            suffix: None,
            form: Form::Parenthetical,
            group,
        });
    }
}

/// `(Hill, p. 54)`: authors and a locator but no year.
fn parse_yearless(text: &str, content: Range<usize>, group: usize, out: &mut Vec<FoundCitation>) {
    let inner = &text[content.clone()];
    let Some(comma) = inner.find(',') else { return };
    let name_end = content.start + comma;
    if !YEARLESS.is_match(&text[name_end..content.end]) {
        return;
    }
    let Some(names) = scan_names_backward(text, content.start, name_end) else { return };
    if !text[content.start..names.range.start].trim().is_empty()
        && !is_prefix_phrase(&text[content.start..names.range.start])
    {
        return;
    }
    let (locator, end) = match locator_at(text, name_end) {
        Some((l, e)) => (Some(l), e),
        None => (None, name_end),
    };
    out.push(FoundCitation {
        range: names.range.start..end,
        authors: names.authors,
        author_ranges: names.author_ranges,
        et_al: names.et_al,
        year: None,
        locator,
        prefix: names.prefix,
        suffix: None,
        form: Form::Parenthetical,
        group,
    });
}

#[cfg(test)]
mod tests;
