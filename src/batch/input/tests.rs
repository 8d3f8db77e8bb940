use std::path::PathBuf;

use proptest::prelude::*;

use super::*;

/// A file written into its own temporary folder, kept alive with it.
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn fixture(name: &str, bytes: &[u8]) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    Fixture { _dir: dir, path }
}

fn committed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

type Rows = Vec<Result<(u64, Vec<String>), String>>;

fn all_rows(table: &mut Table) -> Rows {
    let mut rows = Vec::new();
    while let Some(row) = table.next_row() {
        rows.push(
            row.map(|r| (r.number, r.fields.iter().map(str::to_owned).collect()))
                .map_err(|e| e.to_string()),
        );
    }
    rows
}

fn open_bytes(name: &str, bytes: &[u8], opts: &InputOptions) -> Result<(Table, Rows), String> {
    let f = fixture(name, bytes);
    let mut table = open(&f.path, opts).map_err(|e| e.to_string())?;
    let rows = all_rows(&mut table);
    Ok((table, rows))
}

fn read(bytes: &[u8]) -> (Table, Rows) {
    open_bytes("input.csv", bytes, &InputOptions::default()).expect("opens")
}

fn open_error(bytes: &[u8]) -> String {
    match open_bytes("input.csv", bytes, &InputOptions::default()) {
        Ok((table, rows)) => panic!("expected an error, got {:?} {rows:?}", table.headers()),
        Err(e) => e,
    }
}

fn row(number: u64, fields: &[&str]) -> Result<(u64, Vec<String>), String> {
    Ok((number, fields.iter().map(|f| (*f).to_owned()).collect()))
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend(if little_endian {
            [0xFF, 0xFE]
        } else {
            [0xFE, 0xFF]
        });
    }
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

// ---- Delimiters and encodings ----

#[test]
fn semicolon_decimal_comma_windows_1252() {
    let bytes = b"id;country;score\r\n1;S\xE3o Tom\xE9;3,5\r\n2;Lisboa;4,0\r\n";
    let (table, rows) = read(bytes);
    assert_eq!(
        table.description(),
        "read input.csv as Windows-1252, delimiter ';'"
    );
    assert_eq!(
        table.notices(),
        [
            "input.csv is not valid UTF-8 (first invalid byte at offset 21): decoded as \
          Windows-1252; pass --encoding to choose another encoding"
        ]
    );
    assert_eq!(table.headers(), ["id", "country", "score"]);
    assert_eq!(
        rows,
        [
            row(2, &["1", "São Tomé", "3,5"]),
            row(3, &["2", "Lisboa", "4,0"])
        ]
    );
}

#[test]
fn utf8_bom_and_quoted_first_header() {
    let (table, rows) = read("\u{feff}\"id\",\"name\"\n1,Zoë\n".as_bytes());
    assert_eq!(
        table.description(),
        "read input.csv as UTF-8 (with BOM), delimiter ','"
    );
    assert!(table.notices().is_empty(), "{:?}", table.notices());
    assert_eq!(table.headers(), ["id", "name"]);
    assert_eq!(rows, [row(2, &["1", "Zoë"])]);
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    let text = "id\tcountry\r\n1\tSão Tomé\r\n2\t日本\r\n";
    for (little, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
        let (table, rows) = read(&utf16(text, little, true));
        assert_eq!(
            table.description(),
            format!("read input.csv as {name} (with BOM), delimiter tab")
        );
        assert_eq!(table.headers(), ["id", "country"]);
        assert_eq!(rows, [row(2, &["1", "São Tomé"]), row(3, &["2", "日本"])]);
    }
}

#[test]
fn encoding_option_takes_labels() {
    let opts = InputOptions {
        encoding: Some("latin1".to_owned()),
        ..InputOptions::default()
    };
    let (table, rows) = open_bytes("input.csv", b"id|name\n1|S\xE3o\n", &opts).expect("opens");
    assert_eq!(
        table.description(),
        "read input.csv as Windows-1252 (as given), delimiter '|'"
    );
    assert!(table.notices().is_empty());
    assert_eq!(rows, [row(2, &["1", "São"])]);

    let opts = InputOptions {
        encoding: Some("utf-16le".to_owned()),
        ..InputOptions::default()
    };
    let (table, rows) =
        open_bytes("input.csv", &utf16("a,b\n1,2\n", true, false), &opts).expect("opens");
    assert_eq!(
        table.description(),
        "read input.csv as UTF-16LE (as given), delimiter ','"
    );
    assert_eq!(rows, [row(2, &["1", "2"])]);
}

