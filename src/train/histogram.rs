//! Gradient/hessian histograms per feature over a leaf's rows, and the subtraction trick.
//!
//! Input: the binned dataset, a leaf's row indices, per-row gradients and hessians (for the forest:
//! weighted class-1 and total weights). Output: per feature, per bin, the sums and the row count.

use super::parallel::{map_range, Parallelism};
use super::Dataset;

/// Sums of one bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct BinStat {
    /// Sum of gradients (forest: weight of class-1 rows).
    pub g: f64,
    /// Sum of hessians (forest: total weight).
    pub h: f64,
    /// Number of rows.
    pub n: u32,
}

impl BinStat {
    /// `self + other`.
    #[inline]
    pub fn plus(self, other: BinStat) -> BinStat {
        BinStat { g: self.g + other.g, h: self.h + other.h, n: self.n + other.n }
    }
    /// `self - other`.
    #[inline]
    pub fn minus(self, other: BinStat) -> BinStat {
        BinStat { g: self.g - other.g, h: self.h - other.h, n: self.n - other.n }
    }
}

/// One histogram per feature (empty for features not in use), `hist[f][bin]`.
pub(crate) type Histogram = Vec<Vec<BinStat>>;

/// Builds the histograms of `features` over `rows`; `g`/`h` are indexed by row.
pub(crate) fn build(
    data: &Dataset,
    features: &[bool],
    rows: &[u32],
    g: &[f64],
    h: &[f64],
    parallelism: Parallelism,
) -> Histogram {
    // Gather the leaf's gradients once so that each feature's pass reads them sequentially.
    let ordered: Vec<(f64, f64)> = rows.iter().map(|&r| (g[r as usize], h[r as usize])).collect();
    let parallelism = if rows.len() < 2048 { Parallelism::Sequential } else { parallelism };
    map_range(parallelism, data.n_features(), |f| {
        if !features[f] {
            return Vec::new();
        }
        let column = data.column_bins(f);
        let mut hist = vec![BinStat::default(); data.mapper(f).n_bins()];
        for (&row, &(gi, hi)) in rows.iter().zip(&ordered) {
            let bin = &mut hist[column[row as usize] as usize];
            bin.g += gi;
            bin.h += hi;
            bin.n += 1;
        }
        hist
    })
}

/// The sibling's histogram: `parent - child`, bin by bin.
pub(crate) fn subtract(parent: &Histogram, child: &Histogram) -> Histogram {
    parent.iter().zip(child).map(|(p, c)| p.iter().zip(c).map(|(&p, &c)| p.minus(c)).collect()).collect()
}
