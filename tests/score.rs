//! `egready template` and `egready score` through the real binary, as a consultant uses
//! them: fill the template, score files from Excel in any locale, read every message about
//! a bad cell, and open the CSV outputs. Fixtures are in `tests/fixtures/batch/` (the
//! encoded ones and the workbook are made by `make_fixtures.py` there).

#![allow(clippy::unwrap_used)]

use std::path::Path;

use serde_json::Value;

mod common;
use common::{egready, example_report, files_in, records, rows};

const BATCH: &str = "tests/fixtures/batch";
const MINI: &str = "tests/fixtures/questionnaires/mini.toml";
const EXAMPLES: [&str; 4] = ["velmora", "oruna", "tavola", "kalindra"];
const SECTIONS: [&str; 4] = [
    "local_expertise",
    "institutions",
    "legislation",
    "capacity_building",
];

/// Runs `egready score` with `args`; returns (exit code, stdout, stderr).
fn score(args: &[&str]) -> (i32, String, String) {
    let out = egready().arg("score").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixture(name: &str) -> String {
    format!("{BATCH}/{name}")
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `small.csv` scored with the mini questionnaire and grouped by country, into `out`.
fn score_small_by_country(out: &Path) -> (i32, String, String) {
    score(&[
        &fixture("small.csv"),
        "-q",
        MINI,
        "--group-by",
        "country",
        "--out",
        path_str(out),
    ])
}

/// A score as the CSV outputs show it: one decimal, half away from zero.
fn one_decimal(v: &Value) -> String {
    v.as_f64()
        .map_or_else(String::new, |x| format!("{:.1}", (x * 10.0).round() / 10.0))
}

/// Checks a scores.csv row against `egready report --format json` for the same answers.
fn assert_same_as_report(row: &std::collections::HashMap<String, String>, report: &Value) {
    let id = &row["id"];
    assert_eq!(
        row["readiness_index"],
        one_decimal(&report["readiness_index"]),
        "{id}"
    );
    assert_eq!(row["stage"], report["stage"].as_str().unwrap(), "{id}");
    assert_eq!(
        row["stage_uncapped"],
        report["stage_uncapped"].as_str().unwrap()
    );
    let binding: Vec<&str> = report["binding_preconditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(row["binding_preconditions"], binding.join(";"), "{id}");
    // completeness is a percentage in scores.csv, a fraction in the JSON report.
    let completeness = report["completeness"].as_f64().unwrap() * 100.0;
    assert_eq!(row["completeness"], format!("{completeness:.1}"), "{id}");
    let sections = report["sections"].as_array().unwrap();
    assert_eq!(sections.len(), SECTIONS.len());
    for s in sections {
        let sid = s["id"].as_str().unwrap();
        assert_eq!(
            row[&format!("{sid}_score")],
            one_decimal(&s["score"]),
            "{id} {sid}"
        );
        let status = s["status"].as_str().unwrap_or_default();
        assert_eq!(row[&format!("{sid}_status")], status, "{id} {sid}");
    }
}

// ---- The template and the encodings a consultant meets ----

#[test]
fn the_filled_template_scores_like_report() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.csv");
    egready()
        .args(["template", "--out", path_str(&template)])
        .assert()
        .success();
    let header = records(&template).remove(0);
    let filled = dir.path().join("filled.csv");
    let mut w = csv::Writer::from_path(&filled).unwrap();
    w.write_record(&header).unwrap();
    for name in EXAMPLES {
        let file: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("examples/{name}.json")).unwrap(),
        )
        .unwrap();
        let cell = |column: &str| -> String {
            match column {
                "id" | "country" | "organisation" | "role" | "date" => file["respondent"][column]
                    .as_str()
                    .unwrap_or_default()
                    .into(),
                "respondent" => file["respondent"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .into(),
                question => match &file["answers"][question]["value"] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Array(v) => v
                        .iter()
                        .map(|x| x.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("|"),
                    other => panic!("unexpected answer {other}"),
                },
            }
        };
        w.write_record(header.iter().map(|c| cell(c))).unwrap();
    }
    w.flush().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = score(&[path_str(&filled), "--out", path_str(&out)]);
    assert_eq!(code, 0, "{stderr}");
    let scored = rows(&out.join("scores.csv"));
    assert_eq!(scored.len(), EXAMPLES.len());
    for (row, name) in scored.iter().zip(EXAMPLES) {
        assert_same_as_report(row, &example_report(name));
    }
}

#[test]
fn windows_1252_with_semicolons_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = score(&[
        &fixture("latin1252.csv"),
        "--out",
        path_str(dir.path()),
        "--detail",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let mut lines = stderr.lines();
    assert_eq!(
        lines.next(),
        Some("read latin1252.csv as Windows-1252, delimiter ';'")
    );
    assert_eq!(
        lines.next(),
        Some(
            "note: latin1252.csv is not valid UTF-8 (first invalid byte at offset 766): \
             decoded as Windows-1252; pass --encoding to choose another encoding"
        )
    );
    let scored = rows(&dir.path().join("scores.csv"));
    let pick = |r: &std::collections::HashMap<String, String>| {
        ["id", "country", "organisation", "respondent"].map(|c| r[c].clone())
    };
    assert_eq!(
        pick(&scored[0]),
        [
            "stp-med",
            "STP",
            "Ministério da Economia Digital",
            "João Gonçalves"
        ]
    );
    // The country written as its English name, accents and all, is stored as alpha-3.
    assert_eq!(
        pick(&scored[1]),
        [
            "stp-anc",
            "STP",
            "Agência Nacional de Comunicações",
            "Inês Conceição"
        ]
    );
    // 16,5 is 16.5, in the same band as Tavola's 16: the scores are Tavola's.
    assert_same_as_report(&scored[0], &example_report("tavola"));
    let answers = rows(&dir.path().join("answers.csv"));
    let specialists = answers
        .iter()
        .find(|a| a["id"] == "stp-med" && a["question"] == "ic_lead_specialists")
        .unwrap();
    assert_eq!(specialists["answer"], "16.5");
}

#[test]
fn utf8_with_bom_and_utf16_with_bom() {
    for (file, read_as, id, organisation, example) in [
        (
            "bom.csv",
            "read bom.csv as UTF-8 (with BOM), delimiter ','",
            "velmora-bom",
            "Digital Transformation Agency",
            "velmora",
        ),
        (
            "utf16.csv",
            "read utf16.csv as UTF-16LE (with BOM), delimiter tab",
            "kalindra-u16",
            "Autorité numérique nationale",
            "kalindra",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (code, _, stderr) = score(&[&fixture(file), "--out", path_str(dir.path())]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stderr.lines().next(), Some(read_as));
        let scored = rows(&dir.path().join("scores.csv"));
        assert_eq!(scored.len(), 1);
        assert_eq!(scored[0]["id"], id);
        assert_eq!(scored[0]["organisation"], organisation);
        assert_same_as_report(&scored[0], &example_report(example));
    }
}

#[test]
fn an_excel_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = score(&[&fixture("survey.xlsx"), "--out", path_str(dir.path())]);
    assert_eq!(code, 5, "{stderr}");
    assert!(
        stderr.starts_with("read survey.xlsx, sheet 'Answers'\n"),
        "{stderr}"
    );
    assert!(stderr.contains(
        "survey.xlsx row 3, column le_diaspora: \"sometimes\" is not an option; expected one \
         of: none, informal, outreach, programme, integrated (or dont_know, na)\n"
    ));
    let scored = rows(&dir.path().join("scores.csv"));
    assert_eq!(scored.len(), 1);
    // A date cell comes out as YYYY-MM-DD, a number cell as a number.
    assert_eq!(scored[0]["date"], "2026-09-03");
    assert_eq!(scored[0]["source_row"], "2");
    assert_same_as_report(&scored[0], &example_report("oruna"));
}

// ---- Messages about bad input ----

#[test]
fn every_problem_is_named_with_file_row_column_value_and_expectation() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = score(&[&fixture("problems.csv"), "--out", path_str(dir.path())]);
    assert_eq!(code, 5, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "read problems.csv as UTF-8, delimiter ','");
    // A typo in a question id must not pass silently; missing questions are unanswered.
    assert_eq!(
        lines[1],
        "warning: problems.csv: column not in the questionnaire: lg_data_protectoin (did you \
         mean lg_data_protection?)"
    );
    assert!(
        lines[2].starts_with(
            "warning: problems.csv: no column for 36 questions of 40: le_civil_service_skills, \
             le_senior_leadership, le_private_sector, le_civil_service_training, "
        ),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(", cb_notes (counted as unanswered)"));
    let expected = [
        "problems.csv row 3, column le_university_curricula: \"sometimes\" is not an option; \
         expected one of: none, general_ict, elective, degree_programme, research_centre (or \
         dont_know)",
        "problems.csv row 4, column ic_lead_specialists: \"6000\" is out of range; expected a \
         number from 0 to 5000",
        "problems.csv row 5, column country: \"Atlantis\" is not a country; expected an ISO \
         3166-1 alpha-3 or alpha-2 code or an English name",
        "problems.csv row 6, column date: \"27/11/2026\" is not a date; expected YYYY-MM-DD",
        "problems.csv row 7, column id: the id is empty; every row needs a unique id",
        "problems.csv row 8, column id: duplicate id \"ok-1\" (first used in row 2)",
        "problems.csv row 9, column lg_paper_requirements: \"none_of_these\" excludes every \
         other choice, but 2 were chosen",
        "problems.csv row 10: 10 cells, but the header has 9 columns; a value that holds the \
         delimiter must be in quotes",
    ];
    assert_eq!(lines[3..3 + expected.len()], expected);
    assert_eq!(
        lines[3 + expected.len()..],
        [
            &format!("wrote {}", dir.path().join("scores.csv").display()),
            &format!("wrote {}", dir.path().join("errors.csv").display()),
            "2 rows scored, 8 rejected",
        ]
    );
    // errors.csv holds the same, one problem per line, in columns.
    let errors = records(&dir.path().join("errors.csv"));
    assert_eq!(errors[0], ["file", "row", "column", "value", "message"]);
    let cells: Vec<[&str; 4]> = errors[1..]
        .iter()
        .map(|r| [&r[0], &r[1], &r[2], &r[3]].map(String::as_str))
        .collect();
    assert_eq!(
        cells,
        [
            ["problems.csv", "3", "le_university_curricula", "sometimes"],
            ["problems.csv", "4", "ic_lead_specialists", "6000"],
            ["problems.csv", "5", "country", "Atlantis"],
            ["problems.csv", "6", "date", "27/11/2026"],
            ["problems.csv", "7", "id", ""],
            ["problems.csv", "8", "id", "ok-1"],
            [
                "problems.csv",
                "9",
                "lg_paper_requirements",
                "none_of_these|electronic_payment"
            ],
            ["problems.csv", "10", "", ""],
        ]
    );
    for (line, record) in expected.iter().zip(&errors[1..]) {
        assert!(line.ends_with(&format!(": {}", record[4])), "{line}");
    }
    // The good rows are scored; a label in any case and a decimal comma in quotes are fine.
    let ids: Vec<String> = rows(&dir.path().join("scores.csv"))
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(ids, ["ok-1", "ok-2"]);
}

#[test]
fn a_file_without_an_id_column_is_unusable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = score(&[&fixture("no_id.csv"), "-q", MINI, "--out", path_str(&out)]);
    assert_eq!(code, 6);
    assert!(stderr.ends_with(
        "error: no_id.csv has no `id` column; the first row must be the header, with a column \
         `id` that names each row\n"
    ));
    assert!(!out.exists());
}

