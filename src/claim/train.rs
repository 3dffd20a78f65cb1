//! Training the audit model from documents whose citations are marked.
//!
//! Why this works without hand labels: a sentence that carried a citation callout needed a
//! source in its authors' judgement. So the callouts of a marked document are deleted (as
//! `../shared/tools/citeworthy.py strip` does: a parenthetical group with its brackets and
//! the space before it, a narrative citation's bracketed year, a bare numeric callout), the
//! stripped body goes through the normal pipeline, and a sentence is positive when a
//! deletion point falls in its span. The weights are then fitted by L2-regularised logistic
//! regression (cyclic coordinate descent with one Newton step per coordinate: no random
//! numbers, documents in sorted order, so the same corpus always gives the same file), and
//! the vocabulary size, the penalty and the decision threshold are chosen by 5-fold
//! cross-validation grouped by document.
//!
//! A marked document is `NAME.txt` with `NAME.gold.json` beside it, in the shape of
//! `../shared/corpus/train/` (offsets are Unicode code points).

use super::context::{self, ClaimCues};
use super::cues::Cue;
use super::model::{FORMAT, FeatureConfig, ModelFile, cue_feature, paired, tokens};
use crate::extract::{Options, extract};
use crate::model::ClaimStatus;
use crate::source::Source;
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Folds of the cross-validation.
pub const FOLDS: usize = 5;

/// Coordinate-descent sweeps at most.
const MAX_SWEEPS: usize = 40;

/// A sweep whose largest step is below this ends the fit.
const TOLERANCE: f64 = 1e-4;

/// The feature settings cross-validation chooses among.
pub const GRID: &[FeatureConfig] = &[
    FeatureConfig { unigrams: 0, bigrams: 0, min_docs: 3, l2: 1e-3, l2_cues: 5e-5 },
    FeatureConfig { unigrams: 1000, bigrams: 300, min_docs: 3, l2: 1e-3, l2_cues: 5e-5 },
    FeatureConfig { unigrams: 2000, bigrams: 1000, min_docs: 3, l2: 1e-3, l2_cues: 5e-5 },
    FeatureConfig { unigrams: 4000, bigrams: 2000, min_docs: 3, l2: 5e-4, l2_cues: 5e-5 },
    FeatureConfig { unigrams: 8000, bigrams: 4000, min_docs: 3, l2: 5e-4, l2_cues: 5e-5 },
    FeatureConfig { unigrams: 8000, bigrams: 8000, min_docs: 2, l2: 1e-3, l2_cues: 5e-5 },
    FeatureConfig { unigrams: 4000, bigrams: 2000, min_docs: 3, l2: 2e-3, l2_cues: 1e-4 },
];

