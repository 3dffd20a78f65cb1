//! Abbreviation-aware sentence splitting.
//!
//! Claims are sentences, so every later stage (citation detection, claim extraction, the
//! graph) needs sentence boundaries over text that general-purpose segmenters handle badly:
//! OCR'd policy papers and PDF-extracted scientific articles full of `pp. 41-42`, `et al.`,
//! author-year parentheticals, line wraps, stray footnote markers glued to periods
//! (`communications.' Both`, `Convention.* In`), and curly quotes. This module implements
//! one linear byte scan tuned for that material and reports byte ranges into the
//! *original* text, so callers keep a single coordinate system.
//!
//! # How a boundary is decided
//!
//! A boundary candidate is a run of terminators (`.`, `?`, `!`, `…`), optionally followed by
//! closing marks (closing quotes and brackets, footnote markers such as `*`, `'`, `°`,
//! superscript digits, or up to three ASCII digits before a capitalised word:
//! `security.12 Both`), then whitespace, then a plausible sentence start: an uppercase
//! letter, a digit, an opening quote, an opening bracket, or (after `.` only) a
//! lowercase-initial mixed-case word such as `mRNA` or `pH`. A `?` or `!` followed by a
//! lowercase word or by `,` is therefore never a boundary. The candidate is rejected when:
//!
//! * it lies inside parentheses or brackets (tracking is capped: an unclosed bracket stops
//!   protecting after [`BRACKET_REACH`] bytes or at a blank line);
//! * the token before a single `.` is a known abbreviation (`pp.`, `e.g.`, `Dr.`, `Fig.`,
//!   month names, …), a single-letter initial (`Keith B. Alexander`), a dotted acronym
//!   (`U.S.`), or a list enumerator (`“7. Member States`, `reasons: 1. The`);
//! * `et al.` is followed by a digit or `(` (it splits only before a capitalised word or a
//!   quotation); `etc.` is followed by `(` or `)`; `No.`/`Nos.` is followed by a digit or
//!   bracket;
//! * the terminator starts a line or the sentence (`? For example`: an OCR'd footnote
//!   marker);
//! * it is an ellipsis inside a quotation, or an ellipsis outside one that is not followed
//!   by an uppercase letter.
//!
//! A split is always placed after the closing marks, so a closing `”` stays with the
//! sentence it closes. Whitespace runs (including line wraps) count as one space for every
//! decision. Blank lines never split by themselves; they only reset bracket and quotation
//! tracking (the caller is expected to pass paragraphs).

use std::collections::VecDeque;
use std::ops::Range;

/// How many bytes an unclosed `(` or `[` keeps protecting its contents from being split.
///
/// OCR text often loses closing brackets; without a reach limit one stray `(` would glue
/// the rest of the document into a single sentence.
pub const BRACKET_REACH: usize = 400;

/// How many bytes an unclosed opening quote counts as "inside a quotation" (only used to
/// keep ellipses inside quotations from splitting).
const QUOTE_REACH: usize = 4000;

/// Bracket positions remembered exactly; deeper nesting is only counted.
const MAX_TRACKED_BRACKETS: usize = 64;

/// Longest token (in chars) examined before a period; longer tokens are never abbreviations.
const MAX_TOKEN_CHARS: usize = 48;

/// Most closing marks accepted between a terminator and the following whitespace.
const MAX_CLOSERS: usize = 8;

/// Splits `text` into sentences; returns byte ranges [start, end) into `text`, trimmed of surrounding
/// whitespace, in order, covering every non-whitespace byte exactly once.
///
/// The function never panics and runs in time linear in `text.len()`. See the
/// [module documentation](self) for the rules.
#[must_use]
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut prev = 0;
    for split in find_splits(text) {
        // `split` directly follows a terminator or closing mark, never whitespace, and
        // `prev` is a char boundary; only leading whitespace needs trimming.
        let start = skip_whitespace(text, prev);
        if start < split {
            out.push(start..split);
        }
        prev = split;
    }
    let start = skip_whitespace(text, prev);
    let end = text.get(start..).map_or(start, |rest| start + rest.trim_end().len());
    if start < end {
        out.push(start..end);
    }
    out
}