#[test]
fn fifty_problems_are_printed_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.csv");
    let mut text = String::from("id,a1\n");
    for n in 0..60 {
        text.push_str(&format!("r{n},often\n"));
    }
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = score(&[path_str(&input), "-q", MINI, "--out", path_str(&out)]);
    assert_eq!(code, 5);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("many.csv row "))
        .collect();
    assert_eq!(problems.len(), 50);
    assert_eq!(
        problems[49],
        "many.csv row 51, column a1: \"often\" is not an option; expected one of: none, some, \
         full (or dont_know)"
    );
    assert!(stderr.contains("\n... and 10 more problems (all are in errors.csv)\n"));
    assert_eq!(records(&out.join("errors.csv")).len(), 61);
}

#[test]
fn strict_fails_on_any_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A folder the run creates is removed again.
    let out = dir.path().join("reports/small");
    let args = [
        &fixture("small.csv"),
        "-q",
        MINI,
        "--group-by",
        "country",
        "--detail",
    ];
    let (code, _, stderr) = score(&[&args[..], &["--strict", "--out", path_str(&out)]].concat());
    assert_eq!(code, 6);
    assert!(stderr.ends_with("error: 4 problems found; with --strict no output is written\n"));
    assert!(!out.exists());
    // A folder that was there stays, empty: no outputs, no temporary files.
    let existing = dir.path().join("existing");
    std::fs::create_dir(&existing).unwrap();
    let (code, _, _) = score(&[&args[..], &["--strict", "--out", path_str(&existing)]].concat());
    assert_ne!(code, 0);
    assert!(files_in(&existing).is_empty());
    // Missing question columns are errors under --strict.
    let (code, _, stderr) = score(&[
        &fixture("injection.csv"),
        "-q",
        MINI,
        "--strict",
        "--out",
        path_str(&existing),
    ]);
    assert_eq!(code, 6);
    assert!(stderr.contains(
        "error: injection.csv: no column for 6 questions of 8: a2, a3, a4, b2, b3, c1; with \
         --strict every column must be a question of the questionnaire and every question \
         needs a column\n"
    ));
    assert!(files_in(&existing).is_empty());
}

