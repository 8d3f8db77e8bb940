//! Text blocks: title, paragraphs, notes, bullet lists, key–value blocks,
//! the big figure and colour legends.

use super::canvas::{Anchor, Page, Stroke};
use super::doc::DocumentBuilder;
use super::fonts::FontStyle;
use super::style::{self, BLOCK_GAP, Rgb, palette};
use super::text::{Font, wrap, wrap_limited};

impl DocumentBuilder {
    /// The document title (large, dark blue) with an optional subtitle and
    /// a rule beneath; usually the first block.
    pub fn title(&mut self, title: &str, subtitle: Option<&str>) {
        let (tf, sf) = (Font::bold(21.0), Font::regular(12.0));
        let title = self.clean(title, FontStyle::Bold);
        let tl = wrap(&title, tf, self.width());
        let sl = match subtitle {
            Some(s) => {
                let s = self.clean(s, FontStyle::Regular);
                wrap(&s, sf, self.width())
            }
            None => Vec::new(),
        };
        let h = tl.len() as f32 * 26.0 + sl.len() as f32 * 16.0 + 12.0;
        self.reserve(h);
        let x = self.left();
        for l in &tl {
            let b = style::centred_baseline(self.y, 26.0, tf.size);
            self.page.text(x, b, Anchor::Left, tf, palette::NAVY, l);
            self.y += 26.0;
        }
        self.y += 2.0;
        for l in &sl {
            let b = style::centred_baseline(self.y, 16.0, sf.size);
            self.page.text(x, b, Anchor::Left, sf, palette::MUTED, l);
            self.y += 16.0;
        }
        self.y += 6.0;
        let (l, r) = (self.left(), self.right());
        self.page
            .line(l, self.y, r, self.y, Stroke::solid(palette::NAVY, 1.5));
        self.y += 16.0;
    }

    /// A paragraph of body text, wrapped to the text width by measured glyph
    /// widths. Newlines in `text` force line breaks. It may continue on the
    /// next page, never leaving a single line behind or ahead.
    pub fn paragraph(&mut self, text: &str) {
        self.text_block(
            text,
            Font::regular(style::BODY),
            style::BODY_LEADING,
            palette::INK,
        );
    }

    /// A smaller, muted paragraph, e.g. a source line or a chart caption.
    pub fn note(&mut self, text: &str) {
        self.text_block(
            text,
            Font::regular(style::SMALL),
            style::SMALL_LEADING,
            palette::MUTED,
        );
    }

    fn text_block(&mut self, text: &str, font: Font, leading: f32, color: Rgb) {
        let text = self.clean(text, font.style);
        let lines = wrap(&text, font, self.width());
        let x = self.left();
        self.flow_lines(lines.len(), leading, |page, i, top| {
            let b = style::centred_baseline(top, leading, font.size);
            page.text(x, b, Anchor::Left, font, color, &lines[i]);
        });
        self.y += BLOCK_GAP;
    }

    /// A bulleted list; each item wraps with a hanging indent.
    pub fn bullets(&mut self, items: &[impl AsRef<str>]) {
        let font = Font::regular(style::BODY);
        let leading = style::BODY_LEADING;
        let indent = 14.0;
        for item in items {
            let text = self.clean(item.as_ref(), FontStyle::Regular);
            let lines = wrap(&text, font, self.width() - indent);
            let x = self.left();
            self.flow_lines(lines.len(), leading, |page, i, top| {
                let b = style::centred_baseline(top, leading, font.size);
                if i == 0 {
                    page.text(x + 3.0, b, Anchor::Left, font, palette::NAVY, "•");
                }
                page.text(x + indent, b, Anchor::Left, font, palette::INK, &lines[i]);
            });
            self.y += 3.0;
        }
        self.y += BLOCK_GAP - 3.0;
    }

