//! The PDFs of a batch: one per scored row, rendered by one worker per core that a bounded
//! channel feeds, so rows stream through without piling up in memory; and `comparison.pdf`,
//! built at the end from the few numbers [`Comparison`] keeps per row.
//!
//! File names are handed out by the reading thread, in input order, so they do not depend
//! on which worker finishes first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::{Names, file_stem, paper, write, wrote_line};
use crate::answers::{AnswersFile, Completion, QuestionnaireRef, Respondent, Responses};
use crate::batch::groups::Groups;
use crate::batch::row::Meta;
use crate::cli::PdfOptions;
use crate::error::{Error, Result};
use crate::questionnaire::Questionnaire;
use crate::recommend;
use crate::report::Scored;
use crate::report::pdf::Paper;
use crate::report::pdf_assessment::PdfReport;
use crate::report::pdf_comparison::Comparison;
use crate::scoring::Assessment;

/// Jobs waiting per worker: enough to keep the workers busy while the reader parses the next
/// rows, few enough that memory does not grow with the batch.
const QUEUED_PER_WORKER: usize = 4;

/// One row to render.
struct Job {
    path: PathBuf,
    meta: Meta,
    responses: Responses,
    assessment: Assessment,
}

/// What a worker did.
#[derive(Default)]
struct Outcome {
    written: Vec<PathBuf>,
    error: Option<Error>,
}

/// The PDFs of one batch run.
pub struct BatchPdfs {
    q: Arc<Questionnaire>,
    paper: Paper,
    names: Names,
    comparison: Comparison,
    sender: Option<SyncSender<Job>>,
    workers: Vec<JoinHandle<Outcome>>,
    failed: Arc<AtomicBool>,
    /// The input files, named in the comparison report.
    source: String,
    /// Whether `finish` ran: a run dropped before it failed, and its reports are removed.
    finished: bool,
}

impl BatchPdfs {
    /// Starts `threads` workers (at most 8); the PDFs go to `dir`.
    pub fn start(q: &Questionnaire, dir: &Path, options: PdfOptions, threads: usize) -> BatchPdfs {
        let q = Arc::new(q.clone());
        let n = threads.clamp(1, 8);
        let (sender, receiver) = sync_channel::<Job>(n * QUEUED_PER_WORKER);
        let receiver = Arc::new(Mutex::new(receiver));
        let failed = Arc::new(AtomicBool::new(false));
        let paper = paper(options.paper);
        let workers = (0..n)
            .map(|_| {
                let (q, rx, failed) = (Arc::clone(&q), Arc::clone(&receiver), Arc::clone(&failed));
                std::thread::spawn(move || work(&q, paper, &rx, &failed))
            })
            .collect();
        BatchPdfs {
            q,
            paper,
            names: Names::new(dir, options.force),
            comparison: Comparison::default(),
            sender: Some(sender),
            workers,
            failed,
            source: String::new(),
            finished: false,
        }
    }

    /// Names the input files in the comparison report.
    pub fn set_source(&mut self, files: &str) {
        self.source = files.to_string();
    }

    /// Queues the report of one scored row (waiting while the workers are busy) and keeps
    /// what the comparison needs.
    pub fn add(&mut self, meta: &Meta, responses: &Responses, a: &Assessment) -> Result<()> {
        self.comparison
            .add(&self.q, &meta.id, &meta.country, &meta.date, a);
        if self.failed.load(Ordering::Relaxed) {
            return Ok(()); // the error is reported by `finish`
        }
        let name = if meta.id.trim().is_empty() {
            &meta.country
        } else {
            &meta.id
        };
        let job = Job {
            path: self.names.next(&file_stem(name, &meta.date)),
            meta: meta.clone(),
            responses: responses.clone(),
            assessment: a.clone(),
        };
        let sent = self.sender.as_ref().is_some_and(|s| s.send(job).is_ok());
        if sent {
            Ok(())
        } else {
            Err(Error::Other(anyhow::anyhow!(
                "the PDF workers stopped unexpectedly"
            )))
        }
    }

