//! Linear TreeSHAP (after Yu et al. 2022): exact path-dependent TreeSHAP in `O(L·D)` per tree.
//!
//! Input: a prepared tree, one row, a scale, scratch buffers. Output: contributions added to `phi`.
//! Each leaf `l` defines `G_l(t) = v_l · Π_j (z_j + (o_j − z_j)·t)` over the distinct features `j` of its
//! path (`z_j`: product of cover ratios, `o_j`: whether the row follows every split on `j`), and feature
//! `j`'s Shapley value is `(o_j − z_j) · ∫₀¹ G_l(t) / (z_j + (o_j − z_j)·t) dt`. The integrands are
//! polynomials of degree < D, so `Q = ⌈D/2⌉` Gauss–Legendre points integrate them exactly; one depth-first
//! pass sums them per edge (repeated features split telescopically over their edges).

use super::prepared::PreparedTree;

/// Largest number of quadrature points compiled in (paths with ≤ 32 distinct features).
pub(crate) const MAX_POINTS: usize = 16;

/// Quadrature points needed for a tree with `max_unique` distinct features on a path.
pub(crate) fn points_for(max_unique: usize) -> usize {
    max_unique.div_ceil(2).max(1)
}

/// Gauss–Legendre nodes and weights on `[0, 1]` with `n` points (Newton on the Legendre polynomial).
pub(crate) fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut nodes = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    for i in 1..=n {
        let mut x = (std::f64::consts::PI * (i as f64 - 0.25) / (n as f64 + 0.5)).cos();
        let mut derivative = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let k = k as f64;
                let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            derivative = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let step = p1 / derivative;
            x -= step;
            if step.abs() < 1e-17 {
                break;
            }
        }
        nodes.push((1.0 - x) / 2.0);
        weights.push(1.0 / ((1.0 - x * x) * derivative * derivative));
    }
    (nodes, weights)
}

/// Scratch space for one tree walk, sized for `n_features` and up to [`MAX_POINTS`] points.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinearScratch {
    /// Per feature: merged zero fraction, merged one fraction, pending integral of lower edges.
    scalars: Vec<f64>,
    /// Per feature: `1 / F_j(t_q)` and the pending polynomial sum of lower edges, `Q` values each.
    arrays: Vec<f64>,
}

/// Quadrature rule for one point count, with `1 / (1 − t)` precomputed.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub nodes: Vec<f64>,
    pub weights: Vec<f64>,
    pub inv_one_minus: Vec<f64>,
}

impl Rule {
    pub fn new(n: usize) -> Self {
        let (nodes, weights) = gauss_legendre(n);
        let inv_one_minus = nodes.iter().map(|t| 1.0 / (1.0 - t)).collect();
        Rule { nodes, weights, inv_one_minus }
    }
}

/// Adds the TreeSHAP values of `prepared` for `row`, times `scale`, to `phi`, with `rule.nodes.len()`
/// points (must be ≥ [`points_for`] of the tree and ≤ [`MAX_POINTS`]).
pub(crate) fn add_contributions(
    prepared: &PreparedTree<'_>,
    row: &[f64],
    scale: f64,
    rule: &Rule,
    scratch: &mut LinearScratch,
    phi: &mut [f64],
) {
    macro_rules! dispatch {
        ($($q:literal)*) => {
            match rule.nodes.len() {
                $($q => walk::<$q>(prepared, row, scale, rule, scratch, phi),)*
                _ => unreachable!("quadrature point count checked by the caller"),
            }
        };
    }
    dispatch!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
}

