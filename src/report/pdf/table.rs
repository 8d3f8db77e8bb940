//! Tables whose cells wrap (or are shortened) by measured widths, whose rows
//! continue across pages under a repeated header row, and whose group rows
//! (one cell across the whole row) stay with the row after them.

use super::canvas::{Anchor, Stroke};
use super::doc::DocumentBuilder;
use super::fonts::FontStyle;
use super::style::{self, BLOCK_GAP, Rgb, palette};
use super::text::{Font, ellipsize, fit_words, wrap};

/// Horizontal alignment of a column's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (text).
    #[default]
    Left,
    /// Centred (short codes, statuses).
    Centre,
    /// Flush right (numbers).
    Right,
}

/// A table column: its share of the text width, alignment, and whether long
/// text is wrapped (default) or shortened to one line with an ellipsis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Relative width; the widths of all columns are scaled to fill the
    /// text width.
    pub weight: f32,
    /// Alignment of header and cells.
    pub align: Align,
    /// Shorten to one line with "…" instead of wrapping.
    pub truncate: bool,
}

impl Column {
    /// A left-aligned, wrapping column of relative width `weight`.
    pub fn new(weight: f32) -> Column {
        Column {
            weight,
            align: Align::Left,
            truncate: false,
        }
    }

    /// The same column with alignment `align`.
    pub fn align(self, align: Align) -> Column {
        Column { align, ..self }
    }

    /// The same column, shortening instead of wrapping.
    pub fn truncate(self) -> Column {
        Column {
            truncate: true,
            ..self
        }
    }
}

/// A table cell: text, with an optional background (e.g. a status colour;
/// the text turns white on dark fills), optional bold, and optionally
/// spanning the rest of its row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The text; newlines force line breaks.
    pub text: String,
    /// Background colour, replacing the zebra stripe.
    pub fill: Option<Rgb>,
    /// Bold text.
    pub bold: bool,
    /// Takes the width of every column from its own to the last; the cells
    /// after it are ignored.
    pub span: bool,
}

impl Cell {
    /// A plain cell.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            fill: None,
            bold: false,
            span: false,
        }
    }

    /// The same cell on a coloured background.
    pub fn fill(self, color: Rgb) -> Cell {
        Cell {
            fill: Some(color),
            ..self
        }
    }

    /// The same cell in bold.
    pub fn bold(self) -> Cell {
        Cell { bold: true, ..self }
    }

    /// The same cell across the rest of its row. A row whose first cell
    /// spans is a group row, e.g. the title of the rows that follow: it never
    /// ends a page, and the zebra stripes start again after it.
    pub fn span(self) -> Cell {
        Cell { span: true, ..self }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
const LEADING: f32 = 11.0;

/// A laid-out row: the lines and width of each cell.
struct Row<'a> {
    cells: Vec<(Vec<String>, Option<&'a Cell>, f32)>,
    lines: usize,
}

impl Row<'_> {
    /// A group row: its first cell spans the whole row.
    fn is_group(&self) -> bool {
        self.cells
            .first()
            .is_some_and(|(_, c, _)| c.is_some_and(|c| c.span))
    }
}

impl DocumentBuilder {
    /// A table. `header` and each row give one entry per column (missing
    /// cells are blank, extra ones ignored; see [`Cell::span`]). Rows
    /// alternate zebra stripes; a row that does not fit moves to the next
    /// page, where the header is repeated; a row taller than a whole page is
    /// split between its lines. A group row moves with the row after it.
    pub fn table(&mut self, columns: &[Column], header: &[impl AsRef<str>], rows: &[Vec<Cell>]) {
        if columns.is_empty() {
            return;
        }
        let total: f32 = columns
            .iter()
            .map(|c| c.weight.max(0.0))
            .sum::<f32>()
            .max(f32::EPSILON);
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| c.weight.max(0.0) / total * self.width())
            .collect();
        let (bf, bb) = (Font::regular(style::SMALL), Font::bold(style::SMALL));
        let head_texts: Vec<String> = (0..columns.len())
            .map(|i| self.clean(header.get(i).map_or("", |h| h.as_ref()), FontStyle::Bold))
            .collect();
        let pairs = head_texts
            .iter()
            .zip(&widths)
            .map(|(t, w)| (t.as_str(), w - 2.0 * PAD_X));
        let hf = fit_words(pairs, Font::bold(style::SMALL), 6.5);
        let head_lead = (hf.size * 1.3).min(LEADING);
        let head_cells: Vec<Vec<String>> = head_texts
            .iter()
            .zip(&widths)
            .map(|(t, w)| wrap(t, hf, w - 2.0 * PAD_X))
            .collect();
        let head_h =
            head_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * head_lead + 2.0 * PAD_Y;
        let head = (head_cells.as_slice(), head_h, head_lead, hf);