    /// Waits for the row reports, then writes `comparison.pdf`. Returns the first error of
    /// any worker (after the comparison, so a batch loses as little as possible).
    pub fn finish(mut self, groups: Option<(&str, &Groups)>) -> Result<()> {
        self.finished = true;
        let outcome = self.join();
        if let Some(e) = outcome.error {
            return Err(e);
        }
        let path = self.names.next("comparison");
        let comparison = std::mem::take(&mut self.comparison);
        let pdf = comparison
            .render(&self.q, self.paper, groups, &self.source)
            .map_err(|e| Error::Other(e.into()))?;
        write(&path, &pdf)?;
        eprintln!("{}", wrote_line(&path, pdf.page_count, pdf.bytes.len()));
        print_warnings(&path, &pdf.warnings);
        Ok(())
    }

    /// Waits for the workers and removes every report they wrote: for `--strict`, which
    /// writes nothing when a row has a problem. Dropping an unfinished run does the same.
    pub fn discard(self) {}

    fn remove_written(&mut self) {
        for path in self.join().written {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Closes the queue and waits for the workers.
    fn join(&mut self) -> Outcome {
        drop(self.sender.take());
        let mut all = Outcome::default();
        for handle in self.workers.drain(..) {
            let outcome = handle.join().unwrap_or_else(|_| Outcome {
                written: Vec::new(),
                error: Some(Error::Other(anyhow::anyhow!("a PDF worker failed"))),
            });
            all.written.extend(outcome.written);
            if all.error.is_none() {
                all.error = outcome.error;
            }
        }
        all
    }
}

impl Drop for BatchPdfs {
    /// A run that stops before `finish` (bad input, `--strict`) lets the workers finish the
    /// reports under way, so no temporary file is left behind, then removes them: a failed
    /// run writes nothing, as for the CSV files.
    fn drop(&mut self) {
        if self.finished {
            self.join();
        } else {
            self.remove_written();
        }
    }
}

/// A worker: renders and writes the reports of the jobs it takes until the queue closes.
/// After a failure anywhere it only drains the queue.
fn work(
    q: &Questionnaire,
    paper: Paper,
    rx: &Mutex<Receiver<Job>>,
    failed: &AtomicBool,
) -> Outcome {
    let mut outcome = Outcome::default();
    loop {
        let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(job) = next else { break };
        if failed.load(Ordering::Relaxed) {
            continue;
        }
        // A panic is a bug (reported by the hook): this worker goes on draining the queue,
        // or the main thread could wait on a full queue for ever.
        let rendered = crate::bug::contained("writing the PDF reports", || render(q, paper, &job));
        match rendered {
            Ok(()) => outcome.written.push(job.path),
            Err(e) => {
                failed.store(true, Ordering::Relaxed);
                outcome.error.get_or_insert(e);
            }
        }
    }
    outcome
}

fn render(q: &Questionnaire, paper: Paper, job: &Job) -> Result<()> {
    let lang = q.default_language();
    let advice = recommend::recommend_in(q, &job.responses, &job.assessment, lang);
    let answers = answers_file(q, &job.meta);
    let scored = Scored {
        questionnaire: q,
        answers: &answers,
        responses: &job.responses,
        assessment: &job.assessment,
        advice: &advice,
        lang,
    };
    let pdf = PdfReport { paper }
        .build(&scored)
        .map_err(|e| Error::Other(e.into()))?;
    write(&job.path, &pdf)?;
    eprintln!("{}", wrote_line(&job.path, pdf.page_count, pdf.bytes.len()));
    print_warnings(&job.path, &pdf.warnings);
    Ok(())
}

/// The row's details as an answers file header (the answers themselves are in the
/// responses).
fn answers_file(q: &Questionnaire, meta: &Meta) -> AnswersFile {
    AnswersFile {
        questionnaire: QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
        },
        status: Completion::Complete,
        language: q.default_language().to_string(),
        respondent: Respondent {
            id: meta.id.clone(),
            country: meta.country.clone(),
            country_name: None,
            organisation: meta.organisation.clone(),
            name: meta.respondent.clone(),
            role: meta.role.clone(),
            date: meta.date.clone(),
        },
        answers: BTreeMap::new(),
    }
}

/// Prints the font warnings of a PDF.
pub fn print_warnings(path: &Path, warnings: &[String]) {
    for w in warnings {
        crate::commands::warn(&format!("{}: {w}", path.display()));
    }
}
