//! The classic pcap file header, and which of the pcap record layouts the file uses.
//!
//! Input: the first bytes of a classic pcap file (at least its 24-byte header, ideally the first few
//! records too). Output: a [`ClassicHeader`] — byte order, timestamp unit, link type, snap length, and the
//! size of each record's header. Besides the standard layout (16-byte record headers, magic A1B2C3D4 or
//! A1B2C34D for nanoseconds, in either byte order), Wireshark's `editcap -F` still writes four old tcpdump
//! variants that keep the standard fields first and append their own:
//!
//! | variant (editcap name)        | magic    | record header |
//! |-------------------------------|----------|---------------|
//! | Kuznetsov's modified (`modpcap`) | A1B2CD34 | 24 bytes   |
//! | SuSE 6.3 (`suse6_3pcap`)      | A1B2CD34 | 28 bytes      |
//! | Red Hat 6.1 (`rh6_1pcap`)     | A1B2C3D4 | 24 bytes      |
//! | Nokia (`nokiapcap`)           | A1B2C3D4 | 20 bytes      |
//!
//! The variants that share a magic cannot be told apart by the header, so — as Wireshark's libpcap reader
//! does — each layout is tried on the first records in the window, and the first whose records all look
//! sane wins (the standard layout is tried first, so ordinary files never change). Rejects: a magic that
//! is none of these, a major version other than 2, a snap length of 0.

/// Records checked per candidate layout.
const PROBE_RECORDS: usize = 4;

/// Bytes the probe would like to see before deciding (fewer are used at the end of the file).
pub const PROBE_BYTES: usize = 64 * 1024;

/// The decoded file header and the record layout chosen for the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassicHeader {
    /// Multi-byte fields are big-endian.
    pub big_endian: bool,
    /// Nanoseconds per unit of the records' fractional timestamp (1000 for µs, 1 for ns).
    pub frac_ns: i128,
    /// LINKTYPE_* of every record.
    pub linktype: i32,
    /// The snap length of the file header.
    pub snaplen: u32,
    /// Bytes of each record's header before its data (16 for standard pcap).
    pub record_header: usize,
    /// The layout's name, for messages ("pcap", "modified pcap", …).
    pub variant: &'static str,
}

/// Whether the 4 bytes are a classic pcap magic (any byte order, µs, ns or the modified magic).
pub fn is_classic_magic(bytes: &[u8]) -> bool {
    magic(bytes).is_some()
}

/// (big-endian, nanosecond, modified) for a classic pcap magic.
fn magic(bytes: &[u8]) -> Option<(bool, bool, bool)> {
    match bytes.get(..4)? {
        [0xD4, 0xC3, 0xB2, 0xA1] => Some((false, false, false)),
        [0xA1, 0xB2, 0xC3, 0xD4] => Some((true, false, false)),
        [0x4D, 0x3C, 0xB2, 0xA1] => Some((false, true, false)),
        [0xA1, 0xB2, 0x3C, 0x4D] => Some((true, true, false)),
        [0x34, 0xCD, 0xB2, 0xA1] => Some((false, false, true)),
        [0xA1, 0xB2, 0xCD, 0x34] => Some((true, false, true)),
        _ => None,
    }
}

fn read_u32(bytes: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
}

/// The standard record header fields at the start of `record`: (seconds, fraction, captured, original).
pub fn record_fields(record: &[u8], big_endian: bool) -> Option<(u32, u32, u32, u32)> {
    Some((
        read_u32(record, 0, big_endian)?,
        read_u32(record, 4, big_endian)?,
        read_u32(record, 8, big_endian)?,
        read_u32(record, 12, big_endian)?,
    ))
}

/// Decodes the file header at the start of `window` (≥ 24 bytes) and picks the record layout from the
/// records that follow it in `window`. `max_frame`: the largest captured length accepted. Errors are
/// (byte offset, problem).
pub fn read_header(window: &[u8], max_frame: u32) -> Result<ClassicHeader, (u64, String)> {
    let Some((big_endian, nanoseconds, modified)) = magic(window) else {
        return Err((0, "the pcap file header is not valid (bad magic number)".to_string()));
    };
    let field16 = |at: usize| {
        let b = [window[at], window[at + 1]];
        if big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        }
    };
    let (major, minor) = (field16(4), field16(6));
    if major != 2 {
        return Err((4, format!("pcap version {major}.{minor} is not supported (2.4 is)")));
    }
    let snaplen = read_u32(window, 16, big_endian).unwrap_or(0);
    if snaplen == 0 {
        return Err((16, "the pcap file header gives a snap length of 0, so no packet can hold data".into()));
    }
    let linktype = read_u32(window, 20, big_endian).unwrap_or(0) as i32;
    let candidates: &[(usize, &'static str)] = if modified {
        &[(24, "modified pcap"), (28, "SuSE 6.3 pcap")]
    } else {
        &[(16, "pcap"), (24, "Red Hat 6.1 pcap"), (20, "Nokia pcap")]
    };
    let frac_limit: u32 = if nanoseconds { 1_000_000_000 } else { 1_000_000 };
    let max_caplen = max_frame.max(snaplen);
    // The standard layout is rejected only for impossible values (some writers store a captured length
    // above the original one); a variant must also pass that check to be chosen.
    let fits =
        |i: usize, size: usize| probe(window, size, big_endian, frac_limit, max_caplen, i > 0 || modified);
    let (record_header, variant) = candidates
        .iter()
        .enumerate()
        .find(|&(i, &(size, _))| fits(i, size))
        .map_or(candidates[0], |(_, &c)| c);
    Ok(ClassicHeader {
        big_endian,
        frac_ns: if nanoseconds { 1 } else { 1000 },
        linktype,
        snaplen,
        record_header,
        variant,
    })
}

