//! Reading a large CSV file that starts in plain ASCII without a pass over all of it first.
//!
//! Choosing between UTF-8 and Windows-1252 needs to know whether the whole file is valid
//! UTF-8, and a file with NUL bytes is refused: for a file of hundreds of megabytes that
//! pass cost a tenth of the scoring time. But ASCII reads the same in both encodings, and
//! files made by programs are often ASCII throughout. So when the start of a large file is
//! plain ASCII (no NUL), it is read at once, each buffer checked on the way. At the first
//! byte that is not, the rest of the file gets the pass it would have had: a NUL is the
//! same error, invalid UTF-8 means Windows-1252 from there on (what came before is ASCII,
//! the same in both), with the same notice.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, OnceLock};

use encoding_rs::WINDOWS_1252;

use super::decode::{Counted, DecodeReader, windows_1252_notice};
use super::scan::scan_from;

/// Whether every byte is ASCII but NUL: a text that reads the same in UTF-8 and
/// Windows-1252 and holds nothing binary. Checked 64 bytes at a time.
pub(super) fn is_plain(bytes: &[u8]) -> bool {
    bytes
        .chunks(64)
        .all(|c| c.iter().fold(0u8, |any, &b| any | b | b.wrapping_sub(1)) < 0x80)
}

enum Mode {
    /// Every byte so far was plain ASCII.
    Ascii,
    /// The rest was checked: valid UTF-8, passed on as it is.
    Utf8,
    /// The rest was checked: not UTF-8, decoded as Windows-1252.
    Decode(Box<DecodeReader<Counted<Arc<File>>>>),
}

/// The text of a file whose start is plain ASCII.
pub(super) struct AsciiFirst {
    /// The file, read on from where it stands in the first two modes.
    source: Counted<Arc<File>>,
    file: Arc<File>,
    name: String,
    threads: Option<usize>,
    /// File offset of the next byte read in [`Mode::Ascii`].
    offset: u64,
    mode: Mode,
    /// The notice of a fallback to Windows-1252, for the table to show.
    notice: Arc<OnceLock<String>>,
}

impl AsciiFirst {
    /// Reads `file` from its start; `read` counts the bytes read, and `notice` receives
    /// the notice of a late fallback to Windows-1252.
    pub(super) fn new(
        name: &str,
        file: File,
        threads: Option<usize>,
        read: &Arc<AtomicU64>,
        notice: &Arc<OnceLock<String>>,
    ) -> Self {
        let file = Arc::new(file);
        AsciiFirst {
            source: Counted::new(Arc::clone(&file), read),
            file,
            name: name.to_owned(),
            threads,
            offset: 0,
            mode: Mode::Ascii,
            notice: Arc::clone(notice),
        }
    }

    /// The first byte that is not plain ASCII is at `at` in the file, and the bytes read
    /// from it on, `unread` of them, are not handed out yet: checks the rest of the file
    /// and chooses how to read it, from the position each way needs.
    fn choose(&mut self, at: u64, unread: usize) -> io::Result<()> {
        // No start to tell UTF-16 by: what came before `at` is plain ASCII, without NUL.
        let scan =
            scan_from(&self.name, &self.file, &[], at, self.threads).map_err(io::Error::other)?;
        match scan.first_invalid {
            None => {
                // The bytes read stay where they are, in the caller's buffer; the file is read
                // on after them (the check may have moved it where reads at an offset seek).
                (&*self.file).seek(SeekFrom::Start(at + unread as u64))?;
                self.mode = Mode::Utf8;
            }
            Some(invalid) => {
                let _ = self
                    .notice
                    .set(windows_1252_notice(&self.name, invalid, true));
                // Read again from the first byte that is not ASCII, through the decoder.
                (&*self.file).seek(SeekFrom::Start(at))?;
                self.source.uncount(unread as u64);
                let read = Counted::new(Arc::clone(&self.file), self.source.counter());
                self.mode = Mode::Decode(Box::new(DecodeReader::new(read, WINDOWS_1252)));
            }
        }
        Ok(())
    }
}

