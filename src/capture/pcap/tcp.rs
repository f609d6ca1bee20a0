//! TCP conversation state: relative sequence/acknowledgment numbers and window scaling, as Wireshark's
//! defaults show them.
//!
//! Input: each TCP segment's endpoints, flags, raw numbers and options, in capture order. Output: the
//! relative `Seq`/`Ack` and the window to show. Rules (Wireshark's `tcp.relative_sequence_numbers` and
//! `tcp.window_scaling`, both on by default): a direction's base is its SYN's sequence number, or one less
//! than the first sequence number seen (or than the first acknowledgment of it seen from the other side);
//! the window is multiplied by 2^WS of its sender's SYN unless the other side's SYN came without the option
//! (never in SYNs; with the sender's SYN unseen it stays raw). A new SYN on a closed or reused tuple starts a new stream.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::tcp_analysis::{self, Analysis, Flow, Notes, Observed};

/// One direction's endpoints: (source address, source port, destination address, destination port).
pub type Endpoints = ([u8; 16], u16, [u8; 16], u16);

#[derive(Debug, Default, Clone, Copy)]
struct Direction {
    base: Option<u32>,
    /// Window-scale shift from this side's SYN; `None` when its SYN had none or was not seen.
    scale: Option<u8>,
    syn_seen: bool,
}

#[derive(Debug, Default, Clone, Copy)]
struct Stream {
    /// [lower endpoint → higher, higher → lower].
    sides: [Direction; 2],
    /// The sequence analysis of each side.
    flows: [Flow; 2],
    /// Time of the latest SYN (without ACK), and the SYN → first ACK time once seen.
    syn_ns: Option<i128>,
    first_rtt_ns: Option<i128>,
    /// Each side's last window in bytes, as shown.
    shown_window: [Option<u64>; 2],
}

/// What to show for a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Relative sequence number.
    pub sequence: u32,
    /// Relative acknowledgment number.
    pub acknowledgment: u32,
    /// The other side's base: raw numbers that point into its data (SACK edges) minus this are relative.
    pub their_base: u32,
    /// The window in bytes (scaled when known).
    pub window_bytes: u64,
    /// The expert notes of the sequence analysis.
    pub analysis: Analysis,
}

/// The facts of one segment that the tracker needs.
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    /// Raw sequence number.
    pub sequence: u32,
    /// Raw acknowledgment number.
    pub acknowledgment: u32,
    /// SYN flag.
    pub syn: bool,
    /// ACK flag.
    pub ack: bool,
    /// The raw window field.
    pub window: u16,
    /// The window-scale option's shift, when present.
    pub window_scale: Option<u8>,
    /// FIN and RST flags.
    pub fin: bool,
    pub rst: bool,
    /// Payload bytes.
    pub payload_len: u32,
    /// Frame number and capture time (ns).
    pub frame: u64,
    pub time_ns: i128,
}

/// The stream's key (its lower endpoint first) and whether `ends` runs in that direction.
pub fn stream_key(ends: Endpoints) -> (Endpoints, bool) {
    let forward = (ends.0, ends.1) <= (ends.2, ends.3);
    (if forward { ends } else { (ends.2, ends.3, ends.0, ends.1) }, forward)
}

/// All TCP streams of a capture.
#[derive(Debug, Default)]
pub struct TcpTracker {
    streams: HashMap<Endpoints, Stream, RandomState>,
}

impl TcpTracker {
    /// Updates the stream of `ends` with `seg` and returns what Wireshark shows.
    pub fn observe(&mut self, ends: Endpoints, seg: Segment) -> Shown {
        let (key, forward) = stream_key(ends);
        let (me, other) = if forward { (0, 1) } else { (1, 0) };
        let stream = self.streams.entry(key).or_default();
        // A SYN with another initial sequence number than this side's: the tuple is reused, a new stream;
        // with the same one, a retransmitted SYN. A SYN-ACK with another one: reused, the base moves.
        let base = stream.sides[me].base;
        let reused = seg.syn && base.is_some_and(|b| b != seg.sequence);
        if reused && !seg.ack {
            *stream = Stream::default();
        } else if reused {
            stream.sides[me].base = Some(seg.sequence);
        } else if seg.syn && !seg.ack && base.is_some() {
            stream.flows[me].syn_repeated();
        }
        if seg.syn && !seg.ack {
            stream.syn_ns = Some(seg.time_ns);
        } else if seg.ack && !seg.syn && stream.first_rtt_ns.is_none() {
            stream.first_rtt_ns = stream.syn_ns.map(|t| seg.time_ns - t);
        }
        let side = &mut stream.sides[me];
        if seg.syn {
            side.syn_seen = true;
            side.scale = seg.window_scale;
            side.base.get_or_insert(seg.sequence);
        } else if side.base.is_none() {
            side.base = Some(seg.sequence.wrapping_sub(1));
        }
        let my_base = side.base.unwrap_or(0);
        if seg.ack && stream.sides[other].base.is_none() {
            stream.sides[other].base = Some(seg.acknowledgment.wrapping_sub(1));
        }
        let their_base = stream.sides[other].base.unwrap_or(0);
        let shift = window_shift(&stream.sides, me, other);
        let rev_window_bytes =
            stream.shown_window[other].filter(|_| window_shift_known(&stream.sides, other, me));
        let observed = Observed {
            frame: seg.frame,
            time_ns: seg.time_ns,
            sequence: seg.sequence,
            acknowledgment: seg.acknowledgment,
            payload_len: seg.payload_len,
            syn: seg.syn,
            ack: seg.ack,
            fin: seg.fin,
            rst: seg.rst,
            window: seg.window,
        };
        let [a, b] = &mut stream.flows;
        let (fwd, rev) = if me == 0 { (a, b) } else { (b, a) };
        let mut analysis = tcp_analysis::analyze(fwd, rev, &observed, stream.first_rtt_ns, rev_window_bytes);
        if reused {
            analysis.notes = analysis.notes.with(Notes::REUSED_PORTS);
        }
        let shift = if seg.syn { 0 } else { shift };
        let window_bytes = (seg.window as u64) << shift;
        stream.shown_window[me] = Some(window_bytes);
        Shown {
            sequence: seg.sequence.wrapping_sub(my_base),
            acknowledgment: if seg.ack { seg.acknowledgment.wrapping_sub(their_base) } else { 0 },
            their_base,
            window_bytes,
            analysis,
        }
    }
}

/// The window-scale shift of side `me`'s windows: its SYN's option, unless the other side's SYN came
/// without one (an unseen SYN of the other side leaves scaling on).
fn window_shift(sides: &[Direction; 2], me: usize, other: usize) -> u32 {
    let other_refused = sides[other].syn_seen && sides[other].scale.is_none();
    match sides[me].scale {
        Some(mine) if !other_refused => u32::from(mine.min(14)),
        _ => 0,
    }
}

/// Whether side `me`'s scaling is known (Wireshark's `win_scale != -1`): its SYN was seen, or a SYN
/// without the option turned scaling off for both.
fn window_shift_known(sides: &[Direction; 2], me: usize, other: usize) -> bool {
    sides[me].syn_seen || (sides[other].syn_seen && sides[other].scale.is_none())
}
