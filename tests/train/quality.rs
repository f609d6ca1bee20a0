//! The card's quality views, activity figures and ablation groups, on hand-made rows whose figures are
//! counted by hand.

use anomalyze::capture::{Label, Packet};
use anomalyze::features::{FeatureSchema, FEATURES};
use anomalyze::train::{
    ablation_variants, activity, quality_views, BlockStart, CaptureBlock, Part, Splits, ViewMetrics,
    FEATURE_GROUPS, IDENTIFYING, SEED_FIGURES,
};

fn splits(parts: Vec<Part>, block_of: Vec<usize>, n_blocks: usize) -> Splits {
    let blocks = (0..n_blocks)
        .map(|b| CaptureBlock {
            file: 0,
            first_row: block_of.iter().position(|&x| x == b).unwrap_or(0),
            rows: block_of.iter().filter(|&&x| x == b).count(),
            start: BlockStart::File,
        })
        .collect();
    Splits { blocks, parts, block_of }
}

#[test]
fn view_metrics_count_by_hand() {
    let labels = [true, true, true, false, false];
    let scores = [0.9, 0.6, 0.2, 0.7, 0.1];
    let m = ViewMetrics::of(&labels, &scores, 0.5).unwrap();
    assert_eq!((m.rows, m.positives, m.tp, m.fn_, m.tn, m.fp), (5, 3, 2, 1, 1, 1));
    assert_eq!(m.recall, Some(2.0 / 3.0));
    assert_eq!(m.specificity, Some(0.5));
    // Pairs (positive, negative) ranked correctly: (0.9 > 0.7, 0.1), (0.6 < 0.7, > 0.1), (0.2 < 0.7, > 0.1).
    assert_eq!(m.roc_auc, Some(4.0 / 6.0));
    let one_class = ViewMetrics::of(&[false, false], &[0.1, 0.9], 0.5).unwrap();
    assert_eq!((one_class.recall, one_class.specificity, one_class.roc_auc), (None, Some(0.5), None));
    assert!(ViewMetrics::of(&[true], &[f64::NAN], 0.5).is_err(), "a NaN score is an error, not a zero");
}

#[test]
fn views_use_the_new_rows_of_each_block_and_leave_undecided_out_of_view_a() {
    use Part::*;
    // Block 0: rows 0–3 (rows 2, 3 new); block 1: rows 4–7 (rows 6, 7 new).
    let s = splits(vec![Train, Test, New, New, Train, Train, New, New], vec![0, 0, 0, 0, 1, 1, 1, 1], 2);
    let attack =
        [Some(true), Some(false), Some(true), None, Some(false), Some(false), Some(false), Some(false)];
    let malicious =
        [Some(true), Some(true), Some(true), Some(true), Some(true), Some(false), Some(true), Some(false)];
    let probability = [0.9, 0.9, 0.8, 0.7, 0.1, 0.1, 0.2, 0.6];
    let q = quality_views(&s, New, &attack, &malicious, &probability, 0.5).unwrap();
    assert_eq!(q.split, "new");
    let b0 = &q.blocks[0];
    assert_eq!((b0.attack.rows, b0.attack.tp), (1, 1), "row 3 is undecided: not in view a");
    assert_eq!((b0.undecided, b0.undecided_flagged), (1, 1));
    assert_eq!((b0.capture.rows, b0.capture.tp, b0.capture.fn_), (2, 2, 0));
    let b1 = &q.blocks[1];
    assert_eq!((b1.attack.tn, b1.attack.fp, b1.attack.recall), (1, 1, None));
    assert_eq!((b1.capture.tp, b1.capture.fn_, b1.capture.fp, b1.capture.tn), (0, 1, 1, 0));
    assert_eq!((q.attack.rows, q.attack.tp, q.attack.fp), (3, 1, 1));
    assert_eq!((q.capture.rows, q.capture.tp, q.capture.fn_, q.capture.fp), (4, 2, 1, 1));
    assert_eq!(q.seed_pipeline, SEED_FIGURES);
}

fn packet_at(time_s: f64) -> Packet {
    Packet {
        number: 1,
        time_s,
        source: "10.0.0.1".into(),
        destination: "10.0.0.2".into(),
        protocol: "UDP".into(),
        length_bytes: 60,
        info: "1  >  2 Len=10".into(),
        label: Some(Label::Normal),
        capture_index: 0,
    }
}

#[test]
fn activity_counts_packets_and_flagged_per_window_from_each_blocks_start() {
    let times = [10.0, 10.4, 11.2, 13.9, 100.0, 100.5, 102.0];
    let packets: Vec<Packet> = times.iter().map(|&t| packet_at(t)).collect();
    let block_of = [0, 0, 0, 0, 1, 1, 1];
    let probability = [0.9, 0.1, 0.5, 0.7, 0.2, 0.2, 0.95];
    let a = activity(&packets, &block_of, 2, &probability, 0.5, 1.0).unwrap();
    assert_eq!(a.blocks[0].start_s, 10.0);
    assert_eq!(a.blocks[0].packets, [2, 1, 0, 1]);
    assert_eq!(a.blocks[0].flagged, [1, 1, 0, 1]);
    assert_eq!(a.blocks[1].start_s, 100.0);
    assert_eq!(
        (a.blocks[1].packets.as_slice(), a.blocks[1].flagged.as_slice()),
        (&[2, 0, 1][..], &[0, 0, 1][..])
    );
    let coarse = activity(&packets, &block_of, 2, &probability, 0.5, 2.0).unwrap();
    assert_eq!(coarse.blocks[0].packets, [3, 1]);
    assert!(activity(&packets, &block_of, 2, &probability, 0.5, 0.0).is_err());
    assert!(activity(&packets, &block_of, 2, &probability, 0.5, f64::NAN).is_err());
}

#[test]
fn feature_groups_cover_exactly_the_behavioural_features() {
    let schema = FeatureSchema::fit(&[packet_at(0.0)]);
    let names = schema.names();
    let behavioural: Vec<String> =
        schema.behavioural_indices().into_iter().map(|i| names[i].clone()).collect();
    let mut grouped: Vec<&str> = FEATURE_GROUPS.iter().flat_map(|g| g.features.iter().copied()).collect();
    grouped.sort_unstable();
    let mut expected: Vec<&str> = behavioural.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(grouped, expected, "every behavioural feature is in exactly one group");
    // The default inputs exclude exactly the identifying columns: addresses, DCIDs and raw Seq/Ack.
    let mut excluded: Vec<&str> = FEATURES.iter().filter(|f| f.identifies_capture).map(|f| f.name).collect();
    excluded.sort_unstable();
    let mut identifying = IDENTIFYING.features.to_vec();
    identifying.sort_unstable();
    assert_eq!(excluded, identifying);

    let variants = ablation_variants(&behavioural, &names);
    assert_eq!(variants.len(), FEATURE_GROUPS.len() + 2);
    assert_eq!(variants[0].features, behavioural);
    for (variant, group) in variants[1..].iter().zip(FEATURE_GROUPS) {
        assert_eq!(variant.features.len(), behavioural.len() - group.features.len(), "{}", variant.name);
        assert!(variant.features.iter().all(|f| !group.features.contains(&f.as_str())));
    }
    let last = variants.last().unwrap();
    assert_eq!(last.features.len(), names.len(), "the identifying variant uses every column");
    assert_eq!(last.features, names, "in schema order");
}
