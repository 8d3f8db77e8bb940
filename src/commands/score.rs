//! `egready score`: score every row of CSV or Excel files, streaming: rows are read, scored
//! and written one at a time, so memory does not grow with the number of rows (beyond the
//! duplicate-id check and the groups).

mod pipeline;
mod progress;
mod stdout;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::pdf_out::BatchPdfs;
use crate::batch::groups::Groups;
use crate::batch::input::{self, InputOptions};
use crate::batch::row::{RowProblem, RowReader, SeenIds};
use crate::batch::write;
use crate::cli::{BatchFormat, ScoreArgs};
use crate::error::{Error, ExitCode, Result};
use crate::output::{AtomicFile, is_unwanted, neutralise, strip_control};
use crate::questionnaire::{self, Questionnaire};
use crate::recommend::Ranker;
use crate::scoring::{Scorer, fmt1};

use pipeline::{CHUNK_ROWS, Done, Job, Outcome, Pipeline, Rows};
use progress::Progress;
use stdout::StdoutRows;

/// Problems printed on the terminal; the rest are counted (all are in errors.csv).
const SHOWN_PROBLEMS: usize = 50;
/// Rows in the terminal ranking.
const RANKED_ROWS: usize = 20;

/// What the run has seen so far.
#[derive(Default)]
struct Tally {
    scored: u64,
    rejected_rows: u64,
    problems: u64,
    shown: Vec<String>,
    /// The best assessments so far for the ranking: (index, id, country, stage label).
    top: Vec<(f64, String, String, String)>,
    groups: Groups,
}

/// The output files, written as rows come and moved into place at the end.
struct Outputs {
    scores: AtomicFile,
    /// answers.csv and recommendations.csv, with `--detail`.
    detail: Option<(AtomicFile, AtomicFile)>,
    errors: AtomicFile,
    /// One PDF per row and comparison.pdf, with `--pdf`.
    pdfs: Option<BatchPdfs>,
}

pub fn run(args: &ScoreArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let q = questionnaire::resolve(
        args.questionnaire
            .as_deref()
            .unwrap_or(questionnaire::DEFAULT_ID),
    )?
    .0;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.inputs[0]));
    let created = missing_folders(&out_dir);
    let result = score_all(args, &q, &out_dir, out);
    if result.is_err() {
        // A failed run leaves nothing behind: its temporary files are gone, and so is the
        // folder it made for them (only if empty: it may be the user's).
        for folder in &created {
            let _ = std::fs::remove_dir(folder);
        }
    }
    result
}

fn score_all(
    args: &ScoreArgs,
    q: &Questionnaire,
    out_dir: &Path,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let opts = InputOptions {
        delimiter: args.delimiter.map(|c| c as u8),
        encoding: args.encoding.clone(),
        sheet: args.sheet.clone(),
    };
    let mut outputs = open_outputs(q, out_dir, args.detail)?;
    outputs.pdfs = args
        .pdf
        .then(|| BatchPdfs::start(q, out_dir, args.pdf_options));
    let mut stdout_rows = StdoutRows::new(args.format, write::scores_header(q), out)?;
    let job = Job {
        q,
        scorer: Scorer::new(q),
        ranker: Ranker::new(q),
        detail: args.detail,
        stdout: match args.format {
            BatchFormat::Table => None,
            BatchFormat::Csv => Some(neutralise),
            BatchFormat::Json => Some(verbatim),
        },
        keep_assessment: args.group_by.is_some() || args.pdf,
        keep_responses: args.pdf,
    };
    let mut sink = Sink {
        q,
        tally: Tally::default(),
        seen: SeenIds::default(),
        outputs: &mut outputs,
        stdout_rows: &mut stdout_rows,
        out,
    };
    let mut files: Vec<String> = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        let mut pipeline = Pipeline::start(scope, &job);
        // Chunks written, to be read into again.
        let mut spare: Vec<Rows> = Vec::new();
        for path in &args.inputs {
            let mut table =
                input::open(path, &opts).map_err(|e| Error::InputUnusable(e.to_string()))?;
            eprintln!("{}", strip_control(table.description()));
            // Notices known at opening (such as a fallback encoding) belong next to the line
            // above; those found while reading come after the rows.
            let noticed = table.notices().len();
            for notice in table.notices() {
                eprintln!("note: {}", strip_control(notice));
            }
            files.push(table.file().to_string());
            let reader = Arc::new(RowReader::new(
                q,
                table.headers(),
                table.delimiter(),
                args.group_by.as_deref(),
                &files,
            ));
            check_columns(&reader, table.file(), args)?;
            let mut progress = Progress::start(table.file(), table.progress());
            let mut rows = spare.pop().unwrap_or_default();
            while let Some(next) = rows.read(&mut table) {
                if let Err(e) = next {
                    match e.row_fault() {
                        None => return Err(Error::InputUnusable(e.to_string())),
                        Some(fault) => rows.push_fault(RowProblem {
                            file: table.file().to_string(),
                            row: e.row().unwrap_or_default(),
                            column: fault.column.and_then(|c| c.name).unwrap_or_default(),
                            value: fault.value,
                            message: fault.message,
                        }),
                    }
                }
                if rows.len() == CHUNK_ROWS {
                    let full = std::mem::replace(&mut rows, spare.pop().unwrap_or_default());
                    if let Some(done) = pipeline.send(&reader, full)? {
                        spare.push(sink.take(done)?);
                    }
                }
                progress.tick(|| table.progress());
            }
            if rows.len() > 0
                && let Some(done) = pipeline.send(&reader, rows)?
            {
                spare.push(sink.take(done)?);
            }
            progress.finish();
            for notice in &table.notices()[noticed..] {
                eprintln!("note: {}", strip_control(notice));
            }
        }
        pipeline.close();
        while let Some(done) = pipeline.next()? {
            sink.take(done)?;
        }
        Ok(())
    })?;
    let tally = sink.tally;
    stdout_rows.finish(out)?;
    if let Some(p) = outputs.pdfs.as_mut() {
        p.set_source(&files.join(", "));
    }
    finish(args, q, out_dir, tally, outputs, out)
}

