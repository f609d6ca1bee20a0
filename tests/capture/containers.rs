//! Containers recognised by their magic bytes (never by name): gzip, zip, and the formats that are refused.

use std::io::Write;

use anomalyze::capture::CaptureError;
use zip::write::SimpleFileOptions;

use super::{assert_mentions, read_err, read_ok, HEADER};

fn csv_text() -> String {
    format!("{HEADER},label\n1,0.0,a,b,TCP,60,x,normal\n2,0.5,a,b,UDP,70,y,malicious\n")
}

/// A gzip stream of `bytes`.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

/// A zip archive of (name, content) members; names ending in `/` are folders.
pub fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in members {
        if name.ends_with('/') {
            writer.add_directory(*name, options).expect("zip folder");
        } else {
            writer.start_file(*name, options).expect("zip member");
            writer.write_all(content).expect("zip member");
        }
    }
    writer.finish().expect("zip in memory").into_inner()
}

#[test]
fn gzip_is_detected_by_magic_not_name() {
    let c = read_ok(&gzip(csv_text().as_bytes()));
    assert_eq!(c.packets.len(), 2);
}

#[test]
fn zip_with_one_csv_among_macos_metadata_and_folders() {
    let text = csv_text();
    let archive = zip(&[
        ("captures/", b""),
        ("__MACOSX/captures/._day1.csv", b"\x00\x05\x16\x07 resource fork"),
        ("captures/._day1.csv", b"\x00\x05\x16\x07"),
        ("captures/README.txt", b"notes"),
        ("captures/day1.csv", text.as_bytes()),
    ]);
    let c = read_ok(&archive);
    assert_eq!(c.packets.len(), 2);
}

#[test]
fn gzip_inside_zip_is_unpacked() {
    let archive = zip(&[("day1.csv", &gzip(csv_text().as_bytes()))]);
    assert_eq!(read_ok(&archive).packets.len(), 2);
}

