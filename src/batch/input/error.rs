//! Errors of the input layer: each message starts with the file, then says
//! where (row, column), what is wrong and what was expected.

use std::fmt;
use std::io;

use super::{MAX_CELL_BYTES, MAX_COLUMNS, MAX_FILE_BYTES, MAX_HEADER_BYTES};

/// A column as a spreadsheet shows it: its letter (A, B, ..., AA) and, once
/// the header is known, its name. Displays as `column C (score)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 0-based position as the spreadsheet shows it (column A is 0).
    pub index: usize,
    pub name: Option<String>,
}

impl Column {
    /// The spreadsheet letter of a 0-based column position: A, ..., Z, AA, ...
    pub fn letter(index: usize) -> String {
        let mut n = index + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(b'A' + rem as u8);
            n = (n - 1) / 26;
        }
        letters.reverse();
        String::from_utf8(letters).unwrap_or_default()
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}", Column::letter(self.index))?;
        if let Some(name) = &self.name {
            write!(f, " ({name})")?;
        }
        Ok(())
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an input file, or one of its rows, cannot be read.
///
/// [`InputError::is_fatal`] tells the two kinds apart: a fatal error means
/// the whole input is unusable and no more rows will come; any other error
/// concerns one row, and reading can go on with the next.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    // ---- The whole input is unusable. ----
    #[error("{file}: no such file")]
    NotFound { file: String },

    #[error("{file} is a folder, not a file")]
    NotAFile { file: String },

    #[error("{file}: could not read the file: {source}")]
    Io {
        file: String,
        #[source]
        source: io::Error,
    },

    #[error(
        "{file} has {size} bytes; the limit is {limit} bytes (MAX_FILE_BYTES): \
         split it into smaller files",
        limit = MAX_FILE_BYTES
    )]
    TooLarge { file: String, size: u64 },

    #[error("{file} is empty ({detail}); expected a header row and then one row per respondent")]
    Empty { file: String, detail: String },

    #[error(
        "{file}: unknown encoding '{label}'; use an encoding name such as utf-8, \
         windows-1252, latin1, iso-8859-15, utf-16le or utf-16be"
    )]
    UnknownEncoding { file: String, label: String },

    #[error(
        "{file}: the delimiter {shown} cannot separate fields; use ',', ';', tab or '|'",
        shown = super::sniff::show_delimiter(*delimiter)
    )]
    BadDelimiter { file: String, delimiter: u8 },

    #[error(
        "{file} has NUL bytes between its characters (first at offset {offset}): it looks \
         like UTF-16 without a byte-order mark; re-save as UTF-8 or pass --encoding {suggestion}"
    )]
    Utf16WithoutBom {
        file: String,
        offset: u64,
        suggestion: &'static str,
    },

    #[error(
        "{file} has a NUL byte at offset {offset}: it looks like a binary file, not CSV text; \
         export the data as CSV (UTF-8) or pass the Excel workbook itself"
    )]
    Binary { file: String, offset: u64 },

    #[error("{file} has no header row: {detail}")]
    NoHeader { file: String, detail: String },

    #[error(
        "{file} row {row}: the header has {columns} columns; the limit is {limit} columns \
         (MAX_COLUMNS)",
        limit = MAX_COLUMNS
    )]
    TooManyColumns {
        file: String,
        row: u64,
        columns: usize,
    },

    #[error(
        "{file} row {row}, {column}: the header has {len} bytes; the limit is {limit} bytes \
         (MAX_HEADER_BYTES)",
        limit = MAX_HEADER_BYTES
    )]
    HeaderTooLong {
        file: String,
        row: u64,
        column: Column,
        len: usize,
    },

    #[error(
        "{file} row {row}: {column} has an empty header; every column needs a name \
         (only empty columns at the right end are ignored)"
    )]
    EmptyHeader {
        file: String,
        row: u64,
        column: Column,
    },

    #[error(
        "{file} row {row}: the header '{name}' appears twice, in {first} and {second}; \
         column names must be unique"
    )]
    DuplicateHeader {
        file: String,
        row: u64,
        name: String,
        first: Column,
        second: Column,
    },

    #[error(
        "{file} row {row}, {column}: the header cell holds the error {error} instead of a name"
    )]
    HeaderCellError {
        file: String,
        row: u64,
        column: Column,
        error: String,
    },

    #[error("{file} has no sheet named '{sheet}'; its sheets are {}", quoted_list(.sheets))]
    UnknownSheet {
        file: String,
        sheet: String,
        sheets: Vec<String>,
    },

    #[error("{file}: could not read the workbook: {message}")]
    Workbook { file: String, message: String },

    #[error(
        "{file} row {row}, {column}: a quote opened in this cell is never closed, so the rest \
         of the file ({lines} more lines) was read into it; add the missing closing quote (\")"
    )]
    UnclosedQuote {
        file: String,
        row: u64,
        column: Column,
        lines: u64,
    },

    // ---- One row is bad; the next may be fine. ----
    #[error("{file} row {row}: {}", ragged_detail(*.fields, *.expected))]
    Ragged {
        file: String,
        row: u64,
        fields: usize,
        expected: usize,
    },

    #[error("{file} row {row}, {column}: {}", too_large_detail(*.len))]
    CellTooLarge {
        file: String,
        row: u64,
        column: Column,
        len: u64,
    },

    #[error("{file} row {row}, {column}: {}", cell_error_detail(.error))]
    CellError {
        file: String,
        row: u64,
        column: Column,
        error: String,
    },
}

