//! The model card's two quality views on the temporal new-data split, per capture block: (a) attack
//! packets (the relabelling) against all other packets, and (b) the seed's own per-capture labels, with
//! the seed pipeline's published figures beside them.
//!
//! Input: each row's attack target (`None` = undecided), seed label, split part and block, the model's
//! probabilities and threshold. Output: [`QualityViews`] (serialisable, fixed key order). Rejects: NaN
//! probabilities ([`EvalError`]); a metric that is undefined for the rows (no positives, one class) is `null`.

use serde::{Deserialize, Serialize};

use super::{Part, Splits};
use crate::eval::{ranked_roc_auc, Confusion, EvalError, RankedScores};

/// The seed pipeline's figures on the same data and split (DESIGN.md): soft vote of LightGBM 500 trees
/// and a random forest of 300 trees of depth 15, on the seed's labels, with capture-identifying inputs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeedFigures {
    /// Accuracy on the new-data split.
    pub accuracy: f64,
    /// Recall of `malicious`.
    pub recall: f64,
    /// Specificity (`normal` kept).
    pub specificity: f64,
    /// ROC AUC.
    pub roc_auc: f64,
}

/// The seed pipeline's published new-data figures.
pub const SEED_FIGURES: SeedFigures =
    SeedFigures { accuracy: 0.942, recall: 0.931, specificity: 0.9987, roc_auc: 0.997 };

/// One view's figures on a set of rows, at the model's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ViewMetrics {
    /// Rows scored.
    pub rows: u64,
    /// Positive rows (attack in view a, malicious in view b).
    pub positives: u64,
    /// True positives.
    pub tp: u64,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// True negatives.
    pub tn: u64,
    /// False positives.
    pub fp: u64,
    /// `tp / (tp + fn)`; `null` without positives.
    pub recall: Option<f64>,
    /// `tn / (tn + fp)`; `null` without negatives.
    pub specificity: Option<f64>,
    /// ROC AUC; `null` unless both classes occur.
    pub roc_auc: Option<f64>,
}

impl ViewMetrics {
    /// Figures of `scores` against `labels` at `threshold` (flagged iff score ≥ threshold).
    pub fn of(labels: &[bool], scores: &[f64], threshold: f64) -> Result<ViewMetrics, EvalError> {
        let c = Confusion::at_threshold(labels, scores, threshold)?;
        let ratio = |num: u64, den: u64| (den > 0).then(|| num as f64 / den as f64);
        let roc_auc = if c.rows() == 0 { None } else { ranked_roc_auc(&RankedScores::new(labels, scores)?) };
        Ok(ViewMetrics {
            rows: c.rows(),
            positives: c.positives(),
            tp: c.tp,
            fn_: c.fn_,
            tn: c.tn,
            fp: c.fp,
            recall: ratio(c.tp, c.tp + c.fn_),
            specificity: ratio(c.tn, c.tn + c.fp),
            roc_auc,
        })
    }
}

/// One capture block's new-data rows in both views.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BlockQuality {
    /// Block index.
    pub block: usize,
    /// (a) attack packets vs background + normal (undecided rows left out).
    pub attack: ViewMetrics,
    /// (b) the seed's labels (malicious vs normal), every row.
    pub capture: ViewMetrics,
    /// Undecided rows (not in view a).
    pub undecided: u64,
    /// Of them, flagged by the model.
    pub undecided_flagged: u64,
}

/// Both views on the new-data split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityViews {
    /// The split the views are measured on (`new`).
    pub split: String,
    /// The model's threshold.
    pub threshold: f64,
    /// (a) over all blocks.
    pub attack: ViewMetrics,
    /// (b) over all blocks.
    pub capture: ViewMetrics,
    /// The seed pipeline's figures for (b), on the same split.
    pub seed_pipeline: SeedFigures,
    /// Per block.
    pub blocks: Vec<BlockQuality>,
}

/// Measures both views on the rows of `part` (the new data, normally).
///
/// `attack[r]` is row `r`'s attack target (`None` undecided), `malicious[r]` its seed label
/// (`None` unlabelled: left out of both views), `probability[r]` the model's score.
pub fn quality_views(
    splits: &Splits,
    part: Part,
    attack: &[Option<bool>],
    malicious: &[Option<bool>],
    probability: &[f64],
    threshold: f64,
) -> Result<QualityViews, EvalError> {
    let rows: Vec<usize> = splits.rows_of(part).into_iter().filter(|&r| malicious[r].is_some()).collect();
    let view = |rows: &[usize]| {
        let decided: Vec<usize> = rows.iter().copied().filter(|&r| attack[r].is_some()).collect();
        let a = ViewMetrics::of(
            &decided.iter().map(|&r| attack[r] == Some(true)).collect::<Vec<_>>(),
            &decided.iter().map(|&r| probability[r]).collect::<Vec<_>>(),
            threshold,
        )?;
        let b = ViewMetrics::of(
            &rows.iter().map(|&r| malicious[r] == Some(true)).collect::<Vec<_>>(),
            &rows.iter().map(|&r| probability[r]).collect::<Vec<_>>(),
            threshold,
        )?;
        let undecided: Vec<usize> = rows.iter().copied().filter(|&r| attack[r].is_none()).collect();
        let flagged = undecided.iter().filter(|&&r| probability[r] >= threshold).count() as u64;
        Ok::<_, EvalError>((a, b, undecided.len() as u64, flagged))
    };
    let blocks = (0..splits.blocks.len())
        .map(|block| {
            let in_block: Vec<usize> =
                rows.iter().copied().filter(|&r| splits.block_of[r] == block).collect();
            let (attack, capture, undecided, undecided_flagged) = view(&in_block)?;
            Ok(BlockQuality { block, attack, capture, undecided, undecided_flagged })
        })
        .collect::<Result<_, EvalError>>()?;
    let (attack_all, capture_all, _, _) = view(&rows)?;
    Ok(QualityViews {
        split: part.name().to_owned(),
        threshold,
        attack: attack_all,
        capture: capture_all,
        seed_pipeline: SEED_FIGURES,
        blocks,
    })
}