#[test]
fn unknown_encoding_lists_valid_ones() {
    let opts = InputOptions {
        encoding: Some("klingon".to_owned()),
        ..InputOptions::default()
    };
    let err = open_bytes("input.csv", b"a,b\n", &opts).err();
    assert_eq!(
        err.as_deref(),
        Some(
            "input.csv: unknown encoding 'klingon'; use an encoding name such as utf-8, \
             windows-1252, latin1, iso-8859-15, utf-16le or utf-16be"
        )
    );
}

#[test]
fn utf8_bom_with_invalid_bytes_keeps_utf8_and_says_so() {
    let (table, rows) = read(b"\xEF\xBB\xBFid,name\n1,Tom\xE9\n2,Zo\xC3\xAB\n");
    assert_eq!(
        table.notices(),
        [
            "input.csv starts with a UTF-8 byte-order mark but is not valid UTF-8 (first \
          invalid byte at offset 16): invalid bytes were replaced with U+FFFD; pass \
          --encoding windows-1252 if it was saved that way"
        ]
    );
    assert_eq!(rows, [row(2, &["1", "Tom\u{FFFD}"]), row(3, &["2", "Zoë"])]);
}

#[test]
fn unusable_delimiter_option() {
    let opts = InputOptions {
        delimiter: Some(b'"'),
        ..InputOptions::default()
    };
    assert_eq!(
        open_bytes("input.csv", b"a,b\n", &opts).err().as_deref(),
        Some("input.csv: the delimiter '\"' cannot separate fields; use ',', ';', tab or '|'")
    );
}

#[test]
fn sheet_option_on_csv_is_noticed() {
    let opts = InputOptions {
        sheet: Some("Responses".to_owned()),
        ..InputOptions::default()
    };
    let (table, _) = open_bytes("input.csv", b"a,b\n1,2\n", &opts).expect("opens");
    assert_eq!(
        table.notices(),
        ["input.csv is a CSV file, not a workbook: the sheet option does not apply"]
    );
}

#[test]
fn delimiter_option_overrides_detection() {
    let opts = InputOptions {
        delimiter: Some(b';'),
        ..InputOptions::default()
    };
    let (table, rows) = open_bytes("input.csv", b"a,b;c\n1,2;3\n", &opts).expect("opens");
    assert_eq!(
        table.description(),
        "read input.csv as UTF-8, delimiter ';' (as given)"
    );
    assert_eq!(table.headers(), ["a,b", "c"]);
    assert_eq!(rows, [row(2, &["1,2", "3"])]);
}

#[test]
fn line_endings_crlf_lf_cr_and_mixed() {
    for text in [
        "a,b\r\n1,2\r\n3,4\r\n",
        "a,b\n1,2\n3,4",
        "a,b\r1,2\r3,4\r",
        "a,b\r\n1,2\n3,4\r\n",
    ] {
        let (_, rows) = read(text.as_bytes());
        assert_eq!(rows, [row(2, &["1", "2"]), row(3, &["3", "4"])], "{text:?}");
    }
}

// ---- Rows ----

#[test]
fn quoted_newlines_count_as_one_row() {
    let text = "id,comment\n1,\"two\nlines\"\n2,\"three\r\nlines\r\nhere\"\n3,x\n";
    let (_, rows) = read(text.as_bytes());
    assert_eq!(
        rows,
        [
            row(2, &["1", "two\nlines"]),
            row(3, &["2", "three\r\nlines\r\nhere"]),
            row(4, &["3", "x"]),
        ]
    );
}

