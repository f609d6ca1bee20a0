//! The reference fixtures of `tools/make_fixtures.py`, embedded (so they also load under wasm32).

/// One fixture case: a model, input rows and what LightGBM / scikit-learn / shap computed for them.
pub struct Case {
    /// Directory name under `tests/fixtures/engine/`.
    pub name: &'static str,
    /// LightGBM model text or the project's JSON model file.
    pub model: &'static str,
    /// Input rows (header = the model's feature names; empty cell or `NaN` = missing).
    pub input: &'static str,
    /// Columns `raw,probability`.
    pub expected: &'static str,
    /// One column per feature, then `bias`.
    pub shap: &'static str,
}

/// Every case.
pub const CASES: &[Case] = &[
    Case {
        name: "binary_nan",
        model: include_str!("../fixtures/engine/binary_nan/model.txt"),
        input: include_str!("../fixtures/engine/binary_nan/input.csv"),
        expected: include_str!("../fixtures/engine/binary_nan/expected.csv"),
        shap: include_str!("../fixtures/engine/binary_nan/shap.csv"),
    },
    Case {
        name: "categorical",
        model: include_str!("../fixtures/engine/categorical/model.txt"),
        input: include_str!("../fixtures/engine/categorical/input.csv"),
        expected: include_str!("../fixtures/engine/categorical/expected.csv"),
        shap: include_str!("../fixtures/engine/categorical/shap.csv"),
    },
    Case {
        name: "cross_entropy",
        model: include_str!("../fixtures/engine/cross_entropy/model.txt"),
        input: include_str!("../fixtures/engine/cross_entropy/input.csv"),
        expected: include_str!("../fixtures/engine/cross_entropy/expected.csv"),
        shap: include_str!("../fixtures/engine/cross_entropy/shap.csv"),
    },
    Case {
        name: "deep",
        model: include_str!("../fixtures/engine/deep/model.txt"),
        input: include_str!("../fixtures/engine/deep/input.csv"),
        expected: include_str!("../fixtures/engine/deep/expected.csv"),
        shap: include_str!("../fixtures/engine/deep/shap.csv"),
    },
    Case {
        name: "forest",
        model: include_str!("../fixtures/engine/forest/model.json"),
        input: include_str!("../fixtures/engine/forest/input.csv"),
        expected: include_str!("../fixtures/engine/forest/expected.csv"),
        shap: include_str!("../fixtures/engine/forest/shap.csv"),
    },
    Case {
        name: "forest_nan",
        model: include_str!("../fixtures/engine/forest_nan/model.json"),
        input: include_str!("../fixtures/engine/forest_nan/input.csv"),
        expected: include_str!("../fixtures/engine/forest_nan/expected.csv"),
        shap: include_str!("../fixtures/engine/forest_nan/shap.csv"),
    },
    Case {
        name: "nan_split",
        model: include_str!("../fixtures/engine/nan_split/model.txt"),
        input: include_str!("../fixtures/engine/nan_split/input.csv"),
        expected: include_str!("../fixtures/engine/nan_split/expected.csv"),
        shap: include_str!("../fixtures/engine/nan_split/shap.csv"),
    },
    Case {
        name: "no_missing",
        model: include_str!("../fixtures/engine/no_missing/model.txt"),
        input: include_str!("../fixtures/engine/no_missing/input.csv"),
        expected: include_str!("../fixtures/engine/no_missing/expected.csv"),
        shap: include_str!("../fixtures/engine/no_missing/shap.csv"),
    },
    Case {
        name: "regression",
        model: include_str!("../fixtures/engine/regression/model.txt"),
        input: include_str!("../fixtures/engine/regression/input.csv"),
        expected: include_str!("../fixtures/engine/regression/expected.csv"),
        shap: include_str!("../fixtures/engine/regression/shap.csv"),
    },
    Case {
        name: "rf",
        model: include_str!("../fixtures/engine/rf/model.txt"),
        input: include_str!("../fixtures/engine/rf/input.csv"),
        expected: include_str!("../fixtures/engine/rf/expected.csv"),
        shap: include_str!("../fixtures/engine/rf/shap.csv"),
    },
    Case {
        name: "shallow_sigmoid",
        model: include_str!("../fixtures/engine/shallow_sigmoid/model.txt"),
        input: include_str!("../fixtures/engine/shallow_sigmoid/input.csv"),
        expected: include_str!("../fixtures/engine/shallow_sigmoid/expected.csv"),
        shap: include_str!("../fixtures/engine/shallow_sigmoid/shap.csv"),
    },
    Case {
        name: "zero_missing",
        model: include_str!("../fixtures/engine/zero_missing/model.txt"),
        input: include_str!("../fixtures/engine/zero_missing/input.csv"),
        expected: include_str!("../fixtures/engine/zero_missing/expected.csv"),
        shap: include_str!("../fixtures/engine/zero_missing/shap.csv"),
    },
    // GOSS sampling (data_sample_strategy=goss) and ±inf in the data (splits at -DBL_MAX; LightGBM
    // writes -inf as that, while `nan_split` above holds threshold=inf splits).
    Case {
        name: "goss",
        model: include_str!("../fixtures/engine/goss/model.txt"),
        input: include_str!("../fixtures/engine/goss/input.csv"),
        expected: include_str!("../fixtures/engine/goss/expected.csv"),
        shap: include_str!("../fixtures/engine/goss/shap.csv"),
    },
    Case {
        name: "infinities",
        model: include_str!("../fixtures/engine/infinities/model.txt"),
        input: include_str!("../fixtures/engine/infinities/input.csv"),
        expected: include_str!("../fixtures/engine/infinities/expected.csv"),
        shap: include_str!("../fixtures/engine/infinities/shap.csv"),
    },
];

/// A parsed CSV of numbers: header and row-major values (empty cell or `NaN` → NaN).
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<f64>>,
}

/// Parses one of the fixture CSVs (simple: no quoting in these files).
pub fn table(text: &str) -> Table {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").split(',').map(str::to_string).collect();
    let rows =
        lines
            .filter(|l| !l.is_empty())
            .map(|l| {
                l.split(',')
                    .map(|c| {
                        if c.is_empty() || c == "NaN" {
                            f64::NAN
                        } else {
                            c.parse().expect("fixture number")
                        }
                    })
                    .collect()
            })
            .collect();
    Table { header, rows }
}

/// Row-major values of a table.
pub fn flat(table: &Table) -> Vec<f64> {
    table.rows.iter().flatten().copied().collect()
}

/// `|ours - reference| <= tolerance * |reference|`, with a message naming the case, row and quantity.
pub fn assert_relative(case: &str, what: &str, row: usize, ours: f64, reference: f64, tolerance: f64) {
    let diff = (ours - reference).abs();
    assert!(
        diff <= tolerance * reference.abs(),
        "{case}: {what} of row {row}: ours {ours:e}, reference {reference:e}, difference {diff:e}"
    );
}