/// Scan state: open brackets and the current quotation.
struct Scan {
    /// Byte positions of the innermost open brackets, innermost last (at most
    /// [`MAX_TRACKED_BRACKETS`]).
    brackets: VecDeque<usize>,
    /// Outer open brackets whose positions were dropped to keep `brackets` bounded.
    forgotten_brackets: usize,
    /// Position of the opening quote of the quotation we are in, if any.
    quote_open: Option<usize>,
}

impl Scan {
    fn new() -> Self {
        Scan { brackets: VecDeque::new(), forgotten_brackets: 0, quote_open: None }
    }

    fn open_bracket(&mut self, at: usize) {
        if self.brackets.len() >= MAX_TRACKED_BRACKETS {
            self.brackets.pop_front();
            self.forgotten_brackets = self.forgotten_brackets.saturating_add(1);
        }
        self.brackets.push_back(at);
    }

    fn close_bracket(&mut self) {
        if self.brackets.pop_back().is_none() {
            self.forgotten_brackets = self.forgotten_brackets.saturating_sub(1);
        }
    }

    fn reset(&mut self) {
        self.brackets.clear();
        self.forgotten_brackets = 0;
        self.quote_open = None;
    }

    /// Whether position `at` is inside brackets once `pending_closes` closing brackets that
    /// follow it have been applied. Forgets brackets that have gone stale.
    fn bracket_protects(&mut self, at: usize, pending_closes: usize) -> bool {
        // Only brackets with a known position protect; forgotten outer ones are older than
        // any known one, so treating them as stale errs towards splitting, never towards
        // swallowing the rest of the text.
        let innermost = self
            .brackets
            .len()
            .checked_sub(pending_closes.saturating_add(1))
            .and_then(|i| self.brackets.get(i).copied());
        match innermost {
            Some(open) if at.saturating_sub(open) <= BRACKET_REACH => true,
            Some(_) => {
                // Everything still open is at least this old: treat it as unclosed junk.
                self.brackets.clear();
                self.forgotten_brackets = 0;
                false
            }
            None => false,
        }
    }

    fn in_quotation(&self, at: usize) -> bool {
        self.quote_open.is_some_and(|open| at.saturating_sub(open) <= QUOTE_REACH)
    }
}

/// Returns the byte positions after which a sentence ends, ascending.
fn find_splits(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut scan = Scan::new();
    let mut splits = Vec::new();
    let mut sentence_start = 0;
    let mut i = 0;
    while let Some(skip) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| INTERESTING[usize::from(b)])) {
        i += skip;
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'(' | b'[' | b'{' => {
                scan.open_bracket(i);
                i += 1;
            }
            b')' | b']' | b'}' => {
                scan.close_bracket();
                i += 1;
            }
            b'"' => {
                if straight_quote_opens(text, i) {
                    scan.quote_open = Some(i);
                } else {
                    scan.quote_open = None;
                }
                i += 1;
            }
            b'\n' => {
                if starts_blank_line(bytes, i) {
                    scan.reset();
                }
                i += 1;
            }
            b'.' | b'?' | b'!' | 0xE2 => {
                let run_end = terminator_run_end(text, i);
                if run_end == i {
                    // A 0xE2 lead byte that is not `…`: maybe a curly quote.
                    match text.get(i..).and_then(|s| s.chars().next()) {
                        Some('“' | '„') => scan.quote_open = Some(i),
                        Some('”') => scan.quote_open = None,
                        _ => {}
                    }
                    i += 1;
                    continue;
                }
                if let Some(split) = boundary_after(text, i, run_end, sentence_start, &mut scan) {
                    splits.push(split);
                    sentence_start = split;
                }
                i = run_end;
            }
            _ => i += 1,
        }
    }
    splits
}

/// Bytes the main loop has to look at; everything else is skipped.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let special = b"()[]{}\".?!\n";
    let mut k = 0;
    while k < special.len() {
        t[special[k] as usize] = true;
        k += 1;
    }
    t[0xE2] = true; // lead byte of `…`, `“`, `”`, `„`
    t
};

