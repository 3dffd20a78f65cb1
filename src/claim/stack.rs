//! (Experiment only, compiled for tests: see `train::tests::stack_experiment` and
//! docs/audit.md; it did not gain enough to ship.)
//!
//! A second stage over the first model's margins: how a sentence's log-odds stand among
//! its paragraph's and its document's.
//!
//! Dense features of each sentence are computed from the stage-1 margins (log-odds) of the
//! sentences of its document; a small model (logistic regression or boosted shallow trees)
//! maps them to a new margin.

/// Number of dense features.
pub const DIM: usize = 16;

/// The dense features of the sentences of one document, from their stage-1 margins, their
/// paragraph numbers, and whether each is scored at all (a verdict sentence is not):
///
/// 0. own margin
/// 1. margin of the sentence before in the paragraph
/// 2. has a sentence before in the paragraph
/// 3. margin of the sentence after in the paragraph
/// 4. has a sentence after in the paragraph
/// 5. highest margin of the rest of the paragraph
/// 6. mean margin of the rest of the paragraph
/// 7. log sentences in the paragraph
/// 8. mean margin of the document
/// 9. rank in the document
/// 10. margin of the sentence before in the document
/// 11. margin of the sentence after in the document
/// 12. position in the document
/// 13. position in the paragraph
/// 14. spread of the document's margins
/// 15. own margin above the document's mean
///
/// (margins of absent neighbours are 0, with the "has" columns saying which).
pub fn dense(margins: &[f64], paras: &[u32], scored: &[bool]) -> Vec<[f64; DIM]> {
    let n = margins.len();
    let idx: Vec<usize> = (0..n).filter(|&i| scored[i]).collect();
    let count = idx.len().max(1) as f64;
    let mean = idx.iter().map(|&i| margins[i]).sum::<f64>() / count;
    let var = idx.iter().map(|&i| (margins[i] - mean).powi(2)).sum::<f64>() / count;
    let std = var.sqrt();
    let mut sorted: Vec<f64> = idx.iter().map(|&i| margins[i]).collect();
    sorted.sort_by(f64::total_cmp);
    let mut out = vec![[0.0; DIM]; n];
    // Position of each scored sentence in `idx`.
    let mut at = vec![usize::MAX; n];
    for (k, &i) in idx.iter().enumerate() {
        at[i] = k;
    }
    let mut start = 0;
    while start < idx.len() {
        let p = paras[idx[start]];
        let end = (start..idx.len()).find(|&k| paras[idx[k]] != p).unwrap_or(idx.len());
        let sum: f64 = (start..end).map(|k| margins[idx[k]]).sum();
        let size = end - start;
        for k in start..end {
            let i = idx[k];
            let m = margins[i];
            let f = &mut out[i];
            f[0] = m;
            if k > start {
                f[1] = margins[idx[k - 1]];
                f[2] = 1.0;
            }
            if k + 1 < end {
                f[3] = margins[idx[k + 1]];
                f[4] = 1.0;
            }
            if size > 1 {
                f[5] = (start..end).filter(|&j| j != k).map(|j| margins[idx[j]]).fold(f64::NEG_INFINITY, f64::max);
                f[6] = (sum - m) / (size - 1) as f64;
            }
            f[7] = (size as f64).ln();
            f[8] = mean;
            f[9] = sorted.partition_point(|&x| x < m) as f64 / count;
            if k > 0 {
                f[10] = margins[idx[k - 1]];
            }
            if k + 1 < idx.len() {
                f[11] = margins[idx[k + 1]];
            }
            f[12] = at[i] as f64 / count;
            f[13] = if size > 1 { (k - start) as f64 / (size - 1) as f64 } else { 0.5 };
            f[14] = std;
            f[15] = m - mean;
        }
        start = end;
    }
    out
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// A logistic regression over (a subset of) the dense features.
#[derive(Debug, Clone)]
pub struct Linear {
    /// Intercept.
    pub bias: f64,
    /// Weight of each dense feature (0 for features not used).
    pub weights: [f64; DIM],
}

impl Linear {
    /// The margin of one row.
    pub fn margin(&self, x: &[f64; DIM]) -> f64 {
        self.bias + x.iter().zip(&self.weights).map(|(a, b)| a * b).sum::<f64>()
    }
}

/// Fits a logistic regression on the features in `used` by Newton's method with a small
/// ridge (`l2`, per row) on the weights.
#[allow(clippy::needless_range_loop)]
pub fn fit_linear(x: &[[f64; DIM]], y: &[bool], used: &[bool; DIM], l2: f64) -> Linear {
    let cols: Vec<usize> = (0..DIM).filter(|&j| used[j]).collect();
    let d = cols.len() + 1;
    let n = x.len().max(1) as f64;
    let mut beta = vec![0.0; d];
    for _ in 0..30 {
        let mut g = vec![0.0; d];
        let mut h = vec![vec![0.0; d]; d];
        let mut row = vec![0.0; d];
        for (xi, &yi) in x.iter().zip(y) {
            row[0] = 1.0;
            for (k, &j) in cols.iter().enumerate() {
                row[k + 1] = xi[j];
            }
            let z: f64 = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = sigmoid(z);
            let r = p - if yi { 1.0 } else { 0.0 };
            let w = p * (1.0 - p);
            for a in 0..d {
                g[a] += r * row[a];
                for b in 0..=a {
                    h[a][b] += w * row[a] * row[b];
                }
            }
        }
        for a in 0..d {
            g[a] /= n;
            for b in 0..=a {
                h[a][b] /= n;
                h[b][a] = h[a][b];
            }
            if a > 0 {
                g[a] += l2 * beta[a];
                h[a][a] += l2;
            }
            h[a][a] += 1e-9;
        }
        let step = solve(h, g);
        let mut largest = 0.0f64;
        for a in 0..d {
            beta[a] -= step[a];
            largest = largest.max(step[a].abs());
        }
        if largest < 1e-7 {
            break;
        }
    }
    let mut weights = [0.0; DIM];
    for (k, &j) in cols.iter().enumerate() {
        weights[j] = beta[k + 1];
    }
    Linear { bias: beta[0], weights }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting.
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let d = b.len();
    for c in 0..d {
        let p = (c..d).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs())).unwrap_or(c);
        a.swap(c, p);
        b.swap(c, p);
        let piv = a[c][c];
        if piv.abs() < 1e-15 {
            continue;
        }
        for r in c + 1..d {
            let f = a[r][c] / piv;
            if f != 0.0 {
                for k in c..d {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; d];
    for c in (0..d).rev() {
        let s: f64 = (c + 1..d).map(|k| a[c][k] * x[k]).sum();
        x[c] = if a[c][c].abs() < 1e-15 { 0.0 } else { (b[c] - s) / a[c][c] };
    }
    x
}

/// One node of a shallow regression tree: a split, or a leaf (`feature == usize::MAX`).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Feature index; `usize::MAX` for a leaf.
    pub feature: usize,
    /// Rows with `x[feature] < threshold` go left.
    pub threshold: f64,
    /// Index of the left child.
    pub left: usize,
    /// Index of the right child.
    pub right: usize,
    /// The leaf's value (log-odds).
    pub value: f64,
}

/// Boosted trees: a base margin and the sum of the trees' leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Boosted {
    /// Base margin.
    pub base: f64,
    /// The trees, each a list of nodes with the root first.
    pub trees: Vec<Vec<Node>>,
}

