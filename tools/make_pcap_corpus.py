#!/usr/bin/env python3
"""Builds the pcap/pcapng parity corpus and has tshark, the reference dissector, dissect each capture.

Usage: pip install scapy; python3 tools/make_pcap_corpus.py   (needs `tshark` on PATH)
Writes tests/fixtures/pcap/:
  <name>.pcap / <name>.pcapng   the captures (small; committed)
  <name>.tsv                    `tshark -n -T fields` reference fields, one row per frame (FIELDS below)
  <name>.csv                    tshark's packet list shaped as Wireshark's CSV export (No.,Time,Source,...)
Captures: eth_le_us.pcap (every protocol over Ethernet, VLAN tags, IPv6, IPv4 fragments, a truncated
snap length), eth_be_ns.pcap (the same packets, big-endian nanosecond pcap), sll.pcap, sll2.pcap, raw.pcap,
null.pcap (link layers), multi.pcapng (two sections, three interfaces of different link types and
timestamp resolutions, enhanced and simple packet blocks), tcp_analysis.pcap (TCP streams with timed
retransmissions, losses, duplicate ACKs, keep-alives, window updates, zero windows, a full window, reused
ports, and retransmitted TLS and HTTP: the sources of Wireshark's `[TCP …]` expert notes),
http_reassembly.pcap (HTTP messages over several segments: `[TCP segment of a reassembled PDU]`),
ipv6_fragments.pcap (IPv6 datagrams in fragments, in and out of order, one never completed). `-n`: no name resolution, so non-IP frames show
raw MAC addresses, which is what the reader produces.
"""
import csv
import struct
import subprocess
from pathlib import Path

from scapy.all import (ARP, DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, Dot1Q, Ether, IPv6, ICMPv6EchoReply,
                       ICMPv6EchoRequest, ICMPv6ND_NS, CookedLinux, CookedLinuxV2, IPv6ExtHdrFragment, Loopback,
                       Raw, fragment, fragment6, raw)

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pcap"
FIELDS = ["frame.number", "frame.len", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "eth.src", "eth.dst",
          "_ws.col.Protocol", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.flags",
          "tcp.seq", "tcp.ack", "quic.dcid", "_ws.col.Source", "_ws.col.Destination", "_ws.col.Info"]
START = 1_735_209_038.0

MAC_A, MAC_B, MAC_C = "02:00:00:00:00:02", "02:00:00:00:00:01", "ec:64:c9:c1:ed:e0"
A, GW, DNS_IP, WEB, TLS_IP = "192.168.1.2", "192.168.1.1", "8.8.8.8", "93.184.216.34", "142.250.74.36"
A6, WEB6 = "2001:db8::2", "2001:db8:1::443"


def tcp_stream(ip, sport, dport, exchanges, isn_c=1000, isn_s=5000, v6=False, ws=True):
    """A full TCP connection: handshake with options, payload exchanges (client, server), FIN."""
    net = IPv6 if v6 else IP
    c_ip, s_ip = ip
    mk = lambda src, dst: net(src=src, dst=dst) if v6 else net(src=src, dst=dst, ttl=64)
    opts_c = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (100, 0))] + ([("WScale", 7)] if ws else [])
    opts_s = [("MSS", 1400), ("SAckOK", b""), ("Timestamp", (200, 100))] + ([("WScale", 8)] if ws else [])
    out = [mk(c_ip, s_ip) / TCP(sport=sport, dport=dport, flags="S", seq=isn_c, window=64240, options=opts_c),
           mk(s_ip, c_ip) / TCP(sport=dport, dport=sport, flags="SA", seq=isn_s, ack=isn_c + 1, window=65160,
                                options=opts_s),
           mk(c_ip, s_ip) / TCP(sport=sport, dport=dport, flags="A", seq=isn_c + 1, ack=isn_s + 1, window=502)]
    c, s = isn_c + 1, isn_s + 1
    for from_client, data in exchanges:
        if from_client:
            out.append(mk(c_ip, s_ip) / TCP(sport=sport, dport=dport, flags="PA", seq=c, ack=s, window=502) / data)
            c += len(data)
            out.append(mk(s_ip, c_ip) / TCP(sport=dport, dport=sport, flags="A", seq=s, ack=c, window=260))
        else:
            out.append(mk(s_ip, c_ip) / TCP(sport=dport, dport=sport, flags="PA", seq=s, ack=c, window=260) / data)
            s += len(data)
            out.append(mk(c_ip, s_ip) / TCP(sport=sport, dport=dport, flags="A", seq=c, ack=s, window=501))
    out += [mk(c_ip, s_ip) / TCP(sport=sport, dport=dport, flags="FA", seq=c, ack=s, window=502),
            mk(s_ip, c_ip) / TCP(sport=dport, dport=sport, flags="FA", seq=s, ack=c + 1, window=260),
            mk(c_ip, s_ip) / TCP(sport=sport, dport=dport, flags="A", seq=c + 1, ack=s + 1, window=502)]
    return out


