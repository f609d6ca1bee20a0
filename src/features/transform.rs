//! `FeatureSchema::transform`: packets → [`FeatureMatrix`], one row per packet, in catalog order.
//!
//! Input: packets in file order (times monotonic within a capture; a time earlier than the previous
//! packet's is treated as equal to it). Output: the matrix, carrying its schema.
//! Rejects: a packet whose time is not a finite number ([`FeatureError::NonFiniteTime`]).

use std::collections::HashMap;
use std::sync::Arc;

use ndarray::Array2;

use super::address::AddressProperties;
use super::app_info::ProtocolKind;
use super::catalog::N_FEATURES;
use super::row::{self, Lookups};
use super::window::{WindowParams, Windows};
use super::{FeatureError, FeatureMatrix, FeatureSchema};
use crate::capture::Packet;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Interns strings of one transform to dense ids, computing each value's data once.
struct Interner<'a, T> {
    ids: FastMap<&'a str, u32>,
    data: Vec<T>,
}

impl<'a, T> Interner<'a, T> {
    fn new() -> Self {
        Interner { ids: FastMap::default(), data: Vec::new() }
    }

    fn id(&mut self, key: &'a str, make: impl FnOnce(&str) -> T) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.data.len() as u32;
        self.data.push(make(key));
        self.ids.insert(key, id);
        id
    }
}

impl FeatureSchema {
    /// Computes the feature matrix of `packets` (a copy of the schema travels with it).
    pub fn transform(&self, packets: &[Packet]) -> Result<FeatureMatrix, FeatureError> {
        Arc::new(self.clone()).transform_shared(packets)
    }

    /// As [`FeatureSchema::transform`], sharing this schema with the matrix instead of copying it.
    pub fn transform_shared(self: &Arc<Self>, packets: &[Packet]) -> Result<FeatureMatrix, FeatureError> {
        let mut values = vec![0.0; packets.len() * N_FEATURES];
        self.fill_rows(packets, &mut values)?;
        let values = Array2::from_shape_vec((packets.len(), N_FEATURES), values)
            .map_err(|e| FeatureError::Internal(e.to_string()))?;
        FeatureMatrix::from_checked(values, Arc::clone(self))
    }

    /// Fills every row in one pass (per-packet columns, then the windows), checking each row's values.
    fn fill_rows(&self, packets: &[Packet], values: &mut [f64]) -> Result<(), FeatureError> {
        let mut addresses: Interner<'_, (u32, AddressProperties)> = Interner::new();
        let mut protocols: Interner<'_, (u32, ProtocolKind, u8)> = Interner::new();
        let mut dcids: Interner<'_, u32> = Interner::new();
        let mut windows =
            Windows::new(WindowParams { window_s: self.window_s(), gap_horizon_s: self.gap_horizon_s() });
        let mut events = Vec::with_capacity(packets.len());
        let mut previous: Option<(u32, f64)> = None;
        for (index, (packet, row)) in packets.iter().zip(values.chunks_exact_mut(N_FEATURES)).enumerate() {
            if !packet.time_s.is_finite() {
                return Err(FeatureError::NonFiniteTime { row: index, number: packet.number });
            }
            let time_s = match previous {
                Some((capture, t)) if capture == packet.capture_index => packet.time_s.max(t),
                _ => packet.time_s,
            };
            previous = Some((packet.capture_index, time_s));
            let address = |a: &str| (self.addresses().code(a), AddressProperties::of(a));
            let source = addresses.id(&packet.source, address);
            let destination = addresses.id(&packet.destination, address);
            let protocol = protocols.id(&packet.protocol, |p| {
                let kind = ProtocolKind::of(p);
                (self.protocols().code(p), kind, ProtocolKind::family(p, kind) as u8)
            });
            let (s, d) = (&addresses.data[source as usize], &addresses.data[destination as usize]);
            let p = protocols.data[protocol as usize];
            let lookups = Lookups {
                source: (source, s.0, &s.1),
                destination: (destination, d.0, &d.1),
                protocol: (protocol, p.0, p.1, p.2),
            };
            let event = row::fill(row, packet, time_s, &lookups, |text| {
                let id = dcids.id(text, |t| self.dcids().code(t));
                (id, dcids.data[id as usize])
            });
            events.push(event);
            windows.step(&events, row);
            check_row(row, index)?;
        }
        Ok(())
    }
}

/// Every value of a finished row must be finite (checked while the row is in cache). Scalar loads on
/// purpose: wide loads of the just-written 8-byte values would miss store-to-load forwarding.
fn check_row(row: &[f64], index: usize) -> Result<(), FeatureError> {
    if row.iter().all(|v| v.is_finite()) {
        return Ok(());
    }
    let column = row.iter().position(|v| !v.is_finite()).unwrap_or(0);
    Err(FeatureError::Internal(format!(
        "row {index}, feature {:?}: computed value {} is not finite",
        super::catalog::FEATURES[column].name,
        row[column]
    )))
}
