//! Renders a demo of every element of the PDF layer, to look at and to time.
//!
//!     cargo run --release --example pdf_demo -- /tmp/demo.pdf
//!     cargo run --release --example pdf_demo -- --typical --bench /tmp/report.pdf
//!
//! `--typical` writes a 4-page assessment report only (the size and speed
//! target); the default adds a comparison report of 120 assessments.
//! `--bench` also times 20 more builds in the same process.

use std::time::Instant;

use egready::report::pdf::{
    self, Align, Bar, Cell, Column, DocumentBuilder, GroupedBarChart, Metadata, Paper, PdfDate,
    Rgb, Series, Threshold, palette,
};

const ORG: &str = "Ministère de l'Économie numérique, des Postes et de la Transformation digitale de São Tomé e Príncipe";

const SECTIONS: [(&str, f64); 7] = [
    ("Legal and regulatory framework", 72.0),
    (
        "Institutional leadership and coordination across ministries",
        55.0,
    ),
    ("Digital identity", 38.0),
    ("Connectivity and infrastructure", 61.0),
    (
        "Human capacity and digital skills of the civil service",
        44.0,
    ),
    ("Interoperability", 27.0),
    ("Financing", 0.0),
];

fn status(v: f64) -> (Rgb, &'static str) {
    match v {
        v if v <= 0.0 => (palette::NO_DATA, "Insufficient data"),
        v if v < 40.0 => (palette::NOT_MET, "Not met"),
        v if v < 60.0 => (palette::PARTIALLY_MET, "Partially met"),
        _ => (palette::MET, "Met"),
    }
}

fn lorem(n: usize) -> String {
    let words = "the assessment found that the ministry has adopted a national strategy but \
        its implementation depends on financing that has not yet been secured and on skills \
        that are scarce in the civil service outside the capital while connectivity remains \
        uneven between regions"
        .split(' ')
        .collect::<Vec<_>>();
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(words[i % words.len()]);
    }
    s.push('.');
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn assessment_report(doc: &mut DocumentBuilder) {
    doc.title("E-government readiness assessment", Some(ORG));
    doc.key_value_block(&[
        ("Country", "São Tomé e Príncipe"),
        ("Assessed organisation", ORG),
        ("Date of assessment", "1 March 2025"),
        (
            "Assessors",
            "Adjoa Mensah (Côte d'Ivoire), Ŋgɔnɛ Diop, Jan de Vries (Curaçao)",
        ),
    ]);
    doc.big_figure_accent("47 / 100", "Overall readiness: partially met. Three of the seven preconditions are not met; financing could not be assessed for lack of data.", palette::PARTIALLY_MET);
    doc.heading("Scores by section", 1);
    let bars: Vec<Bar> = SECTIONS
        .iter()
        .map(|(l, v)| Bar::new(*l, *v, status(*v).0))
        .collect();
    doc.hbar_chart(
        &bars,
        &[
            Threshold::new(40.0, "40 partially met"),
            Threshold::new(60.0, "60 met"),
        ],
    );
    doc.legend(&[
        ("Not met", palette::NOT_MET),
        ("Partially met", palette::PARTIALLY_MET),
        ("Met", palette::MET),
        ("Insufficient data", palette::NO_DATA),
    ]);
    doc.heading("Profile", 2);
    let axes: Vec<&str> = SECTIONS.iter().map(|(l, _)| *l).collect();
    let values: Vec<f64> = SECTIONS.iter().map(|(_, v)| *v).collect();
    doc.radar_chart(
        &axes,
        &values,
        Some(&Threshold::new(60.0, "Threshold for met (60)")),
    );
    doc.heading("Findings", 1);
    doc.paragraph(&lorem(120));
    doc.paragraph(&lorem(70));
    doc.heading("Priorities", 2);
    doc.bullets(&[
        lorem(30),
        "Adopt the data protection decree prepared in 2023.".to_string(),
        lorem(18),
        "Nomes com ŋ, ɛ e ɔ: Ŋɔnɛ, Kɔfi, Ɛsi.".to_string(),
    ]);
    doc.heading("Answers by question", 1);
    let cols = [
        Column::new(0.6).align(Align::Right),
        Column::new(4.0),
        Column::new(2.2),
        Column::new(1.5).align(Align::Centre),
    ];
    let rows: Vec<Vec<Cell>> = (1..=14)
        .map(|i| {
            let v = [10.0, 45.0, 70.0, 0.0][i % 4];
            let (c, s) = status(v);
            vec![
                Cell::new(format!("{i}")),
                Cell::new(format!("Q{i}. {}?", lorem(8 + (i * 7) % 20))),
                Cell::new(lorem(3 + (i * 5) % 14)),
                Cell::new(s).fill(c),
            ]
        })
        .collect();
    doc.table(&cols, &["#", "Question", "Answer", "Status"], &rows);
    doc.heading("Appendix: method", 1);
    doc.paragraph(&lorem(90));
    doc.note("Scores are the mean of the answers in each section, on a scale of 0 to 100. Sources: interviews held in São Tomé, Santo António and Neves.");
}

