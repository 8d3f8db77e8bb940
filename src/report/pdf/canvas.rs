//! A page as a list of simple drawing commands in top-down points, and their
//! translation to printpdf operations (bottom-up PDF coordinates).

use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

use super::fonts::FontStyle;
use super::style::Rgb;
use super::text::Font;

/// How a path is outlined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub color: Rgb,
    pub width: f32,
    /// Dash and gap lengths in points; `None` for a solid line.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    pub(crate) const fn solid(color: Rgb, width: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: None,
        }
    }

    pub(crate) const fn dashed(color: Rgb, width: f32, on: f32, off: f32) -> Stroke {
        Stroke {
            color,
            width,
            dash: Some((on, off)),
        }
    }
}

/// One drawing command. `y` grows downwards from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Draw {
    /// A line of text with its baseline at (`x`, `y`).
    Text {
        x: f32,
        y: f32,
        font: Font,
        color: Rgb,
        text: String,
    },
    /// A rectangle with its top-left corner at (`x`, `y`).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// An open polyline.
    Line {
        points: Vec<(f32, f32)>,
        stroke: Stroke,
    },
    /// A closed polygon.
    Polygon {
        points: Vec<(f32, f32)>,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
}

/// Alignment of a text line relative to an anchor x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Left,
    Centre,
    Right,
}

/// The drawing commands of one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub items: Vec<Draw>,
}

impl Page {
    /// Draws `text` with its baseline at `y`, aligned on `x` per `anchor`.
    pub(crate) fn text(
        &mut self,
        x: f32,
        y: f32,
        anchor: Anchor,
        font: Font,
        color: Rgb,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let x = match anchor {
            Anchor::Left => x,
            Anchor::Centre => x - font.width(text) / 2.0,
            Anchor::Right => x - font.width(text),
        };
        self.items.push(Draw::Text {
            x,
            y,
            font,
            color,
            text: text.to_string(),
        });
    }

    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        self.items.push(Draw::Rect {
            x,
            y,
            w,
            h,
            fill: Some(fill),
            stroke: None,
        });
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) {
        self.items.push(Draw::Line {
            points: vec![(x1, y1), (x2, y2)],
            stroke,
        });
    }

    pub(crate) fn polygon(
        &mut self,
        points: Vec<(f32, f32)>,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    ) {
        self.items.push(Draw::Polygon {
            points,
            fill,
            stroke,
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Rounds to 1/100 pt: invisible, and keeps content streams short.
fn r(v: f32) -> Pt {
    Pt((v * 100.0).round() / 100.0)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

/// Graphics state already set in the content stream, to skip repeats.
#[derive(Default)]
struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
    dash: Option<Option<(f32, f32)>>,
    font: Option<(FontStyle, f32)>,
    in_text: bool,
}

impl State {
    /// Leaves any text section and sets the paint of a filled and/or stroked shape: every
    /// rectangle, polygon and line starts here, since path operators are not allowed inside a
    /// text section.
    fn start_shape(&mut self, ops: &mut Vec<Op>, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.end_text(ops);
        if let Some(s) = stroke {
            self.set_stroke(ops, s);
        }
        if let Some(f) = fill {
            self.set_fill(ops, f);
        }
    }

    fn set_fill(&mut self, ops: &mut Vec<Op>, c: Rgb) {
        if self.fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, ops: &mut Vec<Op>, s: Stroke) {
        if self.stroke != Some(s.color) {
            ops.push(Op::SetOutlineColor {
                col: color(s.color),
            });
            self.stroke = Some(s.color);
        }
        if self.width != Some(s.width) {
            ops.push(Op::SetOutlineThickness { pt: r(s.width) });
            self.width = Some(s.width);
        }
        if self.dash != Some(s.dash) {
            let dash = match s.dash {
                Some((on, off)) => LineDashPattern::new(0.0, &[on, off]),
                None => LineDashPattern::solid(),
            };
            ops.push(Op::SetLineDashPattern { dash });
            self.dash = Some(s.dash);
        }
    }

    fn end_text(&mut self, ops: &mut Vec<Op>) {
        if self.in_text {
            ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }
}

fn points(pts: &[(f32, f32)], page_h: f32) -> Vec<LinePoint> {
    pts.iter()
        .map(|&(x, y)| LinePoint {
            p: Point {
                x: r(x),
                y: r(page_h - y),
            },
            bezier: false,
        })
        .collect()
}

fn paint(fill: Option<Rgb>, stroke: Option<Stroke>) -> Option<PaintMode> {
    match (fill, stroke) {
        (Some(_), Some(_)) => Some(PaintMode::FillStroke),
        (Some(_), None) => Some(PaintMode::Fill),
        (None, Some(_)) => Some(PaintMode::Stroke),
        (None, None) => None,
    }
}

/// Translates a page into printpdf operations. `fonts` gives the resource
/// id of the regular and bold faces.
pub(crate) fn page_ops(page: &Page, page_h: f32, fonts: &[(FontStyle, FontId)]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 3);
    let mut st = State::default();
    for item in &page.items {
        match item {
            Draw::Text {
                x,
                y,
                font,
                color: c,
                text,
            } => {
                if !st.in_text {
                    ops.push(Op::StartTextSection);
                    st.in_text = true;
                }
                let key = (font.style, font.size);
                if st.font != Some(key) {
                    let id = fonts
                        .iter()
                        .find(|(s, _)| *s == font.style)
                        .map(|(_, id)| id.clone());
                    if let Some(id) = id {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(id),
                            size: Pt(font.size),
                        });
                    }
                    st.font = Some(key);
                }
                st.set_fill(&mut ops, *c);
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(r(*x), r(page_h - y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
            }
            Draw::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let Some(mode) = paint(*fill, *stroke) else {
                    continue;
                };
                st.start_shape(&mut ops, *fill, *stroke);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: r(*x),
                        y: r(page_h - y - h),
                        width: r(*w),
                        height: r(*h),
                        mode: Some(mode),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                });
            }
            Draw::Line {
                points: pts,
                stroke,
            } => {
                st.start_shape(&mut ops, None, Some(*stroke));
                ops.push(Op::DrawLine {
                    line: Line {
                        points: points(pts, page_h),
                        is_closed: false,
                    },
                });
            }
            Draw::Polygon {
                points: pts,
                fill,
                stroke,
            } => {
                let Some(mode) = paint(*fill, *stroke) else {
                    continue;
                };
                st.start_shape(&mut ops, *fill, *stroke);
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: points(pts, page_h),
                        }],
                        mode,
                        winding_order: WindingOrder::NonZero,
                    },
                });
            }
        }
    }
    st.end_text(&mut ops);
    ops
}
