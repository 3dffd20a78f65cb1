//! The rules' readers: from a trigger word to the range of the name it introduces.

use super::*;

/// Bodies whose resolutions are cited by number.
pub(crate) const BODY_WORDS: &[&str] = &[
    "United",
    "Nations",
    "General",
    "Assembly",
    "Security",
    "Council",
    "Human",
    "Rights",
    "Plenipotentiary",
    "Conference",
    "World",
    "Health",
    "Economic",
    "Social",
];

pub(crate) fn read_resolution(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    // The issuing body before it: acronyms and the words of UN bodies.
    let mut start = tr.start;
    let mut has_body = false;
    for _ in 0..5 {
        match word_before(t, start) {
            Some((w, s)) if (acronym(w) || BODY_WORDS.contains(&w)) && t[s + w.len()..start].trim().is_empty() => {
                start = s;
                has_body = true;
            }
            _ => break,
        }
    }
    if t[tr.clone()].starts_with('r') && !has_body {
        return None;
    }
    let at = skip_space(t, tr.end);
    let at = if t[at..].starts_with("No. ") { skip_space(t, at + 4) } else { at };
    // A UN symbol: A/RES/68/167, S/RES/1373, A/HRC/RES/20/8.
    let b = t.as_bytes();
    let mut e = at;
    while e < b.len() && e - at < 30 && (b[e].is_ascii_alphanumeric() || b[e] == b'/') {
        e += 1;
    }
    let symbol = &t[at..e];
    if symbol.contains("RES/") && symbol.ends_with(|c: char| c.is_ascii_digit()) {
        return Some(start..year_in_parens(t, e));
    }
    // Numbers: 130, 40 and 52, 68/167; without a body two or more digits, not from 0
    // (`Resolution 0`, `Resolution 2` are levels of a wavelet or a map).
    let d = digits(t, at);
    if d == at || t[at..].starts_with('0') || !has_body && d - at < 2 {
        return None;
    }
    let mut end = d;
    if t[d..].starts_with('/') && digits(t, d + 1) > d + 1 {
        end = digits(t, d + 1);
    } else {
        end = number_list(t, at, false).unwrap_or(end);
    }
    if !plain_number_end(t, end) {
        return None;
    }
    Some(start..year_in_parens(t, end))
}

/// An ITU-style series number from `at`: `X.1205`, `Y.2060`, `E.408`, `H.264`, `G.711.1`.
pub(crate) fn itu_number(t: &str, at: usize) -> Option<usize> {
    let b = t.as_bytes();
    if at + 2 >= b.len() || !b[at].is_ascii_uppercase() {
        return None;
    }
    let dot = if b[at + 1] == b'.' {
        at + 1
    } else if b[at + 1].is_ascii_uppercase() && b.get(at + 2) == Some(&b'.') {
        at + 2
    } else {
        return None;
    };
    let mut e = digits(t, dot + 1);
    if e == dot + 1 {
        return None;
    }
    while e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
        e = digits(t, e + 1);
    }
    boundary_after(t, e).then_some(e)
}

pub(crate) fn read_itu(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    let mut at = skip_space(t, tr.end);
    if word.starts_with("Recommendation") {
        if !boundary_after(t, tr.end) {
            return None;
        }
        for body in ["ITU-T", "ITU-R", "ITU-D", "CCITT"] {
            if t[at..].starts_with(body) {
                at = skip_space(t, at + body.len());
                break;
            }
        }
    } else {
        for rec in ["Recommendations", "Recommendation", "Rec."] {
            if t[at..].starts_with(rec) {
                at = skip_space(t, at + rec.len());
                break;
            }
        }
    }
    let end = itu_number(t, at)?;
    Some(tr.start..end)
}

