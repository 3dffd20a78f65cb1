//! Numeric citations: `[12]`, `[3–5, 9]`, `(1, 2)` and superscripts as PDF text leaves them
//! (`cancer.12,13`, `cancer12–14`, `pathway 19 .`).
//!
//! Numbers are everywhere in a paper (years, quantities, equation numbers, figure panels,
//! footnote marks), so a number is never a citation on its own shape. The work is split in
//! two: [`find_groups`] collects every *candidate* group in a paragraph with a cheap local
//! test of its surroundings (no `Fig.` or `Eq.` before it, no unit or noun after a spaced
//! number, no interval `[0, 1]`), and [`select`] decides, once per document, which kind of
//! group this document uses for its citations. That decision weighs the evidence of the
//! whole document: how many candidates of each kind there are, how many author-year
//! citations were found, how long the reference list is (a citation number never exceeds
//! it), and, for superscripts, whether new numbers appear in citation order (a reference
//! list numbered by first citation introduces 1, 2, 3, … in turn, while quantities jump
//! about). Only the chosen kind is accepted, so the author-year papers keep none.
//!
//! [`link`] then ties each number to its entry in a numbered reference list (`[12]`, `12.`,
//! `(12)` labels, or the entry's position when the list is unlabelled).

use crate::model::{Citation, Reference};
use crate::source::Span;
use std::collections::HashMap;
use std::ops::Range;

/// How a numeric group is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `[12]`, `[3–5, 9]`, `[1]–[3]`.
    Bracket,
    /// `(12)`, `(1, 2)`.
    Paren,
    /// A superscript flattened into the text: glued (`cancer.12,13`, `cells1,2`) or spaced
    /// (`pathway 19 .`).
    Superscript,
}

/// One written element of a group: a number or a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The element as written (`12`, `3–5`), a range into the paragraph.
    pub range: Range<usize>,
    /// The numbers it cites, ranges expanded.
    pub numbers: Vec<u32>,
}

/// A candidate group of citation numbers in one joined paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The whole group, brackets included.
    pub range: Range<usize>,
    /// Its written form.
    pub kind: Kind,
    /// Its elements in order.
    pub elements: Vec<Element>,
}

impl Group {
    /// All numbers of the group in order.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.elements.iter().flat_map(|e| e.numbers.iter().copied())
    }
}

/// Longest range that is expanded (`[1–200]` still is; `[3–2008]` is not a range of works).
const MAX_RANGE: u32 = 300;

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// Character at byte `i`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Character before byte `i`, if any.
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Skips at most `max` spaces from `i`.
fn skip_spaces(text: &str, mut i: usize, max: usize) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    while i < b.len() && b[i] == b' ' && n < max {
        i += 1;
        n += 1;
    }
    i
}

/// A run of 1–4 ASCII digits at `i` not followed by another digit: (value, end).
fn number_at(text: &str, i: usize) -> Option<(u32, usize)> {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() && j - i < 5 {
        j += 1;
    }
    if j == i || j - i > 4 || b.get(j).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // A leading zero is a decimal's or a code's (`05`), not a reference number.
    if b[i] == b'0' {
        return None;
    }
    Some((text[i..j].parse().ok()?, j))
}

/// How loosely a list may be spaced.
#[derive(Clone, Copy)]
struct ListStyle {
    /// Spaces allowed around separators and dashes.
    spaces: usize,
    /// `;` separates elements too.
    semicolons: bool,
}

/// Parses `12`, `3–5, 9`, `1,3-5` at `i`; returns the elements and the end of the last one.
fn parse_list(text: &str, i: usize, style: ListStyle) -> Option<(Vec<Element>, usize)> {
    let mut elements = Vec::new();
    let mut pos = i;
    loop {
        let (lo, end) = number_at(text, pos)?;
        let mut el_end = end;
        let mut numbers = vec![lo];
        // A range: `3–5`, `15– 17`.
        let d = skip_spaces(text, end, style.spaces);
        if let Some(c) = char_at(text, d).filter(|&c| is_dash(c)) {
            let after = skip_spaces(text, d + c.len_utf8(), style.spaces);
            if let Some((hi, e)) = number_at(text, after) {
                if hi <= lo || hi - lo > MAX_RANGE {
                    return None;
                }
                numbers = (lo..=hi).collect();
                el_end = e;
            }
        }
        elements.push(Element { range: pos..el_end, numbers });
        // Another element after `,` or `;`.
        let s = skip_spaces(text, el_end, style.spaces);
        let sep = char_at(text, s);
        let is_sep = sep == Some(',') || (style.semicolons && sep == Some(';'));
        if !is_sep {
            return Some((elements, el_end));
        }
        let next = skip_spaces(text, s + 1, style.spaces.max(1));
        if number_at(text, next).is_none() {
            return Some((elements, el_end));
        }
        pos = next;
    }
}