// ---- Outputs ----

#[test]
fn text_from_the_input_cannot_become_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = score(&[
        &fixture("injection.csv"),
        "-q",
        MINI,
        "--out",
        path_str(dir.path()),
    ]);
    assert_eq!(code, 5);
    let scored = rows(&dir.path().join("scores.csv"));
    let text: Vec<[String; 2]> = scored
        .iter()
        .map(|r| [r["id"].clone(), r["organisation"].clone()])
        .collect();
    assert_eq!(
        text,
        [
            ["'=1+1", "'+cmd"],
            ["'+44 20 7946 0000", "'-Ministry"],
            ["'-3", "'@SUM(A1)"],
            // The tab was trimmed with the other surrounding white space.
            ["'@user", "tabbed"],
        ]
    );
    // Score columns are numbers, never prefixed.
    let index: Vec<&str> = scored
        .iter()
        .map(|r| r["readiness_index"].as_str())
        .collect();
    assert_eq!(index, ["100.0", "50.0", "0.0", "100.0"]);
    let errors = records(&dir.path().join("errors.csv"));
    assert_eq!(errors[1][3], "'=HYPERLINK(\"http://x\")");
    assert!(errors[1][4].starts_with("\"=HYPERLINK"));
    // JSON is not opened by a spreadsheet: it carries the text as it was.
    let (_, stdout, _) = score(&[
        &fixture("injection.csv"),
        "-q",
        MINI,
        "--out",
        path_str(dir.path()),
        "-f",
        "json",
    ]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json[0]["id"], "=1+1");
    assert_eq!(json[2]["organisation"], "@SUM(A1)");
}

