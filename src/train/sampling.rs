//! Seeded row and feature sampling shared by the trainers (SplitMix64, so results are the same on every
//! platform): Bernoulli bags, bootstrap counts, feature subsets.

use crate::explain::SplitMix64;

/// A uniform `f64` in `[0, 1)` from 53 random bits.
fn uniform(rng: &mut SplitMix64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Rows kept with probability `fraction` each, ascending (at least one row).
pub(crate) fn bernoulli_rows(n: usize, fraction: f64, rng: &mut SplitMix64) -> Vec<u32> {
    let mut rows: Vec<u32> = (0..n as u32).filter(|_| uniform(rng) < fraction).collect();
    if rows.is_empty() {
        rows.push(rng.below(n as u64) as u32);
    }
    rows
}

/// How often each row is drawn in `n` draws with replacement.
pub(crate) fn bootstrap_counts(n: usize, rng: &mut SplitMix64) -> Vec<u32> {
    let mut counts = vec![0u32; n];
    for _ in 0..n {
        counts[rng.below(n as u64) as usize] += 1;
    }
    counts
}

/// A mask of `max(1, round(fraction · n))` features drawn without replacement (all when fraction = 1,
/// drawing nothing).
pub(crate) fn choose_features(n: usize, fraction: f64, rng: &mut SplitMix64) -> Vec<bool> {
    if fraction >= 1.0 {
        return vec![true; n];
    }
    let k = ((fraction * n as f64).round() as usize).clamp(1, n);
    let mut order: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + rng.below((n - i) as u64) as usize;
        order.swap(i, j);
    }
    let mut mask = vec![false; n];
    order[..k].iter().for_each(|&f| mask[f] = true);
    mask
}
