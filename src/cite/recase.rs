//! Citations whose names lost their capitals: `(alemu, 2016)`, `Van Soest and robertson (1985)`.
//!
//! Journals set author names in citations in small capitals, and PDF text extraction often
//! gives them back in lower case. The name scanner of this module's parent reads only
//! capitalised words as names, which is what keeps `(in 1981)` and `(median, 2008)` out; so
//! a lower-case name is read only when the document's own reference list vouches for it.
//!
//! The mechanism has two guards, both from the reference list:
//! 1. **Recasing.** A lower-case word within 80 bytes before a year is given its capital
//!    back, in a copy of the text with the same byte offsets, only when it is the surname of
//!    an author of the reference list and then reads as a name (not a stop word).
//! 2. **Confirmation.** A citation that the recased text yields and that holds such a word
//!    is kept only when an entry of the reference list has its first author and its year.
//!
//! A document without a reference list, or whose text holds no such word, is read exactly
//! as before, at the cost of one scan for years per paragraph.

use super::{FoundCitation, find_citations, names};
use crate::model::Reference;
use crate::text::fold;
use std::collections::HashSet;
use std::ops::Range;

/// How far before a year a lower-case name may stand (`(habtemariam et al., 2019)`).
const WINDOW: usize = 80;

/// The surnames of a reference list, lower-cased, with the first author and year of each entry.
#[derive(Debug, Default)]
pub struct Surnames {
    /// Every word of every author's family name, as it would appear in lower case.
    words: HashSet<String>,
    /// (first author's last family word, folded; the year's four digits) of each entry.
    entries: HashSet<(String, String)>,
}

impl Surnames {
    /// Collects the surnames of `references`; words shorter than three letters are left out.
    pub fn from_references(references: &[Reference]) -> Surnames {
        let mut s = Surnames::default();
        for r in references {
            for p in &r.authors {
                let Some(family) = p.family.as_deref() else { continue };
                for w in family.split_whitespace() {
                    if w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase) {
                        s.words.insert(w.to_lowercase());
                    }
                }
            }
            let first = r.authors.first().and_then(|p| p.family.as_deref()).and_then(last_folded_word);
            if let (Some(first), Some(year)) = (first, r.year.as_deref().and_then(year_digits)) {
                s.entries.insert((first, year.to_string()));
            }
        }
        s
    }

    /// True when the reference list gave no surname to look for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The last word of `name`, folded (`Van Soest` → `soest`).
fn last_folded_word(name: &str) -> Option<String> {
    fold(name).split_whitespace().last().map(str::to_string)
}

/// The four digits a year begins with (`2013b` → `2013`).
fn year_digits(y: &str) -> Option<&str> {
    let d = y.get(..4)?;
    d.bytes().all(|b| b.is_ascii_digit()).then_some(d)
}

/// Finds the citations of `text` (one joined paragraph) as [`find_citations`] does, and
/// also those whose names are in lower case, when `surnames` vouch for them.
pub fn find_citations_recased(text: &str, surnames: &Surnames) -> Vec<FoundCitation> {
    let Some((recased, words)) = recase(text, surnames) else { return find_citations(text) };
    let found = find_citations(&recased);
    let holds_recased =
        |f: &FoundCitation| f.author_ranges.iter().any(|r| words.iter().any(|w| w.start < r.end && r.start < w.end));
    let confirmed = |f: &FoundCitation| {
        let first = f.authors.first().and_then(|a| last_folded_word(a));
        let year = f.year.as_deref().and_then(year_digits);
        match (first, year) {
            (Some(first), Some(year)) => surnames.entries.contains(&(first, year.to_string())),
            _ => false,
        }
    };
    if !found.iter().any(|f| holds_recased(f) && confirmed(f)) {
        return find_citations(text);
    }
    found.into_iter().filter(|f| !holds_recased(f) || confirmed(f)).collect()
}