/// An EU number from `at`: `2013/40/EU`, `95/46/EC`, `2016/679`, `1049/2001`, `2005/222/JHA`.
pub(crate) fn eu_number(t: &str, at: usize) -> Option<usize> {
    let a = digits(t, at);
    if a == at || a - at > 4 || !t[a..].starts_with('/') {
        return None;
    }
    let c = digits(t, a + 1);
    if c == a + 1 || c - a - 1 > 4 {
        return None;
    }
    // One side is a year (two or four digits).
    let (x, y) = (&t[at..a], &t[a + 1..c]);
    if !(is_year(x) || x.len() == 2 || is_year(y)) {
        return None;
    }
    let mut end = c;
    if t[c..].starts_with('/') {
        let b = t.as_bytes();
        let mut e = c + 1;
        while e < b.len() && e - c <= 6 && (b[e].is_ascii_uppercase() || b[e] == b'(') {
            e += 1;
        }
        if e > c + 2 {
            end = e;
        }
    }
    boundary_after(t, end).then_some(end)
}

pub(crate) fn read_eu_act(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    let mut start = tr.start;
    for _ in 0..2 {
        match word_before(t, start) {
            Some((w, s))
                if matches!(w, "Council" | "Commission" | "Framework" | "Implementing" | "Delegated")
                    && t[s + w.len()..start].trim().is_empty() =>
            {
                start = s
            }
            _ => break,
        }
    }
    let mut at = skip_space(t, tr.end);
    if t[at..].starts_with('(') {
        let close = t[at..].find(')').filter(|&k| k <= 16)? + at;
        let inner = &t[at + 1..close];
        if !inner
            .split([',', ' '])
            .filter(|w| !w.is_empty())
            .all(|w| matches!(w, "EU" | "EC" | "EEC" | "Euratom" | "CFSP"))
        {
            return None;
        }
        at = skip_space(t, close + 1);
    }
    for no in ["No. ", "No ", "Nr. "] {
        if t[at..].starts_with(no) {
            at = skip_space(t, at + no.len());
            break;
        }
    }
    Some(start..eu_number(t, at)?)
}

/// Words in a name that make it a legal instrument.
pub(crate) const INSTRUMENT_WORDS: &[&str] = &[
    "Act",
    "Acts",
    "Code",
    "Convention",
    "Conventions",
    "Treaty",
    "Charter",
    "Constitution",
    "Regulation",
    "Regulations",
    "Directive",
    "Protocol",
    "Covenant",
    "Statute",
    "Statutes",
    "Rules",
    "Law",
    "Agreement",
    "Declaration",
    "Decision",
    "Resolution",
    "Recommendation",
    "Ordinance",
    "Amendment",
];

/// Lower-case instrument nouns that refer back to a named instrument (`Article 1 of the treaty`).
pub(crate) const INSTRUMENT_NOUNS: &[&str] = &[
    "treaty",
    "convention",
    "constitution",
    "charter",
    "covenant",
    "directive",
    "regulation",
    "regulations",
    "statute",
];

pub(crate) fn read_provision(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || (!t[tr.clone()].ends_with('.') && !boundary_after(t, tr.end)) {
        return None;
    }
    let word = &t[tr.clone()];
    let roman = matches!(word, "Title" | "Chapter");
    let at = skip_space(t, tr.end);
    let at = if t[at..].starts_with("No. ") { skip_space(t, at + 4) } else { at };
    let num_end = number_list(t, at, roman)?;
    let after = skip_space(t, num_end);
    // `Art. 5 GDPR`, `Article 8 ECHR`: an acronym right after.
    if let Some((w, e)) = word_at(t, after)
        && acronym(w)
        && w.len() >= 3
    {
        return Some(tr.start..e);
    }
    let rest = &t[after..];
    let of = ["of the ", "of ", "in the "].iter().find(|p| rest.starts_with(**p))?;
    let name_at = skip_space(t, after + of.len());
    if let Some((w, e)) = word_at(t, name_at)
        && INSTRUMENT_NOUNS.contains(&w)
        && of.starts_with("of the")
    {
        return Some(tr.start..e);
    }
    let (end, _) = name_after(t, name_at, 10)?;
    let name = &t[name_at..end];
    let instrument = name.split([' ', '-']).any(|w| INSTRUMENT_WORDS.contains(&w))
        || name.split(' ').any(|w| acronym(w) && w.len() >= 3);
    instrument.then_some(tr.start..end)
}

