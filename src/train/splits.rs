//! The honest train / test / new-data split of labelled captures (../shared/data/README.md), by capture
//! block.
//!
//! Input: the packets of one or more capture files, in file order, and [`SplitParams`]. Output:
//! [`Splits`]: the capture blocks found and the [`Part`] of every row. A block starts at each file's
//! first packet, at a label change, at a restart of time (a new `capture_index`), at a clock wrap
//! (`mm:ss.s` times lose their hours, so a wrap cannot be told from another capture) and after a silence
//! longer than [`SplitParams::gap_s`] (default 60 s: the seed's captures are ≥ 103 s apart, its longest
//! silence inside a capture is 6.2 s). Temporal method: in each block the last `new_fraction` of its
//! rows (file order) is the new data; the rest is split at random (seeded) into train and test, exactly
//! `round(test_fraction · rows)` test rows. Random method: the same fractions drawn over all rows (it
//! leaks: neighbouring packets of a flood are near-copies). Rejects: fractions or gap out of range
//! ([`ParamError`]).

use serde::{Deserialize, Serialize};

use super::ParamError;
use crate::capture::{Label, Packet};
use crate::explain::SplitMix64;

/// The warning recorded in the model card when the random split is used.
pub const RANDOM_SPLIT_WARNING: &str = "random split: test and new-data rows are drawn at random among all \
     rows, so they sit next to near-identical training packets of the same flood or connection; their \
     metrics are optimistic (they leak) and say little about other captures. Use the temporal split to \
     judge the model.";

/// Which split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SplitMethod {
    /// Last rows of each capture block are the new data; train/test at random within the rest.
    #[default]
    Temporal,
    /// Every part drawn at random over all rows (leaks; see [`RANDOM_SPLIT_WARNING`]).
    Random,
}

/// How rows are split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SplitParams {
    /// Temporal or random.
    pub method: SplitMethod,
    /// Share of each block (temporal) or of all rows (random) that is the new data, in [0, 1).
    pub new_fraction: f64,
    /// Share of the remaining rows that is the test split, in (0, 1).
    pub test_fraction: f64,
    /// A silence longer than this (seconds, > 0) starts a new capture block.
    pub gap_s: f64,
    /// Seed of the random draws.
    pub seed: u64,
}

impl Default for SplitParams {
    fn default() -> Self {
        SplitParams {
            method: SplitMethod::Temporal,
            new_fraction: 0.2,
            test_fraction: 0.25,
            gap_s: 60.0,
            seed: 0,
        }
    }
}

impl SplitParams {
    /// Checks the fractions and the gap; the first bad value is named.
    pub fn check(&self) -> Result<(), ParamError> {
        if !(0.0..1.0).contains(&self.new_fraction) {
            let value = self.new_fraction;
            return Err(ParamError::OutOfRange { name: "new_fraction", value, range: "in [0, 1)" });
        }
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            let value = self.test_fraction;
            return Err(ParamError::OutOfRange { name: "test_fraction", value, range: "in (0, 1)" });
        }
        if !(self.gap_s.is_finite() && self.gap_s > 0.0) {
            let value = self.gap_s;
            return Err(ParamError::OutOfRange { name: "gap_s", value, range: "a finite number > 0" });
        }
        Ok(())
    }
}

/// Which part of the split a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Training rows.
    Train,
    /// Test rows (threshold choice, test metrics).
    Test,
    /// The held-out "new data".
    New,
}

impl Part {
    /// All parts, in report order.
    pub const ALL: [Part; 3] = [Part::Train, Part::Test, Part::New];

    /// `train`, `test` or `new`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Train => "train",
            Part::Test => "test",
            Part::New => "new",
        }
    }
}

/// Why a capture block starts where it does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockStart {
    /// The first packet of an input file.
    File,
    /// The label differs from the previous packet's.
    LabelChange,
    /// The capture reader saw time restart (a new `capture_index`).
    NewCapture,
    /// A `mm:ss.s` / `h:mm:ss.s` clock wrapped.
    ClockWrap,
    /// A silence longer than the gap.
    TimeGap {
        /// The silence, seconds.
        gap_s: f64,
    },
}

/// One contiguous capture block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptureBlock {
    /// 0-based index of the input file.
    pub file: usize,
    /// First row of the block within its file (0-based packet index).
    pub first_row: usize,
    /// Rows in the block.
    pub rows: usize,
    /// Why it starts there.
    pub start: BlockStart,
}

