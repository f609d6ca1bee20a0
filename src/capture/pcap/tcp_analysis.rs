//! Wireshark's TCP sequence analysis: the expert notes (`[TCP Retransmission]`, `[TCP Dup ACK 7#2]`, …)
//! that Wireshark puts in front of a segment's Info, which the `TCP_Expert_Note` and `TCP_Retransmission`
//! features read.
//!
//! Input: each segment of one TCP stream in capture order — raw sequence and acknowledgment numbers, flags,
//! payload length, raw window, time — with both directions' [`Flow`] state. Output: the [`Notes`] of the
//! segment and the Info prefix Wireshark writes for them. Never fails.
//!
//! The rules are those of `tcp_analyze_sequence_number` in Wireshark 4.0's `packet-tcp.c` (on by
//! default: `tcp.analyze_sequence_numbers`), checked in that order, on raw numbers (0 = "not seen yet", as
//! there): zero-window probe, zero window, previous segment lost, keep-alive, window update, window full,
//! keep-alive ACK, zero-window-probe ACK, duplicate ACK; then ACKed unseen segment; then, for a segment
//! with data or SYN/FIN, spurious retransmission (all its data ACKed already), or, when it does not
//! advance the sequence, fast retransmission (≥ 2 duplicate ACKs within 20 ms), out-of-order (within the
//! handshake's RTT, or 3 ms) or retransmission. Not modelled: MPTCP, and notes that need reassembly.

/// The expert notes of one segment, as bits.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Notes(u16);

impl Notes {
    pub const RETRANSMISSION: Notes = Notes(1);
    pub const LOST_PACKET: Notes = Notes(1 << 1);
    pub const ACK_LOST_PACKET: Notes = Notes(1 << 2);
    pub const KEEP_ALIVE: Notes = Notes(1 << 3);
    pub const DUPLICATE_ACK: Notes = Notes(1 << 4);
    pub const ZERO_WINDOW: Notes = Notes(1 << 5);
    pub const ZERO_WINDOW_PROBE: Notes = Notes(1 << 6);
    pub const ZERO_WINDOW_PROBE_ACK: Notes = Notes(1 << 7);
    pub const KEEP_ALIVE_ACK: Notes = Notes(1 << 8);
    pub const OUT_OF_ORDER: Notes = Notes(1 << 9);
    pub const FAST_RETRANSMISSION: Notes = Notes(1 << 10);
    pub const WINDOW_UPDATE: Notes = Notes(1 << 11);
    pub const WINDOW_FULL: Notes = Notes(1 << 12);
    pub const REUSED_PORTS: Notes = Notes(1 << 13);
    pub const SPURIOUS_RETRANSMISSION: Notes = Notes(1 << 14);

    /// Whether any of `other`'s notes is set.
    pub fn has(self, other: Notes) -> bool {
        self.0 & other.0 != 0
    }

    fn set(&mut self, other: Notes) {
        self.0 |= other.0;
    }

    /// These notes and `other`'s.
    pub fn with(self, other: Notes) -> Notes {
        Notes(self.0 | other.0)
    }

    /// Whether, of the notes that keep the payload from the applications, only out-of-order is set.
    pub fn only_out_of_order(self) -> bool {
        self.has(Self::OUT_OF_ORDER)
            && !self.has(Notes(Self::RETRANSMISSION.0 | Self::KEEP_ALIVE.0 | Self::SPURIOUS_RETRANSMISSION.0))
    }

    /// Whether Wireshark keeps the payload from the application dissectors: a retransmission or an
    /// out-of-order segment (`tcp.no_subdissector_on_error`), a keep-alive, or a spurious retransmission
    /// (data it has reassembled already).
    pub fn skips_application(self) -> bool {
        self.has(Notes(
            Self::RETRANSMISSION.0
                | Self::OUT_OF_ORDER.0
                | Self::KEEP_ALIVE.0
                | Self::SPURIOUS_RETRANSMISSION.0,
        ))
    }
}

/// What one direction of a stream remembers (Wireshark's `tcp_analyze_seq_flow_info_t` and window).
#[derive(Debug, Clone, Copy)]
pub struct Flow {
    /// The sequence number after the highest segment seen; 0 = none yet.
    nextseq: u32,
    nextseq_ns: i128,
    /// The end of the contiguous data seen from the start; 0 = none yet.
    maxseqtobeacked: u32,
    /// The acknowledgment number of this direction's last segment; 0 = none yet.
    lastack: u32,
    lastack_ns: i128,
    /// The raw window of this direction's last segment (`u32::MAX` before the first).
    window: u32,
    /// The notes of this direction's last segment.
    last_notes: Notes,
    /// Duplicate ACKs in a row (-1: "ACKed unseen segment" was reported against this direction).
    dupacks: i32,
    /// The frame of this direction's last ACK that was not a duplicate.
    last_non_dup_ack: u64,
}