/// Words after which a number is the label of a figure, table, equation or the like, never
/// a citation: `Fig. 2`, `Eq. (3)`, `Table [1]`, `step 4`.
const LABEL_WORDS: &[&str] = &[
    "fig",
    "figs",
    "figure",
    "figures",
    "table",
    "tables",
    "tab",
    "eq",
    "eqs",
    "equation",
    "equations",
    "section",
    "sections",
    "sect",
    "sec",
    "chapter",
    "chap",
    "ch",
    "appendix",
    "step",
    "steps",
    "stage",
    "phase",
    "lane",
    "lanes",
    "panel",
    "panels",
    "box",
    "scheme",
    "schemes",
    "algorithm",
    "line",
    "lines",
    "row",
    "rows",
    "column",
    "columns",
    "col",
    "theorem",
    "lemma",
    "proposition",
    "corollary",
    "definition",
    "remark",
    "example",
    "exercise",
    "condition",
    "assumption",
    "hypothesis",
    "question",
    "item",
    "items",
    "supplementary",
    "movie",
    "video",
    "file",
    "note",
    "notes",
    "footnote",
    "page",
    "pages",
    "p",
    "pp",
    "no",
    "nos",
    "number",
    "vol",
    "volume",
    "version",
    "v",
    "exon",
    "intron",
    "chromosome",
    "codon",
    "residue",
    "residues",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "hour",
    "hours",
    "minute",
    "minutes",
    "grade",
    "class",
    "type",
    "level",
    "levels",
];

/// Words after which a spaced number is a quantity or a name, not a superscript citation
/// (`of 35 patients`, `group 2`): a superscript follows the word it annotates directly,
/// and that word is rarely one of these.
const QUANTITY_WORDS: &[&str] = &[
    "of",
    "to",
    "and",
    "or",
    "than",
    "from",
    "at",
    "by",
    "in",
    "with",
    "between",
    "over",
    "under",
    "about",
    "approximately",
    "around",
    "nearly",
    "almost",
    "only",
    "all",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "these",
    "those",
    "the",
    "a",
    "an",
    "each",
    "every",
    "after",
    "before",
    "within",
    "for",
    "per",
    "on",
    "into",
    "first",
    "last",
    "top",
    "up",
    "least",
    "most",
    "n",
    "total",
    "mean",
    "median",
    "age",
    "aged",
    "score",
    "ratio",
    "value",
    "values",
    "group",
    "groups",
    "case",
    "cases",
    "trial",
    "experiment",
    "patient",
    "subject",
    "participant",
    "sample",
    "position",
    "site",
    "domain",
    "region",
    "model",
    "dataset",
    "data",
    "rule",
    "property",
    "generation",
    "compound",
    "compounds",
    "complex",
    "complexes",
    "derivative",
    "derivatives",
    "product",
    "products",
    "intermediate",
    "intermediates",
    "ligand",
    "ligands",
    "catalyst",
    "substrate",
    "substrates",
    "alcohol",
    "aldehyde",
    "ketone",
    "ester",
    "amide",
    "amine",
    "acid",
    "salt",
    "isomer",
    "analogue",
    "analogues",
    "analog",
    "analogs",
    "probe",
    "probes",
    "mutant",
    "strain",
    "strains",
];

/// Abbreviations whose period a number may follow without a citation: `Fig. 2`, `no. 5`.
const ABBREVIATIONS: &[&str] = &[
    "fig", "figs", "eq", "eqs", "tab", "no", "nos", "vol", "p", "pp", "ch", "chap", "sec", "sect", "approx", "ca",
    "vs", "ver", "v",
];

/// The word (letters only, lower-cased) that ends right before `i`, skipping one space,
/// `.` or `(`: `Fig. 2`, `Eq. (3)`, `Table [1]`.
fn word_before(text: &str, i: usize) -> String {
    let head = &text[..i];
    let head = head.trim_end_matches([' ', '(', '[']);
    let head = head.strip_suffix('.').unwrap_or(head);
    let start =
        head.rfind(|c: char| !c.is_alphabetic()).map(|k| k + head[k..].chars().next().map_or(1, char::len_utf8));
    head[start.unwrap_or(0)..].to_lowercase()
}

