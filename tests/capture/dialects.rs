//! Each CSV dialect the reader accepts.

use anomalyze::capture::Label;

use super::{read_ok, HEADER};

#[test]
fn quoted_fields_with_commas_quotes_and_newlines() {
    let text = format!(
        "{HEADER}\n1,0.000000,10.0.0.1,10.0.0.2,DNS,80,\"Standard query 0x1, \"\"A\"\" example.com\"\n\
         2,0.5,10.0.0.2,10.0.0.1,DNS,96,\"two\nlines\"\n3,1.0,a,b,TCP,60,x,\n"
    );
    let c = read_ok(text.as_bytes());
    assert_eq!(c.packets.len(), 2);
    assert_eq!(c.packets[0].info, "Standard query 0x1, \"A\" example.com");
    assert_eq!(c.packets[1].info, "two\nlines");
    assert_eq!(c.skipped_count, 1);
    // Line 5, not record 4: the quoted line break makes lines and records differ.
    assert_eq!(c.skipped[0].line, 5);
    assert!(c.skipped[0].reason.contains("has 8 field(s) but the header has 7"), "{}", c.skipped[0].reason);
}

#[test]
fn wireshark_gui_export_quotes_every_field_and_uses_crlf() {
    let text = "\"No.\",\"Time\",\"Source\",\"Destination\",\"Protocol\",\"Length\",\"Info\"\r\n\
                \"1\",\"0.000000\",\"192.168.1.2\",\"8.8.8.8\",\"DNS\",\"74\",\"Standard query 0x3b1c A example.org\"\r\n\
                \"2\",\"0.013514\",\"8.8.8.8\",\"192.168.1.2\",\"DNS\",\"90\",\"Standard query response 0x3b1c A example.org A 93.184.216.34\"\r\n";
    let c = read_ok(text.as_bytes());
    assert_eq!(c.packets.len(), 2);
    let p = &c.packets[1];
    assert_eq!((p.number, p.length_bytes, p.protocol.as_str()), (2, 90, "DNS"));
    assert!((p.time_s - 0.013514).abs() < 1e-12);
    assert_eq!(p.info, "Standard query response 0x3b1c A example.org A 93.184.216.34");
    assert!(!c.has_labels && c.skipped_count == 0);
}

#[test]
fn utf8_bom_is_ignored() {
    let text = format!("\u{feff}{HEADER}\n1,0.0,a,b,TCP,60,x\n");
    let c = read_ok(text.as_bytes());
    assert_eq!(c.columns[0], "No.");
    assert_eq!(c.packets.len(), 1);
}

#[test]
fn latin1_bytes_are_decoded_not_rejected() {
    let mut bytes = format!("{HEADER},label\n1,0.0,a,b,MDNS,60,").into_bytes();
    bytes.extend_from_slice(b"Hasan\xe2s iPhone \xb5,normal\n2,0.1,caf\xe9,b,MDNS,60,ok,normal\n");
    let c = read_ok(&bytes);
    assert_eq!(c.packets[0].info, "Hasanâs iPhone µ");
    assert_eq!(c.packets[1].source, "café");
    assert_eq!(c.skipped_count, 0);
}

#[test]
fn any_column_order_and_extra_columns_are_kept() {
    let text = "Info,Delta time,Length,Protocol,label,Destination,Source,Time,No.,\n\
                hello,0.1,60,TCP,malicious,b,a,0.5,7,\n\
                bye,0.2,61,UDP,,d,c,0.75,8,\n";
    let c = read_ok(text.as_bytes());
    assert_eq!(c.extra_columns, ["Delta time", ""]);
    assert_eq!(c.extra_values_of(0), ["0.1", ""]);
    assert_eq!(c.extra_values_of(1), ["0.2", ""]);
    let p = &c.packets[1];
    assert_eq!((p.number, p.source.as_str(), p.destination.as_str()), (8, "c", "d"));
    assert_eq!((p.protocol.as_str(), p.length_bytes, p.info.as_str(), p.label), ("UDP", 61, "bye", None));
    assert_eq!(c.packets[0].label, Some(Label::Malicious));
    assert!((p.time_s - 0.25).abs() < 1e-12, "time counts from the first packet");
}

