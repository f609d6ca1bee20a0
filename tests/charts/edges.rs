//! Edge cases of every chart: no labels, one class, NaN values, a single item, and the serde round trip
//! the worker → main-thread path relies on.

use anomalyze::charts::*;
use anomalyze::drift::Verdict;
use anomalyze::eval::{Confusion, Metrics, RankedScores};
use anomalyze::explain::permutation::{FeatureImportance, PermutationImportance};
use anomalyze::explain::{EnsembleShap, ShapMethod};
use anomalyze::features::FeatureMatrix;
use ndarray::Array2;
use serde::{de::DeserializeOwned, Serialize};

use super::{render, texts};

/// Draws `$view` with `$draw` at phone and desktop widths; gives the desktop SVG.
macro_rules! draw_both {
    ($view:expr, $draw:ident) => {{
        let view = $view;
        let _ = render((390, 320), |a| {
            let _ = $draw(a, &view, &Theme::for_width(390)).expect("draws narrow");
        });
        render((1280, 480), |a| {
            let _ = $draw(a, &view, &Theme::for_width(1280)).expect("draws wide");
        })
    }};
}

fn round_trips<V: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(view: &V) {
    let json = serde_json::to_string(view).expect("serialises");
    let back: V = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(&back, view, "the view survives JSON (the worker's transfer format)");
}

#[test]
fn unlabelled_files_give_charts_that_say_why_they_are_empty() {
    let probabilities = [0.1, 0.9, 0.7];
    let reasons = [
        draw_both!(ConfusionView::new(None, 0.5), draw_confusion_matrix),
        draw_both!(RocCurveView::new(None, 0.5), draw_roc_curve),
        draw_both!(PrCurveView::new(None, 0.5), draw_pr_curve),
        draw_both!(ThresholdCurveView::new(None, 0.5), draw_threshold_curve),
        draw_both!(
            ErrorsByProtocolView::new(&["TCP"; 3], None, &probabilities, 0.5, 5).expect("ok"),
            draw_errors_by_protocol
        ),
        draw_both!(CorrelationView::new(None, None, 5), draw_correlation),
        draw_both!(
            PermutationView::new(
                Err("This file has no labels; permutation importance needs them.".into()),
                5
            ),
            draw_permutation_importance
        ),
    ];
    for svg in reasons {
        let all = texts(&svg).join(" ");
        assert!(all.contains("no labels"), "no reason in {all}");
    }
}

#[test]
fn one_class_only_is_said_plainly() {
    let only_malicious = RankedScores::new(&[true, true, true], &[0.2, 0.6, 0.9]).expect("ranked");
    let roc = RocCurveView::new(Some(&only_malicious), 0.5);
    let svg = draw_both!(roc, draw_roc_curve);
    assert!(texts(&svg).join(" ").contains("Only malicious packets (3)"));
    // PR and threshold curves are defined with positives only; the ROC curve is not.
    assert!(PrCurveView::new(Some(&only_malicious), 0.5).empty_reason.is_none());
    let curve = ThresholdCurveView::new(Some(&only_malicious), 0.5);
    let _ = draw_both!(curve, draw_threshold_curve);
    let metrics = Metrics::evaluate(&only_malicious, 0.5);
    let view = MetricsSummaryView::new(vec![], Some(&metrics), 0.5);
    assert_eq!(view.columns[0].values.specificity, None);
    assert_eq!(view.columns[0].values.roc_auc, None);
    let svg = draw_both!(view, draw_metrics_summary);
    assert!(texts(&svg).iter().filter(|t| *t == "—").count() >= 2, "undefined metrics are shown as —");
}

