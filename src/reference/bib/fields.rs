//! Reading the fields of one entry: entry types, names, TeX to plain text, pages, DOIs, years.

use super::*;

pub(super) fn entry_type(kind: &str) -> EntryType {
    match kind {
        "article" | "suppperiodical" => EntryType::Article,
        "book" | "mvbook" | "collection" | "mvcollection" | "booklet" | "reference" | "mvreference" | "proceedings"
        | "mvproceedings" | "manual" => EntryType::Book,
        "inbook" | "incollection" | "bookinbook" | "suppbook" | "suppcollection" | "inreference" => EntryType::Chapter,
        "inproceedings" | "conference" => EntryType::Proceedings,
        "report" | "techreport" => EntryType::Report,
        "thesis" | "phdthesis" | "mastersthesis" => EntryType::Thesis,
        "online" | "www" | "electronic" => EntryType::Webpage,
        "dataset" | "software" | "data" => EntryType::Dataset,
        "legislation" | "jurisdiction" | "legal" => EntryType::Legal,
        _ => EntryType::Misc,
    }
}

/// Authors or editors from a name list; the flag is true when the list ends in `others`.
pub(super) fn names(chunks: &[BSpanned<Chunk>]) -> (Vec<Person>, bool) {
    let mut people = Vec::new();
    let mut et_al = false;
    for piece in split_names(chunks) {
        let piece: Vec<BSpanned<Chunk>> =
            piece.into_iter().filter(|c| !(matches!(c.v, Chunk::Normal(_)) && c.v.get().trim().is_empty())).collect();
        if piece.is_empty() {
            continue;
        }
        if let [one] = piece.as_slice() {
            match &one.v {
                Chunk::Verbatim(s) => {
                    let s = clean(s);
                    if !s.is_empty() {
                        people.push(Person::literal(s));
                    }
                    continue;
                }
                Chunk::Normal(s) if s.trim() == "others" => {
                    et_al = true;
                    continue;
                }
                _ => {}
            }
        }
        let p = catch_unwind(|| biblatex::Person::parse(&piece)).ok();
        let Some(p) = p else { continue };
        let family = clean(&format!("{} {}", p.prefix, p.name));
        let given = clean(&p.given_name);
        let suffix = clean(&p.suffix);
        let person = match (family.is_empty(), given.is_empty()) {
            (true, true) => continue,
            (true, false) => Person::name(given, None),
            (false, _) => Person::name(family, (!given.is_empty()).then_some(given)),
        };
        people.push(Person { suffix: (!suffix.is_empty()).then_some(suffix), ..person });
    }
    (people, et_al)
}

/// Splits a name list at ` and ` (any case) outside braces.
pub(super) fn split_names(chunks: &[BSpanned<Chunk>]) -> Vec<Vec<BSpanned<Chunk>>> {
    let mut out = Vec::new();
    let mut cur: Vec<BSpanned<Chunk>> = Vec::new();
    for c in chunks {
        let Chunk::Normal(s) = &c.v else {
            cur.push(c.clone());
            continue;
        };
        let b = s.as_bytes();
        let mut seg = 0;
        let mut i = 1;
        while i + 4 <= b.len() {
            if b[i - 1].is_ascii_whitespace()
                && b[i..i + 3].eq_ignore_ascii_case(b"and")
                && b[i + 3].is_ascii_whitespace()
            {
                cur.push(BSpanned::new(Chunk::Normal(s[seg..i].to_string()), c.span.clone()));
                out.push(std::mem::take(&mut cur));
                seg = i + 3;
                i += 4;
            } else {
                i += 1;
            }
        }
        cur.push(BSpanned::new(Chunk::Normal(s[seg..].to_string()), c.span.clone()));
    }
    out.push(cur);
    out
}

/// Removes TeX left over after the crate's conversion: unknown commands (keeping their
/// arguments), grouping braces and `~`; collapses whitespace.
pub(super) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !name.is_empty() {
                    out.push_str(command_text(&name));
                    if chars.peek() == Some(&' ') {
                        chars.next();
                    }
                } else if let Some(n) = chars.next() {
                    // `\,`, `\;`, `\ ` and `\\` are spaces or line breaks.
                    out.push(if matches!(n, '\\' | ',' | ';' | ':' | '!' | ' ') { ' ' } else { n });
                }
            }
            '{' | '}' => {}
            '~' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an unknown command left by the crate stands for: logos keep their name, a few
/// spacing commands become text, anything else (`\\emph`, `\\relax`) disappears.
pub(super) fn command_text(name: &str) -> &str {
    match name {
        "TeX" | "LaTeX" | "BibTeX" | "XeTeX" | "LuaTeX" | "pdfTeX" | "ConTeXt" | "METAFONT" | "MF" | "MP" => name,
        "LaTeXe" => "LaTeX2e",
        "hyphen" | "textendash" => "-",
        "slash" => "/",
        "space" | "quad" | "qquad" | "nobreakspace" | "enspace" | "thinspace" => " ",
        "textampersand" => "&",
        _ => "",
    }
}

/// Page range with plain hyphens: `192--219` → `192-219`.
pub(super) fn plain_pages(s: &str) -> String {
    let s: String = s.chars().map(|c| if matches!(c, '–' | '—' | '‐' | '‑') { '-' } else { c }).collect();
    let mut s = s.replace("--", "-");
    while s.contains(" -") || s.contains("- ") {
        s = s.replace(" -", "-").replace("- ", "-");
    }
    s
}

pub(super) fn is_page_number(s: &str) -> bool {
    !s.is_empty() && (s.chars().any(|c| c.is_ascii_digit()) || s.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)))
}

pub(super) fn strip_doi(d: &str) -> String {
    let lower = d.to_ascii_lowercase();
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"] {
        if lower.starts_with(prefix) {
            return d[prefix.len()..].trim().to_string();
        }
    }
    d.to_string()
}

/// The year: from `date` (its first year), else `year` as written when it is a year
/// (a letter suffix written in the file is kept), else `n.d.`/`in press`/`forthcoming`.
pub(super) fn year_of(e: &biblatex::Entry) -> Option<String> {
    if let Some(d) = e.get("date") {
        let s = d.format_verbatim();
        let t = s.trim_start();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == 4 {
            return Some(digits);
        }
    }
    if let Some(y) = e.get("year") {
        let s = clean(&y.format_verbatim());
        let b = s.as_bytes();
        if b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) {
            let rest = &s[4..];
            if rest.is_empty() || (rest.len() == 1 && rest.as_bytes()[0].is_ascii_lowercase()) {
                return Some(s);
            }
            return Some(s[..4].to_string());
        }
        match s.to_lowercase().as_str() {
            "n.d." | "n. d." | "nd" | "no date" | "s.d." => return Some("n.d.".to_string()),
            "in press" | "inpress" => return Some("in press".to_string()),
            "forthcoming" => return Some("forthcoming".to_string()),
            _ => {}
        }
        if let Some(k) = s.as_bytes().windows(4).position(|w| w.iter().all(u8::is_ascii_digit)) {
            return Some(s[k..k + 4].to_string());
        }
    }
    match e.get("pubstate").map(|p| p.format_verbatim().trim().to_lowercase()).as_deref() {
        Some("inpress") | Some("in press") => Some("in press".to_string()),
        Some("forthcoming") => Some("forthcoming".to_string()),
        _ => None,
    }
}
