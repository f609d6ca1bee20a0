//! Per-feature charts: correlation, drift, SHAP beeswarm / bars / waterfall, permutation importance and
//! activity over time — view models (sorting, top-N, jitter, colour scale, bucketing) and SVG snapshots.

use anomalyze::charts::*;
use anomalyze::drift::{feature_drift, FeatureProfile, Verdict};
use anomalyze::eval::FeatureCorrelation;
use anomalyze::explain::permutation::{FeatureImportance, PermutationImportance};
use anomalyze::explain::{EnsembleShap, ShapMethod};
use anomalyze::features::FeatureMatrix;
use ndarray::Array2;

use super::{check_snapshot, render, texts};

const LONG_NAME: &str = "Destination_Port_Is_Well_Known_Service_And_Payload_Length_Ratio_Over_Window";

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| if i == 3 { LONG_NAME.to_string() } else { format!("Feature_{i:02}") }).collect()
}

/// A deterministic pseudo-random number in [0, 1).
fn noise(i: usize, j: usize) -> f64 {
    let x = ((i * 7919 + j * 104_729 + 13) % 10_007) as f64;
    (x * 0.618_034).fract()
}

/// `rows` packets × `features` features, with SHAP values that grow with the value for small indices.
fn shap_fixture(rows: usize, features: usize) -> (FeatureMatrix, EnsembleShap) {
    let values = Array2::from_shape_fn((rows, features), |(i, j)| {
        if j == 2 && i % 7 == 0 {
            f64::NAN
        } else {
            (noise(i, j) * 100.0).round()
        }
    });
    let matrix = FeatureMatrix::new(values, names(features)).expect("matrix");
    let base = 0.3;
    let mut shap = Vec::new();
    let mut probability = Vec::new();
    for i in 0..rows {
        let row = matrix.row(i);
        let mut sum = base;
        for (j, &v) in row.iter().enumerate() {
            let scale = 0.2 / (1.0 + j as f64);
            let contribution = if v.is_nan() { -scale * 0.2 } else { scale * (v / 100.0 - 0.5) };
            shap.push(contribution);
            sum += contribution;
        }
        shap.push(base);
        probability.push(sum);
    }
    let ensemble = EnsembleShap {
        first_row: 0,
        width: features + 1,
        values: shap,
        probability,
        method: ShapMethod::Rescaled,
    };
    (matrix, ensemble)
}

fn assert_texts(svg: &str, wanted: &[&str]) {
    let texts = texts(svg);
    for w in wanted {
        assert!(texts.iter().any(|t| t == w), "missing text {w:?} in {texts:?}");
    }
}

fn correlations(values: &[(&str, f64, bool)]) -> Vec<FeatureCorrelation> {
    values
        .iter()
        .map(|&(feature, value, defined)| FeatureCorrelation {
            feature: feature.into(),
            value,
            defined,
            rows_used: 100,
        })
        .collect()
}

#[test]
fn correlation_view_joins_sorts_by_strength_and_keeps_the_top() {
    let training = correlations(&[("a", 0.1, true), ("b", -0.8, true), ("c", 0.0, false), ("d", 0.5, true)]);
    let file = correlations(&[("a", 0.9, true), ("b", -0.7, true), ("c", 0.0, false), ("e", 0.2, true)]);
    let view = CorrelationView::new(Some(&training), Some(&file), 3);
    let order: Vec<&str> = view.rows.iter().map(|r| r.feature.as_str()).collect();
    assert_eq!(order, vec!["a", "b", "d"]);
    assert_eq!(view.rows[0].training, Some(0.1));
    assert_eq!(view.rows[0].file, Some(0.9));
    assert_eq!(view.rows[2].file, None, "d is not in the file");
    assert_eq!((view.hidden, view.more.as_str()), (2, "… 2 more features"));
    let all = CorrelationView::new(Some(&training), Some(&file), 10);
    assert_eq!(all.rows.last().map(|r| r.feature.as_str()), Some("c"), "undefined sorts last");
    assert!(CorrelationView::new(None, None, 5).empty_reason.is_some());
}

