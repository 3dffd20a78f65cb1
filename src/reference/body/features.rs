//! Segmenting a reference body and the features of each segment.
//!
//! The body is scanned once by hand (no regex) and cut at strong punctuation (a period that
//! does not close an initial or abbreviation, `,`, `:`, `;`, brackets, quotes) and around
//! free-standing numbers. Each segment records its delimiters, its number shape and the
//! marker words it holds.

use super::words::{W_FUNCTION, W_JOURNAL, W_MONTH, W_NOTE, W_PLACE, W_PUB, word_class};
use super::{Delim, Num, Seg};
use crate::reference::lexical::{is_abbrev_word, is_place_end};

pub(super) fn is_year_str(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 || b.len() > 5 {
        return false;
    }
    if b.len() == 5 && !b[4].is_ascii_lowercase() {
        return false;
    }
    (b[0] == b'1' && (b'5'..=b'9').contains(&b[1])) || (b[0] == b'2' && b[1] == b'0')
}

pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// A number-like token: digits with at most one leading letter and one trailing letter (`e1234`, `12a`, `S5`).
pub(super) fn numberish(t: &str) -> bool {
    let t = t.trim_end_matches(['.', ',']);
    // `H3`, `S4` inside a title are names; `e00048`, `B428` are numbers.
    if t.chars().next().is_some_and(|c| c.is_alphabetic())
        && t.chars().skip(1).take_while(|c| c.is_ascii_digit()).count() < 3
    {
        return false;
    }
    let mut cs = t.chars().peekable();
    if cs.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        cs.next();
    }
    let mut nd = 0;
    while cs.peek().is_some_and(|c| c.is_ascii_digit()) {
        cs.next();
        nd += 1;
    }
    if nd == 0 {
        return false;
    }
    if cs.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        cs.next();
    } else if cs.peek() == Some(&'.') {
        cs.next();
        if !cs.peek().is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        while cs.peek().is_some_and(|c| c.is_ascii_digit()) {
            cs.next();
        }
    }
    if cs.peek().is_some_and(|c| is_dash(*c)) {
        return true; // a range
    }
    cs.next().is_none()
}

/// `2010-2020`: a range whose ends are both years.
pub(super) fn year_span(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['.', ',']);
    let mut parts = t.split(is_dash).map(str::trim).filter(|p| !p.is_empty());
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if is_year_str(a) && is_year_str(b))
}

/// `750-900`, `1088-1100`: a span that reads as years, also before 1500.
pub(super) fn date_span(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['.', ',']);
    let mut parts = t.split(is_dash).map(str::trim).filter(|p| !p.is_empty());
    let num = |p: &str| (3..=4).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None) if num(a) && num(b) => {
            let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            (400..2100).contains(&a) && a < b && b <= 2100
        }
        _ => false,
    }
}

pub(super) fn num_kind(t: &str) -> Num {
    let t = t.trim().trim_end_matches(['.', ',']);
    if t.is_empty() {
        return Num::None;
    }
    if is_year_str(t) {
        return Num::Year;
    }
    let mut parts = t.split(is_dash).filter(|p| !p.trim().is_empty());
    let a = parts.next().unwrap_or("").trim();
    let b = parts.next().map(str::trim);
    let simple = |p: &str| {
        let p = match p.split_once('.') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()) => a,
            _ => p,
        };
        let d =
            p.trim_start_matches(|c: char| c.is_ascii_alphabetic()).trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) && p.len() - d.len() <= 2
    };
    if !simple(a) {
        return Num::None;
    }
    match b {
        Some(b) if simple(b) && parts.next().is_none() => Num::Range,
        Some(_) => Num::None,
        None => {
            if a.chars().filter(|c| c.is_ascii_digit()).count() >= 5 {
                Num::Long
            } else {
                Num::Small
            }
        }
    }
}

pub(super) fn lower_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '\'' && c != '-').to_lowercase()
}

