//! One reference string → fields.
//!
//! Reference strings come in dozens of styles, so the parser does not match whole styles.
//! It peels off what is unambiguous wherever it stands (citation number, DOI, URL, access
//! date), scans the author list at the head, takes the year that follows it when there is
//! one, and then cuts the body into a title, a container and a "tail" of volume, issue,
//! pages, place and publisher using local cues: quotes, sentence ends that are not
//! initials or abbreviations, `In`, `(Eds.)`, `vol.`, `pp.`, `157:250-61`, `3(2), 1-10`,
//! `Place: Publisher`, publisher words. Each cue is a small rule, so one odd entry
//! degrades one field rather than the whole parse.

use super::names::{is_initials, parse_names, scan_author_region};
use crate::diagnostic::Diagnostic;
use crate::model::{EntryType, Reference};
use regex::Regex;
use std::sync::LazyLock;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| crate::reference::build_regex($pat));
    };
}

re!(
    NUMBER_PREFIX,
    r"^(?:\[\s*[A-Za-z]{0,4}\d{1,4}[a-z]?\s*\]|\(\d{1,4}\)|\d{1,4}\s*[.)\]]|\d{1,3}\s*-(?:\s|$)|[•·■□☐▪*–-])\s*"
);
re!(DOI, r"(?i)(?:\b(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*[:=]?\s*|\bDOI\s+)?\b(10\.\d{3,9}/[^\s]+)");
re!(URL, r"(?i)(?:<\s*)?\b(?:(?:https?|ftp)://|www\.)[^\s<>]+");
re!(
    URL_LEAD,
    r"(?i)(?:\b(?:retrieved|available|accessible|downloaded|consulted|abgerufen|consulté)(?:\s+online)?(?:\s+(?:from|at|on|von|à l[’']adresse|unter))?\s*:?\s*|\b(?:url|online|web|en ligne|internet)\s*:\s*|\[\s*(?:online|internet|en ligne)\s*\]\s*[.:]?\s*|\bonline\s*[:.]?\s*)$"
);
re!(
    ACCESSED,
    r"(?i)[\[(]?\s*\b(?:last\s+)?(?:accessed|acessed|accessed\s+on|retrieved|viewed|consulted|cited|visited|zugriff\s+am|abgerufen\s+am|consulté\s+le|last\s+modified|date\s+of\s+access)\s*(?:on\s+)?:?\s*((?:[^()\[\].,;]|[.,]\s?\d|\.\s?(?:\d|[A-Z][a-z]))*?(?:1[5-9]|20)\d\d)\s*[\])]?(?:\s*,?\s*(?:from|at)\b:?)?"
);
re!(YEAR, r"\b((?:1[5-9]|20)\d\d)([a-z])?\b");
re!(HEAD_YEAR_PAREN, r"^[(\[]\s*([^()\[\]]*?)\b((?:1[5-9]|20)\d\d)([a-z])?\b([^()\[\]]*)[)\]]\s*[.,:;]?\s*");
re!(
    HEAD_YEAR_BARE,
    r"^((?:1[5-9]|20)\d\d)([a-z])?(?:\s*[/–-]\s*\d{2,4})?(?:,\s*(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?:\s+\d{1,2})?)?\s*(?:[.,:;)]\s*|$)"
);
re!(
    HEAD_NODATE,
    r"(?i)^[(\[]?\s*(n\.\s?d\.?|s\.\s?d\.?|o\.\s?j\.?|in press|forthcoming|im druck|sous presse|en prensa|no date|undated)\s*[)\]]?\s*[.,:;]?\s*"
);
re!(
    ROLE_PAREN,
    r"(?i)^[(\[]\s*(?:eds?|editors?|hrsg|hg|dir|éds?|coords?|comps?|orgs?|a cura di|red|ed\. lit|trans|tr)\.?\s*[)\]]\s*[.,:;]?\s*"
);
re!(OTHER_PAREN, r"^[(\[][^()\[\]]{1,}[)\]]\s*[.,:;]?\s*");
re!(ROLE_WORD, r"(?i)^(?:eds?|editors?|hrsg|hg|dir|éds?)\.?\s*[.,:;]?\s*");
re!(
    EDITOR_MARK,
    r"(?i)[\s,]*[(\[]\s*(?:eds?|editors?|hrsg|hg|dir|éds?|coords?|comps?|orgs?|a cura di|red|ed\. lit)\.?\s*[)\]]\s*[.,:;]?\s*|,?\s+\b(?:eds?|Hrsg|Hg)\.\s*[,:]?\s*|,\s+(?:eds?|editors?)\s*[,:]\s*"
);
re!(
    EDITED_BY,
    r"(?i)(?:^|[,.]\s*|\s)(?:edited\s+by|ed\.\s+by|eds?\.|hrsg\.\s+v\.|hrsg\.\s+von|herausgegeben\s+von|sous\s+la\s+direction\s+de|a\s+cura\s+di)\s+((?:[^.,:;()]|\b\p{Lu}\.|,\s*(?:and\s+|&\s*)?\p{Lu}[\p{L}.-]*(?:\s+\p{Lu}[\p{L}.-]*)*(?:[,.]|\s+and\b))+)"
);
re!(IN_START, r#"^(?:[Ii]n|IN|Dans|dans|En|en)\s*:\s*|^(?:In|in|IN)\s+(?:[\p{Lu}\d“"'‘]|the\s)"#);
re!(
    EDITION,
    r"(?i)[(\[]?\b(\d+(?:st|nd|rd|th|e|er|ème|\.)?|first|second|third|fourth|fifth|sixth|revised|rev\.|new|updated)\s+(?:ed\.?|edn\.?|edition|éd\.?|édition|aufl\.?|auflage|ed\b)(?:\s*,?\s*rev\.?)?[)\]]?\.?"
);
re!(
    VOL_ISSUE,
    r"^(?:[,.:;]\s*)?(?:(?i:vol\.?|volume|v\.|bd\.?|t\.|jg\.)\s*)?(\d+[A-Za-z]?|[A-Z]\d+)\s*\(\s*([^()]{1,}?)\s*\)\s*[:,.;]?\s*(?:(?i:pp?\.?|pages?|s\.)\s*)?([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?)?)?"
);
re!(
    VOL_COLON,
    r"^(?:[,.;]\s*)?(?:(?i:vol\.?|v\.)\s*)?(\d+[A-Za-z]?)\s*(?:\(([^()]{1,})\))?\s*:\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?)?)"
);
re!(
    VOL_COMMA,
    r"^(?:[,.;]?\s*)(?:(?i:vol\.?|v\.)\s*)?(\d{1,4}[A-Za-z]?)\s*[,.:]\s*(?:(?i:pp?\.?|pages?)\s*)?([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?)?)\b"
);
re!(
    VOL_SPACE,
    r"^(?:[,.;]\s*)?(\d{1,4}[A-Za-z]?)\s+([A-Za-z]?\d{1,6}[A-Za-z]?(?:\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?)?)\b"
);
re!(
    VOL_MARK,
    r"(?i)(?:^|[\s,.;(])(?:vol(?:ume)?s?\.?|v\.|bd\.?|band|jg\.?|jahrgang|t\.|tome|tomo|anno|année)\s*([\dIVXLCivxlc]+[A-Za-z]?(?:\s*[-–/]\s*\d+)?)\b"
);
re!(
    ISSUE_MARK,
    r"(?i)(?:^|[\s,.;(])(?:no\.?|nos\.|nr\.?|n\.|n[º°o]\.?|num\.?|número|núm\.?|issue|iss\.?|heft|h\.|fasc\.?|št\.|suppl\.?|supplement|part)\s*(\d+[A-Za-z]?(?:\s*[-–/]\s*\d+)?)\b"
);
re!(
    PAGES_MARK,
    r"(?i)(?:^|[\s,.;(:])(?:pp?\.?|pages?|pgs?\.?|s\.|ss\.|págs?\.?|pag\.?|str\.|с\.|bl\.)\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*(?:[-–—‐‑]+|to)\s*[A-Za-z]?\d+[A-Za-z]?)?(?:\s*(?:ff|f)\.)?)"
);
re!(ARTICLE_NO, r"(?:^|[\s,:;])((?:e|e\.|S|A|L|P)\d{3,7}|\d{5,7})\b");
re!(PAGES_BARE, r"(?:^|[\s,:;])([A-Za-z]?\d{1,6}\s*[-–—‐‑]+\s*[A-Za-z]?\d{1,6}[A-Za-z]?)\b");
re!(
    PLACE_PUB,
    r"^\s*(\p{Lu}[\p{L}.'’ -]{1,}?(?:,\s*(?:\p{Lu}{2}\b|\p{Lu}[\p{L}.]+(?:\s\p{Lu}[\p{L}.]+)?))?(?:\s*(?:/|and|&)\s*\p{Lu}[\p{L}.'’ -]{1,}?)?)\s?:\s*([^:]{2,}?)\s*(?:[,.;]\s*((?:1[5-9]|20)\d\d[a-z]?))?\s*[.,;]?\s*$"
);
re!(
    PUB_WORD,
    r"(?i)\b(?:press|publish\w*|publications?|verlag|editions?|éditions|edizioni|editorial|editora|books|springer|elsevier|wiley|blackwell|routledge|sage|pearson|mcgraw|macmillan|penguin|norton|kluwer|pergamon|academic|univ\.?|university|universidad|universität|université|inc\.?|ltd\.?|co\.|gmbh|taylor|francis|harper|oxford|cambridge|prentice|addison|ashgate|palgrave|brill|de gruyter|suhrkamp|beck|gallimard|seuil|puf|karthala|harmattan|la découverte|institute|institut|foundation|bureau|office|department|ministry|council|agency|organization|organisation|society|association|laboratory|crc|thieme|mit|ieee|acm|nber|oecd|world bank|imf)\b"
);
re!(
    MONTH,
    r"(?i)^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Spring|Summer|Fall|Autumn|Winter|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|Januar|Februar|März|Juni|Juli|Oktober|Dezember)\.?$"
);
re!(
    THESIS,
    r"(?i)\b(?:thesis|dissertation|diss\.|doctoral|ph\.?\s?d|master'?s|mémoire|thèse|tesis|tesi|doktorarbeit|habilitation)\b"
);
re!(
    REPORT,
    r"(?i)\b(?:report|tech\.?\s*rep\.?|technical\s+note|working\s+paper|discussion\s+paper|white\s+paper|memorandum|memo|bulletin\s+no|occasional\s+paper|policy\s+brief|research\s+paper)\b"
);
re!(
    PROCEEDINGS,
    r"(?i)\b(?:proceedings|proc\.|conference|conf\.|symposium|symp\.|workshop|congress|meeting|colloquium|colloque|tagung|kongress|convention)\b"
);
re!(
    JOURNALISH,
    r"(?i)\b(?:journal|j\.|revue|review|rev\.|zeitschrift|annals|annales|bulletin|bull\.|letters|lett\.|quarterly|transactions|trans\.|acta|archives|magazine|gazette|newsletter|studies|research|science|nature|cell|physical|chemistry|medicine)\b"
);
re!(WEB, r"(?i)\b(?:blog|website|web\s+page|webpage|online|wikipedia|retrieved|twitter|facebook|youtube|podcast)\b");
re!(
    LEGAL,
    r"(?i)\b(?:act|statute|v\.|u\.s\.c\.|regulation|directive|decree|code|constitution|treaty|court|law|bill|ordinance|gesetz|loi)\b"
);
re!(
    DATASET,
    r"(?i)\b(?:data\s*set|dataset|software|r package|package version|database|computer program|version\s+\d)\b"
);

/// Words before a period that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "vol", "vols", "no", "nos", "pp", "p", "ed", "eds", "al", "e.g", "i.e", "vs", "cf", "st", "dr", "mr", "mrs", "ms",
    "jr", "sr", "inc", "co", "fig", "ca", "approx", "nr", "bd", "hrsg", "hg", "dept", "univ", "proc", "trans", "conf",
    "int", "natl", "acad", "sci", "phys", "rev", "lett", "soc", "am", "chem", "biol", "med", "res", "eng", "j", "ann",
    "n", "v", "s", "ser", "suppl", "u.s", "u.k", "etc", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "op", "cit", "ibid", "tr", "transl", "repr", "comp", "rep", "tech", "assoc",
    "org", "dir", "coord", "éd", "éds", "sp", "spp", "var", "subsp", "ltd", "corp", "mass", "calif", "ill", "wis",
    "conn", "penn", "ont", "jap", "d.c", "b.v", "n.v", "s.a", "ges", "gen", "prof", "sen", "rep", "gov", "min", "no.",
];

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Strips surrounding punctuation and spaces from a field value.
fn tidy(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '/' | '.' | '–' | '-'));
    let mut t = t.to_string();
    // Keep a final period that closes an abbreviation (`Inc.`, `J. Phys.`) only when it is one.
    if s.trim_end().ends_with('.') {
        let last = t.rsplit(' ').next().unwrap_or("");
        if is_abbrev_word(last) && !last.is_empty() {
            t.push('.');
        }
    }
    balance(&t)
}

