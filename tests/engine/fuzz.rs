//! Bounded-time fuzzing of the model loaders (runs in `cargo test`): arbitrary bytes and random
//! mutations of valid LightGBM text and model files must give `Ok` or a `ModelError` — never a panic,
//! and a model that loads must score without panicking.

use anomalyze::model::load_model;
use anomalyze::score::score_rows;
use proptest::prelude::*;

use super::fixtures::{flat, table};

const BASES: [&str; 3] = [
    include_str!("../fixtures/engine/shallow_sigmoid/model.txt"),
    include_str!("../fixtures/engine/categorical/model.txt"),
    include_str!("../fixtures/engine/forest/model.json"),
];
const INPUT: &str = include_str!("../fixtures/engine/categorical/input.csv");

/// Tokens that hit the parser's edge cases when spliced in.
const TOKENS: [&str; 17] = [
    "18446744073709551615",
    "-1",
    "0",
    "999999",
    "-2147483649",
    "nan",
    "inf",
    "=",
    "\n",
    " ",
    "\nTree=0\n",
    "end of trees",
    "num_leaves=1",
    "is_linear=1",
    "1e308",
    "{",
    "\"trees\":[]",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: f64, len: usize },
    Insert { at: f64, token: usize },
    Byte { at: f64, value: u8 },
    Truncate { at: f64 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0, 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (0.0..1.0, 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (0.0..1.0, any::<u8>()).prop_map(|(at, value)| Mutation::Byte { at, value }),
        (0.0..1.0).prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let pos = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
    match *m {
        Mutation::Delete { at, len } => {
            let start = pos(at, bytes.len());
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Insert { at, token } => {
            let p = pos(at, bytes.len());
            bytes.splice(p..p, TOKENS[token].bytes());
        }
        Mutation::Byte { at, value } => {
            let p = pos(at, bytes.len());
            if p < bytes.len() {
                bytes[p] = value;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(pos(at, bytes.len())),
    }
}

fn load_and_score(bytes: &[u8]) {
    if let Ok(model) = load_model(bytes) {
        let input = table(INPUT);
        let width = model.n_features();
        let rows: Vec<f64> = flat(&input)
            .chunks(input.header.len())
            .flat_map(|r| r.iter().cycle().take(width))
            .copied()
            .collect();
        let scores = score_rows(&model, &rows).expect("rows of the model's width");
        assert_eq!(scores.probability.len(), input.rows.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_models_never_panic(base in 0..BASES.len(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut bytes = BASES[base].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        load_and_score(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), prefix in 0..3usize) {
        let mut text = ["", "tree\n", "{\"format\":\"anomalyze-model\",\"version\":1,"][prefix].as_bytes().to_vec();
        text.extend_from_slice(&bytes);
        load_and_score(&text);
    }
}

fn f32_stump(threshold: f64) -> anomalyze::model::Ensemble {
    use anomalyze::model::{Aggregation, Component, Ensemble, Output, Tree};
    let tree = Tree {
        split_feature: vec![0],
        threshold: vec![threshold],
        decision_type: vec![8],
        left_child: vec![-1],
        right_child: vec![-2],
        internal_cover: vec![2.0],
        leaf_value: vec![0.25, 0.75],
        leaf_cover: vec![1.0, 1.0],
        ..Tree::default()
    };
    let c = Component::new("forest", vec![tree], Aggregation::Mean, Output::Identity, true, 1.0).unwrap();
    Ensemble::new(vec!["x".into()], vec![c]).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The f64 cut written for an f32-comparing split decides every value around it as scikit-learn
    /// would (`(x as f32) as f64 <= t`).
    #[test]
    fn exported_f32_cuts_are_exact(bits in any::<u64>(), small in -1e6f64..1e6, pick in any::<bool>()) {
        let t = if pick { small } else { f64::from_bits(bits) };
        prop_assume!(t.is_finite());
        let model = f32_stump(t);
        let text = anomalyze::model::to_lightgbm_text(&model, 0).unwrap();
        let again = anomalyze::model::from_lightgbm_text(&text).unwrap();
        let cut = again.components()[0].trees()[0].threshold[0];
        let near = |x: f64| [x, x.next_up(), x.next_down()];
        let f = t as f32;
        let mut xs: Vec<f64> = near(t).into_iter().chain(near(cut)).collect();
        xs.extend([f.next_up() as f64, f.next_down() as f64, f as f64]);
        for x in xs.into_iter().filter(|x| x.is_finite() && x.abs() > 1e-30) {
            let ours = score_rows(&model, &[x]).unwrap().raw[0][0];
            let theirs = score_rows(&again, &[x]).unwrap().raw[0][0];
            prop_assert_eq!(ours, theirs, "t={:e} x={:e} cut={:e}", t, x, cut);
        }
    }
}