def tls_record(content_type, body, version=0x0303):
    return struct.pack("!BHH", content_type, version, len(body)) + body


def handshake(msg_type, body):
    return struct.pack("!B", msg_type) + len(body).to_bytes(3, "big") + body


def hello(msg_type, tls13):
    ext = struct.pack("!HHB H", 0x002B, 3, 2, 0x0304) if msg_type == 1 else struct.pack("!HHH", 0x002B, 2, 0x0304)
    ext = ext if tls13 else b""
    if msg_type == 1:
        body = struct.pack("!H", 0x0303) + bytes(32) + b"\x00" + struct.pack("!HHH", 4, 0x1301, 0xC02F) + b"\x01\x00"
    else:
        body = struct.pack("!H", 0x0303) + bytes(32) + b"\x00" + struct.pack("!H", 0x1301 if tls13 else 0xC02F) + b"\x00"
    return handshake(msg_type, body + struct.pack("!H", len(ext)) + ext)


def tls_session(tls13):
    client_hello = tls_record(22, hello(1, tls13), version=0x0301)
    server = tls_record(22, hello(2, tls13))
    if tls13:
        server += tls_record(20, b"\x01") + tls_record(23, bytes(40))
    else:
        server += tls_record(22, handshake(14, b""))
    return [(True, client_hello), (False, server), (True, tls_record(23, bytes(64))),
            (False, tls_record(23, bytes(120)))]


def quic_long(dcid, scid, first=0xC3):
    payload = bytes(range(40))
    return (bytes([first]) + struct.pack("!I", 1) + bytes([len(dcid)]) + dcid + bytes([len(scid)]) + scid
            + b"\x00" + struct.pack("!H", 0x4000 | len(payload)) + payload)


def dns_packets(sport, dport, name, qid, mdns=False):
    q = DNS(id=qid, rd=0 if mdns else 1, qd=DNSQR(qname=name, qtype="A"))
    r = DNS(id=qid, qr=1, aa=1 if mdns else 0, qd=DNSQR(qname=name, qtype="A"), an=DNSRR(rrname=name, rdata="10.0.0.9"))
    return q, r


def ntp(mode):
    return bytes([(4 << 3) | mode]) + bytes(47)


def nbns_query():
    name = b"\x20" + b"FHEPFCELEHFCEPFFFACACACACACACAAA" + b"\x00"  # WPAD<00>
    return struct.pack("!HHHHHH", 0x8123, 0x0110, 1, 0, 0, 0) + name + struct.pack("!HH", 0x20, 1)


