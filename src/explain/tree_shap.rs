//! Exact path-dependent TreeSHAP for one ensemble component, in its raw (margin) space.
//!
//! Input: a [`Component`] and rows over the ensemble's features. Output: `n_features + 1` values per
//! row, bias (the component's expected raw score) last, summing to the component's raw score. Rejects
//! trees with negative or non-finite covers or inconsistent arrays ([`ExplainError`]).

use crate::model::{Aggregation, Component};

use super::linear::{self, LinearScratch, Rule};
use super::path::{self, PathElement};
use super::prepared::PreparedTree;
use super::ExplainError;

/// Most precomputed reciprocals per component (8 bytes each: 16 MB); larger components (deep forests)
/// divide on the fly instead.
const HOT_TABLE_BUDGET: usize = 2 << 20;

/// Which exact algorithm computes the (identical) path-dependent TreeSHAP values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreeShapAlgorithm {
    /// Lundberg et al. (2018) Algorithm 2, `O(L·D²)` per tree.
    PathDependent,
    /// Linear TreeSHAP with Gauss–Legendre quadrature, `O(L·D)` per tree; falls back to Algorithm 2
    /// for a tree with more than 32 distinct features on one path.
    #[default]
    Linear,
}

/// Reusable scratch buffers: create one per thread/worker and pass it to every call.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    path: Vec<PathElement>,
    linear: LinearScratch,
    row: Vec<f64>,
}

/// A component prepared for TreeSHAP: covers checked, ratios and expected value precomputed.
#[derive(Debug, Clone)]
pub struct ComponentExplainer<'a> {
    component: &'a Component,
    trees: Vec<PreparedTree<'a>>,
    /// Quadrature rule per tree (index into `rules`), `None` for Algorithm 2.
    rule_of_tree: Vec<Option<usize>>,
    rules: Vec<Rule>,
    /// Per tree: [`linear::hot_inverses`], or empty (Algorithm 2, or over the memory budget).
    hot_inv: Vec<Vec<f64>>,
    scale: f64,
    n_features: usize,
    expected_value: f64,
}

impl<'a> ComponentExplainer<'a> {
    /// Prepares component number `index` of an ensemble over `n_features` features.
    pub fn new(
        component: &'a Component,
        index: usize,
        n_features: usize,
        algorithm: TreeShapAlgorithm,
    ) -> Result<Self, ExplainError> {
        if component.n_features_used() > n_features {
            return Err(ExplainError::FeatureCount {
                expected: component.n_features_used(),
                got: n_features,
            });
        }
        let trees = component
            .trees()
            .iter()
            .enumerate()
            .map(|(t, tree)| PreparedTree::new(tree, n_features, index, t))
            .collect::<Result<Vec<_>, _>>()?;
        let scale = match component.aggregation() {
            Aggregation::Sum => 1.0,
            Aggregation::Mean => 1.0 / component.trees().len().max(1) as f64,
        };
        let mut rules: Vec<Rule> = Vec::new();
        let rule_of_tree: Vec<Option<usize>> = trees
            .iter()
            .map(|p| {
                let q = linear::points_for(p.max_unique);
                if algorithm == TreeShapAlgorithm::PathDependent
                    || q > linear::MAX_POINTS
                    || p.zero_ratio_inside
                {
                    return None;
                }
                let found = rules.iter().position(|r| r.nodes.len() == q);
                Some(found.unwrap_or_else(|| {
                    rules.push(Rule::new(q));
                    rules.len() - 1
                }))
            })
            .collect();
        let expected_value = trees.iter().map(|p| p.expected_value).sum::<f64>() * scale;
        let table_len: usize = trees
            .iter()
            .zip(&rule_of_tree)
            .filter_map(|(p, r)| r.map(|r| 2 * p.tree.n_internal() * rules[r].nodes.len()))
            .sum();
        let hot_inv = (trees.iter().zip(&rule_of_tree))
            .map(|(p, r)| match r {
                Some(r) if table_len <= HOT_TABLE_BUDGET => linear::hot_inverses(p, n_features, &rules[*r]),
                _ => Vec::new(),
            })
            .collect();
        Ok(ComponentExplainer {
            component,
            trees,
            rule_of_tree,
            rules,
            hot_inv,
            scale,
            n_features,
            expected_value,
        })
    }

    /// The component explained.
    pub fn component(&self) -> &'a Component {
        self.component
    }

    /// The bias: the component's expected raw score (cover-weighted mean of the leaves, per tree).
    pub fn expected_value(&self) -> f64 {
        self.expected_value
    }

    /// Longest root-to-leaf path over the trees, in edges.
    pub fn max_depth(&self) -> usize {
        self.trees.iter().map(|p| p.depth).max().unwrap_or(0)
    }

    pub(crate) fn prepared(&self) -> &[PreparedTree<'a>] {
        &self.trees
    }

    /// Factor applied to every tree (1 for a sum, 1/trees for a mean).
    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    /// `row` as this component compares it (cast through `f32` for scikit-learn components).
    pub(crate) fn cast<'w>(&self, row: &'w [f64], workspace: &'w mut Workspace) -> &'w [f64] {
        self.cast_row(row, &mut workspace.row)
    }

    /// The component's raw score for `row` (sum or mean of the trees), with its feature cast applied.
    pub fn raw_score(&self, row: &[f64], workspace: &mut Workspace) -> f64 {
        let row = self.cast_row(row, &mut workspace.row);
        self.raw_score_cast(row)
    }

    /// Sum of the trees in tree order, aggregated as inference does (so it equals [`crate::score`]).
    fn raw_score_cast(&self, row: &[f64]) -> f64 {
        let sum: f64 = self.trees.iter().map(|p| p.tree.predict(row)).sum();
        self.component.aggregate(sum)
    }

    /// Writes the `n_features + 1` raw-space SHAP values of `row` into `out` (bias last).
    pub fn explain_row(
        &self,
        row: &[f64],
        workspace: &mut Workspace,
        out: &mut [f64],
    ) -> Result<(), ExplainError> {
        if row.len() != self.n_features || out.len() != self.n_features + 1 {
            return Err(ExplainError::FeatureCount {
                expected: self.n_features,
                got: if row.len() != self.n_features { row.len() } else { out.len() - 1 },
            });
        }
        let mut cast = std::mem::take(&mut workspace.row);
        let x = self.cast_row(row, &mut cast);
        out.fill(0.0);
        let (phi, bias) = out.split_at_mut(self.n_features);
        for ((p, rule), hot_inv) in self.trees.iter().zip(&self.rule_of_tree).zip(&self.hot_inv) {
            match rule {
                Some(r) => {
                    let rule = &self.rules[*r];
                    linear::add_contributions(p, x, self.scale, rule, hot_inv, &mut workspace.linear, phi)
                }
                None => path::add_contributions(p, x, self.scale, &mut workspace.path, phi),
            }
        }
        bias[0] = self.expected_value;
        workspace.row = cast;
        Ok(())
    }

    /// The row as the component's splits compare it ([`Component::prepare_value`]: cast through `f32`
    /// for scikit-learn components, |x| ≤ LightGBM's zero threshold → 0 otherwise).
    fn cast_row<'r>(&self, row: &'r [f64], buffer: &'r mut Vec<f64>) -> &'r [f64] {
        buffer.clear();
        buffer.extend(row.iter().map(|&x| self.component.prepare_value(x)));
        buffer
    }
}