#[test]
fn zip_without_csv_lists_what_it_holds() {
    let err = read_err(&zip(&[("notes.txt", b"hello"), ("cap.pcapng", b"x")]), "cap.zip");
    assert!(matches!(err, CaptureError::ZipWithoutCsv { .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["cap.zip", "`notes.txt`, `cap.pcapng`", "Export Packet Dissections"]);
    let err = read_err(&zip(&[("[Content_Types].xml", b"<x/>"), ("xl/workbook.xml", b"<x/>")]), "book.xlsx");
    assert_mentions(&err.to_string(), &["Excel workbook", "CSV"]);
    let err = read_err(&zip(&[]), "empty.zip");
    assert_mentions(&err.to_string(), &["holds: nothing"]);
}

#[test]
fn zip_with_several_csvs_names_them() {
    let text = csv_text();
    let err = read_err(&zip(&[("a.csv", text.as_bytes()), ("b/c.CSV", text.as_bytes())]), "two.zip");
    assert!(matches!(err, CaptureError::ZipManyCsv { .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["two.zip", "`a.csv`, `b/c.CSV`"]);
}

#[test]
fn error_messages_inside_a_zip_name_the_member() {
    let err = read_err(&zip(&[("day1.csv", b"a,b\n1,2\n")]), "cap.zip");
    assert_mentions(&err.to_string(), &["cap.zip › day1.csv", "`Time`"]);
}

#[test]
fn pcap_and_pcapng_are_dissected_not_rejected_as_csv() {
    // Headers cut short: the pcap reader (not the CSV path) reports them, with a byte offset.
    for magic in [
        &[0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0][..],
        &[0xA1, 0xB2, 0x3C, 0x4D, 0, 2, 0, 4][..],
        &[0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0, 0, 0][..],
    ] {
        let err = read_err(magic, "trace.csv");
        assert!(matches!(err, CaptureError::PacketCaptureFile { .. }), "{err:?}");
        assert_mentions(&err.to_string(), &["trace.csv", "byte offset"]);
    }
}

#[test]
fn other_compressions_are_named() {
    let err = read_err(b"\xFD7zXZ\x00\x00\x04", "cap.csv.xz");
    assert_mentions(&err.to_string(), &["xz", ".csv.gz or .zip"]);
    assert_mentions(&read_err(b"BZh91AY&SY", "cap.bz2").to_string(), &["bzip2"]);
}

#[test]
fn damaged_gzip_and_zip_are_errors() {
    let mut gz = gzip(csv_text().as_bytes());
    gz.truncate(gz.len() / 2);
    assert!(matches!(read_err(&gz, "cut.csv.gz"), CaptureError::Gzip { .. }));
    let mut archive = zip(&[("a.csv", csv_text().as_bytes())]);
    archive.truncate(archive.len() - 30);
    let err = read_err(&archive, "cut.zip");
    assert!(matches!(err, CaptureError::Zip { .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["cut.zip", "truncated or damaged"]);
}

#[test]
fn utf16_text_gets_a_save_as_hint() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(csv_text().encode_utf16().flat_map(u16::to_le_bytes));
    assert_mentions(&read_err(&bytes, "excel.csv").to_string(), &["UTF-16", "CSV UTF-8"]);
}

/// `members` concatenated gzip members of `chunk` (a multi-member gzip, as `cat a.gz b.gz` makes).
fn gzip_members(chunk: &[u8], members: usize) -> Vec<u8> {
    gzip(chunk).repeat(members)
}

#[test]
fn zip_and_gzip_bombs_stop_early_at_the_ratio_limit() {
    use anomalyze::capture::{MAX_COMPRESSION_RATIO, RATIO_FREE_BYTES};
    // 64 MiB of zeros from ~65 KB of gzip (64 members of 1 MiB, ~1000:1): bombs were decompressed whole
    // (up to the 2 GiB cap) before any check. It must stop at max(16 MiB, 200 × compressed size).
    let bomb = gzip_members(&vec![0u8; 1 << 20], 64);
    let limit = RATIO_FREE_BYTES.max(MAX_COMPRESSION_RATIO * bomb.len() as u64);
    assert!(limit == RATIO_FREE_BYTES && bomb.len() < 100_000, "limit {limit}, bomb {}", bomb.len());
    match read_err(&bomb, "bomb.csv.gz") {
        CaptureError::TooLarge { compressed_bytes, limit_bytes, declared_bytes, .. } => {
            assert_eq!((compressed_bytes, limit_bytes, declared_bytes), (bomb.len() as u64, limit, None));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    let message = read_err(&bomb, "bomb.csv.gz").to_string();
    assert_mentions(&message, &["bomb.csv.gz", "more than", "stopped", "decompress it yourself"]);

    // A zip member whose declared size is beyond the limit is refused before it is decompressed.
    let member = vec![b'x'; 40 << 20];
    let archive = zip(&[("big.csv", &member)]);
    match read_err(&archive, "big.zip") {
        CaptureError::TooLarge { declared_bytes, limit_bytes, .. } => {
            assert_eq!((declared_bytes, limit_bytes), (Some(40 << 20), RATIO_FREE_BYTES));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // The same bomb inside a zip counts against the zip's size, not the inner gzip's.
    let nested = zip(&[("bomb.csv.gz", &bomb)]);
    assert!(matches!(read_err(&nested, "nested.zip"), CaptureError::TooLarge { .. }));
}

#[test]
fn truncated_gzip_is_reported_truncated_not_too_large() {
    // A cut gzip ends in deflate data, not in its size trailer: that must not be read as a huge size.
    let mut gz = gzip(csv_text().repeat(200).as_bytes());
    gz.truncate(gz.len() / 2);
    let err = read_err(&gz, "cut.csv.gz");
    assert!(matches!(err, CaptureError::Gzip { .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["cut.csv.gz", "truncated"]);
    gz.extend([0xFF; 4]);
    assert!(matches!(read_err(&gz, "cut.csv.gz"), CaptureError::Gzip { .. }));
    // Text below the ratio-free size still reads, even when it compresses 400:1 (one repeated row).
    let repetitive = format!("{HEADER}\n{}", "1,0.0,a,b,TCP,60,x\n".repeat(200_000));
    let c = read_ok(&gzip(repetitive.as_bytes()));
    assert_eq!(c.packets.len(), 200_000);
}

#[test]
fn gzip_with_trailing_zeros_or_garbage_reads_as_gzip_reads_it() {
    // gzip(1) ignores bytes after the last member that are not another member ("trailing garbage
    // ignored"); tape and disk copies pad with zeros. Such files were refused as damaged.
    for tail in [&[0u8; 512][..], b"garbage\n", b"\x1F"] {
        let mut gz = gzip(csv_text().as_bytes());
        gz.extend_from_slice(tail);
        assert_eq!(read_ok(&gz).packets.len(), 2, "tail {:?}", &tail[..tail.len().min(8)]);
    }
    // Two members are one text; a cut second member is still an error.
    let text = csv_text();
    let (head, rest) = text.split_at(text.len() / 2);
    let two = [gzip(head.as_bytes()), gzip(rest.as_bytes())].concat();
    assert_eq!(read_ok(&two).packets.len(), 2);
    let cut = &two[..two.len() - 10];
    let err = read_err(cut, "cut.csv.gz");
    assert!(matches!(err, CaptureError::Gzip { .. }), "{err:?}");
    assert_mentions(&err.to_string(), &["truncated"]);
}
