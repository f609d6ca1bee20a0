//! Container detection by magic bytes: gzip and zip are unpacked, plain text passes through.
//!
//! Input: the bytes of a file and its name. Output: the bytes of the CSV text inside, and the name to use in
//! messages (`archive.zip › member.csv`). pcap/pcapng bytes pass through
//! unchanged (the caller dissects them). Rejects: capture formats other than pcap/pcapng (Sun snoop,
//! NetMon, Sniffer…: named, with the editcap command that converts them), other compressions, damaged archives, zips
//! without exactly one CSV, UTF-16 text and binary data, and decompression bombs: output beyond
//! [`RATIO_FREE_BYTES`](super::RATIO_FREE_BYTES) may be at most [`MAX_COMPRESSION_RATIO`](super::MAX_COMPRESSION_RATIO) times the file's size (and at most
//! [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES)); decompression stops as soon as it passes that, and a zip member declaring more
//! is refused before it is decompressed.

use std::borrow::Cow;
use std::io::Cursor;

use super::budget::{io_detail, Budget, ReadFailure};
use super::error::{excerpt, excerpt_bare, CaptureError};

/// How many bytes at the start are checked for binary content.
const SNIFF_BYTES: usize = 1024;

/// Nested containers (a zip in a gzip, …) are followed this deep.
const MAX_DEPTH: usize = 3;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Gzip,
    Zip,
    PacketCapture(&'static str),
    OtherCapture(&'static str),
    Compressed(&'static str),
    Utf16,
    Text,
}

fn sniff(bytes: &[u8]) -> Kind {
    const MAGICS: &[(&[u8], Kind)] = &[
        (&[0x1F, 0x8B], Kind::Gzip),
        (b"PK\x03\x04", Kind::Zip),
        (b"PK\x05\x06", Kind::Zip),
        (b"PK\x07\x08", Kind::Zip),
        (&[0xD4, 0xC3, 0xB2, 0xA1], Kind::PacketCapture("pcap")),
        (&[0xA1, 0xB2, 0xC3, 0xD4], Kind::PacketCapture("pcap")),
        (&[0x4D, 0x3C, 0xB2, 0xA1], Kind::PacketCapture("pcap")),
        (&[0xA1, 0xB2, 0x3C, 0x4D], Kind::PacketCapture("pcap")),
        (&[0x34, 0xCD, 0xB2, 0xA1], Kind::PacketCapture("pcap")),
        (&[0xA1, 0xB2, 0xCD, 0x34], Kind::PacketCapture("pcap")),
        (&[0x0A, 0x0D, 0x0D, 0x0A], Kind::PacketCapture("pcapng")),
        (&[0xFD, b'7', b'z', b'X', b'Z', 0x00], Kind::Compressed("xz")),
        (b"BZh", Kind::Compressed("bzip2")),
        (&[0x28, 0xB5, 0x2F, 0xFD], Kind::Compressed("zstd")),
        (&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C], Kind::Compressed("7-Zip")),
        (b"Rar!\x1A\x07", Kind::Compressed("RAR")),
        (&[0xFF, 0xFE], Kind::Utf16),
        (&[0xFE, 0xFF], Kind::Utf16),
    ];
    let known = MAGICS.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|&(_, kind)| kind);
    known.or_else(|| other_capture(bytes).map(Kind::OtherCapture)).unwrap_or(Kind::Text)
}

