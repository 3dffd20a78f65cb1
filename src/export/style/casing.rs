//! Titles and container names prepared for the style's casing: words whose case carries
//! meaning (`EZH2`, `eLife`, `the N terminus`) are kept verbatim, and CSL's stop words,
//! not hayagriva's, decide what title case leaves in lower case.
//!
//! Why this is a module of its own: styles re-case titles (title case in Chicago, sentence
//! case in APA), and unguarded that destroys gene names and acronyms and differs from
//! citeproc; the invisible marks set here steer hayagriva's casing, and
//! [`runs`](super::tidy::runs) removes them from the rendered text.

use crate::export::one_line;
use hayagriva::types::FormatString;

/// The words CSL title case leaves in lower case (CSL 1.0.2, "Title case conversion").
const TITLE_STOP_WORDS: [&str; 26] = [
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of", "on", "onto", "or",
    "over", "so", "the", "till", "to", "up", "via", "with", "yet",
];

/// Prepositions hayagriva's title case lowercases that CSL's does not (they are no CSL stop
/// word: citeproc prints `Interactions Between Insect Herbivores`).
const NOT_CSL_STOP_WORDS: [&str; 20] = [
    "above",
    "across",
    "against",
    "among",
    "around",
    "behind",
    "below",
    "beneath",
    "beside",
    "between",
    "during",
    "front",
    "inside",
    "near",
    "since",
    "toward",
    "under",
    "underneath",
    "until",
    "within",
];

