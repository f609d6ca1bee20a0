//! The pcap and pcapng containers → frames (link type, timestamp, captured bytes, original length), one
//! record at a time.
//!
//! Input: the bytes of a classic pcap (either byte order, µs or ns) or a pcapng (several sections and
//! interfaces, `if_tsresol`/`if_tsoffset`, enhanced and simple packet blocks), parsed with `pcap-parser`,
//! as a window of bytes that may not hold the whole file ([`FrameParser::next`] asks for more). Output:
//! [`Frame`]s in file order. Rejects (with the byte offset): a bad magic or version, a truncated file
//! header, snap length 0, absurd record/block lengths, unknown interfaces. A truncated final record is not
//! an error: [`Step::Truncated`] says where it starts and the frames before it are kept.

use pcap_parser::pcapng::{Block, InterfaceDescriptionBlock};
use pcap_parser::{Linktype, PcapError};

use super::variants::{self, is_classic_magic, record_fields, ClassicHeader};

/// Largest captured length accepted for one frame (Wireshark's own limit is 256 KiB).
pub const MAX_FRAME_BYTES: u32 = 256 * 1024;

/// Largest pcapng block accepted (a frame plus generous options).
pub const MAX_BLOCK_BYTES: u32 = 16 * 1024 * 1024;

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

fn fail<T>(offset: u64, problem: impl Into<String>) -> Result<T, FileError> {
    Err(FileError { offset, problem: problem.into() })
}

/// Whether `bytes` start with a pcap (any of the layouts of [`variants`](super::variants)) or pcapng magic.
pub fn is_packet_capture(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x0A, 0x0D, 0x0D, 0x0A]) || is_classic_magic(bytes)
}

