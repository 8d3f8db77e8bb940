//! Tests of layout geometry and of degenerate input: nothing may overflow
//! the text area or panic.

use super::tests::{ORG, builder, page_text, parse, words};
use super::text::{Font, ellipsize, wrap};
use super::*;

#[test]
fn dense_grouped_chart_is_refused() {
    let chart = |series: usize| GroupedBarChart {
        categories: (0..7).map(|i| format!("Section {i}")).collect(),
        series: (0..series)
            .map(|i| Series {
                name: i.to_string(),
                values: vec![50.0; 7],
                color: palette::series(i),
            })
            .collect(),
        thresholds: Vec::new(),
    };
    let mut doc = builder();
    assert!(doc.grouped_chart_fits(&chart(5)));
    assert!(!doc.grouped_chart_fits(&chart(300)));
    assert!(!doc.grouped_chart_fits(&chart(0)));
    assert!(!doc.grouped_bar_chart(&chart(300)));
    assert!(doc.page.is_empty(), "a refused chart draws nothing");
}

#[test]
fn lines_never_exceed_the_width() {
    let font = Font::regular(10.0);
    let text = format!(
        "{ORG} Interoperabilitätsanforderungen https://example.org/a/very/long/path/to/a/page {}",
        words(40)
    );
    for max in [30.0, 55.0, 120.0, 300.0] {
        for line in wrap(&text, font, max) {
            assert!(font.width(&line) <= max + 0.01, "{line:?} wider than {max}");
        }
        assert!(font.width(&ellipsize(&text, font, max)) <= max + 0.01);
    }
    assert_eq!(wrap("a\nb", font, 100.0), vec!["a", "b"]);
    assert_eq!(wrap("", font, 100.0), vec![""]);
}

#[test]
fn dates_are_checked() {
    assert_eq!(
        PdfDate::parse_iso("2024-02-29").map(PdfDate::ymd),
        Some((2024, 2, 29))
    );
    assert_eq!(PdfDate::parse_iso("2023-02-29"), None);
    assert_eq!(PdfDate::parse_iso("2023-13-01"), None);
    assert_eq!(PdfDate::parse_iso("1 March 2025"), None);
}

#[test]
fn metadata_is_written() {
    let mut doc = builder();
    doc.paragraph("x");
    let pdf = doc.finish().expect("renders");
    let parsed = parse(&pdf.bytes);
    let catalog = parsed.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"Lang").and_then(lopdf::Object::as_str).ok(),
        Some(&b"en"[..])
    );
    let s = String::from_utf8_lossy(&pdf.bytes);
    assert!(
        s.contains("D:20250301000000"),
        "creation date from the caller"
    );
    assert!(!s.contains("GTS_PDFX"), "no false PDF/X claim");
}

/// Every text run lies inside the text area (footers are added later).
fn assert_inside(doc: &DocumentBuilder) {
    let (l, r, t, b) = (doc.left(), doc.right(), doc.top(), doc.bottom());
    for (n, page) in doc.pages.iter().chain([&doc.page]).enumerate() {
        for item in &page.items {
            if let canvas::Draw::Text {
                x, y, font, text, ..
            } = item
            {
                let w = font.width(text);
                assert!(
                    *x >= l - 0.5 && x + w <= r + 0.5,
                    "page {n}: {text:?} ({font:?}, y {y}) at x {x}..{} outside {l}..{r}",
                    x + w
                );
                assert!(
                    *y >= t && *y <= b + 0.5,
                    "page {n}: {text:?} at y {y} outside {t}..{b}"
                );
            }
        }
    }
}