        let mut laid = Vec::with_capacity(rows.len());
        for row in rows {
            let mut cells = Vec::with_capacity(columns.len());
            for (i, col) in columns.iter().enumerate() {
                let cell = row.get(i);
                let font = if cell.is_some_and(|c| c.bold) { bb } else { bf };
                let text = self.clean(cell.map_or("", |c| c.text.as_str()), font.style);
                let span = cell.is_some_and(|c| c.span);
                let width = if span {
                    widths[i..].iter().sum()
                } else {
                    widths[i]
                };
                let inner = width - 2.0 * PAD_X;
                let lines = if col.truncate {
                    vec![ellipsize(&text, font, inner)]
                } else {
                    wrap(&text, font, inner)
                };
                cells.push((lines, cell, width));
                if span {
                    break;
                }
            }
            let lines = cells.iter().map(|(l, _, _)| l.len()).max().unwrap_or(1);
            laid.push(Row { cells, lines });
        }

        // The header keeps the first row with it: the whole row when it fits on a page (a
        // row is never split if it does), else its first three lines. A group row keeps
        // the row after it the same way.
        let fresh_room = self.body_height() - head_h;
        let start = |r: &Row<'_>| {
            let whole = r.lines as f32 * LEADING + 2.0 * PAD_Y;
            if whole <= fresh_room {
                whole
            } else {
                r.lines.min(3) as f32 * LEADING + 2.0 * PAD_Y
            }
        };
        let keep = |n: usize| {
            let (row, next) = (&laid[n], laid.get(n + 1));
            match next {
                Some(next) if row.is_group() => start(row) + start(next),
                _ => start(row),
            }
        };
        self.reserve(head_h + if laid.is_empty() { 0.0 } else { keep(0) });
        self.table_header(columns, &widths, head);
        let mut stripe = 0;
        for (n, row) in laid.iter().enumerate() {
            let zebra = stripe % 2 == 1;
            stripe = if row.is_group() { 0 } else { stripe + 1 };
            if n > 0 && row.is_group() && keep(n) > self.remaining() && keep(n) <= fresh_room {
                self.new_page();
                self.table_header(columns, &widths, head);
            }
            let mut from = 0;
            while from < row.lines {
                let need = (row.lines - from) as f32 * LEADING + 2.0 * PAD_Y;
                if need > self.remaining()
                    && (need <= fresh_room || self.remaining() < LEADING + 2.0 * PAD_Y)
                {
                    self.new_page();
                    self.table_header(columns, &widths, head);
                }
                let fit = ((self.remaining() - 2.0 * PAD_Y) / LEADING)
                    .floor()
                    .max(1.0) as usize;
                let to = row.lines.min(from + fit);
                self.table_row(columns, row, from..to, zebra, (bf, bb));
                from = to;
            }
        }
        let (l, r) = (self.left(), self.right());
        self.page
            .line(l, self.y, r, self.y, Stroke::solid(palette::RULE, 0.6));
        self.y += BLOCK_GAP + 4.0;
    }

    fn table_header(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        head: (&[Vec<String>], f32, f32, Font),
    ) {
        let (cells, h, leading, font) = head;
        let (x0, y) = (self.left(), self.y);
        self.page.fill_rect(x0, y, self.width(), h, palette::NAVY);
        let mut x = x0;
        for ((col, w), lines) in columns.iter().zip(widths).zip(cells) {
            for (i, l) in lines.iter().enumerate() {
                let b = style::centred_baseline(y + PAD_Y + i as f32 * leading, leading, font.size);
                let (ax, anchor) = anchor(col.align, x, *w);
                self.page.text(ax, b, anchor, font, palette::WHITE, l);
            }
            x += w;
        }
        self.y += h;
    }

    fn table_row(
        &mut self,
        columns: &[Column],
        row: &Row<'_>,
        part: std::ops::Range<usize>,
        zebra: bool,
        (regular, bold): (Font, Font),
    ) {
        let h = part.len() as f32 * LEADING + 2.0 * PAD_Y;
        let (x0, y) = (self.left(), self.y);
        if zebra {
            self.page.fill_rect(x0, y, self.width(), h, palette::ZEBRA);
        }
        let mut x = x0;
        for (col, (lines, cell, w)) in columns.iter().zip(&row.cells) {
            let fill = cell.and_then(|c| c.fill);
            if let Some(f) = fill {
                self.page.fill_rect(x, y, *w, h, f);
            }
            let color = fill.map_or(palette::INK, Rgb::text_on);
            let font = if cell.is_some_and(|c| c.bold) {
                bold
            } else {
                regular
            };
            for (i, l) in lines.iter().enumerate().skip(part.start).take(part.len()) {
                let top = y + PAD_Y + (i - part.start) as f32 * LEADING;
                let b = style::centred_baseline(top, LEADING, font.size);
                let (ax, anchor) = anchor(col.align, x, *w);
                self.page.text(ax, b, anchor, font, color, l);
            }
            x += w;
        }
        self.y += h;
    }
}

/// The x and text anchor for a cell at `x` of width `w`.
fn anchor(align: Align, x: f32, w: f32) -> (f32, Anchor) {
    match align {
        Align::Left => (x + PAD_X, Anchor::Left),
        Align::Centre => (x + w / 2.0, Anchor::Centre),
        Align::Right => (x + w - PAD_X, Anchor::Right),
    }
}
