//! Normalisation of reference-list entries before they are written as a bibliography.
//!
//! Why this exists: the reference parser keeps fields the way the document wrote them —
//! that is what `citegraph refs` and the resolver need, and what the field-accuracy scores
//! measure. A bibliography handed to biber, BibTeX or a CSL processor needs the data in
//! their conventions instead: a given name `PR` is two initials, `250–61` is the range
//! 250–261, `3rd edition` is edition 3 (styles add the word themselves), a journal with a
//! volume and pages is an article even when its name begins with "Proceedings", and an
//! acronym in a title must survive a style's title- or sentence-casing. Doing this only on
//! export keeps the parsed fields (and every score on them) unchanged.
//!
//! Entries that came from a `.bib` database (their `raw` starts with `@`) are the user's
//! own data and are never touched.

use crate::model::{Document, EntryType, Person, Reference};

/// The documents with every reference-list entry normalised (see the module docs); `.bib`
/// entries and everything else are cloned unchanged.
pub fn normalized(docs: &[Document]) -> Vec<Document> {
    docs.iter()
        .map(|d| {
            let mut d = d.clone();
            for r in &mut d.references {
                *r = normalize_reference(r);
            }
            d
        })
        .collect()
}

/// True when the entry came from the user's database (a BibTeX/BibLaTeX entry, or a
/// CSL-JSON item) rather than a reference list.
pub fn from_bib(r: &Reference) -> bool {
    let raw = r.raw.trim();
    raw.starts_with('@') || (raw.starts_with('{') && raw.ends_with('}') && raw.contains("\"id\""))
}

/// One reference-list entry in the conventions of bibliography software.
pub fn normalize_reference(r: &Reference) -> Reference {
    if from_bib(r) {
        return r.clone();
    }
    let mut n = r.clone();
    for p in n.authors.iter_mut().chain(n.editors.iter_mut()) {
        normalize_person(p);
    }
    n.pages = n.pages.as_deref().map(expand_pages);
    n.edition = n.edition.as_deref().map(edition_number).filter(|e| !e.is_empty());
    if n.volume.is_none() {
        n.volume = roman_volume_after_container(&n);
    }
    rejoin_split_title(&mut n);
    n.kind = kind_from_evidence(&n);
    n
}

/// Given names as spaced initials, stray periods off family and corporate names.
fn normalize_person(p: &mut Person) {
    if let Some(l) = p.literal.take() {
        p.literal = Some(strip_stray_period(&l));
    }
    if let Some(f) = p.family.take() {
        p.family = Some(strip_stray_period(&f));
    }
    let shouting = p.family.as_deref().is_some_and(|f| {
        let letters: Vec<char> = f.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
    });
    if let Some(g) = p.given.take() {
        let g = given_initials(&g, shouting);
        p.given = (!g.is_empty()).then_some(g);
    }
}

/// Abbreviations whose final period belongs to the name (`Acme Inc.`).
const KEEP_PERIOD: &[&str] = &[
    "inc", "ltd", "co", "corp", "bros", "assn", "assoc", "dept", "univ", "inst", "org", "govt", "intl", "natl", "jr",
    "sr", "st", "no", "plc", "llc", "etc", "al",
];

/// `Zhang.` → `Zhang`; `Acme Inc.`, `U.S.` and a lone initial `J.` keep their period.
fn strip_stray_period(name: &str) -> String {
    let t = name.trim();
    let Some(body) = t.strip_suffix('.') else { return t.to_string() };
    let last = body.rsplit([' ', '-']).next().unwrap_or(body);
    let letters = last.chars().filter(|c| c.is_alphabetic()).count();
    if last.contains('.') || letters < 2 || KEEP_PERIOD.contains(&last.to_lowercase().as_str()) {
        return t.to_string();
    }
    body.trim_end().to_string()
}

/// Given names with every initial written `X.` and separated by spaces: `PR` → `P. R.`,
/// `P.R.` → `P. R.`, `C-I` → `C.-I.`, `Pierre R` → `Pierre R.`. Runs of capitals are only
/// read as initials when they are short (at most 3; 2 when the family name is all capitals
/// too, where `JO` may be a name written in capitals).
fn given_initials(given: &str, shouting: bool) -> String {
    let mut out: Vec<String> = Vec::new();
    for tok in given.split_whitespace() {
        out.push(initials_token(tok, shouting).unwrap_or_else(|| tok.to_string()));
    }
    out.join(" ")
}

