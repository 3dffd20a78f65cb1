//! The learned model: one weight per cue and per word or word pair of a small vocabulary,
//! combined by logistic regression.
//!
//! Why learned: hand-set weights fitted to seven documents did not carry over to documents
//! nobody had looked at. The weights here come from `citegraph train-audit` on documents
//! whose citations are marked (see [`super::train`]), so they can be re-learned for any
//! field. Why still explainable: the score is `σ(bias + Σ weights of the features that
//! fired)`, and every feature that fired is listed in the reasons with its weight.
//!
//! The shipped model is `data/audit-model.json`; the threshold chosen by cross-validation is
//! folded into its bias, so a score of 0.50 or more means "needs a source" for every model.

use super::context::ClaimCues;
use super::cues::{Cue, TABLE};
use super::reasons::Hit;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

/// The format tag of a model file.
pub const FORMAT: &str = "citegraph-audit-model/1";

/// How many word features are listed one by one in the reasons; the rest are summed.
const LISTED_WORDS: usize = 3;

/// A context cue lighter than this is counted in the "together" line, not listed alone.
const LISTED_CONTEXT: f32 = 0.15;

/// A claim's need for support and the reasons behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// 0..1: how much the sentence needs a source (0.50 or more: it needs one).
    pub score: f32,
    /// The features that moved the score, with their weights, as sentences.
    pub reasons: Vec<String>,
    /// The same features with their weights and the text that triggered them.
    pub hits: Vec<Hit>,
    /// True when the sentence makes no claim that needs a source at all
    /// (a question, the author's own argument or plan, a fragment).
    pub no_claim: bool,
}

/// The model file as written by `train-audit` (JSON).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ModelFile {
    /// The file format, `citegraph-audit-model/1`.
    pub format: String,
    /// The intercept, with the decision threshold folded in (a score of 0.5 is the cut).
    pub bias: f64,
    /// The probability threshold cross-validation chose, before it was folded into `bias`.
    pub threshold: f64,
    /// The feature settings the model was trained with.
    pub features: FeatureConfig,
    /// What cross-validation measured, when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv: Option<serde_json::Value>,
    /// What the model was trained on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<serde_json::Value>,
    /// Weight of each feature: `cue:CODE`, `w:word`, `b:word word`.
    pub weights: BTreeMap<String, f64>,
}

/// Feature settings (chosen by cross-validation; see `docs/audit.md`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct FeatureConfig {
    /// Single words kept in the vocabulary (the most frequent by document frequency).
    pub unigrams: usize,
    /// Word pairs kept.
    pub bigrams: usize,
    /// A word must occur in at least this many training documents.
    pub min_docs: usize,
    /// L2 penalty (per sentence) of the word features.
    pub l2: f64,
    /// L2 penalty of the named cues: smaller, since each is a designed feature, and a rare
    /// cue (hearsay, a quotation) would otherwise be shrunk to nothing.
    pub l2_cues: f64,
}

/// The parts of a model file that scoring needs, borrowed from the text where it can be.
#[derive(Deserialize)]
struct LoadedFile<'a> {
    #[serde(borrow)]
    format: Cow<'a, str>,
    bias: f64,
    #[serde(borrow)]
    weights: WeightList<'a>,
}

/// The `weights` object of a model file, in file order.
struct WeightList<'a>(Vec<(Cow<'a, str>, f64)>);

/// A feature name, borrowed unless it holds an escape.
struct FeatureName<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for FeatureName<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Name<'a> {
            type Value = FeatureName<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a feature name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FeatureName(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FeatureName(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(Name(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for WeightList<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Weights<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Weights<'a> {
            type Value = WeightList<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of feature weights")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1 << 16));
                while let Some((name, w)) = map.next_entry::<FeatureName<'a>, f64>()? {
                    out.push((name.0, w));
                }
                Ok(WeightList(out))
            }
        }
        d.deserialize_map(Weights(std::marker::PhantomData))
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A loaded model, ready to score.
#[derive(Debug, Clone)]
pub struct Model {
    bias: f32,
    /// Weight by cue (index = `Cue as usize`).
    cues: Vec<f32>,
    /// Weight by [`word_key`] of a word or a pair.
    words: HashMap<u64, f32, BuildHasherDefault<PassThrough>>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The key of a word (`previously`) or a pair (`has been`), lowercased.
pub(crate) fn word_key(s: &str) -> u64 {
    fnv(FNV_OFFSET, s.as_bytes())
}

/// The word tokens of a sentence: runs of 2 to 24 ASCII letters.
pub(crate) fn tokens(text: &str) -> Vec<Range<usize>> {
    token_iter(text.as_bytes()).collect()
}

/// The word tokens of a sentence, one by one (as [`tokens`] lists them).
fn token_iter(b: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            while i < b.len() && !b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i == b.len() {
                return None;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if (2..=24).contains(&(i - start)) {
                return Some(start..i);
            }
        }
    })
}

