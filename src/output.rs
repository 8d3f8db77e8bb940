//! The one place that writes files.
//!
//! Every command that produces a file goes through [`write_atomic`] (or its CSV
//! form [`write_csv_atomic`]), so that a crash, a full disk or a closure that
//! fails half-way never leaves a half-written report where a good one was.
//! Text copied from user input into a CSV cell goes through [`neutralise`];
//! text copied from user input to the terminal goes through [`strip_control`].

use std::borrow::Cow;
use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// UTF-8 byte-order mark written at the start of every CSV file: without it,
/// Excel on Windows decodes a double-clicked CSV in the ANSI code page and
/// shows "SÃ£o TomÃ©" for "São Tomé". Other tools (and [`crate::batch::input`])
/// skip it.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// Writes a file atomically: `write` fills a temporary file in the same
/// folder, which is flushed, synced to disk and then renamed over `path`.
///
/// On any failure (the closure returns an error, the disk is full, the folder
/// is read-only) the previous file at `path`, if any, is left untouched and
/// the temporary file is removed. The parent folder is created if missing.
/// The new file keeps the permissions of the file it replaces (or gets
/// `rw-r--r--` on Unix when there was none), not the private permissions of a
/// temporary file.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let fail = |e: io::Error| OutputError::new(path, Action::Write, e);
    // Dropping `temp` on any early return deletes the temporary file.
    let mut temp = temp_beside(path)?;
    {
        let mut buffered = BufWriter::with_capacity(64 * 1024, temp.as_file_mut());
        write(&mut buffered).map_err(fail)?;
        buffered.flush().map_err(fail)?;
    }
    persist(temp, path)
}

/// A temporary file in the folder of `path` (created if missing), with the permissions the
/// final file should have.
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, OutputError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(folder)
        .map_err(|e| OutputError::new(folder, Action::CreateFolder, blocked(folder, e)))?;
    let mut builder = tempfile::Builder::new();
    let prefix = format!(
        ".{}.",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    remove_stale_temps(folder, &prefix);
    builder
        .prefix(&prefix)
        .rand_bytes(TEMP_RANDOM_CHARS)
        .suffix(".tmp");
    #[cfg(unix)]
    let permissions = match fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            fs::Permissions::from_mode(0o644)
        }
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    builder
        .tempfile_in(folder)
        .map_err(|e| OutputError::new(path, Action::Write, e))
}

/// When a folder cannot be created because a file stands where it or one of its parents
/// should be, says so: the system's "File exists" or "Not a directory" leaves people looking
/// for a folder.
fn blocked(folder: &Path, e: io::Error) -> io::Error {
    let file = folder
        .ancestors()
        .find(|p| fs::metadata(p).is_ok_and(|m| !m.is_dir()));
    match file {
        Some(file) => io::Error::new(
            e.kind(),
            format!("{} is a file, not a folder", file.display()),
        ),
        None => e,
    }
}

/// Random characters in a temporary file's name: `.scores.csv.` + 6 + `.tmp`.
const TEMP_RANDOM_CHARS: usize = 6;

/// How long a temporary file must have been left untouched before a later write of the same
/// file removes it. A run that is still writing touches it at every buffer it writes, so
/// only the leftovers of a run that was killed (or lost its power) are that old.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Removes the temporary files of one output (`.scores.csv.XXXXXX.tmp` in `folder`) that a
/// killed run left behind, so that they do not pile up. They are never read and never named
/// like an output, so leaving one is harmless; this only reclaims the space. Best effort.
fn remove_stale_temps(folder: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(random) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        if random.len() != TEMP_RANDOM_CHARS || !random.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes a new file atomically, like [`write_atomic`], but fails with
/// [`io::ErrorKind::AlreadyExists`] rather than replace a file at `path`: for reports, which
/// are never overwritten silently.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let fail = |e: io::Error| OutputError::new(path, Action::Write, e);
    let mut temp = temp_beside(path)?;
    temp.as_file_mut().write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist_noclobber(path).map_err(|e| fail(e.error))?;
    sync_folder(path);
    Ok(())
}

/// Syncs a finished temporary file to disk and renames it over `path`.
fn persist(temp: tempfile::NamedTempFile, path: &Path) -> Result<(), OutputError> {
    let fail = |e: io::Error| OutputError::new(path, Action::Write, e);
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    sync_folder(path);
    Ok(())
}

/// Makes a rename in the folder of `path` durable: without it, a power cut just after the
/// rename may bring back the old file on some file systems. Best effort (not possible on
/// every platform or file system).
fn sync_folder(path: &Path) {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = fs::File::open(folder)
    {
        let _ = dir.sync_all();
    }
}

/// A CSV file written row by row (for outputs too large to build in memory) that appears at
/// its path only on [`AtomicFile::commit`]: until then it is a temporary file beside it,
/// removed if the run fails or is [discarded](AtomicFile::discard).
pub struct AtomicFile {
    path: PathBuf,
    // The file itself, not the `NamedTempFile`, whose errors name the temporary file: people
    // know only the output's name.
    /// `None` only after a write failed on the way between the two forms.
    writer: Option<Form>,
    /// The temporary file's name; dropping it removes the file.
    temp: tempfile::TempPath,
}

