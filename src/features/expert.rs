//! Wireshark's TCP expert notes (`[TCP Retransmission]`, `[TCP Dup ACK 5#1]`, …) as codes.
//!
//! Input: the text inside a `[TCP …]` bracket. Output: a [`TcpExpert`] code (the `TCP_Expert_Note`
//! feature). Never fails: an unknown note is [`TcpExpert::Other`].

/// Wireshark's TCP expert notes (`[TCP Retransmission]` …), coded for the `TCP_Expert_Note` feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TcpExpert {
    /// No expert note.
    #[default]
    None = 0,
    /// `[TCP Retransmission]`.
    Retransmission = 1,
    /// `[TCP Spurious Retransmission]`.
    SpuriousRetransmission = 2,
    /// `[TCP Fast Retransmission]`.
    FastRetransmission = 3,
    /// `[TCP Dup ACK n#m]`.
    DupAck = 4,
    /// `[TCP Out-Of-Order]`.
    OutOfOrder = 5,
    /// `[TCP Previous segment not captured]`.
    PreviousSegmentNotCaptured = 6,
    /// `[TCP ACKed unseen segment]`.
    AckedUnseenSegment = 7,
    /// `[TCP Keep-Alive]`.
    KeepAlive = 8,
    /// `[TCP Keep-Alive ACK]`.
    KeepAliveAck = 9,
    /// `[TCP Window Update]`.
    WindowUpdate = 10,
    /// `[TCP ZeroWindow]`, `[TCP ZeroWindowProbe]`, `[TCP ZeroWindowProbeAck]`.
    ZeroWindow = 11,
    /// `[TCP Window Full]`.
    WindowFull = 12,
    /// `[TCP Port numbers reused]`.
    PortNumbersReused = 13,
    /// Any other `[TCP …]` note.
    Other = 14,
}

impl TcpExpert {
    /// Classifies the text inside a bracket that starts with `TCP `.
    pub fn classify(note: &str) -> TcpExpert {
        const TABLE: [(&str, TcpExpert); 13] = [
            ("Spurious Retransmission", TcpExpert::SpuriousRetransmission),
            ("Fast Retransmission", TcpExpert::FastRetransmission),
            ("Retransmission", TcpExpert::Retransmission),
            ("Dup ACK", TcpExpert::DupAck),
            ("Out-Of-Order", TcpExpert::OutOfOrder),
            ("Previous segment", TcpExpert::PreviousSegmentNotCaptured),
            ("ACKed unseen", TcpExpert::AckedUnseenSegment),
            ("Keep-Alive ACK", TcpExpert::KeepAliveAck),
            ("Keep-Alive", TcpExpert::KeepAlive),
            ("Window Update", TcpExpert::WindowUpdate),
            ("ZeroWindow", TcpExpert::ZeroWindow),
            ("Window Full", TcpExpert::WindowFull),
            ("Port numbers reused", TcpExpert::PortNumbersReused),
        ];
        let rest = note.strip_prefix("TCP ").unwrap_or(note);
        TABLE.iter().find(|(prefix, _)| rest.starts_with(prefix)).map_or(TcpExpert::Other, |&(_, e)| e)
    }

    /// Whether this note marks a retransmitted segment (plain, spurious or fast).
    pub fn is_retransmission(self) -> bool {
        matches!(
            self,
            TcpExpert::Retransmission | TcpExpert::SpuriousRetransmission | TcpExpert::FastRetransmission
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_by_prefix() {
        assert_eq!(TcpExpert::classify("TCP Keep-Alive ACK"), TcpExpert::KeepAliveAck);
        assert_eq!(TcpExpert::classify("TCP Keep-Alive"), TcpExpert::KeepAlive);
        assert_eq!(TcpExpert::classify("TCP Fast Retransmission"), TcpExpert::FastRetransmission);
        assert_eq!(TcpExpert::classify("TCP ZeroWindowProbe"), TcpExpert::ZeroWindow);
        assert_eq!(TcpExpert::classify("TCP Something New"), TcpExpert::Other);
        assert!(!TcpExpert::DupAck.is_retransmission());
    }
}