#[test]
fn groups_by_country_computed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = score_small_by_country(dir.path());
    assert_eq!(code, 5, "{stderr}");
    let groups = rows(&dir.path().join("groups.csv"));
    let columns = [
        "country",
        "n",
        "index_mean",
        "index_min",
        "index_max",
        "index_sd",
        "stage",
        "binding_preconditions",
        "a_mean",
        "a_status",
        "b_mean",
        "b_status",
        "c_mean",
    ];
    let got: Vec<Vec<&str>> = groups
        .iter()
        .map(|g| columns.iter().map(|c| g[*c].as_str()).collect())
        .collect();
    // MUS, MU and Mauritius are one group. Indexes (weights a 1, b 2, c 1):
    //   g1 (87.5 + 2 * 100 + 100) / 4 = 96.875; g2 = 50; g3 (0 + 2 * 0) / 3 = 0 (c not relevant)
    //   mean 146.875 / 3 = 48.96; sample sd = 48.45
    // Mean sections: a (87.5 + 50 + 0) / 3 = 45.8 and b 50.0, both partially met (40 to 60);
    // c (100 + 50) / 2 = 75.0. Index from the means: (45.83 + 100 + 75) / 4 = 55.2,
    // developing, and a partially met precondition caps at developing.
    // RWA: g4 alone (g5 was rejected): no sd.
    assert_eq!(
        got,
        [
            vec![
                "MUS",
                "3",
                "49.0",
                "0.0",
                "96.9",
                "48.4",
                "developing",
                "a;b",
                "45.8",
                "partially_met",
                "50.0",
                "partially_met",
                "75.0"
            ],
            vec![
                "RWA", "1", "96.9", "96.9", "96.9", "", "leading", "", "87.5", "met", "100.0",
                "met", "100.0"
            ],
        ]
    );
}