pub(super) fn features<'a>(
    body: &'a str,
    start: usize,
    end: usize,
    before: Delim,
    paren: bool,
    quoted: bool,
) -> Seg<'a> {
    let raw = &body[start..end];
    let text = raw.trim();
    let off = raw.len() - raw.trim_start().len();
    let (start, end) = (start + off, start + off + text.len());
    let mut s = Seg {
        text,
        start,
        end,
        before,
        after: Delim::Period,
        paren,
        quoted,
        words: 0,
        caps: 0,
        lower_start: text.split(' ').next().is_some_and(|w| {
            w.chars().next().is_some_and(|c| c.is_lowercase()) && !w.chars().any(|c| c.is_uppercase())
        }),
        num: Num::None,
        pub_word: false,
        place_word: false,
        journal: false,
        ed_mark: false,
        pp_mark: false,
        vol_mark: false,
        no_mark: false,
        in_mark: false,
        note_word: false,
        month: false,
        edition: false,
        ed_by: false,
        square: body[..start].trim_end().ends_with('[') && body[end..].trim_start().starts_with(']'),
        roman: !text.is_empty() && text.len() <= 5 && text.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')),
    };
    s.num = num_kind(text);
    if s.num != Num::None {
        return s;
    }
    let lt = text.to_lowercase();
    if word_class(lt.trim_end_matches('.')) & W_PLACE != 0 {
        s.place_word = true;
    }
    let mut first = true;
    let mut short_abbrev = 0;
    let mut prev_num = false;
    for w in text.split(' ') {
        let lw = lower_word(w);
        if lw.is_empty() {
            continue;
        }
        let is_alpha = lw.chars().next().is_some_and(|c| c.is_alphabetic());
        if first {
            // `pp.124-232`, `v.37`, `S.10`: a marker glued to its number.
            let mark = match lw.split_once('.') {
                Some((m, rest)) if rest.starts_with(|c: char| c.is_ascii_digit()) => m,
                _ => lw.as_str(),
            };
            match mark {
                "in" if text.len() > 3 => {
                    let second = text.split(' ').nth(1).map(lower_word).unwrap_or_default();
                    s.in_mark = !matches!(second.as_str(), "press" | "print" | "preparation" | "prep" | "review");
                }
                "pp" | "p" | "pages" | "page" | "pgs" | "s" | "ss" | "pág" | "págs" | "pag" => s.pp_mark = true,
                "vol" | "volume" | "vols" | "v" | "bd" | "band" | "t" | "tome" | "jg" => s.vol_mark = true,
                "no" | "nr" | "issue" | "iss" | "n" | "nos" | "núm" | "número" | "heft" | "h" | "num" | "fasc" => {
                    s.no_mark = true
                }
                // `n°54`, `nº 3`.
                m if m.starts_with("n°") || m.starts_with("nº") => s.no_mark = true,
                _ => {}
            }
            if word_class(lw.trim_end_matches('.')) & W_MONTH != 0 {
                s.month = true;
            }
        }
        if matches!(
            lw.as_str(),
            "ed" | "eds" | "editor" | "editors" | "hrsg" | "hrg" | "hg" | "éd" | "éds" | "dir" | "coord" | "edited"
        ) && (w.ends_with('.') || w.ends_with(')') || lw.len() > 3 || paren || text.len() == w.len())
        {
            s.ed_mark = true;
        }
        if lw.ends_with("ed") && prev_num || matches!(lw.as_str(), "edn" | "edition" | "auflage" | "aufl" | "édition")
        {
            s.edition = true;
        }
        prev_num = w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || matches!(lw.as_str(), "first" | "second" | "third" | "fourth" | "fifth" | "revised" | "rev" | "new");
        let wc = word_class(&lw);
        // `Springer-Verlag`, `Morgan-Kaufmann`: a hyphenated publisher name.
        if wc & W_PUB != 0 || lw.contains('-') && lw.split('-').any(|p| word_class(p) & W_PUB != 0) {
            s.pub_word = true;
        }
        if wc & W_JOURNAL != 0 {
            s.journal = true;
        }
        if wc & W_NOTE != 0 {
            s.note_word = true;
        }
        if is_alpha {
            if wc & W_FUNCTION == 0 {
                s.words += 1;
                if w.trim_start_matches(|c: char| !c.is_alphanumeric()).chars().take(2).any(|c| c.is_uppercase()) {
                    s.caps += 1;
                    if w.ends_with('.') && lw.chars().count() <= 6 {
                        short_abbrev += 1;
                    }
                }
            } else if first {
                s.words += 1;
                if w.chars().next().is_some_and(|c| c.is_uppercase()) {
                    s.caps += 1;
                }
            }
        }
        first = false;
    }
    // `edited by X`, `eds. Terry Caelli`: the editors follow the mark, so it does not close a
    // list of editors before it.
    let ed_first = s.ed_mark
        && matches!(
            lower_word(text.split(' ').next().unwrap_or("")).as_str(),
            "ed" | "eds" | "editor" | "editors" | "edited" | "hrsg" | "hg" | "éd" | "éds" | "dir"
        )
        && text
            .split(' ')
            .nth(1)
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && w != "by" && !w.starts_with('('));
    if s.ed_mark && (lt.starts_with("edited") || lt.contains(" by ") || ed_first) {
        s.ed_by = true;
    }
    if !text.bytes().any(|c| c.is_ascii_digit()) {
        s.pp_mark = false;
        s.vol_mark = false;
        s.no_mark = false;
    }
    if short_abbrev >= 2 || (short_abbrev >= 1 && s.words <= 3 && s.caps == s.words) {
        s.journal = true;
    }
    // `J Appl Phys`, `MNRAS`: short capitalised words without function words.
    if s.words >= 2 && s.caps == s.words && text.split(' ').all(|w| w.chars().count() <= 6) && !s.pub_word {
        s.journal = true;
    }
    if s.words == 1 && text.len() >= 3 && text.chars().all(|c| c.is_ascii_uppercase()) && !s.place_word {
        s.journal = true;
    }
    s
}

