//! Trained trees are well-formed: limits respected, covers are sample counts that add up (so TreeSHAP
//! is exact on them), missing values get a learned direction, progress and early stopping report and
//! stop as documented, bad data is rejected with a named error.

use anomalyze::explain::{ComponentExplainer, TreeShapAlgorithm, Workspace};
use anomalyze::features::FeatureMatrix;
use anomalyze::model::{Component, MissingType, Tree};
use anomalyze::train::{
    train_forest, train_gbdt, Dataset, ForestParams, GbdtParams, Parallelism, Progress, TrainError,
    Validation,
};
use ndarray::Array2;

use super::data::dataset;
use super::reference::forest_params;

/// Every internal node's cover is the sum of its children's; returns the root cover.
fn check_covers(tree: &Tree) -> f64 {
    let cover = |c: i32| if c < 0 { tree.leaf_cover[!c as usize] } else { tree.internal_cover[c as usize] };
    for n in 0..tree.n_internal() {
        let children = cover(tree.left_child[n]) + cover(tree.right_child[n]);
        assert_eq!(tree.internal_cover[n], children, "node {n}");
    }
    if tree.n_internal() == 0 {
        tree.leaf_cover[0]
    } else {
        tree.internal_cover[0]
    }
}

fn check_shap(component: &Component, rows: &FeatureMatrix) {
    let n = rows.n_features();
    let explainer = ComponentExplainer::new(component, 0, n, TreeShapAlgorithm::Linear).unwrap();
    let (mut workspace, mut out) = (Workspace::default(), vec![0.0; n + 1]);
    for r in 0..50 {
        explainer.explain_row(rows.row(r), &mut workspace, &mut out).unwrap();
        let raw = explainer.raw_score(rows.row(r), &mut workspace);
        let sum: f64 = out.iter().sum();
        assert!((sum - raw).abs() < 1e-9 * raw.abs().max(1.0), "row {r}: SHAP sum {sum} vs raw {raw}");
    }
}

#[test]
fn boosted_trees_respect_limits_and_have_count_covers() {
    let (train, _) = dataset("interactions");
    let data = Dataset::new(&train.features, &train.labels, None, 255, Parallelism::Threads).unwrap();
    let params = GbdtParams {
        num_iterations: 15,
        num_leaves: 12,
        max_depth: 5,
        min_data_in_leaf: 30,
        ..GbdtParams::default()
    };
    let mut reports: Vec<Progress> = Vec::new();
    let model =
        train_gbdt(&data, &params.check().unwrap(), None, Parallelism::Threads, &mut |p| reports.push(p))
            .unwrap();
    assert_eq!(model.trees().len(), 15);
    assert_eq!(reports.len(), 15);
    assert_eq!((reports[14].iteration, reports[14].trees, reports[14].total_iterations), (15, 15, 15));
    let mut nan_splits = 0;
    for tree in model.trees() {
        assert!(tree.n_leaves() <= 12 && tree.max_depth() <= 5);
        assert_eq!(check_covers(tree), 5000.0);
        assert!(tree.leaf_cover.iter().all(|&c| c >= 30.0));
        // Columns 4 and 6 have NaNs: their splits carry missing type NaN and a learned direction.
        for n in 0..tree.n_internal() {
            let has_nan = matches!(tree.split_feature[n], 4 | 6);
            assert_eq!(tree.missing_type(n) == MissingType::NaN, has_nan);
            nan_splits += usize::from(has_nan);
        }
    }
    assert!(nan_splits > 0);
    // The first tree holds the initial score: log-odds of the label mean (1748 of 5000 positive).
    let init = (1748.0f64 / 3252.0).ln();
    let first = &model.trees()[0];
    let mean_leaf: f64 =
        first.leaf_value.iter().zip(&first.leaf_cover).map(|(v, c)| v * c).sum::<f64>() / 5000.0;
    assert!((mean_leaf - init).abs() < 0.01, "first tree's mean leaf {mean_leaf} vs init {init}");
    check_shap(&model, &train.features);
}

#[test]
fn forest_trees_have_probability_leaves_and_bootstrap_covers() {
    let (train, _) = dataset("imbalanced");
    let data = Dataset::new(&train.features, &train.labels, None, 255, Parallelism::Threads).unwrap();
    let params = ForestParams { n_estimators: 5, max_depth: Some(6), min_samples_leaf: 5, ..forest_params() };
    let model = train_forest(&data, &params.check().unwrap(), Parallelism::Threads, &mut |_| {}).unwrap();
    for tree in model.trees() {
        let root = check_covers(tree);
        // About 1 − 1/e of the rows are drawn at least once.
        assert!((3000.0..3300.0).contains(&root), "distinct drawn rows {root}");
        assert!(tree.max_depth() <= 6);
        assert!(tree.leaf_cover.iter().all(|&c| c >= 5.0));
        assert!(tree.leaf_value.iter().all(|v| (0.0..=1.0).contains(v)));
    }
    check_shap(&model, &train.features);
}

