//! Checks on the bytes of a questionnaire file before the TOML parser sees them: size, text
//! encoding and nesting depth. A wrong file (a PDF, a UTF-16 export, a truncated copy) gets a
//! message that says what it is and what was expected, and a hostile one cannot exhaust memory
//! or the parser's stack.

use super::load::line_of;

/// The largest questionnaire file read (4 MiB; the shipped ones are under 100 KiB), so a
/// wrong file cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The deepest nesting of tables, arrays and dotted keys accepted in a questionnaire file
/// (the shipped ones nest 5 levels).
pub const MAX_DEPTH: usize = 32;

/// What is wrong with the file as a whole: the 1-based line where known, and the message.
pub type Refusal = (Option<usize>, String);

/// The file's text without a UTF-8 byte-order mark, or why it cannot be a questionnaire.
pub fn text(bytes: &[u8]) -> Result<&str, Refusal> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err((None, too_large(bytes.len() as u64)));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            Some(1),
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as \
             UTF-8"
                .to_string(),
        ));
    }
    let invalid = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    let nul = bytes.iter().position(|&b| b == 0);
    match (nul, invalid) {
        (Some(at), invalid) if invalid.is_none_or(|i| at <= i) => {
            return Err((Some(line_of(bytes, at)), nul_message(bytes, at)));
        }
        (_, Some(at)) => {
            return Err((
                Some(line_of(bytes, at)),
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {at}); save it as UTF-8"
                ),
            ));
        }
        _ => {}
    }
    // Checked above: the bytes are UTF-8.
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((None, "the file is empty".to_string()));
    }
    if let Some((line, depth)) = too_deep(text) {
        return Err((
            Some(line),
            format!(
                "tables, arrays and dotted keys nest {depth} levels deep here; the limit is \
                 {MAX_DEPTH} levels"
            ),
        ));
    }
    Ok(text)
}

/// The message for a file of `size` bytes, over [`MAX_FILE_BYTES`]. A size just one byte over
/// is a file read only that far (a device such as /dev/zero): its size is not known.
pub fn too_large(size: u64) -> String {
    let limit = MAX_FILE_BYTES;
    if size == limit as u64 + 1 {
        format!(
            "the file has more than {limit} bytes; the limit for a questionnaire is {limit} bytes (4 MiB)"
        )
    } else {
        format!("the file has {size} bytes; the limit for a questionnaire is {limit} bytes (4 MiB)")
    }
}

/// A NUL byte: UTF-16 without a byte-order mark when NULs alternate with ASCII, else binary.
fn nul_message(bytes: &[u8], at: usize) -> String {
    if looks_like_utf16(bytes) {
        format!(
            "the file has NUL bytes between its characters (first at offset {at}): it looks \
             like UTF-16 text without a byte-order mark; save it as UTF-8"
        )
    } else {
        format!(
            "the file has a NUL byte at offset {at}: it is not a text file; a questionnaire is \
             TOML text in UTF-8"
        )
    }
}

/// True when, at the start of `bytes`, most pairs of bytes are a NUL and a non-NUL on the
/// same side: Latin text saved as UTF-16 without a byte-order mark. Shared with the answers
/// loader.
pub(crate) fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256) & !1];
    let pairs = head.len() / 2;
    let nul_at = |side: usize| {
        head.chunks_exact(2)
            .filter(|pair| pair[side] == 0 && pair[1 - side] != 0)
            .count()
    };
    pairs > 0 && (nul_at(0) * 2 > pairs || nul_at(1) * 2 > pairs)
}

/// The first place where nesting goes beyond [`MAX_DEPTH`], as (line, depth), looking at
/// brackets and braces outside strings and comments, plus the dots of dotted keys (a run of
/// dots since the last comma or line break: `a.b.c = { d.e = 1 }` nests 5 deep). Checked
/// before parsing so that a hostile file cannot overflow the parser's stack, and so that the
/// message names the limit.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut dots, mut line) = (0usize, 0usize, 1usize);
    // The quote that opened the string we are in, and whether the next character is escaped.
    let (mut in_str, mut escaped, mut in_comment) = (None::<char>, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            in_comment = false;
            dots = 0;
        }
        if let Some(quote) = in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' && quote == '"' {
                escaped = true;
            } else if c == quote {
                in_str = None;
            }
            continue;
        }
        if in_comment {
            continue;
        }
        match c {
            '"' | '\'' => in_str = Some(c),
            '#' => in_comment = true,
            ',' => dots = 0,
            '.' => dots += 1,
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth + dots > MAX_DEPTH {
            return Some((line, depth + dots));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(bytes: &[u8]) -> Refusal {
        text(bytes).expect_err("refused")
    }

    #[test]
    fn nesting_counts_brackets_braces_and_dotted_keys() {
        assert_eq!(too_deep("a = [[1.5, 2.5], {b.c = 1}]\n"), None);
        let deep = format!("a = {}{}\n", "[".repeat(33), "]".repeat(33));
        assert_eq!(too_deep(&deep), Some((1, 33)));
        let dotted = format!("x = 1\n[{}]\n", vec!["k"; 40].join("."));
        assert_eq!(too_deep(&dotted), Some((2, 33)));
        let mixed = format!(
            "{} = {{ {} = 1 }}\n",
            vec!["k"; 17].join("."),
            vec!["k"; 17].join(".")
        );
        assert_eq!(too_deep(&mixed), Some((1, 33)));
        // Brackets, dots and escaped quotes inside strings and comments do not count.
        let quoted = format!(
            "a = \"\\\"{}\"\nb = '{}' # {}\n",
            "[".repeat(40),
            ".".repeat(40),
            "{".repeat(40)
        );
        assert_eq!(too_deep(&quoted), None);
    }

    #[test]
    fn encodings_are_named() {
        assert_eq!(
            refused(b"\xFF\xFEi\0d\0").1,
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"
        );
        let utf16: Vec<u8> = "id = \"x\"\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            refused(&utf16),
            (
                Some(1),
                "the file has NUL bytes between its characters (first at offset 1): it looks \
                 like UTF-16 text without a byte-order mark; save it as UTF-8"
                    .to_string()
            )
        );
        assert_eq!(
            refused(b"id = 1\nx = \"a\0b\"\n"),
            (
                Some(2),
                "the file has a NUL byte at offset 13: it is not a text file; a questionnaire \
                 is TOML text in UTF-8"
                    .to_string()
            )
        );
        assert_eq!(
            refused(b"id = \"S\xE3o\"\0"),
            (
                Some(1),
                "the file is not UTF-8 text (invalid byte at offset 7); save it as UTF-8"
                    .to_string()
            )
        );
        assert_eq!(
            refused(b"\xEF\xBB\xBF \n\t"),
            (None, "the file is empty".to_string())
        );
        assert_eq!(text(b"\xEF\xBB\xBFid = 1"), Ok("id = 1"));
    }
}
