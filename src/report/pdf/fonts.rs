//! The embedded fonts: glyph metrics for layout, coverage checks with visible
//! substitution, and per-document subsetting before embedding.
//!
//! The fonts are DejaVu Sans regular and bold, pre-subset to Latin, Greek,
//! Cyrillic, punctuation and symbols by `scripts/subset-fonts.py` (see
//! `docs/pdf.md`). At `finish` each is subset again, with allsorts, to the
//! glyphs the document uses, so a report embeds a few dozen KB of font.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;
use unicode_normalization::UnicodeNormalization;

use super::PdfError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-subset.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold-subset.ttf");

/// Drawn in place of a character the font lacks.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// The two faces a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FontStyle {
    Regular,
    Bold,
}

/// Metrics of one face, read once per process from the embedded bytes.
pub(crate) struct Face {
    bytes: &'static [u8],
    postscript_name: &'static str,
    /// Glyph id by BMP code point; 0 when the font has no glyph.
    glyph_by_cp: Vec<u16>,
    /// Advance width by glyph id, in font units.
    advances: Vec<u16>,
    units_per_em: f32,
}

impl Face {
    fn parse(bytes: &'static [u8], postscript_name: &'static str) -> Result<Face, String> {
        let font = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = font.table_provider(0).map_err(|e| e.to_string())?;
        let table = |t| provider.read_table_data(t).map_err(|e| e.to_string());
        let head_data = table(tag::HEAD)?;
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .map_err(|e| e.to_string())?;
        let maxp_data = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp_data)
            .read::<MaxpTable>()
            .map_err(|e| e.to_string())?;
        let hhea_data = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .map_err(|e| e.to_string())?;
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data)
            .read::<Cmap<'_>>()
            .map_err(|e| e.to_string())?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap)
            .map_err(|e| e.to_string())?
            .ok_or("no Unicode cmap")?;
        let mut glyph_by_cp = vec![0u16; 0x1_0000];
        subtable
            .mappings_fn(|cp, gid| {
                if let Some(slot) = glyph_by_cp.get_mut(cp as usize) {
                    *slot = gid;
                }
            })
            .map_err(|e| e.to_string())?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .map_err(|e| e.to_string())?;
        let advances = (0..maxp.num_glyphs)
            .map(|gid| hmtx.horizontal_advance(gid).unwrap_or(0))
            .collect();
        Ok(Face {
            bytes,
            postscript_name,
            glyph_by_cp,
            advances,
            units_per_em: f32::from(head.units_per_em),
        })
    }

    /// The glyph id for `c`, if the font covers it.
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        match self.glyph_by_cp.get(c as usize) {
            Some(&gid) if gid != 0 => Some(gid),
            _ => None,
        }
    }

    /// Width of `text` at `size` pt, from the font's advance widths.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = self.glyph(c).unwrap_or(0);
                u32::from(self.advances.get(gid as usize).copied().unwrap_or(0))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// The face for `style` (parsed on first use, then shared).
pub(crate) fn face(style: FontStyle) -> &'static Face {
    static REGULAR: OnceLock<Face> = OnceLock::new();
    static BOLD: OnceLock<Face> = OnceLock::new();
    let (cell, bytes, name) = match style {
        FontStyle::Regular => (&REGULAR, REGULAR_TTF, "DejaVuSans"),
        FontStyle::Bold => (&BOLD, BOLD_TTF, "DejaVuSans-Bold"),
    };
    // The bytes are compiled in and checked by the tests, so failure here is a
    // build defect, not an input error.
    cell.get_or_init(|| Face::parse(bytes, name).expect("embedded font is a valid TrueType font"))
}

/// Collects one warning per character the fonts cannot show.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    seen: HashSet<char>,
    pub(crate) list: Vec<String>,
}

/// Makes caller text drawable: composes accents (NFC), turns tabs into
/// spaces, drops invisible control and formatting characters, and replaces
/// characters the face lacks with U+FFFD, recording a warning for each new one.
/// Newlines are kept (blocks treat them as line breaks).
pub(crate) fn sanitize(text: &str, style: FontStyle, warnings: &mut Warnings) -> String {
    let face = face(style);
    let mut out = String::with_capacity(text.len());
    for c in text.nfc() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_control() => {}
            c if face.glyph(c).is_some() => out.push(c),
            c => {
                out.push(REPLACEMENT);
                if warnings.seen.insert(c) {
                    let excerpt: String = text.chars().take(40).collect();
                    let more = if text.chars().nth(40).is_some() {
                        "…"
                    } else {
                        ""
                    };
                    warnings.list.push(format!(
                        "character U+{:04X} '{c}' is not in the embedded font (DejaVu Sans: \
                         Latin, Greek and Cyrillic scripts); drawn as U+FFFD in \"{excerpt}{more}\"",
                        c as u32
                    ));
                }
            }
        }
    }
    out
}

/// Subsets `style` to the characters in `used` (plus .notdef) and parses the
/// result for printpdf. The subset tag (`ABCDEF+`) is derived from the glyph
/// set, so it is deterministic and differs between different subsets.
pub(crate) fn embed(
    style: FontStyle,
    used: &BTreeSet<char>,
) -> Result<printpdf::ParsedFont, PdfError> {
    let face = face(style);
    let gids: BTreeSet<u16> = used.iter().filter_map(|&c| face.glyph(c)).collect();
    let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
    let font = ReadScope::new(face.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let provider = font
        .table_provider(0)
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| PdfError::Font(format!("subsetting {}: {e}", face.postscript_name)))?;
    let mut parse_warnings = Vec::new();
    let mut parsed =
        printpdf::ParsedFont::from_bytes(&bytes, 0, &mut parse_warnings).ok_or_else(|| {
            PdfError::Font(format!("cannot parse subset of {}", face.postscript_name))
        })?;
    let hash = ids.iter().fold(super::output::FNV_OFFSET, |h, id| {
        super::output::fnv1a(h, &id.to_be_bytes())
    });
    let tag: String = (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect();
    parsed.font_name = Some(format!("{tag}+{}", face.postscript_name));
    Ok(parsed)
}
