//! From labelled segments to the fields of a [`Reference`].

use super::decode::decode;
use super::features::{is_year_str, lower_word, segments};
use super::fixups::repair;
use super::learned::Learned;
use super::model::li;
use super::words::{W_FUNCTION, W_PLACE, word_class};
use super::{Delim, L, NL, Num, Seg};
use crate::model::{EntryType, Reference};
use crate::reference::lexical::{classify, is_place_end, opt, pages_norm, split_trailing_place, tidy};
use crate::reference::names::parse_names;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static DEBUG: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("SEG_DEBUG").is_some());

/// Parses the text after the author list and head year into `r`, with the labeller weights
/// chosen by [`crate::reference::set_refs_model`].
pub(in crate::reference) fn parse_body(body: &str, r: &mut Reference, _comma_style: bool) {
    parse_body_with(body, r, super::active_model());
}

/// The labels of the segments of a body: decoded (with `model`'s corrections when given),
/// then repaired.
pub(super) fn label_segments(segs: &[Seg], model: Option<&Learned>) -> Vec<L> {
    label_segments_with(segs, model, model.map_or(0, |m| m.retired))
}

/// [`label_segments`] with the repairs of the bits of `retired` left out.
pub(super) fn label_segments_with(segs: &[Seg], model: Option<&Learned>, retired: u32) -> Vec<L> {
    let mut labels = decode(segs, model);
    repair(segs, &mut labels, retired);
    labels
}

