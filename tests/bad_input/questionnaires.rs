//! Questionnaire files: `questionnaire validate`, and `--questionnaire` of report and score.

use super::{bad, files_in, run};

/// (fixture, what follows the file name in the one problem reported).
const QUESTIONNAIRES: &[(&str, &str)] = &[
    ("empty.toml", ": the file is empty"),
    (
        "garbage.toml",
        ":1: the file is not UTF-8 text (invalid byte at offset 0); save it as UTF-8",
    ),
    (
        "latin1.toml",
        ":7: the file is not UTF-8 text (invalid byte at offset 261); save it as UTF-8",
    ),
    (
        "utf16_no_bom.toml",
        ":1: the file has NUL bytes between its characters (first at offset 1): it looks like \
         UTF-16 text without a byte-order mark; save it as UTF-8",
    ),
    (
        "utf16_bom.toml",
        ":1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8",
    ),
    (
        "nul_byte.toml",
        ":13: the file has a NUL byte at offset 371: it is not a text file; a questionnaire is \
         TOML text in UTF-8",
    ),
    (
        "duplicate_key.toml",
        ":29: duplicate key `type`: each key may appear once in a table",
    ),
    (
        "deep_arrays.toml",
        ":66: tables, arrays and dotted keys nest 33 levels deep here; the limit is 32 levels",
    ),
    (
        "deep_dotted_keys.toml",
        ":65: tables, arrays and dotted keys nest 33 levels deep here; the limit is 32 levels",
    ),
    (
        "wrong_type.toml",
        ":30: invalid type: string \"500\", expected a number, in: max = \"500\"",
    ),
    (
        "unknown_field.toml",
        ":54: sections[1].questions[0]: unknown field `alow_na` (a typo?)",
    ),
    (
        "syntax_error.toml",
        ":13: missing comma between key-value pairs, expected `,`, in: description = { en = \
         \"The first section.\" }",
    ),
    (
        "truncated.toml",
        ":37: invalid basic string, expected `\"`, in: id = \"l",
    ),
    (
        "missing_id.toml",
        ":1: missing field `id`, which is required",
    ),
    (
        "duplicate_question_id.toml",
        ":51: sections[1].questions[0].id: duplicate question id \"lead\" (first used at \
         sections[0].questions[0])",
    ),
];

fn invalid_questionnaire(file: &str, problem: &str) -> String {
    format!("error: {file} is not a valid questionnaire (1 problem):\n  {file}{problem}\n")
}

#[test]
fn questionnaire_files() {
    for (fixture, problem) in QUESTIONNAIRES {
        let file = bad(fixture);
        let r = run(&["questionnaire", "validate", &file]);
        assert_eq!(r.code, 3, "{fixture}: {}", r.stderr);
        assert_eq!(r.stderr, invalid_questionnaire(&file, problem), "{fixture}");
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn a_bad_questionnaire_stops_report_and_score_the_same_way() {
    let file = bad("utf16_bom.toml");
    let expected = invalid_questionnaire(
        &file,
        ":1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8",
    );
    let r = run(&["report", "examples/velmora.json", "--questionnaire", &file]);
    assert_eq!((r.code, r.stderr.as_str()), (3, expected.as_str()));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let r = run(&["score", &bad("ragged.csv"), "-q", &file, "--out", dir]);
    assert_eq!((r.code, r.stderr.as_str()), (3, expected.as_str()));
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn questionnaire_files_that_are_too_large_missing_or_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    let size = egready::questionnaire::MAX_FILE_BYTES + 1;
    std::fs::write(&big, "#".repeat(size)).unwrap();
    let big = big.to_str().unwrap();
    let limit = "the limit for a questionnaire is 4194304 bytes (4 MiB)";
    let cases = [
        (
            big,
            invalid_questionnaire(
                big,
                &format!(": the file has more than 4194304 bytes; {limit}"),
            ),
        ),
        (
            "/dev/zero",
            invalid_questionnaire(
                "/dev/zero",
                &format!(": the file has more than 4194304 bytes; {limit}"),
            ),
        ),
        (
            "nowhere.toml",
            "error: could not read questionnaire nowhere.toml: no such file\n".to_string(),
        ),
        (
            "tests",
            "error: could not read questionnaire tests: Is a directory (os error 21)\n".to_string(),
        ),
    ];
    for (file, expected) in cases {
        let r = run(&["questionnaire", "validate", file]);
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (3, expected.as_str()),
            "{file}"
        );
    }
    // A file of 5 MB is refused by its size, not read whole.
    std::fs::write(dir.path().join("big.toml"), vec![b'#'; 5_000_000]).unwrap();
    let r = run(&["questionnaire", "validate", big]);
    assert_eq!(
        r.stderr,
        invalid_questionnaire(big, &format!(": the file has 5000000 bytes; {limit}"))
    );
}