def igmpv3_report():
    record = struct.pack("!BBH4s", 4, 0, 0, bytes([224, 0, 0, 251]))
    body = struct.pack("!BBHHH", 0x22, 0, 0, 0, 1) + record
    csum = checksum(body)
    return body[:2] + struct.pack("!H", csum) + body[4:]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ip_packets():
    """Every IP-level packet of the corpus (no link layer)."""
    pkts = []
    pkts += tcp_stream((A, WEB), 51000, 40123, [(True, b"hello"), (False, b"world!!")])
    pkts += tcp_stream((A, WEB), 51006, 40124, [(True, b"mid")], isn_c=4_000_000_000, isn_s=77)[3:6]
    pkts += tcp_stream((A, WEB), 51001, 80, [(True, b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n"),
                                            (False, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello")])
    pkts += tcp_stream((A, TLS_IP), 51002, 443, tls_session(True), isn_c=123456789, isn_s=987654321)
    pkts += tcp_stream((A, TLS_IP), 51003, 443, tls_session(False), ws=False)
    pkts += tcp_stream((A6, WEB6), 51004, 443, tls_session(True), v6=True)
    pkts.append(IP(src=A, dst=WEB) / TCP(sport=51005, dport=22, flags="S", seq=42, window=1024))
    pkts.append(IP(src=WEB, dst=A) / TCP(sport=22, dport=51005, flags="RA", seq=0, ack=43, window=0))
    for qid, (name, dst, sport, dport, mdns) in enumerate([("example.com", DNS_IP, 40000, 53, False),
                                                           ("printer.local", "224.0.0.251", 5353, 5353, True)]):
        q, r = dns_packets(sport, dport, name, 0x1A00 + qid, mdns)
        pkts.append(IP(src=A, dst=dst) / UDP(sport=sport, dport=dport) / q)
        pkts.append(IP(src=DNS_IP if not mdns else GW, dst=A if not mdns else dst) / UDP(sport=dport, dport=sport) / r)
    pkts.append(IP(src=A, dst="162.159.200.1") / UDP(sport=123, dport=123) / Raw(ntp(3)))
    pkts.append(IP(src="162.159.200.1", dst=A) / UDP(sport=123, dport=123) / Raw(ntp(4)))
    pkts.append(IP(src=A, dst="192.168.1.255") / UDP(sport=137, dport=137) / Raw(nbns_query()))
    dcid, scid, sdcid = bytes.fromhex("8394c8f03e515708"), bytes.fromhex("a1b2c3d4"), bytes.fromhex("5e6f7081")
    pkts.append(IP(src=A, dst=TLS_IP) / UDP(sport=52000, dport=443) / Raw(quic_long(dcid, scid) + bytes(1100)))
    pkts.append(IP(src=TLS_IP, dst=A) / UDP(sport=443, dport=52000) / Raw(quic_long(scid, sdcid)))
    pkts.append(IP(src=TLS_IP, dst=A) / UDP(sport=443, dport=52000) / Raw(quic_long(scid, sdcid, first=0xE3)))
    pkts.append(IP(src=A, dst=TLS_IP) / UDP(sport=52000, dport=443) / Raw(b"\x41" + sdcid + bytes(30)))
    pkts.append(IP(src=TLS_IP, dst=A) / UDP(sport=443, dport=52000) / Raw(b"\x45" + scid + bytes(50)))
    pkts.append(IP(src=A, dst=WEB) / UDP(sport=50000, dport=9999) / Raw(b"plain udp"))
    pkts.append(IP(src=A, dst="224.0.0.22", ttl=1, options=[b"\x94\x04\x00\x00"]) / Raw(igmpv3_report()))
    pkts[-1][IP].proto = 2
    for seq in (1, 2):
        pkts.append(IP(src=A, dst=DNS_IP, ttl=64) / ICMP(type=8, id=0x1234, seq=seq) / Raw(bytes(32)))
        if seq == 1:
            pkts.append(IP(src=DNS_IP, dst=A, ttl=117) / ICMP(type=0, id=0x1234, seq=seq) / Raw(bytes(32)))
    pkts.append(IPv6(src=A6, dst=WEB6, hlim=64) / ICMPv6EchoRequest(id=7, seq=1) / Raw(bytes(16)))
    pkts.append(IPv6(src=WEB6, dst=A6, hlim=60) / ICMPv6EchoReply(id=7, seq=1) / Raw(bytes(16)))
    pkts.append(IPv6(src="fe80::2", dst="ff02::1:ff00:1") / ICMPv6ND_NS(tgt="fe80::1"))
    big = IP(src=A, dst=WEB, id=777) / UDP(sport=50001, dport=9998) / Raw(bytes(3000))
    pkts += fragment(big, fragsize=1200)
    return pkts


class Timeline:
    """Packets at explicit times (ms after START): TCP analysis depends on the gaps between segments."""

    def __init__(self):
        self.pkts, self.t_ms = [], 0.0

    def add(self, pkt, after_ms=1.0):
        self.t_ms += after_ms
        pkt = Ether(src=MAC_A, dst=MAC_B) / pkt
        pkt.time = START + self.t_ms / 1000
        self.pkts.append(pkt)


def analysis_packets():
    """TCP streams that make Wireshark write each of its sequence-analysis notes, with their times."""
    tl = Timeline()
    ip = lambda src, dst: IP(src=src, dst=dst, ttl=64)

    def conn(sport, dport, isn_c, isn_s, win_c=502, win_s=260, ws=True, rtt_ms=2.0):
        """Handshake; returns senders c(flags, seq_off, ack_off, data, window) and s(...) relative to the ISNs."""
        oc = [("MSS", 1460)] + ([("WScale", 7)] if ws else [])
        os_ = [("MSS", 1400)] + ([("WScale", 8)] if ws else [])
        tl.add(ip(A, WEB) / TCP(sport=sport, dport=dport, flags="S", seq=isn_c, window=64240, options=oc), 10)
        tl.add(ip(WEB, A) / TCP(sport=dport, dport=sport, flags="SA", seq=isn_s, ack=isn_c + 1, window=65160,
                                options=os_), rtt_ms / 2)
        tl.add(ip(A, WEB) / TCP(sport=sport, dport=dport, flags="A", seq=isn_c + 1, ack=isn_s + 1, window=win_c),
               rtt_ms / 2)

        def c(flags, seq, ack, data=b"", window=win_c, after=1.0):
            tl.add(ip(A, WEB) / TCP(sport=sport, dport=dport, flags=flags, seq=isn_c + 1 + seq, ack=isn_s + 1 + ack,
                                    window=window) / data, after)

        def s(flags, seq, ack, data=b"", window=win_s, after=1.0):
            tl.add(ip(WEB, A) / TCP(sport=dport, dport=sport, flags=flags, seq=isn_s + 1 + seq, ack=isn_c + 1 + ack,
                                    window=window) / data, after)
        return c, s

    d = bytes(100)
    # Retransmission (after 200 ms) and spurious retransmission (of data already ACKed).
    c, s = conn(51100, 40200, 1000, 5000)
    c("PA", 0, 0, d)
    s("A", 0, 100)
    c("PA", 100, 0, d)
    c("PA", 100, 0, d, after=200)
    s("A", 0, 200)
    c("PA", 0, 0, d, after=300)
    c("PA", 200, 0, d, after=5)
    c("PA", 100, 0, d, after=0.5)  # ACKed already, and within the RTT: out-of-order is checked first
    # A lost segment, three duplicate ACKs, then its fast retransmission; out of order within the RTT.
    c, s = conn(51101, 40200, 2000, 6000)
    c("PA", 0, 0, d)
    c("PA", 200, 0, d)  # 100..200 not captured
    s("A", 0, 100)
    s("A", 0, 100)
    s("A", 0, 100)
    c("PA", 100, 0, d, after=2)
    s("A", 0, 300)
    c("PA", 400, 0, d, after=5)
    c("PA", 300, 0, d, after=0.5)
    s("A", 0, 500)
    # Keep-alive and its ACK; a window update; zero window, probe and probe ACK.
    c, s = conn(51102, 40200, 3000, 7000)
    c("PA", 0, 0, d)
    s("A", 0, 100)
    c("A", 99, 0, after=1000)
    s("A", 0, 100)
    s("A", 0, 100, window=300)
    s("PA", 0, 100, d)
    c("A", 100, 100, window=0)
    s("PA", 100, 100, b"x", after=500)
    c("A", 100, 100, window=0)
    c("A", 100, 101, window=400, after=100)
    # A full window (no scaling: the server offers 200 bytes), and an ACK of data never seen.
    c, s = conn(51103, 40201, 4000, 8000, win_s=200, ws=False)
    c("PA", 0, 0, bytes(200))
    s("A", 0, 200, window=200)
    c("PA", 200, 0, bytes(200))
    s("A", 300, 400, window=200)  # server bytes 0..300 never seen
    # FIN, then the same ports with a new ISN (reused), whose SYN is retransmitted after 1 s.
    c("FA", 400, 0)
    s("FA", 300, 401)
    c("A", 401, 301)
    tl.add(ip(A, WEB) / TCP(sport=51103, dport=40201, flags="S", seq=90000, window=64240), 50)
    tl.add(ip(A, WEB) / TCP(sport=51103, dport=40201, flags="S", seq=90000, window=64240), 1000)
    # Retransmitted TLS and HTTP: shown as TCP, their payload not dissected again.
    c, s = conn(51104, 443, 9000, 9500)
    hello_c = tls_record(22, hello(1, False), version=0x0301)
    c("PA", 0, 0, hello_c)
    c("PA", 0, 0, hello_c, after=300)
    s("PA", 0, len(hello_c), tls_record(22, hello(2, False)))
    c("PA", len(hello_c), 60, tls_record(23, bytes(64)), after=3)
    c("PA", len(hello_c) + 69, 60, tls_record(23, bytes(64)), after=3)
    get = b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n"
    c, s = conn(51105, 80, 9100, 9600)
    c("PA", 0, 0, get)
    c("PA", 0, 0, get, after=250)
    s("A", 0, len(get))
    # New requests and records after a lost segment: the note, then the application's Info.
    c("PA", len(get) + 50, 0, get, after=20)
    c, s = conn(51106, 443, 9200, 9700)
    c("PA", 0, 0, hello_c)
    c("PA", len(hello_c) + 30, 0, tls_record(23, bytes(64)), after=20)
    return tl.pkts


def http_packets():
    """HTTP messages over several segments, which Wireshark reassembles: bodies by Content-Length,
    chunked and until the connection closes, headers split, a body with a lost segment, HEAD and 304."""
    tl = Timeline()
    ip = lambda src, dst: IP(src=src, dst=dst, ttl=64)

    def conn(sport, dport=80, isn_c=1000, isn_s=5000):
        tl.add(ip(A, WEB) / TCP(sport=sport, dport=dport, flags="S", seq=isn_c, window=64240), 10)
        tl.add(ip(WEB, A) / TCP(sport=dport, dport=sport, flags="SA", seq=isn_s, ack=isn_c + 1, window=65160))
        tl.add(ip(A, WEB) / TCP(sport=sport, dport=dport, flags="A", seq=isn_c + 1, ack=isn_s + 1, window=502))
        state = {"c": 0, "s": 0}

        def c(data=b"", flags="PA"):
            tl.add(ip(A, WEB) / TCP(sport=sport, dport=dport, flags=flags, seq=isn_c + 1 + state["c"],
                                    ack=isn_s + 1 + state["s"], window=502) / data)
            state["c"] += len(data) + (1 if "F" in flags else 0)

        def s(data=b"", flags="PA", skip=0):
            state["s"] += skip
            tl.add(ip(WEB, A) / TCP(sport=dport, dport=sport, flags=flags, seq=isn_s + 1 + state["s"],
                                    ack=isn_c + 1 + state["c"], window=260) / data)
            state["s"] += len(data) + (1 if "F" in flags else 0)
        return c, s

    get = lambda path, method=b"GET": method + b" " + path + b" HTTP/1.1\r\nHost: example.com\r\n\r\n"
    # Content-Length body over three segments, then a second request on the same connection.
    c, s = conn(52001)
    c(get(b"/a.html"))
    s(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 300\r\n\r\n")
    s(bytes(150), flags="A")
    c(flags="A")
    s(bytes(150))
    c(get(b"/b.css"))
    s(b"HTTP/1.1 200 OK\r\nContent-Type: text/css\r\nContent-Length: 5\r\n\r\nbody{")
    # Request headers split over two segments; a POST body in a third.
    c, s = conn(52002)
    c(b"POST /form HTTP/1.1\r\nHost: example.com\r\n")
    c(b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\n")
    c(b"a=1&b=2")
    s(b"HTTP/1.1 204 No Content\r\n\r\n")
    # Chunked body over three segments.
    c, s = conn(52003)
    c(get(b"/chunked"))
    s(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
    s(b"6\r\n world\r\n")
    s(b"0\r\n\r\n")
    # HTTP/1.0 body delimited by the close.
    c, s = conn(52004)
    c(get(b"/old"))
    s(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part ")
    s(b"second part")
    s(flags="FA")
    c(flags="FA")
    # A body with a lost segment never completes; HEAD and 304 have no body.
    c, s = conn(52005)
    c(get(b"/lossy"))
    s(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 400\r\n\r\n" + bytes(100))
    s(bytes(100), skip=100)
    s(bytes(100))
    c(get(b"/lossy", b"HEAD"))
    s(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 400\r\n\r\n")
    c(get(b"/cached"))
    s(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 400\r\n\r\n")
    # OCSP over HTTP: a request (openssl ocsp -reqout, no nonce) and an "unauthorized" response.
    c, s = conn(52007)
    req = bytes.fromhex("305530533051304f304d300906052b0e03021a050004142b88a3e441414d78ab5a2433865bfeb3a890ada1"
                        "0414113a1c46fc6abb0de3742d286e7324c15a4c61610214508b949d847ed3a7f93b5655a96b3181e59f2b2d")
    c(b"POST /ocsp HTTP/1.1\r\nHost: ocsp.example.com\r\nContent-Type: application/ocsp-request\r\n"
      b"Content-Length: %d\r\n\r\n" % len(req) + req)
    resp = bytes.fromhex("30030a0106")
    s(b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: 5\r\n\r\n" + resp)
    # Data on the HTTP port that starts no message.
    c, s = conn(52006)
    c(b"\x00\x01binary junk")
    return tl.pkts


def ipv6_fragment_packets():
    """IPv6 datagrams in fragments: UDP in three, an ICMPv6 echo in two with its last fragment first, and a
    fragment whose datagram never completes."""
    udp = IPv6(src=A6, dst=WEB6) / IPv6ExtHdrFragment(id=0x1234) / UDP(sport=50002, dport=9997) / Raw(bytes(3000))
    echo = IPv6(src=A6, dst=WEB6) / IPv6ExtHdrFragment(id=0x99) / ICMPv6EchoRequest(id=5, seq=1) / Raw(bytes(2000))
    lone = IPv6(src=A6, dst=WEB6) / IPv6ExtHdrFragment(id=0x77) / UDP(sport=50003, dport=9996) / Raw(bytes(2000))
    pkts = fragment6(udp, 1280) + fragment6(echo, 1280)[::-1] + fragment6(lone, 1280)[:1]
    return with_times([Ether(src=MAC_A, dst=MAC_B) / p for p in pkts])


def with_times(pkts, step=0.001):
    for i, p in enumerate(pkts):
        p.time = START + i * step + (i % 7) * 0.000013
    return pkts


def ethernet(pkts):
    out = [Ether(src=MAC_A, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=MAC_A, psrc=A, pdst=GW),
           Ether(src=MAC_B, dst=MAC_A) / ARP(op=2, hwsrc=MAC_B, psrc=GW, hwdst=MAC_A, pdst=A),
           Ether(src=MAC_C, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=MAC_C, psrc="192.168.1.50", pdst="192.168.1.50")]
    for i, p in enumerate(pkts):
        src, dst = (MAC_A, MAC_B) if i % 2 == 0 else (MAC_B, MAC_A)
        if i % 9 == 4:
            out.append(Ether(src=src, dst=dst) / Dot1Q(vlan=10) / p)
        elif i % 17 == 8:
            out.append(Ether(src=src, dst=dst) / Dot1Q(vlan=20) / Dot1Q(vlan=30) / p)
        else:
            out.append(Ether(src=src, dst=dst) / p)
    return with_times(out)


def write_pcap(path, pkts, linktype=1, nano=False, endianness="<", snaplen=65535, truncate=()):
    """A classic pcap, written with struct (any link type, either byte order, µs or ns)."""
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    out = struct.pack(endianness + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)
    for i, p in enumerate(pkts):
        data = raw(p)
        cap = data[:60] if i in truncate else data
        units = int(round(float(p.time) * (1e9 if nano else 1e6)))
        sec, frac = divmod(units, 10**9 if nano else 10**6)
        out += struct.pack(endianness + "IIII", sec, frac, len(cap), len(data)) + cap
    path.write_bytes(out)


def pcapng_block(block_type, body):
    body += bytes(-len(body) % 4)
    total = len(body) + 12
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def pcapng_option(code, value):
    return struct.pack("<HH", code, len(value)) + value + bytes(-len(value) % 4)


def write_pcapng(path, eth_pkts, raw_pkts):
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + pcapng_option(0, b""))
    idb = lambda link, resol: pcapng_block(1, struct.pack("<HHI", link, 0, 0) + pcapng_option(9, bytes([resol]))
                                           + pcapng_option(0, b""))
    epb = lambda ifid, ts, data, orig: pcapng_block(6, struct.pack("<IIIII", ifid, ts >> 32, ts & 0xFFFFFFFF,
                                                                  len(data), orig) + data)
    out = shb + idb(1, 6) + idb(101, 9)
    t_us = int(START * 1e6)
    raw_pkts = [p for p in raw_pkts if TCP not in p]  # other flows than the Ethernet interface's
    for i, p in enumerate(eth_pkts[:25]):
        data = raw(p)
        out += epb(0, t_us + i * 1000, data, len(data))
        if i >= len(raw_pkts):
            continue
        rp = raw(raw_pkts[i])
        out += epb(1, (t_us + i * 1000 + 500) * 1000, rp, len(rp))
    out += shb + idb(1, 3)  # second section: millisecond interface; then simple packet blocks on it
    for i, p in enumerate(eth_pkts[25:40]):
        data = raw(p)
        out += epb(0, t_us // 1000 + 100 + i, data, len(data))
        if i < 3:  # simple packet blocks: the ARP frames again (stateless, so no TCP expert notes)
            arp = raw(eth_pkts[i])
            out += pcapng_block(3, struct.pack("<I", len(arp)) + arp)
    path.write_bytes(out)


def tshark(path, args):
    cmd = ["tshark", "-n", "-r", str(path)] + args
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def references(path):
    fields = sum((["-e", f] for f in FIELDS), [])
    (path.with_suffix(".tsv")).write_text(tshark(path, ["-T", "fields", "-E", "header=y", "-E", "separator=/t",
                                                        "-E", "occurrence=f"] + fields))
    cols = ["_ws.col.No.", "_ws.col.Time", "_ws.col.Source", "_ws.col.Destination", "_ws.col.Protocol",
            "_ws.col.Length", "_ws.col.Info"]
    # tshark's own `-E quote=d` does not double quotes inside a field; Wireshark's CSV export does, so the
    # columns are taken tab-separated and written by Python's csv module, quoted as Wireshark quotes them.
    rows = tshark(path, ["-T", "fields", "-E", "separator=/t"] + sum((["-e", c] for c in cols), []))
    with path.with_suffix(".csv").open("w", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"])
        for line in rows.splitlines():
            writer.writerow(line.split("\t"))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ip_pkts = with_times(ip_packets())
    eth = ethernet(ip_pkts)
    write_pcap(OUT / "eth_le_us.pcap", eth, endianness="<", truncate={20, 55})
    write_pcap(OUT / "eth_be_ns.pcap", eth, nano=True, endianness=">")
    write_pcap(OUT / "sll.pcap", with_times([CookedLinux(pkttype=0, lladdrtype=1, lladdrlen=6, src=b"\x02\0\0\0\0\x02\0\0",
                                                         proto=0x0800 if IP in p else 0x86DD) / p for p in ip_pkts[:40]]), linktype=113)
    write_pcap(OUT / "sll2.pcap", with_times([CookedLinuxV2(proto=0x0800 if IP in p else 0x86DD, ifindex=2, pkttype=4,
                                                            lladdrtype=1, lladdrlen=6, src=b"\x02\0\0\0\0\x02\0\0")
                                              / p for p in ip_pkts[:40]]), linktype=276)
    write_pcap(OUT / "raw.pcap", ip_pkts, linktype=101)
    write_pcap(OUT / "null.pcap", with_times([Loopback(type=2 if IP in p else 30) / p for p in ip_pkts[:40]]), linktype=0)
    write_pcapng(OUT / "multi.pcapng", eth, ip_pkts)
    write_pcap(OUT / "tcp_analysis.pcap", analysis_packets())
    write_pcap(OUT / "http_reassembly.pcap", http_packets())
    write_pcap(OUT / "ipv6_fragments.pcap", ipv6_fragment_packets())
    for path in sorted(OUT.glob("*.pcap*")):
        references(path)
        print(path.name, sum(1 for _ in path.with_suffix(".tsv").open()) - 1, "frames")


if __name__ == "__main__":
    main()
