//! Records of a CSV file, numbered as a spreadsheet shows them.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use csv::StringRecord;

use super::decode::{self, TAIL, TailReader};
use super::error::InputError;
use super::line_ends::LoneCr;
use super::sniff::{self, show_delimiter};
use super::{InputOptions, Source, SourceError};

/// Decoded text read ahead to guess the delimiter: at least this much...
const SAMPLE_BYTES: usize = 64 * 1024;
/// ...and more, up to this much, until the sample holds a few lines.
const SAMPLE_MAX_BYTES: usize = 1024 * 1024;
const SAMPLE_LINES: usize = 20;

/// Chooses the encoding and delimiter of the CSV file open as `handle`
/// (whose first bytes are `head`), and returns its records' source with the
/// description of how it is read.
pub(super) fn open(
    file: &str,
    mut handle: File,
    head: &[u8],
    opts: &InputOptions,
    notices: &mut Vec<String>,
) -> Result<(Source, String), InputError> {
    if let Some(d) = opts.delimiter
        && (matches!(d, b'"' | b'\r' | b'\n') || !d.is_ascii())
    {
        return Err(InputError::BadDelimiter {
            file: file.to_owned(),
            delimiter: d,
        });
    }
    let size = handle
        .metadata()
        .map_err(|e| InputError::io(file, e))?
        .len();
    let choice = decode::choose(
        file,
        &mut handle,
        head,
        opts.encoding.as_deref(),
        opts.threads,
    )?;
    notices.extend(choice.notice);
    let read = Arc::new(AtomicU64::new(0));
    let mut stream: Box<dyn Read + Send> = match choice.plan {
        decode::Plan::Utf8 { skip } => {
            decode::rewind(file, &mut handle, skip)?;
            read.store(skip, Ordering::Relaxed);
            Box::new(Counted::new(handle, &read))
        }
        decode::Plan::Decode(encoding) => {
            decode::rewind(file, &mut handle, 0)?;
            Box::new(decode::DecodeReader::new(
                Counted::new(handle, &read),
                encoding,
            ))
        }
    };
    let (sample, complete) = read_sample(&mut stream).map_err(|e| InputError::io(file, e))?;
    if complete {
        let text = String::from_utf8_lossy(&sample);
        if text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .is_empty()
        {
            let detail = if text.is_empty() {
                "only a byte-order mark"
            } else {
                "only white space"
            };
            return Err(InputError::Empty {
                file: file.to_owned(),
                detail: detail.to_owned(),
            });
        }
    }
    let (delimiter, how) = match opts.delimiter {
        Some(d) => (d, " (as given)"),
        None => (sniff::delimiter(&sample, complete).unwrap_or(b','), ""),
    };
    let description = format!(
        "read {file} as {}, delimiter {}{how}",
        choice.label,
        show_delimiter(delimiter)
    );
    let by_lines = !sniff::cr_only_line_breaks(&sample);
    let mut source = CsvSource::new(file, sample, stream, delimiter, by_lines);
    source.progress = Some((read, size));
    Ok((Source::Csv(Box::new(source)), description))
}

/// Counts the bytes read from the file, for the progress bar (the reader sits inside the
/// boxed stream, so the count is shared).
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    fn new(inner: R, read: &Arc<AtomicU64>) -> Self {
        Counted {
            inner,
            read: Arc::clone(read),
        }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads the start of the decoded text: at least [`SAMPLE_BYTES`], more
/// until it holds [`SAMPLE_LINES`] line breaks (up to
/// [`SAMPLE_MAX_BYTES`]). Returns the sample and whether it is all the text.
fn read_sample(stream: &mut dyn Read) -> std::io::Result<(Vec<u8>, bool)> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    let mut chunk = vec![0u8; SAMPLE_BYTES];
    let mut lines = 0;
    loop {
        let n = decode::read_some(stream, &mut chunk)?;
        sample.extend_from_slice(&chunk[..n]);
        if n < chunk.len() {
            return Ok((sample, true));
        }
        lines += chunk.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
        if lines >= SAMPLE_LINES || sample.len() >= SAMPLE_MAX_BYTES {
            return Ok((sample, false));
        }
    }
}

