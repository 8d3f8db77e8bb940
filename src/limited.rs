//! Reading a small input file whole, but never more than a limit: an answers or
//! questionnaire file of gigabytes, or an endless device such as /dev/zero, is refused
//! after one byte past the limit.

use std::io::{self, Read};
use std::path::Path;

/// What [`read`] found.
#[derive(Debug)]
pub enum Limited {
    Bytes(Vec<u8>),
    /// The file is larger than the limit: its size, or the limit plus one when only that
    /// much was read (a device, whose size is not known).
    TooLarge {
        size: u64,
    },
}

/// Reads the file at `path` if it holds at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> io::Result<Limited> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Limited::TooLarge { size });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    // More than the limit although the size said not (a growing file, /dev/zero): the size
    // known is what was read.
    Ok(if read > limit {
        Limited::TooLarge { size: read }
    } else {
        Limited::Bytes(bytes)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_up_to_the_limit_are_read_and_larger_ones_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").expect("write");
        assert!(matches!(read(&path, 5), Ok(Limited::Bytes(b)) if b == b"12345"));
        assert!(matches!(read(&path, 4), Ok(Limited::TooLarge { size: 5 })));
        assert!(read(&dir.path().join("missing"), 5).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_read_one_byte_past_the_limit() {
        let got = read(Path::new("/dev/zero"), 10).expect("reads");
        assert!(matches!(got, Limited::TooLarge { size: 11 }));
    }
}
