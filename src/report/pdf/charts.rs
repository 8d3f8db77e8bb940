//! Bar charts drawn with vector operations: horizontal bars of 0–100 scores
//! with threshold lines, and vertical bars of counts (a distribution).

use super::canvas::{Anchor, Page, Stroke};
use super::doc::DocumentBuilder;
use super::fonts::FontStyle;
use super::style::{self, BLOCK_GAP, Rgb, palette};
use super::text::{Font, ellipsize, fit_words, wrap, wrap_balanced};

/// One bar: a label, a value and a colour (e.g. the status colour).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category label; wrapped to three lines, then shortened with "…".
    pub label: String,
    /// The value: 0–100 in [`DocumentBuilder::hbar_chart`], any
    /// non-negative number in [`DocumentBuilder::vbar_chart`].
    pub value: f64,
    /// Fill colour.
    pub color: Rgb,
    /// Text printed at the end of the bar; default: the value, rounded.
    pub value_label: Option<String>,
}

impl Bar {
    /// A bar whose printed value is the rounded value.
    pub fn new(label: impl Into<String>, value: f64, color: Rgb) -> Bar {
        Bar {
            label: label.into(),
            value,
            color,
            value_label: None,
        }
    }

    /// The same bar printing `text` (e.g. `"45 %"`) instead of the value.
    pub fn value_label(self, text: impl Into<String>) -> Bar {
        Bar {
            value_label: Some(text.into()),
            ..self
        }
    }
}

/// A reference value drawn as a dashed line (or ring), with a short label,
/// e.g. `Threshold::new(60.0, "met ≥ 60")`.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// Position on the 0–100 scale.
    pub value: f64,
    /// Label printed by the line.
    pub label: String,
}

impl Threshold {
    /// A threshold at `value` labelled `label`.
    pub fn new(value: f64, label: impl Into<String>) -> Threshold {
        Threshold {
            value,
            label: label.into(),
        }
    }
}

