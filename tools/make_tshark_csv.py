#!/usr/bin/env python3
"""Writes a small pcap (standard library only) and has tshark, the reference dissector, export its packet list
as CSV in each Time format Wireshark offers; the capture tests read these fixtures.

Usage: python3 tools/make_tshark_csv.py   (needs `tshark` on PATH; writes tests/fixtures/capture/)

Fixtures (tshark -T fields -E header=y -E separator=, -E quote=d over the packet-list columns):
  tshark_relative.csv  Time = seconds since the first packet (tshark's default), tshark's own _ws.col.* header
  tshark_utc.csv       Time = -t ud (UTC date and time), header renamed to Wireshark's column titles
  tshark_epoch.csv     Time = -t e (seconds since the epoch), renamed header
  tshark_frame_time.csv Time = frame.time in TZ=America/New_York ("Dec 26, 2024 05:30:38.123456000 EST")
  tshark.pcap          the capture itself
The test compares against PACKETS below: times (µs after START_US), frame lengths, protocols.
"""
import os
import struct
import subprocess
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "capture"
START_US = 1_735_209_038_123_456  # 2024-12-26 10:30:38.123456 UTC

MAC_A = bytes.fromhex("020000000002")
MAC_B = bytes.fromhex("020000000001")
BROADCAST = b"\xff" * 6
IP_A, IP_GW, IP_DNS, IP_WEB = "192.168.1.2", "192.168.1.1", "8.8.8.8", "93.184.216.34"


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ether(dst, src, ethertype, payload):
    frame = dst + src + struct.pack("!H", ethertype) + payload
    return frame + b"\0" * max(0, 60 - len(frame))


def ipv4(src, dst, proto, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0, ip4(src), ip4(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return ether(MAC_B, MAC_A, 0x0800, header + payload)


def arp(op, sender_mac, sender_ip, target_mac, target_ip, dst):
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, sender_mac, ip4(sender_ip), target_mac, ip4(target_ip))
    return ether(dst, sender_mac, 0x0806, body)


def icmp_echo(kind, ident, seq):
    body = struct.pack("!BBHHH", kind, 0, 0, ident, seq) + b"abcdefghijklmnopqrstuvwabcdefghi"
    return body[:2] + struct.pack("!H", checksum(body)) + body[4:]


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def dns_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def dns(ident, response, answers=()):
    flags = 0x8180 if response else 0x0100
    msg = struct.pack("!HHHHHH", ident, flags, 1, len(answers), 0, 0) + dns_name("example.com") + struct.pack("!HH", 1, 1)
    for addr in answers:
        msg += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + ip4(addr)
    return msg


def tcp(sport, dport, seq, ack, flags):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)


SYN, ACK = 0x02, 0x10
PACKETS = [  # (µs after START_US, frame bytes)
    (0, arp(1, MAC_A, IP_A, b"\0" * 6, IP_GW, BROADCAST)),
    (10_000, arp(2, MAC_B, IP_GW, MAC_A, IP_A, MAC_A)),
    (250_000, ipv4(IP_A, IP_DNS, 1, icmp_echo(8, 0x1234, 1))),
    (262_500, ipv4(IP_DNS, IP_A, 1, icmp_echo(0, 0x1234, 1))),
    (1_000_000, ipv4(IP_A, IP_DNS, 17, udp(53000, 53, dns(0xBEEF, False)))),
    (1_020_000, ipv4(IP_DNS, IP_A, 17, udp(53, 53000, dns(0xBEEF, True, [IP_WEB, "93.184.216.35"])))),
    (2_500_000, ipv4(IP_A, IP_WEB, 6, tcp(51000, 443, 1000, 0, SYN))),
    (2_530_000, ipv4(IP_WEB, IP_A, 6, tcp(443, 51000, 5000, 1001, SYN | ACK))),
    (2_530_100, ipv4(IP_A, IP_WEB, 6, tcp(51000, 443, 1001, 5001, ACK))),
]


def write_pcap(path):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for offset_us, frame in PACKETS:
            t = START_US + offset_us
            f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), len(frame)) + frame)


COLUMNS = ["_ws.col.No.", "_ws.col.Time", "_ws.col.Source", "_ws.col.Destination", "_ws.col.Protocol",
           "_ws.col.Length", "_ws.col.Info"]
TITLES = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"]


def export(pcap, out, time_args=(), fields=COLUMNS, rename=False, tz="UTC"):
    cmd = ["tshark", "-r", str(pcap), *time_args, "-T", "fields", "-E", "header=y", "-E", "separator=,",
           "-E", "quote=d", "-E", "occurrence=f"]
    for field in fields:
        cmd += ["-e", field]
    text = subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "TZ": tz}).stdout.decode()
    if rename:
        header, rest = text.split("\n", 1)
        text = ",".join(f'"{t}"' for t in TITLES) + "\n" + rest
        assert len(header.split(",")) == len(TITLES), header
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text.splitlines()) - 1} packets)")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    pcap = OUT / "tshark.pcap"
    write_pcap(pcap)
    export(pcap, OUT / "tshark_relative.csv")
    export(pcap, OUT / "tshark_utc.csv", ["-t", "ud"], rename=True)
    export(pcap, OUT / "tshark_epoch.csv", ["-t", "e"], rename=True)
    frame_time = COLUMNS[:1] + ["frame.time"] + COLUMNS[2:]
    export(pcap, OUT / "tshark_frame_time.csv", fields=frame_time, rename=True, tz="America/New_York")


if __name__ == "__main__":
    main()
