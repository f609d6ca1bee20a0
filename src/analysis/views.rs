//! What the page shows of a scored capture at a threshold, cheap enough to recompute on every move of
//! the threshold: the confusion matrix and metrics (from scores sorted once), errors by protocol,
//! the rows of a table (filtered by kind and time, sorted, paged), and activity over time.
//!
//! Input: a [`ScoredCapture`] (and its [`Ranked`] scores). Output: serialisable views. Rejects
//! nothing; label-dependent views are `None` for an unlabelled capture.

use serde::{Deserialize, Serialize};

use super::scored::ScoredCapture;
use crate::capture::Label;
use crate::eval::{Metrics, RankedScores};

/// Scores sorted once: the row order by probability (highest first, ties in file order), the labelled
/// rows' ranking for metrics, and each packet's position on one timeline.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// Row indices by descending probability.
    pub by_probability: Vec<u32>,
    /// Ranking of the labelled rows (None: no labels, or only one class).
    pub labelled: Option<RankedScores>,
    /// Labelled rows.
    pub labelled_rows: usize,
    /// Seconds from the first packet, captures laid end to end (a file joining captures restarts time).
    pub timeline_s: Vec<f64>,
    /// The thresholds the file's own labels choose (they do not depend on the current threshold).
    pub suggestions: Vec<ThresholdSuggestion>,
}

impl Ranked {
    /// Sorts the scores of `scored`.
    pub fn new(scored: &ScoredCapture) -> Ranked {
        let p = &scored.probability;
        let mut by_probability: Vec<u32> = (0..p.len() as u32).collect();
        by_probability.sort_unstable_by(|&a, &b| p[b as usize].total_cmp(&p[a as usize]).then(a.cmp(&b)));
        let (rows, labels) = scored.labelled_rows();
        let scores: Vec<f64> = rows.iter().map(|&r| p[r]).collect();
        let labelled = RankedScores::new(&labels, &scores).ok();
        let suggestions = labelled.as_ref().map(suggestions).unwrap_or_default();
        Ranked {
            by_probability,
            labelled,
            labelled_rows: rows.len(),
            timeline_s: timeline(scored),
            suggestions,
        }
    }
}

fn timeline(scored: &ScoredCapture) -> Vec<f64> {
    let mut out = Vec::with_capacity(scored.capture.packets.len());
    let (mut capture, mut start, mut offset, mut last) = (u32::MAX, 0.0, 0.0, 0.0_f64);
    for p in &scored.capture.packets {
        if p.capture_index != capture {
            if capture != u32::MAX {
                offset = last;
            }
            capture = p.capture_index;
            start = p.time_s;
        }
        let t = offset + (p.time_s - start).max(0.0);
        last = last.max(t);
        out.push(t);
    }
    out
}

/// Wrong predictions of one protocol at the threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolErrors {
    /// Protocol as Wireshark names it.
    pub protocol: String,
    /// Normal packets predicted malicious.
    pub false_positives: u64,
    /// Malicious packets predicted normal.
    pub false_negatives: u64,
}

/// Everything threshold-dependent the page shows as numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The threshold.
    pub threshold: f64,
    /// Packets predicted malicious.
    pub flagged: u64,
    /// All packets.
    pub packets: u64,
    /// Packets with a label.
    pub labelled: u64,
    /// Metrics on the labelled packets (None: unlabelled, or one class only).
    pub metrics: Option<Metrics>,
    /// False positives / negatives by protocol, most errors first (empty without labels).
    pub errors_by_protocol: Vec<ProtocolErrors>,
    /// Thresholds chosen on this file's own labels (in-sample: they show where this file's scores separate,
    /// not what a new capture would need). Empty without both classes.
    #[serde(default)]
    pub suggestions: Vec<ThresholdSuggestion>,
}

/// A threshold a policy chooses on the file's own labels, with its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdSuggestion {
    /// What chose it, in words (`best F1`, `recall ≥ 99 %`).
    pub name: String,
    /// The threshold.
    pub threshold: f64,
    /// Precision, recall and F1 there.
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The suggestions for a labelled file: best F1, and the highest threshold with recall ≥ 99 %.
fn suggestions(ranked: &RankedScores) -> Vec<ThresholdSuggestion> {
    use crate::eval::{choose_threshold, ThresholdPolicy};
    let policies = [
        ("best F1", ThresholdPolicy::BestF1),
        ("recall ≥ 99 %", ThresholdPolicy::RecallAtLeast { target: 0.99 }),
    ];
    policies
        .into_iter()
        .filter(|_| ranked.negatives() > 0)
        .filter_map(|(name, policy)| choose_threshold(ranked, policy).ok().map(|c| (name, c)))
        .filter(|(_, c)| c.threshold.is_finite())
        .map(|(name, c)| ThresholdSuggestion {
            name: name.to_string(),
            threshold: c.threshold,
            precision: c.metrics.precision,
            recall: c.metrics.recall,
            f1: c.metrics.f1,
        })
        .collect()
}

