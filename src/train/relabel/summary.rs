//! The relabelling's counts, as stored in the model card and printed in docs/relabelling.md: labels per
//! capture block, and per rule the packets it decided in each block.
//!
//! Input: a [`Relabelling`] and each packet's capture block. Output: a serialisable [`RelabelSummary`]
//! and its Markdown tables ([`RelabelSummary::markdown`]). Never fails.

use serde::{Deserialize, Serialize};

use super::{Relabelling, TrainingLabel, Verdict, RULES};

/// Packets per training label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LabelCounts {
    /// Attack packets.
    pub attack: u64,
    /// Background packets of attack captures.
    pub background: u64,
    /// Packets of normal captures.
    pub normal: u64,
    /// Undecided packets (not trained on).
    pub undecided: u64,
}

impl LabelCounts {
    fn add(&mut self, label: TrainingLabel) {
        match label {
            TrainingLabel::Attack => self.attack += 1,
            TrainingLabel::Background => self.background += 1,
            TrainingLabel::Normal => self.normal += 1,
            TrainingLabel::Undecided => self.undecided += 1,
        }
    }

    /// All packets counted.
    pub fn total(&self) -> u64 {
        self.attack + self.background + self.normal + self.undecided
    }
}

/// One capture block's label counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockCounts {
    /// 0-based block.
    pub block: usize,
    /// Its packets per label.
    #[serde(flatten)]
    pub counts: LabelCounts,
}

/// One rule with the packets it decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCounts {
    /// Rule name.
    pub name: String,
    /// The attack it describes.
    pub attack: String,
    /// What a match makes of a packet.
    pub verdict: Verdict,
    /// The predicate in words.
    pub definition: String,
    /// Packets it decided, per block (index = block).
    pub per_block: Vec<u64>,
    /// Packets it decided in all.
    pub total: u64,
    /// Packets of normal captures its predicate matches (they stay normal): how specific it is.
    pub matches_in_normal: u64,
}

/// The relabelling's record in the model card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelabelSummary {
    /// What the labels mean, in one sentence.
    pub meaning: String,
    /// Labels per block.
    pub blocks: Vec<BlockCounts>,
    /// Labels over all blocks.
    pub total: LabelCounts,
    /// The rules in the order they are tried, with their counts.
    pub rules: Vec<RuleCounts>,
}

/// The card's one-sentence meaning of the attack labels.
pub const MEANING: &str = "attack = packets of the lab's attacks (the rules below, tried in order; the \
    first match decides), background = every other packet of an attack capture, normal = packets of the \
    normal capture, undecided = attacker traffic that is not clearly the attack (left out of training); \
    training uses attack as positive and background + normal as negative";

pub(super) fn summarise(relabelling: &Relabelling, block_of: &[usize], n_blocks: usize) -> RelabelSummary {
    let mut blocks = vec![LabelCounts::default(); n_blocks];
    let mut per_rule = vec![vec![0u64; n_blocks]; RULES.len()];
    let mut total = LabelCounts::default();
    for (row, &label) in relabelling.labels().iter().enumerate() {
        total.add(label);
        let Some(&block) = block_of.get(row).filter(|&&b| b < n_blocks) else { continue };
        blocks[block].add(label);
        if let Some(rule) = relabelling.rule_index(row) {
            per_rule[rule][block] += 1;
        }
    }
    let totals_by_rule = rule_totals(relabelling);
    let rules = RULES
        .iter()
        .zip(per_rule)
        .enumerate()
        .map(|(i, (rule, per_block))| RuleCounts {
            name: rule.name.to_owned(),
            attack: rule.attack.to_owned(),
            verdict: rule.verdict,
            definition: rule.definition.to_owned(),
            per_block,
            total: totals_by_rule[i],
            matches_in_normal: relabelling.normal_matches()[i],
        })
        .collect();
    let blocks =
        blocks.into_iter().enumerate().map(|(block, counts)| BlockCounts { block, counts }).collect();
    RelabelSummary { meaning: MEANING.to_owned(), blocks, total, rules }
}

fn rule_totals(relabelling: &Relabelling) -> Vec<u64> {
    let mut totals = vec![0u64; RULES.len()];
    for row in 0..relabelling.labels().len() {
        if let Some(rule) = relabelling.rule_index(row) {
            totals[rule] += 1;
        }
    }
    totals
}

impl RelabelSummary {
    /// Two Markdown tables: labels per block, and packets per rule and block.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| block | attack | background | normal | undecided | packets |\n");
        out.push_str("|---:|---:|---:|---:|---:|---:|\n");
        let row = |name: String, c: &LabelCounts| {
            format!(
                "| {name} | {} | {} | {} | {} | {} |\n",
                c.attack,
                c.background,
                c.normal,
                c.undecided,
                c.total()
            )
        };
        for b in &self.blocks {
            out.push_str(&row(b.block.to_string(), &b.counts));
        }
        out.push_str(&row("all".to_owned(), &self.total));
        let n_blocks = self.blocks.len();
        out.push_str("\n| rule | verdict |");
        for b in 0..n_blocks {
            out.push_str(&format!(" block {b} |"));
        }
        out.push_str(" total | matches in normal capture |\n|---|---|");
        out.push_str(&"---:|".repeat(n_blocks + 2));
        out.push('\n');
        for r in &self.rules {
            let verdict = match r.verdict {
                Verdict::Attack => "attack",
                Verdict::Undecided => "undecided",
            };
            out.push_str(&format!("| `{}` | {verdict} |", r.name));
            for count in &r.per_block {
                out.push_str(&format!(" {count} |"));
            }
            out.push_str(&format!(" {} | {} |\n", r.total, r.matches_in_normal));
        }
        out
    }
}
