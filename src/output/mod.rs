//! The one place that writes files.
//!
//! Every command that produces a file goes through [`write_atomic`] (or its CSV
//! form [`write_csv_atomic`]), so that a crash, a full disk or a closure that
//! fails half-way never leaves a half-written report where a good one was.
//! Text copied from user input into a CSV cell goes through [`neutralise`];
//! text copied from user input to the terminal goes through [`strip_control`].

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

mod atomic;
mod csv;
mod text;

// `self::`, as `csv` alone would also name the csv crate.
pub use self::csv::{Encoder, UTF8_BOM, csv_writer, write_csv_atomic};
pub use atomic::{AtomicFile, STALE_TEMP_AGE, write_atomic, write_new};
pub use text::{is_unwanted, neutralise, strip_control, strip_control_lines};

/// A file could not be written. The message names the path and the cause in
/// plain words, e.g. `could not write reports/x/scores.csv: No space left on
/// device (os error 28)`.
#[derive(Debug)]
pub struct OutputError {
    path: PathBuf,
    action: Action,
    source: io::Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    CreateFolder,
    Write,
}

impl OutputError {
    fn new(path: &Path, action: Action, source: io::Error) -> Self {
        OutputError {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The file (or, when the folder could not be created, the folder) that
    /// could not be written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying I/O error kind, for callers that pick an exit code.
    pub fn kind(&self) -> io::ErrorKind {
        self.source.kind()
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.action {
            Action::CreateFolder => "create the folder",
            Action::Write => "write",
        };
        write!(
            f,
            "could not {what} {}: {}",
            self.path.display(),
            self.source
        )?;
        if self.source.kind() == io::ErrorKind::PermissionDenied {
            f.write_str("; is the folder read-only, or the file open in another program?")?;
        }
        Ok(())
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
