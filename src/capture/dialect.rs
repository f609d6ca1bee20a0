//! The field separator and quote of a CSV: `,` as Wireshark writes it, `;` as spreadsheets in many locales
//! save "CSV", or a tab as tshark's `-T fields` writes by default; `"`, or `'` as tshark's `-E quote=s` writes.
//!
//! Input: the CSV text. Output: the separator byte — the one named by Excel's `sep=X` first line, else
//! the most frequent of `,` `;` tab in the first line (ties and none: `,`) — and the quote: `'` when the
//! first line below the header starts and ends with `'` and holds `'<separator>'`, else `"`. Rejects nothing.

/// How the fields of a CSV are separated and quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// The field separator.
    pub delimiter: u8,
    /// The quote character.
    pub quote: u8,
}

impl Dialect {
    /// Wireshark's own: `,` and `"`.
    #[cfg(test)]
    pub(crate) const COMMA: Dialect = Dialect { delimiter: b',', quote: b'"' };

    /// The dialect of `text`.
    pub(crate) fn of(text: &[u8]) -> Dialect {
        let delimiter = delimiter(text);
        Dialect { delimiter, quote: quote(text, delimiter) }
    }
}

/// `'` when the first data line is written as tshark's `-E quote=s` writes every line.
fn quote(text: &[u8], delimiter: u8) -> u8 {
    let mut lines = text.split(|&b| b == b'\n' || b == b'\r').filter(|l| !l.trim_ascii().is_empty());
    let data = lines.nth(1).map(<[u8]>::trim_ascii).unwrap_or_default();
    let inner = [b'\'', delimiter, b'\''];
    let single = data.len() >= 2
        && data.starts_with(b"'")
        && data.ends_with(b"'")
        && data.windows(3).any(|w| w == inner);
    if single {
        b'\''
    } else {
        b'"'
    }
}

/// Picks the field separator of `text`.
fn delimiter(text: &[u8]) -> u8 {
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

    #[test]
    fn single_quotes_only_when_the_data_is_written_so() {
        assert_eq!(Dialect::of(b"No.,Info\n'1','a, b'\n").quote, b'\'');
        assert_eq!(Dialect::of(b"No.,Info\n\n'1'\t'x'\n").quote, b'"');
        assert_eq!(Dialect::of(b"No.,Info\n1,'quoted' text\n").quote, b'"');
        assert_eq!(Dialect::of(b"No.\tInfo\r\n'1'\t'x'\r\n"), Dialect { delimiter: b'\t', quote: b'\'' });
    }
}
