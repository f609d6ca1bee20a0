//! A category axis: `n` categories, each one unit wide, with a tick (and a label) at each centre.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// Categories `0..n` on a continuous axis `0.0..n`; category `i` spans `i..i+1`, ticked at `i + 0.5`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CategoryAxis {
    categories: usize,
}

impl CategoryAxis {
    /// An axis of `categories` categories (at least one, so the axis never collapses).
    pub(crate) fn new(categories: usize) -> Self {
        CategoryAxis { categories: categories.max(1) }
    }

    /// The category whose span holds `value`, if any.
    pub(crate) fn index_of(&self, value: f64) -> Option<usize> {
        let i = value.floor();
        (i >= 0.0 && i < self.categories as f64).then_some(i as usize)
    }
}

impl Ranged for CategoryAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = value / self.categories as f64;
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            (0..self.categories).map(|i| i as f64 + 0.5).collect()
        }
    }

    fn range(&self) -> Range<f64> {
        0.0..self.categories as f64
    }
}