/// Deletes the marked callouts of a document's body as `citeworthy.py strip` does.
/// Returns the stripped body and each deletion point as a byte offset into it.
pub fn strip(text: &str, gold: &Value) -> (String, Vec<usize>) {
    // Byte offset of each code point, and of the end.
    let mut at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    at.push(text.len());
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let int = |v: &Value| v.as_u64().map(|x| (x as usize).min(n));
    let positive = |v: Option<&Value>| v.and_then(int).filter(|&x| x > 0);
    let end = positive(gold.pointer("/references_section/heading_start"))
        .or_else(|| positive(gold.get("body_char_end")))
        .unwrap_or(n);
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for g in gold.get("citation_groups").and_then(Value::as_array).into_iter().flatten() {
        let paren = (g.get("paren_start").and_then(int), g.get("paren_end").and_then(int));
        if let (Some(mut s), Some(e)) = paren {
            if s > 0 && chars[s - 1] == ' ' {
                s -= 1;
            }
            cuts.push((s, e));
        } else if let (Some(s), Some(e)) = (g.get("char_start").and_then(int), g.get("char_end").and_then(int)) {
            cuts.push((trailing_parenthesis(&chars[s..e.max(s)]).map_or(s, |k| s + k), e));
        }
    }
    cuts.retain(|c| c.1 <= end && c.0 <= c.1);
    cuts.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in cuts {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::with_capacity(at[end]);
    let mut points = Vec::with_capacity(merged.len());
    let mut pos = 0;
    for (s, e) in merged {
        if s >= pos {
            out.push_str(&text[at[pos]..at[s]]);
        }
        points.push(out.len());
        pos = pos.max(e);
    }
    if pos < end {
        out.push_str(&text[at[pos]..at[end]]);
    }
    (out, points)
}

/// Where `\s*\([^()]*\)\s*$` first matches in `seg` (a narrative citation's bracketed year
/// and the space before it), as a code-point index.
fn trailing_parenthesis(seg: &[char]) -> Option<usize> {
    let mut e = seg.len();
    while e > 0 && seg[e - 1].is_whitespace() {
        e -= 1;
    }
    if e == 0 || seg[e - 1] != ')' {
        return None;
    }
    let open = seg[..e - 1].iter().rposition(|&c| c == '(' || c == ')')?;
    if seg[open] != '(' {
        return None;
    }
    let mut s = open;
    while s > 0 && seg[s - 1].is_whitespace() {
        s -= 1;
    }
    Some(s)
}

/// One labelled sentence.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Index of its document in [`Corpus::documents`].
    pub doc: usize,
    /// Feature ids (into [`Corpus::names`]), sorted, each once.
    pub features: Vec<u32>,
    /// A deletion point falls in it: its authors cited a source there.
    pub positive: bool,
    /// Scored at all: not supported by a remaining citation or footnote, and not no-claim
    /// by a verdict (a question, the author's own voice, a fragment).
    pub eligible: bool,
    /// Paragraph number in its document ([`context::paragraphs`]); read by the stacking
    /// experiment (`tests::stack_experiment`) only.
    #[cfg_attr(not(test), allow(dead_code))]
    pub para: u32,
    /// Not no-claim by a verdict: the model gives it a margin (read by the experiment only).
    #[cfg_attr(not(test), allow(dead_code))]
    pub scored: bool,
}

/// Every labelled sentence of a set of documents.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Document names (file stems), sorted.
    pub documents: Vec<String>,
    /// Feature names: `cue:CODE`, `w:word`, `b:word word`.
    pub names: Vec<String>,
    /// The sentences.
    pub samples: Vec<Sample>,
}

/// The marked documents (`NAME.txt` with `NAME.gold.json`) in the given folders, sorted by path.
pub fn find_documents(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let is_gold = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".gold.json"));
            if is_gold && gold_text(&p).is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `NAME.txt` beside `NAME.gold.json`.
fn gold_text(gold: &Path) -> PathBuf {
    let name = gold.file_name().and_then(|n| n.to_str()).unwrap_or("");
    gold.with_file_name(format!("{}.txt", name.trim_end_matches(".gold.json")))
}

/// The sentences of one stripped document: (features as names, positive, eligible,
/// paragraph, scored).
type DocSamples = Vec<(Vec<String>, bool, bool, u32, bool)>;

/// Reads, strips and labels one document.
fn label_document(gold_path: &Path) -> Result<DocSamples, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let gold: Value = serde_json::from_str(&read(gold_path)?).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let text = read(&gold_text(gold_path))?;
    let (stripped, points) = strip(&text, &gold);
    let src = Source::new(gold_path.display().to_string(), stripped);
    let doc = extract(&src, &Options::default());
    let stripped = &src.text;
    let cues = context::claim_cues(&doc.claims, &doc.sections);
    let paras = context::paragraphs(&doc.claims);
    Ok(doc
        .claims
        .iter()
        .zip(&cues)
        .zip(&paras)
        .map(|((c, k), &para)| {
            let positive = points.iter().any(|&p| carries(stripped, c.span.start, c.span.end, p));
            let eligible = c.status != ClaimStatus::Supported && k.verdict.is_none();
            (feature_names(&c.text, k), positive, eligible, para as u32, k.verdict.is_none())
        })
        .collect())
}

/// Whether the deletion point `p` belongs to the sentence at `start..end` of `text`: it lies
/// in the sentence, or only white space separates it from the sentence's end. The second
/// case is a callout set after the full stop (`… the sea. [12] Next`, `… the sea.12 Next`):
/// stripping it leaves the point past the sentence's last byte, and without this rule the
/// sentence the authors cited would be a negative (3.6% of the callouts of `train/`).
fn carries(text: &str, start: usize, end: usize, p: usize) -> bool {
    (start <= p && p <= end) || (end < p && text.get(end..p).is_some_and(|gap| gap.chars().all(char::is_whitespace)))
}

