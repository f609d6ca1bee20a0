//! Trailing-window features: counts over the packets of the same capture in `(t − window_s, t]` and
//! inter-arrival times within `gap_horizon_s`, by one two-pointer pass with count tables (O(n) amortised).
//!
//! Input: per-packet [`Event`]s in file order, one at a time (the caller's list is trimmed to the window by
//! [`Windows::compact`], so a stream of any length needs memory for one window only). Output: the window columns of each row. Windows restart at
//! every change of `capture_index`, so a packet's values depend only on its capture's recent past —
//! never on the size of the file.

use std::collections::HashMap;

use super::catalog::Col;
use super::row::Event;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Window lengths, from the schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WindowParams {
    /// Length of the counting window, seconds.
    pub window_s: f64,
    /// Longest gap that still counts as an inter-arrival time, seconds.
    pub gap_horizon_s: f64,
}

/// Counts of the packets currently inside the window.
struct Counts {
    total: u32,
    family: [u32; 5],
    protocol: Vec<u32>,
    source: Vec<u32>,
    syn_source: Vec<u32>,
    icmp_destination: Vec<u32>,
    dcid: Vec<u32>,
    source_port: FastMap<u64, u32>,
    distinct_ports: Vec<u32>,
    destination_source: FastMap<u64, u32>,
    distinct_sources: Vec<u32>,
}

/// The counter of id `i`, growing the table when a new id appears.
#[inline]
fn slot(table: &mut Vec<u32>, i: u32) -> &mut u32 {
    let i = i as usize;
    if i >= table.len() {
        table.resize(i + 1, 0);
    }
    &mut table[i]
}

/// The counter of id `i` (0 when the id was never counted).
#[inline]
fn get(table: &[u32], i: u32) -> u32 {
    table.get(i as usize).copied().unwrap_or(0)
}

fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Counts {
    fn new() -> Counts {
        Counts {
            total: 0,
            family: [0; 5],
            protocol: Vec::new(),
            source: Vec::new(),
            syn_source: Vec::new(),
            icmp_destination: Vec::new(),
            dcid: Vec::new(),
            source_port: FastMap::default(),
            distinct_ports: Vec::new(),
            destination_source: FastMap::default(),
            distinct_sources: Vec::new(),
        }
    }

    fn add(&mut self, e: &Event) {
        self.total += 1;
        self.family[usize::from(e.family)] += 1;
        *slot(&mut self.protocol, e.protocol) += 1;
        *slot(&mut self.source, e.source) += 1;
        *slot(&mut self.syn_source, e.source) += u32::from(e.syn_only);
        *slot(&mut self.icmp_destination, e.destination) += u32::from(e.icmp);
        if let Some(d) = e.dcid {
            *slot(&mut self.dcid, d) += 1;
        }
        if let Some(port) = e.destination_port {
            let n = self.source_port.entry(pair_key(e.source, u32::from(port))).or_insert(0);
            *n += 1;
            *slot(&mut self.distinct_ports, e.source) += u32::from(*n == 1);
        }
        let n = self.destination_source.entry(pair_key(e.destination, e.source)).or_insert(0);
        *n += 1;
        *slot(&mut self.distinct_sources, e.destination) += u32::from(*n == 1);
    }

    fn remove(&mut self, e: &Event) {
        self.total -= 1;
        self.family[usize::from(e.family)] -= 1;
        self.protocol[e.protocol as usize] -= 1;
        self.source[e.source as usize] -= 1;
        self.syn_source[e.source as usize] -= u32::from(e.syn_only);
        self.icmp_destination[e.destination as usize] -= u32::from(e.icmp);
        if let Some(d) = e.dcid {
            self.dcid[d as usize] -= 1;
        }
        if let Some(port) = e.destination_port {
            if decrement(&mut self.source_port, pair_key(e.source, u32::from(port))) {
                self.distinct_ports[e.source as usize] -= 1;
            }
        }
        if decrement(&mut self.destination_source, pair_key(e.destination, e.source)) {
            self.distinct_sources[e.destination as usize] -= 1;
        }
    }
}

/// Decrements a pair count; removes the entry and returns true when it reaches zero.
fn decrement(map: &mut FastMap<u64, u32>, key: u64) -> bool {
    match map.get_mut(&key) {
        Some(n) if *n > 1 => {
            *n -= 1;
            false
        }
        Some(_) => {
            map.remove(&key);
            true
        }
        None => false,
    }
}

