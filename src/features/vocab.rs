//! A fitted vocabulary: the most frequent training values, sorted, with an explicit Unknown code.
//!
//! Input: training values (fit) or a stored list (load). Output: codes — 1 + rank in sorted order for a
//! known value, [`Vocabulary::UNKNOWN`] (0) for anything else. Rejects stored lists that are unsorted,
//! repeated or longer than the cap.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Sorted, unique values; code = 1 + index, 0 = Unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Vocabulary {
    values: Vec<String>,
}

/// Most entries any vocabulary may hold (fit caps below this; load rejects more).
pub const MAX_VOCABULARY: usize = 4096;

impl Vocabulary {
    /// The code of a value that is not in the vocabulary.
    pub const UNKNOWN: u32 = 0;

    /// Keeps the `cap` most frequent values (ties broken by the value, so the result is deterministic),
    /// then sorts them by value.
    pub fn fit<'a>(values: impl IntoIterator<Item = &'a str>, cap: usize) -> Vocabulary {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for v in values {
            *counts.entry(v).or_insert(0) += 1;
        }
        Self::from_counts(counts, cap)
    }

    /// As [`Vocabulary::fit`], from the values' counts (e.g. gathered over a streamed capture).
    pub fn from_counts<'a>(counts: impl IntoIterator<Item = (&'a str, u64)>, cap: usize) -> Vocabulary {
        let mut ranked: Vec<(&str, u64)> = counts.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ranked.truncate(cap.min(MAX_VOCABULARY));
        let mut values: Vec<String> = ranked.into_iter().map(|(v, _)| v.to_owned()).collect();
        values.sort_unstable();
        Vocabulary { values }
    }

    /// Code of `value`: 1 + its rank, or [`Vocabulary::UNKNOWN`].
    pub fn code(&self, value: &str) -> u32 {
        match self.values.binary_search_by(|v| v.as_str().cmp(value)) {
            Ok(i) => i as u32 + 1,
            Err(_) => Self::UNKNOWN,
        }
    }

    /// The values, sorted.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Number of known values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no value is known.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl TryFrom<Vec<String>> for Vocabulary {
    type Error = String;

    fn try_from(values: Vec<String>) -> Result<Self, Self::Error> {
        if values.len() > MAX_VOCABULARY {
            return Err(format!("{} entries, more than the limit of {MAX_VOCABULARY}", values.len()));
        }
        if let Some(i) = values.windows(2).position(|w| w[0] >= w[1]) {
            return Err(format!(
                "entries must be sorted and unique, but entry {} ({:?}) is not after entry {} ({:?})",
                i + 1,
                values[i + 1],
                i,
                values[i]
            ));
        }
        Ok(Vocabulary { values })
    }
}

impl From<Vocabulary> for Vec<String> {
    fn from(v: Vocabulary) -> Self {
        v.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_most_frequent_sorted_and_unknown_is_zero() {
        let v = Vocabulary::fit(["b", "a", "c", "b", "c", "c", "d"], 3);
        // d, a tie at one use each; "a" wins the tie by value.
        assert_eq!(v.values(), ["a", "b", "c"]);
        assert_eq!((v.code("a"), v.code("b"), v.code("c")), (1, 2, 3));
        assert_eq!(v.code("d"), Vocabulary::UNKNOWN);
        assert_eq!(v.code(""), Vocabulary::UNKNOWN);
    }

    #[test]
    fn rejects_unsorted_or_repeated_lists() {
        assert!(Vocabulary::try_from(vec!["b".to_owned(), "a".to_owned()]).is_err());
        assert!(Vocabulary::try_from(vec!["a".to_owned(), "a".to_owned()]).is_err());
        assert!(Vocabulary::try_from(vec!["a".to_owned(), "b".to_owned()]).is_ok());
        let json = serde_json::to_string(&Vocabulary::fit(["x", "y"], 10)).unwrap_or_default();
        assert_eq!(json, r#"["x","y"]"#);
    }
}