#[test]
fn degenerate_input_stays_on_the_page() {
    let long_word = "Interoperabilitätsanforderungsverzeichnis".repeat(8);
    let huge_cell = words(3000);
    let mut doc = DocumentBuilder::new(
        Paper::Letter,
        Metadata::new("", PdfDate::new(1970, 1, 1).expect("date")),
    );
    doc.title("", None);
    doc.heading("", 1);
    doc.paragraph("");
    doc.paragraph(&long_word);
    doc.bullets(&[""; 2]);
    doc.bullets(&[long_word.as_str()]);
    doc.key_value_block(&[("", ""), (long_word.as_str(), huge_cell.as_str())]);
    doc.big_figure(&long_word, &huge_cell);
    doc.table(&[], &[""; 0], &[]);
    doc.table(&[Column::new(0.0), Column::new(1.0)], &["a"], &[]);
    let cols = [
        Column::new(1.0),
        Column::new(3.0),
        Column::new(0.3).align(Align::Right),
    ];
    let rows = vec![
        vec![],
        vec![
            Cell::new(long_word.as_str()),
            Cell::new(huge_cell.as_str()),
            Cell::new("99"),
        ],
        vec![Cell::new("x"); 5],
    ];
    doc.table(&cols, &["Name", "Text", "Score"], &rows);
    let many: Vec<Bar> = (0..80)
        .map(|i| Bar::new(long_word.as_str(), f64::from(i) * 1.5 - 10.0, palette::MET))
        .collect();
    doc.hbar_chart(
        &many,
        &[
            Threshold::new(f64::NAN, ""),
            Threshold::new(140.0, long_word.as_str()),
        ],
    );
    doc.hbar_chart(&[], &[]);
    doc.radar_chart(&["a", "b"], &[50.0], None);
    doc.radar_chart(
        &[long_word.as_str(); 12],
        &[f64::INFINITY, -3.0],
        Some(&Threshold::new(50.0, long_word.as_str())),
    );
    doc.vbar_chart(&[]);
    doc.vbar_chart(&[
        Bar::new(long_word.as_str(), 0.0, palette::MET),
        Bar::new("", 0.2, palette::MET),
    ]);
    doc.legend(&[(long_word.as_str(), palette::MET); 3]);
    doc.spacer(1000.0);
    doc.ensure_space(1000.0);
    doc.page_break();
    doc.page_break();
    assert_inside(&doc);
    let pdf = doc.finish().expect("renders");
    assert_eq!(parse(&pdf.bytes).get_pages().len(), pdf.page_count);
}

#[test]
fn report_stays_inside_the_text_area() {
    let mut doc = builder();
    doc.title("Title", Some(ORG));
    let axes = [
        "Legal and regulatory framework",
        "Institutional leadership and coordination",
        "Digital identity",
    ];
    doc.radar_chart(
        &axes,
        &[70.0, 30.0, 100.0],
        Some(&Threshold::new(60.0, "met")),
    );
    let bars: Vec<Bar> = axes
        .iter()
        .map(|a| Bar::new(*a, 100.0, palette::MET).value_label("100 %"))
        .collect();
    doc.hbar_chart(
        &bars,
        &[
            Threshold::new(0.0, "zero"),
            Threshold::new(100.0, "full marks"),
        ],
    );
    assert_inside(&doc);
}

#[test]
fn empty_document_has_one_page() {
    let pdf = builder().finish().expect("renders");
    assert_eq!(pdf.page_count, 1);
    assert!(page_text(&parse(&pdf.bytes), 1).contains("page 1 of 1"));
}

