//! The parts of the comparison PDF after the overview: the groups with their spread, how to
//! read the report, and the ranking of every assessment.

use super::pdf::{Align, Cell, Column, DocumentBuilder, GroupedBarChart, Series, palette};
use super::pdf_common::{number, status_color, status_legend};
use super::pdf_comparison::{MAX_RANKED, Ranked};
use crate::batch::groups::Groups;
use crate::questionnaire::Questionnaire;
use crate::scoring::fmt1;

/// How an assessment is named in charts: "id (country)".
pub fn label(r: &Ranked) -> String {
    match (r.id.is_empty(), r.country.is_empty()) {
        (false, false) => format!("{} ({})", r.id, r.country),
        (false, true) => r.id.clone(),
        (true, _) => r.country.clone(),
    }
}

fn stage_text(q: &Questionnaire, stage: Option<usize>) -> String {
    stage.and_then(|i| q.stages.get(i)).map_or_else(
        || "–".to_string(),
        |s| s.label.get("en", q.default_language()).to_string(),
    )
}

/// Columns for rank or group, name, country or count, index, stage, then one per section.
fn score_columns(q: &Questionnaire, lead: &[Column]) -> Vec<Column> {
    let mut cols = lead.to_vec();
    cols.extend(
        q.sections
            .iter()
            .map(|_| Column::new(0.75).align(Align::Centre)),
    );
    cols
}

/// Section columns are headed by their number, as on page 1 of each assessment report:
/// titles would wrap into unreadable slivers. [`section_key`] says which is which.
fn section_headers(q: &Questionnaire) -> impl Iterator<Item = String> + '_ {
    (1..=q.sections.len()).map(|i| i.to_string())
}

fn section_titles(q: &Questionnaire) -> impl Iterator<Item = String> + '_ {
    q.sections
        .iter()
        .map(|s| s.title.get("en", q.default_language()).to_string())
}

/// "Sections: 1 Local expertise and engagement; 2 ...".
fn section_key(q: &Questionnaire) -> String {
    let items: Vec<String> = section_titles(q)
        .zip(&q.sections)
        .enumerate()
        .map(|(i, (t, s))| match s.precondition {
            true => format!("{} {t}", i + 1),
            false => format!("{} {t} (not a precondition)", i + 1),
        })
        .collect();
    format!("Sections: {}.", items.join("; "))
}

/// A section score coloured by its status (a section that is not a precondition has its own
/// colour, as in the legend).
fn score_cell(score: Option<f64>, status: Option<crate::status::Status>) -> Cell {
    Cell::new(fmt1(score)).fill(status_color(status))
}

/// Every assessment by index, best first, with its stage and section scores coloured by
/// status.
pub fn ranking(doc: &mut DocumentBuilder, q: &Questionnaire, ranked: &[Ranked], total: u64) {
    doc.ensure_space(60.0);
    doc.heading("Ranking", 1);
    let shown = if total as usize > ranked.len() {
        format!(
            "The {MAX_RANKED} assessments with the highest index of {total}; scores.csv lists \
             them all."
        )
    } else {
        "Every assessment, highest index first.".to_string()
    };
    doc.note(&format!(
        "{shown} Section scores are coloured by the status of the precondition. {}",
        section_key(q)
    ));
    let cols = score_columns(
        q,
        &[
            Column::new(0.55).align(Align::Right),
            Column::new(2.2).truncate(),
            Column::new(2.4).truncate(),
            Column::new(0.8).align(Align::Right),
            Column::new(1.25),
        ],
    );
    let mut header: Vec<String> = ["#", "Assessment", "Country", "Index", "Stage"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    header.extend(section_headers(q));
    let rows: Vec<Vec<Cell>> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![
                Cell::new((i + 1).to_string()),
                Cell::new(r.id.as_str()),
                Cell::new(r.country.as_str()),
                Cell::new(fmt1(r.index)).bold(),
                Cell::new(stage_text(q, r.stage)),
            ];
            row.extend(
                r.scores
                    .iter()
                    .zip(&r.statuses)
                    .map(|(s, st)| score_cell(*s, *st)),
            );
            row
        })
        .collect();
    doc.table(&cols, &header, &rows);
    doc.legend(&status_legend(q));
}

