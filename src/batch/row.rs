//! One input row to one assessment: respondent details and answers, with every problem of
//! the row collected (a row with problems is left out of the scores, never half-scored).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

use super::cells::{CellReader, trim};
use super::columns::{Columns, Field};
use crate::answers::Responses;
use crate::country;
use crate::questionnaire::Questionnaire;

/// One problem in one cell (or row), as written to `errors.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub file: String,
    /// The row as the spreadsheet shows it (header = row 1).
    pub row: u64,
    /// The column name, or empty for a problem with the whole row.
    pub column: String,
    pub value: String,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {}", self.file, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The respondent details of a row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub id: String,
    /// ISO 3166-1 alpha-3, or empty.
    pub country: String,
    pub organisation: String,
    pub respondent: String,
    pub role: String,
    pub date: String,
    /// The value of the `--group-by` column.
    pub group: Option<String>,
}

/// Remembers the ids seen so far, in all input files, as 64-bit hashes with the place first
/// seen, so a million rows cost about 30 MB rather than a copy of every id. (Two different
/// ids share a hash with a chance of about 1 in 10^7 in a million rows.)
#[derive(Debug, Default)]
pub struct SeenIds {
    /// Hash (as two halves, so an entry takes 12 bytes, not 16) -> place packed by
    /// [`pack`]; the usual case.
    packed: HashMap<[u32; 2], u32, BuildHasherDefault<Prehashed>>,
    /// Places too far down a file, or in too many files, to pack.
    other: HashMap<u64, (u32, u64)>,
}

/// Rows and files that fit a packed place: 64 files of up to 67 million rows.
const ROW_BITS: u32 = 26;
const FILE_LIMIT: u32 = 1 << (32 - ROW_BITS);

fn pack(file: u32, row: u64) -> Option<u32> {
    (file < FILE_LIMIT && row < 1 << ROW_BITS).then_some((file << ROW_BITS) | row as u32)
}

fn unpack(place: u32) -> (u32, u64) {
    (place >> ROW_BITS, u64::from(place & ((1 << ROW_BITS) - 1)))
}

impl SeenIds {
    /// The hash by which an id is remembered (worked out on any thread).
    pub fn hash(id: &str) -> u64 {
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        h.finish()
    }

    /// Records `id` at (file number, row); returns where it was first seen if it was.
    #[cfg(test)]
    fn insert(&mut self, id: &str, file: u32, row: u64) -> Option<(u32, u64)> {
        self.insert_hash(Self::hash(id), file, row)
    }

    /// Records the id whose [`SeenIds::hash`] is `hash` at (file number, row); returns where
    /// it was first seen if it was.
    fn insert_hash(&mut self, hash: u64, file: u32, row: u64) -> Option<(u32, u64)> {
        let key = [hash as u32, (hash >> 32) as u32];
        if !self.other.is_empty()
            && let Some(place) = self.other.get(&hash)
        {
            return Some(*place);
        }
        // One probe of the table for the usual new id.
        match self.packed.entry(key) {
            Entry::Occupied(first) => return Some(unpack(*first.get())),
            Entry::Vacant(slot) => match pack(file, row) {
                Some(place) => {
                    slot.insert(place);
                }
                None => {
                    self.other.insert(hash, (file, row));
                }
            },
        }
        None
    }
}

/// A hasher for keys that are already hashes: it passes their bits through.
#[derive(Debug, Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(n);
    }
}

/// Reads the rows of one input file.
pub struct RowReader<'q> {
    q: &'q Questionnaire,
    pub columns: Columns,
    readers: Vec<CellReader>,
    headers: Vec<String>,
    file: String,
    file_number: u32,
    /// Names of the input files so far, for "first seen in" messages.
    files: Vec<String>,
}

impl<'q> RowReader<'q> {
    /// Prepares reading a file with these headers and field delimiter.
    pub fn new(
        q: &'q Questionnaire,
        headers: &[String],
        delimiter: Option<u8>,
        group_by: Option<&str>,
        files: &[String],
    ) -> Self {
        let readers = (0..q.question_count())
            .map(|i| CellReader::new(q.question_at(i), delimiter))
            .collect();
        RowReader {
            q,
            columns: Columns::map(q, headers, group_by),
            readers,
            headers: headers.to_vec(),
            file: files.last().cloned().unwrap_or_default(),
            file_number: files.len().saturating_sub(1) as u32,
            files: files.to_vec(),
        }
    }

