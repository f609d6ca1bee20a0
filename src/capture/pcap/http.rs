//! HTTP messages over TCP segments, shown as Wireshark shows them with its default reassembly
//! (`tcp.desegment_tcp_streams`, `http.desegment_headers`, `http.desegment_body`).
//!
//! Input: each TCP segment's payload of one direction of a stream, in capture order, with its sequence
//! number, whether the snap length cut it, and FIN. Output: a [`View`]: not HTTP (the TCP Info stays), a
//! complete message (Protocol `HTTP` or `OCSP` and its Info, on the segment that completes it), or a
//! segment of a message still being reassembled (Protocol `TCP`, `[TCP segment of a reassembled PDU]`).
//!
//! Framing, as Wireshark's: a head ends at an empty line; a body is `Content-Length` bytes, chunked
//! (complete at the last chunk and its trailer), or — for a response with neither — runs to the FIN,
//! which then shows the message. Responses to HEAD, 1xx, 204 and 304 have no body. While a head or a
//! chunked body is incomplete, Wireshark re-dissects the message at each segment, so those segments show
//! its first line; a `Content-Length` body's middle segments show the TCP Info. A segment cut by the snap
//! length cannot be reassembled: a message start is shown alone, with `[Packet size limited during
//! capture]`, and later payload of that HTTP stream as `Continuation`. Heads longer than
//! [`MAX_HEAD_BYTES`] are given up (shown as TCP). Pipelined messages after the
//! first in one segment are not shown (Wireshark lists them in one Info).

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::tcp::Endpoints;

/// A head still incomplete after this many bytes is shown without reassembly.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

const METHODS: [&str; 9] =
    ["GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "];

/// How a segment's payload is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// No HTTP: the TCP Info stays.
    NotHttp,
    /// A message completed in this segment.
    Message { protocol: &'static str, info: String },
    /// Part of a message being reassembled; `first_line`: the Info Wireshark writes before the marker
    /// when it re-dissected the message (else the TCP Info is kept).
    Segment { first_line: Option<String> },
}

/// The marker Wireshark appends to a segment of a message it is reassembling.
pub const REASSEMBLED: &str = "[TCP segment of a reassembled PDU]";

/// How the rest of a message is delimited.
#[derive(Debug, Clone)]
enum Body {
    /// This many more bytes, up to sequence number `end`.
    Length {
        end: u32,
        left: u64,
    },
    Chunked(Chunks),
    UntilFin,
}

#[derive(Debug, Clone)]
enum Pending {
    /// The head so far, starting at sequence number `start`.
    Head { start: u32, bytes: Vec<u8> },
    /// The head is complete; `info` is the message's Info once complete.
    Body { next: u32, body: Body, message: Message },
}

#[derive(Debug, Clone)]
struct Message {
    protocol: &'static str,
    first_line: String,
    content_type: Option<String>,
    body_bytes: u64,
    /// The body's first bytes (for the media dissectors' signatures).
    body_head: Vec<u8>,
}

/// What the dissector Wireshark 4.0 picks for a body's media type writes after the first line:
/// nothing for `application/octet-stream` (plain data), the image format for a PNG, GIF or JPEG with its
/// signature, else the media type itself.
fn media_note(kind: &str, body: &[u8]) -> Option<String> {
    match kind {
        "application/octet-stream" => None,
        k if k.starts_with("x-bt/img-") => None,
        "image/png" if body.starts_with(b"\x89PNG\r\n\x1a\n") => Some("PNG".into()),
        "image/gif" if body.starts_with(b"GIF87a") || body.starts_with(b"GIF89a") => {
            Some(String::from_utf8_lossy(&body[..6]).into_owned())
        }
        "image/jpeg" | "image/jpg" | "image/jfif" if body.starts_with(&[0xFF, 0xD8]) => {
            Some("JPEG JFIF image".into())
        }
        k => Some(k.to_string()),
    }
}

/// Body bytes kept for [`media_note`].
const BODY_HEAD_BYTES: usize = 8;

impl Message {
    fn info(&self) -> String {
        match (self.protocol, self.content_type.as_deref()) {
            ("OCSP", Some("application/ocsp-request")) => "Request".into(),
            ("OCSP", _) => "Response".into(),
            (_, Some(kind)) if self.body_bytes > 0 => match media_note(kind, &self.body_head) {
                Some(note) => format!("{}  ({note})", self.first_line),
                None => format!("{} ", self.first_line),
            },
            _ => format!("{} ", self.first_line),
        }
    }

    fn view(&self) -> View {
        View::Message { protocol: self.protocol, info: self.info() }
    }
}

/// One direction's state.
#[derive(Debug, Default, Clone)]
struct Flow {
    pending: Option<Pending>,
    /// Whether this side sent a request (then the stream is HTTP: other data is `Continuation`).
    sent_request: bool,
    /// The last request this side sent was HEAD (its response has no body).
    sent_head: bool,
}

