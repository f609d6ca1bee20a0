//! Trailing-window features: counts over the packets of the same capture in `(t − window_s, t]` and
//! inter-arrival times within `gap_horizon_s`, by one two-pointer pass with count tables (O(n) amortised).
//!
//! Input: per-packet [`Event`]s in file order. Output: the window columns of each row. Windows restart at
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

/// Sizes of the interned id spaces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdSpaces {
    pub addresses: usize,
    pub protocols: usize,
    pub dcids: usize,
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

fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Counts {
    fn new(ids: IdSpaces) -> Counts {
        Counts {
            total: 0,
            family: [0; 5],
            protocol: vec![0; ids.protocols],
            source: vec![0; ids.addresses],
            syn_source: vec![0; ids.addresses],
            icmp_destination: vec![0; ids.addresses],
            dcid: vec![0; ids.dcids],
            source_port: FastMap::default(),
            distinct_ports: vec![0; ids.addresses],
            destination_source: FastMap::default(),
            distinct_sources: vec![0; ids.addresses],
        }
    }

    fn add(&mut self, e: &Event) {
        self.total += 1;
        self.family[usize::from(e.family)] += 1;
        self.protocol[e.protocol as usize] += 1;
        self.source[e.source as usize] += 1;
        self.syn_source[e.source as usize] += u32::from(e.syn_only);
        self.icmp_destination[e.destination as usize] += u32::from(e.icmp);
        if let Some(d) = e.dcid {
            self.dcid[d as usize] += 1;
        }
        if let Some(port) = e.destination_port {
            let n = self.source_port.entry(pair_key(e.source, u32::from(port))).or_insert(0);
            *n += 1;
            self.distinct_ports[e.source as usize] += u32::from(*n == 1);
        }
        let n = self.destination_source.entry(pair_key(e.destination, e.source)).or_insert(0);
        *n += 1;
        self.distinct_sources[e.destination as usize] += u32::from(*n == 1);
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
    /// Gap since the last packet of `slot` within the horizon (-1 otherwise), then records `time_s`.
    fn gap(previous: Option<f64>, time_s: f64, horizon_s: f64) -> f64 {
        match previous {
            Some(t0) if time_s - t0 <= horizon_s => time_s - t0,
            _ => -1.0,
        }
    }

    fn source_gap(&mut self, e: &Event, horizon_s: f64) -> f64 {
        let slot = &mut self.source[e.source as usize];
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

/// Fills the window columns of `values` (row-major, `n_cols` wide) from `events`.
pub(crate) fn fill(values: &mut [f64], n_cols: usize, events: &[Event], ids: IdSpaces, params: WindowParams) {
    let mut counts = Counts::new(ids);
    let mut last = LastSeen { segment: 1, source: vec![(0, 0.0); ids.addresses], pair: FastMap::default() };
    let mut start = 0;
    for (i, (e, row)) in events.iter().zip(values.chunks_exact_mut(n_cols)).enumerate() {
        if i > 0 && e.capture != events[i - 1].capture {
            while start < i {
                counts.remove(&events[start]);
                start += 1;
            }
            last.segment += 1;
            last.pair.clear();
        }
        let oldest_kept_s = e.time_s - params.window_s;
        while start < i && events[start].time_s <= oldest_kept_s {
            counts.remove(&events[start]);
            start += 1;
        }
        counts.add(e);
        write_row(row, e, &counts);
        row[Col::SourceInterArrival as usize] = last.source_gap(e, params.gap_horizon_s);
        row[Col::PairInterArrival as usize] = last.pair_gap(e, params.gap_horizon_s);
    }
}

fn write_row(row: &mut [f64], e: &Event, c: &Counts) {
    let total = f64::from(c.total);
    let share = |n: u32| f64::from(n) / total;
    row[Col::WindowPackets as usize] = total;
    row[Col::WindowProtocolShare as usize] = share(c.protocol[e.protocol as usize]);
    row[Col::WindowTcpShare as usize] = share(c.family[0]);
    row[Col::WindowUdpShare as usize] = share(c.family[1]);
    row[Col::WindowIcmpShare as usize] = share(c.family[2]);
    row[Col::WindowArpShare as usize] = share(c.family[3]);
    row[Col::WindowSourcePackets as usize] = f64::from(c.source[e.source as usize]);
    row[Col::WindowSourceSynPackets as usize] = f64::from(c.syn_source[e.source as usize]);
    row[Col::WindowDestinationIcmpPackets as usize] = f64::from(c.icmp_destination[e.destination as usize]);
    row[Col::WindowSourceDistinctPorts as usize] = f64::from(c.distinct_ports[e.source as usize]);
    row[Col::WindowDestinationDistinctSources as usize] =
        f64::from(c.distinct_sources[e.destination as usize]);
    row[Col::DcidFrequency as usize] = e.dcid.map_or(-1.0, |d| f64::from(c.dcid[d as usize]));
}