fn after_label_word(text: &str, i: usize) -> bool {
    let w = word_before(text, i);
    !w.is_empty() && LABEL_WORDS.contains(&w.as_str())
}

/// `Fig. [2]`, `Figure [2]`, `Eq. [3]`: brackets label a figure, a table, or an equation
/// after its abbreviation (`the Cockcroft-Gault equation [8]` cites the work that gave it).
fn after_label_abbreviation(text: &str, i: usize) -> bool {
    let head = text[..i].trim_end();
    let word = word_before(text, i);
    matches!(word.as_str(), "figure" | "figures" | "table" | "tables")
        || head.ends_with('.') && matches!(word.as_str(), "fig" | "figs" | "eq" | "eqs" | "tab" | "no" | "nos")
}

/// A mathematical relation or operator right before (`∈ [5, 120]`, `= (1, 2)`).
fn after_math(text: &str, i: usize) -> bool {
    text[..i].trim_end().chars().next_back().is_some_and(|c| "=<>≤≥±×∈∼~+*/^≈≃≅→←↦∝·∗".contains(c))
}

/// A bracketed group at `i` (which holds `[`), chained with its neighbours (`[1], [2]`,
/// `[1]–[3]`).
fn bracket_at(text: &str, i: usize) -> Option<Group> {
    let style = ListStyle { spaces: 2, semicolons: true };
    let mut elements: Vec<Element> = Vec::new();
    let mut pos = i;
    let mut end;
    let mut dash_pending = false;
    loop {
        let inner = skip_spaces(text, pos + 1, 2);
        let (els, e) = parse_list(text, inner, style)?;
        let close = skip_spaces(text, e, 2);
        if char_at(text, close) != Some(']') {
            if elements.is_empty() {
                return None;
            }
            break;
        }
        end = close + 1;
        let mut els = els;
        if dash_pending {
            // `[1]–[3]`: a range written across brackets.
            let (Some(prev), Some(first)) = (elements.pop(), els.first().cloned()) else { return None };
            let lo = *prev.numbers.last()?;
            let hi = *first.numbers.first()?;
            if hi <= lo || hi - lo > MAX_RANGE {
                return None;
            }
            let mut numbers = prev.numbers[..prev.numbers.len() - 1].to_vec();
            numbers.extend(lo..=hi);
            numbers.extend(first.numbers.iter().skip(1));
            els[0] = Element { range: prev.range.start..first.range.end, numbers };
        }
        elements.extend(els);
        // Another bracket right after: `[1], [2]`, `[1,2] [3]`, `[1]–[3]`.
        let s = skip_spaces(text, end, 1);
        let c = char_at(text, s);
        let (next, dash) = match c {
            Some(',') | Some(';') => (skip_spaces(text, s + 1, 1), false),
            Some(d) if is_dash(d) => (skip_spaces(text, s + d.len_utf8(), 1), true),
            _ => (s, false),
        };
        if char_at(text, next) == Some('[')
            && number_at(text, skip_spaces(text, next + 1, 2)).is_some()
            && (c != Some('[') || next == end)
        {
            dash_pending = dash;
            pos = next;
            continue;
        }
        let group = Group { range: i..end, kind: Kind::Bracket, elements };
        return Some(group);
    }
    let group = Group { range: i..elements.last()?.range.end, kind: Kind::Bracket, elements };
    Some(group)
}

/// A parenthesised group at `i` (which holds `(`): `(12)`, `( 13, 14)`, `(19-28)`.
fn paren_at(text: &str, i: usize) -> Option<Group> {
    let inner = skip_spaces(text, i + 1, 1);
    let (elements, e) = parse_list(text, inner, ListStyle { spaces: 1, semicolons: true })?;
    let close = skip_spaces(text, e, 1);
    (char_at(text, close) == Some(')')).then(|| Group { range: i..close + 1, kind: Kind::Paren, elements })
}

/// A bracket inside a word is part of a name: `pyrazolo[4,3-h][2,5,11]benzoxadiazacyclo`.
fn inside_word(text: &str, g: &Group) -> bool {
    char_at(text, g.range.end).is_some_and(|c| c.is_alphanumeric() || c == '-')
        || char_before(text, g.range.start).is_some_and(|c| c == ']' || c == '-')
}