/// The HTTP state of every TCP stream direction.
#[derive(Debug, Default)]
pub struct HttpStreams {
    flows: HashMap<Endpoints, Flow, RandomState>,
}

/// One segment's facts.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    pub sequence: u32,
    pub payload: &'a [u8],
    /// The snap length cut the payload.
    pub cut: bool,
    pub fin: bool,
}

impl HttpStreams {
    /// Shows `seg`, sent from `ends.0:ends.1` to `ends.2:ends.3`.
    pub fn segment(&mut self, ends: Endpoints, seg: Segment<'_>) -> View {
        let peer = self.flows.get(&(ends.2, ends.3, ends.0, ends.1));
        let peer =
            peer.map_or(Peer::default(), |f| Peer { sent_head: f.sent_head, sent_request: f.sent_request });
        if !self.flows.contains_key(&ends)
            && (seg.payload.is_empty() || !peer.sent_request)
            && starts_message(seg.payload).is_none()
        {
            return View::NotHttp;
        }
        let flow = self.flows.entry(ends).or_default();
        match flow.pending.take() {
            Some(pending) => flow.resume(pending, seg, peer),
            None if seg.payload.is_empty() => View::NotHttp,
            None => flow.start_or_other(seg, peer),
        }
    }

    /// Whether a message of this direction is being reassembled (an out-of-order segment joins it).
    pub fn is_reassembling(&self, ends: Endpoints) -> bool {
        self.flows.get(&ends).is_some_and(|f| f.pending.is_some())
    }
}

/// What a direction needs to know of the other.
#[derive(Debug, Default, Clone, Copy)]
struct Peer {
    /// Its last request was HEAD.
    sent_head: bool,
    /// It sent a request.
    sent_request: bool,
}

/// Data of an HTTP stream that starts no message. Text runs past the captured bytes of a cut segment
/// (Wireshark reads it as header lines); binary data is passed on whole.
fn continuation(seg: Segment<'_>) -> View {
    let text = seg.payload.first().is_some_and(|b| b.is_ascii_graphic() || *b == b' ');
    let info =
        if seg.cut && text { "Continuation[Packet size limited during capture]" } else { "Continuation" };
    View::Message { protocol: "HTTP", info: info.into() }
}

/// Whether `payload` starts a request or a response (`Some(true)`: a response).
fn starts_message(payload: &[u8]) -> Option<bool> {
    if payload.starts_with(b"HTTP/1.") {
        return Some(true);
    }
    METHODS.iter().any(|m| payload.starts_with(m.as_bytes())).then_some(false)
}

impl Flow {
    /// A segment starting a message.
    fn start(&mut self, seg: Segment<'_>, peer: Peer) -> View {
        let is_response = starts_message(seg.payload) == Some(true);
        if !is_response {
            self.sent_request = true;
            self.sent_head = seg.payload.starts_with(b"HEAD ");
        }
        if seg.cut {
            // Not reassembled: the start alone, and the dissector runs past the captured bytes.
            return match first_line(seg.payload) {
                Some(line) => View::Message {
                    protocol: "HTTP",
                    info: format!("{line} [Packet size limited during capture]"),
                },
                None => View::NotHttp,
            };
        }
        self.head(seg.sequence, seg.payload.to_vec(), seg, peer)
    }

    /// The message whose bytes so far are `bytes`, starting at sequence number `start`; `seg` is the
    /// segment that brought the last of them.
    fn head(&mut self, start: u32, bytes: Vec<u8>, seg: Segment<'_>, peer: Peer) -> View {
        let Some(head_len) = memchr::memmem::find(&bytes, b"\r\n\r\n").map(|at| at + 4) else {
            if bytes.len() > MAX_HEAD_BYTES {
                return View::NotHttp;
            }
            let first_line = first_line(&bytes).map(|l| format!("{l} "));
            self.pending = Some(Pending::Head { start, bytes });
            return View::Segment { first_line };
        };
        let head = &bytes[..head_len];
        let is_response = bytes.starts_with(b"HTTP/1.");
        let content_type = header(head, b"content-type:");
        let protocol = match content_type.as_deref() {
            Some("application/ocsp-request" | "application/ocsp-response") => "OCSP",
            _ => "HTTP",
        };
        let mut message = Message {
            protocol,
            first_line: first_line(&bytes).unwrap_or_default(),
            content_type: content_type.map(|t| t.to_ascii_lowercase()),
            body_bytes: 0,
            body_head: Vec::new(),
        };
        let status = is_response.then(|| status_code(head)).flatten();
        let bodiless = is_response && (peer.sent_head || matches!(status, Some(100..=199 | 204 | 304)));
        let chunked = header(head, b"transfer-encoding:").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
        let length = header(head, b"content-length:").and_then(|v| v.parse::<u64>().ok());
        let body = if bodiless {
            None
        } else if chunked {
            Some(Body::Chunked(Chunks::default()))
        } else if let Some(n) = length {
            (n > 0).then_some(Body::Length { end: start.wrapping_add((head_len as u64 + n) as u32), left: n })
        } else if is_response {
            Some(Body::UntilFin)
        } else {
            None
        };
        let Some(body) = body else { return message.view() };
        let next = start.wrapping_add(head_len as u32);
        let rest = &bytes[head_len..];
        self.body(next, body, message.clone(), rest, seg).unwrap_or_else(|| {
            message.body_bytes = 0;
            View::Segment { first_line: Some(format!("{} ", message.first_line)) }
        })
    }