/// Whether the first records after the file header, read with `size`-byte record headers, are sane: a
/// fraction below one second, a captured length within bounds and not above the original length, and each
/// record ending inside the window (or exactly at its end). A record cut by the window's end is not held
/// against the layout. `strict`: also require captured ≤ original.
fn probe(
    window: &[u8],
    size: usize,
    big_endian: bool,
    frac_limit: u32,
    max_caplen: u32,
    strict: bool,
) -> bool {
    let mut at = 24;
    for _ in 0..PROBE_RECORDS {
        if at == window.len() {
            return true;
        }
        let Some((_, frac, caplen, original)) = window.get(at..).and_then(|r| record_fields(r, big_endian))
        else {
            return true;
        };
        if frac >= frac_limit || caplen > max_caplen || (strict && caplen > original) {
            return false;
        }
        at += size + caplen as usize;
        if at > window.len() {
            return true;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian file header with `magic`, then records of `size`-byte headers holding `lens`.
    fn file(magic: [u8; 4], size: usize, lens: &[u32]) -> Vec<u8> {
        let mut out = magic.to_vec();
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&4u16.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&65535u32.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        for (i, &len) in lens.iter().enumerate() {
            out.extend_from_slice(&(1_700_000_000 + i as u32).to_le_bytes());
            out.extend_from_slice(&(i as u32 * 1000).to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            // The variants' extra fields (interface index, protocol, type…), then the data.
            out.extend(std::iter::repeat_n(0x5A, size - 16));
            out.extend(std::iter::repeat_n(0xFF, len as usize));
        }
        out
    }

    #[test]
    fn picks_each_layout_from_its_records() {
        let std_magic = [0xD4, 0xC3, 0xB2, 0xA1];
        let modified = [0x34, 0xCD, 0xB2, 0xA1];
        for (magic, size, name) in [
            (std_magic, 16, "pcap"),
            (std_magic, 24, "Red Hat 6.1 pcap"),
            (std_magic, 20, "Nokia pcap"),
            (modified, 24, "modified pcap"),
            (modified, 28, "SuSE 6.3 pcap"),
        ] {
            let bytes = file(magic, size, &[42, 60, 1514, 54, 42]);
            let header = read_header(&bytes, 262_144).unwrap();
            assert_eq!((header.record_header, header.variant), (size, name), "{name}");
        }
    }

    #[test]
    fn a_single_standard_record_stays_standard() {
        let bytes = file([0xD4, 0xC3, 0xB2, 0xA1], 16, &[42]);
        assert_eq!(read_header(&bytes, 262_144).unwrap().record_header, 16);
        // Only the header: nothing to probe, the standard layout.
        assert_eq!(read_header(&bytes[..24], 262_144).unwrap().variant, "pcap");
    }

    #[test]
    fn big_endian_modified_magic_is_read() {
        let mut bytes = vec![0xA1, 0xB2, 0xCD, 0x34, 0, 2, 0, 4];
        bytes.extend_from_slice(&[0; 8]);
        bytes.extend_from_slice(&65535u32.to_be_bytes());
        bytes.extend_from_slice(&1u32.to_be_bytes());
        let header = read_header(&bytes, 262_144).unwrap();
        assert!(header.big_endian);
        assert_eq!((header.linktype, header.snaplen, header.record_header), (1, 65535, 24));
    }

    #[test]
    fn rejects_bad_version_and_zero_snaplen() {
        let mut bytes = file([0xD4, 0xC3, 0xB2, 0xA1], 16, &[]);
        bytes[4] = 3;
        assert_eq!(read_header(&bytes, 262_144).unwrap_err().0, 4);
        let mut bytes = file([0xD4, 0xC3, 0xB2, 0xA1], 16, &[]);
        bytes[16..20].copy_from_slice(&[0; 4]);
        assert_eq!(read_header(&bytes, 262_144).unwrap_err().0, 16);
        assert_eq!(read_header(b"not a pcap header at all", 262_144).unwrap_err().0, 0);
    }
}