#[test]
fn excel_separator_hint_line_is_skipped() {
    let text = format!("sep=,\r\n{HEADER}\r\n1,0.0,a,b,TCP,60,x\r\n");
    let c = read_ok(text.as_bytes());
    assert_eq!(c.packets.len(), 1);
}

#[test]
fn label_column_in_any_spelling_and_a_bad_label_is_skipped() {
    let text = format!(
        "{HEADER},Label\n1,0.0,a,b,TCP,60,x,Malicious\n2,0.1,a,b,TCP,60,x,benign\n3,0.2,a,b,TCP,60,x,1\n\
         4,0.3,a,b,TCP,60,x,\n5,0.4,a,b,TCP,60,x,suspicious\n6,0.5,a,b,TCP,60,x,ATTACK\n7,0.6,a,b,TCP,60,x,0\n"
    );
    let c = read_ok(text.as_bytes());
    assert!(c.has_labels);
    let labels: Vec<Option<Label>> = c.packets.iter().map(|p| p.label).collect();
    let (m, n) = (Some(Label::Malicious), Some(Label::Normal));
    assert_eq!(labels, [m, n, m, None, m, n]);
    assert_eq!((c.skipped_count, c.skipped[0].line), (1, 6));
    assert!(c.skipped[0].reason.contains("`suspicious`"), "{}", c.skipped[0].reason);
}

#[test]
fn tshark_field_names_are_accepted_as_columns() {
    let text = "_ws.col.No.,_ws.col.Time,_ws.col.Source,_ws.col.Destination,_ws.col.Protocol,_ws.col.Length,_ws.col.Info\n\
                1,0.000000000,10.0.0.1,10.0.0.2,ICMP,98,Echo (ping) request\n";
    assert_eq!(read_ok(text.as_bytes()).packets[0].protocol, "ICMP");
}

#[test]
fn semicolon_and_tab_separated_exports() {
    let semicolons = "No.;Time;Source;Destination;Protocol;Length;Info\r\n1;0.5;a;b;TCP;60;\"x; y\"\r\n2;0,75;a;b;TCP;60;z\r\n";
    let c = read_ok(semicolons.as_bytes());
    assert_eq!(c.packets[0].info, "x; y");
    // A decimal comma is not a time: that row is skipped, saying why.
    assert_eq!((c.packets.len(), c.skipped_count), (1, 1));
    assert!(c.skipped[0].reason.contains("Time `0,75` is not a time"), "{}", c.skipped[0].reason);
    let tabs = "_ws.col.No.\t_ws.col.Time\t_ws.col.Source\t_ws.col.Destination\t_ws.col.Protocol\t_ws.col.Length\t_ws.col.Info\n\
                1\t0.000000\ta\tb\tTCP\t60\t51000 → 443 [SYN, ACK] Seq=0\n";
    assert_eq!(read_ok(tabs.as_bytes()).packets[0].info, "51000 → 443 [SYN, ACK] Seq=0");
}

#[test]
fn tshark_time_field_names_are_accepted_as_the_time_column() {
    // `-e frame.time_epoch` / `-e frame.time` / `-e frame.time_utc` instead of `_ws.col.Time` made the
    // header lack `Time`.
    for (field, first, second) in [
        ("frame.time_epoch", "1735209038.123456000", "1735209038.623456000"),
        ("frame.time", "Dec 26, 2024 10:30:38.123456000 UTC", "Dec 26, 2024 10:30:38.623456000 UTC"),
        ("frame.time_utc", "Dec 26, 2024 10:30:38.123456000 UTC", "Dec 26, 2024 10:30:38.623456000 UTC"),
    ] {
        let text = format!(
            "frame.number,{field},_ws.col.Source,_ws.col.Destination,_ws.col.Protocol,frame.len,_ws.col.Info\n\
             1,\"{first}\",a,b,TCP,60,x\n2,\"{second}\",a,b,TCP,60,y\n"
        );
        let c = read_ok(text.as_bytes());
        assert_eq!(c.packets.len(), 2, "{field}");
        assert!((c.packets[1].time_s - 0.5).abs() < 1e-9, "{field}: {}", c.packets[1].time_s);
    }
}