/// Capture formats Wireshark reads (and `editcap -F` writes) that are not pcap or pcapng, by their magic.
/// All of them hold binary fields right after it, so a text file starting with the same letters (a CSV
/// whose first column is called "snoop"…) is not mistaken for one: a NUL byte must follow in the first 64.
fn other_capture(bytes: &[u8]) -> Option<&'static str> {
    const FORMATS: &[(&[u8], &str)] = &[
        (b"snoop\0\0\0", "Sun snoop"),
        (b"RTSS", "Microsoft Network Monitor 1.x"),
        (b"GMBU", "Microsoft Network Monitor 2.x"),
        (b"XCP\0", "NetXRay / Windows Sniffer"),
        (b"TRSNIFF data    \x1a", "Sniffer (DOS)"),
        (b"ObserverPktBufferVersion=", "Viavi Observer"),
        (b"btsnoop\0", "Symbian OS btsnoop"),
        (b"\x05VNF", "Visual Networks"),
        (b"\x01\x10\x4c\x00\x01\x05", "Novell LANalyzer"),
        (b"TR\x00\x64\x00", "HP-UX nettl"),
        (&[0xAA, 0xAA, 0xAA, 0xAA], "InfoVista 5View"),
    ];
    let binary_follows = bytes.iter().take(64).any(|&b| b == 0);
    FORMATS.iter().find(|(magic, _)| binary_follows && bytes.starts_with(magic)).map(|&(_, name)| name)
}

/// Unpacks containers until plain text is reached; returns the text bytes (BOM removed) and the message name.
pub(crate) fn open_text<'a>(bytes: &'a [u8], name: &str) -> Result<(Cow<'a, [u8]>, String), CaptureError> {
    let mut file = if name.trim().is_empty() { "the input".to_string() } else { name.to_string() };
    let mut data: Cow<'a, [u8]> = Cow::Borrowed(bytes);
    let budget = Budget::for_file(bytes.len() as u64);
    for _ in 0..MAX_DEPTH {
        match sniff(&data) {
            Kind::Text => {
                check_text(&data, &file)?;
                let data = strip_bom(data);
                return Ok((data, file));
            }
            Kind::Gzip => data = Cow::Owned(gunzip(&data, &file, budget)?),
            Kind::Zip => {
                let (member, text) = unzip(&data, &file, budget)?;
                file = format!("{file} › {}", excerpt_bare(member.as_bytes()));
                data = Cow::Owned(text);
            }
            // Passed through: `read_capture` dissects pcap/pcapng bytes itself.
            Kind::PacketCapture(_) => return Ok((data, file)),
            Kind::OtherCapture(format) => return Err(CaptureError::OtherCaptureFormat { file, format }),
            Kind::Compressed(format) => return Err(CaptureError::UnsupportedCompression { file, format }),
            Kind::Utf16 => {
                let evidence = "it starts with a UTF-16 byte-order mark";
                return Err(CaptureError::Utf16 { file, evidence });
            }
        }
    }
    Err(CaptureError::UnsupportedCompression { file, format: "more than three nested archives" })
}

fn strip_bom(data: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    match data {
        Cow::Borrowed(b) => Cow::Borrowed(b.strip_prefix(BOM).unwrap_or(b)),
        Cow::Owned(mut v) => {
            if v.starts_with(BOM) {
                v.drain(..BOM.len());
            }
            Cow::Owned(v)
        }
    }
}

/// Rejects data whose first KiB holds a NUL byte or more than 10 % control bytes; UTF-16 without a
/// byte-order mark is recognised by its NUL lane (see [`looks_like_utf16`]).
fn check_text(data: &[u8], file: &str) -> Result<(), CaptureError> {
    let head = &data[..data.len().min(SNIFF_BYTES)];
    let is_control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F;
    let nul_at = head.iter().position(|&b| b == 0);
    if let Some(offset) = nul_at {
        if looks_like_utf16(head) {
            return Err(CaptureError::Utf16 { file: file.to_string(), evidence: "every other byte is NUL" });
        }
        return Err(CaptureError::Binary { file: file.to_string(), offset: offset as u64, byte: 0 });
    }
    let controls = head.iter().filter(|&&b| is_control(b)).count();
    if controls * 10 > head.len() {
        let offset = head.iter().position(|&b| is_control(b)).unwrap_or(0);
        let byte = head.get(offset).copied().unwrap_or(0);
        return Err(CaptureError::Binary { file: file.to_string(), offset: offset as u64, byte });
    }
    Ok(())
}

