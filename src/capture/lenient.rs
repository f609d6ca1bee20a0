//! Records the strict (RFC 4180) reading gets wrong: tshark's unescaped quotes, its unquoted Info with
//! separators inside, and unclosed quotes.
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
//! - `-E quote=n` quotes nothing, so Info's separators split it. While no row of the file has used quotes
//!   as quoting (the reader tracks it), a line with surplus fields is split on the separator alone and the
//!   surplus is joined back into Info — unless a cell outside Info, or Info's first cell, opens with a
//!   quote (that line meant to quote). A `"` inside such an unquoted cell is literal.
//! - Every line read this way is reported with its [`Reading`]; lines it cannot make a row of are skipped
//!   by the caller with the strict reading's reason.
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
    /// The record's first line, read leniently (`how`), is the row; reading resumes at `resume` (absolute byte
    /// offset) when the strict record ran past that line.
    Row { record: ByteRecord, how: Reading, resume: Option<usize> },
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

/// How a line the strict reading got wrong was read instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// tshark's `-E quote=d`: quoted fields whose inner `"` are not doubled.
    TsharkQuotes,
    /// More fields than the header, the surplus inside one quoted Info span.
    QuotedInfo,
    /// The right field count, no quoted field, and `"` inside unquoted cells (kept as they are).
    LiteralQuotes,
    /// tshark's `-E quote=n`: nothing quoted, so Info's separators split it; this many surplus fields
    /// were joined back into Info.
    UnquotedInfo(usize),
}

impl Reading {
    /// Words for the report of repaired rows.
    pub(crate) fn describe(self) -> String {
        match self {
            Reading::TsharkQuotes => "a quote inside a quoted field is not doubled (as tshark -E quote=d \
                                      writes it); it was read as a literal quote"
                .to_string(),
            Reading::QuotedInfo => {
                "Info holds separators inside its quotes; they were kept in Info".to_string()
            }
            Reading::LiteralQuotes => {
                "a quote inside an unquoted field (as tshark -E quote=n writes it) was kept as it is"
                    .to_string()
            }
            Reading::UnquotedInfo(1) => "1 more field than the header and nothing quoted (as tshark -E \
                                         quote=n writes it): the separator inside Info split it, so the \
                                         extra field was joined back into Info"
                .to_string(),
            Reading::UnquotedInfo(n) => format!(
                "{n} more fields than the header and nothing quoted (as tshark -E quote=n writes it): the \
                 separators inside Info split it, so the {n} extra fields were joined back into Info"
            ),
        }
    }

    /// Whether the line used quotes as a quoting character (so the file is a quoted export).
    pub(crate) fn is_quoted(self) -> bool {
        matches!(self, Reading::TsharkQuotes | Reading::QuotedInfo)
    }
}

type Lenient = Result<Option<(ByteRecord, Reading)>, usize>;

/// Reads one line leniently into a record of exactly the header's field count: `Ok(None)` when it cannot
/// be, `Err(offset)` of an unclosed opening quote. `unquoted_ok`: whether the file has shown no quoting
/// yet, so a line with surplus fields and no quotes may be a `-E quote=n` row.
fn lenient_record(line: &[u8], d: Dialect, columns: &Columns, unquoted_ok: bool) -> Lenient {
    match quoted_record(line, d, columns) {
        Ok(None) if unquoted_ok => Ok(unquoted_record(line, d, columns)),
        Err(offset) if unquoted_ok => match unquoted_record(line, d, columns) {
            Some(read) => Ok(Some(read)),
            None => Err(offset),
        },
        other => other,
    }
}

