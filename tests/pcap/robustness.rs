//! No bytes make the pcap reader panic: arbitrary bytes behind each magic, and mutated corpus captures.

use proptest::prelude::*;

use super::fixture;

/// Reads `bytes` in memory and streamed (in pieces of `piece` bytes); both must agree (the streamed reader
/// is fuzzed by the same cases, and must give the same positioned errors).
fn read_any(bytes: &[u8], piece: usize) {
    if let Ok(capture) = super::streaming::same_as_in_memory(bytes, vec![piece, 1]) {
        assert!(capture.undecoded_count <= capture.packets.len() as u64);
        for (i, p) in capture.packets.iter().enumerate() {
            assert_eq!(p.number, i as u64 + 1);
            assert!(p.time_s.is_finite());
        }
    }
}

const MAGICS: [[u8; 4]; 7] = [
    [0xD4, 0xC3, 0xB2, 0xA1],
    [0x34, 0xCD, 0xB2, 0xA1],
    [0xA1, 0xB2, 0xCD, 0x34],
    [0xA1, 0xB2, 0xC3, 0xD4],
    [0x4D, 0x3C, 0xB2, 0xA1],
    [0xA1, 0xB2, 0x3C, 0x4D],
    [0x0A, 0x0D, 0x0D, 0x0A],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_behind_a_capture_magic_never_panic(
        magic in 0usize..MAGICS.len(),
        rest in proptest::collection::vec(any::<u8>(), 0..600),
        piece in 1usize..64,
    ) {
        let mut bytes = MAGICS[magic].to_vec();
        bytes.extend(rest);
        read_any(&bytes, piece);
    }

    #[test]
    fn mutated_corpus_captures_never_panic(
        file in 0usize..super::CORPUS.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
        cut in any::<prop::sample::Index>(),
        piece in 1usize..4096,
    ) {
        let mut bytes = std::fs::read(fixture(super::CORPUS[file])).expect("fixture");
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let keep = cut.index(bytes.len() + 1);
        read_any(&bytes[..keep.max(1)], piece);
    }
}
