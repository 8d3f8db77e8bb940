//! Spreadsheets: `score FILE -q tiny --out DIR`. An input that cannot be used stops with exit
//! code 6 and writes nothing; bad rows are left out and listed (exit code 5); odd but usable
//! files are read with a note saying how.

use std::path::Path;

use super::{bad, files_in, has_line, score};
use crate::common::csv_cells;

/// (fixture, the error), for inputs that cannot be used at all.
const UNUSABLE: &[(&str, &str)] = &[
    (
        "empty.csv",
        "empty.csv is empty (0 bytes); expected a header row and then one row per respondent",
    ),
    (
        "bom_only.csv",
        "bom_only.csv is empty (only a byte-order mark); expected a header row and then one row \
         per respondent",
    ),
    (
        "garbage.csv",
        "garbage.csv has a NUL byte at offset 8: it looks like a binary file, not CSV text; \
         export the data as CSV (UTF-8) or pass the Excel workbook itself",
    ),
    (
        "nul_bytes.csv",
        "nul_bytes.csv has a NUL byte at offset 50: it looks like a binary file, not CSV text; \
         export the data as CSV (UTF-8) or pass the Excel workbook itself",
    ),
    (
        "utf16_no_bom.csv",
        "utf16_no_bom.csv has NUL bytes between its characters (first at offset 1): it looks \
         like UTF-16 without a byte-order mark; re-save as UTF-8 or pass --encoding utf-16le",
    ),
    (
        "unclosed_quote.csv",
        "unclosed_quote.csv row 3, column G (notes): a quote opened in this cell is never \
         closed, so the rest of the file (2 more lines) was read into it; add the missing \
         closing quote (\")",
    ),
    (
        "duplicate_header.csv",
        "duplicate_header.csv row 1: the header 'lead' appears twice, in column C and column E; \
         column names must be unique",
    ),
    (
        "empty_header.csv",
        "empty_header.csv row 1: column B has an empty header; every column needs a name (only \
         empty columns at the right end are ignored)",
    ),
    (
        "long_header.csv",
        "long_header.csv row 1, column C: the header has 2000 bytes; the limit is 1024 bytes \
         (MAX_HEADER_BYTES)",
    ),
    (
        "no_id_column.csv",
        "no_id_column.csv has no `id` column; the first row must be the header, with a column \
         `id` that names each row",
    ),
    (
        "blank_rows_only.csv",
        "blank_rows_only.csv has no header row: every row is blank",
    ),
    (
        "damaged.xlsx",
        "damaged.xlsx: could not read the workbook: Xlsx error: Zip error: invalid Zip archive: \
         Could not find EOCD; the file is damaged, cut off or not a workbook: open it in its \
         spreadsheet program and save it again",
    ),
    (
        "nowhere.csv",
        "tests/fixtures/bad/nowhere.csv: no such file",
    ),
];

/// Exit code 6, the error as the last line, and no output file (not even errors.csv).
fn assert_unusable(file: &str, extra: &[&str], error: &str) {
    let (r, out) = score(file, extra);
    assert_eq!(r.code, 6, "{file}: {}", r.stderr);
    assert_eq!(
        r.stderr.lines().last(),
        Some(format!("error: {error}").as_str()),
        "{file}"
    );
    assert_eq!(
        files_in(&out.path().join("out")),
        Vec::<String>::new(),
        "{file}"
    );
}

#[test]
fn unusable_inputs_stop_and_write_nothing() {
    for (fixture, error) in UNUSABLE {
        assert_unusable(&bad(fixture), &[], error);
    }
    assert_unusable("tests/fixtures/bad", &[], "bad is a folder, not a file");
    assert_unusable(
        &bad("header_only.csv"),
        &["--encoding", "klingon"],
        "header_only.csv: unknown encoding 'klingon'; use an encoding name such as utf-8, \
         windows-1252, latin1, iso-8859-15, utf-16le or utf-16be",
    );
}

#[test]
fn five_thousand_columns_and_a_file_over_two_gigabytes() {
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("wide.csv");
    let header: Vec<String> = std::iter::once("id".to_string())
        .chain((1..5000).map(|i| format!("c{i}")))
        .collect();
    std::fs::write(
        &wide,
        format!("{}\nr1{}\n", header.join(","), ",x".repeat(4999)),
    )
    .unwrap();
    assert_unusable(
        wide.to_str().unwrap(),
        &[],
        "wide.csv row 1: the header has 5000 columns; the limit is 4096 columns (MAX_COLUMNS)",
    );
    // A sparse file: its size is refused before a byte is read.
    let huge = dir.path().join("huge.csv");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(egready::batch::input::MAX_FILE_BYTES + 1)
        .unwrap();
    assert_unusable(
        huge.to_str().unwrap(),
        &[],
        "huge.csv has 2147483649 bytes; the limit is 2147483648 bytes (MAX_FILE_BYTES): split \
         it into smaller files",
    );
}

