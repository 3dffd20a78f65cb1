//! Claims: how much each sentence needs a source, with the reasons.
//!
//! The score is a sum of small, named cues (numbers, hedges like "reportedly", superlatives,
//! the author's own voice), clamped to 0..1, so every verdict can be explained by listing
//! the cues that fired. No model, no hidden weights.

use crate::model::ClaimStatus;
use regex::Regex;
use std::sync::LazyLock;

/// A claim's need for support and the reasons behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// 0..1: how much the sentence needs a source.
    pub score: f32,
    /// Cues that raised or lowered the score, in the order applied.
    pub reasons: Vec<String>,
    /// True when the sentence makes no claim that needs a source at all.
    pub no_claim: bool,
}

struct Cue {
    pattern: Regex,
    weight: f32,
    reason: &'static str,
}

fn cue(p: &str, weight: f32, reason: &'static str) -> Cue {
    Cue { pattern: Regex::new(p).expect("valid regex"), weight, reason }
}

static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    vec![
        cue(
            r"(?i)\b(it is (well|widely|generally) (known|accepted|agreed)|it is generally|studies (have )?(show|shown|suggest)|research (shows|suggests)|evidence (shows|suggests)|has been (shown|reported|demonstrated|argued|said)|have been (shown|reported))\b",
            0.35,
            "appeals to others' findings",
        ),
        cue(r"(?i)\b(reportedly|allegedly|according to|it is reported|is said to)\b", 0.35, "reports what others say"),
        cue(r"\b\d+(\.\d+)?\s?(%|percent|per cent)", 0.3, "states a percentage"),
        cue(r"\b(1[5-9]|20)\d\d\b", 0.15, "names a date"),
        cue(r"\b\d{2,}(,\d{3})*(\.\d+)?\b", 0.1, "states a number"),
        cue(
            r"(?i)\b(most|largest|smallest|first|highest|lowest|best|worst|only|never|always)\b",
            0.1,
            "uses a superlative or absolute",
        ),
        cue(
            r"(?i)\b(because|caused?|leads? to|results? in|due to|therefore|consequently)\b",
            0.1,
            "makes a causal claim",
        ),
        cue(r"[“\x22][^”\x22]{20,}[”\x22]", 0.3, "quotes someone"),
        cue(
            r"(?i)\b(previous(ly)?|recent(ly)?|prior) (work|studies|research|reports?)\b",
            0.3,
            "refers to earlier work",
        ),
        cue(
            r"(?i)\b(has|have|had) (argued|suggested|proposed|found|shown|reported|noted)\b",
            0.25,
            "reports a finding",
        ),
    ]
});

static NO_CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(this (paper|article|study|chapter|section|report)|in this (paper|article|study|section|chapter)|we (argue|propose|will|describe|present|show|focus|note|refer)|i (argue|propose|will)|the paper argues|in the author[’']s (view|opinion)|the author[’']s view|here we|below we|in what follows|the (next|following) section)")
        .expect("valid regex")
});
static OPINION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(in the author[’']s (view|opinion)|this (paper|article) argues|the paper argues|in our view|we believe|we argue|I believe)\b").expect("valid regex")
});

/// Scores one sentence.
pub fn assess(text: &str) -> Assessment {
    let mut reasons = Vec::new();
    let trimmed = text.trim();
    if trimmed.ends_with('?') {
        return Assessment { score: 0.0, reasons: vec!["asks a question".into()], no_claim: true };
    }
    if NO_CLAIM.is_match(trimmed) || OPINION.is_match(trimmed) {
        return Assessment {
            score: 0.05,
            reasons: vec!["states the author's own argument or plan".into()],
            no_claim: true,
        };
    }
    if trimmed.split_whitespace().count() < 4 {
        return Assessment { score: 0.0, reasons: vec!["too short to claim anything".into()], no_claim: true };
    }
    let mut score: f32 = 0.2;
    for c in CUES.iter() {
        if c.pattern.is_match(trimmed) {
            score += c.weight;
            reasons.push(c.reason.to_string());
        }
    }
    Assessment { score: score.clamp(0.0, 1.0), reasons, no_claim: false }
}

/// The status of a claim given its support and its assessment.
pub fn status(supported: bool, a: &Assessment) -> ClaimStatus {
    if supported {
        ClaimStatus::Supported
    } else if a.no_claim || a.score < 0.5 {
        ClaimStatus::NoClaim
    } else {
        ClaimStatus::Unsupported
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
    }

    #[test]
    fn appeals_raise_the_score() {
        let a = assess("It is well known that the cost of entry is low and 40% of firms agree.");
        assert!(a.score >= 0.5, "{a:?}");
        assert!(a.reasons.iter().any(|r| r.contains("percentage")));
    }
}
