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
}

/// What to show for a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Relative sequence number.
    pub sequence: u32,
    /// Relative acknowledgment number.
    pub acknowledgment: u32,
    /// The window in bytes (scaled when known).
    pub window_bytes: u64,
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
}

/// All TCP streams of a capture.
#[derive(Debug, Default)]
pub struct TcpTracker {
    streams: HashMap<Endpoints, Stream, RandomState>,
}

impl TcpTracker {
    /// Updates the stream of `ends` with `seg` and returns what Wireshark shows.
    pub fn observe(&mut self, ends: Endpoints, seg: Segment) -> Shown {
        let forward = (ends.0, ends.1) <= (ends.2, ends.3);
        let key = if forward { ends } else { (ends.2, ends.3, ends.0, ends.1) };
        let (me, other) = if forward { (0, 1) } else { (1, 0) };
        let stream = self.streams.entry(key).or_default();
        if seg.syn && !seg.ack && stream.sides[me].syn_seen {
            *stream = Stream::default();
        }
        let side = &mut stream.sides[me];
        if seg.syn {
            side.syn_seen = true;
            side.scale = seg.window_scale;
            side.base = Some(seg.sequence);
        } else if side.base.is_none() {
            side.base = Some(seg.sequence.wrapping_sub(1));
        }
        let my_base = side.base.unwrap_or(0);
        if seg.ack && stream.sides[other].base.is_none() {
            stream.sides[other].base = Some(seg.acknowledgment.wrapping_sub(1));
        }
        let their_base = stream.sides[other].base.unwrap_or(0);
        // A SYN of the other side without the option turns scaling off; an unseen one leaves it on.
        let other_refused = stream.sides[other].syn_seen && stream.sides[other].scale.is_none();
        let shift = match stream.sides[me].scale {
            Some(mine) if !other_refused && !seg.syn => mine.min(14),
            _ => 0,
        };
        Shown {
            sequence: seg.sequence.wrapping_sub(my_base),
            acknowledgment: if seg.ack { seg.acknowledgment.wrapping_sub(their_base) } else { 0 },
            window_bytes: (seg.window as u64) << shift,
        }
    }
}