/// UTF-16 text of a mostly-ASCII CSV: one byte lane (odd bytes: little-endian, even: big-endian) is at
/// least half NUL, the other lane at most 5 % NUL, and the text lane holds a separator or a line break.
/// A run of NUL bytes (both lanes NUL) is binary data, not UTF-16.
fn looks_like_utf16(head: &[u8]) -> bool {
    if head.len() < 8 {
        return false;
    }
    let lane = |parity: usize| head.iter().skip(parity).step_by(2);
    let nuls = |parity: usize| lane(parity).filter(|&&b| b == 0).count();
    let lane_len = head.len() / 2;
    let (zero_lane, text_lane) = if nuls(1) >= nuls(0) { (1, 0) } else { (0, 1) };
    nuls(zero_lane) * 2 >= lane_len
        && nuls(text_lane) * 20 <= lane_len
        && lane(text_lane).any(|b| matches!(b, b',' | b';' | b'\t' | b'\n' | b'\r'))
}

fn gunzip(bytes: &[u8], file: &str, budget: Budget) -> Result<Vec<u8>, CaptureError> {
    let gzip_error = |e: &std::io::Error| CaptureError::Gzip { file: file.to_string(), detail: io_detail(e) };
    // The last member's trailer holds its size modulo 2^32 — garbage when the file is cut — so it only
    // sizes the first allocation (at most 16 × the compressed size and the budget), never a decision.
    let trailer_size = bytes
        .len()
        .checked_sub(4)
        .and_then(|at| bytes.get(at..))
        .map_or(0, |t| u32::from_le_bytes([t[0], t[1], t[2], t[3]]) as u64);
    let hint = trailer_size.min(bytes.len() as u64 * 16).min(budget.limit_bytes).min(64 << 20);
    let mut out = Vec::with_capacity(hint as usize);
    let mut rest = bytes;
    // Member by member, as gzip(1) does: bytes after a member that do not start another one are trailing
    // garbage (zero padding of tape and disk copies) and are ignored.
    while rest.starts_with(&[0x1F, 0x8B]) {
        let mut member = flate2::bufread::GzDecoder::new(rest);
        let left = budget.limit_bytes.saturating_sub(out.len() as u64);
        match budget.read_into(&mut member, left, &mut out, file) {
            Ok(()) => {}
            Err(ReadFailure::Io(e)) => return Err(gzip_error(&e)),
            Err(ReadFailure::Fatal(e)) => return Err(e),
        }
        let remaining = member.into_inner();
        if remaining.len() == rest.len() {
            break; // nothing consumed: not a member after all
        }
        rest = remaining;
    }
    if out.is_empty() {
        return Err(CaptureError::Empty { file: file.to_string() });
    }
    Ok(out)
}

/// Whether a zip member is metadata a user did not mean to include (macOS resource forks, folders).
fn is_ignored_member(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.ends_with('/') || name.starts_with("__MACOSX/") || base.starts_with("._") || base == ".DS_Store"
}

fn unzip(bytes: &[u8], file: &str, budget: Budget) -> Result<(String, Vec<u8>), CaptureError> {
    let zip_error = |e: &dyn std::fmt::Display| CaptureError::Zip {
        file: file.to_string(),
        detail: excerpt_bare(e.to_string().as_bytes()),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
    let names: Vec<String> =
        archive.file_names_raw().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
    let members: Vec<(usize, &String)> =
        names.iter().enumerate().filter(|(_, n)| !is_ignored_member(n)).collect();
    let csvs: Vec<(usize, &String)> = members.iter().copied().filter(|(_, n)| is_csv_name(n)).collect();
    match csvs.as_slice() {
        [] => Err(CaptureError::ZipWithoutCsv {
            file: file.to_string(),
            entries: if members.is_empty() { "nothing".to_string() } else { join_names(&members) },
            hint: zip_hint(&members),
        }),
        [(index, name)] => {
            let member = archive.by_index(*index).map_err(|e| zip_error(&e))?;
            if member.size() > budget.limit_bytes {
                return Err(budget.too_large(file, Some(member.size())));
            }
            // The declared size may lie: the read is bounded by the budget all the same.
            let hint = member.size().min(member.compressed_size().saturating_mul(1100));
            let text = budget.read(member, hint, file).map_err(|f| match f {
                ReadFailure::Io(e) => zip_error(&io_detail(&e)),
                ReadFailure::Fatal(e) => e,
            })?;
            Ok(((*name).clone(), text))
        }
        many => Err(CaptureError::ZipManyCsv { file: file.to_string(), names: join_names(many) }),
    }
}

/// `.csv` or `.csv.gz`, any case.
fn is_csv_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".csv.gz")
}

