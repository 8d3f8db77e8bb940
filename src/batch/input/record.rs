//! One row of text cells, as the input layer hands it out.

use std::ops::Range;

use super::MAX_CELL_BYTES;

/// The cells of one row. Their text is kept in one string (for a CSV row, the row's text
/// with its delimiters, so that a row is copied in one piece) with the range of each cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    text: String,
    cells: Vec<Range<usize>>,
    /// The first cell longer than [`MAX_CELL_BYTES`], and its full length in bytes. The CSV
    /// reader keeps only the start of such a cell, so that a broken quote cannot fill the
    /// memory with the rest of the file.
    cut: Option<(usize, u64)>,
}

impl Record {
    pub fn new() -> Self {
        Record::default()
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The text of cell `index` (0-based).
    #[inline]
    pub fn get(&self, index: usize) -> Option<&str> {
        self.text.get(self.cells.get(index)?.clone())
    }

    /// The cells' text, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.cells
            .iter()
            .map(|r| self.text.get(r.clone()).unwrap_or(""))
    }

    /// Adds a cell at the end.
    pub fn push_field(&mut self, cell: &str) {
        if cell.len() > MAX_CELL_BYTES && self.cut.is_none() {
            self.cut = Some((self.cells.len(), cell.len() as u64));
        }
        let start = self.text.len();
        self.text.push_str(cell);
        self.cells.push(start..self.text.len());
    }

    /// Keeps the first `len` cells.
    pub fn truncate(&mut self, len: usize) {
        self.cells.truncate(len);
        if self.cut.is_some_and(|(index, _)| index >= len) {
            self.cut = None;
        }
    }

    /// Removes every cell, keeping the buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.cut = None;
    }

    /// The first cell longer than [`MAX_CELL_BYTES`] (cut, if read from CSV), and its full
    /// length in bytes.
    pub fn cut(&self) -> Option<(usize, u64)> {
        self.cut
    }

    /// Takes `text` and the ranges of the cells in it, and leaves in their place the
    /// record's old buffers, emptied, for the next row. For the CSV reader, which finds the
    /// cells itself.
    pub(super) fn swap_in(
        &mut self,
        text: &mut String,
        cells: &mut Vec<Range<usize>>,
        cut: Option<(usize, u64)>,
    ) {
        std::mem::swap(&mut self.text, text);
        std::mem::swap(&mut self.cells, cells);
        text.clear();
        cells.clear();
        self.cut = cut;
    }
}

impl<'a> FromIterator<&'a str> for Record {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut record = Record::new();
        for cell in iter {
            record.push_field(cell);
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_in_order() {
        let mut record: Record = ["a", "", "ç d"].into_iter().collect();
        assert_eq!(record.len(), 3);
        assert_eq!(record.get(2), Some("ç d"));
        assert_eq!(record.get(3), None);
        assert_eq!(record.iter().rev().collect::<Vec<_>>(), ["ç d", "", "a"]);
        record.truncate(1);
        assert_eq!(record.iter().collect::<Vec<_>>(), ["a"]);
        record.clear();
        assert!(record.is_empty());
    }

    #[test]
    fn filled_with_ranges_of_a_text() {
        let mut record: Record = ["old"].into_iter().collect();
        let (mut text, mut cells) = ("a,bc,".to_owned(), vec![0..1, 2..4, 5..5]);
        record.swap_in(&mut text, &mut cells, Some((1, 9)));
        assert!(text.is_empty() && cells.is_empty());
        assert_eq!(record.iter().collect::<Vec<_>>(), ["a", "bc", ""]);
        assert_eq!(record.cut(), Some((1, 9)));
        record.truncate(1);
        assert_eq!(record.cut(), None);
    }
}
