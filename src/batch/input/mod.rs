//! Opens one input file (CSV or a workbook) and yields its header and rows.
//!
//! This layer knows nothing of questionnaires: it finds the text encoding,
//! the delimiter, the header row, and hands out rows of text cells, each
//! with the row number a spreadsheet would show, so that later messages can
//! point people at the right place. Problems are reported as [`InputError`]s
//! whose messages start with the file name; things worth knowing that are
//! not errors (a fallback encoding, a skipped title row) become
//! [`Table::notices`].
//!
//! ```ignore
//! let mut table = input::open(path, &InputOptions::default())?;
//! eprintln!("{}", table.description());
//! while let Some(row) = table.next_row() {
//!     match row {
//!         Ok(row) => score(row.number, row.fields),
//!         Err(e) if e.is_fatal() => return Err(e),
//!         Err(e) => report(e), // one bad row; go on
//!     }
//! }
//! ```

mod ascii_first;
mod csv_source;
mod decode;
mod error;
mod header;
mod parse;
mod record;
mod scan;
mod sheet;
mod sniff;

use std::fs::File;
use std::path::Path;

pub use error::{Column, InputError, RowFault};
pub use record::Record;

use csv_source::CsvSource;
use sheet::SheetSource;

/// Largest input file read: 2 GiB.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Largest cell: 64 KiB (a free-text answer is far shorter; a larger cell is
/// almost always a broken quote or the wrong file).
pub const MAX_CELL_BYTES: usize = 64 * 1024;
/// Most columns in the header (Excel itself allows 16,384; a questionnaire
/// has a few hundred at most).
pub const MAX_COLUMNS: usize = 4096;
/// Longest column name in the header: 1 KiB.
pub const MAX_HEADER_BYTES: usize = 1024;
/// Most one-cell title rows skipped above the header.
const MAX_TITLE_ROWS: usize = 5;

/// How to read an input file. Every field is optional: by default the
/// delimiter and encoding are detected and the first sheet is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputOptions {
    /// CSV delimiter, e.g. `b';'`, instead of detecting it.
    pub delimiter: Option<u8>,
    /// CSV text encoding as an encoding_rs label (`"windows-1252"`,
    /// `"latin1"`, `"utf-16le"`, ...), instead of detecting it.
    pub encoding: Option<String>,
    /// Workbook sheet to read instead of the first one.
    pub sheet: Option<String>,
    /// Threads the encoding check of a large CSV file may use, instead of one per core.
    pub threads: Option<usize>,
}

/// One data row. `fields` always has exactly as many fields as
/// [`Table::headers`], in the same order: missing cells at the end of the
/// row read as empty, and empty cells beyond the last column are dropped.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The row as a spreadsheet shows it: the first line of the file is row
    /// 1 (the header, unless title rows precede it); blank rows and lines
    /// count, line breaks inside a quoted cell do not.
    pub number: u64,
    pub fields: &'a Record,
}

impl Row<'_> {
    /// The cell in column `index` (0-based, as in [`Table::headers`]).
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).unwrap_or("")
    }
}

/// How far reading a file has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub done: u64,
    pub total: u64,
    pub unit: Unit,
}

/// What [`Position`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of a CSV file (as stored, before decoding), read ahead of the row a little.
    Bytes,
    /// Rows of a workbook sheet.
    Rows,
}

/// Why a source could not produce a row; turned into an [`InputError`] by
/// the table, which knows the file and column names.
enum SourceError {
    Fatal(InputError),
    /// The final cell swallowed the rest of the file.
    Unclosed {
        row: u64,
        column: usize,
        lines: u64,
    },
    /// A workbook cell holds an error value.
    Cell {
        row: u64,
        column: usize,
        error: String,
    },
}

enum Source {
    Csv(Box<CsvSource>),
    Sheet(SheetSource),
}

impl Source {
    fn read(&mut self, record: &mut Record) -> Result<Option<u64>, SourceError> {
        match self {
            Source::Csv(s) => s.read(record),
            Source::Sheet(s) => s.read(record),
        }
    }

    /// A notice found while reading, to show after the last row.
    fn late_notice(&self) -> Option<String> {
        match self {
            Source::Csv(s) => s.late_notice(),
            Source::Sheet(_) => None,
        }
    }

