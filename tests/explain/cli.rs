//! `anomalyze predict --contrib` end to end on the engine's fixtures.

use std::path::{Path, PathBuf};
use std::process::Command;

use anomalyze::model::{load_model, to_model_file, Ensemble};

use crate::engine::fixtures::{table, Table};

fn fixture(case: &str, file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine").join(case).join(file);
    path.to_string_lossy().into_owned()
}

fn predict(args: &[&str]) -> Result<Table, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_anomalyze")).arg("predict").args(args).output().unwrap();
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(table(std::str::from_utf8(&output.stdout).unwrap()))
}

fn close(a: f64, b: f64, tolerance: f64, what: &str) {
    assert!((a - b).abs() <= tolerance, "{what}: {a} vs {b}");
}

#[test]
fn raw_contributions_are_lightgbm_pred_contrib() {
    let model = fixture("binary_nan", "model.txt");
    let out =
        predict(&["--model", &model, &fixture("binary_nan", "input.csv"), "--raw", "--contrib"]).unwrap();
    let shap = table(&std::fs::read_to_string(fixture("binary_nan", "shap.csv")).unwrap());
    let expected = table(&std::fs::read_to_string(fixture("binary_nan", "expected.csv")).unwrap());
    assert_eq!(out.header[0], "raw");
    assert_eq!(out.header[1..], shap.header[..]);
    assert_eq!(out.rows.len(), shap.rows.len());
    for (r, row) in out.rows.iter().enumerate() {
        close(row[0], expected.rows[r][0], 1e-12 * expected.rows[r][0].abs().max(1.0), "raw");
        for (k, (a, b)) in row[1..].iter().zip(&shap.rows[r]).enumerate() {
            close(*a, *b, 1e-9, &format!("row {r} column {}", shap.header[k]));
        }
    }
}

#[test]
fn probability_contributions_sum_to_the_probability() {
    for case in ["binary_nan", "forest"] {
        let model = if case == "forest" { fixture(case, "model.json") } else { fixture(case, "model.txt") };
        let out = predict(&["--model", &model, &fixture(case, "input.csv"), "--contrib"]).unwrap();
        let expected = table(&std::fs::read_to_string(fixture(case, "expected.csv")).unwrap());
        assert_eq!(out.header[0], "probability");
        assert_eq!(out.header.last().map(String::as_str), Some("bias"));
        for (r, row) in out.rows.iter().enumerate() {
            close(row[0], expected.rows[r][1], 1e-12, &format!("{case} row {r} probability"));
            close(row[1..].iter().sum(), row[0], 1e-9, &format!("{case} row {r} sum"));
        }
        if case == "forest" {
            // An identity component is explained as is: shap's TreeExplainer values.
            let shap = table(&std::fs::read_to_string(fixture(case, "shap.csv")).unwrap());
            for (r, row) in out.rows.iter().enumerate() {
                for (a, b) in row[1..].iter().zip(&shap.rows[r]) {
                    close(*a, *b, 1e-9, &format!("forest row {r}"));
                }
            }
        }
    }
}

#[test]
fn raw_contributions_of_a_two_component_model_are_refused() {
    let one =
        load_model(std::fs::read_to_string(fixture("binary_nan", "model.txt")).unwrap().as_bytes()).unwrap();
    let first = one.components()[0].clone();
    let second = first.clone().with_name("second");
    let two = Ensemble::new(one.feature_names().to_vec(), vec![first, second]).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/explain-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("two.json");
    std::fs::write(&path, to_model_file(&two)).unwrap();
    let input = fixture("binary_nan", "input.csv");
    let model = path.to_str().unwrap();
    let Err(error) = predict(&["--model", model, &input, "--raw", "--contrib"]) else {
        panic!("--raw --contrib on two components must fail");
    };
    assert!(error.contains("--raw --contrib needs a model with one component"), "{error}");
    let out = predict(&["--model", path.to_str().unwrap(), &fixture("binary_nan", "input.csv"), "--contrib"])
        .unwrap();
    assert!(out.rows.iter().all(|row| (row[1..].iter().sum::<f64>() - row[0]).abs() <= 1e-9));
}

/// Writes `rows` (null = missing) as a feature CSV with `names` as header.
fn write_rows(path: &Path, names: &[String], rows: &[serde_json::Value]) {
    let mut text = names.join(",") + "\n";
    for row in rows {
        let cells: Vec<String> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().map_or(String::new(), |x| format!("{x:e}")))
            .collect();
        text += &(cells.join(",") + "\n");
    }
    std::fs::write(path, text).unwrap();
}

/// `--shap interventional --background FILE` gives shap's `TreeExplainer(model, background,
/// model_output="probability")` values (fixture of tools/make_explain_fixtures.py); `--background N`
/// takes N input rows; the options are refused where they do not apply.
#[test]
fn interventional_contributions_match_shap_probability_output() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/explain/lgbm_interventional.json")).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/explain-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    let model_path = dir.join("interventional.txt");
    std::fs::write(&model_path, fixture["model"].as_str().unwrap()).unwrap();
    let names = load_model(fixture["model"].as_str().unwrap().as_bytes()).unwrap().feature_names().to_vec();
    let (input, background) =
        (dir.join("interventional_rows.csv"), dir.join("interventional_background.csv"));
    write_rows(&input, &names, fixture["rows"].as_array().unwrap());
    write_rows(&background, &names, fixture["background"].as_array().unwrap());
    let (model, input_arg) = (model_path.to_str().unwrap(), input.to_str().unwrap());
    let shap_args = ["--contrib", "--shap", "interventional", "--background"];
    let out =
        predict(&[&["--model", model, input_arg][..], &shap_args, &[background.to_str().unwrap()]].concat())
            .unwrap();
    assert_eq!(out.rows.len(), 30);
    for (r, row) in out.rows.iter().enumerate() {
        let want = fixture["contrib"][r].as_array().unwrap();
        close(row[0], fixture["probability"][r].as_f64().unwrap(), 1e-12, &format!("row {r} probability"));
        for (k, (a, b)) in row[1..].iter().zip(want).enumerate() {
            // shap's own values miss LightGBM's probability by up to ~1e-8 (tests/explain/fixtures.rs).
            close(*a, b.as_f64().unwrap(), 1e-7, &format!("row {r} value {k}"));
        }
    }
    let rescaled = predict(&["--model", model, input_arg, "--contrib"]).unwrap();
    assert_ne!(rescaled.rows, out.rows, "the two methods must differ on this model");
    let sampled = predict(&[&["--model", model, input_arg][..], &shap_args, &["7"]].concat()).unwrap();
    for row in &sampled.rows {
        close(row[1..].iter().sum(), row[0], 1e-9, "--background 7: values sum to the probability");
    }
    assert_ne!(sampled.rows, out.rows, "another background gives other values");
    let refused = [
        (vec!["--contrib", "--background", "7"], "--background is only used with --shap interventional"),
        (vec!["--contrib", "--raw", "--shap", "interventional"], "drop --raw"),
        (vec!["--contrib", "--shap", "interventional", "--background", "0"], "needs at least one row"),
    ];
    for (extra, message) in refused {
        let Err(error) = predict(&[&["--model", model, input_arg][..], &extra].concat()) else {
            panic!("{extra:?} must be refused");
        };
        assert!(error.contains(message), "{extra:?}: {error}");
    }
    let Err(error) = predict(&["--model", model, input_arg, "--shap", "interventional"]) else {
        panic!("--shap without --contrib must be refused");
    };
    assert!(error.contains("--contrib"), "--shap without --contrib: {error}");
}