pub(crate) fn read_rfc(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let at = if t[tr.end..].starts_with(|c: char| c.is_ascii_digit()) { tr.end } else { skip_space(t, tr.end) };
    if at == tr.end && !t[tr.end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = number_list(t, at, false)?;
    // RFCs cited today have three or more digits; `RFC2`, `RFC4` are genes.
    let first = digits(t, at);
    let fewest = if t[tr.clone()].starts_with("BCP") { 1 } else { 3 };
    ((fewest..=5).contains(&(first - at)) && plain_number_end(t, end)).then_some(tr.start..end)
}

/// ISO speeds a camera sets, which are not standards.
pub(crate) const FILM_SPEEDS: &[&str] = &["100", "200", "400", "800", "1600", "3200", "6400", "12800", "25600"];

pub(crate) fn read_standard(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    let b = t.as_bytes();
    // Joint bodies: ISO/IEC, ISO/IEC/IEEE, BS EN, ANSI/ISA.
    let mut e = tr.end;
    while e < b.len() && b[e] == b'/' {
        let mut k = e + 1;
        while k < b.len() && k - e <= 5 && b[k].is_ascii_uppercase() {
            k += 1;
        }
        if k == e + 1 {
            break;
        }
        e = k;
    }
    if !boundary_after(t, e) && !t[e..].starts_with('-') {
        return None;
    }
    let mut at = skip_space(t, e);
    if word == "IEC" && tr.start >= 4 && t[..tr.start].ends_with("ISO/") {
        return None; // read from ISO
    }
    // Document types and series between body and number.
    let series: &[&str] = match word {
        "NIST" => &["SP ", "Special Publication ", "IR ", "FIPS "],
        "ETSI" => &["EN ", "TS ", "TR ", "ES ", "EG ", "GS "],
        "FIPS" => &["PUB ", "Pub. ", "Publication "],
        "IEEE" => &["Std ", "Std. "],
        "ISO" | "IEC" => &["TR ", "TS ", "Guide "],
        "BS" => &["EN ", "ISO "],
        _ => &[],
    };
    let mut had_series = false;
    for s in series {
        if t[at..].starts_with(s) {
            at = skip_space(t, at + s.len());
            had_series = true;
            break;
        }
    }
    if word == "NIST" && !had_series {
        return None;
    }
    if word == "ASTM" {
        // A letter and digits: D6400, E84.
        if at < b.len() && b[at].is_ascii_uppercase() {
            let d = digits(t, at + 1);
            if d > at + 1 && boundary_after(t, d) {
                return Some(tr.start..d);
            }
        }
        return None;
    }
    if word == "ANSI" && at < b.len() && b[at].is_ascii_uppercase() {
        // ANSI X9.62
        let mut k = at + 1;
        while k < b.len() && b[k].is_ascii_uppercase() {
            k += 1;
        }
        at = k;
    }
    let d = digits(t, at);
    let n = &t[at..d];
    if n.len() < 3 || (is_year(n) && !t[d..].starts_with(['.', '-', ':'])) {
        return None;
    }
    if word == "ISO" && !had_series && FILM_SPEEDS.contains(&n) && !t[d..].starts_with(':') {
        return None;
    }
    let mut end = d;
    // Parts, editions, amendments: 27001:2013, 800-53, 802.11ac, 140-2, 303 645.
    for _ in 0..4 {
        let rest = &t[end..];
        if (rest.starts_with(':') || rest.starts_with('-') || rest.starts_with('.'))
            && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            end = digits(t, end + 1);
            while end < b.len() && b[end].is_ascii_lowercase() && end - d < 16 {
                end += 1;
            }
        } else if (word == "ETSI" || word == "EN" && n.len() == 3)
            && rest.starts_with(' ')
            && digits(t, end + 1) == end + 4
        {
            // Space-grouped numbers: 303 645.
            end += 4;
        } else {
            break;
        }
    }
    if matches!(word, "BS" | "DIN" | "EN") && !t[end..].starts_with(['.', ',', ';', ')', ' ']) && end < t.len() {
        return None;
    }
    (boundary_after(t, end) && plain_number_end(t, end)).then_some(tr.start..end)
}

