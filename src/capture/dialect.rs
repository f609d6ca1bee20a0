//! The field separator of a CSV: `,` as Wireshark writes it, `;` as spreadsheets in many locales save "CSV",
//! or a tab as tshark's `-T fields` writes by default.
//!
//! Input: the CSV text. Output: the separator byte — the one named by Excel's `sep=X` first line, else
//! the most frequent of `,` `;` tab in the first line (ties and none: `,`). Rejects nothing.

/// Picks the field separator of `text`.
pub(crate) fn delimiter(text: &[u8]) -> u8 {
    let end = text.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(text.len());
    let first_line = &text[..end];
    if let [s, e, p, eq, named] = first_line.trim_ascii_start() {
        if [*s, *e, *p].eq_ignore_ascii_case(b"sep") && *eq == b'=' && !matches!(named, b'"' | b' ') {
            return *named;
        }
    }
    let count = |sep: u8| first_line.iter().filter(|&&b| b == sep).count();
    let mut best = (count(b','), b',');
    for sep in [b';', b'\t'] {
        let n = count(sep);
        if n > best.0 {
            best = (n, sep);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_separator_of_the_header_line() {
        assert_eq!(delimiter(b"No.,Time,Source\n1;2;3"), b',');
        assert_eq!(delimiter(b"No.;Time;Source;Info\r\n"), b';');
        assert_eq!(delimiter(b"_ws.col.No.\t_ws.col.Time\n"), b'\t');
        assert_eq!(delimiter(b"sep=;\nNo.,Time;Source"), b';');
        assert_eq!(delimiter(b"SEP=|\n"), b'|');
        assert_eq!(delimiter(b"justone"), b',');
        assert_eq!(delimiter(b""), b',');
    }
}
