//! The decompression budget: how far a compressed file may expand, and a bounded read that stops there.
//!
//! Input: the size of the file as given and a decompressor. Output: the decompressed bytes, or
//! [`CaptureError::TooLarge`] as soon as the output passes the budget (a bomb costs at most the budget in
//! memory and time). Rejects: nothing else; the decompressor's own errors go back to the caller.

use std::io::Read;

use super::error::{excerpt_bare, CaptureError};

/// The most decompressed bytes accepted (2 GiB), whatever the file's size.
pub const MAX_TEXT_BYTES: u64 = 2 << 30;

/// Decompressed data up to this size (16 MiB) is accepted whatever the compression ratio.
pub const RATIO_FREE_BYTES: u64 = 16 << 20;

/// Beyond [`RATIO_FREE_BYTES`], data may decompress to at most this many times the file's size. Wireshark
/// exports compress about 15:1 (the seed: 35.7 MB in a 2.3 MB zip), a file of one repeated row about
/// 400:1 and deflate at most about 1032:1, so 200:1 passes real captures and stops bombs early (nested
/// archives count against the outermost file's size).
pub const MAX_COMPRESSION_RATIO: u64 = 200;

/// How much decompressed data a file may expand to: up to [`RATIO_FREE_BYTES`] always; beyond that at most
/// [`MAX_COMPRESSION_RATIO`] times the file's own size (nested archives count against the outer file),
/// and never more than [`MAX_TEXT_BYTES`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    compressed_bytes: u64,
    /// The most decompressed bytes accepted.
    pub(crate) limit_bytes: u64,
}

impl Budget {
    pub(crate) fn for_file(compressed_bytes: u64) -> Budget {
        let by_ratio = compressed_bytes.saturating_mul(MAX_COMPRESSION_RATIO);
        Budget { compressed_bytes, limit_bytes: by_ratio.clamp(RATIO_FREE_BYTES, MAX_TEXT_BYTES) }
    }

    pub(crate) fn too_large(self, file: &str, declared_bytes: Option<u64>) -> CaptureError {
        CaptureError::TooLarge {
            file: file.to_string(),
            compressed_bytes: self.compressed_bytes,
            limit_bytes: self.limit_bytes,
            declared_bytes,
        }
    }

    /// Decompresses `reader` into memory, stopping as soon as the output passes the limit (so a bomb costs
    /// at most the limit in memory and time). `hint` sizes the first allocation, never beyond the limit.
    pub(crate) fn read(self, reader: impl Read, hint: u64, file: &str) -> Result<Vec<u8>, ReadFailure> {
        let mut out = Vec::with_capacity(hint.min(self.limit_bytes).min(64 << 20) as usize);
        self.read_into(reader, self.limit_bytes, &mut out, file)?;
        Ok(out)
    }

    /// Appends at most `left` more bytes of `reader` to `out`; [`ReadFailure::Fatal`] when there are more.
    pub(crate) fn read_into(
        self,
        reader: impl Read,
        left: u64,
        out: &mut Vec<u8>,
        file: &str,
    ) -> Result<(), ReadFailure> {
        let read = reader.take(left + 1).read_to_end(out).map_err(ReadFailure::Io)?;
        if read as u64 > left {
            return Err(ReadFailure::Fatal(self.too_large(file, None)));
        }
        Ok(())
    }
}

/// Why a bounded read failed: the decompressor's error (the caller names the format), or a final error.
pub(crate) enum ReadFailure {
    /// The decompressor failed (damaged or truncated data).
    Io(std::io::Error),
    /// The output passed the budget.
    Fatal(CaptureError),
}

/// A decompressor's error for a message; an early end of data is called truncation in plain words.
pub(crate) fn io_detail(error: &std::io::Error) -> String {
    let detail = excerpt_bare(error.to_string().as_bytes());
    if error.kind() == std::io::ErrorKind::UnexpectedEof {
        format!("it is truncated: the data ends before the end of the compressed stream; {detail}")
    } else {
        detail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_is_ratio_free_up_to_16_mib_then_200_to_1_up_to_2_gib() {
        assert_eq!(Budget::for_file(0).limit_bytes, RATIO_FREE_BYTES);
        assert_eq!(Budget::for_file(1000).limit_bytes, RATIO_FREE_BYTES);
        // The seed zip (2,331,403 bytes, 35.7 MB inside) may expand to 466 MB.
        assert_eq!(Budget::for_file(2_331_403).limit_bytes, 2_331_403 * 200);
        assert_eq!(Budget::for_file(100 << 20).limit_bytes, MAX_TEXT_BYTES);
        assert_eq!(Budget::for_file(u64::MAX).limit_bytes, MAX_TEXT_BYTES);
    }
}
