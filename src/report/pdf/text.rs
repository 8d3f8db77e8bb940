//! Line breaking and shortening by measured glyph widths.

use super::fonts::{FontStyle, face};

/// Text after sanitising, with its style and size: the unit every block
/// measures and wraps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub style: FontStyle,
    pub size: f32,
}

impl Font {
    pub(crate) const fn regular(size: f32) -> Font {
        Font {
            style: FontStyle::Regular,
            size,
        }
    }

    pub(crate) const fn bold(size: f32) -> Font {
        Font {
            style: FontStyle::Bold,
            size,
        }
    }

    /// Width of `text` in points.
    pub(crate) fn width(self, text: &str) -> f32 {
        face(self.style).width(text, self.size)
    }
}

/// Breaks `text` into lines no wider than `max` points. Newlines force a
/// break; runs of spaces collapse; a word wider than a whole line is split
/// between characters (preferably after a hyphen or slash). Always returns at
/// least one line (possibly empty).
pub(crate) fn wrap(text: &str, font: Font, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let space = font.width(" ");
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let w = font.width(word);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_w + gap + w <= max {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += gap + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if w <= max {
                line.push_str(word);
                line_w = w;
            } else {
                let mut pieces = split_long_word(word, font, max);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                line_w = font.width(&last);
                line = last;
            }
        }
        lines.push(line);
    }
    lines
}

/// Splits a word wider than `max` into pieces that fit, breaking after the
/// last hyphen or slash that fits, else between letters with a hyphen added.
fn split_long_word(word: &str, font: Font, max: f32) -> Vec<String> {
    let hyphen = font.width("-");
    let mut pieces = Vec::new();
    let mut rest = word;
    while !rest.is_empty() && font.width(rest) > max {
        let (mut end, mut end_h, mut soft) = (0, 0, None);
        let mut w = 0.0;
        for (i, c) in rest.char_indices() {
            w += font.width(c.encode_utf8(&mut [0; 4]));
            if w > max && end > 0 {
                break;
            }
            end = i + c.len_utf8();
            if w + hyphen <= max {
                end_h = end;
            }
            if matches!(c, '-' | '/' | '\u{2010}' | '\u{2013}') {
                soft = Some(end);
            }
        }
        // Leave at least three characters for the next piece ("coordina-tion",
        // not "coordinatio-n").
        let tail = rest[end_h..].chars().count();
        if (1..3).contains(&tail) {
            let back: usize = rest[..end_h]
                .chars()
                .rev()
                .take(3 - tail)
                .map(char::len_utf8)
                .sum();
            if rest[..end_h - back].chars().count() >= 3 {
                end_h -= back;
            }
        }
        let hyphenate = end_h > 0 && {
            let (a, b) = rest.split_at(end_h);
            a.chars().last().is_some_and(char::is_alphabetic)
                && b.chars().next().is_some_and(char::is_alphabetic)
        };
        let (cut, add_hyphen) = match soft {
            Some(s) if s < rest.len() => (s, false),
            _ if hyphenate => (end_h, true),
            _ => (end, false),
        };
        let mut piece = rest[..cut].to_string();
        if add_hyphen {
            piece.push('-');
        }
        rest = &rest[cut..];
        pieces.push(piece);
    }
    pieces.push(rest.to_string());
    pieces
}

/// The largest size, from `font.size` down to `min`, at which the longest
/// word of each `(text, width)` fits its width, so narrow headers and chart
/// labels shrink a little before any word must be split.
pub(crate) fn fit_words<'a>(
    items: impl Iterator<Item = (&'a str, f32)>,
    font: Font,
    min: f32,
) -> Font {
    let mut scale = 1.0f32;
    for (text, width) in items {
        for word in text.split([' ', '\n']) {
            let w = font.width(word);
            if w > width && w > 0.0 {
                scale = scale.min(width / w);
            }
        }
    }
    Font {
        size: (font.size * scale).clamp(min.min(font.size), font.size),
        ..font
    }
}

/// `text` shortened with a trailing ellipsis so it is no wider than `max`
/// (unchanged when it already fits; newlines become spaces).
pub(crate) fn ellipsize(text: &str, font: Font, max: f32) -> String {
    let flat: String = text.replace('\n', " ");
    if font.width(&flat) <= max {
        return flat;
    }
    let budget = max - font.width("…");
    let mut out = String::new();
    let mut w = 0.0;
    for c in flat.chars() {
        let cw = font.width(c.encode_utf8(&mut [0; 4]));
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Wraps to at most `max_lines` lines; if text is left over, the last line
/// ends with an ellipsis.
pub(crate) fn wrap_limited(text: &str, font: Font, max: f32, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, font, max);
    if lines.len() > max_lines.max(1) {
        let keep = max_lines.max(1);
        let rest = lines[keep - 1..].join(" ");
        lines.truncate(keep - 1);
        lines.push(ellipsize(&(rest + " …"), font, max));
    }
    lines
}

/// Like [`wrap_limited`], but when the text takes two or more lines, makes
/// them about equally long (no lone last word), as chart labels should be.
pub(crate) fn wrap_balanced(text: &str, font: Font, max: f32, max_lines: usize) -> Vec<String> {
    let lines = wrap(text, font, max);
    let n = lines.len();
    if n < 2 || n > max_lines.max(1) || text.contains('\n') {
        return wrap_limited(text, font, max, max_lines);
    }
    let (mut lo, mut hi) = (max / n as f32, max);
    for _ in 0..10 {
        let mid = (lo + hi) / 2.0;
        if wrap(text, font, mid).len() > n {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    wrap(text, font, hi)
}
