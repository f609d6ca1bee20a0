//! The card's additions beyond data, parameters and metrics: the relabelling record (which labels the
//! model learnt, the counts per block and rule), the two quality views on the new-data split, and the
//! per-window activity figures for the page.
//!
//! Input: what the training pipeline computed (splits, packets, labels, scores, threshold). Output: the
//! card's `relabelling`, `quality` and `activity` keys filled. Rejects: NaN scores ([`PipelineError`]).

use serde::{Deserialize, Serialize};

use super::pipeline::{LabelSource, PipelineError};
use super::relabel::{RelabelSummary, Relabelling};
use super::{activity, quality_views, Part, Splits};
use crate::capture::Packet;
use crate::model::{ModelCard, ModelError};

/// Window length of the card's activity figures, seconds ("share flagged per second").
pub const ACTIVITY_WINDOW_S: f64 = 1.0;

/// The card's `relabelling` key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelabellingRecord {
    /// The labels the model learnt: `attack` (this relabelling) or `capture` (the files' own labels;
    /// the relabelling then serves quality view (a) only).
    pub labels: String,
    /// The relabelling's counts per block and rule.
    pub summary: RelabelSummary,
}

/// What [`fill`] needs.
pub(crate) struct Extras<'a> {
    pub labels: LabelSource,
    /// One per input file (empty when the packets could not be relabelled).
    pub relabellings: &'a [Relabelling],
    pub splits: &'a Splits,
    pub packets: &'a [Packet],
    pub attack: &'a [Option<bool>],
    pub malicious: &'a [Option<bool>],
    pub probability: &'a [f64],
    pub threshold: f64,
}

fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, PipelineError> {
    serde_json::to_value(value).map_err(|e| ModelError::Invalid(format!("card: {e}")).into())
}

/// Fills the card's `relabelling`, `quality` and `activity` keys.
pub(crate) fn fill(card: &mut ModelCard, e: Extras<'_>) -> Result<(), PipelineError> {
    if !e.relabellings.is_empty() {
        let all = Relabelling::concatenate(e.relabellings.to_vec());
        let summary = all.summary(&e.splits.block_of, e.splits.blocks.len());
        card.relabelling = Some(to_json(&RelabellingRecord { labels: e.labels.name().to_owned(), summary })?);
    }
    card.quality =
        Some(quality_views(e.splits, Part::New, e.attack, e.malicious, e.probability, e.threshold)?);
    let activity = activity(
        e.packets,
        &e.splits.block_of,
        e.splits.blocks.len(),
        e.probability,
        e.threshold,
        ACTIVITY_WINDOW_S,
    )
    .map_err(|source| PipelineError::Param { stage: "", source })?;
    card.activity = Some(to_json(&activity)?);
    Ok(())
}