    /// Feeds `bytes` (starting at sequence number `next`) to a body. `None` when the message is still
    /// incomplete after a segment that started or re-dissected it.
    fn body(
        &mut self,
        next: u32,
        mut body: Body,
        mut message: Message,
        bytes: &[u8],
        seg: Segment<'_>,
    ) -> Option<View> {
        if message.body_head.len() < BODY_HEAD_BYTES && !matches!(body, Body::Chunked(_)) {
            let want = (BODY_HEAD_BYTES - message.body_head.len()).min(bytes.len());
            message.body_head.extend_from_slice(&bytes[..want]);
        }
        let done = match &mut body {
            Body::Length { left, .. } => {
                let take = (*left).min(bytes.len() as u64);
                *left -= take;
                message.body_bytes += take;
                *left == 0
            }
            Body::Chunked(chunks) => {
                let before = chunks.data_bytes;
                let done = chunks.feed(bytes);
                message.body_bytes += chunks.data_bytes - before;
                done
            }
            Body::UntilFin => {
                message.body_bytes += bytes.len() as u64;
                seg.fin
            }
        };
        if done {
            return Some(message.view());
        }
        let next = next.wrapping_add(bytes.len() as u32);
        self.pending = Some(Pending::Body { next, body, message });
        None
    }

    /// A segment while a message is pending.
    fn resume(&mut self, pending: Pending, seg: Segment<'_>, peer: Peer) -> View {
        match pending {
            Pending::Head { start, mut bytes } => {
                if seg.cut || seg.sequence != start.wrapping_add(bytes.len() as u32) {
                    // A gap or a cut segment: Wireshark waits; a new message start begins afresh.
                    return self.restart(Pending::Head { start, bytes }, seg, peer);
                }
                if seg.payload.is_empty() {
                    self.pending = Some(Pending::Head { start, bytes });
                    return View::NotHttp;
                }
                bytes.extend_from_slice(seg.payload);
                if starts_message(&bytes).is_none() {
                    // Text that was waiting for its line end: not a message once the line is complete.
                    if memchr::memchr2(b'\n', b'\r', &bytes).is_some() || bytes.len() > MAX_HEAD_BYTES {
                        return continuation(seg);
                    }
                    self.pending = Some(Pending::Head { start, bytes });
                    return View::Segment { first_line: None };
                }
                self.head(start, bytes, seg, peer)
            }
            Pending::Body { next, body, message } => {
                if let Body::Length { end, .. } = body {
                    // Bytes at or past the end belong to the next message.
                    if !seq_before(seg.sequence, end) && !seg.payload.is_empty() {
                        return self.start_or_other(seg, peer);
                    }
                }
                let contiguous = seg.sequence == next && !seg.cut;
                if seg.payload.is_empty() && !(seg.fin && matches!(body, Body::UntilFin)) {
                    self.pending = Some(Pending::Body { next, body, message });
                    return View::NotHttp;
                }
                if !contiguous {
                    // A gap: the message cannot complete here; count the bytes for a length-framed body
                    // (Wireshark completes it when the hole is filled later).
                    let body = match body {
                        Body::Length { end, left } => {
                            Body::Length { end, left: left.saturating_sub(seg.payload.len() as u64) }
                        }
                        other => other,
                    };
                    let next = if seq_before(next, seg.sequence) { next } else { seg.sequence };
                    self.pending = Some(Pending::Body { next, body, message });
                    return View::Segment { first_line: None };
                }
                let redissects = matches!(body, Body::Chunked(_));
                let first_line = format!("{} ", message.first_line);
                match self.body(next, body, message, seg.payload, seg) {
                    Some(view) => view,
                    None => View::Segment { first_line: redissects.then_some(first_line) },
                }
            }
        }
    }

    /// A head pending, and a segment that does not continue it: a cut segment drops it (Wireshark cannot
    /// reassemble it), a gap keeps it waiting.
    fn restart(&mut self, pending: Pending, seg: Segment<'_>, peer: Peer) -> View {
        if seg.cut || starts_message(seg.payload).is_some() {
            return self.start_or_other(seg, peer);
        }
        self.pending = Some(pending);
        View::Segment { first_line: None }
    }

