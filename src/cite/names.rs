//! Reading author names backwards from a year.

use std::ops::Range;
use std::sync::LazyLock;

/// Authors read before a year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NameList {
    /// Names as written (line breaks already joined by the caller's view).
    pub authors: Vec<String>,
    /// Range of each name.
    pub author_ranges: Vec<Range<usize>>,
    /// `et al.` closed the list.
    pub et_al: bool,
    /// From the first name to the end of the last name (or of `et al.`).
    pub range: Range<usize>,
    /// A prefix such as `see`, filled in by the group parser.
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Word,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
}

/// Lower-case words inside corporate names.
use crate::lexicon::CORPORATE_NAME_WORDS as CONNECTORS;
/// Capitalised words that are not names here: sentence openers, captions (the month, season
/// and weekday names come from the lexicon, see [`is_stopword`]).
const STOPWORDS: &[&str] = &[
    "A",
    "An",
    "As",
    "In",
    "See",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Also",
    "And",
    "But",
    "Or",
    "However",
    "Moreover",
    "Thus",
    "Therefore",
    "Hence",
    "Recently",
    "According",
    "While",
    "Following",
    "Using",
    "Like",
    "Unlike",
    "Both",
    "Although",
    "Since",
    "When",
    "Whereas",
    "Where",
    "Here",
    "There",
    "Our",
    "We",
    "It",
    "Its",
    "For",
    "From",
    "By",
    "With",
    "On",
    "At",
    "To",
    "Of",
    "After",
    "Before",
    "During",
    "Between",
    "Among",
    "Table",
    "Tables",
    "Figure",
    "Figures",
    "Fig",
    "Figs",
    "Section",
    "Sections",
    "Chapter",
    "Chapters",
    "Appendix",
    "Eq",
    "Eqs",
    "Equation",
    "Equations",
    "Supplementary",
    "Supplemental",
    "Panel",
    "Panels",
    "Box",
    "Note",
    "Notes",
    "Version",
    "Release",
    "Vol",
    "Volume",
    "No",
    "Nr",
    "Part",
    "Article",
    "Art",
    "Resolution",
    "Recommendation",
    "Until",
    "Circa",
    "About",
    "Around",
    "Each",
    "Every",
    "All",
    "Some",
    "Many",
    "Most",
    "Other",
    "Others",
    "Such",
    "One",
    "Two",
    "Three",
    "First",
    "Second",
    "Third",
    "Last",
    "Early",
    "Late",
    "Prior",
    "Then",
    "Now",
    "Today",
    "Yet",
    "Still",
    "Study",
    "Studies",
    "Year",
    "Years",
    "Phase",
    "Wave",
    "Round",
    "Data",
    "Source",
    "Sources",
    "Reference",
    "References",
    "Ref",
    "Refs",
    "Cf",
    "Eg",
    "Ie",
    "If",
    "Is",
    "Are",
    "Was",
    "Were",
    "Has",
    "Have",
    "Had",
    "Not",
    "Only",
    "Even",
    "Just",
    "Indeed",
    "Finally",
    "Further",
    "Furthermore",
    "Similarly",
    "Likewise",
    "Instead",
    "Yes",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Professor",
    "President",
    "Director",
    "Senator",
    "Judge",
    "Justice",
    "Sir",
    "Lord",
    "Lady",
    "Mid",
    "Approx",
    "Ca",
    "Per",
    "Via",
    "Vs",
    "Versus",
    "Against",
    "Into",
    "Over",
    "Under",
    "Above",
    "Below",
    "Within",
    "Without",
    "Through",
    "Across",
    "Up",
    "Down",
    "Out",
    "Off",
    "Does",
    "Did",
    "Do",
    "Can",
    "Could",
    "Will",
    "Would",
    "Should",
    "Might",
    "Must",
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "Why",
    "How",
    "So",
    "Because",
    "Than",
    "Further",
    // Sentence adverbs and openers, capitalised only because a sentence starts with them:
    // `Later Smith and Jones (2011) agree` names Smith and Jones.
    "Later",
    "Earlier",
    "Previously",
    "Subsequently",
    "Importantly",
    "Interestingly",
    "Notably",
    "Specifically",
    "Consequently",
    "Accordingly",
    "Additionally",
    "Nevertheless",
    "Nonetheless",
    "Meanwhile",
    "Again",
    "Next",
    "Overall",
    "Together",
    "Initially",
    "Originally",
    "Conversely",
    "Alternatively",
    "Surprisingly",
    "Remarkably",
    "Clearly",
    "Generally",
    "Typically",
    "Historically",
    "Traditionally",
    "Ultimately",
    "Lastly",
    "Thereafter",
    "Fourth",
    "Fifth",
    "Recent",
    "Previous",
    "Several",
    "Various",
    "Numerous",
    "Neither",
    "Either",
    "Whether",
    "Though",
    "Despite",
    "Including",
    "Especially",
    "Particularly",
    "Perhaps",
    "Their",
    "They",
    "Upon",
    "Whilst",
    "Unless",
    "Towards",
    "Toward",
    "Beyond",
];

