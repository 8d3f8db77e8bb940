//! Every input the fuzzers (see `fuzz/` and docs/reliability.md) ever failed on, kept in
//! `tests/fixtures/fuzz/<target>/` and fed to the loader the way the fuzz target does: each
//! must give Ok or a typed error with a message, never a panic, and keep the invariants the
//! target checks.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use egready::answers::{self, Response, Responses};
use egready::batch::input::{self, InputOptions};
use egready::questionnaire::{self, QuestionType};
use egready::{recommend, scoring};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    // A target whose fuzzing never failed has no folder (git keeps no empty folders).
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

/// The options `fuzz/fuzz_targets/batch_input.rs` derives from the input's length.
fn options(len: usize) -> InputOptions {
    let (delimiter, encoding) = match len % 4 {
        0 => (None, None),
        1 => (None, Some("utf-16le")),
        2 => (Some(b';'), Some("windows-1252")),
        _ => (Some(b'\t'), Some("utf-8")),
    };
    InputOptions {
        delimiter,
        encoding: encoding.map(str::to_owned),
        sheet: None,
        threads: None,
    }
}

#[test]
fn batch_input_regressions() {
    let files = inputs("batch_input");
    assert!(!files.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.csv");
    for file in files {
        let data = std::fs::read(&file).unwrap();
        std::fs::write(&path, &data).unwrap();
        let mut table = match input::open(&path, &options(data.len())) {
            Ok(table) => table,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                continue;
            }
        };
        let width = table.headers().len();
        assert!(width > 0, "{}: a header without columns", file.display());
        let mut last = 0;
        while let Some(row) = table.next_row() {
            match row {
                Ok(row) => {
                    assert_eq!(row.fields.len(), width, "{}", file.display());
                    assert!(row.number > last, "{}: row numbers go up", file.display());
                    last = row.number;
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
}

#[test]
fn questionnaire_regressions() {
    for file in inputs("questionnaire") {
        let data = std::fs::read(&file).unwrap();
        let q = match questionnaire::parse("fuzz.toml", &data) {
            Ok(q) => q,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                continue;
            }
        };
        let n = q.question_count();
        let mut first = Responses::empty(n);
        for i in 0..n {
            let question = q.question_at(i);
            first.given[i] = match question.kind {
                QuestionType::Single => Some(Response::Choice(0)),
                QuestionType::Multi => Some(Response::Choices(vec![0])),
                QuestionType::Number => question.min.map(Response::Number),
                QuestionType::Text => Some(Response::Text("x".to_owned())),
            };
        }
        for responses in [Responses::empty(n), first] {
            let a = scoring::score(&q, &responses);
            recommend::recommend(&q, &responses, &a);
        }
    }
}

#[test]
fn answers_regressions() {
    let shipped: Vec<_> = questionnaire::SHIPPED
        .iter()
        .map(|(id, _)| questionnaire::resolve(id).unwrap().0)
        .collect();
    for file in inputs("answers") {
        let data = std::fs::read(&file).unwrap();
        let parsed = match answers::parse("fuzz.json", &data) {
            Ok(parsed) => parsed,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                continue;
            }
        };
        for q in &shipped {
            match answers::check(q, "fuzz.json", &parsed) {
                Ok(responses) => {
                    let a = scoring::score(q, &responses);
                    recommend::recommend(q, &responses, &a);
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
}
