//! The comparison report and the PDFs of a batch: `egready score --pdf` through the real
//! binary for 1 and 2 assessments and for groups, and the comparison of 300 assessments
//! built through the library (300 row reports in a debug build would take half a minute).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use egready::answers::{AnswerValue, Responses, response};
use egready::questionnaire::{self, QuestionType, Questionnaire};
use egready::report::pdf::Paper;
use egready::report::pdf_comparison::Comparison;
use egready::scoring;

mod common;
use common::{egready, files_in, squash, success_stderr};

/// Every page's text, whitespace removed (lopdf joins wrapped lines without a space).
fn pages(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    (1..=doc.get_pages().len() as u32)
        .map(|n| squash(&doc.extract_text(&[n]).unwrap()))
        .collect()
}

/// The first `rows` assessments of `examples/batch.csv` as a CSV file in `dir`.
fn batch(dir: &Path, rows: usize) -> PathBuf {
    let text = std::fs::read_to_string("examples/batch.csv").unwrap();
    let kept: Vec<&str> = text.lines().take(rows + 1).collect();
    let path = dir.join("batch.csv");
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    path
}

fn score_pdf(input: &Path, out: &Path, extra: &[&str]) -> String {
    success_stderr(
        egready()
            .arg("score")
            .arg(input)
            .args(["--pdf", "--out"])
            .arg(out)
            .args(extra),
    )
}

/// The text of `comparison.pdf` in `out`, whitespace removed.
fn comparison_text(out: &Path) -> String {
    pages(&std::fs::read(out.join("comparison.pdf")).unwrap()).concat()
}

/// Asserts that `text` (whitespace removed) holds every one of `expected`.
fn assert_holds(text: &str, expected: &[&str]) {
    for expected in expected {
        assert!(
            text.contains(&squash(expected)),
            "lacks {expected:?}: {text}"
        );
    }
}

#[test]
fn one_assessment_gives_its_report_and_a_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let stderr = score_pdf(&batch(dir.path(), 1), &out, &[]);
    assert_eq!(
        files_in(&out),
        [
            "comparison.pdf",
            "scores.csv",
            "velmora-2026-dta-2026-10-14.pdf"
        ]
    );
    assert!(stderr.contains("comparison.pdf (2 pages"), "{stderr}");
    let text = comparison_text(&out);
    assert_holds(
        &text,
        &[
            "1 assessment, E-government preconditions",
            "61.8 / 100",
            "Mean readiness index of 1 assessment",
            "1velmora-2026-dta", // rank 1
            "Section scores compared",
            "Stages reached",
        ],
    );
}

#[test]
fn two_assessments_are_compared_in_a_chart_and_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let stderr = score_pdf(&batch(dir.path(), 2), &out, &["--paper", "letter"]);
    for name in [
        "velmora-2026-dta-2026-10-14.pdf",
        "oruna-2026-mof-2026-09-03.pdf",
        "comparison.pdf",
    ] {
        assert!(out.join(name).is_file(), "{name}");
        assert!(stderr.contains(&format!("wrote {}", out.join(name).display())));
    }
    let text = comparison_text(&out);
    assert_holds(
        &text,
        &[
            "2 assessments",
            "lowest 14.6, highest 61.8",
            "velmora-2026-dta (QVM)", // chart legend
            "oruna-2026-mof (QOR)",
            "1velmora-2026-dtaQVM61.8Emerging",
            "2oruna-2026-mofQOR14.6Nascent",
        ],
    );
    assert!(!text.contains("too many to tell apart"));
}

#[test]
fn groups_get_their_spread_and_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    score_pdf(
        Path::new("examples/batch.csv"),
        &out,
        &["--group-by", "country"],
    );
    let text = comparison_text(&out);
    assert_holds(
        &text,
        &[
            "Groups by country",
            "Group n Mean Lowest Highest Std dev Stage",
            "QRK 1 91.2 91.2 91.2 - Leading",
            "Mean section scores by group",
        ],
    );
}

#[test]
fn strict_removes_the_reports_of_a_failed_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(batch(dir.path(), 2)).unwrap();
    text.push_str("bad-row,QVM,,,,2026-13-45\n");
    let input = dir.path().join("bad.csv");
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out");
    egready()
        .arg("score")
        .arg(&input)
        .args(["--pdf", "--strict", "--out"])
        .arg(&out)
        .assert()
        .code(6);
    // The run removes the output folder it created; if it is there, it holds no PDF.
    let left: Vec<String> = (if out.exists() {
        files_in(&out)
    } else {
        Vec::new()
    })
    .into_iter()
    .filter(|f| f.ends_with(".pdf"))
    .collect();
    assert_eq!(left, Vec::<String>::new());
}

/// 300 assessments whose answers run from the worst to the best option.
fn three_hundred(q: &Questionnaire) -> Comparison {
    let mut c = Comparison::default();
    for i in 0..300usize {
        let mut r = Responses::empty(q.question_count());
        for (k, (_, question)) in q.questions().enumerate() {
            let n = question.options.len();
            let value = match question.kind {
                QuestionType::Single => {
                    AnswerValue::Text(question.options[(i * 7 + k * 3) % n].id.clone())
                }
                QuestionType::Number => AnswerValue::Number(((i * 13 + k) % 40) as f64),
                _ => continue,
            };
            r.given[k] = response(question, &value).ok();
        }
        let a = scoring::score(q, &r);
        c.add(q, &format!("a{i:03}"), "STP", "2026-05-12", &a);
    }
    c
}

#[test]
fn three_hundred_assessments_stay_readable() {
    let q = questionnaire::resolve("egov-preconditions").unwrap().0;
    let c = three_hundred(&q);
    assert_eq!(c.total(), 300);
    let pdf = c.render(&q, Paper::A4, None, "survey.csv").unwrap();
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    let texts = pages(&pdf.bytes);
    assert_eq!(texts.len(), pdf.page_count);
    assert!(
        (8..=12).contains(&pdf.page_count),
        "{} pages",
        pdf.page_count
    );
    assert!(texts[0].contains(&squash("300 assessments are too many to tell apart")));
    assert!(texts[0].contains(&squash("Section Mean Lowest Highest Std dev Not met")));
    let header = squash("# Assessment Country Index Stage 1 2 3 4");
    let ranking_pages = texts.iter().filter(|t| t.contains(&header)).count();
    assert!(
        ranking_pages >= 6,
        "the header repeats on every ranking page"
    );
    let last = texts.last().unwrap();
    assert!(
        last.contains("300a"),
        "the last rank is on the last page: {last}"
    );
    let n = pdf.page_count;
    assert!(last.contains(&format!("page{n}of{n}")), "{last}");

    let again = three_hundred(&q)
        .render(&q, Paper::A4, None, "survey.csv")
        .unwrap();
    assert_eq!(again.bytes, pdf.bytes, "deterministic");
}
