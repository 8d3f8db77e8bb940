//! `cargo bench --bench batch`: batch scoring throughput against plain CSV reading.
//!
//! Generates a seeded synthetic input for the shipped questionnaire (1,000,000 rows by
//! default; set EGREADY_BENCH_ROWS to change it) with a realistic mix of options, blanks and
//! dont_know, then times in the same run (a) reading it with `csv::ByteRecord` and nothing
//! else, (b) egready's input layer alone, and (c) `egready score` on it, each the best of
//! three runs from a warm page cache, and prints rows/s, MB/s and the ratio of (c) to (a).
//! Peak memory of (c) is measured separately: see the README's performance section.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use egready::questionnaire::{self, QuestionType};

/// A small deterministic generator (xorshift64*), so every run scores the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn generate(path: &Path, rows: u64) -> std::io::Result<()> {
    let q = questionnaire::resolve(questionnaire::DEFAULT_ID)
        .map_err(std::io::Error::other)?
        .0;
    let countries = [
        "MUS", "RWA", "FJI", "JAM", "GHA", "KEN", "SEN", "PNG", "TTO", "CPV",
    ];
    let mut rng = Rng(0x5EED_2026);
    let mut w = csv::Writer::from_path(path)?;
    let mut header = vec![
        "id",
        "country",
        "organisation",
        "respondent",
        "role",
        "date",
    ];
    header.extend(q.questions().map(|(_, x)| x.id.as_str()));
    w.write_record(&header)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for n in 0..rows {
        record.clear();
        record.push(format!("r{n:07}"));
        record.push(countries[rng.below(countries.len() as u64) as usize].to_string());
        record.push(format!("Ministry {}", rng.below(40)));
        record.push(String::new());
        record.push("Analyst".to_string());
        record.push("2026-11-27".to_string());
        for (_, question) in q.questions() {
            let roll = rng.below(100);
            let cell = if roll < 5 {
                String::new()
            } else if roll < 10 && question.is_scored() {
                "dont_know".to_string()
            } else {
                match question.kind {
                    QuestionType::Single => question.options
                        [rng.below(question.options.len() as u64) as usize]
                        .id
                        .clone(),
                    QuestionType::Multi => {
                        let plain: Vec<&str> = question
                            .options
                            .iter()
                            .filter(|o| !o.exclusive)
                            .map(|o| o.id.as_str())
                            .collect();
                        let k = 1 + rng.below(plain.len() as u64) as usize;
                        plain[..k].join("|")
                    }
                    QuestionType::Number => {
                        let (lo, hi) = (question.min.unwrap_or(0.0), question.max.unwrap_or(100.0));
                        format!(
                            "{}",
                            (lo + (rng.below(1000) as f64 / 1000.0) * (hi - lo).min(200.0)).round()
                        )
                    }
                    QuestionType::Text => String::new(),
                }
            };
            record.push(cell);
        }
        w.write_record(&record)?;
    }
    w.flush()
}

/// Each measurement is the best of this many runs: other work on the machine only ever
/// slows a run down.
const RUNS: usize = 3;

/// The shortest time `run` takes in `n` runs, in seconds.
fn best_of(n: usize, run: impl FnMut()) -> f64 {
    best_of_after(n, || {}, run)
}

/// The best time of `n` runs of `run`, each after an untimed `prepare`.
fn best_of_after(n: usize, mut prepare: impl FnMut(), mut run: impl FnMut()) -> f64 {
    (0..n)
        .map(|_| {
            prepare();
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let rows: u64 = std::env::var("EGREADY_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-batch");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let input = dir.join(format!("input-{rows}.csv"));
    if !input.exists() {
        eprintln!("generating {rows} rows into {}", input.display());
        generate(&input, rows).expect("generate input");
    }
    let bytes = std::fs::metadata(&input).expect("input").len() as f64;
    let mb = bytes / 1e6;
    // Read the file once untimed, so no measurement pays for the disk and all three read
    // it from the page cache.
    std::io::copy(
        &mut std::fs::File::open(&input).expect("open input"),
        &mut std::io::sink(),
    )
    .expect("read input");

    let plain = best_of(RUNS, || {
        let mut reader = csv::ReaderBuilder::new()
            .from_path(&input)
            .expect("open input");
        let mut record = csv::ByteRecord::new();
        let mut n = 0u64;
        while reader.read_byte_record(&mut record).expect("read") {
            n += 1;
        }
        assert_eq!(n, rows);
    });

    // The floor for any scorer: egready's own input layer (encoding and delimiter
    // detection, line endings, row numbers, UTF-8 cells) with nothing done per row.
    let layer = best_of(RUNS, || {
        let mut table =
            egready::batch::input::open(&input, &Default::default()).expect("open input");
        let mut n = 0u64;
        while let Some(row) = table.next_row() {
            row.expect("row");
            n += 1;
        }
        assert_eq!(n, rows);
    });

    let out = dir.join("out");
    // Each run writes into an empty folder, as a first run does: replacing the last run's
    // scores.csv (240 MB for a million rows) would add the file system's cost of deleting
    // it, about 0.06 s on the development machine (ext4 mounted with `discard`).
    let empty_out = || {
        let _ = std::fs::remove_dir_all(&out);
    };
    let scored = best_of_after(RUNS, empty_out, || {
        let status = Command::new(env!("CARGO_BIN_EXE_egready"))
            .arg("score")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run egready");
        assert!(status.success(), "egready score failed: {status}");
    });

    println!("input: {rows} rows, {mb:.1} MB ({})", input.display());
    println!(
        "plain csv::ByteRecord read: {plain:.2} s, {:.0} rows/s, {:.1} MB/s",
        rows as f64 / plain,
        mb / plain
    );
    println!(
        "egready input layer only:   {layer:.2} s, {:.0} rows/s, {:.1} MB/s",
        rows as f64 / layer,
        mb / layer
    );
    println!(
        "egready score:              {scored:.2} s, {:.0} rows/s, {:.1} MB/s",
        rows as f64 / scored,
        mb / scored
    );
    println!(
        "ratio (score / plain read throughput): {:.0}%",
        100.0 * plain / scored
    );
}
