//! A window of bytes over a capture, for the record parser: the whole file in memory, or a bounded buffer
//! refilled from a [`Read`] (so a capture of any size is read in constant memory).
//!
//! Input: a byte slice, or a reader. Output: the bytes from the current position on, refilled on demand
//! up to the size of the largest record. Rejects nothing itself; read errors are returned to the caller.

use std::io::{self, Read};

/// Bytes from the current position of a capture file.
pub trait ByteWindow {
    /// The bytes available from the current position (at least what the last [`ByteWindow::fill`] asked
    /// for, unless the file ended).
    fn bytes(&self) -> &[u8];
    /// File offset of `bytes()[0]`.
    fn offset(&self) -> u64;
    /// Whether `bytes()` runs to the end of the file.
    fn at_end(&self) -> bool;
    /// Makes at least `n` bytes available, or reaches the end of the file.
    fn fill(&mut self, n: usize) -> io::Result<()>;
    /// Moves the current position `n` bytes on (`n ≤ bytes().len()`).
    fn consume(&mut self, n: usize);
}

/// The whole file in memory.
#[derive(Debug, Clone, Copy)]
pub struct SliceWindow<'a> {
    all: &'a [u8],
    at: usize,
}

impl<'a> SliceWindow<'a> {
    /// A window at the start of `all`.
    pub fn new(all: &'a [u8]) -> Self {
        SliceWindow { all, at: 0 }
    }
}

impl ByteWindow for SliceWindow<'_> {
    fn bytes(&self) -> &[u8] {
        &self.all[self.at..]
    }
    fn offset(&self) -> u64 {
        self.at as u64
    }
    fn at_end(&self) -> bool {
        true
    }
    fn fill(&mut self, _n: usize) -> io::Result<()> {
        Ok(())
    }
    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.all.len());
    }
}

/// Bytes read from a reader into a buffer that holds the current record and what follows it.
pub struct ReadWindow<R> {
    inner: R,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    offset: u64,
    eof: bool,
}

/// Bytes asked of the reader at a time (and the buffer's starting size).
const READ_BYTES: usize = 1 << 20;

impl<R: Read> ReadWindow<R> {
    /// A window over `inner`, with `head` (bytes already read from it, e.g. to sniff its type) first.
    pub fn new(inner: R, head: Vec<u8>) -> Self {
        let end = head.len();
        let mut buffer = head;
        buffer.resize(end.max(READ_BYTES), 0);
        ReadWindow { inner, buffer, start: 0, end, offset: 0, eof: false }
    }
}

impl<R: Read> ByteWindow for ReadWindow<R> {
    fn bytes(&self) -> &[u8] {
        &self.buffer[self.start..self.end]
    }
    fn offset(&self) -> u64 {
        self.offset
    }
    fn at_end(&self) -> bool {
        self.eof
    }
    fn fill(&mut self, n: usize) -> io::Result<()> {
        while self.end - self.start < n && !self.eof {
            if self.buffer.len() - self.end < READ_BYTES / 2 && self.start > 0 {
                // Move the unread bytes to the front.
                self.buffer.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.end == self.buffer.len() {
                // A record larger than the buffer: grow by doubling, so a forged length cannot allocate
                // much more than the data that really follows.
                let grown = (self.buffer.len() * 2).min(n.max(READ_BYTES));
                self.buffer.resize(grown.max(self.buffer.len() + 1), 0);
            }
            match self.inner.read(&mut self.buffer[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(read) => self.end += read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        self.start += n;
        self.offset += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most 3 bytes a call.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = out.len().min(3).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn refills_across_reads_and_grows_for_large_records() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| i as u8).collect();
        let mut w = ReadWindow::new(Trickle(&data[2..]), data[..2].to_vec());
        w.fill(10).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&w.bytes()[..10], &data[..10]);
        w.consume(7);
        w.fill(2_500_000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(w.offset(), 7);
        assert_eq!(&w.bytes()[..2_500_000], &data[7..2_500_007]);
        w.consume(2_500_000);
        w.fill(4_000_000).unwrap_or_else(|e| panic!("{e}"));
        assert!(w.at_end());
        assert_eq!(w.bytes(), &data[2_500_007..]);
    }
}
