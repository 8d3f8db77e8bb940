//! Serialisation: fonts subset to the glyphs used, printpdf pages, then
//! deterministic document metadata (dates from the caller, an /ID hashed from
//! the file itself, /Lang) and compression.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{FontId, Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};

use super::canvas::{Draw, Page, page_ops};
use super::fonts::{FontStyle, embed};
use super::{Metadata, PdfDate, PdfError};

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a small, stable hash (unlike `DefaultHasher`, fixed forever).
pub(crate) fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Stands in for the document /ID until the file's hash is known.
const ID_PLACEHOLDER: &[u8; 16] = b"egready-pdf-id!!";

fn date(d: PdfDate) -> printpdf::OffsetDateTime {
    let (year, month, day) = d.ymd();
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: i32::from(year),
            month,
            day,
        },
        printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}

/// Writes the pages (footers included) as a PDF file.
pub(crate) fn write(
    meta: &Metadata,
    page_w: f32,
    page_h: f32,
    pages: &[Page],
) -> Result<Vec<u8>, PdfError> {
    let mut used: BTreeMap<FontStyle, BTreeSet<char>> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        if let Draw::Text { font, text, .. } = item {
            used.entry(font.style).or_default().extend(text.chars());
        }
    }

    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = meta.creator.clone();
    info.producer = "egready PDF layer (printpdf 0.12)".to_string();
    info.creation_date = date(meta.date);
    info.modification_date = date(meta.date);
    info.metadata_date = date(meta.date);

    // Fixed resource names: printpdf's `add_font` draws random ids.
    let mut font_ids = Vec::new();
    for (i, (style, chars)) in used.iter().enumerate() {
        let id = FontId(format!("F{}", i + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(embed(*style, chars)?));
        font_ids.push((*style, id));
    }
    let (w_mm, h_mm) = (Mm(page_w * 25.4 / 72.0), Mm(page_h * 25.4 / 72.0));
    doc.pages = pages
        .iter()
        .map(|p| PdfPage::new(w_mm, h_mm, page_ops(p, page_h, &font_ids)))
        .collect();

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false, // already subset; printpdf would embed whole fonts anyway
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        return Err(PdfError::Write(w.msg.clone()));
    }

    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    if let Ok(Object::Dictionary(catalog)) = lo.get_object_mut(root) {
        catalog.set(
            "Lang",
            Object::string_literal(meta.language.as_bytes().to_vec()),
        );
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", true);
        catalog.set("ViewerPreferences", prefs);
    }
    // printpdf fills in PDF/X keys (GTS_PDFXVersion) the file does not
    // conform to; drop them and empty entries.
    let info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if let Some(Ok(Object::Dictionary(d))) = info.map(|id| lo.get_object_mut(id)) {
        d.remove(b"GTS_PDFXVersion");
        for key in [
            &b"Identifier"[..],
            b"Keywords",
            b"Subject",
            b"Author",
            b"Creator",
        ] {
            let empty = match d.get(key) {
                Ok(Object::String(s, _)) => s.is_empty() || s == b"\xfe\xff",
                _ => false,
            };
            if empty {
                d.remove(key);
            }
        }
    }
    lo.compress();

    // The /ID must not be random (printpdf's is): hash the file written with
    // a placeholder, then put the hash where the placeholder was.
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", vec![placeholder.clone(), placeholder]);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    let a = fnv1a(FNV_OFFSET, &bytes);
    let b = fnv1a(a ^ 0x9e37_79b9_7f4a_7c15, &bytes);
    let id = format!("{a:016X}{b:016X}");
    let needle: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
    let tail = bytes.len().saturating_sub(1024);
    let mut from = tail;
    while let Some(pos) = find(&bytes[from..], needle.as_bytes()) {
        let at = from + pos;
        bytes[at..at + needle.len()].copy_from_slice(id.as_bytes());
        from = at + needle.len();
    }
    Ok(bytes)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