impl Boosted {
    /// The margin of one row.
    pub fn margin(&self, x: &[f64; DIM]) -> f64 {
        self.base + self.trees.iter().map(|t| leaf(t, x)).sum::<f64>()
    }
}

fn leaf(tree: &[Node], x: &[f64; DIM]) -> f64 {
    let mut k = 0;
    while tree[k].feature != usize::MAX {
        k = if x[tree[k].feature] < tree[k].threshold { tree[k].left } else { tree[k].right };
    }
    tree[k].value
}

/// Settings of the boosting.
#[derive(Debug, Clone, Copy)]
pub struct BoostConfig {
    /// Trees.
    pub rounds: usize,
    /// Depth of each tree (1: stumps).
    pub depth: usize,
    /// Shrinkage of each tree's leaves.
    pub rate: f64,
    /// L2 penalty on a leaf's value (in sums of hessians).
    pub lambda: f64,
    /// A leaf holds at least this hessian mass.
    pub min_hessian: f64,
}

/// Candidate thresholds of each feature: up to 32 quantiles of the training rows.
fn candidates(x: &[[f64; DIM]], used: &[bool; DIM]) -> Vec<Vec<f64>> {
    (0..DIM)
        .map(|j| {
            if !used[j] {
                return Vec::new();
            }
            let mut v: Vec<f64> = x.iter().map(|r| r[j]).collect();
            v.sort_by(f64::total_cmp);
            let mut out: Vec<f64> = (1..32).map(|q| v[q * (v.len() - 1) / 32]).collect();
            out.dedup();
            // A threshold equal to the minimum splits nothing.
            out.retain(|&t| t > v[0]);
            out
        })
        .collect()
}