/// One input file's packets, for [`split`].
#[derive(Debug, Clone, Copy)]
pub struct BlockSource<'a> {
    /// Packets in file order.
    pub packets: &'a [Packet],
    /// Packet indices where the clock wrapped ([`crate::capture::Capture::clock_wraps`]).
    pub clock_wraps: &'a [usize],
}

/// The blocks found and the part of every row (rows numbered over all files, in order).
#[derive(Debug, Clone, PartialEq)]
pub struct Splits {
    /// Capture blocks, in order.
    pub blocks: Vec<CaptureBlock>,
    /// `parts[row]`, over the concatenation of the files.
    pub parts: Vec<Part>,
    /// `block_of[row]`: index into `blocks`.
    pub block_of: Vec<usize>,
}

impl Splits {
    /// Rows of one part, ascending.
    pub fn rows_of(&self, part: Part) -> Vec<usize> {
        (0..self.parts.len()).filter(|&r| self.parts[r] == part).collect()
    }
}

/// Finds the capture blocks of the files (see the module header).
pub fn find_blocks(files: &[BlockSource<'_>], gap_s: f64) -> Vec<CaptureBlock> {
    let mut blocks = Vec::new();
    for (file, source) in files.iter().enumerate() {
        let mut wraps = source.clock_wraps.iter().peekable();
        for (row, packet) in source.packets.iter().enumerate() {
            let wrapped = wraps.next_if(|&&w| w == row).is_some();
            let start = match row.checked_sub(1).map(|r| &source.packets[r]) {
                None => Some(BlockStart::File),
                Some(previous) => block_start(previous, packet, wrapped, gap_s),
            };
            match (start, blocks.last_mut()) {
                (None, Some(CaptureBlock { rows, .. })) => *rows += 1,
                (start, _) => blocks.push(CaptureBlock {
                    file,
                    first_row: row,
                    rows: 1,
                    start: start.unwrap_or(BlockStart::File),
                }),
            }
        }
    }
    blocks
}

fn block_start(previous: &Packet, packet: &Packet, wrapped: bool, gap_s: f64) -> Option<BlockStart> {
    if packet.label != previous.label {
        Some(BlockStart::LabelChange)
    } else if packet.capture_index != previous.capture_index {
        Some(BlockStart::NewCapture)
    } else if wrapped {
        Some(BlockStart::ClockWrap)
    } else if packet.time_s - previous.time_s > gap_s {
        Some(BlockStart::TimeGap { gap_s: packet.time_s - previous.time_s })
    } else {
        None
    }
}

/// Splits the rows of `files` (parameters checked by the caller with [`SplitParams::check`]).
pub fn split(files: &[BlockSource<'_>], params: &SplitParams) -> Splits {
    let blocks = find_blocks(files, params.gap_s);
    let block_of: Vec<usize> =
        blocks.iter().enumerate().flat_map(|(i, b)| std::iter::repeat_n(i, b.rows)).collect();
    let total = block_of.len();
    let mut rng = SplitMix64::new(params.seed);
    let mut parts = vec![Part::Train; total];
    match params.method {
        SplitMethod::Temporal => {
            let mut begin = 0;
            for block in &blocks {
                let n_new = share(block.rows, params.new_fraction);
                let kept = block.rows - n_new;
                parts[begin + kept..begin + block.rows].fill(Part::New);
                let rows: Vec<usize> = (begin..begin + kept).collect();
                assign_test(&rows, params.test_fraction, &mut rng, &mut parts);
                begin += block.rows;
            }
        }
        SplitMethod::Random => {
            let mut rows: Vec<usize> = (0..total).collect();
            rng.shuffle(&mut rows);
            let n_new = share(total, params.new_fraction);
            rows[..n_new].iter().for_each(|&r| parts[r] = Part::New);
            assign_test(&rows[n_new..], params.test_fraction, &mut rng, &mut parts);
        }
    }
    Splits { blocks, parts, block_of }
}

/// `round(fraction · n)`.
fn share(n: usize, fraction: f64) -> usize {
    ((n as f64 * fraction).round() as usize).min(n)
}

/// Marks exactly `round(fraction · rows)` of `rows`, drawn without replacement, as test.
fn assign_test(rows: &[usize], fraction: f64, rng: &mut SplitMix64, parts: &mut [Part]) {
    let mut order = rows.to_vec();
    let n_test = share(order.len(), fraction);
    for i in 0..n_test {
        let j = i + rng.below((order.len() - i) as u64) as usize;
        order.swap(i, j);
    }
    order[..n_test].iter().for_each(|&r| parts[r] = Part::Test);
}

/// Label counts `(normal, malicious)` of `packets`.
pub fn label_counts<'a>(packets: impl IntoIterator<Item = &'a Packet>) -> (u64, u64) {
    packets.into_iter().fold((0, 0), |(n, m), p| match p.label {
        Some(Label::Normal) => (n + 1, m),
        Some(Label::Malicious) => (n, m + 1),
        None => (n, m),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(time_s: f64, label: Label) -> Packet {
        Packet {
            number: 0,
            time_s,
            source: String::new(),
            destination: String::new(),
            protocol: "TCP".into(),
            length_bytes: 60,
            info: String::new(),
            label: Some(label),
            capture_index: 0,
        }
    }

    #[test]
    fn blocks_start_at_files_labels_gaps_and_wraps() {
        use Label::{Malicious as M, Normal as N};
        let a: Vec<Packet> = [(0.0, M), (1.0, M), (100.0, M), (101.0, M), (102.0, N), (103.0, N)]
            .iter()
            .map(|&(t, l)| packet(t, l))
            .collect();
        let b = vec![packet(0.0, N), packet(0.5, N), packet(1.0, N)];
        let files =
            [BlockSource { packets: &a, clock_wraps: &[] }, BlockSource { packets: &b, clock_wraps: &[2] }];
        let blocks = find_blocks(&files, 60.0);
        let got: Vec<(usize, usize, usize)> = blocks.iter().map(|b| (b.file, b.first_row, b.rows)).collect();
        assert_eq!(got, [(0, 0, 2), (0, 2, 2), (0, 4, 2), (1, 0, 2), (1, 2, 1)]);
        assert_eq!(blocks[1].start, BlockStart::TimeGap { gap_s: 99.0 });
        assert_eq!(blocks[2].start, BlockStart::LabelChange);
        assert_eq!(blocks[3].start, BlockStart::File);
        assert_eq!(blocks[4].start, BlockStart::ClockWrap);
    }

    #[test]
    fn temporal_split_holds_out_the_tail_of_every_block() {
        let a: Vec<Packet> = (0..100).map(|i| packet(f64::from(i), Label::Malicious)).collect();
        let b: Vec<Packet> = (0..50).map(|i| packet(f64::from(i), Label::Normal)).collect();
        let files =
            [BlockSource { packets: &a, clock_wraps: &[] }, BlockSource { packets: &b, clock_wraps: &[] }];
        let s = split(&files, &SplitParams::default());
        assert!(s.parts[80..100].iter().all(|&p| p == Part::New));
        assert!(s.parts[..80].iter().all(|&p| p != Part::New));
        assert!(s.parts[140..].iter().all(|&p| p == Part::New));
        assert_eq!(s.parts[..80].iter().filter(|&&p| p == Part::Test).count(), 20);
        assert_eq!(s.parts[100..140].iter().filter(|&&p| p == Part::Test).count(), 10);
        assert_eq!(s.block_of[99..101], [0, 1]);
        // Seeded: the same seed draws the same test rows, another seed others.
        assert_eq!(s, split(&files, &SplitParams::default()));
        assert_ne!(s.parts, split(&files, &SplitParams { seed: 7, ..SplitParams::default() }).parts);
    }

    #[test]
    fn random_split_draws_the_same_shares_over_all_rows() {
        let a: Vec<Packet> = (0..200).map(|i| packet(f64::from(i), Label::Malicious)).collect();
        let files = [BlockSource { packets: &a, clock_wraps: &[] }];
        let s = split(&files, &SplitParams { method: SplitMethod::Random, ..SplitParams::default() });
        let count = |part| s.parts.iter().filter(|&&p| p == part).count();
        assert_eq!((count(Part::Train), count(Part::Test), count(Part::New)), (120, 40, 40));
        assert!(s.parts[..160].contains(&Part::New), "new rows are not only the tail");
    }

    #[test]
    fn bad_parameters_are_named() {
        let bad = |p: SplitParams| p.check().map_err(|e| e.to_string()).expect_err("rejected");
        assert!(bad(SplitParams { new_fraction: 1.0, ..SplitParams::default() }).contains("new_fraction"));
        assert!(bad(SplitParams { test_fraction: 0.0, ..SplitParams::default() }).contains("test_fraction"));
        assert!(bad(SplitParams { gap_s: f64::NAN, ..SplitParams::default() }).contains("gap_s"));
        assert!(SplitParams::default().check().is_ok());
    }
}
