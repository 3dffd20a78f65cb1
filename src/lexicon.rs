//! One lexical layer: the word lists every stage shares, kept as data files under
//! `data/lexicon/`.
//!
//! Why one place: each stage that read names (citations in running text, reference-list
//! names, the reference-list splitter, citation linking) once kept its own list of name
//! particles, and the lists drifted apart. A particle one stage knew and another did not was
//! a bug: with `dei` missing from the splitter, `dei Medici, L. (1999).` was not seen to open
//! an entry and was glued to the entry above it; with `zur` missing from the citation
//! reader, `(von zur Muehlen, 2001)` was read as by `Muehlen`. The lists are data so that
//! adding a word is a one-line change that every stage sees.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The years a publication date may plausibly have: 1500 to 2099. One range for every
/// stage (citation years, reference-list years, the splitter, layout): they once used 1500,
/// 1600 and 1900, so a 1650 edition was a year to the citation reader and not to the
/// reference splitter.
#[cfg(test)]
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u32> = 1500..=2099;

/// [`PLAUSIBLE_YEARS`] as a non-capturing regular expression of four digits.
pub const YEAR_PATTERN: &str = r"(?:1[5-9][0-9]{2}|20[0-9]{2})";

/// A regular expression with every `{YEAR}` replaced by [`YEAR_PATTERN`], so patterns name
/// the plausible years instead of spelling out a range of their own.
pub fn with_years(pattern: &str) -> Cow<'_, str> {
    if pattern.contains("{YEAR}") {
        Cow::Owned(pattern.replace("{YEAR}", YEAR_PATTERN))
    } else {
        Cow::Borrowed(pattern)
    }
}

/// The words of a list file: one per line, surrounding blanks trimmed; empty lines and
/// lines starting with `#` are skipped.
fn words_of(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `data/lexicon/particles.txt`.
const PARTICLES_FILE: &str = include_str!("../data/lexicon/particles.txt");

static PARTICLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| words_of(PARTICLES_FILE).collect());

/// The name particles (`van`, `dei`, `zur`, `ibn`, …), lower case, in file order.
pub fn particles() -> impl Iterator<Item = &'static str> {
    words_of(PARTICLES_FILE)
}

/// Whether `word` is a name particle as written: lower case only (`de` is one, `De` in
/// `De Smet` is part of the name itself and is not).
pub fn is_particle(word: &str) -> bool {
    PARTICLES.contains(word)
}

/// A regular-expression alternation matching any particle (longest first, escaped), for
/// patterns that must allow particles before a family name.
pub fn particle_alternation() -> String {
    let mut words: Vec<&str> = particles().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    words.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|")
}

/// Whether `text` opens with a particle followed by a space (`van Dijk`, `dei Medici`).
pub fn starts_with_particle(text: &str) -> bool {
    text.split_once(' ').is_some_and(|(first, _)| is_particle(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_year_range() {
        let re = regex::Regex::new(&format!("^{}$", with_years("{YEAR}"))).expect("regex");
        for y in 1400..2200u32 {
            assert_eq!(re.is_match(&y.to_string()), PLAUSIBLE_YEARS.contains(&y), "{y}");
        }
        assert_eq!(with_years(r"\d{1,4}"), r"\d{1,4}");
    }

    #[test]
    fn particles_of_several_languages() {
        for w in ["van", "von", "zur", "dei", "degli", "ibn", "d'", "los"] {
            assert!(is_particle(w), "{w}");
        }
        for w in ["De", "Van", "and", "the", "of", ""] {
            assert!(!is_particle(w), "{w}");
        }
    }

    #[test]
    fn comments_and_blanks_are_not_words() {
        assert!(particles().all(|w| !w.starts_with('#') && !w.contains(' ') && w == w.to_lowercase()));
    }

    #[test]
    fn alternation_prefers_the_longer_word() {
        let re = regex::Regex::new(&format!("^(?:{})$", particle_alternation())).expect("regex");
        assert!(re.is_match("van't") && re.is_match("della") && !re.is_match("vant"));
        assert!(starts_with_particle("dei Medici, L.") && !starts_with_particle("Dei Medici"));
    }
}
