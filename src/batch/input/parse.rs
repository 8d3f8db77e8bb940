//! Splitting decoded CSV text into records, each numbered by the line it starts on.
//!
//! The rules are those of the `csv` crate's reader (RFC 4180, with its leniency), which
//! the tests check on random texts:
//! - a record ends at a line break outside quotes: LF, CRLF or a lone CR (files passed
//!   between Mac, Windows and Unix editors mix them);
//! - a quote opens a quoted cell only at the start of a cell; inside it, a doubled quote is
//!   one quote, and delimiters and line breaks are text; text after the closing quote is
//!   added to the cell;
//! - blank lines make no record.
//!
//! What it adds is what a spreadsheet user needs: a record's row is the line it starts
//! on, counting blank lines and not the line breaks inside quoted cells; a quoted cell
//! left open to the end of the file is reported where it opened; and a cell is kept to
//! a limited length, so that a broken quote cannot fill the memory with the rest of a
//! large file.
//!
//! It is also fast: most cells hold a few letters, and the bytes that end them are found
//! sixteen at a time. A row is copied into its record in one piece, delimiters included.

use std::io::{self, Read};
use std::ops::Range;

use super::decode::read_some;
use super::record::Record;

use wide::u8x16;

/// Bytes read from the decoded text at a time.
const BUFFER_BYTES: usize = 256 * 1024;

/// Why no record could be read.
#[derive(Debug)]
pub(super) enum Fault {
    Io(io::Error),
    /// A quoted cell was still open at the end of the text, which it reached across
    /// `lines` line breaks.
    Unclosed {
        row: u64,
        column: usize,
        lines: u64,
    },
    /// The record is not UTF-8: the file changed after its encoding was checked.
    NotUtf8 {
        row: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first byte of a cell.
    CellStart,
    /// In a cell that is not quoted, or after a quoted part.
    Unquoted,
    /// Inside quotes.
    Quoted,
    /// Just after a quote inside quotes: a second one is text, anything else closed them.
    QuoteSeen,
}

pub(super) struct Parser<R> {
    reader: R,
    delimiter: u8,
    /// Longest cell kept whole, in bytes.
    max_cell: usize,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Line breaks outside quoted cells so far.
    breaks: u64,
    /// Where delimiters and line breaks are in the buffer.
    breaks_at: Breaks,
    /// The last line break was a CR: an LF straight after it belongs to it.
    after_cr: bool,
    /// The record being read, handed to the caller's record when whole.
    text: Vec<u8>,
    cells: Vec<Range<usize>>,
}

/// The cell being read.
struct Cell {
    /// Where it starts in the record's text.
    start: usize,
    /// Bytes left out of the text because the cell is too long (`Some` once cut).
    dropped: Option<u64>,
    /// Line breaks inside quotes, and whether the last byte there was a CR.
    lines: u64,
    cr: bool,
}

impl Cell {
    /// A cell starting at `start` in the record's text.
    fn at(start: usize) -> Self {
        Cell {
            start,
            dropped: None,
            lines: 0,
            cr: false,
        }
    }
}

impl<R: Read> Parser<R> {
    pub(super) fn new(reader: R, delimiter: u8, max_cell: usize) -> Self {
        Parser {
            reader,
            delimiter,
            max_cell,
            buf: vec![0; BUFFER_BYTES].into_boxed_slice(),
            pos: 0,
            end: 0,
            eof: false,
            breaks: 0,
            breaks_at: Breaks::new(delimiter),
            after_cr: false,
            text: Vec::new(),
            cells: Vec::new(),
        }
    }