impl Flow {
    /// A SYN repeated with its initial sequence number: the next sequence number falls back to the end
    /// of the contiguous data (a RST may have moved it, Wireshark's issue 17616).
    pub fn syn_repeated(&mut self) {
        self.nextseq = self.maxseqtobeacked;
    }
}

impl Default for Flow {
    fn default() -> Self {
        Flow {
            nextseq: 0,
            nextseq_ns: 0,
            maxseqtobeacked: 0,
            lastack: 0,
            lastack_ns: 0,
            window: u32::MAX,
            last_notes: Notes::default(),
            dupacks: 0,
            last_non_dup_ack: 0,
        }
    }
}

/// One segment, as the analysis needs it.
#[derive(Debug, Clone, Copy)]
pub struct Observed {
    pub frame: u64,
    pub time_ns: i128,
    pub sequence: u32,
    pub acknowledgment: u32,
    pub payload_len: u32,
    pub syn: bool,
    pub ack: bool,
    pub fin: bool,
    pub rst: bool,
    /// The raw window field.
    pub window: u16,
}

/// The analysis result of one segment.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Analysis {
    pub notes: Notes,
    /// For a duplicate ACK: (frame of the ACK it repeats, its count).
    pub dup_ack: Option<(u64, i32)>,
}

/// `a > b` in sequence space.
fn gt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

fn lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

/// Analyses `seg` sent in the direction of `fwd`. `first_rtt_ns`: the handshake's SYN→ACK time, when
/// seen. `rev_window_bytes`: the other direction's last window in bytes, when its scaling is known (for
/// "window full").
pub fn analyze(
    fwd: &mut Flow,
    rev: &mut Flow,
    seg: &Observed,
    first_rtt_ns: Option<i128>,
    rev_window_bytes: Option<u64>,
) -> Analysis {
    let mut a = Analysis::default();
    let (seq, ack, len, window) = (seg.sequence, seg.acknowledgment, seg.payload_len, u32::from(seg.window));
    let syn_fin_rst = seg.syn || seg.fin || seg.rst;
    'fwd: {
        if len == 1 && seq == fwd.nextseq && rev.window == 0 {
            a.notes.set(Notes::ZERO_WINDOW_PROBE);
            break 'fwd;
        }
        if window == 0 && !syn_fin_rst {
            a.notes.set(Notes::ZERO_WINDOW);
        }
        if fwd.nextseq != 0 && gt(seq, fwd.nextseq) && !seg.rst {
            a.notes.set(Notes::LOST_PACKET);
        }
        if len <= 1 && seq == fwd.nextseq.wrapping_sub(1) && !syn_fin_rst {
            a.notes.set(Notes::KEEP_ALIVE);
        }
        let repeats = len == 0 && seq == fwd.nextseq && ack == fwd.lastack && !syn_fin_rst;
        if repeats && window != 0 && window != fwd.window {
            a.notes.set(Notes::WINDOW_UPDATE);
        }
        if let Some(rev_window) = rev_window_bytes {
            let edge = u64::from(rev.lastack).wrapping_add(rev_window) as u32;
            if len > 0 && seq.wrapping_add(len) == edge && !syn_fin_rst {
                a.notes.set(Notes::WINDOW_FULL);
            }
        }
        if repeats && window != 0 && window == fwd.window && rev.last_notes.has(Notes::KEEP_ALIVE) {
            a.notes.set(Notes::KEEP_ALIVE_ACK);
            break 'fwd;
        }
        let probe_acked = len == 0
            && window == 0
            && window == fwd.window
            && seq == fwd.nextseq
            && ack == fwd.lastack
            && rev.last_notes.has(Notes::ZERO_WINDOW_PROBE)
            && !syn_fin_rst;
        if probe_acked {
            a.notes.set(Notes::ZERO_WINDOW_PROBE_ACK);
            break 'fwd;
        }
        if repeats && window != 0 && window == fwd.window {
            fwd.dupacks = if fwd.dupacks == -1 { 1 } else { fwd.dupacks + 1 };
            a.notes.set(Notes::DUPLICATE_ACK);
            a.dup_ack = Some((fwd.last_non_dup_ack, fwd.dupacks));
        }
    }
    if ack != fwd.lastack {
        fwd.last_non_dup_ack = seg.frame;
        fwd.dupacks = 0;
    }
    if rev.maxseqtobeacked != 0 && gt(ack, rev.maxseqtobeacked) && seg.ack {
        if lt(rev.maxseqtobeacked, rev.nextseq) {
            // Not again for the same gap.
            rev.maxseqtobeacked = rev.nextseq;
            a.notes.set(Notes::ACK_LOST_PACKET);
        } else {
            // The other side is stalled: once, until it sends a segment with a new ACK.
            if rev.dupacks == 0 {
                a.notes.set(Notes::ACK_LOST_PACKET);
            }
            rev.dupacks = -1;
        }
    }
    if len > 0 || seg.syn || seg.fin {
        retransmission_kind(fwd, rev, seg, first_rtt_ns, &mut a.notes);
    }
    let mut nextseq = seq.wrapping_add(len);
    if seg.syn || seg.fin {
        nextseq = nextseq.wrapping_add(1);
    }
    let probe = a.notes.has(Notes::ZERO_WINDOW_PROBE);
    if (gt(nextseq, fwd.nextseq) || fwd.nextseq == 0) && !probe {
        fwd.nextseq = nextseq;
        fwd.nextseq_ns = seg.time_ns;
    }
    if (seq == fwd.maxseqtobeacked || fwd.maxseqtobeacked == 0) && !probe {
        fwd.maxseqtobeacked = fwd.nextseq;
    }
    fwd.window = window;
    fwd.lastack = ack;
    fwd.lastack_ns = seg.time_ns;
    fwd.last_notes = a.notes;
    a
}