/// The feature names of one sentence: its cues, its words and its word pairs.
pub fn feature_names(text: &str, cues: &ClaimCues) -> Vec<String> {
    if cues.verdict.is_some() {
        return Vec::new();
    }
    let mut out: Vec<String> = cues.fired.iter().map(|f| cue_feature(f.cue)).collect();
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        let w = text[t.clone()].to_ascii_lowercase();
        if let Some(next) = toks.get(i + 1).filter(|n| paired(text, t, n)) {
            out.push(format!("b:{w} {}", text[next.clone()].to_ascii_lowercase()));
        }
        out.push(format!("w:{w}"));
    }
    out
}

/// Reads and labels every marked document in `dirs` (in parallel with the `parallel`
/// feature; the result does not depend on the order the threads finish in).
pub fn load_corpus(dirs: &[PathBuf]) -> Result<Corpus, String> {
    let files = find_documents(dirs);
    if files.is_empty() {
        return Err("no marked documents (NAME.txt with NAME.gold.json) found".into());
    }
    #[cfg(feature = "parallel")]
    let labelled: Vec<Result<DocSamples, String>> = files.par_iter().map(|f| label_document(f)).collect();
    #[cfg(not(feature = "parallel"))]
    let labelled: Vec<Result<DocSamples, String>> = files.iter().map(|f| label_document(f)).collect();
    let mut corpus = Corpus::default();
    let mut ids: HashMap<String, u32> = HashMap::new();
    for (d, (file, samples)) in files.iter().zip(labelled).enumerate() {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("").trim_end_matches(".gold.json");
        corpus.documents.push(name.to_string());
        for (names, positive, eligible, para, scored) in samples? {
            let mut features: Vec<u32> = names
                .into_iter()
                .map(|n| {
                    let next = ids.len() as u32;
                    *ids.entry(n.clone()).or_insert_with(|| {
                        corpus.names.push(n);
                        next
                    })
                })
                .collect();
            features.sort_unstable();
            features.dedup();
            corpus.samples.push(Sample { doc: d, features, positive, eligible, para, scored });
        }
    }
    Ok(corpus)
}

/// The features a configuration uses, chosen from the documents in `docs`: every cue, and
/// the words and pairs found in at least `min_docs` of them, the most widespread first.
fn vocabulary(corpus: &Corpus, docs: &[bool], config: &FeatureConfig) -> Vec<bool> {
    let mut keep = vec![false; corpus.names.len()];
    let mut df = vec![0usize; corpus.names.len()];
    let mut last_doc = vec![usize::MAX; corpus.names.len()];
    for s in corpus.samples.iter().filter(|s| docs[s.doc] && s.eligible) {
        for &f in &s.features {
            let f = f as usize;
            if last_doc[f] != s.doc {
                last_doc[f] = s.doc;
                df[f] += 1;
            }
        }
    }
    for (kind, limit) in [("w:", config.unigrams), ("b:", config.bigrams)] {
        let mut cands: Vec<usize> = (0..corpus.names.len())
            .filter(|&f| corpus.names[f].starts_with(kind) && df[f] >= config.min_docs)
            .collect();
        cands.sort_by(|&a, &b| df[b].cmp(&df[a]).then_with(|| corpus.names[a].cmp(&corpus.names[b])));
        for f in cands.into_iter().take(limit) {
            keep[f] = true;
        }
    }
    for (f, name) in corpus.names.iter().enumerate() {
        if name.starts_with("cue:") && df[f] > 0 {
            keep[f] = true;
        }
    }
    keep
}

/// Fitted weights: the intercept and one weight per feature id (0 for features not used).
#[derive(Debug, Clone)]
pub struct Fit {
    /// Intercept (log-odds).
    pub bias: f64,
    /// Weight by feature id.
    pub weights: Vec<f64>,
}

