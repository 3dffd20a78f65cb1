//! Lexical helpers shared by the reference parser's stages: tidying field values, page
//! ranges, abbreviations that do not end a sentence, places that end an imprint, and the
//! entry type read from the fields found.

use crate::model::{EntryType, Reference};

re!(
    PUB_WORD,
    r"(?i)\b(?:press|publish\w*|publications?|verlag|editions?|éditions|edizioni|editorial|editora|books|springer|elsevier|wiley|blackwell|routledge|sage|pearson|mcgraw|macmillan|penguin|norton|kluwer|pergamon|academic|univ\.?|university|universidad|universität|université|inc\.?|ltd\.?|co\.|gmbh|taylor|francis|harper|oxford|cambridge|prentice|addison|ashgate|palgrave|brill|de gruyter|suhrkamp|beck|gallimard|seuil|puf|karthala|harmattan|la découverte|institute|institut|foundation|bureau|office|department|ministry|council|agency|organization|organisation|society|association|laboratory|crc|thieme|mit|ieee|acm|nber|oecd|world bank|imf)\b"
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

/// Words before a period that do not end a sentence (and the month abbreviations of the
/// lexicon, [`crate::lexicon::MONTH_ABBREVIATIONS`]).
const ABBREVIATIONS: &[&str] = &[
    "vol", "vols", "no", "nos", "pp", "p", "ed", "eds", "al", "e.g", "i.e", "vs", "cf", "st", "dr", "mr", "mrs", "ms",
    "jr", "sr", "inc", "co", "fig", "ca", "approx", "nr", "bd", "hrsg", "hg", "dept", "univ", "proc", "trans", "conf",
    "int", "natl", "acad", "sci", "phys", "rev", "lett", "soc", "am", "chem", "biol", "med", "res", "eng", "j", "ann",
    "n", "v", "s", "ser", "suppl", "u.s", "u.k", "etc", "mt", "ft", "op", "cit", "ibid", "tr", "transl", "repr",
    "comp", "rep", "tech", "assoc", "org", "dir", "coord", "éd", "éds", "sp", "spp", "var", "subsp", "ltd", "corp",
    "mass", "calif", "ill", "wis", "conn", "penn", "ont", "jap", "d.c", "b.v", "n.v", "s.a", "ges", "gen", "prof",
    "sen", "rep", "gov", "min", "no.", "intl", "math", "symp", "ws", "annu", "comput", "syst", "appl", "theor", "mech",
    "electr", "lab", "mgmt", "workshp",
];

/// Strips surrounding punctuation and spaces from a field value.
pub(in crate::reference) fn tidy(s: &str) -> String {
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

pub(in crate::reference) fn opt(s: String) -> Option<String> {
    if s.chars().any(|c| c.is_alphanumeric()) { Some(s) } else { None }
}

/// Normalises a page range: plain hyphen, no spaces.
pub(in crate::reference) fn pages_norm(s: &str) -> String {
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

pub(in crate::reference) fn is_abbrev_word(w: &str) -> bool {
    let core = w.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end_matches('.');
    if core.is_empty() {
        return true;
    }
    let lower = core.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) || crate::lexicon::MONTH_ABBREVIATIONS.contains(&lower) {
        return true;
    }
    // `Post-Conf.`: the last part of a hyphenated word is the abbreviation.
    if let Some((_, tail)) = lower.rsplit_once('-')
        && tail.len() >= 2
        && (ABBREVIATIONS.contains(&tail) || crate::lexicon::MONTH_ABBREVIATIONS.contains(tail))
    {
        return true;
    }
    let n = core.chars().count();
    // `Int'l`, `Nat'l`: contracted abbreviations.
    if n <= 6 && (core.contains('\'') || core.contains('’')) && core.ends_with('l') {
        return true;
    }
    // One capital letter (`J.`), or dotted initials (`U.S.`).
    (n == 1 && core.chars().all(|c| c.is_alphabetic() && !c.is_lowercase()))
        || (core.contains('.')
            && core.chars().all(|c| c.is_alphabetic() || c == '.')
            && core.split('.').all(|p| p.chars().count() <= 2))
}

/// Two-letter state or province codes and country names that end a place (`San Jose, CA`).
use crate::lexicon::PLACE_ENDS;

/// A state or province code or a country that ends a place (`CA`, `Germany`).
pub(in crate::reference) fn is_place_end(t: &str) -> bool {
    PLACE_ENDS.contains(t)
}

/// Splits a trailing location off a container: `Proceedings of X, San Jose, CA` →
/// (`Proceedings of X`, `San Jose, CA`). The last part must be a state code or a country.
pub(in crate::reference) fn split_trailing_place(cont: &str) -> (String, Option<String>) {
    let parts: Vec<&str> = cont.split(", ").collect();
    if parts.len() < 2 {
        return (cont.to_string(), None);
    }
    let last = parts[parts.len() - 1].trim_end_matches('.');
    if !PLACE_ENDS.contains(last) {
        return (cont.to_string(), None);
    }
    let placeish = |p: &str| {
        let words = p.split_whitespace().count();
        (1..=3).contains(&words)
            && p.chars().next().is_some_and(|c| c.is_uppercase())
            && !p.chars().any(|c| c.is_ascii_digit() || matches!(c, '(' | ')' | ':'))
            && !PUB_WORD.is_match(p)
            && !JOURNALISH.is_match(p)
            && !PROCEEDINGS.is_match(p)
    };
    let mut k = parts.len() - 1;
    while k > 1 && placeish(parts[k - 1]) && parts.len() - k < 3 {
        k -= 1;
    }
    if k == 0 {
        return (cont.to_string(), None);
    }
    (parts[..k].join(", "), opt(tidy(&parts[k..].join(", "))))
}

pub(in crate::reference) fn classify(r: &Reference, in_mode: bool, body: &str) -> EntryType {
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
