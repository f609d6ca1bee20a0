//! Evaluation charts: metrics summary, confusion matrix, true vs predicted labels, mistakes by protocol,
//! ROC / PR / threshold curves — their view models and SVG snapshots.

use anomalyze::charts::*;
use anomalyze::eval::{Confusion, Metrics, RankedScores};

use super::{check_snapshot, render, texts};

fn has(texts: &[String], wanted: &str) -> bool {
    texts.iter().any(|t| t == wanted)
}

fn assert_texts(svg: &str, wanted: &[&str]) {
    let texts = texts(svg);
    for w in wanted {
        assert!(has(&texts, w), "missing text {w:?} in {texts:?}");
    }
}

fn card_column(source: &str, base: f64) -> MetricColumn {
    let values = MetricValues {
        accuracy: Some(base),
        precision: Some(base - 0.01),
        recall: Some(base - 0.02),
        f1: Some(base - 0.015),
        specificity: Some(0.9987),
        roc_auc: Some(0.997),
        pr_auc: Some(0.995),
    };
    MetricColumn { source: source.to_string(), values }
}

/// 100 labelled packets: 40 malicious with probabilities 0.3..0.99, 60 normal with 0.0..0.6.
fn fixture() -> (Vec<bool>, Vec<f64>) {
    let mut labels = Vec::new();
    let mut probabilities = Vec::new();
    for i in 0..40 {
        labels.push(true);
        probabilities.push(0.3 + 0.69 * f64::from(i) / 39.0);
    }
    for i in 0..60 {
        labels.push(false);
        probabilities.push(0.6 * f64::from(i) / 59.0);
    }
    (labels, probabilities)
}

#[test]
fn metric_values_read_undefined_and_nan_as_missing() {
    let m = Metrics::from_confusion(Confusion { tn: 10, fp: 0, fn_: 0, tp: 0 }, 0.5);
    let v = MetricValues::from_metrics(&m);
    assert_eq!(v.accuracy, Some(1.0));
    assert_eq!(v.precision, None, "nothing flagged: precision undefined");
    assert_eq!(v.recall, None);
    assert_eq!(v.roc_auc, None, "from a confusion only: no AUC");
    let nan = MetricValues { accuracy: Some(f64::NAN), ..v };
    assert_eq!(nan.values()[0], None);
}

#[test]
fn metric_values_from_card_counts_flag_zero_denominators() {
    let counts = Confusion { tn: 90, fp: 10, fn_: 0, tp: 0 };
    let v = MetricValues::from_counts(counts, None, Some(f64::NAN));
    assert_eq!(v.accuracy, Some(0.9));
    assert_eq!(v.specificity, Some(0.9));
    assert_eq!((v.precision, v.recall, v.f1), (Some(0.0), None, Some(0.0)));
    assert_eq!((v.roc_auc, v.pr_auc), (None, None));
    let full = MetricValues::from_counts(Confusion { tn: 5, fp: 1, fn_: 2, tp: 8 }, Some(0.97), Some(0.95));
    assert_eq!(full.precision, Some(8.0 / 9.0));
    assert_eq!(full.roc_auc, Some(0.97));
}

#[test]
fn metrics_summary_without_labels_or_card_says_why_it_is_empty() {
    let view = MetricsSummaryView::new(vec![], None, 0.5);
    assert!(view.empty_reason.as_deref().is_some_and(|r| r.contains("no labels")));
    let svg = render((390, 300), |a| draw_metrics_summary(a, &view, &Theme::for_width(390)).expect("draws"));
    assert!(svg.contains("No metrics to show"), "the empty chart must say why");
    check_snapshot("metrics_summary_empty.svg", &svg);
}

