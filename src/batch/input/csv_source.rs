//! Records of a CSV file, numbered as a spreadsheet shows them.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use super::ascii_first::AsciiFirst;
use super::decode::{self, Counted};
use super::error::InputError;
use super::parse::{Fault, Parser};
use super::record::Record;
use super::sniff::{self, show_delimiter};
use super::{InputOptions, MAX_CELL_BYTES, Source, SourceError};

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
    let late_notice = Arc::new(OnceLock::new());
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
        decode::Plan::AsciiFirst => {
            decode::rewind(file, &mut handle, 0)?;
            Box::new(AsciiFirst::new(
                file,
                handle,
                opts.threads,
                &read,
                &late_notice,
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
    let source = CsvSource {
        file: file.to_owned(),
        delimiter,
        // The sample read to guess the delimiter, then the rest of the decoded text.
        parser: Parser::new(
            Box::new(Cursor::new(sample).chain(stream)),
            delimiter,
            MAX_CELL_BYTES,
        ),
        read,
        size,
        late_notice,
    };
    Ok((Source::Csv(Box::new(source)), description))
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

pub(super) struct CsvSource {
    file: String,
    /// The field delimiter in use.
    pub(super) delimiter: u8,
    parser: Parser<Box<dyn Read + Send>>,
    /// Bytes read from the file so far, and its size.
    read: Arc<AtomicU64>,
    size: u64,
    /// The notice of a late fallback to Windows-1252, found while reading.
    late_notice: Arc<OnceLock<String>>,
}

impl CsvSource {
    /// The notice of a late fallback to Windows-1252, if there was one.
    pub(super) fn late_notice(&self) -> Option<String> {
        self.late_notice.get().cloned()
    }

    /// Bytes of the file read so far (a buffer ahead of the parser).
    pub(super) fn position(&self) -> super::Position {
        super::Position {
            done: self.read.load(Ordering::Relaxed).min(self.size),
            total: self.size,
            unit: super::Unit::Bytes,
        }
    }

    /// Reads the next record into `record`; returns its row number, or
    /// `None` at the end of the file.
    pub(super) fn read(&mut self, record: &mut Record) -> Result<Option<u64>, SourceError> {
        self.parser.read(record).map_err(|fault| match fault {
            Fault::Io(e) => SourceError::Fatal(InputError::io(&self.file, e)),
            Fault::Unclosed { row, column, lines } => SourceError::Unclosed { row, column, lines },
            Fault::NotUtf8 { row } => SourceError::Fatal(InputError::Io {
                file: self.file.clone(),
                source: io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("row {row} is not UTF-8: did the file change while it was read?"),
                ),
            }),
        })
    }
}