/// Drops unbalanced closing or opening brackets at the edges.
fn balance(s: &str) -> String {
    let mut t = s.trim().to_string();
    loop {
        let opens = t.matches('(').count();
        let closes = t.matches(')').count();
        if t.ends_with(')') && closes > opens {
            t.pop();
        } else if t.starts_with('(') && opens > closes {
            t.remove(0);
        } else if t.ends_with('(') || t.ends_with('[') {
            t.pop();
        } else {
            break;
        }
        t = t.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.')).to_string();
    }
    let ob = t.matches('[').count();
    let cb = t.matches(']').count();
    if t.ends_with(']') && cb > ob {
        t.pop();
    }
    t.trim().to_string()
}

fn opt(s: String) -> Option<String> {
    if s.chars().any(|c| c.is_alphanumeric()) { Some(s) } else { None }
}

/// Normalises a page range: plain hyphen, no spaces.
fn pages_norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−') {
            if !dash {
                out.push('-');
            }
            dash = true;
        } else if c.is_whitespace() {
            continue;
        } else {
            dash = false;
            out.push(c);
        }
    }
    out.replace("to", "-")
}

fn is_abbrev_word(w: &str) -> bool {
    let core = w.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end_matches('.');
    if core.is_empty() {
        return true;
    }
    let lower = core.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let n = core.chars().count();
    // One capital letter (`J.`), or dotted initials (`U.S.`).
    (n == 1 && core.chars().all(|c| c.is_alphabetic() && !c.is_lowercase()))
        || (core.contains('.')
            && core.chars().all(|c| c.is_alphabetic() || c == '.')
            && core.split('.').all(|p| p.chars().count() <= 2))
}

