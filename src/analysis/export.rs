//! The scored capture as CSV: the packet columns, the extra columns of the file, the label when
//! present, the probability and the predicted label — every text cell neutralised against spreadsheet
//! formula injection ([`neutralise_cell`]).
//!
//! Input: a [`ScoredCapture`] and a threshold. Output: CSV bytes (UTF-8, `\n` line ends, RFC 4180
//! quoting). Rejects nothing: every packet has a row.

use super::scored::ScoredCapture;
use crate::capture::Label;

/// Header of the columns after the packet's own: the probability and the label at the threshold.
pub const SCORE_COLUMNS: [&str; 2] = ["probability", "predicted_label"];

/// A text cell made safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (which Excel, LibreOffice and Sheets may run as a formula) gets a leading `'`,
/// OWASP's advice; every other cell is returned unchanged.
pub fn neutralise_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The label's word as the CSV writes it (the reader's spellings are normalised).
pub fn label_word(label: Option<Label>) -> &'static str {
    match label {
        Some(Label::Malicious) => "malicious",
        Some(Label::Normal) => "normal",
        None => "",
    }
}

/// Predicted label at `threshold` (malicious ⇔ probability ≥ threshold).
pub fn predicted_word(probability: f64, threshold: f64) -> &'static str {
    if probability >= threshold {
        "malicious"
    } else {
        "normal"
    }
}

/// The header row: `No.,Time,Source,Destination,Protocol,Length,Info`, the extra columns, `label` when
/// the capture has labels, then [`SCORE_COLUMNS`].
pub fn header(scored: &ScoredCapture) -> Vec<String> {
    let capture = &scored.capture;
    let mut header: Vec<String> =
        ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"].map(String::from).into();
    header.extend(capture.extra_columns.iter().cloned());
    if capture.has_labels {
        header.push("label".to_string());
    }
    header.extend(SCORE_COLUMNS.map(String::from));
    header
}

/// Writes the scored capture as CSV. `Time` is the packet time in seconds as read (Wireshark's
/// relative seconds, or the epoch seconds of an absolute time); numbers use Rust's shortest exact form.
pub fn scored_csv(scored: &ScoredCapture, threshold: f64) -> Vec<u8> {
    let capture = &scored.capture;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let header = header(scored);
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    // Writing into a Vec cannot fail; a failure would only drop the row, never panic.
    let _ = out.write_record(header.iter().map(|h| neutralise_cell(h).into_owned()));
    for (i, p) in capture.packets.iter().enumerate() {
        record.clear();
        record.push(p.number.to_string());
        record.push(p.time_s.to_string());
        for text in [&p.source, &p.destination, &p.protocol] {
            record.push(neutralise_cell(text).into_owned());
        }
        record.push(p.length_bytes.to_string());
        record.push(neutralise_cell(&p.info).into_owned());
        record.extend(capture.extra_values_of(i).iter().map(|v| neutralise_cell(v).into_owned()));
        if capture.has_labels {
            record.push(label_word(p.label).to_string());
        }
        let probability = scored.probability.get(i).copied().unwrap_or(f64::NAN);
        record.push(probability.to_string());
        record.push(predicted_word(probability, threshold).to_string());
        let _ = out.write_record(&record);
    }
    out.into_inner().unwrap_or_default()
}
