//! Scoring on every core, in input order. The main thread reads rows into chunks and hands
//! them to workers (one per thread but one, see `--threads`); a worker reads the cells into
//! answers, scores them, ranks the advice and encodes the output rows. When the workers
//! fall behind, the main thread scores chunks itself rather than wait. It takes the chunks
//! back in input order, checks duplicate ids (which needs that order) and writes the bytes.
//!
//! Memory stays flat: at most four chunks of [`CHUNK_ROWS`] rows per worker, plus four, are
//! on their way at any time.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, channel, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use crate::batch::input::Record;

use crate::answers::Responses;
use crate::batch::input::{InputError, Table};
use crate::batch::row::{Meta, RowProblem, RowReader, SeenIds};
use crate::batch::write::{self, TextCell};
use crate::error::{Error, Result};
use crate::output::Encoder;
use crate::questionnaire::Questionnaire;
use crate::recommend::{Ranked, Ranker};
use crate::scoring::{Assessment, Scorer};

/// Rows per chunk: enough to make handing a chunk over cheap next to scoring it.
pub(super) const CHUNK_ROWS: usize = 256;

/// Scoring threads at most: past about four, the main thread (reading, duplicate ids,
/// writing) is what bounds the run (see the README's Performance section), and more would
/// only hold memory.
const MAX_WORKERS: usize = 8;

/// The rows of a chunk. Chunks come back to the main thread once written and are read
/// into again: the input layer swaps each row into a record whose buffer it reuses, so no
/// row is copied and a chunk's memory is allocated once.
#[derive(Default)]
pub(super) struct Rows {
    records: Vec<Record>,
    /// Records in use, from the start.
    used: usize,
    rows: Vec<Raw>,
}

/// One input row as read, or a row the input layer could not read.
enum Raw {
    Row { number: u64, record: usize },
    Fault(RowProblem),
}

impl Rows {
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Reads the next row of `table` into the chunk; what [`Table::next_row`] gives.
    pub(super) fn read(&mut self, table: &mut Table) -> Option<Result<(), InputError>> {
        if self.used == self.records.len() {
            self.records.push(Record::new());
        }
        let number = match table.next_row_into(&mut self.records[self.used])? {
            Ok(number) => number,
            Err(e) => return Some(Err(e)),
        };
        self.rows.push(Raw::Row {
            number,
            record: self.used,
        });
        self.used += 1;
        Some(Ok(()))
    }

    pub(super) fn push_fault(&mut self, problem: RowProblem) {
        self.rows.push(Raw::Fault(problem));
    }

    /// Empties the chunk, keeping its buffers.
    pub(super) fn clear(&mut self) {
        self.used = 0;
        self.rows.clear();
    }

    fn cell(&self, record: usize, column: usize) -> &str {
        self.records[record].get(column).unwrap_or("")
    }
}

/// Rows of one input file on their way to a worker.
struct Chunk<'q> {
    seq: u64,
    reader: Arc<RowReader<'q>>,
    rows: Rows,
}

/// What a worker makes of every row, and what it keeps for the main thread.
pub(super) struct Job<'q> {
    pub q: &'q Questionnaire,
    pub scorer: Scorer<'q>,
    pub ranker: Ranker<'q>,
    /// Encode answers.csv and recommendations.csv rows (`--detail`).
    pub detail: bool,
    /// The scores row as cells, for standard output, written this way.
    pub stdout: Option<TextCell>,
    /// Keep the assessment (for groups and PDFs) and the responses (for PDFs).
    pub keep_assessment: bool,
    pub keep_responses: bool,
}

/// A chunk scored: the encoded rows of each output file, and one entry per row.
pub(super) struct Done<'q> {
    seq: u64,
    pub reader: Arc<RowReader<'q>>,
    /// The chunk's rows as read, for the ids and countries.
    cells: Rows,
    pub scores: Vec<u8>,
    pub answers: Vec<u8>,
    pub recommendations: Vec<u8>,
    pub rows: Vec<RowDone>,
}

pub(super) struct RowDone {
    pub number: u64,
    /// The row's record in the chunk (`None` for a row the input layer could not read).
    at: Option<usize>,
    /// The [`SeenIds::hash`] of its id.
    pub id_hash: u64,
    /// Where this row's bytes end in `scores`, `answers` and `recommendations`.
    pub ends: [usize; 3],
    pub outcome: Outcome,
}

pub(super) enum Outcome {
    Scored {
        index: Option<f64>,
        stage: Option<usize>,
        /// The scores row as cells, when standard output gets it.
        stdout: Option<Vec<String>>,
        /// Kept for groups and PDFs only: most runs need neither.
        kept: Option<Box<Kept>>,
    },
    /// Every problem of the row but a duplicate id.
    Rejected(Vec<RowProblem>),
}