/// [`parse_body`] with the given model (`None`: the hand-set weights alone).
pub(super) fn parse_body_with(body: &str, r: &mut Reference, model: Option<&Learned>) {
    let segs = segments(body);
    let labels = label_segments(&segs, model);
    if *DEBUG {
        for (s, l) in segs.iter().zip(&labels) {
            eprintln!("  {:?} {:?} [{}]", l, s.before, s.text);
        }
    }
    // First run of each label.
    let mut runs: [Option<(usize, usize)>; NL] = [None; NL];
    let mut done = [false; NL];
    let mut k = 0;
    while k < segs.len() {
        let l = labels[k];
        let mut e = k;
        while e + 1 < segs.len() && labels[e + 1] == l {
            e += 1;
        }
        // Publisher and place stand near the end: the last run wins, unless only an earlier one
        // has a publisher or place word; other fields take the first.
        let marked = |(a, b): (usize, usize)| {
            segs[a..=b].iter().any(|s| if l == L::Publisher { s.pub_word } else { s.place_word })
        };
        // `New York: Henry Holt, 1996. Print.`: a publisher after its place and a colon stays.
        let imprint = |(a, b): (usize, usize)| {
            if l == L::Publisher {
                a > 0 && segs[a].before == Delim::Colon && labels[a - 1] == L::Place
            } else {
                b + 1 < segs.len() && segs[b + 1].before == Delim::Colon && labels[b + 1] == L::Publisher
            }
        };
        let later_wins = matches!(l, L::Publisher | L::Place)
            && runs[li(l)].is_none_or(|prev| (marked((k, e)) || !marked(prev)) && (!imprint(prev) || imprint((k, e))));
        if !done[li(l)] || later_wins {
            runs[li(l)] = Some((k, e));
            done[li(l)] = true;
        }
        k = e + 1;
    }
    let span = |l: L| {
        runs[li(l)].map(|(a, e)| {
            let mut end = segs[e].end;
            let t = &body[segs[a].start..end];
            if t.matches('(').count() > t.matches(')').count() && body[end..].starts_with(')') {
                end += 1;
            }
            &body[segs[a].start..end]
        })
    };
    let in_mode = labels.iter().zip(&segs).any(|(l, s)| s.in_mark && matches!(l, L::Container | L::Editor));
    if let Some(t) = span(L::Title) {
        let t = t.trim_matches(['“', '”', '"', '«', '»', '‘', '’', ' ', '*', '_']);
        r.title = opt(tidy(t).trim_matches(['“', '”', '"', '«', '»', '‘', '’']).trim().to_string());
    }
    if let Some(mut c) = span(L::Container) {
        // `Biochem J. 2004;380`: the period before the numbers closes the container, not an abbreviation.
        if let Some((_, e)) = runs[li(L::Container)]
            && segs.get(e + 1).is_some_and(|n| n.num != Num::None)
        {
            c = c.strip_suffix('.').unwrap_or(c);
        }
        let c = strip_in(c);
        let (c, place) = split_trailing_place(&tidy(c));
        r.container = opt(c);
        if r.place.is_none() {
            r.place = place;
        }
    }
    if let Some(ed) = span(L::Editor) {
        let ed = strip_in(ed);
        let names: String = ed
            .split(' ')
            .filter(|w| {
                !matches!(
                    lower_word(w).as_str(),
                    "ed" | "eds"
                        | "editor"
                        | "editors"
                        | "hrsg"
                        | "hg"
                        | "éd"
                        | "éds"
                        | "dir"
                        | "coord"
                        | "by"
                        | "edited"
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let (people, _) = parse_names(names.trim_matches(|c: char| c == '(' || c == ')' || c == ',' || c == ' '));
        if !people.is_empty() {
            r.editors = people;
        }
    }
    if let Some(v) = span(L::Volume) {
        let v = strip_marker(v);
        r.volume = opt(tidy(v));
    }
    if let Some(v) = span(L::Issue) {
        r.issue = opt(tidy(strip_marker(v)));
    }
    if let Some(v) = span(L::Pages) {
        r.pages = opt(pages_norm(strip_marker(v).trim_end_matches(['.', ','])));
    }
    if let Some(c) = r.container.take() {
        let c = container_volume(c, r);
        if r.title.is_none()
            && r.editors.is_empty()
            && let Some((title, journal)) = title_into_journal(&c)
        {
            r.title = opt(tidy(title));
            r.container = opt(journal.to_string());
        } else if let Some(title) = r.title.as_deref()
            && let Some(head) = title.strip_suffix(" J")
            && head.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_lowercase))
            && c.split(' ')
                .next()
                .is_some_and(|w| w.len() >= 3 && w.ends_with('.') && w.starts_with(char::is_uppercase))
        {
            // `... in shallow basins J. Coast. Res.`: `J.` (Journal) opens the abbreviated name.
            r.container = Some(format!("J. {c}"));
            r.title = Some(head.to_string());
        } else {
            r.container = opt(c);
        }
    }
    if r.year.is_none()
        && let Some(y) = span(L::Year)
        && let Some(y) = y.split(|c: char| !c.is_alphanumeric()).find(|w| is_year_str(w))
    {
        r.year = Some(y.to_string());
    }
    if let Some(p) = span(L::Publisher) {
        r.publisher = opt(tidy(p));
    }
    if let Some(p) = span(L::Place) {
        r.place = opt(tidy(p));
    }
    if r.place.is_none()
        && let Some((p, place)) = r.publisher.as_deref().and_then(publisher_city)
    {
        r.publisher = Some(p);
        r.place = Some(place);
    }
    for (s, l) in segs.iter().zip(&labels) {
        if *l == L::Note && s.edition && r.edition.is_none() {
            r.edition = opt(tidy(s.text));
        }
    }
    r.kind = classify(r, in_mode, body);
    let _ = EntryType::Misc;
}

/// `Tensor flow in thin films Phys. Rev. B`: a container that runs from a sentence (a
/// lower-case word among at least three) into an abbreviated journal name, two or more dotted
/// abbreviations with only capitalised words among them, holds the title before that name.
pub(super) fn title_into_journal(c: &str) -> Option<(&str, &str)> {
    let ws: Vec<(usize, &str)> = c.match_indices(|ch: char| !ch.is_whitespace()).fold(Vec::new(), |mut v, (i, _)| {
        if i == 0 || c[..i].ends_with(char::is_whitespace) {
            let len = c[i..].find(char::is_whitespace).unwrap_or(c.len() - i);
            v.push((i, &c[i..i + len]));
        }
        v
    });
    let dotted = |w: &str| {
        w.contains('.')
            && w.chars().count() <= 14
            && w.chars().any(char::is_alphabetic)
            && w.split('.').filter(|p| !p.is_empty()).all(|p| p.starts_with(|ch: char| ch.is_uppercase()))
    };
    let capital = |w: &str| w.starts_with(|ch: char| ch.is_uppercase()) && w.chars().all(char::is_alphabetic);
    let mut k = ws.len();
    while k > 0 && (dotted(ws[k - 1].1) || capital(ws[k - 1].1)) {
        k -= 1;
    }
    while k < ws.len() && !dotted(ws[k].1) {
        k += 1;
    }
    let abbreviations = ws[k..].iter().filter(|w| dotted(w.1)).count();
    let head = &ws[..k];
    if abbreviations < 2 || head.len() < 3 || !head.iter().any(|w| w.1.starts_with(char::is_lowercase)) {
        return None;
    }
    Some((c[..ws[k].0].trim_end(), &c[ws[k].0..]))
}

/// Moves a volume written at the end of a container into `volume`: a roman numeral after a
/// volume word (`Econometrica, Vol. XV`, `Science, v. XXIII`) or a series letter glued to the
/// number of an abbreviated journal (`J. Opt. Soc. Am. A27`). A number already taken as the
/// volume then is the page.
pub(super) fn container_volume(c: String, r: &mut Reference) -> String {
    static ROMAN_VOL: LazyLock<Regex> =
        LazyLock::new(|| crate::reference::build_regex(r"^(.*?\S),\s+(?:[Vv]ol\.?|[Vv]\.)\s*([IVXLC]{1,7})\.?$"));
    static SERIES_VOL: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"^(.*\S)\s+([A-E]\d{1,3})$"));
    if let Some(m) = ROMAN_VOL.captures(&c) {
        let head = m[1].trim_end_matches([',', '.', ' ']).to_string();
        if r.volume.is_none() && head.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            r.volume = Some(m[2].to_string());
            return head;
        }
        return c;
    }
    if let Some(m) = SERIES_VOL.captures(&c) {
        let head = m[1].to_string();
        // Only abbreviated journal names: a full title may end in a code (`... Society B39`).
        let abbreviated = head.split(' ').filter(|w| w.ends_with('.')).count() >= 2;
        if abbreviated && head.split(' ').count() >= 2 && (r.volume.is_none() || r.pages.is_none()) {
            if let Some(v) = r.volume.take() {
                r.pages = Some(v);
            }
            r.volume = Some(m[2].to_string());
            return head;
        }
    }
    c
}

