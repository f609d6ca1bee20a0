//! Whether a trainer may use threads. Natively `Threads` maps per-feature work over rayon's pool; in
//! wasm32 (and with `Sequential`) the same closures run in order. Results never depend on the choice:
//! each feature's work is independent and is combined in feature order.

/// How training work is scheduled. Results are identical for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parallelism {
    /// One thread.
    Sequential,
    /// Rayon's global pool (natively; in wasm32 this is `Sequential`).
    #[default]
    Threads,
}

/// Maps `0..n` through `f` into a vector in index order, in parallel when allowed.
pub(crate) fn map_range<T: Send, F: Fn(usize) -> T + Sync + Send>(
    parallelism: Parallelism,
    n: usize,
    f: F,
) -> Vec<T> {
    #[cfg(not(target_arch = "wasm32"))]
    if parallelism == Parallelism::Threads && n > 1 {
        use rayon::prelude::*;
        return (0..n).into_par_iter().map(f).collect();
    }
    let _ = parallelism;
    (0..n).map(f).collect()
}
