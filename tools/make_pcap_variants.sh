#!/bin/sh
# Writes tests/fixtures/pcap/variants/: the first 24 frames of the corpus capture eth_le_us.pcap saved by
# Wireshark's editcap in every classic-pcap layout it writes (standard, nanosecond, Kuznetsov's modified,
# SuSE 6.3, Red Hat 6.1, Nokia), and in two capture formats Anomalyze does not read (Sun snoop, NetMon 2),
# whose error must say how to convert them. Needs editcap (Debian: apt-get install tshark).
# Run from the repository root: sh tools/make_pcap_variants.sh
set -eu
src=tests/fixtures/pcap/eth_le_us.pcap
out=tests/fixtures/pcap/variants
mkdir -p "$out"
editcap -F pcap -r "$src" "$out/standard.pcap" 1-24
for format in nsecpcap modpcap suse6_3pcap rh6_1pcap nokiapcap snoop netmon2; do
    editcap -F "$format" "$out/standard.pcap" "$out/$format.cap"
done
editcap --version | head -1 > "$out/EDITCAP_VERSION"
