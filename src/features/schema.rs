//! The fitted [`FeatureSchema`]: feature names, window lengths and the vocabularies behind the seed's
//! encoded columns — everything scoring needs to reproduce training's features exactly.
//!
//! Input: training packets (fit) or JSON (load). Output: a schema that `transform`s packets into a
//! [`super::FeatureMatrix`]. Rejects JSON of another format or version, a feature list that differs from
//! this build's catalog, bad window lengths and malformed vocabularies ([`FeatureError`]).

use serde::{Deserialize, Serialize};

use super::app_info::{self, ProtocolKind};
use super::catalog::FEATURES;
use super::vocab::Vocabulary;
use super::FeatureError;
use crate::capture::Packet;

/// The `format` tag of a schema file.
pub const SCHEMA_FORMAT: &str = "anomalyze-feature-schema";
/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// One column of the schema: its name and whether it identifies a capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureInfo {
    /// Column name.
    pub name: String,
    /// True for columns that name hosts, connections or the capture (address/DCID codes, raw sequence
    /// numbers); the trainer leaves them out by default.
    pub identifies_capture: bool,
}

/// How a schema is fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SchemaParams {
    /// Length of the trailing counting window, seconds (0 < window_s ≤ 60).
    pub window_s: f64,
    /// Longest gap reported as an inter-arrival time, seconds (0 < gap_horizon_s ≤ 3600).
    pub gap_horizon_s: f64,
    /// Most protocols kept in the protocol vocabulary.
    pub max_protocols: usize,
    /// Most addresses kept in the address vocabulary (sources and destinations together).
    pub max_addresses: usize,
    /// Most QUIC DCIDs kept in the DCID vocabulary.
    pub max_dcids: usize,
}

impl Default for SchemaParams {
    fn default() -> Self {
        SchemaParams {
            window_s: 2.0,
            gap_horizon_s: 10.0,
            max_protocols: 256,
            max_addresses: 4096,
            max_dcids: 1024,
        }
    }
}

/// Feature names, window lengths and vocabularies, fitted on training packets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureSchema {
    format: String,
    version: u32,
    window_s: f64,
    gap_horizon_s: f64,
    features: Vec<FeatureInfo>,
    protocols: Vocabulary,
    addresses: Vocabulary,
    dcids: Vocabulary,
}

impl FeatureSchema {
    /// Fits a schema with the default [`SchemaParams`].
    pub fn fit(packets: &[Packet]) -> FeatureSchema {
        Self::fit_with(packets, &SchemaParams::default())
    }

    /// Fits the vocabularies on `packets` (most frequent values, sorted by value; ties by value).
    pub fn fit_with(packets: &[Packet], params: &SchemaParams) -> FeatureSchema {
        let protocols = Vocabulary::fit(packets.iter().map(|p| p.protocol.as_str()), params.max_protocols);
        let addresses = Vocabulary::fit(
            packets.iter().flat_map(|p| [p.source.as_str(), p.destination.as_str()]),
            params.max_addresses,
        );
        let dcids = Vocabulary::fit(
            packets
                .iter()
                .filter(|p| ProtocolKind::of(&p.protocol) == ProtocolKind::Quic)
                .filter_map(|p| app_info::parse_quic(&p.info).dcid),
            params.max_dcids,
        );
        Self::from_vocabularies(params, protocols, addresses, dcids)
    }

    /// A schema of this build's features with the given vocabularies (fitted elsewhere, e.g. by
    /// [`super::SchemaFitter`] over a streamed capture).
    pub(crate) fn from_vocabularies(
        params: &SchemaParams,
        protocols: Vocabulary,
        addresses: Vocabulary,
        dcids: Vocabulary,
    ) -> FeatureSchema {
        FeatureSchema {
            format: SCHEMA_FORMAT.to_owned(),
            version: SCHEMA_VERSION,
            window_s: params.window_s,
            gap_horizon_s: params.gap_horizon_s,
            features: catalog_features(),
            protocols,
            addresses,
            dcids,
        }
    }

    /// Reads and checks a schema from its JSON text.
    pub fn from_json(text: &str) -> Result<FeatureSchema, FeatureError> {
        let schema: FeatureSchema =
            serde_json::from_str(text).map_err(|e| FeatureError::SchemaJson { message: e.to_string() })?;
        schema.check()?;
        Ok(schema)
    }

    /// The schema as pretty-printed JSON (deterministic: same schema, same bytes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| unreachable!("a schema always serialises: {e}"))
    }

    pub(crate) fn check(&self) -> Result<(), FeatureError> {
        if self.format != SCHEMA_FORMAT {
            return Err(FeatureError::SchemaFormat { found: self.format.clone() });
        }
        if self.version != SCHEMA_VERSION {
            return Err(FeatureError::SchemaVersion { found: self.version, supported: SCHEMA_VERSION });
        }
        check_range("window_s", self.window_s, 60.0)?;
        check_range("gap_horizon_s", self.gap_horizon_s, 3600.0)?;
        let expected = catalog_features();
        if let Some(i) =
            (0..expected.len().max(self.features.len())).find(|&i| expected.get(i) != self.features.get(i))
        {
            return Err(FeatureError::SchemaFeatures {
                index: i,
                expected: expected.get(i).map_or_else(|| "(end of list)".to_owned(), describe),
                found: self.features.get(i).map_or_else(|| "(end of list)".to_owned(), describe),
            });
        }
        Ok(())
    }

    /// The columns, in order.
    pub fn features(&self) -> &[FeatureInfo] {
        &self.features
    }

    /// Column names, in order.
    pub fn names(&self) -> Vec<String> {
        self.features.iter().map(|f| f.name.clone()).collect()
    }

    /// Indices of the columns that do not identify a capture: the trainer's default inputs.
    pub fn behavioural_indices(&self) -> Vec<usize> {
        self.features.iter().enumerate().filter(|(_, f)| !f.identifies_capture).map(|(i, _)| i).collect()
    }

    /// Index of the column called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.features.iter().position(|f| f.name == name)
    }

    /// Length of the trailing counting window, seconds.
    pub fn window_s(&self) -> f64 {
        self.window_s
    }

    /// Longest gap reported as an inter-arrival time, seconds.
    pub fn gap_horizon_s(&self) -> f64 {
        self.gap_horizon_s
    }

    /// Protocol vocabulary (`Protocol_Encoded`).
    pub fn protocols(&self) -> &Vocabulary {
        &self.protocols
    }

    /// Address vocabulary (`Source_Encoded`, `Destination_Encoded`).
    pub fn addresses(&self) -> &Vocabulary {
        &self.addresses
    }

    /// QUIC DCID vocabulary (`QUIC_DCID_Encoded`).
    pub fn dcids(&self) -> &Vocabulary {
        &self.dcids
    }
}

fn catalog_features() -> Vec<FeatureInfo> {
    FEATURES
        .iter()
        .map(|f| FeatureInfo { name: f.name.to_owned(), identifies_capture: f.identifies_capture })
        .collect()
}

fn describe(f: &FeatureInfo) -> String {
    format!("{:?} (identifies_capture: {})", f.name, f.identifies_capture)
}

fn check_range(name: &'static str, value: f64, max: f64) -> Result<(), FeatureError> {
    if value.is_finite() && value > 0.0 && value <= max {
        Ok(())
    } else {
        Err(FeatureError::SchemaParameter { name, value, max })
    }
}
