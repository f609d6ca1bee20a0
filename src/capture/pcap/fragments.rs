//! IPv4 and IPv6 fragment reassembly, as Wireshark's defaults (`ip.defragment`, `ipv6.defragment`): the
//! frame that completes a datagram shows the reassembled transport layer; the others show "Fragmented IP
//! protocol" (IPv4) or "IPv6 fragment" (IPv6).
//!
//! Input: each fragment's key (addresses, ID, protocol, VLAN), offset, more-fragments flag and bytes.
//! Output: the whole datagram's payload once every byte from 0 to the end has arrived. Bounded: at most
//! [`MAX_PENDING`] datagrams and [`MAX_DATAGRAM_BYTES`] bytes each are held; beyond that the oldest are dropped.

use std::collections::HashMap;

use foldhash::fast::RandomState;

/// Datagrams awaiting fragments at once.
pub const MAX_PENDING: usize = 1024;
/// Largest reassembled payload (the IPv4 maximum).
pub const MAX_DATAGRAM_BYTES: usize = 65_535;

/// (source, destination, identification, protocol, VLAN id).
pub type FragmentKey = ([u8; 16], [u8; 16], u32, u8, u16);

#[derive(Debug, Default)]
struct Pending {
    pieces: Vec<(usize, Vec<u8>)>,
    end: Option<usize>,
}

/// Fragments awaiting the rest of their datagram.
#[derive(Debug, Default)]
pub struct Reassembler {
    pending: HashMap<FragmentKey, Pending, RandomState>,
}

impl Reassembler {
    /// Adds a fragment; returns the reassembled payload when this fragment completes the datagram.
    pub fn add(&mut self, key: FragmentKey, offset: usize, more: bool, data: &[u8]) -> Option<Vec<u8>> {
        if offset + data.len() > MAX_DATAGRAM_BYTES {
            return None;
        }
        if self.pending.len() >= MAX_PENDING && !self.pending.contains_key(&key) {
            self.pending.clear();
        }
        let entry = self.pending.entry(key).or_default();
        // Kept in offset order as they arrive; a piece goes after those at the same offset, so a later
        // duplicate overwrites an earlier one below (arrival order).
        let at = entry.pieces.partition_point(|(o, _)| *o <= offset);
        entry.pieces.insert(at, (offset, data.to_vec()));
        if !more {
            entry.end = Some(offset + data.len());
        }
        let end = entry.end?;
        let mut covered = 0;
        for (at, piece) in &entry.pieces {
            if *at > covered {
                return None;
            }
            covered = covered.max(at + piece.len());
        }
        if covered < end {
            return None;
        }
        let pending = self.pending.remove(&key)?;
        let mut out = vec![0; end];
        for (at, piece) in pending.pieces {
            let stop = (at + piece.len()).min(end);
            out[at..stop].copy_from_slice(&piece[..stop - at]);
        }
        Some(out)
    }
}
