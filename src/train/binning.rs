//! Per-feature binning by quantiles of the training values: at most [`MAX_BINS`] bins, missing values
//! (NaN) in a bin of their own (the last), bin edges at midpoints between distinct values.
//!
//! Input: one feature's training values. Output: a [`BinMapper`] (value → bin, bin → threshold).
//! Deterministic: depends only on the multiset of values. Rejects nothing (infinite values were
//! rejected by the feature matrix).

/// The most bins a feature may have (they are stored as `u8`).
pub const MAX_BINS: usize = 255;

/// How one feature's values map to bins.
#[derive(Debug, Clone, PartialEq)]
pub struct BinMapper {
    /// Upper bound of each value bin: `x` falls in the first bin with `x <= upper_bounds[b]`; the last
    /// is `+∞`. A split after bin `b` is exported with threshold `upper_bounds[b]`.
    upper_bounds: Vec<f64>,
    /// Whether training values had NaNs (they then get bin `n_value_bins()`).
    has_nan: bool,
}

impl BinMapper {
    /// Bins `values` into at most `max_bins` bins (2 ≤ `max_bins` ≤ 255, one of them for NaN when
    /// there are NaNs): every distinct value its own bin when they fit, else equal-count bins over the
    /// sorted distinct values, cut at the midpoint between neighbours.
    pub fn new(values: impl Iterator<Item = f64>, max_bins: usize) -> BinMapper {
        let mut sorted: Vec<f64> = Vec::new();
        let mut has_nan = false;
        for v in values {
            if v.is_nan() {
                has_nan = true;
            } else {
                // -0.0 and 0.0 compare equal in splits; bin them together.
                sorted.push(if v == 0.0 { 0.0 } else { v });
            }
        }
        sorted.sort_unstable_by(f64::total_cmp);
        let (distinct, counts) = distinct_with_counts(&sorted);
        let value_bins = max_bins.min(MAX_BINS) - usize::from(has_nan);
        let mut upper_bounds = cut_points(&distinct, &counts, value_bins.max(1));
        upper_bounds.push(f64::INFINITY);
        BinMapper { upper_bounds, has_nan }
    }

    /// Number of bins for values (NaN's bin not included).
    pub fn n_value_bins(&self) -> usize {
        self.upper_bounds.len()
    }

    /// Number of bins in all (value bins, plus one for NaN if the training data had NaNs).
    pub fn n_bins(&self) -> usize {
        self.upper_bounds.len() + usize::from(self.has_nan)
    }

    /// The NaN bin, if the training data had NaNs.
    pub fn nan_bin(&self) -> Option<usize> {
        self.has_nan.then_some(self.upper_bounds.len())
    }

    /// The bin of value `x` (NaN without a NaN bin is binned as 0.0, as LightGBM treats it).
    pub fn bin(&self, x: f64) -> usize {
        if x.is_nan() {
            if let Some(b) = self.nan_bin() {
                return b;
            }
            return self.value_bin(0.0);
        }
        self.value_bin(x)
    }

    fn value_bin(&self, x: f64) -> usize {
        self.upper_bounds.partition_point(|&u| u < x).min(self.upper_bounds.len() - 1)
    }

    /// The threshold of a split that sends value bins `0..=bin` left (`x <= threshold`).
    pub fn threshold(&self, bin: usize) -> f64 {
        self.upper_bounds[bin]
    }
}

fn distinct_with_counts(sorted: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut distinct: Vec<f64> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for &v in sorted {
        if distinct.last() == Some(&v) {
            if let Some(c) = counts.last_mut() {
                *c += 1;
            }
        } else {
            distinct.push(v);
            counts.push(1);
        }
    }
    (distinct, counts)
}

/// Inner bin edges (without the final `+∞`): midpoints between the last distinct value of a bin and
/// the first of the next. Greedy equal-count bins: a bin closes once it holds at least the remaining
/// rows divided by the remaining bins.
fn cut_points(distinct: &[f64], counts: &[usize], max_bins: usize) -> Vec<f64> {
    if distinct.len() <= 1 {
        return Vec::new();
    }
    if distinct.len() <= max_bins {
        return distinct.windows(2).map(|w| midpoint(w[0], w[1])).collect();
    }
    let mut remaining: usize = counts.iter().sum();
    let mut cuts = Vec::with_capacity(max_bins - 1);
    let mut in_bin = 0usize;
    for i in 0..distinct.len() - 1 {
        in_bin += counts[i];
        let bins_left = max_bins - cuts.len();
        let distinct_left = distinct.len() - 1 - i;
        let target = remaining.div_ceil(bins_left);
        if bins_left > 1 && (in_bin >= target || distinct_left < bins_left) {
            cuts.push(midpoint(distinct[i], distinct[i + 1]));
            remaining -= in_bin;
            in_bin = 0;
        }
    }
    cuts
}

/// A cut strictly between `a < b` that is ≥ `a` and < `b` even when they are adjacent floats.
fn midpoint(a: f64, b: f64) -> f64 {
    let m = a + (b - a) / 2.0;
    if m >= b || !m.is_finite() {
        a
    } else {
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_a_bin_each_with_midpoint_edges() {
        let m = BinMapper::new([3.0, 1.0, 2.0, 2.0, f64::NAN].into_iter(), 255);
        assert_eq!(m.n_value_bins(), 3);
        assert_eq!(m.nan_bin(), Some(3));
        assert_eq!((m.threshold(0), m.threshold(1)), (1.5, 2.5));
        assert_eq!([m.bin(1.0), m.bin(1.5), m.bin(1.6), m.bin(9.0), m.bin(f64::NAN)], [0, 0, 1, 2, 3]);
    }

    #[test]
    fn many_values_are_cut_into_equal_count_bins() {
        let m = BinMapper::new((0..10_000).map(|i| i as f64), 101);
        assert_eq!(m.n_value_bins(), 101);
        let mut counts = vec![0usize; m.n_bins()];
        (0..10_000).for_each(|i| counts[m.bin(i as f64)] += 1);
        assert!(counts.iter().all(|&c| (98..=100).contains(&c)), "{counts:?}");
        assert_eq!(m.nan_bin(), None);
        assert_eq!(m.bin(f64::NAN), m.bin(0.0));
    }

    #[test]
    fn a_constant_feature_has_one_bin() {
        let m = BinMapper::new([5.0; 10].into_iter(), 255);
        assert_eq!((m.n_bins(), m.bin(-1.0), m.bin(7.0)), (1, 0, 0));
    }
}
