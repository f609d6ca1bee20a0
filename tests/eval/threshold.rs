//! Threshold policies vs brute force in NumPy, threshold curves vs the confusion at each threshold.
use anomalyze::eval::{
    choose_threshold, threshold_curve, uniform_grid, Confusion, EvalError, Metrics, RankedScores,
    ThresholdPolicy,
};

use super::fixtures::{booleans, metrics, number, numbers};

#[test]
fn policies_match_brute_force() {
    for case in metrics()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let ranked =
            RankedScores::new(&booleans(&case["labels"]), &numbers(&case["scores"], f64::NAN)).unwrap();
        let expected = case["policies"].as_object().unwrap();
        if expected.is_empty() {
            let policy = ThresholdPolicy::BestF1;
            assert!(matches!(choose_threshold(&ranked, policy), Err(EvalError::OneClass { .. })), "{name}");
            continue;
        }
        let mut checked = 0;
        for (key, value) in expected {
            let policy = match key.split_once('_').unwrap() {
                ("recall", target) => ThresholdPolicy::RecallAtLeast { target: target.parse().unwrap() },
                ("best", "f1") => ThresholdPolicy::BestF1,
                ("cost", ratio) => ThresholdPolicy::MinCost { fn_cost: ratio.parse().unwrap() },
                other => panic!("unknown policy {other:?}"),
            };
            let choice = choose_threshold(&ranked, policy).unwrap();
            assert_eq!(choice.threshold, number(value, f64::INFINITY), "{name}: {key}");
            assert_eq!(choice.metrics, Metrics::evaluate(&ranked, choice.threshold), "{name}: {key} metrics");
            checked += 1;
        }
        assert_eq!(checked, 7, "{name}");
    }
}

#[test]
fn recall_target_is_met_at_the_highest_threshold() {
    let ranked = RankedScores::new(&[true, true, false, true, false], &[0.9, 0.7, 0.6, 0.4, 0.2]).unwrap();
    let choice = choose_threshold(&ranked, ThresholdPolicy::RecallAtLeast { target: 0.6 }).unwrap();
    assert_eq!((choice.threshold, choice.metrics.recall), (0.7, 2.0 / 3.0));
    for target in [0.0, -1.0, 1.5, f64::NAN] {
        let result = choose_threshold(&ranked, ThresholdPolicy::RecallAtLeast { target });
        assert!(matches!(result, Err(EvalError::InvalidPolicy { .. })), "target {target}");
    }
    let result = choose_threshold(&ranked, ThresholdPolicy::MinCost { fn_cost: 0.0 });
    assert!(matches!(result, Err(EvalError::InvalidPolicy { .. })));
}

#[test]
fn threshold_curve_equals_confusion_at_each_grid_point() {
    let case = &metrics()["cases"][0];
    let (labels, scores) = (booleans(&case["labels"]), numbers(&case["scores"], f64::NAN));
    let ranked = RankedScores::new(&labels, &scores).unwrap();
    let grid = uniform_grid(100);
    assert_eq!((grid.len(), grid[0], grid[100], grid[37]), (101, 0.0, 1.0, 0.37));
    let curve = threshold_curve(&ranked, &grid);
    for point in &curve {
        let c = Confusion::at_threshold(&labels, &scores, point.threshold).unwrap();
        let m = Metrics::from_confusion(c, point.threshold);
        assert_eq!(
            (point.precision, point.recall, point.f1, point.specificity),
            (m.precision, m.recall, m.f1, m.specificity)
        );
        assert_eq!(point.queue_rate, (c.tp + c.fp) as f64 / labels.len() as f64);
    }
    assert!(curve.windows(2).all(|w| w[0].recall >= w[1].recall), "recall falls as the threshold rises");
}