    /// A segment with payload and nothing pending.
    fn start_or_other(&mut self, seg: Segment<'_>, peer: Peer) -> View {
        if starts_message(seg.payload).is_some() {
            return self.start(seg, peer);
        }
        if !(self.sent_request || peer.sent_request) {
            return View::NotHttp;
        }
        // Text without a line end in a whole segment: Wireshark waits for the rest of the line.
        let text = seg.payload.first().is_some_and(|b| b.is_ascii_graphic() || *b == b' ');
        if text && !seg.cut && memchr::memchr2(b'\n', b'\r', seg.payload).is_none() {
            self.pending = Some(Pending::Head { start: seg.sequence, bytes: seg.payload.to_vec() });
            return View::Segment { first_line: None };
        }
        continuation(seg)
    }
}

/// `a` comes before `b` in sequence space.
fn seq_before(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

/// The first line of a message, when complete.
fn first_line(bytes: &[u8]) -> Option<String> {
    memchr::memmem::find(bytes, b"\r\n").map(|end| String::from_utf8_lossy(&bytes[..end]).into_owned())
}

/// The status code of a response head.
fn status_code(head: &[u8]) -> Option<u16> {
    let line = head.split(|&b| b == b'\r').next()?;
    let code = line.split(|&b| b == b' ').nth(1)?;
    std::str::from_utf8(code).ok()?.parse().ok()
}

/// A header's value (before any `;` parameters), case-insensitive name with its colon.
pub fn header(head: &[u8], name: &[u8]) -> Option<String> {
    let end = memchr::memmem::find(head, b"\r\n\r\n").unwrap_or(head.len());
    head[..end].split(|&b| b == b'\n').skip(1).find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (line.len() > name.len() && line[..name.len()].eq_ignore_ascii_case(name)).then(|| {
            let value = String::from_utf8_lossy(&line[name.len()..]);
            value.trim().split(';').next().unwrap_or("").trim().to_string()
        })
    })
}

/// A streaming reader of a chunked body: sizes, data, CRLFs, the last chunk and its trailer.
#[derive(Debug, Clone, Default)]
struct Chunks {
    state: ChunkState,
    /// Data bytes seen (without framing).
    data_bytes: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum ChunkState {
    /// Reading a size line: the size so far, and whether an extension (`;…`) started.
    #[default]
    Size,
    SizeValue(u64, bool),
    /// This many data bytes left, then CRLF.
    Data(u64),
    DataEnd,
    /// After the last chunk: trailer lines until an empty one; `at_line_start`.
    Trailer(bool),
    Done,
}

impl Chunks {
    /// Feeds bytes; whether the body is complete.
    fn feed(&mut self, mut bytes: &[u8]) -> bool {
        use ChunkState as S;
        while let Some((&b, rest)) = bytes.split_first() {
            self.state = match self.state {
                S::Done => return true,
                S::Size => match hex(b) {
                    Some(d) => S::SizeValue(u64::from(d), false),
                    None => S::Size,
                },
                S::SizeValue(n, ext) => match (b, hex(b)) {
                    (b'\n', _) if n == 0 => S::Trailer(true),
                    (b'\n', _) => S::Data(n),
                    (_, Some(d)) if !ext => {
                        S::SizeValue(n.saturating_mul(16).saturating_add(u64::from(d)), false)
                    }
                    _ => S::SizeValue(n, ext || b == b';'),
                },
                S::Data(n) => {
                    let take = (n as usize).min(bytes.len());
                    self.data_bytes += take as u64;
                    bytes = &bytes[take..];
                    self.state = if take as u64 == n { S::DataEnd } else { S::Data(n - take as u64) };
                    continue;
                }
                S::DataEnd => match b {
                    b'\n' => S::Size,
                    _ => S::DataEnd,
                },
                S::Trailer(at_start) => match b {
                    b'\n' if at_start => S::Done,
                    b'\n' => S::Trailer(true),
                    b'\r' => S::Trailer(at_start),
                    _ => S::Trailer(false),
                },
            };
            bytes = rest;
        }
        self.state == S::Done
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_complete_at_the_last_chunk_and_trailer() {
        let mut c = Chunks::default();
        assert!(!c.feed(b"5\r\nhello\r\n6;x=1\r\n wor"));
        assert!(!c.feed(b"ld\r\n0\r\n"));
        assert!(c.feed(b"\r\n"));
        assert_eq!(c.data_bytes, 11);
        let mut t = Chunks::default();
        assert!(!t.feed(b"0\r\nExpires: never\r\n"));
        assert!(t.feed(b"\r\n"));
    }
}