/// Position of the end of the first sentence of `s` (`title. rest`): returns (content end, rest start).
/// `strict` also refuses capitalised short words (`Opt.`, `Proc.`) as sentence ends.
fn sentence_end(s: &str, strict: bool) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b'.' | b'?' | b'!' if depth == 0 => {
                // Skip closing quotes right after the mark.
                let mut j = i + 1;
                while j < b.len()
                    && (b[j] == b'"'
                        || b[j] == b'\''
                        || s[j..].starts_with('”')
                        || s[j..].starts_with('’')
                        || s[j..].starts_with('»'))
                {
                    j += s[j..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                }
                let at_end = j >= b.len();
                if at_end || b[j] == b' ' {
                    let next = s[j..].trim_start();
                    let next_c = next.chars().next().unwrap_or(' ');
                    let word_start = s[..i].rfind(' ').map(|p| p + 1).unwrap_or(0);
                    let word = &s[word_start..i];
                    let ok = if c != b'.' {
                        true
                    } else if (is_abbrev_word(word) && !at_end) || (strict && !at_end && abbreviated_name(word, next)) {
                        false
                    } else {
                        let next_word = next.split(' ').next().unwrap_or("");
                        let mixed = next_word.chars().skip(1).any(|c| c.is_uppercase());
                        !(next_c.is_lowercase() && !mixed && !next.starts_with("in ") && !next.starts_with("in:"))
                    };
                    if ok {
                        let content_end = if c == b'.' { i } else { i + 1 };
                        return Some((content_end, j));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The last sentence end in `s` that is not inside an abbreviated container name (`J. Opt. Soc.`).
fn last_boundary(s: &str) -> Option<(usize, usize)> {
    let mut best = None;
    let mut off = 0;
    while off < s.len() {
        let Some((a, e)) = sentence_end(&s[off..], false) else { break };
        let (a, e) = (off + a, off + e);
        if e >= s.len() {
            break;
        }
        let word_start = s[..a].rfind(' ').map(|p| p + 1).unwrap_or(0);
        let word = &s[word_start..a];
        let prev_dot = s[..word_start].trim_end().ends_with('.');
        let short_title_case = word.chars().count() <= 5
            && word.chars().next().is_some_and(|c| c.is_uppercase())
            && word.chars().skip(1).all(|c| c.is_lowercase());
        if !(short_title_case && prev_dot) {
            best = Some((a, e));
        }
        off = e.max(off + 1);
    }
    best
}

/// Inside an abbreviated container name: `Opt. Soc.` (short capitalised word before a capital)
/// or `Comput. Phys.` (an abbreviation followed by another).
fn abbreviated_name(word: &str, next: &str) -> bool {
    if !word.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let next_c = next.chars().next().unwrap_or(' ');
    if word.chars().count() <= 5 && !matches!(word, "Press" | "Cell" | "Books" | "Verlag") && next_c.is_uppercase() {
        return true;
    }
    let nw = next.split(' ').next().unwrap_or("");
    nw.ends_with('.') && nw.chars().count() <= 8 && nw.chars().next().is_some_and(|c| c.is_uppercase())
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
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| crate::reference::build_regex(r"</?[a-zA-Z][a-zA-Z0-9-]*\s*/?>"));
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
fn head_year(rest: &str) -> Option<(String, usize)> {
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

/// Tail fields found after the container.
#[derive(Default)]
struct Tail {
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
    year: Option<(String, usize, usize)>,
}

/// Reads volume, issue and pages from the start of `t` (just after a container).
fn numeric_head(t0: &str, tail: &mut Tail) -> usize {
    let t = t0.trim_start();
    let off = t0.len() - t.len();
    let used = numeric_head_at(t, tail);
    if used > 0 { used + off } else { 0 }
}

fn numeric_head_at(t: &str, tail: &mut Tail) -> usize {
    if let Some(c) = VOL_ISSUE.captures(t) {
        let vol = c.get(1).map(|m| m.as_str().to_string());
        let inner = c.get(2).map(|m| m.as_str()).unwrap_or("");
        let m0 = c.get(0).map(|m| m.end()).unwrap_or(0);
        if let Some(y) = YEAR
            .captures(inner)
            .filter(|_| inner.len() >= 4 && !inner.chars().all(|c| c.is_ascii_digit() && inner.len() < 4))
        {
            if let (Some(g), Some(whole)) = (y.get(1), y.get(0)) {
                if inner.trim().len() <= whole.as_str().len() + 12 {
                    tail.year = Some((year_value(g.as_str(), y.get(2).map(|m| m.as_str())), 0, 0));
                } else {
                    tail.issue = Some(inner.to_string());
                }
            }
        } else {
            tail.issue = Some(inner.trim().to_string());
        }
        tail.volume = vol;
        if let Some(p) = c.get(3) {
            tail.pages = Some(pages_norm(p.as_str()));
        }
        return m0;
    }
    if let Some(c) = VANCOUVER.captures(t) {
        tail.year = c.get(1).map(|m| (m.as_str().to_string(), 0, 0));
        tail.volume = c.get(2).map(|m| m.as_str().to_string());
        tail.issue = c.get(3).map(|m| m.as_str().to_string());
        tail.pages = c.get(4).map(|m| pages_norm(m.as_str()));
        return c.get(0).map(|m| m.end()).unwrap_or(0);
    }
    if let Some(c) = VOL_NO.captures(t) {
        tail.volume = c.get(1).map(|m| m.as_str().to_string());
        tail.issue = c.get(2).map(|m| m.as_str().to_string());
        return c.get(0).map(|m| m.end()).unwrap_or(0);
    }
    if let Some(c) = VOL_COLON.captures(t) {
        tail.volume = c.get(1).map(|m| m.as_str().to_string());
        tail.issue = c.get(2).map(|m| m.as_str().to_string());
        tail.pages = c.get(3).map(|m| pages_norm(m.as_str()));
        return c.get(0).map(|m| m.end()).unwrap_or(0);
    }
    if let Some(c) = VOL_COMMA.captures(t) {
        let v = c.get(1).map(|m| m.as_str()).unwrap_or("");
        let p = c.get(2).map(|m| m.as_str()).unwrap_or("");
        // `, 2013, 45-60` is a year, not a volume.
        let looks_year = v.len() == 4 && YEAR.is_match(v);
        if !looks_year {
            tail.volume = Some(v.to_string());
            tail.pages = Some(pages_norm(p));
            return c.get(0).map(|m| m.end()).unwrap_or(0);
        }
    }
    if let Some(c) = VOL_SPACE.captures(t) {
        let v = c.get(1).map(|m| m.as_str()).unwrap_or("");
        if !(v.len() == 4 && YEAR.is_match(v)) {
            tail.volume = Some(v.to_string());
            tail.pages = c.get(2).map(|m| pages_norm(m.as_str()));
            return c.get(0).map(|m| m.end()).unwrap_or(0);
        }
    }
    0
}

/// Where the container (journal or book title) ends inside `t`: at volume/page cues, a date,
/// or a sentence end.
fn container_end(t: &str) -> usize {
    static TAIL_START: LazyLock<Regex> = LazyLock::new(|| {
        crate::reference::build_regex(r"(?i)(?:[,.;]?\s*[(\[]?\b(?:vol(?:ume)?s?\.?|v\.|no\.|nos\.|nr\.|n\.|n[º°]|issue|iss\.|pp?\.|pages?|s\.|bd\.|t\.|jg\.|heft|h\.|págs?\.|pag\.|str\.|article|art\.)\s*\d|[,.;:]?\s+\(?\d+[A-Za-z]?\s*(?:\(|:|,|\.|;|$|\)|\s+\d|\s*[-–]\s*\d)|,\s*\d|[,.;]\s*(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d)")
    });
    let num = TAIL_START.find(t).map(|m| m.start()).unwrap_or(t.len());
    let sent = sentence_end(t, true).map(|(a, _)| a).unwrap_or(t.len());
    num.min(sent)
}

fn is_place_pub(t: &str) -> Option<(String, String)> {
    if !t.contains(':') {
        return None;
    }
    let c = PLACE_PUB.captures(t)?;
    let place = c.get(1)?.as_str().trim().to_string();
    let publisher = c.get(2)?.as_str().trim().to_string();
    // A title with a subtitle (`Cyborgs: anthropological ...`) is not a place: places are short.
    if place.split_whitespace().count() > 5 || publisher.split_whitespace().count() > 10 {
        return None;
    }
    if publisher.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((place, publisher))
}

/// Parses the text after the author list and head year.
fn parse_body(body: &str, r: &mut Reference, comma_style: bool) {
    let mut b = body.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':')).to_string();
    // Publication facts in brackets (`(New York: Library of America, 1983)`) move to the end.
    if let Some(m) = b.contains(')').then(|| PAREN_PUB.find(&b)).flatten()
        && m.start() > 0
    {
        let inner = m.as_str().trim_matches(|c: char| matches!(c, '(' | ')' | ' ' | ',' | '.')).to_string();
        let (a, e) = (m.start(), m.end());
        b.replace_range(a..e, "");
        let t = b.trim_end().trim_end_matches([',', '.', ';']).len();
        b.truncate(t);
        b.push_str(". ");
        b.push_str(&inner);
        b.push('.');
    }
    // Title.
    let mut rest_start = 0usize;
    let first = b.chars().next().unwrap_or(' ');
    let quote_pairs: &[(&str, &str)] = &[
        ("“", "”"),
        ("\"", "\""),
        ("«", "»"),
        ("„", "“"),
        ("‘", "’"),
        ("``", "''"),
        ("»", "«"),
        ("'", "'"),
        ("”", "”"),
    ];
    let mut title: Option<String> = None;
    if !IN_START.is_match(&b) {
        for (o, cl) in quote_pairs {
            if let Some(after_open) = b.strip_prefix(o) {
                if let Some(e) = after_open.find(cl) {
                    let inner = &after_open[..e];
                    if inner.len() > 2 {
                        title = Some(inner.to_string());
                        rest_start = o.len() + e + cl.len();
                    }
                }
                break;
            }
        }
        if title.is_none() && !first.is_ascii_digit() {
            let lower_in = {
                static IN_MID: LazyLock<Regex> = LazyLock::new(|| {
                    crate::reference::build_regex(r"(?:[.,]\s+|\s)(?:[Ii]n|IN)\s*:\s|\s//\s|[.,]\s+[Ii]n\s+(?:[\p{Lu}\d]|the\s)")
                });
                IN_MID.find(&b).map(|m| m.start())
            };
            let sent = sentence_end(&b, false);
            let (mut te, mut rs) = sent.unwrap_or((b.len(), b.len()));
            // With a journal tail (`157:250-61`, `3(2), 1-10`), the container is the last
            // sentence before it, so the title may hold several sentences.
            if let Some(first_end) = sent.map(|x| x.1)
                && let Some(p) = STRONG_TAIL.find_iter(&b).map(|m| m.start()).find(|&p| p >= first_end)
                && let Some((a, e)) = last_boundary(&b[..p])
                && a >= te
            {
                te = a;
                rs = e;
            }
            if let Some(p) = lower_in
                && p < te
            {
                te = p;
                rs = p;
            }
            // Comma styles (`A. Name, Title of paper, Journal 41 (2008) 085101`): the title ends
            // at a comma before the container when the sentence runs into numbers.
            let cand = &b[..te];
            let has_numbers = container_end_numbers(cand);
            if (comma_style || has_numbers)
                && let Some(ce) = comma_title_end(cand)
            {
                te = ce;
                rs = ce;
            }
            title = Some(b[..te].to_string());
            rest_start = rs;
        }
    }
    if let Some(t) = title.take() {
        let mut t = t;
        if let Some(m) = EDITION.find(&t)
            && m.start() > 0
        {
            r.edition = opt(tidy(m.as_str().trim_matches(['(', ')', '[', ']'])));
            let (a, e) = (m.start(), m.end());
            t.replace_range(a..e, " ");
        }
        r.title = opt(tidy(&collapse_ws(&t)).trim_matches(['“', '”', '"', '«', '»', '‘', '’']).trim().to_string());
    }
    let rest_owned: String = b.split_off(rest_start.min(b.len()));
    let mut rest = rest_owned
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '”' | '"' | '’' | '»'))
        .to_string();

    // Editors with `edited by`.
    let mut in_mode = false;
    if let Some(m) = IN_START.find(&rest) {
        in_mode = true;
        let e = m.end();
        // Keep the first letter of the container (the regex looked one character ahead).
        let keep = if rest[..e].ends_with(':') || rest[..e].ends_with(": ") {
            e
        } else {
            rest[..e].trim_end_matches(|c: char| !c.is_whitespace()).len()
        };
        rest = rest[keep..].trim_start().to_string();
        if let Some(em) = EDITOR_MARK.find(&rest) {
            let eds = &rest[..em.start()];
            if em.start() > 0 && em.start() < 200 && !eds.contains(". ")
                || (em.start() > 0 && eds.split_whitespace().count() <= 12)
            {
                let (people, _) = parse_names(eds);
                if !people.is_empty() {
                    r.editors = people;
                    rest = rest[em.end()..].to_string();
                }
            }
        }
    }
    let ed_cue = {
        let l = rest.to_lowercase();
        ["edited", "ed.", "eds", "hrsg", "herausg", "direction", "cura"].iter().any(|k| l.contains(k))
    };
    if let Some(c) = ed_cue.then(|| EDITED_BY.captures(&rest)).flatten()
        && let (Some(w), Some(n)) = (c.get(0), c.get(1))
    {
        let (people, _) = parse_names(n.as_str());
        if !people.is_empty() && r.editors.is_empty() {
            r.editors = people;
        }
        let (a, e) = (w.start(), w.end());
        rest.replace_range(a..e, ". ");
    }
    let rest = collapse_ws(&rest);
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'));

    // Container, unless the rest starts with `Place: Publisher` or a number.
    let mut tail = Tail::default();
    let mut after = rest;
    let starts_num = rest.chars().next().is_some_and(|c| c.is_ascii_digit());
    let first_sentence_end = sentence_end(rest, true).map(|x| x.0).unwrap_or(rest.len());
    let first_sentence = &rest[..first_sentence_end];
    let pp = is_place_pub(first_sentence).or_else(|| is_place_pub(rest));
    if pp.is_none() && !starts_num && !rest.is_empty() {
        let ce = container_end(rest);
        let cont = tidy(&rest[..ce]);
        let tail_after = rest[ce..].trim_start_matches([',', '.', ' ', ';']);
        let is_pubish = !in_mode
            && PUB_WORD.is_match(&cont)
            && !JOURNALISH.is_match(&cont)
            && (tail_after.chars().next().is_none_or(|c| !c.is_ascii_digit()) || ONLY_YEAR.is_match(tail_after));
        let is_edition = EDITION.is_match(&cont) && cont.len() < 25;
        if is_edition {
            r.edition = opt(cont.clone());
            after = &rest[ce..];
        } else if is_pubish && r.title.is_some() {
            // `SAR Press, 1997.` or `Academic Press.`: a publisher, not a container.
        } else if THESIS.is_match(&cont) && !in_mode
            || (REPORT.is_match(&cont) && !in_mode && cont.split_whitespace().count() <= 6)
        {
            r.kind = if THESIS.is_match(&cont) { EntryType::Thesis } else { EntryType::Report };
            after = &rest[ce..];
            // `PhD thesis, University of X`
            r.publisher = None;
        } else {
            r.container = opt(cont);
            after = &rest[ce..];
        }
    }
    let mut after = after.to_string();
    let used = numeric_head(&after, &mut tail);
    if used > 0 {
        after.replace_range(..used, " ");
    }
    // Explicit markers.
    if tail.volume.is_none()
        && let Some(c) = VOL_MARK.captures(&after)
    {
        tail.volume = c.get(1).map(|m| m.as_str().to_string());
        if let Some(w) = c.get(0) {
            let (a, e) = (w.start(), w.end());
            after.replace_range(a..e, " ");
        }
    }
    if tail.issue.is_none()
        && let Some(c) = ISSUE_MARK.captures(&after)
    {
        tail.issue = c.get(1).map(|m| m.as_str().to_string());
        if let Some(w) = c.get(0) {
            let (a, e) = (w.start(), w.end());
            after.replace_range(a..e, " ");
        }
    }
    if tail.pages.is_none() {
        if let Some(c) = PAGES_MARK.captures(&after) {
            tail.pages = c.get(1).map(|m| pages_norm(m.as_str().trim_end_matches(['f', '.'])));
            if let Some(w) = c.get(0) {
                let (a, e) = (w.start(), w.end());
                after.replace_range(a..e, " ");
            }
        } else if let Some(c) = PAGES_BARE.captures(&after) {
            let p = c.get(1).map(|m| m.as_str()).unwrap_or("");
            // `1832–1858` is a span of years, not pages, when both ends are years.
            let years = p.split(['-', '–', '—']).all(|x| x.trim().len() == 4 && YEAR.is_match(x.trim()));
            if !years {
                tail.pages = Some(pages_norm(p));
                if let Some(w) = c.get(1) {
                    let (a, e) = (w.start(), w.end());
                    after.replace_range(a..e, " ");
                }
            }
        } else if r.container.is_some()
            && let Some(c) = ARTICLE_NO.captures(&after)
            && let Some(w) = c.get(1)
            && !YEAR.is_match(w.as_str())
        {
            tail.pages = Some(w.as_str().to_string());
            let (a, e) = (w.start(), w.end());
            after.replace_range(a..e, " ");
        }
    }
    if r.edition.is_none()
        && let Some(m) = EDITION.find(&after)
    {
        r.edition = opt(tidy(m.as_str()));
        let (a, e) = (m.start(), m.end());
        after.replace_range(a..e, " ");
    }
    // Year in the tail, when none stood after the authors.
    if r.year.is_none() {
        if let Some((y, _, _)) = tail.year.take() {
            r.year = Some(y);
        } else if let Some((y, a, e)) = find_year(&after) {
            r.year = Some(y);
            after.replace_range(a..e, " ");
        }
    }
    // Place and publisher among the remaining sentences.
    let mut segs: Vec<String> = Vec::new();
    {
        let mut t = after.as_str();
        loop {
            let t2 = t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | '(' | ')'));
            if t2.is_empty() {
                break;
            }
            match sentence_end(t2, true) {
                Some((a, e)) if e < t2.len() => {
                    segs.push(t2[..a].to_string());
                    t = &t2[e..];
                }
                _ => {
                    segs.push(t2.to_string());
                    break;
                }
            }
        }
    }
    if let Some(c) = after.contains(':').then(|| COLON_PUB.captures(&after)).flatten()
        && let (Some(pl), Some(pb)) = (c.get(1), c.get(2))
        && !pb.as_str().chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        r.place = opt(tidy(pl.as_str()));
        r.publisher = opt(tidy(pb.as_str()));
    }
    for seg in &segs {
        let seg = balance(seg.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | '(' | ')')));
        if seg.is_empty() {
            continue;
        }
        if let Some((place, publisher)) = is_place_pub(&seg) {
            if r.publisher.is_none() {
                r.place = opt(tidy(&place));
                let publisher = YEAR_TAIL.replace(&publisher, "").into_owned();
                r.publisher = opt(tidy(&publisher));
            }
            continue;
        }
        if r.publisher.is_none() && PUB_WORD.is_match(&seg) && !seg.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            // `Social Science Press, 2005` or `New Delhi, Social Science Press`.
            let parts: Vec<&str> = seg
                .split(", ")
                .map(|p| p.trim())
                .filter(|p| !p.is_empty() && !YEAR.is_match(p) && p.chars().any(|c| c.is_alphabetic()))
                .collect();
            if let Some(ix) = parts.iter().position(|p| PUB_WORD.is_match(p)) {
                r.publisher = opt(tidy(parts[ix]));
                let placeish = |p: &str| {
                    p.split_whitespace().count() <= 3
                        && !THESIS.is_match(p)
                        && !REPORT.is_match(p)
                        && !PUB_WORD.is_match(p)
                        && p.chars().next().is_some_and(|c| c.is_uppercase())
                };
                if ix + 1 < parts.len() && r.place.is_none() && placeish(parts[ix + 1]) {
                    r.place = opt(tidy(parts[ix + 1]));
                } else if ix > 0 && r.place.is_none() && placeish(parts[ix - 1]) {
                    r.place = opt(tidy(parts[ix - 1]));
                }
            }
        }
    }
    if r.publisher.is_none()
        && let Some((place, publisher)) = pp
    {
        r.place = opt(tidy(&place));
        let publisher = YEAR_TAIL.replace(&publisher, "").into_owned();
        r.publisher = opt(tidy(&publisher));
    }
    if r.publisher.is_none() && r.container.is_none() && !rest.is_empty() {
        // `Title. Publisher, 2001.`
        let first = rest.split(['.', ',']).next().unwrap_or("").trim();
        if PUB_WORD.is_match(first) && first.split_whitespace().count() <= 6 {
            r.publisher = opt(tidy(first));
        }
    }
    r.volume = tail.volume.map(|v| tidy(&v)).and_then(opt);
    r.issue = tail.issue.map(|v| tidy(&v)).and_then(opt);
    r.pages = tail.pages.and_then(opt);
    if r.kind == EntryType::Misc {
        r.kind = classify(r, in_mode, body);
    }
}

