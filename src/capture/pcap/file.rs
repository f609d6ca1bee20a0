//! The pcap and pcapng containers → frames (link type, timestamp, captured bytes, original length).
//!
//! Input: the bytes of a classic pcap (either byte order, µs or ns) or a pcapng (several sections and
//! interfaces, `if_tsresol`/`if_tsoffset`, enhanced and simple packet blocks), parsed with `pcap-parser`.
//! Output: [`Frame`]s in file order. Rejects (with the byte offset): a bad magic or version, a truncated
//! file header, snap length 0, absurd record/block lengths, unknown interfaces. A truncated final record is
//! not an error: [`Frames::truncated_tail`] says where it starts and the frames before it are kept.

use pcap_parser::pcapng::{Block, InterfaceDescriptionBlock};
use pcap_parser::{Linktype, PcapError};

/// Largest captured length accepted for one frame (Wireshark's own limit is 256 KiB).
pub const MAX_FRAME_BYTES: u32 = 256 * 1024;

/// Largest pcapng block accepted (a frame plus generous options).
const MAX_BLOCK_BYTES: u32 = 16 * 1024 * 1024;

/// One captured frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The link-layer header type (LINKTYPE_*).
    pub linktype: i32,
    /// Timestamp in nanoseconds since the epoch (`None` for pcapng simple packet blocks, which have none).
    pub time_ns: Option<i128>,
    /// The captured bytes (possibly cut by the snap length).
    pub data: &'a [u8],
    /// Length of the frame on the wire, in bytes.
    pub original_length_bytes: u32,
}

/// A fatal problem with the container, at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    /// 0-based byte offset where the problem starts.
    pub offset: u64,
    /// What is wrong, in words a user can act on.
    pub problem: String,
}

/// Where the file ends in the middle of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct TruncatedTail {
    /// 0-based byte offset of the truncated record.
    pub offset: u64,
    /// What was expected there.
    pub problem: String,
}

fn fail<T>(offset: usize, problem: impl Into<String>) -> Result<T, FileError> {
    Err(FileError { offset: offset as u64, problem: problem.into() })
}

/// Whether `bytes` start with a pcap or pcapng magic number.
pub fn is_packet_capture(bytes: &[u8]) -> bool {
    const MAGICS: [[u8; 4]; 5] = [
        [0xD4, 0xC3, 0xB2, 0xA1],
        [0xA1, 0xB2, 0xC3, 0xD4],
        [0x4D, 0x3C, 0xB2, 0xA1],
        [0xA1, 0xB2, 0x3C, 0x4D],
        [0x0A, 0x0D, 0x0D, 0x0A],
    ];
    MAGICS.iter().any(|m| bytes.starts_with(m))
}

/// All frames of a capture file, or the first fatal error.
#[derive(Debug, Default)]
pub struct Frames<'a> {
    /// Frames in file order.
    pub frames: Vec<Frame<'a>>,
    /// Set when the file ends inside a record.
    pub truncated_tail: Option<TruncatedTail>,
    /// "pcap" or "pcapng".
    pub format: &'static str,
}

/// Splits a capture file into frames.
pub fn read_frames(bytes: &[u8]) -> Result<Frames<'_>, FileError> {
    if bytes.starts_with(&[0x0A, 0x0D, 0x0D, 0x0A]) {
        read_pcapng(bytes)
    } else {
        read_pcap(bytes)
    }
}

fn read_pcap(bytes: &[u8]) -> Result<Frames<'_>, FileError> {
    if bytes.len() < 24 {
        return fail(0, format!("the pcap file header needs 24 bytes but the file has {}", bytes.len()));
    }
    let header = match pcap_parser::parse_pcap_header(bytes) {
        Ok((_, h)) => h,
        Err(_) => return fail(0, "the pcap file header is not valid (bad magic number)"),
    };
    if header.version_major != 2 {
        return fail(
            4,
            format!(
                "pcap version {}.{} is not supported (2.4 is)",
                header.version_major, header.version_minor
            ),
        );
    }
    if header.snaplen == 0 {
        return fail(16, "the pcap file header gives a snap length of 0, so no packet can hold data");
    }
    let big_endian = header.is_bigendian();
    let frac_ns: i128 = if header.is_nanosecond_precision() { 1 } else { 1000 };
    let linktype = header.network.0;
    let mut out = Frames { format: "pcap", ..Frames::default() };
    let mut at = 24;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let number = out.frames.len() + 1;
        if rest.len() < 16 {
            out.truncated_tail = Some(TruncatedTail {
                offset: at as u64,
                problem: format!(
                    "the record header of frame {number} needs 16 bytes, the file ends after {}",
                    rest.len()
                ),
            });
            break;
        }
        let word = |i: usize| {
            let b = [rest[i], rest[i + 1], rest[i + 2], rest[i + 3]];
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        let caplen = word(8);
        if caplen > MAX_FRAME_BYTES.max(header.snaplen) {
            return fail(at + 8, format!("frame {number} claims a captured length of {caplen} bytes, more than the {} allowed: the file is damaged", MAX_FRAME_BYTES.max(header.snaplen)));
        }
        let parsed = if big_endian {
            pcap_parser::parse_pcap_frame_be(rest)
        } else {
            pcap_parser::parse_pcap_frame(rest)
        };
        match parsed {
            Ok((remaining, block)) => {
                let time_ns = block.ts_sec as i128 * 1_000_000_000 + block.ts_usec as i128 * frac_ns;
                out.frames.push(Frame {
                    linktype,
                    time_ns: Some(time_ns),
                    data: block.data,
                    original_length_bytes: block.origlen.max(block.caplen),
                });
                at = bytes.len() - remaining.len();
            }
            Err(_) => {
                out.truncated_tail = Some(TruncatedTail {
                    offset: at as u64,
                    problem: format!(
                        "frame {number} needs {} bytes of data, the file ends after {}",
                        caplen,
                        rest.len() - 16
                    ),
                });
                break;
            }
        }
    }
    Ok(out)
}

