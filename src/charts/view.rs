//! View models of the charts, computed from a [`CaptureSummary`]: what to draw, already aggregated.
//!
//! Input: a capture summary. Output: serialisable views that cross the wasm boundary (worker → main
//! thread) and feed the `draw_*` functions. Rejects nothing: an empty summary gives empty views.

use serde::{Deserialize, Serialize};

use crate::analysis::CaptureSummary;

/// One bar of the protocol breakdown: packets of a protocol (or of "other") by label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolBar {
    /// Protocol as Wireshark names it, or `other (N protocols)`.
    pub protocol: String,
    /// Packets labelled normal.
    pub normal: u64,
    /// Packets labelled malicious.
    pub malicious: u64,
    /// Packets without a label.
    pub unlabelled: u64,
}

impl ProtocolBar {
    /// All packets of the bar.
    pub fn total(&self) -> u64 {
        self.normal + self.malicious + self.unlabelled
    }
}

/// The protocol breakdown chart: the most frequent protocols, most frequent first, plus "other".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolBreakdownView {
    /// Chart title.
    pub title: String,
    /// Whether the capture had a label column (bars are then split normal / malicious).
    pub labelled: bool,
    /// Bars, most frequent first; the last one is "other" when protocols were folded.
    pub bars: Vec<ProtocolBar>,
}

impl ProtocolBreakdownView {
    /// Protocols shown by name; the rest are folded into one "other" bar.
    pub const TOP_PROTOCOLS: usize = 12;

    /// The top `top` protocols of the summary by packet count, and one "other" bar for the rest.
    pub fn from_summary(summary: &CaptureSummary, top: usize) -> Self {
        let bar = |protocol: String, total: u64, normal: u64, malicious: u64| ProtocolBar {
            protocol,
            normal,
            malicious,
            unlabelled: total.saturating_sub(normal + malicious),
        };
        let mut bars: Vec<ProtocolBar> = summary
            .protocols
            .iter()
            .take(top)
            .map(|p| bar(p.protocol.clone(), p.total, p.normal, p.malicious))
            .collect();
        let rest = summary.protocols.get(top..).unwrap_or(&[]);
        if !rest.is_empty() {
            let name = format!("other ({} protocols)", rest.len());
            let sum = |f: fn(&crate::analysis::ProtocolCount) -> u64| rest.iter().map(f).sum::<u64>();
            bars.push(bar(name, sum(|p| p.total), sum(|p| p.normal), sum(|p| p.malicious)));
        }
        let title = if summary.protocols.len() > top {
            format!("Packets per protocol (top {top} of {})", summary.protocols.len())
        } else {
            "Packets per protocol".to_string()
        };
        ProtocolBreakdownView { title, labelled: summary.labels.is_some(), bars }
    }
}

/// A class of the class distribution chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClassKind {
    /// Labelled normal.
    Normal,
    /// Labelled malicious.
    Malicious,
    /// No (recognised) label.
    Unlabelled,
}

impl ClassKind {
    /// The name shown on the axis and in the legend.
    pub fn name(self) -> &'static str {
        match self {
            ClassKind::Normal => "normal",
            ClassKind::Malicious => "malicious",
            ClassKind::Unlabelled => "unlabelled",
        }
    }
}

/// One bar of the class distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassBar {
    /// Which class.
    pub class: ClassKind,
    /// Packets of that class.
    pub packets: u64,
}

/// The class distribution chart: packets per label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDistributionView {
    /// Chart title.
    pub title: String,
    /// Bars in the order normal, malicious, unlabelled; classes with no packets are left out, except
    /// that an unlabelled capture shows its one "unlabelled" bar.
    pub bars: Vec<ClassBar>,
}

impl ClassDistributionView {
    /// Packets per label of the summary.
    pub fn from_summary(summary: &CaptureSummary) -> Self {
        let bars = match summary.labels {
            Some(l) => [
                (ClassKind::Normal, l.normal),
                (ClassKind::Malicious, l.malicious),
                (ClassKind::Unlabelled, l.unlabelled),
            ]
            .into_iter()
            .filter(|&(class, packets)| packets > 0 || class != ClassKind::Unlabelled)
            .map(|(class, packets)| ClassBar { class, packets })
            .collect(),
            None => vec![ClassBar { class: ClassKind::Unlabelled, packets: summary.packets }],
        };
        let title = match summary.labels {
            Some(_) => "Class distribution".to_string(),
            None => "Class distribution (no label column)".to_string(),
        };
        ClassDistributionView { title, bars }
    }

    /// Packets over all bars.
    pub fn total(&self) -> u64 {
        self.bars.iter().map(|b| b.packets).sum()
    }
}
