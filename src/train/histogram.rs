//! Per-bin sums of a leaf's rows for every feature, and the subtraction trick.
//!
//! Input: the binned dataset, a leaf's row indices and one [`Stat`] per row: for boosting a
//! [`BinStat`] (gradient, hessian, 1 row); for the forest without sample weights a [`ClassCounts`]
//! (bootstrap draws per class, 1 row) packed into one `u64`, so a row costs one integer add and the
//! sums are exact. Output: per feature, per bin, the sums.

use super::parallel::{for_chunks_mut, map_range, Parallelism, PARALLEL_CHUNK};
use super::Dataset;

/// What a histogram bin accumulates. `plus`/`minus` must be exact inverses on the values a tree
/// produces (`(a + b) − b = a`), which holds for integers and is the subtraction trick's usual
/// floating-point approximation for [`BinStat`] (as in LightGBM).
pub(crate) trait Stat: Copy + Default + PartialEq + Send + Sync + std::fmt::Debug {
    /// `self + other`.
    fn plus(self, other: Self) -> Self;
    /// `self − other` (`other` is a part of `self`).
    fn minus(self, other: Self) -> Self;
    /// Number of rows summed.
    fn rows(self) -> u32;
    /// The sums a [`Criterion`](super::split::Criterion) scores; `class_weight` (negative, positive)
    /// weighs [`ClassCounts`] and is ignored by [`BinStat`].
    fn sums(self, class_weight: [f64; 2]) -> BinStat;
}

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

impl Stat for BinStat {
    #[inline]
    fn plus(self, other: BinStat) -> BinStat {
        BinStat { g: self.g + other.g, h: self.h + other.h, n: self.n + other.n }
    }
    #[inline]
    fn minus(self, other: BinStat) -> BinStat {
        BinStat { g: self.g - other.g, h: self.h - other.h, n: self.n - other.n }
    }
    #[inline]
    fn rows(self) -> u32 {
        self.n
    }
    #[inline]
    fn sums(self, _: [f64; 2]) -> BinStat {
        self
    }
}

/// Forest counts packed in one `u64`: bits 0–20 the positive draws, 21–41 the negative draws, 42–62
/// the rows. Each field holds at most [`ClassCounts::MAX`]; sums of a tree's rows never carry from one
/// field into the next as long as the tree's rows and draws stay within it (checked by the forest).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ClassCounts(u64);

impl ClassCounts {
    /// Largest value of one field (2²¹ − 1 = 2,097,151).
    pub const MAX: u64 = (1 << 21) - 1;

    /// One row drawn `draws` times (≤ [`Self::MAX`]) with the given label.
    pub fn row(draws: u32, positive: bool) -> ClassCounts {
        let draws = u64::from(draws);
        debug_assert!(draws <= Self::MAX);
        let class = if positive { draws } else { draws << 21 };
        ClassCounts(class | 1 << 42)
    }
    fn positive(self) -> u64 {
        self.0 & Self::MAX
    }
    fn negative(self) -> u64 {
        (self.0 >> 21) & Self::MAX
    }
}

impl Stat for ClassCounts {
    #[inline]
    fn plus(self, other: ClassCounts) -> ClassCounts {
        ClassCounts(self.0 + other.0)
    }
    #[inline]
    fn minus(self, other: ClassCounts) -> ClassCounts {
        ClassCounts(self.0 - other.0)
    }
    #[inline]
    fn rows(self) -> u32 {
        (self.0 >> 42) as u32
    }
    #[inline]
    fn sums(self, class_weight: [f64; 2]) -> BinStat {
        let g = self.positive() as f64 * class_weight[1];
        BinStat { g, h: g + self.negative() as f64 * class_weight[0], n: self.rows() }
    }
}

/// One histogram per feature (empty for features not in use), `hist[f][bin]`.
pub(crate) type Histogram<S> = Vec<Vec<S>>;

/// Builds the histograms of `features` over `rows`; `stats` is indexed by row.
pub(crate) fn build<S: Stat>(
    data: &Dataset,
    features: &[bool],
    rows: &[u32],
    stats: &[S],
    parallelism: Parallelism,
) -> Histogram<S> {
    // Gather the leaf's stats once so that each feature's pass reads them sequentially.
    let parallelism = if rows.len() < 2048 { Parallelism::Sequential } else { parallelism };
    let mut ordered: Vec<S> = vec![S::default(); rows.len()];
    for_chunks_mut(parallelism, &mut ordered, PARALLEL_CHUNK, |offset, chunk| {
        for (s, &r) in chunk.iter_mut().zip(&rows[offset..]) {
            *s = stats[r as usize];
        }
    });
    map_range(parallelism, data.n_features(), |f| {
        if !features[f] {
            return Vec::new();
        }
        let column = data.column_bins(f);
        let mut hist = vec![S::default(); data.mapper(f).n_bins()];
        for (&row, &s) in rows.iter().zip(&ordered) {
            let bin = &mut hist[column[row as usize] as usize];
            *bin = bin.plus(s);
        }
        hist
    })
}

/// The sibling's histogram: `parent - child`, bin by bin, in the parent's storage.
pub(crate) fn subtract<S: Stat>(mut parent: Histogram<S>, child: &Histogram<S>) -> Histogram<S> {
    for (p, c) in parent.iter_mut().zip(child) {
        p.iter_mut().zip(c).for_each(|(p, &c)| *p = p.minus(c));
    }
    parent
}