/// The groups of `--group-by`: size, the spread of the index, the stage and statuses of the
/// mean section scores; then their section scores as a chart when there are few groups.
pub fn groups(doc: &mut DocumentBuilder, q: &Questionnaire, column: &str, groups: &Groups) {
    doc.ensure_space(60.0);
    doc.heading(&format!("Groups by {column}"), 1);
    doc.note(&format!(
        "Per group: the number of assessments, the mean index and its spread (lowest, \
         highest, standard deviation), and the stage and statuses that the mean section \
         scores give. A wide spread shows where respondents disagree. {}",
        section_key(q)
    ));
    let cols = score_columns(
        q,
        &[
            Column::new(2.0).truncate(),
            Column::new(0.6).align(Align::Right),
            Column::new(0.8).align(Align::Right),
            Column::new(0.9).align(Align::Right),
            Column::new(0.9).align(Align::Right),
            Column::new(0.9).align(Align::Right),
            Column::new(1.25),
        ],
    );
    let mut header: Vec<String> = [
        "Group", "n", "Mean", "Lowest", "Highest", "Std dev", "Stage",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    header.extend(section_headers(q));
    let combined: Vec<(&String, crate::scoring::Assessment)> =
        groups.iter().map(|(k, acc)| (k, acc.combined(q))).collect();
    let rows: Vec<Vec<Cell>> = groups
        .values()
        .zip(&combined)
        .map(|(acc, (key, a))| {
            let name = if key.is_empty() {
                "(empty)"
            } else {
                key.as_str()
            };
            let mut row = vec![
                Cell::new(name),
                Cell::new(acc.n.to_string()),
                Cell::new(fmt1(acc.index.mean())).bold(),
                Cell::new(fmt1(acc.index.min)),
                Cell::new(fmt1(acc.index.max)),
                Cell::new(fmt1(acc.index.sd())),
                Cell::new(stage_text(q, a.stage)),
            ];
            row.extend(a.sections.iter().map(|s| score_cell(s.score, s.status)));
            row
        })
        .collect();
    doc.table(&cols, &header, &rows);
    let chart = GroupedBarChart {
        categories: section_titles(q).collect(),
        series: combined
            .iter()
            .enumerate()
            .map(|(i, (key, a))| Series {
                name: (*key).clone(),
                values: a.sections.iter().map(|s| s.score.unwrap_or(0.0)).collect(),
                color: palette::series(i),
            })
            .collect(),
        thresholds: super::pdf_comparison::chart_thresholds(q),
    };
    doc.heading("Mean section scores by group", 2);
    if !doc.grouped_bar_chart(&chart) {
        doc.note(&format!(
            "{} groups are too many to tell apart in a chart; their mean section scores are in \
             the table above.",
            groups.len()
        ));
    }
}

/// The thresholds of this questionnaire and where to find the method.
pub fn reading_notes(doc: &mut DocumentBuilder, q: &Questionnaire) {
    let rules = &q.scoring;
    let stage = |id: &str| {
        q.stage(id).map_or_else(
            || id.to_string(),
            |s| s.label.get("en", q.default_language()).to_string(),
        )
    };
    doc.heading("How to read this report", 2);
    doc.note(&format!(
        "Each section scores 0 to 100. A precondition is not met below {}, partially met \
         below {} and met from {}; it has insufficient data when fewer than {}% of its \
         questions are answered. The readiness index is the weighted mean of the section \
         scores. The stage follows the index, capped at {} while a precondition is not met \
         and at {} while one is partially met. Each assessment's own PDF report explains the \
         method in full.",
        number(rules.partially_met),
        number(rules.met),
        number(rules.met),
        number(rules.min_completeness * 100.0),
        stage(&rules.cap_if_not_met),
        stage(&rules.cap_if_partially_met),
    ));
}
