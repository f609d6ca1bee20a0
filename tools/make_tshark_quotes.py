#!/usr/bin/env python3
"""Writes a pcap whose packet-list Info holds double quotes (HTTP request URIs, DNS TXT query names) and
ICMPv6 echoes, and has tshark export it the way its manual suggests for CSV:

    tshark -r tshark_quotes.pcap -T fields -E header=y -E separator=, -E quote=d -E occurrence=f
           -e _ws.col.No. -e _ws.col.Time -e _ws.col.Source -e _ws.col.Destination -e _ws.col.Protocol
           -e _ws.col.Length -e _ws.col.Info

tshark 4.0 (Debian 12) writes a `"` inside a quoted field as it is, not doubled as RFC 4180 (and
Wireshark's own File > Export Packet Dissections > As CSV) does: `"GET /say?q="hi",x HTTP/1.1 "`. The
capture tests read the result (tests/capture/tshark.rs) and compare with INFOS below.

Usage: python3 tools/make_tshark_quotes.py   (needs `tshark` on PATH; writes tests/fixtures/capture/)
Also writes tshark_quotes_single.csv, the same export with -E quote=s ('1','0.000000',…), and
tshark_quotes_none.csv with -E quote=n (tshark's default: nothing quoted, so Info's commas split it).
Reuses the frame builders of tools/make_tshark_csv.py.
"""
import struct
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_tshark_csv as m  # noqa: E402

SRC6 = bytes.fromhex("fe800000000000000000000000000001")
DST6 = bytes.fromhex("fe800000000000000000000000000002")


def tcp_data(sport, dport, payload):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 1, 5 << 4, 0x18, 64240, 0, 0) + payload


def dns_txt_query(ident, name):
    labels = b"".join(bytes([len(p)]) + p for p in name.split(b".")) + b"\0"
    return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + labels + struct.pack("!HH", 16, 1)


def icmpv6_echo(kind, ident, seq, hop_limit):
    body = struct.pack("!BBHHH", kind, 0, 0, ident, seq) + b"abcd"
    pseudo = SRC6 + DST6 + struct.pack("!I3xB", len(body), 58)
    body = body[:2] + struct.pack("!H", m.checksum(pseudo + body)) + body[4:]
    ip6 = struct.pack("!IHBB", 0x60000000, len(body), 58, hop_limit) + SRC6 + DST6
    return m.ether(m.MAC_B, m.MAC_A, 0x86DD, ip6 + body)


def dns(ident, name):
    return m.ipv4(m.IP_A, m.IP_DNS, 17, m.udp(53000, 53, dns_txt_query(ident, name)))


PACKETS = [  # (µs after START_US, frame)
    (0, m.ipv4(m.IP_A, m.IP_WEB, 6, tcp_data(51000, 80, b'GET /say?q="hi",x HTTP/1.1\r\nHost: a\r\n\r\n'))),
    (1_000, dns(0, b'say"foo".example')),
    (2_000, dns(1, b'foo"')),
    (3_000, dns(2, b'a","b')),
    (4_000, icmpv6_echo(128, 1, 1, 64)),
    (5_000, icmpv6_echo(129, 1, 1, 255)),
    (6_000, dns(3, b"plain.example")),
]


def export_quoted(pcap, out, quote):
    """The same with -E quote=s (each value in ', and ' and " inside left as they are) or -E quote=n."""
    cmd = ["tshark", "-r", str(pcap), "-T", "fields", "-E", "header=y", "-E", "separator=,", "-E", f"quote={quote}",
           "-E", "occurrence=f"]
    for field in m.COLUMNS:
        cmd += ["-e", field]
    text = subprocess.run(cmd, check=True, capture_output=True).stdout.decode()
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text.splitlines()) - 1} packets)")


def main():
    m.OUT.mkdir(parents=True, exist_ok=True)
    pcap = m.OUT / "tshark_quotes.pcap"
    with open(pcap, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for offset_us, frame in PACKETS:
            t = m.START_US + offset_us
            f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), len(frame)) + frame)
    version = subprocess.run(["tshark", "--version"], check=True, capture_output=True).stdout.decode().split("\n")[0]
    m.export(pcap, m.OUT / "tshark_quotes.csv")
    export_quoted(pcap, m.OUT / "tshark_quotes_single.csv", "s")
    export_quoted(pcap, m.OUT / "tshark_quotes_none.csv", "n")
    print(f"made with {version}")


if __name__ == "__main__":
    main()