pub(super) struct Kept {
    pub meta: Meta,
    pub assessment: Assessment,
    pub responses: Option<Responses>,
}

impl Done<'_> {
    /// Cell `column` of `row` as read ("" for a row that could not be read).
    pub(super) fn cell(&self, row: &RowDone, column: usize) -> &str {
        row.at.map_or("", |r| self.cells.cell(r, column))
    }

    /// The chunk's rows, to be read into again.
    pub(super) fn into_rows(self) -> Rows {
        let mut rows = self.cells;
        rows.clear();
        rows
    }
}

/// The workers, and the chunks on their way.
pub(super) struct Pipeline<'j, 'q> {
    job: &'j Job<'q>,
    workers: usize,
    work: Option<SyncSender<Chunk<'q>>>,
    done: Receiver<Result<Done<'q>>>,
    /// Chunks that came back ahead of their turn.
    waiting: BTreeMap<u64, Done<'q>>,
    sent: u64,
    taken: u64,
    /// What the calling thread reads rows into when it scores a chunk itself.
    scratch: Scratch,
}

impl<'j, 'q> Pipeline<'j, 'q> {
    /// Starts a worker for each of `threads` but one, in `scope`: the calling thread reads
    /// the input, and scores chunks too whenever the workers are behind (see
    /// [`Pipeline::send`]). With one thread it scores every chunk itself.
    pub(super) fn start<'scope>(
        scope: &'scope Scope<'scope, '_>,
        job: &'j Job<'q>,
        threads: usize,
    ) -> Self
    where
        'q: 'scope,
        'j: 'scope,
    {
        let workers = threads.saturating_sub(1).min(MAX_WORKERS);
        // Enough queued for each worker to go on with while the main thread reads.
        let (work, chunks) = sync_channel::<Chunk<'q>>(workers + 1);
        let chunks = Arc::new(Mutex::new(chunks));
        let (results, done) = channel();
        for _ in 0..workers {
            let chunks = Arc::clone(&chunks);
            let results = results.clone();
            scope.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    // One worker waits for the next chunk at a time; the others are busy.
                    let next = chunks
                        .lock()
                        .map_or_else(|e| e.into_inner().recv(), |r| r.recv());
                    let Ok(chunk) = next else { break };
                    let scored = guarded(job, chunk, &mut scratch);
                    let failed = scored.is_err();
                    if results.send(scored).is_err() || failed {
                        break;
                    }
                }
            });
        }
        Pipeline {
            job,
            workers,
            work: Some(work),
            done,
            waiting: BTreeMap::new(),
            sent: 0,
            taken: 0,
            scratch: Scratch::default(),
        }
    }

    /// Hands `rows` of the file `reader` reads to a worker; or, when every worker has a
    /// chunk queued already (or there are none), scores them on the calling thread. On two
    /// cores that keeps both busy: one worker, and the reading thread scoring whenever it
    /// is ahead. The caller takes what is scored with [`Pipeline::ready`].
    pub(super) fn send(&mut self, reader: &Arc<RowReader<'q>>, rows: Rows) -> Result<()> {
        // Chunks on their way (queued, being scored, or scored and waiting for an older
        // one to be taken): past this many, wait for the oldest. It bounds memory.
        let on_their_way = 4 * self.workers as u64 + 4;
        while self.sent - self.taken >= on_their_way && !self.waiting.contains_key(&self.taken) {
            self.receive(true)?;
        }
        let chunk = Chunk {
            seq: self.sent,
            reader: Arc::clone(reader),
            rows,
        };
        self.sent += 1;
        let work = self.work.as_ref().ok_or_else(stopped)?;
        let chunk = if self.workers == 0 {
            chunk
        } else {
            match work.try_send(chunk) {
                Ok(()) => return Ok(()),
                // Every worker has a chunk queued: they are behind.
                Err(TrySendError::Full(chunk)) => chunk,
                Err(TrySendError::Disconnected(_)) => return Err(stopped()),
            }
        };
        let done = guarded(self.job, chunk, &mut self.scratch)?;
        self.waiting.insert(done.seq, done);
        Ok(())
    }

    /// The oldest chunk still on its way if it is scored already; `None` otherwise.
    pub(super) fn ready(&mut self) -> Result<Option<Done<'q>>> {
        self.take(false)
    }

    /// The oldest chunk still on its way, once scored; `None` when none is.
    pub(super) fn next(&mut self) -> Result<Option<Done<'q>>> {
        self.take(true)
    }

    /// The oldest chunk still on its way, waiting for it to be scored if `block`.
    fn take(&mut self, block: bool) -> Result<Option<Done<'q>>> {
        while self.taken < self.sent {
            if let Some(done) = self.waiting.remove(&self.taken) {
                self.taken += 1;
                return Ok(Some(done));
            }
            if !self.receive(block)? {
                break;
            }
        }
        Ok(None)
    }

    /// Moves one scored chunk from the workers to `waiting`, waiting for one if `block`;
    /// false when none was there.
    fn receive(&mut self, block: bool) -> Result<bool> {
        let done = if block {
            self.done.recv().map_err(|_| stopped())?
        } else {
            match self.done.try_recv() {
                Ok(done) => done,
                Err(TryRecvError::Empty) => return Ok(false),
                Err(TryRecvError::Disconnected) => return Err(stopped()),
            }
        };
        let done = done?;
        self.waiting.insert(done.seq, done);
        Ok(true)
    }

    /// No more chunks: the workers stop once they have scored those on their way.
    pub(super) fn close(&mut self) {
        self.work = None;
    }
}

