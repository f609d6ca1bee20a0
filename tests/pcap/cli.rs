//! `anomalyze inspect` reads pcap and pcapng files (detected by content) like CSV exports.

use std::process::Command;

use super::fixture;

#[test]
fn inspect_reads_a_pcapng_and_a_pcap_without_a_telling_name() {
    let out = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(["inspect", fixture("multi.pcapng").to_str().expect("utf-8 path")])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Rows read:   66 (66 packets, 0 skipped)"), "{stdout}");
    assert!(stdout.contains("QUIC") && stdout.contains("TLSv1.3"), "{stdout}");

    let dir = std::env::temp_dir().join(format!("anomalyze-pcap-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let renamed = dir.join("capture.dat");
    std::fs::copy(fixture("sll2.pcap"), &renamed).expect("copy");
    let out = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(["inspect", renamed.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("40 packets"));
}

#[test]
fn inspect_reports_a_damaged_pcap_with_its_offset_and_exit_1() {
    let dir = std::env::temp_dir().join(format!("anomalyze-pcap-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.pcap");
    let mut bytes = std::fs::read(fixture("eth_le_us.pcap")).expect("fixture");
    bytes[16..20].copy_from_slice(&[0; 4]);
    std::fs::write(&bad, bytes).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(["inspect", bad.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("byte offset 16") && stderr.contains("snap length of 0"), "{stderr}");
}

fn features_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let out = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(["features", path.to_str().expect("utf-8 path")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn features_of_a_pcap_equal_features_of_its_tshark_csv_export() {
    let from_pcap = features_csv(&fixture("eth_le_us.pcap"));
    let from_csv = features_csv(&fixture("eth_le_us.csv"));
    assert_eq!(from_pcap.len(), from_csv.len());
    assert!(from_pcap.len() > 90, "{} rows", from_pcap.len());
    assert_eq!(from_pcap[0], from_csv[0], "header");
    for (row, (a, b)) in from_pcap.iter().zip(&from_csv).enumerate().skip(1) {
        for (col, (x, y)) in a.iter().zip(b).enumerate() {
            let same = match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(x), Ok(y)) => (x - y).abs() <= 1e-6,
                _ => x == y,
            };
            assert!(same, "row {row} column {}: pcap {x}, csv {y}", from_pcap[0][col]);
        }
    }
}

/// Runs the CLI with `stdin` piped in; returns stdout (exit status 0 required).
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let out = child.wait_with_output().expect("runs");
    writer.join().expect("writer").expect("writes stdin");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn streamed_features_from_stdin_and_gzip_equal_the_files_features() {
    let path = fixture("multi.pcapng");
    let from_file = features_csv(&path);
    let bytes = std::fs::read(&path).expect("fixture");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &bytes).expect("compress");
    let gz = gz.finish().expect("compress");
    for (what, input) in [("stdin", &bytes), ("gzip on stdin", &gz)] {
        let out = run_with_stdin(&["features", "-"], input);
        let rows: Vec<Vec<String>> =
            String::from_utf8_lossy(&out).lines().map(|l| l.split(',').map(String::from).collect()).collect();
        assert_eq!(rows, from_file, "{what}");
    }
    let inspect = run_with_stdin(&["inspect", "--json", "-"], &gz);
    let summary: serde_json::Value = serde_json::from_slice(&inspect).expect("json");
    assert_eq!(summary["packets"], 66);
    assert_eq!(summary["file_name"], "standard input");
}
