//! Set-up shared by the integration tests: running the binary, listing an output folder and
//! reading back the CSV, JSON and PDF text it wrote. Each test binary uses only some of it.

#![allow(dead_code)]
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The `egready` binary built for these tests.
pub fn egready() -> Command {
    Command::cargo_bin("egready").unwrap()
}

/// Runs `cmd`, which must succeed; returns its standard error.
pub fn success_stderr(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().clone();
    String::from_utf8(out.stderr).unwrap()
}

/// Runs `cmd`, which must succeed; returns its standard output.
pub fn success_stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

/// `egready report FILE --format json`, which must succeed, parsed.
pub fn json_report(file: &str) -> Value {
    let out = egready()
        .args(["report", file, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The JSON report of `examples/{example}.json`.
pub fn example_report(example: &str) -> Value {
    json_report(&format!("examples/{example}.json"))
}

/// The names of the entries of `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The records of CSV text without a header row.
pub fn csv_cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// An output CSV as records (header first); checks the BOM and CRLF every output has.
pub fn records(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte-order mark");
    assert!(
        body.ends_with("\r\n"),
        "CRLF line ends in {}",
        path.display()
    );
    csv_cells(body)
}

/// The rows of an output CSV as column name -> value maps.
pub fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut all = records(path);
    let header = all.remove(0);
    all.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// Text without any whitespace: lopdf joins wrapped lines without a space, so a phrase that
/// wraps is compared by its characters in order.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}
