//! Drift statistics between two binned distributions on the same bins.
//!
//! Input: reference (training) and current (new file) counts per bin. Output: PSI with Evidently's
//! conventions, the Jensen–Shannon distance (base 2) as SciPy's `jensenshannon`, the Kolmogorov–Smirnov
//! statistic of the binned ECDFs, and the PSI verdict. Rejects: different bin counts, an empty side.

use serde::{Deserialize, Serialize};

use super::DriftError;

/// The proportion that replaces an empty bin's 0 in PSI (Evidently's `0.0001`), on either side.
pub const PSI_EMPTY_BIN: f64 = 0.0001;

/// PSI below this: no drift (Evidently's default threshold).
pub const PSI_MODERATE: f64 = 0.1;

/// PSI at or above this: strong drift.
pub const PSI_STRONG: f64 = 0.25;

/// How much a feature drifted, by its PSI: `none < 0.1 ≤ moderate < 0.25 ≤ strong`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// PSI < 0.1.
    None,
    /// 0.1 ≤ PSI < 0.25.
    Moderate,
    /// PSI ≥ 0.25.
    Strong,
}

impl Verdict {
    /// The verdict for a PSI value.
    pub fn from_psi(psi: f64) -> Self {
        if psi >= PSI_STRONG {
            Verdict::Strong
        } else if psi >= PSI_MODERATE {
            Verdict::Moderate
        } else {
            Verdict::None
        }
    }
}

/// Checks the two count vectors and returns their totals.
fn totals(reference: &[u64], current: &[u64]) -> Result<(f64, f64), DriftError> {
    if reference.len() != current.len() {
        return Err(DriftError::BinMismatch { reference: reference.len(), current: current.len() });
    }
    let (reference_rows, current_rows) = (reference.iter().sum::<u64>(), current.iter().sum::<u64>());
    if reference_rows == 0 || current_rows == 0 {
        let side = if reference_rows == 0 { "reference" } else { "current" };
        return Err(DriftError::EmptySample { side });
    }
    Ok((reference_rows as f64, current_rows as f64))
}

/// Population stability index `Σ (rᵢ − cᵢ) · ln(rᵢ / cᵢ)` over bin proportions `r` (reference) and `c`
/// (current), a 0 proportion on either side replaced by [`PSI_EMPTY_BIN`] (no renormalisation), as
/// Evidently's `psi_stat_test`. Always ≥ 0.
pub fn psi(reference: &[u64], current: &[u64]) -> Result<f64, DriftError> {
    let (reference_rows, current_rows) = totals(reference, current)?;
    let proportion = |count: u64, rows: f64| if count == 0 { PSI_EMPTY_BIN } else { count as f64 / rows };
    let terms = reference.iter().zip(current).map(|(&r, &c)| {
        let (r, c) = (proportion(r, reference_rows), proportion(c, current_rows));
        (r - c) * (r / c).ln()
    });
    Ok(terms.sum())
}

/// `p · ln(p / m)`, 0 for `p = 0` (SciPy's `rel_entr`).
fn relative_entropy(p: f64, m: f64) -> f64 {
    if p > 0.0 {
        p * (p / m).ln()
    } else {
        0.0
    }
}

/// Jensen–Shannon distance in base 2 (in [0, 1]) between the two normalised histograms, as SciPy's
/// `jensenshannon(reference, current, base=2)`: `sqrt((KL(p‖m) + KL(q‖m)) / (2 ln 2))`, `m = (p + q)/2`.
pub fn jensen_shannon(reference: &[u64], current: &[u64]) -> Result<f64, DriftError> {
    let (reference_rows, current_rows) = totals(reference, current)?;
    let (mut left, mut right) = (0.0, 0.0);
    for (&r, &c) in reference.iter().zip(current) {
        let (p, q) = (r as f64 / reference_rows, c as f64 / current_rows);
        let m = (p + q) / 2.0;
        left += relative_entropy(p, m);
        right += relative_entropy(q, m);
    }
    Ok(((left + right) / std::f64::consts::LN_2 / 2.0).max(0.0).sqrt())
}

/// The largest gap `max_k |R(k) − C(k)|` between the cumulative proportions of the two histograms over
/// the first `ordered_bins` bins (bins in value order; later bins such as "missing" are excluded and
/// each side is normalised over the ordered bins only). For quantile bins this is a lower bound of the
/// two-sample KS statistic of the raw values (the ECDFs are compared at the cut points only); it is
/// exact when every value equals a bin's own value (categorical bins without "other" values).
pub fn ks_binned(reference: &[u64], current: &[u64], ordered_bins: usize) -> Result<f64, DriftError> {
    let ordered = ordered_bins.min(reference.len());
    let (reference, current) = (&reference[..ordered], &current[..ordered.min(current.len())]);
    let (reference_rows, current_rows) = totals(reference, current)?;
    let (mut r, mut c, mut statistic) = (0u64, 0u64, 0.0f64);
    for (&reference_count, &current_count) in reference.iter().zip(current) {
        r += reference_count;
        c += current_count;
        statistic = statistic.max((r as f64 / reference_rows - c as f64 / current_rows).abs());
    }
    Ok(statistic)
}