#[test]
fn metrics_summary_matches_its_snapshot() {
    let (labels, probabilities) = fixture();
    let ranked = RankedScores::new(&labels, &probabilities).expect("ranked");
    let file = Metrics::evaluate(&ranked, 0.5);
    let card = vec![card_column("train", 0.985), card_column("test", 0.95), card_column("new data", 0.942)];
    let view = MetricsSummaryView::new(card, Some(&file), 0.5);
    assert_eq!(view.columns.len(), 4);
    assert_eq!(view.columns[3].source, "this file");
    assert!(view.empty_reason.is_none());
    let svg =
        render((1280, 460), |a| draw_metrics_summary(a, &view, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["Accuracy", "PR AUC", "train", "this file", "0.9987", "0.985"]);
    check_snapshot("metrics_summary.svg", &svg);
    let narrow =
        render((390, 420), |a| draw_metrics_summary(a, &view, &Theme::for_width(390)).expect("draws"));
    check_snapshot("metrics_summary_narrow.svg", &narrow);
}

#[test]
fn confusion_view_of_an_unlabelled_file_is_empty_with_a_reason() {
    let view = ConfusionView::new(None, 0.5);
    assert!(view.empty_reason.as_deref().is_some_and(|r| r.contains("no labels")));
    let svg = render((640, 400), |a| draw_confusion_matrix(a, &view, &Theme::for_width(640)).expect("draws"));
    assert!(svg.contains("no labels"));
}

#[test]
fn confusion_matrix_matches_its_snapshot() {
    let confusion = Confusion { tn: 52_830, fp: 68, fn_: 13_402, tp: 180_413 };
    let view = ConfusionView::new(Some(confusion), 0.5);
    let svg = render((800, 520), |a| draw_confusion_matrix(a, &view, &Theme::for_width(800)).expect("draws"));
    assert_texts(
        &svg,
        &[
            "Confusion matrix at threshold 0.50",
            "52,830",
            "13,402",
            "false negatives",
            "6.9% of malicious",
            "0.1% of normal",
        ],
    );
    assert!(svg.contains("#F59E0B"), "mistakes are outlined in the highlight colour");
    check_snapshot("confusion_matrix.svg", &svg);
    let narrow =
        render((390, 420), |a| draw_confusion_matrix(a, &view, &Theme::for_width(390)).expect("draws"));
    check_snapshot("confusion_matrix_narrow.svg", &narrow);
}

#[test]
fn label_comparison_counts_truth_and_predictions() {
    let (labels, probabilities) = fixture();
    let view = LabelComparisonView::new(Some(&labels), &probabilities, 0.5).expect("same lengths");
    assert_eq!(view.truth, Some(ClassCounts { normal: 60, malicious: 40 }));
    let flagged = probabilities.iter().filter(|&&p| p >= 0.5).count() as u64;
    assert_eq!(view.predicted, ClassCounts { normal: 100 - flagged, malicious: flagged });
    assert!(LabelComparisonView::new(Some(&labels[..3]), &probabilities, 0.5).is_err());
    let svg =
        render((1280, 360), |a| draw_label_comparison(a, &view, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["true label", "predicted (≥ 0.50)", "normal 60 (60.0%) · malicious 40 (40.0%)"]);
    check_snapshot("label_comparison.svg", &svg);
    let unlabelled = LabelComparisonView::new(None, &probabilities, 0.5).expect("no labels to check");
    let svg =
        render((390, 300), |a| draw_label_comparison(a, &unlabelled, &Theme::for_width(390)).expect("draws"));
    assert!(!texts(&svg).iter().any(|t| t == "true label"));
    check_snapshot("label_comparison_unlabelled.svg", &svg);
}

#[test]
fn errors_by_protocol_counts_mistakes_and_folds_the_tail() {
    let protocols = ["TCP", "TCP", "UDP", "UDP", "DNS", "ARP", "ICMP", "TCP"];
    let labels = [false, true, false, true, false, true, false, false];
    let probabilities = [0.9, 0.1, 0.7, 0.2, 0.8, 0.3, 0.1, 0.2];
    let view = ErrorsByProtocolView::new(&protocols, Some(&labels), &probabilities, 0.5, 2).expect("lengths");
    let rows: Vec<(&str, u64, u64)> =
        view.rows.iter().map(|r| (r.protocol.as_str(), r.false_positives, r.false_negatives)).collect();
    assert_eq!(rows, vec![("TCP", 1, 1), ("UDP", 1, 1), ("other (2 protocols)", 1, 1)]);
    assert!(ErrorsByProtocolView::new(&protocols[..2], Some(&labels), &probabilities, 0.5, 2).is_err());
    let unlabelled = ErrorsByProtocolView::new(&protocols, None, &probabilities, 0.5, 2).expect("lengths");
    assert!(unlabelled.empty_reason.is_some());
    let perfect =
        ErrorsByProtocolView::new(&protocols, Some(&labels), &labels.map(f64::from), 0.5, 2).expect("ok");
    assert!(perfect.empty_reason.as_deref().is_some_and(|r| r.contains("No false positives")));
}

#[test]
fn errors_by_protocol_matches_its_snapshot() {
    let view = ErrorsByProtocolView {
        title: "False positives and negatives by protocol at 0.50".into(),
        threshold: 0.5,
        rows: vec![
            ProtocolErrors { protocol: "TCP".into(), false_positives: 40, false_negatives: 12_100 },
            ProtocolErrors { protocol: "DNS".into(), false_positives: 20, false_negatives: 900 },
            ProtocolErrors { protocol: "TLSv1.3".into(), false_positives: 8, false_negatives: 300 },
            ProtocolErrors {
                protocol: "other (5 protocols)".into(),
                false_positives: 0,
                false_negatives: 102,
            },
        ],
        empty_reason: None,
    };
    let svg =
        render((1280, 420), |a| draw_errors_by_protocol(a, &view, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["TCP", "12,100", "false negatives (malicious missed)", "other (5 protocols)"]);
    check_snapshot("errors_by_protocol.svg", &svg);
}

#[test]
fn curve_views_mark_the_threshold_where_the_confusion_matrix_puts_it() {
    let (labels, probabilities) = fixture();
    let ranked = RankedScores::new(&labels, &probabilities).expect("ranked");
    let c = ranked.confusion_at(0.5);
    let roc = RocCurveView::new(Some(&ranked), 0.5);
    let marker = roc.marker.expect("marked");
    assert_eq!((marker.x, marker.y), (c.fp as f64 / 60.0, c.tp as f64 / 40.0));
    assert_eq!(roc.points.first(), Some(&[0.0, 0.0]));
    assert_eq!(roc.points.last(), Some(&[1.0, 1.0]));
    assert!((roc.auc - anomalyze::eval::roc_auc(&labels, &probabilities).expect("auc")).abs() < 1e-12);
    let pr = PrCurveView::new(Some(&ranked), 0.5);
    let marker = pr.marker.expect("marked");
    assert_eq!((marker.x, marker.y), (c.tp as f64 / 40.0, c.tp as f64 / (c.tp + c.fp) as f64));
    assert_eq!(pr.prevalence, 0.4);
    let nothing_flagged = PrCurveView::new(Some(&ranked), 1.5).marker.expect("marked");
    assert_eq!((nothing_flagged.x, nothing_flagged.y), (0.0, 1.0));
    let curve = ThresholdCurveView::new(Some(&ranked), 0.5);
    assert_eq!(curve.points.len(), THRESHOLD_STEPS + 1);
    let at = curve.at_threshold.expect("at threshold");
    assert_eq!(at.recall, c.tp as f64 / 40.0);
    let one_class = RankedScores::new(&[false, false], &[0.1, 0.2]).expect("ranked");
    assert!(RocCurveView::new(Some(&one_class), 0.5).empty_reason.is_some_and(|r| r.contains("Only normal")));
    assert!(PrCurveView::new(None, 0.5).empty_reason.is_some_and(|r| r.contains("no labels")));
}

#[test]
fn curves_match_their_snapshots() {
    let (labels, probabilities) = fixture();
    let ranked = RankedScores::new(&labels, &probabilities).expect("ranked");
    let theme = Theme::for_width(640);
    let roc = RocCurveView::new(Some(&ranked), 0.5);
    let svg = render((640, 520), |a| draw_roc_curve(a, &roc, &theme).expect("draws"));
    let title = format!("ROC curve (AUC {})", format_metric(Some(roc.auc)));
    assert_texts(&svg, &[title.as_str(), "False-positive rate (normal flagged)"]);
    check_snapshot("roc_curve.svg", &svg);
    let pr = PrCurveView::new(Some(&ranked), 0.5);
    let svg = render((640, 520), |a| draw_pr_curve(a, &pr, &theme).expect("draws"));
    assert_texts(&svg, &["random guess (40.0% malicious)"]);
    check_snapshot("pr_curve.svg", &svg);
    let curve = ThresholdCurveView::new(Some(&ranked), 0.5);
    let svg =
        render((1280, 520), |a| draw_threshold_curve(a, &curve, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["precision", "recall", "F1", "share flagged"]);
    check_snapshot("threshold_curve.svg", &svg);
    let narrow =
        render((390, 420), |a| draw_threshold_curve(a, &curve, &Theme::for_width(390)).expect("draws"));
    check_snapshot("threshold_curve_narrow.svg", &narrow);
    let empty = RocCurveView::new(None, 0.5);
    let svg = render((390, 300), |a| draw_roc_curve(a, &empty, &Theme::for_width(390)).expect("draws"));
    check_snapshot("roc_curve_unlabelled.svg", &svg);
}