fn walk<const Q: usize>(
    prepared: &PreparedTree<'_>,
    row: &[f64],
    scale: f64,
    rule: &Rule,
    scratch: &mut LinearScratch,
    phi: &mut [f64],
) {
    if prepared.tree.n_internal() == 0 {
        return;
    }
    let n_features = phi.len();
    scratch.scalars.clear();
    scratch.scalars.resize(3 * n_features, 1.0);
    scratch.arrays.clear();
    scratch.arrays.resize(2 * n_features * Q, 0.0);
    let (scalars, arrays) = (&mut scratch.scalars[..], &mut scratch.arrays[..]);
    let (z, rest) = scalars.split_at_mut(n_features);
    let (o, sub_w) = rest.split_at_mut(n_features);
    sub_w.fill(0.0);
    let (inv_f, sub_u) = arrays.split_at_mut(n_features * Q);
    inv_f.fill(1.0);
    let mut ctx = Ctx::<Q> {
        prepared,
        row,
        scale,
        t: rule.nodes[..Q].try_into().unwrap_or([0.0; Q]),
        w: rule.weights[..Q].try_into().unwrap_or([0.0; Q]),
        c: rule.inv_one_minus[..Q].try_into().unwrap_or([0.0; Q]),
        z,
        o,
        sub_w,
        inv_f: inv_f.as_chunks_mut::<Q>().0,
        sub_u: sub_u.as_chunks_mut::<Q>().0,
        phi,
    };
    ctx.visit(0, &[1.0; Q]);
}

struct Ctx<'a, const Q: usize> {
    prepared: &'a PreparedTree<'a>,
    row: &'a [f64],
    scale: f64,
    t: [f64; Q],
    w: [f64; Q],
    c: [f64; Q],
    z: &'a mut [f64],
    o: &'a mut [f64],
    sub_w: &'a mut [f64],
    inv_f: &'a mut [[f64; Q]],
    sub_u: &'a mut [[f64; Q]],
    phi: &'a mut [f64],
}

impl<const Q: usize> Ctx<'_, Q> {
    /// Returns `Σ G_l(t_q)` over the leaves below `node`, given the path product `p` at `node`.
    fn visit(&mut self, node: i32, p: &[f64; Q]) -> [f64; Q] {
        let tree = self.prepared.tree;
        if node < 0 {
            let v = tree.leaf_value[!node as usize] * self.scale;
            return p.map(|x| x * v);
        }
        let n = node as usize;
        let j = tree.split_feature[n] as usize;
        let hot = tree.next_node(n, self.row[j]);
        let (left, right) = (tree.left_child[n], tree.right_child[n]);
        let u_left = self.edge(j, left, hot == left, self.prepared.zero_left[n], p);
        let u_right = self.edge(j, right, hot != left, self.prepared.zero_right[n], p);
        let mut u = u_left;
        for q in 0..Q {
            u[q] += u_right[q];
        }
        u
    }

    /// Walks the edge into `child` (split on `j`, cover ratio `zero`, followed by the row if `hot`),
    /// adds feature `j`'s share of the leaves below, and returns their polynomial sum.
    #[inline]
    fn edge(&mut self, j: usize, child: i32, hot: bool, zero: f64, p: &[f64; Q]) -> [f64; Q] {
        let (z_prev, o_prev) = (self.z[j], self.o[j]);
        let z_new = z_prev * zero;
        let o_new = if hot { o_prev } else { 0.0 };
        let inv_prev = self.inv_f[j];
        let mut inv_new = [0.0; Q];
        let mut p_child = [0.0; Q];
        if o_new == 0.0 {
            let inv_z = 1.0 / z_new;
            for q in 0..Q {
                inv_new[q] = self.c[q] * inv_z;
                p_child[q] = p[q] * (z_new * (1.0 - self.t[q])) * inv_prev[q];
            }
        } else {
            for q in 0..Q {
                let f = z_new + (1.0 - z_new) * self.t[q];
                inv_new[q] = 1.0 / f;
                p_child[q] = p[q] * f * inv_prev[q];
            }
        }
        let saved_u = self.sub_u[j];
        let saved_w = self.sub_w[j];
        self.z[j] = z_new;
        self.o[j] = o_new;
        self.inv_f[j] = inv_new;
        self.sub_u[j] = [0.0; Q];
        self.sub_w[j] = 0.0;
        let u = self.visit(child, &p_child);
        let lower = self.sub_u[j];
        let mut integral = self.sub_w[j];
        for q in 0..Q {
            integral += self.w[q] * (u[q] - lower[q]) * inv_new[q];
        }
        self.phi[j] += ((o_new - z_new) - (o_prev - z_prev)) * integral;
        self.z[j] = z_prev;
        self.o[j] = o_prev;
        self.inv_f[j] = inv_prev;
        let mut pending = saved_u;
        for q in 0..Q {
            pending[q] += u[q];
        }
        self.sub_u[j] = pending;
        self.sub_w[j] = saved_w + integral;
        u
    }
}