/// Units after which a bracketed pair is an interval: `[10, 20] mm`, `[15, 30] degrees`.
const UNITS: &[&str] = &[
    "mm", "cm", "m", "km", "nm", "µm", "μm", "s", "ms", "min", "h", "hz", "khz", "mhz", "ghz", "deg", "degrees",
    "degree", "kg", "g", "mg", "µg", "ml", "µl", "l", "db", "ev", "kev", "mev", "gev", "k", "years", "days", "hours",
    "months", "weeks", "px", "pixels", "bp", "kb", "kda", "mol", "mm2", "v", "mv", "kv", "w", "kw", "a", "ma",
];

/// An interval rather than citations: `intervals [10, 20] mm`, `the range [0, 5]`.
fn interval(text: &str, g: &Group) -> bool {
    let pair = g.elements.len() == 2 && g.elements.iter().all(|e| e.numbers.len() == 1);
    if !pair {
        return false;
    }
    let word: String =
        text[g.range.end..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == 'µ').collect();
    let before = word_before(text, g.range.start);
    UNITS.contains(&word.to_lowercase().as_str())
        || matches!(before.as_str(), "interval" | "intervals" | "range" | "ranges")
}

/// Whether an enumeration item stands here: `(1)` opening a clause (`: (1) the ...`).
fn enumeration(text: &str, g: &Group) -> bool {
    let before = text[..g.range.start].trim_end();
    let opens = before.is_empty()
        || before.ends_with([':', ';', ',', '.'])
        || before.ends_with(" and")
        || before.ends_with(" or")
        || before.ends_with(" both");
    let after = text[g.range.end..].trim_start();
    opens && after.chars().next().is_some_and(|c| c.is_alphabetic())
}

/// A group that is the whole paragraph, or closes one after a formula: a displayed equation's
/// number.
fn stands_alone(text: &str, g: &Group) -> bool {
    let before = text[..g.range.start].trim_end();
    let after = text[g.range.end..].trim_start();
    before.is_empty() && (after.is_empty() || after.starts_with("where"))
}

