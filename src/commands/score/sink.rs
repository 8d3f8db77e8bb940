//! Where scored chunks come back in input order: duplicate ids are checked, rows written
//! to the output files and standard output, rejected rows to errors.csv, and the tally
//! (counts, ranking, groups) kept for the end of the run.

use std::io::Write;

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::pipeline::{Done, Outcome, Rows};
use super::stdout::StdoutRows;
use super::{Outputs, output};
use crate::batch::groups::Groups;
use crate::batch::row::{RowProblem, RowReader, SeenIds};
use crate::batch::write;
use crate::error::{Error, Result};
use crate::output::{AtomicFile, strip_control};
use crate::questionnaire::Questionnaire;
use crate::scoring::fmt1;

/// Problems printed on the terminal; the rest are counted (all are in errors.csv).
const SHOWN_PROBLEMS: usize = 50;
/// Rows in the terminal ranking.
const RANKED_ROWS: usize = 20;

/// What the run has seen so far.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) scored: u64,
    pub(super) rejected_rows: u64,
    pub(super) problems: u64,
    pub(super) shown: Vec<String>,
    /// The best assessments so far for the ranking: (index, id, country, stage label).
    pub(super) top: Vec<(f64, String, String, String)>,
    pub(super) groups: Groups,
}

/// Takes the scored rows back in input order and writes them.
pub(super) struct Sink<'a, 'q> {
    pub(super) q: &'q Questionnaire,
    pub(super) tally: Tally,
    pub(super) seen: SeenIds,
    pub(super) outputs: &'a mut Outputs,
    pub(super) stdout_rows: &'a mut StdoutRows,
    pub(super) out: &'a mut dyn Write,
}

impl Sink<'_, '_> {
    /// Writes the chunk's rows; returns the chunk to be read into again.
    pub(super) fn take(&mut self, done: Done<'_>) -> Result<Rows> {
        // The encoded bytes of the rows so far, from `written` to `from`, are written in one
        // go: up to the first duplicate, or the end of the chunk.
        let mut from = [0; 3];
        let mut written = [0; 3];
        let reader = &done.reader;
        for row in &done.rows {
            let cell = |i: usize| done.cell(row, i);
            let id = reader.id(&cell);
            let duplicate = reader.duplicate(&mut self.seen, id, row.id_hash, row.number);
            match (&row.outcome, duplicate) {
                (Outcome::Scored { .. }, None) => self.scored(reader, &cell, &row.outcome)?,
                (Outcome::Scored { .. }, Some(p)) => {
                    self.write(&done, written, from)?;
                    written = row.ends;
                    self.reject(&[p])?;
                }
                (Outcome::Rejected(problems), Some(p)) => {
                    let mut all = vec![p];
                    all.extend_from_slice(problems);
                    self.reject(&all)?;
                }
                (Outcome::Rejected(problems), None) => self.reject(problems)?,
            }
            from = row.ends;
        }
        self.write(&done, written, from)?;
        Ok(done.into_rows())
    }

    /// Writes the encoded bytes of the chunk from `start` to `end` (one place for each of
    /// `scores`, `answers` and `recommendations`).
    fn write(&mut self, done: &Done<'_>, start: [usize; 3], end: [usize; 3]) -> Result<()> {
        let o = &mut *self.outputs;
        o.scores
            .write_encoded(&done.scores[start[0]..end[0]])
            .map_err(output)?;
        if let Some((answers, recs)) = o.detail.as_mut() {
            answers
                .write_encoded(&done.answers[start[1]..end[1]])
                .map_err(output)?;
            recs.write_encoded(&done.recommendations[start[2]..end[2]])
                .map_err(output)?;
        }
        Ok(())
    }

    fn scored<'r>(
        &mut self,
        reader: &RowReader<'_>,
        cell: &dyn Fn(usize) -> &'r str,
        outcome: &Outcome,
    ) -> Result<()> {
        let Outcome::Scored {
            index,
            stage,
            stdout,
            kept,
        } = outcome
        else {
            return Ok(());
        };
        if let Some(record) = stdout {
            self.stdout_rows.write(record, self.out)?;
        }
        let tally = &mut self.tally;
        if let Some(k) = kept
            && let Some(g) = &k.meta.group
        {
            tally
                .groups
                .entry(g.clone())
                .or_default()
                .add(&k.assessment);
        }
        rank(tally, self.q, *index, *stage, || {
            (reader.id(cell).to_string(), reader.country(cell))
        });
        if let (Some(p), Some(k)) = (self.outputs.pdfs.as_mut(), kept)
            && let Some(r) = &k.responses
        {
            p.add(&k.meta, r, &k.assessment)?;
        }
        tally.scored += 1;
        Ok(())
    }

    fn reject(&mut self, problems: &[RowProblem]) -> Result<()> {
        reject(&mut self.tally, &mut self.outputs.errors, problems)
    }
}

fn reject(tally: &mut Tally, errors: &mut AtomicFile, problems: &[RowProblem]) -> Result<()> {
    tally.rejected_rows += 1;
    for p in problems {
        tally.problems += 1;
        if tally.shown.len() < SHOWN_PROBLEMS {
            tally.shown.push(strip_control(&p.to_string()).into_owned());
        }
        errors.write_record(write::errors_row(p)).map_err(output)?;
    }
    Ok(())
}

/// Keeps the row in the ranking if it is among the best so far; `who` gives its id and
/// country, asked only then.
fn rank(
    tally: &mut Tally,
    q: &Questionnaire,
    index: Option<f64>,
    stage: Option<usize>,
    who: impl FnOnce() -> (String, String),
) {
    let Some(index) = index else {
        return;
    };
    let top = &mut tally.top;
    if top.len() < RANKED_ROWS || top.last().is_some_and(|l| index > l.0) {
        let stage = stage
            .and_then(|i| q.stages.get(i))
            .map_or("", |s| s.label.get("en", q.default_language()));
        let (id, country) = who();
        let at = top.partition_point(|t| t.0 >= index);
        top.insert(at, (index, id, country, stage.to_string()));
        top.truncate(RANKED_ROWS);
    }
}

pub(super) fn print_ranking(tally: &Tally, out: &mut dyn Write) -> Result<()> {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["#", "Id", "Country", "Index", "Stage"]);
    for (n, (index, id, country, stage)) in tally.top.iter().enumerate() {
        t.add_row(vec![
            Cell::new(n + 1).set_alignment(CellAlignment::Right),
            Cell::new(strip_control(id)),
            Cell::new(country),
            Cell::new(fmt1(Some(*index))).set_alignment(CellAlignment::Right),
            Cell::new(stage),
        ]);
    }
    let io = Error::from_stdout;
    writeln!(out, "{t}").map_err(io)?;
    let ranked = tally.top.len() as u64;
    if tally.scored > ranked {
        let more = crate::commands::count(tally.scored - ranked);
        writeln!(out, "... and {more} more in scores.csv").map_err(io)?;
    }
    Ok(())
}
