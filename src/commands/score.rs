//! `egready score`: score every row of CSV or Excel files, streaming: rows are read, scored
//! and written one at a time, so memory does not grow with the number of rows (beyond the
//! duplicate-id check and the groups).

use std::io::Write;
use std::path::{Path, PathBuf};

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::pdf_out::BatchPdfs;
use crate::batch::groups::Groups;
use crate::batch::input::{self, InputOptions};
use crate::batch::row::{RowProblem, RowReader, SeenIds};
use crate::batch::write;
use crate::cli::{BatchFormat, ScoreArgs};
use crate::error::{Error, ExitCode, Result};
use crate::output::{AtomicFile, strip_control};
use crate::questionnaire::{self, Questionnaire};
use crate::recommend::Ranker;
use crate::scoring::{self, fmt1};

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
    let opts = InputOptions {
        delimiter: args.delimiter.map(|c| c as u8),
        encoding: args.encoding.clone(),
        sheet: args.sheet.clone(),
    };
    let mut scores = AtomicFile::csv(&out_dir.join("scores.csv")).map_err(output)?;
    scores
        .write_record(write::scores_header(&q))
        .map_err(output)?;
    let mut detail = match args.detail {
        true => {
            let mut answers = AtomicFile::csv(&out_dir.join("answers.csv")).map_err(output)?;
            answers
                .write_record(write::ANSWERS_HEADER)
                .map_err(output)?;
            let mut recs = AtomicFile::csv(&out_dir.join("recommendations.csv")).map_err(output)?;
            recs.write_record(write::RECOMMENDATIONS_HEADER)
                .map_err(output)?;
            Some((answers, recs))
        }
        false => None,
    };
    let ranker = Ranker::new(&q);
    let mut errors = AtomicFile::csv(&out_dir.join("errors.csv")).map_err(output)?;
    errors.write_record(write::ERRORS_HEADER).map_err(output)?;
    let mut stdout_rows = StdoutRows::new(args.format, &write::scores_header(&q), out)?;
    let mut pdfs = args
        .pdf
        .then(|| BatchPdfs::start(&q, &out_dir, args.pdf_options));

    let mut tally = Tally::default();
    let mut seen = SeenIds::default();
    let mut files: Vec<String> = Vec::new();
    for path in &args.inputs {
        let mut table =
            input::open(path, &opts).map_err(|e| Error::InputUnusable(e.to_string()))?;
        eprintln!("{}", table.description());
        files.push(table.file().to_string());
        let reader = RowReader::new(
            &q,
            table.headers(),
            table.delimiter(),
            args.group_by.as_deref(),
            &files,
        );
        check_columns(&reader, table.file(), args)?;
        while let Some(next) = table.next_row() {
            let row = match next {
                Ok(row) => row,
                Err(e) if e.is_fatal() => return Err(Error::InputUnusable(e.to_string())),
                Err(e) => {
                    let p = RowProblem {
                        file: table.file().to_string(),
                        row: e.row().unwrap_or_default(),
                        column: String::new(),
                        value: String::new(),
                        message: e.to_string(),
                    };
                    reject(&mut tally, &mut errors, &[p])?;
                    continue;
                }
            };
            let number = row.number;
            let cell = |i: usize| row.get(i);
            match reader.read(number, &cell, &mut seen) {
                Err(problems) => reject(&mut tally, &mut errors, &problems)?,
                Ok((meta, responses)) => {
                    let a = scoring::score(&q, &responses);
                    let ranked = ranker.rank(&responses, &a);
                    let record = write::scores_row(&q, &meta, &a, &ranked, table.file(), number);
                    scores.write_record(&record).map_err(output)?;
                    stdout_rows.write(&record, out)?;
                    if let Some((answers, recs)) = detail.as_mut() {
                        let text = |i: usize| answer_text(&q, &responses, i);
                        for r in write::answers_rows(&q, &meta, &a, &text) {
                            answers.write_record(&r).map_err(output)?;
                        }
                        for r in write::recommendation_rows(&q, &meta, &ranked) {
                            recs.write_record(&r).map_err(output)?;
                        }
                    }
                    if let Some(g) = &meta.group {
                        tally.groups.entry(g.clone()).or_default().add(&a);
                    }
                    rank(&mut tally, &q, &meta.id, &meta.country, &a);
                    if let Some(p) = pdfs.as_mut() {
                        p.add(&meta, &responses, &a)?;
                    }
                    tally.scored += 1;
                }
            }
        }
        for notice in table.notices() {
            eprintln!("note: {notice}");
        }
    }
    stdout_rows.finish(out)?;
    if let Some(p) = pdfs.as_mut() {
        p.set_source(&files.join(", "));
    }
    let outputs = Outputs {
        scores,
        detail,
        errors,
        pdfs,
    };
    finish(args, &q, &out_dir, tally, outputs, out)
}

/// The files being written, committed by [`finish`].
struct Outputs {
    scores: AtomicFile,
    detail: Option<(AtomicFile, AtomicFile)>,
    errors: AtomicFile,
    pdfs: Option<BatchPdfs>,
}

