//! Author lists: where they end inside a reference string and how they split into people.
//!
//! Reference styles disagree on name order (`Smith, J. A.`, `Smith JA`, `J. A. Smith`,
//! `John A. Smith`) and on separators (`,`, `;`, `&`, `and`, `und`, `et`). Rather than one
//! regex per style, the head of the string is scanned word by word with a few cues
//! (initials, capitals, particles, connectors, the punctuation after each word) until a word
//! shows that the title, the year or the rest has begun. The region found is then cut into
//! name chunks and paired (`Smith` + `J. A.`) where the style is inverted.

use crate::model::Person;

/// Where the author region of a reference string ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AuthorRegion {
    /// Byte end of the author text (exclusive).
    pub end: usize,
    /// Byte where the rest of the reference resumes.
    pub resume: usize,
}

/// Words that mark a corporate author.
const CORPORATE: &[&str] = &[
    "university",
    "universität",
    "université",
    "universidad",
    "institute",
    "institut",
    "instituto",
    "organization",
    "organisation",
    "agency",
    "association",
    "society",
    "department",
    "council",
    "committee",
    "team",
    "group",
    "ministry",
    "ministère",
    "bank",
    "office",
    "inc",
    "ltd",
    "llc",
    "company",
    "corporation",
    "corp",
    "foundation",
    "nations",
    "commission",
    "center",
    "centre",
    "service",
    "services",
    "board",
    "bureau",
    "administration",
    "authority",
    "consortium",
    "project",
    "network",
    "programme",
    "program",
    "laboratory",
    "agence",
    "staff",
    "government",
    "federation",
    "union",
    "league",
    "trust",
    "fund",
    "survey",
    "statistics",
    "academy",
    "press",
    "museum",
    "library",
    "collaboration",
    "working",
    "secretariat",
    "parliament",
    "court",
    "census",
    "anonymous",
    "anon",
    "anonyme",
    "who",
    "oecd",
    "unesco",
    "unicef",
    "nasa",
    "ieee",
    "acm",
];

/// A name particle of the shared lexicon as written (`van`, `'t`, `dei`), or an elided
/// `d'` glued to the name (`d'Alembert`); a trailing comma or semicolon is ignored.
fn is_particle(w: &str) -> bool {
    let l = w.trim_end_matches([',', ';']);
    crate::lexicon::is_particle(l) || l.starts_with("d'") || l.starts_with("d’")
}

/// `Di`, `Van`, `De`: a particle written with a capital, opening a family name.
fn is_cap_particle(w: &str) -> bool {
    matches!(
        w,
        "Di" | "De" | "Van" | "Von" | "Da" | "Del" | "Della" | "Du" | "Des" | "Dos" | "Le" | "La" | "Ter" | "Ten"
    )
}

fn is_connector(w: &str) -> bool {
    let l = w.trim_end_matches([',', ';']);
    l == "&" || (l.chars().next().is_some_and(|c| c.is_lowercase()) && crate::lexicon::NAME_CONNECTORS.contains(l))
}

/// `J.`, `JA`, `J.A.`, `J.-P.`, `C-I.`, `Th.`: a block of initials.
pub(crate) fn is_initials(w: &str) -> bool {
    let core = w.trim_end_matches([',', ';', ':']);
    // One pass: only letters, `.`, `-` and `‐`; how many letters, whether the first and
    // whether all of them are capitals.
    let mut letters = 0usize;
    let mut first_upper = false;
    let mut all_upper = true;
    let mut has_dot = false;
    for c in core.chars() {
        if c.is_alphabetic() {
            let upper = c.is_uppercase();
            if letters == 0 {
                first_upper = upper;
            }
            all_upper &= upper;
            letters += 1;
        } else if c == '.' {
            has_dot = true;
        } else if c != '-' && c != '‐' {
            return false;
        }
    }
    if letters == 0 || !first_upper {
        return false;
    }
    if all_upper {
        // `JA`, `PR`, `J.A.B.`; long all-caps words are family names.
        return letters <= 3 || (has_dot && core.split('.').all(|p| p.chars().count() <= 2));
    }
    // `Th.`, `Ch.`, `Wm.`: one capital plus one lower-case letter and a period.
    has_dot && core.split(['.', '-']).all(|p| p.chars().count() <= 2)
}

fn is_suffix(w: &str) -> bool {
    matches!(w.trim_end_matches([',', ';', '.']), "Jr" | "Sr" | "II" | "III" | "IV" | "Jnr" | "Snr")
}

fn is_et_al_start(w: &str, next: Option<&str>) -> Option<usize> {
    let l = w.to_lowercase();
    let l = l.trim_end_matches([',', ';']);
    if matches!(l, "et.al." | "etal." | "et.al" | "u.a." | "u.a" | "al.," | "etc.") {
        return Some(1);
    }
    // Dutch `e.a.` is lower-case; `E.A.` is a block of initials (`DeMattia, E.A., Curran`).
    if l == "e.a." && w.starts_with('e') {
        return Some(1);
    }
    if (l == "et" || l == "et." || l == "and" || l == "&")
        && next.is_some_and(|n| {
            let n = n.to_lowercase();
            n.starts_with("al.")
                || (n.trim_end_matches([',', ';']) == "al" && !next.is_some_and(|x| x.starts_with('A')))
                || n.starts_with("others")
                || n.starts_with("coll.")
                || n.trim_end_matches([',', ';']) == "coll"
                || n.starts_with("collab")
        })
    {
        return Some(2);
    }
    if (l == "u." || l == "u") && next.is_some_and(|n| n.starts_with("a.")) {
        return Some(2);
    }
    None
}

