//! Properties against brute force: the ranked confusion equals a direct count at every threshold,
//! decimation keeps the ends and at most `max + 2` points.
use anomalyze::eval::{decimate, roc_curve, roc_curve_for_chart, Confusion, RankedScores};
use proptest::prelude::*;

proptest! {
    #[test]
    fn ranked_confusion_equals_direct_count(
        rows in proptest::collection::vec((any::<bool>(), 0u8..12), 1..200),
        threshold in 0u8..14,
    ) {
        let labels: Vec<bool> = rows.iter().map(|r| r.0).collect();
        let scores: Vec<f64> = rows.iter().map(|r| f64::from(r.1) / 10.0).collect();
        let threshold = f64::from(threshold) / 10.0;
        let ranked = RankedScores::new(&labels, &scores).unwrap();
        prop_assert_eq!(ranked.confusion_at(threshold), Confusion::at_threshold(&labels, &scores, threshold).unwrap());
    }

    #[test]
    fn decimation_bounds_points_and_keeps_ends(ys in proptest::collection::vec(0.0f64..1.0, 5..3000), max in 4usize..300) {
        let points: Vec<(f64, f64)> = ys.iter().enumerate().map(|(i, &y)| (i as f64 / ys.len() as f64, y)).collect();
        let kept = decimate(&points, |p| *p, max);
        prop_assert!(kept.len() <= max + 2, "{} points for max {}", kept.len(), max);
        prop_assert_eq!(kept.first(), points.first());
        prop_assert_eq!(kept.last(), points.last());
    }
}

#[test]
fn chart_curve_of_a_million_rows_is_small() {
    let n = 1_000_000u64;
    // A deterministic pseudo-random mix: scores with many distinct values, labels correlated with them.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let (labels, scores): (Vec<bool>, Vec<f64>) = (0..n)
        .map(|_| {
            let s = next();
            (next() < s, s)
        })
        .unzip();
    let ranked = RankedScores::new(&labels, &scores).unwrap();
    let full = roc_curve(&ranked).unwrap();
    let chart = roc_curve_for_chart(&ranked, 1000).unwrap();
    assert!(full.len() > 900_000 && chart.len() <= 1002, "{} → {}", full.len(), chart.len());
    assert_eq!((chart[0].fpr, chart[chart.len() - 1].fpr), (0.0, 1.0));
}