/// What the parser found at the current position.
#[derive(Debug)]
pub enum Step<'a> {
    /// A frame, and the bytes its record took.
    Frame(Frame<'a>, usize),
    /// A record that holds no frame (file header, interface description, statistics…), its bytes.
    Skip(usize),
    /// The window ends inside a record: at least this many bytes from the current position are needed.
    NeedMore(usize),
    /// The file ends inside a record (only when the caller said it is at the end of the file).
    Truncated(TruncatedTail),
    /// The file ends between records.
    End,
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

#[derive(Debug, Clone)]
enum State {
    /// Nothing read yet.
    Start,
    Pcap(ClassicHeader),
    Pcapng {
        big_endian: bool,
        interfaces: Vec<Interface>,
    },
}

/// The container parser: state carried from record to record (format, byte order, interfaces).
#[derive(Debug, Clone)]
pub struct FrameParser {
    state: State,
    frames: u64,
}

impl Default for FrameParser {
    fn default() -> Self {
        FrameParser { state: State::Start, frames: 0 }
    }
}

impl FrameParser {
    /// "pcapng", or the pcap layout once the file header has been read ("pcap" before).
    pub fn format(&self) -> &'static str {
        match self.state {
            State::Pcapng { .. } => "pcapng",
            State::Pcap(header) => header.variant,
            State::Start => "pcap",
        }
    }

    /// Frames returned so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Parses the record at the start of `rest`, which begins at byte `at` of the file. `at_end`: `rest`
    /// runs to the end of the file (otherwise a record that does not fit asks for more bytes).
    pub fn next<'a>(&mut self, rest: &'a [u8], at: u64, at_end: bool) -> Result<Step<'a>, FileError> {
        match &self.state {
            State::Start if rest.starts_with(&[0x0A, 0x0D, 0x0D, 0x0A]) => {
                self.state = State::Pcapng { big_endian: false, interfaces: Vec::new() };
                self.next_pcapng(rest, at, at_end)
            }
            State::Start => self.pcap_header(rest, at_end),
            State::Pcap { .. } => self.next_pcap(rest, at, at_end),
            State::Pcapng { .. } => self.next_pcapng(rest, at, at_end),
        }
    }

    fn pcap_header<'a>(&mut self, rest: &'a [u8], at_end: bool) -> Result<Step<'a>, FileError> {
        if rest.len() < 24 {
            if !at_end {
                return Ok(Step::NeedMore(24));
            }
            return fail(0, format!("the pcap file header needs 24 bytes but the file has {}", rest.len()));
        }
        // The record layout is chosen from the first records, so look at a few of them first.
        if rest.len() < variants::PROBE_BYTES && !at_end {
            return Ok(Step::NeedMore(variants::PROBE_BYTES));
        }
        let header =
            variants::read_header(rest, MAX_FRAME_BYTES).or_else(|(at, problem)| fail(at, problem))?;
        self.state = State::Pcap(header);
        Ok(Step::Skip(24))
    }

    fn next_pcap<'a>(&mut self, rest: &'a [u8], at: u64, at_end: bool) -> Result<Step<'a>, FileError> {
        let State::Pcap(header) = self.state else {
            return fail(at, "internal error: not in a pcap file");
        };
        let number = self.frames + 1;
        if rest.is_empty() {
            return Ok(if at_end { Step::End } else { Step::NeedMore(1) });
        }
        let head = header.record_header;
        if rest.len() < head {
            if !at_end {
                return Ok(Step::NeedMore(head));
            }
            return Ok(Step::Truncated(TruncatedTail {
                offset: at,
                problem: format!(
                    "the record header of frame {number} needs {head} bytes, the file ends after {}",
                    rest.len()
                ),
            }));
        }
        let Some((seconds, fraction, caplen, original)) = record_fields(rest, header.big_endian) else {
            return fail(at, format!("frame {number}: the record cannot be parsed"));
        };
        let max = MAX_FRAME_BYTES.max(header.snaplen);
        if caplen > max {
            let variant = match header.variant {
                "pcap" => String::new(),
                other => format!(" (read as a {other} file, whose records have {head}-byte headers)"),
            };
            return fail(at + 8, format!("frame {number} claims a captured length of {caplen} bytes, more than the {max} allowed{variant}: the file is damaged"));
        }
        let record_len = head + caplen as usize;
        if rest.len() < record_len {
            if !at_end {
                return Ok(Step::NeedMore(record_len));
            }
            return Ok(Step::Truncated(TruncatedTail {
                offset: at,
                problem: format!(
                    "frame {number} needs {caplen} bytes of data, the file ends after {}",
                    rest.len() - head
                ),
            }));
        }
        self.frames = number;
        let time_ns = seconds as i128 * 1_000_000_000 + fraction as i128 * header.frac_ns;
        let frame = Frame {
            linktype: header.linktype,
            time_ns: Some(time_ns),
            data: &rest[head..record_len],
            original_length_bytes: original.max(caplen),
        };
        Ok(Step::Frame(frame, record_len))
    }

    fn next_pcapng<'a>(&mut self, rest: &'a [u8], at: u64, at_end: bool) -> Result<Step<'a>, FileError> {
        let State::Pcapng { big_endian, interfaces } = &mut self.state else {
            return fail(at, "internal error: not in a pcapng file");
        };
        if rest.is_empty() {
            return Ok(if at_end { Step::End } else { Step::NeedMore(1) });
        }
        if rest.len() < 12 {
            if !at_end {
                return Ok(Step::NeedMore(12));
            }
            return Ok(Step::Truncated(TruncatedTail {
                offset: at,
                problem: format!("a block header needs 12 bytes, the file ends after {}", rest.len()),
            }));
        }
        if rest.starts_with(&[0x0A, 0x0D, 0x0D, 0x0A]) {
            *big_endian = match &rest[8..12] {
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
        let big_endian = *big_endian;
        let len_bytes = [rest[4], rest[5], rest[6], rest[7]];
        let block_len =
            if big_endian { u32::from_be_bytes(len_bytes) } else { u32::from_le_bytes(len_bytes) };
        if block_len < 12 || block_len % 4 != 0 || block_len > MAX_BLOCK_BYTES {
            return fail(at + 4, format!("a block claims a length of {block_len} bytes (it must be a multiple of 4 between 12 and {MAX_BLOCK_BYTES}): the file is damaged"));
        }
        if block_len as usize > rest.len() {
            if !at_end {
                return Ok(Step::NeedMore(block_len as usize));
            }
            return Ok(Step::Truncated(TruncatedTail {
                offset: at,
                problem: format!("a block of {block_len} bytes, the file ends after {}", rest.len()),
            }));
        }
        let block_bytes = &rest[..block_len as usize];
        let parsed = if big_endian {
            pcap_parser::pcapng::parse_block_be(block_bytes)
        } else {
            pcap_parser::pcapng::parse_block_le(block_bytes)
        };
        let (_, block) = match parsed {
            Ok(ok) => ok,
            Err(nom_error) => return fail(at, describe(&nom_error)),
        };
        // The next block starts after the declared length.
        let used = block_len as usize;
        let frame = match block {
            Block::InterfaceDescription(idb) => {
                interfaces.push(Interface::of(&idb));
                return Ok(Step::Skip(used));
            }
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
                Frame {
                    linktype: interface.linktype.0,
                    time_ns: Some(interface.time_ns(epb.ts_high, epb.ts_low)),
                    data: epb.data,
                    original_length_bytes: epb.origlen.max(epb.caplen),
                }
            }
            Block::SimplePacket(spb) => {
                let Some(interface) = interfaces.first() else {
                    return fail(at, "a simple packet block comes before any interface description");
                };
                // The block's data is padded to 4 bytes: only the original length is the frame.
                let captured = spb.data.len().min(spb.origlen as usize);
                Frame {
                    linktype: interface.linktype.0,
                    time_ns: None,
                    data: &spb.data[..captured],
                    original_length_bytes: spb.origlen,
                }
            }
            _ => return Ok(Step::Skip(used)),
        };
        self.frames += 1;
        Ok(Step::Frame(frame, used))
    }
}

fn describe(error: &nom::Err<PcapError<&[u8]>>) -> String {
    match error {
        nom::Err::Incomplete(_) => "the block ends before its declared length".to_string(),
        nom::Err::Error(e) | nom::Err::Failure(e) => format!("the block cannot be parsed ({e})"),
    }
}
