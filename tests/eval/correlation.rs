//! Feature–label correlations vs pandas `DataFrame.corr()` (which NaN/constant cases are undefined; values
//! within 1e-9, pandas' one-pass rounding on a column offset by 1e9) and vs the exact r (≤ 1e-12).
use anomalyze::eval::label_correlations;
use anomalyze::features::FeatureMatrix;
use ndarray::Array2;

use super::fixtures::{booleans, close, metrics, number, numbers};

#[test]
fn correlations_match_pandas() {
    let fixture = metrics()["correlation"].clone();
    let labels = booleans(&fixture["labels"]);
    let columns = fixture["columns"].as_object().unwrap();
    let names: Vec<String> = columns.keys().cloned().collect();
    let mut values = Array2::<f64>::zeros((labels.len(), names.len()));
    for (j, name) in names.iter().enumerate() {
        for (i, v) in numbers(&columns[name], f64::NAN).into_iter().enumerate() {
            values[[i, j]] = v;
        }
    }
    let matrix = FeatureMatrix::new(values, names.clone()).unwrap();
    let correlations = label_correlations(&matrix, &labels).unwrap();
    assert_eq!(correlations.len(), names.len());
    for c in &correlations {
        let pandas = &fixture["pandas_corr"][&c.feature];
        assert_eq!(c.defined, !pandas.is_null(), "{}: defined as pandas", c.feature);
        close(c.value, number(&fixture["exact_corr"][&c.feature], 0.0), &c.feature);
        let gap = (c.value - number(pandas, 0.0)).abs();
        assert!(gap <= 1e-9, "{}: {} vs pandas {pandas}", c.feature, c.value);
        assert_eq!(c.rows_used as u64, fixture["rows_used"][&c.feature].as_u64().unwrap(), "{}", c.feature);
    }
    assert!(label_correlations(&matrix, &labels[1..]).is_err(), "row count mismatch is an error");
}
