//! Bad input: fatal errors say what, where and how to fix; bad rows are skipped with their line numbers.

use anomalyze::capture::CaptureError;

use super::{assert_mentions, read_err, read_ok, HEADER};

#[test]
fn empty_and_blank_files_are_errors() {
    for bytes in [&b""[..], b"\n\r\n  \n", b"\xEF\xBB\xBF"] {
        let err = read_err(bytes, "empty.csv");
        assert!(matches!(err, CaptureError::Empty { .. }), "{bytes:?}: {err:?}");
        assert_mentions(&err.to_string(), &["empty.csv is empty", "Export Packet Dissections"]);
    }
    assert_mentions(&read_err(b"", "").to_string(), &["the input is empty"]);
}

#[test]
fn header_only_is_an_error() {
    for text in [HEADER.to_string(), format!("{HEADER}\r\n"), format!("{HEADER}\n\n")] {
        let err = read_err(text.as_bytes(), "head.csv");
        assert!(matches!(err, CaptureError::HeaderOnly { .. }), "{err:?}");
        assert_mentions(&err.to_string(), &["head.csv has a header row but no packets"]);
    }
}

#[test]
fn missing_columns_are_one_error_listing_missing_and_found() {
    let err = read_err(b"No.,Time,Src,Dst,Protocol,Info\n1,0.0,a,b,TCP,x\n", "mine.csv");
    let text = err.to_string();
    assert_mentions(
        &text,
        &[
            "mine.csv",
            "line 1",
            "lacks the column(s) `Source`, `Destination`, `Length`",
            "it has `No.`, `Time`, `Src`, `Dst`, `Protocol`, `Info`",
            "File › Export Packet Dissections › As CSV",
        ],
    );
}

