//! Segment-labelling parser for the body of a reference (what follows the authors and year).
//!
//! The body is scanned once by hand (no regex): it is cut into segments at strong punctuation
//! (a period that does not close an initial or abbreviation, `,`, `:`, `;`, brackets, quotes,
//! `In`) and around free-standing numbers. Each segment gets a few cheap features (position,
//! capitalisation, digits, year and page-range shapes, marker words such as `pp.`, `vol.`,
//! `Press`, `University`, journal-abbreviation shape), and a small Viterbi decoder assigns one
//! label per segment using hand-set, explainable weights: emission scores from the features
//! and transition scores for the usual orders (title → container → volume/issue/pages, title →
//! place: publisher, title → In editors (Eds.) container). Consecutive segments with the same
//! label form a field.

mod decode;
mod features;
mod fields;
mod fixups;
mod model;
mod words;

pub(super) use fields::parse_body;

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
enum Delim {
    Space,
    Open,
    Close,
    Comma,
    Colon,
    Semi,
    Quote,
    Question,
    Period,
    Start,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Num {
    None,
    Year,
    Small,
    Range,
    Long,
}

/// Labels of body segments.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum L {
    Title,
    Container,
    Volume,
    Issue,
    Pages,
    Year,
    Publisher,
    Place,
    Editor,
    Note,
}
const LABELS: [L; 10] =
    [L::Title, L::Container, L::Volume, L::Issue, L::Pages, L::Year, L::Publisher, L::Place, L::Editor, L::Note];
const NL: usize = 10;

#[derive(Debug, Clone)]
struct Seg<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    before: Delim,
    after: Delim,
    paren: bool,
    quoted: bool,
    words: u32,
    caps: u32,
    lower_start: bool,
    num: Num,
    pub_word: bool,
    place_word: bool,
    journal: bool,
    ed_mark: bool,
    pp_mark: bool,
    vol_mark: bool,
    no_mark: bool,
    in_mark: bool,
    note_word: bool,
    month: bool,
    edition: bool,
    roman: bool,
    ed_by: bool,
    square: bool,
}

/// Context of a segment computed once per string.
struct Ctx {
    later_numbers: bool,
    last_text: usize,
    quoted_before: bool,
    in_after: bool,
    ed_ahead: bool,
    /// A span of years inside a title (`Society, 950-1100. Cambridge`).
    title_span: bool,
}