fn first_char(w: &str) -> Option<char> {
    w.chars().next()
}

const OPENERS: &[char] = &['"', '“', '«', '‘', '\'', '„', '»', '`', '(', '[', '<', '‹', '”'];

/// A word that opens a quotation, a bracket or a number, so it cannot continue a list of
/// names. An apostrophe that opens a name particle (`'t` in `van 't Hoff`) is part of the name.
fn opens_non_name(w: &str) -> bool {
    first_char(w).is_some_and(|c| (OPENERS.contains(&c) && !is_particle(w)) || c.is_ascii_digit())
}

/// Collects whitespace-separated words with their byte offsets.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(24);
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// Capitalised words that open a title and never a name (`Alena Ledeneva, How Russia Really Works`).
const TITLE_OPENERS: &[&str] = &[
    "The", "An", "How", "What", "Why", "When", "Where", "Which", "Who", "Is", "Are", "Do", "Does", "Can", "Toward",
    "Towards", "Beyond", "Between", "Against", "From", "With", "Without", "Under", "On", "In", "Of", "For", "Die",
    "Das", "Les", "Une", "Un", "Ein", "Eine", "Über", "Zur", "Zum", "Some", "This", "These", "Our", "My", "Using",
    "THE",
];

/// One comma- or connector-separated piece of an author region, for backing off the tail.
#[derive(Debug, Clone, Copy, Default)]
struct Chunk {
    /// Byte where the chunk starts.
    start: usize,
    /// Joined to the previous chunk by a comma or semicolon (not `and`, not the start).
    after_comma: bool,
    /// Holds a block of initials.
    initials: bool,
    /// The given-name part of an inverted name (`Smith, John`).
    given: bool,
    /// Name words seen (particles excluded).
    words: usize,
}

/// Drops trailing chunks that cannot be names of a list: joined by a bare comma, with no
/// initials, not the given part of an inverted name (`Levin, David, Unsettling Opera:`,
/// `R. Sundrum, Phys. Rev. Lett.`). Lists of full names end in `and`, so such a tail is the title.
fn back_off(chunks: &[Chunk], end: usize) -> AuthorRegion {
    // Only the last chunk with words, and not in a list whose full names are all joined by
    // commas (`Devaney, Johanna, Jason Hockman, Jon Wild, Ichiro Fujinaga.`).
    let mut end = end;
    if let Some(k) = chunks.iter().rposition(|c| c.words > 0)
        && k > 0
        && chunks[k].after_comma
        && !chunks[k].initials
        && !chunks[k].given
        && !chunks[1..k].iter().any(|c| c.after_comma && !c.given && !c.initials && c.words >= 2)
    {
        end = chunks[k].start;
    }
    AuthorRegion { end, resume: end }
}

/// Ends a region at `end`: before a chunk that breaks the initials style, else backing off a
/// title-like tail when the region ended at a sentence mark (`backoff`).
fn finish(chunks: &[Chunk], end: usize, initials_first: bool, backoff: bool) -> AuthorRegion {
    if let Some(e) = initials_style_end(chunks, initials_first) {
        let e = e.min(end);
        return AuthorRegion { end: e, resume: e };
    }
    if backoff { back_off(chunks, end) } else { AuthorRegion { end, resume: end } }
}

/// In a list whose first name opens with initials (`V. O. Key, ...`), every name has them:
/// the start of the first later chunk without initials, where the list must end.
fn initials_style_end(chunks: &[Chunk], initials_first: bool) -> Option<usize> {
    if !initials_first {
        return None;
    }
    chunks.iter().skip(1).find(|c| c.words > 0 && !c.initials).map(|c| c.start)
}