#[test]
fn correlation_matches_its_snapshot() {
    let n = 64;
    let names = names(n);
    let training: Vec<FeatureCorrelation> = names
        .iter()
        .enumerate()
        .map(|(i, f)| FeatureCorrelation {
            feature: f.clone(),
            value: (noise(i, 1) - 0.5) * 1.6,
            defined: i != 5,
            rows_used: 9,
        })
        .collect();
    let file: Vec<FeatureCorrelation> = names
        .iter()
        .enumerate()
        .map(|(i, f)| FeatureCorrelation {
            feature: f.clone(),
            value: (noise(i, 2) - 0.5) * 1.6,
            defined: true,
            rows_used: 9,
        })
        .collect();
    let view = CorrelationView::new(Some(&training), Some(&file), TOP_FEATURES);
    assert_eq!(view.rows.len(), TOP_FEATURES);
    assert_eq!(view.more, "… 44 more features");
    let svg = render((1280, 720), |a| draw_correlation(a, &view, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["… 44 more features", "training data", "this file"]);
    check_snapshot("correlation.svg", &svg);
    let few = CorrelationView::new(None, Some(&file[..6]), TOP_FEATURES);
    let svg = render((390, 420), |a| draw_correlation(a, &few, &Theme::for_width(390)).expect("draws"));
    assert!(svg.contains("…"), "the long feature name is cut with an ellipsis on a phone");
    assert!(!svg.contains(LONG_NAME), "the long feature name does not fit a phone");
    check_snapshot("correlation_narrow.svg", &svg);
}

fn drift_fixture() -> anomalyze::drift::FeatureDrift {
    let training: Vec<f64> = (0..1000).map(|i| (noise(i, 0) * 200.0).round()).collect();
    let file: Vec<f64> =
        (0..500).map(|i| if i % 10 == 0 { f64::NAN } else { (noise(i, 3) * 120.0 + 60.0).round() }).collect();
    let profile = FeatureProfile::quantile("Length", &training, 10).expect("profile");
    feature_drift(&profile, &file).expect("drift")
}

#[test]
fn feature_drift_view_labels_bins_and_keeps_missing_only_when_used() {
    let drift = drift_fixture();
    let view = FeatureDriftView::new(&drift);
    assert!(!view.categorical);
    assert_eq!(view.bins.first().map(|b| b.label.as_str()), Some("< 20"));
    assert_eq!(view.bins.last().map(|b| b.label.as_str()), Some("missing"), "10% of the file is missing");
    assert_eq!(view.bins.len(), 11);
    assert_eq!(view.verdict, Verdict::from_psi(drift.psi));
    let categories: Vec<f64> = (0..300).map(|i| f64::from(i % 3)).collect();
    let profile = FeatureProfile::categorical("Protocol_Encoded", &categories, 20).expect("profile");
    let same = FeatureDriftView::new(&feature_drift(&profile, &categories).expect("drift"));
    let labels: Vec<&str> = same.bins.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, vec!["0", "1", "2"], "empty other/missing bins are left out");
    assert_eq!(same.verdict, Verdict::None);
}

