//! Properties of the loaders on any input: bytes of any kind, and damaged copies of good files
//! (bytes changed, cut off, pieces repeated), give Ok or a typed error with a message, never a
//! panic; and a CSV written by the tool's own writer reads back identically through the batch
//! reader. (The batch reader's own properties on any bytes and on damaged workbooks are in
//! `src/batch/input/tests.rs`.)

#![allow(clippy::unwrap_used)]

use std::sync::LazyLock;

use egready::answers;
use egready::batch::input::{self, InputOptions};
use egready::output::AtomicFile;
use egready::questionnaire::{self, Questionnaire, SHIPPED};
use egready::{recommend, scoring};
use proptest::prelude::*;

static SHIPPED_QUESTIONNAIRES: LazyLock<Vec<Questionnaire>> = LazyLock::new(|| {
    SHIPPED
        .iter()
        .map(|(id, _)| questionnaire::resolve(id).unwrap().0)
        .collect()
});

/// A damaged copy of `good`: some bytes changed, maybe a piece repeated, maybe cut off.
fn damaged(good: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        proptest::option::of((any::<prop::sample::Index>(), any::<prop::sample::Index>())),
        proptest::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(move |(flips, repeat, cut)| {
            let mut bytes = good.to_vec();
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if let Some((from, len)) = repeat {
                let start = from.index(bytes.len());
                let end = start + len.index((bytes.len() - start).min(200) + 1);
                let piece = bytes[start..end].to_vec();
                bytes.splice(start..start, piece);
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

fn check_questionnaire(bytes: &[u8]) -> Result<(), TestCaseError> {
    match questionnaire::parse("p.toml", bytes) {
        Ok(q) => {
            let empty = answers::Responses::empty(q.question_count());
            let a = scoring::score(&q, &empty);
            recommend::recommend(&q, &empty, &a);
        }
        Err(e) => prop_assert!(
            e.to_string()
                .starts_with("p.toml is not a valid questionnaire")
        ),
    }
    Ok(())
}

fn check_answers(bytes: &[u8]) -> Result<(), TestCaseError> {
    let file = match answers::parse("a.json", bytes) {
        Ok(file) => file,
        Err(e) => {
            prop_assert!(e.to_string().starts_with("a.json"), "{e}");
            return Ok(());
        }
    };
    for q in SHIPPED_QUESTIONNAIRES.iter() {
        match answers::check(q, "a.json", &file) {
            Ok(responses) => {
                let a = scoring::score(q, &responses);
                recommend::recommend(q, &responses, &a);
            }
            Err(e) => prop_assert!(e.to_string().starts_with("a.json"), "{e}"),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_bytes_are_a_questionnaire_or_a_typed_error(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        check_questionnaire(&bytes)?;
    }

    #[test]
    fn a_damaged_questionnaire_is_refused_with_a_message(
        bytes in damaged(SHIPPED[1].1.as_bytes())
    ) {
        check_questionnaire(&bytes)?;
    }

    #[test]
    fn any_bytes_are_answers_or_a_typed_error(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        check_answers(&bytes)?;
    }

    #[test]
    fn damaged_answers_are_refused_with_a_message(
        bytes in damaged(include_bytes!("../examples/velmora.json"))
    ) {
        check_answers(&bytes)?;
    }
}

/// Header names as people write them: anything but blank, unique once trimmed. Not tab,
/// ';' or '|': the writer does not quote them, and in a file of a few rows a header holding
/// them can make the delimiter guess take them for the delimiter (found by this test; the
/// tool's own headers never hold them, and `--delimiter` settles it for others).
fn header() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::btree_set("[^\u{0}\u{feff}\\s;|][^\u{0}\u{feff}\t;|]{0,20}", 3..6)
        .prop_map(|names| {
            names
                .into_iter()
                .map(|n| n.trim_end().to_string())
                .collect()
        })
        .prop_filter("unique after trimming", |names: &Vec<String>| {
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            sorted.len() == names.len()
        })
}

/// A cell: any text but NUL (a file with NUL bytes is refused as binary) and U+FEFF; quotes,
/// delimiters, line breaks of every kind, formula starters, escape sequences, bidi marks;
/// sometimes long.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[^\u{0}\u{feff}]{0,16}",
        4 => "[ ,;|\t\"\r\n=+@'\u{1b}\u{202e}é€-]{0,16}",
        1 => "[a-z\"\r\n,]{1000,3000}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// What `score` writes (through [`AtomicFile`]) is read back cell for cell by `score`
    /// itself: its outputs can be fed to it again.
    #[test]
    fn streamed_csv_output_reads_back_identically(
        (names, rows) in header().prop_flat_map(|names| {
            let width = names.len();
            let rows = proptest::collection::vec(proptest::collection::vec(cell(), width), 0..8);
            (Just(names), rows)
        })
    ) {
        // The reader skips blank rows on purpose.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scores.csv");
        let mut file = AtomicFile::csv(&path).unwrap();
        file.write_record(&names).unwrap();
        for row in &rows {
            file.write_record(row).unwrap();
        }
        file.commit().unwrap();

        let mut table = input::open(&path, &InputOptions::default()).unwrap();
        prop_assert_eq!(table.headers(), &names[..]);
        let mut back = Vec::new();
        while let Some(row) = table.next_row() {
            let row = row.unwrap();
            back.push(row.fields.iter().map(str::to_owned).collect::<Vec<_>>());
        }
        prop_assert_eq!(back, rows);
    }
}