/// `v` as printed on a bar: rounded to one decimal as every table rounds it (`fmt1`), and
/// without the decimal when that is 0.
pub(crate) fn fmt_value(v: f64) -> String {
    let r = crate::scoring::round1(v);
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A tick of an axis whose step may be 0.25: as written, without trailing zeros.
fn fmt_tick(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `v` clamped to `0..=max`, NaN as 0: the f64 a label is printed from.
pub(crate) fn clamp_f64(v: f64, max: f64) -> f64 {
    if v.is_nan() { 0.0 } else { v.clamp(0.0, max) }
}

/// [`clamp_f64`], as the f32 a shape is drawn with.
pub(crate) fn clamp(v: f64, max: f64) -> f32 {
    clamp_f64(v, max) as f32
}

/// A tidy axis for values up to `max`: (top, step) with step 1, 2, 2.5 or 5
/// times a power of ten (whole steps when `whole`).
pub(crate) fn nice_scale(max: f64, whole: bool) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let step = if whole { step.max(1.0).round() } else { step };
    ((max / step).ceil() * step, step)
}

const LABEL: Font = Font::regular(style::SMALL);
const VALUE: Font = Font::bold(style::SMALL);
const TICK: Font = Font::regular(style::TINY);

impl DocumentBuilder {
    /// Labels under chart slots whose text may be `width` wide: cleaned, in the largest
    /// size (down to 6.5 pt) in which every word fits, each on at most three balanced lines.
    pub(crate) fn slot_labels<'a>(
        &mut self,
        texts: impl Iterator<Item = &'a str>,
        width: f32,
    ) -> (Font, Vec<Vec<String>>) {
        let texts: Vec<String> = texts.map(|t| self.clean(t, FontStyle::Regular)).collect();
        let font = fit_words(texts.iter().map(|t| (t.as_str(), width)), LABEL, 6.5);
        let lines = texts
            .iter()
            .map(|t| wrap_balanced(t, font, width, 3))
            .collect();
        (font, lines)
    }

    /// Horizontal bars on a fixed 0–100 scale, one row per bar with its label
    /// on the left and its value printed at the bar's end, plus dashed
    /// vertical `thresholds` (e.g. 40 and 60) labelled above the plot. A
    /// chart taller than a page continues on the next, with its own axis.
    pub fn hbar_chart(&mut self, bars: &[Bar], thresholds: &[Threshold]) {
        let labels: Vec<String> = bars
            .iter()
            .map(|b| self.clean(&b.label, FontStyle::Regular))
            .collect();
        let values: Vec<String> = bars
            .iter()
            .map(|b| match &b.value_label {
                Some(t) => self.clean_fit(t, VALUE, 60.0),
                None => fmt_value(b.value),
            })
            .collect();
        let ths: Vec<(f32, String)> = thresholds
            .iter()
            .map(|t| (clamp(t.value, 100.0), self.clean_fit(&t.label, TICK, 140.0)))
            .collect();
        let label_w = label_width(&labels, self.width());
        let value_w = values.iter().map(|v| VALUE.width(v)).fold(16.0, f32::max) + 6.0;
        let (x0, x1) = (self.left() + label_w + 10.0, self.right() - value_w);
        let wrapped: Vec<Vec<String>> = labels
            .iter()
            .map(|l| wrap_balanced(l, LABEL, label_w, 3))
            .collect();
        let row_h = wrapped
            .iter()
            .map(|l| l.len() as f32 * 10.5 + 6.0)
            .fold(18.0, f32::max);
        let band =
            threshold_rows(&ths, x0, x1) as f32 * 10.0 + if ths.is_empty() { 4.0 } else { 6.0 };
        let axis = 16.0;
        let per_page = (((self.body_height() - band - axis) / row_h).floor() as usize).max(1);
        let idx: Vec<usize> = (0..bars.len()).collect();
        for chunk in idx.chunks(per_page) {
            let h = band + chunk.len() as f32 * row_h + axis;
            self.reserve(h);
            let (top, lx) = (self.y + band, self.left());
            let px = |v: f32| x0 + (x1 - x0) * v / 100.0;
            let bottom = top + chunk.len() as f32 * row_h;
            let page = &mut self.page;
            for t in (0..=100).step_by(20) {
                let x = px(t as f32);
                page.line(x, top, x, bottom, Stroke::solid(palette::GRID, 0.5));
                page.text(
                    x,
                    bottom + 10.0,
                    Anchor::Centre,
                    TICK,
                    palette::MUTED,
                    &t.to_string(),
                );
            }
            for (row, &i) in chunk.iter().enumerate() {
                let rt = top + row as f32 * row_h;
                let v = clamp(bars[i].value, 100.0);
                page.fill_rect(
                    x0,
                    rt + (row_h - 11.0) / 2.0,
                    px(v) - x0,
                    11.0,
                    bars[i].color,
                );
                let lines = &wrapped[i];
                let first = rt + (row_h - lines.len() as f32 * 10.5) / 2.0;
                for (k, l) in lines.iter().enumerate() {
                    let b = style::centred_baseline(first + k as f32 * 10.5, 10.5, LABEL.size);
                    page.text(lx, b, Anchor::Left, LABEL, palette::INK, l);
                }
            }
            page.line(x0, bottom, x1, bottom, Stroke::solid(palette::RULE, 0.7));
            page.line(x0, top, x0, bottom, Stroke::solid(palette::RULE, 0.7));
            draw_thresholds(page, &ths, x0, x1, top, bottom);
            // Values last, on a white patch, so threshold lines never cross them.
            for (row, &i) in chunk.iter().enumerate() {
                let rt = top + row as f32 * row_h;
                let x = px(clamp(bars[i].value, 100.0)) + 2.0;
                page.fill_rect(
                    x,
                    rt + (row_h - 11.0) / 2.0,
                    VALUE.width(&values[i]) + 4.0,
                    11.0,
                    palette::WHITE,
                );
                let b = style::centred_baseline(rt, row_h, VALUE.size);
                page.text(x + 2.0, b, Anchor::Left, VALUE, palette::INK, &values[i]);
            }
            self.y += h + BLOCK_GAP;
        }
    }

    /// Vertical bars of non-negative values (e.g. how many assessments are
    /// at each stage) on an automatic axis, labels under the bars and values
    /// above them.
    pub fn vbar_chart(&mut self, bars: &[Bar]) {
        if bars.is_empty() {
            return;
        }
        let whole = bars.iter().all(|b| b.value.fract() == 0.0);
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let (top_v, step) = nice_scale(max, whole);
        let ticks: Vec<(f64, String)> = (0..=((top_v / step).round() as usize))
            .map(|k| (k as f64 * step, fmt_tick(k as f64 * step)))
            .collect();
        let tick_w = ticks.iter().map(|(_, t)| TICK.width(t)).fold(0.0, f32::max);
        let (x0, x1) = (self.left() + tick_w + 8.0, self.right());
        let slot = (x1 - x0) / bars.len() as f32;
        let bar_w = (slot * 0.6).min(48.0);
        let (font, labels) = self.slot_labels(bars.iter().map(|b| b.label.as_str()), slot - 6.0);
        let values: Vec<String> = bars
            .iter()
            .map(|b| match &b.value_label {
                Some(t) => self.clean(t, FontStyle::Bold),
                None => fmt_value(b.value),
            })
            .map(|v| ellipsize(&v, VALUE, slot))
            .collect();
        let plot_h = 140.0;
        let label_h = labels.iter().map(Vec::len).max().unwrap_or(1) as f32 * 10.5 + 8.0;
        let h = 16.0 + plot_h + label_h;
        self.reserve(h);
        let bottom = self.y + 16.0 + plot_h;
        let py = |v: f64| bottom - plot_h * (v.max(0.0) / top_v) as f32;
        let page = &mut self.page;
        for (v, t) in &ticks {
            let y = py(*v);
            page.line(x0, y, x1, y, Stroke::solid(palette::GRID, 0.5));
            page.text(x0 - 5.0, y + 2.7, Anchor::Right, TICK, palette::MUTED, t);
        }
        for (i, bar) in bars.iter().enumerate() {
            let cx = x0 + slot * (i as f32 + 0.5);
            let y = py(clamp(bar.value, top_v).into());
            page.fill_rect(cx - bar_w / 2.0, y, bar_w, bottom - y, bar.color);
            page.text(cx, y - 4.0, Anchor::Centre, VALUE, palette::INK, &values[i]);
            for (k, l) in labels[i].iter().enumerate() {
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
        page.line(x0, bottom, x1, bottom, Stroke::solid(palette::RULE, 0.7));
        self.y += h + BLOCK_GAP;
    }
}

/// The width of the label column of a horizontal bar chart `width` wide: the widest label,
/// at most a third of the width; wider, up to 42 %, when that takes a line off the tallest
/// label. Every row is as tall as the tallest label, so one line saved there shortens the
/// whole chart (four bars with three-line labels lose 42 pt), for a slightly narrower plot.
fn label_width(labels: &[String], width: f32) -> f32 {
    let widest = labels.iter().map(|l| LABEL.width(l)).fold(40.0, f32::max);
    let lines = |w: f32| {
        labels
            .iter()
            .map(|l| wrap(l, LABEL, w).len().min(3))
            .max()
            .unwrap_or(1)
    };
    let (narrow, wide) = (widest.min(0.34 * width), widest.min(0.42 * width));
    let goal = lines(narrow).saturating_sub(1);
    if goal == 0 || lines(wide) > goal {
        return narrow;
    }
    // The narrowest width that reaches the goal, to the nearest quarter point.
    let (mut lo, mut hi) = (narrow, wide);
    while hi - lo > 0.25 {
        let mid = (lo + hi) / 2.0;
        if lines(mid) > goal {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Assigns each threshold label a row so labels do not overlap; returns the
/// number of rows (0 without thresholds).
fn threshold_rows(ths: &[(f32, String)], x0: f32, x1: f32) -> usize {
    layout_threshold_labels(ths, x0, x1)
        .iter()
        .map(|(_, row)| row + 1)
        .max()
        .unwrap_or(0)
}

/// (label left x, row) for each threshold label.
fn layout_threshold_labels(ths: &[(f32, String)], x0: f32, x1: f32) -> Vec<(f32, usize)> {
    let mut ends: Vec<f32> = Vec::new();
    ths.iter()
        .map(|(v, label)| {
            let w = TICK.width(label);
            let cx = x0 + (x1 - x0) * v / 100.0;
            let left = (cx - w / 2.0).clamp(x0 - 20.0, (x1 + 20.0 - w).max(x0));
            let row = ends
                .iter()
                .position(|&e| left > e + 4.0)
                .unwrap_or(ends.len());
            if row == ends.len() {
                ends.push(left + w);
            } else {
                ends[row] = left + w;
            }
            (left, row)
        })
        .collect()
}

/// Dashed threshold lines from `top` to `bottom` with labels stacked above.
pub(crate) fn draw_thresholds(
    page: &mut Page,
    ths: &[(f32, String)],
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
) {
    let pos = layout_threshold_labels(ths, x0, x1);
    let rows = pos.iter().map(|(_, r)| r + 1).max().unwrap_or(0);
    for ((v, label), (left, row)) in ths.iter().zip(pos) {
        let x = x0 + (x1 - x0) * v / 100.0;
        page.line(
            x,
            top - 2.0,
            x,
            bottom,
            Stroke::dashed(palette::THRESHOLD, 0.9, 3.0, 2.0),
        );
        let base = top - 4.0 - (rows - 1 - row) as f32 * 10.0;
        page.text(left, base, Anchor::Left, TICK, palette::THRESHOLD, label);
    }
}
