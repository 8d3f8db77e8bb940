//! The scores on standard output for pipes (`--format csv|json`), streamed like the files.

use std::io::{IsTerminal, Write};

use crate::cli::BatchFormat;
use crate::error::{Error, Result};

pub(super) struct StdoutRows {
    format: BatchFormat,
    /// The column names, as JSON strings, and whether each column holds numbers.
    keys: Vec<(String, Kind)>,
    first: bool,
    line: Vec<u8>,
    /// The reader went away (`egready score ... | head`): stop printing, but go on scoring
    /// and writing the files.
    closed: bool,
    /// Standard output is a terminal, not a pipe: cells lose the control sequences and bidi
    /// marks the terminal would act on (a pipe gets the text as it is).
    terminal: bool,
}

/// How a column is written in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Decimal,
    Integer,
}

impl StdoutRows {
    pub(super) fn new(
        format: BatchFormat,
        header: Vec<String>,
        out: &mut dyn Write,
    ) -> Result<Self> {
        let mut s = StdoutRows {
            format,
            keys: header
                .iter()
                .map(|k| (serde_json::Value::from(k.as_str()).to_string(), kind(k)))
                .collect(),
            first: true,
            line: Vec::new(),
            closed: false,
            terminal: std::io::stdout().is_terminal(),
        };
        match format {
            BatchFormat::Csv => s.write_csv(&header, out)?,
            BatchFormat::Json => s.print(b"[", out)?,
            BatchFormat::Table => {}
        }
        Ok(s)
    }

    fn print(&mut self, bytes: &[u8], out: &mut dyn Write) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        match out.write_all(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other.map_err(Error::from_stdout),
        }
    }

    /// Writes one row of scores.
    pub(super) fn write(&mut self, record: &[String], out: &mut dyn Write) -> Result<()> {
        let cleaned: Vec<String>;
        let record = if self.terminal {
            cleaned = record
                .iter()
                .map(|c| crate::output::strip_control(c).into_owned())
                .collect();
            &cleaned[..]
        } else {
            record
        };
        match self.format {
            BatchFormat::Table => Ok(()),
            BatchFormat::Csv => self.write_csv(record, out),
            BatchFormat::Json => {
                // One object per line, keys in the order of scores.csv.
                let mut obj = String::from(if self.first { "\n{" } else { ",\n{" });
                self.first = false;
                for (n, ((key, kind), v)) in self.keys.iter().zip(record).enumerate() {
                    if n > 0 {
                        obj.push(',');
                    }
                    obj.push_str(key);
                    obj.push(':');
                    obj.push_str(&json_value(*kind, v).to_string());
                }
                obj.push('}');
                self.print(obj.as_bytes(), out)
            }
        }
    }

    pub(super) fn finish(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.format == BatchFormat::Json {
            self.print(b"\n]\n", out)?;
        }
        Ok(())
    }

    /// One CSV record in the shared CSV configuration (without the byte-order mark: the
    /// output goes to a pipe, not to a file Excel opens).
    fn write_csv(&mut self, record: &[String], out: &mut dyn Write) -> Result<()> {
        self.line.clear();
        let mut w = crate::output::csv_writer(&mut self.line);
        w.write_record(record).map_err(|e| Error::Other(e.into()))?;
        drop(w);
        let line = std::mem::take(&mut self.line);
        let printed = self.print(&line, out);
        self.line = line;
        printed
    }
}

fn kind(key: &str) -> Kind {
    if key == "source_row" {
        Kind::Integer
    } else if key == "readiness_index" || key == "completeness" || key.ends_with("_score") {
        Kind::Decimal
    } else {
        Kind::Text
    }
}

/// Numbers as JSON numbers, empty cells as null, the rest as strings.
fn json_value(kind: Kind, v: &str) -> serde_json::Value {
    let number = match kind {
        _ if v.is_empty() => return serde_json::Value::Null,
        Kind::Text => None,
        Kind::Integer => v.parse::<u64>().ok().map(serde_json::Value::from),
        Kind::Decimal => v.parse::<f64>().ok().map(serde_json::Value::from),
    };
    number.unwrap_or_else(|| serde_json::Value::String(v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_the_column_order_and_types() {
        let header: Vec<String> = ["id", "readiness_index", "stage", "source_row"]
            .map(String::from)
            .to_vec();
        let mut out = Vec::new();
        let mut rows =
            StdoutRows::new(BatchFormat::Json, header, &mut out).unwrap_or_else(|e| panic!("{e}"));
        for record in [["=a", "49.1", "developing", "2"], ["b", "", "", "3"]] {
            let record: Vec<String> = record.map(String::from).to_vec();
            rows.write(&record, &mut out)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        rows.finish(&mut out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            String::from_utf8_lossy(&out),
            "[\n{\"id\":\"=a\",\"readiness_index\":49.1,\"stage\":\"developing\",\"source_row\":2},\n\
             {\"id\":\"b\",\"readiness_index\":null,\"stage\":null,\"source_row\":3}\n]\n"
        );
    }
}