/// A copy of `text` in which each lower-case surname of `surnames` that stands within
/// [`WINDOW`] bytes before a year has its first letter capitalised, with the ranges changed;
/// `None` when nothing changed. Offsets are kept: a letter is changed only when its capital
/// has the same length in UTF-8.
fn recase(text: &str, surnames: &Surnames) -> Option<(String, Vec<Range<usize>>)> {
    if surnames.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let mut windows: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let year = matches!(b[i], b'1' | b'2')
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if year {
            let mut start = i.saturating_sub(WINDOW);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            match windows.last_mut() {
                Some(w) if w.end >= start => w.end = i,
                _ => windows.push(start..i),
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    let mut changed: Vec<Range<usize>> = Vec::new();
    let mut out: Option<String> = None;
    for w in windows {
        let mut word_start: Option<usize> = None;
        for (k, c) in text[w.clone()].char_indices().chain(std::iter::once((w.len(), ' '))) {
            let at = w.start + k;
            if c.is_alphabetic() {
                word_start.get_or_insert(at);
                continue;
            }
            let Some(s) = word_start.take() else { continue };
            let word = &text[s..at];
            // A word cut by the window's start is not whole.
            if s == w.start && s > 0 && text[..s].chars().next_back().is_some_and(char::is_alphabetic) {
                continue;
            }
            if !word.chars().all(char::is_lowercase) || !surnames.words.contains(word) {
                continue;
            }
            let mut chars = word.chars();
            let Some(first) = chars.next() else { continue };
            let mut upper = first.to_uppercase();
            let (Some(cap), None) = (upper.next(), upper.next()) else { continue };
            if cap.len_utf8() != first.len_utf8() {
                continue;
            }
            let capitalised: String = std::iter::once(cap).chain(chars).collect();
            if !names::is_name_word(&capitalised) {
                continue;
            }
            let buf = out.get_or_insert_with(|| text.to_string());
            buf.replace_range(s..at, &capitalised);
            changed.push(s..at);
        }
    }
    out.map(|t| (t, changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    fn reference(family: &[&str], year: &str) -> Reference {
        Reference {
            authors: family
                .iter()
                .map(|f| Person { family: Some(f.to_string()), given: Some("A.".into()), ..Default::default() })
                .collect(),
            year: Some(year.into()),
            ..Default::default()
        }
    }

    fn list() -> Surnames {
        Surnames::from_references(&[
            reference(&["Okafor"], "2016"),
            reference(&["Lindqvist", "Marsh"], "2010"),
            reference(&["Van Loon", "Pereira"], "1985"),
            reference(&["Median"], "1990"),
        ])
    }

    fn names_and_years(text: &str) -> Vec<(Vec<String>, Option<String>)> {
        find_citations_recased(text, &list()).into_iter().map(|f| (f.authors, f.year)).collect()
    }

    #[test]
    fn lower_case_names_of_the_reference_list_are_read() {
        let got = names_and_years("Yields fell (okafor, 2016). Earlier work (Lindqvist & marsh, 2010) agrees.");
        assert_eq!(
            got,
            vec![
                (vec!["Okafor".to_string()], Some("2016".to_string())),
                (vec!["Lindqvist".to_string(), "Marsh".to_string()], Some("2010".to_string())),
            ]
        );
        let narrative = names_and_years("following Van Loon and pereira (1985), we dried the samples");
        assert_eq!(narrative.len(), 1);
        assert_eq!(narrative[0].1.as_deref(), Some("1985"));
    }

    #[test]
    fn a_name_without_a_matching_entry_stays_unread() {
        // `median` is a surname of the list, but no entry by Median has the year 2008.
        assert!(names_and_years("The income was higher (median, 2008).").is_empty());
        // A word the list does not know is never recased.
        assert!(names_and_years("It held (current, 2050).").is_empty());
        // The wrong year: Okafor wrote in 2016.
        assert!(names_and_years("Yields fell (okafor, 2014).").is_empty());
    }

    #[test]
    fn text_without_reference_surnames_reads_as_before() {
        let text = "As shown (Hill, 2013b, pp. 35-48), the gap closed.";
        assert_eq!(find_citations_recased(text, &list()), find_citations(text));
        assert_eq!(find_citations_recased(text, &Surnames::default()), find_citations(text));
    }

    #[test]
    fn offsets_survive_multibyte_text() {
        let text = "Ça a été montré (okafor, 2016) — déjà.";
        let got = find_citations_recased(text, &list());
        assert_eq!(got.len(), 1);
        assert_eq!(&text[got[0].range.clone()], "okafor, 2016");
    }
}