/// Takes the scored rows back in input order and writes them.
struct Sink<'a, 'q> {
    q: &'q Questionnaire,
    tally: Tally,
    seen: SeenIds,
    outputs: &'a mut Outputs,
    stdout_rows: &'a mut StdoutRows,
    out: &'a mut dyn Write,
}

impl Sink<'_, '_> {
    /// Writes the chunk's rows; returns the chunk to be read into again.
    fn take(&mut self, done: Done<'_>) -> Result<Rows> {
        let mut from = [0; 3];
        let reader = &done.reader;
        for row in &done.rows {
            let cell = |i: usize| done.cell(row, i);
            let id = reader.id(&cell);
            let duplicate = reader.duplicate(&mut self.seen, id, row.id_hash, row.number);
            match (&row.outcome, duplicate) {
                (Outcome::Scored { .. }, None) => {
                    let o = &mut *self.outputs;
                    o.scores
                        .write_encoded(&done.scores[from[0]..row.ends[0]])
                        .map_err(output)?;
                    if let Some((answers, recs)) = o.detail.as_mut() {
                        answers
                            .write_encoded(&done.answers[from[1]..row.ends[1]])
                            .map_err(output)?;
                        recs.write_encoded(&done.recommendations[from[2]..row.ends[2]])
                            .map_err(output)?;
                    }
                    self.scored(reader, &cell, &row.outcome)?;
                }
                (Outcome::Scored { .. }, Some(p)) => self.reject(&[p])?,
                (Outcome::Rejected(problems), Some(p)) => {
                    let mut all = vec![p];
                    all.extend_from_slice(problems);
                    self.reject(&all)?;
                }
                (Outcome::Rejected(problems), None) => self.reject(problems)?,
            }
            from = row.ends;
        }
        Ok(done.into_rows())
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

/// Text as the input had it (JSON on standard output is not opened by a spreadsheet).
fn verbatim(text: &str) -> std::borrow::Cow<'_, str> {
    std::borrow::Cow::Borrowed(text)
}

fn open_outputs(q: &Questionnaire, out_dir: &Path, detail: bool) -> Result<Outputs> {
    let start = |name: &str, header: &[&str]| -> Result<AtomicFile> {
        let mut f = AtomicFile::csv(&out_dir.join(name)).map_err(output)?;
        f.write_record(header).map_err(output)?;
        Ok(f)
    };
    let mut scores = AtomicFile::csv(&out_dir.join("scores.csv")).map_err(output)?;
    scores
        .write_record(write::scores_header(q))
        .map_err(output)?;
    let detail = match detail {
        true => Some((
            start("answers.csv", &write::ANSWERS_HEADER)?,
            start("recommendations.csv", &write::RECOMMENDATIONS_HEADER)?,
        )),
        false => None,
    };
    Ok(Outputs {
        scores,
        detail,
        errors: start("errors.csv", &write::ERRORS_HEADER)?,
        pdfs: None,
    })
}

fn finish(
    args: &ScoreArgs,
    q: &Questionnaire,
    out_dir: &Path,
    tally: Tally,
    outputs: Outputs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    for line in &tally.shown {
        eprintln!("{line}");
    }
    if tally.problems > tally.shown.len() as u64 {
        eprintln!(
            "... and {} more problems (all are in errors.csv)",
            tally.problems - tally.shown.len() as u64
        );
    }
    if args.strict && tally.problems > 0 {
        if let Some(p) = outputs.pdfs {
            p.discard();
        }
        return Err(Error::InputUnusable(format!(
            "{} problem{} found; with --strict no output is written",
            tally.problems,
            if tally.problems == 1 { "" } else { "s" }
        )));
    }
    let mut written = vec![outputs.scores.commit().map_err(output)?];
    if let Some((answers, recs)) = outputs.detail {
        written.push(answers.commit().map_err(output)?);
        written.push(recs.commit().map_err(output)?);
    }
    if tally.rejected_rows > 0 {
        written.push(outputs.errors.commit().map_err(output)?);
    } else {
        outputs.errors.discard();
    }
    if let Some(column) = &args.group_by {
        let path = out_dir.join("groups.csv");
        let mut g = AtomicFile::csv(&path).map_err(output)?;
        g.write_record(write::groups_header(q, column))
            .map_err(output)?;
        for (key, acc) in &tally.groups {
            g.write_record(write::groups_row(q, key, acc))
                .map_err(output)?;
        }
        written.push(g.commit().map_err(output)?);
    }
    let groups = args.group_by.as_deref().map(|c| (c, &tally.groups));
    let pdf_result = outputs.pdfs.map_or(Ok(()), |p| p.finish(groups));
    if args.format == BatchFormat::Table {
        print_ranking(&tally, out)?;
    }
    for p in &written {
        eprintln!("wrote {}", p.display());
    }
    eprintln!(
        "{} row{} scored, {} rejected",
        tally.scored,
        if tally.scored == 1 { "" } else { "s" },
        tally.rejected_rows
    );
    pdf_result?;
    Ok(if tally.rejected_rows > 0 {
        ExitCode::RowsRejected
    } else {
        ExitCode::Success
    })
}

fn output(e: crate::output::OutputError) -> Error {
    Error::Output(e.to_string())
}

/// `reports/<stem of the first input>/`.
fn default_out(first: &Path) -> PathBuf {
    let stem = first
        .file_stem()
        .map_or_else(|| "batch".into(), |s| s.to_string_lossy().into_owned());
    // sanitize_filename leaves bidi marks, which make a folder's name show reversed.
    let stem: String = stem
        .chars()
        .map(|c| if is_unwanted(c) { '_' } else { c })
        .collect();
    let safe = sanitize_filename::sanitize_with_options(
        &stem,
        sanitize_filename::Options {
            windows: true,
            truncate: true,
            replacement: "_",
        },
    );
    Path::new("reports").join(if safe.is_empty() {
        "batch".to_string()
    } else {
        safe
    })
}

/// The folders of `dir` (itself included) that do not exist yet, deepest first.
fn missing_folders(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .filter(|d| !d.as_os_str().is_empty())
        .take_while(|d| !d.exists())
        .map(Path::to_path_buf)
        .collect()
}

fn check_columns(reader: &RowReader<'_>, file: &str, args: &ScoreArgs) -> Result<()> {
    let cols = &reader.columns;
    if cols.meta(crate::batch::columns::META[0]).is_none() {
        return Err(Error::InputUnusable(format!(
            "{file} has no `id` column; the first row must be the header, with a column `id` that names each row"
        )));
    }
    if let Some(g) = &args.group_by
        && cols.group.is_none()
    {
        return Err(Error::Usage(format!(
            "--group-by {g}: {file} has no column \"{g}\""
        )));
    }
    let mut issues = Vec::new();
    if !cols.unknown.is_empty() {
        issues.push(format!(
            "{file}: column{} not in the questionnaire: {}",
            if cols.unknown.len() == 1 { "" } else { "s" },
            cols.unknown
                .iter()
                .map(|c| match cols.suggestion(c) {
                    Some(id) => format!("{} (did you mean {id}?)", strip_control(c)),
                    None => strip_control(c).into_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !cols.missing.is_empty() {
        let n = cols.missing.len();
        issues.push(format!(
            "{file}: no column for {} question{} of {}: {}",
            n,
            if n == 1 { "" } else { "s" },
            cols.questions.len(),
            cols.missing.join(", ")
        ));
    }
    if args.strict && !issues.is_empty() {
        return Err(Error::InputUnusable(format!(
            "{}; with --strict every column must be a question of the questionnaire and \
             every question needs a column",
            issues.join("; ")
        )));
    }
    if !cols.missing.is_empty() {
        // Only a warning: a partial survey still scores, with those questions unanswered.
        let last = issues.len() - 1;
        issues[last].push_str(" (counted as unanswered)");
    }
    for i in issues {
        super::warn(&i);
    }
    Ok(())
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

fn print_ranking(tally: &Tally, out: &mut dyn Write) -> Result<()> {
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
        writeln!(out, "... and {} more in scores.csv", tally.scored - ranked).map_err(io)?;
    }
    Ok(())
}
