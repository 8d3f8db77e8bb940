//! Guessing what a file is from its first bytes: the CSV delimiter, UTF-16
//! without a byte-order mark, workbooks with a misleading extension.

/// Delimiters tried, in order of preference when two fit equally well.
pub(super) const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Records looked at when guessing the delimiter.
const SAMPLE_RECORDS: usize = 50;

/// Guesses the delimiter from a sample of the decoded text: the candidate
/// that splits every sampled record (header included) into the same number
/// of fields, more than one, wins; next best is one that does so below a
/// one-cell title row, then one that does so for most records. Ties go to
/// the candidate giving more fields, then to the order of [`CANDIDATES`].
/// `complete` says the sample is the whole file (else its last record may be
/// cut short and is not used). `None` when no candidate splits anything.
pub(super) fn delimiter(sample: &[u8], complete: bool) -> Option<u8> {
    let mut best: Option<((u8, usize, usize), u8)> = None;
    for &candidate in &CANDIDATES {
        let Some(score) = score(sample, complete, candidate) else {
            continue;
        };
        // Strictly greater: earlier candidates win ties.
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, d)| d)
}

/// (tier, fields in the header, records agreeing) for one candidate.
fn score(sample: &[u8], complete: bool, delimiter: u8) -> Option<(u8, usize, usize)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(sample);
    // (fields, non-empty fields) of each non-blank record; blank ones (such
    // as ";;;") only count when there is nothing else.
    let mut shapes: Vec<(usize, usize)> = Vec::new();
    let mut blank_shapes: Vec<(usize, usize)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut cut_short = false;
    while shapes.len() <= SAMPLE_RECORDS {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        if !complete && reader.position().byte() >= sample.len() as u64 {
            // Reached the end of an incomplete sample: this record may be
            // cut short. Keep it only if it is the only one.
            cut_short = true;
        }
        let non_empty = record
            .iter()
            .filter(|f| !f.iter().all(u8::is_ascii_whitespace))
            .count();
        let list = if non_empty > 0 {
            &mut shapes
        } else {
            &mut blank_shapes
        };
        list.push((record.len(), non_empty));
        if cut_short {
            if list.len() > 1 {
                list.pop();
            }
            break;
        }
    }
    if shapes.is_empty() {
        shapes = blank_shapes;
    }
    let (&(first, first_non_empty), rest) = shapes.split_first()?;
    let all_same = |records: &[(usize, usize)], n: usize| records.iter().all(|&(f, _)| f == n);
    if first > 1 && all_same(rest, first) {
        return Some((3, first, shapes.len()));
    }
    if first_non_empty <= 1
        && let Some(&(second, _)) = rest.first()
        && second > 1
        && all_same(rest, second)
    {
        return Some((2, second, rest.len()));
    }
    // Most common field count above one, if most records have it.
    let mut counts: Vec<usize> = shapes.iter().map(|&(f, _)| f).filter(|&f| f > 1).collect();
    counts.sort_unstable();
    let mut mode = (0usize, 0usize); // (agreeing records, fields)
    for group in counts.chunk_by(|a, b| a == b) {
        if (group.len(), group[0]) > mode {
            mode = (group.len(), group[0]);
        }
    }
    if mode.0 * 2 > shapes.len() {
        return Some((1, mode.1, mode.0));
    }
    None
}

/// How a delimiter appears in messages: `';'`, `tab`.
pub(super) fn show_delimiter(d: u8) -> String {
    match d {
        b'\t' => "tab".to_owned(),
        d if d.is_ascii_graphic() || d == b' ' => format!("'{}'", d as char),
        d => format!("byte 0x{d:02X}"),
    }
}

/// When NUL bytes sit at every other position at the start of the file, the
/// file is most likely UTF-16 text saved without a byte-order mark: returns
/// the `--encoding` to suggest.
pub(super) fn utf16_without_bom(head: &[u8]) -> Option<&'static str> {
    let pairs = head.len().min(4096) / 2;
    if pairs == 0 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head[..pairs * 2].chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Latin text in UTF-16LE is "x\0y\0": NULs at odd offsets.
    if odd * 10 >= pairs * 4 && even * 10 < pairs {
        Some("utf-16le")
    } else if even * 10 >= pairs * 4 && odd * 10 < pairs {
        Some("utf-16be")
    } else {
        None
    }
}

/// Workbook formats recognised from their first bytes, whatever the
/// extension: a zip archive (xlsx, ods) or an OLE compound file (xls).
pub(super) fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_consistent_semicolon_over_decimal_comma() {
        let text = b"id;name;score\n1;S\xE3o Tom\xE9;3,5\n2;Lisboa;4,0\n";
        assert_eq!(delimiter(text, true), Some(b';'));
    }

    #[test]
    fn finds_tab_and_pipe() {
        assert_eq!(delimiter(b"a\tb\tc\n1\t2\t3\n", true), Some(b'\t'));
        assert_eq!(delimiter(b"a|b\n1|2\n", true), Some(b'|'));
        assert_eq!(delimiter(b"a,b,c\n1,2,3\n", true), Some(b','));
    }

    #[test]
    fn quoted_delimiters_do_not_count() {
        let text = b"id,comment\n1,\"a; b; c\"\n2,\"d; e\"\n";
        assert_eq!(delimiter(text, true), Some(b','));
    }

    #[test]
    fn title_row_above_header() {
        let text = b"Survey 2024\nid;name\n1;x\n2;y\n";
        assert_eq!(delimiter(text, true), Some(b';'));
    }

    #[test]
    fn ragged_file_still_finds_the_delimiter() {
        let text = b"a;b;c\n1;2;3\n1;2;3;4\n1;2;3\n";
        assert_eq!(delimiter(text, true), Some(b';'));
    }

    #[test]
    fn blank_rows_alone_still_show_the_delimiter() {
        assert_eq!(delimiter(b";;;\n;;;\n", true), Some(b';'));
    }

    #[test]
    fn single_column_has_no_delimiter() {
        assert_eq!(delimiter(b"id\n1\n2\n", true), None);
    }

    #[test]
    fn incomplete_sample_ignores_its_last_record() {
        // Cut in the middle of the third record, where a ';' appears.
        let text = b"a,b\n1,2\n3;";
        assert_eq!(delimiter(text, false), Some(b','));
    }

    #[test]
    fn utf16_patterns() {
        let le: Vec<u8> = "id,name\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "id,name\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_without_bom(&le), Some("utf-16le"));
        assert_eq!(utf16_without_bom(&be), Some("utf-16be"));
        assert_eq!(utf16_without_bom(b"\x00\x00\x00\x00\x89PNG"), None);
    }
}