    /// The name of the file read.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The row's id as written (surrounding spaces removed), or "" without one.
    pub fn id<'r>(&self, cell: &dyn Fn(usize) -> &'r str) -> &'r str {
        self.columns.meta(Field::Id).map_or("", |c| trim(cell(c)))
    }

    /// The row's country as [`RowReader::read_into`] stores it (ISO alpha-3), or "".
    pub fn country<'r>(&self, cell: &dyn Fn(usize) -> &'r str) -> String {
        let mut out = String::new();
        if let Some(c) = self.columns.meta(Field::Country) {
            country_into(trim(cell(c)), &mut out);
        }
        out
    }

    /// Records the id of row `number` of this file (as [`RowReader::id`] gives it) and
    /// returns the problem if an earlier row of any file had it. Rows are read on several
    /// threads, so [`RowReader::read_into`] leaves this check to whoever sees them in order.
    /// `hash` is the id's [`SeenIds::hash`].
    pub fn duplicate(
        &self,
        seen: &mut SeenIds,
        id: &str,
        hash: u64,
        number: u64,
    ) -> Option<RowProblem> {
        let column = self.columns.meta(Field::Id)?;
        if id.is_empty() {
            return None;
        }
        let (f, first) = seen.insert_hash(hash, self.file_number, number)?;
        let place = match self.files.get(f as usize) {
            Some(name) if f != self.file_number => format!("{name} row {first}"),
            _ => format!("row {first}"),
        };
        Some(RowProblem {
            file: self.file.clone(),
            row: number,
            column: self.headers.get(column).cloned().unwrap_or_default(),
            value: id.to_string(),
            message: format!("duplicate id \"{id}\" (first used in {place})"),
        })
    }

    /// Reads the row's details into `meta` and its answers into `responses`, reusing their
    /// buffers; or gives every problem found in it but a duplicate id (see
    /// [`RowReader::duplicate`]), leaving both half-filled.
    pub fn read_into<'r, F: Fn(usize) -> &'r str>(
        &self,
        number: u64,
        cell: &F,
        meta: &mut Meta,
        responses: &mut Responses,
    ) -> Result<(), Vec<RowProblem>> {
        let mut problems = Vec::new();
        let mut problem = |column: usize, value: &str, message: String| {
            problems.push(RowProblem {
                file: self.file.clone(),
                row: number,
                column: self.headers.get(column).cloned().unwrap_or_default(),
                value: value.to_string(),
                message,
            });
        };
        let get = |field: Field| self.columns.meta(field).map(|c| (c, trim(cell(c))));
        let text = |field: Field| get(field).map_or("", |(_, text)| text);
        if let Some((c, "")) = get(Field::Id) {
            problem(
                c,
                "",
                "the id is empty; every row needs a unique id".to_string(),
            );
        }
        assign(&mut meta.id, text(Field::Id));
        meta.country.clear();
        if let Some((c, text)) = get(Field::Country)
            && !text.is_empty()
        {
            country_into(text, &mut meta.country);
            if meta.country.is_empty() {
                problem(
                    c,
                    text,
                    format!(
                        "\"{text}\" is not a country; expected an ISO 3166-1 alpha-3 or alpha-2 code or an English name"
                    ),
                );
            }
        }
        meta.date.clear();
        if let Some((c, date)) = get(Field::Date) {
            if date.is_empty() || is_date(date) {
                meta.date.push_str(date);
            } else {
                problem(
                    c,
                    date,
                    format!("\"{date}\" is not a date; expected YYYY-MM-DD"),
                );
            }
        }
        assign(&mut meta.organisation, text(Field::Organisation));
        assign(&mut meta.respondent, text(Field::Respondent));
        assign(&mut meta.role, text(Field::Role));
        // Grouping by country groups "MU", "MUS" and "Mauritius" together.
        match self.columns.group {
            Some(c) => {
                let group = meta.group.get_or_insert_with(String::new);
                if Some(c) == self.columns.meta(Field::Country) {
                    assign(group, &meta.country);
                } else {
                    assign(group, trim(cell(c)));
                }
            }
            None => meta.group = None,
        }
        let n = self.q.question_count();
        responses.given.resize(n, None);
        responses.comments.resize(n, None);
        for (i, column) in self.columns.questions.iter().enumerate() {
            let slot = &mut responses.given[i];
            let Some(c) = *column else {
                *slot = None;
                continue;
            };
            let text = cell(c);
            if let Err(message) = self.readers[i].read_into(text, slot) {
                problem(c, trim(text), message);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Replaces the text of `slot`, keeping its buffer.
fn assign(slot: &mut String, text: &str) {
    slot.clear();
    slot.push_str(text);
}

/// Appends the ISO alpha-3 code of the country `text` names to `out`: a code or name that
/// ISO 3166-1 knows, or a user-assigned code; nothing for anything else.
fn country_into(text: &str, out: &mut String) {
    match country::lookup(text) {
        Some(found) => out.push_str(found.alpha3),
        None => {
            let upper = text.to_ascii_uppercase();
            if country::is_user_assigned(&upper) {
                out.push_str(&upper);
            }
        }
    }
}

/// Whether `text` is a date as `jiff` reads one. Most cells are `YYYY-MM-DD`, checked
/// without the general parser.
fn is_date(text: &str) -> bool {
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text.as_bytes() {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| ds.iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0'));
            let (y, m, d) = (n(&digits[..4]), n(&digits[4..6]), n(&digits[6..]));
            return jiff::civil::Date::new(y, m as i8, d as i8).is_ok();
        }
    }
    text.parse::<jiff::civil::Date>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_jiff_reads_them() {
        for text in [
            "2026-11-27",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "0000-01-01",
            "9999-12-31",
            "20261127",
            "2026-1-27",
            "2026-11-27T10:00",
            "27/11/2026",
            "２０２６-11-27",
        ] {
            assert_eq!(
                is_date(text),
                text.parse::<jiff::civil::Date>().is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn seen_ids_give_the_first_place_in_any_file() {
        let mut seen = SeenIds::default();
        assert_eq!(seen.insert("a", 0, 2), None);
        assert_eq!(seen.insert("b", 1, 7), None);
        assert_eq!(seen.insert("a", 1, 9), Some((0, 2)));
        assert_eq!(seen.insert("b", 2, 3), Some((1, 7)));
        // Places beyond what packs into 32 bits are kept too.
        let far = 1 << ROW_BITS;
        assert_eq!(seen.insert("c", 0, far), None);
        assert_eq!(seen.insert("c", 0, far + 1), Some((0, far)));
        assert_eq!(seen.insert("d", FILE_LIMIT, 5), None);
        assert_eq!(seen.insert("d", 0, 6), Some((FILE_LIMIT, 5)));
        assert_eq!(seen.packed.len() + seen.other.len(), 4);
    }
}