pub(crate) fn read_us_statute(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    if matches!(word, "Public Law" | "Pub. L." | "P.L.") {
        let mut at = skip_space(t, tr.end);
        for no in ["No. ", "No "] {
            if t[at..].starts_with(no) {
                at = skip_space(t, at + no.len());
            }
        }
        let a = digits(t, at);
        if a == at || a - at > 3 || !t[a..].starts_with('-') {
            return None;
        }
        let c = digits(t, a + 1);
        return (c > a + 1 && boundary_after(t, c)).then_some(tr.start..c);
    }
    // `18 U.S.C. § 1030`, `45 CFR 164.502`: a title number before, a section after.
    if !t[tr.end..].starts_with(' ') && !t[tr.end..].starts_with('\u{a0}') && tr.end < t.len() {
        return None;
    }
    let (title, start) = word_before(t, tr.start)?;
    if !title.bytes().all(|c| c.is_ascii_digit()) || title.len() > 2 {
        return None;
    }
    let mut at = skip_space(t, tr.end);
    for s in ["§§", "§", "sec.", "part", "Part", "pt."] {
        if t[at..].starts_with(s) {
            at = skip_space(t, at + s.len());
            break;
        }
    }
    let mut end = digits(t, at);
    if end == at {
        return None;
    }
    let b = t.as_bytes();
    loop {
        if end + 1 < b.len() && matches!(b[end], b'.' | b'-') && b[end + 1].is_ascii_digit() {
            end = digits(t, end + 1);
        } else if end < b.len() && b[end] == b'(' {
            match t[end..].find(')').filter(|&k| (2..=5).contains(&k)) {
                Some(k) if t[end + 1..end + k].bytes().all(|x| x.is_ascii_alphanumeric()) => end += k + 1,
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(start..end)
}

/// Capitalised words before `Act` that make a phrase, not a statute.
pub(crate) const NOT_ACTS: &[&str] = &[
    "Speech",
    "Balancing",
    "Class",
    "Riot",
    "Juggling",
    "Disappearing",
    "Vanishing",
    "Final",
    "First",
    "Second",
    "Third",
    "Last",
    "Criminal",
    "Overt",
    "Single",
];

pub(crate) fn read_named_act(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    // `Act Theory`, `Act Now`: the name goes on, so `Act` is not its end.
    let after = skip_space(t, tr.end);
    if tr.end < t.len() && t.as_bytes()[tr.end] == b' ' && word_at(t, after).is_some_and(|(w, _)| capitalised(w)) {
        return None;
    }
    let (start, caps) = name_before(t, tr.start, 10)?;
    if caps.len() == 1 && NOT_ACTS.contains(&caps[0]) {
        return None;
    }
    let mut end = tr.end;
    if t[end..].starts_with(" of ") {
        let d = digits(t, end + 4);
        if d == end + 8 && is_year(&t[end + 4..d]) {
            end = d;
        }
    }
    Some(start..end)
}

pub(crate) fn read_bill(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let at = skip_space(t, tr.end);
    let d = digits(t, at);
    if d == at || d - at > 5 || !boundary_after(t, d) || !plain_number_end(t, d) {
        return None;
    }
    if &t[tr.clone()] == "S." {
        // `Jones, S. 2010` is an author and a year, `347 U.S. 483` a law report; a lone
        // `S.` needs the context of a bill.
        let lone = tr.start == 0 || matches!(t.as_bytes()[tr.start - 1], b' ' | b'(');
        if !lone || is_year(&t[at..d]) || !near_legislation(t, tr.start) || t[..tr.start].trim_end().ends_with(',') {
            return None;
        }
    }
    Some(tr.start..d)
}

pub(crate) fn read_executive(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let word = &t[tr.clone()];
    if word.ends_with('-') {
        let d = digits(t, tr.end);
        return (d > tr.end && d - tr.end <= 3 && boundary_after(t, d)).then_some(tr.start..d);
    }
    if !word.ends_with('.') && !boundary_after(t, tr.end) {
        return None;
    }
    let mut at = skip_space(t, tr.end);
    for no in ["No. ", "No ", "Number ", "#"] {
        if t[at..].starts_with(no) {
            at = skip_space(t, at + no.len());
            break;
        }
    }
    let d = digits(t, at);
    let n = d - at;
    let ok = match word {
        "E.O." | "EO" => n == 5,
        "Executive Order" | "Executive Orders" => (3..=5).contains(&n),
        _ => (1..=3).contains(&n),
    };
    (ok && boundary_after(t, d) && plain_number_end(t, d)).then_some(tr.start..d)
}

/// Capitalised words before `Convention` that make a custom or a meeting, not a treaty.
pub(crate) const NOT_TREATIES: &[&str] = &[
    "Naming",
    "Annual",
    "National",
    "Sign",
    "Notation",
    "Coding",
    "Style",
    "Calling",
    "Labeling",
    "Labelling",
    "Republican",
    "Democratic",
    "State",
    "Party",
    "Comic",
    "Honda",
    "Company",
    "Patients",
    "Patient",
];

pub(crate) fn read_treaty(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || !boundary_after(t, tr.end) {
        return None;
    }
    let word = &t[tr.clone()];
    // A name after it: `Convention on Cybercrime`, `Treaty of Lisbon`, `Charter of the United Nations`.
    let rest = &t[tr.end..];
    let mut end = None;
    let needs_after = matches!(word, "Protocol" | "Agreement");
    for p in [" on ", " of ", " for ", " against ", " to ", " between ", " relating to ", " concerning "] {
        // `Protocol for Metadata Harvesting` is a technical protocol, `Agreement between`
        // a contract: treaties of these two kinds are `on`, `to`, `of` or `against` something.
        if needs_after && matches!(p, " for " | " between ") {
            continue;
        }
        if rest.starts_with(p) {
            let at = skip_space(t, tr.end + p.len());
            if let Some((e, caps)) = name_after(t, at, 12)
                && caps >= 1
            {
                end = Some(e);
            }
            break;
        }
    }
    // `the Convention Committee`: the name goes on, so this is another body.
    if end.is_none() && rest.starts_with(' ') && word_at(t, skip_space(t, tr.end)).is_some_and(|(w, _)| capitalised(w))
    {
        return None;
    }
    let before = name_before(t, tr.start, 6).filter(|(_, caps)| !(caps.len() == 1 && NOT_TREATIES.contains(&caps[0])));
    match (before, end) {
        (Some((s, _)), Some(e)) => Some(s..e),
        (None, Some(e)) => Some(tr.start..e),
        (Some((s, _)), None) if !needs_after => Some(s..tr.end),
        _ => None,
    }
}

/// Research nouns that make `A v. B` a comparison, not a case.
pub(crate) const NOT_PARTIES: &[&str] = &[
    "Model",
    "Group",
    "Condition",
    "Treatment",
    "Control",
    "Version",
    "Type",
    "Figure",
    "Table",
    "Panel",
    "Experiment",
    "Study",
    "Phase",
    "Wave",
    "Sample",
    "Baseline",
    "Day",
    "Week",
    "Year",
    "Trial",
    "Test",
];

pub(crate) fn read_case(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    // The trigger includes the spaces around `v.`.
    let v_start = tr.start + 1;
    let (start, left) = name_before(t, v_start, 6)?;
    let (end, _) = name_after(t, tr.end, 8)?;
    let right: Vec<&str> = t[tr.end..end].split(' ').filter(|w| capitalised(w)).collect();
    // Parties are names: no digits (`TPS10`), no lone two-letter codes (`WT`, `KO`), which
    // label the arms of a comparison.
    let party = |ws: &[&str]| -> bool {
        let Some(last) = ws.last() else { return false };
        let code = ws.len() == 1 && last.len() <= 2 && acronym(last);
        !code
            && !ws.iter().any(|w| NOT_PARTIES.contains(w) || w.contains(|c: char| c.is_ascii_digit()))
            && (last.len() > 1 || *last == "R")
    };
    let first_right = right.first().copied().unwrap_or("");
    if !party(&left) || !party(&right) || first_right.len() < 2 {
        return None;
    }
    if right.len() == 1 && left.len() == 1 && left[0].len() == 1 && left[0] != "R" {
        return None;
    }
    Some(start..end)
}

pub(crate) fn read_cve(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) {
        return None;
    }
    let y = digits(t, tr.end);
    if y != tr.end + 4 || !t[y..].starts_with('-') {
        return None;
    }
    let n = digits(t, y + 1);
    (n >= y + 5 && boundary_after(t, n)).then_some(tr.start..n)
}

/// File formats and software names that stand before `document` without issuing it.
const FILE_FORMATS: &[&str] = &["PDF", "XML", "HTML", "JSON", "DOC", "DOCX", "TXT", "CSV", "RTF", "ODT", "TEI", "MS"];

/// A document symbol from `at`: letters, digits, `/`, `.` and `-` inside (`SCCR/24/8`,
/// `A/HRC/27/37`, `5442/14`, `C12/47`, `9`). Returns its end and how many `/`-separated parts it has.
fn document_symbol(t: &str, at: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut e = at;
    while e < b.len() && e - at < 40 && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'/' | b'.' | b'-')) {
        e += 1;
    }
    // A full stop, hyphen or slash at the end belongs to the sentence, not to the symbol.
    while e > at && matches!(b[e - 1], b'.' | b'-' | b'/') {
        e -= 1;
    }
    let symbol = &t[at..e];
    if symbol.is_empty() || !symbol.bytes().any(|c| c.is_ascii_digit()) || !boundary_after(t, e) {
        return None;
    }
    Some((e, symbol.split('/').count()))
}

