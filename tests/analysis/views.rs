//! Views at a threshold against direct computations, chunked scoring against whole-matrix scoring,
//! table selection and model checks.

use anomalyze::analysis::model::PageModel;
use anomalyze::analysis::views::{activity, evaluate, select_rows, Ranked, RowKind, RowOrder, RowQuery};
use anomalyze::analysis::AnalysisError;
use anomalyze::capture::Label;
use anomalyze::eval::Confusion;

use super::scored_sample;

#[test]
fn chunked_scores_equal_whole_matrix_scores() {
    let (model, scored) = scored_sample();
    let whole =
        anomalyze::score::score(&model.ensemble, &scored.features.to_matrix().unwrap()).expect("scores");
    assert_eq!(whole.probability, scored.probability);
}

#[test]
fn the_confusion_at_each_threshold_matches_a_direct_count() {
    let (_, scored) = scored_sample();
    let ranked = Ranked::new(&scored);
    let labels: Vec<bool> =
        scored.capture.packets.iter().map(|p| p.label == Some(Label::Malicious)).collect();
    for t in [0.0, 0.1, 0.35, 0.5, 0.77, 0.99, 1.0] {
        let e = evaluate(&scored, &ranked, t);
        let direct = Confusion::at_threshold(&labels, &scored.probability, t).expect("confusion");
        let metrics = e.metrics.expect("labelled");
        assert_eq!(metrics.confusion, direct, "threshold {t}");
        assert_eq!(e.flagged, scored.probability.iter().filter(|&&p| p >= t).count() as u64);
        let fp: u64 = e.errors_by_protocol.iter().map(|x| x.false_positives).sum();
        let fn_: u64 = e.errors_by_protocol.iter().map(|x| x.false_negatives).sum();
        assert_eq!((fp, fn_), (direct.fp, direct.fn_), "threshold {t}");
    }
}

#[test]
fn table_selection_filters_sorts_and_limits_by_time() {
    let (_, scored) = scored_sample();
    let ranked = Ranked::new(&scored);
    let q = RowQuery {
        kind: RowKind::Flagged,
        order: RowOrder::ProbabilityDesc,
        threshold: 0.5,
        from_s: None,
        to_s: None,
    };
    let flagged = select_rows(&scored, &ranked, &q);
    assert_eq!(flagged.len() as u64, evaluate(&scored, &ranked, 0.5).flagged);
    assert!(flagged
        .windows(2)
        .all(|w| scored.probability[w[0] as usize] >= scored.probability[w[1] as usize]));
    let fp = select_rows(&scored, &ranked, &RowQuery { kind: RowKind::FalsePositives, ..q });
    assert!(fp.iter().all(|&r| scored.capture.packets[r as usize].label == Some(Label::Normal)));
    let end = ranked.timeline_s.iter().copied().fold(0.0, f64::max);
    let half =
        RowQuery { kind: RowKind::All, order: RowOrder::File, from_s: Some(0.0), to_s: Some(end / 2.0), ..q };
    let rows = select_rows(&scored, &ranked, &half);
    assert!(!rows.is_empty() && rows.len() < scored.probability.len());
    assert!(rows.windows(2).all(|w| w[0] < w[1]));
    assert!(rows.iter().all(|&r| ranked.timeline_s[r as usize] <= end / 2.0));
}

#[test]
fn activity_bins_count_every_packet() {
    let (_, scored) = scored_sample();
    let ranked = Ranked::new(&scored);
    let a = activity(&scored, &ranked, 0.5, 200);
    assert!(a.packets.len() <= 200 && a.bin_s >= 1.0);
    assert_eq!(a.packets.iter().sum::<u64>(), scored.probability.len() as u64);
    assert_eq!(a.flagged.iter().sum::<u64>(), evaluate(&scored, &ranked, 0.5).flagged);
    let malicious = scored.capture.packets.iter().filter(|p| p.label == Some(Label::Malicious)).count();
    assert_eq!(a.malicious.expect("labelled").iter().sum::<u64>(), malicious as u64);
}

#[test]
fn a_model_with_features_the_page_does_not_compute_is_refused_by_name() {
    let text = include_str!("../fixtures/engine/shallow_sigmoid/model.txt");
    let err = PageModel::load(text.as_bytes()).expect_err("generic feature names are not ours");
    assert!(matches!(err, AnalysisError::UnknownFeatures { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("does not compute") && message.contains("docs/features.md"), "{message}");
}

/// The page's chunked, compact featurisation gives exactly the whole-file transform's values (bit for
/// bit, in the model's columns), and the drift and correlations of the whole `f64` matrix.
#[test]
fn chunked_compact_features_equal_the_whole_file_transform() {
    use anomalyze::analysis::scored::featurize_in_chunks;
    let (model, _) = scored_sample();
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join("www/sample.csv")).expect("sample");
    let capture = anomalyze::capture::read_capture(&bytes, "sample.csv", &mut |_| {}).expect("reads");
    let schema = model.schema.clone().expect("the fixture model carries its schema");
    let all = schema.transform(&capture.packets).expect("transform");
    let aligned = anomalyze::score::align(&all, model.ensemble.feature_names()).expect("align");
    let card = model.card.as_ref().expect("the fixture model has a card");
    let drift = anomalyze::drift::drift_report(&card.profile, &all).expect("drift");
    let labels: Vec<bool> = capture.packets.iter().map(|p| p.label == Some(Label::Malicious)).collect();
    let correlations = anomalyze::eval::label_correlations(&all, &labels).expect("correlations");
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    for chunk_rows in [1, 500, 3000, 1 << 20] {
        let (_, features, fitted, profile) =
            featurize_in_chunks(&bytes, "sample.csv", &model, chunk_rows, &mut |_| {}).expect("featurises");
        assert!(!fitted);
        assert_eq!(features.names(), model.ensemble.feature_names());
        assert_eq!(features.n_rows(), aligned.n_rows());
        let whole = aligned.values().as_slice().unwrap();
        assert_eq!(bits(&features.rows(0, features.n_rows())), bits(whole), "chunks of {chunk_rows}");
        assert_eq!(profile.drift.as_ref(), Some(&drift), "chunks of {chunk_rows}");
        assert_eq!(profile.correlations.as_ref(), Some(&correlations), "chunks of {chunk_rows}");
        // Lossless and compact: most columns of a real capture are bytes or f32.
        assert!(
            features.bytes() * 2 < aligned.n_rows() * aligned.n_features() * 8,
            "{:?}",
            features.column_types()
        );
    }
}