/// Scans the start of `s` for the author list. Returns `None` when `s` does not begin with names.
pub(crate) fn scan_author_region(s: &str) -> Option<AuthorRegion> {
    let ws = words(s);
    if ws.is_empty() {
        return None;
    }
    // Start of the current comma chunk; chunks (split at `,`/`;`/connectors) for backing off.
    let mut comma_chunk_start = 0usize;
    let mut chunk_words = 0usize;
    let mut chunk_has_word = false; // a non-initial name word in the chunk so far
    let mut prev_chunk_lone_family = false;
    let mut names_seen = 0usize;
    let mut chunks: Vec<Chunk> = Vec::with_capacity(8);
    chunks.push(Chunk::default());
    let mut i = 0usize;
    let stop_before = |idx: usize| -> AuthorRegion {
        let p = ws[idx].0;
        AuthorRegion { end: p, resume: p }
    };
    let next_start = |idx: usize| ws.get(idx + 1).map(|x| x.0).unwrap_or(s.len());
    // `V. O. Key, ...`, `R. E. I. Schropp, ...` (initials before the family name) or `BEARD M.,
    // NORTH J.` (family then initials): every name of the list has initials.
    let lead = ws.iter().take_while(|w| is_initials(w.1) && !w.1.ends_with([',', ';'])).count();
    let initials_first = (1..=4).contains(&lead) && ws.get(lead).is_some_and(|w| !is_initials(w.1));
    let family_initials = ws.len() > 2
        && !is_initials(ws[0].1)
        && !ws[0].1.ends_with([',', ';', '.', ':'])
        && ws[0].1.chars().next().is_some_and(|c| c.is_uppercase())
        && ws[1].1.ends_with(',')
        && is_initials(ws[1].1)
        && !is_suffix(ws[1].1);
    let initials_first = initials_first || family_initials;
    while i < ws.len() {
        let (pos, w) = ws[i];
        let next = ws.get(i + 1).map(|x| x.1);
        let Some(c0) = first_char(w) else {
            i += 1;
            continue;
        };
        // A comma set off by spaces: `Shameli-Sendi , Michel Dagenais`.
        if (w == "," || w == ";") && i > 0 && chunk_words > 0 {
            let cur_given = chunks.last().is_some_and(|c| c.given);
            prev_chunk_lone_family = chunk_has_word && chunk_words == 1 && !cur_given;
            let given = prev_chunk_lone_family;
            comma_chunk_start = next_start(i);
            chunks.push(Chunk { start: comma_chunk_start, after_comma: true, given, ..Chunk::default() });
            chunk_words = 0;
            chunk_has_word = false;
            i += 1;
            continue;
        }
        if opens_non_name(w) {
            return if i == 0 { None } else { Some(finish(&chunks, stop_before(i).end, initials_first, false)) };
        }
        if let Some(n) = is_et_al_start(w, next) {
            if names_seen == 0 {
                return None;
            }
            let last = ws[i + n - 1];
            let e = last.0 + last.1.len();
            return Some(AuthorRegion { end: e, resume: e });
        }
        // `Henderson, D. A. Jr. And Card, S. K.`: a capitalised `And` between names.
        let cap_and = matches!(w, "And" | "AND")
            && names_seen > 0
            && next.is_some_and(|n| first_char(n).is_some_and(|c| c.is_uppercase()));
        if is_connector(w) || cap_and {
            if i == 0 {
                return None;
            }
            chunks.push(Chunk { start: next_start(i), ..Chunk::default() });
            chunk_words = 0;
            chunk_has_word = false;
            prev_chunk_lone_family = false;
            i += 1;
            continue;
        }
        let trail: &str = {
            let t = w.trim_end_matches([',', ';', ':', '.']);
            &w[t.len()..]
        };
        let core = &w[..w.len() - trail.len()];
        if is_suffix(w) && names_seen > 0 {
            if trail.contains(':') {
                let e = pos + w.len();
                return Some(AuthorRegion { end: e, resume: e });
            }
            if trail.contains(',') || trail.contains(';') {
                // `Wimsatt Jr., William Kurtz`: the given names follow the suffix.
                let cur_given = chunks.last().is_some_and(|c| c.given);
                let given = chunk_has_word && chunk_words == 1 && !cur_given;
                comma_chunk_start = next_start(i);
                chunks.push(Chunk { start: comma_chunk_start, after_comma: true, given, ..Chunk::default() });
                chunk_words = 0;
                chunk_has_word = false;
                prev_chunk_lone_family = false;
            }
            i += 1;
            continue;
        }
        // `Andrade, Mário de.`: a particle closing an inverted given name.
        if c0.is_lowercase()
            && trail == "."
            && is_particle(core)
            && chunk_words > 0
            && chunks.last().is_some_and(|c| c.given)
        {
            let e = pos + w.len();
            return Some(AuthorRegion { end: e, resume: e });
        }
        if c0.is_lowercase() && !is_particle(w) {
            // A lower-case word: the title has begun. Corporate names (`Department of Health`)
            // may hold function words when the sentence ends in a year.
            if crate::lexicon::CORPORATE_NAME_WORDS.contains(core)
                && names_seen + chunk_words > 0
                && let Some(r) = corporate_until_year(s, &ws, i)
            {
                return Some(r);
            }
            if comma_chunk_start == 0 {
                return None;
            }
            return Some(AuthorRegion { end: comma_chunk_start, resume: comma_chunk_start });
        }
        if !c0.is_alphabetic() && !is_particle(w) {
            return if i == 0 { None } else { Some(finish(&chunks, stop_before(i).end, initials_first, false)) };
        }
        // `Alena Ledeneva, How Russia Really Works`: a title opener starts no name.
        if chunk_words == 0
            && chunks.len() > 1
            && trail.is_empty()
            && TITLE_OPENERS.contains(&core)
            && next.is_some_and(|n| !is_initials(n))
        {
            let e = chunks.last().map(|c| c.start).unwrap_or(pos).min(pos);
            return Some(AuthorRegion { end: e, resume: e });
        }
        let initials = is_initials(w);
        if !is_particle(w) {
            chunk_words += 1;
            if let Some(c) = chunks.last_mut() {
                c.words += 1;
                c.initials |= initials;
            }
        }
        if chunk_words > 4 && !initials {
            if comma_chunk_start == 0 {
                return None;
            }
            return Some(AuthorRegion { end: comma_chunk_start, resume: comma_chunk_start });
        }
        names_seen += 1;
        let end_here = pos + w.len();
        if trail.contains(':') {
            let e = pos + core.len();
            let r = finish(&chunks, e, initials_first, true);
            return Some(if r.end == e { AuthorRegion { end: e, resume: end_here } } else { r });
        }
        if trail.contains(',') || trail.contains(';') {
            if let Some(e) = initials_style_end(&chunks, initials_first) {
                return Some(AuthorRegion { end: e, resume: e });
            }
            let cur_given = chunks.last().is_some_and(|c| c.given);
            // `Di Michele, Andrea`, `Van Mulken, Margot`: a capitalised particle opens the family.
            let cap_particle = chunks.len() == 1 && chunk_words == 2 && i == 1 && is_cap_particle(ws[0].1) && !initials;
            prev_chunk_lone_family = !initials && (chunk_words == 1 || cap_particle) && !cur_given;
            comma_chunk_start = next_start(i);
            chunks.push(Chunk {
                start: comma_chunk_start,
                after_comma: true,
                given: prev_chunk_lone_family,
                ..Chunk::default()
            });
            chunk_words = 0;
            chunk_has_word = false;
            i += 1;
            continue;
        }
        if trail.ends_with('.') {
            if !initials {
                return Some(finish(&chunks, end_here, initials_first, true));
            }
            match next {
                None => return Some(AuthorRegion { end: end_here, resume: end_here }),
                Some(n) => {
                    let nc = first_char(n).unwrap_or(' ');
                    let given_part = chunks.last().is_some_and(|c| c.given);
                    let article =
                        n == "A" && ws.get(i + 2).is_some_and(|a| first_char(a.1).is_some_and(|c| c.is_lowercase()));
                    let continue_names = if opens_non_name(n)
                        || (is_initials(n) && !article)
                        || is_connector(n)
                        || is_particle(n)
                        || is_suffix(n)
                        || is_et_al_start(n, ws.get(i + 2).map(|x| x.1)).is_some()
                    {
                        true
                    } else if nc.is_lowercase() || !nc.is_alphabetic() {
                        false
                    } else if !chunk_has_word && next_inverted_name(n, ws.get(i + 2).map(|x| x.1)) {
                        // `Farwig, N. K. Böhning-Gaese, B. Bleher.`, `Ferguson, JN. Aldag, JM.`:
                        // another inverted name follows the initials.
                        true
                    } else if chunk_has_word {
                        // `Warren R. Greiff.` vs `Peters OA. Differences in ...`; `Diamond,
                        // Stephen A. Anger, madness` ends: the inverted name is complete.
                        let n_ends = n.ends_with(['.', ',', ':', ';']);
                        let after = ws.get(i + 2).map(|x| x.1);
                        // `Goss DL. Moore JH. (1999)`: a Vancouver name with dotted initials.
                        let vancouver_next = chunk_words == 2
                            && !n_ends
                            && after.is_some_and(|a| a.ends_with(['.', ',']) && caps_initials(a));
                        !given_part
                            && (n_ends
                                || vancouver_next
                                || after.is_some_and(|a| {
                                    (is_connector(a) && a != "with")
                                        || a.starts_with('(')
                                        || a.starts_with(|c: char| c.is_ascii_digit())
                                })
                                || after.is_none())
                    } else {
                        // Only initials in this chunk: `A. J. Bernstein` continues, `Smith, J. A. Title` ends,
                        // `Mason, R. Hal and John C. McKelvey` continues: a name follows `and`.
                        let named_after_and = !n.ends_with(['.', ',', ':', ';'])
                            && ws.get(i + 2).is_some_and(|a| is_connector(a.1))
                            && ws.get(i + 3).is_some_and(|a| first_char(a.1).is_some_and(|c| c.is_uppercase()))
                            && (ws.get(i + 3).is_some_and(|a| is_initials(a.1))
                                || ws.get(i + 4).is_some_and(|a| is_initials(a.1)));
                        !prev_chunk_lone_family || named_after_and
                    };
                    if !continue_names {
                        return Some(AuthorRegion { end: end_here, resume: end_here });
                    }
                }
            }
        }
        if !initials && !is_particle(w) {
            chunk_has_word = true;
        }
        i += 1;
    }
    let e = s.len();
    Some(AuthorRegion { end: e, resume: e })
}