impl Read for AsciiFirst {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.mode {
            Mode::Ascii => {}
            Mode::Utf8 => return self.source.read(buf),
            Mode::Decode(decoder) => return decoder.read(buf),
        }
        let n = self.source.read(buf)?;
        let got = &buf[..n];
        if is_plain(got) {
            self.offset += n as u64;
            return Ok(n);
        }
        let first = got.iter().position(|&b| b == 0 || b >= 0x80).unwrap_or(n);
        self.choose(self.offset + first as u64, n - first)?;
        match self.mode {
            Mode::Utf8 => Ok(n),
            // The ASCII before the first other byte, or, when there is none, decoded text.
            _ if first > 0 => Ok(first),
            _ => self.read(buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::super::InputError;
    use super::*;

    #[test]
    fn plain_is_ascii_without_nul() {
        assert!(is_plain(b""));
        assert!(is_plain(&[b'a'; 200]));
        assert!(is_plain(&[1, 0x7F]));
        for bad in [0u8, 0x80, 0xC3, 0xFF] {
            for at in [0, 63, 64, 130] {
                let mut bytes = vec![b'x'; 150];
                bytes[at] = bad;
                assert!(!is_plain(&bytes), "{bad:#x} at {at}");
            }
        }
    }

    fn read_all(bytes: &[u8], buffer: usize) -> (Result<Vec<u8>, String>, Vec<String>, u64) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.csv");
        std::fs::write(&path, bytes).expect("write");
        let read = Arc::new(AtomicU64::new(0));
        let notice = Arc::new(OnceLock::new());
        let file = File::open(&path).expect("open");
        let mut reader = AsciiFirst::new("big.csv", file, Some(2), &read, &notice);
        let mut out = Vec::new();
        let mut buf = vec![0; buffer];
        let result = loop {
            match reader.read(&mut buf) {
                Ok(0) => break Ok(out),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break Err(InputError::io("big.csv", e).to_string()),
            }
        };
        let notices: Vec<String> = notice.get().cloned().into_iter().collect();
        (result, notices, read.load(Ordering::Relaxed))
    }

    #[test]
    fn utf8_after_an_ascii_start_passes_as_it_is() {
        let mut bytes = b"id,name\n".repeat(100);
        bytes.extend_from_slice("1,São Tomé\n".as_bytes());
        bytes.extend_from_slice(&b"2,x\n".repeat(50));
        for buffer in [7, 64, 4096] {
            let (text, notices, read) = read_all(&bytes, buffer);
            assert_eq!(text.as_deref(), Ok(&bytes[..]));
            assert!(notices.is_empty());
            assert_eq!(read, bytes.len() as u64);
        }
    }

    #[test]
    fn windows_1252_after_an_ascii_start_is_decoded_from_there() {
        let mut bytes = b"id,name\n".repeat(100);
        let at = bytes.len() + 2;
        bytes.extend_from_slice(b"1,S\xE3o Tom\xE9\n2,x\n");
        let mut expected = b"id,name\n".repeat(100);
        expected.extend_from_slice("1,São Tomé\n2,x\n".as_bytes());
        for buffer in [7, 64, 4096] {
            let (text, notices, read) = read_all(&bytes, buffer);
            assert_eq!(text.as_deref(), Ok(&expected[..]), "buffer {buffer}");
            assert_eq!(
                notices,
                [windows_1252_notice("big.csv", at as u64 + 1, true)],
                "the first invalid byte is the second of \u{e3}o"
            );
            assert_eq!(read, bytes.len() as u64, "no byte counted twice");
        }
    }

    #[test]
    fn a_nul_after_an_ascii_start_is_the_usual_error() {
        let mut bytes = b"id,name\n".repeat(100);
        let at = bytes.len() as u64 + 4;
        bytes.extend_from_slice(b"1,ab\0c\n");
        let (text, _, _) = read_all(&bytes, 64);
        let message = text.expect_err("NUL");
        assert!(message.contains(&format!("offset {at}")), "{message}");
    }
}