/// Last time seen per source and per address pair, tagged with the capture segment they belong to.
struct LastSeen {
    segment: u32,
    source: Vec<(u32, f64)>,
    pair: FastMap<u64, f64>,
}

impl LastSeen {
    /// Gap since `previous` when within the horizon, else -1.
    fn gap(previous: Option<f64>, time_s: f64, horizon_s: f64) -> f64 {
        match previous {
            Some(t0) if time_s - t0 <= horizon_s => time_s - t0,
            _ => -1.0,
        }
    }

    fn source_gap(&mut self, e: &Event, horizon_s: f64) -> f64 {
        let i = e.source as usize;
        if i >= self.source.len() {
            self.source.resize(i + 1, (0, 0.0));
        }
        let slot = &mut self.source[i];
        let previous = (slot.0 == self.segment).then_some(slot.1);
        *slot = (self.segment, e.time_s);
        Self::gap(previous, e.time_s, horizon_s)
    }

    fn pair_gap(&mut self, e: &Event, horizon_s: f64) -> f64 {
        let key = pair_key(e.source.min(e.destination), e.source.max(e.destination));
        let previous = self.pair.insert(key, e.time_s);
        Self::gap(previous, e.time_s, horizon_s)
    }
}

/// The trailing windows, advanced one packet at a time.
pub(crate) struct Windows {
    params: WindowParams,
    counts: Counts,
    last: LastSeen,
    /// Index of the oldest event still in the window.
    start: usize,
}

impl Windows {
    /// Empty windows.
    pub(crate) fn new(params: WindowParams) -> Windows {
        let last = LastSeen { segment: 1, source: Vec::new(), pair: FastMap::default() };
        Windows { params, counts: Counts::new(), last, start: 0 }
    }

    /// Drops the events that have left the window (all but the window's and the last one), so that the
    /// caller's list stays as short as the window; indices into it are shifted accordingly.
    pub(crate) fn compact(&mut self, events: &mut Vec<Event>) {
        let drop = self.start.min(events.len().saturating_sub(1));
        events.drain(..drop);
        self.start -= drop;
    }

    /// Adds the last of `events` (the packets since the last [`Windows::compact`], in file order) and
    /// writes its window columns.
    pub(crate) fn step(&mut self, events: &[Event], row: &mut [f64]) {
        let Some((e, earlier)) = events.split_last() else { return };
        let i = earlier.len();
        if earlier.last().is_some_and(|p| p.capture != e.capture) {
            while self.start < i {
                self.counts.remove(&events[self.start]);
                self.start += 1;
            }
            self.last.segment += 1;
            self.last.pair.clear();
        }
        let oldest_kept_s = e.time_s - self.params.window_s;
        while self.start < i && events[self.start].time_s <= oldest_kept_s {
            self.counts.remove(&events[self.start]);
            self.start += 1;
        }
        self.counts.add(e);
        write_row(row, e, &self.counts);
        row[Col::SourceInterArrival as usize] = self.last.source_gap(e, self.params.gap_horizon_s);
        row[Col::PairInterArrival as usize] = self.last.pair_gap(e, self.params.gap_horizon_s);
    }
}

fn write_row(row: &mut [f64], e: &Event, c: &Counts) {
    let total = f64::from(c.total);
    let share = |n: u32| f64::from(n) / total;
    row[Col::WindowPackets as usize] = total;
    row[Col::WindowProtocolShare as usize] = share(get(&c.protocol, e.protocol));
    row[Col::WindowTcpShare as usize] = share(c.family[0]);
    row[Col::WindowUdpShare as usize] = share(c.family[1]);
    row[Col::WindowIcmpShare as usize] = share(c.family[2]);
    row[Col::WindowArpShare as usize] = share(c.family[3]);
    row[Col::WindowSourcePackets as usize] = f64::from(get(&c.source, e.source));
    row[Col::WindowSourceSynPackets as usize] = f64::from(get(&c.syn_source, e.source));
    row[Col::WindowDestinationIcmpPackets as usize] = f64::from(get(&c.icmp_destination, e.destination));
    row[Col::WindowSourceDistinctPorts as usize] = f64::from(get(&c.distinct_ports, e.source));
    row[Col::WindowDestinationDistinctSources as usize] = f64::from(get(&c.distinct_sources, e.destination));
    row[Col::DcidFrequency as usize] = e.dcid.map_or(-1.0, |d| f64::from(get(&c.dcid, d)));
}