fn ragged_detail(fields: usize, expected: usize) -> String {
    format!(
        "{fields} cells, but the header has {expected} columns; a value that holds the \
         delimiter must be in quotes"
    )
}

fn too_large_detail(len: u64) -> String {
    format!("the cell has {len} bytes; the limit is {MAX_CELL_BYTES} bytes")
}

fn cell_error_detail(error: &str) -> String {
    format!("the cell holds the error {error} instead of a value")
}

/// One bad row as `errors.csv` records it: the column it is about (if one), the cell's
/// value (when it helps), and what is wrong, without the file and row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFault {
    pub column: Option<Column>,
    pub value: String,
    pub message: String,
}

impl InputError {
    /// For an error about one row (not [fatal](Self::is_fatal)): its parts for
    /// `errors.csv`. `None` for fatal errors.
    pub fn row_fault(&self) -> Option<RowFault> {
        let (column, value, message) = match self {
            InputError::Ragged {
                fields, expected, ..
            } => (None, String::new(), ragged_detail(*fields, *expected)),
            InputError::CellTooLarge { column, len, .. } => {
                (Some(column.clone()), String::new(), too_large_detail(*len))
            }
            InputError::CellError { column, error, .. } => (
                Some(column.clone()),
                error.clone(),
                cell_error_detail(error),
            ),
            _ => return None,
        };
        Some(RowFault {
            column,
            value,
            message,
        })
    }

    /// True when the whole input is unusable (no more rows will come); false
    /// when only the row named in the message is bad.
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            InputError::Ragged { .. }
                | InputError::CellTooLarge { .. }
                | InputError::CellError { .. }
        )
    }

    /// The spreadsheet row the error is about, if it is about one row.
    pub fn row(&self) -> Option<u64> {
        match self {
            InputError::TooManyColumns { row, .. }
            | InputError::HeaderTooLong { row, .. }
            | InputError::EmptyHeader { row, .. }
            | InputError::DuplicateHeader { row, .. }
            | InputError::HeaderCellError { row, .. }
            | InputError::UnclosedQuote { row, .. }
            | InputError::Ragged { row, .. }
            | InputError::CellTooLarge { row, .. }
            | InputError::CellError { row, .. } => Some(*row),
            _ => None,
        }
    }

    /// An error reading `file`; or the input layer's own error when `source` carries one
    /// (a NUL byte found while reading, see `ascii_first.rs`).
    pub(super) fn io(file: &str, source: io::Error) -> Self {
        let source = match source.downcast::<InputError>() {
            Ok(carried) => return carried,
            Err(source) => source,
        };
        if source.kind() == io::ErrorKind::NotFound {
            InputError::NotFound {
                file: file.to_owned(),
            }
        } else {
            InputError::Io {
                file: file.to_owned(),
                source,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16383]
            .into_iter()
            .map(Column::letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }
}