#[test]
fn blank_rows_are_skipped_but_counted() {
    let text = "id;a;b\n1;x;y\n;;\n\n  ; ;\n2;z;w\n;;;;\n;;;;\n";
    let (table, rows) = read(text.as_bytes());
    assert_eq!(rows, [row(2, &["1", "x", "y"]), row(6, &["2", "z", "w"])]);
    assert!(table.notices().is_empty(), "{:?}", table.notices());
    // A row straight after empty lines is numbered by its own line, whatever the line ends
    // (the csv crate's reader numbered it by the first empty line above it).
    for end in ["\n", "\r\n", "\r"] {
        let text = ["id;a", "", "1;x", "", "", "2;y", ""].join(end);
        let (_, rows) = read(text.as_bytes());
        assert_eq!(rows, [row(3, &["1", "x"]), row(6, &["2", "y"])], "{end:?}");
    }
}

#[test]
fn title_row_above_header_is_skipped() {
    let (table, rows) = read(b"Readiness survey 2024;;\n;;\nid;name;score\n1;x;3\n");
    assert_eq!(table.notices(), ["skipped title row 1 above the header"]);
    assert_eq!(table.headers(), ["id", "name", "score"]);
    assert_eq!(rows, [row(4, &["1", "x", "3"])]);
}

#[test]
fn single_column_file_is_not_a_title() {
    let (table, rows) = read(b"id\n1\n2\n");
    assert!(table.notices().is_empty());
    assert_eq!(table.headers(), ["id"]);
    assert_eq!(rows, [row(2, &["1"]), row(3, &["2"])]);
}

#[test]
fn headers_are_trimmed_and_trailing_empty_columns_ignored() {
    let (table, rows) = read(b" id ,\tname ,,,\n1,x,,,\n2,y\n");
    assert_eq!(table.headers(), ["id", "name"]);
    assert_eq!(
        table.notices(),
        ["ignored 3 trailing empty columns (C-E) to the right of the header"]
    );
    assert_eq!(rows, [row(2, &["1", "x"]), row(3, &["2", "y"])]);
}

#[test]
fn header_only_gives_no_rows_and_a_notice() {
    let (table, rows) = read(b"id,name\n\n,\n");
    assert!(rows.is_empty());
    assert_eq!(
        table.notices(),
        ["input.csv has a header (row 1) but no data rows"]
    );
}

#[test]
fn ragged_rows() {
    let text = "a,b,c\n1,2,3,4\n5,6,7,,\n8,9\n10,11,12\n";
    let (table, rows) = read(text.as_bytes());
    assert_eq!(
        rows,
        [
            Err(
                "input.csv row 2: 4 cells, but the header has 3 columns; a value that holds \
                 the delimiter must be in quotes"
                    .to_owned()
            ),
            row(3, &["5", "6", "7"]),
            row(4, &["8", "9", ""]),
            row(5, &["10", "11", "12"]),
        ]
    );
    assert_eq!(
        table.notices(),
        [
            "ignored empty cells to the right of the last column (first in row 3)",
            "input.csv row 4 has 2 cells, but the header has 3 columns: missing cells at the \
             end of a row are read as empty (first such row)",
        ]
    );
}

#[test]
fn row_errors_are_not_fatal() {
    let f = fixture("input.csv", b"a,b\n1,2,3\n4,5\n");
    let mut table = open(&f.path, &InputOptions::default()).expect("opens");
    let err = table.next_row().expect("row").expect_err("ragged");
    assert!(!err.is_fatal());
    assert_eq!(err.row(), Some(2));
    // errors.csv holds the message without the file and row, which have their own columns.
    assert_eq!(
        err.row_fault(),
        Some(RowFault {
            column: None,
            value: String::new(),
            message: "3 cells, but the header has 2 columns; a value that holds the delimiter \
                      must be in quotes"
                .to_owned()
        })
    );
    let next = table.next_row().expect("row").expect("fine");
    assert_eq!(next.number, 3);
    assert_eq!(next.get(1), "5");
}

