//! What happens on a panic, which is always a bug in egready: one plain line on standard
//! error saying so, instead of Rust's panic message and backtrace note, and the exit code for
//! an unexpected error (see `main`). Code that expects a panic from a library and turns it
//! into an ordinary error runs it through [`quietly`].

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// Set while [`quietly`] runs: a panic there is expected and reported as an error.
    static EXPECTED: Cell<bool> = const { Cell::new(false) };
}

/// One report per run: several worker threads may panic on the same bug.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Installs the panic hook; call first thing in `main`.
pub fn install_hook() {
    panic::set_hook(Box::new(|info| {
        if EXPECTED.with(Cell::get) || REPORTED.swap(true, Ordering::SeqCst) {
            return;
        }
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: internal error in egready {}: {}{place}. This is a bug: please report it \
             with the command you ran",
            env!("CARGO_PKG_VERSION"),
            crate::output::strip_control_lines(&what),
        );
    }));
}

/// Runs `f`, which may panic inside a library on damaged input; `None` if it did. The panic
/// is not reported as a bug: the caller reports the input.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    let before = EXPECTED.with(|e| e.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    EXPECTED.with(|e| e.set(before));
    result.ok()
}

/// Runs `f`, work of a worker thread; a panic in it (a bug, which the hook reports) becomes
/// the error "`what` stopped after the internal error above", so that the run stops rather
/// than wait for ever for the work.
pub fn contained<T>(
    what: &str,
    f: impl FnOnce() -> Result<T, crate::error::Error>,
) -> Result<T, crate::error::Error> {
    panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(crate::error::Error::Other(anyhow::anyhow!(
            "{what} stopped after the internal error above"
        )))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn contained_turns_a_panic_into_the_error() {
        assert_eq!(super::contained("scoring", || Ok(7)).ok(), Some(7));
        let failed = super::contained("scoring", || -> Result<(), _> { panic!("a bug") });
        let message = failed.err().map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some("scoring stopped after the internal error above")
        );
    }

    #[test]
    fn quietly_turns_a_panic_into_none() {
        assert_eq!(super::quietly(|| 7), Some(7));
        let caught: Option<()> = super::quietly(|| panic!("damaged workbook"));
        assert_eq!(caught, None);
    }
}