    /// Reads the next record into `record`; returns the line it starts on (the first line
    /// is 1), or `None` at the end of the text.
    pub(super) fn read(&mut self, record: &mut Record) -> Result<Option<u64>, Fault> {
        // Blank lines count as rows but make no record.
        loop {
            if self.pos == self.end && !self.fill()? {
                return Ok(None);
            }
            match self.buf[self.pos] {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.breaks += 1,
                b'\r' => {
                    self.breaks += 1;
                    self.after_cr = true;
                }
                _ => break,
            }
            self.pos += 1;
        }
        self.after_cr = false;
        let row = self.breaks + 1;
        self.text.clear();
        self.cells.clear();
        let mut cut = None;
        // Input from `run` on is not yet in `text`; input position p will be at
        // `text.len() + (p - run)` there.
        let mut run = self.pos;
        let mut cell = Cell::at(0);
        let mut state = State::CellStart;
        loop {
            if self.pos == self.end {
                self.flush(run, self.end, &mut cell);
                if cell.dropped.is_none()
                    && state != State::CellStart
                    && self.text.len() - cell.start > self.max_cell
                {
                    self.cut_cell(&mut cell);
                }
                let more = self.fill()?;
                run = self.pos;
                if !more {
                    if state == State::Quoted && cell.lines > 0 {
                        return Err(Fault::Unclosed {
                            row,
                            column: self.cells.len(),
                            lines: cell.lines,
                        });
                    }
                    let at = self.pos;
                    self.end_cell(&mut cell, &mut run, at, &mut cut);
                    return self.finish(record, row, cut);
                }
            }
            match state {
                State::CellStart => {
                    if self.buf[self.pos] == b'"' {
                        self.flush(run, self.pos, &mut cell);
                        self.pos += 1;
                        run = self.pos;
                        cell.start = self.text.len();
                        state = State::Quoted;
                    } else {
                        state = State::Unquoted;
                    }
                }
                // Most cells are not quoted: the cells of a row are found in this loop.
                State::Unquoted => loop {
                    let Some(at) = self.breaks_at.next(&self.buf[..self.end], self.pos) else {
                        self.pos = self.end;
                        break;
                    };
                    self.end_cell(&mut cell, &mut run, at, &mut cut);
                    self.pos = at + 1;
                    let b = self.buf[at];
                    if b != self.delimiter {
                        self.breaks += 1;
                        self.after_cr = b == b'\r';
                        self.flush(run, at, &mut cell);
                        return self.finish(record, row, cut);
                    }
                    cell = Cell::at(self.text.len() + (self.pos - run));
                    if self.pos == self.end || self.buf[self.pos] == b'"' {
                        state = State::CellStart;
                        break;
                    }
                },
                State::Quoted => {
                    let rest = &self.buf[self.pos..self.end];
                    match memchr::memchr(b'"', rest) {
                        None => {
                            cell.lines += count_breaks(rest, &mut cell.cr);
                            self.pos = self.end;
                        }
                        Some(k) => {
                            cell.lines += count_breaks(&rest[..k], &mut cell.cr);
                            cell.cr = false;
                            let quote = self.pos + k;
                            self.flush(run, quote, &mut cell);
                            self.pos = quote + 1;
                            run = self.pos;
                            state = State::QuoteSeen;
                        }
                    }
                }
                State::QuoteSeen => {
                    if self.buf[self.pos] == b'"' {
                        // A doubled quote: the second stays, as text.
                        self.pos += 1;
                        state = State::Quoted;
                    } else {
                        state = State::Unquoted;
                    }
                }
            }
        }
    }

    /// Refills the buffer once it is used up; false at the end of the text.
    fn fill(&mut self) -> Result<bool, Fault> {
        if self.eof {
            return Ok(false);
        }
        let n = read_some(&mut self.reader, &mut self.buf).map_err(Fault::Io)?;
        self.breaks_at.forget();
        self.pos = 0;
        self.end = n;
        self.eof = n < self.buf.len();
        Ok(n > 0)
    }

    /// Copies the input from `from` to `to` into the record's text, or counts it when the
    /// cell is being cut.
    fn flush(&mut self, from: usize, to: usize, cell: &mut Cell) {
        match &mut cell.dropped {
            Some(n) => *n += (to - from) as u64,
            None => self.text.extend_from_slice(&self.buf[from..to]),
        }
    }

    /// Keeps only the start of the cell being read (up to the limit, on a character
    /// boundary) and counts the rest.
    fn cut_cell(&mut self, cell: &mut Cell) {
        let mut keep = cell.start + self.max_cell;
        while keep > cell.start && (self.text[keep] & 0xC0) == 0x80 {
            keep -= 1;
        }
        cell.dropped = Some((self.text.len() - keep) as u64);
        self.text.truncate(keep);
    }

