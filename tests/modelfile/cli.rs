//! `anomalyze train`, `score` and `evaluate` end to end, including bad input, and `evaluate --json`
//! against metrics computed here from `score`'s output (pairwise ROC AUC, direct counts).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::synthetic_capture;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/modelfile-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anomalyze")).args(args).output().unwrap()
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn err(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(1), "stdout: {}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8(output.stderr.clone()).unwrap()
}

const SMALL: [&str; 4] = ["--gbdt-num-iterations", "12", "--forest-n-estimators", "4"];

/// Trains a small model on a synthetic capture once per test process; returns (capture, model) paths.
fn trained(name: &str) -> (PathBuf, PathBuf) {
    let capture = scratch(&format!("{name}.csv"));
    std::fs::write(&capture, synthetic_capture(500, 11)).unwrap();
    let model = scratch(&format!("{name}.model.json"));
    let mut args = vec!["train", capture.to_str().unwrap(), "-o", model.to_str().unwrap()];
    args.extend(SMALL);
    let out = ok(&run(&args));
    assert!(out.contains("new data") && out.contains("block 1") && out.contains("Threshold"), "{out}");
    (capture, model)
}

#[test]
fn train_is_reproducible_and_writes_a_version_two_file() {
    let (capture, model) = trained("repro");
    let again = scratch("repro.model.json");
    let mut args = vec!["train", capture.to_str().unwrap(), "-o", again.to_str().unwrap()];
    args.extend(SMALL);
    ok(&run(&args));
    let text = std::fs::read_to_string(&model).unwrap();
    assert_eq!(text, std::fs::read_to_string(&again).unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["card"]["params"]["gbdt"]["num_iterations"], 12);
    assert!(json["card"]["command"].as_str().unwrap().starts_with("anomalyze train "));
    let info = ok(&run(&["model", "info", model.to_str().unwrap()]));
    assert!(info.contains("gbdt") && info.contains("forest"), "{info}");
}

fn score_table(text: &str) -> Vec<(f64, bool, bool)> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("No.,probability,predicted,label"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[1].parse().unwrap(), cells[2] == "malicious", cells[3] == "malicious")
        })
        .collect()
}

#[test]
fn evaluate_json_equals_metrics_computed_from_score_output() {
    let (_, model) = trained("eval");
    let test = scratch("eval-other.csv");
    std::fs::write(&test, synthetic_capture(300, 99)).unwrap();
    let (model, test) = (model.to_str().unwrap(), test.to_str().unwrap());
    for given in [None, Some("0.7")] {
        let mut extra: Vec<&str> = Vec::new();
        if let Some(t) = given {
            extra.extend(["--threshold", t]);
        }
        let scored = ok(&run(&[&["score", test, "--model", model][..], &extra].concat()));
        let rows = score_table(&scored);
        let json = ok(&run(&[&["evaluate", test, "--model", model, "--json"][..], &extra].concat()));
        let j: serde_json::Value = serde_json::from_str(&json).unwrap();
        let keys: Vec<&String> = j.as_object().unwrap().keys().collect();
        let mut want = [
            "accuracy",
            "precision",
            "recall",
            "f1",
            "specificity",
            "roc_auc",
            "pr_auc",
            "tn",
            "fp",
            "fn",
            "tp",
            "rows",
            "skipped",
            "threshold",
        ];
        want.sort_unstable();
        assert_eq!(keys, want);
        let threshold = j["threshold"].as_f64().unwrap();
        if let Some(t) = given {
            assert_eq!(threshold, t.parse::<f64>().unwrap());
        }
        let count =
            |pred: bool, label: bool| rows.iter().filter(|r| r.1 == pred && r.2 == label).count() as u64;
        let (tn, fp, fn_, tp) =
            (count(false, false), count(true, false), count(false, true), count(true, true));
        assert!(rows.iter().all(|r| r.1 == (r.0 >= threshold)), "predicted = probability ≥ threshold");
        assert_eq!(
            [j["tn"].as_u64(), j["fp"].as_u64(), j["fn"].as_u64(), j["tp"].as_u64()],
            [Some(tn), Some(fp), Some(fn_), Some(tp)]
        );
        assert_eq!(j["rows"].as_u64(), Some(rows.len() as u64));
        assert_eq!(j["skipped"].as_u64(), Some(0));
        let close = |key: &str, want: f64| {
            let got = j[key].as_f64().unwrap();
            assert!((got - want).abs() <= 1e-12, "{key}: {got} vs {want}");
        };
        close("accuracy", (tp + tn) as f64 / rows.len() as f64);
        close("recall", tp as f64 / (tp + fn_) as f64);
        close("specificity", tn as f64 / (tn + fp) as f64);
        close("f1", 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64);
        if tp + fp > 0 {
            close("precision", tp as f64 / (tp + fp) as f64);
        }
        // ROC AUC by its definition: P(score of a malicious row > a normal row's), ties ½.
        let (pos, neg): (Vec<&(f64, bool, bool)>, Vec<_>) = rows.iter().partition(|r| r.2);
        let mut wins = 0.0;
        for p in &pos {
            for n in &neg {
                wins += if p.0 > n.0 {
                    1.0
                } else if p.0 == n.0 {
                    0.5
                } else {
                    0.0
                };
            }
        }
        close("roc_auc", wins / (pos.len() * neg.len()) as f64);
    }
    let text = ok(&run(&["evaluate", test, "--model", model]));
    assert!(text.contains("ROC AUC:") && text.contains("Confusion:   TN"), "{text}");
}

