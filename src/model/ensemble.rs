//! The soft-voting ensemble: components (sets of trees with an aggregation and an output link),
//! combined by a weighted average of probabilities — scikit-learn's `VotingClassifier(voting="soft")`.
//!
//! Input: trees built by an importer or the trainer. Output: an [`Ensemble`] whose every tree was
//! validated once ([`Component::new`], [`Ensemble::new`]). Rejects: empty components, bad weights,
//! malformed trees, feature indices beyond the feature names, duplicate names.

use serde::{Deserialize, Serialize};

use super::flat::{prepare_value, FlatForest};
use super::validate::validate_tree;
use super::{ModelError, Tree};

/// How a component combines its trees' outputs into a raw score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// Gradient boosting: the raw score is the sum of the trees (in tree order, from 0.0).
    Sum,
    /// Random forest: the raw score is the sum of the trees divided by their number.
    Mean,
}

/// How a component's raw score becomes its output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Output {
    /// The raw score is the output (regression, or a forest whose leaves hold probabilities).
    Identity,
    /// Binary log-loss: `1 / (1 + exp(-scale · raw))` (LightGBM's `sigmoid:k`).
    Sigmoid {
        /// LightGBM's sigmoid parameter (1.0 by default).
        scale: f64,
    },
}

impl Output {
    /// Applies the link to a raw score.
    #[inline]
    pub fn apply(self, raw: f64) -> f64 {
        match self {
            Output::Identity => raw,
            Output::Sigmoid { scale } => 1.0 / (1.0 + (-scale * raw).exp()),
        }
    }
}

/// One member of the ensemble: validated trees with their aggregation, link and vote weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    name: String,
    trees: Vec<Tree>,
    aggregation: Aggregation,
    output: Output,
    f32_features: bool,
    weight: f64,
    n_features_used: usize,
    #[serde(skip)]
    flat: FlatForest,
}

impl Component {
    /// Builds a component, validating every tree's structure and values (feature indices are checked
    /// against the feature names by [`Ensemble::new`]). `f32_features`: cast feature values to `f32`
    /// before comparing (scikit-learn does; LightGBM does not).
    pub fn new(
        name: impl Into<String>,
        trees: Vec<Tree>,
        aggregation: Aggregation,
        output: Output,
        f32_features: bool,
        weight: f64,
    ) -> Result<Component, ModelError> {
        let name = name.into();
        let fail = |message: String| ModelError::Component { name: name.clone(), message };
        if trees.is_empty() {
            return Err(fail("has no trees".into()));
        }
        if !(weight.is_finite() && weight > 0.0) {
            return Err(fail(format!("weight is {weight}, expected a finite number > 0")));
        }
        if let Output::Sigmoid { scale } = output {
            if !(scale.is_finite() && scale > 0.0) {
                return Err(fail(format!("sigmoid scale is {scale}, expected a finite number > 0")));
            }
        }
        for (index, tree) in trees.iter().enumerate() {
            validate_tree(tree, index, u32::MAX as usize)
                .map_err(|e| ModelError::InComponent { name: name.clone(), source: Box::new(e) })?;
        }
        let n_features_used = trees
            .iter()
            .flat_map(|t| t.split_feature.iter())
            .map(|&f| (f as usize).saturating_add(1))
            .max()
            .unwrap_or(0);
        let flat = FlatForest::new(&trees, f32_features);
        Ok(Component { name, trees, aggregation, output, f32_features, weight, n_features_used, flat })
    }

