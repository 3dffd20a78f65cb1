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
use std::sync::{LazyLock, OnceLock};

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

/// A word list of `data/lexicon/` (one entry per line, `#` comments), parsed on first use.
pub struct Words {
    /// The file's text, from `include_str!`.
    file: &'static str,
    /// The entries as a set, built on the first lookup.
    set: OnceLock<HashSet<&'static str>>,
}

impl Words {
    /// The list held in `file` (the text of a list file).
    const fn new(file: &'static str) -> Words {
        Words { file, set: OnceLock::new() }
    }

    /// Whether `word` is on the list, exactly as written (case and all).
    pub fn contains(&self, word: &str) -> bool {
        self.set.get_or_init(|| words_of(self.file).collect()).contains(word)
    }

    /// The entries in file order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + use<> {
        words_of(self.file)
    }

    /// Whether `word` is an entry written with a capital initial (`January`, `Spring`): its
    /// first letter upper case, the rest as listed. The lists are lower case; prose capitalises.
    pub fn contains_capitalised(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { return false };
        if !first.is_uppercase() {
            return false;
        }
        let rest = chars.as_str();
        if rest.chars().any(char::is_uppercase) {
            return false;
        }
        let lower: String = first.to_lowercase().chain(rest.chars()).collect();
        self.contains(&lower)
    }
}

/// A list file of `data/lexicon/`, by name.
macro_rules! list {
    ($file:literal) => {
        Words::new(include_str!(concat!("../data/lexicon/", $file)))
    };
}

/// Words of publisher names (`press`, `verlag`): the reference-body labeller's publisher class.
pub static PUBLISHER_WORDS: Words = list!("publisher-words.txt");
/// Words of journal and series names (`journal`, `review`): the labeller's container class.
pub static JOURNAL_WORDS: Words = list!("journal-words.txt");
/// Places of publication, lower case, some of several words (`new york`).
pub static PLACES: Words = list!("places.txt");
/// Words of a reference's notes part (`thesis`, `accessed`).
pub static NOTE_WORDS: Words = list!("note-words.txt");
/// The English month names, lower case, in calendar order.
pub static MONTHS: Words = list!("months.txt");
/// English month abbreviations written with a period (`jan`, `sept`; not `may`).
pub static MONTH_ABBREVIATIONS: Words = list!("month-abbreviations.txt");
/// Seasons standing for a month in a date (`spring`, `fall`).
pub static SEASONS: Words = list!("seasons.txt");
/// French and German month names not spelled as in English.
pub static FOREIGN_MONTHS: Words = list!("months-foreign.txt");
/// English weekday names, lower case.
pub static WEEKDAYS: Words = list!("weekdays.txt");
/// Function words of titles and journal names in several languages: a labeller feature,
/// apart from [`PROSE_FUNCTION_WORDS`] because the learned weights were trained on it.
pub static TITLE_FUNCTION_WORDS: Words = list!("title-function-words.txt");
/// English function words of running prose, for telling prose from a reference list: apart
/// from [`TITLE_FUNCTION_WORDS`] because particles and `&` are frequent inside references.
pub static PROSE_FUNCTION_WORDS: Words = list!("prose-function-words.txt");
/// Words joining two author names in a reference list (`and`, `&`, `und`, `och`).
pub static NAME_CONNECTORS: Words = list!("name-connectors.txt");

/// Lower-case words inside organisation names (`of`, `for`, `für`, `de`): the citation reader
/// and the reference-list name reader.
pub static CORPORATE_NAME_WORDS: Words = list!("corporate-name-words.txt");

/// Lower-case words inside the names of laws, treaties, cases and parties (`of`, `to`,
/// `against`): the named-entity reader. Apart from [`CORPORATE_NAME_WORDS`] because `to` and
/// `against` there would let a reference-list author swallow a title (`Preface to Plato`).
pub static ENTITY_NAME_WORDS: Words = list!("entity-name-words.txt");

/// The last part of a place of publication, as written: state and province codes and names,
/// countries (`CA`, `Mass.`, `Germany`).
pub static PLACE_ENDS: Words = list!("place-ends.txt");

/// Every list file, by name, for the tests.
#[cfg(test)]
const ALL_LISTS: &[(&str, &Words)] = &[
    ("publisher-words", &PUBLISHER_WORDS),
    ("journal-words", &JOURNAL_WORDS),
    ("places", &PLACES),
    ("note-words", &NOTE_WORDS),
    ("months", &MONTHS),
    ("month-abbreviations", &MONTH_ABBREVIATIONS),
    ("seasons", &SEASONS),
    ("months-foreign", &FOREIGN_MONTHS),
    ("weekdays", &WEEKDAYS),
    ("title-function-words", &TITLE_FUNCTION_WORDS),
    ("prose-function-words", &PROSE_FUNCTION_WORDS),
    ("name-connectors", &NAME_CONNECTORS),
    ("corporate-name-words", &CORPORATE_NAME_WORDS),
    ("entity-name-words", &ENTITY_NAME_WORDS),
    ("place-ends", &PLACE_ENDS),
];

/// The number (1 to 12) of the month whose three-letter stem is `stem`, in any case (`jan`,
/// `Sep`): the BibTeX month macros. Full names and `sept` are not stems.
pub fn month_of_stem(stem: &str) -> Option<u8> {
    if stem.len() != 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.get(..3).is_some_and(|s| s.eq_ignore_ascii_case(stem))).map(|i| i as u8 + 1)
}

/// A regular-expression alternation of the English month names then the abbreviations, each
/// capitalised (`January|…|Jan|…|Sept|…`), in list order.
pub fn month_alternation() -> String {
    capitalised_alternation(&[&MONTHS, &MONTH_ABBREVIATIONS])
}

/// An alternation of the entries of `lists`, in order, each with a capital initial.
pub fn capitalised_alternation(lists: &[&Words]) -> String {
    let mut out: Vec<String> = Vec::new();
    for list in lists {
        for w in list.iter() {
            let mut c = w.chars();
            let cap: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
            out.push(regex::escape(&cap));
        }
    }
    out.join("|")
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

    #[test]
    fn every_list_parses() {
        let mut all = vec![("particles", particles().collect::<Vec<_>>())];
        all.extend(ALL_LISTS.iter().map(|(n, l)| (*n, l.iter().collect())));
        for (name, words) in all {
            assert!(!words.is_empty(), "{name} is empty");
            let mut seen = HashSet::new();
            for w in &words {
                assert!(!w.is_empty() && !w.starts_with('#') && w.trim() == *w, "{name}: {w:?}");
                assert!(!w.contains("  "), "{name}: {w:?}");
                assert!(seen.insert(*w), "{name} lists {w:?} twice");
            }
        }
        assert_eq!(MONTHS.iter().count(), 12);
    }

    #[test]
    fn months_by_stem_and_in_capitals() {
        assert_eq!(month_of_stem("jan"), Some(1));
        assert_eq!(month_of_stem("SEP"), Some(9));
        assert_eq!(month_of_stem("Dec"), Some(12));
        assert_eq!(month_of_stem("sept"), None);
        assert_eq!(month_of_stem("january"), None);
        assert!(MONTHS.contains_capitalised("May") && !MONTHS.contains_capitalised("MAY"));
        assert!(!MONTH_ABBREVIATIONS.contains("may"), "`May` is a month or a surname, not an abbreviation");
        assert!(month_alternation().starts_with("January|February|") && month_alternation().ends_with("|Nov|Dec"));
    }
}
