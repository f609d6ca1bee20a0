//! Records the strict (RFC 4180) reading gets wrong: tshark's unescaped quotes and unclosed quotes.
//!
//! Input: the bytes of one strict record (it may span lines) and the column map. Output: a [`Repair`] —
//! keep the strict record, read its first line leniently, or skip that line as an unclosed quote; in the
//! last two cases the reader resumes at the next line, so no row below is swallowed.
//!
//! # The lenient reading of a line (used only where the strict one fails)
//! - `tshark -T fields -E quote=d` (4.0) writes a `"` inside a quoted field as it is. So within one line,
//!   a quoted field ends at the first `"` followed by the separator or the line's end; every other `"`
//!   in it is a literal character (no `""` unescaping). Unquoted fields end at the separator.
//! - A line with more fields than the header is accepted only when the surplus can be given to `Info` (the
//!   one free-text column): the cells from `Info` on up to the fixed columns after it, rejoined with the
//!   separator, must be one quoted span `"…"`; its inside is the Info text.
//! - A strict record is re-read this way when it has the wrong field count, or when it spans several lines
//!   and either its next line is a complete row by itself or it spans more than [`MAX_FIELD_LINES`] lines.
//!   Then a first line that does not close its quote is skipped (reported with the character where the
//!   quote opened), and reading resumes on the next line.

use csv::ByteRecord;

use super::columns::Columns;
use super::dialect::Dialect;

/// A quoted field running over more lines than this is taken for an unclosed quote.
pub(crate) const MAX_FIELD_LINES: usize = 16;

/// What to do with a strict record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Repair {
    /// The strict record stands (a legitimate multi-line cell, or a row that is bad either way).
    Keep,
    /// The record's first line, read leniently, is the row; reading resumes at `resume` (absolute byte
    /// offset) when the strict record ran past that line.
    Row { record: ByteRecord, resume: Option<usize> },
    /// The first line opens a quote at `column` (0-based character of the line) that it never closes
    /// (`None`: its quotes close leniently but it is not a row); read strictly, the field runs over
    /// `spanned_lines` lines. Skip the line and resume at `resume`.
    Unclosed { column: Option<usize>, spanned_lines: usize, resume: usize },
}

/// One field of a line: the bytes as written (with quotes) and its content.
#[derive(Debug, Clone, Copy)]
struct Field {
    raw: (usize, usize),
    content: (usize, usize),
}

/// Whether a strict record needs a second look: wrong field count, a line break inside it, or quotes
/// that RFC 4180 does not allow (which the strict reader silently drops or keeps).
pub(crate) fn is_suspect(raw: &[u8], fields: usize, d: Dialect, columns: &Columns) -> bool {
    let body = raw.trim_ascii();
    fields != columns.count()
        || memchr::memchr2(b'\n', b'\r', body).is_some()
        || (memchr::memchr(d.quote, body).is_some() && !is_strictly_quoted(body, d))
}

/// Whether every `"` of a one-line record is where RFC 4180 allows it: opening a field, doubled inside a
/// quoted field, or closing it right before a separator or the end.
fn is_strictly_quoted(line: &[u8], d: Dialect) -> bool {
    let mut at = 0;
    loop {
        if line.get(at) == Some(&d.quote) {
            at += 1;
            loop {
                match memchr::memchr(d.quote, &line[at.min(line.len())..]) {
                    None => return false,
                    Some(i) if line.get(at + i + 1) == Some(&d.quote) => at += i + 2,
                    Some(i) => {
                        at += i + 1;
                        break;
                    }
                }
            }
            match line.get(at) {
                None => return true,
                Some(&b) if b == d.delimiter => at += 1,
                Some(_) => return false,
            }
        } else {
            let end = memchr::memchr(d.delimiter, &line[at..]).map_or(line.len(), |i| at + i);
            if memchr::memchr(d.quote, &line[at..end]).is_some() {
                return false;
            }
            if end == line.len() {
                return true;
            }
            at = end + 1;
        }
    }
}

/// Splits a line by the lenient rule; `Err(offset)` of an opening quote the line never closes.
fn split_line(line: &[u8], d: Dialect) -> Result<Vec<Field>, usize> {
    let mut fields = Vec::new();
    let mut at = 0;
    loop {
        if line.get(at) == Some(&d.quote) {
            let closes = (at + 1..line.len())
                .find(|&q| line[q] == d.quote && (q + 1 == line.len() || line[q + 1] == d.delimiter))
                .ok_or(at)?;
            fields.push(Field { raw: (at, closes + 1), content: (at + 1, closes) });
            at = closes + 1;
        } else {
            let end = memchr::memchr(d.delimiter, &line[at..]).map_or(line.len(), |i| at + i);
            fields.push(Field { raw: (at, end), content: (at, end) });
            at = end;
        }
        if at >= line.len() {
            return Ok(fields);
        }
        at += 1; // the separator
        if at == line.len() {
            fields.push(Field { raw: (at, at), content: (at, at) });
            return Ok(fields);
        }
    }
}