/// `Springer Berlin`, `Prentice Hall PTR New Jersey`: a publisher followed by a known city or
/// state with no comma between; returns (publisher, place).
pub(super) fn publisher_city(p: &str) -> Option<(String, String)> {
    let ws: Vec<&str> = p.split(' ').collect();
    for k in (1..=3).rev() {
        if ws.len() <= k {
            continue;
        }
        let tail = &ws[ws.len() - k..];
        let head = &ws[..ws.len() - k];
        let place = tail.join(" ");
        if place.chars().count() < 4
            || !tail.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            || place.contains(['.', ',', ':', '(', ')'])
        {
            continue;
        }
        // University names hold their city (`University of California San Francisco`).
        let institution = head.iter().any(|w| {
            let l = lower_word(w);
            l.starts_with("univ") || l.starts_with("institut") || l.starts_with("college") || l.starts_with("école")
        });
        let known = !institution && (word_class(&place.to_lowercase()) & W_PLACE != 0 || is_place_end(&place));
        let last_head = head.last().map(|w| lower_word(w)).unwrap_or_default();
        if known
            && !(word_class(&last_head) & W_FUNCTION != 0 || matches!(last_head.as_str(), "of" | "de" | "für" | "the"))
        {
            return Some((head.join(" ").trim_end_matches(',').to_string(), place));
        }
    }
    None
}

pub(super) fn strip_in(s: &str) -> &str {
    let t = s.trim_start();
    for p in ["In: ", "in: ", "In:", "IN: ", "In ", "in ", "IN "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim_start();
        }
    }
    t
}

pub(super) fn strip_marker(s: &str) -> &str {
    let t = s.trim();
    // `n°12`, `Nº 3`.
    for p in ["n°", "N°", "nº", "Nº"] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim_start_matches(['.', ' ']);
        }
    }
    let first = t.split(' ').next().unwrap_or("");
    let lw = first.trim_end_matches('.').to_lowercase();
    if lw.chars().all(|c| c.is_alphabetic()) && !lw.is_empty() && t.len() > first.len() {
        return t[first.len()..].trim();
    }
    if let Some(p) = t.find(|c: char| c.is_ascii_digit())
        && p > 0
        && t[..p].trim_end().ends_with('.')
    {
        return &t[p..];
    }
    t
}
