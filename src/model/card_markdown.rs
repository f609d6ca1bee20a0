//! `models/MODEL_CARD.md` from a model file's card: what the model was trained on and how, what its
//! labels mean, how well it does per capture block in both quality views, what it relies on (the
//! ablation), the size/quality trade-off, and why it should carry over to another network.
//!
//! Input: a version-2 [`ModelFile`]. Output: Markdown text (deterministic: same file, same text).
//! Rejects: a file without a card ([`ModelError`]).

use std::fmt::Write as _;

use super::{ModelError, ModelFile};
use crate::train::relabel::{RelabelSummary, Verdict};
use crate::train::{Activity, QualityViews, ViewMetrics};

/// Renders the model card of `model` as Markdown.
pub fn model_card_markdown(model: &ModelFile) -> Result<String, ModelError> {
    let card = model.card.as_ref().ok_or_else(|| {
        ModelError::File(
            "the model file has no card (version 1 or LightGBM text); retrain it with `anomalyze train`"
                .into(),
        )
    })?;
    let mut out = String::new();
    let w = &mut out;
    line(w, "# Model card: Anomalyze default model");
    line(w, "");
    line(w, "Generated from the card inside `models/anomalyze.model.json` by `anomalyze model card models/anomalyze.model.json > models/MODEL_CARD.md`; a test keeps the two in step. Do not edit by hand.");
    line(w, "");
    line(w, "## How it was trained");
    if let Some(command) = &card.command {
        line(w, &format!("```\n{command}\n```"));
    }
    line(w, &format!("- Trainer: {}; seed {}.", card.trainer, card.seed));
    line(
        w,
        &format!("- Components: {} (soft vote, weights {:?}).", component_list(model), card.params.weights),
    );
    let g = &card.params.gbdt;
    line(
        w,
        &format!(
            "- Gradient boosting: {} rounds, {} leaves, learning rate {}, min_data_in_leaf {}.",
            g.num_iterations, g.num_leaves, g.learning_rate, g.min_data_in_leaf
        ),
    );
    let f = &card.params.forest;
    let depth = f.max_depth.map_or("unlimited".to_owned(), |d| d.to_string());
    line(
        w,
        &format!(
            "- Random forest: {} trees, max depth {depth}, min_samples_leaf {}, max_features {:?}.",
            f.n_estimators, f.min_samples_leaf, f.max_features
        ),
    );
    line(
        w,
        &format!(
            "- Threshold {} ({:?}, chosen on the {} split).",
            card.threshold.value, card.threshold.policy, card.threshold.chosen_on
        ),
    );
    if matches!(card.threshold.policy, crate::eval::ThresholdPolicy::RecallAtLeast { target } if target >= 1.0)
    {
        line(w, "  The recall target is 1.0 rather than the seed's 0.99 because, with attack labels, the SYN scan and the ICMP flood are 99.7 % of the attack packets: an aggregate recall of 0.99 could be met while missing every packet of the small attacks (the pings, the ARP spoofing, the trojan session).");
    }
    line(
        w,
        &format!(
            "- Split: {:?}, new data = last {} % of each capture block, test = {} % of the rest (seeded).",
            card.split.params.method,
            card.split.params.new_fraction * 100.0,
            card.split.params.test_fraction * 100.0
        ),
    );
    if let Some(warning) = &card.split.warning {
        line(w, &format!("- **Warning:** {warning}"));
    }
    line(w, "");
    line(w, "## Training data");
    for file in &card.data {
        line(
            w,
            &format!(
                "`{}` — sha256 `{}`, {} packets ({} skipped, {} unlabelled).",
                file.name, file.sha256, file.rows, file.skipped, file.unlabelled
            ),
        );
        line(w, "");
        line(w, "| block | first row | rows | starts at | normal | malicious | train | test | new |");
        line(w, "|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        for b in &file.blocks {
            line(
                w,
                &format!(
                    "| {} | {} | {} | {:?} | {} | {} | {} | {} | {} |",
                    b.index, b.first_row, b.rows, b.start, b.normal, b.malicious, b.train, b.test, b.new
                ),
            );
        }
        line(w, "");
    }
    labels_section(w, card.relabelling.as_ref());
    features_section(w, &card.features);
    if let Some(quality) = card.quality.as_ref() {
        quality_section(w, quality);
    }
    if let Some(ablation) = card.ablation.as_ref() {
        line(w, "## What the model relies on (ablation, new-data split)");
        line(w, "Each row retrains the same configuration without one feature group (or with the seed's capture-identifying columns added back) and measures it on the new-data split at its own threshold (same policy).");
        line(w, "");
        line(w, "| variant | features | (a) recall | (a) specificity | (a) ROC AUC | (b) recall | (b) specificity | (b) ROC AUC |");
        line(w, "|---|---:|---:|---:|---:|---:|---:|---:|");
        for r in ablation {
            line(
                w,
                &format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.name,
                    r.features,
                    fig(r.attack.recall),
                    fig(r.attack.specificity),
                    fig(r.attack.roc_auc),
                    fig(r.capture.recall),
                    fig(r.capture.specificity),
                    fig(r.capture.roc_auc)
                ),
            );
        }
        line(w, "");
        ablation_summary(w, ablation);
    }
    if let Some(tradeoff) = card.tradeoff.as_ref() {
        line(w, "## Size against quality");
        line(w, "Each row retrains with other component sizes (everything else as above); sizes are of the whole model file (JSON, and gzipped at level 9), quality is view (a) on the new-data split at each variant's own threshold.");
        line(w, "");
        line(w, "| variant | boosting rounds × leaves | forest trees × depth | file bytes | gzipped bytes | (a) recall | (a) specificity | (a) ROC AUC |");
        line(w, "|---|---|---|---:|---:|---:|---:|---:|");
        for t in tradeoff {
            line(
                w,
                &format!(
                    "| {} | {} × {} | {} × {} | {} | {} | {} | {} | {} |",
                    t.name,
                    t.gbdt_rounds,
                    t.gbdt_leaves,
                    t.forest_trees,
                    t.forest_depth,
                    t.bytes,
                    t.gzip_bytes,
                    fig(t.attack.recall),
                    fig(t.attack.specificity),
                    fig(t.attack.roc_auc)
                ),
            );
        }
        line(w, "");
    }
    activity_section(w, card.activity.as_ref());
    carry_over_section(w);
    Ok(out)
}

