//! One decision tree as flat struct-of-arrays with LightGBM's node encoding and split semantics.
//!
//! Internal nodes are `0..n_internal`; a child index `c < 0` is the leaf `!c` (LightGBM's `~leaf`).
//! A tree with no internal node is a single leaf. Built by importers and the trainer; checked by
//! [`Tree::validate`] (called by [`crate::model::Component::new`]), after which [`Tree::next_node`]
//! never goes out of bounds.

use serde::{Deserialize, Serialize};

/// Bit 0 of `decision_type`: categorical split.
pub const CATEGORICAL_MASK: u8 = 1;
/// Bit 1 of `decision_type`: missing values go left.
pub const DEFAULT_LEFT_MASK: u8 = 2;
/// LightGBM's `kZeroThreshold` (declared `const double kZeroThreshold = 1e-35f`, so the value is the
/// `f32` nearest to 1e-35): |x| ≤ this counts as zero.
pub const ZERO_THRESHOLD: f64 = 1e-35_f32 as f64;

/// How a split treats missing values (`decision_type` bits 2–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingType {
    /// NaN is treated as 0.0; no default direction.
    None,
    /// Zero (and NaN, converted to zero) takes the default direction.
    Zero,
    /// NaN takes the default direction.
    NaN,
}

/// A flat decision tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Tree {
    /// Feature index tested at each internal node.
    pub split_feature: Vec<u32>,
    /// Numerical threshold (`x <= t` goes left; may be ±inf, never NaN), or for categorical splits the
    /// index into `cat_boundaries`. In JSON, ±inf are written as the strings `"inf"` / `"-inf"`.
    #[serde(with = "thresholds_json")]
    pub threshold: Vec<f64>,
    /// LightGBM decision type bits per internal node.
    pub decision_type: Vec<u8>,
    /// Left child per internal node (`< 0` = leaf `!c`).
    pub left_child: Vec<i32>,
    /// Right child per internal node (`< 0` = leaf `!c`).
    pub right_child: Vec<i32>,
    /// Cover of each internal node (sample count or hessian sum), used by TreeSHAP.
    pub internal_cover: Vec<f64>,
    /// Output of each leaf (shrinkage already applied).
    pub leaf_value: Vec<f64>,
    /// Cover of each leaf.
    pub leaf_cover: Vec<f64>,
    /// Categorical splits: offsets into `cat_threshold`, one more than the number of categorical splits.
    pub cat_boundaries: Vec<u32>,
    /// Categorical splits: bitsets of the categories that go left, 32 per word.
    pub cat_threshold: Vec<u32>,
    /// Output of each internal node before its split (informational: kept for LightGBM export; empty or
    /// one per internal node).
    pub internal_value: Vec<f64>,
}

impl Tree {
    /// A tree that is a single leaf with `value` and `cover`.
    pub fn leaf(value: f64, cover: f64) -> Tree {
        Tree { leaf_value: vec![value], leaf_cover: vec![cover], ..Tree::default() }
    }

    /// Number of internal (split) nodes.
    pub fn n_internal(&self) -> usize {
        self.split_feature.len()
    }

    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.leaf_value.len()
    }

    /// Number of categorical splits (LightGBM's `num_cat`).
    pub fn n_categorical(&self) -> usize {
        self.cat_boundaries.len().saturating_sub(1)
    }

    /// Missing-value handling of internal node `node`.
    pub fn missing_type(&self, node: usize) -> MissingType {
        match (self.decision_type[node] >> 2) & 3 {
            1 => MissingType::Zero,
            2 => MissingType::NaN,
            _ => MissingType::None,
        }
    }

    /// Whether internal node `node` sends its default (missing) values left.
    pub fn default_left(&self, node: usize) -> bool {
        self.decision_type[node] & DEFAULT_LEFT_MASK != 0
    }

    /// Whether internal node `node` is a categorical split.
    pub fn is_categorical(&self, node: usize) -> bool {
        self.decision_type[node] & CATEGORICAL_MASK != 0
    }

    /// The child (`< 0` = leaf) that value `x` of the split feature goes to at internal node `node`,
    /// exactly as LightGBM 4's `Tree::NumericalDecision` / `Tree::CategoricalDecision`.
    #[inline]
    pub fn next_node(&self, node: usize, x: f64) -> i32 {
        let go_left = if self.is_categorical(node) {
            self.categorical_goes_left(node, x)
        } else {
            self.numerical_goes_left(node, x)
        };
        if go_left {
            self.left_child[node]
        } else {
            self.right_child[node]
        }
    }

    /// NumericalDecision: NaN becomes 0.0 unless the missing type is NaN; a missing value (zero for
    /// `Zero`, NaN for `NaN`) takes the default direction; otherwise `x <= threshold` goes left.
    #[inline]
    fn numerical_goes_left(&self, node: usize, x: f64) -> bool {
        let missing = self.missing_type(node);
        let x = if x.is_nan() && missing != MissingType::NaN { 0.0 } else { x };
        let is_missing = match missing {
            MissingType::Zero => (-ZERO_THRESHOLD..=ZERO_THRESHOLD).contains(&x),
            MissingType::NaN => x.is_nan(),
            MissingType::None => false,
        };
        if is_missing {
            self.default_left(node)
        } else {
            x <= self.threshold[node]
        }
    }

    /// CategoricalDecision (LightGBM ≥ 4): NaN and negative categories go right; otherwise the value
    /// truncated to `int` goes left when its bit is set in the node's bitset.
    fn categorical_goes_left(&self, node: usize, x: f64) -> bool {
        let Some(category) = category_of(x) else { return false };
        let split = self.threshold[node] as usize;
        let start = self.cat_boundaries[split] as usize;
        let end = self.cat_boundaries[split + 1] as usize;
        let word = (category / 32) as usize;
        if word >= end - start {
            return false;
        }
        (self.cat_threshold[start + word] >> (category % 32)) & 1 == 1
    }

    /// Index of the leaf that row `x` (indexed by feature) falls into.
    #[inline]
    pub fn leaf_index(&self, x: &[f64]) -> usize {
        if self.n_internal() == 0 {
            return 0;
        }
        let mut node = 0i32;
        while node >= 0 {
            let n = node as usize;
            node = self.next_node(n, x[self.split_feature[n] as usize]);
        }
        (!node) as usize
    }

    /// The tree's output for row `x`.
    #[inline]
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.leaf_value[self.leaf_index(x)]
    }

    /// Depth of the deepest leaf (a single-leaf tree has depth 0). Valid trees only.
    pub fn max_depth(&self) -> usize {
        if self.n_internal() == 0 {
            return 0;
        }
        let mut deepest = 0;
        let mut stack = vec![(0i32, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            if node < 0 {
                deepest = deepest.max(depth);
            } else {
                let n = node as usize;
                stack.push((self.left_child[n], depth + 1));
                stack.push((self.right_child[n], depth + 1));
            }
        }
        deepest
    }
}

