#!/usr/bin/env bash
# Captures real traffic of real TCP stacks on the loopback interface, for the pcap parity tests: the
# synthetic corpus (tools/make_pcap_corpus.py) has the cases, these have what real stacks do (large
# segments, SACK, window updates, TLS records across segments, HTTP over several segments, and the
# drops of a capture that cannot keep up).
#
# Usage: tools/make_loopback_captures.sh   (as root, or with capture rights; needs dumpcap, tshark,
#        openssl, curl, python3 with scapy — the references are written by make_pcap_corpus.py's code)
# Writes tests/fixtures/pcap/:
#   loopback.pcapng        TLS 1.3 and TLS 1.2 downloads (openssl s_server on a non-TLS port, found
#                          by Wireshark's heuristic), HTTP over IPv6: GET 200/404, a directory page,
#                          HEAD, and a POST the server refuses
#   loopback_snap128.pcapng  a 30 MB HTTP download captured with a 128-byte snap length; dumpcap
#                          drops a share of the frames, which gives lost-segment, ACKed-unseen,
#                          zero-window and window-update notes, and segments cut by the snap length
# and each one's .tsv and .csv references from tshark. The traffic differs at each run; the tests
# compare each capture with tshark's dissection of that same file.
set -euo pipefail
tools="$(cd "$(dirname "$0")" && pwd)"
out="$(dirname "$tools")/tests/fixtures/pcap"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost 2>/dev/null
head -c 200000 /dev/urandom > mid.bin
head -c 30000000 /dev/urandom > big.bin
echo '<html><body>hello</body></html>' > index.html

openssl s_server -accept 127.0.0.1:4433 -key key.pem -cert cert.pem -WWW -quiet >/dev/null 2>&1 & pids+=($!)
python3 -m http.server 18081 --bind ::1 >/dev/null 2>&1 & pids+=($!)
python3 -m http.server 18080 --bind 127.0.0.1 >/dev/null 2>&1 & pids+=($!)
sleep 1

capture() { # file filter snaplen
  dumpcap -q -i lo -f "$2" -s "$3" -w "$work/$1" 2>/dev/null & local pid=$!
  sleep 2
  shift 3
  "$@"
  sleep 1
  kill -INT "$pid"; wait "$pid" 2>/dev/null || true
}

mixed() {
  curl -sk https://127.0.0.1:4433/mid.bin -o /dev/null
  curl -sk --tlsv1.2 --tls-max 1.2 https://127.0.0.1:4433/mid.bin -o /dev/null
  curl -s "http://[::1]:18081/mid.bin" "http://[::1]:18081/" "http://[::1]:18081/missing" \
    -o /dev/null -o /dev/null -o /dev/null
  curl -s -I "http://[::1]:18081/mid.bin" -o /dev/null
  curl -s -X POST --data-binary @index.html "http://[::1]:18081/up" -o /dev/null || true
}

bulk() {
  curl -s http://127.0.0.1:18080/big.bin -o /dev/null
  curl -s http://127.0.0.1:18080/index.html -o /dev/null
}

capture loopback.pcapng "tcp port 4433 or tcp port 18081" 262144 mixed
capture loopback_snap128.pcapng "tcp port 18080" 128 bulk
cp loopback.pcapng loopback_snap128.pcapng "$out/"
chmod 644 "$out/loopback.pcapng" "$out/loopback_snap128.pcapng"
cd "$tools"
python3 - "$out" <<'EOF'
import sys
from pathlib import Path
sys.path.insert(0, ".")
import make_pcap_corpus as corpus
for name in ["loopback.pcapng", "loopback_snap128.pcapng"]:
    path = Path(sys.argv[1]) / name
    corpus.references(path)
    print(name, sum(1 for _ in path.with_suffix(".tsv").open()) - 1, "frames")
EOF