fn line(w: &mut String, text: &str) {
    let _ = writeln!(w, "{text}");
}

fn fig(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.4}"))
}

fn component_list(model: &ModelFile) -> String {
    let parts: Vec<String> = model
        .ensemble
        .components()
        .iter()
        .map(|c| format!("`{}` ({} trees)", c.name(), c.trees().len()))
        .collect();
    parts.join(" + ")
}

fn labels_section(w: &mut String, relabelling: Option<&serde_json::Value>) {
    line(w, "## What the labels mean");
    let record =
        relabelling.and_then(|v| serde_json::from_value::<crate::train::RelabellingRecord>(v.clone()).ok());
    let Some(record) = record else {
        line(w, "Trained on the captures' own labels (`--labels capture`): every packet of an attack capture counts as malicious, background traffic included.");
        line(w, "");
        return;
    };
    match record.labels.as_str() {
        "attack" => line(w, "Trained with `--labels attack`: the weak-supervision relabelling of docs/relabelling.md. Positive = attack packets; negative = background packets of the attack captures and the normal capture; undecided packets are left out of training."),
        _ => line(w, "Trained on the captures' own labels (`--labels capture`); the relabelling below is used for quality view (a) only."),
    }
    line(w, "");
    summary_tables(w, &record.summary);
}

fn summary_tables(w: &mut String, summary: &RelabelSummary) {
    line(w, &format!("Meaning: {}.", summary.meaning));
    line(w, "");
    line(w, "| rule | verdict | attack | predicate | packets |");
    line(w, "|---|---|---|---|---:|");
    for r in &summary.rules {
        let verdict = if r.verdict == Verdict::Attack { "attack" } else { "undecided" };
        line(w, &format!("| `{}` | {verdict} | {} | {} | {} |", r.name, r.attack, r.definition, r.total));
    }
    line(w, "");
    w.push_str(&summary.markdown());
    line(w, "");
}

fn features_section(w: &mut String, features: &[String]) {
    line(w, "## Inputs");
    line(w, &format!("{} features, none of which identifies a capture (no address, MAC, QUIC DCID or raw sequence-number codes, no running maxima, windows of at most a few seconds): {}.", features.len(), features.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")));
    line(w, "");
}

fn view_row(name: &str, v: &ViewMetrics) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        v.rows,
        v.positives,
        v.tp,
        v.fn_,
        v.tn,
        v.fp,
        fig(v.recall),
        fig(v.specificity),
        fig(v.roc_auc)
    )
}

fn quality_section(w: &mut String, q: &QualityViews) {
    const HEAD: &str = "| block | rows | positives | TP | FN | TN | FP | recall | specificity | ROC AUC |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    line(w, &format!("## Quality on the new-data split (threshold {})", q.threshold));
    line(w, "### (a) attack packets against all other packets");
    line(w, "Positives are the relabelling's attack packets; negatives its background and normal packets; undecided packets are not counted (their number and how many were flagged are listed). The aim is recall ≥ 0.99 at specificity ≥ 0.99. A `—` marks a figure with nothing to measure (no attack packet in that block's new data).");
    line(w, "");
    line(w, HEAD);
    for b in &q.blocks {
        line(w, &view_row(&b.block.to_string(), &b.attack));
    }
    line(w, &view_row("all", &q.attack));
    let undecided: u64 = q.blocks.iter().map(|b| b.undecided).sum();
    let flagged: u64 = q.blocks.iter().map(|b| b.undecided_flagged).sum();
    line(w, "");
    line(w, &format!("Undecided packets in the new data: {undecided}, of which {flagged} flagged."));
    line(w, "");
    line(w, "### (b) the seed's own per-capture labels");
    line(w, "Positives are all packets of the attack captures (background included), negatives the normal capture's. The seed's pipeline scores well here mostly by recognising the capture (label-encoded addresses and DCIDs); this model cannot, by design, so it leaves most background packets of attack captures unflagged.");
    line(w, "");
    line(w, HEAD);
    for b in &q.blocks {
        line(w, &view_row(&b.block.to_string(), &b.capture));
    }
    line(w, &view_row("all", &q.capture));
    let s = q.seed_pipeline;
    line(w, "");
    line(w, &format!("Seed pipeline on the same split and labels (LightGBM 500 trees + forest 300 × depth 15, with capture-identifying inputs): accuracy {}, recall {}, specificity {}, ROC AUC {}.", s.accuracy, s.recall, s.specificity, s.roc_auc));
    line(w, "");
}