re!(ONLY_YEAR, r"^\(?(?:1[5-9]|20)\d\d[a-z]?\)?\s*[.,;]?\s*$");
re!(
    STRONG_TAIL,
    r"(?:[,.;]?\s+|[,;])(?:(?:vol|Vol|VOL)\.?\s*\d|\d+[A-Za-z]?\s*(?:\([^()]{1,}\))?\s*:\s*[A-Za-z]?\d|\d+\s*\(\s*\d[^()]*\)|\d+\s*,\s*(?:pp?\.\s*)?[A-Za-z]?\d+\s*[-–]\s*\d|(?:1[5-9]|20)\d\d\s*;\s*\(?\d)"
);
re!(
    PAREN_PUB,
    r"\s*\((?:[^()]*?\p{Lu}[\p{L}. ]+\s?:\s*[^()]+?|[^()]*\b(?:Press|Verlag|Publishers?|Publishing|University|Books)\b[^()]*?),?\s*(?:1[5-9]|20)\d\d[a-z]?\)"
);
re!(
    COLON_PUB,
    r"(?:^|[.,;(]\s*)((?:\p{Lu}[\p{L}'’.-]*)(?:[ -]\p{Lu}[\p{L}'’.-]*){0,3}(?:,\s*\p{Lu}[\p{L}.]{1,}(?:\s\p{Lu}[\p{L}.]+)?)?)\s?:\s*(\p{Lu}[^:;()]{1,}?)\s*(?:[,.;)]\s*(?:\(?(?:1[5-9]|20)\d\d|$)|[.;)]|$)"
);
re!(
    VANCOUVER,
    r"^[.,]?\s*((?:1[5-9]|20)\d\d[a-z]?)(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*;\s*(\d+[A-Za-z]?)?\s*(?:\(([^()]{1,})\))?\s*(?::\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?)?))?"
);
re!(VOL_NO, r"^[.,]?\s*(\d{1,4}[A-Za-z]?)\s*,\s*(?i:no|n|nr|issue|iss)\.?\s*(\d+[A-Za-z]?)");
re!(YEAR_TAIL, r"[,.]?\s*\(?(?:1[5-9]|20)\d\d[a-z]?\)?\s*$");

