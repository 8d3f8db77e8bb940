//! The command line, declared with clap. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Measure a country's readiness for e-government against its three preconditions (local
/// expertise and engagement, institutions and coordination, legislative support) and plan
/// how to close the gaps.
#[derive(Debug, Parser)]
#[command(name = "egready", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a questionnaire in the terminal: saved after every answer, resumable, reviewed
    /// before the result is computed.
    Assess(AssessArgs),
    /// Score one answers file and print the result.
    Report(ReportArgs),
    /// List, show and validate questionnaires.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    Man,
}

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// A shipped questionnaire id or a questionnaire file. Default: egov-preconditions, or the
    /// questionnaire named in the draft given with --resume.
    #[arg(long, short, value_name = "ID|FILE")]
    pub questionnaire: Option<String>,
    /// Continue a draft saved earlier (progress is saved after every answer).
    #[arg(long, value_name = "DRAFT.json")]
    pub resume: Option<PathBuf>,
    /// Where the answers file and the reports are written.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Where drafts are saved while answering.
    #[arg(long, value_name = "DIR", default_value = "reports/drafts")]
    pub drafts: PathBuf,
    /// Do not ask for evidence or comments after the questions that invite them.
    #[arg(long)]
    pub no_evidence: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The answers file (JSON) to score.
    #[arg(value_name = "ANSWERS.json")]
    pub answers: PathBuf,
    /// A shipped questionnaire id or a questionnaire file. Default: the questionnaire named in
    /// the answers file, if shipped.
    #[arg(long, short, value_name = "ID|FILE")]
    pub questionnaire: Option<String>,
    /// Output format on standard output.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// JSON for programs, with unrounded values.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum QuestionnaireCommand {
    /// List the shipped questionnaires, and those in --dir.
    List {
        /// Also list the questionnaire files (*.toml) in this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Show a questionnaire's sections, questions and options.
    Show {
        /// A shipped questionnaire id or a questionnaire file.
        #[arg(value_name = "ID|FILE")]
        questionnaire: String,
        /// Language of the texts (default: the questionnaire's first language).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Check questionnaire files and report every problem; exit 0 when all are valid.
    Validate {
        /// The files to check (or shipped ids).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
}
