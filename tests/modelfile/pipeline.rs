//! The pipeline as a library: byte-identical model files, the file read back, version 1 still read,
//! other versions refused, the card's splits and threshold.

use anomalyze::analysis::score_capture_bytes;
use anomalyze::capture::read_capture;
use anomalyze::eval::ThresholdPolicy;
use anomalyze::model::{load_model_file, read_model_file, to_model_file, write_model_file};
use anomalyze::train::{
    default_forest, default_gbdt, metrics_of, sha256_hex, split, train_model, BlockSource, ForestParams,
    GbdtParams, Parallelism, Part, PipelineError, SplitMethod, SplitParams, TrainInput, TrainOptions,
    RANDOM_SPLIT_WARNING,
};

use super::synthetic_capture;

fn input(rows: usize, seed: u64) -> TrainInput {
    let text = synthetic_capture(rows, seed);
    let capture = read_capture(text.as_bytes(), "synthetic.csv", &mut |_| {}).unwrap();
    TrainInput { name: format!("synthetic-{seed}.csv"), sha256: sha256_hex(text.as_bytes()), capture }
}

fn small_options() -> TrainOptions {
    TrainOptions {
        gbdt: GbdtParams { num_iterations: 15, ..default_gbdt() },
        forest: ForestParams { n_estimators: 6, ..default_forest() },
        seed: 3,
        ..TrainOptions::default()
    }
}

