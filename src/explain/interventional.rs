//! Interventional TreeSHAP (Lundberg et al. 2020) of a sigmoid component, moved to probability space
//! per background row as shap's `TreeExplainer(model, data, model_output="probability")` does.
//!
//! Input: a prepared component, background rows, one row. Output: `n_features + 1` values (bias last)
//! summing to `σ(raw(x)) − mean_b σ(raw(b))`. For each background row `b`, the exact interventional
//! Shapley values of the margin (features take `x`'s or `b`'s value) sum to `raw(x) − raw(b)`; they are
//! multiplied by `(σ(raw(x)) − σ(raw(b))) / (raw(x) − raw(b))` (by `σ'(raw(x))` when equal) and averaged.

use super::prepared::PreparedTree;

/// Shapley weight tables: `pos[a][b] = (a−1)!·b!/(a+b)!`, `neg[a][b] = a!·(b−1)!/(a+b)!`.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    pos: Vec<Vec<f64>>,
    neg: Vec<Vec<f64>>,
}

impl Weights {
    /// Tables for up to `max` features on each side.
    pub fn new(max: usize) -> Self {
        let factorial: Vec<f64> = (0..=2 * max + 1)
            .scan(1.0, |acc, k| {
                if k > 0 {
                    *acc *= k as f64;
                }
                Some(*acc)
            })
            .collect();
        let table = |f: &dyn Fn(usize, usize) -> f64| -> Vec<Vec<f64>> {
            (0..=max).map(|a| (0..=max).map(|b| f(a, b)).collect()).collect()
        };
        let pos =
            table(&|a, b| if a == 0 { 0.0 } else { factorial[a - 1] * factorial[b] / factorial[a + b] });
        let neg =
            table(&|a, b| if b == 0 { 0.0 } else { factorial[a] * factorial[b - 1] / factorial[a + b] });
        Weights { pos, neg }
    }
}

/// Scratch for one pair walk: which side each feature was assigned to (0 none, 1 row, 2 background).
#[derive(Debug, Clone, Default)]
pub(crate) struct PairScratch {
    side: Vec<u8>,
    assigned: Vec<usize>,
}

/// Adds the interventional margin Shapley values of `prepared` for the pair (`x`, `r`), times `scale`
/// (they sum to `scale · (tree(x) − tree(r))`), to `phi`.
pub(crate) fn add_pair(
    prepared: &PreparedTree<'_>,
    x: &[f64],
    r: &[f64],
    scale: f64,
    weights: &Weights,
    scratch: &mut PairScratch,
    phi: &mut [f64],
) {
    if prepared.tree.n_internal() == 0 {
        return;
    }
    scratch.side.clear();
    scratch.side.resize(x.len(), 0);
    scratch.assigned.clear();
    let mut walk = PairWalk { prepared, x, r, scale, weights, scratch, phi };
    walk.visit(0, 0, 0);
}

struct PairWalk<'a> {
    prepared: &'a PreparedTree<'a>,
    x: &'a [f64],
    r: &'a [f64],
    scale: f64,
    weights: &'a Weights,
    scratch: &'a mut PairScratch,
    phi: &'a mut [f64],
}

impl PairWalk<'_> {
    /// `n_x` features on the path so far must come from `x`, `n_r` from `r`.
    fn visit(&mut self, node: i32, n_x: usize, n_r: usize) {
        let tree = self.prepared.tree;
        if node < 0 {
            if n_x + n_r == 0 {
                return;
            }
            let v = tree.leaf_value[!node as usize] * self.scale;
            let (w_pos, w_neg) = (self.weights.pos[n_x][n_r] * v, self.weights.neg[n_x][n_r] * v);
            for &f in &self.scratch.assigned {
                if self.scratch.side[f] == 1 {
                    self.phi[f] += w_pos;
                } else {
                    self.phi[f] -= w_neg;
                }
            }
            return;
        }
        let n = node as usize;
        let j = tree.split_feature[n] as usize;
        let to_x = tree.next_node(n, self.x[j]);
        let to_r = tree.next_node(n, self.r[j]);
        match self.scratch.side[j] {
            1 => self.visit(to_x, n_x, n_r),
            2 => self.visit(to_r, n_x, n_r),
            _ if to_x == to_r => self.visit(to_x, n_x, n_r),
            _ => {
                self.scratch.assigned.push(j);
                self.scratch.side[j] = 1;
                self.visit(to_x, n_x + 1, n_r);
                self.scratch.side[j] = 2;
                self.visit(to_r, n_x, n_r + 1);
                self.scratch.side[j] = 0;
                self.scratch.assigned.pop();
            }
        }
    }
}