/// [`STOPWORDS`] sorted, for a binary search: names are tested against the list once per
/// capitalised word, and a scan of 240 words cost more than reading the name.
static STOPWORDS_SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v = STOPWORDS.to_vec();
    v.sort_unstable();
    v
});

/// Whether `w` is one of the [`STOPWORDS`] or a capitalised month, month abbreviation, season
/// or weekday (`May`, `Sept`, `Fall`, `Monday`).
fn is_stopword(w: &str) -> bool {
    use crate::lexicon::{MONTH_ABBREVIATIONS, MONTHS, SEASONS, WEEKDAYS};
    STOPWORDS_SORTED.binary_search(&w).is_ok()
        || [&MONTHS, &MONTH_ABBREVIATIONS, &SEASONS, &WEEKDAYS].iter().any(|l| l.contains_capitalised(w))
}
/// Spacing accents that PDF extraction leaves apart from their letter: `Kamin ´ski`.
const SPACING_ACCENTS: &[char] = &['´', '`', '¨', 'ˆ', '˜', '¸', '˘', 'ˇ', '˝', '˚', '¯'];

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '‐') || SPACING_ACCENTS.contains(&c) || unicode_mark(c)
}

fn unicode_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

fn tokenize(text: &str, from: usize, to: usize) -> Vec<Token> {
    let mut toks: Vec<Token> = Vec::new();
    let s = &text[from..to];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let start = from + i;
            let mut end = start + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    end = from + j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            // `Kamin ´ski`: glue a word that starts with a spacing accent to the one before.
            if SPACING_ACCENTS.contains(&c)
                && let Some(prev) = toks.last_mut().filter(|t| t.kind == Tok::Word && start - t.end <= 1)
            {
                prev.end = end;
                continue;
            }
            toks.push(Token { kind: Tok::Word, start, end });
        } else if c.is_ascii_digit() {
            toks.push(Token { kind: Tok::Punct('0'), start: from + i, end: from + i + 1 });
        } else {
            toks.push(Token { kind: Tok::Punct(c), start: from + i, end: from + i + c.len_utf8() });
        }
    }
    toks
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .or_else(|| w.strip_suffix('’'))
        .or_else(|| w.strip_suffix('\''))
        .unwrap_or(w)
}

/// Whether `w` is shaped like a capitalised family or corporate name word.
pub(crate) fn is_name_word(w: &str) -> bool {
    let w = strip_possessive(w).trim_end_matches(['-', '‐']);
    // A lower-case particle joined to the name: `el-Sayed`, `al-Farabi`, `d'Alembert`.
    for p in ["al-", "el-", "ul-", "d'", "d’", "l'", "l’"] {
        if let Some(rest) = w.strip_prefix(p) {
            return rest.chars().next().is_some_and(char::is_uppercase) && is_name_word(rest);
        }
    }
    let mut chars = w.chars();
    let Some(first) = chars.next() else { return false };
    if !first.is_uppercase() || is_stopword(w) {
        return false;
    }
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.iter().all(|c| c.is_uppercase()) {
        return (2..=12).contains(&letters.len());
    }
    // Internal capitals only after a known prefix, an apostrophe or a hyphen.
    let mut prev = first;
    let mut seen_lower = false;
    for (i, c) in w.char_indices().skip(1) {
        if c.is_uppercase() && seen_lower && !matches!(prev, '-' | '‐' | '\'' | '’' | ' ') {
            let head = &w[..i];
            if !["Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz", "St", "Della", "Del", "Des"]
                .contains(&head)
            {
                return false;
            }
        }
        if c.is_lowercase() {
            seen_lower = true;
        }
        if matches!(c, '-' | '‐' | '\'' | '’') {
            seen_lower = false;
        }
        prev = c;
    }
    letters.len() >= 2
}

/// `UniProt`, `GenBank`: capitalised, letters only, with internal capitals.
fn is_camel_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().all(char::is_alphabetic)
        && w.chars().count() >= 3
        && !is_stopword(w)
}

