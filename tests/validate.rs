//! One fixture per validation rule: `egready questionnaire validate` names the file, the line,
//! the place and what was expected, and exits with code 3.

#![allow(clippy::unwrap_used)]

mod common;
use common::egready;

/// (fixture in tests/fixtures/invalid, the problems reported after "FILE").
const CASES: &[(&str, &[&str])] = &[
    (
        "all_scores_zero",
        &[
            ":19: sections[0].questions[0].options (a1): every option scores 0, so the question cannot be scored",
        ],
    ),
    (
        "bad_id",
        &[
            ":100: sections[2].questions[0].id: id \"C 1\" must start with a lowercase letter or digit and use only lowercase letters, digits, '_' and '-'",
        ],
    ),
    (
        "bands_not_ascending",
        &[
            ":42: sections[0].questions[2].bands[2] (a3): bands must ascend: from = 10 is not above the previous band's 50",
        ],
    ),
    (
        "binary",
        &[":1: the file is not UTF-8 text (invalid byte at offset 0); save it as UTF-8"],
    ),
    (
        "duplicate_key",
        &[":28: duplicate key `type`: each key may appear once in a table"],
    ),
    (
        "duplicate_question_id",
        &[
            ":78: sections[1].questions[1].id: duplicate question id \"b1\" (first used at sections[1].questions[0])",
        ],
    ),
    ("empty", &[": the file is empty"]),
    (
        "exclusive_on_single",
        &[
            ":20: sections[0].questions[0].options[0].exclusive (a1.none): `exclusive` applies only to options of a `multi` question",
        ],
    ),
    (
        "first_band_not_min",
        &[
            ":42: sections[0].questions[2].bands[0] (a3): the first band must start at `min` (0), found from = 5",
        ],
    ),
    (
        "first_stage_not_zero",
        &[":11: stages[0].min (low): the first stage must start at min = 0, found 5"],
    ),
    (
        "forward_reference",
        &[
            ":49: sections[0].questions[3].relevant_if (a4): the condition refers to question \"b1\", which does not come earlier; a condition may only look back",
        ],
    ),
    (
        "missing_default_language",
        &[
            ":68: sections[1].questions[0].text (b1): `text` has no text in the default language \"en\"",
        ],
    ),
    (
        "negative_score",
        &[
            ":21: sections[0].questions[0].options[1].score (a1.some): `score` must not be negative, found -2",
        ],
    ),
    (
        "negative_section_weight",
        &[":62: sections[1].weight (b): `weight` must be greater than 0, found -1"],
    ),
    (
        "number_without_range",
        &[":36: sections[0].questions[2] (a3): a `number` question needs `min` and `max`"],
    ),
    (
        "partially_met_above_met",
        &[":11: scoring.partially_met: `partially_met` (70) must not be above `met` (50)"],
    ),
    (
        "reserved_option_id",
        &[
            ":33: sections[0].questions[1].options[3].id (a2.dont_know): option id \"dont_know\" is reserved: the tool offers it itself",
        ],
    ),
    (
        "section_condition_in_relevance",
        &[
            ":102: sections[2].questions[0].relevant_if (c1): a condition must have exactly one of these forms: question + any_of, question + at_least, all, any, not; found keys: section, below",
        ],
    ),
    (
        "several_problems",
        &[
            ":28: sections[0].questions[1]: unknown field `wieght` (a typo?)",
            ":21: sections[0].questions[0].options[1].score (a1.some): `score` must not be negative, found -2",
            ":81: sections[1].questions[1].weight (b2): `weight` must be greater than 0, found 0",
        ],
    ),
    (
        "single_without_options",
        &[
            ":99: sections[2].questions[0] (c1): a `single` question needs at least two [[sections.questions.options]], found 0",
        ],
    ),
    (
        "stages_not_ascending",
        &[
            ":21: stages[2].min (developing): stage thresholds must ascend: min = 40 is not above the previous stage's 50",
        ],
    ),
    (
        "toml_syntax_error",
        &[":65: missing key for inline table element, expected `,`, in: [[sections.questions]]"],
    ),
    (
        "unknown_cap_stage",
        &[
            ":10: scoring.cap_if_not_met: `cap_if_not_met` names stage \"beginner\", which is not defined; stages: nascent, emerging, developing, established, leading",
        ],
    ),
    (
        "unknown_field",
        &[":28: sections[0].questions[1]: unknown field `wieght` (a typo?)"],
    ),
    (
        "unknown_language",
        &[
            ":68: sections[1].questions[0].text (b1): `text` has language \"pt\", which is not in `languages` (en, fr)",
        ],
    ),
    (
        "unknown_option_in_condition",
        &[
            ":49: sections[0].questions[3].relevant_if (a4): question \"a1\" has no option \"sometimes\"; expected one of: none, some, full (or dont_know, not_applicable)",
        ],
    ),
    (
        "unknown_question_reference",
        &[
            ":49: sections[0].questions[3].relevant_if (a4): the condition refers to question \"a9\", which does not exist",
        ],
    ),
    (
        "unknown_question_type",
        &[
            ":92: unknown variant `essay`, expected one of `single`, `multi`, `number`, `text`, in: type = \"essay\"",
        ],
    ),
    (
        "unsupported_schema",
        &[":3: schema: schema 2 is not supported; this version of egready reads schema 1"],
    ),
    (
        "wrong_type",
        &[":17: invalid type: string \"low\", expected a number, in: critical_below = \"low\""],
    ),
    (
        "zero_weight",
        &[":80: sections[1].questions[1].weight (b2): `weight` must be greater than 0, found 0"],
    ),
];

#[test]
fn every_invalid_fixture_reports_its_problems_exactly() {
    for (name, problems) in CASES {
        let file = format!("tests/fixtures/invalid/{name}.toml");
        let n = problems.len();
        let mut expected = format!(
            "error: {file} is not a valid questionnaire ({n} problem{}):\n",
            if n == 1 { "" } else { "s" }
        );
        for p in *problems {
            expected.push_str(&format!("  {file}{p}\n"));
        }
        egready()
            .args(["questionnaire", "validate", &file])
            .assert()
            .code(3)
            .stdout("")
            .stderr(expected);
    }
}

#[test]
fn every_fixture_is_covered() {
    let on_disk = std::fs::read_dir("tests/fixtures/invalid").unwrap().count();
    assert_eq!(on_disk, CASES.len());
}

#[test]
fn valid_files_pass_and_say_what_they_hold() {
    egready()
        .args([
            "questionnaire",
            "validate",
            "tests/fixtures/questionnaires/mini.toml",
            "quick-scan",
        ])
        .assert()
        .success()
        .stdout(
            "tests/fixtures/questionnaires/mini.toml: valid (mini 1.0.0: 3 sections, 8 questions, \
             0 recommendations, 0 cases)\nquick-scan: valid (quick-scan 1.0.0: 4 sections, 11 \
             questions, 11 recommendations, 7 cases)\n",
        );
}

#[test]
fn a_mix_of_valid_and_invalid_files_fails_and_reports_each_invalid_one() {
    let out = egready()
        .args([
            "questionnaire",
            "validate",
            "tests/fixtures/invalid/empty.toml",
            "tests/fixtures/questionnaires/mini.toml",
            "tests/fixtures/invalid/zero_weight.toml",
        ])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("empty.toml: the file is empty"), "{stderr}");
    assert!(
        stderr.contains("zero_weight.toml:80: sections[1].questions[1].weight (b2)"),
        "{stderr}"
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("mini.toml: valid")
    );
}
