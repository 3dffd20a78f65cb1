//! Claims: how much each sentence needs a source, whether it has one, and why.
//!
//! An editor has to trust the verdict, so the score is a sum of small, named features, each
//! with a visible weight: cues in the sentence (appeals to earlier work, author names
//! without a year, tools, quotations, the author's own voice, figure references), cues from
//! where it stands (its paragraph, its neighbours, the part of the article), and the words
//! and word pairs of a small learned vocabulary. The weights are learned by L2-regularised
//! logistic regression from documents whose citations are marked ([`train`]), so the model
//! can be re-learned for a field (`citegraph train-audit`); every feature that fired is
//! listed in [`Claim::reasons`](crate::model::Claim) with its weight.
//!
//! - [`cues`]: the one table of named cues and the prefilter derived from their words;
//! - [`context`]: the cues of the paragraph, the neighbours and the part of the article;
//! - [`model`]: the learned weights and the score;
//! - [`reasons`]: how each feature is written into the reasons;
//! - [`support`]: whether a claim has a source, and the bounded rules that lend one;
//! - [`train`]: labels from marked citations, the regression and cross-validation.

pub(crate) mod context;
pub(crate) mod cues;
pub(crate) mod model;
pub(crate) mod reasons;
#[cfg(test)]
pub(crate) mod stack;
pub(crate) mod support;
pub(crate) mod train;

pub use model::{Assessment, Model};
pub use reasons::Hit;
pub use support::decide_support;

use crate::model::{Citation, Claim, ClaimStatus, Footnote, Section};

/// Scores at or above this need a source; below it a sentence without one is `no-claim`.
/// Every model folds its own threshold into its bias, so this cut holds for all of them.
pub const THRESHOLD: f32 = 0.5;

/// Scores one sentence on its own, without its paragraph, with the shipped model.
#[cfg(test)]
pub fn assess(text: &str) -> Assessment {
    let cues = match cues::verdict_of(text) {
        Some(v) => context::ClaimCues { verdict: Some(v), fired: Vec::new() },
        None => context::ClaimCues { verdict: None, fired: cues::sentence_cues(text) },
    };
    Model::shipped().assess(text, &cues)
}

/// Scores every claim of a document with `model`: sentence cues, the cues of its
/// paragraph and neighbours, and the part of the article it stands in (`sections` are the
/// document's headings, which the claims' `section` index).
pub fn assess_claims_with(claims: &[Claim], sections: &[Section], model: &Model) -> Vec<Assessment> {
    let cues = context::claim_cues(claims, sections);
    claims.iter().zip(&cues).map(|(c, k)| model.assess(&c.text, k)).collect()
}

/// The status of a claim given its support and its assessment.
pub fn status(supported: bool, a: &Assessment) -> ClaimStatus {
    if supported {
        ClaimStatus::Supported
    } else if a.no_claim || a.score < THRESHOLD {
        ClaimStatus::NoClaim
    } else {
        ClaimStatus::Unsupported
    }
}

/// Decides support for every claim (own citations and footnotes, then the propagation
/// rules of `docs/audit.md`), scores every claim with `model` (the shipped one, or
/// `--model`), and writes status, score and reasons. The document's headings (`sections`)
/// make the part of the article a claim stands in (Introduction, Results, ...) a cue.
pub fn apply_support_with(
    claims: &mut [Claim],
    citations: &[Citation],
    footnotes: &[Footnote],
    sections: &[Section],
    model: &Model,
) {
    let assessments = assess_claims_with(claims, sections, model);
    let support = decide_support(claims, citations, footnotes);
    for (k, (a, s)) in assessments.into_iter().zip(support).enumerate() {
        let mut reasons = Vec::with_capacity(a.reasons.len() + 1);
        if let Some(s) = &s {
            reasons.push(s.describe(claims));
        }
        let st = status(s.is_some(), &a);
        reasons.extend(a.reasons);
        let c = &mut claims[k];
        c.status = st;
        c.score = a.score;
        c.reasons = reasons;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinion_is_no_claim() {
        assert!(assess("This paper argues that the positions taken could have consequences.").no_claim);
        assert!(assess("In the author’s view, the real motivation appears to be a desire.").no_claim);
        assert!(assess("How many military forces are capable of this?").no_claim);
        assert!(assess("In what follows, we will focus only on the provisions regarding security.").no_claim);
    }

    #[test]
    fn every_reason_shows_a_weight() {
        let a = assess("It is well known that the cost of entry has been reported to be low, as described previously.");
        assert!(!a.reasons.is_empty());
        for r in &a.reasons {
            assert!(r.starts_with('+') || r.starts_with('-'), "{r}");
        }
        assert!(a.hits.iter().any(|h| h.code == "earlier-work" && h.weight > 0.0), "{a:?}");
        assert!(a.score >= THRESHOLD, "{a:?}");
    }

    #[test]
    fn own_results_score_below_appeals_to_earlier_work() {
        let own = assess("We measured the growth of the plants in the second season (Figure 3B).");
        let earlier = assess("Seed germination and growth conditions have been described previously.");
        assert!(own.score < THRESHOLD, "{own:?}");
        assert!(earlier.score > own.score, "{earlier:?}");
    }

    #[test]
    fn names_without_year_need_a_source() {
        let a = assess("Damage was calculated as described in Schuman et al. by counting the leaves.");
        assert!(a.hits.iter().any(|h| h.code == "author-without-year" && h.weight > 0.0), "{a:?}");
    }

    #[test]
    fn reasons_quote_their_trigger() {
        let a = assess("Reportedly, several states intercept shipments of hardware to modify it.");
        let r = a.reasons.iter().find(|r| r.contains("reports what others say")).cloned().unwrap_or_default();
        assert!(r.contains("“Reportedly”"), "{a:?}");
    }
}
