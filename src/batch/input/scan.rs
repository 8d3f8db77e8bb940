//! The pass over a whole CSV file that chooses its encoding: it looks for NUL bytes (the
//! file is binary, or UTF-16 without a byte-order mark) and for the first byte that is not
//! valid UTF-8.
//!
//! No row can be read until it is done (unless the file starts in plain ASCII, see
//! `ascii_first.rs`), so a large file is checked in parts, one per core. Each part starts on a character: the up to three continuation bytes at a nominal
//! boundary belong to the part before. The parts' findings, taken in order, are what one
//! pass from the start would find.

use std::fs::File;
use std::io;

use super::InputError;
use super::decode::CHUNK;
use super::sniff;

/// What a pass over the whole file found.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Scan {
    pub first_invalid: Option<u64>,
}

/// Files smaller than this are checked in one part: threads would cost more than they save.
const PARALLEL_BYTES: u64 = 16 << 20;
const MAX_PARTS: usize = 8;

/// Checks the whole file for NUL bytes (an error) and the first byte that is not valid
/// UTF-8, on up to `threads` threads (default one per core). `head` is the start of the
/// file. Reads at offsets, which leaves the file position as it was on Unix and Windows
/// (elsewhere it seeks).
pub(super) fn scan_text(
    file_name: &str,
    file: &File,
    head: &[u8],
    threads: Option<usize>,
) -> Result<Scan, InputError> {
    scan_from(file_name, file, head, 0, threads)
}

/// [`scan_text`] on the part of the file from `start` (the start of a character) on.
pub(super) fn scan_from(
    file_name: &str,
    file: &File,
    head: &[u8],
    start: u64,
    threads: Option<usize>,
) -> Result<Scan, InputError> {
    let size = file
        .metadata()
        .map_err(|e| InputError::io(file_name, e))?
        .len();
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let parts = if size.saturating_sub(start) < PARALLEL_BYTES || !POSITIONAL {
        1
    } else {
        threads.clamp(1, MAX_PARTS)
    };
    scan_in_parts(file_name, file, head, start, size.max(start), parts)
}

fn scan_in_parts(
    file_name: &str,
    file: &File,
    head: &[u8],
    start: u64,
    size: u64,
    parts: usize,
) -> Result<Scan, InputError> {
    // The start of the file tells UTF-16 without BOM from other binary data.
    if let Some(offset) = memchr::memchr(0, head) {
        return Err(nul_error(file_name, head, offset as u64));
    }
    let io_error = |e| InputError::io(file_name, e);
    let mut bounds = vec![start];
    for k in 1..parts as u64 {
        let nominal = start + (size - start) * k / parts as u64;
        let start = nominal + continuation_bytes_at(file, nominal).map_err(io_error)?;
        bounds.push(start.max(*bounds.last().unwrap_or(&0)));
    }
    bounds.push(size);
    let found: Vec<io::Result<Part>> = if parts == 1 {
        vec![scan_part(file, start, u64::MAX)]
    } else {
        std::thread::scope(|scope| {
            let running: Vec<_> = bounds
                .windows(2)
                .map(|w| {
                    let (start, end) = (w[0], w[1]);
                    scope.spawn(move || scan_part(file, start, end))
                })
                .collect();
            running
                .into_iter()
                .map(|t| {
                    t.join()
                        .unwrap_or_else(|_| Err(io::Error::other("the check stopped")))
                })
                .collect()
        })
    };
    let mut scan = Scan::default();
    for part in found {
        let part = part.map_err(io_error)?;
        if let Some(offset) = part.first_nul {
            return Err(nul_error(file_name, head, offset));
        }
        scan.first_invalid = scan.first_invalid.or(part.first_invalid);
    }
    Ok(scan)
}

/// What one part holds.
#[derive(Debug, Default)]
struct Part {
    first_nul: Option<u64>,
    first_invalid: Option<u64>,
}

