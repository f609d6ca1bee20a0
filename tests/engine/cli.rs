//! `anomalyze predict` and `anomalyze model info` end to end, on the reference fixtures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::fixtures::table;

fn fixture(case: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine").join(case).join(file)
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/engine-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit (e.g. on a malformed model) before it reads stdin: a broken pipe here is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes());
    child.wait_with_output().unwrap()
}

fn column(output: &Output, name: &str) -> Vec<f64> {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let t = table(std::str::from_utf8(&output.stdout).unwrap());
    let i =
        t.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {:?}", t.header));
    t.rows.iter().map(|r| r[i]).collect()
}

fn expected(case: &str, col: usize) -> Vec<f64> {
    table(&std::fs::read_to_string(fixture(case, "expected.csv")).unwrap())
        .rows
        .iter()
        .map(|r| r[col])
        .collect()
}

fn close(ours: &[f64], want: &[f64]) {
    assert_eq!(ours.len(), want.len());
    for (row, (a, b)) in ours.iter().zip(want).enumerate() {
        assert!((a - b).abs() <= 1e-12 * b.abs(), "row {row}: {a} vs {b}");
    }
}

#[test]
fn predict_writes_probabilities_and_raw_scores() {
    for case in ["binary_nan", "categorical", "forest_nan"] {
        let model = fixture(case, if case.starts_with("forest") { "model.json" } else { "model.txt" });
        let (model, input) = (model.to_str().unwrap(), fixture(case, "input.csv"));
        let out = run(&["predict", "--model", model, input.to_str().unwrap()], None);
        close(&column(&out, "probability"), &expected(case, 1));
        let out = run(&["predict", "--model", model, input.to_str().unwrap(), "--raw"], None);
        close(&column(&out, "raw"), &expected(case, 0));
    }
    let input = fixture("regression", "input.csv");
    let out = run(
        &["predict", "-m", fixture("regression", "model.txt").to_str().unwrap(), input.to_str().unwrap()],
        None,
    );
    close(&column(&out, "raw"), &expected("regression", 0));
}

#[test]
fn predict_takes_columns_in_any_order_from_stdin_and_writes_a_file() {
    let text = std::fs::read_to_string(fixture("binary_nan", "input.csv")).unwrap();
    let shuffled: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut cells: Vec<&str> = line.split(',').rev().collect();
            cells.insert(2, if i == 0 { "comment" } else { "x" });
            cells.join(",") + "\n"
        })
        .collect();
    let out_path = scratch("shuffled.csv");
    let model = fixture("binary_nan", "model.txt");
    let out = run(
        &["predict", "--model", model.to_str().unwrap(), "-", "-o", out_path.to_str().unwrap()],
        Some(&shuffled),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = table(&std::fs::read_to_string(&out_path).unwrap());
    close(&written.rows.iter().map(|r| r[0]).collect::<Vec<_>>(), &expected("binary_nan", 1));
}

#[test]
fn predict_names_a_missing_feature_and_a_bad_cell() {
    let model = fixture("binary_nan", "model.txt");
    let model = model.to_str().unwrap();
    let out = run(&["predict", "--model", model, "-"], Some("length_bytes,ttl\n1,2\n"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("no column \"inter_arrival_s\""), "{err}");
    let header = "length_bytes,inter_arrival_s,ttl,window,proto_code,port_class\n";
    let out =
        run(&["predict", "--model", model, "-"], Some(&format!("{header}1,2,3,4,5,6\n1,2,abc,4,5,6\n")));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("row 2 (line 3), column \"ttl\": \"abc\" is not a number"), "{err}");
    let out = run(&["predict", "--model", "/nonexistent/model.txt", "-"], Some(header));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read model"));
}

#[test]
fn predict_reports_a_malformed_model_with_its_position() {
    let text = std::fs::read_to_string(fixture("shallow_sigmoid", "model.txt")).unwrap();
    let bad = scratch("bad_model.txt");
    std::fs::write(&bad, text.replacen("threshold=-0.064861691083113293", "threshold=nan", 1)).unwrap();
    let out = run(&["predict", "--model", bad.to_str().unwrap(), "-"], Some("length_bytes\n1\n"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tree 0, node 0: threshold is NaN, not finite"), "{err}");
}

#[test]
fn model_info_describes_the_model() {
    let out = run(&["model", "info", fixture("rf", "model.txt").to_str().unwrap()], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for want in [
        "features (6): length_bytes, inter_arrival_s",
        "components: 1",
        "- rf: weight 1",
        "trees: 25 (mean of trees (forest))",
        "objective: binary log-loss",
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
    let out = run(&["model", "info", fixture("forest", "model.json").to_str().unwrap()], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("trees: 12") && text.contains("max depth: 6") && text.contains("f32 comparisons: yes"),
        "{text}"
    );
}
