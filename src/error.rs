//! Every error the tool reports, and the one place that maps them to exit codes.

use crate::answers::AnswersError;
use crate::questionnaire::LoadError;

/// Process exit codes. Documented in the README; keep the two in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    /// Something unexpected (a bug): please report it.
    Failure = 1,
    /// Wrong arguments, or `assess` without a terminal.
    Usage = 2,
    /// The questionnaire is missing or invalid.
    Questionnaire = 3,
    /// The answers file is missing or invalid.
    Answers = 4,
    /// Batch scoring: some rows were rejected (the others were scored and written).
    RowsRejected = 5,
    /// Batch scoring: the input cannot be used at all.
    InputUnusable = 6,
    /// An output file could not be written.
    Output = 7,
    /// Interrupted by the user (Ctrl-C or Esc); progress was saved.
    Interrupted = 130,
}

impl ExitCode {
    /// The code as the process exit status.
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// An error that ends a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Questionnaire(#[from] LoadError),
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Output(String),
    #[error("{0}")]
    InputUnusable(String),
    #[error("{0}")]
    Interrupted(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl Error {
    /// The exit code for this error.
    pub fn code(&self) -> ExitCode {
        match self {
            Error::Questionnaire(_) => ExitCode::Questionnaire,
            Error::Answers(_) => ExitCode::Answers,
            Error::Usage(_) => ExitCode::Usage,
            Error::Output(_) => ExitCode::Output,
            Error::InputUnusable(_) => ExitCode::InputUnusable,
            Error::Interrupted(_) => ExitCode::Interrupted,
            Error::Other(_) => ExitCode::Failure,
        }
    }
}

/// Result of a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;
