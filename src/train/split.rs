//! The best split of one leaf from its histograms: every bin boundary of every candidate feature, with
//! missing values (the NaN bin) tried on the left and on the right.
//!
//! Input: histograms, the leaf's totals, a [`Criterion`] and constraints. Output: the best [`Split`]
//! (ties go to the lower feature, then the lower bin, then NaN right), or none.

use super::histogram::{BinStat, Histogram, Stat};
use super::Dataset;

/// How a split is scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Criterion {
    /// Boosting, as LightGBM: with `T(G) = sign(G)·max(0, |G| − λ₁)` a side scores `T(G)²/(H+λ₂)`, and the
    /// gain is `left + right − parent` (LightGBM's gain without the ½). With `max_delta_step` > 0 the
    /// side's output `−T(G)/(H+λ₂)` is clamped to ±max_delta_step and the side scores
    /// `−(2·T(G)·o + (H+λ₂)·o²)` at the clamped output `o` (LightGBM's `GetLeafGainGivenOutput`).
    Gradient {
        /// L1 regularisation λ₁ (`lambda_l1`).
        lambda_l1: f64,
        /// L2 regularisation λ₂ (`lambda_l2`).
        lambda_l2: f64,
        /// Largest absolute leaf output before shrinkage (≤ 0: no limit).
        max_delta_step: f64,
    },
    /// Forest: decrease of weighted Gini impurity `W·(1 − p₁² − p₀²)`, with `g` the class-1 weight and
    /// `h` the total weight.
    Gini,
}

impl Criterion {
    /// The part of the gain that one side contributes.
    #[inline]
    fn score(self, s: BinStat) -> f64 {
        match self {
            Criterion::Gradient { lambda_l1, lambda_l2, max_delta_step } => {
                let g = threshold_l1(s.g, lambda_l1);
                if max_delta_step <= 0.0 {
                    g * g / (s.h + lambda_l2)
                } else {
                    let o = self.output(s);
                    -(2.0 * g * o + (s.h + lambda_l2) * o * o)
                }
            }
            Criterion::Gini => {
                let negative = s.h - s.g;
                (s.g * s.g + negative * negative) / s.h
            }
        }
    }
}

impl Criterion {
    /// A boosting leaf's output before shrinkage, `−T(G)/(H+λ₂)` clamped to ±`max_delta_step` (0 when
    /// `H+λ₂` is 0); for the forest the weighted class-1 fraction `g/h`.
    #[inline]
    pub fn output(self, s: BinStat) -> f64 {
        match self {
            Criterion::Gradient { lambda_l1, lambda_l2, max_delta_step } => {
                let denominator = s.h + lambda_l2;
                if denominator <= 0.0 {
                    return 0.0;
                }
                let out = -threshold_l1(s.g, lambda_l1) / denominator;
                if max_delta_step > 0.0 && out.abs() > max_delta_step {
                    max_delta_step.copysign(out)
                } else {
                    out
                }
            }
            Criterion::Gini if s.h > 0.0 => s.g / s.h,
            Criterion::Gini => 0.0,
        }
    }
}

/// LightGBM's `ThresholdL1`: `sign(g)·max(0, |g| − l1)`.
#[inline]
fn threshold_l1(g: f64, l1: f64) -> f64 {
    if l1 <= 0.0 {
        return g;
    }
    let shrunk = (g.abs() - l1).max(0.0);
    if g < 0.0 {
        -shrunk
    } else {
        shrunk
    }
}

/// Constraints on the two children of a split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Constraints {
    /// Minimum rows per child.
    pub min_rows: u32,
    /// Minimum hessian (forest: weight) per child.
    pub min_hessian: f64,
    /// The gain must exceed this.
    pub min_gain: f64,
}

/// A chosen split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Split<S> {
    /// Feature index.
    pub feature: usize,
    /// Value bins `0..=bin` go left.
    pub bin: usize,
    /// Whether the NaN bin goes left.
    pub nan_left: bool,
    /// Gain (see [`Criterion`]).
    pub gain: f64,
    /// Sums of the left child.
    pub left: S,
}

/// The best split over `candidates` (feature indices with histograms), or `None` if no split meets
/// the constraints. `class_weight` turns [`ClassCounts`](super::histogram::ClassCounts) into sums.
pub(crate) fn best_split<S: Stat>(
    data: &Dataset,
    hist: &Histogram<S>,
    total: S,
    candidates: &[usize],
    criterion: Criterion,
    limits: Constraints,
    class_weight: [f64; 2],
) -> Option<Split<S>> {
    let parent = criterion.score(total.sums(class_weight));
    let mut best: Option<Split<S>> = None;
    for &f in candidates {
        let mapper = data.mapper(f);
        let bins = &hist[f];
        let nan = mapper.nan_bin().map_or(S::default(), |b| bins[b]);
        let nan_options: &[bool] = if nan.rows() > 0 { &[false, true] } else { &[false] };
        let mut acc = S::default();
        for (bin, &stat) in bins.iter().enumerate().take(mapper.n_value_bins() - 1) {
            acc = acc.plus(stat);
            if stat.rows() == 0 {
                continue; // same partition as the previous boundary
            }
            for &nan_left in nan_options {
                let left = if nan_left { acc.plus(nan) } else { acc };
                let right = total.minus(left);
                if left.rows() < limits.min_rows || right.rows() < limits.min_rows {
                    continue;
                }
                let (l, r) = (left.sums(class_weight), right.sums(class_weight));
                if l.h < limits.min_hessian || r.h < limits.min_hessian {
                    continue;
                }
                let gain = criterion.score(l) + criterion.score(r) - parent;
                if gain > limits.min_gain && best.is_none_or(|b| gain > b.gain) {
                    best = Some(Split { feature: f, bin, nan_left, gain, left });
                }
            }
        }
    }
    best
}