/// Spurious retransmission, fast retransmission, out-of-order or retransmission (checked in that order,
/// as tshark 4.0 does), for a segment with data or SYN/FIN.
fn retransmission_kind(
    fwd: &Flow,
    rev: &Flow,
    seg: &Observed,
    first_rtt_ns: Option<i128>,
    notes: &mut Notes,
) {
    if notes.has(Notes::KEEP_ALIVE) {
        return;
    }
    let (seq, len) = (seg.sequence, seg.payload_len);
    let mut not_advanced = fwd.nextseq != 0 && lt(seq, fwd.nextseq);
    // New data starting one byte back (after a zero-window probe) is no retransmission.
    if len > 1 && fwd.nextseq.wrapping_sub(1) == seq {
        not_advanced = false;
    }
    // All of its data ACKed already.
    if len > 0 && rev.lastack != 0 && !gt(seq.wrapping_add(len), rev.lastack) {
        notes.set(Notes::SPURIOUS_RETRANSMISSION);
        return;
    }
    if not_advanced
        && rev.dupacks >= 2
        && rev.lastack == seq
        && (0..20_000_000).contains(&(seg.time_ns - rev.lastack_ns))
    {
        notes.set(Notes::FAST_RETRANSMISSION);
        return;
    }
    let threshold = first_rtt_ns.filter(|&t| t != 0).unwrap_or(3_000_000);
    let end = seq.wrapping_add(len).wrapping_add(u32::from(seg.syn || seg.fin));
    // Wireshark's unsigned difference: a time running backwards is never "close".
    if not_advanced && (0..threshold).contains(&(seg.time_ns - fwd.nextseq_ns)) && fwd.nextseq != end {
        notes.set(Notes::OUT_OF_ORDER);
        return;
    }
    if not_advanced {
        notes.set(Notes::RETRANSMISSION);
    }
}

/// The Info prefix Wireshark writes for `a`: each note is prepended in turn, so the last one written
/// comes first.
pub fn prefix(a: &Analysis) -> String {
    const BEFORE_DUP_ACK: [(Notes, &str); 11] = [
        (Notes::REUSED_PORTS, "TCP Port numbers reused"),
        (Notes::RETRANSMISSION, "TCP Retransmission"),
        (Notes::FAST_RETRANSMISSION, "TCP Fast Retransmission"),
        (Notes::SPURIOUS_RETRANSMISSION, "TCP Spurious Retransmission"),
        (Notes::OUT_OF_ORDER, "TCP Out-Of-Order"),
        (Notes::LOST_PACKET, "TCP Previous segment not captured"),
        (Notes::ACK_LOST_PACKET, "TCP ACKed unseen segment"),
        (Notes::WINDOW_UPDATE, "TCP Window Update"),
        (Notes::WINDOW_FULL, "TCP Window Full"),
        (Notes::KEEP_ALIVE, "TCP Keep-Alive"),
        (Notes::KEEP_ALIVE_ACK, "TCP Keep-Alive ACK"),
    ];
    const AFTER_DUP_ACK: [(Notes, &str); 3] = [
        (Notes::ZERO_WINDOW_PROBE, "TCP ZeroWindowProbe"),
        (Notes::ZERO_WINDOW, "TCP ZeroWindow"),
        (Notes::ZERO_WINDOW_PROBE_ACK, "TCP ZeroWindowProbeAck"),
    ];
    let n = a.notes;
    let mut written: Vec<String> = Vec::new();
    let texts = |list: &[(Notes, &str)]| -> Vec<String> {
        list.iter().filter(|(on, _)| n.has(*on)).map(|(_, text)| format!("[{text}] ")).collect()
    };
    written.extend(texts(&BEFORE_DUP_ACK));
    if let (true, Some((frame, count))) = (n.has(Notes::DUPLICATE_ACK), a.dup_ack) {
        written.push(format!("[TCP Dup ACK {frame}#{count}] "));
    }
    written.extend(texts(&AFTER_DUP_ACK));
    written.iter().rev().map(String::as_str).collect()
}