/// A capitalised word that can be a given or family name: letters, hyphens and apostrophes.
fn name_word(w: &str) -> bool {
    let core = w.trim_end_matches(['.', ',', ';']);
    first_char(core).is_some_and(|c| c.is_uppercase())
        && core.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !is_initials(w)
}

/// Lower-case role words that may follow a list of names (`Lynch, Sandra, and John Ng, eds.`).
const ROLE_WORDS: &[&str] = &["ed", "eds", "edn", "editor", "editors", "trans", "comp", "hrsg", "dir", "coord", "org"];

/// Ends a list that opens with a full name, inverted (`Lynch, Sandra,`) or direct (`Michael N.
/// Forster,`), at the first later comma part that is no name: such lists name each later person
/// in full (`John Ng`, `and Ng, John`), so `Philosophy and Friendship` (single words around
/// `and`) is the title, as is a lone word that a lower-case word follows (`Space, hope and ...`).
pub(crate) fn end_at_unnamed_part(s: &str, reg: AuthorRegion) -> AuthorRegion {
    let text = &s[..reg.end];
    // Semicolons separate people, so commas there may part family and given names anywhere.
    if text.contains(';') {
        return reg;
    }
    let mut parts: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut st = 0;
    for piece in text.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        parts.push((st + lead, piece.split_whitespace().collect()));
        st += piece.len() + 1;
    }
    if parts.len() < 2 {
        return reg;
    }
    let (w0, w1) = (&parts[0].1, &parts[1].1);
    let inverted = (1..=2).contains(&w0.len())
        && w0.iter().all(|w| name_word(w))
        && (1..=3).contains(&w1.len())
        && name_word(w1[0])
        && w1.iter().all(|w| name_word(w) || is_initials(w));
    let direct = (2..=4).contains(&w0.len())
        && name_word(w0[0])
        && name_word(w0[w0.len() - 1])
        && w0.iter().all(|w| name_word(w) || is_initials(w) || is_particle(w));
    if !inverted && !direct {
        return reg;
    }
    let last_named = parts.iter().rposition(|p| !p.1.is_empty()).unwrap_or(0);
    let next_lower = s[reg.end..].split_whitespace().next().is_some_and(|n| {
        let core = n.trim_end_matches([',', ';', ':']);
        first_char(core).is_some_and(|c| c.is_lowercase())
            && core.chars().all(char::is_alphabetic)
            && core.chars().count() >= 2
            && !is_connector(core)
            && !is_particle(core)
            && !ROLE_WORDS.contains(&core)
    });
    // In an inverted list a part holds a family name or a full name; the part after a lone
    // family name is its given name, which may run into the next family (`Allan and Hart`).
    let mut family_place = true;
    for (k, (start, ws)) in parts.iter().enumerate().skip(if inverted { 2 } else { 1 }) {
        let ws: &[&str] = if ws.first().is_some_and(|w| is_connector(w)) { &ws[1..] } else { ws };
        let inner_and = ws.iter().skip(1).any(|w| is_connector(w));
        if !family_place {
            family_place = !inner_and;
            continue;
        }
        // `Philosophy and Friendship`; in a direct list only as its last part, since an
        // inverted list may look direct at first (`De Vany, Arthur and Walls, David`).
        let lone_around_and = ws.len() == 3
            && is_connector(ws[1])
            && name_word(ws[0])
            && name_word(ws[2])
            && (inverted || k == last_named);
        let lone_before_lower = k == last_named && ws.len() == 1 && name_word(ws[0]) && next_lower;
        if lone_around_and || lone_before_lower {
            return AuthorRegion { end: *start, resume: *start };
        }
        family_place = direct || ws.len() >= 2;
    }
    reg
}

