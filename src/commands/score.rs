//! `egready score`: score every row of CSV or Excel files, streaming: rows are read, scored
//! and written one at a time, so memory does not grow with the number of rows (beyond the
//! duplicate-id check and the groups).

mod progress;
mod stdout;

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
use crate::output::{AtomicFile, is_unwanted, neutralise, strip_control};
use crate::questionnaire::{self, Questionnaire};
use crate::recommend::Ranker;
use crate::scoring::{self, fmt1};

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
    let ranker = Ranker::new(q);
    let mut tally = Tally::default();
    let mut seen = SeenIds::default();
    let mut files: Vec<String> = Vec::new();
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
        let reader = RowReader::new(
            q,
            table.headers(),
            table.delimiter(),
            args.group_by.as_deref(),
            &files,
        );
        check_columns(&reader, table.file(), args)?;
        let mut progress = Progress::start(table.file(), table.progress());
        while let Some(next) = table.next_row() {
            let row = match next {
                Ok(row) => row,
                Err(e) => match e.row_fault() {
                    None => return Err(Error::InputUnusable(e.to_string())),
                    Some(fault) => {
                        let p = RowProblem {
                            file: table.file().to_string(),
                            row: e.row().unwrap_or_default(),
                            column: fault.column.and_then(|c| c.name).unwrap_or_default(),
                            value: fault.value,
                            message: fault.message,
                        };
                        reject(&mut tally, &mut outputs.errors, &[p])?;
                        continue;
                    }
                },
            };
            let number = row.number;
            let cell = |i: usize| row.get(i);
            match reader.read(number, &cell, &mut seen) {
                Err(problems) => reject(&mut tally, &mut outputs.errors, &problems)?,
                Ok((meta, responses)) => {
                    let a = scoring::score(q, &responses);
                    let ranked = ranker.rank(&responses, &a);
                    let file = table.file();
                    let record = write::scores_row(q, &meta, &a, &ranked, file, number, neutralise);
                    outputs.scores.write_record(&record).map_err(output)?;
                    if args.format == BatchFormat::Json {
                        let raw = write::scores_row(q, &meta, &a, &ranked, file, number, verbatim);
                        stdout_rows.write(&raw, out)?;
                    } else {
                        stdout_rows.write(&record, out)?;
                    }
                    if let Some((answers, recs)) = outputs.detail.as_mut() {
                        let text = |i: usize| answer_text(q, &responses, i);
                        for r in write::answers_rows(q, &meta, &a, &text) {
                            answers.write_record(&r).map_err(output)?;
                        }
                        for r in write::recommendation_rows(q, &meta, &ranked) {
                            recs.write_record(&r).map_err(output)?;
                        }
                    }
                    if let Some(g) = &meta.group {
                        tally.groups.entry(g.clone()).or_default().add(&a);
                    }
                    rank(&mut tally, q, &meta.id, &meta.country, &a);
                    if let Some(p) = outputs.pdfs.as_mut() {
                        p.add(&meta, &responses, &a)?;
                    }
                    tally.scored += 1;
                }
            }
            progress.tick(|| table.progress());
        }
        progress.finish();
        for notice in &table.notices()[noticed..] {
            eprintln!("note: {}", strip_control(notice));
        }
    }
    stdout_rows.finish(out)?;
    if let Some(p) = outputs.pdfs.as_mut() {
        p.set_source(&files.join(", "));
    }
    finish(args, q, out_dir, tally, outputs, out)
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

fn rank(tally: &mut Tally, q: &Questionnaire, id: &str, country: &str, a: &scoring::Assessment) {
    let Some(index) = a.readiness_index else {
        return;
    };
    let top = &mut tally.top;
    if top.len() < RANKED_ROWS || top.last().is_some_and(|l| index > l.0) {
        let stage = a
            .stage
            .and_then(|i| q.stages.get(i))
            .map_or("", |s| s.label.get("en", q.default_language()));
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