#[test]
fn csv_and_json_on_stdout_for_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        &fixture("small.csv"),
        "-q",
        MINI,
        "--out",
        path_str(dir.path()),
    ];
    let (code, csv_out, _) = score(&[&args[..], &["-f", "csv"]].concat());
    assert_eq!(code, 5);
    // The same as scores.csv, without the byte-order mark that is only for Excel.
    let file = std::fs::read_to_string(dir.path().join("scores.csv")).unwrap();
    assert_eq!(csv_out, file.trim_start_matches('\u{feff}'));
    let (code, json_out, _) = score(&[&args[..], &["-f", "json"]].concat());
    assert_eq!(code, 5);
    let json: Value = serde_json::from_str(&json_out).unwrap();
    let first = &json[0];
    assert_eq!(first["id"], "g1");
    assert_eq!(first["readiness_index"], 96.9);
    assert_eq!(first["a_score"], 87.5);
    assert_eq!(first["completeness"], 100.0);
    assert_eq!(first["source_row"], 2);
    assert_eq!(first["c_status"], Value::Null);
    assert_eq!(json.as_array().unwrap().len(), 4);
    // Keys keep the order of the scores.csv columns (serde_json's Value would sort them).
    let line = json_out.lines().nth(1).unwrap();
    let header = records(&dir.path().join("scores.csv")).remove(0);
    let at: Vec<usize> = header
        .iter()
        .map(|k| line.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.is_sorted(), "{line}");
}

#[test]
fn the_csv_outputs_of_a_small_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = score_small_by_country(dir.path());
    assert_eq!(code, 5);
    for name in ["scores", "groups", "errors"] {
        let path = dir.path().join(format!("{name}.csv"));
        // Checked above: the byte-order mark and CRLF; the snapshot shows the content.
        records(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        insta::assert_snapshot!(format!("small_{name}"), text);
    }
}

#[cfg(unix)]
#[test]
fn a_progress_bar_on_a_terminal_and_nothing_in_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    // 1,000 rows with a long note: 9 MB, above the 8 MiB from which a bar is drawn.
    let note = "x".repeat(9000);
    let mut text = String::from("id,a1,b3\n");
    for n in 0..1000 {
        text.push_str(&format!("r{n},some,{note}\n"));
    }
    std::fs::write(&big, text).unwrap();
    let out = dir.path().join("out");
    let args = [path_str(&big), "-q", MINI, "--out", path_str(&out)];
    let (code, _, stderr) = score(&args);
    assert_eq!(code, 0);
    assert!(!stderr.contains("scoring big.csv"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_egready"));
    cmd.arg("score").args(args);
    let mut p = expectrl::Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(std::time::Duration::from_secs(120)));
    p.expect("scoring big.csv").unwrap();
    p.expect("1,000 rows scored, 0 rejected").unwrap();
}

