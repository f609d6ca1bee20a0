//! The scored CSV: formula-injection guard, columns, and the probabilities it writes.

use anomalyze::analysis::export::{neutralise_cell, scored_csv};

use super::scored_sample;

#[test]
fn cells_that_a_spreadsheet_would_run_are_neutralised() {
    for cell in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x\")"] {
        assert_eq!(neutralise_cell(cell), format!("'{cell}"), "{cell:?}");
    }
    for cell in ["", "TCP", "1000 > 80 [SYN]", "192.0.2.1", " =not first", "'quoted", "a=b"] {
        assert_eq!(neutralise_cell(cell), cell, "{cell:?} was changed");
    }
}

#[test]
fn the_csv_has_every_packet_with_its_probability_and_prediction() {
    let (_, scored) = scored_sample();
    let bytes = scored_csv(&scored, 0.5);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    assert_eq!(&header[..7], ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"]);
    assert_eq!(&header[header.len() - 3..], ["label", "probability", "predicted_label"]);
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.expect("a CSV record");
        let p: f64 = record[header.len() - 2].parse().expect("a probability");
        assert_eq!(p, scored.probability[i], "row {i}: the probability does not round-trip");
        let predicted = if p >= 0.5 { "malicious" } else { "normal" };
        assert_eq!(&record[header.len() - 1], predicted);
        assert_eq!(record[0].parse::<u64>().expect("No."), scored.capture.packets[i].number);
        rows += 1;
    }
    assert_eq!(rows, scored.capture.packets.len());
}

#[test]
fn injected_cells_in_a_capture_are_neutralised_in_the_csv() {
    let (model, _) = scored_sample();
    let csv_in = "No.,Time,Source,Destination,Protocol,Length,Info\n\
        1,0.0,192.0.2.1,198.51.100.7,TCP,60,\"=HYPERLINK(\"\"http://evil\"\")\"\n\
        2,0.1,192.0.2.1,198.51.100.7,@SUM,60,\"-1+2\"\n";
    let scored =
        anomalyze::analysis::scored::score_capture(csv_in.as_bytes(), "evil.csv", &model, &mut |_| {})
            .expect("scores");
    let text = String::from_utf8(scored_csv(&scored, 0.5)).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(&records[0][6], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(&records[1][4], "'@SUM");
    assert_eq!(&records[1][6], "'-1+2");
    assert!(!text.contains(",=") && !text.contains(",@"), "{text}");
}