/// True for `\n` followed (after spaces, tabs, CRs) by another `\n`.
fn starts_blank_line(bytes: &[u8], newline: usize) -> bool {
    bytes.get(newline + 1..).unwrap_or_default().iter().find(|&&c| !matches!(c, b' ' | b'\t' | b'\r')) == Some(&b'\n')
}

/// Decides whether an ASCII `"` at `at` opens a quotation (start of text, or after
/// whitespace or an opening bracket, and followed by a non-space).
fn straight_quote_opens(text: &str, at: usize) -> bool {
    let before_ok = match char_before(text, at) {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{'),
    };
    let after_ok = char_at(text, at + 1).is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// End of the run of terminator characters starting at `start` (equal to `start` if none).
fn terminator_run_end(text: &str, start: usize) -> usize {
    let Some(rest) = text.get(start..) else {
        return start;
    };
    let len: usize = rest.chars().take_while(|&c| is_terminator(c)).map(char::len_utf8).sum();
    start + len
}

/// Marks that may sit between a terminator and the whitespace after it and still belong to
/// the sentence: closing quotes and brackets, and footnote markers (including OCR misreads).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | '*'
            | '†'
            | '‡'
            | '°'
            | '§'
            | '®'
            | '¹'
            | '²'
            | '³'
            | '⁰'..='⁹'
    )
}

/// Opening marks stripped from the front of a token before abbreviation lookup.
fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '„' | '«' | '‹')
}

/// What the next sentence would start with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Start {
    /// An uppercase (or titlecase) letter.
    Upper,
    /// An ASCII digit.
    Digit,
    /// An opening quotation mark.
    Quote,
    /// An opening bracket.
    Bracket,
    /// A lowercase-initial word with an uppercase letter soon after (`mRNA`, `pH`, `iPhone`).
    MixedCase,
}

fn classify_start(text: &str, at: usize) -> Option<Start> {
    let c = char_at(text, at)?;
    if c.is_uppercase() {
        Some(Start::Upper)
    } else if c.is_ascii_digit() {
        Some(Start::Digit)
    } else if matches!(c, '"' | '\'' | '“' | '‘' | '„' | '«') {
        Some(Start::Quote)
    } else if matches!(c, '(' | '[') {
        Some(Start::Bracket)
    } else if c.is_lowercase() {
        let rest = text.get(at..)?;
        rest.chars().take(6).take_while(|c| c.is_alphanumeric()).any(char::is_uppercase).then_some(Start::MixedCase)
    } else {
        None
    }
}

/// Where the closing marks after a terminator run end, and what follows them.
struct Tail {
    /// Split position: after closers (and footnote digits).
    split: usize,
    /// Closing brackets among the closers.
    closing_brackets: usize,
    /// A closing quotation mark is among the closers.
    closes_quote: bool,
    /// `)` directly among the closers.
    has_paren: bool,
    /// How the next sentence would start.
    start: Start,
    /// The whitespace before the next sentence contains a blank line.
    blank_line: bool,
}

/// Reads closers, optional footnote digits and whitespace after a terminator run.
fn read_tail(text: &str, run_start: usize, run_end: usize) -> Option<Tail> {
    let rest = text.get(run_end..)?;
    let mut pos = run_end;
    let mut closing_brackets = 0;
    let mut closes_quote = false;
    let mut has_paren = false;
    let mut chars = rest.chars().peekable();
    let mut n = 0;
    while let Some(&c) = chars.peek() {
        if !is_closer(c) || n >= MAX_CLOSERS {
            break;
        }
        match c {
            ')' | ']' | '}' => {
                closing_brackets += 1;
                has_paren |= c == ')';
            }
            '"' | '”' | '»' => closes_quote = true,
            _ => {}
        }
        pos += c.len_utf8();
        n += 1;
        chars.next();
    }
    let mut split = pos;
    let mut after = text.get(pos..)?.chars();
    match after.next() {
        Some(c) if c.is_whitespace() => {}
        Some(c) if c.is_ascii_digit() => {
            // Footnote number glued to the period (`communications.12 Both`). Not after a
            // digit (`2013.12` is a number) and only before an uppercase word.
            if char_before(text, run_start).is_none_or(|p| p.is_ascii_digit()) {
                return None;
            }
            let digits = text.get(pos..)?.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 3 {
                return None;
            }
            split = pos + digits;
            if !char_at(text, split).is_some_and(char::is_whitespace) {
                return None;
            }
            let next = skip_whitespace(text, split);
            if classify_start(text, next) != Some(Start::Upper) {
                return None;
            }
        }
        _ => return None,
    }
    let next = skip_whitespace(text, split);
    let start = classify_start(text, next)?;
    let blank_line = text.get(split..next).is_some_and(|ws| ws.bytes().filter(|&b| b == b'\n').nth(1).is_some());
    Some(Tail { split, closing_brackets, closes_quote, has_paren, start, blank_line })
}