/// The texts of a page, in drawing order.
fn texts(page: &canvas::Page) -> Vec<(f32, f32, String)> {
    page.items
        .iter()
        .filter_map(|item| match item {
            canvas::Draw::Text { x, y, text, .. } => Some((*x, *y, text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_table_header_keeps_its_first_row_even_a_tall_one() {
    let mut doc = builder();
    while doc.remaining() > mm(30.0) {
        doc.paragraph("filler");
    }
    let tall = words(60);
    doc.table(
        &[Column::new(1.0), Column::new(1.0)],
        &["Case", "Summary"],
        &[vec![Cell::new("First"), Cell::new(tall.as_str())]],
    );
    let last_full = doc.pages.last().expect("a page was filled");
    assert!(
        texts(last_full).iter().all(|(_, _, t)| t != "Case"),
        "the header moved to the next page with its row"
    );
    let here = texts(&doc.page);
    assert!(here.iter().any(|(_, _, t)| t == "Case"));
    assert!(here.iter().any(|(_, _, t)| t == "First"));
}

#[test]
fn side_by_side_columns_stay_apart_and_the_flow_continues_below() {
    let mut doc = builder();
    let bars: Vec<Bar> = (1..=4)
        .map(|i| {
            Bar::new(
                format!("{i}. Capacity-building channels and cooperation"),
                60.0,
                palette::MET,
            )
        })
        .collect();
    let y0 = doc.y;
    let split = std::cell::Cell::new(0.0);
    let mut ends = (0.0, 0.0);
    doc.side_by_side(
        0.6,
        60.0,
        |d| {
            d.hbar_chart(&bars, &[Threshold::new(60.0, "met")]);
            split.set(d.right());
            ends.0 = d.y;
        },
        |d| {
            assert!(
                d.left() > split.get(),
                "the right column starts after the left one"
            );
            d.radar_chart_sized(&["1", "2", "3", "4"], &[10.0, 20.0, 30.0, 40.0], None, 20.0);
            ends.1 = d.y;
        },
    );
    assert_eq!(doc.left(), mm(20.0), "the margins are back");
    assert!(ends.0 > y0 && ends.1 > y0);
    assert_eq!(doc.y, ends.0.max(ends.1));
    for (x, _, t) in texts(&doc.page) {
        if t.contains("Capacity") {
            assert!(x < split.get(), "{t} drawn in the left column");
        }
    }
    assert!(
        texts(&doc.page).iter().all(|(_, _, t)| !t.ends_with('…')),
        "labels wrap to three lines instead of being shortened"
    );
    assert_inside(&doc);
}

#[test]
fn bar_labels_take_a_wider_column_rather_than_a_third_line() {
    let mut doc = builder();
    let bars: Vec<Bar> = [
        "1. Local expertise and engagement",
        "4. Capacity-building channels and cooperation",
    ]
    .iter()
    .map(|l| Bar::new(*l, 50.0, palette::MET))
    .collect();
    // The width of the left column of page 1 of the assessment report.
    doc.side_by_side(0.6, 0.0, |d| d.hbar_chart(&bars, &[]), |_| {});
    let lines: Vec<String> = texts(&doc.page)
        .into_iter()
        .map(|(_, _, t)| t)
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    assert_eq!(
        lines,
        [
            "1. Local expertise",
            "and engagement",
            "4. Capacity-building",
            "channels and cooperation"
        ]
    );
    assert_inside(&doc);
}

#[test]
fn kept_together_blocks_move_to_the_next_page_whole() {
    let mut doc = builder();
    while doc.remaining() > mm(40.0) {
        doc.paragraph("filler");
    }
    let pages = doc.pages.len();
    doc.keep_together(|d| {
        d.heading("Scores", 2);
        d.paragraph(&words(150));
    });
    assert_eq!(doc.pages.len(), pages + 1, "one new page, no more");
    let moved = texts(&doc.page);
    assert_eq!(moved.first().map(|t| t.2.as_str()), Some("Scores"));
    assert!(
        texts(&doc.pages[pages])
            .iter()
            .all(|(_, _, t)| t == "filler"),
        "nothing of the blocks stays behind"
    );
    // At the top of a page there is nowhere better to go: the blocks break as usual.
    let mut doc = builder();
    doc.keep_together(|d| d.paragraph(&words(2000)));
    assert!(doc.pages.len() > 1);
    assert_eq!(doc.page_count(), doc.pages.len() + 1);
    assert_eq!(doc.page_number(), doc.page_count());
}

#[test]
fn a_group_row_spans_the_row_and_never_ends_a_page() {
    let mut doc = builder();
    // 25 mm left: room for the header, the first row and the group row, not the row after.
    doc.spacer((doc.remaining() - mm(25.0)) * 25.4 / 72.0);
    let group = words(12);
    let rows = vec![
        vec![Cell::new("a"), Cell::new("b")],
        vec![Cell::new(group.as_str()).bold().span()],
        vec![Cell::new("c"), Cell::new(words(30))],
    ];
    doc.table(
        &[Column::new(1.0), Column::new(4.0)],
        &["Question", "Answer"],
        &rows,
    );
    let before = doc.pages.last().expect("the table broke the page");
    assert!(texts(before).iter().any(|(_, _, t)| t == "a"));
    assert!(
        texts(before)
            .iter()
            .all(|(_, _, t)| !t.starts_with("readiness")),
        "the group row went to the next page with the row after it"
    );
    let here = texts(&doc.page);
    let first = here
        .iter()
        .find(|(_, _, t)| t.starts_with("readiness"))
        .expect("the group row");
    assert!(
        first.0 < doc.left() + mm(5.0) && Font::bold(8.5).width(&first.2) > doc.width() / 5.0,
        "the group row starts in the first column and is wider than it"
    );
    assert!(
        here.iter().any(|(_, _, t)| t == "Question"),
        "under a header"
    );
    assert_inside(&doc);
}

#[test]
fn radar_ring_values_are_drawn_over_the_shape_on_white() {
    let mut doc = builder();
    doc.radar_chart(
        &["a", "b", "c", "d"],
        &[65.0, 75.0, 35.0, 60.0],
        Some(&Threshold::new(60.0, "met")),
    );
    let items = &doc.page.items;
    // The value shape's outline is the last polygon drawn.
    let outline = items
        .iter()
        .rposition(|i| matches!(i, canvas::Draw::Polygon { .. }))
        .expect("a shape");
    for ring in ["20", "40", "60", "80", "100"] {
        let at = items
            .iter()
            .position(|i| matches!(i, canvas::Draw::Text { text, .. } if text == ring))
            .expect("a ring value");
        assert!(at > outline, "{ring} is drawn under the shape");
        assert!(
            matches!(
                &items[at - 1],
                canvas::Draw::Rect { fill: Some(c), .. } if *c == palette::WHITE
            ),
            "{ring} has no white patch"
        );
    }
}