/// `Böhning-Gaese,` then `B.`: a capitalised family word closed by a comma and followed by initials.
fn next_inverted_name(n: &str, after: Option<&str>) -> bool {
    n.ends_with(',')
        && !is_initials(n)
        && first_char(n).is_some_and(|c| c.is_uppercase())
        && n.trim_end_matches(',').chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && after.is_some_and(is_initials)
}

/// `JH.`, `TR,`: one to three capitals, as Vancouver initials.
fn caps_initials(w: &str) -> bool {
    let core = w.trim_end_matches([',', '.', ';']);
    (1..=3).contains(&core.chars().count()) && core.chars().all(|c| c.is_uppercase())
}

/// For `United Nations, Department of Economic and Social Affairs. 2013.`: accepts function
/// words when every word up to the sentence end is capitalised and a year follows.
fn corporate_until_year(s: &str, ws: &[(usize, &str)], from: usize) -> Option<AuthorRegion> {
    let mut j = from;
    while j < ws.len() && j < from + 12 {
        let w = ws[j].1;
        let c0 = first_char(w)?;
        let core = w.trim_end_matches([',', '.', ';']);
        if c0.is_lowercase() && !crate::lexicon::CORPORATE_NAME_WORDS.contains(core) {
            return None;
        }
        if opens_non_name(w) {
            return None;
        }
        let e = ws[j].0 + w.len();
        // `U.S. Army Corps of Engineers (2009).`: a bracketed year closes the name.
        if !w.ends_with(['.', ',', ';'])
            && ws.get(j + 1).is_some_and(|n| n.1.starts_with('('))
            && !ws[..=j].iter().any(|(_, w)| w.ends_with(':'))
            && is_corporate(&ws[..=j].iter().map(|x| x.1).collect::<Vec<_>>())
        {
            let after = s[e..].trim_start().trim_start_matches('(');
            let is_year = after.len() >= 4 && after.as_bytes()[..4].iter().all(|b| b.is_ascii_digit());
            let no_date = after.to_lowercase().starts_with("n.d") || after.to_lowercase().starts_with("n. d");
            return if is_year || no_date { Some(AuthorRegion { end: e, resume: e }) } else { None };
        }
        if w.ends_with('.') {
            let after = s[e..].trim_start();
            let after = after.trim_start_matches(['(', '[']);
            let is_year = after.len() >= 4 && after.as_bytes()[..4].iter().all(|b| b.is_ascii_digit());
            // `U.S. Department of Transportation. Transportation statistics`: an agency name.
            let agency = ws[..=j].iter().any(|(_, w)| {
                let l = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                matches!(
                    l.as_str(),
                    "department"
                        | "ministry"
                        | "ministère"
                        | "agency"
                        | "institute"
                        | "university"
                        | "association"
                        | "society"
                        | "council"
                        | "committee"
                        | "commission"
                        | "bureau"
                        | "office"
                        | "organization"
                        | "organisation"
                        | "foundation"
                        | "corps"
                        | "library"
                        | "board"
                        | "administration"
                )
            }) && after.chars().next().is_some_and(|c| c.is_uppercase());
            return if is_year || agency { Some(AuthorRegion { end: e, resume: e }) } else { None };
        }
        j += 1;
    }
    None
}

fn is_corporate(words: &[&str]) -> bool {
    if words.len() >= 5 && !words.iter().any(|w| is_initials(w)) {
        return true;
    }
    words.iter().any(|w| {
        let l = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        CORPORATE.contains(&l.as_str())
    })
}

