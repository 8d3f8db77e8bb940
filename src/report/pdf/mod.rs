//! Domain-free PDF layout: flowing text, tables and vector charts on A4 or
//! Letter pages, with embedded DejaVu Sans fonts.
//!
//! The layer knows nothing of questionnaires or scores: it takes strings,
//! numbers and colours. Build a document with [`DocumentBuilder`], add blocks
//! top to bottom (they break across pages on their own), then call
//! [`DocumentBuilder::finish`] to get the PDF bytes and any warnings.
//!
//! The output is deterministic: the same calls give byte-identical PDFs (no
//! clock is read; the document id is a hash of the content). See
//! `docs/pdf.md` for fonts, subsetting, size and speed.
//!
//! ```no_run
//! use egready::report::pdf::{DocumentBuilder, Metadata, Paper, PdfDate};
//! let meta = Metadata::new("Readiness report", PdfDate::new(2025, 3, 1).unwrap());
//! let mut doc = DocumentBuilder::new(Paper::A4, meta);
//! doc.heading("Summary", 1);
//! doc.paragraph("São Tomé e Príncipe scores 47 out of 100.");
//! let pdf = doc.finish().unwrap();
//! std::fs::write("report.pdf", &pdf.bytes).unwrap();
//! ```

mod blocks;
mod canvas;
mod charts;
mod doc;
mod fonts;
mod grouped;
mod output;
mod radar;
mod style;
mod table;
mod text;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_layout;

pub use charts::{Bar, Threshold};
pub use doc::{DocumentBuilder, RenderedPdf};
pub use grouped::{GroupedBarChart, Series};
pub use style::{Rgb, palette};
pub use table::{Align, Cell, Column};

/// Page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (mm(210.0), mm(297.0)),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// A calendar date given by the caller; the layer never reads the clock, so
/// that the same input always gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfDate {
    year: u16,
    month: u8,
    day: u8,
}

impl PdfDate {
    /// A date from its parts; `None` when it is not a real calendar date or
    /// the year is outside 1970..=9999.
    pub fn new(year: u16, month: u8, day: u8) -> Option<PdfDate> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1970..=9999).contains(&year) && (1..=days).contains(&day)).then_some(PdfDate {
            year,
            month,
            day,
        })
    }

    /// Parses an ISO 8601 calendar date, `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<PdfDate> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        PdfDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (u16, u8, u8) {
        (self.year, self.month, self.day)
    }
}

/// Document information written into the PDF (and shown by viewers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// Document title; viewers show it in the window title bar.
    pub title: String,
    /// Author, e.g. the assessing organisation.
    pub author: String,
    /// Subject line.
    pub subject: String,
    /// BCP 47 language tag of the text, e.g. `"en"` or `"fr"`.
    pub language: String,
    /// Program that made the content, e.g. `"egready 0.1.0"`.
    pub creator: String,
    /// Creation and modification date.
    pub date: PdfDate,
}

impl Metadata {
    /// Metadata with a title and date; language `"en"`, other fields empty.
    pub fn new(title: impl Into<String>, date: PdfDate) -> Metadata {
        Metadata {
            title: title.into(),
            author: String::new(),
            subject: String::new(),
            language: "en".to_string(),
            creator: String::new(),
            date,
        }
    }
}

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read or subset (a bug, not bad input).
    #[error("font error: {0}")]
    Font(String),
    /// The PDF could not be written.
    #[error("PDF serialisation failed: {0}")]
    Write(String),
}

/// Millimetres to points.
pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}