impl AtomicFile {
    /// Starts a CSV file at `path` (with the byte-order mark, as [`write_csv_atomic`]).
    pub fn csv(path: &Path) -> Result<Self, OutputError> {
        let (file, temp) = temp_beside(path)?.into_parts();
        let mut buffered = BufWriter::with_capacity(256 * 1024, file);
        buffered
            .write_all(UTF8_BOM)
            .map_err(|e| OutputError::new(path, Action::Write, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: Some(Form::Records(Box::new(csv_writer(buffered)))),
            temp,
        })
    }

    /// Appends one record.
    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), OutputError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let fail = |e: io::Error| OutputError::new(&self.path, Action::Write, e);
        let writer = match self.writer.take() {
            Some(Form::Records(w)) => w,
            Some(Form::Bytes(b)) => Box::new(csv_writer(b)),
            None => return Err(fail(Form::failed())),
        };
        match self.writer.insert(Form::Records(writer)) {
            Form::Records(w) => w.write_record(record).map_err(|e| fail(io::Error::from(e))),
            Form::Bytes(_) => Err(fail(Form::failed())),
        }
    }

    /// Appends records already encoded by a [`csv_writer`]: batch scoring encodes rows on
    /// several threads and writes them here in input order.
    pub fn write_encoded(&mut self, records: &[u8]) -> Result<(), OutputError> {
        let fail = |e: io::Error| OutputError::new(&self.path, Action::Write, e);
        let buffered = self.writer.take().map(Form::into_bytes).transpose();
        let buffered = buffered
            .map_err(fail)?
            .ok_or_else(|| fail(Form::failed()))?;
        match self.writer.insert(Form::Bytes(buffered)) {
            Form::Bytes(b) => b.write_all(records).map_err(fail),
            Form::Records(_) => Err(fail(Form::failed())),
        }
    }

    /// Finishes the file and moves it into place; returns its path.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let fail = |e: io::Error| OutputError::new(&self.path, Action::Write, e);
        let buffered = self.writer.take().map(Form::into_bytes).transpose();
        let buffered = buffered
            .map_err(fail)?
            .ok_or_else(|| fail(Form::failed()))?;
        let file = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
        file.sync_all().map_err(fail)?;
        self.temp.persist(&self.path).map_err(|e| fail(e.error))?;
        sync_folder(&self.path);
        Ok(self.path)
    }

    /// Drops the file: nothing appears at its path.
    pub fn discard(self) {}
}

/// How an [`AtomicFile`] is being written: records through the CSV encoder, or bytes
/// encoded elsewhere straight into the buffer (the encoder's own buffer must be emptied
/// before, to keep the order).
enum Form {
    Records(Box<csv::Writer<BufWriter<fs::File>>>),
    Bytes(BufWriter<fs::File>),
}

impl Form {
    fn into_bytes(self) -> io::Result<BufWriter<fs::File>> {
        match self {
            Form::Bytes(b) => Ok(b),
            Form::Records(w) => w.into_inner().map_err(|e| e.into_error()),
        }
    }

    fn failed() -> io::Error {
        io::Error::other("an earlier write to this file failed")
    }
}

/// Builds the CSV writer configuration that every command uses:
///
/// * comma delimiter: the RFC 4180 default, read by every tool (Excel in a
///   locale whose list separator is `;` still opens it with Data > From Text);
/// * CRLF line endings: what Excel itself writes and RFC 4180 asks for; every
///   reader, including ours, also accepts them on Unix;
/// * fields quoted only when needed (they contain the delimiter, a quote or a
///   line break), quotes doubled inside.
///
/// It does not write the UTF-8 byte-order mark: [`write_csv_atomic`] does, so
/// that Excel shows accented names correctly.
pub fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(b',')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .double_quote(true)
        .flexible(false)
        .from_writer(w)
}

