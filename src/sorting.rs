//! Sorting with one compiled copy of the sort per element type, for the many small sorts of views and
//! reports (tens to thousands of rows).
//!
//! Input: a slice and a comparison. Output: the slice sorted. Rejects nothing.
//! Why: `sort_by(closure)` compiles the whole sort once per closure; a dozen of them cost the wasm build
//! about 100 KB. Here the comparison is a `&dyn Fn`, so every call on the same element type shares one
//! copy. The sort is not stable: the comparison must be a total order on distinct elements (break ties by
//! name or index), which also makes the result unique. Sorts over every packet keep a direct
//! `sort_unstable_by`, where the indirect call would cost time.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, a total order on its distinct elements (see the module docs).
pub fn sort_by<T>(v: &mut [T], compare: &dyn Fn(&T, &T) -> Ordering) {
    v.sort_unstable_by(|a, b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_the_given_order_with_ties_broken() {
        let mut v = vec![(2, "b"), (1, "z"), (2, "a"), (3, "c")];
        sort_by(&mut v, &|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        assert_eq!(v, [(3, "c"), (2, "a"), (2, "b"), (1, "z")]);
    }
}
