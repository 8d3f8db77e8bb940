//! The bad-input suite: damaged, odd and hostile files fed to the real binary, as people send
//! them. Every case asserts the exact message (what, where, what was expected) and the exit
//! code. Questionnaires go through `questionnaire validate` (and `--questionnaire`), answers
//! files through `report`, spreadsheets through `score`. The fixtures are in
//! `tests/fixtures/bad/` (made by `make_fixtures.py` there); the large files are made here,
//! in a temporary folder.
//!
//! Batch scoring uses the tiny questionnaire, whose template header is
//! `id,country,lead,staff,laws,diaspora,notes`.

#![allow(clippy::unwrap_used)]

use std::path::Path;

mod common;
use common::egready;

#[path = "bad_input/answers.rs"]
mod answers;
#[path = "bad_input/batch.rs"]
mod batch;
#[path = "bad_input/questionnaires.rs"]
mod questionnaires;

const TINY: &str = "tests/fixtures/tiny.toml";

fn bad(name: &str) -> String {
    format!("tests/fixtures/bad/{name}")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = egready().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `egready score FILE -q tiny --out DIR`, in a fresh output folder.
fn score(file: &str, extra: &[&str]) -> (Run, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("out");
    let mut args = vec!["score", file, "-q", TINY, "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    (run(&args), out)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn has_line(text: &str, line: &str) -> bool {
    text.lines().any(|l| l == line)
}
