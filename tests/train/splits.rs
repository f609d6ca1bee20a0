//! The capture blocks and the temporal split on the seed data: the 7 blocks of ../shared/data/README.md.

use anomalyze::capture::{read_capture, Label};
use anomalyze::train::{split, BlockSource, BlockStart, Part, SplitParams};

#[test]
fn seed_data_gives_the_seven_capture_blocks_of_its_readme() {
    let Some(bytes) = crate::capture::seed::seed_bytes() else { return };
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |_| {}).unwrap();
    let source = BlockSource { packets: &capture.packets, clock_wraps: &capture.clock_wraps };
    let splits = split(&[source], &SplitParams::default());
    let got: Vec<(usize, usize)> =
        splits.blocks.iter().map(|b| (b.first_row, b.first_row + b.rows - 1)).collect();
    // The README's table: rows 0–573, 574–131716, 131717–132404, 132405–132413, 132414–229671,
    // 229672–247429, 247430–296090.
    assert_eq!(
        got,
        [
            (0, 573),
            (574, 131716),
            (131717, 132404),
            (132405, 132413),
            (132414, 229671),
            (229672, 247429),
            (247430, 296090)
        ]
    );
    // Block 5 follows block 4 across the hour (59:59.6 → 00:00.1): only the clock wrap shows it; the
    // normal capture starts with a label change.
    assert_eq!(splits.blocks[5].start, BlockStart::ClockWrap);
    assert_eq!(splits.blocks[6].start, BlockStart::LabelChange);
    assert!(matches!(splits.blocks[1].start, BlockStart::TimeGap { gap_s } if gap_s > 400.0));
    for (i, block) in splits.blocks.iter().enumerate() {
        let rows = block.first_row..block.first_row + block.rows;
        let new_from = block.first_row + block.rows - (block.rows as f64 * 0.2).round() as usize;
        assert!(rows.clone().all(|r| (splits.parts[r] == Part::New) == (r >= new_from)), "block {i}");
        let label = if i == 6 { Label::Normal } else { Label::Malicious };
        assert!(capture.packets[rows].iter().all(|p| p.label == Some(label)), "block {i}");
    }
    let new = splits.rows_of(Part::New).len();
    assert!((59_000..59_400).contains(&new), "{new} new-data rows, about 20 % of 296,091");
}