/// Checks the bytes from `start` to `end` (or the end of the file), which start on a
/// character, one chunk at a time.
fn scan_part(file: &File, start: u64, end: u64) -> io::Result<Part> {
    let mut part = Part::default();
    let mut buf = vec![0u8; CHUNK + 4];
    // `carry` bytes at the start of `buf` are an incomplete UTF-8 sequence left over from
    // the previous chunk; `base` is the file offset of buf[0], `next` that of the next read.
    let mut carry = 0usize;
    let mut base = start;
    let mut next = start;
    loop {
        let want = end.saturating_sub(next).min(CHUNK as u64) as usize;
        let n = read_full_at(file, &mut buf[carry..carry + want], next)?;
        next += n as u64;
        if n == 0 {
            if carry > 0 && part.first_invalid.is_none() {
                part.first_invalid = Some(base);
            }
            return Ok(part);
        }
        let data = &buf[..carry + n];
        if let Some(at) = memchr::memchr(0, &data[carry..]) {
            part.first_nul = Some(base + (carry + at) as u64);
            return Ok(part);
        }
        let mut next_carry = 0;
        if part.first_invalid.is_none()
            && let Err(e) = std::str::from_utf8(data)
        {
            match e.error_len() {
                Some(_) => part.first_invalid = Some(base + e.valid_up_to() as u64),
                // Truncated sequence at the end: finish it with the next chunk.
                None => next_carry = data.len() - e.valid_up_to(),
            }
        }
        let consumed = data.len() - next_carry;
        buf.copy_within(consumed..consumed + next_carry, 0);
        base += consumed as u64;
        carry = next_carry;
    }
}

/// How many of the (up to three) bytes at `offset` are UTF-8 continuation bytes: they
/// finish a character that starts before.
fn continuation_bytes_at(file: &File, offset: u64) -> io::Result<u64> {
    let mut bytes = [0u8; 3];
    let n = read_full_at(file, &mut bytes, offset)?;
    Ok(bytes[..n]
        .iter()
        .take_while(|b| (0x80..0xC0).contains(*b))
        .count() as u64)
}

/// Reads into all of `buf` from `offset`, or up to the end of the file.
fn read_full_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match read_at(file, &mut buf[filled..], offset + filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Whether this platform reads at an offset without moving a shared file position, so
/// that threads can read parts of one file at once.
const POSITIONAL: bool = cfg!(any(unix, windows));

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(not(any(unix, windows)))]
fn read_at(mut file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(offset))?;
    file.read(buf)
}

pub(super) fn nul_error(file_name: &str, head: &[u8], offset: u64) -> InputError {
    match sniff::utf16_without_bom(head) {
        Some(suggestion) => InputError::Utf16WithoutBom {
            file: file_name.to_owned(),
            offset,
            suggestion,
        },
        None => InputError::Binary {
            file: file_name.to_owned(),
            offset,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_bytes(bytes: &[u8], parts: usize) -> Result<Scan, String> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.csv");
        std::fs::write(&path, bytes).expect("write");
        let file = File::open(&path).expect("open");
        let head = &bytes[..bytes.len().min(64)];
        scan_in_parts("a.csv", &file, head, 0, bytes.len() as u64, parts).map_err(|e| e.to_string())
    }

    #[test]
    fn sequences_split_across_chunks() {
        // A 3-byte character across the chunk boundary.
        let mut bytes = vec![b'a'; CHUNK - 1];
        bytes.extend_from_slice("€€".as_bytes());
        assert_eq!(scan_bytes(&bytes, 1), Ok(Scan::default()));
        // A truncated sequence at the very end is invalid at its first byte.
        bytes.truncate(bytes.len() - 1);
        let truncated = Scan {
            first_invalid: Some(CHUNK as u64 + 2),
        };
        assert_eq!(scan_bytes(&bytes, 1), Ok(truncated));
    }

    /// Every way of splitting a text with multi-byte characters, stray continuation bytes,
    /// truncated sequences and NULs finds what one pass finds.
    #[test]
    fn parts_find_what_one_pass_finds() {
        let pieces: [&[u8]; 9] = [
            b"id,country\n",
            "é".as_bytes(),
            "€".as_bytes(),
            "𝄞".as_bytes(),
            b"\x80",
            b"\xE2\x82",
            b"\xF0\x80\x80\x80",
            b"plain text, more text\n",
            b"\0",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..300 {
            let mut bytes = Vec::new();
            while bytes.len() < 80 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Mostly valid text; now and then a bad piece.
                let i = (seed % 40) as usize;
                let piece = match i {
                    0 => pieces[4],
                    1 => pieces[5],
                    2 => pieces[6],
                    3 => pieces[8],
                    i => pieces[i % 4],
                };
                bytes.extend_from_slice(piece);
                if i.is_multiple_of(5) {
                    bytes.extend_from_slice(pieces[7]);
                }
            }
            let one = scan_bytes(&bytes, 1);
            for parts in 2..=7 {
                assert_eq!(scan_bytes(&bytes, parts), one, "{parts} parts of {bytes:?}");
            }
        }
    }
}