fn container_end_numbers(s: &str) -> bool {
    static N: LazyLock<Regex> = LazyLock::new(|| {
        crate::reference::build_regex(r"\s\d+\s*[(:]|\bvol\.|\bpp\.|,\s*\d+\s*,|\s\d+\s*\((?:1[5-9]|20)\d\d\)")
    });
    N.is_match(s)
}

/// For comma styles: the title ends at the first comma that is followed by something
/// container-like, extended over continuation segments that begin in lower case.
fn comma_title_end(s: &str) -> Option<usize> {
    let mut pos = 0;
    let mut best = None;
    while let Some(ix) = s[pos..].find(", ") {
        let p = pos + ix;
        let next = s[p + 2..].chars().next().unwrap_or(' ');
        if p > 8 && !next.is_lowercase() && !next.is_ascii_digit() {
            best = Some(p);
            break;
        }
        pos = p + 2;
    }
    best
}

fn classify(r: &Reference, in_mode: bool, body: &str) -> EntryType {
    let cont = r.container.as_deref().unwrap_or("");
    if THESIS.is_match(body) && !in_mode && r.volume.is_none() {
        return EntryType::Thesis;
    }
    if in_mode {
        if PROCEEDINGS.is_match(cont) {
            return EntryType::Proceedings;
        }
        return EntryType::Chapter;
    }
    if PROCEEDINGS.is_match(cont) {
        return EntryType::Proceedings;
    }
    if !cont.is_empty() && (r.volume.is_some() || r.pages.is_some() || r.issue.is_some() || JOURNALISH.is_match(cont)) {
        return EntryType::Article;
    }
    if REPORT.is_match(body) {
        return EntryType::Report;
    }
    if DATASET.is_match(body) {
        return EntryType::Dataset;
    }
    if r.publisher.is_some() || r.place.is_some() || r.edition.is_some() {
        return EntryType::Book;
    }
    if r.url.is_some() && r.container.is_none() && (WEB.is_match(body) || r.doi.is_none()) {
        return EntryType::Webpage;
    }
    if LEGAL.is_match(body) && r.authors.is_empty() {
        return EntryType::Legal;
    }
    if !cont.is_empty() {
        return EntryType::Article;
    }
    EntryType::Misc
}

