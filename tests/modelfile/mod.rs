//! Model file version 2, the training pipeline and the `train` / `score` / `evaluate` commands, on
//! small synthetic labelled captures.

mod cli;
mod pipeline;

use std::fmt::Write as _;

/// A labelled Wireshark CSV: an attack block (SYN scan from 192.168.2.88 to many ports, every 10 ms,
/// with some background TLS among it), a silence of 120 s, then a normal block of TLS/DNS browsing.
/// `rows` per block; `seed` varies the background.
pub fn synthetic_capture(rows: usize, seed: u64) -> String {
    let mut out = String::from("No.,Time,Source,Destination,Protocol,Length,Info,label\n");
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut number = 0;
    for i in 0..rows {
        number += 1;
        let t = i as f64 * 0.01;
        if next() % 5 == 0 {
            let len = 80 + next() % 900;
            let _ = writeln!(
                out,
                "{number},{t:.6},192.168.2.87,142.250.1.{},TLSv1.3,{len},Application Data,malicious",
                next() % 9
            );
        } else {
            let port = 1 + next() % 1000;
            let _ = writeln!(
                out,
                "{number},{t:.6},192.168.2.88,192.168.2.87,TCP,60,\"4444 > {port} [SYN] Seq=0 Win=1024 Len=0 MSS=1460\",malicious"
            );
        }
    }
    for i in 0..rows {
        number += 1;
        let t = rows as f64 * 0.01 + 120.0 + i as f64 * 0.05;
        if next() % 4 == 0 {
            let _ = writeln!(out, "{number},{t:.6},192.168.2.26,192.168.2.1,DNS,74,Standard query 0x{:04x} A example.org,normal", next() % 65536);
        } else {
            let len = 60 + next() % 1400;
            let _ = writeln!(
                out,
                "{number},{t:.6},192.168.2.26,142.250.1.{},TLSv1.3,{len},Application Data,normal",
                next() % 9
            );
        }
    }
    out
}