    /// Label–value pairs in two columns (labels bold), e.g. the header block
    /// of a report: country, date, assessor.
    pub fn key_value_block(&mut self, pairs: &[(impl AsRef<str>, impl AsRef<str>)]) {
        let (lf, vf) = (Font::bold(9.0), Font::regular(style::BODY));
        let leading = style::BODY_LEADING;
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| {
                (
                    self.clean(k.as_ref(), FontStyle::Bold),
                    self.clean(v.as_ref(), FontStyle::Regular),
                )
            })
            .collect();
        let widest = pairs.iter().map(|(k, _)| lf.width(k)).fold(0.0, f32::max);
        let label_w = (widest + 14.0).clamp(0.22 * self.width(), 0.4 * self.width());
        let value_w = self.width() - label_w;
        let max_lines = ((self.body_height() - 8.0) / leading) as usize;
        for (k, v) in &pairs {
            let kl = wrap_limited(k, lf, label_w - 10.0, max_lines);
            let vl = wrap_limited(v, vf, value_w, max_lines);
            let h = kl.len().max(vl.len()) as f32 * leading + 6.0;
            self.reserve(h);
            let (x, top) = (self.left(), self.y + 3.0);
            for (i, l) in kl.iter().enumerate() {
                let b = style::centred_baseline(top + i as f32 * leading, leading, lf.size);
                self.page.text(x, b, Anchor::Left, lf, palette::MUTED, l);
            }
            for (i, l) in vl.iter().enumerate() {
                let b = style::centred_baseline(top + i as f32 * leading, leading, vf.size);
                self.page
                    .text(x + label_w, b, Anchor::Left, vf, palette::INK, l);
            }
            self.y += h;
            let (l, r) = (self.left(), self.right());
            self.page
                .line(l, self.y, r, self.y, Stroke::solid(palette::GRID, 0.5));
        }
        self.y += BLOCK_GAP + 4.0;
    }

    /// A headline number in a panel, e.g. `"47 / 100"`, with its caption to
    /// the right; the accent bar is dark blue.
    pub fn big_figure(&mut self, value_text: &str, caption: &str) {
        self.big_figure_accent(value_text, caption, palette::NAVY);
    }

    /// Like [`big_figure`](Self::big_figure) with an accent colour (e.g. the
    /// status colour) on the left edge of the panel.
    pub fn big_figure_accent(&mut self, value_text: &str, caption: &str, accent: Rgb) {
        let (vf, cf) = (Font::bold(30.0), Font::regular(11.0));
        let value = self.clean(value_text, FontStyle::Bold);
        let caption = self.clean(caption, FontStyle::Regular);
        let pad = 14.0;
        let value_w = vf.width(&value).min(self.width() * 0.5);
        let value = super::text::ellipsize(&value, vf, value_w + 0.5);
        let cap_x = pad + 6.0 + value_w + 20.0;
        let lines = wrap_limited(&caption, cf, self.width() - cap_x - pad, 6);
        let h = (vf.size * 1.1).max(lines.len() as f32 * 15.0) + 2.0 * pad;
        self.reserve(h);
        let (x, y) = (self.left(), self.y);
        self.page.fill_rect(x, y, self.width(), h, palette::PANEL);
        self.page.fill_rect(x, y, 5.0, h, accent);
        let b = style::centred_baseline(y, h, vf.size);
        self.page
            .text(x + pad + 6.0, b, Anchor::Left, vf, palette::NAVY, &value);
        let block = lines.len() as f32 * 15.0;
        for (i, l) in lines.iter().enumerate() {
            let top = y + (h - block) / 2.0 + i as f32 * 15.0;
            let b = style::centred_baseline(top, 15.0, cf.size);
            self.page
                .text(x + cap_x, b, Anchor::Left, cf, palette::INK, l);
        }
        self.y += h + BLOCK_GAP + 4.0;
    }

    /// A row of colour swatches with labels, wrapping as needed: the key to
    /// status colours or chart series.
    pub fn legend(&mut self, items: &[(impl AsRef<str>, Rgb)]) {
        let font = Font::regular(style::SMALL);
        let items: Vec<(String, Rgb)> = items
            .iter()
            .map(|(t, c)| (self.clean(t.as_ref(), FontStyle::Regular), *c))
            .collect();
        let rows = legend_rows(&items, font, self.width());
        self.reserve(rows.len() as f32 * 14.0);
        let x0 = self.left();
        for row in rows {
            draw_legend_row(&mut self.page, x0, self.y, &row, font);
            self.y += 14.0;
        }
        self.y += BLOCK_GAP;
    }

    /// Places `n` lines of height `leading`, breaking pages between lines;
    /// keeps at least two lines together at either side of a break.
    pub(crate) fn flow_lines(
        &mut self,
        n: usize,
        leading: f32,
        mut draw: impl FnMut(&mut Page, usize, f32),
    ) {
        self.reserve(leading * n.min(2) as f32);
        let mut i = 0;
        while i < n {
            let left = n - i;
            let fit = ((self.remaining() + 0.01) / leading).floor().max(0.0) as usize;
            let mut k = fit.min(left);
            if k < left {
                if left - k == 1 && k >= 3 {
                    k -= 1; // no widow
                }
                if k == 1 && left >= 2 {
                    k = 0; // no orphan
                }
            }
            if k == 0 {
                if self.at_top() {
                    k = 1;
                } else {
                    self.new_page();
                    continue;
                }
            }
            for j in i..i + k {
                draw(&mut self.page, j, self.y);
                self.y += leading;
            }
            i += k;
            if i < n {
                self.new_page();
            }
        }
    }
}

/// Legend entries grouped into rows that fit `width`.
pub(crate) fn legend_rows(
    items: &[(String, Rgb)],
    font: Font,
    width: f32,
) -> Vec<Vec<(String, Rgb)>> {
    let mut rows: Vec<Vec<(String, Rgb)>> = vec![Vec::new()];
    let mut used = 0.0;
    for (label, color) in items {
        let label = super::text::ellipsize(label, font, width - 14.0);
        let w = 13.0 + font.width(&label) + 14.0;
        if used + w > width && used > 0.0 {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += w;
        if let Some(row) = rows.last_mut() {
            row.push((label, *color));
        }
    }
    rows
}

/// Draws one legend row with its top at `top`.
pub(crate) fn draw_legend_row(
    page: &mut Page,
    x0: f32,
    top: f32,
    row: &[(String, Rgb)],
    font: Font,
) {
    let mut x = x0;
    for (label, color) in row {
        page.fill_rect(x, top + 2.5, 9.0, 9.0, *color);
        let b = style::centred_baseline(top, 14.0, font.size);
        page.text(x + 13.0, b, Anchor::Left, font, palette::INK, label);
        x += 13.0 + font.width(label) + 14.0;
    }
}
