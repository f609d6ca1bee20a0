//! Determinism: the same data, parameters and seed give the same model, byte for byte as LightGBM text,
//! single-threaded and with threads; another seed gives another model.

use anomalyze::features::FeatureMatrix;
use anomalyze::model::{to_lightgbm_text, Component, Ensemble};
use anomalyze::train::{train_forest, train_gbdt, Dataset, ForestParams, GbdtParams, Parallelism};
use ndarray::Array2;

use super::data::dataset;
use super::reference::{forest_params, gbdt_params};

fn text(component: Component, names: &[String]) -> String {
    to_lightgbm_text(&Ensemble::new(names.to_vec(), vec![component]).unwrap(), 0).unwrap()
}

#[test]
fn same_seed_same_bytes_with_and_without_threads() {
    let (train, _) = dataset("imbalanced");
    let names = train.features.names().to_vec();
    let data = |p| Dataset::new(&train.features, &train.labels, None, 255, p).unwrap();
    let (seq, par) = (data(Parallelism::Sequential), data(Parallelism::Threads));
    let gbdt = |d: &Dataset, p, seed| {
        let params = GbdtParams { num_iterations: 20, seed, ..gbdt_params("bagged") }.check().unwrap();
        text(train_gbdt(d, &params, None, p, &mut |_| {}).unwrap(), &names)
    };
    let a = gbdt(&seq, Parallelism::Sequential, 7);
    assert_eq!(a, gbdt(&par, Parallelism::Threads, 7));
    assert_eq!(a, gbdt(&par, Parallelism::Threads, 7));
    assert_ne!(a, gbdt(&seq, Parallelism::Sequential, 8), "another seed must draw other bags");
    let forest = |d: &Dataset, p, seed| {
        let params = ForestParams { n_estimators: 12, seed, ..forest_params() }.check().unwrap();
        text(train_forest(d, &params, p, &mut |_| {}).unwrap(), &names)
    };
    let f = forest(&seq, Parallelism::Sequential, 3);
    assert_eq!(f, forest(&par, Parallelism::Threads, 3));
    assert_ne!(f, forest(&par, Parallelism::Threads, 4));
}

/// Boosting splits per-row work (gradients, gathering a leaf's gradients, partitioning a leaf's rows)
/// into chunks on threads only for large data, so this trains on enough rows that the root and its
/// first children take the chunked paths, unbagged and bagged.
#[test]
fn boosting_on_many_rows_is_the_same_with_and_without_threads() {
    let n = 50_000;
    let mut state = 1u64;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut values = Vec::with_capacity(n * 3);
    let mut labels = Vec::with_capacity(n);
    for _ in 0..n {
        let (a, b, c) = (next(), (next() * 8.0).floor(), next());
        values.extend([a, b, if c < 0.1 { f64::NAN } else { c }]);
        labels.push(a + 0.1 * b + 0.3 * next() > 0.9);
    }
    let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let features =
        FeatureMatrix::new(Array2::from_shape_vec((n, 3), values).unwrap(), names.clone()).unwrap();
    for variant in ["default", "bagged"] {
        let fit = |p| {
            let data = Dataset::new(&features, &labels, None, 255, p).unwrap();
            let params = GbdtParams { num_iterations: 8, ..gbdt_params(variant) }.check().unwrap();
            text(train_gbdt(&data, &params, None, p, &mut |_| {}).unwrap(), &names)
        };
        let sequential = fit(Parallelism::Sequential);
        assert!(sequential.matches("Tree=").count() == 8, "{variant}: 8 trees");
        assert_eq!(sequential, fit(Parallelism::Threads), "{variant}");
    }
}

/// Without sample weights the forest sums integer draw counts per class (packed in one word); with
/// them it sums floating-point weights. Unit weights and power-of-two class weights are exact in both,
/// so both paths must grow the very same trees.
#[test]
fn forest_counts_and_forest_weights_grow_the_same_trees() {
    let (train, _) = dataset("interactions");
    let names = train.features.names().to_vec();
    let ones = vec![1.0; train.labels.len()];
    let counted = Dataset::new(&train.features, &train.labels, None, 255, Parallelism::Sequential).unwrap();
    let weighted =
        Dataset::new(&train.features, &train.labels, Some(&ones), 255, Parallelism::Sequential).unwrap();
    for class_weight in [[1.0, 1.0], [1.0, 4.0], [0.5, 2.0]] {
        let params = ForestParams { n_estimators: 5, class_weight, ..forest_params() }.check().unwrap();
        let fit = |data: &Dataset| {
            text(train_forest(data, &params, Parallelism::Sequential, &mut |_| {}).unwrap(), &names)
        };
        let (a, b) = (fit(&counted), fit(&weighted));
        assert!(a.len() > 1000, "the forest is not trivial: {} bytes", a.len());
        assert_eq!(a, b, "class weights {class_weight:?}: counted and weighted forests differ");
    }
}
