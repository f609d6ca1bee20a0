//! Parameter checks: each bad value is reported by name; defaults are LightGBM's / scikit-learn's.

use anomalyze::train::{ForestParams, GbdtParams, MaxFeatures, ParamError};

#[test]
fn defaults_are_lightgbm_and_sklearn_defaults() {
    let g = GbdtParams::default();
    assert_eq!((g.num_iterations, g.learning_rate, g.num_leaves, g.max_depth), (100, 0.1, 31, -1));
    assert_eq!((g.min_data_in_leaf, g.min_sum_hessian_in_leaf, g.lambda_l2), (20, 1e-3, 0.0));
    assert_eq!((g.feature_fraction, g.bagging_fraction, g.bagging_freq), (1.0, 1.0, 0));
    assert_eq!((g.scale_pos_weight, g.is_unbalance, g.max_bin), (1.0, false, 255));
    assert_eq!((g.lambda_l1, g.max_delta_step, g.min_gain_to_split), (0.0, 0.0, 0.0));
    let f = ForestParams::default();
    assert_eq!((f.n_estimators, f.max_depth, f.min_samples_leaf, f.bootstrap), (100, None, 1, true));
    assert_eq!(f.max_features, MaxFeatures::Sqrt);
    assert_eq!(MaxFeatures::Sqrt.resolve(11), 3);
    assert!(GbdtParams::default().check().is_ok() && ForestParams::default().check().is_ok());
}

fn gbdt_error(params: GbdtParams) -> String {
    params.check().map(|_| ()).unwrap_err().to_string()
}

#[test]
fn bad_boosting_values_are_named() {
    let d = GbdtParams::default;
    assert!(gbdt_error(GbdtParams { num_iterations: 0, ..d() }).contains("`num_iterations` is 0"));
    assert!(gbdt_error(GbdtParams { learning_rate: -0.1, ..d() }).contains("`learning_rate`"));
    assert!(gbdt_error(GbdtParams { learning_rate: f64::NAN, ..d() }).contains("`learning_rate`"));
    assert!(gbdt_error(GbdtParams { num_leaves: 1, ..d() }).contains("`num_leaves` is 1"));
    assert!(gbdt_error(GbdtParams { feature_fraction: 0.0, ..d() }).contains("`feature_fraction`"));
    assert!(gbdt_error(GbdtParams { bagging_fraction: 1.5, ..d() }).contains("`bagging_fraction`"));
    assert!(gbdt_error(GbdtParams { lambda_l2: -1.0, ..d() }).contains("`lambda_l2`"));
    assert!(gbdt_error(GbdtParams { max_bin: 256, ..d() }).contains("`max_bin`"));
    assert!(gbdt_error(GbdtParams { lambda_l1: -0.5, ..d() }).contains("`lambda_l1`"));
    assert!(gbdt_error(GbdtParams { max_delta_step: f64::INFINITY, ..d() }).contains("`max_delta_step`"));
    assert!(gbdt_error(GbdtParams { min_gain_to_split: f64::NAN, ..d() }).contains("`min_gain_to_split`"));
    let both = GbdtParams { is_unbalance: true, scale_pos_weight: 2.0, ..d() };
    assert!(matches!(both.check(), Err(ParamError::Conflict(_))));
}

#[test]
fn bad_forest_values_are_named() {
    let d = ForestParams::default;
    let err = |p: ForestParams| p.check().map(|_| ()).unwrap_err().to_string();
    assert!(err(ForestParams { n_estimators: 0, ..d() }).contains("`n_estimators`"));
    assert!(err(ForestParams { max_depth: Some(0), ..d() }).contains("`max_depth`"));
    assert!(err(ForestParams { min_samples_leaf: 0, ..d() }).contains("`min_samples_leaf`"));
    assert!(err(ForestParams { min_samples_split: 1, ..d() }).contains("`min_samples_split`"));
    assert!(err(ForestParams { max_features: MaxFeatures::Fraction(0.0), ..d() }).contains("`max_features`"));
    assert!(err(ForestParams { class_weight: [1.0, 0.0], ..d() }).contains("`class_weight[1]`"));
}
