//! Text copied from input: made safe for a spreadsheet cell and for the terminal.

use std::borrow::Cow;

/// Defends against formula injection: a cell copied from input that starts
/// with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`, so
/// that a spreadsheet shows it as text instead of running it as a formula.
///
/// Use it only for text copied from input, never for numeric columns (it
/// would turn `-3` into `'-3`).
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

const ESC: char = '\u{1b}';
const C1_CSI: char = '\u{9b}';
const C1_OSC: char = '\u{9d}';

/// True for characters that [`strip_control`] removes on their own: control characters and
/// the bidi marks that reorder how text is shown. Also unwelcome in file names.
pub fn is_unwanted(c: char) -> bool {
    c.is_control() // C0 (including tab and line breaks), DEL and C1
        || ('\u{202A}'..='\u{202E}').contains(&c) // bidi embeddings and overrides
        || ('\u{2066}'..='\u{2069}').contains(&c) // bidi isolates
}

/// Makes text from input safe to print on a terminal: removes ANSI escape
/// sequences (CSI such as `ESC [ 31 m`, OSC such as `ESC ] 0 ; title BEL`,
/// and two-character escapes), every C0 and C1 control character (tab and
/// line breaks included, so one cell stays on one line), DEL, and the bidi
/// override and isolate marks U+202A–U+202E and U+2066–U+2069 that can make
/// text display in a different order than it is stored.
pub fn strip_control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unwanted) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']') => {
                    chars.next();
                    skip_osc(&mut chars);
                }
                Some(_) => {
                    // Two-character escape such as ESC c or ESC 7.
                    chars.next();
                }
                None => {}
            },
            C1_CSI => skip_csi(&mut chars),
            C1_OSC => skip_osc(&mut chars),
            c if is_unwanted(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`strip_control`] for a message of several lines: each line is cleaned, the line breaks
/// between them are kept. For errors and warnings, which quote input (file names, cells, ids).
pub fn strip_control_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unwanted(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(strip_control).collect();
    Cow::Owned(lines.join("\n"))
}

/// Skips the parameters and the final byte of a control sequence.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameter and intermediate bytes are 0x20..=0x3F; the final byte is
    // 0x40..=0x7E. Anything else ends the sequence without being eaten.
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3F}' => {
                chars.next();
            }
            '\u{40}'..='\u{7E}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skips an operating system command up to BEL or ST (`ESC \`).
fn skip_osc(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9c}' => return,
            ESC => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn neutralise_prefixes_formula_starters_only() {
        for risky in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for safe in ["", "a=1", "1", " =1", "'=1"] {
            assert!(matches!(neutralise(safe), Cow::Borrowed(s) if s == safe));
        }
    }

    #[test]
    fn strip_control_removes_escapes_controls_and_bidi() {
        assert!(matches!(strip_control("São Tomé"), Cow::Borrowed(_)));
        assert_eq!(strip_control("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(strip_control("a\u{1b}]0;title\u{07}b"), "ab");
        assert_eq!(strip_control("a\u{1b}]8;;http://x\u{1b}\\b"), "ab");
        assert_eq!(strip_control("a\u{9b}2Jb"), "ab");
        assert_eq!(strip_control("a\u{1b}cb"), "ab");
        assert_eq!(strip_control("a\tb\r\nc\u{0}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(
            strip_control("x\u{202E}cba\u{202C}y\u{2066}z\u{2069}"),
            "xcbayz"
        );
        assert_eq!(strip_control("trailing\u{1b}"), "trailing");
        assert_eq!(
            strip_control_lines("a\u{1b}[2Jb\r\n  c\u{7}\n"),
            "ab\n  c\n"
        );
        assert!(matches!(strip_control_lines("a\nb"), Cow::Borrowed(_)));
        assert_eq!(strip_control("\u{1b}[31"), "");
    }

    proptest! {
        #[test]
        fn strip_control_output_is_clean(text in any::<String>()) {
            let out = strip_control(&text);
            prop_assert!(!out.chars().any(is_unwanted));
        }
    }
}