pub(crate) fn read_official_document(t: &str, tr: Range<usize>) -> Option<Range<usize>> {
    if !boundary_before(t, tr.start) || (!t[tr.clone()].ends_with('.') && !boundary_after(t, tr.end)) {
        return None;
    }
    // The issuing body: acronyms and the words of assemblies before the trigger.
    let mut start = tr.start;
    let mut has_body = false;
    for _ in 0..4 {
        match word_before(t, start) {
            Some((w, s))
                if (acronym(w) && !FILE_FORMATS.contains(&w) || BODY_WORDS.contains(&w))
                    && t[s + w.len()..start].trim().is_empty() =>
            {
                start = s;
                has_body = true;
            }
            _ => break,
        }
    }
    let mut at = skip_space(t, tr.end);
    for no in ["No. ", "Nos. ", "No "] {
        if t[at..].starts_with(no) {
            at = skip_space(t, at + no.len());
            break;
        }
    }
    let (end, parts) = document_symbol(t, at)?;
    let symbol = &t[at..end];
    // Without a body only a symbol of three or more parts names a document: `document 2` of a
    // study is its own appendix, `document A/68/98` a UN document.
    let symbol_like = parts >= 3 && symbol.starts_with(|c: char| c.is_ascii_uppercase());
    if !has_body && !symbol_like || is_year(symbol) || symbol.starts_with('0') {
        return None;
    }
    let end = if parts == 1 && symbol.bytes().all(|c| c.is_ascii_digit()) {
        number_list(t, at, false).unwrap_or(end)
    } else {
        end
    };
    if !plain_number_end(t, end) {
        return None;
    }
    Some(start..year_in_parens(t, end))
}
