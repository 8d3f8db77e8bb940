//! The radar (spider) chart: one value per axis on a 0–100 scale, with an
//! optional dashed threshold ring.

use std::f32::consts::{FRAC_PI_2, TAU};

use super::canvas::{Anchor, Stroke};
use super::charts::{Bar, Threshold, clamp, clamp_f64, fmt_value};
use super::doc::DocumentBuilder;
use super::fonts::FontStyle;
use super::style::{BLOCK_GAP, palette};
use super::text::{Font, wrap_balanced};

const LABEL: Font = Font::regular(8.5);
const VALUE: Font = Font::bold(8.5);
const TICK: Font = Font::regular(6.5);
const LINE: f32 = 10.5;
/// Default radius of the outer ring, in points.
const RADIUS: f32 = 92.0;
/// The smallest radius that keeps rings and labels apart, in points.
const MIN_RADIUS: f32 = 45.0;

/// A laid-out axis label: lines, anchor and block top relative to centre.
struct AxisLabel {
    lines: Vec<String>,
    x: f32,
    top: f32,
    anchor: Anchor,
}

impl DocumentBuilder {
    /// A radar chart of 3 or more axes (labels around the outside, each with
    /// its value in bold) and values 0–100, with an optional dashed
    /// threshold ring. Fewer than 3 axes cannot form a polygon, so they are
    /// drawn as horizontal bars instead.
    pub fn radar_chart(
        &mut self,
        axes: &[impl AsRef<str>],
        values: &[f64],
        threshold: Option<&Threshold>,
    ) {
        self.radar_chart_sized(axes, values, threshold, RADIUS * 25.4 / 72.0);
    }

    /// [`radar_chart`](Self::radar_chart) with the outer ring `radius_mm`
    /// millimetres from the centre (default about 32 mm; at least 16 mm),
    /// e.g. to keep a summary on one page.
    pub fn radar_chart_sized(
        &mut self,
        axes: &[impl AsRef<str>],
        values: &[f64],
        threshold: Option<&Threshold>,
        radius_mm: f32,
    ) {
        let radius = super::mm(radius_mm).max(MIN_RADIUS);
        let n = axes.len();
        if n < 3 {
            let bars: Vec<Bar> = axes
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    Bar::new(
                        a.as_ref(),
                        values.get(i).copied().unwrap_or(0.0),
                        palette::NAVY,
                    )
                })
                .collect();
            self.hbar_chart(&bars, threshold.map(std::slice::from_ref).unwrap_or(&[]));
            return;
        }
        let vals: Vec<f32> = (0..n)
            .map(|i| clamp(values.get(i).copied().unwrap_or(0.0), 100.0))
            .collect();
        let dir = |i: usize| {
            let a = -FRAC_PI_2 + TAU * i as f32 / n as f32;
            (a.cos(), a.sin())
        };
        let half = self.width() / 2.0;
        let mut labels = Vec::with_capacity(n);
        for (i, axis) in axes.iter().enumerate() {
            let (dx, dy) = dir(i);
            let text = self.clean(axis.as_ref(), FontStyle::Regular);
            let (ax, ay) = ((radius + 10.0) * dx, (radius + 10.0) * dy);
            let (anchor, max_w) = if dx > 0.25 {
                (Anchor::Left, half - ax - 4.0)
            } else if dx < -0.25 {
                (Anchor::Right, half + ax - 4.0)
            } else {
                (Anchor::Centre, 150.0)
            };
            let mut lines = wrap_balanced(&text, LABEL, max_w, 3);
            lines.push(fmt_value(clamp_f64(
                values.get(i).copied().unwrap_or(0.0),
                100.0,
            )));
            let bh = lines.len() as f32 * LINE;
            let top = if dy < -0.25 {
                ay - bh
            } else if dy > 0.25 {
                ay
            } else {
                ay - bh / 2.0
            };
            labels.push(AxisLabel {
                lines,
                x: ax,
                top,
                anchor,
            });
        }
        let min_top = labels.iter().map(|l| l.top).fold(-radius, f32::min);
        let max_bottom = labels
            .iter()
            .map(|l| l.top + l.lines.len() as f32 * LINE)
            .fold(radius, f32::max);
        let legend = if threshold.is_some() { 18.0 } else { 0.0 };
        let h = max_bottom - min_top + 8.0 + legend;
        let room = self.width() - 30.0;
        let th = threshold.map(|t| (clamp(t.value, 100.0), self.clean_fit(&t.label, LABEL, room)));
        self.reserve(h);
        let (cx, cy) = (self.left() + half, self.y + 4.0 - min_top);
        let ring = |v: f32| -> Vec<(f32, f32)> {
            (0..n)
                .map(|i| {
                    let (dx, dy) = dir(i);
                    (cx + radius * v / 100.0 * dx, cy + radius * v / 100.0 * dy)
                })
                .collect()
        };
        let page = &mut self.page;
        let shape: Vec<(f32, f32)> = (0..n)
            .map(|i| {
                let (dx, dy) = dir(i);
                (
                    cx + radius * vals[i] / 100.0 * dx,
                    cy + radius * vals[i] / 100.0 * dy,
                )
            })
            .collect();
        page.polygon(shape.clone(), Some(palette::RADAR_FILL), None);
        for v in [20.0, 40.0, 60.0, 80.0] {
            page.polygon(ring(v), None, Some(Stroke::solid(palette::GRID, 0.6)));
        }
        page.polygon(ring(100.0), None, Some(Stroke::solid(palette::RULE, 0.8)));
        for (x, y) in ring(100.0) {
            page.line(cx, cy, x, y, Stroke::solid(palette::GRID, 0.6));
        }
        if let Some((tv, _)) = &th {
            page.polygon(
                ring(*tv),
                None,
                Some(Stroke::dashed(palette::THRESHOLD, 1.0, 3.0, 2.0)),
            );
        }
        page.polygon(shape.clone(), None, Some(Stroke::solid(palette::NAVY, 1.4)));
        for (x, y) in &shape {
            page.fill_rect(x - 1.8, y - 1.8, 3.6, 3.6, palette::NAVY);
        }
        // The ring values last, each on a white patch, so neither the shape nor the
        // threshold crosses them; they stay clear of the markers on the upward axis.
        for v in [20, 40, 60, 80, 100] {
            let y = cy - radius * v as f32 / 100.0;
            let text = v.to_string();
            let w = TICK.width(&text) + 1.6;
            page.fill_rect(cx + 2.8, y - 6.3, w, 5.2, palette::WHITE);
            page.text(cx + 3.5, y - 1.5, Anchor::Left, TICK, palette::MUTED, &text);
        }
        for l in &labels {
            let last = l.lines.len() - 1;
            for (k, line) in l.lines.iter().enumerate() {
                let (font, color) = if k == last {
                    (VALUE, palette::NAVY)
                } else {
                    (LABEL, palette::INK)
                };
                let base = cy + l.top + k as f32 * LINE + LINE * 0.75;
                page.text(cx + l.x, base, l.anchor, font, color, line);
            }
        }
        if let Some((_, label)) = th {
            let y = cy + max_bottom + 10.0;
            let x = cx - (24.0 + LABEL.width(&label)) / 2.0;
            page.line(
                x,
                y - 3.0,
                x + 18.0,
                y - 3.0,
                Stroke::dashed(palette::THRESHOLD, 1.0, 3.0, 2.0),
            );
            page.text(x + 24.0, y, Anchor::Left, LABEL, palette::INK, &label);
        }
        self.y += h + BLOCK_GAP;
    }
}
