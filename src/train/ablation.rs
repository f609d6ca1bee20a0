//! Feature groups for the ablation of the model card: which inputs the model relies on, measured by
//! retraining without one group at a time (and once with the seed's capture-identifying columns added
//! back, to show what they buy).
//!
//! Input: the schema's behavioural feature names; for [`run_ablation`], the training inputs and options.
//! Output: the [`FEATURE_GROUPS`], the [`ablation_variants`] (name + feature list) and their results.
//! Rejects: what training rejects ([`PipelineError`]); a test checks that every behavioural feature is
//! in exactly one group.

use serde::{Deserialize, Serialize};

use super::pipeline::{train_scored, PipelineError, TrainInput, TrainOptions};
use super::{quality_views, Parallelism, Part, Progress, ViewMetrics};
use crate::features::FeatureSchema;

/// A named group of features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureGroup {
    /// Group name as the card shows it.
    pub name: &'static str,
    /// Feature names of the group.
    pub features: &'static [&'static str],
}

/// The behavioural features by group (the catalog of docs/features.md, every non-identifying column).
pub const FEATURE_GROUPS: &[FeatureGroup] = &[
    FeatureGroup { name: "length", features: &["Length", "Payload_Length"] },
    FeatureGroup { name: "ports", features: &["Source_Port", "Destination_Port"] },
    FeatureGroup {
        name: "tcp flags and options",
        features: &[
            "Flag_Category",
            "TCP_Flags",
            "TCP_Window",
            "TCP_MSS",
            "TCP_Window_Scale",
            "TCP_SACK_Permitted",
            "TCP_Timestamps",
            "TCP_SACK_Blocks",
            "TCP_Expert_Note",
            "TCP_Retransmission",
            "TCP_Reassembled_Segment",
        ],
    },
    FeatureGroup {
        name: "address properties",
        features: &[
            "Source_Address_Family",
            "Source_Is_Private",
            "Source_Is_Multicast",
            "Source_Is_Broadcast",
            "Source_Is_Link_Local",
            "Source_Is_Loopback",
            "Destination_Address_Family",
            "Destination_Is_Private",
            "Destination_Is_Multicast",
            "Destination_Is_Broadcast",
            "Destination_Is_Link_Local",
            "Destination_Is_Loopback",
            "Direction",
        ],
    },
    FeatureGroup { name: "protocol", features: &["Protocol_Encoded"] },
    FeatureGroup {
        name: "application fields",
        features: &[
            "ICMP_Type",
            "ICMP_No_Response",
            "ICMP_TTL",
            "ARP_Operation",
            "ARP_Duplicate_Use",
            "QUIC_Packet_Type",
            "QUIC_DCID_Length",
            "TLS_Records",
            "TLS_Application_Data_Records",
            "TLS_Client_Hello",
            "TLS_Server_Hello",
            "TLS_Change_Cipher_Spec",
            "TLS_Alert",
            "TLS_Other_Record",
            "Is_Response",
        ],
    },
    FeatureGroup {
        name: "timing windows",
        features: &[
            "DCID_Frequency",
            "Window_Packets",
            "Window_Protocol_Share",
            "Window_TCP_Share",
            "Window_UDP_Share",
            "Window_ICMP_Share",
            "Window_ARP_Share",
            "Window_Source_Packets",
            "Window_Source_SYN_Packets",
            "Window_Destination_ICMP_Packets",
            "Window_Source_Distinct_Destination_Ports",
            "Window_Destination_Distinct_Sources",
            "Source_Inter_Arrival_s",
            "Pair_Inter_Arrival_s",
        ],
    },
];

/// The seed's capture-identifying columns (addresses, DCIDs, raw sequence numbers), added back in the
/// last variant.
pub const IDENTIFYING: FeatureGroup = FeatureGroup {
    name: "capture-identifying (added)",
    features: &["Sequence", "Acknowledgment", "Source_Encoded", "Destination_Encoded", "QUIC_DCID_Encoded"],
};

/// One ablation variant: its name and its input features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AblationVariant {
    /// `all behavioural`, `without <group>`, or `with capture-identifying`.
    pub name: String,
    /// The group dropped or added (`None` for the full model).
    pub group: Option<&'static str>,
    /// Input features, in schema order.
    pub features: Vec<String>,
}

/// The variants: the full behavioural set, one without each group, and one with the identifying
/// columns added. `behavioural` and `all` are the schema's names in column order.
pub fn ablation_variants(behavioural: &[String], all: &[String]) -> Vec<AblationVariant> {
    let mut variants = vec![AblationVariant {
        name: "all behavioural".to_owned(),
        group: None,
        features: behavioural.to_vec(),
    }];
    for group in FEATURE_GROUPS {
        let features =
            behavioural.iter().filter(|f| !group.features.contains(&f.as_str())).cloned().collect();
        variants.push(AblationVariant {
            name: format!("without {}", group.name),
            group: Some(group.name),
            features,
        });
    }
    let with_identifying = all
        .iter()
        .filter(|f| behavioural.contains(f) || IDENTIFYING.features.contains(&f.as_str()))
        .cloned()
        .collect();
    variants.push(AblationVariant {
        name: "with capture-identifying".to_owned(),
        group: Some(IDENTIFYING.name),
        features: with_identifying,
    });
    variants
}

impl AblationResult {
    /// Whether the variant drops a group (its name starts with `without`).
    pub fn group_dropped(&self) -> bool {
        self.name.starts_with("without ")
    }
}

/// One variant's result on the new-data split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AblationResult {
    /// Variant name.
    pub name: String,
    /// Number of input features.
    pub features: usize,
    /// The variant's threshold (chosen by the same policy on its test split).
    pub threshold: f64,
    /// View (a): attack vs all others, new data.
    pub attack: ViewMetrics,
    /// View (b): the seed's labels, new data.
    pub capture: ViewMetrics,
}

/// Retrains `options` once per [`ablation_variants`] (its features replaced by the variant's) and
/// measures both views on the new-data split. `progress(variant, report)` receives every trainer report.
pub fn run_ablation(
    inputs: &[TrainInput],
    options: &TrainOptions,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(&str, Progress),
) -> Result<Vec<AblationResult>, PipelineError> {
    let schema = FeatureSchema::fit(&[]);
    let names = schema.names();
    let behavioural: Vec<String> =
        schema.behavioural_indices().into_iter().map(|i| names[i].clone()).collect();
    let mut results = Vec::new();
    for variant in ablation_variants(&behavioural, &names) {
        let variant_options = TrainOptions { features: Some(variant.features.clone()), ..options.clone() };
        let (_, scored) =
            train_scored(inputs, &variant_options, parallelism, &mut |p| progress(&variant.name, p))?;
        let views = quality_views(
            &scored.splits,
            Part::New,
            &scored.attack,
            &scored.malicious,
            &scored.probability,
            scored.threshold,
        )?;
        results.push(AblationResult {
            name: variant.name,
            features: variant.features.len(),
            threshold: scored.threshold,
            attack: views.attack,
            capture: views.capture,
        });
    }
    Ok(results)
}
