//! Charts: view models built from capture summaries, and SVG snapshots of every chart.
//!
//! Snapshots live in tests/charts/snapshots/; after an intended change to a chart, look at the new SVG and
//! accept it with `ANOMALYZE_ACCEPT_SNAPSHOTS=1 cargo test --test tests charts`. To look at them as pictures:
//! `for f in tests/charts/snapshots/*.svg; do rsvg-convert "$f" -o "/tmp/${f##*/}.png"; done` (Debian
//! `librsvg2-bin`), then open the PNGs.

use std::path::PathBuf;

mod edges;
mod evaluation;
mod features;

use anomalyze::analysis::{CaptureSummary, LabelCounts, ProtocolCount};
use anomalyze::capture::{SkippedRow, TimeFormat};
use anomalyze::charts::{
    draw_class_distribution, draw_protocol_breakdown, ClassDistributionView, ClassKind,
    ProtocolBreakdownView, Theme,
};
use plotters::prelude::*;

const PROTOCOLS: [(&str, u64, u64); 15] = [
    ("TCP", 120_000, 118_500),
    ("UDP", 60_210, 59_000),
    ("TLSv1.3", 25_000, 400),
    ("QUIC", 18_000, 20),
    ("DNS", 9_000, 4_000),
    ("ICMP", 8_000, 7_990),
    ("ARP", 3_000, 2_000),
    ("SSDP", 1_200, 1_100),
    ("MDNS", 900, 800),
    ("HTTP", 700, 0),
    ("NTP", 300, 0),
    ("TLSv1.2", 200, 0),
    ("IGMPv3", 90, 0),
    ("DHCP", 40, 0),
    ("LLMNR", 5, 5),
];

fn summary(labelled: bool) -> CaptureSummary {
    let protocols: Vec<ProtocolCount> = PROTOCOLS
        .iter()
        .map(|&(name, total, malicious)| ProtocolCount {
            protocol: name.to_string(),
            total,
            normal: if labelled { total - malicious } else { 0 },
            malicious: if labelled { malicious } else { 0 },
        })
        .collect();
    let packets: u64 = protocols.iter().map(|p| p.total).sum();
    let malicious: u64 = protocols.iter().map(|p| p.malicious).sum();
    CaptureSummary {
        file_name: "fixture.csv".to_string(),
        rows_read: packets + 1,
        packets,
        skipped_count: 1,
        skipped: vec![SkippedRow { line: 7, reason: "Length `abc` is not a number".to_string() }],
        repaired_count: 0,
        repaired: Vec::new(),
        captures: 1,
        time_span_s: 3600.0,
        time_format: TimeFormat::Seconds,
        labels: labelled.then_some(LabelCounts { normal: packets - malicious, malicious, unlabelled: 0 }),
        protocols,
    }
}

#[test]
fn protocol_view_keeps_the_top_twelve_and_folds_the_rest_into_other() {
    let view = ProtocolBreakdownView::from_summary(&summary(true), ProtocolBreakdownView::TOP_PROTOCOLS);
    assert_eq!(view.bars.len(), 13);
    assert_eq!(view.bars[0].protocol, "TCP");
    assert_eq!((view.bars[0].normal, view.bars[0].malicious, view.bars[0].unlabelled), (1_500, 118_500, 0));
    let other = &view.bars[12];
    assert_eq!(other.protocol, "other (3 protocols)");
    assert_eq!((other.normal, other.malicious, other.total()), (130, 5, 135));
    assert_eq!(view.title, "Packets per protocol (top 12 of 15)");
    assert!(view.labelled);
    let total: u64 = view.bars.iter().map(|b| b.total()).sum();
    assert_eq!(total, summary(true).packets);
}

#[test]
fn protocol_view_of_an_unlabelled_capture_counts_everything_as_unlabelled() {
    let view = ProtocolBreakdownView::from_summary(&summary(false), 20);
    assert_eq!(view.bars.len(), 15);
    assert!(!view.labelled);
    assert!(view.bars.iter().all(|b| b.normal == 0 && b.malicious == 0 && b.unlabelled == b.total()));
    assert_eq!(view.title, "Packets per protocol");
}

