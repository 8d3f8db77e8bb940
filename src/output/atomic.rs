//! Atomic writes: a temporary file beside the output, flushed, synced and renamed over it,
//! and the removal of the temporary files that a killed run left behind.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use super::{Action, OutputError, UTF8_BOM, csv_writer};

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
    /// `None` only after a write failed on the way between the two forms. Declared before
    /// `temp`, so that a file dropped unfinished has no sync left on it when it is removed
    /// (Windows cannot remove a file another handle has open).
    writer: Option<Form>,
    /// The temporary file's name; dropping it removes the file.
    temp: tempfile::TempPath,
}

/// The file under an [`AtomicFile`]'s buffer: past [`SYNC_EVERY`] bytes written to it since
/// the last sync, it asks for one on another thread, whichever way the rows were written.
struct SyncingFile {
    file: fs::File,
    unsynced: u64,
    /// Started once the file is large.
    syncer: Option<Syncer>,
}

impl SyncingFile {
    fn new(file: fs::File) -> Self {
        SyncingFile {
            file,
            unsynced: 0,
            syncer: None,
        }
    }

    /// Waits for the syncs asked for and gives back the file; the first error of any sync.
    fn finish(mut self) -> io::Result<fs::File> {
        if let Some(syncer) = &mut self.syncer {
            syncer.wait()?;
        }
        Ok(self.file)
    }
}

impl Write for SyncingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            if self.syncer.is_none() {
                // Without a thread (none could start), the sync on commit does it all.
                self.syncer = Syncer::start(&self.file);
            }
            if let Some(syncer) = &self.syncer {
                syncer.ask();
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Past this many bytes written since the last sync, a large file is synced on another
/// thread while writing goes on: at the end, [`AtomicFile::commit`] then waits for the last
/// part only, not for the whole file to reach the disk (about 0.1 s for the 240 MB
/// scores.csv of a million rows).
const SYNC_EVERY: u64 = if cfg!(test) {
    64 * 1024
} else {
    32 * 1024 * 1024
};

/// A thread that syncs a file whenever asked, and keeps the first error: after an error
/// reported to it, syncing the file again may succeed although data was lost.
struct Syncer {
    ask: Option<SyncSender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Syncer {
    fn start(file: &fs::File) -> Option<Syncer> {
        let file = file.try_clone().ok()?;
        let (ask, asked) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("sync".to_owned())
            .spawn(move || {
                let mut result = Ok(());
                while asked.recv().is_ok() {
                    if let Err(e) = file.sync_data()
                        && result.is_ok()
                    {
                        result = Err(e);
                    }
                }
                result
            })
            .ok()?;
        Some(Syncer {
            ask: Some(ask),
            thread: Some(thread),
        })
    }

    /// Asks for a sync, unless one is already waiting to start.
    fn ask(&self) {
        if let Some(ask) = &self.ask {
            let _ = ask.try_send(());
        }
    }

    /// Waits for the syncs asked for; the first error of any.
    fn wait(&mut self) -> io::Result<()> {
        self.ask = None;
        match self.thread.take().map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the thread syncing the file stopped")),
        }
    }
}

impl Drop for Syncer {
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

impl AtomicFile {
    /// Starts a CSV file at `path` (with the byte-order mark, as
    /// [`write_csv_atomic`](super::write_csv_atomic)).
    pub fn csv(path: &Path) -> Result<Self, OutputError> {
        let (file, temp) = temp_beside(path)?.into_parts();
        let mut buffered = BufWriter::with_capacity(256 * 1024, SyncingFile::new(file));
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
        let syncing = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
        let file = syncing.finish().map_err(fail)?;
        file.sync_all().map_err(fail)?;
        self.temp.persist(&self.path).map_err(|e| fail(e.error))?;
        sync_folder(&self.path);
        Ok(self.path)
    }

    /// Drops the file: nothing appears at its path.
    pub fn discard(self) {}

    /// Whether a thread syncs the file while it is written.
    #[cfg(test)]
    fn syncing(&self) -> bool {
        let file = match &self.writer {
            Some(Form::Records(w)) => w.get_ref().get_ref(),
            Some(Form::Bytes(b)) => b.get_ref(),
            None => return false,
        };
        file.syncer.is_some()
    }
}

/// How an [`AtomicFile`] is being written: records through the CSV encoder, or bytes
/// encoded elsewhere straight into the buffer (the encoder's own buffer must be emptied
/// before, to keep the order).
enum Form {
    Records(Box<csv::Writer<BufWriter<SyncingFile>>>),
    Bytes(BufWriter<SyncingFile>),
}

impl Form {
    fn into_bytes(self) -> io::Result<BufWriter<SyncingFile>> {
        match self {
            Form::Bytes(b) => Ok(b),
            Form::Records(w) => w.into_inner().map_err(|e| e.into_error()),
        }
    }

    fn failed() -> io::Error {
        io::Error::other("an earlier write to this file failed")
    }
}

#[cfg(test)]
mod tests;