fn finish(
    args: &ScoreArgs,
    q: &Questionnaire,
    out_dir: &Path,
    tally: Tally,
    outputs: Outputs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let Outputs {
        scores,
        detail,
        errors,
        pdfs,
    } = outputs;
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
        if let Some(p) = pdfs {
            p.discard();
        }
        return Err(Error::InputUnusable(format!(
            "{} problem{} found; with --strict no output is written",
            tally.problems,
            if tally.problems == 1 { "" } else { "s" }
        )));
    }
    let mut written = vec![scores.commit().map_err(output)?];
    if let Some((answers, recs)) = detail {
        written.push(answers.commit().map_err(output)?);
        written.push(recs.commit().map_err(output)?);
    }
    if tally.rejected_rows > 0 {
        written.push(errors.commit().map_err(output)?);
    } else {
        errors.discard();
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
    let pdf_result = pdfs.map_or(Ok(()), |p| p.finish(groups));
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
                .map(|c| strip_control(c).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !cols.missing.is_empty() {
        issues.push(format!(
            "{file}: no column for question{} {} (counted as unanswered)",
            if cols.missing.len() == 1 { "" } else { "s" },
            cols.missing.join(", ")
        ));
    }
    if args.strict && !issues.is_empty() {
        return Err(Error::InputUnusable(format!(
            "{} (--strict)",
            issues.join("; ")
        )));
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

fn rank(tally: &mut Tally, q: &Questionnaire, id: &str, country: &str, a: &scoring::Assessment) {
    let Some(index) = a.readiness_index else {
        return;
    };
    let stage = a
        .stage
        .and_then(|i| q.stages.get(i))
        .map_or("", |s| s.label.get("en", q.default_language()));
    let top = &mut tally.top;
    if top.len() < RANKED_ROWS || top.last().is_some_and(|l| index > l.0) {
        let at = top.partition_point(|t| t.0 >= index);
        top.insert(
            at,
            (
                index,
                id.to_string(),
                country.to_string(),
                stage.to_string(),
            ),
        );
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

/// The answer as people would write it in the input: option ids, a number, or the text.
fn answer_text(q: &Questionnaire, r: &crate::answers::Responses, i: usize) -> String {
    use crate::answers::AnswerValue;
    match r.given[i].as_ref().map(|x| x.to_value(q.question_at(i))) {
        None => String::new(),
        Some(AnswerValue::Text(s)) => s,
        Some(AnswerValue::List(v)) => v.join("|"),
        Some(AnswerValue::Number(n)) => n.to_string(),
    }
}

/// Scores on standard output for pipes (`--format csv|json`), streamed like the files.
struct StdoutRows {
    format: BatchFormat,
    header: Vec<String>,
    first: bool,
}

impl StdoutRows {
    fn new(format: BatchFormat, header: &[String], out: &mut dyn Write) -> Result<Self> {
        let s = StdoutRows {
            format,
            header: header.to_vec(),
            first: true,
        };
        match format {
            BatchFormat::Csv => out
                .write_all(&csv_line(header)?)
                .map_err(Error::from_stdout)?,
            BatchFormat::Json => out.write_all(b"[").map_err(Error::from_stdout)?,
            BatchFormat::Table => {}
        }
        Ok(s)
    }

    fn write(&mut self, record: &[String], out: &mut dyn Write) -> Result<()> {
        match self.format {
            BatchFormat::Table => Ok(()),
            BatchFormat::Csv => out
                .write_all(&csv_line(record)?)
                .map_err(Error::from_stdout),
            BatchFormat::Json => {
                let obj: serde_json::Map<String, serde_json::Value> = self
                    .header
                    .iter()
                    .zip(record)
                    .map(|(k, v)| (k.clone(), json_value(k, v)))
                    .collect();
                let sep = if self.first { "\n" } else { ",\n" };
                self.first = false;
                write!(out, "{sep}{}", serde_json::Value::Object(obj)).map_err(Error::from_stdout)
            }
        }
    }

    fn finish(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.format == BatchFormat::Json {
            writeln!(out, "\n]").map_err(Error::from_stdout)?;
        }
        Ok(())
    }
}

/// One CSV record as bytes, in the shared CSV configuration.
fn csv_line(record: &[String]) -> Result<Vec<u8>> {
    let mut w = crate::output::csv_writer(Vec::new());
    w.write_record(record).map_err(|e| Error::Other(e.into()))?;
    w.into_inner()
        .map_err(|e| Error::Other(anyhow::anyhow!("{}", e.error())))
}

/// Numbers as JSON numbers, empty cells as null, the rest as strings.
fn json_value(key: &str, v: &str) -> serde_json::Value {
    let numeric = key == "readiness_index"
        || key == "completeness"
        || key.ends_with("_score")
        || key == "source_row";
    if v.is_empty() {
        serde_json::Value::Null
    } else if numeric {
        v.parse::<f64>().map_or_else(
            |_| serde_json::Value::String(v.to_string()),
            serde_json::Value::from,
        )
    } else {
        serde_json::Value::String(v.to_string())
    }
}