impl Fit {
    /// The probability that a sample needs a source.
    pub fn probability(&self, s: &Sample) -> f64 {
        let z = self.bias + s.features.iter().map(|&f| self.weights[f as usize]).sum::<f64>();
        sigmoid(z)
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Fits L2-regularised logistic regression on the eligible samples of the documents in
/// `docs`, over the features in `keep`, by cyclic coordinate descent (a Newton step per
/// coordinate, steps bounded to ±2). Minimises `mean log-loss + l2/2 · |w|²` (the intercept
/// is not penalised).
pub fn fit(corpus: &Corpus, docs: &[bool], keep: &[bool], config: &FeatureConfig) -> Fit {
    let rows: Vec<&Sample> = corpus.samples.iter().filter(|s| docs[s.doc] && s.eligible).collect();
    let n = rows.len().max(1) as f64;
    let y: Vec<f64> = rows.iter().map(|s| if s.positive { 1.0 } else { 0.0 }).collect();
    // Columns: the rows each kept feature occurs in.
    let mut columns: Vec<Vec<u32>> = vec![Vec::new(); corpus.names.len()];
    for (i, s) in rows.iter().enumerate() {
        for &f in &s.features {
            if keep[f as usize] {
                columns[f as usize].push(i as u32);
            }
        }
    }
    let order: Vec<usize> = (0..corpus.names.len()).filter(|&f| !columns[f].is_empty()).collect();
    let penalty: Vec<f64> =
        corpus.names.iter().map(|n| if n.starts_with("cue:") { config.l2_cues } else { config.l2 }).collect();
    let mut w = vec![0.0f64; corpus.names.len()];
    let positives = y.iter().sum::<f64>().clamp(0.5, n - 0.5);
    let mut bias = (positives / (n - positives)).ln();
    let mut z = vec![bias; rows.len()];
    for _ in 0..MAX_SWEEPS {
        let mut largest = 0.0f64;
        // The intercept.
        let (mut g, mut h) = (0.0, 0.0);
        for (zi, yi) in z.iter().zip(&y) {
            let p = sigmoid(*zi);
            g += p - yi;
            h += p * (1.0 - p);
        }
        let step = (-g / h.max(1e-12)).clamp(-2.0, 2.0);
        bias += step;
        z.iter_mut().for_each(|zi| *zi += step);
        largest = largest.max(step.abs());
        for &f in &order {
            let col = &columns[f];
            let (mut g, mut h) = (0.0, 0.0);
            for &i in col {
                let p = sigmoid(z[i as usize]);
                g += p - y[i as usize];
                h += p * (1.0 - p);
            }
            let g = g / n + penalty[f] * w[f];
            let h = h / n + penalty[f];
            let step = (-g / h).clamp(-2.0, 2.0);
            if step == 0.0 {
                continue;
            }
            w[f] += step;
            for &i in col {
                z[i as usize] += step;
            }
            largest = largest.max(step.abs());
        }
        if largest < TOLERANCE {
            break;
        }
    }
    Fit { bias, weights: w }
}

/// Precision, recall and F1 of flagging the eligible samples at or above `threshold`.
pub fn f1(probs: &[(f64, &Sample)], threshold: f64) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (p, s) in probs {
        let flagged = s.eligible && *p >= threshold;
        match (flagged, s.positive) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    let precision = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
    let recall = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
    let f = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    (precision, recall, f)
}

/// Cross-validation of one configuration: out-of-fold probabilities of every sample.
fn out_of_fold(corpus: &Corpus, config: &FeatureConfig) -> Vec<f64> {
    let mut probs = vec![0.0; corpus.samples.len()];
    let folds = FOLDS.min(corpus.documents.len()).max(1);
    for fold in 0..folds {
        let train: Vec<bool> = (0..corpus.documents.len()).map(|d| folds == 1 || d % folds != fold).collect();
        let keep = vocabulary(corpus, &train, config);
        let model = fit(corpus, &train, &keep, config);
        for (i, s) in corpus.samples.iter().enumerate() {
            if s.doc % folds == fold {
                probs[i] = model.probability(s);
            }
        }
    }
    probs
}

/// The threshold (in hundredths from 0.05 to 0.95) with the best pooled F1; ties go to the
/// lower threshold.
fn best_threshold(corpus: &Corpus, probs: &[f64]) -> (f64, (f64, f64, f64)) {
    let pairs: Vec<(f64, &Sample)> = probs.iter().copied().zip(&corpus.samples).collect();
    let mut best = (0.5, (0.0, 0.0, -1.0));
    for k in 5..=95 {
        let t = k as f64 / 100.0;
        let r = f1(&pairs, t);
        if r.2 > best.1.2 {
            best = (t, r);
        }
    }
    best
}

/// Rounds to four decimals, so the file is the same on every platform.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Trains a model on the marked documents of `dirs`: cross-validation over `grid` (or only
/// `fixed`) picks the features and the threshold, then the chosen configuration is fitted
/// on all documents. `progress` receives one line per step.
pub fn train(
    dirs: &[PathBuf],
    fixed: Option<FeatureConfig>,
    progress: &mut dyn FnMut(&str),
) -> Result<ModelFile, String> {
    let corpus = load_corpus(dirs)?;
    let positives = corpus.samples.iter().filter(|s| s.positive).count();
    progress(&format!(
        "{} documents, {} sentences ({} with a citation), {} candidate features",
        corpus.documents.len(),
        corpus.samples.len(),
        positives,
        corpus.names.len()
    ));
    let grid: Vec<FeatureConfig> = match fixed {
        Some(c) => vec![c],
        None => GRID.to_vec(),
    };
    let mut results = Vec::new();
    for config in &grid {
        let probs = out_of_fold(&corpus, config);
        let (t, (p, r, f)) = best_threshold(&corpus, &probs);
        // F1 of each fold at the pooled threshold.
        let folds = FOLDS.min(corpus.documents.len()).max(1);
        let per_fold: Vec<f64> = (0..folds)
            .map(|fold| {
                let pairs: Vec<(f64, &Sample)> =
                    probs.iter().copied().zip(&corpus.samples).filter(|(_, s)| s.doc % folds == fold).collect();
                round4(f1(&pairs, t).2)
            })
            .collect();
        // F1 by source (the document name up to its first `-`), pooled.
        let mut sources: BTreeMap<&str, Vec<(f64, &Sample)>> = BTreeMap::new();
        for (p, s) in probs.iter().copied().zip(&corpus.samples) {
            let name = corpus.documents[s.doc].as_str();
            sources.entry(name.split('-').next().unwrap_or(name)).or_default().push((p, s));
        }
        let by_source: BTreeMap<String, f64> =
            sources.iter().map(|(k, v)| (k.to_string(), round4(f1(v, t).2))).collect();
        progress(&format!("  by source: {by_source:?}"));
        progress(&format!(
            "unigrams {} bigrams {} l2 {} (cues {}): cross-validated F1 {f:.3} (precision {p:.3}, recall {r:.3}) at threshold {t:.2}",
            config.unigrams, config.bigrams, config.l2, config.l2_cues
        ));
        results.push((*config, t, p, r, f, per_fold));
    }
    // The best F1; ties go to the earlier (smaller) configuration.
    let mut best = 0;
    for (i, r) in results.iter().enumerate() {
        if r.4 > results[best].4 + 1e-9 {
            best = i;
        }
    }
    let (config, threshold, precision, recall, f, per_fold) = results[best].clone();
    let all = vec![true; corpus.documents.len()];
    let keep = vocabulary(&corpus, &all, &config);
    let model = fit(&corpus, &all, &keep, &config);
    let mut weights = BTreeMap::new();
    for (fid, name) in corpus.names.iter().enumerate() {
        if keep[fid] {
            weights.insert(name.clone(), round4(model.weights[fid]));
        }
    }
    // Every cue of the table has a weight, 0 when the corpus never showed it.
    for d in super::cues::TABLE.iter().filter(|d| d.kind != super::cues::Kind::NoClaim) {
        weights.entry(cue_feature(d.cue)).or_insert(0.0);
    }
    let _ = Cue::Fragment;
    let logit = (threshold / (1.0 - threshold)).ln();
    let grid_report: Vec<Value> = results
        .iter()
        .map(|(c, t, p, r, f, _)| {
            json!({"unigrams": c.unigrams, "bigrams": c.bigrams, "min_docs": c.min_docs, "l2": c.l2, "l2_cues": c.l2_cues,
                   "threshold": t, "precision": round4(*p), "recall": round4(*r), "f1": round4(*f)})
        })
        .collect();
    Ok(ModelFile {
        format: FORMAT.into(),
        bias: round4(model.bias - logit),
        threshold,
        features: config,
        cv: Some(json!({
            "folds": FOLDS,
            "grouping": "by document (document i is in fold i mod 5, documents sorted by name)",
            "precision": round4(precision),
            "recall": round4(recall),
            "f1": round4(f),
            "f1_by_fold": per_fold,
            "grid": grid_report,
        })),
        training: Some(json!({
            "documents": corpus.documents.len(),
            "sentences": corpus.samples.len(),
            "with_citation": positives,
            "eligible": corpus.samples.iter().filter(|s| s.eligible).count(),
        })),
        weights,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stage-1 margins (log-odds) of the samples of the documents in `docs`, each from a model
    /// fitted on the other folds among `docs` (document `d` is in fold `d % FOLDS`); NaN for
    /// the samples of other documents.
    pub fn fold_margins(corpus: &Corpus, docs: &[bool], config: &FeatureConfig) -> Vec<f64> {
        let mut out = vec![f64::NAN; corpus.samples.len()];
        for fold in 0..FOLDS {
            if !(0..corpus.documents.len()).any(|d| docs[d] && d % FOLDS == fold) {
                continue;
            }
            let train: Vec<bool> = (0..corpus.documents.len()).map(|d| docs[d] && d % FOLDS != fold).collect();
            let keep = vocabulary(corpus, &train, config);
            let model = fit(corpus, &train, &keep, config);
            for (i, s) in corpus.samples.iter().enumerate() {
                if docs[s.doc] && s.doc % FOLDS == fold {
                    out[i] = model.bias + s.features.iter().map(|&f| model.weights[f as usize]).sum::<f64>();
                }
            }
        }
        out
    }

    /// The dense stage-2 features of every sample from the stage-1 `margins`.
    pub fn dense_features(corpus: &Corpus, margins: &[f64]) -> Vec<[f64; crate::claim::stack::DIM]> {
        let mut out = Vec::with_capacity(corpus.samples.len());
        let mut start = 0;
        while start < corpus.samples.len() {
            let d = corpus.samples[start].doc;
            let end =
                (start..corpus.samples.len()).find(|&i| corpus.samples[i].doc != d).unwrap_or(corpus.samples.len());
            let s = &corpus.samples[start..end];
            let paras: Vec<u32> = s.iter().map(|x| x.para).collect();
            let scored: Vec<bool> = s.iter().map(|x| x.scored).collect();
            out.extend(crate::claim::stack::dense(&margins[start..end], &paras, &scored));
            start = end;
        }
        out
    }

    #[test]
    fn strip_deletes_groups_as_citeworthy_does() {
        let text = "Known (Smith, 2001). Dobzhansky (1973) showed it [1–3]. Ünïcode (Li, 2) x.\nReferences\nSmith";
        let c = |t: &str| text.find(t).map_or(0, |b| text[..b].chars().count());
        let (s1, n2, p3, s4) = (c("(Smith"), c("Dobzhansky"), c("[1"), c("(Li"));
        let gold = json!({
            "references_section": {"heading_start": c("References")},
            "citation_groups": [
                {"paren_start": s1, "paren_end": s1 + 13},
                {"char_start": n2, "char_end": n2 + 17},
                {"paren_start": p3, "paren_end": p3 + 5},
                {"paren_start": s4, "paren_end": s4 + 7},
            ]
        });
        let (out, points) = strip(text, &gold);
        assert_eq!(out, "Known. Dobzhansky showed it. Ünïcode x.\n");
        assert_eq!(points, vec![5, 17, 27, 38]);
    }

    #[test]
    fn trailing_parenthesis_is_found_as_the_regex_does() {
        let t = |s: &str| trailing_parenthesis(&s.chars().collect::<Vec<_>>());
        assert_eq!(t("Dobzhansky (1973)"), Some(10));
        assert_eq!(t("Dobzhansky  (1973) "), Some(10));
        assert_eq!(t("Smith et al."), None);
        assert_eq!(t("(a) and (b"), None);
        assert_eq!(t("x (a (b))"), None);
        assert_eq!(t("x (a) (b)"), Some(5));
    }

    #[test]
    fn the_fit_separates_a_learnable_signal() {
        // Feature 0 marks positives, feature 1 negatives, feature 2 is noise.
        let mut corpus = Corpus {
            documents: (0..10).map(|d| format!("d{d}")).collect(),
            names: vec!["cue:earlier-work".into(), "cue:own-work".into(), "w:the".into()],
            samples: Vec::new(),
        };
        for i in 0..400usize {
            let positive = i % 3 == 0;
            let mut features = vec![if positive { 0 } else { 1 }];
            if i % 2 == 0 {
                features.push(2);
            }
            corpus.samples.push(Sample {
                doc: i % 10,
                features,
                positive,
                eligible: true,
                para: i as u32,
                scored: true,
            });
        }
        let all = vec![true; 10];
        let keep = vec![true; 3];
        let config = FeatureConfig { unigrams: 1, bigrams: 0, min_docs: 1, l2: 1e-3, l2_cues: 1e-3 };
        let m = fit(&corpus, &all, &keep, &config);
        assert!(m.weights[0] > 1.0 && m.weights[1] < -1.0 && m.weights[2].abs() < 0.5, "{m:?}");
        let again = fit(&corpus, &all, &keep, &config);
        assert_eq!(m.weights, again.weights);
        let probs = out_of_fold(&corpus, &config);
        let (_, (_, _, f)) = best_threshold(&corpus, &probs);
        assert!(f > 0.99, "{f}");
    }

    /// Stacking experiment on `../shared/corpus/train` (nested grouped CV). Run with
    /// `cargo test --release --lib stack_experiment -- --ignored --nocapture`.
    #[test]
    #[ignore]
    #[allow(clippy::needless_range_loop)]
    fn stack_experiment() {
        use crate::claim::stack::{self, BoostConfig, DIM};
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/train");
        let corpus = load_corpus(&[dir]).expect("corpus");
        let config = FeatureConfig { unigrams: 8000, bigrams: 4000, min_docs: 3, l2: 5e-4, l2_cues: 5e-5 };
        let nd = corpus.documents.len();
        let pos = |f: &dyn Fn(&Sample) -> bool| corpus.samples.iter().filter(|s| s.positive && f(s)).count();
        eprintln!(
            "positives {} eligible {} supported {} verdict {}",
            pos(&|_| true),
            pos(&|s| s.eligible),
            pos(&|s| s.scored && !s.eligible),
            pos(&|s| !s.scored)
        );
        // Deletion points that fall in no sentence (lost labels).
        let (mut points_all, mut lost, mut lost_between) = (0usize, 0usize, 0usize);
        for g in find_documents(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/train")]) {
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(&g).expect("gold")).expect("json");
            let text = std::fs::read_to_string(gold_text(&g)).expect("text");
            let (stripped, points) = strip(&text, &gold);
            let src = Source::new(g.display().to_string(), stripped);
            let doc = extract(&src, &Options::default());
            points_all += points.len();
            for &p in &points {
                if !doc.claims.iter().any(|c| carries(&src.text, c.span.start, c.span.end, p)) {
                    lost += 1;
                    let before = doc.claims.iter().any(|c| c.span.end < p);
                    let after = doc.claims.iter().any(|c| c.span.start > p);
                    if before && after {
                        lost_between += 1;
                        if lost_between <= 12 {
                            let a = src.text.floor_char_boundary(p.saturating_sub(60));
                            let b = src.text.ceil_char_boundary((p + 40).min(src.text.len()));
                            eprintln!("  lost: {:?} | {:?}", &src.text[a..p], &src.text[p..b]);
                        }
                    }
                }
            }
        }
        eprintln!("deletion points {points_all}, in no sentence {lost} (between sentences {lost_between})");
        let cache = std::path::Path::new("/tmp/citegraph-stack-margins.json");
        let (outer, inner): (Vec<f64>, Vec<Vec<f64>>) = match std::fs::read_to_string(cache) {
            Ok(t) => {
                let (o, i) = serde_json::from_str::<(Vec<Option<f64>>, Vec<Vec<Option<f64>>>)>(&t).expect("cache");
                let nan = |v: Vec<Option<f64>>| v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect::<Vec<f64>>();
                (nan(o), i.into_iter().map(nan).collect())
            }
            Err(_) => {
                let outer = fold_margins(&corpus, &vec![true; nd], &config);
                let inner: Vec<Vec<f64>> = (0..FOLDS)
                    .map(|k| fold_margins(&corpus, &(0..nd).map(|d| d % FOLDS != k).collect::<Vec<_>>(), &config))
                    .collect();
                std::fs::write(cache, serde_json::to_string(&(&outer, &inner)).expect("json")).expect("write");
                (outer, inner)
            }
        };
        let x_outer = dense_features(&corpus, &outer);
        let x_inner: Vec<Vec<[f64; DIM]>> = inner.iter().map(|m| dense_features(&corpus, m)).collect();
        // Oracle (not shippable): the true labels of the paragraph neighbours in columns
        // 10 and 11, an upper bound of what a pass along the paragraph could add.
        let oracle = |x: &[[f64; DIM]]| -> Vec<[f64; DIM]> {
            let mut out = x.to_vec();
            for (i, s) in corpus.samples.iter().enumerate() {
                let lab = |j: usize| {
                    let t = &corpus.samples[j];
                    if t.doc == s.doc && t.para == s.para { if t.positive { 1.0 } else { -1.0 } } else { 0.0 }
                };
                out[i][10] = if i > 0 { lab(i - 1) } else { 0.0 };
                out[i][11] = if i + 1 < corpus.samples.len() { lab(i + 1) } else { 0.0 };
            }
            out
        };
        let o_outer = oracle(&x_outer);
        let o_inner: Vec<Vec<[f64; DIM]>> = x_inner.iter().map(|x| oracle(x)).collect();
        let report = |name: &str, probs: &[f64]| {
            let (t, (p, r, f)) = best_threshold(&corpus, probs);
            eprintln!("{name:<40} P {p:.3} R {r:.3} F1 {f:.4} t {t:.2}");
        };
        report("stage 1", &outer.iter().map(|&m| sigmoid(m)).collect::<Vec<_>>());
        type Learner<'a> = &'a dyn Fn(&[[f64; DIM]], &[bool]) -> Box<dyn Fn(&[f64; DIM]) -> f64>;
        let run = |name: &str, oracle: bool, model: Learner| {
            let (x_outer, x_inner) = if oracle { (&o_outer, &o_inner) } else { (&x_outer, &x_inner) };
            let mut probs = vec![0.0; corpus.samples.len()];
            for k in 0..FOLDS {
                let (mut x, mut y) = (Vec::new(), Vec::new());
                for (i, s) in corpus.samples.iter().enumerate() {
                    if s.doc % FOLDS != k && s.eligible {
                        x.push(x_inner[k][i]);
                        y.push(s.positive);
                    }
                }
                let m = model(&x, &y);
                for (i, s) in corpus.samples.iter().enumerate() {
                    if s.doc % FOLDS == k {
                        probs[i] = sigmoid(m(&x_outer[i]));
                    }
                }
            }
            report(name, &probs);
        };
        let sets: [(&str, Vec<usize>); 6] = [
            ("own", vec![0]),
            ("para", (0..8).collect()),
            ("para+doc", (0..16).collect()),
            ("own+doc", vec![0, 8, 9, 12, 14, 15]),
            ("own+oracle", vec![0, 10, 11]),
            ("para+oracle", vec![0, 1, 2, 3, 4, 5, 6, 7, 10, 11]),
        ];
        for (sname, cols) in &sets {
            let mut used = [false; DIM];
            cols.iter().for_each(|&j| used[j] = true);
            let o = sname.ends_with("oracle");
            run(&format!("LR {sname}"), o, &|x, y| {
                let l = stack::fit_linear(x, y, &used, 1e-6);
                Box::new(move |r| l.margin(r))
            });
            for (depth, rounds, rate) in [(1, 300, 0.1), (2, 200, 0.1), (3, 200, 0.1), (3, 500, 0.05), (4, 300, 0.05)] {
                let c = BoostConfig { rounds, depth, rate, lambda: 1.0, min_hessian: 20.0 };
                run(&format!("boost {sname} d{depth} r{rounds} {rate}"), o, &|x, y| {
                    let b = stack::fit_boosted(x, y, &used, &c);
                    Box::new(move |r| b.margin(r))
                });
            }
        }
    }
}
