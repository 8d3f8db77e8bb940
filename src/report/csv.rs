//! The CSV report: one row per assessment, with the columns of the batch `scores.csv`, so a
//! file written by `assess` and one written by `score` can be pasted together.
//!
//! Columns: `id,country,organisation,readiness_index,stage,stage_uncapped,
//! binding_preconditions,completeness`, then `<section>_score` and `<section>_status` for every
//! section. Scores and completeness (a percentage) are rounded to one decimal; a missing value
//! is an empty cell; lists are joined with `;`; stages and statuses are ids.

use std::io::{self, Write};

use super::{Render, Scored};
use crate::questionnaire::Questionnaire;
use crate::scoring::round1;

/// Renders the header (optionally) and the row of one assessment.
pub struct CsvReport {
    /// Whether to write the header line first.
    pub header: bool,
}

impl Render for CsvReport {
    fn render(&self, s: &Scored<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        if self.header {
            w.write_record(header(s.questionnaire))?;
        }
        w.write_record(row(s))?;
        w.flush()
    }
}

/// The column names for a questionnaire.
pub fn header(q: &Questionnaire) -> Vec<String> {
    let mut cols: Vec<String> = [
        "id",
        "country",
        "organisation",
        "readiness_index",
        "stage",
        "stage_uncapped",
        "binding_preconditions",
        "completeness",
    ]
    .map(String::from)
    .to_vec();
    for section in &q.sections {
        cols.push(format!("{}_score", section.id));
        cols.push(format!("{}_status", section.id));
    }
    cols
}

/// The cells of one assessment, in [`header`] order.
pub fn row(s: &Scored<'_>) -> Vec<String> {
    let q = s.questionnaire;
    let a = s.assessment;
    let r = &s.answers.respondent;
    let stage = |i: Option<usize>| {
        i.and_then(|i| q.stages.get(i))
            .map_or_else(String::new, |st| st.id.clone())
    };
    let binding: Vec<&str> = a
        .binding_preconditions
        .iter()
        .map(|i| q.sections[*i].id.as_str())
        .collect();
    let mut cells = vec![
        neutralise(&r.id),
        neutralise(&r.country),
        neutralise(&r.organisation),
        number(a.readiness_index),
        stage(a.stage),
        stage(a.stage_uncapped),
        binding.join(";"),
        number(a.completeness.map(|c| c * 100.0)),
    ];
    for result in &a.sections {
        cells.push(number(result.score));
        cells.push(
            result
                .status
                .map_or_else(String::new, |st| st.id().to_string()),
        );
    }
    cells
}

/// A value rounded to one decimal, or an empty cell.
fn number(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{:.1}", round1(v)))
}

/// Text copied from input, made safe to open in a spreadsheet: a cell that starts like a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'`.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers;
    use crate::questionnaire;
    use crate::scoring;

    fn render(example: &str, header: bool) -> String {
        let path = format!("{}/examples/{example}.json", env!("CARGO_MANIFEST_DIR"));
        let file = answers::read(std::path::Path::new(&path)).unwrap();
        let (q, _) = questionnaire::resolve(&file.questionnaire.id).unwrap();
        let responses = answers::check(&q, example, &file).unwrap();
        let assessment = scoring::score(&q, &responses);
        let scored = Scored {
            questionnaire: &q,
            answers: &file,
            responses: &responses,
            assessment: &assessment,
            lang: "en",
        };
        let mut out = Vec::new();
        CsvReport { header }.render(&scored, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_row_with_the_batch_columns() {
        insta::assert_snapshot!(render("oruna", true), @r#"
        id,country,organisation,readiness_index,stage,stage_uncapped,binding_preconditions,completeness,local_expertise_score,local_expertise_status,institutions_score,institutions_status,legislation_score,legislation_status,capacity_building_score,capacity_building_status
        oruna-2026-mof,QOR,"Ministry of Finance, Information Technology Unit",14.6,nascent,nascent,legislation;institutions;local_expertise,100.0,20.0,not_met,14.5,not_met,6.6,not_met,17.5,
        "#);
    }

    #[test]
    fn without_header_only_the_row() {
        assert_eq!(render("oruna", false).lines().count(), 1);
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("Ministry of ICT"), "Ministry of ICT");
    }
}