fn initials_token(tok: &str, shouting: bool) -> Option<String> {
    if !tok.chars().all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '‐')) {
        return None;
    }
    let caps = tok.chars().filter(|c| c.is_uppercase()).count();
    let dotted = tok.contains('.');
    let hyphenated = tok.contains(['-', '‐']);
    let limit = if dotted || hyphenated {
        6
    } else if shouting {
        2
    } else {
        3
    };
    if caps == 0 || caps > limit {
        return None;
    }
    let parts: Vec<String> = tok
        .split(['-', '‐'])
        .map(|seg| seg.chars().filter(|c| c.is_uppercase()).map(|c| format!("{c}.")).collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("-"))
}

/// Expands an abbreviated page range: `250-61` → `250-261`, `1039–43` → `1039-1043`;
/// `99-101`, `e1002` and ranges whose end would not follow the start are kept as written
/// (dashes become a plain hyphen).
pub fn expand_pages(p: &str) -> String {
    let t = p.trim();
    let is_dash = |c: char| matches!(c, '-' | '–' | '—' | '‐' | '‑');
    let Some(i) = t.find(is_dash) else { return t.to_string() };
    let (a, rest) = t.split_at(i);
    let b = rest.trim_start_matches(is_dash).trim();
    let a = a.trim();
    if b.is_empty() || b.contains(is_dash) {
        return t.to_string();
    }
    let split = |s: &str| {
        let k = s.len() - s.chars().rev().take_while(|c| c.is_ascii_digit()).count();
        (s[..k].to_string(), s[k..].to_string())
    };
    let (pa, da) = split(a);
    let (pb, db) = split(b);
    let prefixes_fit = pb.is_empty() || pb == pa;
    if da.is_empty() || db.is_empty() || !prefixes_fit || pa.chars().any(|c| c.is_ascii_digit()) {
        return format!("{a}-{b}");
    }
    let full = if db.len() < da.len() { format!("{}{db}", &da[..da.len() - db.len()]) } else { db.clone() };
    let (Ok(x), Ok(y)) = (da.parse::<u64>(), full.parse::<u64>()) else { return format!("{a}-{b}") };
    if y <= x {
        return format!("{a}-{b}");
    }
    format!("{a}-{pb}{full}")
}

const ORDINAL_WORDS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The edition without the word "edition": `3rd edition` → `3`, `Second edn.` → `2`,
/// `Revised ed.` → `Revised`. Styles print the word themselves.
pub fn edition_number(e: &str) -> String {
    let t = e.trim().trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';')).trim();
    let lower = t.to_lowercase();
    let mut core = lower.as_str();
    for word in ["edition", "edn.", "edn", "ed.", "ed", "aufl.", "auflage", "éd.", "éd", "ausgabe"] {
        if let Some(s) = core.strip_suffix(word)
            && (s.is_empty() || s.ends_with([' ', '.']))
        {
            core = s.trim_end();
            break;
        }
    }
    let core = core.trim_end_matches('.').trim();
    if core.is_empty() {
        return t.to_string();
    }
    let digits: String = core.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &core[digits.len()..];
    if !digits.is_empty() && matches!(rest, "" | "st" | "nd" | "rd" | "th" | "." | "e" | "er" | "ème" | "a" | "o") {
        return digits.trim_start_matches('0').to_string();
    }
    if let Some(i) = ORDINAL_WORDS.iter().position(|w| *w == core) {
        return (i + 1).to_string();
    }
    // Not a number: the words as written, without the trailing "edition".
    t.get(..core.len()).map(|s| s.trim().to_string()).unwrap_or_else(|| t.to_string())
}

/// A Roman volume number written right after the container in the entry
/// (`The Enzymes. II (3rd edition)`), which the parser leaves out of `volume`.
fn roman_volume_after_container(r: &Reference) -> Option<String> {
    let cont = r.container.as_deref()?.trim();
    if cont.is_empty() {
        return None;
    }
    let at = r.raw.find(cont)? + cont.len();
    let rest = r.raw[at..].trim_start_matches(['.', ',', ':', ' ']);
    let rest = ["Volume ", "Vol. ", "Vol ", "vol. ", "vol "].iter().find_map(|p| rest.strip_prefix(p)).unwrap_or(rest);
    let numeral: String = rest.chars().take_while(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')).collect();
    let after = rest[numeral.len()..].chars().next();
    let ends = after.is_none_or(|c| matches!(c, ' ' | '.' | ',' | ';' | ':' | '('));
    (!numeral.is_empty() && numeral.len() <= 6 && ends && is_roman(&numeral)).then_some(numeral)
}

/// A well-formed Roman numeral from 1 to 399 (written in canonical form: `IV`, not `IIII`).
fn is_roman(s: &str) -> bool {
    let values: Vec<u32> = s
        .chars()
        .map(|c| match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            _ => 0,
        })
        .collect();
    if values.is_empty() || values.contains(&0) {
        return false;
    }
    let mut total = 0i64;
    for (i, &x) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&n| n > x) {
            total -= i64::from(x);
        } else {
            total += i64::from(x);
        }
    }
    u32::try_from(total).is_ok_and(|n| n > 0 && to_roman(n) == s)
}