#[test]
fn headerless_export_is_reported_as_missing_columns() {
    let err = read_err(b"1,0.000000,a,b,TCP,60,x\n2,0.1,a,b,TCP,60,x\n", "nohead.csv");
    assert!(matches!(err, CaptureError::MissingColumns { .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["`0.000000`"]);
}

#[test]
fn binary_garbage_names_the_byte_offset() {
    let mut bytes = b"No.,Time,Source\n".to_vec();
    bytes.extend((0u8..=255).cycle().take(2000));
    let err = read_err(&bytes, "blob.bin");
    assert!(matches!(err, CaptureError::Binary { offset: 16, .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["blob.bin is not a text CSV", "byte offset 16"]);
    let controls: Vec<u8> = (0..300).map(|i| [1u8, 2, b'a', 3][i % 4]).collect();
    assert!(matches!(read_err(&controls, "c"), CaptureError::Binary { offset: 0, byte: 1, .. }));
}

#[test]
fn bad_rows_are_skipped_with_line_numbers_and_reasons() {
    let text = format!(
        "{HEADER}\n1,0.0,a,b,TCP,60,ok\n2,0.1,a,b,TCP,sixty,x\n3,0.2,a,b,TCP,-5,x\n4,later,a,b,TCP,60,x\n\
         5,0.4,a,b,TCP,60\n6,0.5,a,b,TCP,60,x,extra\nseven,0.6,a,b,TCP,60,x\n8,0.7,a,b,TCP,60,\"multi\nline\"\n\
         9,0.8,a,b,TCP,,x\n10,0.9,a,b,TCP,60,ok\n"
    );
    let c = read_ok(text.as_bytes());
    let kept: Vec<u64> = c.packets.iter().map(|p| p.number).collect();
    // Row 6 has one field too many and nothing above it was quoted: a `tshark -E quote=n` row whose Info
    // held a comma. It is kept, with the comma back in Info, and reported as read leniently.
    assert_eq!(kept, [1, 6, 8, 10]);
    assert_eq!(c.packets[1].info, "x,extra");
    assert_eq!((c.repaired_count, c.repaired[0].line), (1, 7));
    assert_mentions(&c.repaired[0].reason, &["1 more field than the header", "joined back into Info"]);
    assert_eq!(c.skipped_count, 6);
    let lines: Vec<u64> = c.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 8, 11]);
    let reasons: Vec<&str> = c.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_mentions(reasons[0], &["Length `sixty` is not a frame length"]);
    assert_mentions(reasons[1], &["Length `-5`"]);
    assert_mentions(reasons[2], &["Time `later` is not a time", "12.345678"]);
    assert_mentions(reasons[3], &["has 6 field(s) but the header has 7"]);
    assert_mentions(reasons[4], &["No. `seven` is not a packet number"]);
    assert_mentions(reasons[5], &["Length (empty)"]);
}

#[test]
fn surplus_fields_in_a_quoted_file_are_skipped_not_guessed() {
    // Once a row has quoted a field, the file quotes: an unquoted row with too many fields is broken.
    let text = format!(
        "{HEADER}
1,0.0,a,b,TCP,60,\"a, b\"
2,0.1,a,b,TCP,60,x,extra
3,0.2,a,b,TCP,60,ok
"
    );
    let c = read_ok(text.as_bytes());
    let kept: Vec<u64> = c.packets.iter().map(|p| p.number).collect();
    assert_eq!((kept, c.repaired_count), (vec![1, 3], 0));
    assert_eq!((c.skipped_count, c.skipped[0].line), (1, 3));
    assert_mentions(&c.skipped[0].reason, &["has 8 field(s)"]);
}

#[test]
fn only_the_first_twenty_skips_are_kept_but_all_are_counted() {
    let mut text = format!("{HEADER}\n1,0.0,a,b,TCP,60,ok\n");
    for i in 0..50 {
        text.push_str(&format!("{},0.1,a,b,TCP,bad,x\n", i + 2));
    }
    let c = read_ok(text.as_bytes());
    assert_eq!((c.packets.len(), c.skipped_count, c.skipped.len()), (1, 50, 20));
    assert_eq!((c.skipped[0].line, c.skipped[19].line), (3, 22));
}

#[test]
fn all_rows_bad_is_an_error_quoting_the_first_reasons() {
    let text = format!("{HEADER}\n1,x,a,b,TCP,60,ok\n2,0.1,a,b,TCP,y,x\n3,0.2,a,b\n4,0.3,a,b,TCP,z,x\n");
    let err = read_err(text.as_bytes(), "bad.csv");
    assert!(matches!(err, CaptureError::NoValidRows { rows: 4, .. }), "{err:?}");
    assert_mentions(
        &err.to_string(),
        &["none of its 4 data rows", "line 2: Time `x`", "line 3: Length `y`", "line 4: has 4"],
    );
}

#[test]
fn duplicate_column_is_an_error() {
    let err = read_err(format!("{HEADER},Length\n").as_bytes(), "dup.csv");
    assert_mentions(&err.to_string(), &["dup.csv", "`Length` twice"]);
}

#[test]
fn line_numbers_are_right_with_crlf_and_lone_cr_line_ends() {
    for end in ["\n", "\r\n", "\r"] {
        let text = [
            HEADER,
            "1,0.0,a,b,TCP,60,ok",
            "2,0.1,a,b,TCP,bad,x",
            "3,0.2,a,b,TCP,60,\"two",
            "lines\"",
            "4,x,a,b,TCP,60,x",
        ]
        .join(end);
        let c = read_ok(text.as_bytes());
        let lines: Vec<u64> = c.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [3, 6], "line end {end:?}");
    }
}

#[test]
fn blank_lines_before_the_header_keep_line_numbers_right() {
    let err = read_err(b"\r\n\r\nNo.,Time\r\n1,0.0\r\n", "late.csv");
    assert_mentions(&err.to_string(), &["the header row (line 3)"]);
    let c = read_ok(format!("\n\n{HEADER}\n\n1,0.0,a,b,TCP,x,y\n2,0.1,a,b,TCP,60,y\n").as_bytes());
    assert_eq!(c.skipped[0].line, 5);
}

#[test]
fn nul_bytes_file_is_reported_as_binary_not_utf16() {
    // A zero-filled file (a preallocated or wiped disk image) was reported as UTF-16 text.
    for len in [8usize, 1000, 5000] {
        let err = read_err(&vec![0u8; len], "zeros.csv");
        assert!(matches!(err, CaptureError::Binary { offset: 0, byte: 0, .. }), "{len}: {err:?}");
        assert_mentions(&err.to_string(), &["zeros.csv is not a text CSV", "NUL byte at byte offset 0"]);
    }
    // NULs in both byte lanes, or no CSV separator in the text lane: not UTF-16 either.
    let mut mixed = b"No.,Time,Source\n".to_vec();
    mixed.extend([0u8; 64]);
    let err = read_err(&mixed, "mixed.csv");
    assert!(matches!(err, CaptureError::Binary { offset: 16, .. }), "{err:?}");
    let no_separator: Vec<u8> = "abcdefghijklmnop".encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(matches!(read_err(&no_separator, "x"), CaptureError::Binary { offset: 1, .. }));
}

#[test]
fn utf16_without_bom_is_still_recognised_in_both_byte_orders() {
    let text = format!("{HEADER}\n1,0.0,a,b,TCP,60,x\n");
    for bytes in [
        text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(),
        text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>(),
    ] {
        let err = read_err(&bytes, "excel.csv");
        assert!(matches!(err, CaptureError::Utf16 { .. }), "{err:?}");
        assert_mentions(&err.to_string(), &["UTF-16", "CSV UTF-8"]);
    }
}

#[test]
fn huge_header_line_is_not_echoed_whole_in_the_error() {
    // A 5 MB header cell (the bug report had a 50 MB header line) was quoted whole in the message.
    let giant = "x".repeat(5_000_000);
    let text = format!("No.,Time,{giant},Info\n1,0.0,a,b\n");
    let err = read_err(text.as_bytes(), "giant.csv");
    assert!(matches!(err, CaptureError::MissingColumns { .. }), "{:.200}", format!("{err:?}"));
    let message = err.to_string();
    assert!(message.len() < 2_000, "message is {} bytes: {:.300}…", message.len(), message);
    assert_mentions(&message, &["`No.`, `Time`, `xxxxxxxx", "… (5000000 bytes)`, `Info`", "`Source`"]);
}

#[test]
fn huge_cells_and_zip_member_names_are_cut_in_every_message() {
    use super::containers::zip;
    let giant = "y".repeat(100_000);
    let text = format!("{HEADER}\n1,{giant},a,b,TCP,60,x\n2,0.5,a,b,TCP,60,x\n");
    let c = read_ok(text.as_bytes());
    let reason = &c.skipped[0].reason;
    assert!(reason.len() < 500, "{:.300}", reason);
    assert_mentions(reason, &["Time `yyyy", "… (100000 bytes)`"]);
    let giant = "y".repeat(60_000); // zip names are at most 65,535 bytes
    let long_name = format!("{giant}.txt");
    let err = read_err(&zip(&[(long_name.as_str(), b"notes")]), "cap.zip");
    let message = err.to_string();
    assert!(message.len() < 1_000, "{:.300}", message);
    assert_mentions(&message, &["(60004 bytes)"]);
    let csv_name = format!("{giant}.csv");
    let err = read_err(&zip(&[(csv_name.as_str(), b"a,b\n1,2\n")]), "cap.zip");
    let message = err.to_string();
    assert!(message.len() < 1_000, "{:.300}", message);
    assert_mentions(&message, &["cap.zip › yyyy", "(60004 bytes)", "`Time`"]);
}

/// Non-blank lines after the header: with no legitimate multi-line cell, each is one row.
fn data_lines(text: &str) -> u64 {
    text.split(['\n', '\r']).filter(|l| !l.is_empty()).count() as u64 - 1
}

#[test]
fn unclosed_quote_mid_file_is_reported_at_its_line_and_the_rows_after_it_are_read() {
    // The quote opened on line 3 swallowed every row below it into one Info cell, silently.
    let mut text = format!("{HEADER}\n1,0.0,a,b,TCP,60,ok\n2,0.1,a,b,TCP,60,\"unclosed info\n");
    for i in 3..=10 {
        text.push_str(&format!("{i},0.{i},a,b,TCP,60,row {i}\n"));
    }
    let c = read_ok(text.as_bytes());
    let kept: Vec<u64> = c.packets.iter().map(|p| p.number).collect();
    assert_eq!(kept, [1, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert_eq!((c.skipped_count, c.skipped[0].line), (1, 3));
    assert_mentions(&c.skipped[0].reason, &["quote", "character 18", "not closed"]);
    assert_eq!(c.packets.len() as u64 + c.skipped_count, data_lines(&text));
    // An unclosed quote followed by lines that are not rows: after 16 lines it is an unclosed quote too,
    // and every line after it is a counted (skipped) row.
    let mut text = format!("{HEADER}\n1,0.0,a,b,TCP,60,ok\n2,0.1,a,b,TCP,60,\"open\n");
    for i in 0..30 {
        text.push_str(&format!("junk {i}\n"));
    }
    text.push_str("40,0.5,a,b,TCP,60,last\n");
    let c = read_ok(text.as_bytes());
    let kept: Vec<u64> = c.packets.iter().map(|p| p.number).collect();
    assert_eq!(kept, [1, 40]);
    assert_eq!(c.skipped_count, 31);
    assert_eq!(c.skipped[0].line, 3);
    assert_mentions(&c.skipped[0].reason, &["not closed"]);
    assert_eq!(c.packets.len() as u64 + c.skipped_count, data_lines(&text));
    // With CRLF and lone CR line ends as well.
    for end in ["\r\n", "\r"] {
        let text =
            [HEADER, "1,0.0,a,b,TCP,60,\"open", "2,0.1,a,b,TCP,60,x", "3,0.2,a,b,TCP,60,y", ""].join(end);
        let c = read_ok(text.as_bytes());
        assert_eq!((c.packets.len(), c.skipped_count, c.skipped[0].line), (2, 1, 2), "{end:?}");
    }
}

#[test]
fn a_legitimate_multi_line_cell_is_still_one_row() {
    let text = format!("{HEADER}\n1,0.0,a,b,TCP,60,\"two\nlines\"\n2,0.1,a,b,TCP,60,\"x, \"\"y\"\"\"\n");
    let c = read_ok(text.as_bytes());
    let infos: Vec<&str> = c.packets.iter().map(|p| p.info.as_str()).collect();
    assert_eq!(infos, ["two\nlines", "x, \"y\""]);
    assert_eq!(c.skipped_count, 0);
}

#[test]
fn nul_bytes_after_the_first_kib_skip_their_rows_saying_why() {
    // A file cut off while written ends in zeros: the zeros were one silent 1-field row, or were kept
    // inside the last row's Info.
    let mut text = format!("{HEADER}\n").into_bytes();
    for i in 1..=40 {
        text.extend(format!("{i},0.{i},a,b,TCP,60,row {i}\n").bytes());
    }
    text.extend(b"41,0.5,a,b,TCP,60,cut");
    text.extend([0u8; 3000]);
    text.extend(b"\n\0\0\0\0\n");
    let c = read_ok(&text);
    assert_eq!((c.packets.len(), c.skipped_count), (40, 2));
    assert_eq!((c.skipped[0].line, c.skipped[1].line), (42, 43));
    for s in &c.skipped {
        assert_mentions(&s.reason, &["NUL byte", "binary data"]);
    }
}
