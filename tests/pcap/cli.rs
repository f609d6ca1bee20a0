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
