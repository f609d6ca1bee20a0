//! `anomalyze inspect`: output, exit status 0 / 1 / 2, errors on stderr, stdin, JSON.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use super::assert_mentions;

fn anomalyze(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().expect("stdin is piped").write_all(stdin).expect("stdin takes the input");
    child.wait_with_output().expect("the binary finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const LABELLED: &[u8] = b"No.,Time,Source,Destination,Protocol,Length,Info,label\n\
    1,00:01.0,a,b,TCP,60,x,normal\n2,00:02.5,a,b,TCP,bad,x,normal\n3,01:03.0,a,b,ICMP,98,y,malicious\n";

#[test]
fn inspect_reports_rows_skips_protocols_span_and_labels() {
    let out = anomalyze(&["inspect", "-"], LABELLED);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_mentions(
        &text(&out.stdout),
        &[
            "Rows read:   3 (2 packets, 1 skipped)",
            "Time span:   1m 02.0s (62.000 s)",
            "Labels:      1 malicious, 1 normal, 0 unlabelled",
            "TCP               1          1          0",
            "ICMP              1          0          1",
            "line 3: Length `bad` is not a frame length in bytes",
        ],
    );
}

#[test]
fn inspect_json_is_the_capture_summary() {
    let out = anomalyze(&["inspect", "--json", "-"], LABELLED);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(json["rows_read"], 3);
    assert_eq!(json["skipped"][0]["line"], 3);
    assert_eq!(json["labels"]["malicious"], 1);
    assert_eq!(json["time_format"], "MinutesClock");
}

#[test]
fn bad_input_exits_1_with_the_message_on_stderr() {
    let out = anomalyze(&["inspect", "-"], b"a,b\n1,2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_mentions(&text(&out.stderr), &["error: standard input: the header row (line 1) lacks", "`Time`"]);
    let out = anomalyze(&["inspect", "/nonexistent/capture.csv"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_mentions(&text(&out.stderr), &["cannot read /nonexistent/capture.csv"]);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(anomalyze(&["inspect"], b"").status.code(), Some(2));
    assert_eq!(anomalyze(&["inspect", "a.csv", "--no-such-flag"], b"").status.code(), Some(2));
}
