//! Grouped vertical bars: several series (e.g. assessments) compared across
//! categories (e.g. sections), on a 0–100 scale. Readable only up to a point:
//! [`GroupedBarChart::fits`] tells the caller when to use a table instead.

use super::blocks::{draw_legend_row, legend_rows};
use super::canvas::{Anchor, Stroke};
use super::charts::{Threshold, clamp, clamp_f64, fmt_value};
use super::doc::DocumentBuilder;
use super::fonts::FontStyle;
use super::mm;
use super::style::{self, BLOCK_GAP, Rgb, palette};
use super::text::Font;

/// One series: a name for the legend, one value per category, a colour
/// (see [`palette::series`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry.
    pub name: String,
    /// Values 0–100, in category order; missing values count as 0.
    pub values: Vec<f64>,
    /// Bar colour.
    pub color: Rgb,
}

/// A grouped bar chart: one group of bars per category, one bar per series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupedBarChart {
    /// Category labels, under each group.
    pub categories: Vec<String>,
    /// The series, drawn left to right within each group.
    pub series: Vec<Series>,
    /// Dashed horizontal reference lines.
    pub thresholds: Vec<Threshold>,
}

const PLOT_H: f32 = 150.0;
const AXIS_W: f32 = 22.0;
const LABEL: Font = Font::regular(style::SMALL);
const VALUE: Font = Font::regular(6.5);
const TICK: Font = Font::regular(style::TINY);

impl GroupedBarChart {
    /// At most this many series can be told apart by colour.
    pub const MAX_SERIES: usize = 8;
    /// Thinner bars than this (points) cannot be read.
    pub const MIN_BAR_WIDTH: f32 = 3.0;
    /// Narrower groups than this (points) leave no room for labels.
    pub const MIN_GROUP_WIDTH: f32 = 30.0;

    /// Width right of the plot for the threshold labels (at most 90 pt each).
    fn gutter(&self) -> f32 {
        self.thresholds
            .iter()
            .map(|t| TICK.width(&t.label).min(90.0) + 8.0)
            .fold(0.0, f32::max)
    }

    /// Whether the chart is readable in a text area `width_mm` wide: 1 to
    /// [`MAX_SERIES`](Self::MAX_SERIES) series, at least one category, bars
    /// and groups wide enough. When false, show the data as a table.
    pub fn fits(&self, width_mm: f32) -> bool {
        let (groups, series) = (self.categories.len(), self.series.len());
        if groups == 0 || series == 0 || series > Self::MAX_SERIES {
            return false;
        }
        let slot = (mm(width_mm) - AXIS_W - self.gutter()) / groups as f32;
        slot >= Self::MIN_GROUP_WIDTH && slot * 0.8 / series as f32 >= Self::MIN_BAR_WIDTH
    }
}

impl DocumentBuilder {
    /// Whether `chart` is readable at this document's text width.
    pub fn grouped_chart_fits(&self, chart: &GroupedBarChart) -> bool {
        chart.fits(self.content_width_mm())
    }

    /// Draws `chart` and returns true, or draws nothing and returns false
    /// when it would be unreadable (see [`GroupedBarChart::fits`]); the
    /// caller then shows the data as a table.
    #[must_use = "when false nothing was drawn: show the data as a table"]
    pub fn grouped_bar_chart(&mut self, chart: &GroupedBarChart) -> bool {
        if !self.grouped_chart_fits(chart) {
            return false;
        }
        let (groups, series) = (chart.categories.len(), chart.series.len());
        let ths: Vec<(f32, String)> = chart
            .thresholds
            .iter()
            .map(|t| (clamp(t.value, 100.0), self.clean_fit(&t.label, TICK, 90.0)))
            .collect();
        // Threshold labels go in a gutter right of the plot, where no bar can hide them.
        let (x0, x1) = (self.left() + AXIS_W, self.right() - chart.gutter());
        let slot = (x1 - x0) / groups as f32;
        let bar_w = slot * 0.8 / series as f32;
        let show_values = bar_w + 1.0 >= VALUE.width("100");
        let (font, cats) =
            self.slot_labels(chart.categories.iter().map(String::as_str), slot - 4.0);
        let legend: Vec<(String, Rgb)> = chart
            .series
            .iter()
            .map(|s| (self.clean(&s.name, FontStyle::Regular), s.color))
            .collect();
        let legend = legend_rows(&legend, LABEL, self.width() - AXIS_W);
        let label_h = cats.iter().map(Vec::len).max().unwrap_or(1) as f32 * 10.5 + 8.0;
        let h = 12.0 + PLOT_H + label_h + legend.len() as f32 * 14.0;
        self.reserve(h);
        let bottom = self.y + 12.0 + PLOT_H;
        let py = |v: f32| bottom - PLOT_H * v / 100.0;
        let page = &mut self.page;
        for t in (0..=100).step_by(20) {
            let y = py(t as f32);
            page.line(x0, y, x1, y, Stroke::solid(palette::GRID, 0.5));
            page.text(
                x0 - 5.0,
                y + 2.7,
                Anchor::Right,
                TICK,
                palette::MUTED,
                &t.to_string(),
            );
        }
        page.line(x0, bottom, x1, bottom, Stroke::solid(palette::RULE, 0.7));
        for (v, label) in &ths {
            let y = py(*v);
            page.line(
                x0,
                y,
                x1,
                y,
                Stroke::dashed(palette::THRESHOLD, 0.9, 3.0, 2.0),
            );
            page.text(
                x1 + 4.0,
                y + 2.5,
                Anchor::Left,
                TICK,
                palette::THRESHOLD,
                label,
            );
        }
        for (g, lines) in cats.iter().enumerate() {
            let gx = x0 + slot * g as f32 + slot * 0.1;
            for (s, ser) in chart.series.iter().enumerate() {
                let value = ser.values.get(g).copied().unwrap_or(0.0);
                let v = clamp(value, 100.0);
                let x = gx + bar_w * s as f32;
                page.fill_rect(x, py(v), bar_w, bottom - py(v), ser.color);
                if show_values {
                    // On a white patch, so threshold and grid lines never cross it.
                    let text = fmt_value(clamp_f64(value, 100.0));
                    let w = (VALUE.width(&text) + 2.0).min(bar_w);
                    page.fill_rect(x + (bar_w - w) / 2.0, py(v) - 8.0, w, 7.5, palette::WHITE);
                    page.text(
                        x + bar_w / 2.0,
                        py(v) - 2.3,
                        Anchor::Centre,
                        VALUE,
                        palette::INK,
                        &text,
                    );
                }
            }
            let cx = x0 + slot * (g as f32 + 0.5);
            for (k, l) in lines.iter().enumerate() {
                page.text(
                    cx,
                    bottom + 11.0 + k as f32 * 10.5,
                    Anchor::Centre,
                    font,
                    palette::INK,
                    l,
                );
            }
        }
        let mut top = bottom + label_h;
        for row in &legend {
            draw_legend_row(page, x0, top, row, LABEL);
            top += 14.0;
        }
        self.y += h + BLOCK_GAP;
        true
    }
}