#[test]
fn class_view_lists_normal_and_malicious_and_only_real_unlabelled_rows() {
    let view = ClassDistributionView::from_summary(&summary(true));
    let classes: Vec<(ClassKind, u64)> = view.bars.iter().map(|b| (b.class, b.packets)).collect();
    assert_eq!(classes, vec![(ClassKind::Normal, 52_830), (ClassKind::Malicious, 193_815)]);
    let unlabelled = ClassDistributionView::from_summary(&summary(false));
    assert_eq!(unlabelled.bars.len(), 1);
    assert_eq!(unlabelled.bars[0].class, ClassKind::Unlabelled);
    assert_eq!(unlabelled.title, "Class distribution (no label column)");
}

pub(super) fn render(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>),
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root);
    }
    svg
}

/// The contents of every `<text>` element of an SVG, trimmed.
pub(super) fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_string()))
        .collect()
}

/// Compares `svg` with the committed snapshot `name`, or writes it when accepting.
pub(super) fn check_snapshot(name: &str, svg: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "charts", "snapshots", name].iter().collect();
    if std::env::var_os("ANOMALYZE_ACCEPT_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, svg).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "no snapshot {} ({e}); accept with ANOMALYZE_ACCEPT_SNAPSHOTS=1 cargo test charts",
            path.display()
        )
    });
    if expected != svg {
        let actual = path.with_extension("actual.svg");
        let _ = std::fs::write(&actual, svg);
        panic!(
            "{name} differs from its snapshot; the new drawing is in {} — look at it, then accept with \
             ANOMALYZE_ACCEPT_SNAPSHOTS=1 cargo test charts",
            actual.display()
        );
    }
}

#[test]
fn protocol_breakdown_by_label_matches_its_snapshot() {
    let view = ProtocolBreakdownView::from_summary(&summary(true), ProtocolBreakdownView::TOP_PROTOCOLS);
    let theme = Theme::for_width(800);
    let svg = render((800, 480), |area| draw_protocol_breakdown(area, &view, &theme).expect("draws"));
    let texts = texts(&svg);
    for text in
        ["Packets per protocol (top 12 of 15)", "Packets", "Protocol", "TLSv1.3", "other (3 protocols)"]
    {
        assert!(texts.iter().any(|t| t == text), "missing text {text:?} in {texts:?}");
    }
    for legend in ["normal", "malicious", "120k", "135"] {
        assert!(texts.iter().any(|t| t == legend), "missing legend or bar label {legend}");
    }
    assert!(svg.contains("#D62728") && svg.contains("#1F77B4"), "bars are not drawn in the label colours");
    check_snapshot("protocol_breakdown_labelled.svg", &svg);
}

#[test]
fn protocol_breakdown_without_labels_matches_its_snapshot() {
    let view = ProtocolBreakdownView::from_summary(&summary(false), ProtocolBreakdownView::TOP_PROTOCOLS);
    let theme = Theme::for_width(360);
    let svg = render((360, 420), |area| draw_protocol_breakdown(area, &view, &theme).expect("draws"));
    assert!(texts(&svg).iter().any(|t| t == "packets (no label column)"));
    assert!(!svg.contains("#D62728"), "an unlabelled capture must not show malicious bars");
    check_snapshot("protocol_breakdown_unlabelled.svg", &svg);
}

#[test]
fn class_distribution_matches_its_snapshot() {
    let view = ClassDistributionView::from_summary(&summary(true));
    let theme = Theme::for_width(640);
    let svg = render((640, 400), |area| draw_class_distribution(area, &view, &theme).expect("draws"));
    let texts = texts(&svg);
    for text in
        ["Class distribution", "Label", "Packets", "normal", "malicious", "194k (78.6%)", "53k (21.4%)"]
    {
        assert!(texts.iter().any(|t| t == text), "missing text {text:?} in {texts:?}");
    }
    check_snapshot("class_distribution.svg", &svg);
}

#[test]
fn empty_views_draw_without_error() {
    let empty = CaptureSummary { packets: 0, protocols: vec![], labels: None, ..summary(false) };
    let theme = Theme::for_width(400);
    let protocols = ProtocolBreakdownView::from_summary(&empty, 12);
    let classes = ClassDistributionView::from_summary(&empty);
    let svg = render((400, 300), |a| draw_protocol_breakdown(a, &protocols, &theme).expect("draws"));
    assert!(svg.contains("Packets per protocol"));
    let svg = render((400, 300), |a| draw_class_distribution(a, &classes, &theme).expect("draws"));
    assert!(texts(&svg).iter().any(|t| t == "0 (0.0%)"));
}