#[test]
fn feature_drift_and_ranking_match_their_snapshots() {
    let drift = drift_fixture();
    let view = FeatureDriftView::new(&drift);
    assert_eq!(view.verdict, Verdict::Strong);
    let svg = render((1280, 480), |a| draw_feature_drift(a, &view, &Theme::for_width(1280)).expect("draws"));
    let line = format!(
        "PSI {:.3}: strong drift (PSI ≥ 0.25) · KS {:.3} · JS {:.3}",
        drift.psi,
        drift.ks_statistic.unwrap_or(0.0),
        drift.jensen_shannon
    );
    assert_texts(&svg, &[line.as_str(), "training (1,000 rows)", "this file (500 rows)"]);
    check_snapshot("feature_drift.svg", &svg);
    let narrow = render((390, 420), |a| draw_feature_drift(a, &view, &Theme::for_width(390)).expect("draws"));
    check_snapshot("feature_drift_narrow.svg", &narrow);
    let mut drifts = Vec::new();
    for (k, name) in names(64).iter().enumerate() {
        let mut d = drift.clone();
        d.feature = name.clone();
        d.psi = 0.45 * noise(k, 9).powi(2);
        d.verdict = Verdict::from_psi(d.psi);
        d.jensen_shannon = d.psi / 3.0;
        drifts.push(d);
    }
    let ranking = DriftRankingView::new(&drifts, 25);
    assert!(ranking.rows.windows(2).all(|w| w[0].psi >= w[1].psi), "most drifted first");
    assert_eq!(ranking.hidden, 39);
    assert_eq!(ranking.verdict_counts.iter().sum::<usize>(), 64);
    let svg =
        render((1280, 760), |a| draw_drift_ranking(a, &ranking, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["… 39 more features", "Population stability index (PSI)"]);
    check_snapshot("drift_ranking.svg", &svg);
}

#[test]
fn swarm_offsets_stack_points_of_a_bin_alternately_and_fit_the_row() {
    let offsets = swarm_offsets(&[0.0, 0.0, 0.0, 0.0, 1.0]);
    // Layers 0, 1, 2, 3 in one bin → 0, +1, −1, +2 before scaling by 0.36 / (2 + 1).
    let unit = SWARM_HALF_HEIGHT / 3.0;
    let expected = [0.0, unit, -unit, 2.0 * unit, 0.0];
    for (o, e) in offsets.iter().zip(expected) {
        assert!((o - e).abs() < 1e-12, "{offsets:?}");
    }
    assert!(offsets.iter().all(|o| o.abs() <= SWARM_HALF_HEIGHT));
    assert_eq!(swarm_offsets(&[]), Vec::<f64>::new());
    assert_eq!(swarm_offsets(&[0.5]), vec![0.0]);
}

#[test]
fn colour_scale_clips_to_the_5th_and_95th_percentile_and_keeps_missing() {
    let mut values: Vec<f64> = (0..=100).map(f64::from).collect();
    values.push(f64::NAN);
    let scaled = colour_scale(&values);
    assert_eq!(scaled[0], Some(0.0));
    assert_eq!(scaled[100], Some(1.0));
    assert!((scaled[50].expect("defined") - 0.5).abs() < 1e-12);
    assert_eq!(scaled[101], None);
    assert_eq!(colour_scale(&[3.0, 3.0]), vec![Some(0.5), Some(0.5)]);
}

#[test]
fn beeswarm_and_importance_rank_features_by_mean_absolute_shap() {
    let (matrix, shap) = shap_fixture(80, 64);
    let view = BeeswarmView::new(&shap, &matrix, TOP_FEATURES).expect("fits");
    assert_eq!(view.features.len(), TOP_FEATURES);
    assert_eq!(view.hidden, 44);
    assert!(view.features.windows(2).all(|w| w[0].mean_abs >= w[1].mean_abs));
    assert_eq!(view.features[0].feature, "Feature_00");
    assert!(view.features.iter().all(|f| f.points.len() == 80));
    let bars = ShapImportanceView::new(&shap, matrix.names(), 10).expect("fits");
    assert_eq!(bars.bars[0].0, "Feature_00");
    assert!((bars.bars[0].1 - view.features[0].mean_abs).abs() < 1e-15);
    let narrow = FeatureMatrix::new(Array2::zeros((80, 3)), names(3)).expect("matrix");
    assert!(BeeswarmView::new(&shap, &narrow, 5).is_err(), "SHAP width must match the matrix");
    let short = FeatureMatrix::new(Array2::zeros((10, 64)), names(64)).expect("matrix");
    assert!(BeeswarmView::new(&shap, &short, 5).is_err(), "explained rows must be in the matrix");
}

#[test]
fn shap_charts_match_their_snapshots() {
    let (matrix, shap) = shap_fixture(60, 64);
    let view = BeeswarmView::new(&shap, &matrix, 12).expect("fits");
    let svg = render((1280, 620), |a| draw_shap_beeswarm(a, &view, &Theme::for_width(1280)).expect("draws"));
    assert_texts(&svg, &["SHAP values of 60 packets", "… 52 more features", "Feature value", "high", "low"]);
    check_snapshot("shap_beeswarm.svg", &svg);
    let narrow = render((390, 520), |a| draw_shap_beeswarm(a, &view, &Theme::for_width(390)).expect("draws"));
    check_snapshot("shap_beeswarm_narrow.svg", &narrow);
    let bars = ShapImportanceView::new(&shap, matrix.names(), 12).expect("fits");
    let svg =
        render((1280, 560), |a| draw_shap_importance(a, &bars, &Theme::for_width(1280)).expect("draws"));
    check_snapshot("shap_importance.svg", &svg);
}

#[test]
fn waterfall_starts_at_the_base_value_and_ends_at_the_probability() {
    let (matrix, shap) = shap_fixture(5, 64);
    let view = WaterfallView::new(&shap, 2, &matrix, "packet 3", 9).expect("fits");
    assert_eq!(view.steps.len(), 10);
    assert_eq!(view.steps[9].feature, "55 other features");
    let total: f64 = view.steps.iter().map(|s| s.contribution).sum();
    assert!((view.base_value + total - view.probability).abs() < 1e-12, "local accuracy");
    assert!(view.steps[..9].windows(2).all(|w| w[0].contribution.abs() >= w[1].contribution.abs()));
    assert_eq!(view.steps[0].value, anomalyze::charts::format_value(matrix.row(2)[0]));
    assert!(WaterfallView::new(&shap, 5, &matrix, "packet 6", 9).is_err());
    let svg = render((1280, 560), |a| draw_shap_waterfall(a, &view, &Theme::for_width(1280)).expect("draws"));
    let probability = format!("probability {:.3}", view.probability);
    assert_texts(&svg, &[probability.as_str(), "base value 0.300", "55 other features"]);
    assert!(svg.contains("TreeSHAP"), "the method is named");
    check_snapshot("shap_waterfall.svg", &svg);
    let narrow =
        render((390, 520), |a| draw_shap_waterfall(a, &view, &Theme::for_width(390)).expect("draws"));
    check_snapshot("shap_waterfall_narrow.svg", &narrow);
}

#[test]
fn permutation_view_sorts_by_mean_drop_and_charts() {
    let features: Vec<FeatureImportance> = names(30)
        .into_iter()
        .enumerate()
        .map(|(i, feature)| {
            let drops: Vec<f64> =
                (0..5).map(|r| 0.05 * noise(i, 5).powi(2) + 0.004 * (noise(i, r) - 0.5)).collect();
            let mean = drops.iter().sum::<f64>() / 5.0;
            let std = (drops.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / 5.0).sqrt();
            FeatureImportance { feature, mean, std, drops }
        })
        .collect();
    let importance = PermutationImportance { baseline: 0.9971, features };
    let view = PermutationView::new(Ok(&importance), 12);
    assert!(view.rows.windows(2).all(|w| w[0].mean >= w[1].mean));
    assert_eq!((view.rows.len(), view.hidden, view.repeats), (12, 18, 5));
    let svg = render((1280, 560), |a| {
        draw_permutation_importance(a, &view, &Theme::for_width(1280)).expect("draws")
    });
    assert_texts(
        &svg,
        &["Permutation importance (ROC AUC 0.9971 unshuffled)", "Drop in ROC AUC", "… 18 more features"],
    );
    check_snapshot("permutation_importance.svg", &svg);
    let why = PermutationView::new(Err("ROC AUC is undefined with only negative rows (40)".into()), 12);
    let svg =
        render((390, 300), |a| draw_permutation_importance(a, &why, &Theme::for_width(390)).expect("draws"));
    assert!(svg.contains("only negative rows"));
}

#[test]
fn activity_buckets_packets_by_round_widths() {
    assert_eq!(bucket_width(59.0, 600), 1.0);
    assert_eq!(bucket_width(600.0, 600), 2.0, "600 s in 1-s buckets would be 601 buckets");
    assert_eq!(bucket_width(2999.0, 600), 5.0);
    assert_eq!(bucket_width(3000.0, 600), 10.0, "3000 s in 5-s buckets would be 601 buckets");
    assert_eq!(bucket_width(86_400.0, 600), 300.0);
    let times = [10.2, 10.9, 11.5, 13.0, f64::NAN, 13.99];
    let flagged = [true, false, true, true, true, false];
    let labels = [true, true, false, true, false, false];
    let view = ActivityView::new(&times, &flagged, Some(&labels), 0.5, 600).expect("lengths");
    assert_eq!((view.start_s, view.bucket_s, view.untimed), (10.0, 1.0, 1));
    let bins: Vec<(u64, u64, u64)> = view.bins.iter().map(|b| (b.packets, b.flagged, b.malicious)).collect();
    assert_eq!(bins, vec![(2, 1, 2), (1, 1, 0), (0, 0, 0), (2, 1, 1)]);
    assert!(ActivityView::new(&times, &flagged[..2], None, 0.5, 600).is_err());
    let empty = ActivityView::new(&[], &[], None, 0.5, 600).expect("lengths");
    assert!(empty.empty_reason.is_some());
    assert_eq!(view.with_brush(13.0, 11.0).brush, Some([11.0, 13.0]));
}

#[test]
fn activity_matches_its_snapshot() {
    // One hour of traffic; an attack from minute 20 to minute 35 floods packets that are mostly flagged.
    let mut times = Vec::new();
    let mut flagged = Vec::new();
    let mut labels = Vec::new();
    for i in 0..20_000usize {
        let t = noise(i, 11) * 3600.0;
        let attack = (1200.0..2100.0).contains(&t) && i % 3 != 0;
        times.push(t);
        labels.push(attack);
        flagged.push(if attack { i % 10 != 0 } else { i % 50 == 0 });
    }
    for i in 0..30_000usize {
        times.push(1200.0 + noise(i, 12) * 900.0);
        labels.push(true);
        flagged.push(i % 8 != 0);
    }
    let view = ActivityView::new(&times, &flagged, Some(&labels), 0.5, 240)
        .expect("lengths")
        .with_brush(1500.0, 1800.0);
    assert_eq!(view.bucket_s, 15.0);
    let mut axis = None;
    let svg =
        render((1280, 520), |a| axis = draw_activity(a, &view, &Theme::for_width(1280)).expect("draws"));
    // The time axis spans the plot inside the chart, and maps its edges and middle to the right times.
    let axis = axis.expect("a drawn activity chart has a time axis");
    assert!(0 < axis.x0_px && axis.x0_px < axis.x1_px && axis.x1_px <= 1280, "{axis:?}");
    assert_eq!(
        (axis.start_s, axis.end_s),
        (view.start_s, view.start_s + view.bins.len() as f64 * view.bucket_s)
    );
    assert_eq!(axis.time_at(f64::from(axis.x0_px) - 50.0), axis.start_s);
    let middle = f64::from(axis.x0_px + axis.x1_px) / 2.0;
    assert!((axis.time_at(middle) - (axis.start_s + axis.end_s) / 2.0).abs() < 1e-9);
    assert_texts(
        &svg,
        &[
            "Activity over time",
            "Packets / s",
            "share labelled malicious",
            "selected time range",
            "20",
            "Time since the first packet (min)",
        ],
    );
    check_snapshot("activity.svg", &svg);
    let narrow = render((390, 460), |a| {
        draw_activity(a, &view, &Theme::for_width(390)).expect("draws");
    });
    check_snapshot("activity_narrow.svg", &narrow);
}

#[test]
fn correlation_view_leaves_out_a_side_that_is_all_undefined() {
    let training = correlations(&[("a", 0.0, false), ("b", 0.0, false)]);
    let file = correlations(&[("a", 0.4, true), ("b", -0.2, true)]);
    let view = CorrelationView::new(Some(&training), Some(&file), 5);
    assert!(!view.has_training && view.has_file);
    assert!(view.note.contains("Training correlations are undefined"));
    let neither = CorrelationView::new(Some(&training), Some(&training), 5);
    assert!(neither.empty_reason.is_some_and(|r| r.contains("Every correlation is undefined")));
}
