//! Finding the header row (below blank and title rows) and checking it.

use std::collections::HashMap;

use super::{
    Column, InputError, MAX_COLUMNS, MAX_HEADER_BYTES, MAX_TITLE_ROWS, Pending, Record, Source,
    SourceError, used_width,
};

/// The header found, and the first data row read ahead of it.
pub(super) struct Header {
    /// Trimmed, unique, non-empty column names.
    pub names: Vec<String>,
    /// Empty columns at the right end of the header were dropped.
    pub dropped_columns: bool,
    /// The first data row, when `pending` is `Pending::Row`.
    pub next: Record,
    pub pending: Pending,
}

/// Reads up to the header (skipping blank rows, and title rows: a first
/// row with one non-empty cell above a row with more), checks it, and reads
/// ahead to the first data row.
pub(super) fn read(
    source: &mut Source,
    file: &str,
    first_column: usize,
    notices: &mut Vec<String>,
) -> Result<Header, InputError> {
    let header_error = |e: SourceError| match e {
        SourceError::Fatal(e) => e,
        SourceError::Unclosed { row, column, lines } => InputError::UnclosedQuote {
            file: file.to_owned(),
            row,
            column: Column {
                index: first_column + column,
                name: None,
            },
            lines,
        },
        SourceError::Cell { row, column, error } => InputError::HeaderCellError {
            file: file.to_owned(),
            row,
            column: Column {
                index: first_column + column,
                name: None,
            },
            error,
        },
    };
    let mut header = Record::new();
    let mut next = Record::new();
    let Some(mut header_row) = source.read_non_blank(&mut header).map_err(header_error)? else {
        return Err(InputError::NoHeader {
            file: file.to_owned(),
            detail: "every row is blank".to_owned(),
        });
    };
    let mut pending = read_ahead(source, &mut next);
    for _ in 0..MAX_TITLE_ROWS {
        let Pending::Row(next_row) = pending else {
            break;
        };
        if non_empty_cells(&header) > 1 || non_empty_cells(&next) <= 1 {
            break;
        }
        notices.push(format!("skipped title row {header_row} above the header"));
        std::mem::swap(&mut header, &mut next);
        header_row = next_row;
        pending = read_ahead(source, &mut next);
    }
    if let Pending::Error(e) = pending {
        // An error in the first data row is that row's, unless it means
        // the whole file is unusable.
        pending = match e {
            SourceError::Fatal(e) => return Err(e),
            other => Pending::Error(other),
        };
    }

    let names = check(file, header_row, &header, first_column, notices)?;
    if matches!(pending, Pending::Nothing) {
        notices.push(format!(
            "{file} has a header (row {header_row}) but no data rows"
        ));
    }
    Ok(Header {
        dropped_columns: names.len() < header.len(),
        names,
        next,
        pending,
    })
}

/// Reads the next non-blank row, keeping an error for later.
fn read_ahead(source: &mut Source, record: &mut Record) -> Pending {
    match source.read_non_blank(record) {
        Ok(Some(row)) => Pending::Row(row),
        Ok(None) => Pending::Nothing,
        Err(e) => Pending::Error(e),
    }
}

/// Cleans and checks the header row: trims names, drops empty columns at
/// the right end (with a notice), refuses empty, over-long and duplicate
/// names and too many columns.
fn check(
    file: &str,
    row: u64,
    header: &Record,
    first_column: usize,
    notices: &mut Vec<String>,
) -> Result<Vec<String>, InputError> {
    let width = used_width(header, |h| !clean_header(h).is_empty());
    if width > MAX_COLUMNS {
        return Err(InputError::TooManyColumns {
            file: file.to_owned(),
            row,
            columns: width,
        });
    }
    let dropped = header.len() - width;
    if dropped > 0 {
        let first = Column::letter(first_column + width);
        let last = Column::letter(first_column + header.len() - 1);
        let (s, range) = if dropped == 1 {
            ("", first)
        } else {
            ("s", format!("{first}-{last}"))
        };
        notices.push(format!(
            "ignored {dropped} trailing empty column{s} ({range}) to the right of the header"
        ));
    }
    let column = |index: usize| Column {
        index: first_column + index,
        name: None,
    };
    let mut headers = Vec::with_capacity(width);
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(width);
    for (index, raw) in header.iter().take(width).enumerate() {
        let name = clean_header(raw);
        if name.is_empty() {
            return Err(InputError::EmptyHeader {
                file: file.to_owned(),
                row,
                column: column(index),
            });
        }
        if name.len() > MAX_HEADER_BYTES {
            return Err(InputError::HeaderTooLong {
                file: file.to_owned(),
                row,
                column: column(index),
                len: name.len(),
            });
        }
        if let Some(&first) = seen.get(name) {
            return Err(InputError::DuplicateHeader {
                file: file.to_owned(),
                row,
                name: name.to_owned(),
                first: column(first),
                second: column(index),
            });
        }
        seen.insert(name, index);
        headers.push(name.to_owned());
    }
    Ok(headers)
}

fn non_empty_cells(record: &Record) -> usize {
    record.iter().filter(|f| !f.trim().is_empty()).count()
}

/// A header cell without surrounding white space or byte-order marks.
fn clean_header(cell: &str) -> &str {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}