#[test]
fn early_stopping_keeps_the_best_iteration() {
    let (train, test) = dataset("imbalanced");
    let data = Dataset::new(&train.features, &train.labels, None, 255, Parallelism::Threads).unwrap();
    let params = GbdtParams {
        num_iterations: 400,
        learning_rate: 0.3,
        early_stopping_round: 10,
        ..GbdtParams::default()
    };
    let validation = Validation { features: &test.features, labels: &test.labels };
    let mut losses = Vec::new();
    let model =
        train_gbdt(&data, &params.check().unwrap(), Some(validation), Parallelism::Threads, &mut |p| {
            losses.push(p.validation_logloss.unwrap())
        })
        .unwrap();
    let kept = model.trees().len();
    assert!(kept < 400 && losses.len() == kept + 10, "kept {kept}, rounds {}", losses.len());
    let best = losses.iter().cloned().fold(f64::INFINITY, f64::min);
    assert_eq!(losses[kept - 1], best);
}

#[test]
fn unusable_data_is_rejected_with_a_named_error() {
    let names = vec!["a".to_string(), "b".to_string()];
    let m = FeatureMatrix::new(
        Array2::from_shape_vec((3, 2), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap(),
        names,
    )
    .unwrap();
    let build = |labels: &[bool], w: Option<&[f64]>| {
        Dataset::new(&m, labels, w, 255, Parallelism::Sequential).map(|_| ())
    };
    assert_eq!(build(&[true, false], None), Err(TrainError::LabelCount { labels: 2, rows: 3 }));
    assert!(
        matches!(build(&[true; 3], None), Err(TrainError::Degenerate(ref s)) if s.contains("all malicious"))
    );
    assert_eq!(
        build(&[true, false, true], Some(&[1.0, -1.0, 1.0])),
        Err(TrainError::BadWeight { row: 1, value: -1.0 })
    );
    let data = Dataset::new(&m, &[true, false, true], None, 255, Parallelism::Sequential).unwrap();
    let other = FeatureMatrix::new(Array2::zeros((1, 1)), vec!["a".into()]).unwrap();
    let v = Validation { features: &other, labels: &[true] };
    let params = GbdtParams::default().check().unwrap();
    let err = train_gbdt(&data, &params, Some(v), Parallelism::Sequential, &mut |_| {}).unwrap_err();
    assert!(matches!(err, TrainError::Validation(_)), "{err}");
}

/// `max_delta_step` bounds every leaf value before the learning rate, as LightGBM's (the first tree
/// also holds the initial log-odds), and a large `lambda_l1` (no gradient sum exceeds it) or
/// `min_gain_to_split` leaves no split worth making: one leaf, LightGBM's stop.
#[test]
fn leaf_limits_and_regularisation_behave_as_lightgbm() {
    let (train, _) = dataset("interactions");
    let data = Dataset::new(&train.features, &train.labels, None, 255, Parallelism::Threads).unwrap();
    let fit = |p: GbdtParams| train_gbdt(&data, &p.check().unwrap(), None, Parallelism::Threads, &mut |_| {});
    let (step, rate) = (0.05, 0.5);
    let model = fit(GbdtParams {
        num_iterations: 5,
        learning_rate: rate,
        max_delta_step: step,
        ..Default::default()
    })
    .unwrap();
    let mean = train.labels.iter().filter(|&&l| l).count() as f64 / train.labels.len() as f64;
    let bias = (mean / (1.0 - mean)).ln();
    let mut clamped = 0;
    for (t, tree) in model.trees().iter().enumerate() {
        for &v in &tree.leaf_value {
            let v = if t == 0 { v - bias } else { v };
            assert!(v.abs() <= step * rate * (1.0 + 1e-9), "tree {t}: leaf {v}");
            clamped += usize::from((v.abs() - step * rate).abs() < 1e-12);
        }
    }
    assert!(clamped > 0, "with a step this small some leaves must sit at the limit");
    let unlimited = fit(GbdtParams { num_iterations: 5, learning_rate: rate, ..Default::default() }).unwrap();
    let largest = unlimited.trees()[1].leaf_value.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(largest > step * rate * 2.0, "without the limit leaves are larger ({largest})");
    for params in [
        GbdtParams { num_iterations: 3, lambda_l1: 1e9, ..Default::default() },
        GbdtParams { num_iterations: 3, min_gain_to_split: 1e9, ..Default::default() },
    ] {
        let model = fit(params).unwrap();
        assert_eq!(model.trees().len(), 1, "only the first (constant) tree");
        assert_eq!(model.trees()[0].n_internal(), 0);
    }
}
