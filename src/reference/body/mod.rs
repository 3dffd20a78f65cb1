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
mod learned;
mod model;
pub mod train;
mod words;

pub(super) use fields::parse_body;
pub use learned::{FORMAT as MODEL_FORMAT, ModelFile};

use learned::Learned;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, OnceLock};

/// The learned corrections shipped with citegraph (`data/refs-model.json`).
pub const SHIPPED_MODEL_JSON: &str = include_str!("../../../data/refs-model.json");

static SHIPPED: LazyLock<Option<Learned>> = LazyLock::new(|| Learned::from_json(SHIPPED_MODEL_JSON).ok());

/// Whether the learned corrections are on by default (see `docs/refs.md` for why or why not).
pub const LEARNED_BY_DEFAULT: bool = false;

static USE_LEARNED: AtomicBool = AtomicBool::new(LEARNED_BY_DEFAULT);

/// A model read from a file (`--refs-model FILE`), used instead of the shipped one.
static FROM_FILE: OnceLock<Learned> = OnceLock::new();

/// Turns the learned corrections on or off for every later parse in this process.
pub(super) fn set_learned(on: bool) {
    USE_LEARNED.store(on, Ordering::Relaxed);
}

/// Uses the corrections of a model file (JSON) instead of the shipped ones, from now on in
/// this process; only the first call takes effect.
pub(super) fn set_model_json(json: &str) -> Result<(), String> {
    let m = Learned::from_json(json)?;
    let _ = FROM_FILE.set(m);
    set_learned(true);
    Ok(())
}

/// The model that labels bodies now: the corrections when they are on.
fn active_model() -> Option<&'static Learned> {
    if USE_LEARNED.load(Ordering::Relaxed) { FROM_FILE.get().or(SHIPPED.as_ref()) } else { None }
}

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
