//! [`SchemaFitter`]: fits a [`FeatureSchema`] over packets seen in chunks (a streamed capture), equal to
//! [`FeatureSchema::fit_with`] on all of them at once.
//!
//! Input: packets in any number of chunks. Output: the schema. Memory: one count per distinct protocol,
//! address and QUIC DCID (not per packet). Rejects nothing.

use std::collections::HashMap;

use super::app_info::{self, ProtocolKind};
use super::schema::{FeatureSchema, SchemaParams};
use super::vocab::Vocabulary;
use crate::capture::Packet;

type Counts = HashMap<String, u64>;

/// Value counts gathered so far.
#[derive(Debug, Clone, Default)]
pub struct SchemaFitter {
    protocols: Counts,
    addresses: Counts,
    dcids: Counts,
}

fn count(counts: &mut Counts, value: &str) {
    match counts.get_mut(value) {
        Some(n) => *n += 1,
        None => {
            counts.insert(value.to_owned(), 1);
        }
    }
}

fn vocabulary(counts: &Counts, cap: usize) -> Vocabulary {
    Vocabulary::from_counts(counts.iter().map(|(v, &n)| (v.as_str(), n)), cap)
}

impl SchemaFitter {
    /// No packets seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts the values of `packets`.
    pub fn add(&mut self, packets: &[Packet]) {
        for p in packets {
            count(&mut self.protocols, &p.protocol);
            count(&mut self.addresses, &p.source);
            count(&mut self.addresses, &p.destination);
            if ProtocolKind::of(&p.protocol) == ProtocolKind::Quic {
                if let Some(dcid) = app_info::parse_quic(&p.info).dcid {
                    count(&mut self.dcids, dcid);
                }
            }
        }
    }

    /// The schema of every packet added.
    pub fn fit(&self, params: &SchemaParams) -> FeatureSchema {
        FeatureSchema::from_vocabularies(
            params,
            vocabulary(&self.protocols, params.max_protocols),
            vocabulary(&self.addresses, params.max_addresses),
            vocabulary(&self.dcids, params.max_dcids),
        )
    }
}