/// Scores a chunk; a panic there is a bug, reported by the hook, and stops the run rather
/// than leaving the main thread waiting for the chunk for ever.
fn guarded<'q>(job: &Job<'q>, chunk: Chunk<'q>, scratch: &mut Scratch) -> Result<Done<'q>> {
    crate::bug::contained("scoring", || Ok(score_chunk(job, chunk, scratch)))
}

/// The workers went away, which they do only once the run has stopped.
fn stopped() -> Error {
    Error::Output("the scoring threads stopped unexpectedly".into())
}

/// What a worker reads each row into, kept from row to row so that reading and scoring one
/// allocates nothing.
#[derive(Default)]
struct Scratch {
    meta: Meta,
    responses: Responses,
    assessment: Assessment,
    ranked: Ranked,
}

fn score_chunk<'q>(job: &Job<'q>, chunk: Chunk<'q>, scratch: &mut Scratch) -> Done<'q> {
    let q = job.q;
    let reader = &chunk.reader;
    let n = chunk.rows.len();
    let mut scores = Encoder::new(n * 256);
    let mut answers = Encoder::new(if job.detail { 64 * 1024 } else { 0 });
    let mut recs = Encoder::new(if job.detail { 16 * 1024 } else { 0 });
    // scores.csv lists the top recommendations; recommendations.csv lists them all.
    let limit = if job.detail {
        usize::MAX
    } else {
        write::TOP_RECOMMENDATIONS
    };
    let mut rows = Vec::with_capacity(n);
    let Scratch {
        meta,
        responses,
        assessment: a,
        ranked,
    } = scratch;
    for raw in &chunk.rows.rows {
        let mut id_hash = 0;
        let (number, at, outcome) = match raw {
            Raw::Fault(p) => (p.row, None, Outcome::Rejected(vec![p.clone()])),
            &Raw::Row { number, record } => {
                let cell = |i: usize| chunk.rows.cell(record, i);
                id_hash = SeenIds::hash(reader.id(&cell));
                let outcome = match reader.read_into(number, &cell, meta, responses) {
                    Err(problems) => Outcome::Rejected(problems),
                    Ok(()) => {
                        job.scorer.score_into(responses, a);
                        job.ranker.rank_into(responses, a, limit, ranked);
                        let ranked = &ranked.ids;
                        let row = write::ScoresRow {
                            q,
                            meta,
                            a,
                            ranked,
                            source: Some((reader.file(), number)),
                        };
                        row.cells(crate::output::neutralise, &mut scores);
                        scores.end_record();
                        let stdout = job.stdout.map(|text| row.strings(text));
                        if job.detail {
                            for r in write::answers_rows(q, meta, a, responses) {
                                answers.record(&r);
                            }
                            for r in write::recommendation_rows(q, meta, ranked) {
                                recs.record(&r);
                            }
                        }
                        Outcome::Scored {
                            index: a.readiness_index,
                            stage: a.stage,
                            stdout,
                            kept: job.keep_assessment.then(|| {
                                Box::new(Kept {
                                    meta: meta.clone(),
                                    responses: job.keep_responses.then(|| responses.clone()),
                                    assessment: a.clone(),
                                })
                            }),
                        }
                    }
                };
                (number, Some(record), outcome)
            }
        };
        let ends = [scores.len(), answers.len(), recs.len()];
        rows.push(RowDone {
            number,
            at,
            id_hash,
            ends,
            outcome,
        });
    }
    Done {
        seq: chunk.seq,
        reader: chunk.reader,
        cells: chunk.rows,
        scores: scores.into_bytes(),
        answers: answers.into_bytes(),
        recommendations: recs.into_bytes(),
        rows,
    }
}
