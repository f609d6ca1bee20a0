//! The best split of one leaf from its histograms: every bin boundary of every candidate feature, with
//! missing values (the NaN bin) tried on the left and on the right.
//!
//! Input: histograms, the leaf's totals, a [`Criterion`] and constraints. Output: the best [`Split`]
//! (ties go to the lower feature, then the lower bin, then NaN right), or none.

use super::histogram::{BinStat, Histogram};
use super::Dataset;

/// How a split is scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Criterion {
    /// Boosting: `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` (LightGBM's gain without the ½).
    Gradient {
        /// L2 regularisation λ.
        lambda_l2: f64,
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
            Criterion::Gradient { lambda_l2 } => s.g * s.g / (s.h + lambda_l2),
            Criterion::Gini => {
                let negative = s.h - s.g;
                (s.g * s.g + negative * negative) / s.h
            }
        }
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
pub(crate) struct Split {
    /// Feature index.
    pub feature: usize,
    /// Value bins `0..=bin` go left.
    pub bin: usize,
    /// Whether the NaN bin goes left.
    pub nan_left: bool,
    /// Gain (see [`Criterion`]).
    pub gain: f64,
    /// Sums of the left child.
    pub left: BinStat,
}

/// The best split over `candidates` (feature indices with histograms), or `None` if no split meets
/// the constraints.
pub(crate) fn best_split(
    data: &Dataset,
    hist: &Histogram,
    total: BinStat,
    candidates: &[usize],
    criterion: Criterion,
    limits: Constraints,
) -> Option<Split> {
    let parent = criterion.score(total);
    let mut best: Option<Split> = None;
    for &f in candidates {
        let mapper = data.mapper(f);
        let bins = &hist[f];
        let nan = mapper.nan_bin().map_or(BinStat::default(), |b| bins[b]);
        let nan_options: &[bool] = if nan.n > 0 { &[false, true] } else { &[false] };
        let mut acc = BinStat::default();
        for (bin, &stat) in bins.iter().enumerate().take(mapper.n_value_bins() - 1) {
            acc = acc.plus(stat);
            if stat.n == 0 {
                continue; // same partition as the previous boundary
            }
            for &nan_left in nan_options {
                let left = if nan_left { acc.plus(nan) } else { acc };
                let right = total.minus(left);
                if left.n < limits.min_rows
                    || right.n < limits.min_rows
                    || left.h < limits.min_hessian
                    || right.h < limits.min_hessian
                {
                    continue;
                }
                let gain = criterion.score(left) + criterion.score(right) - parent;
                if gain > limits.min_gain && best.is_none_or(|b| gain > b.gain) {
                    best = Some(Split { feature: f, bin, nan_left, gain, left });
                }
            }
        }
    }
    best
}
