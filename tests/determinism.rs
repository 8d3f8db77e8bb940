//! The same inputs give byte-identical outputs: every CSV file of `score` (with `--detail` and
//! `--group-by`), its CSV and JSON on standard output, and `report --format json`, whatever
//! the time zone, the locale, the working folder or how the input's path is written.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;

mod common;

const TINY: &str = "tests/fixtures/tiny.toml";
const OUTPUTS: [&str; 5] = [
    "scores.csv",
    "answers.csv",
    "recommendations.csv",
    "groups.csv",
    "errors.csv",
];

/// A batch of varied rows (every kind of answer, some rejected) for the tiny questionnaire.
fn batch(path: &Path) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "id,country,organisation,lead,staff,laws,diaspora,notes").unwrap();
    let leads = ["yes", "no", "dont_know", "", "Yes"];
    let laws = ["data", "signatures|data", "none", "", "dont_know"];
    let diaspora = ["yes", "no", "na", "dont_know", ""];
    for i in 0..1000 {
        let country = ["MUS", "Fiji", "rw", "QZZ", "Atlantis"][i % 5];
        writeln!(
            w,
            "r{i},{country},Org {},{},{},{},{},\"note, {i}\"",
            i % 7,
            leads[i % 5],
            (i * 37) % 600,
            laws[(i / 5) % 5],
            diaspora[(i / 25) % 5],
        )
        .unwrap();
    }
    w.flush().unwrap();
}

/// Runs `egready` in `cwd` with a time zone and locale of its own.
fn egready(cwd: &Path, tz: &str, lang: &str) -> Command {
    let mut cmd = common::egready();
    cmd.current_dir(cwd)
        .env("TZ", tz)
        .env("LANG", lang)
        .env("LC_ALL", lang);
    cmd
}

#[test]
fn score_outputs_are_byte_identical_run_after_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("batch.csv");
    batch(&input);
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join(TINY);
    let runs = [
        (dir.path().to_path_buf(), "batch.csv", "UTC", "C"),
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
            input.to_str().unwrap(),
            "Pacific/Kiritimati",
            "fr_FR.UTF-8",
        ),
    ];
    let mut files = Vec::new();
    let mut stdouts = Vec::new();
    for (n, (cwd, input, tz, lang)) in runs.iter().enumerate() {
        let out = dir.path().join(format!("out{n}"));
        egready(cwd, tz, lang)
            .args(["score", input, "-q", tiny.to_str().unwrap(), "--detail"])
            .args(["--group-by", "country", "--out", out.to_str().unwrap()])
            .assert()
            .code(5);
        let contents: Vec<Vec<u8>> = OUTPUTS
            .iter()
            .map(|f| std::fs::read(out.join(f)).unwrap())
            .collect();
        files.push(contents);
        let mut printed = Vec::new();
        for format in ["csv", "json"] {
            let o = egready(cwd, tz, lang)
                .args([
                    "score",
                    input,
                    "-q",
                    tiny.to_str().unwrap(),
                    "--format",
                    format,
                ])
                .args(["--out", dir.path().join(format!("p{n}")).to_str().unwrap()])
                .output()
                .unwrap();
            printed.push(o.stdout);
        }
        stdouts.push(printed);
    }
    for (i, name) in OUTPUTS.iter().enumerate() {
        // The tiny questionnaire has no recommendations: that file is its header alone (the
        // JSON report below covers the advice).
        assert!(files[0][i].len() > 40, "{name} is not empty");
        assert!(files[0][i] == files[1][i], "{name} differs between runs");
    }
    assert!(stdouts[0] == stdouts[1], "standard output differs");
}

#[test]
fn report_json_is_byte_identical_run_after_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let elsewhere = tempfile::tempdir().unwrap();
    for example in ["velmora", "oruna", "tavola", "kalindra"] {
        let file = root.join(format!("examples/{example}.json"));
        let outputs: Vec<Vec<u8>> = [
            (root, "UTC", "C"),
            (elsewhere.path(), "America/St_Johns", "de_DE.UTF-8"),
        ]
        .into_iter()
        .map(|(cwd, tz, lang)| {
            egready(cwd, tz, lang)
                .args(["report", file.to_str().unwrap(), "--format", "json"])
                .output()
                .unwrap()
                .stdout
        })
        .collect();
        assert!(outputs[0].len() > 1000, "{example}");
        assert!(outputs[0] == outputs[1], "{example}: the JSON differs");
    }
}
