//! The one CSV writer configuration, and CSV files written atomically with the byte-order mark.

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
}
