//! Rows of a workbook sheet (xlsx, xlsm, xlsb, xls, ods) through calamine,
//! with every cell turned into the text a CSV export would hold.

use std::fmt::Write as _;
use std::path::Path;

use super::SourceError;
use super::error::InputError;
use super::record::Record;
use calamine::{Data, Range, Reader, open_workbook_auto};

/// File extensions read as workbooks.
pub(super) const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "xla", "ods"];

pub(super) struct SheetSource {
    range: Range<Data>,
    next: usize,
    /// Spreadsheet row number of the range's first row.
    first_row: u64,
    text: String,
}

pub(super) struct Opened {
    pub source: SheetSource,
    pub sheet: String,
    /// 0-based spreadsheet column of the range's first column.
    pub first_column: usize,
}

/// Opens `sheet` (or the first sheet) of the workbook at `path`.
pub(super) fn open(path: &Path, file: &str, sheet: Option<&str>) -> Result<Opened, InputError> {
    // calamine parses zip, XML and BIFF written by many programs; should it
    // panic on a damaged file, report that like any other unreadable file.
    crate::bug::quietly(|| load(path, file, sheet)).unwrap_or_else(|| {
        Err(InputError::Workbook {
            file: file.to_owned(),
            message: "the file is damaged (the workbook reader failed on it)".to_owned(),
        })
    })
}

fn load(path: &Path, file: &str, sheet: Option<&str>) -> Result<Opened, InputError> {
    let workbook_error = |message: String| InputError::Workbook {
        file: file.to_owned(),
        message,
    };
    let mut workbook = open_workbook_auto(path).map_err(|e| {
        workbook_error(format!(
            "{e}; the file is damaged, cut off or not a workbook: open it in its spreadsheet \
             program and save it again"
        ))
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| workbook_error("it has no sheets".to_owned()))?,
        Some(wanted) => find_sheet(&names, wanted).ok_or_else(|| InputError::UnknownSheet {
            file: file.to_owned(),
            sheet: wanted.to_owned(),
            sheets: names.clone(),
        })?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| workbook_error(format!("sheet '{name}': {e}")))?;
    let Some((row, column)) = range.start() else {
        return Err(InputError::Empty {
            file: file.to_owned(),
            detail: format!("sheet '{name}' has no cells"),
        });
    };
    Ok(Opened {
        source: SheetSource {
            range,
            next: 0,
            first_row: u64::from(row) + 1,
            text: String::new(),
        },
        sheet: name,
        first_column: column as usize,
    })
}

/// The sheet named `wanted`: exactly, or else the one sheet whose name
/// differs only in case or surrounding spaces.
fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    if let Some(name) = names.iter().find(|n| *n == wanted) {
        return Some(name.clone());
    }
    let wanted = wanted.trim().to_lowercase();
    let mut close = names.iter().filter(|n| n.trim().to_lowercase() == wanted);
    match (close.next(), close.next()) {
        (Some(name), None) => Some(name.clone()),
        _ => None,
    }
}

impl SheetSource {
    /// Rows read so far, of the sheet's used range.
    pub(super) fn position(&self) -> super::Position {
        super::Position {
            done: self.next as u64,
            total: self.range.get_size().0 as u64,
            unit: super::Unit::Rows,
        }
    }

    /// Reads the next row into `record`; returns its row number, or `None`
    /// after the last row. A cell holding an error (#N/A, ...) fails the row.
    pub(super) fn read(&mut self, record: &mut Record) -> Result<Option<u64>, SourceError> {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return Ok(None);
        }
        let index = self.next;
        self.next += 1;
        let row = self.first_row + index as u64;
        record.clear();
        let mut failure = None;
        for column in 0..width {
            let cell = self.range.get((index, column)).unwrap_or(&Data::Empty);
            self.text.clear();
            if let Err(error) = cell_text(cell, &mut self.text) {
                failure.get_or_insert(SourceError::Cell { row, column, error });
            }
            record.push_field(&self.text);
        }
        match failure {
            Some(failure) => Err(failure),
            None => Ok(Some(row)),
        }
    }
}

/// Writes the text of one cell: integers without ".0", other numbers in
/// their shortest form, booleans as Excel shows them (TRUE, FALSE), dates as
/// ISO `YYYY-MM-DD` (with ` HH:MM:SS` when there is a time of day),
/// durations as `H:MM:SS`. Error cells give their error text as `Err`.
fn cell_text(cell: &Data, out: &mut String) -> Result<(), String> {
    match cell {
        Data::Empty => {}
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => write_number(*f, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) if dt.is_duration() => {
            let seconds = (dt.as_f64() * 86_400.0).round();
            let sign = if seconds < 0.0 { "-" } else { "" };
            let total = seconds.abs() as u64;
            let _ = write!(
                out,
                "{sign}{}:{:02}:{:02}",
                total / 3600,
                total / 60 % 60,
                total % 60
            );
        }
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
                // A time of day without a date.
                let _ = write!(out, "{h:02}:{mi:02}:{s:02}");
            } else {
                let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
                if (h, mi, s, ms) != (0, 0, 0, 0) {
                    let _ = write!(out, " {h:02}:{mi:02}:{s:02}");
                }
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => return Err(e.to_string()),
    }
    Ok(())
}

/// Shortest text that reads back as the same number; integral values print
/// without a fraction, huge or tiny ones in exponent form.
fn write_number(f: f64, out: &mut String) {
    if f == 0.0 {
        out.push('0'); // also for -0.0
    } else if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
    } else if (1e-5..1e15).contains(&f.abs()) {
        let _ = write!(out, "{f}");
    } else {
        let _ = write!(out, "{f:e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn text(cell: Data) -> Result<String, String> {
        let mut out = String::new();
        cell_text(&cell, &mut out).map(|()| out)
    }

    #[test]
    fn cells_become_text() {
        assert_eq!(text(Data::Int(42)), Ok("42".into()));
        assert_eq!(text(Data::Float(3.0)), Ok("3".into()));
        assert_eq!(text(Data::Float(-0.0)), Ok("0".into()));
        assert_eq!(text(Data::Float(3.5)), Ok("3.5".into()));
        assert_eq!(
            text(Data::Float(0.1 + 0.2)),
            Ok("0.30000000000000004".into())
        );
        assert_eq!(text(Data::Float(1e300)), Ok("1e300".into()));
        assert_eq!(text(Data::Float(1.5e-9)), Ok("1.5e-9".into()));
        assert_eq!(text(Data::Bool(true)), Ok("TRUE".into()));
        assert_eq!(text(Data::Empty), Ok(String::new()));
        let date = ExcelDateTime::new(45352.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(Data::DateTime(date)), Ok("2024-03-01".into()));
        let stamp = ExcelDateTime::new(45352.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            text(Data::DateTime(stamp)),
            Ok("2024-03-01 12:00:00".into())
        );
        let time = ExcelDateTime::new(0.75, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(Data::DateTime(time)), Ok("18:00:00".into()));
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(text(Data::DateTime(span)), Ok("36:00:00".into()));
        assert_eq!(text(Data::Error(CellErrorType::NA)), Err("#N/A".into()));
    }

    #[test]
    fn sheet_names_match_exactly_then_loosely() {
        let names = vec!["Responses".to_owned(), "Notes".to_owned()];
        assert_eq!(find_sheet(&names, "Notes"), Some("Notes".into()));
        assert_eq!(find_sheet(&names, " responses "), Some("Responses".into()));
        assert_eq!(find_sheet(&names, "Other"), None);
    }
}
