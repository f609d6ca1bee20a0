//! Views of the predictions against the labels: the confusion matrix, true vs predicted label counts,
//! and false positives / negatives by protocol.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{same_length, ViewError};
use crate::eval::Confusion;

const NO_LABELS: &str = "This file has no labels, so predictions cannot be compared with the truth. \
                         Add a label column (normal/malicious) to see it.";

/// The confusion matrix chart at one threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfusionView {
    /// Chart title.
    pub title: String,
    /// Predicted malicious iff probability ≥ threshold.
    pub threshold: f64,
    /// The counts (all zero when `empty_reason` is set).
    pub confusion: Confusion,
    /// Why nothing can be shown (no labels, no rows).
    pub empty_reason: Option<String>,
}

impl ConfusionView {
    /// The chart of `confusion` (from [`crate::eval::RankedScores::confusion_at`]), or of an unlabelled
    /// file when `None`.
    pub fn new(confusion: Option<Confusion>, threshold: f64) -> Self {
        let empty_reason = match confusion {
            None => Some(NO_LABELS.to_string()),
            Some(c) if c.rows() == 0 => Some("No labelled packets to count.".to_string()),
            Some(_) => None,
        };
        ConfusionView {
            title: format!("Confusion matrix at threshold {}", crate::charts::format_threshold(threshold)),
            threshold,
            confusion: confusion.unwrap_or_default(),
            empty_reason,
        }
    }
}

/// Packets per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    /// Normal packets.
    pub normal: u64,
    /// Malicious packets.
    pub malicious: u64,
}

impl ClassCounts {
    /// All packets.
    pub fn total(&self) -> u64 {
        self.normal + self.malicious
    }
}

/// True vs predicted label distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelComparisonView {
    /// Chart title.
    pub title: String,
    /// The threshold of the predictions.
    pub threshold: f64,
    /// Packets per true label; `None` for an unlabelled file.
    pub truth: Option<ClassCounts>,
    /// Packets per predicted label.
    pub predicted: ClassCounts,
    /// Why nothing can be shown (no packets).
    pub empty_reason: Option<String>,
}

impl LabelComparisonView {
    /// Counts the labels (when known) and the predictions `probability >= threshold`.
    pub fn new(labels: Option<&[bool]>, probabilities: &[f64], threshold: f64) -> Result<Self, ViewError> {
        if let Some(labels) = labels {
            same_length("labels and probabilities", labels.len(), probabilities.len())?;
        }
        let count = |flags: &mut dyn Iterator<Item = bool>| {
            flags.fold(ClassCounts::default(), |mut c, malicious| {
                if malicious {
                    c.malicious += 1;
                } else {
                    c.normal += 1;
                }
                c
            })
        };
        let predicted = count(&mut probabilities.iter().map(|&p| p >= threshold));
        let truth = labels.map(|l| count(&mut l.iter().copied()));
        let empty_reason = probabilities.is_empty().then(|| "No packets to count.".to_string());
        Ok(LabelComparisonView {
            title: "True vs predicted labels".to_string(),
            threshold,
            truth,
            predicted,
            empty_reason,
        })
    }
}

/// False positives and false negatives of one protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolErrors {
    /// Protocol as Wireshark names it, or `other (N protocols)`.
    pub protocol: String,
    /// Normal packets flagged malicious.
    pub false_positives: u64,
    /// Malicious packets not flagged.
    pub false_negatives: u64,
}

/// False positives and false negatives by protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorsByProtocolView {
    /// Chart title.
    pub title: String,
    /// The threshold of the predictions.
    pub threshold: f64,
    /// Protocols with at least one mistake, most mistakes first; the last may be "other".
    pub rows: Vec<ProtocolErrors>,
    /// Why nothing can be shown (no labels; no mistakes).
    pub empty_reason: Option<String>,
}

impl ErrorsByProtocolView {
    /// Counts mistakes per protocol at `threshold`, keeps the `top` protocols with most mistakes (ties by
    /// name) and folds the rest into one "other" row.
    pub fn new(
        protocols: &[&str],
        labels: Option<&[bool]>,
        probabilities: &[f64],
        threshold: f64,
        top: usize,
    ) -> Result<Self, ViewError> {
        same_length("protocols and probabilities", protocols.len(), probabilities.len())?;
        let title = format!("False positives and negatives by protocol at {threshold:.2}");
        let Some(labels) = labels else {
            return Ok(ErrorsByProtocolView {
                title,
                threshold,
                rows: vec![],
                empty_reason: Some(NO_LABELS.into()),
            });
        };
        same_length("labels and probabilities", labels.len(), probabilities.len())?;
        let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
        for ((&protocol, &label), &p) in protocols.iter().zip(labels).zip(probabilities) {
            let flagged = p >= threshold;
            if flagged != label {
                let entry = counts.entry(protocol).or_default();
                if flagged {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            }
        }
        let mut rows: Vec<ProtocolErrors> = counts
            .into_iter()
            .map(|(protocol, (fp, fn_))| ProtocolErrors {
                protocol: protocol.to_string(),
                false_positives: fp,
                false_negatives: fn_,
            })
            .collect();
        let mistakes = |r: &ProtocolErrors| r.false_positives + r.false_negatives;
        crate::sorting::sort_by(&mut rows, &|a, b| {
            mistakes(b).cmp(&mistakes(a)).then_with(|| a.protocol.cmp(&b.protocol))
        });
        let top = top.max(1);
        if rows.len() > top + 1 {
            let rest = rows.split_off(top);
            rows.push(ProtocolErrors {
                protocol: format!("other ({} protocols)", rest.len()),
                false_positives: rest.iter().map(|r| r.false_positives).sum(),
                false_negatives: rest.iter().map(|r| r.false_negatives).sum(),
            });
        }
        let empty_reason = rows.is_empty().then(|| {
            format!("No false positives or false negatives at threshold {}: every packet is labelled as predicted.", crate::charts::format_threshold(threshold))
        });
        Ok(ErrorsByProtocolView { title, threshold, rows, empty_reason })
    }
}
