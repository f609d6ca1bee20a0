#!/usr/bin/env python3
"""Writes a large capture for the streaming memory and page benchmarks (never committed: it is big).

Usage: python3 tools/make_large_capture.py OUT [--size-mb 1024] [--format pcap|pcapng]
The 93 frames of tests/fixtures/pcap/eth_le_us.pcap (every protocol of the parity corpus, VLANs, IPv6,
fragments, a truncated frame) are repeated until OUT holds about --size-mb MiB: copy k is shifted by
k × 0.1 s, and the client port of IPv4 TCP/UDP frames above 50000 by k mod 10000, so TCP streams, TLS
sessions and window counts keep changing as in a real capture (the same scheme as benches/pcap.rs).
pcap: classic little-endian microsecond pcap. pcapng: one section, one Ethernet interface (if_tsresol 6),
enhanced packet blocks. Deterministic: the same arguments give the same bytes.
"""
import argparse
import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pcap" / "eth_le_us.pcap"


def records():
    data = CORPUS.read_bytes()
    out, at = [], 24
    while at + 16 <= len(data):
        sec, usec, caplen, origlen = struct.unpack_from("<IIII", data, at)
        out.append((sec * 1_000_000 + usec, origlen, bytearray(data[at + 16:at + 16 + caplen])))
        at += 16 + caplen
    return out


def port_offset(frame):
    """Offset of the IPv4 TCP/UDP source port of an untagged Ethernet II frame with a client port, or None."""
    if len(frame) >= 38 and frame[12:14] == b"\x08\x00" and frame[23] in (6, 17):
        at = 14 + (frame[14] & 0x0F) * 4
        if len(frame) >= at + 2 and struct.unpack_from(">H", frame, at)[0] > 50_000:
            return at
    return None


def pcapng_block(block_type, body):
    pad = (-len(body)) % 4
    length = 12 + len(body) + pad
    return struct.pack("<II", block_type, length) + body + b"\0" * pad + struct.pack("<I", length)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--format", choices=["pcap", "pcapng"], default="pcap")
    args = ap.parse_args()
    recs = [(t, orig, frame, port_offset(frame)) for t, orig, frame in records()]
    base = [struct.unpack_from(">H", f, p)[0] if p is not None else 0 for _, _, f, p in recs]
    target = int(args.size_mb * 1024 * 1024)
    ng = args.format == "pcapng"
    written, copies, frames = 0, 0, 0
    with open(args.out, "wb") as out:
        if ng:
            shb = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
            idb_options = struct.pack("<HHB3x", 9, 1, 6) + struct.pack("<HH", 0, 0)  # if_tsresol = 6
            head = pcapng_block(0x0A0D0D0A, shb) + pcapng_block(1, struct.pack("<HHI", 1, 0, 0) + idb_options)
        else:
            head = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
        out.write(head)
        written += len(head)
        while written < target:
            shift_us = copies * 100_000
            chunk = []
            for (t, orig, frame, at), port in zip(recs, base):
                if at is not None:
                    struct.pack_into(">H", frame, at, (port + copies % 10_000) & 0xFFFF)
                ts = t + shift_us
                if ng:
                    body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(frame), orig) + frame
                    chunk.append(pcapng_block(6, body))
                else:
                    chunk.append(struct.pack("<IIII", ts // 1_000_000, ts % 1_000_000, len(frame), orig))
                    chunk.append(bytes(frame))
            data = b"".join(chunk)
            out.write(data)
            written += len(data)
            copies += 1
            frames += len(recs)
    print(f"{args.out}: {written:,} bytes, {frames:,} frames ({copies:,} copies of {len(recs)} frames)")


if __name__ == "__main__":
    main()