fn skip_whitespace(text: &str, from: usize) -> usize {
    let Some(rest) = text.get(from..) else {
        return from;
    };
    let ws: usize = rest.chars().take_while(|c| c.is_whitespace()).map(char::len_utf8).sum();
    from + ws
}

/// Decides whether the terminator run `[run_start, run_end)` ends a sentence; returns the
/// split position if so.
fn boundary_after(
    text: &str,
    run_start: usize,
    run_end: usize,
    sentence_start: usize,
    scan: &mut Scan,
) -> Option<usize> {
    let tail = read_tail(text, run_start, run_end)?;
    if tail.blank_line {
        // A blank line ends any bracket or quotation left open before it.
        scan.reset();
    }
    if scan.bracket_protects(run_start, tail.closing_brackets) {
        return None;
    }
    let run = text.get(run_start..run_end)?;
    let strong = run.contains(['?', '!']);
    let dots = run.chars().filter(|&c| c == '.').count();
    let ellipsis = !strong && (run.contains('…') || dots >= 2);
    if !ellipsis && is_stray_marker(text, run_start, sentence_start) {
        return None;
    }
    let split = Some(tail.split);

    if strong {
        return match tail.start {
            Start::MixedCase => None,
            _ => split,
        };
    }
    let token = Token::before(text, run_start);
    if ellipsis || token.is_spaced_ellipsis {
        let inside = scan.in_quotation(run_start) && !tail.closes_quote;
        return (!inside && tail.start == Start::Upper).then_some(tail.split);
    }
    if is_enumerator(text, &token, sentence_start) {
        return None;
    }
    match abbreviation(text, &token) {
        Abbrev::None => split,
        Abbrev::Always => None,
        Abbrev::EtAl => matches!(tail.start, Start::Upper | Start::Quote).then_some(tail.split),
        Abbrev::Etc => {
            if tail.has_paren {
                return None;
            }
            matches!(tail.start, Start::Upper | Start::Quote | Start::Digit).then_some(tail.split)
        }
        Abbrev::Numeric => match tail.start {
            Start::Digit | Start::Bracket => None,
            _ => split,
        },
    }
}

/// A terminator that starts a line or the sentence (`? For example, UN General Assembly`)
/// is an OCR'd footnote marker, not the end of anything.
fn is_stray_marker(text: &str, run_start: usize, sentence_start: usize) -> bool {
    let Some(head) = text.get(sentence_start..run_start) else {
        return false;
    };
    let line_tail = head.trim_end_matches([' ', '\t', '\r']);
    line_tail.trim().is_empty() || line_tail.ends_with('\n')
}

/// The whitespace-delimited token that ends right before a terminator.
struct Token<'a> {
    /// The token with leading opening quotes/brackets removed.
    word: &'a str,
    /// Whether opening marks were removed (`“7.`, `(a.`).
    had_opener: bool,
    /// Byte position where the raw token starts.
    start: usize,
    /// The token is empty and the previous non-space char is a period: `. . .`.
    is_spaced_ellipsis: bool,
}