/// Reads one line leniently into a record of exactly the header's field count: `Ok(None)` when it cannot
/// be, `Err(offset)` of an unclosed opening quote.
fn lenient_record(line: &[u8], d: Dialect, columns: &Columns) -> Result<Option<ByteRecord>, usize> {
    let fields = split_line(line, d)?;
    let count = columns.count();
    let mut record = ByteRecord::new();
    if fields.len() == count {
        fields.iter().for_each(|f| record.push_field(&line[f.content.0..f.content.1]));
        return Ok(Some(record));
    }
    let info = columns.required[6];
    if fields.len() < count {
        return Ok(None);
    }
    let last_info = info + fields.len() - count;
    let span = &line[fields[info].raw.0..fields[last_info].raw.1];
    if span.len() < 2 || span[0] != d.quote || span[span.len() - 1] != d.quote {
        return Ok(None);
    }
    fields[..info].iter().for_each(|f| record.push_field(&line[f.content.0..f.content.1]));
    record.push_field(&span[1..span.len() - 1]);
    fields[last_info + 1..].iter().for_each(|f| record.push_field(&line[f.content.0..f.content.1]));
    Ok(Some(record))
}

/// The non-blank physical lines of `text[from..to]` (LF, CRLF or lone CR ends) as absolute ranges.
fn lines(text: &[u8], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = from;
    for at in memchr::memchr2_iter(b'\n', b'\r', &text[from..to]).map(|i| from + i) {
        if at > start {
            out.push((start, at));
        }
        start = at + 1;
    }
    if to > start {
        out.push((start, to));
    }
    out
}

/// Decides about the suspect strict record `text[start..end]`.
pub(crate) fn repair(text: &[u8], start: usize, end: usize, d: Dialect, columns: &Columns) -> Repair {
    let lines = lines(text, start, end);
    let Some(&(first_start, first_end)) = lines.first() else { return Repair::Keep };
    let first = lenient_record(&text[first_start..first_end], d, columns);
    let Some(&(next_start, next_end)) = lines.get(1) else {
        return match first {
            Ok(Some(record)) => Repair::Row { record, resume: None },
            _ => Repair::Keep,
        };
    };
    let next_is_row = matches!(lenient_record(&text[next_start..next_end], d, columns), Ok(Some(_)));
    if !next_is_row && lines.len() <= MAX_FIELD_LINES {
        return Repair::Keep;
    }
    // Resume right after the first line's end, so that blank lines keep their line numbers.
    let resume = first_end;
    match first {
        Ok(Some(record)) => Repair::Row { record, resume: Some(resume) },
        Ok(None) => Repair::Unclosed { column: None, spanned_lines: lines.len(), resume },
        Err(offset) => {
            let column = String::from_utf8_lossy(&text[first_start..first_start + offset]).chars().count();
            Repair::Unclosed { column: Some(column), spanned_lines: lines.len(), resume }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(n: usize) -> Columns {
        Columns {
            required: [0, 1, 2, 3, 4, 5, 6],
            label: None,
            extra: (7..n).collect(),
            names: vec![String::new(); n],
        }
    }

    fn read(line: &str) -> Result<Option<Vec<String>>, usize> {
        let record = lenient_record(line.as_bytes(), Dialect::COMMA, &columns(7))?;
        Ok(record.map(|r| r.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect()))
    }

    #[test]
    fn quotes_inside_quoted_fields_are_literal() {
        let got = read(r#""1","2","3","4","DNS","6","TXT foo"""#).expect("closes").expect("7 fields");
        assert_eq!(got[6], "TXT foo\"");
        let got = read(r#"1,2,3,4,HTTP,6,"GET /q="hi",x HTTP/1.1 ""#).expect("closes").expect("merged");
        assert_eq!(got[6], "GET /q=\"hi\",x HTTP/1.1 ");
        assert_eq!(read("1,2,3,4,5,6,").expect("ok").expect("7").len(), 7);
    }

    #[test]
    fn surplus_fields_go_to_info_only_when_quoted() {
        assert_eq!(read("1,2,3,4,5,6,x,extra"), Ok(None));
        assert_eq!(read("1,2,3,4,5,6"), Ok(None));
        assert_eq!(read("1,2,3,4,5,6,\"open"), Err(12));
    }

    #[test]
    fn strict_quoting_is_recognised() {
        assert!(is_strictly_quoted(br#""1","a ""b"", c",3,"#, Dialect::COMMA));
        assert!(is_strictly_quoted(b"1,2,3", Dialect::COMMA));
        for bad in [&br#""say"foo".x""#[..], br#"1,a"b,3"#, br#""open"#, br#""a"x,2"#] {
            assert!(!is_strictly_quoted(bad, Dialect::COMMA), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_cr() {
        assert_eq!(lines(b"a\r\nb\rc\n\nd", 0, 9), [(0, 1), (3, 4), (5, 6), (8, 9)]);
    }
}
