#!/usr/bin/env python3
"""Reference figures for the seed's Info-derived columns, computed with the seed pipeline's own regexes.

Reads ../shared/data/combined.csv.zip (or the path given as the first argument) with pandas, applies the
seed's rules (ports `(\\d+)\\s*>\\s*(\\d+)`, flags = first `\\[(.*?)\\]`, `Seq=(\\d+)`, `Ack=(\\d+)` for
Protocol TCP/UDP; QUIC `DCID=([a-zA-Z0-9]+)`; Flag_Category 0-5; -1 where absent) and writes, per column,
the sum of the values and the count of -1, and counts of rows whose Info carries a few notes, to tests/features/fixtures/seed_reference.json.
The Rust test `features::seed_reference` compares anomalyze's columns with these figures.

Usage: python3 tools/seed_feature_reference.py [path/to/combined.csv.zip]
"""
import json
import os
import sys
import zipfile

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "shared", "data", "combined.csv.zip")


def flag_category(protocol, flags):
    if protocol not in ("TCP", "UDP"):
        return 0
    if flags in ("SYN", "SYN, ACK"):
        return 1
    if flags in ("FIN, ACK", "RST", "RST, ACK"):
        return 2
    if flags in ("PSH, ACK", "ACK"):
        return 3
    if isinstance(flags, str) and flags.startswith("TCP"):
        return 4
    return 5


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            with z.open("combined.csv") as f:
                df = pd.read_csv(f, encoding="latin-1")
    else:
        df = pd.read_csv(path, encoding="latin-1")
    transport = df["Protocol"].isin(["TCP", "UDP"])
    info = df["Info"].where(transport)
    ports = info.str.extract(r"(\d+)\s*>\s*(\d+)")
    columns = {
        "Length": df["Length"].astype("int64"),
        "Source_Port": ports[0],
        "Destination_Port": ports[1],
        "Sequence": info.str.extract(r"Seq=(\d+)")[0],
        "Acknowledgment": info.str.extract(r"Ack=(\d+)")[0],
    }
    flags = info.str.extract(r"\[(.*?)\]")[0]
    columns["Flag_Category"] = pd.Series(
        [flag_category(p, f if isinstance(f, str) else None) for p, f in zip(df["Protocol"], flags)]
    )
    dcid = df["Info"].where(df["Protocol"] == "QUIC").str.extract(r"DCID=([a-zA-Z0-9]+)")[0]
    columns["QUIC_DCID_Length"] = dcid.str.len() / 2
    out = {"rows": int(len(df)), "columns": {}}
    for name, values in columns.items():
        values = pd.to_numeric(values).fillna(-1)
        out["columns"][name] = {"sum": float(values.sum()), "missing": int((values == -1).sum())}
    out["distinct_dcids"] = int(dcid.nunique())
    proto, text = df["Protocol"], df["Info"]
    out["flag_counts"] = {
        "ARP_Duplicate_Use": int(((proto == "ARP") & text.str.contains("duplicate use of", regex=False)).sum()),
        "ICMP_No_Response": int((proto.isin(["ICMP", "ICMPv6"]) & text.str.contains("(no response found!)", regex=False)).sum()),
        "TCP_Retransmission": int(((proto == "TCP") & text.str.contains(r"^\[TCP (?:Spurious |Fast )?Retransmission\]")).sum()),
        "TLS_Client_Hello": int((proto.str.startswith("TLS") & text.str.contains("Client Hello", regex=False)).sum()),
        "TCP_SACK_Permitted": int(((proto == "TCP") & text.str.contains("SACK_PERM", regex=False)).sum()),
    }
    target = os.path.join(HERE, "..", "tests", "features", "fixtures", "seed_reference.json")
    with open(target, "w") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
