//! Reasons: every feature that moved a score, written so a user sees why.
//!
//! Why a module of its own: the reason strings are the audit's user interface and part of
//! the JSON contract (`claims[].reasons`), and writing them is a measurable share of the
//! claim stage, so the formatting avoids the float formatter for whole hundredths.

use std::ops::Range;

/// One feature that moved a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Stable kebab-case name of the cue, such as `earlier-work`; `word` for a learned word
    /// or word pair, `other-features` for the sum of the features not listed one by one.
    pub code: &'static str,
    /// What the cue means, in words (`refers to earlier work`).
    pub reason: &'static str,
    /// Its learned weight (log-odds; negative lowers the score).
    pub weight: f32,
    /// Byte range in the sentence text that triggered it; `None` for cues about the context.
    pub range: Option<Range<usize>>,
}

impl Hit {
    /// The reason as written into `claims[].reasons`: `+0.30 refers to earlier work: “as described”`.
    pub fn describe(&self, text: &str) -> String {
        let quoted = self.range.clone().and_then(|r| text.get(r));
        let mut out = String::with_capacity(8 + self.reason.len() + quoted.map_or(0, |q| q.len().min(160) + 10));
        push_signed_weight(&mut out, self.weight);
        out.push(' ');
        out.push_str(self.reason);
        if let Some(q) = quoted {
            out.push_str(": “");
            push_shortened(&mut out, q, 40);
            out.push('”');
        }
        out
    }
}

/// Appends a weight as `{:+.2}` writes it, without the float formatter (which cost more
/// than the rest of a reason).
///
/// Exact for every finite `f32` below 10⁷: widened to `f64` and multiplied by 100 the value
/// stays exact (24 bits of mantissa times 7 bits), so the hundredths and the remainder are
/// exact too, and a remainder of exactly one half rounds to the even hundredth as the
/// formatter does. Anything else goes through the formatter.
pub(crate) fn push_signed_weight(out: &mut String, w: f32) {
    let hundredths = f64::from(w.abs()) * 100.0;
    if !hundredths.is_finite() || hundredths >= 1e9 {
        use std::fmt::Write;
        let _ = write!(out, "{w:+.2}");
        return;
    }
    let whole = hundredths.floor();
    let rest = hundredths - whole;
    let mut k = whole as u64;
    if rest > 0.5 || (rest == 0.5 && k % 2 == 1) {
        k += 1;
    }
    out.push(if w.is_sign_negative() { '-' } else { '+' });
    crate::model::push_decimal(out, (k / 100) as usize);
    out.push('.');
    out.push(char::from(b'0' + (k % 100 / 10) as u8));
    out.push(char::from(b'0' + (k % 10) as u8));
}

/// No whitespace but single spaces: no `"  "` and no other whitespace character (one pass).
fn single_spaced(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return !b.iter().any(|&c| c != b' ' && c.is_ascii_whitespace() || c == b'\x0b')
            && !b.windows(2).any(|w| w == b"  ");
    }
    single_spaced_by_chars(s)
}

/// [`single_spaced`] read character by character (any text).
fn single_spaced_by_chars(s: &str) -> bool {
    let mut after_space = false;
    for c in s.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    true
}

/// Appends `s` with its whitespace runs folded to one space, cut to `max` characters
/// (with `…` when cut).
fn push_shortened(out: &mut String, s: &str, max: usize) {
    let plain = !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace) && single_spaced(s);
    let folded;
    let s = if plain {
        s
    } else {
        folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
        folded.as_str()
    };
    let cut = if s.len() <= max {
        None
    } else if s.is_ascii() {
        Some(max)
    } else {
        s.char_indices().nth(max).map(|(cut, _)| cut)
    };
    match cut {
        None => out.push_str(s),
        Some(cut) => {
            out.push_str(&s[..cut]);
            out.push('…');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test for ASCII text says what the character test says.
    #[test]
    fn ascii_spacing_is_read_as_characters_are() {
        let by_chars = single_spaced_by_chars;
        for b in 0u8..128 {
            for s in [
                format!("a{}b", b as char),
                format!("a {} b", b as char),
                format!("{}", b as char),
                format!("x{} ", b as char),
            ] {
                assert_eq!(single_spaced(&s), by_chars(&s), "{s:?}");
            }
        }
    }

    fn signed_weight(w: f32) -> String {
        let mut out = String::new();
        push_signed_weight(&mut out, w);
        out
    }

    #[test]
    fn weights_are_written_as_the_float_formatter_does() {
        for k in -200..=200 {
            let w = k as f32 / 100.0;
            assert_eq!(signed_weight(w), format!("{w:+.2}"), "{w}");
        }
        for w in [
            -0.0f32,
            0.125,
            -0.004,
            0.3333,
            1e9,
            f32::NAN,
            f32::INFINITY,
            -0.15,
            0.05,
            0.005,
            0.015,
            0.375,
            -2.675,
            9999999.0,
        ] {
            assert_eq!(signed_weight(w), format!("{w:+.2}"), "{w}");
        }
        // Learned weights have four decimals; every such weight, and ties in binary.
        for k in -40_000..=40_000 {
            let w = k as f32 / 10_000.0;
            assert_eq!(signed_weight(w), format!("{w:+.2}"), "{w}");
            let tie = k as f32 / 8.0;
            assert_eq!(signed_weight(tie), format!("{tie:+.2}"), "{tie}");
        }
        let mut bits = 0x2545_f491u32;
        for _ in 0..100_000 {
            bits ^= bits << 13;
            bits ^= bits >> 17;
            bits ^= bits << 5;
            let w = f32::from_bits(bits);
            assert_eq!(signed_weight(w), format!("{w:+.2}"), "{w}");
        }
    }

    #[test]
    fn triggers_are_quoted_folded_and_cut() {
        let h = Hit { code: "x", reason: "refers to earlier work", weight: 0.3, range: Some(0..60) };
        let text = "as   described\nbefore and a long tail that goes on and on and on for ever";
        let r = h.describe(text);
        assert!(r.starts_with("+0.30 refers to earlier work: “as described before"), "{r}");
        assert!(r.ends_with("…”"), "{r}");
    }
}
