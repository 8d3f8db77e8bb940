//! The one CSV writer configuration, its fast twin for batch rows ([`Encoder`]), and CSV
//! files written atomically with the byte-order mark.

use std::io::{self, Write};
use std::path::Path;

use super::{OutputError, write_atomic};

/// UTF-8 byte-order mark written at the start of every CSV file: without it,
/// Excel on Windows decodes a double-clicked CSV in the ANSI code page and
/// shows "SÃ£o TomÃ©" for "São Tomé". Other tools (and [`crate::batch::input`])
/// skip it.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Builds the CSV writer configuration that every command uses:
///
/// * comma delimiter: the RFC 4180 default, read by every tool (Excel in a
///   locale whose list separator is `;` still opens it with Data > From Text);
/// * CRLF line endings: what Excel itself writes and RFC 4180 asks for; every
///   reader, including ours, also accepts them on Unix;
/// * fields quoted only when needed (they contain the delimiter, a quote or a
///   line break), quotes doubled inside.
///
/// It does not write the UTF-8 byte-order mark: [`write_csv_atomic`] does, so
/// that Excel shows accented names correctly.
pub fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(b',')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .double_quote(true)
        .flexible(false)
        .from_writer(w)
}

/// Encodes records as [`csv_writer`] does (comma, CRLF, quotes only where needed) straight
/// into bytes: batch scoring encodes millions of rows on several threads, and the CSV
/// writer's checks and buffering were a tenth of the scoring time, for cells that mostly
/// cannot need quotes. Tests check the two agree.
#[derive(Debug, Default)]
pub struct Encoder {
    bytes: Vec<u8>,
    /// Fields in the record being written.
    fields: usize,
    /// Where that record starts.
    start: usize,
}

impl Encoder {
    pub fn new(capacity: usize) -> Self {
        Encoder {
            bytes: Vec::with_capacity(capacity),
            fields: 0,
            start: 0,
        }
    }

    /// Adds a field, quoted if it needs to be.
    pub fn field(&mut self, text: &str) {
        self.delimit();
        let text = text.as_bytes();
        if text
            .iter()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
        {
            self.bytes.push(b'"');
            for &b in text {
                if b == b'"' {
                    self.bytes.push(b'"');
                }
                self.bytes.push(b);
            }
            self.bytes.push(b'"');
        } else {
            self.bytes.extend_from_slice(text);
        }
    }

    /// Starts a field and gives the bytes to write it into: for text that never needs
    /// quotes (digits, ids).
    pub fn plain_field(&mut self) -> &mut Vec<u8> {
        self.delimit();
        &mut self.bytes
    }

    /// Starts a field, after a delimiter unless it is the record's first.
    fn delimit(&mut self) {
        if self.fields > 0 {
            self.bytes.push(b',');
        }
        self.fields += 1;
    }

    /// Adds a whole record.
    pub fn record<T: AsRef<str>>(&mut self, cells: &[T]) {
        for cell in cells {
            self.field(cell.as_ref());
        }
        self.end_record();
    }

    /// Ends the record whose fields were added one by one.
    pub fn end_record(&mut self) {
        // A record of one empty field would read back as no record at all.
        if self.fields == 1 && self.bytes.len() == self.start {
            self.bytes.extend_from_slice(b"\"\"");
        }
        self.bytes.extend_from_slice(b"\r\n");
        self.fields = 0;
        self.start = self.bytes.len();
    }

    /// The bytes so far.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Writes a CSV file atomically with [`write_atomic`]: the UTF-8 byte-order
/// mark, then whatever `fill` writes through the [`csv_writer`]
/// configuration.
pub fn write_csv_atomic(
    path: &Path,
    fill: impl FnOnce(&mut csv::Writer<&mut dyn Write>) -> Result<(), csv::Error>,
) -> Result<(), OutputError> {
    write_atomic(path, |w| {
        w.write_all(UTF8_BOM)?;
        let mut writer = csv_writer(w);
        fill(&mut writer).map_err(io::Error::from)?;
        writer.flush()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::fs;

    #[test]
    fn csv_file_has_bom_crlf_and_quotes_when_needed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.csv");
        write_csv_atomic(&path, |w| {
            w.write_record(["country", "note"])?;
            w.write_record(["São Tomé", "a, \"b\"\nc"])
        })
        .expect("write");
        assert_eq!(
            fs::read(&path).expect("read"),
            "\u{feff}country,note\r\nSão Tomé,\"a, \"\"b\"\"\nc\"\r\n".as_bytes()
        );
    }

    proptest! {
        #[test]
        fn csv_writer_round_trips(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z,;\"\r\n =\t'é]{0,8}", 3),
                0..8,
            )
        ) {
            let mut bytes = Vec::new();
            {
                let mut w = csv_writer(&mut bytes);
                for row in &rows {
                    w.write_record(row).expect("write");
                }
                w.flush().expect("flush");
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            let back: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.expect("read").iter().map(str::to_owned).collect())
                .collect();
            prop_assert_eq!(back, rows);
        }
    }

    /// What the CSV writer of every other output file makes of `records`.
    fn by_csv_writer(records: &[Vec<String>]) -> Vec<u8> {
        let mut w = csv_writer(Vec::new());
        for r in records {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    }

    fn by_encoder(records: &[Vec<String>]) -> Vec<u8> {
        let mut e = Encoder::new(0);
        for r in records {
            e.record(r);
        }
        e.into_bytes()
    }

    #[test]
    fn the_encoder_writes_what_the_csv_writer_writes() {
        let records: Vec<Vec<String>> = [
            vec!["id", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""],
            vec!["", "", "", "", "", ""],
            vec!["'=1+1", "é", " spaced ", "a;b", "tab\there", "#"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        assert_eq!(by_encoder(&records), by_csv_writer(&records));
        // The one record whose bytes are not just its fields.
        let lone = vec![vec![String::new()]];
        assert_eq!(by_encoder(&lone), by_csv_writer(&lone));
        assert_eq!(by_encoder(&lone), b"\"\"\r\n");
    }

    proptest! {
        #[test]
        fn any_cells_encode_as_the_csv_writer_encodes(
            cells in proptest::collection::vec("[a-c,\"\r\n ;é]{0,6}", 1..6),
            rows in 1usize..4,
        ) {
            let records = vec![cells; rows];
            prop_assert_eq!(by_encoder(&records), by_csv_writer(&records));
        }
    }
}
