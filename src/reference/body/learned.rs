//! Learned corrections to the hand-set scores of the body labeller.
//!
//! The model is linear: for each segment, every active feature (a marker flag, the lower-cased
//! first word, the shape of the first word, the delimiters around the segment, the relative
//! position in the body, ...) adds a weight per label to the hand-set emission score, and each
//! pair of labels (and each pair with the delimiter between them) adds a weight to the
//! hand-set transition score. The weights are learned by an averaged structured perceptron
//! ([`super::train`]) and shipped as `data/refs-model.json`; features are looked up by a
//! 64-bit hash of their name, so scoring allocates nothing.

use super::features::lower_word;
use super::{Ctx, Delim, NL, Num, Seg};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The `format` of a model file.
pub const FORMAT: &str = "citegraph-refs-model/1";

/// Number of delimiter kinds ([`Delim`] variants).
pub(super) const ND: usize = 10;

/// Label names, in the order of [`LABELS`].
pub(super) const LABEL_NAMES: [&str; NL] =
    ["Title", "Container", "Volume", "Issue", "Pages", "Year", "Publisher", "Place", "Editor", "Note"];

/// Delimiter names, in the order of [`Delim`].
pub(super) const DELIM_NAMES: [&str; ND] =
    ["Space", "Open", "Close", "Comma", "Colon", "Semi", "Quote", "Question", "Period", "Start"];

/// The model file: weights by name, so it can be read and diffed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelFile {
    /// [`FORMAT`].
    pub format: String,
    /// How the file was made (data, split, settings), for people.
    pub about: serde_json::Value,
    /// `FROM>TO` (FROM is `Start` at the first segment) → weight.
    pub transitions: BTreeMap<String, f32>,
    /// `FROM>TO|DELIM` → weight.
    pub transitions_by_delim: BTreeMap<String, f32>,
    /// Feature name → label name → weight.
    pub emissions: BTreeMap<String, BTreeMap<String, f32>>,
    /// Repairs (src/reference/body/fixups.rs) that do not run with this model: the
    /// cross-validation found the model as good without them.
    #[serde(default)]
    pub retired_rules: Vec<String>,
}

/// A loaded model: emission corrections by feature hash, transition corrections by index.
#[derive(Debug, Clone)]
pub(super) struct Learned {
    emit: HashMap<u64, [f32; NL]>,
    /// `[from][to]`; `from == NL` is the start.
    trans: [[f32; NL]; NL + 1],
    /// `[from][to][delim]`.
    trans_d: Box<[[[f32; ND]; NL]; NL + 1]>,
    /// Bits of the retired repairs (positions in [`super::fixups::RULES`]).
    pub(super) retired: u32,
}

/// FNV-1a over the bytes of the parts of a feature name, as if concatenated.
pub(super) fn feature_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn label_index(name: &str) -> Option<usize> {
    LABEL_NAMES.iter().position(|n| *n == name)
}

fn delim_index(name: &str) -> Option<usize> {
    DELIM_NAMES.iter().position(|n| *n == name)
}

/// `FROM>TO` → (from index, `NL` for `Start`; to index).
fn pair(name: &str) -> Option<(usize, usize)> {
    let (a, b) = name.split_once('>')?;
    let a = if a == "Start" { NL } else { label_index(a)? };
    Some((a, label_index(b)?))
}

impl Learned {
    /// Reads a model file; `Err` names what is wrong.
    pub(super) fn from_file(f: &ModelFile) -> Result<Learned, String> {
        if f.format != FORMAT {
            return Err(format!("format `{}`, expected `{FORMAT}`", f.format));
        }
        let mut m = Learned {
            emit: HashMap::new(),
            trans: [[0.0; NL]; NL + 1],
            trans_d: Box::new([[[0.0; ND]; NL]; NL + 1]),
            retired: 0,
        };
        for name in &f.retired_rules {
            let i = super::fixups::RULES.iter().position(|r| r.0 == name).ok_or_else(|| format!("rule `{name}`"))?;
            m.retired |= 1 << i;
        }
        for (name, w) in &f.transitions {
            let (a, b) = pair(name).ok_or_else(|| format!("transition `{name}`"))?;
            m.trans[a][b] = *w;
        }
        for (name, w) in &f.transitions_by_delim {
            let (p, d) = name.split_once('|').ok_or_else(|| format!("transition `{name}`"))?;
            let (a, b) = pair(p).ok_or_else(|| format!("transition `{name}`"))?;
            let d = delim_index(d).ok_or_else(|| format!("delimiter in `{name}`"))?;
            m.trans_d[a][b][d] = *w;
        }
        for (name, ws) in &f.emissions {
            let mut row = [0.0f32; NL];
            for (l, w) in ws {
                row[label_index(l).ok_or_else(|| format!("label `{l}` of `{name}`"))?] = *w;
            }
            m.emit.insert(feature_hash(&[name]), row);
        }
        Ok(m)
    }

