//! Reading an answers file: its size, its encoding and its JSON syntax, with messages that
//! say where the file is wrong.

use std::path::Path;

use super::{AnswersError, AnswersFile, MAX_FILE_BYTES, MAX_JSON_DEPTH};
use crate::limited::{self, Limited};

/// Reads an answers file (JSON syntax and shape only; see [`check`](super::check) for the
/// content).
pub fn read(path: &Path) -> Result<AnswersFile, AnswersError> {
    let file = path.display().to_string();
    let read_err = |source| AnswersError::Read {
        path: file.clone(),
        source,
    };
    match limited::read(path, MAX_FILE_BYTES).map_err(read_err)? {
        Limited::Bytes(bytes) => parse(&file, &bytes),
        Limited::TooLarge { size } => Err(AnswersError::TooLarge { file, size }),
    }
}

/// Parses answers JSON; `file` names it in messages.
pub fn parse(file: &str, bytes: &[u8]) -> Result<AnswersFile, AnswersError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some((offset, message)) = not_utf8(bytes) {
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        let column = 1 + offset
            - bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
        return Err(AnswersError::Syntax {
            file: file.to_string(),
            line,
            column,
            message,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AnswersError::Syntax {
            file: file.to_string(),
            line: 1,
            column: 1,
            message: "the file is empty".to_string(),
        });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        // serde_json appends " at line L column C"; the position leads the message instead.
        let text = e.to_string();
        let text = text.split(" at line ").next().unwrap_or_default();
        let message = if e.is_eof() {
            format!("{text} (the file ends too early: was it cut off while being written?)")
        } else if text == "recursion limit exceeded" {
            format!(
                "arrays and objects nest more than {MAX_JSON_DEPTH} levels deep here; the limit \
                 is {MAX_JSON_DEPTH} (an answers file nests 4)"
            )
        } else {
            text.to_string()
        };
        AnswersError::Syntax {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// Where and why the bytes are not UTF-8 text: a UTF-16 export, a binary file, another
/// encoding. serde_json would report these as a puzzling syntax error.
fn not_utf8(bytes: &[u8]) -> Option<(usize, String)> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some((
            0,
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"
                .to_string(),
        ));
    }
    let invalid = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    match (bytes.iter().position(|&b| b == 0), invalid) {
        (Some(at), invalid) if invalid.is_none_or(|i| at <= i) => {
            let utf16 = crate::questionnaire::guard::looks_like_utf16(bytes);
            Some((
                at,
                if utf16 {
                    format!(
                        "NUL bytes between the characters (first at offset {at}): the file looks \
                         like UTF-16 text without a byte-order mark; save it as UTF-8"
                    )
                } else {
                    format!(
                        "a NUL byte at offset {at}: the file is not text; an answers file is \
                         JSON text in UTF-8"
                    )
                },
            ))
        }
        (_, Some(at)) => Some((
            at,
            format!("the file is not UTF-8 text (invalid byte at offset {at}); save it as UTF-8"),
        )),
        _ => None,
    }
}