fn word<'a>(text: &'a str, t: &Token) -> &'a str {
    &text[t.start..t.end]
}

/// Reads the author list that ends right before `end` (only whitespace and commas may stand
/// between the last name and `end`), looking no further back than `from`.
pub fn scan_names_backward(text: &str, from: usize, end: usize) -> Option<NameList> {
    scan_names(text, from, end, Scope::Text)
}

/// [`scan_names_backward`] for a citation inside brackets, where a comma-separated list may
/// also end in `et al.` (`(King, Queen et al., 2022)`); in running text the word before such
/// a comma is more often a clause (`In Germany, Müller et al. (2001)`).
pub fn scan_bracket_names_backward(text: &str, from: usize, end: usize) -> Option<NameList> {
    scan_names(text, from, end, Scope::Brackets)
}

/// [`scan_names_backward`] inside a bracketed group, where a period may also stand before the
/// year: OCR reads a comma as a period (`(Hill. 2013)`). Outside brackets `Guibas. 2012.`
/// opens a reference written into the text, not a citation.
pub fn scan_group_names_backward(text: &str, from: usize, end: usize) -> Option<NameList> {
    scan_names(text, from, end, Scope::BracketsPeriod)
}

/// Where an author list is read, which decides the separators it may have.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Running text.
    Text,
    /// Inside brackets.
    Brackets,
    /// Inside brackets, with a period standing for the comma before the year.
    BracketsPeriod,
}

fn scan_names(text: &str, from: usize, end: usize, scope: Scope) -> Option<NameList> {
    let period_separates = scope == Scope::BracketsPeriod;
    let mut from = from.min(end);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    if from >= end || !text.is_char_boundary(end) {
        return None;
    }
    let toks = tokenize(text, from, end);
    let mut i = toks.len();
    // Skip the separators between the names and the year.
    while i > 0 && matches!(toks[i - 1].kind, Tok::Punct(',')) {
        i -= 1;
    }
    // In a bracketed group, OCR's period for a comma: `(Hill. 2013)`, and an abbreviated name
    // before the comma: `(Anon., 2006)`. Only after a name word of two letters or more that
    // is not `al` (`et al. 2013` is read below).
    if period_separates
        && i >= 2
        && (i == toks.len() || toks[i].kind == Tok::Punct(','))
        && toks[i - 1].kind == Tok::Punct('.')
        && toks[i - 2].kind == Tok::Word
    {
        let w = word(text, &toks[i - 2]);
        if w != "al" && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && is_name_word(w) {
            i -= 1;
        }
    }
    // APA's abbreviation at first use: `(National Institute of Mental Health [NIMH], 2020)`.
    if i >= 3
        && toks[i - 1].kind == Tok::Punct(']')
        && toks[i - 3].kind == Tok::Punct('[')
        && toks[i - 2].kind == Tok::Word
        && word(text, &toks[i - 2]).chars().all(|c| c.is_uppercase() || c == '&' || c == '-')
    {
        i -= 3;
    }
    if i == 0 {
        return None;
    }
    let mut et_al = false;
    let mut list_end = toks[i - 1].end;
    // `et al.`, `et al`, `et. al.`, `et al.'s`; `and colleagues` / `and co-workers` mean the same.
    {
        let mut j = i;
        if j > 0 && toks[j - 1].kind == Tok::Word && matches!(word(text, &toks[j - 1]), "'s" | "’s") {
            j -= 1;
        }
        if j > 0 && toks[j - 1].kind == Tok::Punct('.') {
            j -= 1;
        }
        let last = if j > 0 && toks[j - 1].kind == Tok::Word { strip_possessive(word(text, &toks[j - 1])) } else { "" };
        if j > 1
            && matches!(last, "colleagues" | "coworkers" | "co-workers" | "collaborators" | "associates")
            && toks[j - 2].kind == Tok::Word
            && word(text, &toks[j - 2]) == "and"
        {
            et_al = true;
            list_end = toks[i - 1].end;
            i = j - 2;
        } else if last == "al" {
            let mut k = j - 1;
            if k > 0 && toks[k - 1].kind == Tok::Punct('.') {
                k -= 1;
            }
            if k > 0 && toks[k - 1].kind == Tok::Word && word(text, &toks[k - 1]) == "et" {
                et_al = true;
                list_end = toks[i - 1].end;
                i = k - 1;
                while i > 0 && matches!(toks[i - 1].kind, Tok::Punct(',')) {
                    i -= 1;
                }
            }
        }
    }
    let mut names: Vec<Range<usize>> = Vec::new();
    let mut saw_and = false;
    // `An et al.`, `Winter et al.`: before `et al.` a capitalised common word is a name.
    if et_al && i > 0 && toks[i - 1].kind == Tok::Word {
        let w = word(text, &toks[i - 1]);
        let only_word = i < 2 || toks[i - 2].kind != Tok::Word || !is_name_word(word(text, &toks[i - 2]));
        if is_stopword(w) && only_word && !["The", "This", "These", "See", "In", "Figure", "Table", "Fig"].contains(&w)
        {
            let only = toks[i - 1].start..toks[i - 1].end;
            return Some(NameList {
                authors: vec![w.to_string()],
                author_ranges: vec![only],
                et_al,
                range: toks[i - 1].start..list_end,
                prefix: None,
            });
        }
    }
    while let Some((range, stop)) = read_name(text, &toks, i) {
        names.push(range);
        i = stop;
        // Separator to the left.
        if i == 0 {
            break;
        }
        let t = toks[i - 1];
        let sep_and = (t.kind == Tok::Word && word(text, &t) == "and") || t.kind == Tok::Punct('&');
        if sep_and && (names.len() == 1 || !saw_and) {
            // Authors are joined by one `and`/`&` before the last name, with or without a serial comma.
            let mut k = i - 1;
            if k > 0 && toks[k - 1].kind == Tok::Punct(',') && read_name(text, &toks, k - 1).is_some() {
                k -= 1;
            }
            if let Some((left, stop)) = read_name(text, &toks, k) {
                // `Food and Agriculture Organization of the United Nations`: a corporate name
                // on the right swallows the single word on its left.
                let right = names.last().cloned().unwrap_or_default();
                if names.len() == 1 && looks_corporate(&text[right.clone()]) && !text[left.clone()].contains(' ') {
                    names[0] = left.start..right.end;
                    i = stop;
                    continue;
                }
                saw_and = true;
                i = k;
                continue;
            }
            break;
        }
        // `Smith, Jones, and Brown`; inside brackets also `(King, Queen et al., 2022)`.
        let listed = saw_and || (et_al && scope != Scope::Text);
        if t.kind == Tok::Punct(',') && listed && read_name(text, &toks, i - 1).is_some() {
            i -= 1;
            continue;
        }
        if t.kind == Tok::Punct(',')
            && names.len() == 1
            && let Some(stop) = corporate_chain(text, &toks, names[0].clone(), i - 1)
        {
            // `United Nations, Department of Economic and Social Affairs, Population Division`:
            // one institution named from the top down, not three authors.
            names[0] = toks[stop].start..names[0].end;
        }
        break;
    }
    if names.is_empty() {
        return None;
    }
    names.reverse();
    let authors: Vec<String> = names.iter().map(|r| clean_name(&text[r.clone()])).collect();
    if authors.iter().any(|a| a.is_empty()) {
        return None;
    }
    let start = names[0].start;
    let end_of_names = if et_al { list_end } else { names.last().map(|r| r.end).unwrap_or(list_end) };
    Some(NameList { authors, author_ranges: names, et_al, range: start..end_of_names, prefix: None })
}