fn join(words: &[&str]) -> String {
    words.join(" ")
}

fn clean_name(s: &str) -> String {
    let t = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '“' | '”')
    });
    // A sentence period after a full name or undotted initials (`Lucia.`, `JD.`) is not part of it.
    let last = t.rsplit(' ').next().unwrap_or("");
    if last.ends_with('.') && last.matches('.').count() == 1 && last.chars().filter(|c| c.is_alphabetic()).count() > 1 {
        return t[..t.len() - 1].to_string();
    }
    t.to_string()
}

fn clean_family(s: &str) -> String {
    let t = clean_name(s);
    let t = t.trim_end_matches('.');
    t.to_string()
}

/// Parses a chunk holding one whole name (`Baldwin PR`, `S. E. Han`, `Onno A. Crasborn`).
fn parse_full(words: &[&str]) -> Person {
    let mut ws: Vec<&str> = words.to_vec();
    let mut suffix = None;
    if ws.len() > 1 && ws.last().is_some_and(|w| is_suffix(w)) {
        suffix = ws.pop().map(clean_family);
    }
    if ws.is_empty() {
        return Person::default();
    }
    if is_corporate(&ws) && !vancouver_shape(&ws) {
        return Person::literal(clean_name(&join(&ws)));
    }
    let mut p = if ws.len() == 1 {
        Person::name(clean_family(ws[0]), None)
    } else if is_initials(ws[ws.len() - 1]) && !is_initials(ws[0]) {
        // Family first: `Baldwin PR`, `DE NEVE G.`, `de la Macorra JC`.
        let mut k = ws.len();
        while k > 1 && is_initials(ws[k - 1]) {
            k -= 1;
        }
        Person::name(clean_family(&join(&ws[..k])), Some(clean_name(&join(&ws[k..]))))
    } else {
        // Given first: family is the last word and the particles before it.
        let mut k = ws.len() - 1;
        while k > 0 && (is_particle(ws[k - 1]) || (k >= 2 && is_particle(ws[k - 2]) && is_particle(ws[k - 1]))) {
            k -= 1;
        }
        if k == 0 {
            k = ws.len() - 1;
        }
        Person::name(clean_family(&join(&ws[k..])), Some(clean_name(&join(&ws[..k]))))
    };
    p.suffix = suffix;
    p
}

/// `Press WH`, `Bank AJ`: one capitalised family word and undotted capital initials, the
/// Vancouver shape of a person even when the word also names an organisation.
fn vancouver_shape(ws: &[&str]) -> bool {
    let [fam, init] = ws else {
        return false;
    };
    let init = init.trim_end_matches([',', ';', '.']);
    let fam = fam.trim_end_matches([',', ';']);
    (1..=3).contains(&init.chars().count())
        && init.chars().all(|c| c.is_uppercase())
        && fam.chars().next().is_some_and(|c| c.is_uppercase())
        && fam.chars().skip(1).all(|c| c.is_lowercase() || c == '-' || c == '\'')
        && fam.chars().count() > 1
}

