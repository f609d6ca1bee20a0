//! Whether a trainer may use threads. Natively `Threads` maps per-feature work over rayon's pool; in
//! wasm32 (and with `Sequential`) the same closures run in order. Results never depend on the choice:
//! each feature's work is independent and is combined in feature order.

/// Rows per task when per-row work is split over threads (large enough that a task outweighs its
/// scheduling).
pub(crate) const PARALLEL_CHUNK: usize = 8192;

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

/// Runs `f(offset, chunk)` on consecutive chunks of `items` of `chunk_len` (the last may be shorter),
/// in parallel when allowed. Each call sees only its own chunk, so results never depend on scheduling.
pub(crate) fn for_chunks_mut<T: Send, F: Fn(usize, &mut [T]) + Sync + Send>(
    parallelism: Parallelism,
    items: &mut [T],
    chunk_len: usize,
    f: F,
) {
    let chunk_len = chunk_len.max(1);
    #[cfg(not(target_arch = "wasm32"))]
    if parallelism == Parallelism::Threads && items.len() > chunk_len {
        use rayon::prelude::*;
        items.par_chunks_mut(chunk_len).enumerate().for_each(|(i, c)| f(i * chunk_len, c));
        return;
    }
    let _ = parallelism;
    items.chunks_mut(chunk_len).enumerate().for_each(|(i, c)| f(i * chunk_len, c));
}

/// [`for_chunks_mut`] that collects each chunk's result, in chunk order.
pub(crate) fn map_chunks_mut<T: Send, R: Send, F: Fn(&mut [T]) -> R + Sync + Send>(
    parallelism: Parallelism,
    items: &mut [T],
    chunk_len: usize,
    f: F,
) -> Vec<R> {
    let chunk_len = chunk_len.max(1);
    #[cfg(not(target_arch = "wasm32"))]
    if parallelism == Parallelism::Threads && items.len() > chunk_len {
        use rayon::prelude::*;
        return items.par_chunks_mut(chunk_len).map(f).collect();
    }
    let _ = parallelism;
    items.chunks_mut(chunk_len).map(f).collect()
}