    /// Reads a model from JSON.
    pub(super) fn from_json(json: &str) -> Result<Learned, String> {
        let f: ModelFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Learned::from_file(&f)
    }

    /// The emission corrections of segment `k`, one a label.
    pub(super) fn emission(&self, segs: &[Seg], k: usize, cx: &Ctx) -> [f32; NL] {
        let mut out = [0.0f32; NL];
        features(segs, k, cx, &mut |parts| {
            if let Some(w) = self.emit.get(&feature_hash(parts)) {
                for (o, w) in out.iter_mut().zip(w) {
                    *o += w;
                }
            }
        });
        out
    }

    /// The transition correction from `p` (`None` at the start) to `l` across `d`.
    pub(super) fn transition(&self, p: Option<usize>, l: usize, d: Delim) -> f32 {
        let a = p.unwrap_or(NL);
        self.trans[a][l] + self.trans_d[a][l][d as usize]
    }
}

/// Shape of a word: upper `X`, lower `x`, digit `d`, other characters as they are; runs of
/// one class shortened to two; at most six characters.
fn shape(w: &str, out: &mut String) {
    out.clear();
    let mut last = ' ';
    let mut run = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 2 {
            out.push(s);
        }
        if out.len() >= 6 {
            break;
        }
    }
}

fn num_name(n: Num) -> &'static str {
    match n {
        Num::None => "none",
        Num::Year => "year",
        Num::Small => "small",
        Num::Range => "range",
        Num::Long => "long",
    }
}

fn bucket(n: u32) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 | 4 => "3-4",
        5..=8 => "5-8",
        _ => "9+",
    }
}

