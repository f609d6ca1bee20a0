//! `anomalyze train --labels attack` and `anomalyze model card` end to end, on the synthetic lab-like
//! capture of tests/modelfile (SYN probes from 192.168.2.88 and TLS background in an attack block, then
//! a normal block).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anomalyze::model::read_model_file;
use anomalyze::train::RelabellingRecord;

use crate::modelfile::synthetic_capture;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/relabel-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anomalyze")).args(args).output().unwrap()
}

const SMALL: [&str; 4] = ["--gbdt-num-iterations", "12", "--forest-n-estimators", "4"];

#[test]
fn train_with_attack_labels_records_them_and_the_card_renders() {
    let capture = scratch("lab.csv");
    std::fs::write(&capture, synthetic_capture(500, 7)).unwrap();
    let model = scratch("lab.model.json");
    let mut args =
        vec!["train", capture.to_str().unwrap(), "-o", model.to_str().unwrap(), "--labels", "attack"];
    args.extend(SMALL);
    let out = run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("(a) attack packets vs all others"), "{stdout}");
    assert!(stdout.contains("(b) the seed's per-capture labels"), "{stdout}");

    let file = read_model_file(&std::fs::read_to_string(&model).unwrap()).unwrap();
    let card = file.card.as_ref().unwrap();
    let record: RelabellingRecord = serde_json::from_value(card.relabelling.clone().unwrap()).unwrap();
    assert_eq!(record.labels, "attack");
    let total = record.summary.total;
    // The SYN probes are attack, the TLS rows of the attack block background, the second block normal.
    assert!(total.attack > 300 && total.background > 50 && total.normal == 500, "{total:?}");
    let probes = record.summary.rules.iter().find(|r| r.name == "syn_scan_probe").unwrap();
    assert_eq!(probes.total, total.attack);
    // Background rows are negatives of the training labels: the card's metrics count them as such.
    let train = card.metrics.train.unwrap();
    let normal_train: usize = card.data[0].blocks.iter().filter(|b| b.normal > 0).map(|b| b.train).sum();
    assert!(train.tn + train.fp > normal_train as u64, "background rows are negatives too: {train:?}");
    assert_eq!(train.rows, card.data[0].blocks.iter().map(|b| b.train as u64).sum::<u64>());

    let rendered = run(&["model", "card", model.to_str().unwrap()]);
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let md = String::from_utf8(rendered.stdout).unwrap();
    assert!(md.starts_with("# Model card"), "{md}");
    assert!(md.contains("--labels attack") && md.contains("`syn_scan_probe`"), "{md}");
    assert!(md.contains("### (a) attack packets against all other packets"), "{md}");
}

#[test]
fn attack_labels_on_a_capture_without_the_labs_attacks_is_a_clear_error() {
    // Only the TLS background and normal rows: no rule finds an attack, so there is one class.
    let text: String = synthetic_capture(300, 3)
        .lines()
        .enumerate()
        .filter(|(i, line)| *i == 0 || !line.contains("192.168.2.88"))
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    let capture = scratch("no-attack.csv");
    std::fs::write(&capture, text).unwrap();
    let model = scratch("no-attack.model.json");
    let mut args =
        vec!["train", capture.to_str().unwrap(), "-o", model.to_str().unwrap(), "--labels", "attack"];
    args.extend(SMALL);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("all normal") && stderr.contains("both classes"), "{stderr}");
}