/// What may follow a superscript number: punctuation closing a clause, a line or paragraph
/// end, or (after sentence-final punctuation) the next sentence. A spaced number (PDF text
/// puts a space on both sides of a superscript) takes no `:` or `)` after it, which is where
/// quantities and chemical subscripts stand (`0: none`, `CH 3 )`).
fn superscript_follows(text: &str, end: usize, after_period: bool, spaced: bool) -> bool {
    let closing = |c: char| matches!(c, '.' | ',' | ';') || !spaced && matches!(c, ':' | ')');
    let rest = &text[end..];
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if closing(c) => !chars.next().is_some_and(|c| c.is_alphanumeric()),
        Some(' ') => {
            let t = rest.trim_start();
            let mut cs = t.chars();
            match cs.next() {
                None => true,
                Some(c) if closing(c) => !cs.next().is_some_and(|c| c.is_alphanumeric()),
                // The next sentence opens with a word, not a symbol (`1 H NMR`).
                Some(c) if c.is_uppercase() => after_period && cs.next().is_some_and(char::is_alphabetic),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Words that go on with a clause after a spaced superscript (`variable 18-25 which is`,
/// `MammaPrint 11,12 and PAM50`): function words and reporting verbs, never a unit or the
/// noun a quantity counts.
const CLAUSE_WORDS: &[&str] = &[
    "which",
    "that",
    "and",
    "or",
    "but",
    "in",
    "with",
    "as",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "for",
    "on",
    "by",
    "where",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "since",
    "suggest",
    "suggests",
    "suggested",
    "show",
    "shows",
    "showed",
    "shown",
    "report",
    "reported",
    "reports",
    "found",
    "demonstrated",
    "described",
    "proposed",
    "observed",
    "also",
    "however",
    "we",
    "it",
    "this",
    "these",
    "can",
    "may",
    "might",
    "could",
    "using",
    "used",
    "including",
    "such",
    "but",
    "so",
    "thus",
    "whereby",
    "whose",
    "who",
];

/// After a spaced number, the clause goes on with one of [`CLAUSE_WORDS`], or a list or
/// range is followed by a parenthesis (`genes 15,18,19 (FOXM1C, …)`).
fn continues_clause(text: &str, end: usize, shaped: bool) -> bool {
    let rest = &text[end..];
    if !rest.starts_with(' ') {
        return false;
    }
    let t = rest.trim_start();
    if shaped && t.starts_with('(') {
        return true;
    }
    let word: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    CLAUSE_WORDS.contains(&word.as_str())
}

/// How far back the token a superscript hangs on is read.
const TOKEN_WINDOW: usize = 64;

/// A superscript group at `i` (which holds a digit): glued to the word before or spaced.
fn superscript_at(text: &str, i: usize) -> Option<Group> {
    let prev = char_before(text, i)?;
    let spaced = prev == ' ';
    // The character the number is attached to (after the space, for a spaced one).
    let anchor_at = if spaced { i - 1 } else { i };
    let anchor = char_before(text, anchor_at)?;
    let glued_ok = anchor.is_alphabetic()
        || matches!(anchor, '.' | ',' | ')' | '”' | '"' | '’')
        || !spaced && matches!(anchor, ';' | ':');
    if !glued_ok {
        return None;
    }
    // The token the number hangs on: no digits, slashes or `@` (DOIs, URLs, formulas, codes).
    // Looked at within a bounded window, so a long run without spaces costs no more per digit.
    let mut window = anchor_at.saturating_sub(TOKEN_WINDOW);
    while !text.is_char_boundary(window) {
        window += 1;
    }
    let token_start = text[window..anchor_at].rfind(char::is_whitespace).map_or(window, |k| window + k + 1);
    let token = &text[token_start..anchor_at];
    // A spaced number after a sentence's period may follow a figure reference (`(Figure 1a). 1-5`).
    let digits_ok = spaced && anchor == '.';
    if token.contains(|c: char| c.is_ascii_digit() && !digits_ok || matches!(c, '/' | '@' | '_' | '=' | '<' | '>'))
        || token.contains("www.")
    {
        return None;
    }
    let letters: String = token.chars().filter(|c| c.is_alphabetic()).collect();
    if anchor.is_alphabetic() && !spaced {
        // `cells1`: a lower-case word of some length; `CO2`, `Nrf2`, `mm2`, `p53` are names
        // and units.
        let last_lower = anchor.is_lowercase();
        let n = letters.chars().count();
        let capital = letters.chars().next().is_some_and(char::is_uppercase);
        if !last_lower || n < 4 || (capital && n <= 5) {
            return None;
        }
    }
    if letters.is_empty() && !matches!(anchor, ')' | '”' | '"' | '’') {
        return None;
    }
    // A spaced number after a symbol-like word is a formula's subscript (`CH 3`, `CDCl 3`).
    if spaced && anchor.is_alphabetic() && letters.chars().filter(|c| c.is_lowercase()).count() < 2 {
        return None;
    }
    let after_period = matches!(anchor, '.' | '”' | '"' | '’');
    // After a period the word before it matters only as an abbreviation (`Fig. 2`, `no. 5`);
    // otherwise any label or quantity word rules the number out (`Figure 2`, `of 35`).
    let word = word_before(text, anchor_at);
    let ruled_out = if anchor == '.' {
        ABBREVIATIONS.contains(&word.as_str())
    } else {
        LABEL_WORDS.contains(&word.as_str()) || spaced && QUANTITY_WORDS.contains(&word.as_str())
    };
    if ruled_out {
        return None;
    }
    let style =
        if spaced { ListStyle { spaces: 1, semicolons: false } } else { ListStyle { spaces: 0, semicolons: false } };
    let (elements, end) = parse_list(text, i, style)?;
    let shaped = elements.len() > 1 || elements.iter().any(|e| e.numbers.len() > 1);
    // `Chen et al. 5 reported`: a number after `et al.` names the work.
    let after_et_al = anchor == '.' && word == "al";
    let closes = (after_et_al && !char_at(text, end).is_some_and(char::is_alphanumeric))
        || superscript_follows(text, end, after_period, spaced)
        || continues_clause(text, end, shaped);
    if !closes {
        return None;
    }
    Some(Group { range: i..end, kind: Kind::Superscript, elements })
}

/// Every candidate numeric group of one joined paragraph, in text order, not overlapping.
pub fn find_groups(text: &str) -> Vec<Group> {
    let b = text.as_bytes();
    let mut out: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let group = match c {
            b'[' => bracket_at(text, i).filter(|g| {
                !after_label_abbreviation(text, g.range.start)
                    && !after_math(text, i)
                    && !inside_word(text, g)
                    && !interval(text, g)
            }),
            b'(' => paren_at(text, i).filter(|g| {
                !after_label_word(text, g.range.start)
                    && !after_math(text, i)
                    && !enumeration(text, g)
                    && !stands_alone(text, g)
                    && !char_before(text, i).is_some_and(|c| c.is_alphanumeric() || c == '-')
            }),
            b'0'..=b'9' if i > 0 && !b[i - 1].is_ascii_digit() => superscript_at(text, i),
            _ => None,
        };
        match group {
            Some(g) => {
                i = g.range.end;
                out.push(g);
            }
            None => {
                // Skip the rest of a digit run so its middle is not read as a new number.
                i += 1;
                while c.is_ascii_digit() && i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
        }
    }
    out
}

/// What the document as a whole tells about its citation style.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence {
    /// Author-year citations found in it.
    pub author_year: usize,
    /// Entries of its own reference list(s).
    pub references: usize,
    /// The largest label of a numbered reference list (0 when unlabelled or absent).
    pub max_label: u32,
}

/// Fewest groups of a kind before the document counts as using it.
fn min_groups(kind: Kind) -> usize {
    match kind {
        Kind::Bracket => 2,
        Kind::Paren => 3,
        Kind::Superscript => 4,
    }
}

/// How far past the highest number cited so far a superscript's new number may be: lists
/// numbered by first citation still cite a few works first in tables and figures, or in
/// groups this reader missed.
const ORDER_SLACK: u32 = 8;

/// Decides which candidate groups are citations; `groups` are in document order.
/// Returns one flag per group.
pub fn select(groups: &[Group], evidence: &Evidence) -> Vec<bool> {
    // The highest number a citation can carry.
    let limit = if evidence.max_label > 0 {
        evidence.max_label
    } else if evidence.references > 0 {
        evidence.references as u32
    } else {
        // Without a list: any number up to a long bibliography's, and stricter counts below.
        500
    };
    let in_range = |g: &Group| g.numbers().all(|n| n >= 1 && n <= limit);
    let mut ok: Vec<bool> = groups.iter().map(in_range).collect();
    // Superscripts must appear in citation order: a new number is at most a few past the
    // highest seen so far.
    let mut max_seen = 0u32;
    let mut seen = vec![false; limit as usize + 2];
    for (g, flag) in groups.iter().zip(ok.iter_mut()) {
        if g.kind != Kind::Superscript || !*flag {
            continue;
        }
        // A list or a range (`1,2`, `2-7`) is a citation's shape on its own; a single number
        // must not run far ahead of the numbers cited so far.
        let shaped = g.elements.len() > 1 || g.elements.iter().any(|e| e.numbers.len() > 1);
        let first_fresh = g.numbers().find(|&n| !seen[n as usize]);
        if !shaped && first_fresh.is_some_and(|n| n > max_seen + ORDER_SLACK) {
            *flag = false;
            continue;
        }
        for n in g.numbers() {
            seen[n as usize] = true;
            max_seen = max_seen.max(n);
        }
    }
    let count = |k: Kind| groups.iter().zip(&ok).filter(|(g, f)| **f && g.kind == k).count();
    let kinds = [Kind::Bracket, Kind::Superscript, Kind::Paren];
    // The kind that cites the most distinct works wins: a paper cites nearly every entry of
    // its list, while equation numbers, compound labels (`D-glucal (1)`) and quantities
    // cover a few small numbers. A bracketed number list is rarely anything but a
    // citation, while parentheses and flattened superscripts also hold those: a bracket
    // counts for two.
    let coverage = |k: Kind| {
        let mut seen = vec![false; limit as usize + 2];
        for (g, _) in groups.iter().zip(&ok).filter(|(g, f)| **f && g.kind == k) {
            g.numbers().for_each(|n| seen[n as usize] = true);
        }
        seen.iter().filter(|&&b| b).count()
    };
    let weight = |k: Kind| if k == Kind::Bracket { 2 * coverage(k) } else { coverage(k) };
    let best = kinds.iter().copied().max_by_key(|&k| (weight(k), count(k), std::cmp::Reverse(k as u8)));
    let chosen = best.filter(|&k| {
        let n = count(k);
        let has_list = evidence.references > 0;
        n >= min_groups(k)
            && n > evidence.author_year
            && (has_list || (k == Kind::Bracket && n >= 2 * min_groups(k) && n > 3 * evidence.author_year))
    });
    groups.iter().zip(ok.iter_mut()).for_each(|(g, f)| *f = *f && Some(g.kind) == chosen);
    ok
}

/// The label of a numbered reference entry: `[12]`, `12.`, `(12)`, `12 `.
pub fn entry_label(raw: &str) -> Option<u32> {
    let t = raw.trim_start();
    let digits = if let Some(r) = t.strip_prefix('[') {
        &r[..r.find(']')?]
    } else if let Some(r) = t.strip_prefix('(') {
        &r[..r.find(')')?]
    } else {
        // `12. `, `12) `, `12 `: digits, then a period, parenthesis or space.
        let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let rest = &t[end..];
        if !(rest.starts_with('.') || rest.starts_with(") ") || rest.starts_with(' ')) {
            return None;
        }
        &t[..end]
    };
    let d = digits.trim();
    if d.is_empty() || d.len() > 4 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok().filter(|&n| n > 0)
}

/// The numbering of one reference list: number → index into the references.
struct Numbering {
    region: Span,
    by_number: HashMap<u32, usize>,
}

/// Numberings of the document's reference lists: by label when most entries carry one,
/// else by position.
fn numberings(refs: &[Reference], regions: &[Span]) -> Vec<Numbering> {
    regions
        .iter()
        .map(|&region| {
            let members: Vec<usize> =
                (0..refs.len()).filter(|&i| refs[i].span.is_some_and(|s| region.contains(s))).collect();
            let labels: Vec<Option<u32>> = members.iter().map(|&i| entry_label(&refs[i].raw)).collect();
            let labelled = labels.iter().filter(|l| l.is_some()).count();
            let mut by_number = HashMap::new();
            if labelled * 5 >= members.len() * 3 && labelled > 0 {
                for (&i, l) in members.iter().zip(&labels) {
                    if let Some(n) = l {
                        by_number.entry(*n).or_insert(i);
                    }
                }
            } else {
                for (k, &i) in members.iter().enumerate() {
                    by_number.insert(k as u32 + 1, i);
                }
            }
            Numbering { region, by_number }
        })
        .collect()
}

/// The largest label of the document's numbered reference lists (0 when none is labelled).
pub fn max_label(refs: &[Reference], regions: &[Span]) -> u32 {
    let mut best = 0;
    for n in numberings(refs, regions) {
        let labelled = n.by_number.iter().all(|(&k, &i)| entry_label(&refs[i].raw) == Some(k));
        if labelled {
            best = best.max(n.by_number.keys().copied().max().unwrap_or(0));
        }
    }
    best
}

/// Links numeric citations (`numbers` set, `reference` unset) to their entries: the list
/// that follows the citation (a thesis numbers each chapter's list anew), else the last.
/// A linked citation takes the authors and year of its entry, as an author-year style
/// would print them. Returns the indices of citations left unlinked.
pub fn link(citations: &mut [Citation], refs: &[Reference], regions: &[Span]) -> Vec<usize> {
    let lists = numberings(refs, regions);
    let mut unlinked = Vec::new();
    for (ci, c) in citations.iter_mut().enumerate() {
        let Some(&n) = c.numbers.first() else { continue };
        let list = lists.iter().find(|l| l.region.start >= c.span.end).or(lists.last());
        let Some(&ri) = list.and_then(|l| l.by_number.get(&n)) else {
            unlinked.push(ci);
            continue;
        };
        let r = &refs[ri];
        c.reference = Some(r.id.clone());
        c.resolution = Some("number".to_string());
        let names: Vec<String> =
            r.authors.iter().map(|p| p.sort_name().to_string()).filter(|s| !s.is_empty()).collect();
        if names.len() > 2 {
            c.authors = names[..1].to_vec();
            c.et_al = true;
        } else {
            c.et_al = r.et_al;
            c.authors = names;
        }
        c.year = r.year.clone();
    }
    unlinked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<(Kind, Vec<u32>)> {
        find_groups(text).into_iter().map(|g| (g.kind, g.numbers().collect())).collect()
    }

    #[test]
    fn brackets_lists_and_ranges() {
        assert_eq!(nums("as shown [12]."), [(Kind::Bracket, vec![12])]);
        assert_eq!(nums("earlier work [3–5, 9] found"), [(Kind::Bracket, vec![3, 4, 5, 9])]);
        assert_eq!(nums("others [1,3-5]."), [(Kind::Bracket, vec![1, 3, 4, 5])]);
        assert_eq!(nums("studies [1], [2]."), [(Kind::Bracket, vec![1, 2])]);
        assert_eq!(nums("studies [1]–[3]."), [(Kind::Bracket, vec![1, 2, 3])]);
        assert_eq!(nums("trials [ 7 ; 8 ]"), [(Kind::Bracket, vec![7, 8])]);
    }

    #[test]
    fn parentheses() {
        assert_eq!(nums("a recent study (23) showed"), [(Kind::Paren, vec![23])]);
        assert_eq!(nums("hospitalization ( 13, 14) ."), [(Kind::Paren, vec![13, 14])]);
        assert_eq!(nums("microspheres (19-28), we"), [(Kind::Paren, vec![19, 20, 21, 22, 23, 24, 25, 26, 27, 28])]);
    }

    #[test]
    fn superscripts_as_pdf_text_leaves_them() {
        assert_eq!(nums("in cancer.12,13 These"), [(Kind::Superscript, vec![12, 13])]);
        assert_eq!(nums("in cancer12–14 and"), [(Kind::Superscript, vec![12, 13, 14])]);
        assert_eq!(nums("the cells1,2."), [(Kind::Superscript, vec![1, 2])]);
        assert_eq!(nums("the pathway 19 . Then"), [(Kind::Superscript, vec![19])]);
        assert_eq!(nums("was performed. 6 Specifically"), [(Kind::Superscript, vec![6])]);
        assert_eq!(
            nums("in cancer. 14,17-24 Similar"),
            [(Kind::Superscript, (14..=24).filter(|&n| n == 14 || n >= 17).collect())]
        );
    }

    #[test]
    fn not_citations() {
        for t in [
            "see Fig. 2 and Table 3.",
            "as in Eq. (3) above",
            "in Figure [2].",
            "the interval [0, 1] holds",
            "n̂ ∈ [5, 120] in",
            "p < 0.05, n = 12.",
            "version 3.4.125 was used",
            "levels of CO2 and H2O rose",
            "Nrf2 and p53 and mm2",
            "we studied 35 patients in 2008.",
            "of 35 samples.",
            "three steps: (1) cut, (2) paste.",
            "data at doi.org/10.17605/OSF.IO/F7ZXY13 here",
            "in the year 1998 there",
        ] {
            assert!(nums(t).is_empty(), "{t}: {:?}", nums(t));
        }
    }

    #[test]
    fn long_runs_stay_linear() {
        // A 400 kB token of digits and commas, and brackets that never close: each position is
        // looked at within a bounded window (a quadratic scan would take minutes here).
        let run = "1,".repeat(200_000);
        assert!(find_groups(&run).is_empty());
        let brackets = "[1, ".repeat(100_000);
        assert!(find_groups(&brackets).is_empty());
        let words = "x".repeat(200_000) + "12";
        assert_eq!(find_groups(&words).len(), 1);
    }

    fn group(kind: Kind, numbers: &[u32]) -> Group {
        Group { range: 0..1, kind, elements: vec![Element { range: 0..1, numbers: numbers.to_vec() }] }
    }

    #[test]
    fn the_document_decides() {
        let ev = Evidence { author_year: 0, references: 20, max_label: 20 };
        let gs = vec![group(Kind::Bracket, &[1]), group(Kind::Bracket, &[2, 3]), group(Kind::Paren, &[3])];
        assert_eq!(select(&gs, &ev), [true, true, false]);
        // Author-year papers keep none.
        let ev = Evidence { author_year: 40, references: 20, max_label: 0 };
        assert_eq!(select(&gs, &ev), [false, false, false]);
        // Numbers past the list are not citations.
        let ev = Evidence { author_year: 0, references: 2, max_label: 2 };
        let gs = vec![group(Kind::Bracket, &[1]), group(Kind::Bracket, &[2]), group(Kind::Bracket, &[30])];
        assert_eq!(select(&gs, &ev), [true, true, false]);
    }

    #[test]
    fn superscripts_follow_citation_order() {
        let ev = Evidence { author_year: 0, references: 60, max_label: 60 };
        let gs: Vec<Group> = [1, 2, 3, 45, 4, 5, 2, 6].iter().map(|&n| group(Kind::Superscript, &[n])).collect();
        assert_eq!(select(&gs, &ev), [true, true, true, false, true, true, true, true]);
    }

    #[test]
    fn labels() {
        assert_eq!(entry_label("[12] A. Smith"), Some(12));
        assert_eq!(entry_label("12. Smith J"), Some(12));
        assert_eq!(entry_label("(3) Smith"), Some(3));
        assert_eq!(entry_label("Smith J. 2001"), None);
        assert_eq!(entry_label("2001. Title"), Some(2001));
    }
}
