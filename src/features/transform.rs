//! `FeatureSchema::transform`: packets → [`FeatureMatrix`], one row per packet, in catalog order; and
//! [`ChunkedTransform`], the same over a capture handed in chunks (streamed reading), carrying the window
//! state from chunk to chunk so that the rows equal the whole-file transform's exactly.
//!
//! Input: packets in file order (times monotonic within a capture; a time earlier than the previous
//! packet's is treated as equal to it). Output: the matrix, carrying its schema.
//! Rejects: a packet whose time is not a finite number ([`FeatureError::NonFiniteTime`]; rows are
//! counted from the first packet of the first chunk).

use std::collections::HashMap;
use std::sync::Arc;

use ndarray::Array2;

use super::address::AddressProperties;
use super::app_info::ProtocolKind;
use super::catalog::N_FEATURES;
use super::row::{self, Event, Lookups};
use super::window::{WindowParams, Windows};
use super::{FeatureError, FeatureMatrix, FeatureSchema};
use crate::capture::Packet;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Events older than the window are dropped every this many rows (and after every chunk).
const COMPACT_EVERY_ROWS: usize = 1 << 16;

/// Interns strings to dense ids, computing each value's data once (ids live as long as the transform).
struct Interner<T> {
    ids: FastMap<Box<str>, u32>,
    data: Vec<T>,
}

impl<T> Interner<T> {
    fn new() -> Self {
        Interner { ids: FastMap::default(), data: Vec::new() }
    }

    fn id(&mut self, key: &str, make: impl FnOnce(&str) -> T) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.data.len() as u32;
        self.data.push(make(key));
        self.ids.insert(key.into(), id);
        id
    }
}

/// The feature transform of one capture, fed in chunks of packets in file order.
pub struct ChunkedTransform {
    schema: Arc<FeatureSchema>,
    addresses: Interner<(u32, AddressProperties)>,
    protocols: Interner<(u32, ProtocolKind, u8)>,
    dcids: Interner<u32>,
    windows: Windows,
    /// The events still inside the window (and the last one), oldest first.
    events: Vec<Event>,
    previous: Option<(u32, f64)>,
    rows: usize,
}

impl FeatureSchema {
    /// Computes the feature matrix of `packets` (a copy of the schema travels with it).
    pub fn transform(&self, packets: &[Packet]) -> Result<FeatureMatrix, FeatureError> {
        Arc::new(self.clone()).transform_shared(packets)
    }

    /// As [`FeatureSchema::transform`], sharing this schema with the matrix instead of copying it.
    pub fn transform_shared(self: &Arc<Self>, packets: &[Packet]) -> Result<FeatureMatrix, FeatureError> {
        self.chunked().transform_chunk(packets)
    }

    /// A transform to feed a capture chunk by chunk ([`ChunkedTransform::transform_chunk`]).
    pub fn chunked(self: &Arc<Self>) -> ChunkedTransform {
        ChunkedTransform {
            schema: Arc::clone(self),
            addresses: Interner::new(),
            protocols: Interner::new(),
            dcids: Interner::new(),
            windows: Windows::new(WindowParams {
                window_s: self.window_s(),
                gap_horizon_s: self.gap_horizon_s(),
            }),
            events: Vec::new(),
            previous: None,
            rows: 0,
        }
    }
}

impl ChunkedTransform {
    /// The feature rows of the next `packets` of the capture: row `i` equals row `rows_done() + i` of
    /// the whole capture's [`FeatureSchema::transform`].
    pub fn transform_chunk(&mut self, packets: &[Packet]) -> Result<FeatureMatrix, FeatureError> {
        let mut values = vec![0.0; packets.len() * N_FEATURES];
        self.fill_rows(packets, &mut values)?;
        let values = Array2::from_shape_vec((packets.len(), N_FEATURES), values)
            .map_err(|e| FeatureError::Internal(e.to_string()))?;
        FeatureMatrix::from_checked(values, Arc::clone(&self.schema))
    }

    /// Rows computed so far (over all chunks).
    pub fn rows_done(&self) -> usize {
        self.rows
    }

    /// The schema the rows are computed with.
    pub fn schema(&self) -> &Arc<FeatureSchema> {
        &self.schema
    }

    /// Fills every row in one pass (per-packet columns, then the windows), checking each row's values.
    fn fill_rows(&mut self, packets: &[Packet], values: &mut [f64]) -> Result<(), FeatureError> {
        let schema = Arc::clone(&self.schema);
        for (packet, row) in packets.iter().zip(values.chunks_exact_mut(N_FEATURES)) {
            let index = self.rows;
            if !packet.time_s.is_finite() {
                return Err(FeatureError::NonFiniteTime { row: index, number: packet.number });
            }
            let time_s = match self.previous {
                Some((capture, t)) if capture == packet.capture_index => packet.time_s.max(t),
                _ => packet.time_s,
            };
            self.previous = Some((packet.capture_index, time_s));
            let address = |a: &str| (schema.addresses().code(a), AddressProperties::of(a));
            let source = self.addresses.id(&packet.source, address);
            let destination = self.addresses.id(&packet.destination, address);
            let protocol = self.protocols.id(&packet.protocol, |p| {
                let kind = ProtocolKind::of(p);
                (schema.protocols().code(p), kind, ProtocolKind::family(p, kind) as u8)
            });
            let data = &self.addresses.data;
            let (s, d) = (&data[source as usize], &data[destination as usize]);
            let p = self.protocols.data[protocol as usize];
            let lookups = Lookups {
                source: (source, s.0, &s.1),
                destination: (destination, d.0, &d.1),
                protocol: (protocol, p.0, p.1, p.2),
            };
            let dcids = &mut self.dcids;
            let event = row::fill(row, packet, time_s, &lookups, |text| {
                let id = dcids.id(text, |t| schema.dcids().code(t));
                (id, dcids.data[id as usize])
            });
            self.events.push(event);
            self.windows.step(&self.events, row);
            check_row(row, index)?;
            self.rows += 1;
            if self.rows.is_multiple_of(COMPACT_EVERY_ROWS) {
                self.windows.compact(&mut self.events);
            }
        }
        self.windows.compact(&mut self.events);
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
