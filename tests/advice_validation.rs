//! Validation of advice rules and cases: each fixture breaks one thing in
//! `advice_valid.toml`, and `questionnaire validate` names it with its line and rule.
#![allow(clippy::unwrap_used)]

mod common;
use common::egready;

const DIR: &str = "tests/fixtures/questionnaires";

/// Runs `egready questionnaire validate` on a fixture; returns exit code and stderr.
fn validate(fixture: &str) -> (i32, String) {
    let out = egready()
        .args(["questionnaire", "validate", &format!("{DIR}/{fixture}")])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The one-problem message `validate` prints for a fixture.
fn one_problem(fixture: &str, problem: &str) -> String {
    format!(
        "error: {DIR}/{fixture} is not a valid questionnaire (1 problem):\n  {DIR}/{fixture}:{problem}\n"
    )
}

#[test]
fn the_base_fixture_is_valid() {
    assert_eq!(validate("advice_valid.toml"), (0, String::new()));
}

#[test]
fn an_unknown_pathway_is_named_with_the_known_ones() {
    let f = "advice_unknown_pathway.toml";
    let expected = one_problem(
        f,
        "29: recommendations[0].pathway (train): unknown pathway \"curricula\"; expected one \
         of: centre_of_excellence, training_abroad_with_return, curricula_and_training, \
         mentoring_framework, lead_institution, coordination_body, donor_coordination, \
         legal_framework, knowledge_retention, private_sector_capacity, diaspora_engagement, \
         regional_cooperation, sustain_and_share",
    );
    assert_eq!(validate(f), (3, expected));
}

#[test]
fn an_unknown_section_in_a_condition_is_named_with_the_known_ones() {
    let f = "advice_unknown_section.toml";
    let expected = one_problem(
        f,
        "32: recommendations[0].when (train): the condition refers to section \
         \"expertise\", which does not exist; sections: local_expertise",
    );
    assert_eq!(validate(f), (3, expected));
}

#[test]
fn an_unknown_question_in_a_condition_is_named() {
    let f = "advice_unknown_question.toml";
    let expected = one_problem(
        f,
        "32: recommendations[0].when (train): the condition refers to question \"skill\", \
         which does not exist",
    );
    assert_eq!(validate(f), (3, expected));
}

#[test]
fn an_unknown_case_is_named() {
    let f = "advice_unknown_case.toml";
    let expected = one_problem(
        f,
        "36: recommendations[0].examples (train): `examples` names case \"b_case\", which \
         is not defined in [[cases]]",
    );
    assert_eq!(validate(f), (3, expected));
}

#[test]
fn a_rule_without_actions_is_refused() {
    let f = "advice_empty_actions.toml";
    let expected = one_problem(
        f,
        "35: recommendations[0].actions (train): `actions` is empty in the default \
         language \"en\"",
    );
    assert_eq!(validate(f), (3, expected));
}

#[test]
fn a_blank_action_is_refused() {
    let f = "advice_empty_action.toml";
    let expected = one_problem(
        f,
        "35: recommendations[0].actions (train): action 2 in \"en\" is empty",
    );
    assert_eq!(validate(f), (3, expected));
}
