//! Choosing the text encoding of a CSV file and streaming it as UTF-8.
//!
//! Valid UTF-8 (by far the common case) is fed to the CSV parser as it is;
//! anything else goes through an `encoding_rs` decoder one buffer at a time,
//! so a file of hundreds of megabytes is never held in memory. Whether a file is
//! valid UTF-8 is found by the pass in `scan.rs`, before reading, or for a large file
//! that starts in plain ASCII, while reading (`ascii_first.rs`).

use std::fs::File;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::InputError;
use super::ascii_first::is_plain;
use super::scan::scan_text;

pub(super) const CHUNK: usize = 256 * 1024;

/// How the bytes of the file become UTF-8 text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Plan {
    /// The file is valid UTF-8: read it as it is, after `skip` bytes of BOM.
    Utf8 { skip: u64 },
    /// Decode the whole file with this encoding (a BOM of that encoding is
    /// removed by the decoder).
    Decode(&'static Encoding),
    /// A large file starting in plain ASCII: read it at once, and check the rest at its
    /// first other byte (see [`super::ascii_first`]).
    AsciiFirst,
}

/// Files from this size on whose start is plain ASCII are read without a pass over all of
/// them first (smaller ones are checked at once: it costs little and finds a NUL byte
/// before any row is read).
const ASCII_FIRST_BYTES: u64 = if cfg!(test) { 256 * 1024 } else { 16 << 20 };

/// The notice for a file read as Windows-1252 because it is not valid UTF-8; `late` when
/// that was found past a plain ASCII start, already said to be read as UTF-8 (which reads
/// the same), see `ascii_first.rs`.
pub(super) fn windows_1252_notice(file_name: &str, offset: u64, late: bool) -> String {
    let from_there = if late {
        " from there on (the plain ASCII before it reads the same in both)"
    } else {
        ""
    };
    format!(
        "{file_name} is not valid UTF-8 (first invalid byte at offset {offset}): decoded as \
         Windows-1252{from_there}; pass --encoding to choose another encoding"
    )
}

/// The encoding chosen for a file, with the words used to report it.
#[derive(Debug)]
pub(super) struct Choice {
    pub plan: Plan,
    /// E.g. "UTF-8 (with BOM)" or "Windows-1252 (as given)".
    pub label: String,
    pub notice: Option<String>,
}

/// A friendly name for an encoding, as people know it from their editors.
pub(super) fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == WINDOWS_1252 {
        "Windows-1252"
    } else {
        encoding.name()
    }
}

/// Chooses the encoding of a CSV file from `opts_encoding` (an encoding_rs
/// label), its byte-order mark, or a streaming check that it is valid UTF-8
/// (falling back to Windows-1252) on up to `threads` threads (default one per
/// core). `head` is the start of the file. Also refuses files with NUL bytes,
/// which text never has. A large file that starts in plain ASCII is left to
/// [`Plan::AsciiFirst`], which does that check and refusal while reading.
pub(super) fn choose(
    file_name: &str,
    file: &mut File,
    head: &[u8],
    opts_encoding: Option<&str>,
    threads: Option<usize>,
) -> Result<Choice, InputError> {
    let utf16 = |e: &'static Encoding| e == UTF_16LE || e == UTF_16BE;
    if let Some(label) = opts_encoding {
        let encoding =
            Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
                InputError::UnknownEncoding {
                    file: file_name.to_owned(),
                    label: label.to_owned(),
                }
            })?;
        let label = format!("{} (as given)", display_name(encoding));
        if utf16(encoding) {
            return Ok(Choice {
                plan: Plan::Decode(encoding),
                label,
                notice: None,
            });
        }
        let scan = scan_text(file_name, file, head, threads)?;
        if encoding != UTF_8 {
            return Ok(Choice {
                plan: Plan::Decode(encoding),
                label,
                notice: None,
            });
        }
        let bom = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        return Ok(match scan.first_invalid {
            None => Choice {
                plan: Plan::Utf8 { skip: bom },
                label,
                notice: None,
            },
            Some(offset) => Choice {
                plan: Plan::Decode(UTF_8),
                label,
                notice: Some(format!(
                    "{file_name} is not valid UTF-8 (first invalid byte at offset {offset}): \
                     invalid bytes were replaced with U+FFFD"
                )),
            },
        });
    }

    if let Some((encoding, _)) = Encoding::for_bom(head) {
        if utf16(encoding) {
            return Ok(Choice {
                plan: Plan::Decode(encoding),
                label: format!("{} (with BOM)", encoding.name()),
                notice: None,
            });
        }
        // UTF-8 with BOM.
        let scan = scan_text(file_name, file, head, threads)?;
        return Ok(match scan.first_invalid {
            None => Choice {
                plan: Plan::Utf8 { skip: 3 },
                label: "UTF-8 (with BOM)".to_owned(),
                notice: None,
            },
            Some(offset) => Choice {
                plan: Plan::Decode(UTF_8),
                label: "UTF-8 (with BOM)".to_owned(),
                notice: Some(format!(
                    "{file_name} starts with a UTF-8 byte-order mark but is not valid UTF-8 \
                     (first invalid byte at offset {offset}): invalid bytes were replaced \
                     with U+FFFD; pass --encoding windows-1252 if it was saved that way"
                )),
            },
        });
    }

    let size = file
        .metadata()
        .map_err(|e| InputError::io(file_name, e))?
        .len();
    if size >= ASCII_FIRST_BYTES && is_plain(head) {
        return Ok(Choice {
            plan: Plan::AsciiFirst,
            label: "UTF-8".to_owned(),
            notice: None,
        });
    }
    let scan = scan_text(file_name, file, head, threads)?;
    Ok(match scan.first_invalid {
        None => Choice {
            plan: Plan::Utf8 { skip: 0 },
            label: "UTF-8".to_owned(),
            notice: None,
        },
        Some(offset) => Choice {
            plan: Plan::Decode(WINDOWS_1252),
            label: "Windows-1252".to_owned(),
            notice: Some(windows_1252_notice(file_name, offset, false)),
        },
    })
}

