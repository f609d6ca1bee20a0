//! The catalog of features: the one list of names, units, missing values and definitions.
//!
//! Input: none (compile-time data). Output: [`FEATURES`] in column order, the column index enum `Col`,
//! and the Markdown table of docs/features.md ([`markdown_table`]), which a test keeps in sync.

/// One feature's documentation, in column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSpec {
    /// Column name (the seed's names for the seed's columns).
    pub name: &'static str,
    /// Unit or value set.
    pub unit: &'static str,
    /// Value when the packet does not carry it.
    pub missing: &'static str,
    /// Whether the value names a host, connection or capture rather than describing behaviour; the
    /// trainer leaves these out by default.
    pub identifies_capture: bool,
    /// Definition.
    pub definition: &'static str,
}

macro_rules! catalog {
    ($($col:ident = $name:literal, $unit:literal, $missing:literal, $ident:literal, $def:literal;)*) => {
        /// Column indices, in catalog order.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Col { $($col),* }

        /// Every feature, in column order.
        pub const FEATURES: &[FeatureSpec] = &[
            $(FeatureSpec { name: $name, unit: $unit, missing: $missing, identifies_capture: $ident, definition: $def }),*
        ];
    };
}

/// Number of features (columns).
pub const N_FEATURES: usize = FEATURES.len();

