//! Colours and the type scale shared by every block.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// From `0xRRGGBB`.
    pub const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// Relative luminance in 0..=1 (Rec. 709 weights on linear-ish values),
    /// used to pick black or white text on a fill.
    pub fn luminance(self) -> f32 {
        (0.2126 * self.0 as f32 + 0.7152 * self.1 as f32 + 0.0722 * self.2 as f32) / 255.0
    }

    /// Text colour readable on this fill: white on dark fills, ink otherwise.
    pub fn text_on(self) -> Rgb {
        if self.luminance() < 0.5 {
            palette::WHITE
        } else {
            palette::INK
        }
    }
}

/// The report palette. Status colours differ in lightness as well as hue,
/// so they stay apart when printed in greyscale (dark red, mid green, light
/// amber, pale grey); charts also print each value as text.
pub mod palette {
    use super::Rgb;

    /// Headings, table headers, chart outlines.
    pub const NAVY: Rgb = Rgb::hex(0x1F3A5F);
    /// Body text.
    pub const INK: Rgb = Rgb::hex(0x222222);
    /// Secondary text: captions, axis labels, footer.
    pub const MUTED: Rgb = Rgb::hex(0x5F6670);
    /// Rules and axis lines.
    pub const RULE: Rgb = Rgb::hex(0xB8BFC8);
    /// Grid lines and radar rings.
    pub const GRID: Rgb = Rgb::hex(0xDDE2E8);
    /// Alternate table rows.
    pub const ZEBRA: Rgb = Rgb::hex(0xF2F4F7);
    /// Background of highlighted boxes.
    pub const PANEL: Rgb = Rgb::hex(0xEDF1F6);
    /// White.
    pub const WHITE: Rgb = Rgb::hex(0xFFFFFF);
    /// Threshold lines.
    pub const THRESHOLD: Rgb = Rgb::hex(0x3C3C3C);
    /// Status: not met (dark red; grey level ~30 %).
    pub const NOT_MET: Rgb = Rgb::hex(0xA93226);
    /// Status: partially met (amber; grey level ~70 %).
    pub const PARTIALLY_MET: Rgb = Rgb::hex(0xF0B400);
    /// Status: met (green; grey level ~50 %).
    pub const MET: Rgb = Rgb::hex(0x3E9B5F);
    /// Status: insufficient data (pale grey; grey level ~85 %).
    pub const NO_DATA: Rgb = Rgb::hex(0xD3D3D3);
    /// Fill of the radar value polygon.
    pub const RADAR_FILL: Rgb = Rgb::hex(0xC9D7EA);

    /// Eight colours for chart series that stay distinct for colour-blind
    /// readers (Okabe–Ito order, with navy for black).
    pub const SERIES: [Rgb; 8] = [
        Rgb::hex(0x0072B2),
        Rgb::hex(0xE69F00),
        Rgb::hex(0x009E73),
        Rgb::hex(0xCC79A7),
        Rgb::hex(0x56B4E9),
        Rgb::hex(0xD55E00),
        Rgb::hex(0xF0E442),
        Rgb::hex(0x1F3A5F),
    ];

    /// The colour of series `i` (cycles after eight).
    pub fn series(i: usize) -> Rgb {
        SERIES[i % SERIES.len()]
    }
}

/// Type sizes (pt) and line heights.
pub(crate) const BODY: f32 = 10.0;
pub(crate) const BODY_LEADING: f32 = 14.0;
pub(crate) const SMALL: f32 = 8.5;
pub(crate) const SMALL_LEADING: f32 = 11.0;
pub(crate) const TINY: f32 = 7.5;
/// Space after a paragraph-like block.
pub(crate) const BLOCK_GAP: f32 = 8.0;
/// Cap height of DejaVu Sans, as a fraction of the font size: used to centre
/// a line of text vertically in a box.
pub(crate) const CAP: f32 = 0.73;

/// Baseline that centres one line of `size` pt text in a slot of height `h`
/// starting at `top` (y grows downwards).
pub(crate) fn centred_baseline(top: f32, h: f32, size: f32) -> f32 {
    top + h / 2.0 + CAP * size / 2.0
}
