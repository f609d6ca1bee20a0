//! The chunked transform (streamed captures) gives exactly the whole-file transform's rows, whatever the
//! chunk boundaries: on the whole seed dataset, on every pcap corpus capture, and on random traffic with
//! random boundaries (proptest); the chunked schema fit equals the whole-file fit.

use std::sync::Arc;

use anomalyze::capture::{read_capture, Packet};
use anomalyze::features::{FeatureError, FeatureSchema, SchemaFitter, SchemaParams};
use proptest::prelude::*;

use super::support::packet;

/// Rows of `packets` transformed in chunks of the given sizes (cycled), stacked.
fn chunked_rows(schema: &Arc<FeatureSchema>, packets: &[Packet], sizes: &[usize]) -> Vec<f64> {
    let mut transform = schema.chunked();
    let mut out = Vec::with_capacity(packets.len() * 63);
    let mut at = 0;
    for &size in sizes.iter().cycle() {
        if at >= packets.len() {
            break;
        }
        let end = (at + size.max(1)).min(packets.len());
        assert_eq!(transform.rows_done(), at);
        let m = transform.transform_chunk(&packets[at..end]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.n_rows(), end - at);
        out.extend(m.values().iter().copied());
        at = end;
    }
    out
}

/// Bitwise equality (NaN = NaN), naming the first differing cell.
fn assert_same(whole: &[f64], chunked: &[f64], names: &[String]) {
    assert_eq!(whole.len(), chunked.len());
    for (i, (a, b)) in whole.iter().zip(chunked).enumerate() {
        assert!(
            a.to_bits() == b.to_bits(),
            "row {}, feature {}: whole file {a}, chunked {b}",
            i / names.len(),
            names[i % names.len()]
        );
    }
}

fn check(packets: &[Packet], sizes: &[usize]) {
    let schema = Arc::new(FeatureSchema::fit(packets));
    let whole = schema.transform(packets).unwrap_or_else(|e| panic!("{e}"));
    let flat: Vec<f64> = whole.values().iter().copied().collect();
    assert_same(&flat, &chunked_rows(&schema, packets, sizes), whole.names());
}

#[test]
fn the_seed_dataset_in_chunks_equals_the_whole_file_transform() {
    let path = std::env::var_os("ANOMALYZE_SEED_DATA").map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/combined.csv.zip")
    });
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if std::env::var("ANOMALYZE_SKIP_SEED_DATA").as_deref() == Ok("1") => {
            eprintln!("SKIPPED: seed data not read from {} ({e})", path.display());
            return;
        }
        Err(e) => panic!("the seed data is required: cannot read {} ({e})", path.display()),
    };
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    // The CLI's chunk size, an odd one, and chunks that end inside the SYN flood's 2 s windows.
    check(&capture.packets, &[8192]);
    check(&capture.packets, &[1, 999, 77_777, 3]);
    let mut fitter = SchemaFitter::new();
    for chunk in capture.packets.chunks(10_007) {
        fitter.add(chunk);
    }
    assert_eq!(fitter.fit(&SchemaParams::default()), FeatureSchema::fit(&capture.packets));
}

#[test]
fn every_pcap_corpus_capture_in_chunks_equals_the_whole_file_transform() {
    for name in crate::pcap::CORPUS {
        let capture = crate::pcap::read_fixture(name);
        for sizes in [&[1][..], &[2, 5], &[13], &[64]] {
            check(&capture.packets, sizes);
        }
    }
}

#[test]
fn a_bad_time_in_a_later_chunk_names_its_row_in_the_whole_capture() {
    let packets: Vec<Packet> = (0..10)
        .map(|i| {
            let t = if i == 7 { f64::NAN } else { i as f64 };
            packet(i + 1, t, "10.0.0.1", "10.0.0.2", "UDP", 60, "1 > 2 Len=0")
        })
        .collect();
    let schema = Arc::new(FeatureSchema::fit(&packets));
    let mut transform = schema.chunked();
    assert!(transform.transform_chunk(&packets[..5]).is_ok());
    assert_eq!(
        transform.transform_chunk(&packets[5..]),
        Err(FeatureError::NonFiniteTime { row: 7, number: 8 })
    );
}

/// Random traffic: few hosts, ports, protocols (with flags and DCIDs), bursts, time steps back, and
/// restarts of the capture index, so windows and gaps cross chunk boundaries.
fn traffic() -> impl Strategy<Value = Vec<Packet>> {
    let step = (0u8..8, 0usize..4, 0usize..4, 0usize..5, 0u16..6, 0u8..20);
    proptest::collection::vec(step, 1..300).prop_map(|steps| {
        let hosts = ["10.0.0.1", "10.0.0.2", "192.168.1.7", "fe80::1"];
        let mut t: f64 = 0.0;
        let mut capture = 0;
        steps
            .into_iter()
            .enumerate()
            .map(|(i, (dt, s, d, kind, port, restart))| {
                t += [0.0, 0.001, 0.01, 0.3, 1.0, 2.0, 2.5, -0.2][usize::from(dt)];
                if restart == 0 {
                    capture += 1;
                    t = 0.0;
                }
                let (protocol, info) = match kind {
                    0 => ("TCP", format!("{} > 80 [SYN] Seq=0 Win=64240 Len=0", 40000 + port)),
                    1 => ("TCP", format!("{} > 443 [ACK] Seq=1 Ack=1 Win=501 Len=0", 40000 + port)),
                    2 => (
                        "ICMP",
                        "Echo (ping) request  id=0x0001, seq=1/256, ttl=64 (no response found!)".into(),
                    ),
                    3 => ("QUIC", format!("Protected Payload (KP0), DCID=0{port}a1b2")),
                    _ => ("UDP", format!("{} > 53 Len=20", 50000 + port)),
                };
                let mut p = packet(i as u64 + 1, t.max(0.0), hosts[s], hosts[d], protocol, 60, &info);
                p.capture_index = capture;
                p
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_traffic_in_random_chunks_equals_the_whole_file_transform(
        packets in traffic(),
        sizes in proptest::collection::vec(1usize..40, 1..8),
    ) {
        check(&packets, &sizes);
        let mut fitter = SchemaFitter::new();
        for chunk in packets.chunks(sizes[0]) {
            fitter.add(chunk);
        }
        prop_assert_eq!(fitter.fit(&SchemaParams::default()), FeatureSchema::fit(&packets));
    }
}