/// The rows of an output CSV (after its byte-order mark), header first.
fn rows(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join("out").join(name)).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    csv_cells(text.trim_start_matches('\u{feff}'))
}

/// The values of one column of an output CSV.
fn column(dir: &Path, name: &str, column: &str) -> Vec<String> {
    let rows = rows(dir, name);
    let at = rows[0].iter().position(|h| h == column).unwrap();
    rows[1..].iter().map(|r| r[at].clone()).collect()
}

#[test]
fn bad_rows_are_left_out_and_listed() {
    // (fixture, lines on standard error, rows of errors.csv after its header, ids scored)
    type Case = (
        &'static str,
        &'static [&'static str],
        Rows,
        &'static [&'static str],
    );
    type Rows = &'static [[&'static str; 5]];
    let cases: [Case; 3] = [
        (
            "ragged.csv",
            &[
                "ragged.csv row 2: 9 cells, but the header has 7 columns; a value that holds the \
               delimiter must be in quotes",
            ],
            &[[
                "ragged.csv",
                "2",
                "",
                "",
                "9 cells, but the header has 7 columns; a value that holds the delimiter must be \
                 in quotes",
            ]],
            &["r2"],
        ),
        (
            "duplicate_ids.csv",
            &["duplicate_ids.csv row 4, column id: duplicate id \"r1\" (first used in row 2)"],
            &[[
                "duplicate_ids.csv",
                "4",
                "id",
                "r1",
                "duplicate id \"r1\" (first used in row 2)",
            ]],
            &["r1", "r2"],
        ),
        (
            "bad_values.csv",
            &[
                "bad_values.csv row 2, column country: \"Atlantis\" is not a country; expected an \
                 ISO 3166-1 alpha-3 or alpha-2 code or an English name",
                "bad_values.csv row 2, column date: \"2026-02-30\" is not a date; expected \
                 YYYY-MM-DD",
                "bad_values.csv row 2, column lead: \"maybe\" is not an option; expected one of: \
                 no, yes (or dont_know)",
                "bad_values.csv row 2, column staff: \"900\" is out of range; expected a number \
                 from 0 to 500",
                "bad_values.csv row 2, column laws: \"none\" excludes every other choice, but 2 \
                 were chosen",
            ],
            &[
                [
                    "bad_values.csv",
                    "2",
                    "country",
                    "Atlantis",
                    "\"Atlantis\" is not a country; expected an ISO 3166-1 alpha-3 or alpha-2 code or an English name",
                ],
                [
                    "bad_values.csv",
                    "2",
                    "date",
                    "2026-02-30",
                    "\"2026-02-30\" is not a date; expected YYYY-MM-DD",
                ],
                [
                    "bad_values.csv",
                    "2",
                    "lead",
                    "maybe",
                    "\"maybe\" is not an option; expected one of: no, yes (or dont_know)",
                ],
                [
                    "bad_values.csv",
                    "2",
                    "staff",
                    "900",
                    "\"900\" is out of range; expected a number from 0 to 500",
                ],
                [
                    "bad_values.csv",
                    "2",
                    "laws",
                    "none|data",
                    "\"none\" excludes every other choice, but 2 were chosen",
                ],
            ],
            &["r2"],
        ),
    ];
    for (fixture, lines, errors, scored) in cases {
        let (r, out) = score(&bad(fixture), &[]);
        assert_eq!(r.code, 5, "{fixture}: {}", r.stderr);
        for line in lines {
            assert!(has_line(&r.stderr, line), "{fixture}: {line}\n{}", r.stderr);
        }
        let listed: Vec<Vec<String>> = rows(out.path(), "errors.csv");
        assert_eq!(listed[0], ["file", "row", "column", "value", "message"]);
        let want: Vec<Vec<String>> = errors
            .iter()
            .map(|e| e.iter().map(|s| s.to_string()).collect())
            .collect();
        assert_eq!(listed[1..], want[..], "{fixture}");
        assert_eq!(column(out.path(), "scores.csv", "id"), scored, "{fixture}");
    }
}

