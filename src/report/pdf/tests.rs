//! Tests of the PDF layer, reading the output back with lopdf. Layout
//! geometry and degenerate input are tested in `tests_layout.rs`.

use super::canvas::{Anchor, Page, Stroke, page_ops};
use super::text::Font;
use super::*;
use printpdf::Op;

pub(super) const ORG: &str = "Ministère de l'Économie numérique, des Postes et de la Transformation digitale de São Tomé e Príncipe";

pub(super) fn builder() -> DocumentBuilder {
    let mut meta = Metadata::new("Test report", PdfDate::new(2025, 3, 1).expect("date"));
    meta.creator = "egready test".into();
    let mut doc = DocumentBuilder::new(Paper::A4, meta);
    doc.set_footer_text("egready 0.1.0");
    doc
}

pub(super) fn words(n: usize) -> String {
    (0..n)
        .map(|i| ["readiness", "ministry", "strategy", "network", "data"][i % 5])
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn parse(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).expect("valid PDF")
}

/// The text of page `n` (1-based) with runs of whitespace collapsed.
pub(super) fn page_text(pdf: &lopdf::Document, n: u32) -> String {
    let text = pdf.extract_text(&[n]).expect("text extracts");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A report like the real ones: about four pages of every element.
fn report_like() -> RenderedPdf {
    let mut doc = builder();
    doc.title("E-government readiness", Some(ORG));
    doc.key_value_block(&[("Country", "São Tomé e Príncipe"), ("Organisation", ORG)]);
    doc.big_figure("47 / 100", "Partially met");
    let sections = [
        "Legal framework",
        "Leadership",
        "Digital identity",
        "Connectivity",
        "Skills",
        "Interoperability",
    ];
    let bars: Vec<Bar> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| Bar::new(*s, 15.0 * i as f64, palette::MET))
        .collect();
    doc.heading("Scores", 1);
    doc.hbar_chart(
        &bars,
        &[Threshold::new(40.0, "40"), Threshold::new(60.0, "60")],
    );
    doc.radar_chart(
        &sections,
        &[10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
        Some(&Threshold::new(60.0, "target")),
    );
    doc.heading("Findings", 1);
    for _ in 0..4 {
        doc.paragraph(&words(120));
    }
    doc.bullets(&[words(20), words(12)]);
    let rows: Vec<Vec<Cell>> = (0..40)
        .map(|i| {
            vec![
                Cell::new(i.to_string()),
                Cell::new(words(10 + i % 15)),
                Cell::new("Met").fill(palette::MET),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::new(0.5),
            Column::new(5.0),
            Column::new(1.2).truncate(),
        ],
        &["#", "Question", "Status"],
        &rows,
    );
    let chart = GroupedBarChart {
        categories: sections.iter().map(|s| s.to_string()).collect(),
        series: (0..3)
            .map(|i| Series {
                name: format!("Assessment {i}"),
                values: vec![50.0; 6],
                color: palette::series(i),
            })
            .collect(),
        thresholds: vec![Threshold::new(60.0, "met")],
    };
    assert!(doc.grouped_bar_chart(&chart));
    doc.vbar_chart(&[
        Bar::new("Emerging", 3.0, palette::NOT_MET),
        Bar::new("Established", 5.0, palette::MET),
    ]);
    doc.finish().expect("renders")
}

#[test]
fn overflowing_text_continues_on_new_pages() {
    let mut doc = builder();
    for _ in 0..30 {
        doc.paragraph(&words(150));
    }
    let pdf = doc.finish().expect("renders");
    assert!(pdf.page_count >= 4, "{} pages", pdf.page_count);
    assert_eq!(parse(&pdf.bytes).get_pages().len(), pdf.page_count);
}

#[test]
fn accented_names_extract_intact() {
    let mut doc = builder();
    doc.paragraph(ORG);
    doc.table(
        &[Column::new(1.0)],
        &["Pays"],
        &[vec![Cell::new("Côte d'Ivoire")], vec![Cell::new("Curaçao")]],
    );
    doc.paragraph("Ŋgɔnɛ Kɔfi Ɛsi ŋ ɛ ɔ");
    let pdf = doc.finish().expect("renders");
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    // lopdf joins wrapped lines without a space, so compare without spaces.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let text = squeeze(&page_text(&parse(&pdf.bytes), 1));
    for expected in [ORG, "Côte d'Ivoire", "Curaçao", "Ŋgɔnɛ Kɔfi Ɛsi ŋ ɛ ɔ"] {
        assert!(
            text.contains(&squeeze(expected)),
            "{expected:?} not in {text:?}"
        );
    }
}

#[test]
fn decomposed_accents_are_composed() {
    let mut doc = builder();
    doc.paragraph("Sa\u{0303}o Tome\u{0301}");
    let pdf = doc.finish().expect("renders");
    assert!(page_text(&parse(&pdf.bytes), 1).contains("São Tomé"));
}

#[test]
fn same_input_gives_identical_bytes() {
    let (a, b) = (report_like(), report_like());
    assert!(a.bytes == b.bytes, "two builds differ");
    let id_pos = a
        .bytes
        .windows(4)
        .rposition(|w| w == b"/ID[")
        .expect("has /ID");
    assert!(
        !a.bytes[id_pos..].starts_with(b"/ID[<6567"),
        "placeholder left in /ID"
    );
}

#[test]
fn every_page_has_its_footer() {
    let mut doc = builder();
    let rows: Vec<Vec<Cell>> = (0..120)
        .map(|i| vec![Cell::new(format!("row {i}")), Cell::new(ORG)])
        .collect();
    doc.table(
        &[Column::new(1.0), Column::new(4.0)],
        &["Name", "Organisation"],
        &rows,
    );
    let pdf = doc.finish().expect("renders");
    let n = pdf.page_count;
    assert!(n >= 3, "{n} pages");
    let parsed = parse(&pdf.bytes);
    for p in 1..=n {
        let text = page_text(&parsed, p as u32);
        assert!(
            text.contains(&format!("page {p} of {n}")),
            "page {p}: {text}"
        );
        assert!(text.contains("egready 0.1.0"));
        assert!(
            text.contains("Organisation"),
            "header not repeated on page {p}"
        );
    }
}

#[test]
fn unsupported_script_is_replaced_and_reported() {
    let mut doc = builder();
    doc.heading("报告 ግዕዝ", 1);
    doc.paragraph("Chinese 中文 and Ethiopic ግዕዝ text");
    let pdf = doc.finish().expect("renders");
    assert!(
        pdf.warnings.iter().any(|w| w.contains("U+4E2D")),
        "{:?}",
        pdf.warnings
    );
    assert!(
        pdf.warnings.iter().any(|w| w.contains("U+130D")),
        "{:?}",
        pdf.warnings
    );
    assert_eq!(
        pdf.warnings.len(),
        7,
        "one warning per distinct character: {:?}",
        pdf.warnings
    );
    let text = page_text(&parse(&pdf.bytes), 1);
    assert!(text.contains("Chinese \u{FFFD}\u{FFFD} and"), "{text}");
}

#[test]
fn typical_report_is_small() {
    let pdf = report_like();
    assert!(
        (3..=6).contains(&pdf.page_count),
        "{} pages",
        pdf.page_count
    );
    assert!(pdf.bytes.len() < 150_000, "{} bytes", pdf.bytes.len());
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
}

#[test]
fn heading_never_ends_a_page() {
    // Lines of 14 pt: with 46 to 50 filler lines the heading alone would
    // still fit at the bottom of page 1, but not with the body after it.
    for filler in 44..=50 {
        let mut doc = builder();
        doc.paragraph(&vec!["filler"; filler].join("\n"));
        doc.heading("Kept heading", 2);
        doc.paragraph("Body after heading");
        let pdf = doc.finish().expect("renders");
        let parsed = parse(&pdf.bytes);
        let page = (1..=pdf.page_count as u32)
            .find(|&p| page_text(&parsed, p).contains("Kept heading"))
            .expect("heading drawn");
        assert!(
            page_text(&parsed, page).contains("Body after heading"),
            "filler {filler}"
        );
    }
}

/// Whether any path is drawn inside a text section (viewers may drop or misdraw it).
fn path_in_text(ops: &[Op]) -> bool {
    let mut in_text = false;
    ops.iter().any(|op| match op {
        Op::StartTextSection => {
            in_text = true;
            false
        }
        Op::EndTextSection => {
            in_text = false;
            false
        }
        Op::DrawLine { .. } | Op::DrawRectangle { .. } | Op::DrawPolygon { .. } => in_text,
        _ => false,
    })
}

const STROKE: Stroke = Stroke::solid(palette::RULE, 0.5);

#[test]
fn every_shape_ends_the_text_section_before_it() {
    let shapes: [fn(&mut Page); 3] = [
        |p| p.line(0.0, 10.0, 50.0, 10.0, STROKE),
        |p| p.fill_rect(0.0, 10.0, 50.0, 5.0, palette::NAVY),
        |p| p.polygon(vec![(0.0, 0.0), (9.0, 0.0), (0.0, 9.0)], None, Some(STROKE)),
    ];
    let text = |p: &mut Page, y: f32, t: &str| {
        p.text(0.0, y, Anchor::Left, Font::regular(10.0), palette::INK, t);
    };
    for shape in shapes {
        let mut page = Page::default();
        text(&mut page, 20.0, "a");
        shape(&mut page);
        text(&mut page, 40.0, "b");
        let ops = page_ops(&page, 100.0, &[]);
        assert!(!path_in_text(&ops), "{ops:?}");
        let sections = ops
            .iter()
            .filter(|op| matches!(op, Op::StartTextSection))
            .count();
        assert_eq!(sections, 2, "the text after the shape opens a new section");
    }
}

#[test]
fn chart_labels_round_as_the_tables_do() {
    use super::charts::fmt_value;
    use crate::scoring::fmt1;
    // Halves round away from zero, as fmt1 rounds them; a whole value drops its ".0".
    for (v, label) in [
        (19.95, "20"),
        (14.55, "14.6"),
        (0.05, "0.1"),
        (62.5, "62.5"),
        (20.0, "20"),
        (19.96, "20"),
        (7.25, "7.3"),
    ] {
        assert_eq!(fmt_value(v), label, "{v}");
        assert_eq!(fmt1(Some(v)).trim_end_matches(".0"), label, "{v}");
    }
}
