//! Context around a citation: neighbourhoods that favour one candidate, sentences that
//! name an author, and spelling near-misses between citations.

use super::*;

/// How far back from a citation to look for the sentence that introduces its author.
pub(crate) const CONTEXT_WINDOW: usize = 400;
/// How many citations on either side count as the neighbourhood of a citation.
pub(crate) const NEIGHBOURHOOD: usize = 3;

/// Where each citation stands relative to the others, and the work each one cites.
///
/// A citation's neighbours are the few citations around it and those of its paragraph;
/// both are contiguous in document order, so [`Neighbourhood::favoured`] visits only them
/// and takes the document-wide part of its score (citations of the same work with the same
/// locator) from counts made once, instead of scanning every citation for every target.
pub(crate) struct Neighbourhood {
    /// Position of each citation in document order.
    pub(crate) pos: Vec<usize>,
    /// Citation at each position in document order (the inverse of `pos`).
    pub(crate) order: Vec<usize>,
    /// Paragraph number (blank lines before it) of each citation.
    pub(crate) para: Vec<usize>,
    /// The work each citation cites, if known.
    pub(crate) work_of: Vec<Option<usize>>,
    /// Normalised locator of each citation (see [`norm_locator`]).
    pub(crate) locs: Vec<Option<String>>,
    /// Number of citations of each work with each normalised locator.
    pub(crate) loc_counts: HashMap<(usize, String), u32>,
}

impl Neighbourhood {
    pub(crate) fn new(citations: &[Citation], src: &Source, work_of: &[Option<usize>]) -> Self {
        let mut order: Vec<usize> = (0..citations.len()).collect();
        order.sort_by_key(|&i| citations.get(i).map(|c| (c.span.start, i)).unwrap_or((usize::MAX, i)));
        let mut pos = vec![0; citations.len()];
        for (p, &i) in order.iter().enumerate() {
            if let Some(slot) = pos.get_mut(i) {
                *slot = p;
            }
        }
        let breaks = blank_lines(&src.text);
        let para = citations.iter().map(|c| breaks.partition_point(|&b| b <= c.span.start)).collect();
        let locs: Vec<Option<String>> = citations.iter().map(norm_locator).collect();
        let mut loc_counts: HashMap<(usize, String), u32> = HashMap::new();
        for (w, l) in work_of.iter().zip(&locs) {
            if let (Some(w), Some(l)) = (w, l) {
                *loc_counts.entry((*w, l.clone())).or_insert(0) += 1;
            }
        }
        Neighbourhood { pos, order, para, work_of: work_of.to_vec(), locs, loc_counts }
    }

    /// The candidate work the citations around `target` point to most, if one stands out.
    ///
    /// Every other citation of a candidate work scores: 2 when within [`NEIGHBOURHOOD`]
    /// places, 1 in the same paragraph, 1 more when near (or in the same paragraph) and both
    /// carry a locator, and 3 anywhere in the document when both carry the same locator.
    pub(crate) fn favoured(&self, target: usize, candidates: &[usize]) -> Option<usize> {
        let my_loc = self.locs.get(target)?.as_deref();
        let (my_pos, my_para) = (*self.pos.get(target)?, *self.para.get(target)?);
        let para_of = |p: usize| self.order.get(p).and_then(|&j| self.para.get(j)).copied();
        // The positions that can be near or in the same paragraph: one contiguous range.
        let mut lo = my_pos.saturating_sub(NEIGHBOURHOOD);
        while lo > 0 && para_of(lo - 1) == Some(my_para) {
            lo -= 1;
        }
        let mut hi = my_pos.saturating_add(NEIGHBOURHOOD).min(self.order.len().saturating_sub(1));
        while para_of(hi + 1) == Some(my_para) {
            hi += 1;
        }
        let mut score: HashMap<usize, u32> = HashMap::new();
        // The document-wide same-locator part, from the counts (without the target itself).
        if let Some(l) = my_loc {
            for &w in candidates {
                if score.contains_key(&w) {
                    continue;
                }
                let mut n = self.loc_counts.get(&(w, l.to_string())).copied().unwrap_or(0);
                if self.work_of.get(target).copied().flatten() == Some(w) {
                    n = n.saturating_sub(1);
                }
                score.insert(w, 3 * n);
            }
        }
        // The local part of the neighbours' scores.
        for p in lo..=hi {
            let Some(&j) = self.order.get(p) else { continue };
            let Some(Some(w)) = self.work_of.get(j).copied() else { continue };
            if j == target || !candidates.contains(&w) {
                continue;
            }
            let (Some(&p), Some(&para), Some(other_loc)) = (self.pos.get(j), self.para.get(j), self.locs.get(j)) else {
                continue;
            };
            let near = p.abs_diff(my_pos) <= NEIGHBOURHOOD;
            let same_para = para == my_para;
            if !near && !same_para {
                continue;
            }
            let mut s = 0;
            if near {
                s += 2;
            }
            if same_para {
                s += 1;
            }
            if my_loc.is_some() && other_loc.is_some() {
                s += 1;
            }
            *score.entry(w).or_insert(0) += s;
        }
        let mut ranked: Vec<(u32, usize)> = score.into_iter().map(|(w, s)| (s, w)).filter(|&(s, _)| s > 0).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        match ranked.as_slice() {
            [(_, w)] => Some(*w),
            [(a, w), (b, _), ..] if a > b => Some(*w),
            _ => None,
        }
    }
}

