//! The batch reader on any file: `batch::input::open` and every row, with the options taken
//! from the input's length so that the decoding paths of `--encoding` and `--delimiter` are
//! fuzzed too. Workbooks are recognised by their first bytes whatever the name.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use egready::batch::input::{self, InputOptions};
use libfuzzer_sys::fuzz_target;

/// One file, rewritten for every input (in memory-backed /dev/shm when there is one).
fn path() -> &'static PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = DIR.get_or_init(|| {
            tempfile::tempdir_in("/dev/shm")
                .or_else(|_| tempfile::tempdir())
                .expect("a temporary folder")
        });
        dir.path().join("input.csv")
    })
}

fn options(len: usize) -> InputOptions {
    let (delimiter, encoding) = match len % 4 {
        0 => (None, None),
        1 => (None, Some("utf-16le")),
        2 => (Some(b';'), Some("windows-1252")),
        _ => (Some(b'\t'), Some("utf-8")),
    };
    InputOptions {
        delimiter,
        encoding: encoding.map(str::to_owned),
        sheet: None,
        threads: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let path = path();
    std::fs::write(path, data).expect("write the input");
    let Ok(mut table) = input::open(path, &options(data.len())) else {
        return;
    };
    let width = table.headers().len();
    assert!(width > 0, "a header without columns");
    let mut last = 0;
    while let Some(row) = table.next_row() {
        match row {
            Ok(row) => {
                assert_eq!(
                    row.fields.len(),
                    width,
                    "every row has one field per column"
                );
                assert!(
                    row.number > last,
                    "row numbers go up: {} after {last}",
                    row.number
                );
                last = row.number;
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    let _ = table.notices();
});
