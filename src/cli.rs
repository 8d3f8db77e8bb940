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
    /// Score every row of CSV or Excel files of many respondents.
    Score(ScoreArgs),
    /// Write the CSV input template for batch scoring (and a data dictionary).
    Template(TemplateArgs),
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
    /// Also write the result as a PDF report to share, in --out.
    #[arg(long)]
    pub pdf: bool,
    #[command(flatten)]
    pub pdf_options: PdfOptions,
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
    /// Also write the report as a PDF to share: <id or country>-<date>.pdf in --out.
    #[arg(long)]
    pub pdf: bool,
    /// Folder for the PDF.
    #[arg(
        long,
        short,
        value_name = "DIR",
        default_value = "reports",
        requires = "pdf"
    )]
    pub out: PathBuf,
    #[command(flatten)]
    pub pdf_options: PdfOptions,
}

/// How PDF reports are written.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct PdfOptions {
    /// Paper size of the PDF reports.
    #[arg(long, value_enum, default_value_t = PaperSize::A4, requires = "pdf")]
    pub paper: PaperSize,
    /// Replace PDF reports of the same name; without it a new name gets -2, -3...
    #[arg(long, requires = "pdf")]
    pub force: bool,
}

/// Paper sizes for PDF reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperSize {
    /// ISO A4, 210 x 297 mm.
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// CSV files (any of , ; tab | as delimiter; UTF-8, UTF-16 or Windows-1252) or Excel
    /// workbooks (.xlsx, .xls, .ods). Rows of several files are scored together.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// A shipped questionnaire id or a questionnaire file.
    #[arg(long, short, value_name = "ID|FILE")]
    pub questionnaire: Option<String>,
    /// Folder for scores.csv and the other outputs. Default: reports/<name of the first input>/.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write groups.csv with the spread and the combined status of each group, e.g.
    /// --group-by country.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Also write answers.csv (one row per answer, with its value and contribution) and
    /// recommendations.csv (every recommendation that applies to each row, in order).
    #[arg(long)]
    pub detail: bool,
    /// What to print on standard output: a ranking table, or the scores as CSV or JSON.
    #[arg(long, short, value_enum, default_value_t = BatchFormat::Table)]
    pub format: BatchFormat,
    /// The CSV delimiter, instead of detecting it.
    #[arg(long, value_name = "C")]
    pub delimiter: Option<char>,
    /// The CSV encoding (e.g. windows-1252, utf-16le), instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// The workbook sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Fail on any problem (bad cell, unknown or missing column) and write nothing.
    #[arg(long)]
    pub strict: bool,
    /// Threads to score with (and to draw PDF reports with): at most this many cores are
    /// kept busy. The default is one per core.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Also write a PDF report per scored row and comparison.pdf, a report comparing them
    /// (per group with --group-by), in the output folder.
    #[arg(long)]
    pub pdf: bool,
    #[command(flatten)]
    pub pdf_options: PdfOptions,
}

/// What `score` prints on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// A ranking of the best 20 for people.
    Table,
    /// The scores, as in scores.csv.
    Csv,
    /// The scores as a JSON array, numbers as numbers.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// A shipped questionnaire id or a questionnaire file.
    #[arg(long, short, value_name = "ID|FILE")]
    pub questionnaire: Option<String>,
    /// Where to write the template. Default: reports/<questionnaire id>-template.csv.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write a data dictionary: what each column means and how to fill it.
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
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