/// Fits boosted trees by Newton boosting on the log-loss, starting from `offset` (a margin
/// of each row, e.g. 0) plus a fitted base.
pub fn fit_boosted(x: &[[f64; DIM]], y: &[bool], used: &[bool; DIM], config: &BoostConfig) -> Boosted {
    let n = x.len().max(1) as f64;
    let pos = y.iter().filter(|&&b| b).count() as f64;
    let p0 = (pos / n).clamp(1e-6, 1.0 - 1e-6);
    let base = (p0 / (1.0 - p0)).ln();
    let cands = candidates(x, used);
    // Bin of each row for each feature: index of the first candidate greater than the value.
    let bins: Vec<Vec<u8>> =
        (0..DIM).map(|j| x.iter().map(|r| cands[j].partition_point(|&t| t <= r[j]) as u8).collect()).collect();
    let mut z = vec![base; x.len()];
    let mut trees = Vec::with_capacity(config.rounds);
    let mut g = vec![0.0; x.len()];
    let mut h = vec![0.0; x.len()];
    for _ in 0..config.rounds {
        for i in 0..x.len() {
            let p = sigmoid(z[i]);
            g[i] = p - if y[i] { 1.0 } else { 0.0 };
            h[i] = (p * (1.0 - p)).max(1e-12);
        }
        let rows: Vec<u32> = (0..x.len() as u32).collect();
        let mut tree = Vec::new();
        grow(&mut tree, &rows, config.depth, &g, &h, &bins, &cands, config);
        for i in 0..x.len() {
            z[i] += leaf(&tree, &x[i]);
        }
        trees.push(tree);
    }
    Boosted { base, trees }
}

#[allow(clippy::too_many_arguments)]
fn grow(
    tree: &mut Vec<Node>,
    rows: &[u32],
    depth: usize,
    g: &[f64],
    h: &[f64],
    bins: &[Vec<u8>],
    cands: &[Vec<f64>],
    config: &BoostConfig,
) -> usize {
    let (gs, hs) = rows.iter().fold((0.0, 0.0), |(a, b), &i| (a + g[i as usize], b + h[i as usize]));
    let me = tree.len();
    tree.push(Node {
        feature: usize::MAX,
        threshold: 0.0,
        left: 0,
        right: 0,
        value: -config.rate * gs / (hs + config.lambda),
    });
    if depth == 0 {
        return me;
    }
    let parent = gs * gs / (hs + config.lambda);
    let mut best: Option<(f64, usize, usize)> = None;
    for j in 0..DIM {
        let nb = cands[j].len() + 1;
        if nb < 2 {
            continue;
        }
        let mut hg = vec![0.0; nb];
        let mut hh = vec![0.0; nb];
        for &i in rows {
            let b = bins[j][i as usize] as usize;
            hg[b] += g[i as usize];
            hh[b] += h[i as usize];
        }
        let (mut lg, mut lh) = (0.0, 0.0);
        for b in 0..nb - 1 {
            lg += hg[b];
            lh += hh[b];
            let (rg, rh) = (gs - lg, hs - lh);
            if lh < config.min_hessian || rh < config.min_hessian {
                continue;
            }
            let gain = lg * lg / (lh + config.lambda) + rg * rg / (rh + config.lambda) - parent;
            if gain > 1e-9 && best.is_none_or(|(bg, _, _)| gain > bg) {
                best = Some((gain, j, b));
            }
        }
    }
    let Some((_, j, b)) = best else { return me };
    let (l, r): (Vec<u32>, Vec<u32>) = rows.iter().partition(|&&i| (bins[j][i as usize] as usize) <= b);
    let left = grow(tree, &l, depth - 1, g, h, bins, cands, config);
    let right = grow(tree, &r, depth - 1, g, h, bins, cands, config);
    tree[me] = Node { feature: j, threshold: cands[j][b], left, right, value: 0.0 };
    me
}
