//! Word lists of the body labeller: publisher, journal, place, note, month and function
//! words, with one class bit per list so a word is looked up once. The lists themselves are
//! the shared lexicon (`data/lexicon/`, [`crate::lexicon`]).

use crate::lexicon;

pub(super) const W_PUB: u8 = 1;
pub(super) const W_JOURNAL: u8 = 2;
pub(super) const W_NOTE: u8 = 4;
pub(super) const W_MONTH: u8 = 8;
pub(super) const W_FUNCTION: u8 = 16;
pub(super) const W_PLACE: u8 = 32;

/// Word classes of the known-word lists, built once.
pub(super) static WORDS: std::sync::LazyLock<std::collections::HashMap<&'static str, u8>> =
    std::sync::LazyLock::new(|| {
        let mut m = std::collections::HashMap::new();
        for (list, bit) in [
            (&lexicon::PUBLISHER_WORDS, W_PUB),
            (&lexicon::JOURNAL_WORDS, W_JOURNAL),
            (&lexicon::NOTE_WORDS, W_NOTE),
            (&lexicon::MONTHS, W_MONTH),
            (&lexicon::MONTH_ABBREVIATIONS, W_MONTH),
            (&lexicon::SEASONS, W_MONTH),
            (&lexicon::TITLE_FUNCTION_WORDS, W_FUNCTION),
            (&lexicon::PLACES, W_PLACE),
        ] {
            for w in list.iter() {
                *m.entry(w).or_insert(0) |= bit;
            }
        }
        m
    });

pub(super) fn word_class(w: &str) -> u8 {
    WORDS.get(w).copied().unwrap_or(0)
}
