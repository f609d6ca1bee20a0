//! The activity view: packets per second and the share flagged per second across the capture (and the
//! share labelled malicious), in time buckets of a round width, with an optional brushed time range.

use serde::{Deserialize, Serialize};

use super::{same_length, ViewError};

/// Bucket widths in seconds; the smallest that keeps the buckets within the limit is used.
const WIDTHS_S: [f64; 18] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0,
    43200.0, 86400.0, 604800.0,
];

/// Buckets drawn at most by default.
pub const MAX_BUCKETS: usize = 600;

/// One time bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityBin {
    /// Packets in the bucket.
    pub packets: u64,
    /// Packets flagged malicious (probability ≥ threshold).
    pub flagged: u64,
    /// Packets labelled malicious (0 for an unlabelled file).
    pub malicious: u64,
}

/// Activity over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    /// Chart title.
    pub title: String,
    /// Time of the first bucket's start, seconds (the first packet's time, floored to the width).
    pub start_s: f64,
    /// Width of every bucket, seconds.
    pub bucket_s: f64,
    /// The buckets, in time order.
    pub bins: Vec<ActivityBin>,
    /// Whether the file has labels (the malicious share is drawn).
    pub labelled: bool,
    /// The threshold of the flags.
    pub threshold: f64,
    /// A highlighted time range `[from, to]` in seconds (brushing), if any.
    pub brush: Option<[f64; 2]>,
    /// Packets whose time was not finite (left out).
    pub untimed: u64,
    /// Why nothing can be shown.
    pub empty_reason: Option<String>,
}

/// The smallest round bucket width that gives at most `max_buckets` buckets over `span_s` seconds.
pub fn bucket_width(span_s: f64, max_buckets: usize) -> f64 {
    let max_buckets = max_buckets.max(1) as f64;
    WIDTHS_S.iter().copied().find(|w| (span_s / w).floor() < max_buckets).unwrap_or_else(|| {
        let weeks = (span_s / max_buckets / WIDTHS_S[WIDTHS_S.len() - 1]).ceil();
        weeks * WIDTHS_S[WIDTHS_S.len() - 1]
    })
}

impl ActivityView {
    /// Buckets the packets by `times_s`: `flagged[i]` is packet `i`'s prediction at `threshold`,
    /// `labels[i]` its label when known. At most `max_buckets` buckets.
    pub fn new(
        times_s: &[f64],
        flagged: &[bool],
        labels: Option<&[bool]>,
        threshold: f64,
        max_buckets: usize,
    ) -> Result<Self, ViewError> {
        same_length("times and predictions", times_s.len(), flagged.len())?;
        if let Some(labels) = labels {
            same_length("times and labels", times_s.len(), labels.len())?;
        }
        let finite = times_s.iter().copied().filter(|t| t.is_finite());
        let (first, last) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), t| (a.min(t), b.max(t)));
        let mut view = ActivityView {
            title: "Activity over time".into(),
            start_s: 0.0,
            bucket_s: 1.0,
            bins: vec![],
            labelled: labels.is_some(),
            threshold,
            brush: None,
            untimed: times_s.iter().filter(|t| !t.is_finite()).count() as u64,
            empty_reason: None,
        };
        if first > last {
            view.empty_reason = Some("No packets with a time to plot.".into());
            return Ok(view);
        }
        view.bucket_s = bucket_width(last - first, max_buckets);
        view.start_s = (first / view.bucket_s).floor() * view.bucket_s;
        let buckets = ((last - view.start_s) / view.bucket_s).floor() as usize + 1;
        view.bins = vec![ActivityBin::default(); buckets];
        for (i, &t) in times_s.iter().enumerate() {
            if !t.is_finite() {
                continue;
            }
            let b = (((t - view.start_s) / view.bucket_s).floor() as usize).min(buckets - 1);
            let bin = &mut view.bins[b];
            bin.packets += 1;
            bin.flagged += u64::from(flagged[i]);
            bin.malicious += u64::from(labels.is_some_and(|l| l[i]));
        }
        Ok(view)
    }

    /// The same view with `[from, to]` seconds highlighted (swapped if given backwards).
    pub fn with_brush(mut self, from_s: f64, to_s: f64) -> Self {
        self.brush = (from_s.is_finite() && to_s.is_finite()).then(|| [from_s.min(to_s), from_s.max(to_s)]);
        self
    }
}
