//! The questionnaire, completions and man commands through the real binary.

#![allow(clippy::unwrap_used)]

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

mod common;
use common::egready;

#[test]
fn list_shows_the_shipped_questionnaires_and_those_in_a_folder() {
    egready()
        .args([
            "questionnaire",
            "list",
            "--dir",
            "tests/fixtures/questionnaires",
        ])
        .assert()
        .success()
        .stdout(
            contains("egov-preconditions")
                .and(contains("quick-scan"))
                .and(contains("Mini questionnaire")),
        );
}

#[test]
fn list_points_at_invalid_files_in_a_folder() {
    egready()
        .args(["questionnaire", "list", "--dir", "tests/fixtures/invalid"])
        .assert()
        .success()
        .stdout(contains(
            "tests/fixtures/invalid/zero_weight.toml: not a valid questionnaire (see: egready \
             questionnaire validate tests/fixtures/invalid/zero_weight.toml)",
        ));
}

#[test]
fn show_lists_sections_questions_and_options() {
    egready()
        .args([
            "questionnaire",
            "show",
            "tests/fixtures/questionnaires/mini.toml",
        ])
        .assert()
        .success()
        .stdout(
            contains("Section 2 of 3: Section B (b, precondition, weight 2, 3 questions)")
                .and(contains("│ a1 "))
                .and(contains("│ A1? "))
                .and(contains("none: None (0)"))
                .and(contains("critical below 0.25"))
                .and(contains("0 to 100 people"))
                .and(contains("free text (not scored)")),
        );
}

#[test]
fn show_in_another_language_falls_back_to_the_default() {
    egready()
        .args([
            "questionnaire",
            "show",
            "tests/fixtures/questionnaires/mini.toml",
            "--lang",
            "fr",
        ])
        .assert()
        .success()
        .stdout(contains("none: Aucun (0)").and(contains("some: Some (2)")));
}

#[test]
fn completions_and_man_page() {
    egready()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("_egready()"));
    egready()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH egready"));
}

#[test]
fn bad_arguments_exit_with_2() {
    egready()
        .args(["report"])
        .assert()
        .code(2)
        .stderr(contains("required"));
}