pub(super) type Stream = TailReader<LoneCr<io::Chain<Cursor<Vec<u8>>, Box<dyn Read + Send>>>>;

pub(super) struct CsvSource {
    file: String,
    /// The field delimiter in use.
    pub(super) delimiter: u8,
    reader: csv::Reader<Stream>,
    /// Number rows by the parser's line count (false for files whose lines
    /// end in a lone CR, which the parser does not count).
    by_lines: bool,
    /// Line breaks seen inside quoted fields so far: a record spanning three
    /// lines is still one spreadsheet row.
    inner_newlines: u64,
    records: u64,
    scratch: String,
    /// Bytes read from the file so far, and its size.
    progress: Option<(Arc<AtomicU64>, u64)>,
}

impl CsvSource {
    /// Parses `sample` (the text already read to guess the delimiter) and
    /// then the `rest` of the decoded text.
    pub(super) fn new(
        file: &str,
        sample: Vec<u8>,
        rest: Box<dyn Read + Send>,
        delimiter: u8,
        by_lines: bool,
    ) -> Self {
        let stream = TailReader::new(LoneCr::new(Cursor::new(sample).chain(rest), delimiter));
        // Records end at LF when lines end in LF or CRLF: the parser then
        // counts a line as soon as it ends, so a record's starting line is
        // exact (with its CRLF terminator it would count the LF only when
        // the next record starts). The CR left at the end of the last field
        // is removed in `read`.
        let terminator = if by_lines {
            csv::Terminator::Any(b'\n')
        } else {
            csv::Terminator::CRLF
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .terminator(terminator)
            .buffer_capacity(256 * 1024)
            .from_reader(stream);
        CsvSource {
            file: file.to_owned(),
            delimiter,
            reader,
            by_lines,
            inner_newlines: 0,
            records: 0,
            scratch: String::new(),
            progress: None,
        }
    }

    /// Bytes of the file read so far (a buffer ahead of the parser).
    pub(super) fn position(&self) -> super::Position {
        let (done, total) = self
            .progress
            .as_ref()
            .map_or((0, 0), |(read, size)| (read.load(Ordering::Relaxed), *size));
        super::Position {
            done: done.min(total),
            total,
            unit: super::Unit::Bytes,
        }
    }

    /// Reads the next record into `record`; returns its row number, or
    /// `None` at the end of the file.
    pub(super) fn read(&mut self, record: &mut StringRecord) -> Result<Option<u64>, SourceError> {
        match self.reader.read_record(record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(SourceError::Fatal(self.csv_error(e))),
        }
        self.records += 1;
        if self.by_lines && record.as_slice().ends_with('\r') {
            self.strip_final_cr(record);
        }
        let row = if self.by_lines {
            let line = record.position().map_or(self.records, |p| p.line());
            line.saturating_sub(self.inner_newlines)
        } else {
            self.records
        };
        let text = record.as_slice();
        if text.contains('\n') {
            self.inner_newlines += count_newlines(text);
        }
        if let Some(last) = record.iter().next_back()
            && last.contains(['\n', '\r'])
            && self.at_end()
            && quote_left_open(self.tail())
        {
            return Err(SourceError::Unclosed {
                row,
                column: record.len() - 1,
                lines: count_newlines(last),
            });
        }
        Ok(Some(row))
    }

    /// Removes the CR of a CRLF line ending from the last field.
    fn strip_final_cr(&mut self, record: &mut StringRecord) {
        let Some(last) = record.len().checked_sub(1) else {
            return;
        };
        if let Some(field) = record.get(last).filter(|f| f.ends_with('\r')) {
            self.scratch.clear();
            self.scratch.push_str(&field[..field.len() - 1]);
            record.truncate(last);
            record.push_field(&self.scratch);
        }
    }

    /// True when the parser has consumed the whole input.
    fn at_end(&self) -> bool {
        let stream = self.reader.get_ref();
        stream.at_end() && self.reader.position().byte() == stream.total()
    }

    fn tail(&self) -> &[u8] {
        self.reader.get_ref().tail()
    }

    fn csv_error(&self, e: csv::Error) -> InputError {
        let row = e.position().map(|p| p.line());
        match e.into_kind() {
            csv::ErrorKind::Io(source) => InputError::io(&self.file, source),
            other => {
                let what = match row {
                    Some(line) => format!("line {line}: {other:?}"),
                    None => format!("{other:?}"),
                };
                InputError::Io {
                    file: self.file.clone(),
                    source: io::Error::new(io::ErrorKind::InvalidData, what),
                }
            }
        }
    }
}

fn count_newlines(text: &str) -> u64 {
    text.bytes().filter(|&b| b == b'\n').count() as u64
}

/// Given the last bytes of a file whose final field holds a line break,
/// tells whether the parser ended inside that quoted field. A closed quoted
/// field ends with an odd run of quotes (the closing one after pairs of
/// escaped quotes) before the final line break; an unclosed one ends with
/// its content, so with an even run, usually none.
fn quote_left_open(tail: &[u8]) -> bool {
    let end = tail
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    let trimmed = &tail[..end];
    let quotes = trimmed.iter().rev().take_while(|&&b| b == b'"').count();
    if quotes == trimmed.len() && tail.len() >= TAIL {
        // Nothing but quotes and line breaks in view: cannot tell, so do not
        // accuse the file.
        return false;
    }
    quotes % 2 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_parity() {
        assert!(!quote_left_open(b"1,\"a\nb\"\n"));
        assert!(!quote_left_open(b"1,\"a\nb\""));
        assert!(!quote_left_open(b"1,\"a\nb\"\"\"\r\n"));
        assert!(quote_left_open(b"1,\"a\nb\n2,c\n"));
        assert!(quote_left_open(b"1,\"a\nb\"\"\n"));
    }

    fn rows(text: &str) -> Vec<Result<(u64, Vec<String>), String>> {
        let mut source = CsvSource::new(
            "t.csv",
            Vec::new(),
            Box::new(Cursor::new(text.as_bytes().to_vec())),
            b',',
            true,
        );
        let mut record = StringRecord::new();
        let mut out = Vec::new();
        loop {
            match source.read(&mut record) {
                Ok(Some(row)) => out.push(Ok((row, record.iter().map(str::to_owned).collect()))),
                Ok(None) => break,
                Err(SourceError::Unclosed { row, column, lines }) => {
                    out.push(Err(format!(
                        "unclosed row {row} column {column} lines {lines}"
                    )));
                }
                Err(_) => out.push(Err("other".to_owned())),
            }
        }
        out
    }

    #[test]
    fn rows_count_records_and_blank_lines_but_not_inner_line_breaks() {
        let got = rows("h1,h2\r\n1,\"a\r\nb\nc\"\r\n\r\n2,x\n");
        let numbers: Vec<u64> = got.iter().map(|r| r.as_ref().expect("ok").0).collect();
        // The blank line is row 3 (the table, not the source, skips it).
        assert_eq!(numbers, [1, 2, 3, 4]);
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        let got = rows("h1,h2\n1,ok\n2,\"oops\n3,x\n4,y\n");
        assert_eq!(
            got.last(),
            Some(&Err("unclosed row 3 column 1 lines 3".to_owned()))
        );
    }

    #[test]
    fn closed_multiline_last_field_is_fine() {
        for text in [
            "h1,h2\n1,\"a\nb\"\n",
            "h1,h2\n1,\"a\nb\"",
            "h1,h2\n1,\"a\nb\"\"\"\n",
        ] {
            assert!(rows(text).iter().all(Result::is_ok), "{text:?}");
        }
    }
}