/// Words for the ablation table: the largest loss in view (a), and what the identifying columns buy.
fn ablation_summary(w: &mut String, ablation: &[crate::train::AblationResult]) {
    let Some(full) = ablation.first() else { return };
    // Errors in view (a) at each variant's threshold: missed attacks plus false alarms.
    let errors = |r: &crate::train::AblationResult| r.attack.fn_ + r.attack.fp;
    if let Some(worst) = ablation[1..].iter().filter(|r| r.group_dropped()).max_by_key(|r| errors(r)) {
        line(w, &format!("With all behavioural features view (a) makes {} errors (missed attacks + false alarms) on the new data; the most any single dropped group adds is `{}` with {} errors (FN {}, FP {}). No group is indispensable on its own: each attack shows in several independent groups (e.g. the scan in TCP flags, ports and the per-source windows), so the model does not hinge on one artefact of these captures.", errors(full), worst.name, errors(worst), worst.attack.fn_, worst.attack.fp));
    }
    if let Some(ident) = ablation.iter().find(|r| !r.group_dropped() && r.name != full.name) {
        let delta = |a: Option<f64>, b: Option<f64>| {
            a.zip(b).map_or("—".to_owned(), |(a, b)| format!("{:+.4}", a - b))
        };
        line(w, &format!("Adding the seed's capture-identifying columns back (`{}`) changes view (a) ROC AUC by {} and view (b) ROC AUC by {}: with attack labels they buy next to nothing; the seed's high view-(b) figures come from training on per-capture labels with them.", ident.name, delta(ident.attack.roc_auc, full.attack.roc_auc), delta(ident.capture.roc_auc, full.capture.roc_auc)));
    }
    line(w, "");
}

fn activity_section(w: &mut String, activity: Option<&serde_json::Value>) {
    let Some(a) = activity.and_then(|v| serde_json::from_value::<Activity>(v.clone()).ok()) else { return };
    line(w, "## Activity over time");
    line(w, &format!("The card stores, per capture block, packets and flagged packets per {} s window (key `activity`, docs/model-file.md), for the page's activity view. Summary:", a.window_s));
    line(w, "");
    line(
        w,
        "| block | windows | packets | flagged | busiest window (packets) | windows with ≥ 50 % flagged |",
    );
    line(w, "|---:|---:|---:|---:|---:|---:|");
    for b in &a.blocks {
        let packets: u64 = b.packets.iter().map(|&n| u64::from(n)).sum();
        let flagged: u64 = b.flagged.iter().map(|&n| u64::from(n)).sum();
        let busiest = b.packets.iter().max().copied().unwrap_or(0);
        let half = b.packets.iter().zip(&b.flagged).filter(|(&p, &f)| p > 0 && 2 * f >= p).count();
        line(
            w,
            &format!("| {} | {} | {packets} | {flagged} | {busiest} | {half} |", b.block, b.packets.len()),
        );
    }
    line(w, "");
}

fn carry_over_section(w: &mut String) {
    line(w, "## Why it should carry over to another network");
    line(w, "- It never sees who is talking: no address, MAC, DCID or connection-number codes, only address *properties* (private/public, multicast, broadcast, family, direction). A scan from 10.1.2.3 looks like a scan from 192.168.2.88.");
    line(w, "- Its inputs describe the attacks' mechanics — bare SYNs and resets at high rates, many destination ports per source, echo requests without replies, ARP replies with duplicate-use warnings — per packet and in windows of a couple of seconds, not properties of one capture; the ablation shows it does not depend on any one group of them.");
    line(w, "- It was trained to tell attack packets from the ordinary traffic recorded beside them, so the same browsing, QUIC and TLS in another network is not what it flags.");
    line(w, "- Limits: one lab, one victim, four attack kinds; all normal traffic is one 15-minute capture. Attacks unlike these (slow scans, application-layer attacks, encrypted C2 on common ports) are not covered, and the threshold was chosen on this data's test split. Check a model on your own captures (`anomalyze evaluate`) before trusting it, and retrain with your own labelled captures where you can.");
}