    /// Ends the cell being read at input position `at`.
    #[inline(always)]
    fn end_cell(
        &mut self,
        cell: &mut Cell,
        run: &mut usize,
        at: usize,
        cut: &mut Option<(usize, u64)>,
    ) {
        if cell.dropped.is_none() && self.text.len() + (at - *run) - cell.start > self.max_cell {
            self.flush(*run, at, cell);
            *run = at;
            self.cut_cell(cell);
        }
        let end = match cell.dropped {
            Some(dropped) => {
                let full = (self.text.len() - cell.start) as u64 + dropped + (at - *run) as u64;
                cut.get_or_insert((self.cells.len(), full));
                *run = at;
                self.text.len()
            }
            None => self.text.len() + (at - *run),
        };
        self.cells.push(cell.start..end);
    }

    /// Hands the record read to `record`.
    fn finish(
        &mut self,
        record: &mut Record,
        row: u64,
        cut: Option<(usize, u64)>,
    ) -> Result<Option<u64>, Fault> {
        match String::from_utf8(std::mem::take(&mut self.text)) {
            Ok(mut text) => {
                record.swap_in(&mut text, &mut self.cells, cut);
                self.text = text.into_bytes();
                Ok(Some(row))
            }
            Err(e) => {
                self.text = e.into_bytes();
                Err(Fault::NotUtf8 { row })
            }
        }
    }
}

/// Line breaks in `bytes` (quoted text), a CRLF counting once; `cr` tells whether the text
/// just before ended in a CR, and is set to whether these bytes do.
fn count_breaks(bytes: &[u8], cr: &mut bool) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let after_cr = match i.checked_sub(1) {
            Some(before) => bytes[before] == b'\r',
            None => *cr,
        };
        if !(bytes[i] == b'\n' && after_cr) {
            n += 1;
        }
    }
    if let Some(&last) = bytes.last() {
        *cr = last == b'\r';
    }
    n
}

/// Finds delimiters and line breaks (LF, CR) sixteen bytes to an instruction, 64 at a time,
/// keeping those found in the last 64 bytes looked at for the next calls: a row's cells are
/// found with a few bit operations each.
struct Breaks {
    delimiter: u8,
    /// The 64 bytes looked at last start here...
    base: usize,
    /// ...and bit i is set when byte `base + i` is a break not yet given.
    found: u64,
}

impl Breaks {
    fn new(delimiter: u8) -> Self {
        let mut breaks = Breaks {
            delimiter,
            base: 0,
            found: 0,
        };
        breaks.forget();
        breaks
    }

    /// Forgets what was found, when the bytes change.
    fn forget(&mut self) {
        self.base = usize::MAX / 2;
        self.found = 0;
    }

    fn is_break(&self, b: u8) -> bool {
        b == self.delimiter || b == b'\n' || b == b'\r'
    }