pub(crate) fn norm_locator(c: &Citation) -> Option<String> {
    c.locator
        .as_deref()
        .map(|l| l.chars().filter(|ch| !ch.is_whitespace()).flat_map(char::to_lowercase).collect::<String>())
        .filter(|l| !l.is_empty())
}

/// Byte offsets just after each blank line.
pub(crate) fn blank_lines(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in memchr::memchr_iter(b'\n', b) {
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < b.len() && b[j] == b'\n' {
            out.push(j + 1);
        }
    }
    out.dedup();
    out
}

/// A cited work identified by its folded authors and year, for documents without a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct WorkKey {
    pub(crate) authors: String,
    pub(crate) first: String,
    pub(crate) n: usize,
    pub(crate) et_al: bool,
    pub(crate) year: YearKey,
}

impl WorkKey {
    pub(crate) fn of(c: &CitInfo) -> Option<WorkKey> {
        let year = c.year.clone()?;
        let first = c.names.first()?.folded.clone();
        Some(WorkKey { authors: c.authors_key(), first, n: c.names.len(), et_al: c.et_al, year })
    }
    /// True when a year-less citation names the same authors as this work.
    pub(crate) fn same_authors(&self, c: &CitInfo) -> bool {
        self.authors == c.authors_key() && self.n == c.names.len() && self.et_al == c.et_al && !self.first.is_empty()
    }
}

/// Offset where the sentence holding the end of `w` starts.
///
/// The start a later break gives wins, so the scan runs backwards from the end and stops at
/// the first break (the tests look only forwards from the break).
pub(crate) fn sentence_start(w: &str) -> usize {
    let b = w.as_bytes();
    for i in (0..b.len()).rev() {
        match b[i] {
            b'.' | b'?' | b'!' => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b')' | b'"' | b'\'') {
                    j += 1;
                }
                let ws = j;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j > ws && w.get(j..).and_then(|s| s.chars().next()).is_some_and(char::is_uppercase) {
                    return j;
                }
            }
            b'\n' => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < b.len() && b[j] == b'\n' {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    0
}

/// Capitalised words of `s` (letters with inner apostrophes or hyphens, `'s` dropped),
/// appended to `out`. One pass over the bytes; only non-ASCII characters are decoded.
pub(crate) fn capitalised_words<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    let b = s.as_bytes();
    // The character at byte `i` and its length.
    let char_at = |i: usize| -> Option<(char, usize)> {
        let &x = b.get(i)?;
        if x.is_ascii() {
            return Some((char::from(x), 1));
        }
        let c = s.get(i..)?.chars().next()?;
        Some((c, c.len_utf8()))
    };
    let is_alpha = |c: char| if c.is_ascii() { c.is_ascii_alphabetic() } else { c.is_alphabetic() };
    let mut push = |word: &'a str| {
        let w = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
        if w.chars().next().is_some_and(char::is_uppercase) {
            out.push(w);
        }
    };
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some((ch, len)) = char_at(i) {
        let alpha = is_alpha(ch);
        let inner = !alpha
            && start.is_some()
            && matches!(ch, '\'' | '’' | '-')
            && char_at(i + len).is_some_and(|(n, _)| is_alpha(n));
        if !(alpha || inner)
            && let Some(st) = start.take()
            && let Some(word) = s.get(st..i)
        {
            push(word);
        } else if (alpha || inner) && start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start
        && let Some(word) = s.get(st..)
    {
        push(word);
    }
}

