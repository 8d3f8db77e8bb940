//! Answers files: `report`.

use super::{TINY, bad, run};

/// (fixture, exit code, the message; `{f}` stands for the file).
const ANSWERS: &[(&str, i32, &str)] = &[
    (
        "empty.json",
        4,
        "{f}:1:1: not a valid answers file: the file is empty",
    ),
    (
        "garbage.json",
        4,
        "{f}:1:1: not a valid answers file: the file is not UTF-8 text (invalid byte at offset \
         0); save it as UTF-8",
    ),
    (
        "latin1.json",
        4,
        "{f}:11:28: not a valid answers file: the file is not UTF-8 text (invalid byte at offset \
         202); save it as UTF-8",
    ),
    (
        "utf16_no_bom.json",
        4,
        "{f}:1:2: not a valid answers file: NUL bytes between the characters (first at offset \
         1): the file looks like UTF-16 text without a byte-order mark; save it as UTF-8",
    ),
    (
        "utf16_bom.json",
        4,
        "{f}:1:1: not a valid answers file: the file is UTF-16 text (it starts with a UTF-16 \
         byte-order mark); save it as UTF-8",
    ),
    (
        "nul_byte.json",
        4,
        "{f}:13:17: not a valid answers file: a NUL byte at offset 246: the file is not text; an \
         answers file is JSON text in UTF-8",
    ),
    (
        "truncated.json",
        4,
        "{f}:22:1: not a valid answers file: EOF while parsing an object (the file ends too \
         early: was it cut off while being written?)",
    ),
    (
        "top_level_array.json",
        4,
        "{f}:1:2: not a valid answers file: invalid length 0, expected an answers file: a JSON \
         object with questionnaire, status, respondent and answers",
    ),
    (
        "unknown_field.json",
        4,
        "{f}:7:9: not a valid answers file: unknown field `notes`, expected one of \
         `questionnaire`, `status`, `language`, `respondent`, `answers`",
    ),
    (
        "duplicate_field.json",
        4,
        "{f}:7:10: not a valid answers file: duplicate field `status`",
    ),
    (
        "duplicate_answer.json",
        4,
        "{f}:21:10: not a valid answers file: question \"lead\" is answered twice; keep one of \
         the two answers",
    ),
    (
        "object_value.json",
        4,
        "{f}:22:16: not a valid answers file: invalid type: map, expected an option id or text \
         (a string), a list of option ids, or a number",
    ),
    (
        "list_of_numbers.json",
        4,
        "{f}:25:17: not a valid answers file: invalid type: integer `1`, expected an option id \
         (a string) in the list",
    ),
    (
        "other_version.json",
        4,
        "{f} does not match the questionnaire (1 problem):\n  {f}: the answers are for tiny \
         version 0.9.0, but the questionnaire loaded is version 1.0.0; pass --questionnaire with \
         the file of version 0.9.0",
    ),
    (
        "other_questionnaire.json",
        4,
        "{f} does not match the questionnaire (1 problem):\n  {f}: the answers are for \
         questionnaire \"quick-scan\", but \"tiny\" was loaded; pass --questionnaire quick-scan",
    ),
    (
        "unknown_question.json",
        4,
        "{f} does not match the questionnaire (1 problem):\n  {f}: answers.laed: unknown \
         question \"laed\" (not in tiny 1.0.0)",
    ),
    (
        "not_an_option.json",
        4,
        "{f} does not match the questionnaire (1 problem):\n  {f}: answers.lead: \"maybe\" is \
         not an option; expected one of: no, yes (or dont_know)",
    ),
    (
        "number_out_of_range.json",
        4,
        "{f} does not match the questionnaire (1 problem):\n  {f}: answers.staff: 900 is out of \
         range; expected a number from 0 to 500",
    ),
    (
        "bad_country_and_date.json",
        4,
        "{f} does not match the questionnaire (2 problems):\n  {f}: respondent.country: \
         \"Atlantis\" is not an ISO 3166-1 alpha-3 country code (e.g. MUS, RWA, FJI)\n  {f}: \
         respondent.date: \"2026-02-30\" is not a date of the form YYYY-MM-DD",
    ),
];

#[test]
fn answers_files() {
    for (fixture, code, message) in ANSWERS {
        let file = bad(fixture);
        let r = run(&["report", &file, "--questionnaire", TINY]);
        let expected = format!("error: {}\n", message.replace("{f}", &file));
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (*code, expected.as_str()),
            "{fixture}"
        );
        assert_eq!(r.stdout, "", "{fixture}");
    }
}

#[test]
fn answers_for_a_questionnaire_that_is_not_shipped_name_the_file() {
    let file = bad("other_version.json");
    let r = run(&["report", &file]);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        format!(
            "error: {file}: the answers are for questionnaire \"tiny\", which is not shipped \
             with egready; pass its file with --questionnaire FILE\n"
        )
    );
}

#[test]
fn answers_files_that_are_too_large_too_long_missing_or_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(bad("not_an_option.json"))
        .unwrap()
        .replace("\"maybe\"", "\"yes\"");
    let big = dir.path().join("big.json");
    let padded = good.replace("\n}", &format!("{}}}", " ".repeat(17_000_000)));
    std::fs::write(&big, &padded).unwrap();
    let big = big.to_str().unwrap().to_string();
    let long = dir.path().join("long.json");
    std::fs::write(&long, good.replace("Decree 45/2019", &"x".repeat(10_001))).unwrap();
    let long = long.to_str().unwrap().to_string();
    let limit = "the limit for an answers file is 16777216 bytes (16 MiB)";
    let cases = [
        (
            big.as_str(),
            format!("{big} has {} bytes; {limit}", padded.len()),
        ),
        (
            "/dev/zero",
            format!("/dev/zero has more than 16777216 bytes; {limit}"),
        ),
        (
            long.as_str(),
            format!(
                "{long} does not match the questionnaire (1 problem):\n  {long}: \
                 answers.lead.comment: the comment is longer than the limit of 10000 characters"
            ),
        ),
        (
            "nowhere.json",
            "could not read answers file nowhere.json: No such file or directory (os error 2)"
                .to_string(),
        ),
        (
            "tests",
            "could not read answers file tests: Is a directory (os error 21)".to_string(),
        ),
    ];
    for (file, message) in cases {
        let r = run(&["report", file, "--questionnaire", TINY]);
        assert_eq!(r.code, 4, "{file}: {}", r.stderr);
        assert_eq!(r.stderr, format!("error: {message}\n"), "{file}");
    }
}