/// Rows are scored on several threads in chunks; what comes out must be what scoring them
/// one by one gives: every row in input order, duplicate ids found across chunks and files,
/// and each rejected row's problems in order.
#[test]
fn thousands_of_rows_keep_their_order_and_duplicates_across_chunks_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let options = ["none", "some", "full"];
    let mut expected_ids = Vec::new();
    let mut expected_errors = Vec::new();
    let mut first_seen = std::collections::HashMap::new();
    let mut inputs = Vec::new();
    for (f, name) in ["first.csv", "second.csv"].iter().enumerate() {
        let mut text = String::from("id,a1\n");
        for n in 0..1500 {
            let row = n + 2; // the header is row 1
            let unique = format!("r{f}-{n}");
            // Every 250th row reuses an id from far back: another chunk, or the other file.
            let id = match n % 250 {
                0 if n > 0 => format!("r{}-{}", (f + 1) % 2, n - 1),
                _ => unique,
            };
            let bad = n % 97 == 5;
            let answer = if bad { "often" } else { options[n % 3] };
            text.push_str(&format!("{id},{answer}\n"));
            let mut problems = Vec::new();
            match first_seen.get(&id) {
                Some((ff, fr)) => {
                    let place = if *ff == f {
                        format!("row {fr}")
                    } else {
                        format!("{} row {fr}", ["first.csv", "second.csv"][*ff])
                    };
                    problems.push((
                        "id".to_string(),
                        format!("duplicate id \"{id}\" (first used in {place})"),
                    ));
                }
                None => {
                    first_seen.insert(id.clone(), (f, row));
                }
            }
            if bad {
                problems.push((
                    "a1".to_string(),
                    "\"often\" is not an option; expected one of: none, some, full (or dont_know)"
                        .to_string(),
                ));
            }
            if problems.is_empty() {
                expected_ids.push((id, name.to_string(), row.to_string()));
            }
            for (column, message) in problems {
                expected_errors.push(vec![name.to_string(), row.to_string(), column, message]);
            }
        }
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        inputs.push(path);
    }
    // Both files into `out`, with `more` arguments; some rows are rejected.
    let score_both = |out: &Path, more: &[&str]| {
        let mut args = vec![
            path_str(&inputs[0]),
            path_str(&inputs[1]),
            "-q",
            MINI,
            "--out",
            path_str(out),
            "--detail",
        ];
        args.extend_from_slice(more);
        let (code, _, _) = score(&args);
        assert_eq!(code, 5);
    };
    // An id reused from the second file while reading the first is not a duplicate yet.
    let out = dir.path().join("out");
    score_both(&out, &[]);
    let got: Vec<(String, String, String)> = rows(&out.join("scores.csv"))
        .into_iter()
        .map(|r| {
            (
                r["id"].clone(),
                r["source_file"].clone(),
                r["source_row"].clone(),
            )
        })
        .collect();
    assert_eq!(got.len(), expected_ids.len());
    assert_eq!(got, expected_ids);
    let errors: Vec<Vec<String>> = records(&out.join("errors.csv"))
        .into_iter()
        .skip(1)
        .map(|r| {
            let file = Path::new(&r[0]).file_name().unwrap().to_string_lossy();
            vec![file.into_owned(), r[1].clone(), r[2].clone(), r[4].clone()]
        })
        .collect();
    assert_eq!(errors, expected_errors);
    // answers.csv: each scored row's answers, in the same order.
    let answer_ids: Vec<String> = rows(&out.join("answers.csv"))
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    let per_row = answer_ids.len() / expected_ids.len();
    assert_eq!(answer_ids.len(), per_row * expected_ids.len());
    for (n, (id, _, _)) in expected_ids.iter().enumerate() {
        assert!(
            answer_ids[n * per_row..(n + 1) * per_row]
                .iter()
                .all(|a| a == id)
        );
    }
    // Scoring every chunk on the reading thread (one thread), or with more workers than
    // cores, writes the same bytes.
    for threads in ["1", "4"] {
        let again = dir.path().join(format!("out-{threads}"));
        score_both(&again, &["--threads", threads]);
        for file in [
            "scores.csv",
            "answers.csv",
            "recommendations.csv",
            "errors.csv",
        ] {
            let (a, b) = (out.join(file), again.join(file));
            assert!(
                std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
                "{file} differs with --threads {threads}"
            );
        }
    }
}

#[test]
fn threads_must_be_at_least_one() {
    let (code, _, err) = score(&["in.csv", "--threads", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--threads"), "{err}");
}