#[test]
fn same_inputs_give_the_same_bytes_threaded_or_not_and_the_file_reads_back() {
    let inputs = [input(400, 1), input(300, 2)];
    let options = small_options();
    let a = train_model(&inputs, &options, Parallelism::Threads, &mut |_| {}).unwrap();
    let b = train_model(&inputs, &options, Parallelism::Sequential, &mut |_| {}).unwrap();
    let text = write_model_file(&a).unwrap();
    assert_eq!(text, write_model_file(&b).unwrap());
    let back = read_model_file(&text).unwrap();
    assert_eq!(back, a);
    assert_eq!(write_model_file(&back).unwrap(), text, "read → write is the identity");
    // The optional card keys for later steps are kept as read.
    let mut extended = a.clone();
    let card = extended.card.as_mut().unwrap();
    card.activity = Some(serde_json::json!({"window_s": 1.0, "flagged_share": [0.0, 0.5]}));
    let extended_text = write_model_file(&extended).unwrap();
    assert!(extended_text.contains(r#""activity":{"flagged_share":[0.0,0.5],"window_s":1.0}"#));
    assert_eq!(read_model_file(&extended_text).unwrap(), extended);
    // The pipeline itself stores the activity figures (per block, packets and flagged per 1 s window).
    assert!(
        text.contains(r#""activity":{"blocks":[{"block":0,"#),
        "the pipeline stores the activity figures"
    );
    let other_seed = TrainOptions { seed: 4, ..options };
    let c = train_model(&inputs, &other_seed, Parallelism::Threads, &mut |_| {}).unwrap();
    assert_ne!(write_model_file(&c).unwrap(), text);

    let card = a.card.as_ref().unwrap();
    // Two files, each an attack block and (after the 120 s silence and the label change) a normal block.
    assert_eq!(card.data.len(), 2);
    assert_eq!(card.data[0].sha256, sha256_hex(synthetic_capture(400, 1).as_bytes()));
    let blocks: Vec<(usize, u64, u64, usize)> =
        card.data.iter().flat_map(|f| &f.blocks).map(|b| (b.rows, b.normal, b.malicious, b.new)).collect();
    assert_eq!(blocks, [(400, 0, 400, 80), (400, 400, 0, 80), (300, 0, 300, 60), (300, 300, 0, 60)]);
    assert_eq!(card.metrics.blocks.len(), 4);
    assert_eq!(card.metrics.new.unwrap().rows, 280);
    let schema = a.schema.as_ref().unwrap();
    let identifying: Vec<&str> =
        schema.features().iter().filter(|f| f.identifies_capture).map(|f| f.name.as_str()).collect();
    assert!(identifying.contains(&"Source_Encoded"));
    assert!(
        card.features.iter().all(|f| !identifying.contains(&f.as_str())),
        "no capture-identifying default"
    );
    assert_eq!(card.features.len(), schema.behavioural_indices().len());
    assert_eq!(card.profile.features.len(), 63, "the drift profile covers every schema feature");
    assert_eq!(card.correlations.len(), 63);
    assert_eq!(card.threshold.chosen_on, "test");
    assert_eq!(a.threshold, Some(card.threshold.value));
    // The policy holds on the test split: recall ≥ 0.99 there.
    assert!(card.metrics.test.unwrap().recall >= 0.99, "{:?}", card.metrics.test);
    assert!(card.split.warning.is_none());
}

#[test]
fn random_split_is_warned_and_other_policies_are_recorded() {
    let options = TrainOptions {
        split: SplitParams { method: SplitMethod::Random, ..SplitParams::default() },
        policy: ThresholdPolicy::BestF1,
        ..small_options()
    };
    let model = train_model(&[input(300, 5)], &options, Parallelism::Threads, &mut |_| {}).unwrap();
    let card = model.card.unwrap();
    assert_eq!(card.split.warning.as_deref(), Some(RANDOM_SPLIT_WARNING));
    assert_eq!(card.threshold.policy, ThresholdPolicy::BestF1);
}

#[test]
fn bad_options_and_unlabelled_captures_are_named() {
    let bad = |options: TrainOptions| {
        train_model(&[input(200, 1)], &options, Parallelism::Threads, &mut |_| {}).unwrap_err().to_string()
    };
    let msg =
        bad(TrainOptions { gbdt: GbdtParams { learning_rate: -1.0, ..default_gbdt() }, ..small_options() });
    assert!(msg.contains("gbdt parameter `learning_rate` is -1"), "{msg}");
    let msg = bad(TrainOptions { features: Some(vec!["no_such".into()]), ..small_options() });
    assert!(msg.contains("unknown feature \"no_such\""), "{msg}");
    let msg = bad(TrainOptions { policy: ThresholdPolicy::RecallAtLeast { target: 1.5 }, ..small_options() });
    assert!(msg.contains("recall target 1.5"), "{msg}");
    let msg = bad(TrainOptions { weights: [1.0, 0.0], ..small_options() });
    assert!(msg.contains("vote weight of forest"), "{msg}");
    let unlabelled = read_capture(
        b"No.,Time,Source,Destination,Protocol,Length,Info\n1,0.0,a,b,TCP,60,x\n",
        "u.csv",
        &mut |_| {},
    )
    .unwrap();
    let input = TrainInput { name: "u.csv".into(), sha256: String::new(), capture: unlabelled };
    let err = train_model(&[input], &small_options(), Parallelism::Threads, &mut |_| {}).unwrap_err();
    assert!(matches!(err, PipelineError::NoLabels { ref file } if file == "u.csv"), "{err}");
}

#[test]
fn version_one_is_still_read_and_unknown_versions_are_refused() {
    let model = train_model(&[input(200, 1)], &small_options(), Parallelism::Threads, &mut |_| {}).unwrap();
    let v1 = to_model_file(&model.ensemble);
    let read = load_model_file(v1.as_bytes()).unwrap();
    assert_eq!((read.ensemble, read.schema, read.threshold), (model.ensemble.clone(), None, None));
    let v3 = write_model_file(&model).unwrap().replacen("\"version\":2", "\"version\":3", 1);
    let err = read_model_file(&v3).unwrap_err().to_string();
    assert!(err.contains("version 3 is not readable") && err.contains("versions 1 to 2"), "{err}");
    let damaged =
        write_model_file(&model).unwrap().replacen("\"feature_names\":[\"", "\"feature_names\":[\"x", 1);
    let err = read_model_file(&damaged).unwrap_err().to_string();
    assert!(err.contains("is not a column of the model's schema"), "{err}");
}

#[test]
fn scoring_the_saved_file_reproduces_the_cards_new_data_metrics() {
    // The page's path: model bytes + capture bytes → probabilities, features by the file's own schema.
    // The card's metrics were computed on the in-memory model during training; the same figures from
    // the file show that the schema (vocabularies, windows) and the trees survive the round trip.
    let text = synthetic_capture(400, 8);
    let inputs = [TrainInput {
        name: "s.csv".into(),
        sha256: String::new(),
        capture: read_capture(text.as_bytes(), "s.csv", &mut |_| {}).unwrap(),
    }];
    let options = TrainOptions {
        features: Some(vec![
            "Protocol_Encoded".into(),
            "Source_Encoded".into(),
            "Length".into(),
            "Window_Source_Packets".into(),
        ]),
        ..small_options()
    };
    let model = train_model(&inputs, &options, Parallelism::Threads, &mut |_| {}).unwrap();
    let file = write_model_file(&model).unwrap();
    let scored = score_capture_bytes(file.as_bytes(), text.as_bytes(), "s.csv", None, &mut |_| {}).unwrap();
    let card = model.card.as_ref().unwrap();
    assert_eq!(scored.threshold, card.threshold.value);
    let split_params = SplitParams { seed: options.seed, ..options.split };
    let capture = &inputs[0].capture;
    let splits =
        split(&[BlockSource { packets: &capture.packets, clock_wraps: &capture.clock_wraps }], &split_params);
    let labels = scored.labels.clone().unwrap();
    for (part, want) in
        [(Part::Train, card.metrics.train), (Part::Test, card.metrics.test), (Part::New, card.metrics.new)]
    {
        let got =
            metrics_of(&labels, &scored.probability, splits.rows_of(part).into_iter(), scored.threshold)
                .unwrap();
        assert_eq!(got, want, "{part:?}");
    }
}
