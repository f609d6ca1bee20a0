//! The ranked report on feature matrices, verdicts, serde shape and errors.
use anomalyze::drift::{
    drift_report, psi, BinLabel, DriftError, FeatureProfile, ProfileOptions, TrainingProfile, Verdict,
};
use anomalyze::features::FeatureMatrix;
use ndarray::Array2;

fn matrix(columns: &[(&str, Vec<f64>)]) -> FeatureMatrix {
    let rows = columns[0].1.len();
    let values = Array2::from_shape_fn((rows, columns.len()), |(i, j)| columns[j].1[i]);
    FeatureMatrix::new(values, columns.iter().map(|c| c.0.to_owned()).collect()).unwrap()
}

#[test]
fn report_ranks_the_shifted_feature_first() {
    let training = matrix(&[
        ("stable", (0..1000).map(|i| f64::from(i % 97)).collect()),
        ("shifted", (0..1000).map(|i| f64::from(i % 89)).collect()),
        ("Protocol_Encoded", (0..1000).map(|i| f64::from(i % 4)).collect()),
    ]);
    let options =
        ProfileOptions { categorical: vec!["Protocol_Encoded".into()], ..ProfileOptions::default() };
    let profile = TrainingProfile::from_matrix(&training, &options).unwrap();
    let file = matrix(&[
        ("stable", (0..500).map(|i| f64::from((i * 7) % 97)).collect()),
        ("shifted", (0..500).map(|i| f64::from(i % 89) + 40.0).collect()),
        ("Protocol_Encoded", (0..500).map(|i| f64::from(i % 3)).collect()),
    ]);
    let report = drift_report(&profile, &file).unwrap();
    let order: Vec<&str> = report.iter().map(|d| d.feature.as_str()).collect();
    assert_eq!(order, ["shifted", "Protocol_Encoded", "stable"]);
    assert_eq!(report[0].verdict, Verdict::Strong);
    assert_eq!(report[2].verdict, Verdict::None, "psi {}", report[2].psi);
    let protocol = &report[1];
    assert_eq!(protocol.bins.len(), 6, "4 categories + other + missing");
    assert_eq!(protocol.bins[4], BinLabel::Other);
    for drift in &report {
        let (training_sum, file_sum): (f64, f64) =
            (drift.training_share.iter().sum(), drift.file_share.iter().sum());
        assert!((training_sum - 1.0).abs() < 1e-12 && (file_sum - 1.0).abs() < 1e-12, "{}", drift.feature);
    }
    let json = serde_json::to_value(&report[0]).unwrap();
    assert_eq!(json["verdict"], "strong");
    assert_eq!(
        json["bins"][0],
        serde_json::json!({"kind": "range", "low": null, "high": json["bins"][1]["low"]})
    );
    let profile_json = serde_json::to_string(&profile).unwrap();
    assert_eq!(serde_json::from_str::<TrainingProfile>(&profile_json).unwrap(), profile);
}

#[test]
fn verdict_thresholds_are_evidentlys() {
    let cases = [
        (0.0, Verdict::None),
        (0.0999, Verdict::None),
        (0.1, Verdict::Moderate),
        (0.2499, Verdict::Moderate),
    ];
    for (value, verdict) in cases.into_iter().chain([(0.25, Verdict::Strong), (3.0, Verdict::Strong)]) {
        assert_eq!(Verdict::from_psi(value), verdict, "psi {value}");
    }
}

#[test]
fn errors_name_the_problem() {
    let training = matrix(&[("a", vec![1.0, 2.0, 3.0])]);
    let profile = TrainingProfile::from_matrix(&training, &ProfileOptions::default()).unwrap();
    let other = matrix(&[("b", vec![1.0])]);
    assert_eq!(
        drift_report(&profile, &other).unwrap_err(),
        DriftError::MissingFeature { feature: "a".into() }
    );
    let infinite = FeatureProfile::quantile("len", &[1.0, f64::INFINITY], 10).unwrap_err();
    assert_eq!(infinite, DriftError::Infinite { feature: "len".into(), row: 1 });
    assert_eq!(FeatureProfile::quantile("len", &[1.0], 1).unwrap_err(), DriftError::TooFewBins { bins: 1 });
    assert_eq!(psi(&[1, 2], &[1]).unwrap_err(), DriftError::BinMismatch { reference: 2, current: 1 });
    assert_eq!(psi(&[1, 2], &[0, 0]).unwrap_err(), DriftError::EmptySample { side: "current" });
    assert!(infinite.to_string().contains("row 1"), "{infinite}");
}
