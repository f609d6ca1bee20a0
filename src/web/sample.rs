//! Seeded row samples for the SHAP summary and permutation importance.
//!
//! Input: a row count, a sample size and a seed. Output: sorted distinct row indices. Rejects nothing: a
//! sample larger than the rows is all rows.

use crate::explain::SplitMix64;

/// `sample` distinct rows of `0..n_rows` (all when `sample >= n_rows`), in increasing order.
pub fn sample_rows(n_rows: usize, sample: usize, seed: u64) -> Vec<u32> {
    let mut rows: Vec<u32> = (0..n_rows as u32).collect();
    if sample < n_rows {
        // A partial Fisher–Yates shuffle: the first `sample` entries are a uniform sample.
        let mut rng = SplitMix64::new(seed);
        for i in 0..sample {
            let j = i + rng.below((n_rows - i) as u64) as usize;
            rows.swap(i, j);
        }
        rows.truncate(sample);
        rows.sort_unstable();
    }
    rows
}
