//! Weak-supervision relabelling of the seed's lab captures: per-packet training labels from the seed's
//! per-capture labels and the named [`RULES`] (docs/relabelling.md).
//!
//! Input: labelled packets in file order (the seed's `normal` / `malicious` per capture). Output: a
//! [`Relabelling`] — one [`TrainingLabel`] and the deciding rule per packet, with counts per rule and per
//! capture block. Rejects: a packet without a label ([`RelabelError`]).
//!
//! A packet of a `normal` capture is [`TrainingLabel::Normal`]. A packet of a `malicious` capture is
//! decided by the first rule that matches it ([`Verdict::Attack`] → attack, [`Verdict::Undecided`] →
//! undecided, left out of training); one that no rule matches is [`TrainingLabel::Background`].

mod rules;
mod summary;

pub use rules::{
    Rule, Verdict, ATTACKER_IP, ATTACKER_MAC, ATTACKER_MAC_NAME, GATEWAY_IP, RAT_PORT, RULES, VICTIM_IP,
};
pub use summary::{BlockCounts, LabelCounts, RelabelSummary, RuleCounts};

use serde::{Deserialize, Serialize};

use crate::capture::{Label, Packet};

/// The training label of one packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingLabel {
    /// Attack traffic (a rule with [`Verdict::Attack`] matched): positive.
    Attack,
    /// Ordinary traffic inside an attack capture (no rule matched): negative.
    Background,
    /// A packet of a normal capture: negative.
    Normal,
    /// Involves the attacker but is not clearly attack traffic: excluded from training.
    Undecided,
}

impl TrainingLabel {
    /// The training target: `Some(true)` for attack, `Some(false)` for background and normal, `None`
    /// for undecided (the row is left out).
    pub fn target(self) -> Option<bool> {
        match self {
            TrainingLabel::Attack => Some(true),
            TrainingLabel::Background | TrainingLabel::Normal => Some(false),
            TrainingLabel::Undecided => None,
        }
    }
}

/// Why packets could not be relabelled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelabelError {
    /// A packet has no label, so it is not known whether it belongs to an attack capture.
    #[error(
        "packet {number} (row {row}) has no label: the attack relabelling needs the per-capture labels \
         (a `label` column of normal/malicious); add them or train with `--labels capture` on labelled data"
    )]
    Unlabelled {
        /// 0-based row.
        row: usize,
        /// Wireshark's `No.`.
        number: u64,
    },
}

/// The relabelled packets: one label and the deciding rule per packet.
#[derive(Debug, Clone, PartialEq)]
pub struct Relabelling {
    labels: Vec<TrainingLabel>,
    /// Index into [`RULES`] of the rule that decided each packet (`None`: default).
    rules: Vec<Option<u8>>,
    /// Per rule: packets of normal captures it would have matched (a specificity check of the predicate).
    normal_matches: Vec<u64>,
}

/// Relabels `packets` by [`RULES`].
pub fn relabel(packets: &[Packet]) -> Result<Relabelling, RelabelError> {
    let mut labels = Vec::with_capacity(packets.len());
    let mut decided = Vec::with_capacity(packets.len());
    let mut normal_matches = vec![0u64; RULES.len()];
    for (row, packet) in packets.iter().enumerate() {
        let first = RULES.iter().position(|rule| (rule.matches)(packet));
        match packet.label {
            None => return Err(RelabelError::Unlabelled { row, number: packet.number }),
            Some(Label::Normal) => {
                if let Some(i) = first {
                    normal_matches[i] += 1;
                }
                labels.push(TrainingLabel::Normal);
                decided.push(None);
            }
            Some(Label::Malicious) => {
                labels.push(match first.map(|i| RULES[i].verdict) {
                    Some(Verdict::Attack) => TrainingLabel::Attack,
                    Some(Verdict::Undecided) => TrainingLabel::Undecided,
                    None => TrainingLabel::Background,
                });
                decided.push(first.map(|i| i as u8));
            }
        }
    }
    Ok(Relabelling { labels, rules: decided, normal_matches })
}

impl Relabelling {
    /// The relabellings of several files as one, rows in file order.
    pub fn concatenate(parts: Vec<Relabelling>) -> Relabelling {
        let mut all =
            Relabelling { labels: Vec::new(), rules: Vec::new(), normal_matches: vec![0; RULES.len()] };
        for part in parts {
            all.labels.extend(part.labels);
            all.rules.extend(part.rules);
            for (total, n) in all.normal_matches.iter_mut().zip(part.normal_matches) {
                *total += n;
            }
        }
        all
    }

    /// One label per packet, in packet order.
    pub fn labels(&self) -> &[TrainingLabel] {
        &self.labels
    }

    /// The rule that decided packet `row` (`None` for background and normal packets).
    pub fn rule_of(&self, row: usize) -> Option<&'static Rule> {
        self.rules.get(row).copied().flatten().map(|i| &RULES[usize::from(i)])
    }

    /// Training targets: `Some(true)` attack, `Some(false)` background/normal, `None` excluded.
    pub fn targets(&self) -> Vec<Option<bool>> {
        self.labels.iter().map(|l| l.target()).collect()
    }

    /// Counts per rule and per capture block; `block_of[row]` is packet `row`'s 0-based block (as the
    /// temporal split finds them), `n_blocks` the number of blocks. Rows beyond `block_of` count in no
    /// block.
    pub fn summary(&self, block_of: &[usize], n_blocks: usize) -> RelabelSummary {
        summary::summarise(self, block_of, n_blocks)
    }

    fn rule_index(&self, row: usize) -> Option<usize> {
        self.rules[row].map(usize::from)
    }

    fn normal_matches(&self) -> &[u64] {
        &self.normal_matches
    }
}
