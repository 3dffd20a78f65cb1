//! Emission and transition scores of the body labeller (hand-set weights).

use super::features::{genre_head, lower_word, translator};
use super::words::{W_FUNCTION, W_NOTE, word_class};
use super::{Ctx, Delim, L, Num, Seg};

pub(super) const NEG: f32 = -1e9;

pub(super) fn li(l: L) -> usize {
    l as usize
}

/// Emission score of label `l` for segment `k`.
pub(super) fn emit(segs: &[Seg], k: usize, l: L, cx: &Ctx) -> f32 {
    let (later_numbers, last_text) = (cx.later_numbers, cx.last_text);
    let s = &segs[k];
    let next = segs.get(k + 1);
    let prev = if k > 0 { segs.get(k - 1) } else { None };
    let numeric = s.num != Num::None;
    if numeric {
        return match (l, s.num) {
            (L::Year, Num::Year) => 3.0,
            (L::Year, _) => NEG,
            // `Cycling in Europe, 2010-2020. Journal, 41, 301-325`: a span of years with
            // numbers still to come belongs to the title, not the pages.
            (L::Pages, Num::Range) if cx.title_span => -1.0,
            (L::Pages, Num::Range) => 3.0,
            (L::Pages, Num::Long) => 1.5,
            (L::Pages, Num::Small) => {
                if s.before == Delim::Colon || prev.is_some_and(|p| p.pp_mark) {
                    2.5
                } else {
                    1.0
                }
            }
            (L::Pages, Num::Year) => {
                if s.before == Delim::Colon {
                    2.5
                } else {
                    -0.5
                }
            }
            (L::Volume, Num::Small) => {
                1.5 + if next.is_some_and(|n| n.paren && n.num != Num::None && n.num != Num::Year) { 1.0 } else { 0.0 }
            }
            (L::Volume, Num::Year) => {
                // `Papers 24 (1996): 197–214`: a bracketed year before the pages is the year.
                if !s.paren && next.is_some_and(|n| n.before == Delim::Colon && n.num != Num::None) {
                    3.5
                } else {
                    -1.0
                }
            }
            (L::Volume, Num::Long) => -1.0,
            // `American Anthropologist 57,1 (1955)`: an issue glued to its volume by a comma.
            (L::Issue, Num::Small | Num::Range)
                if s.before == Delim::Comma
                    && prev.is_some_and(|p| (p.num == Num::Small || p.vol_mark) && p.end + 1 == s.start) =>
            {
                3.5
            }
            (L::Issue, Num::Small) => {
                if s.paren {
                    2.5
                } else {
                    0.0
                }
            }
            (L::Issue, Num::Range) if s.paren => 1.5,
            // `Paris, EPEL, 2001 [1996]`: the year of the first edition after the year.
            (L::Note, Num::Year) if s.paren && prev.is_some_and(|p| p.num == Num::Year) => 2.0,
            (L::Note, _) => -1.0,
            (L::Title, Num::Range) if cx.title_span => 2.0,
            (L::Title | L::Container, _) => {
                let after_fw = s.before == Delim::Space
                    && prev.is_some_and(|p| {
                        word_class(&lower_word(p.text.rsplit(' ').next().unwrap_or(""))) & W_FUNCTION != 0
                    });
                if after_fw {
                    if l == L::Title { 1.5 } else { 1.0 }
                } else if s.before == Delim::Space
                    && next.is_some_and(|n| n.before == Delim::Space && n.num == Num::None)
                {
                    0.5
                } else {
                    -2.5
                }
            }
            _ => -3.0,
        };
    }
    let mut v = 0.0f32;
    let w = s.words as f32;
    let capr = if s.words > 0 { s.caps as f32 / w } else { 0.0 };
    match l {
        L::Title => {
            if k == 0 {
                v += 2.5;
                // `Nano Lett. 2010, 10, 1012`: no title, a journal followed by numbers.
                if s.journal && segs.len() <= 5 && next.is_some_and(|n| n.num != Num::None) {
                    v -= 5.0;
                }
                // `A&A, 416, 839`, `Phys. Rev. Lett. 83, 3370 (1999)`: a short name followed only
                // by numbers is the journal of an entry without a title.
                let numbers = segs[1..].iter().take_while(|n| n.num != Num::None).count();
                if numbers >= 2
                    && matches!(segs[1].num, Num::Small | Num::Range)
                    && (1..=5).contains(&s.words)
                    && s.caps == s.words
                    && !s.quoted
                    && segs[1 + numbers..].iter().all(|n| n.paren || n.square)
                {
                    v -= 5.0;
                }
            }
            if s.roman {
                v += 2.5;
            }
            // `Chaos: Making a New Science, New York: Penguin`: a colon after the first segment
            // opens a subtitle; `Place: Publisher` comes after a title, never first.
            if k == 1 && s.before == Delim::Colon && segs[0].num == Num::None && !segs[0].in_mark && !s.in_mark {
                v += 2.0;
            }
            if prev.is_some_and(|p| p.roman) && s.before == Delim::Period {
                v += 2.5;
            }
            if s.quoted {
                v += 2.0;
            } else if cx.quoted_before {
                v -= 3.0;
            }
            v += (1.0 - capr) * 0.8 + (w.min(8.0) / 8.0) * 0.5;
            if s.journal {
                v -= 0.4;
            }
            if s.in_mark || s.ed_mark || s.pp_mark || s.vol_mark || translator(s) {
                v -= 2.0;
            }
            if s.pub_word && k > 0 {
                v -= 0.5;
            }
        }
        L::Container => {
            if s.month && s.words <= 2 && !s.in_mark {
                v -= 3.0;
            }
            if s.in_mark {
                v += 2.0;
            }
            if s.journal && !s.roman {
                v += 1.2;
            }
            if s.roman {
                v -= 2.0;
            }
            v += (capr - 0.5) * 1.5;
            if later_numbers {
                v += 0.8;
            } else if !s.journal && !s.in_mark {
                v -= 0.5;
            }
            if next.is_some_and(|n| n.num == Num::Small || n.num == Num::Range || n.vol_mark)
                || next.is_some_and(|n| n.no_mark || n.pp_mark)
                    && !s.roman
                    && !s.text.chars().any(|c| c.is_ascii_digit() || c == '°')
            {
                v += 1.0;
            }
            if s.pub_word && !s.journal {
                v -= 0.8;
            }
            if s.place_word {
                v -= 1.0;
            }
            if s.ed_mark || s.pp_mark || s.vol_mark || s.no_mark {
                v -= 2.0;
            }
            if s.quoted {
                v -= 0.5;
            }
            if !s.in_mark && cx.in_after {
                v -= 1.5;
            }
            if cx.ed_ahead {
                v -= 2.0;
            }
        }
        L::Volume => {
            // `3 vols.`: the number of volumes of a book.
            let vols = s.text.split_once(' ').is_some_and(|(a, b)| {
                a.bytes().all(|c| c.is_ascii_digit()) && matches!(b.trim_end_matches('.'), "vols" | "Vols" | "volumes")
            });
            v = if s.vol_mark || vols { 3.0 } else { -3.0 };
        }
        L::Issue => {
            v = if s.no_mark { 3.0 } else { -3.0 };
        }
        L::Pages => {
            v = if s.pp_mark { 3.5 } else { -3.0 };
        }
        L::Year => {
            v = if s.month && s.words <= 3 { 1.5 } else { -3.0 };
        }
        L::Publisher => {
            if s.month && s.words <= 2 {
                v -= 3.0;
            }
            if s.pub_word {
                v += 2.0;
            }
            if s.before == Delim::Colon && prev.is_some_and(|p| p.num == Num::None && p.words <= 4) {
                v += if k + 1 >= last_text { 1.5 } else { 0.2 };
            }
            if s.journal {
                v -= 0.5;
            }
            if s.place_word {
                v -= 1.5;
            } else if next.is_some_and(|n| n.place_word && n.num == Num::None) {
                v += 1.0;
            }
            if s.words > 6 {
                v -= 1.0;
            }
            v += capr * 0.3 - (1.0 - capr) * 1.5;
            if s.lower_start {
                v -= 1.0;
            }
            if s.ed_mark || s.pp_mark || s.in_mark {
                v -= 2.0;
            }
        }
        L::Place => {
            if s.month && s.words <= 2 {
                v -= 3.0;
            }
            if s.place_word {
                v += 2.5;
            }
            if next.is_some_and(|n| n.before == Delim::Colon && n.num == Num::None && n.words <= 6) && s.words <= 3 {
                v += if k + 1 >= last_text { 1.5 } else { 0.3 };
            } else if let (Some(n), Some(nn)) = (next, segs.get(k + 2))
                && n.before == Delim::Comma
                && n.words <= 2
                && n.caps == n.words
                && nn.before == Delim::Colon
            {
                v += 1.5;
            }
            if s.words > 4 || s.caps < s.words || s.words == 0 {
                v -= 2.0;
            }
            if s.pub_word {
                v -= 1.0;
            }
            if s.ed_mark || s.pp_mark || s.in_mark || s.journal && !s.place_word {
                v -= 1.0;
            }
        }
        L::Editor => {
            if s.ed_mark {
                v += 2.5;
            }
            if s.in_mark && next.is_some_and(|n| n.ed_mark) {
                v += 3.0;
            }
            let ahead = cx.ed_ahead;
            if ahead && s.before != Delim::Period {
                v += 2.0;
            }
            if s.in_mark && ahead {
                v += 5.0;
            }
            if !s.ed_mark && !ahead {
                v -= 2.0;
            }
        }
        L::Note => {
            if translator(s) {
                v += 3.0;
            }
            if s.note_word {
                v += 0.5;
                let fw = lower_word(s.text.split(' ').next().unwrap_or(""));
                if word_class(&fw) & W_NOTE != 0 && fw != "press" && fw != "ed" && fw != "series" {
                    v += 1.0;
                }
                if s.words <= 3 && !s.pub_word {
                    v += 1.0;
                }
            }
            if s.edition {
                v += 2.5;
            }
            v -= 0.5;
        }
    }
    v
}

