//! Integration tests of capture reading: CSV dialects, time formats, containers, bad input, arbitrary
//! bytes, a real tshark export and the seed data.

mod bad_input;
mod cli;
mod containers;
mod dialects;
mod fuzz;
mod robustness;
pub(crate) mod seed;
mod times;
mod tshark;

use anomalyze::capture::{read_capture, Capture, CaptureError};

/// The seven packet-list columns in Wireshark's order.
pub const HEADER: &str = "No.,Time,Source,Destination,Protocol,Length,Info";

/// Reads bytes that must parse.
pub fn read_ok(bytes: &[u8]) -> Capture {
    match read_capture(bytes, "test.csv", &mut |_| {}) {
        Ok(capture) => capture,
        Err(e) => panic!("expected the capture to read, got: {e}"),
    }
}

/// Reads bytes that must fail, returning the error.
pub fn read_err(bytes: &[u8], name: &str) -> CaptureError {
    match read_capture(bytes, name, &mut |_| {}) {
        Ok(c) => panic!("expected an error, got {} packets", c.packets.len()),
        Err(e) => e,
    }
}

/// Asserts that `text` contains every one of `parts`.
pub fn assert_mentions(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in: {text}");
    }
}
