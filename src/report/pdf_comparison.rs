//! The comparison report of a batch as a PDF: the overview (the spread of the index, the
//! stages reached, the section scores compared), the groups of `--group-by` with their
//! spread, and a ranking table of every assessment.
//!
//! Batch scoring streams its rows, so [`Comparison`] keeps only what the report needs per
//! row (id, country, index, stage, section scores and statuses) and running totals for the
//! rest; the ranking keeps the best [`MAX_RANKED`] rows, so memory stays bounded however
//! large the batch. It stays readable from 1 to a few hundred assessments: tables continue
//! across pages under their header, and a chart that would be unreadable becomes a table.

use super::pdf::{
    Align, Bar, Cell, Column, DocumentBuilder, GroupedBarChart, Metadata, Paper, PdfError,
    RenderedPdf, Series, palette,
};
use super::pdf_common::{TOOL, country_name, long_date, pdf_date, status_color, status_legend};
use super::pdf_comparison_parts as parts;
use crate::batch::groups::{Acc, Groups, Spread};
use crate::questionnaire::Questionnaire;
use crate::scoring::{Assessment, fmt1};
use crate::status::Status;

/// The most assessments listed in the ranking (the best ones, by index); beyond that the
/// PDF would be a listing nobody reads, and `scores.csv` has them all.
pub const MAX_RANKED: usize = 1000;

/// The thresholds as short labels for the gutter of a grouped chart.
pub fn chart_thresholds(q: &Questionnaire) -> Vec<super::pdf::Threshold> {
    use super::pdf_common::number;
    vec![
        super::pdf::Threshold::new(
            q.scoring.partially_met,
            format!("{} partially met", number(q.scoring.partially_met)),
        ),
        super::pdf::Threshold::new(q.scoring.met, format!("{} met", number(q.scoring.met))),
    ]
}

/// What the comparison keeps of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub id: String,
    /// The country's name (or its code when unknown).
    pub country: String,
    pub index: Option<f64>,
    pub stage: Option<usize>,
    pub scores: Vec<Option<f64>>,
    pub statuses: Vec<Option<Status>>,
    /// Position in the input, to break ties in input order.
    seq: u64,
}

/// The comparison of a batch, filled row by row.
#[derive(Debug, Default)]
pub struct Comparison {
    ranked: Vec<Ranked>,
    total: u64,
    /// Assessments per stage; the last entry counts those without a stage.
    stages: Vec<u64>,
    overall: Acc,
    sections: Vec<Spread>,
    /// Per section, assessments per status in [`Status::ALL`] order.
    statuses: Vec<[u64; 4]>,
    first_date: Option<String>,
    last_date: Option<String>,
}

impl Comparison {
    /// Adds one scored assessment.
    pub fn add(&mut self, q: &Questionnaire, id: &str, country: &str, date: &str, a: &Assessment) {
        self.total += 1;
        self.stages.resize(q.stages.len() + 1, 0);
        let stage_slot = a.stage.unwrap_or(q.stages.len()).min(q.stages.len());
        self.stages[stage_slot] += 1;
        self.overall.add(a);
        self.sections.resize(a.sections.len(), Spread::default());
        self.statuses.resize(a.sections.len(), [0; 4]);
        for (i, r) in a.sections.iter().enumerate() {
            if let Some(s) = r.score {
                self.sections[i].add(s);
            }
            if let Some(st) = r.status
                && let Some(k) = Status::ALL.iter().position(|x| *x == st)
            {
                self.statuses[i][k] += 1;
            }
        }
        if !date.is_empty() {
            if self.first_date.as_deref().is_none_or(|d| date < d) {
                self.first_date = Some(date.to_string());
            }
            if self.last_date.as_deref().is_none_or(|d| date > d) {
                self.last_date = Some(date.to_string());
            }
        }
        self.ranked.push(Ranked {
            id: id.to_string(),
            country: country_name(country, None),
            index: a.readiness_index,
            stage: a.stage,
            scores: a.sections.iter().map(|r| r.score).collect(),
            statuses: a.sections.iter().map(|r| r.status).collect(),
            seq: self.total,
        });
        if self.ranked.len() >= 2 * MAX_RANKED {
            self.rank();
        }
    }

    /// Number of assessments added.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Sorts the ranking (index high to low, no index last, ties in input order) and keeps
    /// the best [`MAX_RANKED`].
    fn rank(&mut self) {
        self.ranked.sort_by(|x, y| {
            let key = |r: &Ranked| r.index.unwrap_or(f64::NEG_INFINITY);
            key(y).total_cmp(&key(x)).then(x.seq.cmp(&y.seq))
        });
        self.ranked.truncate(MAX_RANKED);
    }

    /// The ranking so far, best first.
    pub fn ranking(&mut self) -> &[Ranked] {
        self.rank();
        &self.ranked
    }

    /// Renders the report. `groups` are the `--group-by` column and its groups; `source`
    /// names the input files.
    pub fn render(
        mut self,
        q: &Questionnaire,
        paper: Paper,
        groups: Option<(&str, &Groups)>,
        source: &str,
    ) -> Result<RenderedPdf, PdfError> {
        self.rank();
        let date = self.last_date.clone().unwrap_or_default();
        let mut meta = Metadata::new(
            "E-government readiness: comparison of assessments",
            pdf_date(&date),
        );
        meta.subject = format!(
            "{} assessments with {} ({} {}), from {source}",
            self.total,
            q.title.get("en", q.default_language()),
            q.id,
            q.version
        );
        meta.language = q.default_language().to_string();
        meta.creator = TOOL.to_string();
        let mut doc = DocumentBuilder::new(paper, meta);
        doc.set_footer_text(&format!("{TOOL} · Comparison of assessments · {source}"));
        self.overview(&mut doc, q, source);
        self.sections_compared(&mut doc, q);
        self.stages(&mut doc, q);
        if let Some((column, groups)) = groups {
            parts::groups(&mut doc, q, column, groups);
        }
        parts::reading_notes(&mut doc, q);
        parts::ranking(&mut doc, q, &self.ranked, self.total);
        doc.finish()
    }

