//! `egready report` through the real binary: the table and JSON for every example, and a
//! precise message and exit code for every kind of bad answers file.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

mod common;
use common::{egready, json_report};

#[test]
fn the_table_of_each_example() {
    for name in ["velmora", "oruna", "tavola", "kalindra"] {
        let out = egready()
            .args(["report", &format!("examples/{name}.json")])
            .assert()
            .success()
            .get_output()
            .clone();
        insta::assert_snapshot!(
            format!("table_{name}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}

#[test]
fn json_has_the_documented_keys_with_unrounded_values() {
    let v = json_report("examples/velmora.json");
    for key in [
        "readiness_index",
        "stage",
        "stage_uncapped",
        "binding_preconditions",
        "completeness",
        "sections",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["stage"], "emerging");
    assert_eq!(v["stage_uncapped"], "established");
    assert_eq!(
        v["binding_preconditions"],
        serde_json::json!(["legislation"])
    );
    assert_eq!(
        v["capped_because"],
        "The stage is capped at Emerging because Legislative support is not met."
    );
    let index = v["readiness_index"].as_f64().unwrap();
    assert!((index - 61.84).abs() < 0.01, "{index}");
    assert_ne!(
        index,
        (index * 10.0).round() / 10.0,
        "JSON carries unrounded values"
    );
    let sections = v["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 4);
    for s in sections {
        for key in [
            "id",
            "score",
            "status",
            "completeness",
            "precondition",
            "critical_failures",
        ] {
            assert!(s.get(key).is_some(), "section missing {key}");
        }
    }
    assert_eq!(sections[3]["status"], Value::Null, "not a precondition");
    assert_eq!(sections[2]["status"], "not_met");
}

#[test]
fn a_failed_critical_question_is_listed() {
    let v = json_report("examples/oruna.json");
    let legislation = &v["sections"][2];
    assert_eq!(
        legislation["critical_failures"],
        serde_json::json!(["lg_e_transactions"])
    );
    assert_eq!(v["stage"], "nascent");
}

#[test]
fn a_strong_country_reaches_the_top_stage() {
    let v = json_report("examples/kalindra.json");
    assert_eq!(v["stage"], "leading");
    assert_eq!(v["binding_preconditions"], serde_json::json!([]));
}

#[test]
fn an_explicit_questionnaire_must_match_the_answers() {
    egready()
        .args([
            "report",
            "examples/tavola.json",
            "--questionnaire",
            "quick-scan",
        ])
        .assert()
        .code(4)
        .stderr(
            "error: examples/tavola.json does not match the questionnaire (1 problem):\n  \
             examples/tavola.json: the answers are for questionnaire \"egov-preconditions\", but \
             \"quick-scan\" was loaded; pass --questionnaire egov-preconditions\n",
        );
}

/// (fixture in tests/fixtures/answers, exit code, the whole of standard error).
const BAD: &[(&str, i32, &str)] = &[
    (
        "bad_country",
        4,
        "respondent.country: \"XYZ1\" is not an ISO 3166-1 alpha-3 country code (e.g. MUS, RWA, FJI)",
    ),
    (
        "bad_date",
        4,
        "respondent.date: \"27/11/2026\" is not a date of the form YYYY-MM-DD",
    ),
    (
        "bad_option",
        4,
        "answers.le_civil_service_skills: \"sometimes\" is not an option; expected one of: none, isolated, core_team, most_agencies, systematic (or dont_know)",
    ),
    (
        "number_out_of_range",
        4,
        "answers.ic_lead_specialists: 100000 is out of range; expected a number from 0 to 5000",
    ),
    (
        "other_version",
        4,
        "the answers are for egov-preconditions version 0.9.0, but the questionnaire loaded is version 1.0.0; pass --questionnaire with the file of version 0.9.0",
    ),
    (
        "unknown_question",
        4,
        "answers.le_typo_question: unknown question \"le_typo_question\" (not in egov-preconditions 1.0.0)",
    ),
    (
        "wrong_shape",
        4,
        "answers.le_senior_leadership: a `single` question needs an option id as a string, found a list",
    ),
];

#[test]
fn each_bad_answers_file_gets_its_own_message() {
    for (name, code, problem) in BAD {
        let file = format!("tests/fixtures/answers/{name}.json");
        let expected = format!(
            "error: {file} does not match the questionnaire (1 problem):\n  {file}: {problem}\n"
        );
        egready()
            .args(["report", &file])
            .assert()
            .code(*code)
            .stdout("")
            .stderr(expected);
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let file = "tests/fixtures/answers/several_problems.json";
    egready().args(["report", file]).assert().code(4).stderr(format!(
        "error: {file} does not match the questionnaire (3 problems):\n  \
         {file}: respondent.date: \"2026-13-01\" is not a date of the form YYYY-MM-DD\n  \
         {file}: answers.le_civil_service_skills: \"sometimes\" is not an option; expected one of: none, isolated, core_team, most_agencies, systematic (or dont_know)\n  \
         {file}: answers.le_typo_question: unknown question \"le_typo_question\" (not in egov-preconditions 1.0.0)\n"
    ));
}

#[test]
fn a_truncated_file_names_the_position() {
    egready().args(["report", "tests/fixtures/answers/truncated.json"]).assert().code(4).stderr(
        "error: tests/fixtures/answers/truncated.json:74:7: not a valid answers file: EOF while parsing a \
         string (the file ends too early: was it cut off while being written?)\n",
    );
}

#[test]
fn answers_for_an_unshipped_questionnaire_need_its_file() {
    egready().args(["report", "tests/fixtures/answers/other_questionnaire.json"]).assert().code(3).stderr(
        "error: tests/fixtures/answers/other_questionnaire.json: the answers are for questionnaire \
         \"my-own-survey\", which is not shipped with egready; pass its file with --questionnaire FILE\n",
    );
}

#[test]
fn a_missing_answers_file() {
    egready().args(["report", "nowhere.json"]).assert().code(4).stderr(
        "error: could not read answers file nowhere.json: No such file or directory (os error 2)\n",
    );
}

#[test]
fn an_unknown_questionnaire_id() {
    egready().args(["report", "examples/tavola.json", "-q", "egov"]).assert().code(3).stderr(
        "error: no questionnaire \"egov\": it is neither a shipped questionnaire (egov-preconditions, \
         quick-scan) nor a file\n",
    );
}
