//! `anomalyze features`: CSV out with the schema's names (+ label), `--schema`/`--save-schema`, stdin and
//! stdout, exit status 1 for bad input and 2 for bad usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use anomalyze::features::FEATURES;

const CAPTURE: &str = "\
No.,Time,Source,Destination,Protocol,Length,Info,label
1,0.000000,192.168.2.88,192.168.2.87,TCP,60,43261  >  48308 [SYN] Seq=1253611495 Win=1024 Len=0 MSS=1460,malicious
2,0.000100,192.168.2.87,192.168.2.88,TCP,54,\"48308  >  43261 [RST, ACK] Seq=0 Ack=1253611496 Win=0 Len=0\",malicious
3,0.500000,184.150.37.78,192.168.2.87,QUIC,1399,\"Protected Payload (KP0), DCID=89ef2f\",normal
";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anomalyze-features-cli-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir.join(name)
}

fn write(path: &PathBuf, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

fn anomalyze(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anomalyze"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run anomalyze: {e}"));
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let _ = pipe.write_all(text.as_bytes());
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("anomalyze did not finish: {e}"))
}

#[test]
fn writes_a_header_of_feature_names_and_label_then_one_row_per_packet() {
    let (input, output, schema) = (scratch("in.csv"), scratch("out.csv"), scratch("schema.json"));
    write(&input, CAPTURE);
    let args = [
        "features",
        input.to_str().unwrap_or(""),
        "-o",
        output.to_str().unwrap_or(""),
        "--save-schema",
        schema.to_str().unwrap_or(""),
    ];
    let run = anomalyze(&args, None);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(&output).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let names: Vec<&str> = FEATURES.iter().map(|f| f.name).chain(["label"]).collect();
    assert_eq!(lines[0], names.join(","));
    assert_eq!(lines.len(), 4);
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!((first[0], first[1], first[2], first[5]), ("60", "43261", "48308", "1")); // Length, ports, Flag_Category
    assert_eq!(first.last(), Some(&"malicious"));
    assert_eq!(lines[3].split(',').next_back(), Some("normal"));

    // The saved schema, given back, reproduces the output byte for byte, also through stdin/stdout.
    let again = anomalyze(&["features", "-", "--schema", schema.to_str().unwrap_or("")], Some(CAPTURE));
    assert_eq!(again.status.code(), Some(0), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(String::from_utf8_lossy(&again.stdout), text);
}

#[test]
fn a_bad_schema_or_capture_exits_1_and_bad_usage_exits_2() {
    let (input, schema) = (scratch("in2.csv"), scratch("bad-schema.json"));
    write(&input, CAPTURE);
    write(&schema, "{\"format\": \"anomalyze-feature-schema\"}");
    let run = anomalyze(
        &["features", input.to_str().unwrap_or(""), "--schema", schema.to_str().unwrap_or("")],
        None,
    );
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("bad-schema.json") && stderr.contains("feature schema is not valid"), "{stderr}");
    assert!(run.stdout.is_empty());

    let run = anomalyze(&["features", "-"], Some("not,a,capture\n1,2,3\n"));
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).starts_with("error: "));

    let run = anomalyze(&["features"], None);
    assert_eq!(run.status.code(), Some(2));
    let run = anomalyze(&["features", "x.csv", "--no-such-flag"], None);
    assert_eq!(run.status.code(), Some(2));
}
