//! Each CSV dialect the reader accepts.

use anomalyze::capture::{read_capture, Capture, Label};

const HEADER: &str = "No.,Time,Source,Destination,Protocol,Length,Info";

fn read(text: &[u8]) -> Capture {
    read_capture(text, "test.csv", &mut |_| {}).expect("capture reads")
}

#[test]
fn quoted_fields_with_commas_quotes_and_newlines() {
    let text = format!(
        "{HEADER}\n1,0.000000,10.0.0.1,10.0.0.2,DNS,80,\"Standard query 0x1, \"\"A\"\" example.com\"\n\
         2,0.5,10.0.0.2,10.0.0.1,DNS,96,\"two\nlines\"\n3,1.0,a,b,TCP,60,x,\n"
    );
    let c = read(text.as_bytes());
    assert_eq!(c.packets.len(), 2);
    assert_eq!(c.packets[0].info, "Standard query 0x1, \"A\" example.com");
    assert_eq!(c.packets[1].info, "two\nlines");
    assert_eq!(c.skipped_count, 1);
    // Line 5, not record 4: the quoted line break makes lines and records differ.
    assert_eq!(c.skipped[0].line, 5);
    assert!(c.skipped[0].reason.contains("has 8 field(s) but the header has 7"), "{}", c.skipped[0].reason);
}

#[test]
fn label_column_in_any_spelling_and_a_bad_label_is_skipped() {
    let text = format!(
        "{HEADER},Label\n1,0.0,a,b,TCP,60,x,Malicious\n2,0.1,a,b,TCP,60,x,benign\n3,0.2,a,b,TCP,60,x,1\n\
         4,0.3,a,b,TCP,60,x,\n5,0.4,a,b,TCP,60,x,suspicious\n"
    );
    let c = read(text.as_bytes());
    assert!(c.has_labels);
    let labels: Vec<Option<Label>> = c.packets.iter().map(|p| p.label).collect();
    assert_eq!(labels, [Some(Label::Malicious), Some(Label::Normal), Some(Label::Malicious), None]);
    assert_eq!((c.skipped_count, c.skipped[0].line), (1, 6));
    assert!(c.skipped[0].reason.contains("`suspicious`"), "{}", c.skipped[0].reason);
}
