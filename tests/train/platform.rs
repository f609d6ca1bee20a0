//! Determinism across platforms (issue 4 §1): a small boosted model and a small forest trained on the
//! `interactions` fixture (one thread) export to LightGBM text whose FNV-1a hash is committed here. The
//! same test runs natively and under wasm32 (Node, `cargo test --target wasm32-unknown-unknown --test
//! tests train`), so both platforms must produce these exact bytes. If the trainer changes on purpose,
//! print the new hashes with `cargo test --test tests platform -- --nocapture` and update both constants.

use anomalyze::model::{to_lightgbm_text, Ensemble};
use anomalyze::train::{train_forest, train_gbdt, Dataset, ForestParams, GbdtParams, Parallelism};

use super::data::dataset;
use super::reference::{forest_params, gbdt_params};

/// FNV-1a (64 bit) of the boosted model's LightGBM text.
const GBDT_TEXT_HASH: u64 = 0x1c61_227c_0518_a47a;
/// FNV-1a (64 bit) of the forest's LightGBM text.
const FOREST_TEXT_HASH: u64 = 0x0270_aec2_a0fd_9f83;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn trained_models_have_the_same_bytes_natively_and_in_wasm32() {
    let (train, _) = dataset("interactions");
    let names = train.features.names().to_vec();
    let data = Dataset::new(&train.features, &train.labels, None, 255, Parallelism::Sequential).unwrap();
    let gbdt_params = GbdtParams { num_iterations: 15, ..gbdt_params("bagged") }.check().unwrap();
    let gbdt = train_gbdt(&data, &gbdt_params, None, Parallelism::Sequential, &mut |_| {}).unwrap();
    let forest_params = ForestParams { n_estimators: 6, ..forest_params() }.check().unwrap();
    let forest = train_forest(&data, &forest_params, Parallelism::Sequential, &mut |_| {}).unwrap();
    let ensemble = Ensemble::new(names, vec![gbdt, forest]).unwrap();
    let gbdt_text = to_lightgbm_text(&ensemble, 0).unwrap();
    let forest_text = to_lightgbm_text(&ensemble, 1).unwrap();
    let (g, f) = (fnv1a(gbdt_text.as_bytes()), fnv1a(forest_text.as_bytes()));
    let report = format!(
        "gbdt text {} bytes, hash {g:#018x}; forest text {} bytes, hash {f:#018x}",
        gbdt_text.len(),
        forest_text.len()
    );
    #[cfg(not(target_arch = "wasm32"))]
    println!("{report}");
    assert_eq!(g, GBDT_TEXT_HASH, "boosted model bytes differ from the committed hash: {report}");
    assert_eq!(f, FOREST_TEXT_HASH, "forest bytes differ from the committed hash: {report}");
}