/// An interface of the current pcapng section.
#[derive(Debug, Clone, Copy)]
struct Interface {
    linktype: Linktype,
    /// `if_tsresol`: 10^-n s units, or 2^-n s when the top bit is set.
    resolution: u8,
    offset_s: i64,
}

impl Interface {
    fn of(idb: &InterfaceDescriptionBlock<'_>) -> Interface {
        Interface { linktype: idb.linktype, resolution: idb.if_tsresol, offset_s: idb.if_tsoffset }
    }

    fn time_ns(&self, high: u32, low: u32) -> i128 {
        let units = ((high as u64) << 32 | low as u64) as i128;
        let offset_ns = self.offset_s as i128 * 1_000_000_000;
        let exponent = (self.resolution & 0x7F) as u32;
        if self.resolution & 0x80 == 0 {
            let ns = if exponent <= 9 {
                units * 10i128.pow(9 - exponent)
            } else {
                units / 10i128.pow((exponent - 9).min(30))
            };
            ns + offset_ns
        } else {
            let seconds = units as f64 / 2f64.powi(exponent.min(127) as i32);
            (seconds * 1e9) as i128 + offset_ns
        }
    }
}

fn read_pcapng(bytes: &[u8]) -> Result<Frames<'_>, FileError> {
    let mut out = Frames { format: "pcapng", ..Frames::default() };
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut big_endian = false;
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.len() < 12 {
            out.truncated_tail = Some(TruncatedTail {
                offset: at as u64,
                problem: format!("a block header needs 12 bytes, the file ends after {}", rest.len()),
            });
            break;
        }
        let is_shb = rest.starts_with(&[0x0A, 0x0D, 0x0D, 0x0A]);
        if is_shb {
            big_endian = match &rest[8..12] {
                [0x1A, 0x2B, 0x3C, 0x4D] => true,
                [0x4D, 0x3C, 0x2B, 0x1A] => false,
                _ => {
                    return fail(
                        at + 8,
                        "the section header's byte-order magic is neither 1A2B3C4D nor 4D3C2B1A",
                    )
                }
            };
            interfaces.clear();
        } else if at == 0 {
            return fail(0, "a pcapng file must start with a section header block");
        }
        let len_bytes = [rest[4], rest[5], rest[6], rest[7]];
        let block_len =
            if big_endian { u32::from_be_bytes(len_bytes) } else { u32::from_le_bytes(len_bytes) };
        if block_len < 12 || block_len % 4 != 0 || block_len > MAX_BLOCK_BYTES {
            return fail(at + 4, format!("a block claims a length of {block_len} bytes (it must be a multiple of 4 between 12 and {MAX_BLOCK_BYTES}): the file is damaged"));
        }
        if block_len as usize > rest.len() {
            out.truncated_tail = Some(TruncatedTail {
                offset: at as u64,
                problem: format!("a block of {block_len} bytes, the file ends after {}", rest.len()),
            });
            break;
        }
        let parsed = if big_endian {
            pcap_parser::pcapng::parse_block_be(rest)
        } else {
            pcap_parser::pcapng::parse_block_le(rest)
        };
        let (remaining, block) = match parsed {
            Ok(ok) => ok,
            Err(nom_error) => return fail(at, describe(&nom_error)),
        };
        match block {
            Block::InterfaceDescription(idb) => interfaces.push(Interface::of(&idb)),
            Block::EnhancedPacket(epb) => {
                let Some(interface) = interfaces.get(epb.if_id as usize) else {
                    return fail(
                        at + 8,
                        format!(
                            "a packet block names interface {} but the section describes {} interface(s)",
                            epb.if_id,
                            interfaces.len()
                        ),
                    );
                };
                if epb.caplen > MAX_FRAME_BYTES {
                    return fail(at + 20, format!("a packet claims a captured length of {} bytes, more than the {MAX_FRAME_BYTES} allowed", epb.caplen));
                }
                out.frames.push(Frame {
                    linktype: interface.linktype.0,
                    time_ns: Some(interface.time_ns(epb.ts_high, epb.ts_low)),
                    data: epb.data,
                    original_length_bytes: epb.origlen.max(epb.caplen),
                });
            }
            Block::SimplePacket(spb) => {
                let Some(interface) = interfaces.first() else {
                    return fail(at, "a simple packet block comes before any interface description");
                };
                // The block's data is padded to 4 bytes: only the original length is the frame.
                let captured = spb.data.len().min(spb.origlen as usize);
                out.frames.push(Frame {
                    linktype: interface.linktype.0,
                    time_ns: None,
                    data: &spb.data[..captured],
                    original_length_bytes: spb.origlen,
                });
            }
            _ => {}
        }
        at = bytes.len() - remaining.len();
    }
    Ok(out)
}

fn describe(error: &nom::Err<PcapError<&[u8]>>) -> String {
    match error {
        nom::Err::Incomplete(_) => "the block ends before its declared length".to_string(),
        nom::Err::Error(e) | nom::Err::Failure(e) => format!("the block cannot be parsed ({e})"),
    }
}