/// Writes a CSV file atomically with [`write_atomic`]: the UTF-8 byte-order
/// mark, then whatever `fill` writes through the [`csv_writer`]
/// configuration.
pub fn write_csv_atomic(
    path: &Path,
    fill: impl FnOnce(&mut csv::Writer<&mut dyn Write>) -> Result<(), csv::Error>,
) -> Result<(), OutputError> {
    write_atomic(path, |w| {
        w.write_all(UTF8_BOM)?;
        let mut writer = csv_writer(w);
        fill(&mut writer).map_err(io::Error::from)?;
        writer.flush()
    })
}

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

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("scores.csv");
        write_atomic(&path, |w| w.write_all(b"old")).expect("first write");
        write_atomic(&path, |w| w.write_all(b"new")).expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        assert_eq!(files_in(dir.path()), ["scores.csv"]);
    }

    #[test]
    fn stale_temp_files_of_a_killed_run_are_removed_fresh_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("scores.csv");
        let put = |name: &str, age: Duration| {
            let file = fs::File::create(dir.path().join(name)).expect("create");
            file.set_modified(SystemTime::now() - age)
                .expect("set time");
        };
        let old = STALE_TEMP_AGE + Duration::from_secs(60);
        put(".scores.csv.aB3xY9.tmp", old); // left by a killed run
        put(".scores.csv.Zz0000.tmp", Duration::ZERO); // a run still writing
        put(".answers.csv.aB3xY9.tmp", old); // another output's: its own write cleans it
        put(".scores.csv.notours.tmp", old);
        put("scores.csv.tmp", old);
        write_atomic(&path, |w| w.write_all(b"new")).expect("write");
        assert_eq!(
            files_in(dir.path()),
            [
                ".answers.csv.aB3xY9.tmp",
                ".scores.csv.Zz0000.tmp",
                ".scores.csv.notours.tmp",
                "scores.csv",
                "scores.csv.tmp"
            ]
        );
    }

    #[test]
    fn creates_missing_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("reports/x/scores.csv");
        write_atomic(&path, |w| w.write_all(b"a")).expect("write");
        assert_eq!(fs::read(&path).expect("read"), b"a");
    }

    #[test]
    fn failing_writer_leaves_old_file_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("scores.csv");
        fs::write(&path, "old").expect("seed");
        let err = write_atomic(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::from_raw_os_error(28))
        })
        .expect_err("must fail");
        assert_eq!(
            err.to_string(),
            format!(
                "could not write {}: No space left on device (os error 28)",
                path.display()
            )
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(files_in(dir.path()), ["scores.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn read_only_folder_fails_clearly_and_keeps_old_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("reports");
        fs::create_dir(&folder).expect("mkdir");
        let path = folder.join("scores.csv");
        fs::write(&path, "old").expect("seed");
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).expect("chmod");
        // Root ignores directory permissions: the check is meaningless there.
        let probe = folder.join("probe");
        if fs::write(&probe, "x").is_ok() {
            fs::remove_file(&probe).expect("cleanup");
            fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod");
            eprintln!("skipped: running with permission to write a read-only folder");
            return;
        }
        let err = write_atomic(&path, |w| w.write_all(b"new")).expect_err("must fail");
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(
            err.to_string(),
            format!(
                "could not write {}: Permission denied (os error 13); \
                 is the folder read-only, or the file open in another program?",
                path.display()
            )
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(files_in(&folder), ["scores.csv"]);
    }

    /// The read-only folder test above cannot fail as root (CI runs as
    /// root); this one checks the same message and guarantees everywhere.
    #[test]
    fn permission_denied_message_and_old_file_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("scores.csv");
        fs::write(&path, "old").expect("seed");
        let err =
            write_atomic(&path, |_| Err(io::Error::from_raw_os_error(13))).expect_err("must fail");
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(
            err.to_string(),
            format!(
                "could not write {}: Permission denied (os error 13); \
                 is the folder read-only, or the file open in another program?",
                path.display()
            )
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(files_in(dir.path()), ["scores.csv"]);
    }

    #[test]
    fn folder_that_cannot_be_created_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("reports");
        fs::write(&blocker, "a file, not a folder").expect("seed");
        let path = blocker.join("x/scores.csv");
        let err = write_atomic(&path, |w| w.write_all(b"new")).expect_err("must fail");
        assert_eq!(
            err.to_string(),
            format!(
                "could not create the folder {}: {} is a file, not a folder",
                blocker.join("x").display(),
                blocker.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn new_file_is_not_private_and_replacement_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("scores.csv");
        write_atomic(&path, |w| w.write_all(b"a")).expect("write");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, |w| w.write_all(b"b")).expect("write");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn csv_file_has_bom_crlf_and_quotes_when_needed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.csv");
        write_csv_atomic(&path, |w| {
            w.write_record(["country", "note"])?;
            w.write_record(["São Tomé", "a, \"b\"\nc"])
        })
        .expect("write");
        assert_eq!(
            fs::read(&path).expect("read"),
            "\u{feff}country,note\r\nSão Tomé,\"a, \"\"b\"\"\nc\"\r\n".as_bytes()
        );
    }

    #[test]
    fn records_and_encoded_bytes_keep_their_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.csv");
        let mut f = AtomicFile::csv(&path).expect("start");
        f.write_record(["id", "score"]).expect("header");
        f.write_encoded(b"a,1.0\r\nb,2.0\r\n").expect("encoded");
        f.write_record(["c", "3.0"]).expect("record");
        f.write_encoded(b"d,4.0\r\n").expect("encoded");
        assert!(!path.exists(), "nothing at the path before commit");
        f.commit().expect("commit");
        assert_eq!(
            fs::read(&path).expect("read"),
            "\u{feff}id,score\r\na,1.0\r\nb,2.0\r\nc,3.0\r\nd,4.0\r\n".as_bytes()
        );
    }

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

        #[test]
        fn csv_writer_round_trips(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z,;\"\r\n =\t'é]{0,8}", 3),
                0..8,
            )
        ) {
            let mut bytes = Vec::new();
            {
                let mut w = csv_writer(&mut bytes);
                for row in &rows {
                    w.write_record(row).expect("write");
                }
                w.flush().expect("flush");
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            let back: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.expect("read").iter().map(str::to_owned).collect())
                .collect();
            prop_assert_eq!(back, rows);
        }
    }
}