    /// Reads the next record that has a non-blank cell.
    fn read_non_blank(&mut self, record: &mut Record) -> Result<Option<u64>, SourceError> {
        loop {
            match self.read(record)? {
                Some(_) if is_blank(record) => continue,
                other => return Ok(other),
            }
        }
    }
}

/// A row read ahead while looking for the header.
enum Pending {
    Nothing,
    Row(u64),
    Error(SourceError),
}

/// An open input file: its header, how it was read, and its rows one at a
/// time through [`Table::next_row`].
pub struct Table {
    file: String,
    headers: Vec<String>,
    description: String,
    notices: Vec<String>,
    source: Source,
    record: Record,
    pending: Pending,
    /// Spreadsheet column of the first field (not 0 when a sheet's used
    /// range starts further right).
    first_column: usize,
    /// Trailing empty header columns were dropped (and noticed).
    dropped_header_columns: bool,
    noticed_short_row: bool,
    noticed_wide_row: bool,
    finished: bool,
}

/// Opens the CSV file or workbook at `path` and reads its header.
///
/// Workbooks are recognised by their extension (xlsx, xlsm, xlsb, xls, ods)
/// or their first bytes; anything else is read as CSV.
pub fn open(path: &Path, opts: &InputOptions) -> Result<Table, InputError> {
    // Messages name the file as people know it; a missing file is named
    // with the path as given, since that is what was mistyped.
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let meta =
        std::fs::metadata(path).map_err(|e| InputError::io(&path.display().to_string(), e))?;
    if meta.is_dir() {
        return Err(InputError::NotAFile { file });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(InputError::TooLarge {
            file,
            size: meta.len(),
        });
    }
    if meta.len() == 0 {
        return Err(InputError::Empty {
            file,
            detail: "0 bytes".to_owned(),
        });
    }
    let mut handle = File::open(path).map_err(|e| InputError::io(&file, e))?;
    let mut head = vec![0u8; 64 * 1024];
    let n = decode::read_some(&mut handle, &mut head).map_err(|e| InputError::io(&file, e))?;
    head.truncate(n);

    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut notices = Vec::new();
    if sheet::EXTENSIONS.contains(&extension.as_str()) || sniff::looks_like_workbook(&head) {
        if !sheet::EXTENSIONS.contains(&extension.as_str()) {
            notices.push(format!(
                "{file} is a workbook despite its name; read it as one"
            ));
        }
        if opts.delimiter.is_some() || opts.encoding.is_some() {
            notices.push(format!(
                "{file} is a workbook: the delimiter and encoding options do not apply"
            ));
        }
        drop(handle);
        let opened = sheet::open(path, &file, opts.sheet.as_deref())?;
        let description = format!("read {file}, sheet '{}'", opened.sheet);
        return Table::start(
            file,
            Source::Sheet(opened.source),
            description,
            notices,
            opened.first_column,
        );
    }

    if opts.sheet.is_some() {
        notices.push(format!(
            "{file} is a CSV file, not a workbook: the sheet option does not apply"
        ));
    }
    let (source, description) = csv_source::open(&file, handle, &head, opts, &mut notices)?;
    Table::start(file, source, description, notices, 0)
}

fn is_blank(record: &Record) -> bool {
    // A byte-order mark counts as blank, as in header names: a row of them is no header
    // (found by fuzzing).
    record.iter().all(|cell| {
        cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .is_empty()
    })
}

/// Fields up to and including the last one that is `filled`.
fn used_width(record: &Record, filled: impl Fn(&str) -> bool) -> usize {
    record.len() - record.iter().rev().take_while(|f| !filled(f)).count()
}

impl Table {
    /// Finds the header (skipping blank rows and title rows above it),
    /// checks it, and reads ahead to the first data row.
    fn start(
        file: String,
        mut source: Source,
        description: String,
        mut notices: Vec<String>,
        first_column: usize,
    ) -> Result<Table, InputError> {
        let header = header::read(&mut source, &file, first_column, &mut notices)?;
        Ok(Table {
            file,
            headers: header.names,
            description,
            notices,
            source,
            record: header.next,
            pending: header.pending,
            first_column,
            dropped_header_columns: header.dropped_columns,
            noticed_short_row: false,
            noticed_wide_row: false,
            finished: false,
        })
    }