/// [`NOT_CSL_STOP_WORDS`] (`between`, `Between`) get an invisible [`START_MARK`] after their
/// third letter, which keeps hayagriva from finding them in its list of words never
/// capitalised (it looks up the letters before the mark): title case then capitalises
/// them as CSL says, and other casings leave them as written. [`runs`](super::tidy::runs)
/// removes the mark.
fn csl_stop_words_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let len = from.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(from.len());
        let (word, after) = from.split_at(len);
        let starts_word = !out.chars().last().is_some_and(char::is_alphanumeric);
        let listed = word.len() > 3
            && word[1..].bytes().all(|b| b.is_ascii_lowercase())
            && NOT_CSL_STOP_WORDS.contains(&word.to_ascii_lowercase().as_str());
        if starts_word && !after.starts_with(|c: char| c.is_alphanumeric()) && listed {
            out.push_str(&word[..3]);
            out.push_str(START_MARK);
            out.push_str(&word[3..]);
        } else {
            out.push_str(word);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Opens a text whose first word is kept verbatim (see [`cased`]); never written out.
pub(super) const START_MARK: &str = "\u{2060}";

/// A title or container whose acronyms and mixed-case words (`PlasmoDB`, `EZH2`, `eLife`;
/// [`crate::export::normalize::protected_words`]) keep their case under the style's title or
/// sentence casing, as `<span class="nocase">` keeps them in citeproc. In a container (a
/// journal name, often abbreviated: `Proc Natl Acad Sci U S A`) every word written in
/// capitals is kept too, single letters included.
pub(super) fn cased(s: &str, container: bool) -> FormatString {
    let s = one_line(s);
    let mut spans = crate::export::normalize::protected_words(&s);
    // CSL title case keeps a lowercase stop word lowercase after a comma or semicolon
    // (`Good, the Bad, and the Ugly`); hayagriva capitalises it (`, And`): keep it as is.
    let mut pos = 0;
    let mut after_comma = false;
    for word in s.split(' ') {
        let start = pos;
        pos += word.len() + 1;
        let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if after_comma && lead == 0 && TITLE_STOP_WORDS.contains(&core) {
            spans.push((start, start + core.len()));
        }
        // A capital letter that names something (`the N terminus`, `Sulfobacins A and B`,
        // `N-acyl`): hayagriva lowercases `A`, `M`, `N`, `S`, `T` inside a title. Only the
        // letter is kept, so that title case still capitalises `N-Acyl`, `X-Ray`.
        let mut letters = core.chars();
        let first = letters.next();
        let letter = first.is_some_and(|c| c.is_ascii_uppercase()) && matches!(letters.next(), None | Some('-'));
        if start > 0 && letter {
            spans.push((start + lead, start + lead + 1));
        }
        after_comma = word.ends_with([',', ';']);
    }
    spans.sort_unstable();
    spans.dedup();
    if container {
        let mut pos = 0;
        for word in s.split(' ') {
            let start = pos;
            pos += word.len() + 1;
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let lead = word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            let capitals = core.chars().any(char::is_alphabetic)
                && core.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphanumeric());
            if capitals {
                spans.push((start + lead, start + lead + core.len()));
            }
        }
        spans.sort_unstable();
        spans.dedup();
    }
    let mut out = hayagriva::types::ChunkedString::new();
    let mut at = 0;
    for (a, b) in spans {
        if a < at {
            continue;
        }
        if a > at {
            out.push_str(&csl_stop_words_only(&s[at..a]), hayagriva::types::ChunkKind::Normal);
        }
        if a == 0 {
            // hayagriva's casing trims the leading space of the chunk after a verbatim one
            // that opens the text (`SUZ12Is required`): an invisible non-space first marks
            // the start as passed. [`runs`](super::tidy::runs) removes it again.
            out.push_str(START_MARK, hayagriva::types::ChunkKind::Normal);
        }
        out.push_str(&s[a..b], hayagriva::types::ChunkKind::Verbatim);
        at = b;
    }
    if at < s.len() {
        out.push_str(&csl_stop_words_only(&s[at..]), hayagriva::types::ChunkKind::Normal);
    }
    FormatString { value: out, short: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::style::{TextFormat, write_formatted};

    /// The text list of the works `text` (a document with a reference list) cites, in `style`.
    fn rendered(text: &str, style: &str) -> String {
        let doc =
            crate::extract::extract(&crate::Source::new("t.txt", text.into()), &crate::extract::Options::default());
        let mut out = Vec::new();
        write_formatted(&[doc], style, TextFormat::Text, &mut out).expect("render");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn stop_words_after_a_comma_stay_lowercase() {
        let out = rendered(
            "Intro\n\nAs shown (Wexler, 2007).\n\nReferences\n\nWexler HM. 2007. Bacteroides: the good, the bad, and the nitty-gritty; or, the rest. Clin Microbiol Rev 20:593–621.\n",
            "chicago-author-date",
        );
        assert!(out.contains("“Bacteroides: The Good, the Bad, and the Nitty-Gritty; or, the Rest.”"), "{out}");
    }

    #[test]
    fn prepositions_are_capitalised_as_csl_says() {
        let mark = |t: &str| csl_stop_words_only(t).replace(START_MARK, "|");
        assert_eq!(mark("links between (among) them, within-group"), "links bet|ween (amo|ng) them, wit|hin-group");
        assert_eq!(mark("Between BETWEEN betweenness inbetween"), "Bet|ween BETWEEN betweenness inbetween");
        let text = "Intro\n\nAs shown (Price, 1980).\n\nReferences\n\nPrice PW. 1980. Interactions among three trophic levels: influence of plants on interactions between insect herbivores and natural enemies. Annu Rev Ecol Syst 11:41–65.\n";
        for (style, want) in [
            (
                "chicago-author-date",
                "“Interactions Among Three Trophic Levels: Influence of Plants on Interactions Between Insect Herbivores and Natural Enemies.”",
            ),
            (
                "apa",
                "Interactions among three trophic levels: influence of plants on interactions between insect herbivores and natural enemies.",
            ),
        ] {
            let out = rendered(text, style);
            assert!(out.contains(want), "{style}: {out}");
            assert!(!out.contains(START_MARK), "{out:?}");
        }
    }

    #[test]
    fn capital_letters_that_name_things_keep_their_case() {
        let text = "Intro\n\nAs shown (Tie, 2007; Kamiyama, 1995).\n\nReferences\n\nKamiyama T. 1995. Sulfobacins A and B, new antagonists of the N-acylaminosulfonates. J Antibiot 48:929–936.\nTie F. 2007. The N terminus of ESC binds histone H3. Mol Cell Biol 27:2014–2026.\n";
        for (style, want) in [
            (
                "chicago-author-date",
                [
                    "“Sulfobacins A and B, New Antagonists of the N-Acylaminosulfonates.”",
                    "“The N Terminus of ESC Binds Histone H3.”",
                ],
            ),
            (
                "apa",
                [
                    "Sulfobacins A and B, new antagonists of the N-acylaminosulfonates.",
                    "The N terminus of ESC binds histone H3.",
                ],
            ),
        ] {
            let out = rendered(text, style);
            for w in want {
                assert!(out.contains(w), "{style}: {w} in {out}");
            }
        }
    }

    #[test]
    fn kept_words_keep_their_case_and_spaces() {
        let text = |f: FormatString| f.value.0.iter().map(|c| c.value.clone()).collect::<String>();
        let kinds = |f: &FormatString| f.value.0.iter().map(|c| c.kind).collect::<Vec<_>>();
        let t = cased("SUZ12 is required for EZH2", false);
        assert_eq!(text(t.clone()), format!("{START_MARK}SUZ12 is required for EZH2"));
        use hayagriva::types::ChunkKind::{Normal, Verbatim};
        assert_eq!(kinds(&t), [Normal, Verbatim, Normal, Verbatim]);
        assert_eq!(kinds(&cased("Cats and dogs", false)), [Normal]);
        let c = cased("Proc Natl Acad Sci U S A", true);
        assert_eq!(text(c.clone()), "Proc Natl Acad Sci U S A");
        assert_eq!(c.value.0.iter().filter(|c| c.kind == Verbatim).count(), 3);
    }
}