/// The quoted reading: fields split by the lenient quote rule; a surplus only as one quoted Info span.
fn quoted_record(line: &[u8], d: Dialect, columns: &Columns) -> Lenient {
    let fields = split_line(line, d)?;
    let count = columns.count();
    let mut record = ByteRecord::new();
    if fields.len() == count {
        fields.iter().for_each(|f| record.push_field(&line[f.content.0..f.content.1]));
        let quoted = fields.iter().any(|f| f.raw != f.content);
        return Ok(Some((record, if quoted { Reading::TsharkQuotes } else { Reading::LiteralQuotes })));
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
    Ok(Some((record, Reading::QuotedInfo)))
}

/// The unquoted reading (`-E quote=n`): a plain split on the separator, with the surplus cells given back
/// to Info. Refused when a cell outside Info's span starts with a quote (that line meant to quote).
fn unquoted_record(line: &[u8], d: Dialect, columns: &Columns) -> Option<(ByteRecord, Reading)> {
    let cells: Vec<&[u8]> = line.split(|&b| b == d.delimiter).collect();
    let count = columns.count();
    let surplus = cells.len().checked_sub(count).filter(|&s| s > 0)?;
    let info = columns.required[6];
    let last_info = info + surplus;
    let opens_quote = |c: &&[u8]| c.first() == Some(&d.quote);
    if cells[..info].iter().chain(&cells[last_info + 1..]).any(opens_quote) || opens_quote(&cells[info]) {
        return None;
    }
    let mut record = ByteRecord::new();
    cells[..info].iter().for_each(|c| record.push_field(c));
    // Info's cells rejoined: from its first cell's start to its last cell's end, separators included.
    let info_start: usize = cells[..info].iter().map(|c| c.len() + 1).sum();
    let info_len: usize = cells[info..=last_info].iter().map(|c| c.len()).sum::<usize>() + surplus;
    record.push_field(&line[info_start..info_start + info_len]);
    cells[last_info + 1..].iter().for_each(|c| record.push_field(c));
    Some((record, Reading::UnquotedInfo(surplus)))
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
/// `unquoted_ok`: the file has used no quoting so far (see [`lenient_record`]).
pub(crate) fn repair(
    text: &[u8],
    (start, end): (usize, usize),
    d: Dialect,
    columns: &Columns,
    unquoted_ok: bool,
) -> Repair {
    let lines = lines(text, start, end);
    let Some(&(first_start, first_end)) = lines.first() else { return Repair::Keep };
    let first = lenient_record(&text[first_start..first_end], d, columns, unquoted_ok);
    let Some(&(next_start, next_end)) = lines.get(1) else {
        return match first {
            Ok(Some((record, how))) => Repair::Row { record, how, resume: None },
            _ => Repair::Keep,
        };
    };
    let next_is_row =
        matches!(lenient_record(&text[next_start..next_end], d, columns, unquoted_ok), Ok(Some(_)));
    if !next_is_row && lines.len() <= MAX_FIELD_LINES {
        return Repair::Keep;
    }
    // Resume right after the first line's end, so that blank lines keep their line numbers.
    let resume = first_end;
    match first {
        Ok(Some((record, how))) => Repair::Row { record, how, resume: Some(resume) },
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

    fn read_as(line: &str, unquoted_ok: bool) -> Result<Option<(Vec<String>, Reading)>, usize> {
        let record = lenient_record(line.as_bytes(), Dialect::COMMA, &columns(7), unquoted_ok)?;
        Ok(record.map(|(r, how)| (r.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect(), how)))
    }

    fn read(line: &str) -> Result<Option<Vec<String>>, usize> {
        Ok(read_as(line, false)?.map(|(fields, _)| fields))
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
    fn an_unquoted_file_gives_the_surplus_to_info() {
        let (fields, how) =
            read_as("1,2,3,4,TCP,6,80 → 443 [SYN, ACK] Seq=0", true).expect("ok").expect("row");
        assert_eq!((fields[6].as_str(), how), ("80 → 443 [SYN, ACK] Seq=0", Reading::UnquotedInfo(1)));
        let (fields, how) = read_as(r#"1,2,3,4,DNS,6,TXT a","b"#, true).expect("ok").expect("row");
        assert_eq!((fields[6].as_str(), how), (r#"TXT a","b"#, Reading::UnquotedInfo(1)));
        let (fields, how) = read_as(r#"1,2,3,4,DNS,6,TXT foo""#, true).expect("ok").expect("row");
        assert_eq!((fields[6].as_str(), how), (r#"TXT foo""#, Reading::LiteralQuotes));
        // Info itself opening with a quote, or a fixed column quoted: that line meant to quote.
        assert_eq!(read_as("1,2,3,4,5,6,\"open,more", true), Err(12));
        assert_eq!(read_as("\"1\",2,3,4,5,6,x,y", true), Ok(None));
        // Once the file has quoted, a surplus without quotes is no row.
        assert_eq!(read_as("1,2,3,4,5,6,x,y", false), Ok(None));
        // Info in the middle: the cells after the surplus stay in their columns.
        let mid = Columns {
            required: [0, 1, 2, 3, 4, 5, 6],
            label: Some(7),
            extra: vec![],
            names: vec![String::new(); 8],
        };
        let (record, _) = lenient_record(b"1,2,3,4,5,6,a,b,c,attack", Dialect::COMMA, &mid, true)
            .expect("ok")
            .expect("row");
        assert_eq!((&record[6], &record[7]), (&b"a,b,c"[..], &b"attack"[..]));
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
