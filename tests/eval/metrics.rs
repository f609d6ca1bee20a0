//! Confusion matrices, threshold metrics, ROC AUC, average precision and both curves vs scikit-learn.
use anomalyze::eval::{pr_curve, roc_auc, roc_curve, Confusion, Metrics, RankedScores};

use super::fixtures::{all_close, booleans, close, metrics, number, numbers};

#[test]
fn threshold_metrics_match_sklearn() {
    for case in metrics()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let labels = booleans(&case["labels"]);
        let scores = numbers(&case["scores"], f64::NAN);
        let ranked = RankedScores::new(&labels, &scores).unwrap();
        for at in case["at"].as_array().unwrap() {
            let threshold = number(&at["threshold"], f64::NAN);
            let what = format!("{name} at {threshold}");
            let expected = Confusion {
                tn: at["tn"].as_u64().unwrap(),
                fp: at["fp"].as_u64().unwrap(),
                fn_: at["fn"].as_u64().unwrap(),
                tp: at["tp"].as_u64().unwrap(),
            };
            assert_eq!(ranked.confusion_at(threshold), expected, "{what}: ranked confusion");
            assert_eq!(Confusion::at_threshold(&labels, &scores, threshold).unwrap(), expected, "{what}");
            let m = Metrics::evaluate(&ranked, threshold);
            for (key, value) in [
                ("accuracy", m.accuracy),
                ("precision", m.precision),
                ("recall", m.recall),
                ("f1", m.f1),
                ("specificity", m.specificity),
            ] {
                close(value, number(&at[key], f64::NAN), &format!("{what}: {key}"));
            }
            assert_eq!(m.undefined.precision, expected.tp + expected.fp == 0, "{what}: precision flag");
            assert_eq!(m.undefined.recall, expected.tp + expected.fn_ == 0, "{what}: recall flag");
        }
    }
}

#[test]
fn areas_match_sklearn() {
    for case in metrics()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let labels = booleans(&case["labels"]);
        let scores = numbers(&case["scores"], f64::NAN);
        let ranked = RankedScores::new(&labels, &scores).unwrap();
        let m = Metrics::evaluate(&ranked, 0.5);
        close(m.pr_auc, number(&case["average_precision"], f64::NAN), &format!("{name}: average precision"));
        assert_eq!(m.undefined.pr_auc, ranked.positives() == 0, "{name}: pr_auc flag");
        match case.get("roc_auc") {
            Some(expected) => {
                close(m.roc_auc, number(expected, f64::NAN), &format!("{name}: roc auc"));
                assert_eq!(m.roc_auc, roc_auc(&labels, &scores).unwrap(), "{name}: same as roc.rs");
                assert!(!m.undefined.roc_auc);
            }
            None => assert!(m.undefined.roc_auc && m.roc_auc == 0.0, "{name}: one class → undefined"),
        }
    }
}

#[test]
fn curves_match_sklearn() {
    for case in metrics()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let labels = booleans(&case["labels"]);
        let scores = numbers(&case["scores"], f64::NAN);
        let ranked = RankedScores::new(&labels, &scores).unwrap();
        match case.get("roc_curve") {
            Some(expected) => {
                let points = roc_curve(&ranked).unwrap();
                let column =
                    |f: fn(&anomalyze::eval::RocPoint) -> f64| points.iter().map(f).collect::<Vec<_>>();
                all_close(&column(|p| p.fpr), &numbers(&expected["fpr"], f64::NAN), &format!("{name}: fpr"));
                all_close(&column(|p| p.tpr), &numbers(&expected["tpr"], f64::NAN), &format!("{name}: tpr"));
                let thresholds = numbers(&expected["thresholds"], f64::INFINITY);
                all_close(&column(|p| p.threshold), &thresholds, &format!("{name}: roc thresholds"));
            }
            None => assert!(roc_curve(&ranked).is_err(), "{name}: one class has no ROC curve"),
        }
        match case.get("pr_curve") {
            Some(expected) => {
                let points = pr_curve(&ranked).unwrap();
                let column =
                    |f: fn(&anomalyze::eval::PrPoint) -> f64| points.iter().map(f).collect::<Vec<_>>();
                let precision = numbers(&expected["precision"], f64::NAN);
                all_close(&column(|p| p.precision), &precision, &format!("{name}: precision"));
                all_close(
                    &column(|p| p.recall),
                    &numbers(&expected["recall"], f64::NAN),
                    &format!("{name}: recall"),
                );
                let mut thresholds = numbers(&expected["thresholds"], f64::NAN);
                thresholds.push(f64::INFINITY);
                all_close(&column(|p| p.threshold), &thresholds, &format!("{name}: pr thresholds"));
            }
            None => assert!(pr_curve(&ranked).is_err(), "{name}: no positives, no PR curve"),
        }
    }
}

#[test]
fn bad_input_is_a_named_error() {
    use anomalyze::eval::EvalError;
    assert_eq!(
        RankedScores::new(&[true], &[0.1, 0.2]).unwrap_err(),
        EvalError::LengthMismatch { labels: 1, scores: 2 }
    );
    assert_eq!(RankedScores::new(&[], &[]).unwrap_err(), EvalError::Empty);
    assert_eq!(
        RankedScores::new(&[true, false], &[0.1, f64::NAN]).unwrap_err(),
        EvalError::NanScore { row: 1 }
    );
    assert_eq!(
        Confusion::at_threshold(&[true], &[f64::NAN], 0.5).unwrap_err(),
        EvalError::NanScore { row: 0 }
    );
}

#[test]
fn metrics_serialize_with_the_cli_keys() {
    let ranked = RankedScores::new(&[true, false, true, false], &[0.9, 0.8, 0.3, 0.1]).unwrap();
    let json = serde_json::to_value(Metrics::evaluate(&ranked, 0.5)).unwrap();
    for key in ["accuracy", "precision", "recall", "f1", "specificity", "roc_auc", "pr_auc", "threshold"] {
        assert!(json[key].is_number(), "{key} in {json}");
    }
    assert_eq!(json["confusion"], serde_json::json!({"tn": 1, "fp": 1, "fn": 1, "tp": 1}));
    assert_eq!(json["undefined"]["precision"], false);
}
