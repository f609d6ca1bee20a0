#!/usr/bin/env python3
"""Reference counts for the attack relabelling (src/train/relabel, docs/relabelling.md), computed
independently of the Rust code with pandas regular expressions over the seed CSV.

Writes tests/fixtures/relabel/counts.json: per capture block of ../shared/data/README.md (row ranges),
the packets each rule decides (first match wins, rules tried in the documented order) and the packets
per label. Run from the repository root:  python3 tools/relabel_reference.py [path/to/combined.csv.zip]
"""
import json
import os
import sys
import zipfile

import pandas as pd

SEED = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "combined.csv.zip")
OUT = os.path.join("tests", "fixtures", "relabel", "counts.json")
# First data row of each capture block (../shared/data/README.md), and the end.
BOUNDS = [0, 574, 131717, 132405, 132414, 229672, 247430, 296091]

ATTACKER, VICTIM, GATEWAY = "192.168.2.88", "192.168.2.87", "192.168.2.1"
ATTACKER_MAC, ATTACKER_MAC_NAME = "00:0c:29:7c:59:c3", "VMware_7c:59:c3"


def main():
    with zipfile.ZipFile(SEED) as z, z.open("combined.csv") as f:
        df = pd.read_csv(f, keep_default_na=False, dtype=str)
    src, dst, proto, info = df["Source"], df["Destination"], df["Protocol"], df["Info"]
    tcp, icmp, arp = proto == "TCP", proto == "ICMP", proto == "ARP"
    # The flags bracket right after the ports ("43261  >  80 [SYN] ..."), possibly after expert notes.
    flags = info.str.extract(r"\d+\s+(?:>|→)\s+\d+\s+\[([A-Z, ]+)\]")[0].fillna("")
    ports = info.str.extract(r"(\d+)\s+(?:>|→)\s+(\d+)")
    between = lambda a, b: ((src == a) & (dst == b)) | ((src == b) & (dst == a))  # noqa: E731
    echo_request = icmp & info.str.startswith("Echo (ping) request")
    echo_reply = icmp & info.str.startswith("Echo (ping) reply")
    poison = arp & info.str.contains(r" is at " + ATTACKER_MAC, case=False, regex=False) & ~info.str.startswith(
        ATTACKER + " is at ")
    rules = [
        ("syn_scan_probe", "attack", tcp & (src == ATTACKER) & (flags == "SYN")),
        ("syn_scan_reply", "attack", tcp & (dst == ATTACKER) & (flags == "RST, ACK")),
        ("rat_session", "attack", tcp & between(VICTIM, ATTACKER) & (flags != "")
         & ((ports[0] == "4444") | (ports[1] == "4444"))),
        ("icmp_flood", "attack", (echo_request & (src == ATTACKER)) | (echo_reply & (dst == ATTACKER))),
        ("ping_burst", "attack", (echo_request | echo_reply) & between(GATEWAY, VICTIM)),
        ("arp_duplicate_use", "attack", arp & info.str.contains("duplicate use of", regex=False)),
        ("arp_poison_reply", "attack", poison),
        ("attacker_arp", "undecided", arp & (src.isin([ATTACKER_MAC_NAME, ATTACKER_MAC])
                                             | dst.isin([ATTACKER_MAC_NAME, ATTACKER_MAC])
                                             | info.str.contains(r"(?:^|\s)192\.168\.2\.88(?:[?,]|\s|$)"))),
        ("attacker_other", "undecided", (src == ATTACKER) | (dst == ATTACKER)),
    ]
    malicious = df["label"] == "malicious"
    decided = pd.Series(-1, index=df.index)
    for i, (_, _, mask) in reversed(list(enumerate(rules))):
        decided[mask] = i  # the earliest rule that matches wins
    block = pd.Series(0, index=df.index)
    for b in range(len(BOUNDS) - 1):
        block.iloc[BOUNDS[b]:BOUNDS[b + 1]] = b
    out = {"blocks": [], "rules": []}
    for b in range(len(BOUNDS) - 1):
        in_block = block == b
        att = in_block & malicious
        verdict = decided.map(lambda i: rules[i][1] if i >= 0 else "")
        out["blocks"].append({
            "block": b,
            "attack": int((att & (verdict == "attack")).sum()),
            "background": int((att & (decided < 0)).sum()),
            "normal": int((in_block & ~malicious).sum()),
            "undecided": int((att & (verdict == "undecided")).sum()),
        })
    for i, (name, verdict, mask) in enumerate(rules):
        per_block = [int(((block == b) & malicious & (decided == i)).sum()) for b in range(len(BOUNDS) - 1)]
        out["rules"].append({"name": name, "verdict": verdict, "per_block": per_block,
                             "matches_in_normal": int((~malicious & (decided == i)).sum())})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