/// Calls `f` with the name parts of every active feature of segment `k`.
pub(super) fn features(segs: &[Seg], k: usize, cx: &Ctx, f: &mut dyn FnMut(&[&str])) {
    let s = &segs[k];
    let n = segs.len();
    f(&["bias"]);
    let num = num_name(s.num);
    let before = DELIM_NAMES[s.before as usize];
    let after = DELIM_NAMES[s.after as usize];
    f(&["num=", num]);
    f(&["before=", before]);
    f(&["after=", after]);
    f(&["before=", before, "&num=", num]);
    f(&["before=", before, "&after=", after]);
    let flags = [
        (s.paren, "paren"),
        (s.quoted, "quoted"),
        (s.square, "square"),
        (s.lower_start, "lower_start"),
        (s.pub_word, "pub_word"),
        (s.place_word, "place_word"),
        (s.journal, "journal"),
        (s.ed_mark, "ed_mark"),
        (s.pp_mark, "pp_mark"),
        (s.vol_mark, "vol_mark"),
        (s.no_mark, "no_mark"),
        (s.in_mark, "in_mark"),
        (s.note_word, "note_word"),
        (s.month, "month"),
        (s.edition, "edition"),
        (s.roman, "roman"),
        (s.ed_by, "ed_by"),
        (cx.later_numbers, "later_numbers"),
        (cx.quoted_before, "quoted_before"),
        (cx.in_after, "in_after"),
        (cx.ed_ahead, "ed_ahead"),
        (cx.title_span, "title_span"),
        (k == 0, "first"),
        (k + 1 == n, "last"),
        (k >= cx.last_text, "after_last_text"),
    ];
    for (on, name) in flags {
        if on {
            f(&["flag=", name]);
        }
    }
    // Relative position: quarters of the body.
    let quarter = ["0", "1", "2", "3"][(4 * k / n.max(1)).min(3)];
    f(&["pos=", quarter]);
    f(&["words=", bucket(s.words)]);
    let caps = if s.words == 0 {
        "none"
    } else if s.caps == s.words {
        "all"
    } else if 2 * s.caps >= s.words {
        "most"
    } else {
        "few"
    };
    f(&["caps=", caps]);
    // Words: the first and last, and every word of a short segment.
    let mut ws = s.text.split(' ').filter(|w| !w.is_empty());
    let first = ws.next().unwrap_or("");
    let last = s.text.rsplit(' ').next().unwrap_or("");
    let lf = lower_word(first);
    f(&["w0=", &lf]);
    f(&["wl=", &lower_word(last)]);
    if s.words <= 6 {
        for w in s.text.split(' ').skip(1) {
            let lw = lower_word(w);
            if !lw.is_empty() {
                f(&["w=", &lw]);
            }
        }
    }
    // Affixes of the first word.
    let pre: String = lf.chars().take(3).collect();
    let suf: String = {
        let cs: Vec<char> = lf.chars().collect();
        cs[cs.len().saturating_sub(3)..].iter().collect()
    };
    f(&["pre3=", &pre]);
    f(&["suf3=", &suf]);
    // The first two words together (`journal of`, `in proceedings`) and the last word's ending.
    if let Some(second) = s.text.split(' ').filter(|w| !w.is_empty()).nth(1) {
        f(&["w01=", &lf, " ", &lower_word(second)]);
    }
    let ll: Vec<char> = lower_word(last).chars().collect();
    let sufl: String = ll[ll.len().saturating_sub(3)..].iter().collect();
    f(&["sufl3=", &sufl]);
    let mut sh = String::new();
    shape(first, &mut sh);
    f(&["shape0=", &sh]);
    shape(last, &mut sh);
    f(&["shapel=", &sh]);
    // Punctuation closing the segment's text.
    if let Some(c) = s.text.chars().last().filter(|c| !c.is_alphanumeric()) {
        let mut b = [0u8; 4];
        f(&["endp=", c.encode_utf8(&mut b)]);
    }
    // Neighbours.
    f(&["w0=", &lf, "&before=", before]);
    match k.checked_sub(1).map(|p| &segs[p]) {
        Some(p) => {
            f(&["prev_num=", num_name(p.num)]);
            // The delimiter with what stands on its other side: `Glass: 101-109` (a journal
            // and its pages) against `Oslo: Ice Press` (a place and its publisher).
            f(&["before=", before, "&prev_num=", num_name(p.num)]);
            shape(p.text.rsplit(' ').next().unwrap_or(""), &mut sh);
            f(&["prev_shapel=", &sh]);
            f(&["prev_wl=", &lower_word(p.text.rsplit(' ').next().unwrap_or(""))]);
            for (on, name) in [(p.pp_mark, "pp"), (p.vol_mark, "vol"), (p.in_mark, "in"), (p.ed_mark, "ed")] {
                if on {
                    f(&["prev_flag=", name]);
                }
            }
        }
        None => f(&["prev=none"]),
    }
    match segs.get(k + 1) {
        Some(x) => {
            f(&["next_num=", num_name(x.num)]);
            f(&["after=", after, "&next_num=", num_name(x.num)]);
            shape(x.text.split(' ').next().unwrap_or(""), &mut sh);
            f(&["next_shape0=", &sh]);
            f(&["next_w0=", &lower_word(x.text.split(' ').next().unwrap_or(""))]);
            f(&["next_before=", DELIM_NAMES[x.before as usize]]);
            for (on, name) in [(x.pp_mark, "pp"), (x.vol_mark, "vol"), (x.ed_mark, "ed"), (x.place_word, "place")] {
                if on {
                    f(&["next_flag=", name]);
                }
            }
        }
        None => f(&["next=none"]),
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::decode;
    use super::super::features::segments;
    use super::super::{L, LABELS};
    use super::*;

    fn model(json_emissions: &str, transitions: &str) -> Learned {
        let json = format!(
            r#"{{"format":"{FORMAT}","about":null,"transitions":{transitions},"transitions_by_delim":{{}},"emissions":{json_emissions}}}"#
        );
        Learned::from_json(&json).expect("model")
    }

    #[test]
    fn hash_is_of_the_concatenation() {
        assert_eq!(feature_hash(&["w0=", "rain"]), feature_hash(&["w0=rain"]));
        assert_ne!(feature_hash(&["w0=rain"]), feature_hash(&["wl=rain"]));
    }

    #[test]
    fn features_name_words_shapes_and_neighbours() {
        let segs = segments("Rain on glass. Wet Surfaces 12: 45-67.");
        let cxs = super::super::decode::contexts(&segs);
        let mut names = Vec::new();
        features(&segs, 1, &cxs[1], &mut |p| names.push(p.concat()));
        for want in ["bias", "w0=wet", "wl=surfaces", "shape0=Xxx", "before=Period", "next_num=small", "prev_wl=glass"]
        {
            assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
        }
    }

    #[test]
    fn empty_model_changes_nothing() {
        let m = model("{}", "{}");
        for body in ["Rain on glass. Wet Surfaces 12: 45-67.", "A guide to puddles. Chicago: Lantern Press."] {
            let segs = segments(body);
            assert_eq!(decode(&segs, Some(&m)), decode(&segs, None));
        }
    }

    #[test]
    fn corrections_move_labels_but_not_past_forbidden_ones() {
        // A strong pull of every segment to Note.
        let m = model(r#"{"bias":{"Note":50}}"#, r#"{"Note>Note":5}"#);
        let segs = segments("Rain on glass. Wet Surfaces 12: 45-67.");
        let got = decode(&segs, Some(&m));
        assert!(got.iter().zip(&segs).all(|(l, s)| *l == L::Note || s.num != Num::None), "{got:?}");
        // A number that is not a year is never the year, whatever the weights.
        let m = model(r#"{"bias":{"Year":500}}"#, "{}");
        let got = decode(&segs, Some(&m));
        assert!(got.iter().zip(&segs).all(|(l, s)| *l != L::Year || matches!(s.num, Num::Year | Num::None)), "{got:?}");
        let _ = LABELS;
    }
}