    /// A short name shown to users (`gbdt`, `forest`, …).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The validated trees, over the ensemble's feature order.
    pub fn trees(&self) -> &[Tree] {
        &self.trees
    }
    /// Sum (boosting) or mean (forest).
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation
    }
    /// Identity or sigmoid.
    pub fn output(&self) -> Output {
        self.output
    }
    /// Whether features are cast to `f32` before comparison.
    pub fn f32_features(&self) -> bool {
        self.f32_features
    }
    /// Weight in the soft vote.
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// One more than the largest feature index any split uses (0 if no tree splits).
    pub fn n_features_used(&self) -> usize {
        self.n_features_used
    }
    /// The same component with another vote weight (validated like [`Component::new`]).
    pub fn with_weight(mut self, weight: f64) -> Result<Component, ModelError> {
        if !(weight.is_finite() && weight > 0.0) {
            let message = format!("weight is {weight}, expected a finite number > 0");
            return Err(ModelError::Component { name: self.name, message });
        }
        self.weight = weight;
        Ok(self)
    }
    /// The same component under another name.
    pub fn with_name(mut self, name: impl Into<String>) -> Component {
        self.name = name.into();
        self
    }
    /// The value a split of this component compares for feature value `x` (cast to `f32` for
    /// scikit-learn components; |x| ≤ `ZERO_THRESHOLD` → 0.0 otherwise, as LightGBM's dense input does).
    /// Feed this to [`Tree::next_node`] to walk a tree exactly as inference does.
    #[inline]
    pub fn prepare_value(&self, x: f64) -> f64 {
        prepare_value(x, self.f32_features)
    }
    /// Adds the sum of all tree outputs (in tree order) for each row of `rows` (row-major,
    /// `n_features` wide, the ensemble's feature order) to `sums` (one per row). Panics if `rows` is
    /// narrower than the features the trees use; [`crate::score`] checks shapes before calling.
    pub fn add_tree_sums(&self, rows: &[f64], n_features: usize, sums: &mut [f64]) {
        self.flat.add_tree_outputs(rows, n_features, sums);
    }
    /// Combines per-tree outputs summed in tree order into the raw score.
    #[inline]
    pub fn aggregate(&self, tree_sum: f64) -> f64 {
        match self.aggregation {
            Aggregation::Sum => tree_sum,
            Aggregation::Mean => tree_sum / self.trees.len() as f64,
        }
    }
}

/// A validated list of components over one feature order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ensemble {
    feature_names: Vec<String>,
    components: Vec<Component>,
}

impl Ensemble {
    /// Builds an ensemble: at least one component, unique non-empty feature names, every split feature
    /// below the number of names, unique component names.
    pub fn new(feature_names: Vec<String>, components: Vec<Component>) -> Result<Ensemble, ModelError> {
        if components.is_empty() {
            return Err(ModelError::Invalid("the model has no components".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for name in &feature_names {
            if name.is_empty() || !seen.insert(name.as_str()) {
                let why = if name.is_empty() { "is empty" } else { "occurs more than once" };
                return Err(ModelError::Invalid(format!("feature name {name:?} {why}")));
            }
        }
        let mut names = std::collections::HashSet::new();
        for component in &components {
            if !names.insert(component.name()) {
                let message = "two components have this name".to_string();
                return Err(ModelError::Component { name: component.name.clone(), message });
            }
            if component.n_features_used > feature_names.len() {
                let n = feature_names.len();
                let (tree, node) = first_split_beyond(component, n);
                let message = format!(
                    "split feature {} is out of range (the model has {n} features)",
                    component.trees[tree].split_feature[node]
                );
                let source = Box::new(ModelError::Node { tree, node: node as i64, message });
                return Err(ModelError::InComponent { name: component.name.clone(), source });
            }
        }
        Ok(Ensemble { feature_names, components })
    }

    /// Feature names, in the order trees index them.
    pub fn feature_names(&self) -> &[String] {
        &self.feature_names
    }
    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.feature_names.len()
    }
    /// The components of the soft vote.
    pub fn components(&self) -> &[Component] {
        &self.components
    }
    /// Sum of the component weights.
    pub fn total_weight(&self) -> f64 {
        self.components.iter().map(|c| c.weight).sum()
    }
}

fn first_split_beyond(component: &Component, n_features: usize) -> (usize, usize) {
    for (t, tree) in component.trees.iter().enumerate() {
        if let Some(node) = tree.split_feature.iter().position(|&f| f as usize >= n_features) {
            return (t, node);
        }
    }
    (0, 0)
}