pub(super) fn rewind(file_name: &str, file: &mut File, to: u64) -> Result<(), InputError> {
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(to))
        .map(|_| ())
        .map_err(|e| InputError::io(file_name, e))
}

/// Counts the bytes read from the file, for the progress bar (the reader sits inside the
/// boxed stream, so the count is shared).
pub(super) struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub(super) fn new(inner: R, read: &Arc<AtomicU64>) -> Self {
        Counted {
            inner,
            read: Arc::clone(read),
        }
    }

    /// Takes back `n` bytes from the count: they are read again.
    pub(super) fn uncount(&self, n: u64) {
        self.read.fetch_sub(n, Ordering::Relaxed);
    }

    /// The shared count.
    pub(super) fn counter(&self) -> &Arc<AtomicU64> {
        &self.read
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads until `buf` is full or the end of the input, retrying interrupted
/// reads.
pub(super) fn read_some<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A reader that decodes its input into UTF-8 as it goes. Malformed input is
/// replaced with U+FFFD; a byte-order mark matching the encoding is removed.
pub(super) struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    input: Box<[u8]>,
    in_start: usize,
    in_end: usize,
    input_done: bool,
    output: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    finished: bool,
}

impl<R: Read> DecodeReader<R> {
    pub(super) fn new(inner: R, encoding: &'static Encoding) -> Self {
        DecodeReader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; CHUNK].into_boxed_slice(),
            in_start: 0,
            in_end: 0,
            input_done: false,
            // Room for any chunk: UTF-8 output is at most 3 bytes per input
            // byte for every encoding_rs decoder, plus a pending character.
            output: vec![0; CHUNK * 3 + 16].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            finished: false,
        }
    }

    /// Decodes the next chunk into `output`. Returns false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        while !self.finished {
            if self.in_start == self.in_end && !self.input_done {
                let n = read_some(&mut self.inner, &mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.input_done = n == 0;
            }
            let last = self.input_done;
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                last,
            );
            self.in_start += read;
            if last && result == CoderResult::InputEmpty {
                self.finished = true;
            }
            if written > 0 {
                self.out_start = 0;
                self.out_end = written;
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_start == self.out_end && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], encoding: &'static Encoding, chunk: usize) -> String {
        let mut reader = DecodeReader::new(bytes, encoding);
        let mut out = Vec::new();
        let mut buf = vec![0u8; chunk];
        loop {
            let n = reader.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        String::from_utf8(out).expect("decoder output is UTF-8")
    }

    #[test]
    fn decodes_windows_1252_in_small_reads() {
        assert_eq!(decode_all(b"S\xE3o Tom\xE9", WINDOWS_1252, 1), "São Tomé");
    }

    #[test]
    fn decodes_utf16_and_drops_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é,x".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_all(&le, UTF_16LE, 7), "é,x");
        // An odd trailing byte is replaced, not dropped silently or fatal.
        let mut odd = le.clone();
        odd.push(b'a');
        assert_eq!(decode_all(&odd, UTF_16LE, 4096), "é,x\u{FFFD}");
    }
}