/// `Richard Haass, President ..., suggests (Haas, 2010)`: a cited name that differs slightly
/// from a capitalised name earlier in the same sentence. Names in `known` (cited or listed
/// elsewhere) are other authors, not misspellings.
pub(crate) fn context_near_misses(citations: &[Citation], known: &HashSet<String>, src: &Source) -> Vec<Diagnostic> {
    let text = src.text.as_str();
    let mut out = Vec::new();
    // Reused for every citation: the sentence's capitalised words, their folded forms one
    // after another in `folded_buf`, and the single-word names folded.
    let mut words: Vec<&str> = Vec::new();
    let mut folded_buf = String::new();
    let mut folded: Vec<(usize, usize, usize)> = Vec::new();
    let mut names: Vec<(usize, String, usize)> = Vec::new();
    for c in citations {
        if !c.authors.iter().any(|name| name.split_whitespace().count() == 1) {
            continue;
        }
        let end = c.span.start.min(text.len());
        let mut start = end.saturating_sub(CONTEXT_WINDOW);
        while start < end && !text.is_char_boundary(start) {
            start += 1;
        }
        let Some(window) = text.get(start..end) else {
            continue;
        };
        let Some(sentence) = window.get(sentence_start(window)..) else {
            continue;
        };
        words.clear();
        capitalised_words(sentence, &mut words);
        if words.is_empty() {
            continue;
        }
        names.clear();
        for (k, name) in c.authors.iter().enumerate() {
            if name.split_whitespace().count() == 1 {
                let nf = fold(name);
                let n = nf.chars().count();
                names.push((k, nf, n));
            }
        }
        // Each word folded once, for all the citation's names, with its length in chars.
        folded_buf.clear();
        folded.clear();
        for w in &words {
            let from = folded_buf.len();
            fold_into(&mut folded_buf, w, false);
            let to = folded_buf.len();
            let n = folded_buf.get(from..to).map_or(0, |f| f.chars().count());
            folded.push((from, to, n));
        }
        'names: for (k, nf, ln) in &names {
            let Some(name) = c.authors.get(*k) else { continue };
            for (w, &(from, to, lw)) in words.iter().zip(&folded) {
                // A length gap over the bound rules the pair out before any lookup
                // (`bounded_distance` would say no); known names are other authors.
                if *ln == 0 || lw == 0 || ln.abs_diff(lw) > edit_bound(lw.min(*ln)) {
                    continue;
                }
                let Some(wf) = folded_buf.get(from..to) else { continue };
                if known.contains(wf) || wf == nf.as_str() {
                    continue;
                }
                if let Some(d) = bounded_distance(nf, wf).filter(|&d| (1..=2).contains(&d)) {
                    out.push(
                        Diagnostic::warning(
                            Code::NameNearMiss,
                            format!(
                                "`{}` cites `{}` but the sentence names `{}` (edit distance {d})",
                                c.text.trim(),
                                name.trim(),
                                w
                            ),
                        )
                        .with_span(c.span)
                        .with_line(src.line_of(c.span.start))
                        .with_suggestion(format!("check the spelling: `{w}` or `{}`", name.trim())),
                    );
                    break 'names;
                }
            }
        }
    }
    out
}

