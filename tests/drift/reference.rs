//! Bins, PSI (Evidently's formula), `jensenshannon(base=2)`, `ks_2samp` and `kstwobign.sf` vs the fixture.
use anomalyze::drift::{
    feature_drift, jensen_shannon, kolmogorov_sf, ks_2samp, psi, Binning, FeatureProfile,
};

use crate::eval::fixtures::{all_close, close, counts, drift, number, numbers};

fn profile_of(case: &serde_json::Value) -> FeatureProfile {
    let reference = numbers(&case["reference"], f64::NAN);
    let bins = case["bins"].as_u64().unwrap() as usize;
    match case["kind"].as_str().unwrap() {
        "quantile" => FeatureProfile::quantile("x", &reference, bins).unwrap(),
        _ => FeatureProfile::categorical("x", &reference, bins).unwrap(),
    }
}

#[test]
fn bins_and_statistics_match_numpy_and_scipy() {
    for case in drift()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let profile = profile_of(case);
        match &profile.binning {
            Binning::Quantile { cuts } => all_close(cuts, &numbers(&case["binning"]["cuts"], f64::NAN), name),
            Binning::Categories { values } => {
                all_close(values, &numbers(&case["binning"]["values"], f64::NAN), name)
            }
        }
        let (reference, current) = (counts(&case["reference_counts"]), counts(&case["current_counts"]));
        assert_eq!(profile.counts, reference, "{name}: training counts");
        let file = numbers(&case["current"], f64::NAN);
        assert_eq!(profile.bin_counts(&file), current, "{name}: file counts");
        close(psi(&reference, &current).unwrap(), number(&case["psi"], f64::NAN), &format!("{name}: psi"));
        let js = jensen_shannon(&reference, &current).unwrap();
        close(js, number(&case["jensen_shannon"], f64::NAN), &format!("{name}: jensen-shannon"));
        let ks = ks_2samp(&numbers(&case["reference"], f64::NAN), &file).unwrap();
        close(ks.statistic, number(&case["ks_statistic"], f64::NAN), &format!("{name}: ks statistic"));
        let p = number(&case["ks_pvalue_asymptotic"], f64::NAN);
        close(ks.p_value_asymptotic, p, &format!("{name}: ks p-value"));
        let drift = feature_drift(&profile, &file).unwrap();
        close(drift.psi, number(&case["psi"], f64::NAN), name);
        let binned = drift.ks_statistic.unwrap();
        assert!(
            binned <= ks.statistic + 1e-15,
            "{name}: binned KS {binned} is a lower bound of {}",
            ks.statistic
        );
        if drift.ks_exact {
            close(binned, ks.statistic, &format!("{name}: exact binned KS"));
        }
    }
}

#[test]
fn kolmogorov_distribution_matches_scipy() {
    for pair in drift()["kolmogorov_sf"].as_array().unwrap() {
        let x = number(&pair[0], f64::NAN);
        close(kolmogorov_sf(x), number(&pair[1], f64::NAN), &format!("kstwobign.sf({x})"));
    }
}

#[test]
fn categories_without_other_values_give_the_exact_ks() {
    let case =
        drift()["cases"].as_array().unwrap().iter().find(|c| c["name"] == "codes_known").unwrap().clone();
    let drift = feature_drift(&profile_of(&case), &numbers(&case["current"], f64::NAN)).unwrap();
    assert!(drift.ks_exact, "all values are known categories");
}
