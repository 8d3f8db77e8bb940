//! `egready score`: score every row of CSV or Excel files, streaming and on every core. This
//! thread reads the rows in chunks ([`pipeline`] scores them on one worker per core) and
//! writes them back in input order ([`sink`]), so memory does not grow with the number of
//! rows beyond the duplicate-id check and the groups.

mod columns;
mod pipeline;
mod progress;
mod sink;
mod stdout;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::pdf_out::BatchPdfs;
use crate::batch::input::{self, InputOptions};
use crate::batch::row::{RowProblem, RowReader, SeenIds};
use crate::batch::write;
use crate::cli::{BatchFormat, ScoreArgs};
use crate::error::{Error, ExitCode, Result};
use crate::output::{AtomicFile, is_unwanted, neutralise, strip_control};
use crate::questionnaire::{self, Questionnaire};
use crate::recommend::Ranker;
use crate::scoring::Scorer;

use columns::check_columns;
use pipeline::{CHUNK_ROWS, Job, Pipeline, Rows};
use progress::Progress;
use sink::{Sink, Tally, print_ranking};
use stdout::StdoutRows;

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
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let opts = InputOptions {
        delimiter: args.delimiter.map(|c| c as u8),
        encoding: args.encoding.clone(),
        sheet: args.sheet.clone(),
        threads: Some(threads),
    };
    let mut outputs = open_outputs(q, out_dir, args.detail)?;
    outputs.pdfs = args
        .pdf
        .then(|| BatchPdfs::start(q, out_dir, args.pdf_options, threads));
    let mut stdout_rows = StdoutRows::new(args.format, write::scores_header(q), out)?;
    let job = Job {
        q,
        scorer: Scorer::new(q).with_contributions(args.detail),
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
        let mut pipeline = Pipeline::start(scope, &job, threads);
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
                    pipeline.send(&reader, full)?;
                    while let Some(done) = pipeline.ready()? {
                        spare.push(sink.take(done)?);
                    }
                }
                progress.tick(|| table.progress());
            }
            if rows.len() > 0 {
                pipeline.send(&reader, rows)?;
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
            super::count(tally.problems - tally.shown.len() as u64)
        );
    }
    if args.strict && tally.problems > 0 {
        if let Some(p) = outputs.pdfs {
            p.discard();
        }
        return Err(Error::InputUnusable(format!(
            "{} problem{} found; with --strict no output is written",
            super::count(tally.problems),
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
        super::count(tally.scored),
        if tally.scored == 1 { "" } else { "s" },
        super::count(tally.rejected_rows)
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
