//! One module per subcommand: each connects files and the terminal to the pure core.

mod assess;
pub mod pdf_out;
mod questionnaire;
mod report;
mod score;
mod template;

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::{Error, ExitCode, Result};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Assess(args) => assess::run(&args, &mut out),
        Command::Report(args) => report::run(&args, &mut out),
        Command::Questionnaire(cmd) => questionnaire::run(cmd, &mut out),
        Command::Score(args) => score::run(&args, &mut out),
        Command::Template(args) => template::run(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "egready", &mut out);
            Ok(ExitCode::Success)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut out)
            .map(|()| ExitCode::Success)
            .map_err(Error::from_stdout),
    };
    match result {
        // `egready ... | head` closes the pipe early: that is success, not an error.
        Err(Error::Other(e)) if is_broken_pipe(&e) => Ok(ExitCode::Success),
        other => other.and_then(|code| {
            out.flush().map(|()| code).or_else(|e| {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    Ok(code)
                } else {
                    Err(Error::from_stdout(e))
                }
            })
        }),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

impl Error {
    /// An error writing to standard output.
    pub fn from_stdout(e: io::Error) -> Error {
        Error::Other(anyhow::Error::new(e).context("could not write to standard output"))
    }
}

/// A count as people read it on screen: `1,000,000` rather than `1000000`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Prints a warning on standard error, without the control sequences of any input it quotes.
pub fn warn(message: &str) {
    eprintln!("warning: {}", crate::output::strip_control_lines(message));
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        let got: Vec<String> = [0, 7, 999, 1000, 19_980, 1_000_000, u64::MAX]
            .into_iter()
            .map(super::count)
            .collect();
        assert_eq!(
            got,
            [
                "0",
                "7",
                "999",
                "1,000",
                "19,980",
                "1,000,000",
                "18,446,744,073,709,551,615"
            ]
        );
    }
}