/// LightGBM's `static_cast<int>(fval)` for a category: `None` (goes right) for NaN, for values whose
/// truncation is negative, and for values beyond `i32::MAX` (x86 yields `INT_MIN` there).
#[inline]
pub fn category_of(x: f64) -> Option<u32> {
    let truncated = x.trunc();
    if truncated.is_nan() || truncated < 0.0 || truncated > i32::MAX as f64 {
        None
    } else {
        Some(truncated as u32)
    }
}

/// JSON has no infinity: thresholds are numbers, or the strings `"inf"` / `"-inf"`.
mod thresholds_json {
    use std::fmt;

    use serde::de::{Error, Visitor};
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serializer};

    /// One threshold: a number, `"inf"` or `"-inf"`. A visitor rather than an untagged enum: no
    /// buffering of each value (faster loading, and much less code in the wasm build).
    struct Threshold(f64);

    impl<'de> Deserialize<'de> for Threshold {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Expect;
            impl<'de> Visitor<'de> for Expect {
                type Value = Threshold;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a threshold: a number, \"inf\" or \"-inf\"")
                }
                fn visit_f64<E: Error>(self, v: f64) -> Result<Threshold, E> {
                    Ok(Threshold(v))
                }
                fn visit_i64<E: Error>(self, v: i64) -> Result<Threshold, E> {
                    Ok(Threshold(v as f64))
                }
                fn visit_u64<E: Error>(self, v: u64) -> Result<Threshold, E> {
                    Ok(Threshold(v as f64))
                }
                fn visit_str<E: Error>(self, s: &str) -> Result<Threshold, E> {
                    match s {
                        "inf" => Ok(Threshold(f64::INFINITY)),
                        "-inf" => Ok(Threshold(f64::NEG_INFINITY)),
                        _ => Err(E::custom(format!("threshold {s:?} is not a number, \"inf\" or \"-inf\""))),
                    }
                }
            }
            deserializer.deserialize_any(Expect)
        }
    }

    pub fn serialize<S: Serializer>(values: &[f64], serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(values.len()))?;
        for &v in values {
            match v {
                f64::INFINITY => seq.serialize_element("inf")?,
                f64::NEG_INFINITY => seq.serialize_element("-inf")?,
                _ => seq.serialize_element(&v)?,
            }
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Threshold>::deserialize(deserializer)?.into_iter().map(|t| t.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thresholds {
        #[serde(with = "super::thresholds_json")]
        t: Vec<f64>,
    }

    #[test]
    fn thresholds_round_trip_with_infinities_and_integers() {
        let t = Thresholds { t: vec![0.1, f64::INFINITY, -3.0, f64::NEG_INFINITY, 1e300] };
        let text = serde_json::to_string(&t).unwrap();
        assert_eq!(text, r#"{"t":[0.1,"inf",-3.0,"-inf",1e+300]}"#);
        assert_eq!(serde_json::from_str::<Thresholds>(&text).unwrap(), t);
        let ints: Thresholds = serde_json::from_str(r#"{"t":[2,-7,18446744073709551615]}"#).unwrap();
        assert_eq!(ints.t, [2.0, -7.0, 18446744073709551615u64 as f64]);
    }

    #[test]
    fn a_threshold_that_is_not_a_number_is_named() {
        let err = serde_json::from_str::<Thresholds>(r#"{"t":[1.5,"infinity"]}"#).unwrap_err().to_string();
        assert!(err.contains(r#"threshold "infinity" is not a number, "inf" or "-inf""#), "{err}");
        let err = serde_json::from_str::<Thresholds>(r#"{"t":[true]}"#).unwrap_err().to_string();
        assert!(err.contains("expected a threshold: a number"), "{err}");
    }
}