/// Transition score from `a` to `b` across delimiter `d` (the one before the new segment).
pub(super) fn trans(a: Option<L>, b: L, d: Delim, s: &Seg, k: usize) -> f32 {
    use L::*;
    let Some(a) = a else {
        return match b {
            Title => 2.0,
            Container | Editor if s.in_mark => 0.0,
            Year => 0.0,
            Container | Editor | Note => -1.5,
            _ => -3.0,
        };
    };
    let period = matches!(d, Delim::Period | Delim::Question);
    match (a, b) {
        (Title, Title) => match d {
            Delim::Period => {
                if s.lower_start {
                    1.0
                } else {
                    -2.0
                }
            }
            Delim::Question => 0.3,
            Delim::Quote => -1.5,
            // `..., IEEE Transactions on Graphics, 5 (3)`: a capitalised journal-like segment
            // after a comma more often starts the container.
            Delim::Comma if s.journal && s.caps == s.words && s.words >= 2 => 0.5,
            // `..., Ph.D. thesis, Rice University`, `..., MIT Press.`: not more title.
            Delim::Comma if genre_head(s) => -1.5,
            Delim::Comma if (s.pub_word || s.note_word) && s.words <= 4 && !s.lower_start => 0.0,
            Delim::Comma => 1.5,
            Delim::Colon | Delim::Space => 2.0,
            Delim::Open | Delim::Close => 0.5,
            _ => 0.0,
        },
        (Year, Title) if k == 1 => 1.0,
        (_, Title) => NEG,
        (Title, Container) => {
            if period || d == Delim::Quote {
                1.0
            } else if d == Delim::Comma {
                if s.journal && s.caps == s.words && s.words >= 2 { 0.0 } else { -0.5 }
            } else {
                -1.5
            }
        }
        (Container, Container) => match d {
            Delim::Space | Delim::Colon => 0.5,
            Delim::Comma => -0.8,
            Delim::Period => -3.0,
            _ => -1.0,
        },
        (Editor, Editor) => {
            if period {
                -2.0
            } else {
                0.5
            }
        }
        (Editor, Container) => 1.0,
        (Editor, Place | Publisher | Note) => -1.5,
        // `Glass: 101-109`, `Wet Lett:e01234`: a colon after a place introduces its publisher,
        // never page numbers; a name before a colon and pages is the journal.
        (Place, Pages) if d == Delim::Colon => NEG,
        (Container, Volume) | (Container, Pages) => 1.0,
        // `..., pages 1939–1946. IEEE, 2013`: what follows the pages is a publisher or a note.
        (Pages, Container) => -1.5,
        (Container, Year) => 0.5,
        (Volume, Issue) => 1.2,
        (Volume, Pages) | (Issue, Pages) => 1.0,
        (Year, Volume) => 0.3,
        (Place, Publisher) => match d {
            Delim::Colon => 2.0,
            Delim::Comma => 0.8,
            _ => 0.0,
        },
        (Publisher, Place) if d == Delim::Comma => 0.5,
        (Publisher, Year) | (Place, Year) => 0.5,
        (Publisher | Place, Container | Editor) => -1.5,
        // `In X (Eds.), Well-Being: The Foundations of ...`: a colon inside a container opens its
        // subtitle; a publisher or place is not introduced by a colon after a container.
        (Container, Publisher | Place) if d == Delim::Colon => -1.5,
        (x, y) if x == y => match x {
            Publisher | Place => {
                if d == Delim::Comma || d == Delim::Space {
                    -0.5
                } else {
                    -1.5
                }
            }
            Note => 0.0,
            _ => -3.0,
        },
        // `..., Oral Literature: Seven Essays, New York 1975`: a known city ends a book title.
        (Title, Place) if d == Delim::Comma && s.place_word && s.words <= 2 && s.caps == s.words => -0.5,
        (Title, Place | Publisher) if !period && d != Delim::Quote && !s.paren => -2.5,
        (Title, _) => {
            if period || d == Delim::Quote {
                0.0
            } else {
                -1.0
            }
        }
        _ => 0.0,
    }
}