    /// The breaks in `bytes` from `base` on, up to 64 of them, as bits.
    #[inline]
    fn in_block(&self, bytes: &[u8], base: usize) -> u64 {
        let rest = bytes.get(base..).unwrap_or_default();
        let Some(block) = rest.first_chunk::<64>() else {
            return rest
                .iter()
                .enumerate()
                .filter(|(_, b)| self.is_break(**b))
                .fold(0, |found, (i, _)| found | 1 << i);
        };
        let (delimiter, lf, cr) = (
            u8x16::splat(self.delimiter),
            u8x16::splat(b'\n'),
            u8x16::splat(b'\r'),
        );
        let (chunks, _) = block.as_chunks::<16>();
        let mut found = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let v = u8x16::new(*chunk);
            let breaks = v.cmp_eq(delimiter) | v.cmp_eq(lf) | v.cmp_eq(cr);
            // The mask has one bit per byte, in the low 16 bits.
            found |= u64::from(breaks.move_mask() as u16) << (16 * i);
        }
        found
    }

    /// The position of the first break in `bytes` at or after `pos`.
    #[inline]
    fn next(&mut self, bytes: &[u8], pos: usize) -> Option<usize> {
        let (mut base, mut found) = if pos >= self.base && pos < self.base + 64 {
            (self.base, self.found & (u64::MAX << (pos - self.base)))
        } else {
            (pos, self.in_block(bytes, pos))
        };
        loop {
            if found != 0 {
                self.base = base;
                self.found = found & (found - 1);
                return Some(base + found.trailing_zeros() as usize);
            }
            base += 64;
            if base >= bytes.len() {
                self.forget();
                return None;
            }
            found = self.in_block(bytes, base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reads with a tiny buffer too, so that records and cells span refills.
    fn parse_with(
        text: &[u8],
        delimiter: u8,
        max_cell: usize,
        buffer: usize,
    ) -> Vec<Result<(u64, Vec<String>), String>> {
        let mut parser = Parser::new(text, delimiter, max_cell);
        parser.buf = vec![0; buffer].into_boxed_slice();
        let mut record = Record::new();
        let mut out = Vec::new();
        for _ in 0..text.len() + 2 {
            match parser.read(&mut record) {
                Ok(Some(row)) => {
                    let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
                    if let Some((index, full)) = record.cut() {
                        cells.push(format!("cut {index} {full}"));
                    }
                    out.push(Ok((row, cells)));
                }
                Ok(None) => return out,
                Err(Fault::Unclosed { row, column, lines }) => {
                    out.push(Err(format!(
                        "unclosed row {row} column {column} lines {lines}"
                    )));
                }
                Err(e) => out.push(Err(format!("{e:?}"))),
            }
        }
        panic!("the parser does not end");
    }

    fn parse(text: &str) -> Vec<Result<(u64, Vec<String>), String>> {
        let all = parse_with(text.as_bytes(), b',', 1000, BUFFER_BYTES);
        for buffer in 1..9 {
            assert_eq!(
                parse_with(text.as_bytes(), b',', 1000, buffer),
                all,
                "{text:?} buffer {buffer}"
            );
        }
        all
    }

    fn ok(row: u64, cells: &[&str]) -> Result<(u64, Vec<String>), String> {
        Ok((row, cells.iter().map(|c| (*c).to_owned()).collect()))
    }

    #[test]
    fn rows_are_lines_counting_blank_ones_but_not_breaks_in_quotes() {
        assert_eq!(
            parse("h1,h2\r\n1,\"a\r\nb\nc\"\r\n\r\n2,x\n\n\n3,y"),
            [
                ok(1, &["h1", "h2"]),
                ok(2, &["1", "a\r\nb\nc"]),
                ok(4, &["2", "x"]),
                ok(7, &["3", "y"])
            ]
        );
    }

    #[test]
    fn lone_crs_and_mixed_line_ends_break_lines() {
        assert_eq!(
            parse("a\rb\r\nc\n\rd\r\re"),
            [
                ok(1, &["a"]),
                ok(2, &["b"]),
                ok(3, &["c"]),
                ok(5, &["d"]),
                ok(7, &["e"])
            ]
        );
    }

    #[test]
    fn quotes_as_the_csv_crate_reads_them() {
        assert_eq!(
            parse("\"a,b\",\"say \"\"hi\"\"\",x\"y\"z,\"q\"after,\"\"\n"),
            [ok(1, &["a,b", "say \"hi\"", "x\"y\"z", "qafter", ""])]
        );
        assert_eq!(parse(",\n,,"), [ok(1, &["", ""]), ok(2, &["", "", ""])]);
        assert_eq!(parse(" \n"), [ok(1, &[" "])]);
    }

    #[test]
    fn a_quote_open_at_the_end_is_reported_where_it_opened() {
        assert_eq!(
            parse("h1,h2\n1,ok\n2,\"oops\n3,x\r\n4,y\n"),
            [
                ok(1, &["h1", "h2"]),
                ok(2, &["1", "ok"]),
                Err("unclosed row 3 column 1 lines 3".to_owned())
            ]
        );
        // Without a line break in it, it harms nothing, as with the csv crate.
        assert_eq!(parse("1,\"ab"), [ok(1, &["1", "ab"])]);
        for text in [
            "h1,h2\n1,\"a\nb\"\n",
            "h1,h2\n1,\"a\nb\"",
            "h1,h2\n1,\"a\nb\"\"\"\n",
        ] {
            assert!(parse(text).iter().all(Result::is_ok), "{text:?}");
        }
    }

    #[test]
    fn long_cells_are_cut_and_measured() {
        let long = "é".repeat(10);
        let text = format!("a,{long},\"{long}\nx\"\"y\",{long}\nb,c\n");
        for buffer in [3, 7, 64, BUFFER_BYTES] {
            let got = parse_with(text.as_bytes(), b',', 5, buffer);
            let Ok((1, cells)) = &got[0] else {
                panic!("{got:?}");
            };
            // Cut on a character boundary; the first cut cell is reported, with its length.
            assert!(
                cells[1].len() <= 5 && long.starts_with(&cells[1]),
                "{cells:?}"
            );
            assert_eq!(
                cells.last().map(String::as_str),
                Some("cut 1 20"),
                "buffer {buffer}"
            );
            assert_eq!(got[1], ok(2, &["b", "c"]));
        }
    }

    #[test]
    fn other_delimiters() {
        assert_eq!(
            parse_with(b"a;b,c\t\"d\"\n", b';', 100, 4),
            [ok(1, &["a", "b,c\t\"d\""])]
        );
        assert_eq!(
            parse_with(b"a\tb;c\n", b'\t', 100, 4),
            [ok(1, &["a", "b;c"])]
        );
    }

    #[test]
    fn finds_breaks_at_every_position() {
        for len in (0..20).chain([63, 64, 65, 127, 128, 129, 150]) {
            for at in 0..len {
                for b in [b',', b'\n', b'\r'] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = b;
                    for from in 0..=at {
                        assert_eq!(Breaks::new(b',').next(&bytes, from), Some(at));
                    }
                    assert_eq!(Breaks::new(b',').next(&bytes, at + 1), None);
                }
            }
            assert_eq!(Breaks::new(b',').next(&vec![0x8C; len], 0), None);
        }
    }

    proptest! {
        #[test]
        fn breaks_found_one_after_another(text in "[ab,\r\n;é]{0,200}", steps in proptest::collection::vec(0usize..70, 200)) {
            let bytes = text.as_bytes();
            let mut breaks = Breaks::new(b',');
            let mut pos = 0;
            for step in steps {
                let expected = bytes.iter().skip(pos).position(|&b| matches!(b, b',' | b'\n' | b'\r')).map(|k| pos + k);
                prop_assert_eq!(breaks.next(bytes, pos), expected);
                // Go on after it, or jump ahead as a quoted cell does.
                pos = expected.map_or(bytes.len(), |at| at + 1) + step;
                if pos > bytes.len() {
                    break;
                }
            }
        }
    }

    /// The records the csv crate reads with its CRLF terminator, which ends a record at
    /// CR, LF or CRLF, as this reader does.
    fn csv_crate(text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| r.expect("text").iter().map(str::to_owned).collect())
            .collect()
    }

    proptest! {
        #[test]
        fn reads_what_the_csv_crate_reads(
            text in "[ab,\"\r\né]{0,300}",
            buffer in prop_oneof![1usize..12, 60usize..200, Just(BUFFER_BYTES)],
        ) {
            let got = parse_with(text.as_bytes(), b',', 1000, buffer);
            let expected = csv_crate(&text);
            let unclosed = got.last().is_some_and(Result::is_err);
            let cells: Vec<Vec<String>> = got.into_iter().filter_map(Result::ok).map(|(_, c)| c).collect();
            if unclosed {
                // The csv crate gives the open cell as it stands; this reader refuses it.
                prop_assert_eq!(&cells[..], &expected[..expected.len() - 1]);
            } else {
                prop_assert_eq!(cells, expected);
            }
        }

        #[test]
        fn rows_count_line_breaks_outside_quotes(lines in proptest::collection::vec("[ab,]{0,3}", 1..8), ends in proptest::collection::vec(0usize..3, 8)) {
            let breaks = ["\n", "\r\n", "\r"];
            let mut text = String::new();
            let mut expected = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                if !line.is_empty() {
                    expected.push(i as u64 + 1);
                }
                text.push_str(line);
                // A CR before an empty line that ends in LF would make a CRLF.
                let next_is_lf = lines.get(i + 1).is_some_and(String::is_empty) && ends[i + 1] == 0;
                let end = if ends[i] == 2 && next_is_lf { 1 } else { ends[i] };
                text.push_str(breaks[end]);
            }
            let got: Vec<u64> = parse_with(text.as_bytes(), b',', 1000, 5).into_iter().map(|r| r.expect("closed").0).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