#[test]
fn unclosed_quote_names_the_row_where_it_opened() {
    let text = "id,comment\n1,fine\n2,\"oops, no end\n3,x\n4,y\n";
    let (_, rows) = read(text.as_bytes());
    assert_eq!(
        rows,
        [
            row(2, &["1", "fine"]),
            Err(
                "input.csv row 3, column B (comment): a quote opened in this cell is never \
                 closed, so the rest of the file (3 more lines) was read into it; add the \
                 missing closing quote (\")"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn unclosed_quote_in_first_row_is_fatal_after_open() {
    let f = fixture("input.csv", b"id,comment\n1,\"oops\n2,x\n");
    let mut table = open(&f.path, &InputOptions::default()).expect("opens");
    let err = table.next_row().expect("item").expect_err("unclosed");
    assert!(err.is_fatal());
    assert!(table.next_row().is_none());
}

#[test]
fn cell_too_large() {
    let mut text = b"id,comment\n1,".to_vec();
    text.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    text.extend(b"\n2,ok\n");
    let (_, rows) = read(&text);
    assert_eq!(
        rows,
        [
            Err(
                "input.csv row 2, column B (comment): the cell has 10485760 bytes; the limit \
                 is 65536 bytes"
                    .to_owned()
            ),
            row(3, &["2", "ok"]),
        ]
    );
}

// ---- Whole-file errors ----

#[test]
fn empty_files() {
    assert_eq!(
        open_error(b""),
        "input.csv is empty (0 bytes); expected a header row and then one row per respondent"
    );
    assert_eq!(
        open_error(b" \r\n\t\n"),
        "input.csv is empty (only white space); expected a header row and then one row per \
         respondent"
    );
    assert_eq!(
        open_error(b"\xEF\xBB\xBF"),
        "input.csv is empty (only a byte-order mark); expected a header row and then one row \
         per respondent"
    );
    assert_eq!(
        open_error(&utf16("\r\n", true, true)),
        "input.csv is empty (only white space); expected a header row and then one row per \
         respondent"
    );
    assert_eq!(
        open_error(b";;;\n;;;\n"),
        "input.csv has no header row: every row is blank"
    );
}

#[test]
fn nul_bytes() {
    assert_eq!(
        open_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "input.csv has a NUL byte at offset 8: it looks like a binary file, not CSV text; \
         export the data as CSV (UTF-8) or pass the Excel workbook itself"
    );
    assert_eq!(
        open_error(&utf16("id,name\r\n1,x\r\n", true, false)),
        "input.csv has NUL bytes between its characters (first at offset 1): it looks like \
         UTF-16 without a byte-order mark; re-save as UTF-8 or pass --encoding utf-16le"
    );
    assert_eq!(
        open_error(&utf16("id,name\r\n1,x\r\n", false, false)),
        "input.csv has NUL bytes between its characters (first at offset 0): it looks like \
         UTF-16 without a byte-order mark; re-save as UTF-8 or pass --encoding utf-16be"
    );
    // A NUL far beyond the first bytes is found by the check of the whole file before
    // reading...
    let mut text = b"a,b\n".repeat(20_000);
    text.extend(b"1,\x002\n");
    assert_eq!(
        open_error(&text),
        "input.csv has a NUL byte at offset 80002: it looks like a binary file, not CSV \
         text; export the data as CSV (UTF-8) or pass the Excel workbook itself"
    );
    // ...or, in a large file whose start is plain ASCII (read without that check), when the
    // reading reaches it: the same error is the last thing read, and stops a run.
    let mut text = b"a,b\n".repeat(100_000);
    text.extend(b"1,\x002\n");
    let (_, rows) = read(&text);
    assert_eq!(
        rows.last(),
        Some(&Err(
            "input.csv has a NUL byte at offset 400002: it looks like a binary file, not CSV \
             text; export the data as CSV (UTF-8) or pass the Excel workbook itself"
                .to_owned()
        ))
    );
}

#[test]
fn invalid_utf8_far_into_the_file_is_found() {
    // `rows` lines of ASCII, then one in Windows-1252: the notice and the last row.
    let far = |rows: usize| {
        let mut text = b"id,name\n".to_vec();
        text.extend(b"1,plain ascii\n".repeat(rows));
        let offset = text.len() + 5;
        text.extend(b"2,Tom\xE9\n");
        let (table, read) = read(&text);
        (offset, table.notices().to_vec(), read.last().cloned())
    };
    // Checked before reading (a file under the size read at once; see ascii_first.rs)...
    let (offset, notices, last) = far(10_000);
    assert_eq!(
        notices,
        [format!(
            "input.csv is not valid UTF-8 (first invalid byte at offset {offset}): decoded as \
             Windows-1252; pass --encoding to choose another encoding"
        )]
    );
    assert_eq!(last, Some(row(10_002, &["2", "Tomé"])));
    // ...or, in a large file whose start is plain ASCII, when the reading gets there.
    let (offset, notices, last) = far(50_000);
    assert_eq!(
        notices,
        [format!(
            "input.csv is not valid UTF-8 (first invalid byte at offset {offset}): decoded as \
             Windows-1252 from there on (the plain ASCII before it reads the same in both); \
             pass --encoding to choose another encoding"
        )]
    );
    assert_eq!(last, Some(row(50_002, &["2", "Tomé"])));
}

#[test]
fn header_errors() {
    assert_eq!(
        open_error(b"id,,name\n1,2,3\n"),
        "input.csv row 1: column B has an empty header; every column needs a name (only \
         empty columns at the right end are ignored)"
    );
    assert_eq!(
        open_error(b"id,score,name, score\n1,2,3,4\n"),
        "input.csv row 1: the header 'score' appears twice, in column B and column D; column \
         names must be unique"
    );
    let long = format!("id,{}\n1,2\n", "n".repeat(2000));
    assert_eq!(
        open_error(long.as_bytes()),
        "input.csv row 1, column B: the header has 2000 bytes; the limit is 1024 bytes \
         (MAX_HEADER_BYTES)"
    );
    let wide: Vec<String> = (0..5000).map(|i| format!("q{i}")).collect();
    let wide = format!("{}\n", wide.join(","));
    assert_eq!(
        open_error(wide.as_bytes()),
        "input.csv row 1: the header has 5000 columns; the limit is 4096 columns (MAX_COLUMNS)"
    );
}

#[test]
fn missing_file_folder_and_too_large() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.csv");
    let err = open(&missing, &InputOptions::default())
        .err()
        .map(|e| e.to_string());
    assert_eq!(err, Some(format!("{}: no such file", missing.display())));

    let err = open(dir.path(), &InputOptions::default())
        .err()
        .expect("folder");
    assert!(
        err.to_string().ends_with(" is a folder, not a file"),
        "{err}"
    );

    // A sparse file: no disk space used.
    let big = dir.path().join("big.csv");
    let handle = File::create(&big).expect("create");
    handle.set_len(MAX_FILE_BYTES + 1).expect("set_len");
    let err = open(&big, &InputOptions::default())
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some(
            "big.csv has 2147483649 bytes; the limit is 2147483648 bytes (MAX_FILE_BYTES): \
             split it into smaller files"
        )
    );
}

#[test]
fn fatal_kinds() {
    assert!(
        InputError::Empty {
            file: "x".into(),
            detail: "0 bytes".into()
        }
        .is_fatal()
    );
    assert!(
        !InputError::Ragged {
            file: "x".into(),
            row: 2,
            fields: 3,
            expected: 2
        }
        .is_fatal()
    );
}

// ---- Workbooks ----

#[test]
fn xlsx_first_sheet() {
    let mut table = open(&committed("survey.xlsx"), &InputOptions::default()).expect("opens");
    assert_eq!(table.description(), "read survey.xlsx, sheet 'Responses'");
    assert_eq!(
        table.notices(),
        [
            "skipped title row 1 above the header",
            "ignored 2 trailing empty columns (H-I) to the right of the header"
        ]
    );
    assert_eq!(
        table.headers(),
        [
            "id", "country", "score", "weight", "consent", "answered", "comment"
        ]
    );
    assert_eq!(
        all_rows(&mut table),
        [
            row(
                4,
                &["1", "São Tomé", "3", "2.5", "TRUE", "2024-03-01", "first"]
            ),
            row(
                5,
                &[
                    "2",
                    "Lisboa",
                    "4",
                    "0.1",
                    "FALSE",
                    "2024-03-01 12:30:00",
                    ""
                ]
            ),
            Err(
                "survey.xlsx row 6, column C (score): the cell holds the error #N/A instead \
                 of a value"
                    .to_owned()
            ),
            row(
                8,
                &[
                    "4",
                    "Bissau",
                    "-2",
                    "1234567.25",
                    "FALSE",
                    "1999-12-31",
                    "last"
                ]
            ),
        ]
    );
}

#[test]
fn xlsx_named_sheet_and_unknown_sheet() {
    let opts = InputOptions {
        sheet: Some("notes".to_owned()),
        ..InputOptions::default()
    };
    let mut table = open(&committed("survey.xlsx"), &opts).expect("opens");
    assert_eq!(table.description(), "read survey.xlsx, sheet 'Notes'");
    assert_eq!(all_rows(&mut table), [row(2, &["hello", "ana"])]);

    let opts = InputOptions {
        sheet: Some("Answers".to_owned()),
        ..InputOptions::default()
    };
    let err = open(&committed("survey.xlsx"), &opts)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("survey.xlsx has no sheet named 'Answers'; its sheets are 'Responses', 'Notes'")
    );
}

#[test]
fn ods_sheet() {
    let mut table = open(&committed("survey.ods"), &InputOptions::default()).expect("opens");
    assert_eq!(table.description(), "read survey.ods, sheet 'Answers'");
    assert_eq!(table.headers(), ["id", "country", "score"]);
    assert_eq!(
        all_rows(&mut table),
        [
            row(2, &["1", "São Tomé", "3.5"]),
            row(3, &["2", "Praia", "4"])
        ]
    );
}

#[test]
fn workbook_with_csv_name_is_read_as_workbook() {
    let bytes = std::fs::read(committed("survey.xlsx")).expect("fixture");
    let (table, _) = read(&bytes);
    assert_eq!(table.description(), "read input.csv, sheet 'Responses'");
    assert_eq!(
        table.notices()[0],
        "input.csv is a workbook despite its name; read it as one"
    );
}

#[test]
fn corrupt_workbook_is_a_clear_error() {
    let err = open_bytes(
        "broken.xlsx",
        b"PK\x03\x04 not really a zip",
        &InputOptions::default(),
    )
    .err()
    .expect("error");
    assert!(
        err.starts_with("broken.xlsx: could not read the workbook: "),
        "{err}"
    );
}

// ---- Round trip with the output writer ----

fn cell() -> impl Strategy<Value = String> {
    // Delimiters, quotes, line breaks, formula starters, non-ASCII.
    "[a-z0-9 ,;|\t\"\r\n='é€-]{0,12}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let f = fixture("input.csv", &bytes);
        if let Ok(mut table) = open(&f.path, &InputOptions::default()) {
            while let Some(row) = table.next_row() {
                if let Err(e) = row {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }
    }

    #[test]
    fn csv_like_bytes_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(&b","[..]), Just(&b";"[..]), Just(&b"\t"[..]), Just(&b"\""[..]),
                Just(&b"\n"[..]), Just(&b"\r"[..]), Just(&b"\r\n"[..]), Just(&b" "[..]),
                Just(&b"a"[..]), Just(&b"\xE9"[..]), Just(&b"\xEF\xBB\xBF"[..]),
                Just(&b"\xFF\xFE"[..]), Just(&b"\x00"[..]), Just(&b"id"[..]),
            ],
            0..64,
        )
    ) {
        let bytes = parts.concat();
        let f = fixture("input.csv", &bytes);
        if let Ok(mut table) = open(&f.path, &InputOptions::default()) {
            let width = table.headers().len();
            while let Some(row) = table.next_row() {
                if let Ok(row) = row {
                    prop_assert_eq!(row.fields.len(), width);
                }
            }
        }
    }

    #[test]
    fn output_writer_round_trips_through_open(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 1..6)
    ) {
        // Skip rows that are blank: the reader skips them on purpose.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            .collect();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.csv");
        crate::output::write_csv_atomic(&path, |w| {
            w.write_record(["id", "name", "note"])?;
            for r in &rows {
                w.write_record(r)?;
            }
            Ok(())
        })
        .expect("write");
        let mut table = open(&path, &InputOptions::default()).expect("opens");
        prop_assert_eq!(table.description(), "read out.csv as UTF-8 (with BOM), delimiter ','");
        prop_assert_eq!(table.headers(), ["id", "name", "note"]);
        let mut back = Vec::new();
        while let Some(r) = table.next_row() {
            let r = r.expect("row");
            back.push(r.fields.iter().map(str::to_owned).collect::<Vec<_>>());
        }
        prop_assert_eq!(back, rows);
    }
}