    /// The column names, trimmed, in file order; unique and non-empty.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// How the file was read, for the user: e.g. `read input.csv as UTF-8
    /// (with BOM), delimiter ';'` or `read survey.xlsx, sheet 'Responses'`.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Things the user should know that are not errors: a fallback
    /// encoding, a skipped title row, ignored empty columns. More may be
    /// added while rows are read: read them again after the last row.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The CSV field delimiter, or `None` for a workbook (whose cells are already
    /// separated, so `;` inside a cell is text).
    pub fn delimiter(&self) -> Option<u8> {
        match &self.source {
            Source::Csv(s) => Some(s.delimiter),
            Source::Sheet(_) => None,
        }
    }

    /// How far reading has come.
    pub fn progress(&self) -> Position {
        match &self.source {
            Source::Csv(s) => s.position(),
            Source::Sheet(s) => s.position(),
        }
    }

    /// The file as named in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The next data row, skipping blank ones. `Some(Err(e))` with
    /// `e.is_fatal()` is the last item; after any other error, reading can
    /// go on. The row borrows the table's buffer: copy what you keep.
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, InputError>> {
        if self.finished {
            return None;
        }
        let read = match std::mem::replace(&mut self.pending, Pending::Nothing) {
            Pending::Row(number) => Ok(Some(number)),
            Pending::Error(e) => Err(e),
            Pending::Nothing => self.source.read_non_blank(&mut self.record),
        };
        let number = match read {
            Ok(Some(number)) => number,
            Ok(None) => {
                self.finished = true;
                self.notices.extend(self.source.late_notice());
                return None;
            }
            Err(e) => {
                let e = self.source_error(e);
                self.finished = e.is_fatal();
                return Some(Err(e));
            }
        };
        if let Err(e) = self.fit_to_header(number) {
            return Some(Err(e));
        }
        Some(Ok(Row {
            number,
            fields: &self.record,
        }))
    }

    /// Like [`Table::next_row`], but moves the row into `record` and keeps that record's
    /// buffer for the next row: a caller that keeps many rows copies none of them.
    /// Returns the row's number.
    pub fn next_row_into(&mut self, record: &mut Record) -> Option<Result<u64, InputError>> {
        let number = match self.next_row()? {
            Ok(row) => row.number,
            Err(e) => return Some(Err(e)),
        };
        std::mem::swap(&mut self.record, record);
        Some(Ok(number))
    }

    /// Gives the row exactly one field per header and checks cell sizes.
    fn fit_to_header(&mut self, number: u64) -> Result<(), InputError> {
        let width = self.headers.len();
        let fields = self.record.len();
        if fields > width {
            let used = used_width(&self.record, |f| !f.trim().is_empty());
            if used > width {
                return Err(InputError::Ragged {
                    file: self.file.clone(),
                    row: number,
                    fields: used,
                    expected: width,
                });
            }
            self.record.truncate(width);
            if !self.noticed_wide_row && !self.dropped_header_columns {
                self.noticed_wide_row = true;
                self.notices.push(format!(
                    "ignored empty cells to the right of the last column (first in row {number})"
                ));
            }
        } else if fields < width {
            for _ in fields..width {
                self.record.push_field("");
            }
            if !self.noticed_short_row {
                self.noticed_short_row = true;
                self.notices.push(format!(
                    "{file} row {number} has {fields} cells, but the header has {width} \
                     columns: missing cells at the end of a row are read as empty (first such \
                     row)",
                    file = self.file
                ));
            }
        }
        if let Some((index, len)) = self.record.cut() {
            return Err(InputError::CellTooLarge {
                file: self.file.clone(),
                row: number,
                column: self.column(index),
                len,
            });
        }
        Ok(())
    }

    fn column(&self, index: usize) -> Column {
        Column {
            index: self.first_column + index,
            name: self.headers.get(index).cloned(),
        }
    }

    fn source_error(&self, e: SourceError) -> InputError {
        match e {
            SourceError::Fatal(e) => e,
            SourceError::Unclosed { row, column, lines } => InputError::UnclosedQuote {
                file: self.file.clone(),
                row,
                column: self.column(column),
                lines,
            },
            SourceError::Cell { row, column, error } => InputError::CellError {
                file: self.file.clone(),
                row,
                column: self.column(column),
                error,
            },
        }
    }
}

#[cfg(test)]
mod tests;
