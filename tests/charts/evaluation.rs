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