/// Whether two consecutive tokens form a pair: only spaces or one hyphen between them.
pub(crate) fn paired(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let gap = &text.as_bytes()[a.end..b.start];
    !gap.is_empty() && gap.len() <= 3 && gap.iter().all(|&c| c == b' ' || c == b'-' || c == b'\n')
}

/// The feature name of a cue.
pub(crate) fn cue_feature(cue: Cue) -> String {
    format!("cue:{}", cue.def().code)
}

impl Model {
    /// Reads a model file (JSON written by `citegraph train-audit`).
    ///
    /// The weights are read straight into the model, not through [`ModelFile`]'s sorted map:
    /// the shipped model has about 12,000 of them, and building the map first cost as much
    /// as scoring a few hundred sentences (docs/performance.md).
    pub fn from_json(text: &str) -> Result<Model, String> {
        let file: LoadedFile = serde_json::from_str(text).map_err(|e| format!("not a model file: {e}"))?;
        if file.format != FORMAT {
            return Err(format!("model format `{}` is not `{FORMAT}`", file.format));
        }
        let mut model = Model::empty(file.bias);
        for (name, w) in &file.weights.0 {
            model.add_weight(name, *w)?;
        }
        Ok(model)
    }

    /// A model from its parsed file.
    pub fn from_file(file: &ModelFile) -> Result<Model, String> {
        if file.format != FORMAT {
            return Err(format!("model format `{}` is not `{FORMAT}`", file.format));
        }
        let mut model = Model::empty(file.bias);
        for (name, &w) in &file.weights {
            model.add_weight(name, w)?;
        }
        Ok(model)
    }

    /// A model with this bias and no weights.
    fn empty(bias: f64) -> Model {
        Model { bias: bias as f32, cues: vec![0.0; TABLE.len()], words: HashMap::default() }
    }

    /// Sets the weight of one feature by its name (`cue:CODE`, `w:word`, `b:word word`).
    fn add_weight(&mut self, name: &str, w: f64) -> Result<(), String> {
        if !w.is_finite() {
            return Err(format!("weight of `{name}` is not a number"));
        }
        if let Some(code) = name.strip_prefix("cue:") {
            let cue = Cue::from_code(code).ok_or_else(|| format!("unknown cue `{code}` in the model"))?;
            self.cues[cue as usize] = w as f32;
        } else if let Some(word) = name.strip_prefix("w:").or_else(|| name.strip_prefix("b:")) {
            self.words.insert(word_key(word), w as f32);
        } else {
            return Err(format!("unknown feature `{name}` in the model"));
        }
        Ok(())
    }