// ---- Throughput (run by hand) ----

/// Compares reading a 1,000,000-row, 45-column CSV through [`Table`] with
/// plain `csv::ByteRecord` reading. Run with
/// `cargo test --release throughput -- --ignored --nocapture`.
#[test]
#[ignore = "takes a while; run by hand in release mode"]
fn throughput() {
    use std::io::Write;
    use std::time::Instant;

    const ROWS: usize = 1_000_000;
    const COLUMNS: usize = 45;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.csv");
    {
        let mut w = std::io::BufWriter::new(File::create(&path).expect("create"));
        let header: Vec<String> = (0..COLUMNS).map(|i| format!("q{i}")).collect();
        write!(w, "{}\r\n", header.join(",")).expect("write");
        for r in 0..ROWS {
            write!(w, "R{r:07}").expect("write");
            for c in 1..COLUMNS {
                match c % 5 {
                    0 => write!(w, ",yes"),
                    1 => write!(w, ",{}", (r + c) % 5 + 1),
                    2 => write!(w, ",\"text, with comma\""),
                    3 => write!(w, ",{}.{}", r % 100, c),
                    _ => write!(w, ","),
                }
                .expect("write");
            }
            // CRLF, as Excel writes: the slower case for Table.
            w.write_all(b"\r\n").expect("write");
        }
    }
    let size = std::fs::metadata(&path).expect("meta").len();

    let time = |f: &dyn Fn() -> usize| {
        let start = Instant::now();
        let rows = f();
        (rows, start.elapsed().as_secs_f64())
    };
    let plain = || {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(&path)
            .expect("open");
        let mut record = csv::ByteRecord::new();
        let mut rows = 0;
        while reader.read_byte_record(&mut record).expect("read") {
            rows += 1;
        }
        rows
    };
    let table = || {
        let mut table = open(&path, &InputOptions::default()).expect("open");
        let mut rows = 0;
        while let Some(row) = table.next_row() {
            let row = row.expect("row");
            rows += usize::from(!row.get(0).is_empty());
        }
        rows
    };
    // Warm the page cache, then take the best of three.
    plain();
    let best = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| time(f))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("runs")
    };
    let (plain_rows, plain_s) = best(&plain);
    let (table_rows, table_s) = best(&table);
    assert_eq!(plain_rows, ROWS);
    assert_eq!(table_rows, ROWS);
    let mb = size as f64 / 1e6;
    println!(
        "{mb:.0} MB, {ROWS} rows x {COLUMNS} columns\n\
         csv::ByteRecord: {:.0} rows/s ({:.0} MB/s)\n\
         Table:           {:.0} rows/s ({:.0} MB/s)\n\
         ratio: {:.2}",
        ROWS as f64 / plain_s,
        mb / plain_s,
        ROWS as f64 / table_s,
        mb / table_s,
        plain_s / table_s
    );
}

#[test]
fn table_can_move_to_another_thread() {
    fn is_send<T: Send>() {}
    is_send::<Table>();
    is_send::<InputError>();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Damaged workbooks give an error, never a panic.
    #[test]
    fn damaged_workbook_never_panics(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = std::fs::read(committed("survey.xlsx")).expect("fixture");
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let f = fixture("damaged.xlsx", &bytes);
        if let Ok(mut table) = open(&f.path, &InputOptions::default()) {
            while table.next_row().is_some() {}
        }
    }
}
