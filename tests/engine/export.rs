//! Export: LightGBM v4 text and the model file round-trip exactly; LightGBM itself (Python, when
//! importable) loads our exported text and predicts what the references say.

use anomalyze::model::{from_lightgbm_text, from_model_file, load_model, to_lightgbm_text, to_model_file};
use anomalyze::score::score_rows;

use super::fixtures::{flat, table, CASES};

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn model_file_round_trips_to_an_equal_ensemble() {
    for case in CASES {
        let model = load_model(case.model.as_bytes()).unwrap();
        let again = from_model_file(&to_model_file(&model)).unwrap();
        assert_eq!(model, again, "{}", case.name);
    }
}

/// Our LightGBM text re-imports to the same predictions, bit for bit — also for scikit-learn forests,
/// whose f32 comparisons become f64 cuts (the fixtures have rows on and next to every such cut).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lightgbm_text_round_trips_to_equal_predictions() {
    for case in CASES {
        let model = load_model(case.model.as_bytes()).unwrap();
        let text = to_lightgbm_text(&model, 0).unwrap();
        let again = from_lightgbm_text(&text).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let rows = flat(&table(case.input));
        let (ours, theirs) = (score_rows(&model, &rows).unwrap(), score_rows(&again, &rows).unwrap());
        for (row, (a, b)) in ours.raw[0].iter().zip(&theirs.raw[0]).enumerate() {
            assert_eq!(a.to_bits(), b.to_bits(), "{} row {row}: {a} vs {b}", case.name);
        }
        if !model.components()[0].f32_features() {
            assert_eq!(model.components()[0].trees(), again.components()[0].trees(), "{}", case.name);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
const LIGHTGBM_CHECK: &str = r#"
import sys, lightgbm as lgb, numpy as np, pandas as pd
worst = 0.0
for line in sys.stdin.read().splitlines():
    model, inp, exp, mean = line.split("\t")
    b = lgb.Booster(model_file=model)
    x = pd.read_csv(inp).to_numpy(dtype=float)
    want = pd.read_csv(exp)["raw"].to_numpy()
    raw = b.predict(x, raw_score=True, num_threads=1)
    if mean == "1":
        raw = raw / b.num_trees()
    rel = np.abs(raw - want) / np.maximum(np.abs(want), 1e-300)
    worst = max(worst, float(rel.max()))
    if not rel.max() <= 1e-12:
        print(f"{model}: worst relative difference {rel.max():e} at row {int(rel.argmax())}")
        sys.exit(1)
print(f"ok {worst:e}")
"#;

/// LightGBM loads every exported fixture (boosted, rf, and the converted forests) and its raw score
/// matches the reference to 1e-12. Needs `python3` with `lightgbm`, `pandas`; set
/// `ANOMALYZE_NO_PYTHON=1` to declare them absent (the test then fails loudly rather than passing).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn lightgbm_predicts_our_exported_text_identically() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join("engine-export-test");
    std::fs::create_dir_all(&dir).unwrap();
    let mut jobs = String::new();
    for case in CASES {
        let model = load_model(case.model.as_bytes()).unwrap();
        let path = dir.join(format!("{}.txt", case.name));
        std::fs::write(&path, to_lightgbm_text(&model, 0).unwrap()).unwrap();
        let fixture = root.join("tests/fixtures/engine").join(case.name);
        let mean = model.components()[0].aggregation() == anomalyze::model::Aggregation::Mean;
        jobs += &format!(
            "{}\t{}\t{}\t{}\n",
            path.display(),
            fixture.join("input.csv").display(),
            fixture.join("expected.csv").display(),
            u8::from(mean)
        );
    }
    assert!(std::env::var_os("ANOMALYZE_NO_PYTHON").is_none(), "python3 + lightgbm declared absent");
    let mut child = Command::new("python3")
        .args(["-c", LIGHTGBM_CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with lightgbm is needed for this reference check");
    child.stdin.take().unwrap().write_all(jobs.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.starts_with("ok"), "LightGBM disagrees: {stdout}");
}
