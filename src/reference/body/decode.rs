//! Viterbi decoding of the segment labels.
//!
//! The score of a label sequence is the sum of emission scores (one a segment) and transition
//! scores (one a pair of neighbouring segments). The hand-set scores of [`super::model`] come
//! first; a learned model ([`super::learned`]) adds its corrections on top. A hand score at
//! [`NEG`] forbids a label (a page range is never the year) whatever the corrections.

use super::Ctx;
use super::features::{date_span, ed_ahead, year_span};
use super::learned::Learned;
use super::model::{NEG, emit, trans};
use super::{Delim, L, LABELS, NL, Num, Seg};

/// The per-segment context of every segment of a body.
pub(super) fn contexts(segs: &[Seg]) -> Vec<Ctx> {
    let n = segs.len();
    let mut later_numbers = vec![false; n + 1];
    let last_text = segs.iter().rposition(|s| s.num == Num::None && !s.note_word).unwrap_or(0);
    for k in (0..n).rev() {
        later_numbers[k] = later_numbers[k + 1] || matches!(segs[k].num, Num::Small | Num::Range);
    }
    let mut later_year = vec![false; n + 1];
    for k in (0..n).rev() {
        later_year[k] = later_year[k + 1] || segs[k].num == Num::Year;
    }
    let mut in_after = vec![false; n + 1];
    for k in (0..n).rev() {
        in_after[k] = in_after[k + 1] || segs[k].in_mark;
    }
    let mut quoted_before = false;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        out.push(Ctx {
            later_numbers: later_numbers[k + 1],
            last_text,
            quoted_before,
            in_after: in_after[k + 1],
            ed_ahead: ed_ahead(segs, k),
            title_span: (later_numbers[k + 1] || later_year[k + 1])
                && (year_span(segs[k].text)
                    || date_span(segs[k].text)
                        && segs[k].before == Delim::Comma
                        && !segs[..k].iter().any(|p| p.num != Num::None)),
        });
        quoted_before |= segs[k].quoted;
    }
    out
}

/// Decodes the best label sequence with the hand-set scores, plus the corrections of `model`
/// when there is one.
pub(super) fn decode(segs: &[Seg], model: Option<&Learned>) -> Vec<L> {
    let cxs = contexts(segs);
    let corr: Vec<[f32; NL]> = match model {
        Some(m) => (0..segs.len()).map(|k| m.emission(segs, k, &cxs[k])).collect(),
        None => Vec::new(),
    };
    let emit_at = |k: usize, l: usize| {
        let e = emit(segs, k, LABELS[l], &cxs[k]);
        if e <= NEG / 2.0 {
            return NEG;
        }
        match corr.get(k) {
            Some(c) => e + c[l],
            None => e,
        }
    };
    let trans_at = |k: usize, p: Option<usize>, l: usize| {
        let d = segs[k].before;
        let t = trans(p.map(|p| LABELS[p]), LABELS[l], d, &segs[k], k);
        match model {
            Some(m) => t + m.transition(p, l, d),
            None => t,
        }
    };
    viterbi(segs.len(), emit_at, trans_at)
}

/// The best path through `n` positions: `emit_at(k, l)` scores label `l` at `k` (at or below
/// `NEG / 2` forbids it), `trans_at(k, p, l)` the step from `p` (`None` at the start) to `l`.
pub(super) fn viterbi(
    n: usize,
    emit_at: impl Fn(usize, usize) -> f32,
    trans_at: impl Fn(usize, Option<usize>, usize) -> f32,
) -> Vec<L> {
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[NEG; NL]; n];
    let mut back = vec![[0usize; NL]; n];
    for k in 0..n {
        for l in 0..NL {
            let e = emit_at(k, l);
            if e <= NEG / 2.0 {
                continue;
            }
            if k == 0 {
                score[k][l] = e + trans_at(k, None, l);
                continue;
            }
            let mut best = NEG;
            let mut arg = 0;
            for (p, &ps) in score[k - 1].iter().enumerate() {
                if ps <= NEG / 2.0 {
                    continue;
                }
                let t = trans_at(k, Some(p), l);
                if ps + t > best {
                    best = ps + t;
                    arg = p;
                }
            }
            if best > NEG / 2.0 {
                score[k][l] = best + e;
                back[k][l] = arg;
            }
        }
    }
    let mut cur = (0..NL).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b])).unwrap_or(0);
    let mut out = vec![L::Note; n];
    for k in (0..n).rev() {
        out[k] = LABELS[cur];
        cur = back[k][cur];
    }
    out
}
#[cfg(test)]
mod tests {
    use super::super::features::segments;
    use super::*;
    use L::*;

    fn labels(body: &str) -> Vec<(String, L)> {
        let segs = segments(body);
        segs.iter().map(|s| s.text.to_string()).zip(decode(&segs, None)).collect()
    }

    /// Checks the label of each named segment.
    fn expect(body: &str, want: &[(&str, L)]) {
        let got = labels(body);
        for (text, l) in want {
            let found = got.iter().find(|(t, _)| t == text).map(|x| x.1);
            assert_eq!(found, Some(*l), "{text} in {got:?}");
        }
    }

    #[test]
    fn empty_body() {
        assert!(decode(&[], None).is_empty());
    }

    #[test]
    fn journal_article() {
        let got = labels("Rain on glass. Journal of Wet Surfaces 12(3): 45-67.");
        let want = [Title, Container, Volume, Issue, Pages];
        assert_eq!(got.iter().map(|x| x.1).collect::<Vec<_>>(), want, "{got:?}");
    }

    #[test]
    fn book_with_imprint() {
        expect(
            "A field guide to puddles. Chicago: Lantern Press.",
            &[("A field guide to puddles", Title), ("Chicago", Place), ("Lantern Press", Publisher)],
        );
    }

    #[test]
    fn chapter_in_edited_book() {
        expect(
            "Clouds at dusk. In M. Reyes (Ed.), The Book of Skies (pp. 11-30). Chicago: Lantern Press.",
            &[
                ("Clouds at dusk", Title),
                ("In M. Reyes", Editor),
                ("The Book of Skies", Container),
                ("pp. 11-30", Pages),
                ("Lantern Press", Publisher),
            ],
        );
    }

    #[test]
    fn numbers_after_a_journal() {
        expect("Small rivers, 2004. Water Letters, 8, 100-110.", &[("8", Volume), ("100-110", Pages)]);
    }
}