#[test]
fn score_without_labels_and_with_skipped_rows_and_the_bundled_model() {
    let capture = scratch("unlabelled.csv");
    std::fs::write(
        &capture,
        "No.,Time,Source,Destination,Protocol,Length,Info\n1,0.0,10.0.0.1,10.0.0.2,TCP,60,\"1 > 2 [SYN] Seq=0\"\n2,zz,a,b,TCP,60,x\n3,0.5,10.0.0.2,10.0.0.1,TCP,60,\"2 > 1 [RST, ACK] Seq=1\"\n",
    )
    .unwrap();
    let path = capture.to_str().unwrap();
    let out = run(&["score", path]);
    let text = ok(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "No.,probability,predicted");
    assert!(lines[1].starts_with("1,") && lines[2].starts_with("3,") && lines.len() == 3, "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 rows skipped") && stderr.contains("line 3"), "{stderr}");
    let msg = err(&run(&["evaluate", path]));
    assert!(msg.contains("has no label column"), "{msg}");
    let output = scratch("scores.csv");
    ok(&run(&["score", path, "-o", output.to_str().unwrap()]));
    assert_eq!(std::fs::read_to_string(output).unwrap(), text);
}

#[test]
fn bad_input_gets_named_errors() {
    let capture = scratch("bad.csv");
    std::fs::write(&capture, synthetic_capture(100, 3)).unwrap();
    let path = capture.to_str().unwrap();
    let out = scratch("bad.model.json");
    let model = out.to_str().unwrap();
    let msg = err(&run(&["train", path, "-o", model, "--features", "no_such_feature"]));
    assert!(msg.contains("unknown feature \"no_such_feature\""), "{msg}");
    let msg = err(&run(&["train", path, "-o", model, "--gbdt-learning-rate", "0"]));
    assert!(msg.contains("`learning_rate` is 0"), "{msg}");
    let msg = err(&run(&["train", path, "-o", model, "--forest-max-features", "lots"]));
    assert!(msg.contains("--forest-max-features \"lots\""), "{msg}");
    let msg = err(&run(&["train", path, "-o", model, "--threshold-policy", "recall:2"]));
    assert!(msg.contains("recall target 2"), "{msg}");
    let unlabelled = scratch("train-unlabelled.csv");
    std::fs::write(&unlabelled, "No.,Time,Source,Destination,Protocol,Length,Info\n1,0.0,a,b,TCP,60,x\n")
        .unwrap();
    let msg = err(&run(&["train", unlabelled.to_str().unwrap(), "-o", model]));
    assert!(msg.contains("no label column"), "{msg}");
    assert!(!out.exists(), "no model written on error");
    let pcap = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/capture/tshark.pcap");
    let msg = err(&run(&["train", pcap.to_str().unwrap(), "-o", model]));
    assert!(msg.contains("no label column"), "a pcap has no labels: {msg}");
    let scored = ok(&run(&["score", pcap.to_str().unwrap()]));
    assert!(scored.starts_with("No.,probability,predicted\n1,") && scored.lines().count() > 2, "{scored}");
    let wrong = scratch("v9.model.json");
    std::fs::write(&wrong, r#"{"format":"anomalyze-model","version":9}"#).unwrap();
    let msg = err(&run(&["score", path, "--model", wrong.to_str().unwrap()]));
    assert!(msg.contains("version 9 is not readable"), "{msg}");
    let msg = err(&run(&["score", path, "--threshold", "NaN"]));
    assert!(msg.contains("--threshold NaN is not a finite number"), "{msg}");
}