/// The evaluation at `threshold`.
pub fn evaluate(scored: &ScoredCapture, ranked: &Ranked, threshold: f64) -> Evaluation {
    let p = &scored.probability;
    let flagged = ranked.by_probability.partition_point(|&r| p[r as usize] >= threshold) as u64;
    let metrics = ranked.labelled.as_ref().map(|r| Metrics::evaluate(r, threshold));
    let mut errors: Vec<ProtocolErrors> = Vec::new();
    if metrics.is_some() {
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, packet) in scored.capture.packets.iter().enumerate() {
            let predicted = p[i] >= threshold;
            let (fp, fn_) = match packet.label {
                Some(Label::Normal) if predicted => (1, 0),
                Some(Label::Malicious) if !predicted => (0, 1),
                _ => continue,
            };
            let k = *index.entry(packet.protocol.as_str()).or_insert_with(|| {
                errors.push(ProtocolErrors {
                    protocol: packet.protocol.clone(),
                    false_positives: 0,
                    false_negatives: 0,
                });
                errors.len() - 1
            });
            errors[k].false_positives += fp;
            errors[k].false_negatives += fn_;
        }
        crate::sorting::sort_by(&mut errors, &|a, b| {
            (b.false_positives + b.false_negatives)
                .cmp(&(a.false_positives + a.false_negatives))
                .then_with(|| a.protocol.cmp(&b.protocol))
        });
    }
    Evaluation {
        threshold,
        flagged,
        packets: p.len() as u64,
        labelled: ranked.labelled_rows as u64,
        metrics,
        errors_by_protocol: errors,
        suggestions: ranked.suggestions.clone(),
    }
}

/// Which rows a table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// Every packet.
    All,
    /// Predicted malicious.
    Flagged,
    /// Labelled normal, predicted malicious.
    FalsePositives,
    /// Labelled malicious, predicted normal.
    FalseNegatives,
}

/// Table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowOrder {
    /// Highest probability first.
    ProbabilityDesc,
    /// Lowest probability first.
    ProbabilityAsc,
    /// File order.
    File,
}

/// A table query: kind, order, threshold and an optional timeline range `[from_s, to_s]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RowQuery {
    /// Which rows.
    pub kind: RowKind,
    /// In which order.
    pub order: RowOrder,
    /// Threshold of "predicted malicious".
    pub threshold: f64,
    /// Start of the time range on the timeline (seconds), inclusive.
    pub from_s: Option<f64>,
    /// End of the time range, inclusive.
    pub to_s: Option<f64>,
}

/// The rows (indices) a query selects, in its order.
pub fn select_rows(scored: &ScoredCapture, ranked: &Ranked, q: &RowQuery) -> Vec<u32> {
    let p = &scored.probability;
    let packets = &scored.capture.packets;
    let keep = |r: u32| {
        let i = r as usize;
        let predicted = p[i] >= q.threshold;
        let t = ranked.timeline_s[i];
        let in_time = q.from_s.is_none_or(|f| t >= f) && q.to_s.is_none_or(|e| t <= e);
        in_time
            && match q.kind {
                RowKind::All => true,
                RowKind::Flagged => predicted,
                RowKind::FalsePositives => predicted && packets[i].label == Some(Label::Normal),
                RowKind::FalseNegatives => !predicted && packets[i].label == Some(Label::Malicious),
            }
    };
    match q.order {
        RowOrder::ProbabilityDesc => ranked.by_probability.iter().copied().filter(|&r| keep(r)).collect(),
        RowOrder::ProbabilityAsc => {
            ranked.by_probability.iter().rev().copied().filter(|&r| keep(r)).collect()
        }
        RowOrder::File => (0..p.len() as u32).filter(|&r| keep(r)).collect(),
    }
}

/// Packets per time bin across the capture, with how many are flagged and labelled malicious.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Width of a bin in seconds (1 s, or wider so that there are at most `max_bins`).
    pub bin_s: f64,
    /// Packets per bin.
    pub packets: Vec<u64>,
    /// Packets predicted malicious per bin.
    pub flagged: Vec<u64>,
    /// Packets labelled malicious per bin (None without labels).
    pub malicious: Option<Vec<u64>>,
}

/// Activity over the timeline at `threshold`, in at most `max_bins` bins of whole seconds.
pub fn activity(scored: &ScoredCapture, ranked: &Ranked, threshold: f64, max_bins: usize) -> Activity {
    let end = ranked.timeline_s.iter().copied().fold(0.0_f64, f64::max);
    let max_bins = max_bins.max(1);
    let bin_s = ((end / max_bins as f64).ceil()).max(1.0);
    let bins = ((end / bin_s).floor() as usize + 1).min(max_bins);
    let mut packets = vec![0; bins];
    let mut flagged = vec![0; bins];
    let mut malicious = scored.capture.has_labels.then(|| vec![0; bins]);
    for (i, &t) in ranked.timeline_s.iter().enumerate() {
        let b = ((t / bin_s) as usize).min(bins - 1);
        packets[b] += 1;
        flagged[b] += u64::from(scored.probability[i] >= threshold);
        if let Some(m) = malicious.as_mut() {
            m[b] += u64::from(scored.capture.packets[i].label == Some(Label::Malicious));
        }
    }
    Activity { bin_s, packets, flagged, malicious }
}
