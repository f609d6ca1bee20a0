//! The attack relabelling on the seed data: its counts per capture block and rule equal those of the
//! independent pandas implementation (tools/relabel_reference.py → tests/fixtures/relabel/counts.json),
//! and docs/relabelling.md shows exactly these counts.

use crate::capture::seed::seed_path;
use anomalyze::capture::read_capture;
use anomalyze::train::relabel::{relabel, RelabelSummary, Verdict};

/// First data row of each capture block of ../shared/data/README.md, and the end.
const BOUNDS: [usize; 8] = [0, 574, 131_717, 132_405, 132_414, 229_672, 247_430, 296_091];
const COUNTS: &str = include_str!("../fixtures/relabel/counts.json");
const DOC: &str = include_str!("../../docs/relabelling.md");
const BEGIN: &str = "<!-- counts: begin (generated; tests/train/relabel_seed.rs checks it) -->\n";
const END: &str = "<!-- counts: end -->";

/// The relabelling's summary over the README's blocks, or `None` when the seed is absent and
/// `ANOMALYZE_SKIP_SEED_DATA=1` allows skipping.
fn seed_summary() -> Option<RelabelSummary> {
    let bytes = match std::fs::read(seed_path()) {
        Ok(bytes) => bytes,
        Err(e) if std::env::var("ANOMALYZE_SKIP_SEED_DATA").as_deref() == Ok("1") => {
            eprintln!("SKIPPED: seed data not read ({e}); ANOMALYZE_SKIP_SEED_DATA=1");
            return None;
        }
        Err(e) => {
            panic!("the seed data is required at {} ({e}); see tests/capture/seed.rs", seed_path().display())
        }
    };
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |_| {}).expect("the seed reads");
    assert_eq!(capture.packets.len(), BOUNDS[7]);
    let block_of: Vec<usize> =
        (0..capture.packets.len()).map(|row| BOUNDS.iter().rposition(|&b| b <= row).unwrap()).collect();
    Some(relabel(&capture.packets).expect("the seed is labelled").summary(&block_of, 7))
}

#[test]
fn seed_counts_match_the_pandas_reference_and_the_docs() {
    let Some(summary) = seed_summary() else { return };
    let reference: serde_json::Value = serde_json::from_str(COUNTS).unwrap();
    for (ours, theirs) in summary.blocks.iter().zip(reference["blocks"].as_array().unwrap()) {
        let c = ours.counts;
        let got = [c.attack, c.background, c.normal, c.undecided];
        let want = ["attack", "background", "normal", "undecided"].map(|k| theirs[k].as_u64().unwrap());
        assert_eq!(got, want, "block {}: attack, background, normal, undecided", ours.block);
    }
    let reference_rules = reference["rules"].as_array().unwrap();
    assert_eq!(summary.rules.len(), reference_rules.len());
    for (ours, theirs) in summary.rules.iter().zip(reference_rules) {
        assert_eq!(ours.name, theirs["name"].as_str().unwrap());
        let verdict = match ours.verdict {
            Verdict::Attack => "attack",
            Verdict::Undecided => "undecided",
        };
        assert_eq!(verdict, theirs["verdict"].as_str().unwrap(), "{}", ours.name);
        let per_block: Vec<u64> =
            theirs["per_block"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(ours.per_block, per_block, "rule {} per block", ours.name);
        assert_eq!(ours.matches_in_normal, theirs["matches_in_normal"].as_u64().unwrap(), "{}", ours.name);
    }
    // The attacks the issue names are all found: every block but the background-only 5 and the normal 6
    // has attack packets, and the normal capture keeps all its packets.
    let attack: Vec<u64> = summary.blocks.iter().map(|b| b.counts.attack).collect();
    assert!(attack[..5].iter().all(|&n| n > 0) && attack[5] == 0 && attack[6] == 0, "{attack:?}");
    assert_eq!(summary.blocks[6].counts.normal, 48_661);
    assert_eq!(summary.total.total(), 296_091);

    let generated = summary.markdown();
    let start = DOC.find(BEGIN).expect("docs/relabelling.md has the counts markers") + BEGIN.len();
    let end = DOC[start..].find(END).expect("docs/relabelling.md closes the counts section") + start;
    assert_eq!(
        &DOC[start..end],
        generated,
        "docs/relabelling.md is out of date: replace its counts section with the tables printed by \
         `anomalyze relabel ../shared/data/combined.csv.zip --markdown`"
    );
}