    fn overview(&self, doc: &mut DocumentBuilder, q: &Questionnaire, source: &str) {
        let t = |x: &crate::questionnaire::Text| x.get("en", q.default_language()).to_string();
        let n = self.total;
        doc.title(
            "E-government readiness: comparison",
            Some(&format!(
                "{n} assessment{}, {}",
                if n == 1 { "" } else { "s" },
                t(&q.title)
            )),
        );
        let dates = match (&self.first_date, &self.last_date) {
            (Some(a), Some(b)) if a == b => long_date(a),
            (Some(a), Some(b)) => format!("{} to {}", long_date(a), long_date(b)),
            _ => "not given".to_string(),
        };
        doc.key_value_block(&[
            ("Source", source.to_string()),
            ("Dates of assessment", dates),
            (
                "Questionnaire",
                format!("{}, version {} ({})", t(&q.title), q.version, q.id),
            ),
        ]);
        let acc = &self.overall;
        let (value, caption) = match acc.index.mean() {
            Some(mean) => {
                let mut c = format!(
                    "Mean readiness index of {n} assessment{}; lowest {}, highest {}",
                    if n == 1 { "" } else { "s" },
                    fmt1(acc.index.min),
                    fmt1(acc.index.max)
                );
                if let Some(sd) = acc.index.sd() {
                    c.push_str(&format!(", standard deviation {}", fmt1(Some(sd))));
                }
                c.push('.');
                (format!("{} / 100", fmt1(Some(mean))), c)
            }
            None => (
                "No score".to_string(),
                "No assessment has a score.".to_string(),
            ),
        };
        doc.big_figure(&value, &caption);
    }

    /// How many assessments reached each stage.
    fn stages(&self, doc: &mut DocumentBuilder, q: &Questionnaire) {
        let t = |x: &crate::questionnaire::Text| x.get("en", q.default_language()).to_string();
        doc.heading("Stages reached", 1);
        let mut bars: Vec<Bar> = q
            .stages
            .iter()
            .zip(&self.stages)
            .map(|(s, c)| Bar::new(t(&s.label), *c as f64, palette::NAVY))
            .collect();
        if let Some(none) = self.stages.get(q.stages.len()).filter(|c| **c > 0) {
            bars.push(Bar::new(
                "No stage (no score)",
                *none as f64,
                palette::NO_DATA,
            ));
        }
        doc.vbar_chart(&bars);
        doc.note(
            "Number of assessments at each stage, after the cap: a precondition that is not \
             met holds the stage down whatever the index.",
        );
    }

    /// Section scores per assessment as a grouped bar chart, or, when there are too many
    /// assessments for a readable chart, their spread and statuses as a table.
    fn sections_compared(&self, doc: &mut DocumentBuilder, q: &Questionnaire) {
        let t = |x: &crate::questionnaire::Text| x.get("en", q.default_language()).to_string();
        doc.ensure_space(60.0);
        doc.heading("Section scores compared", 1);
        let chart = GroupedBarChart {
            categories: q.sections.iter().map(|s| t(&s.title)).collect(),
            series: self
                .ranked
                .iter()
                .enumerate()
                .map(|(i, r)| Series {
                    name: parts::label(r),
                    values: r.scores.iter().map(|s| s.unwrap_or(0.0)).collect(),
                    color: palette::series(i),
                })
                .collect(),
            thresholds: chart_thresholds(q),
        };
        if self.total as usize == self.ranked.len() && doc.grouped_bar_chart(&chart) {
            return;
        }
        doc.note(&format!(
            "{} assessments are too many to tell apart in a chart: the table gives the spread \
             of each section's score and how many assessments reach each status. Each \
             assessment's scores are in the ranking.",
            self.total
        ));
        let rows: Vec<Vec<Cell>> = q
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let sp = self.sections.get(i).copied().unwrap_or_default();
                let counts = self.statuses.get(i).copied().unwrap_or_default();
                let mut row = vec![
                    Cell::new(t(&s.title)),
                    Cell::new(fmt1(sp.mean())).bold(),
                    Cell::new(fmt1(sp.min)),
                    Cell::new(fmt1(sp.max)),
                    Cell::new(fmt1(sp.sd())),
                ];
                for k in [1, 2, 3, 0] {
                    let text = if s.precondition {
                        counts[k].to_string()
                    } else {
                        "–".to_string()
                    };
                    let cell = Cell::new(text);
                    row.push(match (s.precondition, counts[k]) {
                        (true, c) if c > 0 => cell.fill(status_color(Some(Status::ALL[k]))),
                        _ => cell,
                    });
                }
                row
            })
            .collect();
        let mut cols = vec![Column::new(3.0)];
        cols.extend((0..4).map(|_| Column::new(0.8).align(Align::Right)));
        cols.extend((0..4).map(|_| Column::new(0.95).align(Align::Centre)));
        doc.table(
            &cols,
            &[
                "Section",
                "Mean",
                "Lowest",
                "Highest",
                "Std dev",
                "Not met",
                "Partially met",
                "Met",
                "Insufficient data",
            ],
            &rows,
        );
        doc.legend(&status_legend(q));
    }
}
