//! Faults while writing, through the real binary: a write that fails leaves the previous file
//! intact and says why (exit code 7); a run killed in the middle of a large batch leaves no
//! truncated output, only temporary files named unlike any output, which a later run ignores
//! and, once stale, removes. (The unit tests in `src/output.rs` cover the atomic writer
//! itself: a failing closure, a read-only folder, permissions.)

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod common;
use common::files_in;

const TINY: &str = "tests/fixtures/tiny.toml";
const HEADER: &str = "id,country,lead,staff,laws,diaspora,notes\n";

fn egready() -> Command {
    Command::new(env!("CARGO_BIN_EXE_egready"))
}

/// A batch input of `rows` rows for the tiny questionnaire.
fn batch(path: &Path, rows: usize) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    w.write_all(HEADER.as_bytes()).unwrap();
    for i in 0..rows {
        writeln!(w, "r{i},MUS,yes,{},data|signatures,no,note {i}", i % 500).unwrap();
    }
    w.flush().unwrap();
}

fn score(input: &Path, out: &Path) -> std::process::Output {
    egready()
        .args(["score", input.to_str().unwrap(), "-q", TINY, "--out"])
        .arg(out)
        .output()
        .unwrap()
}

/// Two batch inputs in `dir`, a small one already scored into `dir/out` and a large one of
/// `large_rows` rows, with the `scores.csv` the small one wrote.
struct Scored {
    small: PathBuf,
    large: PathBuf,
    out: PathBuf,
    before: Vec<u8>,
}

fn small_scored_and_large(dir: &Path, large_rows: usize) -> Scored {
    let (small, large) = (dir.join("small.csv"), dir.join("large.csv"));
    batch(&small, 3);
    batch(&large, large_rows);
    let out = dir.join("out");
    assert!(score(&small, &out).status.success());
    let before = std::fs::read(out.join("scores.csv")).unwrap();
    Scored {
        small,
        large,
        out,
        before,
    }
}

/// A temporary file of the atomic writer: hidden and ending in `.tmp`, so never taken for an
/// output (`scores.csv`) nor matched by `*.csv`.
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_half_way_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let Scored {
        large, out, before, ..
    } = small_scored_and_large(dir.path(), 5_000);

    // A file size limit makes the write fail with EFBIG once ~32 KB are written, as a full
    // disk would (root ignores folder permissions; not file size limits). SIGXFSZ is ignored
    // so that the write returns the error instead of killing the process.
    let run = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_egready"))
        .args(["score", large.to_str().unwrap(), "-q", TINY, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(7), "{stderr}");
    assert_eq!(
        stderr.lines().last().unwrap(),
        format!(
            "error: could not write {}: File too large (os error 27)",
            out.join("scores.csv").display()
        )
    );
    assert_eq!(std::fs::read(out.join("scores.csv")).unwrap(), before);
    assert_eq!(files_in(&out), ["scores.csv"], "no temporary file is left");
}

#[test]
fn an_output_folder_that_cannot_be_created_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    batch(&input, 2);
    std::fs::write(dir.path().join("blocker"), "a file, not a folder").unwrap();
    let out = dir.path().join("blocker/out");
    let run = score(&input, &out);
    assert_eq!(run.status.code(), Some(7));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!(
            "error: could not create the folder {}: {} is a file, not a folder\n",
            out.display(),
            dir.path().join("blocker").display()
        )
    );
    let run = egready()
        .args(["template", "-q", TINY, "--out"])
        .arg(dir.path().join("blocker/template.csv"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(7));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!(
            "error: could not create the folder {}: {} is a file, not a folder\n",
            dir.path().join("blocker").display(),
            dir.path().join("blocker").display()
        )
    );
}

/// Starts `score` on `input` and kills it (SIGKILL) as soon as it has written part of its
/// scores; returns whether it was still running when killed.
fn kill_mid_run(input: &Path, out: &Path) -> bool {
    let mut child = egready()
        .args(["score", input.to_str().unwrap(), "-q", TINY, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            eprintln!("score finished before it could be killed: {status}");
            return false;
        }
        let writing = std::fs::read_dir(out).into_iter().flatten().any(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".scores.csv.") && e.metadata().unwrap().len() > 0
        });
        if writing || Instant::now() > deadline {
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_batch_killed_mid_run_leaves_no_truncated_output() {
    let dir = tempfile::tempdir().unwrap();
    let Scored {
        small,
        large,
        out,
        before,
    } = small_scored_and_large(dir.path(), 200_000);

    let killed = kill_mid_run(&large, &out);
    let left = files_in(&out);
    let outputs: Vec<&String> = left.iter().filter(|n| !is_temp(n)).collect();
    assert_eq!(outputs, ["scores.csv"], "{left:?}");
    if killed {
        // The previous complete file, untouched; the killed run's work only in temp files.
        assert_eq!(std::fs::read(out.join("scores.csv")).unwrap(), before);
        assert!(
            left.iter().any(|n| n.starts_with(".scores.csv.")),
            "{left:?}"
        );
    } else {
        let text = std::fs::read_to_string(out.join("scores.csv")).unwrap();
        assert_eq!(text.lines().count(), 200_001);
    }

    // A later run in the same folder is not confused by the leftovers...
    let run = score(&small, &out);
    assert!(run.status.success());
    assert_eq!(std::fs::read(out.join("scores.csv")).unwrap(), before);
    let temps: Vec<String> = files_in(&out).into_iter().filter(|n| is_temp(n)).collect();
    assert_eq!(
        temps.len(),
        left.len() - 1,
        "fresh leftovers are kept: {temps:?}"
    );

    // ...and removes them once nobody has written to them for an hour.
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    for name in &temps {
        let file = std::fs::File::options()
            .append(true)
            .open(out.join(name))
            .unwrap();
        file.set_modified(two_hours_ago).unwrap();
    }
    assert!(score(&small, &out).status.success());
    assert_eq!(files_in(&out), ["scores.csv"]);
}
