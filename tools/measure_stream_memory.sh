#!/bin/sh
# Peak resident memory of `anomalyze inspect` and `anomalyze features` on a ~1 GiB pcap (streamed reading).
#
# Usage: sh tools/measure_stream_memory.sh [SIZE_MB]     (default 1024; needs python3 and GNU time)
# Builds the release binary, writes target/large/big.pcap with tools/make_large_capture.py (not
# committed; kept for reruns, regenerated when SIZE_MB changes), then runs each command under
# `/usr/bin/time -v` and prints its "Maximum resident set size", wall and CPU time. Output goes to
# /dev/null (features), so the figure is the reader's and transform's own memory.
set -eu
cd "$(dirname "$0")/.."
SIZE_MB="${1:-1024}"
OUT=target/large
mkdir -p "$OUT"
cargo build --release --quiet --bin anomalyze
BIN=target/release/anomalyze
if [ ! -f "$OUT/big.pcap" ] || [ "$(cat "$OUT/big.size" 2>/dev/null)" != "$SIZE_MB" ]; then
    python3 tools/make_large_capture.py "$OUT/big.pcap" --size-mb "$SIZE_MB"
    echo "$SIZE_MB" > "$OUT/big.size"
fi
"$BIN" features "$OUT/big.pcap" --save-schema "$OUT/big.schema.json" -o /dev/null 2>/dev/null || true
ls -l "$OUT/big.pcap"
run() {
    name="$1"; shift
    /usr/bin/time -v "$@" > /dev/null 2> "$OUT/time.txt" || { cat "$OUT/time.txt"; exit 1; }
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/time.txt")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/time.txt")
    user=$(sed -n 's/.*User time (seconds): //p' "$OUT/time.txt")
    sys=$(sed -n 's/.*System time (seconds): //p' "$OUT/time.txt")
    echo "$name: peak RSS $((rss / 1024)) MiB, wall $wall, user ${user} s, sys ${sys} s"
}
run "inspect big.pcap" "$BIN" inspect "$OUT/big.pcap"
run "inspect - < big.pcap (stdin)" sh -c "$BIN inspect - < $OUT/big.pcap"
run "features big.pcap (schema fitted: two passes)" "$BIN" features "$OUT/big.pcap" -o /dev/null
run "features big.pcap --schema" "$BIN" features "$OUT/big.pcap" --schema "$OUT/big.schema.json" -o /dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