fn to_roman(mut n: u32) -> String {
    let table = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// `Flavocristamides A and B, new DNA polymerase α inhibitors from a marine bacterium sp.
/// Tetrahedron`: the parser split the title at its inner comma, so the "container" starts
/// with a lower-case word and only its last sentence is the journal. The part before goes
/// back into the title.
fn rejoin_split_title(r: &mut Reference) {
    let Some(cont) = r.container.as_deref().map(str::trim) else { return };
    let first = cont.split_whitespace().next().unwrap_or("");
    if first.chars().count() < 2 || !first.chars().all(|c| c.is_lowercase()) || r.title.is_none() {
        return;
    }
    let Some(i) = cont.rfind(". ") else { return };
    let (head, tail) = (cont[..=i].trim(), cont[i + 2..].trim());
    if !tail.chars().next().is_some_and(char::is_uppercase) {
        return;
    }
    let title = r.title.take().unwrap_or_default();
    r.title = Some(format!("{}, {}", title.trim_end_matches([',', ' ']), head.trim_end_matches('.')));
    r.container = Some(tail.to_string());
}

/// Words that mark a conference rather than a journal in a container's name.
const CONFERENCE_WORDS: &[&str] =
    &["conference", "conf", "conf.", "symposium", "symp", "symp.", "workshop", "meeting", "congress", "colloquium"];

/// The entry type the fields support: a container with a volume and pages (or an issue),
/// no editors and no publisher is a journal, whatever words its name contains (PNAS:
/// "Proceedings of the National Academy of Sciences"). A container named as a conference,
/// or one opened with "In", keeps its type.
fn kind_from_evidence(r: &Reference) -> EntryType {
    if r.kind != EntryType::Proceedings {
        return r.kind;
    }
    let Some(cont) = r.container.as_deref() else { return r.kind };
    let conference = cont.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.').to_lowercase();
        CONFERENCE_WORDS.contains(&w.as_str())
            || (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) && (w.starts_with("19") || w.starts_with("20")))
    });
    let introduced = r.raw.find(cont).is_some_and(|at| {
        let before = r.raw[..at].trim_end();
        before.ends_with(" In") || before.ends_with(" In:") || before.ends_with(" in:") || before.ends_with(" In.")
    });
    let journal_like = r.volume.is_some()
        && (r.pages.is_some() || r.issue.is_some())
        && r.editors.is_empty()
        && r.publisher.is_none()
        && r.place.is_none();
    if journal_like && !conference && !introduced { EntryType::Article } else { r.kind }
}

/// The letter of a year such as `2004a` (`a`), `1987bc`, `2004-a`; `None` for a bare year.
pub fn year_letter(year: &str) -> Option<String> {
    let y = year.trim();
    let digits = y.chars().take_while(char::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let rest = y[digits..].trim_start_matches(['-', ' ']);
    (!rest.is_empty() && rest.len() <= 3 && rest.chars().all(|c| c.is_ascii_lowercase())).then(|| rest.to_string())
}

/// The byte ranges of the words of a title that a style must not re-case: acronyms and
/// mixed-case words (`DNA`, `PlasmoDB`, `mRNA`, `H3K27me3`, `eLife`). Nothing is protected
/// in a title written mostly in capitals, where capitals carry no information.
pub fn protected_words(title: &str) -> Vec<(usize, usize)> {
    let letters = title.chars().filter(|c| c.is_alphabetic()).count();
    let upper = title.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 12 && upper * 10 >= letters * 6 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pos = 0;
    for word in title.split(char::is_whitespace) {
        let start = pos;
        pos += word.len() + 1;
        let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            continue;
        }
        let mut chars = core.chars();
        let first = chars.next().unwrap_or(' ');
        let rest_upper = chars.clone().any(char::is_uppercase);
        let has_digit = core.chars().any(|c| c.is_ascii_digit());
        let has_letter = core.chars().any(char::is_alphabetic);
        if rest_upper || (first.is_uppercase() && has_digit && has_letter) {
            out.push((start + lead, start + lead + core.len()));
        }
    }
    out
}