/// Splits `s` into chunks at commas, semicolons and connector words.
fn chunks(s: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for (_, w) in words(s) {
        if is_connector(w) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        // A comma glued inside a word: `Hart,R.J.`.
        let mut rest = w;
        while let Some(ix) = rest.find([',', ';']) {
            let head = &rest[..ix];
            if !head.is_empty() {
                cur.push(head);
            }
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            rest = &rest[ix + 1..];
        }
        if !rest.is_empty() {
            cur.push(rest);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `William Roberts`, `Rob Roy`: two or three capitalised given names, with no period.
fn given_words(c: &[&str]) -> bool {
    (2..=3).contains(&c.len())
        && c.iter().all(|w| {
            !w.contains(['.', ':'])
                && !TITLE_OPENERS.contains(w)
                && first_char(w).is_some_and(|ch| ch.is_uppercase())
                && w.chars().skip(1).all(|ch| ch.is_lowercase() || ch == '-')
        })
        && !is_corporate(c)
}

/// `Goss DL. Moore JH.`: splits a chunk of Vancouver names after dotted initials that close a
/// name and precede the next family word.
fn split_vancouver_periods(cs: Vec<Vec<&str>>) -> Vec<Vec<&str>> {
    let mut out = Vec::with_capacity(cs.len());
    for c in cs {
        let closes = |k: usize| {
            k >= 1
                && c[k].ends_with('.')
                && caps_initials(c[k])
                && !is_initials(c[k - 1])
                && c.get(k + 1).is_some_and(|n| !is_initials(n) && first_char(n).is_some_and(|ch| ch.is_uppercase()))
        };
        if c.len() >= 4 && c.last().is_some_and(|w| caps_initials(w)) && (0..c.len() - 1).any(closes) {
            let mut cur = Vec::new();
            for (k, w) in c.iter().enumerate() {
                cur.push(*w);
                if k + 1 < c.len() && closes(k) {
                    out.push(std::mem::take(&mut cur));
                }
            }
            out.push(cur);
        } else {
            out.push(c);
        }
    }
    out
}

/// `Ferguson, JN. Aldag, JM. Insel, TR.`: inverted names whose initials close with a period
/// instead of a comma; regroups them as family + initials chunks.
fn shift_dotted_initials(cs: Vec<Vec<&str>>) -> Vec<Vec<&str>> {
    let n = cs.len();
    if n < 3 || cs[0].len() != 1 || is_initials(cs[0][0]) || !cs[n - 1].iter().all(|w| is_initials(w)) {
        return cs;
    }
    let shifted = cs[1..n - 1].iter().all(|c| {
        c.len() == 2
            && is_initials(c[0])
            && c[0].ends_with('.')
            && !is_initials(c[1])
            && first_char(c[1]).is_some_and(|ch| ch.is_uppercase())
    });
    if !shifted {
        return cs;
    }
    let mut out = vec![cs[0].clone()];
    for c in &cs[1..n - 1] {
        out.push(vec![c[0]]);
        out.push(vec![c[1]]);
    }
    out.push(cs[n - 1].clone());
    out
}

/// Given-name shaped: initials only, or one or two capitalised words possibly with initials.
fn given_like(c: &[&str]) -> bool {
    !c.is_empty()
        && c.len() <= 3
        && c.iter().all(|w| first_char(w).is_some_and(|ch| ch.is_uppercase()))
        && (c.len() == 1 || c[1..].iter().all(|w| is_initials(w)))
        || (c.len() == 2
            && first_char(c[0]).is_some_and(|ch| ch.is_uppercase())
            && is_particle(c[1].trim_end_matches('.')))
}

/// Parses an author region into people; returns whether it ended in `et al.`.
pub(crate) fn parse_names(region: &str) -> (Vec<Person>, bool) {
    let mut et_al = false;
    let mut text = region.trim().to_string();
    // Drop `et al.`, `u.a.`, roles such as `(eds.)`.
    for pat in [
        "et al.",
        "et al",
        "et. al.",
        "et.al.",
        "u.a.",
        "and others",
        "et coll.",
        "(eds.)",
        "(Eds.)",
        "(ed.)",
        "(Ed.)",
        "(Hrsg.)",
        "(Hg.)",
        "(eds)",
        "(Eds)",
        "(dir.)",
        "(éd.)",
        "(éds.)",
    ] {
        if let Some(ix) = text.find(pat) {
            if pat.contains("al") || pat.contains("u.a") || pat.contains("others") || pat.contains("coll") {
                et_al = true;
            }
            text.replace_range(ix..ix + pat.len(), " ");
        }
    }
    let mut people = Vec::new();
    let groups: Vec<&str> = if text.contains(';') { text.split(';').collect() } else { vec![text.as_str()] };
    for g in groups {
        let cs = shift_dotted_initials(split_vancouver_periods(chunks(g)));
        let mut i = 0;
        let mut inverted = false;
        while i < cs.len() {
            let c = &cs[i];
            let all_init = c.iter().all(|w| is_initials(w));
            if c.iter().all(|w| is_suffix(w)) {
                if let Some(p) = people.last_mut() {
                    let p: &mut Person = p;
                    if p.suffix.is_none() {
                        p.suffix = Some(clean_family(&join(c)));
                    }
                }
                i += 1;
                continue;
            }
            if all_init {
                // Stray initials: give them to the previous person when it has none.
                if let Some(p) = people.last_mut() {
                    let p: &mut Person = p;
                    if p.given.is_none() && p.literal.is_none() {
                        p.given = Some(clean_name(&join(c)));
                        i += 1;
                        continue;
                    }
                }
                people.push(Person::name(clean_family(&join(c)), None));
                i += 1;
                continue;
            }
            // `Chappell Jr, Henry W`: a suffix after the inverted family name.
            let (c, c_suffix) = match c.split_last() {
                Some((l, head)) if !head.is_empty() && is_suffix(l) => (head, Some(clean_family(l))),
                _ => (&c[..], None),
            };
            let non_particle = c.iter().filter(|w| !is_particle(w)).count();
            let lone = (non_particle == 1 || (c.len() == 2 && is_cap_particle(c[0]) && !is_initials(c[1])))
                && !is_corporate(c);
            let n_init = cs.get(i + 1).is_some_and(|n| n.iter().all(|w| is_initials(w)));
            // `Pacheco Tanaka, D. A.`: a compound family name before a block of initials.
            let compound = (2..=3).contains(&c.len())
                && n_init
                && !is_corporate(c)
                && c.iter().all(|w| !is_initials(w) && first_char(w).is_some_and(|ch| ch.is_uppercase()));
            if (lone || compound)
                && let Some(n) = cs.get(i + 1)
            {
                // `Clark, William Roberts and Vincent Arel-Bundock`: the first name alone is
                // inverted, and its given names may be several words.
                let first_given = i == 0 && lone && given_words(n);
                if n_init || ((i == 0 || inverted) && given_like(n) && !n.iter().any(|w| is_suffix(w))) || first_given {
                    let mut p = Person::name(clean_family(&join(c)), Some(clean_name(&join(n))));
                    p.suffix = c_suffix;
                    inverted = true;
                    // `Pettingill, O. S., Jr.`
                    if let Some(s) = cs.get(i + 2)
                        && s.len() == 1
                        && is_suffix(s[0])
                    {
                        p.suffix = Some(clean_family(s[0]));
                        i += 1;
                    }
                    people.push(p);
                    i += 2;
                    continue;
                }
            }
            let p = parse_full(&cs[i]);
            if p != Person::default() {
                people.push(p);
            }
            i += 1;
        }
    }
    people.retain(|p| !p.sort_name().is_empty() && p.sort_name().chars().any(|c| c.is_alphabetic()));
    (people, et_al)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(s: &str) -> &str {
        match scan_author_region(s) {
            Some(r) => &s[..r.end],
            None => "",
        }
    }

    #[test]
    fn regions() {
        assert_eq!(region("Smith, J. A., & Lee, K. (2001). Title."), "Smith, J. A., & Lee, K. ");
        assert_eq!(region("Baldwin PR, Penczek PA. 2007. The Transform"), "Baldwin PR, Penczek PA. ");
        assert_eq!(region("A. J. Bernstein. Analysis of programs."), "A. J. Bernstein.");
        assert_eq!(region("Warren R. Greiff. Computationally tractable"), "Warren R. Greiff.");
        assert_eq!(region("Peters OA. Differences in cyclic fatigue"), "Peters OA.");
        assert_eq!(region("R.R. Zope, Electronic structure and static"), "R.R. Zope, ");
        assert_eq!(region("Georg Feuser: Editorial"), "Georg Feuser");
        assert_eq!(region("\"Charles R. Van Hise.\" In Wikipedia."), "");
        assert_eq!(region("Smith J, Lee K, et al. A title here."), "Smith J, Lee K, et al.");
    }

    #[test]
    fn region_tails_that_are_titles() {
        assert_eq!(region("L. Randall and R. Sundrum, Phys. Rev. Lett. 83, 3370"), "L. Randall and R. Sundrum, ");
        assert_eq!(region("Levin, David, Unsettling Opera: Staging Mozart"), "Levin, David, ");
        assert_eq!(region("Alena Ledeneva, How Russia Really Works: Informal"), "Alena Ledeneva, ");
        assert_eq!(region("Diamond, Stephen A. Anger, madness, and the daimonic"), "Diamond, Stephen A.");
        assert_eq!(region("Wood, B.D. and R.W. Waterman. 1994. Bureaucratic"), "Wood, B.D. and R.W. Waterman.");
        assert_eq!(region("Juvekar S, Do J, Dewey C. 2009. Fast"), "Juvekar S, Do J, Dewey C. ");
        assert_eq!(region("Lazinski D, Das A. 1989. Sequence"), "Lazinski D, Das A. ");
        assert_eq!(region("Wimsatt Jr., William Kurtz. Mary"), "Wimsatt Jr., William Kurtz.");
        assert_eq!(
            region("Henderson, D. A. Jr. And Card, S. K. Rooms: The Use"),
            "Henderson, D. A. Jr. And Card, S. K."
        );
    }

    #[test]
    fn lists_of_full_names_end_at_a_part_that_is_no_name() {
        fn cut(s: &str) -> &str {
            let r = scan_author_region(s).map(|r| end_at_unnamed_part(s, r));
            r.map_or("", |r| &s[..r.end])
        }
        assert_eq!(cut("Quill, Marta, Gardens and Ruins, Leeds: Harbour Press, 2004."), "Quill, Marta, ");
        assert_eq!(cut("Tomas B. Orrin, Salt and Silence. Leeds: Harbour, 1991"), "Tomas B. Orrin, ");
        assert_eq!(cut("Vell, Ansel, Stone, water and light, Leeds: Harbour, 2011"), "Vell, Ansel, ");
        // Full names stay, with `and` inside a part or before it.
        for s in [
            "Quill, Marta, and Tomas Orrin. Gardens of the North. Leeds, 2004.",
            "Marta Quill, Tomas Orrin and Ansel Vell, eds. Gardens of the North.",
            "Quill, Marta, and Orrin, Tomas. Gardens of the North.",
            "Quill, Marta, Tomas Orrin, and Ansel Vell. Gardens of the North.",
            "Quill, Marta, Orrin, Tomas and Vell, Ansel, eds. Gardens of the North.",
            "Da Quill, Marta and Tomas Orrin. Gardens of the North.",
            "Quill, Marta A.; Orrin, Tomas; and Vell, Ansel. Gardens of the North.",
        ] {
            assert_eq!(cut(s), region(s), "{s}");
            assert!(cut(s).contains("Orrin"), "{s}");
        }
    }

    #[test]
    fn names() {
        let (p, _) = parse_names("Smith, J. A., & van der Berg, K.");
        assert_eq!(p[0].family.as_deref(), Some("Smith"));
        assert_eq!(p[1].family.as_deref(), Some("van der Berg"));
        let (p, _) = parse_names("Baldwin PR, Penczek PA");
        assert_eq!(p[1].given.as_deref(), Some("PA"));
        let (p, _) = parse_names("Micah Hodosh, Peter Young, and Julia Hockenmaier");
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].family.as_deref(), Some("Hockenmaier"));
        let (p, _) = parse_names("Vaughan, Robert");
        assert_eq!(p[0].given.as_deref(), Some("Robert"));
        let (p, _) = parse_names("Pettingill, O. S., Jr.");
        assert_eq!(p[0].suffix.as_deref(), Some("Jr"));
        // `Press` is a corporate word, but `Word CAPS` in a Vancouver list is a person.
        let (p, _) = parse_names("Press WH, Dyson FJ");
        assert_eq!(p[0].family.as_deref(), Some("Press"));
        assert_eq!(p[0].given.as_deref(), Some("WH"));
        let (p, _) = parse_names("Oxford University Press");
        assert!(p[0].literal.is_some());
        let (p, e) = parse_names("World Health Organization et al.");
        assert!(e);
        assert_eq!(p[0].literal.as_deref(), Some("World Health Organization"));
    }
}
