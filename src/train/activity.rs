//! Per-window activity of each capture block for the page's "activity over time" view: packets per
//! window and how many of them the model flags, the capture-level picture that per-capture labels
//! really describe.
//!
//! Input: packets (times in seconds since their capture's start), the capture blocks, the model's
//! probabilities and threshold, a window length. Output: [`Activity`] (serialisable; counts per window,
//! from each block's first packet). Rejects: a window length that is not a finite number > 0
//! ([`ParamError`]).

use serde::{Deserialize, Serialize};

use super::ParamError;
use crate::capture::Packet;

/// Longest series per block: a block longer than this many windows is cut there (and says so).
pub const MAX_WINDOWS: usize = 100_000;

/// One block's series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockActivity {
    /// Block index.
    pub block: usize,
    /// Time of the block's first packet, seconds since its capture's start.
    pub start_s: f64,
    /// Packets in window `i` = `[start_s + i·window_s, start_s + (i+1)·window_s)`.
    pub packets: Vec<u32>,
    /// Of them, flagged (probability ≥ the threshold).
    pub flagged: Vec<u32>,
    /// Packets beyond [`MAX_WINDOWS`] windows, not counted.
    pub truncated: u64,
}

/// Activity figures of every block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Window length, seconds.
    pub window_s: f64,
    /// The threshold the flagged counts use.
    pub threshold: f64,
    /// Per block, in block order.
    pub blocks: Vec<BlockActivity>,
}

/// Counts packets and flagged packets per `window_s` window of every block; `block_of[r]` is row `r`'s
/// block (as [`super::Splits::block_of`]), `n_blocks` the number of blocks.
pub fn activity(
    packets: &[Packet],
    block_of: &[usize],
    n_blocks: usize,
    probability: &[f64],
    threshold: f64,
    window_s: f64,
) -> Result<Activity, ParamError> {
    if !(window_s.is_finite() && window_s > 0.0) {
        return Err(ParamError::OutOfRange {
            name: "window_s",
            value: window_s,
            range: "a finite number > 0",
        });
    }
    let mut blocks: Vec<BlockActivity> = (0..n_blocks)
        .map(|block| BlockActivity {
            block,
            start_s: f64::NAN,
            packets: Vec::new(),
            flagged: Vec::new(),
            truncated: 0,
        })
        .collect();
    for (row, packet) in packets.iter().enumerate() {
        let Some(series) = block_of.get(row).and_then(|&b| blocks.get_mut(b)) else { continue };
        if series.start_s.is_nan() {
            series.start_s = packet.time_s;
        }
        // Times are monotonic within a capture, and a block never spans two captures.
        let offset = ((packet.time_s - series.start_s) / window_s).floor().max(0.0);
        if offset >= MAX_WINDOWS as f64 {
            series.truncated += 1;
            continue;
        }
        let i = offset as usize;
        if series.packets.len() <= i {
            series.packets.resize(i + 1, 0);
            series.flagged.resize(i + 1, 0);
        }
        series.packets[i] += 1;
        if probability.get(row).is_some_and(|&p| p >= threshold) {
            series.flagged[i] += 1;
        }
    }
    for series in &mut blocks {
        if series.start_s.is_nan() {
            series.start_s = 0.0;
        }
    }
    Ok(Activity { window_s, threshold, blocks })
}