#[test]
fn a_ten_megabyte_cell_rejects_its_row_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big_cell.csv");
    let cell = "x".repeat(10_000_000);
    let text = format!("id,country,lead,notes\nr1,MUS,yes,{cell}\nr2,MUS,no,short\n");
    std::fs::write(&path, text).unwrap();
    let (r, out) = score(path.to_str().unwrap(), &[]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    let message = "the cell has 10000000 bytes; the limit is 65536 bytes";
    let line = format!("big_cell.csv row 2, column notes: {message}");
    assert!(has_line(&r.stderr, &line), "{}", r.stderr);
    assert_eq!(column(out.path(), "scores.csv", "id"), ["r2"]);
    assert_eq!(
        rows(out.path(), "errors.csv")[1],
        ["big_cell.csv", "2", "notes", "", message]
    );
}

/// A file that is odd but can be read: the note or warning printed, the ids scored and
/// their source rows.
struct Readable {
    fixture: &'static str,
    note: &'static str,
    ids: &'static [&'static str],
    source_rows: &'static [&'static str],
}

const READABLE: &[Readable] = &[
    Readable {
        fixture: "latin1.csv",
        note: "note: latin1.csv is not valid UTF-8 (first invalid byte at offset 70): decoded as \
         Windows-1252; pass --encoding to choose another encoding",
        ids: &["r1"],
        source_rows: &["2"],
    },
    Readable {
        fixture: "utf16_bom.csv",
        note: "read utf16_bom.csv as UTF-16LE (with BOM), delimiter ','",
        ids: &["r1"],
        source_rows: &["2"],
    },
    Readable {
        fixture: "bom_quoted_header.csv",
        note: "warning: bom_quoted_header.csv: no column for 4 questions of 5: staff, laws, \
               diaspora, notes (counted as unanswered)",
        ids: &["r1"],
        source_rows: &["2"],
    },
    Readable {
        fixture: "header_only.csv",
        note: "note: header_only.csv has a header (row 1) but no data rows",
        ids: &[],
        source_rows: &[],
    },
    Readable {
        fixture: "quoted_newlines.csv",
        note: "read quoted_newlines.csv as UTF-8, delimiter ','",
        ids: &["r1", "r2"],
        source_rows: &["2", "3"],
    },
    Readable {
        fixture: "title_row.csv",
        note: "note: skipped title row 1 above the header",
        ids: &["r1"],
        source_rows: &["3"],
    },
    Readable {
        fixture: "excel_leftovers.csv",
        note: "note: ignored 3 trailing empty columns (H-J) to the right of the header",
        ids: &["r1", "r2"],
        source_rows: &["2", "4"],
    },
    Readable {
        fixture: "mixed_line_endings.csv",
        note: "read mixed_line_endings.csv as UTF-8, delimiter ','",
        ids: &["r1", "r2", "r3"],
        source_rows: &["2", "3", "4"],
    },
    Readable {
        fixture: "cr_only.csv",
        note: "read cr_only.csv as UTF-8, delimiter ','",
        ids: &["r1", "r2"],
        source_rows: &["2", "3"],
    },
];

#[test]
fn odd_but_usable_files_are_read_with_a_note() {
    for Readable {
        fixture,
        note,
        ids,
        source_rows,
    } in READABLE
    {
        let (r, out) = score(&bad(fixture), &[]);
        assert_eq!(r.code, 0, "{fixture}: {}", r.stderr);
        assert!(has_line(&r.stderr, note), "{fixture}: {note}\n{}", r.stderr);
        assert_eq!(column(out.path(), "scores.csv", "id"), *ids, "{fixture}");
        let rows = column(out.path(), "scores.csv", "source_row");
        assert_eq!(rows, *source_rows, "{fixture}");
    }
}

#[test]
fn cell_text_survives_encodings_and_line_breaks() {
    // --detail writes each answer as read, in answers.csv.
    for (fixture, id, answer) in [
        ("latin1.csv", "r1", "Ministère"),
        ("quoted_newlines.csv", "r1", "line one\nline two"),
    ] {
        let (r, out) = score(&bad(fixture), &["--detail"]);
        assert_eq!(r.code, 0, "{fixture}: {}", r.stderr);
        let rows = rows(out.path(), "answers.csv");
        let notes: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[0] == id && r[2] == "notes")
            .collect();
        assert_eq!(notes.len(), 1, "{fixture}");
        assert_eq!(notes[0][3], answer, "{fixture}");
    }
}