/// Inside an abbreviated journal name: `Appl. Physiol.` (a short capitalised word before another abbreviation).
pub(super) fn abbreviated_name(word: &str, next: &str) -> bool {
    let n = word.chars().count();
    if n > 6 || !word.chars().next().is_some_and(|c| c.is_uppercase()) || !word.chars().all(|c| c.is_alphabetic()) {
        return false;
    }
    if matches!(word, "Press" | "Cell" | "Books" | "Verlag" | "Inc" | "Ltd" | "Nature" | "Wiley" | "Sage" | "Brill") {
        return false;
    }
    let nw = next.split(' ').next().unwrap_or("").trim_end_matches([',', ';', ':']);
    // `Ph.D.`, `U.S.`: a word with inner periods is a degree or initialism, not a journal abbreviation.
    nw.ends_with('.')
        && nw.matches('.').count() == 1
        && nw.chars().count() <= 8
        && nw.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A genre or edition statement opens the segment (`Technical Report 12`, `PhD thesis`,
/// `Revised edition`): after a title it describes the work rather than continuing it.
pub(super) fn genre_head(s: &Seg) -> bool {
    if s.edition {
        return true;
    }
    let mut it = s.text.split(' ').map(lower_word);
    let first = it.next().unwrap_or_default();
    let second = it.next().unwrap_or_default();
    let genre = |w: &str| {
        matches!(
            w,
            "thesis"
                | "dissertation"
                | "diss"
                | "report"
                | "memorandum"
                | "manuscript"
                | "preprint"
                | "thèse"
                | "tesis"
                | "tesi"
                | "mémoire"
        )
    };
    genre(&first)
        || (genre(&second)
            && matches!(
                first.trim_end_matches('.'),
                "technical"
                    | "tech"
                    | "phd"
                    | "ph.d"
                    | "doctoral"
                    | "master's"
                    | "masters"
                    | "msc"
                    | "ma"
                    | "unpublished"
                    | "research"
                    | "internal"
                    | "final"
                    | "annual"
            ))
}

/// `mitomycin C. American Journal`: a lone capital after a lower-case content word ends a
/// sentence rather than standing for an initial.
pub(super) fn end_letter(body: &str, word_start: usize, word: &str) -> bool {
    if word.len() != 1 || !word.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let prev = body[..word_start].trim_end().rsplit(' ').next().unwrap_or("");
    prev.len() > 2
        && prev.chars().all(|c| c.is_lowercase() || c == '-')
        && word_class(&lower_word(prev)) & W_FUNCTION == 0
}

/// Words after which a number stays in the same segment (`pp. 12`, `ISBN 978...`).
pub(super) const PREV_MARKERS: &[&str] = &[
    "pp", "p", "vol", "no", "nr", "v", "n", "issue", "volume", "s", "bd", "page", "pages", "art", "article", "heft",
    "t", "jg", "nos", "vols", "iss", "isbn", "issn", "pmid",
];

/// Words that keep a number before them (`2nd ed.`, `2 vols`).
pub(super) const EDITION_WORDS: &[&str] = &["ed", "edn", "eds", "vols", "aufl", "éd", "edition", "auflage", "édition"];

/// Cuts `body` into segments.
pub(super) fn segments(body: &str) -> Vec<Seg<'_>> {
    let mut segs: Vec<Seg> = Vec::new();
    let mut start = 0usize;
    let mut before = Delim::Start;
    let mut depth = 0i32;
    let mut quoted = false;
    let mut seg_paren = false;
    let mut glued = 0u32;
    let b = body.as_bytes();
    #[allow(clippy::too_many_arguments)]
    fn push<'a>(
        body: &'a str,
        segs: &mut Vec<Seg<'a>>,
        a: usize,
        e: usize,
        delim: Delim,
        before: &mut Delim,
        paren: bool,
        q: bool,
    ) {
        if body[a..e].trim().is_empty() {
            if delim > *before || *before == Delim::Space {
                *before = delim;
            }
            return;
        }
        if let Some(last) = segs.last_mut() {
            last.after = *before;
        }
        let s = features(body, a, e, *before, paren, q);
        segs.push(s);
        *before = delim;
    }
    let mut i = 0usize;
    while i < b.len() {
        let c = body[i..].chars().next().unwrap_or(' ');
        let cl = c.len_utf8();
        match c {
            ',' | ';' | ':' => {
                // `1,000` and `10:30` inside a number stay.
                let d = match c {
                    ',' => Delim::Comma,
                    ';' => Delim::Semi,
                    _ => Delim::Colon,
                };
                let next_digit = b.get(i + 1).is_some_and(|x| x.is_ascii_digit());
                let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
                let in_colon = c == ':' && matches!(body[start..i].trim(), "In" | "in" | "IN" | "Dans" | "dans");
                // `57,1` (volume, issue) splits; `1,000` (three digits after) stays one number.
                let thousands = next_digit
                    && b.get(i + 1..i + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && !b.get(i + 4).is_some_and(u8::is_ascii_digit);
                // `p. 1,3`: a list of pages stays together.
                let page_list = {
                    let h = body[start..i].trim_start().to_lowercase();
                    h.starts_with("p.") || h.starts_with("pp.") || h.starts_with("p ") || h.starts_with("pp ")
                };
                if (c == ',' && (thousands || (quoted || page_list) && next_digit) && prev_digit) || in_colon {
                    i += cl;
                    continue;
                }
                push(body, &mut segs, start, i, d, &mut before, seg_paren || depth > 0, quoted);
                seg_paren = depth > 0;
                start = i + cl;
            }
            '.' | '?' | '!' => {
                let j = i + cl;
                let rest = &body[j..];
                let rest_t = rest.trim_start_matches(['"', '\'', '”', '’', '»', '*', '_']);
                let at_end = rest_t.trim().is_empty();
                if at_end || rest_t.starts_with(' ') || rest_t.starts_with(['(', '[']) {
                    let mut word_start = body[..i].rfind([' ', '(', '[']).map(|p| p + 1).unwrap_or(0);
                    let mut word = &body[word_start..i];
                    // `Surfaces . Journal`, `Proc . of`: text from a tokeniser, PDF extraction or
                    // OCR sets the period off by a space; it belongs to the word before it.
                    if word.is_empty() && body[start..i].trim_end().len() < body[start..i].len() {
                        let head = body[..i].trim_end();
                        if head.len() > start {
                            word_start = head.rfind([' ', '(', '[']).map(|p| p + 1).unwrap_or(0);
                            word = &body[word_start..head.len()];
                        }
                    }
                    let next_c = rest_t.trim_start().chars().next().unwrap_or(' ');
                    // `In Famulus Christi, ed. Gerald Bonner`: the mark opens the editors.
                    // `Title. Eds. Jeannette Mageo and Alan Howard`: so does a mark alone.
                    let mark_alone = matches!(before, Delim::Comma | Delim::Period) && body[start..i].trim() == word;
                    // `In: C. D. Darlington & K. R. Lewis, eds. Chromosomes today`: the mark
                    // closes the names before it.
                    let closes_names = segs
                        .last()
                        .is_some_and(|p| p.in_mark && p.text.split(' ').any(|w| w.len() == 2 && w.ends_with('.')));
                    // `2. ed. São Paulo`: an edition after its number.
                    let after_number =
                        body[..start].trim_end().trim_end_matches('.').ends_with(|c: char| c.is_ascii_digit());
                    let opens_editors = mark_alone && !closes_names && !after_number;
                    let boundary = if c != '.'
                        || at_end
                        || (matches!(word, "ed" | "edn" | "Ed" | "eds" | "Eds")
                            && next_c.is_uppercase()
                            && !opens_editors)
                        || ((end_letter(body, word_start, word) || (word.len() == 2 && is_place_end(word)))
                            && next_c.is_uppercase())
                    {
                        true
                    } else if is_abbrev_word(word) || abbreviated_name(word, rest_t.trim_start()) {
                        false
                    } else {
                        let nw = rest_t.trim_start().split(' ').next().unwrap_or("").to_lowercase();
                        let marker = matches!(
                            nw.as_str(),
                            "in" | "in:"
                                | "p."
                                | "pp."
                                | "vol."
                                | "no."
                                | "ed."
                                | "eds."
                                | "doi"
                                | "doi:"
                                | "available"
                                | "retrieved"
                                | "s."
                                | "n."
                        );
                        let mixed = nw.len() != rest_t.trim_start().split(' ').next().unwrap_or("").len()
                            || rest_t.trim_start().split(' ').next().unwrap_or("").chars().any(|c| c.is_uppercase());
                        !(next_c.is_lowercase() && !marker && !mixed)
                    };
                    if boundary {
                        let d = if c == '.' { Delim::Period } else { Delim::Question };
                        let e = if c == '.' { i } else { j };
                        push(body, &mut segs, start, e, d, &mut before, seg_paren, quoted);
                        seg_paren = depth > 0;
                        start = j;
                    }
                }
            }
            '(' | '['
                if i > 0
                    && body[..i].chars().next_back().is_some_and(|p| p.is_alphabetic())
                    && !body[i + 1..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                glued += 1;
            }
            ')' | ']' if glued > 0 => {
                glued -= 1;
            }
            '(' | '[' => {
                push(body, &mut segs, start, i, Delim::Open, &mut before, seg_paren, quoted);
                depth += 1;
                seg_paren = true;
                start = i + cl;
            }
            ')' | ']' => {
                push(body, &mut segs, start, i, Delim::Close, &mut before, true, quoted);
                depth = (depth - 1).max(0);
                seg_paren = depth > 0;
                start = i + cl;
            }
            '“' | '”' | '"' | '«' | '»' | '„' => {
                let closing = quoted && c != '“' && c != '«' && c != '„';
                let opening = !quoted && matches!(c, '“' | '"' | '«' | '„' | '»');
                if closing || opening {
                    push(body, &mut segs, start, i, Delim::Quote, &mut before, seg_paren, quoted);
                    quoted = opening;
                    start = i + cl;
                }
            }
            ' ' => {
                // Free-standing numbers (`J Struct Biol 157`) become segments of their own.
                let tok_start = body[..i].rfind(' ').map(|p| p + 1).unwrap_or(0).max(start);
                let prev_tok = &body[tok_start..i];
                let next_end = body[i + 1..]
                    .find([' ', ',', ';', ':', '(', ')', '[', ']'])
                    .map(|p| i + 1 + p)
                    .unwrap_or(body.len());
                let next_tok = body[i + 1..next_end].trim_end_matches('.');
                let any_ci = |t: &str, list: &[&str]| list.iter().any(|m| t.eq_ignore_ascii_case(m));
                let marker_next = any_ci(next_tok, &["vol", "volume", "pp", "p", "no"])
                    && body[next_end..].trim_start_matches(['.', ' ']).starts_with(|c: char| c.is_ascii_digit());
                // `43 - 102`: a dash set off by spaces keeps the range together.
                let dash_only = |t: &str| !t.is_empty() && t.chars().all(is_dash);
                let numbers = (numberish(next_tok) || (numberish(prev_tok) && !next_tok.is_empty()))
                    && !dash_only(next_tok)
                    && !dash_only(prev_tok);
                // Only when a number is involved: `pp. 12` and `2nd ed.` stay together.
                // `In 1992 International Conference`: `In` and its number open one segment.
                let head = body[start..i].trim();
                let in_head = head.eq_ignore_ascii_case("in")
                    || head.split_once(' ').is_some_and(|(a, b)| a.eq_ignore_ascii_case("in") && numberish(b));
                // `Proceedings of the 1992 ACM Conference`: a number after `the`/`of` and before a
                // capitalised word is part of a name.
                let before_prev = body[start..tok_start].trim_end().rsplit(' ').next().unwrap_or("");
                let of_the = |w: &str| matches!(w, "the" | "of");
                let in_name = (numberish(next_tok) && of_the(prev_tok))
                    || (numberish(prev_tok)
                        && of_the(before_prev)
                        && next_tok.chars().next().is_some_and(|c| c.is_uppercase()));
                // `368 pp.`: a page count stays one segment.
                // `262 p.`, `151 S.`: so does the page count of a book.
                let page_count = numberish(prev_tok)
                    && (next_tok.eq_ignore_ascii_case("pp")
                        || matches!(next_tok, "p" | "S" | "s" | "págs" | "pgs" | "pages" | "Seiten"))
                    && !body[next_end..].trim_start_matches(['.', ' ']).starts_with(|c: char| c.is_ascii_digit());
                let split = tok_start < i
                    && !in_head
                    && !in_name
                    && !page_count
                    && (marker_next
                        || (numbers
                            && !any_ci(prev_tok.trim_end_matches('.'), PREV_MARKERS)
                            && !any_ci(next_tok, EDITION_WORDS)))
                    && !body[start..i].trim().is_empty();
                if split {
                    push(body, &mut segs, start, i, Delim::Space, &mut before, seg_paren, quoted);
                    start = i + 1;
                }
            }
            _ => {}
        }
        i += cl;
    }
    push(body, &mut segs, start, body.len(), Delim::Period, &mut before, seg_paren, quoted);
    if let Some(last) = segs.last_mut() {
        last.after = Delim::Period;
    }
    segs
}

/// `trans. Gerald M. Browne`, `tr. W. Rehg`, `translated by X`: a translator statement, not
/// part of a title (`Trans. Amer. Math. Soc.` stays a journal: its words are journal words).
pub(super) fn translator(s: &Seg) -> bool {
    let mut ws = s.text.split(' ');
    let first = lower_word(ws.next().unwrap_or(""));
    if !matches!(first.as_str(), "trans" | "tr" | "transl" | "translated" | "übers" | "trad") {
        return false;
    }
    let Some(second) = ws.next() else {
        return false;
    };
    if second == "by" {
        return true;
    }
    let initial = {
        let mut cs = second.chars();
        matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    };
    let name = second.chars().next().is_some_and(|c| c.is_uppercase()) && !second.ends_with('.');
    (initial || name) && s.text.split(' ').skip(1).all(|w| word_class(&lower_word(w)) & W_JOURNAL == 0)
}

/// An editor mark (`(Eds.)`, `eds.`) follows within a few name-like segments.
pub(super) fn ed_ahead(segs: &[Seg], k: usize) -> bool {
    for s in segs.iter().take((k + 10).min(segs.len())).skip(k + 1) {
        if s.ed_mark {
            return !s.ed_by;
        }
        // `et al.` and initials (`R. N. Goldman & M. S. Warner`) stay inside a list of editors.
        if s.text.starts_with("et al") {
            continue;
        }
        let initials = s.text.split(' ').filter(|w| w.len() <= 3 && w.ends_with('.')).count() as u32;
        if s.before == Delim::Period || s.num != Num::None || s.words > 5 + initials.min(4) || s.caps + 1 < s.words {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(String, Delim)> {
        segments(body).into_iter().map(|s| (s.text.to_string(), s.before)).collect()
    }

    #[test]
    fn number_shapes() {
        assert_eq!(num_kind("1987"), Num::Year);
        assert_eq!(num_kind("1987b"), Num::Year);
        assert_eq!(num_kind("14"), Num::Small);
        assert_eq!(num_kind("101–117"), Num::Range);
        assert_eq!(num_kind("e20431"), Num::Long);
        assert_eq!(num_kind("Quarterly"), Num::None);
        assert!(numberish("S123") && numberish("4b") && numberish("88-91"));
        assert!(!numberish("H2") && !numberish("x"));
        assert!(is_year_str("2019") && !is_year_str("1300") && !is_year_str("20190"));
        assert!(year_span("1951-1960") && !year_span("51-60"));
        assert!(date_span("820-905") && !date_span("905-820"));
    }

    #[test]
    fn journal_article_segments() {
        let got = texts("Rain on glass. Journal of Wet Surfaces 12(3): 45-67.");
        let want = [
            ("Rain on glass", Delim::Start),
            ("Journal of Wet Surfaces", Delim::Period),
            ("12", Delim::Space),
            ("3", Delim::Open),
            ("45-67", Delim::Colon),
        ];
        let want: Vec<(String, Delim)> = want.iter().map(|(t, d)| (t.to_string(), *d)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn abbreviations_and_initials_do_not_cut() {
        let got = texts("Notes on rain. Proc. Natl. Acad. Sci. USA 9, 1-4.");
        assert_eq!(got[1].0, "Proc. Natl. Acad. Sci. USA");
        let got = texts("In J. R. Moss (Ed.), Weather. Chicago: Lantern Press.");
        assert_eq!(got[0].0, "In J. R. Moss");
        assert_eq!(got[1], ("Ed.".to_string(), Delim::Open));
    }

    #[test]
    fn thousands_and_page_lists_stay_whole() {
        let got = texts("Counting 1,500 sheep. Farm Notes, 2, p. 4,7.");
        assert_eq!(got[1].0, "1,500 sheep");
        assert!(got.iter().any(|(t, _)| t == "p. 4,7"), "{got:?}");
    }

    #[test]
    fn tokenised_periods_cut_like_plain_ones() {
        // A period set off by a space (tokeniser, PDF or OCR text) cuts where `word.` would.
        let got = texts("Frost on the pane . Annals of Cold Glass , 7 ( 2 ) : 11 - 19 .");
        let plain = texts("Frost on the pane. Annals of Cold Glass, 7 (2): 11 - 19.");
        let t = |v: &[(String, Delim)]| v.iter().map(|(t, d)| (t.clone(), *d)).collect::<Vec<_>>();
        assert_eq!(t(&got), t(&plain));
        assert_eq!(got[1], ("Annals of Cold Glass".to_string(), Delim::Period));
        // The word before the spaced period still decides: an abbreviation does not cut.
        let got = texts("Frost on the pane . In Proc . of the Cold Glass Meeting , pages 3 - 8 . Ice Press , Tromso .");
        assert!(got.iter().any(|(t, _)| t == "In Proc . of the Cold Glass Meeting"), "{got:?}");
        assert!(got.iter().any(|(t, d)| t == "Ice Press" && *d == Delim::Period), "{got:?}");
        // A period alone at the start cuts nothing.
        assert_eq!(texts(". Frost")[0].0, ". Frost");
    }

    #[test]
    fn marker_features() {
        let segs = segments("A title. In Big Book, edited by K. Lo, pp. 5-9, vol. 2, no. 3. Chicago: Lantern Press.");
        let find = |t: &str| segs.iter().find(|s| s.text.starts_with(t)).unwrap_or_else(|| panic!("{t}"));
        assert!(find("In Big").in_mark);
        assert!(find("edited by").ed_mark && find("edited by").ed_by);
        assert!(find("pp.").pp_mark);
        assert!(find("vol.").vol_mark);
        assert!(find("no.").no_mark);
        assert!(find("Chicago").place_word);
        assert!(find("Lantern Press").pub_word);
        // A marker without a number is only a word.
        assert!(!segments("The pp of it").iter().any(|s| s.pp_mark));
    }

    #[test]
    fn journal_shape() {
        let segs = segments("Something. J. Wet Surf. 4.");
        assert!(segs[1].journal, "{:?}", segs[1]);
        let segs = segments("Something. A long walk through the history of rain.");
        assert!(!segs[1].journal);
    }

    #[test]
    fn genre_translator_and_editors_ahead() {
        let segs = segments("Rain in summer. PhD thesis, Northfield University.");
        assert!(genre_head(&segs[1]));
        let segs = segments("Rain in summer. Trans. M. Lowe. Chicago: Lantern Press.");
        assert!(translator(&segs[1]));
        let segs = segments("Rain in summer. Trans. Amer. Wet. Soc. 4.");
        assert!(!translator(&segs[1]));
        let segs = segments("In A. Birch, C. Dale (Eds.), Weather.");
        assert!(ed_ahead(&segs, 0) || segs[0].ed_mark, "{segs:?}");
    }
}
