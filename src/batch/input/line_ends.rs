//! Lone carriage returns as line breaks, so that a file whose lines end in CR, LF and CRLF
//! alike (passed between Mac, Windows and Unix editors) reads as the rows a spreadsheet
//! shows, each numbered by its line.

use std::io::{self, Read};

use super::decode::read_some;

/// Turns every carriage return that ends a line without a line feed into a line feed. CRLF
/// is left as it is, and so is any CR inside a quoted cell: the reader follows the quoting as
/// the CSV parser does (a quote opens a quoted cell only at the start of a field).
///
/// Only quotes and CRs need a look, so they are found with `memchr`: a file without them
/// passes at several GB/s, a CRLF file with quotes on every line at over 2 GB/s, far above
/// the parser's speed.
pub(super) struct LoneCr<R> {
    inner: R,
    delimiter: u8,
    in_quotes: bool,
    /// The last byte seen was a quote inside a quoted cell: the next byte tells whether it
    /// closed the cell or was the first of a doubled pair.
    quote_pending: bool,
    /// The last byte handed out: a quote opens a cell only after a delimiter or line break.
    prev: Option<u8>,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> LoneCr<R> {
    pub(super) fn new(inner: R, delimiter: u8) -> Self {
        LoneCr {
            inner,
            delimiter,
            in_quotes: false,
            quote_pending: false,
            prev: None,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
        }
    }

    /// Moves what is left (at most a CR held back) to the front and reads more after it.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        let n = read_some(&mut self.inner, &mut self.buf[self.end..])?;
        self.end += n;
        self.eof = n == 0;
        Ok(())
    }

    /// Follows the quoting through `out` (a copy of the buffer from `base`) and turns its lone
    /// CRs outside quotes into LFs.
    fn convert(&mut self, out: &mut [u8], base: usize) {
        let mut i = 0;
        while i < out.len() {
            if self.quote_pending {
                self.quote_pending = false;
                if out[i] == b'"' {
                    i += 1; // a doubled quote: still inside the cell
                    continue;
                }
                self.in_quotes = false;
            }
            let Some(offset) = memchr::memchr2(b'"', b'\r', &out[i..]) else {
                break;
            };
            let p = i + offset;
            if out[p] == b'"' {
                if self.in_quotes {
                    self.quote_pending = true;
                } else {
                    let prev = if p > 0 { Some(out[p - 1]) } else { self.prev };
                    if prev.is_none_or(|b| b == self.delimiter || b == b'\n') {
                        self.in_quotes = true;
                    }
                }
            } else if !self.in_quotes {
                let at = base + p;
                let crlf = at + 1 < self.end && self.buf[at + 1] == b'\n';
                if !crlf {
                    out[p] = b'\n';
                }
            }
            i = p + 1;
        }
        if let Some(&last) = out.last() {
            self.prev = Some(last);
        }
    }
}

impl<R: Read> Read for LoneCr<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            // A CR at the end of the buffer waits until the next byte is known.
            let mut ready = self.end;
            if !self.eof && ready > self.start && self.buf[ready - 1] == b'\r' {
                ready -= 1;
            }
            if ready > self.start || self.eof || out.is_empty() {
                let n = out.len().min(ready - self.start);
                out[..n].copy_from_slice(&self.buf[self.start..self.start + n]);
                let base = self.start;
                self.convert(&mut out[..n], base);
                self.start += n;
                return Ok(n);
            }
            self.fill()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn convert(text: &[u8], inner_chunk: usize, chunk: usize) -> Vec<u8> {
        // An inner reader that hands out `inner_chunk` bytes at a time.
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(self.1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut reader = LoneCr::new(Slow(text, inner_chunk), b',');
        let mut out = Vec::new();
        let mut buf = vec![0u8; chunk];
        loop {
            let n = reader.read(&mut buf).expect("read");
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    /// The same rules, one byte at a time: what the fast reader must agree with.
    fn reference(text: &[u8]) -> Vec<u8> {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            Start,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let mut state = S::Start;
        let mut out = text.to_vec();
        for (i, byte) in out.iter_mut().enumerate() {
            if *byte == b'\r' && state != S::Quoted && text.get(i + 1) != Some(&b'\n') {
                *byte = b'\n';
            }
            state = match (state, *byte) {
                (S::Quoted, b'"') => S::QuoteInQuoted,
                (S::Quoted, _) => S::Quoted,
                (S::QuoteInQuoted, b'"') => S::Quoted,
                (S::Start, b'"') => S::Quoted,
                (_, b'\n' | b'\r' | b',') => S::Start,
                _ => S::Unquoted,
            };
        }
        out
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds() {
        let text = b"a\rb\r\nc\nd\r\r\ne,\"q\rq\"\"\r\",5\"\r\r";
        let want = b"a\nb\r\nc\nd\n\r\ne,\"q\rq\"\"\r\",5\"\n\n";
        for (inner, chunk) in [(1, 1), (2, 3), (7, 2), (64, 64)] {
            assert_eq!(convert(text, inner, chunk), want, "{inner}, {chunk}");
        }
        assert_eq!(reference(text), want);
        // A CRLF split between two reads of the inner reader stays a CRLF.
        assert_eq!(convert(b"x\r\ny", 2, 8), b"x\r\ny");
    }

    proptest! {
        #[test]
        fn agrees_with_the_byte_by_byte_rules(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(&b"\r"[..]), Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\""[..]),
                    Just(&b"\"\""[..]), Just(&b","[..]), Just(&b"a"[..]), Just(&b" "[..]),
                ],
                0..64,
            ),
            inner in 1usize..9,
            chunk in 1usize..9,
        ) {
            let text = parts.concat();
            prop_assert_eq!(convert(&text, inner, chunk), reference(&text));
        }
    }
}