/// Parses one reference string into fields; see [`crate::reference::parse_reference`].
pub(crate) fn parse(raw_in: &str) -> (Reference, Vec<Diagnostic>) {
    let raw = collapse_ws(raw_in);
    let mut r = Reference { raw: raw.clone(), ..Default::default() };
    let mut diags = Vec::new();
    if raw.is_empty() {
        diags.push(Diagnostic::warning("reference-empty", "the reference string is empty"));
        return (r, diags);
    }
    let mut s = strip_tags(&raw);
    if let Some(m) = NUMBER_PREFIX.find(&s) {
        // `2005. Title` is a year, not a number: the prefix regex allows at most four digits,
        // so keep it when it reads as a year.
        let digits: String = m.as_str().chars().filter(|c| c.is_ascii_digit()).collect();
        if !(digits.len() == 4 && YEAR.is_match(&digits)) {
            let e = m.end();
            s.replace_range(..e, "");
        }
    }
    extract_doi(&mut s, &mut r);
    extract_urls(&mut s, &mut r);
    let s = collapse_ws(&s);
    let region = scan_author_region(&s);
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
    parse_body(rest, &mut r, comma_style);
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
            "reference-unparsed",
            format!("could not find authors or a title in `{}`", short(&raw)),
        ));
    } else if r.year.is_none() {
        diags.push(Diagnostic::info("reference-without-year", format!("no year found in `{}`", short(&raw))));
    }
    let _ = is_initials;
    (r, diags)
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
    fn never_panics_on_odd_input() {
        for s in ["", " ", "(", "“", "1.", "[1]", "et al.", "In: (Eds.)", "10.1/x", "http://", "Ω. 2001", "a: b", "–"]
        {
            let _ = parse(s);
        }
    }
}