/// Two spellings of a first author cited with the same year (`Schreier 2015`, `Schrier 2015`):
/// reported at the first citation of the rarer spelling.
pub(crate) fn citation_spelling_near_misses(citations: &[Citation], cits: &[CitInfo], src: &Source) -> Vec<Diagnostic> {
    // year → spelling → (count, first citation)
    let mut by_year: HashMap<&YearKey, Vec<(&str, usize, usize)>> = HashMap::new();
    let mut slot: HashMap<(&YearKey, &str), usize> = HashMap::new();
    for (ci, info) in cits.iter().enumerate() {
        let (Some(y), Some(first)) = (&info.year, info.names.first()) else {
            continue;
        };
        let v = by_year.entry(y).or_default();
        match slot.get(&(y, first.ocr.as_str())) {
            Some(&k) => v[k].1 += 1,
            None => {
                slot.insert((y, first.ocr.as_str()), v.len());
                v.push((first.ocr.as_str(), 1, ci));
            }
        }
    }
    let mut out = Vec::new();
    for spellings in by_year.values() {
        let names: Vec<&str> = spellings.iter().map(|s| s.0).collect();
        for (a, b) in spelling_pairs(&names) {
            let (x, y) = (&spellings[a], &spellings[b]);
            {
                if bounded_distance(x.0, y.0).is_none_or(|d| d == 0) {
                    continue;
                }
                // Rarer spelling; on a tie, the later one.
                let (rare, common) = if x.1 < y.1 || (x.1 == y.1 && x.2 > y.2) { (x, y) } else { (y, x) };
                let (Some(c), Some(other)) = (citations.get(rare.2), citations.get(common.2)) else {
                    continue;
                };
                let (rn, cn) = (
                    c.authors.first().map(|s| s.trim()).unwrap_or(""),
                    other.authors.first().map(|s| s.trim()).unwrap_or(""),
                );
                out.push(
                    Diagnostic::warning(
                        Code::NameNearMiss,
                        format!(
                            "`{}` spells the author `{rn}`, but `{}` at line {} spells it `{cn}`",
                            c.text.trim(),
                            other.text.trim(),
                            src.line_of(other.span.start)
                        ),
                    )
                    .with_span(c.span)
                    .with_line(src.line_of(c.span.start))
                    .with_suggestion(format!(
                        "probably the same work: use one spelling (`{cn}` is used {} times)",
                        common.1
                    )),
                );
            }
        }
    }
    out
}

/// Copies of the winning works a citation expands to one by one; beyond it, see
/// [`RefIndex::nearest_copies`].
pub(crate) const MAX_EXPANDED_COPIES: usize = 64;
/// Candidate entries an `ambiguous-citation` message names; the rest are counted.
pub(crate) const MAX_LISTED_CANDIDATES: usize = 12;

/// Years with at most this many spellings of first authors compare every pair.
pub(crate) const PAIRWISE_SPELLINGS: usize = 64;
/// A one-deletion variant shared by more spellings than this is no sign of a slip (`Aaaab`,
/// `Aaaac`, ...) and is not compared.
pub(crate) const SPELLING_BUCKET_MAX: usize = 32;

/// Pairs `(a, b)`, `a < b`, of spellings to compare. Few spellings: every pair. Many (a
/// document, or a hostile input, with thousands of authors cited with one year): only pairs
/// that share a one-deletion variant, i.e. within one edit (substitution, insertion,
/// deletion or transposition), so the cost grows with the spellings, not their square.
/// Pairs two or three edits apart are then not compared.
pub(crate) fn spelling_pairs(names: &[&str]) -> Vec<(usize, usize)> {
    if names.len() <= PAIRWISE_SPELLINGS {
        return (0..names.len()).flat_map(|a| (a + 1..names.len()).map(move |b| (a, b))).collect();
    }
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if n.len() > 64 {
            continue;
        }
        buckets.entry((*n).to_string()).or_default().push(i);
        for (k, c) in n.char_indices() {
            let mut v = String::with_capacity(n.len());
            v.push_str(&n[..k]);
            v.push_str(&n[k + c.len_utf8()..]);
            let b = buckets.entry(v).or_default();
            if b.last() != Some(&i) {
                b.push(i);
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for v in buckets.values().filter(|v| (2..=SPELLING_BUCKET_MAX).contains(&v.len())) {
        for (k, &a) in v.iter().enumerate() {
            pairs.extend(v[k + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}