/// Reads one name ending at token index `i` (exclusive). Returns its range and the index of its first token.
fn read_name(text: &str, toks: &[Token], i: usize) -> Option<(Range<usize>, usize)> {
    let mut j = i;
    let mut words: Vec<usize> = Vec::new(); // token indices, right to left
    while j > 0 && words.len() < 7 {
        let t = toks[j - 1];
        // `U.S. Census Bureau`, `U.K. Met Office`: dotted capitals open a corporate name.
        if t.kind == Tok::Punct('.') && !words.is_empty() && j >= 4 {
            let letter = |k: usize| {
                toks[k].kind == Tok::Word
                    && word(text, &toks[k]).chars().count() == 1
                    && word(text, &toks[k]).chars().all(char::is_uppercase)
            };
            let dotted = letter(j - 2) && toks[j - 3].kind == Tok::Punct('.') && letter(j - 4);
            let adjacent = toks[j - 4].end == toks[j - 3].start && toks[j - 2].end == toks[j - 1].start;
            if dotted && adjacent {
                words.push(j - 4);
            }
            break;
        }
        if t.kind != Tok::Word {
            break;
        }
        // A wide gap (`PRE-DISPERSAL    SEED PREDATION      Beckman`) is a column or a
        // run-in heading, never the space inside a name.
        if !words.is_empty()
            && text.get(t.end..toks[j].start).is_some_and(|gap| gap.contains("   ") || gap.contains('\t'))
        {
            break;
        }
        let w = word(text, &t);
        // A camel-cased word (`UniProt`) may open a multi-word name but not end one (`HiSeq 2000`).
        if is_name_word(w) || (!words.is_empty() && is_camel_name_word(w)) {
            // Stop at a possessive further left: `Smith's Jones` is not one name.
            if !words.is_empty() && strip_possessive(w) != w {
                break;
            }
            words.push(j - 1);
            j -= 1;
            continue;
        }
        let lw = w.to_lowercase();
        if words.is_empty() {
            break;
        }
        // `R Core Team`: a lone capital letter opens a name of two or more words when nothing
        // but punctuation or an article stands before it.
        if words.len() >= 2
            && w.len() == 1
            && w.chars().all(|c| c.is_ascii_uppercase())
            && (j == 1 || toks[j - 2].kind != Tok::Word || word(text, &toks[j - 2]) == "The")
        {
            words.push(j - 1);
            break;
        }
        if crate::lexicon::is_particle(w) || w.starts_with("d'") || w.starts_with("d’") {
            words.push(j - 1);
            j -= 1;
            continue;
        }
        if CONNECTORS.contains(&lw) && w == lw && lw != "and" {
            // Only inside a name: past this connector (and at most one more, `of the`), a name word.
            let mut k = j - 1;
            if k >= 1 && toks[k - 1].kind == Tok::Word {
                let w2 = word(text, &toks[k - 1]);
                if CONNECTORS.contains(w2) && w2 != "and" {
                    k -= 1;
                }
            }
            if k >= 1 && toks[k - 1].kind == Tok::Word && is_name_word(word(text, &toks[k - 1])) {
                while j > k {
                    words.push(j - 1);
                    j -= 1;
                }
                continue;
            }
        }
        break;
    }
    // Trim connectors (not particles) from the left edge; a name must hold a capitalised word.
    while let Some(&k) = words.last() {
        let w = word(text, &toks[k]);
        if CONNECTORS.contains(w) && !crate::lexicon::is_particle(w) {
            words.pop();
        } else {
            break;
        }
    }
    // A particle may open a name only when it follows a non-word (so `of de Souza` keeps `de`).
    let first = *words.last()?;
    let last = words[0];
    if !words.iter().any(|&k| is_name_word(word(text, &toks[k]))) {
        return None;
    }
    // Internal punctuation between the kept words is not allowed (all are adjacent tokens by construction).
    Some((toks[first].start..toks[last].end, first))
}