    /// The model shipped with citegraph (`data/audit-model.json`).
    pub fn shipped() -> &'static Model {
        static SHIPPED: LazyLock<Model> = LazyLock::new(|| {
            // The tests check that the shipped file loads; a broken file would score every
            // sentence 0.5 rather than panic.
            Model::from_json(SHIPPED_JSON).unwrap_or_else(|_| Model::empty(0.0))
        });
        &SHIPPED
    }

    /// Scores one claim from its cues and its words.
    pub(crate) fn assess(&self, text: &str, cues: &ClaimCues) -> Assessment {
        if let Some(v) = cues.verdict {
            let d = v.def();
            return Assessment {
                score: 0.0,
                reasons: vec![d.reason.to_string()],
                hits: vec![Hit { code: d.code, reason: d.reason, weight: 0.0, range: None }],
                no_claim: true,
            };
        }
        let mut z = self.bias;
        let mut hits: Vec<Hit> = Vec::with_capacity(cues.fired.len() + LISTED_WORDS + 1);
        let mut rest = 0.0;
        let mut rest_count = 0;
        for f in &cues.fired {
            let w = self.cues[f.cue as usize];
            z += w;
            // A sentence cue is listed with the words that triggered it unless its weight
            // rounds to zero; a context cue when it moves the score by LISTED_CONTEXT or more.
            let listed = if f.range.is_some() { w.abs() >= 0.005 } else { w.abs() >= LISTED_CONTEXT };
            if listed {
                let d = f.cue.def();
                hits.push(Hit { code: d.code, reason: d.reason, weight: w, range: f.range.clone() });
            } else {
                rest += w;
                rest_count += 1;
            }
        }
        let words = self.word_hits(text);
        // The heaviest few words by absolute weight (ties: the earlier one) are listed; the
        // rest are summed.
        let mut top: Vec<usize> = Vec::with_capacity(LISTED_WORDS + 1);
        for (i, (w, range, _)) in words.iter().enumerate() {
            z += *w;
            let heavier = |j: &usize| {
                let (v, r, _) = &words[*j];
                w.abs() > v.abs() || (w.abs() == v.abs() && range.start < r.start)
            };
            let at = top.iter().position(heavier).unwrap_or(top.len());
            if at < LISTED_WORDS {
                top.insert(at, i);
                top.truncate(LISTED_WORDS);
            }
        }
        for &i in &top {
            let (w, range, pair) = &words[i];
            let reason = if *pair { "uses the words" } else { "uses the word" };
            hits.push(Hit { code: "word", reason, weight: *w, range: Some(range.clone()) });
        }
        for (i, (w, _, _)) in words.iter().enumerate() {
            if !top.contains(&i) {
                rest += *w;
                rest_count += 1;
            }
        }
        if rest_count > 0 {
            hits.push(Hit {
                code: "other-features",
                reason: "other words and smaller context features together",
                weight: rest,
                range: None,
            });
        }
        let score = 1.0 / (1.0 + (-z).exp());
        let reasons = hits.iter().map(|h| h.describe(text)).collect();
        Assessment { score: (score * 100.0).round() / 100.0, reasons, hits, no_claim: false }
    }

    /// The vocabulary words and pairs of a sentence with their weights, each once, in text order.
    fn word_hits(&self, text: &str) -> Vec<(f32, Range<usize>, bool)> {
        // Room for most sentences' hits at once (about one in three words is in the vocabulary).
        let room = text.len() / 16 + 4;
        let mut out: Vec<(f32, Range<usize>, bool)> = Vec::with_capacity(room);
        let mut seen: Vec<u64> = Vec::with_capacity(room);
        // One bit per key (its low six bits): the list of keys seen is searched only when
        // the bit is already set, which for most sentences is never.
        let mut seen_bits = 0u64;
        if self.words.is_empty() {
            return out;
        }
        let b = text.as_bytes();
        let mut toks = token_iter(b).peekable();
        let mut found = |key: u64, range: Range<usize>, pair: bool, out: &mut Vec<(f32, Range<usize>, bool)>| {
            if let Some(&w) = self.words.get(&key) {
                let bit = 1u64 << (key & 63);
                if seen_bits & bit != 0 && seen.contains(&key) {
                    return;
                }
                seen_bits |= bit;
                seen.push(key);
                out.push((w, range, pair));
            }
        };
        while let Some(t) = toks.next() {
            let h = fnv(FNV_OFFSET, &b[t.clone()]);
            found(h, t.clone(), false, &mut out);
            if let Some(next) = toks.peek().filter(|n| paired(text, &t, n)) {
                let pair = fnv(fnv(h, b" "), &b[next.clone()]);
                found(pair, t.start..next.end, true, &mut out);
            }
        }
        out
    }
}

/// The shipped model file.
pub const SHIPPED_JSON: &str = include_str!("../../data/audit-model.json");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads() {
        let m = Model::from_json(SHIPPED_JSON).expect("data/audit-model.json loads");
        assert!(m.cues.iter().any(|w| *w != 0.0));
    }

    #[test]
    fn pairs_hash_as_their_names() {
        let text = "It has  been shown, as-described";
        let t = tokens(text);
        assert_eq!(t.len(), 6);
        assert!(paired(text, &t[1], &t[2]) && !paired(text, &t[3], &t[4]) && paired(text, &t[4], &t[5]));
        let b = text.as_bytes();
        assert_eq!(fnv(fnv(fnv(FNV_OFFSET, &b[t[1].clone()]), b" "), &b[t[2].clone()]), word_key("has been"));
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(Model::from_json("{}").is_err());
        let bad = r#"{"format":"citegraph-audit-model/1","bias":0,"threshold":0.5,"features":{"unigrams":0,"bigrams":0,"min_docs":1,"l2":1,"l2_cues":1},"weights":{"cue:nope":1}}"#;
        assert!(Model::from_json(bad).is_err());
    }

    #[test]
    fn the_fast_reader_and_the_file_reader_agree() {
        let file: ModelFile = serde_json::from_str(SHIPPED_JSON).expect("the shipped model parses");
        let slow = Model::from_file(&file).expect("loads");
        let fast = Model::from_json(SHIPPED_JSON).expect("loads");
        assert_eq!(slow.bias, fast.bias);
        assert_eq!(slow.cues, fast.cues);
        assert_eq!(slow.words, fast.words);
        // A name with an escape is read as well as a plain one.
        let escaped =
            r#"{"format":"citegraph-audit-model/1","bias":0.5,"weights":{"w:caf\u00e9":1.5,"b:has been":-2}}"#;
        let m = Model::from_json(escaped).expect("loads");
        assert_eq!(m.words.get(&word_key("café")), Some(&1.5));
        assert_eq!(m.words.get(&word_key("has been")), Some(&-2.0));
    }
}