/// A title as BibLaTeX, escaped with `escape`, its acronyms and mixed-case words in
/// braces so that no style changes their case: `PlasmoDB: a database` →
/// `{PlasmoDB}: a database`.
pub fn title_tex(title: &str, escape: impl Fn(&str) -> String) -> String {
    let title = crate::export::one_line(title);
    // `escape` trims its input: keep the spaces around each piece explicitly.
    let piece = |s: &str| {
        let mut out = String::new();
        if s.starts_with(' ') {
            out.push(' ');
        }
        out.push_str(&escape(s.trim()));
        if s.ends_with(' ') && !s.trim().is_empty() {
            out.push(' ');
        }
        out
    };
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in protected_words(&title) {
        out.push_str(&piece(&title[at..s]));
        out.push('{');
        out.push_str(&escape(&title[s..e]));
        out.push('}');
        at = e;
    }
    out.push_str(&piece(&title[at..]));
    out
}

/// A title as CSL-JSON rich text: acronyms and mixed-case words in
/// `<span class="nocase">…</span>`, which citeproc-js and pandoc leave as written.
pub fn title_nocase(title: &str) -> String {
    let title = crate::export::one_line(title);
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in protected_words(&title) {
        out.push_str(&title[at..s]);
        out.push_str("<span class=\"nocase\">");
        out.push_str(&title[s..e]);
        out.push_str("</span>");
        at = e;
    }
    out.push_str(&title[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(g: &str) -> String {
        given_initials(g, false)
    }

    #[test]
    fn initials_are_separated() {
        assert_eq!(given("PR"), "P. R.");
        assert_eq!(given("R"), "R.");
        assert_eq!(given("P.R."), "P. R.");
        assert_eq!(given("C-I"), "C.-I.");
        assert_eq!(given("J.-P."), "J.-P.");
        assert_eq!(given("Pierre R"), "Pierre R.");
        assert_eq!(given("Y."), "Y.");
        assert_eq!(given("Ana"), "Ana");
        assert_eq!(given("ADB"), "A. D. B.");
        // Four capitals in a row read as a name, not as initials.
        assert_eq!(given("JOHN"), "JOHN");
        assert_eq!(given_initials("JO", true), "J. O.");
        assert_eq!(given_initials("JOE", true), "JOE");
    }

    #[test]
    fn stray_periods_go() {
        assert_eq!(strip_stray_period("Zhang."), "Zhang");
        assert_eq!(strip_stray_period("Acme Inc."), "Acme Inc.");
        assert_eq!(strip_stray_period("U.S."), "U.S.");
        assert_eq!(strip_stray_period("J."), "J.");
        assert_eq!(strip_stray_period("World Health Organization."), "World Health Organization");
    }

    #[test]
    fn page_ranges_expand() {
        assert_eq!(expand_pages("250-61"), "250-261");
        assert_eq!(expand_pages("1039–43"), "1039-1043");
        assert_eq!(expand_pages("158--63"), "158-163");
        assert_eq!(expand_pages("99-101"), "99-101");
        assert_eq!(expand_pages("11666–11670"), "11666-11670");
        assert_eq!(expand_pages("e1002"), "e1002");
        assert_eq!(expand_pages("S12-5"), "S12-15");
        assert_eq!(expand_pages("250-49"), "250-49");
        assert_eq!(expand_pages("1-2-3"), "1-2-3");
        assert_eq!(expand_pages("12-"), "12-");
    }

    #[test]
    fn editions_become_numbers() {
        assert_eq!(edition_number("3rd edition"), "3");
        assert_eq!(edition_number("2nd edn."), "2");
        assert_eq!(edition_number("Second edition"), "2");
        assert_eq!(edition_number("1st"), "1");
        assert_eq!(edition_number("4"), "4");
        assert_eq!(edition_number("Revised edition"), "Revised");
        assert_eq!(edition_number("2. Aufl."), "2");
        assert_eq!(edition_number("edition"), "edition");
    }

    #[test]
    fn roman_volume_is_kept() {
        let r = Reference {
            raw: "Rossmann MG. 1975. Evolutionary relationships. In: Boyer PD (Eds). The Enzymes. II (3rd edition). Academic Press. p. 61–102.".into(),
            container: Some("The Enzymes".into()),
            kind: EntryType::Chapter,
            ..Default::default()
        };
        assert_eq!(normalize_reference(&r).volume.as_deref(), Some("II"));
        let not = Reference {
            raw: "X. The Enzymes. IIx".into(),
            container: Some("The Enzymes".into()),
            ..Default::default()
        };
        assert_eq!(normalize_reference(&not).volume, None);
        assert!(is_roman("XIV") && is_roman("II") && !is_roman("IIII") && !is_roman("VX") && !is_roman("IC"));
    }

    #[test]
    fn split_titles_rejoin() {
        let r = Reference {
            title: Some("Flavocristamides A and B".into()),
            container: Some("new DNA polymerase α inhibitors from a marine bacterium sp. Tetrahedron".into()),
            volume: Some("51".into()),
            kind: EntryType::Article,
            ..Default::default()
        };
        let n = normalize_reference(&r);
        assert_eq!(
            n.title.as_deref(),
            Some("Flavocristamides A and B, new DNA polymerase α inhibitors from a marine bacterium sp")
        );
        assert_eq!(n.container.as_deref(), Some("Tetrahedron"));
        let elife = Reference { title: Some("T".into()), container: Some("eLife".into()), ..Default::default() };
        assert_eq!(normalize_reference(&elife).container.as_deref(), Some("eLife"));
    }

    #[test]
    fn journals_with_volume_and_pages_are_articles() {
        let pnas = Reference {
            raw: "Chen RD. 1995. A dehydrogenase. Proceedings of the National Academy of Sciences of the United States of America 92:11666–11670.".into(),
            container: Some("Proceedings of the National Academy of Sciences of the United States of America".into()),
            volume: Some("92".into()),
            pages: Some("11666-11670".into()),
            kind: EntryType::Proceedings,
            ..Default::default()
        };
        assert_eq!(normalize_reference(&pnas).kind, EntryType::Article);
        let conf = Reference {
            raw: "A. B. Title. In Proceedings of the 2005 Conference on X, 12: 1-10.".into(),
            container: Some("Proceedings of the 2005 Conference on X".into()),
            volume: Some("12".into()),
            pages: Some("1-10".into()),
            kind: EntryType::Proceedings,
            ..Default::default()
        };
        assert_eq!(normalize_reference(&conf).kind, EntryType::Proceedings);
        let edited = Reference { editors: vec![Person::name("Ed", None)], ..pnas.clone() };
        assert_eq!(normalize_reference(&edited).kind, EntryType::Proceedings);
    }

    #[test]
    fn acronyms_are_protected() {
        let t = "PlasmoDB: the Plasmodium genome resource, with mRNA and H3K27me3 in U S A (DNA).";
        assert_eq!(
            title_tex(t, |s| s.to_string()),
            "{PlasmoDB}: the Plasmodium genome resource, with {mRNA} and {H3K27me3} in U S A ({DNA})."
        );
        assert_eq!(title_tex("a DNA b", crate::export::biblatex::escape), "a {DNA} b");
        assert_eq!(title_tex("R&D of ATP_2", crate::export::biblatex::escape), r"{R\&D} of {ATP\_2}");
        assert_eq!(title_nocase("The DNA"), "The <span class=\"nocase\">DNA</span>");
        assert!(protected_words("A STUDY OF THE EFFECTS OF DNA").is_empty());
        assert!(protected_words("Cats and dogs").is_empty());
    }

    #[test]
    fn bib_entries_are_untouched() {
        let r = Reference {
            raw: "@book{k, edition = {3rd edition}}".into(),
            edition: Some("3rd edition".into()),
            authors: vec![Person::name("Baldwin", Some("PR".into()))],
            ..Default::default()
        };
        assert_eq!(normalize_reference(&r), r);
    }
}

#[cfg(test)]
mod doc_examples {
    use super::*;

    /// `normalize_reference` on the cases its documentation showed (a unit test: it is private).
    #[test]
    fn normalize_reference_example() {
        use crate::model::{Person, Reference};
        let r = Reference {
            authors: vec![Person::name("Baldwin", Some("PR".into())), Person::name("Zhang.", Some("Y.".into()))],
            pages: Some("250-61".into()),
            edition: Some("3rd edition".into()),
            ..Default::default()
        };
        let n = normalize_reference(&r);
        assert_eq!(n.authors[0].given.as_deref(), Some("P. R."));
        assert_eq!(n.authors[1].family.as_deref(), Some("Zhang"));
        assert_eq!(n.pages.as_deref(), Some("250-261"));
        assert_eq!(n.edition.as_deref(), Some("3"));
    }

    /// `year_letter` on the cases its documentation showed (a unit test: it is private).
    #[test]
    fn year_letter_example() {
        assert_eq!(year_letter("2004a").as_deref(), Some("a"));
        assert_eq!(year_letter("2004"), None);
        assert_eq!(year_letter("in press"), None);
    }
}