fn join_names(names: &[(usize, &String)]) -> String {
    const SHOWN: usize = 10;
    let mut out: Vec<String> = names.iter().take(SHOWN).map(|(_, n)| excerpt(n.as_bytes())).collect();
    if names.len() > SHOWN {
        out.push(format!("and {} more", names.len() - SHOWN));
    }
    out.join(", ")
}

fn zip_hint(members: &[(usize, &String)]) -> &'static str {
    let lower: Vec<String> = members.iter().map(|(_, n)| n.to_ascii_lowercase()).collect();
    if lower.iter().any(|n| n == "[content_types].xml" || n.starts_with("xl/")) {
        "This looks like an Excel workbook: open it and save the sheet as “CSV UTF-8”."
    } else if lower.iter().any(|n| n.ends_with(".pcap") || n.ends_with(".pcapng")) {
        "It holds a pcap capture: open that in Wireshark and use File › Export Packet Dissections › As CSV…."
    } else {
        "Put the Wireshark CSV export (File › Export Packet Dissections › As CSV…) in the zip."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_magic_bytes_not_names() {
        assert_eq!(sniff(b"\x1F\x8B\x08\x00"), Kind::Gzip);
        assert_eq!(sniff(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(sniff(&[0x0A, 0x0D, 0x0D, 0x0A, 1]), Kind::PacketCapture("pcapng"));
        assert_eq!(sniff(&[0xD4, 0xC3, 0xB2, 0xA1]), Kind::PacketCapture("pcap"));
        assert_eq!(sniff(b"No.,Time"), Kind::Text);
        assert_eq!(sniff(b"snoop\0\0\0\0\0\0\x02"), Kind::OtherCapture("Sun snoop"));
        assert_eq!(sniff(b"GMBU\0\x02\x01\0"), Kind::OtherCapture("Microsoft Network Monitor 2.x"));
        // The same letters in a text file are text.
        assert_eq!(sniff(b"GMBU,Time,Source\n1,2,3\n"), Kind::Text);
        assert_eq!(sniff(&[0x34, 0xCD, 0xB2, 0xA1, 2, 0]), Kind::PacketCapture("pcap"));
        assert_eq!(sniff(b""), Kind::Text);
    }

    #[test]
    fn names_the_offset_of_the_first_nul() {
        let mut data = b"No.,Time,Source\n1,2,3".to_vec();
        data[7] = 0;
        match check_text(&data, "f.csv") {
            Err(CaptureError::Binary { offset, byte, .. }) => assert_eq!((offset, byte), (7, 0)),
            other => panic!("expected a binary error, got {other:?}"),
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let data: Vec<u8> =
            "No.,Time,Source,Destination".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(matches!(check_text(&data, "f"), Err(CaptureError::Utf16 { .. })));
    }

    #[test]
    fn nul_runs_are_not_utf16() {
        assert!(!looks_like_utf16(&[0; 64]));
        let mut padded = "No.,Time".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        padded.extend([0; 32]);
        assert!(!looks_like_utf16(&padded), "NULs in both lanes");
    }

    #[test]
    fn ignores_macos_metadata_members() {
        assert!(is_ignored_member("__MACOSX/._combined.csv"));
        assert!(is_ignored_member("dir/._x.csv"));
        assert!(is_ignored_member("dir/"));
        assert!(!is_ignored_member("dir/combined.csv"));
    }
}