fn comparison_report(doc: &mut DocumentBuilder) {
    doc.page_break();
    doc.title(
        "Comparison of assessments",
        Some("120 assessments, 2023–2025"),
    );
    doc.heading("Ranking", 1);
    let cols = [
        Column::new(0.5).align(Align::Right),
        Column::new(4.0).truncate(),
        Column::new(1.2),
        Column::new(0.8).align(Align::Right),
        Column::new(1.4).align(Align::Centre),
    ];
    let names = [
        "Ministério da Saúde de São Tomé e Príncipe",
        ORG,
        "Ministère de la Fonction publique, Côte d'Ivoire",
        "Gouvernement de Curaçao",
        "Agence nationale de l'informatique",
    ];
    let rows: Vec<Vec<Cell>> = (1..=120)
        .map(|i| {
            let v = 95.0 - (i as f64) * 0.75;
            let (c, s) = status(v);
            vec![
                Cell::new(i.to_string()),
                Cell::new(names[i % names.len()]),
                Cell::new(format!("2025-0{}-1{}", 1 + i % 9, i % 10)),
                Cell::new(format!("{v:.0}")).bold(),
                Cell::new(s).fill(c),
            ]
        })
        .collect();
    doc.table(
        &cols,
        &["Rank", "Organisation", "Date", "Score", "Status"],
        &rows,
    );
    doc.heading("Sections compared", 1);
    let cats: Vec<String> = SECTIONS.iter().map(|(l, _)| l.to_string()).collect();
    let few = GroupedBarChart {
        categories: cats.clone(),
        series: (0..4)
            .map(|s| Series {
                name: names[s].to_string(),
                values: SECTIONS
                    .iter()
                    .map(|(_, v)| (v + 13.0 * s as f64) % 100.0)
                    .collect(),
                color: palette::series(s),
            })
            .collect(),
        thresholds: vec![Threshold::new(60.0, "met")],
    };
    assert!(doc.grouped_bar_chart(&few), "four series fit");
    let many = GroupedBarChart {
        categories: cats,
        series: (0..300)
            .map(|s| Series {
                name: format!("Assessment {s}"),
                values: vec![50.0; 7],
                color: palette::series(s),
            })
            .collect(),
        thresholds: Vec::new(),
    };
    if !doc.grouped_bar_chart(&many) {
        doc.note("300 assessments are too many to compare in a chart; the table below lists them instead (first 12 shown).");
        let rows: Vec<Vec<Cell>> = (0..12)
            .map(|s| {
                let mut r = vec![Cell::new(format!("Assessment {s}"))];
                r.extend((0..7).map(|_| Cell::new("50")));
                r
            })
            .collect();
        let mut cols = vec![Column::new(2.0).truncate()];
        cols.extend((0..7).map(|_| Column::new(1.0).align(Align::Right)));
        let header: Vec<String> = std::iter::once("Assessment".to_string())
            .chain(SECTIONS.iter().map(|(l, _)| l.to_string()))
            .collect();
        doc.table(&cols, &header, &rows);
    }
    doc.heading("Stage distribution", 1);
    doc.vbar_chart(&[
        Bar::new("Not started", 12.0, palette::NO_DATA),
        Bar::new("Emerging", 41.0, palette::NOT_MET),
        Bar::new("Developing", 38.0, palette::PARTIALLY_MET),
        Bar::new("Established and improving continuously", 29.0, palette::MET),
    ]);
    doc.paragraph("Unsupported scripts are replaced and reported: 中文 and ግዕዝ.");
}

fn build(typical: bool) -> pdf::RenderedPdf {
    let mut meta = Metadata::new(
        "E-government readiness: São Tomé e Príncipe",
        PdfDate::new(2025, 3, 1).expect("valid date"),
    );
    meta.author = ORG.to_string();
    meta.subject = "Readiness assessment".to_string();
    meta.creator = "egready 0.1.0".to_string();
    let mut doc = DocumentBuilder::new(Paper::A4, meta);
    doc.set_footer_text("egready 0.1.0 — e-government readiness assessment");
    assessment_report(&mut doc);
    if !typical {
        comparison_report(&mut doc);
    }
    doc.finish().expect("demo renders")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let typical = args.iter().any(|a| a == "--typical");
    let out = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "/tmp/demo.pdf".to_string());
    let start = Instant::now();
    let pdf = build(typical);
    let first = start.elapsed();
    std::fs::write(&out, &pdf.bytes).expect("write PDF");
    println!(
        "{out}: {} pages, {} bytes; built in {:.1} ms (fonts parsed on first use)",
        pdf.page_count,
        pdf.bytes.len(),
        first.as_secs_f64() * 1e3,
    );
    if args.iter().any(|a| a == "--bench") {
        let runs = 20;
        let start = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(build(typical));
        }
        let warm = start.elapsed() / runs;
        println!(
            "then {:.1} ms per build on average over {runs} builds",
            warm.as_secs_f64() * 1e3
        );
    }
    for w in &pdf.warnings {
        println!("warning: {w}");
    }
}