catalog! {
    Length = "Length", "bytes", "never missing", false, "Frame length (`Length` column).";
    SourcePort = "Source_Port", "port", "-1", false, "Left number of the first `A > B` in Info; TCP and UDP rows only (the seed's rule).";
    DestinationPort = "Destination_Port", "port", "-1", false, "Right number of the first `A > B` in Info; TCP and UDP rows only.";
    Sequence = "Sequence", "TCP sequence number", "-1", true, "First `Seq=` in Info (TCP/UDP rows). Raw sequence numbers are random per connection: they name it.";
    Acknowledgment = "Acknowledgment", "TCP acknowledgment number", "-1", true, "First `Ack=` in Info (TCP/UDP rows); names the connection like `Sequence`.";
    FlagCategory = "Flag_Category", "code 0–5", "0 (No_Flags)", false, "The seed's category of the first `[...]` in Info: 0 not TCP/UDP, 1 `SYN`/`SYN, ACK`, 2 `FIN, ACK`/`RST`/`RST, ACK`, 3 `PSH, ACK`/`ACK`, 4 text starting with `TCP` (an expert note), 5 anything else (also TCP/UDP without brackets).";
    DcidFrequency = "DCID_Frequency", "packets in the window", "-1", false, "Packets with the same QUIC DCID in the trailing window (this one included). The seed counted over the whole file, which depends on its size.";
    SourceEncoded = "Source_Encoded", "vocabulary code", "0 (Unknown)", true, "Code of `Source` in the schema's address vocabulary: 1 + rank in sorted order, 0 for an address not in the vocabulary.";
    DestinationEncoded = "Destination_Encoded", "vocabulary code", "0 (Unknown)", true, "Code of `Destination` in the same address vocabulary.";
    QuicDcidEncoded = "QUIC_DCID_Encoded", "vocabulary code", "-1 (no DCID)", true, "Code of the QUIC DCID in the schema's DCID vocabulary; 0 for a DCID not in it (every DCID of a new capture).";
    ProtocolEncoded = "Protocol_Encoded", "vocabulary code", "0 (Unknown)", false, "Code of `Protocol` in the schema's protocol vocabulary; 0 for a protocol not in it.";
    SourceFamily = "Source_Address_Family", "4, 6 or 0", "0 (non-IP name)", false, "4 IPv4, 6 IPv6, 0 a MAC or vendor name (non-IP frame).";
    SourcePrivate = "Source_Is_Private", "0/1", "0", false, "Source in 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 or fec0::/10.";
    SourceMulticast = "Source_Is_Multicast", "0/1", "0", false, "Source in 224/4 or ff00::/8, or a multicast MAC name.";
    SourceBroadcast = "Source_Is_Broadcast", "0/1", "0", false, "Source is 255.255.255.255, ends in `.255`, or is `Broadcast`/ff:ff:ff:ff:ff:ff.";
    SourceLinkLocal = "Source_Is_Link_Local", "0/1", "0", false, "Source in 169.254/16 or fe80::/10.";
    SourceLoopback = "Source_Is_Loopback", "0/1", "0", false, "Source in 127/8 or ::1.";
    DestinationFamily = "Destination_Address_Family", "4, 6 or 0", "0 (non-IP name)", false, "As `Source_Address_Family`, for the destination.";
    DestinationPrivate = "Destination_Is_Private", "0/1", "0", false, "As `Source_Is_Private`, for the destination.";
    DestinationMulticast = "Destination_Is_Multicast", "0/1", "0", false, "As `Source_Is_Multicast`, for the destination.";
    DestinationBroadcast = "Destination_Is_Broadcast", "0/1", "0", false, "As `Source_Is_Broadcast`, for the destination.";
    DestinationLinkLocal = "Destination_Is_Link_Local", "0/1", "0", false, "As `Source_Is_Link_Local`, for the destination.";
    DestinationLoopback = "Destination_Is_Loopback", "0/1", "0", false, "As `Source_Is_Loopback`, for the destination.";
    Direction = "Direction", "code 0–3", "never missing", false, "0 local → local, 1 local → public (outbound), 2 public → local (inbound), 3 public → public; local = non-IP, private, link-local, loopback, multicast or broadcast.";
    TcpFlags = "TCP_Flags", "bit mask", "-1", false, "Flags bracket after the ports as bits FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32, ECE 64, CWR 128, AE 256; TCP rows.";
    TcpWindow = "TCP_Window", "bytes", "-1", false, "`Win=` (advertised window as Wireshark shows it); TCP rows.";
    PayloadLength = "Payload_Length", "bytes", "-1", false, "`Len=` (transport payload); TCP and UDP rows.";
    TcpMss = "TCP_MSS", "bytes", "-1", false, "`MSS=` option; TCP rows that carry it.";
    TcpWindowScale = "TCP_Window_Scale", "multiplier", "-1", false, "`WS=` option (Wireshark shows the multiplier); TCP rows that carry it.";
    TcpSackPermitted = "TCP_SACK_Permitted", "0/1", "-1 (not TCP)", false, "`SACK_PERM` option present.";
    TcpTimestamps = "TCP_Timestamps", "0/1", "-1 (not TCP)", false, "Timestamps option (`TSval=`) present.";
    TcpSackBlocks = "TCP_SACK_Blocks", "count", "-1 (not TCP)", false, "Number of SACK blocks (`SLE=`).";
    TcpExpertNote = "TCP_Expert_Note", "code 0–14", "-1 (not TCP)", false, "First `[TCP …]` note: 0 none, 1 Retransmission, 2 Spurious Retransmission, 3 Fast Retransmission, 4 Dup ACK, 5 Out-Of-Order, 6 Previous segment not captured, 7 ACKed unseen segment, 8 Keep-Alive, 9 Keep-Alive ACK, 10 Window Update, 11 ZeroWindow(Probe), 12 Window Full, 13 Port numbers reused, 14 other.";
    TcpRetransmission = "TCP_Retransmission", "0/1", "-1 (not TCP)", false, "Expert note is a (spurious/fast) retransmission.";
    TcpReassembledSegment = "TCP_Reassembled_Segment", "0/1", "-1 (not TCP)", false, "`[TCP segment of a reassembled PDU]` present.";
    IcmpType = "ICMP_Type", "ICMP / ICMPv6 type number", "-1 (not ICMP)", false, "Type named by Info (e.g. 8 echo request, 0 reply; ICMPv6 128/129 echo, 133–137 neighbour discovery, 143 MLDv2 report); 255 when the text is not recognised.";
    IcmpNoResponse = "ICMP_No_Response", "0/1", "-1 (not ICMP)", false, "`(no response found!)`: Wireshark saw no reply to this echo request.";
    IcmpTtl = "ICMP_TTL", "hops", "-1", false, "`ttl=` of an ICMP echo, `hop limit=` of an ICMPv6 echo.";
    ArpOperation = "ARP_Operation", "code 0–4", "-1 (not ARP)", false, "1 `Who has` request, 2 `is at` reply, 3 announcement / gratuitous, 4 probe, 0 other.";
    ArpDuplicateUse = "ARP_Duplicate_Use", "0/1", "-1 (not ARP)", false, "Wireshark's `duplicate use of … detected!` (an address claimed by two MACs: spoofing).";
    QuicPacketType = "QUIC_Packet_Type", "code 0–6", "-1 (not QUIC)", false, "First QUIC packet: 1 Initial, 2 0-RTT, 3 Handshake, 4 Retry, 5 Version Negotiation, 6 short header (`Protected Payload`), 0 other.";
    QuicDcidLength = "QUIC_DCID_Length", "bytes", "-1 (no DCID)", false, "Length of the DCID (hex digits / 2).";
    TlsRecords = "TLS_Records", "count", "-1 (not TLS)", false, "Records listed in Info (comma-separated).";
    TlsApplicationData = "TLS_Application_Data_Records", "count", "-1 (not TLS)", false, "`Application Data` records.";
    TlsClientHello = "TLS_Client_Hello", "0/1", "-1 (not TLS)", false, "A `Client Hello`.";
    TlsServerHello = "TLS_Server_Hello", "0/1", "-1 (not TLS)", false, "A `Server Hello`.";
    TlsChangeCipherSpec = "TLS_Change_Cipher_Spec", "0/1", "-1 (not TLS)", false, "A `Change Cipher Spec`.";
    TlsAlert = "TLS_Alert", "0/1", "-1 (not TLS)", false, "An `Alert` / `Encrypted Alert`.";
    TlsOtherRecord = "TLS_Other_Record", "0/1", "-1 (not TLS)", false, "Any other record (Certificate, Key Exchange, New Session Ticket, Encrypted Handshake Message…).";
    IsResponse = "Is_Response", "0/1", "-1 (unknown)", false, "1 response, 0 request: DNS/MDNS query vs response, HTTP/OCSP, NTP client/server, ICMP echo, ARP.";
    WindowPackets = "Window_Packets", "packets in the window", "never missing", false, "Packets of this capture in the trailing window `(t − window_s, t]`, this one included (packet rate × window_s).";
    WindowProtocolShare = "Window_Protocol_Share", "fraction", "never missing", false, "Share of the window's packets with this packet's `Protocol`.";
    WindowTcpShare = "Window_TCP_Share", "fraction", "never missing", false, "Share of the window's packets that are TCP-based (TCP, TLS, HTTP, OCSP).";
    WindowUdpShare = "Window_UDP_Share", "fraction", "never missing", false, "Share that are UDP-based (UDP, QUIC, DNS, MDNS, NTP, NBNS, …).";
    WindowIcmpShare = "Window_ICMP_Share", "fraction", "never missing", false, "Share that are ICMP or ICMPv6.";
    WindowArpShare = "Window_ARP_Share", "fraction", "never missing", false, "Share that are ARP.";
    WindowSourcePackets = "Window_Source_Packets", "packets in the window", "never missing", false, "Packets in the window from this packet's source.";
    WindowSourceSynPackets = "Window_Source_SYN_Packets", "packets in the window", "never missing", false, "SYN-only TCP packets (flags exactly SYN) in the window from this packet's source.";
    WindowDestinationIcmpPackets = "Window_Destination_ICMP_Packets", "packets in the window", "never missing", false, "ICMP/ICMPv6 packets in the window to this packet's destination.";
    WindowSourceDistinctPorts = "Window_Source_Distinct_Destination_Ports", "ports", "never missing", false, "Distinct destination ports of the window's packets from this packet's source (packets with a port).";
    WindowDestinationDistinctSources = "Window_Destination_Distinct_Sources", "addresses", "never missing", false, "Distinct sources of the window's packets to this packet's destination.";
    SourceInterArrival = "Source_Inter_Arrival_s", "seconds", "-1 (none within gap_horizon_s)", false, "Time since the previous packet of this capture from the same source, if within `gap_horizon_s`.";
    PairInterArrival = "Pair_Inter_Arrival_s", "seconds", "-1 (none within gap_horizon_s)", false, "Time since the previous packet of this capture between the same two addresses (either direction), if within `gap_horizon_s`.";
}

/// The feature table of docs/features.md, generated from [`FEATURES`].
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| # | name | definition | unit | when missing | identifies a capture |\n|---|---|---|---|---|---|\n",
    );
    for (i, f) in FEATURES.iter().enumerate() {
        let ident = if f.identifies_capture { "**yes**" } else { "no" };
        out.push_str(&format!(
            "| {i} | `{}` | {} | {} | {} | {ident} |\n",
            f.name, f.definition, f.unit, f.missing
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_columns_line_up() {
        let mut names: Vec<_> = FEATURES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), N_FEATURES);
        assert_eq!(FEATURES[Col::PairInterArrival as usize].name, "Pair_Inter_Arrival_s");
        assert_eq!(FEATURES[Col::ProtocolEncoded as usize].name, "Protocol_Encoded");
        assert_eq!(Col::PairInterArrival as usize, N_FEATURES - 1);
    }
}