/// The comma-separated levels of an institution ending with the name `last`, whose separating
/// comma is token `comma`: every level has two or more words, at least one is clearly corporate
/// (`Department of Health`), and nothing but punctuation stands before the first level. Returns
/// the index of the first level's first token.
fn corporate_chain(text: &str, toks: &[Token], last: Range<usize>, comma: usize) -> Option<usize> {
    let levels = |r: &Range<usize>| text[r.clone()].split_whitespace().count();
    if levels(&last) < 2 {
        return None;
    }
    // `of`, `for`, `the`: the connectors that only institutions have (`and` joins people too).
    let institutional = |name: &str| {
        name.split_whitespace().count() >= 3
            && name.split_whitespace().any(|w| CONNECTORS.contains(w) && !crate::lexicon::is_particle(w) && w != "and")
    };
    let mut corporate = institutional(&text[last.clone()]);
    let mut first = None;
    let mut i = comma;
    while i > 0 && toks[i].kind == Tok::Punct(',') {
        let Some((mut range, mut stop)) = read_name(text, toks, i) else { break };
        // `Department of Economic and Social Affairs`: `and` inside one level.
        while stop >= 2
            && (word(text, &toks[stop - 1]) == "and" || toks[stop - 1].kind == Tok::Punct('&'))
            && let Some((left, left_stop)) = read_name(text, toks, stop - 1)
            && institutional(&text[left.start..range.end])
        {
            range = left.start..range.end;
            stop = left_stop;
        }
        if levels(&range) < 2 {
            break;
        }
        corporate |= institutional(&text[range.clone()]);
        first = Some(stop);
        if stop == 0 {
            break;
        }
        i = stop - 1;
    }
    let first = first?;
    let opens = first == 0 || toks[first - 1].kind != Tok::Word;
    (corporate && opens).then_some(first)
}

/// A name with a lower-case connector inside (`of the`) or of three or more words is an institution.
fn looks_corporate(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 3 && words.iter().any(|w| CONNECTORS.contains(w) && !crate::lexicon::is_particle(w))
}

fn clean_name(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    strip_possessive(&joined).to_string()
}