#[test]
fn nan_and_single_items_draw_without_panicking() {
    let nan = MetricValues { accuracy: Some(f64::NAN), ..MetricValues::default() };
    let metrics = MetricsSummaryView {
        title: "Metrics".into(),
        columns: vec![
            MetricColumn { source: "train".into(), values: nan },
            MetricColumn { source: "x".repeat(80), values: MetricValues { recall: Some(0.5), ..nan } },
        ],
        threshold: 0.5,
        note: String::new(),
        empty_reason: None,
    };
    let _ = draw_both!(metrics, draw_metrics_summary);
    let _ = draw_both!(
        ConfusionView::new(Some(Confusion { tn: 0, fp: 0, fn_: 0, tp: 1 }), 0.5),
        draw_confusion_matrix
    );
    let single = RankedScores::new(&[true, false], &[0.5, 0.5]).expect("ranked");
    let _ = draw_both!(RocCurveView::new(Some(&single), 0.5), draw_roc_curve);
    let _ = draw_both!(PrCurveView::new(Some(&single), 0.5), draw_pr_curve);
    let shap = EnsembleShap {
        first_row: 0,
        width: 2,
        values: vec![f64::NAN, 0.2],
        probability: vec![f64::NAN],
        method: ShapMethod::Interventional,
    };
    let matrix = FeatureMatrix::new(Array2::from_elem((1, 1), f64::NAN), vec!["x".into()]).expect("matrix");
    let swarm = BeeswarmView::new(&shap, &matrix, 20).expect("fits");
    assert_eq!(swarm.features[0].points[0].colour, None, "a missing value is grey");
    let _ = draw_both!(swarm, draw_shap_beeswarm);
    let _ =
        draw_both!(ShapImportanceView::new(&shap, matrix.names(), 20).expect("fits"), draw_shap_importance);
    let waterfall = WaterfallView::new(&shap, 0, &matrix, "packet 1", 10).expect("fits");
    assert_eq!(waterfall.steps[0].value, "missing");
    let _ = draw_both!(waterfall, draw_shap_waterfall);
    let importance = PermutationImportance {
        baseline: 0.9,
        features: vec![
            FeatureImportance { feature: "nan".into(), mean: f64::NAN, std: f64::NAN, drops: vec![f64::NAN] },
            FeatureImportance { feature: "real".into(), mean: 0.01, std: 0.0, drops: vec![0.01] },
        ],
    };
    let permutation = PermutationView::new(Ok(&importance), 5);
    assert_eq!(permutation.rows[0].feature, "real", "a NaN importance sorts last");
    let _ = draw_both!(permutation, draw_permutation_importance);
    let activity = ActivityView::new(&[5.0], &[true], None, 0.5, MAX_BUCKETS).expect("ok");
    assert_eq!(activity.bins.len(), 1);
    let _ = draw_both!(activity, draw_activity);
    let drift = FeatureDriftView {
        title: "Distribution of x".into(),
        feature: "x".into(),
        categorical: true,
        bins: vec![DriftBin { label: "1".into(), training: 1.0, file: 0.0 }],
        psi: 9.2,
        jensen_shannon: 1.0,
        ks: None,
        verdict: Verdict::Strong,
        training_rows: 1,
        file_rows: 1,
    };
    let _ = draw_both!(drift, draw_feature_drift);
    let _ = draw_both!(DriftRankingView::new(&[], 20), draw_drift_ranking);
}

#[test]
fn every_view_survives_the_worker_round_trip() {
    let labels = [true, false, true, false, true];
    let probabilities = [0.9, 0.2, 0.4, 0.6, 0.8];
    let ranked = RankedScores::new(&labels, &probabilities).expect("ranked");
    round_trips(&MetricsSummaryView::new(vec![], Some(&Metrics::evaluate(&ranked, 0.5)), 0.5));
    round_trips(&ConfusionView::new(Some(ranked.confusion_at(0.5)), 0.5));
    round_trips(&LabelComparisonView::new(Some(&labels), &probabilities, 0.5).expect("ok"));
    round_trips(
        &ErrorsByProtocolView::new(&["A", "B", "A", "B", "C"], Some(&labels), &probabilities, 0.5, 5)
            .expect("ok"),
    );
    round_trips(&RocCurveView::new(Some(&ranked), 0.5));
    round_trips(&PrCurveView::new(Some(&ranked), 0.5));
    round_trips(&ThresholdCurveView::new(Some(&ranked), 0.5));
    let values = Array2::from_shape_fn((5, 2), |(i, j)| (i + j) as f64);
    let matrix = FeatureMatrix::new(values, vec!["a".into(), "b".into()]).expect("matrix");
    let shap = EnsembleShap {
        first_row: 0,
        width: 3,
        values: (0..15).map(|k| if k % 3 == 2 { 0.25 } else { 0.01 * k as f64 }).collect(),
        probability: (0..5).map(|r| 0.25 + 0.01 * (3 * r) as f64 + 0.01 * (3 * r + 1) as f64).collect(),
        method: ShapMethod::Rescaled,
    };
    round_trips(&BeeswarmView::new(&shap, &matrix, 20).expect("fits"));
    round_trips(&ShapImportanceView::new(&shap, matrix.names(), 20).expect("fits"));
    round_trips(&WaterfallView::new(&shap, 1, &matrix, "packet 2", 20).expect("fits"));
    round_trips(
        &ActivityView::new(
            &[0.0, 1.5, 3.0, 3.1, 9.0],
            &[true, false, true, true, false],
            Some(&labels),
            0.5,
            100,
        )
        .expect("ok")
        .with_brush(1.0, 3.0),
    );
}
