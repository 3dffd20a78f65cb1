//! One reference string → fields.
//!
//! Reference strings come in dozens of styles, so the parser does not match whole styles.
//! It peels off what is unambiguous wherever it stands (citation number, DOI, URL, access
//! date), scans the author list at the head and takes the year that follows it when there is
//! one. The rest (title, container, volume, issue, pages, publisher, place, editors) is
//! labelled segment by segment by [`super::body`], a hand-written scanner and a small
//! Viterbi decoder with explainable weights, so one odd entry degrades one field rather than
//! the whole parse.

use super::lexical::{opt, pages_norm, tidy};
use super::names::{AuthorRegion, end_at_unnamed_part, is_initials, parse_names, scan_author_region};
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{EntryType, Reference};
use regex::Regex;
use std::sync::LazyLock;

re!(
    NUMBER_PREFIX,
    r"^(?:\[\s*[A-Za-z]{0,4}\d{1,4}[a-z]?\s*\]|\[[A-Za-z][^\[\]\s]{1,30}\]|\(\d{1,4}\)|\d{1,4}\s*[.)\]]|\d{1,3}\s*-(?:\s|$)|[•·■□☐▪*–-])\s*"
);
re!(DOI, r"(?i)(?:\b(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*[:=]?\s*|\bDOI\s+)?\b(10\.\d{3,9}/[^\s]+)");
re!(URL, r"(?i)(?:<\s*)?\b(?:(?:https?|ftp)://|www\.)[^\s<>]+");
re!(
    URL_LEAD,
    r"(?i)(?:\b(?:retrieved|available|accessible|downloaded|consulted|abgerufen|consulté)(?:\s+online)?(?:\s+(?:from|at|on|von|à l[’']adresse|unter))?\s*:?\s*|\b(?:url|online|web|en ligne|internet)\s*:\s*|\[\s*(?:online|internet|en ligne)\s*\]\s*[.:]?\s*|\bonline\s*[:.]?\s*)$"
);
re!(
    ACCESSED,
    r"(?i)[\[(]?\s*\b(?:last\s+)?(?:accessed|acessed|accessed\s+on|retrieved|viewed|consulted|cited|visited|zugriff\s+am|abgerufen\s+am|consulté\s+le|last\s+modified|date\s+of\s+access)\s*(?:on\s+)?:?\s*((?:[^()\[\].,;]|[.,]\s?\d|\.\s?(?:\d|[A-Z][a-z]))*?{YEAR})\s*[\])]?(?:\s*,?\s*(?:from|at)\b:?)?"
);
re!(
    JOURNAL_ONLY,
    r"^(?:({YEAR})\s+)?([^\d,;:()\[\]{}<>\x22“”‘’']+?)\s+(\d{1,4}[A-Z]?)\s*,?\s*(?:\(\s*({YEAR})\s*\)\s*)?[,:]?\s*([A-Z]?\d+(?:\s*[–-]\s*\d+)?)\s*(?:\(\s*\d+\s*pp\s*\)\s*)?\.?$"
);
re!(FRENCH_NAME, r"^(\p{Lu}[\p{Lu}'’\- ]*\p{Lu})\s*\(((?:\p{Lu}\p{Ll}?\.\s?-?\s?)+)\)");
re!(YEAR, r"\b({YEAR})([a-z])?\b");
re!(HEAD_YEAR_PAREN, r"^[(\[]\s*([^()\[\]]{0,30}?)\b({YEAR})([a-z])?\b([^()\[\]]{0,30})[)\]]\s*[.,:;]?\s*");
re!(
    HEAD_YEAR_BARE,
    &format!(
        r"^({{YEAR}})([a-z])?(?:\s*[/–-]\s*\d{{2,4}})?(?:,\s*(?:{})\.?(?:\s+\d{{1,2}})?)?\s*(?:[.,:;)]\s*|$)",
        crate::lexicon::month_alternation()
    )
);
re!(
    HEAD_NODATE,
    r"(?i)^[(\[]?\s*(n\.\s?d\.?|s\.\s?d\.?|o\.\s?j\.?|in press|forthcoming|im druck|sous presse|en prensa|no date|undated)\s*[)\]]?\s*[.,:;]?\s*"
);
re!(
    ROLE_PAREN,
    r"(?i)^[(\[]\s*(?:eds?|editors?|hrsg|hg|dir|éds?|coords?|comps?|orgs?|a cura di|red|ed\. lit|trans|tr)\.?\s*[)\]]\s*[.,:;]?\s*"
);
re!(OTHER_PAREN, r"^[(\[][^()\[\]]{1,40}[)\]]\s*[.,:;]?\s*");
re!(ROLE_WORD, r"(?i)^(?:editors?|eds?|hrsg|hg|dir|éds?)\b\.?\s*[.,:;]?\s*");
re!(
    MONTH,
    &format!(
        r"(?i)^(?:{}|{}|{})\.?$",
        crate::lexicon::month_alternation(),
        crate::lexicon::capitalised_alternation(&[&crate::lexicon::SEASONS]),
        crate::lexicon::FOREIGN_MONTHS.iter().map(regex::escape).collect::<Vec<_>>().join("|")
    )
);

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // The words `split_whitespace` finds, scanned bytewise: an ASCII byte is tested by value
    // (the characters `char::is_whitespace` accepts), any other character decoded where it
    // starts.
    let b = s.as_bytes();
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = if b[i].is_ascii() {
            (matches!(b[i], b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'), 1)
        } else {
            s[i..].chars().next().map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
        };
        if space {
            if let Some(start) = word_start.take() {
                push_word(&mut out, &s[start..i]);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
        i += len;
    }
    if let Some(start) = word_start {
        push_word(&mut out, &s[start..]);
    }
    out
}

/// Appends a word, after one space unless it is the first.
fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Joins words hyphenated at a line end: `Parti-\nsan` → `Partisan`, but `Arel-\nBundock` →
/// `Arel-Bundock` and `12-\n34` → `12-34` (the hyphen stays before a capital or a digit).
pub(crate) fn join_wrapped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('-') {
        let (head, tail) = rest.split_at(p);
        let after = &tail[1..];
        let ws_len = after.len() - after.trim_start_matches([' ', '\t', '\r']).len();
        let broken = after[ws_len..].starts_with('\n');
        let before = head.chars().next_back();
        if broken && before.is_some_and(|c| c.is_alphanumeric()) {
            let next = after[ws_len + 1..].trim_start();
            let skipped = after.len() - next.len();
            out.push_str(head);
            let joins =
                before.is_some_and(|c| c.is_alphabetic()) && next.chars().next().is_some_and(|c| c.is_lowercase());
            if !joins {
                out.push('-');
            }
            rest = &after[skipped..];
        } else {
            out.push_str(head);
            out.push('-');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Removes `[a, b)` from `s`, keeping a space in its place.
fn cut(s: &mut String, a: usize, b: usize) {
    s.replace_range(a..b, " ");
}

fn extract_doi(s: &mut String, r: &mut Reference) {
    if let Some(m) = DOI.captures(s) {
        let whole = m.get(0).map(|x| (x.start(), x.end())).unwrap_or((0, 0));
        let d = m.get(1).map(|x| x.as_str()).unwrap_or("");
        let mut d = d.trim_end_matches(['.', ',', ';', ']', '>', '"', '”']).to_string();
        if d.ends_with(')') && d.matches('(').count() < d.matches(')').count() {
            d.pop();
        }
        let start = whole.0;
        let end = whole.0 + (s[whole.0..].find(&d).map(|p| p + d.len()).unwrap_or(whole.1 - whole.0));
        r.doi = Some(d);
        // Remove a dangling `doi:`/`https://doi.org/` label left of the match as well.
        let mut a = start;
        let before = s[..a].trim_end();
        let bl = before.to_lowercase();
        for lab in ["doi:", "doi", "https://doi.org/", "http://dx.doi.org/", "[doi]"] {
            if bl.ends_with(lab) {
                a = before.len() - lab.len();
                break;
            }
        }
        cut(s, a, end.min(s.len()));
    }
}

fn extract_urls(s: &mut String, r: &mut Reference) {
    while let Some(m) = URL.find(s) {
        let (a, b) = (m.start(), m.end());
        let mut u = m.as_str().trim_start_matches('<').trim().to_string();
        while u.ends_with(['.', ',', ';', '>', ']', '"', '”', '\''])
            || (u.ends_with(')') && u.matches('(').count() < u.matches(')').count())
        {
            u.pop();
        }
        if r.url.is_none() && !u.is_empty() {
            r.url = Some(u);
        }
        // Drop `Retrieved from`, `Available at:` just before the URL.
        let lead = URL_LEAD.find(&s[..a]).map(|x| x.start()).unwrap_or(a);
        cut(s, lead, b);
    }
    let lower = s.to_lowercase();
    let access_cue =
        ["access", "acess", "retriev", "viewed", "consult", "cited", "visited", "zugriff", "abgerufen", "modified"]
            .iter()
            .any(|k| lower.contains(k));
    let had_url = r.url.is_some();
    if !access_cue {
        return;
    }
    if let Some(c) = ACCESSED.captures(s)
        && let (Some(w), Some(d)) = (c.get(0), c.get(1))
    {
        r.accessed = Some(d.as_str().trim().to_string());
        let (a, b) = (w.start(), w.end());
        cut(s, a, b);
    }
    // A leftover `Retrieved from` / `[online]` label with nothing after it.
    if !had_url {
        return;
    }
    let t = s.trim_end().trim_end_matches(['.', ',', ';']).to_string();
    if let Some(m) = URL_LEAD.find(&t)
        && m.start() > 0
    {
        s.truncate(m.start());
    }
}

/// Strips HTML-like tags (`<italic>`).
fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    static TAG: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex(r"</?[a-zA-Z][a-zA-Z0-9-]*\s*/?>"));
    TAG.replace_all(s, "").into_owned()
}

fn year_value(y: &str, suffix: Option<&str>) -> String {
    let mut v = y.to_string();
    if let Some(sfx) = suffix {
        v.push_str(sfx);
    }
    v
}

/// Reads the year that follows an author list: `(2001).`, `2007.`, `(2011, May).`, `(n.d.)`.
/// In tokenised text (`Birch , A . ( 2003 ) .`) the period of the last initial is set off by
/// a space and is left before the year; it is read over.
fn head_year(rest: &str) -> Option<(String, usize)> {
    let lead = match rest.as_bytes() {
        [b'.' | b',' | b';' | b':', b' ', ..] => 1 + rest[1..].len() - rest[1..].trim_start().len(),
        _ => 0,
    };
    head_year_at(&rest[lead..]).map(|(y, used)| (y, used + lead))
}

/// [`head_year`] at the start of `rest`.
fn head_year_at(rest: &str) -> Option<(String, usize)> {
    if let Some(c) = HEAD_YEAR_PAREN.captures(rest) {
        let y = year_value(c.get(2)?.as_str(), c.get(3).map(|m| m.as_str()));
        return Some((y, c.get(0)?.end()));
    }
    if let Some(c) = HEAD_YEAR_BARE.captures(rest) {
        let y = year_value(c.get(1)?.as_str(), c.get(2).map(|m| m.as_str()));
        return Some((y, c.get(0)?.end()));
    }
    if let Some(c) = HEAD_NODATE.captures(rest) {
        let v = c.get(1)?.as_str().to_lowercase();
        let v = if v.starts_with('n') && v.contains('d') && !v.contains("date") { "n.d.".to_string() } else { v };
        return Some((v, c.get(0)?.end()));
    }
    None
}

/// Finds a publication year anywhere in `s`; prefers one not inside a range and late in the string.
fn find_year(s: &str) -> Option<(String, usize, usize)> {
    let mut best: Option<(String, usize, usize, i32)> = None;
    for c in YEAR.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let before = s[..m.start()].trim_end();
        let after = &s[m.end()..];
        let mut score = 0;
        if before.ends_with('(') || before.ends_with(',') || before.ends_with('.') || before.is_empty() {
            score += 2;
        }
        if after.starts_with(')')
            || after.starts_with('.')
            || after.starts_with(',')
            || after.starts_with(';')
            || after.trim().is_empty()
        {
            score += 2;
        }
        if before.ends_with(['-', '–', '/']) || after.starts_with(['-', '–']) {
            score -= 3;
        }
        if before.ends_with(':') || after.starts_with(':') {
            score -= 1;
        }
        // A page or volume number looks like a year only rarely; month names make it sure.
        let prev_word = before.rsplit([' ', '(']).next().unwrap_or("");
        if MONTH.is_match(prev_word.trim_end_matches(',')) {
            score += 2;
        }
        if prev_word.eq_ignore_ascii_case("pp.")
            || prev_word.eq_ignore_ascii_case("p.")
            || prev_word.eq_ignore_ascii_case("vol.")
            || prev_word.eq_ignore_ascii_case("no.")
        {
            score -= 5;
        }
        let y = year_value(c.get(1).map(|x| x.as_str()).unwrap_or(""), c.get(2).map(|x| x.as_str()));
        if best.as_ref().is_none_or(|b| score >= b.3) {
            best = Some((y, m.start(), m.end(), score));
        }
    }
    best.filter(|b| b.3 >= 0).map(|b| (b.0, b.1, b.2))
}

/// Parses one reference string into fields; see [`crate::reference::parse_reference`].
pub(crate) fn parse(raw_in: &str) -> (Reference, Vec<Diagnostic>) {
    parse_with(raw_in, &mut super::body::parse_body)
}

/// [`parse`] with the body (what follows the authors and the head year) handed to `body`,
/// which fills the fields it finds there: the body labeller, or training code that needs the
/// body as the parser sees it.
pub(crate) fn parse_with(
    raw_in: &str,
    body: &mut dyn FnMut(&str, &mut Reference, bool),
) -> (Reference, Vec<Diagnostic>) {
    let raw = collapse_ws(raw_in);
    let mut r = Reference { raw: raw.clone(), ..Default::default() };
    let mut diags = Vec::new();
    if raw.is_empty() {
        diags.push(Diagnostic::warning(Code::ReferenceEmpty, "the reference string is empty"));
        return (r, diags);
    }
    let mut s = if raw_in.contains("-\n") || raw_in.contains("-\r\n") {
        strip_tags(&collapse_ws(&join_wrapped(raw_in)))
    } else {
        strip_tags(&raw)
    };
    if let Some(m) = NUMBER_PREFIX.find(&s) {
        // `2005. Title` is a year, not a number: the prefix regex allows at most four digits,
        // so keep it when it reads as a year.
        let digits: String = m.as_str().chars().filter(|c| c.is_ascii_digit()).collect();
        if !(digits.len() == 4 && YEAR.is_match(&digits)) {
            let e = m.end();
            s.replace_range(..e, "");
        }
    } else {
        // `62 Cross, M. Drug companies ...`: a bare number before a capitalised name.
        let nd = s.bytes().take_while(|b| b.is_ascii_digit()).count();
        if (1..=3).contains(&nd)
            && s[nd..].starts_with(' ')
            && s[nd..].trim_start().chars().next().is_some_and(|c| c.is_uppercase())
        {
            let rest = s[nd..].trim_start().to_string();
            s = rest;
        }
    }
    // `———.` repeats the previous entry's authors: what follows is the title.
    let mut repeated = false;
    {
        let t = s.trim_start();
        let d = t.len() - t.trim_start_matches(['—', '–', '-', '_', '‒', '―']).len();
        if d >= 2 && t[d..].trim_start().starts_with(['.', ',']) {
            let rest = t[d..].trim_start()[1..].to_string();
            s = rest;
            repeated = true;
        } else if d >= 3 && t[d..].starts_with(' ') {
            let rest = t[d..].trim_start().to_string();
            s = rest;
            repeated = true;
        }
    }
    extract_doi(&mut s, &mut r);
    extract_urls(&mut s, &mut r);
    drop_inner_roles(&mut s);
    let mut s = collapse_ws(&s);
    if let Some(f) = french_names(&s) {
        s = f;
    }
    if !repeated && r.doi.is_none() && r.url.is_none() && journal_only(&s, &mut r) {
        return (r, diags);
    }
    let region = if repeated && head_year(s.trim_start()).is_none() {
        None
    } else {
        scan_author_region(&s).map(|reg| imprint_backoff(&s, end_at_unnamed_part(&s, reg)))
    };
    let mut resume = 0;
    let mut comma_style = false;
    if let Some(reg) = region {
        let (people, et_al) = parse_names(&s[..reg.end]);
        r.authors = people;
        r.et_al = et_al;
        resume = reg.resume;
        comma_style = s[..reg.end].trim_end().ends_with(',');
    }
    let mut rest = s[resume..].trim_start();
    // Roles and acronyms in brackets after the names: `(Eds.)`, `(Cal/EPA)`.
    for _ in 0..2 {
        if let Some(m) = ROLE_PAREN.find(rest) {
            if r.editors.is_empty() {
                r.editors = r.authors.clone();
            }
            rest = rest[m.end()..].trim_start();
            continue;
        }
        if !r.authors.is_empty()
            && let Some(m) = ROLE_WORD.find(rest)
            && m.end() > 0
            && rest[..m.end()].trim_end().ends_with(['.', ','])
            && r.editors.is_empty()
        {
            r.editors = r.authors.clone();
            rest = &rest[m.end()..];
            continue;
        }
        if head_year(rest).is_none()
            && let Some(m) = OTHER_PAREN.find(rest)
            && head_year(&rest[m.end()..]).is_some()
        {
            rest = &rest[m.end()..];
            continue;
        }
        break;
    }
    if (region.is_some() || rest.len() < s.len())
        && let Some((y, used)) = head_year(rest)
    {
        r.year = Some(y);
        rest = &rest[used..];
        comma_style = false;
    }
    body(rest, &mut r, comma_style);
    if r.year.is_none()
        && let Some((y, _, _)) = find_year(&s)
    {
        r.year = Some(y);
    }
    // A title that is only the year or a number is not a title.
    if r.title.as_deref().is_some_and(|t| !t.chars().any(|c| c.is_alphabetic())) {
        r.title = None;
    }
    if r.authors.is_empty() && r.title.is_none() {
        diags.push(Diagnostic::warning(
            Code::ReferenceUnparsed,
            format!("could not find authors or a title in `{}`", short(&raw)),
        ));
    } else if r.year.is_none() {
        diags.push(Diagnostic::info(Code::ReferenceWithoutYear, format!("no year found in `{}`", short(&raw))));
    }
    let _ = is_initials;
    (r, diags)
}

/// `Eur. J. Sci. 12 (2003) 101-9`, `2011 Harbour Engineering 5 040102`: a journal name followed
/// only by its volume, year and page, as in a journal's running head or a physics reference
/// without authors. The name has no comma, opens with a capital, holds only capitalised,
/// abbreviated or function words, does not end in initials (`Smith J.`) and joins no initials
/// with `and`.
fn journal_only(s: &str, r: &mut Reference) -> bool {
    let Some(m) = JOURNAL_ONLY.captures(s) else {
        return false;
    };
    let (Some(head), Some(vol), Some(page)) = (m.get(2), m.get(3), m.get(5)) else {
        return false;
    };
    let year = m.get(1).or(m.get(4));
    let ws: Vec<&str> = head.as_str().split_whitespace().collect();
    let function =
        |w: &str| matches!(w, "of" | "and" | "in" | "on" | "the" | "for" | "&" | "de" | "des" | "der" | "und" | "-");
    let shaped = year.is_some()
        && (1..=8).contains(&ws.len())
        && ws[0].starts_with(char::is_uppercase)
        && ws.iter().all(|w| w.starts_with(char::is_uppercase) || function(w))
        && ws.iter().any(|w| !function(w))
        && !ws.last().is_some_and(|w| is_initials(w))
        // `F. Ng and M. Orr Sci. Rev.`: names joined by `and` before the journal.
        && !ws.windows(2).any(|p| matches!(p[0], "and" | "&") && is_initials(p[1]));
    if !shaped {
        return false;
    }
    r.container = opt(tidy(head.as_str()));
    r.volume = Some(vol.as_str().to_string());
    r.year = year.map(|y| y.as_str().to_string());
    r.pages = opt(pages_norm(page.as_str()));
    r.kind = EntryType::Article;
    true
}

/// `DUVAL (M.-A.), ORRIN (T.) 1999, Title`: the French style with the family name in capitals
/// and the initials in brackets, rewritten as `DUVAL, M.-A., ORRIN, T. 1999, Title` so that the
/// inverted-name scan reads it.
fn french_names(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut at = 0;
    while let Some(m) = FRENCH_NAME.captures(&s[at..]) {
        let initials = m[2].trim_end();
        out.push_str(&format!("{}, {}", &m[1], initials));
        at += m.get(0).map_or(0, |g| g.end());
        if s[at..].starts_with('.') && initials.ends_with('.') {
            at += 1;
        }
        let gap = s[at..].len() - s[at..].trim_start_matches([',', ';', ' ']).len();
        let rest = &s[at + gap..];
        let joined = ["et ", "and ", "& "].iter().find(|j| rest.starts_with(*j));
        if let Some(j) = joined
            && FRENCH_NAME.is_match(&rest[j.len()..])
        {
            out.push_str(&format!(", {j}"));
            at += gap + j.len();
        } else if FRENCH_NAME.is_match(rest) {
            out.push_str(", ");
            at += gap;
        } else {
            break;
        }
    }
    (at > 0).then(|| out + &s[at..])
}

/// `David Archard, Sexual Consent (Boulder: Westview Press, 1998)`: in a note-style entry the
/// bracketed imprint follows the title, so the last comma part before it is the title.
fn imprint_backoff(s: &str, reg: AuthorRegion) -> AuthorRegion {
    let rest = s[reg.resume..].trim_start();
    let Some(inner) = rest.strip_prefix('(').and_then(|r| r.split_once(')')).map(|(a, _)| a) else {
        return reg;
    };
    let has_year = YEAR.is_match(inner);
    let letters_before = inner
        .find(|c: char| c.is_ascii_digit())
        .is_some_and(|p| inner[..p].chars().filter(|c| c.is_alphabetic()).count() >= 3);
    if !has_year || !letters_before || !(inner.contains(':') || inner.contains(", ")) {
        return reg;
    }
    let names = &s[..reg.end];
    let parts: Vec<&str> = names.split(',').collect();
    let first_words = parts[0].split_whitespace().count();
    if parts.len() < 2 || (parts.len() == 2 && first_words < 2) {
        return reg;
    }
    let last = parts[parts.len() - 1].trim();
    let ws: Vec<&str> = last.split_whitespace().collect();
    if ws.is_empty() || ws.iter().any(|w| is_initials(w)) || last.contains(['&', ';']) {
        return reg;
    }
    let cut = names.len() - parts[parts.len() - 1].len() - 1;
    AuthorRegion { end: cut, resume: cut + 1 }
}

/// Removes role brackets inside a list of names (`Marshall, F. (Producers), & Fincher, D.`),
/// so that the names after them stay in the list. Only brackets followed by a comma, `&` or
/// `and` are removed; a role closing the list is handled after the names.
fn drop_inner_roles(s: &mut String) {
    let mut from = 0;
    while let Some(p) = s[from..].find('(').map(|p| p + from) {
        if p > 160 {
            return;
        }
        let Some(q) = s[p..].find(')').map(|q| q + p) else {
            return;
        };
        let inner = s[p + 1..q].trim().trim_end_matches('.').to_lowercase();
        let role = matches!(
            inner.as_str(),
            "producer"
                | "producers"
                | "director"
                | "directors"
                | "writer"
                | "writers"
                | "host"
                | "hosts"
                | "composer"
                | "composers"
                | "performer"
                | "performers"
                | "executive producer"
                | "executive producers"
                | "narrator"
                | "presenter"
                | "interviewer"
        );
        let after = s[q + 1..].trim_start();
        let joined = after.starts_with([',', '&', ';']) || after.starts_with("and ");
        if role && joined {
            let a = s[..p].trim_end().len();
            s.replace_range(a..q + 1, "");
            from = a;
        } else {
            from = q + 1;
        }
    }
}

fn short(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(57).collect();
        t.push_str("...");
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_ws_splits_as_split_whitespace_does() {
        for s in [
            "  a \t b\x0B c\x0C\r\nd\x1Ce  ",
            "",
            "   ",
            "one",
            "a\u{a0}b  c\u{2009} d",
            "\u{3000}Müller–Lüdenscheidt,\u{85}pp. 1–10\u{2028}é ",
            "ünïcödé",
        ] {
            assert_eq!(collapse_ws(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
    }

    #[test]
    fn french_bracketed_initials() {
        assert_eq!(
            french_names("DUVAL (M.-A.), LE ROUX (T.) et ORRIN (P.). - Les ports, Lyon, 1990.").as_deref(),
            Some("DUVAL, M.-A., LE ROUX, T., et ORRIN, P. - Les ports, Lyon, 1990.")
        );
        assert_eq!(french_names("Duval, M. (2001). Title."), None);
    }

    #[test]
    fn journal_only_entries() {
        let mut r = Reference::default();
        assert!(journal_only("2011 Harbour Engineering 5 040102", &mut r));
        assert_eq!((r.container.as_deref(), r.volume.as_deref()), (Some("Harbour Engineering"), Some("5")));
        for s in [
            "T. Orrin and A. Vell Harbour Sci. Rev. 12 (2003) 101",
            "Orrin T. 12 (2003) 101",
            "Harbour Sci. Rev. 12 101",
        ] {
            assert!(!journal_only(s, &mut Reference::default()), "{s}");
        }
    }

    #[test]
    fn apa_article() {
        let (r, _) = parse("Smith, J. A., & Lee, K. (2001). A title here. Journal of Things, 3(2), 1–10.");
        assert_eq!(r.authors.len(), 2);
        assert_eq!(r.year.as_deref(), Some("2001"));
        assert_eq!(r.title.as_deref(), Some("A title here"));
        assert_eq!(r.container.as_deref(), Some("Journal of Things"));
        assert_eq!(r.volume.as_deref(), Some("3"));
        assert_eq!(r.issue.as_deref(), Some("2"));
        assert_eq!(r.pages.as_deref(), Some("1-10"));
        assert_eq!(r.kind, EntryType::Article);
    }

    #[test]
    fn elife() {
        let (r, _) = parse(
            "Baldwin PR, Penczek PA. 2007. The Transform Class in SPARX and EMAN2. J Struct Biol 157:250–61. doi: 10.1016/j.jsb.2006.05.009",
        );
        assert_eq!(r.authors[1].family.as_deref(), Some("Penczek"));
        assert_eq!(r.year.as_deref(), Some("2007"));
        assert_eq!(r.title.as_deref(), Some("The Transform Class in SPARX and EMAN2"));
        assert_eq!(r.container.as_deref(), Some("J Struct Biol"));
        assert_eq!(r.volume.as_deref(), Some("157"));
        assert_eq!(r.pages.as_deref(), Some("250-61"));
        assert_eq!(r.doi.as_deref(), Some("10.1016/j.jsb.2006.05.009"));
    }

    #[test]
    fn vancouver_name_with_corporate_word() {
        let (r, _) =
            parse("Press WH, Dyson FJ. 2012. Iterated prisoner's dilemma contains strategies. PNAS 109:10409-10413.");
        assert_eq!(r.authors[0].family.as_deref(), Some("Press"));
        assert_eq!(r.authors[0].given.as_deref(), Some("WH"));
        assert_eq!(r.authors[1].family.as_deref(), Some("Dyson"));
    }

    #[test]
    fn roles_inside_the_name_list() {
        let (r, _) = parse(
            "Barron, D., Heyman, D. (Producers), & Yates, D. (Director). (2009). Harry Potter and the half-blood prince [Motion picture]. United Kingdom: Warner Bros.",
        );
        assert_eq!(r.authors.len(), 3);
        assert_eq!(r.authors[2].family.as_deref(), Some("Yates"));
        assert_eq!(r.year.as_deref(), Some("2009"));
        assert_eq!(r.title.as_deref(), Some("Harry Potter and the half-blood prince"));
    }

    #[test]
    fn genre_after_title() {
        let (r, _) = parse(
            "Reilly, W. S. (1996). Believable Emotional and Social Agents. Ph.D. thesis, Carnegie Mellon University.",
        );
        assert_eq!(r.title.as_deref(), Some("Believable Emotional and Social Agents"));
        let (r, _) = parse(
            "M. Stone and S. Pot. On rules, procedures and views. Technical Report M90/36, University of California, Berkeley, April 1990.",
        );
        assert_eq!(r.title.as_deref(), Some("On rules, procedures and views"));
    }

    #[test]
    fn subtitle_and_city_after_title() {
        let (r, _) = parse("James Gleick, Chaos: Making a New Science, New York: Penguin, 1988.");
        assert_eq!(r.title.as_deref(), Some("Chaos: Making a New Science"));
        let (r, _) = parse("J.M. Foley, Immanent Art: From Structure to Meaning, Bloomington 1991.");
        assert_eq!(r.title.as_deref(), Some("Immanent Art: From Structure to Meaning"));
        assert_eq!(r.place.as_deref(), Some("Bloomington"));
    }

    #[test]
    fn proceedings_names_stay_whole() {
        let (r, _) = parse(
            "T. Fahringer and H. Zima. Automatic performance prediction. In Proceedings of the 1992 ACM International Conference on Supercomputing, Washington, DC, July 1992.",
        );
        assert_eq!(
            r.container.as_deref(),
            Some("Proceedings of the 1992 ACM International Conference on Supercomputing")
        );
        let (r, _) = parse(
            "Baral, C. (1991). Duality between semantics. In Proc. Intl. Workshop on Logic Programming and Nonmonotonic Reasoning. Springer.",
        );
        assert_eq!(
            r.container.as_deref(),
            Some("Proc. Intl. Workshop on Logic Programming and Nonmonotonic Reasoning")
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["", " ", "(", "“", "1.", "[1]", "et al.", "In: (Eds.)", "10.1/x", "http://", "Ω. 2001", "a: b", "–"]
        {
            let _ = parse(s);
        }
    }

    #[test]
    fn wrapped_words_are_joined() {
        assert_eq!(join_wrapped("Parti-\nsan Assign- \r\nments"), "Partisan Assignments");
        assert_eq!(join_wrapped("Arel-\nBundock, pp. 12-\n 34, a - \nb -"), "Arel-Bundock, pp. 12-34, a - \nb -");
        let (r, _) = parse(
            "Chappell Jr, Henry W and Rob Roy McGregor. 1993. “Parti-\nsan Monetary Policies.” The Quarterly Journal of Economics 108(1):185–218.",
        );
        assert_eq!(r.title.as_deref(), Some("Partisan Monetary Policies"));
    }

    #[test]
    fn edited_container_keeps_colon_subtitle() {
        let (r, _) = parse(
            "Smith, J. (2001). A chapter. In A. Jones, B. Brown, and C. Green (Eds.), Handbook of Learning: Theory and Practice. London: Sage.",
        );
        assert_eq!(r.container.as_deref(), Some("Handbook of Learning: Theory and Practice"));
    }

    #[test]
    fn edited_container_keeps_sentence_before_place() {
        let (r, _) = parse(
            "Angus, L. (2004). Self-multiplicity. In H. Hermans & G. Dimaggio (Eds.), The dialogical self in psychotherapy. An Introduction. New York: Brunner-Routledge.",
        );
        assert_eq!(r.container.as_deref(), Some("The dialogical self in psychotherapy. An Introduction"));
        assert_eq!(r.place.as_deref(), Some("New York"));
    }

    #[test]
    fn book_container_keeps_closing_number() {
        let (r, _) = parse(
            "Bengio, Y. (1994). Credit assignment. In Cowan, J. D., & Alspector, J. (Eds.), Advances in Neural Information Processing Systems 6. Morgan Kaufmann.",
        );
        assert_eq!(r.container.as_deref(), Some("Advances in Neural Information Processing Systems 6"));
        assert_eq!(r.volume, None);
    }

    #[test]
    fn short_name_after_book_title_is_publisher() {
        let (r, _) = parse("Pearl, J. (1988). Probabilistic Reasoning in Intelligent Systems. Morgan Kaufmann.");
        assert_eq!(r.publisher.as_deref(), Some("Morgan Kaufmann"));
        assert_eq!(r.container, None);
        let (r, _) = parse("Zhang, Z. (1992). 3D Dynamic Scene Analysis. Springer-Verlag, New York.");
        assert_eq!(r.publisher.as_deref(), Some("Springer-Verlag"));
        let (r, _) = parse("Bates D. 2014. lme4: linear mixed-effects models. ArXiv.");
        assert_eq!(r.publisher, None);
    }

    #[test]
    fn translator_is_not_title() {
        let (r, _) = parse(
            "Bede, Venerable. The Abbreviated Psalter of the Venerable Bede, trans. Gerald M. Browne. Grand Rapids, 2002.",
        );
        assert_eq!(r.title.as_deref(), Some("The Abbreviated Psalter of the Venerable Bede"));
    }
}
