//! A progress bar on standard error while a long input is scored; nothing when standard
//! error is not a terminal (a log file or a pipe gets no bar characters).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::input::{Position, Unit};
use crate::output::strip_control;

/// Inputs at least this large get a bar: about 40,000 rows of the shipped questionnaire,
/// a few seconds of scoring.
const LONG_CSV_BYTES: u64 = 8 * 1024 * 1024;
const LONG_SHEET_ROWS: u64 = 20_000;
/// Rows between updates: asking the reader where it is costs little, but not nothing.
const ROWS_PER_UPDATE: u64 = 1024;

pub(super) struct Progress {
    bar: Option<ProgressBar>,
    rows: u64,
}

impl Progress {
    /// A bar for `file` if it is long and standard error is a terminal.
    pub(super) fn start(file: &str, at: Position) -> Progress {
        let long = match at.unit {
            Unit::Bytes => at.total >= LONG_CSV_BYTES,
            Unit::Rows => at.total >= LONG_SHEET_ROWS,
        };
        let bar = (long && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(at.total), ProgressDrawTarget::stderr());
            let counts = match at.unit {
                Unit::Bytes => "{binary_bytes}/{binary_total_bytes}",
                Unit::Rows => "{human_pos}/{human_len} rows",
            };
            // The message gives way (shortened with an ellipsis) so the line never wraps, even
            // in 80 columns with a long file name.
            let template =
                format!("{{wide_msg}} [{{bar:20}}] {{percent:>3}}% {counts} (eta {{eta}})");
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(format!("scoring {}", strip_control(file)));
            bar.set_position(at.done);
            bar
        });
        Progress { bar, rows: 0 }
    }

    /// Called after each row; `at` says where the reader is.
    pub(super) fn tick(&mut self, at: impl FnOnce() -> Position) {
        if let Some(bar) = &self.bar {
            self.rows += 1;
            if self.rows.is_multiple_of(ROWS_PER_UPDATE) {
                bar.set_position(at().done);
            }
        }
    }

    /// Removes the bar, so the lines that follow start on a clean line.
    pub(super) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