impl<'a> Token<'a> {
    fn before(text: &'a str, end: usize) -> Token<'a> {
        let head = text.get(..end).unwrap_or_default();
        let mut start = end;
        let mut count = 0;
        for (idx, c) in head.char_indices().rev() {
            if c.is_whitespace() || count >= MAX_TOKEN_CHARS {
                break;
            }
            start = idx;
            count += 1;
        }
        let too_long = count >= MAX_TOKEN_CHARS && char_before(text, start).is_some_and(|c| !c.is_whitespace());
        let raw = if too_long { "" } else { text.get(start..end).unwrap_or_default() };
        let word = raw.trim_start_matches(is_opener);
        let is_spaced_ellipsis =
            raw.is_empty() && !too_long && head.trim_end().chars().next_back().is_some_and(|c| c == '.' || c == '…');
        Token { word, had_opener: word.len() != raw.len(), start, is_spaced_ellipsis }
    }
}

/// List enumerators: a quoted or bracketed number (`“7. Member`), a number after a colon
/// (`reasons: 1. The`), or a number or roman numeral that is so far the whole sentence
/// (`1. INTRODUCTION`, `2.1. Scope`).
fn is_enumerator(text: &str, token: &Token<'_>, sentence_start: usize) -> bool {
    let w = token.word;
    // Not four-digit years: `In 2012. 2013 was worse.`
    let small_int = (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    if small_int && token.had_opener {
        return true;
    }
    let dotted = w.contains('.') && w.len() <= 6 && w.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let roman = (1..=5).contains(&w.len()) && w.bytes().all(|b| b"ivxlcIVXLC".contains(&b));
    let alone =
        (small_int || dotted || roman) && text.get(sentence_start..token.start).is_some_and(|s| s.trim().is_empty());
    if alone {
        return true;
    }
    small_int && text.get(..token.start).map(str::trim_end).is_some_and(|s| s.ends_with(':'))
}

/// How an abbreviation before a period restricts splitting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Abbrev {
    /// Not an abbreviation.
    None,
    /// Never split after it.
    Always,
    /// `et al.`: split only before a capitalised word or a quotation.
    EtAl,
    /// `etc.`: no split before `(` or `)`, or a lowercase word.
    Etc,
    /// `No.`, `Nos.`: no split before a number or bracket.
    Numeric,
}

/// Length in bytes of the longest entry in [`ALWAYS`].
const MAX_ABBREV_LEN: usize = 6;

/// Abbreviations after which a period never ends a sentence (case-sensitive); the month
/// abbreviations (`Jan`, `Sept`) come from the lexicon.
#[rustfmt::skip]
const ALWAYS: &[&str] = &[
    // Latin and scholarly.
    "e.g", "E.g", "i.e", "I.e", "cf", "Cf", "viz", "vs", "Vs", "ca", "Ca", "approx", "Approx",
    "ed", "eds", "Ed", "Eds", "trans", "Trans", "resp", "esp", "Esp", "incl", "Incl",
    // Locators.
    "p", "pp", "Pp", "para", "Para", "paras", "chap", "Chap", "Ch", "ch", "Sec", "Sect",
    "Art", "Arts", "Fig", "Figs", "fig", "figs", "Eq", "Eqs", "eq", "eqs", "Vol", "Vols", "vol",
    "vols", "Ref", "Refs", "ref", "refs", "Suppl", "suppl", "Tab", "ff",
    // Titles and names.
    "Dr", "Mr", "Mrs", "Ms", "Mme", "Mlle", "Messrs", "Prof", "Jr", "Sr", "St", "Mt", "Gen",
    "Gov", "Sen", "Rep", "Rev", "Hon", "Lt", "Col", "Capt", "Sgt",
    // Organisations.
    "Inc", "Ltd", "Co", "Corp", "Dept", "Univ", "Assoc",
];

fn abbreviation(text: &str, token: &Token<'_>) -> Abbrev {
    let w = token.word;
    if w.is_empty() {
        return Abbrev::None;
    }
    // Every listed abbreviation is short; most sentence-final words are not.
    if w.len() <= MAX_ABBREV_LEN && (ALWAYS.contains(&w) || crate::lexicon::MONTH_ABBREVIATIONS.contains_capitalised(w))
    {
        return Abbrev::Always;
    }
    match w {
        "etc" | "Etc" | "&c" => return Abbrev::Etc,
        "No" | "Nos" | "no" | "nos" | "Nr" => return Abbrev::Numeric,
        "al" if previous_word(text, token.start) == Some("et") => return Abbrev::EtAl,
        _ => {}
    }
    if w.ends_with("et.al") || w.ends_with("et al") {
        return Abbrev::EtAl;
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // Single-letter initial: `Keith B. Alexander`.
        if c.is_uppercase() {
            return Abbrev::Always;
        }
    }
    if is_dotted_acronym(w) {
        return Abbrev::Always;
    }
    Abbrev::None
}

/// `U.S`, `U.K`, `J.R.R`, `Ph.D`: letters in groups of one or two separated by periods.
/// `a.m` and `p.m` are excluded: they often end sentences.
fn is_dotted_acronym(w: &str) -> bool {
    if !w.contains('.') || matches!(w, "a.m" | "p.m") {
        return false;
    }
    w.split('.').all(|part| {
        let n = part.chars().count();
        (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
    })
}

/// The whitespace-delimited word before position `at` (skipping whitespace), openers removed.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let head = text.get(..at)?.trim_end();
    let start = head
        .char_indices()
        .rev()
        .take(MAX_TOKEN_CHARS)
        .take_while(|&(_, c)| !c.is_whitespace())
        .last()
        .map_or(head.len(), |(i, _)| i);
    Some(head.get(start..)?.trim_start_matches(is_opener))
}

#[cfg(test)]
mod fixture_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|r| text.get(r).unwrap_or("<bad range>")).collect()
    }

    #[test]
    fn sentence_basic_split() {
        assert_eq!(split("One. Two! Three? Four"), ["One.", "Two!", "Three?", "Four"]);
    }

    #[test]
    fn sentence_empty_and_whitespace() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\t ").is_empty());
        assert_eq!(split("  x  "), ["x"]);
    }

    #[test]
    fn sentence_question_then_lowercase() {
        assert_eq!(split("Is it? maybe not. Fine"), ["Is it? maybe not.", "Fine"]);
    }

    #[test]
    fn sentence_abbreviations() {
        assert_eq!(split("See pp. 41-42 and p. 8 here. Done."), ["See pp. 41-42 and p. 8 here.", "Done."]);
        assert_eq!(split("Some, e.g. MINT, or i.e. GOA. Next."), ["Some, e.g. MINT, or i.e. GOA.", "Next."]);
        assert_eq!(split("Dr. Smith met Mr. Jones. Ok."), ["Dr. Smith met Mr. Jones.", "Ok."]);
        assert_eq!(split("The U.S. Congress agreed. Ok."), ["The U.S. Congress agreed.", "Ok."]);
    }

    #[test]
    fn sentence_initials() {
        assert_eq!(split("Director Keith B. Alexander said so."), ["Director Keith B. Alexander said so."]);
        assert_eq!(split("By J. R. R. Tolkien. Next."), ["By J. R. R. Tolkien.", "Next."]);
    }

    #[test]
    fn sentence_et_al() {
        assert_eq!(split("As Smith et al. (2013) show. Yes."), ["As Smith et al. (2013) show.", "Yes."]);
        assert_eq!(split("As Smith et al. 2013 show."), ["As Smith et al. 2013 show."]);
        assert_eq!(split("(Eisneberg et\nal., 1989) was."), ["(Eisneberg et\nal., 1989) was."]);
        assert_eq!(split("Ask Smith et al. They know."), ["Ask Smith et al.", "They know."]);
    }

    #[test]
    fn sentence_etc() {
        assert_eq!(split("pricing, etc. (Hill, 2013). Next."), ["pricing, etc. (Hill, 2013).", "Next."]);
        assert_eq!(split("(roads, etc.) is bad. Next."), ["(roads, etc.) is bad.", "Next."]);
        assert_eq!(split("roads, etc. The end."), ["roads, etc.", "The end."]);
    }

    #[test]
    fn sentence_closing_marks_stay() {
        assert_eq!(split("it is now.” As Schreier said."), ["it is now.”", "As Schreier said."]);
        assert_eq!(split("communications.' Both"), ["communications.'", "Both"]);
        assert_eq!(split("Convention.* In the"), ["Convention.*", "In the"]);
        assert_eq!(split("(pp. 41-42)°. The"), ["(pp. 41-42)°.", "The"]);
        assert_eq!(split("offline?, so certain"), ["offline?, so certain"]);
    }

    #[test]
    fn sentence_brackets_protect() {
        assert_eq!(
            split("A (see Hill, 2013b, p. 8. Also X.) Bee. Cee."),
            ["A (see Hill, 2013b, p. 8. Also X.) Bee.", "Cee."]
        );
    }

    #[test]
    fn sentence_unclosed_bracket_reach() {
        let filler = "word ".repeat(100);
        let text = format!("Start ({filler}end. Next one.");
        assert_eq!(split(&text).len(), 2);
        let text = "Start (open\n\nend. Next one.";
        assert_eq!(split(text), ["Start (open\n\nend.", "Next one."]);
    }

    #[test]
    fn sentence_deep_nesting() {
        let text = format!("{}x. Y{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(split(&text).len(), 1);
        let text = format!("{}x. Y", ")".repeat(10_000));
        assert_eq!(split(&text).len(), 2);
    }

    #[test]
    fn sentence_ellipsis() {
        assert_eq!(split("“governance. ... Further, it is.” Ok."), ["“governance. ... Further, it is.”", "Ok."]);
        assert_eq!(split("He paused... Then left."), ["He paused...", "Then left."]);
        assert_eq!(split("He paused… then left."), ["He paused… then left."]);
        assert_eq!(split("He paused... 5 more."), ["He paused... 5 more."]);
    }

    #[test]
    fn sentence_decimals_and_numbers() {
        assert_eq!(split("It is 3.5 percent. Section 2.1 says."), ["It is 3.5 percent.", "Section 2.1 says."]);
        assert_eq!(split("In 2012. 2013 was worse."), ["In 2012.", "2013 was worse."]);
    }

    #[test]
    fn sentence_enumerators() {
        assert_eq!(split("And\n“7. Member States should."), ["And\n“7. Member States should."]);
        assert_eq!(split("1. INTRODUCTION"), ["1. INTRODUCTION"]);
        assert_eq!(split("Two reasons: 1. Cost matters."), ["Two reasons: 1. Cost matters."]);
    }

    #[test]
    fn sentence_no_numeric() {
        assert_eq!(
            split("Resolution No. 130 says. No. It does not."),
            ["Resolution No. 130 says.", "No.", "It does not."]
        );
    }

    #[test]
    fn sentence_mixed_case_start() {
        assert_eq!(split("Cells grew. mRNA fell."), ["Cells grew.", "mRNA fell."]);
        assert_eq!(split("Why? mRNA fell."), ["Why? mRNA fell."]);
    }

    #[test]
    fn sentence_footnote_digits() {
        assert_eq!(split("security.12 Both are."), ["security.12", "Both are."]);
        assert_eq!(split("ITU-T E.408 and X.1205 exist."), ["ITU-T E.408 and X.1205 exist."]);
    }

    #[test]
    fn sentence_unicode_safe() {
        let text = "Ça va. Élan vital… Über alles! «Oui.» Non.";
        let got = split(text);
        assert_eq!(got, ["Ça va.", "Élan vital…", "Über alles!", "«Oui.»", "Non."]);
    }

    #[test]
    fn sentence_stray_markers() {
        assert_eq!(split("? For example, it is. Yes."), ["? For example, it is.", "Yes."]);
        assert_eq!(split("harm\n? The author"), ["harm\n? The author"]);
        assert_eq!(split("It is . The end."), ["It is .", "The end."]);
    }

    #[test]
    fn sentence_abbrev_len_bound() {
        assert!(ALWAYS.iter().all(|a| a.len() <= MAX_ABBREV_LEN));
    }

    #[test]
    fn sentence_dotted_acronym() {
        assert!(is_dotted_acronym("U.S"));
        assert!(is_dotted_acronym("Ph.D"));
        assert!(!is_dotted_acronym("p.m"));
        assert!(!is_dotted_acronym("www.itu"));
    }
}

#[cfg(test)]
mod doc_examples {
    use super::*;

    /// `split_sentences` on the cases its documentation showed (a unit test: it is private).
    #[test]
    fn split_sentences_example() {
        let text = "Keith B. Alexander disagrees (Hill, 2013b, p. 8).  It is\nworse. “Really?” Yes.";
        let got: Vec<&str> = split_sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Keith B. Alexander disagrees (Hill, 2013b, p. 8).", "It is\nworse.", "“Really?”", "Yes."]);
    }
}
